/*
 * flex.c — flex containers (CSS Flexbox 1 §9, simplified) and grid
 * containers (CSS Grid 1, simplified), their items laid out as blocks.
 *
 * SPDX-License-Identifier: MIT
 */
#include "layout/layout_internal.h"
#include "resources/image.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <math.h>
#include <string.h>

/* ---- flexbox (CSS Flexbox 1 §9, simplified) ------------------------------ */

struct flex_item {
	struct box *b;
	double base, size, minc;  /* main size: base, final, min-content (margin boxes) */
	double cross;             /* cross size (margin box) */
	double grow, shrink;
	bool frozen;              /* held at its minimum while shrinking */
};

/* Lay out a flex item at a main size (row: its width) of its margin box. */
static void flex_item_layout(struct layout_ctx *c, const struct computed_style *cs,
			     struct flex_item *it, double cb_w, double cb_h)
{
	struct box *b = it->b;
	struct collapse cc;
	if (is_row(cs)) {
		double frame = frame_w(b) + b->margin[SIDE_LEFT] + b->margin[SIDE_RIGHT];
		layout_block_inner(c, b, -(MAX(0, it->size - frame)) - 1, cb_h, &cc);
		it->cross = layout_border_box_h(b) + b->margin[SIDE_TOP] + b->margin[SIDE_BOTTOM];
	} else {
		/* Only stretched items take the line's width; the others are
		 * sized to fit their content (§9.4 step 9, §9.8). */
		uint8_t al = b->style->align_self != ALIGN_NORMAL ? b->style->align_self
								    : cs->align_items;
		if (al != ALIGN_NORMAL && al != ALIGN_STRETCH && is_auto(b->style->width)) {
			double mn, mx;
			intrinsic_widths(c, b, &mn, &mx);
			double fr = frame_w(b) + b->margin[SIDE_LEFT] + b->margin[SIDE_RIGHT];
			double w = MIN(MAX(mn, 0), cb_w) > mx ? mn : MIN(mx, cb_w);
			layout_block_inner(c, b, -(MAX(0, w - fr)) - 1, -1, &cc);
		} else {
			layout_block_inner(c, b, cb_w, -1, &cc);
		}
		it->cross = layout_border_box_w(b) + b->margin[SIDE_LEFT] + b->margin[SIDE_RIGHT];
		it->base = it->size = layout_border_box_h(b) + b->margin[SIDE_TOP] +
				      b->margin[SIDE_BOTTOM];
	}
}

/* Distribute free space on one flex line (§9.7, without the min/max
 * clamping loop) and place the items: justify-content on the main axis,
 * align-items/align-self on the cross axis. */
