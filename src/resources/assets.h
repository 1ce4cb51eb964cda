/*
 * assets.h — where a deck's pictures come from. A `src` as the deck wrote it
 * (an <img src>, a data-background image, a CSS url()) resolves, in this
 * order, to:
 *
 *   1. a data: URL's own bytes;
 *   2. a file under DIR, when the URL starts with an --asset-map PREFIX
 *      (the map always wins over the network);
 *   3. a remote http/https URL (`//host/…` is https), fetched by fetch.c:
 *      prefetched in parallel before layout, or on its own if missed;
 *   4. a path (or file:// URL) relative to the deck's folder.
 *
 * The bytes are decoded by the image cache (image.h). Any failure is one
 * warning naming the src and the deck position of its use, and NULL: the
 * caller draws a placeholder.
 *
 * --safe (a server rendering decks it does not trust; HedgeDoc dropped its
 * own PDF export over CVE-2021-29475, an arbitrary file read): no file:
 * URLs, no absolute paths, nothing outside the deck's folder (`..` and
 * symbolic links are followed to their real path first), a mapped URL only
 * within its map's DIR, no local file at all for a deck read from standard
 * input or a URL, and no network unless allow_remote (then http and https
 * only, also after redirects: fetch.c). A refusal is a warning that starts
 * with "--safe: " and ends with "refused".
 *
 * Everything in a deck that could make scs-pdf read a file or the network
 * was checked for --safe; only this module does:
 *   - <img src>, Markdown images, {%youtube%} thumbnails (box_build.c);
 *   - CSS url() in style="" and <style>, i.e. background(-image): also how
 *     data-background, data-background-image and parallaxBackgroundImage
 *     reach the page (background.c); list-style-image is never drawn;
 *   - SVG pictures: librsvg gets bytes and no base file (image.c), so it
 *     loads no href, xlink:href, xi:include or @import but data: URLs, and
 *     it leaves external entities undefined;
 *   - @font-face url()s (fonts: assets_bytes(), convert.c);
 *   - @import is dropped by css_parse.c, <link>, <object>
 *     and <embed> are not on the sanitizer's whitelist (html.c);
 *   - <iframe>, <video>, <audio>, data-background-video/-iframe are never
 *     loaded (placeholders); {%pdf%}, {%gist%} and links only become links;
 *   - the theme is one of reveal.js's eleven names, read from --data-dir;
 *   - the deck, -o, --data-dir, --cache-dir and --asset-map are the
 *     operator's; a deck's URL needs --allow-remote (cli.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_ASSETS_H
#define SCS_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

struct assets;
struct diag;
struct diag_file;
struct dom_node;
struct fetcher;
struct image;
struct image_cache;

struct assets_config {
	struct diag *diag;
	const struct diag_file *src;       /* the deck, for positions */
	const char *base_dir;              /* the deck's folder */
	const char *const *asset_map;      /* PREFIX=DIR strings, NULL-terminated; may be NULL */
	struct fetcher *fetcher;           /* remote URLs (borrowed) */
	struct image_cache *images;        /* decoded pictures (borrowed) */
	bool safe;                         /* --safe: see the top of this file */
	bool allow_remote;                 /* --safe --allow-remote: remote URLs too */
};

/* cfg's pointers are borrowed and must outlive the result. */
struct assets *assets_new(const struct assets_config *cfg);
void assets_free(struct assets *a);

/* Queue src for the prefetch when it is remote (and not mapped). */
void assets_want(struct assets *a, const char *src);

/* Queue everything below root that can show a picture: <img src>, the
 * url()s of style="" attributes and of <style> blocks. */
void assets_want_dom(struct assets *a, const struct dom_node *root);

/*
 * The raw bytes at src (a font), resolved as a picture is, at most max of
 * them, malloc'd; NULL and *why (malloc'd; a --safe refusal starts with
 * "--safe: ") when they cannot be had. A remote src not queued by
 * assets_want() is fetched now.
 */
unsigned char *assets_bytes(struct assets *a, const char *src, size_t max, size_t *len,
			    char **why);

/* The warning for a src that could not be used, at byte `off` of `file`
 * (NULL: no position): "[--safe: ]what 'src': why". */
void assets_warn(struct assets *a, const char *what, const char *src,
		 const struct diag_file *file, size_t off, const char *why);

/* Fetch what was queued, all at once. */
void assets_prefetch(struct assets *a);

/* Load every queued picture now, reporting nothing (a failure is reported
 * where the picture is used): for a PDF, PNGs then decode on worker threads
 * while the slides before them are laid out (image_cache_set_pdf). */
void assets_preload(struct assets *a);

/*
 * The picture at src, or NULL after a warning at line:col of the deck
 * (line 0: no position) that starts with `what` (e.g. "image"). A src that
 * failed once fails again at once, with the same reason.
 */
const struct image *assets_image(struct assets *a, const char *src, const char *what,
				 unsigned line, unsigned col);

#endif
