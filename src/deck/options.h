/*
 * options.h — what one run asks for: the command line parsed (cli.h) and
 * read by every stage that honours an option.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_OPTIONS_H
#define SCS_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "base/scs_limits.h"
#include "markdown/markdown.h"

enum dump_kind { DUMP_NONE = 0, DUMP_DOM, DUMP_STYLE, DUMP_BOXES, DUMP_DL, DUMP_NOTES };
enum out_format { FORMAT_PDF = 0, FORMAT_PNG, FORMAT_SVG };

struct scs_options {
	const char *input;              /* path, "-" or an http(s) URL */
	const char *output;             /* path, "-" or NULL (derived from input) */
	const char *output_dir;         /* -O: where outputs go (NULL: here) */
	const char **inputs;            /* every DECK argument (argv-owned) */
	int n_inputs;
	int jobs;                       /* -j: decks converted at once */
	const char *asset_map[MAX_ASSET_MAPS + 1];
	int n_asset_map;
	const char *cache_dir;          /* --cache-dir; NULL = the XDG cache */
	bool no_cache, offline;         /* --no-cache, --offline */
	bool safe, allow_remote;        /* --safe: no file outside the deck's folder
					 * (and the asset maps'), no network unless
					 * --allow-remote */
	bool allow_private;             /* --allow-private: --safe may connect to
					 * loopback and private addresses */
	double fetch_timeout;           /* --fetch-timeout seconds; 0 = default */
	const char *data_dir;           /* fonts/ and themes/; NULL = found */
	const char *theme;              /* --theme override or NULL */
	const char *slides;             /* --slides list (checked) or NULL: all */
	enum dump_kind dump;
	enum out_format format;
	double scale;                   /* PNG/SVG: pixels per page pt (default 1) */
	int handout;                    /* --handout N slides per sheet; 0: off */
	int paper;                      /* enum paper (handout.h) */
	bool notes_pages;               /* one slide per sheet with its notes */
	int pdfa;                       /* --pdfa: 0, 2 (PDF/A-2b) or 3 (PDF/A-3b) */
	bool check, json;               /* --check: report problems, no output */
	bool quiet, strict;
	bool fragments;                 /* one page per fragment step */
	struct markdown_options markdown; /* --math */
	int verbose;
	FILE *dump_out;                 /* stdout */
};

#endif
