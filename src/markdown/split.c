/*
 * split.c — the slide split HedgeDoc's slide mode performs in the browser
 * (HEDGEDOC.md §2.2–2.5): reveal-markdown's slidify with HedgeDoc's
 * separators, the one-`Note:` rule of createMarkdownSlide, and the
 * leading-whitespace rewrite of getMarkdownFromSlide.
 *
 * The browser never sees a carriage return: the body travels through an
 * HTML element and is read back with .text(), and HTML's input-stream
 * preprocessing turns CR LF and lone CR into LF. So the regular expressions
 * are run on a normalised copy, and positions are mapped back to the file;
 * an unrewritten slide's text is the file's own bytes (CRs included), so
 * offsets inside it stay exact.
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/split.h"
#include "base/diag.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The body with CR LF / CR turned into LF, and the way back to the file. */
struct norm {
	const char *s;          /* normalised body */
	size_t len;
	size_t base;            /* file offset of the body */
	size_t *crlf;           /* normalised indices of LFs that were CR LF */
	size_t n_crlf;
	char *own;              /* malloc'd s, when a copy was needed */
};

static void norm_init(struct norm *n, const char *body, size_t len, size_t base)
{
	memset(n, 0, sizeof *n);
	n->base = base;
	if (!memchr(body, '\r', len)) {
		n->s = body;
		n->len = len;
		return;
	}
	char *o = xmalloc(len + 1);
	size_t cap = 0, k = 0;
	for (size_t i = 0; i < len; i++) {
		if (body[i] != '\r') {
			o[k++] = body[i];
			continue;
		}
		if (i + 1 < len && body[i + 1] == '\n') {
			if (n->n_crlf == cap) {
				cap = cap ? 2 * cap : 64;
				n->crlf = xrealloc(n->crlf, cap * sizeof *n->crlf);
			}
			n->crlf[n->n_crlf++] = k;
			i++;
		}
		o[k++] = '\n';
	}
	o[k] = 0;
	n->s = n->own = o;
	n->len = k;
}

