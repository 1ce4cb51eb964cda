/*
 * mlist.h — the math list (The TeXbook ch. 17): what the TeX reader
 * (tex.c) makes of a formula and the layout (mlayout.c) turns into boxes.
 * Nodes live in the caller's arena.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_MATH_MLIST_H
#define SCS_MATH_MLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "css/css.h"

struct arena;

/* Atom classes (TeXbook p. 158) in the order of the spacing table. */
enum mclass { MC_ORD, MC_OP, MC_BIN, MC_REL, MC_OPEN, MC_CLOSE, MC_PUNCT, MC_INNER };

enum mkind {
	MK_SYM,        /* one character cp (already in its alphabet) */
	MK_GROUP,      /* {a}: a sub-formula as one atom */
	MK_FRAC,       /* a over b; dim: rule thickness (<0 default); cp/cp2 delimiters */
	MK_SQRT,       /* a under a radical, b its index */
	MK_LEFTRIGHT,  /* cp a cp2; MK_MIDDLE nodes in a split it */
	MK_MIDDLE,     /* \middle cp */
	MK_ACCENT,     /* cp over a (flag: stretch to a's width; under: below) */
	MK_OVERLINE,   /* a rule over a (under: below) */
	MK_BRACE,      /* \overbrace/\underbrace cp over/under a; scripts as limits */
	MK_SPACE,      /* dim em (mu: in math units) */
	MK_STYLE,      /* style for the rest of the list */
	MK_ARRAY,      /* arr */
	MK_TEXT,       /* text (UTF-8) in the upright text alphabet */
	MK_BIG,        /* delimiter cp of height dim em (\big…) */
	MK_RULE,       /* an empty box: dim wide, dim2 high (\phantom-like struts) */
	MK_ERROR,      /* text in red, as MathJax shows a macro it does not know */
	MK_BBOX,       /* \bbox: a around dim px of padding, on bg, in a dim2 px frame */
	MK_XARROW      /* \xrightarrow: arrow cp stretched under sup, over sub */
};

/* Column alignment and spacing of an array. */
struct marray {
	int rows, cols;
	struct mnode **cell;           /* rows*cols lists (NULL: empty) */
	char *align;                   /* cols entries: 'l' 'c' 'r' */
	uint8_t *vrule;                /* cols+1: rules before column i (1 solid, 2 dashed) */
	uint8_t *hrule;                /* rows+1: rules above row i */
	double colsep;                 /* em between columns */
	double rowsep;                 /* em between rows */
	double rowsep_px;              /* and px (MathJax's pt spacings are absolute) */
	int style;                     /* cell style (MS_*) */
	bool aligned;                  /* align/aligned: r l r l, no gap inside pairs */
	double pad;                    /* em before the first and after the last column */
	const char **tag;              /* rows entries: a row's \tag (NULL: none, or no tags) */
};

struct mnode {
	enum mkind kind;
	enum mclass cls;
	struct mnode *next;
	struct mnode *a, *b;
	struct mnode *sub, *sup;
	uint32_t cp, cp2;
	double dim, dim2;
	int style;
	int limits;                    /* -1 as the operator says, 0 \nolimits, 1 \limits */
	bool flag, under, mu, has_sub, has_sup, smash;
	bool has_color;
	struct css_color color;
	bool has_bg;
	struct css_color bg, frame;    /* MK_BBOX background and frame colours */
	double scale;                  /* \small… factor */
	const char *text;
	size_t text_len;
	size_t src;                    /* offset in the formula source */
	struct marray *arr;
};

/* Styles: D D' T T' S S' SS SS' (cramped = odd). */
enum { MS_D = 0, MS_T = 2, MS_S = 4, MS_SS = 6 };

struct math_warn {
	void (*fn)(void *ctx, size_t offset, const char *msg);
	void *ctx;
};

/* Parse tex[0..len) into a math list. Unknown macros become MK_ERROR nodes
 * and are reported through w; *error is set on a TeX error (MathJax then
 * shows the formula's source instead); *tag is the text of its \tag (with
 * its parentheses) or NULL. */
struct mnode *tex_parse(struct arena *a, const char *tex, size_t len,
			const struct math_warn *w, bool *error, const char **tag);

/* Forget the deck's \newcommand and \def definitions. */
void tex_reset_macros(void);

/* A symbol by control sequence name (without backslash): code point and
 * class; false when there is none. */
bool tex_symbol(const char *name, size_t len, uint32_t *cp, enum mclass *cls);

#endif
