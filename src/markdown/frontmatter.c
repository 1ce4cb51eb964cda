/*
 * frontmatter.c — split the YAML front matter off a deck and read the keys
 * HedgeDoc uses (HEDGEDOC.md §1, §2.1) into struct deck_meta.
 *
 * The split copies meta-marked's splitInput / HedgeDoc's splitFrontmatter:
 * the text must start with "---", and the YAML runs up to the first "\n---"
 * or "\n..." (a prefix match). As in meta-marked, the YAML handed to the
 * parser starts at byte 0 and so includes the opening "---" line; libyaml's
 * 0-based marks are then file lines directly.
 *
 * Values are interpreted as HedgeDoc's js-yaml (YAML 1.2 core schema) and
 * reveal.js would see them: only true/false (any case form) are booleans,
 * `yes`/`no`/`on`/`off` are strings, and reveal tests options by JavaScript
 * truthiness. libyaml (YAML 1.1) only gives us the syntax tree; scalar
 * resolution is done here.
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/frontmatter.h"
#include "base/diag.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* exported function documented in frontmatter.h */
void deck_meta_defaults(struct deck_meta *m)
{
	memset(m, 0, sizeof *m);
	m->breaks = -1;
	/* reveal.js 3.9.2 code defaults; HedgeDoc sets none of them (§1). */
	m->width = 960;
	m->height = 700;
	m->margin = 0.04f;
	m->min_scale = 0.2f;
	m->max_scale = 2.0f;
	m->center = true;
	m->slide_number = true;     /* HedgeDoc's default, slide.js l.65-73 */
	m->slide_number_format = "h.v";
	m->parallax_h = m->parallax_v = NAN;
}

/* One parse: the document, the file, and where to report. */
struct fm {
	struct arena *a;
	struct diag *d;
	const struct diag_file *src;
	struct deck_meta *m;
	yaml_document_t doc;
};

/* ------------------------------------------------------------------ */
/* Positions                                                          */

/* File offset of a libyaml mark. The YAML text starts at byte 0, so
 * mark.line is the 0-based file line; mark.column counts characters, so walk
 * that many UTF-8 code points along the line. */
static size_t mark_offset(const struct diag_file *src, yaml_mark_t mk)
{
	if (!src->n_lines)
		return 0;
	if (mk.line >= src->n_lines)
		return src->len;
	size_t off = src->line_start[mk.line];
	for (size_t c = 0; c < mk.column && off < src->len && src->text[off] != '\n'; c++) {
		off++;
		while (off < src->len && ((unsigned char)src->text[off] & 0xC0) == 0x80)
			off++;
	}
	return off;
}

static size_t node_offset(const struct fm *f, const yaml_node_t *n)
{
	return mark_offset(f->src, n->start_mark);
}

/* ------------------------------------------------------------------ */
/* Scalars as js-yaml resolves them (YAML 1.2 core schema)            */

enum kind { K_NULL, K_BOOL, K_NUMBER, K_STRING, K_SEQ, K_MAP };

static const char *sval(const yaml_node_t *n)
{
	return (const char *)n->data.scalar.value;
}

