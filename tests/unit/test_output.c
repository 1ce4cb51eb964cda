/*
 * test_output.c — the writers' pieces that need no deck: --slides lists,
 * -o name patterns, default output names, handout geometry, URI escaping
 * for link annotations, the incremental update that adds /Lang and /Alt to
 * a PDF cairo wrote, and the sorting of --check findings into kinds.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "output/check.h"
#include "resources/deck_fetch.h"
#include "output/handout.h"
#include "output/output.h"
#include "output/pdf_finish.h"
#include "render/render_cairo.h"
#include "base/util.h"
#include "harness.h"

#include <cairo-pdf.h>
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

static void test_select(void)
{
	bool sel[10];
	INT_EQ(output_select("1-5,8", 10, sel), 6, "1-5,8 of 10");
	OK(sel[0] && sel[4] && !sel[5] && sel[7] && !sel[8], "1-5,8 marks 1..5 and 8");
	INT_EQ(output_select("9-", 10, sel), 2, "9- runs to the last slide");
	OK(sel[8] && sel[9] && !sel[7], "9- marks 9 and 10");
	INT_EQ(output_select("3,3,2-3", 10, sel), 2, "repeats count once");
	INT_EQ(output_select("11-20", 10, sel), 0, "beyond the deck: none");
	INT_EQ(output_select("7", 5, sel), 0, "a single slide beyond the deck");
	INT_EQ(output_select("2-4", 0, NULL), 0, "syntax check only");
	static const char *const bad[] = { "", "x", "0", "3-1", "1,", ",1", "1-2-3",
					   "1;2", "-3", "1 ,2", "2.1" };
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		INT_EQ(output_select(bad[i], 10, sel), -1, "'%s' is malformed", bad[i]);
}

static void test_patterns(void)
{
	INT_EQ(output_pattern_kind("slide.png"), 0, "no conversion");
	INT_EQ(output_pattern_kind("slide-%03d.png"), 1, "%%03d");
	INT_EQ(output_pattern_kind("s%d-100%%.png"), 1, "%%d and %%%%");
	INT_EQ(output_pattern_kind("%s.png"), -1, "%%s is refused");
	INT_EQ(output_pattern_kind("%d-%d.png"), -1, "two conversions");
	INT_EQ(output_pattern_kind("%n.png"), -1, "%%n is refused");
	INT_EQ(output_pattern_kind("%-5d.png"), -1, "flags other than 0");
	INT_EQ(output_pattern_kind("%0123456d"), -1, "absurd widths");
	INT_EQ(output_pattern_kind("100%"), -1, "a lone %% at the end");
	char buf[64];
	OK(output_pattern_name("slide-%03d.png", 7, buf, sizeof buf), "formats");
	STR_EQ(buf, "slide-007.png", "zero-padded");
	OK(output_pattern_name("p%d-50%%.svg", 12, buf, sizeof buf), "formats");
	STR_EQ(buf, "p12-50%.svg", "%%%% is a percent sign");
	OK(!output_pattern_name("slide-%08d.png", 7, buf, 10), "too long for the buffer");
}

static void test_default_name(void)
{
	struct {
		const char *in, *ext, *want;
	} cases[] = {
		{ "talks/2024-04-18.md", "pdf", "2024-04-18.pdf" },
		{ "deck", "png", "deck.png" },
		{ "a.b/deck.md", "svg", "deck.svg" },
		{ ".hidden", "pdf", ".hidden.pdf" },
		{ "-", "pdf", "-" },
		{ "https://hd.example/p/AbC123?both#/2", "pdf", "AbC123.pdf" },
		{ "https://hd.example/AbC123/download", "pdf", "AbC123.pdf" },
		{ "https://hd.example/s/v1.2-notes/", "pdf", "v1.2-notes.pdf" },
		{ "https://hd.example/", "pdf", "hd.example.pdf" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *got = output_default_name(cases[i].in, cases[i].ext);
		STR_EQ(got, cases[i].want, "default name of %s", cases[i].in);
		free(got);
	}
}

static bool inside(const struct sheet_rect *in, const struct sheet_rect *out)
{
	return in->x >= out->x - 1e-6 && in->y >= out->y - 1e-6 &&
	       in->x + in->w <= out->x + out->w + 1e-6 && in->y + in->h <= out->y + out->h + 1e-6;
}

static void test_geometry(void)
{
	static const int ns[] = { 1, 2, 3, 4, 6, 9 };
	for (int p = PAPER_A4; p <= PAPER_LETTER; p++)
		for (size_t i = 0; i < ARRAY_LEN(ns); i++) {
			struct sheet_geom g;
			OK(handout_geometry(ns[i], (enum paper)p, &g), "%d-up", ns[i]);
			INT_EQ(g.per_sheet, ns[i], "%d-up holds %d", ns[i], ns[i]);
			OK(g.ruled == (ns[i] == 3), "%d-up: lines only in 3-up", ns[i]);
			for (int k = 0; k < ns[i]; k++) {
				const struct sheet_rect *f = &g.frame[k];
				FLT_EQ(f->w / f->h, 16.0 / 9, 1e-9, "%d-up frame %d is 16:9", ns[i], k);
				OK(inside(f, &g.content), "%d-up frame %d inside the margins", ns[i], k);
				OK(f->w > g.content.w / 4, "%d-up frame %d not tiny", ns[i], k);
				for (int j = 0; j < k; j++) {
					const struct sheet_rect *e = &g.frame[j];
					OK(f->x >= e->x + e->w || e->x >= f->x + f->w ||
					   f->y >= e->y + e->h || e->y >= f->y + f->h,
					   "%d-up frames %d and %d do not overlap", ns[i], j, k);
				}
			}
		}
	struct sheet_geom g;
	OK(!handout_geometry(5, PAPER_A4, &g), "5-up is not a layout");
	OK(handout_geometry(1, PAPER_A4, &g) && g.w < g.h, "portrait paper");
	FLT_EQ(g.w, 595.2756, 1e-3, "A4 is 210 mm wide");
	notes_geometry(PAPER_LETTER, &g);
	FLT_EQ(g.w, 612, 1e-9, "letter is 8.5 in wide");
	OK(g.notes.y >= g.frame[0].y + g.frame[0].h && g.notes.h > g.h / 3,
	   "notes below the slide, a third of the page at least");
}

static void test_uri(void)
{
	struct strbuf b;
	strbuf_init(&b, 0);
	OK(render_uri_attrs("https://example.org/a(b) c'd\\é", &b), "https accepted");
	STR_EQ(b.s, "uri='https://example.org/a%28b%29%20c%27d%5C%C3%A9'",
	       "PDF string delimiters, quotes, spaces and UTF-8 percent-encoded");
	b.len = 0;
	OK(render_uri_attrs("MAILTO:x@example.org", &b), "mailto, any case");
	OK(!render_uri_attrs("javascript:alert(1)", &b), "javascript: refused");
	OK(!render_uri_attrs("/relative", &b), "relative refused");
	strbuf_free(&b);
}

/* A two-page PDF from cairo with two Figure elements, patched. */
static cairo_status_t to_file(void *closure, const unsigned char *data, unsigned int n)
{
	return fwrite(data, 1, n, closure) == n ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

static char *slurp(FILE *f, size_t *n)
{
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	rewind(f);
	char *s = xmalloc(*n + 1);
	*n = fread(s, 1, *n, f);
	s[*n] = '\0';
	return s;
}

/* PDF bytes hold NULs (compressed streams): search them as bytes. */
static const char *find(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle));
}

