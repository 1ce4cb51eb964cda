/*
 * markdown.c — one slide's Markdown → DOM (see markdown.h).
 *
 * HedgeDoc renders with markdown-it (HEDGEDOC.md §3); we parse with
 * cmark-gfm and bring its output to markdown-it's where they differ:
 *
 *   markdown-it (HedgeDoc)              here
 *   breaks: true                        CMARK_OPT_HARDBREAKS
 *   typographer                         typographer.c on the tree
 *   linkify (linkify-it, fuzzy)         the autolink extension + a DOM pass
 *                                       for bare hosts with a known TLD
 *   ~~x~~ → <s>                         md_ext.c, with ==mark== ++ins++
 *   table alignment as style=           CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
 *   fence → class="LANG hljs"           language-LANG → LANG hljs
 *   markdown-it-imsize `=WxH`           a pre-pass moves the size into the
 *                                       URL, the DOM pass makes attributes
 *   mark ins sub sup mathjax emoji      md_ext.c (cmark-gfm extensions);
 *   container deflist, {%embeds%}       math through texmath.c (DOM pass)
 *   markdown-it-footnote                CMARK_OPT_FOOTNOTES, reshaped in the
 *                                       DOM pass; `^[inline]` by the pre-pass
 *   markdown-it-abbr                    the pre-pass takes `*[X]: …` lines,
 *                                       the DOM pass adds <abbr>
 *   [TOC]                               the DOM pass (an empty div.toc)
 *   finishView task lists, tags         the DOM pass (li from Markdown only)
 *
 * Before parsing, `&lt;`/`&gt;` become `<`/`>` as reveal-markdown does
 * (§2.5). The HTML cmark renders (raw HTML kept, source positions on) goes
 * through html.c: gumbo, HedgeDoc's sanitizer, the comment attributes.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "markdown/markdown.h"
#include "markdown/blocks.h"
#include "markdown/emphasis.h"
#include "markdown/texmath.h"
#include "markdown/md_ext.h"
#include "base/diag.h"
#include "markdown/dom.h"
#include "markdown/highlight.h"
#include "markdown/html.h"
#include "markdown/xss.h"
#include "markdown/mdurl.h"
#include "markdown/typographer.h"
#include "base/scs_limits.h"
#include "markdown/split.h"
#include "base/util.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <glib.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CMARK_OPTIONS (CMARK_OPT_SOURCEPOS | CMARK_OPT_HARDBREAKS | \
		       CMARK_OPT_UNSAFE | \
		       CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES | CMARK_OPT_FOOTNOTES)

/* The marker the imsize pre-pass appends to an image URL. */
#define IMSIZE_MARK "#scs-imsize="

/* ---- pre-pass: &lt; &gt;, =WxH, *[abbr]: definitions --------------------- */

struct abbr {
	const char *label, *title;
	size_t label_len;
};

struct abbrs {
	struct arena *a;
	struct abbr *v;
	size_t n, cap;
};

/*
 * markdown-it-abbr's abbr_def on the line s[0..n): `*[label]: title` after
 * the indentation, the label without `[`, the title not empty. The first
 * definition of a label wins. Returns true when the line is one (the
 * caller blanks it: the rule consumes the line and ends a paragraph).
 */
static bool abbr_def(struct abbrs *ab, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i + 2 >= n || s[i] != '*' || s[i + 1] != '[')
		return false;
	size_t l0 = i + 2, l1 = 0;
	for (size_t k = l0; k < n; k++) {
		if (s[k] == '[')
			return false;
		if (s[k] == ']') {
			l1 = k;
			break;
		}
		if (s[k] == '\\')
			k++;
	}
	if (!l1 || l1 + 1 >= n || s[l1 + 1] != ':' || l1 == l0)
		return false;
	size_t t0 = l1 + 2, t1 = n;
	while (t0 < t1 && (s[t0] == ' ' || s[t0] == '\t' || s[t0] == '\r'))
		t0++;
	while (t1 > t0 && (s[t1 - 1] == ' ' || s[t1 - 1] == '\t' || s[t1 - 1] == '\r'))
		t1--;
	if (t0 == t1)
		return false;
	if (!ab)
		return true;
	char *label = arena_alloc(ab->a, l1 - l0 + 1);
	size_t ll = 0;
	for (size_t k = l0; k < l1; k++) {
		if (s[k] == '\\' && k + 1 < l1)
			k++;
		label[ll++] = s[k];
	}
	for (size_t k = 0; k < ab->n; k++)
		if (ab->v[k].label_len == ll && !memcmp(ab->v[k].label, label, ll))
			return true;
	if (ab->n == ab->cap) {
		size_t cap = ab->cap ? ab->cap * 2 : 8;
		struct abbr *v = arena_alloc(ab->a, cap * sizeof *v);
		if (ab->n)
			memcpy(v, ab->v, ab->n * sizeof *v);
		ab->v = v;
		ab->cap = cap;
	}
	ab->v[ab->n++] = (struct abbr){ label, arena_strndup(ab->a, s + t0, t1 - t0), ll };
	return true;
}

static bool is_digit_pct(char c)
{
	return (c >= '0' && c <= '9') || c == '%';
}

/* A fence opening or closing line: up to 3 spaces, then ≥3 ` or ~.
 * Returns the run length and sets *ch, or 0. */
static size_t fence_run(const char *s, size_t n, char *ch)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i >= n || (s[i] != '`' && s[i] != '~'))
		return 0;
	char c = s[i];
	size_t j = i;
	while (j < n && s[j] == c)
		j++;
	if (j - i < 3)
		return 0;
	if (c == '`' && memchr(s + j, '`', n - j))
		return 0;   /* a backtick fence's info string has no backticks */
	*ch = c;
	return j - i;
}

/* Fenced code as a line-by-line scan meets it. */
struct fence {
	bool in;        /* inside a fence */
	char ch;        /* its character */
	size_t len;     /* its run length */
};

/* Whether the line s[0..n) is a fence's opening or closing line or inside
 * one (to be passed over as code); f follows the fence. */
static bool fence_line(struct fence *f, const char *s, size_t n)
{
	char ch = 0;
	size_t run = fence_run(s, n, &ch);
	if (!f->in && !run)
		return false;
	if (!f->in) {
		f->in = true;
		f->ch = ch;
		f->len = run;
	} else if (run >= f->len && ch == f->ch) {
		f->in = false;
	}
	return true;
}

/*
 * What label_end found for each '[' it met, so that a run of `![` or `^[`
 * (320 KB of them took 19 s) is read once, not once per bracket: a label
 * inside one is skipped as a whole, and one that never closes means the
 * enclosing ones do not either. Scanning from an inner '[' reads the same
 * characters as scanning through it (an escape is two bytes from either
 * start), so its end is the same wherever the scan began.
 */
struct labels {
	size_t *end;                /* per byte: 0 unknown, LABEL_OPEN, or the ']' */
	size_t n;
	size_t *stack;              /* the '['s being read */
};
#define LABEL_OPEN SIZE_MAX

static void labels_free(struct labels *lb)
{
	free(lb->end);
	free(lb->stack);
}

/* The end of a balanced [...] label starting at s[i] == '[', or 0. */
static size_t label_end(struct labels *lb, const char *s, size_t n, size_t i)
{
	if (!lb->end) {
		lb->end = xcalloc(n + 1, sizeof *lb->end);
		lb->stack = xmalloc((n + 1) * sizeof *lb->stack);
		lb->n = n;
	}
	if (lb->end[i])
		return lb->end[i] == LABEL_OPEN ? 0 : lb->end[i];
	size_t depth = 0;
	lb->stack[depth++] = i;
	for (size_t k = i + 1; k < n; k++) {
		if (s[k] == '\\') {
			k++;
			continue;
		}
		if (s[k] == '\n' && k + 1 < n && s[k + 1] == '\n')
			break;      /* a blank line ends the paragraph */
		if (s[k] == '[') {
			if (lb->end[k] == LABEL_OPEN)
				break;
			if (lb->end[k])
				k = lb->end[k];
			else
				lb->stack[depth++] = k;
		} else if (s[k] == ']') {
			lb->end[lb->stack[--depth]] = k;
			if (!depth)
				return k;
		}
	}
	while (depth)
		lb->end[lb->stack[--depth]] = LABEL_OPEN;
	return 0;
}

/*
 * markdown-it-imsize: `![alt](url "title" =WxH)`, a space before `=`, the
 * `x` mandatory, W and H digits or `%` (lib/index.js, parse_image_size.js).
 * At s[i] == '!', returns the end (after ')') and fills the pieces when it
 * matches, else 0.
 */
struct imsize {
	size_t dest_end;            /* where the marker goes */
	size_t eq, size_end;        /* the `=WxH` text */
	size_t w0, w1, h0, h1;
};

static size_t match_imsize(struct labels *lb, const char *s, size_t n, size_t i,
			   struct imsize *m)
{
	if (i + 1 >= n || s[i + 1] != '[')
		return 0;
	size_t j = label_end(lb, s, n, i + 1);
	if (!j || j + 1 >= n || s[j + 1] != '(')
		return 0;
	j += 2;
	while (j < n && (s[j] == ' ' || s[j] == '\n'))
		j++;
	if (j < n && s[j] == '<') {
		while (j < n && s[j] != '>' && s[j] != '\n')
			j++;
		if (j >= n || s[j] != '>')
			return 0;
		m->dest_end = j;     /* before '>' */
		j++;
	} else {
		int paren = 0;
		while (j < n && (unsigned char)s[j] > ' ') {
			if (s[j] == '\\' && j + 1 < n) {
				j += 2;
				continue;
			}
			if (s[j] == '(' && ++paren > 32)
				return 0;   /* markdown-it's parseLinkDestination limit;
				               also keeps `![a](` repeated linear */
			else if (s[j] == ')' && paren-- == 0)
				break;
			j++;
		}
		m->dest_end = j;
	}
	while (j < n && (s[j] == ' ' || s[j] == '\n'))
		j++;
	if (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == '(')) {
		char close = s[j] == '(' ? ')' : s[j];
		size_t k = j + 1;
		while (k < n && s[k] != close) {
			if (s[k] == '\\')
				k++;
			k++;
		}
		if (k >= n)
			return 0;
		j = k + 1;
		while (j < n && (s[j] == ' ' || s[j] == '\n'))
			j++;
	}
	if (j >= n || s[j] != '=' || s[j - 1] != ' ')
		return 0;
	m->eq = j++;
	m->w0 = j;
	while (j < n && is_digit_pct(s[j]))
		j++;
	m->w1 = j;
	if (j >= n || s[j] != 'x')
		return 0;
	m->h0 = ++j;
	while (j < n && is_digit_pct(s[j]))
		j++;
	m->h1 = m->size_end = j;
	while (j < n && (s[j] == ' ' || s[j] == '\n'))
		j++;
	if (j >= n || s[j] != ')')
		return 0;
	return j + 1;
}

/* Past a code span opening at s[i] (a run of backticks), or i + run length
 * when it has no closing run (then the backticks are literal). */
static size_t skip_code_span(const char *s, size_t n, size_t i)
{
	size_t run = 0;
	while (i + run < n && s[i + run] == '`')
		run++;
	for (size_t k = i + run; k < n; k++) {
		if (s[k] == '\n' && k + 1 < n && s[k + 1] == '\n')
			break;
		if (s[k] != '`')
			continue;
		size_t r = 0;
		while (k + r < n && s[k + r] == '`')
			r++;
		if (r == run)
			return k + r;
		k += r - 1;
	}
	return i + run;
}

static bool link_valid(const char *url);

/* A footnote definition line `[^label]:` followed by 8 or more columns of
 * white space and text: the offset just past the ':', else 0. */
