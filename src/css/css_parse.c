/*
 * css_parse.c — the rule syntax: tokens → style rules, at-rules (@media,
 * @supports, @font-face) and declarations (CSS Syntax 3 §5). A
 * declaration's value goes to its property's parser in css_props.c.
 *
 * Error recovery is the browser's: an invalid declaration is dropped and
 * the block goes on at the next top-level ';' (§5.4.5), so a missing ';'
 * swallows the following declaration into an invalid value; an invalid
 * selector drops the whole rule; unknown at-rules are skipped as a unit.
 * Blocks are skipped with the bracket matching done by the tokenizer, and
 * rule lists nested in @media/@supports are walked with an explicit stack,
 * so no input makes the parser recurse deeply.
 *
 * @media is evaluated once, at parse time, for the engine's viewport
 * (HedgeDoc renders for one screen); rules in a false @media or @supports
 * are skipped, never stored.
 *
 * SPDX-License-Identifier: MIT
 */
#include "css/css_value.h"
#include "base/diag.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* ---- warnings --------------------------------------------------------------- */

void css__warn(struct css_parser *P, size_t off, const char *fmt, ...)
{
	if (!P->warn)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (P->use_line)
		diag_at_line(P->e->d, DIAG_WARNING, P->src, P->line, P->col, "%s", msg);
	else
		diag_at(P->e->d, DIAG_WARNING, P->src, P->base + off, "%s", msg);
}

/* Source text of tokens [i, end) for a message: white space runs become
 * one space, long text is cut at a character boundary. */
void css__excerpt(struct css_parser *P, uint32_t i, uint32_t end, char *out,
		    size_t cap)
{
	size_t k = 0;
	out[0] = '\0';
	if (i >= end)
		return;
	const char *s = P->L->src + TOK(P, i)->off;
	const char *e = P->L->src + TOK(P, end - 1)->off + TOK(P, end - 1)->len;
	bool space = false;
	for (; s < e && k + 8 < cap; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
			space = true;
			continue;
		}
		if (space && k)
			out[k++] = ' ';
		space = false;
		out[k++] = ch < 0x20 ? '?' : (char)ch;
	}
	if (s < e) {
		while (k && ((unsigned char)out[k - 1] & 0xc0) == 0x80)
			k--;
		if (k && (unsigned char)out[k - 1] >= 0xc0)
			k--;
		memcpy(out + k, "\xe2\x80\xa6", 3);   /* … */
		k += 3;
	}
	out[k] = '\0';
}

/* ---- declarations (CSS Syntax 3 §5.4.6) ------------------------------------- */

/*
 * Parse one declaration in tokens [i, end) (no top-level ';'), appending
 * its longhands to P->dv. Returns false, after warning, when it is dropped.
 */
static bool parse_declaration(struct css_parser *P, uint32_t i, uint32_t end)
{
	const struct css_token *nt = TOK(P, i);
	size_t nlen;
	const char *name = tval(P, nt, &nlen);
	uint32_t j = i + 1;
	while (j < end && TOK(P, j)->type == T_WS)
		j++;
	if (j >= end || TOK(P, j)->type != T_COLON) {
		css__warn(P, nt->off, "expected ':' after '%.*s' (declaration dropped)",
			  (int)MIN(nlen, 64), name);
		return false;
	}
	uint32_t vs = j + 1, ve = end;
	while (vs < ve && TOK(P, vs)->type == T_WS)
		vs++;
	while (ve > vs && TOK(P, ve - 1)->type == T_WS)
		ve--;
	/* !important at the end (§5.4.6 steps 5–6), spaces allowed inside */
	bool important = false;
	if (ve > vs && is_ident(P, TOK(P, ve - 1), "important")) {
		uint32_t k = ve - 1;
		while (k > vs && TOK(P, k - 1)->type == T_WS)
			k--;
		if (k > vs && is_delim(P, TOK(P, k - 1), '!')) {
			important = true;
			ve = k - 1;
			while (ve > vs && TOK(P, ve - 1)->type == T_WS)
				ve--;
		}
	}
	uint32_t start = P->n_dv;
	if (!css__parse_property(P, i, vs, ve))
		return false;
	for (uint32_t k = start; k < P->n_dv; k++)
		P->dv[k].important = important;
	return true;
}

