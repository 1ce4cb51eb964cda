/*
 * image.c — pictures for <img> and slide backgrounds: format sniffing,
 * decoding through gdk-pixbuf (rasters) and librsvg (SVG), intrinsic sizes,
 * and drawing into the page's cairo context.
 *
 * Two paths, chosen per draw by the target surface:
 *
 *  - PDF: a JPEG is never decoded. It is drawn from a one-pixel surface
 *    for which its original bytes are written as a /DCTDecode XObject
 *    (see hollow_surface). Other
 *    rasters are decoded once and stored at their native size. Each surface
 *    is made once per picture and has a CAIRO_MIME_TYPE_UNIQUE_ID, so a
 *    picture used on many pages is one XObject. SVG is replayed as vectors.
 *  - Anything else (the PNG output, tests): decoded pixels, decoded lazily
 *    for JPEGs, scaled with CAIRO_FILTER_GOOD and EXTEND_PAD.
 *
 * Nothing here reads files: the caller hands us bytes, and librsvg gets no
 * base file, so an SVG cannot reference another file (librsvg then refuses
 * every href but data: URLs).
 *
 * SPDX-License-Identifier: MIT
 */
#include "resources/image.h"
#include "resources/image_internal.h"
#include "resources/librsvg_dl.h"
#include "base/sandbox.h"
#include "base/scs_limits.h"
#include "text/text.h"
#include "base/util.h"

#include <math.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>
#include <png.h>

#include <cairo-pdf.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

enum fmt { FMT_PNG, FMT_JPEG, FMT_GIF, FMT_WEBP, FMT_AVIF, FMT_BMP, FMT_ICO, FMT_SVG };

/* gdk-pixbuf loader name, and the name in messages. */
static const struct {
	const char *loader, *name, *package;
} fmt_info[] = {
	[FMT_PNG] = { "png", "PNG", NULL },
	[FMT_JPEG] = { "jpeg", "JPEG", NULL },
	[FMT_GIF] = { "gif", "GIF", NULL },
	[FMT_WEBP] = { "webp", "WebP", "webp-pixbuf-loader" },
	[FMT_AVIF] = { "avif", "AVIF", "libavif-gdk-pixbuf" },
	[FMT_BMP] = { "bmp", "BMP", NULL },
	[FMT_ICO] = { "ico", "ICO", NULL },
	[FMT_SVG] = { NULL, "SVG", NULL },
};

#define WHY_LEN 160

struct image_priv {
	int pw, ph;                 /* stored pixel size, before EXIF orientation */
	int orientation;            /* EXIF 1..8 (JPEG only; 1 = as stored) */
	bool embed_jpeg;            /* PDF can take the JPEG bytes unchanged */
	bool jpeg_grey;             /* ... and it has one component */
	bool decode_failed;         /* lazy JPEG decode failed: do not retry */
	GBytes *jpeg;               /* the JPEG file (shared with any mime data) */
	cairo_surface_t *pixels;    /* decoded, premultiplied; NULL until needed */
	cairo_surface_t *hollow;    /* JPEG for PDF: its 1x1 surface (hollow_surface) */
	unsigned jpeg_tag;          /* ... its stand-in's tag, 0: mime data instead */
	char *uid;                  /* CAIRO_MIME_TYPE_UNIQUE_ID */
	char name[64];              /* the key, shortened: for messages */
	RsvgHandle *svg;
	bool svg_w, svg_h, svg_vb;  /* the SVG has width / height / viewBox */
	double svg_vbw, svg_vbh;    /* the viewBox's size */
	bool svg_links;             /* it has <a> elements (see svg_recording) */
	bool svg_par;               /* its root sets preserveAspectRatio */
	cairo_pattern_t *svg_rec;   /* PDF: the drawing at viewBox size (a group) */
	cairo_surface_t *svg_rec_target;  /* the PDF it was made for (not owned) */
	struct svg_job *svg_job;    /* PDF: recorded ahead on the SVG thread */
	/* A PNG for a PDF (image_cache_set_pdf): decoded and compressed on a
	 * worker thread, drawn through a stand-in, written by pdf_finish. */
	GBytes *png;                /* the PNG file; also for lazy pixels */
	struct png_job *job;
	struct image_cache *cache;  /* its cache (the job's lock, stand-ins) */
	cairo_surface_t *standin;   /* 1×1 CCITT stand-in, made when first drawn */
	GBytes *raster;             /* another raster's file, to decode it again
	                               after pixels_evict() */
	enum fmt raster_fmt;
	unsigned long long used;    /* image_cache.tick when last drawn */
};

/* The work of one deferred PNG. Whoever claims it (a worker, or the main
 * thread waiting for it: png_job_wait) sets `claimed` under the cache's
 * lock, writes everything else, then sets `done` under the lock. */
struct png_job {
	GBytes *png;
	unsigned tag;               /* names the stand-in (IMAGE_STANDIN_PREFIX) */
	bool claimed, done, failed, used;
	struct image_xobject xo;    /* the streams, once done */
	char name[64];              /* the picture (image_priv.name) */
	char why[WHY_LEN];
	char msg[WHY_LEN + 80];     /* name and why, once failed */
};

struct image_entry {
	struct image pub;
	struct image_priv p;
};

/* An SVG recorded ahead of its first page (image_cache_record_svgs): the
 * handle is the helper's until `done`, set under the cache's lock. */
struct svg_job {
	RsvgHandle *h;
	double vw, vh;              /* the recording's size: viewBox or own size */
	cairo_surface_t *rec;       /* the drawing, once done (NULL: failed) */
	bool done;
};

/* Ends the SVG thread's queue. */
static struct svg_job svg_stop;

struct image_cache {
	GHashTable *map;            /* key (owned) -> struct image_entry (owned) */
	char why[WHY_LEN];          /* message with numbers; valid until next add */
	bool pdf;                   /* PNGs deferred to the PDF's update */
	GThreadPool *pool;          /* the PNG workers */
	GMutex lock;                /* guards png_job.done */
	GCond cond;
	GPtrArray *jobs;            /* every png_job, in load order */
	bool trial_all;             /* --safe: every SVG is tried in a sandbox
	                               first, not only risky ones */
	double trial_cpu;           /* CPU seconds the trials have used */
	char *data_dir;             /* fonts for the trials (NULL: the system's) */
	size_t decoded;             /* bytes of decoded pixels held */
	unsigned long long tick;    /* counts pixel_surface() calls */
	unsigned n_standins;        /* stand-ins made so far (their tags) */
	GPtrArray *jpegs;           /* image_priv of the JPEGs drawn through
	                               stand-ins, in drawing order */
	bool svg_record;            /* SVGs are recorded on the SVG thread */
	GThread *svg_thread;        /* recording the jobs of svg_queue, in order */
	GAsyncQueue *svg_queue;     /* struct svg_job, then svg_stop */
	GPtrArray *svg_jobs;        /* every struct svg_job (owned) */
	bool (*idle)(void *ctx);    /* image_cache_set_idle */
	void *idle_ctx;
};

/* Decoding feeds the loaders in slices so that a size refused in
 * size-prepared stops the work at once. */
#define LOADER_CHUNK (64u << 10)

/* ---- sniffing ----------------------------------------------------------- */

static bool has_prefix(const unsigned char *d, size_t n, const char *p)
{
	size_t k = strlen(p);
	return n >= k && memcmp(d, p, k) == 0;
}

/* Index just past the first `end` at or after i, or n. */
static size_t skip_past(const unsigned char *d, size_t n, size_t i, const char *end)
{
	size_t k = strlen(end);
	for (; i + k <= n; i++)  /* memmem is a GNU extension */
		if (d[i] == (unsigned char)end[0] && memcmp(d + i, end, k) == 0)
			return i + k;
	return n;
}

/* An XML document whose root element is <svg>: what may come first is a BOM,
 * white space, the XML declaration, processing instructions, comments and a
 * DOCTYPE (whose internal subset may contain '>'). */
static bool looks_like_svg(const unsigned char *d, size_t n)
{
	size_t i = has_prefix(d, n, "\xEF\xBB\xBF") ? 3 : 0;
	for (;;) {
		while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n'))
			i++;
		if (i >= n || d[i] != '<')
			return false;
		if (has_prefix(d + i, n - i, "<?")) {
			i = skip_past(d, n, i, "?>");
		} else if (has_prefix(d + i, n - i, "<!--")) {
			i = skip_past(d, n, i + 4, "-->");
		} else if (has_prefix(d + i, n - i, "<!")) {
			int depth = 0;
			for (i += 2; i < n && (d[i] != '>' || depth > 0); i++)
				depth += d[i] == '[' ? 1 : d[i] == ']' ? -1 : 0;
			i++;
		} else {
			if (!has_prefix(d + i, n - i, "<svg") || i + 4 >= n)
				return false;
			unsigned char c = d[i + 4];
			return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '>' || c == '/';
		}
	}
}

/* The format from the magic numbers (the file name is not consulted). */
static int sniff(const unsigned char *d, size_t n)
{
	if (has_prefix(d, n, "\x89PNG\r\n\x1a\n"))
		return FMT_PNG;
	if (has_prefix(d, n, "\xFF\xD8\xFF"))
		return FMT_JPEG;
	if (has_prefix(d, n, "GIF87a") || has_prefix(d, n, "GIF89a"))
		return FMT_GIF;
	if (n >= 12 && has_prefix(d, n, "RIFF") && memcmp(d + 8, "WEBP", 4) == 0)
		return FMT_WEBP;
	if (n >= 12 && (memcmp(d + 4, "ftypavif", 8) == 0 || memcmp(d + 4, "ftypavis", 8) == 0))
		return FMT_AVIF;
	if (has_prefix(d, n, "BM"))
		return FMT_BMP;
	if (n >= 4 && memcmp(d, "\0\0\1\0", 4) == 0)
		return FMT_ICO;
	if (looks_like_svg(d, n))
		return FMT_SVG;
	return -1;
}

/* ---- JPEG headers ------------------------------------------------------- */

struct jpeg_info {
	int w, h;
	int sof;                    /* SOFn marker, 0 if none */
	int precision, ncomp;
	unsigned char ids[4];       /* component ids (first four) */
	bool jfif, adobe;
	int orientation;            /* EXIF, 1..8 */
	size_t sos;                 /* offset of the first scan's marker */
};

