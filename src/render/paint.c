/*
 * paint.c — box tree → display list (see paint.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "render/paint.h"
#include "render/background.h"
#include "layout/box.h"
#include "base/diag.h"
#include "css/css.h"
#include "render/display_list.h"
#include "markdown/dom.h"
#include "resources/image.h"
#include "layout/layout.h"
#include "math/math.h"
#include "text/text.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <limits.h>
#include <math.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

static void paint_box(struct display_list *dl, const struct box *b, double ox,
		      double oy);

static double len_px(struct css_len l, double ref)
{
	return l.kind == LEN_PX ? l.v : l.kind == LEN_PCT ? l.v * ref / 100.0 : 0;
}

static void radii(const struct box *b, double bw, double bh, double r[4])
{
	for (int i = 0; i < 4; i++)
		r[i] = len_px(b->style->border_radius[i], MIN(bw, bh));
}

/* Background, box-shadow and border of a box whose border box is at
 * (x, y, w, h). */
static void paint_decorations(struct display_list *dl, const struct box *b,
			      double x, double y, double w, double h)
{
	const struct computed_style *s = b->style;
	double r[4];
	radii(b, w, h, r);
	for (int i = s->n_box_shadow - 1; i >= 0; i--) {
		const struct css_shadow *sh = &s->box_shadow[i];
		if (sh->inset || sh->color.a == 0)
			continue;
		struct dl_item *it = dl_push(dl, DL_SHADOW);
		it->x = x;
		it->y = y;
		it->w = w;
		it->h = h;
		it->shadow = *sh;
		memcpy(it->radius, r, sizeof r);
	}
	if (s->background_color.a) {
		struct dl_item *it = dl_push(dl, DL_RECT);
		it->x = x;
		it->y = y;
		it->w = w;
		it->h = h;
		it->color = s->background_color;
		memcpy(it->radius, r, sizeof r);
	}
	if (s->background_gradient) {
		struct dl_item *it = dl_push(dl, DL_GRADIENT);
		it->x = x;
		it->y = y;
		it->w = w;
		it->h = h;
		it->gradient = s->background_gradient;
		memcpy(it->radius, r, sizeof r);
	}
	if (b->bg_image)  /* positioned in the padding box, clipped to the border box */
		background_paint_image(dl, b->bg_image, s, x + b->border[SIDE_LEFT],
				       y + b->border[SIDE_TOP],
				       w - b->border[SIDE_LEFT] - b->border[SIDE_RIGHT],
				       h - b->border[SIDE_TOP] - b->border[SIDE_BOTTOM], x, y, w, h);
	if (b->border[0] || b->border[1] || b->border[2] || b->border[3]) {
		struct dl_item *it = dl_push(dl, DL_BORDER);
		it->x = x;
		it->y = y;
		it->w = w;
		it->h = h;
		for (int i = 0; i < 4; i++) {
			it->bw[i] = b->border[i];
			it->bstyle[i] = s->border_style[i];
			it->bcolor[i] = s->border_color[i];
		}
		memcpy(it->radius, r, sizeof r);
	}
}

/* column-rule (Multicol 1 §4): a line in the middle of each gap between
 * two used columns, as tall as the columns; its style draws like a border
 * (content box at cx, cy). */
static void paint_column_rules(struct display_list *dl, const struct box *b, double cx,
			       double cy)
{
	const struct computed_style *s = b->style;
	double rw = s->column_rule_width;
	if (b->mc_cols < 2 || rw <= 0 || s->column_rule_style == BS_NONE ||
	    s->column_rule_style == BS_HIDDEN || s->column_rule_color.a == 0)
		return;
	for (int k = 1; k < b->mc_cols; k++) {
		struct dl_item *it = dl_push(dl, DL_BORDER);
		it->x = cx + k * b->mc_step - b->mc_gap / 2 - rw / 2;
		it->y = cy;
		it->w = rw;
		it->h = b->h;
		it->bw[SIDE_LEFT] = rw;
		it->bstyle[SIDE_LEFT] = s->column_rule_style;
		for (int i = 0; i < 4; i++)
			it->bcolor[i] = s->column_rule_color;
	}
}

