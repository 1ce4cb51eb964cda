/*
 * display_list.c — the flat list of drawing operations (see display_list.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "display_list.h"
#include "image.h"
#include "util.h"

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
		"POP_GROUP", "LINK"
	};
	return (size_t)op < ARRAY_LEN(names) ? names[op] : "?";
}

void dl_dump(FILE *out, const struct display_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		const struct dl_item *it = &dl->items[i];
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
		default:
			break;
		}
		fputc('\n', out);
	}
}
