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

#endif
