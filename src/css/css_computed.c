/*
 * css_computed.c — specified → computed values (CSS 2.1 §6.1.2 and each
 * property's "Computed value" line), the initial style and the
 * `--dump=style` printer.
 *
 * A style starts as the initial values with the inherited properties
 * copied from the parent (§6.2); then each property that won the cascade
 * is computed, in enum css_prop order: font-size first (em depends on it),
 * color second (currentColor), line-height before vertical-align. Lengths
 * become px; percentages stay LEN_PCT where layout resolves them; line-height
 * numbers stay numbers so they inherit as factors.
 *
 * SPDX-License-Identifier: MIT
 */
#include "css/css_internal.h"
#include "markdown/dom.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- initial values (CSS 2.1 per property, Chrome where CSS leaves it) ----- */

void css_style_initial(struct computed_style *s)
{
	memset(s, 0, sizeof *s);
	s->display = DISPLAY_INLINE;
	s->width = s->height = (struct css_len){ LEN_AUTO, 0 };
	s->min_width = s->min_height = (struct css_len){ LEN_AUTO, 0 };
	s->max_width = s->max_height = (struct css_len){ LEN_NONE, 0 };
	for (int i = 0; i < 4; i++) {
		s->margin[i] = s->padding[i] = (struct css_len){ LEN_PX, 0 };
		s->border_radius[i] = (struct css_len){ LEN_PX, 0 };
		s->inset[i] = (struct css_len){ LEN_AUTO, 0 };
		s->border_style[i] = BS_NONE;
		s->border_width[i] = 0;            /* medium, but style none → 0 */
		s->border_color[i] = (struct css_color){ 0, 0, 0, 255 };
	}
	s->z_index_auto = true;
	s->opacity = 1;
	s->transform.origin[0] = s->transform.origin[1] = (struct css_len){ LEN_PCT, 50 };
	s->background_size_len[0] = s->background_size_len[1] = (struct css_len){ LEN_AUTO, 0 };
	s->background_position[0] = s->background_position[1] = (struct css_len){ LEN_PCT, 0 };
	s->flex_shrink = 1;
	s->flex_basis = (struct css_len){ LEN_AUTO, 0 };
	s->gap = s->row_gap = (struct css_len){ LEN_NORMAL, 0 };
	s->column_width = (struct css_len){ LEN_AUTO, 0 };
	s->column_rule_width = 3;
	s->column_rule_current = true;
	/* the browser's default font: Chrome's standard font is a serif */
	s->font_family = "serif";
	s->font_size = 16;
	s->font_weight = 400;
	s->line_height = (struct css_len){ LEN_NORMAL, 0 };
	s->text_indent = (struct css_len){ LEN_PX, 0 };
	s->vertical_align_len = (struct css_len){ LEN_PX, 0 };
	s->color = (struct css_color){ 0, 0, 0, 255 };   /* CanvasText */
}

/* ---- the property list (css_properties.h) ------------------------------- */

static const bool inherited[P_COUNT] = {
#define PROP(id, name, inh) [P_##id] = inh,
#include "css/css_properties.h"
};

static const char *const prop_names[P_COUNT] = {
#define PROP(id, name, inh) [P_##id] = name,
#include "css/css_properties.h"
};

bool css__prop_inherited(unsigned p)
{
	return p < P_COUNT && inherited[p];
}

const char *css__prop_name(unsigned p)
{
	return p < P_COUNT ? prop_names[p] : "?";
}

/* Copy property p's computed fields from s to d: inheritance (CSS 2.1
 * §6.2.1 "inherit" takes the parent's *computed* value, so a copy is
 * exact), `initial`, and anonymous boxes. */
