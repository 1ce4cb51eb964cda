/*
 * sandbox.h — work that a library may get wrong (librsvg panics on
 * font-size="1e9", runs for minutes on feTurbulence numOctaves="1e6", takes
 * gigabytes for an entity-expanded text) tried first in a child process
 * with limits on its CPU time and memory and a watchdog on its wall time:
 * a bomb or a crash ends the child, not the program, and the caller shows
 * a placeholder with a warning instead.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_SANDBOX_H
#define SCS_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

struct sandbox_limits {
	double cpu_s;           /* CPU seconds (RLIMIT_CPU) */
	size_t mem_bytes;       /* address space beyond the parent's (RLIMIT_AS) */
	double wall_s;          /* killed after this long */
};

enum sandbox_result {
	SANDBOX_OK,             /* fn returned true */
	SANDBOX_REFUSED,        /* fn returned false */
	SANDBOX_CPU,            /* past its CPU time */
	SANDBOX_TIMEOUT,        /* past its wall time */
	SANDBOX_CRASHED,        /* ended by another signal (an abort, a panic,
	                           out of memory) */
	SANDBOX_UNAVAILABLE     /* no child could be made */
};

/*
 * Run fn(arg) in a forked child within l; its stderr goes nowhere and the
 * signal handlers of the program are reset there. *cpu_used (may be NULL)
 * gets the child's CPU seconds, *sig the signal that ended it (or 0).
 * Only the calling thread exists in the child: fn must not wait for locks
 * other threads may hold.
 */
enum sandbox_result sandbox_run(bool (*fn)(void *arg), void *arg,
				const struct sandbox_limits *l, double *cpu_used, int *sig);

/* Words for r (and sig), for a warning: "took more than its 5 s of CPU". */
const char *sandbox_why(enum sandbox_result r, int sig, const struct sandbox_limits *l,
			char *buf, size_t len);

#endif
