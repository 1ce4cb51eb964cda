/*
 * css.h — the public face of the CSS engine (its parts are listed in
 * css_internal.h): parse sheets, run the cascade over a slide's DOM, and
 * hand layout one `struct computed_style` per element.
 *
 * Origins in cascade order (HEDGEDOC.md §1 "Page assembly", §5): the UA sheet,
 * then the author sheets in the order added (reveal core, theme, HedgeDoc
 * overrides, the deck's <style> blocks), then `style=` attributes. `!important`
 * author declarations beat normal ones (CSS Cascade 4 §6.1). Invalid
 * declarations are dropped where a browser drops them (CSS Syntax 3 §5 error
 * recovery), each with a warning into the sheet's source.
 *
 * Computed values: lengths are resolved to CSS px where CSS computes them
 * (em, rem, ex, pt, vw, vh → px); percentages stay percentages and layout
 * resolves them against the containing block.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_CSS_H
#define SCS_CSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/scs_limits.h"

struct arena;
struct diag;
struct diag_file;
struct dom_node;

struct css_color {
	uint8_t r, g, b, a;      /* a: 0 transparent … 255 opaque */
};

enum css_len_kind {
	LEN_PX = 0,              /* v in CSS px */
	LEN_PCT,                 /* v in percent */
	LEN_AUTO,
	LEN_NONE,                /* max-width/max-height: none */
	LEN_NORMAL,              /* line-height/letter-spacing: normal */
	LEN_NUMBER               /* line-height: unitless factor (inherits as number) */
};

struct css_len {
	uint8_t kind;            /* enum css_len_kind */
	float v;
};

enum css_display {
	DISPLAY_INLINE = 0, DISPLAY_BLOCK, DISPLAY_INLINE_BLOCK, DISPLAY_LIST_ITEM,
	DISPLAY_NONE, DISPLAY_TABLE, DISPLAY_INLINE_TABLE, DISPLAY_TABLE_ROW_GROUP,
	DISPLAY_TABLE_HEADER_GROUP, DISPLAY_TABLE_FOOTER_GROUP, DISPLAY_TABLE_ROW,
	DISPLAY_TABLE_CELL, DISPLAY_TABLE_CAPTION, DISPLAY_TABLE_COLUMN,
	DISPLAY_TABLE_COLUMN_GROUP, DISPLAY_FLEX, DISPLAY_INLINE_FLEX, DISPLAY_GRID,
	DISPLAY_INLINE_GRID
};

