/*
 * css_selector.c — selector parsing (Selectors 4 §3–§16): a selector list
 * in tokens becomes `struct css_sel_list` (css_internal.h), compounds
 * stored right to left so that matching starts at the subject.
 *
 * Error handling follows Selectors 4 §3.1 and CSS Syntax 3 §5.4.3: one
 * invalid selector in a list invalidates the whole rule, except inside
 * :is()/:where(), whose arguments are "forgiving" (§3.2) and simply drop
 * what they cannot parse. Selectors that can never match a static page
 * (pseudo-elements, :hover, :focus…) parse but are marked `never`, so a
 * rule such as `a:hover, a.x` still applies through its other selectors.
 *
 * Specificity (§16) is a saturating (a, b, c) triple packed in one word.
 *
 * SPDX-License-Identifier: MIT
 */
#include "css/css_value.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

/* Type selectors match HTML element names ASCII case-insensitively
 * (Selectors 4 "case sensitivity"): tag atoms are interned lower-case. */
static const struct css_atom *intern_lower(struct css_engine *e, const char *s, size_t n)
{
	char buf[128];
	if (n > sizeof buf)
		return css_atom_intern(e, s, n);
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] | 0x20 : s[i]);
	return css_atom_intern(e, buf, n);
}

/* ---- selector parsing (Selectors 4 §3–§16) ------------------------------------ */

/* Selectors are parsed by token index, not with the value cursor: white
 * space is significant here (it is the descendant combinator). */
static bool delim_at(struct css_parser *P, uint32_t i, uint32_t end, char ch)
{
	return i < end && is_delim(P, TOK(P, i), ch);
}

/* Specificities add per component, each saturating at 255 (§16). */
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
	if (delim_at(P, i, end, '*') && delim_at(P, i + 1, end, '|'))
		i += 2;
	else if (delim_at(P, i, end, '|') && !delim_at(P, i + 1, end, '='))
		i += 1;
	if (i >= end || TOK(P, i)->type != T_IDENT)
		return false;
	const char *name = tval(P, TOK(P, i), &n);
	i++;
	if (delim_at(P, i, end, '|') && i + 1 < end && TOK(P, i + 1)->type == T_IDENT)
		return false;   /* ns|attr: no namespaces are declared */
	s->type = S_ATTR;
	s->name = lower_dup(P->a, name, n);
	i = skip_ws(P, i, end);
	if (i >= end) {
		s->op = A_EXISTS;
		return true;
	}
	if (delim_at(P, i, end, '=')) {
		s->op = A_EQ;
		i++;
	} else {
		static const char ops[] = "~|^$*";
		static const uint8_t kinds[] = { A_INCLUDES, A_DASH, A_PREFIX, A_SUFFIX, A_SUBSTR };
		const struct css_token *t = TOK(P, i);
		const char *p = t->type == T_DELIM && t->len == 1 ? strchr(ops, P->L->src[t->off]) : NULL;
		if (!p || !*p || !delim_at(P, i + 1, end, '='))
			return false;
		s->op = kinds[p - ops];
		i += 2;
	}
	i = skip_ws(P, i, end);
	if (i >= end || (TOK(P, i)->type != T_IDENT && TOK(P, i)->type != T_STRING))
		return false;
	const char *v = tval(P, TOK(P, i), &n);
	s->value = arena_strndup(P->a, v, n);
	s->vlen = (uint32_t)n;
	i = skip_ws(P, i + 1, end);
	s->icase = html_icase_attr(s->name);
	if (i < end) {
		if (TOK(P, i)->type != T_IDENT)
			return false;
		const char *f = tval(P, TOK(P, i), &n);
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
				const char *w = t->type == T_IDENT ? tval(P, t, &ln) : NULL;
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
		const char *arg = tval(P, TOK(P, j), &an);
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
	if (i < end && (TOK(P, i)->type == T_IDENT || delim_at(P, i, end, '*') ||
			delim_at(P, i, end, '|'))) {
		bool no_ns = false;
		if (delim_at(P, i, end, '|')) {
			no_ns = true;      /* |E: elements in no namespace (none in HTML) */
			i++;
		} else if (i + 1 < end && delim_at(P, i + 1, end, '|') &&
			   !delim_at(P, i + 2, end, '=')) {
			if (!delim_at(P, i, end, '*'))
				return false;   /* ns|E: no namespace prefixes are declared */
			i += 2;
		}
		if (i < end && TOK(P, i)->type == T_IDENT) {
			const char *tag = tval(P, TOK(P, i), &n);
			struct css_simple s;
			memset(&s, 0, sizeof s);
			s.type = S_TAG;
			s.atom = intern_lower(P->e, tag, n);
			if (!add_simple(c, &s))
				return false;
			c->spec = spec_add(c->spec, SPEC_C);
			i++;
			any = true;
		} else if (delim_at(P, i, end, '*')) {
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
			const char *id = tval(P, t, &n);
			s.type = S_ID;
			s.atom = css_atom_intern(P->e, id, n);
			c->spec = spec_add(c->spec, SPEC_A);
			i++;
		} else if (delim_at(P, i, end, '.')) {
			if (i + 1 >= end || TOK(P, i + 1)->type != T_IDENT)
				return false;
			const char *cls = tval(P, TOK(P, i + 1), &n);
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
			const char *name = tval(P, nt, &n);
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
		if (delim_at(P, j, end, '>'))
			cb = C_CHILD, j++;
		else if (delim_at(P, j, end, '+'))
			cb = C_NEXT, j++;
		else if (delim_at(P, j, end, '~'))
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
