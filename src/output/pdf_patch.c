/*
 * pdf_patch.c — an incremental update for what cairo 1.16 cannot write (see
 * pdf_patch.h).
 *
 * cairo ends a PDF with the catalog, a classic cross-reference table
 * ("xref", "0 N", N entries of 20 bytes), a trailer with /Size, /Root and
 * /Info, and "startxref". This module reads that tail, finds the objects to
 * change through the table, and appends (§7.5.6):
 *
 *   N 0 obj <the object with the new keys> endobj      (one per change)
 *   xref, one subsection per changed object
 *   trailer << /Size /Root /Info /Prev old-xref-offset >>, startxref, %%EOF
 *
 * Figure elements are found by their object header as cairo writes it
 * ("<< /Type /StructElem\n   /S /Figure"): cairo numbers structure elements
 * when the tag is opened, so ascending object numbers are the order in which
 * the renderer opened the Figures and told us their alt texts.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#define _FILE_OFFSET_BITS 64
#include "output/pdf_patch.h"
#include "resources/image.h"
#include "base/util.h"

#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An object larger than this is not one cairo wrote as a catalog or a
 * structure element (those are a few hundred bytes). */
#define MAX_PATCH_OBJ_BYTES (1u << 20)
/* Cross-reference entries: cairo numbers every font, image and page object;
 * 8 M objects would be a PDF of gigabytes. */
#define MAX_PATCH_OBJECTS (8u << 20)

static bool read_at(int fd, off_t at, void *buf, size_t n)
{
	char *p = buf;
	while (n) {
		ssize_t r = pread(fd, p, n, at);
		if (r <= 0) {
			if (r < 0 && errno == EINTR)
				continue;
			return false;
		}
		p += r;
		at += r;
		n -= (size_t)r;
	}
	return true;
}

static bool write_at(int fd, off_t at, const void *buf, size_t n)
{
	const char *p = buf;
	while (n) {
		ssize_t w = pwrite(fd, p, n, at);
		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			return false;
		}
		p += w;
		at += w;
		n -= (size_t)w;
	}
	return true;
}

static const char *rfind(const char *hay, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
		if (!memcmp(hay + i, needle, k))
			return hay + i;
	return NULL;
}

/* The integer after key in a dictionary text, or -1. */
static long long dict_int(const char *d, const char *key)
{
	const char *p = strstr(d, key);
	if (!p)
		return -1;
	p += strlen(key);
	char *end;
	long long v = strtoll(p, &end, 10);
	return end == p ? -1 : v;
}

/* exported function documented in pdf_patch.h */
void pdf_text_string(struct strbuf *out, const char *s)
{
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p >= 0x7f)
			ascii = false;
	if (ascii) {
		strbuf_puts(out, "(");
		for (const char *p = s; *p; p++) {
			if (*p == '(' || *p == ')' || *p == '\\')
				strbuf_puts(out, "\\");
			strbuf_append(out, p, 1);
		}
		strbuf_puts(out, ")");
		return;
	}
	/* UTF-16BE (§7.9.2.2); invalid UTF-8 bytes become U+FFFD */
	strbuf_puts(out, "<FEFF");
	const char *p = s;
	while (*p) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			c = 0xfffd;
			p++;
		} else {
			p = g_utf8_next_char(p);
		}
		if (c >= 0x10000) {
			c -= 0x10000;
			strbuf_printf(out, "%04X%04X", 0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
		} else {
			strbuf_printf(out, "%04X", c);
		}
	}
	strbuf_puts(out, ">");
}

struct xref {
	char *entries;          /* n × 20 bytes as in the file */
	size_t n;
};

static off_t xref_offset(const struct xref *x, size_t num)
{
	if (num == 0 || num >= x->n || x->entries[num * 20 + 17] != 'n')
		return -1;
	char buf[11];
	memcpy(buf, x->entries + num * 20, 10);
	buf[10] = '\0';
	return (off_t)strtoll(buf, NULL, 10);
}

/* The text of object num ("num 0 obj" … "endobj"), NUL-terminated and
 * malloc'd, or NULL. */
static char *read_object(int fd, off_t size, const struct xref *x, size_t num, size_t *len)
{
	off_t at = xref_offset(x, num);
	if (at < 0 || at >= size)
		return NULL;
	size_t cap = 4096;
	for (;;) {
		size_t n = (size_t)MIN((off_t)cap, size - at);
		char *buf = xmalloc(n + 1);
		if (!read_at(fd, at, buf, n)) {
			free(buf);
			return NULL;
		}
		buf[n] = '\0';
		char head[32];
		snprintf(head, sizeof head, "%zu 0 obj", num);
		const char *end = memmem(buf, n, "endobj", 6);
		if (strncmp(buf, head, strlen(head))) {
			free(buf);
			return NULL;
		}
		if (end) {
			*len = (size_t)(end - buf) + 6;
			buf[*len] = '\0';
			return buf;
		}
		free(buf);
		if (n < cap || cap >= MAX_PATCH_OBJ_BYTES)
			return NULL;
		cap *= 4;
	}
}

