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
struct box_ctx;
struct display_list;
struct dom_node;
struct arena;

/* Paint root (laid out) with its border box at (x, y) of the display list's
 * coordinate space. */
void paint_box_tree(struct display_list *dl, const struct box *root, double x,
		    double y);

/* reveal.js's test for a data-background that is an image URL rather than
 * a CSS background value (syncBackground, HEDGEDOC.md §4). */
bool paint_is_image_url(const char *v);

/* The slide's data-background* (colour, image) over the whole page. */
void paint_slide_background(struct display_list *dl, struct box_ctx *bc,
			    const struct dom_node *sec, double page_w, double page_h);

/* The slide number box with text txt at the page's bottom right. */
void paint_slide_number(struct display_list *dl, const char *txt, double page_w,
			double page_h);

#endif
