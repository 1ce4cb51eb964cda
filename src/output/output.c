/*
 * output.c — the document writers (see output.h).
 *
 * A run is a list of sheets: a slide page (1920×1080), a handout sheet with
 * up to nine slides, or a notes page. Each sheet is drawn the same way onto
 * any cairo surface — PDF, image (PNG) or SVG — from the slides' display
 * lists, built one slide at a time in a slide arena that is reset after the
 * slide is drawn.
 *
 * On a PDF the run also makes the document's navigation, with what cairo
 * 1.16 offers (cairo-pdf-interchange.c):
 *  - every slide gets a named destination "sN" where it is drawn (ISO
 *    32000-1 §12.3.2.3). Links and outline entries point at names, not
 *    pages, because cairo writes a page's link annotations when the page
 *    ends and cannot point them at a page that does not exist yet;
 *  - links: absolute URIs open; "#/h/v", "#/id" (reveal.js routes) and
 *    "#id" (any element id, e.g. footnotes) jump to the slide that holds
 *    the target;
 *  - the outline has one entry per horizontal slide, its vertical slides
 *    below it; page labels are the slide numbers (§12.4.2);
 *  - the structure tree comes from paint's DL_TAG items inside one
 *    "Document" element (render_cairo.c).
 * cairo writes into memory; pdf_finish.c writes the file from that,
 * changed through qpdf, with what cairo cannot write (the pictures drawn through stand-ins,
 * /Lang, /DisplayDocTitle, the Figures' /Alt, page labels, XMP, PDF/A).
 * The dates come from SOURCE_DATE_EPOCH when it is set, so the same input
 * gives the same bytes.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* fopencookie, sync_file_range */
#include "output/output.h"
#include "text/text.h"
#include "layout/box.h"
#include "deck/deck.h"
#include "resources/deck_fetch.h"
#include "render/display_list.h"
#include "markdown/dom.h"
#include "output/handout.h"
#include "output/notes.h"
#include "resources/image.h"
#include "output/pdf_finish.h"
#include "base/progress.h"
#include "render/render_cairo.h"
#include "markdown/split.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <glib.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <linux/magic.h>
#include <time.h>
#include <unistd.h>

/* ---- files ------------------------------------------------------------------ */

/* The signals that end the program while it may be writing a file: the
 * terminal's (SIGHUP, SIGINT, SIGQUIT), kill's SIGTERM, a closed pipe on
 * stderr (SIGPIPE), resource limits (SIGXCPU, SIGXFSZ) and a library's
 * abort or bus error (cairo's assertion on a full disk). */
static const int output_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGXCPU, SIGXFSZ, SIGABRT, SIGBUS
};

/* The temporary output file, removed on error or signal. */
static char tmp_path[4096];

static void on_signal(int sig)
{
	if (tmp_path[0])
		unlink(tmp_path);
	text_remove_temp_files();
	/* the action is the default again (SA_RESETHAND): end as the signal
	 * would have ended us, so the exit status tells */
	raise(sig);
}

