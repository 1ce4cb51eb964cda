/*
 * librsvg_dl.c — librsvg loaded on a helper thread or on first use (see
 * librsvg_dl.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/librsvg_dl.h"
#include "base/dynlib.h"

#include <glib.h>
#include <stdbool.h>

static struct librsvg api;
static bool loaded, tried;
static char err[256];
static GThread *loader;

static gpointer load(gpointer unused)
{
	static const char *const names[] = { "librsvg-2.so.2" };
	void *lib = dynlib_open(names, 1, err, sizeof err);
	bool ok = lib != NULL;
#define X(ret, name, params) ok = ok && dynlib_fn(lib, "rsvg_" #name, &api.name, err, sizeof err);
	LIBRSVG_FUNCS
#undef X
	loaded = ok;
	return NULL;
}

/* exported function documented in librsvg_dl.h */
void librsvg_preload(void)
{
	if (tried)
		return;
	tried = true;
	loader = g_thread_new("scs-librsvg", load, NULL);
}

/* exported function documented in librsvg_dl.h */
const struct librsvg *librsvg_get(const char **why)
{
	if (!tried) {
		tried = true;
		load(NULL);
	}
	if (loader) {
		g_thread_join(loader);
		loader = NULL;
	}
	if (!loaded) {
		if (why)
			*why = err;
		return NULL;
	}
	return &api;
}
