/*
 * convert.c — the deck driver (see convert.h).
 *
 * Every slide's DOM is built first, because a <style> block in any slide
 * styles the whole deck (HEDGEDOC.md §5). Then each slide is cascaded, laid
 * out, painted and drawn on its own page, with its boxes, styles and display
 * list in a slide arena that is reset after the page is drawn.
 *
 * Geometry (HEDGEDOC.md §0, §7): the logical slide (960×700 by default) is
 * scaled by s = clamp(min(Pw·(1−m)/W, Ph·(1−m)/H), minScale, maxScale) and
 * centred on the 1920×1080 page; backgrounds cover the whole page.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "convert.h"
#include "box.h"
#include "css.h"
#include "display_list.h"
#include "dom.h"
#include "frontmatter.h"
#include "image.h"
#include "layout.h"
#include "markdown.h"
#include "paint.h"
#include "render_cairo.h"
#include "split.h"
#include "text.h"
#include "util.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PAGE_W 1920.0
#define PAGE_H 1080.0

struct deck_slide {
	const struct slide *s;
	struct dom_node *html, *body, *reveal, *section, *content;
};

struct deck {
	const struct scs_options *o;
	struct diag *d;
	struct arena *arena;            /* deck lifetime */
	struct diag_file src;
	char *bytes;
	size_t len;
	char *base_dir;
	struct deck_meta meta;
	struct slide *slides;
	size_t n_slides;
	struct deck_slide *ds;
	struct css_engine *css;
	struct image_cache *images;
	double scale, ox, oy;           /* slide → page transform */
	double W, H;                    /* logical slide size */
};

/* The temporary output file, removed on error or signal. */
static char tmp_path[4096];

static void on_signal(int sig)
{
	if (tmp_path[0])
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ---- loading -------------------------------------------------------------- */

/* Invalid UTF-8 is replaced byte for byte with '?' so every later offset
 * still points at the same place in the file; each bad run is a warning. */
static void check_utf8(struct deck *k)
{
	const char *p = k->bytes, *end = k->bytes + k->len;
	int reported = 0;
	while (p < end) {
		const gchar *bad;
		if (g_utf8_validate(p, end - p, &bad))
			break;
		if ((size_t)(bad - k->bytes) >= k->len)
			break;
		if (*bad == '\0') {
			/* NUL: cmark turns it into U+FFFD; keep going */
			k->bytes[bad - k->bytes] = ' ';
			p = bad + 1;
			continue;
		}
		if (reported++ < 5)
			diag_at(k->d, DIAG_WARNING, &k->src, (size_t)(bad - k->bytes),
				"invalid UTF-8 byte 0x%02x; replaced with '?'",
				(unsigned char)*bad);
		k->bytes[bad - k->bytes] = '?';
		p = bad + 1;
	}
}

static int load_sheet(struct deck *k, enum css_origin origin, const char *name,
		      bool required)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/themes/%s.css", text_data_dir(), name);
	char *text;
	size_t len;
	if (read_file(path, MAX_CSS_SHEET_BYTES, &text, &len) < 0) {
		if (required)
			diag_msg(k->d, DIAG_ERROR, "cannot read stylesheet '%s': %s", path,
				 strerror(errno));
		return -1;
	}
	css_engine_add_sheet(k->css, origin, text, len, NULL, 0);
	free(text);
	return 0;
}

/* HedgeDoc links a theme only if reveal.js ships its file (HEDGEDOC.md §1,
 * §8): the eleven names, case-sensitive. */
static bool theme_exists(const char *name)
{
	static const char *const themes[] = { "beige", "black", "blood", "league", "moon",
		"night", "serif", "simple", "sky", "solarized", "white" };
	for (size_t i = 0; i < ARRAY_LEN(themes); i++)
		if (!strcmp(name, themes[i]))
			return true;
	return false;
}

/* The classes reveal.js puts on div.reveal: center, the transition (CSS
 * class names only), rtl. */
