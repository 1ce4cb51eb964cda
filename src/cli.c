/*
 * cli.c — command-line parsing (see cli.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "cli.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

enum opt_id {
	OPT_ASSET_MAP, OPT_DATA_DIR, OPT_DUMP, OPT_FORMAT, OPT_FRAGMENTS, OPT_HELP, OPT_OUTPUT,
	OPT_QUIET, OPT_SCALE, OPT_STRICT, OPT_THEME, OPT_VERBOSE, OPT_VERSION
};

struct opt {
	const char *lname;
	char sname;
	bool arg;
	enum opt_id id;
	const char *argname, *help;
};

/* Sorted by long name; --help prints them in this order. */
static const struct opt options[] = {
	{ "asset-map", 0, true, OPT_ASSET_MAP, "PREFIX=DIR",
	  "read images whose URL starts with PREFIX from DIR (repeatable)" },
	{ "data-dir", 0, true, OPT_DATA_DIR, "DIR",
	  "where fonts/ and themes/ are (default: found automatically)" },
	{ "dump", 0, true, OPT_DUMP, "WHAT",
	  "print dom, style, boxes, dl (display list) or notes per slide; no output file" },
	{ "format", 0, true, OPT_FORMAT, "FMT",
	  "pdf (default) or png (one file per slide; -o may hold a %d pattern)" },
	{ "fragments", 0, false, OPT_FRAGMENTS, NULL,
	  "one page per fragment step (reveal's print view); default: the final state" },
	{ "help", 'h', false, OPT_HELP, NULL, "show this help and exit" },
	{ "output", 'o', true, OPT_OUTPUT, "FILE",
	  "output file ('-' = stdout; default: the deck's name with .pdf)" },
	{ "quiet", 'q', false, OPT_QUIET, NULL, "do not print warnings" },
	{ "scale", 0, true, OPT_SCALE, "F",
	  "png: pixels per page point (default 1 = 1920x1080)" },
	{ "strict", 0, false, OPT_STRICT, NULL,
	  "exit with status 8 when any warning was reported" },
	{ "theme", 0, true, OPT_THEME, "NAME",
	  "override the deck's reveal.js theme (black, white, beige, ...)" },
	{ "verbose", 'v', false, OPT_VERBOSE, NULL, "say more about what happens" },
	{ "version", 0, false, OPT_VERSION, NULL, "print the version and exit" },
};

void cli_usage(FILE *out)
{
	fputs("Usage: scs-pdf [OPTIONS] DECK.md\n"
	      "Render a HedgeDoc slide deck to PDF, as HedgeDoc's slide mode "
	      "(reveal.js 3.9.2) shows it.\n\nOptions:\n", out);
	for (size_t i = 0; i < ARRAY_LEN(options); i++) {
		const struct opt *o = &options[i];
		char left[64];
		if (o->sname)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->sname, o->lname,
				 o->arg ? " " : "", o->arg ? o->argname : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->lname,
				 o->arg ? " " : "", o->arg ? o->argname : "");
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
	fputs("\nDECK may be '-' for standard input. Diagnostics are printed as\n"
	      "FILE:LINE:COLUMN: severity: message (columns count bytes).\n"
	      "\nExit status:\n"
	      "  0  success\n"
	      "  2  usage error (bad option or arguments)\n"
	      "  3  the deck cannot be read (missing, unreadable, too large)\n"
	      "  4  the bundled fonts cannot be loaded\n"
	      "  5  rendering failed\n"
	      "  6  the output cannot be written\n"
	      "  8  --strict and warnings were reported\n"
	      "No output file is left behind unless the status is 0 (or 8).\n", out);
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

static enum cli_result usage_error(FILE *err, const char *fmt, const char *what)
{
	fputs("scs-pdf: ", err);
	fprintf(err, fmt, what);
	fputs("\nscs-pdf: try 'scs-pdf --help' for more information\n", err);
	return CLI_EXIT_USAGE;
}

static enum cli_result apply(const struct opt *op, const char *val,
			     struct scs_options *o, FILE *out, FILE *err)
{
	switch (op->id) {
	case OPT_ASSET_MAP:
		if (!strchr(val, '=') || val[0] == '=')
			return usage_error(err, "--asset-map wants PREFIX=DIR, not '%s'", val);
		if (o->n_asset_map >= MAX_ASSET_MAPS)
			return usage_error(err, "too many --asset-map options%s", "");
		o->asset_map[o->n_asset_map++] = val;
		o->asset_map[o->n_asset_map] = NULL;
		break;
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
		else return usage_error(err, "--format wants pdf or png, not '%s'", val);
		break;
	case OPT_FRAGMENTS: o->fragments = true; break;
	case OPT_HELP: cli_usage(out); return CLI_EXIT_OK;
	case OPT_OUTPUT: o->output = val; break;
	case OPT_QUIET: o->quiet = true; break;
	case OPT_SCALE: {
		char *end;
		o->scale = strtod(val, &end);
		if (*end || o->scale <= 0 || o->scale > 8)
			return usage_error(err, "--scale wants a number in (0, 8], not '%s'", val);
		break;
	}
	case OPT_STRICT: o->strict = true; break;
	case OPT_THEME: o->theme = val; break;
	case OPT_VERBOSE: o->verbose++; break;
	case OPT_VERSION: fprintf(out, "scs-pdf %s\n", SCS_VERSION); return CLI_EXIT_OK;
	}
	return CLI_RUN;
}

enum cli_result cli_parse(int argc, char **argv, struct scs_options *o, FILE *out,
			  FILE *err)
{
	memset(o, 0, sizeof *o);
	o->scale = 1;
	o->dump_out = stdout;
	bool only_files = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_files || a[0] != '-' || !strcmp(a, "-")) {
			if (o->input)
				return usage_error(err, "only one deck at a time (got '%s' too)", a);
			o->input = a;
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
				if (!op->arg)
					return usage_error(err, "option '%s' takes no value", a);
				val = eq + 1;
			}
		} else {
			op = find_short(a[1]);
			if (!op)
				return usage_error(err, "unknown option '%s'", a);
			if (a[2]) {
				if (!op->arg)
					return usage_error(err, "unknown option '%s'", a);
				val = a + 2;
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
	if (!o->input)
		return usage_error(err, "no deck given%s", "");
	return CLI_RUN;
}