static size_t footnote_code(const char *s, size_t n)
{
	size_t i = strspn(s, " ");
	if (i > 3 || n - i < 4 || s[i] != '[' || s[i + 1] != '^')
		return 0;
	size_t k = i + 2;
	while (k < n && s[k] != ']' && !g_ascii_isspace(s[k]))
		k++;
	if (k == i + 2 || k + 1 >= n || s[k] != ']' || s[k + 1] != ':')
		return 0;
	size_t c = k + 2, col = c;   /* tab stops count from the line start */
	while (c < n && (s[c] == ' ' || s[c] == '\t'))
		col += s[c++] == '\t' ? 4 - col % 4 : 1;
	return col - (k + 2) >= 8 && c < n && s[c] != '\r' ? k + 2 : 0;
}

/* The columns of a table delimiter row s[0..n) as markdown-it's table
 * rule reads them (/^[-:|][-:|\s]*$/, each cell /^:?-+:?$/, empty first
 * and last cells dropped), or 0 when it is none. */
static size_t delim_row_cols(const char *s, size_t n)
{
	size_t a = 0;
	while (a < n && (s[a] == ' ' || s[a] == '\t'))
		a++;
	if (a >= 4 || a >= n || !strchr("-:|", s[a]))
		return 0;
	for (size_t k = a; k < n; k++)
		if (!strchr("-:| \t\r", s[k]))
			return 0;
	size_t cols = 0, cells = 0;
	for (size_t c0 = 0; c0 <= n; cells++) {
		size_t c1 = c0;
		while (c1 < n && s[c1] != '|')
			c1++;
		size_t x = c0, y = c1;
		while (x < y && strchr(" \t\r", s[x]))
			x++;
		while (y > x && strchr(" \t\r", s[y - 1]))
			y--;
		bool edge = cells == 0 || c1 >= n;
		if (x == y && edge) {
			c0 = c1 + 1;
			continue;
		}
		size_t p = x + (s[x] == ':'), q = y - (y > p && s[y - 1] == ':');
		if (p >= q)
			return 0;
		for (size_t k = p; k < q; k++)
			if (s[k] != '-')
				return 0;
		cols++;
		c0 = c1 + 1;
	}
	return cols;
}

/* The columns of a table header row (escapedSplit on the trimmed line,
 * empty first and last cells dropped). */
static size_t header_cols(const char *s, size_t n)
{
	while (n && (s[0] == ' ' || s[0] == '\t'))
		s++, n--;
	while (n && strchr(" \t\r", s[n - 1]))
		n--;
	size_t cols = 1;
	for (size_t k = 0; k < n; k++) {
		if (s[k] == '\\') {
			k++;
			continue;
		}
		cols += s[k] == '|';
	}
	if (n && s[0] == '|')
		cols--;
	if (n > 1 && s[n - 1] == '|' && s[n - 2] != '\\')
		cols--;
	return cols;
}

/* A line `[label]: URL` (the URL on that line) that markdown-it's
 * reference rule refuses for its URL (validateLink): it stays paragraph
 * text there, so its '[' is escaped for cmark. */
static bool bad_reference(const char *s, size_t n)
{
	size_t i = strspn(s, " ");
	if (i > 3 || i + 1 >= n || s[i] != '[' || s[i + 1] == '^')
		return false;
	struct labels lb = { NULL, 0, NULL };
	size_t rb = label_end(&lb, s, n, i);
	labels_free(&lb);
	if (!rb || rb + 1 >= n || s[rb + 1] != ':')
		return false;
	size_t d = rb + 2;
	while (d < n && (s[d] == ' ' || s[d] == '\t'))
		d++;
	d += d < n && s[d] == '<';
	if (d >= n)
		return false;
	char *url = g_strndup(s + d, n - d);
	bool bad = !link_valid(url);
	g_free(url);
	return bad;
}

/* The columns of a GFM table's delimiter row (`| :-- | --: |`), or 0. */
static size_t delimiter_cols(const char *s, size_t n)
{
	size_t cols = 0, i = 0;
	bool dash = false, pipe = false;
	for (; i < n; i++) {
		char c = s[i];
		if (c == '-') {
			dash = true;
		} else if (c == '|') {
			cols += dash;
			dash = false;
			pipe = true;
		} else if (c != ':' && c != ' ' && c != '\t' && c != '\r') {
			return 0;
		}
	}
	cols += dash;
	return pipe || cols == 1 ? cols : 0;
}

/*
 * cmark-gfm gives every row of a table as many cells as its header has, so
 * a header of 1 000 columns over 10 000 short lines (24 KB) made 10 million
 * cells (47 s, 8.7 GB). The rows of a table past MAX_TABLE_CELLS cells are
 * made a block quote's text instead: a '>' before the first of them ends
 * the table (GFM §4.10: another block) and keeps the lines where they were.
 * *cut is set when that happened.
 */
struct table_guard {
	size_t cols, cells;         /* of the table being read; cols 0: none */
	bool prev_pipe, cut;
};

static void table_guard_line(struct table_guard *tg, const char *s, size_t n,
			     struct strbuf *out)
{
	bool blank = true;
	for (size_t k = 0; k < n && blank; k++)
		blank = s[k] == ' ' || s[k] == '\t' || s[k] == '\r';
	bool pipe = memchr(s, '|', n) != NULL;
	size_t dc;
	if (blank) {
		tg->cols = 0;
	} else if (tg->cols) {
		tg->cells += tg->cols;
		if (tg->cells > MAX_TABLE_CELLS) {
			strbuf_puts(out, "> ");
			tg->cols = 0;
			tg->cut = true;
		}
	} else if (tg->prev_pipe && (dc = delimiter_cols(s, n)) > 0) {
		tg->cols = dc;
		tg->cells = 2 * dc;
	}
	tg->prev_pipe = pipe;
}

/* The number of the line b's next byte is on, counting from where the
 * last call stopped (*pos, *line: 0, 1 at first). */
static int count_lines(const struct strbuf *b, size_t *pos, int *line)
{
	for (; *pos < b->len; ++*pos)
		*line += b->s[*pos] == '\n';
	return *line;
}

static void preprocess(const char *in, size_t n, struct strbuf *out, struct abbrs *ab,
		       bool *table_cut, GArray *added)
{
	/* &lt; → <, &gt; → > everywhere (reveal-markdown, HEDGEDOC.md §2.5). */
	struct strbuf t;
	strbuf_init(&t, 0);
	for (size_t i = 0; i < n; i++) {
		if (in[i] == '&' && i + 3 < n && in[i + 2] == 't' && in[i + 3] == ';' &&
		    (in[i + 1] == 'l' || in[i + 1] == 'g')) {
			strbuf_append(&t, in[i + 1] == 'l' ? "<" : ">", 1);
			i += 3;
		} else {
			strbuf_append(&t, in + i, 1);
		}
	}
	const char *s = t.s ? t.s : "";
	n = t.len;

	/* =WxH and ^[inline notes], outside fenced code and code spans */
	struct labels lb = { NULL, 0, NULL };
	struct table_guard tg = { 0, 0, false, false };
	struct strbuf notes;
	strbuf_init(&notes, 0);
	unsigned n_inline = 0;
	bool prev_row = false, in_table = false;
	struct fence fence = { false, 0, 0 };
	bool ta_raw = false;    /* in a <textarea> raw block (md_blocks_textarea) */
	size_t lc_pos = 0;      /* count_lines() */
	int lc = 1;
	size_t i = 0;
	while (i < n) {
		size_t eol = i;
		while (eol < n && s[eol] != '\n')
			eol++;
		if (fence_line(&fence, s + i, eol - i)) {
			strbuf_append(out, s + i, eol - i + (eol < n));
			i = eol + 1;
			continue;
		}
		size_t fn_code = footnote_code(s + i, eol - i);
		if (fn_code) {
			/* markdown-it-footnote: a definition whose text starts 4
			 * columns past the 4 it indents is an indented code block;
			 * cmark-gfm sees one on the next line */
			size_t c0 = fn_code, col = fn_code;
			while (c0 < eol - i && (s[i + c0] == ' ' || s[i + c0] == '\t'))
				col += s[i + c0++] == '\t' ? 4 - col % 4 : 1;
			strbuf_append(out, s + i, fn_code);
			strbuf_puts(out, "\n");
			md_blocks_line_added(added, count_lines(out, &lc_pos, &lc));
			for (size_t k = fn_code; k < col; k++)
				strbuf_puts(out, " ");
			i += c0;
		}
		if (bad_reference(s + i, eol - i)) {
			size_t sp = strspn(s + i, " ");
			strbuf_append(out, s + i, sp);
			strbuf_puts(out, "\\");
			i += sp;
		}
		if (abbr_def(ab, s + i, eol - i)) {
			strbuf_append(out, "\n", eol < n);
			i = eol + 1;
			continue;
		}
		table_guard_line(&tg, s + i, eol - i, out);
		/* A line of just "|" under a table row is one more (empty) row
		 * to markdown-it's table rule, but ends the table for cmark-gfm. */
		bool pipe_only = false, has_pipe = memchr(s + i, '|', eol - i) != NULL;
		if (has_pipe) {
			size_t a = i, z = eol;
			while (a < z && (s[a] == ' ' || s[a] == '\t'))
				a++;
			while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\r'))
				z--;
			pipe_only = z == a + 1 && s[a] == '|';
		}
		if (pipe_only && prev_row && in_table) {
			strbuf_puts(out, "| |");
			strbuf_append(out, s + eol, eol < n);
			i = eol + 1;
			continue;
		}
		size_t nl = eol < n ? eol + 1 : n, nle = nl;
		while (nle < n && s[nle] != '\n')
			nle++;
		size_t cols = has_pipe ? delim_row_cols(s + nl, nle - nl) : 0;
		if (cols && !prev_row) {
			/* markdown-it's table rule comes before its heading and
			 * list rules: `# a | b` over a delimiter row is a table's
			 * header row, which cmark-gfm sees only in a paragraph */
			size_t a = strspn(s + i, " ");
			if (a < 4 && i + a < eol && strchr("#-+*", s[i + a]) &&
			    header_cols(s + i, eol - i) == cols) {
				strbuf_append(out, s + i, a);
				strbuf_puts(out, "\\");
				i += a;
			}
		}
		in_table = has_pipe && (in_table || cols);
		prev_row = has_pipe;
		/* one line of a paragraph (code spans and images may run on) */
		size_t j = i;
		while (j < n && j <= eol) {
			if (s[j] == '`') {
				size_t e = skip_code_span(s, n, j);
				strbuf_append(out, s + j, e - j);
				j = e;
				continue;
			}
			/* markdown-it-footnote's inline note `^[text]`: a reference
			 * here and a definition after the slide's text, so cmark
			 * numbers it among the others by its place */
			size_t fe;
			if (s[j] == '^' && j + 1 < n && s[j + 1] == '[' &&
			    (fe = label_end(&lb, s, n, j + 1)) > j + 2 && (fe + 1 >= n || s[fe + 1] != '^')) {
				strbuf_printf(out, "[^scs-inline-%u]", ++n_inline);
				strbuf_printf(&notes, "\n\n[^scs-inline-%u]: %.*s", n_inline,
					      (int)(fe - j - 2), s + j + 2);
				j = fe + 1;
				continue;
			}
			/* `[^label]` with a line break in the label: no footnote
			 * reference to markdown-it-footnote, and cmark-gfm's
			 * would lose the label's text: a literal '[' */
			if (s[j] == '[' && j + 1 < n && s[j + 1] == '^' &&
			    (fe = label_end(&lb, s, n, j)) > j && memchr(s + j, '\n', fe - j) &&
			    (fe + 1 >= n || (s[fe + 1] != '(' && s[fe + 1] != '['))) {
				strbuf_puts(out, "&#91;");
				j++;
				continue;
			}
			/* markdown-it's entity rule takes at most 7 decimal or 6
			 * hex digits; cmark more: a longer one is text */
			if (s[j] == '&' && j + 2 < n && s[j + 1] == '#') {
				bool hex = s[j + 2] == 'x' || s[j + 2] == 'X';
				size_t d = j + 2 + hex;
				while (d < n && (hex ? g_ascii_isxdigit(s[d]) : g_ascii_isdigit(s[d])))
					d++;
				if (d < n && s[d] == ';' && d - (j + 2 + hex) > (hex ? 6u : 7u)) {
					strbuf_puts(out, "\\&");
					j++;
					continue;
				}
			}
			size_t ta = md_blocks_textarea(s, n, j, out, &ta_raw);
			if (ta) {
				j += ta;
				continue;
			}
			struct imsize m;
			size_t e = s[j] == '!' ? match_imsize(&lb, s, n, j, &m) : 0;
			if (e) {
				strbuf_append(out, s + j, m.dest_end - j);
				strbuf_printf(out, IMSIZE_MARK "%.*sx%.*s", (int)(m.w1 - m.w0),
					      s + m.w0, (int)(m.h1 - m.h0), s + m.h0);
				strbuf_append(out, s + m.dest_end, m.eq - m.dest_end);
				strbuf_append(out, s + m.size_end, e - m.size_end);
				j = e;
				continue;
			}
			strbuf_append(out, s + j, 1);
			j++;
		}
		i = j;
	}
	strbuf_free(&t);
	labels_free(&lb);
	*table_cut = tg.cut;
	if (notes.s && !fence.in)
		strbuf_append(out, notes.s, notes.len);
	strbuf_free(&notes);
	if (!out->s)
		strbuf_append(out, "", 0);
}