static const char *reveal_class(struct deck *k)
{
	const char *tr = k->meta.transition ? k->meta.transition : "none";
	for (const char *p = tr; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-'))
			tr = "none";
	return arena_printf(k->arena, "reveal%s %s%s", k->meta.center ? " center" : "", tr,
			    k->meta.rtl ? " rtl" : "");
}

/* reveal.js's contrast class (HEDGEDOC.md §4, syncBackground): from
 * data-background-color (only #rgb, #rrggbb, rgb() and rgba() are read), or
 * else the computed colour of a colour data-background; brightness
 * (299r+587g+114b)/1000 < 128 is dark. The class goes on the slide and, as
 * reveal copies it for the present slide, on div.reveal. */
static void add_class(struct arena *a, struct dom_node *n, const char *cls)
{
	const char *old = dom_get_attr(n, "class");
	dom_set_attr(a, n, "class", old && *old ? arena_printf(a, "%s %s", old, cls) : cls);
}

static bool looks_like_image_url(const char *v);

static void set_contrast_class(struct deck *k, struct deck_slide *ds)
{
	const char *v = dom_get_attr(ds->section, "data-background-color");
	if (v && v[0] != '#' && strncmp(v, "rgb", 3))
		v = NULL;
	if (!v) {
		v = dom_get_attr(ds->section, "data-background");
		if (v && looks_like_image_url(v))
			v = NULL;
	}
	struct css_color c;
	if (!v || !css_parse_color(v, strlen(v), &c) || c.a == 0)
		return;
	const char *cls = (299 * c.r + 587 * c.g + 114 * c.b) / 1000 < 128
			  ? "has-dark-background" : "has-light-background";
	add_class(k->arena, ds->section, cls);
	add_class(k->arena, ds->reveal, cls);
}

/* The document shape of one slide (dom.h). */
static void build_slide_dom(struct deck *k, struct deck_slide *ds)
{
	struct arena *a = k->arena;
	ds->html = dom_new_element(a, "html");
	ds->body = dom_new_element(a, "body");
	dom_append(ds->html, ds->body);
	ds->reveal = dom_new_element(a, "div");
	dom_set_attr(a, ds->reveal, "class", reveal_class(k));
	dom_append(ds->body, ds->reveal);
	struct dom_node *slides = dom_new_element(a, "div");
	dom_set_attr(a, slides, "class", "slides");
	dom_append(ds->reveal, slides);
	struct dom_node *parent = slides;
	if (ds->s->in_stack) {
		struct dom_node *stack = dom_new_element(a, "section");
		dom_set_attr(a, stack, "class", "stack present");
		dom_append(slides, stack);
		parent = stack;
	}
	ds->section = dom_new_element(a, "section");
	ds->section->src_line = ds->s->first_line;
	dom_append(parent, ds->section);
	ds->content = dom_new_element(a, "div");
	dom_append(ds->section, ds->content);
	markdown_slide(a, k->d, &k->src, ds->s, ds->section, ds->content);
	/* reveal.js marks the shown slide after `.slide:` set its class */
	add_class(a, ds->section, "present");
	set_contrast_class(k, ds);
}

/* Every <style> of the deck, in order, applied deck-wide (HEDGEDOC.md §5). */
static void add_deck_styles(struct deck *k)
{
	for (size_t i = 0; i < k->n_slides; i++) {
		struct dom_node *root = k->ds[i].content;
		for (struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
			if (!dom_is(n, "style"))
				continue;
			struct strbuf b;
			strbuf_init(&b, MAX_CSS_SHEET_BYTES);
			for (struct dom_node *t = n->first_child; t; t = t->next)
				if (t->type == DOM_TEXT)
					strbuf_append(&b, t->text, t->text_len);
			if (!b.s) {
				strbuf_free(&b);
				continue;
			}
			/* Find the text in the file so warnings point into it. */
			size_t base = 0;
			const struct diag_file *src = NULL;
			const char *from = k->bytes + k->slides[i].offset;
			size_t left = k->len - k->slides[i].offset;
			const char *hit = b.len <= left ? memmem(from, left, b.s, b.len) : NULL;
			if (hit) {
				base = (size_t)(hit - k->bytes);
				src = &k->src;
			}
			css_engine_add_sheet(k->css, CSS_ORIGIN_AUTHOR, b.s, b.len, src, base);
			strbuf_free(&b);
		}
	}
}

static int load_deck(struct deck *k)
{
	const struct scs_options *o = k->o;
	if (read_file(o->input, MAX_DECK_BYTES, &k->bytes, &k->len) < 0) {
		if (errno == EFBIG)
			diag_msg(k->d, DIAG_ERROR, "%s: deck larger than %u bytes", o->input,
				 MAX_DECK_BYTES);
		else
			diag_msg(k->d, DIAG_ERROR, "%s: cannot read: %s", o->input, strerror(errno));
		return SCS_ERR_INPUT;
	}
	struct stat st;
	if (strcmp(o->input, "-") && stat(o->input, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_msg(k->d, DIAG_ERROR, "%s: is a directory", o->input);
		return SCS_ERR_INPUT;
	}
	diag_file_init(&k->src, strcmp(o->input, "-") ? o->input : "<stdin>", k->bytes, k->len);
	check_utf8(k);

	const char *slash = strrchr(o->input, '/');
	k->base_dir = slash ? xstrndup(o->input, (size_t)(slash - o->input) + (slash == o->input))
			    : xstrdup(".");

	deck_meta_defaults(&k->meta);
	frontmatter_parse(k->arena, k->d, &k->src, &k->meta);
	if (split_deck(k->arena, k->d, &k->src, k->meta.body_offset, &k->slides,
		       &k->n_slides) < 0)
		return SCS_ERR_INPUT;

	k->ds = arena_alloc(k->arena, k->n_slides * sizeof *k->ds);
	for (size_t i = 0; i < k->n_slides; i++) {
		k->ds[i].s = &k->slides[i];
		build_slide_dom(k, &k->ds[i]);
	}

	/* Geometry (HEDGEDOC.md §0): a "N%" size is a share of the available
	 * area after the margin. */
	double m = k->meta.margin;
	double availw = PAGE_W * (1 - m), availh = PAGE_H * (1 - m);
	k->W = k->meta.width > 0 ? k->meta.width : availw * -k->meta.width / 100.0;
	k->H = k->meta.height > 0 ? k->meta.height : availh * -k->meta.height / 100.0;
	double s = MIN(availw / k->W, availh / k->H);
	s = MAX(k->meta.min_scale, MIN(k->meta.max_scale, s));
	k->scale = s;
	k->ox = (PAGE_W - k->W * s) / 2;
	k->oy = (PAGE_H - k->H * s) / 2;

	/* The cascade's sheets: UA, reveal core, theme, HedgeDoc, the deck. */
	k->css = css_engine_new(k->arena, k->d);
	css_engine_set_viewport(k->css, k->W, k->H);
	if (load_sheet(k, CSS_ORIGIN_UA, "ua", true) < 0 ||
	    load_sheet(k, CSS_ORIGIN_AUTHOR, "reveal", true) < 0 ||
	    load_sheet(k, CSS_ORIGIN_AUTHOR, "hedgedoc-pre", true) < 0)
		return SCS_ERR_INPUT;
	const char *theme = o->theme ? o->theme : k->meta.theme;
	if (theme && !theme_exists(theme)) {
		if (o->theme)
			diag_msg(k->d, DIAG_WARNING, "unknown theme '%s'; using 'black'", theme);
		else
			diag_at_line(k->d, DIAG_WARNING, &k->src, k->meta.theme_line, 0,
				     "unknown theme '%s'; HedgeDoc falls back to 'black'", theme);
		theme = NULL;
	}
	if (load_sheet(k, CSS_ORIGIN_AUTHOR, theme ? theme : "black", true) < 0 ||
	    load_sheet(k, CSS_ORIGIN_AUTHOR, "hedgedoc", true) < 0)
		return SCS_ERR_INPUT;
	add_deck_styles(k);
	return SCS_OK;
}

/* ---- one page --------------------------------------------------------------- */

static bool looks_like_image_url(const char *v)
{
	/* reveal.js 3.9.2 syncBackground: http/file/"//" prefixes, or a known
	 * image extension followed by ?, #, space or the end. */
	if (!strncmp(v, "http", 4) || !strncmp(v, "file", 4) || !strncmp(v, "//", 2))
		return true;
	static const char *ext[] = { ".svg", ".png", ".jpg", ".jpeg", ".gif", ".bmp" };
	for (size_t i = 0; i < ARRAY_LEN(ext); i++) {
		const char *p = v;
		size_t n = strlen(ext[i]);
		while ((p = strstr(p, ext[i]))) {
			char nx = p[n];
			if (!nx || nx == '?' || nx == '#' || nx == ' ')
				return true;
			p += n;
		}
	}
	return false;
}

/* The slide's background covers the whole page (HEDGEDOC.md §0, §4):
 * defaults size cover, position 50% 50%, no-repeat, opacity 1. */
static void paint_slide_background(struct deck *k, struct display_list *dl,
				   struct box_ctx *bc, struct dom_node *sec)
{
	const char *color = dom_get_attr(sec, "data-background-color");
	const char *bg = dom_get_attr(sec, "data-background");
	const char *img = dom_get_attr(sec, "data-background-image");
	if (bg && !img) {
		if (looks_like_image_url(bg))
			img = bg;
		else if (!color)
			color = bg;
	}
	struct css_color c;
	if (color && css_parse_color(color, strlen(color), &c)) {
		struct dl_item *it = dl_push(dl, DL_RECT);
		it->w = PAGE_W;
		it->h = PAGE_H;
		it->color = c;
	}
	if (!img)
		return;
	const struct image *im = box_load_image(bc, img, sec);
	if (!im || im->width <= 0 || im->height <= 0)
		return;
	const char *size = dom_get_attr(sec, "data-background-size");
	double iw = im->width, ih = im->height, w, h;
	if (size && !strcmp(size, "contain")) {
		double f = MIN(PAGE_W / iw, PAGE_H / ih);
		w = iw * f;
		h = ih * f;
	} else if (size && strcmp(size, "cover")) {
		/* lengths in CSS px of the viewport (1 page pt each) */
		double a = -1, b = -1;
		char *end;
		a = strtod(size, &end);
		if (end == size)
			a = -1;
		else if (*end == '%')
			a = a * PAGE_W / 100.0, end++;
		else if (!strncmp(end, "px", 2))
			end += 2;
		while (*end == ' ')
			end++;
		if (*end) {
			char *e2;
			b = strtod(end, &e2);
			if (e2 == end)
				b = -1;
			else if (*e2 == '%')
				b = b * PAGE_H / 100.0;
		}
		if (a <= 0) {
			w = iw;
			h = ih;
		} else {
			w = a;
			h = b > 0 ? b : a * ih / iw;
		}
	} else {
		double f = MAX(PAGE_W / iw, PAGE_H / ih);
		w = iw * f;
		h = ih * f;
	}
	const char *op = dom_get_attr(sec, "data-background-opacity");
	double opacity = op ? atof(op) : 1;
	struct dl_item *g = NULL;
	if (opacity < 1) {
		g = dl_push(dl, DL_PUSH_GROUP);
		g->opacity = MAX(0, opacity);
	}
	struct dl_item *cl = dl_push(dl, DL_PUSH_CLIP);
	cl->w = PAGE_W;
	cl->h = PAGE_H;
	struct dl_item *it = dl_push(dl, DL_IMAGE);
	it->image = im;
	it->w = w;
	it->h = h;
	it->x = (PAGE_W - w) / 2;
	it->y = (PAGE_H - h) / 2;
	dl_push(dl, DL_POP_CLIP);
	if (g)
		dl_push(dl, DL_POP_GROUP);
}

/* reveal.js's slide number (HEDGEDOC.md §0): bottom-right of the viewport,
 * 8px from the edges, Helvetica 12px, padding 5px, #fff on rgba(0,0,0,.4);
 * format `h.v`, 1-based, `.v` only on vertical slides. */
static void paint_slide_number(struct deck *k, struct display_list *dl,
			       const struct slide *s, size_t index)
{
	char txt[64];
	const char *fmt = k->meta.slide_number_format ? k->meta.slide_number_format : "h.v";
	if (!strcmp(fmt, "c"))
		snprintf(txt, sizeof txt, "%zu", index + 1);
	else if (!strcmp(fmt, "c/t"))
		snprintf(txt, sizeof txt, "%zu / %zu", index + 1, k->n_slides);
	else if (!strcmp(fmt, "h/v"))
		snprintf(txt, sizeof txt, s->v ? "%u/%u" : "%u", s->h + 1, s->v + 1);
	else
		snprintf(txt, sizeof txt, s->v ? "%u.%u" : "%u", s->h + 1, s->v + 1);
	PangoLayout *pl = pango_layout_new(text_context());
	arena_defer(dl->arena, g_object_unref, pl);
	PangoFontDescription *fd = pango_font_description_from_string("Helvetica");
	pango_font_description_set_absolute_size(fd, 12 * PANGO_SCALE);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(pl, txt, -1);
	PangoRectangle r;
	pango_layout_get_extents(pl, NULL, &r);
	double tw = r.width / (double)PANGO_SCALE;
	PangoLayoutLine *line = pango_layout_get_line_readonly(pl, 0);
	PangoRectangle lr;
	pango_layout_line_get_extents(line, NULL, &lr);
	double asc = -lr.y / (double)PANGO_SCALE, hgt = lr.height / (double)PANGO_SCALE;
	double bw = tw + 10, bh = 12 + 10;
	double bx = PAGE_W - 8 - bw, by = PAGE_H - 8 - bh;
	struct dl_item *bg = dl_push(dl, DL_RECT);
	bg->x = bx;
	bg->y = by;
	bg->w = bw;
	bg->h = bh;
	bg->color = (struct css_color){ 0, 0, 0, 102 };
	double x = bx + 5;
	double base = by + 5 + (12 - hgt) / 2 + asc;
	for (GSList *l = line->runs; l; l = l->next) {
		PangoGlyphItem *gi = l->data;
		struct dl_item *it = dl_push(dl, DL_TEXT);
		it->x = x;
		it->y = base;
		it->glyphs = gi;
		it->text = pango_layout_get_text(pl);
		it->color = (struct css_color){ 255, 255, 255, 255 };
		x += pango_glyph_string_get_width(gi->glyphs) / (double)PANGO_SCALE;
	}
}

static const struct computed_style *find_style(const struct dom_node *n)
{
	return n ? n->style : NULL;
}

static void dump_header(struct deck *k, size_t i)
{
	const struct slide *s = &k->slides[i];
	fprintf(k->o->dump_out, "== slide %zu (%u.%u) line %u\n", i + 1, s->h + 1,
		s->v + 1, s->first_line);
}

/* Links to `#/h` or `#/h/v` (reveal's 0-based indices) jump to that page. */
static void resolve_internal_links(struct deck *k, struct display_list *dl,
				   struct arena *sa)
{
	for (size_t j = 0; j < dl->n; j++) {
		struct dl_item *it = &dl->items[j];
		if (it->op != DL_LINK || !it->label || strncmp(it->label, "#/", 2))
			continue;
		char *end;
		long h = strtol(it->label + 2, &end, 10), v = 0;
		if (end == it->label + 2)
			continue;
		if (*end == '/')
			v = strtol(end + 1, NULL, 10);
		for (size_t p = 0; p < k->n_slides; p++)
			if ((long)k->slides[p].h == h && (long)k->slides[p].v == v)
				it->label = arena_printf(sa, "#page=%zu", p + 1);
	}
}

/* Lay out and paint slide i into dl (page coordinates). */
static void build_page(struct deck *k, size_t i, struct arena *sa,
		       struct display_list *dl, struct box_ctx *bc)
{
	struct deck_slide *ds = &k->ds[i];
	css_cascade(k->css, ds->html, sa, &k->src);
	if (k->o->dump == DUMP_DOM) {
		dump_header(k, i);
		dom_dump(k->o->dump_out, ds->section);
	}
	if (k->o->dump == DUMP_STYLE) {
		dump_header(k, i);
		css_style_dump(k->o->dump_out, ds->section);
	}

	/* the page background: the theme's body background (HEDGEDOC.md §0) */
	const struct computed_style *body = find_style(ds->body);
	if (body && body->background_color.a) {
		struct dl_item *it = dl_push(dl, DL_RECT);
		it->w = PAGE_W;
		it->h = PAGE_H;
		it->color = body->background_color;
	}
	if (body && body->background_gradient) {
		struct dl_item *it = dl_push(dl, DL_GRADIENT);
		it->w = PAGE_W;
		it->h = PAGE_H;
		it->gradient = body->background_gradient;
	}
	paint_slide_background(k, dl, bc, ds->section);

	bc->arena = sa;
	struct box *root = box_build(bc, ds->section);
	struct layout_ctx lc = { sa, k->W, k->H };
	layout_slide(&lc, root, k->W);
	/* reveal.js layout(): top = max((H − scrollHeight)/2, 0) when centred */
	double sh = layout_border_box_h(root);
	double top = k->meta.center ? MAX((k->H - sh) / 2, 0) : 0;
	if (sh > k->H + 0.5)
		diag_at_line(k->d, DIAG_WARNING, &k->src, k->slides[i].first_line, 0,
			     "slide %zu is %.0f px taller than the %.0f px slide; "
			     "its bottom is cut off", i + 1, sh - k->H, k->H);
	if (k->o->dump == DUMP_BOXES) {
		dump_header(k, i);
		box_dump(k->o->dump_out, root);
	}
	struct dl_item *g = dl_push(dl, DL_PUSH_GROUP);
	g->has_matrix = true;
	g->matrix[0] = g->matrix[3] = k->scale;
	g->matrix[4] = k->ox;
	g->matrix[5] = k->oy;
	paint_box_tree(dl, root, 0, top);
	dl_push(dl, DL_POP_GROUP);
	resolve_internal_links(k, dl, sa);
	if (k->meta.slide_number)
		paint_slide_number(k, dl, &k->slides[i], i);
	if (k->o->dump == DUMP_DL) {
		dump_header(k, i);
		dl_dump(k->o->dump_out, dl);
	}
}

/* ---- output ---------------------------------------------------------------- */

static cairo_status_t write_file(void *closure, const unsigned char *data,
				 unsigned int length)
{
	FILE *f = closure;
	return fwrite(data, 1, length, f) == length ? CAIRO_STATUS_SUCCESS
						    : CAIRO_STATUS_WRITE_ERROR;
}

static char *default_output(const char *input, const char *ext)
{
	if (!strcmp(input, "-"))
		return xstrdup("-");
	const char *base = strrchr(input, '/');
	base = base ? base + 1 : input;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *p = xmalloc(n + strlen(ext) + 2);
	snprintf(p, n + strlen(ext) + 2, "%.*s.%s", (int)n, base, ext);
	return p;
}

static void set_metadata(struct deck *k, cairo_surface_t *surf)
{
	const char *title = k->meta.title;
	if (title)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
	if (k->meta.description)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, k->meta.description);
	if (k->meta.author)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, k->meta.author);
	if (k->meta.n_tags) {
		struct strbuf b;
		strbuf_init(&b, 0);
		for (size_t i = 0; i < k->meta.n_tags; i++)
			strbuf_printf(&b, "%s%s", i ? ", " : "", k->meta.tags[i]);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_KEYWORDS, b.s);
		strbuf_free(&b);
	}
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "scs-pdf " SCS_VERSION);
	/* Reproducible output (reproducible-builds.org SOURCE_DATE_EPOCH). */
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		time_t t = (time_t)strtoll(sde, NULL, 10);
		struct tm tm;
		gmtime_r(&t, &tm);
		char buf[64];
		strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATE_DATE, buf);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_MOD_DATE, buf);
	}
}