/* ---- list markers (CSS Lists 3 §3; Chrome's ::marker text) ------------- */

/*
 * disc, circle and square are shapes, not glyphs (a colour emoji font would
 * otherwise turn ▪ into a picture): Chromium's ListMarker places an outside
 * symbol marker (ascent·2/3 + 8) px before the content, and ListMarkerPainter
 * draws a (ascent·2/3 + 1)/2 px square box 1 px into it, ascent/2 below the
 * line's top, with the font's integer ascent (list_marker.cc,
 * RelativeSymbolMarkerRect, InlineMarginsForOutside; kCMarkerPaddingPx 7).
 */
static void paint_symbol_marker(struct display_list *dl, const struct box *li,
				double cx, double cy)
{
	const struct computed_style *s = li->style;
	double a, d;
	text_font_metrics(s, &a, &d);
	int ascent = (int)lround(a);
	int offset = ascent * 2 / 3;
	double size = (offset + 1) / 2;
	double base = li->first_baseline >= 0 ? li->first_baseline : a;
	double x = cx - offset - 8 + 1, y = cy + base - ascent + 3 * (ascent - offset) / 2;
	struct dl_item *it;
	if (s->list_style_type == LST_CIRCLE) {
		it = dl_push(dl, DL_BORDER);
		it->x = x - 0.5;
		it->y = y - 0.5;
		it->w = it->h = size + 1;
		for (int i = 0; i < 4; i++) {
			it->bw[i] = 1;
			it->bstyle[i] = BS_SOLID;
			it->bcolor[i] = s->color;
			it->radius[i] = (size + 1) / 2;
		}
		return;
	}
	it = dl_push(dl, DL_RECT);
	it->x = x;
	it->y = y;
	it->w = it->h = size;
	it->color = s->color;
	if (s->list_style_type == LST_DISC)
		for (int i = 0; i < 4; i++)
			it->radius[i] = size / 2;
}

static void paint_marker(struct display_list *dl, const struct box *li, double cx,
			 double cy)
{
	const struct computed_style *s = li->style;
	char txt[64];
	/* an inside marker is text at the start of the item (box_build.c) */
	if (s->list_style_type == LST_NONE || s->list_style_position == LSP_INSIDE)
		return;
	if (s->list_style_type == LST_DISC || s->list_style_type == LST_CIRCLE ||
	    s->list_style_type == LST_SQUARE) {
		paint_symbol_marker(dl, li, cx, cy);
		return;
	}
	box_marker_text(li->node, s, txt, sizeof txt);
	PangoLayout *pl = pango_layout_new(text_context());
	arena_defer(dl->arena, g_object_unref, pl);
	PangoFontDescription *fd = text_font_description(s);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(pl, txt, -1);
	PangoRectangle lr;
	pango_layout_get_extents(pl, NULL, &lr);
	double w = lr.width / (double)PANGO_SCALE;
	double base = li->first_baseline >= 0 ? li->first_baseline
		      : pango_layout_get_baseline(pl) / (double)PANGO_SCALE;
	PangoLayoutLine *line = pango_layout_get_line_readonly(pl, 0);
	double x = cx - w;
	for (GSList *l = line->runs; l; l = l->next) {
		PangoGlyphItem *gi = l->data;
		struct dl_item *it = dl_push(dl, DL_TEXT);
		it->x = x;
		it->y = cy + base;
		it->glyphs = gi;
		it->text = pango_layout_get_text(pl);
		it->color = s->color;
		x += pango_glyph_string_get_width(gi->glyphs) / (double)PANGO_SCALE;
	}
}

/* ---- structure (tagged PDF) ------------------------------------------------ */

/* The standard structure type (ISO 32000-1 §14.8.4) an element's box opens,
 * or NULL: its content belongs to the enclosing element. Lists are L → LI →
 * Lbl (the marker) + LBody; pictures are Figures with their alt text. */
