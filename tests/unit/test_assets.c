/*
 * test_assets.c — resolving a deck's picture references without a
 * network: data: URLs, paths relative to the deck (percent-decoded, query
 * and fragment dropped), file:// URLs, --asset-map prefixes (which win over
 * the network, also for `//host` URLs), refused schemes, the warnings with
 * their deck positions, and what the prefetch queues from a DOM; --safe's
 * refusals (absolute paths, file: URLs, `..` and symbolic links out of the
 * deck's or the asset map's folder, special files, remote URLs) and what
 * it still allows.
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/assets.h"
#include "base/diag.h"
#include "markdown/dom.h"
#include "resources/fetch.h"
#include "harness.h"
#include "resources/image.h"
#include "base/util.h"

#include <cairo.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *errbuf;
static size_t errlen;
static FILE *errf;
static struct diag d;
static struct diag_file src;
static char dir[] = "/tmp/scs-test-assets-XXXXXX";
static char outside[] = "/tmp/scs-test-outside-XXXXXX";

static const char *errors(void)
{
	fflush(errf);
	return errbuf ? errbuf : "";
}

static void clear_errors(void)
{
	fclose(errf);
	free(errbuf);
	errbuf = NULL;
	errf = open_memstream(&errbuf, &errlen);
	d.out = errf;
}

static void write_png_in(const char *folder, const char *name, int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
	char *p = g_build_filename(folder, name, NULL);
	cairo_surface_write_to_png(s, p);
	cairo_surface_destroy(s);
	g_free(p);
}

static void write_png(const char *name, int w, int h)
{
	write_png_in(dir, name, w, h);
}

static struct assets *new_assets(struct fetcher *f, struct image_cache *c,
				 const char *const *map)
{
	struct assets_config cfg = { &d, &src, dir, map, f, c, false, false };
	return assets_new(&cfg);
}

static void test_local(void)
{
	struct fetch_config fc = { .cache_dir = NULL, .offline = true };
	struct fetcher *f = fetch_new(&fc);
	struct image_cache *c = image_cache_new();
	struct assets *a = new_assets(f, c, NULL);
	const struct image *img;

	img = assets_image(a, "pic.png", "image", 2, 3);
	OK(img && img->width == 30 && img->height == 20, "a path relative to the deck");
	OK(assets_image(a, "./pic.png?v=2#top", "image", 2, 3) == img,
	   "query and fragment dropped: the same picture");
	img = assets_image(a, "my%20photo.png", "image", 2, 3);
	OK(img && img->width == 7, "%%20 is a space in the file name");
	char *abs = g_strdup_printf("file://%s/pic.png", dir);
	OK(assets_image(a, abs, "image", 2, 3) != NULL, "file:// URL");
	g_free(abs);
	STR_EQ(errors(), "", "no warnings so far");

	img = assets_image(a, "missing.png", "image", 3, 5);
	OK(img == NULL, "missing file");
	OK(strstr(errors(), "deck.md:3:5: warning: image 'missing.png': cannot read '") != NULL,
	   "warning with the position and the path: %s", errors());
	clear_errors();
	OK(assets_image(a, "missing.png", "image", 4, 1) == NULL, "missing again");
	OK(strstr(errors(), "deck.md:4:1: warning: image 'missing.png': cannot read '") != NULL,
	   "the same reason at the second use: %s", errors());
	clear_errors();

	img = assets_image(a, "notes.txt", "background image", 2, 1);
	OK(img == NULL && strstr(errors(), "background image 'notes.txt': not a supported image"),
	   "not an image: %s", errors());
	clear_errors();

	OK(assets_image(a, "ftp://example.org/x.png", "image", 2, 1) == NULL &&
	   strstr(errors(), "unsupported URL scheme 'ftp'"), "ftp refused: %s", errors());
	clear_errors();
	OK(assets_image(a, "javascript:alert(1)", "image", 2, 1) == NULL &&
	   strstr(errors(), "unsupported URL scheme 'javascript'"), "javascript: refused");
	clear_errors();
	OK(assets_image(a, "", "image", 2, 1) == NULL && !*errors(), "empty src: nothing");

	/* remote, offline, not cached: a warning naming the URL as written */
	OK(assets_image(a, "https://example.org/x.png", "image", 3, 2) == NULL, "remote offline");
	OK(strstr(errors(), "deck.md:3:2: warning: image 'https://example.org/x.png': no cache "
			    "to read (--offline with --no-cache)") != NULL, "offline warning: %s",
	   errors());
	clear_errors();
	assets_free(a);
	image_cache_free(c);
	fetch_free(f);
}

