/*
 * test_css.c — the CSS engine: tokenizer (CSS Syntax 3 §4), parser error
 * recovery (§5), selectors (Selectors 4), the cascade cases of tests/css/
 * (Cascade 4 §6: origins, specificity, presentational hints, computed
 * values, inheritance, @media), property values, warnings with positions,
 * the style dump, pathological input and a timing check.
 *
 * SPDX-License-Identifier: MIT
 */
#include "css/css.h"
#include "css/css_internal.h"
#include "base/diag.h"
#include "markdown/dom.h"
#include "base/scs_limits.h"
#include "base/util.h"
#include "harness.h"
#include "cases.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- fixtures ------------------------------------------------------------ */

static struct arena *A, *SA;       /* deck arena, slide arena */
static struct diag D;
static FILE *Dout;
static char *Dbuf;
static size_t Dsize;
static struct css_engine *E;

/* A fresh engine whose diagnostics are captured in Dbuf. */
static void reset(void)
{
	if (A)
		arena_free(A);
	if (SA)
		arena_free(SA);
	if (Dout)
		fclose(Dout);
	free(Dbuf);
	Dbuf = NULL;
	Dout = open_memstream(&Dbuf, &Dsize);
	diag_init(&D, Dout);
	A = arena_new();
	SA = arena_new();
	E = css_engine_new(A, &D);
}

static const char *diag_text(void)
{
	fflush(Dout);
	return Dbuf ? Dbuf : "";
}

static int sheet(enum css_origin o, const char *css)
{
	return css_engine_add_sheet(E, o, css, strlen(css), NULL, 0);
}

static int author(const char *css)
{
	return sheet(CSS_ORIGIN_AUTHOR, css);
}

/* An element from "tag.class1.class2#id", appended to parent. */
static struct dom_node *el(struct dom_node *parent, const char *spec)
{
	char tag[64], cls[256] = "", id[64] = "";
	size_t k = strcspn(spec, ".#");
	snprintf(tag, sizeof tag, "%.*s", (int)k, spec);
	const char *p = spec + k;
	while (*p) {
		char kind = *p++;
		size_t m = strcspn(p, ".#");
		if (kind == '.') {
			size_t l = strlen(cls);
			snprintf(cls + l, sizeof cls - l, "%s%.*s", l ? " " : "", (int)m, p);
		} else {
			snprintf(id, sizeof id, "%.*s", (int)m, p);
		}
		p += m;
	}
	struct dom_node *n = dom_new_element(A, tag);
	if (cls[0])
		dom_set_attr(A, n, "class", cls);
	if (id[0])
		dom_set_attr(A, n, "id", id);
	if (parent)
		dom_append(parent, n);
	return n;
}

static struct dom_node *text(struct dom_node *parent, const char *t)
{
	struct dom_node *n = dom_new_text(A, t, strlen(t));
	dom_append(parent, n);
	return n;
}

/* The HedgeDoc slide skeleton (dom.h): html > body > div.reveal >
 * div.slides > section > div; returns the content div. */
static struct dom_node *Html, *Body, *Reveal, *Slides, *Section;

static struct dom_node *skeleton(void)
{
	Html = el(NULL, "html");
	Body = el(Html, "body");
	Reveal = el(Body, "div.reveal");
	Slides = el(Reveal, "div.slides");
	Section = el(Slides, "section.present");
	return el(Section, "div");
}

static void cascade(void)
{
	css_cascade(E, Html, SA, NULL);
}

static const struct computed_style *S(const struct dom_node *n)
{
	return n->style;
}

static bool col_is(struct css_color c, unsigned rgb, unsigned a)
{
	return c.r == ((rgb >> 16) & 0xff) && c.g == ((rgb >> 8) & 0xff) && c.b == (rgb & 0xff) &&
	       c.a == a;
}

/* ---- tokenizer -------------------------------------------------------------- */

static const char *tok_names[] = {
	"EOF", "IDENT", "FUNCTION", "AT", "HASH", "STRING", "BAD_STRING", "URL", "BAD_URL",
	"DELIM", "NUMBER", "PERCENT", "DIMENSION", "WS", "CDO", "CDC", ":", ";", ",",
	"[", "]", "(", ")", "{", "}"
};

/* The token types of s as a space-separated string. */
static const char *lex_types(const char *s, size_t len)
{
	static char buf[2048];
	struct css_lexed L;
	css_lex(s, len, &L);
	size_t k = 0;
	buf[0] = '\0';
	for (uint32_t i = 0; i < L.n && k + 32 < sizeof buf; i++)
		k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%s", i ? " " : "",
				      tok_names[L.t[i].type]);
	css_lex_free(&L);
	return buf;
}

static const char *lex1_value_n(const char *s, size_t len, int idx, struct arena *tmp)
{
	static char buf[256];
	struct css_lexed L;
	css_lex(s, len, &L);
	size_t n;
	const char *v = css_tok_value(&L, &L.t[idx], tmp, &n);
	snprintf(buf, sizeof buf, "%.*s", (int)n, v);
	css_lex_free(&L);
	return buf;
}

static const char *lex1_value(const char *s, int idx, struct arena *tmp)
{
	return lex1_value_n(s, strlen(s), idx, tmp);
}

static void test_tokenizer(void)
{
	STR_EQ(lex_types("a{color:red}", 12), "IDENT { IDENT : IDENT } EOF", "simple rule");
	STR_EQ(lex_types("12px 50% .5 +3 -4e2 1e", 22),
	       "DIMENSION WS PERCENT WS NUMBER WS NUMBER WS NUMBER WS DIMENSION EOF",
	       "numbers (1e is a dimension with unit e)");
	STR_EQ(lex_types("#a1 #1a", 7), "HASH WS HASH EOF", "hashes");
	STR_EQ(lex_types("url(x.png) url( \"y\" ) url(a b)", 30),
	       "URL WS FUNCTION WS STRING WS ) WS BAD_URL EOF", "url forms");
	STR_EQ(lex_types("<!-- a -->", 10), "CDO WS IDENT WS CDC EOF", "CDO/CDC");
	STR_EQ(lex_types("'abc", 4), "STRING EOF", "unterminated string is a string");
	STR_EQ(lex_types("'ab\ncd'", 7), "BAD_STRING WS IDENT STRING EOF", "newline in a string");
	STR_EQ(lex_types("a /* never closed", 17), "IDENT WS EOF", "unterminated comment");
	STR_EQ(lex_types("a/**/b", 6), "IDENT IDENT EOF", "comment between idents");
	STR_EQ(lex_types("@media --x -y", 13), "AT WS IDENT WS IDENT EOF", "at, custom ident");
	STR_EQ(lex_types("\\", 1), "IDENT EOF", "backslash at EOF is an escape (U+FFFD)");
	STR_EQ(lex_types("\\\n", 2), "DELIM WS EOF", "backslash-newline is a delim");
	STR_EQ(lex_types("a\0b", 3), "IDENT EOF", "NUL is a name code point");
	STR_EQ(lex_types("\xff\xfe", 2), "IDENT EOF", "invalid UTF-8 is a name");

	struct arena *tmp = arena_new();
	STR_EQ(lex1_value("\\31 23", 0, tmp), "123", "hex escape with space");
	STR_EQ(lex1_value("'a\\\nb'", 0, tmp), "ab", "line continuation in a string");
	STR_EQ(lex1_value("\"q\\\"q\"", 0, tmp), "q\"q", "escaped quote");
	STR_EQ(lex1_value("url(  a\\29 b.png  )", 0, tmp), "a)b.png", "url value decoded");
	STR_EQ(lex1_value("u\\72l(pic.png)", 0, tmp), "pic.png", "escaped url( name");
	STR_EQ(lex1_value_n("a\0b", 3, 0, tmp), "a\xef\xbf\xbd" "b", "NUL decodes to U+FFFD");
	STR_EQ(lex1_value("x\xffy", 0, tmp), "x\xef\xbf\xbdy", "bad UTF-8 decodes to U+FFFD");
	STR_EQ(lex1_value("\\0", 0, tmp), "\xef\xbf\xbd", "\\0 is U+FFFD");
	STR_EQ(lex1_value("12.5em", 0, tmp), "em", "dimension unit");
	arena_free(tmp);

	struct css_lexed L;
	const char *s = "a { b ( [ c ] ) } d";
	css_lex(s, strlen(s), &L);
	INT_EQ(L.t[2].type, T_LBRACE, "token 2 is {");
	INT_EQ(L.t[L.t[2].aux].type, T_RBRACE, "{ matched with }");
	INT_EQ(L.t[2].aux, 16, "matching index");
	INT_EQ(L.t[6].aux, 14, "( … ) matched");
	INT_EQ(L.t[8].aux, 12, "[ … ] matched");
	INT_EQ(L.t[16].off, 16, "offsets are bytes");
	FLT_EQ(L.t[0].num, 0, 0, "no number on idents");
	css_lex_free(&L);

	s = "( ] { )";   /* a wrong closer is an ordinary token inside the block */
	css_lex(s, strlen(s), &L);
	INT_EQ(L.t[0].aux, L.n - 1, "( unclosed: matched with EOF");
	INT_EQ(L.t[4].aux, L.n - 1, "{ unclosed");
	css_lex_free(&L);

	s = "-4.5e1px 1e400";
	css_lex(s, strlen(s), &L);
	FLT_EQ(L.t[0].num, -45, 1e-4, "exponent and sign");
	OK(L.t[2].num > 1e38f, "huge numbers stay finite");
	OK(!(L.t[0].flags & TF_INT), "-4.5e1 is not an integer");
	css_lex_free(&L);
}


