/*
 * emphasis.c — markdown-it's emphasis pairing over cmark's leftovers (see
 * emphasis.h).
 *
 * cmark's pairs are markdown-it's as long as its narrower search found an
 * opener: the two differ only where a closer found none in cmark. Those
 * closers and the openers they missed are the runs cmark left as text;
 * when they are siblings (nothing cmark paired crosses them), the
 * delimiter algorithm is run again over the leftover runs of each parent
 * with CommonMark 0.30's bounds (markdown-it 13's balance_pairs.js), each
 * run with its whole length and flanking as scanDelims found them.
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/emphasis.h"
#include "markdown/typographer.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <glib.h>
#include <string.h>

struct run {
	cmark_node *text;          /* after splitting: a text node of just the run */
	size_t at, count;          /* where in the original text node; how many left */
	size_t orig;               /* the run's whole length in the source */
	char ch;
	bool open, close;
};

/* markdown-it's isWhiteSpace */
static bool md_space(gunichar c)
{
	return c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x202f || c == 0x205f || c == 0x3000;
}

static bool md_punct(gunichar c)
{
	return c < 128 ? g_ascii_ispunct((int)c) : md_unicode_punct(c);
}

/* The character before md[at] on its line, as the inline parser saw it:
 * a line's start (after its block quote markers and indentation) is a
 * space. */
static gunichar char_before(const char *md, size_t at)
{
	size_t ls = at;
	while (ls > 0 && md[ls - 1] != '\n')
		ls--;
	bool prefix = true;
	for (size_t k = ls; k < at && prefix; k++)
		prefix = md[k] == ' ' || md[k] == '\t' || md[k] == '>';
	if (prefix)
		return ' ';
	const char *p = g_utf8_find_prev_char(md, md + at);
	gunichar c = p ? g_utf8_get_char_validated(p, (gssize)(md + at - p)) : ' ';
	return c == (gunichar)-1 || c == (gunichar)-2 ? 'a' : c;
}

static gunichar char_after(const char *md, size_t len, size_t at)
{
	if (at >= len || md[at] == '\n' || md[at] == '\r')
		return ' ';
	gunichar c = g_utf8_get_char_validated(md + at, (gssize)(len - at));
	return c == (gunichar)-1 || c == (gunichar)-2 ? 'a' : c;
}

/* Is md[at] escaped (after an odd number of backslashes)? */
static bool escaped(const char *md, size_t at)
{
	size_t b = 0;
	while (at > b && md[at - b - 1] == '\\')
		b++;
	return b % 2;
}

/* The run of ch starting at source offset s0 (count of its characters
 * left in the text): its whole length and flanking, as markdown-it's
 * scanDelims has them. */
static void scan_run(const struct md_source *m, size_t s0, struct run *r)
{
	const char *md = m->md;
	size_t a = s0, e = s0;
	while (a > 0 && md[a - 1] == r->ch && !escaped(md, a - 1))
		a--;
	while (e < m->len && md[e] == r->ch)
		e++;
	r->orig = e - a;
	gunichar last = char_before(md, a), next = char_after(md, m->len, e);
	bool last_p = md_punct(last), next_p = md_punct(next);
	bool last_ws = md_space(last), next_ws = md_space(next);
	bool left = !next_ws && (!next_p || last_ws || last_p);
	bool right = !last_ws && (!last_p || next_ws || next_p);
	if (r->ch == '*') {
		r->open = left;
		r->close = right;
	} else {
		r->open = left && (!right || last_p);
		r->close = right && (!left || next_p);
	}
}

/* The leftover runs among parent's text children (escaped and entity
 * characters are text), in order. */
static void collect(const struct md_source *m, cmark_node *parent, GArray *runs)
{
	size_t at = (size_t)-1;
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) != CMARK_NODE_TEXT) {
			at = (size_t)-1;
			continue;
		}
		if (md_source_offset(m, c) != (size_t)-1)
			at = md_source_offset(m, c);
		const char *lit = cmark_node_get_literal(c);
		size_t n = lit ? strlen(lit) : 0;
		if (at == (size_t)-1 || !n)
			continue;
		unsigned char *mask = g_malloc0(n + 1);
		size_t j = 0;
		while (j < n) {
			size_t k = j;
			while (k < n && lit[k] != '*' && lit[k] != '_')
				k++;
			/* read up to the marker, then the marker alone (an
			 * escape or an entity is one read) */
			if (!md_source_map(m, &at, lit + j, k - j, mask + j)) {
				at = (size_t)-1;
				break;
			}
			if (k == n)
				break;
			size_t s0 = at;
			if (!md_source_map(m, &at, lit + k, 1, mask + k)) {
				at = (size_t)-1;
				break;
			}
			j = k + 1;
			if (mask[k])
				continue;
			struct run r = { c, k, 1, 0, lit[k], false, false };
			bool lost = false;
			while (j < n && lit[j] == r.ch) {
				size_t keep = at;
				if (!md_source_map(m, &at, lit + j, 1, mask + j)) {
					lost = true;
					break;
				}
				if (mask[j]) {
					at = keep;   /* an escaped one: read again */
					break;
				}
				r.count++;
				j++;
			}
			if (lost) {
				at = (size_t)-1;
				break;
			}
			scan_run(m, s0, &r);
			g_array_append_val(runs, r);
		}
		g_free(mask);
	}
}

/* Each run in its own text node (the original keeps the first piece and
 * its source position). */