static unsigned rd16(const unsigned char *p, bool le)
{
	return le ? (unsigned)(p[0] | p[1] << 8) : (unsigned)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const unsigned char *p, bool le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Orientation (tag 0x0112) from IFD0 of an APP1 Exif TIFF block (Exif 2.32
 * §4.6.4); 1 when absent or malformed. */
static int exif_orientation(const unsigned char *t, size_t n)
{
	if (n < 8)
		return 1;
	bool le = t[0] == 'I' && t[1] == 'I';
	if (!le && !(t[0] == 'M' && t[1] == 'M'))
		return 1;
	if (rd16(t + 2, le) != 42)
		return 1;
	uint32_t ifd = rd32(t + 4, le);
	if (ifd > n || n - ifd < 2)
		return 1;
	unsigned count = rd16(t + ifd, le);
	for (unsigned k = 0; k < count; k++) {
		size_t e = ifd + 2 + (size_t)k * 12;
		if (e + 12 > n)
			break;
		if (rd16(t + e, le) == 0x0112) {
			unsigned v = rd16(t + e + 2, le) == 3 ? rd16(t + e + 8, le) : 1;
			return v >= 1 && v <= 8 ? (int)v : 1;
		}
	}
	return 1;
}

/* Walk the marker segments up to the first scan (ITU T.81 §B.2). */
static bool jpeg_parse(const unsigned char *d, size_t n, struct jpeg_info *ji)
{
	memset(ji, 0, sizeof *ji);
	ji->orientation = 1;
	bool have_exif = false;
	size_t i = 2;
	while (i + 2 <= n) {
		if (d[i] != 0xFF)
			return false;
		unsigned m = d[i + 1];
		if (m == 0xFF) {            /* fill byte */
			i++;
			continue;
		}
		i += 2;
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD8))
			continue;           /* markers without a length */
		if (m == 0xD9 || m == 0xDA) {
			ji->sos = i - 2;
			return ji->sof != 0;
		}
		if (i + 2 > n)
			return false;
		size_t len = rd16(d + i, false);
		if (len < 2 || len > n - i)
			return false;
		const unsigned char *s = d + i + 2;
		size_t sl = len - 2;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (ji->sof)
				return false;
			if (sl < 6)
				return false;
			ji->sof = (int)m;
			ji->precision = s[0];
			ji->h = (int)rd16(s + 1, false);
			ji->w = (int)rd16(s + 3, false);
			ji->ncomp = s[5];
			if (sl < 6 + 3 * (size_t)ji->ncomp)
				return false;
			for (int k = 0; k < ji->ncomp && k < 4; k++)
				ji->ids[k] = s[6 + 3 * k];
		} else if (m == 0xE0 && has_prefix(s, sl, "JFIF")) {
			ji->jfif = true;
		} else if (m == 0xE1 && !have_exif && sl >= 6 && memcmp(s, "Exif\0\0", 6) == 0) {
			have_exif = true;
			ji->orientation = exif_orientation(s + 6, sl - 6);
		} else if (m == 0xEE && has_prefix(s, sl, "Adobe")) {
			ji->adobe = true;
		}
		i += len;
	}
	return false;
}

/* Whether an EOI marker follows the first scan: inside entropy-coded data a
 * 0xFF byte is followed by 0x00 or RSTn (T.81 §B.1.1.5), so FF D9 there is
 * the end of the image; a file cut short has none. (An Exif thumbnail's EOI
 * comes before the first scan.) */
static bool jpeg_complete(const unsigned char *d, size_t n, size_t sos)
{
	/* From the end: EOI is nearly always the last two bytes, and a forward
	 * scan of a camera's 4 MB costs more than the rest of the loading. */
	for (size_t i = n ? n - 1 : 0; i > sos; i--)
		if (d[i] == 0xD9 && d[i - 1] == 0xFF)
			return true;
	return false;
}

/* The scans of a JPEG: its SOS markers (FF DA cannot occur inside
 * entropy-coded data, where FF is followed by 00 or RSTn). A progressive
 * JPEG of thousands of tiny scans is a few KB and takes a decoder (a PDF
 * viewer's too, as it goes in unchanged) minutes. */
static size_t jpeg_scans(const unsigned char *d, size_t n, size_t sos)
{
	size_t k = 0;
	for (const unsigned char *p = d + sos; p + 1 < d + n;) {
		p = memchr(p, 0xFF, (size_t)(d + n - p) - 1);
		if (!p)
			break;
		k += p[1] == 0xDA;
		p++;
	}
	return k;
}

/* Whether the chunks reach IEND (PNG §5.6). libpng stops quietly at the end
 * of a truncated file and gdk-pixbuf returns the rows it had, so this is how
 * a cut file is told apart. */
static bool png_complete(const unsigned char *d, size_t n)
{
	size_t i = 8;
	while (i + 12 <= n) {
		uint32_t len = rd32(d + i, false);
		if (memcmp(d + i + 4, "IEND", 4) == 0)
			return true;
		if (len > n - i - 12)
			return false;
		i += 12 + (size_t)len;
	}
	return false;
}

/* The size in a PNG's IHDR chunk (PNG §11.2.2), which comes first. */
static bool png_header_size(const unsigned char *d, size_t n, long long *w, long long *h)
{
	if (n < 33 || memcmp(d + 12, "IHDR", 4))
		return false;
	*w = rd32(d + 16, false);
	*h = rd32(d + 20, false);
	return true;
}

/*
 * The pixels a raster's header claims, read before any decoder sees the
 * bytes: gdk-pixbuf's WebP loader tells its size only once it has decoded
 * (four 10 KB WebPs of 16383×16383 took 25 s and 5 GB). An animation's
 * frames count (WebP's ANMF chunks: the loader decodes them all), so
 * *px is width × height × frames. false: no header understood here (the
 * loader's size-prepared check remains).
 */
static bool header_pixels(enum fmt f, const unsigned char *d, size_t n, long long *w,
			  long long *h, long long *px)
{
	long long frames = 1;
	if (f == FMT_PNG) {
		if (!png_header_size(d, n, w, h))
			return false;
	} else if (f == FMT_GIF && n >= 10) {           /* logical screen (GIF89a §18) */
		*w = rd16(d + 6, true);
		*h = rd16(d + 8, true);
	} else if (f == FMT_BMP && n >= 26) {           /* BITMAPINFOHEADER */
		*w = (int32_t)rd32(d + 18, true);
		*h = (int32_t)rd32(d + 22, true);
		*h = *h < 0 ? -*h : *h;
	} else if (f == FMT_WEBP && n >= 30 && !memcmp(d + 12, "VP8 ", 4)) {
		*w = rd16(d + 26, true) & 0x3fff;     /* RFC 6386 §9.1 */
		*h = rd16(d + 28, true) & 0x3fff;
	} else if (f == FMT_WEBP && n >= 25 && !memcmp(d + 12, "VP8L", 4)) {
		uint32_t b = rd32(d + 21, true);     /* RFC 9649 §3.2 */
		*w = (b & 0x3fff) + 1;
		*h = (b >> 14 & 0x3fff) + 1;
	} else if (f == FMT_WEBP && n >= 30 && !memcmp(d + 12, "VP8X", 4)) {
		*w = 1 + (long long)(d[24] | d[25] << 8 | d[26] << 16);
		*h = 1 + (long long)(d[27] | d[28] << 8 | d[29] << 16);
		if (d[20] & 0x02) {                  /* animation: count the frames */
			frames = 0;
			for (size_t i = 30; i + 8 <= n;) {
				uint32_t len = rd32(d + i + 4, true);
				frames += !memcmp(d + i, "ANMF", 4);
				if (len > n - i - 8)
					break;
				i += 8 + (size_t)len + (len & 1);
			}
			frames = MAX(frames, 1);
		}
	} else {
		return false;
	}
	*px = *w * *h * frames;
	return true;
}

/*
 * Whether PDF viewers read these bytes as libjpeg (and so a browser) does.
 * DCTDecode (PDF 1.7 §7.4.8) is 8-bit Huffman coding: baseline, extended or
 * progressive. cairo writes 4-component JPEGs as /DeviceCMYK without the
 * /Decode [1 0 …] that Adobe's inverted CMYK needs (img2pdf adds it), and a
 * 3-component JPEG with neither JFIF nor Adobe marker whose components are
 * named R, G, B is RGB to libjpeg but YCbCr to DCTDecode. Those get decoded.
 */
static bool jpeg_embeddable(const struct jpeg_info *ji)
{
	if (ji->sof > 0xC2 || ji->precision != 8)
		return false;
	if (ji->ncomp == 1)
		return true;
	if (ji->ncomp != 3)
		return false;
	return ji->jfif || ji->adobe ||
	       !(ji->ids[0] == 'R' && ji->ids[1] == 'G' && ji->ids[2] == 'B');
}

/* ---- decoding ----------------------------------------------------------- */

static const char *too_large(char *buf, long long w, long long h)
{
	snprintf(buf, WHY_LEN,
		 "image too large (%lld\xC3\x97%lld px; the limit is %u pixels, %d on a side)",
		 w, h, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE);
	return buf;
}

static bool size_ok(long long w, long long h)
{
	return w > 0 && h > 0 && w <= MAX_IMAGE_SIDE && h <= MAX_IMAGE_SIDE &&
	       w * h <= (long long)MAX_IMAGE_PIXELS;
}

struct load {
	int w, h;                   /* as the header says */
	bool refused;               /* too large: loader told to stop */
	int shrink;                 /* > 1: decode at 1/shrink (a validity check) */
};

/* Called once the header is read, before the loader allocates pixels. A
 * size of 0 makes every gdk-pixbuf loader fail right there ("Transformed
 * PNG has zero width or height"), so nothing is allocated. */
static void on_size_prepared(GdkPixbufLoader *l, int w, int h, gpointer ud)
{
	struct load *ld = ud;
	ld->w = w;
	ld->h = h;
	if (!size_ok(w, h)) {
		ld->refused = true;
		gdk_pixbuf_loader_set_size(l, 0, 0);
	} else if (ld->shrink > 1) {
		/* libjpeg scales by 1/8 in the DCT domain: the whole entropy-coded
		 * stream is still read, so errors in it still show. */
		gdk_pixbuf_loader_set_size(l, MAX(1, w / ld->shrink), MAX(1, h / ld->shrink));
	}
}

/* Decode with the gdk-pixbuf loader for `f` (never gdk-pixbuf's own
 * sniffing: we decided the format). A new reference, or NULL and *why. */
static GdkPixbuf *pixbuf_decode(char *buf, enum fmt f, const unsigned char *d, size_t n,
				int shrink, const char **why)
{
	GError *err = NULL;
	GdkPixbufLoader *l = gdk_pixbuf_loader_new_with_type(fmt_info[f].loader, &err);
	if (!l) {
		g_clear_error(&err);
		if (fmt_info[f].package)
			snprintf(buf, WHY_LEN,
				 "%s images need a gdk-pixbuf loader (Debian: %s)",
				 fmt_info[f].name, fmt_info[f].package);
		else
			snprintf(buf, WHY_LEN, "no gdk-pixbuf loader for %s",
				 fmt_info[f].name);
		*why = buf;
		return NULL;
	}
	struct load ld = { 0, 0, false, shrink };
	g_signal_connect(l, "size-prepared", G_CALLBACK(on_size_prepared), &ld);
	bool ok = true;
	for (size_t off = 0; ok && off < n && !ld.refused; off += LOADER_CHUNK)
		ok = gdk_pixbuf_loader_write(l, d + off, MIN(n - off, LOADER_CHUNK), &err);
	/* Always close: finalising an open loader is a g_warning. */
	if (!gdk_pixbuf_loader_close(l, ok ? &err : NULL))
		ok = false;
	GdkPixbuf *pb = ok ? gdk_pixbuf_loader_get_pixbuf(l) : NULL;
	if (pb)
		g_object_ref(pb);
	g_object_unref(l);
	if (ld.refused) {
		/* a loader may decode anyway (WebP's): never hand that on */
		*why = too_large(buf, ld.w, ld.h);
		g_clear_object(&pb);
	} else if (!pb) {
		snprintf(buf, WHY_LEN, "cannot decode %s: %s", fmt_info[f].name,
			 err ? err->message : "truncated or corrupt");
		*why = buf;
	} else if (shrink <= 1 && !size_ok(gdk_pixbuf_get_width(pb), gdk_pixbuf_get_height(pb))) {
		/* a loader that never emitted size-prepared */
		*why = too_large(buf, gdk_pixbuf_get_width(pb), gdk_pixbuf_get_height(pb));
		g_clear_object(&pb);
	}
	g_clear_error(&err);
	return pb;
}

/* round(x / 255) for x <= 255 * 255 */
static inline unsigned div255(unsigned x)
{
	x += 128;
	return (x + (x >> 8)) >> 8;
}

static const cairo_user_data_key_t pixbuf_key;

/* gdk-pixbuf's straight-alpha RGB(A) bytes to cairo's premultiplied native
 * 32-bit pixels. An RGBA pixbuf whose rows already have cairo's stride is
 * converted in place and lent to cairo, so a large alpha picture is not held
 * twice. Consumes the caller's reference to pb. */
