/*
 * mseq.c — mermaid sequence diagrams (see mseq.h).
 *
 * The rules are sequenceRenderer.js's: actors 150 px wide (wider for a
 * long name), 50 px apart unless a message between neighbours needs more;
 * each message a row of 10 px + two text lines; notes and boxes bump the
 * row position by 10 px margins; a box grows 10 px around what it holds
 * per level of nesting; the bottom actors mirror the top ones.
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/mseq.h"
#include "diagrams/svg.h"
#include "base/scs_limits.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* mermaid's sequence configuration (defaultConfig.js) */
enum {
	ACTOR_W = 150, ACTOR_H = 65, ACTOR_MARGIN = 50, BOX_MARGIN = 10, BOX_TEXT_MARGIN = 5,
	NOTE_MARGIN = 10, WRAP_PADDING = 10, MARGIN_X = 50, MARGIN_Y = 10, LABEL_W = 50,
	LABEL_H = 20, ACT_W = 10,
};
#define FONT "\"trebuchet ms\", verdana, arial, sans-serif"
#define FONT_XML "&quot;trebuchet ms&quot;, verdana, arial, sans-serif"
/* the height mermaid measures for one line of 16 px (calculateTextDimensions) */
#define MSG_LINE 20.0
#define ACTOR_BORDER "#dacef3"     /* lighten(#9370DB, 23) */

enum arrow { A_SOLID, A_DOTTED, A_SOLID_OPEN, A_DOTTED_OPEN, A_SOLID_CROSS, A_DOTTED_CROSS,
	     A_SOLID_POINT, A_DOTTED_POINT };
enum kind { K_MSG, K_NOTE, K_START, K_SECTION, K_END, K_ACT_ON, K_ACT_OFF };
enum place { P_LEFT, P_RIGHT, P_OVER };

struct actor {
	char *id, *desc;
	double x, w, margin, msg_w;
};

struct item {
	enum kind kind;
	int from, to;
	enum arrow arrow;
	enum place place;
	char *text;
	char block[12];             /* loop, alt, opt, par, critical, break, rect */
	unsigned line;
};

struct box {
	const struct item *start;
	double x0, y0, x1, y1;
	bool has_x, has_y1;
	double sect_y[64];
	const char *sect_title[64];
	unsigned n_sect;
};

struct seq {
	struct actor *actors;
	size_t n_actors, cap_actors;
	struct item *items;
	size_t n_items, cap_items;
	/* layout */
	double vpos, sx0, sx1, sy0, sy1;
	struct box stack[MAX_DIAGRAM_DEPTH];
	int depth;
	struct strbuf *o;           /* drawing as we go (NULL: measuring) */
	struct svg_font f16, f14;
	double bottom;              /* the mirrored actors' top (from the first pass) */
	struct act {                /* an activation open while laying out */
		int actor;
		double x0, x1, y0;
		size_t at;              /* where its box goes in *o (under what follows) */
	} acts[MAX_DIAGRAM_DEPTH];
	int n_acts;
	bool autonumber;            /* `autonumber`: messages numbered from 1 */
	int number;                 /* the last message's number, while drawing */
};

static char *trimmed(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, MIN(n, (size_t)MAX_DIAGRAM_LABEL_BYTES));
}

static int actor(struct seq *q, const char *id, size_t n, struct diagram_fail *f)
{
	char *name = trimmed(id, n);
	for (size_t i = 0; i < q->n_actors; i++)
		if (!strcmp(q->actors[i].id, name)) {
			free(name);
			return (int)i;
		}
	if (q->n_actors >= MAX_DIAGRAM_NODES) {
		snprintf(f->msg, sizeof f->msg, "mermaid: more than %u participants",
			 MAX_DIAGRAM_NODES);
		free(name);
		return -1;
	}
	q->actors = diagram_grow(q->actors, &q->cap_actors, q->n_actors, sizeof *q->actors);
	q->actors[q->n_actors] = (struct actor){ name, xstrdup(name), 0, 0, 0, 0 };
	return (int)q->n_actors++;
}