static void split_runs(GArray *runs)
{
	for (guint k = runs->len; k-- > 0;) {
		struct run *r = &g_array_index(runs, struct run, k);
		const char *lit = cmark_node_get_literal(r->text);
		size_t n = strlen(lit), end = r->at + r->count;
		if (end < n) {
			cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
			cmark_node_set_literal(t, lit + end);
			cmark_node_insert_after(r->text, t);
		}
		if (r->at > 0) {
			char *head = g_strndup(lit, r->at);
			cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
			char *mid = g_strndup(lit + r->at, r->count);
			cmark_node_set_literal(t, mid);
			cmark_node_set_literal(r->text, head);
			cmark_node_insert_after(r->text, t);
			g_free(head);
			g_free(mid);
			r->text = t;
		} else if (end < n) {
			char *mid = g_strndup(lit, r->count);
			cmark_node_set_literal(r->text, mid);
			g_free(mid);
		}
		/* runs earlier in the same node still point at its start */
	}
}

static void set_run(struct run *r)
{
	char buf[64];
	size_t n = MIN(r->count, sizeof buf - 1);
	memset(buf, r->ch, n);
	buf[n] = '\0';
	cmark_node_set_literal(r->text, buf);
}

/* markdown-it 13's balance_pairs with emphasis's pairing: closers in
 * order, each taking the nearest opener of its marker above the bound for
 * (marker, closer can open, closer length mod 3), CommonMark's rule of 3
 * on whole run lengths; a pair of two on each side is <strong>. */
static bool balance(GArray *runs)
{
	long n = (long)runs->len;
	long bottom[2][2][3];
	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 2; b++)
			for (int c = 0; c < 3; c++)
				bottom[a][b][c] = -1;
	bool changed = false;
	for (long ci = 0; ci < n; ci++) {
		struct run *c = &g_array_index(runs, struct run, ci);
		while (c->close && c->count) {
			long *low = &bottom[c->ch == '_'][c->open][c->orig % 3];
			long oi = ci - 1;
			for (; oi > *low; oi--) {
				struct run *o = &g_array_index(runs, struct run, oi);
				if (!o->count || !o->open || o->ch != c->ch)
					continue;
				if ((o->close || c->open) && (o->orig + c->orig) % 3 == 0 &&
				    (o->orig % 3 || c->orig % 3))
					continue;
				break;
			}
			if (oi <= *low) {
				*low = ci - 1;
				if (!c->open)
					c->close = false;
				break;
			}
			struct run *o = &g_array_index(runs, struct run, oi);
			size_t use = o->count >= 2 && c->count >= 2 ? 2 : 1;
			cmark_node *e = cmark_node_new(use == 2 ? CMARK_NODE_STRONG : CMARK_NODE_EMPH);
			cmark_node_insert_after(o->text, e);
			while (cmark_node_next(e) != c->text)
				cmark_node_append_child(e, cmark_node_next(e));
			for (long k = oi + 1; k < ci; k++)
				g_array_index(runs, struct run, k).count = 0;
			o->count -= use;
			c->count -= use;
			set_run(o);
			set_run(c);
			changed = true;
		}
	}
	return changed;
}

static void fix_parent(const struct md_source *m, cmark_node *parent)
{
	GArray *runs = g_array_new(FALSE, FALSE, sizeof(struct run));
	collect(m, parent, runs);
	/* only an opener before a closer of its marker can pair */
	bool open[2] = { false, false }, pair = false;
	for (guint k = 0; k < runs->len && !pair; k++) {
		const struct run *r = &g_array_index(runs, struct run, k);
		pair = r->close && open[r->ch == '_'];
		open[r->ch == '_'] |= r->open;
	}
	if (pair && runs->len <= MAX_EMPHASIS_RUNS) {
		split_runs(runs);
		if (balance(runs)) {
			for (guint k = 0; k < runs->len; k++) {
				struct run *r = &g_array_index(runs, struct run, k);
				if (!*cmark_node_get_literal(r->text))
					cmark_node_free(r->text);
			}
		}
		cmark_consolidate_text_nodes(parent);
	}
	g_array_free(runs, TRUE);
}

/* Does markdown-it pair emphasis among n's children: a block's inlines,
 * emphasis, a link's text (not an autolink's), a table cell? */
static bool pairs_inside(const struct md_source *m, cmark_node *n)
{
	if (!cmark_node_first_child(n))
		return false;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH: case CMARK_NODE_HEADING:
	case CMARK_NODE_EMPH: case CMARK_NODE_STRONG:
		return true;
	case CMARK_NODE_LINK: {
		size_t at = md_source_offset(m, n);
		return at < m->len && m->md[at] == '[';
	}
	default:
		return !strcmp(cmark_node_get_type_string(n), "table_cell");
	}
}

void md_emphasis_fix(cmark_node *root, const char *md, size_t len)
{
	if ((!memchr(md, '*', len) && !memchr(md, '_', len)))
		return;
	struct md_source m;
	md_source_init(&m, md, len);
	/* parents after their children (pairing wraps siblings only; the
	 * iterator has stepped past a node when it leaves it), not inside
	 * images: markdown-it-imsize pairs nothing in a description */
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int in_image = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
			in_image += ev == CMARK_EVENT_ENTER ? 1 : -1;
		if (ev == CMARK_EVENT_EXIT && !in_image && pairs_inside(&m, n))
			fix_parent(&m, n);
	}
	cmark_iter_free(it);
	md_source_free(&m);
}
