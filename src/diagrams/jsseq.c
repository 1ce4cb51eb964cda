/*
 * jsseq.c — js-sequence-diagrams (see jsseq.h).
 *
 * The grammar (case-insensitive, one statement a line):
 *   participant ACTOR [as ALIAS] | title: TEXT
 *   ACTOR (-|--)(>|>>)? ACTOR: TEXT
 *   note (left of|right of|over) ACTOR[,ACTOR]: TEXT
 * and the layout of its BaseTheme: actors side by side as far apart as the
 * messages and notes between them need, each message or note one row.
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/jsseq.h"
#include "diagrams/svg.h"
#include "base/scs_limits.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* the theme's spacing (js-sequence-diagrams' constants) */
enum {
	DIAGRAM_MARGIN = 10, ACTOR_MARGIN = 10, ACTOR_PADDING = 10, SIGNAL_MARGIN = 5,
	SIGNAL_PADDING = 5, NOTE_MARGIN = 10, NOTE_PADDING = 5, NOTE_OVERLAP = 15,
	TITLE_PADDING = 5, SELF_SIGNAL_WIDTH = 20,
};

#define FONT "Andale Mono, monospace"

struct actor {
	char *name, *alias;
	double x, w, h, tw, th;
	double padding_right;
	double *dist;               /* wanted distance to each later actor */
};

enum row_kind { ROW_SIGNAL, ROW_NOTE };
enum placement { LEFT_OF, RIGHT_OF, OVER };

struct row {
	enum row_kind kind;
	int a, b;                   /* actors (b: -1 for a note over one) */
	bool dotted, arrow, open;
	enum placement place;
	char *text;
	double w, h, tw, th;
	double x, nw;               /* notes: box */
};

struct seq {
	struct actor *actors;
	size_t n_actors, cap_actors;
	struct row *rows;
	size_t n_rows, cap_rows;
	char *title;
	double title_w, title_h, title_tw;
	double actors_h, rows_h, width, height;
};

struct lexer {
	const char *s;
	size_t i, n;
	struct diagram_fail *f;
	bool failed;
};

/* ---- parsing ---------------------------------------------------------------- */

enum tok {
	T_EOF, T_NL, T_PARTICIPANT, T_LEFT_OF, T_RIGHT_OF, T_OVER, T_NOTE, T_TITLE, T_COMMA,
	T_ACTOR, T_DOTLINE, T_LINE, T_OPENARROW, T_ARROW, T_MESSAGE, T_INVALID
};

static const char *const tok_names[] = {
	"EOF", "NL", "participant", "left_of", "right_of", "over", "note", "title", ",",
	"ACTOR", "DOTLINE", "LINE", "OPENARROW", "ARROW", "MESSAGE", "INVALID"
};

struct token {
	enum tok t;
	size_t at, len;
};

static bool keyword(const struct lexer *lx, const char *w)
{
	size_t l = strlen(w);
	if (lx->i + l > lx->n || strncasecmp(lx->s + lx->i, w, l))
		return false;
	char c = lx->i + l < lx->n ? lx->s[lx->i + l] : '\0';
	return !(isalnum((unsigned char)c) || c == '_');
}

