/*
 * block.c — block, replaced and table layout, intrinsic widths, floats and
 * absolute positioning (see layout.h); inline.c and flex.c do the rest.
 *
 * Two passes, as NetSurf does: intrinsic widths (min-content/max-content)
 * when a width must shrink to fit, then the real layout top-down with the
 * containing block's width known.
 *
 * SPDX-License-Identifier: MIT
 */
#include "layout/layout_internal.h"
#include "markdown/dom.h"
#include "math/math.h"
#include "resources/image.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <math.h>
#include <string.h>

/* ---- box edges --------------------------------------------------------- */

double layout_border_box_h(const struct box *b)
{
	return b->h + b->padding[SIDE_TOP] + b->padding[SIDE_BOTTOM] +
	       b->border[SIDE_TOP] + b->border[SIDE_BOTTOM];
}

double layout_border_box_w(const struct box *b)
{
	return b->w + b->padding[SIDE_LEFT] + b->padding[SIDE_RIGHT] +
	       b->border[SIDE_LEFT] + b->border[SIDE_RIGHT];
}

/* Padding, borders and non-auto margins against a containing block width
 * (percentages of margins and paddings refer to the width, CSS 2.1 §8.3). */
void resolve_edges(struct box *b, double cb_w)
{
	const struct computed_style *s = b->style;
	for (int i = 0; i < 4; i++) {
		b->padding[i] = MAX(0, len_px(s->padding[i], cb_w, 0));
		b->border[i] = s->border_width[i];
		b->margin[i] = len_px(s->margin[i], cb_w, 0);
	}
}

/* ---- intrinsic widths (CSS 2.1 §10.3.5 "preferred widths") ------------ */

static void intrinsic_widths_of(struct layout_ctx *c, struct box *b, double *minw,
				double *maxw);

/* Forget every box's remembered intrinsic widths (0 marks none). */
static void new_generation(struct layout_ctx *c)
{
	if (++c->gen == 0)
		c->gen = 1;
}

/* b is laid out: an atomic inline is measured by its size from now on, so
 * intrinsic widths remembered before may differ. */
static void mark_laid_out(struct layout_ctx *c, struct box *b)
{
	b->laid_out = true;
	new_generation(c);
}

/* A box's intrinsic widths, remembered until the next box is laid out (an
 * atomic inline counts with its laid-out size from then on): a measurement
 * measures each atomic inline twice, once per width, so nested
 * inline-blocks took 4^depth measurements (40 levels, 888 bytes, ran for
 * minutes). */
void intrinsic_widths(struct layout_ctx *c, struct box *b, double *minw,
		      double *maxw)
{
	if (b->memo_gen != c->gen) {
		intrinsic_widths_of(c, b, &b->memo_min, &b->memo_max);
		b->memo_gen = c->gen;
	}
	*minw = b->memo_min;
	*maxw = b->memo_max;
}

static void intrinsic_widths_of(struct layout_ctx *c, struct box *b, double *minw,
				double *maxw)
{
	const struct computed_style *s = b->style;
	double frame = 0;
	for (int i = SIDE_RIGHT; i <= SIDE_LEFT; i += 2)
		frame += len_px(s->padding[i], -1, 0) + s->border_width[i] +
			 len_px(s->margin[i], -1, 0);
	if (s->width.kind == LEN_PX) {
		double w = s->width.v;
		if (s->box_sizing == BOX_BORDER)
			w -= len_px(s->padding[1], -1, 0) + len_px(s->padding[3], -1, 0) +
			     s->border_width[1] + s->border_width[3];
		*minw = *maxw = MAX(w, 0) + frame;
		return;
	}
	if (b->type == BOX_REPLACED && b->math) {
		*minw = *maxw = math_box_width(b->math, 0) + frame;
		return;
	}
	if (b->type == BOX_REPLACED) {
		double iw = b->image ? b->image->width : 0, ih = b->image ? b->image->height : 0;
		double w = iw;
		if (b->attr_w > 0)
			w = b->attr_w;
		else if (b->attr_h > 0 && ih > 0)
			w = b->attr_h * iw / ih;
		else if (s->height.kind == LEN_PX && ih > 0)
			w = s->height.v * iw / ih;
		if (b->broken && !(b->attr_w > 0 && b->attr_h > 0))
			w = 0;
		else if (!b->image && w == 0)
			w = 24;
		*minw = *maxw = w + frame;
		if (s->max_width.kind == LEN_PCT)   /* percent of an unknown width */
			*minw = frame;
		return;
	}
	double mn = 0, mx = 0;
	if (b->n_inl && !b->first) {
		mx = ifc_width(c, b, -1);
		mn = ifc_width(c, b, 0);
	} else if (is_grid(s) && b->first) {
		grid_intrinsic(c, b, &mn, &mx);
	} else if (is_flex(s) && is_row(s) && b->first) {
		/* a row of items: max-content side by side; min-content too
		 * on one line, the widest item when lines wrap (Blink's
		 * FlexLayoutAlgorithm::ComputeMinMaxSizes) */
		double gap = s->gap.kind == LEN_PX ? s->gap.v : 0;
		int k = 0;
		for (struct box *ch = b->first; ch; ch = ch->next) {
			if (is_out_of_flow(ch))
				continue;
			double a, z;
			intrinsic_widths(c, ch, &a, &z);
			mx += z + (k ? gap : 0);
			mn = s->flex_wrap ? MAX(mn, a) : mn + a + (k ? gap : 0);
			k++;
		}
	} else if (b->type == BOX_ROW) {
		for (struct box *ch = b->first; ch; ch = ch->next) {
			double a, z;
			intrinsic_widths(c, ch, &a, &z);
			mn += a;
			mx += z;
		}
	} else {
		for (struct box *ch = b->first; ch; ch = ch->next) {
			double a, z;
			intrinsic_widths(c, ch, &a, &z);
			mn = MAX(mn, a);
			mx = MAX(mx, z);
		}
	}
	if (s->min_width.kind == LEN_PX) {
		mn = MAX(mn, s->min_width.v);
		mx = MAX(mx, s->min_width.v);
	}
	*minw = mn + frame;
	*maxw = mx + frame;
}

