/*
 * css_cascade.c — the engine, its sheets and the cascade (CSS Cascade 4 §6).
 *
 * Per element the candidates the rule index (css_select.c) yields are
 * matched; the matched declaration blocks, with the presentational hints
 * (HTML §15) and the style attribute, are sorted once by (origin and
 * importance rank, specificity, order) and applied in that order, the
 * last write winning; css_computed.c turns the winners into values.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "css/css_value.h"
#include "base/diag.h"
#include "markdown/dom.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the engine ---------------------------------------------------------------- */

/* The engine lives in the deck arena; its growable arrays are malloc'd
 * (they are resized while sheets are added) and freed with the arena. */
static void engine_cleanup(void *p)
{
	struct css_engine *e = p;
	free(e->atoms);
	free(e->entries);
	free(e->index);
	free(e->elems);
	free(e->cls_pool);
	free(e->matched);
	if (e->tmp)
		arena_free(e->tmp);
}

struct css_engine *css_engine_new(struct arena *a, struct diag *d)
{
	struct css_engine *e = arena_alloc(a, sizeof *e);
	e->a = a;
	e->d = d;
	e->vw = 960;      /* reveal.js's default slide size, before scaling */
	e->vh = 700;
	e->dpr = 1;
	e->root_font_size = 16;
	css_style_initial(&e->initial);
	arena_defer(a, engine_cleanup, e);
	return e;
}

const struct css_font_face *css_engine_font_faces(const struct css_engine *e, size_t *n)
{
	*n = e->n_faces;
	return e->faces;
}

void css_engine_set_device_scale(struct css_engine *e, float dpr)
{
	if (dpr > 0)
		e->dpr = dpr;
}

void css_engine_set_viewport(struct css_engine *e, float w, float h)
{
	if (w > 0 && h > 0) {
		e->vw = w;
		e->vh = h;
	}
}

int css_engine_add_sheet(struct css_engine *e, enum css_origin origin,
			 const char *text, size_t len,
			 const struct diag_file *src, size_t base)
{
	if (!text)
		return 0;
	if (len > MAX_CSS_SHEET_BYTES) {
		if (src)
			diag_at(e->d, DIAG_WARNING, src, base,
				"style sheet larger than %u bytes; the rest is ignored",
				MAX_CSS_SHEET_BYTES);
		else
			diag_msg(e->d, DIAG_WARNING,
				 "style sheet larger than %u bytes; the rest is ignored",
				 MAX_CSS_SHEET_BYTES);
		len = MAX_CSS_SHEET_BYTES;
	}
	struct css_lexed L;
	css_lex(text, len, &L);
	struct css_parser P;
	memset(&P, 0, sizeof P);
	P.e = e;
	P.L = &L;
	P.a = e->a;
	P.tmp = arena_new();
	P.src = src;
	P.base = base;
	P.warn = src != NULL;
	P.origin = (uint8_t)origin;
	uint32_t before = e->n_rules;
	css__parse_sheet(&P);
	free(P.dv);
	arena_free(P.tmp);
	css_lex_free(&L);
	return (int)(e->n_rules - before);
}

/* One rule, shared by all its selectors; each selector that can match
 * becomes an entry of the index. A rule with no declarations still counts
 * towards MAX_CSS_RULES (it cost parsing) but stores nothing. */
void css__add_rule(struct css_parser *P, const struct css_sel_list *sl,
		   const struct css_decl *d, uint32_t n, size_t off)
{
	struct css_engine *e = P->e;
	if (e->n_rules >= MAX_CSS_RULES) {
		if (!e->warned_rule_cap) {
			e->warned_rule_cap = true;
			if (P->src)
				diag_at(e->d, DIAG_WARNING, P->src, P->base + off,
					"more than %d CSS rules; this one and the rest are ignored",
					MAX_CSS_RULES);
			else
				diag_msg(e->d, DIAG_WARNING,
					 "more than %d CSS rules; the rest are ignored", MAX_CSS_RULES);
		}
		return;
	}
	e->n_rules++;
	if (n == 0)
		return;
	struct css_rule *r = arena_alloc(e->a, sizeof *r);
	struct css_decl *copy = arena_alloc(e->a, n * sizeof *copy);
	memcpy(copy, d, n * sizeof *copy);
	r->d = copy;
	r->n = n;
	r->order = ++e->order;
	r->origin = P->origin;
	for (uint32_t i = 0; i < n; i++) {
		if (copy[i].important)
			r->has_important = true;
		else
			r->has_normal = true;
	}
	for (uint32_t i = 0; i < sl->n; i++) {
		if (sl->sel[i].never)
			continue;   /* pseudo-elements, :hover…: not worth indexing */
		if (e->n_entries == e->cap_entries) {
			e->cap_entries = e->cap_entries ? e->cap_entries * 2 : 256;
			e->entries = xrealloc(e->entries, e->cap_entries * sizeof *e->entries);
		}
		e->entries[e->n_entries].sel = &sl->sel[i];
		e->entries[e->n_entries].rule = r;
		e->n_entries++;
	}
	e->index_dirty = true;
}

