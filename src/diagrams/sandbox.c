/*
 * sandbox.c — diagrams drawn in a child process (see sandbox.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/sandbox.h"
#include "base/scs_limits.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The reply: ok, line, then the message's and the SVG's lengths and bytes. */
struct reply {
	uint32_t ok, line, msg_len, box_len;
	uint64_t svg_len;
};

static bool write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static bool run_here(diagram_fn fn, void *ctx, char **svg, size_t *len,
		     struct diagram_fail *f)
{
	struct strbuf b;
	strbuf_init(&b, MAX_DIAGRAM_SVG_BYTES);
	bool ok = fn(ctx, &b, f);
	if (ok && (b.toobig || !b.len)) {
		snprintf(f->msg, sizeof f->msg, b.toobig ? "the drawing is larger than %u bytes"
			 : "the drawing is empty", MAX_DIAGRAM_SVG_BYTES);
		ok = false;
	}
	if (!ok) {
		strbuf_free(&b);
		return false;
	}
	*svg = b.s;
	*len = b.len;
	return true;
}

static bool in_child;

/* exported function documented in sandbox.h */
bool diagram_in_child(void)
{
	return in_child;
}

static void child(int fd, diagram_fn fn, void *ctx, unsigned budget_ms)
{
	in_child = true;
	/* a backstop should the parent not be there to kill us */
	struct rlimit rl = { budget_ms / 1000 + 2, budget_ms / 1000 + 3 };
	setrlimit(RLIMIT_CPU, &rl);
	struct diagram_fail f = { .msg = "", .line = 0, .box = "" };
	char *svg = NULL;
	size_t len = 0;
	bool ok = run_here(fn, ctx, &svg, &len, &f);
	struct reply r = { ok, f.line, (uint32_t)strlen(f.msg), (uint32_t)strlen(f.box), len };
	bool w = write_all(fd, &r, sizeof r) && write_all(fd, f.msg, r.msg_len) &&
		 write_all(fd, f.box, r.box_len) && (!len || write_all(fd, svg, len));
	_exit(w ? 0 : 1);
}

/* Read n bytes from fd by the deadline. */
static bool read_all(int fd, void *p, size_t n, double deadline, bool *late)
{
	char *c = p;
	while (n) {
		double left = deadline - now_ms();
		if (left <= 0) {
			*late = true;
			return false;
		}
		struct pollfd pfd = { fd, POLLIN, 0 };
		int pr = poll(&pfd, 1, (int)left + 1);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr == 0)
			continue;
		if (pr < 0)
			return false;
		ssize_t r = read(fd, c, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		c += r;
		n -= (size_t)r;
	}
	return true;
}

/* exported function documented in sandbox.h */
bool diagram_sandbox(diagram_fn fn, void *ctx, unsigned budget_ms, char **svg, size_t *len,
		     struct diagram_fail *f)
{
	*svg = NULL;
	*len = 0;
	memset(f, 0, sizeof *f);
	if (!budget_ms)
		return run_here(fn, ctx, svg, len, f);
	int p[2];
	if (pipe(p)) {
		snprintf(f->msg, sizeof f->msg, "cannot make a pipe: %s", strerror(errno));
		return false;
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(f->msg, sizeof f->msg, "cannot start a process: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return false;
	}
	if (pid == 0) {
		close(p[0]);
		child(p[1], fn, ctx, budget_ms);
	}
	close(p[1]);
	double deadline = now_ms() + budget_ms;
	bool late = false, ok = false;
	struct reply r;
	if (read_all(p[0], &r, sizeof r, deadline, &late) && r.msg_len < sizeof f->msg &&
	    r.box_len < sizeof f->box && r.svg_len <= MAX_DIAGRAM_SVG_BYTES &&
	    read_all(p[0], f->msg, r.msg_len, deadline, &late) &&
	    read_all(p[0], f->box, r.box_len, deadline, &late)) {
		f->line = r.line;
		if (r.ok && r.svg_len) {
			*svg = xmalloc(r.svg_len + 1);
			ok = read_all(p[0], *svg, r.svg_len, deadline, &late);
			(*svg)[r.svg_len] = '\0';
			if (ok)
				*len = r.svg_len;
			else {
				free(*svg);
				*svg = NULL;
			}
		} else if (!r.ok)
			f->msg[r.msg_len] = '\0', f->box[r.box_len] = '\0';
	}
	close(p[0]);
	if (late)
		kill(pid, SIGKILL);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (late) {
		memset(f, 0, sizeof *f);
		snprintf(f->msg, sizeof f->msg, "not drawn within %u ms", budget_ms);
		return false;
	}
	if (WIFSIGNALED(st) && !ok && !f->msg[0])
		snprintf(f->msg, sizeof f->msg, "the layout stopped on signal %d (%s)",
			 WTERMSIG(st), WTERMSIG(st) == SIGXCPU ? "out of time" : strsignal(WTERMSIG(st)));
	else if (!ok && !f->msg[0])
		snprintf(f->msg, sizeof f->msg, "the drawing process failed");
	return ok;
}