/* Keep the custom property declared in tokens [i, end): its value's
 * text, trimmed, without !important. */
static void custom_property(struct css_parser *P, uint32_t i, uint32_t end)
{
	struct css_engine *e = P->e;
	const struct css_token *nt = TOK(P, i);
	uint32_t j = i + 1;
	while (j < end && TOK(P, j)->type == T_WS)
		j++;
	if (j >= end || TOK(P, j)->type != T_COLON)
		return;
	uint32_t vs = j + 1, ve = end;
	while (vs < ve && TOK(P, vs)->type == T_WS)
		vs++;
	while (ve > vs && TOK(P, ve - 1)->type == T_WS)
		ve--;
	if (ve > vs && is_ident(P, TOK(P, ve - 1), "important")) {
		uint32_t k = ve - 1;
		while (k > vs && TOK(P, k - 1)->type == T_WS)
			k--;
		if (k > vs && is_delim(P, TOK(P, k - 1), '!')) {
			ve = k - 1;
			while (ve > vs && TOK(P, ve - 1)->type == T_WS)
				ve--;
		}
	}
	if (ve <= vs)
		return;
	const char *src = P->L->src;
	size_t voff = TOK(P, vs)->off, vend = TOK(P, ve - 1)->off + TOK(P, ve - 1)->len;
	if (TOK(P, ve - 1)->type == T_FUNCTION || is_opener(TOK(P, ve - 1)->type))
		return;   /* an unclosed block */
	struct css_var *v = NULL;
	for (uint32_t k = 0; k < e->n_vars; k++)
		if (e->vars[k].nlen == nt->len && !memcmp(e->vars[k].name, src + nt->off, nt->len))
			v = &e->vars[k];
	if (!v) {
		if (e->n_vars >= MAX_CSS_VARS)
			return;
		if (e->n_vars == e->cap_vars) {
			uint32_t cap = e->cap_vars ? 2 * e->cap_vars : 16;
			struct css_var *nv = arena_alloc(e->a, cap * sizeof *nv);
			if (e->n_vars)
				memcpy(nv, e->vars, e->n_vars * sizeof *nv);
			e->vars = nv;
			e->cap_vars = cap;
		}
		v = &e->vars[e->n_vars++];
		v->name = arena_strndup(e->a, src + nt->off, nt->len);
		v->nlen = nt->len;
	}
	v->value = arena_strndup(e->a, src + voff, vend - voff);
	v->vlen = vend - voff;
}

/* Skip an at-rule from i: to its ';' or through its {} block. */
static uint32_t skip_at_rule(struct css_parser *P, uint32_t i, uint32_t end)
{
	for (i++; i < end; i++) {
		const struct css_token *t = TOK(P, i);
		if (t->type == T_SEMI)
			return i + 1;
		if (t->type == T_LBRACE)
			return t->aux + 1;
		if (is_opener(t->type))
			i = t->aux;
	}
	return end;
}

/*
 * The contents of a style block (§5.4.5 "consume a list of declarations",
 * with CSS Nesting's recovery): declarations up to each top-level ';';
 * anything that turns out to be a nested rule is skipped as a unit.
 */
static void parse_block(struct css_parser *P, uint32_t i, uint32_t end)
{
	while (i < end) {
		const struct css_token *t = TOK(P, i);
		if (t->type == T_WS || t->type == T_SEMI) {
			i++;
			continue;
		}
		if (t->type == T_AT) {
			i = skip_at_rule(P, i, end);
			continue;
		}
		if (t->type == T_IDENT && t->len > 2 && P->L->src[t->off] == '-' &&
		    P->L->src[t->off + 1] == '-') {
			/* a custom property: its value may hold {} blocks; it is
			 * kept for var() (css__parse_property) */
			uint32_t name = i;
			while (i < end && TOK(P, i)->type != T_SEMI)
				i = is_opener(TOK(P, i)->type) ? TOK(P, i)->aux + 1 : i + 1;
			custom_property(P, name, MIN(i, end));
			i++;
			continue;
		}
		uint32_t j = i;
		uint32_t block = 0;
		while (j < end && TOK(P, j)->type != T_SEMI) {
			const struct css_token *u = TOK(P, j);
			if (u->type == T_LBRACE) {
				block = j;
				break;
			}
			j = is_opener(u->type) ? u->aux + 1 : j + 1;
		}
		if (j > end)
			j = end;
		if (block) {
			/* a nested rule (CSS Nesting 1): not supported */
			char sel[96];
			css__excerpt(P, i, block, sel, sizeof sel);
			css__warn(P, t->off, "nested rule '%s' ignored", sel);
			i = TOK(P, block)->aux + 1;
			continue;
		}
		if (t->type == T_IDENT) {
			parse_declaration(P, i, j);
		} else {
			char what[64];
			css__excerpt(P, i, MIN(i + 1, j), what, sizeof what);
			css__warn(P, t->off, "unexpected '%s' in a declaration block; "
				  "skipped up to the next ';'", what);
		}
		i = j + 1;
	}
}

