/*
 * highlight.c — fenced-code highlighting that matches highlight.js 10.7.3,
 * the version HedgeDoc 1.9/1.10 runs in finishView (HEDGEDOC.md §3).
 *
 * highlight.js describes a language as a tree of *modes*: a mode starts
 * where its `begin` pattern matches, holds keywords and child modes, and
 * stops where its `end` pattern matches; its className becomes a <span>.
 * The HTML it writes depends on its exact matching rules (the earliest
 * match wins, ties go to the first rule; begin before end before illegal;
 * excludeBegin, returnEnd, endsWithParent, ...), so this file follows them
 * rather than lexing each language by hand:
 *
 *   1. a regular-expression engine for the JavaScript syntax the grammars
 *      use (a Pike VM: no backtracking, so a search is linear in the text);
 *   2. the mode engine, a transcription of the semantics of _highlight()
 *      in highlight.js's core.js (read, not copied);
 *   3. the grammars, as static tables: patterns and keyword lists are facts
 *      read from highlight.js's lib/languages/<name>.js, cited per language;
 *   4. language lookup and the public functions.
 *
 * Cost: each search is one Pike VM scan; where a rule next matches is
 * cached until the cursor passes it, and only the winning rule is matched
 * in full, so real code costs a few dozen VM steps per byte. Leftmost-first
 * search still has quadratic corners (a pattern whose matches start long
 * before they are confirmed, re-searched after each start the cursor
 * passes); highlight.js's backtracking has them too. A work budget
 * (MAX_HL_STEPS_PER_BYTE) leaves such a block plain instead of hanging,
 * and mode nesting and sub-language depth have limits (scs_limits.h).
 *
 * Positions are bytes. JavaScript's regexps see UTF-16 code units; here a
 * UTF-8 sequence is the one unit `.` or `[^x]` matches, no match starts
 * inside one, and \s includes JavaScript's non-ASCII spaces (U+00A0 ...).
 *
 * Not reproduced: highlightAuto() over all of highlight.js's 191
 * languages (finishView's choice for names it does not list, aliases
 * included; see highlight.h), and languages missing here are plain text
 * where a grammar embeds them (ruby in YAML's <% %>; handlebars, one of
 * the three candidates for <script> in HTML, whose wrapper only adds an
 * uncoloured <span class="handlebars"> around the xml one).
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/highlight.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * 1. Regular expressions
 *
 * The subset of JavaScript RegExp that highlight.js grammars use, with the
 * `m` flag always on (as langRe() compiles them) and `i` per language:
 * literals and escapes, classes, `.`, groups (capturing, (?:), lookahead
 * (?= and (?!), alternation, greedy and lazy * + ? {n,m}, ^ $ \b \B.
 * Backreferences are not supported; the two patterns that need one are
 * hooks in C (section 3).
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

/* ---- parsing ---------------------------------------------------------- */

enum rn_kind { RN_EMPTY, RN_BYTE, RN_SET, RN_CAT, RN_ALT, RN_REP, RN_GROUP,
	       RN_ASSERT, RN_LOOK };

struct rnode {
	uint8_t kind;
	uint8_t c;              /* RN_BYTE byte, RN_ASSERT op, RN_LOOK neg */
	bool greedy;
	int min, max;           /* RN_REP; max < 0: unbounded */
	int cap;                /* RN_GROUP: capture number, 0 if none */
	int set;                /* RN_SET */
	int kid, next;          /* first child, next sibling; -1 none */
};

struct re_parser {
	const char *src, *p;
	bool ci;
	struct rnode *n;
	size_t nn, ncap_n;
	uint8_t (*sets)[SET_SIZE];
	size_t nsets, cap_sets;
	int ngroups;
};

static void re_die(const struct re_parser *rp, const char *what)
{
	fprintf(stderr, "scs-pdf: highlight grammar: %s at offset %d of /%s/\n",
		what, (int)(rp->p - rp->src), rp->src);
	abort();
}

static int rn_new(struct re_parser *rp, int kind)
{
	if (rp->nn == rp->ncap_n) {
		rp->ncap_n = rp->ncap_n ? 2 * rp->ncap_n : 64;
		rp->n = xrealloc(rp->n, rp->ncap_n * sizeof *rp->n);
	}
	struct rnode *n = &rp->n[rp->nn];
	memset(n, 0, sizeof *n);
	n->kind = (uint8_t)kind;
	n->kid = n->next = -1;
	return (int)rp->nn++;
}

static int set_new(struct re_parser *rp)
{
	if (rp->nsets == rp->cap_sets) {
		rp->cap_sets = rp->cap_sets ? 2 * rp->cap_sets : 8;
		rp->sets = xrealloc(rp->sets, rp->cap_sets * sizeof *rp->sets);
	}
	memset(rp->sets[rp->nsets], 0, SET_SIZE);
	return (int)rp->nsets++;
}

static inline void set_add(uint8_t *s, int c) { s[c >> 3] |= (uint8_t)(1u << (c & 7)); }
static inline bool set_has(const uint8_t *s, int c) { return s[c >> 3] >> (c & 7) & 1; }

static inline bool is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static inline bool is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* Whether the UTF-8 sequence at s[pos] is one of the non-ASCII characters
 * JavaScript's \s matches: U+00A0, U+1680, U+2000-200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000, U+FEFF. */
static bool is_uspace(const unsigned char *s, size_t pos, size_t hi)
{
	size_t n = hi - pos;
	const unsigned char *p = s + pos;
	if (n >= 2 && p[0] == 0xc2)
		return p[1] == 0xa0;
	if (n < 3)
		return false;
	switch (p[0]) {
	case 0xe1: return p[1] == 0x9a && p[2] == 0x80;
	case 0xe2:
		if (p[1] == 0x80)
			return p[2] <= 0x8a || p[2] == 0xa8 || p[2] == 0xa9 || p[2] == 0xaf;
		return p[1] == 0x81 && p[2] == 0x9f;
	case 0xe3: return p[1] == 0x80 && p[2] == 0x80;
	case 0xef: return p[1] == 0xbb && p[2] == 0xbf;
	default: return false;
	}
}

