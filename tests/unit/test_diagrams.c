/*
 * test_diagrams.c — the diagram stage: text goldens of layouts (node boxes,
 * edge routes, rows as numbers) for every case in tests/diagrams/, the
 * sandbox's time budget and crash handling, and Graphviz's file attributes
 * under --safe. SCS_UPDATE_GOLDEN=1 rewrites the .expected files.
 *
 *   NAME.mmd   mermaid (its --dump text, or the parse error box)
 *   NAME.seq   js-sequence-diagrams (likewise)
 *   NAME.flow  flowchart.js (its SVG: the layout in numbers)
 *   NAME.dot   graphviz (the SVG's size and its node and edge counts)
 *   NAME.abc   abcm2ps (the SVG's size and its text; skipped without it)
 *
 * SPDX-License-Identifier: MIT
 */
#include "harness.h"

#include "base/diag.h"
#include "base/util.h"
#include "diagrams/abc.h"
#include "diagrams/dot.h"
#include "diagrams/flow.h"
#include "diagrams/jsseq.h"
#include "diagrams/mermaid.h"
#include "diagrams/sandbox.h"
#include "text/text.h"

#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The text a case is compared by. */
static char *run_case(const char *name, const char *text)
{
	const char *ext = strrchr(name, '.');
	struct mermaid_job mj = { .text = text, .zoom = 1.48125, .line_height = 27.72,
				  .width = 864, .letter_spacing = 0.4, .dump = true };
	struct jsseq_job sj = { text, true };
	struct dot_job dj = { text, true, NULL };
	struct flow_job fj = { text };
	struct abc_job aj = { text, 3000 };
	diagram_fn fn = !strcmp(ext, ".mmd") ? mermaid_draw : !strcmp(ext, ".seq") ? jsseq_draw
			: !strcmp(ext, ".flow") ? flow_draw : !strcmp(ext, ".abc") ? abc_draw : dot_draw;
	void *job = fn == mermaid_draw ? (void *)&mj : fn == jsseq_draw ? (void *)&sj
		    : fn == flow_draw ? (void *)&fj : fn == abc_draw ? (void *)&aj : (void *)&dj;
	char *out;
	size_t len;
	struct diagram_fail f;
	struct strbuf b;
	strbuf_init(&b, 0);
	if (!diagram_sandbox(fn, job, 0, &out, &len, &f)) {
		strbuf_printf(&b, "error (line %u): %s\n%s%s", f.line, f.msg, f.box,
			      f.box[0] ? "\n" : "");
		return b.s;
	}
	if (f.msg[0])
		strbuf_printf(&b, "warning (line %u): %s\n", f.line, f.msg);
	if (fn == abc_draw) {
		/* its SVG has the time it was made: its size and text only */
		const char *w = strstr(out, "width=");
		strbuf_printf(&b, "%.*s\n", w ? (int)strcspn(w, ">") : 0, w ? w : "");
		for (const char *t = out; (t = strstr(t, "<text")); t++)
			strbuf_printf(&b, "%.*s\n", (int)strcspn(t + 1, "<") + 1, t);
	} else if (fn == dot_draw) {
		const char *svg = strstr(out, "<svg");
		strbuf_printf(&b, "%.*s\nnodes %d edges %d clusters %d\n",
			      svg ? (int)strcspn(svg, "\n") : 0, svg ? svg : "",
			      count(out, "class=\"node\""), count(out, "class=\"edge\""),
			      count(out, "class=\"cluster\""));
	} else
		strbuf_append(&b, out, len);
	free(out);
	return b.s;
}

static void goldens(const char *dir)
{
	DIR *d = opendir(dir);
	OK(d != NULL, "open %s", dir);
	if (!d)
		return;
	bool update = getenv("SCS_UPDATE_GOLDEN") && !strcmp(getenv("SCS_UPDATE_GOLDEN"), "1");
	for (struct dirent *e; (e = readdir(d));) {
		const char *ext = strrchr(e->d_name, '.');
		if (!ext || (strcmp(ext, ".mmd") && strcmp(ext, ".seq") && strcmp(ext, ".dot") &&
			     strcmp(ext, ".flow") && strcmp(ext, ".abc")))
			continue;
		if (!strcmp(ext, ".abc") && access("/usr/bin/abcm2ps", X_OK)) {
			printf("skipped %s: no abcm2ps\n", e->d_name);
			continue;
		}
		char path[8192], exp_path[8400];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		snprintf(exp_path, sizeof exp_path, "%s.expected", path);
		char *text, *want = NULL;
		size_t len, wl;
		if (read_file(path, 1 << 20, &text, &len)) {
			OK(0, "read %s", path);
			continue;
		}
		char *got = run_case(e->d_name, text);
		if (update) {
			FILE *o = fopen(exp_path, "w");
			if (o) {
				fputs(got, o);
				fclose(o);
			}
		} else if (read_file(exp_path, 1 << 20, &want, &wl))
			OK(0, "%s: no %s (SCS_UPDATE_GOLDEN=1 writes it)", e->d_name, exp_path);
		else
			STR_EQ(got, want, "%s", e->d_name);
		free(want);
		free(got);
		free(text);
	}
	closedir(d);
}

static bool spin(void *ctx, struct strbuf *out, struct diagram_fail *f)
{
	for (volatile unsigned long i = 0;; i++)
		;
	return false;
}

static bool crash(void *ctx, struct strbuf *out, struct diagram_fail *f)
{
	abort();
}

static void sandbox(void)
{
	char *out;
	size_t len;
	struct diagram_fail f;
	OK(!diagram_sandbox(spin, NULL, 200, &out, &len, &f), "a layout that never ends fails");
	OK(strstr(f.msg, "not drawn within 200 ms") != NULL, "says why: %s", f.msg);
	OK(!diagram_sandbox(crash, NULL, 2000, &out, &len, &f), "a crash fails");
	OK(strstr(f.msg, "signal") != NULL, "says why: %s", f.msg);
}

static void safety(void)
{
	static const char *const reads[] = {
		"digraph { a [image=\"/etc/passwd\"] }",
		"digraph { a [shape=epsf, shapefile=\"x.ps\"] }",
		"digraph { fontpath=\"/usr/share/fonts\"; a }",
		"digraph { imagepath=\"/\"; a }",
		"digraph { stylesheet=\"a.css\"; a }",
		"digraph { a [label=<<TABLE><TR><TD><IMG SRC=\"/etc/x.png\"/></TD></TR></TABLE>>] }",
	};
	for (size_t i = 0; i < ARRAY_LEN(reads); i++) {
		struct dot_job safe = { reads[i], true, NULL }, folder = { reads[i], false, "." };
		char *out;
		size_t len;
		struct diagram_fail f;
		OK(!diagram_sandbox(dot_draw, &safe, 2000, &out, &len, &f), "refused with --safe: %s",
		   reads[i]);
		if (i == 0 || i == 5 || i == 3) {
			OK(!diagram_sandbox(dot_draw, &folder, 2000, &out, &len, &f),
			   "outside the folder: %s", reads[i]);
			OK(strstr(f.msg, "deck's folder") != NULL, "says why: %s", f.msg);
		}
	}
}

int main(void)
{
	struct diag d;
	diag_init(&d, stderr);
	const char *dir = getenv("SCS_SOURCE_DIR");
	if (text_init(text_find_data_dir(dir), &d) < 0) {
		fprintf(stderr, "no fonts\n");
		return 1;
	}
	char cases[4096];
	snprintf(cases, sizeof cases, "%s/tests/diagrams", dir ? dir : "../..");
	goldens(cases);
	sandbox();
	safety();
	return done_testing();
}
