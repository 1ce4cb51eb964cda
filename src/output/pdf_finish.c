/*
 * pdf_finish.c — cairo's PDF finished through libqpdf, with what cairo
 * cannot write (see pdf_finish.h).
 *
 * qpdf reads cairo's file (in memory) and parses an object only when it is
 * first looked at; the objects are changed through qpdf's object handles,
 * and only those that changed are written again, each serialised by qpdf
 * (qpdf_oh_unparse_resolved, a stream's bytes as given here or as they
 * were), in the place of cairo's. Every other object is copied as cairo
 * wrote it, and one new cross-reference section replaces cairo's: one
 * revision, as if written at once, with a trailer /ID computed from the
 * content. Where cairo's objects lie comes from its classic cross-reference
 * table; a file without one (cross-reference streams, updates) has every
 * object written through qpdf.
 *
 * qpdf spends some 50-90 k instructions parsing an object, and its writer
 * as much again writing the file anew; doing neither for every object is
 * what makes this cheap (seed deck: 137 M -> 48 M instructions). So the
 * objects to change are found in cairo's bytes by what only they hold —
 * a stand-in's data, a Figure's or TH's type — and
 * each is then looked at through qpdf; the resource dictionaries, in which
 * cairo 1.16 repeats keys, are parsed, and every object qpdf warned about
 * is written again as qpdf read it (each key once). New objects take
 * numbers from cairo's /Size up through qpdf_replace_object: qpdf's own
 * qpdf_oh_new_stream and qpdf_make_indirect_object would parse every
 * object of the file first.
 *
 * Stand-ins are found by what only they are: image streams with the
 * /CCITTFaxDecode filter, which nothing else scs-pdf draws uses, whose
 * bytes name their picture (IMAGE_STANDIN_PREFIX and a tag): a PNG's
 * streams, or a JPEG's own bytes, which so are copied once, into the file.
 *
 * libqpdf is not linked: qpdf's functions, called here by their names,
 * are those libqpdf_dl.h loads (libqpdf_calls.h).
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "output/pdf_finish.h"
#include "output/libqpdf_calls.h"
#include "resources/image.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <errno.h>
#include <glib.h>
#include <lcms2.h>
#include <limits.h>
#include <libdeflate.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Where Debian's icc-profiles-free puts the sRGB profile; without it lcms2
 * makes one. */
#define SRGB_ICC_PATH "/usr/share/color/icc/sRGB.icc"
#define SRGB_ICC_MAX_BYTES (1u << 20)
/* Streams made here (page content with artifacts, ICC profiles, the
 * source): libdeflate's level 2, as fast as zlib's fastest and smaller;
 * its higher levels cost more to set up than these small streams do. */
#define PDF_DEFLATE_LEVEL 2

/* A stream whose bytes are written from here rather than copied: a page's
 * content with its artifacts, a picture, a profile, the XMP, the JPEG
 * whose dictionary changed. */
struct pending {
	const unsigned char *data;
	size_t len;
	unsigned char *owned;       /* freed with it */
	/* a stream made here: qpdf holds its dictionary as a dictionary
	 * object (qpdf_replace_object), as qpdf_oh_new_stream would have
	 * qpdf parse every object of the file first */
	bool made;
};

/* An object of cairo's file: where it begins (its cross-reference
 * entry), where its dictionary ends (its "stream" keyword, or its end)
 * and where a stream's bytes begin (0: not a stream). */
struct objpos {
	size_t off, head_end, data;
	int id;
};

struct fin {
	qpdf_data q;
	const struct pdf_finish *p;
	const unsigned char *src;   /* cairo's file */
	size_t src_len;
	/* cairo's objects in file order, or NULL when its cross-reference
	 * table is not one classic section: then every object is written
	 * through qpdf */
	struct objpos *pos;
	size_t n_pos;
	size_t xref_off;
	int *index;                 /* object number -> its pos index, or -1 */
	int size;                   /* cairo's /Size: the first new object's number */
	int next_id;
	GHashTable *dirty;          /* object number -> struct pending * or NULL: written again */
	size_t n_replaced;          /* stand-ins replaced */
	GHashTable *icc;            /* profile bytes (GBytes) -> ICCBased array */
	struct libdeflate_compressor *z;  /* for every stream made here */
	struct libdeflate_decompressor *unz;  /* for the page contents */
	unsigned char *plain, *zbuf;  /* a page's content decoded, compressed */
	size_t plain_cap, zcap;
	struct strbuf wrapped;      /* a page's content with its artifacts */
	uint32_t content_sum[2];    /* CRC-32 and Adler-32 of the pages' content */
	char date_pdf[32];          /* D:YYYYMMDDHHmmSS+00'00' */
	char date_xmp[32];          /* YYYY-MM-DDTHH:MM:SS+00:00 */
};

static qpdf_oh parsef(qpdf_data q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static qpdf_oh parsef(qpdf_data q, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	qpdf_oh o = qpdf_oh_parse(q, s);
	g_free(s);
	return o;
}

static bool is_name(qpdf_data q, qpdf_oh dict, const char *key, const char *name)
{
	qpdf_oh v = qpdf_oh_get_key(q, dict, key);
	bool r = qpdf_oh_is_name_and_equals(q, v, name);
	qpdf_oh_release(q, v);
	return r;
}

/* ---- what is written again ----------------------------------------------- */

static void pending_free(gpointer v)
{
	struct pending *pd = v;
	if (pd) {
		free(pd->owned);
		free(pd);
	}
}

/* Object id (cairo's or made here) is written through qpdf. */
static void mark(struct fin *f, int id)
{
	if (id > 0 && !g_hash_table_contains(f->dirty, GINT_TO_POINTER(id)))
		g_hash_table_insert(f->dirty, GINT_TO_POINTER(id), NULL);
}

/* Object o was changed: it, or when it is direct the object that holds
 * it (owner), is written again. */
static void mark_oh(struct fin *f, qpdf_oh o, int owner)
{
	int id = qpdf_oh_get_object_id(f->q, o);
	mark(f, id ? id : owner);
}

static void set_filter(qpdf_data q, qpdf_oh d, const char *filter, qpdf_oh parms, size_t len)
{
	if (filter)
		qpdf_oh_replace_key(q, d, "/Filter", qpdf_oh_new_name(q, filter));
	else
		qpdf_oh_remove_key(q, d, "/Filter");
	if (parms)
		qpdf_oh_replace_key(q, d, "/DecodeParms", parms);
	else
		qpdf_oh_remove_key(q, d, "/DecodeParms");
	qpdf_oh_replace_key(q, d, "/Length", qpdf_oh_new_integer(q, (long long)len));
}

/* Stream s (cairo's) gets new bytes: data, len bytes, encoded with filter
 * (NULL: none) and parms (0: none); owned is freed with it. */
static void set_stream_data(struct fin *f, qpdf_oh s, const unsigned char *data, size_t len,
			    unsigned char *owned, const char *filter, qpdf_oh parms)
{
	qpdf_oh d = qpdf_oh_get_dict(f->q, s);
	set_filter(f->q, d, filter, parms, len);
	struct pending *pd = xmalloc(sizeof *pd);
	*pd = (struct pending){ data, len, owned, false };
	g_hash_table_insert(f->dirty, GINT_TO_POINTER(qpdf_oh_get_object_id(f->q, s)), pd);
}

/* A new stream of data (as set_stream_data): a reference to it, which is
 * also its dictionary for qpdf_oh_replace_key. */
static qpdf_oh new_stream(struct fin *f, const unsigned char *data, size_t len,
			  unsigned char *owned, const char *filter)
{
	qpdf_data q = f->q;
	qpdf_oh d = qpdf_oh_new_dictionary(q);
	set_filter(q, d, filter, 0, len);
	int id = f->next_id++;
	qpdf_replace_object(q, id, 0, d);
	struct pending *pd = xmalloc(sizeof *pd);
	*pd = (struct pending){ data, len, owned, true };
	g_hash_table_insert(f->dirty, GINT_TO_POINTER(id), pd);
	return qpdf_get_object_by_id(q, id, 0);
}

/* Direct object o as a new indirect object: a reference to it. */
static qpdf_oh new_object(struct fin *f, qpdf_oh o)
{
	int id = f->next_id++;
	qpdf_replace_object(f->q, id, 0, o);
	mark(f, id);
	return qpdf_get_object_by_id(f->q, id, 0);
}

/* ---- pictures ------------------------------------------------------------- */

/* The picture a stand-in's stream bytes name, or NULL. */
static const struct image_xobject *standin_image(const struct pdf_finish *p,
						 const unsigned char *d, size_t n)
{
	size_t k = strlen(IMAGE_STANDIN_PREFIX);
	if (n <= k || n > k + 10 || memcmp(d, IMAGE_STANDIN_PREFIX, k))
		return NULL;
	unsigned long tag = 0;
	for (size_t i = k; i < n; i++) {
		if (d[i] < '0' || d[i] > '9')
			return NULL;
		tag = tag * 10 + (unsigned long)(d[i] - '0');
	}
	for (size_t i = 0; i < p->n_images; i++)
		if (p->images[i].tag == tag)
			return &p->images[i];
	return NULL;
}

static void image_keys(struct fin *f, qpdf_oh dict, int w, int h, const char *cs)
{
	qpdf_data q = f->q;
	qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/XObject"));
	qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/Image"));
	qpdf_oh_replace_key(q, dict, "/Width", qpdf_oh_new_integer(q, w));
	qpdf_oh_replace_key(q, dict, "/Height", qpdf_oh_new_integer(q, h));
	qpdf_oh_replace_key(q, dict, "/ColorSpace", qpdf_oh_new_name(q, cs));
	qpdf_oh_replace_key(q, dict, "/BitsPerComponent", qpdf_oh_new_integer(q, 8));
	if (!f->p->pdfa)      /* ISO 19005-2 §6.2.8: no /Interpolate true */
		qpdf_oh_replace_key(q, dict, "/Interpolate", qpdf_oh_new_bool(q, QPDF_TRUE));
}

/* The components an ICC profile describes (ICC.1 §7.2.6), or 0. */
static int icc_components(const unsigned char *d, size_t n)
{
	if (n < 128 || memcmp(d + 36, "acsp", 4))
		return 0;
	return !memcmp(d + 16, "RGB ", 4) ? 3 : !memcmp(d + 16, "GRAY", 4) ? 1
	       : !memcmp(d + 16, "CMYK", 4) ? 4 : 0;
}

static qpdf_oh flate_stream(struct fin *f, const unsigned char *d, size_t n);
static bool raw_stream(struct fin *f, qpdf_oh s, const unsigned char **data, size_t *len);

/* [/ICCBased profile] (ISO 32000-1 §8.6.5.5), one per distinct profile;
 * 0 when lcms2 cannot read the profile. */
static qpdf_oh icc_space(struct fin *f, const unsigned char *d, size_t n)
{
	GBytes *key = g_bytes_new(d, n);
	gpointer hit = g_hash_table_lookup(f->icc, key);
	if (hit) {
		g_bytes_unref(key);
		return (qpdf_oh)GPOINTER_TO_UINT(hit);
	}
	qpdf_oh cs = 0;
	cmsHPROFILE h = cmsOpenProfileFromMem(d, (cmsUInt32Number)n);
	if (h) {
		cmsCloseProfile(h);
		qpdf_data q = f->q;
		qpdf_oh s = flate_stream(f, d, n);
		qpdf_oh_replace_key(q, s, "/N",
				    qpdf_oh_new_integer(q, icc_components(d, n)));
		cs = qpdf_oh_new_array(q);
		qpdf_oh_append_item(q, cs, qpdf_oh_new_name(q, "/ICCBased"));
		qpdf_oh_append_item(q, cs, s);
	}
	g_hash_table_insert(f->icc, key, GUINT_TO_POINTER(cs));
	return cs;
}

/* The ICC profile in a JPEG's APP2 "ICC_PROFILE" segments (ICC.1 Annex
 * B.4), in sequence order: malloc'd, or NULL. */
static unsigned char *jpeg_icc(const unsigned char *d, size_t n, size_t *len)
{
	struct strbuf b;
	strbuf_init(&b, 0);
	int want = 1;
	for (size_t i = 2; n >= 4 && i + 4 <= n && d[0] == 0xFF && d[1] == 0xD8;) {
		if (d[i] != 0xFF) {
			break;
		}
		unsigned m = d[i + 1];
		if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01 || m == 0xFF) {
			i += m == 0xFF ? 1 : 2;
			continue;
		}
		if (m == 0xDA || m == 0xD9)
			break;                  /* start of scan: no more headers */
		size_t seg = (size_t)d[i + 2] << 8 | d[i + 3];
		if (seg < 2 || i + 2 + seg > n)
			break;
		const unsigned char *p = d + i + 4;
		size_t pn = seg - 2;
		/* chunks come in order in every file seen; others are left out */
		if (m == 0xE2 && pn > 14 && !memcmp(p, "ICC_PROFILE", 12) && p[12] == want) {
			strbuf_append(&b, (const char *)p + 14, pn - 14);
			want++;
		}
		i += 2 + seg;
	}
	*len = b.len;
	if (!b.len) {
		strbuf_free(&b);
		return NULL;
	}
	return (unsigned char *)b.s;
}

