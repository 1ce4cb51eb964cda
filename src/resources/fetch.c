/*
 * fetch.c — remote assets (see fetch.h).
 *
 * One pass, before layout: the driver queues every URL the deck can show,
 * fetch_run() hands them all to one libcurl multi handle and waits until each
 * transfer has ended. Per transfer:
 *
 *   1. --offline: the cached copy, or a failure. No network at all.
 *   2. A cached copy with an ETag or Last-Modified is revalidated
 *      (If-None-Match / If-Modified-Since): 304 keeps it, 200 replaces it.
 *   3. Otherwise a plain GET. Only http and https, also after redirects
 *      (at most MAX_REDIRECTS), with connect and total timeouts.
 *   4. Bytes are counted as they arrive: past the per-asset or the per-deck
 *      limit the transfer is aborted (a Content-Length over the limit stops
 *      it before the body).
 *   5. When the network fails (DNS, connect, timeout, HTTP 5xx) and a cached
 *      copy exists, that copy is used and the failure is kept as a note.
 *
 * The cache is one file per URL, named by the SHA-256 of the URL (no part of
 * the URL reaches the file system), holding a short text header (the URL,
 * the body length, the validators) and the body. Files are written to a
 * temporary name and renamed, so a reader sees an old entry or a new one,
 * never half of one; the length in the header catches a file cut short. An
 * entry whose URL line differs is ignored. Used entries are touched, and the
 * oldest are removed when the directory grows past MAX_CACHE_BYTES.
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/fetch.h"
#include "resources/libcurl_dl.h"
#include "resources/net_guard.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#define CACHE_MAGIC "scs-pdf cache 1\n"
/* Room for the header lines: the URL and two validators. */
#define CACHE_HEADER_MAX (16u << 10)
#define VALIDATOR_MAX 1024
/* Parallel connections: HTTP/1.1 needs one per transfer in flight. */
#define MAX_HOST_CONNECTIONS 8
#define MAX_TOTAL_CONNECTIONS 32

/* libcurl, once the first transfer starts (libcurl_dl.h) */
static const struct libcurl *cu;

struct fetcher;

struct entry {
	struct fetcher *f;
	char *url;                  /* as given (the key) */
	struct fetch_result res;
	bool done;
	char *error;                /* res.error */
	struct strbuf body;         /* the response body as it arrives */
	unsigned char *cached;      /* the cache's body (revalidation, fallback) */
	size_t cached_len;
	bool have_cache;
	/* the transfer */
	CURL *h;
	struct curl_slist *hdrs;
	char *etag, *lastmod;       /* validators of the final response */
	bool too_big, deck_too_big;
	bool refused;               /* an address was not public (net_guard.h) */
	char errbuf[CURL_ERROR_SIZE];
	gint64 t0;
};

struct fetcher {
	struct fetch_config cfg;
	char *cache_dir;            /* NULL: no cache */
	bool made_dir;              /* cache_dir was looked at for writing */
	GHashTable *map;            /* url -> struct entry */
	GPtrArray *queue;           /* entries waiting for fetch_run() */
	size_t total;               /* bytes held for the deck */
	bool wrote_cache;
	char *cache_error;          /* why the cache could not be written, or NULL */
	struct fetch_stats st;
};

/* ---- helpers --------------------------------------------------------------- */

static double now_s(void)
{
	return (double)g_get_monotonic_time() / 1e6;
}

static void set_error(struct entry *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_error(struct entry *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	free(e->error);
	e->error = xstrdup(msg);
	g_free(msg);
	e->res.error = e->error;
}

/* exported function documented in fetch.h */
bool fetch_is_remote(const char *url)
{
	return !g_ascii_strncasecmp(url, "http://", 7) || !g_ascii_strncasecmp(url, "https://", 8);
}

/* The URL as curl must see it: bytes a browser would percent-encode before
 * sending (space, controls, non-ASCII, a few others) are encoded; '%' is
 * kept, as the URL may already be encoded. In the authority, %5B and %5D
 * are the brackets of an IPv6 literal (cmark encodes them in a link's
 * address; the URL Standard's host parser decodes them). */
static char *request_url(const char *url)
{
	struct strbuf b;
	strbuf_init(&b, 0);
	const char *auth = strstr(url, "://");
	auth = auth ? auth + 3 : url;
	const char *auth_end = auth + strcspn(auth, "/?#");
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		const char *c = (const char *)p;
		if (c >= auth && c + 3 <= auth_end && p[0] == '%' && p[1] == '5' &&
		    (p[2] == 'B' || p[2] == 'b' || p[2] == 'D' || p[2] == 'd')) {
			strbuf_append(&b, p[2] == 'B' || p[2] == 'b' ? "[" : "]", 1);
			p += 2;
		} else if (*p <= 0x20 || *p >= 0x7F || strchr("\"<>\\^`{|}", *p))
			strbuf_printf(&b, "%%%02X", *p);
		else
			strbuf_append(&b, (const char *)p, 1);
	}
	return b.s ? b.s : xstrdup("");
}