enum css_position { POS_STATIC = 0, POS_RELATIVE, POS_ABSOLUTE, POS_FIXED };
enum css_float { FLOAT_NONE = 0, FLOAT_LEFT, FLOAT_RIGHT };
enum css_break_inside { BREAK_INSIDE_AUTO = 0, BREAK_INSIDE_AVOID };
enum css_clear { CLEAR_NONE = 0, CLEAR_LEFT, CLEAR_RIGHT, CLEAR_BOTH };
enum css_white_space {
	WS_NORMAL = 0, WS_PRE, WS_NOWRAP, WS_PRE_WRAP, WS_PRE_LINE
};
enum css_text_align {
	/* START is the initial value; layout maps it by `direction`. */
	TA_START = 0, TA_LEFT, TA_RIGHT, TA_CENTER, TA_JUSTIFY, TA_END,
	TA_WEBKIT_CENTER         /* <center>: also centres block children */
};
enum css_text_transform { TT_NONE = 0, TT_UPPERCASE, TT_LOWERCASE, TT_CAPITALIZE };
enum css_text_decoration {   /* bit set */
	TD_UNDERLINE = 1, TD_OVERLINE = 2, TD_LINE_THROUGH = 4
};
enum css_vertical_align {
	VA_BASELINE = 0, VA_SUB, VA_SUPER, VA_TOP, VA_TEXT_TOP, VA_MIDDLE,
	VA_BOTTOM, VA_TEXT_BOTTOM, VA_LENGTH  /* vertical_align_len holds it */
};
enum css_border_style {
	BS_NONE = 0, BS_HIDDEN, BS_SOLID, BS_DOTTED, BS_DASHED, BS_DOUBLE,
	BS_GROOVE, BS_RIDGE, BS_INSET, BS_OUTSET
};
enum css_list_style_type {
	LST_DISC = 0, LST_CIRCLE, LST_SQUARE, LST_DECIMAL, LST_DECIMAL_LEADING_ZERO,
	LST_LOWER_ALPHA, LST_UPPER_ALPHA, LST_LOWER_ROMAN, LST_UPPER_ROMAN,
	LST_LOWER_GREEK, LST_DISCLOSURE_OPEN, LST_DISCLOSURE_CLOSED, LST_NONE
};
enum css_list_style_position { LSP_OUTSIDE = 0, LSP_INSIDE };
enum css_overflow { OVERFLOW_VISIBLE = 0, OVERFLOW_HIDDEN, OVERFLOW_SCROLL, OVERFLOW_AUTO };
enum css_visibility { VIS_VISIBLE = 0, VIS_HIDDEN, VIS_COLLAPSE };
enum css_direction { DIR_LTR = 0, DIR_RTL };
enum css_box_sizing { BOX_CONTENT = 0, BOX_BORDER };
enum css_border_collapse { BC_SEPARATE = 0, BC_COLLAPSE };
enum css_bg_repeat { BG_REPEAT = 0, BG_NO_REPEAT, BG_REPEAT_X, BG_REPEAT_Y };
enum css_bg_size { BGS_AUTO = 0, BGS_COVER, BGS_CONTAIN, BGS_LENGTH };
enum css_object_fit { FIT_FILL = 0, FIT_CONTAIN, FIT_COVER, FIT_NONE, FIT_SCALE_DOWN };
enum css_flex_direction { FLEX_ROW = 0, FLEX_ROW_REVERSE, FLEX_COLUMN, FLEX_COLUMN_REVERSE };
enum css_align { ALIGN_NORMAL = 0, ALIGN_FLEX_START, ALIGN_FLEX_END, ALIGN_CENTER,
	ALIGN_STRETCH, ALIGN_BASELINE, ALIGN_SPACE_BETWEEN, ALIGN_SPACE_AROUND,
	ALIGN_SPACE_EVENLY };

enum { SIDE_TOP = 0, SIDE_RIGHT, SIDE_BOTTOM, SIDE_LEFT };

struct css_shadow {
	float x, y, blur, spread; /* px */
	struct css_color color;   /* currentColor already resolved */
	bool inset;
};

/* A gradient, as parsed from linear-gradient()/radial-gradient() and the
 * -webkit- forms the themes use (HEDGEDOC.md §9.13). */
#define CSS_MAX_STOPS 8
struct css_gradient {
	bool radial;
	float angle_deg;          /* linear: CSS angle (180 = to bottom) */
	int n_stops;
	struct { struct css_color color; float pos; /* 0..1, <0 = auto */ } stop[CSS_MAX_STOPS];
};

/* Transform functions, in order (CSS Transforms 1 §7). */
#define CSS_MAX_TRANSFORMS 8
struct css_transform {
	int n;
	struct {
		uint8_t op;            /* 't' translate, 's' scale, 'r' rotate, 'm' matrix, 'k' skew */
		struct css_len a, b;   /* translate: x/y (px or %); scale: sx/sy (v); rotate: a.v deg; skew: deg */
		float m[6];            /* matrix(a,b,c,d,e,f) */
	} f[CSS_MAX_TRANSFORMS];
	struct css_len origin[2];  /* transform-origin, default 50% 50% */
};

/* A grid track list (CSS Grid 1 §7.2): each track a minimum and a maximum
 * sizing function; `repeat(auto-fill|auto-fit, ...)` tracks are kept once,
 * from `auto_at` for `auto_n` tracks, and repeated by layout. */