static void copy_prop(unsigned p, struct computed_style *d, const struct computed_style *s)
{
	if (p >= P_MARGIN_TOP && p <= P_MARGIN_LEFT) {
		d->margin[p - P_MARGIN_TOP] = s->margin[p - P_MARGIN_TOP];
		return;
	}
	if (p >= P_PADDING_TOP && p <= P_PADDING_LEFT) {
		d->padding[p - P_PADDING_TOP] = s->padding[p - P_PADDING_TOP];
		return;
	}
	if (p >= P_BORDER_TOP_WIDTH && p <= P_BORDER_LEFT_WIDTH) {
		d->border_width[p - P_BORDER_TOP_WIDTH] = s->border_width[p - P_BORDER_TOP_WIDTH];
		return;
	}
	if (p >= P_BORDER_TOP_STYLE && p <= P_BORDER_LEFT_STYLE) {
		d->border_style[p - P_BORDER_TOP_STYLE] = s->border_style[p - P_BORDER_TOP_STYLE];
		return;
	}
	if (p >= P_BORDER_TOP_COLOR && p <= P_BORDER_LEFT_COLOR) {
		d->border_color[p - P_BORDER_TOP_COLOR] = s->border_color[p - P_BORDER_TOP_COLOR];
		return;
	}
	if (p >= P_RADIUS_TL && p <= P_RADIUS_BL) {
		d->border_radius[p - P_RADIUS_TL] = s->border_radius[p - P_RADIUS_TL];
		return;
	}
	if (p >= P_TOP && p <= P_LEFT) {
		d->inset[p - P_TOP] = s->inset[p - P_TOP];
		return;
	}
	switch (p) {
	case P_FONT_SIZE: d->font_size = s->font_size; break;
	case P_COLOR: d->color = s->color; break;
	case P_DISPLAY: d->display = s->display; break;
	case P_POSITION: d->position = s->position; break;
	case P_FLOAT: d->float_ = s->float_; break;
	case P_CLEAR: d->clear = s->clear; break;
	case P_BOX_SIZING: d->box_sizing = s->box_sizing; break;
	case P_OVERFLOW_X: d->overflow_x = s->overflow_x; break;
	case P_OVERFLOW_Y: d->overflow_y = s->overflow_y; break;
	case P_VISIBILITY: d->visibility = s->visibility; break;
	case P_WIDTH: d->width = s->width; break;
	case P_HEIGHT: d->height = s->height; break;
	case P_MIN_WIDTH: d->min_width = s->min_width; break;
	case P_MIN_HEIGHT: d->min_height = s->min_height; break;
	case P_MAX_WIDTH: d->max_width = s->max_width; break;
	case P_MAX_HEIGHT: d->max_height = s->max_height; break;
	case P_Z_INDEX: d->z_index = s->z_index; d->z_index_auto = s->z_index_auto; break;
	case P_OPACITY: d->opacity = s->opacity; break;
	case P_BOX_SHADOW:
		memcpy(d->box_shadow, s->box_shadow, sizeof d->box_shadow);
		d->n_box_shadow = s->n_box_shadow;
		break;
	case P_TRANSFORM:
		d->transform.n = s->transform.n;
		memcpy(d->transform.f, s->transform.f, sizeof d->transform.f);
		break;
	case P_TRANSFORM_ORIGIN:
		memcpy(d->transform.origin, s->transform.origin, sizeof d->transform.origin);
		break;
	case P_BG_COLOR: d->background_color = s->background_color; break;
	case P_BG_IMAGE:
		d->background_image = s->background_image;
		d->background_gradient = s->background_gradient;
		break;
	case P_BG_REPEAT: d->background_repeat = s->background_repeat; break;
	case P_BG_SIZE:
		d->background_size = s->background_size;
		memcpy(d->background_size_len, s->background_size_len, sizeof d->background_size_len);
		break;
	case P_BG_POS_X: d->background_position[0] = s->background_position[0]; break;
	case P_BG_POS_Y: d->background_position[1] = s->background_position[1]; break;
	case P_OBJECT_FIT: d->object_fit = s->object_fit; break;
	case P_FLEX_DIRECTION: d->flex_direction = s->flex_direction; break;
	case P_FLEX_WRAP: d->flex_wrap = s->flex_wrap; break;
	case P_JUSTIFY_CONTENT: d->justify_content = s->justify_content; break;
	case P_ALIGN_ITEMS: d->align_items = s->align_items; break;
	case P_ALIGN_SELF: d->align_self = s->align_self; break;
	case P_JUSTIFY_ITEMS: d->justify_items = s->justify_items; break;
	case P_JUSTIFY_SELF: d->justify_self = s->justify_self; break;
	case P_FLEX_GROW: d->flex_grow = s->flex_grow; break;
	case P_FLEX_SHRINK: d->flex_shrink = s->flex_shrink; break;
	case P_FLEX_BASIS: d->flex_basis = s->flex_basis; break;
	case P_GAP: d->gap = s->gap; break;
	case P_ROW_GAP: d->row_gap = s->row_gap; break;
	case P_COLUMN_COUNT: d->column_count = s->column_count; break;
	case P_COLUMN_WIDTH: d->column_width = s->column_width; break;
	case P_BREAK_INSIDE: d->break_inside = s->break_inside; break;
	case P_COLUMN_RULE_WIDTH: d->column_rule_width = s->column_rule_width; break;
	case P_COLUMN_RULE_STYLE: d->column_rule_style = s->column_rule_style; break;
	case P_COLUMN_RULE_COLOR:
		d->column_rule_color = s->column_rule_color;
		d->column_rule_current = s->column_rule_current;
		break;
	case P_GRID_TEMPLATE_COLUMNS: d->grid_cols = s->grid_cols; break;
	case P_GRID_TEMPLATE_ROWS: d->grid_rows = s->grid_rows; break;
	case P_GRID_COLUMN_START: case P_GRID_COLUMN_END: case P_GRID_ROW_START:
	case P_GRID_ROW_END:
		d->grid_line[p - P_GRID_COLUMN_START] = s->grid_line[p - P_GRID_COLUMN_START];
		break;
	case P_BORDER_COLLAPSE: d->border_collapse = s->border_collapse; break;
	case P_BORDER_SPACING: d->border_spacing = s->border_spacing; break;
	case P_FONT_FAMILY: d->font_family = s->font_family; break;
	case P_FONT_WEIGHT: d->font_weight = s->font_weight; break;
	case P_FONT_STYLE: d->font_italic = s->font_italic; break;
	case P_FONT_VARIANT: d->font_small_caps = s->font_small_caps; break;
	case P_LINE_HEIGHT: d->line_height = s->line_height; break;
	case P_LETTER_SPACING: d->letter_spacing = s->letter_spacing; break;
	case P_WORD_SPACING: d->word_spacing = s->word_spacing; break;
	case P_TEXT_INDENT: d->text_indent = s->text_indent; break;
	case P_TEXT_ALIGN: d->text_align = s->text_align; break;
	case P_TEXT_TRANSFORM: d->text_transform = s->text_transform; break;
	case P_WHITE_SPACE: d->white_space = s->white_space; break;
	case P_DIRECTION: d->direction = s->direction; break;
	case P_TEXT_DECORATION_LINE: d->text_decoration = s->text_decoration; break;
	case P_TEXT_DECORATION_COLOR: d->text_decoration_color = s->text_decoration_color; break;
	case P_VERTICAL_ALIGN:
		d->vertical_align = s->vertical_align;
		d->vertical_align_len = s->vertical_align_len;
		break;
	case P_LIST_STYLE_TYPE: d->list_style_type = s->list_style_type; break;
	case P_LIST_STYLE_POSITION: d->list_style_position = s->list_style_position; break;
	case P_LIST_STYLE_IMAGE: d->list_style_image = s->list_style_image; break;
	case P_TEXT_SHADOW:
		memcpy(d->text_shadow, s->text_shadow, sizeof d->text_shadow);
		d->n_text_shadow = s->n_text_shadow;
		break;
	case P_WORD_BREAK: d->word_break_all = s->word_break_all; break;
	case P_OVERFLOW_WRAP: d->overflow_wrap = s->overflow_wrap; break;
	}
}

/* exported function documented in css.h */
void css_style_anonymous(struct computed_style *out, const struct computed_style *parent,
			 uint8_t display)
{
	css_style_initial(out);
	for (unsigned p = 0; p < P_COUNT; p++)
		if (css__prop_inherited(p))
			copy_prop(p, out, parent);
	out->display = display;
}

/* ---- lengths (CSS Values 4 §6) ------------------------------------------------- */

/* Every computed length passes here: calc() and huge inputs can give
 * NaN or 1e38, which layout would carry into every sum. Browsers clamp
 * too (Values 4 §10.12 "range checking"); MAX_CSS_LENGTH is far beyond a
 * slide, so no real value changes. */
static float clamp_len(float v)
{
	if (!(v == v))
		return 0;
	return v > MAX_CSS_LENGTH ? MAX_CSS_LENGTH : v < -MAX_CSS_LENGTH ? -MAX_CSS_LENGTH : v;
}

/* px of a length value; em is the font size em refers to (the parent's
 * for font-size itself, CSS 2.1 §15.7, else the element's). Absolute
 * units were folded into px by the parser; only the relative ones (Values
 * 4 §6.1) need the element, which is why they are resolved here. */
static float px_of(const struct css_sval *v, float em, const struct css_compute_ctx *c)
{
	float r;
	switch (v->unit) {
	case U_PX: r = v->v; break;
	case U_EM: r = v->v * em; break;
	case U_REM: r = v->v * c->root_font_size; break;
	case U_VW: r = v->v * c->vw / 100; break;
	case U_VH: r = v->v * c->vh / 100; break;
	case U_VMIN: r = v->v * MIN(c->vw, c->vh) / 100; break;
	case U_VMAX: r = v->v * MAX(c->vw, c->vh) / 100; break;
	case U_CALC: {
		const struct css_calc *k = v->p;
		r = k->c[CU_PX] + k->c[CU_EM] * em + k->c[CU_REM] * c->root_font_size +
		    k->c[CU_VW] * c->vw / 100 + k->c[CU_VH] * c->vh / 100 +
		    k->c[CU_VMIN] * MIN(c->vw, c->vh) / 100 + k->c[CU_VMAX] * MAX(c->vw, c->vh) / 100;
		break;
	}
	default: r = 0; break;
	}
	return clamp_len(r);
}