/* ---- presentational hints (HTML §15) --------------------------------------------- */

/* Attributes such as <font color>, <td bgcolor>, <table border> and
 * <img width> map to declarations of their own cascade rank, between the
 * UA sheet and the author sheets (Cascade 4 "non-CSS presentational
 * hints"), so any author rule beats them. */

#define MAX_HINTS 24

struct hints {
	struct css_decl d[MAX_HINTS];
	uint32_t n;
};

static void hint(struct hints *h, unsigned prop, struct css_sval v)
{
	if (h->n == MAX_HINTS)
		return;
	struct css_decl *d = &h->d[h->n++];
	memset(d, 0, sizeof *d);
	d->prop = (uint16_t)prop;
	d->v = v;
}

/* HTML "rules for parsing a legacy colour value", the common cases. */
static bool legacy_color(const char *s, struct css_color *c)
{
	while (css__is_space(*s))
		s++;
	if (!*s || !strcasecmp(s, "transparent"))
		return false;
	if (css_parse_color(s, strlen(s), c))
		return true;
	size_t n = strlen(s);
	char buf[16];
	if ((n == 3 || n == 6) && strspn(s, "0123456789abcdefABCDEF") == n) {
		snprintf(buf, sizeof buf, "#%s", s);
		return css_parse_color(buf, n + 1, c);
	}
	return false;
}

/* HTML "rules for parsing dimension values": px, or % with pct set. */
static bool dimension(const char *s, float *v, bool *pct)
{
	while (css__is_space(*s))
		s++;
	char *end;
	if (!(*s >= '0' && *s <= '9') && *s != '.')
		return false;
	double d = strtod(s, &end);
	if (end == s || !(d > 0))
		return false;
	*v = (float)MIN(d, (double)MAX_CSS_LENGTH);
	*pct = *end == '%';
	return true;
}

/* HTML "rules for parsing non-negative integers", capped. */
static int legacy_int(const char *s, int dflt)
{
	while (css__is_space(*s))
		s++;
	if (*s == '+')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return dflt;
	long v = strtol(s, NULL, 10);
	return (int)MIN(v, 100000);
}

/* A cell's table (cell, row, section, table), for the cell rules that the
 * table's border/cellpadding attributes imply (HTML §15.3.8). */
static const struct dom_node *table_of_cell(const struct dom_node *n)
{
	for (int k = 0; k < 3 && n->parent; k++) {
		n = n->parent;
		if (n->type == DOM_ELEMENT && !strcmp(n->tag, "table"))
			return n;
	}
	return NULL;
}

/* All four border sides at once; the colour only when col. */
static void border_hint(struct hints *h, float w, int style, struct css_color c, bool col)
{
	for (unsigned i = 0; i < 4; i++) {
		hint(h, P_BORDER_TOP_WIDTH + i, sv_len(U_PX, w));
		hint(h, P_BORDER_TOP_STYLE + i, sv_kw(style));
		if (col)
			hint(h, P_BORDER_TOP_COLOR + i, sv_color(c));
	}
}

