/*
 * abc.c — ABC notation through abcm2ps (see abc.h).
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/abc.h"
#include "diagrams/svg.h"
#include "base/scs_limits.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
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

/* abcjs's reading of a broken tune, rewritten for abcm2ps. abcjs never
 * refuses a tune: it skips what it cannot read and marks what it cannot
 * draw. Three of its rules are followed here, on the music lines (those
 * after the first K: field):
 *  - a `]` that closes nothing and accidentals with no note after them
 *    are skipped (abcm2ps draws the first as a bar);
 *  - a note or rest whose length has no symbol in abcjs's tables (rests
 *    from a breve up, notes from a longa up, anything under a 128th)
 *    becomes abcjs's debug text "pitch is undefined" above the staff,
 *    on a space as wide as abcjs gives that length (sqrt(8 d) units of
 *    ABC_SPACE_UNIT_PT), where abcm2ps would stop with "Bad length".
 * The first problem found goes to f. Line numbers stay those of text. */
#define ABC_SPACE_UNIT_PT 27.5
#define ABC_SPACE_MAX_PT 500.0
#define ABC_UNDEFINED "pitch is undefined"

static double abc_fraction(const char *v, double dflt)
{
	while (*v == ' ')
		v++;
	if (v[0] == 'C')                /* C and C| */
		return 1;
	char *e;
	double n = strtod(v, &e);
	if (e == v || *e != '/' || n <= 0)
		return dflt;
	double d = strtod(e + 1, NULL);
	return d > 0 ? n / d : dflt;
}

/* The length multiplier at *p (digits, then slashes each with optional
 * digits), p moved past it. */
static double abc_length(const char **p)
{
	const char *s = *p;
	double m = 1;
	if (isdigit((unsigned char)*s))
		m = strtod(s, (char **)&s);
	while (*s == '/') {
		s++;
		if (isdigit((unsigned char)*s))
			m /= strtod(s, (char **)&s);
		else
			m /= 2;
	}
	*p = s;
	return m;
}

static void abc_problem(struct diagram_fail *f, unsigned line, const char *msg)
{
	if (f->msg[0])
		return;
	f->line = line;
	snprintf(f->msg, sizeof f->msg, "abc: %s", msg);
}

static char *as_abcjs_reads(const char *text, struct diagram_fail *f)
{
	struct strbuf b;
	strbuf_init(&b, 0);
	double unit = 0, meter = 0;
	bool music = false;
	unsigned line = 1;
	for (const char *l = text; *l; line++) {
		size_t n = strcspn(l, "\n");
		const char *end = l + n;
		bool field = isalpha((unsigned char)l[0]) && l[1] == ':';
		if (!music || field || l[0] == '%') {
			if (field && l[0] == 'M' && !music)
				meter = abc_fraction(l + 2, 0);
			if (field && l[0] == 'L' && !music)
				unit = abc_fraction(l + 2, 0);
			if (field && l[0] == 'K')
				music = true;
			strbuf_append(&b, l, n);
		} else {
			if (unit <= 0)
				unit = meter > 0 && meter < 0.75 ? 1.0 / 16 : 1.0 / 8;
			int chord = 0;
			for (const char *p = l; p < end;) {
				const char *q = p;
				char c = *p;
				if (c == '%') {
					strbuf_append(&b, p, (size_t)(end - p));
					break;
				}
				if (c == '"' || c == '!' || (c == '+' && memchr(p + 1, '+', (size_t)(end - p - 1)))) {
					const char *z = memchr(p + 1, c, (size_t)(end - p - 1));
					q = z ? z + 1 : end;
				} else if (c == '[' && isalpha((unsigned char)p[1]) && p[2] == ':') {
					const char *z = memchr(p, ']', (size_t)(end - p));
					q = z ? z + 1 : end;
				} else if (c == '[' && p[1] == '|') {
					q = p + 2;
				} else if (c == '|') {
					q = p + 1 + (p[1] == ']');
				} else if (c == '[') {
					chord++;
					q = p + 1;
				} else if (c == ']') {
					q = p + 1;
					if (!chord) {
						p = q;          /* abcjs skips it */
						continue;
					}
					chord--;
				} else if (c == '^' || c == '_' || c == '=') {
					while (q < end && (*q == '^' || *q == '_' || *q == '='))
						q++;
					if (q >= end || !strchr("ABCDEFGabcdefg", *q)) {
						abc_problem(f, line, "an accidental with no note after it "
							    "is skipped");
						p = q;
						continue;
					}
				} else if (c && strchr("ABCDEFGabcdefgz", c)) {
					q = p + 1;
					while (q < end && (*q == ',' || *q == '\''))
						q++;
					double d = unit * abc_length(&q);
					bool rest = c == 'z';
					bool none = d < 1.0 / 128 || (rest ? d >= 2 && d != meter : d >= 4);
					if (!chord && none && q <= end) {
						abc_problem(f, line, rest ? "a rest this long has no symbol"
							    : "a note this long has no symbol");
						strbuf_puts(&b, "\"@0,12$1" ABC_UNDEFINED "\"");
						double w = ABC_SPACE_UNIT_PT * sqrt(8 * d);
						if (w > ABC_SPACE_MAX_PT)
							w = ABC_SPACE_MAX_PT;
						for (; w > 0; w -= 100)
							strbuf_printf(&b, "y%d", (int)(w > 100 ? 100 : w + 0.5));
						p = q;
						continue;
					}
				} else {
					q = p + 1;
				}
				strbuf_append(&b, p, (size_t)(q - p));
				p = q;
			}
		}
		l = end;
		if (*l) {
			strbuf_append(&b, "\n", 1);
			l++;
		}
	}
	return b.s ? b.s : xstrdup("");
}

