/*
 * pdf_finish.h — the PDF as cairo wrote it, read back through qpdf's C API
 * (libqpdf, loaded with dlopen(): libqpdf_dl.h) and finished with what
 * cairo cannot write:
 *
 *  - the pictures drawn through stand-ins (image.h): each stand-in's image
 *    object becomes the picture's, with its soft mask;
 *  - the document language (/Lang, ISO 32000-1 §14.9.2), "show the title"
 *    (/ViewerPreferences /DisplayDocTitle, §12.2), the Figures' alternate
 *    text (/Alt, §14.9.3), XMP metadata matching the Info dictionary
 *    (§14.3.2), page labels from the first page (§12.4.2; cairo 1.16 leaves
 *    page 1 out), dates with their "D:" prefix (§7.9.4);
 *  - link annotations: printable (/F 4), a description (/Contents), on
 *    their page (/Rect within the MediaBox; one wholly off it is dropped),
 *    and pages with annotations in structure order (/Tabs /S);
 *  - PDF/UA basics: what cairo drew outside every tag marked /Artifact,
 *    table header cells' /Scope;
 *  - ICC profiles: a PNG's (from image.h) and a JPEG's (APP2) as the
 *    image's [/ICCBased] colour space;
 *  - PDF/A-2b or -3b (ISO 19005-2, -3): the sRGB OutputIntent, no image
 *    interpolation, the pdfaid XMP schema and, for -3b, the deck's source
 *    as an associated file.
 *
 * What changes is written again by qpdf in the place of cairo's objects,
 * the rest kept as cairo wrote it, in one revision; so are the resource
 * dictionaries in which cairo 1.16 repeats keys (/XObject << /x28 28 0 R
 * /x28 28 0 R >>), which then have each key once. The result is
 * reproducible: the same input gives the same bytes (the trailer /ID is
 * derived from the content).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_PDF_FINISH_H
#define SCS_PDF_FINISH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct image_xobject;

struct pdf_finish {
	const char *lang;               /* BCP 47 tag (UTF-8) or NULL */
	bool display_doc_title;
	/* The alternate text of each Figure element, in the order the
	 * renderer opened them (NULL entries: none). Applied only when the
	 * document has exactly n_figures Figure elements. */
	const char *const *figure_alt;
	size_t n_figures;
	/* The pictures of the stand-ins cairo wrote (image.h). */
	const struct image_xobject *images;
	size_t n_images;
	/* The label of each page (NULL: the page number), n_labels of them. */
	const char *const *page_labels;
	size_t n_labels;
	long long date;                 /* creation time, seconds since 1970 UTC */
	int pdfa;                       /* 0, or PDF/A-2b (2) or PDF/A-3b (3) */
	/* PDF/A-3b: the deck's Markdown, embedded as the source */
	const char *source_name;
	const unsigned char *source;
	size_t source_len;
};

/*
 * Write the finished PDF, from pdf (len bytes, a complete PDF as cairo
 * writes it), to the file at path (created or truncated) or, when path is
 * NULL, to out. Returns 0, or -1 with a message in err; when libqpdf
 * cannot be loaded, before anything is opened or written.
 */
int pdf_finish_write(const unsigned char *pdf, size_t len, const struct pdf_finish *p,
		     const char *path, FILE *out, char *err, size_t errlen);

#endif
