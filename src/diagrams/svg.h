/*
 * svg.h — what the diagram drawers share: text measured as the SVG's
 * renderer (librsvg, on our font map) will draw it, SVG text escaping, and
 * the parse error text of jison parsers (mermaid, js-sequence-diagrams).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAGRAMS_SVG_H
#define SCS_DIAGRAMS_SVG_H

#include <stddef.h>

#include <pango/pango.h>

#include "base/util.h"

struct svg_font {
	PangoLayout *layout;        /* NULL: no font map (widths estimated) */
	double px, ascent, descent;
	char family[256];           /* the families Chrome uses, for font-family */
	double spacing;             /* letter-spacing to write (monospace) */
};

/* v (n elements of size bytes, *cap allocated) with room for one more. */
void *diagram_grow(void *v, size_t *cap, size_t n, size_t size);

/* The line box of the `'Andale Mono', monospace` stack of the sequence
 * and flow charts as the reference browser measured it: 25 px above and
 * 7 px below the baseline at 23.7 px (every word of those charts is 32 px
 * tall there, 1.35 em; our monospace face is 1.13 em), as em fractions. */
#define SVG_ANDALE_ASCENT (25 / 23.7)
#define SVG_ANDALE_DESCENT (7 / 23.7)

/* A font of a CSS family list ("a,b,serif") at px. As Chrome does, the
 * families no font has are skipped (fontconfig would put its guess for
 * them first): f->family is what is left, unquoted, to be written. */
void svg_font_init(struct svg_font *f, const char *families, double px);

void svg_font_free(struct svg_font *f);

/* The advance width of s[0..n). Chrome on Linux lays glyphs at whole
 * pixels: a monospace font's advance is rounded (16 px DejaVu Sans Mono
 * and Liberation Mono: 9.6 -> 10 px), the difference written as
 * f->spacing, which librsvg honours. */
double svg_text_width(struct svg_font *f, const char *s, size_t n);

/* s[0..n) in the font described by pango_desc ("serif bold 16px"), as
 * an SVG <path> of its glyphs' outlines filled with currentColor, its
 * baseline at (x, y); anchor 'm' centres it on x, 'e' ends it there.
 * For text a browser would draw as shapes, which must not read as
 * words. */
void svg_text_outline(struct strbuf *o, const char *pango_desc, const char *s, size_t n,
		      double x, double y, char anchor);

/* s[0..n) as XML character data or attribute text. */
void svg_escaped(struct strbuf *o, const char *s, size_t n);

/*
 * jison's parse error (parser.parseError with lexer.showPosition): "Parse
 * error on line LINE:", the 20 bytes of text before pos (… when there are
 * more) and the 20 from it, newlines dropped, a caret under pos, then
 * "Expecting EXPECTING, got 'GOT'". Into out (n bytes).
 */
void jison_error(char *out, size_t n, const char *text, size_t len, size_t pos,
		 unsigned line, const char *expecting, const char *got);

#endif
