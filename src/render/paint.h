/*
 * paint.h — box tree → display list, in CSS painting order (CSS 2.1
 * Appendix E, simplified: backgrounds and borders of a box, then its
 * in-flow content in tree order, with relative offsets, opacity, transforms
 * and overflow clips as groups).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_PAINT_H
#define SCS_PAINT_H

#include <stdbool.h>

struct box;
struct display_list;
struct arena;

/* Paint root (laid out) with its border box at (x, y) of the display list's
 * coordinate space. */
void paint_box_tree(struct display_list *dl, const struct box *root, double x,
		    double y);

/* The slide number box with text txt at the page's bottom right. */
void paint_slide_number(struct display_list *dl, const char *txt, double page_w,
			double page_h);

/* Whether cairo can draw through the affine matrix m (xx yx xy yy x0 y0):
 * finite, invertible, no factor beyond MAX_TRANSFORM_SCALE and no offset
 * beyond MAX_TRANSFORM_OFFSET. */
bool paint_matrix_drawable(const double m[6]);

#endif
