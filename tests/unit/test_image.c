/*
 * test_image.c — image decoding, intrinsic sizes, limits and drawing
 * (image.h). Every input is made here: PNGs through cairo and by hand
 * (stored-deflate IDAT, so any colour type, depth or interlace), JPEGs and
 * BMP/ICO through gdk-pixbuf's savers, GIF and SVG as literal bytes. Drawing
 * goes to an image surface (pixels checked) and to PDFs in memory (bytes
 * checked: /DCTDecode, number of image XObjects, vector-only SVG).
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/image.h"
#include "resources/image_internal.h"
#include "base/scs_limits.h"
#include "base/util.h"
#include "harness.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <png.h>

/* ---- helpers ------------------------------------------------------------ */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static bool contains(const char *s, const char *needle)
{
	return s && strstr(s, needle) != NULL;
}

static size_t count_mem(const struct strbuf *b, const char *needle)
{
	size_t k = strlen(needle), n = 0;
	for (size_t i = 0; i + k <= b->len; i++)
		if (memcmp(b->s + i, needle, k) == 0)
			n++;
	return n;
}

static bool has_mem(const struct strbuf *b, const void *needle, size_t k)
{
	for (size_t i = 0; i + k <= b->len; i++)
		if (memcmp(b->s + i, needle, k) == 0)
			return true;
	return false;
}

static cairo_status_t to_strbuf(void *closure, const unsigned char *d, unsigned int n)
{
	return strbuf_append(closure, (const char *)d, n) == 0 ? CAIRO_STATUS_SUCCESS
							       : CAIRO_STATUS_WRITE_ERROR;
}

static const struct image *add(struct image_cache *c, const char *key, const struct strbuf *b,
			       const char **why)
{
	return image_cache_add(c, key, (const unsigned char *)b->s, b->len, why);
}

static const struct image *add_str(struct image_cache *c, const char *key, const char *s,
				   const char **why)
{
	return image_cache_add(c, key, (const unsigned char *)s, strlen(s), why);
}

/* A white ARGB canvas. */
static cairo_surface_t *canvas(int w, int h)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_destroy(cr);
	return s;
}

/* Pixel (x, y) as 0xAARRGGBB (premultiplied). */
static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
	cairo_surface_flush(s);
	const unsigned char *d = cairo_image_surface_get_data(s);
	uint32_t v;
	memcpy(&v, d + (size_t)y * (size_t)cairo_image_surface_get_stride(s) + 4 * (size_t)x, 4);
	return v;
}

static bool near(uint32_t got, uint32_t want, int tol)
{
	for (int sh = 0; sh < 32; sh += 8) {
		int a = (int)(got >> sh & 0xff), b = (int)(want >> sh & 0xff);
		if (abs(a - b) > tol) {
			fprintf(stderr, "  pixel %08x, expected %08x (±%d)\n", (unsigned)got,
				(unsigned)want, tol);
			return false;
		}
	}
	return true;
}

/* Draw img into a w x h white canvas at (0, 0, w, h); caller destroys. */
static cairo_surface_t *render(const struct image *img, int w, int h)
{
	cairo_surface_t *s = canvas(w, h);
	cairo_t *cr = cairo_create(s);
	image_draw(cr, img, 0, 0, w, h);
	cairo_destroy(cr);
	return s;
}

/* ---- input makers ------------------------------------------------------- */

/* PNG through cairo: left half `left`, right half `right` (ARGB, straight). */
static void cairo_png(struct strbuf *out, cairo_format_t f, int w, int h, double l[4],
		      double r[4])
{
	cairo_surface_t *s = cairo_image_surface_create(f, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE);
	cairo_set_source_rgba(cr, l[0], l[1], l[2], l[3]);
	cairo_rectangle(cr, 0, 0, w / 2.0, h);
	cairo_fill(cr);
	cairo_set_source_rgba(cr, r[0], r[1], r[2], r[3]);
	cairo_rectangle(cr, w / 2.0, 0, w / 2.0, h);
	cairo_fill(cr);
	cairo_destroy(cr);
	strbuf_init(out, 0);
	cairo_surface_write_to_png_stream(s, to_strbuf, out);
	cairo_surface_destroy(s);
}

static uint32_t crc32_png(const unsigned char *d, size_t n, uint32_t c)
{
	c = ~c;
	for (size_t i = 0; i < n; i++) {
		c ^= d[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
	}
	return ~c;
}

static void put32(struct strbuf *b, uint32_t v)
{
	unsigned char x[4] = { v >> 24, v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff };
	strbuf_append(b, (const char *)x, 4);
}

static void png_chunk(struct strbuf *b, const char *type, const unsigned char *d, size_t n)
{
	put32(b, (uint32_t)n);
	size_t at = b->len;
	strbuf_append(b, type, 4);
	if (n)
		strbuf_append(b, (const char *)d, n);
	put32(b, crc32_png((const unsigned char *)b->s + at, n + 4, 0));
}

/* A PNG by hand: `raw` is the filtered scanline data (filter byte first),
 * stored in one uncompressed deflate block. */
static void png_build(struct strbuf *b, uint32_t w, uint32_t h, int depth, int ctype,
		      int interlace, const unsigned char *raw, size_t rawlen,
		      const unsigned char *plte, size_t nplte, const unsigned char *trns,
		      size_t ntrns)
{
	strbuf_init(b, 0);
	strbuf_append(b, "\x89PNG\r\n\x1a\n", 8);
	unsigned char ihdr[13] = { w >> 24, w >> 16 & 0xff, w >> 8 & 0xff, w & 0xff,
				   h >> 24, h >> 16 & 0xff, h >> 8 & 0xff, h & 0xff,
				   (unsigned char)depth, (unsigned char)ctype, 0, 0,
				   (unsigned char)interlace };
	png_chunk(b, "IHDR", ihdr, 13);
	if (plte)
		png_chunk(b, "PLTE", plte, nplte);
	if (trns)
		png_chunk(b, "tRNS", trns, ntrns);
	struct strbuf z;
	strbuf_init(&z, 0);
	unsigned char hdr[7] = { 0x78, 0x01, 0x01, rawlen & 0xff, rawlen >> 8 & 0xff,
				 ~rawlen & 0xff, (~rawlen >> 8) & 0xff };
	strbuf_append(&z, (const char *)hdr, 7);
	strbuf_append(&z, (const char *)raw, rawlen);
	uint32_t a = 1, s = 0;
	for (size_t i = 0; i < rawlen; i++) {
		a = (a + raw[i]) % 65521;
		s = (s + a) % 65521;
	}
	put32(&z, s << 16 | a);
	png_chunk(b, "IDAT", (const unsigned char *)z.s, z.len);
	png_chunk(b, "IEND", NULL, 0);
	strbuf_free(&z);
}

/* A w x h picture, left half `l`, right half `r` (0xRRGGBB), saved by
 * gdk-pixbuf as `type` (jpeg, bmp, ico, png, webp). */
static bool pixbuf_file(struct strbuf *out, const char *type, int w, int h, uint32_t l,
			uint32_t r)
{
	GdkPixbuf *pb = gdk_pixbuf_new(GDK_COLORSPACE_RGB, FALSE, 8, w, h);
	guchar *px = gdk_pixbuf_get_pixels(pb);
	int rs = gdk_pixbuf_get_rowstride(pb);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t c = x < w / 2 ? l : r;
			guchar *p = px + y * rs + 3 * x;
			p[0] = c >> 16;
			p[1] = c >> 8 & 0xff;
			p[2] = c & 0xff;
		}
	gchar *buf = NULL;
	gsize n = 0;
	gboolean ok = !strcmp(type, "jpeg")
		? gdk_pixbuf_save_to_buffer(pb, &buf, &n, type, NULL, "quality", "95", NULL)
		: gdk_pixbuf_save_to_buffer(pb, &buf, &n, type, NULL, NULL);
	g_object_unref(pb);
	strbuf_init(out, 0);
	if (ok)
		strbuf_append(out, buf, n);
	g_free(buf);
	return ok;
}

/* The JPEG `in` with an APP1 Exif segment (big-endian TIFF, IFD0 holding
 * only Orientation) inserted after SOI. */
static void with_orientation(struct strbuf *out, const struct strbuf *in, int o)
{
	static const unsigned char app1[] = {
		0xFF, 0xE1, 0x00, 34, 'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0, 42, 0, 0, 0, 8,    /* TIFF header, IFD0 at 8 */
		0, 1,                           /* one entry */
		0x01, 0x12, 0, 3, 0, 0, 0, 1,   /* Orientation, SHORT, count 1 */
		0, 0, 0, 0,                     /* value (patched) */
		0, 0, 0, 0,                     /* no next IFD */
	};
	unsigned char seg[sizeof app1];
	memcpy(seg, app1, sizeof app1);
	seg[29] = (unsigned char)o;
	strbuf_init(out, 0);
	strbuf_append(out, in->s, 2);
	strbuf_append(out, (const char *)seg, sizeof seg);
	strbuf_append(out, in->s + 2, in->len - 2);
}