/* ---- replaced elements (CSS 2.1 §10.3.2, §10.4, §10.6.2) ------------- */

static void layout_replaced(struct layout_ctx *c, struct box *b, double cb_w,
			    double cb_h)
{
	const struct computed_style *s = b->style;
	/* cb_w < 0: a flex item whose content width -cb_w - 1 the flex
	 * algorithm decided (edges resolved by it against its container) */
	bool fixed = cb_w < 0 && !b->math;
	double fixed_w = fixed ? -cb_w - 1 : 0;
	if (!fixed)
		resolve_edges(b, cb_w);
	for (int i = 0; i < 4; i++)
		if (s->margin[i].kind == LEN_AUTO)
			b->margin[i] = 0;
	if (b->math) {
		/* a formula is as large as it is typeset (MathJax's own boxes) */
		b->w = math_box_width(b->math, cb_w - frame_w(b));
		b->h = fmax(b->math->h, b->math->tag ? b->math->tag->h : 0) +
		       fmax(b->math->d, b->math->tag ? b->math->tag->d : 0);
		mark_laid_out(c, b);
		return;
	}
	double iw = b->image ? b->image->width : 0;
	double ih = b->image ? b->image->height : 0;
	bool have_ratio = iw > 0 && ih > 0;

	/* width/height attributes are presentational hints: used unless CSS
	 * set the property (HTML §15.4.3 "dimension properties"). */
	struct css_len W = s->width, H = s->height;
	if (is_auto(W) && b->attr_w != 0)
		W = b->attr_w > 0 ? (struct css_len){ LEN_PX, (float)b->attr_w }
				  : (struct css_len){ LEN_PCT, (float)-b->attr_w };
	if (is_auto(H) && b->attr_h != 0)
		H = b->attr_h > 0 ? (struct css_len){ LEN_PX, (float)b->attr_h }
				  : (struct css_len){ LEN_PCT, (float)-b->attr_h };
	double w = len_px(W, cb_w, -1);
	double h = len_px(H, cb_h, -1);
	bool box_border = s->box_sizing == BOX_BORDER;
	if (box_border) {
		if (w >= 0) w = MAX(0, w - frame_w(b));
		if (h >= 0) h = MAX(0, h - frame_h(b));
	}
	double maxw = len_px(s->max_width, cb_w, INFINITY);
	double maxh = len_px(s->max_height, cb_h, INFINITY);
	double minw = len_px(s->min_width, cb_w, 0);
	double minh = len_px(s->min_height, cb_h, 0);
	if (box_border) {
		if (isfinite(maxw)) maxw = MAX(0, maxw - frame_w(b));
		if (isfinite(maxh)) maxh = MAX(0, maxh - frame_h(b));
	}
	if (b->broken && !(b->attr_w > 0 && b->attr_h > 0)) {
		/* Chrome draws a broken image without alt text as its frame
		 * around nothing (HTML §15.4.2 "represents nothing"), unless its
		 * width and height attributes both give it a size. */
		w = h = 0;
	} else if (!b->image && w < 0 && h < 0) {
		/* Content we do not draw: an <iframe> or <video> is the 300×150
		 * box a browser gives it (HTML §15.4.1 "default object size"),
		 * where its placeholder shows the address; anything else a
		 * small placeholder unless sized. */
		bool media = b->node && (dom_is(b->node, "iframe") || dom_is(b->node, "video"));
		w = media ? 300 : 24;
		h = media ? 150 : 24;
	}
	if (w < 0 && h < 0) {
		w = iw;
		h = ih;
		/* §10.4 table: both auto, keep the ratio under the constraints. */
		if (have_ratio) {
			if (w > maxw) { w = maxw; h = w * ih / iw; }
			if (h > maxh) { h = maxh; w = h * iw / ih; }
			if (w < minw) { w = minw; h = w * ih / iw; }
			if (h < minh) { h = minh; w = h * iw / ih; }
		}
	} else if (w < 0) {
		w = have_ratio ? h * iw / ih : (iw ? iw : 300);
		w = MIN(MAX(w, minw), maxw);
	} else if (h < 0) {
		h = have_ratio ? w * ih / iw : (ih ? ih : 150);
		w = MIN(MAX(w, minw), maxw);
		if (have_ratio && s->height.kind != LEN_PX)
			h = w * ih / iw;
	} else {
		w = MIN(MAX(w, minw), maxw);
	}
	if (fixed) {
		/* an auto height follows the width the flex line gave */
		if (is_auto(H) && have_ratio && !b->broken)
			h = fixed_w * ih / iw;
		w = fixed_w;
	}
	h = MIN(MAX(h, minh), maxh);
	b->w = w;
	b->h = h;
	mark_laid_out(c, b);
}

/* ---- tables (CSS 2.1 §17.5.2.2 automatic layout, simplified) ---------- */

#define MAX_TABLE_COLS 64

