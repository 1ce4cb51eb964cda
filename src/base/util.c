/*
 * util.c — allocation, arenas and bounded buffers (see util.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void oom(void)
{
	fputs("scs-pdf: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* ---- arena ---------------------------------------------------------- */

#define ARENA_BLOCK 65536

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *p;
};

struct arena {
	struct arena_block *head;
	struct arena_cleanup *cleanups;
	size_t total;
};

static struct arena_block *block_new(size_t cap)
{
	struct arena_block *b = xmalloc(sizeof *b + cap);
	b->next = NULL;
	b->used = 0;
	b->cap = cap;
	return b;
}

struct arena *arena_new(void)
{
	struct arena *a = xcalloc(1, sizeof *a);
	a->head = block_new(ARENA_BLOCK);
	return a;
}

void *arena_alloc(struct arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	struct arena_block *b = a->head;
	if (b->cap - b->used < n) {
		size_t cap = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;
		b = block_new(cap);
		if (cap == n && a->head) {
			/* A big one-off: keep the current block for small ones. */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->data + b->used;
	b->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	struct arena_cleanup *c = xmalloc(sizeof *c);
	c->fn = fn;
	c->p = p;
	c->next = a->cleanups;
	a->cleanups = c;
}

static void run_cleanups(struct arena *a)
{
	while (a->cleanups) {
		struct arena_cleanup *c = a->cleanups;
		a->cleanups = c->next;
		c->fn(c->p);
		free(c);
	}
}

void arena_reset(struct arena *a)
{
	run_cleanups(a);
	struct arena_block *b = a->head;
	while (b->next) {
		struct arena_block *n = b->next;
		b->next = n->next;
		free(n);
	}
	if (b->cap != ARENA_BLOCK) {
		free(b);
		b = block_new(ARENA_BLOCK);
	}
	b->used = 0;
	a->head = b;
	a->total = 0;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	run_cleanups(a);
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *n = b->next;
		free(b);
		b = n;
	}
	free(a);
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}

/* ---- strbuf --------------------------------------------------------- */

void strbuf_init(struct strbuf *b, size_t max)
{
	b->s = NULL;
	b->len = b->cap = 0;
	b->max = max;
	b->toobig = 0;
}

int strbuf_append(struct strbuf *b, const char *s, size_t n)
{
	if (b->toobig)
		return -1;
	if (b->max && (n > b->max || b->len > b->max - n)) {
		b->toobig = 1;
		return -1;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = xrealloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
	return 0;
}

int strbuf_puts(struct strbuf *b, const char *s)
{
	return strbuf_append(b, s, strlen(s));
}

int strbuf_printf(struct strbuf *b, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof small)
		return strbuf_append(b, small, (size_t)n);
	char *big = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int r = strbuf_append(b, big, (size_t)n);
	free(big);
	return r;
}

void strbuf_free(struct strbuf *b)
{
	free(b->s);
	strbuf_init(b, b->max);
}

/* Read f to its end and close it (unless it is stdin). */
static int read_stream(FILE *f, size_t max, char **out, size_t *out_len)
{
	struct strbuf b;
	strbuf_init(&b, max);
	/* A regular file is read in one piece into a buffer of its size (a
	 * photo of megabytes, copied once from the page cache); what follows
	 * if the file grew, and pipes, in 64 KiB pieces. */
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uintmax_t)st.st_size <= (max ? max : SIZE_MAX - 1)) {
		b.cap = (size_t)st.st_size + 1;
		b.s = xmalloc(b.cap);
		b.len = fread(b.s, 1, (size_t)st.st_size, f);
		b.s[b.len] = '\0';
	}
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		if (strbuf_append(&b, buf, n) < 0) {
			if (f != stdin)
				fclose(f);
			strbuf_free(&b);
			errno = EFBIG;
			return -1;
		}
	}
	int err = ferror(f);
	int saved = errno;
	if (f != stdin)
		fclose(f);
	if (err) {
		strbuf_free(&b);
		errno = saved ? saved : EIO;
		return -1;
	}
	if (!b.s)
		strbuf_append(&b, "", 0);
	*out = b.s;
	*out_len = b.len;
	return 0;
}

int read_file(const char *path, size_t max, char **out, size_t *out_len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	return f ? read_stream(f, max, out, out_len) : -1;
}

int read_regular_file(const char *path, size_t max, char **out, size_t *out_len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return read_fd(fd, max, out, out_len);
}

int read_fd(int fd, size_t max, char **out, size_t *out_len)
{
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		int err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	return read_stream(f, max, out, out_len);
}

/* cp as UTF-8 into out (room for 4 bytes); 0 and invalid code points
 * write nothing. Returns the length. */
int utf8_encode(char *out, uint32_t cp)
{
	if (!cp || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
		return 0;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* exported function documented in util.h */
void utf8_truncate_copy(char *out, size_t n, const char *s)
{
	size_t len = strlen(s);
	if (len < n) {
		memcpy(out, s, len + 1);
		return;
	}
	static const char ell[] = "\xE2\x80\xA6";        /* … */
	size_t keep = n > sizeof ell ? n - sizeof ell : 0;
	while (keep > 0 && ((unsigned char)s[keep] & 0xC0) == 0x80)
		keep--;                 /* s[keep] starts a character */
	memcpy(out, s, keep);
	memcpy(out + keep, ell, n > sizeof ell ? sizeof ell : 1);
	if (n <= sizeof ell)
		out[0] = '\0';
}