static struct item *item(struct seq *q, enum kind k, unsigned line, struct diagram_fail *f)
{
	if (q->n_items >= MAX_DIAGRAM_EDGES) {
		snprintf(f->msg, sizeof f->msg, "mermaid: more than %u messages", MAX_DIAGRAM_EDGES);
		return NULL;
	}
	q->items = diagram_grow(q->items, &q->cap_items, q->n_items, sizeof *q->items);
	struct item *it = &q->items[q->n_items++];
	memset(it, 0, sizeof *it);
	it->kind = k;
	it->line = line;
	return it;
}

static bool word(const char *s, size_t n, const char *w, size_t *len)
{
	size_t l = strlen(w);
	if (n < l || strncasecmp(s, w, l) || (n > l && !isspace((unsigned char)s[l]) &&
					       s[l] != ':'))
		return false;
	*len = l;
	return true;
}

static void parse_error(const char *text, const char *at, unsigned line, struct diagram_fail *f)
{
	jison_error(f->box, sizeof f->box, text, strlen(text), (size_t)(at - text), line,
		    "'SPACE', 'NEWLINE', 'participant', 'actor', 'ACTOR', 'activate', 'deactivate', "
		    "'note', 'loop', 'rect', 'opt', 'alt', 'else', 'par', 'and', 'end'", "INVALID");
	snprintf(f->msg, sizeof f->msg, "mermaid: parse error: this line is no statement");
	f->line = line;
}

static bool parse_line(struct seq *q, const char *text, const char *s, size_t n, unsigned line,
		       struct diagram_fail *f)
{
	size_t k;
	if (word(s, n, "participant", &k) || word(s, n, "actor", &k)) {
		const char *r = s + k;
		size_t rn = n - k;
		const char *as = NULL;
		for (size_t i = 0; i + 4 <= rn; i++)
			if (!strncmp(r + i, " as ", 4)) {
				as = r + i;
				break;
			}
		int a = actor(q, r, as ? (size_t)(as - r) : rn, f);
		if (a < 0)
			return false;
		if (as) {
			free(q->actors[a].desc);
			q->actors[a].desc = trimmed(as + 4, (size_t)(r + rn - as - 4));
		}
		return true;
	}
	static const char *const blocks[] = { "loop", "alt", "opt", "par", "critical", "break",
					      "rect" };
	for (size_t b = 0; b < ARRAY_LEN(blocks); b++)
		if (word(s, n, blocks[b], &k)) {
			struct item *it = item(q, K_START, line, f);
			if (!it)
				return false;
			snprintf(it->block, sizeof it->block, "%s", blocks[b]);
			it->text = trimmed(s + k, n - k);
			return true;
		}
	if (word(s, n, "else", &k) || word(s, n, "and", &k) || word(s, n, "option", &k)) {
		struct item *it = item(q, K_SECTION, line, f);
		if (!it)
			return false;
		it->text = trimmed(s + k, n - k);
		return true;
	}
	if (word(s, n, "end", &k)) {
		return item(q, K_END, line, f) != NULL;
	}
	if (word(s, n, "autonumber", &k)) {
		q->autonumber = true;
		return true;
	}
	bool on = word(s, n, "activate", &k);
	if (on || word(s, n, "deactivate", &k)) {
		int a = actor(q, s + k, n - k, f);
		struct item *it = a >= 0 ? item(q, on ? K_ACT_ON : K_ACT_OFF, line, f) : NULL;
		if (it)
			it->from = a;
		return it != NULL;
	}
	if (word(s, n, "title", &k) || !strncmp(s, "acc", 3))
		return true;
	if (word(s, n, "note", &k)) {
		const char *r = s + k;
		size_t rn = n - k;
		while (rn && isspace((unsigned char)*r))
			r++, rn--;
		enum place p;
		size_t pl;
		if (word(r, rn, "left of", &pl))
			p = P_LEFT;
		else if (word(r, rn, "right of", &pl))
			p = P_RIGHT;
		else if (word(r, rn, "over", &pl))
			p = P_OVER;
		else {
			parse_error(text, r, line, f);
			return false;
		}
		r += pl;
		rn -= pl;
		const char *colon = memchr(r, ':', rn);
		if (!colon) {
			parse_error(text, r + rn, line, f);
			return false;
		}
		const char *comma = memchr(r, ',', (size_t)(colon - r));
		int a = actor(q, r, (size_t)((comma ? comma : colon) - r), f);
		int b = comma ? actor(q, comma + 1, (size_t)(colon - comma - 1), f) : a;
		struct item *it = a >= 0 && b >= 0 ? item(q, K_NOTE, line, f) : NULL;
		if (!it)
			return false;
		it->place = p;
		it->from = a;
		it->to = b;
		it->text = trimmed(colon + 1, (size_t)(r + rn - colon - 1));
		return true;
	}
	/* a message: A ARROW [+-] B : text */
	size_t i = 0;
	while (i < n && s[i] != '-' && s[i] != ':' && s[i] != ',')
		i++;
	if (!i || i >= n || s[i] != '-') {
		parse_error(text, s + i, line, f);
		return false;
	}
	static const struct { const char *t; enum arrow a; } arrows[] = {
		{ "-->>", A_DOTTED }, { "->>", A_SOLID }, { "-->", A_DOTTED_OPEN },
		{ "->", A_SOLID_OPEN }, { "--x", A_DOTTED_CROSS }, { "-x", A_SOLID_CROSS },
		{ "--)", A_DOTTED_POINT }, { "-)", A_SOLID_POINT },
	};
	size_t al = 0;
	enum arrow arrow = A_SOLID;
	for (size_t a = 0; a < ARRAY_LEN(arrows); a++) {
		size_t l = strlen(arrows[a].t);
		if (i + l <= n && !strncmp(s + i, arrows[a].t, l)) {
			al = l;
			arrow = arrows[a].a;
			break;
		}
	}
	if (!al) {
		parse_error(text, s + i, line, f);
		return false;
	}
	size_t j = i + al;
	char act = 0;               /* '+': the receiver is activated, '-': the sender ends */
	if (j < n && (s[j] == '+' || s[j] == '-'))
		act = s[j++];
	const char *colon = memchr(s + j, ':', n - j);
	if (!colon) {
		parse_error(text, s + n, line, f);
		return false;
	}
	int a = actor(q, s, i, f);
	int b = a >= 0 ? actor(q, s + j, (size_t)(colon - s - j), f) : -1;
	struct item *it = b >= 0 ? item(q, K_MSG, line, f) : NULL;
	if (!it)
		return false;
	it->from = a;
	it->to = b;
	it->arrow = arrow;
	it->text = trimmed(colon + 1, (size_t)(s + n - colon - 1));
	if (act) {
		struct item *ac = item(q, act == '+' ? K_ACT_ON : K_ACT_OFF, line, f);
		if (!ac)
			return false;
		ac->from = act == '+' ? b : a;
	}
	return true;
}

