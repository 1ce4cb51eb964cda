/*
 * text.c — private fontconfig configuration and Pango contexts (see text.h).
 *
 * The bundled fonts (fonts/) are added to a fontconfig configuration of our
 * own, loaded from fonts/fonts.conf, which maps HedgeDoc's font stacks to
 * them (HEDGEDOC.md §0: the system stack resolves to Liberation Sans on
 * Linux, code to DejaVu Sans Mono). The system's fonts stay reachable only as
 * fallbacks for scripts the bundled ones lack (CJK, emoji).
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* strcasestr */
#include "text.h"
#include "css.h"
#include "diag.h"
#include "util.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SCS_DATADIR
#define SCS_DATADIR "/usr/local/share/scs-pdf"
#endif

static FcConfig *fc_config;
static PangoFontMap *font_map;
static PangoContext *context;
static const char *data_dir;

static bool is_dir(const char *p)
{
	struct stat st;
	return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_data(const char *dir)
{
	char buf[4096];
	snprintf(buf, sizeof buf, "%s/themes", dir);
	if (!is_dir(buf))
		return false;
	snprintf(buf, sizeof buf, "%s/fonts", dir);
	return is_dir(buf);
}

const char *text_find_data_dir(const char *explicit_dir)
{
	if (explicit_dir)
		return explicit_dir;
	const char *env = getenv("SCS_DATA_DIR");
	if (env && *env)
		return env;
	/* Uninstalled: the binary sits in a build tree (CMakeCache.txt beside
	 * it or one level up), so use the source tree it was built from. */
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 32);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			strcpy(slash, "/CMakeCache.txt");
			if (access(exe, F_OK) == 0 && has_data(SCS_SOURCE_DIR))
				return SCS_SOURCE_DIR;
			*slash = '\0';
			slash = strrchr(exe, '/');
			if (slash) {
				strcpy(slash, "/CMakeCache.txt");
				if (access(exe, F_OK) == 0 && has_data(SCS_SOURCE_DIR))
					return SCS_SOURCE_DIR;
			}
		}
	}
	if (has_data(SCS_DATADIR))
		return SCS_DATADIR;
	return SCS_SOURCE_DIR;
}

int text_init(const char *dir, struct diag *d)
{
	if (font_map)
		return 0;
	data_dir = dir;
	char fonts[4096], conf[4096];
	snprintf(fonts, sizeof fonts, "%s/fonts", dir);
	snprintf(conf, sizeof conf, "%s/fonts/fonts.conf", dir);
	if (!is_dir(fonts)) {
		diag_msg(d, DIAG_ERROR, "font directory '%s' not found (use --data-dir)", fonts);
		return -1;
	}
	fc_config = FcConfigCreate();
	if (access(conf, R_OK) == 0 &&
	    !FcConfigParseAndLoad(fc_config, (const FcChar8 *)conf, FcTrue)) {
		diag_msg(d, DIAG_ERROR, "cannot load font configuration '%s'", conf);
		return -1;
	}
	if (!FcConfigAppFontAddDir(fc_config, (const FcChar8 *)fonts)) {
		diag_msg(d, DIAG_ERROR, "cannot add fonts from '%s'", fonts);
		return -1;
	}
	/* Tests add their fixed-advance font (tests/fonts/ScsTest.ttf). */
	const char *extra = getenv("SCS_EXTRA_FONT_DIR");
	if (extra && *extra)
		FcConfigAppFontAddDir(fc_config, (const FcChar8 *)extra);
	FcConfigBuildFonts(fc_config);

	font_map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(font_map), fc_config);
	context = pango_font_map_create_context(font_map);
	pango_cairo_context_set_resolution(context, 72.0);
	/* Metrics must not depend on the output scale: no hinting, and glyph
	 * positions kept fractional (Pango ≥1.44 rounds them by default). */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(context, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(context, FALSE);
	return 0;
}

void text_shutdown(void)
{
	if (context)
		g_object_unref(context);
	if (font_map)
		g_object_unref(font_map);
	if (fc_config)
		FcConfigDestroy(fc_config);
	context = NULL;
	font_map = NULL;
	fc_config = NULL;
}

PangoContext *text_context(void)
{
	return context;
}

const char *text_data_dir(void)
{
	return data_dir;
}

/*
 * The family list without its colour-emoji names. A browser asks for each
 * family in turn and only falls back per character; fontconfig sorts the
 * whole list as one pattern, and an emoji family anywhere in it (HedgeDoc's
 * stack ends in "Apple Color Emoji", "Segoe UI Emoji") makes Debian's
 * 60-generic.conf rank Noto Color Emoji (fonts-noto-color-emoji) first, so
 * digits and the strut's metrics came from the emoji font. Emoji still
 * reach it through Pango's emoji itemisation and fontconfig fallback.
 */
static void set_families(PangoFontDescription *fd, const char *list)
{
	if (!strcasestr(list, "emoji")) {
		pango_font_description_set_family(fd, list);
		return;
	}
	char buf[1024];
	size_t k = 0;
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char one[256];
		snprintf(one, sizeof one, "%.*s", (int)MIN(n, sizeof one - 1), p);
		if (!strcasestr(one, "emoji") && k + n + 2 < sizeof buf) {
			if (k)
				buf[k++] = ',';
			memcpy(buf + k, p, n);
			k += n;
		}
		p = e ? e + 1 : p + n;
	}
	buf[k] = '\0';
	pango_font_description_set_family(fd, k ? buf : "sans-serif");
}

PangoFontDescription *text_font_description(const struct computed_style *s)
{
	PangoFontDescription *fd = pango_font_description_new();
	set_families(fd, s->font_family && *s->font_family ? s->font_family : "sans-serif");
	pango_font_description_set_weight(fd, (PangoWeight)s->font_weight);
	pango_font_description_set_style(fd, s->font_italic ? PANGO_STYLE_ITALIC
						       : PANGO_STYLE_NORMAL);
	if (s->font_small_caps)
		pango_font_description_set_variant(fd, PANGO_VARIANT_SMALL_CAPS);
	double size = s->font_size > 0 ? s->font_size : 0.01;
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	return fd;
}

void text_font_metrics(const struct computed_style *s, double *ascent,
		       double *descent)
{
	PangoFontDescription *fd = text_font_description(s);
	PangoFont *f = pango_font_map_load_font(font_map, context, fd);
	if (f) {
		PangoFontMetrics *m = pango_font_get_metrics(f, NULL);
		*ascent = pango_font_metrics_get_ascent(m) / (double)PANGO_SCALE;
		*descent = pango_font_metrics_get_descent(m) / (double)PANGO_SCALE;
		pango_font_metrics_unref(m);
		g_object_unref(f);
	} else {
		*ascent = s->font_size * 0.9;
		*descent = s->font_size * 0.2;
	}
	pango_font_description_free(fd);
}
