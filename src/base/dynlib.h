/*
 * dynlib.h — shared libraries loaded with dlopen() when first needed: those
 * that cost every run start-up time in the dynamic linker but serve only
 * some decks (libcurl_dl.h, librsvg_dl.h) or only the end of a run
 * (libqpdf_dl.h).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DYNLIB_H
#define SCS_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* The first of names[] that loads (RTLD_NOW | RTLD_LOCAL), or NULL with
 * the reason in why. */
void *dynlib_open(const char *const *names, size_t n, char *why, size_t why_len);

/* The function `name` of lib stored into *fn, a function pointer (POSIX
 * guarantees its representation is a void *'s); false with why. */
bool dynlib_fn(void *lib, const char *name, void *fn, char *why, size_t why_len);

/*
 * A library loaded once, on a helper thread started early
 * (dynlib_preload) or else when first wanted (dynlib_wait): load() opens
 * it and fills the caller's function table, false with the reason in
 * why. Main thread only; static storage, zero-initialised but for load
 * and thread_name.
 */
struct dynlib_loader {
	bool (*load)(char *why, size_t why_len);
	const char *thread_name;
	void *thread;               /* GThread, started and not yet joined */
	bool tried, loaded;
	char why[256];
};

/* Start loading on a helper thread (idempotent). */
void dynlib_preload(struct dynlib_loader *l);

/* Wait for dynlib_preload() or load now: true when loaded, else false
 * with *why (l's own string; why may be NULL). */
bool dynlib_wait(struct dynlib_loader *l, const char **why);

#endif
