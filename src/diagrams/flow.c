/*
 * flow.c — flowchart.js (see flow.h).
 *
 * Definitions `key=>type: text` and chains `a->b(right)->c`, `cond(yes)->x`,
 * `cond(no, bottom)->y`. The symbols reachable from the first one of the
 * first chain are drawn, placed as flowchart.js places them (the next one
 * 50 px below, or right with room kept from symbols under it) and joined
 * by its orthogonal lines (Symbol.drawLineTo's cases) with block arrows.
 * Recursion follows the chains, whose length MAX_DIAGRAM_NODES bounds.
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/flow.h"
#include "diagrams/svg.h"
#include "base/scs_limits.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* HedgeDoc's options over flowchart.js's defaults */
enum { LINE_W = 2, LINE_LEN = 50, TEXT_MARGIN = 10 };
#define FONT "'Andale Mono', monospace"

enum stype { S_START, S_END, S_OPERATION, S_SUBROUTINE, S_CONDITION, S_IO, S_PARALLEL };
enum dir { D_NONE, D_BOTTOM, D_RIGHT, D_LEFT, D_TOP };
enum { NEXT, YES, NO, PATH2, PATH3, N_OUT };

struct sym {
	char *key, *text;
	enum stype type;
	int out[N_OUT];             /* symbol indexes, -1: none */
	enum dir dir[N_OUT];
	/* display */
	bool shown, placed;
	double x, y, w, h, tw, th;
	int n_top, n_bottom, n_left, n_right;
};

struct chart {
	struct sym *s;
	size_t n, cap;
	int start;
	int order[MAX_DIAGRAM_NODES];   /* display symbols, in flowchart.js's order */
	size_t n_order;
	struct strbuf lines;            /* the lines' SVG */
	double minx, miny, maxx, maxy;
	struct svg_font font;
};

static int find(const struct chart *c, const char *key, size_t n)
{
	for (size_t i = 0; i < c->n; i++)
		if (strlen(c->s[i].key) == n && !memcmp(c->s[i].key, key, n))
			return (int)i;
	return -1;
}

static void type_error(struct diagram_fail *f, const char *prop, unsigned line)
{
	snprintf(f->box, sizeof f->box, "TypeError: Cannot set properties of undefined (setting "
		 "'%s')", prop);
	snprintf(f->msg, sizeof f->msg, "flow: a chain goes through a symbol that is not defined");
	f->line = line;
}

static void definition(struct chart *c, const char *l, struct diagram_fail *f)
{
	const char *arrow = strstr(l, "=>");
	size_t kl = (size_t)(arrow - l);
	const char *paren = memchr(l, '(', kl);
	if (paren)
		kl = (size_t)(paren - l);
	const char *t = arrow + 2;
	const char *colon = strstr(t, ": ");
	size_t tl = colon ? (size_t)(colon - t) : strcspn(t, "\n");
	static const struct { const char *name; enum stype t; } types[] = {
		{ "start", S_START }, { "end", S_END }, { "operation", S_OPERATION },
		{ "subroutine", S_SUBROUTINE }, { "condition", S_CONDITION },
		{ "inputoutput", S_IO }, { "input", S_IO }, { "output", S_IO },
		{ "parallel", S_PARALLEL },
	};
	int k = find(c, l, kl);
	if (k < 0) {
		if (c->n >= MAX_DIAGRAM_NODES) {
			snprintf(f->msg, sizeof f->msg, "flow: more than %u symbols", MAX_DIAGRAM_NODES);
			return;
		}
		c->s = diagram_grow(c->s, &c->cap, c->n, sizeof *c->s);
		k = (int)c->n++;
		memset(&c->s[k], 0, sizeof c->s[k]);
		c->s[k].key = xstrndup(l, kl);
		for (int o = 0; o < N_OUT; o++)
			c->s[k].out[o] = -1;
	}
	struct sym *s = &c->s[k];
	s->type = S_OPERATION;
	for (size_t i = 0; i < ARRAY_LEN(types); i++)
		if (strlen(types[i].name) == tl && !strncmp(t, types[i].name, tl))
			s->type = types[i].t;
	free(s->text);
	if (colon) {
		const char *x = colon + 2;
		size_t xl = strlen(x);
		/* `text:>url[target]` and `text|flowstate` end the text */
		const char *link = strstr(x, ":>"), *state = strrchr(x, '|'), *fn = strstr(x, ":$");
		if (fn)
			xl = MIN(xl, (size_t)(fn - x));
		if (link)
			xl = MIN(xl, (size_t)(link - x));
		if (state)
			xl = MIN(xl, (size_t)(state - x));
		s->text = xstrndup(x, MIN(xl, (size_t)MAX_DIAGRAM_LABEL_BYTES));
	} else
		s->text = xstrdup("");
}

