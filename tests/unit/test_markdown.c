/*
 * test_markdown.c — Markdown → DOM as HedgeDoc shapes it: markdown-it's
 * output shapes, the imsize syntax, the sanitizer, `.slide`/`.element`
 * comments, task lists and source positions (markdown.c, html.c), and
 * HedgeDoc's markdown-it plugins (md_ext.c, emoji.c): mark, ins, sub, sup,
 * math, emoji, embeds, containers, definition lists, abbreviations,
 * footnotes, [TOC], [name=]/[time=]/[color=] tags.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1
#include "harness.h"

#include "base/diag.h"
#include "markdown/dom.h"
#include "markdown/html.h"
#include "markdown/emoji.h"
#include "markdown/markdown.h"
#include "base/scs_limits.h"
#include "markdown/split.h"
#include "base/util.h"

#include <stdlib.h>

static struct arena *A;
static struct dom_node *section;

/* Render md as a slide body with options mo (NULL: defaults); returns the
 * dom_dump text of the section. */
static char *render_with(const struct markdown_options *mo, const char *md)
{
	struct diag d;
	diag_init(&d, stderr);
	section = dom_new_element(A, "section");
	struct dom_node *div = dom_new_element(A, "div");
	dom_append(section, div);
	markdown_fragment(A, &d, NULL, mo, md, strlen(md), 1, div);
	/* markdown_fragment has no .slide: target; apply them via a slide */
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	dom_dump(f, section);
	fclose(f);
	return buf;
}

static char *render(const char *md)
{
	return render_with(NULL, md);
}

/* The same through markdown_slide, whose section takes `.slide:` comments
 * and the `stack` class. */
static char *render_slide(const char *md)
{
	struct diag d;
	diag_init(&d, stderr);
	section = dom_new_element(A, "section");
	struct dom_node *div = dom_new_element(A, "div");
	dom_append(section, div);
	struct slide s = { 0 };
	s.text = md;
	s.len = strlen(md);
	s.first_line = 1;
	markdown_slide(A, &d, NULL, NULL, &s, section, div);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	dom_dump(f, section);
	fclose(f);
	return buf;
}

#define HAS(out, needle) OK(strstr(out, needle) != NULL, "expected %s in:\n%s", needle, out)
#define HASNT(out, needle) OK(strstr(out, needle) == NULL, "unexpected %s in:\n%s", needle, out)

static void test_imsize(void)
{
	char *o = render("![](https://x.org/a.png =x640)\n");
	HAS(o, "<img src=\"https://x.org/a.png\" alt=\"\" height=\"640\">");
	HASNT(o, "width=");
	free(o);

	o = render("![pic](b.png \"T\" =50%x20)\n");
	HAS(o, "src=\"./b.png\"");
	HAS(o, "title=\"T\"");
	HAS(o, "width=\"50%\"");
	HAS(o, "height=\"20\"");
	free(o);

	/* no space before '=' or no 'x': markdown-it-imsize does not apply */
	o = render("![](c.png =300)\n");
	HASNT(o, "<img");
	free(o);

	/* code spans and fences keep the text */
	o = render("`![](d.png =x1)`\n\n```\n![](e.png =x2)\n```\n");
	HAS(o, "\"![](d.png =x1)\"");
	HAS(o, "![](e.png =x2)");
	HASNT(o, "<img");
	free(o);
}