static cairo_surface_t *surface_from_pixbuf(GdkPixbuf *pb)
{
	int w = gdk_pixbuf_get_width(pb), h = gdk_pixbuf_get_height(pb);
	int nch = gdk_pixbuf_get_n_channels(pb), rs = gdk_pixbuf_get_rowstride(pb);
	bool alpha = gdk_pixbuf_get_has_alpha(pb);
	cairo_format_t cf = alpha ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24;
	bool in_place = alpha && nch == 4 && gdk_pixbuf_get_bits_per_sample(pb) == 8 &&
			rs == cairo_format_stride_for_width(cf, w);
	cairo_surface_t *s;
	unsigned char *dst;
	int ds;
	guchar *src = gdk_pixbuf_get_pixels(pb);
	if (in_place) {
		s = cairo_image_surface_create_for_data(src, cf, w, h, rs);
		dst = src;
		ds = rs;
	} else {
		s = cairo_image_surface_create(cf, w, h);
		dst = cairo_image_surface_get_data(s);
		ds = cairo_image_surface_get_stride(s);
	}
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || !dst) {
		cairo_surface_destroy(s);
		g_object_unref(pb);
		return NULL;
	}
	for (int y = 0; y < h; y++) {
		const guchar *sp = src + (size_t)y * (size_t)rs;
		unsigned char *dp = dst + (size_t)y * (size_t)ds;
		for (int x = 0; x < w; x++, sp += nch, dp += 4) {
			unsigned r = sp[0], g = sp[1], b = sp[2], a = alpha ? sp[3] : 255;
			if (a != 255) {
				r = div255(r * a);
				g = div255(g * a);
				b = div255(b * a);
			}
			uint32_t v = a << 24 | r << 16 | g << 8 | b;
			memcpy(dp, &v, 4);  /* in place: sp == dp, read before write */
		}
	}
	if (in_place)
		cairo_surface_set_user_data(s, &pixbuf_key, pb, g_object_unref);
	else
		g_object_unref(pb);
	cairo_surface_mark_dirty(s);
	return s;
}

static void set_uid(cairo_surface_t *s, const char *uid)
{
	char *u = xstrdup(uid);
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_UNIQUE_ID, (const unsigned char *)u,
				    strlen(u), free, u);
}

/*
 * A stand-in for a picture pdf_finish writes (a JPEG's bytes, a PNG's
 * streams): a 1x1 surface whose /CCITTFaxDecode stream cairo writes as
 * IMAGE_STANDIN_PREFIX and its tag, or NULL. Tags are given in drawing
 * order, which is the same every run (the loading order is not: pictures
 * load in parallel).
 */
static cairo_surface_t *standin_surface(struct image_cache *c, const char *uid, unsigned *tag)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	*tag = ++c->n_standins;
	char *id = g_strdup_printf(IMAGE_STANDIN_PREFIX "%u", *tag);
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_CCITT_FAX, (unsigned char *)id, strlen(id),
				    g_free, id);
	static const char params[] = "Columns=1 Rows=1";
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_CCITT_FAX_PARAMS,
				    (const unsigned char *)params, strlen(params), NULL, NULL);
	set_uid(s, uid);
	return s;
}

static size_t surface_bytes(cairo_surface_t *s)
{
	return (size_t)cairo_image_surface_get_stride(s) * (size_t)cairo_image_surface_get_height(s);
}

/*
 * Decoded pixels are kept for the next page that shows the picture, but
 * not all of them for the whole run (a 14 MB deck of photos reached 10 GB
 * with --format png): past MAX_DECODED_BYTES the least recently drawn
 * pictures' pixels are let go (cairo keeps what a page still holds) and
 * decoded again from their file when drawn again.
 */
static void pixels_held(struct image_cache *c, struct image_priv *keep)
{
	c->decoded += surface_bytes(keep->pixels);
	while (c->decoded > MAX_DECODED_BYTES) {
		struct image_priv *lru = NULL;
		GHashTableIter it;
		gpointer k, v;
		g_hash_table_iter_init(&it, c->map);
		while (g_hash_table_iter_next(&it, &k, &v)) {
			struct image_priv *p = &((struct image_entry *)v)->p;
			if (p != keep && p->pixels && (p->jpeg || p->png || p->raster) &&
			    (!lru || p->used < lru->used))
				lru = p;
		}
		if (!lru)
			break;
		c->decoded -= MIN(c->decoded, surface_bytes(lru->pixels));
		cairo_surface_destroy(lru->pixels);
		lru->pixels = NULL;
	}
}

/* exported function documented in image.h */
size_t image_cache_decoded_bytes(const struct image_cache *c)
{
	return c->decoded;
}

/* The decoded pixels, decoding a JPEG (or a picture whose pixels were let
 * go) when they are needed. */
static cairo_surface_t *pixel_surface(struct image_priv *p)
{
	if (p->cache)
		p->used = ++p->cache->tick;
	GBytes *bytes = p->jpeg ? p->jpeg : p->png ? p->png : p->raster;
	if (p->pixels || p->decode_failed || !bytes)
		return p->pixels;
	size_t n;
	const unsigned char *d = g_bytes_get_data(bytes, &n);
	char buf[WHY_LEN];
	const char *why = NULL;
	GdkPixbuf *pb = pixbuf_decode(buf, p->jpeg ? FMT_JPEG : p->png ? FMT_PNG : p->raster_fmt,
				      d, n, 1, &why);
	p->pixels = pb ? surface_from_pixbuf(pb) : NULL;
	if (!p->pixels) {
		p->decode_failed = true;
		return NULL;
	}
	set_uid(p->pixels, p->uid);
	if (p->cache)
		pixels_held(p->cache, p);
	return p->pixels;
}

/*
 * A JPEG for the PDF: a 1x1 surface drawn scaled up to the JPEG's pixel
 * size, for which the JPEG file's bytes become the /DCTDecode stream of an
 * image object with the JPEG's size and colour space. cairo maps an image
 * XObject onto the unit square scaled by the surface's extents, so it
 * draws exactly as a full-size surface would (pdftoppm renders both byte
 * for byte alike).
 *
 * For the document's PDF (image_cache_set_pdf) the surface is a stand-in
 * (standin_surface) and pdf_finish writes the bytes: cairo, given them as
 * CAIRO_MIME_TYPE_JPEG, copies them into its output, which is memory here,
 * and pdf_finish would copy them once more into the file (the seed deck's
 * 5.3 MB of photos: 3-4 ms of page faults and copying on the main thread).
 * On any other PDF surface the mime data, for cairo to write.
 *
 * Why not a full-size surface with untouched pixels: the PDF's page
 * recordings take copy-on-write snapshots of every source, the surface keeps
 * a reference to its snapshots, and destroying it copies its pixels into
 * each (cairo 1.16 _cairo_surface_detach_snapshot), a 48 MB memcpy per
 * 12-megapixel photo at exit. One pixel costs nothing to copy.
 *
 * Drawn with EXTEND_NONE only: with EXTEND_PAD cairo pads the image into a
 * new one from the pixels (_cairo_pdf_surface_add_padded_image_surface) and
 * the picture would be lost.
 */
static cairo_surface_t *hollow_surface(struct image_priv *p)
{
	if (p->hollow)
		return p->hollow;
	struct image_cache *c = p->cache;
	if (c->pdf) {
		p->hollow = standin_surface(c, p->uid, &p->jpeg_tag);
		if (p->hollow) {
			if (!c->jpegs)
				c->jpegs = g_ptr_array_new();
			g_ptr_array_add(c->jpegs, p);
		}
		return p->hollow;
	}
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	/* The mime data holds its own reference: snapshots taken by recording
	 * surfaces (cairo_push_group) may outlive this cache. */
	size_t n;
	const unsigned char *d = g_bytes_get_data(p->jpeg, &n);
	cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, d, n,
				    (cairo_destroy_func_t)g_bytes_unref, g_bytes_ref(p->jpeg));
	set_uid(s, p->uid);
	p->hollow = s;
	return s;
}

/* ---- PNGs for a PDF ---------------------------------------------------- */

/*
 * cairo would deflate every decoded PNG at zlib's default level while it
 * writes the page, on the one thread everything else runs on: two thirds
 * of the seed deck's time. For a PDF a PNG is decoded and compressed by a
 * worker thread as soon as it is loaded (while the slides before it are
 * laid out), cairo gets a 1×1 stand-in in its place, and pdf_finish.c
 * replaces the stand-in's image object with the real one. The stand-in
 * carries CAIRO_MIME_TYPE_CCITT_FAX data, which cairo writes unchanged as
 * a /CCITTFaxDecode stream: nothing else scs-pdf draws is CCITT, and the
 * stream's bytes ("scs-pdf stand-in TAG") name the picture, so no picture
 * can be taken for another. The PDF maps any image onto the unit square,
 * so the picture lands exactly where the stand-in was drawn. The worker
 * decodes common PNGs itself (image_png.c), the rest with libpng, and an
 * RGB PNG's own zlib stream goes into the file unchanged.
 */

/* libdeflate's level 2: as fast on screenshots and diagrams as zlib's
 * fastest level (used before; cairo would have used its default, at half
 * the speed) and a fifth smaller. */
#define PNG_DEFLATE_LEVEL 2

static bool deflate_plane(struct libdeflate_compressor *z, const unsigned char *d, size_t n,
			  unsigned char **out, size_t *len)
{
	size_t cap = libdeflate_zlib_compress_bound(z, n);
	unsigned char *buf = xmalloc(cap);
	size_t got = libdeflate_zlib_compress(z, d, n, buf, cap);
	if (!got) {
		free(buf);
		return false;
	}
	/* keep what was written, not the worst case */
	unsigned char *fit = realloc(buf, got);
	*out = fit ? fit : buf;
	*len = got;
	return true;
}

/*
 * The PNGs image_png_decode() leaves alone, decoded with libpng's
 * simplified API: straight into 8-bit RGB or RGBA in one buffer (palette,
 * grey, 16-bit and interlaced PNGs converted by libpng), then the alpha set
 * apart. false and *why when the PNG cannot be decoded.
 */
static bool png_decode_libpng(const unsigned char *d, size_t n, struct png_planes *pp,
			      char *why)
{
	png_image im;
	memset(&im, 0, sizeof im);
	im.version = PNG_IMAGE_VERSION;
	unsigned char *px = NULL;
	bool ok = png_image_begin_read_from_memory(&im, d, n);
	bool alpha = ok && (im.format & PNG_FORMAT_FLAG_ALPHA);
	if (ok) {
		im.format = alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB;
		px = xmalloc(PNG_IMAGE_SIZE(im));
		ok = png_image_finish_read(&im, NULL, px, 0, NULL);
	}
	if (!ok) {
		snprintf(why, WHY_LEN, "cannot decode PNG: %s",
			 im.message[0] ? im.message : "unknown error");
		png_image_free(&im);
		free(px);
		return false;
	}
	if (alpha)
		pp->alpha = image_png_split_alpha(px, (size_t)im.width * im.height);
	pp->rgb = px;
	pp->width = (int)im.width;
	pp->height = (int)im.height;
	png_image_free(&im);
	return true;
}

