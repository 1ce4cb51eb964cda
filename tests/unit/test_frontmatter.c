/*
 * test_frontmatter.c — the front matter split and keys (HEDGEDOC.md §1, §2.1).
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/frontmatter.h"
#include "base/diag.h"
#include "base/scs_limits.h"
#include "base/util.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct arena *A;
static struct diag D;
static FILE *Dout;
static char *Dbuf;
static size_t Dsize;
static struct diag_file F;
static struct deck_meta M;

/* Parse t; diagnostics go to a memory stream read back by diags(). */
static int parse(const char *t)
{
	if (Dout) {
		fclose(Dout);
		free(Dbuf);
		diag_file_free(&F);
	}
	Dbuf = NULL;
	Dout = open_memstream(&Dbuf, &Dsize);
	diag_init(&D, Dout);
	diag_file_init(&F, "deck.md", t, strlen(t));
	return frontmatter_parse(A, &D, &F, &M);
}

static const char *diags(void)
{
	fflush(Dout);
	return Dbuf ? Dbuf : "";
}

static bool has(const char *needle)
{
	return strstr(diags(), needle) != NULL;
}

static void test_none(void)
{
	INT_EQ(parse("# Title\n\ntext\n"), 0, "no front matter: ok");
	OK(!M.has_frontmatter, "no front matter");
	INT_EQ(M.body_offset, 0, "body at 0");
	FLT_EQ(M.width, 960, 0, "default width");
	FLT_EQ(M.height, 700, 0, "default height");
	FLT_EQ(M.margin, 0.04, 1e-6, "default margin");
	FLT_EQ(M.min_scale, 0.2, 1e-6, "default minScale");
	FLT_EQ(M.max_scale, 2.0, 1e-6, "default maxScale");
	OK(M.center && M.slide_number, "center and slideNumber default true");
	STR_EQ(M.slide_number_format, "h.v", "default format");
	INT_EQ(M.breaks, -1, "breaks unset");
	OK(!M.theme, "no theme");
	STR_EQ(diags(), "", "no diagnostics");

	/* no closing line: splitInput finds nothing, all Markdown */
	parse("---\ntitle: x\n");
	OK(!M.has_frontmatter && M.body_offset == 0, "unclosed front matter is Markdown");
	/* an opening `----` still starts with "---" */
	parse("----\n---\nbody");
	OK(M.body_offset == 8, "opening `----` accepted (prefix)");
}

static void test_seed(void)
{
	const char *t =
		"---\n"
		"title: SCS Community Call\n"
		"type: slide\n"
		"tags: presentation\n"
		"slideOptions:\n"
		"  theme: white\n"
		"  transition: 'slide'\n"
		"  parallaxBackgroundSize: '1920px 1080px'\n"
		"  parallaxBackgroundImage: 'https://example.org/bg.png'\n"
		"  \n"
		"---\n"
		"\n"
		"# Slide\n";
	INT_EQ(parse(t), 0, "seed parses");
	OK(M.has_frontmatter, "seed has front matter");
	STR_EQ(M.title, "SCS Community Call", "title");
	INT_EQ(M.n_tags, 1, "one tag");
	STR_EQ(M.n_tags ? M.tags[0] : NULL, "presentation", "tag");
	STR_EQ(M.theme, "white", "theme");
	INT_EQ(M.theme_line, 6, "theme line");
	STR_EQ(M.parallax_size, "1920px 1080px", "parallaxBackgroundSize");
	STR_EQ(M.parallax_image, "https://example.org/bg.png", "parallaxBackgroundImage");
	STR_EQ(t + M.body_offset, "\n\n# Slide\n", "body starts with the rest of the --- line");
	STR_EQ(diags(), "", "seed: no diagnostics");
	OK(isnan(M.parallax_h) && isnan(M.parallax_v), "parallax steps unset: from the size");
}

/* parallaxBackgroundHorizontal/Vertical count only as YAML numbers (reveal.js
 * tests typeof === 'number'). */
static void test_parallax_steps(void)
{
	INT_EQ(parse("---\nslideOptions:\n  parallaxBackgroundHorizontal: -150\n"
		     "  parallaxBackgroundVertical: 0\n---\n"), 0, "numbers parse");
	FLT_EQ(M.parallax_h, -150, 0, "horizontal step");
	FLT_EQ(M.parallax_v, 0, 0, "vertical step (0 is a number)");
	STR_EQ(diags(), "", "no diagnostics");
	parse("---\nslideOptions:\n  parallaxBackgroundHorizontal: '200'\n---\n");
	OK(isnan(M.parallax_h), "a quoted number is a string: ignored");
	OK(strstr(diags(), "deck.md:3:33: warning: front matter: slideOptions."
			   "parallaxBackgroundHorizontal: '200' is not a number") != NULL,
	   "warned: %s", diags());
}

