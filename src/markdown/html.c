/*
 * html.c — gumbo tree → sanitized DOM, and HedgeDoc's comment attributes
 * (see html.h).
 *
 * The sanitizer is js-xss 1.0.15 with HedgeDoc's options (HEDGEDOC.md §5):
 * a tag on the whitelist keeps its whitelisted attributes plus id, class,
 * style and data-* (unfiltered); a tag not on it is not removed but shown as
 * text, its children staying in place. js-xss works on the HTML string; we
 * work on the parsed tree and emit the tag's source text, which gives the
 * same page for everything but malformed markup.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "markdown/html.h"
#include "base/diag.h"
#include "markdown/dom.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <gumbo.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the whitelist (js-xss lib/default.js + HedgeDoc render.js) ---------- */

struct allowed {
	const char *tag;
	const char *attrs;   /* space-separated, each surrounded by spaces */
};

/* Sorted by tag for bsearch. */
static const struct allowed whitelist[] = {
	{ "a", " target href title " },
	{ "abbr", " title " },
	{ "address", "" },
	{ "area", " shape coords href alt " },
	{ "article", "" },
	{ "aside", "" },
	{ "audio", " autoplay controls crossorigin loop muted preload src " },
	{ "b", "" },
	{ "bdi", " dir " },
	{ "bdo", " dir " },
	{ "big", "" },
	{ "blockquote", " cite " },
	{ "br", "" },
	{ "caption", "" },
	{ "center", "" },
	{ "cite", "" },
	{ "code", "" },
	{ "col", " align valign span width " },
	{ "colgroup", " align valign span width " },
	{ "dd", "" },
	{ "del", " datetime " },
	{ "details", " open " },
	{ "div", "" },
	{ "dl", "" },
	{ "dt", "" },
	{ "em", "" },
	{ "figcaption", "" },
	{ "figure", "" },
	{ "font", " color size face " },
	{ "footer", "" },
	{ "h1", "" },
	{ "h2", "" },
	{ "h3", "" },
	{ "h4", "" },
	{ "h5", "" },
	{ "h6", "" },
	{ "header", "" },
	{ "hr", "" },
	{ "i", "" },
	{ "iframe", " allowfullscreen name referrerpolicy src width height " },
	{ "img", " src alt title width height loading " },
	{ "ins", " datetime " },
	{ "kbd", "" },
	{ "li", " value " },
	{ "mark", "" },
	{ "nav", "" },
	{ "ol", " start " },
	{ "p", "" },
	{ "pre", "" },
	{ "rp", "" },
	{ "rt", "" },
	{ "ruby", "" },
	{ "s", "" },
	{ "section", "" },
	{ "small", "" },
	{ "span", "" },
	{ "strike", "" },
	{ "strong", "" },
	{ "style", "" },
	{ "sub", "" },
	{ "summary", "" },
	{ "sup", "" },
	{ "table", " width border align valign " },
	{ "tbody", " align valign " },
	{ "td", " width rowspan colspan align valign " },
	{ "tfoot", " align valign " },
	{ "th", " width rowspan colspan align valign " },
	{ "thead", " align valign " },
	{ "tr", " rowspan align valign " },
	{ "tt", "" },
	{ "u", "" },
	{ "ul", "" },
	{ "video", " autoplay controls crossorigin loop muted playsinline poster preload src height width " },
};

static int cmp_allowed(const void *key, const void *elem)
{
	return strcmp(key, ((const struct allowed *)elem)->tag);
}

static const struct allowed *find_allowed(const char *tag)
{
	return bsearch(tag, whitelist, ARRAY_LEN(whitelist), sizeof whitelist[0],
		       cmp_allowed);
}

int html_tag_allowed(const char *tag)
{
	return find_allowed(tag) != NULL;
}

const char *html_allowed_attrs(const char *tag)
{
	const struct allowed *al = find_allowed(tag);
	return al ? al->attrs : NULL;
}

static bool attr_listed(const struct allowed *al, const char *name)
{
	size_t n = strlen(name);
	for (const char *p = strstr(al->attrs, name); p; p = strstr(p + 1, name))
		if (p[-1] == ' ' && p[n] == ' ')
			return true;
	return false;
}

/* ---- URL filter (render.js, js-xss safeAttrValue) ------------------------ */