static bool parse(struct seq *q, const char *text, struct diagram_fail *f)
{
	bool header = false;
	unsigned line = 0;
	int depth = 0;
	for (const char *s = text; *s;) {
		size_t l = strcspn(s, "\n");
		line++;
		const char *p = s;
		size_t n = l;
		while (n && isspace((unsigned char)*p))
			p++, n--;
		while (n && isspace((unsigned char)p[n - 1]))
			n--;
		if (n && n >= 2 && p[0] == '%' && p[1] == '%')
			n = 0;
		if (n && !header) {
			header = true;  /* sequenceDiagram (mermaid_type found it) */
		} else if (n) {
			if (!parse_line(q, text, p, n, line, f))
				return false;
			const struct item *last = q->n_items ? &q->items[q->n_items - 1] : NULL;
			if (last && last->line == line && last->kind == K_START &&
			    ++depth > MAX_DIAGRAM_DEPTH) {
				snprintf(f->msg, sizeof f->msg, "mermaid: boxes nested deeper than %d",
					 MAX_DIAGRAM_DEPTH);
				f->line = line;
				return false;
			}
			if (last && last->line == line && last->kind == K_END && depth)
				depth--;
		}
		s += l;
		if (*s)
			s++;
	}
	return true;
}

/* ---- layout: the bounds of sequenceRenderer.js --------------------------------- */

