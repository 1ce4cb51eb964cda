/*
 * css_props.c — the property table and one parser per property: a
 * declaration's value tokens → the specified values of its longhands.
 *
 * Every property is a row of props[] (sorted by name, bsearch'ed): its
 * parser, its longhand (or, for a shorthand, the list of longhands) and
 * its keyword table or length flags. A shorthand sets every one of its
 * longhands, those not given to their initial value, as CSS Cascade 4
 * §3.1 requires, so `background: red` resets background-image.
 * CSS-wide keywords (Cascade 4 §7.3) are handled once, for all rows.
 *
 * SPDX-License-Identifier: MIT
 */
#include "css/css_value.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Append one longhand to the declarations being collected. */
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

/* ---- property parsers ---------------------------------------------------- */

/* The common end of a one-value parser: the value was taken (ok) and
 * nothing follows it, so it is the longhand's value. */
static bool push_last(struct vc *c, unsigned prop, bool ok, const struct css_sval *v)
{
	if (!ok || !at_end(c))
		return false;
	push(c->P, prop, *v);
	return true;
}

struct prop_def;
typedef bool (*prop_fn)(struct vc *c, const struct prop_def *d);

struct prop_def {
	const char *name;
	prop_fn fn;
	int16_t prop;             /* the longhand (first of a side group) */
	unsigned flags;           /* LF_* for lengths */
	const struct kw *kws;     /* keywords: what pf_kw accepts; for every
	                             keyword longhand, the names the style
	                             dump prints (css__keyword_name) */
	const uint16_t *members;  /* shorthands: longhands, ending in P_COUNT */
};

#define END P_COUNT

/* The generic parsers: one keyword of d->kws, one length (d->flags say
 * which forms), one colour. Most rows of props[] use these. */
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
	return push_last(c, (unsigned)d->prop, css__take_len(c, d->flags, &v), &v);
}

static bool pf_color(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	return push_last(c, (unsigned)d->prop, css__take_color(c, &v), &v);
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
		return css__take_len(c, 0, out);
	adv(c);
	return true;
}

/* One value of a four-sides shorthand. */
static bool take_side(struct vc *c, enum side_kind k, unsigned flags, struct css_sval *v)
{
	int kw;
	switch (k) {
	case SK_LEN: return css__take_len(c, flags, v);
	case SK_BWIDTH: return take_bwidth(c, v);
	case SK_BSTYLE:
		if (!take_kw(c, kw_border_style, &kw))
			return false;
		*v = sv_kw(kw);
		return true;
	case SK_COLOR: return css__take_color(c, v);
	}
	return false;
}

/* top [right [bottom [left]]]: a missing right copies top, bottom copies
 * top, left copies right (CSS 2.1 §8.3); the four longhands from first. */
static void push_sides(struct css_parser *P, unsigned first, struct css_sval *v, int n)
{
	if (n < 2)
		v[1] = v[0];
	if (n < 3)
		v[2] = v[0];
	if (n < 4)
		v[3] = v[1];
	for (int i = 0; i < 4; i++)
		push(P, first + (unsigned)i, v[i]);
}

/* 1–4 values of one kind for the four sides. */
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
	push_sides(c->P, first, v, n);
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
	return push_last(c, (unsigned)d->prop, take_bwidth(c, &v), &v);
}

/* border / border-<side>: <width> || <style> || <color>. d->prop is the
 * side (SIDE_*), or -1 for all four; column-rule when P_COLUMN_RULE_WIDTH. */
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
		} else if (!hc && css__take_color(c, &col)) {
			hc = true;
		} else {
			return false;
		}
	}
	if (!hw && !hs && !hc)
		return false;
	if (d->prop == P_COLUMN_RULE_WIDTH) {
		/* column-rule: the same syntax (Multicol 1 §4.5) */
		push(c->P, P_COLUMN_RULE_WIDTH, w);
		push(c->P, P_COLUMN_RULE_STYLE, s);
		push(c->P, P_COLUMN_RULE_COLOR, col);
		return true;
	}
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
		if (!css__take_len(c, LF_PCT, &v[n]))
			return false;
		n++;
	}
	if (n == 0)
		return false;
	if (is_delim(c->P, peek(c), '/')) {
		adv(c);
		struct css_sval dummy;
		int m = 0;
		while (m < 4 && css__take_len(c, LF_PCT, &dummy))
			m++;
		if (m == 0)
			return false;
	}
	if (!at_end(c))
		return false;
	push_sides(c->P, P_RADIUS_TL, v, n);
	return true;
}

