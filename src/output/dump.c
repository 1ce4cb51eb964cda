/*
 * dump.c — `--dump`: each page built and its stage written as text by
 * deck_build_page(), or each slide's speaker notes (see dump.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "output/dump.h"
#include "base/util.h"
#include "markdown/split.h"
#include "layout/box.h"
#include "render/display_list.h"
#include "deck/deck.h"

#include <stdio.h>

/* `--dump=notes`: each slide's speaker notes as the Markdown they were
 * written in (trimmed, as reveal-markdown trims them). */
static void dump_notes(struct deck *k)
{
	for (size_t i = 0; i < k->n_slides; i++) {
		const struct slide *s = &k->slides[i];
		deck_dump_header(k, i);
		if (!s->notes)
			continue;
		const char *t = s->notes;
		size_t n = s->notes_len;
		while (n && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r'))
			t++, n--;
		while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\n' ||
			     t[n - 1] == '\r'))
			n--;
		fprintf(k->o->dump_out, "%.*s\n", (int)n, t);
	}
}

/* exported function documented in dump.h */
enum scs_status output_dump(struct deck *k)
{
	if (k->o->dump == DUMP_NOTES) {
		dump_notes(k);
		return SCS_OK;
	}
	struct arena *sa = arena_new();
	struct box_ctx bc;
	deck_box_ctx(k, sa, &bc);
	for (size_t i = 0; i < k->n_pages; i++) {
		struct display_list dl;
		dl_init(&dl, sa);
		deck_build_page(k, i, sa, &dl, &bc);
		arena_reset(sa);
	}
	arena_free(sa);
	return SCS_OK;
}