/* ---- the cache ----------------------------------------------------------- */

/* exported function documented in fetch.h */
char *fetch_default_cache_dir(void)
{
	const char *x = getenv("XDG_CACHE_HOME");
	if (x && x[0] == '/')  /* the XDG spec: relative paths are invalid */
		return g_build_filename(x, "scs-pdf", NULL);
	const char *home = getenv("HOME");
	if (home && home[0] == '/')
		return g_build_filename(home, ".cache", "scs-pdf", NULL);
	return NULL;
}

static char *cache_path(struct fetcher *f, const char *url)
{
	gchar *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, url, -1);
	char *p = g_build_filename(f->cache_dir, sum, NULL);
	g_free(sum);
	return p;
}

/* Is name a cache entry's (64 hex digits)? */
static bool is_entry_name(const char *name)
{
	size_t n = 0;
	for (; name[n]; n++)
		if (!g_ascii_isxdigit(name[n]) || g_ascii_isupper(name[n]))
			return false;
	return n == 64;
}

/* The value of header line `key ` in [p, end), copied, or NULL. */
static char *header_value(const char *p, const char *end, const char *key)
{
	size_t k = strlen(key);
	while (p < end && *p != '\n') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		if ((size_t)(nl - p) > k && !memcmp(p, key, k) && p[k] == ' ')
			return xstrndup(p + k + 1, (size_t)(nl - p - k - 1));
		p = nl + 1;
	}
	return NULL;
}

/* Read url's entry: false when there is none or it is damaged. */
static bool cache_read(struct fetcher *f, struct entry *e)
{
	if (!f->cache_dir)
		return false;
	char *path = cache_path(f, e->url);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	g_free(path);
	if (fd < 0)
		return false;
	struct stat st;
	size_t max = f->cfg.max_bytes + CACHE_HEADER_MAX;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max) {
		close(fd);
		return false;
	}
	size_t n = (size_t)st.st_size, got = 0;
	char *buf = xmalloc(n + 1);
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	/* magic, then `key value` lines up to an empty line */
	const char *end = buf + got;
	const char *hdr = buf + strlen(CACHE_MAGIC);
	const char *body = got > strlen(CACHE_MAGIC) ? strstr(hdr, "\n\n") : NULL;
	bool ok = body && !strncmp(buf, CACHE_MAGIC, strlen(CACHE_MAGIC));
	char *u = ok ? header_value(hdr, body + 1, "url") : NULL;
	char *len = ok ? header_value(hdr, body + 1, "length") : NULL;
	ok = ok && u && !strcmp(u, e->url) && len;
	if (ok) {
		body += 2;
		char *stop;
		unsigned long long l = strtoull(len, &stop, 10);
		ok = *stop == '\0' && l == (unsigned long long)(end - body) &&
		     l <= f->cfg.max_bytes;
	}
	if (ok) {
		e->etag = header_value(hdr, body, "etag");
		e->lastmod = header_value(hdr, body, "last-modified");
		e->cached_len = (size_t)(end - body);
		e->cached = xmalloc(e->cached_len + 1);
		memcpy(e->cached, body, e->cached_len);
		e->have_cache = true;
	}
	free(u);
	free(len);
	free(buf);
	return ok;
}

/* Mark url's entry as just used (the pruning keeps recent ones). */
static void cache_touch(struct fetcher *f, const char *url)
{
	char *path = cache_path(f, url);
	utimensat(AT_FDCWD, path, NULL, AT_SYMLINK_NOFOLLOW);
	g_free(path);
}

static bool write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* Store the body of e under its URL: written to a temporary file in the
 * cache directory, then renamed over the entry. Failures only cost the
 * cache, never the render. */
