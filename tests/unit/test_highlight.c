/*
 * test_highlight.c — fenced-code highlighting (highlight.c) against
 * highlight.js 10.7.3, the version HedgeDoc runs in finishView
 * (HEDGEDOC.md §3): the cases in tests/highlight/, whose expected HTML
 * was written by highlight.js itself, called as finishView calls it
 * (hljs.highlight(lang, code), no ignoreIllegals), for snippets of every
 * language and the fences of the real decks. Then the contract of the
 * spans (order, nesting, UTF-8 boundaries), language lookup, limits, and
 * input built to be slow.
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/highlight.h"
#include "base/scs_limits.h"
#include "base/util.h"
#include "harness.h"
#include "cases.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers ---------------------------------------------------------- */

static const struct hl_language *lang(const char *name)
{
	return hl_language_find(name, strlen(name));
}

static char *render(const char *code, size_t len, const struct hl_spans *sp, size_t first)
{
	struct strbuf sb;
	strbuf_init(&sb, 0);
	hl_render_html(&sb, code, len, sp->v + first, sp->len - first);
	strbuf_append(&sb, "", 1);
	return sb.s;
}

static bool is_cont(unsigned char c) { return (c & 0xc0) == 0x80; }

/* The contract of highlight.h: document order, nesting recorded in depth,
 * bounds inside the code and never inside a UTF-8 sequence. Returns the
 * number of violations (reported once). */
static int check_spans(const char *what, const char *code, size_t len,
		       const struct hl_span *v, size_t n)
{
	size_t *stack = xmalloc((n + 1) * sizeof *stack), depth = 0;
	int bad = 0;
	const char *why = NULL;
	for (size_t i = 0; i < n && !why; i++) {
		const struct hl_span *s = &v[i];
		while (depth && v[stack[depth - 1]].depth >= s->depth)
			depth--;
		if (s->start > s->end || s->end > len)
			why = "bounds";
		else if (s->depth != depth)
			why = "depth is not the number of enclosing spans";
		else if (depth && (s->start < v[stack[depth - 1]].start ||
				   s->end > v[stack[depth - 1]].end))
			why = "not inside its parent";
		else if (i && s->start < v[i - 1].start)
			why = "out of order";
		else if (i && v[i - 1].depth >= s->depth && s->start < v[i - 1].end)
			why = "overlaps its previous sibling";
		else if (!s->cls || !*s->cls)
			why = "no class";
		for (size_t k = 0; !why && k < 2; k++) {
			size_t b = k ? s->end : s->start;
			/* a boundary inside a well-formed multibyte sequence */
			if (b > 0 && b < len && is_cont((unsigned char)code[b]) &&
			    (unsigned char)code[b - 1] >= 0x80)
				why = "boundary inside a UTF-8 sequence";
		}
		stack[depth++] = i;
	}
	if (why) {
		bad = 1;
		OK(0, "%s: span contract: %s", what, why);
	}
	free(stack);
	return bad;
}

/* ---- the cases: tests/highlight/ -------------------------------------- */

/* tests/highlight/LANG.NAME.in is a snippet, LANG.NAME.html the HTML that
 * highlight.js 10.7.3 writes for it, called as finishView calls it
 * (hljs.highlight(LANG, code).value, no ignoreIllegals); LANG.NAME.illegal
 * instead says that highlight.js leaves it plain (an `illegal` lexeme). */
static void run_highlight_case(const char *path, const char *name, char *code, size_t len)
{
	char *lname = case_path("", name, (int)strcspn(name, "."), "");
	const struct hl_language *l = lang(lname + 1);
	OK(l != NULL, "%s: language %s", name, lname + 1);
	free(lname);
	if (!l)
		return;
	struct hl_spans sp = { 0 };
	enum hl_status st = hl_highlight(l, code, len, &sp);
	char *wpath = case_sibling(path, ".html");
	char *want = case_read(wpath, NULL);
	free(wpath);
	if (!want) {
		char *ipath = case_sibling(path, ".illegal");
		char *note = case_read(ipath, NULL);
		OK(note != NULL, "%s: no .html and no .illegal", name);
		free(note);
		free(ipath);
		INT_EQ(st, HL_ILLEGAL, "%s: highlight.js leaves it plain", name);
		INT_EQ(sp.len, 0, "%s: no spans", name);
	} else {
		INT_EQ(st, HL_OK, "%s: status", name);
		char *html = render(code, len, &sp, 0);
		STR_EQ(html, want, "%s: as highlight.js", name);
		free(html);
		check_spans(name, code, len, sp.v, sp.len);
	}
	free(want);
	free(sp.v);
}

