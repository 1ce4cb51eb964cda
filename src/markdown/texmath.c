/*
 * texmath.c — TeX math → readable Unicode DOM (see texmath.h).
 *
 * A recursive-descent reader over TeX tokens (a command, a brace, a script
 * marker, a character) that writes inline DOM as it goes, the way TeX's own
 * math list is built: each atom is classified (ordinary, variable, binary
 * operator, relation, large operator, opening/closing, punctuation) so that
 * spacing follows TeX's rules in the small: binary operators and relations
 * get spaces, a binary operator with nothing to its left (unary minus) does
 * not, and source white space is ignored except inside \text.
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/texmath.h"
#include "markdown/dom.h"
#include "base/util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Braces nest this deep at most; deeper input is shown as text. */
#define MATH_MAX_DEPTH 64

enum atom { A_NONE, A_ORD, A_VAR, A_BIN, A_REL, A_OP, A_OPEN, A_CLOSE, A_PUNCT };
enum font { F_MATH, F_RM, F_BF, F_IT, F_BB, F_CAL, F_FRAK, F_SF, F_TT };

/* Why a list ended. */
enum stop { S_END, S_BRACE, S_AMP, S_ROW, S_ENV_END, S_RIGHT, S_OVER };

struct mc {
	struct arena *a;
	const char *s;
	size_t n, i;
	int depth;
	enum font font;
	enum atom last;          /* class of the last atom, for spacing */
	enum atom group_start;   /* `last` before the current {group} */
	struct strbuf *unknown;
	int n_unknown;
	bool display;
};

struct sym {
	const char *name, *utf8;
	enum atom atom;
};