static bool starts_ci(const char *s, const char *prefix)
{
	return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* render.js linkRegex: ? # . / http(s):// and the browsers' safe schemes. */
static bool link_ok(const char *v)
{
	if (*v == '?' || *v == '#' || *v == '.' || *v == '/')
		return true;
	if (starts_ci(v, "http://") || starts_ci(v, "https://") || starts_ci(v, "web+"))
		return true;
	static const char *schemes[] = {
		"bitcoin:", "ftp:", "ftps:", "geo:", "im:", "irc:", "ircs:", "magnet:",
		"mailto:", "matrix:", "mms:", "news:", "nntp:", "openpgp4fpr:", "sftp:",
		"sip:", "sms:", "smsto:", "ssh:", "tel:", "urn:", "webcal:", "wtai:", "xmpp:"
	};
	for (size_t i = 0; i < ARRAY_LEN(schemes); i++)
		if (starts_ci(v, schemes[i]))
			return true;
	return false;
}

/*
 * The value an href/src keeps. A bare relative image path (img/x.png)
 * would be blanked by HedgeDoc, whose notes have no folder; a deck rendered
 * from disk wants its pictures, so it is kept as ./img/x.png, as the
 * browser references do. Anything else unsafe becomes "".
 */
static const char *filter_url(struct arena *a, const char *tag, const char *name,
			      const char *v)
{
	while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '\f')
		v++;
	if (link_ok(v))
		return v;
	if (starts_ci(v, "data:image/") ||
	    (!strcmp(tag, "img") && starts_ci(v, "data:")))
		return v;
	if (!strcmp(name, "src") && *v && !strchr(v, ':') && !strchr("?#/ \t\n", *v))
		return arena_printf(a, "./%s", v);
	return "";
}

/* ---- tree conversion ----------------------------------------------------- */

struct conv {
	const struct html_ctx *c;
	const char *html;
	size_t len;
	/* The text node append_text() last grew and the room its buffer has,
	 * so that a run of many pieces (the tags of a long row of unknown
	 * elements, the text of flattened ones) is copied once, not once per
	 * piece. */
	struct dom_node *grown;
	size_t grown_cap;
	/* The element deeper ones were first flattened into (NULL: none). */
	const struct dom_node *flattened;
};

static void append_text(struct conv *cv, struct dom_node *parent, const char *s, size_t n)
{
	if (!n)
		return;
	struct arena *a = cv->c->arena;
	struct dom_node *last = parent->last_child;
	if (last && last->type == DOM_TEXT) {
		size_t need = last->text_len + n + 1;
		char *t = (char *)last->text;
		if (last != cv->grown || need > cv->grown_cap) {
			size_t cap = MAX(need, 2 * (last->text_len + 1));
			t = arena_alloc(a, cap);
			memcpy(t, last->text, last->text_len);
			cv->grown = last;
			cv->grown_cap = cap;
		}
		memcpy(t + last->text_len, s, n);
		t[last->text_len + n] = '\0';
		last->text = t;
		last->text_len += n;
		return;
	}
	dom_append(parent, dom_new_text(a, s, n));
}

/* cmark's data-sourcepos="l1:c1-l2:c2" → the element's file position. */
static void set_sourcepos(const struct html_ctx *c, struct dom_node *n, const char *v)
{
	char *end;
	unsigned long l = strtoul(v, &end, 10);
	if (end == v || *end != ':' || !l)
		return;
	n->from_markdown = true;
	if (!c->first_line)
		return;
	unsigned long col = strtoul(end + 1, NULL, 10);
	unsigned long before = 0;
	while (before < c->n_added && (unsigned long)c->added[before] < l)
		before++;
	n->src_line = c->first_line + (unsigned)(l - before) - 1;
	n->src_col = (unsigned)col;
}

