/*
 * cli.h — the command line: one sorted option table, parse_args() and the
 * usage text built from it (curl's tool_getparam shape).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_CLI_H
#define SCS_CLI_H

#include <stdio.h>

#include "app/convert.h"

enum cli_result { CLI_RUN, CLI_EXIT_OK, CLI_EXIT_USAGE };

/* Parse argv into o (defaults first): options, and every DECK argument in
 * o->inputs (o->input is the first). Prints --help/--version to out, usage
 * errors to err. Free with cli_free() (strings stay argv's). */
enum cli_result cli_parse(int argc, char **argv, struct scs_options *o, FILE *out,
			  FILE *err);
void cli_free(struct scs_options *o);
/* The --help text: every option and exit status. */
void cli_usage(FILE *out);

#endif
