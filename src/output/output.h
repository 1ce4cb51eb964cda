/*
 * output.h — pages to files. A PDF that works as a document (links that
 * open or jump, an outline, page labels that are the slide numbers,
 * metadata, a tagged structure, reproducible bytes), laid out as slides
 * (one 1920×1080 page each), handouts (N slides per sheet of paper) or notes
 * pages; or one PNG or SVG file per page. Files are written through a
 * temporary file renamed only when complete.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_OUTPUT_H
#define SCS_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

struct deck;

/* The default output name: the deck's base name with extension ext
 * ("-" for a deck read from standard input; for a URL, the note's name).
 * malloc'd. */
char *output_default_name(const char *input, const char *ext);

/* Write the deck k to out ("-" = stdout) as k->o asks: format, layout
 * (--handout, --notes-pages), --slides. */
enum scs_status output_write(struct deck *k, const char *out);

/* On a signal that ends the program while it may be writing a file
 * (SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGXCPU, SIGXFSZ), remove the
 * half-written output file, then end by that signal (exit status 128 + its
 * number in a shell). Signals that are ignored when the program starts stay
 * ignored. */
void output_catch_signals(void);

/* Run handler (once: SA_RESETHAND) on those signals, those ignored left
 * alone; it ends by raising the signal again. */
void output_on_signals(void (*handler)(int));

/*
 * --slides: a comma-separated list of slide positions (1-based, in reading
 * order) and ranges "A-B", "A-" (to the last). With sel (n entries), marks
 * the chosen slides. Returns how many of the n slides are chosen (0
 * without sel), or -1 when spec is malformed.
 */
long output_select(const char *spec, size_t n, bool *sel);

/*
 * Output name patterns for one file per page (-o slide-%03d.png): at most
 * one printf-style integer conversion "%d" with optional 0 flag and width,
 * and "%%" for a percent sign. output_pattern_kind() returns 1 when pat has
 * the conversion, 0 when it has none, -1 when it is malformed.
 * output_pattern_name() formats n into buf (false if it does not fit).
 */
int output_pattern_kind(const char *pat);
bool output_pattern_name(const char *pat, long n, char *buf, size_t cap);

#endif
