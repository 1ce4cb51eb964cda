/*
 * abc.c — ABC notation through abcm2ps (see abc.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/abc.h"
#include "base/scs_limits.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* The tune with every line that could name a file blanked to a comment
 * (`%%abc-include`, `%%format`, `%%EPS`, … and the `I:` field forms), so
 * that line numbers stay those of the block. */
static char *scrubbed(const char *text)
{
	char *s = xstrdup(text);
	for (char *l = s; *l;) {
		char *p = l;
		while (*p == ' ' || *p == '\t')
			p++;
		size_t n = strcspn(l, "\n");
		if ((p[0] == '%' && p[1] == '%') || (p[0] == 'I' && p[1] == ':'))
			for (size_t i = 0; i < n; i++)
				l[i] = '%';
		l += n;
		if (*l)
			l++;
	}
	return s;
}

static void grandchild(int in, int out, int err, unsigned budget_ms)
{
	dup2(in, 0);
	dup2(out, 1);
	dup2(err, 2);
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	struct rlimit cpu = { budget_ms / 1000 + 1, budget_ms / 1000 + 2 };
	struct rlimit mem = { 512u << 20, 512u << 20 };
	struct rlimit none = { 0, 0 }, files = { 8, 8 };
	setrlimit(RLIMIT_CPU, &cpu);
	setrlimit(RLIMIT_AS, &mem);
	setrlimit(RLIMIT_FSIZE, &none);    /* it writes to the pipe only */
	setrlimit(RLIMIT_NOFILE, &files);
	if (chdir("/"))
		_exit(126);
	/* abcjs's sizes: fonts and staff at scale 1 (20 pt titles are 26.7
	 * px), the staff 742 px wide on abcm2ps's 816 px page */
	char *const argv[] = { "abcm2ps", "-g", "-q", "-s", "1", "--leftmargin", "27.6pt",
			       "--rightmargin", "27.9pt", "-O", "-", "-", NULL };
	char *const envp[] = { "PATH=/usr/bin:/bin", "HOME=/nonexistent", "LC_ALL=C", NULL };
	static const char *const paths[] = { "/usr/bin/abcm2ps", "/usr/local/bin/abcm2ps",
					     "/bin/abcm2ps" };
	for (size_t i = 0; i < ARRAY_LEN(paths); i++)
		execve(paths[i], argv, envp);
	_exit(127);
}

/* abcm2ps's first "FILE:LINE:COL: error: MESSAGE" into f. */
static void first_error(const char *err, struct diagram_fail *f)
{
	for (const char *l = err; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *e = strstr(l, ": error: ");
		const char *nl = strchr(l, '\n');
		if (!e || (nl && e > nl))
			continue;
		const char *c = strchr(l, ':');
		f->line = c && c < e ? (unsigned)strtoul(c + 1, NULL, 10) : 0;
		e += 9;
		snprintf(f->msg, sizeof f->msg, "abc: %.*s", (int)(nl ? (size_t)(nl - e)
							    : strlen(e)), e);
		return;
	}
}

/* exported function documented in abc.h */
bool abc_draw(void *ctx, struct strbuf *out, struct diagram_fail *f)
{
	const struct abc_job *j = ctx;
	int pin[2], pout[2], perr[2];
	if (pipe(pin) || pipe(pout) || pipe(perr)) {
		snprintf(f->msg, sizeof f->msg, "abc: cannot make a pipe: %s", strerror(errno));
		return false;
	}
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(f->msg, sizeof f->msg, "abc: cannot start abcm2ps: %s", strerror(errno));
		return false;
	}
	if (pid == 0)
		grandchild(pin[0], pout[1], perr[1], j->budget_ms);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	signal(SIGPIPE, SIG_IGN);
	char *text = scrubbed(j->text);
	size_t len = strlen(text), sent = 0;
	struct strbuf svg, err;
	strbuf_init(&svg, MAX_DIAGRAM_SVG_BYTES);
	strbuf_init(&err, 64u << 10);
	int fds[3] = { pin[1], pout[0], perr[0] };
	fcntl(pin[1], F_SETFL, O_NONBLOCK);
	while (fds[1] >= 0 || fds[2] >= 0) {
		struct pollfd p[3];
		int n = 0;
		for (int i = 0; i < 3; i++)
			if (fds[i] >= 0)
				p[n++] = (struct pollfd){ fds[i], i ? POLLIN : POLLOUT, 0 };
		if (poll(p, (nfds_t)n, -1) < 0 && errno != EINTR)
			break;
		for (int k = 0; k < n; k++) {
			int i = p[k].fd == fds[0] ? 0 : p[k].fd == fds[1] ? 1 : 2;
			if (!p[k].revents)
				continue;
			if (i == 0) {
				ssize_t w = write(fds[0], text + sent, len - sent);
				if (w > 0)
					sent += (size_t)w;
				if (w < 0 && errno != EAGAIN && errno != EINTR)
					sent = len;
				if (sent >= len) {
					close(fds[0]);
					fds[0] = -1;
				}
				continue;
			}
			char buf[16384];
			ssize_t r = read(fds[i], buf, sizeof buf);
			if (r > 0)
				strbuf_append(i == 1 ? &svg : &err, buf, (size_t)r);
			else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
				close(fds[i]);
				fds[i] = -1;
			}
		}
	}
	if (fds[0] >= 0)
		close(fds[0]);
	free(text);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	first_error(err.s ? err.s : "", f);
	const char *b = svg.s ? strstr(svg.s, "<svg") : NULL;
	const char *e = b ? strstr(b, "</svg>") : NULL;
	bool ok = e && !svg.toobig;
	if (ok)
		strbuf_append(out, b, (size_t)(e + 6 - b));
	else if (svg.toobig)
		snprintf(f->msg, sizeof f->msg, "abc: the drawing is larger than %u bytes",
			 MAX_DIAGRAM_SVG_BYTES);
	else if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		snprintf(f->msg, sizeof f->msg, "abc: abcm2ps is not installed");
	else if (!f->msg[0])
		snprintf(f->msg, sizeof f->msg, "abc: abcm2ps drew nothing%s",
			 WIFSIGNALED(st) ? " (stopped by a limit)" : "");
	strbuf_free(&svg);
	strbuf_free(&err);
	return ok;
}