static char *lower_dup(struct arena *a, const char *s, size_t n)
{
	char *t = arena_strndup(a, s, n);
	for (char *p = t; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return t;
}

static const char *tag_name(struct arena *a, const GumboElement *e)
{
	if (e->tag != GUMBO_TAG_UNKNOWN)
		return gumbo_normalized_tagname(e->tag);
	GumboStringPiece p = e->original_tag;
	if (!p.length)
		return "unknown";
	gumbo_tag_from_original_text(&p);
	return lower_dup(a, p.data, p.length);
}

/* A DOM element for the whitelisted gumbo element e, with the attributes
 * the sanitizer keeps, appended to parent. */
static struct dom_node *convert_element(struct conv *cv, const GumboElement *e,
					const char *tag, const struct allowed *al,
					struct dom_node *parent)
{
	struct arena *a = cv->c->arena;
	struct dom_node *n = dom_new_element(a, tag);
	for (unsigned i = 0; i < e->attributes.length; i++) {
		const GumboAttribute *at = e->attributes.data[i];
		const char *name = at->name, *v = at->value;
		if (!strcmp(name, "data-sourcepos")) {
			set_sourcepos(cv->c, n, v);
			continue;
		}
		if (attr_listed(al, name)) {
			if (!strcmp(name, "href") || !strcmp(name, "src"))
				v = filter_url(a, tag, name, v);
		} else if (strncmp(name, "data-", 5) && strcmp(name, "id") &&
			   strcmp(name, "class") && strcmp(name, "style")) {
			continue;
		}
		dom_set_attr(a, n, name, v);
	}
	dom_append(parent, n);
	if (!n->src_line)
		n->src_line = parent->src_line, n->src_col = parent->src_col;
	return n;
}

/*
 * The gumbo tree below `children` into parent, walked with a stack of our
 * own (gumbo's tree can be as deep as the HTML nests, up to
 * MAX_HTML_NESTING). Elements at MAX_DOM_DEPTH and deeper are flattened:
 * their children go into the element at the limit, so later stages can
 * recurse safely.
 */
struct conv_frame {
	const GumboVector *children;
	unsigned i;                     /* next child */
	struct dom_node *parent;        /* where the children go */
	int depth;                      /* DOM depth of parent's children */
	const GumboStringPiece *end_tag; /* shown after the children (an element
	                                    not on the whitelist) or NULL */
};

static void convert_tree(struct conv *cv, const GumboVector *children,
			 struct dom_node *parent)
{
	struct arena *a = cv->c->arena;
	size_t n = 0, cap = 64;
	struct conv_frame *st = xmalloc(cap * sizeof *st);
	st[n++] = (struct conv_frame){ children, 0, parent, 0, NULL };
	while (n) {
		struct conv_frame *f = &st[n - 1];
		if (f->i == f->children->length) {
			if (f->end_tag)
				append_text(cv, f->parent, f->end_tag->data, f->end_tag->length);
			n--;
			continue;
		}
		const GumboNode *g = f->children->data[f->i++];
		struct dom_node *into = f->parent;
		int depth = f->depth;
		struct conv_frame next = { NULL, 0, into, depth, NULL };
		switch (g->type) {
		case GUMBO_NODE_ELEMENT:
		case GUMBO_NODE_TEMPLATE: {
			const GumboElement *e = &g->v.element;
			const char *tag = tag_name(a, e);
			next.children = &e->children;
			/* By name, whatever the namespace: js-xss sees only tag
			 * names, so a <b> that gumbo put inside an (escaped) <svg>
			 * is still bold. */
			const struct allowed *al = find_allowed(tag);
			if (!al) {
				/* Not on the whitelist: its tags become visible
				 * text (§5), its children stay in place. */
				append_text(cv, into, e->original_tag.data, e->original_tag.length);
				next.end_tag = &e->original_end_tag;
			} else if (depth >= MAX_DOM_DEPTH) {
				if (!cv->flattened)
					cv->flattened = into;
			} else {
				next.parent = convert_element(cv, e, tag, al, into);
				next.depth = depth + 1;
			}
			if (n == cap) {
				cap *= 2;
				st = xrealloc(st, cap * sizeof *st);
			}
			st[n++] = next;
			break;
		}
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_WHITESPACE:
		case GUMBO_NODE_CDATA:
			append_text(cv, into, g->v.text.text, strlen(g->v.text.text));
			break;
		case GUMBO_NODE_COMMENT: {
			struct dom_node *c = dom_new_text(a, g->v.text.text, strlen(g->v.text.text));
			c->type = DOM_COMMENT;
			dom_append(into, c);
			break;
		}
		default:
			break;
		}
	}
	free(st);
}

/* ---- <!-- .slide: … --> and <!-- .element: … --> (HEDGEDOC.md §4) -------- */

/*
 * The attribute pairs of reveal-markdown's /([^"= ]+?)="([^"=]+?)"/g on
 * s[0..n): only data-*, id, class and style are applied (whiteListAttr),
 * each replacing what was there, its value HTML-escaped as escapeAttrValue
 * leaves it.
 */
static void apply_pairs(struct arena *a, struct dom_node *target, const char *s,
			size_t n)
{
	size_t i = 0;
	while (i < n) {
		bool found = false;
		for (size_t p = i; p < n; p++) {
			if (s[p] == '"' || s[p] == '=' || s[p] == ' ')
				continue;
			size_t q = p;
			while (q < n && s[q] != '"' && s[q] != '=' && s[q] != ' ')
				q++;
			if (q + 1 < n && s[q] == '=' && s[q + 1] == '"') {
				size_t v = q + 2, w = v;
				while (w < n && s[w] != '"' && s[w] != '=')
					w++;
				if (w < n && s[w] == '"' && w > v) {
					char *name = arena_strndup(a, s + p, q - p);
					if (!strncmp(name, "data-", 5) || !strcmp(name, "id") ||
					    !strcmp(name, "class") || !strcmp(name, "style")) {
						struct strbuf b;
						strbuf_init(&b, 0);
						for (size_t k = v; k < w; k++) {
							if (s[k] == '<')
								strbuf_puts(&b, "&lt;");
							else if (s[k] == '>')
								strbuf_puts(&b, "&gt;");
							else
								strbuf_append(&b, s + k, 1);
						}
						dom_set_attr(a, target, name, b.s ? b.s : "");
						strbuf_free(&b);
					}
					i = w + 1;
					found = true;
					break;
				}
			}
			p = q;
		}
		if (!found)
			break;
	}
}

static bool is_js_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' ||
	       ch == '\f';
}

