/*
 * test_highlight_regex.c — the highlighter's regular-expression engine
 * (highlight_regex.c) on its own: JavaScript regexp syntax with the m flag,
 * leftmost-first matches as a backtracking engine finds them, captures,
 * lookaheads, UTF-8 characters, the three search modes and the work budget.
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/highlight_regex.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

/* One case: pattern (i flag if ci) searched in text from `from`; the match
 * expected at [start, end), or start < 0 for no match. */
struct re_case {
	const char *pattern;
	bool ci;
	const char *text;
	size_t from;
	enum re_mode mode;
	long start, end;
	long g1_start, g1_end;  /* group 1; -1 -1: did not take part */
};

static const struct re_case cases[] = {
	/* literals, classes, `.` */
	{ "abc", false, "xxabcxx", 0, RE_SEARCH, 2, 5, -1, -1 },
	{ "abc", false, "xxabxx", 0, RE_SEARCH, -1, -1, -1, -1 },
	{ "abc", true, "xxABCxx", 0, RE_SEARCH, 2, 5, -1, -1 },
	{ "[a-c]+", false, "zzbcaz", 0, RE_SEARCH, 2, 5, -1, -1 },
	{ "[^a-c]+", false, "abczzab", 0, RE_SEARCH, 3, 5, -1, -1 },
	{ "\\d+\\.\\d*", false, "v 12.5x", 0, RE_SEARCH, 2, 6, -1, -1 },
	{ "\\w+", false, "  foo_1 bar", 0, RE_SEARCH, 2, 7, -1, -1 },
	{ "a.c", false, "a\nc abc", 0, RE_SEARCH, 4, 7, -1, -1 },
	{ "[\\s\\S]+", false, "a\nb", 0, RE_SEARCH, 0, 3, -1, -1 },
	{ "\\x41\\u0042", false, "zAB", 0, RE_SEARCH, 1, 3, -1, -1 },
	/* leftmost, then the first alternative (not the longest) */
	{ "a|ab", false, "xab", 0, RE_SEARCH, 1, 2, -1, -1 },
	{ "ab|a", false, "xab", 0, RE_SEARCH, 1, 3, -1, -1 },
	{ "b|abc", false, "abc", 0, RE_SEARCH, 0, 3, -1, -1 },
	{ "if|in|int|for", false, "x int", 0, RE_SEARCH, 2, 4, -1, -1 },
	/* greedy and lazy repeats, counted repeats */
	{ "<.*>", false, "<a><b>", 0, RE_SEARCH, 0, 6, -1, -1 },
	{ "<.*?>", false, "<a><b>", 0, RE_SEARCH, 0, 3, -1, -1 },
	{ "a{2,3}", false, "aaaa", 0, RE_SEARCH, 0, 3, -1, -1 },
	{ "a{2,3}?", false, "aaaa", 0, RE_SEARCH, 0, 2, -1, -1 },
	{ "x{2}", false, "xxx", 1, RE_SEARCH, 1, 3, -1, -1 },
	{ "ab?c", false, "ac abc", 0, RE_SEARCH, 0, 2, -1, -1 },
	/* anchors: ^ and $ at lines (the m flag), \b \B */
	{ "^b", false, "ab\nb", 0, RE_SEARCH, 3, 4, -1, -1 },
	{ "a$", false, "ab\na", 0, RE_SEARCH, 3, 4, -1, -1 },
	{ "\\bin\\b", false, "int in", 0, RE_SEARCH, 4, 6, -1, -1 },
	{ "\\Bn", false, "n in", 0, RE_SEARCH, 3, 4, -1, -1 },
	/* captures */
	{ "(\\w+)=", false, "  key=v", 0, RE_SEARCH, 2, 6, 2, 5 },
	{ "(?:a)(b)?c", false, "ac", 0, RE_SEARCH, 0, 2, -1, -1 },
	{ "(a|(b))+", false, "ab", 0, RE_SEARCH, 0, 2, 1, 2 },
	/* lookaheads */
	{ "\\w+(?=\\()", false, "x = f(1)", 0, RE_SEARCH, 4, 5, -1, -1 },
	{ "\\b\\w+\\b(?!\\()", false, "f(1) g", 0, RE_SEARCH, 2, 3, -1, -1 },
	{ "(?=#)", false, "ab#", 0, RE_SEARCH, 2, 2, -1, -1 },
	/* UTF-8: one character is a whole sequence; no match starts inside
	 * one; \s includes U+00A0 */
	{ "a.b", false, "a\xc3\xa9" "b", 0, RE_SEARCH, 0, 4, -1, -1 },
	{ "[^x]", false, "\xe2\x82\xac", 0, RE_SEARCH, 0, 3, -1, -1 },
	{ "[\\s\\S]", false, "\xc3\xa9" "a", 1, RE_SEARCH, 2, 3, -1, -1 },
	{ "\\s+", false, "a\xc2\xa0 b", 0, RE_SEARCH, 1, 4, -1, -1 },
	/* modes: anchored at `from`, or only where the match starts */
	{ "b+", false, "abb", 0, RE_ANCHORED, -1, -1, -1, -1 },
	{ "b+", false, "abb", 1, RE_ANCHORED, 1, 3, -1, -1 },
	{ "\\S+", false, "  abc", 0, RE_START, 2, -1, -1, -1 },
	/* an empty match */
	{ "x*", false, "abc", 1, RE_SEARCH, 1, 1, -1, -1 },
};

