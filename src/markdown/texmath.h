/*
 * texmath.h — TeX math as readable Unicode text (HedgeDoc typesets `$…$` and
 * `$$…$$` with MathJax, HEDGEDOC.md §3; no TeX renderer ships in Debian for
 * C). Letters become italic, Greek letters, operators, relations, arrows and
 * blackboard/script/fraktur alphabets their Unicode characters, `^`/`_`
 * <sup>/<sub>, \frac a stacked fraction, \sqrt a radical with a vinculum,
 * matrices and aligned environments small tables. What cannot be converted
 * is shown as its TeX source and reported.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_TEXMATH_H
#define SCS_TEXMATH_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct dom_node;
struct strbuf;

/*
 * Append the DOM for tex[0..len) to parent (elements in a; inline styles
 * carry the layout). display: MathJax's display style (limits stay
 * sub/superscripts; only the caller's block centres it). Commands that were
 * not understood are appended to *unknown (space-separated, once each; may
 * be NULL). Returns how many there were.
 */
int texmath_to_dom(struct arena *a, const char *tex, size_t len, bool display,
		struct dom_node *parent, struct strbuf *unknown);

#endif
