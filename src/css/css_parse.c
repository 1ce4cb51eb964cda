/*
 * css_parse.c — tokens → rules and declarations (CSS Syntax 3 §5), and the
 * value grammar of every property the engine knows.
 *
 * Error recovery is the browser's: an invalid declaration is dropped and
 * the block goes on at the next top-level ';' (§5.4.5), so a missing ';'
 * swallows the following declaration into an invalid value; an invalid
 * selector drops the whole rule; unknown at-rules are skipped as a unit.
 * Blocks are skipped with the bracket matching done by the tokenizer, and
 * rule lists nested in @media/@supports are walked with an explicit stack,
 * so no input makes the parser recurse deeply.
 *
 * Shorthands are expanded here into longhands; a shorthand sets every one
 * of its longhands (those not given to their initial value), as in
 * CSS Cascade 4 §3.1. Values are kept *specified* (em, %, currentColor…);
 * css_computed.c resolves them per element.
 *
 * SPDX-License-Identifier: MIT
 */
#include "css/css_internal.h"
#include "base/diag.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TOK(P, i) (&(P)->L->t[(i)])

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
static void excerpt(struct css_parser *P, uint32_t i, uint32_t end, char *out,
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

/* ---- the value cursor ----------------------------------------------------- */

/* Walks the component values of a range, skipping white space; blocks and
 * functions are one step. */
struct vc {
	struct css_parser *P;
	uint32_t i, end;
	int depth;
};

static const struct css_token *peek(struct vc *c)
{
	while (c->i < c->end && TOK(c->P, c->i)->type == T_WS)
		c->i++;
	return c->i < c->end ? TOK(c->P, c->i) : NULL;
}

static bool is_opener(uint8_t ty)
{
	return ty == T_FUNCTION || ty == T_LPAREN || ty == T_LBRACKET || ty == T_LBRACE;
}

static void adv(struct vc *c)
{
	const struct css_token *t = TOK(c->P, c->i);
	c->i = is_opener(t->type) ? t->aux + 1 : c->i + 1;
}

static bool at_end(struct vc *c)
{
	return peek(c) == NULL;
}

/* The contents of the block or function at the cursor. */
static struct vc inner(struct vc *c)
{
	const struct css_token *t = TOK(c->P, c->i);
	struct vc s = { c->P, c->i + 1, MIN(t->aux, c->end), c->depth + 1 };
	return s;
}

static const char *tval(struct css_parser *P, const struct css_token *t, size_t *n)
{
	return css_tok_value(P->L, t, P->tmp, n);
}

static bool tok_is(struct css_parser *P, const struct css_token *t, uint8_t type,
		   const char *word)
{
	if (!t || t->type != type)
		return false;
	size_t n;
	const char *s = tval(P, t, &n);
	return css_ieq(s, n, word);
}

static bool is_ident(struct css_parser *P, const struct css_token *t, const char *w)
{
	return tok_is(P, t, T_IDENT, w);
}

static bool is_delim(struct css_parser *P, const struct css_token *t, char ch)
{
	return t && t->type == T_DELIM && t->len == 1 && P->L->src[t->off] == ch;
}

/* Is the next component the comma (consumed) or the end? */
static bool comma_or_end(struct vc *c, bool *comma)
{
	const struct css_token *t = peek(c);
	*comma = false;
	if (!t)
		return true;
	if (t->type == T_COMMA) {
		adv(c);
		*comma = true;
		return true;
	}
	return false;
}

struct kw {
	const char *name;
	int16_t v;
};

static bool kw_find(const struct kw *k, const char *s, size_t n, int *out)
{
	for (; k->name; k++) {
		if (css_ieq(s, n, k->name)) {
			*out = k->v;
			return true;
		}
	}
	return false;
}

/* The next component as a keyword of table k (consumed on success). */
static bool take_kw(struct vc *c, const struct kw *k, int *out)
{
	const struct css_token *t = peek(c);
	if (!t || t->type != T_IDENT)
		return false;
	size_t n;
	const char *s = tval(c->P, t, &n);
	if (!kw_find(k, s, n, out))
		return false;
	adv(c);
	return true;
}

static void push(struct css_parser *P, unsigned prop, struct css_sval v)
{
	if (P->n_dv == P->cap_dv) {
		P->cap_dv = P->cap_dv ? P->cap_dv * 2 : 64;
		P->dv = xrealloc(P->dv, P->cap_dv * sizeof *P->dv);
	}
	struct css_decl *d = &P->dv[P->n_dv++];
	memset(d, 0, sizeof *d);
	d->prop = (uint16_t)prop;
	d->v = v;
}

static struct css_sval sv_kw(int kw)
{
	struct css_sval v = { 0 };
	v.unit = U_KW;
	v.kw = (int16_t)kw;
	return v;
}

static struct css_sval sv_len(uint8_t unit, float x)
{
	struct css_sval v = { 0 };
	v.unit = unit;
	v.v = x;
	return v;
}

static struct css_sval sv_color(struct css_color col)
{
	struct css_sval v = { 0 };
	v.unit = U_COLOR;
	v.c = col;
	return v;
}

static struct css_sval sv_current(void)
{
	struct css_sval v = { 0 };
	v.unit = U_COLOR;
	v.flags = SV_CURRENT;
	return v;
}

/* ---- numbers, lengths, calc() (CSS Values 4) ------------------------------ */

#define LF_PCT    1u   /* percentages allowed */
#define LF_NEG    2u   /* negative values allowed */
#define LF_NUM    4u   /* unitless numbers are numbers (U_NUM) */
#define LF_AUTO   8u
#define LF_NONE   16u
#define LF_NORMAL 32u
#define LF_INTRINSIC 64u  /* min-content, fit-content()…: sized as auto/none */

/* Unit of a dimension → calc slot and factor (absolute units fold into px;
 * ex and ch are taken as 0.5em, as the brief allows). */
static bool unit_of(struct css_parser *P, const struct css_token *t, int *cu, float *f)
{
	static const struct { const char *u; int8_t cu; float f; } units[] = {
		{ "px", CU_PX, 1 }, { "em", CU_EM, 1 }, { "rem", CU_REM, 1 },
		{ "ex", CU_EM, 0.5f }, { "ch", CU_EM, 0.5f }, { "pt", CU_PX, 96.0f / 72 },
		{ "pc", CU_PX, 16 }, { "in", CU_PX, 96 }, { "cm", CU_PX, 96 / 2.54f },
		{ "mm", CU_PX, 96 / 25.4f }, { "q", CU_PX, 96 / 101.6f },
		{ "vw", CU_VW, 1 }, { "vh", CU_VH, 1 }, { "vmin", CU_VMIN, 1 },
		{ "vmax", CU_VMAX, 1 }, { "svw", CU_VW, 1 }, { "lvw", CU_VW, 1 },
		{ "dvw", CU_VW, 1 }, { "svh", CU_VH, 1 }, { "lvh", CU_VH, 1 },
		{ "dvh", CU_VH, 1 }, { "vi", CU_VW, 1 }, { "vb", CU_VH, 1 },
	};
	size_t n;
	const char *s = tval(P, t, &n);
	for (size_t k = 0; k < ARRAY_LEN(units); k++) {
		if (css_ieq(s, n, units[k].u)) {
			*cu = units[k].cu;
			*f = units[k].f;
			return true;
		}
	}
	return false;
}

/* Angle in degrees (deg, rad, grad, turn); a bare 0 when zero_ok. */
static bool take_angle(struct vc *c, float *deg, bool zero_ok)
{
	const struct css_token *t = peek(c);
	if (!t)
		return false;
	if (t->type == T_NUMBER && t->num == 0 && zero_ok) {
		*deg = 0;
		adv(c);
		return true;
	}
	if (t->type != T_DIMENSION)
		return false;
	size_t n;
	const char *u = tval(c->P, t, &n);
	if (css_ieq(u, n, "deg"))
		*deg = t->num;
	else if (css_ieq(u, n, "rad"))
		*deg = t->num * (float)(180.0 / M_PI);
	else if (css_ieq(u, n, "grad"))
		*deg = t->num * 0.9f;
	else if (css_ieq(u, n, "turn"))
		*deg = t->num * 360;
	else
		return false;
	adv(c);
	return true;
}

/* A calc() sum: lengths as coefficients per unit, or a plain number. */
struct lin {
	float c[CU_N];
	float num;
	bool is_num;
};

static bool calc_sum(struct vc *c, struct lin *out);

static bool is_calc_fn(struct css_parser *P, const struct css_token *t)
{
	return tok_is(P, t, T_FUNCTION, "calc") || tok_is(P, t, T_FUNCTION, "-webkit-calc");
}

static bool is_minmax_fn(struct css_parser *P, const struct css_token *t, int *which)
{
	if (tok_is(P, t, T_FUNCTION, "min"))
		*which = 0;
	else if (tok_is(P, t, T_FUNCTION, "max"))
		*which = 1;
	else if (tok_is(P, t, T_FUNCTION, "clamp"))
		*which = 2;
	else
		return false;
	return true;
}

/* The one unit a sum uses (-1: none, -2: several); numbers are CU_N. */
static int lin_unit(const struct lin *l)
{
	if (l->is_num)
		return CU_N;
	int u = -1;
	for (int k = 0; k < CU_N; k++) {
		if (l->c[k] != 0) {
			if (u >= 0)
				return -2;
			u = k;
		}
	}
	return u;
}

static float lin_value(const struct lin *l, int u)
{
	return u == CU_N ? l->num : u >= 0 ? l->c[u] : 0;
}

/* min()/max()/clamp(): folded when every argument has the same single
 * unit; other mixes need layout-time resolution we do not have. */
static bool calc_minmax(struct vc *c, int which, struct lin *out)
{
	struct vc a = inner(c);
	adv(c);
	struct lin v[3];
	int n = 0, unit = -1;
	for (;;) {
		if (n == 3 && which == 2)
			return false;
		if (n == 32)
			return false;
		struct lin x;
		if (!calc_sum(&a, &x))
			return false;
		int u = lin_unit(&x);
		if (u == -2 || (u >= 0 && unit >= 0 && u != unit) ||
		    (x.is_num != (unit == CU_N) && unit >= 0 && u >= 0)) {
			c->P->unsupported = true;
			return false;
		}
		if (u >= 0)
			unit = u;
		float xv = lin_value(&x, u);
		if (which == 2) {
			v[n].num = xv;
		} else if (n == 0) {
			v[0].num = xv;
		} else {
			v[0].num = which == 0 ? MIN(v[0].num, xv) : MAX(v[0].num, xv);
		}
		n++;
		bool comma;
		if (!comma_or_end(&a, &comma))
			return false;
		if (!comma)
			break;
	}
	if (which == 2 && n != 3)
		return false;
	float r = which == 2 ? MAX(v[0].num, MIN(v[1].num, v[2].num)) : v[0].num;
	memset(out, 0, sizeof *out);
	if (unit == CU_N || unit < 0) {
		out->is_num = unit == CU_N;
		out->num = r;
		if (unit < 0)
			out->c[CU_PX] = 0;
	} else {
		out->c[unit] = r;
	}
	return true;
}

static bool calc_leaf(struct vc *c, struct lin *out)
{
	const struct css_token *t = peek(c);
	int which;
	if (!t || c->depth > MAX_CSS_NESTING)
		return false;
	memset(out, 0, sizeof *out);
	switch (t->type) {
	case T_NUMBER:
		out->is_num = true;
		out->num = t->num;
		adv(c);
		return true;
	case T_PERCENT:
		out->c[CU_PCT] = t->num;
		adv(c);
		return true;
	case T_DIMENSION: {
		int cu;
		float f;
		if (!unit_of(c->P, t, &cu, &f))
			return false;
		out->c[cu] = t->num * f;
		adv(c);
		return true;
	}
	case T_LPAREN: {
		struct vc s = inner(c);
		adv(c);
		return calc_sum(&s, out) && at_end(&s);
	}
	case T_FUNCTION:
		if (is_calc_fn(c->P, t)) {
			struct vc s = inner(c);
			adv(c);
			return calc_sum(&s, out) && at_end(&s);
		}
		if (is_minmax_fn(c->P, t, &which))
			return calc_minmax(c, which, out);
		return false;
	default:
		return false;
	}
}

static void lin_scale(struct lin *l, float k)
{
	l->num *= k;
	for (int i = 0; i < CU_N; i++)
		l->c[i] *= k;
}

static bool calc_product(struct vc *c, struct lin *out)
{
	if (!calc_leaf(c, out))
		return false;
	for (;;) {
		const struct css_token *t = peek(c);
		bool mul = is_delim(c->P, t, '*');
		if (!mul && !is_delim(c->P, t, '/'))
			return true;
		adv(c);
		struct lin r;
		if (!calc_leaf(c, &r))
			return false;
		if (mul) {
			if (out->is_num) {
				float k = out->num;
				*out = r;
				lin_scale(out, k);
			} else if (r.is_num) {
				lin_scale(out, r.num);
			} else {
				return false;
			}
		} else {
			if (!r.is_num || r.num == 0)
				return false;
			lin_scale(out, 1 / r.num);
		}
	}
}

/* CSS Values 4 §10.1: + and - need white space on both sides. */
static bool calc_sum(struct vc *c, struct lin *out)
{
	if (!calc_product(c, out))
		return false;
	for (;;) {
		const struct css_token *t = peek(c);
		if (!t || t->type == T_COMMA)   /* the caller checks what follows */
			return true;
		bool plus = is_delim(c->P, t, '+');
		if (!plus && !is_delim(c->P, t, '-'))
			return false;
		uint32_t i = c->i;
		if (i == 0 || TOK(c->P, i - 1)->type != T_WS || i + 1 >= c->end ||
		    TOK(c->P, i + 1)->type != T_WS)
			return false;
		adv(c);
		struct lin r;
		if (!calc_product(c, &r))
			return false;
		if (r.is_num != out->is_num)
			return false;
		float k = plus ? 1 : -1;
		out->num += k * r.num;
		for (int j = 0; j < CU_N; j++)
			out->c[j] += k * r.c[j];
	}
}

/* A calc()-family function at the cursor → a specified value. */
static bool take_calc(struct vc *c, unsigned flags, struct css_sval *out)
{
	struct lin l;
	const struct css_token *t = peek(c);
	int which;
	if (is_calc_fn(c->P, t)) {
		struct vc s = inner(c);
		adv(c);
		if (!calc_sum(&s, &l) || !at_end(&s))
			return false;
	} else if (is_minmax_fn(c->P, t, &which)) {
		if (!calc_minmax(c, which, &l))
			return false;
	} else {
		return false;
	}
	/* 1e38 * 1e38 and friends: no value, rather than inf or NaN */
	bool finite = isfinite(l.num);
	for (int k = 0; k < CU_N; k++)
		finite = finite && isfinite(l.c[k]);
	if (!finite)
		return false;
	if (l.is_num) {
		if (!(flags & LF_NUM))
			return false;
		*out = sv_len(U_NUM, l.num);
		return true;
	}
	int u = lin_unit(&l);
	if (u == -2 && l.c[CU_PCT] != 0) {
		/* calc(100% - 20px): needs the containing block; layout takes
		 * px or % only */
		c->P->unsupported = true;
		return false;
	}
	if (l.c[CU_PCT] != 0 && !(flags & LF_PCT))
		return false;
	if (u == -1) {
		*out = sv_len(U_PX, 0);
	} else if (u >= 0) {
		*out = sv_len((uint8_t)(u + 1), l.c[u]);
	} else {
		struct css_calc *k = arena_alloc(c->P->a, sizeof *k);
		memcpy(k->c, l.c, sizeof k->c);
		*out = sv_len(U_CALC, 0);
		out->p = k;
	}
	/* out-of-range calc() results clamp rather than fail (Values 4 §10.12) */
	if (!(flags & LF_NEG) && out->unit != U_CALC && out->v < 0)
		out->v = 0;
	return true;
}

static bool take_len(struct vc *c, unsigned flags, struct css_sval *out)
{
	const struct css_token *t = peek(c);
	if (!t)
		return false;
	switch (t->type) {
	case T_DIMENSION: {
		int cu;
		float f;
		if (!unit_of(c->P, t, &cu, &f))
			return false;
		*out = sv_len((uint8_t)(cu + 1), t->num * f);
		break;
	}
	case T_PERCENT:
		if (!(flags & LF_PCT))
			return false;
		*out = sv_len(U_PCT, t->num);
		break;
	case T_NUMBER:
		if (flags & LF_NUM)
			*out = sv_len(U_NUM, t->num);
		else if (t->num == 0)
			*out = sv_len(U_PX, 0);
		else
			return false;
		break;
	case T_IDENT:
		if ((flags & LF_AUTO) && is_ident(c->P, t, "auto"))
			*out = sv_kw(KW_AUTO);
		else if ((flags & LF_NONE) && is_ident(c->P, t, "none"))
			*out = sv_kw(KW_NONE);
		else if ((flags & LF_NORMAL) && is_ident(c->P, t, "normal"))
			*out = sv_kw(KW_NORMAL);
		else if ((flags & LF_INTRINSIC) &&
			 (is_ident(c->P, t, "min-content") || is_ident(c->P, t, "max-content") ||
			  is_ident(c->P, t, "fit-content") || is_ident(c->P, t, "stretch") ||
			  is_ident(c->P, t, "-webkit-fill-available") ||
			  is_ident(c->P, t, "-webkit-min-content") ||
			  is_ident(c->P, t, "-webkit-max-content") ||
			  is_ident(c->P, t, "-webkit-fit-content")))
			/* intrinsic sizes need layout's help: treated as auto (none
			 * for max-*), the closest thing a content-sized box has */
			*out = sv_kw((flags & LF_NONE) ? KW_NONE : KW_AUTO);
		else
			return false;
		break;
	case T_FUNCTION:
		if ((flags & LF_INTRINSIC) && tok_is(c->P, t, T_FUNCTION, "fit-content")) {
			*out = sv_kw((flags & LF_NONE) ? KW_NONE : KW_AUTO);
			break;
		}
		return take_calc(c, flags, out);
	default:
		return false;
	}
	if (!(flags & LF_NEG) && out->unit != U_KW && out->v < 0)
		return false;
	adv(c);
	return true;
}

/* ---- colours (CSS Color 4) ------------------------------------------------- */

static const struct named_color {
	const char *name;
	uint32_t rgb;
} named_colors[] = {
	{ "aliceblue", 0xf0f8ff }, { "antiquewhite", 0xfaebd7 }, { "aqua", 0x00ffff },
	{ "aquamarine", 0x7fffd4 }, { "azure", 0xf0ffff }, { "beige", 0xf5f5dc },
	{ "bisque", 0xffe4c4 }, { "black", 0x000000 }, { "blanchedalmond", 0xffebcd },
	{ "blue", 0x0000ff }, { "blueviolet", 0x8a2be2 }, { "brown", 0xa52a2a },
	{ "burlywood", 0xdeb887 }, { "cadetblue", 0x5f9ea0 }, { "chartreuse", 0x7fff00 },
	{ "chocolate", 0xd2691e }, { "coral", 0xff7f50 }, { "cornflowerblue", 0x6495ed },
	{ "cornsilk", 0xfff8dc }, { "crimson", 0xdc143c }, { "cyan", 0x00ffff },
	{ "darkblue", 0x00008b }, { "darkcyan", 0x008b8b }, { "darkgoldenrod", 0xb8860b },
	{ "darkgray", 0xa9a9a9 }, { "darkgreen", 0x006400 }, { "darkgrey", 0xa9a9a9 },
	{ "darkkhaki", 0xbdb76b }, { "darkmagenta", 0x8b008b },
	{ "darkolivegreen", 0x556b2f }, { "darkorange", 0xff8c00 },
	{ "darkorchid", 0x9932cc }, { "darkred", 0x8b0000 }, { "darksalmon", 0xe9967a },
	{ "darkseagreen", 0x8fbc8f }, { "darkslateblue", 0x483d8b },
	{ "darkslategray", 0x2f4f4f }, { "darkslategrey", 0x2f4f4f },
	{ "darkturquoise", 0x00ced1 }, { "darkviolet", 0x9400d3 },
	{ "deeppink", 0xff1493 }, { "deepskyblue", 0x00bfff }, { "dimgray", 0x696969 },
	{ "dimgrey", 0x696969 }, { "dodgerblue", 0x1e90ff }, { "firebrick", 0xb22222 },
	{ "floralwhite", 0xfffaf0 }, { "forestgreen", 0x228b22 }, { "fuchsia", 0xff00ff },
	{ "gainsboro", 0xdcdcdc }, { "ghostwhite", 0xf8f8ff }, { "gold", 0xffd700 },
	{ "goldenrod", 0xdaa520 }, { "gray", 0x808080 }, { "green", 0x008000 },
	{ "greenyellow", 0xadff2f }, { "grey", 0x808080 }, { "honeydew", 0xf0fff0 },
	{ "hotpink", 0xff69b4 }, { "indianred", 0xcd5c5c }, { "indigo", 0x4b0082 },
	{ "ivory", 0xfffff0 }, { "khaki", 0xf0e68c }, { "lavender", 0xe6e6fa },
	{ "lavenderblush", 0xfff0f5 }, { "lawngreen", 0x7cfc00 },
	{ "lemonchiffon", 0xfffacd }, { "lightblue", 0xadd8e6 }, { "lightcoral", 0xf08080 },
	{ "lightcyan", 0xe0ffff }, { "lightgoldenrodyellow", 0xfafad2 },
	{ "lightgray", 0xd3d3d3 }, { "lightgreen", 0x90ee90 }, { "lightgrey", 0xd3d3d3 },
	{ "lightpink", 0xffb6c1 }, { "lightsalmon", 0xffa07a },
	{ "lightseagreen", 0x20b2aa }, { "lightskyblue", 0x87cefa },
	{ "lightslategray", 0x778899 }, { "lightslategrey", 0x778899 },
	{ "lightsteelblue", 0xb0c4de }, { "lightyellow", 0xffffe0 }, { "lime", 0x00ff00 },
	{ "limegreen", 0x32cd32 }, { "linen", 0xfaf0e6 }, { "magenta", 0xff00ff },
	{ "maroon", 0x800000 }, { "mediumaquamarine", 0x66cdaa },
	{ "mediumblue", 0x0000cd }, { "mediumorchid", 0xba55d3 },
	{ "mediumpurple", 0x9370db }, { "mediumseagreen", 0x3cb371 },
	{ "mediumslateblue", 0x7b68ee }, { "mediumspringgreen", 0x00fa9a },
	{ "mediumturquoise", 0x48d1cc }, { "mediumvioletred", 0xc71585 },
	{ "midnightblue", 0x191970 }, { "mintcream", 0xf5fffa }, { "mistyrose", 0xffe4e1 },
	{ "moccasin", 0xffe4b5 }, { "navajowhite", 0xffdead }, { "navy", 0x000080 },
	{ "oldlace", 0xfdf5e6 }, { "olive", 0x808000 }, { "olivedrab", 0x6b8e23 },
	{ "orange", 0xffa500 }, { "orangered", 0xff4500 }, { "orchid", 0xda70d6 },
	{ "palegoldenrod", 0xeee8aa }, { "palegreen", 0x98fb98 },
	{ "paleturquoise", 0xafeeee }, { "palevioletred", 0xdb7093 },
	{ "papayawhip", 0xffefd5 }, { "peachpuff", 0xffdab9 }, { "peru", 0xcd853f },
	{ "pink", 0xffc0cb }, { "plum", 0xdda0dd }, { "powderblue", 0xb0e0e6 },
	{ "purple", 0x800080 }, { "rebeccapurple", 0x663399 }, { "red", 0xff0000 },
	{ "rosybrown", 0xbc8f8f }, { "royalblue", 0x4169e1 }, { "saddlebrown", 0x8b4513 },
	{ "salmon", 0xfa8072 }, { "sandybrown", 0xf4a460 }, { "seagreen", 0x2e8b57 },
	{ "seashell", 0xfff5ee }, { "sienna", 0xa0522d }, { "silver", 0xc0c0c0 },
	{ "skyblue", 0x87ceeb }, { "slateblue", 0x6a5acd }, { "slategray", 0x708090 },
	{ "slategrey", 0x708090 }, { "snow", 0xfffafa }, { "springgreen", 0x00ff7f },
	{ "steelblue", 0x4682b4 }, { "tan", 0xd2b48c }, { "teal", 0x008080 },
	{ "thistle", 0xd8bfd8 }, { "tomato", 0xff6347 }, { "turquoise", 0x40e0d0 },
	{ "violet", 0xee82ee }, { "wheat", 0xf5deb3 }, { "white", 0xffffff },
	{ "whitesmoke", 0xf5f5f5 }, { "yellow", 0xffff00 }, { "yellowgreen", 0x9acd32 },
	/* CSS Color 4 §6.2 system colours, as Chrome's light scheme shows them */
	{ "activetext", 0xff0000 }, { "buttonborder", 0x767676 },
	{ "buttonface", 0xefefef }, { "buttontext", 0x000000 }, { "canvas", 0xffffff },
	{ "canvastext", 0x000000 }, { "field", 0xffffff }, { "fieldtext", 0x000000 },
	{ "graytext", 0x808080 }, { "highlight", 0xb5d5ff }, { "highlighttext", 0x000000 },
	{ "linktext", 0x0000ee }, { "mark", 0xffff00 }, { "marktext", 0x000000 },
	{ "visitedtext", 0x551a8b },
};

bool css__named_color(const char *s, size_t n, struct css_color *out)
{
	if (n == 0 || n > 24)
		return false;
	for (size_t k = 0; k < ARRAY_LEN(named_colors); k++) {
		if (css_ieq(s, n, named_colors[k].name)) {
			uint32_t v = named_colors[k].rgb;
			*out = (struct css_color){ (uint8_t)(v >> 16), (uint8_t)(v >> 8),
						   (uint8_t)v, 255 };
			return true;
		}
	}
	return false;
}

static bool hex_color(const char *s, size_t n, struct css_color *out)
{
	int d[8];
	if (n != 3 && n != 4 && n != 6 && n != 8)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= '0' && ch <= '9')
			d[i] = ch - '0';
		else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
			d[i] = (ch | 0x20) - 'a' + 10;
		else
			return false;
	}
	if (n <= 4) {
		out->r = (uint8_t)(d[0] * 17);
		out->g = (uint8_t)(d[1] * 17);
		out->b = (uint8_t)(d[2] * 17);
		out->a = n == 4 ? (uint8_t)(d[3] * 17) : 255;
	} else {
		out->r = (uint8_t)(d[0] * 16 + d[1]);
		out->g = (uint8_t)(d[2] * 16 + d[3]);
		out->b = (uint8_t)(d[4] * 16 + d[5]);
		out->a = n == 8 ? (uint8_t)(d[6] * 16 + d[7]) : 255;
	}
	return true;
}

