/*
 * test_dom.c — the element tree (dom.c): MAX_SLIDE_ELEMENTS's unwrapping
 * (dom_limit_elements) keeps the text in order, joins it and leaves <style>
 * alone.
 *
 * SPDX-License-Identifier: MIT
 */
#include "harness.h"

#include "markdown/dom.h"
#include "base/util.h"

#include <stdlib.h>

static struct arena *A;

static struct dom_node *el(struct dom_node *parent, const char *tag, const char *text)
{
	struct dom_node *n = dom_new_element(A, tag);
	dom_append(parent, n);
	if (text)
		dom_append(n, dom_new_text(A, text, strlen(text)));
	return n;
}

static size_t count(const struct dom_node *root, enum dom_type t)
{
	size_t n = 0;
	for (const struct dom_node *c = root->first_child; c; c = dom_walk_next(root, c, false))
		n += c->type == t;
	return n;
}

static void test_limit(void)
{
	/* <div> <p>0</p> <p><em>1</em> 2 <b><i>3</i></b></p> <style> <p>4</p> </div> */
	struct dom_node *root = dom_new_element(A, "div");
	el(root, "p", "0");
	struct dom_node *p = el(root, "p", NULL);
	el(p, "em", "1");
	dom_append(p, dom_new_text(A, " 2 ", 3));
	struct dom_node *b = el(p, "b", NULL);
	b->src_line = 7;
	el(b, "i", "3");
	el(root, "style", "p { color: red }");
	el(root, "p", "4");

	const struct dom_node *first;
	INT_EQ(dom_limit_elements(A, root, 10, &first), 0, "under the limit: nothing");
	OK(first == NULL, "no first");
	INT_EQ(count(root, DOM_ELEMENT), 7, "all elements kept");

	/* three elements kept (p, p, em), <style> not counted, b, i and the
	 * last p unwrapped */
	INT_EQ(dom_limit_elements(A, root, 3, &first), 3, "three unwrapped");
	OK(first && dom_is(first, "b") && first->src_line == 7, "first is <b>");
	INT_EQ(count(root, DOM_ELEMENT), 4, "p, p, em, style left");
	/* <p>'s children: <em>1</em>, one text " 2 3" */
	OK(p->first_child && dom_is(p->first_child, "em"), "em kept");
	const struct dom_node *t = p->first_child->next;
	OK(t && t->type == DOM_TEXT && t->text_len == 4 && !memcmp(t->text, " 2 3", 5) &&
	   !t->next, "texts joined: '%s'", t ? t->text : "");
	const struct dom_node *st = p->next;
	OK(st && dom_is(st, "style") && st->first_child &&
	   !strcmp(st->first_child->text, "p { color: red }"), "<style> stays");
	OK(st->next && st->next->type == DOM_TEXT && !strcmp(st->next->text, "4") &&
	   !st->next->next, "last <p> unwrapped into its text");

	/* a long run: linear, everything past the limit becomes one text */
	root = dom_new_element(A, "div");
	struct dom_node *para = el(root, "p", NULL);
	for (int i = 0; i < 200000; i++) {
		el(para, "em", "a");
		dom_append(para, dom_new_text(A, " ", 1));
	}
	INT_EQ(dom_limit_elements(A, root, 1000, &first), 200000 - 999, "unwrapped");
	INT_EQ(count(root, DOM_ELEMENT), 1000, "1000 kept");
	/* the texts of the 999 <em>s, the 998 spaces between them, the rest */
	INT_EQ(count(root, DOM_TEXT), 999 + 998 + 1, "one text after the kept ones");
	OK(para->last_child->type == DOM_TEXT && para->last_child->text_len == (200000 - 999) * 2 + 1,
	   "the rest joined: %zu", para->last_child->text_len);
}

int main(void)
{
	A = arena_new();
	test_limit();
	arena_free(A);
	return done_testing();
}