static void insert(struct seq *q, double x0, double y0, double x1, double y1)
{
	double a = MIN(x0, x1), b = MAX(x0, x1), c = MIN(y0, y1), d = MAX(y0, y1);
	q->sx0 = MIN(q->sx0, a);
	q->sx1 = MAX(q->sx1, b);
	q->sy0 = MIN(q->sy0, c);
	q->sy1 = MAX(q->sy1, d);
	/* every open box grows around it, 10 px more per level out */
	for (int i = 0; i < q->depth; i++) {
		struct box *bx = &q->stack[i];
		double m = (q->depth - i) * BOX_MARGIN;
		bx->y0 = MIN(bx->y0, c - m);
		bx->y1 = bx->has_y1 ? MAX(bx->y1, d + m) : d + m;
		bx->has_y1 = true;
		q->sx0 = MIN(q->sx0, a - m);
		q->sx1 = MAX(q->sx1, b + m);
		bx->x0 = bx->has_x ? MIN(bx->x0, a - m) : a - m;
		bx->x1 = bx->has_x ? MAX(bx->x1, b + m) : b + m;
		bx->has_x = true;
	}
}

static void bump(struct seq *q, double d)
{
	q->vpos += d;
	q->sy1 = MAX(q->sy1, q->vpos);
}

static double centre(const struct seq *q, int a)
{
	return q->actors[a].x + q->actors[a].w / 2;
}

/* An actor's lifeline widened by its open activations. */
static void act_bounds(const struct seq *q, int a, double *l, double *r)
{
	*l = *r = centre(q, a);
	for (int i = 0; i < q->n_acts; i++)
		if (q->acts[i].actor == a) {
			*l = MIN(*l, q->acts[i].x0);
			*r = MAX(*r, q->acts[i].x1);
		}
}

/* Where a message's line starts and ends: at the facing sides of the
 * activations of its two actors. */
static void msg_ends(const struct seq *q, const struct item *it, double *x0, double *x1)
{
	double fl, fr, tl, tr;
	act_bounds(q, it->from, &fl, &fr);
	act_bounds(q, it->to, &tl, &tr);
	*x0 = fl <= tl ? fr : fl;
	*x1 = fl < tl ? tl : tr;
}

/* s into o at byte at (what follows is drawn over it). */
static void insert_at(struct strbuf *o, size_t at, const char *s)
{
	size_t n = strlen(s), old = o->len;
	if (strbuf_append(o, s, n) || at > old)
		return;
	memmove(o->s + at + n, o->s + at, old - at);
	memcpy(o->s + at, s, n);
}

static double width16(struct seq *q, const char *s)
{
	return svg_text_width(&q->f16, s, strlen(s));
}

static void text_at(struct seq *q, double x, double base, const char *anchor, double px,
		    const char *fill, const char *s)
{
	if (!q->o)
		return;
	strbuf_printf(q->o, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\" font-family=\"%s\" "
		      "font-size=\"%.0fpx\" fill=\"%s\">", x, base, anchor, FONT_XML, px, fill);
	svg_escaped(q->o, s, strlen(s));
	strbuf_puts(q->o, "</text>\n");
}

static void draw_actors(struct seq *q, double y)
{
	for (size_t i = 0; i < q->n_actors; i++) {
		const struct actor *a = &q->actors[i];
		if (q->o)
			strbuf_printf(q->o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%d\" "
				      "rx=\"3\" ry=\"3\" fill=\"#ECECFF\" stroke=\"%s\"/>\n", a->x, y,
				      a->w, ACTOR_H, ACTOR_BORDER);
		text_at(q, a->x + a->w / 2, y + ACTOR_H / 2.0 + (q->f14.ascent - q->f14.descent) / 2,
			"middle", 14, "black", a->desc);
	}
}

