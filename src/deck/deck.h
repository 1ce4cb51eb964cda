/*
 * deck.h — a loaded deck and its pages: the source read, split and parsed,
 * every slide's DOM built, the style sheets loaded (deck_open), then each
 * page cascaded, laid out and painted on demand (deck_build_page) for the
 * writers (output.c, handout.c, check.c), which turn pages into files.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_DECK_H
#define SCS_DECK_H

#include <stddef.h>

#include "css/css.h"
#include "deck/options.h"
#include "base/diag.h"
#include "diagrams/diagrams.h"
#include "deck/fragments.h"
#include "markdown/frontmatter.h"

struct arena;
struct box;
struct assets;
struct box_ctx;
struct css_engine;
struct display_list;
struct dom_node;
struct fetcher;
struct image_cache;
struct slide;

/* The page every slide is drawn on, in PDF points = CSS px of the viewer's
 * 1920×1080 window (HEDGEDOC.md §7). */
#define PAGE_W 1920.0
#define PAGE_H 1080.0

struct deck_slide {
	const struct slide *s;
	struct dom_node *html, *body, *reveal, *section, *content;
	struct dom_node *backgrounds;   /* reveal's div.backgrounds (background.h) */
	struct dom_node *notes;         /* <aside class="notes"> with the speaker
	                                   notes rendered (not in the slide's
	                                   tree, never drawn on it), or NULL */
	struct frag_plan frags;         /* its fragments, in showing order */
	size_t first_page;              /* index into deck.pages */
};

/* One output page: a slide in one fragment state (step 0 = no fragment
 * shown; frags.n_groups = all shown, the default final state). */
struct deck_page {
	size_t slide;
	size_t step;
};

struct deck {
	const struct scs_options *o;
	struct diag *d;
	struct arena *arena;            /* deck lifetime */
	struct diag_file src;
	char *bytes;
	size_t len;
	char *base_dir;                 /* folder of relative image paths */
	char *base_url;                 /* a note fetched by URL: the instance
	                                   root (HedgeDoc's <base href>), else NULL */
	struct deck_meta meta;
	struct slide *slides;
	size_t n_slides;
	struct deck_slide *ds;
	struct deck_page *pages;        /* what the writers draw, in order */
	size_t n_pages;
	struct css_engine *css;
	struct image_cache *images;
	struct fetcher *fetcher;        /* remote assets (fetch.h) */
	struct assets *assets;          /* where pictures come from (assets.h) */
	struct diagrams diagrams;       /* the diagram stage (diagrams.h) */
	double scale, ox, oy;           /* slide → page transform */
	double W, H;                    /* logical slide size */
};


/* Read o->input and build every slide (fonts, style sheets, pictures
 * fetched). On failure returns the status; deck_close() is still due. */
enum scs_status deck_open(struct deck *k, const struct scs_options *o, struct diag *d);

/* Free everything deck_open() made. */
void deck_close(struct deck *k);

/* Load themes/NAME.css of the data folder into css as origin's sheet;
 * -1 (an error when required) if it cannot be read. */
int deck_load_sheet(struct css_engine *css, struct diag *d, enum css_origin origin,
		    const char *name, bool required);

/* Boxes for root (its styles cascaded) laid out in a w×h viewport, in
 * bc's arena: the one cascade → boxes → layout path of slides and notes. */
struct box *deck_lay_out(struct box_ctx *bc, struct dom_node *root, double w, double h);

/* The "== slide N" line that opens each slide's --dump output. */
void deck_dump_header(const struct deck *k, size_t i);

/* Lay out and paint page i (k->pages[i]: a slide in a fragment state) into
 * dl (page coordinates); its boxes and display list live in sa. Honours
 * --dump. */
void deck_build_page(struct deck *k, size_t i, struct arena *sa,
		     struct display_list *dl, struct box_ctx *bc);

/* The number reveal.js shows on slide i (its slideNumber format: "h.v" by
 * default, "h/v", "c", "c/t"), written into txt (n bytes). Returns txt. */
const char *deck_slide_number(const struct deck *k, size_t i, char *txt, size_t n);

/* A box context for building pages of k in the slide arena sa. */
void deck_box_ctx(struct deck *k, struct arena *sa, struct box_ctx *bc);

#endif
