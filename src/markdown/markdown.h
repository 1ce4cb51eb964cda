/*
 * markdown.h — one slide's Markdown to DOM, the way HedgeDoc's pipeline does
 * it (HEDGEDOC.md §3–5): cmark-gfm (table, strikethrough, autolink, tasklist;
 * hard breaks = `breaks: true`; smart punctuation = `typographer`; the
 * `=WxH` image size syntax; raw HTML kept; HedgeDoc's markdown-it plugins
 * as cmark-gfm extensions, md_ext.h) renders HTML, an HTML5 parser (gumbo)
 * builds the tree, and HedgeDoc's sanitizer whitelist is applied to it.
 * `<!-- .slide: … -->` and `<!-- .element: … -->` comments set attributes
 * (§4). A DOM pass then brings the tree to what HedgeDoc's page shows after
 * finishView: math as Unicode text (texmath.h), footnotes, task lists,
 * `[name=]`/`[time=]`/`[color=]` tags, abbreviations, fuzzy links.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_MARKDOWN_H
#define SCS_MARKDOWN_H

#include <stddef.h>

struct arena;
struct diag;
struct diag_file;
struct dom_node;
struct slide;

/* How `$…$` / `$$…$$` math is shown (--math). HedgeDoc hands the spans to
 * MathJax: MARKDOWN_MATH_TYPESET does what it does (an <scs-math> element
 * that box_build typesets with src/math/); MARKDOWN_MATH_UNICODE converts
 * the TeX to Unicode text (texmath.c); MARKDOWN_MATH_TEX shows what the
 * page holds before MathJax runs (`\(…\)`, `\[…\]` in the text font). */
enum markdown_math { MARKDOWN_MATH_TYPESET, MARKDOWN_MATH_UNICODE, MARKDOWN_MATH_TEX };

struct markdown_options {
	enum markdown_math math;
};

/*
 * Render slide s and append its content to `content` (the slide's inner
 * <div>). `.slide:` attributes go on `section` (the slide's <section>).
 * Elements get src_line/src_col (file positions) where known: every block
 * from cmark's sourcepos, every <img> from its inline position.
 * `<style>` elements are kept in the tree (the UA sheet hides them).
 * mo may be NULL (the defaults). Returns 0; problems are warnings on d.
 */
int markdown_slide(struct arena *a, struct diag *d, const struct diag_file *src,
		   const struct markdown_options *mo, const struct slide *s,
		   struct dom_node *section, struct dom_node *content);

/* Render slide s's speaker notes (s->notes, trimmed as reveal-markdown
 * trims them) into parent; their `.slide:` comments apply to section, as
 * the notes' <aside> sits inside the slide's <section> in HedgeDoc. */
int markdown_notes(struct arena *a, struct diag *d, const struct diag_file *src,
		   const struct markdown_options *mo, const struct slide *s,
		   struct dom_node *section, struct dom_node *parent);

/* The same for Markdown text not tied to a slide: lines counted from
 * first_line. */
int markdown_fragment(struct arena *a, struct diag *d, const struct diag_file *src,
		      const struct markdown_options *mo, const char *text, size_t len,
		      unsigned first_line, struct dom_node *parent);

#endif
