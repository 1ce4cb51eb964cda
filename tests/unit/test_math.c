/*
 * test_math.c — the TeX reader of src/math/ (tex.c): macro expansion
 * (\newcommand with arguments and an optional default, \def, definitions
 * kept across formulas, \renewcommand), the expansion limits (a recursive
 * macro and a \def bomb end with a warning), nesting limits, and the math
 * list it builds for the common constructs.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1
#include "harness.h"

#include "math/mlist.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <stdlib.h>
#include <time.h>

static struct arena *A;
static int n_warn;
static char last_warn[256];

static void on_warn(void *ctx, size_t off, const char *msg)
{
	(void)ctx;
	(void)off;
	n_warn++;
	snprintf(last_warn, sizeof last_warn, "%s", msg);
}

static const struct math_warn W = { on_warn, NULL };

/* The list of tex, written as one letter per node kind and the code
 * points of symbols: "S(x)" a symbol, "F[...][...]" a fraction… */
static void describe(struct strbuf *b, const struct mnode *n)
{
	for (; n; n = n->next) {
		switch (n->kind) {
		case MK_SYM:
			if (n->cp < 0x80)
				strbuf_printf(b, "%c", (char)n->cp);
			else
				strbuf_printf(b, "<%X>", n->cp);
			break;
		case MK_GROUP:
			strbuf_puts(b, "{");
			describe(b, n->a);
			strbuf_puts(b, "}");
			break;
		case MK_FRAC:
			strbuf_puts(b, "F[");
			describe(b, n->a);
			strbuf_puts(b, "][");
			describe(b, n->b);
			strbuf_puts(b, "]");
			break;
		case MK_SQRT:
			strbuf_puts(b, "R[");
			describe(b, n->a);
			strbuf_puts(b, "]");
			break;
		case MK_TEXT:
			strbuf_printf(b, "T'%.*s'", (int)n->text_len, n->text);
			break;
		case MK_ERROR:
			strbuf_printf(b, "E'%.*s'", (int)n->text_len, n->text);
			break;
		case MK_SPACE:
			strbuf_puts(b, "_");
			break;
		case MK_LEFTRIGHT:
			strbuf_printf(b, "L%X[", n->cp);
			describe(b, n->a);
			strbuf_printf(b, "]%X", n->cp2);
			break;
		case MK_ARRAY:
			strbuf_printf(b, "A%dx%d", n->arr->rows, n->arr->cols);
			break;
		default:
			strbuf_printf(b, "?%d", (int)n->kind);
			break;
		}
		if (n->has_sub) {
			strbuf_puts(b, "_(");
			describe(b, n->sub);
			strbuf_puts(b, ")");
		}
		if (n->has_sup) {
			strbuf_puts(b, "^(");
			describe(b, n->sup);
			strbuf_puts(b, ")");
		}
	}
}

/* Parse tex; returns its description (static buffer). */
static const char *parse(const char *tex, bool *error)
{
	static char out[4096];
	n_warn = 0;
	last_warn[0] = '\0';
	struct mnode *l = tex_parse(A, tex, strlen(tex), &W, error, NULL);
	struct strbuf b;
	strbuf_init(&b, sizeof out - 1);
	describe(&b, l);
	snprintf(out, sizeof out, "%s", b.s ? b.s : "");
	strbuf_free(&b);
	return out;
}

static void test_structures(void)
{
	bool err;
	/* math italic letters are U+1D44E…, digits stay ASCII */
	STR_EQ(parse("x^2_i", &err), "<1D465>_(<1D456>)^(2)", "scripts");
	STR_EQ(parse("\\frac{a}{b}", &err), "F[<1D44E>][<1D44F>]", "\\frac");
	STR_EQ(parse("\\sqrt{2}", &err), "R[2]", "\\sqrt");
	STR_EQ(parse("\\mathbb{R}", &err), "{<211D>}", "\\mathbb hole");
	STR_EQ(parse("\\sin x", &err), "T'sin'<1D465>", "operator name");
	STR_EQ(parse("\\left( a \\right)", &err), "L28[<1D44E>]29", "\\left\\right");
	STR_EQ(parse("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", &err), "L28[A2x2]29",
	       "pmatrix");
	STR_EQ(parse("a \\over b", &err), "F[<1D44E>][<1D44F>]", "\\over");
	STR_EQ(parse("f'", &err), "<1D453>^(<2032>)", "prime");
	STR_EQ(parse("a-b", &err), "<1D44E><2212><1D44F>", "minus sign");
	OK(!err, "no error");
}

