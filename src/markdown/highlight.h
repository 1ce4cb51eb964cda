/*
 * highlight.h — syntax highlighting of fenced code the way HedgeDoc does it:
 * highlight.js 10.7.3, whose class names the zenburn sheet colours
 * (HEDGEDOC.md §0 "Highlighted code", §3 "Highlighting happens in
 * finishView").
 *
 * highlight.c interprets per-language grammars written in highlight.js's
 * own terms (modes with begin/end patterns, keywords, sub-languages) with
 * its matching rules, so the spans come out as highlight.js's elements do:
 * bash, c, cpp, css, diff, dockerfile, go, ini (toml), javascript, json,
 * markdown, plaintext, python, shell (console), sql, typescript, xml
 * (html, svg) and yaml. It accepts any bytes, its work is bounded by the
 * input's length, and what highlight.js would leave plain stays plain.
 *
 * Two HedgeDoc details are the caller's: finishView sends go, typescript,
 * haskell, jsx and gherkin to Prism, not highlight.js (the reference
 * renderer does not, and neither does this module); and names that
 * highlight.js does not list go through highlightAuto (see
 * hl_language_is_registered()).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_HIGHLIGHT_H
#define SCS_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct hl_language;     /* a compiled grammar; static, never freed */

/* One highlighted range of the code, [start, end) in bytes: the
 * <span class="hljs-CLS"> highlight.js writes there.
 *
 * Spans are not flattened: they nest as highlight.js's elements do (a
 * `variable` inside a `string`, `meta-keyword` inside `meta`, whose colour
 * it takes in zenburn, which has no rule for meta-keyword). They come in
 * document order, an enclosing span before the spans inside it, and
 * `depth` says how many spans enclose one. Rebuild the tree from depth,
 * not from positions: a span may be empty (start == end, as highlight.js
 * writes <span class="hljs-params"></span>) and sit at its parent's end.
 *
 *     stack = []
 *     for each span s:
 *         while stack.size > s.depth: close stack.pop()  (text up to its end)
 *         text up to s.start; open s; stack.push(s)
 *     close the rest
 *
 * Boundaries never fall inside a UTF-8 sequence. */
struct hl_span {
	size_t start, end;
	const char *cls;        /* scope ("keyword", "string", "meta-string",
				   "title", ...), static. With sublang, a
				   language name: embedded code is wrapped in
				   class="xml" (no hljs- prefix, no colour). */
	unsigned depth;         /* number of spans enclosing this one */
	bool sublang;
};

/* A growable array of spans. Start zeroed; free v with free(). */
struct hl_spans {
	struct hl_span *v;
	size_t len, cap;
};

/* How hl_highlight() went. Only HL_OK appends spans. */
enum hl_status {
	HL_OK = 0,
	HL_ILLEGAL,     /* highlight.js met an `illegal` lexeme and shows the
			   code plain: hljs.highlight(lang, code) without
			   ignoreIllegals, as finishView calls it (an INI
			   file with a bare line, JSON with a trailing word,
			   a JavaScript string broken by a newline) */
	HL_LIMIT,       /* a work or nesting limit of scs_limits.h was hit;
			   left plain, as highlight.js leaves code it throws
			   on */
};

/* The language highlight.js's getLanguage() returns for a fence's info
 * word: a registered name or an alias, ASCII case-insensitive ("bash",
 * "sh", "JS", "yml", "golang", "patch", "console"). NULL for languages not
 * in this module: the code is then plain text.
 * \param name  not necessarily NUL-terminated (borrowed) */
const struct hl_language *hl_language_find(const char *name, size_t len);

/* Whether finishView calls hljs.highlight() for this exact name, which it
 * does only for names in hljs.listLanguages(): registration names,
 * case-sensitively. For any other name, aliases like `js` or `sh`
 * included, HedgeDoc runs hljs.highlightAuto() over all 191 languages of
 * highlight.js, which this module does not reproduce: on short snippets
 * the winner can be anything (arcade, lasso, reasonml for JavaScript in
 * the test decks). hl_language_find()'s language is the right answer for
 * longer code and the best available approximation. */
bool hl_language_is_registered(const char *name, size_t len);

/* highlight.js's registration name ("bash", "javascript", ...). */
const char *hl_language_name(const struct hl_language *lang);

/* All languages, for tests and fuzzing: the i-th, or NULL past the end. */
const struct hl_language *hl_language_at(size_t i);

/* Highlight code as hljs.highlight(lang, code) does and append its spans
 * to out. Never reads past code + len; any bytes (NUL, invalid UTF-8).
 * Thread-safe; the grammars compile on the first call.
 * \param code  UTF-8 text, not necessarily NUL-terminated (borrowed)
 * \param lang  NULL: plain text (HL_OK, no spans)
 * \return HL_OK with spans appended; otherwise nothing is appended */
enum hl_status hl_highlight(const struct hl_language *lang, const char *code,
			    size_t len, struct hl_spans *out);

/* Write code with its spans as highlight.js's HTML: <span class="hljs-…">,
 * text escaped as its escapeHTML() does (& < > " '). For tests and tools.
 * \param spans  as appended by one hl_highlight() call */
void hl_render_html(struct strbuf *sb, const char *code, size_t len,
		    const struct hl_span *spans, size_t n);

#endif
