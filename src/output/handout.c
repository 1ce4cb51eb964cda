/*
 * handout.c — handout and notes-page sheets (see handout.h).
 *
 * Geometry: portrait paper, 36 pt margins, a 20 pt band for the header
 * (the deck's title) and one for the footer (page numbers). The content area
 * is split into a grid of cells — 1×1, 1×2, 1×3, 2×2, 2×3 or 3×3 — and each
 * cell holds a 16:9 frame as large as fits above its 14 pt number label. The
 * 3-up sheet gives the left half of each cell to the slide and the right
 * half to ruled note lines, like the handout masters of presentation
 * programs.
 *
 * SPDX-License-Identifier: MIT
 */
#include "output/handout.h"
#include "layout/box.h"
#include "css/css.h"
#include "deck/deck.h"
#include "render/display_list.h"
#include "markdown/dom.h"
#include "layout/layout.h"
#include "markdown/markdown.h"
#include "render/paint.h"
#include "markdown/split.h"
#include "text/text.h"
#include "base/util.h"

#include <errno.h>
#include <pango/pangocairo.h>
#include <string.h>

#define SHEET_MARGIN 36.0
#define BAND 20.0          /* header and footer */
#define LABEL_H 14.0       /* a frame's number below it */
#define GAP 18.0           /* between cells */
#define RULE_STEP 18.0     /* note lines */

static void paper_size(enum paper p, double *w, double *h)
{
	if (p == PAPER_LETTER) {
		*w = 612;               /* 8.5 × 11 in */
		*h = 792;
	} else {
		*w = 595.2756;          /* 210 × 297 mm (ISO 216) */
		*h = 841.8898;
	}
}

static void content_area(struct sheet_geom *g, enum paper p)
{
	paper_size(p, &g->w, &g->h);
	g->content.x = SHEET_MARGIN;
	g->content.y = SHEET_MARGIN + BAND;
	g->content.w = g->w - 2 * SHEET_MARGIN;
	g->content.h = g->h - 2 * (SHEET_MARGIN + BAND);
}

/* exported function documented in handout.h */
bool handout_geometry(int n, enum paper paper, struct sheet_geom *g)
{
	static const struct { int n, cols, rows; } grids[] = {
		{ 1, 1, 1 }, { 2, 1, 2 }, { 3, 1, 3 }, { 4, 2, 2 }, { 6, 2, 3 }, { 9, 3, 3 },
	};
	int cols = 0, rows = 0;
	for (size_t i = 0; i < ARRAY_LEN(grids); i++)
		if (grids[i].n == n) {
			cols = grids[i].cols;
			rows = grids[i].rows;
		}
	if (!cols)
		return false;
	memset(g, 0, sizeof *g);
	content_area(g, paper);
	g->per_sheet = n;
	g->ruled = n == 3;
	double cw = (g->content.w - (cols - 1) * GAP) / cols;
	double ch = (g->content.h - (rows - 1) * GAP) / rows;
	double avail = g->ruled ? cw / 2 : cw;
	double fw = MIN(avail, (ch - LABEL_H) * 16 / 9), fh = fw * 9 / 16;
	for (int k = 0; k < n; k++) {
		int c = k % cols, r = k / cols;
		double cx = g->content.x + c * (cw + GAP), cy = g->content.y + r * (ch + GAP);
		struct sheet_rect *f = &g->frame[k];
		f->w = fw;
		f->h = fh;
		f->x = g->ruled ? cx : cx + (cw - fw) / 2;
		f->y = cy + (ch - LABEL_H - fh) / 2;
	}
	return true;
}

/* exported function documented in handout.h */
void notes_geometry(enum paper paper, struct sheet_geom *g)
{
	memset(g, 0, sizeof *g);
	content_area(g, paper);
	g->per_sheet = 1;
	struct sheet_rect *f = &g->frame[0];
	f->x = g->content.x;
	f->y = g->content.y;
	f->w = g->content.w;
	f->h = f->w * 9 / 16;
	g->notes.x = g->content.x;
	g->notes.y = f->y + f->h + LABEL_H + GAP;
	g->notes.w = g->content.w;
	g->notes.h = g->content.y + g->content.h - g->notes.y;
}

/* One line of grey text; align 0 left, 0.5 centre, 1 right of x. */
static void show_text(cairo_t *cr, const char *s, double x, double y, double size,
		      double align)
{
	PangoLayout *pl = pango_layout_new(text_context());
	PangoFontDescription *fd = pango_font_description_from_string("Liberation Sans");
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(pl, s, -1);
	pango_layout_set_single_paragraph_mode(pl, TRUE);
	PangoRectangle r;
	pango_layout_get_extents(pl, NULL, &r);
	cairo_set_source_rgb(cr, 0.33, 0.33, 0.33);
	cairo_move_to(cr, x - align * r.width / (double)PANGO_SCALE, y);
	pango_cairo_show_layout(cr, pl);
	g_object_unref(pl);
}

/* exported function documented in handout.h */
void handout_draw_frame(cairo_t *cr, const struct sheet_geom *g,
			const struct sheet_rect *f, const char *label)
{
	cairo_save(cr);
	cairo_set_line_width(cr, 0.6);
	cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
	cairo_rectangle(cr, f->x, f->y, f->w, f->h);
	cairo_stroke(cr);
	if (label)
		show_text(cr, label, f->x, f->y + f->h + 3, 8, 0);
	if (g->ruled) {
		double x0 = f->x + f->w + GAP, x1 = g->content.x + g->content.w;
		cairo_set_line_width(cr, 0.5);
		cairo_set_source_rgb(cr, 0.72, 0.72, 0.72);
		for (double y = f->y + RULE_STEP; y <= f->y + f->h + LABEL_H; y += RULE_STEP) {
			cairo_move_to(cr, x0, y);
			cairo_line_to(cr, x1, y);
		}
		cairo_stroke(cr);
	}
	cairo_restore(cr);
}

/* exported function documented in handout.h */
void handout_draw_page_marks(cairo_t *cr, const struct sheet_geom *g,
			     const char *title, size_t page, size_t pages)
{
	cairo_save(cr);
	if (title && *title)
		show_text(cr, title, g->content.x, SHEET_MARGIN, 9, 0);
	char num[64];
	snprintf(num, sizeof num, "%zu / %zu", page, pages);
	show_text(cr, num, g->w / 2, g->h - SHEET_MARGIN - 11, 9, 0.5);
	cairo_restore(cr);
}
