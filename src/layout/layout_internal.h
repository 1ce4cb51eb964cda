/*
 * layout_internal.h — what the parts of layout share (nothing outside
 * src/layout/ includes it):
 *
 *   block.c   block formatting, margin collapsing, intrinsic widths,
 *             replaced elements, tables, floats, absolute positioning,
 *             layout_slide()
 *   inline.c  inline formatting contexts: Pango paragraphs, windows, lines
 *   flex.c    flexbox and grid containers
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_LAYOUT_INTERNAL_H
#define SCS_LAYOUT_INTERNAL_H

#include "layout/layout.h"
#include "layout/box.h"
#include "css/css.h"

#include <math.h>
#include <stdbool.h>

#define PU(x) ((int)lround((x) * PANGO_SCALE))
#define PX(x) ((double)(x) / PANGO_SCALE)

/* ---- small helpers ---------------------------------------------------- */

static inline double len_px(struct css_len l, double ref, double if_auto)
{
	switch (l.kind) {
	case LEN_PX: return l.v;
	case LEN_PCT: return ref >= 0 ? l.v * ref / 100.0 : if_auto;
	default: return if_auto;
	}
}

static inline bool is_auto(struct css_len l)
{
	return l.kind == LEN_AUTO || (l.kind != LEN_PX && l.kind != LEN_PCT);
}

static inline double frame_w(const struct box *b)
{
	return b->padding[SIDE_LEFT] + b->padding[SIDE_RIGHT] +
	       b->border[SIDE_LEFT] + b->border[SIDE_RIGHT];
}

static inline double frame_h(const struct box *b)
{
	return b->padding[SIDE_TOP] + b->padding[SIDE_BOTTOM] +
	       b->border[SIDE_TOP] + b->border[SIDE_BOTTOM];
}

static inline bool is_flex(const struct computed_style *s)
{
	return s->display == DISPLAY_FLEX || s->display == DISPLAY_INLINE_FLEX;
}

static inline bool is_grid(const struct computed_style *s)
{
	return s->display == DISPLAY_GRID || s->display == DISPLAY_INLINE_GRID;
}

static inline bool is_row(const struct computed_style *s)
{
	return s->flex_direction == FLEX_ROW || s->flex_direction == FLEX_ROW_REVERSE;
}

/* Collapsing margins (CSS 2.1 §8.3.1): the largest positive and the most
 * negative of the adjoining margins. */
struct mc { double pos, neg; };

/* Margins that collapsed through a box to its parent, kept per box while the
 * parent lays it out. */
struct collapse {
	struct mc top, bottom;
	bool through;     /* empty: top and bottom margins adjoin */
};

/* ---- block.c ----------------------------------------------------------- */

/* Padding, borders and non-auto margins against a containing block width
 * (percentages of margins and paddings refer to the width, CSS 2.1 §8.3). */
void resolve_edges(struct box *b, double cb_w);
/* Lay out b in a containing block cb_w wide (negative: a fixed border-box
 * width -cb_w - 1, table cells and flex items) and cb_h tall (< 0:
 * unknown); `out` gets the margins that collapse through it. */
void layout_block_inner(struct layout_ctx *c, struct box *b, double cb_w,
			double cb_h, struct collapse *out);
void layout_block(struct layout_ctx *c, struct box *b, double cb_w, double cb_h);
/* min-content and max-content widths of b's margin box (CSS 2.1 §10.3.5). */
void intrinsic_widths(struct layout_ctx *c, struct box *b, double *minw, double *maxw);
bool is_out_of_flow(const struct box *b);
double containing_block_w(const struct box *b);

/* ---- inline.c ---------------------------------------------------------- */

/* Lay out the inline formatting context of b (its width known). */
void layout_ifc(struct layout_ctx *c, struct box *b);
/* The width of the widest line of b's IFC wrapped at avail (< 0: no
 * wrapping, max-content; 0: every opportunity, min-content). */
double ifc_width(struct layout_ctx *c, struct box *b, double avail);

/* ---- flex.c ------------------------------------------------------------ */

void layout_flex(struct layout_ctx *c, struct box *b, double specified_h);
void layout_grid(struct layout_ctx *c, struct box *b, double specified_h);
/* The min- and max-content widths of a grid container's content box. */
void grid_intrinsic(struct layout_ctx *c, struct box *b, double *mn, double *mx);

#endif