static bool is_plain(const yaml_node_t *n)
{
	return n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static const char *const null_words[] = { "", "~", "null", "Null", "NULL", NULL };
static const char *const true_words[] = { "true", "True", "TRUE", NULL };
static const char *const false_words[] = { "false", "False", "FALSE", NULL };

/* A decimal or hex number, optionally signed, with YAML's `_` digit
 * separators, or a JavaScript numeric string. Infinity and NaN are not
 * useful for any option here and are refused. */
static bool parse_number(const char *s, double *out)
{
	char buf[64];
	size_t k = 0;
	for (; *s && k + 1 < sizeof buf; s++)
		if (*s != '_')
			buf[k++] = *s;
	if (*s || !k)
		return false;
	buf[k] = 0;
	const char *p = buf + (buf[0] == '+' || buf[0] == '-');
	if (!(*p >= '0' && *p <= '9') && *p != '.')
		return false;       /* strtod would take "inf"/"nan" */
	char *end;
	double v = (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		? (double)strtoll(buf, &end, 16) : strtod(buf, &end);
	if (*end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static enum kind node_kind(const yaml_node_t *n, double *num)
{
	double dummy;
	if (!num)
		num = &dummy;
	if (n->type == YAML_SEQUENCE_NODE)
		return K_SEQ;
	if (n->type == YAML_MAPPING_NODE)
		return K_MAP;
	if (!is_plain(n))
		return K_STRING;    /* quoted and block scalars are strings */
	const char *s = sval(n);
	if (one_of(s, null_words))
		return K_NULL;
	if (one_of(s, true_words)) {
		*num = 1;
		return K_BOOL;
	}
	if (one_of(s, false_words)) {
		*num = 0;
		return K_BOOL;
	}
	if (parse_number(s, num))
		return K_NUMBER;
	return K_STRING;
}

/* JavaScript truthiness of a value, which is how reveal.js reads booleans. */
static bool truthy(const yaml_node_t *n)
{
	double v = 0;
	switch (node_kind(n, &v)) {
	case K_NULL: return false;
	case K_BOOL:
	case K_NUMBER: return v != 0;
	case K_STRING: return n->data.scalar.length > 0;
	default: return true;
	}
}

/* ------------------------------------------------------------------ */
/* Mappings                                                           */

static yaml_node_t *node(struct fm *f, int id)
{
	return yaml_document_get_node(&f->doc, id);
}

/* The value of `key` in mapping n, or NULL. js-yaml's `<<` merge keys are
 * honoured: explicit keys win, then the merged mappings in order (js-yaml
 * mergeMappings). depth bounds merges of merges. */
static yaml_node_t *map_get(struct fm *f, yaml_node_t *n, const char *key, int depth)
{
	if (!n || n->type != YAML_MAPPING_NODE || depth > 4)
		return NULL;
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(f, p->key);
		if (k && k->type == YAML_SCALAR_NODE && !strcmp(sval(k), key))
			return node(f, p->value);
	}
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(f, p->key), *v = node(f, p->value);
		if (!k || !v || !is_plain(k) || strcmp(sval(k), "<<"))
			continue;
		if (v->type == YAML_MAPPING_NODE) {
			yaml_node_t *r = map_get(f, v, key, depth + 1);
			if (r)
				return r;
		} else if (v->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *it = v->data.sequence.items.start;
			     it < v->data.sequence.items.top; it++) {
				yaml_node_t *r = map_get(f, node(f, *it), key, depth + 1);
				if (r)
					return r;
			}
		}
	}
	return NULL;
}

/* js-yaml refuses a mapping with the same key twice ("duplicated mapping
 * key"), which in HedgeDoc makes the whole front matter Markdown (§2.1).
 * libyaml accepts it, so check every mapping. Returns the offending key. */
static yaml_node_t *find_duplicate_key(struct fm *f)
{
	for (yaml_node_t *n = f->doc.nodes.start; n < f->doc.nodes.top; n++) {
		if (n->type != YAML_MAPPING_NODE)
			continue;
		yaml_node_pair_t *s = n->data.mapping.pairs.start, *t = n->data.mapping.pairs.top;
		for (yaml_node_pair_t *p = s + 1; p < t; p++) {
			yaml_node_t *kp = node(f, p->key);
			if (!kp || kp->type != YAML_SCALAR_NODE || (is_plain(kp) && !strcmp(sval(kp), "<<")))
				continue;
			for (yaml_node_pair_t *q = s; q < p; q++) {
				yaml_node_t *kq = node(f, q->key);
				if (kq && kq->type == YAML_SCALAR_NODE &&
				    kq->data.scalar.length == kp->data.scalar.length &&
				    !memcmp(sval(kq), sval(kp), kp->data.scalar.length))
					return kp;
			}
		}
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Alias bombs                                                        */

/* Size of the document with every alias expanded, saturated just above
 * MAX_YAML_NODES; SIZE_MAX for a recursive alias (`&a [*a]`). libyaml shares
 * aliased nodes rather than copying them, but a consumer that walks the tree
 * (or js-yaml's own constrainObject) would see the expansion. Iterative, so a
 * deeply nested document cannot overflow the stack. */
static size_t expanded_size(struct fm *f)
{
	yaml_node_t *root = yaml_document_get_root_node(&f->doc);
	if (!root)
		return 0;
	size_t n = (size_t)(f->doc.nodes.top - f->doc.nodes.start);
	size_t *w = xcalloc(n, sizeof *w);
	unsigned char *state = xcalloc(n, 1);       /* 0 new, 1 on the stack, 2 done */
	struct frame { int id; size_t next; } *stack = xmalloc(n * sizeof *stack);
	const size_t cap = (size_t)MAX_YAML_NODES + 1;
	size_t sp = 0, result = 0;
	stack[sp++] = (struct frame){ (int)(root - f->doc.nodes.start) + 1, 0 };
	state[stack[0].id - 1] = 1;
	w[stack[0].id - 1] = 1;
	while (sp) {
		struct frame *fr = &stack[sp - 1];
		yaml_node_t *nd = node(f, fr->id);
		int child = 0;
		if (nd->type == YAML_SEQUENCE_NODE) {
			size_t cnt = (size_t)(nd->data.sequence.items.top - nd->data.sequence.items.start);
			if (fr->next < cnt)
				child = nd->data.sequence.items.start[fr->next];
		} else if (nd->type == YAML_MAPPING_NODE) {
			size_t cnt = 2 * (size_t)(nd->data.mapping.pairs.top - nd->data.mapping.pairs.start);
			if (fr->next < cnt) {
				yaml_node_pair_t *p = &nd->data.mapping.pairs.start[fr->next / 2];
				child = fr->next % 2 ? p->value : p->key;
			}
		}
		if (!child) {                   /* all children summed */
			state[fr->id - 1] = 2;
			size_t done = w[fr->id - 1];
			sp--;
			if (sp)
				w[stack[sp - 1].id - 1] = MIN(cap, w[stack[sp - 1].id - 1] + done);
			else
				result = done;
			continue;
		}
		fr->next++;
		if (state[child - 1] == 1) {    /* an alias of an ancestor */
			result = SIZE_MAX;
			break;
		}
		if (state[child - 1] == 2) {    /* shared: count it again */
			w[fr->id - 1] = MIN(cap, w[fr->id - 1] + w[child - 1]);
			continue;
		}
		state[child - 1] = 1;
		w[child - 1] = 1;
		stack[sp++] = (struct frame){ child, 0 };
	}
	free(w);
	free(state);
	free(stack);
	return result;
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */

static void warn_at(struct fm *f, const yaml_node_t *n, const char *fmt, const char *a,
		    const char *b)
{
	diag_at(f->d, DIAG_WARNING, f->src, node_offset(f, n), fmt, a, b);
}

/* A scalar as the string JavaScript would make of it (`title: 2023`). */
static const char *get_string(struct fm *f, yaml_node_t *map, const char *key)
{
	yaml_node_t *v = map_get(f, map, key, 0);
	if (!v)
		return NULL;
	enum kind k = node_kind(v, NULL);
	if (k == K_NULL)
		return NULL;
	if (k == K_SEQ || k == K_MAP) {
		warn_at(f, v, "front matter: '%s%s' should be a string; ignored", key, "");
		return NULL;
	}
	return arena_strndup(f->a, sval(v), v->data.scalar.length);
}

static void add_tag(struct fm *f, const char *s, size_t n, size_t *cap)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	if (!n)
		return;
	struct deck_meta *m = f->m;
	for (size_t i = 0; i < m->n_tags; i++)     /* HedgeDoc drops repeats */
		if (strlen(m->tags[i]) == n && !memcmp(m->tags[i], s, n))
			return;
	if (m->n_tags == *cap) {
		size_t nc = *cap ? 2 * *cap : 8;
		const char **t = arena_alloc(f->a, nc * sizeof *t);
		if (m->n_tags)
			memcpy(t, m->tags, m->n_tags * sizeof *t);
		m->tags = t;
		*cap = nc;
	}
	m->tags[m->n_tags++] = arena_strndup(f->a, s, n);
}

/* HedgeDoc's extractNoteTags (lib/models/note.js): a string (or number) is
 * split on commas only; a list is taken item by item; each is trimmed and
 * empty ones dropped. */
static void read_tags(struct fm *f, yaml_node_t *root)
{
	yaml_node_t *v = map_get(f, root, "tags", 0);
	size_t cap = 0;
	if (!v)
		return;
	if (v->type == YAML_SCALAR_NODE) {
		if (node_kind(v, NULL) == K_NULL)
			return;
		const char *s = sval(v), *end = s + v->data.scalar.length;
		while (s <= end) {
			const char *c = memchr(s, ',', (size_t)(end - s));
			if (!c)
				c = end;
			add_tag(f, s, (size_t)(c - s), &cap);
			s = c + 1;
		}
	} else if (v->type == YAML_SEQUENCE_NODE) {
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			yaml_node_t *e = node(f, *it);
			if (e && e->type == YAML_SCALAR_NODE && node_kind(e, NULL) != K_NULL)
				add_tag(f, sval(e), e->data.scalar.length, &cap);
		}
	} else {
		warn_at(f, v, "front matter: 'tags' should be a list or a comma-separated string%s%s; ignored", "", "");
	}
}

/* A number option (margin, minScale, …). reveal.js coerces numeric strings
 * in its arithmetic, so a quoted '0.1' works as well. */
static void opt_number(struct fm *f, yaml_node_t *so, const char *key, float *dst,
		       bool percent_ok)
{
	yaml_node_t *v = map_get(f, so, key, 0);
	double x;
	if (!v)
		return;
	enum kind k = node_kind(v, &x);
	if (k == K_NUMBER || (k == K_STRING && parse_number(sval(v), &x))) {
		if (x > 0) {
			*dst = (float)x;
			return;
		}
	} else if (k == K_STRING && percent_ok && v->data.scalar.length > 1 &&
		   sval(v)[v->data.scalar.length - 1] == '%') {
		/* getComputedSlideSize: parseInt(size, 10) / 100 * available */
		char *end;
		long pc = strtol(sval(v), &end, 10);
		if (end != sval(v) && pc > 0) {
			*dst = (float)-pc;
			return;
		}
	}
	warn_at(f, v, percent_ok
		? "front matter: slideOptions.%s: '%s' is not a positive number or \"N%%\"; default kept"
		: "front matter: slideOptions.%s: '%s' is not a positive number; default kept",
		key, v->type == YAML_SCALAR_NODE ? sval(v) : "(not a scalar)");
}

/* center: reveal tests `config.center` for truthiness, so any non-empty
 * string (`no` is one in YAML 1.2) centres. Warn when it is not a boolean. */
static void opt_bool(struct fm *f, yaml_node_t *so, const char *key, bool *dst)
{
	yaml_node_t *v = map_get(f, so, key, 0);
	if (!v)
		return;
	*dst = truthy(v);
	if (node_kind(v, NULL) != K_BOOL)
		diag_at(f->d, DIAG_WARNING, f->src, node_offset(f, v),
			"front matter: slideOptions.%s should be true or false; "
			"reveal.js reads '%s' as %s", key,
			v->type == YAML_SCALAR_NODE ? sval(v) : "(not a scalar)",
			*dst ? "true" : "false");
}

/* slideOptions.slideNumber: a boolean, or a format string (reveal.js
 * updateSlideNumber: 'h.v', 'h/v', 'c', 'c/t'; anything else acts as 'h.v'). */
static void opt_slide_number(struct fm *f, yaml_node_t *so)
{
	static const char *const formats[] = { "h.v", "h/v", "c", "c/t", NULL };
	struct deck_meta *m = f->m;
	yaml_node_t *v = map_get(f, so, "slideNumber", 0);
	if (!v)
		return;
	enum kind k = node_kind(v, NULL);
	m->slide_number = truthy(v);
	if (k == K_STRING && m->slide_number) {
		if (one_of(sval(v), formats)) {
			m->slide_number_format = arena_strdup(f->a, sval(v));
		} else {
			warn_at(f, v, "front matter: slideOptions.slideNumber: unknown format '%s'%s; "
				"reveal.js shows 'h.v'", sval(v), "");
		}
	} else if (k != K_BOOL && k != K_STRING) {
		warn_at(f, v, "front matter: slideOptions.slideNumber should be true, false or a "
			"format such as 'c/t'%s%s", "", "");
	}
}

/* parallaxBackgroundHorizontal/Vertical: reveal.js uses them only when
 * `typeof … === 'number'` (updateParallax), so a quoted value does nothing. */
static void opt_parallax_step(struct fm *f, yaml_node_t *so, const char *key, float *dst)
{
	yaml_node_t *v = map_get(f, so, key, 0);
	double x;
	if (!v || node_kind(v, &x) == K_NULL)
		return;
	if (node_kind(v, &x) == K_NUMBER && isfinite(x))
		*dst = (float)x;
	else
		warn_at(f, v, "front matter: slideOptions.%s: '%s' is not a number; reveal.js "
			"ignores it", key, v->type == YAML_SCALAR_NODE ? sval(v) : "(not a scalar)");
}

static const char *opt_string(struct fm *f, yaml_node_t *so, const char *key)
{
	yaml_node_t *v = map_get(f, so, key, 0);
	if (!v)
		return NULL;
	enum kind k = node_kind(v, NULL);
	if (k == K_NULL)
		return NULL;
	if (k == K_SEQ || k == K_MAP) {
		warn_at(f, v, "front matter: slideOptions.%s should be a string%s; ignored", key, "");
		return NULL;
	}
	return arena_strndup(f->a, sval(v), v->data.scalar.length);
}

/* The keys slide.js copies from slideOptions (HEDGEDOC.md §1, l.78-129). */
static const char *const whitelist[] = {
	"autoPlayMedia", "autoSlide", "autoSlideStoppable", "backgroundTransition",
	"center", "controls", "controlsBackArrows", "controlsLayout", "controlsTutorial",
	"defaultTiming", "display", "embedded", "fragmentInURL", "fragments", "hash",
	"height", "help", "hideAddressBar", "hideCursorTime", "hideInactiveCursor",
	"history", "keyboard", "loop", "margin", "maxScale", "minScale",
	"minimumTimePerSlide", "mobileViewDistance", "mouseWheel", "navigationMode",
	"overview", "parallaxBackgroundHorizontal", "parallaxBackgroundImage",
	"parallaxBackgroundSize", "parallaxBackgroundVertical", "preloadIframes",
	"previewLinks", "progress", "rtl", "showNotes", "shuffle", "slideNumber", "theme",
	"totalTime", "touch", "transition", "transitionSpeed", "viewDistance", "width",
	NULL
};

/* reveal.js 3.9.2 options that HedgeDoc drops: an author who writes them
 * expects an effect, so say that there is none. Other unknown keys are
 * silent (they do nothing in reveal either). */
static const char *const dropped[] = {
	"showSlideNumber", "hashOneBasedIndex", "respondToHashChanges",
	"keyboardCondition", "disableLayout", "pause", "autoSlideMethod", "rollingLinks",
	"focusBodyOnPageVisibilityChange", "parallaxBackgroundRepeat",
	"parallaxBackgroundPosition", "pdfMaxPagesPerSlide", "pdfSeparateFragments",
	"pdfPageHeightOffset", "dependencies", NULL
};

static void read_slide_options(struct fm *f, yaml_node_t *root)
{
	struct deck_meta *m = f->m;
	yaml_node_t *so = map_get(f, root, "slideOptions", 0);
	if (!so || node_kind(so, NULL) == K_NULL)
		return;
	if (so->type != YAML_MAPPING_NODE) {
		/* lib/models/note.js:453 keeps slideOptions only if it is an object */
		warn_at(f, so, "front matter: slideOptions should be a mapping%s%s; ignored", "", "");
		return;
	}
	for (yaml_node_pair_t *p = so->data.mapping.pairs.start; p < so->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(f, p->key);
		if (!k || k->type != YAML_SCALAR_NODE)
			continue;
		if (!strcmp(sval(k), "rtl"))
			/* slide.js l.149-153 always overwrites it from `dir` (§1) */
			warn_at(f, k, "front matter: slideOptions.rtl has no effect in HedgeDoc; "
				"use 'dir: rtl'%s%s", "", "");
		else if (!one_of(sval(k), whitelist) && one_of(sval(k), dropped))
			warn_at(f, k, "front matter: slideOptions.%s is not one HedgeDoc passes to "
				"reveal.js%s; ignored", sval(k), "");
	}

	yaml_node_t *t = map_get(f, so, "theme", 0);
	if (t && t->type == YAML_SCALAR_NODE && node_kind(t, NULL) != K_NULL) {
		m->theme = arena_strndup(f->a, sval(t), t->data.scalar.length);
		m->theme_line = (unsigned)t->start_mark.line + 1;
	} else if (t && node_kind(t, NULL) != K_NULL) {
		warn_at(f, t, "front matter: slideOptions.theme should be a theme name%s%s; ignored", "", "");
	}
	opt_number(f, so, "width", &m->width, true);
	opt_number(f, so, "height", &m->height, true);
	opt_number(f, so, "margin", &m->margin, false);
	opt_number(f, so, "minScale", &m->min_scale, false);
	opt_number(f, so, "maxScale", &m->max_scale, false);
	opt_bool(f, so, "center", &m->center);
	opt_slide_number(f, so);
	m->parallax_image = opt_string(f, so, "parallaxBackgroundImage");
	m->parallax_size = opt_string(f, so, "parallaxBackgroundSize");
	opt_parallax_step(f, so, "parallaxBackgroundHorizontal", &m->parallax_h);
	opt_parallax_step(f, so, "parallaxBackgroundVertical", &m->parallax_v);
}

static void read_meta(struct fm *f, yaml_node_t *root)
{
	struct deck_meta *m = f->m;
	m->title = get_string(f, root, "title");
	m->description = get_string(f, root, "description");
	m->author = get_string(f, root, "author");   /* not HedgeDoc's; PDF metadata */
	m->lang = get_string(f, root, "lang");
	m->dir = get_string(f, root, "dir");
	m->rtl = m->dir && !strcmp(m->dir, "rtl");    /* meta.dir === 'rtl' */
	read_tags(f, root);

	yaml_node_t *b = map_get(f, root, "breaks", 0);
	if (b) {
		double v;
		if (node_kind(b, &v) == K_BOOL)
			m->breaks = v != 0;
		else   /* util.js:105-109 only looks at a boolean */
			warn_at(f, b, "front matter: 'breaks' should be true or false%s%s; ignored", "", "");
	}
	read_slide_options(f, root);
}

/* ------------------------------------------------------------------ */

/* An unknown explicit tag (`!foo`) is an error in js-yaml; libyaml keeps it. */
static yaml_node_t *find_unknown_tag(struct fm *f)
{
	static const char *const known[] = {
		"str", "int", "float", "bool", "null", "map", "seq", "timestamp",
		"binary", "omap", "pairs", "set", "merge", NULL
	};
	const char *pre = "tag:yaml.org,2002:";
	for (yaml_node_t *n = f->doc.nodes.start; n < f->doc.nodes.top; n++) {
		const char *tag = (const char *)n->tag;
		if (tag && (strncmp(tag, pre, strlen(pre)) || !one_of(tag + strlen(pre), known)))
			return n;
	}
	return NULL;
}

static void yaml_error(struct fm *f, yaml_parser_t *p, size_t yaml_end)
{
	size_t at = p->error == YAML_READER_ERROR ? p->problem_offset
						   : mark_offset(f->src, p->problem_mark);
	/* Running into the end of the block ("did not find expected ']'")
	 * says nothing about where the mistake is; the construct that was left
	 * open does (libyaml's context mark). */
	if (p->context && at >= yaml_end && p->error != YAML_READER_ERROR)
		at = mark_offset(f->src, p->context_mark);
	const char *problem = p->problem ? p->problem : "invalid YAML";
	if (p->context)
		diag_at(f->d, DIAG_WARNING, f->src, at,
			"front matter: %s %s; treating it as Markdown", problem, p->context);
	else
		diag_at(f->d, DIAG_WARNING, f->src, at,
			"front matter: %s; treating it as Markdown", problem);
}

/* exported function documented in frontmatter.h */
int frontmatter_parse(struct arena *a, struct diag *d, const struct diag_file *src,
		      struct deck_meta *m)
{
	const char *text = src->text;
	size_t len = src->len;
	deck_meta_defaults(m);

	/* HEDGEDOC.md §2.1: `str.slice(0, 3) !== '---'` → no front matter. */
	if (len < 3 || memcmp(text, "---", 3))
		return 0;
	/* /\n(\.{3}|-{3})/ from the start; the opening line has no "\n" before
	 * it, so it cannot close the block itself. */
	size_t end = 0;
	bool found = false;
	for (const char *nl = memchr(text, '\n', len); nl; ) {
		size_t i = (size_t)(nl - text);
		if (i + 3 < len && (!memcmp(nl + 1, "---", 3) || !memcmp(nl + 1, "...", 3))) {
			end = i;
			found = true;
			break;
		}
		nl = i + 1 < len ? memchr(nl + 1, '\n', len - i - 1) : NULL;
	}
	if (!found)
		return 0;           /* splitInput returns nothing: all Markdown */
	/* The markdown is what follows the three closing characters. */
	size_t body = end + 4;

	if (end > MAX_FRONTMATTER_BYTES) {
		diag_at(d, DIAG_WARNING, src, 0,
			"front matter: larger than %u bytes; ignored", MAX_FRONTMATTER_BYTES);
		m->body_offset = body;
		return 0;
	}

	struct fm f = { .a = a, .d = d, .src = src, .m = m };
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		abort();            /* out of memory: the program's policy (util.h) */
	yaml_parser_set_input_string(&p, (const unsigned char *)text, end);
	if (!yaml_parser_load(&p, &f.doc)) {
		if (p.error == YAML_MEMORY_ERROR)
			abort();
		yaml_error(&f, &p, end);
		yaml_parser_delete(&p);
		return 1;           /* body_offset 0: the whole note is Markdown */
	}
	yaml_parser_delete(&p);

	int ret = 0;
	yaml_node_t *bad;
	size_t n_nodes = (size_t)(f.doc.nodes.top - f.doc.nodes.start);
	if (n_nodes > MAX_YAML_NODES || expanded_size(&f) > MAX_YAML_NODES) {
		/* js-yaml would load it, so the block is still not Markdown; we
		 * just refuse to look inside (a "billion laughs"). */
		diag_at(d, DIAG_WARNING, src, 0,
			"front matter: more than %d YAML nodes once aliases are expanded; ignored",
			MAX_YAML_NODES);
		m->body_offset = body;
	} else if ((bad = find_duplicate_key(&f))) {
		diag_at(d, DIAG_WARNING, src, node_offset(&f, bad),
			"front matter: duplicated mapping key; treating it as Markdown");
		ret = 1;
	} else if ((bad = find_unknown_tag(&f))) {
		diag_at(d, DIAG_WARNING, src, node_offset(&f, bad),
			"front matter: unknown tag !<%s>; treating it as Markdown",
			(const char *)bad->tag);
		ret = 1;
	} else {
		m->has_frontmatter = true;
		m->body_offset = body;
		yaml_node_t *root = yaml_document_get_root_node(&f.doc);
		if (root && root->type == YAML_MAPPING_NODE)
			read_meta(&f, root);
		else if (root && node_kind(root, NULL) != K_NULL)
			diag_at(d, DIAG_WARNING, src, node_offset(&f, root),
				"front matter: not a mapping of keys to values; ignored");
	}
	yaml_document_delete(&f.doc);
	return ret;
}
