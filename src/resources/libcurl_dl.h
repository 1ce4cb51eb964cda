/*
 * libcurl_dl.h — libcurl, loaded with dlopen() when a deck first needs the
 * network. Linked at start-up, libcurl and the ~26 libraries it pulls in
 * (TLS, Kerberos, LDAP, SSH, …) cost every run about 9 ms of one core in
 * the dynamic linker, while most runs fetch nothing (--offline, the cache,
 * --asset-map, local pictures). fetch.c and deck_fetch.c call libcurl
 * through this table only.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_LIBCURL_DL_H
#define SCS_LIBCURL_DL_H

#include <curl/curl.h>

/* The functions used, as X(return type, name without "curl_", parameters). */
#define LIBCURL_FUNCS \
	X(CURLcode, global_init, (long flags)) \
	X(CURL *, easy_init, (void)) \
	X(CURLcode, easy_setopt, (CURL *h, CURLoption opt, ...)) \
	X(CURLcode, easy_getinfo, (CURL *h, CURLINFO info, ...)) \
	X(CURLcode, easy_perform, (CURL *h)) \
	X(void, easy_cleanup, (CURL *h)) \
	X(const char *, easy_strerror, (CURLcode rc)) \
	X(struct curl_slist *, slist_append, (struct curl_slist *l, const char *s)) \
	X(void, slist_free_all, (struct curl_slist *l)) \
	X(CURLM *, multi_init, (void)) \
	X(CURLMcode, multi_setopt, (CURLM *m, CURLMoption opt, ...)) \
	X(CURLMcode, multi_add_handle, (CURLM *m, CURL *h)) \
	X(CURLMcode, multi_remove_handle, (CURLM *m, CURL *h)) \
	X(CURLMcode, multi_perform, (CURLM *m, int *running)) \
	X(CURLMcode, multi_poll, (CURLM *m, struct curl_waitfd *fds, unsigned n, int ms, \
				  int *numfds)) \
	X(CURLMsg *, multi_info_read, (CURLM *m, int *left)) \
	X(CURLMcode, multi_cleanup, (CURLM *m))

struct libcurl {
#define X(ret, name, params) ret (*name) params;
	LIBCURL_FUNCS
#undef X
};

/*
 * libcurl's functions, loaded and curl_global_init()ed by the first call
 * (main thread only). NULL when libcurl cannot be loaded; *why then says
 * why (static string).
 */
const struct libcurl *libcurl_get(const char **why);

#endif
