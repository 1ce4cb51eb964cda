/*
 * gantt.c — mermaid gantt charts (see gantt.h), as ganttRenderer.js of
 * mermaid 9.1.7 lays them out: the <pre>'s width, a 24 px row per task in
 * declaration order, bars on a time scale 75 px in from each side, d3's
 * time axis at the bottom with its tick rule, section bands and names.
 * Dates are whole days (dateFormat YYYY-MM-DD), in UTC.
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/gantt.h"
#include "diagrams/svg.h"
#include "base/scs_limits.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BAR_H = 20, BAR_GAP = 4, TOP_PAD = 50, SIDE_PAD = 75, GRID_START = 35, TITLE_TOP = 25 };
#define FONT "&quot;trebuchet ms&quot;, verdana, arial, sans-serif"

struct task {
	char *name, *id;
	int section;
	long start, end;            /* days since 1970-01-01 */
	bool done, active, crit, milestone;
};

struct chart {
	struct task *t;
	size_t n, cap;
	char **sections;
	size_t n_sections, cap_sections;
	char *title;
	char axis[32];
};

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (long)yoe + era * 400 + (*m <= 2);
}

static bool parse_date(const char *s, long *day)
{
	int y, m, d, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	*day = days_from_civil(y, (unsigned)m, (unsigned)d);
	return true;
}

/* "10d", "2w", "1y" (hours and less round to whole days) */
static bool parse_duration(const char *s, long *days)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || !(v >= 0) || v > 1e6)
		return false;
	double k = *end == 'd' ? 1 : *end == 'w' ? 7 : *end == 'h' ? 1.0 / 24 : *end == 'm' &&
		   end[1] != 's' ? 1.0 / 1440 : *end == 'y' ? 365 : -1;
	if (k < 0)
		return false;
	*days = (long)ceil(v * k);
	return true;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

static const struct task *by_id(const struct chart *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->t[i].id && !strcmp(c->t[i].id, id))
			return &c->t[i];
	return NULL;
}

/* A task that is not added: what it holds is freed. */
static bool drop_task(struct task *t)
{
	free(t->name);
	free(t->id);
	t->name = t->id = NULL;
	return false;
}

static bool task_line(struct chart *c, char *name, char *data, unsigned line,
		      struct diagram_fail *f)
{
	if (c->n >= MAX_DIAGRAM_NODES) {
		snprintf(f->msg, sizeof f->msg, "mermaid: more than %u gantt tasks", MAX_DIAGRAM_NODES);
		f->line = line;
		return false;
	}
	c->t = diagram_grow(c->t, &c->cap, c->n, sizeof *c->t);
	struct task *t = &c->t[c->n];
	memset(t, 0, sizeof *t);
	t->name = xstrdup(trim(name));
	t->section = (int)c->n_sections - 1;
	char *parts[8];
	size_t np = 0;
	for (char *p = strtok(data, ","); p && np < ARRAY_LEN(parts); p = strtok(NULL, ","))
		parts[np++] = trim(p);
	size_t i = 0;
	for (; i < np; i++) {
		if (!strcmp(parts[i], "done"))
			t->done = true;
		else if (!strcmp(parts[i], "active"))
			t->active = true;
		else if (!strcmp(parts[i], "crit"))
			t->crit = true;
		else if (!strcmp(parts[i], "milestone"))
			t->milestone = true;
		else
			break;
	}
	char **rest = parts + i;
	size_t nr = np - i;
	if (nr == 3) {
		t->id = xstrdup(rest[0]);
		rest++;
		nr--;
	}
	long prev_end = c->n ? c->t[c->n - 1].end : 0;
	const char *start = nr == 2 ? rest[0] : NULL, *end = nr ? rest[nr - 1] : NULL;
	if (!end || (!start && !c->n)) {
		snprintf(f->msg, sizeof f->msg, "mermaid: gantt task \"%.100s\" has no start", t->name);
		f->line = line;
		return drop_task(t);
	}
	t->start = prev_end;
	if (start && !strncmp(start, "after ", 6)) {
		t->start = 0;
		char *ids = xstrdup(start + 6);
		bool found = false;
		for (char *id = strtok(ids, " "); id; id = strtok(NULL, " ")) {
			const struct task *o = by_id(c, id);
			if (o) {
				t->start = found ? MAX(t->start, o->end) : o->end;
				found = true;
			}
		}
		free(ids);
		if (!found)
			t->start = prev_end;
	} else if (start && !parse_date(start, &t->start)) {
		snprintf(f->msg, sizeof f->msg, "mermaid: gantt: \"%.100s\" is no YYYY-MM-DD date", start);
		f->line = line;
		return drop_task(t);
	}
	long d;
	if (parse_date(end, &t->end))
		;
	else if (parse_duration(end, &d))
		t->end = t->start + d;
	else {
		snprintf(f->msg, sizeof f->msg, "mermaid: gantt: \"%.100s\" is no date or duration", end);
		f->line = line;
		return drop_task(t);
	}
	c->n++;
	return true;
}

