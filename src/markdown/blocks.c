/*
 * blocks.c — cmark-gfm's blocks brought to markdown-it's (see blocks.h).
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "markdown/blocks.h"
#include "base/scs_limits.h"

#include <glib.h>
#include <string.h>

/* CommonMark's (and markdown-it's) block-level tag names: HTML block
 * type 6 */
static const char *const block_names[] = {
	"address", "article", "aside", "base", "basefont", "blockquote", "body",
	"caption", "center", "col", "colgroup", "dd", "details", "dialog", "dir",
	"div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
	"frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
	"hr", "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem",
	"nav", "noframes", "ol", "optgroup", "option", "p", "param", "section",
	"source", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
	"title", "tr", "track", "ul",
};

/* s[0..n) starts with the tag name `name` (any case) followed by white
 * space, '>', the line's end, or (when slash_ok) "/>". */
static bool tag_is(const char *s, size_t n, const char *name, bool slash_ok)
{
	size_t l = strlen(name);
	if (n < l || g_ascii_strncasecmp(s, name, l))
		return false;
	if (n == l)
		return true;
	char c = s[l];
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
	       c == '>' || (slash_ok && c == '/' && l + 1 < n && s[l + 1] == '>');
}

bool md_blocks_html_interrupts(const char *s, size_t n)
{
	if (n < 2 || s[0] != '<')
		return false;
	static const char *const raw[] = { "script", "pre", "style", "textarea" };
	for (size_t k = 0; k < ARRAY_LEN(raw); k++)
		if (tag_is(s + 1, n - 1, raw[k], false))
			return true;                                  /* type 1 */
	if (s[1] == '?' || (n >= 4 && !memcmp(s, "<!--", 4)) ||
	    (n >= 9 && !memcmp(s, "<![CDATA[", 9)) ||
	    (s[1] == '!' && n > 2 && s[2] >= 'A' && s[2] <= 'Z'))
		return true;                                          /* 2-5 */
	size_t o = s[1] == '/' ? 2 : 1;
	for (size_t k = 0; k < ARRAY_LEN(block_names); k++)
		if (tag_is(s + o, n - o, block_names[k], true))
			return true;                                  /* type 6 */
	return false;
}

/* The paragraph that ends n's previous sibling, the innermost last child
 * (what was open before n), or NULL. */