static void layout_table(struct layout_ctx *c, struct box *t, double cb_w)
{
	const struct computed_style *s = t->style;
	resolve_edges(t, cb_w);
	double colmin[MAX_TABLE_COLS] = {0}, colmax[MAX_TABLE_COLS] = {0};
	int ncols = 0, maxspan = 1;
	for (struct box *r = t->first; r; r = r->next) {
		int col = 0;
		for (struct box *cell = r->first; cell && col < MAX_TABLE_COLS; cell = cell->next) {
			double mn, mx;
			intrinsic_widths(c, cell, &mn, &mx);
			int span = MIN(cell->colspan, MAX_TABLE_COLS - col);
			cell->col = col;
			if (span == 1) {
				colmin[col] = MAX(colmin[col], mn);
				colmax[col] = MAX(colmax[col], mx);
			}
			maxspan = MAX(maxspan, span);
			col += span;
		}
		ncols = MAX(ncols, col);
	}
	double spacing = s->border_collapse == BC_COLLAPSE ? 0 : s->border_spacing;
	/* Cells spanning columns widen them, narrower spans first, in
	 * proportion to the columns' max-content widths (equally when those
	 * are 0), as Blink's TableLayoutAlgorithmAuto distributes them. */
	for (int want = 2; want <= maxspan; want++) {
		for (struct box *r = t->first; r; r = r->next) {
			for (struct box *cell = r->first; cell; cell = cell->next) {
				int span = MIN(cell->colspan, ncols - cell->col);
				if (span != want)
					continue;
				double mn, mx, smin = spacing * (span - 1), smax = smin;
				intrinsic_widths(c, cell, &mn, &mx);
				for (int k = cell->col; k < cell->col + span; k++) {
					smin += colmin[k];
					smax += colmax[k];
				}
				double base = smax - spacing * (span - 1);
				for (int k = cell->col; k < cell->col + span; k++) {
					double share = base > 0 ? colmax[k] / base : 1.0 / span;
					if (mx > smax)
						colmax[k] += (mx - smax) * share;
					if (mn > smin)
						colmin[k] += (mn - smin) * share;
					colmax[k] = MAX(colmax[k], colmin[k]);
				}
			}
		}
	}
	double avail = cb_w - t->margin[SIDE_LEFT] * 0 - frame_w(t) - spacing * (ncols + 1);
	if (s->margin[SIDE_LEFT].kind != LEN_AUTO)
		avail -= t->margin[SIDE_LEFT];
	if (s->margin[SIDE_RIGHT].kind != LEN_AUTO)
		avail -= t->margin[SIDE_RIGHT];
	double summin = 0, summax = 0;
	for (int i = 0; i < ncols; i++) {
		summin += colmin[i];
		summax += colmax[i];
	}
	double target = s->width.kind != LEN_AUTO ? len_px(s->width, cb_w, 0) - frame_w(t) -
			spacing * (ncols + 1) : MIN(summax, avail);
	double colw[MAX_TABLE_COLS];
	for (int i = 0; i < ncols; i++) {
		if (target >= summax)
			colw[i] = summax > 0 ? colmax[i] + (target - summax) *
				  (s->width.kind != LEN_AUTO ? colmax[i] / summax : 0) : target / ncols;
		else if (target <= summin)
			colw[i] = colmin[i];
		else
			colw[i] = colmin[i] + (colmax[i] - colmin[i]) *
				  (target - summin) / MAX(summax - summin, 1e-6);
	}
	double tw = spacing * (ncols + 1);
	for (int i = 0; i < ncols; i++)
		tw += colw[i];
	t->w = tw;
	/* auto margins centre the table */
	double rest = cb_w - tw - frame_w(t);
	bool ml = s->margin[SIDE_LEFT].kind == LEN_AUTO, mr = s->margin[SIDE_RIGHT].kind == LEN_AUTO;
	if (ml && mr) {
		t->margin[SIDE_LEFT] = t->margin[SIDE_RIGHT] = MAX(0, rest / 2);
	} else if (ml) {
		t->margin[SIDE_LEFT] = MAX(0, rest - t->margin[SIDE_RIGHT]);
	} else if (mr) {
		t->margin[SIDE_RIGHT] = MAX(0, rest - t->margin[SIDE_LEFT]);
	}
	double y = spacing;
	for (struct box *r = t->first; r; r = r->next) {
		resolve_edges(r, tw);
		double rh = 0, x = spacing;
		for (struct box *cell = r->first; cell; cell = cell->next) {
			int span = MAX(1, MIN(cell->colspan, ncols - cell->col));
			double cw = 0;
			for (int k = 0; k < span && cell->col + k < ncols; k++)
				cw += colw[cell->col + k] + (k ? spacing : 0);
			resolve_edges(cell, tw);
			double inner = cw - frame_w(cell);
			/* lay the cell out as a block of that border-box width */
			struct css_len saved = ((struct computed_style *)cell->style)->width;
			(void)saved;
			cell->w = MAX(0, inner);
			layout_block(c, cell, -inner - 1, -1);   /* negative: fixed width */
			cell->x = x;
			cell->y = 0;
			x += cw + spacing;
			rh = MAX(rh, layout_border_box_h(cell));
		}
		/* Every cell is as tall as its row; vertical-align moves the
		 * content inside (CSS 2.1 §17.5.3), done as WebKit does with
		 * "intrinsic padding" so paint needs no special case. */
		for (struct box *cell = r->first; cell; cell = cell->next) {
			double extra = rh - layout_border_box_h(cell);
			double top = 0;
			if (cell->style->vertical_align == VA_MIDDLE)
				top = extra / 2;
			else if (cell->style->vertical_align == VA_BOTTOM)
				top = extra;
			cell->padding[SIDE_TOP] += top;
			cell->padding[SIDE_BOTTOM] += extra - top;
		}
		r->x = 0;
		r->y = y;
		r->w = tw;
		r->h = rh;
		y += rh + spacing;
	}
	t->h = y;
	mark_laid_out(c, t);
}

/* ---- block layout ----------------------------------------------------- */

static struct mc mc_of(double m)
{
	struct mc r = { MAX(m, 0), MIN(m, 0) };
	return r;
}

static struct mc mc_join(struct mc a, struct mc b)
{
	struct mc r = { MAX(a.pos, b.pos), MIN(a.neg, b.neg) };
	return r;
}

static double mc_val(struct mc m)
{
	return m.pos + m.neg;
}

static bool is_multicol(const struct box *b);

static bool is_bfc_root(const struct box *b)
{
	return b->type != BOX_BLOCK || !b->parent ||
	       b->style->overflow_x != OVERFLOW_VISIBLE ||
	       b->style->float_ != FLOAT_NONE || b->style->position == POS_ABSOLUTE ||
	       is_flex(b->style) || is_grid(b->style) || b->style->display == DISPLAY_INLINE_BLOCK ||
	       is_multicol(b) ||
	       /* flex and grid items (Flexbox 1 §4, Grid 1 §6) */
	       is_flex(b->parent->style) || is_grid(b->parent->style);
}