/* The ICCBased colour space of a JPEG's own profile (APP2) when it has
 * one for its comps components, or 0. */
static qpdf_oh jpeg_profile_space(struct fin *f, const unsigned char *data, size_t len,
				  int comps)
{
	size_t n;
	unsigned char *icc = jpeg_icc(data, len, &n);
	qpdf_oh cs = icc && icc_components(icc, n) == comps ? icc_space(f, icc, n) : 0;
	free(icc);
	return cs;
}

/* A JPEG image object with an ICC profile: its colour space the profile's
 * (cairo writes /DeviceRGB or /DeviceGray). */
static void jpeg_colour(struct fin *f, qpdf_oh o, qpdf_oh d)
{
	qpdf_data q = f->q;
	int comps = is_name(q, d, "/ColorSpace", "/DeviceRGB") ? 3
		    : is_name(q, d, "/ColorSpace", "/DeviceGray") ? 1 : 0;
	if (!comps)
		return;
	unsigned char *buf = NULL;
	const unsigned char *data;
	size_t len = 0;
	if (!raw_stream(f, o, &data, &len)) {
		if (qpdf_oh_get_stream_data(q, o, qpdf_dl_none, NULL, &buf, &len) & QPDF_ERRORS) {
			free(buf);
			return;
		}
		data = buf;
	}
	qpdf_oh cs = jpeg_profile_space(f, data, len, comps);
	if (cs) {
		qpdf_oh_replace_key(q, d, "/ColorSpace", cs);
		/* written again with the bytes just read */
		struct pending *pd = xmalloc(sizeof *pd);
		*pd = (struct pending){ data, len, buf, false };
		g_hash_table_insert(f->dirty, GINT_TO_POINTER(qpdf_oh_get_object_id(q, o)), pd);
	} else {
		free(buf);
	}
}

/* Stream s (a stand-in) made the image object of xo: a JPEG's own bytes,
 * in its ICC profile's colour space when it has a fitting one; or a PNG's
 * streams, in its profile's colour space, with its soft mask. */
static void put_image(struct fin *f, qpdf_oh s, const struct image_xobject *xo)
{
	qpdf_data q = f->q;
	if (xo->jpeg)
		set_stream_data(f, s, xo->jpeg, xo->jpeg_len, NULL, "/DCTDecode", 0);
	else
		set_stream_data(f, s, xo->rgb, xo->rgb_len, NULL, "/FlateDecode", xo->png_rows
				? parsef(q, "<< /Predictor 15 /Colors 3 /BitsPerComponent 8 "
					 "/Columns %d >>", xo->width) : 0);
	f->n_replaced++;
	qpdf_oh d = qpdf_oh_get_dict(q, s);
	qpdf_oh_remove_key(q, d, "/ImageMask");
	qpdf_oh_remove_key(q, d, "/Decode");
	bool grey = xo->jpeg && xo->jpeg_grey;
	image_keys(f, d, xo->width, xo->height, grey ? "/DeviceGray" : "/DeviceRGB");
	qpdf_oh cs = xo->jpeg ? jpeg_profile_space(f, xo->jpeg, xo->jpeg_len, grey ? 1 : 3)
		     : xo->icc ? icc_space(f, xo->icc, xo->icc_len) : 0;
	if (cs)
		qpdf_oh_replace_key(q, d, "/ColorSpace", cs);
	if (xo->alpha) {
		qpdf_oh m = new_stream(f, xo->alpha, xo->alpha_len, NULL, "/FlateDecode");
		image_keys(f, m, xo->width, xo->height, "/DeviceGray");
		qpdf_oh_replace_key(q, d, "/SMask", m);
	}
}

/* Object id: a stand-in replaced; for PDF/A no image interpolation and
 * CIDFontType2 fonts with their /CIDToGIDMap. */
static void scan_object(struct fin *f, int id)
{
	qpdf_data q = f->q;
	qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
	if (!qpdf_oh_is_stream(q, o)) {
		/* ISO 19005-2 §6.2.11.3.2: a CIDFontType2 names its
		 * CID-to-glyph map; cairo's subsets number CIDs as glyphs */
		if (f->p->pdfa && qpdf_oh_is_dictionary(q, o) &&
		    is_name(q, o, "/Subtype", "/CIDFontType2") &&
		    !qpdf_oh_has_key(q, o, "/CIDToGIDMap")) {
			qpdf_oh_replace_key(q, o, "/CIDToGIDMap", qpdf_oh_new_name(q, "/Identity"));
			mark(f, id);
		}
		qpdf_oh_release(q, o);
		return;
	}
	qpdf_oh d = qpdf_oh_get_dict(q, o);
	if (is_name(q, d, "/Subtype", "/Image")) {
		if (f->p->pdfa && qpdf_oh_has_key(q, d, "/Interpolate")) {
			qpdf_oh_remove_key(q, d, "/Interpolate");
			mark(f, id);
		}
		if (is_name(q, d, "/Filter", "/DCTDecode"))
			jpeg_colour(f, o, d);
		if (is_name(q, d, "/Filter", "/CCITTFaxDecode")) {
			unsigned char *buf = NULL;
			const unsigned char *data;
			size_t len = 0;
			if (raw_stream(f, o, &data, &len) ||
			    (!(qpdf_oh_get_stream_data(q, o, qpdf_dl_none, NULL, &buf, &len) &
			       QPDF_ERRORS) && (data = buf))) {
				const struct image_xobject *xo = standin_image(f->p, data, len);
				if (xo)
					put_image(f, o, xo);
			}
			free(buf);
		}
	}
	qpdf_oh_release(q, d);
	qpdf_oh_release(q, o);
}

/* The object of cairo's file whose bytes hold offset at, or 0. */
static int object_at(const struct fin *f, size_t at)
{
	size_t lo = 0, hi = f->n_pos;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->pos[mid].off <= at)
			lo = mid;
		else
			hi = mid;
	}
	return f->n_pos && f->pos[lo].off <= at && at < f->xref_off ? f->pos[lo].id : 0;
}

static const struct objpos *pos_of(const struct fin *f, int id)
{
	return f->pos && id > 0 && id < f->size && f->index[id] >= 0 ? &f->pos[f->index[id]]
	       : NULL;
}

