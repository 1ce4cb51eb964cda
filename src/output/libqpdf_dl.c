/*
 * libqpdf_dl.c — libqpdf loaded on a helper thread or on first use (see
 * libqpdf_dl.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "output/libqpdf_dl.h"
#include "base/dynlib.h"

#include <glib.h>
#include <stdbool.h>

/* qpdf 11's soname: a build against another qpdf is to load that one's */
#if QPDF_MAJOR_VERSION != 11
#error "libqpdf_dl.c loads libqpdf.so.29 (qpdf 11): update its soname"
#endif

/* Each function's type in LIBQPDF_FUNCS is that of its declaration in
 * qpdf-c.h (_Generic looks at the type only: no reference to the symbol,
 * which is not linked). */
#define X(ret, name, params) \
	_Static_assert(_Generic(qpdf_##name, ret (*) params: 1, default: 0), \
		       "LIBQPDF_FUNCS: qpdf_" #name " differs from qpdf-c.h");
LIBQPDF_FUNCS
#undef X

static struct libqpdf api;
static bool loaded, tried;
static char err[256];
static GThread *loader;

static gpointer load(gpointer unused)
{
	static const char *const names[] = { "libqpdf.so.29" };
	void *lib = dynlib_open(names, 1, err, sizeof err);
	bool ok = lib != NULL;
#define X(ret, name, params) ok = ok && dynlib_fn(lib, "qpdf_" #name, &api.name, err, sizeof err);
	LIBQPDF_FUNCS
#undef X
	loaded = ok;
	return NULL;
}

/* exported function documented in libqpdf_dl.h */
void libqpdf_preload(void)
{
	if (tried)
		return;
	tried = true;
	loader = g_thread_new("scs-libqpdf", load, NULL);
}

/* exported function documented in libqpdf_dl.h */
const struct libqpdf *libqpdf_get(const char **why)
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
