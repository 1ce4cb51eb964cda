/*
 * notes.c — speaker notes laid out for notes pages (see notes.h): their
 * Markdown through the slides' pipeline with a print style sheet.
 *
 * SPDX-License-Identifier: MIT
 */
#include "output/notes.h"
#include "base/util.h"
#include "markdown/dom.h"
#include "markdown/markdown.h"
#include "markdown/split.h"
#include "css/css.h"
#include "layout/box.h"
#include "layout/layout.h"
#include "render/display_list.h"
#include "render/paint.h"
#include "deck/deck.h"

struct notes_ctx {
	struct deck *k;
	struct css_engine *css;
	bool ok;                       /* the style sheets loaded */
};

/* exported function documented in notes.h */
struct notes_ctx *notes_new(struct deck *k)
{
	struct notes_ctx *nc = arena_alloc(k->arena, sizeof *nc);
	nc->k = k;
	nc->css = css_engine_new(k->arena, k->d);
	nc->ok = deck_load_sheet(nc->css, k->d, CSS_ORIGIN_UA, "ua", true) == 0 &&
		  deck_load_sheet(nc->css, k->d, CSS_ORIGIN_AUTHOR, "notes", true) == 0;
	return nc;
}

/* exported function documented in notes.h */
double notes_paint(struct notes_ctx *nc, size_t i, struct arena *sa,
		   struct display_list *dl, double width)
{
	struct deck *k = nc->k;
	const struct slide *s = &k->slides[i];
	if (!nc->ok || !s->notes || !s->notes_len)
		return 0;
	/* html > body > div.notes, the shape the cascade expects */
	struct dom_node *html = dom_new_element(sa, "html");
	struct dom_node *body = dom_new_element(sa, "body");
	struct dom_node *div = dom_new_element(sa, "div");
	dom_set_attr(sa, div, "class", "notes");
	dom_append(html, body);
	dom_append(body, div);
	markdown_fragment(sa, k->d, &k->src, &k->o->markdown, s->notes, s->notes_len, s->notes_line, div);
	if (!div->first_child)
		return 0;
	css_engine_set_viewport(nc->css, (float)width, 1000);
	css_cascade(nc->css, html, sa, &k->src);
	struct box_ctx bc;
	deck_box_ctx(k, sa, &bc);
	struct box *root = deck_lay_out(&bc, div, width, 1000);
	dl_push(dl, DL_TAG_BEGIN)->label = "Div";
	paint_box_tree(dl, root, 0, 0);
	dl_push(dl, DL_TAG_END);
	return layout_border_box_h(root);
}
