/*
 * css_select.c — selector matching (Selectors 4) and the rule index.
 *
 * At add time every selector of a rule becomes an entry. Before the first
 * cascade the entries are grouped by the rightmost compound's id, else its
 * first class, else its tag, else a universal list — the rule hash of
 * WebKit and Servo — with the groups hanging off interned atoms, so an
 * element's candidates are found with one lookup per class. Candidates are
 * matched right to left; the descendant and sibling combinators use Servo's
 * "restart" results so a failed match never backtracks exponentially.
 *
 * SPDX-License-Identifier: MIT
 */
#include "css/css_internal.h"
#include "markdown/dom.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

/* ---- atoms ------------------------------------------------------------------ */

/* Tag names, ids and classes are interned once per engine, so matching a
 * type, id or class selector is a pointer compare, and the rule index can
 * hang its buckets off the atom itself. css_atom_find() never adds: a
 * class no selector names has no atom and can match nothing. */

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;           /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

const struct css_atom *css_atom_find(struct css_engine *e, const char *s, size_t n)
{
	if (!e->cap_atoms)
		return NULL;
	uint32_t h = hash_bytes(s, n), mask = e->cap_atoms - 1;
	for (uint32_t i = h & mask;; i = (i + 1) & mask) {
		struct css_atom *a = e->atoms[i];
		if (!a)
			return NULL;
		if (a->hash == h && a->len == n && memcmp(a->s, s, n) == 0)
			return a;
	}
}

static void atoms_grow(struct css_engine *e)
{
	uint32_t cap = e->cap_atoms ? e->cap_atoms * 2 : 256;
	struct css_atom **t = xcalloc(cap, sizeof *t);
	for (uint32_t i = 0; i < e->cap_atoms; i++) {
		struct css_atom *a = e->atoms[i];
		if (!a)
			continue;
		uint32_t j = a->hash & (cap - 1);
		while (t[j])
			j = (j + 1) & (cap - 1);
		t[j] = a;
	}
	free(e->atoms);
	e->atoms = t;
	e->cap_atoms = cap;
}

const struct css_atom *css_atom_intern(struct css_engine *e, const char *s, size_t n)
{
	const struct css_atom *f = css_atom_find(e, s, n);
	if (f)
		return f;
	if ((e->n_atoms + 1) * 2 > e->cap_atoms)
		atoms_grow(e);
	struct css_atom *a = arena_alloc(e->a, sizeof *a);
	a->s = arena_strndup(e->a, s, n);
	a->len = (uint32_t)n;
	a->hash = hash_bytes(s, n);
	uint32_t j = a->hash & (e->cap_atoms - 1);
	while (e->atoms[j])
		j = (j + 1) & (e->cap_atoms - 1);
	e->atoms[j] = a;
	e->n_atoms++;
	return a;
}

struct css_elem *css__elem_of(const struct dom_node *n)
{
	return n ? (struct css_elem *)n->user : NULL;
}

/* ---- matching ------------------------------------------------------------------- */

/* Positions among siblings, for :nth-child() and friends (Selectors 4
 * §14). Filled on first need for all children of the parent at once, so a
 * list of n items costs O(n) rather than O(n²) for `li:nth-child(2n)`. */
static void fill_index(struct css_elem *el)
{
	struct dom_node *p = el->node->parent;
	if (!p) {
		el->idx = el->nidx = 1;
		return;
	}
	int32_t k = 0, total = 0;
	for (struct dom_node *c = p->first_child; c; c = c->next)
		total += c->type == DOM_ELEMENT;
	for (struct dom_node *c = p->first_child; c; c = c->next) {
		if (c->type != DOM_ELEMENT)
			continue;
		struct css_elem *x = css__elem_of(c);
		k++;
		x->idx = k;
		x->nidx = total - k + 1;
	}
}

/* The same among siblings of the same type (:nth-of-type, §14.5). */
static void fill_type_index(struct css_elem *el)
{
	struct dom_node *p = el->node->parent;
	if (!p) {
		el->tidx = el->tnidx = 1;
		return;
	}
	const char *tag = el->node->tag;
	int32_t k = 0, total = 0;
	for (struct dom_node *c = p->first_child; c; c = c->next)
		total += c->type == DOM_ELEMENT && !strcmp(c->tag, tag);
	for (struct dom_node *c = p->first_child; c; c = c->next) {
		if (c->type != DOM_ELEMENT || strcmp(c->tag, tag))
			continue;
		struct css_elem *x = css__elem_of(c);
		k++;
		x->tidx = k;
		x->tnidx = total - k + 1;
	}
}

