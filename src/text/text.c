/*
 * text.c — private fontconfig configuration and Pango contexts (see text.h).
 *
 * The bundled fonts (fonts/) are added to a fontconfig configuration of our
 * own, loaded from fonts/fonts.conf, which maps HedgeDoc's font stacks to
 * them (HEDGEDOC.md §0: the system stack resolves to Liberation Sans on
 * Linux, code to Liberation Mono through "Courier New"). The system's fonts stay reachable only as
 * fallbacks for scripts the bundled ones lack (CJK, emoji).
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* strcasestr */
#include "text/text.h"
#include "css/css.h"
#include "base/diag.h"
#include "base/util.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <hb-ot.h>
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
static GHashTable *family_cache;  /* font-family list → the list for Pango */

/* @font-face fonts: each written to a file of our own temporary folder
 * (Pango shapes with HarfBuzz from the font's file), added to the
 * configuration, and their CSS family names mapped to the families the
 * files name. The paths are fixed buffers so that a signal handler can
 * remove them (text_remove_temp_files). */
static char face_dir[4096];
static char face_files[MAX_FONT_FACES][4200];
static size_t n_face_files;
static GHashTable *face_family;   /* CSS family (casefolded) → font's family */

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
	/* Installed: P/bin/scs-pdf beside P/share/scs-pdf, whatever P is
	 * (cmake --install --prefix, a DESTDIR tree, a moved package). */
	static char rel[4096];
	n = readlink("/proc/self/exe", rel, sizeof rel - 32);
	if (n > 0) {
		rel[n] = '\0';
		char *slash = strrchr(rel, '/');
		if (slash) {
			strcpy(slash, "/../share/scs-pdf");
			if (has_data(rel))
				return rel;
		}
	}
	if (has_data(SCS_DATADIR))
		return SCS_DATADIR;
	return SCS_SOURCE_DIR;
}

/*
 * Fontconfig's part of the start, a few ms of parsing the system's
 * configuration and reading font caches that needs nothing of the deck:
 * text_preload() runs it on a helper thread while the deck is read and
 * parsed, and the first user of the fonts waits for it (text_fonts_ready,
 * text_init). Fontconfig is thread-safe; Pango is only touched on the
 * main thread, afterwards.
 */
static struct {
	GThread *thread;            /* running or not yet joined */
	bool started;
	char fonts[4096], conf[4096];
	char error[4300];           /* why the fonts could not be loaded, or "" */
} fc_load;

/* Set when fc_load_run() is over (fc_config set, or the error): what the
 * helper threads of text_thread_fonts() wait for, without a join. */
static GMutex fc_ready_lock;
static GCond fc_ready_cond;
static bool fc_ready;

static void fc_load_config(void)
{
	FcConfig *c = FcConfigCreate();
	if (access(fc_load.conf, R_OK) == 0 &&
	    !FcConfigParseAndLoad(c, (const FcChar8 *)fc_load.conf, FcTrue)) {
		snprintf(fc_load.error, sizeof fc_load.error,
			 "cannot load font configuration '%s'", fc_load.conf);
	} else if (!FcConfigAppFontAddDir(c, (const FcChar8 *)fc_load.fonts)) {
		snprintf(fc_load.error, sizeof fc_load.error, "cannot add fonts from '%s'",
			 fc_load.fonts);
	}
	if (fc_load.error[0]) {
		FcConfigDestroy(c);
		return;
	}
	/* Tests add their fixed-advance font (tests/fonts/ScsTest.ttf). */
	const char *extra = getenv("SCS_EXTRA_FONT_DIR");
	if (extra && *extra)
		FcConfigAppFontAddDir(c, (const FcChar8 *)extra);
	FcConfigBuildFonts(c);
	/* Ours is the process's default configuration too: the first Pango
	 * font map starts a thread that calls FcInit(), which would otherwise
	 * parse the system's configuration and load its caches a second time
	 * (25 M instructions, a few ms of a core) for a default no one uses:
	 * Pango is given this configuration, and the patterns it hands cairo
	 * name their font files. */
	FcConfigSetCurrent(c);
	fc_config = c;
}

static gpointer fc_load_run(gpointer unused)
{
	fc_load_config();
	g_mutex_lock(&fc_ready_lock);
	fc_ready = true;
	g_cond_broadcast(&fc_ready_cond);
	g_mutex_unlock(&fc_ready_lock);
	return NULL;
}

