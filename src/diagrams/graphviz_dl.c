/*
 * graphviz_dl.c — Graphviz loaded on first use (see graphviz_dl.h).
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE    /* dladdr */
#include "diagrams/graphviz_dl.h"
#include "base/dynlib.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Graphviz's plugins live in graphviz/ beside libgvc: the library named
 * `plugin` there, and its `sym` (the plugin's table) into *addr. */
static bool load_plugin(void *gvc_fn, const char *plugin, const char *sym, void **addr,
			char *why, size_t why_len)
{
	Dl_info info;
	if (!dladdr(gvc_fn, &info) || !info.dli_fname) {
		snprintf(why, why_len, "cannot find where libgvc is");
		return false;
	}
	const char *slash = strrchr(info.dli_fname, '/');
	int dir = slash ? (int)(slash - info.dli_fname) : 0;
	char path[4096];
	snprintf(path, sizeof path, "%.*s%sgraphviz/%s", dir, info.dli_fname, slash ? "/" : "",
		 plugin);
	const char *names[] = { path };
	void *lib = dynlib_open(names, 1, why, why_len);
	if (!lib)
		return false;
	*addr = dlsym(lib, sym);
	if (!*addr) {
		snprintf(why, why_len, "%s has no %s", plugin, sym);
		return false;
	}
	return true;
}

/* exported function documented in graphviz_dl.h */
const struct graphviz *graphviz_get(const char **why)
{
	static struct graphviz api;
	static int state;           /* 0 not tried yet, 1 loaded, -1 failed */
	static char err[512];
	if (state == 0) {
		static const char *const gvc[] = { "libgvc.so.6" };
		static const char *const cgraph[] = { "libcgraph.so.6" };
		void *lg = dynlib_open(gvc, 1, err, sizeof err);
		void *lc = lg ? dynlib_open(cgraph, 1, err, sizeof err) : NULL;
		bool ok = lg && lc;
#define X(ret, name, params) \
		ok = ok && dynlib_fn(!strncmp(#name, "gv", 2) ? lg : lc, #name, &api.name, err, \
				 sizeof err);
		GRAPHVIZ_FUNCS
#undef X
		const Agdesc_t *dir = ok ? dlsym(lc, "Agdirected") : NULL;
		if (ok && !dir) {
			snprintf(err, sizeof err, "libcgraph has no Agdirected");
			ok = false;
		}
		if (ok)
			api.directed = *dir;
		/* the built-in plugins: layouts and the SVG renderer */
		static lt_symlist_t builtins[] = {
			{ "gvplugin_dot_layout_LTX_library", NULL },
			{ "gvplugin_neato_layout_LTX_library", NULL },
			{ "gvplugin_core_LTX_library", NULL },
			{ NULL, NULL },
		};
		static const char *const files[] = {
			"libgvplugin_dot_layout.so.6", "libgvplugin_neato_layout.so.6",
			"libgvplugin_core.so.6",
		};
		void *anchor;
		memcpy(&anchor, &api.gvContextPlugins, sizeof anchor);
		for (size_t i = 0; ok && i < sizeof files / sizeof *files; i++)
			ok = load_plugin(anchor, files[i], builtins[i].name, &builtins[i].address,
					 err, sizeof err);
		if (ok) {
			api.gvc = api.gvContextPlugins(builtins, 0);
			if (!api.gvc) {
				snprintf(err, sizeof err, "Graphviz failed to initialise");
				ok = false;
			}
		}
		state = ok ? 1 : -1;
	}
	if (state < 0) {
		if (why)
			*why = err;
		return NULL;
	}
	return &api;
}