static bool parse(struct chart *c, const char *text, struct diagram_fail *f)
{
	snprintf(c->axis, sizeof c->axis, "%%Y-%%m-%%d");
	unsigned line = 0;
	bool header = false;
	for (const char *s = text; *s;) {
		size_t l = strcspn(s, "\n");
		char *buf = xstrndup(s, l), *p = trim(buf);
		line++;
		s += l + (s[l] == '\n');
		bool ok = true;
		if (!*p || (p[0] == '%' && p[1] == '%') || !strncmp(p, "acc", 3) ||
		    !strncmp(p, "excludes", 8) || !strncmp(p, "includes", 8) ||
		    !strncmp(p, "todayMarker", 11) || !strncmp(p, "click ", 6) ||
		    !strncmp(p, "weekday", 7))
			;
		else if (!header)
			header = true;
		else if (!strncmp(p, "title", 5) && isspace((unsigned char)p[5])) {
			free(c->title);
			c->title = xstrdup(trim(p + 5));
		} else if (!strncmp(p, "dateFormat", 10)) {
			if (strcmp(trim(p + 10), "YYYY-MM-DD")) {
				snprintf(f->msg, sizeof f->msg, "mermaid: gantt: only dateFormat YYYY-MM-DD "
					 "is drawn");
				f->line = line;
				ok = false;
			}
		} else if (!strncmp(p, "axisFormat", 10)) {
			snprintf(c->axis, sizeof c->axis, "%s", trim(p + 10));
		} else if (!strncmp(p, "section", 7) && (isspace((unsigned char)p[7]) || !p[7])) {
			c->sections = diagram_grow(c->sections, &c->cap_sections, c->n_sections,
						   sizeof *c->sections);
			c->sections[c->n_sections++] = xstrdup(trim(p + 7));
		} else if (strchr(p, ':')) {
			char *colon = strchr(p, ':');
			*colon = '\0';
			ok = task_line(c, p, colon + 1, line, f);
		} else {
			snprintf(f->msg, sizeof f->msg, "mermaid: gantt: a line that is no task");
			f->line = line;
			ok = false;
		}
		free(buf);
		if (!ok)
			return false;
	}
	if (!c->n) {
		snprintf(f->msg, sizeof f->msg, "mermaid: a gantt chart without tasks");
		return false;
	}
	return true;
}

/* strftime for %Y %m %d %e %b %B %a %A %%, UTC days */
static void format_day(char *out, size_t n, const char *fmt, long day)
{
	static const char *const mon[] = { "January", "February", "March", "April", "May", "June",
					   "July", "August", "September", "October", "November",
					   "December" };
	static const char *const wd[] = { "Thursday", "Friday", "Saturday", "Sunday", "Monday",
					  "Tuesday", "Wednesday" };
	long y;
	unsigned m, d;
	civil_from_days(day, &y, &m, &d);
	size_t k = 0;
	for (const char *f = fmt; *f && k + 16 < n; f++) {
		if (*f != '%' || !f[1]) {
			out[k++] = *f;
			continue;
		}
		f++;
		const char *w = wd[((day % 7) + 7) % 7];
		switch (*f) {
		case 'Y': k += (size_t)snprintf(out + k, n - k, "%ld", y); break;
		case 'y': k += (size_t)snprintf(out + k, n - k, "%02ld", y % 100); break;
		case 'm': k += (size_t)snprintf(out + k, n - k, "%02u", m); break;
		case 'd': k += (size_t)snprintf(out + k, n - k, "%02u", d); break;
		case 'e': k += (size_t)snprintf(out + k, n - k, "%2u", d); break;
		case 'b': k += (size_t)snprintf(out + k, n - k, "%.3s", mon[m - 1]); break;
		case 'B': k += (size_t)snprintf(out + k, n - k, "%s", mon[m - 1]); break;
		case 'a': k += (size_t)snprintf(out + k, n - k, "%.3s", w); break;
		case 'A': k += (size_t)snprintf(out + k, n - k, "%s", w); break;
		default: out[k++] = *f;
		}
	}
	out[k] = '\0';
}