/* Add a class escape (\d \w \s and their negations) to set s. */
static bool set_escape(uint8_t *s, int e)
{
	switch (e) {
	case 'D': case 'W': s[SET_FLAGS] |= SET_NONASCII | SET_USPACE; break;
	case 's': s[SET_FLAGS] |= SET_USPACE; break;
	case 'S': s[SET_FLAGS] |= SET_NONASCII; break;
	}
	for (int c = 0; c < 128; c++) {
		bool in;
		switch (e) {
		case 'd': in = c >= '0' && c <= '9'; break;
		case 'D': in = !(c >= '0' && c <= '9'); break;
		case 'w': in = is_word(c); break;
		case 'W': in = !is_word(c); break;
		case 's': in = is_space(c); break;
		case 'S': in = !is_space(c); break;
		default: return false;
		}
		if (in)
			set_add(s, c);
	}
	return true;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

/* A single-character escape after '\' (not a class escape); returns the
 * byte. Only ASCII \x and \u values are meaningful in our grammars. */
static int char_escape(struct re_parser *rp)
{
	int e = (unsigned char)*rp->p++;
	switch (e) {
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	case 'f': return '\f';
	case 'v': return '\v';
	case '0': return 0;
	case 'x':
	case 'u': {
		int digits = e == 'x' ? 2 : 4, v = 0;
		for (int i = 0; i < digits; i++) {
			int h = hexval((unsigned char)rp->p[i]);
			if (h < 0)
				re_die(rp, "bad hex escape");
			v = v * 16 + h;
		}
		rp->p += digits;
		if (v > 0x7f)
			re_die(rp, "non-ASCII escape");
		return v;
	}
	case '\0':
		rp->p--;
		re_die(rp, "trailing backslash");
		return 0;
	default:
		if (e >= '1' && e <= '9')
			re_die(rp, "backreference (use a hook)");
		return e;       /* identity escape: \. \/ \\ \( ... */
	}
}

static void set_finish(uint8_t *s)
{
	memset(s + 16, s[SET_FLAGS] ? 0xff : 0, 16);
}

static void set_fold(uint8_t *s)
{
	for (int c = 'a'; c <= 'z'; c++)
		if (set_has(s, c) || set_has(s, c - 32)) {
			set_add(s, c);
			set_add(s, c - 32);
		}
}

static int parse_class(struct re_parser *rp)
{
	int k = set_new(rp);
	uint8_t s[SET_SIZE] = { 0 };
	bool neg = false;
	if (*rp->p == '^') {
		neg = true;
		rp->p++;
	}
	/* In JavaScript `]` first in a class closes it (the class is empty). */
	while (*rp->p != ']') {
		if (!*rp->p)
			re_die(rp, "unterminated class");
		int lo;
		if (*rp->p == '\\') {
			rp->p++;
			if (set_escape(s, (unsigned char)*rp->p)) {
				rp->p++;
				continue;
			}
			if (*rp->p == 'b') {    /* backspace inside a class */
				rp->p++;
				lo = '\b';
			} else {
				lo = char_escape(rp);
			}
		} else {
			lo = (unsigned char)*rp->p++;
		}
		int hi = lo;
		if (rp->p[0] == '-' && rp->p[1] && rp->p[1] != ']') {
			rp->p++;
			if (*rp->p == '\\') {
				rp->p++;
				if (strchr("dDwWsS", *rp->p))
					re_die(rp, "class escape as range end");
				hi = char_escape(rp);
			} else {
				hi = (unsigned char)*rp->p++;
			}
			if (hi < lo)
				re_die(rp, "bad range");
		}
		if (hi > 0x7f)
			re_die(rp, "non-ASCII character in a class");
		for (int c = lo; c <= hi; c++)
			set_add(s, c);
	}
	rp->p++;
	if (rp->ci)
		set_fold(s);
	if (neg) {
		for (int i = 0; i < 16; i++)
			s[i] = (uint8_t)~s[i];
		s[SET_FLAGS] ^= SET_NONASCII | SET_USPACE;
	}
	memcpy(rp->sets[k], s, SET_SIZE);
	set_finish(rp->sets[k]);
	return k;
}

static int parse_alt(struct re_parser *rp);

/* A counted quantifier {n}, {n,}, {n,m}; false (nothing consumed) if the
 * brace is a literal, as JavaScript's Annex B grammar has it. */
static bool parse_braces(struct re_parser *rp, int *min, int *max)
{
	const char *q = rp->p + 1;
	int a = 0, b;
	if (*q < '0' || *q > '9')
		return false;
	while (*q >= '0' && *q <= '9')
		a = a * 10 + (*q++ - '0');
	b = a;
	if (*q == ',') {
		q++;
		if (*q == '}') {
			b = -1;
		} else {
			if (*q < '0' || *q > '9')
				return false;
			b = 0;
			while (*q >= '0' && *q <= '9')
				b = b * 10 + (*q++ - '0');
		}
	}
	if (*q != '}')
		return false;
	if (a > 64 || b > 64)
		re_die(rp, "repeat count too large");
	rp->p = q + 1;
	*min = a;
	*max = b;
	return true;
}

static int parse_atom(struct re_parser *rp)
{
	int c = (unsigned char)*rp->p, n;
	switch (c) {
	case '(': {
		rp->p++;
		if (rp->p[0] == '?') {
			char t = rp->p[1];
			rp->p += 2;
			if (t == ':') {
				n = rn_new(rp, RN_GROUP);
			} else if (t == '=' || t == '!') {
				n = rn_new(rp, RN_LOOK);
				rp->n[n].c = t == '!';
			} else {
				re_die(rp, "unsupported group");
				return -1;
			}
		} else {
			n = rn_new(rp, RN_GROUP);
			rp->n[n].cap = ++rp->ngroups;
		}
		int kid = parse_alt(rp);
		rp->n[n].kid = kid;
		if (*rp->p != ')')
			re_die(rp, "missing )");
		rp->p++;
		return n;
	}
	case '[':
		rp->p++;
		n = rn_new(rp, RN_SET);
		rp->n[n].set = parse_class(rp);
		return n;
	case '.': {
		rp->p++;
		n = rn_new(rp, RN_SET);
		int k = set_new(rp);
		for (int i = 0; i < 128; i++)
			if (i != '\n' && i != '\r')
				set_add(rp->sets[k], i);
		rp->sets[k][SET_FLAGS] = SET_NONASCII | SET_USPACE;
		set_finish(rp->sets[k]);
		rp->n[n].set = k;
		return n;
	}
	case '^':
	case '$':
		rp->p++;
		n = rn_new(rp, RN_ASSERT);
		rp->n[n].c = c == '^' ? RE_BOL : RE_EOL;
		return n;
	case '\\': {
		rp->p++;
		int e = (unsigned char)*rp->p;
		if (e == 'b' || e == 'B') {
			rp->p++;
			n = rn_new(rp, RN_ASSERT);
			rp->n[n].c = e == 'b' ? RE_WORDB : RE_NWORDB;
			return n;
		}
		if (strchr("dDwWsS", e) && e) {
			rp->p++;
			n = rn_new(rp, RN_SET);
			int k = set_new(rp);
			set_escape(rp->sets[k], e);
			set_finish(rp->sets[k]);
			rp->n[n].set = k;
			return n;
		}
		c = char_escape(rp);
		goto literal;
	}
	default:
		rp->p++;
	literal:
		if (c > 0x7f)
			re_die(rp, "non-ASCII character");
		if (rp->ci && ((c | 32) >= 'a' && (c | 32) <= 'z')) {
			n = rn_new(rp, RN_SET);
			int k = set_new(rp);
			set_add(rp->sets[k], c | 32);
			set_add(rp->sets[k], c & ~32);
			rp->n[n].set = k;
			return n;
		}
		n = rn_new(rp, RN_BYTE);
		rp->n[n].c = (uint8_t)c;
		return n;
	}
}

static int parse_cat(struct re_parser *rp)
{
	int head = rn_new(rp, RN_CAT), last = -1;
	while (*rp->p && *rp->p != '|' && *rp->p != ')') {
		int a = parse_atom(rp), min, max;
		char q = *rp->p;
		if (q == '*' || q == '+' || q == '?' ||
		    (q == '{' && parse_braces(rp, &min, &max))) {
			if (q != '{') {
				rp->p++;
				min = q == '+';
				max = q == '?' ? 1 : -1;
			}
			int r = rn_new(rp, RN_REP);
			rp->n[r].min = min;
			rp->n[r].max = max;
			rp->n[r].greedy = true;
			if (*rp->p == '?') {
				rp->p++;
				rp->n[r].greedy = false;
			}
			rp->n[r].kid = a;
			a = r;
		}
		if (last < 0)
			rp->n[head].kid = a;
		else
			rp->n[last].next = a;
		last = a;
	}
	return head;
}

/* The first atom of alternative a (a CAT) if it is one plain character. */
static int alt_head(const struct re_parser *rp, int a)
{
	int h = rp->n[a].kid;
	if (h < 0 || (rp->n[h].kind != RN_BYTE && rp->n[h].kind != RN_SET))
		return -1;
	return h;
}

static bool same_char(const struct re_parser *rp, int a, int b)
{
	const struct rnode *x = &rp->n[a], *y = &rp->n[b];
	if (x->kind != y->kind)
		return false;
	if (x->kind == RN_BYTE)
		return x->c == y->c;
	return !memcmp(rp->sets[x->set], rp->sets[y->set], SET_SIZE);
}

/* Factor the first character out of consecutive alternatives that share
 * it, recursively: foo|for|bar becomes fo(o|r)|bar. Order is kept, so
 * the leftmost-first choice is the same; long keyword alternations (CSS
 * properties, JavaScript operators) then cost a few threads, not one per
 * word, at each position. */
static void alt_factor(struct re_parser *rp, int alt)
{
	int out = -1, last = -1;
	for (int a = rp->n[alt].kid; a >= 0;) {
		int h = alt_head(rp, a), b = rp->n[a].next, count = 1;
		while (h >= 0 && b >= 0 && alt_head(rp, b) >= 0 &&
		       same_char(rp, h, alt_head(rp, b))) {
			b = rp->n[b].next;
			count++;
		}
		int item = a;
		if (count > 1) {
			/* CAT(h, ALT(tail(a), ..., tail(b - 1))) */
			int inner = rn_new(rp, RN_ALT), tl = -1;
			for (int k = a; k != b; k = rp->n[k].next) {
				int t = rn_new(rp, RN_CAT);
				rp->n[t].kid = rp->n[rp->n[k].kid].next;
				if (tl < 0)
					rp->n[inner].kid = t;
				else
					rp->n[tl].next = t;
				tl = t;
			}
			alt_factor(rp, inner);
			int hc = rn_new(rp, rp->n[h].kind);
			rp->n[hc].c = rp->n[h].c;
			rp->n[hc].set = rp->n[h].set;
			rp->n[hc].next = inner;
			item = rn_new(rp, RN_CAT);
			rp->n[item].kid = hc;
		}
		if (last < 0)
			out = item;
		else
			rp->n[last].next = item;
		last = item;
		a = b;
	}
	rp->n[last].next = -1;
	rp->n[alt].kid = out;
}

static int parse_alt(struct re_parser *rp)
{
	int first = parse_cat(rp);
	if (*rp->p != '|')
		return first;
	int alt = rn_new(rp, RN_ALT), last = first;
	rp->n[alt].kid = first;
	while (*rp->p == '|') {
		rp->p++;
		int b = parse_cat(rp);
		rp->n[last].next = b;
		last = b;
	}
	alt_factor(rp, alt);
	return alt;
}

/* ---- code generation -------------------------------------------------- */

struct re_gen {
	struct re_parser *rp;
	struct re_inst *code;
	int len, cap;
	struct re_prog **looks;
	int nlooks;
	int (*switches)[256];
	int nswitches;
};

static int emit(struct re_gen *g, int op, int c, int x, int y)
{
	if (g->len == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		g->code = xrealloc(g->code, (size_t)g->cap * sizeof *g->code);
	}
	g->code[g->len] = (struct re_inst){ (uint8_t)op, (uint8_t)c, x, y };
	return g->len++;
}

static struct re_prog *prog_finish(struct re_gen *g, const char *src);

static bool set_has_high(const uint8_t *s)
{
	return s[SET_FLAGS] != 0;
}

/* Whether the character at s[pos] is in the set (pos < hi). A stray
 * continuation byte counts as a non-ASCII character. */
static inline bool set_match(const uint8_t *set, const unsigned char *s, size_t pos,
			     size_t hi)
{
	int b = s[pos], f = set[SET_FLAGS];
	if (b < 0x80)
		return set_has(set, b);
	if (f == 0 || f == (SET_NONASCII | SET_USPACE))
		return f != 0;
	return (b >= 0xc0 && is_uspace(s, pos, hi)) ? f & SET_USPACE : f & SET_NONASCII;
}

static void gen_node(struct re_gen *g, int ni);

/* Code for the alternatives from `first` on, in order of preference. A
 * run of three or more that start with ASCII characters no two of them
 * share goes by the next byte alone: one SWITCH instead of a SPLIT per
 * branch (and a thread per branch at every position); the alternatives
 * after the run are tried next, as SWITCH's fallback y. */
static void gen_alt(struct re_gen *g, int first)
{
	const struct re_parser *rp = g->rp;
	uint8_t seen[SET_SIZE] = { 0 };
	int count = 0, k;
	for (k = first; k >= 0; k = rp->n[k].next, count++) {
		int h = alt_head(rp, k);
		if (h < 0)
			break;
		const struct rnode *hn = &rp->n[h];
		bool clash = false;
		for (int c = 0; c < 256 && !clash; c++)
			if (hn->kind == RN_BYTE ? c == hn->c : set_has(rp->sets[hn->set], c))
				clash = c >= 0x80 || set_has(seen, c);
		if (clash)
			break;
		for (int c = 0; c < 128; c++)
			if (hn->kind == RN_BYTE ? c == hn->c : set_has(rp->sets[hn->set], c))
				set_add(seen, c);
	}
	int chain = -1;
	if (count >= 3) {
		int sw = g->nswitches++;
		g->switches = xrealloc(g->switches, (size_t)g->nswitches * sizeof *g->switches);
		for (int c = 0; c < 256; c++)
			g->switches[sw][c] = -1;
		int at = emit(g, RE_SWITCH, 0, sw, -1);
		for (int a = first; a != k; a = rp->n[a].next) {
			const struct rnode *hn = &rp->n[alt_head(rp, a)];
			for (int c = 0; c < 128; c++)
				if (hn->kind == RN_BYTE ? c == hn->c : set_has(rp->sets[hn->set], c))
					g->switches[sw][c] = g->len;
			gen_node(g, a);
			chain = emit(g, RE_JMP, 0, chain, 0);
		}
		if (k >= 0) {
			g->code[at].y = g->len;
			gen_alt(g, k);
		}
	} else if (rp->n[first].next < 0) {
		gen_node(g, first);
	} else {
		int sp = emit(g, RE_SPLIT, 0, 0, 0);
		g->code[sp].x = g->len;
		gen_node(g, first);
		chain = emit(g, RE_JMP, 0, -1, 0);
		g->code[sp].y = g->len;
		gen_alt(g, rp->n[first].next);
	}
	while (chain >= 0) {
		int prev = g->code[chain].x;
		g->code[chain].x = g->len;
		chain = prev;
	}
}

static void gen_node(struct re_gen *g, int ni)
{
	const struct rnode *n = &g->rp->n[ni];
	switch (n->kind) {
	case RN_EMPTY:
		break;
	case RN_BYTE:
		emit(g, RE_BYTE, n->c, 0, 0);
		break;
	case RN_SET:
		emit(g, RE_SET, 0, n->set, 0);
		/* One JavaScript character is a whole UTF-8 sequence here. */
		if (set_has_high(g->rp->sets[n->set]))
			emit(g, RE_TAIL, 0, 0, 0);
		break;
	case RN_CAT:
		for (int k = n->kid; k >= 0; k = g->rp->n[k].next)
			gen_node(g, k);
		break;
	case RN_ALT:
		gen_alt(g, n->kid);
		break;
	case RN_GROUP:
		if (n->cap >= 1 && n->cap <= RE_NCAP) {
			emit(g, RE_SAVE, 0, 2 * n->cap, 0);
			gen_node(g, n->kid);
			emit(g, RE_SAVE, 0, 2 * n->cap + 1, 0);
		} else {
			gen_node(g, n->kid);
		}
		break;
	case RN_ASSERT:
		emit(g, n->c, 0, 0, 0);
		break;
	case RN_LOOK: {
		struct re_gen sub = { .rp = g->rp };
		gen_node(&sub, n->kid);
		emit(&sub, RE_MATCH, 0, 0, 0);
		g->looks = xrealloc(g->looks, (size_t)(g->nlooks + 1) * sizeof *g->looks);
		g->looks[g->nlooks] = prog_finish(&sub, g->rp->src);
		emit(g, RE_LOOK, n->c, g->nlooks++, 0);
		break;
	}
	case RN_REP: {
		/* x{min} then either x* or (max - min) nested x? */
		for (int i = 0; i < n->min; i++)
			gen_node(g, n->kid);
		if (n->max < 0) {
			int s = emit(g, RE_SPLIT, 0, 0, 0);
			int body = g->len;
			gen_node(g, n->kid);
			emit(g, RE_JMP, 0, s, 0);
			g->code[s].x = n->greedy ? body : g->len;
			g->code[s].y = n->greedy ? g->len : body;
		} else {
			int splits[64], ns = 0;
			for (int i = n->min; i < n->max; i++) {
				int s = emit(g, RE_SPLIT, 0, 0, 0);
				splits[ns++] = s;
				g->code[s].x = g->len;  /* body, patched below if lazy */
				gen_node(g, n->kid);
			}
			for (int i = 0; i < ns; i++) {
				int s = splits[i];
				if (n->greedy) {
					g->code[s].y = g->len;
				} else {
					g->code[s].y = g->code[s].x;
					g->code[s].x = g->len;
				}
			}
		}
		break;
	}
	}
}

/* Bytes a match can start with, following empty-width instructions; sets
 * can_empty when MATCH is reachable without consuming. */
static void prog_first(struct re_prog *p)
{
	int *stack = xmalloc((size_t)p->len * 4 * sizeof *stack + 256 * sizeof *stack);
	bool *seen = xcalloc((size_t)p->len, 1);
	int sp = 0;
	stack[sp++] = 0;
	while (sp) {
		int pc = stack[--sp];
		if (seen[pc])
			continue;
		seen[pc] = true;
		const struct re_inst *in = &p->code[pc];
		switch (in->op) {
		case RE_BYTE:
			p->first[in->c] = true;
			break;
		case RE_SET:
			for (int c = 0; c < 256; c++)
				if (set_has(p->sets[in->x], c))
					p->first[c] = true;
			break;
		case RE_MATCH:
			p->can_empty = true;
			break;
		case RE_SPLIT:
			stack[sp++] = in->y;
			stack[sp++] = in->x;
			break;
		case RE_SWITCH: {
			if (in->y >= 0)
				stack[sp++] = in->y;
			int last = -1;
			for (int c = 0; c < 256; c++) {
				int t = p->switches[in->x][c];
				if (t >= 0 && t != last && !seen[t])
					stack[sp++] = last = t;
			}
			break;
		}
		case RE_JMP:
			stack[sp++] = in->x;
			break;
		default:        /* assertions, saves, lookaheads: pass through */
			stack[sp++] = pc + 1;
			break;
		}
	}
	free(stack);
	free(seen);
}

static int prog_count;          /* programs made, for cache slots */

static struct re_prog *prog_finish(struct re_gen *g, const char *src)
{
	struct re_prog *p = xcalloc(1, sizeof *p);
	p->code = g->code;
	p->len = g->len;
	p->looks = g->looks;
	p->nlooks = g->nlooks;
	p->switches = g->switches;
	p->src = src;
	p->id = prog_count++;
	return p;
}

static int max_prog_len;        /* scratch size for the VM */

static void prog_sizes(struct re_prog *p)
{
	if (p->len > max_prog_len)
		max_prog_len = p->len;
	for (int i = 0; i < p->nlooks; i++)
		prog_sizes(p->looks[i]);
}

/* Most patterns are a literal ("{", "-->", "//") or one character class
 * ("[^)]", "\\s"); those are searched without the VM. */
enum { RE_VM, RE_LITERAL, RE_ONECHAR };

static void prog_shape(struct re_prog *p)
{
	int n = 0;
	while (n < p->len && n < 16 && p->code[n].op == RE_BYTE)
		n++;
	if (n > 0 && n == p->len - 1 && p->code[n].op == RE_MATCH) {
		p->shape = RE_LITERAL;
		p->litlen = n;
		for (int i = 0; i < n; i++)
			p->lit[i] = p->code[i].c;
	} else if (p->len >= 2 && p->code[0].op == RE_SET &&
		   (p->code[1].op == RE_MATCH ||
		    (p->len == 3 && p->code[1].op == RE_TAIL && p->code[2].op == RE_MATCH))) {
		p->shape = RE_ONECHAR;
	}
	p->nslot = 2;
	for (int i = 0; i < p->len; i++)
		if (p->code[i].op == RE_SAVE)
			p->nslot = RE_NSLOT;
}

static void prog_set_sets(struct re_prog *p, uint8_t (*sets)[SET_SIZE])
{
	p->sets = sets;
	for (int i = 0; i < p->nlooks; i++)
		prog_set_sets(p->looks[i], sets);
	prog_first(p);
	prog_shape(p);
	/* A pattern that is only a lookahead, like (?=# type:) or
	 * \b(?=constructor), can start only where its lookahead can. */
	int pc = 0;
	while (p->code[pc].op == RE_SAVE || (p->code[pc].op >= RE_BOL &&
					     p->code[pc].op <= RE_NWORDB))
		pc++;
	if (p->code[pc].op == RE_LOOK && !p->code[pc].c && !p->looks[p->code[pc].x]->can_empty) {
		memcpy(p->first, p->looks[p->code[pc].x]->first, sizeof p->first);
		p->any_start = false;
	} else {
		p->any_start = p->can_empty;
	}
}

/* Compile a JavaScript regexp source (flags m, and i if ci). Grammars are
 * static, so a bad pattern is a bug: it aborts with a message. */
static struct re_prog *re_compile(const char *src, bool ci)
{
	struct re_parser rp = { .src = src, .p = src, .ci = ci };
	int root = parse_alt(&rp);
	if (*rp.p)
		re_die(&rp, "unbalanced )");
	struct re_gen g = { .rp = &rp };
	gen_node(&g, root);
	emit(&g, RE_MATCH, 0, 0, 0);
	struct re_prog *p = prog_finish(&g, src);
	/* the sets array is shared by the program and its lookaheads */
	prog_set_sets(p, rp.sets);
	prog_sizes(p);
	free(rp.n);
	return p;
}

/* ---- matching --------------------------------------------------------- */

/* Scratch for one VM level; lookaheads run on the next level. */
struct re_vm {
	unsigned *mark;         /* per pc: generation of the list holding it */
	unsigned gen;
	int *pcs[2];            /* thread lists, priority order */
	size_t *caps[2];        /* RE_NSLOT per thread */
	int n[2];
	struct { int pc, slot; size_t old; } *stack;
	struct re_vm *next;
};

/* A lookahead result, memoised per program and position: a lookahead at a
 * position is tested once however many threads reach it. */
struct look_memo {
	size_t pos, lo, hi;
	const struct re_prog *p;
	bool ok;
};

/* What a search found: valid for queries from `from` up to `start`
 * (a leftmost match found from `from` is the leftmost from any later
 * point up to its start), or for any query after `from` if !found. */
struct search_memo {
	size_t lo, hi, from, start;
	bool found, valid;
};

struct hl_ctx {
	const char *s;                  /* the whole code */
	size_t steps, max_steps;        /* work budget (VM steps) */
	bool over;                      /* budget or a limit was hit */
	struct re_vm *vm;
	struct look_memo memo[64];
	struct search_memo *cache[MAX_HL_SUBLANG_DEPTH + 1];
	int depth;                      /* sub-language depth */
};

static struct re_vm *vm_new(void)
{
	struct re_vm *v = xcalloc(1, sizeof *v);
	size_t n = (size_t)max_prog_len + 1;
	v->mark = xcalloc(n, sizeof *v->mark);
	for (int i = 0; i < 2; i++) {
		v->pcs[i] = xmalloc(n * sizeof *v->pcs[i]);
		v->caps[i] = xmalloc(n * RE_NSLOT * sizeof *v->caps[i]);
	}
	v->stack = xmalloc(3 * n * sizeof *v->stack);
	return v;
}

static void vm_free(struct re_vm *v)
{
	while (v) {
		struct re_vm *next = v->next;
		free(v->mark);
		for (int i = 0; i < 2; i++) {
			free(v->pcs[i]);
			free(v->caps[i]);
		}
		free(v->stack);
		free(v);
		v = next;
	}
}

static inline bool at_bol(const char *s, size_t lo, size_t pos)
{
	return pos == lo || s[pos - 1] == '\n' || s[pos - 1] == '\r';
}

static inline bool at_eol(const char *s, size_t hi, size_t pos)
{
	return pos == hi || s[pos] == '\n' || s[pos] == '\r';
}

static inline bool at_wordb(const char *s, size_t lo, size_t hi, size_t pos)
{
	bool a = pos > lo && is_word((unsigned char)s[pos - 1]);
	bool b = pos < hi && is_word((unsigned char)s[pos]);
	return a != b;
}

static inline bool is_cont(int c) { return (c & 0xc0) == 0x80; }

/* What re_run() looks for. */
enum re_mode {
	RE_SEARCH,      /* the leftmost-first match at or after `from` */
	RE_ANCHORED,    /* the match starting at `from` */
	RE_START,       /* only where the leftmost match starts (cap[0]) */
};

static bool re_run(struct hl_ctx *x, struct re_vm *v, const struct re_prog *p,
		   size_t lo, size_t hi, size_t from, enum re_mode mode, size_t *cap);

static bool look_ok(struct hl_ctx *x, struct re_vm *v, const struct re_prog *p,
		    size_t lo, size_t hi, size_t pos)
{
	struct look_memo *m = &x->memo[((uintptr_t)p >> 4) % ARRAY_LEN(x->memo)];
	if (m->p == p && m->pos == pos && m->lo == lo && m->hi == hi)
		return m->ok;
	if (!v->next)
		v->next = vm_new();
	size_t cap[RE_NSLOT];
	bool ok = re_run(x, v->next, p, lo, hi, pos, RE_ANCHORED, cap);
	*m = (struct look_memo){ pos, lo, hi, p, ok };
	return ok;
}

/* Threads of programs without groups carry only [0] and [1]. */
static inline void copy_slots(size_t *restrict d, const size_t *restrict s, int n)
{
	d[0] = s[0];
	d[1] = s[1];
	for (int i = 2; i < n; i++)
		d[i] = s[i];
}

/* Add the thread (pc, cur) to list l at pos, following empty-width
 * instructions depth-first so that threads keep their priority order (a
 * pc already in the list is not added again: the earlier thread wins). */
static void add_thread(struct hl_ctx *x, struct re_vm *v, const struct re_prog *p,
		       int l, unsigned mk, int pc0, size_t lo, size_t hi,
		       size_t pos, size_t *cur)
{
	const char *s = x->s;
	int sp = 0;
	v->stack[sp].pc = pc0;
	v->stack[sp++].slot = -1;
	while (sp) {
		sp--;
		if (v->stack[sp].slot >= 0) {   /* undo a SAVE */
			cur[v->stack[sp].slot] = v->stack[sp].old;
			continue;
		}
		int pc = v->stack[sp].pc;
		if (v->mark[pc] == mk)
			continue;
		v->mark[pc] = mk;
		x->steps++;
		const struct re_inst *in = &p->code[pc];
		bool pass = false;
		switch (in->op) {
		case RE_JMP:
			v->stack[sp].pc = in->x;
			v->stack[sp++].slot = -1;
			continue;
		case RE_SPLIT:
			v->stack[sp].pc = in->y;
			v->stack[sp++].slot = -1;
			v->stack[sp].pc = in->x;
			v->stack[sp++].slot = -1;
			continue;
		case RE_SWITCH: {
			int t = pos < hi ? p->switches[in->x][(unsigned char)s[pos]] : -1;
			if (in->y >= 0) {       /* the fallback comes after */
				v->stack[sp].pc = in->y;
				v->stack[sp++].slot = -1;
			}
			if (t >= 0) {
				v->stack[sp].pc = t;
				v->stack[sp++].slot = -1;
			}
			continue;
		}
		case RE_SAVE:
			v->stack[sp].slot = in->x;
			v->stack[sp++].old = cur[in->x];
			cur[in->x] = pos;
			v->stack[sp].pc = pc + 1;
			v->stack[sp++].slot = -1;
			continue;
		case RE_BOL: pass = at_bol(s, lo, pos); break;
		case RE_EOL: pass = at_eol(s, hi, pos); break;
		case RE_WORDB: pass = at_wordb(s, lo, hi, pos); break;
		case RE_NWORDB: pass = !at_wordb(s, lo, hi, pos); break;
		case RE_LOOK:
			pass = look_ok(x, v, p->looks[in->x], lo, hi, pos) != in->c;
			break;
		case RE_TAIL:
			/* before a continuation byte: a thread that eats it */
			pass = !(pos < hi && is_cont((unsigned char)s[pos]));
			break;
		default:
			break;
		}
		if ((in->op <= RE_TAIL || in->op == RE_MATCH) && !pass) {
			int k = v->n[l]++;
			v->pcs[l][k] = pc;
			copy_slots(&v->caps[l][(size_t)k * RE_NSLOT], cur, p->nslot);
			continue;
		}
		if (pass) {
			v->stack[sp].pc = pc + 1;
			v->stack[sp++].slot = -1;
		}
	}
}

static unsigned vm_mark(struct re_vm *v)
{
	if (++v->gen == 0) {    /* wrapped: forget every old mark */
		memset(v->mark, 0, ((size_t)max_prog_len + 1) * sizeof *v->mark);
		v->gen = 1;
	}
	return v->gen;
}

/* re_run() for the RE_LITERAL and RE_ONECHAR shapes. */
static bool re_fast(struct hl_ctx *x, const struct re_prog *p, size_t lo, size_t hi,
		    size_t from, bool anchored, size_t *cap)
{
	const unsigned char *s = (const unsigned char *)x->s;
	size_t pos = from, end = anchored ? from + 1 : hi;
	bool found = false;
	if (p->shape == RE_LITERAL) {
		size_t n = (size_t)p->litlen;
		for (; pos < end && pos + n <= hi; pos++) {
			const void *q = memchr(s + pos, p->lit[0], end - pos);
			if (!q)
				break;
			pos = (size_t)((const unsigned char *)q - s);
			if (pos + n <= hi && !memcmp(s + pos, p->lit, n)) {
				found = true;
				break;
			}
		}
		if (found)
			cap[1] = pos + n;
	} else {
		const uint8_t *set = p->sets[p->code[0].x];
		for (; pos < end && pos < hi; pos++) {
			if (!p->first[s[pos]] || !set_match(set, s, pos, hi))
				continue;
			if (pos > lo && is_cont(s[pos]) && s[pos - 1] >= 0x80)
				continue;       /* inside a UTF-8 sequence */
			found = true;
			break;
		}
		if (found) {
			cap[1] = pos + 1;
			while (p->len == 3 && cap[1] < hi && is_cont(s[cap[1]]))
				cap[1]++;
		}
	}
	x->steps += (pos - from) / 16 + 1;
	cap[0] = pos;
	for (int k = 2; k < RE_NSLOT; k++)
		cap[k] = RE_UNSET;
	return found;
}

/* Leftmost-first search of p in s[lo, hi) from `from` (see enum re_mode).
 * On a match, cap[0..1] hold its bounds and cap[2..] the first RE_NCAP
 * groups (RE_UNSET if they did not take part). Assertions see lo and hi as
 * the ends of the string, as when highlight.js runs a regexp on a
 * substring.
 *
 * RE_START stops once no thread that started earlier than the match found
 * is alive: finding where `\S+` matches must not cost the whole run of
 * non-blanks when another rule wins there anyway. */
static bool re_run(struct hl_ctx *x, struct re_vm *v, const struct re_prog *p,
		   size_t lo, size_t hi, size_t from, enum re_mode mode, size_t *cap)
{
	bool anchored = mode == RE_ANCHORED;
	if (p->shape != RE_VM)
		return re_fast(x, p, lo, hi, from, anchored, cap);
	const unsigned char *s = (const unsigned char *)x->s;
	size_t cur[RE_NSLOT];
	unsigned mk[2];
	bool matched = false;
	int c = 0;
	mk[c] = vm_mark(v);
	v->n[0] = v->n[1] = 0;
	for (size_t pos = from; pos <= hi; pos++) {
		if (!matched && (!anchored || pos == from)) {
			if (!v->n[c] && !anchored && !p->any_start) {
				while (pos < hi && !p->first[s[pos]])
					pos++;
				if (pos == hi)
					break;
			}
			/* no match starts inside a UTF-8 sequence */
			if (!anchored && pos > lo && pos < hi && is_cont(s[pos]) &&
			    s[pos - 1] >= 0x80)
				goto step;
			for (int i = 0; i < RE_NSLOT; i++)
				cur[i] = RE_UNSET;
			cur[0] = pos;
			if (!v->n[c])   /* marks of a failed start are stale */
				mk[c] = vm_mark(v);
			add_thread(x, v, p, c, mk[c], 0, lo, hi, pos, cur);
		}
	step:
		if (!v->n[c]) {
			if (matched || anchored)
				break;
			continue;       /* no thread here: try the next start */
		}
		int nl = 1 - c;
		mk[nl] = vm_mark(v);
		v->n[nl] = 0;
		int b = pos < hi ? s[pos] : -1;
		for (int i = 0; i < v->n[c]; i++) {
			int pc = v->pcs[c][i];
			size_t *tc = &v->caps[c][(size_t)i * RE_NSLOT];
			const struct re_inst *in = &p->code[pc];
			int next = pc + 1;
			x->steps++;
			switch (in->op) {
			case RE_MATCH:
				matched = true;
				memcpy(cap, tc, sizeof(size_t) * (size_t)p->nslot);
				for (int k = p->nslot; k < RE_NSLOT; k++)
					cap[k] = RE_UNSET;
				cap[1] = pos;
				i = v->n[c];    /* lower-priority threads lose */
				continue;
			case RE_BYTE:
				if (b != in->c)
					continue;
				break;
			case RE_SET:
				if (b < 0 || !set_match(p->sets[in->x], s, pos, hi))
					continue;
				break;
			case RE_TAIL:   /* only added before a continuation byte */
				next = pc;
				break;
			default:
				continue;
			}
			copy_slots(cur, tc, p->nslot);
			add_thread(x, v, p, nl, mk[nl], next, lo, hi, pos + 1, cur);
		}
		v->n[c] = 0;
		c = nl;
		if (matched && mode == RE_START) {
			/* threads are in start order: keep the earlier ones */
			int k = 0;
			while (k < v->n[c] && v->caps[c][(size_t)k * RE_NSLOT] < cap[0])
				k++;
			if (!k)
				break;
			v->n[c] = k;
		}
		if (x->steps > x->max_steps) {
			x->over = true;
			return false;
		}
	}
	return matched;
}

/* ======================================================================
 * 2. Modes: highlight.js's _highlight() (core.js, 10.7.3)
 *
 * A grammar is a tree of modes. At each step the engine looks, from the
 * cursor, for the earliest match among the rules of the innermost open
 * mode ("top"), in this order: the begin pattern of each child mode, the
 * end of top (with the ends of its parents while modes endsWithParent),
 * then top's illegal pattern. Ties go to the earlier rule. Text between
 * matches collects in a buffer that is flushed, split into keywords (or
 * handed to a sub-language), whenever a mode opens or closes:
 *
 *   begin     the child opens, the lexeme becomes its first text (or the
 *             parent's last, excludeBegin; or is scanned again inside,
 *             returnBegin); skip modes keep the parent's buffer going
 *   end       top closes (and its parents while endsParent); the lexeme
 *             is its last text (or the parent's, excludeEnd; or scanned
 *             again, returnEnd); then the `starts` mode opens, if any
 *   illegal   the whole block stays plain, unless ignoreIllegals
 *             (sub-languages), where the lexeme is just text
 *
 * A begin may be vetoed after matching (highlight.js's on:begin
 * callbacks): the search then resumes at the same place with the rules
 * after the vetoed one, as ResumableMultiRegex does.
 *
 * Where each rule next matches is cached (struct search_memo) until the
 * cursor passes it, so a pattern that has no match soon scans the text
 * once, not once per lexeme; only the winner is then matched in full.
 * ====================================================================== */

enum {
	HL_EXCLUDE_BEGIN = 1 << 0,
	HL_EXCLUDE_END = 1 << 1,
	HL_RETURN_BEGIN = 1 << 2,
	HL_RETURN_END = 1 << 3,
	HL_ENDS_WITH_PARENT = 1 << 4,
	HL_ENDS_PARENT = 1 << 5,
	HL_SKIP = 1 << 6,
	HL_SAME_END = 1 << 7,   /* END_SAME_AS_BEGIN: group 1 of the end
				   must equal group 1 of the begin */
	HL_AT_START = 1 << 8,   /* SHEBANG: only at offset 0 */
	HL_JSX_TAG = 1 << 9,    /* javascript.js isTrulyOpeningTag */
};

/* Mode relevance: 0 means highlight.js's default (1, or 0 for modes with
 * beginKeywords); R0 is an explicit 0. Relevance only matters when a
 * sub-language is picked among several (<script> and <style> in HTML). */
#define R0 (-1)

#define HL_KW_GROUPS 5

struct hl_kwgroup {
	const char *cls;        /* NULL: relevance only (cpp _relevance_hints) */
	const char *words;      /* space separated; "word|N": relevance N */
};

struct kw_entry {
	const char *word;       /* NULL: empty slot */
	uint8_t len, group, rel;
};

struct hl_keywords {
	const char *pattern;    /* keywords.$pattern; NULL: \w+ */
	struct hl_kwgroup g[HL_KW_GROUPS];
	/* compiled, per case mode */
	struct re_prog *re[2];
	struct kw_entry *tab[2];
	size_t mask[2];
	bool claimed[2];        /* a mode took the pattern (see mode_compile) */
	char *lower[HL_KW_GROUPS];      /* lower-cased lists, for ci */
};

struct hl_mode {
	const char *cls;        /* className; NULL: no span */
	const char *begin;      /* NULL: matches at once (hljs /\B|\b/) */
	const char *end;        /* NULL: ends at once, unless endsWithParent */
	const char *illegal;
	const char *begin_kw;   /* beginKeywords */
	const char *words;      /* begin has a %s for these, joined by | */
	re_hook hook;           /* begin is a C search; .begin prefilters */
	struct hl_keywords *kw;
	struct hl_mode **contains;      /* NULL-terminated; HL_SELF */
	struct hl_mode *starts;
	const char *sublang;    /* "bash"; "css xml": highlightAuto among */
	const char *only;       /* a rule only in this language (TypeScript's
				   decorator in the JavaScript modes) */
	signed char rel;
	unsigned flags;
	/* compiled, per case mode */
	struct re_prog *begin_re[2], *end_re[2], *illegal_re[2];
	struct hl_keywords *kwc[2];
	bool own_pattern[2];    /* its keywords use their $pattern, not \w+ */
	int relevance;
	bool done[2];
};

struct hl_language {
	const char *name;       /* hljs registration name */
	const char *aliases;    /* space separated */
	bool ci;                /* case_insensitive */
	bool no_auto;           /* disableAutodetect */
	struct hl_mode *root;
	/* a keyword set replaced everywhere in this language (kw_from's
	 * modes are shared with the language it extends) */
	struct hl_keywords *kw_from, *kw_to;
};

static struct hl_mode hl_self;  /* 'self' in a contains list */
#define HL_SELF (&hl_self)
#define CONTAINS(...) ((struct hl_mode *[]){ __VA_ARGS__, NULL })

static const struct hl_language *lang_by_name(const char *name, size_t len);

/* ---- keywords --------------------------------------------------------- */

static uint32_t kw_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;               /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* highlight.js's COMMON_KEYWORDS score 0 unless a score is given. */
static bool kw_common(const char *w, size_t n)
{
	static const char *const common[] = { "of", "and", "for", "in", "not",
		"or", "if", "then", "parent", "list", "value" };
	for (size_t i = 0; i < ARRAY_LEN(common); i++)
		if (strlen(common[i]) == n && !strncasecmp(common[i], w, n))
			return true;
	return false;
}

static void kw_put(struct kw_entry *tab, size_t mask, const char *w, size_t n,
		   int group, int rel)
{
	size_t i = kw_hash(w, n) & mask;
	while (tab[i].word && !(tab[i].len == n && !memcmp(tab[i].word, w, n)))
		i = (i + 1) & mask;
	/* a later class wins, as Object.assign does in compileKeywords() */
	tab[i] = (struct kw_entry){ w, (uint8_t)n, (uint8_t)group, (uint8_t)rel };
}

static void kw_compile(struct hl_keywords *k, int ci)
{
	if (k->tab[ci])
		return;
	size_t count = 0;
	for (int g = 0; g < HL_KW_GROUPS && k->g[g].words; g++)
		for (const char *p = k->g[g].words; *p; p++)
			count += *p == ' ';
	count += HL_KW_GROUPS;
	size_t size = 16;
	while (size < 2 * count)
		size *= 2;
	struct kw_entry *tab = xcalloc(size, sizeof *tab);
	for (int g = 0; g < HL_KW_GROUPS && k->g[g].words; g++) {
		/* entries point into the list (or its lower-cased copy) */
		const char *p = k->g[g].words;
		if (ci) {
			char *low = k->lower[g] = xstrdup(p);
			for (; *low; low++)
				if (*low >= 'A' && *low <= 'Z')
					*low += 32;
			p = k->lower[g];
		}
		while (*p) {
			while (*p == ' ')
				p++;
			size_t n = strcspn(p, " |");
			if (!n)
				break;
			int rel = kw_common(p, n) ? 0 : 1;
			const char *w = p;
			p += n;
			if (*p == '|') {
				rel = atoi(p + 1);
				p += strcspn(p, " ");
			}
			if (n > 255)
				abort();
			kw_put(tab, size - 1, w, n, g, rel);
		}
	}
	k->re[ci] = re_compile(k->pattern ? k->pattern : "\\w+", ci);
	k->mask[ci] = size - 1;
	k->tab[ci] = tab;
}

static const struct kw_entry *kw_find(const struct hl_keywords *k, int ci,
				      const char *w, size_t n)
{
	char low[256];
	if (n > 255)
		return NULL;
	if (ci) {
		for (size_t i = 0; i < n; i++)
			low[i] = (w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] + 32) : w[i];
		w = low;
	}
	const struct kw_entry *tab = k->tab[ci];
	size_t mask = k->mask[ci], i = kw_hash(w, n) & mask;
	while (tab[i].word) {
		if (tab[i].len == n && !memcmp(tab[i].word, w, n))
			return &tab[i];
		i = (i + 1) & mask;
	}
	return NULL;
}