static uint8_t clamp_byte(double v)
{
	if (!(v > 0))
		return 0;
	if (v >= 255)
		return 255;
	return (uint8_t)lround(v);
}

/* One component of rgb()/hsl(): its value and whether it was a percentage. */
struct comp {
	float v;
	bool pct, none;
};

static bool take_comp(struct vc *c, struct comp *o, bool angle_ok)
{
	const struct css_token *t = peek(c);
	o->pct = o->none = false;
	if (!t)
		return false;
	if (t->type == T_NUMBER) {
		o->v = t->num;
	} else if (t->type == T_PERCENT) {
		o->v = t->num;
		o->pct = true;
	} else if (angle_ok && t->type == T_DIMENSION) {
		return take_angle(c, &o->v, false);
	} else if (is_ident(c->P, t, "none")) {
		o->v = 0;
		o->none = true;
	} else {
		return false;
	}
	adv(c);
	return true;
}

static double hue_rgb(double m1, double m2, double h)
{
	if (h < 0)
		h += 1;
	if (h > 1)
		h -= 1;
	if (h * 6 < 1)
		return m1 + (m2 - m1) * h * 6;
	if (h * 2 < 1)
		return m2;
	if (h * 3 < 2)
		return m1 + (m2 - m1) * (2.0 / 3 - h) * 6;
	return m1;
}

/* rgb()/rgba()/hsl()/hsla(), legacy comma and modern space syntax. */
static bool color_function(struct vc *c, bool hsl, struct css_color *out)
{
	struct vc a = inner(c);
	struct comp v[4];
	int n = 0;
	bool legacy = false, slash = false;
	for (uint32_t i = a.i; i < a.end; i++)
		if (TOK(c->P, i)->type == T_COMMA)
			legacy = true;
	while (n < 4) {
		if (!take_comp(&a, &v[n], hsl && n == 0))
			return false;
		n++;
		const struct css_token *t = peek(&a);
		if (!t)
			break;
		if (legacy) {
			if (t->type != T_COMMA)
				return false;
			adv(&a);
		} else if (n == 3) {
			if (!is_delim(c->P, t, '/'))
				return false;
			adv(&a);
			slash = true;
		}
	}
	if (!at_end(&a) || n < 3 || (!legacy && n == 4 && !slash))
		return false;
	if (legacy) {
		for (int i = 0; i < n; i++)
			if (v[i].none)
				return false;
		if (!hsl && (v[0].pct != v[1].pct || v[1].pct != v[2].pct))
			return false;
		if (hsl && (v[0].pct || !v[1].pct || !v[2].pct))
			return false;
	}
	double alpha = 1;
	if (n == 4)
		alpha = v[3].pct ? v[3].v / 100.0 : v[3].v;
	alpha = alpha < 0 ? 0 : alpha > 1 ? 1 : alpha;
	if (hsl) {
		if (v[0].pct)
			return false;
		double h = fmod(v[0].v, 360.0) / 360.0;
		if (h < 0)
			h += 1;
		double s = v[1].v / 100.0, l = v[2].v / 100.0;
		s = s < 0 ? 0 : s > 1 ? 1 : s;
		l = l < 0 ? 0 : l > 1 ? 1 : l;
		double m2 = l <= 0.5 ? l * (s + 1) : l + s - l * s;
		double m1 = l * 2 - m2;
		out->r = clamp_byte(hue_rgb(m1, m2, h + 1.0 / 3) * 255);
		out->g = clamp_byte(hue_rgb(m1, m2, h) * 255);
		out->b = clamp_byte(hue_rgb(m1, m2, h - 1.0 / 3) * 255);
	} else {
		double k[3];
		for (int i = 0; i < 3; i++)
			k[i] = v[i].pct ? v[i].v * 255.0 / 100.0 : v[i].v;
		out->r = clamp_byte(k[0]);
		out->g = clamp_byte(k[1]);
		out->b = clamp_byte(k[2]);
	}
	out->a = clamp_byte(alpha * 255);
	adv(c);
	return true;
}

static bool take_color(struct vc *c, struct css_sval *out)
{
	const struct css_token *t = peek(c);
	struct css_color col;
	size_t n;
	if (!t)
		return false;
	if (t->type == T_IDENT) {
		const char *s = tval(c->P, t, &n);
		if (css_ieq(s, n, "currentcolor")) {
			*out = sv_current();
		} else if (css_ieq(s, n, "transparent")) {
			*out = sv_color((struct css_color){ 0, 0, 0, 0 });
		} else if (css__named_color(s, n, &col)) {
			*out = sv_color(col);
		} else {
			return false;
		}
		adv(c);
		return true;
	}
	if (t->type == T_HASH) {
		const char *s = tval(c->P, t, &n);
		if (!hex_color(s, n, &col))
			return false;
		*out = sv_color(col);
		adv(c);
		return true;
	}
	if (t->type == T_FUNCTION) {
		const char *s = tval(c->P, t, &n);
		bool hsl = css_ieq(s, n, "hsl") || css_ieq(s, n, "hsla");
		if (!hsl && !css_ieq(s, n, "rgb") && !css_ieq(s, n, "rgba")) {
			if (css_ieq(s, n, "hwb") || css_ieq(s, n, "lab") ||
			    css_ieq(s, n, "lch") || css_ieq(s, n, "oklab") ||
			    css_ieq(s, n, "oklch") || css_ieq(s, n, "color") ||
			    css_ieq(s, n, "color-mix") || css_ieq(s, n, "light-dark"))
				c->P->unsupported = true;
			return false;
		}
		if (!color_function(c, hsl, &col))
			return false;
		*out = sv_color(col);
		return true;
	}
	return false;
}

bool css__parse_color_tokens(struct css_parser *P, uint32_t i, uint32_t end,
			     struct css_sval *out)
{
	struct vc c = { P, i, end, 0 };
	return take_color(&c, out) && at_end(&c);
}

/* ---- property parsers ---------------------------------------------------- */

struct prop_def;
typedef bool (*prop_fn)(struct vc *c, const struct prop_def *d);

struct prop_def {
	const char *name;
	prop_fn fn;
	int16_t prop;             /* the longhand (first of a side group) */
	unsigned flags;           /* LF_* for lengths */
	const struct kw *kws;     /* keyword properties */
	const uint16_t *members;  /* shorthands: longhands, ending in P_COUNT */
};

#define END P_COUNT

static bool pf_kw(struct vc *c, const struct prop_def *d)
{
	int v;
	if (!take_kw(c, d->kws, &v) || !at_end(c))
		return false;
	push(c->P, (unsigned)d->prop, sv_kw(v));
	return true;
}

static bool pf_len(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_len(c, d->flags, &v) || !at_end(c))
		return false;
	push(c->P, (unsigned)d->prop, v);
	return true;
}

static bool pf_color(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_color(c, &v) || !at_end(c))
		return false;
	push(c->P, (unsigned)d->prop, v);
	return true;
}

/* 1–4 values for top/right/bottom/left (CSS 2.1 §8.3 margin shorthand). */
enum side_kind { SK_LEN, SK_BWIDTH, SK_BSTYLE, SK_COLOR };

static const struct kw kw_border_style[] = {
	{ "none", BS_NONE }, { "hidden", BS_HIDDEN }, { "solid", BS_SOLID },
	{ "dotted", BS_DOTTED }, { "dashed", BS_DASHED }, { "double", BS_DOUBLE },
	{ "groove", BS_GROOVE }, { "ridge", BS_RIDGE }, { "inset", BS_INSET },
	{ "outset", BS_OUTSET }, { NULL, 0 }
};

