/*
 * svg.c — text and errors for the diagram drawers (see svg.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/svg.h"
#include "text/text.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* exported function documented in svg.h */
void *diagram_grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 16;
	return xrealloc(v, *cap * size);
}

/* Whether Chrome finds family f: a generic name or one a font of the
 * current fontconfig configuration (ours, see text.c) has. */
static bool family_found(const char *f)
{
	static const char *const generic[] = { "serif", "sans-serif", "monospace", "cursive",
						"fantasy", "system-ui" };
	for (size_t i = 0; i < ARRAY_LEN(generic); i++)
		if (!strcasecmp(f, generic[i]))
			return true;
	FcPattern *pat = FcPatternBuild(NULL, FC_FAMILY, FcTypeString, f, (char *)NULL);
	FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, (char *)NULL);
	FcFontSet *fs = pat && os ? FcFontList(NULL, pat, os) : NULL;
	bool found = fs && fs->nfont > 0;
	if (fs)
		FcFontSetDestroy(fs);
	if (os)
		FcObjectSetDestroy(os);
	if (pat)
		FcPatternDestroy(pat);
	return found;
}

/* The families of list that Chrome finds, unquoted, into out (n bytes). */
static void found_families(const char *list, char *out, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (const char *p = list; *p;) {
		p += strspn(p, " ,");
		size_t l = strcspn(p, ",");
		char name[128];
		const char *b = p, *e = p + l;
		p = e;
		while (e > b && e[-1] == ' ')
			e--;
		if (e - b >= 2 && (*b == '\'' || *b == '"') && e[-1] == *b)
			b++, e--;
		if (e <= b || (size_t)(e - b) >= sizeof name)
			continue;
		memcpy(name, b, (size_t)(e - b));
		name[e - b] = '\0';
		if (family_found(name) && len + strlen(name) + 3 < n)
			len += (size_t)snprintf(out + len, n - len, "%s%s", len ? ", " : "", name);
	}
	if (!len)
		snprintf(out, n, "%s", list);
}

/* exported function documented in svg.h */
void svg_font_init(struct svg_font *f, const char *families, double px)
{
	f->layout = NULL;
	f->px = px;
	f->ascent = 0.905 * px;     /* Liberation Sans, should Pango fail */
	f->descent = 0.212 * px;
	f->spacing = 0;
	found_families(families, f->family, sizeof f->family);
	PangoContext *ctx = text_context();
	if (!ctx)
		return;
	f->layout = pango_layout_new(ctx);
	/* as librsvg does with the SVG's font-family */
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, f->family);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	pango_layout_set_font_description(f->layout, fd);
	/* the face measured is the one written: librsvg may resolve a generic
	 * name on a font map of its own */
	PangoFont *face = pango_context_load_font(ctx, fd);
	if (face) {
		PangoFontDescription *d = pango_font_describe(face);
		const char *fam = d ? pango_font_description_get_family(d) : NULL;
		if (fam && !strpbrk(fam, "\"<>&"))
			snprintf(f->family, sizeof f->family, "%s", fam);
		if (d)
			pango_font_description_free(d);
		g_object_unref(face);
	}
	PangoFontMetrics *mm = pango_context_get_metrics(ctx, fd, NULL);
	PangoFontFamily **fams = NULL;
	int nf = 0;
	bool mono = false;
	pango_font_map_list_families(pango_context_get_font_map(ctx), &fams, &nf);
	for (int i = 0; i < nf; i++)
		if (!strcasecmp(pango_font_family_get_name(fams[i]), f->family))
			mono = pango_font_family_is_monospace(fams[i]);
	g_free(fams);
	if (mm && mono) {
		double adv = pango_font_metrics_get_approximate_char_width(mm) / (double)PANGO_SCALE;
		f->spacing = (double)(long)(adv + 0.5) - adv;
	}
	if (mm)
		pango_font_metrics_unref(mm);
	PangoFontMetrics *fm = pango_context_get_metrics(ctx, fd, NULL);
	if (fm) {
		f->ascent = pango_font_metrics_get_ascent(fm) / (double)PANGO_SCALE;
		f->descent = pango_font_metrics_get_descent(fm) / (double)PANGO_SCALE;
		pango_font_metrics_unref(fm);
	}
	pango_font_description_free(fd);
}

/* exported function documented in svg.h */
void svg_font_free(struct svg_font *f)
{
	if (f->layout)
		g_object_unref(f->layout);
	f->layout = NULL;
}