#define N_CASES (sizeof cases / sizeof *cases)

static void test_cases(void)
{
	struct re_prog *progs[N_CASES];
	for (size_t i = 0; i < N_CASES; i++)
		progs[i] = re_compile(cases[i].pattern, cases[i].ci);
	/* the VM scratch is sized for the programs compiled before it */
	struct re_vm *vm = re_vm_new();
	for (size_t i = 0; i < N_CASES; i++) {
		const struct re_case *c = &cases[i];
		struct hl_ctx x = { .s = c->text, .max_steps = 100000, .vm = vm };
		size_t cap[RE_NSLOT];
		bool found = re_run(&x, vm, progs[i], 0, strlen(c->text), c->from,
				    c->mode, cap);
		INT_EQ(found, c->start >= 0, "/%s/ in \"%s\": found", c->pattern, c->text);
		if (!found || c->start < 0)
			continue;
		INT_EQ(cap[0], c->start, "/%s/ in \"%s\": start", c->pattern, c->text);
		if (c->end >= 0)
			INT_EQ(cap[1], c->end, "/%s/ in \"%s\": end", c->pattern, c->text);
		if (c->g1_start >= 0) {
			INT_EQ(cap[2], c->g1_start, "/%s/: group 1 start", c->pattern);
			INT_EQ(cap[3], c->g1_end, "/%s/: group 1 end", c->pattern);
		} else if (c->mode != RE_START) {
			OK(cap[2] == RE_UNSET, "/%s/: group 1 unset", c->pattern);
		}
	}
	re_vm_free(vm);
}

/* Assertions see [lo, hi) as the whole string, as when highlight.js runs
 * a regexp on a substring. */
static void test_bounds(void)
{
	struct re_prog *p = re_compile("^\\w+$", false);
	struct re_vm *vm = re_vm_new();
	const char *s = "ab cd ef";
	struct hl_ctx x = { .s = s, .max_steps = 100000, .vm = vm };
	size_t cap[RE_NSLOT];
	OK(!re_run(&x, vm, p, 0, strlen(s), 0, RE_SEARCH, cap), "whole string: no match");
	OK(re_run(&x, vm, p, 3, 5, 3, RE_SEARCH, cap), "substring [3,5): a match");
	INT_EQ(cap[0], 3, "substring: start");
	INT_EQ(cap[1], 5, "substring: end");
	re_vm_free(vm);
}

/* A search past its work budget stops and says so. */
static void test_budget(void)
{
	struct re_prog *p = re_compile("(a|aa)*b", false);
	struct re_vm *vm = re_vm_new();
	char s[4096];
	memset(s, 'a', sizeof s - 1);
	s[sizeof s - 1] = 0;
	struct hl_ctx x = { .s = s, .max_steps = 1000, .vm = vm };
	size_t cap[RE_NSLOT];
	OK(!re_run(&x, vm, p, 0, strlen(s), 0, RE_SEARCH, cap), "over budget: no match");
	OK(x.over, "over budget: flagged");
	/* linear without a budget: no catastrophic backtracking */
	struct hl_ctx y = { .s = s, .max_steps = (size_t)-1, .vm = vm };
	OK(!re_run(&y, vm, p, 0, strlen(s), 0, RE_SEARCH, cap), "no b: no match");
	OK(y.steps < 100 * sizeof s, "steps linear in the text (%zu)", y.steps);
	re_vm_free(vm);
}

int main(void)
{
	test_cases();
	test_bounds();
	test_budget();
	return done_testing();
}
