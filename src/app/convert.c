/*
 * convert.c — one run of one deck (see convert.h): the deck loaded
 * (deck.h), then checked, dumped or written (check.h, output.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "app/convert.h"
#include "base/util.h"
#include "deck/deck.h"
#include "math/math.h"
#include "output/check.h"
#include "output/dump.h"
#include "output/libqpdf_dl.h"
#include "output/output.h"
#include "text/text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum scs_status scs_convert(const struct scs_options *o, struct diag *d)
{
	struct deck k;
	output_catch_signals();
	math_new_deck();
	/* a PDF is finished through libqpdf at the end: it loads on a helper
	 * thread meanwhile (libqpdf_dl.h) */
	bool pdf = o->format == FORMAT_PDF && o->dump == DUMP_NONE && !o->check;
	if (pdf)
		libqpdf_preload();
	enum scs_status st = deck_open(&k, o, d);
	if (st != SCS_OK) {
		/* not loaded, no fonts: nothing to write */
	} else if (o->check) {
		st = check_deck(&k);
	} else if (o->dump != DUMP_NONE) {
		st = output_dump(&k);
	} else {
		static const char *const ext[] = { "pdf", "png", "svg" };
		char *out = o->output ? xstrdup(o->output)
			    : output_default_name(o->input, ext[o->format]);
		st = output_write(&k, out);
		free(out);
	}
	if (st == SCS_OK && o->strict && (d->n_warnings || d->n_errors))
		st = SCS_ERR_WARNINGS;
	deck_close(&k);
	/* the helper thread loading libqpdf must not be loading it still when
	 * the program ends (whatever the deck's fate) */
	if (pdf)
		libqpdf_get(NULL);
	math_new_deck();
	return st;
}
