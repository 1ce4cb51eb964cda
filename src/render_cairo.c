/*
 * render_cairo.c — draws a display list with cairo (see render_cairo.h).
 *
 * Text goes through pango_cairo_show_glyph_item(), which passes the text
 * and its clusters to cairo, so the PDF carries real, extractable text.
 * Text shadows are drawn as glyph *paths*, so they add no second copy of the
 * words to the PDF's text layer.
 *
 * SPDX-License-Identifier: MIT
 */
#include "render_cairo.h"
#include "text.h"
#include "display_list.h"
#include "image.h"
#include "util.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

static void set_color(cairo_t *cr, struct css_color c, double alpha)
{
	cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0,
			      c.a / 255.0 * alpha);
}

static void rounded_rect(cairo_t *cr, double x, double y, double w, double h,
			 const double r[4])
{
	if (!r || (r[0] <= 0 && r[1] <= 0 && r[2] <= 0 && r[3] <= 0)) {
		cairo_rectangle(cr, x, y, w, h);
		return;
	}
	double lim = MIN(w, h) / 2;
	double tl = MIN(r[0], lim), tr = MIN(r[1], lim), br = MIN(r[2], lim),
	       bl = MIN(r[3], lim);
	cairo_new_sub_path(cr);
	cairo_arc(cr, x + w - tr, y + tr, tr, -M_PI / 2, 0);
	cairo_arc(cr, x + w - br, y + h - br, br, 0, M_PI / 2);
	cairo_arc(cr, x + bl, y + h - bl, bl, M_PI / 2, M_PI);
	cairo_arc(cr, x + tl, y + tl, tl, M_PI, 3 * M_PI / 2);
	cairo_close_path(cr);
}

/* Blur is approximated with a few concentric translucent rectangles: enough
 * for the soft 10–15px shadows the themes use. */
static void draw_shadow(cairo_t *cr, const struct dl_item *it)
{
	const struct css_shadow *s = &it->shadow;
	double x = it->x + s->x - s->spread, y = it->y + s->y - s->spread;
	double w = it->w + 2 * s->spread, h = it->h + 2 * s->spread;
	int steps = s->blur > 0 ? 4 : 1;
	cairo_save(cr);
	/* the shadow is not drawn under the box itself */
	cairo_rectangle(cr, -1e5, -1e5, 2e5, 2e5);
	rounded_rect(cr, it->x, it->y, it->w, it->h, it->radius);
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
	cairo_clip(cr);
	cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
	for (int i = 0; i < steps; i++) {
		double grow = steps > 1 ? s->blur * (0.5 - (double)i / steps) : 0;
		set_color(cr, s->color, 1.0 / steps);
		rounded_rect(cr, x - grow, y - grow, w + 2 * grow, h + 2 * grow, it->radius);
		cairo_fill(cr);
	}
	cairo_restore(cr);
}

static void draw_border(cairo_t *cr, const struct dl_item *it)
{
	const double *bw = it->bw;
	bool same = bw[0] == bw[1] && bw[1] == bw[2] && bw[2] == bw[3] &&
		    !memcmp(&it->bcolor[0], &it->bcolor[1], sizeof it->bcolor[0]) &&
		    !memcmp(&it->bcolor[1], &it->bcolor[2], sizeof it->bcolor[0]) &&
		    !memcmp(&it->bcolor[2], &it->bcolor[3], sizeof it->bcolor[0]);
	if (same && bw[0] > 0) {
		/* one ring: outer minus inner */
		set_color(cr, it->bcolor[0], 1);
		rounded_rect(cr, it->x, it->y, it->w, it->h, it->radius);
		double ir[4];
		for (int i = 0; i < 4; i++)
			ir[i] = MAX(0, it->radius[i] - bw[0]);
		rounded_rect(cr, it->x + bw[0], it->y + bw[0], it->w - 2 * bw[0],
			     it->h - 2 * bw[0], ir);
		cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
		cairo_fill(cr);
		cairo_set_fill_rule(cr, CAIRO_FILL_RULE_WINDING);
		return;
	}
	/* Each side as a trapezoid (the corner joins of CSS 2.1 §8.5.4). */
	double x0 = it->x, y0 = it->y, x1 = it->x + it->w, y1 = it->y + it->h;
	double pts[4][8] = {
		{ x0, y0, x1, y0, x1 - bw[1], y0 + bw[0], x0 + bw[3], y0 + bw[0] },
		{ x1, y0, x1, y1, x1 - bw[1], y1 - bw[2], x1 - bw[1], y0 + bw[0] },
		{ x1, y1, x0, y1, x0 + bw[3], y1 - bw[2], x1 - bw[1], y1 - bw[2] },
		{ x0, y1, x0, y0, x0 + bw[3], y0 + bw[0], x0 + bw[3], y1 - bw[2] },
	};
	for (int i = 0; i < 4; i++) {
		if (bw[i] <= 0 || it->bcolor[i].a == 0)
			continue;
		set_color(cr, it->bcolor[i], 1);
		cairo_move_to(cr, pts[i][0], pts[i][1]);
		for (int k = 2; k < 8; k += 2)
			cairo_line_to(cr, pts[i][k], pts[i][k + 1]);
		cairo_close_path(cr);
		cairo_fill(cr);
	}
}

