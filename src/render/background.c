/*
 * background.c — background images and reveal.js's slide backgrounds (see
 * background.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "render/background.h"
#include "resources/assets.h"
#include "css/css.h"
#include "base/diag.h"
#include "render/display_list.h"
#include "markdown/dom.h"
#include "markdown/frontmatter.h"
#include "resources/image.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* ---- reveal's background elements ------------------------------------------ */

/* exported function documented in background.h */
bool background_is_image_url(const char *v)
{
	/* /^(http|file|\/\/)/gi or /\.(svg|png|jpg|jpeg|gif|bmp)([?#\s]|$)/gi */
	if (!g_ascii_strncasecmp(v, "http", 4) || !g_ascii_strncasecmp(v, "file", 4) ||
	    !strncmp(v, "//", 2))
		return true;
	static const char *ext[] = { ".svg", ".png", ".jpg", ".jpeg", ".gif", ".bmp" };
	for (const char *p = v; (p = strchr(p, '.')); p++)
		for (size_t i = 0; i < ARRAY_LEN(ext); i++) {
			size_t n = strlen(ext[i]);
			if (g_ascii_strncasecmp(p, ext[i], n))
				continue;
			char nx = p[n];
			if (!nx || nx == '?' || nx == '#' || g_ascii_isspace(nx))
				return true;
		}
	return false;
}

/* JavaScript's encodeURI(): UTF-8 bytes %XX-encoded except the unreserved
 * and reserved characters of RFC 2396 and '#' (ECMA-262 §19.2.6.4). */
static void encode_uri(struct strbuf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (g_ascii_isalnum(*p) || strchr("-_.!~*'();/?:@&=+$,#", *p))
			strbuf_append(b, (const char *)p, 1);
		else
			strbuf_printf(b, "%%%02X", *p);
	}
}

/* Whether v can be assigned to one CSS property through element.style: a
 * ';' or '!' (a second declaration, !important) or a brace makes the value
 * invalid there, and it is ignored; so here too. */
static bool single_value(const char *v)
{
	return v && *v && !strpbrk(v, ";!{}");
}

static void add_decl(struct strbuf *b, const char *prop, const char *v)
{
	if (single_value(v))
		strbuf_printf(b, "%s: %s; ", prop, v);
}

static void set_style(struct arena *a, struct dom_node *n, struct strbuf *b)
{
	if (b->len)
		dom_set_attr(a, n, "style", b->s);
	strbuf_free(b);
}

/* JavaScript's parseInt(s, 10) of a CSS length: NAN without leading digits. */
static double parse_int(const char *s)
{
	while (g_ascii_isspace(*s))
		s++;
	char *end;
	long v = strtol(s, &end, 10);
	return end == s ? NAN : (double)v;
}

/* reveal.js updateParallax: the background moves by (size − viewport) /
 * (slides − 1) per slide step, or by parallaxBackgroundHorizontal/-Vertical
 * px when those are numbers. Values that come out NaN or infinite give an
 * invalid position, which the browser ignores (0 0 stays). */
static void parallax_position(struct strbuf *b, const struct deck_meta *m,
			      const struct slide_place *pl, double page_w, double page_h)
{
	char *sz = xstrdup(m->parallax_size ? m->parallax_size : "");
	char *sp = strchr(sz, ' ');
	double bw, bh;
	if (!sp) {
		bw = bh = parse_int(sz);
	} else {
		*sp = '\0';
		bw = parse_int(sz);
		bh = parse_int(sp + 1);
	}
	free(sz);
	double hm = !isnan(m->parallax_h) ? m->parallax_h
		    : pl->n_h > 1 ? (bw - page_w) / (pl->n_h - 1) : 0;
	double x = -hm * pl->h;
	double vm = !isnan(m->parallax_v) ? m->parallax_v : (bh - page_h) / ((double)pl->n_v - 1);
	double y = pl->n_v > 0 ? vm * pl->v : 0;
	if (isfinite(x) && isfinite(y))
		strbuf_printf(b, "background-position: %.10gpx %.10gpx; ", x + 0.0, -y + 0.0);
}

