/*
 * md_ext.c — HedgeDoc's markdown-it plugins as cmark-gfm syntax extensions
 * (see md_ext.h).
 *
 * Inline constructs come in two kinds, as in cmark-gfm's own extensions:
 * `==`/`++` are delimiter runs that pair up in cmark's process_emphasis
 * (markdown-it-mark/-ins use the same flanking rules, with "rule of 3"
 * checks off), and everything else is scanned forward from its first
 * character and returned as one raw-HTML node. cmark calls every inline
 * extension at every special character, so each match function checks the
 * character itself; runs of `~` `=` `+` are taken by the delimiter
 * extension, attached first, and a single `~` goes on to markdown-it-sub.
 *
 * Block constructs (containers, definition lists) are extension block
 * nodes during parsing and become custom blocks in md_ext_finish.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "markdown/md_ext.h"
#include "markdown/emoji.h"
#include "markdown/typographer.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <cmark-gfm-extension_api.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static cmark_syntax_extension *ext_delim, *ext_scan, *ext_block;
static cmark_node_type NODE_ALERT, NODE_DD;

/* Private data of block nodes (cmark user data, freed with the node). */
struct blk {
	int markers;        /* container: length of the opening ::: run */
	bool closed;        /* container: its closing line was consumed */
	int indent;         /* dd: columns of the marker's indentation */
	char name[160];     /* container: its params, trimmed and HTML-escaped
	                       (the first word is success, info, warning or
	                       danger), cut at a character boundary */
};

/* A deflist term: the paragraph right before a dd (user data tag). */
static char term_tag;

static cmark_mem *mem(void)
{
	return cmark_get_default_mem_allocator();
}

/* ---- helpers ------------------------------------------------------------ */

static void put_escaped(struct strbuf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': strbuf_puts(b, "&amp;"); break;
		case '<': strbuf_puts(b, "&lt;"); break;
		case '>': strbuf_puts(b, "&gt;"); break;
		case '"': strbuf_puts(b, "&quot;"); break;
		default: strbuf_append(b, s + i, 1);
		}
	}
}

/* A raw HTML inline node holding b's text (b is freed). */
static cmark_node *html_node(struct strbuf *b)
{
	cmark_node *n = cmark_node_new_with_mem(CMARK_NODE_HTML_INLINE, mem());
	cmark_node_set_literal(n, b->s ? b->s : "");
	strbuf_free(b);
	return n;
}

static unsigned char at(cmark_inline_parser *ip, int pos)
{
	return cmark_inline_parser_peek_at(ip, pos);
}

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* The source text [from, to) of the inline chunk, copied. */
static char *slice(cmark_inline_parser *ip, int from, int to)
{
	char *s = xmalloc((size_t)(to - from) + 1);
	for (int i = from; i < to; i++)
		s[i - from] = (char)at(ip, i);
	s[to - from] = '\0';
	return s;
}

/* data-sourcepos for raw HTML the extension emits, so html.c knows where it
 * came from (line of the construct within the slide). */
static void put_sourcepos(struct strbuf *b, cmark_inline_parser *ip)
{
	int line = cmark_inline_parser_get_line(ip);
	int col = cmark_inline_parser_get_column(ip);
	strbuf_printf(b, " data-sourcepos=\"%d:%d-%d:%d\"", line, col, line, col);
}

/* Inside a link's or image's text: markdown-it has already cut the label
 * out (its link rule runs at '['), so a scan must not run past its ']'.
 * cmark finds links only at ']', after the text's inlines. */
static bool in_bracket(cmark_inline_parser *ip)
{
	return cmark_inline_parser_in_bracket(ip, 0) || cmark_inline_parser_in_bracket(ip, 1);
}

/* ---- ~~s~~ ==mark== ++ins++ (delimiter runs) -------------------------------- */

/*
 * markdown-it's strikethrough rule and markdown-it-ins/-mark (the same
 * code): a run of two or more markers is, when odd, one literal marker
 * (the "lone" one) and then one delimiter per pair, all with the run's
 * flanking. During parsing each becomes a custom inline node (cmark merges
 * adjacent text nodes before any extension sees the tree again);
 * md_ext_pair_delims() pairs them as markdown-it's balance_pairs does and
 * turns the rest back into text.
 */
struct delim {
	char marker;
	bool lone;           /* the odd marker before a run's pairs */
	bool open, close;
	long end;            /* pairing: index of the closer, or -1 */
	long tok;            /* pairing: index among the siblings */
};

static void free_delim(cmark_mem *m, void *p)
{
	free(p);
}

static cmark_node *delim_node(cmark_node *parent, char c, bool lone, bool open, bool close)
{
	static const char *const text[] = { "~~", "==", "++" };
	const char *t = text[c == '~' ? 0 : c == '=' ? 1 : 2];
	cmark_node *n = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_INLINE, mem());
	cmark_node_set_on_enter(n, lone ? t + 1 : t);
	cmark_node_set_on_exit(n, "");
	cmark_node_set_syntax_extension(n, ext_delim);
	struct delim *d = xcalloc(1, sizeof *d);
	*d = (struct delim){ c, lone, open, close, -1, 0 };
	cmark_node_set_user_data(n, d);
	cmark_node_set_user_data_free_func(n, free_delim);
	if (parent)
		cmark_node_append_child(parent, n);
	return n;
}