/* The text of the first heading of a slide, for the outline; NULL if none. */
static char *first_heading(const struct deck_slide *ds)
{
	const struct dom_node *root = ds->content;
	for (const struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
		if (n->type != DOM_ELEMENT || n->tag[0] != 'h' || n->tag[1] < '1' ||
		    n->tag[1] > '6' || n->tag[2])
			continue;
		struct strbuf b;
		strbuf_init(&b, 1024);
		for (const struct dom_node *t = n; t; t = dom_walk_next(n, t, false))
			if (t->type == DOM_TEXT)
				strbuf_append(&b, t->text, t->text_len);
		if (!b.s)
			return NULL;
		/* collapse white space */
		size_t j = 0;
		bool sp = true;
		for (size_t i = 0; i < b.len; i++) {
			char c = b.s[i];
			bool ws = c == ' ' || c == '\n' || c == '\t' || c == '\r';
			if (ws && sp)
				continue;
			b.s[j++] = ws ? ' ' : c;
			sp = ws;
		}
		while (j && b.s[j - 1] == ' ')
			j--;
		b.s[j] = '\0';
		if (j)
			return b.s;
		strbuf_free(&b);
	}
	return NULL;
}

/* PDF bookmarks: one per horizontal slide (its first heading, else "Slide
 * N"), its vertical slides nested below it. */