static cmark_node *open_paragraph_before(cmark_node *n)
{
	cmark_node *p = cmark_node_previous(n);
	while (p && cmark_node_last_child(p) && cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
		p = cmark_node_last_child(p);
	return p && cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH ? p : NULL;
}

/* Byte offset where line `line` (1-based) of s starts, or len. */
static size_t line_start(const char *s, size_t len, int line)
{
	size_t i = 0;
	for (int l = 1; l < line && i < len; l++) {
		const char *nl = memchr(s + i, '\n', len - i);
		i = nl ? (size_t)(nl - s) + 1 : len;
	}
	return i;
}

/* Where each line of md starts (lines numbered from 1, as sourcepos). */
struct lines {
	size_t *at;
	int n;
	size_t len;
};

static void lines_init(struct lines *l, const struct strbuf *md)
{
	l->n = 1;
	l->len = md->len;
	for (size_t i = 0; i < md->len; i++)
		l->n += md->s[i] == '\n';
	l->at = g_new(size_t, (size_t)l->n + 1);
	int k = 0;
	l->at[k++] = 0;
	for (size_t i = 0; i < md->len; i++)
		if (md->s[i] == '\n')
			l->at[k++] = i + 1;
}

static size_t line_at(const struct lines *l, int line)
{
	return line >= 1 && line <= l->n ? l->at[line - 1] : l->len;
}

struct indent {
	int line;
	size_t col;                 /* byte of the line where the insertion goes */
};

static gint by_line(gconstpointer a, gconstpointer b)
{
	const struct indent *x = a, *y = b;
	return (x->line > y->line) - (x->line < y->line);
}

/* md with `what` inserted at the start of each line of fix. */
static void insert_at_lines(struct strbuf *md, GArray *fix, const char *what, size_t n)
{
	g_array_sort(fix, by_line);
	struct strbuf out;
	strbuf_init(&out, 0);
	size_t i = 0;
	int line = 1;
	for (guint k = 0; k < fix->len; k++) {
		const struct indent *x = &g_array_index(fix, struct indent, k);
		size_t a = line_start(md->s + i, md->len - i, x->line - line + 1) + i + x->col;
		strbuf_append(&out, md->s + i, a - i);
		strbuf_append(&out, what, n);
		i = a;
		line = x->line;
	}
	strbuf_append(&out, md->s + i, md->len - i);
	strbuf_free(md);
	*md = out;
}

/*
 * cmark 0.29 lets an HTML block of type 7 start on a lazy line (its check
 * looks at the last container the line continues, not at the paragraph
 * still open in it; cmark 0.30 fixed it). markdown-it continues the
 * paragraph. Such a block's first line, and the tag lines after it, get
 * enough spaces to be past every container's indentation or, where a
 * container (a block quote) does not match, 4 columns of indentation
 * left: neither starts a block then, so the line continues the paragraph.
 */
bool md_blocks_lazy_html(cmark_node *doc, struct strbuf *md)
{
	if (!md->s || !memchr(md->s, '<', md->len))
		return false;
	GArray *fix = g_array_new(FALSE, FALSE, sizeof(struct indent));
	size_t cols = 0;
	struct lines lx;
	lines_init(&lx, md);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *h = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(h) != CMARK_NODE_HTML_BLOCK)
			continue;
		cmark_node *p = open_paragraph_before(h);
		int line = cmark_node_get_start_line(h);
		if (!p || cmark_node_get_end_line(p) != line - 1)
			continue;
		/* every byte before the paragraph's text may be a tab (4
		 * columns) of some container's indentation */
		cols = MAX(cols, 4 + 4 * (size_t)MAX(cmark_node_get_start_column(p), 0));
		/* the spaces go before the tag, after the markers of the
		 * containers the line does continue */
		for (int end = cmark_node_get_end_line(h), first = line; line <= end; line++) {
			size_t a = line_at(&lx, line), e = a;
			while (e < md->len && md->s[e] != '\n')
				e++;
			size_t f = a;
			if (line == first)
				f = MIN(e, a + (size_t)MAX(cmark_node_get_start_column(h) - 1, 0));
			else
				while (f < e && (md->s[f] == ' ' || md->s[f] == '\t' || md->s[f] == '>'))
					f++;
			if (f == e || md->s[f] != '<' || md_blocks_html_interrupts(md->s + f, e - f))
				break;
			struct indent x = { line, f - a };
			g_array_append_val(fix, x);
		}
	}
	cmark_iter_free(it);
	g_free(lx.at);
	bool changed = fix->len > 0;
	if (changed) {
		struct strbuf sp;
		strbuf_init(&sp, 0);
		for (size_t c = 0; c < cols; c++)
			strbuf_append(&sp, " ", 1);
		insert_at_lines(md, fix, sp.s, sp.len);
		strbuf_free(&sp);
	}
	g_array_free(fix, TRUE);
	return changed;
}

/* ---- lazy lines and markdown-it-container --------------------------------- */

/* The visual column (tabs to multiples of 4) of byte b of the line at a. */
static size_t column_of(const char *s, size_t a, size_t b)
{
	size_t col = 0;
	for (size_t i = a; i < b; i++)
		col += s[i] == '\t' ? 4 - col % 4 : 1;
	return col;
}

/* Where container x's content starts on its lines: the visual column of
 * its first child's first character (on the line where that starts). */