static void presentational_hints(struct css_engine *e, const struct dom_node *n,
				 struct hints *h)
{
	const char *tag = n->tag, *v;
	struct css_color c;
	const struct css_color gray = { 128, 128, 128, 255 };
	h->n = 0;
	if (!n->n_attrs)
		return;
	if (!strcmp(tag, "font")) {
		if ((v = dom_get_attr(n, "color")) && legacy_color(v, &c))
			hint(h, P_COLOR, sv_color(c));
		if ((v = dom_get_attr(n, "face")) && *v) {
			/* the face list as a family list: trimmed items, ", " joined */
			char buf[512];
			size_t k = 0;
			for (const char *p = v; *p && k + 3 < sizeof buf;) {
				while (css__is_space(*p) || *p == ',')
					p++;
				const char *q = p;
				while (*q && *q != ',')
					q++;
				const char *r = q;
				while (r > p && css__is_space(r[-1]))
					r--;
				if (r > p) {
					if (k)
						buf[k++] = ',', buf[k++] = ' ';
					size_t m = MIN((size_t)(r - p), sizeof buf - k - 1);
					memcpy(buf + k, p, m);
					k += m;
				}
				p = q;
			}
			if (k) {
				hint(h, P_FONT_FAMILY, sv_str(e, buf, k));
			}
		}
		if ((v = dom_get_attr(n, "size"))) {
			/* HTML §15.3.4 legacy font size: 1..7, or ±N relative to 3;
			 * 1 = x-small … 7 = xxx-large (absolute, from 16px medium) */
			const char *p = v;
			while (css__is_space(*p))
				p++;
			int mode = *p == '+' ? 1 : *p == '-' ? -1 : 0;
			if (mode)
				p++;
			if (*p >= '0' && *p <= '9') {
				long k = strtol(p, NULL, 10);
				k = mode ? 3 + mode * MIN(k, 10) : MIN(k, 10);
				k = k < 1 ? 1 : k > 7 ? 7 : k;
				static const float px[8] = { 0, 10, 13, 16, 18, 24, 32, 48 };
				hint(h, P_FONT_SIZE, sv_len(U_PX, px[k]));
			}
		}
		return;
	}
	bool cell = !strcmp(tag, "td") || !strcmp(tag, "th");
	bool row_like = cell || !strcmp(tag, "tr") || !strcmp(tag, "thead") ||
			!strcmp(tag, "tbody") || !strcmp(tag, "tfoot");
	if (row_like && (v = dom_get_attr(n, "align"))) {
		int ta = -1;
		if (!strcasecmp(v, "left"))
			ta = TA_LEFT;
		else if (!strcasecmp(v, "right"))
			ta = TA_RIGHT;
		else if (!strcasecmp(v, "center") || !strcasecmp(v, "middle"))
			ta = TA_WEBKIT_CENTER;     /* Chrome maps it to -webkit-center */
		else if (!strcasecmp(v, "justify"))
			ta = TA_JUSTIFY;
		if (ta >= 0)
			hint(h, P_TEXT_ALIGN, sv_kw(ta));
	}
	if ((row_like || !strcmp(tag, "col") || !strcmp(tag, "colgroup")) &&
	    (v = dom_get_attr(n, "valign"))) {
		int va = -1;
		if (!strcasecmp(v, "top"))
			va = VA_TOP;
		else if (!strcasecmp(v, "middle") || !strcasecmp(v, "center"))
			va = VA_MIDDLE;
		else if (!strcasecmp(v, "bottom"))
			va = VA_BOTTOM;
		else if (!strcasecmp(v, "baseline"))
			va = VA_BASELINE;
		if (va >= 0)
			hint(h, P_VERTICAL_ALIGN, sv_kw(va));
	}
	if ((cell || !strcmp(tag, "tr") || !strcmp(tag, "table")) &&
	    (v = dom_get_attr(n, "bgcolor")) && legacy_color(v, &c))
		hint(h, P_BG_COLOR, sv_color(c));
	float w;
	bool pct;
	if ((cell || !strcmp(tag, "table") || !strcmp(tag, "hr")) &&
	    (v = dom_get_attr(n, "width")) && dimension(v, &w, &pct))
		hint(h, P_WIDTH, sv_len(pct ? U_PCT : U_PX, w));
	if (!strcmp(tag, "table")) {
		if ((v = dom_get_attr(n, "border"))) {
			int b = legacy_int(v, 1);
			if (b > 0)
				border_hint(h, (float)b, BS_OUTSET, gray, true);
		}
		if ((v = dom_get_attr(n, "cellspacing")) && dimension(v, &w, &pct) && !pct)
			hint(h, P_BORDER_SPACING, sv_len(U_PX, w));
		if ((v = dom_get_attr(n, "align"))) {
			if (!strcasecmp(v, "center")) {
				hint(h, P_MARGIN_LEFT, sv_kw(KW_AUTO));
				hint(h, P_MARGIN_RIGHT, sv_kw(KW_AUTO));
			} else if (!strcasecmp(v, "left")) {
				hint(h, P_FLOAT, sv_kw(FLOAT_LEFT));
			} else if (!strcasecmp(v, "right")) {
				hint(h, P_FLOAT, sv_kw(FLOAT_RIGHT));
			}
		}
		return;
	}
	if (cell) {
		const struct dom_node *t = table_of_cell(n);
		const char *b = t ? dom_get_attr(t, "border") : NULL;
		if (b && legacy_int(b, 1) > 0)
			border_hint(h, 1, BS_INSET, gray, true);
		return;
	}
	bool ol = !strcmp(tag, "ol"), ul = !strcmp(tag, "ul"), li = !strcmp(tag, "li");
	if ((ol || ul || li) && (v = dom_get_attr(n, "type"))) {
		int t = -1;
		/* ol types are case-sensitive (HTML §15.3.8) */
		if (!ul) {
			if (!strcmp(v, "1"))
				t = LST_DECIMAL;
			else if (!strcmp(v, "a"))
				t = LST_LOWER_ALPHA;
			else if (!strcmp(v, "A"))
				t = LST_UPPER_ALPHA;
			else if (!strcmp(v, "i"))
				t = LST_LOWER_ROMAN;
			else if (!strcmp(v, "I"))
				t = LST_UPPER_ROMAN;
		}
		if (!ol && t < 0) {
			if (!strcasecmp(v, "disc"))
				t = LST_DISC;
			else if (!strcasecmp(v, "circle"))
				t = LST_CIRCLE;
			else if (!strcasecmp(v, "square") || !strcasecmp(v, "none"))
				t = !strcasecmp(v, "none") ? LST_NONE : LST_SQUARE;
		}
		if (t >= 0)
			hint(h, P_LIST_STYLE_TYPE, sv_kw(t));
		return;
	}
	if (!strcmp(tag, "hr")) {
		if ((v = dom_get_attr(n, "align"))) {
			bool l = !strcasecmp(v, "left"), r = !strcasecmp(v, "right");
			if (l || r || !strcasecmp(v, "center")) {
				hint(h, P_MARGIN_LEFT, l ? sv_len(U_PX, 0) : sv_kw(KW_AUTO));
				hint(h, P_MARGIN_RIGHT, r ? sv_len(U_PX, 0) : sv_kw(KW_AUTO));
			}
		}
		bool has_color = (v = dom_get_attr(n, "color")) && legacy_color(v, &c);
		if (has_color) {
			for (unsigned i = 0; i < 4; i++)
				hint(h, P_BORDER_TOP_COLOR + i, sv_color(c));
			hint(h, P_BG_COLOR, sv_color(c));
		}
		if (dom_get_attr(n, "noshade")) {
			for (unsigned i = 0; i < 4; i++)
				hint(h, P_BORDER_TOP_STYLE + i, sv_kw(BS_SOLID));
			if (!has_color) {
				for (unsigned i = 0; i < 4; i++)
					hint(h, P_BORDER_TOP_COLOR + i, sv_color(gray));
				hint(h, P_BG_COLOR, sv_color(gray));
			}
		}
		if ((v = dom_get_attr(n, "size"))) {
			int s = legacy_int(v, 0);
			if (s == 1)
				hint(h, P_BORDER_BOTTOM_WIDTH, sv_len(U_PX, 0));
			else if (s > 1)
				hint(h, P_HEIGHT, sv_len(U_PX, (float)(s - 2)));
		}
	}
}

