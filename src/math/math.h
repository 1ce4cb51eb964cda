/*
 * math.h — TeX math typeset as MathJax 2.7 shows it (HEDGEDOC.md §3): the
 * formula's TeX is read (tex.c), laid out by the rules of The TeXbook's
 * Appendix G with the metrics of Latin Modern Math (mlayout.c, mfont.c),
 * and returned as positioned glyphs and rules for paint to draw.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_MATH_MATH_H
#define SCS_MATH_MATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "css/css.h"

struct arena;
struct math_warn;

/* A glyph of the math font: origin (x, y) from the formula's left end on
 * its baseline (y grows downwards), em size in px. */
struct math_glyph {
	uint32_t gid;
	uint32_t cp;                   /* its text: the character as MathJax has it
	                                  (ASCII for a math italic letter), 0: none */
	double x, y, size;
	struct css_color color;
	bool join;                     /* the same word as the glyph before: a
	                                  number's digits, a word of \text */
};

/* A filled rectangle: top-left (x, y) as for glyphs. */
struct math_rule {
	double x, y, w, h;
	struct css_color color;
};

/* Characters the math font lacks (CJK or other scripts in \text): set
 * in the page's sans-serif through the text stage, as MathJax leaves
 * them to the browser's fonts. Baseline origin (x, y) as for glyphs. */
struct math_text {
	const char *utf8;
	double x, y, size;
	struct css_color color;
};

struct math_formula {
	double w, h, d;                /* px: width, height above and depth below the baseline */
	struct math_glyph *glyphs;
	size_t n_glyphs;
	struct math_rule *rules;
	size_t n_rules;
	struct math_text *texts;
	size_t n_texts;
	const char *text;              /* what it says: the TeX source */
	struct math_formula *tag;      /* its \tag (NULL: none): at the right edge
	                                  of the line in display style, else an em
	                                  after the formula; rows' tags each on
	                                  their row's baseline */
	double em;                     /* px: the math's font size */
	bool display;
	bool tag_edge;                 /* its tag is an array row's: at the right
	                                  edge of the line in text style too */
};

/* The width of the box of formula f on a line avail px wide: display math
 * with a \tag takes the whole line. */
double math_box_width(const struct math_formula *f, double avail);

/* Where f and its tag start in a box w px wide (MathJax centres the
 * formula on the line unless the tag would then overlap it). */
void math_place(const struct math_formula *f, double w, double *fx, double *tx);

/*
 * Typeset tex[0..len): display style or text style, at font size px
 * (already scaled to the surrounding text), in colour color. Warnings go
 * through w with an offset into tex. NULL when the math font cannot be
 * loaded. Everything is allocated in a.
 */
struct math_formula *math_typeset(struct arena *a, const char *tex, size_t len,
				  bool display, double px, struct css_color color,
				  const struct math_warn *w);

/* The factor MathJax scales its fonts by to match text whose x-height is
 * x_height em: floor(100 × x_height / 0.430554) %, at least 50 %. */
double math_scale_for(double x_height_em);

/* Forget the \newcommand and \def definitions of the deck before (each
 * deck starts with MathJax's macros only). */
void math_new_deck(void);

/* Forget the deck's macros and free the font. */
void math_shutdown(void);

/* The family the characters of a struct math_text are set in. */
#define MATH_TEXT_FAMILY "sans-serif"

/* `--dump=boxes`: the formula's glyphs and rules, one a line. */
void math_dump(FILE *out, const struct math_formula *f, int indent);

#endif