static size_t content_column(const struct strbuf *md, const struct lines *lx, cmark_node *x)
{
	cmark_node *c = cmark_node_first_child(x);
	if (!c)
		return 0;
	size_t a = line_at(lx, cmark_node_get_start_line(c));
	size_t b = a + (size_t)MAX(cmark_node_get_start_column(c) - 1, 0);
	return column_of(md->s, a, MIN(b, md->len));
}

/* Does line `line` of md continue the containers from the document down to
 * x (block quotes' '>', list items' and definitions' indentation)? */
static bool line_continues(const struct strbuf *md, const struct lines *lx, int line,
			   cmark_node *x, size_t *content)
{
	cmark_node *chain[64];
	int n = 0;
	for (cmark_node *c = x; c && n < 64; c = cmark_node_parent(c))
		chain[n++] = c;
	size_t a = line_at(lx, line), e = a, i = a;
	while (e < md->len && md->s[e] != '\n')
		e++;
	while (n-- > 0) {
		cmark_node *c = chain[n];
		cmark_node_type t = cmark_node_get_type(c);
		const char *ts = cmark_node_get_type_string(c);
		size_t f = i;
		while (f < e && (md->s[f] == ' ' || md->s[f] == '\t'))
			f++;
		if (t == CMARK_NODE_BLOCK_QUOTE) {
			if (f == e || md->s[f] != '>' || column_of(md->s, a, f) - column_of(md->s, a, i) > 3)
				return false;
			i = f + 1 + (f + 1 < e && md->s[f + 1] == ' ');
		} else if (t == CMARK_NODE_ITEM || (ts && !strcmp(ts, "dd"))) {
			size_t need = content_column(md, lx, c);
			if (column_of(md->s, a, f) < need)
				return false;
			while (i < f && column_of(md->s, a, i) < need)
				i++;
		}
	}
	if (content)
		*content = i;
	return true;
}

void md_blocks_line_added(GArray *added, int line)
{
	guint at = added->len;
	for (guint k = 0; k < added->len; k++) {
		int *e = &g_array_index(added, int, k);
		if (*e >= line) {
			if (at == added->len)
				at = k;
			++*e;
		}
	}
	g_array_insert_val(added, at, line);
}

/* Put a blank line before each line of fix (sorted by insert_at_lines),
 * record them in added, and say whether there were any. Frees fix. */
static bool blank_lines_before(struct strbuf *md, GArray *fix, GArray *added)
{
	bool changed = fix->len > 0;
	if (changed) {
		insert_at_lines(md, fix, "\n", 1);
		for (guint k = 0; k < fix->len; k++)
			md_blocks_line_added(added, g_array_index(fix, struct indent, k).line + (int)k);
	}
	g_array_free(fix, TRUE);
	return changed;
}

/*
 * markdown-it-container finds a container's end before reading its
 * content: the closing marker or the first non-blank line indented less
 * than the block it is in (a list item's content; a lazy line of a block
 * quote counts as less). So no lazy line continues a paragraph in it,
 * where cmark continues it. A blank line before such a line ends the
 * paragraph, and the line then ends the containers it does not continue.
 */
bool md_blocks_lazy_container(cmark_node *doc, struct strbuf *md, GArray *added)
{
	if (!md->s || !memmem(md->s, md->len, ":::", 3))
		return false;
	GArray *fix = g_array_new(FALSE, FALSE, sizeof(struct indent));
	struct lines lx;
	lines_init(&lx, md);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *p = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
			continue;
		cmark_node *box = cmark_node_parent(p);
		while (box && strcmp(cmark_node_get_type_string(box), "alert"))
			box = cmark_node_parent(box);
		if (!box)
			continue;
		int end = cmark_node_get_end_line(p);
		for (int line = cmark_node_get_start_line(p) + 1; line <= end; line++) {
			if (line_continues(md, &lx, line, cmark_node_parent(box), NULL))
				continue;
			struct indent x = { line, 0 };
			g_array_append_val(fix, x);
			break;
		}
	}
	cmark_iter_free(it);
	g_free(lx.at);
	return blank_lines_before(md, fix, added);
}