/* The next token (the fork's jison lexer, rules in order). */
static struct token next_token(struct lexer *lx)
{
	for (;;) {
		size_t i = lx->i;
		if (i >= lx->n)
			return (struct token){ T_EOF, i, 0 };
		char c = lx->s[i];
		if (c == '\r' || c == '\n') {
			while (lx->i < lx->n && (lx->s[lx->i] == '\r' || lx->s[lx->i] == '\n'))
				lx->i++;
			return (struct token){ T_NL, i, lx->i - i };
		}
		if (isspace((unsigned char)c)) {
			lx->i++;
			continue;
		}
		if (c == '#') {
			while (lx->i < lx->n && lx->s[lx->i] != '\n' && lx->s[lx->i] != '\r')
				lx->i++;
			continue;
		}
		static const struct { const char *w; enum tok t; } kw[] = {
			{ "participant", T_PARTICIPANT }, { "left of", T_LEFT_OF },
			{ "right of", T_RIGHT_OF }, { "over", T_OVER }, { "note", T_NOTE },
			{ "title", T_TITLE },
		};
		for (size_t k = 0; k < ARRAY_LEN(kw); k++)
			if (keyword(lx, kw[k].w)) {
				lx->i += strlen(kw[k].w);
				return (struct token){ kw[k].t, i, strlen(kw[k].w) };
			}
		if (c == ',') {
			lx->i++;
			return (struct token){ T_COMMA, i, 1 };
		}
		if (!strchr("->:,\r\n\"", c)) {
			while (lx->i < lx->n && !strchr("->:,\r\n\"", lx->s[lx->i]))
				lx->i++;
			return (struct token){ T_ACTOR, i, lx->i - i };
		}
		if (c == '"') {
			const char *q = memchr(lx->s + i + 1, '"', lx->n - i - 1);
			if (q && q > lx->s + i + 1) {
				lx->i = (size_t)(q - lx->s) + 1;
				return (struct token){ T_ACTOR, i, lx->i - i };
			}
		}
		if (c == '-' && i + 1 < lx->n && lx->s[i + 1] == '-') {
			lx->i += 2;
			return (struct token){ T_DOTLINE, i, 2 };
		}
		if (c == '-') {
			lx->i++;
			return (struct token){ T_LINE, i, 1 };
		}
		if (c == '>' && i + 1 < lx->n && lx->s[i + 1] == '>') {
			lx->i += 2;
			return (struct token){ T_OPENARROW, i, 2 };
		}
		if (c == '>') {
			lx->i++;
			return (struct token){ T_ARROW, i, 1 };
		}
		while (lx->i < lx->n && lx->s[lx->i] != '\r' && lx->s[lx->i] != '\n')
			lx->i++;
		return (struct token){ c == ':' ? T_MESSAGE : T_INVALID, i, lx->i - i };
	}
}

static unsigned line_of(const struct lexer *lx, size_t pos)
{
	unsigned line = 1;
	for (size_t i = 0; i < pos; i++)
		line += lx->s[i] == '\n';
	return line;
}

static void fail(struct lexer *lx, const struct token *t, const char *expecting)
{
	if (lx->failed)
		return;
	lx->failed = true;
	unsigned line = line_of(lx, t->at);
	char msg[sizeof lx->f->box - 16];
	jison_error(msg, sizeof msg, lx->s, lx->n, t->at, line, expecting, tok_names[t->t]);
	snprintf(lx->f->box, sizeof lx->f->box, "ParseError: %s", msg);
	snprintf(lx->f->msg, sizeof lx->f->msg, "sequence: parse error: unexpected '%s'",
		 tok_names[t->t]);
	lx->f->line = line;
}

/* An actor's name: trimmed, quotes dropped, `\n` a line break. */
static char *name_of(const struct lexer *lx, const struct token *t)
{
	const char *s = lx->s + t->at;
	size_t n = t->len;
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
		s++, n -= 2;
	return xstrndup(s, MIN(n, (size_t)MAX_DIAGRAM_LABEL_BYTES));
}

static int actor_index(struct seq *q, struct lexer *lx, char *name)
{
	for (size_t i = 0; i < q->n_actors; i++)
		if (!strcmp(q->actors[i].alias, name)) {
			free(name);
			return (int)i;
		}
	if (q->n_actors >= MAX_DIAGRAM_NODES) {
		if (!lx->failed) {
			lx->failed = true;
			snprintf(lx->f->msg, sizeof lx->f->msg, "sequence: more than %u actors",
				 MAX_DIAGRAM_NODES);
		}
		free(name);
		return -1;
	}
	q->actors = diagram_grow(q->actors, &q->cap_actors, q->n_actors, sizeof *q->actors);
	struct actor *a = &q->actors[q->n_actors];
	memset(a, 0, sizeof *a);
	a->name = name;
	a->alias = xstrdup(name);
	return (int)q->n_actors++;
}

/* `participant A as B`: shown as A, called B */
static void participant(struct seq *q, struct lexer *lx, char *text)
{
	char *as = strstr(text, " as ");
	if (!as) {
		actor_index(q, lx, text);
		return;
	}
	char *alias = xstrdup(as + 4);
	*as = '\0';
	int k = actor_index(q, lx, alias);
	if (k >= 0) {
		free(q->actors[k].name);
		q->actors[k].name = text;
	} else
		free(text);
}

static char *message_of(const struct lexer *lx, const struct token *t)
{
	const char *s = lx->s + t->at + 1;
	size_t n = t->len ? t->len - 1 : 0;
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return xstrndup(s, MIN(n, (size_t)MAX_DIAGRAM_LABEL_BYTES));
}