/* A length-percentage: percentages stay percentages (their computed value,
 * CSS 2.1 §10.2 and each property's "Computed value" line) because what
 * they refer to, the containing block, is only known to layout. */
static struct css_len resolve_len(const struct css_sval *v, float em,
				  const struct css_compute_ctx *c, bool nonneg)
{
	struct css_len l;
	switch (v->unit) {
	case U_KW:
		l.kind = v->kw == KW_NONE ? LEN_NONE : v->kw == KW_NORMAL ? LEN_NORMAL : LEN_AUTO;
		l.v = 0;
		return l;
	case U_PCT:
		l.kind = LEN_PCT;
		l.v = clamp_len(v->v);
		break;
	case U_NUM:
		l.kind = LEN_NUMBER;
		l.v = clamp_len(v->v);
		break;
	default:
		l.kind = LEN_PX;
		l.v = px_of(v, em, c);
		break;
	}
	if (nonneg && l.v < 0)   /* calc() results clamp to the allowed range */
		l.v = 0;
	return l;
}

/* currentColor computes to the element's own color (Color 4, currentcolor):
 * color is computed second, so s->color is final when this runs. */
static struct css_color color_of(const struct css_sval *v, const struct computed_style *s)
{
	return (v->flags & SV_CURRENT) ? s->color : v->c;
}

/* CSS Fonts 4 §2.2 table: bolder/lighter relative to the inherited weight. */
static uint16_t relative_weight(uint16_t w, bool bolder)
{
	if (bolder)
		return w < 350 ? 400 : w < 550 ? 700 : 900;
	return w < 100 ? w : w < 550 ? 100 : w < 750 ? 400 : 700;
}

/* box-shadow/text-shadow: lengths to px against the element's font size,
 * currentColor to its color; at most max shadows are kept (the rest are
 * dropped). */
static void shadows(const struct css_sval *v, struct css_shadow *out, int *n, int max,
		    const struct computed_style *s, const struct css_compute_ctx *c)
{
	*n = 0;
	if (v->unit != U_PTR)
		return;
	const struct css_spec_shadows *l = v->p;
	for (int i = 0; i < l->n && i < max; i++) {
		const struct css_spec_shadow *sh = &l->s[i];
		struct css_shadow *o = &out[(*n)++];
		o->x = px_of(&sh->x, s->font_size, c);
		o->y = px_of(&sh->y, s->font_size, c);
		o->blur = MAX(0, px_of(&sh->blur, s->font_size, c));
		o->spread = px_of(&sh->spread, s->font_size, c);
		o->color = sh->current ? s->color : sh->color;
		o->inset = sh->inset;
	}
}

/* CSS Values 4 "snap as a border width": a width under one device
 * pixel becomes one, a larger one is floored to whole device pixels. */
static float snap_border(float w, float dpr)
{
	if (dpr <= 0 || w <= 0)
		return w;
	float d = w * dpr;
	if (d < 1)
		return 1 / dpr;
	return floorf(d + 1e-4f) / dpr;
}

/* One track sizing function, computed: lengths to px, percentages and fr
 * kept (Grid 1 §7.2: both depend on the grid container's size). */
static void compute_track_size(const struct css_sval *v, float em,
			       const struct css_compute_ctx *c, uint8_t *kind, float *val)
{
	*val = 0;
	if (v->unit == U_KW) {
		*kind = v->kw == KW_MIN_CONTENT ? TRK_MIN_CONTENT :
			v->kw == KW_MAX_CONTENT ? TRK_MAX_CONTENT : TRK_AUTO;
	} else if (v->unit == U_NUM && (v->flags & SV_FR)) {
		*kind = TRK_FR;
		*val = clamp_len(v->v);
	} else {
		struct css_len l = resolve_len(v, em, c, true);
		*kind = l.kind == LEN_PCT ? TRK_PCT : l.kind == LEN_PX ? TRK_PX : TRK_AUTO;
		*val = l.v;
	}
}

static const struct css_tracks *compute_tracks(const struct css_spec_tracks *sp, float em,
					       const struct css_compute_ctx *c)
{
	struct css_tracks *t = arena_alloc(c->a, sizeof *t);
	t->n = sp->n;
	t->auto_at = sp->auto_at;
	t->auto_n = sp->auto_n;
	t->auto_fit = sp->auto_fit;
	for (int i = 0; i < sp->n; i++) {
		compute_track_size(&sp->t[i].min, em, c, &t->t[i].min_kind, &t->t[i].min);
		compute_track_size(&sp->t[i].max, em, c, &t->t[i].max_kind, &t->t[i].max);
	}
	return t;
}

/* The block-level equivalent of a display value (Display 3 §2.7
 * "blockification"), for floats, absolutely positioned boxes, the root
 * and flex/grid items. */
static uint8_t blockify(uint8_t d)
{
	switch (d) {
	case DISPLAY_INLINE_TABLE: return DISPLAY_TABLE;
	case DISPLAY_INLINE_FLEX: return DISPLAY_FLEX;
	case DISPLAY_INLINE_GRID: return DISPLAY_GRID;
	case DISPLAY_INLINE: case DISPLAY_INLINE_BLOCK: case DISPLAY_TABLE_ROW_GROUP:
	case DISPLAY_TABLE_HEADER_GROUP: case DISPLAY_TABLE_FOOTER_GROUP:
	case DISPLAY_TABLE_ROW: case DISPLAY_TABLE_CELL: case DISPLAY_TABLE_CAPTION:
	case DISPLAY_TABLE_COLUMN: case DISPLAY_TABLE_COLUMN_GROUP:
		return DISPLAY_BLOCK;
	default:
		return d;
	}
}

/* Colours that are still currentColor: bits 0–3 the border sides, then
 * text-decoration-color. They are resolved after all properties because
 * a later `color` (inherit, initial) may still change s->color. */
#define CUR_DECO 0x10u

