/*
 * display_list.c — the flat list of drawing operations (see display_list.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "render/display_list.h"
#include "math/math.h"
#include "resources/image.h"
#include "base/util.h"

#include <cairo.h>
#include <string.h>

void dl_init(struct display_list *dl, struct arena *a)
{
	memset(dl, 0, sizeof *dl);
	dl->arena = a;
}

struct dl_item *dl_push(struct display_list *dl, enum dl_op op)
{
	if (dl->n == dl->cap) {
		size_t cap = dl->cap ? dl->cap * 2 : 64;
		struct dl_item *ni = arena_alloc(dl->arena, cap * sizeof *ni);
		if (dl->n)
			memcpy(ni, dl->items, dl->n * sizeof *ni);
		dl->items = ni;
		dl->cap = cap;
	}
	struct dl_item *it = &dl->items[dl->n++];
	memset(it, 0, sizeof *it);
	it->op = op;
	it->opacity = 1;
	return it;
}

static void color(FILE *out, struct css_color c)
{
	fprintf(out, "#%02x%02x%02x%02x", c.r, c.g, c.b, c.a);
}

static const char *op_name(enum dl_op op)
{
	static const char *names[] = {
		"RECT", "BORDER", "SHADOW", "TEXT", "IMAGE", "GRADIENT",
		"PLACEHOLDER", "PUSH_CLIP", "POP_CLIP", "PUSH_GROUP",
		"POP_GROUP", "LINK", "TAG_BEGIN", "TAG_END", "MATH"
	};
	return (size_t)op < ARRAY_LEN(names) ? names[op] : "?";
}

void dl_dump(FILE *out, const struct display_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		const struct dl_item *it = &dl->items[i];
		if (it->op == DL_TAG_BEGIN || it->op == DL_TAG_END) {
			/* structure only: no geometry */
			fprintf(out, "%s", op_name(it->op));
			if (it->op == DL_TAG_BEGIN)
				fprintf(out, " %s", it->label ? it->label : "?");
			if (it->alt)
				fprintf(out, " alt=\"%s\"", it->alt);
			fputc('\n', out);
			continue;
		}
		fprintf(out, "%s x=%.2f y=%.2f w=%.2f h=%.2f", op_name(it->op),
			it->x, it->y, it->w, it->h);
		switch (it->op) {
		case DL_RECT:
			fputs(" fill=", out);
			color(out, it->color);
			break;
		case DL_BORDER:
			fprintf(out, " widths=%.2f,%.2f,%.2f,%.2f color=",
				it->bw[0], it->bw[1], it->bw[2], it->bw[3]);
			color(out, it->bcolor[0]);
			break;
		case DL_SHADOW:
			fprintf(out, " blur=%.2f spread=%.2f color=", it->shadow.blur,
				it->shadow.spread);
			color(out, it->shadow.color);
			break;
		case DL_TEXT: {
			const PangoItem *item = it->glyphs->item;
			fprintf(out, " color=");
			color(out, it->color);
			PangoFontDescription *fd = pango_font_describe(item->analysis.font);
			char *fs = pango_font_description_to_string(fd);
			fprintf(out, " font=\"%s\" text=\"%.*s\"", fs, item->length,
				it->text + item->offset);
			g_free(fs);
			pango_font_description_free(fd);
			break;
		}
		case DL_IMAGE:
			fprintf(out, " src=%s", it->image ? it->image->key : "?");
			if (it->repeat)
				fprintf(out, " repeat=%s",
					it->repeat == 1 ? "x" : it->repeat == 2 ? "y" : "xy");
			break;
		case DL_PLACEHOLDER:
		case DL_LINK:
			fprintf(out, " label=\"%s\"", it->label ? it->label : "");
			break;
		case DL_PUSH_GROUP:
			fprintf(out, " opacity=%.2f", it->opacity);
			break;
		case DL_MATH:
			fprintf(out, " glyphs=%zu rules=%zu tex=\"%s\"", it->math->n_glyphs,
				it->math->n_rules, it->math->text);
			break;

		default:
			break;
		}
		fputc('\n', out);
	}
}

/* exported function documented in display_list.h */
bool dl_ink_extent(const struct display_list *dl, size_t from, size_t to,
		   double box[4])
{
	/* one stack for groups and clips: they nest properly */
	struct frame { cairo_matrix_t m; double clip[4]; } st[2 * MAX_GROUP_DEPTH];
	int depth = 0, lost = 0;            /* lost: pushes beyond the stack */
	cairo_matrix_t m;
	cairo_matrix_init_identity(&m);
	double clip[4] = { -1e30, -1e30, 1e30, 1e30 };
	bool any = false;
	box[0] = box[1] = 1e30;
	box[2] = box[3] = -1e30;
	for (size_t i = from; i < to && i < dl->n; i++) {
		const struct dl_item *it = &dl->items[i];
		double x = it->x, y = it->y, w = it->w, h = it->h;
		switch (it->op) {
		case DL_PUSH_GROUP:
		case DL_PUSH_CLIP:
			if (depth == (int)ARRAY_LEN(st)) {
				lost++;
				continue;
			}
			st[depth].m = m;
			memcpy(st[depth].clip, clip, sizeof clip);
			depth++;
			if (it->op == DL_PUSH_GROUP) {
				if (it->has_matrix) {
					cairo_matrix_t g = { it->matrix[0], it->matrix[1],
							     it->matrix[2], it->matrix[3],
							     it->matrix[4], it->matrix[5] };
					cairo_matrix_multiply(&m, &g, &m);
				}
				continue;
			}
			break;          /* the clip rectangle below */
		case DL_POP_GROUP:
		case DL_POP_CLIP:
			if (lost) {
				lost--;
			} else if (depth > 0) {
				depth--;
				m = st[depth].m;
				memcpy(clip, st[depth].clip, sizeof clip);
			}
			continue;
		case DL_TEXT:
			/* (x, y) is the baseline origin, h ascent + descent */
			y -= h * 0.8;
			break;
		case DL_MATH:
			/* (x, y) is the baseline origin, h height + depth */
			y -= it->math->h;
			break;
		case DL_RECT: case DL_BORDER: case DL_IMAGE: case DL_GRADIENT:
		case DL_PLACEHOLDER:
			break;
		default:
			continue;
		}
		if (w <= 0 || h <= 0)
			continue;
		/* the rectangle's corners through the current transform */
		double px[4] = { x, x + w, x, x + w }, py[4] = { y, y, y + h, y + h };
		double r[4] = { 1e30, 1e30, -1e30, -1e30 };
		for (int c = 0; c < 4; c++) {
			cairo_matrix_transform_point(&m, &px[c], &py[c]);
			r[0] = MIN(r[0], px[c]);
			r[1] = MIN(r[1], py[c]);
			r[2] = MAX(r[2], px[c]);
			r[3] = MAX(r[3], py[c]);
		}
		r[0] = MAX(r[0], clip[0]);
		r[1] = MAX(r[1], clip[1]);
		r[2] = MIN(r[2], clip[2]);
		r[3] = MIN(r[3], clip[3]);
		if (it->op == DL_PUSH_CLIP) {
			memcpy(clip, r, sizeof r);
			continue;
		}
		if (r[2] <= r[0] || r[3] <= r[1])
			continue;
		any = true;
		box[0] = MIN(box[0], r[0]);
		box[1] = MIN(box[1], r[1]);
		box[2] = MAX(box[2], r[2]);
		box[3] = MAX(box[3], r[3]);
	}
	return any;
}
