/*
 * render_cairo.c — draws a display list with cairo (see render_cairo.h).
 *
 * Text goes through pango_cairo_show_glyph_item(), which passes the text
 * and its clusters to cairo, so the PDF carries real, extractable text.
 * Text shadows are drawn as glyph *paths*, so they add no second copy of the
 * words to the PDF's text layer. Colour (emoji) glyphs are the exception:
 * cairo 1.16 puts them into the PDF as pictures without text, so their text
 * is added as an invisible layer (see text_layer()).
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* RTLD_NEXT */
#include "render/render_cairo.h"
#include "text/text.h"
#include "css/css.h"
#include "render/display_list.h"
#include "render/paint.h"
#include "resources/image.h"
#include "math/math.h"
#include "math/mfont.h"
#include "base/scs_limits.h"
#include "base/util.h"
#include "base/dynlib.h"

#include <cairo-ft.h>
#include <dlfcn.h>
#include <pthread.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-font.h>
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

/* The colour a side is drawn in: inset/outset/groove/ridge shade it as
 * Blink does (BoxBorderPainter: the darker side is the colour × 1/3 darker,
 * top and left for inset/groove, bottom and right for outset/ridge). */
static struct css_color side_color(const struct dl_item *it, int side)
{
	struct css_color c = it->bcolor[side];
	uint8_t st = it->bstyle[side];
	bool top_left = side == SIDE_TOP || side == SIDE_LEFT;
	bool dark = ((st == BS_INSET || st == BS_GROOVE) && top_left) ||
		    ((st == BS_OUTSET || st == BS_RIDGE) && !top_left);
	if (dark) {
		c.r = (uint8_t)(c.r * 2 / 3);
		c.g = (uint8_t)(c.g * 2 / 3);
		c.b = (uint8_t)(c.b * 2 / 3);
	}
	return c;
}