static cmark_node *match_delim(cmark_syntax_extension *self, cmark_parser *parser,
			       cmark_node *parent, unsigned char c,
			       cmark_inline_parser *ip)
{
	if (c != '=' && c != '+' && c != '~')
		return NULL;
	int pos = cmark_inline_parser_get_offset(ip);
	int run = 0;
	while (at(ip, pos + run) == c)
		run++;
	if (run < 2)
		return NULL;   /* `~x~` is markdown-it-sub's */
	int lf, rf, pb, pa;
	int n = cmark_inline_parser_scan_delimiters(ip, run, c, &lf, &rf, &pb, &pa);
	if (n > MAX_DELIM_RUN) {
		char *lit = slice(ip, pos, pos + n);
		cmark_node *t = cmark_node_new_with_mem(CMARK_NODE_TEXT, mem());
		cmark_node_set_literal(t, lit);
		free(lit);
		return t;
	}
	cmark_node *last = NULL;
	if (n % 2)
		last = delim_node(NULL, (char)c, true, false, false);
	for (int i = 0; i < n / 2; i++) {
		if (last)
			cmark_node_append_child(parent, last);
		last = delim_node(NULL, (char)c, false, lf, rf);
	}
	return last;
}

static struct delim *delim_of(cmark_node *n)
{
	return n && cmark_node_get_type(n) == CMARK_NODE_CUSTOM_INLINE &&
	       cmark_node_get_syntax_extension(n) == ext_delim ? cmark_node_get_user_data(n) : NULL;
}

/* A delimiter node that stays text. */
static void delim_to_text(cmark_node *n)
{
	cmark_node *t = cmark_node_new_with_mem(CMARK_NODE_TEXT, mem());
	cmark_node_set_literal(t, cmark_node_get_on_enter(n));
	cmark_node_insert_before(n, t);
	cmark_node_free(n);
}

/* markdown-it 13's balance_pairs (processDelimiters) over one parent's
 * delimiters d[0..n), all of length 0 (no "rule of 3"). */
static void balance(struct delim **d, long n)
{
	long *jumps = xcalloc((size_t)n + 1, sizeof *jumps);
	long bottom[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } };
	long header = 0, last_tok = -2;
	for (long ci = 0; ci < n; ci++) {
		struct delim *closer = d[ci];
		jumps[ci] = 0;
		if (d[header]->marker != closer->marker || last_tok != closer->tok - 1)
			header = ci;
		last_tok = closer->tok;
		if (!closer->close)
			continue;
		int m = closer->marker == '~' ? 0 : closer->marker == '=' ? 1 : 2;
		long min = bottom[m][closer->open], oi = header - jumps[header] - 1, new_min = oi;
		for (; oi > min; oi -= jumps[oi] + 1) {
			struct delim *opener = d[oi];
			if (opener->marker != closer->marker || !opener->open || opener->end >= 0)
				continue;
			long last_jump = oi > 0 && !d[oi - 1]->open ? jumps[oi - 1] + 1 : 0;
			jumps[ci] = ci - oi + last_jump;
			jumps[oi] = last_jump;
			closer->open = false;
			opener->end = ci;
			opener->close = false;
			new_min = -1;
			last_tok = -2;
			break;
		}
		if (new_min != -1)
			bottom[m][closer->open] = new_min;
	}
	free(jumps);
}

/* The pairs among parent's children: the opener becomes <s>, <mark> or
 * <ins> around what lies before its closer; a lone marker right before a
 * closer goes after the closing tag (markdown-it's loneMarkers). */
static void pair_children(cmark_node *parent)
{
	long n = 0, cap = 0, tok = 0;
	struct delim **d = NULL;
	cmark_node **nodes = NULL;
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c), tok++) {
		struct delim *x = delim_of(c);
		if (!x || x->lone)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			d = xrealloc(d, (size_t)cap * sizeof *d);
			nodes = xrealloc(nodes, (size_t)cap * sizeof *nodes);
		}
		x->tok = tok;
		d[n] = x;
		nodes[n++] = c;
	}
	if (n)
		balance(d, n);
	/* each closer's opener, read before the tree changes: wrapping a pair
	 * frees its closer's and turns unpaired markers' delims into text */
	long *opener = xmalloc((size_t)(n ? n : 1) * sizeof *opener);
	char *marker = xmalloc((size_t)(n ? n : 1));
	for (long k = 0; k < n; k++)
		opener[k] = -1;
	for (long k = 0; k < n; k++) {
		marker[k] = d[k]->marker;
		if (d[k]->end >= 0 && d[k]->end < n)
			opener[d[k]->end] = k;
	}
	/* closers in order: inner pairs are wrapped first */
	for (long ci = 0; ci < n; ci++) {
		long oi = opener[ci];
		if (oi < 0)
			continue;
		cmark_node *o = nodes[oi], *c = nodes[ci];
		char m = marker[oi];
		while (cmark_node_next(o) != c)
			cmark_node_append_child(o, cmark_node_next(o));
		cmark_node_set_on_enter(o, m == '~' ? "<s>" : m == '=' ? "<mark>" : "<ins>");
		cmark_node_set_on_exit(o, m == '~' ? "</s>" : m == '=' ? "</mark>" : "</ins>");
		cmark_node_set_syntax_extension(o, NULL);
		cmark_node *lone = cmark_node_last_child(o);
		struct delim *lx = delim_of(lone);
		if (lx && lx->lone && lx->marker == m)
			cmark_node_insert_after(o, lone);
		/* the markers inside that stayed unpaired never pair now */
		for (cmark_node *k = cmark_node_first_child(o), *next; k; k = next) {
			next = cmark_node_next(k);
			if (delim_of(k))
				delim_to_text(k);
		}
		cmark_node_free(c);
		nodes[ci] = NULL;
	}
	free(opener);
	free(marker);
	free(d);
	free(nodes);
}

