/*
 * css_select.c — selectors (Selectors 4), the rule index and the cascade
 * (CSS Cascade 4 §6).
 *
 * At add time every selector of a rule becomes an entry. Before the first
 * cascade the entries are grouped by the rightmost compound's id, else its
 * first class, else its tag, else a universal list — the rule hash of
 * WebKit and Servo — with the groups hanging off interned atoms, so an
 * element's candidates are found with one lookup per class. Candidates are
 * matched right to left; the descendant and sibling combinators use Servo's
 * "restart" results so a failed match never backtracks exponentially.
 *
 * Per element the matched declaration blocks are sorted once by
 * (origin+importance rank, specificity, order) and applied in that order,
 * the last write winning; css_computed.c turns the winners into values.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "css/css_internal.h"
#include "base/diag.h"
#include "markdown/dom.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TOK(P, i) (&(P)->L->t[(i)])

/* ---- atoms ------------------------------------------------------------------ */

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;           /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

const struct css_atom *css_atom_find(struct css_engine *e, const char *s, size_t n)
{
	if (!e->cap_atoms)
		return NULL;
	uint32_t h = hash_bytes(s, n), mask = e->cap_atoms - 1;
	for (uint32_t i = h & mask;; i = (i + 1) & mask) {
		struct css_atom *a = e->atoms[i];
		if (!a)
			return NULL;
		if (a->hash == h && a->len == n && memcmp(a->s, s, n) == 0)
			return a;
	}
}

static void atoms_grow(struct css_engine *e)
{
	uint32_t cap = e->cap_atoms ? e->cap_atoms * 2 : 256;
	struct css_atom **t = xcalloc(cap, sizeof *t);
	for (uint32_t i = 0; i < e->cap_atoms; i++) {
		struct css_atom *a = e->atoms[i];
		if (!a)
			continue;
		uint32_t j = a->hash & (cap - 1);
		while (t[j])
			j = (j + 1) & (cap - 1);
		t[j] = a;
	}
	free(e->atoms);
	e->atoms = t;
	e->cap_atoms = cap;
}

const struct css_atom *css_atom_intern(struct css_engine *e, const char *s, size_t n)
{
	const struct css_atom *f = css_atom_find(e, s, n);
	if (f)
		return f;
	if ((e->n_atoms + 1) * 2 > e->cap_atoms)
		atoms_grow(e);
	struct css_atom *a = arena_alloc(e->a, sizeof *a);
	a->s = arena_strndup(e->a, s, n);
	a->len = (uint32_t)n;
	a->hash = hash_bytes(s, n);
	uint32_t j = a->hash & (e->cap_atoms - 1);
	while (e->atoms[j])
		j = (j + 1) & (e->cap_atoms - 1);
	e->atoms[j] = a;
	e->n_atoms++;
	return a;
}

static const struct css_atom *intern_lower(struct css_engine *e, const char *s, size_t n)
{
	char buf[128];
	if (n > sizeof buf)
		return css_atom_intern(e, s, n);
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] | 0x20 : s[i]);
	return css_atom_intern(e, buf, n);
}

/* ---- the engine ---------------------------------------------------------------- */

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
	e->vw = 960;
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

/* ---- selector parsing (Selectors 4 §3–§16) ------------------------------------ */

static const char *tv(struct css_parser *P, const struct css_token *t, size_t *n)
{
	return css_tok_value(P->L, t, P->tmp, n);
}

static bool is_delim(struct css_parser *P, uint32_t i, uint32_t end, char ch)
{
	if (i >= end)
		return false;
	const struct css_token *t = TOK(P, i);
	return t->type == T_DELIM && t->len == 1 && P->L->src[t->off] == ch;
}

static uint32_t skip_ws(struct css_parser *P, uint32_t i, uint32_t end)
{
	while (i < end && TOK(P, i)->type == T_WS)
		i++;
	return i;
}

static uint32_t spec_add(uint32_t a, uint32_t b)
{
	uint32_t r = 0;
	for (int sh = 0; sh <= 16; sh += 8) {
		uint32_t x = ((a >> sh) & 0xff) + ((b >> sh) & 0xff);
		r |= (x > 0xff ? 0xff : x) << sh;
	}
	return r;
}

#define SPEC_A 0x10000u
#define SPEC_B 0x100u
#define SPEC_C 0x1u

/* HTML §4.16.2: attribute values compared case-insensitively by default. */
static bool html_icase_attr(const char *n)
{
	static const char *const names[] = {
		"accept", "accept-charset", "align", "alink", "axis", "bgcolor", "charset",
		"checked", "clear", "codetype", "color", "compact", "declare", "defer", "dir",
		"direction", "disabled", "enctype", "face", "frame", "hreflang", "http-equiv",
		"lang", "language", "link", "media", "method", "multiple", "nohref",
		"noresize", "noshade", "nowrap", "readonly", "rel", "rev", "rules", "scope",
		"scrolling", "selected", "shape", "target", "text", "type", "valign",
		"valuetype", "vlink",
	};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (!strcmp(n, names[i]))
			return true;
	return false;
}

static char *lower_dup(struct arena *a, const char *s, size_t n)
{
	char *o = arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++)
		o[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] | 0x20 : s[i]);
	o[n] = '\0';
	return o;
}

