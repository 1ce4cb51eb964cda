/*
 * assets.c — resolving and loading a deck's pictures (see assets.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "assets.h"
#include "diag.h"
#include "dom.h"
#include "fetch.h"
#include "image.h"
#include "scs_limits.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

struct assets {
	struct assets_config cfg;
	char *base_dir;             /* cfg.base_dir made absolute (owned) */
	GHashTable *failed;         /* key -> why (both owned): fail again at once */
	GHashTable *wanted;         /* every src queued (owned), for assets_preload */
	GPtrArray *order;           /* the same, in the deck's order (borrowed) */
};

enum loc_kind { LOC_ERROR, LOC_DATA, LOC_FILE, LOC_REMOTE };

/* ---- resolving ------------------------------------------------------------ */

/* A path part of a URL as an absolute file name: up to '?' or '#', %XX
 * decoded (a browser requests "my%20photo.png" for the file "my
 * photo.png"), relative to dir (absolute; NULL: the working directory). */
static char *url_path(const char *dir, const char *p)
{
	size_t n = strcspn(p, "?#");
	char *raw = xstrndup(p, n);
	char *dec = g_uri_unescape_string(raw, NULL);  /* NULL on %00 or bad escapes */
	const char *path = dec ? dec : raw;
	/* "a/./b.png" and "a/b.png" are one picture (one cache key) */
	char *out = g_canonicalize_filename(path, path[0] == '/' ? NULL : dir);
	g_free(dec);
	free(raw);
	return out;
}

