/*
 * inline.c — inline formatting contexts (CSS 2.1 §9.4.2, §10.8): the
 * paragraph's text, spans and Pango attributes, Pango's line breaking, and
 * line boxes placed here by §10.8 rather than taken from Pango, so that
 * strut, half-leading and atomic inlines behave as in a browser. A
 * paragraph of many styled pieces is handed to Pango in windows, one
 * layout each ("Pango layouts, window by window" below).
 *
 * SPDX-License-Identifier: MIT
 */
#include "layout/layout_internal.h"
#include "markdown/dom.h"
#include "math/math.h"
#include "base/scs_limits.h"
#include "text/text.h"
#include "base/util.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

/* ---- line heights and font metrics ------------------------------------ */

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
	/* The paragraph's attributes (owned until handed to a layout), kept
	 * in the order a PangoAttrList keeps them: by start index, in
	 * insertion order among equal ones. They are inserted and updated as
	 * pango_attr_list_insert() and _update() would, but from the end of the
	 * list, where the changes are (those walk the whole list: a paragraph
	 * of many pieces took quadratic time to build). */
	PangoAttribute **attrs;
	size_t n_attrs, cap_attrs;
	PangoAttribute **recent;            /* attributes in insertion order since
	                                       the oldest one that may still reach
	                                       the end of the text */
	size_t n_recent, cap_recent;
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
	struct ibox *iboxes;                /* inline elements, in tree (opening) order */
	size_t n_ibox, cap_ibox;
	/* how its Pango layouts are made (ifc_layout) */
	const struct computed_style *style; /* the IFC's block's */
	double avail;                       /* ifc_build()'s */
	bool measure;
	bool wrap;                          /* lines wrap at avail */
};

/* Insert `at` (taken over) where pango_attr_list_insert() would: after the
 * last attribute that starts at or before it. */
static void ifc_attr(struct ifc *f, PangoAttribute *at)
{
	if (f->n_attrs == f->cap_attrs) {
		f->cap_attrs = f->cap_attrs ? 2 * f->cap_attrs : 64;
		f->attrs = xrealloc(f->attrs, f->cap_attrs * sizeof *f->attrs);
	}
	size_t i = f->n_attrs;
	while (i > 0 && f->attrs[i - 1]->start_index > at->start_index)
		i--;
	memmove(f->attrs + i + 1, f->attrs + i, (f->n_attrs - i) * sizeof *f->attrs);
	f->attrs[i] = at;
	f->n_attrs++;
	if (f->n_recent == f->cap_recent) {
		f->cap_recent = f->cap_recent ? 2 * f->cap_recent : 64;
		f->recent = xrealloc(f->recent, f->cap_recent * sizeof *f->recent);
	}
	f->recent[f->n_recent++] = at;
}

/* An inline element of the IFC: its text range (with its edge characters)
 * and its horizontal margin+border+padding, for the fragments paint draws
 * (CSS 2.1 §9.4.2, §10.8.1: only horizontal edges take room in the line). */
struct ibox {
	const struct computed_style *style;
	size_t start, end;
	double edge[4];                     /* margin+border+padding per side */
	double margin_l, margin_r;
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
	ifc_attr(f, at);
	at = pango_attr_foreground_new((guint16)(s->color.r * 257),
				       (guint16)(s->color.g * 257),
				       (guint16)(s->color.b * 257));
	at->start_index = (guint)start;
	at->end_index = (guint)f->text.len;
	ifc_attr(f, at);
	/* letter-spacing goes between characters of text, not around an
	 * atomic inline (CSS Text 3 §8.2): its placeholder keeps its width */
	if (atomic) {
		if (s->letter_spacing != 0) {
			at = pango_attr_letter_spacing_new(0);
			at->start_index = (guint)start;
			at->end_index = (guint)f->text.len;
			ifc_attr(f, at);
		}
		return;
	}
	f->max_ls = MAX(f->max_ls, s->letter_spacing);
	if (s->letter_spacing != 0) {
		at = pango_attr_letter_spacing_new(PU(s->letter_spacing));
		at->start_index = (guint)start;
		at->end_index = (guint)f->text.len;
		ifc_attr(f, at);
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
	/* pango_attr_list_update(list, pos, 1, 0) on the attributes it can
	 * change: those reaching pos. An attribute ends at most 3 bytes past
	 * the text at its insertion (a break hint before its character), and
	 * the text never shrinks twice in a row, so the older ones end before
	 * pos - 4 and stay so; they leave `recent`. */
	size_t pos = f->text.len, keep = 0;
	for (size_t i = 0; i < f->n_recent; i++) {
		PangoAttribute *at = f->recent[i];
		if (at->end_index + 4 < pos)
			continue;
		if (at->start_index >= pos && at->end_index < pos + 1) {
			/* an empty range at pos: gone, as Pango drops it */
			size_t k = f->n_attrs;
			while (k > 0 && f->attrs[k - 1] != at)
				k--;
			if (k) {
				memmove(f->attrs + k - 1, f->attrs + k,
					(f->n_attrs - k) * sizeof *f->attrs);
				f->n_attrs--;
				pango_attribute_destroy(at);
			}
			continue;
		}
		if (at->start_index >= pos + 1)
			at->start_index--;
		if (at->end_index >= pos + 1)
			at->end_index--;
		f->recent[keep++] = at;
	}
	f->n_recent = keep;
}

static bool collapsible(const struct computed_style *s)
{
	return s->white_space == WS_NORMAL || s->white_space == WS_NOWRAP ||
	       s->white_space == WS_PRE_LINE;
}

/* Append n bytes of a word, with U+200B / U+2060 where Chrome's ASCII
 * break table and Pango's UAX #14 disagree (text_ascii_break_fix), so lines
 * break where Chrome breaks them. Both characters are invisible and absent
 * from the PDF's text. */
static void ifc_append_word(struct ifc *f, const char *t, size_t n, bool wraps)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char prev = f->text.len ? (unsigned char)f->text.s[f->text.len - 1] : 0;
		/* after a space only where lines wrap (pre and nowrap do not) */
		int fix = prev == ' ' && !wraps ? 0 : text_ascii_break_fix(prev, (unsigned char)t[i]);
		if (fix) {
			/* Pango would give the hint its own letter-spacing. */
			PangoAttribute *at = pango_attr_letter_spacing_new(0);
			at->start_index = (guint)f->text.len;
			at->end_index = (guint)f->text.len + 3;
			strbuf_append(&f->text, fix == 1 ? "\xe2\x80\x8b" : "\xe2\x81\xa0", 3);
			ifc_attr(f, at);
		}
		strbuf_append(&f->text, t + i, 1);
	}
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
				ifc_append_word(f, t + i, j - i, s->white_space != WS_NOWRAP);
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
				ifc_append_word(f, t + i, 1, s->white_space != WS_PRE);
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