void layout_block(struct layout_ctx *c, struct box *b, double cb_w, double cb_h)
{
	struct collapse col;
	layout_block_inner(c, b, cb_w, cb_h, &col);
}

/* ---- out-of-flow boxes ------------------------------------------------- */

bool is_out_of_flow(const struct box *b)
{
	return b->style->position == POS_ABSOLUTE || b->style->position == POS_FIXED;
}

/* The nearest positioned ancestor (the containing block of an absolutely
 * positioned box, §10.1), or the slide root. */
static const struct box *positioned_ancestor(const struct box *b)
{
	const struct box *a = b->parent;
	while (a && a->parent && a->style->position == POS_STATIC)
		a = a->parent;
	return a;
}

double containing_block_w(const struct box *b)
{
	const struct box *a = positioned_ancestor(b);
	if (!a)
		return b->parent ? b->parent->w : 0;
	return a->w + a->padding[SIDE_LEFT] + a->padding[SIDE_RIGHT];
}

/* The origin of a box's content box in the root's content box. */
static void content_origin(const struct box *b, double *x, double *y)
{
	*x = *y = 0;
	for (const struct box *p = b; p && p->parent; p = p->parent) {
		*x += p->x + p->border[SIDE_LEFT] + p->padding[SIDE_LEFT];
		*y += p->y + p->border[SIDE_TOP] + p->padding[SIDE_TOP];
	}
}

/* Place the absolutely positioned boxes (§10.3.7, §10.6.4): an inset that
 * is not auto is measured from the containing block's padding box; an auto
 * pair keeps the static position. Atomic inlines' parents are the block of
 * their line, which content_origin() follows the same way. */
static void place_absolutes(struct layout_ctx *c)
{
	for (size_t i = 0; i < c->n_abs; i++) {
		struct box *b = c->abs[i];
		const struct box *a = positioned_ancestor(b);
		const struct computed_style *s = b->style;
		if (!a || !b->parent)
			continue;
		double ax, ay, px, py;
		content_origin(a, &ax, &ay);
		ax -= a->padding[SIDE_LEFT];
		ay -= a->padding[SIDE_TOP];
		double aw = a->w + a->padding[SIDE_LEFT] + a->padding[SIDE_RIGHT];
		double ah = a->h + a->padding[SIDE_TOP] + a->padding[SIDE_BOTTOM];
		content_origin(b->parent, &px, &py);
		double bw = layout_border_box_w(b), bh = layout_border_box_h(b);
		if (s->inset[SIDE_LEFT].kind == LEN_PX || s->inset[SIDE_LEFT].kind == LEN_PCT)
			b->x = ax + len_px(s->inset[SIDE_LEFT], aw, 0) + b->margin[SIDE_LEFT] - px;
		else if (s->inset[SIDE_RIGHT].kind == LEN_PX || s->inset[SIDE_RIGHT].kind == LEN_PCT)
			b->x = ax + aw - len_px(s->inset[SIDE_RIGHT], aw, 0) - b->margin[SIDE_RIGHT] -
			       bw - px;
		if (s->inset[SIDE_TOP].kind == LEN_PX || s->inset[SIDE_TOP].kind == LEN_PCT)
			b->y = ay + len_px(s->inset[SIDE_TOP], ah, 0) + b->margin[SIDE_TOP] - py;
		else if (s->inset[SIDE_BOTTOM].kind == LEN_PX || s->inset[SIDE_BOTTOM].kind == LEN_PCT)
			b->y = ay + ah - len_px(s->inset[SIDE_BOTTOM], ah, 0) - b->margin[SIDE_BOTTOM] -
			       bh - py;
	}
}

/* Floats of one block: the room they take on each side and how far down. */
struct floats {
	double left, right;       /* widths taken (margin boxes) */
	double top, bottom;       /* the band they occupy */
	double lx, rx;            /* where the next left / right float goes */
};

static double floats_band(const struct floats *fl, double y)
{
	return fl->bottom > y ? fl->bottom - y : 0;
}

/* A float goes to the left or right edge at the current line (§9.5.1), next
 * to the floats already there while they last. */
static void place_float(struct layout_ctx *c, struct box *b, struct box *f,
			struct floats *fl, double y)
{
	struct collapse cc;
	layout_block_inner(c, f, b->w, -1, &cc);
	double mw = layout_border_box_w(f) + f->margin[SIDE_LEFT] + f->margin[SIDE_RIGHT];
	double mh = layout_border_box_h(f) + f->margin[SIDE_TOP] + f->margin[SIDE_BOTTOM];
	if (fl->bottom <= y) {
		fl->left = fl->right = 0;
		fl->top = y;
	}
	if (f->style->float_ == FLOAT_LEFT) {
		f->x = fl->left + f->margin[SIDE_LEFT];
		fl->left += mw;
	} else {
		f->x = b->w - fl->right - mw + f->margin[SIDE_LEFT];
		fl->right += mw;
	}
	f->y = MAX(y, fl->top) + f->margin[SIDE_TOP];
	fl->bottom = MAX(fl->bottom, f->y - f->margin[SIDE_TOP] + mh);
}

/* A block of lines only (not a formatting context root): its line boxes
 * go around floats, not the block itself (CSS 2.1 §9.5). */
static bool flows_around(const struct box *ch)
{
	return ch->type == BOX_BLOCK && !ch->first && ch->n_inl > 0 && !is_bfc_root(ch) &&
	       ch->style->white_space != WS_PRE && ch->style->white_space != WS_NOWRAP;
}

static bool blank_text(const struct inl_item *it)
{
	if (it->kind != INL_TEXT || !it->node)
		return false;
	for (size_t i = 0; i < it->node->text_len; i++)
		if (!strchr(" \t\n\r", it->node->text[i]))
			return false;
	return true;
}

/* Lay out the line block ch, whose top is beside the floats fl, at y
 * (pending: the margins before it): its first lines are shortened by the
 * floats, those below them take the whole width. When the first thing on
 * its first line, an atomic inline (reveal's inline-block lists), is wider
 * than the room beside the floats, no content fits there and the line
 * moves down below them (§9.5). first: ch is the first in flow and its
 * top margin collapses with b's (out). False: ch is empty, its margins
 * collapse through it (not placed). */
