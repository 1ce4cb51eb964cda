/*
 * main.c — scs-pdf: parse the command line, run it, exit with its status.
 * Everything else lives in the scs library that tests and fuzzers link.
 *
 * SPDX-License-Identifier: MIT
 */
#include "cli.h"
#include "run.h"

int main(int argc, char **argv)
{
	struct scs_options o;
	enum cli_result r = cli_parse(argc, argv, &o, stdout, stderr);
	if (r != CLI_RUN) {
		cli_free(&o);
		return r == CLI_EXIT_OK ? 0 : SCS_ERR_USAGE;
	}
	enum scs_status st = scs_run(&o);
	cli_free(&o);
	return (int)st;
}
