/*
 * check.c — `--check` (see check.h).
 *
 * The findings are the diagnostics the stages already report while a deck
 * is built — the overflow warning of the driver, box_build's image
 * warnings, the CSS parser's dropped declarations — so `--check` and a
 * render always agree. For `--json` they are taken from struct diag's sink
 * and sorted into kinds by the wording of their messages, which is kept
 * stable for this purpose (tests/unit/test_check.c pins each one).
 *
 * SPDX-License-Identifier: MIT
 */
#include "output/check.h"
#include "layout/box.h"
#include "deck/deck.h"
#include "render/display_list.h"
#include "output/output.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

struct check_item {
	enum diag_level level;
	char *file;
	unsigned line, col;
	char *message;
};

/* exported function documented in check.h */
enum scs_status check_deck(struct deck *k)
{
	bool *sel = NULL;
	if (k->o->slides) {
		sel = xcalloc(k->n_slides, sizeof *sel);
		if (output_select(k->o->slides, k->n_slides, sel) <= 0) {
			diag_msg(k->d, DIAG_ERROR, "--slides %s: the deck has %zu slides",
				 k->o->slides, k->n_slides);
			free(sel);
			return SCS_ERR_USAGE;
		}
	}
	struct arena *sa = arena_new();
	struct box_ctx bc;
	deck_box_ctx(k, sa, &bc);
	for (size_t i = 0; i < k->n_slides; i++) {
		if (sel && !sel[i])
			continue;
		struct display_list dl;
		dl_init(&dl, sa);
		/* the slide in its final fragment state */
		deck_build_page(k, k->ds[i].first_page +
				(k->o->fragments ? k->ds[i].frags.n_groups : 0), sa, &dl, &bc);
		arena_reset(sa);
	}
	arena_free(sa);
	free(sel);
	return k->d->n_warnings || k->d->n_errors ? SCS_PROBLEMS : SCS_OK;
}

/* exported function documented in check.h */
const char *check_kind(const char *m)
{
	static const struct { const char *needle, *kind; } kinds[] = {
		{ ") is cut off: ", "overflow" },
		{ "--safe: ", "refused" },
		{ "image '", "missing-asset" },
		{ "(declaration dropped", "css" },
		{ "(rule dropped)", "css" },
		{ "nested rule", "css" },
		{ "in a declaration block", "css" },
		{ "style sheet larger", "css" },
		{ "CSS rules", "css" },
		{ "unknown theme", "theme" },
		{ "front matter", "front-matter" },
		{ "invalid UTF-8", "encoding" },
		{ "speaker notes", "notes" },
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strstr(m, kinds[i].needle))
			return kinds[i].kind;
	return "other";
}

static void sink(void *ctx, const struct diag_record *r)
{
	struct check_report *rep = ctx;
	if (rep->n == rep->cap) {
		rep->cap = rep->cap ? rep->cap * 2 : 16;
		rep->items = xrealloc(rep->items, rep->cap * sizeof *rep->items);
	}
	struct check_item *it = &rep->items[rep->n++];
	it->level = r->level;
	it->file = r->file ? xstrdup(r->file) : NULL;
	it->line = r->line;
	it->col = r->col;
	it->message = xstrdup(r->message);
}

/* exported function documented in check.h */
void check_collect(struct check_report *r, struct diag *d)
{
	memset(r, 0, sizeof *r);
	d->sink = sink;
	d->sink_ctx = r;
}

/* A JSON string (RFC 8259 §7); the text is UTF-8 already. */
static void json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* exported function documented in check.h */
void check_write_json(FILE *out, const char *file, enum scs_status st,
		      const struct check_report *r)
{
	fputs("{\"file\":", out);
	json_str(out, file);
	fprintf(out, ",\"status\":%d,\"problems\":[", (int)st);
	for (size_t i = 0; i < r->n; i++) {
		const struct check_item *it = &r->items[i];
		const char *kind = check_kind(it->message);
		fputs(i ? ",{" : "{", out);
		fputs("\"file\":", out);
		json_str(out, it->file);
		fprintf(out, ",\"line\":%u,\"column\":%u,\"severity\":\"%s\",\"kind\":\"%s\","
			"\"message\":", it->line, it->col,
			it->level == DIAG_ERROR ? "error" : it->level == DIAG_WARNING ? "warning"
							   : "note", kind);
		json_str(out, it->message);
		/* "slide N (h.v) is cut off: P px at the bottom [and Q px at …]":
		 * the largest */
		if (!strcmp(kind, "overflow")) {
			long most = 0;
			for (const char *p = strstr(it->message, "cut off: "); p && *p; p++) {
				char *end;
				long v = strtol(p, &end, 10);
				if (end != p && !strncmp(end, " px at", 6))
					most = v > most ? v : most;
				if (end != p)
					p = end - 1;
			}
			fprintf(out, ",\"overflow_px\":%ld", most);
		}
		fputc('}', out);
	}
	fputs("]}\n", out);
}

/* exported function documented in check.h */
void check_report_free(struct check_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->items[i].file);
		free(r->items[i].message);
	}
	free(r->items);
	memset(r, 0, sizeof *r);
}
