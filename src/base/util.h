/*
 * util.h — memory helpers shared by every stage: abort-on-OOM allocation
 * (cmark's policy: this is a CLI, so running out of memory is not an error
 * path) and an arena with deferred cleanups for foreign objects (NetSurf's
 * talloc destructors).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_UTIL_H
#define SCS_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* An arena: many allocations, one free. Objects that need their own destructor
 * (PangoLayout, cairo surfaces, RsvgHandle) are registered with arena_defer()
 * and released, newest first, by arena_reset()/arena_free(). */
struct arena;

struct arena *arena_new(void);
void *arena_alloc(struct arena *a, size_t n);          /* zeroed, 16-aligned */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void arena_defer(struct arena *a, void (*fn)(void *), void *p);
void arena_reset(struct arena *a);                      /* keeps the first block */
void arena_free(struct arena *a);
size_t arena_used(const struct arena *a);

/* Growable byte buffer with a hard ceiling (curl's dynbuf "toobig"). */
struct strbuf {
	char *s;
	size_t len, cap, max;   /* max 0 = no ceiling */
	int toobig;             /* sticky: an append hit the ceiling */
};

void strbuf_init(struct strbuf *b, size_t max);
int strbuf_append(struct strbuf *b, const char *s, size_t n);  /* 0 ok, -1 toobig */
int strbuf_puts(struct strbuf *b, const char *s);
int strbuf_printf(struct strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_free(struct strbuf *b);

/* Read a whole file. Returns 0 and a NUL-terminated malloc'd buffer, or -1
 * with errno set. Files larger than max bytes fail with EFBIG. */
int read_file(const char *path, size_t max, char **out, size_t *out_len);
/* The same from an open file descriptor, which is closed in every case. */
int read_fd(int fd, size_t max, char **out, size_t *out_len);
/* read_file() of a regular file only: a FIFO, device or socket fails with
 * EINVAL without waiting for a writer (opened with O_NONBLOCK). */
int read_regular_file(const char *path, size_t max, char **out, size_t *out_len);

/* cp as UTF-8 into out (room for 4 bytes); 0, surrogates and values past
 * U+10FFFF write nothing. Returns the length. */
int utf8_encode(char *out, uint32_t cp);

/* s copied into out (n > 0 bytes, NUL-terminated), cut at a UTF-8
 * character boundary when it does not fit, "…" marking the cut. */
void utf8_truncate_copy(char *out, size_t n, const char *s);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif

#endif