/* ---- the cascade -------------------------------------------------------------- */

/* ---- the cascade cases: tests/css/NAME.dat ----------------------------- */

/* A file of cases in the shape of libcss's .dat files. Each case is
 *
 *   #case WHAT IT SHOWS
 *   #tree        the elements inside the slide's content div, two spaces
 *                of indentation a level: tag.class#id name="value" ...,
 *                or "text" for a text node
 *   #ua          a user-agent sheet (optional)
 *   #author      an author sheet (optional; several of either may follow)
 *   #viewport W H               (optional; default 960 700, the slide)
 *   #expected    css_style_dump() of the whole document, html down:
 *                the HedgeDoc skeleton (skeleton()) around the tree
 *   #reset
 *
 * Lines before the first #case are comments. SCS_UPDATE_GOLDEN=1 writes
 * the dumps the code gives back into the files. */

/* css_style_dump() of n as a string (free it). */
static char *style_dump(const struct dom_node *n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	css_style_dump(f, n);
	fclose(f);
	return buf;
}

/* Is l one of the lines above (a sheet's "#id { }" is not)? */
static bool css_case_directive(const char *l)
{
	static const char *const words[] = { "#case", "#tree", "#ua", "#author", "#viewport",
					     "#expected", "#reset" };
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		size_t n = strlen(words[i]);
		if (!strncmp(l, words[i], n) && (l[n] == '\0' || l[n] == ' '))
			return true;
	}
	return false;
}

/* One #tree line: an element (or a text node) at its depth. */
static void tree_line(struct dom_node **stack, int *depth, const char *line)
{
	int ind = 0;
	while (line[ind] == ' ')
		ind++;
	int d = ind / 2 + 1;            /* stack[0] is the content div */
	if (d > *depth + 1 || d >= 64) {
		OK(0, "tree line indented too far: %s", line);
		return;
	}
	const char *p = line + ind;
	if (*p == '"') {
		const char *e = strrchr(p + 1, '"');
		size_t n = e && e > p ? (size_t)(e - p - 1) : strlen(p + 1);
		dom_append(stack[d - 1], dom_new_text(A, p + 1, n));
		return;
	}
	char spec[256];
	size_t k = strcspn(p, " ");
	snprintf(spec, sizeof spec, "%.*s", (int)k, p);
	struct dom_node *n = el(stack[d - 1], spec);
	for (p += k; *(p += strspn(p, " "));) {
		char name[64], value[512] = "";
		size_t nl = strcspn(p, "= ");
		snprintf(name, sizeof name, "%.*s", (int)nl, p);
		p += nl;
		if (*p == '=' && p[1] == '"') {
			const char *e = strchr(p + 2, '"');
			size_t vl = e ? (size_t)(e - p - 2) : strlen(p + 2);
			snprintf(value, sizeof value, "%.*s", (int)vl, p + 2);
			p += 2 + vl + (e != NULL);
		}
		dom_set_attr(A, n, name, value);
	}
	stack[d] = n;
	*depth = d;
}

/* Run the case in the section lines [lines, end) (split at '\n', each
 * NUL-terminated) and return its dump. */
static char *run_css_case(char **lines, size_t n)
{
	reset();
	struct dom_node *stack[64] = { skeleton() };
	int depth = 0;
	enum { NONE, TREE, UA, AUTHOR } in = NONE;
	struct strbuf css;
	strbuf_init(&css, 0);
	for (size_t i = 0; i <= n; i++) {
		const char *l = i < n ? lines[i] : "#reset";
		bool directive = css_case_directive(l);
		if (directive && in >= UA) {
			sheet(in == UA ? CSS_ORIGIN_UA : CSS_ORIGIN_AUTHOR, css.s ? css.s : "");
			strbuf_free(&css);
			strbuf_init(&css, 0);
		}
		float w, h;
		if (!strcmp(l, "#tree")) {
			in = TREE;
		} else if (!strcmp(l, "#ua")) {
			in = UA;
		} else if (!strcmp(l, "#author")) {
			in = AUTHOR;
		} else if (sscanf(l, "#viewport %f %f", &w, &h) == 2) {
			css_engine_set_viewport(E, w, h);
			in = NONE;
		} else if (directive) {
			in = NONE;
		} else if (in == TREE && l[0]) {
			tree_line(stack, &depth, l);
		} else if (in >= UA) {
			strbuf_puts(&css, l);
			strbuf_puts(&css, "\n");
		}
	}
	strbuf_free(&css);
	cascade();
	return style_dump(Html);
}

