/*
 * test_diag.c — diagnostics (diag.c): the `file:line:col: severity:`
 * format, and messages kept on one line whatever a library or the input
 * puts in them.
 *
 * SPDX-License-Identifier: MIT
 */
#include "harness.h"

#include "base/diag.h"

#include <stdlib.h>

static char *out;
static size_t out_len;

static void report(const char *text, unsigned line, const char *msg)
{
	FILE *f = open_memstream(&out, &out_len);
	struct diag d;
	diag_init(&d, f);
	struct diag_file src;
	diag_file_init(&src, "deck.md", text, strlen(text));
	diag_at_line(&d, DIAG_WARNING, &src, line, 3, "%s", msg);
	fclose(f);
	diag_file_free(&src);
}

static void test_one_line(void)
{
	report("# one\ntwo\n", 2, "plain");
	OK(!strncmp(out, "deck.md:2:3: warning: plain\n", 28), "format: %s", out);
	OK(strstr(out, "    2 | two\n") != NULL, "source line: %s", out);
	free(out);

	/* libxml2's message through librsvg ends in a newline; input may hold
	 * any control character */
	report("x\n", 1, "cannot read SVG: XML parse error\n\n");
	OK(!strncmp(out, "deck.md:1:3: warning: cannot read SVG: XML parse error\n    1 | x",
		    strlen("deck.md:1:3: warning: cannot read SVG: XML parse error\n    1 | x")),
	   "trailing newlines dropped: %s", out);
	free(out);
	report("x\n", 1, "a\nb\rc\033[31md\x7f\te  ");
	OK(!strncmp(out, "deck.md:1:3: warning: a b c?[31md?\te\n", 37), "controls replaced: %s",
	   out);
	free(out);
}

int main(void)
{
	test_one_line();
	return done_testing();
}
