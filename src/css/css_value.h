/*
 * css_value.h — the value grammar shared by the property parsers
 * (css_props.c), the rule syntax (css_parse.c: media queries, @font-face)
 * and the value parsers themselves (css_value.c).
 *
 * A value is parsed with a cursor over component values (CSS Syntax 3
 * §5.3.11 "consume a component value"): white space is skipped, and a
 * function or a block is one step, its contents reached with inner().
 * The tokenizer has matched every bracket already, so stepping over a
 * block is O(1) and nothing here recurses on nesting depth except calc(),
 * which is bounded by MAX_CSS_NESTING.
 *
 * Values are built with the sv_*() constructors: the only place that
 * knows how a struct css_sval encodes a keyword, a length or a colour.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_CSS_VALUE_H
#define SCS_CSS_VALUE_H

#include "css/css_internal.h"
#include "base/util.h"

#define TOK(P, i) (&(P)->L->t[(i)])

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

static inline bool is_opener(uint8_t ty)
{
	return ty == T_FUNCTION || ty == T_LPAREN || ty == T_LBRACKET || ty == T_LBRACE;
}

static inline void adv(struct vc *c)
{
	const struct css_token *t = TOK(c->P, c->i);
	c->i = is_opener(t->type) ? t->aux + 1 : c->i + 1;
}

static inline bool at_end(struct vc *c)
{
	return peek(c) == NULL;
}

/* The contents of the block or function at the cursor. */
static inline struct vc inner(struct vc *c)
{
	const struct css_token *t = TOK(c->P, c->i);
	struct vc s = { c->P, c->i + 1, MIN(t->aux, c->end), c->depth + 1 };
	return s;
}

static const char *tval(struct css_parser *P, const struct css_token *t, size_t *n)
{
	return css_tok_value(P->L, t, P->tmp, n);
}

static inline bool tok_is(struct css_parser *P, const struct css_token *t, uint8_t type,
		   const char *word)
{
	if (!t || t->type != type)
		return false;
	size_t n;
	const char *s = tval(P, t, &n);
	return css_ieq(s, n, word);
}

static inline bool is_ident(struct css_parser *P, const struct css_token *t, const char *w)
{
	return tok_is(P, t, T_IDENT, w);
}

static inline bool is_delim(struct css_parser *P, const struct css_token *t, char ch)
{
	return t && t->type == T_DELIM && t->len == 1 && P->L->src[t->off] == ch;
}

/* The first index in [i, end) that is not white space (or end). */
static inline uint32_t skip_ws(struct css_parser *P, uint32_t i, uint32_t end)
{
	while (i < end && TOK(P, i)->type == T_WS)
		i++;
	return i;
}

/* Is the next component the comma (consumed) or the end? */
static inline bool comma_or_end(struct vc *c, bool *comma)
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

static inline bool kw_find(const struct kw *k, const char *s, size_t n, int *out)
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
static inline bool take_kw(struct vc *c, const struct kw *k, int *out)
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

/* ---- specified values ------------------------------------------------------- */

static inline struct css_sval sv_kw(int kw)
{
	struct css_sval v = { 0 };
	v.unit = U_KW;
	v.kw = (int16_t)kw;
	return v;
}

static inline struct css_sval sv_len(uint8_t unit, float x)
{
	struct css_sval v = { 0 };
	v.unit = unit;
	v.v = x;
	return v;
}

static inline struct css_sval sv_color(struct css_color col)
{
	struct css_sval v = { 0 };
	v.unit = U_COLOR;
	v.c = col;
	return v;
}

static inline struct css_sval sv_current(void)
{
	struct css_sval v = { 0 };
	v.unit = U_COLOR;
	v.flags = SV_CURRENT;
	return v;
}

/* A property-specific structure (struct css_spec_*, in the parse arena). */
static inline struct css_sval sv_ptr(const void *p)
{
	struct css_sval v = sv_kw(0);
	v.unit = U_PTR;
	v.p = p;
	return v;
}

/* A string value, interned in the engine (url(), family names). */
static inline struct css_sval sv_str(struct css_engine *e, const char *s, size_t n)
{
	struct css_sval v = sv_kw(0);
	v.unit = U_STR;
	v.p = css_atom_intern(e, s, n)->s;
	return v;
}

/* ---- value parsers (css_value.c) -------------------------------------------- */

/* Which forms a length accepts (css__take_len flags). */
#define LF_PCT    1u   /* percentages allowed */
#define LF_NEG    2u   /* negative values allowed */
#define LF_NUM    4u   /* unitless numbers are numbers (U_NUM) */
#define LF_AUTO   8u
#define LF_NONE   16u
#define LF_NORMAL 32u
#define LF_INTRINSIC 64u  /* min-content, fit-content()…: sized as auto/none */

/* A <length-percentage> (or number, keyword per flags), calc() included
 * (CSS Values 4 §5–§10). */
bool css__take_len(struct vc *c, unsigned flags, struct css_sval *out);
/* calc(), min(), max(), clamp() at the cursor, as css__take_len. */
bool css__take_calc(struct vc *c, unsigned flags, struct css_sval *out);
/* An <angle> in degrees; a bare 0 only with zero_ok (Values 4 §7.1). */
bool css__take_angle(struct vc *c, float *deg, bool zero_ok);
/* A <color> (CSS Color 4): names, hex, rgb()/hsl(), currentColor. */
bool css__take_color(struct vc *c, struct css_sval *out);
/* A <position> of at most max components (Values 4 §8.3). */
bool css__take_position(struct vc *c, int max, struct css_sval *x, struct css_sval *y);
/* Position keywords as percentages; axis 0 x, 1 y, 2 either (center). */
struct poscomp {
	bool kw;
	int axis;           /* keywords: 0 x, 1 y, 2 center */
	struct css_sval v;
};

bool css__take_poscomp(struct vc *c, struct poscomp *p);
/* An <image> (CSS Images 3): url(), a gradient, or none with allow_none. */
bool css__take_image(struct vc *c, bool allow_none, struct css_sval *out);

#endif
