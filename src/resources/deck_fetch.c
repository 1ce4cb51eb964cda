/*
 * deck_fetch.c — a HedgeDoc note's Markdown over HTTP (see deck_fetch.h).
 *
 * One libcurl easy transfer with the limits of scs_limits.h: http/https
 * only (also after redirects), MAX_REDIRECTS, connect and total timeouts,
 * and a size ceiling enforced while receiving (curl's own
 * CURLOPT_MAXFILESIZE only trusts Content-Length).
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/deck_fetch.h"
#include "resources/libcurl_dl.h"
#include "resources/net_guard.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* exported function documented in deck_fetch.h */
bool deck_is_url(const char *s)
{
	return !g_ascii_strncasecmp(s, "http://", 7) || !g_ascii_strncasecmp(s, "https://", 8);
}

/* Length of "scheme://authority" of url. */
static size_t origin_len(const char *url)
{
	const char *host = strstr(url, "://") + 3;
	return (size_t)(host - url) + strcspn(host, "/?#");
}

/* exported function documented in deck_fetch.h */
char *deck_base_url(const char *url)
{
	size_t o = origin_len(url);
	char *b = xmalloc(o + 2);
	memcpy(b, url, o);
	strcpy(b + o, "/");
	return b;
}

/* exported function documented in deck_fetch.h */
char *deck_download_url(const char *url)
{
	size_t o = origin_len(url);
	const char *path = url + o;
	size_t plen = strcspn(path, "?#");
	while (plen && path[plen - 1] == '/')
		plen--;
	if (plen >= 9 && !strncmp(path + plen - 9, "/download", 9))
		return xstrndup(url, o + plen);
	/* the note's id: the path's first segment, or its second after /p/ or /s/ */
	const char *id = path + (*path == '/');
	size_t rest = plen - (size_t)(id - path);
	if (rest > 2 && (!strncmp(id, "p/", 2) || !strncmp(id, "s/", 2))) {
		bool published = id[0] == 's';
		id += 2;
		size_t n = strcspn(id, "/");
		n = MIN(n, rest - 2);
		if (n == 0)
			return NULL;
		/* /s/ has its own /download route; /p/ has not, but /:noteId
		 * accepts the short id */
		char *r = xmalloc(o + n + 16);
		sprintf(r, "%.*s%s/%.*s/download", (int)o, url, published ? "/s" : "",
			(int)n, id);
		return r;
	}
	size_t n = MIN(strcspn(id, "/"), rest);
	if (n == 0 || (n == 1 && (*id == 'p' || *id == 's')))
		return NULL;       /* the root, or /p/ and /s/ without an id */
	char *r = xmalloc(o + n + 16);
	sprintf(r, "%.*s/%.*s/download", (int)o, url, (int)n, id);
	return r;
}

struct sink {
	struct strbuf b;
};

static size_t on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	/* a short count makes curl stop with CURLE_WRITE_ERROR */
	return strbuf_append(&s->b, p, size * n) < 0 ? 0 : size * n;
}

/* exported function documented in deck_fetch.h */
enum scs_status deck_fetch(const char *url, size_t max, double timeout_s, bool public_only,
			   char **out, size_t *len, struct diag *d)
{
	char *dl = deck_download_url(url);
	if (!dl) {
		diag_msg(d, DIAG_ERROR, "%s: the address names no HedgeDoc note "
			 "(https://host/NOTE, /p/NOTE or /s/NOTE)", url);
		return SCS_ERR_FETCH;
	}
	const char *why;
	const struct libcurl *cu = libcurl_get(&why);
	if (!cu) {
		diag_msg(d, DIAG_ERROR, "%s: %s", url, why);
		free(dl);
		return SCS_ERR_FETCH;
	}
	CURL *c = cu->easy_init();
	if (!c) {
		diag_msg(d, DIAG_ERROR, "%s: cannot start a transfer", url);
		free(dl);
		return SCS_ERR_FETCH;
	}
	struct sink s;
	strbuf_init(&s.b, max);
	char errbuf[CURL_ERROR_SIZE] = "";
	cu->easy_setopt(c, CURLOPT_URL, dl);
	cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	cu->easy_setopt(c, CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
	double total = timeout_s > 0 ? timeout_s : FETCH_TOTAL_TIMEOUT_S;
	cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			(long)(MIN(total, FETCH_CONNECT_TIMEOUT_S) * 1000));
	cu->easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(total * 1000));
	bool refused = false;
	if (public_only)
		net_guard_transfer(cu, c, &refused);
	cu->easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)max);
	cu->easy_setopt(c, CURLOPT_FAILONERROR, 1L);
	cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	cu->easy_setopt(c, CURLOPT_USERAGENT, "scs-pdf/" SCS_VERSION);
	cu->easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	cu->easy_setopt(c, CURLOPT_WRITEDATA, &s);
	CURLcode rc = cu->easy_perform(c);
	enum scs_status st = SCS_OK;
	if (rc != CURLE_OK && refused) {
		diag_msg(d, DIAG_ERROR, "%s: %s", dl, NET_GUARD_REFUSED);
		st = SCS_ERR_FETCH;
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		diag_msg(d, DIAG_ERROR, "%s: timed out after %g s", dl, total);
		st = SCS_ERR_FETCH;
	} else if (rc != CURLE_OK) {
		if (s.b.toobig || rc == CURLE_FILESIZE_EXCEEDED)
			diag_msg(d, DIAG_ERROR, "%s: the note is larger than %zu bytes", dl, max);
		else
			diag_msg(d, DIAG_ERROR, "%s: %s", dl, errbuf[0] ? errbuf
				 : cu->easy_strerror(rc));
		st = SCS_ERR_FETCH;
	} else {
		/* HedgeDoc sends the Markdown as text/markdown; an HTML page
		 * means the address is not a note (or needs a login) */
		char *type = NULL;
		cu->easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
		if (type && !g_ascii_strncasecmp(type, "text/html", 9)) {
			diag_msg(d, DIAG_ERROR, "%s: got a web page (%s), not a note's Markdown; "
				 "is it a HedgeDoc note that can be read without logging in?",
				 dl, type);
			st = SCS_ERR_FETCH;
		}
	}
	cu->easy_cleanup(c);
	free(dl);
	if (st != SCS_OK) {
		strbuf_free(&s.b);
		return st;
	}
	if (!s.b.s)
		strbuf_append(&s.b, "", 0);
	*out = s.b.s;
	*len = s.b.len;
	return SCS_OK;
}