/* Sorted by name (strcmp) before the first lookup. */
static struct sym syms[] = {
	{ "#", "#", A_ORD }, { "$", "$", A_ORD }, { "%", "%", A_ORD }, { "&", "&", A_ORD },
	{ "Delta", "\xce\x94", A_ORD }, { "Gamma", "\xce\x93", A_ORD },
	{ "Im", "\xe2\x84\x91", A_ORD }, { "Lambda", "\xce\x9b", A_ORD },
	{ "Leftarrow", "\xe2\x87\x90", A_REL }, { "Leftrightarrow", "\xe2\x87\x94", A_REL },
	{ "Longleftarrow", "\xe2\x9f\xb8", A_REL }, { "Longleftrightarrow", "\xe2\x9f\xba", A_REL },
	{ "Longrightarrow", "\xe2\x9f\xb9", A_REL }, { "Omega", "\xce\xa9", A_ORD },
	{ "Phi", "\xce\xa6", A_ORD }, { "Pi", "\xce\xa0", A_ORD }, { "Psi", "\xce\xa8", A_ORD },
	{ "Re", "\xe2\x84\x9c", A_ORD }, { "Rightarrow", "\xe2\x87\x92", A_REL },
	{ "Sigma", "\xce\xa3", A_ORD }, { "Theta", "\xce\x98", A_ORD },
	{ "Upsilon", "\xce\xa5", A_ORD }, { "Xi", "\xce\x9e", A_ORD },
	{ "_", "_", A_ORD }, { "aleph", "\xe2\x84\xb5", A_ORD },
	{ "alpha", "\xce\xb1", A_VAR }, { "angle", "\xe2\x88\xa0", A_ORD },
	{ "approx", "\xe2\x89\x88", A_REL }, { "ast", "\xe2\x88\x97", A_BIN },
	{ "beta", "\xce\xb2", A_VAR }, { "bigcap", "\xe2\x8b\x82", A_OP },
	{ "bigcup", "\xe2\x8b\x83", A_OP }, { "bigoplus", "\xe2\xa8\x81", A_OP },
	{ "bigotimes", "\xe2\xa8\x82", A_OP }, { "bot", "\xe2\x8a\xa5", A_ORD },
	{ "bullet", "\xe2\x88\x99", A_BIN }, { "cap", "\xe2\x88\xa9", A_BIN },
	{ "cdot", "\xe2\x8b\x85", A_BIN }, { "cdots", "\xe2\x8b\xaf", A_ORD },
	{ "chi", "\xcf\x87", A_VAR }, { "circ", "\xe2\x88\x98", A_BIN },
	{ "colon", ":", A_PUNCT }, { "cong", "\xe2\x89\x85", A_REL },
	{ "coprod", "\xe2\x88\x90", A_OP }, { "cup", "\xe2\x88\xaa", A_BIN },
	{ "ddots", "\xe2\x8b\xb1", A_ORD }, { "degree", "\xc2\xb0", A_ORD },
	{ "delta", "\xce\xb4", A_VAR }, { "div", "\xc3\xb7", A_BIN },
	{ "dots", "\xe2\x80\xa6", A_ORD }, { "downarrow", "\xe2\x86\x93", A_REL },
	{ "ell", "\xe2\x84\x93", A_ORD }, { "emptyset", "\xe2\x88\x85", A_ORD },
	{ "epsilon", "\xcf\xb5", A_VAR }, { "equiv", "\xe2\x89\xa1", A_REL },
	{ "eta", "\xce\xb7", A_VAR }, { "exists", "\xe2\x88\x83", A_ORD },
	{ "forall", "\xe2\x88\x80", A_ORD }, { "gamma", "\xce\xb3", A_VAR },
	{ "ge", "\xe2\x89\xa5", A_REL }, { "geq", "\xe2\x89\xa5", A_REL },
	{ "gets", "\xe2\x86\x90", A_REL }, { "gg", "\xe2\x89\xab", A_REL },
	{ "hbar", "\xe2\x84\x8f", A_ORD }, { "iff", "\xe2\x9f\xba", A_REL },
	{ "iiint", "\xe2\x88\xad", A_OP }, { "iint", "\xe2\x88\xac", A_OP },
	{ "implies", "\xe2\x9f\xb9", A_REL }, { "in", "\xe2\x88\x88", A_REL },
	{ "infty", "\xe2\x88\x9e", A_ORD }, { "int", "\xe2\x88\xab", A_OP },
	{ "iota", "\xce\xb9", A_VAR }, { "kappa", "\xce\xba", A_VAR },
	{ "lambda", "\xce\xbb", A_VAR }, { "land", "\xe2\x88\xa7", A_BIN },
	{ "langle", "\xe2\x9f\xa8", A_OPEN }, { "lbrace", "{", A_OPEN },
	{ "lceil", "\xe2\x8c\x88", A_OPEN }, { "ldots", "\xe2\x80\xa6", A_ORD },
	{ "le", "\xe2\x89\xa4", A_REL }, { "leftarrow", "\xe2\x86\x90", A_REL },
	{ "leftrightarrow", "\xe2\x86\x94", A_REL }, { "leq", "\xe2\x89\xa4", A_REL },
	{ "lfloor", "\xe2\x8c\x8a", A_OPEN }, { "ll", "\xe2\x89\xaa", A_REL },
	{ "lnot", "\xc2\xac", A_ORD }, { "longleftarrow", "\xe2\x9f\xb5", A_REL },
	{ "longrightarrow", "\xe2\x9f\xb6", A_REL }, { "lor", "\xe2\x88\xa8", A_BIN },
	{ "lvert", "|", A_OPEN }, { "lVert", "\xe2\x80\x96", A_OPEN },
	{ "mapsto", "\xe2\x86\xa6", A_REL }, { "mid", "\xe2\x88\xa3", A_REL },
	{ "models", "\xe2\x8a\xa8", A_REL }, { "mp", "\xe2\x88\x93", A_BIN },
	{ "mu", "\xce\xbc", A_VAR }, { "nabla", "\xe2\x88\x87", A_ORD },
	{ "ne", "\xe2\x89\xa0", A_REL }, { "neg", "\xc2\xac", A_ORD },
	{ "neq", "\xe2\x89\xa0", A_REL }, { "ni", "\xe2\x88\x8b", A_REL },
	{ "notin", "\xe2\x88\x89", A_REL }, { "nu", "\xce\xbd", A_VAR },
	{ "odot", "\xe2\x8a\x99", A_BIN }, { "oint", "\xe2\x88\xae", A_OP },
	{ "omega", "\xcf\x89", A_VAR }, { "ominus", "\xe2\x8a\x96", A_BIN },
	{ "oplus", "\xe2\x8a\x95", A_BIN }, { "otimes", "\xe2\x8a\x97", A_BIN },
	{ "parallel", "\xe2\x88\xa5", A_REL }, { "partial", "\xe2\x88\x82", A_ORD },
	{ "perp", "\xe2\x8a\xa5", A_REL }, { "phi", "\xcf\x95", A_VAR },
	{ "pi", "\xcf\x80", A_VAR }, { "pm", "\xc2\xb1", A_BIN },
	{ "prec", "\xe2\x89\xba", A_REL }, { "prime", "\xe2\x80\xb2", A_ORD },
	{ "prod", "\xe2\x88\x8f", A_OP }, { "propto", "\xe2\x88\x9d", A_REL },
	{ "psi", "\xcf\x88", A_VAR }, { "rangle", "\xe2\x9f\xa9", A_CLOSE },
	{ "rbrace", "}", A_CLOSE }, { "rceil", "\xe2\x8c\x89", A_CLOSE },
	{ "rfloor", "\xe2\x8c\x8b", A_CLOSE }, { "rho", "\xcf\x81", A_VAR },
	{ "rightarrow", "\xe2\x86\x92", A_REL }, { "rvert", "|", A_CLOSE },
	{ "rVert", "\xe2\x80\x96", A_CLOSE }, { "setminus", "\xe2\x88\x96", A_BIN },
	{ "sigma", "\xcf\x83", A_VAR }, { "sim", "\xe2\x88\xbc", A_REL },
	{ "simeq", "\xe2\x89\x83", A_REL }, { "star", "\xe2\x8b\x86", A_BIN },
	{ "subset", "\xe2\x8a\x82", A_REL }, { "subseteq", "\xe2\x8a\x86", A_REL },
	{ "succ", "\xe2\x89\xbb", A_REL }, { "sum", "\xe2\x88\x91", A_OP },
	{ "supset", "\xe2\x8a\x83", A_REL }, { "supseteq", "\xe2\x8a\x87", A_REL },
	{ "tau", "\xcf\x84", A_VAR }, { "therefore", "\xe2\x88\xb4", A_REL },
	{ "theta", "\xce\xb8", A_VAR }, { "times", "\xc3\x97", A_BIN },
	{ "to", "\xe2\x86\x92", A_REL }, { "top", "\xe2\x8a\xa4", A_ORD },
	{ "triangle", "\xe2\x96\xb3", A_ORD }, { "uparrow", "\xe2\x86\x91", A_REL },
	{ "upsilon", "\xcf\x85", A_VAR }, { "varepsilon", "\xce\xb5", A_VAR },
	{ "varnothing", "\xe2\x88\x85", A_ORD }, { "varphi", "\xcf\x86", A_VAR },
	{ "varpi", "\xcf\x96", A_VAR }, { "varrho", "\xcf\xb1", A_VAR },
	{ "varsigma", "\xcf\x82", A_VAR }, { "vartheta", "\xcf\x91", A_VAR },
	{ "vdash", "\xe2\x8a\xa2", A_REL }, { "vdots", "\xe2\x8b\xae", A_ORD },
	{ "vee", "\xe2\x88\xa8", A_BIN }, { "vert", "|", A_ORD },
	{ "wedge", "\xe2\x88\xa7", A_BIN }, { "xi", "\xce\xbe", A_VAR },
	{ "zeta", "\xce\xb6", A_VAR }, { "{", "{", A_OPEN }, { "|", "\xe2\x80\x96", A_ORD },
	{ "}", "}", A_CLOSE },
};

