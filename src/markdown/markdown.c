/*
 * markdown.c — one slide's Markdown → DOM (see markdown.h).
 *
 * HedgeDoc renders with markdown-it (HEDGEDOC.md §3); we parse with
 * cmark-gfm and bring its output to markdown-it's where they differ:
 *
 *   markdown-it (HedgeDoc)              here
 *   breaks: true                        CMARK_OPT_HARDBREAKS
 *   typographer                         CMARK_OPT_SMART + (c) (r) (tm) +-
 *                                       and markdown-it's dot/?!/,, runs
 *   linkify (linkify-it, fuzzy)         the autolink extension + a DOM pass
 *                                       for bare hosts with a known TLD
 *   ~~x~~ → <s>                         strikethrough (double tilde) → <s>
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
#include "markdown/texmath.h"
#include "markdown/md_ext.h"
#include "base/diag.h"
#include "markdown/dom.h"
#include "markdown/highlight.h"
#include "markdown/html.h"
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

#define CMARK_OPTIONS (CMARK_OPT_SOURCEPOS | CMARK_OPT_HARDBREAKS | CMARK_OPT_SMART | \
		       CMARK_OPT_UNSAFE | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE | \
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

static void preprocess(const char *in, size_t n, struct strbuf *out, struct abbrs *ab,
		       bool *table_cut)
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
	bool in_fence = false, prev_row = false;
	char fch = 0;
	size_t flen = 0;
	size_t i = 0;
	while (i < n) {
		size_t eol = i;
		while (eol < n && s[eol] != '\n')
			eol++;
		char ch = 0;
		size_t run = fence_run(s + i, eol - i, &ch);
		if (in_fence || run) {
			if (!in_fence) {
				in_fence = true;
				fch = ch;
				flen = run;
			} else if (run >= flen && ch == fch) {
				in_fence = false;
			}
			strbuf_append(out, s + i, eol - i + (eol < n));
			i = eol + 1;
			continue;
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
		if (pipe_only && prev_row) {
			strbuf_puts(out, "| |");
			strbuf_append(out, s + eol, eol < n);
			i = eol + 1;
			continue;
		}
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
	if (notes.s && !in_fence)
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

struct esc_src {
	const char *md;
	size_t len;
	size_t *lines;            /* offset of each line of md */
	size_t n_lines;
};

/* The source offset of node n's start, or (size_t)-1 when it has none. */
static size_t node_offset(const struct esc_src *src, cmark_node *n)
{
	int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	if (line < 1 || col < 1 || (size_t)line > src->n_lines)
		return (size_t)-1;
	size_t at = src->lines[line - 1] + (size_t)col - 1;
	return at <= src->len ? at : (size_t)-1;
}

/* Read literal l against the source from *i: offsets into l just after an
 * escape or entity go to out (at most max, counted in *k). false (and *i
 * unknown) when the two part ways (typographer output, say). */
static bool read_source(const struct esc_src *src, size_t *i, const char *l, size_t *out,
			size_t max, size_t *k)
{
	const char *md = src->md;
	size_t j = 0, n = strlen(l), at = *i;
	while (j < n) {
		if (at >= src->len)
			return false;
		if (md[at] == '\\' && at + 1 < src->len && g_ascii_ispunct(md[at + 1]) &&
		    md[at + 1] == l[j]) {
			at += 2, j++;
			if (*k < max)
				out[(*k)++] = j;
			continue;
		}
		if (md[at] == '&') {
			size_t e = at + 1;
			while (e < src->len && e - at < 33 && (g_ascii_isalnum(md[e]) || md[e] == '#'))
				e++;
			/* an entity unless the literal holds its source text */
			if (e < src->len && md[e] == ';' && e > at + 1 &&
			    (n - j < e + 1 - at || memcmp(l + j, md + at, e + 1 - at))) {
				/* its text runs until the literal meets the
				 * source again (or ends) */
				at = e + 1;
				j++;
				while (j < n && (at >= src->len || l[j] != md[at]))
					j++;
				if (*k < max)
					out[(*k)++] = j;
				continue;
			}
		}
		if (md[at] != l[j])
			return false;
		at++, j++;
	}
	*i = at;
	return true;
}

