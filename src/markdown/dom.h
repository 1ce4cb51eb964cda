/*
 * dom.h — the element tree every later stage reads: built from the HTML that
 * cmark-gfm renders (html.c), styled by the cascade (css_*.c), turned into
 * boxes (box_build.c). Nodes live in the deck arena.
 *
 * Each slide is its own document, shaped as HedgeDoc/reveal.js shape it
 * (HEDGEDOC.md §2.5, §6.1), so that the shipped sheets' selectors match:
 *
 *   html > body > div.reveal > div.slides > [section.stack >] section > div > …
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DOM_H
#define SCS_DOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct arena;
struct computed_style;

/* DOM_COMMENT lives only inside html.c, which applies and removes comments
 * before any later stage sees the tree. */
enum dom_type { DOM_ELEMENT, DOM_TEXT, DOM_COMMENT };

struct dom_attr {
	const char *name;        /* lower case */
	const char *value;       /* never NULL; "" for a bare attribute */
};

struct dom_node {
	enum dom_type type;
	const char *tag;         /* element: lower-case name; text: NULL */
	const char *text;        /* text: UTF-8 content (NUL-terminated) */
	size_t text_len;
	struct dom_attr *attrs;  /* element attributes, in source order */
	size_t n_attrs, cap_attrs;
	struct dom_node *parent, *first_child, *last_child, *prev, *next;
	unsigned src_line;       /* 1-based line in the deck file; 0 unknown */
	unsigned src_col;
	bool from_markdown;      /* cmark rendered it (it had data-sourcepos),
	                            as opposed to the author's raw HTML */
	struct computed_style *style; /* set by the cascade (text: the parent's) */
	void *user;              /* free for one stage at a time */
};

struct dom_node *dom_new_element(struct arena *a, const char *tag);
struct dom_node *dom_new_text(struct arena *a, const char *text, size_t len);
void dom_append(struct dom_node *parent, struct dom_node *child);
void dom_insert_before(struct dom_node *ref, struct dom_node *child);
void dom_remove(struct dom_node *n);

/* NULL when absent. */
const char *dom_get_attr(const struct dom_node *n, const char *name);
/* Set or replace (value copied into a). */
void dom_set_attr(struct arena *a, struct dom_node *n, const char *name,
		  const char *value);
bool dom_has_class(const struct dom_node *n, const char *cls);
bool dom_is(const struct dom_node *n, const char *tag);

/* Element-only navigation (text nodes skipped). */
struct dom_node *dom_first_element(const struct dom_node *n);
struct dom_node *dom_next_element(const struct dom_node *n);
struct dom_node *dom_prev_element(const struct dom_node *n);

/* Pre-order walk: the next node after n below root, or NULL. */
struct dom_node *dom_walk_next(const struct dom_node *root, const struct dom_node *n,
			       bool skip_children);

/* Keep at most max elements below root (in document order, <style> not
 * counted): each later one is replaced by its children, and the texts that
 * end up side by side are joined. Returns how many were unwrapped; *first
 * is the first of them (NULL if none; no longer in the tree). */
size_t dom_limit_elements(struct arena *a, struct dom_node *root, size_t max,
			  const struct dom_node **first);

/* `--dump=dom`: one node a line, indented by depth. */
void dom_dump(FILE *out, const struct dom_node *root);

#endif
