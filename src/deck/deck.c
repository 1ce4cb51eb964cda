/*
 * deck.c — a deck loaded and its pages built (see deck.h).
 *
 * Every slide's DOM is built first, because a <style> block in any slide
 * styles the whole deck (HEDGEDOC.md §5). Then each page is cascaded, laid
 * out and painted on its own, with its boxes, styles and display list in a
 * slide arena the caller resets after the page is drawn.
 *
 * Geometry (HEDGEDOC.md §0, §7): the logical slide (960×700 by default) is
 * scaled by s = clamp(min(Pw·(1−m)/W, Ph·(1−m)/H), minScale, maxScale) and
 * centred on the 1920×1080 page; backgrounds cover the whole page.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "deck/deck.h"
#include "base/scs_limits.h"
#include "base/util.h"
#include "markdown/dom.h"
#include "markdown/frontmatter.h"
#include "markdown/markdown.h"
#include "markdown/split.h"
#include "css/css.h"
#include "text/text.h"
#include "resources/assets.h"
#include "resources/deck_fetch.h"
#include "resources/fetch.h"
#include "resources/image.h"
#include "resources/librsvg_dl.h"
#include "layout/box.h"
#include "layout/layout.h"
#include "render/background.h"
#include "render/display_list.h"
#include "render/paint.h"
#include "deck/fragments.h"

#include <errno.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

/* ---- loading -------------------------------------------------------------- */

/* Invalid UTF-8 is replaced byte for byte with '?', and NUL (which would
 * end C strings early) with a space, so every later offset still points at
 * the same place in the file. The first five bad bytes are warnings each,
 * the rest and the NULs are counted in one warning. */
static void check_utf8(struct deck *k)
{
	const char *p = k->bytes, *end = k->bytes + k->len;
	size_t reported = 0, more = 0, nuls = 0, first_more = 0, first_nul = 0;
	while (p < end) {
		const gchar *bad;
		if (g_utf8_validate(p, end - p, &bad))
			break;
		size_t at = (size_t)(bad - k->bytes);
		if (at >= k->len)
			break;
		if (*bad == '\0') {
			if (!nuls++)
				first_nul = at;
			k->bytes[at] = ' ';
		} else {
			if (reported < 5)
				diag_at(k->d, DIAG_WARNING, &k->src, at,
					"invalid UTF-8 byte 0x%02x; replaced with '?'",
					(unsigned char)*bad);
			else if (!more++)
				first_more = at;
			reported++;
			k->bytes[at] = '?';
		}
		p = bad + 1;
	}
	if (more)
		diag_at(k->d, DIAG_WARNING, &k->src, first_more,
			"%zu more invalid UTF-8 bytes from here on; replaced with '?'", more);
	if (nuls)
		diag_at(k->d, DIAG_WARNING, &k->src, first_nul,
			"%zu NUL byte%s from here on; replaced with spaces", nuls, nuls > 1 ? "s" : "");
}

/* exported function documented in deck.h */
int deck_load_sheet(struct css_engine *css, struct diag *d, enum css_origin origin,
		    const char *name, bool required)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/themes/%s.css", text_data_dir(), name);
	char *text;
	size_t len;
	if (read_file(path, MAX_CSS_SHEET_BYTES, &text, &len) < 0) {
		if (required)
			diag_msg(d, DIAG_ERROR, "cannot read stylesheet '%s': %s", path,
				 strerror(errno));
		return -1;
	}
	css_engine_add_sheet(css, origin, text, len, NULL, 0);
	free(text);
	return 0;
}

