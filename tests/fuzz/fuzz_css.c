/*
 * fuzz_css.c — libFuzzer harness for the CSS engine: the input is a deck
 * <style> sheet (warnings on, positions into the input) cascaded over a small
 * slide DOM, then dumped. Built with -DSCS_FUZZ=ON (clang); without it the
 * same function is driven by replay.c over the regression inputs.
 *
 * SPDX-License-Identifier: MIT
 */
#include "css/css.h"
#include "base/diag.h"
#include "markdown/dom.h"
#include "base/util.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dom_node *el(struct arena *a, struct dom_node *parent, const char *tag,
			   const char *cls)
{
	struct dom_node *n = dom_new_element(a, tag);
	if (cls)
		dom_set_attr(a, n, "class", cls);
	if (parent)
		dom_append(parent, n);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	struct arena *a = arena_new();
	struct diag d;
	diag_init(&d, null);
	struct diag_file src;
	diag_file_init(&src, "fuzz.css", (const char *)data, size);

	struct css_engine *e = css_engine_new(a, &d);
	css_engine_add_sheet(e, CSS_ORIGIN_UA, "p { display: block; margin: 1em 0 }", 35,
			     NULL, 0);
	css_engine_add_sheet(e, CSS_ORIGIN_AUTHOR, (const char *)data, size, &src, 0);

	struct dom_node *html = el(a, NULL, "html", NULL);
	struct dom_node *body = el(a, html, "body", NULL);
	struct dom_node *reveal = el(a, body, "div", "reveal center none");
	struct dom_node *slides = el(a, reveal, "div", "slides");
	struct dom_node *sec = el(a, slides, "section", "present");
	dom_set_attr(a, sec, "style", (size < 200) ? (const char *)"" : "color: red");
	struct dom_node *div = el(a, sec, "div", NULL);
	struct dom_node *h1 = el(a, div, "h1", "title");
	dom_append(h1, dom_new_text(a, "Title", 5));
	struct dom_node *ul = el(a, div, "ul", NULL);
	for (int i = 0; i < 3; i++) {
		struct dom_node *li = el(a, ul, "li", i == 1 ? "fragment" : NULL);
		dom_append(li, dom_new_text(a, "item", 4));
	}
	struct dom_node *p = el(a, div, "p", NULL);
	struct dom_node *f = el(a, p, "font", NULL);
	dom_set_attr(a, f, "color", "#50c3a5");
	dom_set_attr(a, f, "size", "5");
	dom_append(f, dom_new_text(a, "text", 4));

	struct arena *sa = arena_new();
	css_cascade(e, html, sa, &src);
	css_style_dump(null, sec);
	arena_free(sa);
	diag_file_free(&src);
	arena_free(a);
	return 0;
}
