/*
 * diag.c — diagnostics with positions (see diag.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "base/diag.h"
#include "base/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *scs_strerror(enum scs_status s)
{
	switch (s) {
#define SCS_STATUS_CASE(name, value, meaning) case name: return meaning;
	SCS_STATUSES(SCS_STATUS_CASE)
#undef SCS_STATUS_CASE
	}
	return "unknown error";
}

void diag_init(struct diag *d, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->out = out ? out : stderr;
}

void diag_file_init(struct diag_file *f, const char *name, const char *text,
		    size_t len)
{
	f->name = name;
	f->text = text;
	f->len = len;
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			n++;
	f->line_start = xmalloc(n * sizeof *f->line_start);
	f->line_start[0] = 0;
	size_t k = 1;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			f->line_start[k++] = i + 1;
	f->n_lines = n;
}

void diag_file_free(struct diag_file *f)
{
	free(f->line_start);
	f->line_start = NULL;
	f->n_lines = 0;
}

void diag_file_linecol(const struct diag_file *f, size_t offset,
		       unsigned *line, unsigned *col)
{
	if (!f || !f->n_lines) {
		*line = 0;
		*col = 0;
		return;
	}
	if (offset > f->len)
		offset = f->len;
	size_t lo = 0, hi = f->n_lines;      /* last start <= offset */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (f->line_start[mid] <= offset)
			lo = mid;
		else
			hi = mid;
	}
	*line = (unsigned)lo + 1;
	*col = (unsigned)(offset - f->line_start[lo]) + 1;
}

size_t diag_file_offset(const struct diag_file *f, unsigned line, unsigned col)
{
	if (!f || !f->n_lines || line == 0)
		return 0;
	if (line > f->n_lines)
		return f->len;
	size_t off = f->line_start[line - 1] + (col ? col - 1 : 0);
	return off > f->len ? f->len : off;
}

static const char *level_name(enum diag_level lv)
{
	return lv == DIAG_ERROR ? "error" : lv == DIAG_WARNING ? "warning" : "note";
}

static void count(struct diag *d, enum diag_level lv)
{
	if (lv == DIAG_ERROR)
		d->n_errors++;
	else if (lv == DIAG_WARNING)
		d->n_warnings++;
}

static bool silenced(const struct diag *d, enum diag_level lv)
{
	return d->quiet && lv != DIAG_ERROR;
}

/* The source line and a caret under the column, like GCC and curl. */
static void show_line(struct diag *d, const struct diag_file *f, unsigned line,
		      unsigned col)
{
	if (!f || !f->text || line == 0 || line > f->n_lines)
		return;
	const char *s = f->text + f->line_start[line - 1];
	const char *end = f->text + f->len;
	size_t n = 0;
	while (s + n < end && s[n] != '\n' && s[n] != '\r')
		n++;
	if (n > 200)
		n = 200;
	fprintf(d->out, "%5u | %.*s\n      | ", line, (int)n, s);
	for (unsigned i = 1; i < col && i <= n; i++)
		fputc(s[i - 1] == '\t' ? '\t' : ' ', d->out);
	fputs("^\n", d->out);
}

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	for (const unsigned char *s = p; n--; s++)
		h = (h ^ *s) * 1099511628211u;
	return h;
}

/* Whether this exact diagnostic was reported before (and remember it). A
 * repeat is neither printed nor counted. */
static bool repeated(struct diag *d, enum diag_level lv, const struct diag_file *f,
		     unsigned line, unsigned col, const char *fmt, va_list ap)
{
	char buf[512];
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(buf, sizeof buf, fmt, aq);
	va_end(aq);
	if (n < 0)
		return false;
	unsigned pos[3] = { line, col, (unsigned)lv };
	uint64_t h = fnv1a(14695981039346656037u, pos, sizeof pos);
	if (f && f->name)
		h = fnv1a(h, f->name, strlen(f->name));
	h = fnv1a(h, buf, MIN((size_t)n, sizeof buf - 1));
	for (unsigned i = 0; i < d->n_seen; i++)
		if (d->seen[i] == h)
			return true;
	if (d->n_seen < DIAG_SEEN_MAX)
		d->seen[d->n_seen++] = h;
	return false;
}

/* A message stays on its line: library errors end in newlines (libxml2's
 * through librsvg) and quoted input may hold control characters, which
 * would also reach the terminal. Line breaks become spaces, other control
 * characters '?', and trailing spaces go. */
static void one_line(char *msg)
{
	size_t n = 0;
	for (char *p = msg; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '\n' || ch == '\r')
			*p = ' ';
		else if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			*p = '?';
		if (*p != ' ')
			n = (size_t)(p - msg) + 1;
	}
	msg[n] = '\0';
}

static void vreport(struct diag *d, enum diag_level lv, const struct diag_file *f,
		    unsigned line, unsigned col, const char *fmt, va_list ap)
{
	if (d->muted || (lv != DIAG_ERROR && repeated(d, lv, f, line, col, fmt, ap)))
		return;
	count(d, lv);
	if (!d->sink && silenced(d, lv))
		return;
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	one_line(msg);
	if (d->sink) {
		struct diag_record r = { lv, f ? f->name : NULL, f ? line : 0, f ? col : 0, msg };
		d->sink(d->sink_ctx, &r);
		return;
	}
	if (f && line)
		fprintf(d->out, "%s:%u:%u: %s: ", f->name, line, col, level_name(lv));
	else if (f)
		fprintf(d->out, "%s: %s: ", f->name, level_name(lv));
	else
		fprintf(d->out, "scs-pdf: %s: ", level_name(lv));
	fputs(msg, d->out);
	fputc('\n', d->out);
	show_line(d, f, line, col);
}

void diag_at(struct diag *d, enum diag_level lv, const struct diag_file *f,
	     size_t offset, const char *fmt, ...)
{
	unsigned line = 0, col = 0;
	if (f)
		diag_file_linecol(f, offset, &line, &col);
	va_list ap;
	va_start(ap, fmt);
	vreport(d, lv, f, line, col, fmt, ap);
	va_end(ap);
}

void diag_at_line(struct diag *d, enum diag_level lv, const struct diag_file *f,
		  unsigned line, unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, lv, f, line, col ? col : 1, fmt, ap);
	va_end(ap);
}

void diag_msg(struct diag *d, enum diag_level lv, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, lv, NULL, 0, 0, fmt, ap);
	va_end(ap);
}

void diag_fail(struct diag *d, enum scs_status s)
{
	if (d->first_fatal == SCS_OK)
		d->first_fatal = s;
}
