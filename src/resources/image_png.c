/*
 * image_png.c — the PNG decoder for the PDF's pictures (see
 * image_internal.h).
 *
 * libpng's simplified API inflates through zlib a row at a time and copies
 * each row through its transformations: three quarters of a PNG's cost on a
 * worker. Nearly every PNG on a slide (screenshots, diagrams, logos) is
 * 8-bit, not interlaced and sRGB, and for those its output is the stored
 * samples. Here the whole IDAT stream is inflated in one libdeflate call,
 * about three times as fast as zlib, the rows are unfiltered in place
 * (PNG §9.2–9.4) and the samples spread into an RGB and an alpha plane. An
 * RGB PNG needs not even that: a PDF reads its IDAT stream as it is
 * (FlateDecode with the PNG predictors, ISO 32000-1 §7.4.4.4), so it is
 * only inflated to check it.
 *
 * Whatever is not plainly such a PNG goes to libpng, which decodes or
 * reports it exactly as before: every chunk's CRC is checked, the zlib stream
 * must hold exactly the image's rows, every filter type and palette index
 * must be valid.
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/image_internal.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <libdeflate.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define PNG_GAMMA_SRGB 45455u   /* gAMA of sRGB, 1/2.2 × 100000 */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

struct png_info {
	uint32_t w, h;
	int ctype;                  /* 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA */
	const unsigned char *plte;  /* palette entries (RGB), n_plte of them */
	size_t n_plte;
	const unsigned char *trns;  /* palette alpha, n_trns entries */
	size_t n_trns;
	size_t idat_len;            /* all IDAT data together */
};

/* Walk the chunks (PNG §5.3, §11): whether the file is one for this
 * decoder, and its header, palette and IDAT size. */