/* Operator names set upright (\sin, \lim, …). */
static const char *const funcs[] = {
	"Pr", "arccos", "arcsin", "arctan", "arg", "cos", "cosh", "cot", "coth", "csc",
	"deg", "det", "dim", "exp", "gcd", "hom", "inf", "ker", "lg", "lim", "liminf",
	"limsup", "ln", "log", "max", "min", "sec", "sin", "sinh", "sup", "tan", "tanh",
};

/* Commands that only change sizes or spacing class: ignored. */
static const char *const ignored[] = {
	"Big", "Bigg", "Biggl", "Biggr", "Bigl", "Bigr", "big", "bigg", "biggl", "biggr",
	"bigl", "bigr", "displaystyle", "limits", "mathbin", "mathclose", "mathop",
	"mathopen", "mathord", "mathpunct", "mathrel", "nolimits", "nonumber", "notag",
	"scriptscriptstyle", "scriptstyle", "textstyle",
};

static int cmp_sym(const void *k, const void *e)
{
	return strcmp(k, ((const struct sym *)e)->name);
}

static int cmp_str(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

/* ---- DOM output --------------------------------------------------------- */

static struct dom_node *el(struct mc *m, struct dom_node *parent, const char *tag,
			   const char *style)
{
	struct dom_node *n = dom_new_element(m->a, tag);
	if (style)
		dom_set_attr(m->a, n, "style", style);
	dom_append(parent, n);
	return n;
}

static void add_text(struct mc *m, struct dom_node *parent, const char *s, size_t n)
{
	struct dom_node *last = parent->last_child;
	if (last && last->type == DOM_TEXT) {
		char *t = arena_alloc(m->a, last->text_len + n + 1);
		memcpy(t, last->text, last->text_len);
		memcpy(t + last->text_len, s, n);
		last->text = t;
		last->text_len += n;
		return;
	}
	dom_append(parent, dom_new_text(m->a, s, n));
}

static void put_utf8(char *out, uint32_t cp, size_t *len)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		*len = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		*len = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		*len = 3;
	} else {
		out[0] = (char)(0xF0 | cp >> 18);
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[3] = (char)(0x80 | (cp & 0x3F));
		*len = 4;
	}
}

/* A letter or digit in the alphabets of \mathbb, \mathcal, \mathfrak
 * (Unicode's Mathematical Alphanumeric Symbols and the older Letterlike
 * Symbols that fill their holes). 0 when the font has no such letter. */
static uint32_t styled_letter(enum font f, char c)
{
	static const char bb_hole[] = "CHNPQRZ";
	static const uint32_t bb_cp[] = { 0x2102, 0x210D, 0x2115, 0x2119, 0x211A, 0x211D, 0x2124 };
	static const char cal_hole[] = "BEFHILMR";
	static const uint32_t cal_cp[] = { 0x212C, 0x2130, 0x2131, 0x210B, 0x2110, 0x2112,
					   0x2133, 0x211B };
	static const char cal_lhole[] = "ego";
	static const uint32_t cal_lcp[] = { 0x212F, 0x210A, 0x2134 };
	static const char frak_hole[] = "CHIRZ";
	static const uint32_t frak_cp[] = { 0x212D, 0x210C, 0x2111, 0x211C, 0x2128 };
	const char *p;
	bool up = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
	switch (f) {
	case F_BB:
		if (up && (p = strchr(bb_hole, c)))
			return bb_cp[p - bb_hole];
		if (up)
			return 0x1D538 + (uint32_t)(c - 'A');
		if (low)
			return 0x1D552 + (uint32_t)(c - 'a');
		if (c >= '0' && c <= '9')
			return 0x1D7D8 + (uint32_t)(c - '0');
		return 0;
	case F_CAL:
		if (up && (p = strchr(cal_hole, c)))
			return cal_cp[p - cal_hole];
		if (low && (p = strchr(cal_lhole, c)))
			return cal_lcp[p - cal_lhole];
		if (up)
			return 0x1D49C + (uint32_t)(c - 'A');
		if (low)
			return 0x1D4B6 + (uint32_t)(c - 'a');
		return 0;
	case F_FRAK:
		if (up && (p = strchr(frak_hole, c)))
			return frak_cp[p - frak_hole];
		if (up)
			return 0x1D504 + (uint32_t)(c - 'A');
		if (low)
			return 0x1D51E + (uint32_t)(c - 'a');
		return 0;
	default:
		return 0;
	}
}

