/*
 * dynlib.c — dlopen() helpers (see dynlib.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "base/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* exported function documented in dl.h */
void *dynlib_open(const char *const *names, size_t n, char *why, size_t why_len)
{
	for (size_t i = 0; i < n; i++) {
		void *lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
		if (lib)
			return lib;
		if (i == 0)
			snprintf(why, why_len, "cannot load %s: %s", names[0], dlerror());
	}
	return NULL;
}

/* exported function documented in dl.h */
bool dynlib_fn(void *lib, const char *name, void *fn, char *why, size_t why_len)
{
	void *sym = dlsym(lib, name);
	if (!sym) {
		snprintf(why, why_len, "the library has no %s", name);
		return false;
	}
	/* ISO C has no conversion from void * to a function pointer */
	memcpy(fn, &sym, sizeof sym);
	return true;
}
