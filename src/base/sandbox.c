/*
 * sandbox.c — this program run again under limits for one piece of work
 * (see sandbox.h); the work's only result is the child's exit status.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1
#include "base/sandbox.h"
#include "base/util.h"

#include <errno.h>
#include <glib.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* AddressSanitizer reserves terabytes of address space at start-up: a
 * sanitized build's child cannot start under RLIMIT_AS, so there only the
 * CPU limit and the watchdog bound it. */
#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif
#ifndef ASAN_BUILD
#define ASAN_BUILD 0
#endif

extern char **environ;

static void limit(int what, rlim_t v)
{
	struct rlimit r = { v, v };
	setrlimit(what, &r);
}

/* exported function documented in sandbox.h */
char *sandbox_input(size_t max, size_t *len)
{
	char *buf;
	int fd = dup(STDIN_FILENO);
	return fd >= 0 && read_fd(fd, max, &buf, len) == 0 ? buf : NULL;
}

/* exported function documented in sandbox.h */
enum sandbox_result sandbox_run(const char *var, const char *value, const void *in, size_t n,
				const struct sandbox_limits *l, double *cpu_used, int *sig)
{
	if (cpu_used)
		*cpu_used = 0;
	*sig = 0;
	/* the input in an unnamed file: no pipe to block on or SIGPIPE */
	int mfd = memfd_create("scs-sandbox", MFD_CLOEXEC);
	if (mfd < 0)
		return SANDBOX_UNAVAILABLE;
	for (size_t off = 0; off < n;) {
		ssize_t w = write(mfd, (const char *)in + off, n - off);
		if (w <= 0) {
			close(mfd);
			return SANDBOX_UNAVAILABLE;
		}
		off += (size_t)w;
	}
	lseek(mfd, 0, SEEK_SET);
	/* everything the child needs is made before fork(): between fork()
	 * and execve() only async-signal-safe calls */
	size_t ne = 0;
	while (environ[ne])
		ne++;
	char **envp = xmalloc((ne + 2) * sizeof *envp);
	char *mine = g_strdup_printf("%s=%s", var, value);
	size_t k = 0;
	for (size_t i = 0; i < ne; i++)
		if (strncmp(environ[i], var, strlen(var)) || environ[i][strlen(var)] != '=')
			envp[k++] = environ[i];
	envp[k++] = mine;
	envp[k] = NULL;
	char *const argv[] = { (char *)"scs-pdf-sandbox", NULL };
	struct rlimit cpu_lim = { (rlim_t)ceil(l->cpu_s), (rlim_t)ceil(l->cpu_s) + 1 };
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(mfd, STDIN_FILENO);
		if (null >= 0) {
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		limit(RLIMIT_CORE, 0);
		setrlimit(RLIMIT_CPU, &cpu_lim);
		if (!ASAN_BUILD)
			limit(RLIMIT_AS, (rlim_t)l->mem_bytes);
		execve("/proc/self/exe", argv, envp);
		_exit(127);
	}
	close(mfd);
	if (null >= 0)
		close(null);
	free(envp);
	g_free(mine);
	if (pid < 0)
		return SANDBOX_UNAVAILABLE;

	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long nap_us = 200;
	bool killed = false;
	int status = 0;
	struct rusage ru;
	memset(&ru, 0, sizeof ru);
	for (;;) {
		pid_t r = wait4(pid, &status, WNOHANG, &ru);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return SANDBOX_UNAVAILABLE;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double secs = (double)(now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9;
		if (secs > l->wall_s && !killed) {
			kill(pid, SIGKILL);
			killed = true;
		}
		struct timespec nap = { 0, nap_us * 1000 };
		nanosleep(&nap, NULL);
		if (nap_us < 10000)
			nap_us *= 2;
	}
	double cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
		     (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	if (cpu_used)
		*cpu_used = cpu;
	if (WIFEXITED(status))
		return WEXITSTATUS(status) == 0 ? SANDBOX_OK
		       : WEXITSTATUS(status) == 127 ? SANDBOX_UNAVAILABLE : SANDBOX_REFUSED;
	*sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	if (killed)
		return SANDBOX_TIMEOUT;
	if (*sig == SIGXCPU || (*sig == SIGKILL && cpu >= l->cpu_s))
		return SANDBOX_CPU;
	return SANDBOX_CRASHED;
}

/* exported function documented in sandbox.h */
const char *sandbox_why(enum sandbox_result r, int sig, const struct sandbox_limits *l,
			char *buf, size_t len)
{
	switch (r) {
	case SANDBOX_OK:
		snprintf(buf, len, "done");
		break;
	case SANDBOX_REFUSED:
		snprintf(buf, len, "failed");
		break;
	case SANDBOX_CPU:
		snprintf(buf, len, "took more than %g s of CPU", l->cpu_s);
		break;
	case SANDBOX_TIMEOUT:
		snprintf(buf, len, "took more than %g s", l->wall_s);
		break;
	case SANDBOX_CRASHED:
		snprintf(buf, len, "crashed (%s%s)", strsignal(sig),
			 sig == SIGABRT || sig == SIGSEGV || sig == SIGKILL
			 ? ": a library's panic, or out of its memory limit" : "");
		break;
	case SANDBOX_UNAVAILABLE:
		snprintf(buf, len, "could not be tried in a child process");
		break;
	}
	return buf;
}
