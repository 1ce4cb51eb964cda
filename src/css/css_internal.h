/*
 * css_internal.h — what the parts of the CSS engine share:
 *
 *   css_lex.c        bytes → tokens (CSS Syntax 3 §4), offsets kept
 *   css_parse.c      tokens → style sheets, at-rules, declarations (§5)
 *   css_value.c/.h   the value grammar: lengths, calc(), colours, images
 *   css_props.c      the property table, one value parser per property
 *   css_properties.h the longhands, once (enum, inherited, names)
 *   css_selector.c   selector parsing (Selectors 4)
 *   css_select.c     atoms, selector matching, the rule index
 *   css_cascade.c    the engine, its sheets, the cascade (Cascade 4 §6)
 *   css_computed.c   specified → computed values, initial style, dump
 *
 * A sheet goes down that list once; a slide's cascade goes through the
 * last three per element.
 *
 * Nothing here is for other stages; they use css.h.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_CSS_INTERNAL_H
#define SCS_CSS_INTERNAL_H

#include "css/css.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;
struct diag;
struct diag_file;
struct dom_node;

/* ---- tokens (CSS Syntax 3 §4) ------------------------------------------ */

enum css_tok_type {
	T_EOF = 0, T_IDENT, T_FUNCTION, T_AT, T_HASH, T_STRING, T_BAD_STRING,
	T_URL, T_BAD_URL, T_DELIM, T_NUMBER, T_PERCENT, T_DIMENSION, T_WS,
	T_CDO, T_CDC, T_COLON, T_SEMI, T_COMMA, T_LBRACKET, T_RBRACKET,
	T_LPAREN, T_RPAREN, T_LBRACE, T_RBRACE
};

#define TF_ID   1u   /* hash: "id" type (would start an identifier) */
#define TF_INT  2u   /* number: integer type */
#define TF_ESC  4u   /* raw text holds escapes, NUL or non-ASCII: decode */

/*
 * One token. Values are not copied: css_tok_value() decodes them from the
 * raw bytes on demand (most need no decoding), which keeps a token at 20
 * bytes — a pathological 4 MiB sheet of brackets is 4 M tokens.
 */
struct css_token {
	uint8_t type;
	uint8_t flags;
	uint32_t off, len;   /* raw bytes in the sheet text */
	uint32_t aux;        /* ( [ { and functions: index of the matching
	                        closer, or of T_EOF when unclosed;
	                        dimension: offset of the unit within raw */
	float num;           /* number, percentage, dimension */
};

struct css_lexed {
	const char *src;
	size_t len;
	struct css_token *t;  /* malloc'd; t[n - 1] is T_EOF */
	uint32_t n;
};

/* Tokenize s (never fails; any bytes are fine) and match brackets. */
void css_lex(const char *s, size_t len, struct css_lexed *out);
void css_lex_free(struct css_lexed *l);

/* The decoded value of an ident/function/at/hash/string/url token, or the
 * unit of a dimension: a pointer into the source when no decoding is needed,
 * else into tmp. Invalid UTF-8 and NUL come out as U+FFFD. */
const char *css_tok_value(const struct css_lexed *l, const struct css_token *t,
			  struct arena *tmp, size_t *len);

/* ASCII case-insensitive compare of a decoded value with a lower-case word. */
bool css_ieq(const char *s, size_t n, const char *word);

/* ---- atoms: interned strings (engine arena) ----------------------------- */

enum { IDX_ID = 0, IDX_CLASS, IDX_TAG, IDX_KINDS };

struct css_atom {
	const char *s;        /* NUL-terminated, in the engine arena */
	uint32_t len, hash;
	uint32_t start[IDX_KINDS], count[IDX_KINDS];  /* rule index buckets */
};

const struct css_atom *css_atom_find(struct css_engine *e, const char *s, size_t n);
const struct css_atom *css_atom_intern(struct css_engine *e, const char *s, size_t n);

/* ---- specified values ------------------------------------------------------ */