static void run_css_file(const char *path, const char *name, char *text, size_t len)
{
	/* split into lines */
	size_t nl = 1;
	for (size_t i = 0; i < len; i++)
		nl += text[i] == '\n';
	char **lines = xmalloc(nl * sizeof *lines);
	size_t n = 0;
	for (char *p = text; p < text + len;) {
		char *e = memchr(p, '\n', (size_t)(text + len - p));
		lines[n++] = p;
		if (!e)
			break;
		*e = '\0';
		p = e + 1;
	}
	struct strbuf out;
	strbuf_init(&out, 0);
	int cases = 0;
	size_t i = 0;
	while (i < n) {
		if (strncmp(lines[i], "#case ", 6) != 0) {
			strbuf_printf(&out, "%s\n", lines[i++]);
			continue;
		}
		size_t start = i, exp = 0, end = i + 1;
		while (end < n && strcmp(lines[end], "#reset"))
			end++;
		for (size_t k = start; k < end; k++)
			if (!strcmp(lines[k], "#expected"))
				exp = k;
		OK(exp > 0 && end < n, "%s:%zu: a case needs #expected and #reset", name, start + 1);
		if (!exp || end == n)
			break;
		struct strbuf want;
		strbuf_init(&want, 0);
		for (size_t k = exp + 1; k < end; k++)
			strbuf_printf(&want, "%s\n", lines[k]);
		char *got = run_css_case(lines + start, exp - start);
		cases++;
		STR_EQ(got, want.s ? want.s : "", "%s:%zu: %s", name, start + 1, lines[start] + 6);
		for (size_t k = start; k <= exp; k++)
			strbuf_printf(&out, "%s\n", lines[k]);
		strbuf_puts(&out, got);
		strbuf_puts(&out, "#reset\n");
		free(got);
		strbuf_free(&want);
		i = end + 1;
	}
	OK(cases > 0, "%s: no cases", name);
	case_update_file(path, out.s, out.len);
	strbuf_free(&out);
	free(lines);
}

static void test_cascade_cases(void)
{
	case_each_file("css", ".dat", run_css_file);
}

/* ---- selectors ------------------------------------------------------------------- */

/* Does `sel` match element n of the current document? */
static bool matches(struct dom_node *root, struct dom_node *n, const char *sel)
{
	char css[512];
	snprintf(css, sizeof css, "%s { z-index: 7 }", sel);
	struct css_engine *e = css_engine_new(A, &D);
	css_engine_add_sheet(e, CSS_ORIGIN_AUTHOR, css, strlen(css), NULL, 0);
	css_cascade(e, root, SA, NULL);
	return !n->style->z_index_auto && n->style->z_index == 7;
}

static void test_selectors(void)
{
	reset();
	struct dom_node *c = skeleton();
	struct dom_node *ul = el(c, "ul#list.a.B");
	struct dom_node *li1 = el(ul, "li.item");
	struct dom_node *li2 = el(ul, "li.item.two");
	struct dom_node *li3 = el(ul, "li.item");
	struct dom_node *p = el(c, "p");
	struct dom_node *span = el(p, "span");
	struct dom_node *a = el(p, "a");
	dom_set_attr(A, a, "href", "https://x.example/page.html");
	dom_set_attr(A, a, "lang", "en-US");
	dom_set_attr(A, a, "data-x", "one two three");
	struct dom_node *empty = el(c, "div.e");
	struct dom_node *h = el(c, "h2");
	text(h, "x");
	struct dom_node *th = el(c, "th");
	dom_set_attr(A, th, "align", "CENTER");

	OK(matches(Html, li2, "li"), "type");
	OK(matches(Html, li2, "LI"), "type is case-insensitive");
	OK(matches(Html, li2, "*"), "universal");
	OK(matches(Html, li2, ".two"), "class");
	OK(!matches(Html, ul, ".b"), "class is case-sensitive");
	OK(matches(Html, ul, ".B#list.a"), "compound");
	OK(!matches(Html, ul, "#LIST"), "id is case-sensitive");
	OK(matches(Html, li2, ".reveal li"), "descendant");
	OK(matches(Html, li2, "ul > li"), "child");
	OK(!matches(Html, li2, "div > li"), "child: wrong parent");
	OK(matches(Html, li2, "li + li.two"), "next sibling");
	OK(!matches(Html, li3, ".two ~ .two"), "later sibling: no");
	OK(matches(Html, li3, ".two ~ li"), "later sibling");
	OK(matches(Html, p, "ul ~ p"), "later sibling across types");
	OK(matches(Html, span, "html body .reveal > .slides section div p > span"), "long chain");
	OK(!matches(Html, span, ".slides > div span"), "child mismatch in the middle");
	OK(matches(Html, li1, "li:first-child"), ":first-child");
	OK(!matches(Html, li2, "li:first-child"), ":first-child no");
	OK(matches(Html, li3, ":last-child"), ":last-child");
	OK(matches(Html, span, ":first-of-type"), ":first-of-type");
	OK(matches(Html, a, "a:last-of-type:only-of-type"), ":last/only-of-type");
	OK(!matches(Html, li2, ":only-child"), ":only-child no");
	OK(matches(Html, li2, "li:nth-child(2)"), ":nth-child(2)");
	OK(matches(Html, li3, "li:nth-child(odd)"), "odd");
	OK(matches(Html, li2, "li:nth-child(even)"), "even");
	OK(matches(Html, li3, "li:nth-child(2n+1)") && !matches(Html, li2, "li:nth-child(2n+1)"),
	   "2n+1");
	OK(matches(Html, li1, ":nth-child(-n+1)") && !matches(Html, li2, ":nth-child(-n+1)"),
	   "-n+1");
	OK(matches(Html, li1, "li:nth-last-child(3)"), ":nth-last-child");
	OK(matches(Html, li2, "li:nth-of-type(2)"), ":nth-of-type");
	OK(matches(Html, li1, "li:nth-last-of-type(3)"), ":nth-last-of-type");
	OK(matches(Html, li3, ":nth-child(2 of .item)") == false &&
	   matches(Html, li3, ":nth-child(3 of .item)"), "nth-child of S");
	OK(matches(Html, li1, "li:not(.two)") && !matches(Html, li2, "li:not(.two)"), ":not");
	OK(matches(Html, li2, "li:not(.x, .y)"), ":not list");
	OK(matches(Html, li2, ":is(ol, ul) > :where(.two)"), ":is :where");
	OK(matches(Html, li2, ":is(:unknownthing, .two)"), ":is is forgiving");
	OK(matches(Html, Html, ":root") && !matches(Html, Body, ":root"), ":root");
	OK(matches(Html, empty, "div:empty") && !matches(Html, h, ":empty"), ":empty");
	OK(matches(Html, a, "a:link") && matches(Html, a, ":any-link") &&
	   matches(Html, a, ":-webkit-any-link"), ":link family matches a[href]");
	OK(!matches(Html, a, "a:hover") && !matches(Html, a, "a:visited") &&
	   !matches(Html, a, "a:focus"), "dynamic pseudo-classes never match");
	OK(!matches(Html, a, "a::before") && !matches(Html, a, "a:after") &&
	   !matches(Html, p, "p::selection") && !matches(Html, p, "p::-webkit-scrollbar"),
	   "pseudo-elements never match");
	OK(matches(Html, a, "[href]"), "[a]");
	OK(matches(Html, a, "[href=\"https://x.example/page.html\"]"), "[a=v]");
	OK(matches(Html, a, "[data-x~=two]") && !matches(Html, a, "[data-x~=tw]"), "[a~=v]");
	OK(matches(Html, a, "[lang|=en]") && !matches(Html, a, "[lang|=e]"), "[a|=v]");
	OK(matches(Html, a, "[href^=https]"), "[a^=v]");
	OK(matches(Html, a, "[href$='.html']"), "[a$=v]");
	OK(matches(Html, a, "[href*=example]") && !matches(Html, a, "[href*='']"), "[a*=v]");
	OK(matches(Html, a, "[href*=EXAMPLE i]") && !matches(Html, a, "[href*=EXAMPLE]"),
	   "i flag");
	OK(matches(Html, th, "th[align=\"center\"]"), "align values are case-insensitive (HTML)");
	OK(matches(Html, a, "[HREF]"), "attribute names are case-insensitive");
	OK(matches(Html, a, "a:lang(en)"), ":lang()");
	OK(matches(Html, li2, "li, p::before, .nope"), "comma list");
	OK(!matches(Html, li2, "li, p:frobnicate"), "one bad selector drops the list");
	OK(!matches(Html, li2, "li,"), "trailing comma is invalid");
	OK(!matches(Html, li2, "> li"), "leading combinator is invalid");
	OK(!matches(Html, li2, "li:has(a)"), ":has() unsupported: dropped");
	OK(!matches(Html, li2, "ns|li") && matches(Html, li2, "*|li"), "namespaces");
}

