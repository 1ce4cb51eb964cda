/*
 * box_build.c — styled DOM → box tree (CSS 2.1 §9.2), the NetSurf
 * box_construct.c analogue. Block-level elements become block boxes; runs of
 * inline content become the inline formatting context of their block, and
 * where inline content sits beside block-level siblings it is wrapped in an
 * anonymous block (§9.2.1.1). Images (<img> and background-image) are
 * loaded here through assets.c, so layout knows their intrinsic sizes.
 *
 * SPDX-License-Identifier: MIT
 */
#include "layout/box.h"
#include "resources/assets.h"
#include "css/css.h"
#include "base/diag.h"
#include "diagrams/diagrams.h"
#include "markdown/dom.h"
#include "resources/image.h"
#include "math/math.h"
#include "math/mlist.h"
#include "text/text.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

bool box_is_block_level(const struct computed_style *s)
{
	switch (s->display) {
	case DISPLAY_BLOCK: case DISPLAY_LIST_ITEM: case DISPLAY_TABLE:
	case DISPLAY_FLEX: case DISPLAY_GRID: case DISPLAY_TABLE_ROW_GROUP:
	case DISPLAY_TABLE_HEADER_GROUP: case DISPLAY_TABLE_FOOTER_GROUP:
	case DISPLAY_TABLE_ROW: case DISPLAY_TABLE_CELL: case DISPLAY_TABLE_CAPTION:
		return true;
	default:
		return false;
	}
}

static struct box *box_new(struct box_ctx *c, enum box_type t, struct dom_node *n,
			   const struct computed_style *s)
{
	struct box *b = arena_alloc(c->arena, sizeof *b);
	b->type = t;
	b->node = n;
	b->style = s;
	if (n && s && s->background_image)  /* not anonymous boxes: their style is the parent's */
		b->bg_image = assets_image(c->assets, s->background_image, "background image",
					   n->src_line, n->src_col);
	b->baseline = -1;
	b->first_baseline = -1;
	b->colspan = b->rowspan = 1;
	return b;
}