/* ---- @media (Media Queries 4) -------------------------------------------- */

/* A length in a media feature: em and rem are the initial 16px. */
static bool mq_length(struct vc *c, float vw, float vh, float *px)
{
	struct css_sval v;
	if (!css__take_len(c, 0, &v))
		return false;
	switch (v.unit) {
	case U_PX: *px = v.v; return true;
	case U_EM: case U_REM: *px = v.v * 16; return true;
	case U_VW: *px = v.v * vw / 100; return true;
	case U_VH: *px = v.v * vh / 100; return true;
	case U_VMIN: *px = v.v * MIN(vw, vh) / 100; return true;
	case U_VMAX: *px = v.v * MAX(vw, vh) / 100; return true;
	default: return false;
	}
}

/* <ratio> = <number> [ / <number> ]? */
static bool mq_ratio(struct vc *c, float *r)
{
	const struct css_token *t = peek(c);
	if (!t || t->type != T_NUMBER || t->num < 0)
		return false;
	float a = t->num, b = 1;
	adv(c);
	if (is_delim(c->P, peek(c), '/')) {
		adv(c);
		t = peek(c);
		if (!t || t->type != T_NUMBER || t->num < 0)
			return false;
		b = t->num;
		adv(c);
	}
	*r = b == 0 ? 1e30f : a / b;
	return true;
}

enum { MQ_LT = 1, MQ_GT = 2, MQ_EQ = 4 };

static int mq_op(struct vc *c)
{
	const struct css_token *t = peek(c);
	int op = 0;
	if (is_delim(c->P, t, '<'))
		op = MQ_LT;
	else if (is_delim(c->P, t, '>'))
		op = MQ_GT;
	else if (is_delim(c->P, t, '='))
		op = MQ_EQ;
	else
		return 0;
	adv(c);
	/* `<=`: the '=' must follow immediately */
	if (op != MQ_EQ && c->i < c->end && is_delim(c->P, TOK(c->P, c->i), '=')) {
		op |= MQ_EQ;
		c->i++;
	}
	return op;
}

static bool mq_cmp(float a, int op, float b)
{
	return ((op & MQ_LT) && a < b) || ((op & MQ_GT) && a > b) ||
	       ((op & MQ_EQ) && fabsf(a - b) < 0.001f);
}

