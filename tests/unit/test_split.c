/*
 * test_split.c — HedgeDoc's slide split, notes and whitespace rewrite
 * (HEDGEDOC.md §2.3–2.5).
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/split.h"
#include "base/diag.h"
#include "base/scs_limits.h"
#include "base/util.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static struct arena *A;
static struct diag D;
static FILE *Dout;
static char *Dbuf;
static size_t Dsize;
static struct diag_file F;
static struct slide *S;
static size_t N;

static int split_at(const char *t, size_t body)
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
	S = NULL;
	N = 0;
	return split_deck(A, &D, &F, body, &S, &N);
}

static int split(const char *t)
{
	return split_at(t, 0);
}

static const char *text(size_t i)
{
	return i < N ? S[i].text : NULL;
}

static void test_separators(void)
{
	static const char *const nosplit[] = {
		"a\n---\nb", "a\n\n---\nb", "a\n---\n\nb", "a\n\n--- \n\nb", "a\n\n-----\n\nb",
		"a\n\n ---\n\nb", "a\n\n---\n---\n\nb", "```\nx\n---\ny\n```",
	};
	for (size_t i = 0; i < ARRAY_LEN(nosplit); i++) {
		INT_EQ(split(nosplit[i]), 0, "split ok");
		INT_EQ(N, 1, "no split: case %zu", i);
		STR_EQ(text(0), nosplit[i], "text unchanged: case %zu", i);
	}

	split("a\n\n---\n\nb");
	INT_EQ(N, 2, "blank lines both sides split");
	STR_EQ(text(0), "a\n", "first slide");
	STR_EQ(text(1), "\nb", "second slide");
	OK(!S[0].in_stack && S[1].h == 1 && S[1].v == 0, "horizontal indices");
	INT_EQ(S[1].offset, 7, "offset of slide 2");
	INT_EQ(S[1].first_line, 4, "first line of slide 2");

	split("a\n\n---\n");
	INT_EQ(N, 2, "separator at the end of the text");
	STR_EQ(text(1), "", "empty last slide");

	/* code fences are not respected */
	split("```\nx\n\n---\n\ny\n```");
	INT_EQ(N, 2, "fence split");

	/* two separators in a row, and a leading one */
	split("a\n\n---\n\n---\n\nb");
	INT_EQ(N, 3, "two separators: empty slide between");
	STR_EQ(text(1), "", "the empty slide");
	split("\n---\n\nb");
	INT_EQ(N, 2, "leading separator");
	STR_EQ(text(0), "", "empty first slide");

	/* the body after a front matter starts with the rest of the --- line */
	const char *t = "---\ntitle: x\n---\n---\n\nb";
	split_at(t, 16);
	INT_EQ(N, 2, "separator right after the front matter");
	STR_EQ(text(0), "", "empty first slide after front matter");
	INT_EQ(S[0].offset, 16, "offset = body offset");
	INT_EQ(S[0].first_line, 3, "first slide starts on the front matter's --- line");
	STR_EQ(text(1), "\nb", "then b");
	INT_EQ(S[1].first_line, 5, "b's slide line");
}

static void test_stacks(void)
{
	split("a\n\n----\n\nb\n\n----\n\nc\n\n---\n\nd");
	INT_EQ(N, 4, "[[a,b,c],d]");
	if (N == 4) {
		STR_EQ(text(0), "a\n", "a");
		OK(S[0].h == 0 && S[0].v == 0 && S[0].in_stack, "a is the top of stack 0");
		OK(S[1].h == 0 && S[1].v == 1 && S[1].in_stack, "b is 0.1");
		OK(S[2].h == 0 && S[2].v == 2 && S[2].in_stack, "c is 0.2");
		STR_EQ(text(2), "\nc\n", "c");
		OK(S[3].h == 1 && S[3].v == 0 && !S[3].in_stack, "d is 1");
	}
	split("a\n\n---\n\nb\n\n----\n\nc");
	INT_EQ(N, 3, "[a,[b,c]]");
	if (N == 3) {
		OK(S[0].h == 0 && !S[0].in_stack, "a alone");
		OK(S[1].h == 1 && S[1].v == 0 && S[1].in_stack, "b tops stack 1");
		OK(S[2].h == 1 && S[2].v == 1 && S[2].in_stack, "c is 1.1");
	}
}