/* exported function documented in svg.h */
double svg_text_width(struct svg_font *f, const char *s, size_t n)
{
	if (!f->layout)
		return n * f->px * 0.55;
	pango_layout_set_text(f->layout, s, (int)n);
	PangoRectangle lg;
	pango_layout_get_extents(f->layout, NULL, &lg);
	return lg.width / (double)PANGO_SCALE + f->spacing * (double)g_utf8_strlen(s, (gssize)n);
}

/* exported function documented in svg.h */
void svg_escaped(struct strbuf *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': strbuf_puts(o, "&amp;"); break;
		case '<': strbuf_puts(o, "&lt;"); break;
		case '>': strbuf_puts(o, "&gt;"); break;
		case '"': strbuf_puts(o, "&quot;"); break;
		default:
			/* no control characters in XML */
			if ((unsigned char)s[i] >= 0x20 || s[i] == '\t' || s[i] == '\n')
				strbuf_append(o, s + i, 1);
		}
	}
}

/* exported function documented in svg.h */
void jison_error(char *out, size_t n, const char *text, size_t len, size_t pos,
		 unsigned line, const char *expecting, const char *got)
{
	char past[64] = "", next[64] = "";
	size_t from = pos > 20 ? pos - 20 : 0, k = 0;
	if (pos > 20)
		k += (size_t)snprintf(past, sizeof past, "...");
	for (size_t i = from; i < pos && i < len && k + 1 < sizeof past; i++)
		if (text[i] != '\n' && text[i] != '\r')
			past[k++] = text[i];
	past[k] = '\0';
	k = 0;
	for (size_t i = pos; i < pos + 20 && i < len && k + 1 < sizeof next; i++)
		if (text[i] != '\n' && text[i] != '\r')
			next[k++] = text[i];
	next[k] = '\0';
	char dashes[64];
	size_t dl = MIN(strlen(past), sizeof dashes - 1);
	memset(dashes, '-', dl);
	dashes[dl] = '\0';
	snprintf(out, n, "Parse error on line %u:\n%s%s\n%s^\nExpecting %s, got '%s'", line, past,
		 next, dashes, expecting, got);
}

/* exported function documented in svg.h */
void svg_text_outline(struct strbuf *o, const char *pango_desc, const char *s, size_t n,
		      double x, double y, char anchor)
{
	cairo_surface_t *surf = cairo_recording_surface_create(CAIRO_CONTENT_ALPHA, NULL);
	cairo_t *cr = cairo_create(surf);
	PangoLayout *pl = pango_layout_new(text_context());
	PangoFontDescription *fd = pango_font_description_from_string(pango_desc);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(pl, s, (int)n);
	PangoRectangle lg;
	pango_layout_get_extents(pl, NULL, &lg);
	double w = lg.width / (double)PANGO_SCALE;
	double base = pango_layout_get_baseline(pl) / (double)PANGO_SCALE;
	cairo_move_to(cr, x - (anchor == 'm' ? w / 2 : anchor == 'e' ? w : 0), y - base);
	pango_cairo_layout_path(cr, pl);
	cairo_path_t *path = cairo_copy_path(cr);
	strbuf_puts(o, "<path fill=\"currentColor\" d=\"");
	for (int i = 0; path && i < path->num_data; i += path->data[i].header.length) {
		const cairo_path_data_t *d = &path->data[i];
		switch (d->header.type) {
		case CAIRO_PATH_MOVE_TO:
			strbuf_printf(o, "M%.2f %.2f", d[1].point.x, d[1].point.y);
			break;
		case CAIRO_PATH_LINE_TO:
			strbuf_printf(o, "L%.2f %.2f", d[1].point.x, d[1].point.y);
			break;
		case CAIRO_PATH_CURVE_TO:
			strbuf_printf(o, "C%.2f %.2f %.2f %.2f %.2f %.2f", d[1].point.x,
				      d[1].point.y, d[2].point.x, d[2].point.y, d[3].point.x,
				      d[3].point.y);
			break;
		case CAIRO_PATH_CLOSE_PATH:
			strbuf_puts(o, "Z");
			break;
		}
	}
	strbuf_puts(o, "\"/>");
	if (path)
		cairo_path_destroy(path);
	g_object_unref(pl);
	cairo_destroy(cr);
	cairo_surface_destroy(surf);
}
