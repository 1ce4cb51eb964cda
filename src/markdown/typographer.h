/*
 * typographer.h — markdown-it 13's `typographer` on a cmark-gfm tree: the
 * core rules `replacements` ((c) (r) (tm) +- … ?.. !!! , – —) and
 * `smartquotes` (“” ‘’ and the apostrophe), with their exact rules
 * (lib/rules_core/replacements.js, smartquotes.js).
 *
 * markdown-it runs them on each inline block's token list after linkify,
 * before text_join: escapes and entities are `text_special` tokens they
 * leave alone, autolinks and linkify's links are skipped by the
 * replacements, and quotes pair by token nesting level. Here the tree's
 * text nodes are read against the Markdown source to find their escaped
 * and entity characters, and each paragraph, heading or cell is flattened
 * into that token list.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_TYPOGRAPHER_H
#define SCS_TYPOGRAPHER_H

#include <cmark-gfm.h>
#include <stdbool.h>
#include <stddef.h>

/* A Markdown text with its line starts, to find a cmark node's source. */
struct md_source {
	const char *md;
	size_t len;
	size_t *lines;             /* offset of each line of md */
	size_t n_lines;
};

void md_source_init(struct md_source *m, const char *md, size_t len);
void md_source_free(struct md_source *m);

/* The source offset of node n's start, or (size_t)-1 when it has none. */
size_t md_source_offset(const struct md_source *m, cmark_node *n);

/* Read the literal lit[0..n) of a text node against the source from *at
 * (then just past it), setting mask[j] for the bytes that came from an
 * escape or an entity (one decoded character each); U+2060 word joiners
 * are not from the source. false when the two part ways. */
bool md_source_map(const struct md_source *m, size_t *at, const char *lit, size_t n,
		   unsigned char *mask);

/* The masks (md_source_map) of parent's text children, into masks (a
 * GHashTable: node → g_malloc'd mask). The pieces the autolink extension
 * split off a text node have no position: they are read on from the one
 * before, through the link's text. */
void md_source_masks(const struct md_source *m, cmark_node *parent, void *masks);

/* Is c Unicode punctuation (a P* category)? */
bool md_unicode_punct(unsigned int c);

/* Where in s[0..n) a fuzzy link (linkify's, made later) starts at i: its
 * length, or 0. The replacements skip such links as markdown-it does. */
typedef size_t (*md_fuzzy_link_fn)(const char *s, size_t n, size_t i);

/* Apply the typographer to root, parsed from md[0..len) (with source
 * positions). U+2060 word joiners in text nodes are not from the source. */
void md_typographer(cmark_node *root, const char *md, size_t len, md_fuzzy_link_fn fuzzy);

#endif
