/*
 * layout.c — block, inline, replaced and table layout (see layout.h).
 *
 * Two passes, as NetSurf does: intrinsic widths (min-content/max-content)
 * when a width must shrink to fit, then the real layout top-down with the
 * containing block's width known. Inline formatting contexts are shaped and
 * broken into lines by Pango; line box heights, baselines and vertical
 * alignment are then computed here by CSS 2.1 §10.8 rather than taken from
 * Pango, so that strut, half-leading and atomic inlines behave as in a
 * browser.
 *
 * SPDX-License-Identifier: MIT
 */
#include "layout.h"
#include "box.h"
#include "css.h"
#include "dom.h"
#include "image.h"
#include "scs_limits.h"
#include "text.h"
#include "util.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define PU(x) ((int)lround((x) * PANGO_SCALE))
#define PX(x) ((double)(x) / PANGO_SCALE)

/* ---- small helpers ---------------------------------------------------- */

static double len_px(struct css_len l, double ref, double if_auto)
{
	switch (l.kind) {
	case LEN_PX: return l.v;
	case LEN_PCT: return ref >= 0 ? l.v * ref / 100.0 : if_auto;
	default: return if_auto;
	}
}

static bool is_auto(struct css_len l)
{
	return l.kind == LEN_AUTO || (l.kind != LEN_PX && l.kind != LEN_PCT);
}

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

static double frame_w(const struct box *b)
{
	return b->padding[SIDE_LEFT] + b->padding[SIDE_RIGHT] +
	       b->border[SIDE_LEFT] + b->border[SIDE_RIGHT];
}

static double frame_h(const struct box *b)
{
	return b->padding[SIDE_TOP] + b->padding[SIDE_BOTTOM] +
	       b->border[SIDE_TOP] + b->border[SIDE_BOTTOM];
}

/* Padding, borders and non-auto margins against a containing block width
 * (percentages of margins and paddings refer to the width, CSS 2.1 §8.3). */
static void resolve_edges(struct box *b, double cb_w)
{
	const struct computed_style *s = b->style;
	for (int i = 0; i < 4; i++) {
		b->padding[i] = MAX(0, len_px(s->padding[i], cb_w, 0));
		b->border[i] = s->border_width[i];
		b->margin[i] = len_px(s->margin[i], cb_w, 0);
	}
}

static double line_height_px(const struct computed_style *s, double a, double d)
{
	switch (s->line_height.kind) {
	case LEN_PX: return s->line_height.v;
	case LEN_NUMBER: return s->line_height.v * s->font_size;
	case LEN_PCT: return s->line_height.v * s->font_size / 100.0;
	default: return a + d;
	}
}

/* Font metrics with a tiny cache: the same few fonts recur on every line. */
struct metrics_entry {
	const void *key1;
	double size;
	int weight;
	bool italic;
	double a, d;
};
static struct metrics_entry mcache[64];

static void style_metrics(const struct computed_style *s, double *a, double *d)
{
	unsigned h = (unsigned)((uintptr_t)s->font_family >> 4) ^
		     (unsigned)(s->font_size * 64) ^ (unsigned)s->font_weight * 31u ^
		     (s->font_italic ? 7u : 0u);
	struct metrics_entry *e = &mcache[h % ARRAY_LEN(mcache)];
	if (e->key1 == s->font_family && e->size == s->font_size &&
	    e->weight == s->font_weight && e->italic == s->font_italic && e->key1) {
		*a = e->a;
		*d = e->d;
		return;
	}
	text_font_metrics(s, a, d);
	e->key1 = s->font_family;
	e->size = s->font_size;
	e->weight = s->font_weight;
	e->italic = s->font_italic;
	e->a = *a;
	e->d = *d;
}