/* border-*-radius: <h> [<v>] (Backgrounds 3 §5.1). Corners are drawn
 * circular, so the vertical radius is checked and dropped. */
static bool pf_corner(struct vc *c, const struct prop_def *d)
{
	struct css_sval h, v;
	if (!css__take_len(c, LF_PCT, &h))
		return false;
	if (!at_end(c) && !css__take_len(c, LF_PCT, &v))
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

/* overflow: <x> [<y>] (Overflow 3 §3); one value sets both. */
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

/* z-index: auto | <integer> (CSS 2.1 §9.9.1); calc() rounds. */
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
	} else if (t && t->type == T_FUNCTION && css__take_calc(c, LF_NUM | LF_NEG, &v)) {
		v.v = roundf(v.v);
	} else {
		return false;
	}
	if (!at_end(c))
		return false;
	push(c->P, P_Z_INDEX, v);
	return true;
}

/* column-count: auto | <integer [1,inf]> (Multicol 1 §3.2) */
static bool take_column_count(struct vc *c, struct css_sval *v)
{
	const struct css_token *t = peek(c);
	if (t && t->type == T_NUMBER && (t->flags & TF_INT) && t->num >= 1) {
		adv(c);
		*v = sv_len(U_NUM, t->num);
		return true;
	}
	return false;
}

static bool pf_column_count(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (is_ident(c->P, peek(c), "auto")) {
		adv(c);
		v = sv_kw(KW_AUTO);
	} else if (!take_column_count(c, &v)) {
		return false;
	}
	if (!at_end(c))
		return false;
	push(c->P, P_COLUMN_COUNT, v);
	return true;
}

/* columns: <'column-width'> || <'column-count'> (Multicol 1 §3.3); `auto`
 * leaves its longhand at auto. */
static bool pf_columns(struct vc *c, const struct prop_def *d)
{
	struct css_sval w = sv_kw(KW_AUTO), n = sv_kw(KW_AUTO);
	bool hw = false, hn = false;
	int k = 0;
	while (!at_end(c)) {
		if (++k > 2)
			return false;
		if (is_ident(c->P, peek(c), "auto")) {
			adv(c);
		} else if (!hn && take_column_count(c, &n)) {
			hn = true;
		} else if (!hw && css__take_len(c, 0, &w)) {
			hw = true;
		} else {
			return false;
		}
	}
	if (k == 0)
		return false;
	push(c->P, P_COLUMN_WIDTH, w);
	push(c->P, P_COLUMN_COUNT, n);
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
	} else if (!css__take_len(c, LF_NUM | LF_NEG, &v) || v.unit != U_NUM) {
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
	if (!css__take_len(c, LF_NUM, &v) || v.unit != U_NUM || !at_end(c))
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
			} else if (nlen == 0 && css__take_len(c, LF_NEG, &len[0])) {
				nlen = 1;
				while (nlen < (box ? 4 : 3) && css__take_len(c, nlen == 2 ? 0 : LF_NEG,
									 &len[nlen]))
					nlen++;
				if (nlen < 2)
					return false;
			} else if (!has_color && css__take_color(c, &col)) {
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
	push(c->P, (unsigned)d->prop, sv_ptr(list));
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
				if (!css__take_len(&a, LF_NUM | LF_NEG, &v) || v.unit != U_NUM)
					return false;
				num[*n] = v.v;
			}
		} else if (kind == 1) {
			if (!css__take_len(&a, LF_PCT | LF_NEG, &len[*n]))
				return false;
		} else {
			if (!css__take_angle(&a, &num[*n], true))
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
	push(c->P, P_TRANSFORM, sv_ptr(tr));
	return true;
}

