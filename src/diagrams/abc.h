/*
 * abc.h — ```abc blocks: ABC music notation typeset by abcm2ps (Debian's
 * `abcm2ps`, run as a program: `-g`, SVG on its standard output) with the
 * limits of a sandboxed child: no environment, no folder to write to, no
 * file it may name (`%%` directives and `I:` fields are blanked first), a
 * CPU, memory and file size limit. HedgeDoc draws these with abcjs, whose
 * engraving differs in detail; a tune abcjs half reads is first rewritten
 * as abcjs reads it (abc.c), so that both draw the same. Without abcm2ps
 * the source stays.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAGRAMS_ABC_H
#define SCS_DIAGRAMS_ABC_H

#include <stdbool.h>

#include "base/util.h"
#include "diagrams/sandbox.h"

struct abc_job {
	const char *text;           /* the block, NUL-terminated */
	unsigned budget_ms;         /* abcm2ps's CPU time */
};

/* A diagram_fn: ctx is a struct abc_job. On success f->msg may hold
 * abcm2ps's first error (the tune is drawn as far as it goes, as abcjs
 * does), f->line its line. */
bool abc_draw(void *ctx, struct strbuf *out, struct diagram_fail *f);

#endif
