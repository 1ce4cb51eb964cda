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
/* --fragments: pages of one slide's steps before its final state, and
 * pages of a deck (deck.c plan_pages). */
#define MAX_FRAGMENT_STEPS 64
#define MAX_PAGES 40000
/* Pages laid out ahead of their turn while the main thread would wait for
 * a picture made on a helper thread (output.c lay_out_ahead): each keeps
 * its display list and boxes (an arena) until it is drawn. */
#define MAX_PAGES_AHEAD 32
/* Nesting of DOM elements (lists, blockquotes, HTML): the cascade, box
 * building and layout recurse over the tree; deeper content is flattened. */
#define MAX_DOM_DEPTH 256
/* Nesting of the HTML handed to gumbo 0.10, which walks its stack of open
 * elements for most start tags (time in depth × tags: 16 MB of nested
 * <div>s would take hours) and frees its tree recursively. Deeper start
 * tags are left out before parsing; the DOM is flattened at MAX_DOM_DEPTH
 * afterwards anyway (html.c). */
#define MAX_HTML_NESTING (2 * MAX_DOM_DEPTH)
/* Elements on one slide (or in its notes): each costs a computed style
 * (1.2 KB), a box and display-list items, and a 1 MB line of `*a* ` makes
 * 250 000 of them (2 GB). The shared sample decks have at most 905 on a
 * slide (a highlighted code block). Past this, elements are replaced by
 * their content: the text stays, in its parent's style. */
#define MAX_SLIDE_ELEMENTS 20000
/* A run of more ~ = + markers than this is text, not delimiters (each
 * pair of a run is one delimiter node). */
#define MAX_DELIM_RUN 64
/* Cells of one GFM table, counted as cmark-gfm makes them (every row as
 * wide as the header); the rows after are text (markdown.c). */
#define MAX_TABLE_CELLS 100000
/* Times one slide's Markdown is parsed again after the block fixes of
 * markdown/blocks.c changed it (each parse is linear; a round fixes every
 * lazy tag line it finds). */
#define MAX_MD_REPARSE 8
/* `![a] [b]` gaps of one slide looked up for markdown-it-imsize (one
 * more parse of the slide for all of them); past this none is. */
#define MAX_IMSIZE_REF_GAPS 1000
/* Leftover `*`/`_` runs of one inline parent that emphasis.c pairs
 * again (a search per closer); past this they stay as cmark left them. */
#define MAX_EMPHASIS_RUNS 2000
/* Attributes of one HTML start tag; the rest are left out (html.c). */
#define MAX_HTML_ATTRS 1000
/* A transform whose factors or offsets exceed these, or that is not
 * invertible, is not drawn (cairo's 24.8 fixed point and its matrix
 * checks would fail the page): the element is left out with a warning. */
#define MAX_TRANSFORM_SCALE 1e4
#define MAX_TRANSFORM_OFFSET 1e6
/* YAML front matter: size and node count stop alias bombs. */
#define MAX_FRONTMATTER_BYTES (256u << 10)
#define MAX_YAML_NODES 10000
/* CSS: rules across all sheets, selectors' compound parts, declarations. */
#define MAX_CSS_RULES 50000
/* Custom properties kept for var(), and the bytes a declaration may
 * grow to once its var()s are replaced (nested ones included). */
#define MAX_CSS_VARS 1000
#define MAX_CSS_VAR_TEXT 4096
#define MAX_CSS_VAR_DEPTH 8
#define MAX_CSS_SHEET_BYTES (4u << 20)
#define MAX_SELECTOR_PARTS 64
#define MAX_TEXT_SHADOWS 8
#define MAX_BOX_SHADOWS 8
/* Grid tracks of one grid-template-columns/-rows (repeat() expanded), and
 * the columns and rows a grid lays out (auto-repeat and implicit tracks
 * included); items placed beyond are placed in the last track. */
#define MAX_GRID_TRACKS 64
/* Recursion inside one CSS value or condition: calc() parentheses,
 * @media/@supports conditions, :not()/:is() nesting. Real sheets use two or
 * three levels; deeper input is treated as invalid instead of recursing. */
#define MAX_CSS_NESTING 16
/* Computed lengths are clamped to +-this many px so that huge values such as
 * `width: 1e30px` keep layout arithmetic finite. */
#define MAX_CSS_LENGTH 1e6f
/* Images: decoded pixels (a 50000x50000 PNG header must not allocate 10 GB). */
#define MAX_IMAGE_PIXELS (64u << 20)
#define MAX_IMAGE_BYTES (64u << 20)
/* cairo refuses image surfaces wider or taller than this (MAX_IMAGE_SIZE in
 * cairo-image-surface.c: pixman's 16.16 fixed-point coordinates), so such a
 * picture could never be drawn. */
#define MAX_IMAGE_SIDE 32767
/* Scans of one JPEG (a progressive one has about ten). */
#define MAX_JPEG_SCANS 256
/* Decoded pixels held at once; the least recently drawn pictures' beyond
 * this are decoded again when needed (image.c pixels_held). */
#define MAX_DECODED_BYTES (512u << 20)
/* SVG: librsvg has its own element and nesting limits; we cap file size. */
#define MAX_SVG_BYTES (16u << 20)
/* SVGs that may make librsvg panic or run away (image.c svg_risky), and
 * under --safe every SVG, are first read and drawn in a child process
 * (sandbox.h) with these limits; all trials of a deck together get
 * SVG_TRIALS_CPU_S, so that with the program's own drawing of what passed a
 * deck stays within 10 s of CPU. Larger SVGs than SVG_TRUSTED_BYTES are
 * risky. */