/* exported function documented in background.h */
struct dom_node *background_build_dom(struct arena *a, const struct deck_meta *m,
				      struct dom_node *reveal, const struct dom_node *section,
				      const struct slide_place *pl, double page_w, double page_h)
{
	struct strbuf st;
	struct dom_node *bgs = dom_new_element(a, "div");
	dom_set_attr(a, bgs, "class", "backgrounds");
	bgs->src_line = pl->parallax_line;
	dom_append(reveal, bgs);
	if (m->parallax_image && *m->parallax_image) {
		strbuf_init(&st, 0);
		strbuf_printf(&st, "background-image: url(\"%s\"); ", m->parallax_image);
		add_decl(&st, "background-size", m->parallax_size);
		parallax_position(&st, m, pl, page_w, page_h);
		set_style(a, bgs, &st);
	}

	/* createBackground: the slide's classes but present/past/future */
	struct dom_node *el = dom_new_element(a, "div");
	const char *cls = dom_get_attr(section, "class");
	dom_set_attr(a, el, "class", arena_printf(a, "slide-background %s present",
						  cls ? cls : ""));
	el->src_line = pl->line;
	dom_append(bgs, el);
	struct dom_node *content = dom_new_element(a, "div");
	dom_set_attr(a, content, "class", "slide-background-content");
	content->src_line = pl->line;
	dom_append(el, content);

	/* syncBackground */
	const char *bg = dom_get_attr(section, "data-background");
	const char *image = dom_get_attr(section, "data-background-image");
	strbuf_init(&st, 0);
	if (bg && *bg) {
		if (background_is_image_url(bg))
			image = bg;  /* setAttribute('data-background-image', …) */
		else
			add_decl(&st, "background", bg);
	}
	add_decl(&st, "background-color", dom_get_attr(section, "data-background-color"));
	set_style(a, el, &st);

	strbuf_init(&st, 0);
	if (image && *image) {  /* loadSlide: url(encodeURI(…)), unquoted */
		strbuf_puts(&st, "background-image: url(");
		encode_uri(&st, image);
		strbuf_puts(&st, "); ");
	}
	add_decl(&st, "background-size", dom_get_attr(section, "data-background-size"));
	add_decl(&st, "background-repeat", dom_get_attr(section, "data-background-repeat"));
	add_decl(&st, "background-position", dom_get_attr(section, "data-background-position"));
	add_decl(&st, "opacity", dom_get_attr(section, "data-background-opacity"));
	set_style(a, content, &st);
	return bgs;
}

/* ---- painting ---------------------------------------------------------------- */

static double len_px(struct css_len l, double ref)
{
	return l.kind == LEN_PX ? l.v : l.kind == LEN_PCT ? l.v * ref / 100.0 : 0;
}

/* exported function documented in background.h */
void background_paint_image(struct display_list *dl, const struct image *img,
			    const struct computed_style *s, double ax, double ay, double aw,
			    double ah, double cx, double cy, double cw, double ch)
{
	double iw = img->width, ih = img->height;
	if (!(iw > 0 && ih > 0 && aw > 0 && ah > 0 && cw > 0 && ch > 0))
		return;
	/* CSS Backgrounds 3 §3.9 background-size */
	double w = iw, h = ih;
	if (s->background_size == BGS_COVER || s->background_size == BGS_CONTAIN) {
		double f = s->background_size == BGS_COVER ? MAX(aw / iw, ah / ih)
							   : MIN(aw / iw, ah / ih);
		w = iw * f;
		h = ih * f;
	} else if (s->background_size == BGS_LENGTH) {
		const struct css_len *l = s->background_size_len;
		bool aw_ = l[0].kind == LEN_AUTO, ah_ = l[1].kind == LEN_AUTO;
		w = aw_ ? 0 : len_px(l[0], aw);
		h = ah_ ? 0 : len_px(l[1], ah);
		if (aw_ && ah_) {
			w = iw;
			h = ih;
		} else if (aw_) {
			w = h * iw / ih;
		} else if (ah_) {
			h = w * ih / iw;
		}
	}
	if (!(w > 0 && h > 0) || !isfinite(w) || !isfinite(h))
		return;
	/* §3.6 background-position: a percentage aligns that point of the
	 * image with that point of the area */
	double px = ax + len_px(s->background_position[0], aw - w);
	double py = ay + len_px(s->background_position[1], ah - h);
	uint8_t r = s->background_repeat;
	int repeat = (r == BG_REPEAT || r == BG_REPEAT_X ? 1 : 0) |
		     (r == BG_REPEAT || r == BG_REPEAT_Y ? 2 : 0);
	if (!isfinite(px) || !isfinite(py) ||
	    (!(repeat & 1) && (px >= cx + cw || px + w <= cx)) ||
	    (!(repeat & 2) && (py >= cy + ch || py + h <= cy)))
		return;
	struct dl_item *c = dl_push(dl, DL_PUSH_CLIP);
	c->x = cx;
	c->y = cy;
	c->w = cw;
	c->h = ch;
	struct dl_item *it = dl_push(dl, DL_IMAGE);
	it->image = img;
	it->x = px;
	it->y = py;
	it->w = w;
	it->h = h;
	it->repeat = (uint8_t)repeat;
	dl_push(dl, DL_POP_CLIP);
}