static double flex_line(struct layout_ctx *c, struct box *b, struct flex_item *items,
			size_t n, double main_avail, double cross_pos, double line_cross_fixed)
{
	const struct computed_style *cs = b->style;
	bool row = is_row(cs);
	double gap = cs->gap.kind == LEN_PX ? cs->gap.v : 0;
	double used = gap * (n ? n - 1 : 0), grow = 0, shrink = 0;
	for (size_t i = 0; i < n; i++) {
		used += items[i].base;
		grow += items[i].grow;
		shrink += items[i].shrink * items[i].base;
	}
	double free_space = main_avail - used;
	for (size_t i = 0; i < n; i++) {
		struct flex_item *it = &items[i];
		it->size = it->base;
		it->frozen = false;
		if (row && main_avail >= 0 && free_space > 0 && grow > 0)
			it->size += free_space * it->grow / grow;
	}
	if (row && main_avail >= 0 && free_space < 0 && shrink > 0) {
		/* shrink; an item held at its minimum is frozen and the
		 * others share the rest (§9.7 steps 4-5) */
		for (size_t round = 0; round <= n; round++) {
			double fixed = gap * (n ? n - 1 : 0), w = 0;
			for (size_t i = 0; i < n; i++) {
				fixed += items[i].frozen ? items[i].size : items[i].base;
				if (!items[i].frozen)
					w += items[i].shrink * items[i].base;
			}
			double fs = main_avail - fixed;
			bool clamped = false;
			for (size_t i = 0; i < n; i++) {
				struct flex_item *it = &items[i];
				if (it->frozen)
					continue;
				it->size = fs < 0 && w > 0 ? it->base + fs * it->shrink * it->base / w
							   : it->base;
				if (it->size < it->minc) {
					it->size = it->minc;
					it->frozen = true;
					clamped = true;
				}
			}
			if (!clamped)
				break;
		}
	}
	for (size_t i = 0; i < n && row; i++)
		flex_item_layout(c, cs, &items[i], b->w, -1);
	double line_cross = line_cross_fixed;
	if (line_cross < 0) {
		line_cross = 0;
		for (size_t i = 0; i < n; i++)
			line_cross = MAX(line_cross, items[i].cross);
	}
	double total = gap * (n ? n - 1 : 0);
	for (size_t i = 0; i < n; i++)
		total += items[i].size;
	double rest = main_avail >= 0 ? main_avail - total : 0, pos = 0, between = gap;
	switch (cs->justify_content) {
	case ALIGN_FLEX_END: pos = rest; break;
	case ALIGN_CENTER: pos = rest / 2; break;
	case ALIGN_SPACE_BETWEEN:
		if (n > 1 && rest > 0)
			between += rest / (double)(n - 1);
		break;
	case ALIGN_SPACE_AROUND:
		if (n && rest > 0) {
			pos = rest / (double)n / 2;
			between += rest / (double)n;
		}
		break;
	case ALIGN_SPACE_EVENLY:
		if (rest > 0) {
			pos = rest / (double)(n + 1);
			between += rest / (double)(n + 1);
		}
		break;
	default: break;
	}
	bool reverse = cs->flex_direction == FLEX_ROW_REVERSE ||
		       cs->flex_direction == FLEX_COLUMN_REVERSE;
	for (size_t k = 0; k < n; k++) {
		struct flex_item *it = &items[reverse ? n - 1 - k : k];
		struct box *ib = it->b;
		uint8_t al = ib->style->align_self != ALIGN_NORMAL ? ib->style->align_self
								     : cs->align_items;
		double off = 0;
		if (al == ALIGN_CENTER)
			off = (line_cross - it->cross) / 2;
		else if (al == ALIGN_FLEX_END)
			off = line_cross - it->cross;
		else if ((al == ALIGN_NORMAL || al == ALIGN_STRETCH) && it->cross < line_cross) {
			/* stretch: an auto cross size fills the line (§9.4 step 11) */
			if (row && is_auto(ib->style->height))
				ib->h += line_cross - it->cross;
			else if (!row && is_auto(ib->style->width))
				ib->w += line_cross - it->cross;
		}
		if (row) {
			ib->x = pos + ib->margin[SIDE_LEFT];
			ib->y = cross_pos + off + ib->margin[SIDE_TOP];
		} else {
			ib->y = pos + ib->margin[SIDE_TOP];
			ib->x = cross_pos + off + ib->margin[SIDE_LEFT];
		}
		pos += it->size + between;
	}
	return line_cross;
}