/* exported function documented in output.h */
void output_on_signals(void (*handler)(int))
{
	for (size_t i = 0; i < ARRAY_LEN(output_signals); i++) {
		struct sigaction old, sa;
		/* one that is ignored (nohup, a background job of a shell
		 * script) stays ignored */
		if (sigaction(output_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
			continue;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = handler;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESETHAND;
		sigaction(output_signals[i], &sa, NULL);
	}
}

/* exported function documented in output.h */
void output_catch_signals(void)
{
	output_on_signals(on_signal);
}

/* An output being written: a temporary file beside the final name (renamed
 * when complete), or for "-" an anonymous one copied to stdout at the end,
 * so that stdout also gets only complete files. */
struct out_file {
	FILE *f;
	const char *path;
	bool to_stdout;
};

/*
 * The temporary files that killed runs (SIGKILL, a power cut: nothing could
 * remove them) left in dir: NAME.tmp-XXXXXX beside an output. A run holds
 * an flock() on its own from creation to rename, so one that can be locked
 * (and is a minute old) belongs to no live run and is removed.
 */
static void remove_stale_temps(const char *dir)
{
	DIR *dd = opendir(dir);
	if (!dd)
		return;
	for (struct dirent *de; (de = readdir(dd));) {
		const char *t = strstr(de->d_name, ".tmp-");
		if (!t || strlen(t) != 11 || t == de->d_name)
			continue;
		int fd = openat(dirfd(dd), de->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct stat st;
		/* a minute old: not one another run made but has not locked yet */
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
		    st.st_mtime < time(NULL) - 60 && flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dirfd(dd), de->d_name, 0);
		close(fd);
	}
	closedir(dd);
}

/*
 * An output that replaces a file on ext4 starts its way to the disk as it
 * is written, a chunk at a time (sync_file_range without waiting). There
 * rename() over an existing file (auto_da_alloc) first allocates and
 * starts writing whatever of the new file is still only in memory, so
 * that a crash cannot leave an empty file in place of the old one; done
 * at the rename, that is ~4 ms of the seed deck's 5.7 MB on the run's
 * critical path. Started as the bytes come, it overlaps the writing and
 * gives the same guarantee. Only there: elsewhere nothing waits for those
 * blocks before the program ends, and starting their writeback can make
 * the run wait for a slow device (a USB stick) instead.
 */
#define OUTPUT_WRITEBACK_CHUNK (1 << 20)

struct out_sink {
	int fd;
	bool writeback;             /* start the writeback as it is written */
	off_t written, started;     /* bytes written; writeback begun up to */
};

static void sink_start_writeback(struct out_sink *k)
{
	if (k->written > k->started) {
		sync_file_range(k->fd, k->started, k->written - k->started,
				SYNC_FILE_RANGE_WRITE);
		k->started = k->written;
	}
}

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
	struct out_sink *k = cookie;
	size_t done = 0;
	while (done < n) {
		ssize_t w = write(k->fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return done ? (ssize_t)done : -1;
		done += (size_t)w;
		k->written += w;
	}
	if (k->writeback && k->written - k->started >= OUTPUT_WRITEBACK_CHUNK)
		sink_start_writeback(k);
	return (ssize_t)done;
}

static int sink_close(void *cookie)
{
	struct out_sink *k = cookie;
	if (k->writeback)
		sink_start_writeback(k);
	int rc = close(k->fd);
	free(k);
	return rc;
}

/* fd: the temporary file that is to replace path. */
static FILE *sink_open(int fd, const char *path)
{
	struct out_sink *k = xcalloc(1, sizeof *k);
	k->fd = fd;
	struct statfs fs;
	struct stat st;
	/* (EXT4_SUPER_MAGIC is ext2's and ext3's too) */
	k->writeback = fstatfs(fd, &fs) == 0 && fs.f_type == EXT4_SUPER_MAGIC &&
		       stat(path, &st) == 0 && S_ISREG(st.st_mode);
	FILE *f = fopencookie(k, "wb", (cookie_io_functions_t){ .write = sink_write,
								 .close = sink_close });
	if (!f)
		free(k);
	return f;
}

static int out_open(struct out_file *of, const char *path, struct diag *d)
{
	memset(of, 0, sizeof *of);
	of->path = path;
	of->to_stdout = !strcmp(path, "-");
	if (of->to_stdout) {
		of->f = tmpfile();
		if (!of->f) {
			diag_msg(d, DIAG_ERROR, "cannot create a temporary file: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	int n = snprintf(tmp_path, sizeof tmp_path, "%s.tmp-XXXXXX", path);
	if (n < 0 || (size_t)n >= sizeof tmp_path) {
		diag_msg(d, DIAG_ERROR, "%s: output name too long", path);
		tmp_path[0] = '\0';
		return -1;
	}
	char *dir = g_path_get_dirname(path);
	remove_stale_temps(dir);
	g_free(dir);
	int fd = mkstemp(tmp_path);
	if (fd < 0) {
		diag_msg(d, DIAG_ERROR, "%s: cannot create output: %s", path, strerror(errno));
		tmp_path[0] = '\0';
		return -1;
	}
	flock(fd, LOCK_EX);   /* ours while we live (remove_stale_temps) */
	/* mkstemp makes the file 0600; the output gets the mode a plain
	 * fopen() would give it (0666 less the umask). */
	mode_t um = umask(0);
	umask(um);
	if (fchmod(fd, 0666 & ~um) != 0 || !(of->f = sink_open(fd, path))) {
		diag_msg(d, DIAG_ERROR, "%s: cannot create output: %s", path, strerror(errno));
		close(fd);
		unlink(tmp_path);
		tmp_path[0] = '\0';
		return -1;
	}
	return 0;
}

static void out_abort(struct out_file *of)
{
	if (of->f)
		fclose(of->f);
	of->f = NULL;
	if (!of->to_stdout && tmp_path[0])
		unlink(tmp_path);
	tmp_path[0] = '\0';
}

static enum scs_status out_commit(struct out_file *of, struct diag *d)
{
	enum scs_status st = SCS_OK;
	if (of->to_stdout) {
		char buf[65536];
		size_t n;
		rewind(of->f);
		while ((n = fread(buf, 1, sizeof buf, of->f)) > 0)
			if (fwrite(buf, 1, n, stdout) != n)
				break;
		if (ferror(of->f) || ferror(stdout) || fflush(stdout) != 0) {
			diag_msg(d, DIAG_ERROR, "standard output: write failed: %s", strerror(errno));
			st = SCS_ERR_IO;
		}
		fclose(of->f);
		of->f = NULL;
		return st;
	}
	int rc = fclose(of->f);
	of->f = NULL;
	if (rc != 0) {
		diag_msg(d, DIAG_ERROR, "%s: write failed: %s", of->path, strerror(errno));
		st = SCS_ERR_IO;
	} else if (rename(tmp_path, of->path) != 0) {
		diag_msg(d, DIAG_ERROR, "%s: cannot write: %s", of->path, strerror(errno));
		st = SCS_ERR_IO;
	}
	if (st != SCS_OK)
		unlink(tmp_path);
	tmp_path[0] = '\0';
	return st;
}

static cairo_status_t write_file(void *closure, const unsigned char *data,
				 unsigned int length)
{
	FILE *f = closure;
	return fwrite(data, 1, length, f) == length ? CAIRO_STATUS_SUCCESS
						    : CAIRO_STATUS_WRITE_ERROR;
}

/* exported function documented in output.h */
char *output_default_name(const char *input, const char *ext)
{
	if (!strcmp(input, "-"))
		return xstrdup("-");
	char *copy = xstrdup(input);
	if (deck_is_url(copy)) {
		/* https://host/NOTE, /p/NOTE, /s/NOTE, …/NOTE/download → NOTE */
		copy[strcspn(copy, "?#")] = '\0';
		size_t n = strlen(copy);
		while (n && copy[n - 1] == '/')
			copy[--n] = '\0';
		if (n > 9 && !strcmp(copy + n - 9, "/download"))
			copy[n -= 9] = '\0';
	}
	const char *base = strrchr(copy, '/');
	base = base ? base + 1 : copy;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base && !deck_is_url(input) ? (size_t)(dot - base) : strlen(base);
	if (n == 0) {
		base = "deck";
		n = 4;
	}
	char *p = xmalloc(n + strlen(ext) + 2);
	snprintf(p, n + strlen(ext) + 2, "%.*s.%s", (int)n, base, ext);
	free(copy);
	return p;
}

/* ---- --slides and -o patterns ---------------------------------------------- */

/* exported function documented in output.h */
long output_select(const char *spec, size_t n, bool *sel)
{
	if (sel)
		memset(sel, 0, n * sizeof *sel);
	const char *p = spec;
	if (!*p)
		return -1;
	while (*p) {
		char *end;
		if (!isdigit((unsigned char)*p))
			return -1;
		unsigned long a = strtoul(p, &end, 10), b = a;
		p = end;
		if (*p == '-') {
			p++;
			b = ULONG_MAX;          /* "A-": to the last slide */
			if (isdigit((unsigned char)*p)) {
				b = strtoul(p, &end, 10);
				p = end;
			}
		}
		if (a == 0 || b < a || (*p && *p != ','))
			return -1;
		if (*p == ',' && !*++p)
			return -1;
		for (unsigned long i = a; sel && i <= b && i <= n; i++)
			sel[i - 1] = true;
	}
	long count = 0;
	for (size_t i = 0; sel && i < n; i++)
		count += sel[i];
	return count;
}

/* Scan one conversion at p ('%' already seen): "%%", or "%[0][width]d".
 * Returns its length after the '%', 0 for "%%"-style literal, -1 if bad. */
static int conversion(const char *p, bool *is_int)
{
	*is_int = false;
	if (*p == '%')
		return 1;
	int k = 0;
	if (p[k] == '0')
		k++;
	int w = 0;
	while (isdigit((unsigned char)p[k]) && w < 3)
		k++, w++;
	if (p[k] != 'd')
		return -1;
	*is_int = true;
	return k + 1;
}

/* exported function documented in output.h */
int output_pattern_kind(const char *pat)
{
	int n = 0;
	for (const char *p = pat; *p; p++) {
		if (*p != '%')
			continue;
		bool is_int;
		int k = conversion(p + 1, &is_int);
		if (k < 0)
			return -1;
		n += is_int;
		p += k;
	}
	return n > 1 ? -1 : n;
}

/* exported function documented in output.h */
bool output_pattern_name(const char *pat, long num, char *buf, size_t cap)
{
	size_t o = 0;
	for (const char *p = pat; *p; p++) {
		char tmp[32];
		const char *piece = p;
		size_t len = 1;
		if (*p == '%') {
			bool is_int;
			int k = conversion(p + 1, &is_int);
			if (k < 0)
				return false;
			if (is_int) {
				/* the conversion checked above is safe to hand
				 * to snprintf as a format */
				char fmt[8];
				snprintf(fmt, sizeof fmt, "%%%.*sld", k - 1, p + 1);
				snprintf(tmp, sizeof tmp, fmt, num);
				piece = tmp;
				len = strlen(tmp);
			}
			p += k;
		}
		if (o + len + 1 > cap)
			return false;
		memcpy(buf + o, piece, len);
		o += len;
	}
	buf[o] = '\0';
	return true;
}

/* ---- the run ---------------------------------------------------------------- */

enum layout { LAYOUT_SLIDES, LAYOUT_HANDOUT, LAYOUT_NOTES };

struct writer {
	struct deck *k;
	const struct scs_options *o;
	enum layout layout;
	bool *selected;             /* per slide of the deck */
	size_t *sel, n_sel;         /* the chosen pages (deck.pages: a slide in a
	                               fragment state), in reading order */
	struct sheet_geom g;        /* handout and notes sheets */
	double sheet_w, sheet_h;
	size_t n_sheets;
	char *title;                /* the document's title or NULL */
	GHashTable *ids;            /* element id → slide index + 1 */
	bool *dest_done;            /* slide has its named destination */
	GPtrArray *alts;            /* Figures' alt texts, in order */
	GPtrArray *labels;          /* PDF: each page's label (NULL: its number) */
	struct notes_ctx *notes;
	struct arena *sa;           /* one slide's boxes and display list */
	struct box_ctx bc;
	bool pdf;                   /* drawing onto the PDF */
	/* The pages laid out ahead of their turn (lay_out_ahead): those
	 * after sel[at], the one being drawn, in order. */
	size_t at;
	struct ahead_page {
		size_t page;
		struct arena *a;        /* its boxes and display list */
		struct display_list dl;
	} ahead[MAX_PAGES_AHEAD];
	size_t n_ahead;
	bool laying_out_ahead;
};

/* The text of the first heading of a slide (white space collapsed), or
 * NULL. malloc'd. */
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
			continue;
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

/* Every element id of every slide (the first one wins, as in a browser's
 * getElementById over the whole deck), and <a name>. */
static void collect_ids(struct writer *w)
{
	struct deck *k = w->k;
	w->ids = g_hash_table_new(g_str_hash, g_str_equal);
	for (size_t i = 0; i < k->n_slides; i++) {
		struct dom_node *root = k->ds[i].section;
		for (struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
			if (n->type != DOM_ELEMENT)
				continue;
			const char *id = dom_get_attr(n, "id");
			if (!id && dom_is(n, "a"))
				id = dom_get_attr(n, "name");
			if (id && *id && !g_hash_table_contains(w->ids, id))
				g_hash_table_insert(w->ids, (char *)id, GSIZE_TO_POINTER(i + 1));
		}
	}
}

/* A "#…" fragment (percent-decoded) → the slide that shows it, or -1.
 * reveal.js 3.9.2 readURL(): "#/h", "#/h/v" (0-based) or "#/name" (an
 * element id); anything else is an element id on some slide. */
static long fragment_slide(struct writer *w, const char *frag)
{
	struct deck *k = w->k;
	char *dec = g_uri_unescape_string(frag, NULL);
	const char *f = dec ? dec : frag;
	long found = -1;
	if (f[0] == '/') {
		const char *p = f + 1;
		if (!*p) {
			found = 0;
		} else if (isdigit((unsigned char)*p)) {
			char *end;
			long h = strtol(p, &end, 10), v = 0;
			if (*end == '/' && isdigit((unsigned char)end[1]))
				v = strtol(end + 1, NULL, 10);
			for (size_t i = 0; i < k->n_slides && found < 0; i++)
				if ((long)k->slides[i].h == h && (long)k->slides[i].v == v)
					found = (long)i;
		} else {
			char *name = g_strndup(p, strcspn(p, "/"));
			gpointer hit = g_hash_table_lookup(w->ids, name);
			found = hit ? (long)GPOINTER_TO_SIZE(hit) - 1 : -1;
			g_free(name);
		}
	} else if (*f) {
		gpointer hit = g_hash_table_lookup(w->ids, f);
		found = hit ? (long)GPOINTER_TO_SIZE(hit) - 1 : -1;
	}
	g_free(dec);
	return found;
}

/* render_doc.link_target */
static bool link_target(void *ctx, const char *href, struct strbuf *b)
{
	struct writer *w = ctx;
	if (href[0] == '#') {
		long i = fragment_slide(w, href + 1);
		if (i < 0 || !w->selected[i])
			return false;
		strbuf_printf(b, "dest='s%ld'", i + 1);
		return true;
	}
	if (render_uri_attrs(href, b))
		return true;
	/* HedgeDoc pages have <base href="serverURL/"> (HEDGEDOC.md §3), so
	 * "/x", "./x" and "?x" are relative to the instance's root. */
	if (w->k->base_url && (href[0] == '/' || href[0] == '.' || href[0] == '?') &&
	    strncmp(href, "//", 2)) {
		const char *rel = href;
		while (!strncmp(rel, "./", 2) || !strncmp(rel, "../", 3))
			rel += rel[1] == '/' ? 2 : 3;
		if (*rel == '/')
			rel++;
		char *abs = g_strconcat(w->k->base_url, rel, NULL);
		bool ok = render_uri_attrs(abs, b);
		g_free(abs);
		return ok;
	}
	return false;
}

/* render_doc.figure */
static void figure_alt(void *ctx, const char *alt)
{
	struct writer *w = ctx;
	g_ptr_array_add(w->alts, alt ? g_strdup(alt) : NULL);
}

/* A named destination "sN" for slide i at the current origin, once. */
static void add_dest(struct writer *w, cairo_t *cr, size_t i)
{
	if (!w->pdf || w->dest_done[i])
		return;
	w->dest_done[i] = true;
	double x = 0, y = 0;
	cairo_user_to_device(cr, &x, &y);
	char attrs[128];
	snprintf(attrs, sizeof attrs, "name='s%zu' x=%.2f y=%.2f", i + 1, x, y);
	cairo_save(cr);
	cairo_reset_clip(cr);
	cairo_tag_begin(cr, CAIRO_TAG_DEST, attrs);
	cairo_tag_end(cr, CAIRO_TAG_DEST);
	cairo_restore(cr);
}

/* The slide a page shows. */
static size_t page_slide(const struct writer *w, size_t page)
{
	return w->k->pages[page].slide;
}

/* Links left out of slide i's page for their scheme (render_links_dropped). */
static void warn_dropped_links(struct writer *w, size_t i)
{
	unsigned n = render_links_dropped();
	if (n)
		diag_at_line(w->k->d, DIAG_WARNING, &w->k->src, w->k->slides[i].first_line, 0,
			     "slide %zu: %u link%s left out of the PDF: only http:, https:, "
			     "mailto: and links to slides are written", i + 1, n, n == 1 ? "" : "s");
}

/*
 * While the main thread would wait for a picture a helper thread is still
 * making (an SVG's recording, image.h), it lays out the pages that follow
 * the one being drawn, one per call, each in an arena of its own until it
 * is drawn: the seed deck's diagram, on its 6th page, is recorded while
 * the pages before it are drawn, and was waited for 8-20 ms. Only the
 * order of the reports changes (a later page's come sooner); Pango's base
 * direction, which laying out sets, is put back for the drawing.
 */
static bool lay_out_ahead(void *ctx)
{
	struct writer *w = ctx;
	size_t at = w->at + 1 + w->n_ahead;
	if (w->laying_out_ahead || w->layout == LAYOUT_NOTES || at >= w->n_sel ||
	    w->n_ahead == MAX_PAGES_AHEAD)
		return false;
	w->laying_out_ahead = true;
	PangoContext *pc = text_context();
	PangoDirection dir = pango_context_get_base_dir(pc);
	struct ahead_page *ap = &w->ahead[w->n_ahead++];
	ap->page = w->sel[at];
	ap->a = arena_new();
	dl_init(&ap->dl, ap->a);
	struct box_ctx bc = w->bc;
	deck_build_page(w->k, ap->page, ap->a, &ap->dl, &bc);
	pango_context_set_base_dir(pc, dir);
	w->laying_out_ahead = false;
	return true;
}

static void free_ahead(struct writer *w)
{
	for (size_t i = 0; i < w->n_ahead; i++)
		arena_free(w->ahead[i].a);
	w->n_ahead = 0;
}

/* Draw a page, 1920×1080 in the current user space: sel[at]. */
static void draw_slide(struct writer *w, cairo_t *cr, size_t at)
{
	size_t page = w->sel[at];
	struct display_list dl;
	struct arena *own = NULL;       /* laid out ahead: its arena */
	w->at = at;
	if (w->n_ahead && w->ahead[0].page == page) {
		dl = w->ahead[0].dl;
		own = w->ahead[0].a;
		memmove(w->ahead, w->ahead + 1, --w->n_ahead * sizeof *w->ahead);
	} else {
		free_ahead(w);
		dl_init(&dl, w->sa);
		deck_build_page(w->k, page, w->sa, &dl, &w->bc);
	}
	add_dest(w, cr, page_slide(w, page));
	struct render_doc doc = { true, link_target, figure_alt, w };
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, PAGE_W, PAGE_H);
	cairo_clip(cr);
	render_display_list(cr, &dl, &doc);
	cairo_restore(cr);
	if (own)
		arena_free(own);
	else
		arena_reset(w->sa);
	warn_dropped_links(w, page_slide(w, page));
}

/* A page, sel[at], scaled into frame f of a sheet, with its frame and
 * number. */
static void draw_framed(struct writer *w, cairo_t *cr, size_t at, const struct sheet_rect *f)
{
	size_t i = page_slide(w, w->sel[at]);
	cairo_save(cr);
	cairo_translate(cr, f->x, f->y);
	cairo_scale(cr, f->w / PAGE_W, f->h / PAGE_H);
	draw_slide(w, cr, at);
	cairo_restore(cr);
	char label[64];
	handout_draw_frame(cr, &w->g, f, deck_slide_number(w->k, i, label, sizeof label));
}

/* The speaker notes of slide i in the notes area, scaled down (to half
 * size at most) when they are taller than it, and clipped beyond that. */
static void draw_notes(struct writer *w, cairo_t *cr, size_t i)
{
	const struct sheet_rect *a = &w->g.notes;
	struct display_list dl;
	dl_init(&dl, w->sa);
	double h = notes_paint(w->notes, i, w->sa, &dl, a->w);
	if (h > 0) {
		double s = h > a->h ? MAX(a->h / h, 0.5) : 1;
		if (s < 1) {
			/* lay out again at the narrower width the scale allows */
			arena_reset(w->sa);
			dl_init(&dl, w->sa);
			h = notes_paint(w->notes, i, w->sa, &dl, a->w / s);
			if (h * s > a->h)
				diag_at_line(w->k->d, DIAG_WARNING, &w->k->src,
					     w->k->slides[i].notes_line, 0,
					     "speaker notes of slide %zu do not fit on their "
					     "page; cut off", i + 1);
		}
		cairo_save(cr);
		cairo_rectangle(cr, a->x, a->y, a->w, a->h);
		cairo_clip(cr);
		cairo_translate(cr, a->x, a->y);
		cairo_scale(cr, s, s);
		struct render_doc doc = { true, link_target, figure_alt, w };
		render_display_list(cr, &dl, &doc);
		cairo_restore(cr);
	}
	arena_reset(w->sa);
}

static void draw_sheet(struct writer *w, cairo_t *cr, size_t sheet)
{
	switch (w->layout) {
	case LAYOUT_SLIDES:
		draw_slide(w, cr, sheet);
		break;
	case LAYOUT_HANDOUT:
		for (int j = 0; j < w->g.per_sheet; j++) {
			size_t at = sheet * (size_t)w->g.per_sheet + (size_t)j;
			if (at >= w->n_sel)
				break;
			draw_framed(w, cr, at, &w->g.frame[j]);
		}
		handout_draw_page_marks(cr, &w->g, w->title, sheet + 1, w->n_sheets);
		break;
	case LAYOUT_NOTES:
		draw_framed(w, cr, sheet, &w->g.frame[0]);
		draw_notes(w, cr, page_slide(w, w->sel[sheet]));
		handout_draw_page_marks(cr, &w->g, w->title, sheet + 1, w->n_sheets);
		break;
	}
}

/* The page a sheet shows first (for file names). */
static size_t sheet_page(const struct writer *w, size_t sheet)
{
	return w->sel[w->layout == LAYOUT_HANDOUT ? sheet * (size_t)w->g.per_sheet : sheet];
}

/* The slide a sheet shows first (for page labels). */
static size_t sheet_slide(const struct writer *w, size_t sheet)
{
	return page_slide(w, sheet_page(w, sheet));
}

/* ---- PDF ------------------------------------------------------------------- */

static void set_metadata(struct writer *w, cairo_surface_t *surf)
{
	const struct deck_meta *m = &w->k->meta;
	if (w->title)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, w->title);
	if (m->description)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_SUBJECT, m->description);
	if (m->author)
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_AUTHOR, m->author);
	if (m->n_tags) {
		struct strbuf b;
		strbuf_init(&b, 0);
		for (size_t i = 0; i < m->n_tags; i++)
			strbuf_printf(&b, "%s%s", i ? ", " : "", m->tags[i]);
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_KEYWORDS, b.s);
		strbuf_free(&b);
	}
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "scs-pdf " SCS_VERSION);
}