/* d3's time ticks for about 10 ticks over [a, b] (days): every day, 2 days,
 * week (Sundays), month, 3 months or year, whichever step is nearest. */
static size_t ticks(long a, long b, long *out, size_t cap)
{
	static const struct { double days; int kind; int k; } iv[] = {
		{ 1, 0, 1 }, { 2, 0, 2 }, { 7, 1, 1 }, { 30, 2, 1 }, { 90, 2, 3 }, { 365, 3, 1 },
	};
	double target = (double)(b - a) / 10;
	size_t i = 0;
	while (i < ARRAY_LEN(iv) && iv[i].days <= target)
		i++;
	if (i == ARRAY_LEN(iv))
		i--;
	else if (i > 0 && target / iv[i - 1].days < iv[i].days / target)
		i--;
	size_t n = 0;
	for (long d = a; d <= b && n < cap; d++) {
		long y;
		unsigned m, dd;
		civil_from_days(d, &y, &m, &dd);
		bool hit = iv[i].kind == 0 ? (dd - 1) % (unsigned)iv[i].k == 0 :
			   iv[i].kind == 1 ? ((d % 7) + 7) % 7 == 3 :       /* 1970-01-04 was a Sunday */
			   iv[i].kind == 2 ? dd == 1 && (m - 1) % (unsigned)iv[i].k == 0 :
			   dd == 1 && m == 1;
		if (hit)
			out[n++] = d;
	}
	return n;
}

static void free_chart(struct chart *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->t[i].name);
		free(c->t[i].id);
	}
	for (size_t i = 0; i < c->n_sections; i++)
		free(c->sections[i]);
	free(c->t);
	free(c->sections);
	free(c->title);
}