static void add_outline(struct deck *k, cairo_surface_t *surf)
{
	int parent = CAIRO_PDF_OUTLINE_ROOT;
	for (size_t i = 0; i < k->n_slides; i++) {
		const struct slide *s = &k->slides[i];
		char *h = first_heading(&k->ds[i]);
		char name[256], link[64];
		if (h)
			snprintf(name, sizeof name, "%s", h);
		else if (s->v)
			snprintf(name, sizeof name, "Slide %u.%u", s->h + 1, s->v + 1);
		else
			snprintf(name, sizeof name, "Slide %u", s->h + 1);
		free(h);
		snprintf(link, sizeof link, "page=%zu", i + 1);
		if (s->v == 0)
			parent = cairo_pdf_surface_add_outline(surf, CAIRO_PDF_OUTLINE_ROOT,
							       name, link, 0);
		else
			cairo_pdf_surface_add_outline(surf, parent, name, link, 0);
	}
}

static enum scs_status render_pdf(struct deck *k, const char *out)
{
	FILE *f;
	bool to_stdout = !strcmp(out, "-");
	if (to_stdout) {
		f = stdout;
	} else {
		snprintf(tmp_path, sizeof tmp_path, "%s.tmp-XXXXXX", out);
		int fd = mkstemp(tmp_path);
		if (fd < 0) {
			diag_msg(k->d, DIAG_ERROR, "%s: cannot create output: %s", out, strerror(errno));
			tmp_path[0] = '\0';
			return SCS_ERR_IO;
		}
		/* mkstemp makes the file 0600; the PDF gets the mode a plain
		 * fopen() would give it (0666 less the umask). */
		mode_t um = umask(0);
		umask(um);
		fchmod(fd, 0666 & ~um);
		f = fdopen(fd, "wb");
	}
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_file, f, PAGE_W, PAGE_H);
	set_metadata(k, surf);
	cairo_t *cr = cairo_create(surf);
	struct arena *sa = arena_new();
	struct box_ctx bc = { sa, k->d, &k->src, k->images, k->base_dir, k->o->asset_map, true };
	enum scs_status st = SCS_OK;
	for (size_t i = 0; i < k->n_slides; i++) {
		struct display_list dl;
		dl_init(&dl, sa);
		build_page(k, i, sa, &dl, &bc);
		render_display_list(cr, &dl);
		cairo_show_page(cr);
		arena_reset(sa);
		if (cairo_status(cr)) {
			diag_msg(k->d, DIAG_ERROR, "rendering slide %zu: %s", i + 1,
				 cairo_status_to_string(cairo_status(cr)));
			st = SCS_ERR_RENDER;
			break;
		}
	}
	if (st == SCS_OK)
		add_outline(k, surf);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	if (st == SCS_OK && cairo_surface_status(surf)) {
		diag_msg(k->d, DIAG_ERROR, "%s: %s", out,
			 cairo_status_to_string(cairo_surface_status(surf)));
		st = SCS_ERR_IO;
	}
	cairo_surface_destroy(surf);
	arena_free(sa);
	if (to_stdout) {
		if (fflush(stdout) != 0)
			st = SCS_ERR_IO;
		return st;
	}
	if (fclose(f) != 0 && st == SCS_OK) {
		diag_msg(k->d, DIAG_ERROR, "%s: write failed: %s", out, strerror(errno));
		st = SCS_ERR_IO;
	}
	if (st == SCS_OK && rename(tmp_path, out) != 0) {
		diag_msg(k->d, DIAG_ERROR, "%s: cannot write: %s", out, strerror(errno));
		st = SCS_ERR_IO;
	}
	if (st != SCS_OK)
		unlink(tmp_path);
	tmp_path[0] = '\0';
	return st;
}