static struct row *new_row(struct seq *q, struct lexer *lx)
{
	if (q->n_rows >= MAX_DIAGRAM_EDGES) {
		if (!lx->failed) {
			lx->failed = true;
			snprintf(lx->f->msg, sizeof lx->f->msg, "sequence: more than %u messages",
				 MAX_DIAGRAM_EDGES);
		}
		return NULL;
	}
	q->rows = diagram_grow(q->rows, &q->cap_rows, q->n_rows, sizeof *q->rows);
	struct row *r = &q->rows[q->n_rows++];
	memset(r, 0, sizeof *r);
	r->b = -1;
	return r;
}

static void statement(struct seq *q, struct lexer *lx, struct token t)
{
	if (t.t == T_PARTICIPANT) {
		struct token a = next_token(lx);
		if (a.t != T_ACTOR)
			return fail(lx, &a, "'ACTOR'");
		participant(q, lx, name_of(lx, &a));
		return;
	}
	if (t.t == T_TITLE) {
		struct token m = next_token(lx);
		if (m.t != T_MESSAGE)
			return fail(lx, &m, "'MESSAGE'");
		free(q->title);
		q->title = message_of(lx, &m);
		return;
	}
	if (t.t == T_NOTE) {
		struct token p = next_token(lx);
		if (p.t != T_LEFT_OF && p.t != T_RIGHT_OF && p.t != T_OVER)
			return fail(lx, &p, "'left_of', 'right_of', 'over'");
		struct token a = next_token(lx);
		if (a.t != T_ACTOR)
			return fail(lx, &a, "'ACTOR'");
		int ia = actor_index(q, lx, name_of(lx, &a)), ib = -1;
		struct token m = next_token(lx);
		if (m.t == T_COMMA && p.t == T_OVER) {
			struct token b = next_token(lx);
			if (b.t != T_ACTOR)
				return fail(lx, &b, "'ACTOR'");
			ib = actor_index(q, lx, name_of(lx, &b));
			m = next_token(lx);
		}
		if (m.t != T_MESSAGE)
			return fail(lx, &m, p.t == T_OVER && ib < 0 ? "',', 'MESSAGE'" : "'MESSAGE'");
		struct row *r = ia >= 0 ? new_row(q, lx) : NULL;
		if (!r)
			return;
		r->kind = ROW_NOTE;
		r->place = p.t == T_LEFT_OF ? LEFT_OF : p.t == T_RIGHT_OF ? RIGHT_OF : OVER;
		r->a = ia;
		r->b = ib;
		r->text = message_of(lx, &m);
		return;
	}
	if (t.t != T_ACTOR)
		return fail(lx, &t, "'participant', 'title', 'note', 'ACTOR'");
	char *an = name_of(lx, &t);
	struct token l = next_token(lx);
	if (l.t != T_LINE && l.t != T_DOTLINE) {
		free(an);
		return fail(lx, &l, "'DOTLINE', 'LINE'");
	}
	struct token b = next_token(lx);
	bool arrow = false, open = false;
	if (b.t == T_ARROW || b.t == T_OPENARROW) {
		arrow = true;
		open = b.t == T_OPENARROW;
		b = next_token(lx);
	}
	if (b.t != T_ACTOR) {
		free(an);
		return fail(lx, &b, arrow ? "'ACTOR'" : "'ACTOR', 'OPENARROW', 'ARROW'");
	}
	struct token m = next_token(lx);
	if (m.t != T_MESSAGE) {
		free(an);
		return fail(lx, &m, "'MESSAGE'");
	}
	int ia = actor_index(q, lx, an), ib = actor_index(q, lx, name_of(lx, &b));
	struct row *r = ia >= 0 && ib >= 0 ? new_row(q, lx) : NULL;
	if (!r)
		return;
	r->kind = ROW_SIGNAL;
	r->a = ia;
	r->b = ib;
	r->dotted = l.t == T_DOTLINE;
	r->arrow = arrow;
	r->open = open;
	r->text = message_of(lx, &m);
}

static bool parse(struct seq *q, struct lexer *lx)
{
	for (;;) {
		struct token t = next_token(lx);
		if (t.t == T_EOF)
			return !lx->failed;
		if (t.t == T_NL)
			continue;
		statement(q, lx, t);
		if (lx->failed)
			return false;
		struct token e = next_token(lx);
		if (e.t != T_NL && e.t != T_EOF) {
			fail(lx, &e, "'NL', 'EOF'");
			return false;
		}
		if (e.t == T_EOF)
			return true;
	}
}

/* ---- layout (BaseTheme.layout) ------------------------------------------------ */