static size_t pos_end(const struct fin *f, const struct objpos *o)
{
	return o + 1 < f->pos + f->n_pos ? o[1].off : f->xref_off;
}

/* Whether object o's dictionary holds the bytes of name. */
static bool head_has(const struct fin *f, const struct objpos *o, const char *name)
{
	return memmem(f->src + o->off, o->head_end - o->off, name, strlen(name)) != NULL;
}

/*
 * Stream s's bytes as cairo wrote them, read in place: from after its
 * "stream" keyword, as long as its /Length says, where "endstream"
 * follows; false when they cannot be found so (then qpdf reads them).
 */
static bool raw_stream(struct fin *f, qpdf_oh s, const unsigned char **data, size_t *len)
{
	qpdf_data q = f->q;
	const struct objpos *o = pos_of(f, qpdf_oh_get_object_id(q, s));
	if (!o || !o->data)
		return false;
	qpdf_oh d = qpdf_oh_get_dict(q, s);
	qpdf_oh l = qpdf_oh_get_key(q, d, "/Length");
	long long n = qpdf_oh_is_integer(q, l) ? qpdf_oh_get_int_value(q, l) : -1;
	qpdf_oh_release(q, l);
	qpdf_oh_release(q, d);
	size_t end = pos_end(f, o);
	if (n < 0 || (size_t)n > end - o->data)
		return false;
	size_t i = o->data + (size_t)n;
	while (i < end && (f->src[i] == '\r' || f->src[i] == '\n' || f->src[i] == ' '))
		i++;
	if (end - i < 9 || memcmp(f->src + i, "endstream", 9))
		return false;
	*data = f->src + o->data;
	*len = (size_t)n;
	return true;
}

/* The objects scan_object changes: in cairo's file the stand-ins, found
 * by their bytes, each then looked at through qpdf (which parses an object
 * when it is first looked at: only those are parsed); every object when
 * that finds fewer stand-ins than were drawn, for PDF/A, or when cairo's
 * objects are not known by their offsets (a JPEG cairo wrote itself, from
 * an SVG, gets its ICC profile then). */
static void pass_objects(struct fin *f)
{
	const struct pdf_finish *p = f->p;
	if (f->pos && !p->pdfa) {
		size_t k = strlen(IMAGE_STANDIN_PREFIX);
		for (size_t i = 0; i < f->n_pos; i++) {
			const struct objpos *o = &f->pos[i];
			if (p->n_images && o->data && pos_end(f, o) - o->data > k &&
			    !memcmp(f->src + o->data, IMAGE_STANDIN_PREFIX, k))
				scan_object(f, o->id);
		}
		if (f->n_replaced >= p->n_images)
			return;
	}
	/* (what is done is not done again: a replaced stand-in is no
	 * longer CCITT, a JPEG with a profile no longer DeviceRGB) */
	for (int id = 1; id < f->size; id++)
		scan_object(f, id);
}

/* ---- structure ---------------------------------------------------------- */

/* A walk of the structure tree (cairo nests elements as deep as
 * MAX_STRUCT_DEPTH): the Figure elements in document order (the order in
 * which cairo's tags were opened), and table header cells given their
 * /Scope (PDF/UA-1 §7.5): a TH in a table's first row heads its column,
 * any other one its row. */
struct walk {
	struct fin *f;
	GArray *figures;            /* qpdf_oh */
	GArray *owners;             /* int: the object each Figure is written in */
	int row;                    /* the TR being walked: its index in the table */
};

/* Let go of handle h unless it was kept as a Figure. */
static void walk_release(qpdf_data q, const struct walk *w, qpdf_oh h)
{
	if (!w->figures->len || g_array_index(w->figures, qpdf_oh, w->figures->len - 1) != h)
		qpdf_oh_release(q, h);
}

/* (owner: the object e is written in when e is direct) */
static void walk_struct(qpdf_data q, qpdf_oh e, int depth, struct walk *w, int owner)
{
	if (depth > MAX_STRUCT_DEPTH + 8)
		return;
	int id = qpdf_oh_get_object_id(q, e);
	if (id)
		owner = id;
	if (qpdf_oh_is_array(q, e)) {
		int n = qpdf_oh_get_array_n_items(q, e);
		for (int i = 0; i < n; i++) {
			qpdf_oh c = qpdf_oh_get_array_item(q, e, i);
			walk_struct(q, c, depth + 1, w, owner);
			walk_release(q, w, c);
		}
		return;
	}
	if (!qpdf_oh_is_dictionary(q, e))
		return;
	qpdf_oh sv = qpdf_oh_get_key(q, e, "/S");
	if (!qpdf_oh_is_name(q, sv)) {
		qpdf_oh_release(q, sv);
		return;
	}
	const char *type = qpdf_oh_get_name(q, sv);
	bool table = !strcmp(type, "/Table");
	struct walk inner = *w;
	if (!strcmp(type, "/Figure")) {
		g_array_append_val(w->figures, e);
		g_array_append_val(w->owners, owner);
	} else if (table) {
		inner.row = -1;
	} else if (!strcmp(type, "/TR")) {
		inner.row = ++w->row;
	} else if (!strcmp(type, "/TH")) {
		qpdf_oh_replace_key(q, e, "/A", parsef(q, "<< /O /Table /Scope /%s >>",
						       w->row <= 0 ? "Column" : "Row"));
		mark(w->f, owner);
	}
	qpdf_oh_release(q, sv);
	qpdf_oh k = qpdf_oh_get_key(q, e, "/K");
	walk_struct(q, k, depth + 1, &inner, owner);
	walk_release(q, &inner, k);
	if (!table)
		w->row = inner.row;
}

static void set_alts(struct fin *f, qpdf_oh root)
{
	qpdf_data q = f->q;
	const struct pdf_finish *p = f->p;
	qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
	if (!qpdf_oh_is_dictionary(q, tree))
		return;
	GArray *fig = g_array_new(FALSE, FALSE, sizeof(qpdf_oh));
	GArray *owners = g_array_new(FALSE, FALSE, sizeof(int));
	struct walk w = { f, fig, owners, -1 };
	walk_struct(q, qpdf_oh_get_key(q, tree, "/K"), 0, &w, qpdf_oh_get_object_id(q, tree));
	/* a count that does not match would put texts on the wrong
	 * pictures: then leave them all out */
	if (fig->len == p->n_figures)
		for (guint i = 0; i < fig->len; i++)
			if (p->figure_alt[i] && *p->figure_alt[i]) {
				qpdf_oh_replace_key(q, g_array_index(fig, qpdf_oh, i), "/Alt",
						    qpdf_oh_new_unicode_string(q, p->figure_alt[i]));
				mark(f, g_array_index(owners, int, i));
			}
	g_array_free(fig, TRUE);
	g_array_free(owners, TRUE);
}

/*
 * The same, from the elements found in cairo's file by the names of their
 * types (each looked at through qpdf), so that the rest of the tree is not
 * parsed: the Figures ordered by where they sit in the tree (their
 * ancestors' places in their parents' /K, read up the /P links), a TH's
 * scope from its TR and that TR's table. False when an element is not
 * where its /P says or the Figures are not as many as the renderer drew:
 * then set_alts walks the tree.
 */
struct located {
	qpdf_oh e;
	GArray *path;               /* int: indices from the root down */
};

static GArray *struct_path(qpdf_data q, qpdf_oh e)
{
	GArray *path = g_array_new(FALSE, FALSE, sizeof(int));
	qpdf_oh cur = e;
	for (int depth = 0; depth <= MAX_STRUCT_DEPTH + 8; depth++) {
		int id = qpdf_oh_get_object_id(q, cur);
		qpdf_oh parent = qpdf_oh_get_key(q, cur, "/P");
		if (!id || !qpdf_oh_is_dictionary(q, parent))
			break;
		qpdf_oh k = qpdf_oh_get_key(q, parent, "/K");
		int at = -1;
		if (qpdf_oh_is_array(q, k)) {
			int n = qpdf_oh_get_array_n_items(q, k);
			for (int i = 0; i < n && at < 0; i++) {
				qpdf_oh c = qpdf_oh_get_array_item(q, k, i);
				if (qpdf_oh_get_object_id(q, c) == id)
					at = i;
				qpdf_oh_release(q, c);
			}
		} else if (qpdf_oh_get_object_id(q, k) == id) {
			at = 0;
		}
		if (at < 0)
			break;
		g_array_prepend_val(path, at);
		if (is_name(q, parent, "/Type", "/StructTreeRoot"))
			return path;
		cur = parent;
	}
	g_array_free(path, TRUE);
	return NULL;
}

static int located_cmp(const void *a, const void *b)
{
	const GArray *x = ((const struct located *)a)->path, *y = ((const struct located *)b)->path;
	for (guint i = 0; i < x->len && i < y->len; i++) {
		int u = g_array_index(x, int, i), v = g_array_index(y, int, i);
		if (u != v)
			return u < v ? -1 : 1;
	}
	return (x->len > y->len) - (x->len < y->len);
}

/* The first TR below e in document order, not inside a nested table. */
static qpdf_oh first_tr(qpdf_data q, qpdf_oh e, int depth)
{
	if (depth > MAX_STRUCT_DEPTH + 8)
		return 0;
	qpdf_oh k = qpdf_oh_get_key(q, e, "/K");
	bool array = qpdf_oh_is_array(q, k);
	int n = array ? qpdf_oh_get_array_n_items(q, k) : 1;
	for (int i = 0; i < n; i++) {
		qpdf_oh c = array ? qpdf_oh_get_array_item(q, k, i) : k;
		if (!qpdf_oh_is_dictionary(q, c) || is_name(q, c, "/S", "/Table"))
			continue;
		if (is_name(q, c, "/S", "/TR"))
			return c;
		qpdf_oh r = first_tr(q, c, depth + 1);
		if (r)
			return r;
	}
	return 0;
}