/* exported functions documented in md_ext.h */
void md_ext_unwrap(cmark_node *n, const char *before, const char *after)
{
	cmark_node *open = cmark_node_new_with_mem(CMARK_NODE_TEXT, mem());
	cmark_node *close = cmark_node_new_with_mem(CMARK_NODE_TEXT, mem());
	cmark_node_set_literal(open, before);
	cmark_node_set_literal(close, after);
	cmark_node_insert_before(n, open);
	while (cmark_node_first_child(n))
		cmark_node_insert_before(n, cmark_node_first_child(n));
	cmark_node_insert_before(n, close);
	cmark_node_free(n);
}

void md_ext_unwrap_emphasis(cmark_node *e, const struct md_source *src)
{
	size_t at = md_source_offset(src, e);
	char c = at < src->len && (src->md[at] == '_' || src->md[at] == '*') ? src->md[at] : '*';
	char mark[3] = { c, cmark_node_get_type(e) == CMARK_NODE_STRONG ? c : '\0', '\0' };
	md_ext_unwrap(e, mark, mark);
}

/* Does n hold, as a child, an unpaired delimiter closing with marker m? */
static bool has_closer(cmark_node *n, char m)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		struct delim *x = delim_of(c);
		if (x && !x->lone && x->marker == m && x->close)
			return true;
	}
	return false;
}

/*
 * markdown-it pairs all delimiters of a level in one pass, closers in
 * order: in `~~**test~~**` the ~~ closer comes before the ** one, so ~~
 * pairs and the ** stay text. cmark has made <strong> first; when an
 * emphasis child holds a closer that an opener before it would take, the
 * emphasis is undone (its markers, from the source, become text) so the
 * delimiters meet. One pass over the children; whether anything changed.
 */
static bool uncross(cmark_node *parent, const struct md_source *src)
{
	static const char marks[] = "~=+";
	bool open[3] = { false, false, false };
	for (cmark_node *e = cmark_node_first_child(parent); e; e = cmark_node_next(e)) {
		struct delim *x = delim_of(e);
		if (x && !x->lone && x->open)
			open[strchr(marks, x->marker) - marks] = true;
		cmark_node_type t = cmark_node_get_type(e);
		if (t != CMARK_NODE_EMPH && t != CMARK_NODE_STRONG)
			continue;
		for (int m = 0; m < 3; m++) {
			if (!open[m] || !has_closer(e, marks[m]))
				continue;
			md_ext_unwrap_emphasis(e, src);
			return true;
		}
	}
	return false;
}

/* exported function documented in md_ext.h */
void md_ext_pair_delims(cmark_node *root, const char *md, size_t len)
{
	if (!ext_delim || (!memmem(md, len, "~~", 2) && !memmem(md, len, "==", 2) &&
			   !memmem(md, len, "++", 2)))
		return;   /* no run of two: no delimiter node */
	struct md_source src;
	md_source_init(&src, md, len);
	/* on leaving a node, its children are final: pair them there (the
	 * iterator has already stepped past the node, so its children may
	 * change) */
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int in_image = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
			in_image += ev == CMARK_EVENT_ENTER ? 1 : -1;
		if (ev != CMARK_EVENT_EXIT || !cmark_node_first_child(n))
			continue;
		/* markdown-it-imsize parses an image's description with the
		 * inline rules alone (tokenize): nothing is paired there */
		if (in_image || cmark_node_get_type(n) == CMARK_NODE_IMAGE)
			continue;
		pair_children(n);
		for (int k = 0; k < 16 && uncross(n, &src); k++)
			pair_children(n);
	}
	cmark_iter_free(it);
	md_source_free(&src);
	/* what stays unpaired is text */
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_EXIT && delim_of(n))
			delim_to_text(n);
	}
	cmark_iter_free(it);
	cmark_consolidate_text_nodes(root);
}

/* ---- ~sub~ and ^sup^ (markdown-it-sub/-sup) -------------------------------- */

/*
 * From the marker at pos, the closing marker is the next one outside
 * escapes and code spans (markdown-it's skipToken); the content must be
 * non-empty and hold no unescaped white space; it is plain text with
 * backslash escapes removed.
 */