/* ---- grammar compilation ---------------------------------------------- */

static struct re_prog *empty_re;        /* /\B|\b/: matches anywhere */
static struct re_prog *word_re;         /* /\w+/: the default $pattern */

static void mode_compile(struct hl_mode *m, int ci, bool is_root)
{
	if (m == HL_SELF || m->done[ci])
		return;
	m->done[ci] = true;
	m->kwc[ci] = m->kw;
	if (m->begin_kw) {
		/* beginKeywords: \b(k1|k2)(?!\.)(?=\b|\s), its words as
		 * keywords unless the mode has its own, relevance 0 */
		struct strbuf b;
		strbuf_init(&b, 0);
		strbuf_puts(&b, "\\b(");
		for (const char *p = m->begin_kw; *p; p++)
			strbuf_append(&b, *p == ' ' ? "|" : p, 1);
		strbuf_puts(&b, ")(?!\\.)(?=\\b|\\s)");
		m->begin_re[ci] = re_compile(b.s, ci);  /* src kept: b.s leaks by design */
		if (!m->kw) {
			struct hl_keywords *k = xcalloc(1, sizeof *k);
			k->g[0] = (struct hl_kwgroup){ "keyword", m->begin_kw };
			m->kwc[ci] = k;
		}
	} else if (m->words) {
		/* a long alternation kept as a word list: \b(w1|w2|...)\b */
		struct strbuf b;
		strbuf_init(&b, 0);
		const char *pct = strstr(m->begin, "%s");
		strbuf_append(&b, m->begin, (size_t)(pct - m->begin));
		for (const char *p = m->words; *p; p++)
			strbuf_append(&b, *p == ' ' ? "|" : p, 1);
		strbuf_puts(&b, pct + 2);
		m->begin_re[ci] = re_compile(b.s, ci);
	} else if (!is_root) {
		m->begin_re[ci] = m->begin ? re_compile(m->begin, ci) : empty_re;
		if (m->hook)
			m->begin_re[ci]->hook = m->hook;
	}
	if (m->kwc[ci]) {
		/* compileMode() deletes keywords.$pattern from the object it
		 * reads it from, so of the modes sharing a keyword object
		 * only the first compiled (the root, if it has them) scans
		 * with the pattern; the others split words with \w+. */
		struct hl_keywords *k = m->kwc[ci];
		kw_compile(k, ci);
		m->own_pattern[ci] = is_root || !k->claimed[ci];
		k->claimed[ci] = true;
	}
	if (!is_root) {
		if (m->end)
			m->end_re[ci] = re_compile(m->end, ci);
		else if (!(m->flags & HL_ENDS_WITH_PARENT))
			m->end_re[ci] = empty_re;
	}
	if (m->illegal)
		m->illegal_re[ci] = re_compile(m->illegal, ci);
	if ((m->flags & HL_EXCLUDE_BEGIN) && (m->flags & HL_RETURN_BEGIN))
		abort();        /* highlight.js would emit the lexeme twice */
	m->relevance = m->rel == R0 ? 0 : m->rel ? m->rel : m->begin_kw ? 0 : 1;
	for (struct hl_mode **c = m->contains; c && *c; c++)
		mode_compile(*c, ci, false);
	if (m->starts)
		mode_compile(m->starts, ci, false);
}

/* ---- spans ------------------------------------------------------------ */

static void spans_push(struct hl_spans *o, struct hl_span sp)
{
	if (o->len == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 64;
		o->v = xrealloc(o->v, o->cap * sizeof *o->v);
	}
	o->v[o->len++] = sp;
}

/* ---- the engine ------------------------------------------------------- */

struct frame {
	struct hl_mode *m;
	size_t g1, g1len;       /* HL_SAME_END: group 1 of the begin match */
	bool g1set;
};

struct cont {                   /* a sub-language's state between buffers */
	const struct hl_language *lang;
	struct frame *st;
	size_t n;
};

struct run {
	struct hl_ctx *x;
	const struct hl_language *lang;
	int ci;
	size_t lo, hi;          /* the text this run highlights */
	bool ignore_illegals;
	struct frame *st;
	size_t nst, capst;
	struct hl_spans out;    /* this run's spans, depth from 0 */
	size_t *open;           /* emitter stack: indices into out */
	size_t nopen, capopen;
	size_t emitted;         /* end of the text emitted so far */
	size_t buf;             /* start of the mode buffer; it ends at the cursor */
	long relevance;
	struct cont conts[4];
	size_t nconts;
	struct search_memo *cache;
	struct {                /* the last hasClosingTag() answer */
		size_t tag, n, from, at;
		bool valid, found;
	} jsx;
};

static void em_open(struct run *r, const char *cls, bool sublang)
{
	spans_push(&r->out, (struct hl_span){ r->emitted, r->emitted, cls,
					      (unsigned)r->nopen, sublang });
	if (r->nopen == r->capopen) {
		r->capopen = r->capopen ? 2 * r->capopen : 16;
		r->open = xrealloc(r->open, r->capopen * sizeof *r->open);
	}
	r->open[r->nopen++] = r->out.len - 1;
}

static void em_close(struct run *r)
{
	if (r->nopen)
		r->out.v[r->open[--r->nopen]].end = r->emitted;
}

static void em_keyword(struct run *r, size_t a, size_t b, const char *cls)
{
	if (a == b)
		return;
	r->emitted = a;
	em_open(r, cls, false);
	r->emitted = b;
	em_close(r);
}

/* Where p next matches at or after `from` (*start), from the cache when
 * it can answer. */
static bool cache_search(struct run *r, const struct re_prog *p, size_t from,
			 size_t *start)
{
	struct search_memo *m = &r->cache[p->id];
	size_t cap[RE_NSLOT];
	if (m->valid && m->lo == r->lo && m->hi == r->hi && m->from <= from &&
	    (!m->found || from <= m->start)) {
		*start = m->start;
		return m->found;
	}
	bool f = p->hook ? p->hook(r->x, p, r->lo, r->hi, from, cap)
			 : re_run(r->x, r->x->vm, p, r->lo, r->hi, from, RE_START, cap);
	if (r->x->over)
		return false;
	*m = (struct search_memo){ r->lo, r->hi, from, f ? cap[0] : 0, f, true };
	*start = m->start;
	return f;
}

/* The whole match of p at start (where cache_search() found one). */
static void match_at(struct run *r, const struct re_prog *p, size_t start, size_t *cap)
{
	bool f = p->hook ? p->hook(r->x, p, r->lo, r->hi, start, cap)
			 : re_run(r->x, r->x->vm, p, r->lo, r->hi, start, RE_ANCHORED, cap);
	if (!f || cap[0] != start) {    /* only when over budget */
		r->x->over = true;
		cap[0] = cap[1] = start;
	}
}

static size_t char_len(const struct run *r, size_t pos)
{
	size_t n = 1;
	while (pos + n < r->hi && is_cont((unsigned char)r->x->s[pos + n]))
		n++;
	return n;
}

static int run_lang(struct hl_ctx *x, const struct hl_language *lang, size_t lo,
		    size_t hi, bool ignore_illegals, const struct cont *cont,
		    struct run *r);
static void run_free(struct run *r);

/* Keywords of the buffer [r->buf, to) (processKeywords). The pattern runs
 * on the buffer alone, so \b sees its ends as the string's. */
static void flush_keywords(struct run *r, const struct hl_mode *top, size_t to)
{
	const struct hl_keywords *k = top->kwc[r->ci];
	size_t from = r->buf;
	const struct re_prog *pat;
	if (!k) {
		r->emitted = to;
		return;
	}
	pat = top->own_pattern[r->ci] ? k->re[r->ci] : word_re;
	if (k == r->lang->kw_from)
		k = r->lang->kw_to;
	size_t cap[RE_NSLOT];
	size_t pos = from;
	while (pos <= to && re_run(r->x, r->x->vm, pat, from, to, pos, RE_SEARCH, cap)) {
		size_t a = cap[0], b = cap[1];
		const struct kw_entry *e = kw_find(k, r->ci, r->x->s + a, b - a);
		if (e) {
			r->relevance += e->rel;
			if (k->g[e->group].cls)
				em_keyword(r, a, b, k->g[e->group].cls);
		}
		pos = b > a ? b : b + 1;        /* an empty match would loop */
	}
	r->emitted = to;
}

/* A sub-language's result goes into out under a wrapper span named after
 * the language (class="xml", no prefix), as addSublanguage() does. */
static void emit_sub(struct run *r, const struct run *sub, size_t to)
{
	em_open(r, sub->lang->name, true);
	unsigned base = (unsigned)r->nopen;
	for (size_t i = 0; i < sub->out.len; i++) {
		struct hl_span sp = sub->out.v[i];
		sp.depth += base;
		spans_push(&r->out, sp);
	}
	r->emitted = to;
	em_close(r);
}

/* processSubLanguage(): highlight the buffer with another language. */
static void flush_sub(struct run *r, const struct hl_mode *top, size_t to)
{
	struct hl_ctx *x = r->x;
	const char *list = top->sublang;
	if (to == r->buf)
		return;
	if (x->depth >= MAX_HL_SUBLANG_DEPTH) {
		r->emitted = to;        /* deeper embeddings stay plain */
		return;
	}
	x->depth++;
	if (!strchr(list, ' ')) {
		const struct hl_language *l = lang_by_name(list, strlen(list));
		if (!l) {
			r->emitted = to;
			x->depth--;
			return;
		}
		struct cont *c = NULL;
		for (size_t i = 0; i < r->nconts; i++)
			if (r->conts[i].lang == l)
				c = &r->conts[i];
		struct run sub;
		run_lang(x, l, r->buf, to, true, c, &sub);
		if (!x->over) {
			if (top->relevance > 0)
				r->relevance += sub.relevance;
			emit_sub(r, &sub, to);
			/* keep where it stopped for the next buffer */
			if (!c && r->nconts < ARRAY_LEN(r->conts))
				c = &r->conts[r->nconts++];
			if (c) {
				free(c->st);
				c->lang = l;
				c->n = sub.nst;
				c->st = xmalloc(sub.nst * sizeof *c->st);
				memcpy(c->st, sub.st, sub.nst * sizeof *c->st);
			}
		}
		run_free(&sub);
	} else {
		/* highlightAuto(buffer, list): the most relevant language
		 * wins, the first on ties; plain text (listed first) wins
		 * when nothing scores. Illegal results score 0. */
		struct run best = { 0 };
		bool have = false;
		const char *p = list;
		while (*p && !x->over) {
			size_t n = strcspn(p, " ");
			const struct hl_language *l = lang_by_name(p, n);
			p += n + (p[n] == ' ');
			if (!l || l->no_auto)
				continue;
			struct run cand;
			int st = run_lang(x, l, r->buf, to, false, NULL, &cand);
			if (st == HL_OK && cand.relevance > (have ? best.relevance : 0)) {
				if (have)
					run_free(&best);
				best = cand;
				have = true;
			} else {
				run_free(&cand);
			}
		}
		if (!x->over) {
			if (have) {
				if (top->relevance > 0)
					r->relevance += best.relevance;
				emit_sub(r, &best, to);
			} else {
				r->emitted = to;
			}
		}
		if (have)
			run_free(&best);
	}
	x->depth--;
}

/* processBuffer(): the buffer [r->buf, to) goes out as top's text. */
static void flush(struct run *r, size_t to)
{
	const struct hl_mode *top = r->st[r->nst - 1].m;
	r->emitted = r->buf;
	if (top->sublang)
		flush_sub(r, top, to);
	else
		flush_keywords(r, top, to);
	r->buf = to;
}

static bool push_mode(struct run *r, struct hl_mode *m)
{
	if (r->nst == MAX_HL_DEPTH) {
		r->x->over = true;
		return false;
	}
	if (r->nst == r->capst) {
		r->capst = r->capst ? 2 * r->capst : 16;
		r->st = xrealloc(r->st, r->capst * sizeof *r->st);
	}
	r->st[r->nst] = (struct frame){ .m = m };
	if (m->cls)
		em_open(r, m->cls, false);
	r->nst++;
	return true;
}

/* The rules of top, in highlight.js's order. */
struct rule {
	int type;               /* 0 begin, 1 end, 2 illegal */
	struct hl_mode *m;      /* begin: the child */
	const struct re_prog *p;
	size_t level;           /* end: the frame whose end it is */
};
enum { RULE_BEGIN, RULE_END, RULE_ILLEGAL };

struct match {
	struct rule rule;
	int index;              /* position in the rule list */
	size_t cap[RE_NSLOT];
};

