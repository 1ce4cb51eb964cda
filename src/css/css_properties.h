/*
 * css_properties.h — the longhand properties the engine computes, once.
 * Each line is PROP(ID, name, inherited):
 *
 *   ID         enum css_prop gets P_<ID>
 *   name       the CSS name, used by --dump=style
 *   inherited  1 when the property inherits (its definition's "Inherited:"
 *              line, CSS 2.1 §6.2): a child starts from the parent's value
 *
 * The order is the cascade's computing order (css_computed.c): a property
 * may depend only on the ones above it. Shorthands are not here; they are
 * rows of the property table in css_props.c that expand into these.
 *
 * Include after defining PROP; the header undefines it.
 *
 * SPDX-License-Identifier: MIT
 */

/* first: em lengths depend on font-size, currentColor on color (CSS 2.1 §6.1.2) */
PROP(FONT_SIZE, "font-size", 1)
PROP(COLOR, "color", 1)

/* visual formatting model (CSS 2.1 §9), overflow (§11.1.1), visibility (§11.2) */
PROP(DISPLAY, "display", 0)
PROP(POSITION, "position", 0)
PROP(FLOAT, "float", 0)
PROP(CLEAR, "clear", 0)
PROP(BOX_SIZING, "box-sizing", 0)
PROP(OVERFLOW_X, "overflow-x", 0)
PROP(OVERFLOW_Y, "overflow-y", 0)
PROP(VISIBILITY, "visibility", 1)

/* dimensions (CSS 2.1 §10) */
PROP(WIDTH, "width", 0)
PROP(HEIGHT, "height", 0)
PROP(MIN_WIDTH, "min-width", 0)
PROP(MIN_HEIGHT, "min-height", 0)
PROP(MAX_WIDTH, "max-width", 0)
PROP(MAX_HEIGHT, "max-height", 0)

/* box model (CSS 2.1 §8); each group of four in SIDE_* order */
PROP(MARGIN_TOP, "margin-top", 0)
PROP(MARGIN_RIGHT, "margin-right", 0)
PROP(MARGIN_BOTTOM, "margin-bottom", 0)
PROP(MARGIN_LEFT, "margin-left", 0)
PROP(PADDING_TOP, "padding-top", 0)
PROP(PADDING_RIGHT, "padding-right", 0)
PROP(PADDING_BOTTOM, "padding-bottom", 0)
PROP(PADDING_LEFT, "padding-left", 0)
PROP(BORDER_TOP_WIDTH, "border-top-width", 0)
PROP(BORDER_RIGHT_WIDTH, "border-right-width", 0)
PROP(BORDER_BOTTOM_WIDTH, "border-bottom-width", 0)
PROP(BORDER_LEFT_WIDTH, "border-left-width", 0)
PROP(BORDER_TOP_STYLE, "border-top-style", 0)
PROP(BORDER_RIGHT_STYLE, "border-right-style", 0)
PROP(BORDER_BOTTOM_STYLE, "border-bottom-style", 0)
PROP(BORDER_LEFT_STYLE, "border-left-style", 0)
PROP(BORDER_TOP_COLOR, "border-top-color", 0)
PROP(BORDER_RIGHT_COLOR, "border-right-color", 0)
PROP(BORDER_BOTTOM_COLOR, "border-bottom-color", 0)
PROP(BORDER_LEFT_COLOR, "border-left-color", 0)

/* corners in tl, tr, br, bl order (Backgrounds 3 §5) */
PROP(RADIUS_TL, "border-top-left-radius", 0)
PROP(RADIUS_TR, "border-top-right-radius", 0)
PROP(RADIUS_BR, "border-bottom-right-radius", 0)
PROP(RADIUS_BL, "border-bottom-left-radius", 0)

/* box offsets (CSS 2.1 §9.3.2), stacking (§9.9.1) */
PROP(TOP, "top", 0)
PROP(RIGHT, "right", 0)
PROP(BOTTOM, "bottom", 0)
PROP(LEFT, "left", 0)
PROP(Z_INDEX, "z-index", 0)

/* effects: Color 4 §11, Backgrounds 3 §6, Transforms 1 */
PROP(OPACITY, "opacity", 0)
PROP(BOX_SHADOW, "box-shadow", 0)
PROP(TRANSFORM, "transform", 0)
PROP(TRANSFORM_ORIGIN, "transform-origin", 0)