static bool pf_transform_origin(struct vc *c, const struct prop_def *d)
{
	struct css_spec_pair *pr = arena_alloc(c->P->a, sizeof *pr);
	if (!css__take_position(c, 2, &pr->x, &pr->y))
		return false;
	struct css_sval z;
	if (!at_end(c) && !css__take_len(c, LF_NEG, &z))
		return false;
	if (!at_end(c))
		return false;
	push(c->P, P_TRANSFORM_ORIGIN, sv_ptr(pr));
	return true;
}

static bool pf_bg_image(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!css__take_image(c, true, &v))
		return false;
	/* further layers: parsed for validity, only the top one is kept */
	bool comma;
	for (;;) {
		if (!comma_or_end(c, &comma))
			return false;
		if (!comma)
			break;
		struct css_sval w;
		if (!css__take_image(c, true, &w))
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

/* <repeat-style> (Backgrounds 3 §3.4): one keyword, or two for x and y
 * folded into the four values we keep; space and round repeat. */
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
	if (!css__take_len(c, LF_PCT | LF_AUTO, &pr->x))
		return false;
	struct vc s = *c;
	if (!css__take_len(c, LF_PCT | LF_AUTO, &pr->y)) {
		*c = s;
		pr->y = sv_kw(KW_AUTO);
	}
	if (pr->x.unit == U_KW && pr->y.unit == U_KW) {
		*out = sv_kw(BGS_AUTO);
		return true;
	}
	*out = sv_ptr(pr);
	out->kw = BGS_LENGTH;
	return true;
}

