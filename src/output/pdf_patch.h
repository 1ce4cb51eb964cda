/*
 * pdf_patch.h — what cairo 1.16 cannot write into a PDF, added afterwards as
 * an incremental update (ISO 32000-1 §7.5.6): the document language (/Lang
 * in the catalog, §14.9.2), "show the title, not the file name"
 * (/ViewerPreferences /DisplayDocTitle, §12.2) and the alternate text of
 * Figure structure elements (/Alt, §14.9.3), and the image objects of the
 * PNGs that image.c drew through stand-ins (image_cache_set_pdf). The
 * update appends new
 * versions of those objects, a cross-reference section and a trailer; the
 * bytes cairo wrote stay as they are, so the result is as reproducible as
 * cairo's output.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_PDF_PATCH_H
#define SCS_PDF_PATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct image_xobject;

struct pdf_patch {
	const char *lang;               /* BCP 47 tag (UTF-8) or NULL */
	bool display_doc_title;
	/* The alternate text of each Figure element, in the order cairo
	 * opened them (NULL entries: none). Applied only when the document
	 * has exactly n_figures Figure elements. */
	const char *const *figure_alt;
	size_t n_figures;
	/* Image objects for the 1×tag stand-ins cairo wrote (image.h). */
	const struct image_xobject *images;
	size_t n_images;
};

/*
 * Append the update to f, a complete PDF as cairo 1.16 writes it (classic
 * cross-reference table, one revision), open for reading and writing.
 * Returns 0, 1 when nothing needed changing, or -1 when f is not such a PDF
 * or cannot be read or written (f is then unchanged or truncated back).
 */
int pdf_patch_file(FILE *f, const struct pdf_patch *p);

/* Append s (UTF-8) to out as a PDF text string (§7.9.2.2): a literal string
 * when it is printable ASCII, else UTF-16BE with a byte order mark, in hex. */
struct strbuf;
void pdf_text_string(struct strbuf *out, const char *s);

#endif
