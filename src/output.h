/*
 * output.h — pages to files: a PDF document, or one PNG per slide.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_OUTPUT_H
#define SCS_OUTPUT_H

#include "diag.h"

struct deck;

/* The default output name: the deck's base name with extension ext
 * ("-" for a deck read from standard input). malloc'd. */
char *output_default_name(const char *input, const char *ext);

/* Write every slide of k to out ("-" = stdout). */
enum scs_status output_pdf(struct deck *k, const char *out);
enum scs_status output_png(struct deck *k, const char *out);

/* Remove a half-written output file on SIGINT/SIGTERM. */
void output_catch_signals(void);

#endif
