/*
 * dom.c — element tree (see dom.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/dom.h"
#include "base/util.h"

#include <string.h>
#include <strings.h>

struct dom_node *dom_new_element(struct arena *a, const char *tag)
{
	struct dom_node *n = arena_alloc(a, sizeof *n);
	n->type = DOM_ELEMENT;
	n->tag = arena_strdup(a, tag);
	return n;
}

struct dom_node *dom_new_text(struct arena *a, const char *text, size_t len)
{
	struct dom_node *n = arena_alloc(a, sizeof *n);
	n->type = DOM_TEXT;
	n->text = arena_strndup(a, text, len);
	n->text_len = len;
	return n;
}

void dom_append(struct dom_node *parent, struct dom_node *child)
{
	child->parent = parent;
	child->next = NULL;
	child->prev = parent->last_child;
	if (parent->last_child)
		parent->last_child->next = child;
	else
		parent->first_child = child;
	parent->last_child = child;
}

void dom_insert_before(struct dom_node *ref, struct dom_node *child)
{
	struct dom_node *p = ref->parent;
	child->parent = p;
	child->next = ref;
	child->prev = ref->prev;
	if (ref->prev)
		ref->prev->next = child;
	else
		p->first_child = child;
	ref->prev = child;
}

void dom_remove(struct dom_node *n)
{
	struct dom_node *p = n->parent;
	if (!p)
		return;
	if (n->prev)
		n->prev->next = n->next;
	else
		p->first_child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		p->last_child = n->prev;
	n->parent = n->prev = n->next = NULL;
}

/* Join each run of adjacent text nodes below root into its first. */
static void join_texts(struct arena *a, struct dom_node *root)
{
	for (struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
		if (n->type != DOM_TEXT || !n->next || n->next->type != DOM_TEXT)
			continue;
		size_t len = 0;
		for (struct dom_node *t = n; t && t->type == DOM_TEXT; t = t->next)
			len += t->text_len;
		char *s = arena_alloc(a, len + 1);
		memcpy(s, n->text, n->text_len);
		size_t at = n->text_len;
		while (n->next && n->next->type == DOM_TEXT) {
			struct dom_node *t = n->next;
			memcpy(s + at, t->text, t->text_len);
			at += t->text_len;
			dom_remove(t);
		}
		s[at] = '\0';
		n->text = s;
		n->text_len = at;
	}
}

/* exported function documented in dom.h */
size_t dom_limit_elements(struct arena *a, struct dom_node *root, size_t max,
			  const struct dom_node **first)
{
	size_t seen = 0, unwrapped = 0;
	*first = NULL;
	struct dom_node *n = root->first_child;
	while (n) {
		if (n->type != DOM_ELEMENT || dom_is(n, "style") || ++seen <= max) {
			n = dom_walk_next(root, n, false);
			continue;
		}
		/* its children take its place; the walk goes on with them */
		struct dom_node *next = n->first_child ? n->first_child
						       : dom_walk_next(root, n, true);
		while (n->first_child) {
			struct dom_node *c = n->first_child;
			dom_remove(c);
			dom_insert_before(n, c);
		}
		dom_remove(n);
		if (!unwrapped++)
			*first = n;
		n = next;
	}
	if (unwrapped)
		join_texts(a, root);
	return unwrapped;
}

const char *dom_get_attr(const struct dom_node *n, const char *name)
{
	if (!n || n->type != DOM_ELEMENT)
		return NULL;
	for (size_t i = 0; i < n->n_attrs; i++)
		if (strcmp(n->attrs[i].name, name) == 0)
			return n->attrs[i].value;
	return NULL;
}

void dom_set_attr(struct arena *a, struct dom_node *n, const char *name,
		  const char *value)
{
	for (size_t i = 0; i < n->n_attrs; i++) {
		if (strcmp(n->attrs[i].name, name) == 0) {
			n->attrs[i].value = arena_strdup(a, value ? value : "");
			return;
		}
	}
	if (n->n_attrs == n->cap_attrs) {
		size_t cap = n->cap_attrs ? n->cap_attrs * 2 : 4;
		struct dom_attr *na = arena_alloc(a, cap * sizeof *na);
		if (n->n_attrs)
			memcpy(na, n->attrs, n->n_attrs * sizeof *na);
		n->attrs = na;
		n->cap_attrs = cap;
	}
	n->attrs[n->n_attrs].name = arena_strdup(a, name);
	n->attrs[n->n_attrs].value = arena_strdup(a, value ? value : "");
	n->n_attrs++;
}

bool dom_has_class(const struct dom_node *n, const char *cls)
{
	const char *c = dom_get_attr(n, "class");
	size_t len = strlen(cls);
	if (!c || !len)
		return false;
	/* Classes are separated by ASCII white space (HTML §2.3.7). */
	while (*c) {
		while (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == '\f')
			c++;
		const char *s = c;
		while (*c && *c != ' ' && *c != '\t' && *c != '\n' && *c != '\r' && *c != '\f')
			c++;
		if ((size_t)(c - s) == len && memcmp(s, cls, len) == 0)
			return true;
	}
	return false;
}

bool dom_is(const struct dom_node *n, const char *tag)
{
	return n && n->type == DOM_ELEMENT && strcmp(n->tag, tag) == 0;
}

struct dom_node *dom_first_element(const struct dom_node *n)
{
	struct dom_node *c = n->first_child;
	while (c && c->type != DOM_ELEMENT)
		c = c->next;
	return c;
}

struct dom_node *dom_next_element(const struct dom_node *n)
{
	struct dom_node *c = n->next;
	while (c && c->type != DOM_ELEMENT)
		c = c->next;
	return c;
}

struct dom_node *dom_prev_element(const struct dom_node *n)
{
	struct dom_node *c = n->prev;
	while (c && c->type != DOM_ELEMENT)
		c = c->prev;
	return c;
}

struct dom_node *dom_walk_next(const struct dom_node *root, const struct dom_node *n,
			       bool skip_children)
{
	if (!skip_children && n->first_child)
		return n->first_child;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

static void dump_text(FILE *out, const char *s, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len && i < 80; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			fputs("\\n", out);
		else if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
	if (len > 80)
		fputs("…", out);
	fputc('"', out);
}

void dom_dump(FILE *out, const struct dom_node *root)
{
	int depth = 0;
	const struct dom_node *n = root;
	while (n) {
		for (int i = 0; i < depth; i++)
			fputs("  ", out);
		if (n->type == DOM_TEXT) {
			dump_text(out, n->text, n->text_len);
		} else {
			fprintf(out, "<%s", n->tag);
			for (size_t i = 0; i < n->n_attrs; i++)
				fprintf(out, " %s=\"%s\"", n->attrs[i].name, n->attrs[i].value);
			fputc('>', out);
			if (n->src_line)
				fprintf(out, " @%u", n->src_line);
		}
		fputc('\n', out);
		/* pre-order with depth tracking */
		if (n->first_child) {
			n = n->first_child;
			depth++;
			continue;
		}
		while (n && n != root && !n->next) {
			n = n->parent;
			depth--;
		}
		if (!n || n == root)
			break;
		n = n->next;
	}
}
