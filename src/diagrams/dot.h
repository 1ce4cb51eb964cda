/*
 * dot.h — ```graphviz blocks: DOT laid out and drawn to SVG by Graphviz
 * itself (the `dot` engine unless the graph's `layout` names another), as
 * viz.js does in HedgeDoc.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAGRAMS_DOT_H
#define SCS_DIAGRAMS_DOT_H

#include <stdbool.h>

#include "base/util.h"
#include "diagrams/sandbox.h"

struct dot_job {
	const char *text;           /* the block, NUL-terminated */
	bool safe;                  /* --safe: no attribute may name a file */
	const char *base_dir;       /* else files are read from beneath it (NULL: none) */
};

/* A diagram_fn: ctx is a struct dot_job. */
bool dot_draw(void *ctx, struct strbuf *out, struct diagram_fail *f);

#endif
