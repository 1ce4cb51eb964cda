/*
 * librsvg_dl.h — librsvg, loaded with dlopen() rather than linked: with
 * libxml2, ICU and libstdc++ it cost every run ~4 ms of start-up in the
 * dynamic linker, on the one thread everything waits for. A PDF run loads
 * it on a helper thread at once (librsvg_preload), in parallel with reading
 * the deck; image.c calls librsvg through this table only.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_LIBRSVG_DL_H
#define SCS_LIBRSVG_DL_H

#include <librsvg/rsvg.h>

/* The functions used, as X(return type, name without "rsvg_", parameters). */
#define LIBRSVG_FUNCS \
	X(RsvgHandle *, handle_new_from_stream_sync, (GInputStream *in, GFile *base, \
		RsvgHandleFlags flags, GCancellable *cancel, GError **err)) \
	X(void, handle_set_dpi, (RsvgHandle *h, double dpi)) \
	X(void, handle_get_intrinsic_dimensions, (RsvgHandle *h, gboolean *has_w, \
		RsvgLength *w, gboolean *has_h, RsvgLength *hh, gboolean *has_vb, \
		RsvgRectangle *vb)) \
	X(gboolean, handle_get_intrinsic_size_in_pixels, (RsvgHandle *h, gdouble *w, \
		gdouble *hh)) \
	X(gboolean, handle_render_document, (RsvgHandle *h, cairo_t *cr, \
		const RsvgRectangle *viewport, GError **err))

struct librsvg {
#define X(ret, name, params) ret (*name) params;
	LIBRSVG_FUNCS
#undef X
};

/* Start loading librsvg on a helper thread (main thread; idempotent). */
void librsvg_preload(void);

/*
 * librsvg's functions: waits for librsvg_preload() or loads them now (main
 * thread only). NULL when librsvg cannot be loaded; *why then says why
 * (static string).
 */
const struct librsvg *librsvg_get(const char **why);

#endif