/* The document's date: SOURCE_DATE_EPOCH (reproducible-builds.org) when it
 * is set, else now. */
static long long doc_date(struct writer *w)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t = sde ? strtoll(sde, &end, 10) : -1;
	if (sde && *sde && !*end && t >= 0 && t < 253402300800LL)   /* year 10000 */
		return t;
	if (sde && *sde)
		diag_msg(w->k->d, DIAG_WARNING, "SOURCE_DATE_EPOCH='%s' is not a number of "
			 "seconds; ignored", sde);
	return (long long)time(NULL);
}

/* PDF bookmarks: one per horizontal slide (its first heading, else "Slide
 * N"), its vertical slides nested below it. A vertical slide whose stack's
 * first slide is not in the output becomes a top-level entry. */
static void add_outline(struct writer *w, cairo_surface_t *surf)
{
	struct deck *k = w->k;
	int parent = CAIRO_PDF_OUTLINE_ROOT;
	long parent_h = -1;
	for (size_t j = 0; j < w->n_sel; j++) {
		size_t i = page_slide(w, w->sel[j]);
		if (j && page_slide(w, w->sel[j - 1]) == i)
			continue;           /* a slide's later fragment steps */
		const struct slide *s = &k->slides[i];
		/* the whole heading: a cut could fall inside a character, and
		 * cairo fails the whole PDF on invalid UTF-8 */
		char *h = first_heading(&k->ds[i]);
		char num[64], link[64];
		char *name = h ? h : g_strdup_printf("Slide %s", deck_slide_number(k, i, num,
										     sizeof num));
		snprintf(link, sizeof link, "dest='s%zu'", i + 1);
		if (s->v == 0 || parent_h != (long)s->h) {
			int id = cairo_pdf_surface_add_outline(surf, CAIRO_PDF_OUTLINE_ROOT,
							       name, link, 0);
			if (s->v == 0) {
				parent = id;
				parent_h = (long)s->h;
			}
		} else {
			cairo_pdf_surface_add_outline(surf, parent, name, link, 0);
		}
		if (h)
			free(h);
		else
			g_free(name);
	}
}