enum css_track_kind {
	TRK_PX = 0, TRK_PCT, TRK_FR, TRK_AUTO, TRK_MIN_CONTENT, TRK_MAX_CONTENT
};
struct css_track {
	uint8_t min_kind, max_kind;       /* enum css_track_kind (min never TRK_FR) */
	float min, max;
};
struct css_tracks {
	int n;
	int auto_at, auto_n;              /* auto_n == 0: no auto repeat */
	bool auto_fit;
	struct css_track t[MAX_GRID_TRACKS];
};
/* grid-column-start/-end, grid-row-start/-end (§8.3): a line number
 * (negative: from the end), `span N`, or auto (line == 0, span == 0). */
struct css_grid_line {
	int16_t line, span;
};

/* Every field is a *computed* value (CSS 2.1 §6.1.2). Inherited properties
 * are already copied from the parent. Strings live in the slide arena. */
struct computed_style {
	/* box */
	uint8_t display, position, float_, clear, box_sizing, overflow_x, overflow_y;
	uint8_t visibility;
	struct css_len width, height, min_width, min_height, max_width, max_height;
	struct css_len margin[4];        /* LEN_PX, LEN_PCT or LEN_AUTO */
	struct css_len padding[4];       /* LEN_PX or LEN_PCT */
	float border_width[4];           /* px; 0 when border-style is none/hidden */
	uint8_t border_style[4];
	struct css_color border_color[4];
	struct css_len border_radius[4]; /* tl, tr, br, bl (circular radii) */
	struct css_len inset[4];         /* top/right/bottom/left; LEN_AUTO default */
	int z_index;                     /* 0 for auto */
	bool z_index_auto;
	float opacity;                   /* 0..1 */
	struct css_shadow box_shadow[MAX_BOX_SHADOWS];
	int n_box_shadow;
	struct css_transform transform;  /* n == 0: none */

	/* background (not inherited) */
	struct css_color background_color;
	const char *background_image;    /* url() value, resolved against nothing; NULL = none */
	struct css_gradient *background_gradient; /* NULL = none */
	uint8_t background_repeat;       /* enum css_bg_repeat */
	uint8_t background_size;         /* enum css_bg_size */
	struct css_len background_size_len[2]; /* BGS_LENGTH: width/height (LEN_AUTO allowed) */
	struct css_len background_position[2]; /* default 0% 0% */
	uint8_t object_fit;

	/* flex (not inherited) */
	uint8_t flex_direction, flex_wrap, justify_content, align_items, align_self;
	uint8_t justify_items, justify_self;   /* grid items (Box Alignment 3 §6) */
	float flex_grow, flex_shrink;
	struct css_len flex_basis;       /* LEN_AUTO default */
	struct css_len gap;              /* column-gap */
	struct css_len row_gap;

	/* multi-column (not inherited) */
	int column_count;                /* 0: auto */
	struct css_len column_width;     /* LEN_AUTO default */
	uint8_t break_inside;            /* enum css_break_inside */
	float column_rule_width;         /* px, as specified (medium: 3); none draws nothing */
	uint8_t column_rule_style;       /* enum css_border_style */
	bool column_rule_current;        /* column-rule-color is currentColor */
	struct css_color column_rule_color;

	/* grid (not inherited) */
	const struct css_tracks *grid_cols, *grid_rows;   /* NULL: none */
	struct css_grid_line grid_line[4];   /* column start, column end, row start, row end */

	/* table */
	uint8_t border_collapse;         /* inherited */
	float border_spacing;            /* inherited, px */