static const char *struct_type(const struct box *b)
{
	const struct dom_node *n = b->node;
	if (!n || !n->tag)
		return NULL;
	if (b->type == BOX_REPLACED)
		return "Figure";
	static const struct { const char *tag, *type; } map[] = {
		{ "blockquote", "BlockQuote" }, { "figcaption", "Caption" },
		{ "h1", "H1" }, { "h2", "H2" }, { "h3", "H3" }, { "h4", "H4" },
		{ "h5", "H5" }, { "h6", "H6" }, { "ol", "L" }, { "p", "P" },
		{ "pre", "Code" }, { "section", "Sect" }, { "table", "Table" },
		{ "td", "TD" }, { "th", "TH" }, { "tr", "TR" }, { "ul", "L" },
	};
	if (b->list_item)
		return "LI";
	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		if (!strcmp(n->tag, map[i].tag))
			return map[i].type;
	return NULL;
}

static void tag_begin(struct display_list *dl, const char *type, const char *alt)
{
	struct dl_item *it = dl_push(dl, DL_TAG_BEGIN);
	it->label = type;
	it->alt = alt && *alt ? alt : NULL;
}

/* A Figure's alternate text (PDF/UA-1 §7.3: every figure has one): its
 * alt attribute, else the file name of its src (without query or
 * fragment), else NULL. */
static const char *figure_alt(struct display_list *dl, const struct dom_node *n)
{
	const char *alt = dom_get_attr(n, "alt");
	if (alt && *alt)
		return alt;
	const char *src = dom_get_attr(n, "src");
	if (!src || !strncmp(src, "data:", 5))
		return NULL;
	size_t end = strcspn(src, "?#");
	while (end && src[end - 1] == '/')
		end--;
	size_t start = end;
	while (start && src[start - 1] != '/')
		start--;
	return end > start ? arena_printf(dl->arena, "%.*s", (int)(end - start), src + start)
			   : NULL;
}

/* The <a href> an atomic inline (an image) sits in, up to its block. */
static const struct dom_node *link_of(const struct dom_node *n,
				      const struct dom_node *block)
{
	for (; n && n != block; n = n->parent)
		if (n->tag && !strcmp(n->tag, "a") && dom_get_attr(n, "href"))
			return n;
	return NULL;
}

/* ---- inline content --------------------------------------------------- */

static void paint_ifc(struct display_list *dl, const struct box *b, double cx,
		      double cy)
{
	/* Inline elements' backgrounds and borders (mark, code, kbd, …) under
	 * the text, outer elements first; the left border only on an element's
	 * first fragment, the right on its last (CSS 2.1 §9.4.2, §8.5). */
	for (size_t i = 0; i < b->n_frags; i++) {
		const struct span_frag *f = &b->frags[i];
		const struct computed_style *s = f->style;
		double bw[4] = { s->border_width[SIDE_TOP], f->last ? s->border_width[SIDE_RIGHT] : 0,
				 s->border_width[SIDE_BOTTOM], f->first ? s->border_width[SIDE_LEFT] : 0 };
		double x = cx + f->x, y = cy + f->top;
		if (s->background_color.a) {
			struct dl_item *it = dl_push(dl, DL_RECT);
			it->x = x;
			it->y = y;
			it->w = f->w;
			it->h = f->h;
			it->color = s->background_color;
		}
		if (bw[0] > 0 || bw[1] > 0 || bw[2] > 0 || bw[3] > 0) {
			struct dl_item *it = dl_push(dl, DL_BORDER);
			it->x = x;
			it->y = y;
			it->w = f->w;
			it->h = f->h;
			for (int k = 0; k < 4; k++) {
				it->bw[k] = bw[k];
				it->bstyle[k] = s->border_style[k];
				it->bcolor[k] = s->border_color[k];
			}
		}
	}
	for (size_t i = 0; i < b->n_runs; i++) {
		const struct text_run *r = &b->runs[i];
		const struct computed_style *s = r->style;
		const char *text = r->text;
		if (s->visibility != VIS_VISIBLE)
			continue;
		/* U+FFFC runs stand for atomic inlines, painted as boxes below */
		if (r->gi->item->length == 3 &&
		    memcmp(text + r->gi->item->offset, "\xef\xbf\xbc", 3) == 0)
			continue;
		struct dl_item *it = dl_push(dl, DL_TEXT);
		it->x = cx + r->x;
		it->y = cy + r->baseline;
		it->w = r->width;
		it->h = r->ascent + r->descent;
		it->glyphs = r->gi;
		it->text = text;
		it->font_size = s->font_size;
		it->color = s->color;
		it->text_shadow = s->text_shadow;
		it->n_text_shadow = s->n_text_shadow;
		it->decoration = r->deco;
		if (r->deco) {
			it->deco_thickness = MAX(1.0, s->font_size / 16.0);
			it->underline_pos = r->descent * 0.45;
			it->strike_pos = -r->ascent * 0.3;
		}
		if (r->link) {
			struct dl_item *ln = dl_push(dl, DL_LINK);
			ln->x = cx + r->x;
			ln->y = cy + r->baseline - r->ascent;
			ln->w = r->width;
			ln->h = r->ascent + r->descent;
			ln->label = dom_get_attr(r->link, "href");
		}
	}
	for (size_t k = 0; k < b->n_inl; k++) {
		if (b->inl[k].kind != INL_ATOMIC)
			continue;
		const struct box *a = b->inl[k].atomic;
		paint_box(dl, a, cx, cy);
		const struct dom_node *ln = link_of(a->node, b->node);
		if (ln) {
			struct dl_item *it = dl_push(dl, DL_LINK);
			it->x = cx + a->x;
			it->y = cy + a->y;
			it->w = layout_border_box_w(a);
			it->h = layout_border_box_h(a);
			it->label = dom_get_attr(ln, "href");
		}
	}
}