/* border width: thin/medium/thick (1/3/5px, as Chrome) or a length */
static bool take_bwidth(struct vc *c, struct css_sval *out)
{
	const struct css_token *t = peek(c);
	if (is_ident(c->P, t, "thin"))
		*out = sv_len(U_PX, 1);
	else if (is_ident(c->P, t, "medium"))
		*out = sv_len(U_PX, 3);
	else if (is_ident(c->P, t, "thick"))
		*out = sv_len(U_PX, 5);
	else
		return take_len(c, 0, out);
	adv(c);
	return true;
}

static bool take_side(struct vc *c, enum side_kind k, unsigned flags, struct css_sval *v)
{
	int kw;
	switch (k) {
	case SK_LEN: return take_len(c, flags, v);
	case SK_BWIDTH: return take_bwidth(c, v);
	case SK_BSTYLE:
		if (!take_kw(c, kw_border_style, &kw))
			return false;
		*v = sv_kw(kw);
		return true;
	case SK_COLOR: return take_color(c, v);
	}
	return false;
}

static bool sides(struct vc *c, unsigned first, enum side_kind k, unsigned flags)
{
	struct css_sval v[4];
	int n = 0;
	while (n < 4 && !at_end(c)) {
		if (!take_side(c, k, flags, &v[n]))
			return false;
		n++;
	}
	if (n == 0 || !at_end(c))
		return false;
	if (n < 2)
		v[1] = v[0];
	if (n < 3)
		v[2] = v[0];
	if (n < 4)
		v[3] = v[1];
	for (int i = 0; i < 4; i++)
		push(c->P, first + (unsigned)i, v[i]);
	return true;
}

static bool pf_len_sides(struct vc *c, const struct prop_def *d)
{
	return sides(c, (unsigned)d->prop, SK_LEN, d->flags);
}

static bool pf_bwidth_sides(struct vc *c, const struct prop_def *d)
{
	return sides(c, P_BORDER_TOP_WIDTH, SK_BWIDTH, 0);
}

static bool pf_bstyle_sides(struct vc *c, const struct prop_def *d)
{
	return sides(c, P_BORDER_TOP_STYLE, SK_BSTYLE, 0);
}

static bool pf_bcolor_sides(struct vc *c, const struct prop_def *d)
{
	return sides(c, P_BORDER_TOP_COLOR, SK_COLOR, 0);
}

static bool pf_bwidth(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_bwidth(c, &v) || !at_end(c))
		return false;
	push(c->P, (unsigned)d->prop, v);
	return true;
}

/* border / border-<side>: <width> || <style> || <color>. d->prop is the
 * side (SIDE_*), or -1 for all four. */
static bool pf_border(struct vc *c, const struct prop_def *d)
{
	struct css_sval w = sv_len(U_PX, 3), s = sv_kw(BS_NONE), col = sv_current();
	bool hw = false, hs = false, hc = false;
	int kw;
	while (!at_end(c)) {
		if (!hs && take_kw(c, kw_border_style, &kw)) {
			s = sv_kw(kw);
			hs = true;
		} else if (!hw && take_bwidth(c, &w)) {
			hw = true;
		} else if (!hc && take_color(c, &col)) {
			hc = true;
		} else {
			return false;
		}
	}
	if (!hw && !hs && !hc)
		return false;
	int from = d->prop < 0 ? 0 : d->prop, to = d->prop < 0 ? 3 : d->prop;
	for (int i = from; i <= to; i++) {
		push(c->P, P_BORDER_TOP_WIDTH + (unsigned)i, w);
		push(c->P, P_BORDER_TOP_STYLE + (unsigned)i, s);
		push(c->P, P_BORDER_TOP_COLOR + (unsigned)i, col);
	}
	return true;
}

/* border-radius: 1–4 horizontal radii [/ 1–4 vertical]; only the
 * horizontal ones are kept (css.h: circular radii). */
static bool pf_radius(struct vc *c, const struct prop_def *d)
{
	struct css_sval v[4];
	int n = 0;
	while (n < 4 && !at_end(c) && !is_delim(c->P, peek(c), '/')) {
		if (!take_len(c, LF_PCT, &v[n]))
			return false;
		n++;
	}
	if (n == 0)
		return false;
	if (is_delim(c->P, peek(c), '/')) {
		adv(c);
		struct css_sval dummy;
		int m = 0;
		while (m < 4 && take_len(c, LF_PCT, &dummy))
			m++;
		if (m == 0)
			return false;
	}
	if (!at_end(c))
		return false;
	if (n < 2)
		v[1] = v[0];
	if (n < 3)
		v[2] = v[0];
	if (n < 4)
		v[3] = v[1];
	for (int i = 0; i < 4; i++)
		push(c->P, P_RADIUS_TL + (unsigned)i, v[i]);
	return true;
}

static bool pf_corner(struct vc *c, const struct prop_def *d)
{
	struct css_sval h, v;
	if (!take_len(c, LF_PCT, &h))
		return false;
	if (!at_end(c) && !take_len(c, LF_PCT, &v))
		return false;
	if (!at_end(c))
		return false;
	push(c->P, (unsigned)d->prop, h);
	return true;
}

static const struct kw kw_display[] = {
	{ "inline", DISPLAY_INLINE }, { "block", DISPLAY_BLOCK },
	{ "inline-block", DISPLAY_INLINE_BLOCK }, { "list-item", DISPLAY_LIST_ITEM },
	{ "none", DISPLAY_NONE }, { "table", DISPLAY_TABLE },
	{ "inline-table", DISPLAY_INLINE_TABLE },
	{ "table-row-group", DISPLAY_TABLE_ROW_GROUP },
	{ "table-header-group", DISPLAY_TABLE_HEADER_GROUP },
	{ "table-footer-group", DISPLAY_TABLE_FOOTER_GROUP },
	{ "table-row", DISPLAY_TABLE_ROW }, { "table-cell", DISPLAY_TABLE_CELL },
	{ "table-caption", DISPLAY_TABLE_CAPTION }, { "table-column", DISPLAY_TABLE_COLUMN },
	{ "table-column-group", DISPLAY_TABLE_COLUMN_GROUP }, { "flex", DISPLAY_FLEX },
	{ "inline-flex", DISPLAY_INLINE_FLEX },
	{ "grid", DISPLAY_GRID }, { "inline-grid", DISPLAY_INLINE_GRID },
	/* what we do not lay out maps to its nearest outer behaviour */
	{ "flow-root", DISPLAY_BLOCK }, { "contents", DISPLAY_INLINE },
	{ "run-in", DISPLAY_BLOCK }, { "ruby", DISPLAY_INLINE }, { "ruby-text", DISPLAY_INLINE },
	{ "math", DISPLAY_INLINE },
	{ "-webkit-box", DISPLAY_FLEX }, { "-webkit-inline-box", DISPLAY_INLINE_FLEX },
	{ "-webkit-flex", DISPLAY_FLEX }, { "-webkit-inline-flex", DISPLAY_INLINE_FLEX },
	{ NULL, 0 }
};

/* display: one keyword, or the CSS Display 3 multi-keyword forms
 * (`block flow-root`, `inline flex`, `list-item block`…). */
static bool pf_display(struct vc *c, const struct prop_def *d)
{
	struct vc save = *c;
	int v;
	if (take_kw(c, kw_display, &v) && at_end(c)) {
		push(c->P, P_DISPLAY, sv_kw(v));
		return true;
	}
	*c = save;
	static const struct kw inner_kw[] = {
		{ "flow", 0 }, { "flow-root", 1 }, { "flex", 2 }, { "grid", 3 },
		{ "table", 4 }, { NULL, 0 }
	};
	int outer = -1, in = -1, k = 0, x;
	bool li = false;
	const struct css_token *t;
	while ((t = peek(c)) && k < 3) {
		if (outer < 0 && (is_ident(c->P, t, "block") || is_ident(c->P, t, "run-in"))) {
			outer = 0;
			adv(c);
		} else if (outer < 0 && is_ident(c->P, t, "inline")) {
			outer = 1;
			adv(c);
		} else if (!li && is_ident(c->P, t, "list-item")) {
			li = true;
			adv(c);
		} else if (in < 0 && take_kw(c, inner_kw, &x)) {
			in = x;
		} else {
			return false;
		}
		k++;
	}
	if (!at_end(c) || k < 2)
		return false;
	if (li) {
		if (in > 1)
			return false;
		v = DISPLAY_LIST_ITEM;   /* `inline list-item` is drawn as a list item */
	} else {
		static const int8_t tbl[2][5] = {
			{ DISPLAY_BLOCK, DISPLAY_BLOCK, DISPLAY_FLEX, DISPLAY_GRID, DISPLAY_TABLE },
			{ DISPLAY_INLINE, DISPLAY_INLINE_BLOCK, DISPLAY_INLINE_FLEX,
			  DISPLAY_INLINE_GRID, DISPLAY_INLINE_TABLE },
		};
		v = tbl[outer < 0 ? 0 : outer][in < 0 ? 0 : in];
	}
	push(c->P, P_DISPLAY, sv_kw(v));
	return true;
}

static const struct kw kw_overflow[] = {
	{ "visible", OVERFLOW_VISIBLE }, { "hidden", OVERFLOW_HIDDEN },
	{ "scroll", OVERFLOW_SCROLL }, { "auto", OVERFLOW_AUTO },
	{ "clip", OVERFLOW_HIDDEN }, { "overlay", OVERFLOW_AUTO }, { NULL, 0 }
};

static bool pf_overflow(struct vc *c, const struct prop_def *d)
{
	int x, y;
	if (!take_kw(c, kw_overflow, &x))
		return false;
	y = x;
	if (!at_end(c) && !take_kw(c, kw_overflow, &y))
		return false;
	if (!at_end(c))
		return false;
	push(c->P, P_OVERFLOW_X, sv_kw(x));
	push(c->P, P_OVERFLOW_Y, sv_kw(y));
	return true;
}

static bool pf_z_index(struct vc *c, const struct prop_def *d)
{
	const struct css_token *t = peek(c);
	struct css_sval v;
	if (is_ident(c->P, t, "auto")) {
		adv(c);
		v = sv_kw(KW_AUTO);
	} else if (t && t->type == T_NUMBER && (t->flags & TF_INT)) {
		adv(c);
		v = sv_len(U_NUM, t->num);
	} else if (t && t->type == T_FUNCTION && take_calc(c, LF_NUM | LF_NEG, &v)) {
		v.v = roundf(v.v);
	} else {
		return false;
	}
	if (!at_end(c))
		return false;
	push(c->P, P_Z_INDEX, v);
	return true;
}

/* opacity: number or percentage (CSS Color 4 <alpha-value>) */
static bool pf_opacity(struct vc *c, const struct prop_def *d)
{
	const struct css_token *t = peek(c);
	struct css_sval v;
	if (t && t->type == T_PERCENT) {
		v = sv_len(U_NUM, t->num / 100);
		adv(c);
	} else if (!take_len(c, LF_NUM | LF_NEG, &v) || v.unit != U_NUM) {
		return false;
	}
	if (!at_end(c))
		return false;
	push(c->P, (unsigned)d->prop, v);
	return true;
}

/* A non-negative number (flex-grow, flex-shrink). */
static bool pf_number(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_len(c, LF_NUM, &v) || v.unit != U_NUM || !at_end(c))
		return false;
	push(c->P, (unsigned)d->prop, v);
	return true;
}

/* `none` (at the cursor) as the whole value of prop: pushed; false when
 * more follows. */
static bool take_lone_none(struct vc *c, unsigned prop)
{
	adv(c);
	if (!at_end(c))
		return false;
	push(c->P, prop, sv_kw(KW_NONE));
	return true;
}

/* box-shadow / text-shadow (CSS Backgrounds 3 §7.1, Text Decoration 3 §4). */
static bool pf_shadow(struct vc *c, const struct prop_def *d)
{
	bool box = d->prop == P_BOX_SHADOW;
	const struct css_token *t = peek(c);
	if (is_ident(c->P, t, "none"))
		return take_lone_none(c, (unsigned)d->prop);
	int max = box ? MAX_BOX_SHADOWS : MAX_TEXT_SHADOWS;
	struct css_spec_shadows *list = arena_alloc(c->P->a, sizeof *list +
						    (size_t)max * sizeof list->s[0]);
	for (;;) {
		struct css_spec_shadow sh;
		memset(&sh, 0, sizeof sh);
		sh.current = true;
		bool has_color = false, has_inset = false;
		int nlen = 0;
		struct css_sval len[4];
		while (!at_end(c) && peek(c)->type != T_COMMA) {
			struct css_sval col;
			if (box && !has_inset && is_ident(c->P, peek(c), "inset")) {
				adv(c);
				has_inset = true;
			} else if (nlen == 0 && take_len(c, LF_NEG, &len[0])) {
				nlen = 1;
				while (nlen < (box ? 4 : 3) && take_len(c, nlen == 2 ? 0 : LF_NEG,
									 &len[nlen]))
					nlen++;
				if (nlen < 2)
					return false;
			} else if (!has_color && take_color(c, &col)) {
				has_color = true;
				sh.current = (col.flags & SV_CURRENT) != 0;
				sh.color = col.c;
			} else {
				return false;
			}
		}
		if (nlen < 2)
			return false;
		sh.x = len[0];
		sh.y = len[1];
		sh.blur = nlen > 2 ? len[2] : sv_len(U_PX, 0);
		sh.spread = nlen > 3 ? len[3] : sv_len(U_PX, 0);
		sh.inset = has_inset;
		if (list->n < max)
			list->s[list->n++] = sh;
		bool comma;
		if (!comma_or_end(c, &comma))
			return false;
		if (!comma)
			break;
		if (at_end(c))
			return false;
	}
	struct css_sval v = sv_kw(0);
	v.unit = U_PTR;
	v.p = list;
	push(c->P, (unsigned)d->prop, v);
	return true;
}

/* transform (CSS Transforms 1 §9, the 2D parts of Transforms 2). */
static bool transform_args(struct vc *c, float *num, struct css_sval *len, int *n,
			   int max, int kind)
{
	/* kind 0: numbers, 1: lengths/percentages, 2: angles */
	struct vc a = inner(c);
	adv(c);
	*n = 0;
	for (;;) {
		if (*n == max)
			return false;
		if (kind == 0) {
			const struct css_token *t = peek(&a);
			if (t && t->type == T_PERCENT) {
				num[*n] = t->num / 100;
				adv(&a);
			} else {
				struct css_sval v;
				if (!take_len(&a, LF_NUM | LF_NEG, &v) || v.unit != U_NUM)
					return false;
				num[*n] = v.v;
			}
		} else if (kind == 1) {
			if (!take_len(&a, LF_PCT | LF_NEG, &len[*n]))
				return false;
		} else {
			if (!take_angle(&a, &num[*n], true))
				return false;
		}
		(*n)++;
		bool comma;
		if (!comma_or_end(&a, &comma))
			return false;
		if (!comma)
			return true;
	}
}

static bool pf_transform(struct vc *c, const struct prop_def *d)
{
	const struct css_token *t = peek(c);
	if (is_ident(c->P, t, "none"))
		return take_lone_none(c, P_TRANSFORM);
	struct css_spec_transform *tr = arena_alloc(c->P->a, sizeof *tr);
	while ((t = peek(c))) {
		if (t->type != T_FUNCTION)
			return false;
		size_t fn;
		const char *f = tval(c->P, t, &fn);
		char name[16];
		if (fn >= sizeof name)
			return false;
		for (size_t i = 0; i < fn; i++)
			name[i] = (char)((f[i] >= 'A' && f[i] <= 'Z') ? f[i] | 0x20 : f[i]);
		name[fn] = '\0';
		float num[16];
		struct css_sval len[3];
		int n;
		uint8_t op = 0;
		struct css_sval a = sv_len(U_PX, 0), b = sv_len(U_PX, 0);
		float m[6] = { 1, 0, 0, 1, 0, 0 };
		if (!strcmp(name, "translate") || !strcmp(name, "translatex") ||
		    !strcmp(name, "translatey") || !strcmp(name, "translate3d")) {
			bool three = name[9] == '3';
			if (!transform_args(c, num, len, &n, three ? 3 : name[9] ? 1 : 2, 1))
				return false;
			if (three && n != 3)
				return false;
			op = 't';
			if (name[9] == 'y')
				b = len[0];
			else
				a = len[0];
			if (n >= 2 && name[9] != 'y' && name[9] != 'x')
				b = len[1];
		} else if (!strcmp(name, "translatez") || !strcmp(name, "perspective")) {
			if (!transform_args(c, num, len, &n, 1, 1))
				return false;
			continue;   /* no 2D effect */
		} else if (!strcmp(name, "scale") || !strcmp(name, "scalex") ||
			   !strcmp(name, "scaley") || !strcmp(name, "scale3d") ||
			   !strcmp(name, "scalez")) {
			bool three = name[5] == '3';
			if (!transform_args(c, num, len, &n, three ? 3 : name[5] ? 1 : 2, 0))
				return false;
			if (three && n != 3)
				return false;
			if (name[5] == 'z')
				continue;
			op = 's';
			a = sv_len(U_NUM, name[5] == 'y' ? 1 : num[0]);
			b = sv_len(U_NUM, name[5] == 'x' ? 1 : name[5] == 'y' ? num[0]
							  : n >= 2 ? num[1] : num[0]);
		} else if (!strcmp(name, "rotate") || !strcmp(name, "rotatez")) {
			if (!transform_args(c, num, len, &n, 1, 2))
				return false;
			op = 'r';
			a = sv_len(U_NUM, num[0]);
		} else if (!strcmp(name, "rotatex") || !strcmp(name, "rotatey")) {
			if (!transform_args(c, num, len, &n, 1, 2))
				return false;
			continue;   /* a 3D rotation seen edge-on: no 2D equivalent */
		} else if (!strcmp(name, "rotate3d")) {
			adv(c);
			continue;
		} else if (!strcmp(name, "skew") || !strcmp(name, "skewx") ||
			   !strcmp(name, "skewy")) {
			if (!transform_args(c, num, len, &n, name[4] ? 1 : 2, 2))
				return false;
			op = 'k';
			a = sv_len(U_NUM, name[4] == 'y' ? 0 : num[0]);
			b = sv_len(U_NUM, name[4] == 'y' ? num[0] : n >= 2 ? num[1] : 0);
		} else if (!strcmp(name, "matrix")) {
			if (!transform_args(c, num, len, &n, 6, 0) || n != 6)
				return false;
			op = 'm';
			memcpy(m, num, sizeof m);
		} else if (!strcmp(name, "matrix3d")) {
			if (!transform_args(c, num, len, &n, 16, 0) || n != 16)
				return false;
			op = 'm';
			m[0] = num[0];
			m[1] = num[1];
			m[2] = num[4];
			m[3] = num[5];
			m[4] = num[12];
			m[5] = num[13];
		} else {
			return false;
		}
		if (tr->n < CSS_MAX_TRANSFORMS) {
			tr->f[tr->n].op = op;
			tr->f[tr->n].a = a;
			tr->f[tr->n].b = b;
			memcpy(tr->f[tr->n].m, m, sizeof m);
			tr->n++;
		}
	}
	struct css_sval v = sv_kw(0);
	v.unit = U_PTR;
	v.p = tr;
	push(c->P, P_TRANSFORM, v);
	return true;
}