/* PNG: one file per slide. The output name is a printf pattern with one %d
 * (e.g. slide-%03d.png), or a name to which -NNN is added. */
static enum scs_status render_png(struct deck *k, const char *out)
{
	double sc = k->o->scale > 0 ? k->o->scale : 1;
	int pw = (int)lround(PAGE_W * sc), ph = (int)lround(PAGE_H * sc);
	struct arena *sa = arena_new();
	struct box_ctx bc = { sa, k->d, &k->src, k->images, k->base_dir, k->o->asset_map, true };
	enum scs_status st = SCS_OK;
	bool pattern = strstr(out, "%") != NULL;
	for (size_t i = 0; i < k->n_slides && st == SCS_OK; i++) {
		char name[4000];
		if (pattern) {
			snprintf(name, sizeof name, out, (int)(i + 1));
		} else {
			const char *dot = strrchr(out, '.');
			int stem = dot ? (int)(dot - out) : (int)strlen(out);
			snprintf(name, sizeof name, "%.*s-%03zu.png", stem, out, i + 1);
		}
		cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
		cairo_t *cr = cairo_create(surf);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
		cairo_scale(cr, sc, sc);
		struct display_list dl;
		dl_init(&dl, sa);
		build_page(k, i, sa, &dl, &bc);
		render_display_list(cr, &dl);
		cairo_destroy(cr);
		cairo_surface_flush(surf);
		snprintf(tmp_path, sizeof tmp_path, "%s.tmp", name);
		if (cairo_surface_write_to_png(surf, tmp_path) != CAIRO_STATUS_SUCCESS ||
		    rename(tmp_path, name) != 0) {
			diag_msg(k->d, DIAG_ERROR, "%s: cannot write", name);
			unlink(tmp_path);
			st = SCS_ERR_IO;
		}
		tmp_path[0] = '\0';
		cairo_surface_destroy(surf);
		arena_reset(sa);
	}
	arena_free(sa);
	return st;
}