/* A deferred PNG: its image object's streams. */
static void png_run(struct image_cache *c, struct png_job *j)
{
	size_t n;
	const unsigned char *d = g_bytes_get_data(j->png, &n);
	struct png_planes pp;
	bool ok = true;
	switch (image_png_decode(d, n, true, &pp)) {
	case PNG_FAST_ROWS:
		/* the PNG's own stream: nothing to compress */
		j->xo.rgb = pp.rows;
		j->xo.rgb_len = pp.rows_len;
		j->xo.png_rows = true;
		break;
	case PNG_FAST_PIXELS:
		break;
	case PNG_FAST_NO:
		if (!image_png_inflate_bounded(d, n)) {
			snprintf(j->why, WHY_LEN, "PNG data inflates to more than its image's rows; refused");
			ok = false;
			break;
		}
		switch (image_png_decode16(d, n, &pp)) {
		case 1:
			break;
		case 0:
			snprintf(j->why, WHY_LEN, "cannot decode a 16-bit PNG");
			ok = false;
			break;
		default:
			ok = png_decode_libpng(d, n, &pp, j->why);
		}
		break;
	case PNG_FAST_BAD:
		snprintf(j->why, WHY_LEN, "PNG data inflates to more than its image's rows; refused");
		ok = false;
		break;
	}
	/* an RGB profile goes with the samples (pdf_finish: ICCBased); a
	 * grey one does not fit the RGB they are expanded to */
	size_t icc_len = 0;
	unsigned char *icc = ok ? image_png_iccp(d, n, &icc_len) : NULL;
	if (icc && icc_len >= 128 && !memcmp(icc + 16, "RGB ", 4) && !memcmp(icc + 36, "acsp", 4)) {
		j->xo.icc = icc;
		j->xo.icc_len = icc_len;
	} else {
		free(icc);
	}
	if (ok && !j->xo.png_rows) {
		size_t np = (size_t)pp.width * (size_t)pp.height;
		/* an alpha channel that is all 255 needs no soft mask (cairo
		 * leaves it out too) */
		bool opaque = true;
		for (size_t i = 0; pp.alpha && i < np; i++)
			opaque &= pp.alpha[i] == 255;
		struct libdeflate_compressor *z = libdeflate_alloc_compressor(PNG_DEFLATE_LEVEL);
		ok = z && deflate_plane(z, pp.rgb, np * 3, &j->xo.rgb, &j->xo.rgb_len);
		if (ok && pp.alpha && !opaque)
			ok = deflate_plane(z, pp.alpha, np, &j->xo.alpha, &j->xo.alpha_len);
		libdeflate_free_compressor(z);
		if (!ok)
			snprintf(j->why, WHY_LEN, "out of memory compressing a PNG");
	}
	j->xo.width = pp.width;
	j->xo.height = pp.height;
	free(pp.rgb);
	free(pp.alpha);
	g_mutex_lock(&c->lock);
	j->failed = !ok;
	j->done = true;
	g_cond_broadcast(&c->cond);
	g_mutex_unlock(&c->lock);
}

/* Claim j for the calling thread: false when someone has. Under c->lock. */
static bool png_claim(struct png_job *j)
{
	if (j->claimed)
		return false;
	j->claimed = true;
	return true;
}

/* A worker's turn at a queued PNG, unless the main thread took it. */
static void png_work(gpointer data, gpointer user)
{
	struct png_job *j = data;
	struct image_cache *c = user;
	g_mutex_lock(&c->lock);
	bool mine = png_claim(j);
	g_mutex_unlock(&c->lock);
	if (mine)
		png_run(c, j);
}

/*
 * Wait until j is done: when no worker has begun it yet, it is decoded
 * here rather than waited for behind the others in the queue (a deck of
 * large PNGs, as 02's screenshots or 17's diagrams of 3-5 Mpx, meets
 * their pages before the workers of a two-core machine are through).
 * Only j: another PNG taken up meanwhile would keep the main thread from
 * j's page after a worker has finished j.
 */
static void png_job_wait(struct image_cache *c, struct png_job *j)
{
	g_mutex_lock(&c->lock);
	if (png_claim(j)) {
		g_mutex_unlock(&c->lock);
		png_run(c, j);
		return;
	}
	while (!j->done)
		g_cond_wait(&c->cond, &c->lock);
	g_mutex_unlock(&c->lock);
}

static void png_job_free(gpointer data)
{
	struct png_job *j = data;
	g_bytes_unref(j->png);
	free(j->xo.rgb);
	free(j->xo.alpha);
	free(j->xo.icc);
	free(j);
}

/* Queue a loaded PNG's decoding; its picture goes into the PDF later. */
static void png_defer(struct image_cache *c, struct image_priv *p)
{
	if (!c->pool) {
		/* at least two: the main thread waits for the last pictures
		 * at the end, when a second worker has its core to itself */
		int workers = (int)MAX(2, (int)g_get_num_processors() - 1);
		c->pool = g_thread_pool_new(png_work, c, MIN(workers, 4), FALSE, NULL);
		c->jobs = g_ptr_array_new_with_free_func(png_job_free);
	}
	struct png_job *j = xcalloc(1, sizeof *j);
	j->png = g_bytes_ref(p->png);
	memcpy(j->name, p->name, sizeof j->name);
	p->job = j;
	g_ptr_array_add(c->jobs, j);
	g_thread_pool_push(c->pool, j, NULL);
}

/* The stand-in cairo draws in place of a deferred PNG, or NULL when the
 * PNG could not be decoded (nothing is drawn; image_cache_pdf_images()
 * reports it). */
static cairo_surface_t *png_standin(struct image_cache *c, struct image_priv *p)
{
	png_job_wait(c, p->job);
	p->job->used = true;
	if (p->job->failed)
		return NULL;
	if (!p->standin)
		p->standin = standin_surface(c, p->uid, &p->job->tag);
	return p->standin;
}

/* exported function documented in image.h */
void image_cache_set_pdf(struct image_cache *c, bool on)
{
	c->pdf = on;
}

/* exported function documented in image.h */
size_t image_cache_pdf_images(struct image_cache *c, struct image_xobject **out,
			      const char ***failed, size_t *n_failed)
{
	*out = NULL;
	*failed = NULL;
	*n_failed = 0;
	if (!c || (!c->jobs && !c->jpegs))
		return 0;
	size_t n = 0, n_jobs = c->jobs ? c->jobs->len : 0, n_jpegs = c->jpegs ? c->jpegs->len : 0;
	*out = xcalloc(n_jobs + n_jpegs + 1, sizeof **out);
	*failed = xcalloc(n_jobs + 1, sizeof **failed);
	for (size_t i = 0; i < n_jpegs; i++) {
		const struct image_priv *p = g_ptr_array_index(c->jpegs, i);
		struct image_xobject *x = &(*out)[n++];
		x->tag = p->jpeg_tag;
		x->width = p->pw;
		x->height = p->ph;
		x->jpeg = g_bytes_get_data(p->jpeg, &x->jpeg_len);
		x->jpeg_grey = p->jpeg_grey;
	}
	for (size_t i = 0; i < n_jobs; i++) {
		struct png_job *j = g_ptr_array_index(c->jobs, i);
		png_job_wait(c, j);
		if (j->failed && j->used) {
			snprintf(j->msg, sizeof j->msg, "'%s': %s", j->name, j->why);
			(*failed)[(*n_failed)++] = j->msg;
		}
		else if (j->used && j->tag) {
			(*out)[n] = j->xo;
			(*out)[n++].tag = j->tag;
		}
	}
	return n;
}

/* ---- SVG ---------------------------------------------------------------- */

/* librsvg, where an SVG was loaded (so it is). */
static const struct librsvg *rsvg(void)
{
	return librsvg_get(NULL);
}

/* A length of the root <svg> in CSS px, or false for a percentage (which
 * gives no intrinsic size). Font-relative units use the initial font size,
 * 16px, and 1ex = 0.5em (CSS Values 4 §6.1.1's fallback). */
static bool svg_length_px(RsvgLength l, double *px)
{
	double k;
	switch (l.unit) {
	case RSVG_UNIT_PX: k = 1; break;
	case RSVG_UNIT_IN: k = 96; break;
	case RSVG_UNIT_CM: k = 96 / 2.54; break;
	case RSVG_UNIT_MM: k = 96 / 25.4; break;
	case RSVG_UNIT_PT: k = 96 / 72.0; break;
	case RSVG_UNIT_PC: k = 16; break;
	case RSVG_UNIT_EM: k = 16; break;
	case RSVG_UNIT_EX: k = 8; break;
	default: return false;
	}
	*px = l.length * k;
	return isfinite(*px) && *px >= 0;
}

/* librsvg's px for an em/ex length, unless that is its default font size
 * (12px, where a browser's initial 'medium' is 16px): then ours. */
static double font_relative(RsvgLength l, double rsvg_px, double ours)
{
	double per = l.unit == RSVG_UNIT_EM ? 1 : l.unit == RSVG_UNIT_EX ? 0.5 : 0;
	if (per == 0 || l.length == 0)
		return ours;
	return fabs(rsvg_px / (l.length * per) - 12) < 1e-6 ? ours : rsvg_px;
}

/*
 * The intrinsic size an <img> gets (CSS Images 3 §5.2, SVG 2 §8.2):
 * width/height when absolute; a missing one from the other and the viewBox
 * ratio; with neither, the viewBox size; with nothing, 300x150 (CSS 2.1
 * §10.3.2, §10.6.2). Chrome does not use 300 px for a viewBox-only SVG: it
 * has a ratio but no size, and Blink gives it the containing block's width
 * (CSS 2.1 §10.3.2's suggestion; LayoutReplaced::
 * ComputeConstrainedLogicalWidth, with 0 as its min/max-content width).
 * struct image cannot say "ratio only", so the viewBox size stands in.
 */
static void svg_size(RsvgHandle *h, struct image_priv *p, double *w, double *hh)
{
	gboolean has_w, has_h, has_vb;
	RsvgLength lw, lh;
	RsvgRectangle vb;
	rsvg()->handle_get_intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
	double iw = 0, ih = 0;
	p->svg_w = has_w && svg_length_px(lw, &iw);
	p->svg_h = has_h && svg_length_px(lh, &ih);
	p->svg_vb = has_vb && vb.width > 0 && vb.height > 0 && isfinite(vb.width) &&
		    isfinite(vb.height);
	p->svg_vbw = p->svg_vb ? vb.width : 0;
	p->svg_vbh = p->svg_vb ? vb.height : 0;
	/* librsvg resolves em/ex against the root's font-size (it can only when
	 * both lengths are absolute); that is our 16px unless the SVG sets one. */
	double rw, rh;
	if (p->svg_w && p->svg_h && rsvg()->handle_get_intrinsic_size_in_pixels(h, &rw, &rh)) {
		iw = font_relative(lw, rw, iw);
		ih = font_relative(lh, rh, ih);
	}
	if (p->svg_w && !p->svg_h)
		ih = p->svg_vb ? iw * vb.height / vb.width : 150;
	else if (!p->svg_w && p->svg_h)
		iw = p->svg_vb ? ih * vb.width / vb.height : 300;
	else if (!p->svg_w && !p->svg_h) {
		iw = p->svg_vb ? vb.width : 300;
		ih = p->svg_vb ? vb.height : 150;
	}
	*w = iw;
	*hh = ih;
}

/*
 * Rasters inside an SVG. librsvg decodes every data: image in full, with no
 * size limit of its own: a 2 MB SVG holding a 20000x20000 PNG took 3 GB and
 * 16 s. So before librsvg sees it, each data: URL is decoded and its header
 * read by a gdk-pixbuf loader (the one librsvg would use) that stops at
 * size-prepared; together they must fit the budget of one image,
 * MAX_IMAGE_PIXELS. Nested SVG images are scanned the same way.
 *
 * The scan reads the text with character references expanded. A data: URL
 * spelt through custom entities of the DTD escapes it; librsvg's own limits
 * are all that remains there.
 */
struct svg_budget {
	unsigned long long pixels;  /* used so far */
	unsigned images;            /* data: URLs checked */
	long long w, h;             /* the image that broke the budget */
	const char *why;            /* set when refused for another reason */
};