static void box_append(struct box *parent, struct box *child)
{
	child->parent = parent;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

static void inl_push(struct box_ctx *c, struct box *b, enum inl_kind k,
		     const struct dom_node *n, const struct computed_style *s,
		     struct box *atomic)
{
	if (b->n_inl == b->cap_inl) {
		size_t cap = b->cap_inl ? b->cap_inl * 2 : 16;
		struct inl_item *ni = arena_alloc(c->arena, cap * sizeof *ni);
		if (b->n_inl)
			memcpy(ni, b->inl, b->n_inl * sizeof *ni);
		b->inl = ni;
		b->cap_inl = cap;
	}
	struct inl_item *it = &b->inl[b->n_inl++];
	it->kind = k;
	it->node = n;
	it->style = s;
	it->atomic = atomic;
}

/* ---- images ----------------------------------------------------------- */

static const struct image *load_image(struct box_ctx *c, const char *src,
				      const struct dom_node *n)
{
	return assets_image(c->assets, src, "image", n->src_line, n->src_col);
}

/* width="300" / "50%" → px, or negative percent; 0 when absent/invalid. */
static double size_attr(const char *v)
{
	if (!v || !*v)
		return 0;
	char *end;
	double d = strtod(v, &end);
	if (end == v || d <= 0)
		return 0;
	if (*end == '%')
		return -d;
	return d;
}

/* ---- list markers (CSS Lists 3 §3; Chrome's ::marker text) ------------- */

static void roman(char *out, size_t n, int v, bool upper)
{
	static const struct { int v; const char *s; } t[] = {
		{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
		{90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"},
		{4, "iv"}, {1, "i"}
	};
	size_t k = 0;
	out[0] = '\0';
	if (v <= 0 || v >= 4000) {
		snprintf(out, n, "%d", v);
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		while (v >= t[i].v && k + 3 < n) {
			for (const char *p = t[i].s; *p; p++)
				out[k++] = upper ? (char)(*p - 32) : *p;
			v -= t[i].v;
		}
	out[k] = '\0';
}

static void alpha(char *out, size_t n, int v, bool upper)
{
	char buf[16];
	int k = 0;
	if (v <= 0) {
		snprintf(out, n, "%d", v);
		return;
	}
	while (v > 0 && k < 15) {
		v--;
		buf[k++] = (char)((upper ? 'A' : 'a') + v % 26);
		v /= 26;
	}
	size_t j = 0;
	while (k > 0 && j + 1 < n)
		out[j++] = buf[--k];
	out[j] = '\0';
}

/* An integer attribute clamped to int (atoi's overflow is undefined). */
static long long int_attr(const char *v)
{
	long long k = strtoll(v, NULL, 10);
	return MAX(MIN(k, INT_MAX), INT_MIN);
}

static int list_ordinal(const struct dom_node *n)
{
	if (!n || !n->parent)
		return 1;
	const char *v = dom_get_attr(n, "value");
	if (v)
		return (int)int_attr(v);
	const char *st = dom_get_attr(n->parent, "start");
	long long k = st ? int_attr(st) : 1;
	for (const struct dom_node *p = n->parent->first_child; p && p != n; p = p->next) {
		if (p->type == DOM_ELEMENT && p->style && p->style->display == DISPLAY_LIST_ITEM) {
			const char *pv = dom_get_attr(p, "value");
			/* past INT_MAX the count stays there (no overflow) */
			k = MIN((pv ? int_attr(pv) : k) + 1, INT_MAX);
		}
	}
	return (int)k;
}

/* exported function documented in box.h */
void box_marker_text(const struct dom_node *li, const struct computed_style *s, char *txt,
		     size_t n)
{
	int ord = list_ordinal(li);
	char r[48];
	switch (s->list_style_type) {
	case LST_NONE: txt[0] = '\0'; break;
	case LST_DECIMAL: snprintf(txt, n, "%d. ", ord); break;
	case LST_DECIMAL_LEADING_ZERO: snprintf(txt, n, "%02d. ", ord); break;
	case LST_LOWER_ROMAN: case LST_UPPER_ROMAN:
		roman(r, sizeof r, ord, s->list_style_type == LST_UPPER_ROMAN);
		snprintf(txt, n, "%s. ", r);
		break;
	case LST_LOWER_ALPHA: case LST_UPPER_ALPHA: case LST_LOWER_GREEK:
		alpha(r, sizeof r, ord, s->list_style_type == LST_UPPER_ALPHA);
		snprintf(txt, n, "%s. ", r);
		break;
	/* Chrome's ::marker strings (html.css, CSS Counter Styles 3 §6.1) */
	case LST_DISCLOSURE_CLOSED: snprintf(txt, n, "\xe2\x96\xb8 "); break;
	case LST_DISCLOSURE_OPEN: snprintf(txt, n, "\xe2\x96\xbe "); break;
	case LST_CIRCLE: snprintf(txt, n, "\xe2\x97\xa6 "); break;
	case LST_SQUARE: snprintf(txt, n, "\xe2\x96\xaa "); break;
	default: snprintf(txt, n, "\xe2\x80\xa2 "); break;
	}
}

/* ---- tree walk -------------------------------------------------------- */

static void build_children(struct box_ctx *c, struct box *parent,
			   struct dom_node *n, int depth);

/* A replaced box for n showing img (NULL: none). A broken <img> (it has a
 * src that could not be had) is drawn as Chrome draws one with empty alt
 * text: its frame around nothing, whatever size was asked for. */
static struct box *replaced_box(struct box_ctx *c, struct dom_node *n,
				const struct image *img)
{
	struct box *b = box_new(c, BOX_REPLACED, n, n->style);
	b->src = dom_get_attr(n, "src");
	b->attr_w = size_attr(dom_get_attr(n, "width"));
	b->attr_h = size_attr(dom_get_attr(n, "height"));
	b->image = img;
	b->broken = dom_is(n, "img") && !img;
	return b;
}

struct math_where {
	struct box_ctx *c;
	const struct dom_node *n;
	const char *tex;
};

/* A formula's warning at its place in the deck: lines and columns counted
 * through the TeX from its `$` (a display formula's lines are the deck's,
 * assuming no indentation was stripped). */
static void math_warning(void *ctx, size_t off, const char *msg)
{
	const struct math_where *w = ctx;
	unsigned line = w->n->src_line, col = w->n->src_col;
	size_t len = strlen(w->tex), bol = 0;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++)
		if (w->tex[i] == '\n') {
			line++;
			bol = i + 1;
		}
	if (line > w->n->src_line)
		col = (unsigned)(off - bol) + 1;     /* the TeX's own line: its column */
	else if (col)
		col += (unsigned)off + 1;            /* after the opening `$` */
	diag_at_line(w->c->diag, DIAG_WARNING, w->c->src, line, col, "%s", msg);
}

/* <scs-math data-tex data-display>: the formula typeset at the text's size
 * scaled as MathJax scales its fonts, to match the text's x-height. */
static struct box *build_math(struct box_ctx *c, struct dom_node *n)
{
	struct box *b = replaced_box(c, n, NULL);
	const char *tex = dom_get_attr(n, "data-tex");
	const struct computed_style *s = n->style;
	if (!tex || !s)
		return b;
	double scale = math_scale_for(text_font_x_height(s));
	struct math_where w = { c, n, tex };
	struct math_warn mw = { math_warning, &w };
	b->math = math_typeset(c->arena, tex, strlen(tex), dom_get_attr(n, "data-display") != NULL,
			       s->font_size * scale, s->color, &mw);
	if (!b->math)
		diag_at_line(c->diag, DIAG_WARNING, c->src, n->src_line, n->src_col,
			     "math: no math font (fonts/latinmodern-math.otf)");
	return b;
}

static struct box *build_replaced(struct box_ctx *c, struct dom_node *n)
{
	if (dom_is(n, "scs-math"))
		return build_math(c, n);
	const struct image *img = NULL;
	if (dom_is(n, "img") || diagrams_is_picture(n))
		img = load_image(c, dom_get_attr(n, "src"), n);
	return replaced_box(c, n, img);
}

static bool is_replaced(const struct dom_node *n)
{
	return dom_is(n, "img") || diagrams_is_picture(n) || dom_is(n, "iframe") ||
	       dom_is(n, "video") || dom_is(n, "scs-math") || dom_is(n, "audio") ||
	       dom_is(n, "input");
}

static bool has_rows(const struct dom_node *n)
{
	for (const struct dom_node *ch = n->first_child; ch; ch = ch->next)
		if (ch->type == DOM_ELEMENT && ch->style &&
		    (ch->style->display == DISPLAY_TABLE_ROW ||
		     ch->style->display == DISPLAY_TABLE_ROW_GROUP ||
		     ch->style->display == DISPLAY_TABLE_HEADER_GROUP ||
		     ch->style->display == DISPLAY_TABLE_FOOTER_GROUP))
			return true;
	return false;
}

/* The block-level box for an element, with its content built. */
static struct box *build_block(struct box_ctx *c, struct dom_node *n, int depth)
{
	const struct computed_style *s = n->style;
	enum box_type t = BOX_BLOCK;
	switch (s->display) {
	case DISPLAY_TABLE: case DISPLAY_INLINE_TABLE: t = BOX_TABLE; break;
	case DISPLAY_TABLE_ROW: t = BOX_ROW; break;
	case DISPLAY_TABLE_CELL: t = BOX_CELL; break;
	case DISPLAY_INLINE_BLOCK: case DISPLAY_INLINE_FLEX: case DISPLAY_INLINE_GRID:
		t = BOX_INLINE_BLOCK;
		break;
	default: break;
	}
	if (is_replaced(n))
		return build_replaced(c, n);
	/* A table with no rows (HedgeDoc's `.youtube`/`.vimeo` boxes are
	 * `display: table` around an image and an icon) is laid out as the
	 * block its anonymous cell would be. */
	if (t == BOX_TABLE && !has_rows(n))
		t = BOX_BLOCK;
	struct box *b = box_new(c, t, n, s);
	b->list_item = s->display == DISPLAY_LIST_ITEM;
	if (t == BOX_CELL) {
		const char *cs = dom_get_attr(n, "colspan");
		if (cs && atoi(cs) > 1)
			b->colspan = MIN(atoi(cs), 1000);
	}
	build_children(c, b, n, depth + 1);
	return b;
}

/* A floated replaced element inside a line of text (the task-list
 * checkbox, `float: left` in github-extract.css) is not laid out as a float
 * (block.c floats only block-level boxes): it stays an atomic inline where
 * it stands, at the start of its line, instead of becoming a block of its
 * own that would push its text into a line below. */
static bool floated_replaced(const struct dom_node *n)
{
	return is_replaced(n) && n->style && n->style->float_ != FLOAT_NONE;
}

/* The floated pictures n's content starts with (but white space): the
 * first, or NULL; *rest is the node after them (NULL: nothing else). */
static struct dom_node *leading_floats(const struct dom_node *n, struct dom_node **rest)
{
	struct dom_node *first = NULL, *ch = n->first_child;
	for (; ch; ch = ch->next) {
		if (ch->type == DOM_TEXT) {
			size_t i = 0;
			while (i < ch->text_len && strchr(" \t\n\r\f", ch->text[i]))
				i++;
			if (i < ch->text_len)
				break;
			continue;
		}
		if (ch->type != DOM_ELEMENT)
			continue;
		if (!floated_replaced(ch) || dom_is(ch, "input"))
			break;
		if (!first)
			first = ch;
	}
	*rest = ch;
	return first;
}

/* Does the subtree of n (inline content) contain a block-level element? */
static bool has_block_child(const struct dom_node *n)
{
	for (const struct dom_node *ch = n->first_child; ch; ch = ch->next) {
		if (ch->type != DOM_ELEMENT || !ch->style)
			continue;
		if (ch->style->display == DISPLAY_NONE)
			continue;
		if (box_is_block_level(ch->style) && !floated_replaced(ch))
			return true;
		if (ch->style->display == DISPLAY_INLINE && has_block_child(ch))
			return true;
	}
	return false;
}

struct builder {
	struct box *parent;      /* the block whose children we are building */
	struct box *anon;        /* current anonymous block collecting inlines */
	bool mixed;              /* parent has block-level children */
};

static struct box *inline_target(struct box_ctx *c, struct builder *bd)
{
	if (!bd->mixed)
		return bd->parent;
	if (!bd->anon) {
		/* inherited properties only: the parent's margins, borders and
		 * backgrounds belong to the parent (CSS 2.1 §9.2.1.1) */
		struct computed_style *as = arena_alloc(c->arena, sizeof *as);
		css_style_anonymous(as, bd->parent->style, DISPLAY_BLOCK);
		bd->anon = box_new(c, BOX_BLOCK, NULL, as);
		box_append(bd->parent, bd->anon);
	}
	return bd->anon;
}

static void add_inline_content(struct box_ctx *c, struct builder *bd,
			       struct dom_node *n, int depth);

/*
 * An inline <img>. When its picture cannot be had and it has alt text, it
 * is laid out as Chrome lays out a broken image (HTML §15.4.2, Blink's
 * HTMLImageFallbackHelper): an inline-block with the image's margins,
 * borders and padding around a 16×16 broken-image icon and the alt text,
 * which wraps as one piece; neither the width/height attributes nor the
 * width/height properties apply (measured in the reference browser:
 * `=150x150` and `width: 50%` give a box the size of its alt text).
 */
static void add_inline_image(struct box_ctx *c, struct builder *bd, struct dom_node *n)
{
	const struct image *img = load_image(c, dom_get_attr(n, "src"), n);
	const char *alt = dom_get_attr(n, "alt");
	struct box *t = inline_target(c, bd);
	if (img || !alt || !*alt) {
		struct box *a = replaced_box(c, n, img);
		a->parent = t;
		inl_push(c, t, INL_ATOMIC, n, n->style, a);
		return;
	}
	struct computed_style *bs = arena_alloc(c->arena, sizeof *bs);
	*bs = *n->style;
	bs->display = DISPLAY_INLINE_BLOCK;
	/* the alt text's box is inline in Blink, where width and height do
	 * not apply: `width: 50%` or 300px give the box of icon and text */
	bs->width = bs->height = bs->min_width = bs->min_height = (struct css_len){ LEN_AUTO, 0 };
	bs->max_width = bs->max_height = (struct css_len){ LEN_NONE, 0 };
	struct box *fb = box_new(c, BOX_INLINE_BLOCK, n, bs);
	fb->parent = t;
	struct computed_style *is = arena_alloc(c->arena, sizeof *is);
	css_style_anonymous(is, n->style, DISPLAY_INLINE_BLOCK);
	is->float_ = FLOAT_LEFT;   /* Blink's <img align=left> icon: top left */
	struct box *icon = box_new(c, BOX_REPLACED, NULL, is);
	icon->attr_w = icon->attr_h = 16;
	icon->parent = fb;
	inl_push(c, fb, INL_ATOMIC, n, is, icon);
	struct computed_style *ts = arena_alloc(c->arena, sizeof *ts);
	css_style_anonymous(ts, n->style, DISPLAY_INLINE);
	struct dom_node *text = dom_new_text(c->arena, alt, strlen(alt));
	text->parent = n;
	text->style = ts;
	inl_push(c, fb, INL_TEXT, text, ts, NULL);
	inl_push(c, t, INL_ATOMIC, n, bs, fb);
}

static void add_node(struct box_ctx *c, struct builder *bd, struct dom_node *ch,
		     int depth)
{
	if (ch->type == DOM_TEXT) {
		struct box *t = inline_target(c, bd);
		inl_push(c, t, INL_TEXT, ch, ch->style, NULL);
		return;
	}
	const struct computed_style *s = ch->style;
	if (!s || s->display == DISPLAY_NONE)
		return;
	if (depth > MAX_DOM_DEPTH)
		return;
	/* Floated pictures that start a block (Markdown's `![](x.png)
	 * <!-- .element: style="float: right" -->` paragraph, an <img
	 * style="float: left"> before the text) float at the block's top:
	 * they go before it as floats of its parent, beside which its lines
	 * are laid out (a block of nothing else is empty in the flow). */
	struct dom_node *rest = NULL;
	struct dom_node *lead = s->display == DISPLAY_BLOCK && !is_replaced(ch) &&
				depth < MAX_DOM_DEPTH ? leading_floats(ch, &rest) : NULL;
	if (lead) {
		bd->anon = NULL;
		for (struct dom_node *f = lead; f != rest; f = f->next)
			if (f->type == DOM_ELEMENT) {
				struct box *fb = build_block(c, f, depth + 1);
				fb->float_of_next = true;
				box_append(bd->parent, fb);
			}
		struct dom_node *keep = ch->first_child;
		ch->first_child = rest;
		box_append(bd->parent, build_block(c, ch, depth));
		ch->first_child = keep;
		return;
	}
	/* A floated picture among block-level siblings is a float for layout
	 * (block.c places it beside what follows); inside a line of text it
	 * stays an atomic inline at its place. */
	if (box_is_block_level(s) && !(floated_replaced(ch) && !bd->mixed)) {
		bd->anon = NULL;
		box_append(bd->parent, build_block(c, ch, depth));
		return;
	}
	if (dom_is(ch, "br")) {
		inl_push(c, inline_target(c, bd), INL_BREAK, ch, s, NULL);
		return;
	}
	if ((dom_is(ch, "img") || diagrams_is_picture(ch)) && s->display == DISPLAY_INLINE) {
		add_inline_image(c, bd, ch);
		return;
	}
	if (is_replaced(ch) || s->display == DISPLAY_INLINE_BLOCK ||
	    s->display == DISPLAY_INLINE_TABLE || s->display == DISPLAY_INLINE_FLEX ||
	    s->display == DISPLAY_INLINE_GRID) {
		struct box *a = build_block(c, ch, depth);
		if (a->type == BOX_BLOCK)
			a->type = BOX_INLINE_BLOCK;
		struct box *t = inline_target(c, bd);
		a->parent = t;
		inl_push(c, t, INL_ATOMIC, ch, s, a);
		return;
	}
	add_inline_content(c, bd, ch, depth);
}

/* An inline element: OPEN, its children, CLOSE. Block-level descendants
 * split it (the inline parts before and after go to separate anonymous
 * blocks, CSS 2.1 §9.2.1.1). */
static void add_inline_content(struct box_ctx *c, struct builder *bd,
			       struct dom_node *n, int depth)
{
	inl_push(c, inline_target(c, bd), INL_OPEN, n, n->style, NULL);
	for (struct dom_node *ch = n->first_child; ch; ch = ch->next) {
		add_node(c, bd, ch, depth + 1);
		if (bd->mixed && !bd->anon && ch->next)
			inl_push(c, inline_target(c, bd), INL_OPEN, n, n->style, NULL);
	}
	if (bd->anon || !bd->mixed)
		inl_push(c, inline_target(c, bd), INL_CLOSE, n, n->style, NULL);
}

/* A flex or grid container: its children are its items. */
static bool box_is_container(const struct computed_style *s)
{
	return s->display == DISPLAY_FLEX || s->display == DISPLAY_INLINE_FLEX ||
	       s->display == DISPLAY_GRID || s->display == DISPLAY_INLINE_GRID;
}

static bool is_white(const struct dom_node *n)
{
	for (size_t i = 0; i < n->text_len; i++) {
		char ch = n->text[i];
		if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r' && ch != '\f')
			return false;
	}
	return true;
}

static void build_children(struct box_ctx *c, struct box *parent,
			   struct dom_node *n, int depth)
{
	struct builder bd = { parent, NULL, has_block_child(n) };
	const struct computed_style *s = parent->style;
	if (parent->list_item && s->list_style_position == LSP_INSIDE &&
	    s->list_style_type != LST_NONE) {
		/* an inside marker is an inline box before the content (CSS
		 * Lists 3 §3.1): its text, at the start of the first line */
		char txt[64];
		box_marker_text(n, s, txt, sizeof txt);
		struct dom_node *m = dom_new_text(c->arena, txt, strlen(txt));
		m->parent = n;
		m->style = n->style;
		inl_push(c, inline_target(c, &bd), INL_TEXT, m, s, NULL);
	}
	/* the content of a closed <details> but its summary is hidden; the
	 * UA sheet hides the elements (ua.css), its text is skipped here */
	bool closed = dom_is(n, "details") && !dom_get_attr(n, "open");
	/* Tables: rows of row groups are lifted into the table, cells stay in
	 * rows; anything else in a table is treated as a block (simplified
	 * CSS 2.1 §17.2.1). */
	for (struct dom_node *ch = n->first_child; ch; ch = ch->next) {
		if (parent->type == BOX_TABLE && ch->type == DOM_ELEMENT && ch->style &&
		    (ch->style->display == DISPLAY_TABLE_ROW_GROUP ||
		     ch->style->display == DISPLAY_TABLE_HEADER_GROUP ||
		     ch->style->display == DISPLAY_TABLE_FOOTER_GROUP)) {
			for (struct dom_node *r = ch->first_child; r; r = r->next)
				if (r->type == DOM_ELEMENT && r->style &&
				    r->style->display == DISPLAY_TABLE_ROW)
					box_append(parent, build_block(c, r, depth + 1));
			continue;
		}
		if ((parent->type == BOX_TABLE || parent->type == BOX_ROW || closed) &&
		    ch->type == DOM_TEXT)
			continue;
		/* white space between the items of a flex or grid container
		 * makes no item (Flexbox 1 §4, Grid 1 §6) */
		if (box_is_container(s) && ch->type == DOM_TEXT && is_white(ch))
			continue;
		add_node(c, &bd, ch, depth);
	}
}

struct box *box_build(struct box_ctx *c, struct dom_node *section)
{
	return build_block(c, section, 0);
}

/* ---- dump ------------------------------------------------------------- */

static const char *type_name(enum box_type t)
{
	static const char *names[] = { "block", "inline-block", "replaced",
				       "table", "row", "cell" };
	return names[t];
}

static void dump_box(FILE *out, const struct box *b, int depth)
{
	for (int i = 0; i < depth; i++)
		fputs("  ", out);
	fprintf(out, "%s <%s> x=%.2f y=%.2f w=%.2f h=%.2f", type_name(b->type),
		b->node ? b->node->tag : "anon", b->x, b->y, b->w, b->h);
	if (b->margin[0] || b->margin[1] || b->margin[2] || b->margin[3])
		fprintf(out, " m=%.2f,%.2f,%.2f,%.2f", b->margin[0], b->margin[1],
			b->margin[2], b->margin[3]);
	fputc('\n', out);
	for (size_t i = 0; i < b->n_runs; i++) {
		const struct text_run *r = &b->runs[i];
		for (int k = 0; k <= depth; k++)
			fputs("  ", out);
		fprintf(out, "text x=%.2f base=%.2f w=%.2f \"%.*s\"\n", r->x, r->baseline,
			r->width, r->gi->item->length, r->text + r->gi->item->offset);
	}
	if (b->math)
		math_dump(out, b->math, 2 * depth + 2);
	for (size_t i = 0; i < b->n_inl; i++)
		if (b->inl[i].kind == INL_ATOMIC)
			dump_box(out, b->inl[i].atomic, depth + 1);
	for (const struct box *ch = b->first; ch; ch = ch->next)
		dump_box(out, ch, depth + 1);
}

void box_dump(FILE *out, const struct box *root)
{
	dump_box(out, root, 0);
}