/* ---- boxes -------------------------------------------------------------- */

/* A disabled task-list checkbox as Chrome draws it (finishView's
 * `<input type="checkbox" disabled>`): a 13 px rounded square centred in
 * the box (the box's own size comes from CSS), light grey when unchecked,
 * darker grey with a white tick when checked. The transform: scale(2) of
 * slide.css is applied around it by paint_box. */
static void paint_checkbox(struct display_list *dl, const struct box *b, double x,
			   double y)
{
	const double side = 13;
	double cx = x + (b->w - side) / 2, cy = y + (b->h - side) / 2;
	bool checked = dom_get_attr(b->node, "checked") != NULL;
	struct dl_item *it = dl_push(dl, DL_RECT);
	it->x = cx;
	it->y = cy;
	it->w = it->h = side;
	it->color = checked ? (struct css_color){ 155, 155, 155, 255 }
			    : (struct css_color){ 255, 255, 255, 163 };
	for (int i = 0; i < 4; i++)
		it->radius[i] = 2;
	struct dl_item *bd = dl_push(dl, DL_BORDER);
	bd->x = cx;
	bd->y = cy;
	bd->w = bd->h = side;
	for (int i = 0; i < 4; i++) {
		bd->bw[i] = 1;
		bd->bstyle[i] = BS_SOLID;
		bd->bcolor[i] = (struct css_color){ 118, 118, 118, 80 };
		bd->radius[i] = 2;
	}
	if (!checked)
		return;
	/* the tick: the right and bottom borders of a 4×8 box turned 45° */
	struct dl_item *g = dl_push(dl, DL_PUSH_GROUP);
	g->opacity = 1;
	g->has_matrix = true;
	const double c = 0.70710678;
	double ox = cx + side / 2, oy = cy + side / 2 - 1;
	g->matrix[0] = c;
	g->matrix[1] = c;
	g->matrix[2] = -c;
	g->matrix[3] = c;
	g->matrix[4] = ox;
	g->matrix[5] = oy;
	struct dl_item *t = dl_push(dl, DL_BORDER);
	t->x = -2;
	t->y = -4;
	t->w = 4;
	t->h = 8;
	t->bw[SIDE_RIGHT] = t->bw[SIDE_BOTTOM] = 2;
	t->bstyle[SIDE_RIGHT] = t->bstyle[SIDE_BOTTOM] = BS_SOLID;
	t->bcolor[SIDE_RIGHT] = t->bcolor[SIDE_BOTTOM] = (struct css_color){ 255, 255, 255, 255 };
	dl_push(dl, DL_POP_GROUP);
}