struct esc_fix {
	cmark_node *text, *link;  /* link: the autolink to undo, or NULL */
	size_t at;                /* where in text's literal the joiner goes */
};

/* The fixes of one parent's children, appended to fix: its runs of text
 * nodes and autolinks, each read once. The pieces the autolink extension
 * split off a text node have no position: they are read on from the one
 * before. */
static void escaped_children(const struct esc_src *src, cmark_node *parent, GArray *fix)
{
	size_t i = (size_t)-1;   /* the source cursor; -1: lost */
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		bool text = cmark_node_get_type(c) == CMARK_NODE_TEXT;
		if (!text && !autolink_text(c)) {
			i = (size_t)-1;
			continue;
		}
		if (node_offset(src, c) != (size_t)-1)
			i = node_offset(src, c);
		if (i == (size_t)-1)
			continue;
		const char *lit = text ? cmark_node_get_literal(c) : autolink_text(c);
		size_t ends[16], k = 0;
		if (!lit || !read_source(src, &i, lit, ends, ARRAY_LEN(ends), &k)) {
			i = (size_t)-1;
			continue;
		}
		size_t n = strlen(lit);
		for (size_t e = k; text && e-- > 0;) {
			struct esc_fix x = { c, NULL, ends[e] };
			if (ends[e] == n && fuzzy_autolink(cmark_node_next(c)))
				x.link = cmark_node_next(c);
			if (x.link || (ends[e] < n && fuzzy_link(lit + ends[e], n - ends[e], 0)))
				g_array_append_val(fix, x);
		}
	}
}

static void escaped_autolinks(cmark_node *root, const char *md, size_t md_len)
{
	if (!memchr(md, '\\', md_len) && !memchr(md, '&', md_len))
		return;
	struct esc_src src = { md, md_len, NULL, 1 };
	for (size_t i = 0; i < md_len; i++)
		src.n_lines += md[i] == '\n';
	src.lines = xmalloc(src.n_lines * sizeof *src.lines);
	src.lines[0] = 0;
	for (size_t i = 0, l = 1; i < md_len; i++)
		if (md[i] == '\n')
			src.lines[l++] = i + 1;

	GArray *fix = g_array_new(FALSE, FALSE, sizeof(struct esc_fix));
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_first_child(n))
			escaped_children(&src, n, fix);
	}
	cmark_iter_free(it);
	free(src.lines);
	/* a node's later offsets come first, so earlier ones stay valid */
	for (guint k = 0; k < fix->len; k++) {
		struct esc_fix *x = &g_array_index(fix, struct esc_fix, k);
		const char *lit = cmark_node_get_literal(x->text);
		char *s = g_strdup_printf("%.*s\u2060%s", (int)x->at, lit, lit + x->at);
		cmark_node_set_literal(x->text, s);
		g_free(s);
		if (x->link) {
			cmark_node_insert_before(x->link, cmark_node_first_child(x->link));
			cmark_node_free(x->link);
		}
	}
	g_array_free(fix, TRUE);
}

/* ---- AST pass: typographer replacements cmark lacks ------------------- */

/* markdown-it's `replacements` rule: (c) (r) (tm) case-insensitively and
 * +- (markdown-it 13 lib/rules_core/replacements.js). */
static void typographer(cmark_node *root)
{
	static const struct { const char *from, *to; } rep[] = {
		{ "(c)", "\xc2\xa9" }, { "(C)", "\xc2\xa9" },
		{ "(r)", "\xc2\xae" }, { "(R)", "\xc2\xae" },
		{ "(tm)", "\xe2\x84\xa2" }, { "(TM)", "\xe2\x84\xa2" },
		{ "(Tm)", "\xe2\x84\xa2" }, { "(tM)", "\xe2\x84\xa2" },
		{ "+-", "\xc2\xb1" },
	};
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_TEXT)
			continue;
		const char *lit = cmark_node_get_literal(n);
		if (!lit || (!strchr(lit, '(') && !strstr(lit, "+-")))
			continue;
		struct strbuf b;
		strbuf_init(&b, 0);
		bool changed = false;
		for (const char *p = lit; *p;) {
			size_t k;
			for (k = 0; k < ARRAY_LEN(rep); k++)
				if (!strncmp(p, rep[k].from, strlen(rep[k].from)))
					break;
			if (k < ARRAY_LEN(rep)) {
				strbuf_puts(&b, rep[k].to);
				p += strlen(rep[k].from);
				changed = true;
			} else {
				strbuf_append(&b, p, 1);
				p++;
			}
		}
		if (changed)
			cmark_node_set_literal(n, b.s);
		strbuf_free(&b);
	}
	cmark_iter_free(it);
}