/* ---- a reference definition in a block quote, then a lazy line ----------- */

/* Is c[0..n) one whole reference definition: `[label]: dest` and maybe a
 * title, nothing after? */
static bool whole_definition(const char *c, size_t n)
{
	if (n < 2 || c[0] != '[' || c[1] == '^')
		return false;   /* (`[^x]:` is markdown-it-footnote's, lazy lines
		                   continue it) */
	size_t k = 1;
	bool text = false;
	for (; k < n && c[k] != ']'; k++) {
		if (c[k] == '[')
			return false;
		if (c[k] == '\\')
			k++;
		text |= k < n && c[k] != ' ' && c[k] != '\t';
	}
	if (k + 1 >= n || !text || c[k + 1] != ':')
		return false;
	k += 2;
	while (k < n && (c[k] == ' ' || c[k] == '\t'))
		k++;
	if (k >= n)
		return false;
	if (c[k] == '<') {
		while (++k < n && c[k] != '>')
			if (c[k] == '<')
				return false;
		if (k++ >= n)
			return false;
	} else {
		int depth = 0;
		size_t d = k;
		for (; k < n && (unsigned char)c[k] > ' '; k++) {
			if (c[k] == '\\' && k + 1 < n)
				k++;
			else if (c[k] == '(')
				depth++;
			else if (c[k] == ')' && --depth < 0)
				return false;
		}
		if (k == d || depth)
			return false;
	}
	size_t ws = k;
	while (k < n && (c[k] == ' ' || c[k] == '\t'))
		k++;
	if (k < n && k > ws && (c[k] == '"' || c[k] == '\'' || c[k] == '(')) {
		char close = c[k] == '(' ? ')' : c[k];
		while (++k < n && c[k] != close)
			if (c[k] == '\\')
				k++;
		if (k++ >= n)
			return false;
		while (k < n && (c[k] == ' ' || c[k] == '\t'))
			k++;
	}
	return k == n;
}

/*
 * markdown-it's reference rule reads the lines of a paragraph, a block
 * quote's lazy ones too, but takes a lazy line only as a title; a lazy
 * line after the definitions is then outside the quote (the quote holds
 * nothing else). cmark continues the paragraph with it and takes the
 * definitions out of it later, so the line stays in the quote. A blank
 * line goes before that line.
 */
bool md_blocks_quote_defs(cmark_node *doc, struct strbuf *md, GArray *added)
{
	if (!md->s || !memchr(md->s, '>', md->len) || !memmem(md->s, md->len, "]:", 2))
		return false;
	GArray *fix = g_array_new(FALSE, FALSE, sizeof(struct indent));
	struct lines lx;
	lines_init(&lx, md);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *p = cmark_iter_get_node(it);
		cmark_node *q = cmark_node_parent(p);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH ||
		    !q || cmark_node_get_type(q) != CMARK_NODE_BLOCK_QUOTE)
			continue;
		int end = cmark_node_get_end_line(p), line = cmark_node_get_start_line(p);
		bool defs = false;
		for (; line <= end; line++) {
			size_t c, e;
			if (!line_continues(md, &lx, line, q, &c))
				break;
			for (e = c; e < md->len && md->s[e] != '\n'; e++)
				;
			while (c < e && (md->s[c] == ' ' || md->s[c] == '\t'))
				c++;
			while (e > c && (md->s[e - 1] == ' ' || md->s[e - 1] == '\t' || md->s[e - 1] == '\r'))
				e--;
			if (!whole_definition(md->s + c, e - c))
				break;
			defs = true;
		}
		if (!defs || line > end)
			continue;
		size_t a = line_at(&lx, line);
		while (a < md->len && (md->s[a] == ' ' || md->s[a] == '\t'))
			a++;
		/* a line that is not lazy, or can be a title, stays */
		if (line_continues(md, &lx, line, q, NULL) ||
		    (a < md->len && strchr("\"'(", md->s[a])))
			continue;
		struct indent x = { line, 0 };
		g_array_append_val(fix, x);
	}
	cmark_iter_free(it);
	g_free(lx.at);
	return blank_lines_before(md, fix, added);
}

