/*
 * typographer.c — markdown-it 13's replacements and smartquotes on a
 * cmark-gfm tree (see typographer.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/typographer.h"
#include "base/util.h"

#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---- which characters came from escapes and entities ------------------- */

/* exported functions documented in typographer.h */
void md_source_init(struct md_source *m, const char *md, size_t len)
{
	m->md = md;
	m->len = len;
	m->n_lines = 1;
	for (size_t i = 0; i < len; i++)
		m->n_lines += md[i] == '\n';
	m->lines = xmalloc(m->n_lines * sizeof *m->lines);
	m->lines[0] = 0;
	for (size_t i = 0, l = 1; i < len; i++)
		if (md[i] == '\n')
			m->lines[l++] = i + 1;
}

void md_source_free(struct md_source *m)
{
	free(m->lines);
	m->lines = NULL;
}

size_t md_source_offset(const struct md_source *m, cmark_node *n)
{
	int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	if (line < 1 || col < 1 || (size_t)line > m->n_lines)
		return (size_t)-1;
	size_t at = m->lines[line - 1] + (size_t)col - 1;
	return at <= m->len ? at : (size_t)-1;
}

#define WORD_JOINER "\xe2\x81\xa0"

/* exported function documented in typographer.h */
bool md_source_map(const struct md_source *m, size_t *at, const char *lit, size_t n,
			unsigned char *mask)
{
	const char *md = m->md;
	size_t i = *at, j = 0;
	while (j < n) {
		if (n - j >= 3 && !memcmp(lit + j, WORD_JOINER, 3)) {
			mask[j] = mask[j + 1] = mask[j + 2] = 0;
			j += 3;
			continue;
		}
		if (i >= m->len)
			return false;
		if (md[i] == '\\' && i + 1 < m->len && g_ascii_ispunct(md[i + 1]) &&
		    md[i + 1] == lit[j]) {
			mask[j++] = 1;
			i += 2;
			continue;
		}
		if (md[i] == '&') {
			size_t e = i + 1;
			while (e < m->len && e - i < 33 && (g_ascii_isalnum(md[e]) || md[e] == '#'))
				e++;
			if (e < m->len && md[e] == ';' && e > i + 1 &&
			    (n - j < e + 1 - i || memcmp(lit + j, md + i, e + 1 - i))) {
				/* one decoded character */
				mask[j++] = 1;
				while (j < n && ((unsigned char)lit[j] & 0xC0) == 0x80)
					mask[j++] = 1;
				i = e + 1;
				continue;
			}
		}
		if (md[i] != lit[j])
			return false;
		mask[j++] = 0;
		i++;
	}
	*at = i;
	return true;
}

static bool is_autolink_node(const struct md_source *m, cmark_node *n)
{
	size_t at = md_source_offset(m, n);
	return at >= m->len || m->md[at] != '[';
}

/* exported function documented in typographer.h */
void md_source_masks(const struct md_source *m, cmark_node *parent, void *masks)
{
	size_t at = (size_t)-1;
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		cmark_node *lit_node = c;
		if (t == CMARK_NODE_LINK) {
			cmark_node *k = cmark_node_first_child(c);
			if (!k || cmark_node_next(k) || cmark_node_get_type(k) != CMARK_NODE_TEXT) {
				at = (size_t)-1;
				continue;
			}
			lit_node = k;
		} else if (t != CMARK_NODE_TEXT) {
			at = (size_t)-1;
			continue;
		}
		if (md_source_offset(m, c) != (size_t)-1)
			at = md_source_offset(m, c);
		const char *lit = cmark_node_get_literal(lit_node);
		size_t n = lit ? strlen(lit) : 0;
		unsigned char *mask = g_malloc0(n + 1);
		if (at == (size_t)-1 || !md_source_map(m, &at, lit, n, mask)) {
			memset(mask, 0, n + 1);
			at = (size_t)-1;
		}
		if (t == CMARK_NODE_TEXT)
			g_hash_table_insert(masks, c, mask);
		else
			g_free(mask);
	}
}

/* ---- the token list of one inline block -------------------------------- */

enum tk { TK_TEXT, TK_SPECIAL, TK_CONTENT, TK_BREAK, TK_OTHER };

struct tok {
	enum tk kind;
	int level;
	bool skip;                 /* replacements: inside an autolink or a
	                              fuzzy link */
	cmark_node *node;          /* TEXT/SPECIAL: the text node it is part of */
	struct strbuf s;           /* content */
};

