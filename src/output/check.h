/*
 * check.h — `--check`: go through a deck as a render would (load, cascade,
 * lay out every slide) without writing anything, and report every problem
 * a reader of the PDF would meet: slides whose content overflows the slide
 * (and by how many px), pictures that cannot be had, CSS that was dropped,
 * an unknown theme, broken front matter. The problems are the run's
 * diagnostics, printed as `file:line:col: warning: …` or collected for
 * `--json`; any problem makes the exit status 1.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_CHECK_H
#define SCS_CHECK_H

#include <stdio.h>

#include "base/diag.h"

struct deck;

/* Lay out every chosen slide of the loaded deck k (nothing is drawn).
 * Returns SCS_PROBLEMS when k->d has counted any warning or error. */
enum scs_status check_deck(struct deck *k);

/* Problems collected from a struct diag for `--json`. */
struct check_report {
	struct check_item *items;
	size_t n, cap;
};

/* Route every report of d into r (and not to d->out). */
void check_collect(struct check_report *r, struct diag *d);

/* One JSON object (a line) for deck `file` with exit status st:
 * {"file":…, "status":…, "problems":[{"file","line","column","severity",
 *  "kind","message"[, "overflow_px"]}…]}. */
void check_write_json(FILE *out, const char *file, enum scs_status st,
		      const struct check_report *r);
void check_report_free(struct check_report *r);

/* The kind of a problem, from its message: "overflow", "refused" (--safe),
 * "missing-asset", "css", "theme", "front-matter", "encoding", "notes" or
 * "other". */
const char *check_kind(const char *message);

#endif
