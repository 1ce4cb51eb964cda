/*
 * mfont.h — the math font: Latin Modern Math (fonts/latinmodern-math.otf,
 * Computer Modern as an OpenType font with a MATH table), read on the first
 * formula with FreeType and HarfBuzz. Glyph metrics, the MATH constants,
 * glyph variants and assemblies (hb_ot_math_*), all in em.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_MATH_MFONT_H
#define SCS_MATH_MFONT_H

#include <stdbool.h>
#include <stdint.h>

#include <cairo.h>
#include <hb-ot.h>

/* Load the font once (thread-unsafe, like the rest of a render). false
 * when fonts/latinmodern-math.otf is missing or broken. */
bool mfont_load(void);
void mfont_shutdown(void);
/* Whether mfont_load() succeeded before (never loads). */
bool mfont_loaded(void);

/* The glyph of code point cp, 0 when the font has none. */
uint32_t mfont_glyph(uint32_t cp);

struct mfont_metrics {
	double adv, h, d;     /* advance, height above and depth below the baseline */
	double ic;            /* italic correction */
	double accent;        /* top accent attachment from the origin */
	double x0, x1;        /* ink extent */
};
void mfont_metrics(uint32_t gid, struct mfont_metrics *m);

/* A MATH constant in em (percentages as fractions). */
double mfont_const(hb_ot_math_constant_t c);

/* Size variants of gid (vertical or horizontal), smallest first, at most
 * max; the glyph itself when it has none. Returns their number. */
int mfont_variants(uint32_t gid, bool horizontal, uint32_t *out, int max);

struct mfont_part {
	uint32_t gid;
	double start, end, full;  /* connector lengths and full advance */
	bool extender;
};
/* The assembly of gid (bottom to top, or left to right), at most max
 * parts; 0 when it has none. */
int mfont_assembly(uint32_t gid, bool horizontal, struct mfont_part *out, int max);
double mfont_min_overlap(bool horizontal);

/* The face for cairo (owned by this module). */
cairo_font_face_t *mfont_cairo_face(void);
/* Twin k of that face (k = 0: the face itself): the same font through an
 * FT_Face of its own, so that cairo writes it as a font subset apart, with
 * a text of its own for each glyph. NULL for k >= MAX_MATH_FONT_TWINS or
 * when it cannot be made. */
cairo_font_face_t *mfont_cairo_twin(int k);

#endif
