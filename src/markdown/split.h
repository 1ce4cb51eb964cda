/*
 * split.h — HedgeDoc's slide split (HEDGEDOC.md §2.3–2.5): horizontal `---`
 * and vertical `----` separators with blank lines around them, one `Note:`
 * per slide, and the leading-whitespace "normalisation" reveal's markdown
 * plugin applies.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_SPLIT_H
#define SCS_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct diag_file;

struct slide {
	unsigned h, v;          /* reveal's indices, 0-based */
	bool in_stack;          /* part of a vertical stack (v > 0 or has children) */
	const char *text;       /* Markdown of the slide, notes removed, after the
	                           §2.5 whitespace rewrite (arena, NUL-terminated) */
	size_t len;
	size_t offset;          /* byte offset of the slide's first byte in the file */
	unsigned first_line;    /* 1-based file line of text's first line */
	bool rewritten;         /* §2.5 rewrite changed the text: line numbers after
	                           the first are approximate */
	const char *notes;      /* speaker notes Markdown or NULL */
	size_t notes_len;
	unsigned notes_line;    /* 1-based file line of the `Note:` line */
};

/*
 * Split the Markdown body src->text[body_offset..] into slides in reading
 * order (each horizontal slide, then its vertical ones). Slides live in a.
 * More than MAX_SLIDES is an error (returns -1, diagnostic reported);
 * otherwise returns 0 with *out and *n_out set (at least one slide).
 */
int split_deck(struct arena *a, struct diag *d, const struct diag_file *src,
	       size_t body_offset, struct slide **out, size_t *n_out);

#endif