/* exported function documented in text.h */
bool text_preload(const char *dir)
{
	if (font_map || fc_load.started)
		return !fc_load.error[0];
	fc_load.started = true;
	data_dir = dir;
	snprintf(fc_load.fonts, sizeof fc_load.fonts, "%s/fonts", dir);
	snprintf(fc_load.conf, sizeof fc_load.conf, "%s/fonts/fonts.conf", dir);
	if (!is_dir(fc_load.fonts)) {
		snprintf(fc_load.error, sizeof fc_load.error,
			 "font directory '%s' not found (use --data-dir)", fc_load.fonts);
		fc_ready = true;
		return false;
	}
	fc_load.thread = g_thread_new("scs-fonts", fc_load_run, NULL);
	return true;
}

/*
 * A font map on our fonts, at 72 dpi: 1 pt = 1 px, as our own context has
 * it. Pango measures a font's metrics (pango_font_get_metrics, which its
 * layouts ask for every run's line height) with a context of the map's
 * own resolution; at Pango's default of 96 each font then gets a second
 * font set, with its own fontconfig substitution, match and sort (on
 * threads of their own), for the same pixel size. At 72 it is the set
 * already made.
 */
static PangoFontMap *new_font_map(void)
{
	PangoFontMap *m = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
	pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(m), fc_config);
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(m), 72.0);
	return m;
}

/* exported function documented in text.h */
bool text_fonts_ready(void)
{
	if (font_map)
		return true;
	if (!fc_load.started)
		return false;
	if (fc_load.thread) {
		g_thread_join(fc_load.thread);
		fc_load.thread = NULL;
	}
	if (!fc_config)
		return false;

	font_map = new_font_map();
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
	/* librsvg lays out SVG <text> with the default font map: make that
	 * ours, so SVG text uses the bundled fonts like the slide does, and
	 * the system fontconfig is never loaded a second time (it cost the
	 * seed deck's one SVG 40 ms). */
	pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(font_map));
	return true;
}

/* exported function documented in text.h */
bool text_thread_fonts(void)
{
	if (!fc_load.started)
		return false;
	g_mutex_lock(&fc_ready_lock);
	while (!fc_ready)
		g_cond_wait(&fc_ready_cond, &fc_ready_lock);
	g_mutex_unlock(&fc_ready_lock);
	if (!fc_config)
		return false;
	PangoFontMap *m = new_font_map();
	pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(m));
	g_object_unref(m);      /* the thread's default holds it */
	return true;
}

/* exported function documented in text.h */
int text_init(const char *dir, struct diag *d)
{
	text_preload(dir);
	if (text_fonts_ready())
		return 0;
	diag_msg(d, DIAG_ERROR, "%s", fc_load.error);
	return -1;
}

void text_shutdown(void)
{
	if (fc_load.thread)
		g_thread_join(fc_load.thread);
	memset(&fc_load, 0, sizeof fc_load);
	fc_ready = false;
	if (context)
		g_object_unref(context);
	if (font_map)
		pango_cairo_font_map_set_default(NULL);
	if (font_map)
		g_object_unref(font_map);
	if (fc_config) {
		FcConfigSetCurrent(NULL);   /* drops the default's reference */
		FcConfigDestroy(fc_config);
	}
	context = NULL;
	font_map = NULL;
	fc_config = NULL;
	if (family_cache)
		g_hash_table_destroy(family_cache);
	family_cache = NULL;
	text_remove_temp_files();
	n_face_files = 0;
	face_dir[0] = '\0';
	if (face_family)
		g_hash_table_destroy(face_family);
	face_family = NULL;
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
 * The family list handed to Pango, without the emoji families HedgeDoc's
 * stack ends with ("Apple Color Emoji", "Segoe UI Emoji", …). Chrome walks
 * the list per character and never reaches them for a digit, but with such
 * a family in the list Pango draws 0–9, # and * (emoji-capable code points)
 * from the colour emoji font. Emoji still find that font by fallback.
 * Results are cached by content (the lists are few and recur).
 */
static bool is_emoji_family(const char *f, size_t n)
{
	static const char *const names[] = {
		"Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji",
		"Twemoji", "Twitter Color Emoji", "EmojiOne", "Emoji One", "JoyPixels",
		"Android Emoji", "emoji"
	};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strlen(names[i]) == n && !g_ascii_strncasecmp(f, names[i], n))
			return true;
	return false;
}

/* Whether Chrome would find a family: a CSS generic name, a family some
 * font has, or a name fonts.conf aliases strongly (the metric-compatible
 * stand-ins Chrome accepts too). Anything else is skipped: fontconfig would
 * substitute its best guess, Chrome moves on to the next family. */