#define SVG_TRIAL_CPU_S 2.0
#define SVG_TRIALS_CPU_S 4.0
#define SVG_TRIAL_WALL_S 6.0
#define SVG_TRIAL_MEM_BYTES (1024u << 20)
/* The environment variable that makes the program an SVG trial (image.c) */
#define SVG_TRIAL_ENV "SCS_SVG_TRIAL"
/* … and a raster trial (under --safe, every picture gdk-pixbuf decodes) */
#define RASTER_TRIAL_ENV "SCS_RASTER_TRIAL"
#define SVG_TRUSTED_BYTES (256u << 10)
/* librsvg decodes data: images in an SVG with no size limit, so image.c reads
 * each one's header first; real SVGs embed a handful, and each check costs a
 * decoder set-up (~10 us), so a file of 400000 tiny ones would take seconds. */
#define MAX_SVG_DATA_IMAGES 4096
/* Remote assets: one picture larger than 32 MiB is no slide picture (the
 * seed's largest, a 4000x3000 photo, is 3.4 MB); a deck's pictures together
 * are held in memory until drawn. Browsers follow 20 redirects; an upload
 * link needs one or two. The timeouts bound a dead server's cost. */
#define MAX_FETCH_BYTES (32u << 20)
#define MAX_FETCH_DECK_BYTES (256u << 20)
#define MAX_REDIRECTS 5
#define FETCH_CONNECT_TIMEOUT_S 10
#define FETCH_TOTAL_TIMEOUT_S 30
/* -j: decks converted at once, each in its own process. */
#define MAX_JOBS 64
/* The on-disk cache: beyond this, the least recently used entries go. */
#define MAX_CACHE_BYTES (1ull << 30)
/* @font-face rules a deck may use, and the size of one font file (a CJK
 * font is 15-20 MB; a slide deck's are a few hundred KB). */
#define MAX_FONT_FACES 32
#define MAX_FONT_SOURCES 8
#define MAX_FONT_BYTES (32u << 20)
/* Asset maps on the command line. */
#define MAX_ASSET_MAPS 64
/* Tagged PDF: structure elements nest at most this deep (deeper ones are
 * folded into their ancestor); opacity/transform groups tracked by the
 * renderer. Paint nests both by DOM depth. */
#define MAX_STRUCT_DEPTH 64
/* A page's content stream decoded in pdf_finish's own buffer; larger ones
 * go through qpdf's decoders. */
#define MAX_PAGE_CONTENT_BYTES ((size_t)1 << 30)
#define MAX_GROUP_DEPTH (MAX_DOM_DEPTH + 16)
/* One link annotation gathers at most this many areas (a link's runs over
 * lines and styles); a longer link gets several annotations. */
#define MAX_LINK_AREAS 64
/* Length of one text run handed to Pango (a 1 MB line still lays out). */
#define MAX_INLINE_TEXT_BYTES (4u << 20)

/* Syntax highlighting (highlight.c). highlight.js itself has no limits;
 * these stop input built to be slow, and the block then stays plain (as
 * when highlight.js throws). Work is counted in regexp VM steps (~5 ns):
 * real code needs 10-60 per byte (100 for a few short C++ snippets, under
 * the base), while leftmost-first search goes quadratic on crafted input
 * (one random-ASCII line of Markdown: 1700 per byte at 256 KB). */
#define MAX_HL_STEPS_PER_BYTE 200
#define MAX_HL_STEPS_BASE 4000000
/* Nested modes (brackets open modes in several grammars). */
#define MAX_HL_DEPTH 1000
/* Languages embedded in embedded languages (JSX in <script> in HTML in
 * Markdown); deeper ones are left plain. Each level of highlightAuto among
 * several languages multiplies the work. */
#define MAX_HL_SUBLANG_DEPTH 4

/* TeX math (src/math/): macro substitutions per formula (MathJax's
 * maxMacros), the size its text may grow to through them (MathJax's
 * maxBuffer, 5 KiB, is too small for real \newcommand use), the nesting
 * of groups, fractions and radicals, and the cells of one array. */
#define MAX_MATH_MACROS 10000
#define MAX_MATH_BUFFER (64u << 10)
#define MAX_MATH_DEPTH 64
#define MAX_MATH_CELLS 4096
#define MAX_MATH_DEFS 1024
/* Faces of the math font that a PDF may show it through: one per text a
 * glyph is shown with (render_cairo.c's draw_math: cairo maps a glyph of
 * a font subset to one text; \cdot and the dots of \cdots share a glyph). */
#define MAX_MATH_FONT_TWINS 4
/* minus signs in one radical's bar (MathJax's maxStretchyParts and the two ends) */
#define MAX_MATH_RULE_CHARS 1002

/* Diagrams (diagrams/). Each block is laid out and drawn in a child
 * process that is killed past its time budget (Graphviz's layout is
 * super-linear, and it aborts on some input); bigger blocks and graphs
 * stay code with a warning. */
#define MAX_DIAGRAM_BYTES (256u << 10)
#define MAX_DIAGRAM_NODES 1000
#define MAX_DIAGRAM_EDGES 4000
#define MAX_DIAGRAM_LABEL_BYTES 4096
/* Nesting of subgraphs walked by our checks and by the mermaid parser. */
#define MAX_DIAGRAM_DEPTH 64
#define MAX_DIAGRAM_SVG_BYTES (16u << 20)
/* ms of one diagram, and of all the diagrams of a deck together */
#define MAX_DIAGRAM_MS 3000
#define MAX_DIAGRAMS_TOTAL_MS 20000

/* Multi-column layout (layout/block.c): bisection steps that look for the
 * balanced column height, and the pieces (lines, unbreakable blocks) one
 * multicol element's content is cut into; past that it stays one column. */
#define MAX_MULTICOL_BALANCE_STEPS 30
#define MAX_MULTICOL_PIECES 20000

#endif
