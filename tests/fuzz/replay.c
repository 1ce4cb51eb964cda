/*
 * replay.c — runs a fuzz harness over files (the regression inputs in
 * tests/fuzz/regressions/, the seed corpus), so every crash a fuzzer once
 * found stays a test in the ordinary build, without clang or libFuzzer.
 *
 * SPDX-License-Identifier: MIT
 */
#include "base/util.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	char *buf;
	size_t len;
	if (read_file(path, 1u << 24, &buf, &len) < 0) {
		fprintf(stderr, "%s: cannot read\n", path);
		return -1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)buf, len);
	free(buf);
	return 1;
}

/* Each argument is a file, or a folder whose files are replayed. */
int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			DIR *dir = opendir(argv[i]);
			struct dirent *e;
			while (dir && (e = readdir(dir))) {
				if (e->d_name[0] == '.')
					continue;
				char path[4096];
				snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
				int r = replay_file(path);
				if (r < 0)
					return 1;
				n += r;
			}
			if (dir)
				closedir(dir);
			continue;
		}
		int r = replay_file(argv[i]);
		if (r < 0)
			return 1;
		n += r;
	}
	printf("%d inputs replayed\n", n);
	return 0;
}