/* Text box of a message: lines split at `\n`, 1.2em apart. */
static void text_box(struct svg_font *f, const char *s, double *w, double *h)
{
	*w = 0;
	unsigned lines = 0;
	for (const char *l = s; l;) {
		const char *e = strstr(l, "\\n");
		size_t n = e ? (size_t)(e - l) : strlen(l);
		*w = MAX(*w, svg_text_width(f, l, n));
		lines++;
		l = e ? e + 2 : NULL;
	}
	*h = f->ascent + f->descent + (lines - 1) * 1.2 * f->px;
}

static void ensure(struct seq *q, int a, int b, double d)
{
	if (a < 0) {
		struct actor *B = &q->actors[b];
		B->x = MAX(d - B->w / 2, B->x);
	} else if ((size_t)b >= q->n_actors) {
		struct actor *A = &q->actors[a];
		A->padding_right = MAX(d, A->padding_right);
	} else {
		struct actor *A = &q->actors[a];
		A->dist[b] = MAX(d, A->dist[b]);
	}
}

static void layout(struct seq *q, struct svg_font *f)
{
	q->width = q->height = 0;
	if (q->title) {
		text_box(f, q->title, &q->title_tw, &q->title_h);
		q->title_w = q->title_tw + 2 * TITLE_PADDING;
		q->title_h += 2 * TITLE_PADDING;
		q->width += q->title_w;
		q->height += q->title_h;
	}
	for (size_t i = 0; i < q->n_actors; i++) {
		struct actor *a = &q->actors[i];
		text_box(f, a->name, &a->tw, &a->th);
		a->w = a->tw + 2 * (ACTOR_PADDING + ACTOR_MARGIN);
		a->h = a->th + 2 * (ACTOR_PADDING + ACTOR_MARGIN);
		a->dist = xcalloc(q->n_actors, sizeof *a->dist);
		q->actors_h = MAX(q->actors_h, a->h);
	}
	for (size_t i = 0; i < q->n_rows; i++) {
		struct row *r = &q->rows[i];
		text_box(f, r->text, &r->tw, &r->th);
		r->w = r->tw;
		r->h = r->th;
		double extra = 0;
		int a, b;
		if (r->kind == ROW_SIGNAL) {
			r->w += 2 * (SIGNAL_MARGIN + SIGNAL_PADDING);
			r->h += 2 * (SIGNAL_MARGIN + SIGNAL_PADDING);
			if (r->a == r->b) {
				a = r->a;
				b = a + 1;
				r->w += SELF_SIGNAL_WIDTH;
			} else {
				a = MIN(r->a, r->b);
				b = MAX(r->a, r->b);
			}
		} else {
			r->w += 2 * (NOTE_MARGIN + NOTE_PADDING);
			r->h += 2 * (NOTE_MARGIN + NOTE_PADDING);
			extra = 2 * ACTOR_MARGIN;
			if (r->place == LEFT_OF) {
				b = r->a;
				a = b - 1;
			} else if (r->place == RIGHT_OF) {
				a = r->a;
				b = a + 1;
			} else if (r->b >= 0) {
				a = MIN(r->a, r->b);
				b = MAX(r->a, r->b);
				extra = -(NOTE_PADDING * 2 + NOTE_OVERLAP * 2);
			} else {
				a = r->a;
				ensure(q, a - 1, a, r->w / 2);
				ensure(q, a, a + 1, r->w / 2);
				q->rows_h += r->h;
				continue;
			}
		}
		if (a != b)
			ensure(q, a, b, r->w + extra);
		q->rows_h += r->h;
	}
	double ax = 0;
	for (size_t i = 0; i < q->n_actors; i++) {
		struct actor *a = &q->actors[i];
		a->x = MAX(ax, a->x);
		for (size_t j = i + 1; j < q->n_actors; j++) {
			if (a->dist[j] <= 0)
				continue;
			struct actor *b = &q->actors[j];
			double d = MAX(a->dist[j], MAX(a->w / 2, b->w / 2));
			b->x = MAX(b->x, a->x + a->w / 2 + d - b->w / 2);
		}
		ax = a->x + a->w + a->padding_right;
	}
	q->width = MAX(ax, q->width) + 2 * DIAGRAM_MARGIN;
	q->height += 2 * DIAGRAM_MARGIN + 2 * q->actors_h + q->rows_h;
}

/* ---- drawing (SnapTheme) ------------------------------------------------------ */

