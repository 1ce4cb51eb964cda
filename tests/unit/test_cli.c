/*
 * test_cli.c — the command line: values in every spelling, flags sharing a
 * dash, several decks, the checks that need all options, and the usage
 * messages; the output names of several decks (-O, same base names).
 *
 * SPDX-License-Identifier: MIT
 */
#include "app/cli.h"
#include "output/handout.h"
#include "app/run.h"
#include "base/util.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static struct scs_options O;
static char *Err;

/* Parse a NULL-terminated argument list (argv[0] added). */
static enum cli_result parse(const char *first, ...)
{
	char *argv[64];
	int argc = 0;
	argv[argc++] = "scs-pdf";
	va_list ap;
	va_start(ap, first);
	for (const char *a = first; a && argc < 63; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	free(Err);
	size_t n;
	FILE *err = open_memstream(&Err, &n);
	FILE *out = fopen("/dev/null", "w");
	cli_free(&O);
	enum cli_result r = cli_parse(argc, argv, &O, out, err);
	fclose(err);
	fclose(out);
	return r;
}

static void test_values(void)
{
	INT_EQ(parse("deck.md", NULL), CLI_RUN, "a deck");
	STR_EQ(O.input, "deck.md", "the deck");
	INT_EQ(O.jobs, 1, "one job by default");
	FLT_EQ(O.scale, 1, 0, "scale 1 by default");
	OK(O.format == FORMAT_PDF && !O.handout && O.paper == PAPER_A4, "PDF slides on A4");

	INT_EQ(parse("--handout=3", "--paper", "letter", "-oout.pdf", "d.md", NULL), CLI_RUN,
	       "--opt=V, --opt V, -oV");
	INT_EQ(O.handout, 3, "--handout=3");
	INT_EQ(O.paper, PAPER_LETTER, "--paper letter");
	STR_EQ(O.output, "out.pdf", "-oout.pdf");

	INT_EQ(parse("-qvv", "-j", "3", "--slides", "1-5,8", "d.md", NULL), CLI_RUN, "-qvv");
	OK(O.quiet && O.verbose == 2, "flags share a dash");
	INT_EQ(O.jobs, 3, "-j 3");
	STR_EQ(O.slides, "1-5,8", "--slides");

	INT_EQ(parse("-qo", "x.pdf", "d.md", NULL), CLI_RUN, "-qo FILE");
	OK(O.quiet, "-q of -qo");
	STR_EQ(O.output, "x.pdf", "-o of -qo");

	INT_EQ(parse("-j0", "a.md", "b.md", "-O", "out", "--", "-c.md", NULL), CLI_RUN,
	       "several decks");
	OK(O.jobs >= 1, "-j 0: one per processor");
	INT_EQ(O.n_inputs, 3, "three decks");
	STR_EQ(O.inputs[2], "-c.md", "after --, a name starting with '-' is a deck");
	STR_EQ(O.output_dir, "out", "-O");

	INT_EQ(parse("--check", "--json", "--format", "svg", "-", NULL), CLI_RUN, "check json");
	OK(O.check && O.json && O.format == FORMAT_SVG, "--check --json --format svg");
	STR_EQ(O.input, "-", "stdin");
}

static void test_errors(void)
{
	struct {
		const char *a, *b, *c, *msg;
	} bad[] = {
		{ NULL, NULL, NULL, "no deck given" },
		{ "--nope", "d.md", NULL, "unknown option '--nope'" },
		{ "-x", "d.md", NULL, "unknown option '-x'" },
		{ "--quiet=1", "d.md", NULL, "takes no value" },
		{ "d.md", "-o", NULL, "needs a value" },
		{ "--handout", "7", "d.md", "--handout wants 1, 2, 3, 4, 6 or 9" },
		{ "--scale", "0", "d.md", "--scale wants" },
		{ "--scale", "2x", "d.md", "--scale wants" },
		{ "-j", "65", "d.md", "--jobs wants a number from 0 to 64" },
		{ "--slides", "5-2", "d.md", "--slides wants" },
		{ "--json", "d.md", NULL, "--json goes with --check" },
		{ "-", "-", NULL, "only once" },
		{ "--asset-map", "nodir", "d.md", "PREFIX=DIR" },
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		INT_EQ(parse(bad[i].a, bad[i].b, bad[i].c, NULL), CLI_EXIT_USAGE, "%s", bad[i].msg);
		OK(Err && strstr(Err, bad[i].msg), "message '%s' in: %s", bad[i].msg, Err);
		OK(Err && strstr(Err, "try 'scs-pdf --help'"), "help hint");
	}
	INT_EQ(parse("a.md", "b.md", "-o", "x.pdf", NULL), CLI_EXIT_USAGE, "-o with two decks");
	INT_EQ(parse("--handout", "2", "--notes-pages", "a.md", NULL), CLI_EXIT_USAGE,
	       "handout and notes pages");
	INT_EQ(parse("--format", "png", "-o", "%s.png", "a.md", NULL), CLI_EXIT_USAGE,
	       "an -o pattern that is not %%d");
	INT_EQ(parse("-o", "x.pdf", "-O", "dir", "a.md", NULL), CLI_EXIT_USAGE, "-o and -O");
	INT_EQ(parse("--help", NULL), CLI_EXIT_OK, "--help");
	INT_EQ(parse("--version", "--nope", NULL), CLI_EXIT_OK, "--version ends parsing");
}

static void test_names(void)
{
	parse("talks/a/deck.md", "talks/b/deck.md", "c.md", "-O", "out", NULL);
	char *n0 = run_output_name(&O, 0, "pdf"), *n1 = run_output_name(&O, 1, "pdf"),
	     *n2 = run_output_name(&O, 2, "pdf");
	STR_EQ(n0, "out/a-deck.pdf", "same base names: the folder's name added");
	STR_EQ(n1, "out/b-deck.pdf", "same base names: the folder's name added");
	STR_EQ(n2, "out/c.pdf", "a unique name stays");
	free(n0);
	free(n1);
	free(n2);
	parse("x.md", NULL);
	n0 = run_output_name(&O, 0, "png");
	STR_EQ(n0, "x.png", "no -O: the current folder");
	free(n0);
}

int main(void)
{
	test_values();
	test_errors();
	test_names();
	cli_free(&O);
	free(Err);
	return done_testing();
}