/* A horizontal edge of an inline element (its margin, border and padding
 * on one side): an object character shaped to that width, glued to the
 * element's first or last character so no line breaks between them. */
static void ifc_add_edge(struct ifc *f, const struct computed_style *s,
			 const struct dom_node *link, double w, bool opening)
{
	size_t start = f->text.len;
	strbuf_append(&f->text, "\xef\xbf\xbc", 3);  /* U+FFFC */
	PangoRectangle r = { 0, 0, PU(w), 0 };
	PangoAttribute *at = pango_attr_shape_new(&r, &r);
	at->start_index = (guint)start;
	at->end_index = (guint)f->text.len;
	ifc_attr(f, at);
	ifc_add_span(f, start, s, link, NULL);
	at = pango_attr_allow_breaks_new(FALSE);
	if (opening) {
		at->start_index = (guint)start;
		at->end_index = (guint)f->text.len + 1;
	} else {
		const char *prev = start ? g_utf8_find_prev_char(f->text.s, f->text.s + start) : NULL;
		at->start_index = prev ? (guint)(prev - f->text.s) : (guint)start;
		at->end_index = (guint)f->text.len;
	}
	ifc_attr(f, at);
	f->has_content = true;
}

/* Fullwidth punctuation classes of CSS Text 4 §10.1 (text-spacing-trim)
 * for code point u: 'o' opening, 'c' closing, 'm' middle dot, 0 other. */
static char cjk_punct_class(gunichar u)
{
	switch (u) {
	case 0x3008: case 0x300A: case 0x300C: case 0x300E: case 0x3010: case 0x3014:
	case 0x3016: case 0x3018: case 0x301A: case 0xFF08: case 0xFF3B: case 0xFF5B:
	case 0xFF5F:
		return 'o';
	case 0x3001: case 0x3002: case 0x3009: case 0x300B: case 0x300D: case 0x300F:
	case 0x3011: case 0x3015: case 0x3017: case 0x3019: case 0x301B: case 0xFF09:
	case 0xFF0C: case 0xFF0E: case 0xFF3D: case 0xFF5D: case 0xFF60:
		return 'c';
	case 0x30FB: case 0xFF1A: case 0xFF1B:
		return 'm';
	default:
		return 0;
	}
}

/* text-spacing-trim: normal (CSS Text 4 §10.1, Chrome 123+): of two
 * adjacent fullwidth punctuation marks ("。「", "」」", "（「") one is set
 * half-width: an opening mark after another mark, a closing mark before
 * a closing or middle one. The CJK fonts do it with 'halt'. */
static void ifc_trim_adjacent(struct ifc *f)
{
	const char *t = f->text.s, *end = t + f->text.len;
	for (const char *p = t; p < end;) {
		unsigned char ch = (unsigned char)*p;
		if (ch != 0xe3 && ch != 0xef) {
			p++;
			continue;
		}
		const char *q = g_utf8_next_char(p);
		if (q >= end)
			break;
		char a = cjk_punct_class(g_utf8_get_char(p));
		char b = a ? cjk_punct_class(g_utf8_get_char(q)) : 0;
		const char *half = NULL;
		if (a && b == 'o')
			half = q;
		else if (a == 'c' && (b == 'c' || b == 'm'))
			half = p;
		if (half) {
			PangoAttribute *at = pango_attr_font_features_new("halt");
			at->start_index = (guint)(half - t);
			at->end_index = (guint)(g_utf8_next_char(half) - t);
			ifc_attr(f, at);
		}
		p = q;
	}
}

/* The text, spans and attributes of the IFC of b, for Pango layouts
 * (ifc_walk) that wrap at `avail`: < 0 no wrapping (max-content), 0 at every
 * opportunity (min-content). Atomic inlines must already be laid out (their
 * margin boxes give the shape sizes). */
