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
#include "html.h"
#include "diag.h"
#include "dom.h"
#include "scs_limits.h"
#include "util.h"

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
};

static void append_text(struct arena *a, struct dom_node *parent, const char *s,
			size_t n)
{
	if (!n)
		return;
	struct dom_node *last = parent->last_child;
	if (last && last->type == DOM_TEXT) {
		char *t = arena_alloc(a, last->text_len + n + 1);
		memcpy(t, last->text, last->text_len);
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
	n->src_line = c->first_line + (unsigned)l - 1;
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

static void convert_children(struct conv *cv, const GumboVector *children,
			     struct dom_node *parent, int depth);

static void convert_element(struct conv *cv, const GumboNode *g,
			    struct dom_node *parent, int depth)
{
	struct arena *a = cv->c->arena;
	const GumboElement *e = &g->v.element;
	const char *tag = tag_name(a, e);
	/* By name, whatever the namespace: js-xss sees only tag names, so a
	 * <b> that gumbo put inside an (escaped) <svg> is still bold. */
	const struct allowed *al = find_allowed(tag);
	if (!al) {
		/* Not on the whitelist: its tags become visible text (§5). */
		append_text(a, parent, e->original_tag.data, e->original_tag.length);
		convert_children(cv, &e->children, parent, depth);
		append_text(a, parent, e->original_end_tag.data, e->original_end_tag.length);
		return;
	}
	if (depth >= MAX_DOM_DEPTH) {
		/* Deeper nesting is flattened into the ancestor at the limit,
		 * so later stages can recurse safely. */
		convert_children(cv, &e->children, parent, depth);
		return;
	}
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
	convert_children(cv, &e->children, n, depth + 1);
}

static void convert_children(struct conv *cv, const GumboVector *children,
			     struct dom_node *parent, int depth)
{
	struct arena *a = cv->c->arena;
	for (unsigned i = 0; i < children->length; i++) {
		const GumboNode *g = children->data[i];
		switch (g->type) {
		case GUMBO_NODE_ELEMENT:
		case GUMBO_NODE_TEMPLATE:
			convert_element(cv, g, parent, depth);
			break;
		case GUMBO_NODE_TEXT:
		case GUMBO_NODE_WHITESPACE:
		case GUMBO_NODE_CDATA:
			append_text(a, parent, g->v.text.text, strlen(g->v.text.text));
			break;
		case GUMBO_NODE_COMMENT: {
			struct dom_node *n = dom_new_text(a, g->v.text.text,
							  strlen(g->v.text.text));
			n->type = DOM_COMMENT;
			dom_append(parent, n);
			break;
		}
		default:
			break;
		}
	}
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

/* ---- entry --------------------------------------------------------------- */

void html_parse_fragment(const struct html_ctx *c, const char *html, size_t len,
			 struct dom_node *parent)
{
	GumboOptions opts = kGumboDefaultOptions;
	opts.fragment_context = GUMBO_TAG_DIV;
	opts.fragment_namespace = GUMBO_NAMESPACE_HTML;
	opts.max_errors = 0;
	GumboOutput *out = gumbo_parse_with_options(&opts, html, len);
	if (!out)
		return;
	struct conv cv = { c, html, len };
	/* A fragment's nodes are the children of the synthesized <html>. */
	const GumboNode *root = out->root;
	if (root && root->type == GUMBO_NODE_ELEMENT)
		convert_children(&cv, &root->v.element.children, parent, 0);
	gumbo_destroy_output(&opts, out);
	apply_comments(c, parent);
}
