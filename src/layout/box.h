/*
 * box.h — the box tree (CSS 2.1 §9.2): what box_build makes from a styled
 * DOM, what layout positions and paint draws. Boxes live in the slide arena.
 *
 * Invariants after box_build:
 *
 *   | box type          | children                                   |
 *   |-------------------|--------------------------------------------|
 *   | BOX_BLOCK         | either only block-level boxes, or none and  |
 *   |                   | an inline formatting context in `inl`      |
 *   | BOX_INLINE_BLOCK  | like BOX_BLOCK (it is a block inside)      |
 *   | BOX_REPLACED      | none                                       |
 *   | BOX_TABLE         | only BOX_ROW                               |
 *   | BOX_ROW           | only BOX_CELL                              |
 *   | BOX_CELL          | like BOX_BLOCK                             |
 *
 * Anonymous block boxes (node == NULL, style = the parent's) wrap runs of
 * inline content that sit between block-level siblings (§9.2.1.1).
 *
 * Geometry (filled by layout): x, y is the top-left of the *border box*
 * relative to the parent's content box (for atomic inlines: relative to the
 * content box of the block that holds the inline formatting context);
 * w, h is the content box.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_BOX_H
#define SCS_BOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <pango/pango.h>

#include "css/css.h"

struct arena;
struct assets;
struct computed_style;
struct diag;
struct diag_file;
struct dom_node;
struct image;
struct image_cache;
struct math_formula;

enum box_type {
	BOX_BLOCK, BOX_INLINE_BLOCK, BOX_REPLACED, BOX_TABLE, BOX_ROW, BOX_CELL
};

enum inl_kind {
	INL_TEXT,      /* a text node */
	INL_OPEN,      /* start of an inline element */
	INL_CLOSE,     /* end of an inline element */
	INL_ATOMIC,    /* an inline-block or replaced box */
	INL_BREAK      /* <br> */
};

struct inl_item {
	enum inl_kind kind;
	const struct dom_node *node;
	const struct computed_style *style;
	struct box *atomic;                /* INL_ATOMIC */
};

/* One shaped run of a laid-out line (paint draws it). */
struct text_run {
	PangoGlyphItem *gi;                /* owned by one of the IFC's PangoLayouts */
	const char *text;                  /* that layout's text (gi's offsets count in it) */
	size_t base;                       /* where that text starts in the box's text */
	double x, baseline;                /* in the IFC's content box */
	double width, ascent, descent;     /* ink-independent logical extents */
	const struct computed_style *style;
	const struct dom_node *link;       /* nearest <a href> ancestor or NULL */
	int span;                          /* index into the IFC's spans */
	uint8_t deco;                      /* text-decoration lines in effect (§16.3.1) */
	struct css_color deco_color;
};

/* One line's fragment of a decorated inline element (background, border):
 * its border box in the IFC's content box. The left edge belongs to the
 * first fragment, the right edge to the last (box-decoration-break: slice). */
struct span_frag {
	const struct computed_style *style;
	double x, top, w, h;
	bool first, last;
};

/* One line box of an IFC (multi-column layout moves lines between
 * columns): its extent in the content box and its runs and fragments. */
struct line_box {
	double top, bottom;
	size_t run0, run1, frag0, frag1;
};

struct box {
	enum box_type type;
	struct dom_node *node;             /* NULL for anonymous boxes */
	const struct computed_style *style;
	struct box *parent, *first, *last, *next;

	/* inline formatting context (BOX_BLOCK/INLINE_BLOCK/CELL without block children) */
	struct inl_item *inl;
	size_t n_inl, cap_inl;

	/* replaced content */
	const struct image *image;         /* NULL: missing (placeholder) */
	const struct image *bg_image;      /* background-image: url() (NULL: none or missing) */
	const char *src;                   /* as written */
	double attr_w, attr_h;             /* width/height attributes, px (<0: %, 0: none) */
	bool broken;                       /* an <img> whose picture could not be had */
	const struct math_formula *math;   /* a typeset formula (<scs-math>): w, h + d */

	/* list items: ordinal and whether a marker is drawn */
	int list_ordinal;
	bool list_item;
	bool float_of_next;                /* a float that starts the next block's
	                                      content (box_build.c): it floats at
	                                      that block's content top */

	/* ---- layout results ---- */
	double x, y, w, h;
	double margin[4], padding[4], border[4];
	double baseline;                   /* from the margin-box top; <0: none */
	bool laid_out;
	unsigned memo_gen;                 /* layout_ctx.gen of memo_min/max; 0: none */
	double memo_min, memo_max;         /* intrinsic widths (block.c) */
	/* IFC results */
	PangoLayout *layout;               /* the first of its Pango layouts (a long
	                                      paragraph has several, inline.c) */
	const char *text;                  /* the paragraph's text */
	struct text_run *runs;
	size_t n_runs;
	struct span_frag *frags;
	size_t n_frags;
	struct line_box *lines;
	size_t n_lines, cap_lines;
	double first_baseline;             /* of the first line, in the content box; <0 none */
	double float_bottom;               /* not a formatting context root: how far
	                                      down its floats reach, from its content
	                                      top (their root's height includes them) */
	/* tables */
	int colspan, rowspan, col;
	/* a multicol container (block.c): columns used, from one column's
	 * left edge to the next, and the gap (paint draws column-rule in it) */
	int mc_cols;
	double mc_step, mc_gap;
};

struct box_ctx {
	struct arena *arena;
	struct diag *diag;
	const struct diag_file *src;
	struct assets *assets;             /* where pictures come from */
};

/* Build the box tree for the slide section `section` (its styles already
 * computed). Returns the root box (the section's). */
struct box *box_build(struct box_ctx *c, struct dom_node *section);

/* The text of list item li's marker (its style s), e.g. "3. " or "▸ ",
 * into txt; "" for none. Outside markers other than disc, circle and
 * square are painted from it; inside ones are the item's first text. */
void box_marker_text(const struct dom_node *li, const struct computed_style *s, char *txt,
		     size_t n);

/* `--dump=boxes`: one box a line with its geometry. */
void box_dump(FILE *out, const struct box *root);

bool box_is_block_level(const struct computed_style *s);

#endif