static void test_specificity(void)
{
	/* Selectors 4 §17: (a, b, c) */
	static const struct { const char *sel; uint32_t spec; } t[] = {
		{ "*", 0 }, { "li", 1 }, { "ul li", 2 }, { ".a", 0x100 }, { "li.a", 0x101 },
		{ "#x", 0x10000 }, { "#x .a li", 0x10101 }, { "a:hover", 0x101 },
		{ "p::before", 2 }, { ":not(#x, .a)", 0x10000 }, { ":is(li, .a)", 0x100 },
		{ ":where(#x)", 0 }, { "li:nth-child(2n of .a)", 0x201 }, { "[href]", 0x100 },
	};
	reset();
	for (size_t i = 0; i < ARRAY_LEN(t); i++) {
		struct css_lexed L;
		css_lex(t[i].sel, strlen(t[i].sel), &L);
		struct css_parser P;
		memset(&P, 0, sizeof P);
		P.e = E;
		P.L = &L;
		P.a = A;
		P.tmp = A;
		const struct css_sel_list *l = css__parse_selectors(&P, 0, L.n - 1, 0);
		OK(l && l->n == 1, "parses: %s", t[i].sel);
		if (l && l->n == 1)
			INT_EQ(l->sel[0].spec, t[i].spec, "specificity of %s", t[i].sel);
		css_lex_free(&L);
	}
}

/* ---- warnings and error recovery -------------------------------------------- */

/* Add the CSS of the deck's <style> block as convert.c does. */
static struct diag_file DF;

static void deck_sheet(const char *deck)
{
	diag_file_init(&DF, "deck.md", deck, strlen(deck));
	const char *open = strstr(deck, "<style>") + 7;
	const char *close = strstr(open, "</style>");
	css_engine_add_sheet(E, CSS_ORIGIN_AUTHOR, open, (size_t)(close - open), &DF,
			     (size_t)(open - deck));
}

static void test_warnings(void)
{
	reset();
	const char *deck =
		"---\n"
		"title: x\n"
		"---\n"
		"<style>\n"
		".slides h1 {\n"
		"    font-size: 36px;\n"
		"    color: \"#50c3a5\";\n"
		"    colr: red;\n"
		"    cursor: pointer; transition: all 1s; -webkit-font-smoothing: x;\n"
		"}\n"
		"</style>\n";
	deck_sheet(deck);
	struct dom_node *c = skeleton();
	struct dom_node *h1 = el(c, "h1");
	author(".slides h1 { color: rgb(1, 2, 3) }");   /* shipped-sheet style: silent */
	cascade();
	const char *out = diag_text();
	OK(strstr(out, "deck.md:7:5: warning: invalid value for 'color': \"#50c3a5\" "
		       "(declaration dropped)\n") != NULL,
	   "quoted colour warning with its position:\n%s", out);
	OK(strstr(out, "deck.md:8:5: warning: unknown property 'colr' (declaration dropped)\n"),
	   "unknown property warning:\n%s", out);
	OK(!strstr(out, "cursor") && !strstr(out, "transition") && !strstr(out, "smoothing"),
	   "real-but-ignored properties are silent");
	INT_EQ(D.n_warnings, 2, "exactly two warnings");
	FLT_EQ(S(h1)->font_size, 36, 0, "the rest of the block applies");
	OK(col_is(S(h1)->color, 0x010203, 255), "the quoted colour did not apply");
	diag_file_free(&DF);

	/* the shipped sheets' known-invalid declarations stay silent */
	reset();
	author("body { background: radial-gradient(center, circle cover, white 0%, #f7f2d3 100%);"
	       " font-smoothing: antialiased; color-profile: sRGB; rendering-intent: auto }"
	       " .x { colr: red; color: \"#fff\" } a::-moz-selection { color: red }");
	INT_EQ(D.n_warnings, 0, "src == NULL sheets are silent");

	/* a missing ';' swallows the next declaration; both are dropped */
	reset();
	deck = "<style>\np {\n  color: red\n  font-size: 20px;\n  margin-top: 3px;\n}\n</style>";
	deck_sheet(deck);
	c = skeleton();
	struct dom_node *p = el(c, "p");
	cascade();
	out = diag_text();
	OK(strstr(out, "deck.md:3:3: warning: invalid value for 'color': red font-size: 20px "
		       "(declaration dropped; missing ';'?)") != NULL, "missing ';':\n%s", out);
	OK(col_is(S(p)->color, 0, 255), "color dropped");
	FLT_EQ(S(p)->font_size, 16, 0, "font-size swallowed");
	FLT_EQ(S(p)->margin[0].v, 3, 0, "the declaration after the ';' applies");
	diag_file_free(&DF);

	/* one invalid selector drops the whole rule */
	reset();
	deck = "<style>\nh1, h2:frob { color: red }\nh2 { margin: 0 auto }\n</style>";
	deck_sheet(deck);
	c = skeleton();
	struct dom_node *h2 = el(c, "h2");
	h1 = el(c, "h1");
	cascade();
	out = diag_text();
	OK(strstr(out, "deck.md:2:1: warning: invalid selector 'h1, h2:frob' (rule dropped)"),
	   "invalid selector warning:\n%s", out);
	OK(col_is(S(h1)->color, 0, 255) && col_is(S(h2)->color, 0, 255), "rule dropped");
	INT_EQ(S(h2)->margin[1].kind, LEN_AUTO, "next rule applies");
	diag_file_free(&DF);

	/* `display: block!important` with no space */
	reset();
	c = skeleton();
	struct dom_node *ul = el(c, "ul");
	author(".slides ul { display: block!important } ul { display: inline-block !important }");
	cascade();
	INT_EQ(S(ul)->display, DISPLAY_BLOCK, "block!important");

	/* style attribute warnings point into the deck */
	reset();
	deck = "# Hi\n\n<span style=\"color: red; colr: 1px\">x</span>\n";
	diag_file_init(&DF, "deck.md", deck, strlen(deck));
	c = skeleton();
	struct dom_node *sp = el(c, "span");
	sp->src_line = 3;
	sp->src_col = 1;
	dom_set_attr(A, sp, "style", "color: red; colr: 1px");
	css_cascade(E, Html, SA, &DF);
	out = diag_text();
	OK(strstr(out, "deck.md:3:26: warning: unknown property 'colr'") != NULL,
	   "style= warning position:\n%s", out);
	OK(col_is(S(sp)->color, 0xff0000, 255), "style= colour applies");
	diag_file_free(&DF);

	/* stray tokens and nested rules are skipped as units */
	reset();
	c = skeleton();
	p = el(c, "p");
	author("p { 12px; color: red; .x { color: blue } margin-left: 2px; @media x { y } "
	       "padding-top: 4px }");
	cascade();
	OK(col_is(S(p)->color, 0xff0000, 255), "declaration after a stray token");
	FLT_EQ(S(p)->margin[3].v, 2, 0, "declaration after a nested rule");
	FLT_EQ(S(p)->padding[0].v, 4, 0, "declaration after an at-rule in a block");
}

