/*
 * sandbox.c — a function run in a child process under limits (see
 * sandbox.h). fork() rather than a new program: the child has the parsed
 * data and loaded libraries at no cost, and the work is a check whose only
 * result is its exit status.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1
#include "base/sandbox.h"

#include <errno.h>
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

/* The address space the process has now, from /proc (0: unknown). */
static size_t address_space(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	unsigned long pages = 0;
	if (f) {
		if (fscanf(f, "%lu", &pages) != 1)
			pages = 0;
		fclose(f);
	}
	return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

static void limit(int what, rlim_t v)
{
	struct rlimit r = { v, v };
	setrlimit(what, &r);
}

/* In the child: the limits, no handlers of ours, no output. Never returns. */
static void child(bool (*fn)(void *), void *arg, const struct sandbox_limits *l, size_t as)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGXCPU,
				    SIGXFSZ, SIGABRT, SIGBUS, SIGFPE, SIGSEGV };
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
		signal(sigs[i], SIG_DFL);
	int null = open("/dev/null", O_WRONLY);
	if (null >= 0) {
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		close(null);
	}
	limit(RLIMIT_CORE, 0);
	/* SIGXCPU at the soft limit; the hard one a second later is SIGKILL */
	struct rlimit cpu = { (rlim_t)ceil(l->cpu_s), (rlim_t)ceil(l->cpu_s) + 1 };
	setrlimit(RLIMIT_CPU, &cpu);
	if (as)
		limit(RLIMIT_AS, (rlim_t)(as + l->mem_bytes));
	_exit(fn(arg) ? 0 : 1);
}

/* exported function documented in sandbox.h */
enum sandbox_result sandbox_run(bool (*fn)(void *arg), void *arg,
				const struct sandbox_limits *l, double *cpu_used, int *sig)
{
	if (cpu_used)
		*cpu_used = 0;
	*sig = 0;
	size_t as = address_space();
	fflush(NULL);   /* nothing buffered is written twice */
	pid_t pid = fork();
	if (pid < 0)
		return SANDBOX_UNAVAILABLE;
	if (pid == 0)
		child(fn, arg, l, as);

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
		return WEXITSTATUS(status) == 0 ? SANDBOX_OK : SANDBOX_REFUSED;
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