static void paint_replaced(struct display_list *dl, const struct box *b, double x,
			   double y)
{
	if (b->node && dom_is(b->node, "input")) {
		const char *type = dom_get_attr(b->node, "type");
		if (type && !strcmp(type, "checkbox"))
			paint_checkbox(dl, b, x, y);
		return;
	}
	if (b->math) {
		const struct math_formula *f = b->math;
		double fx, tx;
		math_place(f, b->w, &fx, &tx);
		double base = y + fmax(f->h, f->tag ? f->tag->h : 0);
		for (int k = 0; k < (f->tag ? 2 : 1); k++) {
			const struct math_formula *g = k ? f->tag : f;
			struct dl_item *it = dl_push(dl, DL_MATH);
			it->x = x + (k ? tx : fx);
			it->y = base;
			it->w = g->w;
			it->h = g->h + g->d;
			it->math = g;
		}
		return;
	}
	if (b->image) {
		struct dl_item *it = dl_push(dl, DL_IMAGE);
		it->x = x;
		it->y = y;
		it->w = b->w;
		it->h = b->h;
		it->image = b->image;
	} else {
		struct dl_item *it = dl_push(dl, DL_PLACEHOLDER);
		it->x = x;
		it->y = y;
		it->w = b->w;
		it->h = b->h;
		const char *src = b->src ? b->src : (b->node ? b->node->tag : "");
		const char *slash = strrchr(src, '/');
		it->color = b->style->color;
		/* a picture shows its file name; an embedded page, video or
		 * sound (which a PDF cannot play) its whole address, and the box
		 * is a link to it */
		bool media = b->node && (dom_is(b->node, "iframe") || dom_is(b->node, "video") ||
					 dom_is(b->node, "audio"));
		it->label = media || !slash || !slash[1] ? src : slash + 1;
		if (media && b->src && *b->src) {
			struct dl_item *ln = dl_push(dl, DL_LINK);
			ln->x = x;
			ln->y = y;
			ln->w = b->w;
			ln->h = b->h;
			ln->label = b->src;
		}
	}
}

/* exported function documented in paint.h */
bool paint_matrix_drawable(const double m[6])
{
	for (int i = 0; i < 6; i++)
		if (!isfinite(m[i]) || fabs(m[i]) > (i < 4 ? MAX_TRANSFORM_SCALE : MAX_TRANSFORM_OFFSET))
			return false;
	double det = m[0] * m[3] - m[2] * m[1];
	return fabs(det) >= 1.0 / (MAX_TRANSFORM_SCALE * MAX_TRANSFORM_SCALE);
}

/* Transform matrix of a box (CSS Transforms 1 §6): translate to the
 * origin, apply the functions in order, translate back. */
static bool box_matrix(const struct box *b, double bx, double by, double bw,
		       double bh, double m[6])
{
	const struct css_transform *t = &b->style->transform;
	if (t->n == 0)
		return false;
	cairo_matrix_t mat;
	double ox = bx + len_px(t->origin[0], bw);
	double oy = by + len_px(t->origin[1], bh);
	cairo_matrix_init_translate(&mat, ox, oy);
	for (int i = 0; i < t->n; i++) {
		cairo_matrix_t f;
		switch (t->f[i].op) {
		case 't':
			cairo_matrix_init_translate(&f, len_px(t->f[i].a, bw), len_px(t->f[i].b, bh));
			break;
		case 's':
			cairo_matrix_init_scale(&f, t->f[i].a.v, t->f[i].b.v);
			break;
		case 'r':
			cairo_matrix_init_rotate(&f, t->f[i].a.v * M_PI / 180.0);
			break;
		case 'k':
			cairo_matrix_init(&f, 1, tan(t->f[i].b.v * M_PI / 180.0),
					  tan(t->f[i].a.v * M_PI / 180.0), 1, 0, 0);
			break;
		case 'm':
			cairo_matrix_init(&f, t->f[i].m[0], t->f[i].m[1], t->f[i].m[2],
					  t->f[i].m[3], t->f[i].m[4], t->f[i].m[5]);
			break;
		default:
			cairo_matrix_init_identity(&f);
		}
		cairo_matrix_multiply(&mat, &f, &mat);
	}
	cairo_matrix_t back;
	cairo_matrix_init_translate(&back, -ox, -oy);
	cairo_matrix_multiply(&mat, &back, &mat);
	m[0] = mat.xx; m[1] = mat.yx; m[2] = mat.xy; m[3] = mat.yy; m[4] = mat.x0; m[5] = mat.y0;
	return true;
}