enum css_unit {
	U_KW = 0,      /* keyword in kw */
	U_PX, U_EM, U_REM, U_VW, U_VH, U_VMIN, U_VMAX, U_PCT, U_NUM,
	U_CALC,        /* p: struct css_calc */
	U_COLOR,       /* c (or currentColor when SV_CURRENT) */
	U_PTR,         /* p: property-specific structure */
	U_STR          /* p: interned string */
};
#define SV_CURRENT 1u  /* colour: currentColor */

/* Generic length keywords (U_KW). */
enum { KW_AUTO = 1, KW_NONE, KW_NORMAL, KW_SMALLER, KW_LARGER, KW_BOLDER, KW_LIGHTER };

struct css_sval {
	uint8_t unit;         /* enum css_unit */
	uint8_t flags;        /* SV_* */
	int16_t kw;
	float v;
	struct css_color c;
	const void *p;
};

/* A calc() sum: one coefficient per unit (CSS Values 4 §10). */
enum { CU_PX, CU_EM, CU_REM, CU_VW, CU_VH, CU_VMIN, CU_VMAX, CU_PCT, CU_N };
struct css_calc {
	float c[CU_N];
};

struct css_spec_shadow {
	struct css_sval x, y, blur, spread;
	struct css_color color;
	bool current, inset;
};
struct css_spec_shadows {
	int n;
	struct css_spec_shadow s[];
};

struct css_spec_transform {
	int n;
	struct {
		uint8_t op;                 /* as struct css_transform */
		struct css_sval a, b;       /* translate: lengths; others: U_NUM */
		float m[6];
	} f[CSS_MAX_TRANSFORMS];
};

struct css_spec_pair {                  /* background-size, transform-origin */
	struct css_sval x, y;
};

/* grid-template-columns/-rows as specified: each track's two sizing
 * functions (U_KW with KW_AUTO, KW_MIN_CONTENT, KW_MAX_CONTENT; U_NUM
 * with flags SV_FR for <flex>; lengths, percentages, calc()). */
#define SV_FR 2u
enum { KW_MIN_CONTENT = 100, KW_MAX_CONTENT };
struct css_spec_tracks {
	int n;
	int auto_at, auto_n;
	bool auto_fit;
	struct { struct css_sval min, max; } t[MAX_GRID_TRACKS];
};

struct css_spec_gradient {
	struct css_gradient g;
	uint8_t current_mask;           /* stops that are currentColor */
};

/* ---- properties ------------------------------------------------------------ */

/* Longhands, in the order the cascade computes them (css_properties.h). */
enum css_prop {
#define PROP(id, name, inherited) P_##id,
#include "css/css_properties.h"
	P_COUNT
};

/* flex-wrap values (css.h keeps it a plain uint8_t). */
enum { FLEX_NOWRAP = 0, FLEX_WRAP, FLEX_WRAP_REVERSE };
/* word-break values kept in the specified value only. */
enum { WB_NORMAL = 0, WB_BREAK_ALL, WB_KEEP_ALL, WB_BREAK_WORD };

enum { W_VALUE = 0, W_INHERIT, W_INITIAL, W_UNSET };

struct css_decl {
	uint16_t prop;        /* enum css_prop */
	uint8_t important;
	uint8_t wide;         /* W_* */
	struct css_sval v;
};

/* ---- rules and selectors ------------------------------------------------- */

struct css_rule {
	const struct css_decl *d;
	uint32_t n;
	uint32_t order;       /* global order of appearance, from 1 */
	uint8_t origin;       /* enum css_origin */
	bool has_normal, has_important;
};

enum css_simple_type {
	S_TAG, S_ID, S_CLASS, S_ATTR, S_PSEUDO, S_NTH, S_NOT, S_IS, S_NEVER
};
enum css_attr_op {
	A_EXISTS, A_EQ, A_INCLUDES, A_DASH, A_PREFIX, A_SUFFIX, A_SUBSTR
};
enum css_pseudo {
	PS_FIRST_CHILD, PS_LAST_CHILD, PS_ONLY_CHILD, PS_FIRST_OF_TYPE,
	PS_LAST_OF_TYPE, PS_ONLY_OF_TYPE, PS_ROOT, PS_EMPTY, PS_LINK,
	PS_CHECKED, PS_DISABLED, PS_ENABLED, PS_READ_ONLY, PS_ALWAYS, PS_LANG,
	PS_DIR
};
enum css_nth { NTH_CHILD, NTH_LAST_CHILD, NTH_OF_TYPE, NTH_LAST_OF_TYPE };