/* Does idx (from 1) equal An+B for some n >= 0 (CSS Syntax 3 §6)? */
static bool nth_ok(int a, int b, int idx)
{
	if (a == 0)
		return idx == b;
	long d = (long)idx - b;
	return d % a == 0 && d / a >= 0;
}

static bool match_list(struct css_engine *e, const struct css_sel_list *l, struct css_elem *el);

/* Position among the siblings that match S (nth-child(… of S)). */
static int32_t index_of_matching(struct css_engine *e, struct css_elem *el,
				 const struct css_sel_list *l, bool last)
{
	if (!match_list(e, l, el))
		return 0;
	int32_t k = 1;
	const struct dom_node *c = el->node;
	while ((c = last ? dom_next_element(c) : dom_prev_element(c)))
		k += match_list(e, l, css__elem_of(c));
	return k;
}

static bool icase_eq(const char *a, size_t an, const char *b, size_t bn, bool icase)
{
	if (an != bn)
		return false;
	return icase ? strncasecmp(a, b, an) == 0 : memcmp(a, b, an) == 0;
}

/* Attribute selectors (Selectors 4 §6). Empty strings never match the
 * substring forms, and ~= never matches a value holding white space: it
 * could never be one word of the list (§6.1). */
static bool match_attr(const struct css_simple *s, const struct dom_node *n)
{
	const char *v = dom_get_attr(n, s->name);
	if (!v)
		return false;
	if (s->op == A_EXISTS)
		return true;
	size_t vn = strlen(v), sn = s->vlen;
	const char *w = s->value;
	bool ic = s->icase;
	switch (s->op) {
	case A_EQ:
		return icase_eq(v, vn, w, sn, ic);
	case A_INCLUDES: {
		if (!sn || strpbrk(w, " \t\n\r\f"))
			return false;
		const char *p = v;
		while (*p) {
			while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f')
				p++;
			const char *q = p;
			while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r' && *q != '\f')
				q++;
			if (q > p && icase_eq(p, (size_t)(q - p), w, sn, ic))
				return true;
			p = q;
		}
		return false;
	}
	case A_DASH:
		return icase_eq(v, vn, w, sn, ic) ||
		       (vn > sn && v[sn] == '-' && icase_eq(v, sn, w, sn, ic));
	case A_PREFIX:
		return sn && vn >= sn && icase_eq(v, sn, w, sn, ic);
	case A_SUFFIX:
		return sn && vn >= sn && icase_eq(v + vn - sn, sn, w, sn, ic);
	case A_SUBSTR:
		if (!sn || vn < sn)
			return false;
		for (size_t i = 0; i + sn <= vn; i++)
			if (icase_eq(v + i, sn, w, sn, ic))
				return true;
		return false;
	}
	return false;
}

/* Elements :enabled/:disabled apply to (HTML's form controls). */
static bool is_form_control(const struct dom_node *n)
{
	static const char *const t[] = { "button", "input", "select", "textarea",
					 "optgroup", "option", "fieldset" };
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (!strcmp(n->tag, t[i]))
			return true;
	return false;
}

/* The nearest ancestor-or-self value of an attribute (lang, dir). */
static const char *inherited_attr(const struct dom_node *n, const char *name)
{
	for (; n; n = n->parent) {
		const char *v = n->type == DOM_ELEMENT ? dom_get_attr(n, name) : NULL;
		if (v)
			return v;
	}
	return NULL;
}

/* Pseudo-classes for a static, never-interacted-with page: user action
 * ones (:hover, :focus…) were marked `never` by the parser; :link is an
 * unvisited link; a form control is as its attributes say. */
static bool match_pseudo(unsigned kind, const struct css_simple *s, struct css_elem *el)
{
	const struct dom_node *n = el->node;
	switch (kind) {
	case PS_FIRST_CHILD: return !dom_prev_element(n);
	case PS_LAST_CHILD: return !dom_next_element(n);
	case PS_ONLY_CHILD: return !dom_prev_element(n) && !dom_next_element(n);
	case PS_FIRST_OF_TYPE:
		if (!el->tidx)
			fill_type_index(el);
		return el->tidx == 1;
	case PS_LAST_OF_TYPE:
		if (!el->tidx)
			fill_type_index(el);
		return el->tnidx == 1;
	case PS_ONLY_OF_TYPE:
		if (!el->tidx)
			fill_type_index(el);
		return el->tidx == 1 && el->tnidx == 1;
	case PS_ROOT: return !n->parent;
	case PS_EMPTY:
		for (const struct dom_node *c = n->first_child; c; c = c->next)
			if (c->type == DOM_ELEMENT || c->text_len)
				return false;
		return true;
	case PS_LINK:
		return (!strcmp(n->tag, "a") || !strcmp(n->tag, "area") || !strcmp(n->tag, "link")) &&
		       dom_get_attr(n, "href");
	case PS_CHECKED:
		return (!strcmp(n->tag, "input") && dom_get_attr(n, "checked")) ||
		       (!strcmp(n->tag, "option") && dom_get_attr(n, "selected"));
	case PS_DISABLED: return is_form_control(n) && dom_get_attr(n, "disabled");
	case PS_ENABLED: return is_form_control(n) && !dom_get_attr(n, "disabled");
	case PS_READ_ONLY: return strcmp(n->tag, "input") && strcmp(n->tag, "textarea");
	case PS_ALWAYS: return true;
	case PS_LANG: {
		const char *l = inherited_attr(n, "lang");
		size_t k = strlen(s->name);
		return l && strncasecmp(l, s->name, k) == 0 && (l[k] == '\0' || l[k] == '-');
	}
	case PS_DIR: {
		const char *d = inherited_attr(n, "dir");
		return !strcmp(s->name, d && !strcasecmp(d, "rtl") ? "rtl" : "ltr");
	}
	}
	return false;
}

