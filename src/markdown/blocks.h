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

/* A paragraph in a block quote that starts with reference definitions
 * and that cmark continued with a lazy line: a blank line goes before
 * that line in md (markdown-it ends the quote there). Returns whether md
 * changed (then parse it again). */
bool md_blocks_quote_defs(cmark_node *doc, struct strbuf *md, GArray *added);

/* Is s[0..n) (a line, after its indentation) the start of an HTML block of
 * CommonMark types 1 to 6, the ones that interrupt a paragraph? */
bool md_blocks_html_interrupts(const char *s, size_t n);

/* The pre-pass at s[i] == '<': `<textarea` (followed by white space, '>'
 * or the line's end) is written to out as a <pre> start tag that keeps the
 * name; at a line's start it opens a raw block (*raw), whose `</textarea>`
 * is written as </pre> and a comment: cmark then ends the block there as
 * markdown-it ends its type-1 block. Elsewhere `</textarea>` stays (a
 * tag line of type 7 as in markdown-it). Returns the bytes of s taken (0:
 * none, nothing written). */
size_t md_blocks_textarea(const char *s, size_t n, size_t i, struct strbuf *out, bool *raw);

/* The rendered HTML with those tags as they were written (also where cmark
 * escaped them as text). */
void md_blocks_textarea_restore(struct strbuf *html);

#endif