static void draw_box(struct seq *q, const struct box *b)
{
	if (!q->o)
		return;
	const char *kind = b->start->block;
	if (!strcmp(kind, "rect")) {
		/* rect rgb(…): its colour behind what it holds */
		char fill[64] = "rgba(0,0,0,0.05)";
		const char *t = b->start->text;
		if (t && strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789(),.% #") == strlen(t) &&
		    strlen(t) < sizeof fill)
			snprintf(fill, sizeof fill, "%s", t);
		strbuf_printf(q->o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
			      "fill=\"%s\"/>\n", b->x0, b->y0, b->x1 - b->x0, b->y1 - b->y0, fill);
		return;
	}
	const char *line = "stroke=\"" ACTOR_BORDER "\" stroke-width=\"2\" stroke-dasharray=\"2,2\"";
	strbuf_printf(q->o, "<path fill=\"none\" %s d=\"M%.2f,%.2fH%.2fV%.2fH%.2fZ\"/>\n", line,
		      b->x0, b->y0, b->x1, b->y1, b->x0);
	for (unsigned i = 0; i < b->n_sect; i++)
		strbuf_printf(q->o, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
			      "stroke=\"" ACTOR_BORDER "\" stroke-width=\"2\" "
			      "stroke-dasharray=\"3,3\"/>\n", b->x0, b->sect_y[i], b->x1, b->sect_y[i]);
	double x = b->x0, y = b->y0;
	strbuf_printf(q->o, "<polygon points=\"%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f\" "
		      "fill=\"#ECECFF\" stroke=\"" ACTOR_BORDER "\"/>\n", x, y, x + LABEL_W, y,
		      x + LABEL_W, y + LABEL_H - 7, x + LABEL_W - 8.4, y + LABEL_H, x, y + LABEL_H);
	/* measured on mermaid's drawing: the label and the titles sit a little
	 * below the middle of their 20 px box */
	double base = y + LABEL_H / 2.0 + (q->f16.ascent - q->f16.descent) / 2 + 1.9;
	text_at(q, x + LABEL_W / 2.0, base, "middle", 16, "black", kind);
	if (b->start->text && *b->start->text) {
		char *t = xmalloc(strlen(b->start->text) + 3);
		sprintf(t, "[%s]", b->start->text);
		text_at(q, x + LABEL_W / 2.0 + (b->x1 - b->x0) / 2, base + 0.7, "middle", 16,
			"black", t);
		free(t);
	}
	for (unsigned i = 0; i < b->n_sect; i++)
		if (b->sect_title[i] && *b->sect_title[i]) {
			char *t = xmalloc(strlen(b->sect_title[i]) + 3);
			sprintf(t, "[%s]", b->sect_title[i]);
			text_at(q, (b->x0 + b->x1) / 2, b->sect_y[i] + base + 0.7 - y, "middle", 16,
				"black", t);
			free(t);
		}
}

static const char *const markers =
	"<defs>\n"
	"<marker id=\"arrowhead\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" "
	"markerWidth=\"12\" markerHeight=\"12\" orient=\"auto\"><path d=\"M 0 0 L 10 5 L 0 10 z\" "
	"fill=\"#333\" stroke=\"#333\"/></marker>\n"
	"<marker id=\"crosshead\" markerWidth=\"15\" markerHeight=\"8\" orient=\"auto\" refX=\"16\" "
	"refY=\"4\"><path fill=\"#333\" stroke=\"#333\" stroke-width=\"1px\" d=\"M 9,2 V 6 L16,4 Z\"/>"
	"<path fill=\"none\" stroke=\"#333\" stroke-width=\"1px\" d=\"M 0,1 L 6,7 M 6,1 L 0,7\"/>"
	"</marker>\n"
	"<marker id=\"filled-head\" refX=\"18\" refY=\"7\" markerWidth=\"20\" markerHeight=\"28\" "
	"orient=\"auto\"><path d=\"M 18,7 L9,13 L14,7 L9,1 Z\" fill=\"#333\"/></marker>\n"
	"</defs>\n";

static void draw_message(struct seq *q, const struct item *it, double starty, double line_y)
{
	double x0, x1;
	msg_ends(q, it, &x0, &x1);
	if (!q->o)
		return;
	text_at(q, x0 + (x1 - x0) / 2, line_y - 14.4, "middle", 16, "#333", it->text);
	bool dotted = it->arrow == A_DOTTED || it->arrow == A_DOTTED_OPEN ||
		      it->arrow == A_DOTTED_CROSS || it->arrow == A_DOTTED_POINT;
	const char *head = it->arrow == A_SOLID || it->arrow == A_DOTTED ? "arrowhead" :
			   it->arrow == A_SOLID_CROSS || it->arrow == A_DOTTED_CROSS ? "crosshead" :
			   it->arrow == A_SOLID_POINT || it->arrow == A_DOTTED_POINT ? "filled-head"
										      : NULL;
	if (x0 == x1)
		strbuf_printf(q->o, "<path d=\"M %.2f,%.2f C %.2f,%.2f %.2f,%.2f %.2f,%.2f\"", x0,
			      line_y, x0 + 60, line_y - 10, x0 + 60, line_y + 30, x0, line_y + 20);
	else
		strbuf_printf(q->o, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"", x0, line_y,
			      x1, line_y);
	strbuf_printf(q->o, " fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\"%s",
		      dotted ? " stroke-dasharray=\"3,3\"" : "");
	if (head)
		strbuf_printf(q->o, " marker-end=\"url(#%s)\"", head);
	strbuf_puts(q->o, "/>\n");
	/* mermaid's marker-start "sequencenumber": a circle of r 6 scaled by
	 * the line's 1.5 width, the number in white 12 px sans-serif */
	if (q->autonumber) {
		strbuf_printf(q->o, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"9\" fill=\"#333\"/>\n"
			      "<text x=\"%.2f\" y=\"%.2f\" font-family=\"sans-serif\" "
			      "font-size=\"12px\" text-anchor=\"middle\" fill=\"white\">%d</text>\n",
			      x0, line_y, x0, line_y + 4, ++q->number);
	}
	(void)starty;
}