/* ---- AST pass: no fuzzy link right after an escape ---------------------- */

/*
 * markdown-it's linkify leaves a schema-less link alone when it starts a
 * text token right after an escape or entity (`\<me@x.org\>`, `&lt;x.org`:
 * rules_core/linkify.js, "forbid escape sequence at the start"). cmark-gfm
 * has merged the text nodes by now, so each run of text nodes and
 * autolinks among siblings is read once against its source to find where
 * escapes and entities ended. A link the autolink extension made right
 * after one (an e-mail or www. address) becomes text again, and a word
 * joiner there keeps fix_linkify's fuzzy links off (it links nothing after
 * U+2060, which draws nothing).
 */

static size_t fuzzy_link(const char *s, size_t n, size_t i);

/* The literal of a single-text link (an autolink), else NULL. */
static const char *autolink_text(cmark_node *n)
{
	cmark_node *t = n && cmark_node_get_type(n) == CMARK_NODE_LINK ?
			cmark_node_first_child(n) : NULL;
	return t && cmark_node_get_type(t) == CMARK_NODE_TEXT && !cmark_node_next(t) ?
	       cmark_node_get_literal(t) : NULL;
}

/* An autolink of the fuzzy kind markdown-it's rule is about. */
static bool fuzzy_autolink(cmark_node *n)
{
	const char *text = autolink_text(n), *url = text ? cmark_node_get_url(n) : NULL;
	return url && ((!strncmp(url, "mailto:", 7) && !strcmp(url + 7, text)) ||
		       (!strncmp(url, "http://", 7) && !strcmp(url + 7, text) &&
			!strncmp(text, "www.", 4)));
}

/* Read literal l against the source from *i: offsets into l just after an
 * escape or entity go to out (at most max, counted in *k). false (and *i
 * unknown) when the two part ways. */
static bool read_source(const struct md_source *src, size_t *i, const char *l, size_t *out,
			size_t max, size_t *k)
{
	size_t n = strlen(l);
	unsigned char *mask = xmalloc(n + 1);
	bool ok = md_source_map(src, i, l, n, mask);
	for (size_t j = 0; ok && j < n; j++)
		if (mask[j] && (j + 1 == n || !mask[j + 1] || ((unsigned char)l[j + 1] & 0xC0) != 0x80) &&
		    *k < max)
			out[(*k)++] = j + 1;
	free(mask);
	return ok;
}

struct esc_fix {
	cmark_node *text, *link;  /* link: the autolink to undo, or NULL */
	size_t at;                /* where in text's literal the joiner goes */
};

/* The fixes of one parent's children, appended to fix: its runs of text
 * nodes and autolinks, each read once. The pieces the autolink extension
 * split off a text node have no position: they are read on from the one
 * before. */
static void escaped_children(const struct md_source *src, cmark_node *parent, GArray *fix)
{
	size_t i = (size_t)-1;   /* the source cursor; -1: lost */
	int html_links = 0;      /* markdown-it linkify's htmlLinkLevel */
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		bool text = cmark_node_get_type(c) == CMARK_NODE_TEXT;
		const char *h = cmark_node_get_type(c) == CMARK_NODE_HTML_INLINE ?
				cmark_node_get_literal(c) : NULL;
		if (h && !g_ascii_strncasecmp(h, "<a", 2) && (h[2] == '>' || g_ascii_isspace(h[2])))
			html_links++;
		else if (h && !g_ascii_strncasecmp(h, "</a", 3) && html_links > 0)
			html_links--;
		/* no linkify link inside an HTML <a> (an autolink <…> is one) */
		size_t at = md_source_offset(src, c);
		if (html_links && autolink_text(c) && (at >= src->len || src->md[at] != '<')) {
			struct esc_fix x = { NULL, c, 0 };
			g_array_append_val(fix, x);
			i = (size_t)-1;
			continue;
		}
		/* linkify-it's schema links need a boundary before them: not a
		 * letter, digit or one of .:/\-_@ (cmark-gfm links after '\') */
		cmark_node *prev = cmark_node_previous(c);
		const char *pl = prev && cmark_node_get_type(prev) == CMARK_NODE_TEXT ?
				 cmark_node_get_literal(prev) : NULL;
		if (!text && pl && *pl && i < src->len && src->md[i] != '<' && autolink_text(c) &&
		    !strcmp(autolink_text(c), cmark_node_get_url(c)) &&
		    (g_ascii_isalnum(pl[strlen(pl) - 1]) || strchr(".:/\\-_@", pl[strlen(pl) - 1]))) {
			struct esc_fix x = { NULL, c, 0 };
			g_array_append_val(fix, x);
			i = (size_t)-1;
			continue;
		}
		if (!text && !autolink_text(c)) {
			i = (size_t)-1;
			continue;
		}
		if (md_source_offset(src, c) != (size_t)-1)
			i = md_source_offset(src, c);
		if (i == (size_t)-1)
			continue;
		const char *lit = text ? cmark_node_get_literal(c) : autolink_text(c);
		size_t ends[16], k = 0;
		if (!lit || !read_source(src, &i, lit, ends, ARRAY_LEN(ends), &k)) {
			i = (size_t)-1;
			continue;
		}
		size_t n = strlen(lit);
		/* an e-mail address with an escape inside is two text tokens
		 * to linkify, neither an address */
		if (!text && k && ends[0] < n && fuzzy_autolink(c)) {
			struct esc_fix x = { NULL, c, 0 };
			g_array_append_val(fix, x);
		}
		for (size_t e = k; text && e-- > 0;) {
			struct esc_fix x = { c, NULL, ends[e] };
			if (ends[e] == n && fuzzy_autolink(cmark_node_next(c)))
				x.link = cmark_node_next(c);
			if (x.link || (ends[e] < n && fuzzy_link(lit, n, ends[e])))
				g_array_append_val(fix, x);
		}
	}
}

static void escaped_autolinks(cmark_node *root, const char *md, size_t md_len)
{
	/* nothing to do without escapes, entities, schema links or <a> */
	if (!memchr(md, '\\', md_len) && !memchr(md, '&', md_len) &&
	    !memmem(md, md_len, "://", 3) && !strcasestr(md, "<a"))
		return;
	struct md_source src;
	md_source_init(&src, md, md_len);
	GArray *fix = g_array_new(FALSE, FALSE, sizeof(struct esc_fix));
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_first_child(n))
			escaped_children(&src, n, fix);
	}
	cmark_iter_free(it);
	md_source_free(&src);
	/* a node's later offsets come first, so earlier ones stay valid */
	for (guint k = 0; k < fix->len; k++) {
		struct esc_fix *x = &g_array_index(fix, struct esc_fix, k);
		if (x->text) {
			const char *lit = cmark_node_get_literal(x->text);
			char *s = g_strdup_printf("%.*s\u2060%s", (int)x->at, lit, lit + x->at);
			cmark_node_set_literal(x->text, s);
			g_free(s);
		}
		if (x->link) {
			cmark_node_insert_before(x->link, cmark_node_first_child(x->link));
			cmark_node_free(x->link);
		}
	}
	g_array_free(fix, TRUE);
}

/* ---- AST passes ---------------------------------------------------------- */

/* A walk over a cmark tree that knows whether it is inside an image (the
 * image's own events count as inside); the whole tree is walked once. */
struct walk {
	cmark_node *root;
	cmark_iter *it;
	cmark_event_type ev;
	int in_image;
};

static cmark_node *walk_next(struct walk *w)
{
	if (!w->it)
		w->it = cmark_iter_new(w->root);
	if ((w->ev = cmark_iter_next(w->it)) == CMARK_EVENT_DONE) {
		cmark_iter_free(w->it);
		w->it = NULL;
		return NULL;
	}
	cmark_node *n = cmark_iter_get_node(w->it);
	if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
		w->in_image += w->ev == CMARK_EVENT_ENTER ? 1 : -1;
	return n;
}

/* ---- AST pass: links markdown-it does not make ------------------------- */


/* markdown-it's validateLink: no vbscript:, javascript:, file: or data:
 * URL but data:image/(gif|png|jpeg|webp);. */
static bool link_valid(const char *url)
{
	while (*url == ' ' || *url == '\t' || *url == '\n' || *url == '\r' || *url == '\f')
		url++;
	static const char *const bad[] = { "vbscript:", "javascript:", "file:", "data:" };
	static const char *const good[] = { "data:image/gif;", "data:image/png;",
					    "data:image/jpeg;", "data:image/webp;" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (g_ascii_strncasecmp(url, bad[i], strlen(bad[i])))
			continue;
		for (size_t k = 0; k < ARRAY_LEN(good); k++)
			if (!g_ascii_strncasecmp(url, good[k], strlen(good[k])))
				return true;
		return false;
	}
	return true;
}

/* s[0..n) as inline text: backslash escapes and the common entities
 * decoded (the rest of a link markdown-it did not make). */