static void font_metrics(PangoFont *f, double *a, double *d)
{
	PangoFontMetrics *m = pango_font_get_metrics(f, NULL);
	*a = PX(pango_font_metrics_get_ascent(m));
	*d = PX(pango_font_metrics_get_descent(m));
	pango_font_metrics_unref(m);
}

static void layout_block(struct layout_ctx *c, struct box *b, double cb_w,
			 double cb_h);
static void intrinsic_widths(struct layout_ctx *c, struct box *b, double *minw,
			     double *maxw);

/* ---- inline formatting context: building the Pango paragraph ----------- */

struct span {
	size_t start, end;                  /* byte range in the text */
	const struct computed_style *style;
	const struct dom_node *link;
	struct box *atomic;
	uint8_t deco;
	struct css_color deco_color;
	double shift;                       /* baseline shift of the enclosing
	                                       inline elements (sub/sup nest) */
};

struct ifc {
	struct strbuf text;
	PangoAttrList *attrs;
	struct span *spans;
	size_t n_spans, cap_spans;
	bool last_space;                    /* the text so far ends in a collapsible space */
	bool has_content;                   /* something other than collapsible space */
	double max_ls;                      /* largest letter-spacing of any span */
	uint8_t deco;                       /* decorations of the open inline elements */
	struct css_color deco_color;
	double shift;                       /* vertical-align shifts of the open
	                                       inline elements but the innermost */
	double top_shift;                   /* ... and of the innermost */
};

static void ifc_add_span(struct ifc *f, size_t start, const struct computed_style *s,
			 const struct dom_node *link, struct box *atomic)
{
	if (f->n_spans == f->cap_spans) {
		f->cap_spans = f->cap_spans ? f->cap_spans * 2 : 16;
		f->spans = xrealloc(f->spans, f->cap_spans * sizeof *f->spans);
	}
	struct span *sp = &f->spans[f->n_spans++];
	sp->start = start;
	sp->end = f->text.len;
	sp->style = s;
	sp->link = link;
	sp->atomic = atomic;
	sp->deco = f->deco;
	sp->deco_color = f->deco_color;
	/* text takes the innermost element's style (whose shift the run
	 * adds itself); an atomic box sits inside all open elements */
	sp->shift = f->shift + (atomic ? f->top_shift : 0);

	/* The attributes of the range. Every span gets its own foreground
	 * attribute so Pango starts a new item at each span boundary and each
	 * run maps back to exactly one span. */
	PangoFontDescription *fd = text_font_description(s);
	PangoAttribute *at = pango_attr_font_desc_new(fd);
	pango_font_description_free(fd);
	at->start_index = (guint)start;
	at->end_index = (guint)f->text.len;
	pango_attr_list_insert(f->attrs, at);
	at = pango_attr_foreground_new((guint16)(s->color.r * 257),
				       (guint16)(s->color.g * 257),
				       (guint16)(s->color.b * 257));
	at->start_index = (guint)start;
	at->end_index = (guint)f->text.len;
	pango_attr_list_insert(f->attrs, at);
	f->max_ls = MAX(f->max_ls, s->letter_spacing);
	if (s->letter_spacing != 0) {
		at = pango_attr_letter_spacing_new(PU(s->letter_spacing));
		at->start_index = (guint)start;
		at->end_index = (guint)f->text.len;
		pango_attr_list_insert(f->attrs, at);
	}
}

/* Remove the collapsible space that ends the text so far (CSS Text 3
 * §4.1.1 step 4, §4.1.2): the spans and the Pango attributes already
 * inserted must shrink with it, or an attribute boundary would fall inside
 * the next (multi-byte) character. */
static void ifc_drop_trailing_space(struct ifc *f)
{
	f->text.len--;
	f->text.s[f->text.len] = '\0';
	if (f->n_spans && f->spans[f->n_spans - 1].end > f->text.len)
		f->spans[f->n_spans - 1].end = f->text.len;
	pango_attr_list_update(f->attrs, (int)f->text.len, 1, 0);
}

