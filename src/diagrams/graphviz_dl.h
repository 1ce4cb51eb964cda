/*
 * graphviz_dl.h — Graphviz's C library (cgraph + gvc), loaded with dlopen()
 * when the first diagram needs it: a deck without diagrams pays nothing for
 * it. Only the layout plugins (dot, neato, fdp, sfdp, twopi, circo, osage,
 * patchwork) and the core renderers are installed, as built-ins: no text
 * layout plugin, so label sizes come from Graphviz's own font metrics, as in
 * viz.js (Graphviz compiled to JavaScript, which HedgeDoc runs), and no
 * plugin reads a file or a config. diagrams.c calls Graphviz through this
 * table only.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_GRAPHVIZ_DL_H
#define SCS_GRAPHVIZ_DL_H

#include <graphviz/gvc.h>

/* The functions used, as X(return type, name, parameters). */
#define GRAPHVIZ_FUNCS \
	X(GVC_t *, gvContextPlugins, (const lt_symlist_t *builtins, int demand_loading)) \
	X(int, gvLayout, (GVC_t *gvc, graph_t *g, const char *engine)) \
	X(int, gvRenderData, (GVC_t *gvc, graph_t *g, const char *format, char **result, \
			      unsigned int *length)) \
	X(void, gvFreeRenderData, (char *data)) \
	X(int, gvFreeLayout, (GVC_t *gvc, graph_t *g)) \
	X(int, agclose, (Agraph_t *g)) \
	X(Agraph_t *, agmemread, (const char *cp)) \
	X(void, agreadline, (int n)) \
	X(agusererrf, agseterrf, (agusererrf f)) \
	X(agerrlevel_t, agseterr, (agerrlevel_t lv)) \
	X(Agraph_t *, agopen, (char *name, Agdesc_t desc, Agdisc_t *disc)) \
	X(Agraph_t *, agsubg, (Agraph_t *g, char *name, int cflag)) \
	X(Agnode_t *, agnode, (Agraph_t *g, char *name, int cflag)) \
	X(Agedge_t *, agedge, (Agraph_t *g, Agnode_t *t, Agnode_t *h, char *name, int cflag)) \
	X(Agnode_t *, agsubnode, (Agraph_t *g, Agnode_t *n, int cflag)) \
	X(int, agnnodes, (Agraph_t *g)) \
	X(int, agnedges, (Agraph_t *g)) \
	X(Agnode_t *, agfstnode, (Agraph_t *g)) \
	X(Agnode_t *, agnxtnode, (Agraph_t *g, Agnode_t *n)) \
	X(Agedge_t *, agfstout, (Agraph_t *g, Agnode_t *n)) \
	X(Agedge_t *, agnxtout, (Agraph_t *g, Agedge_t *e)) \
	X(Agedge_t *, agsubedge, (Agraph_t *g, Agedge_t *e, int cflag)) \
	X(char *, agnameof, (void *obj)) \
	X(Agraph_t *, agfstsubg, (Agraph_t *g)) \
	X(Agraph_t *, agnxtsubg, (Agraph_t *g)) \
	X(Agsym_t *, agattr, (Agraph_t *g, int kind, char *name, char *value)) \
	X(Agsym_t *, agnxtattr, (Agraph_t *g, int kind, Agsym_t *attr)) \
	X(char *, agxget, (void *obj, Agsym_t *sym)) \
	X(int, agxset, (void *obj, Agsym_t *sym, char *value)) \
	X(int, agsafeset, (void *obj, char *name, char *value, char *def)) \
	X(char *, agget, (void *obj, char *name)) \
	X(int, aghtmlstr, (char *s)) \
	X(char *, agstrdup_html, (Agraph_t *g, char *s))

struct graphviz {
#define X(ret, name, params) ret (*name) params;
	GRAPHVIZ_FUNCS
#undef X
	Agdesc_t directed;          /* cgraph's Agdirected */
	GVC_t *gvc;                 /* a context with the built-in plugins */
};

/*
 * Graphviz, loaded by the first call (main thread only). NULL when it
 * cannot be loaded; *why then says why (static string).
 */
const struct graphviz *graphviz_get(const char **why);

#endif