void layout_flex(struct layout_ctx *c, struct box *b, double specified_h)
{
	const struct computed_style *cs = b->style;
	bool row = is_row(cs);
	size_t n = 0;
	for (struct box *ch = b->first; ch; ch = ch->next)
		n++;
	struct flex_item *items = xcalloc(n ? n : 1, sizeof *items);
	size_t k = 0;
	for (struct box *ch = b->first; ch; ch = ch->next) {
		if (is_out_of_flow(ch)) {
			struct collapse cc;
			layout_block_inner(c, ch, containing_block_w(ch), -1, &cc);
			continue;
		}
		struct flex_item *it = &items[k++];
		it->b = ch;
		it->grow = ch->style->flex_grow;
		it->shrink = ch->style->flex_shrink;
		resolve_edges(ch, b->w);
		if (row) {
			double mn, mx;
			intrinsic_widths(c, ch, &mn, &mx);
			double fr = ch->margin[SIDE_LEFT] + ch->margin[SIDE_RIGHT] + frame_w(ch);
			struct css_len basis = ch->style->flex_basis;
			if (basis.kind == LEN_PX || basis.kind == LEN_PCT)
				it->base = len_px(basis, b->w, 0) + fr;
			else if (!is_auto(ch->style->width))
				it->base = len_px(ch->style->width, b->w, 0) + fr;
			else
				it->base = mx;
			it->minc = mn;
			if (ch->type == BOX_REPLACED && ch->image && !ch->math &&
			    ch->style->min_width.kind == LEN_AUTO &&
			    ch->style->overflow_x == OVERFLOW_VISIBLE) {
				/* the automatic minimum size (§4.5): the smaller of
				 * the specified width and the picture's own */
				double own = ch->image->width + fr;
				it->minc = is_auto(ch->style->width) ? own
					   : MIN(own, len_px(ch->style->width, b->w, 0) + fr);
			}
		} else {
			flex_item_layout(c, cs, it, b->w, -1);
		}
	}
	n = k;
	double main_avail = row ? b->w : specified_h;
	double cross_pos = 0, gap = cs->gap.kind == LEN_PX ? cs->gap.v : 0;
	size_t start = 0;
	while (start < n) {
		size_t end = n;
		if (cs->flex_wrap && row) {
			/* greedy lines by hypothetical main size (§9.3) */
			double used = 0;
			for (end = start; end < n; end++) {
				double add = items[end].base + (end > start ? gap : 0);
				if (end > start && used + add > b->w)
					break;
				used += add;
			}
		}
		double fixed_cross = -1;
		if (!cs->flex_wrap && !row)
			fixed_cross = b->w;
		else if (!cs->flex_wrap && row && specified_h >= 0)
			fixed_cross = specified_h;
		double lc = flex_line(c, b, items + start, end - start, main_avail,
				      cross_pos, fixed_cross);
		cross_pos += lc + (end < n ? gap : 0);
		start = end;
	}
	if (row)
		b->h = cross_pos;
	else {
		double h = 0;
		for (size_t i = 0; i < n; i++)
			h = MAX(h, items[i].b->y - items[i].b->margin[SIDE_TOP] + items[i].size);
		b->h = h;
	}
	/* the first item's first baseline is the container's (§8.5) */
	b->first_baseline = b->baseline = -1;
	if (n && items[0].b->first_baseline >= 0)
		b->first_baseline = b->baseline = items[0].b->y + items[0].b->border[SIDE_TOP] +
						   items[0].b->padding[SIDE_TOP] +
						   items[0].b->first_baseline;
	free(items);
}

/* ---- grid (CSS Grid 1: §7.2 templates, §8.5 auto-placement, §11 track
 * sizing; simplified: no named lines or areas, no baseline alignment, one
 * pass over the columns and then the rows) ------------------------------- */

struct grid_item {
	struct box *b;
	int col, row, ncol, nrow;      /* 0-based start track, spans */
	double minc, maxc;             /* min-/max-content contributions (margin box) */
	double dx;                     /* justify-self offset in its area */
};

struct grid_track {
	uint8_t min_kind, max_kind;    /* enum css_track_kind */
	double min, max;               /* px, % or fr as the kinds say */
	double base, limit;            /* §11.4 base size and growth limit */
	double size;                   /* the final size */
};

static bool trk_intrinsic(uint8_t k)
{
	return k == TRK_AUTO || k == TRK_MIN_CONTENT || k == TRK_MAX_CONTENT;
}

static double gap_px(struct css_len g, double ref)
{
	return g.kind == LEN_PX || (g.kind == LEN_PCT && ref >= 0) ? len_px(g, ref, 0) : 0;
}

/* A fixed sizing function in px, or -1 (intrinsic, flexible, or a
 * percentage of an indefinite size). */
static double trk_fixed(uint8_t kind, double v, double ref)
{
	if (kind == TRK_PX)
		return v;
	if (kind == TRK_PCT && ref >= 0)
		return v * ref / 100;
	return -1;
}

/* The tracks of a template (NULL: none) for a content size `avail` (< 0:
 * indefinite): auto repetitions as many as fit (§7.2.3.2), at least one. */
