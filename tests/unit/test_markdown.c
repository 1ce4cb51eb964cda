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
#include "cases.h"

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

/* ---- the cases: tests/markdown/NAME.txt --------------------------------- */

#define CASE_FENCE "````````````````````````````````"

/* One file of examples in the spec format of cmark and md4c: prose, and
 * for each example a fence line CASE_FENCE " example", the Markdown, a
 * line ".", the DOM dump render() gives, and optionally a line "." and
 * flags (--slide, --math=tex, --math=unicode), then CASE_FENCE. With SCS_UPDATE_GOLDEN=1
 * the file is written back with the dumps the code gives now. */
static void run_case_file(const char *path, const char *name, char *text, size_t len)
{
	struct strbuf out, md, want, flags;
	strbuf_init(&out, 0);
	int state = 0, n = 0, line = 0, first = 0;   /* 0 prose, 1 md, 2 want, 3 flags */
	for (char *p = text, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		size_t l = (size_t)(nl - p);
		line++;
		bool fence = l >= 32 && !strncmp(p, CASE_FENCE, 32);
		bool dot = l == 1 && *p == '.';
		if (state == 0 && fence && !strncmp(p + 32, " example", l - 32)) {
			strbuf_init(&md, 0);
			strbuf_init(&want, 0);
			strbuf_init(&flags, 0);
			state = 1;
			first = line;
			strbuf_append(&out, p, l + 1);
		} else if (state == 1 && dot) {
			state = 2;
			strbuf_append(&out, p, l + 1);
		} else if (state == 2 && dot) {
			state = 3;
		} else if (state >= 2 && fence) {
			struct markdown_options tex = { .math = MARKDOWN_MATH_TEX };
			struct markdown_options uni = { .math = MARKDOWN_MATH_UNICODE };
			const char *f = flags.s ? flags.s : "";
			char *got = strstr(f, "--slide") ? render_slide(md.s ? md.s : "")
				    : render_with(strstr(f, "--math=tex") ? &tex
						  : strstr(f, "--math=unicode") ? &uni : NULL,
						  md.s ? md.s : "");
			STR_EQ(got, want.s ? want.s : "", "%s:%d: example %d", name, first, ++n);
			strbuf_puts(&out, got);
			if (flags.len) {
				strbuf_puts(&out, ".\n");
				strbuf_puts(&out, flags.s);
			}
			strbuf_append(&out, p, l + 1);
			free(got);
			strbuf_free(&md);
			strbuf_free(&want);
			strbuf_free(&flags);
			state = 0;
		} else {
			struct strbuf *to = state == 1 ? &md : state == 2 ? &want : state == 3 ? &flags
				: NULL;
			if (to) {
				strbuf_append(to, p, l);
				strbuf_puts(to, "\n");
			}
			if (state != 2 && state != 3)
				strbuf_append(&out, p, l + (*nl != '\0'));
		}
		if (!*nl)
			break;
	}
	OK(state == 0, "%s: example at line %d not closed", name, first);
	OK(n > 0, "%s: no examples", name);
	case_update_file(path, out.s, out.len);
	strbuf_free(&out);
}

static void test_cases(void)
{
	case_each_file("markdown", ".txt", run_case_file);
}

static void test_sanitizer(void)
{
	OK(html_tag_allowed("font") && html_tag_allowed("center") &&
	   !html_tag_allowed("script") && !html_tag_allowed("svg"), "whitelist");
}

static void test_comments(void)
{
	/* .slide: goes to the section, replacing its class */
	struct diag d;
	diag_init(&d, stderr);
	struct dom_node *sec = dom_new_element(A, "section");
	dom_set_attr(A, sec, "class", "old");
	struct dom_node *div = dom_new_element(A, "div");
	dom_append(sec, div);
	struct html_ctx hc = { A, &d, NULL, 1, sec, NULL, 0 };
	const char *h = "<p>x</p>\n<!-- .slide: data-background=\"#fff\" class=\"dark\" -->\n";
	html_parse_fragment(&hc, h, strlen(h), div);
	STR_EQ(dom_get_attr(sec, "data-background"), "#fff", ".slide: data-background");
	STR_EQ(dom_get_attr(sec, "class"), "dark", ".slide: class replaces");
}

static void test_emoji_lookup(void)
{
	OK(emoji_lookup("Smile", 5, NULL, NULL), "case-insensitive lookup");
	const char *u = "x";
	OK(emoji_lookup("octocat", 7, &u, NULL) && u == NULL, "octocat has no Unicode");
	OK(!emoji_lookup("smile-", 6, NULL, NULL), "unknown name");
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
	struct html_ctx hc = { A, &d, NULL, 1, NULL, NULL, 0 };
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
	test_cases();
	test_sanitizer();
	test_comments();
	test_emoji_lookup();
	test_notes();
	test_robust();
	test_deep();
	arena_free(A);
	return done_testing();
}