static bool family_exists(const char *f, size_t n)
{
	static const char *const known[] = {
		"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui",
		"-apple-system", "BlinkMacSystemFont", "Segoe UI", "Roboto",
		"Helvetica Neue", "Helvetica", "Arial", "Source Sans Pro",
		"Courier New", "Courier", "Times New Roman", "Times"
	};
	for (size_t i = 0; i < ARRAY_LEN(known); i++)
		if (strlen(known[i]) == n && !g_ascii_strncasecmp(f, known[i], n))
			return true;
	char *name = g_strndup(f, n);
	FcPattern *pat = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, name, (char *)NULL);
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	FcFontSet *fs = FcFontList(fc_config, pat, os);
	bool found = fs && fs->nfont > 0;
	if (fs)
		FcFontSetDestroy(fs);
	FcObjectSetDestroy(os);
	FcPatternDestroy(pat);
	g_free(name);
	return found;
}

static const char *pango_families(const char *list)
{
	if (!list || !*list)
		return "sans-serif";
	if (!family_cache)
		family_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	const char *hit = g_hash_table_lookup(family_cache, list);
	if (hit)
		return hit;
	GString *out = g_string_new(NULL);
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && p[n - 1] == ' ')
			n--;
		char *folded = face_family && n ? g_utf8_casefold(p, (gssize)n) : NULL;
		const char *face = folded ? g_hash_table_lookup(face_family, folded) : NULL;
		g_free(folded);
		if (face) {
			if (out->len)
				g_string_append(out, ",");
			g_string_append(out, face);
		} else if (n && !is_emoji_family(p, n) && family_exists(p, n)) {
			if (out->len)
				g_string_append(out, ",");
			g_string_append_len(out, p, (gssize)n);
		}
		p += e ? (size_t)(e - p) : strlen(p);
	}
	if (!out->len)
		g_string_append(out, "Times New Roman");
	char *v = g_string_free(out, FALSE);
	g_hash_table_insert(family_cache, g_strdup(list), v);
	return v;
}

/* exported function documented in text.h */
bool text_add_font(const char *family, const unsigned char *data, size_t len, char *why,
		   size_t why_len)
{
	if (!fc_config || !font_map) {
		snprintf(why, why_len, "the fonts are not loaded");
		return false;
	}
	if (n_face_files >= MAX_FONT_FACES) {
		snprintf(why, why_len, "more than %d font files", MAX_FONT_FACES);
		return false;
	}
	if (!face_dir[0]) {
		char *d = g_dir_make_tmp("scs-pdf-fonts-XXXXXX", NULL);
		if (!d || strlen(d) >= sizeof face_dir) {
			g_free(d);
			snprintf(why, why_len, "cannot make a temporary folder");
			return false;
		}
		strcpy(face_dir, d);
		g_free(d);
	}
	char *path = face_files[n_face_files];
	snprintf(path, sizeof face_files[0], "%s/%zu", face_dir, n_face_files);
	if (!g_file_set_contents(path, (const char *)data, (gssize)len, NULL)) {
		snprintf(why, why_len, "cannot write a temporary file");
		return false;
	}
	n_face_files++;
	/* the family the file names, as fontconfig reads it */
	int count = 0;
	FcPattern *p = FcFreeTypeQuery((const FcChar8 *)path, 0, NULL, &count);
	FcChar8 *real = NULL;
	if (!p || FcPatternGetString(p, FC_FAMILY, 0, &real) != FcResultMatch ||
	    !FcConfigAppFontAddFile(fc_config, (const FcChar8 *)path)) {
		if (p)
			FcPatternDestroy(p);
		snprintf(why, why_len, "not a font FreeType can read (TrueType, OpenType, WOFF)");
		return false;
	}
	if (!face_family)
		face_family = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	char *key = g_utf8_casefold(family, -1);
	if (!g_hash_table_contains(face_family, key))
		g_hash_table_insert(face_family, key, g_strdup((const char *)real));
	else
		g_free(key);
	FcPatternDestroy(p);
	/* fonts and family lists looked up before are stale now */
	pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(font_map));
	if (family_cache)
		g_hash_table_remove_all(family_cache);
	return true;
}

/* exported function documented in text.h */
void text_remove_temp_files(void)
{
	for (size_t i = 0; i < n_face_files; i++)
		unlink(face_files[i]);
	if (face_dir[0])
		rmdir(face_dir);
}