/* A two-frame GIF: frame 1 is one red pixel, frame 2 one black pixel. LZW
 * with 2-bit codes: clear (4), index, end (5) packed as 3-bit codes. */
static const unsigned char gif_2frames[] = {
	'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0,
	0xFF, 0x00, 0x00, 0x00, 0x00, 0x00,             /* palette: red, black */
	0x21, 0xF9, 4, 0, 10, 0, 0, 0,                  /* GCE: 0.1 s */
	0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0,
	0x21, 0xF9, 4, 0, 10, 0, 0, 0,
	0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x4C, 0x01, 0,
	0x3B,
};

/* JPEGs gdk-pixbuf cannot write, 16x8, left red, right blue, made with
 * libjpeg 6b (libjpeg-turbo 2.1): jpeg_simple_progression(), and JCS_CMYK
 * input stored inverted the way Photoshop does (libjpeg adds the Adobe
 * APP14 marker). */
static const unsigned char jpeg_prog[538] = {
	0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
	0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x03, 0x02, 0x02, 0x03, 0x02, 0x02, 0x03,
	0x03, 0x03, 0x03, 0x04, 0x03, 0x03, 0x04, 0x05, 0x08, 0x05, 0x05, 0x04, 0x04, 0x05, 0x0a, 0x07,
	0x07, 0x06, 0x08, 0x0c, 0x0a, 0x0c, 0x0c, 0x0b, 0x0a, 0x0b, 0x0b, 0x0d, 0x0e, 0x12, 0x10, 0x0d,
	0x0e, 0x11, 0x0e, 0x0b, 0x0b, 0x10, 0x16, 0x10, 0x11, 0x13, 0x14, 0x15, 0x15, 0x15, 0x0c, 0x0f,
	0x17, 0x18, 0x16, 0x14, 0x18, 0x12, 0x14, 0x15, 0x14, 0xff, 0xdb, 0x00, 0x43, 0x01, 0x03, 0x04,
	0x04, 0x05, 0x04, 0x05, 0x09, 0x05, 0x05, 0x09, 0x14, 0x0d, 0x0b, 0x0d, 0x14, 0x14, 0x14, 0x14,
	0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14,
	0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14,
	0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0x14, 0xff, 0xc2,
	0x00, 0x11, 0x08, 0x00, 0x08, 0x00, 0x10, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11,
	0x01, 0xff, 0xc4, 0x00, 0x16, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x07, 0xff, 0xc4, 0x00, 0x15, 0x01, 0x01, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06, 0x07,
	0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x10, 0x03, 0x10, 0x00, 0x00, 0x01, 0xce, 0x60,
	0x47, 0x14, 0x6f, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00,
	0x01, 0x05, 0x02, 0x3f, 0xff, 0xc4, 0x00, 0x18, 0x11, 0x00, 0x02, 0x03, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x44, 0x82, 0xc2, 0xff, 0xda,
	0x00, 0x08, 0x01, 0x03, 0x01, 0x01, 0x3f, 0x01, 0x61, 0xc5, 0xbe, 0x4f, 0xff, 0xc4, 0x00, 0x18,
	0x11, 0x00, 0x02, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x07, 0x44, 0x82, 0xc2, 0xff, 0xda, 0x00, 0x08, 0x01, 0x02, 0x01, 0x01, 0x3f, 0x01,
	0x59, 0x4c, 0xa6, 0xcf, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01,
	0x00, 0x06, 0x3f, 0x02, 0x3f, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xff, 0xda, 0x00, 0x08, 0x01,
	0x01, 0x00, 0x01, 0x3f, 0x21, 0x3f, 0xff, 0xda, 0x00, 0x0c, 0x03, 0x01, 0x00, 0x02, 0x00, 0x03,
	0x00, 0x00, 0x00, 0x10, 0x87, 0xff, 0xc4, 0x00, 0x14, 0x11, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xda, 0x00, 0x08, 0x01,
	0x03, 0x01, 0x01, 0x3f, 0x10, 0x2f, 0xff, 0xc4, 0x00, 0x14, 0x11, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xda, 0x00, 0x08,
	0x01, 0x02, 0x01, 0x01, 0x3f, 0x10, 0x17, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0xff, 0xda, 0x00,
	0x08, 0x01, 0x01, 0x00, 0x01, 0x3f, 0x10, 0x3f, 0xff, 0xd9,
};

static const unsigned char jpeg_cmyk[360] = {
	0xff, 0xd8, 0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x03, 0x02, 0x02, 0x03, 0x02, 0x02, 0x03, 0x03, 0x03,
	0x03, 0x04, 0x03, 0x03, 0x04, 0x05, 0x08, 0x05, 0x05, 0x04, 0x04, 0x05, 0x0a, 0x07, 0x07, 0x06,
	0x08, 0x0c, 0x0a, 0x0c, 0x0c, 0x0b, 0x0a, 0x0b, 0x0b, 0x0d, 0x0e, 0x12, 0x10, 0x0d, 0x0e, 0x11,
	0x0e, 0x0b, 0x0b, 0x10, 0x16, 0x10, 0x11, 0x13, 0x14, 0x15, 0x15, 0x15, 0x0c, 0x0f, 0x17, 0x18,
	0x16, 0x14, 0x18, 0x12, 0x14, 0x15, 0x14, 0xff, 0xc0, 0x00, 0x14, 0x08, 0x00, 0x08, 0x00, 0x10,
	0x04, 0x43, 0x11, 0x00, 0x4d, 0x11, 0x00, 0x59, 0x11, 0x00, 0x4b, 0x11, 0x00, 0xff, 0xc4, 0x00,
	0x1f, 0x00, 0x00, 0x01, 0x05, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0xff, 0xc4,
	0x00, 0xb5, 0x10, 0x00, 0x02, 0x01, 0x03, 0x03, 0x02, 0x04, 0x03, 0x05, 0x05, 0x04, 0x04, 0x00,
	0x00, 0x01, 0x7d, 0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13,
	0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15,
	0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25,
	0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46,
	0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66,
	0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86,
	0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4,
	0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2,
	0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9,
	0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5,
	0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xff, 0xda, 0x00, 0x0e, 0x04, 0x43, 0x00, 0x4d, 0x00, 0x59, 0x00,
	0x4b, 0x00, 0x00, 0x3f, 0x00, 0xfd, 0x53, 0xaf, 0xca, 0xaa, 0xfc, 0xaa, 0xaf, 0xd5, 0x3a, 0xfe,
	0x55, 0xe8, 0xaf, 0xea, 0xa2, 0x8a, 0xff, 0xd9,
};

/* PDF in memory. */
static cairo_surface_t *pdf_new(struct strbuf *out)
{
	strbuf_init(out, 0);
	return cairo_pdf_surface_create_for_stream(to_strbuf, out, 400, 300);
}