/* A dashed, dotted or double side, along the middle of its width. */
static void stroke_side(cairo_t *cr, const struct dl_item *it, int side)
{
	double w = it->bw[side];
	double x0 = it->x, y0 = it->y, x1 = it->x + it->w, y1 = it->y + it->h;
	double ax, ay, bx, by;
	switch (side) {
	case SIDE_TOP: ax = x0; ay = y0 + w / 2; bx = x1; by = ay; break;
	case SIDE_RIGHT: ax = x1 - w / 2; ay = y0; bx = ax; by = y1; break;
	case SIDE_BOTTOM: ax = x1; ay = y1 - w / 2; bx = x0; by = ay; break;
	default: ax = x0 + w / 2; ay = y1; bx = ax; by = y0; break;
	}
	cairo_save(cr);
	set_color(cr, it->bcolor[side], 1);
	if (it->bstyle[side] == BS_DOUBLE) {
		/* two lines of a third of the width each (CSS 2.1 §8.5.3) */
		double t = w / 3, dx = (ay == by) ? 0 : 1, dy = (ay == by) ? 1 : 0;
		cairo_set_line_width(cr, t);
		for (int k = -1; k <= 1; k += 2) {
			cairo_move_to(cr, ax + k * t * dx, ay + k * t * dy);
			cairo_line_to(cr, bx + k * t * dx, by + k * t * dy);
		}
		cairo_stroke(cr);
		cairo_restore(cr);
		return;
	}
	cairo_set_line_width(cr, w);
	if (it->bstyle[side] == BS_DOTTED) {
		double dash[2] = { 0, 2 * w };
		cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
		cairo_set_dash(cr, dash, 2, 0);
	} else {
		/* dashes and gaps about two widths long, as Chrome draws them */
		double dash[2] = { 2 * w, 2 * w };
		cairo_set_dash(cr, dash, 2, 0);
	}
	cairo_move_to(cr, ax, ay);
	cairo_line_to(cr, bx, by);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static bool plain_style(uint8_t st)
{
	return st != BS_DASHED && st != BS_DOTTED && st != BS_DOUBLE;
}

static void draw_border(cairo_t *cr, const struct dl_item *it)
{
	const double *bw = it->bw;
	bool same = bw[0] == bw[1] && bw[1] == bw[2] && bw[2] == bw[3] &&
		    !memcmp(&it->bcolor[0], &it->bcolor[1], sizeof it->bcolor[0]) &&
		    !memcmp(&it->bcolor[1], &it->bcolor[2], sizeof it->bcolor[0]) &&
		    !memcmp(&it->bcolor[2], &it->bcolor[3], sizeof it->bcolor[0]);
	bool solid = true;
	for (int i = 0; i < 4; i++)
		if (it->bstyle[i] != BS_SOLID && bw[i] > 0)
			solid = false;
	if (same && solid && bw[0] > 0) {
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
	/* Each side as a trapezoid (the corner joins of CSS 2.1 §8.5.4), or a
	 * dashed/dotted/double stroke. */
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
		if (!plain_style(it->bstyle[i])) {
			stroke_side(cr, it, i);
			continue;
		}
		set_color(cr, side_color(it, i), 1);
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

/* Whether a font draws colour glyphs (emoji fonts: CBDT/sbix/COLR). */
static bool is_colour_font(PangoFont *font)
{
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	if (!sf || cairo_scaled_font_get_type(sf) != CAIRO_FONT_TYPE_FT)
		return false;
	FT_Face face = cairo_ft_scaled_font_lock_face(sf);
	bool colour = face && FT_HAS_COLOR(face);
	cairo_ft_scaled_font_unlock_face(sf);
	return colour;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/*
 * The text of a run of colour glyphs, for search and copy: cairo draws those
 * glyphs as images, so each cluster is shown again, at an alpha no one sees
 * (HedgeDoc's own "invisible" shadow uses 0.004), as a glyph of a font of
 * its own, stretched over the cluster. cairo's ToUnicode maps each glyph
 * to the first text shown with it, so every distinct cluster text gets a
 * glyph of its own (one per document target, in order of first use): with
 * one glyph for all of them, readers without ActualText support read
 * "🎉🎂🎈" as "🎉🎉🎉". The font is a plain one opened through its own
 * FT_Face, so that its glyphs are a font subset apart from the text's.
 */
struct layer_font {
	FT_Library lib;
	FT_Face face;
	cairo_font_face_t *cf;
	GHashTable *glyphs;         /* cluster text (owned) -> glyph index */
	long next;                  /* the next glyph to hand out */
};

static void layer_font_free_face(void *data)
{
	struct layer_font *lf = data;
	FT_Done_Face(lf->face);
	FT_Done_FreeType(lf->lib);
	free(lf);
}

/* The target's layer font, on first use loaded from the file of the font
 * that plain names; NULL when there is none. */
static const cairo_user_data_key_t layer_font_key, layer_face_key;

static void layer_font_release(void *data)
{
	struct layer_font *lf = data;
	g_hash_table_destroy(lf->glyphs);
	/* the face lives as long as cairo keeps the font face (its subsets
	 * are written when the surface finishes) */
	cairo_font_face_destroy(lf->cf);
}

static struct layer_font *layer_font(cairo_t *cr, PangoFont *plain)
{
	cairo_surface_t *target = cairo_get_target(cr);
	struct layer_font *lf = cairo_surface_get_user_data(target, &layer_font_key);
	if (lf)
		return lf->cf ? lf : NULL;
	lf = xcalloc(1, sizeof *lf);
	FcPattern *pat = pango_fc_font_get_pattern(PANGO_FC_FONT(plain));
	FcChar8 *file = NULL;
	int index = 0;
	if (pat && FcPatternGetString(pat, FC_FILE, 0, &file) == FcResultMatch &&
	    FcPatternGetInteger(pat, FC_INDEX, 0, &index) != FcResultTypeMismatch &&
	    !FT_Init_FreeType(&lf->lib)) {
		if (!FT_New_Face(lf->lib, (const char *)file, index, &lf->face)) {
			lf->cf = cairo_ft_font_face_create_for_ft_face(lf->face, 0);
			if (cairo_font_face_set_user_data(lf->cf, &layer_face_key, lf,
							  layer_font_free_face)) {
				cairo_font_face_destroy(lf->cf);
				lf->cf = NULL;
			}
		}
	}
	lf->next = 1;
	lf->glyphs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (!lf->cf) {
		/* nothing to show the text with: remember that */
		if (lf->face)
			FT_Done_Face(lf->face);
		if (lf->lib)
			FT_Done_FreeType(lf->lib);
		g_hash_table_destroy(lf->glyphs);
		lf->glyphs = NULL;
		cairo_surface_set_user_data(target, &layer_font_key, lf, free);
		return NULL;
	}
	/* the font face's user data frees lf with the FT_Face */
	cairo_surface_set_user_data(target, &layer_font_key, lf, layer_font_release);
	return lf;
}

/* The glyph for a cluster's text: a new one with an advance and ink for a
 * new text, 0 (.notdef, shared) when the font has no glyph left. */
static unsigned long layer_glyph(struct layer_font *lf, cairo_scaled_font_t *sf,
				 const char *text, int len)
{
	char *key = g_strndup(text, (gsize)len);
	gpointer hit;
	if (g_hash_table_lookup_extended(lf->glyphs, key, NULL, &hit)) {
		g_free(key);
		return GPOINTER_TO_SIZE(hit);
	}
	unsigned long g = 0;
	while (lf->next < lf->face->num_glyphs && !g) {
		cairo_glyph_t cg = { (unsigned long)lf->next++, 0, 0 };
		cairo_text_extents_t ext;
		cairo_scaled_font_glyph_extents(sf, &cg, 1, &ext);
		/* ink too: cairo clips a run to its ink, and MuPDF leaves out
		 * text outside the clip (an empty glyph is a 0.3×1 pt box) */
		if (ext.x_advance > 0 && ext.width > 0 && ext.height > 0)
			g = cg.index;
	}
	g_hash_table_insert(lf->glyphs, key, GSIZE_TO_POINTER(g));
	return g;
}

static void text_layer(cairo_t *cr, const struct dl_item *it)
{
	const PangoGlyphItem *gi = it->glyphs;
	const PangoGlyphString *gs = gi->glyphs;
	int n = gs->num_glyphs;
	if (n <= 0)
		return;
	PangoFontDescription *fd = pango_font_description_from_string("sans-serif");
	pango_font_description_set_absolute_size(fd, MAX(it->font_size, 1) * PANGO_SCALE);
	PangoFont *plain = pango_font_map_load_font(pango_context_get_font_map(text_context()),
						    text_context(), fd);
	pango_font_description_free(fd);
	struct layer_font *lf = plain && PANGO_IS_FC_FONT(plain) ? layer_font(cr, plain) : NULL;
	if (plain)
		g_object_unref(plain);
	if (!lf)
		return;
	double size = MAX(it->font_size, 1);
	cairo_matrix_t fm, ctm;
	cairo_matrix_init_scale(&fm, size, size);
	cairo_matrix_init_identity(&ctm);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_scaled_font_t *sf = cairo_scaled_font_create(lf->cf, &fm, &ctm, fo);
	const char *text = it->text + gi->item->offset;
	int len = gi->item->length;
	bool rtl = gi->item->analysis.level & 1;
	/* the sorted cluster starts, searched for each cluster's end (a scan
	 * per cluster made a 640 KB line of emoji quadratic) */
	int *starts = xmalloc((size_t)n * sizeof *starts);
	memcpy(starts, gs->log_clusters, (size_t)n * sizeof *starts);
	qsort(starts, (size_t)n, sizeof *starts, cmp_int);
	cairo_save(cr);
	cairo_set_source_rgba(cr, 0, 0, 0, 1 / 255.0);
	double x = it->x;
	for (int i = 0; i < n;) {
		/* one cluster: the glyphs sharing a log_clusters value; its bytes
		 * run to the next larger start (text order), the last one to the
		 * end of the item */
		int j = i + 1;
		double w = gs->glyphs[i].geometry.width / (double)PANGO_SCALE;
		while (j < n && gs->log_clusters[j] == gs->log_clusters[i])
			w += gs->glyphs[j++].geometry.width / (double)PANGO_SCALE;
		int start = gs->log_clusters[i], lo = 0, hi = n;
		while (lo < hi) {       /* the first start > start */
			int mid = lo + (hi - lo) / 2;
			if (starts[mid] > start)
				hi = mid;
			else
				lo = mid + 1;
		}
		int end = lo < n && starts[lo] < len ? starts[lo] : len;
		/* one glyph per code point, each a cluster of its own: MuPDF
		 * reads a glyph mapped to several code points (🕯 + U+FE0F, a
		 * ZWJ sequence) from the font's cmap instead */
		int n_cp = (int)g_utf8_strlen(text + start, end - start);
		double cw = n_cp > 0 ? w / n_cp : w, cx = x + gs->glyphs[i].geometry.x_offset /
						      (double)PANGO_SCALE;
		for (const char *c = text + start; c < text + end && n_cp > 0;) {
			const char *next = g_utf8_find_next_char(c, text + end);
			int nb = (int)((next ? next : text + end) - c);
			cairo_glyph_t g = { layer_glyph(lf, sf, c, nb), cx, it->y };
			cairo_text_extents_t ext;
			cairo_scaled_font_glyph_extents(sf, &g, 1, &ext);
			/* the glyph stretched over its share of the cluster, so
			 * extraction sees it where the picture is */
			cairo_matrix_t m = fm;
			if (ext.x_advance > 0 && cw > 0.01)
				cairo_matrix_scale(&m, cw / ext.x_advance, 1);
			cairo_scaled_font_t *gsf = cairo_scaled_font_create(lf->cf, &m, &ctm, fo);
			cairo_set_scaled_font(cr, gsf);
			cairo_text_cluster_t cl = { nb, 1 };
			cairo_show_text_glyphs(cr, c, nb, &g, 1, &cl, 1,
					       rtl ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
			cairo_scaled_font_destroy(gsf);
			cx += cw;
			c += nb;
		}
		x += w;
		i = j;
	}
	free(starts);
	cairo_restore(cr);
	cairo_font_options_destroy(fo);
	cairo_scaled_font_destroy(sf);
}

/*
 * In a PDF, each letter of a shadow is a form XObject of its own, made once
 * per document (the cache hangs on the PDF surface) for its font, glyph and
 * colour; a run's shadow places them. Writing every outline's numbers and
 * compressing them again for each occurrence of a letter was most of the
 * cost of a title slide with shadows: 63 M of the seed deck's 123 M
 * instructions in cairo_show_page were its first page.
 */
struct glyph_key {
	PangoFont *font;            /* a reference */
	PangoGlyph glyph;
	uint32_t rgba;              /* 8 bits a channel */
};

static guint glyph_key_hash(gconstpointer p)
{
	const struct glyph_key *k = p;
	return g_direct_hash(k->font) ^ (k->glyph * 2654435761u) ^ k->rgba;
}

static gboolean glyph_key_equal(gconstpointer a, gconstpointer b)
{
	const struct glyph_key *x = a, *y = b;
	return x->font == y->font && x->glyph == y->glyph && x->rgba == y->rgba;
}

static void glyph_key_free(gpointer p)
{
	struct glyph_key *k = p;
	g_object_unref(k->font);
	free(k);
}

static const cairo_user_data_key_t glyph_forms_key;

/* The form of one glyph's outline filled with rgba, its origin at (0, 0). */
static cairo_surface_t *glyph_form(cairo_t *cr, PangoFont *font, PangoGlyph glyph,
				   const double rgba[4])
{
	cairo_surface_t *target = cairo_get_target(cr);
	GHashTable *forms = cairo_surface_get_user_data(target, &glyph_forms_key);
	if (!forms) {
		forms = g_hash_table_new_full(glyph_key_hash, glyph_key_equal, glyph_key_free,
					      (GDestroyNotify)cairo_surface_destroy);
		cairo_surface_set_user_data(target, &glyph_forms_key, forms,
					    (cairo_destroy_func_t)g_hash_table_destroy);
	}
	struct glyph_key k = { font, glyph, 0 };
	for (int c = 0; c < 4; c++)
		k.rgba = k.rgba << 8 | (uint32_t)lround(CLAMP(rgba[c], 0, 1) * 255);
	cairo_surface_t *form = g_hash_table_lookup(forms, &k);
	if (form)
		return form;
	cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font));
	cairo_glyph_t g = { glyph, 0, 0 };
	cairo_text_extents_t te;
	cairo_scaled_font_glyph_extents(sf, &g, 1, &te);
	cairo_rectangle_t ext = { floor(te.x_bearing) - 1, floor(te.y_bearing) - 1,
				  ceil(te.width) + 2, ceil(te.height) + 2 };
	form = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	cairo_t *fc = cairo_create(form);
	cairo_set_source_rgba(fc, rgba[0], rgba[1], rgba[2], rgba[3]);
	cairo_set_scaled_font(fc, sf);
	cairo_glyph_path(fc, &g, 1);   /* what pango_cairo_glyph_string_path does */
	cairo_fill(fc);
	cairo_destroy(fc);
	struct glyph_key *kk = xmalloc(sizeof *kk);
	*kk = k;
	g_object_ref(font);
	g_hash_table_insert(forms, kk, form);
	return form;
}

/* A run's outlines in rgba into rc, at the run's origin: letter by letter
 * from glyph_form() in a PDF, else as one path. Pango's hex boxes for
 * missing glyphs only come as a path. */
static void shadow_outline(cairo_t *cr, cairo_t *rc, PangoFont *font,
			   const PangoGlyphString *gs, const double rgba[4])
{
	bool forms = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
	for (int i = 0; forms && i < gs->num_glyphs; i++)
		forms = !(gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG);
	if (!forms) {
		cairo_set_source_rgba(rc, rgba[0], rgba[1], rgba[2], rgba[3]);
		cairo_move_to(rc, 0, 0);
		pango_cairo_glyph_string_path(rc, font, (PangoGlyphString *)gs);
		cairo_fill(rc);
		return;
	}
	double x = 0;
	for (int i = 0; i < gs->num_glyphs; i++) {
		const PangoGlyphInfo *gi = &gs->glyphs[i];
		if (gi->glyph != PANGO_GLYPH_EMPTY) {
			cairo_set_source_surface(rc, glyph_form(cr, font, gi->glyph, rgba),
						 x + gi->geometry.x_offset / (double)PANGO_SCALE,
						 gi->geometry.y_offset / (double)PANGO_SCALE);
			cairo_paint(rc);
		}
		x += gi->geometry.width / (double)PANGO_SCALE;
	}
}

/*
 * A run's text shadows. The glyph outlines go into the PDF once, as a form
 * XObject (a recording surface, which cairo-pdf writes once however often
 * it is painted), and each shadow of that colour paints it at its offset:
 * the four 1px white shadows of the community-call title slides cost one
 * outline, not four. Last first (CSS Text Decoration 3 §4: the first is on
 * top).
 */
static void draw_text_shadows(cairo_t *cr, const struct dl_item *it, PangoFont *font)
{
	cairo_surface_t *rec = NULL;
	double rgba[4] = { -1, -1, -1, -1 };
	PangoRectangle ink;
	pango_glyph_string_extents(it->glyphs->glyphs, font, &ink, NULL);
	cairo_rectangle_t ext = {
		floor(pango_units_to_double(ink.x)) - 1, floor(pango_units_to_double(ink.y)) - 1,
		ceil(pango_units_to_double(ink.width)) + 2, ceil(pango_units_to_double(ink.height)) + 2,
	};
	for (int i = it->n_text_shadow - 1; i >= 0; i--) {
		const struct css_shadow *s = &it->text_shadow[i];
		if (s->color.a <= 2)
			continue;       /* HedgeDoc's invisible 0.004-alpha shadow */
		/* A blurred shadow spreads its ink: draw it fainter. */
		double want[4] = { s->color.r / 255.0, s->color.g / 255.0, s->color.b / 255.0,
				   s->color.a / 255.0 * (s->blur > 0 ? 0.6 : 1) };
		if (!rec || memcmp(want, rgba, sizeof want) != 0) {
			if (rec)
				cairo_surface_destroy(rec);
			memcpy(rgba, want, sizeof rgba);
			rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
			cairo_t *rc = cairo_create(rec);
			shadow_outline(cr, rc, font, it->glyphs->glyphs, rgba);
			cairo_destroy(rc);
		}
		cairo_save(cr);
		cairo_set_source_surface(cr, rec, it->x + s->x, it->y + s->y);
		cairo_rectangle(cr, it->x + s->x + ext.x, it->y + s->y + ext.y, ext.width, ext.height);
		cairo_fill(cr);
		cairo_restore(cr);
	}
	if (rec)
		cairo_surface_destroy(rec);
}

/* Does the run hold a variation selector (U+FE0E, U+FE0F)? */
static bool has_vs(const char *t, int n)
{
	for (int i = 0; i + 2 < n; i++)
		if ((unsigned char)t[i] == 0xef && (unsigned char)t[i + 1] == 0xb8 &&
		    ((unsigned char)t[i + 2] == 0x8e || (unsigned char)t[i + 2] == 0x8f))
			return true;
	return false;
}

/*
 * A left-to-right run with a variation selector ("↩︎", HedgeDoc's footnote
 * back-reference): its glyphs as pango_cairo_show_glyph_item() draws them,
 * but each selector's bytes go with the glyph before it, so the PDF's text
 * keeps them (Pango gives the selector an empty glyph of its own, and the
 * text of a cluster without a drawn glyph is lost). False when the run is
 * not such a run.
 */
static bool show_with_selectors(cairo_t *cr, const struct dl_item *it, PangoFont *font)
{
	const PangoGlyphItem *gi = it->glyphs;
	const PangoGlyphString *gs = gi->glyphs;
	const char *text = it->text + gi->item->offset;
	int n = gs->num_glyphs, len = gi->item->length;
	if (n <= 0 || (gi->item->analysis.level & 1) || !has_vs(text, len))
		return false;
	for (int i = 0; i < n; i++)
		if (gs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
			return false;
	cairo_glyph_t *g = xmalloc((size_t)n * sizeof *g);
	cairo_text_cluster_t *cl = xmalloc((size_t)n * sizeof *cl);
	int ng = 0, nc = 0;
	double x = it->x;
	for (int i = 0; i < n; i++) {
		const PangoGlyphInfo *k = &gs->glyphs[i];
		int start = gs->log_clusters[i], end = len;
		for (int j = i + 1; j < n; j++)
			if (gs->log_clusters[j] > start) {
				end = gs->log_clusters[j];
				break;
			}
		bool drawn = k->glyph != PANGO_GLYPH_EMPTY;
		if (drawn) {
			g[ng].index = k->glyph;
			g[ng].x = x + k->geometry.x_offset / (double)PANGO_SCALE;
			g[ng].y = it->y + k->geometry.y_offset / (double)PANGO_SCALE;
			ng++;
		}
		x += k->geometry.width / (double)PANGO_SCALE;
		if (i > 0 && start == gs->log_clusters[i - 1]) {
			cl[nc - 1].num_glyphs += drawn;
			continue;
		}
		if (nc > 0 && !drawn) {         /* a selector: the glyph before's */
			cl[nc - 1].num_bytes += end - start;
			continue;
		}
		cl[nc].num_glyphs = drawn;
		cl[nc].num_bytes = end - start;
		nc++;
	}
	cairo_set_scaled_font(cr, pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(font)));
	cairo_show_text_glyphs(cr, text, len, g, ng, cl, nc, 0);
	free(g);
	free(cl);
	return true;
}

/*
 * A run without the white space Pango leaves unshown at the end of a
 * wrapped line (empty glyphs): cairo would write its text as an empty
 * marked span (/Span << /ActualText ( ) >> BDC EMC, PDF/UA-1 §7.2 wants
 * none). A copy to free, or NULL when the run has no such end.
 */
static PangoGlyphItem *trim_line_end(const char *text, const PangoGlyphItem *gi)
{
	const PangoGlyphString *gs = gi->glyphs;
	const PangoItem *item = gi->item;
	if (item->analysis.level & 1)
		return NULL;                /* right to left: left as it is */
	int n = gs->num_glyphs;
	while (n > 0 && gs->glyphs[n - 1].glyph == PANGO_GLYPH_EMPTY &&
	       g_ascii_isspace(text[item->offset + gs->log_clusters[n - 1]]))
		n--;
	if (n == gs->num_glyphs || n == 0)
		return NULL;
	int cut = item->offset + gs->log_clusters[n];   /* first byte left out */
	PangoGlyphItem *c = pango_glyph_item_copy((PangoGlyphItem *)gi);
	c->item->num_chars -= (int)g_utf8_strlen(text + cut, item->offset + item->length - cut);
	c->item->length = cut - item->offset;
	c->glyphs->num_glyphs = n;
	return c;
}

/*
 * SVG pages: cairo's SVG surface draws glyphs as outlines (<symbol> and
 * <use>), so a page had no text to search or select. Each run is also
 * recorded as an invisible <text> element (fill-opacity 0) laid over its
 * outlines, stretched to the run's width (textLength); the writer puts the
 * layer at the end of the page (render_svg_text_layer).
 */
static const cairo_user_data_key_t svg_text_key;

static void svg_text(cairo_t *cr, const struct dl_item *it, PangoFont *font)
{
	cairo_surface_t *target = cairo_get_target(cr);
	struct strbuf *b = cairo_surface_get_user_data(target, &svg_text_key);
	if (!b) {
		b = xcalloc(1, sizeof *b);
		strbuf_init(b, 0);
		cairo_surface_set_user_data(target, &svg_text_key, b, (cairo_destroy_func_t)
					    render_svg_text_free);
	}
	const PangoItem *item = it->glyphs->item;
	cairo_matrix_t m;
	cairo_get_matrix(cr, &m);
	PangoFontDescription *fd = pango_font_describe(font);
	const char *family = pango_font_description_get_family(fd);
	double size = it->font_size > 0 ? it->font_size
		      : pango_font_description_get_size(fd) / (double)PANGO_SCALE;
	strbuf_printf(b, "<text transform=\"matrix(%g %g %g %g %g %g)\" x=\"%.2f\" y=\"%.2f\" "
		      "font-size=\"%.2f\" font-family=\"", m.xx, m.yx, m.xy, m.yy, m.x0, m.y0,
		      it->x, it->y, MAX(size, 1));
	for (const char *c = family ? family : "sans-serif"; *c; c++)
		if (*c != '"' && *c != '<' && *c != '&')
			strbuf_append(b, c, 1);
	strbuf_puts(b, "\"");
	if (it->w > 0.01)
		strbuf_printf(b, " textLength=\"%.2f\" lengthAdjust=\"spacingAndGlyphs\"", it->w);
	strbuf_puts(b, " fill-opacity=\"0\" xml:space=\"preserve\">");
	pango_font_description_free(fd);
	const char *t = it->text + item->offset, *end = t + item->length;
	while (t < end) {
		gunichar c = g_utf8_get_char_validated(t, end - t);
		if (c == (gunichar)-1 || c == (gunichar)-2)
			break;
		const char *next = g_utf8_next_char(t);
		if (c == '<')
			strbuf_puts(b, "&lt;");
		else if (c == '&')
			strbuf_puts(b, "&amp;");
		else if (c == '\t' || c == '\n' || c == '\r')
			strbuf_puts(b, " ");
		else if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)
			strbuf_append(b, t, (size_t)(next - t));
		t = next;
	}
	strbuf_puts(b, "</text>\n");
}

/* exported function documented in render_cairo.h */
const char *render_svg_text_layer(cairo_surface_t *surf, size_t *len)
{
	struct strbuf *b = cairo_surface_get_user_data(surf, &svg_text_key);
	*len = b ? b->len : 0;
	return b ? b->s : NULL;
}

/* exported function documented in render_cairo.h */
void render_svg_text_free(void *b)
{
	strbuf_free(b);
	free(b);
}

/* Whether a run lies wholly outside the clip (content cut off below the
 * slide): vector targets would keep it, and text extraction would read
 * what no one sees (MuPDF and pypdf do; poppler leaves out what is off the
 * page). Shadows count: a run's shadow may show when the run does not. */
static bool text_hidden(cairo_t *cr, const struct dl_item *it)
{
	cairo_surface_type_t type = cairo_surface_get_type(cairo_get_target(cr));
	if (type != CAIRO_SURFACE_TYPE_PDF && type != CAIRO_SURFACE_TYPE_SVG)
		return false;
	double x0, y0, x1, y1, m = it->h + 50 * it->n_text_shadow;
	cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
	return it->x + it->w + m < x0 || it->x - m > x1 || it->y + m < y0 || it->y - m > y1;
}

static void draw_text(cairo_t *cr, const struct dl_item *it)
{
	if (text_hidden(cr, it))
		return;
	PangoFont *font = it->glyphs->item->analysis.font;
	if (cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_SVG)
		svg_text(cr, it, font);
	if (it->n_text_shadow > 0)
		draw_text_shadows(cr, it, font);
	set_color(cr, it->color, 1);
	cairo_move_to(cr, it->x, it->y);
	/* Pango 1.50 writes into the text of a colour-glyph run while drawing
	 * it (the first byte of U+25AA came back as a space), so keep a copy
	 * and put it back: the text layer and later users need it whole. */
	bool colour = is_colour_font(font);
	const PangoItem *item = it->glyphs->item;
	char *saved = colour ? g_strndup(it->text + item->offset, (gsize)item->length) : NULL;
	if (colour || !show_with_selectors(cr, it, font)) {
		PangoGlyphItem *trimmed = trim_line_end(it->text, it->glyphs);
		pango_cairo_show_glyph_item(cr, it->text, trimmed ? trimmed : it->glyphs);
		if (trimmed)
			pango_glyph_item_free(trimmed);
	}
	if (colour) {
		memcpy((char *)it->text + item->offset, saved, (size_t)item->length);
		g_free(saved);
		text_layer(cr, it);
	}
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

/* A typeset formula: runs of glyphs of one size and colour, then its rules.
 * Each glyph carries the character MathJax would show (math.h), so the
 * text layer reads as the formula does, in place. */
static void draw_math(cairo_t *cr, const struct dl_item *it)
{
	const struct math_formula *f = it->math;
	cairo_font_face_t *face = mfont_cairo_face();
	if (!face)
		return;
	cairo_save(cr);
	cairo_set_font_face(cr, face);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
	/* rules first: a \\bbox background lies under the glyphs */
	for (size_t i = 0; i < f->n_rules; i++) {
		const struct math_rule *r = &f->rules[i];
		set_color(cr, r->color, 1);
		cairo_rectangle(cr, it->x + r->x, it->y + r->y, r->w, r->h);
		cairo_fill(cr);
	}
	/* Room for a space after each glyph: MathJax's elements (a letter, an
	 * operator, a number, a word of \\text) are words of their own, and a
	 * text extractor takes evenly spaced glyphs for one word unless a
	 * space glyph (no ink, its text " ") stands between them. */
	cairo_glyph_t *g = xmalloc((2 * f->n_glyphs + 1) * sizeof *g);
	cairo_text_cluster_t *cl = xmalloc((2 * f->n_glyphs + 1) * sizeof *cl);
	char *utf8 = xmalloc(5 * f->n_glyphs + 1);
	uint32_t space = mfont_glyph(' ');
	for (size_t i = 0; i < f->n_glyphs;) {
		size_t j = i;
		const struct math_glyph *a = &f->glyphs[i];
		int n = 0, nb = 0;
		while (j < f->n_glyphs && f->glyphs[j].size == a->size &&
		       !memcmp(&f->glyphs[j].color, &a->color, sizeof a->color)) {
			const struct math_glyph *gj = &f->glyphs[j];
			g[n] = (cairo_glyph_t){ gj->gid, it->x + gj->x, it->y + gj->y };
			cl[n].num_bytes = utf8_encode(utf8 + nb, gj->cp);
			cl[n].num_glyphs = 1;
			nb += cl[n++].num_bytes;
			if (space && gj->cp && j + 1 < f->n_glyphs && !f->glyphs[j + 1].join) {
				struct mfont_metrics m;
				mfont_metrics(gj->gid, &m);
				g[n] = (cairo_glyph_t){ space, g[n - 1].x + m.adv * gj->size, g[n - 1].y };
				utf8[nb++] = ' ';
				cl[n].num_bytes = 1;
				cl[n++].num_glyphs = 1;
			}
			j++;
		}
		cairo_set_font_size(cr, a->size);
		set_color(cr, a->color, 1);
		cairo_show_text_glyphs(cr, utf8, nb, g, n, cl, n, 0);
		i = j;
	}
	free(g);
	free(cl);
	free(utf8);
	/* characters no math font has, through Pango as the text stage
	 * measured them */
	for (size_t i = 0; i < f->n_texts; i++) {
		const struct math_text *t = &f->texts[i];
		PangoLayout *pl = pango_layout_new(text_context());
		PangoFontDescription *fd = pango_font_description_from_string(MATH_TEXT_FAMILY);
		pango_font_description_set_absolute_size(fd, t->size * PANGO_SCALE);
		pango_layout_set_font_description(pl, fd);
		pango_font_description_free(fd);
		pango_layout_set_text(pl, t->utf8, -1);
		set_color(cr, t->color, 1);
		cairo_move_to(cr, it->x + t->x,
			      it->y + t->y - pango_layout_get_baseline(pl) / (double)PANGO_SCALE);
		pango_cairo_show_layout(cr, pl);
		g_object_unref(pl);
	}
	cairo_restore(cr);
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
		/* a long address wraps anywhere within the box */
		pango_layout_set_width(pl, (int)((it->w - 8) * PANGO_SCALE));
		pango_layout_set_wrap(pl, PANGO_WRAP_CHAR);
		cairo_move_to(cr, it->x + 4, it->y + 4);
		pango_cairo_show_layout(cr, pl);
		g_object_unref(pl);
	}
	cairo_restore(cr);
}

/* ---- links and structure (PDF only) ----------------------------------- */

/* exported function documented in render_cairo.h */
bool render_uri_attrs(const char *uri, struct strbuf *b)
{
	static const char *const schemes[] = { "http://", "https://", "mailto:" };
	bool ok = false;
	for (size_t i = 0; i < ARRAY_LEN(schemes) && !ok; i++)
		ok = !g_ascii_strncasecmp(uri, schemes[i], strlen(schemes[i]));
	if (!ok || !uri[strcspn(uri, ":") + 1])
		return false;
	/* cairo 1.16 writes the URI into a PDF literal string unescaped
	 * (cairo-pdf-interchange.c), and a URI is 7-bit ASCII (ISO 32000-1
	 * §12.6.4.7): percent-encode (RFC 3986 §2.1) parentheses, backslash,
	 * quotes, spaces, controls and non-ASCII bytes. */
	strbuf_puts(b, "uri='");
	for (const unsigned char *p = (const unsigned char *)uri; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || strchr("()\\'\"<>{}|^`", *p)) {
			strbuf_printf(b, "%%%02X", *p);
		} else {
			char c = (char)*p;
			strbuf_append(b, &c, 1);
		}
	}
	strbuf_puts(b, "'");
	return true;
}

/*
 * Every link cairo writes into a PDF passes here: ours (already made by
 * render_uri_attrs) and librsvg's for an SVG's <a>, which it hands cairo as
 * uri='…' with the author's text, and which cairo 1.16 copies into the PDF
 * unescaped: `) >> /AA << /S /JavaScript …` would become an action. This
 * definition of cairo_tag_begin() is exported from the program (see
 * CMakeLists.txt), so librsvg, loaded later, binds to it; cairo's own is
 * reached through RTLD_NEXT. A link keeps only a uri that
 * render_uri_attrs() takes, a dest that is a plain name and a rect of
 * numbers; a link with neither uri nor dest is not begun, and its end is
 * swallowed.
 */

/* The open links of this thread, innermost in bit 0: 1 = dropped. */
static _Thread_local uint64_t link_open;
static _Thread_local int link_depth;
static _Thread_local unsigned link_dropped;

typedef void (*tag_begin_fn)(cairo_t *, const char *, const char *);
typedef void (*tag_end_fn)(cairo_t *, const char *);
static tag_begin_fn real_tag_begin;
static tag_end_fn real_tag_end;
static pthread_once_t real_tags_once = PTHREAD_ONCE_INIT;

static void find_real_tags(void)
{
	char why[256];
	if (!dynlib_fn(RTLD_NEXT, "cairo_tag_begin", &real_tag_begin, why, sizeof why) ||
	    !dynlib_fn(RTLD_NEXT, "cairo_tag_end", &real_tag_end, why, sizeof why)) {
		fprintf(stderr, "scs-pdf: %s\n", why);
		abort();
	}
}

/* A value in cairo's attribute syntax (cairo-tag-attributes.c): a quoted
 * string with backslash escapes, or a bracketed array, copied decoded into
 * out. The end of the value, or NULL. */
static const char *tag_value(const char *p, struct strbuf *out)
{
	if (*p == '\'') {
		for (p++; *p && *p != '\''; p++) {
			if (*p == '\\' && p[1])
				p++;
			strbuf_append(out, p, 1);
		}
		return *p ? p + 1 : NULL;
	}
	if (*p == '[') {
		size_t n = strcspn(p, "]");
		if (!p[n])
			return NULL;
		strbuf_append(out, p, n + 1);
		return p + n + 1;
	}
	size_t n = strcspn(p, " ");
	strbuf_append(out, p, n);
	return p + n;
}

/* The attributes of a link, rebuilt from what is safe in attrs. */
static bool safe_link_attrs(const char *attrs, struct strbuf *b)
{
	bool target = false;
	struct strbuf v;
	strbuf_init(&v, 0);
	for (const char *p = attrs ? attrs : ""; *p;) {
		if (*p == ' ') {
			p++;
			continue;
		}
		size_t kn = strcspn(p, "= ");
		if (p[kn] != '=')
			break;
		const char *key = p;
		v.len = 0;
		strbuf_append(&v, "", 0);
		p = tag_value(p + kn + 1, &v);
		if (!p) {
			target = false;
			break;
		}
		const char *s = v.s ? v.s : "";
		if (kn == 3 && !strncmp(key, "uri", 3) && !target) {
			if (b->len)
				strbuf_puts(b, " ");
			target = render_uri_attrs(s, b);
		} else if (kn == 4 && !strncmp(key, "dest", 4) && !target && *s &&
			   !s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				     "0123456789-_.")]) {
			strbuf_printf(b, "%sdest='%s'", b->len ? " " : "", s);
			target = true;
		} else if (kn == 4 && !strncmp(key, "rect", 4) && s[0] == '[' &&
			   !s[strspn(s, "[] 0123456789.-+eE")]) {
			strbuf_printf(b, "%srect=%s", b->len ? " " : "", s);
		}
	}
	strbuf_free(&v);
	return target;
}