static FILE *tagged_pdf(int figures)
{
	FILE *f = tmpfile();
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_file, f, 200, 100);
	cairo_t *cr = cairo_create(s);
	cairo_tag_begin(cr, "Document", NULL);
	for (int i = 0; i < figures; i++) {
		cairo_tag_begin(cr, "Figure", NULL);
		cairo_rectangle(cr, 10 + 20 * i, 10, 10, 10);
		cairo_fill(cr);
		cairo_tag_end(cr, "Figure");
		if (i == 0)
			cairo_show_page(cr);
	}
	cairo_tag_end(cr, "Document");
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return f;
}

/* The UTF-8 value of a string at a key path of the catalog of PDF bytes,
 * "" when absent. */
static char *catalog_text(const char *pdf, size_t n, const char *k1, const char *k2)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	char *v = NULL;
	if (!(qpdf_read_memory(q, "t", pdf, n, NULL) & QPDF_ERRORS)) {
		qpdf_oh o = qpdf_oh_get_key(q, qpdf_get_root(q), k1);
		if (k2)
			o = qpdf_oh_get_key(q, o, k2);
		v = xstrdup(qpdf_oh_is_string(q, o) ? qpdf_oh_get_utf8_value(q, o)
			    : qpdf_oh_is_bool(q, o) ? (qpdf_oh_get_bool_value(q, o) ? "true" : "false")
			    : "");
	}
	qpdf_cleanup(&q);
	return v ? v : xstrdup("");
}

