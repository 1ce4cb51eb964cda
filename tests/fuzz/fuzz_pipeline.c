/*
 * fuzz_pipeline.c — libFuzzer harness for the whole pipeline: the input is a
 * deck, converted as `scs-pdf --dump=dl --quiet` would convert it (front
 * matter, split, Markdown, HTML, cascade, boxes, layout, paint), with the
 * bundled fonts and no network. The deck is written to a file in a private
 * temporary folder, so its relative image paths find nothing.
 *
 * SPDX-License-Identifier: MIT
 */
#include "app/convert.h"
#include "base/diag.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	static char path[256];
	if (!null) {
		null = fopen("/dev/null", "w");
		char dir[] = "/tmp/scs-fuzz-XXXXXX";
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof path, "%s/deck.md", dir);
	}
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);

	struct scs_options o;
	memset(&o, 0, sizeof o);
	o.input = path;
	o.inputs = &o.input;
	o.n_inputs = 1;
	o.jobs = 1;
	o.dump = DUMP_DL;
	o.dump_out = null;
	o.quiet = true;
	o.data_dir = getenv("SCS_SOURCE_DIR");
	struct diag d;
	diag_init(&d, null);
	d.quiet = true;
	scs_convert(&o, &d);
	return 0;
}
