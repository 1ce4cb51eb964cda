/*
 * notes.h — speaker notes (`Note:`) laid out for notes pages.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_NOTES_H
#define SCS_NOTES_H

#include <stddef.h>

struct arena;
struct deck;
struct display_list;

/* Speaker notes: their Markdown through the same pipeline as slides, with a
 * print style sheet (themes/notes.css; 1 CSS px = 1 pt). */
struct notes_ctx;

/* A notes context for deck k (lives in the deck's arena). */
struct notes_ctx *notes_new(struct deck *k);

/*
 * Lay out slide i's notes width points wide and paint them at (0, 0) into
 * dl; boxes live in sa. Returns the notes' height in points, 0 when the
 * slide has none.
 */
double notes_paint(struct notes_ctx *nc, size_t i, struct arena *sa,
		   struct display_list *dl, double width);

#endif