static size_t rules_of(struct run *r, struct rule *v, size_t max)
{
	size_t n = 0, t = r->nst - 1;
	struct hl_mode *top = r->st[t].m;
	for (struct hl_mode **c = top->contains; c && *c && n < max; c++) {
		struct hl_mode *m = *c == HL_SELF ? top : *c;
		if (m->only && strcmp(m->only, r->lang->name))
			continue;
		v[n++] = (struct rule){ RULE_BEGIN, m, m->begin_re[r->ci], 0 };
	}
	/* terminatorEnd: own end, then the parents' while endsWithParent */
	for (size_t i = t; i > 0 && n < max; i--) {
		const struct hl_mode *m = r->st[i].m;
		if (m->end_re[r->ci])
			v[n++] = (struct rule){ RULE_END, NULL, m->end_re[r->ci], i };
		if (!(m->flags & HL_ENDS_WITH_PARENT))
			break;
	}
	if (top->illegal_re[r->ci] && n < max)
		v[n++] = (struct rule){ RULE_ILLEGAL, NULL, top->illegal_re[r->ci], 0 };
	return n;
}

/* The earliest match at or after `from` among the rules whose index is at
 * least `first` (with `exact`, only a match at `from` counts). The end
 * rules share one index: they are one alternation in highlight.js. */
static bool next_match(struct run *r, const struct rule *rules, size_t n,
		       int first, size_t from, bool exact, struct match *out)
{
	size_t best = SIZE_MAX, start;
	bool found = false;
	int index = -1;
	for (size_t i = 0; i < n; i++) {
		if (!(i && rules[i].type == RULE_END && rules[i - 1].type == RULE_END))
			index++;
		if (index < first)
			continue;
		if (!cache_search(r, rules[i].p, from, &start))
			continue;
		if (start < best && (!exact || start == from)) {
			best = start;
			found = true;
			out->rule = rules[i];
			out->index = index;
		}
	}
	if (found)
		match_at(r, out->rule.p, best, out->cap);
	return found;
}

/* javascript.js hasClosingTag(): does "</Tag" occur after `after`, for the
 * lexeme "<Tag" at [ms, me)? The last answer is kept: scanning the rest of
 * the text again for each of many unclosed <a> would be quadratic. */
static bool has_closing_tag(struct run *r, size_t ms, size_t me, size_t after)
{
	const char *s = r->x->s;
	size_t n = me - ms - 1;         /* "Tag" */
	if (r->jsx.valid && r->jsx.n == n && !memcmp(s + r->jsx.tag, s + ms + 1, n) &&
	    r->jsx.from <= after && (!r->jsx.found || after <= r->jsx.at))
		return r->jsx.found;
	size_t at = after;
	bool found = false;
	while (at + n + 2 <= r->hi) {
		const char *q = memchr(s + at, '<', r->hi - at);
		if (!q)
			break;
		at = (size_t)(q - s);
		if (at + n + 2 <= r->hi && q[1] == '/' && !memcmp(q + 2, s + ms + 1, n)) {
			found = true;
			break;
		}
		at++;
	}
	r->x->steps += (at - after) / 8;
	r->jsx.tag = ms + 1;
	r->jsx.n = n;
	r->jsx.from = after;
	r->jsx.at = at;
	r->jsx.found = found;
	r->jsx.valid = true;
	return found;
}

/* on:begin callbacks; true if the begin match is vetoed. */
static bool begin_vetoed(struct run *r, const struct hl_mode *m, size_t ms, size_t me)
{
	const char *s = r->x->s;
	if (m->begin_kw && ms > r->lo && s[ms - 1] == '.')
		return true;            /* skipIfhasPrecedingDot */
	if ((m->flags & HL_AT_START) && ms != r->lo)
		return true;
	if (m->flags & HL_JSX_TAG) {
		/* isTrulyOpeningTag: "<Tag" followed by '<', or by '>' with
		 * no "</Tag" later, is not JSX */
		if (me < r->hi && s[me] == '<')
			return true;
		if (me < r->hi && s[me] == '>' && !has_closing_tag(r, ms, me, me))
			return true;
	}
	return false;
}

/* endOfMode(): the frame that the end match closes, or SIZE_MAX. */
static size_t end_of_mode(struct run *r, const struct match *mt)
{
	size_t ms = mt->cap[0], i = r->nst - 1, cap[RE_NSLOT];
	for (;;) {
		struct frame *f = &r->st[i];
		const struct hl_mode *m = f->m;
		bool ok = i > 0 && m->end_re[r->ci] &&
			  re_run(r->x, r->x->vm, m->end_re[r->ci], ms, r->hi, ms, RE_ANCHORED, cap);
		if (ok && (m->flags & HL_SAME_END)) {
			/* on:end: group 1 as at the begin, else ignored */
			size_t a = mt->cap[2], b = mt->cap[3];
			ok = mt->rule.level == i && a != RE_UNSET && f->g1set &&
			     b - a == f->g1len && !memcmp(r->x->s + a, r->x->s + f->g1, f->g1len);
		}
		if (ok) {
			while ((r->st[i].m->flags & HL_ENDS_PARENT) && i > 1)
				i--;
			return i;
		}
		if ((m->flags & HL_ENDS_WITH_PARENT) && i > 0) {
			i--;
			continue;
		}
		return SIZE_MAX;
	}
}

static void run_free(struct run *r)
{
	free(r->st);
	free(r->open);
	free(r->out.v);
	for (size_t i = 0; i < r->nconts; i++)
		free(r->conts[i].st);
	memset(r, 0, sizeof *r);
}

/* doBeginMatch(): open child m for the match [ms, me). */
static bool do_begin(struct run *r, struct hl_mode *m, const struct match *mt,
		     size_t *pos)
{
	size_t ms = mt->cap[0], me = mt->cap[1];
	if (m->flags & HL_SKIP)
		;                       /* the lexeme joins the buffer */
	else if (m->flags & HL_EXCLUDE_BEGIN)
		flush(r, me);
	else
		flush(r, ms);           /* the lexeme starts m's buffer */
	if (!push_mode(r, m))
		return false;
	struct frame *f = &r->st[r->nst - 1];
	if ((m->flags & HL_SAME_END) && mt->cap[2] != RE_UNSET) {
		f->g1 = mt->cap[2];
		f->g1len = mt->cap[3] - mt->cap[2];
		f->g1set = true;
	}
	*pos = (m->flags & HL_RETURN_BEGIN) ? ms : me;
	return true;
}

/* doEndMatch(): close the modes down to frame em. */
static bool do_end(struct run *r, size_t em, const struct match *mt, size_t *pos)
{
	size_t ms = mt->cap[0], me = mt->cap[1];
	const struct hl_mode *origin = r->st[r->nst - 1].m;
	if (origin->flags & HL_SKIP)
		;
	else if (origin->flags & (HL_RETURN_END | HL_EXCLUDE_END))
		flush(r, ms);   /* excludeEnd: the lexeme goes to the parent */
	else
		flush(r, me);
	struct hl_mode *starts = r->st[em].m->starts;
	while (r->nst > em) {
		const struct hl_mode *m = r->st[r->nst - 1].m;
		if (m->cls)
			em_close(r);
		if (!(m->flags & HL_SKIP) && !m->sublang)
			r->relevance += m->relevance;
		r->nst--;
	}
	if (starts && !push_mode(r, starts))
		return false;
	*pos = (origin->flags & HL_RETURN_END) ? ms : me;
	return true;
}

/* _highlight(): highlight x->s[lo, hi) as lang into r (which the caller
 * frees with run_free). cont resumes a sub-language where it stopped. */
static int run_lang(struct hl_ctx *x, const struct hl_language *lang, size_t lo,
		    size_t hi, bool ignore_illegals, const struct cont *cont,
		    struct run *r)
{
	memset(r, 0, sizeof *r);
	r->x = x;
	r->lang = lang;
	r->ci = lang->ci;
	r->lo = lo;
	r->hi = hi;
	r->ignore_illegals = ignore_illegals;
	r->emitted = r->buf = lo;
	if (!x->cache[x->depth])
		x->cache[x->depth] = xcalloc((size_t)prog_count, sizeof **x->cache);
	r->cache = x->cache[x->depth];
	if (cont && cont->n) {
		/* processContinuations(): reopen the spans of the open modes */
		for (size_t i = 0; i < cont->n; i++) {
			if (!push_mode(r, cont->st[i].m))
				return HL_LIMIT;
			r->st[r->nst - 1] = cont->st[i];
		}
	} else {
		push_mode(r, lang->root);
	}

	struct rule rules[128];
	struct match mt;
	size_t pos = lo;
	unsigned long iterations = 0;
	bool resume = false, have_last = false;
	int resume_first = 0, last_type = 0;
	size_t last_index = 0;
	for (;;) {
		if (x->over)
			return HL_LIMIT;
		iterations++;
		size_t n = rules_of(r, rules, ARRAY_LEN(rules));
		bool found;
		if (resume) {
			/* ResumableMultiRegex: the rules after the vetoed one,
			 * at the same place; else everything one further on */
			resume = false;
			found = next_match(r, rules, n, resume_first, pos, true, &mt);
			if (!found && pos < hi)
				found = next_match(r, rules, n, 0, pos + char_len(r, pos),
						   false, &mt);
		} else {
			found = next_match(r, rules, n, 0, pos, false, &mt);
		}
		if (x->over)
			return HL_LIMIT;
		if (!found)
			break;
		size_t ms = mt.cap[0], me = mt.cap[1];
		int type = mt.rule.type;

		/* an empty end right after an empty begin: step over a char */
		if (have_last && last_type == RULE_BEGIN && type == RULE_END &&
		    last_index == ms && ms == me) {
			if (ms >= hi)
				break;
			pos = ms + char_len(r, ms);
			continue;
		}
		have_last = true;
		last_type = type;
		last_index = ms;

		if (type == RULE_BEGIN) {
			struct hl_mode *m = mt.rule.m;
			if (begin_vetoed(r, m, ms, me)) {
				/* doIgnore() */
				int nb = 0;
				for (size_t i = 0; i < n; i++)
					nb += rules[i].type == RULE_BEGIN;
				resume_first = mt.index + 1 == nb ? 0 : mt.index + 1;
				if (resume_first) {
					resume = true;
					pos = ms;
				} else {
					if (ms >= hi)
						break;
					pos = ms + char_len(r, ms);
				}
				continue;
			}
			if (!do_begin(r, m, &mt, &pos))
				return HL_LIMIT;
			continue;
		}
		if (type == RULE_ILLEGAL && !r->ignore_illegals)
			return HL_ILLEGAL;
		if (type == RULE_END) {
			size_t em = end_of_mode(r, &mt);
			if (x->over)
				return HL_LIMIT;
			if (em != SIZE_MAX) {
				if (!do_end(r, em, &mt, &pos))
					return HL_LIMIT;
				continue;
			}
		}
		if (type == RULE_ILLEGAL && ms == me) {
			if (ms >= hi)
				break;
			pos = ms + char_len(r, ms);
			continue;
		}
		/* highlight.js gives up on more than 3 lexemes per character */
		if (iterations > 100000 && iterations > 3 * (ms - lo)) {
			x->over = true;
			return HL_LIMIT;
		}
		pos = me;       /* an end that did not close anything: text */
	}
	flush(r, hi);
	r->emitted = hi;
	while (r->nopen)
		em_close(r);
	return x->over ? HL_LIMIT : HL_OK;
}

/* ======================================================================
 * 3. Grammars
 *
 * Each language transcribes the modes of highlight.js 10.7.3's
 * lib/languages/<name>.js: patterns in JavaScript regexp syntax, keyword
 * lists as they are. A mode with `variants` becomes one mode per variant
 * (highlight.js expands them the same way); hljs.inherit() copies become
 * separate modes.
 * ====================================================================== */

/* ---- shared modes (core.js MODES) ------------------------------------- */

#define IDENT_RE "[a-zA-Z]\\w*"
#define UNDERSCORE_IDENT_RE "[a-zA-Z_]\\w*"
#define NUMBER_RE "\\b\\d+(\\.\\d+)?"
#define C_NUMBER_RE \
	"(-?)(\\b0[xX][a-fA-F0-9]+|(\\b\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?)"
#define RE_STARTERS_RE \
	"!|!=|!==|%|%=|&|&&|&=|\\*|\\*=|\\+|\\+=|,|-|-=|/=|/|:|;|<<|<<=|<=|<|===|==|=|" \
	">>>=|>>=|>=|>>>|>>|>|\\?|\\[|\\{|\\(|\\^|\\^=|\\||\\|=|\\|\\||~"
#define SHEBANG_RE "^#![ ]*\\/"

static struct hl_mode backslash_escape = { .begin = "\\\\[\\s\\S]", .rel = R0 };
static struct hl_mode apos_string = {
	.cls = "string", .begin = "'", .end = "'", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode quote_string = {
	.cls = "string", .begin = "\"", .end = "\"", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape),
};
/* No class: it only adds relevance to comments written in English. */
static struct hl_mode phrasal_words = {
	.begin = "\\b(a|an|the|are|I'm|isn't|don't|doesn't|won't|but|just|should|pretty|simply|"
		 "enough|gonna|going|wtf|so|such|will|you|your|they|like|more)\\b",
};
static struct hl_mode doctag = {
	.cls = "doctag", .begin = "(?:TODO|FIXME|NOTE|BUG|OPTIMIZE|HACK|XXX):", .rel = R0,
};
/* hljs.COMMENT(begin, end): */
#define COMMENT_CONTAINS CONTAINS(&phrasal_words, &doctag)
static struct hl_mode c_line_comment = {
	.cls = "comment", .begin = "//", .end = "$", .contains = COMMENT_CONTAINS,
};
static struct hl_mode c_block_comment = {
	.cls = "comment", .begin = "/\\*", .end = "\\*/", .contains = COMMENT_CONTAINS,
};
static struct hl_mode hash_comment = {
	.cls = "comment", .begin = "#", .end = "$", .contains = COMMENT_CONTAINS,
};
static struct hl_mode number_mode = { .cls = "number", .begin = NUMBER_RE, .rel = R0 };
static struct hl_mode c_number_mode = { .cls = "number", .begin = C_NUMBER_RE, .rel = R0 };
static struct hl_mode css_number_mode = {
	.cls = "number", .rel = R0,
	.begin = NUMBER_RE "(%|em|ex|ch|rem|vw|vh|vmin|vmax|cm|mm|in|pt|pc|px|deg|grad|rad|turn|"
			   "s|ms|Hz|kHz|dpi|dpcm|dppx)?",
};
static struct hl_mode regexp_class = {
	.begin = "\\[", .end = "\\]", .rel = R0, .contains = CONTAINS(&backslash_escape),
};
static struct hl_mode regexp_body = {
	.cls = "regexp", .begin = "\\/", .end = "\\/[gimuy]*", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape, &regexp_class),
};
/* The outer mode makes sure a whole regexp follows, not `3 / x`. */
static struct hl_mode regexp_mode = {
	.begin = "(?=\\/[^/\\n]*\\/)", .contains = CONTAINS(&regexp_body),
};
static struct hl_mode title_mode = { .cls = "title", .begin = IDENT_RE, .rel = R0 };
static struct hl_mode underscore_title_mode = {
	.cls = "title", .begin = UNDERSCORE_IDENT_RE, .rel = R0,
};
static struct hl_mode shebang = {
	.cls = "meta", .begin = SHEBANG_RE, .end = "$", .rel = R0, .flags = HL_AT_START,
};

/* ---- bash (bash.js) --------------------------------------------------- */

static struct hl_mode bash_var, bash_braced_var, bash_var_default, bash_subst,
	bash_quote_string;
static struct hl_mode bash_var = {
	.cls = "variable",
	/* the lookaheads keep $ident$ and the like (not shell) out */
	.begin = "\\$[\\w\\d#@][\\w\\d_]*(?![\\w\\d])(?![$])",
};
static struct hl_mode bash_braced_var = {
	.cls = "variable", .begin = "\\$\\{", .end = "\\}",
	.contains = CONTAINS(HL_SELF, &bash_var_default),
};
static struct hl_mode bash_var_default = {   /* ${x:-default} */
	.begin = ":-", .contains = CONTAINS(&bash_var, &bash_braced_var),
};
static struct hl_mode bash_subst = {
	.cls = "subst", .begin = "\\$\\(", .end = "\\)",
	.contains = CONTAINS(&backslash_escape, &bash_quote_string),
};
static struct hl_mode bash_heredoc_word = {
	.cls = "string", .begin = "(\\w+)", .end = "(\\w+)", .flags = HL_SAME_END,
};
static struct hl_mode bash_heredoc_body = { .contains = CONTAINS(&bash_heredoc_word) };
static struct hl_mode bash_heredoc = {
	.begin = "<<-?\\s*(?=\\w+)", .starts = &bash_heredoc_body,
};
static struct hl_mode bash_quote_string = {
	.cls = "string", .begin = "\"", .end = "\"",
	.contains = CONTAINS(&backslash_escape, &bash_var, &bash_braced_var, &bash_subst),
};
static struct hl_mode bash_escaped_quote = { .begin = "\\\\\"" };
static struct hl_mode bash_apos_string = { .cls = "string", .begin = "'", .end = "'" };
static struct hl_mode bash_arith_number = { .cls = "number", .begin = "\\d+#[0-9a-f]+" };
static struct hl_mode bash_arithmetic = {
	.begin = "\\$\\(\\(", .end = "\\)\\)",
	.contains = CONTAINS(&bash_arith_number, &number_mode, &bash_var, &bash_braced_var),
};
static struct hl_mode bash_known_shebang = {
	.cls = "meta", .end = "$", .rel = 10, .flags = HL_AT_START,
	.begin = SHEBANG_RE ".*\\b(fish|bash|zsh|sh|csh|ksh|tcsh|dash|scsh)\\b.*",
};
static struct hl_mode bash_function_title = {
	.cls = "title", .begin = "\\w[\\w\\d_]*", .rel = R0,
};
static struct hl_mode bash_function = {
	.cls = "function", .begin = "\\w[\\w\\d_]*\\s*\\(\\s*\\)\\s*\\{",
	.flags = HL_RETURN_BEGIN, .rel = R0, .contains = CONTAINS(&bash_function_title),
};
static struct hl_keywords bash_keywords = {
	.pattern = "\\b[a-z._-]+\\b",
	.g = {
		{ "keyword", "if then else elif fi for while in do done case esac function" },
		{ "literal", "true false" },
		{ "built_in",
		  /* shell, bash, modifier and zsh built-ins */
		  "break cd continue eval exec exit export getopts hash pwd readonly return shift test times "
		  "trap umask unset "
		  "alias bind builtin caller command declare echo enable help let local logout mapfile printf "
		  "read readarray source type typeset ulimit unalias "
		  "set shopt "
		  "autoload bg bindkey bye cap chdir clone comparguments compcall compctl compdescribe compfiles "
		  "compgroups compquote comptags comptry compvalues dirs disable disown echotc echoti emulate "
		  "fc fg float functions getcap getln history integer jobs kill limit log noglob popd print "
		  "pushd pushln rehash sched setcap setopt stat suspend ttyctl unfunction unhash unlimit "
		  "unsetopt vared wait whence where which zcompile zformat zftp zle zmodload zparseopts zprof "
		  "zpty zregexparse zsocket zstyle ztcp" },
	},
};
static struct hl_mode bash_root = {
	.kw = &bash_keywords,
	.contains = CONTAINS(&bash_known_shebang, &shebang, &bash_function, &bash_arithmetic,
			     &hash_comment, &bash_heredoc, &bash_quote_string,
			     &bash_escaped_quote, &bash_apos_string, &bash_var, &bash_braced_var),
};
static const struct hl_language lang_bash = {
	.name = "bash", .aliases = "sh zsh",
	.root = &bash_root,
};

/* ---- json (json.js) --------------------------------------------------- */

static struct hl_keywords json_literals = { .g = { { "literal", "true false null" } } };
static struct hl_mode json_object, json_array;
#define JSON_TYPES &quote_string, &c_number_mode, &json_object, &json_array, \
	&c_line_comment, &c_block_comment
