/*
 * mseq.h — mermaid's sequenceDiagram, drawn as mermaid 9.1.7 draws it with
 * its default configuration: participants and actors, every arrow kind,
 * notes, loop/alt/else/opt/par/and/critical/option/break/rect boxes, with
 * its own column and row rules (sequenceRenderer.js). Activations and
 * autonumber are read but not drawn.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAGRAMS_MSEQ_H
#define SCS_DIAGRAMS_MSEQ_H

#include <stdbool.h>

#include "base/util.h"
#include "diagrams/mermaid.h"
#include "diagrams/sandbox.h"

/* Draw j->text, a sequenceDiagram, as SVG into out (j->dump too: its
 * numbers are the layout), or fail with mermaid's parse error box. */
bool mseq_draw(const struct mermaid_job *j, struct strbuf *out, struct diagram_fail *f);

#endif