static cairo_status_t write_mem(void *closure, const unsigned char *data,
				unsigned int length)
{
	return strbuf_append(closure, (const char *)data, length) == 0
	       ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static enum scs_status write_pdf(struct writer *w, const char *out)
{
	struct deck *k = w->k;
	struct out_file of;
	if (out_open(&of, out, k->d) < 0)
		return SCS_ERR_IO;
	struct strbuf mem;
	strbuf_init(&mem, 0);
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_mem, &mem,
								     w->sheet_w, w->sheet_h);
	set_metadata(w, surf);
	cairo_t *cr = cairo_create(surf);
	w->pdf = true;
	enum scs_status st = SCS_OK;
	/* Tagged PDF (ISO 32000-1 §14.8): everything in one Document. */
	cairo_tag_begin(cr, "Document", NULL);
	for (size_t p = 0; p < w->n_sheets; p++) {
		draw_sheet(w, cr, p);
		if (w->layout != LAYOUT_HANDOUT) {
			char label[64];
			g_ptr_array_add(w->labels, g_strdup(deck_slide_number(k, sheet_slide(w, p),
									       label, sizeof label)));
		} else {
			g_ptr_array_add(w->labels, NULL);
		}
		if (p + 1 == w->n_sheets)
			cairo_tag_end(cr, "Document");
		cairo_show_page(cr);
		progress_step(p + 1);
		if (cairo_status(cr)) {
			diag_msg(k->d, DIAG_ERROR, "rendering page %zu: %s", p + 1,
				 cairo_status_to_string(cairo_status(cr)));
			st = SCS_ERR_RENDER;
			break;
		}
	}
	if (st == SCS_OK)
		add_outline(w, surf);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	if (st == SCS_OK && cairo_surface_status(surf)) {
		diag_msg(k->d, DIAG_ERROR, "%s: %s", out,
			 cairo_status_to_string(cairo_surface_status(surf)));
		st = SCS_ERR_IO;
	}
	cairo_surface_destroy(surf);
	if (st == SCS_OK) {
		/* the PNGs drawn through stand-ins (image.h), and those that
		 * turned out not to decode (drawn as nothing) */
		struct image_xobject *xo;
		const char **failed;
		size_t n_failed;
		size_t n_xo = image_cache_pdf_images(k->images, &xo, &failed, &n_failed);
		for (size_t i = 0; i < n_failed; i++)
			diag_msg(k->d, DIAG_WARNING, "%s: an image was left out: %s", out,
				 failed[i]);
		struct pdf_finish pf = {
			.lang = k->meta.lang && *k->meta.lang ? k->meta.lang : "en",
			.display_doc_title = w->title != NULL,
			.figure_alt = (const char *const *)w->alts->pdata,
			.n_figures = w->alts->len,
			.images = xo,
			.n_images = n_xo,
			.page_labels = (const char *const *)w->labels->pdata,
			.n_labels = w->labels->len,
			.date = doc_date(w),
			.pdfa = w->o->pdfa,
			.source_name = k->src.name,
			.source = (const unsigned char *)k->bytes,
			.source_len = k->len,
		};
		char err[512];
		if (pdf_finish_write((const unsigned char *)mem.s, mem.len, &pf, NULL, of.f, err,
				     sizeof err) < 0) {
			diag_msg(k->d, DIAG_ERROR, "%s: %s", out, err);
			st = SCS_ERR_IO;
		}
		free(xo);
		free(failed);
	}
	strbuf_free(&mem);
	if (st != SCS_OK) {
		out_abort(&of);
		return st;
	}
	return out_commit(&of, k->d);
}