static void draw_gradient(cairo_t *cr, const struct dl_item *it)
{
	const struct css_gradient *g = it->gradient;
	cairo_pattern_t *p;
	if (g->radial) {
		double cx = it->x + it->w / 2, cy = it->y + it->h / 2;
		/* `circle cover`: the radius reaches the farthest corner */
		double r = sqrt(it->w * it->w + it->h * it->h) / 2;
		p = cairo_pattern_create_radial(cx, cy, 0, cx, cy, r);
	} else {
		/* CSS Images 3 §3.1.1: the gradient line passes through the
		 * centre at `angle`, long enough to reach the corners. */
		double a = g->angle_deg * M_PI / 180.0;
		double dx = sin(a), dy = -cos(a);
		double len = fabs(it->w * sin(a)) + fabs(it->h * cos(a));
		double cx = it->x + it->w / 2, cy = it->y + it->h / 2;
		p = cairo_pattern_create_linear(cx - dx * len / 2, cy - dy * len / 2,
						cx + dx * len / 2, cy + dy * len / 2);
	}
	for (int i = 0; i < g->n_stops; i++) {
		double pos = g->stop[i].pos;
		if (pos < 0)
			pos = g->n_stops > 1 ? (double)i / (g->n_stops - 1) : 0;
		struct css_color c = g->stop[i].color;
		cairo_pattern_add_color_stop_rgba(p, pos, c.r / 255.0, c.g / 255.0,
						  c.b / 255.0, c.a / 255.0);
	}
	cairo_set_source(cr, p);
	rounded_rect(cr, it->x, it->y, it->w, it->h, it->radius);
	cairo_fill(cr);
	cairo_pattern_destroy(p);
}

static void draw_text(cairo_t *cr, const struct dl_item *it)
{
	PangoFont *font = it->glyphs->item->analysis.font;
	/* Shadows, last first (CSS Text Decoration 3 §4: the first is on top). */
	for (int i = it->n_text_shadow - 1; i >= 0; i--) {
		const struct css_shadow *s = &it->text_shadow[i];
		if (s->color.a <= 2)
			continue;       /* HedgeDoc's invisible 0.004-alpha shadow */
		cairo_save(cr);
		/* A blurred shadow spreads its ink: draw it fainter. */
		set_color(cr, s->color, s->blur > 0 ? 0.6 : 1);
		cairo_move_to(cr, it->x + s->x, it->y + s->y);
		pango_cairo_glyph_string_path(cr, font, it->glyphs->glyphs);
		cairo_fill(cr);
		cairo_restore(cr);
	}
	set_color(cr, it->color, 1);
	cairo_move_to(cr, it->x, it->y);
	pango_cairo_show_glyph_item(cr, it->text, it->glyphs);
	if (it->decoration) {
		double t = it->deco_thickness;
		if (it->decoration & TD_UNDERLINE)
			cairo_rectangle(cr, it->x, it->y + it->underline_pos, it->w, t);
		if (it->decoration & TD_LINE_THROUGH)
			cairo_rectangle(cr, it->x, it->y + it->strike_pos - t / 2, it->w, t);
		if (it->decoration & TD_OVERLINE)
			cairo_rectangle(cr, it->x, it->y - it->h * 0.8, it->w, t);
		cairo_fill(cr);
	}
}

/* A picture that could not be had: a light frame with its file name, so the
 * reader sees what is missing and where. */