/* Compute one winning declaration's value into s. */
static void apply(unsigned p, const struct css_sval *v, struct computed_style *s,
		  const struct css_compute_ctx *c, unsigned *cur_color)
{
	float fs = s->font_size;
	if (p >= P_MARGIN_TOP && p <= P_MARGIN_LEFT) {
		s->margin[p - P_MARGIN_TOP] = resolve_len(v, fs, c, false);
		return;
	}
	if (p >= P_PADDING_TOP && p <= P_PADDING_LEFT) {
		s->padding[p - P_PADDING_TOP] = resolve_len(v, fs, c, true);
		return;
	}
	if (p >= P_BORDER_TOP_WIDTH && p <= P_BORDER_LEFT_WIDTH) {
		s->border_width[p - P_BORDER_TOP_WIDTH] = MAX(0, px_of(v, fs, c));
		return;
	}
	if (p >= P_BORDER_TOP_STYLE && p <= P_BORDER_LEFT_STYLE) {
		s->border_style[p - P_BORDER_TOP_STYLE] = (uint8_t)v->kw;
		return;
	}
	if (p >= P_BORDER_TOP_COLOR && p <= P_BORDER_LEFT_COLOR) {
		unsigned side = p - P_BORDER_TOP_COLOR;
		if (v->flags & SV_CURRENT) {
			*cur_color |= 1u << side;
		} else {
			*cur_color &= ~(1u << side);
			s->border_color[side] = v->c;
		}
		return;
	}
	if (p >= P_RADIUS_TL && p <= P_RADIUS_BL) {
		s->border_radius[p - P_RADIUS_TL] = resolve_len(v, fs, c, true);
		return;
	}
	if (p >= P_TOP && p <= P_LEFT) {
		s->inset[p - P_TOP] = resolve_len(v, fs, c, false);
		return;
	}
	switch (p) {
	case P_FONT_SIZE: {
		float pf = c->parent->font_size, r;
		if (v->unit == U_KW)
			r = v->kw == KW_SMALLER ? pf / 1.2f : v->kw == KW_LARGER ? pf * 1.2f : pf;
		else if (v->unit == U_PCT)
			r = v->v * pf / 100;
		else if (v->unit == U_CALC)
			r = px_of(v, pf, c) + ((const struct css_calc *)v->p)->c[CU_PCT] * pf / 100;
		else
			r = px_of(v, pf, c);     /* em: the parent's font size */
		s->font_size = MAX(0, clamp_len(r));
		break;
	}
	case P_COLOR:
		/* currentColor in `color` is the inherited colour (Color 4 §4.4) */
		s->color = (v->flags & SV_CURRENT) ? c->parent->color : v->c;
		break;
	case P_DISPLAY: s->display = (uint8_t)v->kw; break;
	case P_POSITION: s->position = (uint8_t)v->kw; break;
	case P_FLOAT: s->float_ = (uint8_t)v->kw; break;
	case P_CLEAR: s->clear = (uint8_t)v->kw; break;
	case P_BOX_SIZING: s->box_sizing = (uint8_t)v->kw; break;
	case P_OVERFLOW_X: s->overflow_x = (uint8_t)v->kw; break;
	case P_OVERFLOW_Y: s->overflow_y = (uint8_t)v->kw; break;
	case P_VISIBILITY: s->visibility = (uint8_t)v->kw; break;
	case P_WIDTH: s->width = resolve_len(v, fs, c, true); break;
	case P_HEIGHT: s->height = resolve_len(v, fs, c, true); break;
	case P_MIN_WIDTH: s->min_width = resolve_len(v, fs, c, true); break;
	case P_MIN_HEIGHT: s->min_height = resolve_len(v, fs, c, true); break;
	case P_MAX_WIDTH: s->max_width = resolve_len(v, fs, c, true); break;
	case P_MAX_HEIGHT: s->max_height = resolve_len(v, fs, c, true); break;
	case P_Z_INDEX:
		s->z_index_auto = v->unit == U_KW;
		s->z_index = s->z_index_auto ? 0 : (int)MAX(-2147483647.0f, MIN(2147483520.0f, v->v));
		break;
	case P_OPACITY: s->opacity = v->v < 0 ? 0 : v->v > 1 ? 1 : v->v; break;
	case P_BOX_SHADOW:
		shadows(v, s->box_shadow, &s->n_box_shadow, MAX_BOX_SHADOWS, s, c);
		break;
	case P_TEXT_SHADOW:
		shadows(v, s->text_shadow, &s->n_text_shadow, MAX_TEXT_SHADOWS, s, c);
		break;
	case P_TRANSFORM: {
		s->transform.n = 0;
		if (v->unit != U_PTR)
			break;
		const struct css_spec_transform *t = v->p;
		for (int i = 0; i < t->n; i++) {
			s->transform.f[i].op = t->f[i].op;
			if (t->f[i].op == 't') {
				s->transform.f[i].a = resolve_len(&t->f[i].a, fs, c, false);
				s->transform.f[i].b = resolve_len(&t->f[i].b, fs, c, false);
			} else {
				s->transform.f[i].a = (struct css_len){ LEN_NUMBER, clamp_len(t->f[i].a.v) };
				s->transform.f[i].b = (struct css_len){ LEN_NUMBER, clamp_len(t->f[i].b.v) };
			}
			for (int k = 0; k < 6; k++)
				s->transform.f[i].m[k] = clamp_len(t->f[i].m[k]);
		}
		s->transform.n = t->n;
		break;
	}
	case P_TRANSFORM_ORIGIN: {
		const struct css_spec_pair *pr = v->p;
		s->transform.origin[0] = resolve_len(&pr->x, fs, c, false);
		s->transform.origin[1] = resolve_len(&pr->y, fs, c, false);
		break;
	}
	case P_BG_COLOR: s->background_color = color_of(v, s); break;
	case P_BG_IMAGE:
		s->background_image = NULL;
		s->background_gradient = NULL;
		if (v->unit == U_STR) {
			s->background_image = v->p;
		} else if (v->unit == U_PTR) {
			const struct css_spec_gradient *g = v->p;
			if (!g->current_mask) {
				s->background_gradient = (struct css_gradient *)&g->g;
			} else {
				struct css_gradient *copy = arena_alloc(c->a, sizeof *copy);
				*copy = g->g;
				for (int i = 0; i < copy->n_stops; i++)
					if (g->current_mask & (1u << i))
						copy->stop[i].color = s->color;
				s->background_gradient = copy;
			}
		}
		break;
	case P_BG_REPEAT: s->background_repeat = (uint8_t)v->kw; break;
	case P_BG_SIZE:
		s->background_size_len[0] = s->background_size_len[1] = (struct css_len){ LEN_AUTO, 0 };
		if (v->unit == U_PTR) {
			const struct css_spec_pair *pr = v->p;
			s->background_size = BGS_LENGTH;
			s->background_size_len[0] = resolve_len(&pr->x, fs, c, true);
			s->background_size_len[1] = resolve_len(&pr->y, fs, c, true);
		} else {
			s->background_size = (uint8_t)v->kw;
		}
		break;
	case P_BG_POS_X: s->background_position[0] = resolve_len(v, fs, c, false); break;
	case P_BG_POS_Y: s->background_position[1] = resolve_len(v, fs, c, false); break;
	case P_OBJECT_FIT: s->object_fit = (uint8_t)v->kw; break;
	case P_FLEX_DIRECTION: s->flex_direction = (uint8_t)v->kw; break;
	case P_FLEX_WRAP: s->flex_wrap = (uint8_t)v->kw; break;
	case P_JUSTIFY_CONTENT: s->justify_content = (uint8_t)v->kw; break;
	case P_ALIGN_ITEMS: s->align_items = (uint8_t)v->kw; break;
	case P_ALIGN_SELF: s->align_self = (uint8_t)v->kw; break;
	case P_JUSTIFY_ITEMS: s->justify_items = (uint8_t)v->kw; break;
	case P_JUSTIFY_SELF: s->justify_self = (uint8_t)v->kw; break;
	case P_FLEX_GROW: s->flex_grow = MAX(0, clamp_len(v->v)); break;
	case P_FLEX_SHRINK: s->flex_shrink = MAX(0, clamp_len(v->v)); break;
	case P_FLEX_BASIS: s->flex_basis = resolve_len(v, fs, c, true); break;
	case P_GAP: s->gap = resolve_len(v, fs, c, true); break;
	case P_ROW_GAP: s->row_gap = resolve_len(v, fs, c, true); break;
	case P_COLUMN_COUNT:
		s->column_count = v->unit == U_KW ? 0 : (int)MAX(1.0f, MIN(1000.0f, v->v));
		break;
	case P_COLUMN_WIDTH: s->column_width = resolve_len(v, fs, c, true); break;
	case P_BREAK_INSIDE: s->break_inside = (uint8_t)v->kw; break;
	case P_COLUMN_RULE_WIDTH:
		s->column_rule_width = MAX(0, px_of(v, fs, c));
		break;
	case P_COLUMN_RULE_STYLE: s->column_rule_style = (uint8_t)v->kw; break;
	case P_COLUMN_RULE_COLOR:
		s->column_rule_current = (v->flags & SV_CURRENT) != 0;
		s->column_rule_color = v->c;
		break;
	case P_GRID_TEMPLATE_COLUMNS: case P_GRID_TEMPLATE_ROWS: {
		const struct css_tracks **dst = p == P_GRID_TEMPLATE_COLUMNS ? &s->grid_cols
									   : &s->grid_rows;
		*dst = v->unit == U_PTR ? compute_tracks(v->p, fs, c) : NULL;
		break;
	}
	case P_GRID_COLUMN_START: case P_GRID_COLUMN_END: case P_GRID_ROW_START:
	case P_GRID_ROW_END: {
		struct css_grid_line *g = &s->grid_line[p - P_GRID_COLUMN_START];
		g->line = g->span = 0;
		if (v->unit == U_NUM) {
			if (v->kw)
				g->span = (int16_t)v->v;
			else
				g->line = (int16_t)v->v;
		}
		break;
	}
	case P_BORDER_COLLAPSE: s->border_collapse = (uint8_t)v->kw; break;
	case P_BORDER_SPACING: s->border_spacing = MAX(0, px_of(v, fs, c)); break;
	case P_FONT_FAMILY: s->font_family = v->p; break;
	case P_FONT_WEIGHT:
		if (v->unit == U_KW)
			s->font_weight = relative_weight(c->parent->font_weight, v->kw == KW_BOLDER);
		else
			s->font_weight = (uint16_t)lroundf(MAX(1, MIN(1000, v->v)));
		break;
	case P_FONT_STYLE: s->font_italic = v->kw != 0; break;
	case P_FONT_VARIANT: s->font_small_caps = v->kw != 0; break;
	case P_LINE_HEIGHT:
		if (v->unit == U_KW)
			s->line_height = (struct css_len){ LEN_NORMAL, 0 };
		else if (v->unit == U_NUM)
			s->line_height = (struct css_len){ LEN_NUMBER, MAX(0, clamp_len(v->v)) };
		else if (v->unit == U_PCT)
			s->line_height = (struct css_len){ LEN_PX, MAX(0, clamp_len(v->v * fs / 100)) };
		else
			s->line_height = (struct css_len){ LEN_PX, MAX(0, px_of(v, fs, c)) };
		break;
	case P_LETTER_SPACING:
		s->letter_spacing = v->unit == U_KW ? 0 : px_of(v, fs, c);
		break;
	case P_WORD_SPACING:
		s->word_spacing = v->unit == U_KW ? 0 : px_of(v, fs, c);
		break;
	case P_TEXT_INDENT: s->text_indent = resolve_len(v, fs, c, false); break;
	case P_TEXT_ALIGN:
		if (v->kw == 100) {
			/* match-parent: the parent's value with start/end resolved */
			uint8_t ta = c->parent->text_align;
			bool rtl = c->parent->direction == DIR_RTL;
			if (ta == TA_START)
				ta = rtl ? TA_RIGHT : TA_LEFT;
			else if (ta == TA_END)
				ta = rtl ? TA_LEFT : TA_RIGHT;
			s->text_align = ta;
		} else {
			s->text_align = (uint8_t)v->kw;
		}
		break;
	case P_TEXT_TRANSFORM: s->text_transform = (uint8_t)v->kw; break;
	case P_WHITE_SPACE: s->white_space = (uint8_t)v->kw; break;
	case P_DIRECTION: s->direction = (uint8_t)v->kw; break;
	case P_TEXT_DECORATION_LINE: s->text_decoration = (uint8_t)v->kw; break;
	case P_TEXT_DECORATION_COLOR:
		/* currentColor (also the initial value) is resolved at the end,
		 * like the border colours */
		if (v->flags & SV_CURRENT) {
			*cur_color |= CUR_DECO;
		} else {
			*cur_color &= ~CUR_DECO;
			s->text_decoration_color = v->c;
		}
		break;
	case P_VERTICAL_ALIGN:
		if (v->unit == U_KW) {
			s->vertical_align = (uint8_t)v->kw;
			s->vertical_align_len = (struct css_len){ LEN_PX, 0 };
		} else {
			s->vertical_align = VA_LENGTH;
			if (v->unit == U_PCT && s->line_height.kind != LEN_NORMAL) {
				/* a percentage of the line height (CSS 2.1 §10.8.1) */
				float lh = s->line_height.kind == LEN_NUMBER ? s->line_height.v * fs
									    : s->line_height.v;
				s->vertical_align_len = (struct css_len){ LEN_PX, clamp_len(v->v * lh / 100) };
			} else {
				s->vertical_align_len = resolve_len(v, fs, c, false);
			}
		}
		break;
	case P_LIST_STYLE_TYPE: s->list_style_type = (uint8_t)v->kw; break;
	case P_LIST_STYLE_POSITION: s->list_style_position = (uint8_t)v->kw; break;
	case P_LIST_STYLE_IMAGE: s->list_style_image = v->unit == U_STR ? v->p : NULL; break;
	case P_WORD_BREAK:
		s->word_break_all = v->kw == WB_BREAK_ALL;
		if (v->kw == WB_BREAK_WORD)   /* = normal + overflow-wrap: anywhere */
			s->overflow_wrap = true;
		break;
	case P_OVERFLOW_WRAP: s->overflow_wrap = v->kw != 0; break;
	}
}