/* ---- PNG and SVG: one file per sheet -------------------------------------- */

static enum scs_status write_images(struct writer *w, const char *out)
{
	struct deck *k = w->k;
	double sc = k->o->scale > 0 ? k->o->scale : 1;
	bool svg = k->o->format == FORMAT_SVG;
	const char *ext = svg ? "svg" : "png";
	int kind = output_pattern_kind(out);
	if (!strcmp(out, "-") && w->n_sheets != 1) {
		diag_msg(k->d, DIAG_ERROR, "-o -: %zu pages do not fit in one %s on standard "
			 "output (choose one with --slides)", w->n_sheets, ext);
		return SCS_ERR_USAGE;
	}
	if (kind < 0) {
		diag_msg(k->d, DIAG_ERROR, "-o %s: a file name pattern takes one %%d (e.g. "
			 "slide-%%03d.%s)", out, ext);
		return SCS_ERR_USAGE;
	}
	int pw = (int)ceil(w->sheet_w * sc - 1e-6), ph = (int)ceil(w->sheet_h * sc - 1e-6);
	enum scs_status st = SCS_OK;
	for (size_t p = 0; p < w->n_sheets && st == SCS_OK; p++) {
		/* slides are named by their place in the deck, sheets by number */
		long num = w->layout == LAYOUT_HANDOUT ? (long)p + 1
			   : (long)sheet_page(w, p) + 1;
		char name[4096];
		bool fits;
		if (!strcmp(out, "-")) {
			fits = true;
			strcpy(name, "-");
		} else if (kind == 1) {
			fits = output_pattern_name(out, num, name, sizeof name);
		} else {
			const char *slash = strrchr(out, '/');
			const char *dot = strrchr(out, '.');
			int stem = dot && (!slash || dot > slash + 1) ? (int)(dot - out)
				   : (int)strlen(out);
			fits = snprintf(name, sizeof name, "%.*s-%03ld.%s", stem, out, num, ext) <
			       (int)sizeof name;
		}
		if (!fits) {
			diag_msg(k->d, DIAG_ERROR, "%s: output name too long", out);
			return SCS_ERR_IO;
		}
		struct out_file of;
		if (out_open(&of, name, k->d) < 0)
			return SCS_ERR_IO;
		cairo_surface_t *surf;
		struct strbuf mem;
		strbuf_init(&mem, 0);
		if (svg) {
			/* into memory: the text layer goes in before </svg> */
			surf = cairo_svg_surface_create_for_stream(write_mem, &mem, pw, ph);
			cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PX);
		} else {
			surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
		}
		cairo_t *cr = cairo_create(surf);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_paint(cr);
		cairo_scale(cr, sc, sc);
		draw_sheet(w, cr, p);
		cairo_status_t cs = cairo_status(cr);
		cairo_destroy(cr);
		if (svg) {
			cairo_surface_finish(surf);
			size_t tl;
			const char *layer = render_svg_text_layer(surf, &tl);
			const char *close = mem.s ? g_strrstr_len(mem.s, (gssize)mem.len, "</svg>")
				: NULL;
			size_t head = close ? (size_t)(close - mem.s) : mem.len;
			if (!cs && (fwrite(mem.s, 1, head, of.f) != head ||
				    (layer && close && (fputs("<g id=\"text\">\n", of.f) < 0 ||
							fwrite(layer, 1, tl, of.f) != tl ||
							fputs("</g>\n", of.f) < 0)) ||
				    fwrite(mem.s + head, 1, mem.len - head, of.f) != mem.len - head))
				cs = CAIRO_STATUS_WRITE_ERROR;
		} else if (!cs)
			cs = cairo_surface_write_to_png_stream(surf, write_file, of.f);
		if (!cs)
			cs = cairo_surface_status(surf);
		cairo_surface_destroy(surf);
		strbuf_free(&mem);
		if (cs) {
			diag_msg(k->d, DIAG_ERROR, "%s: %s", name, cairo_status_to_string(cs));
			out_abort(&of);
			st = SCS_ERR_RENDER;
			break;
		}
		st = out_commit(&of, k->d);
		progress_step(p + 1);
	}
	return st;
}