/* Position keywords as percentages; axis 0 x, 1 y, 2 either (center). */
struct poscomp {
	bool kw;
	int axis;           /* keywords: 0 x, 1 y, 2 center */
	struct css_sval v;
};

static bool take_poscomp(struct vc *c, struct poscomp *p)
{
	const struct css_token *t = peek(c);
	if (!t)
		return false;
	static const struct { const char *n; int axis; float pct; } k[] = {
		{ "left", 0, 0 }, { "right", 0, 100 }, { "top", 1, 0 },
		{ "bottom", 1, 100 }, { "center", 2, 50 },
	};
	if (t->type == T_IDENT) {
		for (size_t i = 0; i < ARRAY_LEN(k); i++) {
			if (is_ident(c->P, t, k[i].n)) {
				p->kw = true;
				p->axis = k[i].axis;
				p->v = sv_len(U_PCT, k[i].pct);
				adv(c);
				return true;
			}
		}
		return false;
	}
	p->kw = false;
	p->axis = -1;
	return take_len(c, LF_PCT | LF_NEG, &p->v);
}

/* <position> (CSS Values 4 §8.3; Backgrounds 3 <bg-position>) with up to
 * max components. `right 10px` style offsets from the far edge would need
 * calc(100% - 10px); they are kept as the edge. */
static bool take_position(struct vc *c, int max, struct css_sval *x, struct css_sval *y)
{
	struct poscomp p[4];
	int n = 0;
	struct vc save = *c;
	while (n < max) {
		struct vc s = *c;
		if (!take_poscomp(c, &p[n])) {
			*c = s;
			break;
		}
		n++;
	}
	if (n == 0)
		return false;
	if (n == 1) {
		if (p[0].kw && p[0].axis == 1) {
			*x = sv_len(U_PCT, 50);
			*y = p[0].v;
		} else {
			*x = p[0].v;
			*y = sv_len(U_PCT, 50);
		}
		return true;
	}
	if (n == 2) {
		struct poscomp a = p[0], b = p[1];
		if ((a.kw && a.axis == 1) || (b.kw && b.axis == 0)) {
			struct poscomp tmp = a;
			a = b;
			b = tmp;
			/* swapped pairs must both be keywords: `top 10px` is invalid */
			if (!a.kw || !b.kw)
				goto bad;
		}
		if ((a.kw && a.axis == 1) || (b.kw && b.axis == 0))
			goto bad;
		*x = a.v;
		*y = b.v;
		return true;
	}
	/* three or four components: keyword [offset] keyword [offset] */
	{
		struct css_sval xv = sv_len(U_PCT, 50), yv = sv_len(U_PCT, 50);
		bool hx = false, hy = false;
		for (int i = 0; i < n; i++) {
			if (!p[i].kw)
				goto bad;
			struct css_sval v = p[i].v;
			if (i + 1 < n && !p[i + 1].kw) {
				/* offset from the near edge; from the far edge we keep the edge */
				if (v.v == 0)
					v = p[i + 1].v;
				i++;
			}
			int axis = p[i].kw ? p[i].axis : p[i - 1].axis;
			if (axis == 2)
				axis = hx ? 1 : 0;
			if (axis == 0 && !hx)
				xv = v, hx = true;
			else if (axis == 1 && !hy)
				yv = v, hy = true;
			else
				goto bad;
		}
		*x = xv;
		*y = yv;
		return true;
	}
bad:
	*c = save;
	return false;
}

static bool pf_transform_origin(struct vc *c, const struct prop_def *d)
{
	struct css_spec_pair *pr = arena_alloc(c->P->a, sizeof *pr);
	if (!take_position(c, 2, &pr->x, &pr->y))
		return false;
	struct css_sval z;
	if (!at_end(c) && !take_len(c, LF_NEG, &z))
		return false;
	if (!at_end(c))
		return false;
	struct css_sval v = sv_kw(0);
	v.unit = U_PTR;
	v.p = pr;
	push(c->P, P_TRANSFORM_ORIGIN, v);
	return true;
}

/* ---- backgrounds and gradients (CSS Images 3) ------------------------------ */

static struct css_sval sv_str(struct css_parser *P, const char *s, size_t n)
{
	struct css_sval v = sv_kw(0);
	v.unit = U_STR;
	v.p = css_atom_intern(P->e, s, n)->s;
	return v;
}

/* One gradient argument: does it look like a colour stop? */
static bool arg_starts_color(struct vc *a)
{
	struct vc t = *a;
	struct css_sval v;
	return take_color(&t, &v);
}

static bool gradient_stops(struct vc *a, struct css_spec_gradient *g)
{
	int n = 0, total = 0;
	struct { struct css_color c; float pos; bool cur; } st[64];
	for (;;) {
		struct css_sval col;
		const struct css_token *t = peek(a);
		if (!t)
			return false;
		if (take_color(a, &col)) {
			float pos[2] = { -1, -1 };
			int np = 0;
			while (np < 2 && peek(a) && peek(a)->type != T_COMMA) {
				struct css_sval p;
				if (!take_len(a, LF_PCT | LF_NEG, &p))
					return false;
				pos[np++] = p.unit == U_PCT ? p.v / 100 : p.v == 0 ? 0 : -1;
			}
			for (int k = 0; k < (np == 2 ? 2 : 1); k++) {
				if (n < (int)ARRAY_LEN(st)) {
					st[n].c = col.c;
					st[n].cur = (col.flags & SV_CURRENT) != 0;
					st[n].pos = pos[k];
					n++;
				}
			}
			total++;
		} else {
			/* a colour hint between two stops: no effect here */
			struct css_sval p;
			if (!take_len(a, LF_PCT | LF_NEG, &p))
				return false;
		}
		bool comma;
		if (!comma_or_end(a, &comma))
			return false;
		if (!comma)
			break;
	}
	if (total < 2)
		return false;
	/* keep the first stops and the last one when there are too many */
	int keep = MIN(n, CSS_MAX_STOPS);
	for (int i = 0; i < keep; i++) {
		int from = (i == keep - 1) ? n - 1 : i;
		g->g.stop[i].color = st[from].c;
		g->g.stop[i].pos = st[from].pos;
		if (st[from].cur)
			g->current_mask |= (uint8_t)(1u << i);
	}
	g->g.n_stops = keep;
	return true;
}

/* `to <side-or-corner>` or a legacy starting side → CSS angle. */
static bool side_angle(struct vc *a, bool legacy, float *deg)
{
	int h = 0, v = 0, k = 0;   /* h: -1 left, 1 right; v: -1 top, 1 bottom */
	const struct css_token *t;
	while (k < 2 && (t = peek(a)) && t->type == T_IDENT) {
		if (is_ident(a->P, t, "left") && !h)
			h = -1;
		else if (is_ident(a->P, t, "right") && !h)
			h = 1;
		else if (is_ident(a->P, t, "top") && !v)
			v = -1;
		else if (is_ident(a->P, t, "bottom") && !v)
			v = 1;
		else if (legacy && is_ident(a->P, t, "center"))
			;
		else
			return false;
		adv(a);
		k++;
	}
	if (k == 0)
		return false;
	if (legacy) {  /* the side it starts from: the opposite direction */
		h = -h;
		v = -v;
	}
	if (!h && !v)
		return false;
	/* corners are taken as 45° diagonals (the exact angle depends on the
	 * box's aspect ratio) */
	float ang = (float)(atan2(h, -v) * 180.0 / M_PI);
	if (ang < 0)
		ang += 360;
	*deg = ang;
	return true;
}

static bool radial_shape_tokens(struct vc *a, bool legacy)
{
	/* [<ending-shape> || <size>] [at <position>]?; legacy: no `at`, also
	 * `cover`/`contain` */
	bool any = false;
	const struct css_token *t;
	while ((t = peek(a)) && t->type != T_COMMA) {
		static const char *const shape[] = { "circle", "ellipse", "closest-side",
						     "closest-corner", "farthest-side",
						     "farthest-corner" };
		bool ok = false;
		for (size_t i = 0; i < ARRAY_LEN(shape); i++)
			ok = ok || is_ident(a->P, t, shape[i]);
		if (legacy && (is_ident(a->P, t, "cover") || is_ident(a->P, t, "contain")))
			ok = true;
		if (ok) {
			adv(a);
		} else if (!legacy && is_ident(a->P, t, "at")) {
			adv(a);
			struct css_sval x, y;
			if (!take_position(a, 4, &x, &y))
				return false;
		} else {
			struct css_sval l;
			if (!take_len(a, LF_PCT, &l))
				return false;
		}
		any = true;
	}
	return any;
}

/* -webkit-gradient(linear|radial, …) from Safari 4, still in Chrome. */
static bool webkit_gradient(struct vc *a, struct css_spec_gradient *g)
{
	const struct css_token *t = peek(a);
	bool radial = is_ident(a->P, t, "radial");
	if (!radial && !is_ident(a->P, t, "linear"))
		return false;
	adv(a);
	g->g.radial = radial;
	g->g.angle_deg = 180;
	int args = 0;
	float pt[2][2] = { { 0, 0 }, { 0, 100 } };
	bool comma;
	if (!comma_or_end(a, &comma) || !comma)
		return false;
	/* points (and radii for radial) */
	int need = radial ? 4 : 2;
	while (args < need) {
		struct css_sval x, y;
		if (radial && (args == 1 || args == 3)) {
			struct css_sval r;
			if (!take_len(a, LF_NUM | LF_PCT, &r))
				return false;
		} else {
			if (!take_position(a, 2, &x, &y))
				return false;
			int k = radial ? args / 2 : args;
			pt[k][0] = x.v;
			pt[k][1] = y.v;
		}
		args++;
		if (!comma_or_end(a, &comma) || !comma)
			return false;
	}
	if (!radial) {
		double dx = pt[1][0] - pt[0][0], dy = pt[1][1] - pt[0][1];
		if (dx != 0 || dy != 0) {
			double ang = atan2(dx, -dy) * 180.0 / M_PI;
			g->g.angle_deg = (float)(ang < 0 ? ang + 360 : ang);
		}
	}
	int n = 0;
	while ((t = peek(a))) {
		if (t->type != T_FUNCTION)
			return false;
		size_t fn;
		const char *f = tval(a->P, t, &fn);
		struct vc s = inner(a);
		adv(a);
		float pos;
		struct css_sval col;
		if (css_ieq(f, fn, "from") || css_ieq(f, fn, "to")) {
			pos = css_ieq(f, fn, "from") ? 0 : 1;
		} else if (css_ieq(f, fn, "color-stop")) {
			const struct css_token *p = peek(&s);
			if (!p || (p->type != T_NUMBER && p->type != T_PERCENT))
				return false;
			pos = p->type == T_PERCENT ? p->num / 100 : p->num;
			adv(&s);
			if (!comma_or_end(&s, &comma) || !comma)
				return false;
		} else {
			return false;
		}
		if (!take_color(&s, &col) || !at_end(&s))
			return false;
		if (n < CSS_MAX_STOPS) {
			g->g.stop[n].color = col.c;
			g->g.stop[n].pos = pos;
			if (col.flags & SV_CURRENT)
				g->current_mask |= (uint8_t)(1u << n);
			n++;
		}
		if (!comma_or_end(a, &comma))
			return false;
		if (!comma)
			break;
	}
	if (n < 1)
		return false;
	g->g.n_stops = n;
	return true;
}

/* <image>: url(), a gradient, or none (with allow_none). */
static bool take_image(struct vc *c, bool allow_none, struct css_sval *out)
{
	const struct css_token *t = peek(c);
	size_t n;
	if (!t)
		return false;
	if (allow_none && is_ident(c->P, t, "none")) {
		adv(c);
		*out = sv_kw(KW_NONE);
		return true;
	}
	if (t->type == T_URL) {
		const char *s = tval(c->P, t, &n);
		*out = sv_str(c->P, s, n);
		adv(c);
		return true;
	}
	if (t->type != T_FUNCTION)
		return false;
	const char *f = tval(c->P, t, &n);
	if (css_ieq(f, n, "url")) {
		struct vc a = inner(c);
		const struct css_token *s = peek(&a);
		if (!s || s->type != T_STRING)
			return false;
		size_t sn;
		const char *str = tval(c->P, s, &sn);
		adv(&a);
		if (!at_end(&a))
			return false;
		adv(c);
		*out = sv_str(c->P, str, sn);
		return true;
	}
	if (css_ieq(f, n, "image-set") || css_ieq(f, n, "-webkit-image-set")) {
		/* the first candidate stands for the set */
		struct vc a = inner(c);
		const struct css_token *s = peek(&a);
		if (s && s->type == T_STRING) {
			size_t sn;
			const char *str = tval(c->P, s, &sn);
			*out = sv_str(c->P, str, sn);
		} else if (!take_image(&a, false, out)) {
			return false;
		}
		adv(c);
		return true;
	}
	bool webkit = false, radial, legacy = false;
	char name[40];
	if (n >= sizeof name)
		return false;
	for (size_t i = 0; i < n; i++)
		name[i] = (char)((f[i] >= 'A' && f[i] <= 'Z') ? f[i] | 0x20 : f[i]);
	name[n] = '\0';
	const char *base = name;
	if (!strncmp(base, "-webkit-", 8)) {
		base += 8;
		webkit = legacy = true;
	}
	if (!strncmp(base, "repeating-", 10))
		base += 10;
	struct css_spec_gradient *g = arena_alloc(c->P->a, sizeof *g);
	struct vc a = inner(c);
	if (webkit && !strcmp(base, "gradient")) {
		if (!webkit_gradient(&a, g))
			return false;
		goto done;
	}
	if (!strcmp(base, "linear-gradient"))
		radial = false;
	else if (!strcmp(base, "radial-gradient"))
		radial = true;
	else
		return false;
	g->g.radial = radial;
	g->g.angle_deg = 180;
	if (!arg_starts_color(&a)) {
		bool comma;
		if (!radial) {
			const struct css_token *t0 = peek(&a);
			float deg;
			if (!legacy && is_ident(c->P, t0, "to")) {
				adv(&a);
				if (!side_angle(&a, false, &deg))
					return false;
			} else if (take_angle(&a, &deg, true)) {
				if (legacy)   /* legacy angles: 0deg points right, counter-clockwise */
					deg = 90 - deg;
			} else if (!legacy || !side_angle(&a, true, &deg)) {
				return false;
			}
			g->g.angle_deg = fmodf(fmodf(deg, 360) + 360, 360);
		} else if (legacy) {
			/* -webkit-radial-gradient([position,] [shape size,] stops) */
			struct vc s = a;
			struct css_sval x, y;
			if (take_position(&a, 4, &x, &y) && peek(&a) && peek(&a)->type == T_COMMA) {
				adv(&a);
			} else {
				a = s;
			}
			if (!arg_starts_color(&a)) {
				if (!radial_shape_tokens(&a, true))
					return false;
			} else {
				goto stops;
			}
		} else if (!radial_shape_tokens(&a, false)) {
			return false;
		}
		if (!comma_or_end(&a, &comma) || !comma)
			return false;
	}
stops:
	if (!gradient_stops(&a, g))
		return false;
done:
	adv(c);
	out->unit = U_PTR;
	out->flags = 0;
	out->kw = 1;            /* a gradient (U_PTR) */
	out->p = g;
	return true;
}