static bool read_chunks(const unsigned char *d, size_t n, struct png_info *pi)
{
	memset(pi, 0, sizeof *pi);
	if (n < 8 || memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		return false;
	bool have_ihdr = false, in_idat = false, idat_over = false, have_trns = false;
	for (size_t i = 8;;) {
		if (n - i < 12)
			return false;               /* no IEND */
		uint32_t len = be32(d + i);
		if (len > n - i - 12)
			return false;
		const unsigned char *type = d + i + 4, *data = d + i + 8;
		bool critical = !(type[0] & 0x20);
		/* a bad CRC stops libpng (critical chunks) or makes it drop
		 * the chunk (ancillary ones): its business either way */
		if (libdeflate_crc32(0, type, (size_t)len + 4) != be32(data + len))
			return false;
		bool idat = !memcmp(type, "IDAT", 4);
		if (!have_ihdr) {
			if (memcmp(type, "IHDR", 4) || len != 13)
				return false;
			pi->w = be32(data);
			pi->h = be32(data + 4);
			pi->ctype = data[9];
			/* 8 bits, deflate, adaptive filters, not interlaced */
			/* (image.c checked the size against the limits already;
			 * this decoder relies on nobody else) */
			if (data[8] != 8 || data[10] || data[11] || data[12] || !pi->w || !pi->h ||
			    pi->w > MAX_IMAGE_SIDE || pi->h > MAX_IMAGE_SIDE ||
			    (uint64_t)pi->w * pi->h > MAX_IMAGE_PIXELS ||
			    (pi->ctype != 0 && pi->ctype != 2 && pi->ctype != 3 && pi->ctype != 4 &&
			     pi->ctype != 6))
				return false;
			have_ihdr = true;
		} else if (idat) {
			if (idat_over)
				return false;               /* IDATs must be consecutive */
			in_idat = true;
			pi->idat_len += len;
		} else if (!memcmp(type, "IEND", 4)) {
			break;
		} else {
			idat_over = in_idat;
			if (!memcmp(type, "PLTE", 4)) {
				if (len % 3 || len > 3 * 256 || pi->plte || in_idat)
					return false;
				pi->plte = data;
				pi->n_plte = len / 3;
			} else if (!memcmp(type, "tRNS", 4)) {
				/* grey/RGB colour keys and misplaced ones: libpng */
				if (pi->ctype != 3 || !pi->plte || len > pi->n_plte || have_trns)
					return false;
				pi->trns = data;
				pi->n_trns = len;
				have_trns = true;
			} else if (!memcmp(type, "gAMA", 4)) {
				/* any other gamma is converted to sRGB by libpng */
				if (len != 4 || be32(data) != PNG_GAMMA_SRGB)
					return false;
			} else if (!memcmp(type, "sBIT", 4)) {
				/* significant bits: all 8 (screenshot tools
				 * write that) says nothing */
				for (uint32_t k = 0; k < len; k++)
					if (data[k] != 8)
						return false;
			} else if (critical) {
				return false;
			}
		}
		i += 12 + (size_t)len;
	}
	return pi->idat_len > 0 && (pi->ctype != 3 || pi->plte);
}

static inline unsigned char paeth(unsigned a, unsigned b, unsigned c)
{
	int pa = abs((int)b - (int)c), pb = abs((int)a - (int)c),
	    pc = abs((int)a + (int)b - 2 * (int)c);
	return (unsigned char)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

#ifdef __SSE2__
/*
 * Sub, Average and Paeth for 3- and 4-byte pixels, a pixel at a time in
 * SSE2 registers (libpng's filter_sse2_intrinsics.c does the same): these
 * filters chain each pixel to the one before, so their scalar loops run at
 * a few bytes per cycle. x86-64 always has SSE2.
 */
#include <emmintrin.h>

static inline __m128i load_px(const unsigned char *p, size_t bpp)
{
	uint32_t v = 0;
	memcpy(&v, p, bpp);
	return _mm_cvtsi32_si128((int)v);
}

static inline void store_px(unsigned char *p, __m128i v, size_t bpp)
{
	uint32_t x = (uint32_t)_mm_cvtsi128_si32(v);
	memcpy(p, &x, bpp);
}

/* always inlined with a constant bpp, so the loads and stores become
 * single moves */
static inline __attribute__((always_inline)) void
unfilter_simd(unsigned char *row, const unsigned char *prev, size_t len, size_t bpp,
	      unsigned type)
{
	const __m128i zero = _mm_setzero_si128();
	__m128i a = zero, b = zero, c = zero, d = zero;
	size_t i;
	switch (type) {
	case 1:
		for (i = 0; i < len; i += bpp) {
			a = _mm_add_epi8(a, load_px(row + i, bpp));
			store_px(row + i, a, bpp);
		}
		break;
	case 3:
		for (i = 0; i < len; i += bpp) {
			b = load_px(prev + i, bpp);
			/* a truncating mean: _mm_avg_epu8 rounds up, so take
			 * back the 1 it added where a + b is odd */
			__m128i m = _mm_avg_epu8(a, b);
			m = _mm_sub_epi8(m, _mm_and_si128(_mm_xor_si128(a, b), _mm_set1_epi8(1)));
			a = _mm_add_epi8(load_px(row + i, bpp), m);
			store_px(row + i, a, bpp);
		}
		break;
	case 4:
		for (i = 0; i < len; i += bpp) {
			/* in 16-bit lanes: p - a = b - c, p - b = a - c,
			 * p - c = (b - c) + (a - c); ties go to a, then b */
			c = b;
			b = _mm_unpacklo_epi8(load_px(prev + i, bpp), zero);
			a = d;
			d = _mm_unpacklo_epi8(load_px(row + i, bpp), zero);
			__m128i pa = _mm_sub_epi16(b, c), pb = _mm_sub_epi16(a, c);
			__m128i pc = _mm_add_epi16(pa, pb);
			pa = _mm_max_epi16(pa, _mm_sub_epi16(zero, pa));
			pb = _mm_max_epi16(pb, _mm_sub_epi16(zero, pb));
			pc = _mm_max_epi16(pc, _mm_sub_epi16(zero, pc));
			__m128i least = _mm_min_epi16(pc, _mm_min_epi16(pa, pb));
			__m128i use_a = _mm_cmpeq_epi16(least, pa), use_b = _mm_cmpeq_epi16(least, pb);
			__m128i bc = _mm_or_si128(_mm_and_si128(use_b, b), _mm_andnot_si128(use_b, c));
			__m128i near = _mm_or_si128(_mm_and_si128(use_a, a), _mm_andnot_si128(use_a, bc));
			/* bytes wrap modulo 256; the high bytes stay 0 */
			d = _mm_add_epi8(d, near);
			store_px(row + i, _mm_packus_epi16(d, d), bpp);
		}
		break;
	}
}
#endif

/* Undo one row's filter (PNG §9.2) in place; prev is the row above,
 * already unfiltered (zeros above the first). false: unknown type. */
static bool unfilter(unsigned char *row, const unsigned char *prev, size_t len, size_t bpp,
		     unsigned type)
{
	size_t i;
	if (type > 4)
		return false;
#ifdef __SSE2__
	if (type == 2) {
		/* Up: no chain, 16 bytes at a time */
		for (i = 0; i + 16 <= len; i += 16) {
			__m128i r = _mm_loadu_si128((const __m128i *)(const void *)(row + i));
			__m128i p = _mm_loadu_si128((const __m128i *)(const void *)(prev + i));
			_mm_storeu_si128((__m128i *)(void *)(row + i), _mm_add_epi8(r, p));
		}
		for (; i < len; i++)
			row[i] = (unsigned char)(row[i] + prev[i]);
		return true;
	}
	if (bpp == 4 && type != 0) {
		unfilter_simd(row, prev, len, 4, type);
		return true;
	}
	if (bpp == 3 && type != 0) {
		unfilter_simd(row, prev, len, 3, type);
		return true;
	}
#endif
	switch (type) {
	case 1:
		for (i = bpp; i < len; i++)
			row[i] = (unsigned char)(row[i] + row[i - bpp]);
		break;
	case 2:
		for (i = 0; i < len; i++)
			row[i] = (unsigned char)(row[i] + prev[i]);
		break;
	case 3:
		for (i = 0; i < bpp; i++)
			row[i] = (unsigned char)(row[i] + (prev[i] >> 1));
		for (; i < len; i++)
			row[i] = (unsigned char)(row[i] + ((row[i - bpp] + prev[i]) >> 1));
		break;
	case 4:
		for (i = 0; i < bpp; i++)
			row[i] = (unsigned char)(row[i] + prev[i]);
		for (; i < len; i++)
			row[i] = (unsigned char)(row[i] + paeth(row[i - bpp], prev[i], prev[i - bpp]));
		break;
	}
	return true;
}

/* exported function documented in image_internal.h */
enum png_fast image_png_decode(const unsigned char *d, size_t n, bool allow_rows,
			       struct png_planes *out)
{
	memset(out, 0, sizeof *out);
	struct png_info pi;
	if (!read_chunks(d, n, &pi))
		return PNG_FAST_NO;
	size_t bpp = pi.ctype == 6 ? 4 : pi.ctype == 2 ? 3 : pi.ctype == 4 ? 2 : 1;
	size_t w = pi.w, h = pi.h, stride = w * bpp, np = w * h;

	/* the IDAT data in one piece */
	unsigned char *z = xmalloc(pi.idat_len);
	size_t zl = 0;
	for (size_t i = 8; zl < pi.idat_len; i += 12 + (size_t)be32(d + i))
		if (!memcmp(d + i + 4, "IDAT", 4)) {
			memcpy(z + zl, d + i + 8, be32(d + i));
			zl += be32(d + i);
		}

	/* exactly h rows of 1 + stride bytes (PNG §10) */
	unsigned char *raw = xmalloc(h * (stride + 1));
	struct libdeflate_decompressor *dc = libdeflate_alloc_decompressor();
	size_t used = 0;
	enum libdeflate_result r = dc ? libdeflate_zlib_decompress_ex(dc, z, zl, raw,
								      h * (stride + 1), &used, NULL)
				      : LIBDEFLATE_BAD_DATA;
	libdeflate_free_decompressor(dc);
	if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
		/* more than the image's rows: libpng would inflate it all (an
		 * 8 MB file can hold 8 GiB) only to say so */
		free(raw);
		free(z);
		return PNG_FAST_BAD;
	}
	bool ok = r == LIBDEFLATE_SUCCESS;

	if (ok && pi.ctype == 2 && allow_rows && used == zl) {
		for (size_t y = 0; ok && y < h; y++)
			ok = raw[y * (stride + 1)] <= 4;
		free(raw);
		if (!ok) {
			free(z);
			return PNG_FAST_NO;
		}
		out->width = (int)w;
		out->height = (int)h;
		out->rows = z;
		out->rows_len = zl;
		return PNG_FAST_ROWS;
	}
	free(z);

	unsigned char *zero = ok ? xcalloc(1, stride) : NULL;
	for (size_t y = 0; ok && y < h; y++) {
		unsigned char *row = raw + y * (stride + 1);
		ok = unfilter(row + 1, y ? row - stride : zero, stride, bpp, row[0]);
	}
	free(zero);
	if (!ok) {
		free(raw);
		return PNG_FAST_NO;
	}

	/* the samples into planes; RGB(A) in place, forwards: a pixel's
	 * bytes never move up past one not yet read */
	unsigned char *rgb = raw, *alpha = NULL;
	if (pi.ctype == 6 || pi.ctype == 4 || (pi.ctype == 3 && pi.trns))
		alpha = xmalloc(np);
	if (pi.ctype != 2 && pi.ctype != 6)
		rgb = xmalloc(np * 3);
	for (size_t y = 0; ok && y < h; y++) {
		const unsigned char *s = raw + y * (stride + 1) + 1;
		unsigned char *o = rgb + y * w * 3, *a = alpha ? alpha + y * w : NULL;
		switch (pi.ctype) {
		case 2:
			memmove(o, s, stride);
			break;
		case 6:
			for (size_t x = 0; x < w; x++, s += 4, o += 3) {
				uint32_t px;    /* read whole before o overwrites it */
				memcpy(&px, s, 4);
				memcpy(o, &px, 3);
				a[x] = s[3];
			}
			break;
		case 0:
		case 4:
			for (size_t x = 0; x < w; x++, s += bpp, o += 3) {
				o[0] = o[1] = o[2] = s[0];
				if (a)
					a[x] = s[1];
			}
			break;
		case 3:
			for (size_t x = 0; x < w; x++, o += 3) {
				unsigned k = s[x];
				if (k >= pi.n_plte) {
					ok = false;     /* libpng's warning, its choice */
					break;
				}
				memcpy(o, pi.plte + 3 * k, 3);
				if (a)
					a[x] = k < pi.n_trns ? pi.trns[k] : 255;
			}
			break;
		}
	}
	if (rgb != raw)
		free(raw);
	if (!ok) {
		free(rgb);
		free(alpha);
		return PNG_FAST_NO;
	}
	out->width = (int)w;
	out->height = (int)h;
	out->rgb = rgb;
	out->alpha = alpha;
	return PNG_FAST_PIXELS;
}

/* ---- colour ------------------------------------------------------------- */

/* The largest ICC profile taken from a picture (Display P3 and Adobe RGB
 * profiles are a few KB; camera profiles some hundred). */
#define MAX_ICC_BYTES (4u << 20)

/* exported function documented in image_internal.h */
unsigned char *image_png_iccp(const unsigned char *d, size_t n, size_t *len)
{
	if (n < 8 || memcmp(d, "\x89PNG\r\n\x1a\n", 8))
		return NULL;
	for (size_t i = 8; n - i >= 12;) {
		uint32_t clen = be32(d + i);
		if (clen > n - i - 12)
			return NULL;
		const unsigned char *type = d + i + 4, *data = d + i + 8;
		if (!memcmp(type, "IDAT", 4) || !memcmp(type, "IEND", 4))
			return NULL;            /* iCCP comes before IDAT */
		if (!memcmp(type, "iCCP", 4)) {
			/* name (1-79 bytes), NUL, method 0, zlib data */
			const unsigned char *z = memchr(data, 0, MIN(clen, 80u));
			if (!z || z + 2 > data + clen || z[1] != 0)
				return NULL;
			z += 2;
			size_t zn = (size_t)(data + clen - z);
			struct libdeflate_decompressor *dc = libdeflate_alloc_decompressor();
			unsigned char *out = NULL;
			/* the profile's size is in its header: inflate what fits */
			for (size_t cap = 1u << 14; dc && cap <= MAX_ICC_BYTES; cap *= 4) {
				out = xmalloc(cap);
				size_t got;
				enum libdeflate_result r =
					libdeflate_zlib_decompress(dc, z, zn, out, cap, &got);
				if (r == LIBDEFLATE_SUCCESS && got >= 128) {
					*len = got;
					break;
				}
				free(out);
				out = NULL;
				if (r != LIBDEFLATE_INSUFFICIENT_SPACE)
					break;
			}
			libdeflate_free_decompressor(dc);
			return out;
		}
		i += 12 + (size_t)clen;
	}
	return NULL;
}

/* exported function documented in image_internal.h */
unsigned char *image_png_split_alpha(unsigned char *px, size_t np)
{
	/* pixel i moves from 4i to 3i, never over one not yet read */
	unsigned char *alpha = xmalloc(np);
	for (size_t i = 0; i < np; i++) {
		alpha[i] = px[4 * i + 3];
		memmove(px + 3 * i, px + 4 * i, 3);
	}
	return alpha;
}

struct mem_read {
	const unsigned char *d;
	size_t n, at;
};

static void mem_read_fn(png_structp png, png_bytep out, png_size_t len)
{
	struct mem_read *m = png_get_io_ptr(png);
	if (len > m->n - m->at)
		png_error(png, "truncated");
	memcpy(out, m->d + m->at, len);
	m->at += len;
}

/* exported function documented in image_internal.h */
int image_png_decode16(const unsigned char *d, size_t n, struct png_planes *out)
{
	if (n < 33 || d[24] != 16)
		return -1;
	png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_read_struct(&png, NULL, NULL);
		return 0;
	}
	struct mem_read m = { d, n, 0 };
	unsigned char *px = NULL;
	png_bytep *rows = NULL;
	volatile int ret = 0;
	if (setjmp(png_jmpbuf(png))) {
		free(px);
		free(rows);
		png_destroy_read_struct(&png, &info, NULL);
		return ret;
	}
	png_set_read_fn(png, &m, mem_read_fn);
	png_read_info(png, info);
	if (png_get_valid(png, info, PNG_INFO_gAMA | PNG_INFO_sRGB)) {
		/* libpng's simplified API converts these rightly */
		ret = -1;
		png_error(png, "has gamma");
	}
	png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
	if (!w || !h || w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE ||
	    (uint64_t)w * h > MAX_IMAGE_PIXELS)
		png_error(png, "too large");
	/* 16 bits to 8 by rounding, no gamma: the samples are sRGB, as a
	 * browser takes a PNG without gAMA */
	png_set_scale_16(png);
	png_set_expand(png);
	png_set_gray_to_rgb(png);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
	int ch = png_get_channels(png, info);
	if (ch != 3 && ch != 4)
		png_error(png, "channels");
	px = xmalloc((size_t)w * h * (size_t)ch);
	rows = xmalloc(h * sizeof *rows);
	for (png_uint_32 y = 0; y < h; y++)
		rows[y] = px + (size_t)y * w * (size_t)ch;
	png_read_image(png, rows);
	free(rows);
	png_destroy_read_struct(&png, &info, NULL);
	out->alpha = ch == 4 ? image_png_split_alpha(px, (size_t)w * h) : NULL;
	out->rgb = px;
	out->rows = NULL;
	out->width = (int)w;
	out->height = (int)h;
	return 1;
}

