/*
 * fragments.c — reveal.js fragment order and states (see fragments.h).
 *
 * reveal.js 3.9.2: sortFragments() (js/reveal.js), updateFragments() for
 * the screen (each fragment up to the current index gets `visible`, those
 * at it `current-fragment`) and setupPDF() for ?print-pdf, which clones a
 * slide's page once per fragment group with the same classes.
 *
 * SPDX-License-Identifier: MIT
 */
#include "deck/fragments.h"
#include "markdown/dom.h"
#include "base/util.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* JavaScript parseInt(v, 10): white space, a sign, digits; false for NaN. */
static bool parse_int(const char *v, long *out)
{
	while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '\f' || *v == '\v')
		v++;
	bool neg = *v == '-';
	if (*v == '-' || *v == '+')
		v++;
	if (*v < '0' || *v > '9')
		return false;
	long n = 0;
	for (; *v >= '0' && *v <= '9'; v++)
		n = n > (LONG_MAX - 9) / 10 ? LONG_MAX : n * 10 + (*v - '0');
	*out = neg ? -n : n;
	return true;
}

struct indexed {
	struct dom_node *el;
	long index;      /* -1: none */
	size_t order;    /* document order */
};

static int cmp_indexed(const void *a, const void *b)
{
	const struct indexed *x = a, *y = b;
	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* exported function documented in fragments.h */
void fragments_plan(struct arena *a, struct dom_node *section, struct frag_plan *p)
{
	memset(p, 0, sizeof *p);
	size_t n = 0;
	for (struct dom_node *e = section; e; e = dom_walk_next(section, e, false))
		if (e->type == DOM_ELEMENT && e != section && dom_has_class(e, "fragment"))
			n++;
	if (!n)
		return;
	p->all = arena_alloc(a, n * sizeof *p->all);
	struct indexed *ordered = xmalloc(n * sizeof *ordered);
	struct dom_node **unordered = xmalloc(n * sizeof *unordered);
	size_t n_ord = 0, n_unord = 0;
	for (struct dom_node *e = section; e; e = dom_walk_next(section, e, false)) {
		if (e->type != DOM_ELEMENT || e == section || !dom_has_class(e, "fragment"))
			continue;
		p->all[p->n_all++] = e;
		const char *v = dom_get_attr(e, "data-fragment-index");
		long idx;
		if (!v) {
			unordered[n_unord++] = e;
		} else if (parse_int(v, &idx) && idx >= 0) {
			ordered[n_ord] = (struct indexed){ e, idx, n_ord };
			n_ord++;
		}
		/* NaN or negative: ordered["NaN"], not an array slot; never shown */
	}
	qsort(ordered, n_ord, sizeof *ordered, cmp_indexed);
	size_t n_groups = n_unord;
	for (size_t i = 0; i < n_ord; i++)
		if (i == 0 || ordered[i].index != ordered[i - 1].index)
			n_groups++;
	p->groups = arena_alloc(a, (n_groups ? n_groups : 1) * sizeof *p->groups);
	for (size_t i = 0; i < n_ord;) {
		size_t j = i;
		while (j < n_ord && ordered[j].index == ordered[i].index)
			j++;
		struct frag_group *g = &p->groups[p->n_groups++];
		g->el = arena_alloc(a, (j - i) * sizeof *g->el);
		for (size_t k = i; k < j; k++)
			g->el[g->n++] = ordered[k].el;
		i = j;
	}
	for (size_t i = 0; i < n_unord; i++) {
		struct frag_group *g = &p->groups[p->n_groups++];
		g->el = arena_alloc(a, sizeof *g->el);
		g->el[g->n++] = unordered[i];
	}
	free(ordered);
	free(unordered);
}

/* Add or remove one class name in n's class attribute. */
static void set_class(struct arena *a, struct dom_node *n, const char *cls, bool on)
{
	if (dom_has_class(n, cls) == on)
		return;
	const char *old = dom_get_attr(n, "class");
	if (on) {
		dom_set_attr(a, n, "class", old && *old ? arena_printf(a, "%s %s", old, cls) : cls);
		return;
	}
	struct strbuf b;
	strbuf_init(&b, 0);
	size_t cl = strlen(cls);
	for (const char *p = old; *p;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
			p++;
		const char *e = p;
		while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r' && *e != '\f')
			e++;
		if (e > p && !((size_t)(e - p) == cl && !memcmp(p, cls, cl)))
			strbuf_printf(&b, "%s%.*s", b.len ? " " : "", (int)(e - p), p);
		p = e;
	}
	dom_set_attr(a, n, "class", b.s ? b.s : "");
	strbuf_free(&b);
}

/* exported function documented in fragments.h */
void fragments_show(struct arena *a, const struct frag_plan *p, size_t step)
{
	for (size_t i = 0; i < p->n_all; i++) {
		set_class(a, p->all[i], "visible", false);
		set_class(a, p->all[i], "current-fragment", false);
	}
	if (step > p->n_groups)
		step = p->n_groups;
	for (size_t g = 0; g < step; g++)
		for (size_t k = 0; k < p->groups[g].n; k++) {
			set_class(a, p->groups[g].el[k], "visible", true);
			if (g + 1 == step)
				set_class(a, p->groups[g].el[k], "current-fragment", true);
		}
}
