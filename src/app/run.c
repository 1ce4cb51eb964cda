/*
 * run.c — every deck of a command line (see run.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "app/run.h"
#include "output/check.h"
#include "output/output.h"
#include "base/progress.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const format_ext[] = { "pdf", "png", "svg" };

/* The folder name of path ("." for a bare name), malloc'd. */
static char *parent_name(const char *path)
{
	char *p = xstrdup(path);
	char *slash = strrchr(p, '/');
	if (!slash) {
		free(p);
		return xstrdup("");
	}
	*slash = '\0';
	slash = strrchr(p, '/');
	char *r = xstrdup(slash ? slash + 1 : p);
	free(p);
	return r;
}

/* exported function documented in run.h */
char *run_output_name(const struct scs_options *o, int index, const char *ext)
{
	const char *in = o->inputs[index];
	char *name = output_default_name(in, ext);
	bool clash = false;
	for (int j = 0; j < o->n_inputs && !clash; j++) {
		if (j == index)
			continue;
		char *other = output_default_name(o->inputs[j], ext);
		clash = !strcmp(other, name);
		free(other);
	}
	if (clash) {
		char *dir = parent_name(in);
		if (*dir) {
			char *both = xmalloc(strlen(dir) + strlen(name) + 2);
			sprintf(both, "%s-%s", dir, name);
			free(name);
			name = both;
		}
		free(dir);
	}
	if (o->output_dir && strcmp(name, "-")) {
		char *full = xmalloc(strlen(o->output_dir) + strlen(name) + 2);
		sprintf(full, "%s/%s", o->output_dir, name);
		free(name);
		name = full;
	}
	/* one file per page: name-001.png unless -o gave a pattern */
	return name;
}

/* One deck in this process. */
static enum scs_status run_one(const struct scs_options *o, bool color)
{
	struct diag d;
	diag_init(&d, stderr);
	d.quiet = o->quiet;
	d.color = color;
	struct check_report rep;
	if (o->check && o->json)
		check_collect(&rep, &d);
	enum scs_status st = scs_convert(o, &d);
	if (o->check && o->json) {
		check_write_json(stdout, o->input, st, &rep);
		fflush(stdout);
		check_report_free(&rep);
	} else if (o->check && !o->quiet && (st == SCS_OK || st == SCS_PROBLEMS)) {
		int n = d.n_errors + d.n_warnings;
		if (n)
			fprintf(stderr, "%s: %d problem%s\n", o->input, n, n == 1 ? "" : "s");
		else
			fprintf(stderr, "%s: no problems found\n", o->input);
	}
	return st;
}

/* The running children of run_many(), for on_signal(): 0 when none; and
 * its own process (a child runs this handler until it sets its own). */
static volatile pid_t children[MAX_JOBS];
static pid_t parent_pid;

/* A signal that ends the parent of -j ends the decks being converted too:
 * each child removes its half-written file (output_catch_signals) and is
 * waited for, so no file appears after the parent has gone. */
static void on_signal(int sig)
{
	for (size_t i = 0; i < MAX_JOBS && getpid() == parent_pid; i++)
		if (children[i] > 0)
			kill(children[i], sig);
	for (size_t i = 0; i < MAX_JOBS && getpid() == parent_pid; i++)
		if (children[i] > 0)
			waitpid(children[i], NULL, 0);
	raise(sig);   /* SA_RESETHAND (output_on_signals): the default action again */
}

/* Remember a child in a free slot of children[] (pid > 0), or forget it. */
static void track_child(pid_t pid, bool running)
{
	for (size_t i = 0; i < MAX_JOBS; i++)
		if (running ? children[i] == 0 : children[i] == pid) {
			children[i] = running ? pid : 0;
			return;
		}
}

/* A deck converted by a child process. */
struct job {
	pid_t pid;
	FILE *err, *out;        /* the child's stderr and stdout, replayed */
	bool started, done;
	enum scs_status st;
};

static void replay(FILE *from, FILE *to)
{
	char buf[65536];
	size_t n;
	rewind(from);
	while ((n = fread(buf, 1, sizeof buf, from)) > 0)
		fwrite(buf, 1, n, to);
	fflush(to);
	fclose(from);
}

