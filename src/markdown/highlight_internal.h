/*
 * highlight_internal.h — a grammar as data: modes, keywords and languages
 * as highlight.js describes them, shared by the mode engine (highlight.c)
 * and the grammars (highlight_grammars.c).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_HIGHLIGHT_INTERNAL_H
#define SCS_HIGHLIGHT_INTERNAL_H

#include "markdown/highlight_regex.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	HL_EXCLUDE_BEGIN = 1 << 0,
	HL_EXCLUDE_END = 1 << 1,
	HL_RETURN_BEGIN = 1 << 2,
	HL_RETURN_END = 1 << 3,
	HL_ENDS_WITH_PARENT = 1 << 4,
	HL_ENDS_PARENT = 1 << 5,
	HL_SKIP = 1 << 6,
	HL_SAME_END = 1 << 7,   /* END_SAME_AS_BEGIN: group 1 of the end
				   must equal group 1 of the begin */
	HL_AT_START = 1 << 8,   /* SHEBANG: only at offset 0 */
	HL_JSX_TAG = 1 << 9,    /* javascript.js isTrulyOpeningTag */
};

/* Mode relevance: 0 means highlight.js's default (1, or 0 for modes with
 * beginKeywords); R0 is an explicit 0. Relevance only matters when a
 * sub-language is picked among several (<script> and <style> in HTML). */
#define R0 (-1)

#define HL_KW_GROUPS 5

struct hl_kwgroup {
	const char *cls;        /* NULL: relevance only (cpp _relevance_hints) */
	const char *words;      /* space separated; "word|N": relevance N */
};

struct kw_entry {
	const char *word;       /* NULL: empty slot */
	uint8_t len, group, rel;
};

struct hl_keywords {
	const char *pattern;    /* keywords.$pattern; NULL: \w+ */
	struct hl_kwgroup g[HL_KW_GROUPS];
	/* compiled, per case mode */
	struct re_prog *re[2];
	struct kw_entry *tab[2];
	size_t mask[2];
	bool claimed[2];        /* a mode took the pattern (see mode_compile) */
	char *lower[HL_KW_GROUPS];      /* lower-cased lists, for ci */
};

struct hl_mode {
	const char *cls;        /* className; NULL: no span */
	const char *begin;      /* NULL: matches at once (hljs /\B|\b/) */
	const char *end;        /* NULL: ends at once, unless endsWithParent */
	const char *illegal;
	const char *begin_kw;   /* beginKeywords */
	const char *words;      /* begin has a %s for these, joined by | */
	re_hook hook;           /* begin is a C search; .begin prefilters */
	struct hl_keywords *kw;
	struct hl_mode **contains;      /* NULL-terminated; HL_SELF */
	struct hl_mode *starts;
	const char *sublang;    /* "bash"; "css xml": highlightAuto among */
	const char *only;       /* a rule only in this language (TypeScript's
				   decorator in the JavaScript modes) */
	signed char rel;
	unsigned flags;
	/* compiled, per case mode */
	struct re_prog *begin_re[2], *end_re[2], *illegal_re[2];
	struct hl_keywords *kwc[2];
	bool own_pattern[2];    /* its keywords use their $pattern, not \w+ */
	int relevance;
	bool done[2];
};

struct hl_language {
	const char *name;       /* hljs registration name */
	const char *aliases;    /* space separated */
	bool ci;                /* case_insensitive */
	bool no_auto;           /* disableAutodetect */
	struct hl_mode *root;
	/* a keyword set replaced everywhere in this language (kw_from's
	 * modes are shared with the language it extends) */
	struct hl_keywords *kw_from, *kw_to;
};

extern struct hl_mode hl_self;  /* 'self' in a contains list */
#define HL_SELF (&hl_self)
#define CONTAINS(...) ((struct hl_mode *[]){ __VA_ARGS__, NULL })

/* Every language, in registration-name order (highlight_grammars.c). */
extern const struct hl_language *const hl_languages[];
extern const size_t hl_n_languages;

#endif
