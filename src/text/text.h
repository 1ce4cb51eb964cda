/*
 * text.h — fonts and text shaping: the bundled fonts in a private fontconfig
 * configuration (so every machine renders the same PDF), Pango contexts for
 * layout, and font descriptions from computed styles.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_TEXT_H
#define SCS_TEXT_H

#include <stdbool.h>

#include <pango/pango.h>

struct computed_style;
struct diag;

/*
 * Load fonts/ (with its fonts.conf) from data_dir into a private fontconfig
 * configuration and create the font map. Returns 0, or -1 with an error on d
 * when the fonts cannot be loaded. Idempotent; text_shutdown() frees.
 */
int text_init(const char *data_dir, struct diag *d);
void text_shutdown(void);

/* Start loading the fonts of data_dir on a helper thread (fontconfig only),
 * so that text_init() later finds them ready; data_dir is set at once.
 * false when data_dir has no fonts/ (text_init() then says so). */
bool text_preload(const char *data_dir);

/* Finish what text_preload() started, as text_init() does, but without
 * reporting: false when nothing was started or the fonts failed. For code
 * that needs the font map (librsvg's default) before text_init(). */
bool text_fonts_ready(void);

/* Give the calling helper thread a default Pango font map of its own on
 * the same fonts, for librsvg's text there: Pango's objects are not to be
 * shared between threads, fontconfig's configuration is (Pango's default
 * font map is per thread; the thread's exit frees it). Waits for what
 * text_preload() started; false when nothing was, or the fonts failed.
 * Fonts text_add_font() adds later are not in it. */
bool text_thread_fonts(void);

/* A Pango context on the private font map: no hinting, unrounded glyph
 * positions, 1 Pango unit = 1/PANGO_SCALE CSS px. Owned by the text module. */
PangoContext *text_context(void);

/*
 * Add the font in data (an @font-face source) under the CSS family name
 * `family`: text asking for that family gets it. After text_init(). false
 * and why (a sentence) when it is no font or cannot be added. Fonts added
 * stay until text_shutdown().
 */
bool text_add_font(const char *family, const unsigned char *data, size_t len, char *why,
		   size_t why_len);

/* Remove the temporary files of text_add_font() (async-signal-safe). */
void text_remove_temp_files(void);

/* A new font description for a computed style (caller frees). */
PangoFontDescription *text_font_description(const struct computed_style *s);

/* Ascent and descent (px) of the primary font of a style: the CSS "A" and
 * "D" of CSS 2.1 §10.8.1, used for struts and empty lines. */
void text_font_metrics(const struct computed_style *s, double *ascent,
		       double *descent);

/* Ascent and descent (px) of a Pango font: what pango_font_get_metrics()
 * gives, read from the font's tables (HarfBuzz's font extents, as Pango
 * reads them), without the layout Pango makes there for the average
 * character width (at 96 dpi: another font set, with fontconfig's
 * substitution, match and sort on threads of their own, for every font). */
void text_pango_font_extents(PangoFont *f, double *ascent, double *descent);

/* The x-height of a style's primary font as a fraction of its size (what
 * MathJax measures to scale its fonts to the text around a formula). */
double text_font_x_height(const struct computed_style *s);

/* Between printable ASCII characters a and b (a may be a space) Chrome and
 * Pango may disagree on a line break opportunity: 1 when Chrome allows one
 * that Pango does not (insert U+200B), 2 when Pango allows one that Chrome
 * does not (insert U+2060), 0 when they agree. */
int text_ascii_break_fix(unsigned char a, unsigned char b);

/* The directory holding fonts/ and themes/ (resolved by text_init's caller). */
const char *text_data_dir(void);

/* Find the data directory: explicit (may be NULL), $SCS_DATA_DIR, the source
 * tree when running from a build tree, else the install prefix. Returns a
 * static or malloc'd path that stays valid. */
const char *text_find_data_dir(const char *explicit_dir);

#endif
