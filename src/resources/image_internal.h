/*
 * image_internal.h — shared by image.c and image_png.c only: the PNG
 * decoder for the PDF's pictures.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_IMAGE_INTERNAL_H
#define SCS_IMAGE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* A PNG taken apart for a PDF image object. */
struct png_planes {
	int width, height;
	/* PNG_FAST_PIXELS: 8-bit RGB samples (3 per pixel) and, when the PNG
	 * has an alpha channel or a tRNS palette, 8-bit alpha (else NULL) */
	unsigned char *rgb, *alpha;
	/* PNG_FAST_ROWS: the PNG's own zlib stream of filtered 8-bit RGB rows
	 * (each row led by its filter type), which a PDF reads as FlateDecode
	 * with /Predictor 15 */
	unsigned char *rows;
	size_t rows_len;
};

enum png_fast {
	PNG_FAST_NO,       /* not decoded here: use libpng */
	PNG_FAST_PIXELS,   /* rgb (and alpha) set */
	PNG_FAST_ROWS,     /* rows set */
	PNG_FAST_BAD       /* its zlib stream holds more than the image's rows:
	                      refused without inflating the rest */
};

/*
 * Decode the common PNGs faster than libpng: 8-bit, not interlaced, grey,
 * RGB, palette, grey+alpha or RGBA, with sRGB gamma (no gAMA chunk or
 * gAMA 45455) and, for grey and RGB, no tRNS. The IDAT stream is inflated
 * in one call (libdeflate) and unfiltered here; an RGB PNG is only
 * checked, and its stream kept as it is. The pixels are those libpng's
 * simplified API would give as PNG_FORMAT_RGB(A). Anything else — other
 * depths, interlacing, a bad CRC or zlib stream, a palette index past the
 * palette — is PNG_FAST_NO, so that libpng decodes it (or reports it) as
 * before. `allow_rows` false asks for pixels even for an RGB PNG.
 * \param d  the file (borrowed)
 * \param out  filled on success (free() its buffers)
 */
enum png_fast image_png_decode(const unsigned char *d, size_t n, bool allow_rows,
			       struct png_planes *out);

/* A PNG's embedded ICC profile (iCCP, PNG §11.3.3.3), inflated: malloc'd,
 * *len bytes, or NULL when it has none or it cannot be read. */
unsigned char *image_png_iccp(const unsigned char *d, size_t n, size_t *len);

/*
 * A 16-bit PNG without gAMA or sRGB chunk, as a browser shows it: samples
 * rounded to 8 bits with no gamma conversion (libpng's simplified API takes
 * such files for linear light and would brighten grey 76 to 147), into
 * out->rgb and out->alpha. Returns 1, 0 when it cannot be decoded, or -1
 * when it is not such a PNG (the caller decodes it otherwise).
 */
int image_png_decode16(const unsigned char *d, size_t n, struct png_planes *out);

/*
 * Whether a PNG's IDAT stream inflates to no more than its image's rows
 * (PNG §7.2, §8.2: h rows of 1 + stride bytes, each Adam7 pass's rows for
 * an interlaced image). libpng and gdk-pixbuf inflate the whole stream
 * before they complain of too much data, and an 8 MB file can hold 8 GiB
 * of it; the PNGs image_png_decode() leaves to them are checked here
 * first, streaming into a small buffer. true for a header it cannot read
 * (the decoder reports that).
 */
bool image_png_inflate_bounded(const unsigned char *d, size_t n);

/* RGBA pixels px (np of them) packed to RGB in place; their alpha channel,
 * malloc'd. */
unsigned char *image_png_split_alpha(unsigned char *px, size_t np);

#endif