static int hexval(unsigned char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch |= 32;
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* The document with character references and the predefined entities
 * expanded (XML 1.0 §4.1, §4.6), which is how librsvg reads attributes. */
static unsigned char *xml_unescape(const unsigned char *d, size_t n, size_t *out_n)
{
	static const struct { const char *name; char c; } ent[] = {
		{ "amp;", '&' }, { "lt;", '<' }, { "gt;", '>' }, { "quot;", '"' }, { "apos;", '\'' },
	};
	unsigned char *o = xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (d[i] != '&') {
			o[k++] = d[i];
			continue;
		}
		size_t j = i + 1;
		unsigned long v = 0;
		bool num = false;
		if (j < n && d[j] == '#') {
			bool hex = j + 1 < n && (d[j + 1] == 'x' || d[j + 1] == 'X');
			for (j += hex ? 2 : 1; j < n && v < 0x110000; j++) {
				int dv = hexval(d[j]);
				if (!hex && dv > 9)
					dv = -1;
				if (dv < 0)
					break;
				v = v * (hex ? 16 : 10) + (unsigned long)dv;
			}
			num = j < n && d[j] == ';' && v < 0x80;  /* only ASCII can spell a URL */
		}
		if (num) {
			o[k++] = (unsigned char)v;
			i = j;
			continue;
		}
		size_t e;
		for (e = 0; e < ARRAY_LEN(ent); e++)
			if (has_prefix(d + i + 1, n - i - 1, ent[e].name))
				break;
		if (e < ARRAY_LEN(ent)) {
			o[k++] = (unsigned char)ent[e].c;
			i += strlen(ent[e].name);
		} else {
			o[k++] = '&';
		}
	}
	*out_n = k;
	return o;
}

static int b64(unsigned char ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' : ch >= 'a' && ch <= 'z' ? ch - 'a' + 26
	       : ch >= '0' && ch <= '9' ? ch - '0' + 52 : ch == '+' || ch == '-' ? 62
	       : ch == '/' || ch == '_' ? 63 : -1;
}

/* The bytes of a data: URL whose payload starts at d (RFC 2397): base64
 * (white space skipped) or percent-encoded, up to the first byte that cannot
 * be part of it; *used is how far that was. */
static unsigned char *data_url_bytes(const unsigned char *d, size_t n, bool base64,
				     size_t *out_n, size_t *used)
{
	size_t end = 0;
	while (end < n && d[end] && (base64 ? b64(d[end]) >= 0 || strchr(" \t\r\n=", d[end])
					    : !strchr("\"'<>) \t\r\n", d[end])))
		end++;
	n = *used = end;
	unsigned char *o = xmalloc(n + 1);
	size_t k = 0;
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = d[i];
		if (base64) {
			if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '=')
				continue;
			int v = b64(ch);
			if (v < 0)
				break;
			acc = acc << 6 | (unsigned)v;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				o[k++] = (unsigned char)(acc >> bits);
				acc &= (1u << bits) - 1;
			}
		} else {
			if (ch == '%' && i + 2 < n && hexval(d[i + 1]) >= 0 && hexval(d[i + 2]) >= 0) {
				o[k++] = (unsigned char)(hexval(d[i + 1]) << 4 | hexval(d[i + 2]));
				i += 2;
			} else {
				o[k++] = ch;
			}
		}
	}
	*out_n = k;
	return o;
}

/* At t[i], "data:" (any case) with a media type and ";base64" that end at
 * a comma within 256 bytes (data:[<media type>][;base64],<data>): the
 * comma's index, or 0. */
static size_t data_url_comma(const unsigned char *t, size_t tn, size_t i, bool *base64)
{
	if (tn - i < 5 || (t[i] | 32) != 'd' || (t[i + 1] | 32) != 'a' ||
	    (t[i + 2] | 32) != 't' || (t[i + 3] | 32) != 'a' || t[i + 4] != ':')
		return 0;
	size_t comma = 0;
	for (size_t j = i + 5; j < tn && j < i + 5 + 256; j++) {
		if (t[j] == ',') {
			comma = j;
			break;
		}
		if (t[j] == '"' || t[j] == '\'' || t[j] == '<' || t[j] == ')')
			break;
	}
	bool b = comma && comma - i >= 12;
	for (int q = 0; b && q < 7; q++)  /* ";base64", any case */
		b = (t[comma - 7 + q] | 32) == ";base64"[q];
	*base64 = b;
	return comma;
}

/* exported function documented in image.h */
unsigned char *image_data_url(const char *url, size_t *len)
{
	const unsigned char *t = (const unsigned char *)url;
	size_t n = strlen(url);
	bool base64;
	size_t comma = data_url_comma(t, n, 0, &base64);
	if (!comma)
		return NULL;
	t += comma + 1;
	n -= comma + 1;
	if (base64) {
		size_t used;
		return data_url_bytes(t, n, true, len, &used);
	}
	/* The whole rest, percent-decoded: an attribute value has no
	 * delimiters to stop at (a data:image/svg+xml URL often holds raw
	 * quotes, spaces and angle brackets). */
	unsigned char *o = xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '%' && i + 2 < n && hexval(t[i + 1]) >= 0 && hexval(t[i + 2]) >= 0) {
			o[k++] = (unsigned char)(hexval(t[i + 1]) << 4 | hexval(t[i + 2]));
			i += 2;
		} else {
			o[k++] = t[i];
		}
	}
	*len = k;
	return o;
}

struct probe {
	int w, h;
	bool seen;
};

static void on_probe_size(GdkPixbufLoader *l, int w, int h, gpointer ud)
{
	struct probe *pr = ud;
	pr->w = w;
	pr->h = h;
	pr->seen = true;
	gdk_pixbuf_loader_set_size(l, 0, 0);  /* stop before any pixel */
}

/* The size a gdk-pixbuf loader finds in the header, or false. The loader
 * guesses the format, as librsvg's does. */
static bool probe_size(const unsigned char *d, size_t n, long long *w, long long *h)
{
	GdkPixbufLoader *l = gdk_pixbuf_loader_new();
	struct probe pr = { 0, 0, false };
	g_signal_connect(l, "size-prepared", G_CALLBACK(on_probe_size), &pr);
	bool ok = true;
	for (size_t off = 0; ok && off < n && !pr.seen; off += LOADER_CHUNK)
		ok = gdk_pixbuf_loader_write(l, d + off, MIN(n - off, LOADER_CHUNK), NULL);
	gdk_pixbuf_loader_close(l, NULL);
	g_object_unref(l);
	*w = pr.w;
	*h = pr.h;
	return pr.seen;
}

#define SVG_NEST_MAX 8  /* SVG in SVG in SVG...: each level is in the bytes */
#define XSTR(x) STR(x)
#define STR(x) #x

static bool svg_images_fit(const unsigned char *d, size_t n, struct svg_budget *b, int depth)
{
	size_t tn;
	unsigned char *t = xml_unescape(d, n, &tn);
	bool ok = true;
	for (size_t i = 0; ok && i + 5 < tn; i++) {
		bool base64;
		size_t comma = data_url_comma(t, tn, i, &base64);
		if (!comma)
			continue;
		size_t pn, used;
		unsigned char *p = data_url_bytes(t + comma + 1, tn - comma - 1, base64, &pn, &used);
		long long w, h;
		if (looks_like_svg(p, pn)) {
			if (depth >= SVG_NEST_MAX) {
				b->why = "SVG images nested more than " XSTR(SVG_NEST_MAX) " deep";
				ok = false;
			} else {
				ok = svg_images_fit(p, pn, b, depth + 1);
			}
		} else if (pn >= 8) {  /* no image header is shorter */
			if (++b->images > MAX_SVG_DATA_IMAGES) {
				b->why = "SVG embeds more than " XSTR(MAX_SVG_DATA_IMAGES) " images";
				ok = false;
			} else if (probe_size(p, pn, &w, &h) && w > 0 && h > 0) {
				b->pixels += (unsigned long long)w * (unsigned long long)h;
				if (!size_ok(w, h) || b->pixels > MAX_IMAGE_PIXELS) {
					b->w = w;
					b->h = h;
					ok = false;
				}
			}
		}
		free(p);
		i = comma + used;  /* the payload cannot hold another URL of this level */
	}
	free(t);
	return ok;
}

/* Whether an SVG has a <name> element (or an svg:name one). */
static bool svg_has_element(const unsigned char *d, size_t n, const char *name)
{
	size_t k = strlen(name);
	for (size_t i = 1; i + k <= n; i++)
		if (d[i] == (unsigned char)name[0] && !memcmp(d + i, name, k) &&
		    (d[i - 1] == '<' || d[i - 1] == ':') &&
		    (i + k >= n || d[i + k] == ' ' || d[i + k] == '\t' || d[i + k] == '\n' ||
		     d[i + k] == '\r' || d[i + k] == '/' || d[i + k] == '>'))
			return true;
	return false;
}

/* Whether the root <svg> start tag holds `text` (an attribute's name). */
static bool svg_root_has(const unsigned char *d, size_t n, const char *text)
{
	size_t k = strlen(text);
	for (size_t i = 0; i + 4 <= n; i++) {
		if (memcmp(d + i, "<svg", 4))
			continue;
		for (size_t j = i + 4; j < n && d[j] != '>'; j++)
			if (j + k <= n && !memcmp(d + j, text, k))
				return true;
		return false;
	}
	return false;
}

/*
 * An SVG that may make librsvg panic or run away: a DTD with an internal
 * subset (entities expand inside librsvg), filter primitives (feTurbulence with a million octaves,
 * hundreds of blurs), a number of seven or more digits or with an exponent
 * (font-size="1e9" is a panic), or a large file (2 MB of text, 7 GB).
 * The rest — plain shapes, gradients, text of a diagram — is drawn
 * without a trial, which would cost its rendering time twice.
 */
static bool svg_risky(const unsigned char *d, size_t n)
{
	if (n > SVG_TRUSTED_BYTES || skip_past(d, n, 0, "<!ENTITY") < n)
		return true;
	size_t dt = skip_past(d, n, 0, "<!DOCTYPE");   /* with an internal subset */
	const unsigned char *gt = dt < n ? memchr(d + dt, '>', n - dt) : NULL;
	if (dt < n && memchr(d + dt, '[', (size_t)((gt ? gt : d + n) - (d + dt))))
		return true;
	size_t digits = 0;          /* of the integer part being read */
	bool num = false;           /* in a number */
	bool word = false;          /* in a name or a #colour: no number */
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = d[i];
		if ((ch == '<' && i + 3 < n && d[i + 1] == 'f' && d[i + 2] == 'e') ||
		    (ch == ':' && i + 2 < n && d[i + 1] == 'f' && d[i + 2] == 'e' &&
		     i > 0 && d[i - 1] != ' '))
			return true;    /* <feX>, <svg:feX> */
		bool alnum = g_ascii_isalnum(ch) || ch == '_' || ch == '#';
		if (word || (!num && alnum && !g_ascii_isdigit(ch))) {
			word = alnum;
			num = false;
			digits = 0;
			continue;
		}
		if (ch >= '0' && ch <= '9') {
			if (digits && ++digits >= 7)
				return true;
			if (!num)
				digits = 1;
			num = true;
		} else if (ch == '.' && num) {
			digits = 0;     /* the fraction's digits do not count */
		} else if ((ch == 'e' || ch == 'E') && num && i + 1 < n &&
			   (d[i + 1] == '+' || (d[i + 1] >= '0' && d[i + 1] <= '9'))) {
			return true;
		} else {
			num = false;
			digits = 0;
		}
	}
	return false;
}