/* Evaluate the value side of a feature: 1 true, 0 false, -1 invalid. */
static int mq_feature_value(struct vc *c, const char *f, int op, float vw, float vh)
{
	float v;
	if (!strcmp(f, "width") || !strcmp(f, "height") || !strcmp(f, "device-width") ||
	    !strcmp(f, "device-height")) {
		if (!mq_length(c, vw, vh, &v))
			return -1;
		float have = f[0] == 'w' || !strcmp(f, "device-width") ? vw : vh;
		return mq_cmp(have, op, v);
	}
	if (!strcmp(f, "aspect-ratio") || !strcmp(f, "device-aspect-ratio")) {
		if (!mq_ratio(c, &v))
			return -1;
		return mq_cmp(vh > 0 ? vw / vh : 0, op, v);
	}
	if (!strcmp(f, "resolution") || !strcmp(f, "-webkit-device-pixel-ratio") ||
	    !strcmp(f, "device-pixel-ratio")) {
		const struct css_token *t = peek(c);
		if (!t)
			return -1;
		if (t->type == T_NUMBER) {
			v = t->num;
		} else if (t->type == T_DIMENSION) {
			size_t n;
			const char *u = tval(c->P, t, &n);
			if (css_ieq(u, n, "dppx") || css_ieq(u, n, "x"))
				v = t->num;
			else if (css_ieq(u, n, "dpi"))
				v = t->num / 96;
			else if (css_ieq(u, n, "dpcm"))
				v = t->num * 2.54f / 96;
			else
				return -1;
		} else {
			return -1;
		}
		adv(c);
		return mq_cmp(1, op, v);
	}
	if (!strcmp(f, "color") || !strcmp(f, "monochrome") || !strcmp(f, "grid") ||
	    !strcmp(f, "color-index")) {
		const struct css_token *t = peek(c);
		if (!t || t->type != T_NUMBER)
			return -1;
		adv(c);
		float have = !strcmp(f, "color") ? 8 : 0;
		return mq_cmp(have, op, t->num);
	}
	/* discrete features: a screen in a desktop browser, light scheme */
	static const struct { const char *f, *v; } disc[] = {
		{ "orientation", NULL }, { "hover", "hover" }, { "any-hover", "hover" },
		{ "pointer", "fine" }, { "any-pointer", "fine" },
		{ "prefers-color-scheme", "light" }, { "prefers-reduced-motion", "no-preference" },
		{ "prefers-contrast", "no-preference" }, { "forced-colors", "none" },
		{ "inverted-colors", "none" }, { "scan", "progressive" }, { "update", "fast" },
		{ "display-mode", "browser" }, { "scripting", "enabled" },
		{ "overflow-block", "scroll" }, { "overflow-inline", "scroll" },
		{ "color-gamut", "srgb" }, { "dynamic-range", "standard" },
		{ "prefers-reduced-transparency", "no-preference" },
		{ "prefers-reduced-data", "no-preference" },
	};
	for (size_t i = 0; i < ARRAY_LEN(disc); i++) {
		if (strcmp(f, disc[i].f))
			continue;
		const struct css_token *t = peek(c);
		if (op != MQ_EQ || !t || t->type != T_IDENT)
			return -1;
		const char *want = disc[i].v;
		if (!want)
			want = vw >= vh ? "landscape" : "portrait";
		adv(c);
		return is_ident(c->P, t, want);
	}
	return -1;
}

/* A feature in parentheses: `(name)`, `(name: v)`, `(min-name: v)`, or a
 * range `(name op v)`, `(v op name)`, `(v op name op v)`. */