static void put_inline_text(struct strbuf *b, const char *s, size_t n)
{
	static const struct { const char *name, *text; } named[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
		{ "&apos;", "'" }, { "&nbsp;", "\xc2\xa0" },
	};
	for (size_t i = 0; i < n;) {
		if (s[i] == '\\' && i + 1 < n && g_ascii_ispunct(s[i + 1])) {
			strbuf_append(b, s + i + 1, 1);
			i += 2;
			continue;
		}
		if (s[i] == '&' && i + 2 < n && s[i + 1] == '#') {
			bool hex = s[i + 2] == 'x' || s[i + 2] == 'X';
			size_t d = i + 2 + hex;
			gunichar c = 0;
			while (d < n && d - i < 10 && (hex ? g_ascii_isxdigit(s[d]) : g_ascii_isdigit(s[d])))
				c = c * (hex ? 16 : 10) + (gunichar)g_ascii_xdigit_value(s[d++]);
			if (d < n && s[d] == ';' && d > i + 2 + hex) {
				char u[8];
				if (!c || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
					c = 0xFFFD;
				strbuf_append(b, u, (size_t)g_unichar_to_utf8(c, u));
				i = d + 1;
				continue;
			}
		}
		size_t k;
		for (k = 0; k < ARRAY_LEN(named); k++)
			if (!strncmp(s + i, named[k].name, MIN(n - i, strlen(named[k].name))) &&
			    n - i >= strlen(named[k].name))
				break;
		if (k < ARRAY_LEN(named)) {
			strbuf_puts(b, named[k].text);
			i += strlen(named[k].name);
			continue;
		}
		strbuf_append(b, s + i, 1);
		i++;
	}
}

/*
 * A link or image whose URL markdown-it's validateLink refuses is not one
 * there: `[text](javascript:…)` stays text, its description parsed as
 * usual, the rest literal; `<javascript:…>` is text too.
 */
static void invalid_links(cmark_node *root, const char *md, size_t len)
{
	GPtrArray *bad = NULL;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) &&
		    cmark_node_get_url(n) && !link_valid(cmark_node_get_url(n))) {
			if (!bad)
				bad = g_ptr_array_new();
			g_ptr_array_add(bad, n);
		}
	}
	cmark_iter_free(it);
	if (!bad)
		return;
	struct md_source src;
	md_source_init(&src, md, len);
	for (guint i = bad->len; i-- > 0;) {
		cmark_node *n = g_ptr_array_index(bad, i);
		size_t at = md_source_offset(&src, n);
		bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
		size_t lb = at + image;
		struct strbuf head, tail;
		strbuf_init(&head, 0);
		strbuf_init(&tail, 0);
		struct labels labels = { NULL, 0, NULL };
		size_t rb = at < len && md[lb] == '[' ? label_end(&labels, md, len, lb) : 0;
		labels_free(&labels);
		int el = cmark_node_get_end_line(n), ec = cmark_node_get_end_column(n);
		size_t end = el >= 1 && (size_t)el <= src.n_lines && ec >= 1 ?
			     src.lines[el - 1] + (size_t)ec : 0;
		if (rb && end > rb && end <= len) {
			strbuf_puts(&head, image ? "![" : "[");
			put_inline_text(&tail, md + rb, end - rb);
		} else {
			/* an autolink <…> */
			strbuf_puts(&head, "<");
			strbuf_printf(&tail, ">");
		}
		md_ext_unwrap(n, head.s, tail.s);
		strbuf_free(&head);
		strbuf_free(&tail);
	}
	md_source_free(&src);
	g_ptr_array_free(bad, TRUE);
}

/* ---- AST pass: markdown-it-abbr's abbr_replace ---------------------------- */

static bool is_abbr_boundary(const char *s, size_t n, size_t i, bool before)
{
	/* markdown-it-abbr: start/end, Unicode punctuation or space, or one of
	 * the ASCII symbols ` \r\n$+<=>^`|~` */
	if (before ? i == 0 : i >= n)
		return true;
	gunichar c;
	if (before) {
		const char *p = g_utf8_find_prev_char(s, s + i);
		c = p ? g_utf8_get_char_validated(p, (gssize)(s + i - p)) : 0;
	} else {
		c = g_utf8_get_char_validated(s + i, (gssize)(n - i));
	}
	if (c == (gunichar)-1 || c == (gunichar)-2)
		return false;
	if (c < 128 && strchr(" \r\n$+<=>^`|~", (int)c))
		return true;
	GUnicodeType t = g_unichar_type(c);
	return t == G_UNICODE_SPACE_SEPARATOR || t == G_UNICODE_LINE_SEPARATOR ||
	       t == G_UNICODE_PARAGRAPH_SEPARATOR || md_unicode_punct(c);
}

/* The longest defined label at s[i] (between boundaries), or NULL. */
static const struct abbr *abbr_at(const struct abbrs *ab, const char *s, size_t n, size_t i)
{
	if (!is_abbr_boundary(s, n, i, true))
		return NULL;
	const struct abbr *hit = NULL;
	for (size_t k = 0; k < ab->n; k++) {
		const struct abbr *x = &ab->v[k];
		if (x->label_len <= n - i && !memcmp(s + i, x->label, x->label_len) &&
		    is_abbr_boundary(s, n, i + x->label_len, false) &&
		    (!hit || x->label_len > hit->label_len))
			hit = x;
	}
	return hit;
}

/*
 * Each defined label, longest first, between boundaries, in a text node
 * becomes <abbr title>: markdown-it-abbr's core rule, which runs after
 * linkify and before the typographer, on text tokens alone (so not across
 * an escape or entity, nor in an image's description).
 */
static void abbr_replace(cmark_node *root, const char *md, size_t len, const struct abbrs *ab)
{
	if (!ab->n)
		return;
	struct md_source src;
	md_source_init(&src, md, len);
	GHashTable *masks = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	GPtrArray *texts = g_ptr_array_new();
	struct walk w = { .root = root };
	cmark_node *n;
	while ((n = walk_next(&w))) {
		if (cmark_node_get_type(n) == CMARK_NODE_TEXT && !w.in_image)
			g_ptr_array_add(texts, n);
		else if (w.ev == CMARK_EVENT_ENTER && cmark_node_first_child(n) &&
			 (cmark_node_get_type(cmark_node_first_child(n)) & CMARK_NODE_TYPE_MASK) ==
			 CMARK_NODE_TYPE_INLINE)
			md_source_masks(&src, n, masks);
	}
	for (guint k = 0; k < texts->len; k++) {
		cmark_node *t = g_ptr_array_index(texts, k);
		const unsigned char *mask = g_hash_table_lookup(masks, t);
		char *lit = g_strdup(cmark_node_get_literal(t));
		size_t ln = strlen(lit), from = 0;
		for (size_t s0 = 0; s0 < ln;) {
			/* one text token: a run the mask leaves unmarked */
			size_t s1 = s0;
			while (s1 < ln && !(mask && mask[s1]))
				s1++;
			for (size_t i = s0; i < s1; i++) {
				const struct abbr *hit = abbr_at(ab, lit + s0, s1 - s0, i - s0);
				if (!hit)
					continue;
				cmark_node *before = cmark_node_new(CMARK_NODE_TEXT);
				char *piece = g_strndup(lit + from, i - from);
				cmark_node_set_literal(before, piece);
				g_free(piece);
				cmark_node *el = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
				char *title = g_markup_escape_text(hit->title, -1);
				char *open = g_strdup_printf("<abbr title=\"%s\">", title);
				cmark_node_set_on_enter(el, open);
				cmark_node_set_on_exit(el, "</abbr>");
				g_free(title);
				g_free(open);
				cmark_node *label = cmark_node_new(CMARK_NODE_TEXT);
				piece = g_strndup(lit + i, hit->label_len);
				cmark_node_set_literal(label, piece);
				g_free(piece);
				cmark_node_append_child(el, label);
				if (i > from)
					cmark_node_insert_before(t, before);
				else
					cmark_node_free(before);
				cmark_node_insert_before(t, el);
				i += hit->label_len - 1;
				from = i + 1;
			}
			s0 = s1;
			while (s0 < ln && mask && mask[s0])
				s0++;
		}
		if (from) {
			if (from < ln)
				cmark_node_set_literal(t, lit + from);
			else
				cmark_node_free(t);
		}
		g_free(lit);
	}
	g_ptr_array_free(texts, TRUE);
	g_hash_table_destroy(masks);
	md_source_free(&src);
}

/* ---- AST pass: markdown-it's normalizeLink / normalizeLinkText ---------- */

static const char *autolink_text(cmark_node *n);

/* text with the prefix prepended, normalizeLinkText'd, the prefix taken
 * off again (linkify's way with host names and e-mail addresses) */
static char *link_text_via(const char *prefix, const char *text)
{
	char *u = g_strconcat(prefix, text, NULL);
	char *t = mdurl_link_text(u);
	g_free(u);
	if (!g_str_has_prefix(t, prefix))
		return t;
	char *r = g_strdup(t + strlen(prefix));
	g_free(t);
	return r;
}

/* Every link's host to punycode; the text of an autolink or linkify link
 * decoded as markdown-it shows it (IDN hosts, %XX). */
static void normalize_links(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev != CMARK_EVENT_ENTER || (t != CMARK_NODE_LINK && t != CMARK_NODE_IMAGE))
			continue;
		const char *url = cmark_node_get_url(n), *text = autolink_text(n);
		if (!url)
			continue;
		char *nt = NULL;
		if (text && !strcmp(text, url))
			nt = mdurl_link_text(text);
		else if (text && g_str_has_prefix(url, "mailto:") && !strcmp(url + 7, text))
			nt = link_text_via("mailto:", text);
		else if (text && g_str_has_prefix(url, "http://") && !strcmp(url + 7, text))
			nt = link_text_via("http://", text);
		if (nt && strcmp(nt, text))
			cmark_node_set_literal(cmark_node_first_child(n), nt);
		g_free(nt);
		char *nu = mdurl_link(url);
		if (nu)
			cmark_node_set_url(n, nu);
		g_free(nu);
	}
	cmark_iter_free(it);
}

static cmark_parser *new_parser(void);

/* ---- markdown-it-imsize: `![a] [b]`, white space before the label ------ */

struct ref_gap {
	size_t ws, ws_end;          /* the white space in md */
	size_t end;                 /* the second label's ']' */
	size_t l0, l1;              /* the label looked up: md[l0..l1) */
};

/*
 * markdown-it-imsize's reference form skips spaces and line breaks between
 * `![a]` and `[b]` (CommonMark allows none): the image takes b's URL, or
 * a's when b is empty (`[]`), when that label is defined; else its rule
 * fails and markdown-it's own image rule reads `![a]` as CommonMark does.
 * Which labels are defined only cmark knows: a second parse of the slide
 * with `[label][]` paragraphs after it tells. The white space of the gaps
 * whose label is defined is then taken out.
 * (Only white space: a gap over a block quote's '>' is not seen.)
 */
/* Is line `line` in a paragraph, heading or table of doc? */
static bool inline_line(cmark_node *doc, int line)
{
	cmark_node *n = cmark_node_first_child(doc);
	while (n) {
		if (cmark_node_get_start_line(n) > line || cmark_node_get_end_line(n) < line) {
			n = cmark_node_next(n);
			continue;
		}
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING ||
		    !strcmp(cmark_node_get_type_string(n), "table"))
			return true;
		n = cmark_node_first_child(n);   /* a container: the block in it */
	}
	return false;
}