static void cache_write(struct fetcher *f, struct entry *e)
{
	if (!f->cache_dir)
		return;
	if (!f->made_dir) {  /* made on the first write: a deck with no remote
			      * pictures leaves no trace */
		g_mkdir_with_parents(f->cache_dir, 0700);
		f->made_dir = true;
	}
	struct strbuf h;
	strbuf_init(&h, 0);
	strbuf_printf(&h, "%surl %s\nlength %zu\n", CACHE_MAGIC, e->url, e->body.len);
	if (e->etag)
		strbuf_printf(&h, "etag %s\n", e->etag);
	if (e->lastmod)
		strbuf_printf(&h, "last-modified %s\n", e->lastmod);
	strbuf_puts(&h, "\n");
	char *tmp = g_build_filename(f->cache_dir, ".tmp-XXXXXX", NULL);
	int fd = mkstemp(tmp);
	bool ok = fd >= 0;
	int err = errno;
	if (ok) {
		ok = write_all(fd, h.s, h.len) &&
		     write_all(fd, e->body.s ? e->body.s : "", e->body.len);
		err = errno;
		ok = close(fd) == 0 && ok;
		char *path = cache_path(f, e->url);
		if (ok && rename(tmp, path) != 0) {
			err = errno;
			ok = false;
		}
		if (!ok)
			unlink(tmp);
		g_free(path);
	}
	if (ok)
		f->wrote_cache = true;
	else if (!f->cache_error)
		f->cache_error = g_strdup_printf("'%s': %s", f->cache_dir, g_strerror(err));
	g_free(tmp);
	strbuf_free(&h);
}

struct cache_file {
	char *path;
	off_t size;
	time_t mtime;
};

static int by_mtime(const void *a, const void *b)
{
	const struct cache_file *x = a, *y = b;
	return x->mtime < y->mtime ? -1 : x->mtime > y->mtime;
}

/* Keep the directory under MAX_CACHE_BYTES, least recently used first;
 * temporary files a killed run left behind go after a day. */
static void cache_prune(struct fetcher *f)
{
	DIR *d = opendir(f->cache_dir);
	if (!d)
		return;
	GArray *files = g_array_new(false, false, sizeof(struct cache_file));
	unsigned long long total = 0;
	time_t now = time(NULL);
	struct dirent *de;
	while ((de = readdir(d))) {
		bool tmp = !strncmp(de->d_name, ".tmp-", 5);
		if (!tmp && !is_entry_name(de->d_name))
			continue;
		struct stat st;
		char *p = g_build_filename(f->cache_dir, de->d_name, NULL);
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode)) {
			g_free(p);
			continue;
		}
		if (tmp) {
			if (now - st.st_mtime > 24 * 3600)
				unlink(p);
			g_free(p);
			continue;
		}
		struct cache_file cf = { p, st.st_size, st.st_mtime };
		g_array_append_val(files, cf);
		total += (unsigned long long)st.st_size;
	}
	closedir(d);
	g_array_sort(files, by_mtime);
	for (guint i = 0; i < files->len; i++) {
		struct cache_file *cf = &g_array_index(files, struct cache_file, i);
		if (total > MAX_CACHE_BYTES && unlink(cf->path) == 0)
			total -= (unsigned long long)cf->size;
		g_free(cf->path);
	}
	g_array_free(files, true);
}

/* ---- transfers ------------------------------------------------------------- */

/* Bytes the deck may still hold. */
static size_t deck_room(const struct fetcher *f)
{
	return f->cfg.max_deck_bytes - MIN(f->total, f->cfg.max_deck_bytes);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct entry *e = ud;
	size_t k = size * n;
	if (k > deck_room(e->f)) {
		e->deck_too_big = true;
		return 0;                   /* not k: curl aborts the transfer */
	}
	if (strbuf_append(&e->body, p, k) < 0) {
		e->too_big = true;
		return 0;
	}
	e->f->total += k;
	return k;
}

/* Trimmed copy of a header's value, or NULL when it is not `name`. */
static char *header_if(const char *p, size_t n, const char *name)
{
	size_t k = strlen(name);
	if (n <= k || g_ascii_strncasecmp(p, name, k) || p[k] != ':')
		return NULL;
	p += k + 1;
	n -= k + 1;
	while (n && (*p == ' ' || *p == '\t'))
		p++, n--;
	while (n && (p[n - 1] == '\r' || p[n - 1] == '\n' || p[n - 1] == ' '))
		n--;
	if (n == 0 || n > VALIDATOR_MAX)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)p[i] < 0x20)
			return NULL;        /* would break the cache header */
	return xstrndup(p, n);
}

