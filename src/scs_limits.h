/*
 * scs_limits.h — every hard limit of scs-pdf in one place, each with its reason
 * (librsvg limits.rs, md4c). Input that reaches a limit gets a diagnostic,
 * never a crash or a hang.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_LIMITS_H
#define SCS_LIMITS_H

/* A deck is a text file people type; 16 MiB is ~100x the largest real deck. */
#define MAX_DECK_BYTES (16u << 20)
/* reveal.js itself becomes unusable long before this many slides. */
#define MAX_SLIDES 20000
/* Nesting of DOM elements (lists, blockquotes, HTML): the cascade, box
 * building and layout recurse over the tree; deeper content is flattened. */
#define MAX_DOM_DEPTH 256
/* YAML front matter: size and node count stop alias bombs. */
#define MAX_FRONTMATTER_BYTES (256u << 10)
#define MAX_YAML_NODES 10000
/* CSS: rules across all sheets, selectors' compound parts, declarations. */
#define MAX_CSS_RULES 50000
#define MAX_CSS_SHEET_BYTES (4u << 20)
#define MAX_SELECTOR_PARTS 64
#define MAX_TEXT_SHADOWS 8
#define MAX_BOX_SHADOWS 8
/* Images: decoded pixels (a 50000x50000 PNG header must not allocate 10 GB). */
#define MAX_IMAGE_PIXELS (64u << 20)
#define MAX_IMAGE_BYTES (64u << 20)
/* SVG: librsvg has its own element and nesting limits; we cap file size. */
#define MAX_SVG_BYTES (16u << 20)
/* Remote assets. */
#define MAX_FETCH_BYTES (32u << 20)
#define MAX_FETCH_DECK_BYTES (256u << 20)
#define MAX_REDIRECTS 5
#define FETCH_CONNECT_TIMEOUT_S 10
#define FETCH_TOTAL_TIMEOUT_S 30
/* Asset maps on the command line. */
#define MAX_ASSET_MAPS 64
/* Length of one text run handed to Pango (a 1 MB line still lays out). */
#define MAX_INLINE_TEXT_BYTES (4u << 20)

#endif