/* ---- computed values ---------------------------------------------------------- */

/* What the dumps of tests/css/inheritance.dat cannot show: shared values. */
static void test_inheritance(void)
{
	reset();
	struct dom_node *c = skeleton();
	struct dom_node *p = el(c, "p"), *sp = el(p, "span");
	struct dom_node *t = text(sp, "hi");
	author(".reveal { font-family: \"Source Sans Pro\", Helvetica, sans-serif }");
	cascade();
	OK(t->style == S(sp), "text nodes share their parent's style");
	OK(S(sp)->font_family == S(Reveal)->font_family, "inherited family shares the pointer");

	/* the interning promise: equal lists from different sheets share a pointer */
	reset();
	c = skeleton();
	struct dom_node *a = el(c, "a"), *b = el(c, "b");
	dom_set_attr(A, b, "style", "font-family: 'Lato', serif");
	author("a { font-family: Lato,   serif }");
	cascade();
	OK(S(a)->font_family == S(b)->font_family, "same list, same pointer");
	arena_reset(SA);
	cascade();
	OK(S(a)->font_family == S(b)->font_family, "still shared after the slide arena reset");
}

/* ---- property values ------------------------------------------------------------- */

/* The computed style of a <p> in the skeleton under `css`. */
static const struct computed_style *style_of(const char *css)
{
	reset();
	struct dom_node *c = skeleton();
	struct dom_node *p = el(c, "p");
	author(css);
	cascade();
	return S(p);
}

