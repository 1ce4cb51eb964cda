/*
 * diagrams.h — the diagram stage: HedgeDoc's fenced diagram blocks drawn
 * as its slide view draws them (finishView, HEDGEDOC.md §3), after the
 * Markdown stage and before layout.
 *
 *   ```graphviz   Graphviz itself (dot.h); a block it refuses stays code
 *   ```mermaid    flowcharts, state and class diagrams, pie (mermaid.h),
 *                 sequence diagrams (mseq.h), gantt (gantt.h); other
 *                 types stay code with a warning
 *   ```sequence   js-sequence-diagrams (jsseq.h)
 *   ```flow       flowchart.js (flow.h)
 *   ```abc        abcm2ps (abc.h); without it the block stays code
 *
 * A mermaid, sequence or flow block that does not parse shows its source
 * and the parser's error box, as HedgeDoc does:
 *   <pre><div class="KIND">SOURCE</div>
 *   <div class="alert alert-warning">ERROR</div></pre>
 *
 * A drawn diagram becomes <pre class="KIND"><svg src="data:…"></pre>: an
 * <svg> element made here (from_markdown set: the author's raw HTML never
 * makes one) is a replaced element showing the SVG picture of its src,
 * which the picture stage draws as vectors (librsvg). Every failure gives
 * a warning at the block's line it is about.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAGRAMS_H
#define SCS_DIAGRAMS_H

#include <stdbool.h>

struct arena;
struct diag;
struct diag_file;
struct dom_node;

struct diagrams {
	struct arena *arena;        /* the DOM's */
	struct diag *d;
	const struct diag_file *src;
	bool safe;                  /* --safe: Graphviz reads no file */
	const char *base_dir;       /* the deck's folder (NULL: none) */
	bool in_process;            /* no child process (fuzzers): no time budget */
	double zoom;                /* the slide's scale on the page (mermaid.h) */
	double spent_ms;            /* the deck's diagrams so far */
	bool prepared;              /* fonts and Graphviz loaded */
};

/* Draw the diagram blocks below root (a slide's content). */
void diagrams_draw(struct diagrams *dg, struct dom_node *root);

/* Whether n is a diagram's picture made by diagrams_draw. */
bool diagrams_is_picture(const struct dom_node *n);

#endif
