/*
 * dump.h — `--dump=dom|style|boxes|dl|notes`: a stage's result per slide as
 * text on the options' dump_out, no output file.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DUMP_H
#define SCS_DUMP_H

#include "base/diag.h"

struct deck;

/* Write k's dump (k->o->dump) for every page. */
enum scs_status output_dump(struct deck *k);

#endif