/* A URL scheme (RFC 3986 §3.1) followed by ':'? */
static bool has_scheme(const char *s)
{
	if (!g_ascii_isalpha(*s))
		return false;
	size_t i = 1;
	while (g_ascii_isalnum(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' && i > 1;  /* one letter: a drive, not a scheme */
}

/* Where src is: *key is the image cache's key (a path, the URL without its
 * fragment, or a digest of a data: URL), or on LOC_ERROR the reason. */
static enum loc_kind resolve(struct assets *a, const char *src, char **key)
{
	if (!g_ascii_strncasecmp(src, "data:", 5)) {
		gchar *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, src, -1);
		*key = g_strdup_printf("data:%s", sum);
		g_free(sum);
		return LOC_DATA;
	}
	/* `//host/path` takes the page's scheme: HedgeDoc is served over https */
	char *url = !strncmp(src, "//", 2) ? g_strdup_printf("https:%s", src) : xstrdup(src);
	if (a->cfg.asset_map) {
		for (const char *const *m = a->cfg.asset_map; *m; m++) {
			const char *eq = strchr(*m, '=');
			size_t plen = eq ? (size_t)(eq - *m) : 0;
			const char *hit = !plen ? NULL : !strncmp(src, *m, plen) ? src
					  : !strncmp(url, *m, plen) ? url : NULL;
			if (hit) {
				char *d = g_canonicalize_filename(eq + 1, NULL);
				*key = url_path(d, hit + plen);
				g_free(d);
				free(url);
				return LOC_FILE;
			}
		}
	}
	if (fetch_is_remote(url)) {
		url[strcspn(url, "#")] = '\0';  /* never sent to the server */
		*key = url;
		return LOC_REMOTE;
	}
	free(url);
	if (!g_ascii_strncasecmp(src, "file://", 7)) {
		const char *p = src + 7;
		if (!g_ascii_strncasecmp(p, "localhost/", 10))
			p += 9;
		if (*p != '/') {
			*key = xstrdup("only local file:// URLs can be read");
			return LOC_ERROR;
		}
		*key = url_path(NULL, p);
		return LOC_FILE;
	}
	if (has_scheme(src)) {
		*key = g_strdup_printf("unsupported URL scheme '%.*s'",
				       (int)strcspn(src, ":"), src);
		return LOC_ERROR;
	}
	*key = url_path(a->base_dir, src);
	return LOC_FILE;
}

/* ---- the prefetch ---------------------------------------------------------- */

/* exported function documented in assets.h */
void assets_want(struct assets *a, const char *src)
{
	if (!src || !*src)
		return;
	if (!g_hash_table_contains(a->wanted, src)) {
		char *copy = g_strdup(src);
		g_hash_table_add(a->wanted, copy);
		g_ptr_array_add(a->order, copy);
	}
	char *key;
	if (resolve(a, src, &key) == LOC_REMOTE && !image_cache_get(a->cfg.images, key) &&
	    !g_hash_table_contains(a->failed, key))
		fetch_add(a->cfg.fetcher, key);
	g_free(key);
}

/* Every url(…) in CSS text: quoted or not, with simple backslash escapes.
 * A few false hits (a url( inside a comment) only cost a fetch; a miss is
 * fetched when it is drawn. */
static void want_css_urls(struct assets *a, const char *s, size_t n)
{
	for (size_t i = 0; i + 4 <= n; i++) {
		if (g_ascii_strncasecmp(s + i, "url(", 4))
			continue;
		if (i && (g_ascii_isalnum(s[i - 1]) || s[i - 1] == '-' || s[i - 1] == '_'))
			continue;
		size_t j = i + 4;
		while (j < n && g_ascii_isspace(s[j]))
			j++;
		char q = j < n && (s[j] == '"' || s[j] == '\'') ? s[j++] : 0;
		struct strbuf b;
		strbuf_init(&b, MAX_DECK_BYTES);
		for (; j < n; j++) {
			char c = s[j];
			if (q ? c == q : c == ')' || g_ascii_isspace(c))
				break;
			if (c == '\n')
				break;
			if (c == '\\' && j + 1 < n)
				c = s[++j];
			strbuf_append(&b, &c, 1);
		}
		if (b.s)
			assets_want(a, b.s);
		strbuf_free(&b);
		i = j;
	}
}

/* exported function documented in assets.h */
void assets_want_dom(struct assets *a, const struct dom_node *root)
{
	for (const struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
		if (n->type != DOM_ELEMENT)
			continue;
		if (dom_is(n, "img"))
			assets_want(a, dom_get_attr(n, "src"));
		const char *st = dom_get_attr(n, "style");
		if (st)
			want_css_urls(a, st, strlen(st));
		if (dom_is(n, "style"))
			for (const struct dom_node *t = n->first_child; t; t = t->next)
				if (t->type == DOM_TEXT)
					want_css_urls(a, t->text, t->text_len);
	}
}

/* exported function documented in assets.h */
void assets_prefetch(struct assets *a)
{
	fetch_run(a->cfg.fetcher);
}

/* ---- loading ----------------------------------------------------------------- */

/* src for a message: a long data: URL is cut. */
static char *shown(const char *src)
{
	size_t n = strlen(src);
	if (n <= 100)
		return xstrdup(src);
	size_t k = 60;
	while (k && ((unsigned char)src[k] & 0xC0) == 0x80)  /* a whole character */
		k--;
	return g_strdup_printf("%.*s\xE2\x80\xA6", (int)k, src);
}

static void warn(struct assets *a, enum diag_level lv, const char *what, const char *src,
		 unsigned line, unsigned col, const char *why)
{
	char *s = shown(src);
	diag_at_line(a->cfg.diag, lv, a->cfg.src, line, col, "%s '%s': %s", what, s, why);
	g_free(s);
}

/* exported function documented in assets.h */
/* assets_image(), or with `quiet` a load that reports nothing: a failure
 * is kept and reported, with its position, when the picture is used. */
static const struct image *load(struct assets *a, const char *src, const char *what,
				unsigned line, unsigned col, bool quiet)
{
	if (!src || !*src)
		return NULL;
	char *key;
	enum loc_kind kind = resolve(a, src, &key);
	if (kind == LOC_ERROR) {
		if (!quiet)
			warn(a, DIAG_WARNING, what, src, line, col, key);
		g_free(key);
		return NULL;
	}
	const struct image *img = image_cache_get(a->cfg.images, key);
	const char *why = img ? NULL : g_hash_table_lookup(a->failed, key);
	if (img || why) {
		if (why && !quiet)
			warn(a, DIAG_WARNING, what, src, line, col, why);
		g_free(key);
		return img;
	}
	unsigned char *data = NULL;
	size_t len = 0;
	char *msg = NULL;
	const struct fetch_result *r = NULL;
	switch (kind) {
	case LOC_DATA:
		data = image_data_url(src, &len);
		if (!data)
			msg = xstrdup("malformed data: URL (no comma)");
		break;
	case LOC_FILE:
		if (read_file(key, MAX_IMAGE_BYTES, (char **)&data, &len) < 0)
			msg = g_strdup_printf("cannot read '%s': %s", key,
					      errno == EFBIG ? "file too large" : strerror(errno));
		break;
	case LOC_REMOTE:
		r = fetch_get(a->cfg.fetcher, key);
		if (quiet && (!r->data || r->source == FETCH_STALE)) {
			/* left to the use, which says where and why (the
			 * bytes stay for it: no fetch_release here) */
			g_free(key);
			return NULL;
		}
		if (!r->data)
			msg = xstrdup(r->error ? r->error : "not fetched");
		else if (r->source == FETCH_STALE) {
			char *m = g_strdup_printf("%s; using the cached copy", r->error);
			warn(a, DIAG_NOTE, what, src, line, col, m);
			g_free(m);
		}
		break;
	case LOC_ERROR:
		break;
	}
	if (!msg) {
		/* a file's or data: URL's buffer is given to the cache */
		img = r ? image_cache_add(a->cfg.images, key, r->data, r->len, &why)
			: image_cache_add_take(a->cfg.images, key, data, len, &why);
		data = NULL;
		if (!img)
			msg = xstrdup(why ? why : "not a supported image");
	}
	if (r)
		fetch_release(a->cfg.fetcher, key);
	free(data);
	if (msg) {
		if (!quiet)
			warn(a, DIAG_WARNING, what, src, line, col, msg);
		g_hash_table_insert(a->failed, key, msg);
		return NULL;
	}
	g_free(key);
	return img;
}

/* ---- lifetime ------------------------------------------------------------------ */

/* exported function documented in assets.h */
/* exported function documented in assets.h */
const struct image *assets_image(struct assets *a, const char *src, const char *what,
				 unsigned line, unsigned col)
{
	return load(a, src, what, line, col, false);
}

/* exported function documented in assets.h */
void assets_preload(struct assets *a)
{
	for (guint i = 0; i < a->order->len; i++)
		load(a, g_ptr_array_index(a->order, i), "image", 0, 0, true);
}

struct assets *assets_new(const struct assets_config *cfg)
{
	struct assets *a = xcalloc(1, sizeof *a);
	a->cfg = *cfg;
	a->base_dir = g_canonicalize_filename(cfg->base_dir ? cfg->base_dir : ".", NULL);
	a->failed = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	a->wanted = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	a->order = g_ptr_array_new();
	return a;
}

/* exported function documented in assets.h */
void assets_free(struct assets *a)
{
	if (!a)
		return;
	g_hash_table_destroy(a->failed);
	g_ptr_array_free(a->order, TRUE);
	g_hash_table_destroy(a->wanted);
	g_free(a->base_dir);
	free(a);
}