void cairo_tag_begin(cairo_t *cr, const char *tag_name, const char *attributes)
{
	pthread_once(&real_tags_once, find_real_tags);
	if (!tag_name || strcmp(tag_name, CAIRO_TAG_LINK)) {
		real_tag_begin(cr, tag_name, attributes);
		return;
	}
	struct strbuf b;
	strbuf_init(&b, 0);
	bool ok = safe_link_attrs(attributes, &b) && link_depth < 64;
	if (link_depth < 64)
		link_open = link_open << 1 | !ok;
	link_depth++;
	if (ok)
		real_tag_begin(cr, tag_name, b.s);
	else
		link_dropped++;
	strbuf_free(&b);
}

void cairo_tag_end(cairo_t *cr, const char *tag_name)
{
	pthread_once(&real_tags_once, find_real_tags);
	if (tag_name && !strcmp(tag_name, CAIRO_TAG_LINK) && link_depth > 0) {
		bool dropped = link_depth > 64 || (link_open & 1);
		if (link_depth <= 64)
			link_open >>= 1;
		link_depth--;
		if (dropped)
			return;
	}
	real_tag_end(cr, tag_name);
}

/* exported function documented in render_cairo.h */
unsigned render_links_dropped(void)
{
	unsigned n = link_dropped;
	link_dropped = 0;
	return n;
}