/* [attr], [attr op value flag] in tokens [i, end). */
static bool parse_attr(struct css_parser *P, uint32_t i, uint32_t end, struct css_simple *s)
{
	size_t n;
	i = skip_ws(P, i, end);
	/* namespace prefixes: *|attr and |attr mean any/no namespace */
	if (is_delim(P, i, end, '*') && is_delim(P, i + 1, end, '|'))
		i += 2;
	else if (is_delim(P, i, end, '|') && !is_delim(P, i + 1, end, '='))
		i += 1;
	if (i >= end || TOK(P, i)->type != T_IDENT)
		return false;
	const char *name = tv(P, TOK(P, i), &n);
	i++;
	if (is_delim(P, i, end, '|') && i + 1 < end && TOK(P, i + 1)->type == T_IDENT)
		return false;   /* ns|attr: no namespaces are declared */
	s->type = S_ATTR;
	s->name = lower_dup(P->a, name, n);
	i = skip_ws(P, i, end);
	if (i >= end) {
		s->op = A_EXISTS;
		return true;
	}
	if (is_delim(P, i, end, '=')) {
		s->op = A_EQ;
		i++;
	} else {
		static const char ops[] = "~|^$*";
		static const uint8_t kinds[] = { A_INCLUDES, A_DASH, A_PREFIX, A_SUFFIX, A_SUBSTR };
		const struct css_token *t = TOK(P, i);
		const char *p = t->type == T_DELIM && t->len == 1 ? strchr(ops, P->L->src[t->off]) : NULL;
		if (!p || !*p || !is_delim(P, i + 1, end, '='))
			return false;
		s->op = kinds[p - ops];
		i += 2;
	}
	i = skip_ws(P, i, end);
	if (i >= end || (TOK(P, i)->type != T_IDENT && TOK(P, i)->type != T_STRING))
		return false;
	const char *v = tv(P, TOK(P, i), &n);
	s->value = arena_strndup(P->a, v, n);
	s->vlen = (uint32_t)n;
	i = skip_ws(P, i + 1, end);
	s->icase = html_icase_attr(s->name);
	if (i < end) {
		if (TOK(P, i)->type != T_IDENT)
			return false;
		const char *f = tv(P, TOK(P, i), &n);
		if (css_ieq(f, n, "i"))
			s->icase = true;
		else if (css_ieq(f, n, "s"))
			s->icase = false;
		else
			return false;
		if (skip_ws(P, i + 1, end) < end)
			return false;
	}
	return true;
}

/* An+B (CSS Syntax 3 §6), parsed from the source text of the argument
 * with white space removed (slightly more lenient than the token rules). */
static bool parse_anb(struct css_parser *P, uint32_t i, uint32_t end, int *a, int *b)
{
	char buf[64];
	size_t k = 0;
	for (; i < end; i++) {
		const struct css_token *t = TOK(P, i);
		if (t->type == T_WS)
			continue;
		if (t->flags & TF_ESC || k + t->len >= sizeof buf)
			return false;
		for (uint32_t j = 0; j < t->len; j++) {
			char ch = P->L->src[t->off + j];
			buf[k++] = (char)((ch >= 'A' && ch <= 'Z') ? ch | 0x20 : ch);
		}
	}
	buf[k] = '\0';
	if (!strcmp(buf, "odd")) {
		*a = 2, *b = 1;
		return true;
	}
	if (!strcmp(buf, "even")) {
		*a = 2, *b = 0;
		return true;
	}
	const char *p = buf;
	char *e;
	char *n = strchr(buf, 'n');
	if (!n) {
		long v = strtol(p, &e, 10);
		if (e == p || *e || (p[0] != '+' && p[0] != '-' && (p[0] < '0' || p[0] > '9')))
			return false;
		*a = 0;
		*b = (int)MAX(-1000000, MIN(1000000, v));
		return true;
	}
	long av;
	if (n == p)
		av = 1;
	else if (n == p + 1 && (*p == '+' || *p == '-'))
		av = *p == '-' ? -1 : 1;
	else {
		av = strtol(p, &e, 10);
		if (e != n)
			return false;
	}
	long bv = 0;
	if (n[1]) {
		if (n[1] != '+' && n[1] != '-')
			return false;
		if (!(n[2] >= '0' && n[2] <= '9'))
			return false;
		bv = strtol(n + 1, &e, 10);
		if (*e)
			return false;
	}
	*a = (int)MAX(-1000000, MIN(1000000, av));
	*b = (int)MAX(-1000000, MIN(1000000, bv));
	return true;
}

static const struct css_sel_list *parse_list(struct css_parser *P, uint32_t i, uint32_t end,
					     int depth, bool forgiving, uint32_t *max_spec);

struct pseudo_name {
	const char *name;
	int8_t kind;         /* enum css_pseudo, or -1 never matches */
};

static const struct pseudo_name pseudo_classes[] = {
	{ "first-child", PS_FIRST_CHILD }, { "last-child", PS_LAST_CHILD },
	{ "only-child", PS_ONLY_CHILD }, { "first-of-type", PS_FIRST_OF_TYPE },
	{ "last-of-type", PS_LAST_OF_TYPE }, { "only-of-type", PS_ONLY_OF_TYPE },
	{ "root", PS_ROOT }, { "scope", PS_ROOT }, { "empty", PS_EMPTY },
	{ "link", PS_LINK }, { "any-link", PS_LINK }, { "-webkit-any-link", PS_LINK },
	{ "checked", PS_CHECKED }, { "disabled", PS_DISABLED }, { "enabled", PS_ENABLED },
	{ "read-only", PS_READ_ONLY }, { "defined", PS_ALWAYS },
	/* a printed slide is static: no pointer, focus, history or form state */
	{ "hover", -1 }, { "active", -1 }, { "focus", -1 }, { "focus-within", -1 },
	{ "focus-visible", -1 }, { "visited", -1 }, { "target", -1 },
	{ "target-within", -1 }, { "current", -1 }, { "past", -1 }, { "future", -1 },
	{ "playing", -1 }, { "paused", -1 }, { "fullscreen", -1 },
	{ "-webkit-full-screen", -1 }, { "-webkit-full-screen-ancestor", -1 },
	{ "placeholder-shown", -1 }, { "autofill", -1 }, { "-webkit-autofill", -1 },
	{ "default", -1 }, { "indeterminate", -1 }, { "valid", -1 }, { "invalid", -1 },
	{ "in-range", -1 }, { "out-of-range", -1 }, { "required", -1 },
	{ "optional", -1 }, { "read-write", -1 }, { "user-invalid", -1 },
	{ "user-valid", -1 }, { "blank", -1 }, { "modal", -1 },
	{ "picture-in-picture", -1 }, { "popover-open", -1 }, { "host", -1 },
	{ "-webkit-drag", -1 }, { "window-inactive", -1 },
};

