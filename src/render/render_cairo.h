/*
 * render_cairo.h — display list → cairo. The same display list draws a PDF
 * page (vectors, real text, embedded font subsets) or an image surface (PNG
 * output and the pixel goldens).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_RENDER_CAIRO_H
#define SCS_RENDER_CAIRO_H

#include <stdbool.h>

#include <cairo.h>
#include <stddef.h>

struct display_list;
struct strbuf;

/* What a PDF page gets beyond pictures: link annotations and, for a tagged
 * PDF, the structure elements of DL_TAG_BEGIN/END. */
struct render_doc {
	bool tags;              /* emit structure tags (the page is inside an
	                           open "Document" element) */
	/* Append the cairo link attributes for href ("uri='…'" or "dest='…'",
	 * ISO 32000-1 §12.5.6.5) to attrs and return true, or return false to
	 * leave the link out. NULL: only absolute http(s)/mailto URIs. */
	bool (*link_target)(void *ctx, const char *href, struct strbuf *attrs);
	/* Told the alternate text of every Figure element, in the order they
	 * are opened (cairo 1.16 cannot write /Alt; see pdf_finish.h). */
	void (*figure)(void *ctx, const char *alt);
	void *ctx;
};

/* Draw every item of dl into cr (its current transformation applies). On a
 * PDF surface, links become link annotations (through doc->link_target when
 * doc is given) and, with doc->tags, DL_TAG_* items structure elements. */
void render_display_list(cairo_t *cr, const struct display_list *dl,
			 const struct render_doc *doc);

/* The one gate for link targets: add the cairo link attributes of an
 * absolute URI (http, https, mailto; no other scheme) to
 * b, percent-encoding what a PDF string cannot hold as is; false for other
 * URIs. */
bool render_uri_attrs(const char *uri, struct strbuf *b);

/* How many links this thread dropped since the last call: cairo link tags
 * (ours or librsvg's, for an SVG's <a>) whose target render_uri_attrs()
 * refused. Every link tag cairo gets is filtered that way (render_cairo.c
 * defines cairo_tag_begin() and cairo_tag_end()). */
unsigned render_links_dropped(void);
/* SVG pages: the invisible <text> elements recorded for the text drawn on
 * surf (see render_cairo.c), *len bytes, or NULL; valid while surf is. */
const char *render_svg_text_layer(cairo_surface_t *surf, size_t *len);
void render_svg_text_free(void *layer);

#endif