static void imsize_ref_gaps(struct strbuf *md)
{
	const char *s = md->s;
	size_t n = md->len;
	if (!s || !memmem(s, n, "![", 2))
		return;
	struct labels lb = { NULL, 0, NULL };
	GArray *gaps = g_array_new(FALSE, FALSE, sizeof(struct ref_gap));
	bool line_start = true;
	struct fence fence = { false, 0, 0 };
	for (size_t i = 0; i < n; i++) {
		if (line_start) {
			size_t eol = i;
			while (eol < n && s[eol] != '\n')
				eol++;
			if (fence_line(&fence, s + i, eol - i)) {
				i = eol;
				continue;
			}
		}
		line_start = s[i] == '\n';
		if (s[i] == '\\') {
			i++;
			line_start = i < n && s[i] == '\n';
			continue;
		}
		if (s[i] == '`') {
			i = skip_code_span(s, n, i) - 1;
			continue;
		}
		size_t e1, k, e2;
		if (s[i] != '!' || i + 1 >= n || s[i + 1] != '[' || !(e1 = label_end(&lb, s, n, i + 1)))
			continue;
		bool nl = false, blank = false;
		for (k = e1 + 1; k < n && (s[k] == ' ' || s[k] == '\n'); k++) {
			blank |= nl && s[k] == '\n';   /* the paragraph ends */
			nl |= s[k] == '\n';
		}
		if (k == e1 + 1 || blank || k >= n || s[k] != '[' || !(e2 = label_end(&lb, s, n, k)))
			continue;
		struct ref_gap g = { e1 + 1, k, e2, k + 1, e2 };
		bool empty = true;
		for (size_t c = k + 1; c < e2; c++)
			empty &= s[c] == ' ' || s[c] == '\n' || s[c] == '\t';
		if (empty)
			g.l0 = i + 2, g.l1 = e1;
		g_array_append_val(gaps, g);
		i = e2;
	}
	labels_free(&lb);
	if (!gaps->len || gaps->len > MAX_IMSIZE_REF_GAPS) {
		g_array_free(gaps, TRUE);
		return;
	}
	/* the probe: which `[label][]` are links after the slide's text */
	struct strbuf probe;
	strbuf_init(&probe, 0);
	strbuf_append(&probe, s, n);
	strbuf_puts(&probe, "\n\n");
	if (fence.in) {
		for (size_t k = 0; k < fence.len; k++)
			strbuf_append(&probe, &fence.ch, 1);
		strbuf_puts(&probe, "\n\n");
	}
	for (guint k = 0; k < gaps->len; k++) {
		const struct ref_gap *g = &g_array_index(gaps, struct ref_gap, k);
		strbuf_puts(&probe, "[");
		strbuf_append(&probe, s + g->l0, g->l1 - g->l0);
		strbuf_puts(&probe, "][]\n\n");
	}
	cmark_parser *p = new_parser();
	cmark_parser_feed(p, probe.s, probe.len);
	cmark_node *doc = cmark_parser_finish(p);
	strbuf_free(&probe);
	bool *defined = xcalloc(gaps->len, sizeof *defined);
	cmark_node *c = cmark_node_last_child(doc);
	for (guint k = gaps->len; k-- > 0 && c; c = cmark_node_previous(c)) {
		cmark_node *l = cmark_node_first_child(c);
		defined[k] = cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH && l &&
			     cmark_node_get_type(l) == CMARK_NODE_LINK && !cmark_node_next(l);
	}
	/* and only where inlines are parsed (not raw HTML, not code) */
	for (guint k = 0; k < gaps->len; k++) {
		const struct ref_gap *g = &g_array_index(gaps, struct ref_gap, k);
		int line = 1;
		for (size_t w = 0; w < g->ws; w++)
			line += s[w] == '\n';
		defined[k] = defined[k] && inline_line(doc, line);
	}
	cmark_node_free(doc);
	cmark_parser_free(p);
	struct strbuf out;
	strbuf_init(&out, 0);
	size_t at = 0;
	for (guint k = 0; k < gaps->len; k++) {
		const struct ref_gap *g = &g_array_index(gaps, struct ref_gap, k);
		if (!defined[k])
			continue;
		/* `![a][b]`, or `![a][a]` for an empty one; the line breaks
		 * of the gap go at the label's end (white space there is
		 * nothing to the lookup), so the lines keep their numbers */
		strbuf_append(&out, s + at, g->ws - at);
		strbuf_puts(&out, "[");
		strbuf_append(&out, s + g->l0, g->l1 - g->l0);
		for (size_t w = g->ws; w < g->ws_end; w++)
			if (s[w] == '\n')
				strbuf_puts(&out, "\n");
		strbuf_puts(&out, "]");
		at = g->end + 1;
	}
	strbuf_append(&out, s + at, n - at);
	free(defined);
	g_array_free(gaps, TRUE);
	strbuf_free(md);
	*md = out;
}

/* ---- AST pass: image descriptions as markdown-it-imsize has them ------- */

/*
 * markdown-it-imsize parses an image's description with the inline rules
 * alone (inline.tokenize), so emphasis delimiters are never paired there:
 * the alt text keeps `*foo*` and `__in__` literally (links are still
 * links and give their text). Emphasis inside an image becomes its
 * markers again; the markers come from the source.
 */
static void image_labels(cmark_node *root, const char *md, size_t len)
{
	GPtrArray *em = NULL;
	struct walk w = { .root = root };
	cmark_node *n;
	while ((n = walk_next(&w))) {
		cmark_node_type t = cmark_node_get_type(n);
		if (w.in_image && w.ev == CMARK_EVENT_ENTER &&
		    (t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG)) {
			if (!em)
				em = g_ptr_array_new();
			g_ptr_array_add(em, n);
		}
	}
	if (!em)
		return;
	struct md_source src;
	md_source_init(&src, md, len);
	for (guint i = 0; i < em->len; i++) {
		md_ext_unwrap_emphasis(g_ptr_array_index(em, i), &src);
	}
	md_source_free(&src);
	g_ptr_array_free(em, TRUE);
}

/* ---- DOM pass: markdown-it's shapes ----------------------------------- */

struct fix {
	struct arena *a;
	const char *text;          /* the slide's Markdown, for image positions */
	size_t len, cursor;
	unsigned first_line;
	struct diag *d;
	const struct diag_file *src;
	struct dom_node *section;  /* the slide's <section> or NULL */
	enum markdown_math math;
};

static void warn(struct fix *f, const struct dom_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct fix *f, const struct dom_node *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	diag_at_line(f->d, DIAG_WARNING, f->src, n ? n->src_line : f->first_line,
		     n ? n->src_col : 0, "%s", msg);
}

/* File line:col of an image: its URL found in the slide text, in order. */
static void image_position(struct fix *f, struct dom_node *img, const char *url)
{
	size_t ul = strcspn(url, "#");
	if (!ul || !f->text)
		return;
	for (size_t i = f->cursor; i + ul <= f->len; i++) {
		if (memcmp(f->text + i, url, ul))
			continue;
		unsigned line = f->first_line, col = 1;
		size_t bol = 0;
		for (size_t k = 0; k < i; k++)
			if (f->text[k] == '\n') {
				line++;
				bol = k + 1;
			}
		/* point at the `![` before the URL when it is on the same line */
		size_t st = i;
		while (st > bol && !(f->text[st - 1] == '!' && f->text[st] == '['))
			st--;
		st = st > bol ? st - 1 : i;
		col = (unsigned)(st - bol) + 1;
		img->src_line = line;
		img->src_col = col;
		f->cursor = i + ul;
		return;
	}
}

static void fix_image(struct fix *f, struct dom_node *n)
{
	const char *src = dom_get_attr(n, "src");
	if (!src)
		return;
	const char *mark = strstr(src, IMSIZE_MARK);
	if (mark) {
		const char *w = mark + strlen(IMSIZE_MARK);
		const char *x = strchr(w, 'x');
		if (x) {
			if (x > w)
				dom_set_attr(f->a, n, "width", arena_strndup(f->a, w, (size_t)(x - w)));
			if (x[1])
				dom_set_attr(f->a, n, "height", x + 1);
		}
		src = arena_strndup(f->a, src, (size_t)(mark - src));
		dom_set_attr(f->a, n, "src", src);
	}
	const char *url = src;
	if (!strncmp(url, "./", 2) && f->text && !memmem(f->text, f->len, url, strlen(url)))
		url += 2;   /* the sanitizer added ./ to a bare relative path */
	image_position(f, n, url);
}

/*
 * finishView's highlighting (HEDGEDOC.md §3): the code's text becomes
 * highlight.js's spans, <span class="hljs-keyword"> and so on, which the
 * zenburn rules in themes/hedgedoc.css colour. Names highlight.js does not
 * register go to its highlightAuto() in HedgeDoc; the grammar the name
 * stands for (an alias such as `js`) is our stand-in for that guess.
 */
static void highlight_code(struct fix *f, struct dom_node *code,
			   const struct hl_language *lang)
{
	struct dom_node *t = code->first_child;
	if (!lang || !t || t->type != DOM_TEXT || t->next)
		return;
	struct hl_spans spans = { 0 };
	if (hl_highlight(lang, t->text, t->text_len, &spans) != HL_OK || !spans.len) {
		free(spans.v);
		return;
	}
	const char *text = t->text;
	size_t len = t->text_len, pos = 0;
	dom_remove(t);
	/* later stages recurse over the DOM: deeper spans are folded into the
	 * 32nd level (highlight.js nests a few levels in real code) */
	enum { NEST = 32 };
	struct { struct dom_node *el; size_t end; } stack[NEST + 1];
	size_t depth = 0;
	struct dom_node *parent = code;
	for (size_t i = 0; i <= spans.len; i++) {
		const struct hl_span *sp = i < spans.len ? &spans.v[i] : NULL;
		size_t want = sp ? MIN(sp->depth, (size_t)NEST) : 0;
		while (depth > want) {
			/* close: the text up to the span's end */
			size_t end = stack[depth - 1].end;
			if (end > pos) {
				dom_append(parent, dom_new_text(f->a, text + pos, end - pos));
				pos = end;
			}
			depth--;
			parent = depth ? stack[depth - 1].el : code;
		}
		if (!sp)
			break;
		if (sp->start > pos) {
			dom_append(parent, dom_new_text(f->a, text + pos, sp->start - pos));
			pos = sp->start;
		}
		struct dom_node *el = dom_new_element(f->a, "span");
		dom_set_attr(f->a, el, "class", sp->sublang ? sp->cls
					       : arena_printf(f->a, "hljs-%s", sp->cls));
		el->src_line = code->src_line;
		dom_append(parent, el);
		stack[depth].el = el;
		stack[depth].end = sp->end;
		depth++;
		parent = el;
	}
	if (pos < len)
		dom_append(code, dom_new_text(f->a, text + pos, len - pos));
	free(spans.v);
}

/* HedgeDoc's fence rule: class "[wrap] LANG hljs" when there is an info
 * string; LANG loses a trailing =, =N, =+ or ! (extra.js:1132-1157). */
static void fix_code(struct fix *f, struct dom_node *n)
{
	const char *cls = dom_get_attr(n, "class");
	if (!cls || strncmp(cls, "language-", 9))
		return;
	const char *lang = cls + 9;
	size_t l = strcspn(lang, " \t\n\v\f\r");   /* info.split(/\s+/)[0] */
	bool wrap = l && lang[l - 1] == '!';
	size_t k = l;
	if (k && lang[k - 1] == '!')
		k--;
	if (k && lang[k - 1] == '+' && k >= 2 && lang[k - 2] == '=')
		k -= 2;
	else {
		size_t d = k;
		while (d && lang[d - 1] >= '0' && lang[d - 1] <= '9')
			d--;
		if (d && lang[d - 1] == '=')
			k = d - 1;
	}
	dom_set_attr(f->a, n, "class", arena_printf(f->a, "%s%.*s hljs", wrap ? "wrap " : "",
						   (int)k, lang));
	/* highlightRender's diagram languages: left as their source for the
	 * diagram stage (diagrams/diagrams.h) */
	static const char *const diagrams[] = { "abc", "flow", "graphviz", "mermaid", "sequence" };
	for (size_t i = 0; i < ARRAY_LEN(diagrams); i++)
		if (strlen(diagrams[i]) == k && !strncmp(lang, diagrams[i], k))
			return;
	highlight_code(f, n, hl_language_find(lang, k));
}

/* finishView's task lists: a leading [ ] / [x] in a Markdown list item (or
 * its only paragraph) becomes a disabled checkbox (extra.js:263-291). */