static cmark_node *match_subsup(cmark_inline_parser *ip, unsigned char c)
{
	int pos = cmark_inline_parser_get_offset(ip);
	if (c == '~' && at(ip, pos + 1) == '~')
		return NULL;   /* ~~strike~~: a delimiter run */
	if (c == '^' && pos > 0 && at(ip, pos - 1) == '[')
		return NULL;   /* [^1]: markdown-it's footnote_ref takes it at '[' */
	int i = pos + 1, end = -1;
	bool bracket = in_bracket(ip);
	while (at(ip, i)) {
		unsigned char ch = at(ip, i);
		if (ch == c) {
			end = i;
			break;
		}
		if (ch == ']' && bracket)
			break;
		if (ch == '\\' && at(ip, i + 1)) {
			i += 2;
			continue;
		}
		if (ch == '`') {
			int run = 0;
			while (at(ip, i + run) == '`')
				run++;
			int k = i + run, found = -1;
			while (at(ip, k)) {
				int r = 0;
				while (at(ip, k + r) == '`')
					r++;
				if (r == run) {
					found = k + r;
					break;
				}
				k += r ? r : 1;
			}
			i = found > 0 ? found : i + run;
			continue;
		}
		i++;
	}
	if (end <= pos + 1)
		return NULL;
	/* no unescaped white space inside */
	for (int k = pos + 1; k < end; k++) {
		if (at(ip, k) == '\\') {
			k++;
			continue;
		}
		if (is_ws(at(ip, k)) || (at(ip, k) == 0xC2 && at(ip, k + 1) == 0xA0))
			return NULL;
	}
	struct strbuf b;
	strbuf_init(&b, 0);
	strbuf_puts(&b, c == '~' ? "<sub>" : "<sup>");
	for (int k = pos + 1; k < end; k++) {
		char ch = (char)at(ip, k);
		if (ch == '\\' && k + 1 < end && strchr(" \\!\"#$%&'()*+,./:;<=>?@[]^_`{|}~-",
							 at(ip, k + 1))) {
			ch = (char)at(ip, ++k);
		}
		put_escaped(&b, &ch, 1);
	}
	strbuf_puts(&b, c == '~' ? "</sub>" : "</sup>");
	cmark_inline_parser_set_offset(ip, end + 1);
	return html_node(&b);
}

/* ---- $math$ and $$math$$ (markdown-it-mathjax texMath) ---------------------- */

static cmark_node *match_math(cmark_inline_parser *ip)
{
	int pos = cmark_inline_parser_get_offset(ip);
	bool display = at(ip, pos + 1) == '$';
	int start = pos + (display ? 2 : 1);
	if (display && at(ip, start) == '$')
		return NULL;   /* three markers are too many */
	if (!display && (at(ip, start) == ' ' || at(ip, start) == '\t' || at(ip, start) == '\n'))
		return NULL;
	int end = -1;
	bool bracket = in_bracket(ip);
	for (int i = start; at(ip, i); i++) {
		if (at(ip, i) == ']' && bracket)
			break;
		if (at(ip, i) == '$' && (!display || at(ip, i + 1) == '$')) {
			end = i;
			break;
		}
	}
	if (end < 0 || (end > 0 && at(ip, end - 1) == '\\'))
		return NULL;
	int next = end + (display ? 2 : 1);
	if (!display) {
		unsigned char b = at(ip, end - 1), a = at(ip, next);
		if (b == ' ' || b == '\t' || b == '\n')
			return NULL;
		if (a >= '0' && a <= '9')
			return NULL;   /* $5 and $10 */
	}
	char *tex = slice(ip, start, end);
	struct strbuf b;
	strbuf_init(&b, 0);
	strbuf_printf(&b, "<span class=\"mathjax\" data-math=\"%s\"", display ? "display" : "inline");
	put_sourcepos(&b, ip);
	strbuf_puts(&b, ">");
	put_escaped(&b, tex, strlen(tex));
	strbuf_puts(&b, "</span>");
	free(tex);
	cmark_inline_parser_set_offset(ip, next);
	return html_node(&b);
}

/* ---- :emoji: (emojify.js names, case-insensitive) --------------------------- */

static cmark_node *match_emoji(cmark_inline_parser *ip)
{
	int pos = cmark_inline_parser_get_offset(ip);
	int i = pos + 1;
	while (is_word(at(ip, i)) || at(ip, i) == '+' || at(ip, i) == '-')
		i++;
	if (at(ip, i) != ':' || i == pos + 1 || i - pos > 40)
		return NULL;
	char *name = slice(ip, pos + 1, i);
	const char *utf8, *canon;
	bool known = emoji_lookup(name, strlen(name), &utf8, &canon);
	free(name);
	if (!known)
		return NULL;
	struct strbuf b;
	strbuf_init(&b, 0);
	if (utf8)
		/* emojify's <img class="emoji"> is a 1.5em square (the .emoji
		 * rule still sizes this span); the glyph inside is scaled to
		 * fill it as the picture does. overflow: hidden puts the
		 * span's baseline at its bottom margin edge, where a picture's
		 * is (CSS 2.1 §10.8.1). */
		strbuf_printf(&b, "<span class=\"emoji\" data-emoji=\":%s:\" style=\"overflow: hidden\">"
			      "<span style=\"font-size:"
			      " 1.25em; line-height: 1.2\">%s</span></span>", canon, utf8);
	else   /* a GitHub picture with no Unicode twin: keep the code, flagged */
		strbuf_printf(&b, "<span data-emoji-missing=\"%s\">:%s:</span>", canon, canon);
	cmark_inline_parser_set_offset(ip, i + 1);
	return html_node(&b);
}

/* ---- {%youtube id %} and friends (HedgeDoc's markdown-it-regexp plugins) ----- */

/* Match `{%KEY\s*` at pos; returns the index after it or -1. */
static int embed_key(cmark_inline_parser *ip, int pos, const char *key)
{
	int i = pos + 2;
	for (const char *k = key; *k; k++, i++)
		if (at(ip, i) != (unsigned char)*k)
			return -1;
	while (is_ws(at(ip, i)))
		i++;
	return i;
}

/* `\s*%}` at i; returns the index after it or -1. */
static int embed_close(cmark_inline_parser *ip, int i)
{
	while (is_ws(at(ip, i)))
		i++;
	return at(ip, i) == '%' && at(ip, i + 1) == '}' ? i + 2 : -1;
}

/* Runs of word characters, optionally with '-' (and one '/' when
 * with_slash: `\w+/[\w-]+` or `\w+/\w+`). Returns the end or -1. */