static void pdf_end(cairo_surface_t *s)
{
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

/* ---- tests -------------------------------------------------------------- */

static void test_png_opaque(void)
{
	struct image_cache *c = image_cache_new();
	struct strbuf b;
	double red[4] = { 1, 0, 0, 1 }, blue[4] = { 0, 0, 1, 1 };
	cairo_png(&b, CAIRO_FORMAT_RGB24, 40, 30, red, blue);
	const char *why = "unset";
	const struct image *img = add(c, "a.png", &b, &why);
	OK(img != NULL, "opaque PNG decodes");
	OK(why == NULL, "no why on success");
	if (img) {
		INT_EQ(img->kind, IMAGE_RASTER, "PNG is raster");
		FLT_EQ(img->width, 40, 0, "PNG width in px");
		FLT_EQ(img->height, 30, 0, "PNG height in px");
		STR_EQ(img->key, "a.png", "key kept");
		/* 4x up: the outermost pixels stay opaque with EXTEND_PAD */
		cairo_surface_t *s = render(img, 160, 120);
		OK(near(pixel(s, 0, 0), 0xFFFF0000, 0), "top-left corner opaque red");
		OK(near(pixel(s, 159, 119), 0xFF0000FF, 0), "bottom-right corner opaque blue");
		OK(near(pixel(s, 40, 60), 0xFFFF0000, 0), "left half red");
		OK(near(pixel(s, 120, 60), 0xFF0000FF, 0), "right half blue");
		cairo_surface_destroy(s);
		/* drawn at an offset, nothing outside the rectangle is touched */
		s = canvas(100, 100);
		cairo_t *cr = cairo_create(s);
		image_draw(cr, img, 20.5, 10, 40, 30);
		cairo_destroy(cr);
		OK(near(pixel(s, 19, 20), 0xFFFFFFFF, 0), "left of the rect untouched");
		OK(near(pixel(s, 30, 20), 0xFFFF0000, 0), "inside the rect drawn");
		OK(near(pixel(s, 30, 45), 0xFFFFFFFF, 0), "below the rect untouched");
		cairo_surface_destroy(s);
	}
	OK(image_cache_get(c, "a.png") == img, "get returns the added image");
	OK(image_cache_get(c, "b.png") == NULL, "get of an unknown key is NULL");
	OK(add(c, "a.png", &b, &why) == img, "same key, same image");
	OK(image_cache_add(c, "a.png", (const unsigned char *)"x", 1, &why) == img,
	   "same key returns the cached image whatever the bytes");
	/* a buffer handed over: kept (PDF) or freed, whatever happens */
	image_cache_set_pdf(c, true);
	unsigned char *copy = xmalloc(b.len);
	memcpy(copy, b.s, b.len);
	const struct image *taken = image_cache_add_take(c, "t.png", copy, b.len, &why);
	OK(taken && taken != img && taken->width == 40, "a taken buffer decodes");
	copy = xmalloc(b.len);
	memcpy(copy, b.s, b.len);
	OK(image_cache_add_take(c, "t.png", copy, b.len, &why) == taken, "taken, same key");
	copy = xmalloc(4);
	memcpy(copy, "junk", 4);
	OK(image_cache_add_take(c, "j.png", copy, 4, &why) == NULL, "a taken buffer refused");
	strbuf_free(&b);
	image_cache_free(c);
}

static void test_png_alpha(void)
{
	struct image_cache *c = image_cache_new();
	struct strbuf b;
	double half_blue[4] = { 0, 0, 1, 0.5 }, clear[4] = { 0, 0, 0, 0 };
	cairo_png(&b, CAIRO_FORMAT_ARGB32, 20, 20, half_blue, clear);
	const char *why = NULL;
	const struct image *img = add(c, "alpha.png", &b, &why);
	OK(img != NULL, "alpha PNG decodes");
	if (img) {
		cairo_surface_t *s = render(img, 20, 20);
		OK(near(pixel(s, 4, 10), 0xFF7F7FFF, 2), "50%% blue over white");
		OK(near(pixel(s, 15, 10), 0xFFFFFFFF, 0), "transparent half shows white");
		cairo_surface_destroy(s);
	}
	strbuf_free(&b);
	image_cache_free(c);
}

/* Colour types and depths cairo never writes. */
static void test_png_variants(void)
{
	struct image_cache *c = image_cache_new();
	struct strbuf b;
	const char *why = NULL;
	const struct image *img;

	/* 16-bit RGBA, 1x1: opaque green */
	static const unsigned char rgba16[] = { 0, 0, 0, 0xFF, 0xFF, 0, 0, 0xFF, 0xFF };
	png_build(&b, 1, 1, 16, 6, 0, rgba16, sizeof rgba16, NULL, 0, NULL, 0);
	img = add(c, "rgba16.png", &b, &why);
	OK(img != NULL, "16-bit RGBA PNG decodes (%s)", why ? why : "");
	if (img) {
		cairo_surface_t *s = render(img, 4, 4);
		OK(near(pixel(s, 2, 2), 0xFF00FF00, 1), "16-bit green");
		cairo_surface_destroy(s);
	}
	strbuf_free(&b);

	/* Adam7-interlaced 8-bit grey, 2x2: pass 1 (0,0), pass 6 (1,0),
	 * pass 7 row 1 */
	static const unsigned char grey_i[] = { 0, 0x00, 0, 0x40, 0, 0x80, 0xFF };
	png_build(&b, 2, 2, 8, 0, 1, grey_i, sizeof grey_i, NULL, 0, NULL, 0);
	img = add(c, "interlaced.png", &b, &why);
	OK(img != NULL, "interlaced PNG decodes (%s)", why ? why : "");
	if (img) {
		cairo_surface_t *s = canvas(2, 2);
		cairo_t *cr = cairo_create(s);
		image_draw(cr, img, 0, 0, 2, 2);
		cairo_destroy(cr);
		OK(near(pixel(s, 0, 0), 0xFF000000, 0), "interlaced (0,0)");
		OK(near(pixel(s, 1, 0), 0xFF404040, 0), "interlaced (1,0) from pass 6");
		OK(near(pixel(s, 0, 1), 0xFF808080, 0), "interlaced (0,1) from pass 7");
		OK(near(pixel(s, 1, 1), 0xFFFFFFFF, 0), "interlaced (1,1) from pass 7");
		cairo_surface_destroy(s);
	}
	strbuf_free(&b);

	/* palette + tRNS: red, then a fully transparent entry */
	static const unsigned char pal[] = { 0xFF, 0, 0, 0, 0, 0xFF };
	static const unsigned char trns[] = { 0xFF, 0x00 };
	static const unsigned char idx[] = { 0, 0x01 };  /* 4-bit, high nibble first */
	png_build(&b, 2, 1, 4, 3, 0, idx, sizeof idx, pal, sizeof pal, trns, sizeof trns);
	img = add(c, "palette.png", &b, &why);
	OK(img != NULL, "palette PNG with tRNS decodes (%s)", why ? why : "");
	if (img) {
		cairo_surface_t *s = canvas(2, 1);
		cairo_t *cr = cairo_create(s);
		image_draw(cr, img, 0, 0, 2, 1);
		cairo_destroy(cr);
		OK(near(pixel(s, 0, 0), 0xFFFF0000, 0), "palette entry 0 red");
		OK(near(pixel(s, 1, 0), 0xFFFFFFFF, 0), "tRNS entry 1 transparent");
		cairo_surface_destroy(s);
	}
	strbuf_free(&b);
	image_cache_free(c);
}

/* A chunk put right after IHDR (the first 33 bytes). */
static void png_insert(struct strbuf *b, const char *type, const unsigned char *d, size_t n)
{
	struct strbuf c;
	strbuf_init(&c, 0);
	png_chunk(&c, type, d, n);
	struct strbuf o;
	strbuf_init(&o, 0);
	strbuf_append(&o, b->s, 33);
	strbuf_append(&o, c.s, c.len);
	strbuf_append(&o, b->s + 33, b->len - 33);
	strbuf_free(&c);
	strbuf_free(b);
	*b = o;
}

/* image_png_decode() on b: its result, and whether its pixels are those of
 * libpng's simplified API (PNG_FORMAT_RGB(A)) when it decoded them. */
static enum png_fast fast_vs_libpng(const struct strbuf *b, bool *same)
{
	struct png_planes pp;
	enum png_fast r = image_png_decode((const unsigned char *)b->s, b->len, false, &pp);
	*same = false;
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	if (r == PNG_FAST_PIXELS && png_image_begin_read_from_memory(&im, b->s, b->len)) {
		bool alpha = im.format & PNG_FORMAT_FLAG_ALPHA;
		im.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
		unsigned char *px = xmalloc(PNG_IMAGE_SIZE(im));
		size_t np = (size_t)im.width * im.height, k = alpha ? 4 : 3;
		*same = png_image_finish_read(&im, NULL, px, 0, NULL) &&
			(size_t)pp.width * (size_t)pp.height == np && alpha == (pp.alpha != NULL);
		for (size_t i = 0; *same && i < np; i++)
			*same = !memcmp(pp.rgb + 3 * i, px + k * i, 3) &&
				(!alpha || pp.alpha[i] == px[k * i + 3]);
		free(px);
	}
	png_image_free(&im);
	free(pp.rgb);
	free(pp.alpha);
	free(pp.rows);
	return r;
}

/* The fast PNG decoder (image_png.c): the pixels libpng gives, for every
 * colour type and filter, and libpng's turn for everything else. */
static void test_png_fast(void)
{
	static const int ctypes[] = { 0, 2, 3, 4, 6 }, bpps[] = { 1, 3, 1, 2, 4 },
			 sbits[] = { 1, 3, 3, 2, 4 };
	unsigned char pal[3 * 7], trns[5];
	uint32_t seed = 12345;
	for (size_t i = 0; i < sizeof pal; i++)
		pal[i] = (unsigned char)(seed = seed * 1103515245u + 12345u) >> 8;
	for (size_t i = 0; i < sizeof trns; i++)
		trns[i] = (unsigned char)(i * 60);
	const uint32_t w = 7, h = 10;   /* each filter type twice */
	for (size_t t = 0; t < ARRAY_LEN(ctypes); t++) {
		size_t stride = w * (size_t)bpps[t];
		unsigned char raw[(7 * 4 + 1) * 10];
		for (uint32_t y = 0; y < h; y++) {
			unsigned char *row = raw + y * (stride + 1);
			/* any bytes are valid filtered data; palette indices
			 * must stay in the palette, so unfiltered there */
			row[0] = ctypes[t] == 3 ? 0 : (unsigned char)(y % 5);
			for (size_t x = 0; x < stride; x++) {
				seed = seed * 1103515245u + 12345u;
				row[1 + x] = ctypes[t] == 3 ? (unsigned char)(seed >> 16) % 7
					     : (unsigned char)(seed >> 16);
			}
		}
		struct strbuf b;
		bool same;
		png_build(&b, w, h, 8, ctypes[t], 0, raw, (stride + 1) * h,
			  ctypes[t] == 3 ? pal : NULL, sizeof pal, ctypes[t] == 3 ? trns : NULL,
			  sizeof trns);
		INT_EQ(fast_vs_libpng(&b, &same), PNG_FAST_PIXELS, "colour type %d decoded",
		       ctypes[t]);
		OK(same, "colour type %d: libpng's pixels", ctypes[t]);
		if (ctypes[t] == 2) {
			struct png_planes pp;
			INT_EQ(image_png_decode((const unsigned char *)b.s, b.len, true, &pp),
			       PNG_FAST_ROWS, "RGB: the PNG's own rows");
			/* the IDAT data: after signature, IHDR and IDAT's length+type */
			OK(pp.rows_len == b.len - 33 - 8 - 4 - 12 &&
			   !memcmp(pp.rows, b.s + 33 + 8, pp.rows_len), "RGB rows are the IDAT data");
			free(pp.rows);
		}
		/* sRGB's gamma, and 8 significant bits, change nothing */
		static const unsigned char srgb[4] = { 0, 0, 0xB1, 0x8F }, sbit[4] = { 8, 8, 8, 8 };
		png_insert(&b, "gAMA", srgb, 4);
		png_insert(&b, "sBIT", sbit, (size_t)sbits[t]);
		INT_EQ(fast_vs_libpng(&b, &same), PNG_FAST_PIXELS, "type %d with sRGB gAMA, sBIT 8",
		       ctypes[t]);
		OK(same, "type %d with gAMA 45455: libpng's pixels", ctypes[t]);
		strbuf_free(&b);
	}

	/* libpng's cases */
	struct strbuf b;
	bool same;
	static const unsigned char rgb1[] = { 0, 10, 20, 30 }, grey1[] = { 0, 0x80 };
	static const unsigned char gamma1[4] = { 0, 1, 0x86, 0xA0 };   /* 1.0 */
	png_build(&b, 1, 1, 8, 2, 0, rgb1, sizeof rgb1, NULL, 0, NULL, 0);
	png_insert(&b, "gAMA", gamma1, 4);
	INT_EQ(fast_vs_libpng(&b, &same), PNG_FAST_NO, "another gamma: libpng converts");
	strbuf_free(&b);
	png_build(&b, 1, 1, 8, 2, 0, rgb1, sizeof rgb1, NULL, 0, NULL, 0);
	b.s[29] ^= 1;   /* IHDR's CRC */
	INT_EQ(fast_vs_libpng(&b, &same), PNG_FAST_NO, "bad CRC: libpng reports it");
	strbuf_free(&b);
	static const unsigned char key[6] = { 0, 10, 0, 20, 0, 30 };
	png_build(&b, 1, 1, 8, 2, 0, rgb1, sizeof rgb1, NULL, 0, key, sizeof key);
	INT_EQ(fast_vs_libpng(&b, &same), PNG_FAST_NO, "RGB colour key: libpng");
	strbuf_free(&b);
	static const unsigned char bad_filter[] = { 5, 10, 20, 30 };
	png_build(&b, 1, 1, 8, 2, 0, bad_filter, sizeof bad_filter, NULL, 0, NULL, 0);
	INT_EQ(fast_vs_libpng(&b, &same), PNG_FAST_NO, "filter type 5: libpng");
	strbuf_free(&b);
	png_build(&b, 1, 1, 8, 2, 0, rgb1, 3, NULL, 0, NULL, 0);
	INT_EQ(fast_vs_libpng(&b, &same), PNG_FAST_NO, "a row short: libpng");
	strbuf_free(&b);
	png_build(&b, 2, 1, 8, 0, 1, grey1, sizeof grey1, NULL, 0, NULL, 0);
	INT_EQ(fast_vs_libpng(&b, &same), PNG_FAST_NO, "interlaced: libpng");
	strbuf_free(&b);
	static const unsigned char idx9[] = { 0, 9 }, pal2[6] = { 1, 2, 3, 4, 5, 6 };
	png_build(&b, 1, 1, 8, 3, 0, idx9, sizeof idx9, pal2, sizeof pal2, NULL, 0);
	INT_EQ(fast_vs_libpng(&b, &same), PNG_FAST_NO, "index past the palette: libpng");
	strbuf_free(&b);
}

static void test_limits_and_garbage(void)
{
	struct image_cache *c = image_cache_new();
	struct strbuf b;
	const char *why = NULL;

	/* IHDR claiming 50000x50000 and one scanline of data */
	static const unsigned char row[] = { 0, 1, 2, 3, 4 };
	png_build(&b, 50000, 50000, 8, 6, 0, row, sizeof row, NULL, 0, NULL, 0);
	double t = now();
	OK(add(c, "huge.png", &b, &why) == NULL, "50000x50000 PNG refused");
	OK(now() - t < 1.0 * SLOWDOWN, "refused before decoding (%.3f s)", now() - t);
	OK(contains(why, "too large") && contains(why, "50000"), "why: %s", why ? why : "(null)");
	strbuf_free(&b);

	/* wider than cairo can hold, though few pixels */
	png_build(&b, 40000, 1, 8, 0, 0, row, 2, NULL, 0, NULL, 0);
	OK(add(c, "wide.png", &b, &why) == NULL, "40000 px wide PNG refused");
	OK(contains(why, "too large"), "why: %s", why ? why : "(null)");
	strbuf_free(&b);

	/* JPEG SOF claiming 50000x50000: refused from the header */
	static const unsigned char big_jpeg[] = {
		0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, 0xC3, 0x50, 0xC3, 0x50, 3,
		1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
		0xFF, 0xDA, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 63, 0, 0xFF, 0xD9,
	};
	t = now();
	OK(image_cache_add(c, "huge.jpg", big_jpeg, sizeof big_jpeg, &why) == NULL,
	   "50000x50000 JPEG refused");
	OK(now() - t < 1.0 * SLOWDOWN, "JPEG refused quickly");
	OK(contains(why, "too large") && contains(why, "50000"), "why: %s", why ? why : "(null)");

	/* truncated and corrupt */
	double red[4] = { 1, 0, 0, 1 };
	cairo_png(&b, CAIRO_FORMAT_RGB24, 64, 64, red, red);
	why = NULL;
	OK(image_cache_add(c, "trunc.png", (const unsigned char *)b.s, b.len / 2, &why) == NULL,
	   "truncated PNG refused");
	OK(why != NULL, "why for truncated PNG: %s", why ? why : "(null)");
	for (size_t i = 40; i < b.len; i += 7)
		b.s[i] ^= 0x5A;
	why = NULL;
	OK(add(c, "corrupt.png", &b, &why) == NULL, "corrupt PNG refused");
	OK(why != NULL, "why for corrupt PNG: %s", why ? why : "(null)");
	strbuf_free(&b);

	OK(pixbuf_file(&b, "jpeg", 64, 64, 0xFF0000, 0x0000FF), "gdk-pixbuf saves JPEG");
	why = NULL;
	OK(image_cache_add(c, "trunc.jpg", (const unsigned char *)b.s, 100, &why) == NULL,
	   "JPEG cut inside its headers refused");
	OK(why != NULL, "why: %s", why ? why : "(null)");
	why = NULL;
	OK(image_cache_add(c, "cut.jpg", (const unsigned char *)b.s, b.len - 40, &why) == NULL,
	   "JPEG cut in its scan refused");
	OK(contains(why, "truncated"), "why: %s", why ? why : "(null)");
	/* bytes after EOI (some cameras append data) are fine */
	strbuf_append(&b, "trailing", 8);
	OK(add(c, "trailer.jpg", &b, &why) != NULL, "JPEG with bytes after EOI loads");
	strbuf_free(&b);

	why = NULL;
	OK(add_str(c, "x.txt", "hello, world", &why) == NULL, "text refused");
	OK(contains(why, "not a supported image"), "why: %s", why ? why : "(null)");
	why = NULL;
	OK(image_cache_add(c, "empty", (const unsigned char *)"", 0, &why) == NULL, "empty refused");
	OK(why != NULL, "why for empty");
	why = NULL;
	OK(image_cache_add(c, "sig", (const unsigned char *)"\x89PNG\r\n\x1a\n", 8, &why) == NULL,
	   "bare PNG signature refused");
	OK(why != NULL, "why for bare signature");
	OK(image_cache_add(c, "jsig", (const unsigned char *)"\xFF\xD8\xFF", 3, &why) == NULL,
	   "bare JPEG signature refused");
	OK(image_cache_get(c, "x.txt") == NULL, "failures are not cached");
	image_cache_free(c);
}

static void test_jpeg(void)
{
	struct image_cache *c = image_cache_new();
	struct strbuf b, o;
	OK(pixbuf_file(&b, "jpeg", 64, 48, 0xFF0000, 0x0000FF), "gdk-pixbuf saves JPEG");
	const char *why = NULL;
	const struct image *img = add(c, "photo.jpg", &b, &why);
	OK(img != NULL, "JPEG decodes (%s)", why ? why : "");
	if (!img) {
		image_cache_free(c);
		return;
	}
	FLT_EQ(img->width, 64, 0, "JPEG width");
	FLT_EQ(img->height, 48, 0, "JPEG height");
	cairo_surface_t *s = render(img, 64, 48);
	OK(near(pixel(s, 10, 24), 0xFFFF0000, 12), "JPEG left red");
	OK(near(pixel(s, 54, 24), 0xFF0000FF, 12), "JPEG right blue");
	cairo_surface_destroy(s);

	/* The same JPEG on two pages: one XObject, the file's own bytes. */
	struct strbuf pdf;
	cairo_surface_t *ps = pdf_new(&pdf);
	cairo_t *cr = cairo_create(ps);
	image_draw(cr, img, 10, 10, 320, 240);
	cairo_show_page(cr);
	image_draw(cr, img, 50, 50, 64, 48);
	/* inside a group (opacity), as render_cairo does */
	cairo_push_group(cr);
	image_draw(cr, img, 100, 100, 32, 24);
	cairo_pop_group_to_source(cr);
	cairo_paint_with_alpha(cr, 0.5);
	cairo_show_page(cr);
	cairo_destroy(cr);
	pdf_end(ps);
	OK(count_mem(&pdf, "/DCTDecode") == 1, "one /DCTDecode stream (%zu)",
	   count_mem(&pdf, "/DCTDecode"));
	INT_EQ(count_mem(&pdf, "/Subtype /Image"), 1, "one image XObject for three draws");
	OK(has_mem(&pdf, b.s, b.len), "the JPEG file is in the PDF byte for byte");
	OK(count_mem(&pdf, "/Width 64") == 1, "stored at its own 64 px width");
	strbuf_free(&pdf);

	/* A second JPEG: still two distinct XObjects (unique ids differ). */
	struct strbuf b2;
	pixbuf_file(&b2, "jpeg", 16, 16, 0x00FF00, 0x00FF00);
	const struct image *img2 = add(c, "other.jpg", &b2, &why);
	OK(img2 && img2 != img, "second JPEG is another image");
	ps = pdf_new(&pdf);
	cr = cairo_create(ps);
	image_draw(cr, img, 0, 0, 64, 48);
	image_draw(cr, img2, 100, 0, 16, 16);
	cairo_destroy(cr);
	pdf_end(ps);
	INT_EQ(count_mem(&pdf, "/Subtype /Image"), 2, "two pictures, two XObjects");
	strbuf_free(&pdf);
	strbuf_free(&b2);

	/* EXIF orientations: stored 64x48 left red / right blue. */
	static const struct {
		int o;
		int w, h;
		int rx, ry, bx, by;  /* a red and a blue point when shown */
	} ori[] = {
		{ 6, 48, 64, 24, 10, 24, 54 },  /* 90° cw: left -> top */
		{ 8, 48, 64, 24, 54, 24, 10 },  /* 90° ccw: left -> bottom */
		{ 3, 64, 48, 54, 24, 10, 24 },  /* 180°: left -> right */
		{ 2, 64, 48, 54, 24, 10, 24 },  /* mirror */
	};
	for (size_t i = 0; i < ARRAY_LEN(ori); i++) {
		char key[32];
		snprintf(key, sizeof key, "o%d.jpg", ori[i].o);
		with_orientation(&o, &b, ori[i].o);
		const struct image *r = add(c, key, &o, &why);
		OK(r != NULL, "orientation %d loads", ori[i].o);
		if (!r)
			continue;
		FLT_EQ(r->width, ori[i].w, 0, "orientation %d: width", ori[i].o);
		FLT_EQ(r->height, ori[i].h, 0, "orientation %d: height", ori[i].o);
		s = render(r, ori[i].w, ori[i].h);
		OK(near(pixel(s, ori[i].rx, ori[i].ry), 0xFFFF0000, 12), "orientation %d: red",
		   ori[i].o);
		OK(near(pixel(s, ori[i].bx, ori[i].by), 0xFF0000FF, 12), "orientation %d: blue",
		   ori[i].o);
		cairo_surface_destroy(s);
		if (ori[i].o == 6) {
			/* rotated by the page, not re-encoded */
			ps = pdf_new(&pdf);
			cr = cairo_create(ps);
			image_draw(cr, r, 0, 0, 48, 64);
			cairo_destroy(cr);
			pdf_end(ps);
			OK(has_mem(&pdf, o.s, o.len), "oriented JPEG embedded unchanged");
			strbuf_free(&pdf);
		}
		strbuf_free(&o);
	}
	strbuf_free(&b);
	image_cache_free(c);
}

/* For the document's PDF (image_cache_set_pdf) a JPEG is drawn through a
 * stand-in and its bytes are handed to pdf_finish: cairo's output never
 * holds them (it would copy megabytes into memory that pdf_finish copies
 * again). */
static void test_jpeg_standin(void)
{
	struct image_cache *c = image_cache_new();
	image_cache_set_pdf(c, true);
	struct strbuf b, pdf;
	const char *why = NULL;
	bool have = pixbuf_file(&b, "jpeg", 64, 48, 0xFF0000, 0x0000FF);
	OK(have, "gdk-pixbuf saves JPEG");
	const struct image *img = have ? add(c, "photo.jpg", &b, &why) : NULL;
	OK(img != NULL, "JPEG for the PDF (%s)", why ? why : "");
	if (!img) {
		image_cache_free(c);
		return;
	}
	cairo_surface_t *ps = pdf_new(&pdf);
	cairo_t *cr = cairo_create(ps);
	image_draw(cr, img, 10, 10, 320, 240);
	cairo_show_page(cr);
	cairo_push_group(cr);
	image_draw(cr, img, 100, 100, 32, 24);
	cairo_pop_group_to_source(cr);
	cairo_paint_with_alpha(cr, 0.5);
	cairo_destroy(cr);
	pdf_end(ps);
	INT_EQ(count_mem(&pdf, "/DCTDecode"), 0, "cairo writes no JPEG");
	OK(!has_mem(&pdf, b.s, b.len), "nor the file's bytes");
	INT_EQ(count_mem(&pdf, IMAGE_STANDIN_PREFIX), 1, "one stand-in for both pages");
	strbuf_free(&pdf);

	struct image_xobject *xo;
	const char **failed;
	size_t n_failed;
	size_t n = image_cache_pdf_images(c, &xo, &failed, &n_failed);
	INT_EQ(n, 1, "pdf_finish is given the JPEG");
	INT_EQ(n_failed, 0, "nothing failed");
	if (n == 1) {
		INT_EQ(xo[0].tag, 1, "the stand-in's tag");
		OK(xo[0].jpeg && xo[0].jpeg_len == b.len && !memcmp(xo[0].jpeg, b.s, b.len),
		   "the file's bytes");
		INT_EQ(xo[0].width, 64, "its stored width");
		INT_EQ(xo[0].height, 48, "its stored height");
		OK(!xo[0].jpeg_grey && !xo[0].rgb, "colour, no PNG streams");
	}
	free(xo);
	free(failed);
	strbuf_free(&b);
	image_cache_free(c);
}

static void test_jpeg_kinds(void)
{
	struct image_cache *c = image_cache_new();
	static const struct {
		const unsigned char *d;
		size_t n;
		const char *what;
		bool dct;  /* embedded as it is */
	} k[] = {
		{ jpeg_prog, sizeof jpeg_prog, "progressive", true },
		/* cairo would write it as /DeviceCMYK without the /Decode array
		 * inverted CMYK needs: poppler then shows it dark */
		{ jpeg_cmyk, sizeof jpeg_cmyk, "Adobe CMYK", false },
	};
	for (size_t i = 0; i < ARRAY_LEN(k); i++) {
		const char *why = NULL;
		const struct image *img = image_cache_add(c, k[i].what, k[i].d, k[i].n, &why);
		OK(img != NULL, "%s JPEG loads (%s)", k[i].what, img ? "" : why);
		if (!img)
			continue;
		FLT_EQ(img->width, 16, 0, "%s: width", k[i].what);
		FLT_EQ(img->height, 8, 0, "%s: height", k[i].what);
		cairo_surface_t *s = render(img, 16, 8);
		OK(near(pixel(s, 2, 4), 0xFFFF0000, 16), "%s: left red", k[i].what);
		OK(near(pixel(s, 13, 4), 0xFF0000FF, 16), "%s: right blue", k[i].what);
		cairo_surface_destroy(s);
		struct strbuf pdf;
		cairo_surface_t *ps = pdf_new(&pdf);
		cairo_t *cr = cairo_create(ps);
		image_draw(cr, img, 0, 0, 160, 80);
		cairo_destroy(cr);
		pdf_end(ps);
		INT_EQ(count_mem(&pdf, "/DCTDecode"), k[i].dct, "%s: DCT in the PDF", k[i].what);
		OK(has_mem(&pdf, k[i].d, k[i].n) == k[i].dct, "%s: file bytes in the PDF",
		   k[i].what);
		INT_EQ(count_mem(&pdf, "/Subtype /Image"), 1, "%s: one image", k[i].what);
		strbuf_free(&pdf);
	}
	image_cache_free(c);
}

static void test_png_in_pdf(void)
{
	struct image_cache *c = image_cache_new();
	struct strbuf b, pdf;
	double red[4] = { 1, 0, 0, 1 }, blue[4] = { 0, 0, 1, 1 };
	cairo_png(&b, CAIRO_FORMAT_RGB24, 40, 30, red, blue);
	const struct image *img = add(c, "p.png", &b, NULL);
	OK(img != NULL, "PNG for the PDF");
	if (img) {
		cairo_surface_t *ps = pdf_new(&pdf);
		cairo_t *cr = cairo_create(ps);
		image_draw(cr, img, 0, 0, 400, 300);  /* 10x up */
		cairo_show_page(cr);
		image_draw(cr, img, 0, 0, 40, 30);
		cairo_destroy(cr);
		pdf_end(ps);
		INT_EQ(count_mem(&pdf, "/Subtype /Image"), 1, "PNG stored once for two pages");
		OK(count_mem(&pdf, "/Width 40") == 1, "stored at its native 40 px");
		OK(count_mem(&pdf, "/Width 400") == 0, "never stored upscaled");
		OK(count_mem(&pdf, "/DCTDecode") == 0, "a PNG is not DCT");
		strbuf_free(&pdf);
	}
	strbuf_free(&b);
	image_cache_free(c);
}

static void test_other_rasters(void)
{
	struct image_cache *c = image_cache_new();
	const char *why = NULL;
	const struct image *img =
		image_cache_add(c, "anim.gif", gif_2frames, sizeof gif_2frames, &why);
	OK(img != NULL, "animated GIF decodes (%s)", why ? why : "");
	if (img) {
		FLT_EQ(img->width, 1, 0, "GIF width");
		cairo_surface_t *s = render(img, 4, 4);
		OK(near(pixel(s, 2, 2), 0xFFFF0000, 0), "GIF: the first frame (red)");
		cairo_surface_destroy(s);
	}
	/* a GIF whose data ends after the header */
	why = NULL;
	OK(image_cache_add(c, "cut.gif", gif_2frames, 16, &why) == NULL, "cut GIF refused");
	OK(why != NULL, "why for cut GIF: %s", why ? why : "(null)");

	struct strbuf b;
	static const char *types[] = { "bmp", "ico" };
	for (size_t i = 0; i < ARRAY_LEN(types); i++) {
		if (!pixbuf_file(&b, types[i], 16, 16, 0x00FF00, 0x00FF00)) {
			OK(true, "gdk-pixbuf cannot save %s here", types[i]);
			continue;
		}
		char key[16];
		snprintf(key, sizeof key, "x.%s", types[i]);
		img = add(c, key, &b, &why);
		OK(img != NULL, "%s decodes (%s)", types[i], img ? "" : why);
		if (img) {
			FLT_EQ(img->width, 16, 0, "%s width", types[i]);
			cairo_surface_t *s = render(img, 16, 16);
			OK(near(pixel(s, 8, 8), 0xFF00FF00, 0), "%s green", types[i]);
			cairo_surface_destroy(s);
		}
		strbuf_free(&b);
	}

	/* WebP: decodes with a loader installed, else says which is missing */
	bool have_webp = false;
	GSList *fl = gdk_pixbuf_get_formats();
	for (GSList *f = fl; f; f = f->next) {
		gchar *name = gdk_pixbuf_format_get_name(f->data);
		have_webp |= !strcmp(name, "webp");
		g_free(name);
	}
	g_slist_free(fl);
	if (have_webp && pixbuf_file(&b, "webp", 16, 16, 0x00FF00, 0x00FF00)) {
		img = add(c, "x.webp", &b, &why);
		OK(img != NULL, "WebP decodes (%s)", img ? "" : why);
		strbuf_free(&b);
	} else if (!have_webp) {
		static const unsigned char webp[] = "RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\0";
		why = NULL;
		OK(image_cache_add(c, "x.webp", webp, sizeof webp - 1, &why) == NULL,
		   "WebP without a loader refused");
		OK(contains(why, "WebP") && contains(why, "loader"), "why: %s", why ? why : "(null)");
	}
	image_cache_free(c);
}

static const char svg_wh[] =
	"<svg xmlns='http://www.w3.org/2000/svg' width='100' height='50'>"
	"<rect width='100' height='50' fill='#f00'/></svg>";

static void test_svg_sizes(void)
{
	struct image_cache *c = image_cache_new();
	const char *why = NULL;
	static const struct {
		const char *svg;
		double w, h;
		const char *what;
	} cases[] = {
		{ svg_wh, 100, 50, "width/height in px" },
		{ "<svg xmlns='http://www.w3.org/2000/svg' width='2in' height='1in'/>", 192, 96,
		  "inches at 96 px" },
		{ "<svg xmlns='http://www.w3.org/2000/svg' width='10mm' height='72pt'/>",
		  37.795, 96, "mm and pt" },
		{ "<svg xmlns='http://www.w3.org/2000/svg' width='2em' height='1em'/>", 32, 16,
		  "em at the initial 16px" },
		{ "<svg xmlns='http://www.w3.org/2000/svg' width='2em' height='1ex' "
		  "style='font-size:20px'/>", 40, 10, "em/ex with the root's font-size" },
		{ "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 40 10'/>", 40, 10,
		  "viewBox only: its size" },
		{ "<svg xmlns='http://www.w3.org/2000/svg' width='80' viewBox='0 0 40 10'/>", 80, 20,
		  "width and viewBox: height from the ratio" },
		{ "<svg xmlns='http://www.w3.org/2000/svg' height='30' viewBox='0 0 40 10'/>", 120, 30,
		  "height and viewBox: width from the ratio" },
		{ "<svg xmlns='http://www.w3.org/2000/svg' width='100%' height='100%'/>", 300, 150,
		  "percentages: 300x150" },
		{ "<svg xmlns='http://www.w3.org/2000/svg'><circle r='5'/></svg>", 300, 150,
		  "neither: 300x150" },
		{ "<svg xmlns='http://www.w3.org/2000/svg' width='70'/>", 70, 150,
		  "width only: height 150" },
		{ "\xEF\xBB\xBF<?xml version='1.0' encoding='UTF-8'?>\n"
		  "<!-- made by hand -->\n<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' "
		  "'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd' [ <!-- a > b --> ]>\n"
		  "  <svg xmlns='http://www.w3.org/2000/svg' width='12' height='34'/>",
		  12, 34, "BOM, XML declaration, comment and DOCTYPE before <svg>" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char key[16];
		snprintf(key, sizeof key, "s%zu.svg", i);
		const struct image *img = add_str(c, key, cases[i].svg, &why);
		OK(img != NULL, "%s: loads (%s)", cases[i].what, img ? "" : why);
		if (!img)
			continue;
		INT_EQ(img->kind, IMAGE_SVG, "%s: kind", cases[i].what);
		FLT_EQ(img->width, cases[i].w, 0.01, "%s: width", cases[i].what);
		FLT_EQ(img->height, cases[i].h, 0.01, "%s: height", cases[i].what);
	}
	why = NULL;
	OK(add_str(c, "bad.svg", "<svg xmlns='http://www.w3.org/2000/svg'><rect", &why) == NULL,
	   "unterminated SVG refused");
	OK(contains(why, "SVG"), "why: %s", why ? why : "(null)");
	OK(add_str(c, "html.svg", "<html><svg/></html>", &why) == NULL,
	   "<svg> not at the root: not sniffed as SVG");
	image_cache_free(c);
}

static void test_svg_safety(void)
{
	struct image_cache *c = image_cache_new();
	const char *why = NULL;
	double t = now();
	const struct image *img = add_str(c, "self.svg",
		"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
		"<g id='self'><use href='#self'/><rect width='5' height='5'/></g>"
		"<use id='u' href='#u'/>"
		"<image href='self.svg' width='10' height='10'/>"
		"<image href='file:///etc/passwd' width='10' height='10'/></svg>", &why);
	OK(img != NULL, "self-referencing SVG loads (%s)", img ? "" : why);
	if (img) {
		cairo_surface_t *s = render(img, 10, 10);
		cairo_surface_destroy(s);
	}
	OK(now() - t < 2.0 * SLOWDOWN, "self-reference finishes quickly (%.3f s)", now() - t);

	/* <use> fan-out, 10^7 instances: librsvg's limit, checked once here */
	struct strbuf b;
	strbuf_init(&b, 0);
	strbuf_puts(&b, "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink="
			"'http://www.w3.org/1999/xlink' width='10' height='10'><defs>"
			"<rect id='l0' width='1' height='1'/>");
	for (int i = 1; i <= 7; i++) {
		strbuf_printf(&b, "<g id='l%d'>", i);
		for (int k = 0; k < 10; k++)
			strbuf_printf(&b, "<use xlink:href='#l%d'/>", i - 1);
		strbuf_puts(&b, "</g>");
	}
	strbuf_puts(&b, "</defs><use xlink:href='#l7'/></svg>");
	t = now();
	why = NULL;
	img = add(c, "laughs.svg", &b, &why);
	double dt = now() - t;
	OK(img == NULL, "exponential <use> refused");
	OK(contains(why, "SVG"), "why: %s", why ? why : "(null)");
	OK(dt < 20, "and in bounded time (%.2f s)", dt);
	strbuf_free(&b);

	/* MAX_SVG_BYTES */
	size_t n = MAX_SVG_BYTES + 1;
	char *big = xmalloc(n);
	memset(big, ' ', n);
	memcpy(big, "<svg ", 5);
	why = NULL;
	OK(image_cache_add(c, "big.svg", (const unsigned char *)big, n, &why) == NULL,
	   "SVG over MAX_SVG_BYTES refused");
	OK(contains(why, "larger"), "why: %s", why ? why : "(null)");
	free(big);
	image_cache_free(c);
}

/* An SVG drawing `payload` (bytes) through <image href="data:...">, the URL
 * written by `style`: 0 base64 wrapped at 76, 1 the same with "d" as a
 * character reference, 2 percent-encoded. */
static char *svg_with_image(const char *mime, const unsigned char *payload, size_t n, int style)
{
	struct strbuf b;
	strbuf_init(&b, 0);
	strbuf_puts(&b, "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'>"
			"<image width='4' height='4' href='");
	if (style == 2) {
		strbuf_printf(&b, "data:%s,", mime);
		for (size_t i = 0; i < n; i++) {
			unsigned char ch = payload[i];
			if ((ch | 32) >= 'a' && (ch | 32) <= 'z')
				strbuf_append(&b, (const char *)&ch, 1);
			else
				strbuf_printf(&b, "%%%02X", ch);
		}
	} else {
		gchar *enc = g_base64_encode(payload, n);
		strbuf_printf(&b, "%sata:%s;base64,", style == 1 ? "&#100;" : "d", mime);
		for (size_t i = 0, len = strlen(enc); i < len; i += 76)
			strbuf_printf(&b, "%.76s\n", enc + i);
		g_free(enc);
	}
	strbuf_puts(&b, "'/></svg>");
	return b.s;
}

static void test_svg_embedded(void)
{
	struct image_cache *c = image_cache_new();
	const char *why = NULL;
	struct strbuf png;
	double red[4] = { 1, 0, 0, 1 };
	cairo_png(&png, CAIRO_FORMAT_RGB24, 4, 4, red, red);
	char *svg = svg_with_image("image/png", (const unsigned char *)png.s, png.len, 0);
	const struct image *img = add_str(c, "small.svg", svg, &why);
	OK(img != NULL, "SVG with a small data: PNG loads (%s)", img ? "" : why);
	if (img) {
		cairo_surface_t *s = render(img, 4, 4);
		OK(near(pixel(s, 2, 2), 0xFFFF0000, 0), "the embedded PNG is drawn");
		cairo_surface_destroy(s);
	}
	free(svg);
	strbuf_free(&png);

	/* a PNG header claiming 50000x50000, three ways of writing the URL */
	static const unsigned char row[] = { 0, 0, 0, 0, 0 };
	png_build(&png, 50000, 50000, 8, 6, 0, row, sizeof row, NULL, 0, NULL, 0);
	for (int style = 0; style < 3; style++) {
		svg = svg_with_image("image/png", (const unsigned char *)png.s, png.len, style);
		char key[16];
		snprintf(key, sizeof key, "bomb%d.svg", style);
		double t = now();
		why = NULL;
		OK(add_str(c, key, svg, &why) == NULL, "SVG embedding a 50000x50000 PNG refused (%d)",
		   style);
		OK(contains(why, "embeds") && contains(why, "50000"), "why: %s", why ? why : "(null)");
		OK(now() - t < 1.0 * SLOWDOWN, "refused before librsvg decodes it");
		if (style == 0) {
			/* the same SVG as an image inside another SVG */
			char *outer = svg_with_image("image/svg+xml", (const unsigned char *)svg,
						     strlen(svg), 2);
			why = NULL;
			OK(add_str(c, "nested.svg", outer, &why) == NULL, "nested SVG bomb refused");
			OK(contains(why, "50000"), "why: %s", why ? why : "(null)");
			free(outer);
		}
		free(svg);
	}
	strbuf_free(&png);

	/* SVG in SVG, deeper than librsvg needs to be followed */
	char *doc = xstrdup(svg_wh);
	for (int level = 0; level < 10; level++) {
		char *outer = svg_with_image("image/svg+xml", (const unsigned char *)doc,
					     strlen(doc), 0);
		free(doc);
		doc = outer;
		if (level == 2)
			OK(add_str(c, "nest3.svg", doc, &why) != NULL, "SVG nested 3 deep loads");
	}
	why = NULL;
	OK(add_str(c, "nest10.svg", doc, &why) == NULL, "SVG nested 10 deep refused");
	OK(contains(why, "nested"), "why: %s", why ? why : "(null)");
	free(doc);

	/* a great many data: URLs: each costs a header check */
	struct strbuf many;
	strbuf_init(&many, 0);
	strbuf_puts(&many, "<svg xmlns='http://www.w3.org/2000/svg'>");
	for (int i = 0; i <= MAX_SVG_DATA_IMAGES; i++)
		strbuf_puts(&many, "<image href='data:,AAAAAAAAAAAA'/>");
	strbuf_puts(&many, "</svg>");
	double t = now();
	why = NULL;
	OK(add(c, "many.svg", &many, &why) == NULL, "SVG with too many data: URLs refused");
	OK(contains(why, "more than"), "why: %s", why ? why : "(null)");
	OK(now() - t < 2.0 * SLOWDOWN, "quickly (%.3f s)", now() - t);
	strbuf_free(&many);
	image_cache_free(c);
}

static void test_svg_draw(void)
{
	struct image_cache *c = image_cache_new();
	const char *why = NULL;
	const struct image *img = add_str(c, "wh.svg", svg_wh, &why);
	OK(img != NULL, "SVG for drawing");
	if (!img) {
		image_cache_free(c);
		return;
	}
	cairo_surface_t *s = render(img, 100, 50);
	OK(near(pixel(s, 50, 25), 0xFFFF0000, 0), "SVG drawn at its size");
	cairo_surface_destroy(s);
	/* no viewBox: stretched to the box like Chrome, not letterboxed */
	s = render(img, 100, 100);
	OK(near(pixel(s, 50, 95), 0xFFFF0000, 0), "viewBox-less SVG stretches vertically");
	cairo_surface_destroy(s);
	s = render(img, 300, 50);
	OK(near(pixel(s, 295, 25), 0xFFFF0000, 0), "viewBox-less SVG stretches horizontally");
	cairo_surface_destroy(s);

	/* with a viewBox: preserveAspectRatio meet, centred */
	const struct image *vb = add_str(c, "vb.svg",
		"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'>"
		"<rect width='10' height='10' fill='#00f'/></svg>", &why);
	OK(vb != NULL, "viewBox SVG");
	if (vb) {
		s = render(vb, 200, 100);
		OK(near(pixel(s, 100, 50), 0xFF0000FF, 0), "viewBox content centred");
		OK(near(pixel(s, 10, 50), 0xFFFFFFFF, 0), "letterboxed left");
		cairo_surface_destroy(s);
	}

	/* content outside the viewport is clipped to the box */
	const struct image *ov = add_str(c, "over.svg",
		"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10' overflow='visible'>"
		"<rect x='-50' y='-50' width='200' height='200' fill='#0f0'/></svg>", &why);
	if (ov) {
		s = canvas(40, 40);
		cairo_t *cr = cairo_create(s);
		image_draw(cr, ov, 10, 10, 10, 10);
		cairo_destroy(cr);
		OK(near(pixel(s, 15, 15), 0xFF00FF00, 0), "inside the box drawn");
		OK(near(pixel(s, 5, 5), 0xFFFFFFFF, 0), "outside the box clipped");
		cairo_surface_destroy(s);
	}

	/* PDF: vectors only, no image XObject */
	struct strbuf pdf;
	cairo_surface_t *ps = pdf_new(&pdf);
	cairo_t *cr = cairo_create(ps);
	image_draw(cr, img, 10, 10, 300, 150);
	cairo_push_group(cr);
	image_draw(cr, vb, 10, 10, 100, 100);
	cairo_pop_group_to_source(cr);
	cairo_paint_with_alpha(cr, 0.5);
	cairo_destroy(cr);
	pdf_end(ps);
	OK(pdf.len > 0, "SVG PDF written");
	INT_EQ(count_mem(&pdf, "/Subtype /Image"), 0, "SVG in the PDF has no image XObject");
	strbuf_free(&pdf);
	image_cache_free(c);
}

/* On a PDF an SVG is recorded once at its viewBox size and painted scaled
 * (image.c svg_recording): one form XObject for every use, text kept as
 * text; an SVG with links is drawn straight. */
static void test_svg_pdf(void)
{
	struct image_cache *c = image_cache_new();
	const struct image *t = add_str(c, "t.svg",
		"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 200 100'>"
		"<rect width='200' height='100' fill='#0f0'/>"
		"<text x='10' y='50' font-size='20'>Vectors</text></svg>", NULL);
	const struct image *l = add_str(c, "l.svg",
		"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 20 10'>"
		"<a href='https://example.org/'><rect width='20' height='10'/></a></svg>", NULL);
	OK(t && l, "SVGs for the PDF");
	if (!t || !l) {
		image_cache_free(c);
		return;
	}
	struct strbuf pdf;
	cairo_surface_t *ps = pdf_new(&pdf);
	cairo_t *cr = cairo_create(ps);
	image_draw(cr, t, 0, 0, 400, 200);
	cairo_show_page(cr);
	image_draw(cr, t, 50, 50, 100, 80);   /* smaller, letterboxed */
	cairo_destroy(cr);
	pdf_end(ps);
	INT_EQ(count_mem(&pdf, "/Subtype /Form"), 1, "an SVG drawn twice is one form XObject");
	OK(count_mem(&pdf, "/FontDescriptor") >= 1, "its text is text");
	INT_EQ(count_mem(&pdf, "/Subtype /Image"), 0, "and no picture");
	strbuf_free(&pdf);

	ps = pdf_new(&pdf);
	cr = cairo_create(ps);
	image_draw(cr, l, 0, 0, 200, 100);
	cairo_destroy(cr);
	pdf_end(ps);
	INT_EQ(count_mem(&pdf, "/Subtype /Form"), 0, "an SVG with links is drawn straight");
	OK(count_mem(&pdf, "/URI") >= 1, "its link kept (%zu)", count_mem(&pdf, "/URI"));
	strbuf_free(&pdf);
	image_cache_free(c);
}

static void test_draw_edges(void)
{
	struct image_cache *c = image_cache_new();
	const struct image *img = add_str(c, "z.svg",
		"<svg xmlns='http://www.w3.org/2000/svg' width='0' height='10'/>", NULL);
	OK(img != NULL, "zero-width SVG loads");
	cairo_surface_t *s = canvas(4, 4);
	cairo_t *cr = cairo_create(s);
	if (img)
		image_draw(cr, img, 0, 0, 4, 4);
	image_draw(cr, NULL, 0, 0, 4, 4);
	struct strbuf b;
	double red[4] = { 1, 0, 0, 1 };
	cairo_png(&b, CAIRO_FORMAT_RGB24, 2, 2, red, red);
	const struct image *p = add(c, "r.png", &b, NULL);
	if (p) {
		image_draw(cr, p, 0, 0, 0, 4);
		image_draw(cr, p, 0, 0, -1, 4);
		image_draw(cr, p, 0, 0, NAN, 4);
	}
	INT_EQ(cairo_status(cr), CAIRO_STATUS_SUCCESS, "degenerate draws leave cr usable");
	OK(near(pixel(s, 1, 1), 0xFFFFFFFF, 0), "and draw nothing");
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	strbuf_free(&b);
	image_cache_free(c);
	image_cache_free(NULL);
}

/* Background tiles (image_draw_repeated): one pattern, seamless, bounded
 * by the clip; across only fills the tile's band. */
static void test_repeated(void)
{
	struct image_cache *c = image_cache_new();
	struct strbuf b;
	double red[4] = { 1, 0, 0, 1 }, blue[4] = { 0, 0, 1, 1 };
	cairo_png(&b, CAIRO_FORMAT_RGB24, 10, 10, red, blue);  /* red | blue */
	const struct image *img = add(c, "tile.png", &b, NULL);
	const struct image *svg = add_str(c, "tile.svg",
		"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
		"<rect width='5' height='10' fill='#f00'/><rect x='5' width='5' height='10' "
		"fill='#00f'/></svg>", NULL);
	OK(img && svg, "tiles load");
	if (!img || !svg) {
		strbuf_free(&b);
		image_cache_free(c);
		return;
	}
	const struct image *tiles[] = { img, svg };
	for (int k = 0; k < 2; k++) {
		const char *what = k ? "SVG" : "PNG";
		cairo_surface_t *s = canvas(60, 40);
		cairo_t *cr = cairo_create(s);
		cairo_rectangle(cr, 0, 0, 50, 40);
		cairo_clip(cr);
		/* 20x20 tiles whose first one is at (5, 10), across and down */
		image_draw_repeated(cr, tiles[k], 5, 10, 20, 20, 3);
		cairo_destroy(cr);
		OK(near(pixel(s, 7, 15), 0xFFFF0000, 2), "%s: the tile itself", what);
		OK(near(pixel(s, 2, 15), 0xFF0000FF, 2), "%s: repeated to the left", what);
		OK(near(pixel(s, 27, 35), 0xFFFF0000, 2), "%s: and down-right", what);
		OK(near(pixel(s, 47, 5), 0xFFFF0000, 2), "%s: above, too", what);
		OK(near(pixel(s, 55, 20), 0xFFFFFFFF, 0), "%s: not beyond the clip", what);
		cairo_surface_destroy(s);

		s = canvas(60, 40);
		cr = cairo_create(s);
		image_draw_repeated(cr, tiles[k], 5, 10, 20, 20, 1);  /* across only */
		cairo_destroy(cr);
		OK(near(pixel(s, 47, 15), 0xFFFF0000, 2), "%s: across", what);
		OK(near(pixel(s, 7, 5), 0xFFFFFFFF, 0), "%s: not above the band", what);
		OK(near(pixel(s, 7, 35), 0xFFFFFFFF, 0), "%s: nor below", what);
		cairo_surface_destroy(s);
	}

	/* a JPEG tile in a PDF: its bytes once, in one tiling pattern */
	struct strbuf j, pdf;
	if (pixbuf_file(&j, "jpeg", 16, 16, 0xFF0000, 0x0000FF)) {
		const struct image *jp = add(c, "tile.jpg", &j, NULL);
		OK(jp != NULL, "JPEG tile");
		cairo_surface_t *ps = pdf_new(&pdf);
		cairo_t *cr = cairo_create(ps);
		image_draw_repeated(cr, jp, 0, 0, 32, 32, 3);
		image_draw_repeated(cr, svg, 0, 0, 32, 32, 2);
		cairo_destroy(cr);
		pdf_end(ps);
		INT_EQ(count_mem(&pdf, "/DCTDecode"), 1, "JPEG tile stored once, as DCT");
		INT_EQ(count_mem(&pdf, "/Subtype /Image"), 1, "no other image (SVG stays vectors)");
		OK(count_mem(&pdf, "/PatternType 1") >= 2, "tiling patterns");
		strbuf_free(&pdf);
		strbuf_free(&j);
	}
	strbuf_free(&b);
	image_cache_free(c);
}

/* Decoded pixels stay within MAX_DECODED_BYTES: the least recently drawn
 * are let go and decoded again when drawn again. */
static void test_pixel_budget(void)
{
	struct strbuf b;
	double red[4] = { 1, 0, 0, 1 }, blue[4] = { 0, 0, 1, 1 };
	cairo_png(&b, CAIRO_FORMAT_RGB24, 3000, 3000, red, blue);   /* 36 MB decoded */
	struct image_cache *c = image_cache_new();
	const struct image *img[20];
	for (int i = 0; i < 20; i++) {
		char key[32];
		snprintf(key, sizeof key, "big%d.png", i);
		const char *why;
		img[i] = add(c, key, &b, &why);
		OK(img[i] != NULL, "big PNG %d loads", i);
		if (img[i]) {
			cairo_surface_t *s = render(img[i], 4, 4);
			cairo_surface_destroy(s);
		}
	}
	OK(image_cache_decoded_bytes(c) <= MAX_DECODED_BYTES + (size_t)36000000,
	   "decoded pixels held: %zu bytes", image_cache_decoded_bytes(c));
	if (img[0]) {
		cairo_surface_t *s = render(img[0], 4, 4);
		OK(near(pixel(s, 0, 2), 0xffff0000u, 2) && near(pixel(s, 3, 2), 0xff0000ffu, 2),
		   "a picture whose pixels were let go draws again");
		cairo_surface_destroy(s);
	}
	image_cache_free(c);
	strbuf_free(&b);
}

int main(void)
{
	test_pixel_budget();
	test_png_opaque();
	test_png_alpha();
	test_png_variants();
	test_png_fast();
	test_limits_and_garbage();
	test_jpeg();
	test_jpeg_standin();
	test_jpeg_kinds();
	test_png_in_pdf();
	test_other_rasters();
	test_svg_sizes();
	test_svg_safety();
	test_svg_embedded();
	test_svg_draw();
	test_svg_pdf();
	test_draw_edges();
	test_repeated();
	return done_testing();
}