static void test_values(void)
{
	const struct computed_style *s;
	struct css_color col;

	OK(css_parse_color("#abc", 4, &col) && col_is(col, 0xaabbcc, 255), "#rgb");
	OK(css_parse_color("#abcd", 5, &col) && col_is(col, 0xaabbcc, 0xdd), "#rgba");
	OK(css_parse_color("#A0B1C2", 7, &col) && col_is(col, 0xa0b1c2, 255), "#rrggbb");
	OK(css_parse_color("#a0b1c280", 9, &col) && col_is(col, 0xa0b1c2, 0x80), "#rrggbbaa");
	OK(css_parse_color(" rgb(255, 0, 128) ", 18, &col) && col_is(col, 0xff0080, 255), "rgb()");
	OK(css_parse_color("rgba(0,0,0,.4)", 14, &col) && col_is(col, 0, 102), "rgba()");
	OK(css_parse_color("rgb(100% 0% 50% / 50%)", 22, &col) && col_is(col, 0xff0080, 128),
	   "space syntax with / alpha");
	OK(!css_parse_color("rgb(100%, 0, 0)", 15, &col), "legacy syntax: no mixed types");
	OK(css_parse_color("hsl(120, 100%, 25%)", 19, &col) && col_is(col, 0x008000, 255), "hsl()");
	OK(css_parse_color("hsla(0.5turn 100% 50% / .5)", 27, &col) && col_is(col, 0x00ffff, 128),
	   "hsl with turn");
	OK(css_parse_color("RebeccaPurple", 13, &col) && col_is(col, 0x663399, 255), "names");
	OK(css_parse_color("transparent", 11, &col) && col.a == 0, "transparent");
	OK(!css_parse_color("currentColor", 12, &col), "currentColor is not a colour here");
	OK(!css_parse_color("\"#fff\"", 6, &col), "a quoted colour is not a colour");
	OK(!css_parse_color("#abcde", 6, &col), "5 hex digits");
	OK(!css_parse_color("red blue", 8, &col), "trailing garbage");

	s = style_of("p { background: #fff url(\"img/bg.png\") no-repeat 50% 25% / cover }");
	OK(col_is(s->background_color, 0xffffff, 255), "background colour");
	STR_EQ(s->background_image, "img/bg.png", "background url");
	INT_EQ(s->background_repeat, BG_NO_REPEAT, "repeat");
	INT_EQ(s->background_size, BGS_COVER, "/ size");
	FLT_EQ(s->background_position[1].v, 25, 0, "position y");

	s = style_of("p { background: -webkit-linear-gradient(top, #fff 0%, rgba(0,0,0,.5) 100%) }");
	OK(s->background_gradient && !s->background_gradient->radial, "legacy linear gradient");
	if (s->background_gradient) {
		FLT_EQ(s->background_gradient->angle_deg, 180, 1e-3, "`top` = starts at top = 180deg");
		INT_EQ(s->background_gradient->n_stops, 2, "two stops");
		FLT_EQ(s->background_gradient->stop[1].pos, 1, 1e-6, "100%");
		INT_EQ(s->background_gradient->stop[1].color.a, 128, "stop alpha");
	}
	s = style_of("p { background-image: linear-gradient(to right, red, blue 30%, green) }");
	OK(s->background_gradient && s->background_gradient->n_stops == 3, "to right: 3 stops");
	if (s->background_gradient) {
		FLT_EQ(s->background_gradient->angle_deg, 90, 1e-3, "to right = 90deg");
		FLT_EQ(s->background_gradient->stop[0].pos, -1, 0, "auto position");
	}
	s = style_of("p { background: linear-gradient(45deg, red, blue) }");
	OK(s->background_gradient && fabs(s->background_gradient->angle_deg - 45) < 1e-3, "45deg");
	s = style_of("body { background: #f7f3de }"
		     "p { background: -webkit-radial-gradient(center, circle cover, white 0%, #f7f2d3 100%);"
		     " background: radial-gradient(center, circle cover, white 0%, #f7f2d3 100%);"
		     " background-color: #f7f3de }");
	OK(s->background_gradient && s->background_gradient->radial,
	   "beige: the -webkit- radial survives, the invalid unprefixed one is dropped");
	OK(col_is(s->background_color, 0xf7f3de, 255), "and the colour after it applies");
	s = style_of("p { background-image: radial-gradient(circle at 50% 50%, red, blue) }");
	OK(s->background_gradient && s->background_gradient->radial, "standard radial");
	s = style_of("p { background: repeating-linear-gradient(red, blue 10%) }");
	OK(s->background_gradient && s->background_gradient->angle_deg == 180, "repeating → plain");

	s = style_of("p { box-shadow: 0 5px 15px rgba(0,0,0,.15), inset 1px 2px 3px 4px red }");
	INT_EQ(s->n_box_shadow, 2, "two shadows");
	FLT_EQ(s->box_shadow[0].y, 5, 0, "y");
	FLT_EQ(s->box_shadow[0].blur, 15, 0, "blur");
	OK(s->box_shadow[1].inset && s->box_shadow[1].spread == 4, "inset, spread");
	s = style_of("p { text-shadow: 2px 2px 2px #222, 1px 1px #eee }");
	INT_EQ(s->n_text_shadow, 2, "text shadows");
	FLT_EQ(s->text_shadow[1].blur, 0, 0, "blur defaults to 0");
	s = style_of("p { box-shadow: 1px 2px 3px 4px 5px }");
	INT_EQ(s->n_box_shadow, 0, "five lengths are invalid");

	s = style_of("p { transform: translate(-50%, 10px) scale(2) rotate(0.25turn) "
		     "skewX(10deg) matrix(1,0,0,1,5,6); transform-origin: left top }");
	INT_EQ(s->transform.n, 5, "five functions");
	INT_EQ(s->transform.f[0].op, 't', "translate");
	INT_EQ(s->transform.f[0].a.kind, LEN_PCT, "translate x %");
	FLT_EQ(s->transform.f[0].b.v, 10, 0, "translate y px");
	FLT_EQ(s->transform.f[1].b.v, 2, 0, "scale(2) sy");
	FLT_EQ(s->transform.f[2].a.v, 90, 1e-4, "rotate 0.25turn");
	FLT_EQ(s->transform.f[3].a.v, 10, 1e-4, "skewX");
	FLT_EQ(s->transform.f[4].m[5], 6, 0, "matrix f");
	FLT_EQ(s->transform.origin[0].v, 0, 0, "origin left");
	FLT_EQ(s->transform.origin[1].v, 0, 0, "origin top");
	s = style_of("p { transform: translate3d(1em, 2px, 3px) rotateY(30deg) scaleY(3) }");
	INT_EQ(s->transform.n, 2, "3D rotation dropped, translate3d and scaleY kept");
	FLT_EQ(s->transform.f[0].a.v, 16, 0, "translate em → px");
	FLT_EQ(s->transform.f[1].a.v, 1, 0, "scaleY keeps x");
	s = style_of("p { transform: scale(2) frob(1) }");
	INT_EQ(s->transform.n, 0, "an unknown function invalidates");

	s = style_of("p { font: italic small-caps bold 24px/1.5 \"Open Sans\", sans-serif }");
	OK(s->font_italic && s->font_small_caps, "style, variant");
	INT_EQ(s->font_weight, 700, "weight");
	FLT_EQ(s->font_size, 24, 0, "size");
	FLT_EQ(s->line_height.v, 1.5, 1e-6, "/ line-height");
	STR_EQ(s->font_family, "Open Sans, sans-serif", "family");
	s = style_of("p { line-height: 2; font-weight: 300; font: 12px serif }");
	INT_EQ(s->line_height.kind, LEN_NORMAL, "font resets line-height");
	INT_EQ(s->font_weight, 400, "font resets weight");
	s = style_of("p { font: 600 2em/30px Lato }");
	INT_EQ(s->font_weight, 600, "numeric weight in font");
	FLT_EQ(s->line_height.v, 30, 0, "px line-height");
	s = style_of("p { font-size: 20px; font: caption; font: 12px }");
	FLT_EQ(s->font_size, 20, 0, "system font ignored, family-less font invalid");

	s = style_of("p { margin: 1px 2px 3px; padding: 1% 2px; border-radius: 4px 5px / 9px;"
		     " border-top-left-radius: 6px 7px; inset: 1px auto }");
	FLT_EQ(s->margin[3].v, 2, 0, "margin 3 values: left = right");
	INT_EQ(s->padding[2].kind, LEN_PCT, "padding %");
	FLT_EQ(s->border_radius[0].v, 6, 0, "corner longhand (horizontal)");
	FLT_EQ(s->border_radius[1].v, 5, 0, "shorthand horizontal radii");
	FLT_EQ(s->border_radius[3].v, 5, 0, "4th = 2nd");
	INT_EQ(s->inset[1].kind, LEN_AUTO, "inset");

	s = style_of("p { width: calc(100px - 2em); height: calc((10% + 20%) * 2);"
		     " min-width: calc(2 * 1rem + 3px); max-width: calc(100% - 20px) }");
	FLT_EQ(s->width.v, 68, 1e-4, "calc px - em");
	INT_EQ(s->height.kind, LEN_PCT, "pure percentage calc");
	FLT_EQ(s->height.v, 60, 1e-4, "(10% + 20%) * 2");
	FLT_EQ(s->min_width.v, 35, 1e-4, "calc rem");
	INT_EQ(s->max_width.kind, LEN_NONE, "calc mixing % and px is dropped");
	s = style_of("p { width: calc(1px+2px); height: calc(10px / 0); margin-top: min(10px, 5px);"
		     " margin-left: clamp(1px, 50px, 20px) }");
	INT_EQ(s->width.kind, LEN_AUTO, "+ needs spaces");
	INT_EQ(s->height.kind, LEN_AUTO, "division by zero");
	FLT_EQ(s->margin[0].v, 5, 0, "min()");
	FLT_EQ(s->margin[3].v, 20, 0, "clamp()");

	s = style_of("p { display: flex; flex-flow: column wrap; justify-content: space-between;"
		     " align-items: center; align-self: flex-end; flex: 2 3 10px; gap: 4px 6px }");
	INT_EQ(s->flex_direction, FLEX_COLUMN, "flex-flow direction");
	INT_EQ(s->flex_wrap, FLEX_WRAP, "flex-flow wrap");
	INT_EQ(s->justify_content, ALIGN_SPACE_BETWEEN, "justify-content");
	INT_EQ(s->align_items, ALIGN_CENTER, "align-items");
	INT_EQ(s->align_self, ALIGN_FLEX_END, "align-self");
	FLT_EQ(s->flex_grow, 2, 0, "grow");
	FLT_EQ(s->flex_shrink, 3, 0, "shrink");
	FLT_EQ(s->flex_basis.v, 10, 0, "basis");
	FLT_EQ(s->gap.v, 6, 0, "gap: the column gap");
	s = style_of("p { flex: 1 }");
	INT_EQ(s->flex_basis.kind, LEN_PCT, "flex: 1 → basis 0%");
	s = style_of("p { flex: none; -webkit-transform: rotate(5deg); -moz-transform: rotate(9deg) }");
	FLT_EQ(s->flex_shrink, 0, 0, "flex: none");
	FLT_EQ(s->transform.f[0].a.v, 5, 0, "-webkit-transform alias; -moz- ignored");

	s = style_of("p { list-style: square inside url(b.png); text-align: -webkit-center;"
		     " text-transform: uppercase; white-space: pre-wrap; direction: rtl;"
		     " vertical-align: 10%; line-height: 20px; word-wrap: break-word;"
		     " word-break: break-all; opacity: 50%; z-index: -3; overflow: hidden auto;"
		     " visibility: hidden; box-sizing: border-box; object-fit: contain }");
	INT_EQ(s->list_style_type, LST_SQUARE, "list-style type");
	INT_EQ(s->list_style_position, LSP_INSIDE, "position");
	STR_EQ(s->list_style_image, "b.png", "image");
	INT_EQ(s->text_align, TA_WEBKIT_CENTER, "-webkit-center");
	INT_EQ(s->text_transform, TT_UPPERCASE, "uppercase");
	INT_EQ(s->white_space, WS_PRE_WRAP, "pre-wrap");
	INT_EQ(s->direction, DIR_RTL, "rtl");
	INT_EQ(s->vertical_align, VA_LENGTH, "vertical-align length");
	FLT_EQ(s->vertical_align_len.v, 2, 1e-5, "10% of 20px line-height");
	OK(s->overflow_wrap && s->word_break_all, "wrapping");
	FLT_EQ(s->opacity, 0.5, 0, "opacity %");
	OK(!s->z_index_auto && s->z_index == -3, "z-index");
	OK(s->overflow_x == OVERFLOW_HIDDEN && s->overflow_y == OVERFLOW_AUTO, "overflow x y");
	INT_EQ(s->visibility, VIS_HIDDEN, "visibility");
	INT_EQ(s->box_sizing, BOX_BORDER, "box-sizing");
	INT_EQ(s->object_fit, FIT_CONTAIN, "object-fit");
	s = style_of("p { list-style: none; } p { list-style-type: lower-latin }");
	INT_EQ(s->list_style_type, LST_LOWER_ALPHA, "lower-latin → lower-alpha");
	s = style_of("p { list-style-type: armenian }");
	INT_EQ(s->list_style_type, LST_DECIMAL, "unknown counter style → decimal");
	s = style_of("p { list-style: none }");
	INT_EQ(s->list_style_type, LST_NONE, "list-style: none");
	s = style_of("p { display: grid } p { display: inline flow-root }");
	INT_EQ(s->display, DISPLAY_INLINE_BLOCK, "two-value display");
	s = style_of("p { display: flow-root; text-decoration: underline line-through red }");
	INT_EQ(s->display, DISPLAY_BLOCK, "flow-root → block");
	INT_EQ(s->text_decoration, TD_UNDERLINE | TD_LINE_THROUGH, "two lines");
	OK(col_is(s->text_decoration_color, 0xff0000, 255), "decoration colour");
	s = style_of("p { width: -5px; padding: -1px; margin: -1px; font-size: -2px }");
	INT_EQ(s->width.kind, LEN_AUTO, "negative width invalid");
	FLT_EQ(s->padding[0].v, 0, 0, "negative padding invalid");
	FLT_EQ(s->margin[0].v, -1, 0, "negative margin fine");
	FLT_EQ(s->font_size, 16, 0, "negative font-size invalid");
	reset();
	deck_sheet("<style>p { width: max-content; max-height: fit-content(10px); --x: { a: b };"
		   " --y: 1; color: red }</style>");
	struct dom_node *p = el(skeleton(), "p");
	cascade();
	INT_EQ(S(p)->width.kind, LEN_AUTO, "max-content: auto");
	INT_EQ(S(p)->max_height.kind, LEN_NONE, "fit-content(): none");
	OK(col_is(S(p)->color, 0xff0000, 255), "custom properties skipped, with blocks");
	INT_EQ(D.n_warnings, 0, "… silently, even in the deck's CSS: %s", diag_text());
	diag_file_free(&DF);
	s = style_of("p { width: 10 }");
	INT_EQ(s->width.kind, LEN_AUTO, "unitless non-zero length invalid");
	s = style_of("p { width: 0 }");
	INT_EQ(s->width.kind, LEN_PX, "unitless zero is a length");
	s = style_of("p { color: RED !IMPORTANT } p { color: blue }");
	OK(col_is(s->color, 0xff0000, 255), "!IMPORTANT is case-insensitive");
	s = style_of("p { color: red ! important } p { color: blue }");
	OK(col_is(s->color, 0xff0000, 255), "`! important` with a space");
	s = style_of("p { color: red !importantx }");
	OK(col_is(s->color, 0, 255), "!importantx is invalid");
	s = style_of("p { background-position: right 10px bottom; background-size: 50% auto }");
	FLT_EQ(s->background_position[0].v, 100, 0, "right");
	FLT_EQ(s->background_position[1].v, 100, 0, "bottom");
	INT_EQ(s->background_size, BGS_LENGTH, "size lengths");
	INT_EQ(s->background_size_len[1].kind, LEN_AUTO, "auto height");
}

