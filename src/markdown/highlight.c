/*
 * highlight.c — fenced-code highlighting that matches highlight.js 10.7.3,
 * the version HedgeDoc 1.9/1.10 runs in finishView (HEDGEDOC.md §3).
 *
 * highlight.js describes a language as a tree of *modes*: a mode starts
 * where its `begin` pattern matches, holds keywords and child modes, and
 * stops where its `end` pattern matches; its className becomes a <span>.
 * The HTML it writes depends on its exact matching rules (the earliest
 * match wins, ties go to the first rule; begin before end before illegal;
 * excludeBegin, returnEnd, endsWithParent, ...), so the highlighter follows them
 * rather than lexing each language by hand:
 *
 *   1. a regular-expression engine for the JavaScript syntax the grammars
 *      use (a Pike VM: no backtracking, so a search is linear in the
 *      text): highlight_regex.c;
 *   2. the mode engine, a transcription of the semantics of _highlight()
 *      in highlight.js's core.js (read, not copied): this file;
 *   3. the grammars, as static tables: patterns and keyword lists are
 *      facts read from highlight.js's lib/languages/<name>.js, cited per
 *      language: highlight_grammars.c;
 *   4. language lookup and the public functions: this file.
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
#include "markdown/highlight_internal.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * Modes: highlight.js's _highlight() (core.js, 10.7.3)
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

/* What a search found: valid for queries from `from` up to `start`
 * (a leftmost match found from `from` is the leftmost from any later
 * point up to its start), or for any query after `from` if !found. */
struct search_memo {
	size_t lo, hi, from, start;
	bool found, valid;
};

struct hl_mode hl_self;

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
		x->cache[x->depth] = xcalloc((size_t)re_prog_count, sizeof **x->cache);
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
 * Languages and the public functions
 * ====================================================================== */

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_all(void)
{
	empty_re = re_compile("\\B|\\b", false);
	word_re = re_compile("\\w+", false);
	for (size_t i = 0; i < hl_n_languages; i++) {
		mode_compile(hl_languages[i]->root, hl_languages[i]->ci, true);
		if (hl_languages[i]->kw_to)
			kw_compile(hl_languages[i]->kw_to, hl_languages[i]->ci);
	}
}

static bool name_eq(const char *a, size_t n, const char *b, size_t bn)
{
	return n == bn && !strncasecmp(a, b, n);
}

static const struct hl_language *lang_by_name(const char *name, size_t len)
{
	for (size_t i = 0; i < hl_n_languages; i++)
		if (name_eq(name, len, hl_languages[i]->name, strlen(hl_languages[i]->name)))
			return hl_languages[i];
	for (size_t i = 0; i < hl_n_languages; i++)
		for (const char *p = hl_languages[i]->aliases; *p;) {
			size_t n = strcspn(p, " ");
			if (name_eq(name, len, p, n))
				return hl_languages[i];
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
	for (size_t i = 0; i < hl_n_languages; i++)
		if (strlen(hl_languages[i]->name) == len && !memcmp(hl_languages[i]->name, name, len))
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
	return i < hl_n_languages ? hl_languages[i] : NULL;
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
	x.vm = re_vm_new();
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
	re_vm_free(x.vm);
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