/* One simple selector. :not(), :is(), :where() and "of S" recurse into
 * their list, no deeper than the parser's MAX_CSS_NESTING allowed. */
static bool match_simple(struct css_engine *e, const struct css_simple *s, struct css_elem *el)
{
	switch (s->type) {
	case S_TAG: return el->tag == s->atom;
	case S_ID: return el->id == s->atom;
	case S_CLASS:
		for (uint32_t i = 0; i < el->ncls; i++)
			if (e->cls_pool[el->cls + i] == s->atom)
				return true;
		return false;
	case S_ATTR: return match_attr(s, el->node);
	case S_PSEUDO: return match_pseudo(s->op, s, el);
	case S_NTH: {
		int32_t idx;
		bool last = s->op == NTH_LAST_CHILD || s->op == NTH_LAST_OF_TYPE;
		if (s->list) {
			idx = index_of_matching(e, el, s->list, last);
			if (!idx)
				return false;
		} else if (s->op == NTH_CHILD || s->op == NTH_LAST_CHILD) {
			if (!el->idx)
				fill_index(el);
			idx = last ? el->nidx : el->idx;
		} else {
			if (!el->tidx)
				fill_type_index(el);
			idx = last ? el->tnidx : el->tidx;
		}
		return nth_ok(s->a, s->b, idx);
	}
	case S_NOT: return !match_list(e, s->list, el);
	case S_IS: return match_list(e, s->list, el);
	case S_NEVER: return false;
	}
	return false;
}

static bool match_compound(struct css_engine *e, const struct css_compound *c,
			   struct css_elem *el)
{
	for (uint16_t i = 0; i < c->n; i++)
		if (!match_simple(e, &c->s[i], el))
			return false;
	return true;
}

/* Servo's SelectorMatchingResult: on failure, how far to the left the
 * caller's search may usefully continue. */
enum { M_YES, M_NO_SIBLING, M_NO_DESC, M_NO_GLOBAL };

/* The next candidate to the left for a combinator: the parent for child
 * and descendant (§15.1, §15.2), the previous element sibling for next-
 * and subsequent-sibling (§15.3, §15.4). */
static struct css_elem *next_for(struct css_elem *el, uint8_t comb)
{
	if (comb == C_CHILD || comb == C_DESCENDANT)
		return el->parent;
	return css__elem_of(dom_prev_element(el->node));
}

/* Match compounds k.. of sel, right to left, with el as compound k. The
 * recursion is as deep as the selector has compounds (at most
 * MAX_SELECTOR_PARTS), not as the tree; the result tells the caller when trying
 * further ancestors or siblings cannot help. */
static int match_from(struct css_engine *e, const struct css_selector *sel, unsigned k,
		      struct css_elem *el)
{
	if (!match_compound(e, &sel->c[k], el))
		return M_NO_SIBLING;
	if (k + 1 == sel->n)
		return M_YES;
	uint8_t comb = sel->c[k].comb;
	int not_found = comb == C_NEXT || comb == C_LATER ? M_NO_DESC : M_NO_GLOBAL;
	for (struct css_elem *x = next_for(el, comb);; x = next_for(x, comb)) {
		if (!x)
			return not_found;
		int r = match_from(e, sel, k + 1, x);
		if (r == M_YES || r == M_NO_GLOBAL || comb == C_NEXT)
			return r;
		if (comb == C_CHILD)
			return M_NO_DESC;
		if (r == M_NO_DESC && comb == C_LATER)
			return r;
	}
}