static enum dir dir_of(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n == 6 && !strncmp(s, "bottom", 6) ? D_BOTTOM : n == 5 && !strncmp(s, "right", 5)
	       ? D_RIGHT : n == 4 && !strncmp(s, "left", 4) ? D_LEFT : n == 3 && !strncmp(s, "top", 3)
	       ? D_TOP : D_NONE;
}

/* `a->b(right)->c(yes)->d`; false with the TypeError HedgeDoc shows when a
 * symbol in it (not the last) is undefined */
static bool chain(struct chart *c, const char *l, unsigned line, struct diagram_fail *f)
{
	const char *parts[256];
	size_t lens[256], np = 0;
	for (const char *s = l;;) {
		const char *a = strstr(s, "->");
		if (np == ARRAY_LEN(parts)) {
			snprintf(f->msg, sizeof f->msg, "flow: a chain of more than %zu symbols", np);
			f->line = line;
			return false;
		}
		parts[np] = s;
		lens[np++] = a ? (size_t)(a - s) : strcspn(s, "\n");
		if (!a)
			break;
		s = a + 2;
	}
	for (size_t i = 0; i < np; i++) {
		const char *p = parts[i];
		size_t pl = lens[i];
		const char *open = memchr(p, '(', pl);
		const char *close = open ? memchr(open, ')', pl - (size_t)(open - p)) : NULL;
		int out = NEXT;
		enum dir d = D_NONE;
		size_t kl = open && close ? (size_t)(open - p) : pl;
		if (open && close) {
			const char *in = open + 1;
			size_t il = (size_t)(close - in);
			const char *comma = memchr(in, ',', il);
			size_t wl = comma ? (size_t)(comma - in) : il;
			if ((wl == 3 && !strncmp(in, "yes", 3)) || (wl == 4 && !strncmp(in, "true", 4)))
				out = YES;
			else if ((wl == 2 && !strncmp(in, "no", 2)) || (wl == 5 && !strncmp(in, "false", 5)))
				out = NO;
			else if (wl == 5 && !strncmp(in, "path1", 5))
				out = NEXT;
			else if (wl == 5 && !strncmp(in, "path2", 5))
				out = PATH2;
			else if (wl == 5 && !strncmp(in, "path3", 5))
				out = PATH3;
			if (comma)
				d = dir_of(comma + 1, (size_t)(close - comma - 1));
			else if (out == NEXT)
				d = dir_of(in, il);
		}
		int k = find(c, p, kl);
		if (c->start < 0)
			c->start = k;
		if (i + 1 < np) {
			if (k < 0) {
				static const char *const names[] = { "next", "yes", "no", "path2", "path3" };
				type_error(f, names[out], line);
				return false;
			}
			const char *q = parts[i + 1];
			size_t ql = lens[i + 1];
			const char *qo = memchr(q, '(', ql);
			c->s[k].out[out] = find(c, q, qo ? (size_t)(qo - q) : ql);
			c->s[k].dir[out] = d;
		}
	}
	return true;
}