/* ---- style attributes --------------------------------------------------------------- */

/* A style attribute is a declaration list of its own (CSS Style
 * Attributes §3), parsed anew per element: the declarations live in the
 * slide arena with the styles. Warnings point at the attribute's text in
 * the deck when it can be found, else at the element's line. */
static const struct css_decl *style_attr(struct css_engine *e, const struct dom_node *n,
					 const char *value, struct arena *a,
					 const struct diag_file *src, uint32_t *count)
{
	size_t len = strlen(value);
	*count = 0;
	if (!len)
		return NULL;
	if (len > MAX_CSS_SHEET_BYTES)
		len = MAX_CSS_SHEET_BYTES;
	struct css_lexed L;
	css_lex(value, len, &L);
	if (!e->tmp)
		e->tmp = arena_new();
	struct css_parser P;
	memset(&P, 0, sizeof P);
	P.e = e;
	P.L = &L;
	P.a = a;
	P.tmp = e->tmp;
	P.src = src;
	P.warn = true;          /* the deck's own CSS */
	P.origin = CSS_ORIGIN_AUTHOR;
	P.use_line = true;
	P.line = n->src_line;
	P.col = n->src_col;
	/* find the attribute's text after the element's position so that
	 * warnings point at the declaration itself */
	if (src && src->text) {
		/* without a position, only a text that occurs once is trusted */
		size_t from = n->src_line ? diag_file_offset(src, n->src_line, n->src_col) : 0;
		size_t window = n->src_line ? MIN(src->len - from, (size_t)1 << 16) : src->len;
		const char *hit = window >= len ? memmem(src->text + from, window, value, len) : NULL;
		if (hit && !n->src_line) {
			const char *end = src->text + src->len, *next = hit + 1;
			if ((size_t)(end - next) >= len && memmem(next, (size_t)(end - next), value, len))
				hit = NULL;
		}
		if (hit) {
			P.use_line = false;
			P.base = (size_t)(hit - src->text);
		}
	}
	const struct css_decl *d = css__parse_decl_list(&P, count);
	free(P.dv);
	css_lex_free(&L);
	arena_reset(e->tmp);
	return d;
}

