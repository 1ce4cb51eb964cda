/*
 * jsseq.h — ```sequence blocks: js-sequence-diagrams (HedgeDoc's fork,
 * theme `simple`) — its grammar, its layout rules and its look, drawn to
 * SVG here. A block that does not parse fails with the ParseError text
 * HedgeDoc shows (diagram_fail.box).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAGRAMS_JSSEQ_H
#define SCS_DIAGRAMS_JSSEQ_H

#include <stdbool.h>

#include "base/util.h"
#include "diagrams/sandbox.h"

struct jsseq_job {
	const char *text;           /* the block, NUL-terminated */
	bool dump;                  /* emit the layout as text, not SVG */
};

/* A diagram_fn: ctx is a struct jsseq_job. */
bool jsseq_draw(void *ctx, struct strbuf *out, struct diagram_fail *f);

#endif