/* A definition or a chain (`@>` line styles are not drawn). */
static bool statement(struct chart *c, const char *s, unsigned line, struct diagram_fail *f)
{
	while (isspace((unsigned char)*s))
		s++;
	if (strstr(s, "=>"))
		definition(c, s, f);
	else if (strstr(s, "->"))
		return chain(c, s, line, f);
	return true;
}

static bool parse(struct chart *c, const char *text, struct diagram_fail *f)
{
	/* lines: a newline after a backslash continues the line; a line with
	 * no ->, => or @> continues the one before */
	while (isspace((unsigned char)*text))
		text++;
	size_t n = strlen(text);
	while (n && isspace((unsigned char)text[n - 1]))
		n--;
	struct strbuf cur;
	strbuf_init(&cur, 0);
	unsigned line = 1, cur_line = 1;
	bool ok = true;
	for (size_t i = 0; ok && i <= n;) {
		size_t e = i;
		while (e < n && !(text[e] == '\n' && (e == 0 || text[e - 1] != '\\')))
			e++;
		char *l = xstrndup(text + i, e - i);
		bool joins = !strstr(l, "->") && !strstr(l, "=>") && !strstr(l, "@>");
		if (cur.len && !joins) {
			ok = statement(c, cur.s, cur_line, f);
			cur.len = 0;
			cur.s[0] = '\0';
		}
		if (cur.len)
			strbuf_puts(&cur, "\n");
		else
			cur_line = line;
		strbuf_puts(&cur, l);
		free(l);
		for (size_t k = i; k < e; k++)
			line += text[k] == '\n';
		line++;
		i = e + 1;
	}
	if (ok && cur.len)
		ok = statement(c, cur.s, cur_line, f);
	strbuf_free(&cur);
	if (ok && f->msg[0])
		ok = false;
	return ok;
}

/* ---- symbols -------------------------------------------------------------- */

static void measure(struct chart *c, struct sym *s)
{
	s->tw = 0;
	unsigned lines = 0;
	for (const char *l = s->text; l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		s->tw = MAX(s->tw, svg_text_width(&c->font, l, n));
		lines++;
		l = nl ? nl + 1 : NULL;
	}
	s->th = c->font.ascent + c->font.descent + (lines - 1) * 1.2 * c->font.px;
	switch (s->type) {
	case S_CONDITION:
		s->w = (s->tw + 3 * TEXT_MARGIN) * 1.5;
		s->h = MAX(s->w * 0.5, (s->th + 2 * TEXT_MARGIN) * 1.5);
		break;
	case S_IO:
		s->w = s->tw + 4 * TEXT_MARGIN + 2 * TEXT_MARGIN;
		s->h = s->th + 2 * TEXT_MARGIN;
		break;
	case S_SUBROUTINE:
		s->w = s->tw + 4 * TEXT_MARGIN;
		s->h = s->th + 2 * TEXT_MARGIN;
		break;
	default:
		s->w = s->tw + 2 * TEXT_MARGIN;
		s->h = s->th + 2 * TEXT_MARGIN;
	}
}

/* constructChart: the symbols reachable from the start, in its order */
static void construct(struct chart *c, int k, unsigned depth)
{
	if (k < 0 || c->s[k].shown || depth > MAX_DIAGRAM_NODES)
		return;
	c->s[k].shown = true;
	c->order[c->n_order++] = k;
	for (int o = 0; o < N_OUT; o++)
		construct(c, c->s[k].out[o], depth + 1);
}

static double cx(const struct sym *s) { return s->x + s->w / 2; }
static double cy(const struct sym *s) { return s->y + s->h / 2; }

/* the direction each out goes (Condition: yes below, no right) */
static enum dir out_dir(const struct sym *s, int o)
{
	if (s->type != S_CONDITION)
		return s->dir[o] ? s->dir[o] : D_BOTTOM;
	enum dir yes = s->dir[YES], no = s->dir[NO];
	if (!no && yes == D_RIGHT)
		no = D_BOTTOM;
	else if (!yes && no == D_BOTTOM)
		yes = D_RIGHT;
	if (!yes)
		yes = D_BOTTOM;
	if (!no)
		no = D_RIGHT;
	return o == YES ? yes : o == NO ? no : D_BOTTOM;
}