/* The /Alt texts of the Figures, joined by '|'. */
static char *figure_alts(const char *pdf, size_t n)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	struct strbuf b;
	strbuf_init(&b, 0);
	strbuf_puts(&b, "");
	if (!(qpdf_read_memory(q, "t", pdf, n, NULL) & QPDF_ERRORS)) {
		qpdf_oh doc = qpdf_oh_get_key(q, qpdf_oh_get_key(q, qpdf_get_root(q),
								 "/StructTreeRoot"), "/K");
		if (qpdf_oh_is_array(q, doc))
			doc = qpdf_oh_get_array_item(q, doc, 0);
		qpdf_oh k = qpdf_oh_get_key(q, doc, "/K");
		for (int i = 0; i < qpdf_oh_get_array_n_items(q, k); i++) {
			qpdf_oh alt = qpdf_oh_get_key(q, qpdf_oh_get_array_item(q, k, i), "/Alt");
			strbuf_printf(&b, "%s%s", i ? "|" : "",
				      qpdf_oh_is_string(q, alt) ? qpdf_oh_get_utf8_value(q, alt) : "-");
		}
	}
	qpdf_cleanup(&q);
	return b.s;
}

static void test_finish(void)
{
	const char *alts[] = { "Ein (Bild)", "Grüße" };
	const char *labels[] = { "1", "2.1" };
	struct pdf_finish p = { .lang = "de-CH", .display_doc_title = true, .figure_alt = alts,
				.n_figures = 2, .page_labels = labels, .n_labels = 2 };
	char err[256];
	FILE *f = tagged_pdf(2);
	size_t n0, n1;
	char *in = slurp(f, &n0);
	fclose(f);
	f = tmpfile();
	INT_EQ(pdf_finish_write((unsigned char *)in, n0, &p, NULL, f, err, sizeof err), 0, "finished");
	char *s = slurp(f, &n1);
	fclose(f);
	char *v = catalog_text(s, n1, "/Lang", NULL);
	STR_EQ(v, "de-CH", "catalog has /Lang");
	free(v);
	v = catalog_text(s, n1, "/ViewerPreferences", "/DisplayDocTitle");
	STR_EQ(v, "true", "viewer preference");
	free(v);
	v = figure_alts(s, n1);
	STR_EQ(v, "Ein (Bild)|Grüße", "alt texts in order, any text");
	free(v);
	OK(find(s, n1, "/PageLabels") && find(s, n1, "/Metadata") && find(s, n1, "/ID"),
	   "page labels, XMP and a trailer /ID");
	OK(find(s, n1, "D:19700101000000") != NULL, "dates with their D: prefix");
	OK(!strncmp(s + n1 - 6, "%%EOF\n", 6), "ends with %%%%EOF");
	free(s);

	/* a count that does not match leaves the alt texts out */
	p.n_figures = 1;
	f = tmpfile();
	INT_EQ(pdf_finish_write((unsigned char *)in, n0, &p, NULL, f, err, sizeof err), 0, "finished");
	s = slurp(f, &n1);
	fclose(f);
	v = figure_alts(s, n1);
	STR_EQ(v, "-|-", "mismatched figure count: no /Alt");
	free(v);
	free(s);
	free(in);

	f = tmpfile();
	OK(pdf_finish_write((const unsigned char *)"%PDF-1.5\nnot really\n", 20, &p, NULL, f,
			    err, sizeof err) < 0 && *err, "not a PDF: an error with a message");
	fclose(f);
}