static int grid_explicit(const struct css_tracks *t, double avail, double gap,
			 struct grid_track *out)
{
	if (!t)
		return 0;
	int reps = 1;
	if (t->auto_n && avail >= 0) {
		double fixed = 0, per = 0;
		for (int i = 0; i < t->n; i++) {
			const struct css_track *k = &t->t[i];
			double v = trk_fixed(k->max_kind, k->max, avail);
			if (v < 0)
				v = trk_fixed(k->min_kind, k->min, avail);
			v = MAX(v, 0);
			if (i >= t->auto_at && i < t->auto_at + t->auto_n)
				per += v + gap;
			else
				fixed += v + gap;
		}
		if (per > 0)
			reps = (int)floor((avail - fixed + gap) / per);
		reps = MAX(1, MIN(reps, MAX_GRID_TRACKS));
	}
	int n = 0;
	for (int i = 0; i < t->n && n < MAX_GRID_TRACKS; i++) {
		bool rep = t->auto_n && i == t->auto_at;
		for (int r = 0; r < (rep ? reps : 1) && n < MAX_GRID_TRACKS; r++) {
			for (int k = 0; k < (rep ? t->auto_n : 1) && n < MAX_GRID_TRACKS; k++) {
				const struct css_track *tk = &t->t[i + k];
				struct grid_track *g = &out[n++];
				memset(g, 0, sizeof *g);
				g->min_kind = tk->min_kind;
				g->max_kind = tk->max_kind;
				g->min = tk->min;
				g->max = tk->max;
			}
		}
		if (rep)
			i += t->auto_n - 1;
	}
	return n;
}

/* Resolve one axis of an item's placement (§8.3.1): start track and span
 * from its two lines, or the span alone (start -1: auto). */
static void grid_lines(struct css_grid_line a, struct css_grid_line z, int n_explicit,
		       int *start, int *span)
{
	int s = a.line, e = z.line;
	if (s < 0)
		s = n_explicit + 2 + s;
	if (e < 0)
		e = n_explicit + 2 + e;
	if (a.line && s < 1)
		s = 1;
	if (z.line && e < 1)
		e = 1;
	*span = 1;
	*start = -1;
	if (a.line && z.line) {
		if (e < s) { int t = s; s = e; e = t; }
		*start = s - 1;
		*span = MAX(1, e - s);
	} else if (a.line) {
		*start = s - 1;
		*span = z.span ? z.span : 1;
	} else if (z.line) {
		*span = a.span ? a.span : 1;
		*start = MAX(0, e - 1 - *span);
	} else {
		*span = a.span ? a.span : (z.span ? z.span : 1);
	}
	*span = MIN(*span, MAX_GRID_TRACKS);
	if (*start >= MAX_GRID_TRACKS)
		*start = MAX_GRID_TRACKS - 1;
}

/* The occupancy of the grid while items are placed: rows grow on demand. */
struct grid_occ {
	uint8_t *cell;
	int ncols, nrows, cap_rows;
};

static bool occ_free(const struct grid_occ *o, int row, int col, int nrow, int ncol)
{
	if (col + ncol > o->ncols)
		return false;
	for (int r = row; r < row + nrow; r++) {
		if (r >= o->nrows)
			break;
		for (int k = col; k < col + ncol; k++)
			if (o->cell[(size_t)r * (size_t)o->ncols + (size_t)k])
				return false;
	}
	return true;
}

static void occ_take(struct grid_occ *o, int row, int col, int nrow, int ncol)
{
	if (row + nrow > o->cap_rows) {
		int cap = MAX(row + nrow, 2 * o->cap_rows);
		o->cell = xrealloc(o->cell, (size_t)cap * (size_t)o->ncols);
		memset(o->cell + (size_t)o->cap_rows * (size_t)o->ncols, 0,
		       (size_t)(cap - o->cap_rows) * (size_t)o->ncols);
		o->cap_rows = cap;
	}
	o->nrows = MAX(o->nrows, row + nrow);
	for (int r = row; r < row + nrow; r++)
		memset(o->cell + (size_t)r * (size_t)o->ncols + (size_t)col, 1, (size_t)ncol);
}

/* The in-flow items of grid container b, placed (§8.5, grid-auto-flow:
 * row, sparse). Returns the number of items; *ncols, *nrows the grid's size
 * (explicit tracks included). */