/* ---- the cascade ---------------------------------------------------------------------- */

/* Ranks (Cascade 4 §6.2): UA normal < presentational hints < author
 * normal < style attribute < author !important < style attribute
 * !important < UA !important. */
enum { R_UA = 0, R_HINT, R_AUTHOR, R_STYLE, R_AUTHOR_IMP, R_STYLE_IMP, R_UA_IMP };

static void add_match(struct css_engine *e, uint64_t key, const struct css_decl *d,
		      uint32_t n, bool important)
{
	if (e->n_matched == e->cap_matched) {
		e->cap_matched = e->cap_matched ? e->cap_matched * 2 : 128;
		e->matched = xrealloc(e->matched, e->cap_matched * sizeof *e->matched);
	}
	struct css_match *m = &e->matched[e->n_matched++];
	m->key = key;
	m->d = d;
	m->n = n;
	m->important = important;
}

/* The sort key of a matched block: rank, then specificity (24 bits),
 * then order of appearance, so one integer sort is the cascade's whole
 * ordering (Cascade 4 §6: origin and importance, specificity, order). */
static uint64_t make_key(unsigned rank, uint32_t spec, uint32_t order)
{
	return ((uint64_t)rank << 56) | ((uint64_t)(spec & 0xffffff) << 32) | order;
}

/* Match the entries of one index bucket against el; a rule with both
 * normal and !important declarations is added once at each rank. */
static void try_bucket(struct css_engine *e, uint32_t start, uint32_t count,
		       struct css_elem *el)
{
	for (uint32_t i = 0; i < count; i++) {
		const struct css_entry *en = &e->entries[e->index[start + i]];
		if (!css__match(e, en->sel, el))
			continue;
		const struct css_rule *r = en->rule;
		bool ua = r->origin == CSS_ORIGIN_UA;
		if (r->has_normal)
			add_match(e, make_key(ua ? R_UA : R_AUTHOR, en->sel->spec, r->order),
				  r->d, r->n, false);
		if (r->has_important)
			add_match(e, make_key(ua ? R_UA_IMP : R_AUTHOR_IMP, en->sel->spec, r->order),
				  r->d, r->n, true);
	}
}

static int match_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct css_match *)a)->key, y = ((const struct css_match *)b)->key;
	return x < y ? -1 : x > y;
}

/* Insertion sort for the few blocks most elements match (cheap);
 * qsort for the rare long lists. Equal keys are the same rule matched
 * through two of its selectors: applying it twice changes nothing. */