struct css_sel_list;

struct css_simple {
	uint8_t type;         /* enum css_simple_type */
	uint8_t op;           /* attribute op, pseudo, nth kind */
	bool icase;           /* attribute value compared case-insensitively */
	const struct css_atom *atom;     /* tag, id, class */
	const char *name;     /* attribute name (lower case); :lang()/:dir() arg */
	const char *value;    /* attribute value */
	uint32_t vlen;
	int a, b;             /* An+B */
	const struct css_sel_list *list; /* :not() :is() :where(), nth "of S" */
};

enum css_combinator { C_NONE = 0, C_DESCENDANT, C_CHILD, C_NEXT, C_LATER };

struct css_compound {
	const struct css_simple *s;
	uint16_t n;
	uint8_t comb;         /* how this compound relates to the next one to
	                         its left (c[k + 1]); C_NONE for the leftmost */
};

struct css_selector {
	const struct css_compound *c;  /* c[0] is the rightmost (subject) */
	uint16_t n;
	uint32_t spec;        /* (a << 16) | (b << 8) | c, each saturating */
	bool never;           /* can never match (pseudo-element, :hover…) */
};

struct css_sel_list {
	const struct css_selector *sel;
	uint32_t n;
};

struct css_entry {
	const struct css_selector *sel;
	const struct css_rule *rule;
};

/* ---- the engine ------------------------------------------------------------- */

struct css_elem;

struct css_var {
	const char *name, *value;     /* arena copies */
	size_t nlen, vlen;
};

struct css_engine {
	struct arena *a;
	struct diag *d;
	float vw, vh;
	float dpr;                    /* device pixels per CSS px (border snapping) */

	/* atoms: open addressing over a power-of-two table (malloc'd) */
	struct css_atom **atoms;
	uint32_t n_atoms, cap_atoms;

	/* every selector of every rule, in order; the index groups them by
	 * the rightmost compound's id, else first class, else tag, else the
	 * universal list (Servo/WebKit rule hash) */
	struct css_entry *entries;
	uint32_t n_entries, cap_entries;
	uint32_t *index;              /* entry numbers grouped by bucket */
	uint32_t uni_start, uni_count;
	bool index_dirty;

	/* custom properties (--name: value) of every sheet so far, the
	 * last declaration of a name first found: var() takes them whatever
	 * element they were declared on (css__parse_property) */
	struct css_var *vars;
	uint32_t n_vars, cap_vars;

	uint32_t n_rules;             /* all sheets; capped at MAX_CSS_RULES */
	uint32_t order;
	bool warned_rule_cap;

	/* cascade scratch, reused across slides (malloc'd) */
	struct css_elem *elems;
	uint32_t n_elems, cap_elems;
	const struct css_atom **cls_pool;
	uint32_t n_cls, cap_cls;
	struct css_match *matched;
	uint32_t n_matched, cap_matched;
	struct arena *tmp;            /* style attribute parses */
	float root_font_size;

	struct computed_style initial;

	struct css_font_face faces[MAX_FONT_FACES];
	size_t n_faces;
	bool warned_faces;
};

/* One matched declaration block during the cascade of one element. */
struct css_match {
	uint64_t key;                 /* rank << 56 | specificity << 32 | order */
	const struct css_decl *d;
	uint32_t n;
	bool important;
};

/* ---- between the parts ------------------------------------------------------ */