static void test_macros(void)
{
	bool err;
	tex_reset_macros();
	STR_EQ(parse("\\newcommand{\\R}{\\mathbb{R}} x \\in \\R", &err), "<1D465><2208>{<211D>}",
	       "\\newcommand without arguments");
	/* definitions last for the deck (MathJax keeps them for the page) */
	STR_EQ(parse("\\R", &err), "{<211D>}", "kept for later formulas");
	STR_EQ(parse("\\newcommand{\\pair}[2]{(#1,#2)} \\pair{a}{b}", &err),
	       "(<1D44E>,<1D44F>)", "two arguments");
	STR_EQ(parse("\\newcommand{\\opt}[2][x]{#1#2} \\opt{y} \\opt[z]{y}", &err),
	       "<1D465><1D466><1D467><1D466>", "optional argument and its default");
	STR_EQ(parse("\\def\\sq#1{#1^2} \\sq{a}", &err), "<1D44E>^(2)", "\\def");
	STR_EQ(parse("\\renewcommand{\\R}{r} \\R", &err), "<1D45F>", "\\renewcommand");
	STR_EQ(parse("\\foo", &err), "E'\\foo'", "unknown macro: its name in red");
	INT_EQ(n_warn, 1, "one warning for it");
	OK(strstr(last_warn, "\\foo") != NULL, "names the macro: %s", last_warn);
	tex_reset_macros();
	STR_EQ(parse("\\R", &err), "E'\\R'", "reset forgets");
}

static void test_limits(void)
{
	bool err;
	tex_reset_macros();
	/* a macro that calls itself */
	clock_t t0 = clock();
	parse("\\def\\x{\\x\\x} \\x", &err);
	OK(n_warn >= 1, "recursive macro warns");
	OK(strstr(last_warn, "macro") != NULL, "why: %s", last_warn);
	/* the \def bomb: each level doubles */
	parse("\\def\\a{xx}\\def\\b{\\a\\a\\a\\a}\\def\\c{\\b\\b\\b\\b}\\def\\d{\\c\\c\\c\\c}"
	      "\\def\\e{\\d\\d\\d\\d}\\def\\f{\\e\\e\\e\\e}\\def\\g{\\f\\f\\f\\f}\\def\\h{\\g\\g\\g\\g}"
	      "\\h\\h\\h\\h\\h\\h\\h\\h", &err);
	OK(n_warn >= 1, "\\def bomb warns");
	/* deep nesting */
	struct strbuf b;
	strbuf_init(&b, 0);
	for (int i = 0; i < 5000; i++)
		strbuf_puts(&b, "\\frac{1}{");
	parse(b.s, &err);
	OK(n_warn >= 1, "deep \\frac warns");
	strbuf_free(&b);
	strbuf_init(&b, 0);
	for (int i = 0; i < 5000; i++)
		strbuf_puts(&b, "\\sqrt{\\left(");
	parse(b.s, &err);
	OK(n_warn >= 1, "deep \\sqrt and \\left warn");
	strbuf_free(&b);
	double s = (double)(clock() - t0) / CLOCKS_PER_SEC;
	OK(s < 2.0 * SLOWDOWN, "limits end quickly (%.2fs)", s);
	/* TeX errors: MathJax shows the source */
	parse("\\frac{1}{", &err);
	OK(err, "missing close brace is an error");
	parse("x^", &err);
	OK(err, "missing superscript is an error");
	parse("a}", &err);
	OK(err, "extra close brace is an error");
	parse("\\begin{nosuchenv}a\\end{nosuchenv}", &err);
	OK(err, "unknown environment is an error");
	tex_reset_macros();
}

int main(void)
{
	A = arena_new();
	test_structures();
	test_macros();
	test_limits();
	arena_free(A);
	return done_testing();
}
