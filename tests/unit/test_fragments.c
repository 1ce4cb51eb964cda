/*
 * test_fragments.c — reveal.js fragment order and step classes
 * (fragments.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include "harness.h"

#include "markdown/dom.h"
#include "deck/fragments.h"
#include "base/util.h"

static struct arena *A;

static struct dom_node *frag(struct dom_node *parent, const char *cls, const char *index)
{
	struct dom_node *n = dom_new_element(A, "p");
	dom_set_attr(A, n, "class", cls);
	if (index)
		dom_set_attr(A, n, "data-fragment-index", index);
	dom_append(parent, n);
	return n;
}

int main(void)
{
	A = arena_new();
	struct dom_node *sec = dom_new_element(A, "section");
	struct dom_node *div = dom_new_element(A, "div");
	dom_append(sec, div);
	struct dom_node *a = frag(div, "fragment", NULL);
	struct dom_node *b = frag(div, "fragment fade-out", "2");
	struct dom_node *c = frag(div, "x fragment", " 1px");       /* parseInt: 1 */
	struct dom_node *d = frag(div, "fragment", "2");
	struct dom_node *e = frag(div, "fragment", "none");         /* NaN: never */
	struct dom_node *f = frag(div, "fragment", "-1");           /* negative: never */
	frag(div, "fragmentary", NULL);                             /* not a fragment */

	struct frag_plan p;
	fragments_plan(A, sec, &p);
	INT_EQ(p.n_all, 6, "six fragments");
	INT_EQ(p.n_groups, 3, "groups: index 1, index 2, then the unindexed one");
	OK(p.groups[0].n == 1 && p.groups[0].el[0] == c, "index 1 first");
	OK(p.groups[1].n == 2 && p.groups[1].el[0] == b && p.groups[1].el[1] == d,
	   "index 2 shared, document order");
	OK(p.groups[2].el[0] == a, "unindexed last");

	fragments_show(A, &p, 0);
	OK(!dom_has_class(a, "visible") && !dom_has_class(c, "visible"), "step 0: none");
	fragments_show(A, &p, 2);
	OK(dom_has_class(c, "visible") && !dom_has_class(c, "current-fragment"), "step 2: c shown");
	OK(dom_has_class(b, "visible") && dom_has_class(b, "current-fragment") &&
	   dom_has_class(d, "current-fragment"), "step 2: group current");
	OK(!dom_has_class(a, "visible"), "step 2: a hidden");
	fragments_show(A, &p, 3);
	OK(dom_has_class(a, "visible") && dom_has_class(a, "current-fragment"), "final: a current");
	OK(!dom_has_class(b, "current-fragment"), "final: b no longer current");
	OK(!dom_has_class(e, "visible") && !dom_has_class(f, "visible"), "NaN/negative never");
	STR_EQ(dom_get_attr(b, "class"), "fragment fade-out visible", "classes kept in order");
	fragments_show(A, &p, 0);
	STR_EQ(dom_get_attr(b, "class"), "fragment fade-out", "classes removed");

	struct frag_plan none;
	fragments_plan(A, div->first_child->next, &none);
	INT_EQ(none.n_groups, 0, "no fragments");
	fragments_show(A, &none, 5);
	arena_free(A);
	return done_testing();
}
