/*
 * layout.h — positions the box tree of one slide: block formatting (CSS 2.1
 * §9.4.1, §10.3.3, §10.6.3, margin collapsing §8.3.1), inline formatting
 * with Pango line breaking (§9.4.2, line box heights §10.8), replaced
 * elements (§10.3.2, §10.4, §10.6.2), shrink-to-fit widths (§10.3.5/7), a
 * simple automatic table layout (§17.5.2.2), absolute positioning (§10.3.7,
 * §10.6.4), floats (§9.5, placed beside the content that follows them) and
 * single- or multi-line flexbox (CSS Flexbox 1 §9, the common cases).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_LAYOUT_H
#define SCS_LAYOUT_H

#include <stddef.h>

struct arena;
struct box;

struct layout_ctx {
	struct arena *arena;     /* the slide arena: layouts are unref'd on reset */
	double viewport_w, viewport_h;
	/* absolutely positioned boxes, placed once the whole slide is laid
	 * out (their containing block's height is known only then) */
	struct box **abs;
	size_t n_abs, cap_abs;
	unsigned gen;            /* bumped whenever a box is laid out: intrinsic
	                            widths remembered before are stale */
	/* Floats beside the block whose lines layout_ifc is about to lay
	 * out (block.c): lines whose top is above `until` (in the block's
	 * content coordinates) leave `left` and `right` free. */
	const struct box *excl_box;
	double excl_left, excl_right, excl_until;
};

/* Lay out the slide root box `root` in a containing block `width` wide.
 * Afterwards root->y is 0 and root->h its content height. */
void layout_slide(struct layout_ctx *c, struct box *root, double width);

/* The height of a box's border box. */
double layout_border_box_h(const struct box *b);
double layout_border_box_w(const struct box *b);

#endif