static enum scs_status run_many(const struct scs_options *o, bool color)
{
	int n = o->n_inputs;
	struct job *jobs = xcalloc((size_t)n, sizeof *jobs);
	char **names = xcalloc((size_t)n, sizeof *names);
	for (int i = 0; i < n; i++)
		names[i] = run_output_name(o, i, format_ext[o->format]);
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			if (!o->check && o->dump == DUMP_NONE && !strcmp(names[i], names[j])) {
				fprintf(stderr, "scs-pdf: '%s' and '%s' would both be written to "
					"'%s'\n", o->inputs[j], o->inputs[i], names[i]);
				for (int k = 0; k < n; k++)
					free(names[k]);
				free(names);
				free(jobs);
				return SCS_ERR_USAGE;
			}
	int running = 0, next = 0, printed = 0;
	parent_pid = getpid();
	output_on_signals(on_signal);
	progress_start("", "deck", (size_t)n);
	while (printed < n) {
		while (running < o->jobs && next < n) {
			struct job *j = &jobs[next];
			j->err = tmpfile();
			j->out = tmpfile();
			if (!j->err || !j->out) {
				fprintf(stderr, "scs-pdf: cannot create a temporary file: %s\n",
					strerror(errno));
				exit(SCS_ERR_IO);
			}
			fflush(stdout);
			fflush(stderr);
			j->pid = fork();
			if (j->pid < 0) {
				fprintf(stderr, "scs-pdf: cannot start a process: %s\n", strerror(errno));
				exit(SCS_ERR_IO);
			}
			if (j->pid == 0) {
				dup2(fileno(j->err), 2);
				dup2(fileno(j->out), 1);
				progress_enable(false);
				struct scs_options one = *o;
				one.input = o->inputs[next];
				one.output = names[next];
				enum scs_status st = run_one(&one, color);
				fflush(NULL);
				_exit((int)st);
			}
			track_child(j->pid, true);
			j->started = true;
			running++;
			next++;
		}
		int ws;
		pid_t pid = waitpid(-1, &ws, 0);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		track_child(pid, false);
		for (int i = 0; i < n; i++) {
			struct job *j = &jobs[i];
			if (!j->started || j->done || j->pid != pid)
				continue;
			j->done = true;
			running--;
			if (WIFEXITED(ws)) {
				j->st = (enum scs_status)WEXITSTATUS(ws);
			} else {
				j->st = SCS_ERR_RENDER;
				fprintf(j->err, "scs-pdf: %s: stopped by signal %d\n", o->inputs[i],
					WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
			}
		}
		/* messages in the order of the decks */
		progress_end();
		while (printed < n && jobs[printed].done) {
			replay(jobs[printed].out, stdout);
			replay(jobs[printed].err, stderr);
			printed++;
		}
		progress_step((size_t)printed);
	}
	progress_end();
	enum scs_status st = SCS_OK;
	for (int i = 0; i < n; i++) {
		if (st == SCS_OK && jobs[i].st != SCS_OK)
			st = jobs[i].st;
		free(names[i]);
	}
	free(names);
	free(jobs);
	return st;
}

/* exported function documented in run.h */
enum scs_status scs_run(const struct scs_options *o)
{
	bool tty = isatty(2);
	if (o->output_dir && !o->check && o->dump == DUMP_NONE) {
		struct stat st;
		if (stat(o->output_dir, &st) != 0 && mkdir(o->output_dir, 0777) != 0) {
			fprintf(stderr, "scs-pdf: %s: cannot create the output folder: %s\n",
				o->output_dir, strerror(errno));
			return SCS_ERR_IO;
		}
		if (stat(o->output_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "scs-pdf: %s: not a folder\n", o->output_dir);
			return SCS_ERR_IO;
		}
	}
	progress_enable(tty && !o->quiet && !o->json);
	if (o->n_inputs > 1)
		return run_many(o, tty);
	struct scs_options one = *o;
	char *name = NULL;
	if (!one.output && o->output_dir) {
		name = run_output_name(o, 0, format_ext[o->format]);
		one.output = name;
	}
	enum scs_status st = run_one(&one, tty);
	free(name);
	return st;
}
