/*
 * cases.h — reading test cases kept as data files (tests/README.md): the
 * folder of a kind of case, its files in name order, a file's bytes, and
 * the update mode (SCS_UPDATE_GOLDEN=1) that writes what the code now gives
 * back into the expected files, for a change that is meant.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_TEST_CASES_H
#define SCS_TEST_CASES_H

#include "harness.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* tests/<kind> of the source tree (SCS_SOURCE_DIR, which ctest sets; else
 * relative to tests/unit, where ctest runs the unit tests). */
static inline const char *case_dir(const char *kind)
{
	static char buf[4096];
	const char *src = getenv("SCS_SOURCE_DIR");
	if (src && *src)
		snprintf(buf, sizeof buf, "%s/tests/%s", src, kind);
	else
		snprintf(buf, sizeof buf, "../%s", kind);
	return buf;
}

/* "dir/NAMEext" with the first nlen bytes of name (nlen < 0: all of it).
 * Free with free(). */
static inline char *case_path(const char *dir, const char *name, int nlen, const char *ext)
{
	if (nlen < 0)
		nlen = (int)strlen(name);
	size_t n = strlen(dir) + (size_t)nlen + strlen(ext) + 2;
	char *p = malloc(n);
	if (!p)
		abort();
	snprintf(p, n, "%s/%.*s%s", dir, nlen, name, ext);
	return p;
}

/* The whole file, NUL-terminated (it may hold NUL bytes: *len says how
 * long it is); NULL if it cannot be read. Free with free(). */
static inline char *case_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 4096, n = 0, k;
	char *s = malloc(cap);
	while (s && (k = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 == cap)
			s = realloc(s, cap *= 2);
	}
	fclose(f);
	if (!s)
		abort();
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

static inline bool case_write(const char *path, const char *s, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(s, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "cannot write %s\n", path);
	return ok;
}

/* SCS_UPDATE_GOLDEN=1 (as for the text and pixel goldens): write the
 * actual output over the expected one. */
static inline bool case_update(void)
{
	const char *u = getenv("SCS_UPDATE_GOLDEN");
	return u && strcmp(u, "1") == 0;
}

static int case_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the files in dir that end in suffix, sorted; *names is a
 * NULL-terminated array (free each and the array). Returns the count. */
static inline size_t case_list(const char *dir, const char *suffix, char ***names)
{
	size_t n = 0, cap = 16, sl = strlen(suffix);
	char **v = malloc(cap * sizeof *v);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l <= sl || strcmp(e->d_name + l - sl, suffix) != 0 || e->d_name[0] == '.')
			continue;
		if (n + 1 == cap)
			v = realloc(v, (cap *= 2) * sizeof *v);
		v[n++] = strdup(e->d_name);
	}
	if (d)
		closedir(d);
	qsort(v, n, sizeof *v, case_cmp);
	v[n] = NULL;
	*names = v;
	return n;
}

static inline void case_list_free(char **names)
{
	for (char **p = names; *p; p++)
		free(*p);
	free(names);
}

/* path with its last extension replaced by ext ("a/b.in" -> "a/b.html"). */
static inline char *case_sibling(const char *path, const char *ext)
{
	const char *dot = strrchr(path, '.');
	size_t n = dot ? (size_t)(dot - path) : strlen(path);
	char *p = malloc(n + strlen(ext) + 1);
	if (!p)
		abort();
	memcpy(p, path, n);
	strcpy(p + n, ext);
	return p;
}

/* With SCS_UPDATE_GOLDEN=1: write out over the file at path if they differ. */
static inline void case_update_file(const char *path, const char *out, size_t len)
{
	if (!case_update())
		return;
	size_t ol;
	char *orig = case_read(path, &ol);
	if (!orig || ol != len || memcmp(orig, out, len))
		case_write(path, out, len);
	free(orig);
}

/* run() on each file of tests/<kind> whose name ends in suffix, in name
 * order, with its text (NUL-terminated, writable, freed afterwards). */
typedef void (*case_file_fn)(const char *path, const char *name, char *text, size_t len);

static inline void case_each_file(const char *kind, const char *suffix, case_file_fn run)
{
	const char *dir = case_dir(kind);
	char **names;
	size_t n = case_list(dir, suffix, &names);
	OK(n > 0, "%s cases in %s", kind, dir);
	for (size_t i = 0; i < n; i++) {
		char *path = case_path(dir, names[i], -1, "");
		size_t len;
		char *text = case_read(path, &len);
		OK(text != NULL, "read %s", path);
		if (text)
			run(path, names[i], text, len);
		free(text);
		free(path);
	}
	case_list_free(names);
}

#endif