struct toks {
	struct tok *v;
	size_t n, cap;
};

static struct tok *push(struct toks *t, enum tk kind, int level)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 32;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	struct tok *k = &t->v[t->n++];
	memset(k, 0, sizeof *k);
	k->kind = kind;
	k->level = level;
	strbuf_init(&k->s, 0);
	return k;
}

/* A text node as text and text_special tokens, fuzzy links split off. */
static void push_text(struct toks *t, cmark_node *n, int level, bool in_link, bool in_auto,
		      const unsigned char *mask, md_fuzzy_link_fn fuzzy)
{
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	unsigned char *prot = g_malloc0(len + 1);
	if (!in_link && fuzzy && memchr(lit, '.', len)) {
		for (size_t i = 0; i < len; i++) {
			size_t l = fuzzy(lit, len, i);
			if (l) {
				memset(prot + i, 1, l);
				i += l - 1;
			}
		}
	}
	for (size_t i = 0; i < len;) {
		bool sp = mask && mask[i];
		size_t e = i + 1;
		while (e < len && (mask && mask[e]) == sp && prot[e] == prot[i] &&
		       !(sp && ((unsigned char)lit[e] & 0xC0) != 0x80))
			e++;
		struct tok *k = push(t, sp ? TK_SPECIAL : TK_TEXT, level);
		k->node = n;
		k->skip = in_auto || prot[i];
		strbuf_append(&k->s, lit + i, e - i);
		i = e;
	}
	g_free(prot);
}

/* The text of an image's description (markdown-it's image token content). */
static void image_text(cmark_node *img, struct strbuf *b)
{
	cmark_iter *it = cmark_iter_new(img);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && (cmark_node_get_type(n) == CMARK_NODE_TEXT ||
						cmark_node_get_type(n) == CMARK_NODE_CODE))
			strbuf_puts(b, cmark_node_get_literal(n));
	}
	cmark_iter_free(it);
}

static void build(struct toks *t, cmark_node *block, const struct md_source *m,
		  GHashTable *masks, md_fuzzy_link_fn fuzzy)
{
	int level = 0, links = 0, autos = 0;
	cmark_iter *it = cmark_iter_new(block);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (n == block)
			continue;
		cmark_node_type type = cmark_node_get_type(n);
		switch (type) {
		case CMARK_NODE_TEXT:
			push_text(t, n, level, links > 0, autos > 0, g_hash_table_lookup(masks, n),
				  fuzzy);
			continue;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			push(t, TK_BREAK, level);
			continue;
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			strbuf_puts(&push(t, TK_CONTENT, level)->s, cmark_node_get_literal(n));
			continue;
		case CMARK_NODE_IMAGE:
			if (ev == CMARK_EVENT_ENTER) {
				image_text(n, &push(t, TK_CONTENT, level)->s);
				cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			}
			continue;
		default:
			break;
		}
		bool link = type == CMARK_NODE_LINK, au = link && is_autolink_node(m, n);
		if (ev == CMARK_EVENT_ENTER) {
			push(t, TK_OTHER, level);
			level++;
			links += link;
			autos += au;
		} else {
			level--;
			links -= link;
			autos -= au;
			push(t, TK_OTHER, level);
		}
	}
	cmark_iter_free(it);
}

/* ---- replacements ------------------------------------------------------ */

/* The code point at s[i] (of s[0..n)) and its length. */
static gunichar char_at(const char *s, size_t n, size_t i, size_t *cl)
{
	gunichar c = g_utf8_get_char_validated(s + i, (gssize)(n - i));
	if (c == (gunichar)-1 || c == (gunichar)-2) {
		*cl = 1;
		return (unsigned char)s[i];
	}
	*cl = (size_t)(g_utf8_next_char(s + i) - (s + i));
	return c;
}