static void sort_matches(struct css_match *m, uint32_t n)
{
	if (n > 24) {
		qsort(m, n, sizeof *m, match_cmp);
		return;
	}
	for (uint32_t i = 1; i < n; i++) {
		struct css_match x = m[i];
		uint32_t j = i;
		while (j > 0 && m[j - 1].key > x.key) {
			m[j] = m[j - 1];
			j--;
		}
		m[j] = x;
	}
}

/* One element: collect the candidate rules from its id, class, tag and
 * universal buckets, match them, add hints and the style attribute, sort,
 * and let the last declaration of each longhand win; then compute. */
static void cascade_element(struct css_engine *e, struct dom_node *n,
			    const struct computed_style *parent, bool is_root,
			    struct arena *a, const struct diag_file *src)
{
	struct css_elem *el = css__elem_of(n);
	e->n_matched = 0;
	if (el->id)
		try_bucket(e, el->id->start[IDX_ID], el->id->count[IDX_ID], el);
	for (uint32_t i = 0; i < el->ncls; i++) {
		const struct css_atom *c = e->cls_pool[el->cls + i];
		/* a class listed twice must not match twice */
		bool dup = false;
		for (uint32_t j = 0; j < i && !dup; j++)
			dup = e->cls_pool[el->cls + j] == c;
		if (!dup)
			try_bucket(e, c->start[IDX_CLASS], c->count[IDX_CLASS], el);
	}
	if (el->tag)
		try_bucket(e, el->tag->start[IDX_TAG], el->tag->count[IDX_TAG], el);
	try_bucket(e, e->uni_start, e->uni_count, el);

	struct hints h;
	presentational_hints(e, n, &h);
	if (h.n)
		add_match(e, make_key(R_HINT, 0, 0), h.d, h.n, false);
	const char *sa = dom_get_attr(n, "style");
	if (sa && *sa) {
		uint32_t cnt;
		const struct css_decl *d = style_attr(e, n, sa, a, src, &cnt);
		if (cnt) {
			add_match(e, make_key(R_STYLE, 0, 0), d, cnt, false);
			add_match(e, make_key(R_STYLE_IMP, 0, 0), d, cnt, true);
		}
	}
	sort_matches(e->matched, e->n_matched);

	const struct css_decl *win[P_COUNT];
	memset(win, 0, sizeof win);
	for (uint32_t i = 0; i < e->n_matched; i++) {
		const struct css_match *m = &e->matched[i];
		for (uint32_t k = 0; k < m->n; k++)
			if (m->d[k].important == m->important)
				win[m->d[k].prop] = &m->d[k];
	}

	struct computed_style *s = arena_alloc(a, sizeof *s);
	struct css_compute_ctx cc = {
		parent, &e->initial, e->root_font_size, e->vw, e->vh, a, is_root,
		!is_root && (parent->display == DISPLAY_FLEX || parent->display == DISPLAY_INLINE_FLEX ||
			     parent->display == DISPLAY_GRID || parent->display == DISPLAY_INLINE_GRID),
		e->dpr,
	};
	css__compute(&cc, win, s);
	n->style = s;
}

void css_cascade(struct css_engine *e, struct dom_node *root, struct arena *a,
		 const struct diag_file *src)
{
	if (!root || root->type != DOM_ELEMENT)
		return;
	if (e->index_dirty || !e->index)
		css__build_index(e);
	struct dom_node *top = root;
	while (top->parent)
		top = top->parent;
	css__build_elems(e, top);
	e->root_font_size = e->initial.font_size;
	/* pre-order, iterative: a parent's style is ready before its children */
	for (struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
		if (n->type == DOM_TEXT) {
			n->style = n->parent ? n->parent->style : NULL;
			continue;
		}
		bool is_root = n == root;
		const struct computed_style *ps = is_root || !n->parent->style ? &e->initial
									      : n->parent->style;
		cascade_element(e, n, ps, is_root, a, src);
		if (is_root)   /* rem: the font size of the cascade's root (html) */
			e->root_font_size = n->style->font_size;
	}
	for (uint32_t i = 0; i < e->n_elems; i++)
		e->elems[i].node->user = e->elems[i].saved_user;
	e->n_elems = 0;
}