/* ---- the dump ---------------------------------------------------------------------- */

static void test_dump(void)
{
	reset();
	struct dom_node *c = skeleton();
	struct dom_node *h1 = el(c, "h1.title.big#t");
	text(h1, "x");
	author("html { font-size: 16px } .reveal { font-size: 42px; color: #222 }"
	       ".reveal h1 { font-size: 2.5em; font-weight: 600; margin: 0 0 20px 0; display: block }"
	       "section { display: block; line-height: 1.3 }");
	cascade();
	char *buf = style_dump(Section);
	STR_EQ(buf, "<section.present> display:block line-height:1.3\n"
		    "  <div>\n"
		    "    <h1.title.big#t> display:block margin:0 0 20px 0 font-size:105px font-weight:600\n",
	       "style dump");
	free(buf);

	reset();
	c = skeleton();
	struct dom_node *x = el(c, "p.x");
	author(".x { transform: translate(-50%, 2px) rotate(45deg) scale(1.5); color: red;"
	       " background: linear-gradient(to right, #fff, rgba(0,0,0,.5) 50%);"
	       " box-shadow: inset 0 0 2px blue; border: 1px dotted; border-left-color: green;"
	       " text-decoration: underline; opacity: .25; z-index: 2 }");
	cascade();
	buf = style_dump(x);
	STR_EQ(buf, "<p.x> border-width:1px 1px 1px 1px border-style:dotted dotted dotted dotted"
		    " border-color:#ff0000 #ff0000 #ff0000 #008000 z-index:2 opacity:0.25"
		    " box-shadow:inset 0 0 2px 0 #0000ff"
		    " transform:translate(-50%,2px) rotate(45deg) scale(1.5,1.5)"
		    " background-image:linear-gradient(90deg,#ffffff,#00000080 50%)"
		    " text-decoration:underline color:#ff0000\n", "value printers");
	free(buf);
}

/* ---- pathological input --------------------------------------------------------- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* @font-face (CSS Fonts 4 §4): family, url() sources in order, weight and
 * style; local() skipped; a rule without a family or url() dropped with a
 * warning; rules inside @media kept when it applies; a shipped sheet's
 * rules ignored. */
static void test_font_face(void)
{
	reset();
	deck_sheet("<style>\n"
		   "@font-face { font-family: \"Deck Sans\"; font-weight: bold; font-style: italic;\n"
		   "  src: local(\"Deck Sans\"), url(fonts/d.woff2) format(\"woff2\"),\n"
		   "       url('fonts/d.ttf') format('truetype'); }\n"
		   "@font-face { font-family: Open Sans; src: url(o.otf) }\n"
		   "@font-face { src: url(x.ttf) }\n"
		   "@font-face { font-family: x; src: local(x) }\n"
		   "@media (max-width: 100px) { @font-face { font-family: y; src: url(y.ttf) } }\n"
		   "</style>\n");
	sheet(CSS_ORIGIN_UA, "@font-face { font-family: ua; src: url(ua.ttf) }");
	size_t n;
	const struct css_font_face *f = css_engine_font_faces(E, &n);
	INT_EQ(n, 2, "two usable rules");
	if (n == 2) {
		STR_EQ(f[0].family, "Deck Sans", "a quoted family");
		INT_EQ(f[0].n_src, 2, "local() skipped");
		STR_EQ(f[0].src[0], "fonts/d.woff2", "first url()");
		STR_EQ(f[0].src[1], "fonts/d.ttf", "second url(), quoted");
		INT_EQ(f[0].weight, 700, "bold");
		OK(f[0].italic, "italic");
		STR_EQ(f[1].family, "Open Sans", "identifiers joined");
		INT_EQ(f[1].weight, 400, "weight defaults to 400");
	}
	OK(strstr(diag_text(), "@font-face without a font-family (rule dropped)") != NULL,
	   "no family: %s", diag_text());
	OK(strstr(diag_text(), "@font-face without a url() source (rule dropped)") != NULL,
	   "no url(): %s", diag_text());
}

