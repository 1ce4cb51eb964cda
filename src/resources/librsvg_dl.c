/*
 * librsvg_dl.c — librsvg loaded on a helper thread or on first use (see
 * librsvg_dl.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/librsvg_dl.h"
#include "base/dynlib.h"

#include <stdbool.h>

static struct librsvg api;

static bool load(char *why, size_t why_len)
{
	static const char *const names[] = { "librsvg-2.so.2" };
	void *lib = dynlib_open(names, 1, why, why_len);
	bool ok = lib != NULL;
#define X(ret, name, params) ok = ok && dynlib_fn(lib, "rsvg_" #name, &api.name, why, why_len);
	LIBRSVG_FUNCS
#undef X
	return ok;
}

static struct dynlib_loader loader = { .load = load, .thread_name = "scs-librsvg" };

/* exported function documented in librsvg_dl.h */
void librsvg_preload(void)
{
	dynlib_preload(&loader);
}

/* exported function documented in librsvg_dl.h */
const struct librsvg *librsvg_get(const char **why)
{
	return dynlib_wait(&loader, why) ? &api : NULL;
}