/* backgrounds (CSS 2.1 §14.2, Backgrounds 3 §3); object-fit (Images 3 §5.5) */
PROP(BG_COLOR, "background-color", 0)
PROP(BG_IMAGE, "background-image", 0)
PROP(BG_REPEAT, "background-repeat", 0)
PROP(BG_SIZE, "background-size", 0)
PROP(BG_POS_X, "background-position-x", 0)
PROP(BG_POS_Y, "background-position-y", 0)
PROP(OBJECT_FIT, "object-fit", 0)

/* flexbox (Flexbox 1), alignment (Box Alignment 3) */
PROP(FLEX_DIRECTION, "flex-direction", 0)
PROP(FLEX_WRAP, "flex-wrap", 0)
PROP(JUSTIFY_CONTENT, "justify-content", 0)
PROP(ALIGN_ITEMS, "align-items", 0)
PROP(ALIGN_SELF, "align-self", 0)
PROP(JUSTIFY_ITEMS, "justify-items", 0)
PROP(JUSTIFY_SELF, "justify-self", 0)
PROP(FLEX_GROW, "flex-grow", 0)
PROP(FLEX_SHRINK, "flex-shrink", 0)
PROP(FLEX_BASIS, "flex-basis", 0)
PROP(GAP, "column-gap", 0)
PROP(ROW_GAP, "row-gap", 0)

/* multi-column layout (Multicol 1 §3), fragmentation (Fragmentation 3 §3.1) */
PROP(COLUMN_COUNT, "column-count", 0)
PROP(COLUMN_WIDTH, "column-width", 0)
PROP(COLUMN_RULE_WIDTH, "column-rule-width", 0)
PROP(COLUMN_RULE_STYLE, "column-rule-style", 0)
PROP(COLUMN_RULE_COLOR, "column-rule-color", 0)
PROP(BREAK_INSIDE, "break-inside", 0)

/* grid (Grid 1 §7.2, §8.3) */
PROP(GRID_TEMPLATE_COLUMNS, "grid-template-columns", 0)
PROP(GRID_TEMPLATE_ROWS, "grid-template-rows", 0)
PROP(GRID_COLUMN_START, "grid-column-start", 0)
PROP(GRID_COLUMN_END, "grid-column-end", 0)
PROP(GRID_ROW_START, "grid-row-start", 0)
PROP(GRID_ROW_END, "grid-row-end", 0)

/* tables (CSS 2.1 §17.6) */
PROP(BORDER_COLLAPSE, "border-collapse", 1)
PROP(BORDER_SPACING, "border-spacing", 1)

/* fonts (CSS 2.1 §15); line-height before vertical-align, whose
 * percentages refer to it (§10.8.1) */
PROP(FONT_FAMILY, "font-family", 1)
PROP(FONT_WEIGHT, "font-weight", 1)
PROP(FONT_STYLE, "font-style", 1)
PROP(FONT_VARIANT, "font-variant", 1)
PROP(LINE_HEIGHT, "line-height", 1)

/* text (CSS 2.1 §16), lists (§12.5) */
PROP(LETTER_SPACING, "letter-spacing", 1)
PROP(WORD_SPACING, "word-spacing", 1)
PROP(TEXT_INDENT, "text-indent", 1)
PROP(TEXT_ALIGN, "text-align", 1)
PROP(TEXT_TRANSFORM, "text-transform", 1)
PROP(WHITE_SPACE, "white-space", 1)
PROP(DIRECTION, "direction", 1)
PROP(TEXT_DECORATION_LINE, "text-decoration-line", 0)
PROP(TEXT_DECORATION_COLOR, "text-decoration-color", 0)
PROP(VERTICAL_ALIGN, "vertical-align", 0)
PROP(LIST_STYLE_TYPE, "list-style-type", 1)
PROP(LIST_STYLE_POSITION, "list-style-position", 1)
PROP(LIST_STYLE_IMAGE, "list-style-image", 1)
PROP(TEXT_SHADOW, "text-shadow", 1)
PROP(WORD_BREAK, "word-break", 1)
PROP(OVERFLOW_WRAP, "overflow-wrap", 1)

#undef PROP