static int embed_id(cmark_inline_parser *ip, int i, bool slash, bool dash_after)
{
	int s = i;
	while (is_word(at(ip, i)))
		i++;
	if (i == s)
		return -1;
	if (!slash)
		return i;
	if (at(ip, i) != '/')
		return -1;
	s = ++i;
	while (is_word(at(ip, i)) || (dash_after && at(ip, i) == '-'))
		i++;
	return i == s ? -1 : i;
}

static cmark_node *match_embed(cmark_inline_parser *ip)
{
	int pos = cmark_inline_parser_get_offset(ip);
	if (at(ip, pos + 1) != '%')
		return NULL;
	struct strbuf b;
	strbuf_init(&b, 0);
	int i, e, end = -1;
	char *id = NULL;
	if ((i = embed_key(ip, pos, "youtube")) >= 0) {
		e = i;
		while (e - i < 11 && (is_word(at(ip, e)) || at(ip, e) == '-'))
			e++;
		if (e - i == 11 && (end = embed_close(ip, e)) > 0) {
			id = slice(ip, i, e);
			strbuf_printf(&b, "<div class=\"youtube\" data-videoid=\"%s\">"
				      "<img src=\"https://img.youtube.com/vi/%s/hqdefault.jpg\">"
				      "<i class=\"icon fa fa-youtube-play fa-5x\"></i>"
				      "<a class=\"embed-link\" href=\"https://www.youtube.com/watch?v=%s\">"
				      "youtube.com/watch?v=%s</a></div>", id, id, id, id);
		}
	} else if ((i = embed_key(ip, pos, "vimeo")) >= 0) {
		e = i;
		while (at(ip, e) >= '0' && at(ip, e) <= '9')
			e++;
		if (e - i >= 6 && e - i <= 11 && (end = embed_close(ip, e)) > 0) {
			id = slice(ip, i, e);
			strbuf_printf(&b, "<div class=\"vimeo\" data-videoid=\"%s\">"
				      "<i class=\"icon fa fa-vimeo-square fa-5x\"></i>"
				      "<a class=\"embed-link\" href=\"https://vimeo.com/%s\">"
				      "vimeo.com/%s</a></div>", id, id, id);
		}
	} else if ((i = embed_key(ip, pos, "gist")) >= 0) {
		if ((e = embed_id(ip, i, true, false)) > 0 && (end = embed_close(ip, e)) > 0) {
			id = slice(ip, i, e);
			strbuf_printf(&b, "<div class=\"gist\" data-gist-id=\"%s\">"
				      "<a class=\"embed-link\" href=\"https://gist.github.com/%s\">"
				      "gist.github.com/%s</a></div>", id, id, id);
		}
	} else if ((i = embed_key(ip, pos, "slideshare")) >= 0 ||
		   (i = embed_key(ip, pos, "speakerdeck")) >= 0) {
		bool ss = at(ip, pos + 3) == 'l';
		if ((e = embed_id(ip, i, true, true)) > 0 && (end = embed_close(ip, e)) > 0) {
			id = slice(ip, i, e);
			/* finishView appends this link (extra.js) */
			strbuf_printf(&b, "<div class=\"%s\" data-%sid=\"%s\">"
				      "<a href=\"https://%s.com/%s\">%s</a></div>",
				      ss ? "slideshare" : "speakerdeck", ss ? "slideshare" : "speakerdeck",
				      id, ss ? "slideshare" : "speakerdeck", id,
				      ss ? "Slideshare" : "Speakerdeck");
		}
	} else if ((i = embed_key(ip, pos, "pdf")) >= 0) {
		/* ([\d\D]*?)\s*%} — the shortest run up to `%}` */
		for (e = i; at(ip, e); e++)
			if (at(ip, e) == '%' && at(ip, e + 1) == '}')
				break;
		if (at(ip, e)) {
			end = e + 2;
			while (e > i && is_ws(at(ip, e - 1)))
				e--;
			id = slice(ip, i, e);
			if (!strncmp(id, "http://", 7) || !strncmp(id, "https://", 8)) {
				strbuf_puts(&b, "<div class=\"pdf\" data-pdfurl=\"");
				put_escaped(&b, id, strlen(id));
				strbuf_puts(&b, "\"><a class=\"embed-link\" href=\"");
				put_escaped(&b, id, strlen(id));
				strbuf_puts(&b, "\">");
				put_escaped(&b, id, strlen(id));
				strbuf_puts(&b, "</a></div>");
			} else {
				end = -1;   /* not a URL: HedgeDoc keeps the text */
			}
		}
	}
	free(id);
	if (end < 0 || !b.s) {
		strbuf_free(&b);
		return NULL;
	}
	cmark_inline_parser_set_offset(ip, end);
	return html_node(&b);
}

static cmark_node *match_scan(cmark_syntax_extension *self, cmark_parser *parser,
			      cmark_node *parent, unsigned char c,
			      cmark_inline_parser *ip)
{
	switch (c) {
	case '~': case '^': return match_subsup(ip, c);
	case '$': return match_math(ip);
	case ':': return match_emoji(ip);
	case '{': return match_embed(ip);
	default: return NULL;
	}
}

/* Never called: these extensions push no cmark delimiters. */
static delimiter *insert_none(cmark_syntax_extension *self, cmark_parser *parser,
			      cmark_inline_parser *ip, delimiter *opener, delimiter *closer)
{
	return closer->next;
}

