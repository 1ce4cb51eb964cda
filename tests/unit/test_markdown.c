/*
 * test_markdown.c — Markdown → DOM as HedgeDoc shapes it: markdown-it's
 * output shapes, the imsize syntax, the sanitizer, `.slide`/`.element`
 * comments, task lists and source positions (markdown.c, html.c).
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1
#include "harness.h"

#include "diag.h"
#include "dom.h"
#include "html.h"
#include "markdown.h"
#include "util.h"

#include <stdlib.h>

static struct arena *A;
static struct dom_node *section;

/* Render md as a slide body; returns the dom_dump text of the section. */
static char *render(const char *md)
{
	struct diag d;
	diag_init(&d, stderr);
	section = dom_new_element(A, "section");
	struct dom_node *div = dom_new_element(A, "div");
	dom_append(section, div);
	markdown_fragment(A, &d, NULL, md, strlen(md), 1, div);
	/* markdown_fragment has no .slide: target; apply them via a slide */
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
}

int main(void)
{
	A = arena_new();
	test_imsize();
	test_shapes();
	test_sanitizer();
	test_comments();
	test_tasks_and_positions();
	test_robust();
	arena_free(A);
	return done_testing();
}
