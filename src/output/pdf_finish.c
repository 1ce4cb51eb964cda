/*
 * pdf_finish.c — cairo's PDF written again through libqpdf, with what cairo
 * cannot write (see pdf_finish.h).
 *
 * qpdf parses cairo's file (a repeated dictionary key keeps its last value;
 * cairo repeats only identical entries), the objects are changed through
 * qpdf's object handles, and qpdf writes the whole file again with the
 * streams' bytes as they were (no decoding, no compression) but the page
 * contents, which get their artifacts marked and are compressed here: a
 * classic cross-reference table, an EOL before every "endstream" (ISO
 * 19005-2 §6.1.7.1) and a trailer /ID computed from the content.
 *
 * The first object qpdf makes (qpdf_oh_new_stream) has it parse every
 * object of the file, which its writer would do anyway: most of this
 * module's cost is qpdf's parsing and writing.
 *
 * Stand-ins are found by what only they are: image streams with the
 * /CCITTFaxDecode filter, which nothing else scs-pdf draws uses, whose
 * bytes name their picture (IMAGE_STANDIN_PREFIX and a tag).
 *
 * SPDX-License-Identifier: MIT
 */
#include "output/pdf_finish.h"
#include "resources/image.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <errno.h>
#include <glib.h>
#include <lcms2.h>
#include <libdeflate.h>
#include <qpdf/qpdf-c.h>
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