static bool layout_beside_floats(struct layout_ctx *c, struct box *b, struct box *ch,
				 const struct floats *fl, double y, struct mc pending,
				 struct collapse *cc, bool first, struct collapse *out)
{
	double cb_h = is_auto(b->style->height) ? -1 : b->h;
	layout_block_inner(c, ch, b->w, cb_h, cc);
	if (cc->through)
		return false;
	double top = y + mc_val(mc_join(pending, cc->top));
	if (first) {
		/* the first in flow: its margin collapses with b's */
		out->top = mc_join(out->top, mc_join(pending, cc->top));
		top = 0;
	}
	double cx = ch->margin[SIDE_LEFT] + ch->border[SIDE_LEFT] + ch->padding[SIDE_LEFT];
	double cy = top + ch->border[SIDE_TOP] + ch->padding[SIDE_TOP];
	double ex_l = MAX(0, fl->left - cx);
	double ex_r = MAX(0, (cx + ch->w) - (b->w - fl->right));
	size_t i = 0;
	while (i < ch->n_inl && blank_text(&ch->inl[i]))
		i++;
	if (i < ch->n_inl && ch->inl[i].kind == INL_ATOMIC && ch->inl[i].atomic) {
		const struct box *a = ch->inl[i].atomic;
		double aw = layout_border_box_w(a) + a->margin[SIDE_LEFT] + a->margin[SIDE_RIGHT];
		if (aw > ch->w - ex_l - ex_r) {
			ch->y = MAX(top, fl->bottom - ch->border[SIDE_TOP] - ch->padding[SIDE_TOP]);
			ch->x = ch->margin[SIDE_LEFT];
			return true;
		}
	}
	c->excl_box = ch;
	c->excl_left = ex_l;
	c->excl_right = ex_r;
	c->excl_until = fl->bottom - cy;
	layout_block_inner(c, ch, b->w, cb_h, cc);
	c->excl_box = NULL;
	ch->y = top;
	ch->x = ch->margin[SIDE_LEFT];
	return true;
}

static void layout_children(struct layout_ctx *c, struct box *b, struct collapse *out)
{
	bool collapse_top = !is_bfc_root(b) && b->border[SIDE_TOP] == 0 &&
			    b->padding[SIDE_TOP] == 0;
	bool collapse_bottom = !is_bfc_root(b) && b->border[SIDE_BOTTOM] == 0 &&
			       b->padding[SIDE_BOTTOM] == 0 && is_auto(b->style->height);
	out->top = mc_of(b->margin[SIDE_TOP]);
	out->bottom = mc_of(b->margin[SIDE_BOTTOM]);
	out->through = false;

	double y = 0;
	struct mc pending = { 0, 0 };
	bool at_top = true;          /* nothing with height placed yet */
	double last_baseline = -1, first_baseline = -1;
	struct floats fl = { 0 };
	double inner_fb = 0;         /* floats of children that are not roots */
	b->float_bottom = 0;
	for (struct box *ch = b->first; ch; ch = ch->next) {
		struct collapse cc;
		if (is_out_of_flow(ch)) {
			double cbw = containing_block_w(ch);
			layout_block_inner(c, ch, cbw, -1, &cc);
			ch->x = ch->margin[SIDE_LEFT];
			ch->y = y + mc_val(pending);       /* the static position */
			if (c->n_abs == c->cap_abs) {
				size_t cap = c->cap_abs ? 2 * c->cap_abs : 8;
				struct box **na = arena_alloc(c->arena, cap * sizeof *na);
				if (c->n_abs)
					memcpy(na, c->abs, c->n_abs * sizeof *na);
				c->abs = na;
				c->cap_abs = cap;
			}
			c->abs[c->n_abs++] = ch;
			continue;
		}
		if (ch->style->float_ != FLOAT_NONE) {
			double fy = y + (at_top ? 0 : mc_val(pending));
			struct box *nx = ch->next;
			while (ch->float_of_next && nx && nx->float_of_next)
				nx = nx->next;
			if (ch->float_of_next && nx && !is_out_of_flow(nx) &&
			    nx->style->float_ == FLOAT_NONE) {
				/* at the top of the block it started, inside
				 * that block's margin, border and padding */
				resolve_edges(nx, b->w);
				struct mc before = mc_join(pending, mc_of(nx->margin[SIDE_TOP]));
				fy = (at_top && collapse_top ? 0 : y + mc_val(before)) +
				     nx->border[SIDE_TOP] + nx->padding[SIDE_TOP];
			}
			place_float(c, b, ch, &fl, fy);
			continue;
		}
		double band = floats_band(&fl, y + mc_val(pending));
		if (band > 0 || fl.left > 0 || fl.right > 0) {
			/* Content that starts beside a float is laid out in the
			 * room the float leaves (like a block formatting context
			 * root beside it, §9.5); lines after the float do not
			 * widen again. */
			double room = b->w - fl.left - fl.right;
			if (band > 0 && room > 0 && flows_around(ch)) {
				if (!layout_beside_floats(c, b, ch, &fl, y, pending, &cc,
							  at_top && collapse_top, out)) {
					/* empty: its margins collapse through it */
					pending = mc_join(pending, mc_join(cc.top, cc.bottom));
					ch->y = y;
					continue;
				}
				y = ch->y + layout_border_box_h(ch);
				pending = cc.bottom;
				at_top = false;
				continue;
			}
			if (band > 0 && room > 0) {
				layout_block_inner(c, ch, room, is_auto(b->style->height) ? -1 : b->h, &cc);
				if (cc.through) {
					pending = mc_join(pending, mc_join(cc.top, cc.bottom));
					ch->y = y;
					continue;
				}
				ch->y = y + mc_val(mc_join(pending, cc.top));
				ch->x = fl.left + ch->margin[SIDE_LEFT];
				y = ch->y + layout_border_box_h(ch);
				pending = cc.bottom;
				at_top = false;
				continue;
			}
			fl.left = fl.right = 0;
		}
		layout_block_inner(c, ch, b->w, is_auto(b->style->height) ? -1 : b->h, &cc);
		if (cc.through) {
			pending = mc_join(pending, mc_join(cc.top, cc.bottom));
			ch->y = y;  /* placed where the next would be; height 0 */
			continue;
		}
		struct mc before = mc_join(pending, cc.top);
		if (at_top && collapse_top) {
			out->top = mc_join(out->top, before);
			ch->y = 0;
		} else {
			ch->y = y + mc_val(before);
		}
		ch->x = ch->margin[SIDE_LEFT];
		y = ch->y + layout_border_box_h(ch);
		pending = cc.bottom;
		at_top = false;
		double bl = ch->type == BOX_REPLACED ? -1 :
			    (ch->first_baseline >= 0 ? ch->first_baseline : -1);
		if (bl >= 0 && first_baseline < 0)
			first_baseline = ch->y + ch->border[SIDE_TOP] + ch->padding[SIDE_TOP] + bl;
		if (ch->baseline >= 0 && ch->type != BOX_REPLACED)
			last_baseline = ch->y + ch->border[SIDE_TOP] + ch->padding[SIDE_TOP] + ch->baseline;
	}
	for (struct box *ch = b->first; ch; ch = ch->next)
		if (ch->float_bottom > 0 && !is_bfc_root(ch) && !is_out_of_flow(ch) &&
		    ch->style->float_ == FLOAT_NONE)
			inner_fb = MAX(inner_fb, ch->y + ch->border[SIDE_TOP] +
					       ch->padding[SIDE_TOP] + ch->float_bottom);
	double fb = MAX(fl.bottom, inner_fb);
	if (fb > y && is_bfc_root(b)) {
		/* a block formatting context root contains its floats, those
		 * of its descendants in its context too (§10.6.7) */
		y = fb;
		at_top = false;
		pending = (struct mc){ 0, 0 };
	} else if (!is_bfc_root(b)) {
		b->float_bottom = fb;
	}
	if (at_top && collapse_top && collapse_bottom && b->h == 0) {
		/* An empty block: its margins collapse through it. */
		out->through = is_auto(b->style->height) &&
			       !(b->style->min_height.kind == LEN_PX && b->style->min_height.v > 0);
		out->top = mc_join(out->top, pending);
	}
	if (collapse_bottom && !at_top) {
		out->bottom = mc_join(out->bottom, pending);
		b->h = y;
	} else {
		b->h = y + (at_top ? 0 : mc_val(pending));
		if (at_top && !out->through)
			b->h = y + mc_val(pending) * 0;
	}
	b->first_baseline = first_baseline;
	b->baseline = last_baseline;
}