static cairo_status_t svg_discard(void *ctx, const unsigned char *data, unsigned int len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

/* In the sandbox: draw the SVG d[0..n) into a PDF, as the program would. */
static void svg_trial(const char *font_dir, const char *d, size_t n)
{
	const struct librsvg *rs = librsvg_get(NULL);
	if (!rs)
		_exit(2);
	if (*font_dir && text_preload(font_dir))
		text_fonts_ready();
	GInputStream *in = g_memory_input_stream_new_from_data(d, (gssize)n, NULL);
	RsvgHandle *h = rs->handle_new_from_stream_sync(in, NULL, RSVG_HANDLE_FLAGS_NONE, NULL,
							 NULL);
	if (!h)
		_exit(0);       /* the program says why */
	rs->handle_set_dpi(h, 96);
	struct image_priv p;
	memset(&p, 0, sizeof p);
	double w, hh;
	svg_size(h, &p, &w, &hh);
	double vw = p.svg_vb ? p.svg_vbw : w, vh = p.svg_vb ? p.svg_vbh : hh;
	/* at its own size (as the PDF records it) and a slide's (as it may be
	 * drawn straight), into a PDF that is never finished: writing it
	 * would cost more than the drawing */
	double fit = MAX(MIN(1920 / MAX(vw, 1), 1080 / MAX(vh, 1)), 1);
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(svg_discard, NULL, 1920, 1080);
	cairo_t *cr = cairo_create(s);
	for (int k = 0; k < 2; k++) {
		double sc = k ? fit : 1;
		RsvgRectangle vp = { 0, 0, vw * sc, vh * sc };
		rs->handle_render_document(h, cr, &vp, NULL);
	}
	_exit(0);
}

/* A sandbox child (sandbox.h) is this program started with SVG_TRIAL_ENV
 * (the fonts' folder) or RASTER_TRIAL_ENV (the format) set and the
 * picture on stdin: it reads it as the program would, before main(), and
 * its exit status says whether librsvg or gdk-pixbuf got through. A
 * picture they reject is fine here: the program reports why. */
__attribute__((constructor)) static void image_trial(void)
{
	const char *svg = getenv(SVG_TRIAL_ENV), *raster = getenv(RASTER_TRIAL_ENV);
	if (!svg && !raster)
		return;
	size_t n;
	char *d = sandbox_input(MAX(MAX_SVG_BYTES, MAX_IMAGE_BYTES), &n);
	if (!d)
		_exit(2);
	if (svg)
		svg_trial(svg, d, n);
	char buf[WHY_LEN];
	const char *why;
	long f = strtol(raster, NULL, 10);
	if (f >= 0 && f < FMT_SVG)
		pixbuf_decode(buf, (enum fmt)f, (const unsigned char *)d, n, 1, &why);
	_exit(0);
}

/* Whether a picture may be given to librsvg or gdk-pixbuf here: tried
 * first in a sandbox with var=value, within the deck's budget for trials.
 * false with *why. */
static bool tried(struct image_cache *c, const char *var, const char *value,
		  const unsigned char *d, size_t n, const char *what, const char **why)
{
	if (c->trial_cpu >= SVG_TRIALS_CPU_S) {
		snprintf(c->why, sizeof c->why, "%s not drawn: the deck's pictures have used the "
			 "%g s of CPU their trial runs may take", what, (double)SVG_TRIALS_CPU_S);
		*why = c->why;
		return false;
	}
	const struct sandbox_limits lim = {
		MIN(SVG_TRIAL_CPU_S, SVG_TRIALS_CPU_S - c->trial_cpu), SVG_TRIAL_MEM_BYTES,
		SVG_TRIAL_WALL_S
	};
	double used;
	int sig;
	enum sandbox_result r = sandbox_run(var, value, d, n, &lim, &used, &sig);
	c->trial_cpu += used;
	if (r == SANDBOX_OK)
		return true;
	char b[160];
	snprintf(c->why, sizeof c->why, "%s not drawn: reading it in a child process %s", what,
		 sandbox_why(r, sig, &lim, b, sizeof b));
	*why = c->why;
	return false;
}

/* A risky SVG (or any under --safe) is tried in a sandbox first. */
static bool svg_tried(struct image_cache *c, const unsigned char *d, size_t n,
		      const char **why)
{
	if (!c->trial_all && !svg_risky(d, n))
		return true;
	return tried(c, SVG_TRIAL_ENV, c->data_dir ? c->data_dir : "", d, n, "SVG", why);
}

/* Under --safe, a raster gdk-pixbuf decodes is tried in a sandbox first
 * (its loaders for WebP, AVIF, ICO, … are not ours to trust). */
static bool raster_tried(struct image_cache *c, enum fmt f, const unsigned char *d, size_t n,
			 const char **why)
{
	if (!c->trial_all)
		return true;
	char v[16];
	snprintf(v, sizeof v, "%d", (int)f);
	return tried(c, RASTER_TRIAL_ENV, v, d, n, fmt_info[f].name, why);
}

/* exported function documented in image.h */
void image_cache_set_trials(struct image_cache *c, bool all, const char *data_dir)
{
	c->trial_all = all;
	free(c->data_dir);
	c->data_dir = data_dir ? xstrdup(data_dir) : NULL;
}

static void svg_job_add(struct image_cache *c, struct image_entry *e);

static bool load_svg(struct image_cache *c, struct image_entry *e, const unsigned char *d,
		     size_t n, const char **why)
{
	if (n > MAX_SVG_BYTES) {
		snprintf(c->why, sizeof c->why, "SVG larger than %u MiB", MAX_SVG_BYTES >> 20);
		*why = c->why;
		return false;
	}
	struct svg_budget bud = { 0, 0, 0, 0, NULL };
	if (!svg_images_fit(d, n, &bud, 0)) {
		if (!bud.why) {
			snprintf(c->why, sizeof c->why,
				 "SVG embeds an image too large (%lld\xC3\x97%lld px; the limit "
				 "is %u pixels for all of them)", bud.w, bud.h, MAX_IMAGE_PIXELS);
			bud.why = c->why;
		}
		*why = bud.why;
		return false;
	}
	const char *no_lib;
	const struct librsvg *rs = librsvg_get(&no_lib);
	if (!rs) {
		*why = no_lib;
		return false;
	}
	if (!svg_tried(c, d, n, why))
		return false;
	GError *err = NULL;
	GInputStream *in = g_memory_input_stream_new_from_data(d, (gssize)n, NULL);
	/* No base file: librsvg then loads nothing but data: URLs, so an SVG
	 * cannot read files or include itself. (RSVG_HANDLE_FLAG_KEEP_IMAGE_DATA
	 * would only cost memory: librsvg 2.54 still writes a data: JPEG into
	 * the PDF as pixels.) */
	RsvgHandle *h = rs->handle_new_from_stream_sync(in, NULL, RSVG_HANDLE_FLAGS_NONE, NULL,
							 &err);
	g_object_unref(in);
	if (!h) {
		snprintf(c->why, sizeof c->why, "cannot read SVG: %s",
			 err ? err->message : "parse error");
		g_clear_error(&err);
		*why = c->why;
		return false;
	}
	rsvg()->handle_set_dpi(h, 96);  /* CSS px; librsvg's default is 90 */
	svg_size(h, &e->p, &e->pub.width, &e->pub.height);

	/* Render once into a 1x1 surface: librsvg's limits (500000 referenced
	 * elements for <use> fan-out) are checked while rendering, which can take
	 * a second or more; do that once here and refuse the picture rather than
	 * on every page it is drawn on. Self-references are cut by librsvg.
	 * Only an SVG with <use> elements can fan out like that; for the others
	 * the rendering (a sixth of the seed deck's time) is skipped. (Keeping
	 * the rendering as a recording surface to draw from was measured
	 * slower: cairo's PDF backend analyses and replays it.) */
	bool ok = true;
	if (svg_has_element(d, n, "use")) {
		/* its text with our fonts (librsvg's default font map), not
		 * the system's loaded for this one rendering */
		text_fonts_ready();
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
		cairo_t *cr = cairo_create(s);
		RsvgRectangle vp = { 0, 0, MAX(e->pub.width, 1), MAX(e->pub.height, 1) };
		ok = rsvg()->handle_render_document(h, cr, &vp, &err);
		cairo_destroy(cr);
		cairo_surface_destroy(s);
	}
	if (!ok) {
		snprintf(c->why, sizeof c->why, "cannot render SVG: %s",
			 err ? err->message : "unknown error");
		g_clear_error(&err);
		g_object_unref(h);
		*why = c->why;
		return false;
	}
	e->p.svg = h;
	e->p.svg_links = svg_has_element(d, n, "a");
	e->p.svg_par = svg_root_has(d, n, "preserveAspectRatio");
	svg_job_add(c, e);
	return true;
}

/* cairo_get_target() is the surface given to cairo_create() even inside
 * cairo_push_group(), whose drawing goes to a recording surface
 * (cairo_get_group_target()) that is replayed onto the PDF and keeps our
 * mime data (cairo's snapshots copy it). A cairo_t made directly on a
 * recording surface may be replayed anywhere, so it gets pixels. */
static bool target_is_pdf(cairo_t *cr)
{
	return cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_PDF;
}

/* The size an SVG is recorded at for a PDF — its viewBox's, or its own
 * when it has none — or false when draw_svg() draws it straight: a
 * preserveAspectRatio other than the default, or a viewBox-less SVG
 * without both its width and height (see draw_svg_recorded). */
static bool svg_record_size(const struct image *img, const struct image_priv *p, double *vw,
			    double *vh)
{
	*vw = p->svg_vb ? p->svg_vbw : img->width;
	*vh = p->svg_vb ? p->svg_vbh : img->height;
	if (p->svg_links || !(*vw > 0) || !(*vh > 0))
		return false;
	return p->svg_vb ? !p->svg_par : p->svg_w && p->svg_h;
}

/*
 * The SVG thread: each job's drawing recorded as svg_recording() would
 * record it, with Pango on a font map of this thread's own (text.h). The
 * seed deck's one diagram, 25 text spans at 13 sizes, takes ~20 ms of
 * librsvg and Pango, which the main thread spent in the middle of its
 * pages; recorded here from the moment it is loaded, it is ready (or
 * nearly) by the time its page is drawn.
 */
static gpointer svg_record_run(gpointer data)
{
	struct image_cache *c = data;
	bool fonts = text_thread_fonts();
	struct svg_job *j;
	while ((j = g_async_queue_pop(c->svg_queue)) != &svg_stop) {
		cairo_surface_t *rec = NULL;
		if (fonts) {
			/* a group of a PDF, as svg_recording() makes: librsvg
			 * keeps text as text only for a vector target */
			cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(
				svg_discard, NULL, j->vw, j->vh);
			cairo_t *cr = cairo_create(pdf);
			cairo_push_group(cr);
			RsvgRectangle vp = { 0, 0, j->vw, j->vh };
			GError *err = NULL;
			bool ok = rsvg()->handle_render_document(j->h, cr, &vp, &err);
			g_clear_error(&err);
			cairo_pattern_t *pat = cairo_pop_group(cr);
			if (ok && cairo_pattern_get_surface(pat, &rec) == CAIRO_STATUS_SUCCESS &&
			    cairo_surface_status(rec) == CAIRO_STATUS_SUCCESS)
				cairo_surface_reference(rec);
			else
				rec = NULL;
			cairo_pattern_destroy(pat);
			cairo_destroy(cr);
			cairo_surface_destroy(pdf);
		}
		g_mutex_lock(&c->lock);
		j->rec = rec;
		j->done = true;
		g_cond_broadcast(&c->cond);
		g_mutex_unlock(&c->lock);
	}
	return NULL;
}

/* Queue SVG e for the SVG thread, started with the first one, when the
 * cache records SVGs and e is drawn from a recording (svg_record_size). */
static void svg_job_add(struct image_cache *c, struct image_entry *e)
{
	double vw, vh;
	if (!c->svg_record || !e->p.svg || e->p.svg_job ||
	    !svg_record_size(&e->pub, &e->p, &vw, &vh))
		return;
	struct svg_job *j = xcalloc(1, sizeof *j);
	j->h = e->p.svg;
	j->vw = vw;
	j->vh = vh;
	e->p.svg_job = j;
	g_ptr_array_add(c->svg_jobs, j);
	if (!c->svg_thread)
		c->svg_thread = g_thread_new("scs-svg", svg_record_run, c);
	g_async_queue_push(c->svg_queue, j);
}

/* exported function documented in image.h */
void image_cache_record_svgs(struct image_cache *c)
{
	if (!c || !c->pdf || c->svg_record)
		return;
	c->svg_record = true;
	c->svg_jobs = g_ptr_array_new_with_free_func(free);
	c->svg_queue = g_async_queue_new();
	GHashTableIter it;
	gpointer v;
	g_hash_table_iter_init(&it, c->map);
	while (g_hash_table_iter_next(&it, NULL, &v))
		svg_job_add(c, v);
}

/* Wait until p's handle is no longer the SVG thread's; its recording, or
 * NULL when it has none. */
static cairo_surface_t *svg_job_wait(struct image_priv *p)
{
	struct svg_job *j = p->svg_job;
	if (!j)
		return NULL;
	struct image_cache *c = p->cache;
	g_mutex_lock(&c->lock);
	while (!j->done) {
		if (c->idle) {
			g_mutex_unlock(&c->lock);
			bool busy = c->idle(c->idle_ctx);
			g_mutex_lock(&c->lock);
			if (busy)
				continue;
		}
		g_cond_wait(&c->cond, &c->lock);
	}
	g_mutex_unlock(&c->lock);
	return j->rec;
}

/* exported function documented in image.h */
void image_cache_set_idle(struct image_cache *c, bool (*idle)(void *ctx), void *ctx)
{
	if (!c)
		return;
	c->idle = idle;
	c->idle_ctx = ctx;
}

/*
 * For a PDF, an SVG is drawn once, at its viewBox's size (or its own size
 * without one) under an identity matrix into a group, and that group is
 * painted scaled into place wherever the picture is shown: cairo writes it
 * once, as a form XObject, vectors and text as they were. Drawn straight
 * at its place instead, librsvg lays every text span out under the page's
 * matrix and again under an identity one (for its outline and bounding
 * box), so each font size costs Pango two font sets, with their fontconfig
 * substitutions, sorts and metrics, on every page the picture is on: the
 * seed deck's diagram took 60 ms that way, 44 ms this way.
 *
 * The group covers the target's extents at the origin, so a drawing larger
 * than that in its own units, and one with links (cairo would write their
 * annotations from inside the form), is drawn straight. The recording is
 * the PDF's: made for one target, used with that one only. It is made
 * ahead on the SVG thread when the cache records SVGs (the group of a PDF
 * of the drawing's size there), else here.
 */
static cairo_pattern_t *svg_recording(cairo_t *cr, struct image_priv *p, double vw,
				      double vh)
{
	cairo_surface_t *target = cairo_get_target(cr);
	if (p->svg_rec && p->svg_rec_target == target)
		return p->svg_rec;
	if (p->svg_links)
		return NULL;
	cairo_save(cr);
	cairo_identity_matrix(cr);
	cairo_reset_clip(cr);
	double x1, y1, x2, y2;
	cairo_clip_extents(cr, &x1, &y1, &x2, &y2);
	cairo_pattern_t *pat = NULL;
	cairo_surface_t *ahead = svg_job_wait(p);
	bool fits = x1 <= 0 && y1 <= 0 && x2 >= vw && y2 >= vh;
	if (fits && ahead) {
		pat = cairo_pattern_create_for_surface(ahead);
	} else if (fits) {
		cairo_push_group(cr);
		RsvgRectangle vp = { 0, 0, vw, vh };
		GError *err = NULL;
		if (!rsvg()->handle_render_document(p->svg, cr, &vp, &err))
			g_clear_error(&err);
		pat = cairo_pop_group(cr);
	}
	cairo_restore(cr);
	if (pat && cairo_pattern_status(pat) != CAIRO_STATUS_SUCCESS) {
		cairo_pattern_destroy(pat);
		pat = NULL;
	}
	if (pat) {
		if (p->svg_rec)
			cairo_pattern_destroy(p->svg_rec);
		p->svg_rec = pat;
		p->svg_rec_target = target;
	}
	return pat;
}

/* The recorded drawing scaled into (x, y, w, h) as librsvg would draw it
 * there: a viewBox fitted into the box keeping its ratio, centred (the
 * default preserveAspectRatio, SVG 2 §8.8; with another, the SVG is drawn
 * straight); a viewBox-less drawing stretched (see draw_svg). false: not
 * done. */
static bool draw_svg_recorded(cairo_t *cr, const struct image *img, struct image_priv *p,
			      double x, double y, double w, double h)
{
	double vw, vh;
	if (!svg_record_size(img, p, &vw, &vh))
		return false;
	double sx = w / vw, sy = h / vh;
	if (p->svg_vb)
		sx = sy = MIN(sx, sy);
	cairo_pattern_t *pat = svg_recording(cr, p, vw, vh);
	if (!pat)
		return false;
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_translate(cr, x + (w - vw * sx) / 2, y + (h - vh * sy) / 2);
	cairo_scale(cr, sx, sy);
	cairo_set_source(cr, pat);
	cairo_paint(cr);
	cairo_restore(cr);
	return true;
}

static void draw_svg(cairo_t *cr, const struct image *img, struct image_priv *p, double x,
		     double y, double w, double h)
{
	if (img->width <= 0 || img->height <= 0)
		return;
	svg_job_wait(p);
	if (target_is_pdf(cr) && draw_svg_recorded(cr, img, p, x, y, w, h))
		return;
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_translate(cr, x, y);
	RsvgRectangle vp = { 0, 0, w, h };
	if (!p->svg_vb) {
		/* Blink and Gecko give a viewBox-less SVG in <img> a viewBox of its
		 * own width and height with preserveAspectRatio="none" (Chromium
		 * commit 2d9c498a, crbug.com/110195): it stretches like a raster.
		 * librsvg would fit it proportionally, so scale here and hand it a
		 * viewport of its intrinsic size. */
		if (p->svg_w) {
			cairo_scale(cr, w / img->width, 1);
			vp.width = img->width;
		}
		if (p->svg_h) {
			cairo_scale(cr, 1, h / img->height);
			vp.height = img->height;
		}
	}
	GError *err = NULL;
	if (cairo_status(cr) == CAIRO_STATUS_SUCCESS &&
	    !rsvg()->handle_render_document(p->svg, cr, &vp, &err))
		g_clear_error(&err);
	cairo_restore(cr);
}

/* ---- raster drawing ----------------------------------------------------- */

/* Maps stored pixels to the displayed picture for EXIF orientation o
 * (Exif 2.32 §4.6.4, tag 0x0112), for a stored size w x h. */
static void orientation_matrix(int o, double w, double h, cairo_matrix_t *m)
{
	switch (o) {
	case 2: cairo_matrix_init(m, -1, 0, 0, 1, w, 0); break;   /* mirror */
	case 3: cairo_matrix_init(m, -1, 0, 0, -1, w, h); break;  /* 180° */
	case 4: cairo_matrix_init(m, 1, 0, 0, -1, 0, h); break;   /* flip */
	case 5: cairo_matrix_init(m, 0, 1, 1, 0, 0, 0); break;    /* transpose */
	case 6: cairo_matrix_init(m, 0, 1, -1, 0, h, 0); break;   /* 90° cw */
	case 7: cairo_matrix_init(m, 0, -1, -1, 0, h, w); break;  /* transverse */
	case 8: cairo_matrix_init(m, 0, -1, 1, 0, 0, w); break;   /* 90° ccw */
	default: cairo_matrix_init_identity(m); break;
	}
}

/* Clip to what one placement covers: the tile itself, the band of tiles
 * across (repeat 1) or down (repeat 2), or the current clip (3). */
static void clip_tiles(cairo_t *cr, double x, double y, double w, double h, int repeat)
{
	if (repeat == 3)
		return;
	double cx1, cy1, cx2, cy2;
	cairo_clip_extents(cr, &cx1, &cy1, &cx2, &cy2);
	if (repeat & 1) {
		x = cx1;
		w = cx2 - cx1;
	}
	if (repeat & 2) {
		y = cy1;
		h = cy2 - cy1;
	}
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
}

/* On an SVG page a JPEG or PNG is its own file, as a data: URL (cairo's
 * SVG surface writes mime data as it is), not the pixels encoded again:
 * a photo was a ~10 MB PNG that librsvg refused. A JPEG turned by its
 * EXIF orientation keeps its pixels (a browser would turn the file). */
static void svg_mime(struct image_priv *p, cairo_surface_t *s)
{
	GBytes *b = p->jpeg && p->orientation == 1 ? p->jpeg : p->png;
	const char *type = b == p->jpeg ? CAIRO_MIME_TYPE_JPEG : CAIRO_MIME_TYPE_PNG;
	const unsigned char *have;
	unsigned long n_have;
	cairo_surface_get_mime_data(s, type, &have, &n_have);
	if (!b || have)
		return;
	size_t n;
	const unsigned char *d = g_bytes_get_data(b, &n);
	cairo_surface_set_mime_data(s, type, d, n, (cairo_destroy_func_t)g_bytes_unref,
				    g_bytes_ref(b));
}

static void draw_raster(cairo_t *cr, const struct image *img, struct image_priv *p, double x,
			double y, double w, double h, int repeat)
{
	bool pdf = target_is_pdf(cr);
	bool svg = cairo_surface_get_type(cairo_get_target(cr)) == CAIRO_SURFACE_TYPE_SVG;
	bool hollow = pdf && p->embed_jpeg;
	bool standin = pdf && p->job;
	cairo_surface_t *s = hollow ? hollow_surface(p) : standin ? png_standin(p->cache, p)
			     : pixel_surface(p);
	if (!s)
		return;
	if (svg)
		svg_mime(p, s);
	cairo_save(cr);
	clip_tiles(cr, x, y, w, h, repeat);
	cairo_translate(cr, x, y);
	cairo_scale(cr, w / img->width, h / img->height);
	/* EXIF orientation as a transform: the PDF keeps the JPEG as stored
	 * (a rotated phone photo stays a few hundred KB of DCT data). It maps
	 * the stored pixels onto exactly the displayed box, so a repeated
	 * pattern of the stored pixels tiles the displayed picture. */
	cairo_matrix_t m;
	orientation_matrix(p->orientation, p->pw, p->ph, &m);
	cairo_transform(cr, &m);
	if (hollow || standin)
		cairo_scale(cr, p->pw, p->ph);
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_pattern_t *pat = cairo_get_source(cr);
	cairo_pattern_set_filter(pat, CAIRO_FILTER_GOOD);
	/* Rasterising, EXTEND_PAD keeps the edge pixels from blending with
	 * transparent black outside the image when it is scaled. A PDF image
	 * XObject has no such fringe, and PAD would make cairo copy the pixels
	 * into a padded image (see hollow_surface). A repeated image is a
	 * PDF tiling pattern over the one XObject. */
	cairo_pattern_set_extend(pat, repeat ? CAIRO_EXTEND_REPEAT
				 : pdf || svg ? CAIRO_EXTEND_NONE : CAIRO_EXTEND_PAD);
	cairo_paint(cr);
	cairo_restore(cr);
}

/* An SVG tile: the drawing recorded at the tile's size (vectors), repeated. */
static void draw_svg_repeated(cairo_t *cr, const struct image *img, struct image_priv *p,
			      double x, double y, double w, double h, int repeat)
{
	cairo_rectangle_t ext = { 0, 0, w, h };
	cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &ext);
	cairo_t *rc = cairo_create(rec);
	draw_svg(rc, img, p, 0, 0, w, h);
	cairo_destroy(rc);
	cairo_save(cr);
	clip_tiles(cr, x, y, w, h, repeat);
	cairo_set_source_surface(cr, rec, x, y);
	cairo_pattern_set_extend(cairo_get_source(cr), CAIRO_EXTEND_REPEAT);
	cairo_paint(cr);
	cairo_restore(cr);
	cairo_surface_destroy(rec);
}