static bool collapsible(const struct computed_style *s)
{
	return s->white_space == WS_NORMAL || s->white_space == WS_NOWRAP ||
	       s->white_space == WS_PRE_LINE;
}

/* Append a text node's content with CSS Text 3 §4.1.1 white space
 * processing (simplified: spaces, tabs and newlines collapse to one space,
 * dropped at the start of the paragraph and after another space). */
static void ifc_add_text(struct ifc *f, const struct computed_style *s,
			 const char *t, size_t n, const struct dom_node *link)
{
	size_t start = f->text.len;
	if (collapsible(s)) {
		for (size_t i = 0; i < n; i++) {
			char ch = t[i];
			if (ch == '\n' && s->white_space == WS_PRE_LINE) {
				/* remove a space before the break */
				if (f->last_space && f->text.len > start &&
				    f->text.s[f->text.len - 1] == ' ')
					ifc_drop_trailing_space(f);
				strbuf_append(&f->text, "\xe2\x80\xa8", 3);
				f->last_space = true;
				continue;
			}
			if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
				if (f->last_space)
					continue;
				strbuf_append(&f->text, " ", 1);
				f->last_space = true;
			} else {
				size_t j = i;
				while (j < n && t[j] != ' ' && t[j] != '\t' && t[j] != '\n' &&
				       t[j] != '\r' && t[j] != '\f')
					j++;
				strbuf_append(&f->text, t + i, j - i);
				i = j - 1;
				f->last_space = false;
				f->has_content = true;
			}
		}
	} else {
		/* pre, pre-wrap: keep everything; a newline is a forced break. */
		for (size_t i = 0; i < n; i++) {
			if (t[i] == '\r')
				continue;
			if (t[i] == '\n')
				strbuf_append(&f->text, "\xe2\x80\xa8", 3);
			else
				strbuf_append(&f->text, t + i, 1);
		}
		if (n)
			f->has_content = true;
		f->last_space = false;
	}
	if (f->text.len == start)
		return;
	if (s->text_transform != TT_NONE) {
		char *seg = f->text.s + start;
		size_t sl = f->text.len - start;
		gchar *tr = NULL;
		if (s->text_transform == TT_UPPERCASE)
			tr = g_utf8_strup(seg, (gssize)sl);
		else if (s->text_transform == TT_LOWERCASE)
			tr = g_utf8_strdown(seg, (gssize)sl);
		if (tr) {
			f->text.len = start;
			strbuf_append(&f->text, tr, strlen(tr));
			g_free(tr);
		} else if (s->text_transform == TT_CAPITALIZE) {
			bool word_start = start == 0 || f->text.s[start - 1] == ' ';
			for (size_t i = start; i < f->text.len; i++) {
				char ch = f->text.s[i];
				if (word_start && ch >= 'a' && ch <= 'z')
					f->text.s[i] = (char)(ch - 32);
				word_start = ch == ' ';
			}
		}
	}
	ifc_add_span(f, start, s, link, NULL);
}

static double baseline_shift(const struct computed_style *s);

/* Pango paragraph for the IFC of b. `avail` < 0: no wrapping (max-content);
 * 0: wrap at every opportunity (min-content). Atomic inlines must already be
 * laid out (their margin boxes give the shape sizes). */
static PangoLayout *ifc_build(struct layout_ctx *c, struct box *b, double avail,
			      struct ifc *f, bool measure)
{
	strbuf_init(&f->text, MAX_INLINE_TEXT_BYTES);
	f->attrs = pango_attr_list_new();
	f->spans = NULL;
	f->n_spans = f->cap_spans = 0;
	f->last_space = true;
	f->has_content = false;
	f->max_ls = 0;