static size_t grid_place(struct box *b, int n_excols, int n_exrows, struct grid_item **out,
			 int *ncols, int *nrows)
{
	size_t n = 0;
	for (struct box *ch = b->first; ch; ch = ch->next)
		n++;
	struct grid_item *items = xcalloc(n ? n : 1, sizeof *items);
	size_t k = 0;
	int cols = MAX(n_excols, 1);
	for (struct box *ch = b->first; ch; ch = ch->next) {
		if (is_out_of_flow(ch))
			continue;
		struct grid_item *it = &items[k++];
		const struct css_grid_line *gl = ch->style->grid_line;
		it->b = ch;
		grid_lines(gl[0], gl[1], n_excols, &it->col, &it->ncol);
		grid_lines(gl[2], gl[3], n_exrows, &it->row, &it->nrow);
		cols = MAX(cols, (it->col >= 0 ? it->col : 0) + it->ncol);
	}
	n = k;
	cols = MIN(cols, MAX_GRID_TRACKS);
	struct grid_occ o = { NULL, cols, 0, 0 };
	/* items with a definite row first, then the others in order */
	for (int pass = 0; pass < 2; pass++) {
		int cr = 0, cc = 0;                  /* the auto-placement cursor */
		for (size_t i = 0; i < n; i++) {
			struct grid_item *it = &items[i];
			if ((it->row >= 0) != (pass == 0))
				continue;
			it->ncol = MIN(it->ncol, cols);
			if (it->col >= 0 && it->col + it->ncol > cols)
				it->col = cols - it->ncol;
			if (it->row >= 0) {
				if (it->col < 0) {
					int c0 = 0;
					while (c0 + it->ncol <= cols &&
					       !occ_free(&o, it->row, c0, it->nrow, it->ncol))
						c0++;
					it->col = c0 + it->ncol <= cols ? c0 : 0;
				}
			} else if (it->col >= 0) {
				if (it->col < cc)
					cr++;
				while (cr < MAX_GRID_TRACKS &&
				       !occ_free(&o, cr, it->col, it->nrow, it->ncol))
					cr++;
				it->row = cr;
				cc = it->col + it->ncol;
			} else {
				while (cr < MAX_GRID_TRACKS) {
					if (cc + it->ncol > cols) {
						cr++;
						cc = 0;
						continue;
					}
					if (occ_free(&o, cr, cc, it->nrow, it->ncol))
						break;
					cc++;
				}
				it->row = cr;
				it->col = MIN(cc, cols - it->ncol);
				cc += it->ncol;
			}
			/* past the last track the rest share it (grid_place's caller
			 * sees at most MAX_GRID_TRACKS rows) */
			if (it->row >= MAX_GRID_TRACKS) {
				it->row = MAX_GRID_TRACKS - 1;
				continue;
			}
			occ_take(&o, it->row, it->col, MIN(it->nrow, MAX_GRID_TRACKS - it->row),
				 it->ncol);
		}
	}
	free(o.cell);
	*ncols = cols;
	*nrows = MIN(MAX(o.nrows, n_exrows), MAX_GRID_TRACKS);
	for (size_t i = 0; i < n; i++) {
		struct grid_item *it = &items[i];
		it->row = MIN(it->row, *nrows - 1);
		it->nrow = MAX(1, MIN(it->nrow, *nrows - it->row));
	}
	*out = items;
	return n;
}

/* Grow the tracks [from, from+n) so that their sum (plus gaps) reaches
 * `need`, equally among those `ok` accepts (§11.5.1, simplified). */
static void grid_spread(struct grid_track *t, int from, int n, double gaps, double need,
			bool limits, bool (*ok)(const struct grid_track *))
{
	double have = gaps;
	int m = 0;
	for (int i = from; i < from + n; i++) {
		have += limits ? t[i].limit : t[i].base;
		m += ok(&t[i]);
	}
	if (need <= have || m == 0)
		return;
	double each = (need - have) / m;
	for (int i = from; i < from + n; i++) {
		if (!ok(&t[i]))
			continue;
		if (limits)
			t[i].limit += each;
		else
			t[i].base += each;
	}
}

static bool trk_intrinsic_min(const struct grid_track *t)
{
	return trk_intrinsic(t->min_kind);
}

static bool trk_intrinsic_max(const struct grid_track *t)
{
	return trk_intrinsic(t->max_kind);
}

/* Size the tracks of one axis (§11.3–§11.7) for a content size `avail`
 * (< 0: indefinite; `min_content`: under a min-content constraint). The
 * items' contributions (minc/maxc, margin boxes) along that axis are given
 * with their start and span. Fills t[i].size. */