static void ifc_build(struct layout_ctx *c, struct box *b, double avail, struct ifc *f,
		      bool measure)
{
	strbuf_init(&f->text, MAX_INLINE_TEXT_BYTES);
	f->attrs = f->recent = NULL;
	f->n_attrs = f->cap_attrs = f->n_recent = f->cap_recent = 0;
	f->style = b->style;
	f->avail = avail;
	f->measure = measure;
	f->wrap = avail >= 0 && b->style->white_space != WS_PRE &&
		  b->style->white_space != WS_NOWRAP;
	f->spans = NULL;
	f->n_spans = f->cap_spans = 0;
	f->last_space = true;
	f->has_content = false;
	f->max_ls = 0;
	f->iboxes = NULL;
	f->n_ibox = f->cap_ibox = 0;

	/* Open inline elements: the link and the text decorations they
	 * propagate to their text (CSS 2.1 §16.3.1). */
	struct { const struct dom_node *link; uint8_t deco; struct css_color dc; size_t ib;
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
		case INL_OPEN: {
			if (f->n_ibox == f->cap_ibox) {
				f->cap_ibox = f->cap_ibox ? 2 * f->cap_ibox : 8;
				f->iboxes = xrealloc(f->iboxes, f->cap_ibox * sizeof *f->iboxes);
			}
			struct ibox *ib = &f->iboxes[f->n_ibox];
			const struct computed_style *es = it->style;
			ib->style = es;
			for (int k = 0; k < 4; k++)
				ib->edge[k] = MAX(0, len_px(es->padding[k], b->w, 0)) + es->border_width[k];
			ib->margin_l = len_px(es->margin[SIDE_LEFT], b->w, 0);
			ib->margin_r = len_px(es->margin[SIDE_RIGHT], b->w, 0);
			ib->edge[SIDE_LEFT] += ib->margin_l;
			ib->edge[SIDE_RIGHT] += ib->margin_r;
			ib->start = f->text.len;
			ib->end = (size_t)-1;
			if (depth < MAX_DOM_DEPTH) {
				stack[depth].link = link;
				stack[depth].deco = f->deco;
				stack[depth].dc = f->deco_color;
				stack[depth].ib = f->n_ibox;
				stack[depth].shift = f->shift;
				stack[depth].top_shift = f->top_shift;
				depth++;
			}
			f->n_ibox++;
			f->shift += f->top_shift;
			f->top_shift = baseline_shift(it->style);
			if (dom_is(it->node, "a") && dom_get_attr(it->node, "href"))
				link = it->node;
			if (it->style->text_decoration) {
				f->deco |= it->style->text_decoration;
				f->deco_color = it->style->text_decoration_color.a
					? it->style->text_decoration_color : it->style->color;
			}
			if (ib->edge[SIDE_LEFT] > 0) {
				ifc_add_edge(f, es, link, ib->edge[SIDE_LEFT], true);
				f->last_space = false;
			}
			break;
		}
		case INL_CLOSE:
			if (depth > 0) {
				depth--;
				struct ibox *ib = &f->iboxes[stack[depth].ib];
				if (ib->edge[SIDE_RIGHT] > 0) {
					ifc_add_edge(f, ib->style, link, ib->edge[SIDE_RIGHT], false);
					f->last_space = false;
				}
				ib->end = f->text.len;
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
			ifc_attr(f, at);
			ifc_add_span(f, start, it->style, link, a);
			f->last_space = false;
			f->has_content = true;
			break;
		}
		}
	}
	/* Elements left open continue in the next anonymous block. */
	for (size_t k = 0; k < f->n_ibox; k++)
		if (f->iboxes[k].end == (size_t)-1)
			f->iboxes[k].end = f->text.len;
	/* Trailing collapsible space does not count (§4.1.2). */
	if (f->last_space && f->text.len && f->text.s[f->text.len - 1] == ' ')
		ifc_drop_trailing_space(f);
	if (!f->text.s)
		strbuf_append(&f->text, "", 0);
	ifc_trim_adjacent(f);

}

static void ifc_free(struct ifc *f)
{
	for (size_t i = 0; i < f->n_attrs; i++)
		pango_attribute_destroy(f->attrs[i]);
	free(f->attrs);
	free(f->recent);
	free(f->spans);
	free(f->iboxes);
	strbuf_free(&f->text);
}

/* ---- inline formatting context: Pango layouts, window by window -------- */

/*
 * Pango 1.50 finds the attributes of each run of a layout by walking its
 * attribute list from the start (pango_glyph_item_apply_attrs), so a layout
 * takes time in runs × attributes: a paragraph of a hundred thousand styled
 * pieces took hours. A paragraph with more than IFC_WINDOW attributes is
 * therefore laid out as a row of layouts ("windows") of about that many
 * attributes each, cut
 *  - after the last forced break in the window, if it has one: lines end
 *    there anyway, so the lines are those of one layout (a long code
 *    block, whose lines all end in forced breaks, is cut only there);
 *  - else, when lines wrap, where the window's last line starts: all lines
 *    but that one are kept (where a line breaks depends on the text up to
 *    its end, not after it), and the next window starts with that line;
 *    if the window is a single line, a twice bigger one is tried, up to
 *    IFC_WINDOW_MAX attributes;
 *  - else (lines that do not wrap, or a line with more attributes than
 *    that) at an attribute boundary: the next window's first line
 *    continues the line, its runs placed after the first window's (the
 *    shaping of the two characters at the cut may differ from one layout's).
 * A paragraph with fewer attributes is one layout of them all, as always.
 */
enum { IFC_WINDOW = 512, IFC_WINDOW_MAX = 16 * IFC_WINDOW };

/* How far past the available width a wrapped line may reach: the
 * letter-spacing after its last character. The reference renders keep a
 * line on one line when only that last letter-spacing overflows (diagrams
 * slide 1: 959.63 px of text and 47 spacings + 0.4 px > 960 px stays one
 * line; Chromium measures that line 959.68 px wide, trailing spacing
 * included, its large-size advances being a little narrower than the
 * font's design widths). Justified lines get no slack: Pango stretches
 * them to the layout's width. */
static double ifc_fit_slack(const struct ifc *f)
{
	return f->style->text_align == TA_JUSTIFY ? 0 : f->max_ls;
}

