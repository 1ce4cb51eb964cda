/*
 * diagrams.c — the diagram blocks of a slide (see diagrams.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/diagrams.h"
#include "diagrams/abc.h"
#include "diagrams/dot.h"
#include "diagrams/flow.h"
#include "diagrams/graphviz_dl.h"
#include "diagrams/jsseq.h"
#include "diagrams/mermaid.h"
#include "diagrams/sandbox.h"
#include "base/diag.h"
#include "base/scs_limits.h"
#include "base/util.h"
#include "markdown/dom.h"
#include "text/text.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The language of a fenced block's <code> (class "[wrap ]LANG hljs"). */
static bool code_lang(const struct dom_node *code, const char **lang, size_t *len)
{
	const char *cls = dom_get_attr(code, "class");
	if (!cls)
		return false;
	if (!strncmp(cls, "wrap ", 5))
		cls += 5;
	*lang = cls;
	*len = strcspn(cls, " ");
	return *len > 0;
}

static bool lang_is(const char *lang, size_t len, const char *name)
{
	return strlen(name) == len && !memcmp(lang, name, len);
}

/* How many lines the block has (a final newline ends the last one). */
static unsigned block_lines(const char *text, size_t len)
{
	unsigned n = 1;
	for (size_t i = 0; i + 1 < len; i++)
		n += text[i] == '\n';
	return n;
}