/* One pass over the items: layout, and drawing when q->o is set. */
static void run(struct seq *q)
{
	q->vpos = 0;
	q->depth = 0;
	q->n_acts = 0;
	q->sx0 = 1e300;
	q->sx1 = -1e300;
	q->sy0 = 0;
	q->sy1 = 0;
	for (size_t i = 0; i < q->n_actors; i++)
		insert(q, q->actors[i].x, 0, q->actors[i].x + q->actors[i].w, ACTOR_H);
	/* the lifelines, behind everything */
	if (q->o)
		for (size_t i = 0; i < q->n_actors; i++) {
			double x = centre(q, (int)i);
			strbuf_printf(q->o, "<line x1=\"%.2f\" y1=\"%d\" x2=\"%.2f\" y2=\"%.2f\" "
				      "stroke=\"" ACTOR_BORDER "\" stroke-width=\"1\"/>\n", x, ACTOR_H, x,
				      q->bottom);
		}
	draw_actors(q, 0);
	bump(q, ACTOR_H);
	for (size_t k = 0; k < q->n_items; k++) {
		const struct item *it = &q->items[k];
		switch (it->kind) {
		case K_NOTE: {
			const struct actor *a = &q->actors[it->from], *b = &q->actors[it->to];
			double tw = svg_text_width(&q->f14, it->text, strlen(it->text));
			double w, x;
			if (it->place == P_RIGHT) {
				w = MAX(a->w / 2 + b->w / 2, tw + 2 * NOTE_MARGIN);
				x = a->x + (a->w + ACTOR_MARGIN) / 2;
			} else if (it->place == P_LEFT) {
				w = MAX(a->w / 2 + b->w / 2, tw + 2 * NOTE_MARGIN);
				x = a->x - w + (a->w - ACTOR_MARGIN) / 2;
			} else if (it->from == it->to) {
				w = MAX(MAX(a->w, (double)ACTOR_W), tw + 2 * NOTE_MARGIN);
				x = a->x + (a->w - w) / 2;
			} else {
				w = fabs(a->x + a->w / 2 - (b->x + b->w / 2)) + ACTOR_MARGIN;
				x = a->x < b->x ? a->x + a->w / 2 - ACTOR_MARGIN / 2.0
						: b->x + b->w / 2 - ACTOR_MARGIN / 2.0;
			}
			bump(q, BOX_MARGIN);
			double y = q->vpos, th = round(q->f14.ascent + q->f14.descent + 0.5);
			double h = th + 2 * NOTE_MARGIN;
			if (q->o) {
				strbuf_printf(q->o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
					      "height=\"%.2f\" fill=\"#fff5ad\" stroke=\"#aaaa33\"/>\n",
					      x, y, w, h);
				text_at(q, x + w / 2, y + NOTE_MARGIN + (th - q->f14.ascent -
									 q->f14.descent) / 2 +
					q->f14.ascent, "middle", 14, "black", it->text);
			}
			bump(q, h);
			insert(q, x, y, x + w, y + h);
			break;
		}
		case K_START:
			if (q->depth >= MAX_DIAGRAM_DEPTH)
				break;
			bump(q, BOX_MARGIN);
			q->stack[q->depth] = (struct box){ .start = it, .y0 = q->vpos };
			q->depth++;
			if (strcmp(it->block, "rect"))
				bump(q, BOX_MARGIN + BOX_TEXT_MARGIN + (it->text && *it->text ?
					  MAX(MSG_LINE, (double)LABEL_H) : 0));
			else
				bump(q, BOX_MARGIN);
			break;
		case K_SECTION:
			if (q->depth) {
				bump(q, BOX_MARGIN + BOX_TEXT_MARGIN);
				struct box *b = &q->stack[q->depth - 1];
				if (b->n_sect < ARRAY_LEN(b->sect_y)) {
					b->sect_y[b->n_sect] = q->vpos;
					b->sect_title[b->n_sect++] = it->text;
				}
				bump(q, BOX_MARGIN + (it->text && *it->text ? MSG_LINE : 0));
			}
			break;
		case K_END:
			if (q->depth) {
				struct box b = q->stack[--q->depth];
				if (!b.has_x) {
					b.x0 = b.x1 = 0;
				}
				if (!b.has_y1)
					b.y1 = q->vpos;
				draw_box(q, &b);
				bump(q, b.y1 - q->vpos);
				/* the box itself counts for the boxes around it */
				if (q->depth)
					insert(q, b.x0, b.y0, b.x1, b.y1);
			}
			break;
		case K_ACT_ON: {
			int stacked = 0;
			for (int i = 0; i < q->n_acts; i++)
				stacked += q->acts[i].actor == it->from;
			if (q->n_acts >= MAX_DIAGRAM_DEPTH)
				break;
			double x = centre(q, it->from) + (stacked - 1) * ACT_W / 2;
			q->acts[q->n_acts++] = (struct act){ it->from, x, x + ACT_W, q->vpos + 2,
							     q->o ? q->o->len : 0 };
			break;
		}
		case K_ACT_OFF: {
			int i = q->n_acts - 1;
			while (i >= 0 && q->acts[i].actor != it->from)
				i--;
			if (i < 0)
				break;
			struct act a = q->acts[i];
			memmove(&q->acts[i], &q->acts[i + 1], (size_t)(q->n_acts - i - 1) * sizeof a);
			q->n_acts--;
			double y = q->vpos;
			if (a.y0 + 18 > y) {
				a.y0 = y - 6;
				y += 12;
			}
			if (q->o) {
				char r[192];
				snprintf(r, sizeof r, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%d\" "
					 "height=\"%.2f\" fill=\"#f4f4f4\" stroke=\"#666\" "
					 "stroke-width=\"1\"/>\n", a.x0, a.y0, ACT_W, y - a.y0);
				insert_at(q->o, a.at, r);
				for (int k2 = 0; k2 < q->n_acts; k2++)
					if (q->acts[k2].at >= a.at)
						q->acts[k2].at += strlen(r);
			}
			insert(q, a.x0, y - 10, a.x1, y);
			break;
		}
		case K_MSG: {
			double starty = q->vpos;
			double x0, x1;
			msg_ends(q, it, &x0, &x1);
			bump(q, 10);
			bump(q, MSG_LINE);
			double off = MSG_LINE - 10, line_y;
			if (x0 == x1) {
				off += BOX_MARGIN;
				line_y = q->vpos + off;
				off += 30;
				double dx = MAX(width16(q, it->text) / 2, ACTOR_W / 2.0);
				insert(q, x0 - dx, q->vpos - 10 + off, x1 + dx, q->vpos + 30 + off);
			} else {
				off += BOX_MARGIN;
				line_y = q->vpos + off;
				insert(q, x0, line_y - 10, x1, line_y);
			}
			bump(q, off);
			insert(q, MIN(x0, x1), starty, MAX(x0, x1), starty + MSG_LINE + off);
			draw_message(q, it, starty, line_y);
			break;
		}
		}
	}
	while (q->depth) {          /* unclosed boxes end here */
		struct box b = q->stack[--q->depth];
		if (!b.has_y1)
			b.y1 = q->vpos;
		if (!b.has_x)
			b.x0 = b.x1 = 0;
		draw_box(q, &b);
	}
	/* the mirrored actors */
	bump(q, 2 * BOX_MARGIN);
	double bottom = q->vpos;
	draw_actors(q, bottom);
	bump(q, ACTOR_H);
	bump(q, BOX_MARGIN);
	q->bottom = bottom;
}

