/*
 * test_texmath.c — TeX math → readable Unicode DOM (texmath.c): symbols,
 * italic variables, spacing of operators, scripts, fractions, radicals,
 * alphabets, environments, unknown commands and hostile input.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1
#include "harness.h"

#include "markdown/dom.h"
#include "markdown/texmath.h"
#include "base/util.h"

#include <stdlib.h>

static struct arena *A;
static int n_unknown;
static char unknown[256];

/* Convert tex; returns the dom_dump of the result. */
static char *conv(const char *tex, bool display)
{
	struct dom_node *root = dom_new_element(A, "span");
	struct strbuf u;
	strbuf_init(&u, 1024);
	n_unknown = texmath_to_dom(A, tex, strlen(tex), display, root, &u);
	snprintf(unknown, sizeof unknown, "%s", u.s ? u.s : "");
	strbuf_free(&u);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	dom_dump(f, root);
	fclose(f);
	return buf;
}

/* The text of the dump's text nodes joined (structure dropped). */
static char *flat(const char *dump)
{
	char *o = malloc(strlen(dump) + 1);
	size_t k = 0;
	for (const char *line = dump; *line;) {
		const char *eol = strchr(line, '\n');
		if (!eol)
			eol = line + strlen(line);
		const char *p = line;
		while (*p == ' ')
			p++;
		if (*p == '"' && eol > p + 1 && eol[-1] == '"') {
			memcpy(o + k, p + 1, (size_t)(eol - p - 2));
			k += (size_t)(eol - p - 2);
		}
		line = *eol ? eol + 1 : eol;
	}
	o[k] = '\0';
	return o;
}

#define HAS(out, needle) OK(strstr(out, needle) != NULL, "expected %s in:\n%s", needle, out)

static void test_symbols_and_spacing(void)
{
	char *d = conv("\\alpha+\\beta=-x \\leq \\infty", false);
	char *t = flat(d);
	STR_EQ(t, "\xce\xb1 + \xce\xb2 = \xe2\x88\x92x \xe2\x89\xa4 \xe2\x88\x9e", "spacing, unary minus");
	HAS(d, "<i>");
	INT_EQ(n_unknown, 0, "all known");
	free(t);
	free(d);

	d = conv("\\sin x \\cdot \\lim_{n \\to \\infty} a_n", false);
	t = flat(d);
	HAS(t, "sin");
	HAS(t, "lim");
	HAS(d, "<sub>");
	HAS(t, "n \xe2\x86\x92 \xe2\x88\x9e");
	free(t);
	free(d);
}

/* Every command of the symbol table is found (the table's order). */
static void test_all_symbols(void)
{
	static const char *const names[] = { "rightarrow", "rVert", "lVert", "rvert", "lvert",
		"Rightarrow", "to", "gets", "varphi", "Omega", "zeta", "{", "}", "|", "_", "#",
		"aleph", "cdots", "vdots", "ddots", "neq", "leq", "geq", "sum", "prod", "int" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char tex[32];
		snprintf(tex, sizeof tex, "\\%s", names[i]);
		char *d = conv(tex, false);
		OK(n_unknown == 0, "\\%s known", names[i]);
		free(d);
	}
}

static void test_structures(void)
{
	char *d = conv("\\frac{a+1}{b}", false);
	HAS(d, "display: inline-table");
	HAS(d, "border-bottom");
	free(d);

	d = conv("{n \\choose k} + {1 \\over 2}", false);
	char *t = flat(d);
	HAS(t, "(nk) + 12");
	free(t);
	free(d);

	d = conv("\\sqrt[3]{x} \\sqrt{y} \\sqrt[n]{z}", false);
	t = flat(d);
	HAS(t, "\xe2\x88\x9b");
	HAS(t, "\xe2\x88\x9a");
	HAS(d, "<sup>");
	HAS(d, "overline");
	free(t);
	free(d);

	d = conv("\\mathbb{RZ}^n \\mathcal{L} \\mathfrak{g} \\mathbf{v} \\text{if } x", false);
	t = flat(d);
	HAS(t, "\xe2\x84\x9d\xe2\x84\xa4");    /* ℝℤ */
	HAS(t, "\xe2\x84\x92");                 /* ℒ */
	HAS(t, "\xf0\x9d\x94\xa4");             /* 𝔤 */
	HAS(d, "<b>");
	HAS(t, "if ");
	free(t);
	free(d);

	d = conv("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", true);
	HAS(d, "display: table-row");
	t = flat(d);
	HAS(t, "(");
	HAS(t, ")");
	free(t);
	free(d);

	/* `\\\\` (a Markdown-escaped row break) gives no empty row */
	d = conv("\\begin{matrix} a \\\\\\\\ b \\end{matrix}", true);
	const char *p = d;
	int rows = 0;
	while ((p = strstr(p, "table-row"))) {
		rows++;
		p++;
	}
	INT_EQ(rows, 2, "two rows");
	free(d);

	d = conv("\\hat{x} \\vec{v} \\not= \\bbox[5px,gold]{y}", false);
	t = flat(d);
	HAS(t, "x\xcc\x82");
	HAS(t, "v\xe2\x83\x97");
	HAS(t, "=\xcc\xb8");
	HAS(d, "background-color: gold");
	free(t);
	free(d);
}

static void test_unknown_and_hostile(void)
{
	char *d = conv("\\foo x \\bar{y} \\foo", false);
	INT_EQ(n_unknown, 2, "two unknown uses");
	STR_EQ(unknown, "\\foo", "reported once");
	HAS(d, "\\\\foo");
	free(d);

	struct strbuf b;
	strbuf_init(&b, 0);
	for (int i = 0; i < 5000; i++)
		strbuf_puts(&b, "{\\frac{");
	strbuf_puts(&b, "x}}}}^_&\\\\\\end{x}\\left");
	d = conv(b.s, true);
	OK(d != NULL, "deep nesting");
	free(d);
	strbuf_free(&b);
	d = conv("\\", false);
	OK(d != NULL, "lone backslash");
	free(d);
	d = conv("}{\\sqrt[", false);
	OK(d != NULL, "unbalanced");
	free(d);
}

int main(void)
{
	A = arena_new();
	test_symbols_and_spacing();
	test_all_symbols();
	test_structures();
	test_unknown_and_hostile();
	arena_free(A);
	return done_testing();
}
