/*
 * glyph_clip.h — on a PDF page, text only where every reader reads it.
 *
 * PDF readers disagree about glyphs that lie off the page (content cut off
 * below a slide, a code line running past the right edge): poppler drops
 * a glyph whose origin is off the page, pdf.js one whose origin is outside
 * the page's view (and, in 2.14, every glyph after it in the same string),
 * MuPDF one whose ink box is off the page, pypdf none. And cairo culls
 * glyphs far off the page itself, leaving their text as an empty
 * /ActualText span that only poppler reads.
 *
 * So this component defines cairo_show_text_glyphs() and cairo_show_glyphs()
 * (exported from the program, see CMakeLists.txt, so that Pango and
 * librsvg bind to them; cairo's own are reached through RTLD_NEXT). On a
 * PDF target a glyph is shown as text only when its origin and some of its
 * ink lie on the page (device space), so that every reader reads it; one
 * with ink on the page but its origin off it is filled as an outline
 * (cairo_glyph_path()), without text; one with no ink on the page is left
 * out. A cluster with a glyph that is not text loses its text. Clips do
 * not count: no reader looks at them. Other targets draw as cairo does.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_GLYPH_CLIP_H
#define SCS_GLYPH_CLIP_H

/* (no functions of its own: it defines cairo's two, as cairo declares
 * them) */

#endif