static void test_terminators(void)
{
	const char *t = "---\ntitle: x\n...\nbody";
	parse(t);
	OK(M.has_frontmatter, "... ends it");
	STR_EQ(t + M.body_offset, "\nbody", "body after ...");
	STR_EQ(M.title, "x", "title before ...");

	t = "---\ntitle: y\n----\nbody";
	parse(t);
	OK(M.has_frontmatter, "---- ends it (prefix match)");
	STR_EQ(t + M.body_offset, "-\nbody", "body keeps the fourth dash");

	t = "---\r\ntitle: z\r\n---\r\nbody";
	parse(t);
	STR_EQ(M.title, "z", "CRLF front matter");
	STR_EQ(t + M.body_offset, "\r\nbody", "CRLF body");

	t = "---\n---\nbody";
	parse(t);
	OK(M.has_frontmatter && !strcmp(t + M.body_offset, "\nbody"), "empty front matter");
	STR_EQ(diags(), "", "empty front matter: no diagnostics");
}

static void test_broken(void)
{
	const char *t = "---\ntitle: a\nslideOptions:\n  theme: white\n theme2: x\n---\nbody";
	INT_EQ(parse(t), 1, "broken YAML returns 1");
	OK(!M.has_frontmatter, "broken: no front matter");
	INT_EQ(M.body_offset, 0, "broken: whole note is Markdown");
	OK(!M.theme && !M.title, "broken: defaults");
	OK(has("deck.md:5:2: warning: front matter: did not find expected key while parsing "
	       "a block mapping; treating it as Markdown"), "broken: message %s", diags());

	/* columns count characters in libyaml; reported as bytes */
	parse("---\na: \"\xc3\xbc\xc3\xbc\" b\n---\n");
	OK(has("deck.md:2:11: warning: front matter:"), "UTF-8 column: %s", diags());

	/* js-yaml refuses duplicate keys and unknown tags */
	INT_EQ(parse("---\na: 1\na: 2\n---\nx"), 1, "duplicate key");
	OK(has("deck.md:3:1: warning: front matter: duplicated mapping key"), "dup msg");
	INT_EQ(M.body_offset, 0, "duplicate: Markdown");
	INT_EQ(parse("---\nx: !foo 1\n---\n"), 1, "unknown tag");
	OK(has("deck.md:2:4: warning: front matter: unknown tag"), "tag msg");
}

static void test_bomb(void)
{
	const char *t =
		"---\n"
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
		"title: boom\n"
		"---\nbody";
	clock_t c0 = clock();
	INT_EQ(parse(t), 0, "bomb: not a YAML error");
	OK((double)(clock() - c0) / CLOCKS_PER_SEC < 1.0, "bomb rejected fast");
	OK(has("deck.md:1:1: warning: front matter: more than 10000 YAML nodes"), "bomb msg %s", diags());
	OK(!M.title && !M.has_frontmatter, "bomb: contents ignored");
	STR_EQ(t + M.body_offset, "\nbody", "bomb: block still skipped");

	parse("---\na: &a [*a]\n---\n");
	OK(has("more than 10000 YAML nodes"), "recursive alias rejected");

	/* an ordinary alias is fine */
	parse("---\nx: &t white\nslideOptions:\n  theme: *t\n---\n");
	STR_EQ(M.theme, "white", "alias resolved");
	STR_EQ(diags(), "", "alias: no diagnostics");

	/* over MAX_FRONTMATTER_BYTES */
	size_t n = MAX_FRONTMATTER_BYTES + 100;
	char *big = xmalloc(n + 32);
	strcpy(big, "---\n");
	for (size_t i = 4; i < n; i += 8)
		memcpy(big + i, "#commnt\n", 8);
	strcpy(big + n - (n - 4) % 8, "---\nbody");
	parse(big);
	OK(has("warning: front matter: larger than"), "too big: %s", diags());
	STR_EQ(big + M.body_offset, "\nbody", "too big: block skipped");
	parse("");
	free(big);
}