static int mq_feature(struct vc *c, float vw, float vh)
{
	const struct css_token *t = peek(c);
	if (!t)
		return -1;
	char f[48];
	size_t n;
	if (t->type == T_IDENT) {
		const char *s = tval(c->P, t, &n);
		if (n >= sizeof f)
			return 0;
		for (size_t i = 0; i < n; i++)
			f[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] | 0x20 : s[i]);
		f[n] = '\0';
		adv(c);
		const struct css_token *u = peek(c);
		if (!u) {
			/* boolean context: true unless the value would be zero/none */
			if (!strcmp(f, "monochrome") || !strcmp(f, "grid") ||
			    !strcmp(f, "forced-colors") || !strcmp(f, "inverted-colors") ||
			    !strcmp(f, "prefers-reduced-motion") || !strcmp(f, "prefers-contrast") ||
			    !strcmp(f, "color-index"))
				return 0;
			return 1;
		}
		if (u->type == T_COLON) {
			adv(c);
			int op = MQ_EQ;
			const char *base = f;
			if (!strncmp(f, "min-", 4)) {
				op = MQ_GT | MQ_EQ;
				base = f + 4;
			} else if (!strncmp(f, "max-", 4)) {
				op = MQ_LT | MQ_EQ;
				base = f + 4;
			} else if (!strncmp(f, "-webkit-min-", 12)) {
				op = MQ_GT | MQ_EQ;
				memmove(f + 8, f + 12, strlen(f + 12) + 1);
				base = f;
			} else if (!strncmp(f, "-webkit-max-", 12)) {
				op = MQ_LT | MQ_EQ;
				memmove(f + 8, f + 12, strlen(f + 12) + 1);
				base = f;
			}
			int r = mq_feature_value(c, base, op, vw, vh);
			return r < 0 || !at_end(c) ? -1 : r;
		}
		int op = mq_op(c);
		if (!op)
			return -1;
		int r = mq_feature_value(c, f, op, vw, vh);
		return r < 0 || !at_end(c) ? -1 : r;
	}
	/* value op name [op value]: evaluate each comparison with the value
	 * on the left by flipping the operator */
	struct vc save = *c;
	float v1;
	bool ratio = false;
	if (!mq_length(c, vw, vh, &v1)) {
		*c = save;
		if (!mq_ratio(c, &v1))
			return -1;
		ratio = true;
	}
	int op1 = mq_op(c);
	t = peek(c);
	if (!op1 || !t || t->type != T_IDENT)
		return -1;
	const char *s = tval(c->P, t, &n);
	if (n >= sizeof f)
		return -1;
	for (size_t i = 0; i < n; i++)
		f[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] | 0x20 : s[i]);
	f[n] = '\0';
	adv(c);
	float have;
	if (!strcmp(f, "width") || !strcmp(f, "device-width"))
		have = vw;
	else if (!strcmp(f, "height") || !strcmp(f, "device-height"))
		have = vh;
	else if (!strcmp(f, "aspect-ratio"))
		have = vh > 0 ? vw / vh : 0;
	else
		return -1;
	(void)ratio;
	int flip = (op1 & MQ_EQ) | ((op1 & MQ_LT) ? MQ_GT : 0) | ((op1 & MQ_GT) ? MQ_LT : 0);
	int r = mq_cmp(have, flip, v1);
	if (!at_end(c)) {
		int op2 = mq_op(c);
		float v2;
		if (!op2 || !mq_length(c, vw, vh, &v2) || !at_end(c))
			return -1;
		r = r && mq_cmp(have, op2, v2);
	}
	return r;
}

static int mq_condition(struct vc *c, float vw, float vh, bool allow_or);

/* <media-in-parens>: a nested condition or a feature; unknown forms
 * (<general-enclosed>) are false. */
static int mq_in_parens(struct vc *c, float vw, float vh)
{
	const struct css_token *t = peek(c);
	if (!t)
		return -1;
	if (t->type == T_FUNCTION) {
		adv(c);
		return 0;
	}
	if (t->type != T_LPAREN || c->depth > MAX_CSS_NESTING)
		return -1;
	struct vc s = inner(c);
	adv(c);
	const struct css_token *u = peek(&s);
	if (u && (u->type == T_LPAREN || is_ident(c->P, u, "not"))) {
		int r = mq_condition(&s, vw, vh, true);
		return r < 0 || !at_end(&s) ? 0 : r;
	}
	int r = mq_feature(&s, vw, vh);
	return r < 0 ? 0 : r;   /* an unknown feature is false, not an error */
}

static int mq_condition(struct vc *c, float vw, float vh, bool allow_or)
{
	if (is_ident(c->P, peek(c), "not")) {
		adv(c);
		int r = mq_in_parens(c, vw, vh);
		return r < 0 ? -1 : !r;
	}
	int r = mq_in_parens(c, vw, vh);
	if (r < 0)
		return -1;
	int mode = 0;   /* 1 and, 2 or */
	while (!at_end(c)) {
		const struct css_token *t = peek(c);
		int m = is_ident(c->P, t, "and") ? 1 : is_ident(c->P, t, "or") ? 2 : 0;
		if (!m || (mode && m != mode) || (m == 2 && !allow_or))
			return -1;
		mode = m;
		adv(c);
		int q = mq_in_parens(c, vw, vh);
		if (q < 0)
			return -1;
		r = m == 1 ? (r && q) : (r || q);
	}
	return r;
}