/* ---- blocks: :::container and definition lists ------------------------------ */

static int line_end(const unsigned char *input, int len)
{
	int e = 0;
	while (e < len && input[e] != '\n' && input[e] != '\r')
		e++;
	return e;
}

static void free_blk(cmark_mem *m, void *p)
{
	free(p);
}

static struct blk *new_blk(cmark_node *n)
{
	struct blk *b = xcalloc(1, sizeof *b);
	cmark_node_set_user_data(n, b);
	cmark_node_set_user_data_free_func(n, free_blk);
	return b;
}

/* markdown-it-container: ≥3 ':' then params whose first space-separated
 * word (after trimming) is the container's name. */
static cmark_node *open_alert(cmark_parser *parser, cmark_node *parent,
			      const unsigned char *input, int len)
{
	int f = cmark_parser_get_first_nonspace(parser);
	int n = 0;
	while (f + n < len && input[f + n] == ':')
		n++;
	if (n < 3)
		return NULL;
	int e = line_end(input, len);
	int p = f + n;
	while (p < e && (input[p] == ' ' || input[p] == '\t'))
		p++;
	int w = p;
	while (w < e && input[w] != ' ')
		w++;
	static const char *const names[] = { "success", "info", "warning", "danger" };
	const char *name = NULL;
	for (size_t k = 0; k < ARRAY_LEN(names); k++) {
		size_t nl = strlen(names[k]);
		/* the word, with trailing tabs/spaces of a bare name trimmed */
		int we = w;
		while (we > p && (input[we - 1] == '\t'))
			we--;
		if ((size_t)(we - p) == nl && !memcmp(input + p, names[k], nl))
			name = names[k];
	}
	if (!name)
		return NULL;
	cmark_node *c = cmark_parser_add_child(parser, parent, NODE_ALERT, f + 1);
	cmark_node_set_syntax_extension(c, ext_block);
	struct blk *b = new_blk(c);
	b->markers = n;
	/* HedgeDoc's renderContainer: class `alert alert-${info.trim()}` */
	int pe = e;
	while (pe > p && is_ws(input[pe - 1]))
		pe--;
	struct strbuf esc;
	strbuf_init(&esc, 0);
	put_escaped(&esc, (const char *)input + p, (size_t)(pe - p));
	size_t l = MIN(esc.len, sizeof b->name - 1);
	while (l < esc.len && l && ((unsigned char)esc.s[l] & 0xC0) == 0x80)
		l--;
	memcpy(b->name, esc.s, l);
	b->name[l] = '\0';
	strbuf_free(&esc);
	cmark_parser_advance_offset(parser, (const char *)input,
				    e - cmark_parser_get_offset(parser), 0);
	return c;
}

/* Is n a paragraph of exactly one line (a deflist term candidate)? */
static bool one_line_paragraph(cmark_node *n)
{
	if (!n || cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH)
		return false;
	const char *s = cmark_node_get_string_content(n);
	if (s && *s) {   /* still open: its raw lines */
		const char *nl = strchr(s, '\n');
		return !nl || !nl[1];
	}
	return cmark_node_get_start_line(n) == cmark_node_get_end_line(n);
}

/*
 * markdown-it-deflist: `:` or `~`, at least one space, then content. A dd
 * follows a one-line paragraph (the term; at most one blank line between)
 * or another dd. A paragraph of more lines is not a term: deflist cannot
 * interrupt a paragraph (its validation mode only accepts dd lines).
 */
static cmark_node *open_dd(cmark_parser *parser, cmark_node *parent,
			   const unsigned char *input, int len)
{
	int f = cmark_parser_get_first_nonspace(parser);
	if (f >= len || (input[f] != ':' && input[f] != '~'))
		return NULL;
	int p = f + 1;
	if (p >= len || (input[p] != ' ' && input[p] != '\t'))
		return NULL;
	while (p < len && (input[p] == ' ' || input[p] == '\t'))
		p++;
	if (p >= line_end(input, len))
		return NULL;   /* no empty definitions */
	int line = cmark_parser_get_line_number(parser);
	cmark_node *term = NULL;
	if (cmark_node_get_type(parent) == CMARK_NODE_PARAGRAPH) {
		if (!one_line_paragraph(parent))
			return NULL;
		term = parent;
	} else {
		cmark_node *last = cmark_node_last_child(parent);
		if (!last)
			return NULL;
		if (cmark_node_get_type(last) == NODE_DD) {
			/* another definition of the same term */
		} else if (one_line_paragraph(last) && cmark_node_get_user_data(last) == NULL &&
			   line - cmark_node_get_end_line(last) == 2) {
			term = last;
		} else {
			return NULL;
		}
	}
	int indent = cmark_parser_get_indent(parser);
	if (term)
		cmark_node_set_user_data(term, &term_tag);
	cmark_node *dd = cmark_parser_add_child(parser, parent, NODE_DD, f + 1);
	cmark_node_set_syntax_extension(dd, ext_block);
	new_blk(dd)->indent = indent;
	/* markdown-it-deflist: the definition's content is indented from
	 * the marker's indentation + 2; 4 columns more (5 after the
	 * marker) make it an indented code block */
	int col0 = cmark_parser_get_first_nonspace_column(parser) + 1, col = col0;
	for (int k = f + 1; k < p; k++)
		col += input[k] == '\t' ? 4 - col % 4 : 1;
	if (col - col0 >= 5) {
		cmark_parser_advance_offset(parser, (const char *)input,
					    f + 1 - cmark_parser_get_offset(parser), 0);
		cmark_parser_advance_offset(parser, (const char *)input, 1, 1);
		return dd;
	}
	cmark_parser_advance_offset(parser, (const char *)input,
				    p - cmark_parser_get_offset(parser), 0);
	return dd;
}

