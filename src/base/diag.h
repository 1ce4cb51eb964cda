/*
 * diag.h — diagnostics: `file:line:col: severity: message`, the source line
 * and a caret (curl's glob_show_error), counts, and the first fatal error kept
 * (cairo's sticky status). Positions are byte offsets into the original file,
 * turned into line:col only when printed, so no stage adds offsets by hand.
 * Columns are 1-based byte columns.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DIAG_H
#define SCS_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The exit statuses: one table, for the enum, scs_strerror() and --help
 * (tests/e2e/exit-status.sh checks README and doc/scs-pdf.1 against
 * --help). X(name, value, meaning); one error enum for the whole program,
 * the exit code is the value. */
#define SCS_STATUSES(X) \
	X(SCS_OK,           0, "success") \
	X(SCS_PROBLEMS,     1, "--check found problems") \
	X(SCS_ERR_USAGE,    2, "usage error (bad option or arguments)") \
	X(SCS_ERR_INPUT,    3, "the deck cannot be read (missing, unreadable, too large)") \
	X(SCS_ERR_FONT,     4, "the bundled fonts cannot be loaded") \
	X(SCS_ERR_RENDER,   5, "rendering failed") \
	X(SCS_ERR_IO,       6, "the output cannot be written") \
	X(SCS_ERR_FETCH,    7, "the deck could not be fetched from its URL") \
	X(SCS_ERR_WARNINGS, 8, "--strict and warnings were reported")

enum scs_status {
#define SCS_STATUS_ENUM(name, value, meaning) name = value,
	SCS_STATUSES(SCS_STATUS_ENUM)
#undef SCS_STATUS_ENUM
};

/* The meaning of a status, as --help and the README say it. */
const char *scs_strerror(enum scs_status s);

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* A source file the diagnostics can point into. */
struct diag_file {
	const char *name;     /* as the user named it */
	const char *text;     /* borrowed */
	size_t len;
	size_t *line_start;   /* byte offset of each line; owned */
	size_t n_lines;
};

/* One report as data, for a sink (e.g. `--check --json`). */
struct diag_record {
	enum diag_level level;
	const char *file;     /* NULL: not about a file position */
	unsigned line, col;   /* 1-based; 0 = unknown */
	const char *message;
};

/* Diagnostics remembered to drop repeats (the same text at the same place,
 * e.g. from a deck-wide setting met on every slide). */
#define DIAG_SEEN_MAX 512

struct diag {
	FILE *out;            /* stderr unless a test redirects it */
	/* When set, every report goes here (counted, never printed; --quiet
	 * does not apply) instead of to out. */
	void (*sink)(void *ctx, const struct diag_record *r);
	void *sink_ctx;
	bool quiet;           /* --quiet: warnings and notes are counted, not printed */
	bool muted;           /* nothing is reported, counted or remembered: for
	                         work done again later (a look-ahead cascade),
	                         whose reports would come out of order */
	bool color;
	int n_errors, n_warnings;
	enum scs_status first_fatal;
	uint64_t seen[DIAG_SEEN_MAX]; /* hashes of what was reported */
	unsigned n_seen;
};

void diag_init(struct diag *d, FILE *out);

/* Index the line starts of text (borrowed; must outlive f). */
void diag_file_init(struct diag_file *f, const char *name, const char *text,
		    size_t len);
void diag_file_free(struct diag_file *f);

/* 1-based line and column of a byte offset. */
void diag_file_linecol(const struct diag_file *f, size_t offset,
		       unsigned *line, unsigned *col);
/* Byte offset of a 1-based line/column (clamped to the file). */
size_t diag_file_offset(const struct diag_file *f, unsigned line, unsigned col);

/* Report at a byte offset of f (f may be NULL: then no position is printed). */
void diag_at(struct diag *d, enum diag_level lv, const struct diag_file *f,
	     size_t offset, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Report at a 1-based line:col of f (line 0 = no position). */
void diag_at_line(struct diag *d, enum diag_level lv, const struct diag_file *f,
		  unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
/* A message with no file position: `scs-pdf: error: …`. */
void diag_msg(struct diag *d, enum diag_level lv, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Remember the first fatal status (later ones are less significant). */
void diag_fail(struct diag *d, enum scs_status s);

#endif