static struct hl_mode json_key = {
	.cls = "attr", .begin = "\"", .end = "\"", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode json_value = {
	.begin = ":", .end = ",", .flags = HL_ENDS_WITH_PARENT | HL_EXCLUDE_END,
	.kw = &json_literals, .contains = CONTAINS(JSON_TYPES),
};
static struct hl_mode json_array_value = {
	.end = ",", .flags = HL_ENDS_WITH_PARENT | HL_EXCLUDE_END,
	.kw = &json_literals, .contains = CONTAINS(JSON_TYPES),
};
static struct hl_mode json_object = {
	.begin = "\\{", .end = "\\}", .illegal = "\\S",
	.contains = CONTAINS(&json_key, &json_value, &c_line_comment, &c_block_comment),
};
static struct hl_mode json_array = {
	.begin = "\\[", .end = "\\]", .illegal = "\\S", .contains = CONTAINS(&json_array_value),
};
static struct hl_mode json_root = {
	.kw = &json_literals, .illegal = "\\S", .contains = CONTAINS(JSON_TYPES),
};
static const struct hl_language lang_json = {
	.name = "json", .aliases = "",
	.root = &json_root,
};

/* ---- yaml (yaml.js) --------------------------------------------------- */

/* The multi-line string [\|>]([1-9]?[+-])?[ ]*\n( +)[^ ][^\n]*\n(\2[^\n]+\n?)*
 * needs a backreference: the program matches up to the first line, and
 * the lines that start with the same indentation (group 2) are added here.
 * The regexp's tail can match empty, so every prefix match is a match. */
static bool yaml_block_hook(struct hl_ctx *x, const struct re_prog *p, size_t lo,
			    size_t hi, size_t from, size_t *cap)
{
	if (!re_run(x, x->vm, p, lo, hi, from, RE_SEARCH, cap))
		return false;
	const char *s = x->s;
	size_t ind = cap[4], n = cap[5] - cap[4], q = cap[1];
	while (q + n < hi && !memcmp(s + q, s + ind, n) && s[q + n] != '\n') {
		const char *nl = memchr(s + q + n, '\n', hi - q - n);
		size_t e = nl ? (size_t)(nl - s) + 1 : hi;
		x->steps += (e - q) / 8 + 1;
		q = e;
	}
	cap[1] = q;
	return true;
}

#define YAML_URI_CHARS "[\\w#;/?:@&=+$,.~*'()[\\]]+"
#define YAML_LITERALS "true false yes no null"

static struct hl_keywords yaml_literal_kw = { .g = { { "literal", YAML_LITERALS } } };
static struct hl_keywords yaml_keyword_kw = { .g = { { "keyword", YAML_LITERALS } } };
static struct hl_mode yaml_key1 = { .cls = "attr", .begin = "\\w[\\w :\\/.-]*:(?=[ \t]|$)" };
static struct hl_mode yaml_key2 = { .cls = "attr", .begin = "\"\\w[\\w :\\/.-]*\":(?=[ \t]|$)" };
static struct hl_mode yaml_key3 = { .cls = "attr", .begin = "'\\w[\\w :\\/.-]*':(?=[ \t]|$)" };
static struct hl_mode yaml_doc_start = { .cls = "meta", .begin = "^---\\s*$", .rel = 10 };
static struct hl_mode yaml_block_string = {
	.cls = "string", .begin = "[\\|>]([1-9]?[+-])?[ ]*\\n( +)[^ ][^\\n]*\\n",
	.hook = yaml_block_hook,
};
/* subLanguage ruby, which this highlighter lacks: its text stays plain */
static struct hl_mode yaml_erb = {
	.begin = "<%[%=-]?", .end = "[%-]?%>", .sublang = "ruby", .rel = R0,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END,
};
static struct hl_mode yaml_tag1 = { .cls = "type", .begin = "!\\w+!" YAML_URI_CHARS };
static struct hl_mode yaml_tag2 = { .cls = "type", .begin = "!<" YAML_URI_CHARS ">" };
static struct hl_mode yaml_tag3 = { .cls = "type", .begin = "!" YAML_URI_CHARS };
static struct hl_mode yaml_tag4 = { .cls = "type", .begin = "!!" YAML_URI_CHARS };
static struct hl_mode yaml_anchor = { .cls = "meta", .begin = "&" UNDERSCORE_IDENT_RE "$" };
static struct hl_mode yaml_alias = { .cls = "meta", .begin = "\\*" UNDERSCORE_IDENT_RE "$" };
static struct hl_mode yaml_bullet = { .cls = "bullet", .begin = "-(?=[ ]|$)", .rel = R0 };
static struct hl_mode yaml_literal = { .begin_kw = YAML_LITERALS, .kw = &yaml_literal_kw };
static struct hl_mode yaml_timestamp = {
	.cls = "number",
	.begin = "\\b[0-9]{4}(-[0-9][0-9]){0,2}([Tt \\t][0-9][0-9]?(:[0-9][0-9]){2})?"
		 "(\\.[0-9]*)?([ \\t])*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?)?\\b",
};
static struct hl_mode yaml_number = { .cls = "number", .begin = C_NUMBER_RE "\\b", .rel = R0 };
static struct hl_mode yaml_template_var1 = {
	.cls = "template-variable", .begin = "\\{\\{", .end = "\\}\\}",
};
static struct hl_mode yaml_template_var2 = {
	.cls = "template-variable", .begin = "%\\{", .end = "\\}",
};
#define YAML_STRING_CONTAINS CONTAINS(&backslash_escape, &yaml_template_var1, &yaml_template_var2)
static struct hl_mode yaml_string1 = {
	.cls = "string", .begin = "'", .end = "'", .rel = R0, .contains = YAML_STRING_CONTAINS,
};
static struct hl_mode yaml_string2 = {
	.cls = "string", .begin = "\"", .end = "\"", .rel = R0, .contains = YAML_STRING_CONTAINS,
};
static struct hl_mode yaml_string3 = {
	.cls = "string", .begin = "\\S+", .rel = R0, .contains = YAML_STRING_CONTAINS,
};
/* in flow collections a plain string stops at , { } [ ] */
static struct hl_mode yaml_container_string = {
	.cls = "string", .begin = "[^\\s,{}[\\]]+", .rel = R0, .contains = YAML_STRING_CONTAINS,
};
static struct hl_mode yaml_object, yaml_array;
#define YAML_COMMON &yaml_key1, &yaml_key2, &yaml_key3, &yaml_doc_start, &yaml_block_string, \
	&yaml_erb, &yaml_tag1, &yaml_tag2, &yaml_tag3, &yaml_tag4, &yaml_anchor, &yaml_alias, \
	&yaml_bullet, &hash_comment, &yaml_literal, &yaml_timestamp, &yaml_number, \
	&yaml_object, &yaml_array
static struct hl_mode yaml_value = {
	.end = ",", .flags = HL_ENDS_WITH_PARENT | HL_EXCLUDE_END, .rel = R0,
	.kw = &yaml_keyword_kw,
	.contains = CONTAINS(YAML_COMMON, &yaml_string1, &yaml_string2, &yaml_container_string),
};
static struct hl_mode yaml_object = {
	.begin = "\\{", .end = "\\}", .illegal = "\\n", .rel = R0,
	.contains = CONTAINS(&yaml_value),
};
static struct hl_mode yaml_array = {
	.begin = "\\[", .end = "\\]", .illegal = "\\n", .rel = R0,
	.contains = CONTAINS(&yaml_value),
};
static struct hl_mode yaml_root = {
	.contains = CONTAINS(YAML_COMMON, &yaml_string1, &yaml_string2, &yaml_string3),
};
static const struct hl_language lang_yaml = {
	.name = "yaml", .aliases = "yml",
	.ci = true, .root = &yaml_root,
};

/* ---- python (python.js) ----------------------------------------------- */

static struct hl_keywords python_keywords = {
	.pattern = "[A-Za-z]\\w+|__\\w+__",
	.g = {
		{ "keyword",
		  "and as assert async await break class continue def del elif else except finally for from "
		  "global if import in is lambda nonlocal|10 not or pass raise return try while with yield" },
		{ "built_in",
		  "__import__ abs all any ascii bin bool breakpoint bytearray bytes callable chr "
		  "classmethod compile complex delattr dict dir divmod enumerate eval exec filter float "
		  "format frozenset getattr globals hasattr hash help hex id input int isinstance "
		  "issubclass iter len list locals map max memoryview min next object oct open ord pow "
		  "print property range repr reversed round set setattr slice sorted staticmethod str sum "
		  "super tuple type vars zip" },
		{ "literal", "__debug__ Ellipsis False None NotImplemented True" },
		{ "type",
		  "Any Callable Coroutine Dict List Literal Generic Optional Sequence Set Tuple Type Union" },
	},
};
#define PY_DIGITPART "[0-9](_?[0-9])*"
#define PY_POINTFLOAT "(\\b(" PY_DIGITPART "))?\\.(" PY_DIGITPART ")|\\b(" PY_DIGITPART ")\\."
static struct hl_mode py_prompt = { .cls = "meta", .begin = "^(>>>|\\.\\.\\.) " };
static struct hl_mode py_num1 = {
	.cls = "number", .rel = R0,
	.begin = "(\\b(" PY_DIGITPART ")|(" PY_POINTFLOAT "))[eE][+-]?(" PY_DIGITPART ")[jJ]?\\b",
};
static struct hl_mode py_num2 = { .cls = "number", .rel = R0, .begin = "(" PY_POINTFLOAT ")[jJ]?" };
static struct hl_mode py_num3 = {
	.cls = "number", .rel = R0, .begin = "\\b([1-9](_?[0-9])*|0+(_?0)*)[lLjJ]?\\b",
};
static struct hl_mode py_num4 = {
	.cls = "number", .rel = R0, .begin = "\\b0[bB](_?[01])+[lL]?\\b",
};
static struct hl_mode py_num5 = {
	.cls = "number", .rel = R0, .begin = "\\b0[oO](_?[0-7])+[lL]?\\b",
};
static struct hl_mode py_num6 = {
	.cls = "number", .rel = R0, .begin = "\\b0[xX](_?[0-9a-fA-F])+[lL]?\\b",
};
static struct hl_mode py_num7 = {
	.cls = "number", .rel = R0, .begin = "\\b(" PY_DIGITPART ")[jJ]\\b",
};
#define PY_NUMBER &py_num1, &py_num2, &py_num3, &py_num4, &py_num5, &py_num6, &py_num7
static struct hl_mode py_literal_bracket = { .begin = "\\{\\{", .rel = R0 };
static struct hl_mode py_str1, py_str2, py_str3, py_str4, py_str5, py_str6, py_str7,
	py_str8, py_str9, py_str10;
#define PY_STRING &py_str1, &py_str2, &py_str3, &py_str4, &py_str5, &py_str6, &py_str7, \
	&py_str8, &py_str9, &py_str10, &apos_string, &quote_string
static struct hl_mode py_subst = {
	.cls = "subst", .begin = "\\{", .end = "\\}", .illegal = "#", .kw = &python_keywords,
	.contains = CONTAINS(PY_STRING, PY_NUMBER, &py_prompt),
};
#define PY_PREFIX "([uU]|[bB]|[rR]|[bB][rR]|[rR][bB])"
#define PY_FPREFIX "([fF][rR]|[rR][fF]|[fF])"
static struct hl_mode py_str1 = {
	.cls = "string", .begin = PY_PREFIX "?'''", .end = "'''", .rel = 10,
	.contains = CONTAINS(&backslash_escape, &py_prompt),
};
static struct hl_mode py_str2 = {
	.cls = "string", .begin = PY_PREFIX "?\"\"\"", .end = "\"\"\"", .rel = 10,
	.contains = CONTAINS(&backslash_escape, &py_prompt),
};
static struct hl_mode py_str3 = {
	.cls = "string", .begin = PY_FPREFIX "'''", .end = "'''",
	.contains = CONTAINS(&backslash_escape, &py_prompt, &py_literal_bracket, &py_subst),
};
static struct hl_mode py_str4 = {
	.cls = "string", .begin = PY_FPREFIX "\"\"\"", .end = "\"\"\"",
	.contains = CONTAINS(&backslash_escape, &py_prompt, &py_literal_bracket, &py_subst),
};
static struct hl_mode py_str5 = {
	.cls = "string", .begin = "([uU]|[rR])'", .end = "'", .rel = 10,
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode py_str6 = {
	.cls = "string", .begin = "([uU]|[rR])\"", .end = "\"", .rel = 10,
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode py_str7 = {
	.cls = "string", .begin = "([bB]|[bB][rR]|[rR][bB])'", .end = "'",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode py_str8 = {
	.cls = "string", .begin = "([bB]|[bB][rR]|[rR][bB])\"", .end = "\"",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode py_str9 = {
	.cls = "string", .begin = PY_FPREFIX "'", .end = "'",
	.contains = CONTAINS(&backslash_escape, &py_literal_bracket, &py_subst),
};
static struct hl_mode py_str10 = {
	.cls = "string", .begin = PY_FPREFIX "\"", .end = "\"",
	.contains = CONTAINS(&backslash_escape, &py_literal_bracket, &py_subst),
};
/* "# type:" comments hold type names: keywords, but no doctags */
static struct hl_mode py_type_comment_start = { .begin = "# type:" };
static struct hl_mode py_type_comment_rest = {
	.begin = "#", .end = "\\b\\B", .flags = HL_ENDS_WITH_PARENT,
};
static struct hl_mode py_type_comment = {
	.cls = "comment", .begin = "(?=# type:)", .end = "$", .kw = &python_keywords,
	.contains = CONTAINS(&py_type_comment_start, &py_type_comment_rest),
};
static struct hl_mode py_self = { .begin = "\\bself\\b" };
static struct hl_mode py_if = { .begin_kw = "if", .rel = R0 };
static struct hl_mode py_params_empty = { .begin = "\\(\\s*\\)", .flags = HL_SKIP };
static struct hl_mode py_params = {
	.cls = "params", .begin = "\\(", .end = "\\)", .kw = &python_keywords,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END,
	.contains = CONTAINS(HL_SELF, &py_prompt, PY_NUMBER, PY_STRING, &hash_comment),
};
static struct hl_mode py_arrow = {
	.begin = "->", .flags = HL_ENDS_WITH_PARENT, .kw = &python_keywords,
};
#define PY_DEF_CONTAINS CONTAINS(&underscore_title_mode, &py_params_empty, &py_params, &py_arrow)
static struct hl_mode py_def = {
	.cls = "function", .begin_kw = "def", .end = ":", .illegal = "[${=;\\n,]",
	.contains = PY_DEF_CONTAINS,
};
static struct hl_mode py_class = {
	.cls = "class", .begin_kw = "class", .end = ":", .illegal = "[${=;\\n,]",
	.contains = PY_DEF_CONTAINS,
};
static struct hl_mode py_decorator = {
	.cls = "meta", .begin = "^[\\t ]*@", .end = "(?=#)|$",
	.contains = CONTAINS(PY_NUMBER, &py_params_empty, &py_params, PY_STRING),
};
static struct hl_mode python_root = {
	.kw = &python_keywords, .illegal = "(<\\/|->|\\?)|=>",
	.contains = CONTAINS(&py_prompt, PY_NUMBER, &py_self, &py_if, PY_STRING,
			     &py_type_comment, &hash_comment, &py_def, &py_class, &py_decorator),
};
static const struct hl_language lang_python = {
	.name = "python", .aliases = "py gyp ipython",
	.root = &python_root,
};

/* ---- shell session (shell.js) ----------------------------------------- */

static struct hl_mode shell_command = { .end = "[^\\\\](?=\\s*$)", .sublang = "bash" };
static struct hl_mode shell_prompt = {
	.cls = "meta", .begin = "^\\s{0,3}[/~\\w\\d[\\]()@-]*[>%$#]", .starts = &shell_command,
};
static struct hl_mode shell_root = { .contains = CONTAINS(&shell_prompt) };
static const struct hl_language lang_shell = {
	.name = "shell", .aliases = "console",
	.root = &shell_root,
};

/* ---- diff (diff.js) --------------------------------------------------- */

static struct hl_mode diff_meta1 = {
	.cls = "meta", .rel = 10, .begin = "^@@ +-\\d+,\\d+ +\\+\\d+,\\d+ +@@",
};
static struct hl_mode diff_meta2 = {
	.cls = "meta", .rel = 10, .begin = "^\\*\\*\\* +\\d+,\\d+ +\\*\\*\\*\\*$",
};
static struct hl_mode diff_meta3 = { .cls = "meta", .rel = 10, .begin = "^--- +\\d+,\\d+ +----$" };
static struct hl_mode diff_c1 = { .cls = "comment", .begin = "Index: ", .end = "$" };
static struct hl_mode diff_c2 = { .cls = "comment", .begin = "^index", .end = "$" };
static struct hl_mode diff_c3 = { .cls = "comment", .begin = "={3,}", .end = "$" };
static struct hl_mode diff_c4 = { .cls = "comment", .begin = "^-{3}", .end = "$" };
static struct hl_mode diff_c5 = { .cls = "comment", .begin = "^\\*{3} ", .end = "$" };
static struct hl_mode diff_c6 = { .cls = "comment", .begin = "^\\+{3}", .end = "$" };
static struct hl_mode diff_c7 = { .cls = "comment", .begin = "^\\*{15}$" };
static struct hl_mode diff_c8 = { .cls = "comment", .begin = "^diff --git", .end = "$" };
static struct hl_mode diff_add = { .cls = "addition", .begin = "^\\+", .end = "$" };
static struct hl_mode diff_del = { .cls = "deletion", .begin = "^-", .end = "$" };
static struct hl_mode diff_change = { .cls = "addition", .begin = "^!", .end = "$" };
static struct hl_mode diff_root = {
	.contains = CONTAINS(&diff_meta1, &diff_meta2, &diff_meta3, &diff_c1, &diff_c2, &diff_c3,
			     &diff_c4, &diff_c5, &diff_c6, &diff_c7, &diff_c8, &diff_add,
			     &diff_del, &diff_change),
};
static const struct hl_language lang_diff = {
	.name = "diff", .aliases = "patch",
	.root = &diff_root,
};

/* ---- go (go.js) ------------------------------------------------------- */

static struct hl_keywords go_keywords = {
	.g = {
		{ "keyword",
		  "break default func interface select case map struct chan else goto package switch "
		  "const fallthrough if range type continue for import return var go defer "
		  "bool byte complex64 complex128 float32 float64 int8 int16 int32 int64 string uint8 "
		  "uint16 uint32 uint64 int uint uintptr rune" },
		{ "literal", "true false iota nil" },
		{ "built_in",
		  "append cap close complex copy imag len make new panic print println real recover delete" },
	},
};
static struct hl_mode go_raw_string = { .cls = "string", .begin = "`", .end = "`" };
static struct hl_mode go_imaginary = { .cls = "number", .begin = C_NUMBER_RE "[i]", .rel = 1 };
static struct hl_mode go_assign = { .begin = ":=" };
static struct hl_mode go_params = {
	.cls = "params", .begin = "\\(", .end = "\\)", .kw = &go_keywords, .illegal = "[\"']",
};
static struct hl_mode go_func = {
	.cls = "function", .begin_kw = "func", .end = "\\s*(\\{|$)", .flags = HL_EXCLUDE_END,
	.contains = CONTAINS(&title_mode, &go_params),
};
static struct hl_mode go_root = {
	.kw = &go_keywords, .illegal = "</",
	.contains = CONTAINS(&c_line_comment, &c_block_comment, &quote_string, &apos_string,
			     &go_raw_string, &go_imaginary, &c_number_mode, &go_assign, &go_func),
};
static const struct hl_language lang_go = {
	.name = "go", .aliases = "golang",
	.root = &go_root,
};

/* ---- ini / toml (ini.js) ---------------------------------------------- */

static struct hl_mode ini_comment1 = {
	.cls = "comment", .begin = ";", .end = "$", .contains = COMMENT_CONTAINS,
};
static struct hl_mode ini_comment2 = {
	.cls = "comment", .begin = "#", .end = "$", .contains = COMMENT_CONTAINS,
};
static struct hl_mode ini_literal = {
	/* sic: only `on` and `no` are bounded by \b */
	.cls = "literal", .begin = "\\bon|off|true|false|yes|no\\b",
};
static struct hl_mode ini_var1 = { .cls = "variable", .begin = "\\$[\\w\\d\"][\\w\\d_]*" };
static struct hl_mode ini_var2 = { .cls = "variable", .begin = "\\$\\{(.*?)\\}" };
static struct hl_mode ini_str1 = {
	.cls = "string", .begin = "'''", .end = "'''", .rel = 10,
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode ini_str2 = {
	.cls = "string", .begin = "\"\"\"", .end = "\"\"\"", .rel = 10,
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode ini_str3 = {
	.cls = "string", .begin = "\"", .end = "\"", .contains = CONTAINS(&backslash_escape),
};
static struct hl_mode ini_str4 = {
	.cls = "string", .begin = "'", .end = "'", .contains = CONTAINS(&backslash_escape),
};
static struct hl_mode ini_num1 = { .cls = "number", .rel = R0, .begin = "([+-]+)?[\\d]+_[\\d_]+" };
static struct hl_mode ini_num2 = { .cls = "number", .rel = R0, .begin = NUMBER_RE };
#define INI_VALUES &ini_literal, &ini_var1, &ini_var2, &ini_str1, &ini_str2, &ini_str3, \
	&ini_str4, &ini_num1, &ini_num2
static struct hl_mode ini_array = {
	.begin = "\\[", .end = "\\]", .rel = R0,
	.contains = CONTAINS(&ini_comment1, &ini_comment2, INI_VALUES, HL_SELF),
};
static struct hl_mode ini_value = {
	.end = "$", .contains = CONTAINS(&ini_comment1, &ini_comment2, &ini_array, INI_VALUES),
};
static struct hl_mode ini_section = { .cls = "section", .begin = "\\[+", .end = "\\]+" };
#define INI_KEY "([A-Za-z0-9_-]+|\"(\\\\\"|[^\"])*\"|'[^']*')"
static struct hl_mode ini_key = {
	.cls = "attr", .begin = INI_KEY "(\\s*\\.\\s*" INI_KEY ")*(?=\\s*=\\s*[^#\\s])",
	.starts = &ini_value,
};
/* Every non-blank outside these is illegal: an INI file with a bare
 * line (an Ansible inventory) is shown plain, as highlight.js does. */
static struct hl_mode ini_root = {
	.illegal = "\\S",
	.contains = CONTAINS(&ini_comment1, &ini_comment2, &ini_section, &ini_key),
};
static const struct hl_language lang_ini = {
	.name = "ini", .aliases = "toml",
	.ci = true, .root = &ini_root,
};

/* ---- dockerfile (dockerfile.js) --------------------------------------- */

static struct hl_keywords dockerfile_keywords = {
	.g = { { "keyword", "from maintainer expose env arg user onbuild stopsignal" } },
};
static struct hl_mode dockerfile_shell = { .end = "[^\\\\]$", .sublang = "bash" };
static struct hl_mode dockerfile_run = {
	.begin_kw = "run cmd entrypoint volume add copy workdir label healthcheck shell",
	.starts = &dockerfile_shell,
};
static struct hl_mode dockerfile_root = {
	.kw = &dockerfile_keywords, .illegal = "</",
	.contains = CONTAINS(&hash_comment, &apos_string, &quote_string, &number_mode,
			     &dockerfile_run),
};
static const struct hl_language lang_dockerfile = {
	.name = "dockerfile", .aliases = "docker",
	.ci = true, .root = &dockerfile_root,
};

/* ---- xml / html (xml.js) ---------------------------------------------- */

#define XML_TAG_NAME "[A-Z_]([A-Z0-9_.-]*:)?[A-Z0-9_.-]*"
static struct hl_mode xml_entity = {
	.cls = "symbol", .begin = "&[a-z]+;|&#[0-9]+;|&#x[a-f0-9]+;",
};
static struct hl_mode xml_meta_word = {
	.cls = "meta-keyword", .begin = "#?[a-z_][a-z1-9_-]+", .illegal = "\\n",
};
static struct hl_mode xml_meta_kw = { .begin = "\\s", .contains = CONTAINS(&xml_meta_word) };
static struct hl_mode xml_meta_par_kw = {
	.begin = "\\(", .end = "\\)", .contains = CONTAINS(&xml_meta_word),
};
static struct hl_mode xml_meta_apos = {
	.cls = "meta-string", .begin = "'", .end = "'", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode xml_meta_quote = {
	.cls = "meta-string", .begin = "\"", .end = "\"", .illegal = "\\n",
	.contains = CONTAINS(&backslash_escape),
};
static struct hl_mode xml_doctype_inner = {
	.cls = "meta", .begin = "<![a-z]", .end = ">",
	.contains = CONTAINS(&xml_meta_kw, &xml_meta_par_kw, &xml_meta_quote, &xml_meta_apos),
};
static struct hl_mode xml_doctype_subset = {
	.begin = "\\[", .end = "\\]", .contains = CONTAINS(&xml_doctype_inner),
};
static struct hl_mode xml_doctype = {
	.cls = "meta", .begin = "<![a-z]", .end = ">", .rel = 10,
	.contains = CONTAINS(&xml_meta_kw, &xml_meta_quote, &xml_meta_apos, &xml_meta_par_kw,
			     &xml_doctype_subset),
};
static struct hl_mode xml_comment = {
	.cls = "comment", .begin = "<!--", .end = "-->", .rel = 10, .contains = COMMENT_CONTAINS,
};
static struct hl_mode xml_cdata = { .begin = "<!\\[CDATA\\[", .end = "\\]\\]>", .rel = 10 };
static struct hl_mode xml_pi = { .cls = "meta", .begin = "<\\?xml", .end = "\\?>", .rel = 10 };
static struct hl_mode xml_attr = { .cls = "attr", .begin = "[A-Za-z0-9._:-]+", .rel = R0 };
static struct hl_mode xml_value1 = {
	.cls = "string", .begin = "\"", .end = "\"", .flags = HL_ENDS_PARENT,
	.contains = CONTAINS(&xml_entity),
};
static struct hl_mode xml_value2 = {
	.cls = "string", .begin = "'", .end = "'", .flags = HL_ENDS_PARENT,
	.contains = CONTAINS(&xml_entity),
};
static struct hl_mode xml_value3 = {
	.cls = "string", .begin = "[^\\s\"'=<>`]+", .flags = HL_ENDS_PARENT,
};
static struct hl_mode xml_eq = {
	.begin = "=\\s*", .rel = R0, .contains = CONTAINS(&xml_value1, &xml_value2, &xml_value3),
};
static struct hl_mode xml_tag_internals = {
	.flags = HL_ENDS_WITH_PARENT, .illegal = "<", .rel = R0,
	.contains = CONTAINS(&xml_attr, &xml_eq),
};
static struct hl_keywords xml_style_kw = { .g = { { "name", "style" } } };
static struct hl_keywords xml_script_kw = { .g = { { "name", "script" } } };
/* highlightAuto() among these; handlebars is not in this highlighter */
static struct hl_mode xml_style_body = {
	.end = "<\\/style>", .flags = HL_RETURN_END, .sublang = "css xml",
};
static struct hl_mode xml_script_body = {
	.end = "<\\/script>", .flags = HL_RETURN_END, .sublang = "javascript handlebars xml",
};
static struct hl_mode xml_style = {
	.cls = "tag", .begin = "<style(?=\\s|>)", .end = ">", .kw = &xml_style_kw,
	.contains = CONTAINS(&xml_tag_internals), .starts = &xml_style_body,
};
static struct hl_mode xml_script = {
	.cls = "tag", .begin = "<script(?=\\s|>)", .end = ">", .kw = &xml_script_kw,
	.contains = CONTAINS(&xml_tag_internals), .starts = &xml_script_body,
};
static struct hl_mode xml_fragment = { .cls = "tag", .begin = "<>|<\\/>" };
static struct hl_mode xml_open_name = {
	.cls = "name", .begin = XML_TAG_NAME, .rel = R0, .starts = &xml_tag_internals,
};
static struct hl_mode xml_open = {
	.cls = "tag", .begin = "<(?=" XML_TAG_NAME "(\\/>|>|\\s))", .end = "\\/?>",
	.contains = CONTAINS(&xml_open_name),
};
static struct hl_mode xml_close_name = { .cls = "name", .begin = XML_TAG_NAME, .rel = R0 };
static struct hl_mode xml_close_gt = { .begin = ">", .rel = R0, .flags = HL_ENDS_PARENT };
static struct hl_mode xml_close = {
	.cls = "tag", .begin = "<\\/(?=" XML_TAG_NAME ">)",
	.contains = CONTAINS(&xml_close_name, &xml_close_gt),
};
static struct hl_mode xml_root = {
	.contains = CONTAINS(&xml_doctype, &xml_comment, &xml_cdata, &xml_entity, &xml_pi,
			     &xml_style, &xml_script, &xml_fragment, &xml_open, &xml_close),
};
static const struct hl_language lang_xml = {
	.name = "xml", .aliases = "html xhtml rss atom xjb xsd xsl plist wsf svg",
	.ci = true, .root = &xml_root,
};

/* ---- javascript (javascript.js) and typescript (typescript.js) -------- */

#define JS_IDENT "[A-Za-z$_][0-9A-Za-z$_]*"
#define JS_KEYWORDS \
	"as in of if for while finally var new function do return void else break catch " \
	"instanceof with throw case default try switch continue typeof delete let yield const " \
	"class debugger async await static import from export extends"
#define JS_BUILT_INS \
	"setInterval setTimeout clearInterval clearTimeout require exports eval isFinite isNaN " \
	"parseFloat parseInt decodeURI decodeURIComponent encodeURI encodeURIComponent escape " \
	"unescape arguments this super console window document localStorage module global Intl " \
	"DataView Number Math Date String RegExp Object Function Boolean Error Symbol Set Map " \
	"WeakSet WeakMap Proxy Reflect JSON Promise Float64Array Int16Array Int32Array Int8Array " \
	"Uint16Array Uint32Array Float32Array Array Uint8Array Uint8ClampedArray ArrayBuffer " \
	"BigInt64Array BigUint64Array BigInt EvalError InternalError RangeError ReferenceError " \
	"SyntaxError TypeError URIError"
static struct hl_keywords js_keywords = {
	.pattern = JS_IDENT,
	.g = {
		{ "keyword", JS_KEYWORDS },
		{ "literal", "true false null undefined NaN Infinity" },
		{ "built_in", JS_BUILT_INS },
	},
};
/* typescript.js assigns its lists into the very object every JavaScript
 * mode shares, so all of them see these in TypeScript (lang->kw_to). */
static struct hl_keywords ts_keywords = {
	.pattern = JS_IDENT,
	.g = {
		{ "keyword", JS_KEYWORDS " type namespace typedef interface public private "
			     "protected implements declare abstract readonly" },
		{ "literal", "true false null undefined NaN Infinity" },
		{ "built_in", JS_BUILT_INS " any void number boolean string object never enum" },
	},
};
static struct hl_keywords js_value_kw = { .g = { { "keyword", "return throw case" } } };
static struct hl_keywords js_getset_kw = { .g = { { "keyword", "get set" } } };

static struct hl_mode js_subst, js_subst_braces, js_html_template, js_css_template,
	js_template_string, js_paren;
#define JS_DIGITS "[0-9](_?[0-9])*"
#define JS_FRAC "\\.(" JS_DIGITS ")"
#define JS_DECIMAL "0|[1-9](_?[0-9])*|0[0-7]*[89][0-9]*"
static struct hl_mode js_num1 = {
	.cls = "number", .rel = R0,
	.begin = "(\\b(" JS_DECIMAL ")((" JS_FRAC ")|\\.)?|(" JS_FRAC "))[eE][+-]?(" JS_DIGITS ")\\b",
};
static struct hl_mode js_num2 = {
	.cls = "number", .rel = R0,
	.begin = "\\b(" JS_DECIMAL ")\\b((" JS_FRAC ")\\b|\\.)?|(" JS_FRAC ")\\b",
};
static struct hl_mode js_num3 = {
	.cls = "number", .rel = R0, .begin = "\\b(0|[1-9](_?[0-9])*)n\\b",
};
static struct hl_mode js_num4 = {
	.cls = "number", .rel = R0, .begin = "\\b0[xX][0-9a-fA-F](_?[0-9a-fA-F])*n?\\b",
};
static struct hl_mode js_num5 = {
	.cls = "number", .rel = R0, .begin = "\\b0[bB][0-1](_?[0-1])*n?\\b",
};
static struct hl_mode js_num6 = {
	.cls = "number", .rel = R0, .begin = "\\b0[oO][0-7](_?[0-7])*n?\\b",
};
static struct hl_mode js_num7 = { .cls = "number", .rel = R0, .begin = "\\b0[0-7]+n?\\b" };
#define JS_NUMBER &js_num1, &js_num2, &js_num3, &js_num4, &js_num5, &js_num6, &js_num7
#define JS_SUBST_INTERNALS &apos_string, &quote_string, &js_html_template, &js_css_template, \
	&js_template_string, JS_NUMBER, &regexp_mode
static struct hl_mode js_subst = {
	.cls = "subst", .begin = "\\$\\{", .end = "\\}", .kw = &js_keywords,
	.contains = CONTAINS(JS_SUBST_INTERNALS, &js_subst_braces),
};
static struct hl_mode js_subst_braces = {
	.begin = "\\{", .end = "\\}", .kw = &js_keywords,
	.contains = CONTAINS(HL_SELF, JS_SUBST_INTERNALS),
};
/* html`...` and css`...` templates hold HTML and CSS */
static struct hl_mode js_html_body = {
	.end = "`", .sublang = "xml", .contains = CONTAINS(&backslash_escape, &js_subst),
};
static struct hl_mode js_html_template = { .begin = "html`", .starts = &js_html_body };
static struct hl_mode js_css_body = {
	.end = "`", .sublang = "css", .contains = CONTAINS(&backslash_escape, &js_subst),
};
static struct hl_mode js_css_template = { .begin = "css`", .starts = &js_css_body };
static struct hl_mode js_template_string = {
	.cls = "string", .begin = "`", .end = "`",
	.contains = CONTAINS(&backslash_escape, &js_subst),
};
static struct hl_mode jsdoc_type = { .cls = "type", .begin = "\\{", .end = "\\}", .rel = R0 };
static struct hl_mode jsdoc_variable = {
	.cls = "variable", .begin = JS_IDENT "(?=\\s*(-)|$)", .flags = HL_ENDS_PARENT, .rel = R0,
};
static struct hl_mode jsdoc_space = { .begin = "(?=[^\\n])\\s", .rel = R0 };
static struct hl_mode jsdoc_tag = {
	.cls = "doctag", .begin = "@[A-Za-z]+",
	.contains = CONTAINS(&jsdoc_type, &jsdoc_variable, &jsdoc_space),
};
static struct hl_mode jsdoc_comment = {
	.cls = "comment", .begin = "\\/\\*\\*(?!\\/)", .end = "\\*/", .rel = R0,
	.contains = CONTAINS(&jsdoc_tag, &phrasal_words, &doctag),
};
#define JS_COMMENT &jsdoc_comment, &c_block_comment, &c_line_comment
#define JS_SUBST_AND_COMMENTS JS_COMMENT, JS_SUBST_INTERNALS, &js_subst_braces
static struct hl_mode js_paren = {
	.begin = "\\(", .end = "\\)", .kw = &js_keywords,
	.contains = CONTAINS(HL_SELF, JS_SUBST_AND_COMMENTS),
};
static struct hl_mode ts_decorator = { .cls = "meta", .begin = "@" JS_IDENT, .only = "typescript" };
#define JS_PARAMS_CONTAINS JS_SUBST_AND_COMMENTS, &js_paren, &ts_decorator
static struct hl_mode js_params = {
	.cls = "params", .begin = "\\(", .end = "\\)", .kw = &js_keywords,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END, .contains = CONTAINS(JS_PARAMS_CONTAINS),
};
static struct hl_mode js_attr = { .cls = "attr", .begin = JS_IDENT "(?=\\s*:)", .rel = R0 };
static struct hl_mode js_attr_container = {
	/* an object key after { , or a newline, past any comments */
	.begin = "[{,\\n]\\s*(?=(((\\/\\/.*$)|(\\/\\*(\\*[^/]|[^*])*\\*\\/))\\s*)*" JS_IDENT "\\s*:)",
	.rel = R0, .contains = CONTAINS(&js_attr),
};
#define JS_PARENS3 "\\([^()]*(\\([^()]*(\\([^()]*\\)[^()]*)*\\)[^()]*)*\\)"
static struct hl_mode js_arrow_param1 = {
	.cls = "params", .begin = UNDERSCORE_IDENT_RE, .rel = R0,
};
static struct hl_mode js_arrow_param2 = { .begin = "\\(\\s*\\)", .flags = HL_SKIP };
static struct hl_mode js_arrow_param3 = {
	.cls = "params", .begin = "\\(", .end = "\\)", .kw = &js_keywords,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END, .contains = CONTAINS(JS_PARAMS_CONTAINS),
};
static struct hl_mode js_arrow = {
	.cls = "function", .begin = "(" JS_PARENS3 "|" UNDERSCORE_IDENT_RE ")\\s*=>",
	.flags = HL_RETURN_BEGIN, .end = "\\s*=>",
	.contains = CONTAINS(&js_arrow_param1, &js_arrow_param2, &js_arrow_param3),
};
static struct hl_mode js_comma = { .begin = ",", .rel = R0 };
static struct hl_mode js_space = { .begin = "\\s", .end = "\\s*", .flags = HL_SKIP };
#define JSX_TAG_BEGIN "<[A-Za-z0-9\\\\._:-]+"
#define JSX_TAG_END "\\/[A-Za-z0-9\\\\._:-]+>|\\/>"
static struct hl_mode jsx_inner = {
	.begin = JSX_TAG_BEGIN, .end = JSX_TAG_END, .flags = HL_SKIP, .contains = CONTAINS(HL_SELF),
};
static struct hl_mode jsx_fragment = {
	.begin = "<>", .end = "</>", .sublang = "xml", .contains = CONTAINS(&jsx_inner),
};
static struct hl_mode jsx_element = {
	.begin = JSX_TAG_BEGIN, .end = JSX_TAG_END, .sublang = "xml", .flags = HL_JSX_TAG,
	.contains = CONTAINS(&jsx_inner),
};
/* after an operator or return: regexps, arrow functions, JSX */
static struct hl_mode js_value = {
	.begin = "(" RE_STARTERS_RE "|\\b(case|return|throw)\\b)\\s*", .kw = &js_value_kw,
	.rel = R0,
	.contains = CONTAINS(JS_COMMENT, &regexp_mode, &js_arrow, &js_comma, &js_space,
			     &jsx_fragment, &jsx_element),
};
static struct hl_mode js_title = { .cls = "title", .begin = JS_IDENT, .rel = R0 };
static struct hl_mode js_function = {
	.cls = "function", .begin_kw = "function", .end = "[{;]", .flags = HL_EXCLUDE_END,
	.kw = &js_keywords, .illegal = "%",
	.contains = CONTAINS(HL_SELF, &js_title, &js_params),
};
static struct hl_mode js_control = { .begin_kw = "while if switch catch for" };
static struct hl_mode js_call_def = {
	.cls = "function", .begin = UNDERSCORE_IDENT_RE JS_PARENS3 "\\s*\\{",
	.flags = HL_RETURN_BEGIN, .contains = CONTAINS(&js_params, &js_title),
};
static struct hl_mode js_member = { .begin = "\\." JS_IDENT, .rel = R0 };
static struct hl_mode js_dollar_ident = { .begin = "\\$" JS_IDENT, .rel = R0 };
static struct hl_mode js_extends = { .begin_kw = "extends" };
static struct hl_mode js_class = {
	.cls = "class", .begin_kw = "class", .end = "[{;=]", .flags = HL_EXCLUDE_END,
	.illegal = "[:\"[\\]]", .contains = CONTAINS(&js_extends, &underscore_title_mode),
};
static struct hl_mode js_constructor = {
	.begin = "\\b(?=constructor)", .end = "[{;]", .flags = HL_EXCLUDE_END,
	.contains = CONTAINS(&js_title, HL_SELF, &js_params),
};
static struct hl_mode js_empty_parens = { .begin = "\\(\\)" };
static struct hl_mode js_getset = {
	.begin = "(get|set)\\s+(?=" JS_IDENT "\\()", .end = "\\{", .kw = &js_getset_kw,
	.contains = CONTAINS(&js_title, &js_empty_parens, &js_params),
};
static struct hl_mode js_jquery = { .begin = "\\$[(.]" };
static struct hl_mode js_shebang = {
	.cls = "meta", .begin = SHEBANG_RE ".*\\bnode\\b.*", .end = "$", .rel = 5,
	.flags = HL_AT_START,
};
static struct hl_mode js_use_strict = {
	.cls = "meta", .rel = 10, .begin = "^\\s*['\"]use (strict|asm)['\"]",
};
#define JS_BODY &apos_string, &quote_string, &js_html_template, &js_css_template, \
	&js_template_string, JS_COMMENT, JS_NUMBER, &js_attr_container, &js_value, \
	&js_function, &js_control, &js_call_def, &js_member, &js_dollar_ident, &js_class, \
	&js_constructor, &js_getset, &js_jquery
static struct hl_mode js_root = {
	.kw = &js_keywords, .illegal = "#(?![$_A-z])",
	.contains = CONTAINS(&js_shebang, &js_use_strict, JS_BODY),
};
static const struct hl_language lang_javascript = {
	.name = "javascript", .aliases = "js jsx mjs cjs",
	.root = &js_root,
};

static struct hl_keywords ts_interface_kw = { .g = { { "keyword", "interface extends" } } };
static struct hl_mode ts_use_strict = {
	.cls = "meta", .rel = 10, .begin = "^\\s*['\"]use strict['\"]",
};
static struct hl_mode ts_namespace = {
	.begin_kw = "namespace", .end = "\\{", .flags = HL_EXCLUDE_END,
};
static struct hl_mode ts_interface = {
	.begin_kw = "interface", .end = "\\{", .flags = HL_EXCLUDE_END, .kw = &ts_interface_kw,
};
static struct hl_mode ts_root = {
	.kw = &js_keywords, .illegal = "#(?![$_A-z])",
	.contains = CONTAINS(&shebang, &ts_use_strict, JS_BODY, &ts_decorator, &ts_namespace,
			     &ts_interface),
};
static const struct hl_language lang_typescript = {
	.name = "typescript", .aliases = "ts tsx",
	.root = &ts_root, .kw_from = &js_keywords, .kw_to = &ts_keywords,
};

/* ---- css (css.js) ----------------------------------------------------- */

#define CSS_TAGS \
	"a abbr address article aside audio b blockquote body button canvas caption cite code " \
	"dd del details dfn div dl dt em fieldset figcaption figure footer form h1 h2 h3 h4 h5 " \
	"h6 header hgroup html i iframe img input ins kbd label legend li main mark menu nav " \
	"object ol p q quote samp section span strong summary sup table tbody td textarea tfoot " \
	"th thead time tr ul var video"

#define CSS_MEDIA_FEATURES \
	"any-hover any-pointer aspect-ratio color color-gamut color-index device-aspect-ratio " \
	"device-height device-width display-mode forced-colors grid height hover " \
	"inverted-colors monochrome orientation overflow-block overflow-inline pointer " \
	"prefers-color-scheme prefers-contrast prefers-reduced-motion " \
	"prefers-reduced-transparency resolution scan scripting update width min-width " \
	"max-width min-height max-height"

#define CSS_PSEUDO_CLASSES \
	"active any-link blank checked current default defined dir disabled drop empty enabled " \
	"first first-child first-of-type fullscreen future focus focus-visible focus-within has " \
	"host host-context hover indeterminate in-range invalid is lang last-child last-of-type " \
	"left link local-link not nth-child nth-col nth-last-child nth-last-col " \
	"nth-last-of-type nth-of-type only-child only-of-type optional out-of-range past " \
	"placeholder-shown read-only read-write required right root scope target target-within " \
	"user-invalid valid visited where"

#define CSS_PSEUDO_ELEMENTS \
	"after backdrop before cue cue-region first-letter first-line grammar-error marker part " \
	"placeholder selection slotted spelling-error"

#define CSS_ATTRIBUTES \
	"z-index word-wrap word-spacing word-break width widows white-space visibility " \
	"vertical-align unicode-bidi transition-timing-function transition-property " \
	"transition-duration transition-delay transition transform-style transform-origin " \
	"transform top text-underline-position text-transform text-shadow text-rendering " \
	"text-overflow text-indent text-decoration-style text-decoration-line " \
	"text-decoration-color text-decoration text-align-last text-align table-layout tab-size " \
	"src right resize quotes position pointer-events perspective-origin perspective " \
	"page-break-inside page-break-before page-break-after padding-top padding-right " \
	"padding-left padding-bottom padding overflow-y overflow-x overflow-wrap overflow " \
	"outline-width outline-style outline-offset outline-color outline orphans order opacity " \
	"object-position object-fit normal none nav-up nav-right nav-left nav-index nav-down " \
	"min-width min-height max-width max-height mask marks margin-top margin-right " \
	"margin-left margin-bottom margin list-style-type list-style-position list-style-image " \
	"list-style line-height letter-spacing left justify-content initial inherit ime-mode " \
	"image-resolution image-rendering image-orientation icon hyphens height font-weight " \
	"font-variation-settings font-variant-ligatures font-variant font-style font-stretch " \
	"font-smoothing font-size-adjust font-size font-language-override font-kerning " \
	"font-feature-settings font-family font-display font float flex-wrap flex-shrink " \
	"flex-grow flex-flow flex-direction flex-basis flex filter empty-cells display " \
	"direction cursor counter-reset counter-increment content columns column-width " \
	"column-span column-rule-width column-rule-style column-rule-color column-rule " \
	"column-gap column-fill column-count color clip-path clip clear caption-side " \
	"break-inside break-before break-after box-sizing box-shadow box-decoration-break " \
	"bottom border-width border-top-width border-top-style border-top-right-radius " \
	"border-top-left-radius border-top-color border-top border-style border-spacing " \
	"border-right-width border-right-style border-right-color border-right border-radius " \
	"border-left-width border-left-style border-left-color border-left border-image-width " \
	"border-image-source border-image-slice border-image-repeat border-image-outset " \
	"border-image border-color border-collapse border-bottom-width border-bottom-style " \
	"border-bottom-right-radius border-bottom-left-radius border-bottom-color border-bottom " \
	"border background-size background-repeat background-position background-origin " \
	"background-image background-color background-clip background-attachment background " \
	"backface-visibility auto animation-timing-function animation-play-state animation-name " \
	"animation-iteration-count animation-fill-mode animation-duration animation-direction " \
	"animation-delay animation align-self align-items align-content"

static struct hl_keywords css_keywords = {
	/* keyframePosition, renamed by classNameAliases */
	.g = { { "selector-tag", "from to" } },
};
static struct hl_keywords css_url_kw = { .g = { { "built_in", "url data-uri" } } };
static struct hl_keywords css_at_kw = {
	.pattern = "[a-z-]+",
	.g = { { "keyword", "and or not only" }, { "attribute", CSS_MEDIA_FEATURES } },
};
static struct hl_mode css_vendor_prefix = { .begin = "-(webkit|moz|ms|o)-(?=[a-z])" };
static struct hl_mode css_id = { .cls = "selector-id", .begin = "#[A-Za-z0-9_-]+", .rel = R0 };
static struct hl_mode css_class = {
	.cls = "selector-class", .begin = "\\.[a-zA-Z-][a-zA-Z0-9_-]*", .rel = R0,
};
static struct hl_mode css_attr_selector = {
	.cls = "selector-attr", .begin = "\\[", .end = "\\]", .illegal = "$",
	.contains = CONTAINS(&apos_string, &quote_string),
};
static struct hl_mode css_pseudo_class = {
	.cls = "selector-pseudo", .begin = ":(%s)", .words = CSS_PSEUDO_CLASSES,
};
static struct hl_mode css_pseudo_element = {
	.cls = "selector-pseudo", .begin = "::(%s)", .words = CSS_PSEUDO_ELEMENTS,
};
static struct hl_mode css_property = {
	.cls = "attribute", .begin = "\\b(%s)\\b", .words = CSS_ATTRIBUTES,
};
static struct hl_mode css_hexcolor = {
	.cls = "number", .begin = "#([a-fA-F0-9]{6}|[a-fA-F0-9]{3})",
};
static struct hl_mode css_important = { .cls = "meta", .begin = "!important" };
/* url(...): anything up to the ) is a string */
static struct hl_mode css_url_string = {
	.cls = "string", .begin = "[^)]", .flags = HL_ENDS_WITH_PARENT | HL_EXCLUDE_END,
};
static struct hl_mode css_url = {
	.begin = "(url|data-uri)\\(", .end = "\\)", .rel = R0, .kw = &css_url_kw,
	.contains = CONTAINS(&css_url_string),
};
static struct hl_mode css_function = { .cls = "built_in", .begin = "[\\w-]+(?=\\()" };
static struct hl_mode css_value = {
	.begin = ":", .end = "[;}]",
	.contains = CONTAINS(&css_hexcolor, &css_important, &css_number_mode, &apos_string,
			     &quote_string, &css_url, &css_function),
};
static struct hl_mode css_at_name = { .cls = "keyword", .begin = "@-?\\w[\\w]*(-\\w+)*" };
static struct hl_mode css_at_feature = { .cls = "attribute", .begin = "[a-z-]+(?=:)" };
static struct hl_mode css_at_prelude = {
	.begin = "\\s", .flags = HL_ENDS_WITH_PARENT | HL_EXCLUDE_END, .rel = R0, .kw = &css_at_kw,
	.contains = CONTAINS(&css_at_feature, &apos_string, &quote_string, &css_number_mode),
};
static struct hl_mode css_at_rule = {
	.begin = "(?=@)", .end = "[{;]", .rel = R0, .illegal = ":",
	.contains = CONTAINS(&css_at_name, &css_at_prelude),
};
static struct hl_mode css_tag = { .cls = "selector-tag", .begin = "\\b(%s)\\b", .words = CSS_TAGS };
static struct hl_mode css_root = {
	.kw = &css_keywords, .illegal = "[=|'\\$]",
	.contains = CONTAINS(&c_block_comment, &css_vendor_prefix, &css_number_mode, &css_id,
			     &css_class, &css_attr_selector, &css_pseudo_class, &css_pseudo_element,
			     &css_property, &css_value, &css_at_rule, &css_tag),
};
static const struct hl_language lang_css = {
	.name = "css", .aliases = "",
	.ci = true, .root = &css_root,
};

/* ---- c (c.js) and cpp (cpp.js) ---------------------------------------- */

/* C++ shares C's modes; its extra rules carry .only = "cpp". */
static struct hl_keywords c_keywords = {
	.g = {
		{ "keyword",
		  "int float while private char char8_t char16_t char32_t catch import module export "
		  "virtual operator sizeof dynamic_cast|10 typedef const_cast|10 const for static_cast|10 "
		  "union namespace unsigned long volatile static protected bool template mutable if public "
		  "friend do goto auto void enum else break extern using asm case typeid wchar_t short "
		  "reinterpret_cast|10 default double register explicit signed typename try this switch "
		  "continue inline delete alignas alignof constexpr consteval constinit decltype concept "
		  "co_await co_return co_yield requires noexcept static_assert thread_local restrict final "
		  "override atomic_bool atomic_char atomic_schar atomic_uchar atomic_short atomic_ushort "
		  "atomic_int atomic_uint atomic_long atomic_ulong atomic_llong atomic_ullong new throw "
		  "return and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq" },
		{ "built_in",
		  "std string wstring cin cout cerr clog stdin stdout stderr stringstream istringstream "
		  "ostringstream auto_ptr deque list queue stack vector map set pair bitset multiset "
		  "multimap unordered_set unordered_map unordered_multiset unordered_multimap "
		  "priority_queue make_pair array shared_ptr abort terminate abs acos asin atan2 atan "
		  "calloc ceil cosh cos exit exp fabs floor fmod fprintf fputs free frexp fscanf future "
		  "isalnum isalpha iscntrl isdigit isgraph islower isprint ispunct isspace isupper isxdigit "
		  "tolower toupper labs ldexp log10 log malloc realloc memchr memcmp memcpy memset modf pow "
		  "printf putchar puts scanf sinh sin snprintf sprintf sqrt sscanf strcat strchr strcmp "
		  "strcpy strcspn strlen strncat strncmp strncpy strpbrk strrchr strspn strstr tanh tan "
		  "vfprintf vprintf vsprintf endl initializer_list unique_ptr _Bool complex _Complex "
		  "imaginary _Imaginary" },
		{ "literal", "true false nullptr NULL" },
	},
};
static struct hl_keywords cpp_keywords = {
	.g = {
		{ "keyword",
		  "int float while private char char8_t char16_t char32_t catch import module export "
		  "virtual operator sizeof dynamic_cast|10 typedef const_cast|10 const for static_cast|10 "
		  "union namespace unsigned long volatile static protected bool template mutable if public "
		  "friend do goto auto void enum else break extern using asm case typeid wchar_t short "
		  "reinterpret_cast|10 default double register explicit signed typename try this switch "
		  "continue inline delete alignas alignof constexpr consteval constinit decltype concept "
		  "co_await co_return co_yield requires noexcept static_assert thread_local restrict final "
		  "override atomic_bool atomic_char atomic_schar atomic_uchar atomic_short atomic_ushort "
		  "atomic_int atomic_uint atomic_long atomic_ulong atomic_llong atomic_ullong new throw "
		  "return and and_eq bitand bitor compl not not_eq or or_eq xor xor_eq" },
		{ "built_in", "_Bool _Complex _Imaginary" },
		{ NULL,         /* _relevance_hints: no class */
		  "asin atan2 atan calloc ceil cosh cos exit exp fabs floor fmod fprintf fputs free frexp "
		  "auto_ptr deque list queue stack vector map set pair bitset multiset multimap "
		  "unordered_set fscanf future isalnum isalpha iscntrl isdigit isgraph islower isprint "
		  "ispunct isspace isupper isxdigit tolower toupper labs ldexp log10 log malloc realloc "
		  "memchr memcmp memcpy memset modf pow printf putchar puts scanf sinh sin snprintf sprintf "
		  "sqrt sscanf strcat strchr strcmp strcpy strcspn strlen strncat strncmp strncpy strpbrk "
		  "strrchr strspn strstr tanh tan unordered_map unordered_multiset unordered_multimap "
		  "priority_queue make_pair array shared_ptr abort terminate abs acos vfprintf vprintf "
		  "vsprintf endl initializer_list unique_ptr complex imaginary std string wstring cin cout "
		  "cerr clog stdin stdout stderr stringstream istringstream ostringstream" },
		{ "literal", "true false nullptr NULL" },
	},
};
static struct hl_keywords c_meta_kw = {
	.g = { { "meta-keyword", "if else elif endif define undef warning error line pragma "
				 "_Pragma ifdef ifndef include" } },
};
static struct hl_mode c_line_continuation = { .begin = "\\\\\\n" };
static struct hl_mode c_line_comment_c = {
	.cls = "comment", .begin = "//", .end = "$",
	.contains = CONTAINS(&c_line_continuation, &phrasal_words, &doctag),
};
static struct hl_mode c_primitive_type = { .cls = "keyword", .begin = "\\b[a-z\\d_]*_t\\b" };
#define C_CHAR_ESCAPE "\\\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4,8}|[0-7]{3}|\\S)"
#define C_STRING_VARIANTS(P, CLS) \
	static struct hl_mode P##1 = { \
		.cls = CLS, .begin = "(u8?|U|L)?\"", .end = "\"", .illegal = "\\n", \
		.contains = CONTAINS(&backslash_escape), \
	}; \
	static struct hl_mode P##2 = { \
		.cls = CLS, .begin = "(u8?|U|L)?'(" C_CHAR_ESCAPE "|.)", .end = "'", \
		.illegal = ".", \
	}; \
	static struct hl_mode P##3 = {  /* raw string: R"delim( ... )delim" */ \
		.cls = CLS, .begin = "(?:u8?|U|L)?R\"([^()\\\\ ]{0,16})\\(", \
		.end = "\\)([^()\\\\ ]{0,16})\"", .flags = HL_SAME_END, \
	};
C_STRING_VARIANTS(c_string, "string")
C_STRING_VARIANTS(c_meta_string, "meta-string")
#define C_STRINGS &c_string1, &c_string2, &c_string3
static struct hl_mode c_num1 = { .cls = "number", .rel = R0, .begin = "\\b(0b[01']+)" };
static struct hl_mode c_num2 = {
	.cls = "number", .rel = R0,
	.begin = "(-?)\\b([\\d']+(\\.[\\d']*)?|\\.[\\d']+)((ll|LL|l|L)(u|U)?|(u|U)(ll|LL|l|L)?|f|F|b|B)",
};
static struct hl_mode c_num3 = {
	.cls = "number", .rel = R0,
	.begin = "(-?)(\\b0[xX][a-fA-F0-9']+|(\\b[\\d']+(\\.[\\d']*)?|\\.[\\d']+)([eE][-+]?[\\d']+)?)",
};
#define C_NUMBERS &c_num1, &c_num2, &c_num3
static struct hl_mode c_preprocessor_continuation = { .begin = "\\\\\\n", .rel = R0 };
static struct hl_mode c_include_path = { .cls = "meta-string", .begin = "<.*?>" };
static struct hl_mode c_preprocessor = {
	.cls = "meta", .begin = "#\\s*[a-z]+\\b", .end = "$", .kw = &c_meta_kw,
	.contains = CONTAINS(&c_preprocessor_continuation, &c_meta_string1, &c_meta_string2,
			     &c_meta_string3, &c_include_path, &c_line_comment_c, &c_block_comment),
};
/* function.dispatch, which classNameAliases renames built_in */
static struct hl_mode cpp_dispatch = {
	.cls = "built_in", .rel = R0, .kw = &c_keywords, .only = "cpp",
	.begin = "\\b(?!decltype)(?!if)(?!for)(?!while)" IDENT_RE "(?=\\s*\\()",
};
#define C_EXPRESSION_CONTAINS &cpp_dispatch, &c_preprocessor, &c_primitive_type, \
	&c_line_comment_c, &c_block_comment, C_NUMBERS, C_STRINGS
static struct hl_mode c_expr_paren = {
	.begin = "\\(", .end = "\\)", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(C_EXPRESSION_CONTAINS, HL_SELF),
};
/* expressions, where nothing looks like a function definition */
static struct hl_mode c_expr1 = {
	.begin = "=", .end = ";", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(C_EXPRESSION_CONTAINS, &c_expr_paren),
};
static struct hl_mode c_expr2 = {
	.begin = "\\(", .end = "\\)", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(C_EXPRESSION_CONTAINS, &c_expr_paren),
};
static struct hl_mode c_expr3 = {
	.begin_kw = "new throw return else", .end = ";", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(C_EXPRESSION_CONTAINS, &c_expr_paren),
};
#define C_DECLTYPE_AUTO "decltype\\(auto\\)"
#define C_NAMESPACE "([a-zA-Z_]\\w*::)?"
#define C_FUNCTION_TITLE C_NAMESPACE IDENT_RE "\\s*\\("
static struct hl_mode c_decltype_auto = { .begin = C_DECLTYPE_AUTO, .kw = &c_keywords, .rel = R0 };
static struct hl_mode c_title = { .cls = "title", .begin = C_NAMESPACE IDENT_RE, .rel = R0 };
static struct hl_mode c_function_title = {
	.begin = C_FUNCTION_TITLE, .flags = HL_RETURN_BEGIN, .rel = R0,
	.contains = CONTAINS(&c_title),
};
static struct hl_mode cpp_scope = { .begin = "::", .rel = R0, .only = "cpp" };
static struct hl_mode cpp_initializer = {
	.begin = ":", .flags = HL_ENDS_WITH_PARENT, .only = "cpp",
	.contains = CONTAINS(C_STRINGS, C_NUMBERS),
};
static struct hl_mode c_params_paren = {
	.begin = "\\(", .end = "\\)", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(HL_SELF, &c_line_comment_c, &c_block_comment, C_STRINGS, C_NUMBERS,
			     &c_primitive_type),
};
static struct hl_mode c_params = {
	.cls = "params", .begin = "\\(", .end = "\\)", .kw = &c_keywords, .rel = R0,
	.contains = CONTAINS(&c_line_comment_c, &c_block_comment, C_STRINGS, C_NUMBERS,
			     &c_primitive_type, &c_params_paren),
};
static struct hl_mode c_function = {
	.cls = "function",
	.begin = "((" C_DECLTYPE_AUTO "|" C_NAMESPACE "[a-zA-Z_]\\w*(<[^<>]+>)?)[\\*&\\s]+)+"
		 C_FUNCTION_TITLE,
	.flags = HL_RETURN_BEGIN | HL_EXCLUDE_END, .end = "[{;=]", .kw = &c_keywords,
	.illegal = "[^\\w\\s\\*&:<>.]",
	.contains = CONTAINS(&c_decltype_auto, &c_function_title, &cpp_scope, &cpp_initializer,
			     &c_params, &c_primitive_type, &c_line_comment_c, &c_block_comment,
			     &c_preprocessor),
};
static struct hl_mode c_container = {   /* vector <int> rooms (9); */
	.begin = "\\b(deque|list|queue|priority_queue|pair|stack|vector|map|set|bitset|multiset|"
		 "multimap|unordered_map|unordered_set|unordered_multiset|unordered_multimap|array)"
		 "\\s*<",
	.end = ">", .kw = &c_keywords, .contains = CONTAINS(HL_SELF, &c_primitive_type),
};
static struct hl_mode c_namespace_ref = { .begin = IDENT_RE "::", .kw = &c_keywords };
static struct hl_mode c_class_kw = { .begin_kw = "final class struct" };
static struct hl_mode c_class = {
	.cls = "class", .begin_kw = "enum class struct union", .end = "[{;:<>=]",
	.contains = CONTAINS(&c_class_kw, &title_mode),
};
static struct hl_mode c_root = {
	.kw = &c_keywords, .illegal = "</",
	.contains = CONTAINS(&c_expr1, &c_expr2, &c_expr3, &c_function, &cpp_dispatch,
			     C_EXPRESSION_CONTAINS, &c_preprocessor, &c_container,
			     &c_namespace_ref, &c_class),
};
static const struct hl_language lang_c = {
	.name = "c", .aliases = "h",
	.no_auto = true, .root = &c_root,
};
static const struct hl_language lang_cpp = {
	.name = "cpp", .aliases = "cc c++ h++ hpp hh hxx cxx",
	.root = &c_root, .kw_from = &c_keywords, .kw_to = &cpp_keywords,
};

/* ---- sql (sql.js) ----------------------------------------------------- */

/* Keywords with a space ("update   ", "create table") never match the
 * keyword pattern in highlight.js either; they are left out. Keywords
 * shorter than three letters score 0 (reduceRelevancy). */
/* SQL_KEYWORDS dropped: ["update   "] */
#define SQL_KEYWORDS \
	"all allocate alter and any are array array_max_cardinality as|0 asensitive asymmetric " \
	"at|0 atomic authorization begin begin_frame begin_partition between bigint binary blob " \
	"boolean both by|0 call called cardinality cascaded case char char_length character " \
	"character_length check classifier clob close collate collect column commit condition " \
	"connect constraint contains convert copy corresponding create cross cube current " \
	"current_catalog current_date current_default_transform_group current_path current_role " \
	"current_row current_schema current_time current_timestamp current_path current_role " \
	"current_transform_group_for_type current_user cursor cycle date day deallocate dec " \
	"decimal decfloat declare default define delete describe deterministic disconnect " \
	"distinct double drop dynamic each else empty end end_frame end_partition end-exec " \
	"equals escape every except exec execute exists external false fetch filter float for " \
	"foreign frame_row free from full function fusion get global grant group grouping " \
	"groups having hold hour identity in|0 indicator initial inner inout insensitive insert " \
	"int integer intersect intersection interval into is|0 join language large lateral " \
	"leading left like like_regex local localtime localtimestamp match match_number " \
	"match_recognize matches member merge method minute modifies module month multiset " \
	"national natural nchar nclob new no|0 none normalize not null numeric octet_length " \
	"occurrences_regex of|0 offset old omit on|0 one only open or|0 order out outer over " \
	"overlaps overlay parameter partition pattern per percent period portion precedes " \
	"precision prepare primary procedure ptf range reads real recursive ref references " \
	"referencing release result return returns revoke right rollback rollup row rows " \
	"running savepoint scope scroll search second seek select sensitive session_user set " \
	"show similar skip smallint some specific specifictype sql sqlexception sqlstate " \
	"sqlwarning start static submultiset subset succeeds symmetric system system_time " \
	"system_user table tablesample then time timestamp timezone_hour timezone_minute to|0 " \
	"trailing translation trigger true truncate uescape union unique unknown user using " \
	"value values varbinary varchar varying versioning when whenever where window with " \
	"within without year add asc collation desc final first last view"

#define SQL_LITERALS \
	"true false unknown"

#define SQL_TYPES \
	"bigint binary blob boolean char character clob date dec decfloat decimal float int " \
	"integer interval nchar nclob national numeric real row smallint time timestamp varchar " \
	"varying varbinary"

#define SQL_POSSIBLE_WITHOUT_PARENS \
	"current_catalog current_date current_default_transform_group current_path current_role " \
	"current_schema current_transform_group_for_type current_user session_user system_time " \
	"system_user current_time localtime current_timestamp localtimestamp"

#define SQL_FUNCTIONS \
	"abs acos array_agg asin atan avg cast ceil ceiling coalesce corr cos cosh count " \
	"covar_pop covar_samp cume_dist dense_rank deref element exp extract first_value floor " \
	"json_array json_arrayagg json_exists json_object json_objectagg json_query json_table " \
	"json_table_primitive json_value lag last_value lead listagg ln log log10 lower max min " \
	"mod nth_value ntile nullif percent_rank percentile_cont percentile_disc position " \
	"position_regex power rank regr_avgx regr_avgy regr_count regr_intercept regr_r2 " \
	"regr_slope regr_sxx regr_sxy regr_syy row_number sin sinh sqrt stddev_pop stddev_samp " \
	"substring substring_regex sum tan tanh translate translate_regex treat trim trim_array " \
	"unnest upper value_of var_pop var_samp width_bucket"

static struct hl_keywords sql_keywords = {
	.pattern = "\\b[\\w\\.]+",
	.g = {
		{ "keyword", SQL_KEYWORDS },
		{ "literal", SQL_LITERALS },
		{ "type", SQL_TYPES },
		{ "built_in", SQL_POSSIBLE_WITHOUT_PARENS },
	},
};
static struct hl_keywords sql_combo_keywords = {
	/* the same lists, where only the relevance of short words differs */
	.pattern = "[\\w\\.]+",
	.g = {
		{ "keyword", SQL_KEYWORDS },
		{ "literal", SQL_LITERALS },
		{ "type", SQL_TYPES },
	},
};
static struct hl_keywords sql_function_kw = { .g = { { "built_in", SQL_FUNCTIONS } } };
static struct hl_mode sql_combo = {
	.begin = "(create table|insert into|primary key|foreign key|not null|alter table|"
		 "add constraint|grouping sets|on overflow|character set|respect nulls|"
		 "ignore nulls|nulls first|nulls last|depth first|breadth first)",
	.kw = &sql_combo_keywords,
};
static struct hl_mode sql_multiword_type = {
	.cls = "type", .begin = "(double precision|large object|with timezone|without timezone)",
};
static struct hl_mode sql_function_call = {
	.begin = "\\b(%s)\\s*\\(", .words = SQL_FUNCTIONS, .kw = &sql_function_kw,
};
static struct hl_mode sql_variable = { .cls = "variable", .begin = "@[a-z0-9]+" };
static struct hl_mode sql_quote_escape = { .begin = "''" };
static struct hl_mode sql_string = {
	.cls = "string", .begin = "'", .end = "'", .contains = CONTAINS(&sql_quote_escape),
};
static struct hl_mode sql_ident_escape = { .begin = "\"\"" };
static struct hl_mode sql_quoted_ident = {
	.begin = "\"", .end = "\"", .contains = CONTAINS(&sql_ident_escape),
};
static struct hl_mode sql_comment = {
	.cls = "comment", .begin = "--", .end = "$", .contains = COMMENT_CONTAINS,
};
static struct hl_mode sql_operator = {
	.cls = "operator", .begin = "[-+*/=%^~]|&&?|\\|\\|?|!=?|<(?:=>?|<|>)?|>[>=]?", .rel = R0,
};
static struct hl_mode sql_root = {
	.kw = &sql_keywords, .illegal = "[{}]|<\\/",
	.contains = CONTAINS(&sql_combo, &sql_multiword_type, &sql_function_call, &sql_variable,
			     &sql_string, &sql_quoted_ident, &c_number_mode, &c_block_comment,
			     &sql_comment, &sql_operator),
};
static const struct hl_language lang_sql = {
	.name = "sql", .aliases = "",
	.ci = true, .root = &sql_root,
};

/* ---- markdown (markdown.js) ------------------------------------------- */

/* (`{3,})[^`](.|\n)*?\1`*[ ]* (and the same with ~): a fence run, at least
 * one other character, then the first run at least as long as the opening
 * one (the backreference \1). A backtracking engine that finds no closing
 * run for an opening run of r retries one character later with r - 1, and
 * so on down to 3; all these tries look for their closing run from the
 * same place, so one scan finds the longest k that has one: the longest
 * run there, capped at r. (.|\n) does not match \r: no match crosses one. */
static bool md_fence_search(struct hl_ctx *x, size_t hi, size_t from, char ch,
			    size_t *cap)
{
	const char *s = x->s;
	for (size_t p = from; p < hi; p++) {
		if (s[p] != ch)
			continue;
		size_t r = 0;
		while (p + r < hi && s[p + r] == ch)
			r++;
		size_t q0 = p + r + 1;  /* past the one [^`] character */
		if (r < 3 || p + r >= hi || s[p + r] == '\r') {
			p += r - 1;
			continue;
		}
		size_t best = 0, run = 0, q;
		for (q = q0; q < hi && s[q] != '\r' && best < r; q++) {
			run = s[q] == ch ? run + 1 : 0;
			if (run > best)
				best = run;
		}
		x->steps += (q - p) / 4 + 1;
		if (best < 3) {
			p += r - 1;
			continue;
		}
		size_t k = best < r ? best : r, e;
		/* the first run of at least k after q0 */
		for (q = q0, run = 0; run < k; q++)
			run = s[q] == ch ? run + 1 : 0;
		for (e = q; e < hi && s[e] == ch;)
			e++;
		while (e < hi && s[e] == ' ')
			e++;
		cap[0] = p + (r - k);
		cap[1] = e;
		cap[2] = cap[0];
		cap[3] = cap[0] + k;
		return true;
	}
	return false;
}

static bool md_backtick_hook(struct hl_ctx *x, const struct re_prog *p, size_t lo,
			     size_t hi, size_t from, size_t *cap)
{
	(void)p;
	(void)lo;
	return md_fence_search(x, hi, from, '`', cap);
}

static bool md_tilde_hook(struct hl_ctx *x, const struct re_prog *p, size_t lo,
			  size_t hi, size_t from, size_t *cap)
{
	(void)p;
	(void)lo;
	return md_fence_search(x, hi, from, '~', cap);
}

static struct hl_mode md_inline_html = {
	.begin = "<\\/?[A-Za-z_]", .end = ">", .sublang = "xml", .rel = R0,
};
static struct hl_mode md_link_text = {
	.cls = "string", .begin = "\\[", .end = "\\]", .rel = R0,
	.flags = HL_EXCLUDE_BEGIN | HL_RETURN_END,
};
static struct hl_mode md_link_url = {
	.cls = "link", .begin = "\\]\\(", .end = "\\)", .rel = R0,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END,
};
static struct hl_mode md_link_ref = {
	.cls = "symbol", .begin = "\\]\\[", .end = "\\]", .rel = R0,
	.flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END,
};
#define MD_LINK_PARTS CONTAINS(&md_link_text, &md_link_url, &md_link_ref)
static struct hl_mode md_link1 = {
	.begin = "\\[.+?\\]\\[.*?\\]", .rel = R0, .flags = HL_RETURN_BEGIN, .contains = MD_LINK_PARTS,
};
static struct hl_mode md_link2 = {
	.begin = "\\[.+?\\]\\(((data|javascript|mailto):|(?:http|ftp)s?:\\/\\/).*?\\)", .rel = 2,
	.flags = HL_RETURN_BEGIN, .contains = MD_LINK_PARTS,
};
static struct hl_mode md_link3 = {
	.begin = "\\[.+?\\]\\([A-Za-z][A-Za-z0-9+.-]*:\\/\\/.*?\\)", .rel = 2,
	.flags = HL_RETURN_BEGIN, .contains = MD_LINK_PARTS,
};
static struct hl_mode md_link4 = {
	.begin = "\\[.+?\\]\\([./?&#].*?\\)", .rel = 1,
	.flags = HL_RETURN_BEGIN, .contains = MD_LINK_PARTS,
};
static struct hl_mode md_link5 = {
	.begin = "\\[.+?\\]\\(.*?\\)", .rel = R0, .flags = HL_RETURN_BEGIN, .contains = MD_LINK_PARTS,
};
#define MD_LINK &md_link1, &md_link2, &md_link3, &md_link4, &md_link5
static struct hl_mode md_bold1, md_bold2, md_italic1, md_italic2;
#define MD_BOLD &md_bold1, &md_bold2
#define MD_ITALIC &md_italic1, &md_italic2
static struct hl_mode md_bold1 = {
	.cls = "strong", .begin = "_{2}", .end = "_{2}",
	.contains = CONTAINS(MD_ITALIC, &md_inline_html, MD_LINK),
};
static struct hl_mode md_bold2 = {
	.cls = "strong", .begin = "\\*{2}", .end = "\\*{2}",
	.contains = CONTAINS(MD_ITALIC, &md_inline_html, MD_LINK),
};
static struct hl_mode md_italic1 = {
	.cls = "emphasis", .begin = "\\*(?!\\*)", .end = "\\*",
	.contains = CONTAINS(MD_BOLD, &md_inline_html, MD_LINK),
};
static struct hl_mode md_italic2 = {
	.cls = "emphasis", .begin = "_(?!_)", .end = "_", .rel = R0,
	.contains = CONTAINS(MD_BOLD, &md_inline_html, MD_LINK),
};
#define MD_CONTAINABLE &md_inline_html, MD_LINK, MD_BOLD, MD_ITALIC
static struct hl_mode md_header1 = {
	.cls = "section", .begin = "^#{1,6}", .end = "$", .contains = CONTAINS(MD_CONTAINABLE),
};
static struct hl_mode md_setext_underline = { .begin = "^[=-]*$" };
static struct hl_mode md_setext_text = {
	.begin = "^", .end = "\\n", .contains = CONTAINS(MD_CONTAINABLE),
};
static struct hl_mode md_header2 = {
	.cls = "section", .begin = "(?=^.+?\\n[=-]{2,}$)",
	.contains = CONTAINS(&md_setext_underline, &md_setext_text),
};
static struct hl_mode md_bullet = {
	.cls = "bullet", .begin = "^[ \t]*([*+-]|(\\d+\\.))(?=\\s+)", .end = "\\s+",
	.flags = HL_EXCLUDE_END,
};
static struct hl_mode md_quote = {
	.cls = "quote", .begin = "^>\\s+", .end = "$", .contains = CONTAINS(MD_CONTAINABLE),
};
static struct hl_mode md_code1 = { .cls = "code", .begin = "`{3}", .hook = md_backtick_hook };
static struct hl_mode md_code2 = { .cls = "code", .begin = "~{3}", .hook = md_tilde_hook };
static struct hl_mode md_code3 = { .cls = "code", .begin = "```", .end = "```+[ ]*$" };
static struct hl_mode md_code4 = { .cls = "code", .begin = "~~~", .end = "~~~+[ ]*$" };
static struct hl_mode md_code5 = { .cls = "code", .begin = "`.+?`" };
static struct hl_mode md_indented_line = { .begin = "^( {4}|\\t)", .end = "(\\n)$" };
static struct hl_mode md_code6 = {
	.cls = "code", .begin = "(?=^( {4}|\\t))", .rel = R0,
	.contains = CONTAINS(&md_indented_line),
};
static struct hl_mode md_hrule = { .begin = "^[-\\*]{3,}", .end = "$" };
static struct hl_mode md_refdef_label = {
	.cls = "symbol", .begin = "\\[", .end = "\\]", .flags = HL_EXCLUDE_BEGIN | HL_EXCLUDE_END,
};
static struct hl_mode md_refdef_url = {
	.cls = "link", .begin = ":\\s*", .end = "$", .flags = HL_EXCLUDE_BEGIN,
};
static struct hl_mode md_refdef = {
	.begin = "^\\[[^\\n]+\\]:", .flags = HL_RETURN_BEGIN,
	.contains = CONTAINS(&md_refdef_label, &md_refdef_url),
};
static struct hl_mode md_root = {
	.contains = CONTAINS(&md_header1, &md_header2, &md_inline_html, &md_bullet, MD_BOLD,
			     MD_ITALIC, &md_quote, &md_code1, &md_code2, &md_code3, &md_code4,
			     &md_code5, &md_code6, &md_hrule, MD_LINK, &md_refdef),
};
static const struct hl_language lang_markdown = {
	.name = "markdown", .aliases = "md mkdown mkd",
	.root = &md_root,
};

/* ---- plaintext (plaintext.js) ----------------------------------------- */

static struct hl_mode plaintext_root = { 0 };
static const struct hl_language lang_plaintext = {
	.name = "plaintext", .aliases = "text txt",
	.no_auto = true, .root = &plaintext_root,
};

/* ======================================================================
 * 4. Languages and the public functions
 * ====================================================================== */

static const struct hl_language *const languages[] = {
	&lang_bash,
	&lang_c,
	&lang_cpp,
	&lang_css,
	&lang_diff,
	&lang_dockerfile,
	&lang_go,
	&lang_ini,
	&lang_javascript,
	&lang_json,
	&lang_markdown,
	&lang_plaintext,
	&lang_python,
	&lang_shell,
	&lang_sql,
	&lang_typescript,
	&lang_xml,
	&lang_yaml,
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_all(void)
{
	empty_re = re_compile("\\B|\\b", false);
	word_re = re_compile("\\w+", false);
	for (size_t i = 0; i < ARRAY_LEN(languages); i++) {
		mode_compile(languages[i]->root, languages[i]->ci, true);
		if (languages[i]->kw_to)
			kw_compile(languages[i]->kw_to, languages[i]->ci);
	}
}

static bool name_eq(const char *a, size_t n, const char *b, size_t bn)
{
	return n == bn && !strncasecmp(a, b, n);
}

static const struct hl_language *lang_by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(languages); i++)
		if (name_eq(name, len, languages[i]->name, strlen(languages[i]->name)))
			return languages[i];
	for (size_t i = 0; i < ARRAY_LEN(languages); i++)
		for (const char *p = languages[i]->aliases; *p;) {
			size_t n = strcspn(p, " ");
			if (name_eq(name, len, p, n))
				return languages[i];
			p += n + (p[n] == ' ');
		}
	return NULL;
}

/* exported function documented in highlight.h */
const struct hl_language *hl_language_find(const char *name, size_t len)
{
	return lang_by_name(name, len);
}

/* exported function documented in highlight.h */
bool hl_language_is_registered(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(languages); i++)
		if (strlen(languages[i]->name) == len && !memcmp(languages[i]->name, name, len))
			return true;
	return false;
}

/* exported function documented in highlight.h */
const char *hl_language_name(const struct hl_language *lang)
{
	return lang->name;
}

/* exported function documented in highlight.h */
const struct hl_language *hl_language_at(size_t i)
{
	return i < ARRAY_LEN(languages) ? languages[i] : NULL;
}

/* exported function documented in highlight.h */
enum hl_status hl_highlight(const struct hl_language *lang, const char *code,
			    size_t len, struct hl_spans *out)
{
	pthread_once(&init_once, init_all);
	if (!lang)
		return HL_OK;   /* no language: plain text */
	struct hl_ctx x = { .s = code };
	x.max_steps = MAX_HL_STEPS_BASE + len * (size_t)MAX_HL_STEPS_PER_BYTE;
	x.vm = vm_new();
	struct run r;
	int st = run_lang(&x, lang, 0, len, false, NULL, &r);
	if (x.over)
		st = HL_LIMIT;
	if (st == HL_OK)
		for (size_t i = 0; i < r.out.len; i++)
			spans_push(out, r.out.v[i]);
	run_free(&r);
	for (size_t i = 0; i < ARRAY_LEN(x.cache); i++)
		free(x.cache[i]);
	vm_free(x.vm);
	return (enum hl_status)st;
}

static void put_escaped(struct strbuf *sb, const char *s, size_t n)
{
	size_t a = 0;
	for (size_t i = 0; i < n; i++) {
		const char *e;
		switch (s[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#x27;"; break;
		default: continue;
		}
		strbuf_append(sb, s + a, i - a);
		strbuf_puts(sb, e);
		a = i + 1;
	}
	strbuf_append(sb, s + a, n - a);
}

/* exported function documented in highlight.h */
void hl_render_html(struct strbuf *sb, const char *code, size_t len,
		    const struct hl_span *spans, size_t n)
{
	size_t *stack = xmalloc((n + 1) * sizeof *stack), depth = 0, at = 0;
	for (size_t i = 0; i <= n; i++) {
		size_t start = i < n ? spans[i].start : len;
		/* close the open spans that are not this one's ancestors (by
		 * depth: an empty span can sit at its parent's very end) */
		while (depth && (i == n || spans[stack[depth - 1]].depth >= spans[i].depth)) {
			size_t end = spans[stack[--depth]].end;
			put_escaped(sb, code + at, end - at);
			at = end;
			strbuf_puts(sb, "</span>");
		}
		if (i == n)
			break;
		put_escaped(sb, code + at, start - at);
		at = start;
		strbuf_printf(sb, "<span class=\"%s%s\">", spans[i].sublang ? "" : "hljs-",
			      spans[i].cls);
		stack[depth++] = i;
	}
	put_escaped(sb, code + at, len - at);
	free(stack);
}