/*
 * The computed style of one element from the winning declaration of each
 * longhand (win[p], NULL when none won): initial values, the inherited
 * properties copied from the parent (CSS 2.1 §6.2), then each winner in
 * enum css_prop order, so that a value computes against font-size and
 * color already final. CSS-wide keywords (Cascade 4 §7.3) copy from the
 * parent or the initial style instead.
 */
void css__compute(const struct css_compute_ctx *c, const struct css_decl *const *win,
		  struct computed_style *s)
{
	*s = *c->initial;
	for (unsigned p = 0; p < P_COUNT; p++)
		if (css__prop_inherited(p))
			copy_prop(p, s, c->parent);
	/* the initial border width is medium (3px, CSS 2.1 §8.5.1); the
	 * initial style holds 0, its computed value under style none, so a
	 * width is only right once the style is known: zeroed below */
	for (int i = 0; i < 4; i++)
		s->border_width[i] = 3;
	unsigned cur_color = 0xf | CUR_DECO; /* initial values that are currentColor */
	for (unsigned p = 0; p < P_COUNT; p++) {
		const struct css_decl *d = win[p];
		if (!d)
			continue;
		switch (d->wide) {
		case W_VALUE:
			apply(p, &d->v, s, c, &cur_color);
			break;
		case W_INHERIT:
			copy_prop(p, s, c->parent);
			if (p >= P_BORDER_TOP_COLOR && p <= P_BORDER_LEFT_COLOR)
				cur_color &= ~(1u << (p - P_BORDER_TOP_COLOR));
			if (p == P_TEXT_DECORATION_COLOR)
				cur_color &= ~CUR_DECO;
			break;
		case W_INITIAL: case W_UNSET:
			if (css__prop_inherited(p) && d->wide == W_UNSET) {
				copy_prop(p, s, c->parent);
			} else {
				copy_prop(p, s, c->initial);
				if (p >= P_BORDER_TOP_WIDTH && p <= P_BORDER_LEFT_WIDTH)
					s->border_width[p - P_BORDER_TOP_WIDTH] = 3;
				if (p >= P_BORDER_TOP_COLOR && p <= P_BORDER_LEFT_COLOR)
					cur_color |= 1u << (p - P_BORDER_TOP_COLOR);
				if (p == P_TEXT_DECORATION_COLOR)
					cur_color |= CUR_DECO;
			}
			break;
		}
	}
	if (cur_color & CUR_DECO)
		s->text_decoration_color = s->color;
	s->column_rule_width = snap_border(s->column_rule_width, c->dpr);
	if (s->column_rule_current) {
		s->column_rule_color = s->color;
		s->column_rule_current = false;
	}
	for (int i = 0; i < 4; i++) {
		if (cur_color & (1u << i))
			s->border_color[i] = s->color;
		if (s->border_style[i] == BS_NONE || s->border_style[i] == BS_HIDDEN)
			s->border_width[i] = 0;
		else
			s->border_width[i] = snap_border(s->border_width[i], c->dpr);
	}
	/* CSS 2.1 §9.7 and Display 3 §2.7: floats, absolute positioning, the
	 * root and flex items are blockified */
	if (s->position == POS_ABSOLUTE || s->position == POS_FIXED)
		s->float_ = FLOAT_NONE;
	if (s->float_ != FLOAT_NONE || s->position == POS_ABSOLUTE ||
	    s->position == POS_FIXED || c->is_root || c->parent_is_flex)
		s->display = blockify(s->display);
}