/* Response headers: only the final response's validators count, so each
 * status line (a redirect's, then the target's) starts afresh. */
static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct entry *e = ud;
	size_t k = size * n;
	char *v;
	if (k >= 5 && !memcmp(p, "HTTP/", 5)) {
		free(e->etag);
		free(e->lastmod);
		e->etag = e->lastmod = NULL;
	} else if ((v = header_if(p, k, "etag"))) {
		free(e->etag);
		e->etag = v;
	} else if ((v = header_if(p, k, "last-modified"))) {
		free(e->lastmod);
		e->lastmod = v;
	}
	return k;
}

static void start(struct fetcher *f, CURLM *m, struct entry *e)
{
	e->t0 = g_get_monotonic_time();
	strbuf_init(&e->body, f->cfg.max_bytes);
	CURL *h = cu->easy_init();
	if (!h) {
		set_error(e, "cannot start a transfer (libcurl)");
		e->done = true;
		return;
	}
	e->h = h;
	char *req = request_url(e->url);
	cu->easy_setopt(h, CURLOPT_URL, req);
	free(req);
	cu->easy_setopt(h, CURLOPT_PRIVATE, e);
#if LIBCURL_VERSION_NUM >= 0x075500
	cu->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	cu->easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	cu->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	cu->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	cu->easy_setopt(h, CURLOPT_MAXREDIRS, (long)MAX_REDIRECTS);
	cu->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)(f->cfg.connect_timeout_s * 1000));
	cu->easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)(f->cfg.timeout_s * 1000));
	cu->easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)f->cfg.max_bytes);
	cu->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  /* any curl decodes */
	cu->easy_setopt(h, CURLOPT_USERAGENT, "scs-pdf/" SCS_VERSION);
	cu->easy_setopt(h, CURLOPT_ERRORBUFFER, e->errbuf);
	if (f->cfg.public_only)
		net_guard_transfer(cu, h, &e->refused);
	cu->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	cu->easy_setopt(h, CURLOPT_WRITEDATA, e);
	cu->easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	cu->easy_setopt(h, CURLOPT_HEADERDATA, e);
	if (e->have_cache) {
		char *v;
		if (e->etag) {
			v = g_strdup_printf("If-None-Match: %s", e->etag);
			e->hdrs = cu->slist_append(e->hdrs, v);
			g_free(v);
		}
		if (e->lastmod) {
			v = g_strdup_printf("If-Modified-Since: %s", e->lastmod);
			e->hdrs = cu->slist_append(e->hdrs, v);
			g_free(v);
		}
		cu->easy_setopt(h, CURLOPT_HTTPHEADER, e->hdrs);
	}
	cu->multi_add_handle(m, h);
}

/* Take the cached copy as the result. */
static void use_cache(struct fetcher *f, struct entry *e, enum fetch_source src)
{
	f->total += e->cached_len;
	e->res.source = src;
	e->res.data = e->cached;
	e->res.len = e->cached_len;
	e->cached = NULL;
}