static cmark_node *open_block(cmark_syntax_extension *self, int indented,
			      cmark_parser *parser, cmark_node *parent,
			      unsigned char *input, int len)
{
	if (indented)
		return NULL;
	int f = cmark_parser_get_first_nonspace(parser);
	if (f >= len)
		return NULL;
	if (input[f] == ':') {
		cmark_node *n = open_alert(parser, parent, input, len);
		if (n)
			return n;
	}
	if (input[f] == ':' || input[f] == '~')
		return open_dd(parser, parent, input, len);
	return NULL;
}

static int match_block(cmark_syntax_extension *self, cmark_parser *parser,
		       unsigned char *input, int len, cmark_node *c)
{
	struct blk *b = cmark_node_get_user_data(c);
	if (!b)
		return 0;
	if (cmark_node_get_type(c) == NODE_DD) {
		if (cmark_parser_get_indent(parser) >= b->indent + 2) {
			cmark_parser_advance_offset(parser, (const char *)input, b->indent + 2, 1);
			return 1;
		}
		if (cmark_parser_is_blank(parser) && cmark_node_first_child(c)) {
			cmark_parser_advance_offset(parser, (const char *)input,
						    cmark_parser_get_first_nonspace(parser) -
						    cmark_parser_get_offset(parser), 0);
			return 1;
		}
		return 0;
	}
	/* container: everything up to and including the closing run of at
	 * least as many ':' with only spaces after it */
	if (b->closed)
		return 0;
	int f = cmark_parser_get_first_nonspace(parser);
	if (cmark_parser_get_indent(parser) < 4 && f < len && input[f] == ':') {
		int n = 0, e = line_end(input, len);
		while (f + n < e && input[f + n] == ':')
			n++;
		int p = f + n;
		while (p < e && input[p] == ' ')
			p++;
		if (n >= b->markers && p == e) {
			b->closed = true;
			cmark_parser_advance_offset(parser, (const char *)input,
						    e - cmark_parser_get_offset(parser), 0);
		}
	}
	return 1;
}

static int can_contain(cmark_syntax_extension *self, cmark_node *node,
		       cmark_node_type child)
{
	return (child & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK &&
	       child != CMARK_NODE_ITEM;
}

static int contains_inlines(cmark_syntax_extension *self, cmark_node *node)
{
	return 0;
}

static const char *type_string(cmark_syntax_extension *self, cmark_node *node)
{
	return cmark_node_get_type(node) == NODE_DD ? "dd" : "alert";
}

/* ---- set-up ------------------------------------------------------------------ */

static void init(void)
{
	if (ext_delim)
		return;
	cmark_mem *m = mem();
	NODE_ALERT = cmark_syntax_extension_add_node(0);
	NODE_DD = cmark_syntax_extension_add_node(0);

	ext_delim = cmark_syntax_extension_new("hedgedoc-delim");
	cmark_llist *chars = NULL;
	chars = cmark_llist_append(m, chars, (void *)(size_t)'=');
	chars = cmark_llist_append(m, chars, (void *)(size_t)'+');
	chars = cmark_llist_append(m, chars, (void *)(size_t)'~');
	cmark_syntax_extension_set_special_inline_chars(ext_delim, chars);
	cmark_syntax_extension_set_match_inline_func(ext_delim, match_delim);

	ext_scan = cmark_syntax_extension_new("hedgedoc-scan");
	chars = NULL;
	chars = cmark_llist_append(m, chars, (void *)(size_t)'^');
	chars = cmark_llist_append(m, chars, (void *)(size_t)'$');
	chars = cmark_llist_append(m, chars, (void *)(size_t)':');
	chars = cmark_llist_append(m, chars, (void *)(size_t)'{');
	cmark_syntax_extension_set_special_inline_chars(ext_scan, chars);
	cmark_syntax_extension_set_match_inline_func(ext_scan, match_scan);
	cmark_syntax_extension_set_inline_from_delim_func(ext_scan, insert_none);

	ext_block = cmark_syntax_extension_new("hedgedoc-block");
	cmark_syntax_extension_set_open_block_func(ext_block, open_block);
	cmark_syntax_extension_set_match_block_func(ext_block, match_block);
	cmark_syntax_extension_set_can_contain_func(ext_block, can_contain);
	cmark_syntax_extension_set_contains_inlines_func(ext_block, contains_inlines);
	cmark_syntax_extension_set_get_type_string_func(ext_block, type_string);
}

/* exported function documented in md_ext.h */
void md_ext_attach(cmark_parser *p)
{
	init();
	cmark_parser_attach_syntax_extension(p, ext_block);
	cmark_parser_attach_syntax_extension(p, ext_delim);
	cmark_parser_attach_syntax_extension(p, ext_scan);
}

/* ---- after parsing ------------------------------------------------------------ */

static cmark_node *custom_block(const char *enter, const char *exit)
{
	cmark_node *n = cmark_node_new_with_mem(CMARK_NODE_CUSTOM_BLOCK, mem());
	cmark_node_set_on_enter(n, enter);
	cmark_node_set_on_exit(n, exit);
	return n;
}

/* `<tag attrs data-sourcepos="…">`: html.c then knows the element came
 * from Markdown and where. */
static const char *with_pos(char *buf, size_t cap, cmark_node *n, const char *tag,
			    const char *attrs)
{
	snprintf(buf, cap, "<%s%s data-sourcepos=\"%d:%d-%d:%d\">", tag, attrs,
		 cmark_node_get_start_line(n), cmark_node_get_start_column(n),
		 cmark_node_get_end_line(n), cmark_node_get_end_column(n));
	return buf;
}

static void to_custom(cmark_node *n, const char *enter, const char *exit)
{
	void *ud = cmark_node_get_user_data(n);
	if (ud && ud != &term_tag)
		free(ud);   /* the free function then sees NULL */
	cmark_node_set_user_data(n, NULL);
	cmark_node_set_syntax_extension(n, NULL);
	cmark_node_set_type(n, CMARK_NODE_CUSTOM_BLOCK);
	cmark_node_set_on_enter(n, enter);
	cmark_node_set_on_exit(n, exit);
}

/* A deflist is tight (markdown-it-deflist markTightParagraphs) when no dd
 * has a blank line between its blocks and none is followed by a blank
 * line and another dd of its term. Line numbers tell where the blank
 * lines were. */
static bool deflist_tight(cmark_node *first, cmark_node *stop)
{
	for (cmark_node *n = first; n && n != stop; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) != NODE_DD)
			continue;
		cmark_node *prev = NULL;
		for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
			if (prev && cmark_node_get_start_line(c) > cmark_node_get_end_line(prev) + 1)
				return false;
			prev = c;
		}
		/* a blank line before the next definition of the same term
		 * (markdown-it-deflist's prevEmptyEnd, reset by a new term) */
		cmark_node *next = cmark_node_next(n);
		if (next && next != stop && prev && cmark_node_get_type(next) == NODE_DD &&
		    cmark_node_get_start_line(next) > cmark_node_get_end_line(prev) + 1)
			return false;
	}
	return true;
}

