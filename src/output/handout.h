/*
 * handout.h — sheets of paper that hold slides: N-up handouts (1, 2, 3, 4,
 * 6 or 9 slides per A4 or Letter page, framed and numbered, with ruled lines
 * for notes beside each slide in the 3-up layout, as presentation programs
 * print them) and notes pages (one slide with its speaker notes below).
 *
 * The slides themselves are the display lists of their 1920×1080 pages,
 * drawn scaled into the frames (vectors, real text); this module gives the
 * geometry and draws the paper's own marks (the notes: notes.h).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_HANDOUT_H
#define SCS_HANDOUT_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

struct arena;
struct deck;
struct display_list;

enum paper { PAPER_A4 = 0, PAPER_LETTER };

/* Where slides go on a sheet, in PDF points from the top left. */
struct sheet_rect {
	double x, y, w, h;
};

struct sheet_geom {
	double w, h;                  /* the paper (portrait) */
	int per_sheet;                /* slides per sheet */
	struct sheet_rect frame[9];   /* each slide's frame (16:9) */
	bool ruled;                   /* note lines right of each frame (3-up) */
	struct sheet_rect notes;      /* notes pages: the speaker notes' area */
	struct sheet_rect content;    /* inside the margins, header and footer */
};

/* The layout of an n-up handout (n = 1, 2, 3, 4, 6, 9); false for other n. */
bool handout_geometry(int n, enum paper paper, struct sheet_geom *g);

/* The layout of a notes page: one frame at the top, the notes below. */
void notes_geometry(enum paper paper, struct sheet_geom *g);

/* The marks of one slide on a sheet: its frame, its number below it, and on
 * ruled sheets the note lines to its right. Draw after the slide. */
void handout_draw_frame(cairo_t *cr, const struct sheet_geom *g,
			const struct sheet_rect *f, const char *label);

/* The sheet's header (the deck's title) and footer ("page / pages"). */
void handout_draw_page_marks(cairo_t *cr, const struct sheet_geom *g,
			     const char *title, size_t page, size_t pages);

#endif