static void grid_size_tracks(struct grid_track *t, int nt, const struct grid_item *items,
			     size_t n, bool rows, double avail, double gap, bool min_content,
			     bool stretch)
{
	/* §11.4 initialise */
	for (int i = 0; i < nt; i++) {
		struct grid_track *g = &t[i];
		double f = trk_fixed(g->min_kind, g->min, avail);
		g->base = f >= 0 ? f : 0;
		if (f < 0 && g->min_kind == TRK_PCT)
			g->min_kind = TRK_AUTO;
		f = trk_fixed(g->max_kind, g->max, avail);
		if (f < 0 && g->max_kind == TRK_PCT)
			g->max_kind = TRK_AUTO;
		g->limit = f >= 0 ? f : (g->max_kind == TRK_FR ? INFINITY : 0);
	}
	/* §11.5 intrinsic sizes: single-span items, then spanning ones that
	 * cross no flexible track */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct grid_item *it = &items[i];
			int s = rows ? it->row : it->col, sp = rows ? it->nrow : it->ncol;
			if ((sp == 1) != (pass == 0))
				continue;
			bool flex = false;
			for (int k = s; k < s + sp; k++)
				flex |= t[k].max_kind == TRK_FR;
			if (pass == 0) {
				struct grid_track *g = &t[s];
				if (g->min_kind == TRK_MAX_CONTENT && !min_content)
					g->base = MAX(g->base, it->maxc);
				else if (trk_intrinsic(g->min_kind))
					g->base = MAX(g->base, it->minc);
				if (g->max_kind == TRK_MIN_CONTENT || (min_content && trk_intrinsic(g->max_kind)))
					g->limit = MAX(g->limit, it->minc);
				else if (trk_intrinsic(g->max_kind))
					g->limit = MAX(g->limit, it->maxc);
				else if (flex && avail < 0)
					/* an indefinite fr track is sized by its content (§11.7.1) */
					g->size = MAX(g->size, (min_content ? it->minc : it->maxc) /
						      MAX(g->max, 1e-3f));
			} else if (!flex) {
				double gaps = gap * (sp - 1);
				grid_spread(t, s, sp, gaps, it->minc, false, trk_intrinsic_min);
				for (int k = s; k < s + sp; k++)
					if (t[k].limit < t[k].base)
						t[k].limit = t[k].base;
				grid_spread(t, s, sp, gaps, min_content ? it->minc : it->maxc, true,
					    trk_intrinsic_max);
			}
		}
	}
	for (int i = 0; i < nt; i++)
		if (t[i].limit < t[i].base)
			t[i].limit = t[i].base;
	/* §11.6 maximise: free space grows the tracks to their limits */
	double used = gap * (nt - 1);
	for (int i = 0; i < nt; i++)
		used += t[i].base;
	if (avail < 0 || min_content) {
		for (int i = 0; i < nt; i++)
			if (t[i].max_kind != TRK_FR)
				t[i].base = min_content ? t[i].base : t[i].limit;
	} else {
		double free_space = avail - used;
		for (int round = 0; round < nt && free_space > 1e-6; round++) {
			int m = 0;
			for (int i = 0; i < nt; i++)
				m += t[i].max_kind != TRK_FR && t[i].base < t[i].limit;
			if (!m)
				break;
			double each = free_space / m;
			for (int i = 0; i < nt; i++) {
				if (t[i].max_kind == TRK_FR || t[i].base >= t[i].limit)
					continue;
				double add = MIN(each, t[i].limit - t[i].base);
				t[i].base += add;
				free_space -= add;
			}
		}
	}
	/* §11.7 flexible tracks: the fr size, tracks whose base exceeds their
	 * share taken as inflexible */
	double fr = 0;
	if (avail >= 0 && !min_content) {
		bool inflex[MAX_GRID_TRACKS] = { false };
		for (int round = 0; round <= nt; round++) {
			double left = avail - gap * (nt - 1), flex = 0;
			for (int i = 0; i < nt; i++) {
				if (t[i].max_kind == TRK_FR && !inflex[i])
					flex += t[i].max;
				else
					left -= t[i].base;
			}
			fr = flex > 0 ? MAX(left, 0) / MAX(flex, 1) : 0;
			bool again = false;
			for (int i = 0; i < nt; i++) {
				if (t[i].max_kind == TRK_FR && !inflex[i] && t[i].base > fr * t[i].max) {
					inflex[i] = true;
					again = true;
				}
			}
			if (!again)
				break;
		}
	} else {
		for (int i = 0; i < nt; i++)
			if (t[i].max_kind == TRK_FR)
				fr = MAX(fr, MAX(t[i].size, t[i].base / MAX(t[i].max, 1e-3f)));
	}
	for (int i = 0; i < nt; i++) {
		t[i].size = t[i].base;
		if (t[i].max_kind == TRK_FR)
			t[i].size = MAX(t[i].base, fr * t[i].max);
	}
	/* §11.8 stretch auto tracks into what is left */
	if (stretch && avail >= 0 && !min_content) {
		double left = avail - gap * (nt - 1);
		int m = 0;
		for (int i = 0; i < nt; i++) {
			left -= t[i].size;
			m += t[i].max_kind == TRK_AUTO;
		}
		if (left > 0 && m)
			for (int i = 0; i < nt; i++)
				if (t[i].max_kind == TRK_AUTO)
					t[i].size += left / m;
	}
}