	/* Open inline elements: the link and the text decorations they
	 * propagate to their text (CSS 2.1 §16.3.1). */
	struct { const struct dom_node *link; uint8_t deco; struct css_color dc;
		 double shift, top_shift; } stack[MAX_DOM_DEPTH];
	int depth = 0;
	const struct dom_node *link = NULL;
	f->deco = b->style->text_decoration;
	f->deco_color = b->style->text_decoration_color.a ? b->style->text_decoration_color
							   : b->style->color;
	f->shift = f->top_shift = 0;

	for (size_t i = 0; i < b->n_inl; i++) {
		struct inl_item *it = &b->inl[i];
		switch (it->kind) {
		case INL_TEXT:
			ifc_add_text(f, it->style, it->node->text, it->node->text_len, link);
			break;
		case INL_OPEN:
			if (depth < MAX_DOM_DEPTH) {
				stack[depth].link = link;
				stack[depth].deco = f->deco;
				stack[depth].dc = f->deco_color;
				stack[depth].shift = f->shift;
				stack[depth].top_shift = f->top_shift;
				depth++;
			}
			f->shift += f->top_shift;
			f->top_shift = baseline_shift(it->style);
			if (dom_is(it->node, "a") && dom_get_attr(it->node, "href"))
				link = it->node;
			if (it->style->text_decoration) {
				f->deco |= it->style->text_decoration;
				f->deco_color = it->style->text_decoration_color.a
					? it->style->text_decoration_color : it->style->color;
			}
			break;
		case INL_CLOSE:
			if (depth > 0) {
				depth--;
				link = stack[depth].link;
				f->deco = stack[depth].deco;
				f->deco_color = stack[depth].dc;
				f->shift = stack[depth].shift;
				f->top_shift = stack[depth].top_shift;
			}
			break;
		case INL_BREAK: {
			size_t start = f->text.len;
			/* a space before a forced break is removed (§4.1.1 step 4) */
			if (f->last_space && start > 0 && f->text.s[start - 1] == ' ') {
				ifc_drop_trailing_space(f);
				start = f->text.len;
			}
			strbuf_append(&f->text, "\xe2\x80\xa8", 3);
			ifc_add_span(f, start, it->style, link, NULL);
			f->last_space = true;
			f->has_content = true;
			break;
		}
		case INL_ATOMIC: {
			struct box *a = it->atomic;
			double mw, mh;
			if (measure && !a->laid_out) {
				double mn, mx;
				intrinsic_widths(c, a, &mn, &mx);
				mw = avail == 0 ? mn : mx;
				mh = 0;
			} else {
				mw = layout_border_box_w(a) + a->margin[SIDE_LEFT] + a->margin[SIDE_RIGHT];
				mh = layout_border_box_h(a) + a->margin[SIDE_TOP] + a->margin[SIDE_BOTTOM];
			}
			/* a float kept inline (box_build.c) takes no room when its
			 * margin box is negative, as a float shortens no line box
			 * (the task-list checkbox hangs left of its text) */
			if (a->style->float_ != FLOAT_NONE && mw < 0)
				mw = 0;
			double above = a->baseline >= 0 ? a->baseline : mh;
			size_t start = f->text.len;
			strbuf_append(&f->text, "\xef\xbf\xbc", 3);  /* U+FFFC */
			PangoRectangle r = { 0, -PU(above), PU(mw), PU(mh) };
			PangoAttribute *at = pango_attr_shape_new(&r, &r);
			at->start_index = (guint)start;
			at->end_index = (guint)f->text.len;
			pango_attr_list_insert(f->attrs, at);
			ifc_add_span(f, start, it->style, link, a);
			f->last_space = false;
			f->has_content = true;
			break;
		}
		}
	}
	/* Trailing collapsible space does not count (§4.1.2). */
	if (f->last_space && f->text.len && f->text.s[f->text.len - 1] == ' ')
		ifc_drop_trailing_space(f);
	if (!f->text.s)
		strbuf_append(&f->text, "", 0);