static void put_text(struct strbuf *o, struct svg_font *f, double x, double top,
		     const char *s, bool centre)
{
	double w, h;
	text_box(f, s, &w, &h);
	double y = top + f->ascent;
	for (const char *l = s; l;) {
		const char *e = strstr(l, "\\n");
		size_t n = e ? (size_t)(e - l) : strlen(l);
		strbuf_printf(o, "<text x=\"%.2f\" y=\"%.2f\" font-family=\"%s\" font-size=\"16\" "
			      "letter-spacing=\"%.3f\">", centre ? x - w / 2 : x, y, f->family, f->spacing);
		svg_escaped(o, l, n);
		strbuf_puts(o, "</text>\n");
		y += 1.2 * f->px;
		l = e ? e + 2 : NULL;
	}
}

static void put_rect(struct strbuf *o, double x, double y, double w, double h)
{
	strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" stroke=\"#000000\" "
		      "stroke-width=\"2\" fill=\"#fff\"/>\n", x, y, w, h);
}

static void put_line(struct strbuf *o, double x1, double y1, double x2, double y2, bool dotted,
		     int arrow)
{
	strbuf_printf(o, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#000000\" "
		      "stroke-width=\"2\" fill=\"none\"%s", x1, y1, x2, y2,
		      dotted ? " stroke-dasharray=\"6,2\"" : "");
	if (arrow)
		strbuf_printf(o, " marker-end=\"url(#%s)\"", arrow == 1 ? "markerArrowBlock"
								   : "markerArrowOpen");
	strbuf_puts(o, "/>\n");
}

static double centre_x(const struct actor *a)
{
	return a->x + a->w / 2;
}

static void draw_actor(struct strbuf *o, struct svg_font *f, const struct seq *q,
		       const struct actor *a, double y)
{
	put_rect(o, a->x + ACTOR_MARGIN, y + ACTOR_MARGIN, a->w - 2 * ACTOR_MARGIN,
		 q->actors_h - 2 * ACTOR_MARGIN);
	put_text(o, f, centre_x(a), y + q->actors_h / 2 - a->th / 2, a->name, true);
}

static void emit_svg(struct strbuf *o, struct seq *q, struct svg_font *f)
{
	strbuf_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.2f\" height=\"%.2f\" "
		      "viewBox=\"0 0 %.2f %.2f\">\n<defs>\n"
		      "<marker id=\"markerArrowBlock\" viewBox=\"0 0 5 5\" markerWidth=\"5\" "
		      "markerHeight=\"5\" orient=\"auto\" refX=\"5\" refY=\"2.5\"><path "
		      "d=\"M 0 0 L 5 2.5 L 0 5 z\"/></marker>\n"
		      "<marker id=\"markerArrowOpen\" viewBox=\"0 0 9.6 16\" markerWidth=\"4\" "
		      "markerHeight=\"16\" orient=\"auto\" refX=\"9.6\" refY=\"8\"><path "
		      "d=\"M 9.6,8 1.92,16 0,13.7 5.76,8 0,2.286 1.92,0 9.6,8 z\"/></marker>\n"
		      "</defs>\n", q->width, q->height, q->width, q->height);
	if (q->title) {
		put_rect(o, DIAGRAM_MARGIN, DIAGRAM_MARGIN, q->title_w, q->title_h);
		put_text(o, f, DIAGRAM_MARGIN + TITLE_PADDING, DIAGRAM_MARGIN + TITLE_PADDING,
			 q->title, false);
	}
	double y = DIAGRAM_MARGIN + (q->title ? q->title_h : 0);
	for (size_t i = 0; i < q->n_actors; i++) {
		const struct actor *a = &q->actors[i];
		draw_actor(o, f, q, a, y);
		draw_actor(o, f, q, a, y + q->actors_h + q->rows_h);
		put_line(o, centre_x(a), y + q->actors_h - ACTOR_MARGIN, centre_x(a),
			 y + q->actors_h + ACTOR_MARGIN + q->rows_h, false, 0);
	}
	y += q->actors_h;
	for (size_t i = 0; i < q->n_rows; i++) {
		struct row *r = &q->rows[i];
		int arrow = r->arrow ? (r->open ? 2 : 1) : 0;
		if (r->kind == ROW_SIGNAL && r->a == r->b) {
			double ax = centre_x(&q->actors[r->a]);
			put_text(o, f, ax + SELF_SIGNAL_WIDTH + SIGNAL_PADDING,
				 y + SIGNAL_PADDING + r->h / 2 - r->th / 2, r->text, false);
			double y1 = y + SIGNAL_MARGIN + SIGNAL_PADDING;
			double y2 = y1 + r->h - 2 * SIGNAL_MARGIN - SIGNAL_PADDING;
			put_line(o, ax, y1, ax + SELF_SIGNAL_WIDTH, y1, r->dotted, 0);
			put_line(o, ax + SELF_SIGNAL_WIDTH, y1, ax + SELF_SIGNAL_WIDTH, y2, r->dotted, 0);
			put_line(o, ax + SELF_SIGNAL_WIDTH, y2, ax, y2, r->dotted, arrow);
		} else if (r->kind == ROW_SIGNAL) {
			double ax = centre_x(&q->actors[r->a]), bx = centre_x(&q->actors[r->b]);
			double mx = (bx - ax) / 2 + ax;
			put_text(o, f, mx, y + SIGNAL_MARGIN + 2 * SIGNAL_PADDING - r->th / 2, r->text,
				 true);
			double ly = y + r->h - SIGNAL_MARGIN - SIGNAL_PADDING;
			put_line(o, ax, ly, bx, ly, r->dotted, arrow);
		} else {
			double ax = centre_x(&q->actors[r->a]);
			r->nw = r->w;
			switch (r->place) {
			case RIGHT_OF: r->x = ax + ACTOR_MARGIN; break;
			case LEFT_OF: r->x = ax - ACTOR_MARGIN - r->w; break;
			case OVER:
				if (r->b >= 0) {
					double bx = centre_x(&q->actors[r->b]);
					double ov = NOTE_OVERLAP + NOTE_PADDING;
					r->x = MIN(ax, bx) - ov;
					r->nw = MAX(ax, bx) + ov - r->x;
				} else
					r->x = ax - r->w / 2;
				break;
			}
			put_rect(o, r->x + NOTE_MARGIN, y + NOTE_MARGIN, r->nw - 2 * NOTE_MARGIN,
				 r->h - 2 * NOTE_MARGIN);
			put_text(o, f, r->x + NOTE_MARGIN + NOTE_PADDING, y + NOTE_MARGIN + NOTE_PADDING,
				 r->text, false);
		}
		y += r->h;
	}
	strbuf_puts(o, "</svg>\n");
}