static void place(struct chart *c, int k, unsigned depth)
{
	struct sym *s = &c->s[k];
	if (depth > MAX_DIAGRAM_NODES)
		return;
	/* a condition places what is below it first */
	static const enum dir first[] = { D_BOTTOM, D_RIGHT, D_LEFT };
	for (size_t pass = 0; pass < ARRAY_LEN(first); pass++)
		for (int o = 0; o < N_OUT; o++) {
			int t = s->out[o];
			if (t < 0 || c->s[t].placed || out_dir(s, o) != first[pass] ||
			    (s->type != S_CONDITION && o != NEXT))
				continue;
			struct sym *n = &c->s[t];
			if (first[pass] == D_BOTTOM) {
				n->y += s->y + s->h + LINE_LEN;
				n->x = cx(s) - n->w / 2;
			} else {
				n->y = cy(s) - n->h / 2;
				n->x += first[pass] == D_RIGHT ? s->x + s->w + LINE_LEN
							       : -(s->x + s->w + LINE_LEN);
				/* keep clear of a symbol below */
				for (unsigned guard = 0; guard < c->n_order; guard++) {
					const struct sym *under = NULL;
					for (size_t i = 0; i < c->n_order; i++) {
						const struct sym *b = &c->s[c->order[i]];
						if (cy(b) > cy(n) && fabs(cx(b) - cx(n)) <= n->w / 2) {
							under = b;
							break;
						}
					}
					if (!under || n->type == S_END)
						break;
					n->x = under->x + under->w + LINE_LEN;
				}
			}
			n->placed = true;
			place(c, t, depth + 1);
		}
}

/* ---- lines (Symbol.drawLineTo) ---------------------------------------------- */

struct pt { double x, y; };

static struct pt top_of(const struct sym *s) { return (struct pt){ cx(s), s->y }; }
static struct pt bottom_of(const struct sym *s) { return (struct pt){ cx(s), s->y + s->h }; }
static struct pt left_of(const struct sym *s)
{
	return (struct pt){ s->x + (s->type == S_IO ? TEXT_MARGIN : 0), cy(s) };
}
static struct pt right_of(const struct sym *s)
{
	return (struct pt){ s->x + s->w - (s->type == S_IO ? TEXT_MARGIN : 0), cy(s) };
}

static void grow_box(struct chart *c, struct pt p)
{
	c->minx = MIN(c->minx, p.x);
	c->miny = MIN(c->miny, p.y);
	c->maxx = MAX(c->maxx, p.x);
	c->maxy = MAX(c->maxy, p.y);
}

static void line(struct chart *c, struct pt from, const struct pt *to, size_t n, const char *text)
{
	strbuf_printf(&c->lines, "<path d=\"M%.2f,%.2f", from.x, from.y);
	grow_box(c, from);
	for (size_t i = 0; i < n; i++) {
		strbuf_printf(&c->lines, " L%.2f,%.2f", to[i].x, to[i].y);
		grow_box(c, to[i]);
	}
	strbuf_printf(&c->lines, "\" fill=\"none\" stroke=\"black\" stroke-width=\"%d\" "
		      "marker-end=\"url(#block)\"/>\n", LINE_W);
	if (!text || !*text)
		return;
	double x = from.x, y = from.y;
	const char *anchor = "start";
	if (from.y == to[0].y) {
		if (from.x > to[0].x) {
			x -= TEXT_MARGIN / 2.0;
			anchor = "end";
		} else
			x += TEXT_MARGIN / 2.0;
		y -= TEXT_MARGIN;
	} else {
		x += TEXT_MARGIN / 2.0;
		y += TEXT_MARGIN;
		if (from.y > to[0].y)
			y -= TEXT_MARGIN * 2;
	}
	strbuf_printf(&c->lines, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\" font-family=\"%s\" "
		      "font-size=\"16px\" letter-spacing=\"%.3f\" fill=\"black\">", x,
		      y + (c->font.ascent - c->font.descent) / 2, anchor, c->font.family,
		      c->font.spacing);
	svg_escaped(&c->lines, text, strlen(text));
	strbuf_puts(&c->lines, "</text>\n");
}