/* ---- <textarea>: HTML block type 1 ---------------------------------------- */

#define TA_OPEN "<pre scs-"             /* + the name as written */
#define TA_CLOSE "</pre><!--scs-/"      /* + the name as written + "-->" */
#define TA_LEN 8                        /* strlen("textarea") */

/* Does s[i] start its line's content (after container markers)? */
static bool starts_line(const char *s, size_t i)
{
	while (i > 0 && s[i - 1] != '\n') {
		i--;
		if (!strchr(" \t>-+*.)0123456789", s[i]))
			return false;
	}
	return true;
}

size_t md_blocks_textarea(const char *s, size_t n, size_t i, struct strbuf *out, bool *raw)
{
	if (s[i] != '<')
		return 0;
	if (i + 1 + TA_LEN <= n && tag_is(s + i + 1, n - i - 1, "textarea", false)) {
		strbuf_puts(out, TA_OPEN);
		strbuf_append(out, s + i + 1, TA_LEN);
		*raw |= starts_line(s, i);
		return 1 + TA_LEN;
	}
	if (!*raw || i + 2 >= n || s[i + 1] != '/')
		return 0;
	/* the end of the raw block: markdown-it's closing tags (cmark's
	 * but </textarea>) */
	static const char *const ends[] = { "pre>", "script>", "style>" };
	for (size_t k = 0; k < ARRAY_LEN(ends); k++)
		if (!g_ascii_strncasecmp(s + i + 2, ends[k], MIN(strlen(ends[k]), n - i - 2))) {
			*raw = false;
			return 0;
		}
	if (i + 3 + TA_LEN <= n && s[i + 2 + TA_LEN] == '>' &&
	    !g_ascii_strncasecmp(s + i + 2, "textarea", TA_LEN)) {
		strbuf_puts(out, TA_CLOSE);
		strbuf_append(out, s + i + 2, TA_LEN);
		strbuf_puts(out, "-->");
		*raw = false;
		return 3 + TA_LEN;
	}
	return 0;
}

void md_blocks_textarea_restore(struct strbuf *html)
{
	if (!html->s || !strstr(html->s, "scs-"))
		return;
	/* each form: what the pre-pass wrote (raw, or escaped by cmark as
	 * text), what comes after the name, and what it was */
	static const struct {
		const char *from, *after, *to, *to_after;
	} forms[] = {
		{ TA_OPEN, "", "<", "" },
		{ "&lt;pre scs-", "", "&lt;", "" },
		{ TA_CLOSE, "-->", "</", ">" },
		{ "&lt;/pre&gt;&lt;!--scs-/", "--&gt;", "&lt;/", "&gt;" },
	};
	struct strbuf out;
	strbuf_init(&out, 0);
	const char *s = html->s, *end = html->s + html->len;
	while (s < end) {
		bool hit = false;
		for (size_t k = 0; k < ARRAY_LEN(forms) && !hit; k++) {
			if (*s != forms[k].from[0])
				continue;
			size_t fl = strlen(forms[k].from), al = strlen(forms[k].after);
			if ((size_t)(end - s) < fl + TA_LEN + al || memcmp(s, forms[k].from, fl) ||
			    g_ascii_strncasecmp(s + fl, "textarea", TA_LEN) ||
			    memcmp(s + fl + TA_LEN, forms[k].after, al))
				continue;
			strbuf_puts(&out, forms[k].to);
			strbuf_append(&out, s + fl, TA_LEN);
			strbuf_puts(&out, forms[k].to_after);
			s += fl + TA_LEN + al;
			hit = true;
		}
		if (!hit)
			strbuf_append(&out, s++, 1);
	}
	strbuf_free(html);
	*html = out;
}
