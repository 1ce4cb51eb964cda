/*
 * deck_fetch.h — a deck given as the address of a HedgeDoc note: its
 * Markdown comes from the note's /download endpoint, fetched with libcurl
 * (http and https only, bounded in size, redirects and time).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DECK_FETCH_H
#define SCS_DECK_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

/* Is s an http:// or https:// address? */
bool deck_is_url(const char *s);

/*
 * The address of a note's Markdown: https://host/NOTE, /p/NOTE (slide
 * view) and /s/NOTE (published view) → https://host/NOTE/download (HedgeDoc
 * 1.x routes: `/:noteId/download`, the id may be the short id of /p and
 * /s); an address that ends in /download is kept. The query and fragment
 * are dropped. malloc'd; NULL when the address names no note.
 */
char *deck_download_url(const char *url);

/* The root of the HedgeDoc instance (scheme://host[:port]/), against which
 * the note's relative links resolve (its pages have <base href="…/">).
 * malloc'd. */
char *deck_base_url(const char *url);

/*
 * Fetch the Markdown of the note at url (at most max bytes, within
 * timeout_s seconds, 0: FETCH_TOTAL_TIMEOUT_S; with public_only, from
 * public addresses only, net_guard.h) into a malloc'd NUL-terminated
 * buffer. Returns SCS_OK, or SCS_ERR_FETCH with an error on d (network,
 * HTTP status, an HTML page instead of Markdown, too large, refused).
 */
enum scs_status deck_fetch(const char *url, size_t max, double timeout_s, bool public_only,
			   char **out, size_t *len, struct diag *d);

#endif