/* ---- entry ------------------------------------------------------------------ */

/* exported function documented in output.h */
enum scs_status output_write(struct deck *k, const char *out)
{
	const struct scs_options *o = k->o;
	struct writer w = { .k = k, .o = o };
	enum scs_status st = SCS_OK;

	/* `scs-pdf talk.pdf` (a deck named .pdf) or -o naming the deck: the
	 * rename at the end would replace the deck */
	struct stat si, so;
	if (strcmp(out, "-") && stat(o->input, &si) == 0 && stat(out, &so) == 0 &&
	    si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
		diag_msg(k->d, DIAG_ERROR, "%s: the output would replace the deck; name "
			 "another with -o", out);
		return SCS_ERR_USAGE;
	}

	w.selected = xcalloc(k->n_slides, sizeof *w.selected);
	if (o->slides) {
		if (output_select(o->slides, k->n_slides, w.selected) <= 0) {
			diag_msg(k->d, DIAG_ERROR, "--slides %s: the deck has %zu slides",
				 o->slides, k->n_slides);
			free(w.selected);
			return SCS_ERR_USAGE;
		}
	} else {
		for (size_t i = 0; i < k->n_slides; i++)
			w.selected[i] = true;
	}
	w.sel = xmalloc((k->n_pages ? k->n_pages : 1) * sizeof *w.sel);
	for (size_t p = 0; p < k->n_pages; p++)
		if (w.selected[k->pages[p].slide])
			w.sel[w.n_sel++] = p;

