/*
 * mfont.c — the math font (see mfont.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "math/mfont.h"
#include "text/text.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H

static struct {
	bool tried, ok;
	char *data;
	size_t len;
	FT_Library ft;
	FT_Face face;
	hb_blob_t *blob;
	hb_face_t *hface;
	hb_font_t *font;
	cairo_font_face_t *cairo;
	FT_Face twin_face[MAX_MATH_FONT_TWINS];
	cairo_font_face_t *twin[MAX_MATH_FONT_TWINS];
	double upem;
} mf;

bool mfont_loaded(void)
{
	return mf.ok;
}

bool mfont_load(void)
{
	if (mf.tried)
		return mf.ok;
	mf.tried = true;
	const char *dir = text_data_dir();
	char path[4096];
	snprintf(path, sizeof path, "%s/fonts/latinmodern-math.otf", dir ? dir : ".");
	if (read_file(path, MAX_FONT_BYTES, &mf.data, &mf.len))
		return false;
	if (FT_Init_FreeType(&mf.ft))
		return false;
	if (FT_New_Memory_Face(mf.ft, (const FT_Byte *)mf.data, (FT_Long)mf.len, 0, &mf.face))
		return false;
	mf.blob = hb_blob_create(mf.data, (unsigned)mf.len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	mf.hface = hb_face_create(mf.blob, 0);
	if (!hb_ot_math_has_data(mf.hface))
		return false;
	mf.font = hb_font_create(mf.hface);
	hb_ot_font_set_funcs(mf.font);
	mf.upem = hb_face_get_upem(mf.hface);
	hb_font_set_scale(mf.font, (int)mf.upem, (int)mf.upem);
	mf.cairo = cairo_ft_font_face_create_for_ft_face(mf.face, 0);
	mf.ok = true;
	return true;
}

void mfont_shutdown(void)
{
	/* (like the face, a twin's FT_Face may still be held by cairo) */
	for (int k = 1; k < MAX_MATH_FONT_TWINS; k++) {
		if (mf.twin[k])
			cairo_font_face_destroy(mf.twin[k]);
		mf.twin[k] = NULL;
		mf.twin_face[k] = NULL;
	}
	if (mf.cairo)
		cairo_font_face_destroy(mf.cairo);
	if (mf.font)
		hb_font_destroy(mf.font);
	if (mf.hface)
		hb_face_destroy(mf.hface);
	if (mf.blob)
		hb_blob_destroy(mf.blob);
	/* cairo may still hold the FT_Face until its caches drop it */
	if (!mf.cairo && mf.face)
		FT_Done_Face(mf.face);
	if (!mf.cairo && mf.ft)
		FT_Done_FreeType(mf.ft);
	if (!mf.cairo)
		free(mf.data);
	mf.cairo = NULL;
	mf.font = NULL;
	mf.hface = NULL;
	mf.blob = NULL;
	mf.tried = mf.ok = false;
}

uint32_t mfont_glyph(uint32_t cp)
{
	hb_codepoint_t g = 0;
	if (!mf.ok || !hb_font_get_nominal_glyph(mf.font, cp, &g))
		return 0;
	return g;
}

void mfont_metrics(uint32_t gid, struct mfont_metrics *m)
{
	hb_glyph_extents_t e = { 0 };
	hb_font_get_glyph_extents(mf.font, gid, &e);
	double u = mf.upem;
	m->adv = hb_font_get_glyph_h_advance(mf.font, gid) / u;
	m->h = e.y_bearing / u;
	m->d = -(e.y_bearing + e.height) / u;  /* e.height is negative */
	m->x0 = e.x_bearing / u;
	m->x1 = (e.x_bearing + e.width) / u;
	m->ic = hb_ot_math_get_glyph_italics_correction(mf.font, gid) / u;
	hb_position_t a = hb_ot_math_get_glyph_top_accent_attachment(mf.font, gid);
	m->accent = a / u;
}

double mfont_const(hb_ot_math_constant_t c)
{
	hb_position_t v = hb_ot_math_get_constant(mf.font, c);
	if (c == HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN ||
	    c == HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN ||
	    c == HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT)
		return v / 100.0;
	return v / mf.upem;
}

int mfont_variants(uint32_t gid, bool horizontal, uint32_t *out, int max)
{
	hb_ot_math_glyph_variant_t v[32];
	unsigned n = 32;
	hb_ot_math_get_glyph_variants(mf.font, gid,
				      horizontal ? HB_DIRECTION_LTR : HB_DIRECTION_TTB, 0, &n, v);
	int k = 0;
	if (n == 0 && max > 0)
		out[k++] = gid;
	for (unsigned i = 0; i < n && k < max; i++)
		out[k++] = v[i].glyph;
	return k;
}

int mfont_assembly(uint32_t gid, bool horizontal, struct mfont_part *out, int max)
{
	hb_ot_math_glyph_part_t p[16];
	unsigned n = 16;
	hb_ot_math_get_glyph_assembly(mf.font, gid,
				      horizontal ? HB_DIRECTION_LTR : HB_DIRECTION_TTB, 0, &n, p,
				      NULL);
	int k = 0;
	for (unsigned i = 0; i < n && k < max; i++, k++) {
		out[k].gid = p[i].glyph;
		out[k].start = p[i].start_connector_length / mf.upem;
		out[k].end = p[i].end_connector_length / mf.upem;
		out[k].full = p[i].full_advance / mf.upem;
		out[k].extender = p[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER;
	}
	return k;
}

double mfont_min_overlap(bool horizontal)
{
	return hb_ot_math_get_min_connector_overlap(
		mf.font, horizontal ? HB_DIRECTION_LTR : HB_DIRECTION_TTB) / mf.upem;
}

cairo_font_face_t *mfont_cairo_face(void)
{
	return mf.cairo;
}

cairo_font_face_t *mfont_cairo_twin(int k)
{
	if (k == 0 || !mf.ok)
		return k == 0 ? mf.cairo : NULL;
	if (k < 0 || k >= MAX_MATH_FONT_TWINS)
		return NULL;
	if (!mf.twin[k] && !mf.twin_face[k] &&
	    !FT_New_Memory_Face(mf.ft, (const FT_Byte *)mf.data, (FT_Long)mf.len, 0,
				&mf.twin_face[k]))
		mf.twin[k] = cairo_ft_font_face_create_for_ft_face(mf.twin_face[k], 0);
	return mf.twin[k];
}
