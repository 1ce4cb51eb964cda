/*
 * sandbox.h — work that a library may get wrong (librsvg panics on
 * font-size="1e9", runs for minutes on feTurbulence numOctaves="1e6", takes
 * gigabytes for an entity-expanded text) tried first in a child process
 * with limits on its CPU time and memory and a watchdog on its wall time:
 * a bomb or a crash ends the child, not the program, and the caller shows
 * a placeholder with a warning instead.
 *
 * The child is this program started anew (/proc/self/exe), not a fork of
 * it: a fork inherits the state of libraries' thread pools but not their
 * threads (librsvg's filters wait forever for rayon workers that are not
 * there). It finds the work to do in its environment, in a constructor
 * that runs before main() (SANDBOX_CHILD below), and its input on stdin.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_SANDBOX_H
#define SCS_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

struct sandbox_limits {
	double cpu_s;           /* CPU seconds (RLIMIT_CPU) */
	size_t mem_bytes;       /* address space (RLIMIT_AS) */
	double wall_s;          /* killed after this long */
};

enum sandbox_result {
	SANDBOX_OK,             /* the child exited 0 */
	SANDBOX_REFUSED,        /* it exited with another status */
	SANDBOX_CPU,            /* past its CPU time */
	SANDBOX_TIMEOUT,        /* past its wall time */
	SANDBOX_CRASHED,        /* ended by another signal (an abort, a panic,
	                           out of memory) */
	SANDBOX_UNAVAILABLE     /* no child could be started */
};

/*
 * Start this program again with the environment variable `var` set to
 * `value` and in[0..n) on its stdin, within l; its stdout and stderr go
 * nowhere. *cpu_used (may be NULL) gets the child's CPU seconds, *sig the
 * signal that ended it (or 0).
 */
enum sandbox_result sandbox_run(const char *var, const char *value, const void *in, size_t n,
				const struct sandbox_limits *l, double *cpu_used, int *sig);

/* In the child: stdin read whole into a malloc'd buffer (NUL-terminated);
 * NULL when it cannot be read. */
char *sandbox_input(size_t max, size_t *len);

/* Words for r (and sig), for a warning: "took more than 2 s of CPU". */
const char *sandbox_why(enum sandbox_result r, int sig, const struct sandbox_limits *l,
			char *buf, size_t len);

#endif