static const char *const pseudo_elements[] = {
	"before", "after", "first-line", "first-letter", "selection", "placeholder",
	"marker", "backdrop", "file-selector-button", "cue", "grammar-error",
	"spelling-error", "target-text", "view-transition",
};

/* ::name or the legacy :before/:after/:first-line/:first-letter. */
static bool pseudo_element_ok(const char *s, size_t n, bool fn)
{
	if (n > 8 && css_ieq(s, 8, "-webkit-"))
		return true;   /* Chrome accepts any -webkit- pseudo-element */
	if (fn)
		return css_ieq(s, n, "part") || css_ieq(s, n, "slotted") ||
		       css_ieq(s, n, "highlight") || css_ieq(s, n, "cue");
	for (size_t i = 0; i < ARRAY_LEN(pseudo_elements); i++)
		if (css_ieq(s, n, pseudo_elements[i]))
			return true;
	return false;
}

struct compound_acc {
	struct css_simple s[MAX_SELECTOR_PARTS];
	int n;
	uint32_t spec;
	bool never;
};

static bool add_simple(struct compound_acc *c, const struct css_simple *s)
{
	if (c->n == MAX_SELECTOR_PARTS)
		return false;
	c->s[c->n++] = *s;
	return true;
}

/* A pseudo-class function :name( … ) whose contents are [i, end). */
static bool pseudo_function(struct css_parser *P, const char *name, size_t n, uint32_t i,
			    uint32_t end, int depth, struct compound_acc *c)
{
	struct css_simple s;
	memset(&s, 0, sizeof s);
	uint32_t spec = 0;
	if (css_ieq(name, n, "not")) {
		s.type = S_NOT;
		s.list = parse_list(P, i, end, depth + 1, false, &spec);
		if (!s.list)
			return false;
		c->spec = spec_add(c->spec, spec);
		return add_simple(c, &s);
	}
	bool where = css_ieq(name, n, "where");
	if (where || css_ieq(name, n, "is") || css_ieq(name, n, "matches") ||
	    css_ieq(name, n, "-webkit-any")) {
		s.type = S_IS;
		s.list = parse_list(P, i, end, depth + 1, true, &spec);
		if (!s.list)
			return false;
		if (!where)
			c->spec = spec_add(c->spec, spec);
		return add_simple(c, &s);
	}
	static const struct { const char *n; uint8_t kind; bool of; } nth[] = {
		{ "nth-child", NTH_CHILD, true }, { "nth-last-child", NTH_LAST_CHILD, true },
		{ "nth-of-type", NTH_OF_TYPE, false }, { "nth-last-of-type", NTH_LAST_OF_TYPE, false },
	};
	for (size_t k = 0; k < ARRAY_LEN(nth); k++) {
		if (!css_ieq(name, n, nth[k].n))
			continue;
		uint32_t of = end;
		if (nth[k].of) {
			for (uint32_t j = i; j < end; j++) {
				const struct css_token *t = TOK(P, j);
				size_t ln = 0;
				const char *w = t->type == T_IDENT ? tv(P, t, &ln) : NULL;
				if (w && css_ieq(w, ln, "of")) {
					of = j;
					break;
				}
			}
		}
		s.type = S_NTH;
		s.op = nth[k].kind;
		if (!parse_anb(P, i, of, &s.a, &s.b))
			return false;
		c->spec = spec_add(c->spec, SPEC_B);
		if (of < end) {
			s.list = parse_list(P, of + 1, end, depth + 1, false, &spec);
			if (!s.list)
				return false;
			c->spec = spec_add(c->spec, spec);
		}
		return add_simple(c, &s);
	}
	if (css_ieq(name, n, "lang") || css_ieq(name, n, "dir")) {
		uint32_t j = skip_ws(P, i, end);
		if (j >= end || (TOK(P, j)->type != T_IDENT && TOK(P, j)->type != T_STRING))
			return false;
		size_t an;
		const char *arg = tv(P, TOK(P, j), &an);
		s.type = S_PSEUDO;
		s.op = css_ieq(name, n, "lang") ? PS_LANG : PS_DIR;
		s.name = lower_dup(P->a, arg, an);
		c->spec = spec_add(c->spec, SPEC_B);
		return add_simple(c, &s);
	}
	if (css_ieq(name, n, "host") || css_ieq(name, n, "host-context") ||
	    css_ieq(name, n, "state")) {
		c->never = true;
		c->spec = spec_add(c->spec, SPEC_B);
		return true;
	}
	if (css_ieq(name, n, "has"))
		P->unsupported = true;
	return false;
}