/* Children in painting order (CSS 2.1 Appendix E, simplified to one level):
 * positioned children with a negative z-index, the in-flow and floating
 * children in tree order, then positioned children by z-index (auto = 0),
 * ties in tree order. */
static void paint_children(struct display_list *dl, const struct box *b, double cx,
			   double cy)
{
	int lo = 0, hi = 0;
	bool positioned = false;
	for (const struct box *ch = b->first; ch; ch = ch->next) {
		if (ch->style->position == POS_STATIC) {
			continue;
		}
		positioned = true;
		int z = ch->style->z_index_auto ? 0 : ch->style->z_index;
		lo = MIN(lo, z);
		hi = MAX(hi, z);
	}
	if (!positioned) {
		for (const struct box *ch = b->first; ch; ch = ch->next)
			paint_box(dl, ch, cx, cy);
		return;
	}
	/* z-index values are few per parent: one pass per distinct value */
	for (int z = lo, next; ; z = next) {
		next = INT_MAX;
		if (z == 0)
			for (const struct box *ch = b->first; ch; ch = ch->next)
				if (ch->style->position == POS_STATIC)
					paint_box(dl, ch, cx, cy);
		for (const struct box *ch = b->first; ch; ch = ch->next) {
			if (ch->style->position == POS_STATIC)
				continue;
			int cz = ch->style->z_index_auto ? 0 : ch->style->z_index;
			if (cz == z)
				paint_box(dl, ch, cx, cy);
			else if (cz > z && cz < next)
				next = cz;
		}
		if (z < 0 && next > 0)
			next = 0;          /* the in-flow children come at 0 */
		if (next == INT_MAX || z >= hi)
			break;
	}
}

/* Paint box b whose border-box position is b->x, b->y relative to the
 * parent content origin (ox, oy). */
static void paint_box(struct display_list *dl, const struct box *b, double ox,
		      double oy)
{
	const struct computed_style *s = b->style;
	if (s->visibility == VIS_HIDDEN && !b->first && !b->n_inl)
		return;
	double x = ox + b->x, y = oy + b->y;
	if (s->position == POS_RELATIVE) {
		if (s->inset[SIDE_LEFT].kind == LEN_PX)
			x += s->inset[SIDE_LEFT].v;
		else if (s->inset[SIDE_RIGHT].kind == LEN_PX)
			x -= s->inset[SIDE_RIGHT].v;
		if (s->inset[SIDE_TOP].kind == LEN_PX)
			y += s->inset[SIDE_TOP].v;
		else if (s->inset[SIDE_BOTTOM].kind == LEN_PX)
			y -= s->inset[SIDE_BOTTOM].v;
	}
	double bw = layout_border_box_w(b), bh = layout_border_box_h(b);
	double m[6];
	bool transformed = box_matrix(b, x, y, bw, bh, m);
	if (transformed && !paint_matrix_drawable(m)) {
		/* scale(0), a singular matrix(), scale(1e6): cairo cannot draw
		 * through it (the page would fail); the box is left out */
		if (!dl->undrawable)
			dl->undrawable = b->node;
		dl->n_undrawable++;
		return;
	}
	bool group = transformed || s->opacity < 1;
	if (s->opacity <= 0)
		return;
	const char *tag = s->visibility == VIS_VISIBLE ? struct_type(b) : NULL;
	if (tag)
		tag_begin(dl, tag, b->type == BOX_REPLACED && b->node
			  ? figure_alt(dl, b->node) : NULL);
	if (group) {
		struct dl_item *g = dl_push(dl, DL_PUSH_GROUP);
		g->opacity = s->opacity;
		g->has_matrix = transformed;
		if (transformed)
			memcpy(g->matrix, m, sizeof m);
	}
	if (s->visibility == VIS_VISIBLE)
		paint_decorations(dl, b, x, y, bw, bh);
	double cx = x + b->border[SIDE_LEFT] + b->padding[SIDE_LEFT];
	double cy = y + b->border[SIDE_TOP] + b->padding[SIDE_TOP];
	if (s->visibility == VIS_VISIBLE)
		paint_column_rules(dl, b, cx, cy);
	bool clip = s->overflow_x != OVERFLOW_VISIBLE || s->overflow_y != OVERFLOW_VISIBLE;
	if (clip) {
		struct dl_item *c = dl_push(dl, DL_PUSH_CLIP);
		c->x = x + b->border[SIDE_LEFT];
		c->y = y + b->border[SIDE_TOP];
		c->w = b->w + b->padding[SIDE_LEFT] + b->padding[SIDE_RIGHT];
		c->h = b->h + b->padding[SIDE_TOP] + b->padding[SIDE_BOTTOM];
	}
	if (b->type == BOX_REPLACED) {
		if (s->visibility == VIS_VISIBLE)
			paint_replaced(dl, b, cx, cy);
	} else {
		bool li = tag && b->list_item;
		if (b->list_item && s->visibility == VIS_VISIBLE) {
			bool lbl = li && s->list_style_type != LST_NONE;
			if (lbl)
				tag_begin(dl, "Lbl", NULL);
			paint_marker(dl, b, cx, cy);
			if (lbl)
				dl_push(dl, DL_TAG_END);
		}
		if (li)
			tag_begin(dl, "LBody", NULL);
		paint_children(dl, b, cx, cy);
		if (b->n_inl)
			paint_ifc(dl, b, cx, cy);
		if (li)
			dl_push(dl, DL_TAG_END);
	}
	if (clip)
		dl_push(dl, DL_POP_CLIP);
	if (group)
		dl_push(dl, DL_POP_GROUP);
	if (tag)
		dl_push(dl, DL_TAG_END);
}