static void ifc_no_hyphens(PangoAttrList *attrs, size_t start, size_t end)
{
	if (start >= end)
		return;
	PangoAttribute *at = pango_attr_insert_hyphens_new(FALSE);
	at->start_index = (guint)start;
	at->end_index = (guint)end;
	pango_attr_list_insert_before(attrs, at);
}

/* A Pango layout of text[from..to) with the attribute list attrs (which it
 * takes a reference to). */
static PangoLayout *ifc_layout(const struct ifc *f, size_t from, size_t to,
			       PangoAttrList *attrs, bool windowed)
{
	PangoLayout *pl = pango_layout_new(text_context());
	pango_layout_set_text(pl, f->text.s + from, (int)(to - from));
	/* A word broken for overflow-wrap or word-break gets no hyphen
	 * (CSS Text 3 §5.5: `hyphens: manual` shows one only at a soft
	 * hyphen); Pango would add one at every intra-word break. */
	const char *t = f->text.s + from;
	size_t n = to - from, start = 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if ((unsigned char)t[i] != 0xC2 || (unsigned char)t[i + 1] != 0xAD)
			continue;
		/* the break after a soft hyphen keeps its hyphen: the
		 * character after it stays out of the range */
		size_t after = i + 2;
		ifc_no_hyphens(attrs, start, after);
		start = after < n ? (size_t)(g_utf8_next_char(t + after) - t) : n;
	}
	ifc_no_hyphens(attrs, start, n);
	pango_layout_set_attributes(pl, attrs);
	const struct computed_style *s = f->style;
	PangoFontDescription *fd = text_font_description(s);
	pango_layout_set_font_description(pl, fd);
	pango_layout_set_auto_dir(pl, FALSE);
	pango_context_set_base_dir(text_context(), s->direction == DIR_RTL ?
				   PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
	pango_layout_context_changed(pl);
	pango_font_description_free(fd);
	if (f->wrap) {
		/* Pango's line breaker counts a letter-spacing after every
		 * character of a line, the last one too; its extents leave
		 * that last one out (ifc_width adds it back: Blink's line
		 * and max-content widths include it). ifc_fit_slack lets a
		 * line fit whose last letter-spacing alone overflows. */
		pango_layout_set_width(pl, f->avail == 0 ? 1
				       : PU(f->avail + ifc_fit_slack(f)) + 1);
		pango_layout_set_wrap(pl, s->overflow_wrap || s->word_break_all
				      ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
	} else {
		pango_layout_set_width(pl, -1);
	}
	/* Unwrapped lines stay left-aligned: layout_ifc aligns each in the
	 * box (Pango would align them to the widest line of the layout). */
	if (!f->measure && (f->wrap || !windowed)) {
		PangoAlignment al = PANGO_ALIGN_LEFT;
		switch (s->text_align) {
		case TA_CENTER: case TA_WEBKIT_CENTER: al = PANGO_ALIGN_CENTER; break;
		case TA_RIGHT: al = PANGO_ALIGN_RIGHT; break;
		case TA_END: al = s->direction == DIR_RTL ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT; break;
		case TA_START: al = s->direction == DIR_RTL ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT; break;
		case TA_JUSTIFY: pango_layout_set_justify(pl, TRUE); break;
		default: break;
		}
		if (f->wrap)
			pango_layout_set_alignment(pl, al);
		if (from == 0 && s->text_indent.kind == LEN_PX && s->text_indent.v != 0)
			pango_layout_set_indent(pl, PU(s->text_indent.v));
	}
	return pl;
}

/* The lines of an IFC's layouts, one after the other (ifc_next_line). */
struct ifc_walk {
	struct ifc *f;
	struct arena *keep;        /* the layouts live as long as this arena;
	                              NULL: each is freed once its lines are passed */
	bool windowed;
	size_t ws;                 /* where the next window starts */
	size_t next;               /* first attribute starting at or after ws */
	size_t *carry;             /* attributes starting before ws, ending after */
	size_t n_carry, cap_carry;
	bool cont;                 /* the next window's first line continues the
	                              last one */
	bool done;                 /* no window left */
	PangoLayout *pl;           /* the current window */
	PangoLayoutIter *it;       /* at the line last handed out */
	size_t base;               /* where its text starts in f->text */
	int left;                  /* its lines still to hand out */
	PangoLayout *first;        /* the first window */
};

static void ifc_walk_init(struct ifc_walk *w, struct ifc *f, struct arena *keep)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->keep = keep;
	w->windowed = f->n_attrs > IFC_WINDOW;
}

static void ifc_walk_release(struct ifc_walk *w)
{
	if (w->it)
		pango_layout_iter_free(w->it);
	w->it = NULL;
	if (w->pl && !w->keep)
		g_object_unref(w->pl);
	w->pl = NULL;
}

static void ifc_walk_free(struct ifc_walk *w)
{
	ifc_walk_release(w);
	free(w->carry);
}

/* Move the window start to ws: the attributes begun before it that reach
 * past it are carried into the windows from there. */
static void ifc_walk_advance(struct ifc_walk *w, size_t ws)
{
	const struct ifc *f = w->f;
	size_t keep = 0;
	for (size_t i = 0; i < w->n_carry; i++)
		if (f->attrs[w->carry[i]]->end_index > ws)
			w->carry[keep++] = w->carry[i];
	w->n_carry = keep;
	for (; w->next < f->n_attrs && f->attrs[w->next]->start_index < ws; w->next++) {
		if (f->attrs[w->next]->end_index <= ws)
			continue;
		if (w->n_carry == w->cap_carry) {
			w->cap_carry = w->cap_carry ? 2 * w->cap_carry : 16;
			w->carry = xrealloc(w->carry, w->cap_carry * sizeof *w->carry);
		}
		w->carry[w->n_carry++] = w->next;
	}
	w->ws = ws;
}

