/*
 * blocks.h — where the block parser of cmark-gfm 0.29 (Debian 12's) and
 * markdown-it 13's disagree, and the Markdown is adjusted so that cmark
 * builds markdown-it's blocks:
 *
 *   markdown-it 13                        cmark-gfm 0.29
 *   a line starting with a tag (HTML      starts an HTML block when the
 *   block type 7) never interrupts a      paragraph it would continue is
 *   paragraph, also a lazy one            in a container the line does not
 *                                         continue (`- a` / `<br/>`)
 *   <textarea> is an HTML block of        not in the list: <textarea> is
 *   type 1 (raw up to </textarea>)        type 7, Markdown inside parsed
 *
 * md_blocks_lazy_html() reads the parsed tree and changes the Markdown;
 * the caller parses again. md_blocks_textarea*() wrap the parse.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_MD_BLOCKS_H
#define SCS_MD_BLOCKS_H

#include "base/util.h"

#include <cmark-gfm.h>
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* An HTML block of type 7 in doc that cmark started on a lazy continuation
 * line of a paragraph: its tag lines are indented in md so that cmark
 * continues the paragraph (white space at a line's start is not text
 * there). Returns whether md changed (then parse it again). */
bool md_blocks_lazy_html(cmark_node *doc, struct strbuf *md);

/* A paragraph in a markdown-it-container block that cmark continued with a
 * lazy line: a blank line goes before that line in md. Returns whether md
 * changed (then parse it again). */
bool md_blocks_lazy_container(cmark_node *doc, struct strbuf *md, GArray *added);

/* Line `line` of the Markdown (as it is now) was inserted: the numbers in
 * added (ascending) from there on move down one, and it joins them. */
void md_blocks_line_added(GArray *added, int line);

/* Block quote lines read so far by md_blocks_quote_defs(). */
struct md_quote_defs {
	bool quote;          /* the last line was a block quote's */
	bool defs;           /* its paragraph so far: reference definitions */
	bool fresh;          /* the last quote line was blank (no paragraph) */
};

/* The pre-pass, for each line s[0..n) outside fenced code (q zeroed at
 * the start): whether a blank line goes before it. markdown-it ends a
 * block quote at a lazy line after reference definitions (it is not part
 * of a paragraph there); cmark would continue their paragraph with it. */
bool md_blocks_quote_defs(struct md_quote_defs *q, const char *s, size_t n);

/* Is s[0..n) (a line, after its indentation) the start of an HTML block of
 * CommonMark types 1 to 6, the ones that interrupt a paragraph? */
bool md_blocks_html_interrupts(const char *s, size_t n);

/* The pre-pass at s[i] == '<': `<textarea` (followed by white space, '>'
 * or the line's end) is written to out as a <pre> start tag that keeps the
 * name, `</textarea>` as </pre> and a comment; cmark then treats the block
 * as the raw type-1 block markdown-it makes. Returns the bytes of s taken
 * (0: none, nothing written). */
size_t md_blocks_textarea(const char *s, size_t n, size_t i, struct strbuf *out);

/* The rendered HTML with those tags as they were written (also where cmark
 * escaped them as text). */
void md_blocks_textarea_restore(struct strbuf *html);

#endif