/* One element's background over the whole page: colour, gradient, image. */
static void paint_element(struct display_list *dl, struct assets *as, const struct dom_node *n,
			  double pw, double ph)
{
	const struct computed_style *s = n->style;
	if (s->background_color.a) {
		struct dl_item *it = dl_push(dl, DL_RECT);
		it->w = pw;
		it->h = ph;
		it->color = s->background_color;
	}
	if (s->background_gradient) {
		struct dl_item *it = dl_push(dl, DL_GRADIENT);
		it->w = pw;
		it->h = ph;
		it->gradient = s->background_gradient;
	}
	if (s->background_image) {
		const struct image *img = assets_image(as, s->background_image, "background image",
						       n->src_line, n->src_col);
		if (img)
			background_paint_image(dl, img, s, 0, 0, pw, ph, 0, 0, pw, ph);
	}
}

/* An element and its descendants, each over the page, in an opacity group
 * when it is translucent. */
static void paint_tree(struct display_list *dl, struct assets *as, const struct dom_node *n,
		       double pw, double ph)
{
	const struct computed_style *s = n->style;
	if (!s || s->opacity <= 0)
		return;
	struct dl_item *g = NULL;
	if (s->opacity < 1) {
		g = dl_push(dl, DL_PUSH_GROUP);
		g->opacity = s->opacity;
	}
	paint_element(dl, as, n, pw, ph);
	for (const struct dom_node *ch = dom_first_element(n); ch; ch = dom_next_element(ch))
		paint_tree(dl, as, ch, pw, ph);
	if (g)
		dl_push(dl, DL_POP_GROUP);
}

/* A video or web page has no still picture in reveal.js 3.9.2 (no poster):
 * a placeholder with the first source's file name. */
static void media_placeholder(struct display_list *dl, struct diag *d, const struct diag_file *src,
			      const struct dom_node *sec, unsigned line, const char *attr,
			      const char *what, double pw, double ph)
{
	const char *v = dom_get_attr(sec, attr);
	if (!v || !*v)
		return;
	size_t n = strcspn(v, ",");
	char *first = xstrndup(v, n);
	diag_at_line(d, DIAG_WARNING, src, line, 0,
		     "%s '%s' cannot be shown in a PDF; drawing a placeholder", what, first);
	struct dl_item *it = dl_push(dl, DL_PLACEHOLDER);
	it->w = pw;
	it->h = ph;
	const char *slash = strrchr(first, '/');
	it->label = arena_strdup(dl->arena, slash && slash[1] ? slash + 1 : first);
	free(first);
}

/* exported function documented in background.h */
void background_paint_page(struct display_list *dl, struct assets *as, struct diag *d,
			   const struct diag_file *src, const struct dom_node *body,
			   const struct dom_node *reveal,
			   const struct dom_node *backgrounds, const struct dom_node *section,
			   double page_w, double page_h)
{
	if (body && body->style)
		paint_element(dl, as, body, page_w, page_h);
	/* .reveal fills the viewport (reveal.css: width and height 100%),
	 * under its .backgrounds: a deck's `.reveal { background }` is the
	 * page's on every slide */
	if (reveal && reveal->style && reveal->style->opacity > 0)
		paint_element(dl, as, reveal, page_w, page_h);
	if (backgrounds)
		paint_tree(dl, as, backgrounds, page_w, page_h);
	/* loadSlide: an image wins over a video, a video over an iframe */
	const char *bg = dom_get_attr(section, "data-background");
	if (dom_get_attr(section, "data-background-image") || (bg && background_is_image_url(bg)))
		return;
	/* the line of the slide's data-background* (the background elements') */
	const struct dom_node *el = backgrounds ? dom_first_element(backgrounds) : NULL;
	unsigned line = el && el->src_line ? el->src_line : section->src_line;
	if (dom_get_attr(section, "data-background-video"))
		media_placeholder(dl, d, src, section, line, "data-background-video",
				  "slide background video", page_w, page_h);
	else
		media_placeholder(dl, d, src, section, line, "data-background-iframe",
				  "slide background iframe", page_w, page_h);
}
