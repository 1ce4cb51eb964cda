/*
 * display_list.h — what paint produces and render_cairo consumes: a flat list
 * of drawing operations in slide coordinates (CSS px of the logical slide, or
 * of the page for page-level items). It can be dumped as text
 * (`--dump=dl`), NetSurf's "monkey plotter" idea, so painting is testable
 * without pixels.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DISPLAY_LIST_H
#define SCS_DISPLAY_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <pango/pango.h>

#include "css/css.h"

struct arena;
struct image;
struct math_formula;

enum dl_op {
	DL_RECT,        /* filled rectangle (optionally rounded) */
	DL_BORDER,      /* one box's four borders */
	DL_SHADOW,      /* box-shadow of a rectangle */
	DL_TEXT,        /* a shaped glyph run */
	DL_IMAGE,       /* a picture scaled into a rectangle */
	DL_GRADIENT,    /* a gradient filling a rectangle */
	DL_PLACEHOLDER, /* a missing picture: frame + its name (+ a tint unless color.a is 0) */
	DL_PUSH_CLIP,   /* clip to a rectangle until the matching POP */
	DL_POP_CLIP,
	DL_PUSH_GROUP,  /* opacity group / transform until the matching POP */
	DL_POP_GROUP,
	DL_LINK,        /* a link annotation over a rectangle */
	DL_TAG_BEGIN,   /* a tagged-PDF structure element (label = its type,
	                   ISO 32000-1 §14.8.4: P, H1, L, LI, Figure…) until
	                   the matching DL_TAG_END */
	DL_TAG_END,
	DL_MATH         /* a typeset formula, its baseline's left end at (x, y) */
};

struct dl_item {
	enum dl_op op;
	double x, y, w, h;
	struct css_color color;
	double radius[4];                  /* RECT/BORDER/CLIP corner radii */
	/* DL_BORDER */
	double bw[4];
	uint8_t bstyle[4];
	struct css_color bcolor[4];
	/* DL_SHADOW */
	struct css_shadow shadow;
	/* DL_TEXT: baseline origin at (x, y) */
	PangoGlyphItem *glyphs;            /* borrowed from a layout the slide arena owns */
	const char *text;                  /* the layout's text the glyph item indexes */
	const struct css_shadow *text_shadow;
	int n_text_shadow;
	uint8_t decoration;                /* enum css_text_decoration bits */
	double deco_thickness, underline_pos, strike_pos; /* px, relative to baseline */
	double font_size;                  /* px: the style's, not the font's */
	/* DL_IMAGE: (x, y, w, h) is the picture, or with repeat one tile of a
	 * pattern that fills the current clip (1: across, 2: down, 3: both) */
	const struct image *image;
	uint8_t repeat;
	/* DL_PLACEHOLDER / DL_LINK / DL_TAG_BEGIN */
	const char *label;                 /* file name, URL or structure type */
	const char *alt;                   /* DL_TAG_BEGIN Figure: alternate text */
	/* DL_PUSH_GROUP */
	double opacity;
	bool has_matrix;
	double matrix[6];                  /* cairo_matrix_t order xx yx xy yy x0 y0 */
	/* DL_GRADIENT */
	const struct css_gradient *gradient;
	/* DL_MATH */
	const struct math_formula *math;
};

struct display_list {
	struct arena *arena;
	struct dl_item *items;
	size_t n, cap;
	/* boxes left out because their transform cannot be drawn (paint.c):
	 * the first one's element (may be NULL) and how many */
	const struct dom_node *undrawable;
	unsigned n_undrawable;
};

void dl_init(struct display_list *dl, struct arena *a);
/* Append an item (zeroed except op) and return it for filling in. */
struct dl_item *dl_push(struct display_list *dl, enum dl_op op);
void dl_dump(FILE *out, const struct display_list *dl);

/*
 * What items [from, to) visibly draw: the bounding box (x0, y0, x1, y1) in
 * the coordinates of item `from`, through the transforms of nested groups
 * and cut by their clips. Shadows, links and structure do not count; text
 * counts down to its descent (about a fifth of its line height). Returns
 * false when nothing is drawn.
 */
bool dl_ink_extent(const struct display_list *dl, size_t from, size_t to,
		   double box[4]);

#endif
