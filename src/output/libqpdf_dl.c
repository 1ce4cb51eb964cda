/*
 * libqpdf_dl.c — libqpdf loaded on a helper thread or on first use (see
 * libqpdf_dl.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "output/libqpdf_dl.h"
#include "base/dynlib.h"

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

static bool load(char *why, size_t why_len)
{
	static const char *const names[] = { "libqpdf.so.29" };
	void *lib = dynlib_open(names, 1, why, why_len);
	bool ok = lib != NULL;
#define X(ret, name, params) ok = ok && dynlib_fn(lib, "qpdf_" #name, &api.name, why, why_len);
	LIBQPDF_FUNCS
#undef X
	return ok;
}

static struct dynlib_loader loader = { .load = load, .thread_name = "scs-libqpdf" };

/* exported function documented in libqpdf_dl.h */
void libqpdf_preload(void)
{
	dynlib_preload(&loader);
}

/* exported function documented in libqpdf_dl.h */
const struct libqpdf *libqpdf_get(const char **why)
{
	return dynlib_wait(&loader, why) ? &api : NULL;
}
