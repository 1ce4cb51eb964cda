/*
 * libcurl_dl.c — libcurl loaded on first use (see libcurl_dl.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/libcurl_dl.h"
#include "base/dynlib.h"

#include <stdbool.h>
#include <stdio.h>

/* exported function documented in libcurl_dl.h */
const struct libcurl *libcurl_get(const char **why)
{
	static struct libcurl api;
	static int state;           /* 0 not tried yet, 1 loaded, -1 failed */
	static char err[256];
	if (state == 0) {
		/* the OpenSSL build we compile against, else Debian's GnuTLS
		 * one (same ABI) */
		static const char *const names[] = { "libcurl.so.4", "libcurl-gnutls.so.4" };
		void *lib = dynlib_open(names, 2, err, sizeof err);
		bool ok = lib != NULL;
#define X(ret, name, params) ok = ok && dynlib_fn(lib, "curl_" #name, &api.name, err, sizeof err);
		LIBCURL_FUNCS
#undef X
		if (ok && api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			snprintf(err, sizeof err, "libcurl failed to initialise");
			ok = false;
		}
		state = ok ? 1 : -1;
	}
	if (state < 0) {
		if (why)
			*why = err;
		return NULL;
	}
	return &api;
}