PangoFontDescription *text_font_description(const struct computed_style *s)
{
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, pango_families(s->font_family));
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
	/*
	 * The strut's font is the first family of the list that exists (CSS
	 * 2.1 §10.8.1, "the first available font"), not whatever fontconfig
	 * ranks first for the whole list: HedgeDoc's stack ends in emoji
	 * families, and a colour emoji font's taller ascent would grow every
	 * line box. The font Pango picks for a Latin letter is that font.
	 */
	PangoFontDescription *fd = text_font_description(s);
	PangoAttrList *al = pango_attr_list_new();
	pango_attr_list_insert(al, pango_attr_font_desc_new(fd));
	GList *items = pango_itemize(context, "x", 0, 1, al, NULL);
	PangoFont *f = items ? ((PangoItem *)items->data)->analysis.font : NULL;
	if (f) {
		text_pango_font_extents(f, ascent, descent);
	} else {
		*ascent = s->font_size * 0.9;
		*descent = s->font_size * 0.2;
	}
	g_list_free_full(items, (GDestroyNotify)pango_item_free);
	pango_attr_list_unref(al);
	pango_font_description_free(fd);
}

/* exported function documented in text.h */
void text_pango_font_extents(PangoFont *f, double *ascent, double *descent)
{
	hb_font_extents_t e;
	hb_font_get_extents_for_direction(pango_font_get_hb_font(f), HB_DIRECTION_LTR, &e);
	*ascent = e.ascender / (double)PANGO_SCALE;
	*descent = -e.descender / (double)PANGO_SCALE;
}

double text_font_x_height(const struct computed_style *s)
{
	PangoFontDescription *fd = text_font_description(s);
	PangoAttrList *al = pango_attr_list_new();
	pango_attr_list_insert(al, pango_attr_font_desc_new(fd));
	GList *items = pango_itemize(context, "x", 0, 1, al, NULL);
	PangoFont *f = items ? ((PangoItem *)items->data)->analysis.font : NULL;
	double xh = 0.5;
	if (f) {
		hb_font_t *hb = pango_font_get_hb_font(f);
		hb_position_t v;
		int xs, ys;
		hb_font_get_scale(hb, &xs, &ys);
		if (ys > 0 && hb_ot_metrics_get_position(hb, HB_OT_METRICS_TAG_X_HEIGHT, &v) && v > 0)
			xh = (double)v / ys;
	}
	g_list_free_full(items, (GDestroyNotify)pango_item_free);
	pango_attr_list_unref(al);
	pango_font_description_free(fd);
	return xh;
}

/* ---- line breaks between ASCII characters ------------------------------- */

/*
 * Chromium breaks between two printable ASCII characters by a table of its
 * own (kAsciiLineBreakTable, Blink text_break_iterator.cc), not by UAX #14:
 * after '-' before most letters, digits and symbols; after '?' likewise;
 * after ! " # % & ) * + , . : ; = > \ ] | } ~ only before ( < [ {; nowhere
 * else (not after '/', so paths and URLs stay whole). After a space it
 * always breaks (NGLineBreaker: a break opportunity follows every
 * collapsible space), where UAX #14 LB13 keeps ' :', ' !', ' )', ' ,' and
 * ' /' together.
 */
static bool chrome_breaks(unsigned char a, unsigned char b)
{
	if (a == ' ')
		return true;
	static const char word[] = "%&(*+-0123456789<=>@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\^_`"
				   "abcdefghijklmnopqrstuvwxyz{|~";
	if (a == '-')
		return strchr("\"#'", b) || strchr(word, b);
	if (a == '?')
		return strchr("#$", b) || strchr(word, b);
	if (strchr("!\"#%&)*+,.:;=>\\]|}~", a))
		return strchr("(<[{", b) != NULL;
	return false;
}

/* Pango's decision for the same pair (UAX #14), computed once. */
static bool pango_breaks(unsigned char a, unsigned char b)
{
	static unsigned char table[95][94];      /* 0 unknown, 1 no, 2 yes */
	unsigned char *t = &table[a - 0x20][b - 0x21];
	if (!*t) {
		char s[3] = { (char)a, (char)b, 0 };
		PangoLogAttr la[3];
		pango_get_log_attrs(s, 2, -1, pango_language_from_string("en"), la, 3);
		*t = la[1].is_line_break ? 2 : 1;
	}
	return *t == 2;
}

int text_ascii_break_fix(unsigned char a, unsigned char b)
{
	if (a < 0x20 || a > 0x7e || b < 0x21 || b > 0x7e)
		return 0;
	bool c = chrome_breaks(a, b), p = pango_breaks(a, b);
	return c == p ? 0 : c ? 1 : 2;
}