static void test_values(void)
{
	const char *t =
		"---\n"
		"tags: a, b,,  c , a\n"
		"dir: rtl\n"
		"lang: de\n"
		"breaks: false\n"
		"slideOptions:\n"
		"  width: '80%'\n"
		"  height: 900\n"
		"  margin: 0.1\n"
		"  minScale: '0.5'\n"
		"  maxScale: 1_5\n"
		"  center: false\n"
		"  slideNumber: 'c/t'\n"
		"  transition: slide\n"
		"  unknownThing: 1\n"
		"---\n";
	parse(t);
	STR_EQ(diags(), "", "valid values: no diagnostics");
	INT_EQ(M.n_tags, 3, "tags split on commas, trimmed, empty and repeats dropped");
	if (M.n_tags == 3) {
		STR_EQ(M.tags[0], "a", "tag a");
		STR_EQ(M.tags[2], "c", "tag c");
	}
	OK(M.rtl, "dir: rtl");
	STR_EQ(M.lang, "de", "lang");
	INT_EQ(M.breaks, 0, "breaks false");
	FLT_EQ(M.width, -80, 0, "percent width stored negative");
	FLT_EQ(M.height, 900, 0, "height");
	FLT_EQ(M.margin, 0.1, 1e-6, "margin");
	FLT_EQ(M.min_scale, 0.5, 1e-6, "numeric string");
	FLT_EQ(M.max_scale, 15, 0, "underscore digits");
	OK(!M.center, "center false");
	OK(M.slide_number, "slideNumber format means on");
	STR_EQ(M.slide_number_format, "c/t", "slideNumber format");

	parse("---\ntags:\n  - x\n  - 2\n  - ' y '\nslideOptions:\n  slideNumber: false\n---\n");
	INT_EQ(M.n_tags, 3, "tag list");
	if (M.n_tags == 3)
		STR_EQ(M.tags[2], "y", "list tags trimmed");
	OK(!M.slide_number, "slideNumber false");

	t = "---\n"
	    "breaks: yes\n"
	    "slideOptions:\n"
	    "  center: maybe\n"
	    "  width: abc\n"
	    "  margin: [1]\n"
	    "  slideNumber: 'x.y'\n"
	    "  rtl: true\n"
	    "  pdfSeparateFragments: false\n"
	    "---\n";
	INT_EQ(parse(t), 0, "mistyped values are warnings only");
	OK(M.has_frontmatter, "mistyped: still front matter");
	OK(has("deck.md:2:9: warning: front matter: 'breaks' should be true or false; ignored"),
	   "breaks: yes %s", diags());
	INT_EQ(M.breaks, -1, "breaks kept unset");
	OK(has("deck.md:4:11: warning: front matter: slideOptions.center should be true or false; "
	       "reveal.js reads 'maybe' as true"), "center: maybe");
	OK(M.center, "center stays true");
	OK(has("deck.md:5:10: warning: front matter: slideOptions.width: 'abc' is not a positive "
	       "number or \"N%\"; default kept"), "width: abc");
	FLT_EQ(M.width, 960, 0, "width default kept");
	OK(has("deck.md:6:11: warning: front matter: slideOptions.margin:"), "margin list");
	OK(has("deck.md:7:16: warning: front matter: slideOptions.slideNumber: unknown format 'x.y'"),
	   "slideNumber format");
	STR_EQ(M.slide_number_format, "h.v", "unknown format acts as h.v");
	OK(has("deck.md:8:3: warning: front matter: slideOptions.rtl has no effect"), "rtl");
	OK(!M.rtl, "slideOptions.rtl ignored");
	OK(has("deck.md:9:3: warning: front matter: slideOptions.pdfSeparateFragments is not one "
	       "HedgeDoc passes to reveal.js; ignored"), "dropped key");
	INT_EQ(D.n_warnings, 7, "seven warnings");

	/* YAML 1.2: `no` is a string, so reveal.js centres */
	parse("---\nslideOptions:\n  center: no\n---\n");
	OK(M.center, "center: no is truthy");
	parse("---\nslideOptions: 3\n---\n");
	OK(has("deck.md:2:15: warning: front matter: slideOptions should be a mapping"), "slideOptions scalar");
	parse("---\n- a\n- b\n---\n");
	OK(has("front matter: not a mapping"), "list root");
}

int main(void)
{
	A = arena_new();
	test_none();
	test_seed();
	test_parallax_steps();
	test_terminators();
	test_broken();
	test_bomb();
	test_values();
	fclose(Dout);
	free(Dbuf);
	diag_file_free(&F);
	arena_free(A);
	return done_testing();
}
