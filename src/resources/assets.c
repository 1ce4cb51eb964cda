/*
 * assets.c — resolving and loading a deck's pictures (see assets.h).
 *
 * --safe is decided here, in two steps. resolve() refuses, from the text
 * of the reference alone, what may never be read: file: URLs, absolute
 * paths, a path whose `..` leads out of its folder (the deck's, or the
 * asset map's for a mapped URL), any local path of a deck with no folder
 * (standard input, a note's URL), and remote URLs without --allow-remote.
 * read_confined() then follows the symbolic links: the file's real path
 * must be in the folder's real path before it is opened, and the opened
 * descriptor's (/proc/self/fd) must still be, so a link swapped in between
 * cannot lead out either; only regular files are read.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "resources/assets.h"
#include "base/diag.h"
#include "markdown/dom.h"
#include "resources/fetch.h"
#include "resources/image.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

/* A reason that starts with this is a --safe refusal: the warning then
 * starts with it too ("--safe: image 'x': absolute path refused"). */
#define SAFE "--safe: "

struct assets {
	struct assets_config cfg;
	char *base_dir;             /* cfg.base_dir made absolute (owned); NULL:
				     * --safe and the deck has no folder */
	char *base_real;            /* --safe: base_dir's real path */
	char **map_real;            /* --safe: each asset map's DIR's real path */
	size_t n_map;
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

/* Is path (absolute, canonical) inside the folder dir? */
static bool beneath(const char *dir, const char *path)
{
	size_t n = strlen(dir);
	if (n && dir[n - 1] == '/')
		n--;  /* "/" */
	return !strncmp(path, dir, n) && path[n] == '/';
}

static const char *folder_name(const struct assets *a, const char *root)
{
	return root == a->base_real ? "the deck's folder" : "its --asset-map folder";
}

/* LOC_ERROR with a --safe reason. */
static enum loc_kind refuse(char **key, const char *why)
{
	*key = g_strdup_printf(SAFE "%s refused", why);
	return LOC_ERROR;
}

/* A file under dir (canonical; with --safe, root is its real path): the
 * key, or with --safe a refusal when `..` leads out of it. */
static enum loc_kind in_folder(struct assets *a, const char *dir, const char *root,
			       const char *path, char **key, const char **root_out)
{
	*key = url_path(dir, path);
	if (!a->cfg.safe)
		return LOC_FILE;
	if (!beneath(dir, *key)) {
		g_free(*key);
		char *why = g_strdup_printf("path out of %s", folder_name(a, root));
		enum loc_kind k = refuse(key, why);
		g_free(why);
		return k;
	}
	*root_out = root;
	return LOC_FILE;
}

/* Where src is: *key is the image cache's key (a path, the URL without its
 * fragment, or a digest of a data: URL), or on LOC_ERROR the reason. With
 * --safe, a LOC_FILE must be read from within *root (a real path). */
static enum loc_kind resolve(struct assets *a, const char *src, char **key,
			     const char **root)
{
	*root = NULL;
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
				enum loc_kind k = in_folder(a, d, a->map_real ?
							    a->map_real[m - a->cfg.asset_map] : NULL,
							    hit + plen, key, root);
				g_free(d);
				free(url);
				return k;
			}
		}
	}
	if (fetch_is_remote(url) && a->cfg.safe && !a->cfg.allow_remote) {
		free(url);
		return refuse(key, "remote URL without --allow-remote");
	}
	if (fetch_is_remote(url)) {
		url[strcspn(url, "#")] = '\0';  /* never sent to the server */
		*key = url;
		return LOC_REMOTE;
	}
	free(url);
	if (a->cfg.safe && !g_ascii_strncasecmp(src, "file:", 5))
		return refuse(key, "file: URL");
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
	if (a->cfg.safe && src[0] == '/')
		return refuse(key, "absolute path");
	if (!a->base_dir)
		return refuse(key, "local file of a deck without a folder (standard input "
			      "or a URL)");
	return in_folder(a, a->base_dir, a->base_real, src, key, root);
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
	const char *root;
	if (resolve(a, src, &key, &root) == LOC_REMOTE && !image_cache_get(a->cfg.images, key) &&
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
		if (dom_is(n, "img") || (dom_is(n, "svg") && n->from_markdown))
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

/* A url() used where no position is kept (the style="" of raw HTML, a
 * <style> rule): the first place it is written as url(src) in the deck. */
static void css_position(const struct diag_file *f, const char *src, unsigned *line,
			 unsigned *col)
{
	size_t n = strlen(src);
	if (!f || !f->text || !n)
		return;
	for (const char *p = f->text, *end = f->text + f->len;
	     (p = memmem(p, (size_t)(end - p), src, n)); p++) {
		const char *q = p;
		while (q > f->text && (q[-1] == '"' || q[-1] == '\'' || g_ascii_isspace(q[-1])))
			q--;
		if (q - f->text >= 4 && !g_ascii_strncasecmp(q - 4, "url(", 4)) {
			diag_file_linecol(f, (size_t)(p - f->text), line, col);
			return;
		}
	}
}

static void warn(struct assets *a, enum diag_level lv, const char *what, const char *src,
		 unsigned line, unsigned col, const char *why)
{
	if (!line)
		css_position(a->cfg.src, src, &line, &col);
	char *s = shown(src);
	bool refused = g_str_has_prefix(why, SAFE);
	diag_at_line(a->cfg.diag, lv, a->cfg.src, line, col, "%s%s '%s': %s",
		     refused ? SAFE : "", what, s, refused ? why + strlen(SAFE) : why);
	g_free(s);
}

static char *cannot_read(const char *path, int err)
{
	return g_strdup_printf("cannot read '%s': %s", path,
			       err == EFBIG ? "file too large" : strerror(err));
}

/* --safe: the file at path when it is a regular file within root (a real
 * path), symbolic links followed; NULL, or why not. */
static char *read_confined(struct assets *a, const char *path, const char *root,
			   unsigned char **data, size_t *len)
{
	char *real = realpath(path, NULL);
	if (!real)
		return cannot_read(path, errno);
	char *why = NULL;
	int fd = -1;
	if (root && beneath(root, real))  /* O_NONBLOCK: a FIFO must not hang the open */
		fd = open(real, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);
	else
		why = g_strdup_printf(SAFE "link out of %s refused", folder_name(a, root));
	if (fd < 0 && !why)
		why = cannot_read(path, errno);
	free(real);
	if (why)
		return why;
	/* what was opened, whatever happened to the path since realpath() */
	char proc[64], opened[PATH_MAX];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(proc, opened, sizeof opened - 1);
	bool got = n > 0 && (size_t)n < sizeof opened - 1;
	opened[got ? n : 0] = '\0';
	struct stat st;
	if (!got)
		why = xstrdup(SAFE "file whose real path cannot be checked (no /proc) refused");
	else if (!beneath(root, opened))
		why = g_strdup_printf(SAFE "link out of %s refused", folder_name(a, root));
	else if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
		why = xstrdup(SAFE "special file (not a regular file) refused");
	else if (st.st_nlink != 1)  /* a hard link may lead anywhere on its file system */
		why = xstrdup(SAFE "file with more than one (hard) link refused");
	if (why) {
		close(fd);
		return why;
	}
	return read_fd(fd, MAX_IMAGE_BYTES, (char **)data, len) < 0 ? cannot_read(path, errno)
								     : NULL;
}

/* The bytes of a resolved src of any kind but LOC_ERROR: *data is malloc'd
 * (LOC_DATA, LOC_FILE) or left NULL for r's (LOC_REMOTE, r = fetch_get()'s
 * result). NULL, or why not (malloc'd). */
static char *get_bytes(struct assets *a, enum loc_kind kind, const char *src, const char *key,
		       const char *root, const struct fetch_result *r, size_t max,
		       unsigned char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	switch (kind) {
	case LOC_DATA:
		*data = image_data_url(src, len);
		return *data ? NULL : xstrdup("malformed data: URL (no comma)");
	case LOC_FILE:
		if (a->cfg.safe)
			return read_confined(a, key, root, data, len);
		if (read_regular_file(key, max, (char **)data, len) == 0)
			return NULL;
		return errno == EINVAL ? xstrdup("not a regular file (a FIFO, device or socket)")
				       : cannot_read(key, errno);
	case LOC_REMOTE:
		if (!r->data)
			return xstrdup(r->error ? r->error : "not fetched");
		return r->len > max ? g_strdup_printf("larger than %zu MiB", max >> 20) : NULL;
	case LOC_ERROR:
		break;
	}
	return xstrdup("cannot be had");
}

/* exported function documented in assets.h */
unsigned char *assets_bytes(struct assets *a, const char *src, size_t max, size_t *len,
			    char **why)
{
	*len = 0;
	*why = NULL;
	if (!src || !*src) {
		*why = xstrdup("empty URL");
		return NULL;
	}
	char *key;
	const char *root;
	enum loc_kind kind = resolve(a, src, &key, &root);
	unsigned char *data = NULL;
	const struct fetch_result *r = kind == LOC_REMOTE ? fetch_get(a->cfg.fetcher, key) : NULL;
	char *msg = kind == LOC_ERROR ? xstrdup(key)
		    : get_bytes(a, kind, src, key, root, r, max, &data, len);
	if (!msg && r) {
		data = xmalloc(r->len ? r->len : 1);
		memcpy(data, r->data, r->len);
		*len = r->len;
	}
	if (r)
		fetch_release(a->cfg.fetcher, key);
	g_free(key);
	*why = msg;
	return msg ? NULL : data;
}

/* exported function documented in assets.h */
void assets_warn(struct assets *a, const char *what, const char *src,
		 const struct diag_file *file, size_t off, const char *why)
{
	char *s = shown(src);
	bool refused = g_str_has_prefix(why, SAFE);
	if (file)
		diag_at(a->cfg.diag, DIAG_WARNING, file, off, "%s%s '%s': %s",
			refused ? SAFE : "", what, s, refused ? why + strlen(SAFE) : why);
	else
		diag_msg(a->cfg.diag, DIAG_WARNING, "%s%s '%s': %s",
			 refused ? SAFE : "", what, s, refused ? why + strlen(SAFE) : why);
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
	const char *root;
	enum loc_kind kind = resolve(a, src, &key, &root);
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
	const struct fetch_result *r = NULL;
	if (kind == LOC_REMOTE) {
		r = fetch_get(a->cfg.fetcher, key);
		if (quiet && (!r->data || r->source == FETCH_STALE)) {
			/* left to the use, which says where and why (the
			 * bytes stay for it: no fetch_release here) */
			g_free(key);
			return NULL;
		}
	}
	char *msg = get_bytes(a, kind, src, key, root, r, MAX_IMAGE_BYTES, &data, &len);
	if (!msg && r && r->source == FETCH_STALE) {
		char *m = g_strdup_printf("%s; using the cached copy", r->error);
		warn(a, DIAG_NOTE, what, src, line, col, m);
		g_free(m);
	}
	if (!msg) {
		/* a file's or data: URL's buffer is given to the cache */
		img = r ? image_cache_add(a->cfg.images, key, r->data, r->len, &why)
			: image_cache_add_take(a->cfg.images, key, data, len, &why);
		data = NULL;
		if (!img)
			msg = xstrdup(why ? why : "not a supported image");
	}
	/* a preloaded URL that is no picture keeps its bytes for whoever
	 * wants it otherwise (an @font-face source: assets_bytes) */
	if (r && !(quiet && msg))
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

/* realpath(dir), or dir made absolute when it has none (it is missing). */
static char *real_dir(const char *dir)
{
	char *r = realpath(dir, NULL);
	char *out = r ? g_strdup(r) : g_canonicalize_filename(dir, NULL);
	free(r);
	return out;
}

/* exported function documented in assets.h */
struct assets *assets_new(const struct assets_config *cfg)
{
	struct assets *a = xcalloc(1, sizeof *a);
	a->cfg = *cfg;
	if (cfg->base_dir || !cfg->safe)
		a->base_dir = g_canonicalize_filename(cfg->base_dir ? cfg->base_dir : ".", NULL);
	if (cfg->safe) {
		/* the folders' real paths, once: a file's must be inside
		 * (when one is missing, its files cannot be read anyway) */
		a->base_real = a->base_dir ? real_dir(a->base_dir) : NULL;
		while (cfg->asset_map && cfg->asset_map[a->n_map])
			a->n_map++;
		a->map_real = xcalloc(a->n_map + 1, sizeof *a->map_real);
		for (size_t i = 0; i < a->n_map; i++) {
			const char *eq = strchr(cfg->asset_map[i], '=');
			a->map_real[i] = eq ? real_dir(eq + 1) : NULL;  /* NULL: never hit */
		}
	}
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
	g_free(a->base_real);
	for (size_t i = 0; i < a->n_map; i++)
		g_free(a->map_real[i]);
	free(a->map_real);
	free(a);
}