struct change {
	size_t num;
	off_t at;
};

/* exported function documented in pdf_patch.h */
int pdf_patch_file(FILE *f, const struct pdf_patch *p)
{
	bool any_alt = false;
	for (size_t i = 0; i < p->n_figures; i++)
		any_alt |= p->figure_alt[i] && *p->figure_alt[i];
	if (!(p->lang && *p->lang) && !p->display_doc_title && !any_alt && !p->n_images)
		return 1;
	if (fflush(f) != 0)
		return -1;
	int fd = fileno(f);
	struct stat st;
	if (fstat(fd, &st) != 0)
		return -1;
	off_t size = st.st_size;

	/* the tail: trailer and startxref */
	char tail[2049];
	size_t tn = (size_t)MIN(size, (off_t)sizeof tail - 1);
	if (tn < 32 || !read_at(fd, size - (off_t)tn, tail, tn))
		return -1;
	tail[tn] = '\0';
	const char *sx = rfind(tail, tn, "startxref");
	const char *tr = sx ? rfind(tail, (size_t)(sx - tail), "trailer") : NULL;
	if (!sx || !tr)
		return -1;
	long long xref_at = strtoll(sx + 9, NULL, 10);
	char trailer[1024];
	snprintf(trailer, sizeof trailer, "%.*s", (int)(sx - tr), tr);
	long long n_obj = dict_int(trailer, "/Size"), root = dict_int(trailer, "/Root"),
		  info = dict_int(trailer, "/Info");
	if (xref_at <= 0 || xref_at >= size || n_obj < 2 || n_obj > MAX_PATCH_OBJECTS ||
	    root <= 0 || root >= n_obj)
		return -1;

	/* the cross-reference table: "xref\n0 N\n" and N entries */
	char head[64];
	size_t hn = (size_t)MIN((off_t)sizeof head - 1, size - (off_t)xref_at);
	if (!read_at(fd, (off_t)xref_at, head, hn))
		return -1;
	head[hn] = '\0';
	char expect[64];
	int el = snprintf(expect, sizeof expect, "xref\n0 %lld\n", n_obj);
	if (strncmp(head, expect, (size_t)el) ||
	    (off_t)xref_at + el + n_obj * 20 > size)
		return -1;
	struct xref x = { xmalloc((size_t)n_obj * 20), (size_t)n_obj };
	if (!read_at(fd, (off_t)xref_at + el, x.entries, x.n * 20)) {
		free(x.entries);
		return -1;
	}

	struct strbuf out;
	strbuf_init(&out, 0);
	struct change *ch = xmalloc((p->n_figures + 1 + 2 * p->n_images) * sizeof *ch);
	size_t n_ch = 0;
	int ret = -1;
	long long next_num = n_obj;    /* new objects: the soft masks */

	/* The stand-ins' image objects, replaced by the pictures. */
	size_t found = 0;
	for (size_t num = 1; num < x.n && found < p->n_images; num++) {
		/* (an object cairo writes once per stand-in: its unique id) */
		off_t at = xref_offset(&x, num);
		char top[256];
		size_t tn2 = at < 0 ? 0 : (size_t)MIN((off_t)sizeof top - 1, size - at);
		if (tn2 < 32 || !read_at(fd, at, top, tn2))
			continue;
		top[tn2] = '\0';
		char *eo = strstr(top, "endobj");   /* this object only */
		if (eo)
			*eo = '\0';
		char *body = strstr(top, "stream");
		if (body)
			*body = '\0';
		const char *dict = strstr(top, "<<");
		if (!dict || !strstr(dict, "/Subtype /Image") || dict_int(dict, "/Width") != 1)
			continue;
		long long tag = dict_int(dict, "/Height");
		const struct image_xobject *xo = NULL;
		for (size_t i = 0; i < p->n_images && !xo; i++)
			if ((long long)p->images[i].tag == tag)
				xo = &p->images[i];
		if (!xo)
			continue;
		found++;
		long long mask = xo->alpha ? next_num++ : 0;
		ch[n_ch].num = num;
		ch[n_ch++].at = size + (off_t)out.len;
		strbuf_printf(&out, "%zu 0 obj\n<< /Type /XObject\n   /Subtype /Image\n"
			      "   /Width %d\n   /Height %d\n   /ColorSpace /DeviceRGB\n"
			      "   /Interpolate true\n   /BitsPerComponent 8\n", num,
			      xo->width, xo->height);
		if (mask)
			strbuf_printf(&out, "   /SMask %lld 0 R\n", mask);
		if (xo->png_rows)
			strbuf_printf(&out, "   /DecodeParms << /Predictor 15 /Colors 3"
				      " /BitsPerComponent 8 /Columns %d >>\n", xo->width);
		strbuf_printf(&out, "   /Filter /FlateDecode\n   /Length %zu\n>>\nstream\n",
			      xo->rgb_len);
		strbuf_append(&out, (const char *)xo->rgb, xo->rgb_len);
		strbuf_puts(&out, "\nendstream\nendobj\n");
		if (mask) {
			ch[n_ch].num = (size_t)mask;
			ch[n_ch++].at = size + (off_t)out.len;
			strbuf_printf(&out, "%lld 0 obj\n<< /Type /XObject\n   /Subtype /Image\n"
				      "   /Width %d\n   /Height %d\n   /ColorSpace /DeviceGray\n"
				      "   /Interpolate true\n   /BitsPerComponent 8\n"
				      "   /Filter /FlateDecode\n   /Length %zu\n>>\nstream\n",
				      mask, xo->width, xo->height, xo->alpha_len);
			strbuf_append(&out, (const char *)xo->alpha, xo->alpha_len);
			strbuf_puts(&out, "\nendstream\nendobj\n");
		}
	}
	/* a stand-in drawn only where nothing shows (clipped away, zero
	 * size) is not in the file, and needs nothing */

	/* Figures, in object-number order */
	if (any_alt) {
		size_t *fig = xmalloc(p->n_figures * sizeof *fig), n_fig = 0;
		bool too_many = false;
		for (size_t num = 1; num < x.n && !too_many; num++) {
			off_t at = xref_offset(&x, num);
			char buf[96], want[96];
			int wl = snprintf(want, sizeof want,
					  "%zu 0 obj\n<< /Type /StructElem\n   /S /Figure\n", num);
			if (at < 0 || at + wl > size || !read_at(fd, at, buf, (size_t)wl) ||
			    memcmp(buf, want, (size_t)wl))
				continue;
			if (n_fig == p->n_figures)
				too_many = true;
			else
				fig[n_fig++] = num;
		}
		/* a count that does not match would put texts on the wrong
		 * pictures: then leave them all out */
		if (!too_many && n_fig == p->n_figures) {
			for (size_t i = 0; i < n_fig; i++) {
				const char *alt = p->figure_alt[i];
				if (!alt || !*alt)
					continue;
				size_t len;
				char *o = read_object(fd, size, &x, fig[i], &len);
				const char *lt = o ? strstr(o, "<<") : NULL;
				if (!lt) {
					free(o);
					continue;
				}
				ch[n_ch].num = fig[i];
				ch[n_ch++].at = size + (off_t)out.len;
				strbuf_append(&out, o, (size_t)(lt - o) + 2);
				strbuf_puts(&out, " /Alt ");
				pdf_text_string(&out, alt);
				strbuf_puts(&out, "\n  ");
				strbuf_puts(&out, lt + 2);
				strbuf_puts(&out, "\n");
				free(o);
			}
		}
		free(fig);
	}

	/* the catalog */
	if ((p->lang && *p->lang) || p->display_doc_title) {
		size_t len;
		char *o = read_object(fd, size, &x, (size_t)root, &len);
		const char *gt = o ? rfind(o, len, ">>") : NULL;
		if (!gt || !strstr(o, "/Type /Catalog")) {
			free(o);
			goto done;
		}
		ch[n_ch].num = (size_t)root;
		ch[n_ch++].at = size + (off_t)out.len;
		strbuf_append(&out, o, (size_t)(gt - o));
		if (p->lang && *p->lang && !strstr(o, "/Lang")) {
			strbuf_puts(&out, "   /Lang ");
			pdf_text_string(&out, p->lang);
			strbuf_puts(&out, "\n");
		}
		if (p->display_doc_title && !strstr(o, "/ViewerPreferences"))
			strbuf_puts(&out, "   /ViewerPreferences << /DisplayDocTitle true >>\n");
		strbuf_puts(&out, ">>\nendobj\n");
		free(o);
	}
	if (n_ch == 0) {
		ret = 1;
		goto done;
	}

	/* cross-reference section: objects in ascending order, one
	 * subsection each (§7.5.4) */
	for (size_t i = 1; i < n_ch; i++)
		for (size_t j = i; j > 0 && ch[j - 1].num > ch[j].num; j--) {
			struct change t = ch[j];
			ch[j] = ch[j - 1];
			ch[j - 1] = t;
		}
	off_t new_xref = size + (off_t)out.len;
	strbuf_puts(&out, "xref\n");
	for (size_t i = 0; i < n_ch; i++)
		strbuf_printf(&out, "%zu 1\n%010jd 00000 n \n", ch[i].num, (intmax_t)ch[i].at);
	strbuf_printf(&out, "trailer\n<< /Size %lld\n   /Root %lld 0 R\n", next_num, root);
	if (info > 0)
		strbuf_printf(&out, "   /Info %lld 0 R\n", info);
	strbuf_printf(&out, "   /Prev %lld\n>>\nstartxref\n%jd\n%%%%EOF\n", xref_at,
		      (intmax_t)new_xref);
	if (!write_at(fd, size, out.s, out.len)) {
		if (ftruncate(fd, size) != 0)
			errno = EIO;
		goto done;
	}
	ret = 0;
done:
	free(ch);
	free(x.entries);
	strbuf_free(&out);
	return ret;
}