static void test_shapes(void)
{
	char *o = render("~~gone~~ (c) 2024 -- \"q\"\n\n```js=\nx\n```\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n");
	HAS(o, "<s>");
	HASNT(o, "<del>");
	HAS(o, "\xc2\xa9 2024 \xe2\x80\x93 \xe2\x80\x9cq\xe2\x80\x9d");
	HAS(o, "<code class=\"js hljs\">");
	HAS(o, "<th style=\"text-align: center\">");
	HAS(o, "<td style=\"text-align: right\">");
	free(o);

	/* a row of just "|" continues a table, as in markdown-it */
	o = render("| A | B |\n|---|---|\n| x | y\n |\n| p | q |\n");
	HAS(o, "\"p\"");
	HASNT(o, "\"| p | q |\"");
	free(o);

	/* fenced code is highlighted as highlight.js does it */
	o = render("```yaml\nkey: value\n```\n\n```mermaid\ngraph TD\n```\n");
	HAS(o, "<span class=\"hljs-attr\">");
	HAS(o, "\"key:\"");
	HAS(o, "<code class=\"mermaid hljs\">");
	HAS(o, "\"graph TD\\n\"");   /* diagrams stay plain */
	free(o);

	/* breaks: true — a single newline is a <br> */
	o = render("one\ntwo\n");
	HAS(o, "<br>");
	free(o);

	/* &lt;b&gt; typed by the author becomes a real tag (HEDGEDOC.md §9.6) */
	o = render("&lt;b&gt;bold&lt;/b&gt;\n");
	HAS(o, "<b>");
	free(o);
}

static void test_sanitizer(void)
{
	char *o = render("<font color=\"#50c3a5\" style=\"text-shadow: 1px 1px #fff\" "
			 "onclick=\"x()\">Sov</font> <script>alert(1)</script>\n"
			 "<a href=\"javascript:alert(1)\">j</a> <img src=\"rel.png\" onerror=\"x\">\n"
			 "<span data-x=\"1\" title=\"no\" id=\"i\">s</span>\n");
	HAS(o, "<font color=\"#50c3a5\" style=\"text-shadow: 1px 1px #fff\">");
	HASNT(o, "onclick");
	HAS(o, "\" <script>alert(1)</script>");    /* shown as text */
	HAS(o, "<a href=\"\">");
	HAS(o, "<img src=\"./rel.png\">");
	HAS(o, "<span data-x=\"1\" id=\"i\">");
	free(o);

	OK(html_tag_allowed("font") && html_tag_allowed("center") &&
	   !html_tag_allowed("script") && !html_tag_allowed("svg"), "whitelist");
}

static void test_comments(void)
{
	/* .element goes to the nearest earlier element that is not <br> */
	char *o = render("**a** text <!-- .element: class=\"fragment\" -->\n");
	HAS(o, "<strong class=\"fragment\">");
	HASNT(o, "<!--");
	free(o);

	/* after an image and a line break: still the image */
	o = render("![](x.png)\nmore <!-- .element: style=\"width: 50%\" title=\"t\" -->\n");
	HAS(o, "<img src=\"./x.png\" alt=\"\" style=\"width: 50%\">");
	HASNT(o, "title=");
	free(o);

	/* values with '=' are ignored, others on the same comment apply */
	o = render("# H\n<!-- .element: data-a=\"u?w=1\" class=\"big\" -->\n");
	HAS(o, "class=\"big\"");
	HASNT(o, "data-a");
	free(o);

	/* .slide: goes to the section, replacing its class */
	struct diag d;
	diag_init(&d, stderr);
	struct dom_node *sec = dom_new_element(A, "section");
	dom_set_attr(A, sec, "class", "old");
	struct dom_node *div = dom_new_element(A, "div");
	dom_append(sec, div);
	struct html_ctx hc = { A, &d, NULL, 1, sec };
	const char *h = "<p>x</p>\n<!-- .slide: data-background=\"#fff\" class=\"dark\" -->\n";
	html_parse_fragment(&hc, h, strlen(h), div);
	STR_EQ(dom_get_attr(sec, "data-background"), "#fff", ".slide: data-background");
	STR_EQ(dom_get_attr(sec, "class"), "dark", ".slide: class replaces");
}

