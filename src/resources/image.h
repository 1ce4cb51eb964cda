/*
 * image.h — decoding and drawing pictures: PNG, JPEG, GIF (first frame),
 * WebP when a gdk-pixbuf loader exists, and SVG as vectors through librsvg.
 * The format is sniffed from the bytes. On PDF surfaces JPEG bytes are
 * embedded unchanged (CAIRO_MIME_TYPE_JPEG) and every image has a unique id
 * (CAIRO_MIME_TYPE_UNIQUE_ID) so a picture used on several pages is stored
 * once.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_IMAGE_H
#define SCS_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include <cairo.h>

struct diag;

enum image_kind { IMAGE_RASTER, IMAGE_SVG };

struct image {
	enum image_kind kind;
	double width, height;     /* intrinsic size in CSS px (SVG: its viewport /
	                             viewBox size; 300x150 when it has neither) */
	const char *key;          /* cache key (resolved path or URL) */
	/* private */
	void *priv;
};

struct image_cache;

struct image_cache *image_cache_new(void);
void image_cache_free(struct image_cache *c);

/*
 * Decode bytes (copied as needed) under `key`; a second call with the same
 * key returns the same image. NULL when the bytes are not a supported image
 * or exceed MAX_IMAGE_PIXELS; *why then says why (static string).
 */
const struct image *image_cache_add(struct image_cache *c, const char *key,
				    const unsigned char *data, size_t len,
				    const char **why);
/* image_cache_add() for a malloc'd buffer, which it takes over (freed here
 * or with the cache): kept without a copy. */
const struct image *image_cache_add_take(struct image_cache *c, const char *key,
					 unsigned char *data, size_t len, const char **why);
/* The image already loaded under key, or NULL. */
const struct image *image_cache_get(struct image_cache *c, const char *key);

/*
 * The bytes of a data: URL (RFC 2397: data:[<media type>][;base64],<data>),
 * base64 (white space skipped) or percent-encoded; the media type is not
 * consulted (image_cache_add sniffs). A malloc'd buffer and *len, or NULL
 * when url is not a data: URL.
 */
unsigned char *image_data_url(const char *url, size_t *len);

/*
 * PDF output. With `on`, PNGs loaded from now on are decoded and compressed
 * by worker threads and drawn on PDF surfaces through stand-ins, which the
 * PDF writer replaces with the real image objects (pdf_finish.h). Other
 * targets still get the pixels (decoded when first drawn).
 */
void image_cache_set_pdf(struct image_cache *c, bool on);

/* While the main thread would wait for a picture a helper thread is making
 * (an SVG's recording), it calls idle(ctx) instead for as long as that
 * returns true: work of its own that is due later. NULL: it waits. */
void image_cache_set_idle(struct image_cache *c, bool (*idle)(void *ctx), void *ctx);

/* For a PDF: record the SVGs loaded so far, and those loaded from now on,
 * on a helper thread, each as it will be drawn (at its viewBox's size),
 * while the pages before it are laid out and drawn. Its fonts are those
 * text_preload() loads (text_thread_fonts), without any that
 * text_add_font() adds: call it before an SVG is loaded only when the deck
 * adds none, else after they are added (fontconfig's configuration is
 * not to change while another thread reads it). */
void image_cache_record_svgs(struct image_cache *c);

/* SVG trials (sandbox.h): with all, every SVG is tried in a sandbox
 * before librsvg reads it in this process (--safe), not only those that
 * look risky; data_dir's fonts are the trials' (NULL: the system's). */
void image_cache_set_trials(struct image_cache *c, bool all, const char *data_dir);

/* Bytes of decoded pixels the cache holds (at most MAX_DECODED_BYTES but
 * for the picture being drawn). */
size_t image_cache_decoded_bytes(const struct image_cache *c);
/* The bytes of a stand-in's /CCITTFaxDecode stream: this prefix and the
 * decimal tag of its picture. */
#define IMAGE_STANDIN_PREFIX "scs-pdf stand-in "

/* A picture's image object as the PDF needs it: a PNG's Flate-compressed
 * 8-bit RGB samples and, when it is not opaque, an 8-bit soft mask; or a
 * JPEG's own bytes. `tag` names the stand-in drawn in its place
 * (IMAGE_STANDIN_PREFIX). */
struct image_xobject {
	unsigned tag;
	int width, height;
	const unsigned char *jpeg;     /* a JPEG (/DCTDecode, 8 bits, one or
	                                  three components), owned by the
	                                  cache; then rgb is NULL */
	size_t jpeg_len;
	bool jpeg_grey;                /* one component (else YCbCr/RGB) */
	unsigned char *rgb, *alpha;    /* owned by the cache */
	size_t rgb_len, alpha_len;     /* alpha NULL: opaque */
	unsigned char *icc;            /* the PNG's RGB ICC profile, or NULL */
	size_t icc_len;
	bool png_rows;                 /* rgb is the PNG's own IDAT stream:
	                                  rows of RGB led by their filter type
	                                  (/DecodeParms /Predictor 15) */
};

/* After the last page: the JPEGs and deferred PNGs that were drawn
 * through stand-ins, the PNGs' streams complete (waits for the workers),
 * in *out (free() the array; the bytes stay the cache's); the reasons of
 * the PNGs that could not be decoded in *failed (free() the array).
 * Returns the count of *out. */
size_t image_cache_pdf_images(struct image_cache *c, struct image_xobject **out,
			      const char ***failed, size_t *n_failed);

/*
 * Draw img scaled into the rectangle (x, y, w, h) in cr's user space. Raster
 * images use cairo's GOOD filter; SVG is rendered as vectors.
 */
void image_draw(cairo_t *cr, const struct image *img, double x, double y,
		double w, double h);

/*
 * Draw img as a pattern whose tile is (x, y, w, h), repeated across when
 * repeat & 1 and down when repeat & 2, within cr's clip (a background
 * image, CSS Backgrounds 3 §3.4). Seamless, and in a PDF one tiling
 * pattern over one image (JPEG bytes unchanged; SVG as vectors). repeat 0
 * is image_draw().
 */
void image_draw_repeated(cairo_t *cr, const struct image *img, double x, double y,
			 double w, double h, int repeat);

#endif
