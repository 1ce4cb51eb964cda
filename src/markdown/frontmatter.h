/*
 * frontmatter.h — the YAML front matter of a deck (HEDGEDOC.md §1, §2.1),
 * parsed with libyaml into struct deck_meta.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_FRONTMATTER_H
#define SCS_FRONTMATTER_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct diag_file;

struct deck_meta {
	/* document metadata (strings in the arena; NULL when absent) */
	const char *title, *description, *author, *lang, *dir;
	const char **tags;          /* `tags:` as a list or a comma/space string */
	size_t n_tags;
	int breaks;                 /* -1 unset, 0/1 (HedgeDoc ignores it in /p/, §9.3) */

	/* slideOptions (only HedgeDoc's whitelist, §1; defaults are reveal's) */
	const char *theme;          /* as written, NULL = default (black) */
	unsigned theme_line;        /* 1-based line of the theme value, for warnings */
	float width, height;        /* 960, 700; a "N%" value is stored negative: -N */
	float margin;               /* 0.04 */
	float min_scale, max_scale; /* 0.2, 2.0 */
	bool center;                /* true */
	bool slide_number;          /* true (HedgeDoc default) */
	const char *slide_number_format; /* "h.v" default, or "c", "c/t", "h/v" */
	const char *parallax_image, *parallax_size; /* NULL when absent */
	float parallax_h, parallax_v; /* px per slide step; NAN: from the size */
	bool rtl;                   /* from `dir: rtl` (slideOptions.rtl is ignored) */

	/* where the Markdown body starts in the file (after the closing ---) */
	size_t body_offset;
	bool has_frontmatter;       /* a valid front matter block was found */
};

/* Fill m with reveal's/HedgeDoc's defaults (no front matter). */
void deck_meta_defaults(struct deck_meta *m);

/*
 * Split and parse the front matter of src (HEDGEDOC.md §2.1: the note must
 * start with `---`; the YAML runs to the first line starting `---` or `...`).
 * Invalid YAML is a warning with the YAML error's file:line:col; then, as in
 * HedgeDoc, the whole file is Markdown (body_offset 0) and defaults apply.
 * Unknown or mistyped keys are warnings. Never fails: returns 0, or 1 when
 * the YAML was invalid.
 */
int frontmatter_parse(struct arena *a, struct diag *d, const struct diag_file *src,
		      struct deck_meta *m);

#endif