/*
 * The rest of markdown-it's `replacements` that cmark's smart punctuation
 * does differently: any run of two or more dots is one ellipsis (cmark
 * only turns each `...` into one), `?…`/`!…` become `?..`/`!..`, four or
 * more `?`/`!` become three, and `,,` one comma.
 */
static void typographer_runs(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_TEXT)
			continue;
		const char *lit = cmark_node_get_literal(n);
		if (!lit || (!strstr(lit, "..") && !strstr(lit, "\xe2\x80\xa6") && !strstr(lit, ",,") &&
			     !strstr(lit, "????") && !strstr(lit, "!!!!")))
			continue;
		struct strbuf b;
		strbuf_init(&b, 0);
		for (const char *p = lit; *p;) {
			/* a run of '.' and '…' */
			const char *q = p;
			size_t dots = 0;
			while (*q == '.' || !strncmp(q, "\xe2\x80\xa6", 3)) {
				dots += *q == '.' ? 1 : 3;
				q += *q == '.' ? 1 : 3;
			}
			if (dots >= 2) {
				bool after_qe = b.len && (b.s[b.len - 1] == '?' || b.s[b.len - 1] == '!');
				strbuf_puts(&b, after_qe ? ".." : "\xe2\x80\xa6");
				p = q;
				continue;
			}
			if ((*p == '?' || *p == '!') && p[1] == *p && p[2] == *p && p[3] == *p) {
				char c = *p;
				while (*p == c)
					p++;
				strbuf_append(&b, p - 1, 1);
				strbuf_append(&b, p - 1, 1);
				strbuf_append(&b, p - 1, 1);
				continue;
			}
			if (*p == ',' && p[1] == ',') {
				while (*p == ',')
					p++;
				strbuf_puts(&b, ",");
				continue;
			}
			strbuf_append(&b, p, 1);
			p++;
		}
		if (b.s && strcmp(b.s, lit))
			cmark_node_set_literal(n, b.s);
		strbuf_free(&b);
	}
	cmark_iter_free(it);
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
	struct abbr *abbrs;        /* `*[X]: …` definitions of this slide */
	size_t n_abbrs;
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
	size_t l = strcspn(lang, " ");
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
	switch (g_unichar_type(c)) {
	case G_UNICODE_CONNECT_PUNCTUATION: case G_UNICODE_DASH_PUNCTUATION:
	case G_UNICODE_CLOSE_PUNCTUATION: case G_UNICODE_FINAL_PUNCTUATION:
	case G_UNICODE_INITIAL_PUNCTUATION: case G_UNICODE_OTHER_PUNCTUATION:
	case G_UNICODE_OPEN_PUNCTUATION: case G_UNICODE_SPACE_SEPARATOR:
	case G_UNICODE_LINE_SEPARATOR: case G_UNICODE_PARAGRAPH_SEPARATOR:
		return true;
	default:
		return false;
	}
}

/* markdown-it-abbr's abbr_replace on one text node: each defined label,
 * longest first, between boundaries, becomes <abbr title>. */
static void fix_abbr_text(struct fix *f, struct dom_node *t)
{
	const char *s = t->text;
	size_t n = t->text_len;
	for (size_t i = 0; i < n; i++) {
		if (!is_abbr_boundary(s, n, i, true))
			continue;
		const struct abbr *hit = NULL;
		for (size_t k = 0; k < f->n_abbrs; k++) {
			const struct abbr *ab = &f->abbrs[k];
			if (ab->label_len <= n - i && !memcmp(s + i, ab->label, ab->label_len) &&
			    is_abbr_boundary(s, n, i + ab->label_len, false) &&
			    (!hit || ab->label_len > hit->label_len))
				hit = ab;
		}
		if (!hit)
			continue;
		struct dom_node *ab = dom_new_element(f->a, "abbr");
		dom_set_attr(f->a, ab, "title", hit->title);
		dom_append(ab, dom_new_text(f->a, s + i, hit->label_len));
		if (i)
			dom_insert_before(t, dom_new_text(f->a, s, i));
		dom_insert_before(t, ab);
		t->text = s + i + hit->label_len;
		t->text_len = n - i - hit->label_len;
		s = t->text;
		n = t->text_len;
		i = (size_t)-1;
	}
	if (!t->text_len)
		dom_remove(t);
}