/* JavaScript's \s */
static bool js_space(gunichar c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

enum dash_rule { EM_DASH, EN_DASH_SPACED, EN_DASH };

/* May the character c come before (or after) the dashes of rule r? */
static bool dash_ctx(enum dash_rule r, gunichar c)
{
	switch (r) {
	case EM_DASH: return c != '-';
	case EN_DASH_SPACED: return js_space(c);
	default: return c != '-' && !js_space(c);
	}
}

/* The dashes of rule r at s[q] with the look-ahead after them. */
static size_t dash_core(enum dash_rule r, const char *s, size_t n, size_t q)
{
	size_t k = r == EM_DASH ? 3 : 2, cl;
	if (q + k > n || strncmp(s + q, "---", k))
		return 0;
	return q + k == n || dash_ctx(r, char_at(s, n, q + k, &cl)) ? k : 0;
}

/* One of markdown-it's dash rules as a global replace of
 * /(^|PRE)DASHES(?=POST|$)/ over b. */
static void dash_replace(struct strbuf *b, enum dash_rule r)
{
	const char *s = b->s;
	size_t n = b->len, last = 0;
	struct strbuf out;
	strbuf_init(&out, 0);
	for (size_t p = 0; p < n;) {
		size_t cl = 1, k = 0, pre = 0;
		gunichar c = char_at(s, n, p, &cl);
		if (p == 0 && (k = dash_core(r, s, n, 0)))
			pre = 0;
		else if (dash_ctx(r, c) && (k = dash_core(r, s, n, p + cl)))
			pre = cl;
		if (!k) {
			p += cl;
			continue;
		}
		strbuf_append(&out, s + last, p + pre - last);
		strbuf_puts(&out, r == EM_DASH ? "\xe2\x80\x94" : "\xe2\x80\x93");
		p += pre + k;
		last = p;
	}
	strbuf_append(&out, s + last, n - last);
	strbuf_free(b);
	*b = out;
}

#define ELLIPSIS "\xe2\x80\xa6"

/* replace_rare's first five replaces, in order, over b */
static void rare_runs(struct strbuf *b)
{
	for (int pass = 0; pass < 5; pass++) {
		const char *s = b->s;
		size_t n = b->len;
		struct strbuf out;
		strbuf_init(&out, 0);
		for (size_t i = 0; i < n;) {
			size_t j = i;
			if (pass == 0 && s[i] == '+' && i + 1 < n && s[i + 1] == '-') {
				strbuf_puts(&out, "\xc2\xb1");
				i += 2;
			} else if (pass == 1 && s[i] == '.' && i + 1 < n && s[i + 1] == '.') {
				while (j < n && s[j] == '.')
					j++;
				strbuf_puts(&out, ELLIPSIS);
				i = j;
			} else if (pass == 2 && (s[i] == '?' || s[i] == '!') && n - i >= 4 &&
				   !memcmp(s + i + 1, ELLIPSIS, 3)) {
				strbuf_append(&out, s + i, 1);
				strbuf_puts(&out, "..");
				i += 4;
			} else if (pass == 3 && (s[i] == '?' || s[i] == '!')) {
				while (j < n && (s[j] == '?' || s[j] == '!'))
					j++;
				if (j - i >= 4) {
					for (int k = 0; k < 3; k++)
						strbuf_append(&out, s + j - 1, 1);
				} else {
					strbuf_append(&out, s + i, j - i);
				}
				i = j;
			} else if (pass == 4 && s[i] == ',' && i + 1 < n && s[i + 1] == ',') {
				while (j < n && s[j] == ',')
					j++;
				strbuf_puts(&out, ",");
				i = j;
			} else {
				strbuf_append(&out, s + i, 1);
				i++;
			}
		}
		strbuf_free(b);
		strbuf_init(b, 0);
		strbuf_append(b, out.s ? out.s : "", out.len);
		strbuf_free(&out);
	}
}

static bool rare_test(const struct strbuf *b)
{
	const char *s = b->s;
	return s && (strstr(s, "+-") || strstr(s, "..") || strstr(s, "????") ||
		     strstr(s, "!!!!") || strstr(s, ",,") || strstr(s, "--"));
}

/* replace_scoped: (c) (r) (tm), any case */
static void scoped(struct strbuf *b)
{
	if (!b->s || !strchr(b->s, '('))
		return;
	struct strbuf out;
	strbuf_init(&out, 0);
	const char *s = b->s;
	for (size_t i = 0; i < b->len;) {
		const char *rep = NULL;
		size_t l = 0;
		if (s[i] == '(' && i + 2 < b->len) {
			if (g_ascii_tolower(s[i + 1]) == 'c' && s[i + 2] == ')')
				rep = "\xc2\xa9", l = 3;
			else if (g_ascii_tolower(s[i + 1]) == 'r' && s[i + 2] == ')')
				rep = "\xc2\xae", l = 3;
			else if (i + 3 < b->len && g_ascii_tolower(s[i + 1]) == 't' &&
				 g_ascii_tolower(s[i + 2]) == 'm' && s[i + 3] == ')')
				rep = "\xe2\x84\xa2", l = 4;
		}
		if (rep) {
			strbuf_puts(&out, rep);
			i += l;
		} else {
			strbuf_append(&out, s + i, 1);
			i++;
		}
	}
	strbuf_free(b);
	*b = out;
	if (!b->s)
		strbuf_append(b, "", 0);
}

static void replacements(struct toks *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct tok *k = &t->v[i];
		if (k->kind != TK_TEXT || k->skip || !k->s.len)
			continue;
		scoped(&k->s);
		if (!rare_test(&k->s))
			continue;
		rare_runs(&k->s);
		dash_replace(&k->s, EM_DASH);
		dash_replace(&k->s, EN_DASH_SPACED);
		dash_replace(&k->s, EN_DASH);
	}
}