static void draw_line(struct chart *c, struct sym *a, struct sym *b, const char *text,
		      enum dir origin)
{
	double x = cx(a), y = cy(a), bx = cx(b), by = cy(b);
	struct pt right = right_of(a), bottom = bottom_of(a), left = left_of(a), top = top_of(a);
	struct pt btop = top_of(b), bleft = left_of(b), bright = right_of(b);
	bool same_col = x == bx, same_line = y == by, under = y < by, upper = y > by || a == b;
	bool is_left = x > bx, is_right = x < bx;
	const double L = LINE_LEN;
	double yo;
	bool any = !origin;
#define LINE(from, ...) do { struct pt to_[] = { __VA_ARGS__ }; \
		line(c, from, to_, ARRAY_LEN(to_), text); } while (0)
	if ((any || origin == D_BOTTOM) && same_col && under) {
		if (!b->n_top && !a->n_bottom)
			LINE(bottom, btop);
		else {
			yo = MAX(b->n_top, a->n_bottom) * 10;
			LINE(bottom, { btop.x, btop.y - yo }, btop);
		}
		a->n_bottom++, b->n_top++;
	} else if ((any || origin == D_RIGHT) && same_line && is_right) {
		if (!b->n_left && !a->n_right)
			LINE(right, bleft);
		else {
			yo = MAX(b->n_left, a->n_right) * 10;
			LINE(right, { right.x, right.y - yo }, { right.x, bleft.y - yo },
			     { bleft.x, bleft.y - yo }, bleft);
		}
		a->n_right++, b->n_left++;
	} else if ((any || origin == D_LEFT) && same_line && is_left) {
		if (!b->n_right && !a->n_left)
			LINE(left, bright);
		else {
			yo = MAX(b->n_right, a->n_left) * 10;
			LINE(right, { right.x, right.y - yo }, { right.x, bright.y - yo },
			     { bright.x, bright.y - yo }, bright);
		}
		a->n_left++, b->n_right++;
	} else if ((any || origin == D_RIGHT) && same_col) {
		yo = MAX(b->n_top, a->n_right) * 10;
		LINE(right, { right.x + L / 2, right.y - yo }, { right.x + L / 2, btop.y - L / 2 - yo },
		     { btop.x, btop.y - L / 2 - yo }, btop);
		a->n_right++, b->n_top++;
	} else if ((any || origin == D_BOTTOM) && is_left) {
		yo = MAX(b->n_top, a->n_bottom) * 10;
		LINE(bottom, { bottom.x, btop.y - L / 2 - yo }, { btop.x, btop.y - L / 2 - yo }, btop);
		a->n_bottom++, b->n_top++;
	} else if ((any || origin == D_BOTTOM) && is_right && under) {
		yo = MAX(b->n_top, a->n_bottom) * 10;
		LINE(bottom, { bottom.x, btop.y - L / 2 - yo }, { btop.x, btop.y - L / 2 - yo }, btop);
		a->n_bottom++, b->n_top++;
	} else if ((any || origin == D_BOTTOM) && is_right) {
		yo = MAX(b->n_top, a->n_bottom) * 10;
		double mx = bottom.x + (bottom.x - btop.x) / 2;
		LINE(bottom, { bottom.x, bottom.y + L / 2 - yo }, { mx, bottom.y + L / 2 - yo },
		     { mx, btop.y - L / 2 - yo }, { btop.x, btop.y - L / 2 - yo }, btop);
		a->n_bottom++, b->n_top++;
	} else if (origin == D_RIGHT && is_left) {
		yo = MAX(b->n_top, a->n_right) * 10;
		LINE(right, { right.x + L / 2, right.y }, { right.x + L / 2, btop.y - L / 2 - yo },
		     { btop.x, btop.y - L / 2 - yo }, btop);
		a->n_right++, b->n_top++;
	} else if (origin == D_RIGHT && is_right) {
		yo = MAX(b->n_top, a->n_right) * 10;
		LINE(right, { btop.x, right.y - yo }, { btop.x, btop.y - yo });
		a->n_right++, b->n_top++;
	} else if (origin == D_BOTTOM && same_col && upper) {
		yo = MAX(b->n_top, a->n_bottom) * 10;
		LINE(bottom, { bottom.x, bottom.y + L / 2 - yo }, { right.x + L / 2, bottom.y + L / 2 - yo },
		     { right.x + L / 2, btop.y - L / 2 - yo }, { btop.x, btop.y - L / 2 - yo }, btop);
		a->n_bottom++, b->n_top++;
	} else if (origin == D_LEFT) {
		yo = MAX(b->n_top, a->n_left) * 10;
		double dx = same_col && upper ? MIN(left.x, bleft.x) - L / 2
					      : btop.x + (left.x - btop.x) / 2;
		LINE(left, { dx, left.y - (same_col && upper ? yo : 0) },
		     { dx, btop.y - L / 2 - yo }, { btop.x, btop.y - L / 2 - yo }, btop);
		a->n_left++, b->n_top++;
	} else if (origin == D_TOP) {
		yo = MAX(b->n_top, a->n_top) * 10;
		LINE(top, { top.x, btop.y - L / 2 - yo }, { btop.x, btop.y - L / 2 - yo }, btop);
		a->n_top++, b->n_top++;
	}
