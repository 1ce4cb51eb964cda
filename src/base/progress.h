/*
 * progress.h — a one-line progress report on stderr for long runs: shown
 * only when enabled (stderr is a terminal and --quiet was not given) and
 * only once the run has taken more than a second, so quick runs and logs
 * stay clean. The line is rewritten in place and erased at the end.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_PROGRESS_H
#define SCS_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

/* Turn the report on or off for this process (off by default). */
void progress_enable(bool on);

/* Start a task: "what" (e.g. the deck's name) with total steps. */
void progress_start(const char *what, const char *unit, size_t total);
/* done steps of total are finished. */
void progress_step(size_t done);
/* Erase the line if one was shown. */
void progress_end(void);

/* Seconds since progress_start() (monotonic clock). */
double progress_elapsed(void);

#endif