static void test_cases(void)
{
	case_each_file("highlight", ".in", run_highlight_case);
}

/* ---- spans: the structure the DOM pass relies on ---------------------- */

static void test_span_structure(void)
{
	/* bash: `"$x"` is a variable inside a string */
	const char *code = "echo \"a $x\"";
	struct hl_spans sp = { 0 };
	INT_EQ(hl_highlight(lang("bash"), code, strlen(code), &sp), HL_OK, "bash");
	INT_EQ(sp.len, 3, "built_in, string, variable");
	if (sp.len == 3) {
		STR_EQ(sp.v[0].cls, "built_in", "echo");
		INT_EQ(sp.v[0].start, 0, "echo start");
		INT_EQ(sp.v[0].end, 4, "echo end");
		STR_EQ(sp.v[1].cls, "string", "string");
		INT_EQ(sp.v[1].start, 5, "string start");
		INT_EQ(sp.v[1].end, 11, "string end");
		INT_EQ(sp.v[1].depth, 0, "string depth");
		STR_EQ(sp.v[2].cls, "variable", "variable");
		INT_EQ(sp.v[2].start, 8, "variable start");
		INT_EQ(sp.v[2].end, 10, "variable end");
		INT_EQ(sp.v[2].depth, 1, "variable inside the string");
		OK(!sp.v[2].sublang, "not a language wrapper");
	}

	/* C: meta-keyword keeps its meta parent, which gives it its colour */
	sp.len = 0;
	code = "#include <stdio.h>\n";
	INT_EQ(hl_highlight(lang("c"), code, strlen(code), &sp), HL_OK, "c");
	OK(sp.len == 3 && !strcmp(sp.v[0].cls, "meta") && sp.v[1].depth == 1 &&
	   !strcmp(sp.v[1].cls, "meta-keyword") && !strcmp(sp.v[2].cls, "meta-string"),
	   "meta > meta-keyword, meta-string");

	/* a sub-language is wrapped in a span named after it, no prefix */
	sp.len = 0;
	code = "RUN make && echo ok\n";
	INT_EQ(hl_highlight(lang("dockerfile"), code, strlen(code), &sp), HL_OK, "docker");
	bool wrapper = false;
	for (size_t i = 0; i < sp.len; i++)
		if (sp.v[i].sublang && !strcmp(sp.v[i].cls, "bash"))
			wrapper = true;
	OK(wrapper, "RUN holds bash");
	char *html = render(code, strlen(code), &sp, 0);
	STR_EQ(html, "<span class=\"hljs-keyword\">RUN</span><span class=\"bash\"> make &amp;&amp; "
		     "<span class=\"hljs-built_in\">echo</span> ok</span>\n", "docker html");
	free(html);

	/* spans are appended; a failure appends nothing */
	size_t before = sp.len;
	code = "{\"a\": true}";
	INT_EQ(hl_highlight(lang("json"), code, strlen(code), &sp), HL_OK, "json");
	OK(sp.len > before, "appended");
	html = render(code, strlen(code), &sp, before);
	STR_EQ(html, "{<span class=\"hljs-attr\">&quot;a&quot;</span>: "
		     "<span class=\"hljs-literal\">true</span>}", "appended spans alone");
	free(html);
	before = sp.len;
	code = "{\"a\": true} x";
	INT_EQ(hl_highlight(lang("json"), code, strlen(code), &sp), HL_ILLEGAL, "json x");
	INT_EQ(sp.len, before, "nothing appended on failure");
	free(sp.v);

	/* empty spans exist (python.js: empty params of a decorator call at
	 * the very end) and must nest by depth, not by position */
	sp = (struct hl_spans){ 0 };
	code = "@deco(";
	INT_EQ(hl_highlight(lang("python"), code, strlen(code), &sp), HL_OK, "deco");
	html = render(code, strlen(code), &sp, 0);
	STR_EQ(html, "<span class=\"hljs-meta\">@deco(<span class=\"hljs-params\"></span></span>",
	       "an empty span inside its parent at the end");
	free(html);
	check_spans("deco", code, strlen(code), sp.v, sp.len);
	free(sp.v);
}

