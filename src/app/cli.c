/*
 * cli.c — command-line parsing (see cli.h).
 *
 * One table, sorted by long name, drives both parsing and --help (curl's
 * tool_getparam + tool_help). Long options take their value as `--opt=V`
 * or `--opt V`, short ones as `-oV` or `-o V`; `--` ends the options.
 * What one option cannot check alone (combinations, several decks) is
 * checked once all are read.
 *
 * SPDX-License-Identifier: MIT
 */
#include "app/cli.h"
#include "resources/deck_fetch.h"
#include "output/handout.h"
#include "output/output.h"
#include "base/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum opt_id {
	OPT_ALLOW_PRIVATE, OPT_ALLOW_REMOTE, OPT_ASSET_MAP, OPT_CACHE_DIR, OPT_CHECK,
	OPT_DATA_DIR, OPT_DUMP, OPT_FETCH_TIMEOUT, OPT_FORMAT, OPT_FRAGMENTS, OPT_HANDOUT,
	OPT_HELP, OPT_JOBS, OPT_JSON, OPT_MATH, OPT_NO_CACHE, OPT_NOTES_PAGES, OPT_OFFLINE,
	OPT_OUTPUT, OPT_OUTPUT_DIR, OPT_PAPER, OPT_PDFA,
	OPT_QUIET, OPT_SAFE, OPT_SCALE, OPT_SLIDES, OPT_STRICT, OPT_THEME, OPT_VERBOSE, OPT_VERSION
};

struct opt {
	const char *lname;
	char sname;
	bool arg;
	enum opt_id id;
	/* argname of an option without arg: its optional "=V" (--opt=V only) */
	const char *argname, *help;
};

/* Sorted by long name; --help prints them in this order. */
static const struct opt options[] = {
	{ "allow-private", 0, false, OPT_ALLOW_PRIVATE, NULL,
	  "with --allow-remote: also connect to loopback, private, link-local and "
	  "multicast addresses" },
	{ "allow-remote", 0, false, OPT_ALLOW_REMOTE, NULL,
	  "with --safe: fetch http(s) pictures and decks (only http and https, "
	  "also after redirects; public addresses only)" },
	{ "asset-map", 0, true, OPT_ASSET_MAP, "PREFIX=DIR",
	  "read images whose URL starts with PREFIX from DIR (repeatable)" },
	{ "cache-dir", 0, true, OPT_CACHE_DIR, "DIR",
	  "keep fetched images in DIR (default: $XDG_CACHE_HOME/scs-pdf)" },
	{ "check", 0, false, OPT_CHECK, NULL,
	  "write nothing; list every problem (slides cut off, missing images, "
	  "dropped CSS, unknown theme); status 1 if there are any" },
	{ "data-dir", 0, true, OPT_DATA_DIR, "DIR",
	  "where fonts/ and themes/ are (default: found automatically)" },
	{ "dump", 0, true, OPT_DUMP, "WHAT",
	  "print dom, style, boxes, dl (display list) or notes per slide; no output file" },
	{ "fetch-timeout", 0, true, OPT_FETCH_TIMEOUT, "S",
	  "give up on a remote image or deck after S seconds (default 30)" },
	{ "format", 0, true, OPT_FORMAT, "FMT",
	  "pdf (default), png or svg (one file per page; -o may hold a %d pattern)" },
	{ "fragments", 0, false, OPT_FRAGMENTS, NULL,
	  "one page per fragment step (reveal's print view); default: the final state" },
	{ "handout", 0, true, OPT_HANDOUT, "N",
	  "N slides per sheet of paper: 1, 2, 3 (with lines for notes), 4, 6 or 9" },
	{ "help", 'h', false, OPT_HELP, NULL, "show this help and exit" },
	{ "jobs", 'j', true, OPT_JOBS, "N",
	  "convert N decks at once (0: one per processor; default 1)" },
	{ "json", 0, false, OPT_JSON, NULL,
	  "with --check: one JSON object per deck on stdout instead of messages" },
	{ "math", 0, true, OPT_MATH, "HOW",
	  "typeset (default: formulas typeset as MathJax shows them), unicode "
	  "(converted to Unicode text) or tex (their TeX source, as before MathJax runs)" },
	{ "no-cache", 0, false, OPT_NO_CACHE, NULL,
	  "neither read nor write the image cache" },
	{ "notes-pages", 0, false, OPT_NOTES_PAGES, NULL,
	  "one slide per sheet of paper with its speaker notes below it" },
	{ "offline", 0, false, OPT_OFFLINE, NULL,
	  "no network: remote images only from the cache and the asset maps" },
	{ "output", 'o', true, OPT_OUTPUT, "FILE",
	  "output file ('-' = stdout; default: the deck's name with .pdf)" },
	{ "output-dir", 'O', true, OPT_OUTPUT_DIR, "DIR",
	  "write each deck's output into DIR, named after the deck" },
	{ "paper", 0, true, OPT_PAPER, "SIZE",
	  "paper of --handout and --notes-pages: a4 (default) or letter" },
	{ "pdfa", 0, false, OPT_PDFA, "[=2b|3b]",
	  "write PDF/A-2b (archival: sRGB output intent, XMP metadata); =3b: "
	  "PDF/A-3b with the deck's Markdown embedded as its source" },
	{ "quiet", 'q', false, OPT_QUIET, NULL, "do not print warnings" },
	{ "safe", 0, false, OPT_SAFE, NULL,
	  "for untrusted decks: read no file outside the deck's folder and the "
	  "asset maps' (no absolute paths, file: URLs or links out), no network "
	  "unless --allow-remote" },
	{ "scale", 0, true, OPT_SCALE, "F",
	  "png/svg: pixels per point (default 1: a slide is 1920x1080)" },
	{ "slides", 0, true, OPT_SLIDES, "LIST",
	  "only these slides, by position: e.g. 1-5,8 or 10-" },
	{ "strict", 0, false, OPT_STRICT, NULL,
	  "exit with status 8 when any warning was reported" },
	{ "theme", 0, true, OPT_THEME, "NAME",
	  "override the deck's reveal.js theme (black, white, beige, ...)" },
	{ "verbose", 'v', false, OPT_VERBOSE, NULL, "say what was written, and how fast" },
	{ "version", 0, false, OPT_VERSION, NULL, "print the version and exit" },
};