/* Columns: actor widths and the margins messages between neighbours need. */
static void columns(struct seq *q)
{
	for (size_t i = 0; i < q->n_actors; i++) {
		struct actor *a = &q->actors[i];
		a->w = MAX((double)ACTOR_W, svg_text_width(&q->f14, a->desc, strlen(a->desc)) +
			   2 * WRAP_PADDING);
		a->margin = ACTOR_MARGIN;
		a->msg_w = 0;
	}
	for (size_t k = 0; k < q->n_items; k++) {
		const struct item *it = &q->items[k];
		if (it->kind != K_MSG && it->kind != K_NOTE)
			continue;
		int to = it->to, from = it->from;
		bool note = it->kind == K_NOTE;
		if (note && it->place == P_LEFT && to == 0)
			continue;
		if (note && it->place == P_RIGHT && (size_t)to + 1 >= q->n_actors)
			continue;
		double w = svg_text_width(note ? &q->f14 : &q->f16, it->text, strlen(it->text)) +
			   2 * WRAP_PADDING;
		struct actor *A = q->actors;
		if (!note && from == to + 1)
			A[to].msg_w = MAX(A[to].msg_w, w);
		else if (!note && from + 1 == to)
			A[from].msg_w = MAX(A[from].msg_w, w);
		else if (!note && from == to) {
			A[from].msg_w = MAX(A[from].msg_w, w / 2);
		} else if (note && it->place == P_RIGHT)
			A[from].msg_w = MAX(A[from].msg_w, w);
		else if (note && it->place == P_LEFT)
			A[to - 1].msg_w = MAX(A[to - 1].msg_w, w);
		else if (note && it->place == P_OVER) {
			if (to > 0)
				A[to - 1].msg_w = MAX(A[to - 1].msg_w, w / 2);
			if ((size_t)to + 1 < q->n_actors)
				A[from].msg_w = MAX(A[from].msg_w, w / 2);
		}
	}
	double x = 0;
	for (size_t i = 0; i < q->n_actors; i++) {
		struct actor *a = &q->actors[i];
		if (a->msg_w > 0 && i + 1 < q->n_actors)
			a->margin = MAX(a->msg_w + ACTOR_MARGIN - a->w / 2 - q->actors[i + 1].w / 2,
					(double)ACTOR_MARGIN);
		a->x = x;
		x += a->w + a->margin;
	}
}