/* TH e's /Scope, as walk_struct gives it: Column in its table's first
 * row, Row in any other; NULL when no TR of a table holds it (then the
 * tree is walked). */
static const char *th_scope(qpdf_data q, qpdf_oh e)
{
	qpdf_oh cur = e, tr = 0;
	for (int depth = 0; depth <= MAX_STRUCT_DEPTH + 8; depth++) {
		qpdf_oh parent = qpdf_oh_get_key(q, cur, "/P");
		if (!qpdf_oh_is_dictionary(q, parent) || is_name(q, parent, "/Type", "/StructTreeRoot"))
			return NULL;
		if (is_name(q, parent, "/S", "/Table")) {
			if (!tr)
				return NULL;
			qpdf_oh first = first_tr(q, parent, 0);
			return first && qpdf_oh_get_object_id(q, first) == qpdf_oh_get_object_id(q, tr)
			       ? "Column" : "Row";
		}
		if (!tr && is_name(q, parent, "/S", "/TR"))
			tr = parent;
		cur = parent;
	}
	return NULL;
}

static bool set_alts_located(struct fin *f, const GArray *fig_ids, const GArray *th_ids)
{
	qpdf_data q = f->q;
	const struct pdf_finish *p = f->p;
	GArray *figs = g_array_new(FALSE, FALSE, sizeof(struct located));
	bool ok = true;
	for (guint i = 0; i < fig_ids->len && ok; i++) {
		struct located l = { qpdf_get_object_by_id(q, g_array_index(fig_ids, int, i), 0), NULL };
		if (!qpdf_oh_is_dictionary(q, l.e) || !is_name(q, l.e, "/S", "/Figure"))
			continue;
		ok = (l.path = struct_path(q, l.e)) != NULL;
		if (ok)
			g_array_append_val(figs, l);
	}
	ok = ok && figs->len == p->n_figures;
	if (ok) {
		g_array_sort(figs, located_cmp);
		for (guint i = 0; i < figs->len; i++) {
			qpdf_oh e = g_array_index(figs, struct located, i).e;
			if (p->figure_alt[i] && *p->figure_alt[i]) {
				qpdf_oh_replace_key(q, e, "/Alt",
						    qpdf_oh_new_unicode_string(q, p->figure_alt[i]));
				mark(f, qpdf_oh_get_object_id(q, e));
			}
		}
	}
	for (guint i = 0; i < figs->len; i++)
		g_array_free(g_array_index(figs, struct located, i).path, TRUE);
	g_array_free(figs, TRUE);
	for (guint i = 0; i < th_ids->len && ok; i++) {
		qpdf_oh e = qpdf_get_object_by_id(q, g_array_index(th_ids, int, i), 0);
		if (!qpdf_oh_is_dictionary(q, e) || !is_name(q, e, "/S", "/TH"))
			continue;
		const char *scope = th_scope(q, e);
		ok = scope != NULL;
		if (ok) {
			qpdf_oh_replace_key(q, e, "/A", parsef(q, "<< /O /Table /Scope /%s >>", scope));
			mark(f, qpdf_oh_get_object_id(q, e));
		}
	}
	return ok;
}

/*
 * Every object qpdf warned about when it parsed it is written again by
 * qpdf, as qpdf read it. cairo 1.16 repeats a key in a resource
 * dictionary each time it paints a surface (/XObject << /x28 28 0 R
 * /x28 28 0 R >>), which qpdf reads as one with a warning: so every
 * resource dictionary is parsed, those of the objects found in cairo's
 * file by a /Resources entry (pages, forms, patterns, Type 3 fonts).
 */
static void parse_resources(struct fin *f, const GArray *holders)
{
	qpdf_data q = f->q;
	for (guint i = 0; i < holders->len; i++) {
		qpdf_oh h = qpdf_get_object_by_id(q, g_array_index(holders, int, i), 0);
		qpdf_oh d = qpdf_oh_is_stream(q, h) ? qpdf_oh_get_dict(q, h) : h;
		qpdf_oh r = qpdf_oh_get_key_if_dict(q, d, "/Resources");
		qpdf_oh_is_dictionary(q, r);
		qpdf_oh_release(q, r);
		if (d != h)
			qpdf_oh_release(q, d);
		qpdf_oh_release(q, h);
	}
}

static void mark_warned(struct fin *f)
{
	qpdf_data q = f->q;
	while (qpdf_more_warnings(q)) {
		qpdf_error e = qpdf_next_warning(q);
		mark(f, object_at(f, (size_t)qpdf_get_error_file_position(q, e)));
	}
}

/* qpdf parses the objects an object's unparse refers to (a dictionary
 * asks each value whether it is null): so each object to be written is
 * unparsed once first, and what qpdf warns about on the way is written
 * again too, until nothing new comes up. */
static void settle(struct fin *f)
{
	qpdf_data q = f->q;
	GHashTable *done = g_hash_table_new(g_direct_hash, g_direct_equal);
	GArray *todo = g_array_new(FALSE, FALSE, sizeof(int));
	for (;;) {
		mark_warned(f);
		g_array_set_size(todo, 0);
		GHashTableIter it;
		gpointer key;
		g_hash_table_iter_init(&it, f->dirty);
		while (g_hash_table_iter_next(&it, &key, NULL))
			if (!g_hash_table_contains(done, key)) {
				int id = GPOINTER_TO_INT(key);
				g_array_append_val(todo, id);
			}
		if (!todo->len)
			break;
		for (guint i = 0; i < todo->len; i++) {
			int id = g_array_index(todo, int, i);
			g_hash_table_add(done, GINT_TO_POINTER(id));
			qpdf_oh h = qpdf_get_object_by_id(q, id, 0);
			qpdf_oh d = qpdf_oh_is_stream(q, h) ? qpdf_oh_get_dict(q, h) : h;
			qpdf_oh_unparse_resolved(q, d);
			if (d != h)
				qpdf_oh_release(q, d);
			qpdf_oh_release(q, h);
		}
	}
	g_array_free(todo, TRUE);
	g_hash_table_destroy(done);
}

/* The objects of cairo's file whose dictionaries name a Figure, a TH or
 * resources. */
static void locate(struct fin *f, GArray *figs, GArray *ths, GArray *holders)
{
	for (size_t i = 0; i < f->n_pos; i++) {
		const struct objpos *o = &f->pos[i];
		if (head_has(f, o, "/Figure"))
			g_array_append_val(figs, o->id);
		if (head_has(f, o, "/TH"))
			g_array_append_val(ths, o->id);
		if (head_has(f, o, "/Resources"))
			g_array_append_val(holders, o->id);
	}
}

/* ---- pages -------------------------------------------------------------- */

static bool get_rect(qpdf_data q, qpdf_oh a, double r[4])
{
	if (!qpdf_oh_is_array(q, a) || qpdf_oh_get_array_n_items(q, a) != 4)
		return false;
	for (int i = 0; i < 4; i++) {
		qpdf_oh v = qpdf_oh_get_array_item(q, a, i);
		if (!qpdf_oh_is_number(q, v))
			return false;
		r[i] = qpdf_oh_get_numeric_value(q, v);
	}
	if (r[0] > r[2]) {
		double t = r[0]; r[0] = r[2]; r[2] = t;
	}
	if (r[1] > r[3]) {
		double t = r[1]; r[1] = r[3]; r[3] = t;
	}
	return true;
}

/* A link's description (PDF/UA-1 §7.18.5): its address, or the slide it
 * jumps to. */
static void link_contents(qpdf_data q, qpdf_oh annot)
{
	if (qpdf_oh_has_key(q, annot, "/Contents"))
		return;
	qpdf_oh a = qpdf_oh_get_key(q, annot, "/A");
	qpdf_oh uri = qpdf_oh_get_key_if_dict(q, a, "/URI");
	qpdf_oh dest = qpdf_oh_get_key(q, annot, "/Dest");
	char *text = NULL;
	if (qpdf_oh_is_string(q, uri)) {
		text = g_strdup(qpdf_oh_get_utf8_value(q, uri));
	} else {
		qpdf_oh d = qpdf_oh_is_string(q, dest) ? dest
			    : qpdf_oh_get_key_if_dict(q, a, "/D");
		const char *s = qpdf_oh_is_string(q, d) ? qpdf_oh_get_utf8_value(q, d) : "";
		if (s[0] == 's' && s[1] >= '1' && s[1] <= '9')
			text = g_strdup_printf("Go to slide %s", s + 1);
		else
			text = g_strdup("Link");
	}
	qpdf_oh_replace_key(q, annot, "/Contents", qpdf_oh_new_unicode_string(q, text));
	g_free(text);
}

