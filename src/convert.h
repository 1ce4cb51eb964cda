/*
 * convert.h — one deck to one document: the driver that runs every stage
 * (source → front matter → split → Markdown/DOM → cascade → boxes → layout
 * → paint → cairo) and writes the output atomically.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_CONVERT_H
#define SCS_CONVERT_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "scs_limits.h"

enum dump_kind { DUMP_NONE = 0, DUMP_DOM, DUMP_STYLE, DUMP_BOXES, DUMP_DL, DUMP_NOTES };
enum out_format { FORMAT_PDF = 0, FORMAT_PNG };

struct scs_options {
	const char *input;              /* path or "-" */
	const char *output;             /* path, "-" or NULL (derived from input) */
	const char *asset_map[MAX_ASSET_MAPS + 1];
	int n_asset_map;
	const char *data_dir;           /* fonts/ and themes/; NULL = found */
	const char *theme;              /* --theme override or NULL */
	enum dump_kind dump;
	enum out_format format;
	double scale;                   /* PNG: pixels per page pt (default 1) */
	bool quiet, strict;
	bool fragments;                 /* one page per fragment step */
	int verbose;
	FILE *dump_out;                 /* stdout */
};

/* Render the deck; diagnostics go to d. Returns the exit status. */
enum scs_status scs_convert(const struct scs_options *o, struct diag *d);

#endif