/* The index of the DL_POP_GROUP that closes the group opened at i. */
static size_t group_end(const struct display_list *dl, size_t i)
{
	size_t depth = 0;
	for (; i < dl->n; i++) {
		if (dl->items[i].op == DL_PUSH_GROUP)
			depth++;
		else if (dl->items[i].op == DL_POP_GROUP && --depth == 0)
			return i;
	}
	return dl->n - 1;
}

/* The state of one render_display_list() call on a PDF page. */
struct tagger {
	cairo_t *cr;
	const struct render_doc *doc;
	bool tags;
	int group_depth;        /* open opacity groups: cairo records their
	                           content on a recording surface, where tags
	                           would not reach the PDF structure */
	const char *stack[64];  /* open elements (NULL: suppressed) */
	bool nonleaf[64];       /* element has child elements */
	int depth;
	bool span;              /* a Span wraps loose text in a non-leaf element */
	struct strbuf deferred; /* link attributes met inside opacity groups */
};

/* Tag operations are surface commands that carry the current clip, and
 * cairo 1.16 drops one whose clip is empty (or off the page) while keeping
 * its partner, which breaks the whole document (CAIRO_STATUS_TAG_ERROR).
 * So they are issued with no clip. */
static void tag_op(cairo_t *cr, bool begin, const char *name, const char *attrs)
{
	cairo_save(cr);
	cairo_reset_clip(cr);
	if (begin)
		cairo_tag_begin(cr, name, attrs);
	else
		cairo_tag_end(cr, name);
	cairo_restore(cr);
}