/* Annotations printable, described and on their page; /Tabs /S. */
static void fix_annots(struct fin *f, qpdf_oh page)
{
	qpdf_data q = f->q;
	qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
	if (!qpdf_oh_is_array(q, annots))
		return;
	int page_id = qpdf_oh_get_object_id(q, page);
	int owner = qpdf_oh_get_object_id(q, annots);
	if (!owner)
		owner = page_id;
	mark(f, page_id);
	double box[4];
	bool have_box = get_rect(q, qpdf_oh_get_key(q, page, "/MediaBox"), box);
	int n = qpdf_oh_get_array_n_items(q, annots);
	for (int i = n - 1; i >= 0; i--) {
		qpdf_oh an = qpdf_oh_get_array_item(q, annots, i);
		if (!qpdf_oh_is_dictionary(q, an))
			continue;
		double r[4];
		if (have_box && get_rect(q, qpdf_oh_get_key(q, an, "/Rect"), r)) {
			double c[4] = { MAX(r[0], box[0]), MAX(r[1], box[1]),
					MIN(r[2], box[2]), MIN(r[3], box[3]) };
			if (c[0] >= c[2] || c[1] >= c[3]) {
				qpdf_oh_erase_item(q, annots, i);
				mark(f, owner);
				continue;
			}
			if (c[0] != r[0] || c[1] != r[1] || c[2] != r[2] || c[3] != r[3]) {
				qpdf_oh_replace_key(q, an, "/Rect",
						    parsef(q, "[%.4f %.4f %.4f %.4f]", c[0], c[1],
							   c[2], c[3]));
				/* quadrilaterals lie in the rectangle (§12.5.6.5) */
				qpdf_oh_remove_key(q, an, "/QuadPoints");
			}
		}
		qpdf_oh_replace_key(q, an, "/F", qpdf_oh_new_integer(q, 4));
		mark_oh(f, an, owner);
		if (is_name(q, an, "/Subtype", "/Link"))
			link_contents(q, an);
	}
	if (qpdf_oh_get_array_n_items(q, annots) == 0)
		qpdf_oh_remove_key(q, page, "/Annots");
	else
		qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"));
}

static void page_labels(struct fin *f, qpdf_oh root, int n_pages)
{
	qpdf_data q = f->q;
	const struct pdf_finish *p = f->p;
	if (!p->n_labels)
		return;
	qpdf_oh nums = qpdf_oh_new_array(q);
	for (int i = 0; i < n_pages && (size_t)i < p->n_labels; i++) {
		qpdf_oh_append_item(q, nums, qpdf_oh_new_integer(q, i));
		qpdf_oh l = p->page_labels[i] ? qpdf_oh_new_dictionary(q)
			    : parsef(q, "<< /S /D /St %d >>", i + 1);
		if (p->page_labels[i])
			qpdf_oh_replace_key(q, l, "/P",
					    qpdf_oh_new_unicode_string(q, p->page_labels[i]));
		qpdf_oh_append_item(q, nums, l);
	}
	qpdf_oh pl = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, pl, "/Nums", nums);
	qpdf_oh_replace_key(q, root, "/PageLabels", pl);
}

/* ---- artifacts ---------------------------------------------------------- */

/*
 * PDF/UA-1 §7.1: every piece of content is either tagged or an artifact.
 * cairo marks what the renderer tagged (BDC … EMC with an MCID); what it
 * drew outside every tag — slide backgrounds, slide numbers, handout
 * frames and headers — is wrapped here in /Artifact BMC … EMC, one
 * sequence per run of such graphics objects. Marked content may start and
 * end only between graphics objects (ISO 32000-1 §14.6), and one begun in
 * a text object ends in it: so a sequence opens before the first
 * operation of a path, an XObject, a shading, an inline image or a text
 * showing operator, and closes before BDC/BMC, before ET when it opened in
 * the text object, before BT when it opened outside one, and at the end.
 */
struct cs_scan {
	const unsigned char *d;
	size_t n, i;
};

static bool cs_delim(unsigned char c)
{
	switch (c) {
	case '(': case ')': case '<': case '>': case '[': case ']': case '{': case '}':
	case '/': case '%':
		return true;
	default:
		return false;
	}
}

static bool cs_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

/* The next operator: its bytes [*op, *op + *len) after its operands; false
 * at the end or on a malformed stream. */
static bool cs_next_op(struct cs_scan *s, size_t *op, size_t *len)
{
	const unsigned char *d = s->d;
	size_t n = s->n;
	while (s->i < n) {
		unsigned char c = d[s->i];
		if (cs_space(c)) {
			s->i++;
		} else if (c == '%') {
			while (s->i < n && d[s->i] != '\n' && d[s->i] != '\r')
				s->i++;
		} else if (c == '(') {
			int depth = 0;
			for (; s->i < n; s->i++) {
				if (d[s->i] == '\\') {
					s->i++;
				} else if (d[s->i] == '(') {
					depth++;
				} else if (d[s->i] == ')' && --depth == 0) {
					s->i++;
					break;
				}
			}
			if (depth)
				return false;
		} else if (c == '<' && s->i + 1 < n && d[s->i + 1] == '<') {
			s->i += 2;
		} else if (c == '>' && s->i + 1 < n && d[s->i + 1] == '>') {
			s->i += 2;
		} else if (c == '<') {
			const unsigned char *e = memchr(d + s->i, '>', n - s->i);
			if (!e)
				return false;
			s->i = (size_t)(e - d) + 1;
		} else if (c == '[' || c == ']' || c == '{' || c == '}') {
			s->i++;
		} else if (c == '/') {
			s->i++;
			while (s->i < n && !cs_space(d[s->i]) && !cs_delim(d[s->i]))
				s->i++;
		} else if (c == ')' || c == '>') {
			return false;
		} else {
			size_t start = s->i;
			while (s->i < n && !cs_space(d[s->i]) && !cs_delim(d[s->i]))
				s->i++;
			bool number = true;
			for (size_t k = start; k < s->i && number; k++)
				number = (d[k] >= '0' && d[k] <= '9') || d[k] == '.' ||
					 d[k] == '+' || d[k] == '-';
			if (number)
				continue;
			*op = start;
			*len = s->i - start;
			if (*len == 2 && !memcmp(d + start, "BI", 2)) {
				/* an inline image: its data runs to "EI" between white space */
				size_t k = s->i;
				while (k + 2 < n && !(cs_space(d[k]) && d[k + 1] == 'E' && d[k + 2] == 'I' &&
						      (k + 3 == n || cs_space(d[k + 3]))))
					k++;
				if (k + 2 >= n)
					return false;
				s->i = k + 3;
			}
			return true;
		}
	}
	return false;
}

static bool op_is(const unsigned char *d, size_t op, size_t len, const char *const *set)
{
	for (; *set; set++)
		if ((*set)[0] == d[op] && strlen(*set) == len && !memcmp(d + op, *set, len))
			return true;
	return false;
}

/* Content d (n bytes) with its untagged graphics objects as artifacts,
 * into out; false when it cannot be read (then left as it is). */
static bool wrap_artifacts(const unsigned char *d, size_t n, struct strbuf *out)
{
	static const char *const path_start[] = { "m", "re", NULL };
	static const char *const path_end[] = { "S", "s", "f", "F", "f*", "B", "B*", "b", "b*",
						"n", NULL };
	static const char *const object[] = { "Do", "sh", "BI", "Tj", "TJ", "'", "\"", NULL };
	struct cs_scan s = { d, n, 0 };
	size_t copied = 0, from = 0, op, len;
	int depth = 0;
	bool in_text = false, in_path = false, open = false, open_in_text = false;
	while (cs_next_op(&s, &op, &len)) {
		/* from: where this operation's operands begin */
		bool close = false, start = false;
		if (op_is(d, op, len, (const char *const[]){ "BDC", "BMC", NULL })) {
			close = open;
			depth++;
		} else if (len == 3 && !memcmp(d + op, "EMC", 3)) {
			if (depth > 0)
				depth--;
		} else if (len == 2 && !memcmp(d + op, "BT", 2)) {
			close = open;
			in_text = true;
		} else if (len == 2 && !memcmp(d + op, "ET", 2)) {
			close = open && open_in_text;
			in_text = false;
		} else if (depth == 0 && !open &&
			   ((!in_path && op_is(d, op, len, path_start)) ||
			    op_is(d, op, len, object))) {
			start = true;
		}
		if (op_is(d, op, len, path_start))
			in_path = true;
		else if (op_is(d, op, len, path_end))
			in_path = false;
		if (close || start) {
			strbuf_append(out, (const char *)d + copied, from - copied);
			copied = from;
			strbuf_puts(out, close ? "\nEMC\n" : "\n/Artifact BMC\n");
			open = start;
			open_in_text = start && in_text;
		}
		from = s.i;
	}
	if (s.i < n)
		return false;
	strbuf_append(out, (const char *)d + copied, n - copied);
	if (open)
		strbuf_puts(out, "\nEMC\n");
	return true;
}

/* Page content c decoded: f->plain, or qpdf's malloc'd buffer *raw (set
 * in either case, freed by the caller); NULL when it cannot be read. Flate, the filter
 * cairo writes, is undone here with one decompressor and one buffer for
 * every page, not by qpdf's zlib pipeline with its own state and buffers
 * each time. */
static const unsigned char *content_bytes(struct fin *f, qpdf_oh c, unsigned char **raw,
					  size_t *len)
{
	qpdf_data q = f->q;
	qpdf_oh d = qpdf_oh_get_dict(q, c);
	bool flate = is_name(q, d, "/Filter", "/FlateDecode") &&
		     !qpdf_oh_has_key(q, d, "/DecodeParms");
	qpdf_oh_release(q, d);
	*raw = NULL;
	size_t n = 0;
	if (flate && !(qpdf_oh_get_stream_data(q, c, qpdf_dl_none, NULL, raw, &n) & QPDF_ERRORS))
		for (;;) {
			if (!f->plain_cap) {
				f->plain_cap = MAX((size_t)64 * 1024, n * 4);
				f->plain = xmalloc(f->plain_cap);
			}
			enum libdeflate_result r = libdeflate_zlib_decompress(f->unz, *raw, n,
									      f->plain,
									      f->plain_cap, len);
			if (r == LIBDEFLATE_SUCCESS)
				return f->plain;
			if (r != LIBDEFLATE_INSUFFICIENT_SPACE ||
			    f->plain_cap > MAX_PAGE_CONTENT_BYTES / 2)
				break;
			free(f->plain);
			f->plain_cap *= 2;
			f->plain = xmalloc(f->plain_cap);
		}
	/* anything else, or too large for the buffer: qpdf's decoders */
	free(*raw);
	*raw = NULL;
	QPDF_BOOL filtered = QPDF_FALSE;
	if ((qpdf_oh_get_stream_data(q, c, qpdf_dl_generalized, &filtered, raw, len) &
	     QPDF_ERRORS) || !filtered)
		return NULL;
	return *raw;
}