	PangoLayout *pl = pango_layout_new(text_context());
	pango_layout_set_text(pl, f->text.s, (int)f->text.len);
	pango_layout_set_attributes(pl, f->attrs);
	const struct computed_style *s = b->style;
	PangoFontDescription *fd = text_font_description(s);
	pango_layout_set_font_description(pl, fd);
	pango_layout_set_auto_dir(pl, FALSE);
	pango_context_set_base_dir(text_context(), s->direction == DIR_RTL ?
				   PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
	pango_layout_context_changed(pl);
	pango_font_description_free(fd);
	bool wrap = s->white_space != WS_PRE && s->white_space != WS_NOWRAP;
	if (avail >= 0 && wrap) {
		/* Pango's line breaker counts one more letter-spacing than its
		 * extents report, so a width measured as max-content would wrap
		 * without this allowance. */
		pango_layout_set_width(pl, avail == 0 ? 1 : PU(avail + f->max_ls) + 1);
		pango_layout_set_wrap(pl, s->overflow_wrap || s->word_break_all
				      ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
	} else {
		pango_layout_set_width(pl, -1);
	}
	if (!measure) {
		PangoAlignment al = PANGO_ALIGN_LEFT;
		switch (s->text_align) {
		case TA_CENTER: case TA_WEBKIT_CENTER: al = PANGO_ALIGN_CENTER; break;
		case TA_RIGHT: al = PANGO_ALIGN_RIGHT; break;
		case TA_END: al = s->direction == DIR_RTL ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT; break;
		case TA_START: al = s->direction == DIR_RTL ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT; break;
		case TA_JUSTIFY: pango_layout_set_justify(pl, TRUE); break;
		default: break;
		}
		pango_layout_set_alignment(pl, al);
		if (s->text_indent.kind == LEN_PX && s->text_indent.v != 0)
			pango_layout_set_indent(pl, PU(s->text_indent.v));
	}
	return pl;
}

static void ifc_free(struct ifc *f)
{
	pango_attr_list_unref(f->attrs);
	free(f->spans);
	strbuf_free(&f->text);
}

static const struct span *span_at(const struct ifc *f, size_t off)
{
	size_t lo = 0, hi = f->n_spans;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (f->spans[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* skip empty spans that end at off */
	while (lo < f->n_spans && f->spans[lo].start > off && lo > 0)
		lo--;
	return lo < f->n_spans ? &f->spans[lo] : (f->n_spans ? &f->spans[f->n_spans - 1] : NULL);
}

/* Vertical offset of a run's baseline from the line's baseline for
 * vertical-align values that shift it (CSS 2.1 §10.8.1; the sub/super
 * amounts are Blink's: 1/3 of the parent's font size up, 1/5 + 1 down). */
static double baseline_shift(const struct computed_style *s)
{
	double parent = s->font_size / 0.833;   /* `smaller` ≈ ÷1.2 */
	switch (s->vertical_align) {
	case VA_SUPER: return -(parent / 3.0 + 1);
	case VA_SUB: return parent / 5.0 + 1;
	case VA_LENGTH:
		if (s->vertical_align_len.kind == LEN_PX)
			return -s->vertical_align_len.v;
		if (s->vertical_align_len.kind == LEN_PCT) {
			double a, d;
			style_metrics(s, &a, &d);
			return -s->vertical_align_len.v / 100.0 * line_height_px(s, a, d);
		}
		return 0;
	default: return 0;
	}
}

static void layout_ifc(struct layout_ctx *c, struct box *b)
{
	/* Atomic inlines first: their sizes shape the lines. */
	for (size_t i = 0; i < b->n_inl; i++) {
		struct box *a = b->inl[i].atomic;
		if (b->inl[i].kind == INL_ATOMIC) {
			layout_block(c, a, b->w, -1);
			/* baseline of an atomic inline from its margin-box top */
			if (a->type == BOX_REPLACED || a->baseline < 0 ||
			    a->style->overflow_x != OVERFLOW_VISIBLE)
				a->baseline = layout_border_box_h(a) + a->margin[SIDE_TOP] +
					      a->margin[SIDE_BOTTOM];
			else
				a->baseline += a->margin[SIDE_TOP];
		}
	}
	struct ifc f;
	PangoLayout *pl = ifc_build(c, b, b->w, &f, false);
	arena_defer(c->arena, g_object_unref, pl);
	b->layout = pl;
	b->text = arena_strndup(c->arena, f.text.s, f.text.len);
	/* Pango's runs point into its own copy of the text, which is what
	 * b->text mirrors byte for byte. */

	if (!f.has_content) {
		b->h = 0;
		ifc_free(&f);
		return;
	}

	double sa, sd;
	style_metrics(b->style, &sa, &sd);
	double sl = line_height_px(b->style, sa, sd);

	int n_lines = pango_layout_get_line_count(pl);
	size_t cap_runs = 16;
	b->runs = arena_alloc(c->arena, cap_runs * sizeof *b->runs);
	b->n_runs = 0;
	size_t cap_frags = 8;
	b->frags = arena_alloc(c->arena, cap_frags * sizeof *b->frags);

	double y = 0;
	bool nowrap = b->style->white_space == WS_PRE || b->style->white_space == WS_NOWRAP;
	PangoRectangle whole;
	pango_layout_get_extents(pl, NULL, &whole);
	double align_off = 0;
	if (nowrap) {
		double lw = PX(whole.width);
		switch (b->style->text_align) {
		case TA_CENTER: case TA_WEBKIT_CENTER: align_off = (b->w - lw) / 2; break;
		case TA_RIGHT: align_off = b->w - lw; break;
		default: break;
		}
	}

	PangoLayoutIter *iter = pango_layout_get_iter(pl);
	for (int li = 0; li < n_lines; li++) {
		PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
		PangoRectangle lr;
		pango_layout_iter_get_line_extents(iter, NULL, &lr);
		double lx = PX(lr.x) + align_off;

		/* Pass 1: the line box (§10.8): strut and every inline box,
		 * relative to the baseline (negative = above). */
		double top = -(sa + (sl - sa - sd) / 2), bottom = sd + (sl - sa - sd) / 2;
		size_t first_run = b->n_runs;
		double x = lx;
		for (GSList *l = line->runs; l; l = l->next) {
			PangoGlyphItem *gi = l->data;
			const struct span *sp = span_at(&f, (size_t)gi->item->offset);
			double w = PX(pango_glyph_string_get_width(gi->glyphs));
			if (b->n_runs == cap_runs) {
				struct text_run *nr = arena_alloc(c->arena, cap_runs * 2 * sizeof *nr);
				memcpy(nr, b->runs, cap_runs * sizeof *nr);
				b->runs = nr;
				cap_runs *= 2;
			}
			struct text_run *r = &b->runs[b->n_runs++];
			r->gi = gi;
			r->x = x;
			r->width = w;
			r->style = sp ? sp->style : b->style;
			r->link = sp ? sp->link : NULL;
			r->span = sp ? (int)(sp - f.spans) : -1;
			r->deco = sp ? sp->deco : 0;
			if (sp)
				r->deco_color = sp->deco_color;
			double shift = baseline_shift(r->style) + (sp ? sp->shift : 0);
			if (sp && sp->atomic) {
				struct box *a = sp->atomic;
				double mh = layout_border_box_h(a) + a->margin[SIDE_TOP] +
					    a->margin[SIDE_BOTTOM];
				r->ascent = a->baseline - shift;
				r->descent = mh - a->baseline + shift;
				if (a->style->vertical_align != VA_TOP &&
				    a->style->vertical_align != VA_BOTTOM) {
					if (a->style->vertical_align == VA_MIDDLE) {
						/* midpoint at baseline + x-height/2 of the parent */
						double mid = -sa * 0.5 * 0.5;  /* ≈ x-height/2 */
						r->ascent = mh / 2 - mid;
						r->descent = mh / 2 + mid;
					}
					top = MIN(top, -r->ascent);
					bottom = MAX(bottom, r->descent);
				}
			} else {
				double a, d;
				font_metrics(gi->item->analysis.font, &a, &d);
				double L = line_height_px(r->style, a, d);
				double half = (L - a - d) / 2;
				r->ascent = a;
				r->descent = d;
				if (r->style->vertical_align != VA_TOP &&
				    r->style->vertical_align != VA_BOTTOM) {
					top = MIN(top, -(a + half) + shift);
					bottom = MAX(bottom, d + half + shift);
				}
			}
			r->baseline = shift;      /* relative for now */
			x += w;
		}
		/* top/bottom-aligned boxes extend the line box if taller (§10.8) */
		for (size_t k = first_run; k < b->n_runs; k++) {
			struct text_run *r = &b->runs[k];
			if (r->style->vertical_align == VA_TOP ||
			    r->style->vertical_align == VA_BOTTOM) {
				double hgt;
				const struct span *sp = r->span >= 0 ? &f.spans[r->span] : NULL;
				if (sp && sp->atomic)
					hgt = r->ascent + r->descent;
				else {
					double L = line_height_px(r->style, r->ascent, r->descent);
					hgt = L;
				}
				if (hgt > bottom - top)
					bottom = top + hgt;
			}
		}
		double base = y - top;
		/* Pass 2: place runs and atomic boxes. */
		for (size_t k = first_run; k < b->n_runs; k++) {
			struct text_run *r = &b->runs[k];
			const struct span *sp = r->span >= 0 ? &f.spans[r->span] : NULL;
			uint8_t va = r->style->vertical_align;
			if (sp && sp->atomic)
				va = sp->atomic->style->vertical_align;
			if (va == VA_TOP) {
				double half = sp && sp->atomic ? 0 :
					(line_height_px(r->style, r->ascent, r->descent) -
					 r->ascent - r->descent) / 2;
				r->baseline = y + half + r->ascent;
			} else if (va == VA_BOTTOM) {
				double half = sp && sp->atomic ? 0 :
					(line_height_px(r->style, r->ascent, r->descent) -
					 r->ascent - r->descent) / 2;
				r->baseline = y + (bottom - top) - half - r->descent;
			} else {
				r->baseline = base + r->baseline;
			}
			if (sp && sp->atomic) {
				struct box *a = sp->atomic;
				a->x = r->x + a->margin[SIDE_LEFT];
				a->y = r->baseline - r->ascent + a->margin[SIDE_TOP];
			} else if (r->style->background_color.a ||
				   r->style->border_width[SIDE_BOTTOM] > 0) {
				if (b->n_frags == cap_frags) {
					struct span_frag *nf = arena_alloc(c->arena, cap_frags * 2 * sizeof *nf);
					memcpy(nf, b->frags, cap_frags * sizeof *nf);
					b->frags = nf;
					cap_frags *= 2;
				}
				struct span_frag *fr = &b->frags[b->n_frags++];
				fr->style = r->style;
				fr->x = r->x;
				fr->w = r->width;
				fr->top = r->baseline - r->ascent;
				fr->h = r->ascent + r->descent;
			}
		}
		if (li == 0)
			b->first_baseline = base;
		b->baseline = base;         /* the last line's, from the content top */
		y += bottom - top;
		pango_layout_iter_next_line(iter);
	}
	pango_layout_iter_free(iter);
	b->h = y;
	ifc_free(&f);
}

/* ---- intrinsic widths (CSS 2.1 §10.3.5 "preferred widths") ------------ */

static void intrinsic_widths(struct layout_ctx *c, struct box *b, double *minw,
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
	if (b->type == BOX_REPLACED) {
		double iw = b->image ? b->image->width : 0, ih = b->image ? b->image->height : 0;
		double w = iw;
		if (b->attr_w > 0)
			w = b->attr_w;
		else if (b->attr_h > 0 && ih > 0)
			w = b->attr_h * iw / ih;
		else if (s->height.kind == LEN_PX && ih > 0)
			w = s->height.v * iw / ih;
		if (!b->image && w == 0)
			w = 24;
		*minw = *maxw = w + frame;
		if (s->max_width.kind == LEN_PCT)   /* percent of an unknown width */
			*minw = frame;
		return;
	}
	double mn = 0, mx = 0;
	if (b->n_inl && !b->first) {
		struct ifc f;
		PangoLayout *pl = ifc_build(c, b, -1, &f, true);
		PangoRectangle r;
		pango_layout_get_extents(pl, NULL, &r);
		mx = PX(r.width);
		g_object_unref(pl);
		ifc_free(&f);
		pl = ifc_build(c, b, 0, &f, true);
		pango_layout_get_extents(pl, NULL, &r);
		mn = PX(r.width);
		g_object_unref(pl);
		ifc_free(&f);
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
	resolve_edges(b, cb_w);
	for (int i = 0; i < 4; i++)
		if (s->margin[i].kind == LEN_AUTO)
			b->margin[i] = 0;
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
	if (!b->image && w < 0 && h < 0) {
		/* A missing picture with no size: a small placeholder. */
		w = h = 24;
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
	h = MIN(MAX(h, minh), maxh);
	b->w = w;
	b->h = h;
	b->laid_out = true;
}

/* ---- tables (CSS 2.1 §17.5.2.2 automatic layout, simplified) ---------- */

#define MAX_TABLE_COLS 64

static void layout_table(struct layout_ctx *c, struct box *t, double cb_w)
{
	const struct computed_style *s = t->style;
	resolve_edges(t, cb_w);
	double colmin[MAX_TABLE_COLS] = {0}, colmax[MAX_TABLE_COLS] = {0};
	int ncols = 0;
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
			col += span;
		}
		ncols = MAX(ncols, col);
	}
	double spacing = s->border_collapse == BC_COLLAPSE ? 0 : s->border_spacing;
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
	t->laid_out = true;
}

/* ---- block layout ----------------------------------------------------- */

/* Collapsing margins (CSS 2.1 §8.3.1): the largest positive and the most
 * negative of the adjoining margins. */
struct mc { double pos, neg; };

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

static bool is_bfc_root(const struct box *b)
{
	return b->type != BOX_BLOCK || !b->parent ||
	       b->style->overflow_x != OVERFLOW_VISIBLE ||
	       b->style->float_ != FLOAT_NONE || b->style->position == POS_ABSOLUTE ||
	       b->style->display == DISPLAY_FLEX || b->style->display == DISPLAY_INLINE_BLOCK;
}

/* Margins that collapsed through a box to its parent, kept per box while the
 * parent lays it out. */
struct collapse {
	struct mc top, bottom;
	bool through;     /* empty: top and bottom margins adjoin */
};

static void layout_block_inner(struct layout_ctx *c, struct box *b, double cb_w,
			       double cb_h, struct collapse *out);

static void layout_block(struct layout_ctx *c, struct box *b, double cb_w, double cb_h)
{
	struct collapse col;
	layout_block_inner(c, b, cb_w, cb_h, &col);
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
	for (struct box *ch = b->first; ch; ch = ch->next) {
		struct collapse cc;
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

static void layout_block_inner(struct layout_ctx *c, struct box *b, double cb_w,
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
	if (b->first) {
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
	b->laid_out = true;
}

void layout_slide(struct layout_ctx *c, struct box *root, double width)
{
	struct collapse col;
	layout_block_inner(c, root, width, -1, &col);
	root->x = root->margin[SIDE_LEFT];
	root->y = 0;
}
