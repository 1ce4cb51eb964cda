/*
 * mermaid.h — ```mermaid flowcharts (`graph` and `flowchart`) drawn as
 * mermaid 9.1.7 draws them with its default theme: parsed here, laid out
 * by Graphviz's dot engine set up as dagre (mermaid's layout), drawn as
 * SVG in mermaid's shapes, colours, fonts and padding; state, class and
 * ER diagrams (erDiagram: entities with their attribute tables, crow's
 * foot cardinalities) on the same engine; and pie charts. Another diagram
 * type is not drawn (mermaid_type() says which); a flowchart that does not
 * parse fails with mermaid's parse error text (diagram_fail.box).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAGRAMS_MERMAID_H
#define SCS_DIAGRAMS_MERMAID_H

#include <stdbool.h>
#include <stddef.h>

#include "base/util.h"
#include "diagrams/sandbox.h"

struct mermaid_job {
	const char *text;           /* the block, NUL-terminated */
	/* HedgeDoc measures mermaid's HTML labels on the scaled slide
	 * (getBoundingClientRect): label boxes are `zoom` times the text's
	 * size, the text itself is not; its lines are `line_height` px apart
	 * (inherited from the <pre>) */
	double zoom, line_height;
	double width;               /* the <pre>'s width (pie charts fill it) */
	/* the letter-spacing the SVG's text inherits from the page (CSS
	 * px): mermaid measures its labels with it and they are drawn
	 * with it */
	double letter_spacing;
	bool dump;                  /* emit the layout as text, not SVG */
};

/* The diagram type the block declares (its first word), e.g.
 * "sequenceDiagram"; "flowchart" for graph/flowchart and for text that
 * names no type (mermaid parses that as a flowchart, and fails). */
const char *mermaid_type(const char *text, size_t *len);

/* A diagram_fn: ctx is a struct mermaid_job. */
bool mermaid_draw(void *ctx, struct strbuf *out, struct diagram_fail *f);

#endif