static void close_span(struct tagger *t)
{
	if (t->span) {
		tag_op(t->cr, false, "Span", NULL);
		t->span = false;
	}
}

/* The innermost element actually emitted, or -1. */
static int open_element(const struct tagger *t)
{
	for (int i = MIN(t->depth, MAX_STRUCT_DEPTH) - 1; i >= 0; i--)
		if (t->stack[i])
			return i;
	return -1;
}

/* Text inside a structure element that also holds other elements goes in
 * a Span of its own. */
static void open_span(cairo_t *cr, struct tagger *t)
{
	int el = t->tags && !t->group_depth ? open_element(t) : -1;
	if (el >= 0 && t->nonleaf[el] && !t->span) {
		tag_op(cr, true, "Span", NULL);
		t->span = true;
	}
}

/* The device-space bounding box (x0, y0, x1, y1) of a user-space
 * rectangle: its four corners, so a rotated or skewed one gets its box. */
static void device_box(cairo_t *cr, double x, double y, double w, double h, double out[4])
{
	double xs[4] = { x, x + w, x, x + w }, ys[4] = { y, y, y + h, y + h };
	out[0] = out[1] = 1e30;
	out[2] = out[3] = -1e30;
	for (int i = 0; i < 4; i++) {
		cairo_user_to_device(cr, &xs[i], &ys[i]);
		out[0] = MIN(out[0], xs[i]);
		out[1] = MIN(out[1], ys[i]);
		out[2] = MAX(out[2], xs[i]);
		out[3] = MAX(out[3], ys[i]);
	}
}

