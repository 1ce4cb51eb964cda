/*
 * test_fetch.c — the fetcher without a network: the on-disk cache read
 * offline (entries named by the URL's SHA-256, checked against their URL
 * and length, never followed through a symlink), URLs it refuses, the
 * default cache directory. Transfers against a real server are in
 * tests/e2e/fetch.sh.
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/fetch.h"
#include "harness.h"
#include "base/util.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *entry_path(const char *dir, const char *url)
{
	gchar *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, url, -1);
	char *p = g_build_filename(dir, sum, NULL);
	g_free(sum);
	return p;
}

/* An entry as fetch.c writes it: a header, an empty line, the body. */
static void write_entry(const char *dir, const char *url, const char *header_url,
			const char *body, size_t len, long claimed_len)
{
	char *p = entry_path(dir, url);
	FILE *f = fopen(p, "wb");
	fprintf(f, "scs-pdf cache 1\nurl %s\nlength %ld\netag \"x\"\n\n", header_url,
		claimed_len);
	fwrite(body, 1, len, f);
	fclose(f);
	g_free(p);
}

static const struct fetch_result *offline_get(const char *dir, const char *url)
{
	static struct fetcher *f;
	if (f)
		fetch_free(f);
	struct fetch_config cfg = { .cache_dir = dir, .offline = true };
	f = fetch_new(&cfg);
	return fetch_get(f, url);
}

static void test_offline_cache(const char *dir)
{
	const char *u = "https://input.scs.community/uploads/a.png";
	const char body[] = "\x89PNG\r\n\x1a\nbytes\0with\nnewlines\n\n";
	write_entry(dir, u, u, body, sizeof body - 1, (long)sizeof body - 1);
	const struct fetch_result *r = offline_get(dir, u);
	INT_EQ(r->source, FETCH_CACHED, "offline: the cached copy");
	INT_EQ(r->len, sizeof body - 1, "the whole body, NULs and blank lines too");
	OK(r->data && !memcmp(r->data, body, sizeof body - 1), "the same bytes");

	/* a URL whose entry is missing */
	r = offline_get(dir, "https://input.scs.community/uploads/b.png");
	INT_EQ(r->source, FETCH_NONE, "offline, not cached: fails");
	OK(r->error && strstr(r->error, "not in the cache"), "why: %s", r->error);

	/* an entry whose URL line is another URL (a collision, a swapped file) */
	const char *v = "https://input.scs.community/uploads/c.png";
	write_entry(dir, v, u, body, sizeof body - 1, (long)sizeof body - 1);
	OK(offline_get(dir, v)->source == FETCH_NONE, "entry for another URL ignored");

	/* an entry cut short (a crash between write and rename cannot make one,
	 * a full disk or another program can) */
	const char *w = "https://input.scs.community/uploads/d.png";
	write_entry(dir, w, w, body, 5, (long)sizeof body - 1);
	OK(offline_get(dir, w)->source == FETCH_NONE, "truncated entry ignored");

	/* garbage in place of an entry */
	const char *x = "https://input.scs.community/uploads/e.png";
	char *px = entry_path(dir, x);
	FILE *f = fopen(px, "wb");
	fputs("not a cache entry at all", f);
	fclose(f);
	OK(offline_get(dir, x)->source == FETCH_NONE, "garbage entry ignored");

	/* a symlink planted under an entry's name is not followed */
	const char *y = "https://input.scs.community/uploads/f.png";
	char *py = entry_path(dir, y);
	char *target = g_build_filename(dir, "elsewhere", NULL);
	write_entry(dir, y, y, body, sizeof body - 1, (long)sizeof body - 1);
	rename(py, target);
	OK(symlink(target, py) == 0, "symlink made");
	OK(offline_get(dir, y)->source == FETCH_NONE, "symlinked entry not followed");
	g_free(px);
	g_free(py);
	g_free(target);

	/* --offline --no-cache: nothing to read */
	struct fetch_config none = { .cache_dir = NULL, .offline = true };
	struct fetcher *fn = fetch_new(&none);
	r = fetch_get(fn, u);
	OK(r->source == FETCH_NONE && r->error && strstr(r->error, "--no-cache"),
	   "offline without a cache: %s", r->error ? r->error : "(null)");
	fetch_free(fn);
}

static void test_refused(const char *dir)
{
	struct fetch_config cfg = { .cache_dir = dir, .offline = false };
	struct fetcher *f = fetch_new(&cfg);
	const char *bad[] = { "file:///etc/passwd", "ftp://example.org/x.png", "x.png",
			      "http://exa\nmple.org/" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		const struct fetch_result *r = fetch_get(f, bad[i]);
		OK(r->source == FETCH_NONE && r->error, "refused: %s", bad[i]);
	}
	OK(fetch_is_remote("http://x/") && fetch_is_remote("HTTPS://x/"), "http(s) is remote");
	OK(!fetch_is_remote("//x/a.png") && !fetch_is_remote("file:///a"), "others are not");
	/* duplicates are one transfer, and the stats count URLs */
	fetch_add(f, "ftp://a/1");
	fetch_add(f, "ftp://a/1");
	fetch_run(f);
	struct fetch_stats st;
	fetch_get_stats(f, &st);
	INT_EQ(st.n, ARRAY_LEN(bad) + 1, "distinct URLs counted once");
	INT_EQ(st.failed, ARRAY_LEN(bad) + 1, "all failed");
	INT_EQ(st.downloaded, 0, "nothing downloaded");
	fetch_free(f);
}

static void test_default_dir(void)
{
	setenv("XDG_CACHE_HOME", "/tmp/xdg-test", 1);
	char *d = fetch_default_cache_dir();
	STR_EQ(d, "/tmp/xdg-test/scs-pdf", "XDG_CACHE_HOME/scs-pdf");
	free(d);
	setenv("XDG_CACHE_HOME", "relative/path", 1);  /* invalid by the XDG spec */
	setenv("HOME", "/home/someone", 1);
	d = fetch_default_cache_dir();
	STR_EQ(d, "/home/someone/.cache/scs-pdf", "HOME/.cache/scs-pdf");
	free(d);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	OK(fetch_default_cache_dir() == NULL, "neither set: no cache");
}

int main(void)
{
	char tmpl[] = "/tmp/scs-test-fetch-XXXXXX";
	char *dir = mkdtemp(tmpl);
	if (!dir)
		return 1;
	test_offline_cache(dir);
	test_refused(dir);
	test_default_dir();
	char *cmd = g_strdup_printf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	g_free(cmd);
	return done_testing();
}