/*
 * The work of md_ext_finish() as a stack of tasks rather than recursion, so
 * that a 100 000-deep blockquote or list costs heap, not C stack. FINISH
 * turns a node's runs of terms and definitions into <dl>s and its alerts
 * into <div>s and queues its block children; HIDE_PARAS, queued below a
 * tight <dd>'s FINISH, runs once that subtree is done (its terms have moved
 * into nested <dl>s by then) and hides its paragraphs' <p>.
 */
enum finish_task { FINISH, HIDE_PARAS };

struct finish_stack {
	struct { enum finish_task task; cmark_node *node; } *v;
	size_t n, cap;
};

static void finish_push(struct finish_stack *st, enum finish_task task, cmark_node *node)
{
	if (st->n == st->cap) {
		st->cap = st->cap ? 2 * st->cap : 64;
		st->v = xrealloc(st->v, st->cap * sizeof *st->v);
	}
	st->v[st->n].task = task;
	st->v[st->n].node = node;
	st->n++;
}

static bool is_term(cmark_node *n)
{
	return cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH &&
	       cmark_node_get_user_data(n) == &term_tag;
}

static void finish_children(struct finish_stack *st, cmark_node *parent)
{
	cmark_node *n = cmark_node_first_child(parent);
	while (n) {
		cmark_node *next = cmark_node_next(n);
		cmark_node_type t = cmark_node_get_type(n);
		if (is_term(n) || t == NODE_DD) {
			/* the run of terms and definitions that forms one <dl> */
			cmark_node *stop = n;
			while (stop && (cmark_node_get_type(stop) == NODE_DD || is_term(stop)))
				stop = cmark_node_next(stop);
			bool tight = deflist_tight(n, stop);
			char pos[96];
			cmark_node *dl = custom_block(with_pos(pos, sizeof pos, n, "dl", ""), "</dl>");
			cmark_node_insert_before(n, dl);
			for (cmark_node *k = n; k != stop;) {
				cmark_node *kn = cmark_node_next(k);
				cmark_node_append_child(dl, k);
				if (cmark_node_get_type(k) == NODE_DD) {
					to_custom(k, with_pos(pos, sizeof pos, k, "dd", ""), "</dd>");
					/* tight: markdown-it hides the paragraphs */
					if (tight)
						finish_push(st, HIDE_PARAS, k);
					finish_push(st, FINISH, k);
				} else {
					to_custom(k, with_pos(pos, sizeof pos, k, "dt", ""), "</dt>");
				}
				k = kn;
			}
			n = stop;
			continue;
		}
		if (t == NODE_ALERT) {
			struct blk *b = cmark_node_get_user_data(n);
			char enter[320], cls[200];
			snprintf(cls, sizeof cls, " class=\"alert alert-%s\"", b ? b->name : "info");
			with_pos(enter, sizeof enter, n, "div", cls);
			to_custom(n, enter, "</div>");
			finish_push(st, FINISH, n);
		} else if ((t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK) {
			finish_push(st, FINISH, n);
		}
		n = next;
	}
}

/* exported function documented in md_ext.h */
void md_ext_finish(cmark_node *root)
{
	struct finish_stack st = { 0 };
	finish_push(&st, FINISH, root);
	while (st.n) {
		st.n--;
		cmark_node *n = st.v[st.n].node;
		if (st.v[st.n].task == FINISH) {
			finish_children(&st, n);
			continue;
		}
		for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c))
			if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH)
				cmark_node_set_type(c, CMARK_NODE_CUSTOM_INLINE);
	}
	free(st.v);
}