static void test_notes(void)
{
	split("a\n\n---\n\n# T\ntext\nNote: say this\nand this\n");
	INT_EQ(N, 2, "notes: two slides");
	STR_EQ(text(1), "\n# T\ntext\n", "text stops before Note:");
	STR_EQ(S[1].notes, " say this\nand this\n", "notes after the colon");
	INT_EQ(S[1].notes_len, strlen(" say this\nand this\n"), "notes_len");
	INT_EQ(S[1].notes_line, 7, "notes line");
	OK(!S[0].notes, "no notes on slide 1");

	split("x\nNOTE: loud");
	STR_EQ(S[0].notes, " loud", "case-insensitive");
	STR_EQ(text(0), "x\n", "text before NOTE:");

	static const char *const kept[] = {
		"x\nNote: a\nNote: b", "x\nNotes: a", "x\n  Note: a", "x Note: a",
	};
	for (size_t i = 0; i < ARRAY_LEN(kept); i++) {
		split(kept[i]);
		OK(!S[0].notes, "no notes: case %zu", i);
		STR_EQ(text(0), kept[i], "text kept: case %zu", i);
	}
	split("note: all notes");
	STR_EQ(text(0), "", "note: at the very start");
	STR_EQ(S[0].notes, " all notes", "whole slide is notes");
}

static void test_rewrite(void)
{
	/* ≥3 blank lines after a separator: n = 2, nested list flattened */
	const char *t = "a\n\n---\n\n\n\n- x\n  - y\n";
	split(t);
	INT_EQ(N, 2, "rewrite: two slides");
	STR_EQ(text(1), "\n\n\n- x\n- y\n", "\\n + 2 spaces → \\n");
	OK(S[1].rewritten, "rewritten");
	OK(!S[0].rewritten, "slide 1 untouched");
	INT_EQ(S[1].first_line, 4, "rewritten slide keeps its first line");

	/* two blank lines only: n = 1, nothing happens */
	split("a\n\n---\n\n\n- x\n  - y\n");
	STR_EQ(text(1), "\n\n- x\n  - y\n", "n = 1: no rewrite");
	OK(!S[1].rewritten, "not rewritten");

	/* leading spaces: n = 4; runs of 4 become \n, the rest stays */
	split("    code\n      more\nhard  \nx");
	STR_EQ(text(0), "\ncode\n  more\nhard  \nx", "leading spaces");
	/* 8 spaces = two matches */
	split("  a\n    b");
	STR_EQ(text(0), "\na\n\nb", "run of 2n");
	/* tabs win over spaces */
	split("\t\ta\n\t\tb\n\tc");
	STR_EQ(text(0), "\na\nb\n\tc", "tabs");
	/* two-space hard break turned into a paragraph break */
	split("\n\n\nline  \nnext");
	STR_EQ(text(0), "\n\n\nline\n\nnext", "hard break becomes a break");
}

static void test_crlf(void)
{
	const char *t = "a\r\n\r\n---\r\n\r\nb\r\nNote: n\r\n";
	split(t);
	INT_EQ(N, 2, "CRLF split");
	STR_EQ(text(0), "a\r\n", "CRLF slide 1 keeps file bytes");
	STR_EQ(text(1), "\r\nb\r\n", "CRLF slide 2");
	INT_EQ(S[1].offset, 10, "CRLF offset");
	INT_EQ(S[1].first_line, 4, "CRLF first line");
	STR_EQ(S[1].notes, " n\r\n", "CRLF notes");
	INT_EQ(S[1].notes_line, 6, "CRLF notes line");

	/* a browser never sees CR: `---` between text lines does not split */
	split("a\r\n---\r\nb");
	INT_EQ(N, 1, "CRLF tight --- does not split");
	split("a\r\n\r\n----\r\n\r\nb\r\n\r\n----\r\n");
	INT_EQ(N, 3, "CRLF vertical");
	OK(S[2].in_stack && S[2].v == 2, "CRLF stack indices");
}

static void test_limit(void)
{
	/* each "x\n\n---\n\n" ends a slide: k units give k + 1 slides */
	size_t n = MAX_SLIDES;
	char *t = xmalloc(n * 8 + 1), *p = t;
	for (size_t i = 0; i < n; i++) {
		memcpy(p, "x\n\n---\n\n", 8);
		p += 8;
	}
	*p = 0;
	INT_EQ(split(t), -1, "MAX_SLIDES + 1 slides: error");
	fflush(Dout);
	OK(Dbuf && strstr(Dbuf, "error: more than 20000 slides"), "limit message");
	INT_EQ(D.n_errors, 1, "one error");

	t[(n - 1) * 8] = 0;
	INT_EQ(split(t), 0, "exactly MAX_SLIDES: ok");
	INT_EQ(N, MAX_SLIDES, "MAX_SLIDES slides");
	INT_EQ(S[N - 1].first_line, 4 * (MAX_SLIDES - 1), "last first_line");
	INT_EQ(S[N - 1].h, MAX_SLIDES - 1, "last h");
	split("");
	free(t);
}

int main(void)
{
	A = arena_new();
	test_separators();
	test_stacks();
	test_notes();
	test_rewrite();
	test_crlf();
	test_limit();
	split("x");
	INT_EQ(N, 1, "one slide");
	fclose(Dout);
	free(Dbuf);
	diag_file_free(&F);
	arena_free(A);
	return done_testing();
}