/* A parse in progress: a sheet, a style attribute or a lone value. */
struct css_parser {
	struct css_engine *e;
	const struct css_lexed *L;
	struct arena *a;              /* where values go */
	struct arena *tmp;            /* decoded strings, freed after the parse */
	const struct diag_file *src;  /* warnings; NULL = silent (shipped sheets) */
	size_t base;                  /* offset of the text in src */
	bool warn;                    /* report invalid declarations */
	bool use_line;                /* style attribute: report at line/col */
	unsigned line, col;
	uint8_t origin;
	bool unsupported;             /* set by a value parser: valid CSS that
	                                 we cannot represent */
	/* declarations being collected (malloc'd) */
	struct css_decl *dv;
	uint32_t n_dv, cap_dv;
};

/* css_parse.c */
void css__parse_sheet(struct css_parser *P);
/* Parse a declaration list (a style attribute); the result lives in P->a. */
const struct css_decl *css__parse_decl_list(struct css_parser *P, uint32_t *n);
void css__warn(struct css_parser *P, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Source text of tokens [i, end) for a message, cut to fit cap bytes. */
void css__excerpt(struct css_parser *P, uint32_t i, uint32_t end, char *out, size_t cap);

/* css_props.c */
/* Parse the value in tokens [vs, ve) of the declaration named by token
 * name_tok into P->dv; false, after a warning, when it is dropped. */
bool css__parse_property(struct css_parser *P, uint32_t name_tok, uint32_t vs, uint32_t ve);
/* The CSS keyword for value v of keyword longhand prop (--dump=style). */
const char *css__keyword_name(unsigned prop, int v);
/* A property we parse (any case, -webkit- aliases included)? */
bool css__is_property(const char *s, size_t n);
/* A real property that does not change what we draw (dropped silently),
 * or a vendor-prefixed or custom one? */
bool css__is_silent_property(const char *s, size_t n);

/* css_value.c */
/* Named colour lookup (ASCII case-insensitive). */
bool css__named_color(const char *s, size_t n, struct css_color *out);

/* css_cascade.c */
/* Append a rule (its declarations are copied); off is where it starts,
 * for the warning when MAX_CSS_RULES is reached. */
void css__add_rule(struct css_parser *P, const struct css_sel_list *sl,
		   const struct css_decl *d, uint32_t n, size_t off);

/* css_selector.c */
/* Parse the selector list in tokens [i, end); NULL when invalid. */
const struct css_sel_list *css__parse_selectors(struct css_parser *P, uint32_t i,
						uint32_t end, int depth);

/* css_select.c */
/* What the matcher knows about an element, built once per cascade. */
struct css_elem {
	struct dom_node *node;
	struct css_elem *parent;
	const struct css_atom *tag, *id;
	uint32_t cls, ncls;          /* into e->cls_pool */
	int32_t idx, nidx;           /* position among element siblings; 0 = unknown */
	int32_t tidx, tnidx;         /* among siblings of the same type */
	void *saved_user;
};

/* The struct css_elem of an element during a cascade; NULL for NULL. */
struct css_elem *css__elem_of(const struct dom_node *n);

/* HTML's ASCII white space (HTML §2.3.3: class lists, legacy attributes). */
static inline bool css__is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Give every element below top (its document) a struct css_elem in
 * dom_node.user, the old user pointer saved. */
void css__build_elems(struct css_engine *e, struct dom_node *top);
/* Group the entries by bucket (after sheets were added). */
void css__build_index(struct css_engine *e);
/* Does sel match el? */
bool css__match(struct css_engine *e, const struct css_selector *sel, struct css_elem *el);

/* css_computed.c */
struct css_compute_ctx {
	const struct computed_style *parent;
	const struct computed_style *initial;
	float root_font_size;         /* rem */
	float vw, vh;
	struct arena *a;              /* the slide arena */
	bool is_root, parent_is_flex;
	float dpr;                    /* device pixels per CSS px */
};
void css__compute(const struct css_compute_ctx *c, const struct css_decl *const *win,
		  struct computed_style *s);
bool css__prop_inherited(unsigned prop);
/* The CSS name of longhand prop ("?" out of range). */
const char *css__prop_name(unsigned prop);

#endif
