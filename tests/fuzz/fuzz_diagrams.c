/*
 * fuzz_diagrams.c — libFuzzer harness for the diagram parsers and layouts
 * run in this process (no sandbox): the first byte picks mermaid (flowchart,
 * sequenceDiagram or pie, by the text), js-sequence-diagrams or
 * flowchart.js, the rest is the block. Built with -DSCS_FUZZ=ON (clang);
 * without it replay.c drives it over the regression inputs and
 * tests/diagrams.
 *
 * SPDX-License-Identifier: MIT
 */
#include "base/util.h"
#include "diagrams/flow.h"
#include "diagrams/jsseq.h"
#include "diagrams/mermaid.h"
#include "diagrams/sandbox.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	char *text = xstrndup((const char *)data + 1, size - 1);
	struct mermaid_job mj = { .text = text, .zoom = 1.48125, .line_height = 27.72,
				  .width = 864, .letter_spacing = 0.4 };
	struct jsseq_job sj = { text, false };
	struct flow_job fj = { text };
	static const diagram_fn fns[] = { mermaid_draw, jsseq_draw, flow_draw };
	void *jobs[] = { &mj, &sj, &fj };
	unsigned k = data[0] % 3;
	char *svg;
	size_t len;
	struct diagram_fail f;
	if (diagram_sandbox(fns[k], jobs[k], 0, &svg, &len, &f))
		free(svg);
	free(text);
	return 0;
}