/* The implicit tracks after the explicit ones are `auto` (grid-auto-*). */
static void grid_implicit(struct grid_track *t, int from, int to)
{
	for (int i = from; i < to; i++) {
		memset(&t[i], 0, sizeof t[i]);
		t[i].min_kind = t[i].max_kind = TRK_AUTO;
	}
}

/* The items of b placed and their column tracks sized for a content width
 * w (< 0: the intrinsic widths). */
static size_t grid_columns(struct layout_ctx *c, struct box *b, double w, bool min_content,
			   struct grid_item **items, struct grid_track *cols, int *ncols,
			   int *nrows)
{
	const struct computed_style *s = b->style;
	double cgap = gap_px(s->gap, w);
	int nx = grid_explicit(s->grid_cols, w, cgap, cols);
	struct grid_track tmp[MAX_GRID_TRACKS];
	int ny = grid_explicit(s->grid_rows, -1, 0, tmp);
	size_t n = grid_place(b, nx, ny, items, ncols, nrows);
	grid_implicit(cols, nx, *ncols);
	for (size_t i = 0; i < n; i++) {
		struct grid_item *it = &(*items)[i];
		intrinsic_widths(c, it->b, &it->minc, &it->maxc);
	}
	bool stretch = s->justify_content == ALIGN_NORMAL || s->justify_content == ALIGN_STRETCH;
	grid_size_tracks(cols, *ncols, *items, n, false, w, cgap, min_content, stretch);
	return n;
}

void grid_intrinsic(struct layout_ctx *c, struct box *b, double *mn, double *mx)
{
	struct grid_track cols[MAX_GRID_TRACKS];
	struct grid_item *items;
	int nc, nr;
	double gap = gap_px(b->style->gap, -1);
	for (int pass = 0; pass < 2; pass++) {
		size_t n = grid_columns(c, b, -1, pass == 0, &items, cols, &nc, &nr);
		(void)n;
		double sum = gap * (nc - 1);
		for (int i = 0; i < nc; i++)
			sum += cols[i].size;
		*(pass == 0 ? mn : mx) = sum;
		free(items);
	}
}