/* One compound selector starting at *pi. */
static bool parse_compound(struct css_parser *P, uint32_t *pi, uint32_t end, int depth,
			   struct compound_acc *c)
{
	uint32_t i = *pi;
	size_t n;
	bool any = false;
	c->n = 0;
	c->spec = 0;
	c->never = false;
	/* type selector or universal, with an optional namespace prefix */
	if (i < end && (TOK(P, i)->type == T_IDENT || is_delim(P, i, end, '*') ||
			is_delim(P, i, end, '|'))) {
		bool no_ns = false;
		if (is_delim(P, i, end, '|')) {
			no_ns = true;      /* |E: elements in no namespace (none in HTML) */
			i++;
		} else if (i + 1 < end && is_delim(P, i + 1, end, '|') &&
			   !is_delim(P, i + 2, end, '=')) {
			if (!is_delim(P, i, end, '*'))
				return false;   /* ns|E: no namespace prefixes are declared */
			i += 2;
		}
		if (i < end && TOK(P, i)->type == T_IDENT) {
			const char *tag = tv(P, TOK(P, i), &n);
			struct css_simple s;
			memset(&s, 0, sizeof s);
			s.type = S_TAG;
			s.atom = intern_lower(P->e, tag, n);
			if (!add_simple(c, &s))
				return false;
			c->spec = spec_add(c->spec, SPEC_C);
			i++;
			any = true;
		} else if (is_delim(P, i, end, '*')) {
			i++;
			any = true;
		} else if (no_ns) {
			return false;
		}
		if (no_ns)
			c->never = true;
	}
	for (;;) {
		if (i >= end)
			break;
		const struct css_token *t = TOK(P, i);
		struct css_simple s;
		memset(&s, 0, sizeof s);
		if (t->type == T_HASH) {
			if (!(t->flags & TF_ID))
				return false;
			const char *id = tv(P, t, &n);
			s.type = S_ID;
			s.atom = css_atom_intern(P->e, id, n);
			c->spec = spec_add(c->spec, SPEC_A);
			i++;
		} else if (is_delim(P, i, end, '.')) {
			if (i + 1 >= end || TOK(P, i + 1)->type != T_IDENT)
				return false;
			const char *cls = tv(P, TOK(P, i + 1), &n);
			s.type = S_CLASS;
			s.atom = css_atom_intern(P->e, cls, n);
			c->spec = spec_add(c->spec, SPEC_B);
			i += 2;
		} else if (t->type == T_LBRACKET) {
			if (!parse_attr(P, i + 1, MIN(t->aux, end), &s))
				return false;
			if (t->aux >= end)
				return false;     /* unclosed [ */
			c->spec = spec_add(c->spec, SPEC_B);
			i = t->aux + 1;
		} else if (t->type == T_COLON) {
			bool element = i + 1 < end && TOK(P, i + 1)->type == T_COLON;
			uint32_t k = i + 1 + element;
			if (k >= end)
				return false;
			const struct css_token *nt = TOK(P, k);
			if (nt->type != T_IDENT && nt->type != T_FUNCTION)
				return false;
			const char *name = tv(P, nt, &n);
			bool fn = nt->type == T_FUNCTION;
			uint32_t next = fn ? nt->aux + 1 : k + 1;
			if (fn && nt->aux >= end)
				return false;
			if (!element && !fn && (css_ieq(name, n, "before") || css_ieq(name, n, "after") ||
						css_ieq(name, n, "first-line") ||
						css_ieq(name, n, "first-letter")))
				element = true;
			if (element) {
				if (!pseudo_element_ok(name, n, fn))
					return false;
				c->never = true;
				c->spec = spec_add(c->spec, SPEC_C);
			} else if (fn) {
				if (depth >= MAX_CSS_NESTING)
					return false;
				if (!pseudo_function(P, name, n, k + 1, nt->aux, depth, c))
					return false;
			} else {
				size_t p;
				for (p = 0; p < ARRAY_LEN(pseudo_classes); p++)
					if (css_ieq(name, n, pseudo_classes[p].name))
						break;
				if (p == ARRAY_LEN(pseudo_classes))
					return false;
				c->spec = spec_add(c->spec, SPEC_B);
				if (pseudo_classes[p].kind < 0) {
					c->never = true;
				} else {
					s.type = S_PSEUDO;
					s.op = (uint8_t)pseudo_classes[p].kind;
					if (!add_simple(c, &s))
						return false;
				}
			}
			i = next;
			any = true;
			continue;
		} else {
			break;
		}
		if (!add_simple(c, &s))
			return false;
		any = true;
	}
	*pi = i;
	return any;
}

/* One complex selector in [i, end) (already trimmed). */
static bool parse_complex(struct css_parser *P, uint32_t i, uint32_t end, int depth,
			  struct css_selector *out)
{
	struct css_compound comp[MAX_SELECTOR_PARTS];
	uint8_t comb[MAX_SELECTOR_PARTS];
	int m = 0;
	uint32_t spec = 0;
	bool never = false;
	struct compound_acc *acc = xmalloc(sizeof *acc);
	bool ok = false;
	i = skip_ws(P, i, end);
	for (;;) {
		if (m == MAX_SELECTOR_PARTS)
			goto out;
		if (!parse_compound(P, &i, end, depth, acc))
			goto out;
		struct css_simple *s = NULL;
		if (acc->n) {
			s = arena_alloc(P->a, (size_t)acc->n * sizeof *s);
			memcpy(s, acc->s, (size_t)acc->n * sizeof *s);
		}
		comp[m].s = s;
		comp[m].n = (uint16_t)acc->n;
		comp[m].comb = C_NONE;
		spec = spec_add(spec, acc->spec);
		never = never || acc->never;
		m++;
		uint32_t j = skip_ws(P, i, end);
		if (j >= end)
			break;
		uint8_t cb;
		if (is_delim(P, j, end, '>'))
			cb = C_CHILD, j++;
		else if (is_delim(P, j, end, '+'))
			cb = C_NEXT, j++;
		else if (is_delim(P, j, end, '~'))
			cb = C_LATER, j++;
		else if (j > i)
			cb = C_DESCENDANT;
		else
			goto out;
		comb[m - 1] = cb;
		i = skip_ws(P, j, end);
		if (i >= end)
			goto out;     /* a trailing combinator */
	}
	/* store right to left: c[k].comb links c[k] to c[k + 1] */
	struct css_compound *c = arena_alloc(P->a, (size_t)m * sizeof *c);
	for (int k = 0; k < m; k++) {
		c[k] = comp[m - 1 - k];
		c[k].comb = k + 1 < m ? comb[m - 2 - k] : C_NONE;
	}
	out->c = c;
	out->n = (uint16_t)m;
	out->spec = spec;
	out->never = never;
	ok = true;
out:
	free(acc);
	return ok;
}

