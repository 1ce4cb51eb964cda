/*
 * highlight.h — syntax highlighting of fenced code the way HedgeDoc does it:
 * highlight.js 10.7.3, whose class names the zenburn sheet colours
 * (HEDGEDOC.md §0 "Highlighted code", §3 "Highlighting happens in
 * finishView").
 *
 * highlight.c interprets per-language grammars written in highlight.js's
 * own terms (modes with begin/end patterns, keywords, sub-languages) with
 * the same matching rules, so the spans come out as highlight.js's would.
 * It never fails on input: unknown bytes are text, work is bounded by the
 * input length, and anything highlight.js would leave plain is left plain.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_HIGHLIGHT_H
#define SCS_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct hl_language;     /* a compiled grammar; static, never freed */

/* One highlighted range of the code, [start, end) in bytes.
 *
 * Spans nest like the <span> elements highlight.js writes: they come in
 * document order (by start, an enclosing span before the spans inside it),
 * and two spans are either disjoint or one contains the other. Nothing is
 * flattened: a `meta-keyword` inside a `meta` keeps its parent, since the
 * parent gives it its colour in zenburn. A span may be empty (start == end)
 * where highlight.js writes an empty element. Boundaries never fall inside
 * a UTF-8 sequence. */
struct hl_span {
	size_t start, end;
	const char *cls;        /* scope: "keyword", "string", "meta-string", …
				   (static). When sublang is set, a language
				   name: highlight.js writes class="xml" (no
				   hljs- prefix) around embedded code. */
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
			   code plain (hljs.highlight(lang, code) without
			   ignoreIllegals, as finishView calls it) */
	HL_LIMIT,       /* a work or nesting limit of scs_limits.h was hit;
			   left plain, as highlight.js does when it throws */
};

/* The language highlight.js's getLanguage() would return for a fence's
 * info word: a registered name or alias, ASCII case-insensitive ("bash",
 * "sh", "JS", "yml"). NULL for names this highlighter does not know.
 * \param name  not necessarily NUL-terminated (borrowed) */
const struct hl_language *hl_language_find(const char *name, size_t len);

/* Whether finishView would call hljs.highlight() for this exact name: only
 * registered names count, case-sensitively (hljs.listLanguages()). For any
 * other name, aliases like `js` or `sh` included, HedgeDoc runs
 * hljs.highlightAuto() over all 191 languages, which this module does not
 * reproduce; hl_language_find()'s answer is the usual winner for real code
 * of that language, so using it is the best approximation. */
bool hl_language_is_registered(const char *name, size_t len);

/* highlight.js's registration name ("bash", "javascript", …). */
const char *hl_language_name(const struct hl_language *lang);

/* All languages, for tests and fuzzing: the i-th, or NULL past the end. */
const struct hl_language *hl_language_at(size_t i);

/* Highlight code as hljs.highlight(lang, code) does and append its spans to
 * out. Linear in len (a work limit stops pathological input), never reads
 * past code + len, accepts any bytes (NUL, invalid UTF-8).
 * \param code  UTF-8 text, not necessarily NUL-terminated (borrowed)
 * \return HL_OK with spans appended, else nothing is appended */
enum hl_status hl_highlight(const struct hl_language *lang, const char *code,
			    size_t len, struct hl_spans *out);

/* Write code with its spans as highlight.js's HTML: <span class="hljs-…">,
 * text escaped as its escapeHTML() does (& < > " '). For tests and tools.
 * \param spans  as appended by one hl_highlight() call */
void hl_render_html(struct strbuf *sb, const char *code, size_t len,
		    const struct hl_span *spans, size_t n);

#endif
