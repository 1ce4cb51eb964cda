/*
 * dynlib.c — dlopen() helpers (see dynlib.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "base/dynlib.h"

#include <dlfcn.h>
#include <glib.h>
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

static gpointer loader_run(gpointer data)
{
	struct dynlib_loader *l = data;
	l->loaded = l->load(l->why, sizeof l->why);
	return NULL;
}

/* exported function documented in dynlib.h */
void dynlib_preload(struct dynlib_loader *l)
{
	if (l->tried)
		return;
	l->tried = true;
	l->thread = g_thread_new(l->thread_name, loader_run, l);
}

/* exported function documented in dynlib.h */
bool dynlib_wait(struct dynlib_loader *l, const char **why)
{
	if (!l->tried) {
		l->tried = true;
		loader_run(l);
	}
	if (l->thread) {
		g_thread_join(l->thread);
		l->thread = NULL;
	}
	if (!l->loaded && why)
		*why = l->why;
	return l->loaded;
}
