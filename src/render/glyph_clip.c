/*
 * glyph_clip.c — on a PDF page, text only where every reader reads it
 * (see glyph_clip.h).
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* RTLD_NEXT */
#include "render/glyph_clip.h"
#include "base/dynlib.h"
#include "base/util.h"

#include <cairo.h>
#include <cairo-ft.h>
#include <dlfcn.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void (*show_text_glyphs_fn)(cairo_t *, const char *, int, const cairo_glyph_t *, int,
				    const cairo_text_cluster_t *, int, cairo_text_cluster_flags_t);
typedef void (*show_glyphs_fn)(cairo_t *, const cairo_glyph_t *, int);
static show_text_glyphs_fn real_show_text_glyphs;
static show_glyphs_fn real_show_glyphs;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
	char why[256];
	if (!dynlib_fn(RTLD_NEXT, "cairo_show_text_glyphs", &real_show_text_glyphs, why,
		       sizeof why) ||
	    !dynlib_fn(RTLD_NEXT, "cairo_show_glyphs", &real_show_glyphs, why, sizeof why)) {
		fprintf(stderr, "scs-pdf: %s\n", why);
		abort();
	}
}

enum { G_TEXT, G_PATH, G_GONE };

/* The device-space box of a user-space rectangle. */
static void device_box(cairo_t *cr, double x, double y, double w, double h, double b[4])
{
	double px[4] = { x, x + w, x, x + w }, py[4] = { y, y, y + h, y + h };
	b[0] = b[1] = INFINITY;
	b[2] = b[3] = -INFINITY;
	for (int i = 0; i < 4; i++) {
		cairo_user_to_device(cr, &px[i], &py[i]);
		b[0] = fmin(b[0], px[i]);
		b[1] = fmin(b[1], py[i]);
		b[2] = fmax(b[2], px[i]);
		b[3] = fmax(b[3], py[i]);
	}
}

/* Each glyph's class into cls; false when all are G_TEXT (or the target is
 * not a PDF page). */
static bool classify(cairo_t *cr, const cairo_glyph_t *g, int n, unsigned char *cls)
{
	if (n <= 0 || cairo_surface_get_type(cairo_get_target(cr)) != CAIRO_SURFACE_TYPE_PDF)
		return false;
	double p[4];                  /* the page in device space */
	cairo_save(cr);
	cairo_identity_matrix(cr);
	cairo_reset_clip(cr);
	cairo_clip_extents(cr, &p[0], &p[1], &p[2], &p[3]);
	cairo_restore(cr);
	cairo_scaled_font_t *sf = cairo_get_scaled_font(cr);
	cairo_font_extents_t fe;
	cairo_scaled_font_extents(sf, &fe);
	/* within this much of the page's edge (device px), a glyph's ink may
	 * be off the page while its origin is not */
	double m[4];
	device_box(cr, 0, 0, fe.max_x_advance + fe.height, fe.height, m);
	double margin = fmax(m[2] - m[0], m[3] - m[1]);
	bool any = false;
	for (int i = 0; i < n; i++) {
		double x = g[i].x, y = g[i].y;
		cairo_user_to_device(cr, &x, &y);
		cls[i] = G_TEXT;
		if (x >= p[0] + margin && x <= p[2] - margin && y >= p[1] + margin &&
		    y <= p[3] - margin)
			continue;
		/* poppler and pdf.js read a glyph whose origin is on the page,
		 * MuPDF one whose ink is */
		bool on_page = x >= p[0] && x <= p[2] && y >= p[1] && y <= p[3];
		cairo_text_extents_t te;
		cairo_scaled_font_glyph_extents(sf, &g[i], 1, &te);
		bool ink = te.width > 0 && te.height > 0;
		double b[4];
		device_box(cr, g[i].x + te.x_bearing, g[i].y + te.y_bearing, te.width, te.height, b);
		bool shows = ink ? b[2] > p[0] && b[0] < p[2] && b[3] > p[1] && b[1] < p[3] : on_page;
		if (on_page && shows)
			continue;
		cls[i] = shows ? G_PATH : G_GONE;
		any = true;
	}
	return any;
}

/* Whether the current font's glyphs are pictures (colour emoji): no
 * outline to fill. */
static bool colour_font(cairo_t *cr)
{
	cairo_scaled_font_t *sf = cairo_get_scaled_font(cr);
	if (cairo_scaled_font_get_type(sf) != CAIRO_FONT_TYPE_FT)
		return false;
	FT_Face face = cairo_ft_scaled_font_lock_face(sf);
	bool colour = face && FT_HAS_COLOR(face);
	if (face)
		cairo_ft_scaled_font_unlock_face(sf);
	return colour;
}

/* Glyphs that show in part, as outlines (no text); the current path is
 * kept. */
static void fill_outlines(cairo_t *cr, const cairo_glyph_t *g, int n)
{
	if (n <= 0)
		return;
	if (colour_font(cr)) {
		real_show_glyphs(cr, g, n);     /* drawn as pictures: no text */
		return;
	}
	cairo_path_t *path = cairo_copy_path(cr);
	cairo_new_path(cr);
	cairo_glyph_path(cr, g, n);
	cairo_fill(cr);
	if (path->status == CAIRO_STATUS_SUCCESS)
		cairo_append_path(cr, path);
	cairo_path_destroy(path);
}