/* ---- --dump=style ------------------------------------------------------------- */

static void put_num(FILE *out, float v)
{
	if (fabsf(v - roundf(v)) < 0.005f) {
		long r = lroundf(v);
		fprintf(out, "%ld", r);
		return;
	}
	char buf[32];
	snprintf(buf, sizeof buf, "%.2f", v);
	size_t n = strlen(buf);
	while (n && buf[n - 1] == '0')
		buf[--n] = '\0';
	fputs(buf, out);
}

static void put_px(FILE *out, float v)
{
	put_num(out, v);
	if (fabsf(v) >= 0.005f)
		fputs("px", out);
}

static void put_len(FILE *out, struct css_len l)
{
	switch (l.kind) {
	case LEN_PX: put_px(out, l.v); break;
	case LEN_PCT: put_num(out, l.v); fputc('%', out); break;
	case LEN_AUTO: fputs("auto", out); break;
	case LEN_NONE: fputs("none", out); break;
	case LEN_NORMAL: fputs("normal", out); break;
	default: put_num(out, l.v); break;
	}
}

static void put_color(FILE *out, struct css_color c)
{
	if (c.a == 0)
		fputs("transparent", out);
	else if (c.a == 255)
		fprintf(out, "#%02x%02x%02x", c.r, c.g, c.b);
	else
		fprintf(out, "#%02x%02x%02x%02x", c.r, c.g, c.b, c.a);
}

static bool len_eq(struct css_len a, struct css_len b)
{
	return a.kind == b.kind && fabsf(a.v - b.v) < 0.005f;
}

static bool color_eq(struct css_color a, struct css_color b)
{
	return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static bool str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static void put_shadows(FILE *out, const struct css_shadow *s, int n)
{
	if (!n)
		fputs("none", out);
	for (int i = 0; i < n; i++) {
		if (i)
			fputc(',', out);
		if (s[i].inset)
			fputs("inset ", out);
		put_px(out, s[i].x);
		fputc(' ', out);
		put_px(out, s[i].y);
		fputc(' ', out);
		put_px(out, s[i].blur);
		fputc(' ', out);
		put_px(out, s[i].spread);
		fputc(' ', out);
		put_color(out, s[i].color);
	}
}

static bool shadows_eq(const struct css_shadow *a, int na, const struct css_shadow *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++)
		if (a[i].x != b[i].x || a[i].y != b[i].y || a[i].blur != b[i].blur ||
		    a[i].spread != b[i].spread || a[i].inset != b[i].inset ||
		    !color_eq(a[i].color, b[i].color))
			return false;
	return true;
}

/* " name:" of a longhand, a property of the dump line */
static void put_prop(FILE *out, unsigned prop)
{
	fprintf(out, " %s:", css__prop_name(prop));
}

/* " name:value" of a keyword longhand */
static void put_kw(FILE *out, unsigned prop, int v)
{
	put_prop(out, prop);
	fputs(css__keyword_name(prop, v), out);
}

static void put_track_size(FILE *out, uint8_t kind, float v)
{
	static const char *const units[] = { "px", "%", "fr" };
	static const char *const kws[] = { "auto", "min-content", "max-content" };
	if (kind <= TRK_FR) {
		put_num(out, v);
		fputs(units[kind], out);
	} else {
		fputs(kws[kind - TRK_AUTO], out);
	}
}

static void put_tracks(FILE *out, const char *name, const struct css_tracks *t)
{
	if (!t)
		return;
	fprintf(out, " %s:", name);
	for (int i = 0; i < t->n; i++) {
		const struct css_track *k = &t->t[i];
		if (i)
			fputc(' ', out);
		if (t->auto_n && i == t->auto_at)
			fprintf(out, "repeat(%s,", t->auto_fit ? "auto-fit" : "auto-fill");
		bool mm = k->min_kind != k->max_kind || k->min != k->max;
		if (mm && !(k->min_kind == TRK_AUTO && k->max_kind == TRK_FR)) {
			fputs("minmax(", out);
			put_track_size(out, k->min_kind, k->min);
			fputc(',', out);
			put_track_size(out, k->max_kind, k->max);
			fputc(')', out);
		} else {
			put_track_size(out, k->max_kind, k->max);
		}
		if (t->auto_n && i == t->auto_at + t->auto_n - 1)
			fputc(')', out);
	}
}