static bool pf_bg_image(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_image(c, true, &v))
		return false;
	/* further layers: parsed for validity, only the top one is kept */
	bool comma;
	for (;;) {
		if (!comma_or_end(c, &comma))
			return false;
		if (!comma)
			break;
		struct css_sval w;
		if (!take_image(c, true, &w))
			return false;
	}
	push(c->P, (unsigned)d->prop, v);
	return true;
}

static const struct kw kw_repeat[] = {
	{ "repeat", BG_REPEAT }, { "no-repeat", BG_NO_REPEAT }, { "repeat-x", BG_REPEAT_X },
	{ "repeat-y", BG_REPEAT_Y }, { "space", BG_REPEAT }, { "round", BG_REPEAT },
	{ NULL, 0 }
};

static bool take_repeat(struct vc *c, int *out)
{
	int a, b;
	if (!take_kw(c, kw_repeat, &a))
		return false;
	if (a == BG_REPEAT_X || a == BG_REPEAT_Y) {
		*out = a;
		return true;
	}
	struct vc s = *c;
	if (take_kw(c, kw_repeat, &b)) {
		if (b == BG_REPEAT_X || b == BG_REPEAT_Y) {
			*c = s;
			*out = a;
			return true;
		}
		/* two values: x then y */
		bool rx = a != BG_NO_REPEAT, ry = b != BG_NO_REPEAT;
		*out = rx && ry ? BG_REPEAT : rx ? BG_REPEAT_X : ry ? BG_REPEAT_Y : BG_NO_REPEAT;
		return true;
	}
	*out = a;
	return true;
}

static bool pf_bg_repeat(struct vc *c, const struct prop_def *d)
{
	int v;
	if (!take_repeat(c, &v) || !at_end(c))
		return false;
	push(c->P, P_BG_REPEAT, sv_kw(v));
	return true;
}

/* background-size: cover | contain | [len|%|auto]{1,2} */
static bool take_bg_size(struct vc *c, struct css_sval *out)
{
	const struct css_token *t = peek(c);
	if (is_ident(c->P, t, "cover") || is_ident(c->P, t, "contain")) {
		*out = sv_kw(is_ident(c->P, t, "cover") ? BGS_COVER : BGS_CONTAIN);
		adv(c);
		return true;
	}
	struct css_spec_pair *pr = arena_alloc(c->P->a, sizeof *pr);
	if (!take_len(c, LF_PCT | LF_AUTO, &pr->x))
		return false;
	struct vc s = *c;
	if (!take_len(c, LF_PCT | LF_AUTO, &pr->y)) {
		*c = s;
		pr->y = sv_kw(KW_AUTO);
	}
	if (pr->x.unit == U_KW && pr->y.unit == U_KW) {
		*out = sv_kw(BGS_AUTO);
		return true;
	}
	*out = sv_kw(BGS_LENGTH);
	out->unit = U_PTR;
	out->p = pr;
	return true;
}

static bool pf_bg_size(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_bg_size(c, &v))
		return false;
	bool comma;
	for (;;) {
		if (!comma_or_end(c, &comma))
			return false;
		if (!comma)
			break;
		struct css_sval w;
		if (!take_bg_size(c, &w))
			return false;
	}
	push(c->P, P_BG_SIZE, v);
	return true;
}

static bool pf_bg_position(struct vc *c, const struct prop_def *d)
{
	struct css_sval x, y;
	if (!take_position(c, 4, &x, &y))
		return false;
	bool comma;
	for (;;) {
		if (!comma_or_end(c, &comma))
			return false;
		if (!comma)
			break;
		struct css_sval a, b;
		if (!take_position(c, 4, &a, &b))
			return false;
	}
	push(c->P, P_BG_POS_X, x);
	push(c->P, P_BG_POS_Y, y);
	return true;
}

/* background-position-x / -y: a keyword of that axis or a length. */
static bool pf_bg_pos_axis(struct vc *c, const struct prop_def *d)
{
	struct poscomp p;
	if (!take_poscomp(c, &p) || !at_end(c))
		return false;
	int axis = d->prop == P_BG_POS_X ? 0 : 1;
	if (p.kw && p.axis != 2 && p.axis != axis)
		return false;
	push(c->P, (unsigned)d->prop, p.v);
	return true;
}

/* background shorthand (Backgrounds 3 §3.10). */
static bool pf_background(struct vc *c, const struct prop_def *d)
{
	struct css_sval color = sv_color((struct css_color){ 0, 0, 0, 0 });
	struct css_sval img0 = sv_kw(KW_NONE), size0 = sv_kw(BGS_AUTO);
	struct css_sval px0 = sv_len(U_PCT, 0), py0 = sv_len(U_PCT, 0);
	int rep0 = BG_REPEAT;
	bool first = true;
	for (;;) {
		bool hi = false, hp = false, hr = false, ha = false, hc = false;
		int hbox = 0;
		struct css_sval img = sv_kw(KW_NONE), size = sv_kw(BGS_AUTO);
		struct css_sval x = sv_len(U_PCT, 0), y = sv_len(U_PCT, 0);
		int rep = BG_REPEAT;
		const struct css_token *t;
		while ((t = peek(c)) && t->type != T_COMMA) {
			static const struct kw att[] = { { "scroll", 0 }, { "fixed", 0 },
							 { "local", 0 }, { NULL, 0 } };
			static const struct kw box[] = { { "border-box", 0 }, { "padding-box", 0 },
							 { "content-box", 0 }, { "text", 0 },
							 { NULL, 0 } };
			int k;
			if (!hi && take_image(c, true, &img)) {
				hi = true;
			} else if (!hp && take_position(c, 4, &x, &y)) {
				hp = true;
				if (is_delim(c->P, peek(c), '/')) {
					adv(c);
					if (!take_bg_size(c, &size))
						return false;
				}
			} else if (!hr && take_repeat(c, &rep)) {
				hr = true;
			} else if (!ha && take_kw(c, att, &k)) {
				ha = true;
			} else if (hbox < 2 && take_kw(c, box, &k)) {
				hbox++;
			} else if (!hc && take_color(c, &color)) {
				hc = true;
			} else {
				return false;
			}
		}
		if (!hi && !hp && !hr && !ha && !hc && !hbox)
			return false;
		if (first) {
			img0 = img;
			size0 = size;
			px0 = x;
			py0 = y;
			rep0 = rep;
			first = false;
		}
		bool comma;
		if (!comma_or_end(c, &comma))
			return false;
		if (!comma)
			break;
		if (hc)   /* a colour only in the final layer */
			return false;
	}
	push(c->P, P_BG_COLOR, color);
	push(c->P, P_BG_IMAGE, img0);
	push(c->P, P_BG_REPEAT, sv_kw(rep0));
	push(c->P, P_BG_SIZE, size0);
	push(c->P, P_BG_POS_X, px0);
	push(c->P, P_BG_POS_Y, py0);
	return true;
}

/* ---- flex ------------------------------------------------------------------ */

static const struct kw kw_flex_dir[] = {
	{ "row", FLEX_ROW }, { "row-reverse", FLEX_ROW_REVERSE }, { "column", FLEX_COLUMN },
	{ "column-reverse", FLEX_COLUMN_REVERSE }, { NULL, 0 }
};
static const struct kw kw_flex_wrap[] = {
	{ "nowrap", FLEX_NOWRAP }, { "wrap", FLEX_WRAP }, { "wrap-reverse", FLEX_WRAP_REVERSE },
	{ NULL, 0 }
};

static bool pf_flex_flow(struct vc *c, const struct prop_def *d)
{
	int dir = FLEX_ROW, wrap = FLEX_NOWRAP, v;
	bool hd = false, hw = false;
	while (!at_end(c)) {
		if (!hd && take_kw(c, kw_flex_dir, &v))
			dir = v, hd = true;
		else if (!hw && take_kw(c, kw_flex_wrap, &v))
			wrap = v, hw = true;
		else
			return false;
	}
	if (!hd && !hw)
		return false;
	push(c->P, P_FLEX_DIRECTION, sv_kw(dir));
	push(c->P, P_FLEX_WRAP, sv_kw(wrap));
	return true;
}

/* flex: none | auto | <grow> <shrink>? || <basis> (Flexbox 1 §7.1). */
static bool pf_flex(struct vc *c, const struct prop_def *d)
{
	const struct css_token *t = peek(c);
	struct css_sval g = sv_len(U_NUM, 1), s = sv_len(U_NUM, 1), b = sv_len(U_PCT, 0);
	if (is_ident(c->P, t, "none") || is_ident(c->P, t, "auto")) {
		bool none = is_ident(c->P, t, "none");
		adv(c);
		if (!at_end(c))
			return false;
		g = sv_len(U_NUM, none ? 0 : 1);
		s = sv_len(U_NUM, none ? 0 : 1);
		b = sv_kw(KW_AUTO);
	} else {
		bool hg = false, hb = false;
		while ((t = peek(c))) {
			if (!hg && t->type == T_NUMBER && t->num >= 0) {
				g = sv_len(U_NUM, t->num);
				adv(c);
				hg = true;
				const struct css_token *u = peek(c);
				if (u && u->type == T_NUMBER && u->num >= 0) {
					s = sv_len(U_NUM, u->num);
					adv(c);
				}
			} else if (!hb && take_len(c, LF_PCT | LF_AUTO, &b)) {
				hb = true;
				/* `content` and `0` are handled by take_len */
			} else if (!hb && is_ident(c->P, t, "content")) {
				b = sv_kw(KW_AUTO);
				adv(c);
				hb = true;
			} else {
				return false;
			}
		}
		if (!hg && !hb)
			return false;
	}
	push(c->P, P_FLEX_GROW, g);
	push(c->P, P_FLEX_SHRINK, s);
	push(c->P, P_FLEX_BASIS, b);
	return true;
}

static const struct kw kw_align[] = {
	{ "normal", ALIGN_NORMAL }, { "stretch", ALIGN_STRETCH },
	{ "flex-start", ALIGN_FLEX_START }, { "start", ALIGN_FLEX_START },
	{ "self-start", ALIGN_FLEX_START }, { "left", ALIGN_FLEX_START },
	{ "flex-end", ALIGN_FLEX_END }, { "end", ALIGN_FLEX_END },
	{ "self-end", ALIGN_FLEX_END }, { "right", ALIGN_FLEX_END },
	{ "center", ALIGN_CENTER }, { "baseline", ALIGN_BASELINE },
	{ "space-between", ALIGN_SPACE_BETWEEN }, { "space-around", ALIGN_SPACE_AROUND },
	{ "space-evenly", ALIGN_SPACE_EVENLY }, { NULL, 0 }
};

/* justify-content / align-items / align-self, with the Box Alignment 3
 * `safe`/`unsafe` and `first`/`last baseline` prefixes. d->flags: 1 = the
 * distribution values are allowed, 2 = auto is allowed. */
static bool pf_align(struct vc *c, const struct prop_def *d)
{
	const struct css_token *t = peek(c);
	int v;
	if (((d->flags & 2) && is_ident(c->P, t, "auto")) ||
	    ((d->flags & 4) && is_ident(c->P, t, "legacy"))) {
		adv(c);
		v = ALIGN_NORMAL;
	} else {
		if (is_ident(c->P, t, "safe") || is_ident(c->P, t, "unsafe") ||
		    is_ident(c->P, t, "first") || is_ident(c->P, t, "last"))
			adv(c);
		if (!take_kw(c, kw_align, &v))
			return false;
		bool dist = v == ALIGN_SPACE_BETWEEN || v == ALIGN_SPACE_AROUND ||
			    v == ALIGN_SPACE_EVENLY;
		if (dist && !(d->flags & 1))
			return false;
		if (v == ALIGN_STRETCH && (d->flags & 1))
			v = ALIGN_NORMAL;   /* justify-content: stretch acts as flex-start */
	}
	if (!at_end(c))
		return false;
	push(c->P, (unsigned)d->prop, sv_kw(v));
	return true;
}

/* place-items, place-self, place-content: <align> <justify>?, one value
 * for both (Box Alignment 3 §5.3, §6.3, §6.4); members: the align and the
 * justify longhands. flags as pf_align's; 4: the align value (align-content)
 * is not kept. */
static bool pf_place(struct vc *c, const struct prop_def *d)
{
	int v[2], n = 0;
	const struct css_token *t;
	while ((t = peek(c))) {
		if (is_ident(c->P, t, "safe") || is_ident(c->P, t, "unsafe") ||
		    is_ident(c->P, t, "first") || is_ident(c->P, t, "last")) {
			adv(c);
			continue;
		}
		if (n == 2)
			return false;
		if (((d->flags & 2) && is_ident(c->P, t, "auto")) || is_ident(c->P, t, "legacy")) {
			adv(c);
			v[n++] = ALIGN_NORMAL;
			continue;
		}
		if (!take_kw(c, kw_align, &v[n]))
			return false;
		bool dist = v[n] == ALIGN_SPACE_BETWEEN || v[n] == ALIGN_SPACE_AROUND ||
			    v[n] == ALIGN_SPACE_EVENLY;
		if (dist && !(d->flags & 1))
			return false;
		if (v[n] == ALIGN_STRETCH && (d->flags & 1))
			v[n] = ALIGN_NORMAL;
		n++;
	}
	if (n == 0)
		return false;
	if (n == 1)
		v[1] = v[0];
	if (!(d->flags & 4))
		push(c->P, d->members[0], sv_kw(v[0]));
	push(c->P, d->members[1], sv_kw(v[1]));
	return true;
}

/* gap / grid-gap: <row-gap> <column-gap>?; column-gap, row-gap and their
 * grid- aliases: one value (CSS Box Alignment 3 §8). */
static bool pf_gap(struct vc *c, const struct prop_def *d)
{
	struct css_sval r, col;
	if (!take_len(c, LF_PCT | LF_NORMAL, &r))
		return false;
	col = r;
	if (d->prop < 0 && !at_end(c) && !take_len(c, LF_PCT | LF_NORMAL, &col))
		return false;
	if (!at_end(c))
		return false;
	if (d->prop < 0) {
		push(c->P, P_ROW_GAP, r);
		push(c->P, P_GAP, col);
	} else {
		push(c->P, (unsigned)d->prop, r);
	}
	return true;
}

/* ---- grid (CSS Grid 1 §7.2, §8.3) ---------------------------------------- */

/* One track sizing function: a length or percentage, <flex> (fr), auto,
 * min-content, max-content; fit-content() is sized as auto. */
static bool take_track_size(struct vc *c, struct css_sval *out)
{
	const struct css_token *t = peek(c);
	if (!t)
		return false;
	if (t->type == T_DIMENSION) {
		size_t n;
		const char *u = tval(c->P, t, &n);
		if (css_ieq(u, n, "fr")) {
			if (t->num < 0)
				return false;
			*out = sv_len(U_NUM, t->num);
			out->flags = SV_FR;
			adv(c);
			return true;
		}
	}
	if (is_ident(c->P, t, "min-content") || is_ident(c->P, t, "max-content")) {
		*out = sv_kw(is_ident(c->P, t, "min-content") ? KW_MIN_CONTENT : KW_MAX_CONTENT);
		adv(c);
		return true;
	}
	if (tok_is(c->P, t, T_FUNCTION, "fit-content")) {
		*out = sv_kw(KW_AUTO);
		adv(c);
		return true;
	}
	return take_len(c, LF_PCT | LF_AUTO, out);
}

/* A track: a sizing function or minmax(min, max); a flexible minimum is
 * invalid, a flexible single size means minmax(auto, <flex>). */
static bool take_track(struct vc *c, struct css_sval *mn, struct css_sval *mx)
{
	const struct css_token *t = peek(c);
	if (tok_is(c->P, t, T_FUNCTION, "minmax")) {
		struct vc s = inner(c);
		adv(c);
		if (!take_track_size(&s, mn) || (mn->flags & SV_FR))
			return false;
		const struct css_token *k = peek(&s);
		if (!k || k->type != T_COMMA)
			return false;
		adv(&s);
		return take_track_size(&s, mx) && at_end(&s);
	}
	if (!take_track_size(c, mx))
		return false;
	*mn = (mx->flags & SV_FR) ? sv_kw(KW_AUTO) : *mx;
	return true;
}

static void skip_line_names(struct vc *c)
{
	const struct css_token *t;
	while ((t = peek(c)) && t->type == T_LBRACKET)
		adv(c);
}

static bool track_add(struct css_spec_tracks *l, struct css_sval mn, struct css_sval mx)
{
	if (l->n >= MAX_GRID_TRACKS)
		return false;
	l->t[l->n].min = mn;
	l->t[l->n].max = mx;
	l->n++;
	return true;
}

/* grid-template-columns/-rows: none | <track-list> | <auto-track-list>,
 * line names skipped, repeat() expanded (auto repeats kept once). */