static enum scs_status dump_only(struct deck *k)
{
	struct arena *sa = arena_new();
	struct box_ctx bc = { sa, k->d, &k->src, k->images, k->base_dir, k->o->asset_map, true };
	for (size_t i = 0; i < k->n_slides; i++) {
		struct display_list dl;
		dl_init(&dl, sa);
		build_page(k, i, sa, &dl, &bc);
		arena_reset(sa);
	}
	arena_free(sa);
	return SCS_OK;
}

enum scs_status scs_convert(const struct scs_options *o, struct diag *d)
{
	struct deck k;
	memset(&k, 0, sizeof k);
	k.o = o;
	k.d = d;
	const char *dir = text_find_data_dir(o->data_dir);
	if (text_init(dir, d) < 0)
		return SCS_ERR_FONT;
	k.arena = arena_new();
	k.images = image_cache_new();
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	enum scs_status st = load_deck(&k);
	if (st == SCS_OK) {
		if (o->dump != DUMP_NONE) {
			st = dump_only(&k);
		} else {
			char *out = o->output ? xstrdup(o->output)
				    : default_output(o->input, o->format == FORMAT_PNG ? "png" : "pdf");
			st = o->format == FORMAT_PNG ? render_png(&k, out) : render_pdf(&k, out);
			free(out);
		}
	}
	if (st == SCS_OK && o->strict && (d->n_warnings || d->n_errors))
		st = SCS_ERR_WARNINGS;
	image_cache_free(k.images);
	arena_free(k.arena);
	diag_file_free(&k.src);
	free(k.bytes);
	free(k.base_dir);
	return st;
}