/* ---- multi-column layout (Multicol 1) ----------------------------------- */

/* b is a multicol container: a block container whose column-count or
 * column-width is not auto (Multicol 1 §2). One inside another is balanced
 * on its own and then goes whole into a column of the outer one. */
static bool is_multicol(const struct box *b)
{
	const struct computed_style *s = b->style;
	return b->type == BOX_BLOCK && !is_flex(s) && !is_grid(s) &&
	       (s->column_count > 0 || !is_auto(s->column_width));
}

/* The column count and width in a content box u wide (Multicol 1 §3.4),
 * column-gap normal being 1em (§4.1). */
static int multicol_resolve(const struct box *b, double u, double *cw, double *gap)
{
	const struct computed_style *s = b->style;
	double g = s->gap.kind == LEN_NORMAL ? s->font_size : len_px(s->gap, u, 0);
	g = MAX(g, 0);
	int n = s->column_count;
	double w = is_auto(s->column_width) ? -1 : len_px(s->column_width, u, 0);
	if (w >= 0) {
		double fit = floor((u + g) / (MAX(w, 0) + g));
		if (!(fit >= 1))
			fit = 1;
		if (n <= 0 || fit < n)
			n = fit > 1000 ? 1000 : (int)fit;
	}
	if (n < 1)
		n = 1;
	*gap = g;
	*cw = MAX(0, (u + g) / n - g);
	return n;
}

/* The content of a multicol container cut into pieces that go whole into
 * a column: lines of paragraphs and unbreakable boxes, in order, with
 * their extent in the container's content box (y down); and, for each box
 * the walk goes into, the range of its pieces. */
struct mc_piece { double top, bottom; double dx, dy; bool brk; };
struct mc_walk {
	struct mc_piece *p;
	size_t n, cap;
	size_t *rec;                 /* per box gone into: first piece, end */
	size_t n_rec, cap_rec, ri;
	bool full;
};

/* Blocks whose content may break between columns (Fragmentation 3 §3). */
static bool mc_enterable(const struct box *ch)
{
	const struct computed_style *s = ch->style;
	return ch->type == BOX_BLOCK && s->float_ == FLOAT_NONE &&
	       s->overflow_x == OVERFLOW_VISIBLE && s->overflow_y == OVERFLOW_VISIBLE &&
	       !is_flex(s) && !is_grid(s) && s->break_inside != BREAK_INSIDE_AVOID &&
	       !is_multicol(ch) && s->transform.n == 0 && (ch->first || ch->n_lines > 0);
}

static void mc_push(struct mc_walk *w, double top, double bottom, bool brk)
{
	if (w->n == w->cap) {
		if (w->cap >= MAX_MULTICOL_PIECES) {
			w->full = true;
			return;
		}
		w->cap = w->cap ? 2 * w->cap : 64;
		w->p = xrealloc(w->p, w->cap * sizeof *w->p);
	}
	w->p[w->n++] = (struct mc_piece){ top, bottom, 0, 0, brk };
}

static size_t mc_rec(struct mc_walk *w)
{
	if (w->n_rec + 2 > w->cap_rec) {
		w->cap_rec = w->cap_rec ? 2 * w->cap_rec : 64;
		w->rec = xrealloc(w->rec, w->cap_rec * sizeof *w->rec);
	}
	w->rec[w->n_rec] = w->n;
	w->n_rec += 2;
	return w->n_rec - 2;
}