/* Start the walk again at the line that begins at text offset at (its
 * next window is laid out at the current f->avail). */
static void ifc_walk_restart(struct ifc_walk *w, size_t at)
{
	ifc_walk_release(w);
	w->next = 0;
	w->n_carry = 0;
	w->ws = 0;
	w->cont = false;
	w->done = false;
	w->left = 0;
	ifc_walk_advance(w, at);
}

/* A layout of text[ws..we) with copies of the attributes reaching into it,
 * shifted to the window and cut at its ends (in list order: the carried
 * ones first, all starting at 0). */
static PangoLayout *ifc_window_layout(const struct ifc_walk *w, size_t we)
{
	const struct ifc *f = w->f;
	PangoAttrList *al = pango_attr_list_new();
	for (size_t i = 0; i < w->n_carry; i++) {
		PangoAttribute *at = pango_attribute_copy(f->attrs[w->carry[i]]);
		at->start_index = 0;
		at->end_index = (guint)(MIN(at->end_index, we) - w->ws);
		pango_attr_list_insert(al, at);
	}
	for (size_t i = w->next; i < f->n_attrs && f->attrs[i]->start_index < we; i++) {
		PangoAttribute *at = pango_attribute_copy(f->attrs[i]);
		at->start_index -= (guint)w->ws;
		at->end_index = (guint)(MAX(MIN(at->end_index, we), w->ws + at->start_index) - w->ws);
		pango_attr_list_insert(al, at);
	}
	PangoLayout *pl = ifc_layout(f, w->ws, we, al, true);
	pango_attr_list_unref(al);
	return pl;
}

/* Make the next window (w->pl, w->base); returns how many of its lines
 * are the paragraph's, and sets *cont if the first continues a line. */
static int ifc_window(struct ifc_walk *w, bool *cont)
{
	struct ifc *f = w->f;
	size_t len = f->text.len;
	*cont = false;
	if (!w->windowed) {
		/* the whole paragraph, all its attributes handed over */
		PangoAttrList *al = pango_attr_list_new();
		for (size_t i = 0; i < f->n_attrs; i++)
			pango_attr_list_insert(al, f->attrs[i]);
		f->n_attrs = 0;
		w->pl = ifc_layout(f, 0, len, al, false);
		pango_attr_list_unref(al);
		w->base = 0;
		w->done = true;
		return pango_layout_get_line_count(w->pl);
	}
	*cont = w->cont;
	size_t ws = w->ws;
	for (size_t k = IFC_WINDOW;; k *= 2) {
		/* up to the k-th attribute starting after ws, or the end */
		size_t j = w->next + k;
		while (j < f->n_attrs && f->attrs[j]->start_index <= ws)
			j++;
		size_t e0 = j < f->n_attrs ? f->attrs[j]->start_index : len;
		/* ... or just after the last forced break before that */
		size_t we = e0;
		bool at_break = false;
		for (size_t p = e0; e0 < len && p >= ws + 3 + 1; p--) {
			if (!memcmp(f->text.s + p - 3, "\xe2\x80\xa8", 3)) {
				we = p;
				at_break = true;
				break;
			}
		}
		PangoLayout *pl = ifc_window_layout(w, we);
		int n = pango_layout_get_line_count(pl);
		size_t next_ws = we;
		bool next_cont = false;
		if (we == len || at_break) {
			/* all lines */
		} else if (f->wrap && n >= 2) {
			GSList *last = g_slist_last(pango_layout_get_lines_readonly(pl));
			next_ws = ws + (size_t)((PangoLayoutLine *)last->data)->start_index;
			n--;
		} else if (f->wrap && k < IFC_WINDOW_MAX) {
			g_object_unref(pl);
			continue;
		} else {
			next_cont = true;
		}
		w->pl = pl;
		w->base = ws;
		w->cont = next_cont;
		w->done = we == len && !next_cont;
		ifc_walk_advance(w, next_ws);
		return n;
	}
}

/* The next line of the paragraph, or NULL after the last; w->it is at it
 * (for its extents) and w->base is where its layout's text starts. *cont:
 * it continues the line before (a window was cut inside that line). */