static bool pf_tracks(struct vc *c, const struct prop_def *d)
{
	const struct css_token *t = peek(c);
	if (is_ident(c->P, t, "none"))
		return take_lone_none(c, (unsigned)d->prop);
	struct css_spec_tracks *l = arena_alloc(c->P->a, sizeof *l);
	memset(l, 0, sizeof *l);
	struct css_sval mn, mx;
	for (skip_line_names(c); (t = peek(c)); skip_line_names(c)) {
		if (!tok_is(c->P, t, T_FUNCTION, "repeat")) {
			if (!take_track(c, &mn, &mx) || !track_add(l, mn, mx))
				return false;
			continue;
		}
		struct vc s = inner(c);
		adv(c);
		const struct css_token *k = peek(&s);
		int times = 0;
		bool autorep = false;
		if (is_ident(s.P, k, "auto-fill") || is_ident(s.P, k, "auto-fit")) {
			if (l->auto_n)
				return false;       /* one auto repeat at most */
			autorep = true;
			l->auto_fit = is_ident(s.P, k, "auto-fit");
		} else if (k && k->type == T_NUMBER && (k->flags & TF_INT) && k->num >= 1) {
			times = (int)MIN(k->num, MAX_GRID_TRACKS);
		} else {
			return false;
		}
		adv(&s);
		k = peek(&s);
		if (!k || k->type != T_COMMA)
			return false;
		adv(&s);
		int first = l->n;
		for (skip_line_names(&s); !at_end(&s); skip_line_names(&s))
			if (!take_track(&s, &mn, &mx) || !track_add(l, mn, mx))
				return false;
		int per = l->n - first;
		if (per == 0)
			return false;
		if (autorep) {
			l->auto_at = first;
			l->auto_n = per;
			continue;
		}
		for (int r = 1; r < times; r++)
			for (int i = 0; i < per; i++)
				if (!track_add(l, l->t[first + i].min, l->t[first + i].max))
					return false;
	}
	if (l->n == 0)
		return false;
	struct css_sval v = { 0 };
	v.unit = U_PTR;
	v.p = l;
	push(c->P, (unsigned)d->prop, v);
	return true;
}

/* One grid line (§8.3): auto | <integer> | span <integer>; a named line
 * is taken as auto. */
static bool take_grid_line(struct vc *c, struct css_sval *out)
{
	const struct css_token *t = peek(c);
	bool span = false;
	int line = 0;
	*out = sv_kw(KW_AUTO);
	if (is_ident(c->P, t, "auto")) {
		adv(c);
		return true;
	}
	while ((t = peek(c)) && !is_delim(c->P, t, '/')) {
		if (!span && is_ident(c->P, t, "span")) {
			span = true;
		} else if (!line && t->type == T_NUMBER && (t->flags & TF_INT) && t->num != 0) {
			line = (int)MAX(-1000, MIN(1000, t->num));
		} else if (t->type != T_IDENT) {
			return false;
		}
		adv(c);
	}
	if (span && line < 0)
		return false;
	if (span || line) {
		*out = sv_len(U_NUM, (float)(span && !line ? 1 : line));
		out->kw = span;
	}
	return true;
}

/* grid-column / grid-row: <start> [ / <end> ]?; grid-area: up to four
 * lines, row-start / column-start / row-end / column-end; longhands. */
static bool pf_grid_line(struct vc *c, const struct prop_def *d)
{
	static const uint16_t area[] = { P_GRID_ROW_START, P_GRID_COLUMN_START,
					 P_GRID_ROW_END, P_GRID_COLUMN_END };
	int max = d->members ? (d->members[2] == END ? 2 : 4) : 1;
	struct css_sval v[4];
	int n = 0;
	for (;;) {
		if (n == max || !take_grid_line(c, &v[n]))
			return false;
		n++;
		const struct css_token *t = peek(c);
		if (!t)
			break;
		if (!is_delim(c->P, t, '/'))
			return false;
		adv(c);
	}
	if (!d->members) {
		push(c->P, (unsigned)d->prop, v[0]);
		return true;
	}
	for (int i = n; i < max; i++)
		v[i] = sv_kw(KW_AUTO);
	if (max == 2) {
		push(c->P, d->members[0], v[0]);
		push(c->P, d->members[1], v[1]);
	} else {
		for (int i = 0; i < 4; i++)
			push(c->P, area[i], v[i]);
	}
	return true;
}

static bool pf_border_spacing(struct vc *c, const struct prop_def *d)
{
	struct css_sval h, v;
	if (!take_len(c, 0, &h))
		return false;
	if (!at_end(c) && !take_len(c, 0, &v))
		return false;
	if (!at_end(c))
		return false;
	push(c->P, P_BORDER_SPACING, h);
	return true;
}

/* ---- fonts (CSS Fonts 4 §2) ----------------------------------------------- */

static const struct kw kw_font_size[] = {
	{ "xx-small", 9 }, { "x-small", 10 }, { "small", 13 }, { "medium", 16 },
	{ "large", 18 }, { "x-large", 24 }, { "xx-large", 32 }, { "xxx-large", 48 },
	{ NULL, 0 }
};

static bool take_font_size(struct vc *c, struct css_sval *out)
{
	const struct css_token *t = peek(c);
	int px;
	if (!t)
		return false;
	if (t->type == T_IDENT) {
		size_t n;
		const char *s = tval(c->P, t, &n);
		if (kw_find(kw_font_size, s, n, &px)) {
			*out = sv_len(U_PX, (float)px);
		} else if (css_ieq(s, n, "smaller")) {
			*out = sv_kw(KW_SMALLER);
		} else if (css_ieq(s, n, "larger")) {
			*out = sv_kw(KW_LARGER);
		} else if (css_ieq(s, n, "math")) {
			*out = sv_len(U_EM, 1);
		} else {
			return false;
		}
		adv(c);
		return true;
	}
	return take_len(c, LF_PCT, out);
}

static bool pf_font_size(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_font_size(c, &v) || !at_end(c))
		return false;
	push(c->P, P_FONT_SIZE, v);
	return true;
}

static bool take_font_weight(struct vc *c, struct css_sval *out)
{
	const struct css_token *t = peek(c);
	if (!t)
		return false;
	if (is_ident(c->P, t, "normal"))
		*out = sv_len(U_NUM, 400);
	else if (is_ident(c->P, t, "bold"))
		*out = sv_len(U_NUM, 700);
	else if (is_ident(c->P, t, "bolder"))
		*out = sv_kw(KW_BOLDER);
	else if (is_ident(c->P, t, "lighter"))
		*out = sv_kw(KW_LIGHTER);
	else if (t->type == T_NUMBER && t->num >= 1 && t->num <= 1000)
		*out = sv_len(U_NUM, t->num);
	else if (t->type == T_FUNCTION && take_calc(c, LF_NUM, out))
		return out->v >= 1 && out->v <= 1000;
	else
		return false;
	adv(c);
	return true;
}

static bool pf_font_weight(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_font_weight(c, &v) || !at_end(c))
		return false;
	push(c->P, P_FONT_WEIGHT, v);
	return true;
}

static bool take_font_style(struct vc *c, struct css_sval *out)
{
	const struct css_token *t = peek(c);
	if (is_ident(c->P, t, "normal")) {
		*out = sv_kw(0);
	} else if (is_ident(c->P, t, "italic")) {
		*out = sv_kw(1);
	} else if (is_ident(c->P, t, "oblique")) {
		*out = sv_kw(1);
		adv(c);
		float deg;
		take_angle(c, &deg, false);
		return true;
	} else {
		return false;
	}
	adv(c);
	return true;
}

static bool pf_font_style(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_font_style(c, &v) || !at_end(c))
		return false;
	push(c->P, P_FONT_STYLE, v);
	return true;
}

/* font-variant: only small caps matter to us; the other Fonts 4 values
 * are accepted and ignored. */
static bool pf_font_variant(struct vc *c, const struct prop_def *d)
{
	static const char *const ok[] = {
		"normal", "none", "small-caps", "all-small-caps", "petite-caps",
		"all-petite-caps", "unicase", "titling-caps", "common-ligatures",
		"no-common-ligatures", "discretionary-ligatures",
		"no-discretionary-ligatures", "historical-ligatures",
		"no-historical-ligatures", "contextual", "no-contextual", "lining-nums",
		"oldstyle-nums", "proportional-nums", "tabular-nums", "diagonal-fractions",
		"stacked-fractions", "ordinal", "slashed-zero", "jis78", "jis83", "jis90",
		"jis04", "simplified", "traditional", "full-width", "proportional-width",
		"ruby", "sub", "super", "historical-forms",
	};
	bool small = false, any = false;
	const struct css_token *t;
	while ((t = peek(c))) {
		bool hit = false;
		for (size_t i = 0; i < ARRAY_LEN(ok) && !hit; i++)
			hit = is_ident(c->P, t, ok[i]);
		if (!hit)
			return false;
		if (is_ident(c->P, t, "small-caps") || is_ident(c->P, t, "all-small-caps"))
			small = true;
		any = true;
		adv(c);
	}
	if (!any)
		return false;
	push(c->P, P_FONT_VARIANT, sv_kw(small));
	return true;
}

/* font-family: a comma list of strings and ident sequences, kept as one
 * interned string "a, b, c" (css.h). */
static bool take_family(struct vc *c, struct css_sval *out)
{
	struct strbuf b;
	strbuf_init(&b, 1u << 16);
	bool ok = false;
	for (;;) {
		const struct css_token *t = peek(c);
		if (!t)
			break;
		if (b.len)
			strbuf_append(&b, ", ", 2);
		size_t n;
		if (t->type == T_STRING) {
			const char *s = tval(c->P, t, &n);
			strbuf_append(&b, s, n);
			adv(c);
		} else if (t->type == T_IDENT) {
			int words = 0;
			while ((t = peek(c)) && t->type == T_IDENT) {
				const char *s = tval(c->P, t, &n);
				/* CSS-wide keywords and `default` cannot name a family */
				if (css_ieq(s, n, "inherit") || css_ieq(s, n, "initial") ||
				    css_ieq(s, n, "unset") || css_ieq(s, n, "default") ||
				    css_ieq(s, n, "revert") || css_ieq(s, n, "revert-layer"))
					goto out;
				if (words++)
					strbuf_append(&b, " ", 1);
				strbuf_append(&b, s, n);
				adv(c);
			}
		} else {
			goto out;
		}
		bool comma;
		if (!comma_or_end(c, &comma))
			goto out;
		if (!comma) {
			ok = true;
			break;
		}
	}
out:
	if (ok && b.s && !b.toobig)
		*out = sv_str(c->P, b.s, b.len);
	else
		ok = false;
	strbuf_free(&b);
	return ok;
}

static bool pf_font_family(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_family(c, &v))
		return false;
	push(c->P, P_FONT_FAMILY, v);
	return true;
}

static bool take_line_height(struct vc *c, struct css_sval *out)
{
	return take_len(c, LF_PCT | LF_NUM | LF_NORMAL, out);
}

/* font shorthand (CSS Fonts 4 §2.8). */
static bool pf_font(struct vc *c, const struct prop_def *d)
{
	static const char *const system[] = { "caption", "icon", "menu", "message-box",
					      "small-caption", "status-bar" };
	static const char *const stretch[] = {
		"ultra-condensed", "extra-condensed", "condensed", "semi-condensed",
		"semi-expanded", "expanded", "extra-expanded", "ultra-expanded"
	};
	const struct css_token *t = peek(c);
	for (size_t i = 0; i < ARRAY_LEN(system); i++) {
		if (is_ident(c->P, t, system[i])) {
			adv(c);
			return at_end(c);   /* system fonts: valid, ignored */
		}
	}
	struct css_sval style = sv_kw(0), variant = sv_kw(0), weight = sv_len(U_NUM, 400);
	struct css_sval size, lh = sv_kw(KW_NORMAL), fam;
	bool hs = false, hv = false, hw = false, hx = false;
	for (int k = 0; k < 4 && (t = peek(c)); k++) {
		if (is_ident(c->P, t, "normal")) {
			adv(c);
			continue;
		}
		if (!hs && take_font_style(c, &style)) {
			hs = true;
			continue;
		}
		if (!hv && is_ident(c->P, t, "small-caps")) {
			variant = sv_kw(1);
			adv(c);
			hv = true;
			continue;
		}
		if (!hw && (t->type == T_NUMBER || t->type == T_IDENT) &&
		    take_font_weight(c, &weight)) {
			hw = true;
			continue;
		}
		bool st = false;
		for (size_t i = 0; i < ARRAY_LEN(stretch) && !hx; i++)
			st = st || is_ident(c->P, t, stretch[i]);
		if (st) {
			adv(c);
			hx = true;
			continue;
		}
		break;
	}
	if (!take_font_size(c, &size))
		return false;
	if (is_delim(c->P, peek(c), '/')) {
		adv(c);
		if (!take_line_height(c, &lh))
			return false;
	}
	if (!take_family(c, &fam))
		return false;
	push(c->P, P_FONT_STYLE, style);
	push(c->P, P_FONT_VARIANT, variant);
	push(c->P, P_FONT_WEIGHT, weight);
	push(c->P, P_FONT_SIZE, size);
	push(c->P, P_LINE_HEIGHT, lh);
	push(c->P, P_FONT_FAMILY, fam);
	return true;
}

static bool pf_line_height(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_line_height(c, &v) || !at_end(c))
		return false;
	push(c->P, P_LINE_HEIGHT, v);
	return true;
}

/* ---- text -------------------------------------------------------------------- */

/* text-align values; 100 marks match-parent, resolved when computing. */
static const struct kw kw_text_align[] = {
	{ "start", TA_START }, { "end", TA_END }, { "left", TA_LEFT }, { "right", TA_RIGHT },
	{ "center", TA_CENTER }, { "justify", TA_JUSTIFY }, { "justify-all", TA_JUSTIFY },
	{ "-webkit-center", TA_WEBKIT_CENTER }, { "-webkit-left", TA_LEFT },
	{ "-webkit-right", TA_RIGHT }, { "-webkit-auto", TA_START },
	{ "-webkit-match-parent", 100 }, { "match-parent", 100 }, { NULL, 0 }
};
static const struct kw kw_text_transform[] = {
	{ "none", TT_NONE }, { "uppercase", TT_UPPERCASE }, { "lowercase", TT_LOWERCASE },
	{ "capitalize", TT_CAPITALIZE }, { "full-width", TT_NONE },
	{ "full-size-kana", TT_NONE }, { NULL, 0 }
};
static const struct kw kw_white_space[] = {
	{ "normal", WS_NORMAL }, { "pre", WS_PRE }, { "nowrap", WS_NOWRAP },
	{ "pre-wrap", WS_PRE_WRAP }, { "pre-line", WS_PRE_LINE },
	{ "break-spaces", WS_PRE_WRAP }, { "-webkit-nowrap", WS_NOWRAP }, { NULL, 0 }
};
static const struct kw kw_direction[] = {
	{ "ltr", DIR_LTR }, { "rtl", DIR_RTL }, { NULL, 0 }
};
static const struct kw kw_deco_line[] = {
	{ "underline", TD_UNDERLINE }, { "overline", TD_OVERLINE },
	{ "line-through", TD_LINE_THROUGH }, { "blink", 0 }, { NULL, 0 }
};
static const struct kw kw_deco_style[] = {
	{ "solid", 0 }, { "double", 0 }, { "dotted", 0 }, { "dashed", 0 }, { "wavy", 0 },
	{ NULL, 0 }
};

static bool take_deco_line(struct vc *c, int *bits)
{
	const struct css_token *t = peek(c);
	if (is_ident(c->P, t, "none")) {
		adv(c);
		*bits = 0;
		return true;
	}
	int v, k = 0;
	*bits = 0;
	while (take_kw(c, kw_deco_line, &v)) {
		if (v && (*bits & v))
			return false;
		*bits |= v;
		k++;
	}
	return k > 0;
}

static bool pf_deco_line(struct vc *c, const struct prop_def *d)
{
	int bits;
	if (!take_deco_line(c, &bits) || !at_end(c))
		return false;
	push(c->P, P_TEXT_DECORATION_LINE, sv_kw(bits));
	return true;
}

/* text-decoration: line || style || color || thickness (Text Decoration 4);
 * style and thickness are not drawn. */
static bool pf_text_decoration(struct vc *c, const struct prop_def *d)
{
	int bits = 0, k;
	struct css_sval col = sv_current(), len;
	bool hl = false, hs = false, hc = false, ht = false;
	const struct css_token *t;
	while ((t = peek(c))) {
		if (!hl && take_deco_line(c, &bits))
			hl = true;
		else if (!hs && take_kw(c, kw_deco_style, &k))
			hs = true;
		else if (!hc && take_color(c, &col))
			hc = true;
		else if (!ht && (is_ident(c->P, t, "from-font") || is_ident(c->P, t, "auto")))
			adv(c), ht = true;
		else if (!ht && take_len(c, LF_PCT, &len))
			ht = true;
		else
			return false;
	}
	if (!hl && !hs && !hc && !ht)
		return false;
	push(c->P, P_TEXT_DECORATION_LINE, sv_kw(bits));
	push(c->P, P_TEXT_DECORATION_COLOR, col);
	return true;
}

static const struct kw kw_valign[] = {
	{ "baseline", VA_BASELINE }, { "sub", VA_SUB }, { "super", VA_SUPER },
	{ "top", VA_TOP }, { "text-top", VA_TEXT_TOP }, { "middle", VA_MIDDLE },
	{ "bottom", VA_BOTTOM }, { "text-bottom", VA_TEXT_BOTTOM }, { NULL, 0 }
};