/* ---- language lookup -------------------------------------------------- */

static void test_lookup(void)
{
	static const char *const names[][2] = {
		{ "bash", "bash" }, { "sh", "bash" }, { "zsh", "bash" },
		{ "shell", "shell" }, { "console", "shell" },
		{ "yaml", "yaml" }, { "yml", "yaml" }, { "json", "json" },
		{ "python", "python" }, { "py", "python" }, { "gyp", "python" },
		{ "go", "go" }, { "golang", "go" },
		{ "javascript", "javascript" }, { "js", "javascript" }, { "jsx", "javascript" },
		{ "mjs", "javascript" }, { "typescript", "typescript" }, { "ts", "typescript" },
		{ "c", "c" }, { "h", "c" }, { "cpp", "cpp" }, { "c++", "cpp" }, { "hpp", "cpp" },
		{ "cc", "cpp" }, { "diff", "diff" }, { "patch", "diff" },
		{ "dockerfile", "dockerfile" }, { "docker", "dockerfile" },
		{ "ini", "ini" }, { "toml", "ini" }, { "xml", "xml" }, { "html", "xml" },
		{ "svg", "xml" }, { "css", "css" }, { "sql", "sql" },
		{ "markdown", "markdown" }, { "md", "markdown" },
		{ "plaintext", "plaintext" }, { "text", "plaintext" }, { "txt", "plaintext" },
		/* getLanguage() lower-cases */
		{ "JS", "javascript" }, { "Bash", "bash" }, { "YAML", "yaml" },
	};
	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		const struct hl_language *l = lang(names[i][0]);
		OK(l != NULL, "%s found", names[i][0]);
		if (l)
			STR_EQ(hl_language_name(l), names[i][1], "%s", names[i][0]);
	}
	OK(!lang("rust"), "not in this highlighter");
	OK(!lang(""), "empty name");
	OK(!lang("mermaid"), "a diagram, not a language");
	OK(hl_language_find("bashx", 4) == lang("bash"), "the name is length-delimited");
	OK(!hl_language_find("b", 1), "prefix only");

	/* finishView calls hljs.highlight() only for listed names */
	OK(hl_language_is_registered("bash", 4), "bash is registered");
	OK(hl_language_is_registered("javascript", 10), "javascript is registered");
	OK(!hl_language_is_registered("js", 2), "js is an alias: highlightAuto");
	OK(!hl_language_is_registered("Bash", 4), "case-sensitive");
	OK(!hl_language_is_registered("sh", 2), "sh is an alias");

	/* no language: plain text */
	struct hl_spans sp = { 0 };
	INT_EQ(hl_highlight(NULL, "x", 1, &sp), HL_OK, "NULL language");
	INT_EQ(sp.len, 0, "no spans");

	size_t n = 0;
	while (hl_language_at(n))
		n++;
	INT_EQ(n, 18, "languages");
}

/* ---- robustness ------------------------------------------------------- */

static uint32_t rng = 12345;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* Random text from code fragments and arbitrary bytes, for every language:
 * any status but a crash, and the span contract whenever it is OK. */