static PangoLayoutLine *ifc_next_line(struct ifc_walk *w, bool *cont)
{
	*cont = false;
	if (w->it && w->left > 0) {
		pango_layout_iter_next_line(w->it);
		w->left--;
		return pango_layout_iter_get_line_readonly(w->it);
	}
	ifc_walk_release(w);
	if (w->done)
		return NULL;
	int n = ifc_window(w, cont);
	if (w->keep)
		arena_defer(w->keep, g_object_unref, w->pl);
	if (!w->first)
		w->first = w->pl;
	w->it = pango_layout_get_iter(w->pl);
	w->left = n - 1;
	return pango_layout_iter_get_line_readonly(w->it);
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

/* Whether a run holds only characters that draw nothing: U+2028 (a forced
 * break), U+200B and U+2060 (break hints). */
static bool invisible_run(const char *t, size_t n)
{
	if (!n || n % 3)
		return false;
	for (size_t i = 0; i < n; i += 3)
		if (memcmp(t + i, "\xe2\x80\xa8", 3) && memcmp(t + i, "\xe2\x80\x8b", 3) &&
		    memcmp(t + i, "\xe2\x81\xa0", 3))
			return false;
	return true;
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

/* v (an arena array of n elements of `size` bytes, room for *cap) with room
 * for one more: a copy twice as big when it is full. */
static void *arena_room(struct arena *a, void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	void *nv = arena_alloc(a, *cap * 2 * size);
	memcpy(nv, v, *cap * size);
	*cap *= 2;
	return nv;
}

/* Lines being placed (layout_ifc): a line box is made of the runs of one
 * Pango line, or of several when windows cut it (ifc_walk). */
struct ifc_lines {
	struct layout_ctx *c;
	struct box *b;
	struct ifc *f;
	double sa, sd, sl;          /* the block's strut: ascent, descent, line height */
	size_t cap_runs, cap_frags;
	size_t *decorated;          /* f->iboxes with a background or border */
	size_t n_decorated, open_from;
	bool align_lines;           /* align each line in the box (text-align) */
	double y;                   /* top of the next line box */
	int n_lines;
	/* the line box being built */
	bool open;
	double lx, x;               /* its left end; the next run's x */
	double top, bottom;         /* its extent around the baseline (§10.8) */
	size_t first_run;
	size_t from, to;            /* its text in f->text */
};

static void ifc_line_start(struct ifc_lines *L, double lx, size_t from)
{
	L->open = true;
	L->lx = L->x = lx;
	/* Pass 1: the line box (§10.8): strut and every inline box, relative
	 * to the baseline (negative = above). */
	L->top = -(L->sa + (L->sl - L->sa - L->sd) / 2);
	L->bottom = L->sd + (L->sl - L->sa - L->sd) / 2;
	L->first_run = L->b->n_runs;
	L->from = L->to = from;
}

/* Pass 1 over the runs of a Pango line (its layout's text starts at
 * f->text + base). */
static void ifc_line_runs(struct ifc_lines *L, PangoLayoutLine *line, const char *text,
			  size_t base)
{
	struct box *b = L->b;
	const struct ifc *f = L->f;
	double sa = L->sa;
	L->to = base + (size_t)line->start_index + (size_t)line->length;
	for (GSList *l = line->runs; l; l = l->next) {
		PangoGlyphItem *gi = l->data;
		size_t off = base + (size_t)gi->item->offset;
		const struct span *sp = span_at(f, off);
		double w = PX(pango_glyph_string_get_width(gi->glyphs));
		b->runs = arena_room(L->c->arena, b->runs, b->n_runs, &L->cap_runs, sizeof *b->runs);
		struct text_run *r = &b->runs[b->n_runs++];
		r->gi = gi;
		r->text = text;
		r->base = base;
		r->x = L->x;
		r->width = w;
		r->style = sp ? sp->style : b->style;
		r->link = sp ? sp->link : NULL;
		r->span = sp ? (int)(sp - f->spans) : -1;
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
			/* a float kept inline is out of the flow: it neither
			 * grows the line box nor aligns in it */
			if (a->style->float_ == FLOAT_NONE &&
			    a->style->vertical_align != VA_TOP &&
			    a->style->vertical_align != VA_BOTTOM) {
				if (a->style->vertical_align == VA_MIDDLE) {
					/* midpoint at baseline + x-height/2 of the parent */
					double mid = -sa * 0.5 * 0.5;  /* ≈ x-height/2 */
					r->ascent = mh / 2 - mid;
					r->descent = mh / 2 + mid;
				}
				L->top = MIN(L->top, -r->ascent);
				L->bottom = MAX(L->bottom, r->descent);
			}
		} else if (invisible_run(f->text.s + off, (size_t)gi->item->length)) {
			/* A forced break (<br>, U+2028) or the break hints of
			 * ifc_append_word() draw nothing and add no inline box of
			 * their own; whatever font Pango found for them must not
			 * grow the line. */
			r->ascent = sa;
			r->descent = L->sd;
		} else {
			/* A fixed line-height places the text's inline box by
			 * the element's primary font; a fallback font (CJK,
			 * emoji) grows the line only under `line-height:
			 * normal` (CSS 2.1 §10.8.1; Blink's NGInlineBoxState
			 * include_used_fonts). */
			double a, d;
			if (r->style->line_height.kind == LEN_PX ||
			    r->style->line_height.kind == LEN_NUMBER ||
			    r->style->line_height.kind == LEN_PCT)
				style_metrics(r->style, &a, &d);
			else
				text_pango_font_extents(gi->item->analysis.font, &a, &d);
			double lh = line_height_px(r->style, a, d);
			double half = (lh - a - d) / 2;
			r->ascent = a;
			r->descent = d;
			if (r->style->vertical_align != VA_TOP &&
			    r->style->vertical_align != VA_BOTTOM) {
				L->top = MIN(L->top, -(a + half) + shift);
				L->bottom = MAX(L->bottom, d + half + shift);
			}
		}
		r->baseline = shift;      /* relative for now */
		L->x += w;
	}
}

/* The rest of a line box: its height, its runs' and atomic inlines' final
 * places, the fragments of decorated inline elements on it. */
static void ifc_line_finish(struct ifc_lines *L)
{
	struct box *b = L->b;
	const struct ifc *f = L->f;
	double y = L->y, top = L->top, bottom = L->bottom;
	L->open = false;
	if (L->align_lines) {
		double lw = L->x - L->lx, dx = 0;
		switch (b->style->text_align) {
		case TA_CENTER: case TA_WEBKIT_CENTER: dx = (b->w - lw) / 2; break;
		case TA_RIGHT: dx = b->w - lw; break;
		default: break;
		}
		dx = MAX(dx, 0);
		for (size_t k = L->first_run; k < b->n_runs; k++)
			b->runs[k].x += dx;
	}
	/* top/bottom-aligned boxes extend the line box if taller (§10.8) */
	for (size_t k = L->first_run; k < b->n_runs; k++) {
		struct text_run *r = &b->runs[k];
		if (r->style->vertical_align == VA_TOP ||
		    r->style->vertical_align == VA_BOTTOM) {
			double hgt;
			const struct span *sp = r->span >= 0 ? &f->spans[r->span] : NULL;
			if (sp && sp->atomic && sp->atomic->style->float_ != FLOAT_NONE)
				continue;
			if (sp && sp->atomic)
				hgt = r->ascent + r->descent;
			else {
				double lh = line_height_px(r->style, r->ascent, r->descent);
				hgt = lh;
			}
			if (hgt > bottom - top)
				bottom = top + hgt;
		}
	}
	double base = y - top;
	/* Pass 2: place runs and atomic boxes. */
	for (size_t k = L->first_run; k < b->n_runs; k++) {
		struct text_run *r = &b->runs[k];
		const struct span *sp = r->span >= 0 ? &f->spans[r->span] : NULL;
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
			/* a float's outer top is its line's top (§9.5.1) */
			if (a->style->float_ != FLOAT_NONE)
				a->y = y + a->margin[SIDE_TOP];
		}
	}
	/* The fragments of decorated inline elements on this line (CSS 2.1
	 * §10.6.1: the content area is the font's ascent+descent around the
	 * element's baseline; padding and borders go around it; the left edge
	 * only on the first fragment, the right on the last). */
	size_t frag0 = b->n_frags;
	while (L->open_from < L->n_decorated &&
	       f->iboxes[L->decorated[L->open_from]].end <= L->from)
		L->open_from++;
	for (size_t d = L->open_from; d < L->n_decorated; d++) {
		const struct ibox *ib = &f->iboxes[L->decorated[d]];
		const struct computed_style *es = ib->style;
		if (ib->start >= L->to)
			break;
		if (ib->end <= L->from)
			continue;
		double x0 = 0, x1 = 0, bl = base;
		bool any = false, first = false, last = false;
		for (size_t q = L->first_run; q < b->n_runs; q++) {
			const struct text_run *r = &b->runs[q];
			size_t off = r->base + (size_t)r->gi->item->offset;
			if (off < ib->start || off >= ib->end)
				continue;
			if (!any || r->x < x0)
				x0 = r->x;
			if (!any || r->x + r->width > x1)
				x1 = r->x + r->width;
			if (r->style == es)
				bl = r->baseline;
			first |= off == ib->start;
			last |= off + (size_t)r->gi->item->length == ib->end;
			any = true;
		}
		if (!any)
			continue;
		if (bl == base)
			bl = base + baseline_shift(es);
		double ea, ed;
		style_metrics(es, &ea, &ed);
		b->frags = arena_room(L->c->arena, b->frags, b->n_frags, &L->cap_frags, sizeof *b->frags);
		struct span_frag *fr = &b->frags[b->n_frags++];
		fr->style = es;
		fr->first = first;
		fr->last = last;
		if (first && ib->edge[SIDE_LEFT] > 0)
			x0 += ib->margin_l;
		if (last && ib->edge[SIDE_RIGHT] > 0)
			x1 -= ib->margin_r;
		fr->x = x0;
		fr->w = MAX(0, x1 - x0);
		fr->top = bl - ea - ib->edge[SIDE_TOP];
		fr->h = ea + ed + ib->edge[SIDE_TOP] + ib->edge[SIDE_BOTTOM];
	}
	if (!b->cap_lines) {
		b->cap_lines = 4;
		b->lines = arena_alloc(L->c->arena, b->cap_lines * sizeof *b->lines);
	}
	b->lines = arena_room(L->c->arena, b->lines, b->n_lines, &b->cap_lines, sizeof *b->lines);
	b->lines[b->n_lines++] = (struct line_box){ y, y + (bottom - top), L->first_run,
						    b->n_runs, frag0, b->n_frags };
	if (L->n_lines++ == 0)
		b->first_baseline = base;
	b->baseline = base;         /* the last line's, from the content top */
	L->y = y + (bottom - top);
}