static bool pf_vertical_align(struct vc *c, const struct prop_def *d)
{
	int v;
	struct css_sval s;
	if (take_kw(c, kw_valign, &v))
		s = sv_kw(v);
	else if (!take_len(c, LF_PCT | LF_NEG, &s))
		return false;
	if (!at_end(c))
		return false;
	push(c->P, P_VERTICAL_ALIGN, s);
	return true;
}

static bool pf_spacing(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_len(c, LF_NEG | LF_NORMAL | (d->prop == P_WORD_SPACING ? LF_PCT : 0), &v) ||
	    !at_end(c))
		return false;
	if (v.unit == U_PCT)   /* word-spacing % of the space width: ≈ 0.25em */
		v = sv_len(U_EM, v.v / 400);
	push(c->P, (unsigned)d->prop, v);
	return true;
}

/* ---- lists (CSS Lists 3) ------------------------------------------------------ */

static const struct kw kw_list_type[] = {
	{ "disc", LST_DISC }, { "circle", LST_CIRCLE }, { "square", LST_SQUARE },
	{ "decimal", LST_DECIMAL }, { "decimal-leading-zero", LST_DECIMAL_LEADING_ZERO },
	{ "lower-alpha", LST_LOWER_ALPHA }, { "upper-alpha", LST_UPPER_ALPHA },
	{ "lower-latin", LST_LOWER_ALPHA }, { "upper-latin", LST_UPPER_ALPHA },
	{ "lower-roman", LST_LOWER_ROMAN }, { "upper-roman", LST_UPPER_ROMAN },
	{ "lower-greek", LST_LOWER_GREEK }, { "disclosure-open", LST_DISCLOSURE_OPEN },
	{ "disclosure-closed", LST_DISCLOSURE_CLOSED }, { "none", LST_NONE }, { NULL, 0 }
};

/* A list-style-type: the enum's values; any other counter-style name is
 * shown as decimal, a string marker as a disc. */
static bool take_list_type(struct vc *c, int *out, bool allow_none)
{
	const struct css_token *t = peek(c);
	if (!t)
		return false;
	if (t->type == T_STRING) {
		*out = LST_DISC;
		adv(c);
		return true;
	}
	if (t->type != T_IDENT)
		return false;
	size_t n;
	const char *s = tval(c->P, t, &n);
	if (kw_find(kw_list_type, s, n, out)) {
		if (*out == LST_NONE && !allow_none)
			return false;
		adv(c);
		return true;
	}
	/* CSS-wide keywords and position/image words are not counter styles */
	if (css_ieq(s, n, "inside") || css_ieq(s, n, "outside") || css_ieq(s, n, "inherit") ||
	    css_ieq(s, n, "initial") || css_ieq(s, n, "unset") || css_ieq(s, n, "default"))
		return false;
	*out = LST_DECIMAL;
	adv(c);
	return true;
}

static bool pf_list_type(struct vc *c, const struct prop_def *d)
{
	int v;
	if (!take_list_type(c, &v, true) || !at_end(c))
		return false;
	push(c->P, P_LIST_STYLE_TYPE, sv_kw(v));
	return true;
}

static const struct kw kw_list_pos[] = {
	{ "outside", LSP_OUTSIDE }, { "inside", LSP_INSIDE }, { NULL, 0 }
};

static bool pf_list_image(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!take_image(c, true, &v) || !at_end(c))
		return false;
	if (v.unit == U_PTR)     /* a gradient marker: drawn as no image */
		v = sv_kw(KW_NONE);
	push(c->P, P_LIST_STYLE_IMAGE, v);
	return true;
}

/* list-style: type || position || image; `none` sets whichever of type
 * and image is not otherwise given (Lists 3 §3.4). */
static bool pf_list_style(struct vc *c, const struct prop_def *d)
{
	int type = LST_DISC, pos = LSP_OUTSIDE, nones = 0, v;
	struct css_sval img = sv_kw(KW_NONE);
	bool ht = false, hp = false, hi = false;
	const struct css_token *t;
	while ((t = peek(c))) {
		if (is_ident(c->P, t, "none")) {
			adv(c);
			nones++;
		} else if (!hp && take_kw(c, kw_list_pos, &v)) {
			pos = v;
			hp = true;
		} else if (!hi && take_image(c, false, &img)) {
			if (img.unit == U_PTR)
				img = sv_kw(KW_NONE);
			hi = true;
		} else if (!ht && take_list_type(c, &v, false)) {
			type = v;
			ht = true;
		} else {
			return false;
		}
	}
	if (nones > 2 || (nones == 2 && (ht || hi)) || (nones == 1 && ht && hi))
		return false;
	if (nones && !ht)
		type = LST_NONE;
	if (!ht && !hp && !hi && !nones)
		return false;
	push(c->P, P_LIST_STYLE_TYPE, sv_kw(type));
	push(c->P, P_LIST_STYLE_POSITION, sv_kw(pos));
	push(c->P, P_LIST_STYLE_IMAGE, img);
	return true;
}

/* ---- the property table ---------------------------------------------------------- */

static const struct kw kw_position[] = {
	{ "static", POS_STATIC }, { "relative", POS_RELATIVE }, { "absolute", POS_ABSOLUTE },
	{ "fixed", POS_FIXED }, { "sticky", POS_RELATIVE }, { "-webkit-sticky", POS_RELATIVE },
	{ NULL, 0 }
};
static const struct kw kw_float[] = {
	{ "none", FLOAT_NONE }, { "left", FLOAT_LEFT }, { "right", FLOAT_RIGHT },
	{ "inline-start", FLOAT_LEFT }, { "inline-end", FLOAT_RIGHT }, { NULL, 0 }
};
static const struct kw kw_clear[] = {
	{ "none", CLEAR_NONE }, { "left", CLEAR_LEFT }, { "right", CLEAR_RIGHT },
	{ "both", CLEAR_BOTH }, { "inline-start", CLEAR_LEFT }, { "inline-end", CLEAR_RIGHT },
	{ NULL, 0 }
};
static const struct kw kw_box_sizing[] = {
	{ "content-box", BOX_CONTENT }, { "border-box", BOX_BORDER }, { NULL, 0 }
};
static const struct kw kw_visibility[] = {
	{ "visible", VIS_VISIBLE }, { "hidden", VIS_HIDDEN }, { "collapse", VIS_COLLAPSE },
	{ NULL, 0 }
};
static const struct kw kw_object_fit[] = {
	{ "fill", FIT_FILL }, { "contain", FIT_CONTAIN }, { "cover", FIT_COVER },
	{ "none", FIT_NONE }, { "scale-down", FIT_SCALE_DOWN }, { NULL, 0 }
};
static const struct kw kw_collapse[] = {
	{ "separate", BC_SEPARATE }, { "collapse", BC_COLLAPSE }, { NULL, 0 }
};
static const struct kw kw_word_break[] = {
	{ "normal", WB_NORMAL }, { "break-all", WB_BREAK_ALL }, { "keep-all", WB_KEEP_ALL },
	{ "break-word", WB_BREAK_WORD }, { "auto-phrase", WB_NORMAL }, { NULL, 0 }
};
static const struct kw kw_overflow_wrap[] = {
	{ "normal", 0 }, { "break-word", 1 }, { "anywhere", 1 }, { NULL, 0 }
};

static const uint16_t m_margin[] = { P_MARGIN_TOP, P_MARGIN_RIGHT, P_MARGIN_BOTTOM, P_MARGIN_LEFT, END };
static const uint16_t m_padding[] = { P_PADDING_TOP, P_PADDING_RIGHT, P_PADDING_BOTTOM, P_PADDING_LEFT, END };
static const uint16_t m_inset[] = { P_TOP, P_RIGHT, P_BOTTOM, P_LEFT, END };
static const uint16_t m_bwidth[] = { P_BORDER_TOP_WIDTH, P_BORDER_RIGHT_WIDTH,
				     P_BORDER_BOTTOM_WIDTH, P_BORDER_LEFT_WIDTH, END };
static const uint16_t m_bstyle[] = { P_BORDER_TOP_STYLE, P_BORDER_RIGHT_STYLE,
				     P_BORDER_BOTTOM_STYLE, P_BORDER_LEFT_STYLE, END };
static const uint16_t m_bcolor[] = { P_BORDER_TOP_COLOR, P_BORDER_RIGHT_COLOR,
				     P_BORDER_BOTTOM_COLOR, P_BORDER_LEFT_COLOR, END };
static const uint16_t m_border[] = {
	P_BORDER_TOP_WIDTH, P_BORDER_RIGHT_WIDTH, P_BORDER_BOTTOM_WIDTH, P_BORDER_LEFT_WIDTH,
	P_BORDER_TOP_STYLE, P_BORDER_RIGHT_STYLE, P_BORDER_BOTTOM_STYLE, P_BORDER_LEFT_STYLE,
	P_BORDER_TOP_COLOR, P_BORDER_RIGHT_COLOR, P_BORDER_BOTTOM_COLOR, P_BORDER_LEFT_COLOR, END
};
static const uint16_t m_btop[] = { P_BORDER_TOP_WIDTH, P_BORDER_TOP_STYLE, P_BORDER_TOP_COLOR, END };
static const uint16_t m_bright[] = { P_BORDER_RIGHT_WIDTH, P_BORDER_RIGHT_STYLE, P_BORDER_RIGHT_COLOR, END };
static const uint16_t m_bbottom[] = { P_BORDER_BOTTOM_WIDTH, P_BORDER_BOTTOM_STYLE, P_BORDER_BOTTOM_COLOR, END };
static const uint16_t m_bleft[] = { P_BORDER_LEFT_WIDTH, P_BORDER_LEFT_STYLE, P_BORDER_LEFT_COLOR, END };
static const uint16_t m_radius[] = { P_RADIUS_TL, P_RADIUS_TR, P_RADIUS_BR, P_RADIUS_BL, END };
static const uint16_t m_overflow[] = { P_OVERFLOW_X, P_OVERFLOW_Y, END };
static const uint16_t m_background[] = { P_BG_COLOR, P_BG_IMAGE, P_BG_REPEAT, P_BG_SIZE,
					  P_BG_POS_X, P_BG_POS_Y, END };
static const uint16_t m_bgpos[] = { P_BG_POS_X, P_BG_POS_Y, END };
static const uint16_t m_flex[] = { P_FLEX_GROW, P_FLEX_SHRINK, P_FLEX_BASIS, END };
static const uint16_t m_flex_flow[] = { P_FLEX_DIRECTION, P_FLEX_WRAP, END };
static const uint16_t m_gap[] = { P_ROW_GAP, P_GAP, END };
static const uint16_t m_place_items[] = { P_ALIGN_ITEMS, P_JUSTIFY_ITEMS, END };
static const uint16_t m_place_self[] = { P_ALIGN_SELF, P_JUSTIFY_SELF, END };
/* place-content's align-content is not kept: its member is justify-content */
static const uint16_t m_place_content[] = { P_JUSTIFY_CONTENT, P_JUSTIFY_CONTENT, END };
static const uint16_t m_grid_column[] = { P_GRID_COLUMN_START, P_GRID_COLUMN_END, END };
static const uint16_t m_grid_row[] = { P_GRID_ROW_START, P_GRID_ROW_END, END };
static const uint16_t m_grid_area[] = { P_GRID_ROW_START, P_GRID_COLUMN_START, P_GRID_ROW_END,
					P_GRID_COLUMN_END, END };
static const uint16_t m_font[] = { P_FONT_STYLE, P_FONT_VARIANT, P_FONT_WEIGHT, P_FONT_SIZE,
				   P_LINE_HEIGHT, P_FONT_FAMILY, END };
static const uint16_t m_list[] = { P_LIST_STYLE_TYPE, P_LIST_STYLE_POSITION, P_LIST_STYLE_IMAGE, END };
static const uint16_t m_deco[] = { P_TEXT_DECORATION_LINE, P_TEXT_DECORATION_COLOR, END };

#define LEN_BOX   (LF_PCT | LF_AUTO | LF_INTRINSIC)
#define LEN_MAX   (LF_PCT | LF_NONE | LF_INTRINSIC)
#define LEN_MARG  (LF_PCT | LF_AUTO | LF_NEG)
#define LEN_INSET (LF_PCT | LF_AUTO | LF_NEG)