/* Link attributes for the link items its[0..n) (one annotation, one area
 * per item: a link broken over lines, or split into runs by its styles),
 * areas in device space: cairo 1.16 takes them as given, in PDF points
 * from the top left of the page. */
static bool link_attrs(struct tagger *t, const struct dl_item *const *its, size_t n,
		       struct strbuf *b)
{
	const char *href = its[0]->label;
	if (!href || !*href)
		return false;
	size_t mark = b->len;
	bool ok = t->doc && t->doc->link_target
		  ? t->doc->link_target(t->doc->ctx, href, b)
		  : render_uri_attrs(href, b);
	if (!ok) {
		/* an absolute URI of another scheme (RFC 3986 §3.1) */
		size_t sn = strspn(href, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789+-.");
		if (sn && href[sn] == ':' && g_ascii_isalpha(href[0]))
			link_dropped++;
		b->len = mark;
		if (b->s)
			b->s[mark] = '\0';
		return false;
	}
	/* what shows of a link is inside the clip (the slide, or its frame
	 * on a handout): a link cut off below the slide gets no area there */
	double c[4];
	cairo_clip_extents(t->cr, &c[0], &c[1], &c[2], &c[3]);
	device_box(t->cr, c[0], c[1], c[2] - c[0], c[3] - c[1], c);
	strbuf_puts(b, " rect=[");
	size_t shown = 0;
	for (size_t k = 0; k < n; k++) {
		const struct dl_item *it = its[k];
		double r[4];
		device_box(t->cr, it->x, it->y, it->w, it->h, r);
		r[0] = MAX(r[0], c[0]);
		r[1] = MAX(r[1], c[1]);
		r[2] = MIN(r[2], c[2]);
		r[3] = MIN(r[3], c[3]);
		if (r[0] >= r[2] || r[1] >= r[3])
			continue;
		strbuf_printf(b, "%s%.2f %.2f %.2f %.2f", shown++ ? " " : "", r[0], r[1],
			      r[2] - r[0], r[3] - r[1]);
	}
	strbuf_puts(b, "]");
	if (!shown) {
		b->len = mark;
		b->s[mark] = '\0';
		return false;
	}
	return true;
}

static void emit_link(struct tagger *t, const char *attrs)
{
	tag_op(t->cr, true, CAIRO_TAG_LINK, attrs);
	tag_op(t->cr, false, CAIRO_TAG_LINK, NULL);
}

/* Mark which elements have children (links count: they become Link
 * elements), so loose text in them can be wrapped in Spans: cairo 1.16 only
 * marks content that belongs to a leaf element. */
static bool *find_nonleaf(const struct display_list *dl)
{
	bool *nl = xcalloc(dl->n ? dl->n : 1, sizeof *nl);
	size_t stack[MAX_STRUCT_DEPTH];
	bool gop[MAX_GROUP_DEPTH];      /* each open group: has opacity */
	int depth = 0, suppressed = 0, groups = 0, gdepth = 0;
	for (size_t i = 0; i < dl->n; i++) {
		const struct dl_item *it = &dl->items[i];
		switch (it->op) {
		case DL_TAG_BEGIN:
			if (groups || suppressed || depth >= MAX_STRUCT_DEPTH) {
				suppressed++;
				break;
			}
			if (depth)
				nl[stack[depth - 1]] = true;
			stack[depth++] = i;
			break;
		case DL_TAG_END:
			if (suppressed)
				suppressed--;
			else if (depth)
				depth--;
			break;
		case DL_LINK:
			if (depth)
				nl[stack[depth - 1]] = true;
			break;
		case DL_PUSH_GROUP: {
			bool op = it->opacity < 1;
			if (gdepth < MAX_GROUP_DEPTH)
				gop[gdepth] = op;
			gdepth++;
			groups += op;
			break;
		}
		case DL_POP_GROUP:
			if (gdepth > 0) {
				gdepth--;
				if (gdepth < MAX_GROUP_DEPTH && gop[gdepth])
					groups--;
			}
			break;
		default:
			break;
		}
	}
	return nl;
}

/* exported function documented in render_cairo.h */
void render_display_list(cairo_t *cr, const struct display_list *dl,
			 const struct render_doc *doc)
{
	bool is_pdf = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
	struct tagger t = { .cr = cr, .doc = doc, .tags = is_pdf && doc && doc->tags };
	strbuf_init(&t.deferred, 0);
	bool *nonleaf = t.tags ? find_nonleaf(dl) : NULL;
	double gop[MAX_GROUP_DEPTH];    /* opacity of each open group */
	int gdepth = 0;
	struct strbuf la;
	strbuf_init(&la, 0);
	for (size_t i = 0; i < dl->n; i++) {
		const struct dl_item *it = &dl->items[i];
		switch (it->op) {
		case DL_MATH: {
			open_span(cr, &t);
			draw_math(cr, it);
			break;
		}
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
		case DL_TEXT: {
			/* A run followed by its link: the Link element holds the
			 * text (ISO 32000-1 §14.8.4.4.2), and the runs of one link
			 * (over several lines or styles) make one annotation. */
			size_t n = 0;
			while (i + 2 * n + 1 < dl->n && dl->items[i + 2 * n].op == DL_TEXT &&
			       dl->items[i + 2 * n + 1].op == DL_LINK && dl->items[i + 2 * n + 1].label &&
			       (n == 0 || !strcmp(dl->items[i + 2 * n + 1].label,
						  dl->items[i + 1].label)) && n < MAX_LINK_AREAS)
				n++;
			if (n && is_pdf && !t.group_depth) {
				const struct dl_item *lk[MAX_LINK_AREAS];
				for (size_t k = 0; k < n; k++)
					lk[k] = &dl->items[i + 2 * k + 1];
				la.len = 0;
				bool linked = link_attrs(&t, lk, n, &la);
				if (linked) {
					close_span(&t);
					tag_op(cr, true, CAIRO_TAG_LINK, la.s);
				} else if (t.tags && !t.group_depth) {
					int el = open_element(&t);
					if (el >= 0 && t.nonleaf[el] && !t.span) {
						tag_op(cr, true, "Span", NULL);
						t.span = true;
					}
				}
				for (size_t k = 0; k < n; k++)
					draw_text(cr, &dl->items[i + 2 * k]);
				if (linked)
					tag_op(cr, false, CAIRO_TAG_LINK, NULL);
				i += 2 * n - 1;
				break;
			}
			open_span(cr, &t);
			draw_text(cr, it);
			break;
		}
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
			if (it->has_matrix) {
				/* transforms that are drawable alone may not be
				 * together (scale(100) in scale(100) in …): the
				 * group is left out, as paint.c leaves out one */
				cairo_matrix_t m = { it->matrix[0], it->matrix[1], it->matrix[2],
						     it->matrix[3], it->matrix[4], it->matrix[5] };
				cairo_matrix_t ctm;
				cairo_get_matrix(cr, &ctm);
				cairo_matrix_multiply(&ctm, &m, &ctm);
				double all[6] = { ctm.xx, ctm.yx, ctm.xy, ctm.yy, ctm.x0, ctm.y0 };
				if (!paint_matrix_drawable(all)) {
					i = group_end(dl, i);
					break;
				}
				cairo_save(cr);
				cairo_transform(cr, &m);
			} else {
				cairo_save(cr);
			}
			if (gdepth < MAX_GROUP_DEPTH)
				gop[gdepth] = it->opacity;
			gdepth++;
			if (it->opacity < 1) {
				close_span(&t);
				t.group_depth++;
				cairo_push_group(cr);
			}
			break;
		case DL_POP_GROUP: {
			if (gdepth == 0)
				break;
			gdepth--;
			double op = gdepth < MAX_GROUP_DEPTH ? gop[gdepth] : 1;
			if (op < 1) {
				cairo_pop_group_to_source(cr);
				cairo_paint_with_alpha(cr, op);
				t.group_depth--;
			}
			cairo_restore(cr);
			/* links inside the group, now that tags reach the page */
			if (!t.group_depth && t.deferred.len) {
				close_span(&t);
				for (const char *p = t.deferred.s; *p; p += strlen(p) + 1)
					emit_link(&t, p);
				t.deferred.len = 0;
			}
			break;
		}
		case DL_LINK:
			if (!is_pdf)
				break;
			la.len = 0;
			if (!link_attrs(&t, &it, 1, &la))
				break;
			if (t.group_depth) {
				/* NUL-separated list, emitted when the group ends */
				strbuf_append(&t.deferred, la.s, la.len + 1);
				break;
			}
			close_span(&t);
			emit_link(&t, la.s);
			break;
		case DL_TAG_BEGIN: {
			if (!t.tags)
				break;
			const char *name = NULL;
			if (!t.group_depth && t.depth < MAX_STRUCT_DEPTH &&
			    (t.depth == 0 || t.stack[t.depth - 1])) {
				close_span(&t);
				name = it->label;
				tag_op(cr, true, name, NULL);
				if (!strcmp(name, "Figure") && doc->figure)
					doc->figure(doc->ctx, it->alt);
			}
			if (t.depth < MAX_STRUCT_DEPTH) {
				t.stack[t.depth] = name;
				t.nonleaf[t.depth] = nonleaf[i];
			}
			t.depth++;
			break;
		}
		case DL_TAG_END:
			if (!t.tags || t.depth == 0)
				break;
			t.depth--;
			if (t.depth < MAX_STRUCT_DEPTH && t.stack[t.depth]) {
				close_span(&t);
				tag_op(cr, false, t.stack[t.depth], NULL);
			}
			break;
		}
	}
	close_span(&t);
	/* unbalanced input (never from paint): close what is still open */
	while (t.tags && t.depth > 0) {
		t.depth--;
		if (t.depth < MAX_STRUCT_DEPTH && t.stack[t.depth])
			tag_op(cr, false, t.stack[t.depth], NULL);
	}
	free(nonleaf);
	strbuf_free(&la);
	strbuf_free(&t.deferred);
}
