/*
 * fuzz_frontmatter.c — libFuzzer harness for the deck's first stages: the
 * YAML front matter (libyaml) and HedgeDoc's slide split with its Note: and
 * whitespace rules.
 *
 * SPDX-License-Identifier: MIT
 */
#include "base/diag.h"
#include "markdown/frontmatter.h"
#include "markdown/split.h"
#include "base/util.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	struct arena *a = arena_new();
	struct diag d;
	diag_init(&d, null);
	struct diag_file src;
	diag_file_init(&src, "fuzz.md", (const char *)data, size);
	struct deck_meta m;
	frontmatter_parse(a, &d, &src, &m);
	struct slide *slides;
	size_t n;
	split_deck(a, &d, &src, m.body_offset, &slides, &n);
	diag_file_free(&src);
	arena_free(a);
	return 0;
}