/* Only the top layer of a layered background is drawn; the other
 * layers are parsed so that an invalid one still drops the declaration,
 * as a browser would. */
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
	if (!css__take_position(c, 4, &x, &y))
		return false;
	bool comma;
	for (;;) {
		if (!comma_or_end(c, &comma))
			return false;
		if (!comma)
			break;
		struct css_sval a, b;
		if (!css__take_position(c, 4, &a, &b))
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
	if (!css__take_poscomp(c, &p) || !at_end(c))
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
			if (!hi && css__take_image(c, true, &img)) {
				hi = true;
			} else if (!hp && css__take_position(c, 4, &x, &y)) {
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
			} else if (!hc && css__take_color(c, &color)) {
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
			} else if (!hb && css__take_len(c, LF_PCT | LF_AUTO, &b)) {
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
	if (!css__take_len(c, LF_PCT | LF_NORMAL, &r))
		return false;
	col = r;
	if (d->prop < 0 && !at_end(c) && !css__take_len(c, LF_PCT | LF_NORMAL, &col))
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
	return css__take_len(c, LF_PCT | LF_AUTO, out);
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
	push(c->P, (unsigned)d->prop, sv_ptr(l));
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

/* border-spacing: <h> [<v>] (CSS 2.1 §17.6.1); one spacing is kept. */
static bool pf_border_spacing(struct vc *c, const struct prop_def *d)
{
	struct css_sval h, v;
	if (!css__take_len(c, 0, &h))
		return false;
	if (!at_end(c) && !css__take_len(c, 0, &v))
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

/* <absolute-size> as Chrome's px table (Fonts 4 §2.5 leaves it to the
 * UA), <relative-size>, or a length-percentage of the parent's size. */
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
	return css__take_len(c, LF_PCT, out);
}

static bool pf_font_size(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	return push_last(c, P_FONT_SIZE, take_font_size(c, &v), &v);
}

/* font-weight (Fonts 4 §2.2): a number 1..1000, normal = 400, bold = 700;
 * bolder/lighter depend on the parent and are computed later. */
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
	else if (t->type == T_FUNCTION && css__take_calc(c, LF_NUM, out))
		return out->v >= 1 && out->v <= 1000;
	else
		return false;
	adv(c);
	return true;
}

static bool pf_font_weight(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	return push_last(c, P_FONT_WEIGHT, take_font_weight(c, &v), &v);
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
		css__take_angle(c, &deg, false);
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
	return push_last(c, P_FONT_STYLE, take_font_style(c, &v), &v);
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
		*out = sv_str(c->P->e, b.s, b.len);
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

/* line-height (CSS 2.1 §10.8.1): a number stays a number so that it
 * inherits as a factor, not as the parent's px. */
static bool take_line_height(struct vc *c, struct css_sval *out)
{
	return css__take_len(c, LF_PCT | LF_NUM | LF_NORMAL, out);
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
	return push_last(c, P_LINE_HEIGHT, take_line_height(c, &v), &v);
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
		else if (!hc && css__take_color(c, &col))
			hc = true;
		else if (!ht && (is_ident(c->P, t, "from-font") || is_ident(c->P, t, "auto")))
			adv(c), ht = true;
		else if (!ht && css__take_len(c, LF_PCT, &len))
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

/* vertical-align (CSS 2.1 §10.8.1): a keyword or a length-percentage;
 * percentages refer to the line height, computed later. */
static bool pf_vertical_align(struct vc *c, const struct prop_def *d)
{
	int v;
	struct css_sval s;
	if (take_kw(c, kw_valign, &v))
		s = sv_kw(v);
	else if (!css__take_len(c, LF_PCT | LF_NEG, &s))
		return false;
	if (!at_end(c))
		return false;
	push(c->P, P_VERTICAL_ALIGN, s);
	return true;
}

/* letter-spacing, word-spacing (Text 3 §8): normal or a length. */
static bool pf_spacing(struct vc *c, const struct prop_def *d)
{
	struct css_sval v;
	if (!css__take_len(c, LF_NEG | LF_NORMAL | (d->prop == P_WORD_SPACING ? LF_PCT : 0), &v) ||
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
	if (!css__take_image(c, true, &v) || !at_end(c))
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
		} else if (!hi && css__take_image(c, false, &img)) {
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
static const struct kw kw_break_inside[] = {
	{ "auto", BREAK_INSIDE_AUTO }, { "avoid", BREAK_INSIDE_AVOID },
	{ "avoid-column", BREAK_INSIDE_AVOID }, { "avoid-page", BREAK_INSIDE_AUTO },
	{ NULL, 0 }
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
static const uint16_t m_column_rule[] = {
	P_COLUMN_RULE_WIDTH, P_COLUMN_RULE_STYLE, P_COLUMN_RULE_COLOR, END
};
static const uint16_t m_columns[] = { P_COLUMN_WIDTH, P_COLUMN_COUNT, END };
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
	/* the legacy break aliases (Fragmentation 3 §3.4) */
	{ "-webkit-column-break-inside", pf_kw, P_BREAK_INSIDE, 0, kw_break_inside, NULL },
	{ "align-items", pf_align, P_ALIGN_ITEMS, 0, kw_align, NULL },
	{ "align-self", pf_align, P_ALIGN_SELF, 2, kw_align, NULL },
	{ "background", pf_background, -1, 0, NULL, m_background },
	{ "background-color", pf_color, P_BG_COLOR, 0, NULL, NULL },
	{ "background-image", pf_bg_image, P_BG_IMAGE, 0, NULL, NULL },
	{ "background-position", pf_bg_position, -1, 0, NULL, m_bgpos },
	{ "background-position-x", pf_bg_pos_axis, P_BG_POS_X, 0, NULL, NULL },
	{ "background-position-y", pf_bg_pos_axis, P_BG_POS_Y, 0, NULL, NULL },
	{ "background-repeat", pf_bg_repeat, P_BG_REPEAT, 0, kw_repeat, NULL },
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
	{ "break-inside", pf_kw, P_BREAK_INSIDE, 0, kw_break_inside, NULL },
	{ "clear", pf_kw, P_CLEAR, 0, kw_clear, NULL },
	{ "color", pf_color, P_COLOR, 0, NULL, NULL },
	{ "column-count", pf_column_count, P_COLUMN_COUNT, 0, NULL, NULL },
	{ "column-gap", pf_gap, P_GAP, 0, NULL, NULL },
	{ "column-rule", pf_border, P_COLUMN_RULE_WIDTH, 0, NULL, m_column_rule },
	{ "column-rule-color", pf_color, P_COLUMN_RULE_COLOR, 0, NULL, NULL },
	{ "column-rule-style", pf_kw, P_COLUMN_RULE_STYLE, 0, kw_border_style, NULL },
	{ "column-rule-width", pf_bwidth, P_COLUMN_RULE_WIDTH, 0, NULL, NULL },
	{ "column-width", pf_len, P_COLUMN_WIDTH, LF_AUTO, NULL, NULL },
	{ "columns", pf_columns, -1, 0, NULL, m_columns },
	{ "direction", pf_kw, P_DIRECTION, 0, kw_direction, NULL },
	{ "display", pf_display, P_DISPLAY, 0, kw_display, NULL },
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
	{ "justify-content", pf_align, P_JUSTIFY_CONTENT, 1, kw_align, NULL },
	{ "justify-items", pf_align, P_JUSTIFY_ITEMS, 4, kw_align, NULL },
	{ "justify-self", pf_align, P_JUSTIFY_SELF, 2, kw_align, NULL },
	{ "left", pf_len, P_LEFT, LEN_INSET, NULL, NULL },
	{ "letter-spacing", pf_spacing, P_LETTER_SPACING, 0, NULL, NULL },
	{ "line-height", pf_line_height, P_LINE_HEIGHT, 0, NULL, NULL },
	{ "list-style", pf_list_style, -1, 0, NULL, m_list },
	{ "list-style-image", pf_list_image, P_LIST_STYLE_IMAGE, 0, NULL, NULL },
	{ "list-style-position", pf_kw, P_LIST_STYLE_POSITION, 0, kw_list_pos, NULL },
	{ "list-style-type", pf_list_type, P_LIST_STYLE_TYPE, 0, kw_list_type, NULL },
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
	{ "page-break-inside", pf_kw, P_BREAK_INSIDE, 0, kw_break_inside, NULL },
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
	{ "vertical-align", pf_vertical_align, P_VERTICAL_ALIGN, 0, kw_valign, NULL },
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
	"column-fill", "column-span", "contain", "container", "content",
	"content-visibility", "counter-",
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
	"border-top-right-radius", "box-shadow", "box-sizing", "column-count", "column-gap",
	"column-rule", "column-rule-color", "column-rule-style", "column-rule-width",
	"column-width", "columns", "flex", "flex-basis",
	"flex-direction", "flex-flow", "flex-grow", "flex-shrink", "flex-wrap",
	"justify-content", "transform", "transform-origin",
};

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

static int prop_cmp(const void *a, const void *b)
{
	return strcmp(((const struct prop_def *)a)->name, ((const struct prop_def *)b)->name);
}

static const struct prop_def *find_prop(const char *s, size_t n)
{
	check_table();
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

/* The first name with value v in the keyword table of longhand prop's
 * parser, so an alias (sticky → relative) prints as the value it stands
 * for; "?" when there is none. */
const char *css__keyword_name(unsigned prop, int v)
{
	for (size_t i = 0; i < ARRAY_LEN(props); i++) {
		const struct prop_def *d = &props[i];
		if (!d->kws || d->members || d->prop != (int)prop)
			continue;
		for (const struct kw *k = d->kws; k->name; k++)
			if (k->v == v)
				return k->name;
	}
	return "?";
}

bool css__is_property(const char *s, size_t n)
{
	return find_prop(s, n) != NULL;
}

bool css__is_silent_property(const char *s, size_t n)
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


static bool value_has_var(struct css_parser *P, uint32_t i, uint32_t end)
{
	for (; i < end; i++)
		if (TOK(P, i)->type == T_FUNCTION && tok_is(P, TOK(P, i), T_FUNCTION, "var"))
			return true;
	return false;
}

static const struct css_var *find_var(const struct css_engine *e, const char *n, size_t len)
{
	for (uint32_t k = e->n_vars; k-- > 0;)
		if (e->vars[k].nlen == len && !memcmp(e->vars[k].name, n, len))
			return &e->vars[k];
	return NULL;
}

/* Append the text of tokens [i, end) of L with every var() replaced by
 * its custom property's value (CSS Variables 1 §3), or by its fallback
 * when the property is not declared. False: a var() with neither, or too
 * deep, or too long. */
static bool subst_vars(const struct css_engine *e, const struct css_lexed *L, uint32_t i,
		       uint32_t end, struct strbuf *out, int depth)
{
	if (depth > MAX_CSS_VAR_DEPTH)
		return false;
	for (; i < end; i++) {
		const struct css_token *t = &L->t[i];
		if (out->len > MAX_CSS_VAR_TEXT)
			return false;
		bool is_var = t->type == T_FUNCTION && t->len == 4 &&
			      !strncasecmp(L->src + t->off, "var(", 4);
		if (!is_var) {
			/* the raw text up to the next token: spaces, comments */
			size_t to = i + 1 < end ? L->t[i + 1].off : t->off + t->len;
			strbuf_append(out, L->src + t->off, to - t->off);
			continue;
		}
		uint32_t close = MIN(t->aux, end), k = i + 1;
		while (k < close && L->t[k].type == T_WS)
			k++;
		if (k >= close || L->t[k].type != T_IDENT)
			return false;
		const struct css_var *v = find_var(e, L->src + L->t[k].off, L->t[k].len);
		uint32_t comma = k + 1;
		while (comma < close && L->t[comma].type != T_COMMA)
			comma = (L->t[comma].type == T_FUNCTION || L->t[comma].type == T_LPAREN ||
				 L->t[comma].type == T_LBRACKET || L->t[comma].type == T_LBRACE)
				? L->t[comma].aux + 1 : comma + 1;
		if (v) {
			/* the value may use var() itself */
			struct css_lexed V;
			css_lex(v->value, v->vlen, &V);
			bool ok = subst_vars(e, &V, 0, V.n - 1, out, depth + 1);
			css_lex_free(&V);
			if (!ok)
				return false;
		} else if (comma < close) {
			if (!subst_vars(e, L, comma + 1, close, out, depth + 1))
				return false;
		} else {
			return false;
		}
		strbuf_append(out, " ", 1);
		i = close;
	}
	return true;
}

/*
 * The value of the declaration whose name is token `name`, in tokens
 * [vs, ve) (trimmed, without !important): its longhands are appended to
 * P->dv. Unknown properties, CSS-wide keywords and the warning for a
 * dropped value are handled here, once for every property.
 */
bool css__parse_property(struct css_parser *P, uint32_t name_tok, uint32_t vs, uint32_t ve)
{
	const struct css_token *nt = TOK(P, name_tok);
	size_t nlen;
	const char *name = tval(P, nt, &nlen);
	uint32_t start = P->n_dv;
	const struct prop_def *d = find_prop(name, nlen);
	if (!d) {
		if (!css__is_silent_property(name, nlen))
			css__warn(P, nt->off, "unknown property '%.*s' (declaration dropped)",
				  (int)MIN(nlen, 64), name);
		return false;
	}
	if (vs >= ve) {
		css__warn(P, nt->off, "missing value for '%.*s' (declaration dropped)",
			  (int)MIN(nlen, 64), name);
		return false;
	}
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
	} else if (value_has_var(P, vs, ve)) {
		/* var(): the value with the custom properties' text in place,
		 * lexed anew (CSS Variables 1 §3: invalid at computed-value
		 * time is the property's initial value; dropped here) */
		struct strbuf sb;
		strbuf_init(&sb, MAX_CSS_VAR_TEXT * 2);
		ok = subst_vars(P->e, P->L, vs, ve, &sb, 0);
		if (ok) {
			struct css_lexed V;
			css_lex(sb.s, sb.len, &V);
			const struct css_lexed *keep = P->L;
			bool warn = P->warn;
			uint32_t a = 0, z = V.n - 1;
			while (a < z && V.t[a].type == T_WS)
				a++;
			while (z > a && V.t[z - 1].type == T_WS)
				z--;
			P->L = &V;
			P->warn = false;
			struct vc c = { P, a, z, 0 };
			ok = z > a && d->fn(&c, d);
			P->L = keep;
			P->warn = warn;
			css_lex_free(&V);
		}
		strbuf_free(&sb);
	} else {
		struct vc c = { P, vs, ve, 0 };
		ok = d->fn(&c, d);
	}
	if (!ok) {
		P->n_dv = start;
		char val[128];
		css__excerpt(P, vs, ve, val, sizeof val);
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
	return true;
}