static void test_pathological(void)
{
	/* 100 000 rules: capped at MAX_CSS_RULES with one clear warning */
	reset();
	struct strbuf b;
	strbuf_init(&b, 0);
	for (int i = 0; i < 100000; i++)
		strbuf_printf(&b, ".c%d{color:red}", i);
	double t0 = now();
	struct diag_file df;
	diag_file_init(&df, "big.css", b.s, b.len);
	int n = css_engine_add_sheet(E, CSS_ORIGIN_AUTHOR, b.s, b.len, &df, 0);
	INT_EQ(n, MAX_CSS_RULES, "rules capped");
	OK(strstr(diag_text(), "more than 50000 CSS rules") != NULL, "cap warning: %s", diag_text());
	INT_EQ(D.n_warnings, 1, "one warning for the cap");
	struct dom_node *c = skeleton();
	struct dom_node *p = el(c, "p.c49999");
	cascade();
	OK(col_is(S(p)->color, 0xff0000, 255), "rules below the cap apply");
	OK(now() - t0 < 2 * SLOWDOWN, "100 000 rules in under 2 s (%.3f s)", now() - t0);
	diag_file_free(&df);
	strbuf_free(&b);

	/* deep nesting: brackets, blocks, functions, :not(), @media */
	static const char *const open[] = { "{", "(", "[", "a(", ":not(", "@media screen{",
					     "p{color:calc(" };
	for (size_t k = 0; k < ARRAY_LEN(open); k++) {
		reset();
		strbuf_init(&b, 0);
		strbuf_puts(&b, "p { color: red } x");
		for (int i = 0; i < 10000; i++)
			strbuf_puts(&b, open[k]);
		strbuf_puts(&b, " p { color: blue }");
		t0 = now();
		author(b.s);
		c = skeleton();
		p = el(c, "p");
		cascade();
		OK(col_is(S(p)->color, 0xff0000, 255), "10 000 × '%s' is one unclosed rule", open[k]);
		OK(now() - t0 < 1 * SLOWDOWN, "… quickly (%.3f s)", now() - t0);
		strbuf_free(&b);
	}

	/* deep nesting inside a value and in a style attribute */
	reset();
	strbuf_init(&b, 0);
	strbuf_puts(&b, "width: ");
	for (int i = 0; i < 10000; i++)
		strbuf_puts(&b, "calc(");
	strbuf_puts(&b, "1px");
	for (int i = 0; i < 10000; i++)
		strbuf_puts(&b, ")");
	strbuf_puts(&b, "; color: red");
	c = skeleton();
	p = el(c, "p");
	dom_set_attr(A, p, "style", b.s);
	cascade();
	OK(col_is(S(p)->color, 0xff0000, 255), "deep calc() is dropped, the rest applies");
	INT_EQ(S(p)->width.kind, LEN_AUTO, "deep calc() invalid");
	strbuf_free(&b);

	/* unterminated things, NUL and invalid UTF-8 */
	static const char *const bad[] = {
		"p { color: red", "p { content: 'abc", "p { x: url(abc", "/* p { color: blue }",
		"p { color: red } \"", "p { color: red } }}}}", "p[", "p:nth-child(", "@media (",
		"p { color: red } @media", "\\", "p { color: red; } #", "p{color:red}\0p{color:blue}",
		"p { color: red } \xff\xfe{color:blue} \xc3", "p { font-family: \xe2\x82 }",
	};
	static const size_t bad_len[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 26, 0, 0 };
	for (size_t k = 0; k < ARRAY_LEN(bad); k++) {
		reset();
		size_t len = bad_len[k] ? bad_len[k] : strlen(bad[k]);
		css_engine_add_sheet(E, CSS_ORIGIN_AUTHOR, bad[k], len, NULL, 0);
		c = skeleton();
		p = el(c, "p");
		cascade();
		OK(S(p) != NULL, "survives case %zu", k);
	}
	reset();
	author("p { color: red");
	c = skeleton();
	p = el(c, "p");
	cascade();
	OK(col_is(S(p)->color, 0xff0000, 255), "an unclosed block still applies (EOF closes it)");

	/* every byte value, shuffled deterministically: must not crash */
	reset();
	unsigned x = 12345;
	char *junk = xmalloc(1 << 16);
	for (size_t i = 0; i < (1u << 16); i++) {
		x = x * 1103515245u + 12345u;
		static const char alphabet[] = "{}()[];:,.#@!*>+~='\"\\/ \n-_0123456789abcdefpx%";
		junk[i] = (x >> 16) % 5 ? alphabet[(x >> 8) % (sizeof alphabet - 1)] : (char)(x >> 8);
	}
	t0 = now();
	css_engine_add_sheet(E, CSS_ORIGIN_AUTHOR, junk, 1 << 16, NULL, 0);
	c = skeleton();
	el(c, "p");
	cascade();
	OK(now() - t0 < 2 * SLOWDOWN, "64 KiB of noise in %.3f s", now() - t0);
	free(junk);

	/* a sheet over the size limit is cut with a warning */
	reset();
	size_t big = MAX_CSS_SHEET_BYTES + 100;
	char *huge = xmalloc(big);
	memset(huge, ' ', big);
	memcpy(huge, "p{color:red}", 12);
	n = css_engine_add_sheet(E, CSS_ORIGIN_AUTHOR, huge, big, NULL, 0);
	INT_EQ(n, 1, "the start of an oversized sheet is used");
	OK(strstr(diag_text(), "larger than") != NULL, "size warning");
	free(huge);
}

/* ---- timing ----------------------------------------------------------------------- */

static void test_timing(void)
{
	/* A theme-sized workload: 600 rules over 60 distinct classes and tags,
	 * cascaded over a 100-element slide 200 times. */
	reset();
	struct strbuf b;
	strbuf_init(&b, 0);
	static const char *const tags[] = { "p", "li", "ul", "h1", "h2", "a", "span", "img",
					    "code", "pre", "table", "td" };
	for (int i = 0; i < 600; i++)
		strbuf_printf(&b, ".reveal .slides section %s.k%d:not(.x) > %s, .reveal %s%s { "
			      "color: #%06x; margin: %dpx 1em; font-size: %d%% }\n",
			      tags[i % 12], i % 60, tags[(i + 1) % 12], tags[(i + 5) % 12],
			      i % 3 ? "" : ":first-child", i * 977 % 0xffffff, i % 20, 80 + i % 40);
	author(b.s);
	strbuf_free(&b);
	struct dom_node *c = skeleton();
	for (int i = 0; i < 30; i++) {
		struct dom_node *p = el(c, tags[i % 12]);
		char cls[16];
		snprintf(cls, sizeof cls, "k%d", i);
		dom_set_attr(A, p, "class", cls);
		el(el(p, "span"), "a");
	}
	int reps = 200;
	double t0 = now();
	for (int r = 0; r < reps; r++) {
		arena_reset(SA);
		cascade();
	}
	double per = (now() - t0) / reps * 1000;
	printf("# cascade: 600 rules x 98 elements: %.3f ms per slide\n", per);
	OK(per < 5 * SLOWDOWN, "cascade well under budget (%.3f ms per slide)", per);
}

int main(void)
{
	test_tokenizer();
	test_cascade_cases();
	test_selectors();
	test_specificity();
	test_warnings();
	test_inheritance();
	test_values();
	test_dump();
	test_font_face();
	test_pathological();
	test_timing();
	reset();
	arena_free(A);
	arena_free(SA);
	fclose(Dout);
	free(Dbuf);
	return done_testing();
}