static const struct css_sel_list *parse_list(struct css_parser *P, uint32_t i, uint32_t end,
					     int depth, bool forgiving, uint32_t *max_spec)
{
	uint32_t count = 1;
	for (uint32_t j = i; j < end; j++) {
		const struct css_token *t = TOK(P, j);
		if (t->type == T_COMMA)
			count++;
		else if (t->type == T_FUNCTION || t->type == T_LPAREN || t->type == T_LBRACKET ||
			 t->type == T_LBRACE)
			j = MIN(t->aux, end);
	}
	struct css_selector *sel = arena_alloc(P->a, count * sizeof *sel);
	struct css_sel_list *l = arena_alloc(P->a, sizeof *l);
	l->sel = sel;
	*max_spec = 0;
	uint32_t s = i;
	for (uint32_t j = i;; j++) {
		bool stop = j >= end;
		if (!stop) {
			const struct css_token *t = TOK(P, j);
			if (t->type == T_FUNCTION || t->type == T_LPAREN || t->type == T_LBRACKET ||
			    t->type == T_LBRACE) {
				if (t->aux >= end)
					j = end - 1;
				else
					j = t->aux;
				continue;
			}
			if (t->type != T_COMMA)
				continue;
		}
		uint32_t a = skip_ws(P, s, MIN(j, end)), b = MIN(j, end);
		while (b > a && TOK(P, b - 1)->type == T_WS)
			b--;
		if (a < b && parse_complex(P, a, b, depth, &sel[l->n])) {
			if (sel[l->n].spec > *max_spec)
				*max_spec = sel[l->n].spec;
			l->n++;
		} else if (!forgiving) {
			return NULL;
		}
		if (stop)
			break;
		s = j + 1;
	}
	return l;
}

const struct css_sel_list *css__parse_selectors(struct css_parser *P, uint32_t i,
						uint32_t end, int depth)
{
	uint32_t spec;
	P->unsupported = false;
	return parse_list(P, i, end, depth, false, &spec);
}

/* ---- matching ------------------------------------------------------------------- */

/* What the matcher knows about an element, built once per cascade. */
struct css_elem {
	struct dom_node *node;
	struct css_elem *parent;
	const struct css_atom *tag, *id;
	uint32_t cls, ncls;          /* into e->cls_pool */
	int32_t idx, nidx;           /* position among element siblings; 0 = unknown */
	int32_t tidx, tnidx;         /* among siblings of the same type */
	void *saved_user;
};

static struct css_elem *elem_of(const struct dom_node *n)
{
	return n ? (struct css_elem *)n->user : NULL;
}

static void fill_index(struct css_elem *el)
{
	struct dom_node *p = el->node->parent;
	if (!p) {
		el->idx = el->nidx = 1;
		return;
	}
	int32_t k = 0, total = 0;
	for (struct dom_node *c = p->first_child; c; c = c->next)
		total += c->type == DOM_ELEMENT;
	for (struct dom_node *c = p->first_child; c; c = c->next) {
		if (c->type != DOM_ELEMENT)
			continue;
		struct css_elem *x = elem_of(c);
		k++;
		x->idx = k;
		x->nidx = total - k + 1;
	}
}

static void fill_type_index(struct css_elem *el)
{
	struct dom_node *p = el->node->parent;
	if (!p) {
		el->tidx = el->tnidx = 1;
		return;
	}
	const char *tag = el->node->tag;
	int32_t k = 0, total = 0;
	for (struct dom_node *c = p->first_child; c; c = c->next)
		total += c->type == DOM_ELEMENT && !strcmp(c->tag, tag);
	for (struct dom_node *c = p->first_child; c; c = c->next) {
		if (c->type != DOM_ELEMENT || strcmp(c->tag, tag))
			continue;
		struct css_elem *x = elem_of(c);
		k++;
		x->tidx = k;
		x->tnidx = total - k + 1;
	}
}

static bool nth_ok(int a, int b, int idx)
{
	if (a == 0)
		return idx == b;
	long d = (long)idx - b;
	return d % a == 0 && d / a >= 0;
}

static bool match_list(struct css_engine *e, const struct css_sel_list *l, struct css_elem *el);

/* Position among the siblings that match S (nth-child(… of S)). */
static int32_t index_of_matching(struct css_engine *e, struct css_elem *el,
				 const struct css_sel_list *l, bool last)
{
	if (!match_list(e, l, el))
		return 0;
	int32_t k = 1;
	const struct dom_node *c = el->node;
	while ((c = last ? dom_next_element(c) : dom_prev_element(c)))
		k += match_list(e, l, elem_of(c));
	return k;
}

static bool icase_eq(const char *a, size_t an, const char *b, size_t bn, bool icase)
{
	if (an != bn)
		return false;
	return icase ? strncasecmp(a, b, an) == 0 : memcmp(a, b, an) == 0;
}

static bool match_attr(const struct css_simple *s, const struct dom_node *n)
{
	const char *v = dom_get_attr(n, s->name);
	if (!v)
		return false;
	if (s->op == A_EXISTS)
		return true;
	size_t vn = strlen(v), sn = s->vlen;
	const char *w = s->value;
	bool ic = s->icase;
	switch (s->op) {
	case A_EQ:
		return icase_eq(v, vn, w, sn, ic);
	case A_INCLUDES: {
		if (!sn || strpbrk(w, " \t\n\r\f"))
			return false;
		const char *p = v;
		while (*p) {
			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
				p++;
			const char *q = p;
			while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f')
				q++;
			if (q > p && icase_eq(p, (size_t)(q - p), w, sn, ic))
				return true;
			p = q;
		}
		return false;
	}
	case A_DASH:
		return icase_eq(v, vn, w, sn, ic) ||
		       (vn > sn && v[sn] == '-' && icase_eq(v, sn, w, sn, ic));
	case A_PREFIX:
		return sn && vn >= sn && icase_eq(v, sn, w, sn, ic);
	case A_SUFFIX:
		return sn && vn >= sn && icase_eq(v + vn - sn, sn, w, sn, ic);
	case A_SUBSTR:
		if (!sn || vn < sn)
			return false;
		for (size_t i = 0; i + sn <= vn; i++)
			if (icase_eq(v + i, sn, w, sn, ic))
				return true;
		return false;
	}
	return false;
}