/* exported function documented in image.h */
void image_draw_repeated(cairo_t *cr, const struct image *img, double x, double y, double w,
			 double h, int repeat)
{
	if (!img || !img->priv || !(w > 0) || !(h > 0) || !isfinite(w) || !isfinite(h) ||
	    !isfinite(x) || !isfinite(y))
		return;
	struct image_priv *p = img->priv;
	repeat &= 3;
	if (p->svg && repeat)
		draw_svg_repeated(cr, img, p, x, y, w, h, repeat);
	else if (p->svg)
		draw_svg(cr, img, p, x, y, w, h);
	else
		draw_raster(cr, img, p, x, y, w, h, repeat);
}

/* exported function documented in image.h */
void image_draw(cairo_t *cr, const struct image *img, double x, double y, double w, double h)
{
	image_draw_repeated(cr, img, x, y, w, h, 0);
}

/* ---- loading ------------------------------------------------------------ */

static bool load_jpeg(struct image_cache *c, struct image_entry *e, const unsigned char *d,
		      size_t n, GBytes *keep, const char **why)
{
	struct jpeg_info ji;
	if (!jpeg_parse(d, n, &ji)) {
		*why = "cannot decode JPEG: malformed or truncated header";
		return false;
	}
	if (!size_ok(ji.w, ji.h)) {
		*why = ji.w && ji.h ? too_large(c->why, ji.w, ji.h)
				    : "cannot decode JPEG: zero size";
		return false;
	}
	if (!jpeg_complete(d, n, ji.sos)) {
		*why = "truncated JPEG (no end-of-image marker)";
		return false;
	}
	bool progressive = ji.sof == 0xC2 || ji.sof == 0xC6 || ji.sof == 0xCA || ji.sof == 0xCE;
	size_t scans = progressive ? jpeg_scans(d, n, ji.sos) : 1;
	if (scans > MAX_JPEG_SCANS) {
		snprintf(c->why, sizeof c->why, "JPEG of %zu scans (the limit is %d): every viewer "
			 "would decode it for minutes", scans, MAX_JPEG_SCANS);
		*why = c->why;
		return false;
	}
	/* A JPEG that goes into the PDF as it is needs no decoding: its
	 * markers were checked above, and damage inside the entropy-coded
	 * data shows in a viewer as it would in a browser. Any other is
	 * decoded once at 1/8 scale (DCT scaling: little memory, fast) to
	 * refuse a broken file now; full pixels only when a target needs them
	 * (at 1/8 this check cost a sixth of the seed deck's render time). */
	e->p.embed_jpeg = jpeg_embeddable(&ji);
	e->p.jpeg_grey = ji.ncomp == 1;
	if (!e->p.embed_jpeg) {
		GdkPixbuf *pb = pixbuf_decode(c->why, FMT_JPEG, d, n, 8, why);
		if (!pb)
			return false;
		g_object_unref(pb);
	}
	e->p.pw = ji.w;
	e->p.ph = ji.h;
	e->p.orientation = ji.orientation;
	e->p.jpeg = keep ? g_bytes_ref(keep) : g_bytes_new(d, n);
	e->p.cache = c;
	bool swap = ji.orientation >= 5;
	e->pub.width = swap ? ji.h : ji.w;
	e->pub.height = swap ? ji.w : ji.h;
	return true;
}

