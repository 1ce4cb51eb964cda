/*
 * sandbox.h — one diagram drawn in a child process: its time is bounded
 * (killed past the budget), and a crash or abort() in a layout library
 * (Graphviz asserts on some input) becomes a warning, not the end of the
 * run. The child writes the SVG (or why it failed) into a pipe.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAGRAMS_SANDBOX_H
#define SCS_DIAGRAMS_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "base/util.h"

/* Why a diagram failed: a message and the 1-based line of the block it is
 * about (0: none in particular). An error box (mermaid) shows `box`. */
struct diagram_fail {
	char msg[512];
	unsigned line;
	char box[2048];
};

/* Draws the diagram ctx describes: SVG into out, or false with f filled. */
typedef bool (*diagram_fn)(void *ctx, struct strbuf *out, struct diagram_fail *f);

/*
 * Run fn in a child process within budget_ms; true with the SVG in *svg
 * (malloc'd, *len bytes), else false with f filled. budget_ms 0 runs fn in
 * this process (the fuzzers and the --dump tests' own child).
 */
bool diagram_sandbox(diagram_fn fn, void *ctx, unsigned budget_ms, char **svg, size_t *len,
		     struct diagram_fail *f);

/* Whether we are a sandbox's child (which may change its folder). */
bool diagram_in_child(void);

#endif