static void emit_dump(struct strbuf *o, const struct seq *q)
{
	strbuf_printf(o, "sequence %.1fx%.1f actors_h=%.1f rows_h=%.1f\n", q->width, q->height,
		      q->actors_h, q->rows_h);
	for (size_t i = 0; i < q->n_actors; i++)
		strbuf_printf(o, "actor %s x=%.1f w=%.1f\n", q->actors[i].alias, q->actors[i].x,
			      q->actors[i].w);
	for (size_t i = 0; i < q->n_rows; i++) {
		const struct row *r = &q->rows[i];
		strbuf_printf(o, "%s %s%s%s w=%.1f h=%.1f\n", r->kind == ROW_SIGNAL ? "signal" : "note",
			      q->actors[r->a].alias, r->b >= 0 ? " " : "",
			      r->b >= 0 ? q->actors[r->b].alias : "", r->w, r->h);
	}
}

static void free_seq(struct seq *q)
{
	for (size_t i = 0; i < q->n_actors; i++) {
		free(q->actors[i].name);
		free(q->actors[i].alias);
		free(q->actors[i].dist);
	}
	for (size_t i = 0; i < q->n_rows; i++)
		free(q->rows[i].text);
	free(q->actors);
	free(q->rows);
	free(q->title);
}

/* exported function documented in jsseq.h */
bool jsseq_draw(void *ctx, struct strbuf *out, struct diagram_fail *f)
{
	const struct jsseq_job *j = ctx;
	struct seq q;
	memset(&q, 0, sizeof q);
	struct lexer lx = { j->text, 0, strlen(j->text), f, false };
	bool ok = parse(&q, &lx);
	if (ok && !q.n_actors) {
		snprintf(f->msg, sizeof f->msg, "sequence: no actors");
		ok = false;
	}
	if (ok) {
		struct svg_font font;
		svg_font_init(&font, FONT, 16);
		font.ascent = SVG_ANDALE_ASCENT * font.px;
		font.descent = SVG_ANDALE_DESCENT * font.px;
		layout(&q, &font);
		if (j->dump)
			emit_dump(out, &q);
		else
			emit_svg(out, &q, &font);
		svg_font_free(&font);
	}
	free_seq(&q);
	return ok;
}