/* The width of the space that ends a wrapped line before a break hint
 * (ifc_append_word's U+200B after a space): Pango counts it when it
 * aligns the line, as the hint is its last character; Chrome hangs a
 * line's trailing spaces (CSS Text 3 §4.1.3), they take no room. */
static double line_hanging_space(PangoLayout *pl, PangoLayoutLine *line)
{
	const char *t = pango_layout_get_text(pl);
	int end = line->start_index + line->length;
	if (line->length < 4 || end < 4 || memcmp(t + end - 3, "\xe2\x80\x8b", 3) ||
	    t[end - 4] != ' ' || !t[end])
		return 0;
	PangoRectangle r;
	pango_layout_index_to_pos(pl, end - 4, &r);
	return PX(abs(r.width));
}

void layout_ifc(struct layout_ctx *c, struct box *b)
{
	b->n_lines = 0;
	/* Atomic inlines first: their sizes shape the lines. */
	for (size_t i = 0; i < b->n_inl; i++) {
		struct box *a = b->inl[i].atomic;
		if (b->inl[i].kind == INL_ATOMIC) {
			layout_block(c, a, b->w, -1);
			/* baseline of an atomic inline from its margin-box top */
			if (a->math)
				a->baseline = a->margin[SIDE_TOP] + a->border[SIDE_TOP] +
					      a->padding[SIDE_TOP] +
					      fmax(a->math->h, a->math->tag ? a->math->tag->h : 0);
			else if (a->type == BOX_REPLACED || a->baseline < 0 ||
			    a->style->overflow_x != OVERFLOW_VISIBLE)
				a->baseline = layout_border_box_h(a) + a->margin[SIDE_TOP] +
					      a->margin[SIDE_BOTTOM];
			else
				a->baseline += a->margin[SIDE_TOP];
		}
	}
	/* Floats beside the first lines (block.c): those lines are laid
	 * out in the room the floats leave, the rest in the whole width
	 * (CSS 2.1 §9.5: line boxes next to a float are shortened). */
	bool excl = c->excl_box == b;
	double ex_l = 0, ex_r = 0, ex_until = 0;
	if (excl) {
		ex_l = c->excl_left;
		ex_r = c->excl_right;
		ex_until = c->excl_until;
		c->excl_box = NULL;
		excl = ex_until > 0 && b->w - ex_l - ex_r > 0;
	}
	struct ifc f;
	ifc_build(c, b, excl ? b->w - ex_l - ex_r : b->w, &f, false);
	b->layout = NULL;
	b->text = arena_strndup(c->arena, f.text.s, f.text.len);
	/* Pango's runs point into its layouts' copies of the text: r->text,
	 * which b->text mirrors byte for byte from r->base on. */

	if (!f.has_content) {
		b->h = 0;
		ifc_free(&f);
		return;
	}

	struct ifc_lines L = { .c = c, .b = b, .f = &f };
	style_metrics(b->style, &L.sa, &L.sd);
	L.sl = line_height_px(b->style, L.sa, L.sd);
	L.cap_runs = 16;
	b->runs = arena_alloc(c->arena, L.cap_runs * sizeof *b->runs);
	b->n_runs = 0;
	L.cap_frags = 8;
	b->frags = arena_alloc(c->arena, L.cap_frags * sizeof *b->frags);

	/* The inline elements that draw a background or border, in opening
	 * order (so by start): each line looks only at those from the first
	 * that may still be open to the first that starts after it. */
	L.decorated = xmalloc((f.n_ibox ? f.n_ibox : 1) * sizeof *L.decorated);
	for (size_t k = 0; k < f.n_ibox; k++) {
		const struct computed_style *es = f.iboxes[k].style;
		if ((es->background_color.a || es->background_gradient ||
		     es->border_width[0] > 0 || es->border_width[1] > 0 ||
		     es->border_width[2] > 0 || es->border_width[3] > 0) &&
		    es->visibility == VIS_VISIBLE)
			L.decorated[L.n_decorated++] = k;
	}

	struct ifc_walk w;
	ifc_walk_init(&w, &f, c->arena);
	if (excl && f.wrap)
		w.windowed = true;     /* keeps the attributes for a restart */
	else
		excl = false;
	bool nowrap = b->style->white_space == WS_PRE || b->style->white_space == WS_NOWRAP;
	bool cont;
	for (PangoLayoutLine *line; (line = ifc_next_line(&w, &cont));) {
		if (!b->layout) {
			b->layout = w.first;
			/* lines not wrapped: each is aligned in the box */
			L.align_lines = nowrap;
		}
		if (!cont || !L.open) {
			if (L.open)
				ifc_line_finish(&L);
			if (excl && L.y >= ex_until) {
				/* past the floats: the rest in the whole width */
				excl = false;
				f.avail = b->w;
				ifc_walk_restart(&w, w.base + (size_t)line->start_index);
				if (!(line = ifc_next_line(&w, &cont)))
					break;
			}
			PangoRectangle lr;
			pango_layout_iter_get_line_extents(w.it, NULL, &lr);
			double lx = PX(lr.x);
			/* Pango aligns in avail + slack; the line box is avail */
			if (f.wrap) {
				PangoAlignment al = pango_layout_get_alignment(w.pl);
				double hang = line_hanging_space(w.pl, line);
				if (al == PANGO_ALIGN_CENTER)
					lx -= ifc_fit_slack(&f) / 2 - hang / 2;
				else if (al == PANGO_ALIGN_RIGHT)
					lx -= ifc_fit_slack(&f) - hang;
			}
			/* a line too long for its box is start-aligned and
			 * overflows at the end (CSS Text 3 §7.1), where Pango
			 * centres it across both edges */
			if (lx < 0 && b->style->direction == DIR_LTR &&
			    b->style->text_align != TA_START && b->style->text_align != TA_LEFT &&
			    b->style->text_align != TA_JUSTIFY)
				lx = 0;
			if (excl)
				lx += ex_l;
			ifc_line_start(&L, lx, w.base + (size_t)line->start_index);
		}
		ifc_line_runs(&L, line, pango_layout_get_text(w.pl), w.base);
	}
	if (L.open)
		ifc_line_finish(&L);
	ifc_walk_free(&w);
	free(L.decorated);
	b->h = L.y;
	ifc_free(&f);
}

/* The width of the widest line of b's IFC wrapped at avail (ifc_build). */
double ifc_width(struct layout_ctx *c, struct box *b, double avail)
{
	struct ifc f;
	ifc_build(c, b, avail, &f, true);
	struct ifc_walk w;
	ifc_walk_init(&w, &f, NULL);
	double widest = 0, line_w = 0;
	bool cont;
	for (PangoLayoutLine *line; (line = ifc_next_line(&w, &cont));) {
		if (!w.windowed) {
			/* one layout: its extents, as always */
			PangoRectangle r;
			pango_layout_get_extents(w.pl, NULL, &r);
			widest = PX(r.width);
			break;
		}
		PangoRectangle r;
		pango_layout_line_get_extents(line, NULL, &r);
		line_w = (cont ? line_w : 0) + PX(r.width);
		widest = MAX(widest, line_w);
	}
	/* a line's letter-spacing after its last character counts (Blink;
	 * Pango's extents leave it out) */
	if (widest > 0)
		widest += f.max_ls;
	ifc_walk_free(&w);
	ifc_free(&f);
	return widest;
}