/* exported function documented in gantt.h */
bool gantt_draw(const char *text, double width, double letter_spacing, struct strbuf *o,
		struct diagram_fail *f)
{
	struct chart c;
	memset(&c, 0, sizeof c);
	if (!parse(&c, text, f)) {
		free_chart(&c);
		return false;
	}
	const double W = width > 0 ? width : 864;
	const double H = (double)c.n * (BAR_H + BAR_GAP) + 2 * TOP_PAD;
	long lo = c.t[0].start, hi = c.t[0].end;
	for (size_t i = 0; i < c.n; i++) {
		lo = MIN(lo, c.t[i].start);
		hi = MAX(hi, c.t[i].end);
	}
	if (hi - lo > 365L * 200) {
		snprintf(f->msg, sizeof f->msg, "mermaid: a gantt chart over more than 200 years");
		free_chart(&c);
		return false;
	}
	double range = W - 2 * SIDE_PAD;
#define TS(d) (hi > lo ? round((double)((d) - lo) / (double)(hi - lo) * range) : 0)
	struct svg_font font;
	svg_font_init(&font, "\"trebuchet ms\", verdana, arial, sans-serif", 11);
	font.spacing += letter_spacing;
	strbuf_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.2f\" height=\"%.2f\" "
		      "viewBox=\"0 0 %.2f %.2f\" letter-spacing=\"%.3f\">\n", W, H, W, H,
		      letter_spacing);
	/* section bands: rgba(102,102,255,0.49) and white at 0.2 */
	for (size_t i = 0; i < c.n; i++) {
		int s = c.t[i].section < 0 ? 0 : c.t[i].section % 4;
		const char *fill = s == 0 ? "rgba(102,102,255,0.49)" : s == 2 ? "#fff400" : "white";
		strbuf_printf(o, "<rect x=\"0\" y=\"%.2f\" width=\"%.2f\" height=\"%d\" fill=\"%s\" "
			      "fill-opacity=\"0.2\"/>\n", i * (double)(BAR_H + BAR_GAP) + TOP_PAD - 2,
			      W - SIDE_PAD / 2.0, BAR_H + BAR_GAP, fill);
	}
	/* the grid: d3's bottom axis, its tick lines up to the top */
	long tk[64];
	size_t nt = ticks(lo, hi, tk, ARRAY_LEN(tk));
	double axis_y = H - 50;
	for (size_t i = 0; i < nt; i++) {
		double x = SIDE_PAD + TS(tk[i]) + 0.5;
		char label[64];
		format_day(label, sizeof label, c.axis, tk[i]);
		strbuf_printf(o, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%d\" stroke=\"#222\" "
			      "stroke-opacity=\"0.8\"/>\n<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" "
			      "font-family=\"%s\" font-size=\"10\" fill=\"#333\" fill-opacity=\"0.8\">", x,
			      axis_y, x, GRID_START, x, axis_y + 13, FONT);
		svg_escaped(o, label, strlen(label));
		strbuf_puts(o, "</text>\n");
	}
	/* the bars and their names */
	for (size_t i = 0; i < c.n; i++) {
		const struct task *t = &c.t[i];
		double x0 = TS(t->start), x1 = TS(t->end), y = i * (double)(BAR_H + BAR_GAP) + TOP_PAD;
		if (t->milestone) {
			x0 += 0.5 * (x1 - x0) - 0.5 * BAR_H;
			x1 = x0 + BAR_H;
		}
		const char *fill = "#8a90dd", *stroke = "#534fbc", *sw = "1";
		if (t->active)
			fill = t->crit ? "#bfc7ff" : "#bfc7ff", stroke = t->crit ? "#ff8888" : "#534fbc",
			sw = t->crit ? "2" : "2";
		else if (t->done)
			fill = "lightgrey", stroke = t->crit ? "#ff8888" : "grey", sw = "2";
		else if (t->crit)
			fill = "red", stroke = "#ff8888", sw = "2";
		strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%d\" rx=\"3\" ry=\"3\" "
			      "fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"%s/>\n", x0 + SIDE_PAD, y,
			      x1 - x0, BAR_H, fill, stroke, sw, t->milestone ? " transform-origin=\"center\""
			      : "");
		double tw = svg_text_width(&font, t->name, strlen(t->name));
		double tx;
		const char *anchor = "middle", *tfill = t->active || t->done ? "black" : "white";
		if (tw > x1 - x0) {
			tfill = "black";
			if (x1 + tw + 1.5 * SIDE_PAD > W) {
				tx = x0 + SIDE_PAD - 5;
				anchor = "end";
			} else {
				tx = x1 + SIDE_PAD + 5;
				anchor = "start";
			}
		} else
			tx = (x1 - x0) / 2 + x0 + SIDE_PAD;
		strbuf_printf(o, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\" font-family=\"%s\" "
			      "font-size=\"11\" fill=\"%s\">", tx, y + BAR_H / 2.0 + (11 / 2.0 - 2),
			      anchor, FONT, tfill);
		svg_escaped(o, t->name, strlen(t->name));
		strbuf_puts(o, "</text>\n");
	}
	/* section names, centred on their rows */
	size_t before = 0;
	for (size_t s = 0; s < c.n_sections; s++) {
		size_t count = 0;
		for (size_t i = 0; i < c.n; i++)
			count += c.t[i].section == (int)s;
		if (!count)
			continue;
		double y = count * (double)(BAR_H + BAR_GAP) / 2 + before * (double)(BAR_H + BAR_GAP) +
			   TOP_PAD;
		strbuf_printf(o, "<text x=\"10\" y=\"%.2f\" font-family=\"%s\" font-size=\"11\" "
			      "fill=\"#333\">", y + (font.ascent - font.descent) / 2, FONT);
		svg_escaped(o, c.sections[s], strlen(c.sections[s]));
		strbuf_puts(o, "</text>\n");
		before += count;
	}
	if (c.title) {
		strbuf_printf(o, "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\" font-family=\"%s\" "
			      "font-size=\"18px\" fill=\"#333\">", W / 2, TITLE_TOP, FONT);
		svg_escaped(o, c.title, strlen(c.title));
		strbuf_puts(o, "</text>\n");
	}
	strbuf_puts(o, "</svg>\n");
#undef TS
	svg_font_free(&font);
	free_chart(&c);
	return true;
}