/* svg[0, n) into out, abcjs's debug text given its red outline. */
static void append_marked(struct strbuf *out, const char *svg, size_t n)
{
	static const char mark[] = ">" ABC_UNDEFINED "</text>";
	const char *end = svg + n, *from = svg;
	for (const char *t = svg; (t = strstr(t, "<text")) && t < end; t += 5) {
		const char *close = strchr(t, '>');
		if (!close || close >= end || strncmp(close, mark, sizeof mark - 1))
			continue;
		strbuf_append(out, from, (size_t)(t + 5 - from));
		strbuf_puts(out, " stroke=\"#ff0000\" stroke-width=\"0.75\"");
		from = t + 5;
	}
	strbuf_append(out, from, (size_t)(end - from));
}

/* The value of attribute name in the tag [t, end), or dflt. */
static double attr_num(const char *t, const char *end, const char *name, double dflt)
{
	size_t n = strlen(name);
	for (const char *a = t; (a = strstr(a, name)) && a < end; a += n)
		if (isspace((unsigned char)a[-1]) && a[n] == '=' && a[n + 1] == '"')
			return atof(a + n + 2);
	return dflt;
}

/* svg[0, n) into out with the time signatures' digits as outlines:
 * abcm2ps writes them as text in a `font:bold 16px serif` group, abcjs
 * draws them as paths of its music font (no words on the page). */
static void append_outlined(struct strbuf *out, const char *svg, size_t n)
{
	static const char group[] = "<g style=\"font:bold 16px serif\"";
	const char *end = svg + n, *from = svg;
	for (const char *g = svg; (g = strstr(g, group)) && g < end; g += sizeof group - 1) {
		const char *gend = strstr(g, "</g>");
		if (!gend || gend >= end)
			break;
		for (const char *t = g; (t = strstr(t, "<text")) && t < gend; t += 5) {
			const char *close = strchr(t, '>');
			const char *stop = close ? strstr(close, "</text>") : NULL;
			if (!stop || stop > gend || memchr(close, '&', (size_t)(stop - close)))
				continue;
			strbuf_append(out, from, (size_t)(t - from));
			const char *anchor = strstr(t, "text-anchor=\"");
			char a = anchor && anchor < close ? anchor[13] : 's';
			svg_text_outline(out, "serif bold 16px", close + 1, (size_t)(stop - close - 1),
					 attr_num(t, close, "x", 0), attr_num(t, close, "y", 0),
					 a == 'm' ? 'm' : a == 'e' ? 'e' : 's');
			from = stop + 7;
		}
	}
	strbuf_append(out, from, (size_t)(end - from));
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
	 * px), its 770 px picture (a 740 px staff between 15 px paddings,
	 * 8.0208 in), its title 15 pt lower with the music where it was
	 * (title- and musicspace), its debug font as font 1 */
	char *const argv[] = { "abcm2ps", "-g", "-q", "-s", "1", "--setfont-1", "Helvetica 12", "--titlespace", "21.3pt", "--musicspace", "0.2pt",
			       "--pagewidth", "8.0208in", "--leftmargin", "11.25pt",
			       "--rightmargin", "11.25pt", "-O", "-", "-", NULL };
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
	char *clean = scrubbed(j->text);
	struct diagram_fail mine = { 0 };
	char *text = as_abcjs_reads(clean, &mine);
	free(clean);
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
	if (mine.msg[0]) {
		f->line = mine.line;
		memcpy(f->msg, mine.msg, sizeof f->msg);
	}
	const char *b = svg.s ? strstr(svg.s, "<svg") : NULL;
	const char *e = b ? strstr(b, "</svg>") : NULL;
	bool ok = e && !svg.toobig;
	if (ok) {
		struct strbuf o2;
		strbuf_init(&o2, MAX_DIAGRAM_SVG_BYTES);
		append_outlined(&o2, b, (size_t)(e + 6 - b));
		if (o2.toobig)
			append_marked(out, b, (size_t)(e + 6 - b));
		else
			append_marked(out, o2.s ? o2.s : "", o2.len);
		strbuf_free(&o2);
	}
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