#undef LINE
}

/* ---- SVG ------------------------------------------------------------------------ */

static void put_symbol(struct strbuf *o, const struct chart *c, const struct sym *s)
{
	const char *st = "fill=\"none\" stroke=\"black\" stroke-width=\"2\"";
	double x = s->x, y = s->y, w = s->w, h = s->h, tx = x + TEXT_MARGIN;
	switch (s->type) {
	case S_START: case S_END:
		strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" rx=\"20\" "
			      "ry=\"20\" %s/>\n", x, y, w, h, st);
		break;
	case S_CONDITION:
		strbuf_printf(o, "<path d=\"M%.2f,%.2f L%.2f,%.2f L%.2f,%.2f L%.2f,%.2f Z\" %s/>\n", x,
			      y + h / 2, x + w / 2, y + h, x + w, y + h / 2, x + w / 2, y, st);
		tx = x + w / 4 + TEXT_MARGIN / 2.0;
		break;
	case S_IO:
		strbuf_printf(o, "<path d=\"M%.2f,%.2f L%.2f,%.2f L%.2f,%.2f L%.2f,%.2f Z\" %s/>\n", x,
			      y + h, x + w - 2 * TEXT_MARGIN, y + h, x + w, y, x + 2 * TEXT_MARGIN, y, st);
		tx = x + 3 * TEXT_MARGIN;
		break;
	case S_SUBROUTINE:
		strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" %s/>\n"
			      "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" %s/>\n", x, y, w,
			      h, st, x + TEXT_MARGIN, y, w - 2 * TEXT_MARGIN, h, st);
		tx = x + 2 * TEXT_MARGIN;
		break;
	default:
		strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" %s/>\n", x,
			      y, w, h, st);
	}
	/* Raphael centres the text's box on y */
	double base = y + h / 2 - s->th / 2 + c->font.ascent;
	for (const char *l = s->text; l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		strbuf_printf(o, "<text x=\"%.2f\" y=\"%.2f\" font-family=\"%s\" font-size=\"16px\" "
			      "letter-spacing=\"%.3f\" fill=\"black\">", tx, base, c->font.family,
			      c->font.spacing);
		svg_escaped(o, l, n);
		strbuf_puts(o, "</text>\n");
		base += 1.2 * c->font.px;
		l = nl ? nl + 1 : NULL;
	}
}

