/*
 * output.c — the document writers (see output.h): pages to a PDF (with
 * metadata and outline) or to one PNG per slide, always through a
 * temporary file that is renamed only when everything was written.
 *
 * SPDX-License-Identifier: MIT
 */
#include "output.h"
#include "box.h"
#include "deck.h"
#include "display_list.h"
#include "dom.h"
#include "render_cairo.h"
#include "split.h"
#include "util.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The temporary output file, removed on error or signal. */
static char tmp_path[4096];

static void on_signal(int sig)
{
	if (tmp_path[0])
		unlink(tmp_path);
	signal(sig, SIG_DFL);
	raise(sig);
}


void output_catch_signals(void)
{
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
}

static cairo_status_t write_file(void *closure, const unsigned char *data,
				 unsigned int length)
{
	FILE *f = closure;
	return fwrite(data, 1, length, f) == length ? CAIRO_STATUS_SUCCESS
						    : CAIRO_STATUS_WRITE_ERROR;
}

char *output_default_name(const char *input, const char *ext)
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
		snprintf(link, sizeof link, "page=%zu", k->ds[i].first_page + 1);
		if (s->v == 0)
			parent = cairo_pdf_surface_add_outline(surf, CAIRO_PDF_OUTLINE_ROOT,
							       name, link, 0);
		else
			cairo_pdf_surface_add_outline(surf, parent, name, link, 0);
	}
}

enum scs_status output_pdf(struct deck *k, const char *out)
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
	struct box_ctx bc;
	deck_box_ctx(k, sa, &bc);
	enum scs_status st = SCS_OK;
	for (size_t i = 0; i < k->n_pages; i++) {
		struct display_list dl;
		dl_init(&dl, sa);
		deck_build_page(k, i, sa, &dl, &bc);
		render_display_list(cr, &dl);
		cairo_show_page(cr);
		arena_reset(sa);
		if (cairo_status(cr)) {
			diag_msg(k->d, DIAG_ERROR, "rendering page %zu: %s", i + 1,
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
enum scs_status output_png(struct deck *k, const char *out)
{
	double sc = k->o->scale > 0 ? k->o->scale : 1;
	int pw = (int)lround(PAGE_W * sc), ph = (int)lround(PAGE_H * sc);
	struct arena *sa = arena_new();
	struct box_ctx bc;
	deck_box_ctx(k, sa, &bc);
	enum scs_status st = SCS_OK;
	bool pattern = strstr(out, "%") != NULL;
	for (size_t i = 0; i < k->n_pages && st == SCS_OK; i++) {
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
		deck_build_page(k, i, sa, &dl, &bc);
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