static void mark_artifacts(struct fin *f, qpdf_oh page)
{
	qpdf_data q = f->q;
	qpdf_oh c = qpdf_oh_get_key(q, page, "/Contents");
	if (!qpdf_oh_is_stream(q, c))
		return;
	unsigned char *raw;
	size_t len = 0;
	const unsigned char *buf = content_bytes(f, c, &raw, &len);
	if (!buf) {
		free(raw);
		return;
	}
	/* for the /ID: what the pages show */
	f->content_sum[0] = libdeflate_crc32(f->content_sum[0], buf, len);
	f->content_sum[1] = libdeflate_adler32(f->content_sum[1], buf, len);
	struct strbuf *out = &f->wrapped;
	out->len = 0;
	if (wrap_artifacts(buf, len, out)) {
		size_t cap = libdeflate_zlib_compress_bound(f->z, out->len);
		if (cap > f->zcap) {
			free(f->zbuf);
			f->zcap = MAX(cap, f->zcap * 2);
			f->zbuf = xmalloc(f->zcap);
		}
		size_t got = libdeflate_zlib_compress(f->z, out->s, out->len, f->zbuf, f->zcap);
		if (got) {
			unsigned char *keep = xmalloc(got);
			memcpy(keep, f->zbuf, got);
			set_stream_data(f, c, keep, got, keep, "/FlateDecode", 0);
		}
	}
	free(raw);
}

/* ---- metadata ----------------------------------------------------------- */

static void xml_escaped(struct strbuf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': strbuf_puts(b, "&lt;"); break;
		case '>': strbuf_puts(b, "&gt;"); break;
		case '&': strbuf_puts(b, "&amp;"); break;
		default:
			/* XML 1.0 has no place for C0 controls but tab, LF, CR */
			if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n' || *s == '\r')
				strbuf_append(b, s, 1);
		}
	}
}

/* The Info dictionary's string under key (UTF-8; "" when absent); the
 * pointer is valid until the next qpdf call. */
static const char *info_text(qpdf_data q, qpdf_oh info, const char *key)
{
	qpdf_oh v = qpdf_oh_get_key_if_dict(q, info, key);
	return qpdf_oh_is_string(q, v) ? qpdf_oh_get_utf8_value(q, v) : "";
}

static void xmp_prop(struct strbuf *b, const char *fmt, const char *end, const char *v)
{
	if (!*v)
		return;
	strbuf_puts(b, fmt);
	xml_escaped(b, v);
	strbuf_puts(b, end);
}

/* XMP (ISO 16684-1) that says what the Info dictionary says (ISO 19005-2
 * §6.6.2.3.1), and the PDF/A identification. */
static void add_xmp(struct fin *f, qpdf_oh root, qpdf_oh info)
{
	qpdf_data q = f->q;
	struct strbuf b;
	strbuf_init(&b, 0);
	strbuf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		    "<rdf:Description rdf:about=\"\"\n"
		    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
		    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
		    "<dc:format>application/pdf</dc:format>\n");
	xmp_prop(&b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">",
		 "</rdf:li></rdf:Alt></dc:title>\n", info_text(q, info, "/Title"));
	xmp_prop(&b, "<dc:creator><rdf:Seq><rdf:li>", "</rdf:li></rdf:Seq></dc:creator>\n",
		 info_text(q, info, "/Author"));
	xmp_prop(&b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">",
		 "</rdf:li></rdf:Alt></dc:description>\n", info_text(q, info, "/Subject"));
	if (f->p->lang && *f->p->lang)
		xmp_prop(&b, "<dc:language><rdf:Bag><rdf:li>", "</rdf:li></rdf:Bag></dc:language>\n",
			 f->p->lang);
	xmp_prop(&b, "<pdf:Keywords>", "</pdf:Keywords>\n", info_text(q, info, "/Keywords"));
	xmp_prop(&b, "<pdf:Producer>", "</pdf:Producer>\n", info_text(q, info, "/Producer"));
	xmp_prop(&b, "<xmp:CreatorTool>", "</xmp:CreatorTool>\n", info_text(q, info, "/Creator"));
	xmp_prop(&b, "<xmp:CreateDate>", "</xmp:CreateDate>\n", f->date_xmp);
	xmp_prop(&b, "<xmp:ModifyDate>", "</xmp:ModifyDate>\n", f->date_xmp);
	xmp_prop(&b, "<xmp:MetadataDate>", "</xmp:MetadataDate>\n", f->date_xmp);
	if (f->p->pdfa)
		strbuf_printf(&b, "<pdfaid:part>%d</pdfaid:part>\n"
			      "<pdfaid:conformance>B</pdfaid:conformance>\n", f->p->pdfa);
	strbuf_puts(&b, "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
		    "<?xpacket end=\"w\"?>\n");
	/* unfiltered, so that any tool finds it (ISO 19005-2 §6.6.2.1) */
	qpdf_oh s = new_stream(f, (const unsigned char *)b.s, b.len, (unsigned char *)b.s, NULL);
	qpdf_oh_replace_key(q, s, "/Type", qpdf_oh_new_name(q, "/Metadata"));
	qpdf_oh_replace_key(q, s, "/Subtype", qpdf_oh_new_name(q, "/XML"));
	qpdf_oh_replace_key(q, root, "/Metadata", s);
}

/* ---- PDF/A ---------------------------------------------------------------- */

/* The sRGB profile: Debian's, else one lcms2 makes (ICC v2.1). malloc'd. */
static unsigned char *srgb_profile(size_t *len)
{
	char *d;
	if (read_file(SRGB_ICC_PATH, SRGB_ICC_MAX_BYTES, &d, len) == 0 && *len >= 128)
		return (unsigned char *)d;
	cmsHPROFILE h = cmsCreate_sRGBProfile();
	cmsUInt32Number n = 0;
	unsigned char *buf = NULL;
	if (h) {
		cmsSetProfileVersion(h, 2.1);
		if (cmsSaveProfileToMem(h, NULL, &n) && n) {
			buf = xmalloc(n);
			if (!cmsSaveProfileToMem(h, buf, &n)) {
				free(buf);
				buf = NULL;
			}
		}
		cmsCloseProfile(h);
	}
	*len = buf ? n : 0;
	return buf;
}

static qpdf_oh flate_stream(struct fin *f, const unsigned char *d, size_t n)
{
	size_t cap = libdeflate_zlib_compress_bound(f->z, n);
	unsigned char *buf = xmalloc(cap);
	size_t got = libdeflate_zlib_compress(f->z, d, n, buf, cap);
	if (got)
		return new_stream(f, buf, got, buf, "/FlateDecode");
	memcpy(buf, d, n);          /* (the bound is at least n) */
	return new_stream(f, buf, n, buf, NULL);
}

static int add_output_intent(struct fin *f, qpdf_oh root)
{
	qpdf_data q = f->q;
	size_t n;
	unsigned char *icc = srgb_profile(&n);
	if (!icc)
		return -1;
	qpdf_oh s = flate_stream(f, icc, n);
	free(icc);
	qpdf_oh_replace_key(q, s, "/N", qpdf_oh_new_integer(q, 3));
	qpdf_oh oi = parsef(q, "<< /Type /OutputIntent /S /GTS_PDFA1"
			    " /OutputConditionIdentifier (sRGB IEC61966-2.1)"
			    " /Info (sRGB IEC61966-2.1) /RegistryName (http://www.color.org) >>");
	qpdf_oh_replace_key(q, oi, "/DestOutputProfile", s);
	qpdf_oh_replace_key(q, root, "/OutputIntents", qpdf_oh_wrap_in_array(q, oi));
	return 0;
}

/* PDF/A-3 (ISO 19005-3 §6.8): the deck's Markdown as the document's
 * source, an associated file of the catalog. */
static void embed_source(struct fin *f, qpdf_oh root)
{
	qpdf_data q = f->q;
	const struct pdf_finish *p = f->p;
	qpdf_oh ef = flate_stream(f, p->source, p->source_len);
	qpdf_oh efd = ef;
	qpdf_oh_replace_key(q, efd, "/Type", qpdf_oh_new_name(q, "/EmbeddedFile"));
	qpdf_oh_replace_key(q, efd, "/Subtype", qpdf_oh_new_name(q, "/text/markdown"));
	qpdf_oh params = parsef(q, "<< /Size %zu /ModDate (%s) >>", p->source_len, f->date_pdf);
	qpdf_oh_replace_key(q, efd, "/Params", params);
	const char *name = p->source_name && *p->source_name ? p->source_name : "deck.md";
	qpdf_oh fs = new_object(f, parsef(q, "<< /Type /Filespec /AFRelationship /Source >>"));
	qpdf_oh_replace_key(q, fs, "/F", qpdf_oh_new_unicode_string(q, name));
	qpdf_oh_replace_key(q, fs, "/UF", qpdf_oh_new_unicode_string(q, name));
	qpdf_oh_replace_key(q, fs, "/Desc",
			    qpdf_oh_new_unicode_string(q, "The Markdown source of this deck"));
	qpdf_oh efs = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, efs, "/F", ef);
	qpdf_oh_replace_key(q, efs, "/UF", ef);
	qpdf_oh_replace_key(q, fs, "/EF", efs);
	qpdf_oh_replace_key(q, root, "/AF", qpdf_oh_wrap_in_array(q, fs));
	qpdf_oh names = qpdf_oh_get_key(q, root, "/Names");
	if (!qpdf_oh_is_dictionary(q, names)) {
		names = qpdf_oh_new_dictionary(q);
		qpdf_oh_replace_key(q, root, "/Names", names);
	}
	mark(f, qpdf_oh_get_object_id(q, names));
	qpdf_oh arr = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, arr, qpdf_oh_new_unicode_string(q, name));
	qpdf_oh_append_item(q, arr, fs);
	qpdf_oh tree = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, tree, "/Names", arr);
	qpdf_oh_replace_key(q, names, "/EmbeddedFiles", tree);
}

