/*
 * render_cairo.h — display list → cairo. The same display list draws a PDF
 * page (vectors, real text, embedded font subsets) or an image surface (PNG
 * output and the pixel goldens).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_RENDER_CAIRO_H
#define SCS_RENDER_CAIRO_H

#include <cairo.h>

struct display_list;

/* Draw every item of dl into cr (its current transformation applies). */
void render_display_list(cairo_t *cr, const struct display_list *dl);

#endif