static void put_sides(FILE *out, const char *name, const struct css_len *v)
{
	fprintf(out, " %s:", name);
	for (int i = 0; i < 4; i++) {
		if (i)
			fputc(' ', out);
		put_len(out, v[i]);
	}
}

static void dump_style(FILE *out, const struct computed_style *s,
		       const struct computed_style *ps, const struct computed_style *in)
{
	/* non-inherited properties: against the initial values */
#define KW(field, prop) \
	if (s->field != in->field) put_kw(out, prop, s->field);
#define LEN(field, prop) \
	if (!len_eq(s->field, in->field)) { put_prop(out, prop); put_len(out, s->field); }
	KW(display, P_DISPLAY)
	KW(position, P_POSITION)
	KW(float_, P_FLOAT)
	KW(clear, P_CLEAR)
	KW(box_sizing, P_BOX_SIZING)
	KW(overflow_x, P_OVERFLOW_X)
	KW(overflow_y, P_OVERFLOW_Y)
	LEN(width, P_WIDTH)
	LEN(height, P_HEIGHT)
	LEN(min_width, P_MIN_WIDTH)
	LEN(min_height, P_MIN_HEIGHT)
	LEN(max_width, P_MAX_WIDTH)
	LEN(max_height, P_MAX_HEIGHT)
	bool diff = false;
	for (int i = 0; i < 4; i++)
		diff = diff || !len_eq(s->margin[i], in->margin[i]);
	if (diff)
		put_sides(out, "margin", s->margin);
	diff = false;
	for (int i = 0; i < 4; i++)
		diff = diff || !len_eq(s->padding[i], in->padding[i]);
	if (diff)
		put_sides(out, "padding", s->padding);
	bool border = false;
	for (int i = 0; i < 4; i++)
		border = border || s->border_width[i] > 0;
	if (border) {
		fputs(" border-width:", out);
		for (int i = 0; i < 4; i++) {
			if (i)
				fputc(' ', out);
			put_px(out, s->border_width[i]);
		}
		fputs(" border-style:", out);
		for (int i = 0; i < 4; i++) {
			if (i)
				fputc(' ', out);
			fputs(css__keyword_name(P_BORDER_TOP_STYLE + (unsigned)i,
						s->border_style[i]), out);
		}
		diff = false;
		for (int i = 0; i < 4; i++)
			diff = diff || !color_eq(s->border_color[i], s->color);
		if (diff) {
			fputs(" border-color:", out);
			for (int i = 0; i < 4; i++) {
				if (i)
					fputc(' ', out);
				put_color(out, s->border_color[i]);
			}
		}
	}
	diff = false;
	for (int i = 0; i < 4; i++)
		diff = diff || !len_eq(s->border_radius[i], in->border_radius[i]);
	if (diff)
		put_sides(out, "border-radius", s->border_radius);
	diff = false;
	for (int i = 0; i < 4; i++)
		diff = diff || !len_eq(s->inset[i], in->inset[i]);
	if (diff)
		put_sides(out, "inset", s->inset);
	if (!s->z_index_auto)
		fprintf(out, " z-index:%d", s->z_index);
	if (s->opacity != in->opacity) {
		put_prop(out, P_OPACITY);
		put_num(out, s->opacity);
	}
	if (s->n_box_shadow) {
		put_prop(out, P_BOX_SHADOW);
		put_shadows(out, s->box_shadow, s->n_box_shadow);
	}
	const struct css_transform *tr = &s->transform;
	if (tr->n) {
		put_prop(out, P_TRANSFORM);
		for (int i = 0; i < tr->n; i++) {
			if (i)
				fputc(' ', out);
			switch (tr->f[i].op) {
			case 't':
				fputs("translate(", out);
				put_len(out, tr->f[i].a);
				fputc(',', out);
				put_len(out, tr->f[i].b);
				break;
			case 's':
				fputs("scale(", out);
				put_num(out, tr->f[i].a.v);
				fputc(',', out);
				put_num(out, tr->f[i].b.v);
				break;
			case 'r':
				fputs("rotate(", out);
				put_num(out, tr->f[i].a.v);
				fputs("deg", out);
				break;
			case 'k':
				fputs("skew(", out);
				put_num(out, tr->f[i].a.v);
				fputs("deg,", out);
				put_num(out, tr->f[i].b.v);
				fputs("deg", out);
				break;
			default:
				fputs("matrix(", out);
				for (int k = 0; k < 6; k++) {
					if (k)
						fputc(',', out);
					put_num(out, tr->f[i].m[k]);
				}
			}
			fputc(')', out);
		}
	}
	if (!len_eq(s->transform.origin[0], in->transform.origin[0]) ||
	    !len_eq(s->transform.origin[1], in->transform.origin[1])) {
		put_prop(out, P_TRANSFORM_ORIGIN);
		put_len(out, s->transform.origin[0]);
		fputc(' ', out);
		put_len(out, s->transform.origin[1]);
	}
	if (!color_eq(s->background_color, in->background_color)) {
		put_prop(out, P_BG_COLOR);
		put_color(out, s->background_color);
	}
	if (s->background_image)
		fprintf(out, " background-image:url(\"%s\")", s->background_image);
	if (s->background_gradient) {
		const struct css_gradient *g = s->background_gradient;
		fprintf(out, " background-image:%s(", g->radial ? "radial-gradient" : "linear-gradient");
		if (!g->radial) {
			put_num(out, g->angle_deg);
			fputs("deg", out);
		}
		for (int i = 0; i < g->n_stops; i++) {
			if (i || !g->radial)
				fputc(',', out);
			put_color(out, g->stop[i].color);
			if (g->stop[i].pos >= 0) {
				fputc(' ', out);
				put_num(out, g->stop[i].pos * 100);
				fputc('%', out);
			}
		}
		fputc(')', out);
	}
	KW(background_repeat, P_BG_REPEAT)
	if (s->background_size != in->background_size) {
		put_prop(out, P_BG_SIZE);
		if (s->background_size == BGS_COVER)
			fputs("cover", out);
		else if (s->background_size == BGS_CONTAIN)
			fputs("contain", out);
		else {
			put_len(out, s->background_size_len[0]);
			fputc(' ', out);
			put_len(out, s->background_size_len[1]);
		}
	}
	if (!len_eq(s->background_position[0], in->background_position[0]) ||
	    !len_eq(s->background_position[1], in->background_position[1])) {
		fputs(" background-position:", out);
		put_len(out, s->background_position[0]);
		fputc(' ', out);
		put_len(out, s->background_position[1]);
	}
	KW(object_fit, P_OBJECT_FIT)
	KW(flex_direction, P_FLEX_DIRECTION)
	KW(flex_wrap, P_FLEX_WRAP)
	KW(justify_content, P_JUSTIFY_CONTENT)
	KW(align_items, P_ALIGN_ITEMS)
	KW(align_self, P_ALIGN_SELF)
	KW(justify_items, P_JUSTIFY_ITEMS)
	KW(justify_self, P_JUSTIFY_SELF)
	if (s->flex_grow != in->flex_grow) {
		put_prop(out, P_FLEX_GROW);
		put_num(out, s->flex_grow);
	}
	if (s->flex_shrink != in->flex_shrink) {
		put_prop(out, P_FLEX_SHRINK);
		put_num(out, s->flex_shrink);
	}
	LEN(flex_basis, P_FLEX_BASIS)
	if (!len_eq(s->gap, in->gap)) {   /* column-gap, named after its shorthand */
		fputs(" gap:", out);
		put_len(out, s->gap);
	}
	LEN(row_gap, P_ROW_GAP)
	if (s->column_count != in->column_count)
		fprintf(out, " column-count:%d", s->column_count);
	LEN(column_width, P_COLUMN_WIDTH)
	KW(break_inside, P_BREAK_INSIDE)
	KW(column_rule_style, P_COLUMN_RULE_STYLE)
	if (s->column_rule_style && s->column_rule_width != in->column_rule_width) {
		put_prop(out, P_COLUMN_RULE_WIDTH);
		put_num(out, s->column_rule_width);
		fputs("px", out);
	}
	put_tracks(out, "grid-template-columns", s->grid_cols);
	put_tracks(out, "grid-template-rows", s->grid_rows);
	for (int i = 0; i < 4; i++) {   /* grid_line[] is in enum css_prop order */
		const char *name = css__prop_name(P_GRID_COLUMN_START + (unsigned)i);
		if (s->grid_line[i].span)
			fprintf(out, " %s:span %d", name, s->grid_line[i].span);
		else if (s->grid_line[i].line)
			fprintf(out, " %s:%d", name, s->grid_line[i].line);
	}
	if (s->text_decoration != in->text_decoration) {
		fputs(" text-decoration:", out);
		const char *sep = "";
		if (s->text_decoration & TD_UNDERLINE)
			fputs("underline", out), sep = ",";
		if (s->text_decoration & TD_OVERLINE)
			fprintf(out, "%soverline", sep), sep = ",";
		if (s->text_decoration & TD_LINE_THROUGH)
			fprintf(out, "%sline-through", sep);
	}
	if (!color_eq(s->text_decoration_color, s->color)) {   /* initial: currentColor */
		put_prop(out, P_TEXT_DECORATION_COLOR);
		put_color(out, s->text_decoration_color);
	}
	if (s->vertical_align != in->vertical_align) {
		put_prop(out, P_VERTICAL_ALIGN);
		if (s->vertical_align == VA_LENGTH)
			put_len(out, s->vertical_align_len);
		else
			fputs(css__keyword_name(P_VERTICAL_ALIGN, s->vertical_align), out);
	}
#undef KW
#undef LEN
	/* inherited properties: against the parent */
#define KW(field, prop) \
	if (s->field != ps->field) put_kw(out, prop, s->field);
	KW(visibility, P_VISIBILITY)
	KW(border_collapse, P_BORDER_COLLAPSE)
	if (s->border_spacing != ps->border_spacing) {
		put_prop(out, P_BORDER_SPACING);
		put_px(out, s->border_spacing);
	}
	if (!str_eq(s->font_family, ps->font_family))
		fprintf(out, " font-family:%s", s->font_family ? s->font_family : "");
	if (fabsf(s->font_size - ps->font_size) >= 0.005f) {
		put_prop(out, P_FONT_SIZE);
		put_px(out, s->font_size);
	}
	if (s->font_weight != ps->font_weight)
		fprintf(out, " font-weight:%u", s->font_weight);
	if (s->font_italic != ps->font_italic)
		fprintf(out, " font-style:%s", s->font_italic ? "italic" : "normal");
	if (s->font_small_caps != ps->font_small_caps)
		fprintf(out, " font-variant:%s", s->font_small_caps ? "small-caps" : "normal");
	if (!len_eq(s->line_height, ps->line_height)) {
		put_prop(out, P_LINE_HEIGHT);
		put_len(out, s->line_height);
	}
	if (s->letter_spacing != ps->letter_spacing) {
		put_prop(out, P_LETTER_SPACING);
		put_px(out, s->letter_spacing);
	}
	if (s->word_spacing != ps->word_spacing) {
		put_prop(out, P_WORD_SPACING);
		put_px(out, s->word_spacing);
	}
	if (!len_eq(s->text_indent, ps->text_indent)) {
		put_prop(out, P_TEXT_INDENT);
		put_len(out, s->text_indent);
	}
	KW(text_align, P_TEXT_ALIGN)
	KW(text_transform, P_TEXT_TRANSFORM)
	KW(white_space, P_WHITE_SPACE)
	KW(direction, P_DIRECTION)
	KW(list_style_type, P_LIST_STYLE_TYPE)
	KW(list_style_position, P_LIST_STYLE_POSITION)
	if (!str_eq(s->list_style_image, ps->list_style_image)) {
		if (s->list_style_image)
			fprintf(out, " list-style-image:url(\"%s\")", s->list_style_image);
		else
			fputs(" list-style-image:none", out);
	}
	if (!color_eq(s->color, ps->color)) {
		put_prop(out, P_COLOR);
		put_color(out, s->color);
	}
	if (!shadows_eq(s->text_shadow, s->n_text_shadow, ps->text_shadow, ps->n_text_shadow)) {
		put_prop(out, P_TEXT_SHADOW);
		put_shadows(out, s->text_shadow, s->n_text_shadow);
	}
	KW(word_break_all, P_WORD_BREAK)      /* true is WB_BREAK_ALL */
	KW(overflow_wrap, P_OVERFLOW_WRAP)
#undef KW
}

