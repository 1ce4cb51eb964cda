/*
 * progress.c — the progress line (see progress.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "base/progress.h"

#include <stdio.h>
#include <time.h>

/* Shown after this long, and redrawn at most this often. */
#define PROGRESS_DELAY_S 1.0
#define PROGRESS_EVERY_S 0.1

static bool enabled, shown;
static const char *task, *task_unit;
static size_t task_total;
static double t0, last;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_enable(bool on)
{
	enabled = on;
}

void progress_start(const char *what, const char *unit, size_t total)
{
	task = what;
	task_unit = unit;
	task_total = total;
	t0 = now();
	last = 0;
	shown = false;
}

double progress_elapsed(void)
{
	return now() - t0;
}

void progress_step(size_t done)
{
	if (!enabled)
		return;
	double t = now() - t0;
	if (t < PROGRESS_DELAY_S || (shown && t - last < PROGRESS_EVERY_S && done < task_total))
		return;
	last = t;
	shown = true;
	/* \r and "erase to end of line" (ECMA-48 EL) */
	fprintf(stderr, "\rscs-pdf: %s: %s %zu/%zu (%.0f s)\033[K", task ? task : "",
		task_unit, done, task_total, t);
	fflush(stderr);
}

void progress_end(void)
{
	if (shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	shown = false;
}
