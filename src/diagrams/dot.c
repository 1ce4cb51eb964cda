/*
 * dot.c — ```graphviz blocks drawn by Graphviz (see dot.h).
 *
 * Graphviz reads files named by some attributes: pictures (`image`, an
 * HTML label's <IMG SRC>), PostScript shapes (`shapefile`), font and image
 * folders (`fontpath`, `imagepath`); `stylesheet` is only referenced by
 * the SVG. With --safe none may be set; otherwise each must be a relative
 * path that stays beneath the deck's folder, which the layout runs in.
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/dot.h"
#include "diagrams/graphviz_dl.h"
#include "base/scs_limits.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Graphviz's error text, gathered (it comes in pieces). */
static char gv_err[512];

static int gather_error(char *msg)
{
	size_t l = strlen(gv_err);
	snprintf(gv_err + l, sizeof gv_err - l, "%s", msg);
	return 0;
}

/* "syntax error in line 3 near 'x'": the message without "Error: " and its
 * newline, and the line. */
static void graphviz_error(struct diagram_fail *f, const char *what)
{
	char *m = gv_err;
	if (!strncmp(m, "Error: ", 7))
		m += 7;
	m[strcspn(m, "\n")] = '\0';
	const char *ln = strstr(m, "line ");
	if (ln)
		f->line = (unsigned)strtoul(ln + 5, NULL, 10);
	snprintf(f->msg, sizeof f->msg, "%.400s", *m ? m : what);
}

static const char *const file_attrs[] = { "image", "shapefile", "fontpath", "imagepath",
					  "stylesheet" };

/* A path Graphviz may read: relative, without a `..` step. */
static bool confined(const char *p)
{
	if (p[0] == '/' || strchr(p, ':') || strchr(p, '\\'))
		return false;
	for (const char *s = p; *s;) {
		size_t n = strcspn(s, "/");
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return false;
		s += n;
		s += *s == '/';
	}
	return true;
}

/* The value of a file attribute (or an HTML label's IMG SRC) allowed? */
static bool file_ok(const struct dot_job *j, const char *name, const char *v,
		    struct diagram_fail *f)
{
	if (!*v)
		return true;
	if (j->safe) {
		snprintf(f->msg, sizeof f->msg, "%s=\"%.200s\" reads a file; refused "
			 "with --safe", name, v);
		return false;
	}
	/* fontpath and imagepath are lists (':' separated) */
	bool list = !strcmp(name, "fontpath") || !strcmp(name, "imagepath");
	char buf[MAX_DIAGRAM_LABEL_BYTES + 1];
	snprintf(buf, sizeof buf, "%s", v);
	for (char *s = buf, *e; s; s = e) {
		e = list ? strchr(s, ':') : NULL;
		if (e)
			*e++ = '\0';
		if (*s && (!j->base_dir || !confined(s))) {
			snprintf(f->msg, sizeof f->msg, "%s=\"%.200s\" is not a file in "
				 "the deck's folder", name, v);
			return false;
		}
	}
	return true;
}

/* The SRC of each <IMG> of an HTML label. */
static bool html_label_ok(const struct dot_job *j, const char *v, struct diagram_fail *f)
{
	for (const char *s = v; (s = strchr(s, '<'));) {
		s++;
		if (strncasecmp(s, "img", 3) || isalnum((unsigned char)s[3]))
			continue;
		const char *end = strchr(s, '>');
		const char *src = s;
		while ((src = strchr(src, '=')) && (!end || src < end)) {
			const char *k = src;
			while (k > s && isspace((unsigned char)k[-1]))
				k--;
			bool is_src = k - s >= 3 && !strncasecmp(k - 3, "src", 3);
			src++;
			if (!is_src)
				continue;
			while (isspace((unsigned char)*src))
				src++;
			char q = *src == '"' || *src == '\'' ? *src++ : 0;
			size_t n = q ? strcspn(src, (char[]){ q, 0 }) : strcspn(src, " \t\n>");
			char path[512];
			snprintf(path, sizeof path, "%.*s", (int)MIN(n, sizeof path - 1), src);
			if (!file_ok(j, "<IMG SRC>", path, f))
				return false;
		}
	}
	return true;
}

/* Every attribute of obj (of kind): no value too long, file attributes
 * allowed. */
static bool object_ok(const struct graphviz *gv, const struct dot_job *j, Agraph_t *root,
		      void *obj, int kind, struct diagram_fail *f)
{
	for (Agsym_t *s = gv->agnxtattr(root, kind, NULL); s; s = gv->agnxtattr(root, kind, s)) {
		char *v = gv->agxget(obj, s);
		if (!v || !*v)
			continue;
		if (strlen(v) > MAX_DIAGRAM_LABEL_BYTES) {
			snprintf(f->msg, sizeof f->msg, "a %s longer than %u bytes", s->name,
				 MAX_DIAGRAM_LABEL_BYTES);
			return false;
		}
		for (size_t i = 0; i < ARRAY_LEN(file_attrs); i++)
			if (!strcmp(s->name, file_attrs[i]) && !file_ok(j, s->name, v, f))
				return false;
		if (gv->aghtmlstr(v) && !html_label_ok(j, v, f))
			return false;
	}
	return true;
}