static bool is_form_control(const struct dom_node *n)
{
	static const char *const t[] = { "button", "input", "select", "textarea",
					 "optgroup", "option", "fieldset" };
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (!strcmp(n->tag, t[i]))
			return true;
	return false;
}

/* The nearest ancestor-or-self value of an attribute (lang, dir). */
static const char *inherited_attr(const struct dom_node *n, const char *name)
{
	for (; n; n = n->parent) {
		const char *v = n->type == DOM_ELEMENT ? dom_get_attr(n, name) : NULL;
		if (v)
			return v;
	}
	return NULL;
}

static bool match_pseudo(unsigned kind, const struct css_simple *s, struct css_elem *el)
{
	const struct dom_node *n = el->node;
	switch (kind) {
	case PS_FIRST_CHILD: return !dom_prev_element(n);
	case PS_LAST_CHILD: return !dom_next_element(n);
	case PS_ONLY_CHILD: return !dom_prev_element(n) && !dom_next_element(n);
	case PS_FIRST_OF_TYPE:
		if (!el->tidx)
			fill_type_index(el);
		return el->tidx == 1;
	case PS_LAST_OF_TYPE:
		if (!el->tidx)
			fill_type_index(el);
		return el->tnidx == 1;
	case PS_ONLY_OF_TYPE:
		if (!el->tidx)
			fill_type_index(el);
		return el->tidx == 1 && el->tnidx == 1;
	case PS_ROOT: return !n->parent;
	case PS_EMPTY:
		for (const struct dom_node *c = n->first_child; c; c = c->next)
			if (c->type == DOM_ELEMENT || c->text_len)
				return false;
		return true;
	case PS_LINK:
		return (!strcmp(n->tag, "a") || !strcmp(n->tag, "area") || !strcmp(n->tag, "link")) &&
		       dom_get_attr(n, "href");
	case PS_CHECKED:
		return (!strcmp(n->tag, "input") && dom_get_attr(n, "checked")) ||
		       (!strcmp(n->tag, "option") && dom_get_attr(n, "selected"));
	case PS_DISABLED: return is_form_control(n) && dom_get_attr(n, "disabled");
	case PS_ENABLED: return is_form_control(n) && !dom_get_attr(n, "disabled");
	case PS_READ_ONLY: return strcmp(n->tag, "input") && strcmp(n->tag, "textarea");
	case PS_ALWAYS: return true;
	case PS_LANG: {
		const char *l = inherited_attr(n, "lang");
		size_t k = strlen(s->name);
		return l && strncasecmp(l, s->name, k) == 0 && (l[k] == '\0' || l[k] == '-');
	}
	case PS_DIR: {
		const char *d = inherited_attr(n, "dir");
		return !strcmp(s->name, d && !strcasecmp(d, "rtl") ? "rtl" : "ltr");
	}
	}
	return false;
}

static bool match_simple(struct css_engine *e, const struct css_simple *s, struct css_elem *el)
{
	switch (s->type) {
	case S_TAG: return el->tag == s->atom;
	case S_ID: return el->id == s->atom;
	case S_CLASS:
		for (uint32_t i = 0; i < el->ncls; i++)
			if (e->cls_pool[el->cls + i] == s->atom)
				return true;
		return false;
	case S_ATTR: return match_attr(s, el->node);
	case S_PSEUDO: return match_pseudo(s->op, s, el);
	case S_NTH: {
		int32_t idx;
		bool last = s->op == NTH_LAST_CHILD || s->op == NTH_LAST_OF_TYPE;
		if (s->list) {
			idx = index_of_matching(e, el, s->list, last);
			if (!idx)
				return false;
		} else if (s->op == NTH_CHILD || s->op == NTH_LAST_CHILD) {
			if (!el->idx)
				fill_index(el);
			idx = last ? el->nidx : el->idx;
		} else {
			if (!el->tidx)
				fill_type_index(el);
			idx = last ? el->tnidx : el->tidx;
		}
		return nth_ok(s->a, s->b, idx);
	}
	case S_NOT: return !match_list(e, s->list, el);
	case S_IS: return match_list(e, s->list, el);
	case S_NEVER: return false;
	}
	return false;
}

static bool match_compound(struct css_engine *e, const struct css_compound *c,
			   struct css_elem *el)
{
	for (uint16_t i = 0; i < c->n; i++)
		if (!match_simple(e, &c->s[i], el))
			return false;
	return true;
}

/* Servo's SelectorMatchingResult: on failure, how far to the left the
 * caller's search may usefully continue. */
enum { M_YES, M_NO_SIBLING, M_NO_DESC, M_NO_GLOBAL };

static struct css_elem *next_for(struct css_elem *el, uint8_t comb)
{
	if (comb == C_CHILD || comb == C_DESCENDANT)
		return el->parent;
	return elem_of(dom_prev_element(el->node));
}

static int match_from(struct css_engine *e, const struct css_selector *sel, unsigned k,
		      struct css_elem *el)
{
	if (!match_compound(e, &sel->c[k], el))
		return M_NO_SIBLING;
	if (k + 1 == sel->n)
		return M_YES;
	uint8_t comb = sel->c[k].comb;
	int not_found = comb == C_NEXT || comb == C_LATER ? M_NO_DESC : M_NO_GLOBAL;
	for (struct css_elem *x = next_for(el, comb);; x = next_for(x, comb)) {
		if (!x)
			return not_found;
		int r = match_from(e, sel, k + 1, x);
		if (r == M_YES || r == M_NO_GLOBAL || comb == C_NEXT)
			return r;
		if (comb == C_CHILD)
			return M_NO_DESC;
		if (r == M_NO_DESC && comb == C_LATER)
			return r;
	}
}

static bool match_list(struct css_engine *e, const struct css_sel_list *l, struct css_elem *el)
{
	if (!el)
		return false;
	for (uint32_t i = 0; i < l->n; i++)
		if (!l->sel[i].never && match_from(e, &l->sel[i], 0, el) == M_YES)
			return true;
	return false;
}