static bool load_raster(struct image_cache *c, struct image_entry *e, enum fmt f,
			const unsigned char *d, size_t n, GBytes *keep, const char **why)
{
	if (f == FMT_PNG && !png_complete(d, n)) {
		*why = "truncated PNG (no IEND chunk)";
		return false;
	}
	long long pw, ph, px;
	bool known = header_pixels(f, d, n, &pw, &ph, &px);
	if (known && !size_ok(pw, ph)) {
		*why = too_large(c->why, pw, ph);
		return false;
	}
	if (known && px > (long long)MAX_IMAGE_PIXELS) {
		snprintf(c->why, WHY_LEN, "animation too large (%lld frames of %lld\xC3\x97%lld px; "
			 "the limit is %u pixels)", px / (pw * ph), pw, ph, MAX_IMAGE_PIXELS);
		*why = c->why;
		return false;
	}
	if (f == FMT_PNG && c->pdf && known) {
		e->p.png = keep ? g_bytes_ref(keep) : g_bytes_new(d, n);
		e->p.cache = c;
		e->p.pw = (int)pw;
		e->p.ph = (int)ph;
		e->p.orientation = 1;
		e->pub.width = e->p.pw;
		e->pub.height = e->p.ph;
		png_defer(c, &e->p);
		return true;
	}
	if (f == FMT_PNG && !image_png_inflate_bounded(d, n)) {
		*why = "PNG data inflates to more than its image's rows; refused";
		return false;
	}
	if (!raster_tried(c, f, d, n, why))
		return false;
	GdkPixbuf *pb = pixbuf_decode(c->why, f, d, n, 1, why);
	if (!pb)
		return false;
	cairo_surface_t *s = surface_from_pixbuf(pb);
	if (!s) {
		*why = "out of memory for the decoded pixels";
		return false;
	}
	set_uid(s, e->p.uid);
	e->p.pixels = s;
	/* an SVG page embeds the file itself (svg_mime) */
	if (f == FMT_PNG)
		e->p.png = keep ? g_bytes_ref(keep) : g_bytes_new(d, n);
	e->p.pw = cairo_image_surface_get_width(s);
	e->p.ph = cairo_image_surface_get_height(s);
	e->p.orientation = 1;
	e->pub.width = e->p.pw;
	e->pub.height = e->p.ph;
	e->p.raster = keep ? g_bytes_ref(keep) : g_bytes_new(d, n);
	e->p.raster_fmt = f;
	e->p.cache = c;
	e->p.used = ++c->tick;
	pixels_held(c, &e->p);
	return true;
}

static void entry_free(void *v)
{
	struct image_entry *e = v;
	if (e->p.pixels)
		cairo_surface_destroy(e->p.pixels);
	if (e->p.hollow)
		cairo_surface_destroy(e->p.hollow);
	if (e->p.standin)
		cairo_surface_destroy(e->p.standin);
	if (e->p.png)
		g_bytes_unref(e->p.png);
	if (e->p.jpeg)
		g_bytes_unref(e->p.jpeg);
	if (e->p.raster)
		g_bytes_unref(e->p.raster);
	if (e->p.svg)
		g_object_unref(e->p.svg);
	if (e->p.svg_rec)
		cairo_pattern_destroy(e->p.svg_rec);
	free(e->p.uid);
	free(e);
}

/* exported function documented in image.h */
struct image_cache *image_cache_new(void)
{
	struct image_cache *c = xcalloc(1, sizeof *c);
	c->map = g_hash_table_new_full(g_str_hash, g_str_equal, free, entry_free);
	g_mutex_init(&c->lock);
	g_cond_init(&c->cond);
	return c;
}

/* exported function documented in image.h */
void image_cache_free(struct image_cache *c)
{
	if (!c)
		return;
	if (c->pool)
		g_thread_pool_free(c->pool, FALSE, TRUE);   /* waits for the workers */
	if (c->jpegs)
		g_ptr_array_free(c->jpegs, TRUE);
	if (c->svg_thread) {
		g_async_queue_push(c->svg_queue, &svg_stop);
		g_thread_join(c->svg_thread);
	}
	if (c->svg_queue)
		g_async_queue_unref(c->svg_queue);
	for (guint i = 0; c->svg_jobs && i < c->svg_jobs->len; i++) {
		struct svg_job *j = g_ptr_array_index(c->svg_jobs, i);
		if (j->rec)
			cairo_surface_destroy(j->rec);
	}
	if (c->svg_jobs)
		g_ptr_array_free(c->svg_jobs, TRUE);
	if (c->jobs)
		g_ptr_array_free(c->jobs, TRUE);
	g_hash_table_destroy(c->map);
	free(c->data_dir);
	g_mutex_clear(&c->lock);
	g_cond_clear(&c->cond);
	free(c);
}

/* exported function documented in image.h */
const struct image *image_cache_get(struct image_cache *c, const char *key)
{
	if (!c || !key)
		return NULL;
	return g_hash_table_lookup(c->map, key);
}

/* An id unique within the process: cairo treats surfaces with equal
 * CAIRO_MIME_TYPE_UNIQUE_ID as the same picture and writes it once. */
static char *make_uid(const char *key)
{
	static unsigned counter;
	uint32_t hsh = 2166136261u;  /* FNV-1a */
	for (const unsigned char *k = (const unsigned char *)key; *k; k++)
		hsh = (hsh ^ *k) * 16777619u;
	char buf[48];
	snprintf(buf, sizeof buf, "scs-image-%u-%08x", ++counter, (unsigned)hsh);
	return xstrdup(buf);
}

/* image_cache_add(), with the bytes in `keep` too when the caller gave
 * them away: what the cache keeps of the file is then that buffer, not a
 * copy (a deck's photos are megabytes). */
static const struct image *add(struct image_cache *c, const char *key,
			       const unsigned char *data, size_t len, GBytes *keep,
			       const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	*why = NULL;
	if (!c || !key) {
		*why = "no cache key";
		return NULL;
	}
	struct image_entry *e = g_hash_table_lookup(c->map, key);
	if (e)
		return &e->pub;
	if (!data || len == 0) {
		*why = "empty file";
		return NULL;
	}
	if (len > MAX_IMAGE_BYTES) {
		snprintf(c->why, sizeof c->why, "file larger than %u MiB", MAX_IMAGE_BYTES >> 20);
		*why = c->why;
		return NULL;
	}
	int f = sniff(data, len);
	if (f < 0) {
		*why = "not a supported image format (PNG, JPEG, GIF, WebP, BMP, ICO or SVG)";
		return NULL;
	}
	e = xcalloc(1, sizeof *e);
	e->p.uid = make_uid(key);
	utf8_truncate_copy(e->p.name, sizeof e->p.name, key);
	e->p.cache = c;
	e->p.orientation = 1;
	e->pub.kind = f == FMT_SVG ? IMAGE_SVG : IMAGE_RASTER;
	e->pub.priv = &e->p;
	bool ok = f == FMT_SVG    ? load_svg(c, e, data, len, why)
		  : f == FMT_JPEG ? load_jpeg(c, e, data, len, keep, why)
				  : load_raster(c, e, (enum fmt)f, data, len, keep, why);
	if (!ok) {
		entry_free(e);
		return NULL;
	}
	char *k = xstrdup(key);
	e->pub.key = k;
	g_hash_table_insert(c->map, k, e);
	return &e->pub;
}

/* exported function documented in image.h */
const struct image *image_cache_add(struct image_cache *c, const char *key,
				    const unsigned char *data, size_t len, const char **why)
{
	return add(c, key, data, len, NULL, why);
}

/* exported function documented in image.h */
const struct image *image_cache_add_take(struct image_cache *c, const char *key,
					 unsigned char *data, size_t len, const char **why)
{
	GBytes *keep = g_bytes_new_with_free_func(data, len, free, data);
	const struct image *img = add(c, key, data, len, keep, why);
	g_bytes_unref(keep);
	return img;
}