static int load_sheet(struct deck *k, enum css_origin origin, const char *name,
		      bool required)
{
	return deck_load_sheet(k->css, k->d, origin, name, required);
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

/* The classes reveal.js puts on div.reveal: center, the transition, rtl.
 * The transition is always `none`: a still page shows a slide after its
 * transition, and the browser references were taken with
 * Reveal.configure({transition: 'none'}), which replaces the deck's class
 * (so a deck rule like `.slide table`, meant for nothing, matches nothing). */
static const char *reveal_class(struct deck *k)
{
	return arena_printf(k->arena, "reveal%s none%s", k->meta.center ? " center" : "",
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

static void set_contrast_class(struct deck *k, struct deck_slide *ds)
{
	const char *v = dom_get_attr(ds->section, "data-background-color");
	if (v && v[0] != '#' && strncmp(v, "rgb", 3))
		v = NULL;
	if (!v) {
		v = dom_get_attr(ds->section, "data-background");
		if (v && background_is_image_url(v))
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

/* MAX_SLIDE_ELEMENTS on the content below root, with a warning. */
static void limit_elements(struct deck *k, struct dom_node *root)
{
	const struct dom_node *first;
	size_t n = dom_limit_elements(k->arena, root, MAX_SLIDE_ELEMENTS, &first);
	if (!n)
		return;
	unsigned line = first->src_line ? first->src_line : root->src_line;
	if (!line && root->parent)
		line = root->parent->src_line;
	diag_at_line(k->d, DIAG_WARNING, &k->src, line, first->src_line ? first->src_col : 0,
		     "more than %d elements on one slide; the %zu after them are drawn as "
		     "plain text", MAX_SLIDE_ELEMENTS, n);
}

/* The document shape of one slide (dom.h), with reveal's background
 * elements (background.h). */
static void build_slide_dom(struct deck *k, struct deck_slide *ds,
			    const struct slide_place *place)
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
	markdown_slide(a, k->d, &k->src, &k->o->markdown, ds->s, ds->section, ds->content);
	limit_elements(k, ds->content);
	diagrams_draw(&k->diagrams, ds->content);
	ds->backgrounds = background_build_dom(a, &k->meta, ds->reveal, ds->section, place,
					       PAGE_W, PAGE_H);
	/* Speaker notes: rendered with the slide (their `.slide:` comments
	 * still reach its section) but kept out of its tree. */
	if (ds->s->notes) {
		ds->notes = dom_new_element(a, "aside");
		dom_set_attr(a, ds->notes, "class", "notes");
		ds->notes->src_line = ds->s->notes_line;
		markdown_notes(a, k->d, &k->src, &k->o->markdown, ds->s, ds->section, ds->notes);
		limit_elements(k, ds->notes);
		diagrams_draw(&k->diagrams, ds->notes);
	}
	fragments_plan(a, ds->section, &ds->frags);
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

/* The 1-based line of the first `needle` in the file's bytes [from, to), or
 * fallback: where a setting that reaches us without a position was written. */
static unsigned line_of(struct deck *k, size_t from, size_t to, const char *needle,
			unsigned fallback)
{
	to = MIN(to, k->len);
	const char *hit = from < to ? memmem(k->bytes + from, to - from, needle, strlen(needle))
				    : NULL;
	if (!hit)
		return fallback;
	unsigned line, col;
	diag_file_linecol(&k->src, (size_t)(hit - k->bytes), &line, &col);
	return line;
}

/*
 * The pages: by default one per slide in its final fragment state (all
 * shown, `fade-out` ones gone, as DeckTape's capture); with --fragments
 * one per step, as reveal.js's print view with pdfSeparateFragments: the
 * slide with none shown, then one page more per fragment group.
 */
/*
 * Each page lays its slide out anew, so a slide's steps are capped at
 * MAX_FRAGMENT_STEPS (1 000 fragments made 1 001 pages of 1 000 items: 16 s)
 * and the deck's pages at MAX_PAGES: the steps past them are left out, and
 * the slide's last page shows them all.
 */
static void plan_pages(struct deck *k)
{
	size_t n = 0;
	for (size_t i = 0; i < k->n_slides; i++)
		n += k->o->fragments ? MIN(k->ds[i].frags.n_groups, MAX_FRAGMENT_STEPS) + 1 : 1;
	k->pages = arena_alloc(k->arena, n * sizeof *k->pages);
	for (size_t i = 0; i < k->n_slides; i++) {
		struct deck_slide *ds = &k->ds[i];
		ds->first_page = k->n_pages;
		size_t last = ds->frags.n_groups;
		size_t room = MAX_PAGES > k->n_pages + (k->n_slides - i) ?
			      MAX_PAGES - k->n_pages - (k->n_slides - i) : 0;
		size_t steps = k->o->fragments ? MIN(MIN(last, MAX_FRAGMENT_STEPS), room) : 0;
		if (k->o->fragments && steps < last)
			diag_at_line(k->d, DIAG_WARNING, &k->src, k->slides[i].first_line, 0,
				     "slide %zu: %zu fragment steps; only the first %zu get pages "
				     "of their own (at most %d a slide, %d pages a deck)", i + 1, last,
				     steps, MAX_FRAGMENT_STEPS, MAX_PAGES);
		for (size_t st = 0; st < steps; st++)
			k->pages[k->n_pages++] = (struct deck_page){ i, st };
		k->pages[k->n_pages++] = (struct deck_page){ i, last };
	}
}

/*
 * --safe: read the deck only if it is a regular file with one link whose
 * real path lies in the folder it is named in (a symbolic link within that
 * folder is fine; one out of it, or a hard link, could be any file).
 * 0, or -1 with an error reported.
 */
static int read_safe_deck(struct deck *k, const char *path)
{
	char *real = realpath(path, NULL);
	char *dir = g_path_get_dirname(path);
	char *rdir = realpath(dir, NULL);
	g_free(dir);
	size_t dl = rdir ? strlen(rdir) : 0;
	const char *why = NULL;
	int fd = -1;
	if (!real || !rdir) {
		why = strerror(errno);
	} else if (strncmp(real, rdir, dl) || (real[dl] != '/' && !(dl == 1 && rdir[0] == '/'))) {
		why = "--safe: a link out of its folder refused";
	} else if ((fd = open(real, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW)) < 0) {
		why = strerror(errno);
	} else {
		struct stat st;
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
			why = "--safe: not a regular file; refused";
		else if (st.st_nlink != 1)
			why = "--safe: a file with more than one (hard) link refused";
	}
	free(real);
	free(rdir);
	if (!why) {
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		if (read_fd(fd, MAX_DECK_BYTES, &k->bytes, &k->len) == 0)
			return 0;
		why = errno == EFBIG ? "deck too large" : strerror(errno);
	} else if (fd >= 0) {
		close(fd);
	}
	diag_msg(k->d, DIAG_ERROR, "%s: cannot read: %s", path, why);
	return -1;
}

static int load_deck(struct deck *k)
{
	const struct scs_options *o = k->o;
	if (deck_is_url(o->input)) {
		/* a HedgeDoc note: its Markdown, and the instance root that its
		 * relative links resolve against; nothing is read from disk */
		enum scs_status fs = deck_fetch(o->input, MAX_DECK_BYTES, o->fetch_timeout,
						    o->safe && !o->allow_private, &k->bytes, &k->len, k->d);
		if (fs != SCS_OK)
			return fs;
		k->base_url = deck_base_url(o->input);
	} else if (o->safe && strcmp(o->input, "-")) {
		if (read_safe_deck(k, o->input) < 0)
			return SCS_ERR_INPUT;
	} else if (read_file(o->input, MAX_DECK_BYTES, &k->bytes, &k->len) < 0) {
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

	const char *slash = k->base_url ? NULL : strrchr(o->input, '/');
	k->base_dir = slash ? xstrndup(o->input, (size_t)(slash - o->input) + (slash == o->input))
			    : xstrdup(".");

	/* Graphviz reads pictures from the deck's folder only (dot.h) */
	k->diagrams = (struct diagrams){
		.arena = k->arena, .d = k->d, .src = &k->src, .safe = o->safe,
		.base_dir = k->base_url || !strcmp(o->input, "-") ? NULL : k->base_dir,
	};

	deck_meta_defaults(&k->meta);
	frontmatter_parse(k->arena, k->d, &k->src, &k->meta);
	if (split_deck(k->arena, k->d, &k->src, k->meta.body_offset, &k->slides,
		       &k->n_slides) < 0)
		return SCS_ERR_INPUT;

	/* Geometry (HEDGEDOC.md §0): a "N%" size is a share of the available
	 * area after the margin. */
	double m = k->meta.margin;
	double availw = PAGE_W * (1 - m), availh = PAGE_H * (1 - m);
	k->W = k->meta.width > 0 ? k->meta.width : availw * -k->meta.width / 100.0;
	k->H = k->meta.height > 0 ? k->meta.height : availh * -k->meta.height / 100.0;
	k->scale = MAX(k->meta.min_scale, MIN(k->meta.max_scale,
					       MIN(availw / k->W, availh / k->H)));
	k->diagrams.zoom = k->scale;

	k->ds = arena_alloc(k->arena, k->n_slides * sizeof *k->ds);
	unsigned n_h = k->n_slides ? k->slides[k->n_slides - 1].h + 1 : 0;
	unsigned parallax_line = line_of(k, 0, k->meta.body_offset, "parallaxBackgroundImage", 0);
	for (size_t i = 0, j; i < k->n_slides; i = j) {
		/* slides i..j-1 are one horizontal slide (a stack when in_stack) */
		for (j = i + 1; j < k->n_slides && k->slides[j].h == k->slides[i].h; j++)
			;
		for (size_t v = i; v < j; v++) {
			const struct slide *s = &k->slides[v];
			size_t end = v + 1 < k->n_slides ? k->slides[v + 1].offset : k->len;
			struct slide_place pl = { s->h, s->v, n_h, s->in_stack ? (unsigned)(j - i) : 0,
						  line_of(k, s->offset, end, "data-background",
							  s->first_line),
						  parallax_line };
			k->ds[v].s = s;
			build_slide_dom(k, &k->ds[v], &pl);
		}
	}
	plan_pages(k);

	k->ox = (PAGE_W - k->W * k->scale) / 2;
	k->oy = (PAGE_H - k->H * k->scale) / 2;

	/* The cascade's sheets: UA, reveal core, theme, HedgeDoc, the deck. */
	k->css = css_engine_new(k->arena, k->d);
	css_engine_set_viewport(k->css, k->W, k->H);
	/* reveal.js zooms the slides when it scales them up (`zoom: scale`
	 * in layout(), a transform when it scales down) */
	css_engine_set_device_scale(k->css, (float)(k->scale > 1 ? k->scale : 1));
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

/* exported function documented in deck.h */
void deck_dump_header(const struct deck *k, size_t i)
{
	const struct slide *s = &k->slides[i];
	fprintf(k->o->dump_out, "== slide %zu (%u.%u) line %u\n", i + 1, s->h + 1,
		s->v + 1, s->first_line);
}

/* exported function documented in deck.h */
const char *deck_slide_number(const struct deck *k, size_t i, char *txt, size_t n)
{
	/* reveal.js getSlideNumber(): the `.v` part on every slide of a
	 * vertical stack (isVerticalSlide), the first one included (4.1). */
	const struct slide *s = &k->slides[i];
	const char *fmt = k->meta.slide_number_format ? k->meta.slide_number_format : "h.v";
	if (!strcmp(fmt, "c"))
		snprintf(txt, n, "%zu", i + 1);
	else if (!strcmp(fmt, "c/t"))
		snprintf(txt, n, "%zu / %zu", i + 1, k->n_slides);
	else if (!strcmp(fmt, "h/v"))
		snprintf(txt, n, s->in_stack ? "%u/%u" : "%u", s->h + 1, s->v + 1);
	else
		snprintf(txt, n, s->in_stack ? "%u.%u" : "%u", s->h + 1, s->v + 1);
	return txt;
}

void deck_box_ctx(struct deck *k, struct arena *sa, struct box_ctx *bc)
{
	*bc = (struct box_ctx){ sa, k->d, &k->src, k->assets };
}

/* Content the viewer's 1920×1080 screen cuts off (what is drawn, not the
 * layout's boxes: an empty margin below the last line cuts nothing off),
 * reported at the slide's first line with content. dl[first..] is the
 * slide's content, in slide coordinates. */
static void report_overflow(struct deck *k, size_t i, const struct display_list *dl,
			    size_t first, double sh)
{
	double e[4];
	if (!dl_ink_extent(dl, first, dl->n, e))
		return;
	/* in slide px beyond each page edge: left, bottom, right */
	double cut[3] = { (0 - (k->ox + e[0] * k->scale)) / k->scale,
			  (k->oy + e[3] * k->scale - PAGE_H) / k->scale,
			  (k->ox + e[2] * k->scale - PAGE_W) / k->scale };
	static const char *const side[3] = { "left", "bottom", "right" };
	char what[160] = "";
	size_t n = 0;
	for (int s = 0; s < 3; s++)
		if (cut[s] >= 1)
			n += (size_t)snprintf(what + n, sizeof what - n, "%s%.0f px at the %s",
					      n ? " and " : "", cut[s], side[s]);
	if (!n)
		return;
	size_t at = k->slides[i].offset;
	for (size_t p = at; p < k->len && (k->bytes[p] == ' ' || k->bytes[p] == '\t' ||
					   k->bytes[p] == '\r' || k->bytes[p] == '\n'); p++)
		if (k->bytes[p] == '\n')
			at = p + 1;
	char num[64];
	diag_at(k->d, DIAG_WARNING, &k->src, at,
		"slide %zu (%s) is cut off: %s (the content is %.0f px tall, the "
		"slide %.0f px)", i + 1, deck_slide_number(k, i, num, sizeof num), what,
		sh, k->H);
}

/* exported function documented in deck.h */
struct box *deck_lay_out(struct box_ctx *bc, struct dom_node *root, double w, double h)
{
	struct box *b = box_build(bc, root);
	struct layout_ctx lc = { .arena = bc->arena, .viewport_w = w, .viewport_h = h };
	layout_slide(&lc, b, w);
	return b;
}

/* exported function documented in deck.h */
void deck_build_page(struct deck *k, size_t page, struct arena *sa,
		     struct display_list *dl, struct box_ctx *bc)
{
	size_t i = k->pages[page].slide;
	struct deck_slide *ds = &k->ds[i];
	fragments_show(k->arena, &ds->frags, k->pages[page].step);
	css_cascade(k->css, ds->html, sa, &k->src);
	if (k->o->dump == DUMP_DOM) {
		deck_dump_header(k, i);
		dom_dump(k->o->dump_out, ds->section);
	}
	if (k->o->dump == DUMP_STYLE) {
		deck_dump_header(k, i);
		css_style_dump(k->o->dump_out, ds->section);
	}

	/* the theme's body background and the slide's, over the whole page
	 * (HEDGEDOC.md §0, §4) */
	background_paint_page(dl, k->assets, k->d, &k->src, ds->body, ds->reveal,
			      ds->backgrounds, ds->section, PAGE_W, PAGE_H);

	bc->arena = sa;
	struct box *root = deck_lay_out(bc, ds->section, k->W, k->H);
	/* reveal.js layout(): top = max((H − scrollHeight)/2, 0) when centred;
	 * a stack (here: a slide with a footnotes <section>) is not centred */
	double sh = layout_border_box_h(root);
	double top = k->meta.center && !dom_has_class(ds->section, "stack")
		     ? MAX((k->H - sh) / 2, 0) : 0;
	if (k->o->dump == DUMP_BOXES) {
		deck_dump_header(k, i);
		box_dump(k->o->dump_out, root);
	}
	struct dl_item *g = dl_push(dl, DL_PUSH_GROUP);
	g->has_matrix = true;
	g->matrix[0] = g->matrix[3] = k->scale;
	g->matrix[4] = k->ox;
	g->matrix[5] = k->oy;
	size_t first = dl->n;
	paint_box_tree(dl, root, 0, top);
	dl_push(dl, DL_POP_GROUP);
	if (dl->n_undrawable) {
		const struct dom_node *n = dl->undrawable;
		while (n && !n->src_line)
			n = n->parent;
		diag_at_line(k->d, DIAG_WARNING, &k->src, n ? n->src_line : k->slides[i].first_line,
			     n ? n->src_col : 0, "slide %zu: %u element%s not drawn: a transform "
			     "that cannot be drawn (not invertible, such as scale(0), or scaling by "
			     "more than %g)", i + 1, dl->n_undrawable, dl->n_undrawable == 1 ? "" : "s",
			     MAX_TRANSFORM_SCALE);
	}
	report_overflow(k, i, dl, first, sh);
	if (k->meta.slide_number) {
		char num[64];
		paint_slide_number(dl, deck_slide_number(k, i, num, sizeof num), PAGE_W, PAGE_H);
	}
	if (k->o->dump == DUMP_DL) {
		deck_dump_header(k, i);
		dl_dump(k->o->dump_out, dl);
	}
}

/* `--dump=notes`: each slide's speaker notes as the Markdown they were
 * written in (trimmed, as reveal-markdown trims them). */
/*
 * Before the first page: the fontset of each text style of the first
 * WARM_SLIDES slides, asked of Pango and not used. Pango matches a new
 * fontset's pattern on a thread of its own, and laying out the first text
 * in that style waits for it; asked for here, the matches run while the
 * main thread goes on. Only a look-ahead: the cascade is done again for
 * each page (its reports then), and a style met later is loaded then.
 */
#define WARM_SLIDES 64

/* Whether text is all Latin, Greek or Cyrillic script (or common
 * characters), which Pango shapes in the context's language; another
 * script gets that script's language, another fontset. */
static bool latin_text(const char *t)
{
	for (; *t; t = g_utf8_next_char(t))
		if (g_utf8_get_char(t) >= 0x0530)
			return false;
	return true;
}

static void warm_fonts(struct deck *k)
{
	PangoContext *ctx = text_context();
	PangoFontMap *fm = pango_context_get_font_map(ctx);
	/* what Pango's itemizer asks for Latin text: the context's language,
	 * which without one set is the locale's */
	PangoLanguage *lang = pango_context_get_language(ctx);
	if (!lang)
		lang = pango_language_get_default();
	GHashTable *seen = g_hash_table_new_full(
		(GHashFunc)pango_font_description_hash, (GEqualFunc)pango_font_description_equal,
		(GDestroyNotify)pango_font_description_free, NULL);
	struct arena *a = arena_new();
	k->d->muted = true;
	for (size_t i = 0; i < k->n_slides && i < WARM_SLIDES; i++) {
		struct dom_node *root = k->ds[i].html;
		css_cascade(k->css, root, a, &k->src);
		for (struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
			const struct computed_style *s = n->style;
			n->style = NULL;        /* in `a`, reset below */
			if (n->type != DOM_TEXT || !s || s->display == DISPLAY_NONE ||
			    n->text_len == strspn(n->text, " \t\r\n") || !latin_text(n->text))
				continue;
			PangoFontDescription *fd = text_font_description(s);
			if (g_hash_table_contains(seen, fd)) {
				pango_font_description_free(fd);
				continue;
			}
			g_hash_table_add(seen, fd);
			PangoFontset *fs = pango_font_map_load_fontset(fm, ctx, fd, lang);
			if (fs)
				g_object_unref(fs);
		}
		arena_reset(a);
	}
	k->d->muted = false;
	arena_free(a);
	g_hash_table_destroy(seen);
}

/* The remote assets: every picture any slide can show is queued (<img>,
 * the background elements' and <style> blocks' url()s) and all are fetched
 * at once, before the first page is laid out. */
static void prefetch(struct deck *k)
{
	for (size_t i = 0; i < k->n_slides; i++)
		assets_want_dom(k->assets, k->ds[i].html);
	assets_prefetch(k->assets);
	if (k->o->format == FORMAT_PDF && k->o->dump == DUMP_NONE && !k->o->check)
		assets_preload(k->assets);
	struct fetch_stats st;
	fetch_get_stats(k->fetcher, &st);
	if (k->o->verbose && st.n)
		diag_msg(k->d, DIAG_NOTE,
			 "fetched %u remote asset%s in %.3f s: %u downloaded (%zu bytes), "
			 "%u not modified, %u from the cache, %u stale, %u failed",
			 st.n, st.n == 1 ? "" : "s", st.seconds, st.downloaded,
			 st.bytes_downloaded, st.revalidated, st.cached, st.stale, st.failed);
	if (st.cache_error)
		diag_msg(k->d, DIAG_NOTE, "cannot write the image cache %s; the pictures will be "
			 "downloaded again next time", st.cache_error);
}

/*
 * The deck's @font-face rules (CSS Fonts 4 §4): each rule's first url()
 * source that can be had and is a font is added under the rule's family
 * name; when none is, a warning for each (a browser tries them in turn,
 * silently). Sources resolve as pictures do, --safe included (assets.c).
 */
static void load_font_faces(struct deck *k)
{
	size_t n;
	const struct css_font_face *ff = css_engine_font_faces(k->css, &n);
	for (size_t i = 0; i < n; i++) {
		const struct css_font_face *f = &ff[i];
		char *why[MAX_FONT_SOURCES] = { 0 };
		bool added = false;
		for (unsigned s = 0; s < f->n_src && !added; s++) {
			size_t len;
			unsigned char *data = assets_bytes(k->assets, f->src[s], MAX_FONT_BYTES,
							   &len, &why[s]);
			char reason[256];
			if (data && !text_add_font(f->family, data, len, reason, sizeof reason))
				why[s] = xstrdup(reason);
			added = data && !why[s];
			free(data);
		}
		for (unsigned s = 0; s < f->n_src; s++) {
			if (!added && why[s])
				assets_warn(k->assets, "font", f->src[s], f->file, f->off, why[s]);
			free(why[s]);
		}
	}
}

/* The fetcher for o's --cache-dir/--no-cache/--offline/--fetch-timeout. */
static struct fetcher *new_fetcher(const struct scs_options *o)
{
	char *dir = o->no_cache ? NULL : o->cache_dir ? xstrdup(o->cache_dir)
		    : fetch_default_cache_dir();
	/* --safe without --allow-remote: assets.c refuses remote URLs; offline
	 * as well, so that no path at all leads to a connection */
	struct fetch_config fc = { .cache_dir = dir,
				   .offline = o->offline || (o->safe && !o->allow_remote),
				   .timeout_s = o->fetch_timeout,
				   .public_only = o->safe && !o->allow_private,
				   .log = o->verbose > 1 && !o->quiet ? stderr : NULL };
	struct fetcher *f = fetch_new(&fc);
	free(dir);
	return f;
}

/* exported function documented in deck.h */
enum scs_status deck_open(struct deck *k, const struct scs_options *o, struct diag *d)
{
	memset(k, 0, sizeof *k);
	k->o = o;
	k->d = d;
	const char *dir = text_find_data_dir(o->data_dir);
	if (o->verbose > 1)
		fprintf(stderr, "scs-pdf: fonts and themes from %s\n", dir);
	/* librsvg and fontconfig load on helper threads while the deck is read
	 * and parsed and its pictures are loaded; the first SVG and
	 * text_init() below wait for them */
	librsvg_preload();
	if (!text_preload(dir) && text_init(dir, d) < 0)
		return SCS_ERR_FONT;
	k->arena = arena_new();
	k->images = image_cache_new();
	image_cache_set_trials(k->images, o->safe, dir);
	/* PNGs for a PDF are decoded and compressed beside the layout work */
	image_cache_set_pdf(k->images, o->format == FORMAT_PDF && o->dump == DUMP_NONE &&
			    !o->check);
	k->fetcher = new_fetcher(o);

	enum scs_status st = load_deck(k);
	if (st != SCS_OK)
		return st;
	/* --safe: standard input and a note's URL have no folder (not the
	 * working directory, which may be any) */
	bool no_folder = o->safe && (k->base_url || !strcmp(o->input, "-"));
	struct assets_config ac = { d, &k->src, no_folder ? NULL : k->base_dir,
				    o->asset_map, k->fetcher, k->images, o->safe,
				    o->allow_remote };
	k->assets = assets_new(&ac);
	/* SVGs are recorded as soon as they are loaded, or, when the deck
	 * adds fonts, once those are added (image.h) */
	size_t n_faces;
	css_engine_font_faces(k->css, &n_faces);
	if (!n_faces)
		image_cache_record_svgs(k->images);
	prefetch(k);
	if (text_init(dir, d) < 0)
		return SCS_ERR_FONT;
	load_font_faces(k);
	if (n_faces)
		image_cache_record_svgs(k->images);
	warm_fonts(k);
	return SCS_OK;
}

/* exported function documented in deck.h */
void deck_close(struct deck *k)
{
	/* the helper thread loading librsvg must not be loading it still
	 * when the program ends (GObject's type system aborts then) */
	librsvg_get(NULL);
	assets_free(k->assets);
	fetch_free(k->fetcher);
	image_cache_free(k->images);  /* waits for the SVG thread */
	text_remove_temp_files();   /* @font-face files: drawn by now */
	arena_free(k->arena);
	diag_file_free(&k->src);
	free(k->bytes);
	free(k->base_dir);
	free(k->base_url);
	memset(k, 0, sizeof *k);
}