/* ---- the rule index ---------------------------------------------------------- */

/* The bucket of a selector: its rightmost compound's id, else first class,
 * else tag; NULL for the universal list. */
static const struct css_atom *bucket_of(const struct css_selector *s, int *kind)
{
	const struct css_compound *c = &s->c[0];
	const struct css_atom *cls = NULL, *tag = NULL;
	for (uint16_t i = 0; i < c->n; i++) {
		if (c->s[i].type == S_ID) {
			*kind = IDX_ID;
			return c->s[i].atom;
		}
		if (c->s[i].type == S_CLASS && !cls)
			cls = c->s[i].atom;
		if (c->s[i].type == S_TAG)
			tag = c->s[i].atom;
	}
	if (cls) {
		*kind = IDX_CLASS;
		return cls;
	}
	*kind = IDX_TAG;
	return tag;
}

static void build_index(struct css_engine *e)
{
	for (uint32_t i = 0; i < e->cap_atoms; i++) {
		struct css_atom *a = e->atoms[i];
		if (a)
			memset(a->start, 0, sizeof a->start), memset(a->count, 0, sizeof a->count);
	}
	e->uni_count = 0;
	for (uint32_t i = 0; i < e->n_entries; i++) {
		int kind;
		struct css_atom *a = (struct css_atom *)bucket_of(e->entries[i].sel, &kind);
		if (a)
			a->count[kind]++;
		else
			e->uni_count++;
	}
	uint32_t off = 0;
	for (uint32_t i = 0; i < e->cap_atoms; i++) {
		struct css_atom *a = e->atoms[i];
		if (!a)
			continue;
		for (int k = 0; k < IDX_KINDS; k++) {
			a->start[k] = off;
			off += a->count[k];
			a->count[k] = 0;
		}
	}
	e->uni_start = off;
	off += e->uni_count;
	e->uni_count = 0;
	free(e->index);
	e->index = xmalloc((off ? off : 1) * sizeof *e->index);
	for (uint32_t i = 0; i < e->n_entries; i++) {
		int kind;
		struct css_atom *a = (struct css_atom *)bucket_of(e->entries[i].sel, &kind);
		if (a)
			e->index[a->start[kind] + a->count[kind]++] = i;
		else
			e->index[e->uni_start + e->uni_count++] = i;
	}
	e->index_dirty = false;
}

/* ---- element infos --------------------------------------------------------------- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static void build_elems(struct css_engine *e, struct dom_node *top)
{
	uint32_t n = 0;
	for (struct dom_node *x = top; x; x = dom_walk_next(top, x, false))
		n += x->type == DOM_ELEMENT;
	if (n > e->cap_elems) {
		free(e->elems);
		e->cap_elems = n + n / 2 + 16;
		e->elems = xmalloc(e->cap_elems * sizeof *e->elems);
	}
	e->n_elems = 0;
	e->n_cls = 0;
	for (struct dom_node *x = top; x; x = dom_walk_next(top, x, false)) {
		if (x->type != DOM_ELEMENT)
			continue;
		struct css_elem *el = &e->elems[e->n_elems++];
		memset(el, 0, sizeof *el);
		el->node = x;
		el->saved_user = x->user;
		el->parent = x->parent && x != top ? elem_of(x->parent) : NULL;
		el->tag = css_atom_find(e, x->tag, strlen(x->tag));
		const char *id = dom_get_attr(x, "id");
		if (id && *id)
			el->id = css_atom_find(e, id, strlen(id));
		const char *cls = dom_get_attr(x, "class");
		el->cls = e->n_cls;
		for (const char *p = cls; p && *p;) {
			while (is_space(*p))
				p++;
			const char *q = p;
			while (*q && !is_space(*q))
				q++;
			const struct css_atom *a = q > p ? css_atom_find(e, p, (size_t)(q - p)) : NULL;
			if (a) {
				if (e->n_cls == e->cap_cls) {
					e->cap_cls = e->cap_cls ? e->cap_cls * 2 : 256;
					e->cls_pool = xrealloc(e->cls_pool, e->cap_cls * sizeof *e->cls_pool);
				}
				e->cls_pool[e->n_cls++] = a;
			}
			p = q;
		}
		el->ncls = e->n_cls - el->cls;
		x->user = el;
	}
}

/* ---- presentational hints (HTML §15) --------------------------------------------- */

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

static struct css_sval hv_kw(int kw)
{
	struct css_sval v = { 0 };
	v.kw = (int16_t)kw;
	return v;
}

static struct css_sval hv_len(uint8_t unit, float x)
{
	struct css_sval v = { 0 };
	v.unit = unit;
	v.v = x;
	return v;
}

static struct css_sval hv_color(struct css_color c)
{
	struct css_sval v = { 0 };
	v.unit = U_COLOR;
	v.c = c;
	return v;
}