/* ---- the file ------------------------------------------------------------ */

static void set_dates(struct fin *f, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		memset(&tm, 0, sizeof tm);
	strftime(f->date_pdf, sizeof f->date_pdf, "D:%Y%m%d%H%M%S+00'00'", &tm);
	strftime(f->date_xmp, sizeof f->date_xmp, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
}

static void errf(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void errf(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
}

/*
 * The trailer's /ID (§14.4): derived from the content, so that the same
 * input gives the same file: the pages' content streams, the pictures'
 * samples, the date and the page count (cairo's own bytes are not: its
 * object numbers depend on the order pictures finish loading). qpdf keeps
 * a file's first identifier; the second is its fixed one
 * (qpdf_set_static_ID), as computing it from the written bytes
 * (qpdf_set_deterministic_ID) would hash every picture once more.
 */
static qpdf_oh make_id(struct fin *f, int n_pages)
{
	qpdf_data q = f->q;
	const struct pdf_finish *p = f->p;
	uint32_t sum[5] = { f->content_sum[0], f->content_sum[1], (uint32_t)n_pages,
			    (uint32_t)p->date, 0 };
	for (size_t i = 0; i < p->n_images; i++) {
		const struct image_xobject *xo = &p->images[i];
		/* summed: the pictures' order is their loading order */
		sum[4] += libdeflate_crc32(xo->tag, xo->rgb, xo->rgb_len);
		if (xo->alpha)
			sum[4] += libdeflate_crc32(~xo->tag, xo->alpha, xo->alpha_len);
	}
	GChecksum *md5 = g_checksum_new(G_CHECKSUM_MD5);
	g_checksum_update(md5, (const guchar *)sum, sizeof sum);
	guint8 id[16];
	gsize n = sizeof id;
	g_checksum_get_digest(md5, id, &n);
	g_checksum_free(md5);
	qpdf_oh s = qpdf_oh_new_binary_string(q, (const char *)id, n);
	qpdf_oh a = qpdf_oh_new_array(q);
	qpdf_oh_append_item(q, a, s);
	qpdf_oh_append_item(q, a, s);
	return a;
}

/* ---- the file ------------------------------------------------------------ */

static int pos_cmp(const void *a, const void *b)
{
	const struct objpos *x = a, *y = b;
	return (x->off > y->off) - (x->off < y->off);
}

static bool read_uint(const unsigned char *d, size_t n, size_t *i, size_t *v)
{
	size_t k = *i, r = 0;
	while (k < n && d[k] >= '0' && d[k] <= '9' && k - *i < 18)
		r = r * 10 + (size_t)(d[k++] - '0');
	if (k == *i)
		return false;
	*i = k;
	*v = r;
	return true;
}

static void skip_space(const unsigned char *d, size_t n, size_t *i)
{
	while (*i < n && (d[*i] == ' ' || d[*i] == '\r' || d[*i] == '\n' || d[*i] == '\t'))
		(*i)++;
}

/*
 * Where each object of cairo's file begins, from its cross-reference
 * table (ISO 32000-1 §7.5.4): one classic section, generation 0, each
 * entry pointing at "N 0 obj" — what cairo writes. Anything else (an
 * update, a cross-reference stream) is left to qpdf: false.
 */
static bool read_xref(struct fin *f, qpdf_oh trailer)
{
	qpdf_data q = f->q;
	const unsigned char *d = f->src;
	size_t n = f->src_len;
	if (qpdf_oh_has_key(q, trailer, "/Prev") || qpdf_oh_has_key(q, trailer, "/XRefStm") ||
	    qpdf_oh_has_key(q, trailer, "/Encrypt") || n < 64)
		return false;
	const unsigned char *sx = NULL;
	for (const unsigned char *at = d + n - 64;
	     (at = memmem(at, (size_t)(d + n - at), "startxref", 9)); at += 9)
		sx = at;
	if (!sx)
		return false;
	size_t i = (size_t)(sx - d) + 9, xoff;
	skip_space(d, n, &i);
	if (!read_uint(d, n, &i, &xoff) || xoff + 4 > n || memcmp(d + xoff, "xref", 4))
		return false;
	GArray *pos = g_array_new(FALSE, FALSE, sizeof(struct objpos));
	bool ok = false;
	i = xoff + 4;
	for (;;) {
		skip_space(d, n, &i);
		if (i + 7 <= n && !memcmp(d + i, "trailer", 7)) {
			ok = pos->len > 0;
			break;
		}
		size_t first, count;
		if (!read_uint(d, n, &i, &first) || (skip_space(d, n, &i), !read_uint(d, n, &i, &count)))
			break;
		skip_space(d, n, &i);
		if (count > (n - i) / 20 || first + count > INT_MAX)
			break;
		bool good = true;
		for (size_t k = 0; k < count && good; k++, i += 20) {
			const unsigned char *e = d + i;
			size_t j = 0, off = 0, gen = 0;
			good = read_uint(e, 10, &j, &off) && j == 10 && e[10] == ' ' &&
			       (j = 11, read_uint(e, 16, &j, &gen)) && j == 16 && e[16] == ' ' &&
			       (e[17] == 'n' || e[17] == 'f');
			if (good && e[17] == 'n') {
				struct objpos o = { .off = off, .id = (int)(first + k) };
				good = gen == 0 && off < xoff && o.id > 0;
				g_array_append_val(pos, o);
			}
		}
		if (!good)
			break;
	}
	if (ok) {
		g_array_sort(pos, pos_cmp);
		for (guint k = 0; k < pos->len && ok; k++) {
			const struct objpos *o = &g_array_index(pos, struct objpos, k);
			size_t j = o->off, num;
			ok = (!k || o->off > g_array_index(pos, struct objpos, k - 1).off) &&
			     read_uint(d, xoff, &j, &num) && num == (size_t)o->id &&
			     xoff - j >= 6 && !memcmp(d + j, " 0 obj", 6);
		}
	}
	if (!ok) {
		g_array_free(pos, TRUE);
		return false;
	}
	f->n_pos = pos->len;
	f->pos = (struct objpos *)(void *)g_array_free(pos, FALSE);
	f->xref_off = xoff;
	for (size_t k = 0; k < f->n_pos; k++)
		f->size = MAX(f->size, f->pos[k].id + 1);
	f->index = xmalloc((size_t)f->size * sizeof *f->index);
	for (int k = 0; k < f->size; k++)
		f->index[k] = -1;
	for (size_t k = 0; k < f->n_pos; k++) {
		struct objpos *o = &f->pos[k];
		f->index[o->id] = (int)k;
		/* the "stream" keyword: after white space or ">>", before an EOL
		 * (§7.3.8.1; "endstream" has a letter before it) */
		size_t end = pos_end(f, o);
		o->head_end = end;
		for (const unsigned char *at = d + o->off;
		     (at = memmem(at, (size_t)(d + end - at), "stream", 6)); at += 6) {
			size_t j = (size_t)(at - d) + 6;
			unsigned char b = at[-1];
			if ((b == '>' || b == ' ' || b == '\n' || b == '\r') && j < end &&
			    (d[j] == '\n' || (d[j] == '\r' && j + 1 < end && d[j + 1] == '\n'))) {
				o->head_end = (size_t)(at - d);
				o->data = j + (d[j] == '\r' ? 2 : 1);
				break;
			}
		}
	}
	return true;
}

struct out {
	FILE *fp;
	size_t at;
	bool failed;
};

static void put(struct out *o, const void *s, size_t n)
{
	if (n && fwrite(s, 1, n, o->fp) != n)
		o->failed = true;
	o->at += n;
}

static void put_str(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* A cross-reference entry: 20 bytes (§7.5.4). */
static void put_xref_entry(struct out *o, size_t n, unsigned gen, char type)
{
	char e[20];
	for (int i = 9; i >= 0; i--, n /= 10)
		e[i] = (char)('0' + n % 10);
	e[10] = ' ';
	for (int i = 15; i >= 11; i--, gen /= 10)
		e[i] = (char)('0' + gen % 10);
	memcpy(e + 16, " ? \n", 4);
	e[17] = type;
	put(o, e, sizeof e);
}

/* Object id as qpdf has it: a stream with the bytes it is given here or
 * its own, unchanged (ISO 19005-2 §6.1.7.1: an EOL before "endstream");
 * false for what is not written (the file's own cross-reference and
 * object streams, when every object is written). */
static bool write_object(struct fin *f, struct out *o, int id, bool every)
{
	qpdf_data q = f->q;
	qpdf_oh h = qpdf_get_object_by_id(q, id, 0);
	struct pending *pd = g_hash_table_lookup(f->dirty, GINT_TO_POINTER(id));
	char head[32];
	snprintf(head, sizeof head, "%d 0 obj\n", id);
	bool made = pd && pd->made;
	if (made || qpdf_oh_is_stream(q, h)) {
		qpdf_oh d = made ? h : qpdf_oh_get_dict(q, h);
		if (every && (is_name(q, d, "/Type", "/ObjStm") || is_name(q, d, "/Type", "/XRef"))) {
			qpdf_oh_release(q, h);
			return false;
		}
		unsigned char *raw = NULL;
		const unsigned char *data = pd ? pd->data : NULL;
		size_t len = pd ? pd->len : 0;
		if (!pd && !raw_stream(f, h, &data, &len)) {
			if (qpdf_oh_get_stream_data(q, h, qpdf_dl_none, NULL, &raw, &len) & QPDF_ERRORS)
				len = 0;
			data = raw;
		}
		qpdf_oh_replace_key(q, d, "/Length", qpdf_oh_new_integer(q, (long long)len));
		put_str(o, head);
		put_str(o, qpdf_oh_unparse_resolved(q, d));
		put_str(o, "\nstream\n");
		put(o, data, len);
		put_str(o, "\nendstream\nendobj\n");
		free(raw);
	} else {
		put_str(o, head);
		put_str(o, qpdf_oh_unparse_resolved(q, h));
		put_str(o, "\nendobj\n");
	}
	qpdf_oh_release(q, h);
	return true;
}

/*
 * The file: cairo's bytes, each object that changed in their place
 * written again by qpdf (qpdf_oh_unparse_resolved), the new objects
 * after them, one cross-reference section for all and a trailer with
 * the /ID. When cairo's objects are not known by their offsets, every
 * object is written through qpdf.
 */
static int write_file(struct fin *f, FILE *fp, qpdf_oh id)
{
	qpdf_data q = f->q;
	struct out o = { fp, 0, false };
	size_t *off = xcalloc((size_t)f->next_id, sizeof *off);
	if (f->pos) {
		put(&o, f->src, f->pos[0].off);
		for (size_t k = 0; k < f->n_pos; k++) {
			int oid = f->pos[k].id;
			off[oid] = o.at;
			if (g_hash_table_contains(f->dirty, GINT_TO_POINTER(oid))) {
				write_object(f, &o, oid, false);
			} else {
				size_t end = k + 1 < f->n_pos ? f->pos[k + 1].off : f->xref_off;
				put(&o, f->src + f->pos[k].off, end - f->pos[k].off);
			}
		}
	} else {
		put_str(&o, "%PDF-");
		put_str(&o, qpdf_get_pdf_version(q));
		put_str(&o, "\n%\xB5\xED\xAE\xFB\n");
		for (int oid = 1; oid < f->size; oid++) {
			off[oid] = o.at;
			if (!write_object(f, &o, oid, true))
				off[oid] = 0;
		}
	}
	for (int oid = f->size; oid < f->next_id; oid++) {
		off[oid] = o.at;
		write_object(f, &o, oid, false);
	}
	size_t xref = o.at;
	char line[64];
	snprintf(line, sizeof line, "xref\n0 %d\n", f->next_id);
	put_str(&o, line);
	/* free entries linked in order, the last back to 0 (§7.5.4) */
	for (int oid = 0; oid < f->next_id; oid++) {
		if (oid && off[oid]) {
			put_xref_entry(&o, off[oid], 0, 'n');
		} else {
			int next = oid + 1;
			while (next < f->next_id && off[next])
				next++;
			put_xref_entry(&o, next < f->next_id ? (size_t)next : 0, oid ? 1 : 65535, 'f');
		}
	}
	qpdf_oh tr = qpdf_get_trailer(q);
	qpdf_oh t = qpdf_oh_new_dictionary(q);
	qpdf_oh_replace_key(q, t, "/Size", qpdf_oh_new_integer(q, f->next_id));
	qpdf_oh_replace_key(q, t, "/Root", qpdf_oh_get_key(q, tr, "/Root"));
	qpdf_oh_replace_key(q, t, "/Info", qpdf_oh_get_key(q, tr, "/Info"));
	qpdf_oh_replace_key(q, t, "/ID", id);
	put_str(&o, "trailer\n");
	put_str(&o, qpdf_oh_unparse_resolved(q, t));
	snprintf(line, sizeof line, "\nstartxref\n%zu\n%%%%EOF\n", xref);
	put_str(&o, line);
	free(off);
	if (fflush(fp) != 0)
		o.failed = true;
	return o.failed ? -1 : 0;
}

/* exported function documented in pdf_finish.h */
int pdf_finish_write(const unsigned char *pdf, size_t len, const struct pdf_finish *p,
		     const char *path, FILE *out, char *err, size_t errlen)
{
	/* nothing is written without qpdf (loaded on a helper thread since
	 * the run began, libqpdf_dl.h) */
	const char *no_qpdf;
	if (!libqpdf_calls_bind(&no_qpdf)) {
		errf(err, errlen, "cannot finish the PDF without libqpdf (Debian: libqpdf29): %s",
		     no_qpdf);
		return -1;
	}
	struct fin f = { .q = qpdf_init(), .p = p, .src = pdf, .src_len = len,
			 .dirty = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
							pending_free),
			 .icc = g_hash_table_new_full(g_bytes_hash, g_bytes_equal,
						      (GDestroyNotify)g_bytes_unref, NULL),
			 .z = libdeflate_alloc_compressor(PDF_DEFLATE_LEVEL),
			 .unz = libdeflate_alloc_decompressor(),
			 .content_sum = { 0, 1 } };
	if (!f.z || !f.unz)
		abort();            /* out of memory, as xmalloc */
	strbuf_init(&f.wrapped, 0);
	qpdf_data q = f.q;
	int ret = -1;
	FILE *fp = NULL;
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	set_dates(&f, p->date);
	if (qpdf_read_memory(q, "cairo's PDF", (const char *)pdf, len, NULL) & QPDF_ERRORS) {
		errf(err, errlen, "cannot read cairo's PDF: %s",
		     qpdf_get_error_full_text(q, qpdf_get_error(q)));
		goto done;
	}
	qpdf_oh trailer = qpdf_get_trailer(q);
	qpdf_oh root = qpdf_get_root(q);
	qpdf_oh size = qpdf_oh_get_key(q, trailer, "/Size");
	f.size = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
	if (!read_xref(&f, trailer)) {
		f.pos = NULL;
		f.n_pos = 0;
	}
	if (f.size < 1) {
		errf(err, errlen, "cannot read cairo's PDF: no /Size");
		goto done;
	}
	f.next_id = f.size;
	/* the pages first: qpdf numbers an object it has to make (a page
	 * kid it makes indirect) after every object it knows; those come
	 * before the new objects here, and as it changed the page tree for
	 * them, every object is written through qpdf */
	int n_pages = qpdf_get_num_pages(q);
	while (!qpdf_oh_is_null(q, qpdf_get_object_by_id(q, f.next_id, 0)))
		f.next_id++;
	if (f.next_id > f.size) {
		g_free(f.pos);
		f.pos = NULL;
		f.n_pos = 0;
	}
	mark(&f, qpdf_oh_get_object_id(q, root));
	if (p->n_images || p->pdfa)
		pass_objects(&f);

	/* the Info dictionary: dates as PDF dates (§7.9.4) */
	qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
	if (!qpdf_oh_is_dictionary(q, info)) {
		info = new_object(&f, qpdf_oh_new_dictionary(q));
		qpdf_oh_replace_key(q, trailer, "/Info", info);
	}
	mark(&f, qpdf_oh_get_object_id(q, info));
	qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_string(q, f.date_pdf));
	qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_string(q, f.date_pdf));

	if (p->lang && *p->lang)
		qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, p->lang));
	if (p->display_doc_title)
		qpdf_oh_replace_key(q, root, "/ViewerPreferences",
				    qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"));
	if (f.pos) {
		GArray *figs = g_array_new(FALSE, FALSE, sizeof(int));
		GArray *ths = g_array_new(FALSE, FALSE, sizeof(int));
		GArray *holders = g_array_new(FALSE, FALSE, sizeof(int));
		locate(&f, figs, ths, holders);
		if (!set_alts_located(&f, figs, ths))
			set_alts(&f, root);
		parse_resources(&f, holders);
		g_array_free(figs, TRUE);
		g_array_free(ths, TRUE);
		g_array_free(holders, TRUE);
	} else {
		set_alts(&f, root);
	}
	for (int i = 0; i < n_pages; i++) {
		qpdf_oh pg = qpdf_get_page_n(q, (size_t)i);
		fix_annots(&f, pg);
		mark_artifacts(&f, pg);
		qpdf_oh_release(q, pg);
	}
	page_labels(&f, root, n_pages);
	add_xmp(&f, root, info);
	if (p->pdfa) {
		if (add_output_intent(&f, root) < 0) {
			errf(err, errlen, "no sRGB profile for PDF/A (Debian: icc-profiles-free)");
			goto done;
		}
		if (p->pdfa >= 3 && p->source)
			embed_source(&f, root);
	}
	if (qpdf_has_error(q)) {
		errf(err, errlen, "%s", qpdf_get_error_full_text(q, qpdf_get_error(q)));
		goto done;
	}

	if (f.pos)
		settle(&f);
	qpdf_oh id = make_id(&f, n_pages);
	fp = path ? fopen(path, "wb") : out;
	if (!fp) {
		errf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		goto done;
	}
	if (write_file(&f, fp, id) < 0 || qpdf_has_error(q)) {
		errf(err, errlen, "cannot write the PDF: %s",
		     qpdf_has_error(q) ? qpdf_get_error_full_text(q, qpdf_get_error(q))
		     : strerror(errno));
		goto done;
	}
	ret = 0;
done:
	if (path && fp && fclose(fp) != 0 && ret == 0) {
		errf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		ret = -1;
	}
	qpdf_cleanup(&q);
	g_hash_table_destroy(f.dirty);
	g_hash_table_destroy(f.icc);
	g_free(f.pos);
	free(f.index);
	libdeflate_free_compressor(f.z);
	libdeflate_free_decompressor(f.unz);
	free(f.plain);
	free(f.zbuf);
	strbuf_free(&f.wrapped);
	return ret;
}