/* Spacing before an atom of class `at` (TeX's table in the small). */
static void space_before(struct mc *m, struct dom_node *parent, enum atom at)
{
	bool spaced = (at == A_BIN || at == A_REL) || m->last == A_BIN || m->last == A_REL;
	if (m->last == A_NONE || m->last == A_OPEN)
		spaced = false;
	if (at == A_CLOSE || at == A_PUNCT)
		spaced = false;
	if (m->last == A_PUNCT || (m->last == A_OP && at != A_CLOSE))
		spaced = true;
	if (spaced)
		add_text(m, parent, " ", 1);
}

/* One atom's text: variables in italic (merged with an italic neighbour). */
static void atom(struct mc *m, struct dom_node *parent, const char *s, size_t n,
		 enum atom at)
{
	if (at == A_BIN && (m->last == A_NONE || m->last == A_BIN || m->last == A_REL ||
			    m->last == A_OPEN || m->last == A_PUNCT || m->last == A_OP))
		at = A_ORD;   /* unary */
	space_before(m, parent, at);
	if (at == A_VAR && (m->font == F_MATH || m->font == F_IT)) {
		struct dom_node *last = parent->last_child;
		struct dom_node *i = last && dom_is(last, "i") ? last : el(m, parent, "i", NULL);
		add_text(m, i, s, n);
	} else {
		add_text(m, parent, s, n);
	}
	m->last = at;
}

static void note_unknown(struct mc *m, const char *name)
{
	m->n_unknown++;
	if (!m->unknown)
		return;
	char key[80];
	snprintf(key, sizeof key, "\\%s", name);
	if (m->unknown->s) {
		for (const char *p = strstr(m->unknown->s, key); p; p = strstr(p + 1, key))
			if ((p == m->unknown->s || p[-1] == ' ') &&
			    (p[strlen(key)] == ' ' || !p[strlen(key)]))
				return;
	}
	strbuf_printf(m->unknown, "%s%s", m->unknown->len ? " " : "", key);
}

/* ---- reading ------------------------------------------------------------ */