static void test_tasks_and_positions(void)
{
	char *o = render("\n\n* [ ] todo\n* [x] done\n* plain\n\n<ul><li>[ ] raw</li></ul>\n");
	HAS(o, "<li class=\"task-list-item\"> @3");
	HAS(o, "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"\">");
	HAS(o, "checked=\"\"");
	HAS(o, "\"todo\"");
	HAS(o, "\"[ ] raw\"");   /* raw HTML list items are left alone */
	free(o);

	o = render("para\n\n\n# Head\n\ntext ![](y.png)\n");
	HAS(o, "<h1> @4");
	HAS(o, "<img src=\"./y.png\" alt=\"\"> @6");
	free(o);
}


static void test_inline_plugins(void)
{
	char *o = render("==m== ++i++ ~~s~~ H~2~O x^2^ a == b ~a b~ ^c d^\n");
	HAS(o, "<mark>");
	HAS(o, "\"m\"");
	HAS(o, "<ins>");
	HAS(o, "<s>");
	HAS(o, "<sub> @1\n        \"2\"");
	HAS(o, "<sup> @1\n        \"2\"");
	HAS(o, "a == b ~a b~ ^c d^");   /* flanking / white space: literal */
	free(o);

	/* an odd run leads with a literal marker; `\ ` escapes a space */
	o = render("===x== ~a\\ b~\n");
	HAS(o, "\"=\"\n      <mark>");
	HAS(o, "<sub> @1\n        \"a b\"");
	free(o);

	/* a scan stops at the end of a link's text */
	o = render("[a^b](http://x/^c) [$d](http://x/$e)\n");
	HAS(o, "<a href=\"http://x/%5Ec\">");
	HAS(o, "<a href=\"http://x/$e\">");
	HASNT(o, "<sup> @");
	HASNT(o, "mathjax");
	free(o);

	/* a footnote reference is not a superscript */
	o = render("a[^1] b[^2]\n\n[^1]: one\n[^2]: two\n");
	HASNT(o, "<sup> @");
	HAS(o, "<sup class=\"footnote-ref\">");
	free(o);

	/* emoji: emojify's names, any case; others stay text */
	o = render(":smile: :TADA: :nosuchemoji: `:smile:` :octocat:\n");
	HAS(o, "<span class=\"emoji\" data-emoji=\":smile:\" style=\"overflow: hidden\">");
	HAS(o, "\"\xf0\x9f\x98\x84\"");
	HAS(o, "data-emoji=\":tada:\"");
	HAS(o, ":nosuchemoji:");
	HAS(o, "\":smile:\"");                 /* in code */
	HAS(o, "data-emoji-missing=\"octocat\"");
	free(o);

	/* math spans (markdown-it-mathjax texMath rules) */
	o = render("$a_1*b*$ $ x$ $5 and $6 $$\\alpha$$\n");
	HAS(o, "<span class=\"mathjax\" data-math=\"inline\"");
	HASNT(o, "<em>");                       /* the * inside math is no emphasis */
	HAS(o, "\" $ x$ $5 and $6 \"");        /* space after $, digit after $ */
	HAS(o, "data-math=\"display\"");
	HAS(o, "\"\xce\xb1\"");                 /* \alpha */
	free(o);
	/* markdown-it links no e-mail or fuzzy host right after an escape or
	 * entity; the same address elsewhere in the paragraph still is */
	o = render("a@b.org or \\<c@d.org\\> or \\(www.e.org &amp;f@g.org (www.h.org)\n");
	HAS(o, "<a href=\"mailto:a@b.org\">");
	HASNT(o, "mailto:c@d.org");
	HASNT(o, "www.e.org\"");
	HASNT(o, "mailto:f@g.org");
	HAS(o, "<a href=\"http://www.h.org\">");
	free(o);
	/* --math=tex: the source as markdown-it-mathjax leaves it for MathJax,
	 * Markdown escapes inside kept (\_ stays) */
	struct markdown_options tex = { .math = MARKDOWN_MATH_TEX };
	o = render_with(&tex, "$x\\_i*b*$ and $$\\alpha$$\n");
	HAS(o, "\"\\\\(x\\\\_i*b*\\\\)\"");
	HAS(o, "\"\\\\[\\\\alpha\\\\]\"");
	HASNT(o, "\xce\xb1");
	HASNT(o, "<em>");
	free(o);

	/* embeds */
	o = render("{%youtube dQw4w9WgXcQ %}\n\n{%youtube short %}\n\n{%vimeo 123456 %}\n\n"
		   "{%gist user/abc %} {%slideshare a/b-c %} {%speakerdeck a/b %}\n\n"
		   "{%pdf https://x.org/a.pdf %} {%pdf nope %}\n");
	HAS(o, "<div class=\"youtube\" data-videoid=\"dQw4w9WgXcQ\">");
	HAS(o, "https://img.youtube.com/vi/dQw4w9WgXcQ/hqdefault.jpg");
	HAS(o, "href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"");
	HAS(o, "{%youtube short %}");
	HAS(o, "<div class=\"vimeo\" data-videoid=\"123456\">");
	HAS(o, "href=\"https://gist.github.com/user/abc\"");
	HAS(o, "<div class=\"slideshare\" data-slideshareid=\"a/b-c\">");
	HAS(o, "\"Speakerdeck\"");
	HAS(o, "<div class=\"pdf\" data-pdfurl=\"https://x.org/a.pdf\">");
	HAS(o, "{%pdf nope %}");
	free(o);

	/* linkify-it's fuzzy links: a known TLD, boundaries, trailing dots */
	o = render("Visit DNIP.ch. (solid.net/x?y) node.js e.g. a@b.com x.com-y `c.org`\n\n"
		   "<div>raw.org</div>\n");
	HAS(o, "<a href=\"http://DNIP.ch\">");
	HAS(o, "<a href=\"http://solid.net/x?y\">");
	HASNT(o, "node.js\"\n");
	HASNT(o, "http://node.js");
	HASNT(o, "http://x.com");
	HAS(o, "mailto:a@b.com");
	HASNT(o, "http://c.org");
	HASNT(o, "http://raw.org");
	free(o);

	/* typographer runs markdown-it has and cmark's smart punctuation lacks */
	o = render("wait.. what?.... no!!!!! a,,b\n");
	HAS(o, "wait\xe2\x80\xa6 what?.. no!!! a,b");
	free(o);

	OK(emoji_lookup("Smile", 5, NULL, NULL), "case-insensitive lookup");
	const char *u = "x";
	OK(emoji_lookup("octocat", 7, &u, NULL) && u == NULL, "octocat has no Unicode");
	OK(!emoji_lookup("smile-", 6, NULL, NULL), "unknown name");
}

static void test_blocks(void)
{
	char *o = render(":::success\nWell **done**\n:::\nafter\n\n::: warning extra words\nw\n:::\n\n"
			 ":::note\nn\n:::\n");
	HAS(o, "<div class=\"alert alert-success\">");
	HAS(o, "<strong>");
	HAS(o, "<p> @4\n      \"after\"");
	/* HedgeDoc's renderContainer: class "alert alert-<all the params>" */
	HAS(o, "<div class=\"alert alert-warning extra words\">");
	HAS(o, "\":::note");                    /* not one of the four: text */
	free(o);

	/* nested, and unclosed at the end of the slide */
	o = render("::::info\n:::danger\nd\n:::\ni\n::::\n\n:::success\nopen\n");
	HAS(o, "<div class=\"alert alert-info\"> @1\n      \"\\n\"\n      <div class=\"alert alert-danger\"> @2");
	HAS(o, "<div class=\"alert alert-success\">");
	free(o);

	/* definition lists: tight, loose, a two-line paragraph is no term */
	o = render("Term\n: Def one\n~ Def two\n");
	HAS(o, "<dl>");
	HAS(o, "<dt>");
	HAS(o, "\"\\nDef one\\n\"");
	HAS(o, "\"\\nDef two\\n\"");
	HASNT(o, "<p>");
	free(o);
	o = render("Term\n\n: Loose def\n\n: Second\n");
	HAS(o, "<dd> @3\n        \"\\n\"\n        <p>");
	free(o);
	o = render("A\nB\n: not a definition\n");
	HASNT(o, "<dl>");
	free(o);

	/* abbreviations: the definition line goes, words get <abbr> */
	o = render("*[HTML]: Hyper Text\nHTML and XHTML, (HTML).\n\n`HTML`\n");
	HAS(o, "<abbr title=\"Hyper Text\"> @2\n        \"HTML\"");
	HAS(o, "\" and XHTML, (\"");
	HASNT(o, "*[HTML]");
	HAS(o, "<code> @4\n        \"HTML\"");
	free(o);

	/* footnotes in markdown-it-footnote's shape */
	o = render_slide("A[^n] B[^n].\n\n[^n]: Note.\n");
	HAS(o, "<a href=\"#fn1\" id=\"fnref1\">");
	HAS(o, "\"[1]\"");
	HAS(o, "\"[1:1]\"");
	HAS(o, "<hr class=\"footnotes-sep\">");
	HAS(o, "<section class=\"footnotes\">");
	HAS(o, "<ol class=\"footnotes-list\">");
	HAS(o, "<li id=\"fn1\" class=\"footnote-item\">");
	HAS(o, "<a href=\"#fnref1\" class=\"footnote-backref\">");
	HAS(o, "\"\xe2\x86\xa9\xef\xb8\x8e\"");
	HASNT(o, "data-footnote");
	OK(dom_has_class(section, "stack"), "a slide with footnotes is a stack");
	free(o);

	/* inline footnotes are numbered by their place among the others */
	o = render("A^[inline *note*] B[^b] `^[code]`\n\n[^b]: Bee.\n");
	HAS(o, "<a href=\"#fn1\" id=\"fnref1\">");
	HAS(o, "<a href=\"#fn2\" id=\"fnref2\">");
	HAS(o, "<li id=\"fn1\" class=\"footnote-item\">");
	HAS(o, "<em>");
	HAS(o, "\"^[code]\"");
	free(o);

	/* [TOC] becomes an empty div.toc */
	o = render("[TOC]\n\ntext [toc]\n");
	HAS(o, "<div class=\"toc\">");
	HASNT(o, "[TOC]");
	HAS(o, "\"text \"");
	free(o);

	/* finishView's extra tags in list items and blockquotes */
	o = render("- a [name=Ann] [time=10:30] b [color=#f00]\n\n> q [time=noon]\n\n[name=plain]\n");
	HAS(o, "<small>");
	HAS(o, "<i class=\"fa fa-user\"");
	HAS(o, "\" Ann\"");
	HAS(o, "<i class=\"fa fa-clock-o\"");
	HAS(o, "\" 10:30\"");
	HAS(o, "\" b \"");
	HAS(o, "<span class=\"color fa fa-tag\" data-color=\"#f00\"");
	HAS(o, "\" noon\"");
	HAS(o, "\"[name=plain]\"");               /* not in a list or quote */
	free(o);

	/* an `.element` class on the item hides it from finishView (§9.18) */
	o = render("- [ ] x [name=Ann] <!-- .element: class=\"fragment\" -->\n");
	HAS(o, "<li class=\"fragment\">");
	HAS(o, "[ ] x [name=Ann]");
	HASNT(o, "<input");
	free(o);

	/* diagrams stay code blocks */
	o = render("```mermaid\ngraph TD\n```\n");
	HAS(o, "<code class=\"mermaid hljs\">");
	free(o);
}

static void test_notes(void)
{
	struct diag d;
	diag_init(&d, stderr);
	struct dom_node *sec = dom_new_element(A, "section");
	struct dom_node *aside = dom_new_element(A, "aside");
	struct slide s = { 0 };
	s.notes = "\n\n  Speak **up**\n<!-- .slide: data-state=\"x\" -->\n\n";
	s.notes_len = strlen(s.notes);
	s.notes_line = 3;
	markdown_notes(A, &d, NULL, NULL, &s, sec, aside);
	OK(aside->first_child && dom_is(aside->first_child, "p"), "notes rendered as Markdown");
	STR_EQ(dom_get_attr(sec, "data-state"), "x", ".slide: in notes reaches the section");
}

static void test_robust(void)
{
	/* deep nesting is flattened, never a crash */
	struct strbuf b;
	strbuf_init(&b, 0);
	for (int i = 0; i < 5000; i++)
		strbuf_puts(&b, "<div>");
	strbuf_puts(&b, "deep");
	char *o = render(b.s);
	HAS(o, "\"deep");
	free(o);
	strbuf_free(&b);

	strbuf_init(&b, 0);
	for (int i = 0; i < 3000; i++)
		strbuf_puts(&b, "> ");
	strbuf_puts(&b, "quote\n");
	o = render(b.s);
	HAS(o, "quote");
	free(o);
	strbuf_free(&b);

	o = render("![unclosed](x.png =x");
	OK(o != NULL, "unterminated image");
	free(o);
	o = render("");
	OK(o != NULL, "empty");
	free(o);

	/* unterminated and pathological plugin syntax */
	strbuf_init(&b, 0);
	for (int i = 0; i < 2000; i++)
		strbuf_puts(&b, "$ ~a ^b ==c ++d :x {% [TOC] ::: \n");
	for (int i = 0; i < 300; i++)
		strbuf_puts(&b, ":::info\n");
	strbuf_puts(&b, "$$\\frac{\\sqrt{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{x$$\n");
	o = render(b.s);
	OK(o != NULL, "pathological plugins");
	free(o);
	strbuf_free(&b);
}

/* The deepest element below n (n itself: 0). */
static int dom_depth(const struct dom_node *n)
{
	int best = 0;
	for (const struct dom_node *c = n->first_child; c; c = c->next) {
		int d = 1 + dom_depth(c);
		if (d > best)
			best = d;
	}
	return best;
}

/* Is there a text node holding needle below n (dom_dump shortens long
 * texts)? */
static bool has_text(const struct dom_node *n, const char *needle)
{
	if (n->type == DOM_TEXT && memmem(n->text, n->text_len, needle, strlen(needle)))
		return true;
	for (const struct dom_node *c = n->first_child; c; c = c->next)
		if (has_text(c, needle))
			return true;
	return false;
}

/* The first element named tag below n, or NULL. */
static const struct dom_node *find_el(const struct dom_node *n, const char *tag)
{
	for (const struct dom_node *c = n->first_child; c; c = c->next) {
		if (c->type == DOM_ELEMENT && dom_is(c, tag))
			return c;
		const struct dom_node *f = find_el(c, tag);
		if (f)
			return f;
	}
	return NULL;
}

/* Parse raw HTML into a fresh <div>; the diagnostics go to *diags. */
static struct dom_node *parse_html(const char *h, char **diags)
{
	size_t dl = 0;
	FILE *df = open_memstream(diags, &dl);
	struct diag d;
	diag_init(&d, df);
	struct dom_node *div = dom_new_element(A, "div");
	struct html_ctx hc = { A, &d, NULL, 1, NULL };
	html_parse_fragment(&hc, h, strlen(h), div);
	fclose(df);
	return div;
}

static void test_deep(void)
{
	/* 100 000-deep Markdown: the extension pass and the HTML stage work
	 * without recursion, gumbo sees at most MAX_HTML_NESTING levels and
	 * the DOM is flattened at MAX_DOM_DEPTH, with a warning */
	const char *units[] = { "> ", "- ", "1. " };
	for (size_t u = 0; u < ARRAY_LEN(units); u++) {
		struct strbuf b;
		strbuf_init(&b, 0);
		for (int i = 0; i < 100000; i++)
			strbuf_puts(&b, units[u]);
		strbuf_puts(&b, "deepest\n");
		char *o = render(b.s);
		OK(has_text(section, "deepest"), "'%s' x 100000: text kept", units[u]);
		OK(dom_depth(section) <= MAX_DOM_DEPTH + 2, "'%s' x 100000: depth %d", units[u],
		   dom_depth(section));
		free(o);
		strbuf_free(&b);
	}

	/* raw HTML, closed and unclosed, block and inline */
	const char *open[] = { "<div>", "<b>", "<span>", "<blockquote>", "<x-unknown>" };
	const char *close[] = { "</div>", "</b>", "</span>", "</blockquote>", "</x-unknown>" };
	for (size_t u = 0; u < ARRAY_LEN(open); u++) {
		for (int closed = 0; closed < 2; closed++) {
			struct strbuf b;
			strbuf_init(&b, 0);
			for (int i = 0; i < 100000; i++)
				strbuf_puts(&b, open[u]);
			strbuf_puts(&b, "deepest");
			for (int i = 0; closed && i < 100000; i++)
				strbuf_puts(&b, close[u]);
			strbuf_puts(&b, "<i>after</i>");
			char *diags = NULL;
			struct dom_node *div = parse_html(b.s, &diags);
			OK(has_text(div, "deepest") && has_text(div, "after"), "%s x 100000: text kept",
			   open[u]);
			OK(dom_depth(div) <= MAX_DOM_DEPTH + 1, "%s x 100000: depth %d", open[u],
			   dom_depth(div));
			if (u < 4)
				HAS(diags, "nested more than 256 deep");
			free(diags);
			strbuf_free(&b);
		}
	}

	/* What the nesting limit must not count: void and optional-end-tag
	 * elements, raw text, self-closed SVG children, end tags of inner
	 * elements left open, stray end tags. After each, <b> still nests. */
	const char *flat[] = { "<br><img src=x><p>p<li>li<td>td", "<style>a > b { x: y }</style>",
			       "<script>if (a < b) { c(\"<div>\") }</script>",
			       "<svg><rect/></svg>", "<div><span></div>", "</x></div>",
			       "<!-- <div> -->", "<a title=\"<div>\">a</a>" };
	for (size_t u = 0; u < ARRAY_LEN(flat); u++) {
		struct strbuf b;
		strbuf_init(&b, 0);
		for (int i = 0; i < 2 * MAX_HTML_NESTING; i++)
			strbuf_puts(&b, flat[u]);
		strbuf_puts(&b, "<b>kept</b>");
		char *diags = NULL;
		struct dom_node *div = parse_html(b.s, &diags);
		const struct dom_node *bold = find_el(div, "b");
		OK(bold && has_text(bold, "kept"), "%s: <b> kept", flat[u]);
		HASNT(diags, "nested more than");
		free(diags);
		strbuf_free(&b);
	}

	/* a long row of unknown tags becomes one text, built in linear time */
	struct strbuf b;
	strbuf_init(&b, 0);
	for (int i = 0; i < 200000; i++)
		strbuf_puts(&b, "<q-x></q-x>");
	char *diags = NULL;
	struct dom_node *div = parse_html(b.s, &diags);
	OK(div->first_child && div->first_child->type == DOM_TEXT &&
	   div->first_child->text_len == b.len, "unknown tags as text");
	free(diags);
	strbuf_free(&b);
}

int main(void)
{
	A = arena_new();
	test_imsize();
	test_shapes();
	test_sanitizer();
	test_comments();
	test_tasks_and_positions();
	test_inline_plugins();
	test_blocks();
	test_notes();
	test_robust();
	test_deep();
	arena_free(A);
	return done_testing();
}