/* A warning at the block's `line` (1-based; 0: its fence). */
static void warn_at(struct diagrams *dg, const struct dom_node *pre, const char *text,
		    size_t len, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

static void warn_at(struct diagrams *dg, const struct dom_node *pre, const char *text,
		    size_t len, unsigned line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (line)
		line = MIN(line, block_lines(text, len));
	unsigned at = pre->src_line ? pre->src_line + line : 0;
	diag_at_line(dg->d, DIAG_WARNING, dg->src, at, at ? MAX(pre->src_col, 1u) : 0, "%s", msg);
}

/* The picture: pre's content becomes an <svg> showing the SVG bytes. */
static void show_picture(struct diagrams *dg, struct dom_node *pre, const char *kind,
			 const char *svg, size_t len)
{
	gchar *b64 = g_base64_encode((const guchar *)svg, len);
	const char *old = dom_get_attr(pre, "class");
	dom_set_attr(dg->arena, pre, "class", old && *old ? arena_printf(dg->arena, "%s %s", old,
									 kind) : kind);
	while (pre->first_child)
		dom_remove(pre->first_child);
	struct dom_node *pic = dom_new_element(dg->arena, "svg");
	pic->from_markdown = true;
	pic->src_line = pre->src_line;
	pic->src_col = pre->src_col;
	dom_set_attr(dg->arena, pic, "src", arena_printf(dg->arena, "data:image/svg+xml;base64,%s",
							 b64));
	dom_append(pre, pic);
	g_free(b64);
}

/* Run fn within the deck's time left; false (and a warning) when it fails. */
static bool draw(struct diagrams *dg, diagram_fn fn, void *job, char **svg, size_t *len,
		 struct diagram_fail *f)
{
	if (dg->spent_ms >= MAX_DIAGRAMS_TOTAL_MS) {
		memset(f, 0, sizeof *f);
		snprintf(f->msg, sizeof f->msg, "the deck's diagrams took %u ms already; no more are "
			 "drawn", MAX_DIAGRAMS_TOTAL_MS);
		return false;
	}
	/* what the child needs is loaded here, once: it then neither waits
	 * for the font loading thread nor calls dlopen() (a lock another
	 * thread may have held when we forked) */
	if (!dg->prepared) {
		text_fonts_ready();
		graphviz_get(NULL);
		dg->prepared = true;
	}
	double t0 = now_ms();
	unsigned budget = dg->in_process ? 0 : MAX_DIAGRAM_MS;
	bool ok = diagram_sandbox(fn, job, budget, svg, len, f);
	dg->spent_ms += now_ms() - t0;
	return ok;
}

static void draw_graphviz(struct diagrams *dg, struct dom_node *pre, const char *text,
			  size_t len)
{
	struct dot_job job = { text, dg->safe, dg->base_dir };
	struct diagram_fail f;
	char *svg;
	size_t n;
	if (!draw(dg, dot_draw, &job, &svg, &n, &f)) {
		warn_at(dg, pre, text, len, f.line, "graphviz: %s; the block stays code", f.msg);
		return;
	}
	show_picture(dg, pre, "graphviz", svg, n);
	free(svg);
}

/* HedgeDoc's error box: the source in a div (its code unwrapped), the
 * message in an alert after it (extra.js finishView). */
static void show_error_box(struct diagrams *dg, struct dom_node *pre, const char *kind,
			   const char *text, size_t len, const char *msg)
{
	while (pre->first_child)
		dom_remove(pre->first_child);
	struct dom_node *src = dom_new_element(dg->arena, "div");
	dom_set_attr(dg->arena, src, "class", kind);
	src->src_line = pre->src_line;
	dom_append(src, dom_new_text(dg->arena, text, len));
	dom_append(pre, src);
	struct dom_node *box = dom_new_element(dg->arena, "div");
	dom_set_attr(dg->arena, box, "class", "alert alert-warning");
	box->src_line = pre->src_line;
	dom_append(box, dom_new_text(dg->arena, msg, strlen(msg)));
	dom_append(pre, box);
}

/* A diagram whose failures HedgeDoc shows in an error box (class: the
 * pre's, as finishView names it). */
static void draw_boxed(struct diagrams *dg, struct dom_node *pre, const char *text, size_t len,
		       diagram_fn fn, void *job, const char *cls)
{
	struct diagram_fail f;
	char *svg;
	size_t n;
	if (!draw(dg, fn, job, &svg, &n, &f)) {
		warn_at(dg, pre, text, len, f.line, "%s%s", f.msg, f.box[0] ? "" :
			"; the block stays code");
		if (f.box[0])
			show_error_box(dg, pre, cls, text, len, f.box);
		return;
	}
	show_picture(dg, pre, cls, svg, n);
	free(svg);
}

/* The <pre>'s line height in the slide's CSS px: mermaid's labels are as
 * tall (reveal.js themes: `pre { font-size: 0.55em; line-height: 1.2em }`
 * on the 42 px slide text) */
#define PRE_LINE_HEIGHT (42 * 0.55 * 1.2)
/* and its width: reveal.js's `pre { width: 90% }` of the 960 px slide */
#define PRE_WIDTH (0.9 * 960)
/* and its letter-spacing, which the SVG's text inherits: HedgeDoc's
 * site.css `body { letter-spacing: 0.025em }` of 16 px (HEDGEDOC.md;
 * mermaid's labels in the references are 0.4 px a character wider than
 * the font's advances) */
#define PAGE_LETTER_SPACING (0.025 * 16)

static void draw_mermaid(struct diagrams *dg, struct dom_node *pre, const char *text,
			 size_t len)
{
	size_t tl;
	const char *type = mermaid_type(text, &tl);
	bool drawn = !strncmp(type, "flowchart", 9) || (tl == 3 && !strncmp(type, "pie", 3)) ||
		     (tl == 15 && !strncmp(type, "sequenceDiagram", 15)) ||
		     (tl >= 12 && !strncmp(type, "stateDiagram", 12)) ||
		     (tl >= 12 && !strncmp(type, "classDiagram", 12)) ||
		     (tl == 9 && !strncmp(type, "erDiagram", 9)) ||
		     (tl == 5 && !strncmp(type, "gantt", 5));
	if (!drawn) {
		warn_at(dg, pre, text, len, 0, "mermaid %.*s diagrams are not drawn; showing the "
			"source as code", (int)tl, type);
		return;
	}
	struct mermaid_job job = { .text = text, .zoom = dg->zoom > 0 ? dg->zoom : 1,
				   .line_height = PRE_LINE_HEIGHT, .width = PRE_WIDTH,
				   .letter_spacing = PAGE_LETTER_SPACING };
	draw_boxed(dg, pre, text, len, mermaid_draw, &job, "mermaid");
}

/* abcjs draws what it can of a tune and marks its errors on it: the
 * picture, and abcm2ps's first error as a warning. */
static void draw_abc(struct diagrams *dg, struct dom_node *pre, const char *text, size_t len)
{
	struct abc_job job = { text, MAX_DIAGRAM_MS };
	struct diagram_fail f;
	char *svg;
	size_t n;
	bool ok = draw(dg, abc_draw, &job, &svg, &n, &f);
	if (f.msg[0])
		warn_at(dg, pre, text, len, f.line, "%s%s", f.msg, ok ? "" : "; the block stays code");
	if (!ok)
		return;
	show_picture(dg, pre, "abc", svg, n);
	free(svg);
}

/* exported function documented in diagrams.h */
bool diagrams_is_picture(const struct dom_node *n)
{
	return n->type == DOM_ELEMENT && n->from_markdown && dom_is(n, "svg");
}

/* exported function documented in diagrams.h */
void diagrams_draw(struct diagrams *dg, struct dom_node *root)
{
	for (struct dom_node *n = root; n;) {
		struct dom_node *pre = n;
		n = dom_walk_next(root, n, false);
		struct dom_node *code = pre->first_child;
		const char *lang;
		size_t ll;
		if (!dom_is(pre, "pre") || !code || code->next || !dom_is(code, "code") ||
		    !code_lang(code, &lang, &ll))
			continue;
		static const char *const kinds[] = { "abc", "flow", "graphviz", "mermaid",
						     "sequence" };
		const char *kind = NULL;
		for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
			if (lang_is(lang, ll, kinds[i]))
				kind = kinds[i];
		if (!kind)
			continue;
		n = dom_walk_next(root, pre, true);
		const struct dom_node *t = code->first_child;
		bool plain = t && t->type == DOM_TEXT && !t->next;
		const char *text = plain ? t->text : "";
		size_t len = plain ? t->text_len : 0;
		if (len > MAX_DIAGRAM_BYTES) {
			warn_at(dg, pre, text, len, 0, "%s diagram of more than %u bytes; showing the "
				"source as code", kind, MAX_DIAGRAM_BYTES);
			continue;
		}
		char *z = arena_strndup(dg->arena, text, len);
		if (!strcmp(kind, "graphviz"))
			draw_graphviz(dg, pre, z, len);
		else if (!strcmp(kind, "mermaid"))
			draw_mermaid(dg, pre, z, len);
		else if (!strcmp(kind, "sequence"))
			draw_boxed(dg, pre, z, len, jsseq_draw, &(struct jsseq_job){ z, false },
				   "sequence-diagram");
		else if (!strcmp(kind, "abc"))
			draw_abc(dg, pre, z, len);
		else
			draw_boxed(dg, pre, z, len, flow_draw, &(struct flow_job){ z }, "flow-chart");
	}
}