/* Glyphs of class want out of g into out; their number. */
static int pick(const cairo_glyph_t *g, const unsigned char *cls, int n, int want,
		cairo_glyph_t *out)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		if (cls[i] == want)
			out[k++] = g[i];
	return k;
}

void cairo_show_glyphs(cairo_t *cr, const cairo_glyph_t *glyphs, int num_glyphs)
{
	pthread_once(&real_once, find_real);
	unsigned char *cls = num_glyphs > 0 ? xmalloc((size_t)num_glyphs) : NULL;
	if (!cls || !classify(cr, glyphs, num_glyphs, cls)) {
		free(cls);
		real_show_glyphs(cr, glyphs, num_glyphs);
		return;
	}
	cairo_glyph_t *g = xmalloc((size_t)num_glyphs * sizeof *g);
	int n = pick(glyphs, cls, num_glyphs, G_TEXT, g);
	if (n > 0)
		real_show_glyphs(cr, g, n);
	fill_outlines(cr, g, pick(glyphs, cls, num_glyphs, G_PATH, g));
	free(g);
	free(cls);
}

void cairo_show_text_glyphs(cairo_t *cr, const char *utf8, int utf8_len,
			    const cairo_glyph_t *glyphs, int num_glyphs,
			    const cairo_text_cluster_t *clusters, int num_clusters,
			    cairo_text_cluster_flags_t cluster_flags)
{
	pthread_once(&real_once, find_real);
	unsigned char *cls = num_glyphs > 0 ? xmalloc((size_t)num_glyphs) : NULL;
	if (!cls || !classify(cr, glyphs, num_glyphs, cls)) {
		free(cls);
		real_show_text_glyphs(cr, utf8, utf8_len, glyphs, num_glyphs, clusters,
				      num_clusters, cluster_flags);
		return;
	}
	if (utf8_len < 0)
		utf8_len = utf8 ? (int)strlen(utf8) : 0;
	/* the clusters must cover the text and the glyphs, as cairo checks */
	int sum_g = 0, sum_b = 0;
	for (int c = 0; c < num_clusters && clusters; c++) {
		if (clusters[c].num_glyphs < 0 || clusters[c].num_bytes < 0)
			sum_g = -1;
		if (sum_g < 0)
			break;
		sum_g += clusters[c].num_glyphs;
		sum_b += clusters[c].num_bytes;
	}
	if (!utf8 || !clusters || num_clusters <= 0 || sum_g != num_glyphs || sum_b != utf8_len) {
		free(cls);
		cairo_show_glyphs(cr, glyphs, num_glyphs);
		return;
	}
	bool back = cluster_flags & CAIRO_TEXT_CLUSTER_FLAG_BACKWARD;
	/* a cluster is text when all its glyphs are */
	bool *keep = xmalloc((size_t)num_clusters * sizeof *keep);
	int kept_g = 0, pos = 0;
	for (int c = 0; c < num_clusters; c++) {
		int ng = clusters[c].num_glyphs, g0 = back ? num_glyphs - pos - ng : pos;
		keep[c] = true;
		for (int k = g0; k < g0 + ng; k++)
			keep[c] &= cls[k] == G_TEXT;
		if (keep[c])
			kept_g += ng;
		pos += ng;
	}
	cairo_glyph_t *g = xmalloc((size_t)num_glyphs * sizeof *g);
	cairo_text_cluster_t *cl = xmalloc((size_t)num_clusters * sizeof *cl);
	char *text = xmalloc((size_t)utf8_len + 1);
	int ncl = 0, nb = 0, ng_out = 0, bpos = 0, left = kept_g;
	pos = 0;
	for (int c = 0; c < num_clusters; c++) {
		int ng = clusters[c].num_glyphs, g0 = back ? num_glyphs - pos - ng : pos;
		if (keep[c]) {
			/* backward: a cluster's glyphs come before the ones of
			 * the clusters before it */
			int at = back ? (left -= ng) : ng_out;
			memcpy(g + at, glyphs + g0, (size_t)ng * sizeof *g);
			ng_out += ng;
			memcpy(text + nb, utf8 + bpos, (size_t)clusters[c].num_bytes);
			nb += clusters[c].num_bytes;
			cl[ncl++] = clusters[c];
		} else {
			for (int k = g0; k < g0 + ng; k++)
				cls[k] = cls[k] == G_TEXT ? G_PATH : cls[k];
		}
		pos += ng;
		bpos += clusters[c].num_bytes;
	}
	if (ng_out > 0)         /* text alone would be an empty span */
		real_show_text_glyphs(cr, text, nb, g, ng_out, cl, ncl, cluster_flags);
	fill_outlines(cr, g, pick(glyphs, cls, num_glyphs, G_PATH, g));
	free(text);
	free(cl);
	free(g);
	free(keep);
	free(cls);
}