static void fix_task_item(struct fix *f, struct dom_node *li)
{
	/* a class from an `.element` comment replaced markdown-it's `raw`,
	 * so finishView never sees the item (HEDGEDOC.md §9.18) */
	if (!li->from_markdown || dom_get_attr(li, "class"))
		return;
	struct dom_node *target = li, *only_p = NULL;
	int n_p = 0;
	for (struct dom_node *c = li->first_child; c; c = c->next)
		if (dom_is(c, "p")) {
			n_p++;
			only_p = c;
		}
	if (n_p == 1)
		target = only_p;
	struct dom_node *t = target->first_child;
	if (!t || t->type != DOM_TEXT)
		return;
	const char *s = t->text;
	size_t i = 0;
	while (i < t->text_len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
		i++;
	if (i + 3 > t->text_len || s[i] != '[' || s[i + 2] != ']' ||
	    (s[i + 1] != ' ' && s[i + 1] != 'x' && s[i + 1] != 'X'))
		return;
	bool checked = s[i + 1] != ' ';
	i += 3;
	while (i < t->text_len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
		i++;
	t->text += i;
	t->text_len -= i;
	struct dom_node *box = dom_new_element(f->a, "input");
	dom_set_attr(f->a, box, "type", "checkbox");
	dom_set_attr(f->a, box, "class", "task-list-item-checkbox");
	if (checked)
		dom_set_attr(f->a, box, "checked", "");
	dom_set_attr(f->a, box, "disabled", "");
	box->src_line = li->src_line;
	dom_insert_before(t, box);
	struct dom_node *label = dom_new_element(f->a, "label");
	dom_insert_before(t, label);
	if (!t->text_len)
		dom_remove(t);
	dom_set_attr(f->a, target == li ? li : target->parent, "class", "task-list-item");
}

/* ---- DOM pass: math, emoji, footnotes, [TOC], tags, abbreviations ------- */

static void remove_children(struct dom_node *n)
{
	while (n->first_child)
		dom_remove(n->first_child);
}

static void add_class(struct arena *a, struct dom_node *n, const char *cls)
{
	const char *old = dom_get_attr(n, "class");
	dom_set_attr(a, n, "class", old && *old ? arena_printf(a, "%s %s", old, cls) : cls);
}

/* The text of n's subtree, concatenated (arena). */
static char *text_of(struct arena *a, const struct dom_node *n, size_t *len)
{
	struct strbuf b;
	strbuf_init(&b, 0);
	for (const struct dom_node *t = n; t; t = dom_walk_next(n, t, false))
		if (t->type == DOM_TEXT)
			strbuf_append(&b, t->text, t->text_len);
	*len = b.len;
	char *r = arena_strndup(a, b.s ? b.s : "", b.len);
	strbuf_free(&b);
	return r;
}

/*
 * <span class="mathjax" data-math="inline|display">TeX</span> (md_ext.c)
 * → readable Unicode math (texmath.c) in a serif face, as MathJax draws TeX
 * in its own serif fonts; display math is a centred block with MathJax's
 * 1em margins (MathJax_Display).
 */
static void fix_math(struct fix *f, struct dom_node *n)
{
	const char *kind = dom_get_attr(n, "data-math");
	if (!kind)
		return;
	bool display = !strcmp(kind, "display");
	size_t len;
	char *tex = text_of(f->a, n, &len);
	remove_children(n);
	if (f->math == MARKDOWN_MATH_TEX) {
		/* markdown-it-mathjax's `<span class="mathjax raw">\(…\)</span>` */
		char *t = arena_alloc(f->a, len + 5);
		memcpy(t, display ? "\\[" : "\\(", 2);
		memcpy(t + 2, tex, len);
		memcpy(t + 2 + len, display ? "\\]" : "\\)", 2);
		dom_append(n, dom_new_text(f->a, t, len + 4));
		return;
	}
	if (f->math == MARKDOWN_MATH_TYPESET) {
		/* MathJax's boxes: a centred MathJax_Display block with 1em
		 * margins, or an inline formula that never breaks */
		struct dom_node *m = dom_new_element(f->a, "scs-math");
		dom_set_attr(f->a, m, "data-tex", tex);
		if (display)
			dom_set_attr(f->a, m, "data-display", "");
		m->src_line = n->src_line;
		m->src_col = n->src_col;
		dom_append(n, m);
		dom_set_attr(f->a, n, "style", display
			     ? "display: block; text-align: center; margin: 1em 0; white-space: nowrap"
			     : "white-space: nowrap");
		return;
	}
	struct strbuf unknown;
	strbuf_init(&unknown, 1024);
	if (texmath_to_dom(f->a, tex, len, display, n, &unknown) > 0)
		warn(f, n, "math: cannot convert %s; shown as TeX", unknown.s ? unknown.s : "");
	strbuf_free(&unknown);
	dom_set_attr(f->a, n, "style", display
		     ? "display: block; text-align: center; margin: 1em 0;"
		       " font-family: 'DejaVu Serif', serif; white-space: nowrap"
		     : "font-family: 'DejaVu Serif', serif; white-space: nowrap");
}

/*
 * cmark-gfm's footnotes → markdown-it-footnote 3's markup: the reference
 * `<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>`,
 * the list `<hr class="footnotes-sep"><section class="footnotes"><ol
 * class="footnotes-list"><li id="fn1" class="footnote-item">` with the
 * back link `↩︎`. The nested <section> makes reveal.js treat the slide as
 * a vertical stack (SLIDES_SELECTOR is `.slides section`): the slide gets
 * class `stack`, so it is not centred and has no padding (HEDGEDOC.md §9.10).
 */
/* cmark names footnotes by label (fn-LABEL, fnref-LABEL, fnref-LABEL-K for
 * the K-th reference); markdown-it numbers them in order of first
 * reference (fn1, fnref1, fnref1:K-1), the number cmark prints as the
 * reference's text. */
/* The labels and numbers are kept in a hash table (label → number): a
 * list searched for every reference made 30 000 footnotes quadratic. */
static unsigned long fn_num(GHashTable *t, const char *label)
{
	return GPOINTER_TO_SIZE(g_hash_table_lookup(t, label));
}

/* "#fnref-LABEL" or "#fnref-LABEL-K" (prefix "fnref-") → "fnrefN[:K-1]";
 * labels may hold '-', so the longest known label wins. */
static const char *fn_rename(struct arena *a, GHashTable *t, const char *id,
			     const char *prefix, const char *base)
{
	size_t pl = strlen(prefix);
	if (strncmp(id, prefix, pl))
		return id;
	const char *rest = id + pl;
	size_t best = strlen(rest);
	unsigned long num = fn_num(t, rest);
	while (!num && best > 0) {
		while (best > 0 && rest[--best] != '-')
			;
		if (!best)
			break;
		char *cand = g_strndup(rest, best);
		num = fn_num(t, cand);
		g_free(cand);
	}
	if (!num)
		return id;
	unsigned long k = rest[best] == '-' ? strtoul(rest + best + 1, NULL, 10) : 0;
	return k > 1 ? arena_printf(a, "%s%lu:%lu", base, num, k - 1)
		     : arena_printf(a, "%s%lu", base, num);
}

static void fix_footnotes(struct fix *f, struct dom_node *root)
{
	GHashTable *tab = g_hash_table_new(g_str_hash, g_str_equal);
	for (struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
		if (n->type != DOM_ELEMENT || !dom_is(n, "a") || !dom_get_attr(n, "data-footnote-ref"))
			continue;
		const char *href = dom_get_attr(n, "href");
		size_t len;
		const char *txt = text_of(f->a, n, &len);
		if (!href || strncmp(href, "#fn-", 4) || fn_num(tab, href + 4))
			continue;
		unsigned long num = strtoul(txt, NULL, 10);
		if (num)
			g_hash_table_insert(tab, (gpointer)(href + 4), GSIZE_TO_POINTER(num));
	}
	if (!g_hash_table_size(tab)) {
		g_hash_table_destroy(tab);
		return;
	}
	for (struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
		if (n->type != DOM_ELEMENT)
			continue;
		if (dom_is(n, "a") && dom_get_attr(n, "data-footnote-ref")) {
			const char *id = dom_get_attr(n, "id");
			const char *href = dom_get_attr(n, "href");
			struct dom_node *a = dom_new_element(f->a, "a");
			if (href)
				dom_set_attr(f->a, a, "href", arena_printf(f->a, "#%s",
					     fn_rename(f->a, tab, href + 1, "fn-", "fn")));
			const char *nid = id ? fn_rename(f->a, tab, id, "fnref-", "fnref") : "";
			dom_set_attr(f->a, a, "id", nid);
			const char *lab = arena_printf(f->a, "[%s]", nid + (strncmp(nid, "fnref", 5) ? 0 : 5));
			dom_append(a, dom_new_text(f->a, lab, strlen(lab)));
			a->src_line = n->src_line;
			a->from_markdown = true;
			dom_insert_before(n, a);
			dom_remove(n);
			n = a;
		} else if (dom_is(n, "section") && dom_get_attr(n, "data-footnotes")) {
			struct dom_node *sec = dom_new_element(f->a, "section");
			dom_set_attr(f->a, sec, "class", "footnotes");
			while (n->first_child) {
				struct dom_node *c = n->first_child;
				dom_remove(c);
				dom_append(sec, c);
			}
			struct dom_node *hr = dom_new_element(f->a, "hr");
			dom_set_attr(f->a, hr, "class", "footnotes-sep");
			dom_insert_before(n, hr);
			dom_insert_before(n, sec);
			dom_remove(n);
			n = sec;
			if (f->section && !dom_has_class(f->section, "stack"))
				add_class(f->a, f->section, "stack");
		} else if (dom_is(n, "ol") && dom_is(n->parent, "section") &&
			   dom_has_class(n->parent, "footnotes")) {
			dom_set_attr(f->a, n, "class", "footnotes-list");
		} else if (dom_is(n, "li") && dom_get_attr(n, "id") &&
			   !strncmp(dom_get_attr(n, "id"), "fn-", 3)) {
			dom_set_attr(f->a, n, "id", fn_rename(f->a, tab, dom_get_attr(n, "id"),
							     "fn-", "fn"));
			dom_set_attr(f->a, n, "class", "footnote-item");
		} else if (dom_is(n, "a") && dom_get_attr(n, "data-footnote-backref")) {
			struct dom_node *a = dom_new_element(f->a, "a");
			const char *href = dom_get_attr(n, "href");
			if (href)
				dom_set_attr(f->a, a, "href", arena_printf(f->a, "#%s",
					     fn_rename(f->a, tab, href + 1, "fnref-", "fnref")));
			dom_set_attr(f->a, a, "class", "footnote-backref");
			dom_append(a, dom_new_text(f->a, "\xe2\x86\xa9\xef\xb8\x8e", 6));
			a->src_line = n->src_line;
			dom_insert_before(n, a);
			dom_remove(n);
			n = a;
		}
	}
	g_hash_table_destroy(tab);
}

/* `[TOC]` ending a paragraph becomes `<div class="toc"></div>`, which stays
 * empty in slide mode (renderTOC is never called; HEDGEDOC.md §3, §9.11). */
static void fix_toc(struct fix *f, struct dom_node *p)
{
	struct dom_node *t = p->last_child;
	while (t && t->type == DOM_TEXT && !t->text_len)
		t = t->prev;
	if (!t || t->type != DOM_TEXT)
		return;
	size_t l = t->text_len;
	while (l && (t->text[l - 1] == ' ' || t->text[l - 1] == '\n'))
		l--;
	if (l < 5 || g_ascii_strncasecmp(t->text + l - 5, "[TOC]", 5))
		return;
	t->text_len = l - 5;
	struct dom_node *div = dom_new_element(f->a, "div");
	dom_set_attr(f->a, div, "class", "toc");
	div->src_line = p->src_line;
	if (p->next)
		dom_insert_before(p->next, div);
	else
		dom_append(p->parent, div);
	warn(f, p, "[TOC] stays empty in HedgeDoc's slide mode; nothing drawn");
	/* a paragraph left with nothing but white space and <br>s goes */
	for (struct dom_node *c = p->first_child; c; c = c->next)
		if (!(c->type == DOM_TEXT && strspn(c->text, " \n") >= c->text_len) && !dom_is(c, "br"))
			return;
	dom_remove(p);
}

/*
 * finishView's replaceExtraTags (extra.js) on a list item's or blockquote
 * paragraph's text: `[color=#hex]` → <span class="color" data-color>, which
 * in a list is a tag icon in that colour (ForkAwesome fa-tag) and in a
 * blockquote sets its left border colour; `[name=x]` and `[time=t]` →
 * <small> with user and clock icons. The icons are ForkAwesome glyphs,
 * drawn here from FontAwesome 4.7 (same code points; Debian
 * fonts-font-awesome).
 */
static struct dom_node *icon(struct fix *f, const char *cls, const char *glyph)
{
	struct dom_node *i = dom_new_element(f->a, "i");
	dom_set_attr(f->a, i, "class", cls);
	dom_set_attr(f->a, i, "style", "font-family: FontAwesome; font-style: normal");
	dom_append(i, dom_new_text(f->a, glyph, strlen(glyph)));
	return i;
}

#define FA_USER "\xef\x80\x87"    /* U+F007 */
#define FA_CLOCK "\xef\x80\x97"   /* U+F017 */
#define FA_TAG "\xef\x80\xab"     /* U+F02B */

/* Does s[0..n) match `[KEY=value]`, value chars from `ok` (NULL: any but
 * ']')? Returns the length, or 0. */
static size_t tag_at(const char *s, size_t n, const char *key, const char *ok,
		     size_t *v0, size_t *v1)
{
	size_t kl = strlen(key);
	if (n < kl + 3 || s[0] != '[' || strncmp(s + 1, key, kl) || s[kl + 1] != '=')
		return 0;
	size_t i = kl + 2;
	*v0 = i;
	while (i < n && s[i] != ']') {
		if (ok && !strchr(ok, s[i]) && !g_ascii_isalnum(s[i]))
			return 0;
		i++;
	}
	if (i >= n)
		return 0;
	*v1 = i;
	return i + 1;
}

static void fix_tags_text(struct fix *f, struct dom_node *t, bool in_list,
			  struct dom_node *quote)
{
	static const char color_ok[] = "#(), \t_";
	static const char time_ok[] = ":,.+() \t_-";
	const char *s = t->text;
	size_t n = t->text_len;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '[')
			continue;
		size_t a0, a1, b0 = 0, b1 = 0, len, len2 = 0;
		struct dom_node *repl = NULL;
		if ((len = tag_at(s + i, n - i, "color", color_ok, &a0, &a1))) {
			const char *v = arena_strndup(f->a, s + i + a0, a1 - a0);
			repl = dom_new_element(f->a, "span");
			dom_set_attr(f->a, repl, "class", in_list ? "color fa fa-tag" : "color");
			dom_set_attr(f->a, repl, "data-color", v);
			if (in_list) {
				dom_set_attr(f->a, repl, "style", arena_printf(f->a,
					     "color: %s; font-family: FontAwesome", v));
				dom_append(repl, dom_new_text(f->a, FA_TAG, 3));
			} else if (quote) {
				dom_set_attr(f->a, quote, "style",
					     arena_printf(f->a, "border-left-color: %s", v));
			}
		} else if ((len = tag_at(s + i, n - i, "name", NULL, &a0, &a1)) ||
			   (len = tag_at(s + i, n - i, "time", time_ok, &b0, &b1))) {
			bool is_name = s[i + 1] == 'n';
			repl = dom_new_element(f->a, "small");
			if (is_name) {
				/* `[name=x] [time=t]` share one <small> */
				size_t j = i + len;
				while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n'))
					j++;
				size_t l2 = tag_at(s + j, n - j, "time", time_ok, &b0, &b1);
				if (l2) {
					b0 += j - i;
					b1 += j - i;
					len2 = j + l2 - i - len;
				}
				dom_append(repl, icon(f, "fa fa-user", FA_USER));
				const char *v = arena_printf(f->a, " %.*s", (int)(a1 - a0), s + i + a0);
				dom_append(repl, dom_new_text(f->a, v, strlen(v)));
			}
			if (!is_name || len2) {
				if (is_name)
					dom_append(repl, dom_new_text(f->a, " ", 1));
				dom_append(repl, icon(f, "fa fa-clock-o", FA_CLOCK));
				const char *v = arena_printf(f->a, " %.*s", (int)(b1 - b0), s + i + b0);
				dom_append(repl, dom_new_text(f->a, v, strlen(v)));
			}
		}
		if (!repl)
			continue;
		repl->src_line = t->parent ? t->parent->src_line : 0;
		/* split: before | repl | after (the rest is scanned next) */
		size_t end = i + len + len2;
		if (i)
			dom_insert_before(t, dom_new_text(f->a, s, i));
		dom_insert_before(t, repl);
		t->text = s + end;
		t->text_len = n - end;
		s = t->text;
		n = t->text_len;
		i = (size_t)-1;
	}
	if (!t->text_len)
		dom_remove(t);
}