/* File offset of normalised index i: i plus the CR LFs collapsed before it. */
static size_t norm_file_offset(const struct norm *n, size_t i)
{
	size_t lo = 0, hi = n->n_crlf;          /* count of crlf[] < i */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (n->crlf[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n->base + i + lo;
}

/* ------------------------------------------------------------------ */
/* JavaScript regular-expression helpers                              */

/* A line terminator for the `m` flag's ^ and $: LF (CR is gone), and
 * U+2028 / U+2029 (E2 80 A8/A9). */
static bool lt_ends_at(const char *s, size_t i, size_t lo)
{
	if (i <= lo)
		return false;
	if (s[i - 1] == '\n')
		return true;
	return i - lo >= 3 && (unsigned char)s[i - 3] == 0xE2 &&
	       (unsigned char)s[i - 2] == 0x80 &&
	       ((unsigned char)s[i - 1] == 0xA8 || (unsigned char)s[i - 1] == 0xA9);
}

static bool lt_starts_at(const char *s, size_t i, size_t len)
{
	if (i >= len)
		return false;
	if (s[i] == '\n')
		return true;
	return i + 3 <= len && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
	       ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9);
}

/* ^ with the m flag, inside the string s[lo..]: its start or after a line
 * terminator. */
static bool at_bol(const char *s, size_t i, size_t lo)
{
	return i == lo || lt_ends_at(s, i, lo);
}

/* Length in bytes of the JavaScript \s character at s[i] (0 if none):
 * ASCII TAB LF VT FF CR SP, U+00A0, U+1680, U+2000–200A, U+2028/2029,
 * U+202F, U+205F, U+3000, U+FEFF. */
static size_t js_space(const char *str, size_t i, size_t len)
{
	const unsigned char *s = (const unsigned char *)str + i;
	size_t left = len - i;
	if (!left)
		return 0;
	if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return 1;
	if (left >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (left < 3)
		return 0;
	unsigned cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
	if ((s[0] & 0xF0) != 0xE0 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
		return 0;
	if (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF)
		return 3;
	return 0;
}

/*
 * One separator match of HedgeDoc's combined regular expression
 * (HEDGEDOC.md §2.3, slide.js:54-58):
 *
 *     /^(\r\n?|\n)---(\r\n?|\n)$|^(\r\n?|\n)----(\r\n?|\n)$/mg
 *
 * With only LF left, a match at p is: p at a line start (the body's start
 * or after a terminator), "\n---\n" or "\n----\n" from p, and the end of the
 * text or a line terminator right after. So `---` needs an empty line
 * before it (or the body's first byte being that "\n") and an empty line or
 * the end after it. Returns the match start at or after `from`, or len.
 */
static size_t next_separator(const char *s, size_t len, size_t from, size_t *end,
			     bool *horizontal)
{
	for (const char *nl = from < len ? memchr(s + from, '\n', len - from) : NULL; nl;
	     nl = (size_t)(nl - s) + 1 < len ? memchr(nl + 1, '\n', len - (size_t)(nl - s) - 1) : NULL) {
		size_t p = (size_t)(nl - s);
		if (!at_bol(s, p, 0) || p + 5 > len || memcmp(s + p + 1, "---", 3))
			continue;
		size_t e;
		if (s[p + 4] == '\n')
			e = p + 5, *horizontal = true;
		else if (p + 6 <= len && s[p + 4] == '-' && s[p + 5] == '\n')
			e = p + 6, *horizontal = false;
		else
			continue;
		if (e == len || lt_starts_at(s, e, len)) {
			*end = e;
			return p;
		}
	}
	return len;
}

/* ------------------------------------------------------------------ */
/* getMarkdownFromSlide (HEDGEDOC.md §2.5)                            */

/*
 *     leadingWs   = text.match(/^\n?(\s*)/)[1].length
 *     leadingTabs = text.match(/^\n?(\t*)/)[1].length
 *     if (leadingTabs > 0) text = text.replace(/\n?\t{leadingTabs}/g, '\n')
 *     else if (leadingWs > 1) text = text.replace(/\n? {leadingWs}/g, '\n')
 *
 * Lengths are JavaScript string lengths; every \s character is in the BMP,
 * so one UTF-16 unit each. Note that n counts newlines too but the
 * replacement looks for spaces (or tabs) only. It scans left to right: an LF
 * followed by at least n fill characters becomes one LF together with n of
 * them; every further n fill characters of the run become one LF more.
 * ws_params finds the fill character and n; ws_rewrite returns the new text
 * (arena) or NULL when nothing changes.
 */
static bool ws_params(const char *s, size_t len, char *fill, size_t *n)
{
	size_t i = len && s[0] == '\n';
	size_t tabs = 0, ws = 0;
	for (size_t j = i; j < len && s[j] == '\t'; j++)
		tabs++;
	for (size_t j = i, w; (w = js_space(s, j, len)); j += w)
		ws++;
	if (tabs > 0)
		*fill = '\t', *n = tabs;
	else if (ws > 1)
		*fill = ' ', *n = ws;
	else
		return false;
	return true;
}

static char *ws_rewrite(struct arena *a, const char *s, size_t len, char fill, size_t n,
			size_t *out_len)
{
	char *o = NULL;
	size_t k = 0;
	bool changed = false;
	for (int pass = 0; pass < 2; pass++) {          /* measure, then write */
		k = 0;
		for (size_t p = 0; p < len; ) {
			size_t q = p + (s[p] == '\n'), r = q;
			while (r < len && s[r] == fill)
				r++;
			size_t run = r - q;
			if (run < n) {                  /* no match at p, nor inside the run */
				size_t stop = r > p ? r : p + 1;
				if (o)
					memcpy(o + k, s + p, stop - p);
				k += stop - p;
				p = stop;
				continue;
			}
			changed = true;
			/* /\n?x{n}/ at p, then again on what is left of the run */
			for (; run >= n; run -= n) {
				if (o)
					o[k] = '\n';
				k++;
			}
			if (o)
				memcpy(o + k, s + r - run, run);
			k += run;
			p = r;
		}
		if (!changed)
			return NULL;
		if (!o)
			o = arena_alloc(a, k + 1);
	}
	o[k] = 0;
	*out_len = k;
	return o;
}

/* ------------------------------------------------------------------ */

struct splitter {
	struct arena *a;
	struct diag *d;
	const struct diag_file *src;
	struct norm n;
	struct slide *v;        /* malloc'd while growing */
	size_t count, cap;
};

static unsigned line_of(const struct diag_file *src, size_t off)
{
	unsigned line, col;
	diag_file_linecol(src, off, &line, &col);
	return line;
}

/* A copy of the file bytes of normalised [b, e). */
static const char *take(struct splitter *sp, size_t b, size_t e, size_t *len)
{
	size_t fb = norm_file_offset(&sp->n, b), fe = norm_file_offset(&sp->n, e);
	*len = fe - fb;
	return arena_strndup(sp->a, sp->src->text + fb, fe - fb);
}

/*
 * createMarkdownSlide + getMarkdownFromSlide for the content s[b, e):
 * `content.split(/^note:/mgi)`; only a split into exactly two parts moves
 * the second into the speaker notes (HEDGEDOC.md §2.4). The notes are the
 * raw text after "note:" (reveal trims it before rendering).
 */
static int add_slide(struct splitter *sp, size_t b, size_t e, unsigned h, unsigned v,
		     bool in_stack)
{
	const char *s = sp->n.s;
	if (sp->count == MAX_SLIDES) {
		diag_at(sp->d, DIAG_ERROR, sp->src, norm_file_offset(&sp->n, b),
			"more than %d slides", MAX_SLIDES);
		return -1;
	}
	if (sp->count == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 32;
		sp->v = xrealloc(sp->v, sp->cap * sizeof *sp->v);
	}
	struct slide *sl = &sp->v[sp->count++];
	memset(sl, 0, sizeof *sl);
	sl->h = h;
	sl->v = v;
	sl->in_stack = in_stack;

	size_t note = e, n_notes = 0;
	for (size_t i = b; i + 5 <= e; i++)
		if (at_bol(s, i, b) && !strncasecmp(s + i, "note:", 5) && n_notes++ == 0)
			note = i;
	size_t te = n_notes == 1 ? note : e;

	sl->offset = norm_file_offset(&sp->n, b);
	sl->first_line = line_of(sp->src, sl->offset);
	size_t rlen, fill_n;
	char fill;
	bool fires = ws_params(s + b, te - b, &fill, &fill_n);
	char *rw = fires ? ws_rewrite(sp->a, s + b, te - b, fill, fill_n, &rlen) : NULL;
	if (rw) {
		sl->text = rw;
		sl->len = rlen;
		sl->rewritten = true;
	} else {
		sl->text = take(sp, b, te, &sl->len);
	}
	if (n_notes == 1) {
		size_t nb = note + 5;
		sl->notes_line = line_of(sp->src, norm_file_offset(&sp->n, note));
		/* the rewrite runs over the whole script text, notes included */
		rw = fires ? ws_rewrite(sp->a, s + nb, e - nb, fill, fill_n, &rlen) : NULL;
		if (rw) {
			sl->notes = rw;
			sl->notes_len = rlen;
		} else {
			sl->notes = take(sp, nb, e, &sl->notes_len);
		}
	}
	return 0;
}

/* exported function documented in split.h */
int split_deck(struct arena *a, struct diag *d, const struct diag_file *src,
	       size_t body_offset, struct slide **out, size_t *n_out)
{
	struct splitter sp = { .a = a, .d = d, .src = src };
	if (body_offset > src->len)
		body_offset = src->len;
	norm_init(&sp.n, src->text + body_offset, src->len - body_offset, body_offset);
	const char *s = sp.n.s;
	size_t len = sp.n.len;

	/*
	 * reveal-markdown's slidify (reveal-markdown.js:113-173): each match
	 * closes the content before it. A vertical separator after a
	 * horizontal one opens a stack, and the content before it becomes the
	 * stack's top; content before a horizontal separator that follows a
	 * vertical one still goes into the stack. The rest after the last match
	 * is the final slide.
	 */
	int rc = 0;
	bool was_h = true;
	unsigned h = 0, stack_h = 0, v = 0;
	size_t last = 0, end;
	bool is_h;
	for (size_t p; (p = next_separator(s, len, last, &end, &is_h)) < len; last = end) {
		if (!is_h && was_h) {
			stack_h = h++;
			v = 0;
		}
		if (is_h && was_h)
			rc = add_slide(&sp, last, p, h++, 0, false);
		else
			rc = add_slide(&sp, last, p, stack_h, v++, true);
		if (rc < 0)
			break;
		was_h = is_h;
	}
	if (rc == 0)
		rc = was_h ? add_slide(&sp, last, len, h, 0, false)
			   : add_slide(&sp, last, len, stack_h, v, true);

	if (rc == 0) {
		*out = arena_alloc(a, sp.count * sizeof **out);
		memcpy(*out, sp.v, sp.count * sizeof **out);
		*n_out = sp.count;
	}
	free(sp.v);
	free(sp.n.own);
	free(sp.n.crlf);
	return rc;
}