/* Text nodes outside code, pre and existing abbr elements. */
static void fix_abbrs(struct fix *f, struct dom_node *root)
{
	if (!f->n_abbrs)
		return;
	struct dom_node *n = root->first_child;
	while (n) {
		if (n->type == DOM_ELEMENT && (dom_is(n, "code") || dom_is(n, "pre") ||
					       dom_is(n, "abbr") || dom_is(n, "style"))) {
			n = dom_walk_next(root, n, true);
			continue;
		}
		struct dom_node *next = dom_walk_next(root, n, false);
		if (n->type == DOM_TEXT && n->text_len)
			fix_abbr_text(f, n);
		n = next;
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
	switch (g_unichar_type(c)) {
	case G_UNICODE_SPACE_SEPARATOR: case G_UNICODE_LINE_SEPARATOR:
	case G_UNICODE_PARAGRAPH_SEPARATOR: case G_UNICODE_CONTROL:
	case G_UNICODE_CONNECT_PUNCTUATION: case G_UNICODE_DASH_PUNCTUATION:
	case G_UNICODE_CLOSE_PUNCTUATION: case G_UNICODE_FINAL_PUNCTUATION:
	case G_UNICODE_INITIAL_PUNCTUATION: case G_UNICODE_OTHER_PUNCTUATION:
	case G_UNICODE_OPEN_PUNCTUATION:
		return true;
	default:
		return false;
	}
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

/* A fuzzy link starting at s[i]; returns its length (0: none). */
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
				dom_set_attr(f->a, a, "href", arena_printf(f->a, "http://%.*s", (int)l,
									   t->text + i));
				dom_append(a, dom_new_text(f->a, t->text + i, l));
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
		else if (!strcmp(n->tag, "del") && !n->n_attrs)
			n->tag = "s";   /* markdown-it renders ~~x~~ as <s> */
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
	fix_abbrs(f, root);
}

/* ---- entry points ----------------------------------------------------- */

static cmark_parser *new_parser(void)
{
	static const char *const exts[] = { "table", "strikethrough", "autolink" };
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(CMARK_OPTIONS);
	md_ext_attach(p);   /* first: `~x~` must reach it before strikethrough */
	for (size_t i = 0; i < ARRAY_LEN(exts); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

static void render(struct arena *a, struct diag *d, const struct diag_file *src,
		   const struct markdown_options *mo, const char *text, size_t len,
		   unsigned first_line, struct dom_node *section, struct dom_node *parent)
{
	struct strbuf md;
	strbuf_init(&md, 0);
	struct abbrs ab = { .a = a };
	bool table_cut;
	preprocess(text, len, &md, &ab, &table_cut);
	if (table_cut)
		diag_at_line(d, DIAG_WARNING, src, first_line, 0, "a table has more than %d cells; "
			     "the rows after them are shown as text", MAX_TABLE_CELLS);

	cmark_parser *p = new_parser();
	cmark_parser_feed(p, md.s, md.len);
	cmark_node *doc = cmark_parser_finish(p);
	md_ext_finish(doc);
	escaped_autolinks(doc, md.s, md.len);
	typographer(doc);
	typographer_runs(doc);
	char *html = cmark_render_html(doc, CMARK_OPTIONS, cmark_parser_get_syntax_extensions(p));
	cmark_node_free(doc);
	cmark_parser_free(p);
	strbuf_free(&md);

	struct html_ctx hc = { a, d, src, first_line, section };
	html_parse_fragment(&hc, html, strlen(html), parent);
	free(html);

	struct fix f = { a, text, len, 0, first_line, d, src, section, ab.v, ab.n,
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