/*
 * /\.element\s*?(.+?)$/m: the capture runs from just after `.element` (or,
 * when a newline follows it, from the first line with content after the
 * white space) to the end of that line. Returns true with the capture.
 */
static bool match_element(const char *t, const char **cap, size_t *cap_len)
{
	for (const char *p = strstr(t, ".element"); p; p = strstr(p + 1, ".element")) {
		const char *q = p + 8;
		/* \s*? lazily: stop at the first position whose char is not a
		 * line end (so .+? can take at least one char). */
		while (*q == '\n' || *q == '\r')
			q++;
		if (!*q)
			continue;
		const char *e = q;
		while (*e && *e != '\n' && *e != '\r')
			e++;
		*cap = q;
		*cap_len = (size_t)(e - q);
		return true;
	}
	return false;
}

/* /\.slide:\s*?(\S.+?)$/m: from the first non-space after `.slide:` to the
 * end of its line, at least two characters. */
static bool match_slide(const char *t, const char **cap, size_t *cap_len)
{
	for (const char *p = strstr(t, ".slide:"); p; p = strstr(p + 1, ".slide:")) {
		const char *q = p + 7;
		while (*q && is_js_space(*q))
			q++;
		const char *e = q;
		while (*e && *e != '\n' && *e != '\r')
			e++;
		if (e - q < 2)
			continue;
		*cap = q;
		*cap_len = (size_t)(e - q);
		return true;
	}
	return false;
}

/* The element a `.element` comment applies to: the nearest earlier element
 * sibling that is not <br>, else the parent (reveal-markdown's walk). */
static struct dom_node *element_target(struct dom_node *comment)
{
	for (struct dom_node *s = comment->prev; s; s = s->prev)
		if (s->type == DOM_ELEMENT && strcmp(s->tag, "br"))
			return s;
	return comment->parent;
}

static void apply_comments(const struct html_ctx *c, struct dom_node *root)
{
	struct dom_node *n = root->first_child;
	while (n) {
		struct dom_node *next = dom_walk_next(root, n, false);
		if (n->type == DOM_COMMENT) {
			const char *cap;
			size_t cl;
			next = dom_walk_next(root, n, true);
			if (match_element(n->text, &cap, &cl))
				apply_pairs(c->arena, element_target(n), cap, cl);
			else if (c->section && match_slide(n->text, &cap, &cl))
				apply_pairs(c->arena, c->section, cap, cl);
			dom_remove(n);
		}
		n = next;
	}
}

/* ---- nesting, before parsing ---------------------------------------------- */

/*
 * gumbo 0.10 finds the scope of most start tags by walking its whole stack
 * of open elements, and frees its tree recursively: HTML nested N deep
 * costs time in N × tags and C stack in N. So before parsing, start tags
 * that would open an element deeper than MAX_HTML_NESTING are left out,
 * with the end tags that close them; what they held stays, in the element
 * at the limit (the DOM is flattened at MAX_DOM_DEPTH later anyway).
 *
 * The nesting is followed the simple way, as a stack of tag names. A start
 * tag opens an element unless it is void, raw text (<style>, <script>, …:
 * skipped whole, up to its end tag) or one whose end tag may be left out
 * (p, li, td, …: these close each other rather than nest). An end tag
 * closes the nearest open element of its name among the NESTING_LOOKBACK
 * innermost ones, and those inside it; otherwise it is ignored, as gumbo
 * ignores a stray end tag. Inside <svg> and <math>, "/>" closes the
 * element it opens. Comments, doctypes and processing instructions open
 * nothing.
 */