/* One <media-query>; a malformed one is `not all` (MQ 4 §3.2). */
static bool media_query(struct css_parser *P, uint32_t i, uint32_t end)
{
	struct vc c = { P, i, end, 0 };
	float vw = P->e->vw, vh = P->e->vh;
	const struct css_token *t = peek(&c);
	if (!t)
		return false;
	struct vc after = { P, c.i + 1, end, 0 };
	const struct css_token *t2 = peek(&after);
	if (t->type == T_LPAREN || (is_ident(P, t, "not") && t2 && t2->type == T_LPAREN)) {
		int r = mq_condition(&c, vw, vh, true);
		return r > 0;
	}
	bool neg = false;
	if (is_ident(P, t, "not")) {
		neg = true;
		adv(&c);
	} else if (is_ident(P, t, "only")) {
		adv(&c);
	}
	t = peek(&c);
	if (!t || t->type != T_IDENT)
		return false;
	size_t n;
	const char *ty = tval(P, t, &n);
	if (css_ieq(ty, n, "and") || css_ieq(ty, n, "or") || css_ieq(ty, n, "not") ||
	    css_ieq(ty, n, "only"))
		return false;
	bool r = css_ieq(ty, n, "all") || css_ieq(ty, n, "screen");
	adv(&c);
	if (!at_end(&c)) {
		if (!is_ident(P, peek(&c), "and"))
			return false;
		adv(&c);
		int q = mq_condition(&c, vw, vh, false);
		if (q < 0)
			return false;
		r = r && q;
	}
	return neg ? !r : r;
}

static bool media_list(struct css_parser *P, uint32_t i, uint32_t end)
{
	struct vc c = { P, i, end, 0 };
	if (at_end(&c))
		return true;   /* an empty list is `all` */
	uint32_t s = c.i;
	while (c.i < end) {
		const struct css_token *t = TOK(P, c.i);
		if (t->type == T_COMMA) {
			if (media_query(P, s, c.i))
				return true;
			s = c.i + 1;
			c.i++;
			continue;
		}
		c.i = is_opener(t->type) ? t->aux + 1 : c.i + 1;
	}
	return media_query(P, s, MIN(c.i, end));
}

/* ---- @supports (CSS Conditional 3 §6) ------------------------------------- */

static int supports_condition(struct vc *c);

static int supports_in_parens(struct vc *c)
{
	const struct css_token *t = peek(c);
	if (!t || c->depth > MAX_CSS_NESTING)
		return -1;
	if (t->type == T_FUNCTION) {
		if (tok_is(c->P, t, T_FUNCTION, "selector")) {
			struct vc s = inner(c);
			adv(c);
			struct css_parser *P = c->P;
			bool w = P->warn;
			P->warn = false;
			bool ok = css__parse_selectors(P, s.i, s.end, 0) != NULL;
			P->warn = w;
			return ok;
		}
		adv(c);
		return 0;
	}
	if (t->type != T_LPAREN)
		return -1;
	struct vc s = inner(c);
	adv(c);
	const struct css_token *u = peek(&s);
	if (u && (u->type == T_LPAREN || u->type == T_FUNCTION || is_ident(c->P, u, "not"))) {
		int r = supports_condition(&s);
		return r < 0 || !at_end(&s) ? 0 : r;
	}
	if (!u || u->type != T_IDENT)
		return 0;
	/* a declaration: true when we would accept it */
	struct css_parser *P = c->P;
	size_t n;
	const char *name = tval(P, u, &n);
	if (!css__is_property(name, n)) {
		/* properties browsers support but we do not draw */
		return css__is_silent_property(name, n) && name[0] != '-';
	}
	bool w = P->warn;
	uint32_t nd = P->n_dv;
	P->warn = false;
	bool ok = parse_declaration(P, s.i, s.end);
	P->warn = w;
	P->n_dv = nd;
	return ok;
}

static int supports_condition(struct vc *c)
{
	if (is_ident(c->P, peek(c), "not")) {
		adv(c);
		int r = supports_in_parens(c);
		return r < 0 ? -1 : !r;
	}
	int r = supports_in_parens(c);
	if (r < 0)
		return -1;
	int mode = 0;
	while (!at_end(c)) {
		const struct css_token *t = peek(c);
		int m = is_ident(c->P, t, "and") ? 1 : is_ident(c->P, t, "or") ? 2 : 0;
		if (!m || (mode && m != mode))
			return -1;
		mode = m;
		adv(c);
		int q = supports_in_parens(c);
		if (q < 0)
			return -1;
		r = m == 1 ? (r && q) : (r || q);
	}
	return r;
}