struct fin {
	qpdf_data q;
	const struct pdf_finish *p;
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
		qpdf_oh_replace_key(q, qpdf_oh_get_dict(q, s), "/N",
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

/* A JPEG image object with an ICC profile: its colour space the profile's
 * (cairo writes /DeviceRGB or /DeviceGray). */
static void jpeg_colour(struct fin *f, qpdf_oh o, qpdf_oh d)
{
	qpdf_data q = f->q;
	unsigned char *buf = NULL;
	size_t len = 0;
	if (qpdf_oh_get_stream_data(q, o, qpdf_dl_none, NULL, &buf, &len) & QPDF_ERRORS) {
		free(buf);
		return;
	}
	size_t n;
	unsigned char *icc = jpeg_icc(buf, len, &n);
	free(buf);
	int comps = icc ? icc_components(icc, n) : 0;
	if ((comps == 3 && is_name(q, d, "/ColorSpace", "/DeviceRGB")) ||
	    (comps == 1 && is_name(q, d, "/ColorSpace", "/DeviceGray"))) {
		qpdf_oh cs = icc_space(f, icc, n);
		if (cs)
			qpdf_oh_replace_key(q, d, "/ColorSpace", cs);
	}
	free(icc);
}

/* Stream s (a stand-in) made the image object of xo. */
static void put_image(struct fin *f, qpdf_oh s, const struct image_xobject *xo)
{
	qpdf_data q = f->q;
	qpdf_oh parms = xo->png_rows
		? parsef(q, "<< /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns %d >>",
			 xo->width)
		: qpdf_oh_new_null(q);
	qpdf_oh_replace_stream_data(q, s, xo->rgb, xo->rgb_len,
				    qpdf_oh_new_name(q, "/FlateDecode"), parms);
	qpdf_oh d = qpdf_oh_get_dict(q, s);
	qpdf_oh_remove_key(q, d, "/ImageMask");
	qpdf_oh_remove_key(q, d, "/Decode");
	image_keys(f, d, xo->width, xo->height, "/DeviceRGB");
	qpdf_oh cs = xo->icc ? icc_space(f, xo->icc, xo->icc_len) : 0;
	if (cs)
		qpdf_oh_replace_key(q, d, "/ColorSpace", cs);
	if (xo->alpha) {
		qpdf_oh m = qpdf_oh_new_stream(q);
		qpdf_oh_replace_stream_data(q, m, xo->alpha, xo->alpha_len,
					    qpdf_oh_new_name(q, "/FlateDecode"),
					    qpdf_oh_new_null(q));
		qpdf_oh md = qpdf_oh_get_dict(q, m);
		image_keys(f, md, xo->width, xo->height, "/DeviceGray");
		qpdf_oh_replace_key(q, d, "/SMask", m);
	}
}

/* Every object: stand-ins replaced; for PDF/A no image interpolation. */
static void pass_objects(struct fin *f, int n_obj)
{
	qpdf_data q = f->q;
	for (int id = 1; id < n_obj; id++) {
		qpdf_oh o = qpdf_get_object_by_id(q, id, 0);
		if (!qpdf_oh_is_stream(q, o)) {
			/* ISO 19005-2 §6.2.11.3.2: a CIDFontType2 names its
			 * CID-to-glyph map; cairo's subsets number CIDs as glyphs */
			if (f->p->pdfa && qpdf_oh_is_dictionary(q, o) &&
			    is_name(q, o, "/Subtype", "/CIDFontType2") &&
			    !qpdf_oh_has_key(q, o, "/CIDToGIDMap"))
				qpdf_oh_replace_key(q, o, "/CIDToGIDMap",
						    qpdf_oh_new_name(q, "/Identity"));
			qpdf_oh_release(q, o);
			continue;
		}
		qpdf_oh d = qpdf_oh_get_dict(q, o);
		if (is_name(q, d, "/Subtype", "/Image")) {
			if (f->p->pdfa)
				qpdf_oh_remove_key(q, d, "/Interpolate");
			if (is_name(q, d, "/Filter", "/DCTDecode"))
				jpeg_colour(f, o, d);
			if (is_name(q, d, "/Filter", "/CCITTFaxDecode")) {
				unsigned char *buf = NULL;
				size_t len = 0;
				/* (QPDF_WARNINGS: the repeated keys cairo wrote) */
				if (!(qpdf_oh_get_stream_data(q, o, qpdf_dl_none, NULL, &buf, &len) &
				      QPDF_ERRORS)) {
					const struct image_xobject *xo = standin_image(f->p, buf, len);
								if (xo)
						put_image(f, o, xo);
				}
				free(buf);
			}
		}
		qpdf_oh_release(q, d);
		qpdf_oh_release(q, o);
	}
}

/* ---- structure ---------------------------------------------------------- */

/* A walk of the structure tree (cairo nests elements as deep as
 * MAX_STRUCT_DEPTH): the Figure elements in document order (the order in
 * which cairo's tags were opened), and table header cells given their
 * /Scope (PDF/UA-1 §7.5): a TH in a table's first row heads its column,
 * any other one its row. */
struct walk {
	GArray *figures;            /* qpdf_oh */
	int row;                    /* the TR being walked: its index in the table */
};

/* Let go of handle h unless it was kept as a Figure. */
static void walk_release(qpdf_data q, const struct walk *w, qpdf_oh h)
{
	if (!w->figures->len || g_array_index(w->figures, qpdf_oh, w->figures->len - 1) != h)
		qpdf_oh_release(q, h);
}

static void walk_struct(qpdf_data q, qpdf_oh e, int depth, struct walk *w)
{
	if (depth > MAX_STRUCT_DEPTH + 8)
		return;
	if (qpdf_oh_is_array(q, e)) {
		int n = qpdf_oh_get_array_n_items(q, e);
		for (int i = 0; i < n; i++) {
			qpdf_oh c = qpdf_oh_get_array_item(q, e, i);
			walk_struct(q, c, depth + 1, w);
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
	} else if (table) {
		inner.row = -1;
	} else if (!strcmp(type, "/TR")) {
		inner.row = ++w->row;
	} else if (!strcmp(type, "/TH")) {
		qpdf_oh_replace_key(q, e, "/A", parsef(q, "<< /O /Table /Scope /%s >>",
						       w->row <= 0 ? "Column" : "Row"));
	}
	qpdf_oh_release(q, sv);
	qpdf_oh k = qpdf_oh_get_key(q, e, "/K");
	walk_struct(q, k, depth + 1, &inner);
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
	struct walk w = { fig, -1 };
	walk_struct(q, qpdf_oh_get_key(q, tree, "/K"), 0, &w);
	/* a count that does not match would put texts on the wrong
	 * pictures: then leave them all out */
	if (fig->len == p->n_figures)
		for (guint i = 0; i < fig->len; i++)
			if (p->figure_alt[i] && *p->figure_alt[i])
				qpdf_oh_replace_key(q, g_array_index(fig, qpdf_oh, i), "/Alt",
						    qpdf_oh_new_unicode_string(q, p->figure_alt[i]));
	g_array_free(fig, TRUE);
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
		if (got)
			qpdf_oh_replace_stream_data(q, c, f->zbuf, got,
						    qpdf_oh_new_name(q, "/FlateDecode"),
						    qpdf_oh_new_null(q));
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
	qpdf_oh s = qpdf_oh_new_stream(q);
	/* unfiltered, so that any tool finds it (ISO 19005-2 §6.6.2.1) */
	qpdf_oh_replace_stream_data(q, s, (const unsigned char *)b.s, b.len, qpdf_oh_new_null(q),
				    qpdf_oh_new_null(q));
	qpdf_oh d = qpdf_oh_get_dict(q, s);
	qpdf_oh_replace_key(q, d, "/Type", qpdf_oh_new_name(q, "/Metadata"));
	qpdf_oh_replace_key(q, d, "/Subtype", qpdf_oh_new_name(q, "/XML"));
	qpdf_oh_replace_key(q, root, "/Metadata", s);
	strbuf_free(&b);
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
	qpdf_data q = f->q;
	size_t cap = libdeflate_zlib_compress_bound(f->z, n);
	unsigned char *buf = xmalloc(cap);
	size_t got = libdeflate_zlib_compress(f->z, d, n, buf, cap);
	qpdf_oh s = qpdf_oh_new_stream(q);
	if (got)
		qpdf_oh_replace_stream_data(q, s, buf, got, qpdf_oh_new_name(q, "/FlateDecode"),
					    qpdf_oh_new_null(q));
	else
		qpdf_oh_replace_stream_data(q, s, d, n, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
	free(buf);
	return s;
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
	qpdf_oh d = qpdf_oh_get_dict(q, s);
	qpdf_oh_replace_key(q, d, "/N", qpdf_oh_new_integer(q, 3));
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
	qpdf_oh efd = qpdf_oh_get_dict(q, ef);
	qpdf_oh_replace_key(q, efd, "/Type", qpdf_oh_new_name(q, "/EmbeddedFile"));
	qpdf_oh_replace_key(q, efd, "/Subtype", qpdf_oh_new_name(q, "/text/markdown"));
	qpdf_oh params = parsef(q, "<< /Size %zu /ModDate (%s) >>", p->source_len, f->date_pdf);
	qpdf_oh_replace_key(q, efd, "/Params", params);
	const char *name = p->source_name && *p->source_name ? p->source_name : "deck.md";
	qpdf_oh fs = qpdf_make_indirect_object(q, parsef(q, "<< /Type /Filespec"
							 " /AFRelationship /Source >>"));
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
static void set_id(struct fin *f, qpdf_oh trailer, int n_pages)
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
	qpdf_oh_replace_key(q, trailer, "/ID", a);
}

/* exported function documented in pdf_finish.h */
int pdf_finish_write(const unsigned char *pdf, size_t len, const struct pdf_finish *p,
		     const char *path, FILE *out, char *err, size_t errlen)
{
	struct fin f = { .q = qpdf_init(), .p = p,
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
	int n_obj = qpdf_oh_is_integer(q, size) ? qpdf_oh_get_int_value_as_int(q, size) : 0;
	/* (every object parsed: worth it only when there are pictures) */
	if (p->n_images || p->jpegs || p->pdfa)
		pass_objects(&f, n_obj);

	/* the Info dictionary: dates as PDF dates (§7.9.4) */
	qpdf_oh info = qpdf_oh_get_key(q, trailer, "/Info");
	if (!qpdf_oh_is_dictionary(q, info)) {
		info = qpdf_make_indirect_object(q, qpdf_oh_new_dictionary(q));
		qpdf_oh_replace_key(q, trailer, "/Info", info);
	}
	qpdf_oh_replace_key(q, info, "/CreationDate", qpdf_oh_new_string(q, f.date_pdf));
	qpdf_oh_replace_key(q, info, "/ModDate", qpdf_oh_new_string(q, f.date_pdf));

	if (p->lang && *p->lang)
		qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, p->lang));
	if (p->display_doc_title)
		qpdf_oh_replace_key(q, root, "/ViewerPreferences",
				    qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"));
	set_alts(&f, root);
	int n_pages = qpdf_get_num_pages(q);
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

	set_id(&f, trailer, n_pages);
	/* straight into the file: no copy of the pictures in memory */
	if (path)
		qpdf_init_write(q, path);
	else
		qpdf_init_write_memory(q);
	qpdf_set_object_stream_mode(q, qpdf_o_disable);
	qpdf_set_compress_streams(q, QPDF_FALSE);
	qpdf_set_decode_level(q, qpdf_dl_none);
	qpdf_set_newline_before_endstream(q, QPDF_TRUE);
	qpdf_set_static_ID(q, QPDF_TRUE);
	if (qpdf_write(q) & QPDF_ERRORS) {
		errf(err, errlen, "cannot write the PDF: %s",
		     qpdf_get_error_full_text(q, qpdf_get_error(q)));
		goto done;
	}
	size_t n = path ? 0 : qpdf_get_buffer_length(q);
	if (!path && fwrite(qpdf_get_buffer(q), 1, n, out) != n) {
		errf(err, errlen, "write failed: %s", strerror(errno));
		goto done;
	}
	ret = 0;
done:
	qpdf_cleanup(&q);
	g_hash_table_destroy(f.icc);
	libdeflate_free_compressor(f.z);
	libdeflate_free_decompressor(f.unz);
	free(f.plain);
	free(f.zbuf);
	strbuf_free(&f.wrapped);
	return ret;
}