static void test_data_urls(void)
{
	struct fetch_config fc = { .offline = true };
	struct fetcher *f = fetch_new(&fc);
	struct image_cache *c = image_cache_new();
	struct assets *a = new_assets(f, c, NULL);

	/* a 1x1 PNG, base64 with white space, media type ignored (sniffed) */
	const char *png = "data:text/plain;BASE64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAA"
			  "fFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
	const struct image *img = assets_image(a, png, "image", 1, 1);
	OK(img && img->width == 1 && img->height == 1, "base64 PNG: %s", errors());
	/* percent-encoded SVG with raw quotes, spaces and angle brackets */
	img = assets_image(a, "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' "
			   "width='40' height='10'><rect width='40' height='10' fill='%23f00'/></svg>",
			   "image", 1, 1);
	OK(img && img->kind == IMAGE_SVG && img->width == 40 && img->height == 10,
	   "percent-encoded SVG: %s", errors());
	clear_errors();
	OK(assets_image(a, "data:image/png;base64", "image", 1, 1) == NULL &&
	   strstr(errors(), "malformed data: URL"), "no comma: %s", errors());
	clear_errors();
	/* a long data: URL is cut in the message */
	struct strbuf b;
	strbuf_init(&b, 0);
	strbuf_puts(&b, "data:image/png;base64,");
	for (int i = 0; i < 500; i++)
		strbuf_puts(&b, "AAAA");
	OK(assets_image(a, b.s, "image", 1, 1) == NULL, "garbage data: URL");
	OK(strstr(errors(), "\xE2\x80\xA6'") && strlen(errors()) < 400, "message cut: %s",
	   errors());
	clear_errors();
	strbuf_free(&b);

	size_t n;
	unsigned char *raw = image_data_url("data:,a%41b%zz", &n);
	OK(raw && n == 6 && !memcmp(raw, "aAb%zz", 6), "percent decoding keeps bad escapes");
	free(raw);
	OK(image_data_url("http://x/", &n) == NULL, "not a data: URL");
	assets_free(a);
	image_cache_free(c);
	fetch_free(f);
}

static void test_asset_map(void)
{
	struct fetch_config fc = { .offline = true };
	struct fetcher *f = fetch_new(&fc);
	struct image_cache *c = image_cache_new();
	char *m = g_strdup_printf("https://input.scs.community/uploads/=%s", dir);
	const char *map[] = { "=ignored", m, NULL };
	struct assets *a = new_assets(f, c, map);
	OK(assets_image(a, "https://input.scs.community/uploads/pic.png", "image", 1, 1) != NULL,
	   "mapped URL read from the folder: %s", errors());
	OK(assets_image(a, "//input.scs.community/uploads/pic.png", "image", 1, 1) != NULL,
	   "//host URLs are https: for the map too: %s", errors());
	OK(assets_image(a, "https://input.scs.community/uploads/my%20photo.png?x=1", "image", 1,
			1) != NULL, "mapped path percent-decoded, query dropped: %s", errors());
	clear_errors();
	OK(assets_image(a, "https://input.scs.community/other/pic.png", "image", 1, 1) == NULL,
	   "another prefix goes to the network (offline here)");

	/* what the prefetch queues: remote and unmapped, each once */
	struct arena *ar = arena_new();
	struct dom_node *root = dom_new_element(ar, "div");
	const char *srcs[] = { "https://a.example/1.png", "https://a.example/1.png#frag",
			       "https://input.scs.community/uploads/pic.png", "local.png",
			       "data:image/png;base64,AAAA", "//b.example/2.png" };
	for (size_t i = 0; i < ARRAY_LEN(srcs); i++) {
		struct dom_node *img = dom_new_element(ar, "img");
		dom_set_attr(ar, img, "src", srcs[i]);
		dom_append(root, img);
	}
	struct dom_node *dv = dom_new_element(ar, "div");
	dom_set_attr(ar, dv, "style", "background: url( 'https://a.example/3.png' ) no-repeat; "
				      "list-style: URL(https://a.example/4\\).png)");
	dom_append(root, dv);
	struct dom_node *st = dom_new_element(ar, "style");
	const char *css = ".x { background-image: url(\"https://a.example/5.png\") } "
			  ".y { background: myurl(https://a.example/6.png) }";
	dom_append(st, dom_new_text(ar, css, strlen(css)));
	dom_append(root, st);
	struct fetch_stats s0, s1;
	fetch_get_stats(f, &s0);
	assets_want_dom(a, root);
	fetch_get_stats(f, &s1);
	INT_EQ(s1.n - s0.n, 5, "queued: 1, 2 (https:), 3, 4), 5; not the map, local, data:, "
			       "myurl(), nor a fragment twice");
	arena_free(ar);
	assets_free(a);
	image_cache_free(c);
	fetch_free(f);
	g_free(m);
}