static void finish(struct fetcher *f, CURLM *m, struct entry *e, CURLcode rc)
{
	long code = 0;
	cu->easy_getinfo(e->h, CURLINFO_RESPONSE_CODE, &code);
	double secs = (double)(g_get_monotonic_time() - e->t0) / 1e6;
	bool transient = false;
	if (rc == CURLE_OK && code >= 200 && code < 300) {
		if (code == 200)
			cache_write(f, e);
		e->res.source = FETCH_NETWORK;
		e->res.len = e->body.len;
		e->res.data = (unsigned char *)(e->body.s ? e->body.s : xstrdup(""));
		strbuf_init(&e->body, 0);
		f->st.bytes_downloaded += e->res.len;
	} else if (rc == CURLE_OK && code == 304 && e->have_cache) {
		cache_touch(f, e->url);
		use_cache(f, e, FETCH_REVALIDATED);
	} else if (e->refused) {
		set_error(e, NET_GUARD_REFUSED);
	} else if (rc == CURLE_OK) {
		set_error(e, "HTTP %ld", code);
		transient = code >= 500;
	} else if (e->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		set_error(e, "larger than the %zu MiB limit for one asset",
			  f->cfg.max_bytes >> 20);
	} else if (e->deck_too_big) {
		set_error(e, "the deck's remote assets exceed the %zu MiB limit",
			  f->cfg.max_deck_bytes >> 20);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		set_error(e, "timed out after %.1f s", secs);
		transient = true;
	} else if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
		/* only http(s) URLs start, so a redirect led elsewhere */
		char *to = NULL;
		cu->easy_getinfo(e->h, CURLINFO_EFFECTIVE_URL, &to);
		set_error(e, "redirected to '%s', which is not http or https; refused",
			  to ? to : "?");
	} else if (rc == CURLE_TOO_MANY_REDIRECTS) {
		set_error(e, "more than %d redirects", MAX_REDIRECTS);
	} else {
		set_error(e, "%s", e->errbuf[0] ? e->errbuf : cu->easy_strerror(rc));
		transient = rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_CONNECT ||
			    rc == CURLE_COULDNT_RESOLVE_PROXY || rc == CURLE_RECV_ERROR ||
			    rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING ||
			    rc == CURLE_PARTIAL_FILE || rc == CURLE_SSL_CONNECT_ERROR;
	}
	if (!e->res.data) {
		f->total -= MIN(f->total, e->body.len);  /* what did arrive */
		if (transient && e->have_cache)
			use_cache(f, e, FETCH_STALE);
	}
	if (f->cfg.log)
		fprintf(f->cfg.log, "scs-pdf: fetch %s: %s, %zu bytes, %.3f s\n", e->url,
			e->res.source == FETCH_NETWORK ? "downloaded"
			: e->res.source == FETCH_REVALIDATED ? "not modified"
			: e->res.source == FETCH_STALE ? "failed, cached copy used"
			: e->res.error, e->res.len, secs);
	cu->multi_remove_handle(m, e->h);
	cu->easy_cleanup(e->h);
	e->h = NULL;
	cu->slist_free_all(e->hdrs);
	e->hdrs = NULL;
	strbuf_free(&e->body);
	e->done = true;
}

/* Everything that can be decided without the network. true: e is done. */
static bool settle_locally(struct fetcher *f, struct entry *e)
{
	if (!fetch_is_remote(e->url)) {
		set_error(e, "only http and https URLs are fetched");
		return true;
	}
	for (const char *p = e->url; *p; p++)
		if (*p == '\n' || *p == '\r') {
			set_error(e, "malformed URL");
			return true;
		}
	cache_read(f, e);
	if (e->have_cache && e->cached_len > deck_room(f)) {
		set_error(e, "the deck's remote assets exceed the %zu MiB limit",
			  f->cfg.max_deck_bytes >> 20);
		return true;
	}
	if (f->cfg.offline) {
		if (e->have_cache) {
			cache_touch(f, e->url);
			use_cache(f, e, FETCH_CACHED);
		} else {
			set_error(e, f->cache_dir ? "not in the cache (--offline)"
				  : "no cache to read (--offline with --no-cache)");
		}
		return true;
	}
	/* A copy without validators is downloaded again (start() sends no
	 * condition) and kept only as the fallback. */
	return false;
}

/* exported function documented in fetch.h */
void fetch_run(struct fetcher *f)
{
	if (!f->queue->len)
		return;
	double t0 = now_s();
	CURLM *m = NULL;
	int started = 0;
	for (guint i = 0; i < f->queue->len; i++) {
		struct entry *e = g_ptr_array_index(f->queue, i);
		if (settle_locally(f, e)) {
			e->done = true;
			continue;
		}
		if (!m) {
			/* libcurl (and its TLS library, ~8 MB) only for a deck
			 * that has something to download */
			const char *why;
			if (!(cu = libcurl_get(&why))) {
				set_error(e, "%s", why);
				e->done = true;
				continue;
			}
			m = cu->multi_init();
			cu->multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, (long)MAX_HOST_CONNECTIONS);
			cu->multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)MAX_TOTAL_CONNECTIONS);
		}
		start(f, m, e);
		started++;
	}
	g_ptr_array_set_size(f->queue, 0);
	int running = started;
	while (m && running > 0) {
		if (cu->multi_perform(m, &running) != CURLM_OK)
			break;
		CURLMsg *msg;
		int left;
		while ((msg = cu->multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct entry *e = NULL;
			cu->easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&e);
			finish(f, m, e, msg->data.result);
		}
		if (running > 0 && cu->multi_poll(m, NULL, 0, 1000, NULL) != CURLM_OK)
			break;
	}
	if (m) {
		/* a multi-handle failure leaves transfers unfinished */
		GHashTableIter it;
		gpointer k, v;
		g_hash_table_iter_init(&it, f->map);
		while (g_hash_table_iter_next(&it, &k, &v)) {
			struct entry *e = v;
			if (e->h)
				finish(f, m, e, CURLE_FAILED_INIT);
		}
		cu->multi_cleanup(m);
	}
	if (f->wrote_cache) {
		cache_prune(f);
		f->wrote_cache = false;
	}
	f->st.seconds += now_s() - t0;
}