/* Sorted by name (checked on first use). */
static const struct prop_def props[] = {
	{ "align-items", pf_align, P_ALIGN_ITEMS, 0, NULL, NULL },
	{ "align-self", pf_align, P_ALIGN_SELF, 2, NULL, NULL },
	{ "background", pf_background, -1, 0, NULL, m_background },
	{ "background-color", pf_color, P_BG_COLOR, 0, NULL, NULL },
	{ "background-image", pf_bg_image, P_BG_IMAGE, 0, NULL, NULL },
	{ "background-position", pf_bg_position, -1, 0, NULL, m_bgpos },
	{ "background-position-x", pf_bg_pos_axis, P_BG_POS_X, 0, NULL, NULL },
	{ "background-position-y", pf_bg_pos_axis, P_BG_POS_Y, 0, NULL, NULL },
	{ "background-repeat", pf_bg_repeat, P_BG_REPEAT, 0, NULL, NULL },
	{ "background-size", pf_bg_size, P_BG_SIZE, 0, NULL, NULL },
	{ "border", pf_border, -1, 0, NULL, m_border },
	{ "border-bottom", pf_border, SIDE_BOTTOM, 0, NULL, m_bbottom },
	{ "border-bottom-color", pf_color, P_BORDER_BOTTOM_COLOR, 0, NULL, NULL },
	{ "border-bottom-left-radius", pf_corner, P_RADIUS_BL, 0, NULL, NULL },
	{ "border-bottom-right-radius", pf_corner, P_RADIUS_BR, 0, NULL, NULL },
	{ "border-bottom-style", pf_kw, P_BORDER_BOTTOM_STYLE, 0, kw_border_style, NULL },
	{ "border-bottom-width", pf_bwidth, P_BORDER_BOTTOM_WIDTH, 0, NULL, NULL },
	{ "border-collapse", pf_kw, P_BORDER_COLLAPSE, 0, kw_collapse, NULL },
	{ "border-color", pf_bcolor_sides, -1, 0, NULL, m_bcolor },
	{ "border-left", pf_border, SIDE_LEFT, 0, NULL, m_bleft },
	{ "border-left-color", pf_color, P_BORDER_LEFT_COLOR, 0, NULL, NULL },
	{ "border-left-style", pf_kw, P_BORDER_LEFT_STYLE, 0, kw_border_style, NULL },
	{ "border-left-width", pf_bwidth, P_BORDER_LEFT_WIDTH, 0, NULL, NULL },
	{ "border-radius", pf_radius, -1, 0, NULL, m_radius },
	{ "border-right", pf_border, SIDE_RIGHT, 0, NULL, m_bright },
	{ "border-right-color", pf_color, P_BORDER_RIGHT_COLOR, 0, NULL, NULL },
	{ "border-right-style", pf_kw, P_BORDER_RIGHT_STYLE, 0, kw_border_style, NULL },
	{ "border-right-width", pf_bwidth, P_BORDER_RIGHT_WIDTH, 0, NULL, NULL },
	{ "border-spacing", pf_border_spacing, P_BORDER_SPACING, 0, NULL, NULL },
	{ "border-style", pf_bstyle_sides, -1, 0, NULL, m_bstyle },
	{ "border-top", pf_border, SIDE_TOP, 0, NULL, m_btop },
	{ "border-top-color", pf_color, P_BORDER_TOP_COLOR, 0, NULL, NULL },
	{ "border-top-left-radius", pf_corner, P_RADIUS_TL, 0, NULL, NULL },
	{ "border-top-right-radius", pf_corner, P_RADIUS_TR, 0, NULL, NULL },
	{ "border-top-style", pf_kw, P_BORDER_TOP_STYLE, 0, kw_border_style, NULL },
	{ "border-top-width", pf_bwidth, P_BORDER_TOP_WIDTH, 0, NULL, NULL },
	{ "border-width", pf_bwidth_sides, -1, 0, NULL, m_bwidth },
	{ "bottom", pf_len, P_BOTTOM, LEN_INSET, NULL, NULL },
	{ "box-shadow", pf_shadow, P_BOX_SHADOW, 0, NULL, NULL },
	{ "box-sizing", pf_kw, P_BOX_SIZING, 0, kw_box_sizing, NULL },
	{ "clear", pf_kw, P_CLEAR, 0, kw_clear, NULL },
	{ "color", pf_color, P_COLOR, 0, NULL, NULL },
	{ "column-gap", pf_gap, P_GAP, 0, NULL, NULL },
	{ "direction", pf_kw, P_DIRECTION, 0, kw_direction, NULL },
	{ "display", pf_display, P_DISPLAY, 0, NULL, NULL },
	{ "flex", pf_flex, -1, 0, NULL, m_flex },
	{ "flex-basis", pf_len, P_FLEX_BASIS, LEN_BOX, NULL, NULL },
	{ "flex-direction", pf_kw, P_FLEX_DIRECTION, 0, kw_flex_dir, NULL },
	{ "flex-flow", pf_flex_flow, -1, 0, NULL, m_flex_flow },
	{ "flex-grow", pf_number, P_FLEX_GROW, 0, NULL, NULL },
	{ "flex-shrink", pf_number, P_FLEX_SHRINK, 0, NULL, NULL },
	{ "flex-wrap", pf_kw, P_FLEX_WRAP, 0, kw_flex_wrap, NULL },
	{ "float", pf_kw, P_FLOAT, 0, kw_float, NULL },
	{ "font", pf_font, -1, 0, NULL, m_font },
	{ "font-family", pf_font_family, P_FONT_FAMILY, 0, NULL, NULL },
	{ "font-size", pf_font_size, P_FONT_SIZE, 0, NULL, NULL },
	{ "font-style", pf_font_style, P_FONT_STYLE, 0, NULL, NULL },
	{ "font-variant", pf_font_variant, P_FONT_VARIANT, 0, NULL, NULL },
	{ "font-variant-caps", pf_font_variant, P_FONT_VARIANT, 0, NULL, NULL },
	{ "font-weight", pf_font_weight, P_FONT_WEIGHT, 0, NULL, NULL },
	{ "gap", pf_gap, -1, 0, NULL, m_gap },
	{ "grid-area", pf_grid_line, -1, 0, NULL, m_grid_area },
	{ "grid-column", pf_grid_line, -1, 0, NULL, m_grid_column },
	{ "grid-column-end", pf_grid_line, P_GRID_COLUMN_END, 0, NULL, NULL },
	{ "grid-column-gap", pf_gap, P_GAP, 0, NULL, NULL },
	{ "grid-column-start", pf_grid_line, P_GRID_COLUMN_START, 0, NULL, NULL },
	{ "grid-gap", pf_gap, -1, 0, NULL, m_gap },
	{ "grid-row", pf_grid_line, -1, 0, NULL, m_grid_row },
	{ "grid-row-end", pf_grid_line, P_GRID_ROW_END, 0, NULL, NULL },
	{ "grid-row-gap", pf_gap, P_ROW_GAP, 0, NULL, NULL },
	{ "grid-row-start", pf_grid_line, P_GRID_ROW_START, 0, NULL, NULL },
	{ "grid-template-columns", pf_tracks, P_GRID_TEMPLATE_COLUMNS, 0, NULL, NULL },
	{ "grid-template-rows", pf_tracks, P_GRID_TEMPLATE_ROWS, 0, NULL, NULL },
	{ "height", pf_len, P_HEIGHT, LEN_BOX, NULL, NULL },
	{ "inset", pf_len_sides, P_TOP, LEN_INSET, NULL, m_inset },
	{ "justify-content", pf_align, P_JUSTIFY_CONTENT, 1, NULL, NULL },
	{ "justify-items", pf_align, P_JUSTIFY_ITEMS, 4, NULL, NULL },
	{ "justify-self", pf_align, P_JUSTIFY_SELF, 2, NULL, NULL },
	{ "left", pf_len, P_LEFT, LEN_INSET, NULL, NULL },
	{ "letter-spacing", pf_spacing, P_LETTER_SPACING, 0, NULL, NULL },
	{ "line-height", pf_line_height, P_LINE_HEIGHT, 0, NULL, NULL },
	{ "list-style", pf_list_style, -1, 0, NULL, m_list },
	{ "list-style-image", pf_list_image, P_LIST_STYLE_IMAGE, 0, NULL, NULL },
	{ "list-style-position", pf_kw, P_LIST_STYLE_POSITION, 0, kw_list_pos, NULL },
	{ "list-style-type", pf_list_type, P_LIST_STYLE_TYPE, 0, NULL, NULL },
	{ "margin", pf_len_sides, P_MARGIN_TOP, LEN_MARG, NULL, m_margin },
	{ "margin-bottom", pf_len, P_MARGIN_BOTTOM, LEN_MARG, NULL, NULL },
	{ "margin-left", pf_len, P_MARGIN_LEFT, LEN_MARG, NULL, NULL },
	{ "margin-right", pf_len, P_MARGIN_RIGHT, LEN_MARG, NULL, NULL },
	{ "margin-top", pf_len, P_MARGIN_TOP, LEN_MARG, NULL, NULL },
	{ "max-height", pf_len, P_MAX_HEIGHT, LEN_MAX, NULL, NULL },
	{ "max-width", pf_len, P_MAX_WIDTH, LEN_MAX, NULL, NULL },
	{ "min-height", pf_len, P_MIN_HEIGHT, LEN_BOX, NULL, NULL },
	{ "min-width", pf_len, P_MIN_WIDTH, LEN_BOX, NULL, NULL },
	{ "object-fit", pf_kw, P_OBJECT_FIT, 0, kw_object_fit, NULL },
	{ "opacity", pf_opacity, P_OPACITY, 0, NULL, NULL },
	{ "overflow", pf_overflow, -1, 0, NULL, m_overflow },
	{ "overflow-wrap", pf_kw, P_OVERFLOW_WRAP, 0, kw_overflow_wrap, NULL },
	{ "overflow-x", pf_kw, P_OVERFLOW_X, 0, kw_overflow, NULL },
	{ "overflow-y", pf_kw, P_OVERFLOW_Y, 0, kw_overflow, NULL },
	{ "padding", pf_len_sides, P_PADDING_TOP, LF_PCT, NULL, m_padding },
	{ "padding-bottom", pf_len, P_PADDING_BOTTOM, LF_PCT, NULL, NULL },
	{ "padding-left", pf_len, P_PADDING_LEFT, LF_PCT, NULL, NULL },
	{ "padding-right", pf_len, P_PADDING_RIGHT, LF_PCT, NULL, NULL },
	{ "padding-top", pf_len, P_PADDING_TOP, LF_PCT, NULL, NULL },
	{ "place-content", pf_place, -1, 1 | 4, NULL, m_place_content },
	{ "place-items", pf_place, -1, 0, NULL, m_place_items },
	{ "place-self", pf_place, -1, 2, NULL, m_place_self },
	{ "position", pf_kw, P_POSITION, 0, kw_position, NULL },
	{ "right", pf_len, P_RIGHT, LEN_INSET, NULL, NULL },
	{ "row-gap", pf_gap, P_ROW_GAP, 0, NULL, NULL },
	{ "text-align", pf_kw, P_TEXT_ALIGN, 0, kw_text_align, NULL },
	{ "text-decoration", pf_text_decoration, -1, 0, NULL, m_deco },
	{ "text-decoration-color", pf_color, P_TEXT_DECORATION_COLOR, 0, NULL, NULL },
	{ "text-decoration-line", pf_deco_line, P_TEXT_DECORATION_LINE, 0, NULL, NULL },
	{ "text-indent", pf_len, P_TEXT_INDENT, LF_PCT | LF_NEG, NULL, NULL },
	{ "text-shadow", pf_shadow, P_TEXT_SHADOW, 0, NULL, NULL },
	{ "text-transform", pf_kw, P_TEXT_TRANSFORM, 0, kw_text_transform, NULL },
	{ "top", pf_len, P_TOP, LEN_INSET, NULL, NULL },
	{ "transform", pf_transform, P_TRANSFORM, 0, NULL, NULL },
	{ "transform-origin", pf_transform_origin, P_TRANSFORM_ORIGIN, 0, NULL, NULL },
	{ "vertical-align", pf_vertical_align, P_VERTICAL_ALIGN, 0, NULL, NULL },
	{ "visibility", pf_kw, P_VISIBILITY, 0, kw_visibility, NULL },
	{ "white-space", pf_kw, P_WHITE_SPACE, 0, kw_white_space, NULL },
	{ "width", pf_len, P_WIDTH, LEN_BOX, NULL, NULL },
	{ "word-break", pf_kw, P_WORD_BREAK, 0, kw_word_break, NULL },
	{ "word-spacing", pf_spacing, P_WORD_SPACING, 0, NULL, NULL },
	{ "word-wrap", pf_kw, P_OVERFLOW_WRAP, 0, kw_overflow_wrap, NULL },
	{ "z-index", pf_z_index, P_Z_INDEX, 0, NULL, NULL },
};

/* Real CSS properties that do not change what we draw: dropped without a
 * warning. Prefixes end in '-' (or are whole families). */
static const char *const silent_props[] = {
	"accent-color", "align-content", "all", "animation", "appearance",
	"aspect-ratio", "backdrop-filter", "backface-visibility", "background-attachment",
	"background-blend-mode", "background-clip", "background-origin", "block-size",
	"border-block", "border-image", "border-inline", "box-decoration-break", "break-",
	"caption-side", "caret-color", "clip", "clip-path", "color-adjust", "color-scheme",
	"column-count", "column-fill", "column-rule", "column-span", "column-width",
	"columns", "contain", "container", "content", "content-visibility", "counter-",
	"cursor", "empty-cells", "fill", "filter", "font-display", "font-feature-settings",
	"font-kerning", "font-language-override", "font-optical-sizing", "font-palette",
	"font-size-adjust", "font-stretch", "font-synthesis", "font-variant-",
	"font-variation-settings", "forced-color-adjust", "grid", "hanging-punctuation",
	"hyphens", "image-orientation", "image-rendering", "inline-size", "inset-block",
	"inset-inline", "isolation", "line-break",
	"margin-block", "margin-inline", "marker", "mask", "math-", "max-block-size",
	"max-inline-size", "min-block-size", "min-inline-size", "mix-blend-mode",
	"object-position", "offset", "order", "orphans", "outline", "overflow-anchor",
	"overflow-block", "overflow-clip-margin", "overflow-inline", "overscroll-behavior",
	"padding-block", "padding-inline", "page", "page-break-", "paint-order",
	"perspective", "pointer-events",
	"print-color-adjust", "quotes", "resize", "rotate", "ruby-", "scale", "scroll-",
	"scrollbar-", "shape-", "speak", "stroke", "tab-size", "table-layout",
	"text-align-last", "text-combine-upright", "text-decoration-skip",
	"text-decoration-style", "text-decoration-thickness", "text-emphasis",
	"text-justify", "text-orientation", "text-overflow", "text-rendering",
	"text-size-adjust", "text-underline-offset", "text-underline-position",
	"text-wrap", "touch-action", "transform-box", "transform-style", "transition",
	"translate", "unicode-bidi", "user-select", "vector-effect", "view-transition-name",
	"white-space-collapse", "widows", "will-change", "writing-mode", "zoom",
};

/* -webkit- names Chrome still accepts as aliases of properties we draw. */
static const char *const webkit_aliases[] = {
	"align-items", "align-self", "border-bottom-left-radius",
	"border-bottom-right-radius", "border-radius", "border-top-left-radius",
	"border-top-right-radius", "box-shadow", "box-sizing", "flex", "flex-basis",
	"flex-direction", "flex-flow", "flex-grow", "flex-shrink", "flex-wrap",
	"justify-content", "transform", "transform-origin",
};

static int prop_cmp(const void *a, const void *b)
{
	return strcmp(((const struct prop_def *)a)->name, ((const struct prop_def *)b)->name);
}

static const struct prop_def *find_prop(const char *s, size_t n)
{
	char name[64];
	if (n == 0 || n >= sizeof name)
		return NULL;
	for (size_t i = 0; i < n; i++)
		name[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] | 0x20 : s[i]);
	name[n] = '\0';
	struct prop_def key = { name, NULL, 0, 0, NULL, NULL };
	const struct prop_def *d = bsearch(&key, props, ARRAY_LEN(props), sizeof props[0], prop_cmp);
	if (d || strncmp(name, "-webkit-", 8))
		return d;
	for (size_t i = 0; i < ARRAY_LEN(webkit_aliases); i++) {
		if (!strcmp(name + 8, webkit_aliases[i])) {
			key.name = name + 8;
			return bsearch(&key, props, ARRAY_LEN(props), sizeof props[0], prop_cmp);
		}
	}
	return NULL;
}

static bool is_silent_prop(const char *s, size_t n)
{
	if (n && s[0] == '-')   /* vendor prefixes and custom properties */
		return true;
	for (size_t i = 0; i < ARRAY_LEN(silent_props); i++) {
		const char *p = silent_props[i];
		size_t k = strlen(p);
		if (n < k)
			continue;
		bool pre = true;
		for (size_t j = 0; j < k && pre; j++) {
			char ch = s[j];
			if (ch >= 'A' && ch <= 'Z')
				ch = (char)(ch | 0x20);
			pre = ch == p[j];
		}
		/* a family name matches itself and its longhands (outline-color) */
		if (pre && (n == k || p[k - 1] == '-' || s[k] == '-'))
			return true;
	}
	return false;
}

static void check_table(void)
{
	static bool checked;
	if (checked)
		return;
	for (size_t i = 1; i < ARRAY_LEN(props); i++)
		if (strcmp(props[i - 1].name, props[i].name) >= 0) {
			fprintf(stderr, "css: property table not sorted at %s\n", props[i].name);
			abort();
		}
	checked = true;
}

/* ---- declarations (CSS Syntax 3 §5.4.6) ------------------------------------- */

static bool value_has_var(struct css_parser *P, uint32_t i, uint32_t end)
{
	for (; i < end; i++)
		if (TOK(P, i)->type == T_FUNCTION && tok_is(P, TOK(P, i), T_FUNCTION, "var"))
			return true;
	return false;
}

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
	const struct prop_def *d = find_prop(name, nlen);
	if (!d) {
		if (!is_silent_prop(name, nlen))
			css__warn(P, nt->off, "unknown property '%.*s' (declaration dropped)",
				  (int)MIN(nlen, 64), name);
		return false;
	}
	if (vs >= ve) {
		css__warn(P, nt->off, "missing value for '%.*s' (declaration dropped)",
			  (int)MIN(nlen, 64), name);
		return false;
	}
	uint32_t start = P->n_dv;
	/* CSS-wide keywords (Cascade 4 §7.3) apply to every longhand */
	int wide = -1;
	if (ve == vs + 1 && TOK(P, vs)->type == T_IDENT) {
		size_t kn;
		const char *k = tval(P, TOK(P, vs), &kn);
		if (css_ieq(k, kn, "inherit"))
			wide = W_INHERIT;
		else if (css_ieq(k, kn, "initial"))
			wide = W_INITIAL;
		else if (css_ieq(k, kn, "unset") || css_ieq(k, kn, "revert") ||
			 css_ieq(k, kn, "revert-layer"))
			wide = W_UNSET;   /* revert: no user sheet, so unset (brief) */
	}
	bool ok;
	P->unsupported = false;
	if (wide >= 0) {
		if (d->members) {
			for (const uint16_t *m = d->members; *m != END; m++)
				push(P, *m, sv_kw(0));
		} else {
			push(P, (unsigned)d->prop, sv_kw(0));
		}
		for (uint32_t k = start; k < P->n_dv; k++)
			P->dv[k].wide = (uint8_t)wide;
		ok = true;
	} else {
		struct vc c = { P, vs, ve, 0 };
		ok = d->fn(&c, d);
	}
	if (!ok) {
		P->n_dv = start;
		char val[128];
		excerpt(P, vs, ve, val, sizeof val);
		bool colon = false;
		for (uint32_t k = vs; k < ve; k++)
			colon = colon || TOK(P, k)->type == T_COLON;
		if (P->unsupported || value_has_var(P, vs, ve))
			css__warn(P, nt->off, "unsupported value for '%.*s': %s (declaration dropped)",
				  (int)MIN(nlen, 64), name, val);
		else
			css__warn(P, nt->off, "invalid value for '%.*s': %s (declaration dropped%s)",
				  (int)MIN(nlen, 64), name, val,
				  colon ? "; missing ';'?" : "");
		return false;
	}
	for (uint32_t k = start; k < P->n_dv; k++)
		P->dv[k].important = important;
	return true;
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
			/* a custom property: its value may hold {} blocks; var() is
			 * not supported, so it is dropped silently */
			while (i < end && TOK(P, i)->type != T_SEMI)
				i = is_opener(TOK(P, i)->type) ? TOK(P, i)->aux + 1 : i + 1;
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
			excerpt(P, i, block, sel, sizeof sel);
			css__warn(P, t->off, "nested rule '%s' ignored", sel);
			i = TOK(P, block)->aux + 1;
			continue;
		}
		if (t->type == T_IDENT) {
			parse_declaration(P, i, j);
		} else {
			char what[64];
			excerpt(P, i, MIN(i + 1, j), what, sizeof what);
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
	if (!take_len(c, 0, &v))
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
	const struct prop_def *d = find_prop(name, n);
	if (!d) {
		/* properties browsers support but we do not draw */
		return is_silent_prop(name, n) && name[0] != '-';
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
		excerpt(P, s, e, sel, sizeof sel);
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
	check_table();
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
static uint32_t skip_ws(struct css_parser *P, uint32_t i, uint32_t end)
{
	while (i < end && TOK(P, i)->type == T_WS)
		i++;
	return i;
}

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
				if (take_image(&c, false, &u) && u.unit == U_STR) {
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
	check_table();
	P->n_dv = 0;
	parse_block(P, 0, P->L->n - 1);
	*n = P->n_dv;
	if (!P->n_dv)
		return NULL;
	struct css_decl *d = arena_alloc(P->a, P->n_dv * sizeof *d);
	memcpy(d, P->dv, P->n_dv * sizeof *d);
	return d;
}