/* The bytes of the filtered rows of a w×h image of bpp bits a pixel. */
static uint64_t rows_bytes(uint64_t w, uint64_t h, unsigned bpp)
{
	return w && h ? h * (1 + (w * bpp + 7) / 8) : 0;
}

/* exported function documented in image_internal.h */
bool image_png_inflate_bounded(const unsigned char *d, size_t n)
{
	if (n < 33 || memcmp(d + 12, "IHDR", 4))
		return true;
	uint64_t w = be32(d + 16), h = be32(d + 20);
	unsigned depth = d[24], type = d[25], interlace = d[28];
	static const unsigned char channels[7] = { 1, 0, 3, 1, 2, 0, 4 };
	if (type > 6 || !channels[type] || depth == 0 || depth > 16)
		return true;            /* the decoder reports it */
	unsigned bpp = channels[type] * depth;
	uint64_t limit = 0;
	if (interlace) {
		/* Adam7: each pass's start and step, column then row */
		static const unsigned char pass[7][4] = {
			{ 0, 0, 8, 8 }, { 4, 0, 8, 8 }, { 0, 4, 4, 8 }, { 2, 0, 4, 4 },
			{ 0, 2, 2, 4 }, { 1, 0, 2, 2 }, { 0, 1, 1, 2 },
		};
		for (int p = 0; p < 7; p++) {
			uint64_t pw = w > pass[p][0] ? (w - pass[p][0] + pass[p][2] - 1) / pass[p][2] : 0;
			uint64_t ph = h > pass[p][1] ? (h - pass[p][1] + pass[p][3] - 1) / pass[p][3] : 0;
			limit += rows_bytes(pw, ph, bpp);
		}
	} else {
		limit = rows_bytes(w, h, bpp);
	}
	z_stream z;
	memset(&z, 0, sizeof z);
	if (inflateInit(&z) != Z_OK)
		return false;
	unsigned char buf[16384];
	uint64_t out = 0;
	bool within = true, end = false;
	for (size_t i = 8; i + 12 <= n && within && !end;) {
		uint32_t len = be32(d + i);
		if (len > n - i - 12)
			break;
		if (!memcmp(d + i + 4, "IDAT", 4)) {
			z.next_in = (unsigned char *)d + i + 8;
			z.avail_in = len;
			while (z.avail_in && within && !end) {
				z.next_out = buf;
				z.avail_out = sizeof buf;
				int r = inflate(&z, Z_NO_FLUSH);
				out += sizeof buf - z.avail_out;
				within = out <= limit;
				end = r == Z_STREAM_END || (r != Z_OK && r != Z_BUF_ERROR);
				if (r == Z_BUF_ERROR && z.avail_out)
					break;      /* wants the next chunk */
			}
		} else if (!memcmp(d + i + 4, "IEND", 4)) {
			break;
		}
		i += 12 + (size_t)len;
	}
	inflateEnd(&z);
	return within;
}