enum { NESTING_LOOKBACK = 64 };

static bool name_in(const char *s, size_t n, const char *const *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(list[i]) == n && !strncasecmp(s, list[i], n))
			return true;
	return false;
}

static bool html_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f';
}

static bool ascii_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* Just past the '>' that ends a tag, from i (after its name); len if the
 * input ends first. Quoted attribute values may hold '>'. */
static size_t tag_end(const char *s, size_t i, size_t len, bool *self_closing,
		      size_t *excess)
{
	*self_closing = false;
	*excess = 0;
	size_t n_attrs = 0;
	bool after_space = true;
	while (i < len) {
		if (s[i] == '>') {
			*self_closing = s[i - 1] == '/';
			return i + 1;
		}
		if (after_space && !html_space(s[i]) && s[i] != '/' && ++n_attrs == MAX_HTML_ATTRS + 1)
			*excess = i;
		after_space = html_space(s[i]);
		if (s[i++] != '=')
			continue;
		while (i < len && html_space(s[i]))
			i++;
		if (i < len && (s[i] == '"' || s[i] == '\'')) {
			const char *q = memchr(s + i + 1, s[i], len - i - 1);
			if (!q)
				return len;
			i = (size_t)(q - s) + 1;
		}
	}
	return len;
}

/* Just past the end tag `</name…>` of a raw text element, from i; len if
 * there is none. */
static size_t rawtext_end(const char *s, size_t i, size_t len, const char *name,
			  size_t n)
{
	while (i < len) {
		const char *lt = memchr(s + i, '<', len - i);
		if (!lt)
			return len;
		i = (size_t)(lt - s) + 1;
		if (i + n + 1 <= len && s[i] == '/' && !strncasecmp(s + i + 1, name, n) &&
		    (i + n + 1 == len || html_space(s[i + n + 1]) || s[i + n + 1] == '/' ||
		     s[i + n + 1] == '>')) {
			bool sc;
			size_t excess;
			return tag_end(s, i + n + 1, len, &sc, &excess);
		}
	}
	return len;
}

/* What limit_nesting() left out. */
enum { CUT_DEEP = 1, CUT_ATTRS = 2 };

/* html with the start tags nested deeper than MAX_HTML_NESTING and their
 * end tags left out, and each tag's attributes past MAX_HTML_ATTRS
 * (malloc'd, its length in *out_len, what was cut in *what), or NULL when
 * nothing reaches a limit. */
