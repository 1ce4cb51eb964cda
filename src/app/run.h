/*
 * run.h — one command line's work: every deck it names, each converted (or
 * checked) on its own. One deck runs in this process; several run in child
 * processes, up to -j at a time, because the pipeline keeps process-wide
 * state (the font map, caches) and a child's crash or leak stays its own.
 * Each child's messages are captured and printed as one block, in the
 * order the decks were given, so parallel runs read like serial ones.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_RUN_H
#define SCS_RUN_H

#include "app/convert.h"
#include "base/diag.h"

/* Convert every deck of o (o->inputs). Returns the exit status: the first
 * non-zero status in the order the decks were given, else 0. */
enum scs_status scs_run(const struct scs_options *o);

/* The output file of deck `input` under -O dir (NULL: the current
 * directory) for format ext; decks with the same base name in different
 * folders are told apart by their folder's name ("talk-deck.pdf").
 * malloc'd. */
char *run_output_name(const struct scs_options *o, int index, const char *ext);

#endif
