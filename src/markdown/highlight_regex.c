/*
 * highlight_regex.c — the regular-expression engine of the highlighter
 * (highlight_regex.h): a parser for JavaScript regexp syntax, a code
 * generator for a Pike VM and the VM with its fast paths.
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/highlight_regex.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int re_prog_count;

static struct re_prog *prog_finish(struct re_gen *g, const char *src)
{
	struct re_prog *p = xcalloc(1, sizeof *p);
	p->code = g->code;
	p->len = g->len;
	p->looks = g->looks;
	p->nlooks = g->nlooks;
	p->switches = g->switches;
	p->src = src;
	p->id = re_prog_count++;
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

/* exported function documented in highlight_regex.h */
struct re_prog *re_compile(const char *src, bool ci)
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

/* exported function documented in highlight_regex.h */
struct re_vm *re_vm_new(void)
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

/* exported function documented in highlight_regex.h */
void re_vm_free(struct re_vm *v)
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

static bool look_ok(struct hl_ctx *x, struct re_vm *v, const struct re_prog *p,
		    size_t lo, size_t hi, size_t pos)
{
	struct look_memo *m = &x->memo[((uintptr_t)p >> 4) % ARRAY_LEN(x->memo)];
	if (m->p == p && m->pos == pos && m->lo == lo && m->hi == hi)
		return m->ok;
	if (!v->next)
		v->next = re_vm_new();
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

/* exported function documented in highlight_regex.h */
bool re_run(struct hl_ctx *x, struct re_vm *v, const struct re_prog *p,
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