/* qpdf's check of PDF bytes (every object parsed, every stream decoded):
 * its QPDF_WARNINGS and QPDF_ERRORS bits. */
static int qpdf_checked(const char *pdf, size_t n)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	int r = qpdf_read_memory(q, "t", pdf, n, NULL);
	if (!(r & QPDF_ERRORS))
		r |= qpdf_check_pdf(q);
	qpdf_cleanup(&q);
	return r & (QPDF_WARNINGS | QPDF_ERRORS);
}

/* A page that paints one picture twice (cairo 1.16 names it twice in the
 * page's /XObject resources) and has two Figures. */
static FILE *repeated_pdf(void)
{
	FILE *f = tmpfile();
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_file, f, 200, 100);
	cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 3, 2);
	cairo_t *cr = cairo_create(s);
	cairo_tag_begin(cr, "Document", NULL);
	for (int i = 0; i < 2; i++) {
		cairo_tag_begin(cr, "Figure", NULL);
		cairo_set_source_surface(cr, img, 10 + 50 * i, 10);
		cairo_rectangle(cr, 10 + 50 * i, 10, 3, 2);
		cairo_fill(cr);
		cairo_tag_end(cr, "Figure");
	}
	cairo_tag_end(cr, "Document");
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(img);
	cairo_surface_destroy(s);
	return f;
}

/* The bytes of the object of PDF s whose dictionary holds needle, from
 * "N 0 obj" to "endobj" (malloc'd), or NULL. */
static char *object_with(const char *s, size_t n, const char *needle, size_t *len)
{
	const char *at = find(s, n, needle);
	if (!at)
		return NULL;
	const char *b = at;
	while (b > s && memcmp(b, " 0 obj", 6))
		b--;
	while (b > s && b[-1] >= '0' && b[-1] <= '9')
		b--;
	const char *e = find(at, n - (size_t)(at - s), "endobj");
	if (!e)
		return NULL;
	*len = (size_t)(e + 6 - b);
	char *r = xmalloc(*len);
	memcpy(r, b, *len);
	return r;
}

static void test_finish_update(void)
{
	const char *alts[] = { "Eins", "Zwei" };
	struct pdf_finish p = { .lang = "en", .figure_alt = alts, .n_figures = 2 };
	char err[256];
	FILE *f = repeated_pdf();
	size_t n0, n1, n2, ni;
	char *in = slurp(f, &n0);
	fclose(f);
	OK(qpdf_checked(in, n0) == QPDF_WARNINGS, "cairo repeats a resource key (qpdf warns)");
	f = tmpfile();
	INT_EQ(pdf_finish_write((unsigned char *)in, n0, &p, NULL, f, err, sizeof err), 0, "finished");
	char *s = slurp(f, &n1);
	fclose(f);
	INT_EQ(qpdf_checked(s, n1), 0, "qpdf checks the result without a warning");
	char *v = figure_alts(s, n1);
	STR_EQ(v, "Eins|Zwei", "alt texts");
	free(v);
	/* what did not change is cairo's bytes, in one revision */
	char *img = object_with(in, n0, "/Subtype /Image", &ni);
	OK(img && memmem(s, n1, img, ni), "the picture's object is cairo's, byte for byte");
	free(img);
	OK(!find(s, n1, "/Prev") && find(s, n1, "startxref") == find(s + n1 - 40, 40, "startxref"),
	   "one cross-reference section");

	/* a file whose objects are not where a classic table says (object
	 * and cross-reference streams): every object written through qpdf */
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_read_memory(q, "t", in, n0, NULL);
	qpdf_init_write_memory(q);
	qpdf_set_object_stream_mode(q, qpdf_o_generate);
	qpdf_write(q);
	size_t nq = qpdf_get_buffer_length(q);
	char *packed = xmalloc(nq);
	memcpy(packed, qpdf_get_buffer(q), nq);
	qpdf_cleanup(&q);
	OK(find(packed, nq, "/ObjStm") != NULL, "object streams made");
	f = tmpfile();
	INT_EQ(pdf_finish_write((unsigned char *)packed, nq, &p, NULL, f, err, sizeof err), 0,
	       "finished from object streams");
	char *s2 = slurp(f, &n2);
	fclose(f);
	INT_EQ(qpdf_checked(s2, n2), 0, "from object streams: qpdf checks it without a warning");
	v = figure_alts(s2, n2);
	STR_EQ(v, "Eins|Zwei", "from object streams: alt texts");
	free(v);
	v = catalog_text(s2, n2, "/Lang", NULL);
	STR_EQ(v, "en", "from object streams: /Lang");
	free(v);
	OK(!find(s2, n2, "/ObjStm"), "from object streams: none left");
	free(s2);

	/* a page that is not an object of its own: qpdf makes it one (and
	 * changes the page tree), so every object goes through qpdf */
	static const char direct[] =
		"%PDF-1.5\n"
		"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
		"2 0 obj\n<< /Type /Pages /Kids [ << /Type /Page /Parent 2 0 R"
		" /MediaBox [0 0 10 10] >> ] /Count 1 >>\nendobj\n"
		"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
		"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n165\n%%EOF\n";
	OK(!memcmp(direct + 165, "xref", 4) && !memcmp(direct + 58, "2 0 obj", 7),
	   "(the offsets are right)");
	p.n_figures = 0;
	f = tmpfile();
	INT_EQ(pdf_finish_write((const unsigned char *)direct, sizeof direct - 1, &p, NULL, f, err,
				sizeof err), 0, "finished a direct page");
	s2 = slurp(f, &n2);
	fclose(f);
	INT_EQ(qpdf_checked(s2, n2), 0, "direct page: qpdf checks it without a warning");
	free(s2);
	free(packed);
	free(s);
	free(in);
}

