/*
 * highlight_regex.h — the regular-expression engine of highlight.c: the
 * subset of JavaScript RegExp that highlight.js grammars use, run by a Pike
 * VM (linear in the text, no backtracking). Internal to src/markdown.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_HIGHLIGHT_REGEX_H
#define SCS_HIGHLIGHT_REGEX_H

#include "base/scs_limits.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ======================================================================
 * Regular expressions
 *
 * The subset of JavaScript RegExp that highlight.js grammars use, with the
 * `m` flag always on (as langRe() compiles them) and `i` per language:
 * literals and escapes, classes, `.`, groups (capturing, (?:), lookahead
 * (?= and (?!), alternation, greedy and lazy * + ? {n,m}, ^ $ \b \B.
 * Backreferences are not supported; the two patterns that need one are
 * hooks in C (highlight_grammars.c).
 *
 * A pattern compiles to a program for a Pike VM (Thompson's construction;
 * Russ Cox, "Regular Expression Matching: the Virtual Machine Approach").
 * Threads are kept in priority order, so the match found is the one a
 * backtracking engine would find (leftmost, then first alternative), in
 * time linear in the text. Lookaheads run as separate anchored programs.
 * ====================================================================== */

enum {
	RE_NCAP = 2,                    /* capture groups kept: \1 and \2 */
	RE_NSLOT = 2 + 2 * RE_NCAP,     /* [0] start, [1] end, then groups */
};
#define RE_UNSET ((size_t)-1)

enum re_op {
	RE_BYTE,        /* c */
	RE_SET,         /* x: index of a character class (SET_SIZE bytes) */
	RE_TAIL,        /* eat UTF-8 continuation bytes, then pc+1 */
	RE_SPLIT,       /* x first, then y */
	RE_SWITCH,      /* x: a table of 256 targets for the next byte */
	RE_JMP,         /* x */
	RE_SAVE,        /* x: slot */
	RE_BOL,         /* ^ with the m flag */
	RE_EOL,         /* $ with the m flag */
	RE_WORDB,       /* \b */
	RE_NWORDB,      /* \B */
	RE_LOOK,        /* x: lookahead program; c: 1 if negative */
	RE_MATCH,
};

/* A character class: a bitmap of the ASCII bytes, and whether it holds
 * the other characters (SET_NONASCII) and JavaScript's non-ASCII white
 * space, U+00A0, U+2000-200A, U+3000 ... (SET_USPACE), which \s includes.
 * Bytes 0x80-0xFF are set in the bitmap when either flag is, for the
 * first-byte filter; the flags decide. */
enum { SET_SIZE = 33, SET_FLAGS = 32, SET_NONASCII = 1, SET_USPACE = 2 };

struct re_inst {
	uint8_t op;
	uint8_t c;
	int x, y;
};

struct hl_ctx;
struct re_prog;
/* A pattern implemented in C: it searches as re_run(RE_SEARCH) does and
 * fills cap[0..1] (and groups); its program matches the part before a
 * backreference, for the hook to run. */
typedef bool (*re_hook)(struct hl_ctx *x, const struct re_prog *p, size_t lo,
			size_t hi, size_t from, size_t *cap);

struct re_prog {
	struct re_inst *code;
	int len;
	uint8_t (*sets)[SET_SIZE];
	struct re_prog **looks;         /* lookahead bodies, anchored */
	int nlooks;
	int (*switches)[256];           /* RE_SWITCH tables; -1: no target */
	bool can_empty;                 /* may match without consuming */
	bool any_start;                 /* `first` does not filter starts */
	uint8_t shape;                  /* RE_VM, or a fast path: */
	uint8_t lit[16];                /* RE_LITERAL: these bytes */
	int litlen;
	int nslot;                      /* capture slots threads carry */
	bool first[256];                /* bytes a match can start with */
	int id;                         /* index of its search cache slot */
	re_hook hook;                   /* searches instead of the VM */
	const char *src;                /* for error messages */
};

/* Programs made so far: each has an id below this, its search cache slot. */
extern int re_prog_count;

struct re_vm;

/* A lookahead result, memoised per program and position: a lookahead at a
 * position is tested once however many threads reach it. */
struct look_memo {
	size_t pos, lo, hi;
	const struct re_prog *p;
	bool ok;
};

struct search_memo;     /* the mode engine's (highlight.c) */

/* One highlighting run: the text, the work budget and the VM scratch;
 * cache and depth belong to the mode engine. */
struct hl_ctx {
	const char *s;                  /* the whole code */
	size_t steps, max_steps;        /* work budget (VM steps) */
	bool over;                      /* budget or a limit was hit */
	struct re_vm *vm;
	struct look_memo memo[64];
	struct search_memo *cache[MAX_HL_SUBLANG_DEPTH + 1];
	int depth;                      /* sub-language depth */
};

static inline bool is_cont(int c) { return (c & 0xc0) == 0x80; }

/* What re_run() looks for. */
enum re_mode {
	RE_SEARCH,      /* the leftmost-first match at or after `from` */
	RE_ANCHORED,    /* the match starting at `from` */
	RE_START,       /* only where the leftmost match starts (cap[0]) */
};

/* Compile a JavaScript regexp source (flags m, and i if ci). Grammars are
 * static, so a bad pattern is a bug: it aborts with a message. */
struct re_prog *re_compile(const char *src, bool ci);

/* Scratch for the VM, sized for every program compiled so far. */
struct re_vm *re_vm_new(void);
void re_vm_free(struct re_vm *v);

/* Leftmost-first search of p in s[lo, hi) from `from` (see enum re_mode).
 * On a match, cap[0..1] hold its bounds and cap[2..] the first RE_NCAP
 * groups (RE_UNSET if they did not take part). Assertions see lo and hi as
 * the ends of the string, as when highlight.js runs a regexp on a
 * substring.
 *
 * RE_START stops once no thread that started earlier than the match found
 * is alive: finding where `\S+` matches must not cost the whole run of
 * non-blanks when another rule wins there anyway. */
bool re_run(struct hl_ctx *x, struct re_vm *v, const struct re_prog *p,
	    size_t lo, size_t hi, size_t from, enum re_mode mode, size_t *cap);

#endif
