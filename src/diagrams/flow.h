/*
 * flow.h — ```flow blocks: flowchart.js 1.18.0 with HedgeDoc's options
 * (line width 2, no fill, 16 px 'Andale Mono'): its parser, its placement
 * (each symbol below, or right of, the one before it), its connecting
 * lines and its shapes, drawn to SVG here. The errors HedgeDoc shows for a
 * chain through an undefined symbol come out as its TypeError text
 * (diagram_fail.box).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAGRAMS_FLOW_H
#define SCS_DIAGRAMS_FLOW_H

#include <stdbool.h>

#include "base/util.h"
#include "diagrams/sandbox.h"

struct flow_job {
	const char *text;           /* the block, NUL-terminated */
};

/* A diagram_fn: ctx is a struct flow_job. */
bool flow_draw(void *ctx, struct strbuf *out, struct diagram_fail *f);

#endif
