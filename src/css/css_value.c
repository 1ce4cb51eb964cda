/*
 * css_value.c — the value grammar (CSS Values 4, Color 4, Images 3):
 * tokens → struct css_sval for the types many properties share — numbers,
 * lengths and calc(), angles, colours, positions, images and gradients —
 * and css_parse_color() for the other stages.
 *
 * Values stay *specified* here: em, %, vw and currentColor are kept as
 * written and css_computed.c resolves them per element (CSS 2.1 §6.1).
 * A parser that fails restores nothing but its own cursor; the caller
 * drops the whole declaration (CSS Syntax 3 §5.4.6).
 *
 * SPDX-License-Identifier: MIT
 */
#include "css/css_value.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- numbers, lengths, calc() (CSS Values 4) ------------------------------ */


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
bool css__take_angle(struct vc *c, float *deg, bool zero_ok)
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

/* A calc() sum: lengths as coefficients per unit, or a plain number.
 * Every calc() we accept is linear in its units (Values 4 §10, type
 * checking: a product needs a number on one side, a quotient a number
 * below), so a sum of coefficients represents any of them exactly. */
struct lin {
	float c[CU_N];
	float num;
	bool is_num;
};

static bool calc_sum(struct vc *c, struct lin *out);

/* -webkit-calc() is old Chrome's name, still in the themes' CSS. */
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

/* The coefficient of unit u (CU_N: the number). */
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

/* A value, a nested calc()/min()/max()/clamp() or a parenthesised sum;
 * nesting is bounded by MAX_CSS_NESTING, so hostile input cannot
 * exhaust the stack. */
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

/* leaf [* leaf | / number]*: one side of * must be a number. */
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
bool css__take_calc(struct vc *c, unsigned flags, struct css_sval *out)
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

/* A bare 0 is a length (CSS 2.1 §4.3.2: the unit is optional after
 * zero); other unitless numbers only where the flags accept numbers. */
bool css__take_len(struct vc *c, unsigned flags, struct css_sval *out)
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
		return css__take_calc(c, flags, out);
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

/* #rgb, #rgba, #rrggbb, #rrggbbaa (Color 4 §5.2). */
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

/* Out-of-range channels clamp (Color 4, rgb()); NaN becomes 0. */
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
		return css__take_angle(c, &o->v, false);
	} else if (is_ident(c->P, t, "none")) {
		o->v = 0;
		o->none = true;
	} else {
		return false;
	}
	adv(c);
	return true;
}

/* HSL → RGB, the algorithm of CSS Color 3 §4.2.4 (h in turns). */
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

/* A <color>: currentColor, transparent, a named colour, a hash, rgb() or
 * hsl(). The other Color 4/5 functions (lab(), color-mix()…) are valid
 * CSS we cannot draw: flagged unsupported, so the warning says so rather
 * than "invalid". */
bool css__take_color(struct vc *c, struct css_sval *out)
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

static bool color_tokens(struct css_parser *P, uint32_t i, uint32_t end,
			 struct css_sval *out)
{
	struct vc c = { P, i, end, 0 };
	return css__take_color(&c, out) && at_end(&c);
}

/* ---- css_parse_color (css.h) -------------------------------------------------------- */

bool css_parse_color(const char *s, size_t len, struct css_color *out)
{
	if (!s || !len || len > 4096)
		return false;
	struct css_lexed L;
	css_lex(s, len, &L);
	struct css_parser P;
	memset(&P, 0, sizeof P);
	P.L = &L;
	bool esc = false;
	for (uint32_t i = 0; i < L.n; i++)
		esc = esc || (L.t[i].flags & TF_ESC);
	if (esc)
		P.tmp = arena_new();
	struct css_sval v;
	bool ok = color_tokens(&P, 0, L.n - 1, &v) && !(v.flags & SV_CURRENT);
	if (ok)
		*out = v.c;
	if (P.tmp)
		arena_free(P.tmp);
	css_lex_free(&L);
	return ok;
}

/* ---- positions (CSS Values 4 §8.3) ------------------------------------------ */

bool css__take_poscomp(struct vc *c, struct poscomp *p)
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
	return css__take_len(c, LF_PCT | LF_NEG, &p->v);
}

/* <position> (CSS Values 4 §8.3; Backgrounds 3 <bg-position>) with up to
 * max components. `right 10px` style offsets from the far edge would need
 * calc(100% - 10px); they are kept as the edge. */
bool css__take_position(struct vc *c, int max, struct css_sval *x, struct css_sval *y)
{
	struct poscomp p[4];
	int n = 0;
	struct vc save = *c;
	while (n < max) {
		struct vc s = *c;
		if (!css__take_poscomp(c, &p[n])) {
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

/* ---- backgrounds and gradients (CSS Images 3) ------------------------------ */

/* One gradient argument: does it look like a colour stop? */
static bool arg_starts_color(struct vc *a)
{
	struct vc t = *a;
	struct css_sval v;
	return css__take_color(&t, &v);
}

/* <color-stop-list> (Images 3 colour stops): at least two; a stop
 * with two positions is two stops; a position that is not a percentage
 * (or 0) is left auto (< 0) for the painter to spread. With more than
 * CSS_MAX_STOPS the first ones and the last are kept, so the gradient
 * still ends in its last colour. */
static bool gradient_stops(struct vc *a, struct css_spec_gradient *g)
{
	int n = 0, total = 0;
	struct { struct css_color c; float pos; bool cur; } st[64];
	for (;;) {
		struct css_sval col;
		const struct css_token *t = peek(a);
		if (!t)
			return false;
		if (css__take_color(a, &col)) {
			float pos[2] = { -1, -1 };
			int np = 0;
			while (np < 2 && peek(a) && peek(a)->type != T_COMMA) {
				struct css_sval p;
				if (!css__take_len(a, LF_PCT | LF_NEG, &p))
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
			if (!css__take_len(a, LF_PCT | LF_NEG, &p))
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
			if (!css__take_position(a, 4, &x, &y))
				return false;
		} else {
			struct css_sval l;
			if (!css__take_len(a, LF_PCT, &l))
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
			if (!css__take_len(a, LF_NUM | LF_PCT, &r))
				return false;
		} else {
			if (!css__take_position(a, 2, &x, &y))
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
		if (!css__take_color(&s, &col) || !at_end(&s))
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
bool css__take_image(struct vc *c, bool allow_none, struct css_sval *out)
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
		*out = sv_str(c->P->e, s, n);
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
		*out = sv_str(c->P->e, str, sn);
		return true;
	}
	if (css_ieq(f, n, "image-set") || css_ieq(f, n, "-webkit-image-set")) {
		/* the first candidate stands for the set */
		struct vc a = inner(c);
		const struct css_token *s = peek(&a);
		if (s && s->type == T_STRING) {
			size_t sn;
			const char *str = tval(c->P, s, &sn);
			*out = sv_str(c->P->e, str, sn);
		} else if (!css__take_image(&a, false, out)) {
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
			} else if (css__take_angle(&a, &deg, true)) {
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
			if (css__take_position(&a, 4, &x, &y) && peek(&a) && peek(&a)->type == T_COMMA) {
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