static void test_kinds(void)
{
	STR_EQ(check_kind("slide 3 (2.1) is cut off: 12 px at the bottom (the content is "
			  "740 px tall, the slide 700 px)"), "overflow", "overflow");
	STR_EQ(check_kind("image 'a.png': cannot read 'x/a.png': No such file"), "missing-asset",
	       "image");
	STR_EQ(check_kind("--safe: image '/etc/a.png': absolute path refused"), "refused",
	       "refused");
	STR_EQ(check_kind("unknown property 'colr' (declaration dropped)"), "css", "css");
	STR_EQ(check_kind("unknown theme 'x'; HedgeDoc falls back to 'black'"), "theme", "theme");
	STR_EQ(check_kind("front matter: duplicated mapping key; treating it as Markdown"),
	       "front-matter", "front matter");
	STR_EQ(check_kind("something new"), "other", "other");
}

static void test_note_urls(void)
{
	struct {
		const char *in, *want;
	} cases[] = {
		{ "https://hd.example/AbC-12", "https://hd.example/AbC-12/download" },
		{ "https://hd.example/AbC-12?both#/3", "https://hd.example/AbC-12/download" },
		{ "http://hd.example:3000/p/short1", "http://hd.example:3000/short1/download" },
		{ "https://hd.example/s/short1/", "https://hd.example/s/short1/download" },
		{ "https://hd.example/AbC-12/download", "https://hd.example/AbC-12/download" },
		{ "https://hd.example/", NULL },
		{ "https://hd.example", NULL },
		{ "https://hd.example/p/", NULL },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *got = deck_download_url(cases[i].in);
		if (cases[i].want)
			STR_EQ(got, cases[i].want, "download address of %s", cases[i].in);
		else
			OK(!got, "%s names no note", cases[i].in);
		free(got);
	}
	char *b = deck_base_url("https://hd.example:8443/p/x?y");
	STR_EQ(b, "https://hd.example:8443/", "the instance root");
	free(b);
	OK(deck_is_url("HTTPS://x") && deck_is_url("http://x") && !deck_is_url("ftp://x") &&
	   !deck_is_url("deck.md"), "http(s) only");
}

int main(void)
{
	test_note_urls();
	test_select();
	test_patterns();
	test_default_name();
	test_geometry();
	test_uri();
	test_finish();
	test_finish_update();
	test_kinds();
	return done_testing();
}