	/* text (inherited unless noted) */
	const char *font_family;         /* computed list, comma-separated, as written
	                                    but unquoted: "lato, Helvetica, sans-serif" */
	float font_size;                 /* px */
	uint16_t font_weight;            /* 100..900 (bolder/lighter resolved) */
	bool font_italic;
	bool font_small_caps;
	struct css_len line_height;      /* LEN_NORMAL, LEN_PX or LEN_NUMBER */
	float letter_spacing;            /* px; normal = 0 */
	float word_spacing;              /* px */
	struct css_len text_indent;
	uint8_t text_align, text_transform, white_space, direction;
	uint8_t text_decoration;         /* not inherited; bits of enum css_text_decoration */
	struct css_color text_decoration_color; /* not inherited; alpha 0 = currentColor */
	uint8_t vertical_align;          /* not inherited */
	struct css_len vertical_align_len;
	uint8_t list_style_type, list_style_position;
	const char *list_style_image;    /* NULL = none */
	struct css_color color;
	struct css_shadow text_shadow[MAX_TEXT_SHADOWS];
	int n_text_shadow;
	bool word_break_all;             /* word-break: break-all */
	bool overflow_wrap;              /* word-wrap/overflow-wrap: break-word */
};

enum css_origin { CSS_ORIGIN_UA = 0, CSS_ORIGIN_AUTHOR };

struct css_engine;

/* A new engine; diagnostics go to d. Everything it allocates lives in a
 * (the deck arena) except computed styles, which css_cascade() puts in the
 * arena it is given. */
struct css_engine *css_engine_new(struct arena *a, struct diag *d);

/*
 * Parse a sheet and append it to the cascade. text is borrowed for the call.
 * Positions in warnings: `src` is the file the text came from (NULL: none) and
 * `base` the byte offset of text[0] inside it, so a deck <style> block's
 * warnings point into the deck. `@import` rules are dropped (HedgeDoc strips
 * them, HEDGEDOC.md §5); `@media` is evaluated for a 960×700 screen.
 * Returns the number of rules added.
 */
int css_engine_add_sheet(struct css_engine *e, enum css_origin origin,
			 const char *text, size_t len,
			 const struct diag_file *src, size_t base);

/* An @font-face rule of an author sheet (CSS Fonts 4 §4): the family name
 * it defines and its url() sources in order (local() ones are skipped: a
 * deck's fonts are the deck's own). `off` is the rule's offset in src. */
struct css_font_face {
	const char *family;
	const char *src[MAX_FONT_SOURCES];
	unsigned n_src;
	int weight;                      /* 400 when not given */
	bool italic;
	const struct diag_file *file;
	size_t off;
};

/* The @font-face rules parsed so far, in order (at most MAX_FONT_FACES). */
const struct css_font_face *css_engine_font_faces(const struct css_engine *e, size_t *n);

/* Viewport for vw/vh and @media (default 960×700). */
void css_engine_set_viewport(struct css_engine *e, float w, float h);

/* Device pixels per CSS px (default 1): border widths snap to whole device
 * pixels (CSS Values 4 "snap as a border width"). reveal.js zooms a slide
 * up by its scale when that is above 1, so there a 1px border is one
 * device pixel, 1/scale px of the slide. */
void css_engine_set_device_scale(struct css_engine *e, float dpr);

/*
 * Run the cascade over the tree below (and including) root: give every
 * element node a computed style allocated in `a` (element->style) and every
 * text node its parent's. `style=` attributes are parsed here; their warnings
 * use the node's src_line and the diag_file `src` (may be NULL).
 * The root's parent style is the initial values (font-size 16px, …).
 */
void css_cascade(struct css_engine *e, struct dom_node *root, struct arena *a,
		 const struct diag_file *src);

/* A style with every property at its initial value (CSS 2.1 per property). */
void css_style_initial(struct computed_style *s);

/* The style of an anonymous box (CSS 2.1 §9.2.1.1): inherited properties
 * from parent, everything else initial, and the given display. */
void css_style_anonymous(struct computed_style *out, const struct computed_style *parent,
			 uint8_t display);

/* Parse one colour value (`#abc`, `rgb(…)`, a name…). true on success. */
bool css_parse_color(const char *s, size_t len, struct css_color *out);

/* `--dump=style`: the non-initial computed values of each element. */
void css_style_dump(FILE *out, const struct dom_node *root);

#endif