static void draw_placeholder(cairo_t *cr, const struct dl_item *it)
{
	if (it->w <= 0 || it->h <= 0)
		return;
	cairo_save(cr);
	cairo_rectangle(cr, it->x, it->y, it->w, it->h);
	cairo_set_source_rgba(cr, 0.5, 0.5, 0.5, it->color.a ? 0.12 : 0);
	cairo_fill_preserve(cr);
	cairo_set_source_rgba(cr, 0.5, 0.5, 0.5, 0.8);
	cairo_set_line_width(cr, 1);
	cairo_stroke(cr);
	if (it->label && it->w > 40 && it->h > 16) {
		cairo_rectangle(cr, it->x, it->y, it->w, it->h);
		cairo_clip(cr);
		/* Through Pango and the private font map (text.h), so the label
		 * uses the bundled fonts like all other text. */
		PangoLayout *pl = pango_layout_new(text_context());
		PangoFontDescription *fd = pango_font_description_from_string("sans-serif");
		pango_font_description_set_absolute_size(fd, MIN(14, it->h * 0.6) * PANGO_SCALE);
		pango_layout_set_font_description(pl, fd);
		pango_font_description_free(fd);
		pango_layout_set_text(pl, it->label, -1);
		cairo_move_to(cr, it->x + 4, it->y + 4);
		pango_cairo_show_layout(cr, pl);
		g_object_unref(pl);
	}
	cairo_restore(cr);
}

static void draw_link(cairo_t *cr, const struct dl_item *it)
{
	if (!it->label || !*it->label)
		return;
	/* External URLs, and pages of this document ("#page=N", resolved by the
	 * driver from reveal's #/h/v links). */
	bool internal = !strncmp(it->label, "#page=", 6);
	if (!internal && strncmp(it->label, "http://", 7) &&
	    strncmp(it->label, "https://", 8) && strncmp(it->label, "mailto:", 7))
		return;
	double x = it->x, y = it->y, w = it->w, h = it->h;
	cairo_user_to_device(cr, &x, &y);
	cairo_user_to_device_distance(cr, &w, &h);
	/* cairo's link attributes take a quoted string: escape ' and \ */
	struct strbuf b;
	strbuf_init(&b, 0);
	strbuf_printf(&b, "rect=[%.2f %.2f %.2f %.2f] ", x, y, w, h);
	if (internal) {
		strbuf_printf(&b, "page=%d", atoi(it->label + 6));
	} else {
		strbuf_puts(&b, "uri='");
		for (const char *p = it->label; *p; p++) {
			if (*p == '\'' || *p == '\\')
				strbuf_append(&b, "\\", 1);
			strbuf_append(&b, p, 1);
		}
		strbuf_puts(&b, "'");
	}
	cairo_tag_begin(cr, CAIRO_TAG_LINK, b.s);
	cairo_tag_end(cr, CAIRO_TAG_LINK);
	strbuf_free(&b);
}

void render_display_list(cairo_t *cr, const struct display_list *dl)
{
	bool is_pdf = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
	for (size_t i = 0; i < dl->n; i++) {
		const struct dl_item *it = &dl->items[i];
		switch (it->op) {
		case DL_RECT:
			set_color(cr, it->color, 1);
			rounded_rect(cr, it->x, it->y, it->w, it->h, it->radius);
			cairo_fill(cr);
			break;
		case DL_BORDER:
			draw_border(cr, it);
			break;
		case DL_SHADOW:
			draw_shadow(cr, it);
			break;
		case DL_TEXT:
			draw_text(cr, it);
			break;
		case DL_IMAGE:
			if (it->w > 0 && it->h > 0)
				image_draw_repeated(cr, it->image, it->x, it->y, it->w, it->h,
						    it->repeat);
			break;
		case DL_GRADIENT:
			draw_gradient(cr, it);
			break;
		case DL_PLACEHOLDER:
			draw_placeholder(cr, it);
			break;
		case DL_PUSH_CLIP:
			cairo_save(cr);
			cairo_rectangle(cr, it->x, it->y, it->w, it->h);
			cairo_clip(cr);
			break;
		case DL_POP_CLIP:
			cairo_restore(cr);
			break;
		case DL_PUSH_GROUP:
			cairo_save(cr);
			if (it->has_matrix) {
				cairo_matrix_t m = { it->matrix[0], it->matrix[1], it->matrix[2],
						     it->matrix[3], it->matrix[4], it->matrix[5] };
				cairo_transform(cr, &m);
			}
			if (it->opacity < 1)
				cairo_push_group(cr);
			break;
		case DL_POP_GROUP: {
			/* find the matching push for its opacity */
			int depth = 0;
			double op = 1;
			for (size_t k = i; k-- > 0;) {
				if (dl->items[k].op == DL_POP_GROUP)
					depth++;
				else if (dl->items[k].op == DL_PUSH_GROUP && depth-- == 0) {
					op = dl->items[k].opacity;
					break;
				}
			}
			if (op < 1) {
				cairo_pop_group_to_source(cr);
				cairo_paint_with_alpha(cr, op);
			}
			cairo_restore(cr);
			break;
		}
		case DL_LINK:
			if (is_pdf)
				draw_link(cr, it);
			break;
		}
	}
}