static void fix_tags(struct fix *f, struct dom_node *target, bool in_list,
		     struct dom_node *quote)
{
	for (struct dom_node *c = target->first_child; c;) {
		struct dom_node *next = c->next;
		if (c->type == DOM_TEXT && memchr(c->text, '[', c->text_len))
			fix_tags_text(f, c, in_list, quote);
		c = next;
	}
}

/* ---- linkify-it's fuzzy links ------------------------------------------- */

/*
 * markdown-it's linkify (linkify-it 4, fuzzyLink on by default) also links
 * a bare host name whose last label is a known top-level domain: the
 * generic ones below or any two-letter country code it lists, so
 * `DNIP.ch` or `example.org/x` become links (to http://…). cmark-gfm's
 * autolink extension does `www.` and scheme links, which stay its job.
 */
static bool known_tld(const char *t, size_t n)
{
	static const char *const generic[] = { "aero", "asia", "biz", "com", "coop", "edu",
		"gov", "info", "museum", "name", "net", "org", "pro", "shop", "web", "xxx" };
	/* linkify-it's tlds_2ch_src_re, one line per first letter */
	static const char *const cc[26] = {
		"cdefgilmnoqrstuwxz", "abdefghijmnorstvwyz", "acdfghiklmnoruvwxyz", "ejkmoz",
		"cegrstu", "ijkmor", "abdefghilmnpqrstuwy", "kmnrtu", "delmnoqrst", "emop",
		"eghimnprwyz", "abcikrstuvy", "acdeghklmnopqrstuvwxyz", "acefgilopruz", "m",
		"aefghklmnrstwy", "a", "eosuw", "abcdeghijklmnortuvxyz", "cdfghjklmnortvwz",
		"agksyz", "aceginu", "fs", "", "et", "amw" };
	char l[8];
	if (n > 7)
		return false;
	for (size_t i = 0; i < n; i++)
		l[i] = g_ascii_tolower(t[i]);
	l[n] = '\0';
	if (n == 2 && l[0] >= 'a' && l[0] <= 'z' && l[1] >= 'a' && l[1] <= 'z')
		return strchr(cc[l[0] - 'a'], l[1]) != NULL;
	for (size_t i = 0; i < ARRAY_LEN(generic); i++)
		if (!strcmp(l, generic[i]))
			return true;
	return n == 4 && !strcmp(t, "\xd1\x80\xd1\x84");   /* рф */
}

/* linkify-it's src_ZPCc: Unicode separators, punctuation, controls. */
static bool is_zpcc(gunichar c)
{
	GUnicodeType t = g_unichar_type(c);
	return t == G_UNICODE_SPACE_SEPARATOR || t == G_UNICODE_LINE_SEPARATOR ||
	       t == G_UNICODE_PARAGRAPH_SEPARATOR || t == G_UNICODE_CONTROL || md_unicode_punct(c);
}

static bool host_char(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)s[i];
	*len = 1;
	if (g_ascii_isalnum(c) || c == '-' || c == '.')
		return true;
	if (c < 0x80)
		return false;
	gunichar u = g_utf8_get_char_validated(s + i, (gssize)(n - i));
	if (u == (gunichar)-1 || u == (gunichar)-2 || !g_unichar_isalnum(u))
		return false;
	*len = (size_t)(g_utf8_next_char(s + i) - (s + i));
	return true;
}

static size_t fuzzy_host(const char *s, size_t n, size_t i);

/* A fuzzy link starting at s[i]: a bare host (linkify-it's fuzzy links)
 * or `//host…` (its "//" schema); returns its length (0: none). */
static size_t fuzzy_link(const char *s, size_t n, size_t i)
{
	if (i > 0) {
		/* tpl_link_fuzzy: not after .:/\-_@ or a letter; after
		 * $+<=>^`| or Unicode Z, P, Cc */
		const char *p = g_utf8_find_prev_char(s, s + i);
		gunichar c = p ? g_utf8_get_char_validated(p, (gssize)(s + i - p)) : 0;
		if (c == (gunichar)-1 || c == (gunichar)-2 || (c < 128 && strchr(".:/\\-_@", (int)c)))
			return 0;
		if (!(c < 128 && strchr("$+<=>^`|", (int)c)) && !is_zpcc(c))
			return 0;
	}
	if (n - i > 2 && s[i] == '/' && s[i + 1] == '/') {
		size_t l = fuzzy_host(s, n, i + 2);
		return l ? l + 2 : 0;
	}
	return fuzzy_host(s, n, i);
}

/* The host (and port and path) of a fuzzy link at s[i]. */
static size_t fuzzy_host(const char *s, size_t n, size_t i)
{
	size_t j = i, cl;
	while (j < n && host_char(s, n, j, &cl))
		j += cl;
	/* the host: labels joined by dots, the last a known TLD; a final dot
	 * before the end or punctuation is sentence punctuation */
	size_t h = j;
	while (h > i && s[h - 1] == '.')
		h--;
	if (h > i && s[h - 1] == '-')
		return 0;
	if (h < n && h == j && (s[h] == '_' || s[h] == '-'))
		return 0;
	size_t dot = h;
	while (dot > i && s[dot - 1] != '.')
		dot--;
	if (dot <= i + 1 || s[i] == '.' || s[i] == '-' || !known_tld(s + dot, h - dot))
		return 0;
	for (size_t k = i; k + 1 < h; k++)
		if (s[k] == '.' && (s[k + 1] == '.' || s[k + 1] == '-' || (k > i && s[k - 1] == '-')))
			return 0;
	if (h < j && h + 1 < n && s[h + 1] != ' ' && !g_ascii_ispunct(s[h + 1]))
		return 0;   /* `.x` after the TLD: not a host terminator */
	size_t e = h;
	if (e < n && s[e] == ':' && e + 1 < n && g_ascii_isdigit(s[e + 1])) {
		size_t d = e + 1;
		while (d < n && g_ascii_isdigit(s[d]))
			d++;
		e = d;
	}
	if (e < n && (s[e] == '/' || s[e] == '?' || s[e] == '#')) {
		size_t pth = e;
		int paren = 0;
		while (pth < n && !g_ascii_isspace(s[pth]) && s[pth] != '<' && s[pth] != '>') {
			if (s[pth] == '(')
				paren++;
			else if (s[pth] == ')' && --paren < 0)
				break;
			pth++;
		}
		while (pth > e + 1 && strchr(".,;:!?'\"-", s[pth - 1]))
			pth--;
		e = pth;
	}
	return e - i;
}

static bool linkify_ok(const struct dom_node *t)
{
	for (const struct dom_node *p = t->parent; p; p = p->parent) {
		if (p->type != DOM_ELEMENT)
			continue;
		if (dom_is(p, "a") || dom_is(p, "code") || dom_is(p, "pre") || dom_is(p, "style") ||
		    dom_has_class(p, "mathjax"))
			return false;
		if (p->from_markdown)
			return true;
		/* text of a raw HTML block is not Markdown inline content */
		if (dom_is(p, "div") || dom_is(p, "section") || dom_is(p, "table") ||
		    dom_is(p, "p") || dom_is(p, "li") || dom_is(p, "td") || dom_is(p, "th") ||
		    dom_is(p, "center") || dom_is(p, "blockquote"))
			return false;
	}
	return false;
}

static void fix_linkify(struct fix *f, struct dom_node *root)
{
	struct dom_node *n = root->first_child;
	while (n) {
		struct dom_node *next = dom_walk_next(root, n, false);
		if (n->type == DOM_TEXT && memchr(n->text, '.', n->text_len) && linkify_ok(n)) {
			struct dom_node *t = n;
			for (size_t i = 0; i < t->text_len; i++) {
				size_t l = fuzzy_link(t->text, t->text_len, i);
				if (!l)
					continue;
				struct dom_node *a = dom_new_element(f->a, "a");
				char *host = g_strndup(t->text + i, l);
				bool slashes = host[0] == '/';   /* "//host": no scheme added */
				char *href = g_strconcat(slashes ? "" : "http://", host, NULL);
				char *ascii = mdurl_link(href);
				char *shown = slashes ? mdurl_link_text(host) : link_text_via("http://", host);
				dom_set_attr(f->a, a, "href", arena_strndup(f->a, ascii ? ascii : href,
									    strlen(ascii ? ascii : href)));
				dom_append(a, dom_new_text(f->a, arena_strndup(f->a, shown, strlen(shown)),
							   strlen(shown)));
				g_free(host);
				g_free(href);
				g_free(ascii);
				g_free(shown);
				a->src_line = t->parent ? t->parent->src_line : 0;
				if (i)
					dom_insert_before(t, dom_new_text(f->a, t->text, i));
				dom_insert_before(t, a);
				t->text += i + l;
				t->text_len -= i + l;
				i = (size_t)-1;
			}
			if (!t->text_len)
				dom_remove(t);
		}
		n = next;
	}
}