static bool match_list(struct css_engine *e, const struct css_sel_list *l, struct css_elem *el)
{
	if (!el)
		return false;
	for (uint32_t i = 0; i < l->n; i++)
		if (!l->sel[i].never && match_from(e, &l->sel[i], 0, el) == M_YES)
			return true;
	return false;
}

bool css__match(struct css_engine *e, const struct css_selector *sel, struct css_elem *el)
{
	return match_from(e, sel, 0, el) == M_YES;
}

/* ---- the rule index ---------------------------------------------------------- */

/* The bucket of a selector: its rightmost compound's id, else first class,
 * else tag; NULL for the universal list. */
static const struct css_atom *bucket_of(const struct css_selector *s, int *kind)
{
	const struct css_compound *c = &s->c[0];
	const struct css_atom *cls = NULL, *tag = NULL;
	for (uint16_t i = 0; i < c->n; i++) {
		if (c->s[i].type == S_ID) {
			*kind = IDX_ID;
			return c->s[i].atom;
		}
		if (c->s[i].type == S_CLASS && !cls)
			cls = c->s[i].atom;
		if (c->s[i].type == S_TAG)
			tag = c->s[i].atom;
	}
	if (cls) {
		*kind = IDX_CLASS;
		return cls;
	}
	*kind = IDX_TAG;
	return tag;
}

void css__build_index(struct css_engine *e)
{
	for (uint32_t i = 0; i < e->cap_atoms; i++) {
		struct css_atom *a = e->atoms[i];
		if (a)
			memset(a->start, 0, sizeof a->start), memset(a->count, 0, sizeof a->count);
	}
	e->uni_count = 0;
	for (uint32_t i = 0; i < e->n_entries; i++) {
		int kind;
		struct css_atom *a = (struct css_atom *)bucket_of(e->entries[i].sel, &kind);
		if (a)
			a->count[kind]++;
		else
			e->uni_count++;
	}
	uint32_t off = 0;
	for (uint32_t i = 0; i < e->cap_atoms; i++) {
		struct css_atom *a = e->atoms[i];
		if (!a)
			continue;
		for (int k = 0; k < IDX_KINDS; k++) {
			a->start[k] = off;
			off += a->count[k];
			a->count[k] = 0;
		}
	}
	e->uni_start = off;
	off += e->uni_count;
	e->uni_count = 0;
	free(e->index);
	e->index = xmalloc((off ? off : 1) * sizeof *e->index);
	for (uint32_t i = 0; i < e->n_entries; i++) {
		int kind;
		struct css_atom *a = (struct css_atom *)bucket_of(e->entries[i].sel, &kind);
		if (a)
			e->index[a->start[kind] + a->count[kind]++] = i;
		else
			e->index[e->uni_start + e->uni_count++] = i;
	}
	e->index_dirty = false;
}

/* ---- element infos --------------------------------------------------------------- */

void css__build_elems(struct css_engine *e, struct dom_node *top)
{
	uint32_t n = 0;
	for (struct dom_node *x = top; x; x = dom_walk_next(top, x, false))
		n += x->type == DOM_ELEMENT;
	if (n > e->cap_elems) {
		free(e->elems);
		e->cap_elems = n + n / 2 + 16;
		e->elems = xmalloc(e->cap_elems * sizeof *e->elems);
	}
	e->n_elems = 0;
	e->n_cls = 0;
	for (struct dom_node *x = top; x; x = dom_walk_next(top, x, false)) {
		if (x->type != DOM_ELEMENT)
			continue;
		struct css_elem *el = &e->elems[e->n_elems++];
		memset(el, 0, sizeof *el);
		el->node = x;
		el->saved_user = x->user;
		el->parent = x->parent && x != top ? css__elem_of(x->parent) : NULL;
		el->tag = css_atom_find(e, x->tag, strlen(x->tag));
		const char *id = dom_get_attr(x, "id");
		if (id && *id)
			el->id = css_atom_find(e, id, strlen(id));
		const char *cls = dom_get_attr(x, "class");
		el->cls = e->n_cls;
		for (const char *p = cls; p && *p;) {
			while (css__is_space(*p))
				p++;
			const char *q = p;
			while (*q && !css__is_space(*q))
				q++;
			const struct css_atom *a = q > p ? css_atom_find(e, p, (size_t)(q - p)) : NULL;
			if (a) {
				if (e->n_cls == e->cap_cls) {
					e->cap_cls = e->cap_cls ? e->cap_cls * 2 : 256;
					e->cls_pool = xrealloc(e->cls_pool, e->cap_cls * sizeof *e->cls_pool);
				}
				e->cls_pool[e->n_cls++] = a;
			}
			p = q;
		}
		el->ncls = e->n_cls - el->cls;
		x->user = el;
	}
}