/* In --safe mode, ref gives no picture and exactly the warning want. */
static void refused(struct assets *a, const char *ref, const char *want)
{
	OK(assets_image(a, ref, "image", 2, 3) == NULL, "%s refused", ref);
	char *w = g_strdup_printf("deck.md:2:3: warning: --safe: image '%s': %s refused\n", ref,
				  want);
	OK(g_str_has_prefix(errors(), w), "%s: %s", ref, errors());
	g_free(w);
	clear_errors();
}

static void test_safe(void)
{
	struct fetch_config fc = { .offline = true };
	struct fetcher *f = fetch_new(&fc);
	struct image_cache *c = image_cache_new();
	char *m = g_strdup_printf("https://h.example/up/=%s/sub", dir);
	const char *map[] = { m, NULL };
	struct assets_config cfg = { &d, &src, dir, map, f, c, true, false };
	struct assets *a = assets_new(&cfg);
	clear_errors();

	/* allowed: the deck's folder, a subfolder, `..` that stays inside, a
	 * link that stays inside, data:, the asset map */
	OK(assets_image(a, "pic.png", "image", 2, 3) != NULL, "in the folder: %s", errors());
	OK(assets_image(a, "sub/in.png", "image", 2, 3) != NULL, "a subfolder: %s", errors());
	OK(assets_image(a, "sub/../my%20photo.png", "image", 2, 3) != NULL,
	   "`..` within the folder: %s", errors());
	OK(assets_image(a, "inlink.png", "image", 2, 3) != NULL, "a link within: %s", errors());
	OK(assets_image(a, "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' "
			"width='4' height='4'/>", "image", 2, 3) != NULL, "data: %s", errors());
	OK(assets_image(a, "https://h.example/up/in.png", "image", 2, 3) != NULL,
	   "the asset map's folder: %s", errors());
	STR_EQ(errors(), "", "no warnings for what is allowed");

	char *abs = g_strdup_printf("%s/secret.png", outside);
	refused(a, abs, "absolute path");
	g_free(abs);
	abs = g_strdup_printf("%s/pic.png", dir);
	refused(a, abs, "absolute path");  /* even inside: the deck cannot know it */
	g_free(abs);
	refused(a, "file:///etc/passwd", "file: URL");
	refused(a, "FILE:pic.png", "file: URL");
	char *up = g_strdup_printf("../%s/secret.png", outside + 5);
	refused(a, up, "path out of the deck's folder");
	g_free(up);
	refused(a, "sub/../../x.png", "path out of the deck's folder");
	refused(a, "%2Fetc%2Fpasswd", "path out of the deck's folder");
	refused(a, "link.png", "link out of the deck's folder");
	refused(a, "linkdir/secret.png", "link out of the deck's folder");
	refused(a, "fifo.png", "special file (not a regular file)");
	refused(a, "https://h.example/up/../pic.png", "path out of its --asset-map folder");
	refused(a, "https://h.example/up/%2e%2e/pic.png", "path out of its --asset-map folder");
	refused(a, "https://h.example/up//etc/passwd", "path out of its --asset-map folder");
	refused(a, "https://h.example/up/maplink.png", "link out of its --asset-map folder");
	refused(a, "https://example.org/x.png", "remote URL without --allow-remote");
	refused(a, "//example.org/x.png", "remote URL without --allow-remote");
	/* a failure is not a refusal */
	OK(assets_image(a, "missing.png", "image", 2, 3) == NULL &&
	   strstr(errors(), "warning: image 'missing.png': cannot read '"), "missing: %s",
	   errors());
	clear_errors();

	/* nothing remote is queued, nor anything refused */
	struct arena *ar = arena_new();
	struct dom_node *root = dom_new_element(ar, "div");
	dom_set_attr(ar, root, "style", "background: url(https://example.org/y.png)");
	struct dom_node *img = dom_new_element(ar, "img");
	dom_set_attr(ar, img, "src", "https://example.org/z.png");
	dom_append(root, img);
	struct fetch_stats st;
	assets_want_dom(a, root);
	fetch_get_stats(f, &st);
	INT_EQ(st.n, 0, "nothing queued for the network");
	assets_free(a);

	/* --allow-remote: remote URLs go to the fetcher (offline here) */
	cfg.allow_remote = true;
	a = assets_new(&cfg);
	assets_want_dom(a, root);
	fetch_get_stats(f, &st);
	INT_EQ(st.n, 2, "both queued with --allow-remote");
	OK(assets_image(a, "https://example.org/x.png", "image", 2, 3) == NULL &&
	   strstr(errors(), "warning: image 'https://example.org/x.png': no cache"),
	   "fetched, not refused: %s", errors());
	clear_errors();
	assets_free(a);
	arena_free(ar);

	/* a deck from standard input or a URL has no folder */
	cfg.base_dir = NULL;
	a = assets_new(&cfg);
	refused(a, "pic.png", "local file of a deck without a folder (standard input or a URL)");
	OK(assets_image(a, "https://h.example/up/in.png", "image", 2, 3) != NULL,
	   "the asset map still: %s", errors());
	assets_free(a);
	image_cache_free(c);
	fetch_free(f);
	g_free(m);
}

