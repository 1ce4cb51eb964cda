/*
 * md_ext.h — HedgeDoc's markdown-it plugins (HEDGEDOC.md §3) as cmark-gfm
 * syntax extensions, so that they take part in cmark's own block and inline
 * parsing (code spans, escapes and fences shield them exactly as
 * markdown-it's rule order does):
 *
 *   markdown-it plugin                 here
 *   markdown-it-mark   ==x==           delimiter run → <mark>
 *   markdown-it-ins    ++x++           delimiter run → <ins>
 *   strikethrough      ~~x~~           delimiter run → <s>
 *   markdown-it-sub    ~x~             scan → <sub>
 *   markdown-it-sup    ^x^             scan → <sup>
 *   markdown-it-mathjax $x$  $$x$$     scan → <span class="mathjax"
 *                                      data-math="inline|display">TeX</span>
 *   emoji + emojify    :name:          scan → <span class="emoji">😄</span>
 *   markdown-it-regexp {%youtube id%}  scan → HedgeDoc's embed markup
 *     {%vimeo%} {%gist%} {%slideshare%} {%speakerdeck%} {%pdf%}
 *   markdown-it-container :::success   block → <div class="alert alert-…">
 *   markdown-it-deflist Term / : def   block → <dl><dt><dd>
 *
 * The extension nodes become cmark custom blocks/inlines or raw HTML, so
 * cmark's HTML renderer prints them; html.c parses that HTML as any other.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_MD_EXT_H
#define SCS_MD_EXT_H

#include <cmark-gfm.h>

/* Attach the extensions to p (before GFM's autolink, which shares `:`). */
void md_ext_attach(cmark_parser *p);

/* Right after cmark_parser_finish: pair the ~~ == ++ delimiter runs as
 * markdown-it's balance_pairs does (nested <s>, <mark>, <ins>), undoing
 * an emphasis they would cross there; the markers left over are text.
 * md[0..len) is the parsed Markdown (for the emphasis markers). */
void md_ext_pair_delims(cmark_node *root, const char *md, size_t len);

struct md_source;

/* Inline n becomes text `before`, its children, text `after`. */
void md_ext_unwrap(cmark_node *n, const char *before, const char *after);

/* Emphasis or strong node e becomes its markers (from the source: `*` or
 * `_`, one or two) around its children, as text. */
void md_ext_unwrap_emphasis(cmark_node *e, const struct md_source *src);

/* After cmark_parser_finish: turn container and definition-list nodes into
 * custom blocks cmark's HTML renderer prints (<div class="alert …">,
 * <dl>/<dt>/<dd>). Call before rendering. */
void md_ext_finish(cmark_node *root);

#endif