void paint_box_tree(struct display_list *dl, const struct box *root, double x,
		    double y)
{
	paint_box(dl, root, x - root->x, y - root->y);
}

/* ---- page-level items ---------------------------------------------------- */

/* reveal.js's slide number (HEDGEDOC.md §0): bottom-right of the viewport,
 * 8px from the edges, Helvetica 12px, padding 5px, #fff on rgba(0,0,0,.4). */
void paint_slide_number(struct display_list *dl, const char *txt, double page_w,
			double page_h)
{
	PangoLayout *pl = pango_layout_new(text_context());
	arena_defer(dl->arena, g_object_unref, pl);
	PangoFontDescription *fd = pango_font_description_from_string("Helvetica");
	pango_font_description_set_absolute_size(fd, 12 * PANGO_SCALE);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(pl, txt, -1);
	PangoRectangle r;
	pango_layout_get_extents(pl, NULL, &r);
	double tw = r.width / (double)PANGO_SCALE;
	PangoLayoutLine *line = pango_layout_get_line_readonly(pl, 0);
	PangoRectangle lr;
	pango_layout_line_get_extents(line, NULL, &lr);
	double asc = -lr.y / (double)PANGO_SCALE, hgt = lr.height / (double)PANGO_SCALE;
	double bw = tw + 10, bh = 12 + 10;
	double bx = page_w - 8 - bw, by = page_h - 8 - bh;
	struct dl_item *bg = dl_push(dl, DL_RECT);
	bg->x = bx;
	bg->y = by;
	bg->w = bw;
	bg->h = bh;
	bg->color = (struct css_color){ 0, 0, 0, 102 };
	double x = bx + 5;
	double base = by + 5 + (12 - hgt) / 2 + asc;
	for (GSList *l = line->runs; l; l = l->next) {
		PangoGlyphItem *gi = l->data;
		struct dl_item *it = dl_push(dl, DL_TEXT);
		it->x = x;
		it->y = base;
		it->glyphs = gi;
		it->text = pango_layout_get_text(pl);
		it->color = (struct css_color){ 255, 255, 255, 255 };
		x += pango_glyph_string_get_width(gi->glyphs) / (double)PANGO_SCALE;
	}
}