/* ---- the fetcher ------------------------------------------------------------ */

static void entry_free(void *p)
{
	struct entry *e = p;
	if (e->h)
		cu->easy_cleanup(e->h);
	if (e->hdrs)
		cu->slist_free_all(e->hdrs);
	strbuf_free(&e->body);
	free((void *)e->res.data);
	free(e->cached);
	free(e->etag);
	free(e->lastmod);
	free(e->error);
	free(e->url);
	free(e);
}

/* exported function documented in fetch.h */
struct fetcher *fetch_new(const struct fetch_config *cfg)
{
	struct fetcher *f = xcalloc(1, sizeof *f);
	f->cfg = *cfg;
	if (!(f->cfg.timeout_s > 0))
		f->cfg.timeout_s = FETCH_TOTAL_TIMEOUT_S;
	if (!(f->cfg.connect_timeout_s > 0))
		f->cfg.connect_timeout_s = FETCH_CONNECT_TIMEOUT_S;
	if (!f->cfg.max_bytes)
		f->cfg.max_bytes = MAX_FETCH_BYTES;
	if (!f->cfg.max_deck_bytes)
		f->cfg.max_deck_bytes = MAX_FETCH_DECK_BYTES;
	if (cfg->cache_dir) {
		f->cache_dir = xstrdup(cfg->cache_dir);
		f->cfg.cache_dir = f->cache_dir;
	}
	f->map = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, entry_free);
	f->queue = g_ptr_array_new();
	return f;
}

/* exported function documented in fetch.h */
void fetch_free(struct fetcher *f)
{
	if (!f)
		return;
	g_hash_table_destroy(f->map);
	g_ptr_array_free(f->queue, true);
	g_free(f->cache_error);
	free(f->cache_dir);
	free(f);
}

/* exported function documented in fetch.h */
void fetch_add(struct fetcher *f, const char *url)
{
	if (g_hash_table_contains(f->map, url))
		return;
	struct entry *e = xcalloc(1, sizeof *e);
	e->f = f;
	e->url = xstrdup(url);
	strbuf_init(&e->body, 0);
	g_hash_table_insert(f->map, e->url, e);
	g_ptr_array_add(f->queue, e);
	f->st.n++;
}

/* exported function documented in fetch.h */
const struct fetch_result *fetch_get(struct fetcher *f, const char *url)
{
	struct entry *e = g_hash_table_lookup(f->map, url);
	if (!e || !e->done) {
		fetch_add(f, url);
		fetch_run(f);
		e = g_hash_table_lookup(f->map, url);
	}
	return &e->res;
}

/* exported function documented in fetch.h */
void fetch_release(struct fetcher *f, const char *url)
{
	struct entry *e = g_hash_table_lookup(f->map, url);
	if (!e || !e->res.data)
		return;
	free((void *)e->res.data);
	e->res.data = NULL;
	f->total -= MIN(f->total, e->res.len);
}

/* exported function documented in fetch.h */
void fetch_get_stats(const struct fetcher *f, struct fetch_stats *st)
{
	*st = f->st;
	st->cache_error = f->cache_error;
	st->downloaded = st->revalidated = st->cached = st->stale = st->failed = 0;
	GHashTableIter it;
	gpointer k, v;
	g_hash_table_iter_init(&it, f->map);
	while (g_hash_table_iter_next(&it, &k, &v)) {
		const struct entry *e = v;
		if (!e->done)
			continue;
		switch (e->res.source) {
		case FETCH_NETWORK: st->downloaded++; break;
		case FETCH_REVALIDATED: st->revalidated++; break;
		case FETCH_CACHED: st->cached++; break;
		case FETCH_STALE: st->stale++; break;
		case FETCH_NONE: st->failed++; break;
		}
	}
}
