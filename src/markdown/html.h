/*
 * html.h — the HTML half of HedgeDoc's pipeline (HEDGEDOC.md §4, §5): the
 * HTML that the Markdown stage renders for one slide is parsed by an HTML5
 * parser (gumbo), so `<font …>` … `</font>` pair up across Markdown inlines
 * as in a browser; HedgeDoc's sanitizer whitelist is applied to the tree;
 * `<!-- .slide: … -->` and `<!-- .element: … -->` comments set attributes.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_HTML_H
#define SCS_HTML_H

#include <stddef.h>

struct arena;
struct diag;
struct diag_file;
struct dom_node;

struct html_ctx {
	struct arena *arena;
	struct diag *diag;
	const struct diag_file *src;
	unsigned first_line;        /* file line of the fragment's line 1 (for
	                               cmark's data-sourcepos); 0 = unknown */
	struct dom_node *section;   /* `.slide:` target; NULL: such comments
	                               are ignored */
	const int *added;           /* lines the Markdown passes inserted (in
	                               the parsed text's numbering, ascending):
	                               not in the file */
	size_t n_added;
};

/*
 * Parse html (a fragment, as inside a <div>) and append the sanitized nodes
 * to parent. Elements carrying cmark's `data-sourcepos` get src_line/src_col
 * (the attribute itself is dropped). Comments are applied (§4) and removed.
 */
void html_parse_fragment(const struct html_ctx *c, const char *html, size_t len,
			 struct dom_node *parent);

/* Does HedgeDoc's sanitizer keep this tag (lower case)? */
int html_tag_allowed(const char *tag);

/* The attributes the whitelist allows on tag (lower case), each between
 * spaces (" href title "); NULL when the tag is not on it. */
const char *html_allowed_attrs(const char *tag);

#endif