/* ---- rules (CSS Syntax 3 §5.4.1–5.4.3) ------------------------------------- */

static void qualified_rule(struct css_parser *P, uint32_t i, uint32_t brace)
{
	const struct css_token *b = TOK(P, brace);
	uint32_t bend = MIN(b->aux, P->L->n - 1);
	const struct css_sel_list *sl = css__parse_selectors(P, i, brace, 0);
	if (!sl) {
		char sel[128];
		uint32_t s = i, e = brace;
		while (s < e && TOK(P, s)->type == T_WS)
			s++;
		while (e > s && TOK(P, e - 1)->type == T_WS)
			e--;
		css__excerpt(P, s, e, sel, sizeof sel);
		css__warn(P, TOK(P, s < e ? s : i)->off, "%s selector '%s' (rule dropped)",
			  P->unsupported ? "unsupported" : "invalid", sel);
		return;
	}
	P->n_dv = 0;
	parse_block(P, brace + 1, bend);
	css__add_rule(P, sl, P->dv, P->n_dv, TOK(P, i)->off);
}

struct frame {
	uint32_t end, resume;
};

static void font_face(struct css_parser *P, uint32_t at, uint32_t i, uint32_t end);

void css__parse_sheet(struct css_parser *P)
{
	const struct css_lexed *L = P->L;
	uint32_t i = 0, end = L->n - 1;   /* the T_EOF token stays outside */
	struct frame *st = NULL;
	size_t depth = 0, cap = 0;
	bool top = true;
	for (;;) {
		if (i >= end) {
			if (!depth)
				break;
			depth--;
			i = st[depth].resume;
			end = st[depth].end;
			top = depth == 0;
			continue;
		}
		if (P->e->warned_rule_cap)
			break;
		const struct css_token *t = TOK(P, i);
		if (t->type == T_WS || (top && (t->type == T_CDO || t->type == T_CDC))) {
			i++;
			continue;
		}
		if (t->type == T_AT) {
			/* prelude up to ';' or '{' (§5.4.2) */
			uint32_t j = i + 1;
			while (j < end && TOK(P, j)->type != T_SEMI && TOK(P, j)->type != T_LBRACE)
				j = is_opener(TOK(P, j)->type) ? TOK(P, j)->aux + 1 : j + 1;
			if (j >= end || TOK(P, j)->type == T_SEMI) {
				i = j + 1;         /* @import, @charset, @namespace…: dropped */
				continue;
			}
			size_t n;
			const char *name = tval(P, t, &n);
			uint32_t close = MIN(TOK(P, j)->aux, L->n - 1);
			bool enter = false;
			if (css_ieq(name, n, "media")) {
				enter = media_list(P, i + 1, j);
			} else if (css_ieq(name, n, "supports")) {
				struct vc c = { P, i + 1, j, 0 };
				enter = supports_condition(&c) > 0;
			} else if (css_ieq(name, n, "layer") || css_ieq(name, n, "scope") ||
				   css_ieq(name, n, "document") || css_ieq(name, n, "-moz-document")) {
				/* approximations: their rules apply as if unlayered/unscoped */
				enter = css_ieq(name, n, "layer") || css_ieq(name, n, "scope");
			}
			else if (css_ieq(name, n, "font-face") && P->origin == CSS_ORIGIN_AUTHOR)
				font_face(P, i, j + 1, close);
			/* @keyframes, @page, unknown: skipped silently */
			if (enter) {
				if (depth == cap) {
					cap = cap ? cap * 2 : 8;
					st = xrealloc(st, cap * sizeof *st);
				}
				st[depth].end = end;
				st[depth].resume = close + 1;
				depth++;
				top = false;
				i = j + 1;
				end = MIN(close, end);
			} else {
				i = close + 1;
			}
			continue;
		}
		/* a qualified rule: prelude up to the '{' (§5.4.3) */
		uint32_t j = i;
		while (j < end && TOK(P, j)->type != T_LBRACE)
			j = is_opener(TOK(P, j)->type) ? TOK(P, j)->aux + 1 : j + 1;
		if (j >= end)
			break;    /* no block before the end: parse error, nothing to add */
		qualified_rule(P, i, j);
		i = MIN(TOK(P, j)->aux, L->n - 1) + 1;
	}
	free(st);
}