/* ---- smartquotes --------------------------------------------------------- */

/* markdown-it's isPunctChar (Unicode P*) or isMdAsciiPunct */
static bool punct(gunichar c)
{
	return c < 128 ? g_ascii_ispunct((int)c) : md_unicode_punct(c);
}

/* exported function documented in typographer.h */
bool md_unicode_punct(unsigned int c)
{
	switch (g_unichar_type(c)) {
	case G_UNICODE_CONNECT_PUNCTUATION: case G_UNICODE_DASH_PUNCTUATION:
	case G_UNICODE_CLOSE_PUNCTUATION: case G_UNICODE_FINAL_PUNCTUATION:
	case G_UNICODE_INITIAL_PUNCTUATION: case G_UNICODE_OTHER_PUNCTUATION:
	case G_UNICODE_OPEN_PUNCTUATION:
		return true;
	default:
		return false;
	}
}

/* markdown-it's isWhiteSpace */
static bool md_space(gunichar c)
{
	return (c >= 0x2000 && c <= 0x200A) || (c >= 0x09 && c <= 0x0D) || c == 0x20 ||
	       c == 0xA0 || c == 0x1680 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static gunichar last_char(const struct strbuf *b)
{
	const char *p = g_utf8_find_prev_char(b->s, b->s + b->len);
	size_t cl;
	return p ? char_at(b->s, b->len, (size_t)(p - b->s), &cl) : ' ';
}

static void replace_at(struct strbuf *b, size_t at, const char *with)
{
	struct strbuf out;
	strbuf_init(&out, 0);
	strbuf_append(&out, b->s, at);
	strbuf_puts(&out, with);
	strbuf_append(&out, b->s + at + 1, b->len - at - 1);
	strbuf_free(b);
	*b = out;
}

#define APOSTROPHE "\xe2\x80\x99"

struct quote {
	size_t tok, pos;
	bool single;
	int level;
};

static void smartquotes(struct toks *t)
{
	static const char *const quotes[4] = { "\xe2\x80\x9c", "\xe2\x80\x9d",
					      "\xe2\x80\x98", "\xe2\x80\x99" };
	struct quote *stack = NULL;
	size_t depth = 0, cap = 0;
	for (size_t i = 0; i < t->n; i++) {
		struct tok *tok = &t->v[i];
		int lvl = tok->level;
		while (depth && stack[depth - 1].level > lvl)
			depth--;
		if (tok->kind != TK_TEXT)
			continue;
		size_t pos = 0;
		while (pos < tok->s.len) {
			const char *s = tok->s.s;
			size_t max = tok->s.len, q = pos;
			while (q < max && s[q] != '\'' && s[q] != '"')
				q++;
			if (q >= max)
				break;
			bool can_open = true, can_close = true, single = s[q] == '\'';
			pos = q + 1;
			gunichar last = ' ', next = ' ';
			if (q > 0) {
				const char *p = g_utf8_find_prev_char(s, s + q);
				size_t cl;
				last = char_at(s, max, (size_t)(p - s), &cl);
			} else {
				for (size_t j = i; j-- > 0;) {
					if (t->v[j].kind == TK_BREAK)
						break;
					if (!t->v[j].s.len)
						continue;
					last = last_char(&t->v[j].s);
					break;
				}
			}
			if (pos < max) {
				size_t cl;
				next = char_at(s, max, pos, &cl);
			} else {
				for (size_t j = i + 1; j < t->n; j++) {
					if (t->v[j].kind == TK_BREAK)
						break;
					if (!t->v[j].s.len)
						continue;
					size_t cl;
					next = char_at(t->v[j].s.s, t->v[j].s.len, 0, &cl);
					break;
				}
			}
			bool lp = punct(last), np = punct(next), lw = md_space(last), nw = md_space(next);
			if (nw)
				can_open = false;
			else if (np && !(lw || lp))
				can_open = false;
			if (lw)
				can_close = false;
			else if (lp && !(nw || np))
				can_close = false;
			if (next == '"' && s[q] == '"' && last >= '0' && last <= '9')
				can_close = can_open = false;   /* 1"" : inches */
			if (can_open && can_close) {
				can_open = lp;
				can_close = np;
			}
			if (!can_open && !can_close) {
				if (single) {
					replace_at(&tok->s, q, APOSTROPHE);
					pos += 2;
				}
				continue;
			}
			bool matched = false;
			if (can_close) {
				for (size_t j = depth; j-- > 0;) {
					struct quote *it = &stack[j];
					if (it->level < lvl)
						break;
					if (it->single != single || it->level != lvl)
						continue;
					replace_at(&tok->s, q, quotes[single ? 3 : 1]);
					pos += 2;
					replace_at(&t->v[it->tok].s, it->pos, quotes[single ? 2 : 0]);
					if (it->tok == i)
						pos += 2;
					depth = j;
					matched = true;
					break;
				}
			}
			if (matched)
				continue;
			if (can_open) {
				if (depth == cap) {
					cap = cap ? 2 * cap : 16;
					stack = xrealloc(stack, cap * sizeof *stack);
				}
				stack[depth++] = (struct quote){ i, q, single, lvl };
			} else if (can_close && single) {
				replace_at(&tok->s, q, APOSTROPHE);
				pos += 2;
			}
		}
	}
	free(stack);
}

/* ---- driver ---------------------------------------------------------------- */

static bool is_inline(cmark_node *n)
{
	return n && (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE;
}

static void process_block(cmark_node *block, const struct md_source *m, GHashTable *masks,
			  md_fuzzy_link_fn fuzzy)
{
	struct toks t = { 0 };
	build(&t, block, m, masks, fuzzy);
	replacements(&t);
	smartquotes(&t);
	/* text_join: each text node's pieces back together */
	struct strbuf b;
	strbuf_init(&b, 0);
	for (size_t i = 0; i < t.n;) {
		cmark_node *n = t.v[i].node;
		if (!n) {
			strbuf_free(&t.v[i].s);
			i++;
			continue;
		}
		b.len = 0;
		for (; i < t.n && t.v[i].node == n; i++) {
			strbuf_append(&b, t.v[i].s.s ? t.v[i].s.s : "", t.v[i].s.len);
			strbuf_free(&t.v[i].s);
		}
		const char *old = cmark_node_get_literal(n);
		if (b.s && old && strcmp(old, b.s))
			cmark_node_set_literal(n, b.s);
	}
	strbuf_free(&b);
	free(t.v);
}

/* Could the rules change anything in block? (markdown-it tests each
 * inline block's content the same way before running them.) */
static bool wanted(cmark_node *block)
{
	bool hit = false;
	cmark_iter *it = cmark_iter_new(block);
	cmark_event_type ev;
	while (!hit && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		const char *l = cmark_node_get_type(n) == CMARK_NODE_TEXT ? cmark_node_get_literal(n)
									 : NULL;
		hit = l && (strpbrk(l, "'\"(") || strstr(l, "+-") || strstr(l, "..") ||
			    strstr(l, "??") || strstr(l, "!!") || strstr(l, ",,") || strstr(l, "--"));
	}
	cmark_iter_free(it);
	return hit;
}

/* exported function documented in typographer.h */
void md_typographer(cmark_node *root, const char *md, size_t len, md_fuzzy_link_fn fuzzy)
{
	struct md_source m = { 0 };
	GHashTable *masks = NULL;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || is_inline(n) || !is_inline(cmark_node_first_child(n)))
			continue;
		cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		if (!wanted(n))
			continue;
		if (!masks) {
			md_source_init(&m, md, len);
			masks = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
		}
		cmark_iter *sub = cmark_iter_new(n);
		while ((ev = cmark_iter_next(sub)) != CMARK_EVENT_DONE) {
			cmark_node *c = cmark_iter_get_node(sub);
			if (ev == CMARK_EVENT_ENTER && is_inline(cmark_node_first_child(c)))
				md_source_masks(&m, c, masks);
		}
		cmark_iter_free(sub);
		process_block(n, &m, masks, fuzzy);
	}
	cmark_iter_free(it);
	if (masks)
		g_hash_table_destroy(masks);
	md_source_free(&m);
}
