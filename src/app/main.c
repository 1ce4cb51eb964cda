/*
 * main.c — scs-pdf: parse the command line, run it, exit with its status.
 * Everything else lives in the scs library that tests and fuzzers link.
 *
 * SPDX-License-Identifier: MIT
 */
#include "app/cli.h"
#include "app/run.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

int main(int argc, char **argv)
{
#ifdef __GLIBC__
	/* Decoded pictures are megabytes each and short-lived. A fixed mmap
	 * threshold gives each its own mapping, returned to the system when
	 * freed; glibc's default raises the threshold after the first such
	 * free and keeps later ones in the heap, which then never shrinks. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024);
	/* Setting it also fixes the trim threshold at 128 KiB: the heap
	 * then shrinks and grows again (brk, page faults) with every burst
	 * of small objects, as qpdf's tens of thousands for a long deck. */
	mallopt(M_TRIM_THRESHOLD, 2 * 1024 * 1024);
	mallopt(M_TOP_PAD, 256 * 1024);
#endif
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