/* exported function documented in cli.h */
void cli_usage(FILE *out)
{
	fputs("Usage: scs-pdf [OPTIONS] DECK...\n"
	      "Render HedgeDoc slide decks to PDF, as HedgeDoc's slide mode "
	      "(reveal.js 3.9.2) shows them.\n\nOptions:\n", out);
	for (size_t i = 0; i < ARRAY_LEN(options); i++) {
		const struct opt *o = &options[i];
		char left[64];
		if (o->sname)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->sname, o->lname,
				 o->arg ? " " : "", o->arg ? o->argname : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->lname,
				 o->arg ? " " : "", o->argname ? o->argname : "");
		fprintf(out, "  %-28s", left);
		/* the help text, word-wrapped to 80 columns */
		int col = 30;
		for (const char *p = o->help; *p;) {
			size_t w = strcspn(p, " ");
			if (col + 1 + (int)w > 79) {
				fprintf(out, "\n  %-28s", "");
				col = 30;
			}
			fprintf(out, " %.*s", (int)w, p);
			col += 1 + (int)w;
			p += w;
			while (*p == ' ')
				p++;
		}
		fputc('\n', out);
	}
	fputs("\nDECK is a Markdown file, '-' for standard input, or the http(s) address\n"
	      "of a HedgeDoc note (its /download text is fetched). Several decks are\n"
	      "written each to its own file (see -O and -j). Diagnostics are printed as\n"
	      "FILE:LINE:COLUMN: severity: message (columns count bytes).\n"
	      "\nExit status (with several decks: the first deck's that is not 0):\n", out);
#define HELP_STATUS(name, value, meaning) fprintf(out, "  %d  %s\n", value, meaning);
	SCS_STATUSES(HELP_STATUS)
#undef HELP_STATUS
	fputs("No output file is left behind unless the status is 0 (or 8).\n"
	      "The environment variable SOURCE_DATE_EPOCH sets the PDF's dates, so the\n"
	      "same input gives the same bytes.\n", out);
}

static const struct opt *find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(options); i++)
		if (strlen(options[i].lname) == len && !strncmp(options[i].lname, name, len))
			return &options[i];
	return NULL;
}

static const struct opt *find_short(char c)
{
	for (size_t i = 0; i < ARRAY_LEN(options); i++)
		if (options[i].sname == c)
			return &options[i];
	return NULL;
}

