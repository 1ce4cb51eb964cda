/*
 * background.h — backgrounds (CSS Backgrounds 3): how a background image is
 * sized, positioned and tiled in a box, for box painting (paint.c) and for
 * the page; and reveal.js's slide backgrounds (HEDGEDOC.md §4), which are
 * built as reveal builds them, as elements of each slide's document
 *
 *   div.reveal > div.backgrounds                  parallaxBackgroundImage
 *                  > div.slide-background.present   data-background-color, a
 *                                                   data-background that is CSS
 *                    > div.slide-background-content data-background-image/-size/
 *                                                   -position/-repeat/-opacity
 *
 * so the cascade styles them (themes/reveal.css has reveal's rules: size
 * cover, position 50% 50%, no-repeat), and then painted over the whole
 * 1920×1080 page, not only the scaled slide box.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_BACKGROUND_H
#define SCS_BACKGROUND_H

#include <stdbool.h>

struct arena;
struct assets;
struct computed_style;
struct deck_meta;
struct diag;
struct diag_file;
struct display_list;
struct dom_node;
struct image;

/* reveal.js's test for a data-background that is an image URL rather than
 * a CSS background value (syncBackground): http/file/`//` prefixes, or a
 * known image extension followed by ?, #, white space or the end. */
bool background_is_image_url(const char *v);

/* Where a slide sits in the deck, for the parallax background's offset
 * (reveal.js updateParallax), and the deck lines its settings are on. */
struct slide_place {
	unsigned h, v;           /* 0-based indices */
	unsigned n_h;            /* horizontal slides in the deck */
	unsigned n_v;            /* vertical slides in this one's stack (0: no stack) */
	unsigned line;           /* the slide's data-background* (1-based; 0 unknown) */
	unsigned parallax_line;  /* slideOptions.parallaxBackgroundImage */
};

/*
 * Append div.backgrounds for `section` to div.reveal `reveal`, the elements
 * reveal.js 3.9.2 makes (createBackground, syncBackground, loadSlide,
 * updateParallax) with their inline styles, in arena a. Call before the
 * slide's own classes gain `present`. page_w/page_h: the viewport.
 */
struct dom_node *background_build_dom(struct arena *a, const struct deck_meta *m,
				      struct dom_node *reveal, const struct dom_node *section,
				      const struct slide_place *pl, double page_w, double page_h);

/*
 * Draw img as style s's background image (background-size, -position,
 * -repeat): its positioning area is (ax, ay, aw, ah) (the padding box), and
 * it is clipped to (cx, cy, cw, ch) (the border box).
 */
void background_paint_image(struct display_list *dl, const struct image *img,
			    const struct computed_style *s, double ax, double ay, double aw,
			    double ah, double cx, double cy, double cw, double ch);

/*
 * The page's backgrounds, bottom to top: body's (the theme's; CSS 2.1
 * §14.2 lets it cover the canvas), .reveal's (it fills the viewport; a
 * deck's <style> may colour it), then the parallax image and the slide's
 * background elements (cascaded), each over the whole page. A
 * data-background-video or -iframe is a placeholder and a warning.
 */
void background_paint_page(struct display_list *dl, struct assets *as, struct diag *d,
			   const struct diag_file *src, const struct dom_node *body,
			   const struct dom_node *reveal,
			   const struct dom_node *backgrounds, const struct dom_node *section,
			   double page_w, double page_h);

#endif