/* HTML "rules for parsing a legacy colour value", the common cases. */
static bool legacy_color(const char *s, struct css_color *c)
{
	while (is_space(*s))
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
	while (is_space(*s))
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

static int legacy_int(const char *s, int dflt)
{
	while (is_space(*s))
		s++;
	if (*s == '+')
		s++;
	if (!(*s >= '0' && *s <= '9'))
		return dflt;
	long v = strtol(s, NULL, 10);
	return (int)MIN(v, 100000);
}

static const struct dom_node *table_of_cell(const struct dom_node *n)
{
	for (int k = 0; k < 3 && n->parent; k++) {
		n = n->parent;
		if (n->type == DOM_ELEMENT && !strcmp(n->tag, "table"))
			return n;
	}
	return NULL;
}

static void border_hint(struct hints *h, float w, int style, struct css_color c, bool col)
{
	for (unsigned i = 0; i < 4; i++) {
		hint(h, P_BORDER_TOP_WIDTH + i, hv_len(U_PX, w));
		hint(h, P_BORDER_TOP_STYLE + i, hv_kw(style));
		if (col)
			hint(h, P_BORDER_TOP_COLOR + i, hv_color(c));
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
			hint(h, P_COLOR, hv_color(c));
		if ((v = dom_get_attr(n, "face")) && *v) {
			/* the face list as a family list: trimmed items, ", " joined */
			char buf[512];
			size_t k = 0;
			for (const char *p = v; *p && k + 3 < sizeof buf;) {
				while (is_space(*p) || *p == ',')
					p++;
				const char *q = p;
				while (*q && *q != ',')
					q++;
				const char *r = q;
				while (r > p && is_space(r[-1]))
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
				struct css_sval s = { 0 };
				s.unit = U_STR;
				s.p = css_atom_intern(e, buf, k)->s;
				hint(h, P_FONT_FAMILY, s);
			}
		}
		if ((v = dom_get_attr(n, "size"))) {
			/* HTML §15.3.4 legacy font size: 1..7, or ±N relative to 3;
			 * 1 = x-small … 7 = xxx-large (absolute, from 16px medium) */
			const char *p = v;
			while (is_space(*p))
				p++;
			int mode = *p == '+' ? 1 : *p == '-' ? -1 : 0;
			if (mode)
				p++;
			if (*p >= '0' && *p <= '9') {
				long k = strtol(p, NULL, 10);
				k = mode ? 3 + mode * MIN(k, 10) : MIN(k, 10);
				k = k < 1 ? 1 : k > 7 ? 7 : k;
				static const float px[8] = { 0, 10, 13, 16, 18, 24, 32, 48 };
				hint(h, P_FONT_SIZE, hv_len(U_PX, px[k]));
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
			hint(h, P_TEXT_ALIGN, hv_kw(ta));
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
			hint(h, P_VERTICAL_ALIGN, hv_kw(va));
	}
	if ((cell || !strcmp(tag, "tr") || !strcmp(tag, "table")) &&
	    (v = dom_get_attr(n, "bgcolor")) && legacy_color(v, &c))
		hint(h, P_BG_COLOR, hv_color(c));
	float w;
	bool pct;
	if ((cell || !strcmp(tag, "table") || !strcmp(tag, "hr")) &&
	    (v = dom_get_attr(n, "width")) && dimension(v, &w, &pct))
		hint(h, P_WIDTH, hv_len(pct ? U_PCT : U_PX, w));
	if (!strcmp(tag, "table")) {
		if ((v = dom_get_attr(n, "border"))) {
			int b = legacy_int(v, 1);
			if (b > 0)
				border_hint(h, (float)b, BS_OUTSET, gray, true);
		}
		if ((v = dom_get_attr(n, "cellspacing")) && dimension(v, &w, &pct) && !pct)
			hint(h, P_BORDER_SPACING, hv_len(U_PX, w));
		if ((v = dom_get_attr(n, "align"))) {
			if (!strcasecmp(v, "center")) {
				hint(h, P_MARGIN_LEFT, hv_kw(KW_AUTO));
				hint(h, P_MARGIN_RIGHT, hv_kw(KW_AUTO));
			} else if (!strcasecmp(v, "left")) {
				hint(h, P_FLOAT, hv_kw(FLOAT_LEFT));
			} else if (!strcasecmp(v, "right")) {
				hint(h, P_FLOAT, hv_kw(FLOAT_RIGHT));
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
			hint(h, P_LIST_STYLE_TYPE, hv_kw(t));
		return;
	}
	if (!strcmp(tag, "hr")) {
		if ((v = dom_get_attr(n, "align"))) {
			bool l = !strcasecmp(v, "left"), r = !strcasecmp(v, "right");
			if (l || r || !strcasecmp(v, "center")) {
				hint(h, P_MARGIN_LEFT, l ? hv_len(U_PX, 0) : hv_kw(KW_AUTO));
				hint(h, P_MARGIN_RIGHT, r ? hv_len(U_PX, 0) : hv_kw(KW_AUTO));
			}
		}
		bool has_color = (v = dom_get_attr(n, "color")) && legacy_color(v, &c);
		if (has_color) {
			for (unsigned i = 0; i < 4; i++)
				hint(h, P_BORDER_TOP_COLOR + i, hv_color(c));
			hint(h, P_BG_COLOR, hv_color(c));
		}
		if (dom_get_attr(n, "noshade")) {
			for (unsigned i = 0; i < 4; i++)
				hint(h, P_BORDER_TOP_STYLE + i, hv_kw(BS_SOLID));
			if (!has_color) {
				for (unsigned i = 0; i < 4; i++)
					hint(h, P_BORDER_TOP_COLOR + i, hv_color(gray));
				hint(h, P_BG_COLOR, hv_color(gray));
			}
		}
		if ((v = dom_get_attr(n, "size"))) {
			int s = legacy_int(v, 0);
			if (s == 1)
				hint(h, P_BORDER_BOTTOM_WIDTH, hv_len(U_PX, 0));
			else if (s > 1)
				hint(h, P_HEIGHT, hv_len(U_PX, (float)(s - 2)));
		}
	}
}

/* ---- style attributes --------------------------------------------------------------- */

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

static uint64_t make_key(unsigned rank, uint32_t spec, uint32_t order)
{
	return ((uint64_t)rank << 56) | ((uint64_t)(spec & 0xffffff) << 32) | order;
}

static void try_bucket(struct css_engine *e, uint32_t start, uint32_t count,
		       struct css_elem *el)
{
	for (uint32_t i = 0; i < count; i++) {
		const struct css_entry *en = &e->entries[e->index[start + i]];
		if (match_from(e, en->sel, 0, el) != M_YES)
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

static void cascade_element(struct css_engine *e, struct dom_node *n,
			    const struct computed_style *parent, bool is_root,
			    struct arena *a, const struct diag_file *src)
{
	struct css_elem *el = elem_of(n);
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
		build_index(e);
	struct dom_node *top = root;
	while (top->parent)
		top = top->parent;
	build_elems(e, top);
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
