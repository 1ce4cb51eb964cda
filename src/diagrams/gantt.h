/*
 * gantt.h — mermaid's gantt charts, drawn as mermaid 9.1.7 draws them with
 * its default configuration and theme.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAGRAMS_GANTT_H
#define SCS_DIAGRAMS_GANTT_H

#include <stdbool.h>

#include "base/util.h"
#include "diagrams/sandbox.h"

/* The gantt chart of text as SVG into o, width px wide (the <pre>'s width,
 * which mermaid fills), its text letter_spacing px apart (inherited from
 * the page), or false with f filled. */
bool gantt_draw(const char *text, double width, double letter_spacing, struct strbuf *o,
		struct diagram_fail *f);

#endif