static void skip_space(struct mc *m)
{
	while (m->i < m->n && (m->s[m->i] == ' ' || m->s[m->i] == '\t' || m->s[m->i] == '\n' ||
			       m->s[m->i] == '\r'))
		m->i++;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The name of the command at s[i] == '\\' (letters, or one character). */
static void read_cmd(struct mc *m, char *name, size_t cap)
{
	size_t k = 0;
	m->i++;   /* backslash */
	if (m->i < m->n && is_alpha(m->s[m->i])) {
		while (m->i < m->n && is_alpha(m->s[m->i])) {
			if (k + 1 < cap)
				name[k++] = m->s[m->i];
			m->i++;
		}
		if (m->i < m->n && m->s[m->i] == '*' && k + 1 < cap)   /* align* */
			name[k++] = m->s[m->i++];
	} else if (m->i < m->n) {
		name[k++] = m->s[m->i++];
	}
	name[k] = '\0';
}

/* The raw text of a {…} argument (nested braces kept), or one token. */
static void raw_arg(struct mc *m, const char **s, size_t *n)
{
	skip_space(m);
	if (m->i < m->n && m->s[m->i] == '{') {
		size_t start = ++m->i;
		int depth = 1;
		while (m->i < m->n) {
			char c = m->s[m->i];
			if (c == '\\' && m->i + 1 < m->n) {
				m->i += 2;
				continue;
			}
			if (c == '{')
				depth++;
			else if (c == '}' && --depth == 0)
				break;
			m->i++;
		}
		*s = m->s + start;
		*n = m->i - start;
		if (m->i < m->n)
			m->i++;
		return;
	}
	*s = m->s + m->i;
	*n = m->i < m->n ? 1 : 0;
	if (m->i < m->n)
		m->i++;
}

/* An optional [..] argument. */
static bool opt_arg(struct mc *m, const char **s, size_t *n)
{
	skip_space(m);
	if (m->i >= m->n || m->s[m->i] != '[')
		return false;
	size_t start = ++m->i;
	while (m->i < m->n && m->s[m->i] != ']')
		m->i++;
	*s = m->s + start;
	*n = m->i - start;
	if (m->i < m->n)
		m->i++;
	return true;
}

static enum stop parse_list(struct mc *m, struct dom_node *parent);
static void parse_token(struct mc *m, struct dom_node *parent);

/* One argument: a {group} or a single token, into parent. */
static void parse_arg(struct mc *m, struct dom_node *parent)
{
	skip_space(m);
	if (m->i >= m->n)
		return;
	if (m->s[m->i] == '{') {
		m->i++;
		if (++m->depth > MATH_MAX_DEPTH) {
			m->depth--;
			return;
		}
		parse_list(m, parent);
		m->depth--;
		return;
	}
	parse_token(m, parent);
}

/* A sub-formula built in its own element (fresh spacing state). */
static struct dom_node *sub_formula(struct mc *m, struct dom_node *parent, const char *tag,
				    const char *style)
{
	struct dom_node *n = el(m, parent, tag, style);
	enum atom save = m->last;
	m->last = A_NONE;
	parse_arg(m, n);
	m->last = save;
	return n;
}

/* A stacked fraction (or binomial without a rule): an inline table of two
 * rows, the numerator's cell ruled below. */
static void stack(struct mc *m, struct dom_node *parent, struct dom_node *num,
		  struct dom_node *den, bool rule)
{
	space_before(m, parent, A_ORD);
	struct dom_node *t = el(m, parent, "span",
				"display: inline-table; vertical-align: middle; text-align: center;"
				" font-size: 90%");
	struct dom_node *r1 = el(m, t, "span", "display: table-row");
	struct dom_node *c1 = el(m, r1, "span", rule ?
				 "display: table-cell; padding: 0 0.15em; border-bottom: 0.06em solid"
				 : "display: table-cell; padding: 0 0.15em");
	struct dom_node *r2 = el(m, t, "span", "display: table-row");
	struct dom_node *c2 = el(m, r2, "span", "display: table-cell; padding: 0 0.15em");
	/* the space a numerator's first atom got from what preceded the group */
	if (num->first_child && num->first_child->type == DOM_TEXT &&
	    num->first_child->text_len && num->first_child->text[0] == ' ') {
		num->first_child->text++;
		num->first_child->text_len--;
	}
	for (struct dom_node *k = num->first_child; k;) {
		struct dom_node *next = k->next;
		dom_remove(k);
		dom_append(c1, k);
		k = next;
	}
	for (struct dom_node *k = den->first_child; k;) {
		struct dom_node *next = k->next;
		dom_remove(k);
		dom_append(c2, k);
		k = next;
	}
	m->last = A_ORD;
}

static void frac(struct mc *m, struct dom_node *parent, bool rule)
{
	struct dom_node *tmp = dom_new_element(m->a, "span");
	enum atom save = m->last;
	m->last = A_NONE;
	struct dom_node *num = el(m, tmp, "span", NULL);
	parse_arg(m, num);
	m->last = A_NONE;
	struct dom_node *den = el(m, tmp, "span", NULL);
	parse_arg(m, den);
	m->last = save;
	stack(m, parent, num, den, rule);
}

/* \begin{env} … \end{env}: rows (\\) of cells (&) as an inline table, with
 * the environment's delimiters around it. */
static void environment(struct mc *m, struct dom_node *parent, const char *env)
{
	const char *open = "", *close = "";
	const char *align = "center";
	if (!strcmp(env, "pmatrix")) open = "(", close = ")";
	else if (!strcmp(env, "bmatrix")) open = "[", close = "]";
	else if (!strcmp(env, "Bmatrix")) open = "{", close = "}";
	else if (!strcmp(env, "vmatrix")) open = "|", close = "|";
	else if (!strcmp(env, "Vmatrix")) open = "\xe2\x80\x96", close = "\xe2\x80\x96";
	else if (!strcmp(env, "cases")) open = "{", align = "left";
	if (!strcmp(env, "array")) {
		const char *s;
		size_t n;
		raw_arg(m, &s, &n);   /* column spec */
	}
	bool aligned = strstr(env, "align") || !strcmp(env, "eqnarray") ||
		       !strcmp(env, "split");
	space_before(m, parent, A_ORD);
	if (*open)
		add_text(m, parent, open, strlen(open));
	struct dom_node *t = el(m, parent, "span",
				"display: inline-table; vertical-align: middle");
	struct dom_node *row = NULL;
	int col = 0;
	enum atom save = m->last;
	for (;;) {
		if (!row) {
			row = el(m, t, "span", "display: table-row");
			col = 0;
		}
		const char *ca = aligned ? (col % 2 ? "left" : "right") : align;
		struct dom_node *cell = el(m, row, "span",
					   arena_printf(m->a, "display: table-cell; padding: 0 %s;"
							" text-align: %s", aligned ? "0.1em" : "0.4em", ca));
		m->last = A_NONE;
		enum stop why = parse_list(m, cell);
		col++;
		if (why == S_ROW) {
			/* `\\ \\` (an escaped `\\` in Markdown source) gives no
			 * empty row */
			if (!row->first_child->first_child && col == 1)
				dom_remove(row);
			row = NULL;
			continue;
		}
		if (why != S_AMP)
			break;
	}
	if (row && col == 1 && !row->first_child->first_child)
		dom_remove(row);
	m->last = save;
	if (*close)
		add_text(m, parent, close, strlen(close));
	m->last = A_CLOSE;
}

/* Apply a combining accent to the last character the argument produced. */
static void accent(struct mc *m, struct dom_node *parent, const char *mark)
{
	struct dom_node *span = sub_formula(m, parent, "span", NULL);
	struct dom_node *t = span;
	while (t->last_child && t->last_child->type == DOM_ELEMENT)
		t = t->last_child;
	if (t->last_child && t->last_child->type == DOM_TEXT)
		add_text(m, t, mark, strlen(mark));
	else
		add_text(m, span, mark, strlen(mark));
	m->last = A_ORD;
}

static void font_arg(struct mc *m, struct dom_node *parent, enum font f, const char *tag,
		     const char *style)
{
	enum font save = m->font;
	m->font = f;
	struct dom_node *n = el(m, parent, tag, style);
	parse_arg(m, n);
	m->font = save;
}

/* \text{…}: upright text with its spaces, `$…$` inside read as math. */
static void text_arg(struct mc *m, struct dom_node *parent, const char *style)
{
	const char *s;
	size_t n;
	raw_arg(m, &s, &n);
	space_before(m, parent, A_ORD);
	struct dom_node *span = el(m, parent, "span", style);
	add_text(m, span, s, n);
	m->last = A_ORD;
}

static int cmp_sym_sym(const void *a, const void *b)
{
	return strcmp(((const struct sym *)a)->name, ((const struct sym *)b)->name);
}

static bool command(struct mc *m, struct dom_node *parent, const char *name)
{
	static bool sorted;
	if (!sorted) {
		qsort(syms, ARRAY_LEN(syms), sizeof syms[0], cmp_sym_sym);
		sorted = true;
	}
	const struct sym *sy = bsearch(name, syms, ARRAY_LEN(syms), sizeof syms[0], cmp_sym);
	if (sy) {
		atom(m, parent, sy->utf8, strlen(sy->utf8), sy->atom);
		return true;
	}
	if (bsearch(name, funcs, ARRAY_LEN(funcs), sizeof funcs[0], cmp_str)) {
		atom(m, parent, name, strlen(name), A_OP);
		return true;
	}
	if (bsearch(name, ignored, ARRAY_LEN(ignored), sizeof ignored[0], cmp_str))
		return true;
	const char *s;
	size_t n;
	if (!strcmp(name, "frac") || !strcmp(name, "dfrac") || !strcmp(name, "tfrac") ||
	    !strcmp(name, "cfrac")) {
		frac(m, parent, true);
	} else if (!strcmp(name, "binom") || !strcmp(name, "dbinom") || !strcmp(name, "tbinom")) {
		atom(m, parent, "(", 1, A_OPEN);
		frac(m, parent, false);
		atom(m, parent, ")", 1, A_CLOSE);
	} else if (!strcmp(name, "sqrt")) {
		static const char *const roots[] = { "\xe2\x88\x9a", "\xe2\x88\x9b", "\xe2\x88\x9c" };
		const char *root = roots[0];
		if (opt_arg(m, &s, &n)) {
			if (n == 1 && s[0] == '3')
				root = roots[1];
			else if (n == 1 && s[0] == '4')
				root = roots[2];
			else {
				space_before(m, parent, A_ORD);
				add_text(m, el(m, parent, "sup", NULL), s, n);
				m->last = A_OPEN;
			}
		}
		if (m->last != A_OPEN)
			space_before(m, parent, A_ORD);
		add_text(m, parent, root, strlen(root));
		m->last = A_OPEN;
		sub_formula(m, parent, "span", "text-decoration: overline");
		m->last = A_ORD;
	} else if (!strcmp(name, "left") || !strcmp(name, "right") || !strcmp(name, "middle")) {
		skip_space(m);
		if (m->i < m->n && m->s[m->i] == '.') {
			m->i++;
		} else if (m->i < m->n) {
			enum atom save = m->last;
			parse_token(m, parent);
			if (name[0] == 'l')
				m->last = A_OPEN;
			else if (name[0] == 'r')
				m->last = A_CLOSE;
			else
				m->last = save;
		}
	} else if (!strcmp(name, "mathbb") || !strcmp(name, "Bbb")) {
		font_arg(m, parent, F_BB, "span", NULL);
	} else if (!strcmp(name, "mathcal") || !strcmp(name, "mathscr")) {
		font_arg(m, parent, F_CAL, "span", NULL);
	} else if (!strcmp(name, "mathfrak")) {
		font_arg(m, parent, F_FRAK, "span", NULL);
	} else if (!strcmp(name, "mathbf") || !strcmp(name, "boldsymbol") || !strcmp(name, "bm")) {
		font_arg(m, parent, name[0] == 'm' ? F_BF : F_IT, "b", NULL);
	} else if (!strcmp(name, "mathrm") || !strcmp(name, "operatorname")) {
		font_arg(m, parent, F_RM, "span", NULL);
	} else if (!strcmp(name, "mathit")) {
		font_arg(m, parent, F_IT, "span", NULL);
	} else if (!strcmp(name, "mathsf")) {
		font_arg(m, parent, F_SF, "span", "font-family: sans-serif");
	} else if (!strcmp(name, "mathtt")) {
		font_arg(m, parent, F_TT, "span", "font-family: monospace");
	} else if (!strcmp(name, "text") || !strcmp(name, "textrm") || !strcmp(name, "mbox") ||
		   !strcmp(name, "hbox") || !strcmp(name, "textnormal")) {
		text_arg(m, parent, NULL);
	} else if (!strcmp(name, "textbf")) {
		text_arg(m, parent, "font-weight: bold");
	} else if (!strcmp(name, "textit")) {
		text_arg(m, parent, "font-style: italic");
	} else if (!strcmp(name, "texttt")) {
		text_arg(m, parent, "font-family: monospace");
	} else if (!strcmp(name, "hat") || !strcmp(name, "widehat")) {
		accent(m, parent, "\xcc\x82");
	} else if (!strcmp(name, "bar")) {
		accent(m, parent, "\xcc\x84");
	} else if (!strcmp(name, "vec")) {
		accent(m, parent, "\xe2\x83\x97");
	} else if (!strcmp(name, "dot")) {
		accent(m, parent, "\xcc\x87");
	} else if (!strcmp(name, "ddot")) {
		accent(m, parent, "\xcc\x88");
	} else if (!strcmp(name, "tilde") || !strcmp(name, "widetilde")) {
		accent(m, parent, "\xcc\x83");
	} else if (!strcmp(name, "acute")) {
		accent(m, parent, "\xcc\x81");
	} else if (!strcmp(name, "grave")) {
		accent(m, parent, "\xcc\x80");
	} else if (!strcmp(name, "check")) {
		accent(m, parent, "\xcc\x8c");
	} else if (!strcmp(name, "breve")) {
		accent(m, parent, "\xcc\x86");
	} else if (!strcmp(name, "overline")) {
		space_before(m, parent, A_ORD);
		sub_formula(m, parent, "span", "text-decoration: overline");
		m->last = A_ORD;
	} else if (!strcmp(name, "underline")) {
		space_before(m, parent, A_ORD);
		sub_formula(m, parent, "span", "text-decoration: underline");
		m->last = A_ORD;
	} else if (!strcmp(name, "boxed")) {
		space_before(m, parent, A_ORD);
		sub_formula(m, parent, "span", "border: 0.06em solid; padding: 0 0.2em");
		m->last = A_ORD;
	} else if (!strcmp(name, "bbox")) {
		/* \bbox[padding,colour,border:…]{x} */
		struct strbuf st;
		strbuf_init(&st, 0);
		if (opt_arg(m, &s, &n)) {
			const char *p = s, *e = s + n;
			while (p < e) {
				const char *c = memchr(p, ',', (size_t)(e - p));
				if (!c)
					c = e;
				int l = (int)(c - p);
				if (memchr(p, ':', (size_t)l))
					strbuf_printf(&st, "%.*s; ", l, p);
				else if (l && (p[0] >= '0' && p[0] <= '9'))
					strbuf_printf(&st, "padding: %.*s; ", l, p);
				else if (l)
					strbuf_printf(&st, "background-color: %.*s; ", l, p);
				p = c + 1;
			}
		}
		space_before(m, parent, A_ORD);
		sub_formula(m, parent, "span", st.s ? arena_strdup(m->a, st.s) : NULL);
		strbuf_free(&st);
		m->last = A_ORD;
	} else if (!strcmp(name, "color") || !strcmp(name, "textcolor")) {
		raw_arg(m, &s, &n);
		sub_formula(m, parent, "span", arena_printf(m->a, "color: %.*s", (int)n, s));
	} else if (!strcmp(name, "overset") || !strcmp(name, "stackrel") ||
		   !strcmp(name, "underset")) {
		bool under = name[0] == 'u';
		struct dom_node *tmp = dom_new_element(m->a, "span");
		enum atom save = m->last;
		m->last = A_NONE;
		parse_arg(m, tmp);
		m->last = save;
		sub_formula(m, parent, "span", NULL);
		struct dom_node *script = el(m, parent, under ? "sub" : "sup", NULL);
		for (struct dom_node *k = tmp->first_child; k;) {
			struct dom_node *next = k->next;
			dom_remove(k);
			dom_append(script, k);
			k = next;
		}
		m->last = A_REL;
	} else if (!strcmp(name, "overbrace") || !strcmp(name, "underbrace")) {
		space_before(m, parent, A_ORD);
		sub_formula(m, parent, "span", NULL);
		m->last = A_ORD;
	} else if (!strcmp(name, "not")) {
		size_t before = m->i;
		parse_token(m, parent);
		if (m->i > before) {
			struct dom_node *t = parent;
			while (t->last_child && t->last_child->type == DOM_ELEMENT)
				t = t->last_child;
			add_text(m, t, "\xcc\xb8", 2);
		}
	} else if (!strcmp(name, "mod") || !strcmp(name, "bmod")) {
		atom(m, parent, "mod", 3, A_BIN);
	} else if (!strcmp(name, "pmod")) {
		space_before(m, parent, A_ORD);
		add_text(m, parent, " (mod ", 6);
		m->last = A_NONE;
		parse_arg(m, parent);
		add_text(m, parent, ")", 1);
		m->last = A_CLOSE;
	} else if (!strcmp(name, "quad")) {
		add_text(m, parent, "\xe2\x80\x83", 3);
	} else if (!strcmp(name, "qquad")) {
		add_text(m, parent, "\xe2\x80\x83\xe2\x80\x83", 6);
	} else if (!strcmp(name, ",") || !strcmp(name, ":") || !strcmp(name, ";") ||
		   !strcmp(name, ">")) {
		add_text(m, parent, "\xe2\x80\x89", 3);
	} else if (!strcmp(name, " ")) {
		add_text(m, parent, " ", 1);
	} else if (!strcmp(name, "!") || !strcmp(name, "label") || !strcmp(name, "phantom") ||
		   !strcmp(name, "hphantom") || !strcmp(name, "vphantom")) {
		if (name[0] != '!')
			raw_arg(m, &s, &n);
	} else if (!strcmp(name, "tag")) {
		raw_arg(m, &s, &n);
		add_text(m, parent, "\xe2\x80\x83(", 4);
		add_text(m, parent, s, n);
		add_text(m, parent, ")", 1);
		m->last = A_CLOSE;
	} else if (!strcmp(name, "begin")) {
		raw_arg(m, &s, &n);
		char env[32];
		snprintf(env, sizeof env, "%.*s", (int)MIN(n, 31), s);
		environment(m, parent, env);
	} else {
		return false;
	}
	return true;
}

/* One token (not a brace): a command, a script, or a character. */
static void parse_token(struct mc *m, struct dom_node *parent)
{
	char c = m->s[m->i];
	if (c == '\\') {
		char name[64];
		size_t at = m->i;
		read_cmd(m, name, sizeof name);
		if (!name[0])
			return;
		if (!command(m, parent, name)) {
			note_unknown(m, name);
			atom(m, parent, m->s + at, m->i - at, A_ORD);
		}
		return;
	}
	if (c == '^' || c == '_') {
		m->i++;
		enum atom save = m->last;
		sub_formula(m, parent, c == '^' ? "sup" : "sub", NULL);
		m->last = save == A_OP ? A_OP : A_ORD;
		return;
	}
	if (c == '{') {
		parse_arg(m, parent);
		return;
	}
	unsigned char u = (unsigned char)c;
	if (u >= 0x80) {   /* a UTF-8 sequence as it is */
		size_t k = 1;
		while (m->i + k < m->n && ((unsigned char)m->s[m->i + k] & 0xC0) == 0x80)
			k++;
		atom(m, parent, m->s + m->i, k, A_ORD);
		m->i += k;
		return;
	}
	m->i++;
	if (is_alpha(c)) {
		uint32_t cp = styled_letter(m->font, c);
		if (cp) {
			char buf[4];
			size_t l;
			put_utf8(buf, cp, &l);
			atom(m, parent, buf, l, A_ORD);
		} else {
			atom(m, parent, &c, 1, m->font == F_MATH || m->font == F_IT ? A_VAR : A_ORD);
		}
		return;
	}
	if (c >= '0' && c <= '9') {
		uint32_t cp = styled_letter(m->font, c);
		char buf[4];
		size_t l = 1;
		if (cp)
			put_utf8(buf, cp, &l);
		else
			buf[0] = c;
		if (m->last == A_ORD && parent->last_child && parent->last_child->type == DOM_TEXT)
			add_text(m, parent, buf, l);   /* digits of one number */
		else
			atom(m, parent, buf, l, A_ORD);
		return;
	}
	switch (c) {
	case '+': atom(m, parent, "+", 1, A_BIN); break;
	case '-': atom(m, parent, "\xe2\x88\x92", 3, A_BIN); break;
	case '*': atom(m, parent, "\xe2\x88\x97", 3, A_BIN); break;
	case '=': case '<': case '>': atom(m, parent, &c, 1, A_REL); break;
	case ':': atom(m, parent, ":", 1, A_REL); break;
	case ',': case ';': atom(m, parent, &c, 1, A_PUNCT); break;
	case '(': case '[': atom(m, parent, &c, 1, A_OPEN); break;
	case ')': case ']': atom(m, parent, &c, 1, A_CLOSE); break;
	case '\'': atom(m, parent, "\xe2\x80\xb2", 3, A_ORD); break;
	case '~': add_text(m, parent, "\xc2\xa0", 2); break;
	case ' ': case '\t': case '\n': case '\r': break;
	default: atom(m, parent, &c, 1, A_ORD); break;
	}
}

/* Atoms until the end, a closing brace, `&`, `\\`, \end, \right or an infix
 * \over/\choose. */
static enum stop parse_list(struct mc *m, struct dom_node *parent)
{
	while (m->i < m->n) {
		char c = m->s[m->i];
		if (c == '}') {
			m->i++;
			return S_BRACE;
		}
		if (c == '&') {
			m->i++;
			return S_AMP;
		}
		if (c == '\\' && m->i + 1 < m->n) {
			if (m->s[m->i + 1] == '\\') {
				m->i += 2;
				return S_ROW;
			}
			if (!strncmp(m->s + m->i, "\\end", 4) && !is_alpha(m->s[m->i + 4 < m->n ? m->i + 4 : m->i])) {
				m->i += 4;
				const char *s;
				size_t n;
				raw_arg(m, &s, &n);
				return S_ENV_END;
			}
			if (!strncmp(m->s + m->i, "\\over", 5) || !strncmp(m->s + m->i, "\\choose", 7) ||
			    !strncmp(m->s + m->i, "\\atop", 5)) {
				size_t save = m->i;
				char name[16];
				read_cmd(m, name, sizeof name);
				if (!strcmp(name, "over") || !strcmp(name, "choose") ||
				    !strcmp(name, "atop")) {
					/* numerator so far → moved by the caller */
					struct dom_node *num = dom_new_element(m->a, "span");
					for (struct dom_node *k = parent->first_child; k;) {
						struct dom_node *next = k->next;
						dom_remove(k);
						dom_append(num, k);
						k = next;
					}
					struct dom_node *den = dom_new_element(m->a, "span");
					m->last = A_NONE;
					enum stop why = parse_list(m, den);
					bool choose = !strcmp(name, "choose");
					m->last = m->group_start;
					if (choose)
						atom(m, parent, "(", 1, A_OPEN);
					stack(m, parent, num, den, !strcmp(name, "over"));
					if (choose)
						atom(m, parent, ")", 1, A_CLOSE);
					return why;
				}
				m->i = save;
			}
		}
		if (c == '{') {
			m->i++;
			if (++m->depth > MATH_MAX_DEPTH) {
				m->depth--;
				atom(m, parent, "{", 1, A_ORD);
				continue;
			}
			enum atom save_start = m->group_start;
			m->group_start = m->last;
			struct dom_node *g = el(m, parent, "span", NULL);
			parse_list(m, g);
			m->group_start = save_start;
			m->depth--;
			continue;
		}
		parse_token(m, parent);
	}
	return S_END;
}

/* exported function documented in texmath.h */
int texmath_to_dom(struct arena *a, const char *tex, size_t len, bool display,
		struct dom_node *parent, struct strbuf *unknown)
{
	struct mc m = { .a = a, .s = tex, .n = len, .unknown = unknown, .display = display };
	while (m.i < m.n) {
		/* stray closers at the top level are shown as they are */
		enum stop why = parse_list(&m, parent);
		if (why == S_BRACE)
			atom(&m, parent, "}", 1, A_CLOSE);
		else if (why == S_ROW && display)
			el(&m, parent, "br", NULL);
		else if (why == S_ROW)
			add_text(&m, parent, " ", 1);
		m.last = why == S_ROW ? A_NONE : m.last;
	}
	return m.n_unknown;
}