/* Pass 1: the pieces of b's content, b's content top at oy. */
static void mc_collect(struct mc_walk *w, const struct box *b, double oy)
{
	if (!b->first) {
		/* orphans and widows: 2, their initial values (CSS 2.1
		 * §13.3.2), which Chrome honours in columns */
		for (size_t k = 0; k < b->n_lines; k++)
			mc_push(w, oy + b->lines[k].top, oy + b->lines[k].bottom,
				k == 0 || (k >= 2 && b->n_lines - k >= 2));
		return;
	}
	for (const struct box *ch = b->first; ch && !w->full; ch = ch->next) {
		if (is_out_of_flow(ch))
			continue;
		double top = ch->y, bh = layout_border_box_h(ch);
		if (bh <= 0)
			continue;
		if (mc_enterable(ch)) {
			size_t r = mc_rec(w);
			mc_collect(w, ch, oy + top + ch->border[SIDE_TOP] + ch->padding[SIDE_TOP]);
			w->rec[r + 1] = w->n;
		} else {
			mc_push(w, oy + top, oy + top + bh, true);
		}
	}
}

/* Pass 2: move what pass 1 cut to its column; b's content box is already
 * moved by (ax, ay). */
static void mc_apply(struct mc_walk *w, struct box *b, size_t *pi, double ax, double ay)
{
	if (!b->first) {
		if (!b->n_lines)
			return;
		size_t i0 = *pi;
		*pi += b->n_lines;
		/* atomic inlines go with the line their top is on */
		for (size_t i = 0; i < b->n_inl; i++) {
			struct box *a = b->inl[i].atomic;
			if (b->inl[i].kind != INL_ATOMIC || !a)
				continue;
			double t = a->y - a->margin[SIDE_TOP];
			size_t k = 0;
			while (k + 1 < b->n_lines && t >= b->lines[k + 1].top - 0.01)
				k++;
			a->x += w->p[i0 + k].dx - ax;
			a->y += w->p[i0 + k].dy - ay;
		}
		for (size_t k = 0; k < b->n_lines; k++) {
			const struct line_box *l = &b->lines[k];
			double dx = w->p[i0 + k].dx - ax, dy = w->p[i0 + k].dy - ay;
			for (size_t r = l->run0; r < l->run1; r++) {
				b->runs[r].x += dx;
				b->runs[r].baseline += dy;
			}
			for (size_t f = l->frag0; f < l->frag1; f++) {
				b->frags[f].x += dx;
				b->frags[f].top += dy;
			}
		}
		return;
	}
	for (struct box *ch = b->first; ch; ch = ch->next) {
		if (is_out_of_flow(ch) || layout_border_box_h(ch) <= 0)
			continue;
		if (mc_enterable(ch)) {
			size_t i0 = w->rec[w->ri], i1 = w->rec[w->ri + 1];
			w->ri += 2;
			double sx = ax, sy = ay;
			if (i1 > i0) {
				/* the box itself (its background, its marker)
				 * goes with its first piece */
				sx = w->p[i0].dx;
				sy = w->p[i0].dy;
			}
			ch->x += sx - ax;
			ch->y += sy - ay;
			mc_apply(w, ch, pi, sx, sy);
		} else {
			ch->x += w->p[*pi].dx - ax;
			ch->y += w->p[*pi].dy - ay;
			(*pi)++;
		}
	}
}

/* Columns needed when no column is taller than h: each piece goes into
 * the current column if it fits, else starts the next one (its top at the
 * column's top: margins at a break are truncated, Fragmentation 3 §5.2);
 * a piece that allows no break before it takes the pieces before it up to
 * one that does along. set: also record the pieces' moves (columns step
 * apart) and the tallest column in *used. Returns the count. */
static int mc_fill(struct mc_walk *w, double h, double step, bool set, double *used)
{
	int col = 0;
	double s = 0;
	size_t first = 0;
	for (size_t i = 0; i < w->n; i++) {
		if (i > first && w->p[i].bottom - s > h + 0.01) {
			/* break before i, or before the last piece before it
			 * that allows a break (widows, orphans) */
			size_t j = i;
			while (j > first && !w->p[j].brk)
				j--;
			if (j > first) {
				col++;
				first = i = j;
				s = w->p[j].top;
			}
		}
		if (set) {
			w->p[i].dx = col * step;
			w->p[i].dy = -s;
		}
	}
	double u = 0;
	for (size_t i = 0; set && i < w->n; i++)
		u = MAX(u, w->p[i].bottom + w->p[i].dy);
	*used = u;
	return col + 1;
}

/* Balance b's content, laid out in one column cw wide, into n columns
 * (Multicol 1 §7.1, column-fill: balance): the least height with which
 * it fits, found by bisection. b->h becomes that height. */
static void multicol_balance(struct box *b, int n, double cw, double gap)
{
	struct mc_walk w = { 0 };
	mc_collect(&w, b, 0);
	if (w.full || w.n == 0) {
		free(w.p);
		free(w.rec);
		return;
	}
	double lo = 0, hi = 0, used;
	for (size_t i = 0; i < w.n; i++) {
		hi = MAX(hi, w.p[i].bottom);
		lo = MAX(lo, w.p[i].bottom - w.p[i].top);
	}
	lo = MAX(lo, hi / n) - 0.5;
	for (int k = 0; k < MAX_MULTICOL_BALANCE_STEPS && hi - lo > 0.05; k++) {
		double mid = (lo + hi) / 2;
		if (mc_fill(&w, mid, 0, false, &used) <= n)
			hi = mid;
		else
			lo = mid;
	}
	b->mc_cols = mc_fill(&w, hi, cw + gap, true, &used);
	size_t pi = 0;
	w.ri = 0;
	mc_apply(&w, b, &pi, 0, 0);
	b->h = used;
	b->mc_step = cw + gap;
	b->mc_gap = gap;
	free(w.p);
	free(w.rec);
}