void layout_grid(struct layout_ctx *c, struct box *b, double specified_h)
{
	const struct computed_style *cs = b->style;
	struct grid_track cols[MAX_GRID_TRACKS], rows[MAX_GRID_TRACKS];
	struct grid_item *items;
	int nc, nr;
	size_t n = grid_columns(c, b, b->w, false, &items, cols, &nc, &nr);
	double cgap = gap_px(cs->gap, b->w), rgap = gap_px(cs->row_gap, specified_h);
	for (struct box *ch = b->first; ch; ch = ch->next) {
		if (is_out_of_flow(ch)) {
			struct collapse cc;
			layout_block_inner(c, ch, containing_block_w(ch), -1, &cc);
		}
	}
	/* column positions; justify-content moves the whole grid (§10.5) */
	double cx[MAX_GRID_TRACKS + 1], total = cgap * (nc - 1), pos = 0, between = cgap;
	for (int i = 0; i < nc; i++)
		total += cols[i].size;
	double rest = b->w - total;
	if (rest > 0) {
		switch (cs->justify_content) {
		case ALIGN_FLEX_END: pos = rest; break;
		case ALIGN_CENTER: pos = rest / 2; break;
		case ALIGN_SPACE_BETWEEN: if (nc > 1) between += rest / (nc - 1); break;
		case ALIGN_SPACE_AROUND: pos = rest / nc / 2; between += rest / nc; break;
		case ALIGN_SPACE_EVENLY: pos = rest / (nc + 1); between += rest / (nc + 1); break;
		default: break;
		}
	}
	for (int i = 0; i < nc; i++) {
		cx[i] = pos;
		pos += cols[i].size + between;
	}
	/* items at their area's width; their heights size the rows */
	for (size_t i = 0; i < n; i++) {
		struct grid_item *it = &items[i];
		struct box *ib = it->b;
		double aw = cx[it->col + it->ncol - 1] + cols[it->col + it->ncol - 1].size - cx[it->col];
		struct collapse cc;
		/* justify-self (Box Alignment 3 §6.1): stretch fills the area,
		 * the others size an auto width to fit the content and move the
		 * margin box in the area */
		uint8_t js = ib->style->justify_self != ALIGN_NORMAL ? ib->style->justify_self
								       : cs->justify_items;
		bool justify = js == ALIGN_CENTER || js == ALIGN_FLEX_START || js == ALIGN_FLEX_END;
		if (justify && is_auto(ib->style->width)) {
			double w = MIN(MAX(it->minc, aw), it->maxc);
			resolve_edges(ib, aw);
			double fr = frame_w(ib) + ib->margin[SIDE_LEFT] + ib->margin[SIDE_RIGHT];
			layout_block_inner(c, ib, -(MAX(0, w - fr)) - 1, -1, &cc);
		} else {
			layout_block_inner(c, ib, aw, -1, &cc);
		}
		it->dx = 0;
		if (justify) {
			double mw = layout_border_box_w(ib) + ib->margin[SIDE_LEFT] +
				    len_px(ib->style->margin[SIDE_RIGHT], aw, 0);
			it->dx = js == ALIGN_CENTER ? (aw - mw) / 2 : js == ALIGN_FLEX_END ? aw - mw : 0;
		}
		it->minc = it->maxc = layout_border_box_h(ib) + ib->margin[SIDE_TOP] +
				      ib->margin[SIDE_BOTTOM];
	}
	int ny = grid_explicit(cs->grid_rows, specified_h, rgap, rows);
	grid_implicit(rows, MIN(ny, nr), nr);
	grid_size_tracks(rows, nr, items, n, true, specified_h, rgap, false,
			 cs->align_items == ALIGN_NORMAL || cs->align_items == ALIGN_STRETCH);
	double ry[MAX_GRID_TRACKS + 1];
	pos = 0;
	for (int i = 0; i < nr; i++) {
		ry[i] = pos;
		pos += rows[i].size + (i + 1 < nr ? rgap : 0);
	}
	b->h = nr ? pos : 0;
	b->first_baseline = b->baseline = -1;
	for (size_t i = 0; i < n; i++) {
		struct grid_item *it = &items[i];
		struct box *ib = it->b;
		int lr = it->row + it->nrow - 1;
		double ah = ry[lr] + rows[lr].size - ry[it->row];
		double mh = it->minc, off = 0;
		uint8_t al = ib->style->align_self != ALIGN_NORMAL ? ib->style->align_self
								     : cs->align_items;
		if (al == ALIGN_CENTER)
			off = (ah - mh) / 2;
		else if (al == ALIGN_FLEX_END)
			off = ah - mh;
		else if ((al == ALIGN_NORMAL || al == ALIGN_STRETCH) && is_auto(ib->style->height) &&
			 mh < ah)
			ib->h += ah - mh;     /* stretched (§10.3, as flex items are) */
		ib->x = cx[it->col] + it->dx + ib->margin[SIDE_LEFT];
		ib->y = ry[it->row] + off + ib->margin[SIDE_TOP];
		if (b->first_baseline < 0 && it->row == 0 && ib->first_baseline >= 0)
			b->first_baseline = b->baseline = ib->y + ib->border[SIDE_TOP] +
							   ib->padding[SIDE_TOP] + ib->first_baseline;
	}
	free(items);
}