static void dump_tag(FILE *out, const struct dom_node *n)
{
	fprintf(out, "<%s", n->tag);
	const char *cls = dom_get_attr(n, "class");
	for (const char *p = cls; p && *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
			p++;
		const char *q = p;
		while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f')
			q++;
		if (q > p)
			fprintf(out, ".%.*s", (int)(q - p), p);
		p = q;
	}
	const char *id = dom_get_attr(n, "id");
	if (id && *id)
		fprintf(out, "#%s", id);
	fputc('>', out);
}

void css_style_dump(FILE *out, const struct dom_node *root)
{
	struct computed_style initial;
	css_style_initial(&initial);
	int depth = 0;
	const struct dom_node *n = root;
	while (n) {
		if (n->type == DOM_ELEMENT) {
			for (int i = 0; i < depth; i++)
				fputs("  ", out);
			dump_tag(out, n);
			const struct computed_style *ps = n->parent && n->parent->type == DOM_ELEMENT &&
							   n->parent->style ? n->parent->style : &initial;
			if (n->style)
				dump_style(out, n->style, ps, &initial);
			fputc('\n', out);
		}
		/* pre-order over elements, tracking depth */
		if (n->type == DOM_ELEMENT && n->first_child) {
			n = n->first_child;
			depth++;
			continue;
		}
		while (n && n != root && !n->next) {
			n = n->parent;
			depth--;
		}
		if (!n || n == root)
			break;
		n = n->next;
	}
}
