/*
 * main.c — scs-pdf: parse the command line, convert, map to an exit status.
 * Everything else lives in the scs library that tests and fuzzers link.
 *
 * SPDX-License-Identifier: MIT
 */
#include "cli.h"
#include "convert.h"
#include "diag.h"

#include <unistd.h>

int main(int argc, char **argv)
{
	struct scs_options o;
	switch (cli_parse(argc, argv, &o, stdout, stderr)) {
	case CLI_EXIT_OK: return 0;
	case CLI_EXIT_USAGE: return SCS_ERR_USAGE;
	case CLI_RUN: break;
	}
	struct diag d;
	diag_init(&d, stderr);
	d.quiet = o.quiet;
	d.color = isatty(2);
	return (int)scs_convert(&o, &d);
}