static void free_chart(struct chart *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->s[i].key);
		free(c->s[i].text);
	}
	free(c->s);
	strbuf_free(&c->lines);
	svg_font_free(&c->font);
}

/* exported function documented in flow.h */
bool flow_draw(void *ctx, struct strbuf *out, struct diagram_fail *f)
{
	const struct flow_job *j = ctx;
	struct chart c;
	memset(&c, 0, sizeof c);
	c.start = -1;
	if (!parse(&c, j->text, f) || c.start < 0) {
		if (!f->msg[0])
			snprintf(f->msg, sizeof f->msg, "flow: no chain (a->b) names where it starts");
		free_chart(&c);
		return false;
	}
	svg_font_init(&c.font, FONT, 16);
	c.font.ascent = SVG_ANDALE_ASCENT * c.font.px;
	c.font.descent = SVG_ANDALE_DESCENT * c.font.px;
	construct(&c, c.start, 0);
	double mw = 0, mh = 0;
	for (size_t i = 0; i < c.n_order; i++) {
		struct sym *s = &c.s[c.order[i]];
		measure(&c, s);
		mw = MAX(mw, s->w);
		mh = MAX(mh, s->h);
	}
	for (size_t i = 0; i < c.n_order; i++) {
		struct sym *s = &c.s[c.order[i]];
		s->x = LINE_W + (mw - s->w) / 2 + LINE_W;
		s->y = LINE_W + (mh - s->h) / 2 + LINE_W;
	}
	c.s[c.start].placed = true;
	place(&c, c.start, 0);
	strbuf_init(&c.lines, MAX_DIAGRAM_SVG_BYTES);
	c.minx = c.miny = 0;
	c.maxx = c.maxy = 0;
	for (size_t i = 0; i < c.n_order; i++) {
		struct sym *s = &c.s[c.order[i]];
		static const char *const texts[] = { "", "yes", "no", "", "" };
		for (int o = 0; o < N_OUT; o++)
			if (s->out[o] >= 0 && (o == NEXT || s->type == S_CONDITION ||
					       s->type == S_PARALLEL))
				draw_line(&c, s, &c.s[s->out[o]], s->type == S_CONDITION ? texts[o] : "",
					  s->type == S_CONDITION ? out_dir(s, o) : s->dir[o]);
	}
	for (size_t i = 0; i < c.n_order; i++) {
		const struct sym *s = &c.s[c.order[i]];
		c.minx = MIN(c.minx, s->x);
		c.maxx = MAX(c.maxx, s->x + s->w);
		c.maxy = MAX(c.maxy, s->y + s->h);
	}
	if (c.minx < 0)
		c.minx -= LINE_W;
	if (c.miny < 0)
		c.miny -= LINE_W;
	double W = c.maxx + LINE_W - c.minx, H = c.maxy + LINE_W - c.miny;
	strbuf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.2f\" height=\"%.2f\" "
		      "viewBox=\"%.2f %.2f %.2f %.2f\">\n<defs><marker id=\"block\" viewBox=\"0 0 5 5\" "
		      "markerWidth=\"3\" markerHeight=\"3\" orient=\"auto\" refX=\"4.5\" refY=\"2.5\">"
		      "<path d=\"M5,2.5 L0,0 L0,5 Z\" fill=\"black\"/></marker></defs>\n", W, H, c.minx,
		      c.miny, W, H);
	for (size_t i = 0; i < c.n_order; i++)
		put_symbol(out, &c, &c.s[c.order[i]]);
	strbuf_append(out, c.lines.s ? c.lines.s : "", c.lines.len);
	strbuf_puts(out, "</svg>\n");
	free_chart(&c);
	return true;
}
