/*
 * libcurl_dl.c — libcurl loaded on first use (see libcurl_dl.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "libcurl_dl.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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
		void *lib = NULL;
		for (size_t i = 0; !lib && i < sizeof names / sizeof *names; i++)
			lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
		bool ok = lib != NULL;
		if (!ok)
			snprintf(err, sizeof err, "cannot load libcurl: %s", dlerror());
		/* memcpy: ISO C has no conversion from void * to a function
		 * pointer; POSIX guarantees the representation */
#define X(ret, name, params) \
		if (ok) { \
			void *sym = dlsym(lib, "curl_" #name); \
			if (!sym) { \
				snprintf(err, sizeof err, "libcurl has no curl_" #name); \
				ok = false; \
			} \
			memcpy(&api.name, &sym, sizeof sym); \
		}
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