/* ---- @font-face (CSS Fonts 4 §4) ------------------------------------------ */

/* The tokens [i, end) of one descriptor's value, white space skipped. */
/* An @font-face block [i, end): font-family, src's url()s, font-weight,
 * font-style. A rule without a family or a url() is dropped with a
 * warning, as a browser ignores it. at: the rule's @ token. */
static void font_face(struct css_parser *P, uint32_t at, uint32_t i, uint32_t end)
{
	struct css_engine *e = P->e;
	struct css_font_face f = { .weight = 400, .file = P->src,
				   .off = P->base + TOK(P, at)->off };
	struct strbuf fam;
	strbuf_init(&fam, 256);
	while (i < end) {
		i = skip_ws(P, i, end);
		if (i >= end)
			break;
		const struct css_token *t = TOK(P, i);
		uint32_t semi = i;
		while (semi < end && TOK(P, semi)->type != T_SEMI)
			semi = is_opener(TOK(P, semi)->type) ? MIN(TOK(P, semi)->aux, end) + 1
							    : semi + 1;
		uint32_t v = skip_ws(P, i + 1, semi);
		if (t->type != T_IDENT || v >= semi || TOK(P, v)->type != T_COLON) {
			i = semi + 1;
			continue;
		}
		v = skip_ws(P, v + 1, semi);
		if (is_ident(P, t, "font-family")) {
			/* a string, or identifiers joined by single spaces */
			for (uint32_t k = v; k < semi; k++) {
				const struct css_token *x = TOK(P, k);
				size_t n;
				const char *s = tval(P, x, &n);
				if (x->type == T_STRING || x->type == T_IDENT) {
					if (fam.len)
						strbuf_puts(&fam, " ");
					strbuf_append(&fam, s, n);
				}
			}
		} else if (is_ident(P, t, "src")) {
			for (uint32_t k = v; k < semi && f.n_src < MAX_FONT_SOURCES;) {
				struct vc c = { P, k, semi, 0 };
				struct css_sval u;
				if (css__take_image(&c, false, &u) && u.unit == U_STR) {
					f.src[f.n_src++] = u.p;
					k = c.i;
				} else {
					const struct css_token *x = TOK(P, k);
					k = is_opener(x->type) ? MIN(x->aux, semi) + 1 : k + 1;
				}
			}
		} else if (is_ident(P, t, "font-weight")) {
			const struct css_token *x = TOK(P, v);
			if (x->type == T_NUMBER && x->num >= 1 && x->num <= 1000)
				f.weight = (int)x->num;
			else if (is_ident(P, x, "bold"))
				f.weight = 700;
		} else if (is_ident(P, t, "font-style")) {
			f.italic = is_ident(P, TOK(P, v), "italic") || is_ident(P, TOK(P, v), "oblique");
		}
		i = semi + 1;
	}
	if (!fam.len || !f.n_src) {
		if (P->warn)
			css__warn(P, TOK(P, at)->off, "@font-face without %s (rule dropped)",
				  !fam.len ? "a font-family" : "a url() source");
	} else if (e->n_faces >= MAX_FONT_FACES) {
		if (P->warn && !e->warned_faces)
			css__warn(P, TOK(P, at)->off, "more than %d @font-face rules; "
				  "the rest are ignored", MAX_FONT_FACES);
		e->warned_faces = true;
	} else {
		f.family = arena_strndup(e->a, fam.s, fam.len);
		e->faces[e->n_faces++] = f;
	}
	strbuf_free(&fam);
}

const struct css_decl *css__parse_decl_list(struct css_parser *P, uint32_t *n)
{
	P->n_dv = 0;
	parse_block(P, 0, P->L->n - 1);
	*n = P->n_dv;
	if (!P->n_dv)
		return NULL;
	struct css_decl *d = arena_alloc(P->a, P->n_dv * sizeof *d);
	memcpy(d, P->dv, P->n_dv * sizeof *d);
	return d;
}
