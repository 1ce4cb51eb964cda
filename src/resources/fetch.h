/*
 * fetch.h — remote assets over http and https: every URL a deck needs is
 * queued, then fetched in parallel with libcurl's multi interface before
 * layout starts, under connect/total timeouts, a redirect limit and size
 * limits per asset and per deck (scs_limits.h). An on-disk cache keeps what
 * was fetched and revalidates it with ETag/Last-Modified; offline, only the
 * cache is used. Nothing here knows about images: results are bytes.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_FETCH_H
#define SCS_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct fetch_config {
	const char *cache_dir;     /* NULL: no cache (--no-cache); created if missing */
	bool offline;              /* --offline: the cache only, no network */
	double timeout_s;          /* total time per transfer (0: FETCH_TOTAL_TIMEOUT_S) */
	double connect_timeout_s;  /* 0: FETCH_CONNECT_TIMEOUT_S */
	size_t max_bytes;          /* per asset (0: MAX_FETCH_BYTES) */
	size_t max_deck_bytes;     /* all assets together (0: MAX_FETCH_DECK_BYTES) */
	bool public_only;          /* --safe --allow-remote: connect to public
	                              addresses only (net_guard.h) */
	FILE *log;                 /* one line per transfer (-vv), or NULL */
};

/* Where an asset's bytes came from. */
enum fetch_source {
	FETCH_NONE = 0,            /* failed (or not run yet) */
	FETCH_NETWORK,             /* downloaded in full (HTTP 200) */
	FETCH_REVALIDATED,         /* the cached copy, confirmed by HTTP 304 */
	FETCH_CACHED,              /* the cached copy, not revalidated (--offline) */
	FETCH_STALE                /* the cached copy after the network failed */
};

struct fetch_result {
	enum fetch_source source;
	const unsigned char *data; /* owned by the fetcher; NULL when failed */
	size_t len;
	const char *error;         /* failed, or FETCH_STALE: why (owned) */
};

struct fetch_stats {
	unsigned n;                /* distinct URLs */
	unsigned downloaded, revalidated, cached, stale, failed;
	size_t bytes_downloaded;
	double seconds;            /* wall time of all fetch_run() calls */
	const char *cache_error;   /* why the cache could not be written, or NULL */
};

struct fetcher;

/* A fetcher for one deck; cfg is copied (cache_dir too). */
struct fetcher *fetch_new(const struct fetch_config *cfg);
void fetch_free(struct fetcher *f);

/* The default cache directory: $XDG_CACHE_HOME/scs-pdf, else
 * $HOME/.cache/scs-pdf (malloc'd), or NULL when neither is set. */
char *fetch_default_cache_dir(void);

/* Whether url is one the fetcher takes: http:// or https://. */
bool fetch_is_remote(const char *url);

/* Queue url (copied) for the next fetch_run(); duplicates are merged, and a
 * URL that is not http or https fails with a reason. */
void fetch_add(struct fetcher *f, const char *url);

/* Fetch everything queued, all transfers at once; returns when each has
 * succeeded or failed. */
void fetch_run(struct fetcher *f);

/* The result for url: queued and run first if it was not (a URL the
 * prefetch missed is fetched on its own). Never NULL. */
const struct fetch_result *fetch_get(struct fetcher *f, const char *url);

/* Free url's bytes once the caller has what it needs from them (the
 * result stays, with data NULL). */
void fetch_release(struct fetcher *f, const char *url);

void fetch_get_stats(const struct fetcher *f, struct fetch_stats *st);

#endif