static bool graph_ok(const struct graphviz *gv, const struct dot_job *j, Agraph_t *root,
		     Agraph_t *g, unsigned depth, struct diagram_fail *f)
{
	if (depth > MAX_DIAGRAM_DEPTH) {
		snprintf(f->msg, sizeof f->msg, "subgraphs nested deeper than %d",
			 MAX_DIAGRAM_DEPTH);
		return false;
	}
	if (!object_ok(gv, j, root, g, AGRAPH, f))
		return false;
	for (Agraph_t *s = gv->agfstsubg(g); s; s = gv->agnxtsubg(s))
		if (!graph_ok(gv, j, root, s, depth + 1, f))
			return false;
	return true;
}

/* Whether e lies inside a cluster below g (depth checked by graph_ok). */
static bool in_cluster(const struct graphviz *gv, Agraph_t *g, Agedge_t *e)
{
	for (Agraph_t *s = gv->agfstsubg(g); s; s = gv->agnxtsubg(s)) {
		if (!gv->agsubedge(s, e, 0))
			continue;
		if (!strncmp(gv->agnameof(s), "cluster", 7) || in_cluster(gv, s, e))
			return true;
	}
	return false;
}

/* Graphviz 2.40 (viz.js 1.8.2) doubles the length of every edge of a graph
 * with edge labels, those inside clusters too, so that a label has a rank
 * of its own; 2.42 and later leave the edges inside a cluster at their
 * length. The edges inside clusters get 2.40's length back. */
static void old_label_ranks(const struct graphviz *gv, Agraph_t *g)
{
	bool labels = false;
	for (Agnode_t *n = gv->agfstnode(g); n && !labels; n = gv->agnxtnode(g, n))
		for (Agedge_t *e = gv->agfstout(g, n); e && !labels; e = gv->agnxtout(g, e)) {
			const char *l = gv->agget(e, "label");
			labels = l && l[0];
		}
	if (!labels)
		return;
	for (Agnode_t *n = gv->agfstnode(g); n; n = gv->agnxtnode(g, n))
		for (Agedge_t *e = gv->agfstout(g, n); e; e = gv->agnxtout(g, e)) {
			if (!in_cluster(gv, g, e))
				continue;
			const char *m = gv->agget(e, "minlen");
			long len = m && m[0] ? strtol(m, NULL, 10) : 1;
			char v[24];
			snprintf(v, sizeof v, "%ld", len > 0 && len < 1000 ? 2 * len : len);
			gv->agsafeset(e, "minlen", v, "1");
		}
}

/* The checks, the layout and the SVG of a graph read. */
static bool render(const struct graphviz *gv, const struct dot_job *j, Agraph_t *g,
		   struct strbuf *out, struct diagram_fail *f)
{
	int nn = gv->agnnodes(g), ne = gv->agnedges(g);
	if (nn > MAX_DIAGRAM_NODES || ne > MAX_DIAGRAM_EDGES) {
		snprintf(f->msg, sizeof f->msg, "%d nodes and %d edges (at most %d and "
			 "%d are drawn)", nn, ne, MAX_DIAGRAM_NODES, MAX_DIAGRAM_EDGES);
		return false;
	}
	if (!graph_ok(gv, j, g, g, 0, f))
		return false;
	for (Agnode_t *n = gv->agfstnode(g); n; n = gv->agnxtnode(g, n)) {
		if (!object_ok(gv, j, g, n, AGNODE, f))
			return false;
		for (Agedge_t *e = gv->agfstout(g, n); e; e = gv->agnxtout(g, e))
			if (!object_ok(gv, j, g, e, AGEDGE, f))
				return false;
	}
	/* relative pictures are found beneath the deck's folder (we are the
	 * sandbox's child: the change of folder ends with us) */
	if (!j->safe && j->base_dir && diagram_in_child() && chdir(j->base_dir)) {
		snprintf(f->msg, sizeof f->msg, "cannot enter %s", j->base_dir);
		return false;
	}
	old_label_ranks(gv, g);
	gv_err[0] = '\0';
	if (gv->gvLayout(gv->gvc, g, "dot")) {
		graphviz_error(f, "layout failed");
		return false;
	}
	char *svg = NULL;
	unsigned len = 0;
	bool ok = !gv->gvRenderData(gv->gvc, g, "svg", &svg, &len) && svg;
	if (ok)
		strbuf_append(out, svg, len);
	else
		graphviz_error(f, "drawing failed");
	if (svg)
		gv->gvFreeRenderData(svg);
	gv->gvFreeLayout(gv->gvc, g);
	return ok;
}

/* exported function documented in dot.h */
bool dot_draw(void *ctx, struct strbuf *out, struct diagram_fail *f)
{
	const struct dot_job *j = ctx;
	const char *why = NULL;
	const struct graphviz *gv = graphviz_get(&why);
	if (!gv) {
		snprintf(f->msg, sizeof f->msg, "%s", why);
		return false;
	}
	gv_err[0] = '\0';
	gv->agseterr(AGERR);
	gv->agseterrf(gather_error);
	gv->agreadline(0);
	Agraph_t *g = gv->agmemread(j->text);
	if (!g) {
		graphviz_error(f, "not a graph");
		return false;
	}
	bool ok = render(gv, j, g, out, f);
	gv->agclose(g);
	return ok;
}