static void test_random(void)
{
	static const char *const frag[] = {
		"\"", "'", "`", "/", "*", "\\", "\n", "{", "}", "(", ")", "[", "]",
		"<", ">", "$", "#", "-", "=", ":", ",", ";", "@", "!", " ", "\t", "\r",
		"\xc3\xa9", "\xe6\x97\xa5", "\xc2\xa0", "\xe2\x80\xa8", "<!--", "*/",
		"/*", "${", "\"\"\"", "'''", "```", "</", "html`", "<div>", "</div>",
		"<script>", "</script>", "<style>", "a", "if", "for", "x1", "0x1F",
		"1.5e3", "true", "null", "def ", "function ", "class ", "<<EOF\n",
		"EOF", "R\"(", ")\"", "---\n", "- ", "key: ", "|\n  ", "\xff", "\x80",
		"\xc3", "\0",
	};
	char buf[512];
	int bad = 0, runs = 0;
	for (size_t li = 0; hl_language_at(li); li++) {
		const struct hl_language *l = hl_language_at(li);
		for (int iter = 0; iter < 300; iter++) {
			size_t len = 0, parts = rnd() % 60;
			for (size_t k = 0; k < parts; k++) {
				const char *f = frag[rnd() % ARRAY_LEN(frag)];
				size_t fl = f[0] ? strlen(f) : 1;
				char one = (char)rnd();
				if (rnd() % 8 == 0) {
					f = &one;       /* any byte */
					fl = 1;
				}
				if (len + fl > sizeof buf)
					break;
				memcpy(buf + len, f, fl);
				len += fl;
			}
			struct hl_spans sp = { 0 };
			enum hl_status st = hl_highlight(l, buf, len, &sp);
			runs++;
			if (st == HL_OK)
				bad += check_spans(hl_language_name(l), buf, len, sp.v, sp.len);
			else if (st != HL_ILLEGAL && st != HL_LIMIT)
				bad++;
			free(sp.v);
			if (bad)
				break;
		}
	}
	INT_EQ(bad, 0, "random input (%d runs)", runs);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}


/* A 1 MB line, and text built to be slow, must finish fast: the engine is
 * linear and a work budget turns the rest into a plain block. */
static void test_large(void)
{
	size_t n = 1u << 20;
	char *big = xmalloc(n);
	static const struct { const char *lang, *unit; } cases[] = {
		{ "bash", "a" }, { "javascript", "a" }, { "yaml", "a b: " },
		{ "json", "\"" }, { "markdown", "`" }, { "cpp", "int a " },
		{ "python", "f\"{" }, { "xml", "<a " }, { "css", "a b " },
		{ "javascript", "<a>" }, { "sql", "(" }, { "javascript", "-" },
		{ "yaml", "\"" }, { "markdown", "[a](" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		size_t ul = strlen(cases[i].unit);
		for (size_t k = 0; k < n; k++)
			big[k] = cases[i].unit[k % ul];
		struct hl_spans sp = { 0 };
		double t0 = now();
		enum hl_status st = hl_highlight(lang(cases[i].lang), big, n, &sp);
		double dt = now() - t0;
		OK(dt < 5.0 * SLOWDOWN, "%s of 1 MB of '%s' took %.2f s", cases[i].lang,
		   cases[i].unit, dt);
		if (st == HL_OK)
			check_spans(cases[i].lang, big, n, sp.v, sp.len);
		free(sp.v);
	}

	/* random bytes, and random printable text on one line */
	for (int kind = 0; kind < 2; kind++) {
		for (size_t k = 0; k < n; k++)
			big[k] = kind ? (char)(32 + rnd() % 95) : (char)rnd();
		for (size_t li = 0; hl_language_at(li); li++) {
			const struct hl_language *l = hl_language_at(li);
			size_t len = n >> 4;    /* 64 KB each, 1 MB for two */
			if (!strcmp(hl_language_name(l), "markdown") ||
			    !strcmp(hl_language_name(l), "javascript"))
				len = n;
			struct hl_spans sp = { 0 };
			double t0 = now();
			enum hl_status st = hl_highlight(l, big, len, &sp);
			double dt = now() - t0;
			OK(dt < 5.0 * SLOWDOWN, "%s: %zu random %s took %.2f s",
			   hl_language_name(l), len, kind ? "chars" : "bytes", dt);
			if (st == HL_OK)
				check_spans(hl_language_name(l), big, len, sp.v, sp.len);
			free(sp.v);
		}
	}
	free(big);

	/* nesting beyond MAX_HL_DEPTH: the block stays plain */
	char nest[MAX_HL_DEPTH + 8];
	memset(nest, '[', sizeof nest);
	struct hl_spans sp = { 0 };
	INT_EQ(hl_highlight(lang("json"), nest, sizeof nest, &sp), HL_LIMIT, "too deep");
	INT_EQ(sp.len, 0, "nothing appended");
	free(sp.v);
	/* and a depth real code reaches is fine */
	char ok[] = "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]";
	INT_EQ(hl_highlight(lang("json"), ok, strlen(ok), &sp), HL_OK, "20 deep");
	free(sp.v);
}

int main(void)
{
	test_cases();
	test_span_structure();
	test_lookup();
	test_random();
	test_large();
	return done_testing();
}