	if (o->notes_pages) {
		w.layout = LAYOUT_NOTES;
		notes_geometry((enum paper)o->paper, &w.g);
		w.notes = notes_new(k);
	} else if (o->handout) {
		w.layout = LAYOUT_HANDOUT;
		if (!handout_geometry(o->handout, (enum paper)o->paper, &w.g))
			w.g.per_sheet = 0;
	}
	if (w.layout == LAYOUT_SLIDES) {
		w.sheet_w = PAGE_W;
		w.sheet_h = PAGE_H;
		w.n_sheets = w.n_sel;
	} else if (w.g.per_sheet > 0) {
		w.sheet_w = w.g.w;
		w.sheet_h = w.g.h;
		w.n_sheets = (w.n_sel + (size_t)w.g.per_sheet - 1) / (size_t)w.g.per_sheet;
	} else {
		diag_msg(k->d, DIAG_ERROR, "--handout %d: 1, 2, 3, 4, 6 or 9 slides per page",
			 o->handout);
		st = SCS_ERR_USAGE;
	}

	w.title = k->meta.title ? xstrdup(k->meta.title) : NULL;
	for (size_t i = 0; i < k->n_slides && !w.title; i++)
		w.title = first_heading(&k->ds[i]);
	collect_ids(&w);
	w.dest_done = xcalloc(k->n_slides, sizeof *w.dest_done);
	w.alts = g_ptr_array_new_with_free_func(g_free);
	w.labels = g_ptr_array_new_with_free_func(g_free);
	w.sa = arena_new();
	deck_box_ctx(k, w.sa, &w.bc);

	if (st == SCS_OK) {
		progress_start(k->src.name, w.layout == LAYOUT_SLIDES ? "page" : "sheet",
			       w.n_sheets);
		image_cache_set_idle(k->images, lay_out_ahead, &w);
		st = o->format == FORMAT_PDF ? write_pdf(&w, out) : write_images(&w, out);
		image_cache_set_idle(k->images, NULL, NULL);
		free_ahead(&w);
		progress_end();
		if (st == SCS_OK && o->verbose)
			fprintf(stderr, "scs-pdf: %s: wrote %s (%zu %s of %zu slides) in %.2f s\n",
				k->src.name, strcmp(out, "-") ? out : "standard output", w.n_sheets,
				w.n_sheets == 1 ? "page" : "pages", w.n_sel, progress_elapsed());
	}

	arena_free(w.sa);
	g_ptr_array_free(w.alts, TRUE);
	g_ptr_array_free(w.labels, TRUE);
	g_hash_table_destroy(w.ids);
	free(w.dest_done);
	free(w.title);
	free(w.sel);
	free(w.selected);
	return st;
}
