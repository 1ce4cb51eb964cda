/*
 * svg.c — text and errors for the diagram drawers (see svg.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/svg.h"
#include "text/text.h"

#include <stdio.h>
#include <string.h>

/* exported function documented in svg.h */
void *diagram_grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 16;
	return xrealloc(v, *cap * size);
}

/* exported function documented in svg.h */
void svg_font_init(struct svg_font *f, const char *families, double px)
{
	f->layout = NULL;
	f->px = px;
	f->ascent = 0.905 * px;     /* Liberation Sans, should Pango fail */
	f->descent = 0.212 * px;
	PangoContext *ctx = text_context();
	if (!ctx)
		return;
	f->layout = pango_layout_new(ctx);
	/* as librsvg does with the SVG's font-family */
	PangoFontDescription *fd = pango_font_description_new();
	pango_font_description_set_family(fd, families);
	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	pango_layout_set_font_description(f->layout, fd);
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
	return lg.width / (double)PANGO_SCALE;
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