static enum cli_result usage_error(FILE *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static enum cli_result usage_error(FILE *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("scs-pdf: ", err);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputs("\nscs-pdf: try 'scs-pdf --help' for more information\n", err);
	return CLI_EXIT_USAGE;
}

/* A whole decimal number in [lo, hi], or -1. */
static long parse_int(const char *s, long lo, long hi)
{
	char *end;
	long v = strtol(s, &end, 10);
	return end == s || *end || v < lo || v > hi ? -1 : v;
}

static enum cli_result apply(const struct opt *op, const char *val,
			     struct scs_options *o, FILE *out, FILE *err)
{
	switch (op->id) {
	case OPT_ALLOW_PRIVATE: o->allow_private = true; break;
	case OPT_ALLOW_REMOTE: o->allow_remote = true; break;
	case OPT_ASSET_MAP:
		if (!strchr(val, '=') || val[0] == '=')
			return usage_error(err, "--asset-map wants PREFIX=DIR, not '%s'", val);
		if (o->n_asset_map >= MAX_ASSET_MAPS)
			return usage_error(err, "too many --asset-map options");
		o->asset_map[o->n_asset_map++] = val;
		o->asset_map[o->n_asset_map] = NULL;
		break;
	case OPT_CACHE_DIR: o->cache_dir = val; break;
	case OPT_CHECK: o->check = true; break;
	case OPT_DATA_DIR: o->data_dir = val; break;
	case OPT_DUMP:
		if (!strcmp(val, "dom")) o->dump = DUMP_DOM;
		else if (!strcmp(val, "style")) o->dump = DUMP_STYLE;
		else if (!strcmp(val, "boxes")) o->dump = DUMP_BOXES;
		else if (!strcmp(val, "dl")) o->dump = DUMP_DL;
		else if (!strcmp(val, "notes")) o->dump = DUMP_NOTES;
		else return usage_error(err, "--dump wants dom, style, boxes, dl or notes, not '%s'", val);
		break;
	case OPT_FORMAT:
		if (!strcmp(val, "pdf")) o->format = FORMAT_PDF;
		else if (!strcmp(val, "png")) o->format = FORMAT_PNG;
		else if (!strcmp(val, "svg")) o->format = FORMAT_SVG;
		else return usage_error(err, "--format wants pdf, png or svg, not '%s'", val);
		break;
	case OPT_FETCH_TIMEOUT: {
		char *end;
		o->fetch_timeout = strtod(val, &end);
		if (*end || !(o->fetch_timeout > 0) || o->fetch_timeout > 3600)
			return usage_error(err, "--fetch-timeout wants seconds in (0, 3600], not '%s'",
					   val);
		break;
	}
	case OPT_FRAGMENTS: o->fragments = true; break;
	case OPT_HANDOUT: {
		long n = parse_int(val, 1, 9);
		if (n < 0 || n == 5 || n == 7 || n == 8)
			return usage_error(err, "--handout wants 1, 2, 3, 4, 6 or 9, not '%s'", val);
		o->handout = (int)n;
		break;
	}
	case OPT_HELP: cli_usage(out); return CLI_EXIT_OK;
	case OPT_JOBS: {
		long n = parse_int(val, 0, MAX_JOBS);
		if (n < 0)
			return usage_error(err, "--jobs wants a number from 0 to %d, not '%s'",
					   MAX_JOBS, val);
		if (n == 0) {
			long cpus = sysconf(_SC_NPROCESSORS_ONLN);
			n = cpus > 0 ? MIN(cpus, MAX_JOBS) : 1;
		}
		o->jobs = (int)n;
		break;
	}
	case OPT_JSON: o->json = true; break;
	case OPT_MATH:
		if (!strcmp(val, "typeset")) o->markdown.math = MARKDOWN_MATH_TYPESET;
		else if (!strcmp(val, "unicode")) o->markdown.math = MARKDOWN_MATH_UNICODE;
		else if (!strcmp(val, "tex")) o->markdown.math = MARKDOWN_MATH_TEX;
		else return usage_error(err, "--math wants typeset, unicode or tex, not '%s'", val);
		break;
	case OPT_NO_CACHE: o->no_cache = true; break;
	case OPT_NOTES_PAGES: o->notes_pages = true; break;
	case OPT_OFFLINE: o->offline = true; break;
	case OPT_OUTPUT: o->output = val; break;
	case OPT_OUTPUT_DIR: o->output_dir = val; break;
	case OPT_PAPER:
		if (!strcmp(val, "a4") || !strcmp(val, "A4")) o->paper = PAPER_A4;
		else if (!strcmp(val, "letter")) o->paper = PAPER_LETTER;
		else return usage_error(err, "--paper wants a4 or letter, not '%s'", val);
		break;
	case OPT_PDFA:
		if (!val || !strcmp(val, "2b") || !strcmp(val, "2")) o->pdfa = 2;
		else if (!strcmp(val, "3b") || !strcmp(val, "3")) o->pdfa = 3;
		else return usage_error(err, "--pdfa wants 2b or 3b, not '%s'", val);
		break;
	case OPT_QUIET: o->quiet = true; break;
	case OPT_SAFE: o->safe = true; break;
	case OPT_SCALE: {
		char *end;
		o->scale = strtod(val, &end);
		if (end == val || *end || !(o->scale > 0 && o->scale <= 8))
			return usage_error(err, "--scale wants a number in (0, 8], not '%s'", val);
		break;
	}
	case OPT_SLIDES:
		if (output_select(val, 0, NULL) < 0)
			return usage_error(err, "--slides wants positions and ranges such as "
					   "1-5,8 or 10-, not '%s'", val);
		o->slides = val;
		break;
	case OPT_STRICT: o->strict = true; break;
	case OPT_THEME: o->theme = val; break;
	case OPT_VERBOSE: o->verbose++; break;
	case OPT_VERSION: fprintf(out, "scs-pdf %s\n", SCS_VERSION); return CLI_EXIT_OK;
	}
	return CLI_RUN;
}

/* What no single option can check. */
static enum cli_result check_combination(struct scs_options *o, FILE *err)
{
	if (!o->n_inputs)
		return usage_error(err, "no deck given");
	int n_stdin = 0;
	for (int i = 0; i < o->n_inputs; i++)
		n_stdin += !strcmp(o->inputs[i], "-");
	if (n_stdin > 1)
		return usage_error(err, "standard input ('-') can be read only once");
	if (o->n_inputs > 1 && o->output)
		return usage_error(err, "-o names one file; for several decks use -O DIR "
				   "(got -o '%s')", o->output);
	if (o->output && o->output_dir)
		return usage_error(err, "-o and -O exclude each other (got -o '%s')", o->output);
	if (o->json && !o->check)
		return usage_error(err, "--json goes with --check");
	if (o->allow_remote && !o->safe)
		return usage_error(err, "--allow-remote goes with --safe (without it, "
				   "the network is always allowed)");
	if (o->allow_private && !o->allow_remote)
		return usage_error(err, "--allow-private goes with --safe --allow-remote");
	/* a server must not be made to fetch a note it was not told it may */
	for (int i = 0; o->safe && !o->allow_remote && i < o->n_inputs; i++)
		if (deck_is_url(o->inputs[i]))
			return usage_error(err, "--safe: the deck '%s' is on the network; "
					   "fetching it needs --allow-remote", o->inputs[i]);
	if (o->handout && o->notes_pages)
		return usage_error(err, "--handout and --notes-pages exclude each other");
	if (o->pdfa && o->format != FORMAT_PDF)
		return usage_error(err, "--pdfa goes with PDF output, not --format %s",
				   o->format == FORMAT_PNG ? "png" : "svg");
	if (o->output && o->format != FORMAT_PDF && strcmp(o->output, "-") &&
	    output_pattern_kind(o->output) < 0)
		return usage_error(err, "-o '%s': a file name pattern takes one %%d with an "
				   "optional 0 and width, e.g. slide-%%03d.png (%%%% for %%)",
				   o->output);
	return CLI_RUN;
}

/* exported function documented in cli.h */
enum cli_result cli_parse(int argc, char **argv, struct scs_options *o, FILE *out,
			  FILE *err)
{
	memset(o, 0, sizeof *o);
	o->scale = 1;
	o->jobs = 1;
	o->dump_out = stdout;
	o->inputs = xcalloc((size_t)(argc > 0 ? argc : 1), sizeof *o->inputs);
	bool only_files = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_files || a[0] != '-' || !strcmp(a, "-")) {
			o->inputs[o->n_inputs++] = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			only_files = true;
			continue;
		}
		const struct opt *op;
		const char *val = NULL;
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			op = find_long(a + 2, len);
			if (!op)
				return usage_error(err, "unknown option '%s'", a);
			if (eq) {
				if (!op->arg && !op->argname)
					return usage_error(err, "option '%s' takes no value", a);
				val = eq + 1;
			}
		} else {
			/* -qv: flags may share one dash; a value ends the group
			 * (-o FILE, -oFILE, -qoFILE) */
			for (const char *c = a + 1;; c++) {
				op = find_short(*c);
				if (!op)
					return usage_error(err, "unknown option '-%c' in '%s'", *c, a);
				if (op->arg) {
					if (c[1])
						val = c + 1;
					break;
				}
				if (!c[1])
					break;
				enum cli_result r = apply(op, NULL, o, out, err);
				if (r != CLI_RUN)
					return r;
			}
		}
		if (op->arg && !val) {
			if (i + 1 >= argc)
				return usage_error(err, "option '%s' needs a value", a);
			val = argv[++i];
		}
		enum cli_result r = apply(op, val, o, out, err);
		if (r != CLI_RUN)
			return r;
	}
	o->input = o->n_inputs ? o->inputs[0] : NULL;
	return check_combination(o, err);
}

/* exported function documented in cli.h */
void cli_free(struct scs_options *o)
{
	free(o->inputs);
	o->inputs = NULL;
	o->n_inputs = 0;
}
