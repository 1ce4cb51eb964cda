/*
 * fragments.h — reveal.js 3.9.2 fragments (HEDGEDOC.md §6.1, §7): the
 * elements of a slide with class `fragment`, grouped and ordered as
 * sortFragments() does, and the classes a step of the slide gives them
 * (`visible` on every fragment shown so far, `current-fragment` on the
 * group just shown). themes/reveal.css draws each state.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_FRAGMENTS_H
#define SCS_FRAGMENTS_H

#include <stddef.h>

struct arena;
struct dom_node;

struct frag_group {
	struct dom_node **el;
	size_t n;
};

struct frag_plan {
	struct frag_group *groups;    /* in showing order */
	size_t n_groups;
	struct dom_node **all;        /* every .fragment, also those never shown */
	size_t n_all;
};

/*
 * sortFragments(section.querySelectorAll('.fragment'), true): elements
 * with a data-fragment-index share a group per index, in index order;
 * those without one follow, one group each, in document order. An index
 * that parseInt() reads as NaN or as negative is not an array position
 * in reveal.js, so such a fragment is never shown. Arrays live in a.
 */
void fragments_plan(struct arena *a, struct dom_node *section, struct frag_plan *p);

/*
 * Give the fragments the classes of step `step` (0: none shown, as reveal's
 * print view's first page; n_groups: all shown, the last group current,
 * the state after the last press of "next").
 */
void fragments_show(struct arena *a, const struct frag_plan *p, size_t step);

#endif