/* The folders test_safe() escapes from: links out of dir to outside. */
static void make_safe_fixtures(void)
{
	write_png_in(outside, "secret.png", 5, 5);
	char *p = g_build_filename(dir, "sub", NULL);
	mkdir(p, 0700);
	g_free(p);
	write_png("sub/in.png", 9, 9);
	char *target = g_build_filename(outside, "secret.png", NULL);
	struct { const char *at, *to; } links[] = {
		{ "link.png", target }, { "linkdir", outside }, { "inlink.png", "pic.png" },
		{ "sub/maplink.png", "../pic.png" },
	};
	for (size_t i = 0; i < ARRAY_LEN(links); i++) {
		p = g_build_filename(dir, links[i].at, NULL);
		if (symlink(links[i].to, p) != 0)
			perror(p);
		g_free(p);
	}
	g_free(target);
	p = g_build_filename(dir, "fifo.png", NULL);
	if (mkfifo(p, 0600) != 0)
		perror(p);
	g_free(p);
}

int main(void)
{
	if (!mkdtemp(dir) || !mkdtemp(outside))
		return 1;
	write_png("pic.png", 30, 20);
	write_png("my photo.png", 7, 7);
	char *t = g_build_filename(dir, "notes.txt", NULL);
	g_file_set_contents(t, "just text\n", -1, NULL);
	g_free(t);
	errf = open_memstream(&errbuf, &errlen);
	diag_init(&d, errf);
	static const char text[] = "line one\nline two\nline three with more\nfour\n";
	diag_file_init(&src, "deck.md", text, sizeof text - 1);

	test_local();
	test_data_urls();
	test_asset_map();
	make_safe_fixtures();
	test_safe();

	diag_file_free(&src);
	fclose(errf);
	free(errbuf);
	char *cmd = g_strdup_printf("rm -rf '%s' '%s'", dir, outside);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	g_free(cmd);
	return done_testing();
}