static void fix_tree(struct fix *f, struct dom_node *root)
{
	for (struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
		if (n->type != DOM_ELEMENT)
			continue;
		if (!strcmp(n->tag, "img"))
			fix_image(f, n);
		else if (!strcmp(n->tag, "code") && dom_is(n->parent, "pre"))
			fix_code(f, n);
		else if (!strcmp(n->tag, "li"))
			fix_task_item(f, n);
		else if (!strcmp(n->tag, "span") && dom_has_class(n, "mathjax"))
			fix_math(f, n);
		else if (!strcmp(n->tag, "span") && dom_get_attr(n, "data-emoji-missing"))
			warn(f, n, "emoji ':%s:' is a picture with no Unicode character; "
			     "shown as text", dom_get_attr(n, "data-emoji-missing"));
	}
	fix_footnotes(f, root);
	/* finishView's extra tags, then [TOC]; abbreviations last (a core rule
	 * of markdown-it: they see the text as the inline rules left it) */
	for (struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
		if (n->type != DOM_ELEMENT || !n->from_markdown)
			continue;
		/* finishView finds li.raw and blockquote.raw: an `.element`
		 * class replaced `raw` (task items have their own class now) */
		if (dom_get_attr(n, "class") && !dom_has_class(n, "task-list-item"))
			continue;
		if (dom_is(n, "li")) {
			struct dom_node *only_p = NULL;
			int n_p = 0;
			for (struct dom_node *c = n->first_child; c; c = c->next)
				if (dom_is(c, "p"))
					n_p++, only_p = c;
			fix_tags(f, n_p == 1 ? only_p : n, true, NULL);
		} else if (dom_is(n, "p") && dom_is(n->parent, "blockquote")) {
			fix_tags(f, n, false, n->parent);
		}
	}
	struct dom_node *n = root->first_child;
	while (n) {
		struct dom_node *next = dom_walk_next(root, n, false);
		if (n->type == DOM_ELEMENT && dom_is(n, "p") && n->from_markdown) {
			next = dom_walk_next(root, n, true);
			fix_toc(f, n);
		}
		n = next;
	}
	fix_linkify(f, root);
}

/* ---- entry points ----------------------------------------------------- */

static bool has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

/*
 * HedgeDoc's postProcess (extra.js:562-569) on the sanitized HTML: in each
 * <style>…</style>, the `&gt;` the sanitizer made of `>` is `>` again and
 * `@import url(…);` is gone.
 */
static void restore_styles(struct strbuf *b)
{
	if (!b->s || !strcasestr(b->s, "<style"))
		return;
	struct strbuf out;
	strbuf_init(&out, 0);
	const char *s = b->s, *end = b->s + b->len;
	for (;;) {
		const char *o = strcasestr(s, "<style");
		while (o && (g_ascii_isalnum(o[6]) || o[6] == '_'))
			o = strcasestr(o + 6, "<style");
		const char *gt = o ? strchr(o, '>') : NULL;
		const char *c = gt ? strcasestr(gt, "</style>") : NULL;
		if (!c) {
			strbuf_append(&out, s, (size_t)(end - s));
			break;
		}
		strbuf_append(&out, s, (size_t)(gt + 1 - s));
		for (const char *p = gt + 1; p < c;) {
			if (!strncmp(p, "&gt;", 4)) {
				strbuf_puts(&out, ">");
				p += 4;
			} else if (!g_ascii_strncasecmp(p, "@import url(", 12) &&
				   memchr(p + 12, ')', (size_t)(c - p - 12))) {
				p = memchr(p + 12, ')', (size_t)(c - p - 12));
				p += 1 + (p[1] == ';');
			} else {
				strbuf_append(&out, p++, 1);
			}
		}
		s = c;
	}
	strbuf_free(b);
	*b = out;
}

/*
 * cmark-gfm's table extension lets a cell hold only the inline types on its
 * own list (table.c can_contain), which lacks CMARK_NODE_CUSTOM_INLINE:
 * cmark's inline parser then failed to append the ~~ == ++ markers of
 * md_ext.c to a cell, and they were lost (and leaked): `| ==m== |` showed
 * `m` where markdown-it gives <mark>m</mark>. The extension's rule is set
 * again with custom inlines allowed in cells. Its node types are not in
 * its headers: they are read off a table it parsed.
 */
static cmark_node_type table_types[3];   /* table, row, cell */

static int table_can_contain(cmark_syntax_extension *ext, cmark_node *node,
			     cmark_node_type t)
{
	(void)ext;
	cmark_node_type nt = cmark_node_get_type(node);
	if (nt == table_types[0])
		return t == table_types[1];
	if (nt == table_types[1])
		return t == table_types[2];
	return nt == table_types[2] &&
	       (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE || t == CMARK_NODE_EMPH ||
		t == CMARK_NODE_STRONG || t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE ||
		t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_FOOTNOTE_REFERENCE ||
		t == CMARK_NODE_CUSTOM_INLINE);
}

static void table_cells_take_custom_inlines(cmark_syntax_extension *table)
{
	static bool done;
	if (done)
		return;
	done = true;
	static const char probe[] = "|a|\n|-|\n";
	cmark_parser *p = cmark_parser_new(CMARK_OPTIONS);
	cmark_parser_attach_syntax_extension(p, table);
	cmark_parser_feed(p, probe, sizeof probe - 1);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_node *t = cmark_node_first_child(doc);
	cmark_node *r = t ? cmark_node_first_child(t) : NULL;
	cmark_node *c = r ? cmark_node_first_child(r) : NULL;
	if (c && !strcmp(cmark_node_get_type_string(t), "table") &&
	    !strcmp(cmark_node_get_type_string(r), "table_header") &&
	    !strcmp(cmark_node_get_type_string(c), "table_cell")) {
		table_types[0] = cmark_node_get_type(t);
		table_types[1] = cmark_node_get_type(r);
		table_types[2] = cmark_node_get_type(c);
		cmark_syntax_extension_set_can_contain_func(table, table_can_contain);
	}
	cmark_node_free(doc);
	cmark_parser_free(p);
}

static cmark_parser *new_parser(void)
{
	static const char *const exts[] = { "table", "autolink" };
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(CMARK_OPTIONS);
	md_ext_attach(p);
	for (size_t i = 0; i < ARRAY_LEN(exts); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (!e)
			continue;
		if (!strcmp(exts[i], "table"))
			table_cells_take_custom_inlines(e);
		cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

static void render(struct arena *a, struct diag *d, const struct diag_file *src,
		   const struct markdown_options *mo, const char *text, size_t len,
		   unsigned first_line, struct dom_node *section, struct dom_node *parent)
{
	/* HedgeDoc's sanitizer over the raw Markdown (HEDGEDOC.md §2.2) */
	struct strbuf raw;
	strbuf_init(&raw, 0);
	xss_filter(text, len, &raw);
	struct strbuf md;
	strbuf_init(&md, 0);
	struct abbrs ab = { .a = a };
	bool table_cut;
	GArray *added = g_array_new(FALSE, FALSE, sizeof(int));
	preprocess(raw.s ? raw.s : "", raw.len, &md, &ab, &table_cut, added);
	strbuf_free(&raw);
	if (table_cut)
		diag_at_line(d, DIAG_WARNING, src, first_line, 0, "a table has more than %d cells; "
			     "the rows after them are shown as text", MAX_TABLE_CELLS);

	imsize_ref_gaps(&md);
	cmark_parser *p = new_parser();
	cmark_parser_feed(p, md.s, md.len);
	cmark_node *doc = cmark_parser_finish(p);
	/* block structure as markdown-it builds it (blocks.h): parsed again
	 * after each change (one kind per round: the line numbers are the
	 * tree's; a round can uncover the next lazy tag line) */
	for (int round = 0; round < MAX_MD_REPARSE &&
	     (md_blocks_lazy_html(doc, &md) || md_blocks_lazy_container(doc, &md, added) ||
	      md_blocks_quote_defs(doc, &md, added)); round++) {
		cmark_node_free(doc);
		cmark_parser_free(p);
		p = new_parser();
		cmark_parser_feed(p, md.s, md.len);
		doc = cmark_parser_finish(p);
	}
	/* (each pass walks the whole tree: skipped when the source cannot
	 * need it) */
	if (strcasestr(md.s, "script") || strcasestr(md.s, "file") || strcasestr(md.s, "data"))
		invalid_links(doc, md.s, md.len);
	if (has_non_ascii(md.s) || strchr(md.s, '%') || strcasestr(md.s, "xn--"))
		normalize_links(doc);
	md_emphasis_fix(doc, md.s, md.len);
	md_ext_pair_delims(doc, md.s, md.len);
	if (strstr(md.s, "!["))
		image_labels(doc, md.s, md.len);
	escaped_autolinks(doc, md.s, md.len);
	abbr_replace(doc, md.s, md.len, &ab);
	md_typographer(doc, md.s, md.len, fuzzy_link);
	md_ext_finish(doc);
	char *html = cmark_render_html(doc, CMARK_OPTIONS, cmark_parser_get_syntax_extensions(p));
	cmark_node_free(doc);
	cmark_parser_free(p);
	if (strstr(md.s, "scs-")) {
		/* <textarea> back from the pre-pass's <pre> (blocks.h) */
		struct strbuf hb;
		strbuf_init(&hb, 0);
		strbuf_puts(&hb, html);
		free(html);
		md_blocks_textarea_restore(&hb);
		html = hb.s ? hb.s : strdup("");
	}
	strbuf_free(&md);

	/* and over the rendered HTML (§5), <style> bodies put back as
	 * HedgeDoc's postProcess does */
	struct strbuf safe;
	strbuf_init(&safe, 0);
	xss_filter(html, strlen(html), &safe);
	free(html);
	restore_styles(&safe);
	struct html_ctx hc = { a, d, src, first_line, section, (const int *)(void *)added->data,
			       added->len };
	html_parse_fragment(&hc, safe.s ? safe.s : "", safe.len, parent);
	strbuf_free(&safe);
	g_array_free(added, TRUE);

	struct fix f = { a, text, len, 0, first_line, d, src, section,
			 mo ? mo->math : MARKDOWN_MATH_TYPESET };
	fix_tree(&f, parent);
}

int markdown_slide(struct arena *a, struct diag *d, const struct diag_file *src,
		   const struct markdown_options *mo, const struct slide *s,
		   struct dom_node *section, struct dom_node *content)
{
	render(a, d, src, mo, s->text, s->len, s->first_line, section, content);
	return 0;
}

int markdown_notes(struct arena *a, struct diag *d, const struct diag_file *src,
		   const struct markdown_options *mo, const struct slide *s,
		   struct dom_node *section, struct dom_node *parent)
{
	if (!s->notes)
		return 0;
	const char *t = s->notes;
	size_t n = s->notes_len;
	unsigned line = s->notes_line;
	while (n && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r')) {
		line += *t == '\n';
		t++, n--;
	}
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\n' || t[n - 1] == '\r'))
		n--;
	render(a, d, src, mo, t, n, line, section, parent);
	return 0;
}

int markdown_fragment(struct arena *a, struct diag *d, const struct diag_file *src,
		      const struct markdown_options *mo, const char *text, size_t len,
		      unsigned first_line, struct dom_node *parent)
{
	render(a, d, src, mo, text, len, first_line, NULL, parent);
	return 0;
}