static char *limit_nesting(const char *s, size_t len, size_t *out_len, unsigned *what)
{
	static const char *const nests_not[] = {
		/* void */
		"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr",
		"image", "img", "input", "keygen", "link", "meta", "param", "source",
		"track", "wbr",
		/* end tag optional: closed by a sibling or the parent */
		"body", "caption", "colgroup", "dd", "dt", "head", "html", "li", "optgroup",
		"option", "p", "rb", "rp", "rt", "rtc", "tbody", "td", "tfoot", "th",
		"thead", "tr",
	};
	static const char *const rawtext[] = {
		"iframe", "noembed", "noframes", "script", "style", "textarea", "title", "xmp",
	};
	struct open { size_t name, n; bool foreign; } *st = NULL;
	size_t depth = 0, cap = 0;
	struct strbuf out;
	strbuf_init(&out, 0);
	size_t copied = 0;           /* s[0..copied) is in out (once out is used) */
	bool cut = false;
	size_t i = 0;
	while (i < len) {
		const char *lt = memchr(s + i, '<', len - i);
		if (!lt)
			break;
		size_t at = (size_t)(lt - s);
		i = at + 1;
		if (i >= len)
			break;
		if (s[i] == '!' || s[i] == '?' || (s[i] == '/' && (i + 1 >= len || !ascii_alpha(s[i + 1])))) {
			/* a comment, doctype, CDATA, processing instruction or bogus
			 * end tag: nothing opens or closes */
			if (len - i >= 3 && !memcmp(s + i, "!--", 3)) {
				const char *e = i + 3 < len ? memmem(s + i + 3, len - i - 3, "-->", 3) : NULL;
				i = e ? (size_t)(e - s) + 3 : len;
			} else {
				const char *gt = memchr(s + i, '>', len - i);
				i = gt ? (size_t)(gt - s) + 1 : len;
			}
			continue;
		}
		bool end = s[i] == '/';
		size_t name = end ? i + 1 : i;
		if (!ascii_alpha(s[name]))
			continue;                  /* a '<' in text */
		size_t n = 0;
		while (name + n < len && !html_space(s[name + n]) && s[name + n] != '/' &&
		       s[name + n] != '>')
			n++;
		bool self_closing;
		size_t excess;
		i = tag_end(s, name + n, len, &self_closing, &excess);
		bool drop = false;
		if (end) {
			size_t stop = depth > NESTING_LOOKBACK ? depth - NESTING_LOOKBACK : 0;
			for (size_t k = depth; k-- > stop;) {
				if (st[k].n == n && !strncasecmp(s + st[k].name, s + name, n)) {
					drop = k >= MAX_HTML_NESTING;
					depth = k;
					break;
				}
			}
		} else if (name_in(s + name, n, rawtext, ARRAY_LEN(rawtext))) {
			i = rawtext_end(s, i, len, s + name, n);
		} else if (!name_in(s + name, n, nests_not, ARRAY_LEN(nests_not)) &&
			   !(self_closing && depth && st[depth - 1].foreign)) {
			if (depth == cap) {
				cap = cap ? 2 * cap : 64;
				st = xrealloc(st, cap * sizeof *st);
			}
			st[depth].name = name;
			st[depth].n = n;
			st[depth].foreign = (depth && st[depth - 1].foreign) ||
					    name_in(s + name, n, (const char *const[]){ "svg", "math" }, 2);
			drop = depth >= MAX_HTML_NESTING;
			depth++;
		}
		if (drop) {
			strbuf_append(&out, s + copied, at - copied);
			copied = i;
			cut = true;
			*what |= CUT_DEEP;
		} else if (excess && !end) {
			/* gumbo compares each attribute with all before it (100 000
			 * of them took a minute): the tag ends after MAX_HTML_ATTRS */
			strbuf_append(&out, s + copied, excess - copied);
			strbuf_puts(&out, self_closing ? "/>" : ">");
			copied = i;
			cut = true;
			*what |= CUT_ATTRS;
		}
	}
	free(st);
	if (!cut)
		return NULL;
	strbuf_append(&out, s + copied, len - copied);
	*out_len = out.len;
	return out.s;
}

/* ---- entry --------------------------------------------------------------- */

void html_parse_fragment(const struct html_ctx *c, const char *html, size_t len,
			 struct dom_node *parent)
{
	size_t cut_len = 0;
	unsigned what = 0;
	char *cut = limit_nesting(html, len, &cut_len, &what);
	if (cut) {
		html = cut;
		len = cut_len;
	}
	GumboOptions opts = kGumboDefaultOptions;
	opts.fragment_context = GUMBO_TAG_DIV;
	opts.fragment_namespace = GUMBO_NAMESPACE_HTML;
	opts.max_errors = 0;
	GumboOutput *out = gumbo_parse_with_options(&opts, html, len);
	if (!out) {
		free(cut);
		return;
	}
	struct conv cv = { .c = c, .html = html, .len = len };
	/* A fragment's nodes are the children of the synthesized <html>. */
	const GumboNode *root = out->root;
	if (root && root->type == GUMBO_NODE_ELEMENT)
		convert_tree(&cv, &root->v.element.children, parent);
	gumbo_destroy_output(&opts, out);
	free(cut);
	/* at the element at the limit when it came from Markdown, else (raw
	 * HTML has no positions) at the slide */
	const struct dom_node *at = cv.flattened ? cv.flattened : parent;
	unsigned line = at->src_line ? at->src_line : c->first_line;
	unsigned col = at->src_line ? at->src_col : 1;
	if ((cv.flattened || (what & CUT_DEEP)) && c->diag)
		diag_at_line(c->diag, DIAG_WARNING, c->src, line, col,
			     "elements nested more than %d deep; the deeper ones are "
			     "flattened into the one at that depth", MAX_DOM_DEPTH);
	if ((what & CUT_ATTRS) && c->diag)
		diag_at_line(c->diag, DIAG_WARNING, c->src, line, col,
			     "a tag with more than %d attributes; the ones after those "
			     "are left out", MAX_HTML_ATTRS);
	apply_comments(c, parent);
}