static void free_seq(struct seq *q)
{
	for (size_t i = 0; i < q->n_actors; i++) {
		free(q->actors[i].id);
		free(q->actors[i].desc);
	}
	for (size_t i = 0; i < q->n_items; i++)
		free(q->items[i].text);
	free(q->actors);
	free(q->items);
	svg_font_free(&q->f16);
	svg_font_free(&q->f14);
}

/* exported function documented in mseq.h */
bool mseq_draw(const struct mermaid_job *j, struct strbuf *out, struct diagram_fail *f)
{
	struct seq q;
	memset(&q, 0, sizeof q);
	bool ok = parse(&q, j->text, f);
	if (ok && !q.n_actors) {
		snprintf(f->msg, sizeof f->msg, "mermaid: a sequence diagram without participants");
		ok = false;
	}
	if (ok) {
		svg_font_init(&q.f16, FONT, 16);
		svg_font_init(&q.f14, FONT, 14);
		q.f16.spacing += j->letter_spacing;
		q.f14.spacing += j->letter_spacing;
		columns(&q);
		run(&q);                    /* measure */
		double W = q.sx1 - q.sx0 + 2 * MARGIN_X;
		double H = q.sy1 - q.sy0 + 2 * MARGIN_Y - BOX_MARGIN + 1;
		strbuf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.2f\" "
			      "height=\"%.2f\" viewBox=\"%.2f %d %.2f %.2f\" "
			      "letter-spacing=\"%.3f\">\n%s", W, H,
			      q.sx0 - MARGIN_X, -MARGIN_Y, W, H, j->letter_spacing, markers);
		q.o = out;
		run(&q);
		strbuf_puts(out, "</svg>\n");
	}
	free_seq(&q);
	return ok;
}