void layout_block_inner(struct layout_ctx *c, struct box *b, double cb_w,
			double cb_h, struct collapse *out)
{
	const struct computed_style *s = b->style;
	memset(out, 0, sizeof *out);
	if (b->type == BOX_REPLACED) {
		layout_replaced(c, b, cb_w, cb_h);
		out->top = mc_of(b->margin[SIDE_TOP]);
		out->bottom = mc_of(b->margin[SIDE_BOTTOM]);
		return;
	}
	if (b->type == BOX_TABLE) {
		layout_table(c, b, cb_w);
		out->top = mc_of(b->margin[SIDE_TOP]);
		out->bottom = mc_of(b->margin[SIDE_BOTTOM]);
		return;
	}
	bool fixed = cb_w < 0;       /* table cells: width decided by the table */
	double fixed_w = fixed ? -cb_w - 1 : 0;
	if (fixed)
		cb_w = fixed_w;
	resolve_edges(b, cb_w);

	/* Width: CSS 2.1 §10.3.3 (block), §10.3.9 (inline-block shrink-to-fit). */
	double w;
	bool shrink = b->type == BOX_INLINE_BLOCK || s->float_ != FLOAT_NONE ||
		      s->position == POS_ABSOLUTE;
	double hframe = frame_w(b);
	double avail = cb_w - hframe - b->margin[SIDE_LEFT] - b->margin[SIDE_RIGHT];
	if (fixed) {
		w = fixed_w;
	} else if (!is_auto(s->width)) {
		w = len_px(s->width, cb_w, 0);
		if (s->box_sizing == BOX_BORDER)
			w -= hframe;
	} else if (shrink) {
		double mn, mx;
		intrinsic_widths(c, b, &mn, &mx);
		double fr = hframe + b->margin[SIDE_LEFT] + b->margin[SIDE_RIGHT];
		w = MIN(MAX(mn - fr, avail), mx - fr);
	} else {
		w = avail;
	}
	double maxw = len_px(s->max_width, cb_w, INFINITY);
	double minw = len_px(s->min_width, cb_w, 0);
	if (s->box_sizing == BOX_BORDER) {
		maxw -= hframe;
		minw -= hframe;
	}
	if (!fixed) {
		w = MIN(w, maxw);
		w = MAX(w, minw);
	}
	w = MAX(w, 0);
	b->w = w;
	/* auto margins of blocks in normal flow centre them (§10.3.3) */
	if (!shrink && !fixed && b->type != BOX_INLINE_BLOCK) {
		double rest = cb_w - w - hframe;
		bool ml = s->margin[SIDE_LEFT].kind == LEN_AUTO;
		bool mr = s->margin[SIDE_RIGHT].kind == LEN_AUTO;
		if (ml && mr) {
			b->margin[SIDE_LEFT] = b->margin[SIDE_RIGHT] = MAX(0, rest / 2);
		} else if (ml) {
			b->margin[SIDE_LEFT] = rest - b->margin[SIDE_RIGHT];
		} else if (mr || true) {
			b->margin[SIDE_RIGHT] = rest - b->margin[SIDE_LEFT];
		}
	}

	/* Content. */
	double specified_h = len_px(s->height, cb_h, -1);
	if (specified_h >= 0 && s->box_sizing == BOX_BORDER)
		specified_h = MAX(0, specified_h - frame_h(b));
	b->h = specified_h >= 0 ? specified_h : 0;
	/* a multicol container lays its content out in one column as wide
	 * as a column, then cuts it into columns */
	double mc_cw = 0, mc_gap = 0, full_w = b->w;
	b->mc_cols = 0;
	int mc_n = is_multicol(b) ?
		   multicol_resolve(b, b->w, &mc_cw, &mc_gap) : 1;
	if (mc_n > 1)
		b->w = mc_cw;
	if ((is_flex(s) || is_grid(s)) && b->first) {
		if (is_flex(s))
			layout_flex(c, b, specified_h);
		else
			layout_grid(c, b, specified_h);
		out->top = mc_of(b->margin[SIDE_TOP]);
		out->bottom = mc_of(b->margin[SIDE_BOTTOM]);
	} else if (b->first) {
		layout_children(c, b, out);
	} else if (b->n_inl) {
		layout_ifc(c, b);
		out->top = mc_of(b->margin[SIDE_TOP]);
		out->bottom = mc_of(b->margin[SIDE_BOTTOM]);
		out->through = b->h == 0 && frame_h(b) == 0 && specified_h <= 0;
		if (b->first_baseline < 0 && b->h > 0)
			b->first_baseline = -1;
	} else {
		out->top = mc_of(b->margin[SIDE_TOP]);
		out->bottom = mc_of(b->margin[SIDE_BOTTOM]);
		out->through = frame_h(b) == 0 && specified_h <= 0 &&
			       !(s->min_height.kind == LEN_PX && s->min_height.v > 0);
		b->h = 0;
	}
	if (mc_n > 1) {
		multicol_balance(b, mc_n, mc_cw, mc_gap);
		b->w = full_w;
	}
	if (specified_h >= 0)
		b->h = specified_h;
	double maxh = len_px(s->max_height, cb_h, INFINITY);
	double minh = len_px(s->min_height, cb_h, 0);
	if (s->box_sizing == BOX_BORDER) {
		maxh -= frame_h(b);
		minh -= frame_h(b);
	}
	b->h = MAX(MIN(b->h, maxh), minh);
	b->h = MAX(b->h, 0);
	if (b->type == BOX_INLINE_BLOCK && b->baseline >= 0)
		b->baseline += b->border[SIDE_TOP] + b->padding[SIDE_TOP];
	mark_laid_out(c, b);
}

void layout_slide(struct layout_ctx *c, struct box *root, double width)
{
	struct collapse col;
	c->n_abs = 0;
	new_generation(c);
	layout_block_inner(c, root, width, -1, &col);
	root->x = root->margin[SIDE_LEFT];
	root->y = 0;
	place_absolutes(c);
}
