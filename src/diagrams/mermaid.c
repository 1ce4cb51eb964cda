/*
 * mermaid.c — mermaid flowcharts (see mermaid.h).
 *
 * The look is mermaid 9.1.7's (src/dagre-wrapper, src/diagrams/flowchart,
 * theme-default): `flowchart` goes through its dagre-wrapper renderer,
 * `graph` through the older dagre-d3 one, which pads labels by 10 px on
 * each side instead of 7.5. Layout is dagre's: ranks `rankSpacing` (50)
 * apart, halved because every edge gets a label node in the rank between
 * its ends, nodes `nodeSpacing` (50) apart. Here dot does it, with each
 * edge a chain through such a node; edges are drawn as mermaid draws them,
 * a B-spline (d3's curveBasis) through the points of the route.
 *
 * SPDX-License-Identifier: MIT
 */
#include "diagrams/mermaid.h"
#include "diagrams/graphviz_dl.h"
#include "diagrams/gantt.h"
#include "diagrams/mseq.h"
#include "diagrams/svg.h"
#include "base/scs_limits.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum shape {
	SH_RECT, SH_ROUND, SH_STADIUM, SH_SUBROUTINE, SH_CYLINDER, SH_CIRCLE, SH_DCIRCLE,
	SH_ASYM, SH_DIAMOND, SH_HEXAGON, SH_LEAN_R, SH_LEAN_L, SH_TRAP, SH_INV_TRAP,
	SH_STATE_START, SH_STATE_END, SH_FORK, SH_CLASS, SH_ENTITY
};

struct node {
	char *id, *label;           /* label NULL: the id */
	enum shape shape;
	bool shaped;                /* a shape was given (later mentions keep it) */
	int sub;                    /* innermost subgraph, -1: none */
	char *style, *classes;
	char *link;                 /* `click ID "url"`: where it leads, NULL: nowhere */
	double w, h, x, y;          /* box size and centre (px) */
	double tw;                  /* label text width */
	unsigned lines;
	Agnode_t *gv;
	/* a class: its members, then its methods */
	char **rows;
	double *row_w;              /* their text widths */
	size_t n_rows, cap_rows, n_members;
	bool has_key, has_comment;  /* an entity: its attributes' columns */
};

enum head { HEAD_NONE, HEAD_ARROW, HEAD_CIRCLE, HEAD_CROSS };
enum stroke { STROKE_NORMAL, STROKE_THICK, STROKE_DOTTED };

struct edge {
	int a, b;
	char *label;
	enum head head;
	bool both;
	enum stroke stroke;
	char *style;
	double tw, lw, lh, lx, ly;  /* label text width, box, centre */
	unsigned lines;
	Agnode_t *mid;
	Agedge_t *e1, *e2;
	bool back;                  /* closes a cycle: laid out from b to a (dagre's acyclic step) */
	/* class relations: the ends' markers and cardinalities */
	const char *start_marker, *end_marker;
	char *start_label, *end_label;
	double *pts;                /* route: x,y pairs */
	size_t n_pts;
};

struct sub {
	char *id, *title;
	int parent;
	Agraph_t *gv;
	double x0, y0, x1, y1, tw;
};

struct classdef {
	char *name, *style;
};

struct graph {
	bool v2;                    /* `flowchart` (dagre-wrapper) */
	bool state;                 /* a stateDiagram (its look on the same engine) */
	bool cls;                   /* a classDiagram */
	bool er;                    /* an erDiagram (erRenderer: its own look) */
	struct svg_font *er_font, *er_attr_font;   /* its 12 px and 10.2 px text */
	char dir[3];                /* TB, BT, LR, RL */
	struct node *nodes;
	size_t n_nodes, cap_nodes;
	struct edge *edges;
	size_t n_edges, cap_edges;
	struct sub *subs;
	size_t n_subs, cap_subs;
	struct classdef *classes;
	size_t n_classes, cap_classes;
	char *default_link_style;
	Agraph_t *root;             /* the layout's graph */
};

struct parser {
	const char *s;
	size_t i, n;
	struct graph *g;
	struct diagram_fail *f;
	bool failed;
	int stack[MAX_DIAGRAM_DEPTH];
	int depth;
};

/* ---- growing arrays (the child process exits when done: nothing freed) */

/* ---- errors: jison's text ("Parse error on line N: …") ----------------- */

static unsigned line_at(const struct parser *p, size_t pos)
{
	unsigned line = 1;
	for (size_t i = 0; i < pos && i < p->n; i++)
		line += p->s[i] == '\n';
	return line;
}

static void fail_at(struct parser *p, size_t pos, const char *expecting, const char *got)
{
	if (p->failed)
		return;
	p->failed = true;
	unsigned line = line_at(p, pos);
	jison_error(p->f->box, sizeof p->f->box, p->s, p->n, pos, line, expecting, got);
	snprintf(p->f->msg, sizeof p->f->msg, "mermaid: parse error: unexpected '%s'", got);
	p->f->line = line;
}

static void fail_limit(struct parser *p, const char *what, unsigned max)
{
	if (p->failed)
		return;
	p->failed = true;
	snprintf(p->f->msg, sizeof p->f->msg, "mermaid: more than %u %s", max, what);
	p->f->line = line_at(p, p->i);
}

/* ---- lexing ---------------------------------------------------------------- */

static char peek(const struct parser *p, size_t k)
{
	return p->i + k < p->n ? p->s[p->i + k] : '\0';
}

static void skip_blank(struct parser *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\r'))
		p->i++;
}

static bool at_end_of_statement(struct parser *p)
{
	skip_blank(p);
	char c = peek(p, 0);
	return !c || c == '\n' || c == ';' || (c == '%' && peek(p, 1) == '%');
}

static bool id_char(const struct parser *p, size_t at)
{
	unsigned char c = at < p->n ? (unsigned char)p->s[at] : 0;
	if (isalnum(c) || c == '_' || c >= 0x80)
		return true;
	/* `my-node`, but `a-->b` and `a-.->b` stop at the link */
	unsigned char d = at + 1 < p->n ? (unsigned char)p->s[at + 1] : 0;
	return c == '-' && (isalnum(d) || d == '_');
}

static bool word_at(const struct parser *p, const char *w)
{
	size_t l = strlen(w);
	if (p->i + l > p->n || strncmp(p->s + p->i, w, l))
		return false;
	char c = p->i + l < p->n ? p->s[p->i + l] : '\0';
	return !c || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';';
}

/* The name jison gives the token at p->i. */
static const char *token_name(const struct parser *p)
{
	char c = peek(p, 0);
	switch (c) {
	case '\0': return "EOF";
	case '\n': case ';': return "NEWLINE";
	case '(': return "PS";
	case ')': return "PE";
	case '[': return "SQS";
	case ']': return "SQE";
	case '{': return "DIAMOND_START";
	case '}': return "DIAMOND_STOP";
	case '|': return "PIPE";
	case '&': return "AMP";
	case ':': return "COLON";
	case '"': return "STR";
	case ' ': case '\t': return "SPACE";
	default: return isalpha((unsigned char)c) ? "ALPHA" : "PUNCTUATION";
	}
}

/* A link at s+i (mermaid's lexer rules, first match): its length, the
 * open text form (`-- text -->`) in *start, else 0. */
static size_t link_len(const char *s, size_t i, size_t n, bool *start)
{
	size_t k = i;
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	size_t lead = k;
	if (k < n && (s[k] == 'x' || s[k] == 'o' || s[k] == '<'))
		k++;
	*start = false;
	for (int rule = 0; rule < 3; rule++) {
		size_t j = k;
		if (rule < 2) {
			char ch = rule == 0 ? '-' : '=';
			size_t run = 0;
			while (j < n && s[j] == ch)
				j++, run++;
			if (run < 2)
				continue;
			/* the last of a longer run may end it: `---` */
			if (j < n && (s[j] == ch || s[j] == 'x' || s[j] == 'o' || s[j] == '>'))
				j++;
			else if (run >= 3)
				;
			else
				continue;
		} else {
			if (j < n && s[j] == '-')
				j++;
			size_t dots = 0;
			while (j < n && s[j] == '.')
				j++, dots++;
			if (!dots || j >= n || s[j] != '-')
				continue;
			j++;
			if (j < n && (s[j] == 'x' || s[j] == 'o' || s[j] == '>'))
				j++;
		}
		/* an x or o head must not be the start of a name (`--oops`) */
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		return j - i;
	}
	/* START_LINK: `--`, `==`, `-.` followed by text */
	if (k + 1 < n && ((s[k] == '-' && s[k + 1] == '-') || (s[k] == '=' && s[k + 1] == '=') ||
			  (s[k] == '-' && s[k + 1] == '.'))) {
		*start = true;
		size_t j = k + 2;
		while (j < n && (s[j] == ' ' || s[j] == '\t'))
			j++;
		return j - i;
	}
	(void)lead;
	return 0;
}

/* ---- the graph ---------------------------------------------------------------- */

static int find_node(struct graph *g, const char *id, size_t len)
{
	for (size_t i = 0; i < g->n_nodes; i++)
		if (strlen(g->nodes[i].id) == len && !memcmp(g->nodes[i].id, id, len))
			return (int)i;
	return -1;
}

static int add_node(struct parser *p, const char *id, size_t len)
{
	struct graph *g = p->g;
	int k = find_node(g, id, len);
	if (k >= 0) {
		if (g->nodes[k].sub < 0 && p->depth)
			g->nodes[k].sub = p->stack[p->depth - 1];
		return k;
	}
	if (g->n_nodes >= MAX_DIAGRAM_NODES) {
		fail_limit(p, "nodes", MAX_DIAGRAM_NODES);
		return -1;
	}
	g->nodes = diagram_grow(g->nodes, &g->cap_nodes, g->n_nodes, sizeof *g->nodes);
	struct node *n = &g->nodes[g->n_nodes];
	memset(n, 0, sizeof *n);
	n->id = xstrndup(id, len);
	n->sub = p->depth ? p->stack[p->depth - 1] : -1;
	return (int)g->n_nodes++;
}

/* Label text: quotes dropped, entities kept as text, trimmed. */
static char *label_text(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len >= 2 && s[0] == '"' && s[len - 1] == '"')
		s++, len -= 2;
	if (len > MAX_DIAGRAM_LABEL_BYTES)
		len = MAX_DIAGRAM_LABEL_BYTES;
	return xstrndup(s, len);
}

static const struct {
	const char *open, *close, *close_name;
	enum shape shape;
} shapes[] = {
	{ "(((", ")))", "DOUBLECIRCLEEND", SH_DCIRCLE },
	{ "((", "))", "PE", SH_CIRCLE },
	{ "([", "])", "STADIUMEND", SH_STADIUM },
	{ "[[", "]]", "SUBROUTINEEND", SH_SUBROUTINE },
	{ "[(", ")]", "CYLINDEREND", SH_CYLINDER },
	{ "[/", "/]", "SQE", SH_LEAN_R },
	{ "[\\", "\\]", "SQE", SH_LEAN_L },
	{ "{{", "}}", "DIAMOND_STOP", SH_HEXAGON },
	{ "[", "]", "SQE", SH_RECT },
	{ "(", ")", "PE", SH_ROUND },
	{ "{", "}", "DIAMOND_STOP", SH_DIAMOND },
	{ ">", "]", "SQE", SH_ASYM },
};

static const char *text_expecting(const char *close)
{
	static char buf[256];
	snprintf(buf, sizeof buf, "'SPACE', 'GRAPH', 'DIR', 'subgraph', '%s', 'end', 'AMP', "
		 "'ALPHA', 'COLON', 'MINUS', 'BRKT', 'DOT', 'PCT', 'TAGSTART', 'TAGEND', "
		 "'PUNCTUATION', 'UNICODE_TEXT', 'PLUS', 'EQUALS', 'MULT', 'UNDERSCORE'", close);
	return buf;
}

/* node [shape text] [:::class] */
static int parse_node(struct parser *p)
{
	skip_blank(p);
	size_t start = p->i;
	while (p->i < p->n && id_char(p, p->i))
		p->i++;
	if (p->i == start) {
		fail_at(p, p->i, "'ALPHA', 'NUM', 'NODE_STRING', 'DOWN', 'MINUS', 'DEFAULT', "
			"'UNICODE_TEXT', 'AMP', 'COMMA'", token_name(p));
		return -1;
	}
	int k = add_node(p, p->s + start, p->i - start);
	if (k < 0)
		return -1;
	for (size_t s = 0; s < ARRAY_LEN(shapes); s++) {
		size_t ol = strlen(shapes[s].open);
		if (p->i + ol > p->n || strncmp(p->s + p->i, shapes[s].open, ol))
			continue;
		p->i += ol;
		size_t t0 = p->i;
		const char *close = shapes[s].close;
		size_t cl = strlen(close);
		enum shape sh = shapes[s].shape;
		if (peek(p, 0) == '"') {
			const char *q = memchr(p->s + p->i + 1, '"', p->n - p->i - 1);
			if (!q) {
				fail_at(p, p->i, text_expecting(shapes[s].close_name), "STR");
				return -1;
			}
			p->i = (size_t)(q - p->s) + 1;
		}
		for (;;) {
			if (p->i >= p->n || p->s[p->i] == '\n') {
				fail_at(p, p->i, text_expecting(shapes[s].close_name),
					p->i >= p->n ? "EOF" : "NEWLINE");
				return -1;
			}
			/* [/text\] and [\text/] are trapezoids */
			if (sh == SH_LEAN_R && !strncmp(p->s + p->i, "\\]", 2)) {
				sh = SH_TRAP;
				cl = 2;
				break;
			}
			if (sh == SH_LEAN_L && !strncmp(p->s + p->i, "/]", 2)) {
				sh = SH_INV_TRAP;
				cl = 2;
				break;
			}
			if (p->i + cl <= p->n && !strncmp(p->s + p->i, close, cl))
				break;
			bool st;
			if (link_len(p->s, p->i, p->n, &st)) {
				fail_at(p, p->i, text_expecting(shapes[s].close_name),
					st ? "START_LINK" : "LINK");
				return -1;
			}
			char c = p->s[p->i];
			if (strchr("[](){}", c) && !(sh == SH_CIRCLE && c == ')') &&
			    !(sh == SH_DCIRCLE && c == ')')) {
				fail_at(p, p->i, text_expecting(shapes[s].close_name), token_name(p));
				return -1;
			}
			p->i++;
		}
		struct node *n = &p->g->nodes[k];
		free(n->label);
		n->label = label_text(p->s + t0, p->i - t0);
		n->shape = sh;
		n->shaped = true;
		p->i += cl;
		break;
	}
	if (!strncmp(p->s + p->i, ":::", 3)) {
		p->i += 3;
		size_t c0 = p->i;
		while (p->i < p->n && id_char(p, p->i))
			p->i++;
		struct node *n = &p->g->nodes[k];
		free(n->classes);
		n->classes = xstrndup(p->s + c0, p->i - c0);
	}
	return k;
}

/* node (& node)*: the indexes into ids (at most cap). */
static size_t parse_group(struct parser *p, int *ids, size_t cap)
{
	size_t n = 0;
	for (;;) {
		int k = parse_node(p);
		if (k < 0)
			return 0;
		if (n < cap)
			ids[n++] = k;
		skip_blank(p);
		if (peek(p, 0) != '&')
			return n;
		p->i++;
	}
}

static bool parse_link(struct parser *p, struct edge *e)
{
	bool start;
	size_t at = p->i;
	size_t l = link_len(p->s, p->i, p->n, &start);
	if (!l) {
		skip_blank(p);
		fail_at(p, p->i, "'SEMI', 'NEWLINE', 'SPACE', 'EOF', 'AMP', 'STYLE_SEPARATOR', "
			"'START_LINK', 'LINK'", token_name(p));
		return false;
	}
	memset(e, 0, sizeof *e);
	const char *s = p->s + at;
	size_t k = 0;
	while (s[k] == ' ' || s[k] == '\t')
		k++;
	if (s[k] == '<' || ((s[k] == 'o' || s[k] == 'x') && l > k + 2 && (s[k + 1] == '-' ||
									  s[k + 1] == '=')))
		e->both = true;
	p->i += l;
	const char *body = s;
	size_t body_len = l;
	if (start) {
		/* `-- text -->`: the text runs to the link's end */
		size_t t0 = p->i;
		for (;;) {
			if (p->i >= p->n || p->s[p->i] == '\n') {
				fail_at(p, p->i, "'TAGEND', 'LINK', 'STR', 'ALPHA', 'UNICODE_TEXT'",
					p->i >= p->n ? "EOF" : "NEWLINE");
				return false;
			}
			bool st2;
			size_t l2 = link_len(p->s, p->i, p->n, &st2);
			if (l2 && !st2) {
				e->label = label_text(p->s + t0, p->i - t0);
				body = p->s + p->i;
				body_len = l2;
				p->i += l2;
				break;
			}
			p->i++;
		}
	}
	/* kind from the link's characters */
	size_t end = body_len;
	while (end && (body[end - 1] == ' ' || body[end - 1] == '\t'))
		end--;
	char last = end ? body[end - 1] : '-';
	e->head = last == '>' ? HEAD_ARROW : last == 'o' ? HEAD_CIRCLE : last == 'x' ? HEAD_CROSS
									 : HEAD_NONE;
	e->stroke = memchr(body, '=', body_len) ? STROKE_THICK :
		    memchr(body, '.', body_len) ? STROKE_DOTTED : STROKE_NORMAL;
	if (e->head == HEAD_NONE)
		e->both = false;
	skip_blank(p);
	if (peek(p, 0) == '|') {
		const char *q = memchr(p->s + p->i + 1, '|', p->n - p->i - 1);
		const char *nl = memchr(p->s + p->i + 1, '\n', p->n - p->i - 1);
		if (!q || (nl && nl < q)) {
			fail_at(p, p->i + 1, "'PIPE', 'STR', 'ALPHA', 'UNICODE_TEXT'",
				nl ? "NEWLINE" : "EOF");
			free(e->label);     /* a `-- text -->` one */
			e->label = NULL;
			return false;
		}
		free(e->label);
		e->label = label_text(p->s + p->i + 1, (size_t)(q - p->s) - p->i - 1);
		p->i = (size_t)(q - p->s) + 1;
	}
	return true;
}

static void add_edge(struct parser *p, const struct edge *proto, int a, int b)
{
	struct graph *g = p->g;
	if (g->n_edges >= MAX_DIAGRAM_EDGES) {
		fail_limit(p, "edges", MAX_DIAGRAM_EDGES);
		return;
	}
	g->edges = diagram_grow(g->edges, &g->cap_edges, g->n_edges, sizeof *g->edges);
	struct edge *e = &g->edges[g->n_edges++];
	*e = *proto;
	if (proto->label)
		e->label = xstrdup(proto->label);
	e->a = a;
	e->b = b;
}

static void parse_vertex_statement(struct parser *p)
{
	int left[64], right[64];
	size_t nl = parse_group(p, left, ARRAY_LEN(left));
	while (!p->failed && nl && !at_end_of_statement(p)) {
		struct edge proto;
		if (!parse_link(p, &proto))
			return;
		size_t nr = parse_group(p, right, ARRAY_LEN(right));
		for (size_t i = 0; i < nl && !p->failed; i++)
			for (size_t j = 0; j < nr && !p->failed; j++)
				add_edge(p, &proto, left[i], right[j]);
		free(proto.label);
		memcpy(left, right, nr * sizeof *left);
		nl = nr;
	}
}

/* The rest of the statement (to a newline or ;), trimmed. */
static char *rest_of_statement(struct parser *p)
{
	skip_blank(p);
	size_t s = p->i;
	while (p->i < p->n && p->s[p->i] != '\n' && p->s[p->i] != ';')
		p->i++;
	size_t e = p->i;
	while (e > s && isspace((unsigned char)p->s[e - 1]))
		e--;
	return xstrndup(p->s + s, MIN(e - s, (size_t)MAX_DIAGRAM_LABEL_BYTES));
}

/* Only what a style attribute can hold without leaving it. */
static char *safe_style(char *s)
{
	for (char *c = s; *c; c++)
		if (*c == '"' || *c == '<' || *c == '>' || *c == '&' || *c == '\\')
			*c = ' ';
	/* mermaid writes commas between declarations */
	bool paren = false;
	for (char *c = s; *c; c++) {
		if (*c == '(')
			paren = true;
		else if (*c == ')')
			paren = false;
		else if (*c == ',' && !paren)
			*c = ';';
	}
	return s;
}

/* `click ID "url" ["tooltip"] [_target]` or `click ID href "url" …`: the
 * node leads to url (a PDF link). Callbacks (`click ID fn`, `call fn()`)
 * do nothing under mermaid's default "strict" security, nor here. Only
 * http(s), mailto and relative addresses are kept. */
static void parse_click(struct parser *p)
{
	char *rest = rest_of_statement(p);
	size_t idl = strcspn(rest, " \t");
	int k = find_node(p->g, rest, idl);
	char *u = rest + idl;
	u += strspn(u, " \t");
	if (!strncmp(u, "href", 4) && (u[4] == ' ' || u[4] == '\t' || u[4] == '"'))
		u += 4 + strspn(u + 4, " \t");
	char *end = *u == '"' ? strchr(u + 1, '"') : NULL;
	if (k >= 0 && end && end > u + 1) {
		*end = '\0';
		u++;
		bool scheme = strcspn(u, ":") < strcspn(u, "/?#");
		bool ok = !strpbrk(u, "\"<>&\\ \t") &&
			  (!scheme || !strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8) ||
			   !strncasecmp(u, "mailto:", 7));
		if (ok) {
			free(p->g->nodes[k].link);
			p->g->nodes[k].link = xstrdup(u);
		}
	}
	free(rest);
}

static void parse_subgraph(struct parser *p)
{
	struct graph *g = p->g;
	if (p->depth >= MAX_DIAGRAM_DEPTH) {
		fail_limit(p, "nested subgraphs", MAX_DIAGRAM_DEPTH);
		return;
	}
	char *rest = rest_of_statement(p);
	g->subs = diagram_grow(g->subs, &g->cap_subs, g->n_subs, sizeof *g->subs);
	struct sub *sg = &g->subs[g->n_subs];
	memset(sg, 0, sizeof *sg);
	char *br = strchr(rest, '[');
	size_t rl = strlen(rest);
	if (br && rl && rest[rl - 1] == ']') {
		rest[rl - 1] = '\0';
		sg->title = label_text(br + 1, strlen(br + 1));
		size_t il = (size_t)(br - rest);
		while (il && rest[il - 1] == ' ')
			il--;
		sg->id = xstrndup(rest, il);
	} else if (rest[0] == '"' || strchr(rest, ' ')) {
		sg->title = label_text(rest, rl);
		char id[32];
		snprintf(id, sizeof id, "subGraph%zu", g->n_subs);
		sg->id = xstrdup(id);
	} else {
		sg->id = xstrdup(rest);
		sg->title = xstrdup(rest);
	}
	free(rest);
	sg->parent = p->depth ? p->stack[p->depth - 1] : -1;
	p->stack[p->depth++] = (int)g->n_subs++;
}

/* `a,b` → callback per name. */
static void each_name(const char *list, void (*fn)(struct graph *, const char *, size_t, void *),
		      struct graph *g, void *arg)
{
	for (const char *s = list; *s;) {
		while (*s == ',' || *s == ' ')
			s++;
		size_t n = strcspn(s, ", ");
		if (n)
			fn(g, s, n, arg);
		s += n;
	}
}

static void set_class(struct graph *g, const char *id, size_t n, void *cls)
{
	int k = find_node(g, id, n);
	if (k >= 0) {
		free(g->nodes[k].classes);
		g->nodes[k].classes = xstrdup(cls);
	}
}

static void parse_statement(struct parser *p)
{
	struct graph *g = p->g;
	if (word_at(p, "subgraph")) {
		p->i += 8;
		parse_subgraph(p);
	} else if (word_at(p, "end")) {
		p->i += 3;
		if (p->depth)
			p->depth--;
	} else if (word_at(p, "classDef")) {
		p->i += 8;
		skip_blank(p);
		size_t s = p->i;
		while (p->i < p->n && !isspace((unsigned char)p->s[p->i]))
			p->i++;
		char *names = xstrndup(p->s + s, p->i - s);
		char *style = safe_style(rest_of_statement(p));
		for (char *t = strtok(names, ","); t; t = strtok(NULL, ",")) {
			g->classes = diagram_grow(g->classes, &g->cap_classes, g->n_classes,
					  sizeof *g->classes);
			g->classes[g->n_classes++] = (struct classdef){ xstrdup(t), xstrdup(style) };
		}
		free(names);
		free(style);
	} else if (word_at(p, "class")) {
		p->i += 5;
		skip_blank(p);
		size_t s = p->i;
		while (p->i < p->n && p->s[p->i] != ' ' && p->s[p->i] != '\n')
			p->i++;
		char *ids = xstrndup(p->s + s, p->i - s);
		char *cls = rest_of_statement(p);
		each_name(ids, set_class, g, cls);
		free(ids);
		free(cls);
	} else if (word_at(p, "style")) {
		p->i += 5;
		skip_blank(p);
		size_t s = p->i;
		while (p->i < p->n && id_char(p, p->i))
			p->i++;
		int k = add_node(p, p->s + s, p->i - s);
		char *style = safe_style(rest_of_statement(p));
		if (k >= 0) {
			free(g->nodes[k].style);
			g->nodes[k].style = style;
		} else
			free(style);
	} else if (word_at(p, "linkStyle")) {
		p->i += 9;
		skip_blank(p);
		size_t s = p->i;
		while (p->i < p->n && p->s[p->i] != ' ' && p->s[p->i] != '\n')
			p->i++;
		char *which = xstrndup(p->s + s, p->i - s);
		char *style = rest_of_statement(p);
		/* `interpolate basis` changes the curve: ours is always basis */
		if (!strncmp(style, "interpolate", 11)) {
			char *sp = strchr(style + 11, ' ');
			char *rest = sp ? strchr(sp + 1, ' ') : NULL;
			memmove(style, rest ? rest + 1 : "", strlen(rest ? rest + 1 : "") + 1);
		}
		safe_style(style);
		if (!strcmp(which, "default")) {
			free(g->default_link_style);
			g->default_link_style = xstrdup(style);
		}
		else
			for (char *t = strtok(which, ","); t; t = strtok(NULL, ",")) {
				char *end;
				unsigned long i = strtoul(t, &end, 10);
				if (end != t && i < g->n_edges) {
					free(g->edges[i].style);
					g->edges[i].style = xstrdup(style);
				}
			}
		free(which);
		free(style);
	} else if (word_at(p, "click")) {
		p->i += 5;
		parse_click(p);
	} else if (word_at(p, "direction")) {
		free(rest_of_statement(p));
	} else
		parse_vertex_statement(p);
}

static bool parse(struct parser *p)
{
	struct graph *g = p->g;
	/* header: graph|flowchart [direction] */
	while (p->i < p->n && isspace((unsigned char)p->s[p->i]))
		p->i++;
	while (p->i + 1 < p->n && p->s[p->i] == '%' && p->s[p->i + 1] == '%') {
		while (p->i < p->n && p->s[p->i] != '\n')
			p->i++;
		while (p->i < p->n && isspace((unsigned char)p->s[p->i]))
			p->i++;
	}
	if (!strncmp(p->s + p->i, "flowchart-v2", 12) && (p->i += 12))
		g->v2 = true;
	else if (!strncmp(p->s + p->i, "flowchart", 9) && (p->i += 9))
		g->v2 = true;
	else if (!strncmp(p->s + p->i, "graph", 5))
		p->i += 5;
	else {
		fail_at(p, p->i, "'NEWLINE', 'SPACE', 'GRAPH'", token_name(p));
		return false;
	}
	strcpy(g->dir, "TB");
	skip_blank(p);
	static const struct { const char *in, *out; } dirs[] = {
		{ "TB", "TB" }, { "TD", "TB" }, { "BT", "BT" }, { "LR", "LR" }, { "RL", "RL" },
		{ ">", "LR" }, { "<", "RL" }, { "^", "BT" }, { "v", "TB" },
	};
	for (size_t d = 0; d < ARRAY_LEN(dirs); d++)
		if (word_at(p, dirs[d].in) || (strlen(dirs[d].in) == 1 &&
					      !strncmp(p->s + p->i, dirs[d].in, 1) &&
					      !id_char(p, p->i + 1))) {
			strcpy(g->dir, dirs[d].out);
			p->i += strlen(dirs[d].in);
			break;
		}
	while (!p->failed && p->i < p->n) {
		skip_blank(p);
		char c = peek(p, 0);
		if (c == '\n' || c == ';') {
			p->i++;
			continue;
		}
		if (c == '%' && peek(p, 1) == '%') {
			while (p->i < p->n && p->s[p->i] != '\n')
				p->i++;
			continue;
		}
		if (!c)
			break;
		parse_statement(p);
		if (!p->failed && !at_end_of_statement(p))
			fail_at(p, p->i, "'SEMI', 'NEWLINE', 'SPACE', 'EOF'", token_name(p));
	}
	return !p->failed;
}


/* ---- stateDiagram (as flowcharts: stateRenderer-v2 uses the same engine) -- */

/* `[*]` starts or ends the scope it is in: one start and one end node
 * each (mermaid's root_start, root_end). */
static int state_node(struct parser *p, const char *s, size_t n, bool target)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 3 && !memcmp(s, "[*]", 3)) {
		char id[48];
		int scope = p->depth ? p->stack[p->depth - 1] : -1;
		snprintf(id, sizeof id, "%s_%d", target ? "end" : "start", scope);
		int k = add_node(p, id, strlen(id));
		if (k >= 0) {
			p->g->nodes[k].shape = target ? SH_STATE_END : SH_STATE_START;
			free(p->g->nodes[k].label);
			p->g->nodes[k].label = xstrdup("");
		}
		return k;
	}
	if (!n) {
		fail_at(p, (size_t)(s - p->s), "'ID', '[*]'", "NEWLINE");
		return -1;
	}
	return add_node(p, s, n);
}

/* The next statement of p from *i on: a line trimmed, blank lines and %%
 * comments passed over, p->i at its start (the caller frees it); NULL at
 * the end. */
static char *next_line(struct parser *p, size_t *i)
{
	while (*i < p->n) {
		const char *a = p->s + *i;
		size_t l = strcspn(a, "\n"), n = l;
		*i += l + (*i + l < p->n);
		while (n && isspace((unsigned char)*a))
			a++, n--;
		while (n && isspace((unsigned char)a[n - 1]))
			n--;
		if (!n || (n >= 2 && a[0] == '%' && a[1] == '%'))
			continue;
		p->i = (size_t)(a - p->s);
		return xstrndup(a, n);
	}
	return NULL;
}

static bool state_parse(struct parser *p)
{
	struct graph *g = p->g;
	g->v2 = g->state = true;
	strcpy(g->dir, "TB");
	size_t i = 0;
	free(next_line(p, &i));     /* the header */
	while (!p->failed) {
		char *line = next_line(p, &i);
		if (!line)
			break;
		if (!strcmp(line, "--")) {
			free(line);
			continue;
		}
		if (!strncmp(line, "direction ", 10)) {
			const char *d = line + 10;
			if (!strcmp(d, "LR") || !strcmp(d, "RL") || !strcmp(d, "BT") || !strcmp(d, "TB"))
				strcpy(g->dir, d);
		} else if (!strcmp(line, "}")) {
			if (p->depth)
				p->depth--;
		} else if (!strncmp(line, "note ", 5) || !strncmp(line, "end note", 8) ||
			   !strncmp(line, "classDef ", 9) || !strncmp(line, "class ", 6)) {
			;   /* notes are not drawn */
		} else if (!strncmp(line, "state ", 6)) {
			char *r = line + 6, *brace = strchr(r, '{'), *as = strstr(r, " as ");
			char *fork = strstr(r, "<<");
			if (r[0] == '"' && as) {
				char *q = strchr(r + 1, '"');
				int k = state_node(p, as + 4, strcspn(as + 4, " {"), false);
				if (k >= 0 && q) {
					free(g->nodes[k].label);
					g->nodes[k].label = label_text(r, (size_t)(q + 1 - r));
				}
			} else if (brace) {
				size_t idl = (size_t)(brace - r);
				if (p->depth >= MAX_DIAGRAM_DEPTH) {
					fail_limit(p, "nested states", MAX_DIAGRAM_DEPTH);
				} else {
					g->subs = diagram_grow(g->subs, &g->cap_subs, g->n_subs,
							       sizeof *g->subs);
					struct sub *sg = &g->subs[g->n_subs];
					memset(sg, 0, sizeof *sg);
					sg->id = label_text(r, idl);
					sg->title = xstrdup(sg->id);
					sg->parent = p->depth ? p->stack[p->depth - 1] : -1;
					p->stack[p->depth++] = (int)g->n_subs++;
				}
			} else {
				int k = state_node(p, r, fork ? (size_t)(fork - r) : strlen(r), false);
				if (k >= 0 && fork) {
					g->nodes[k].shape = strstr(fork, "choice") ? SH_DIAMOND : SH_FORK;
					free(g->nodes[k].label);
					g->nodes[k].label = xstrdup("");
				}
			}
		} else if (strstr(line, "-->")) {
			char *arrow = strstr(line, "-->"), *colon = strchr(arrow, ':');
			int from = state_node(p, line, (size_t)(arrow - line), false);
			int to = from >= 0 ? state_node(p, arrow + 3, colon ? (size_t)(colon - arrow - 3)
									  : strlen(arrow + 3), true) : -1;
			if (to >= 0) {
				struct edge e = { .head = HEAD_ARROW };
				e.label = colon ? label_text(colon + 1, strlen(colon + 1)) : NULL;
				add_edge(p, &e, from, to);
				free(e.label);
			}
		} else if (strchr(line, ':')) {
			char *colon = strchr(line, ':');
			int k = state_node(p, line, (size_t)(colon - line), false);
			if (k >= 0) {
				free(g->nodes[k].label);
				g->nodes[k].label = label_text(colon + 1, strlen(colon + 1));
			}
		} else if (!strchr(line, ' ') || !strchr(line, '-')) {
			state_node(p, line, strlen(line), false);
		} else
			fail_at(p, p->i, "'SPACE', 'NL', 'ID', 'STATE', 'note', 'direction'", "INVALID");
		free(line);
	}
	return !p->failed;
}


/* ---- classDiagram (classRenderer-v2: the same engine, class boxes) ------- */

static void class_row(struct graph *g, int k, const char *s, size_t n)
{
	struct node *nd = &g->nodes[k];
	char *row = label_text(s, n);
	if (!*row) {
		free(row);
		return;
	}
	nd->rows = diagram_grow(nd->rows, &nd->cap_rows, nd->n_rows, sizeof *nd->rows);
	char *close = strrchr(row, ')');
	if (strchr(row, '(') && close) {
		/* parseMember: a method's return type after " : " */
		const char *type = close + 1;
		while (*type == ' ')
			type++;
		if (*type && *type != '$' && *type != '*') {
			char *shown = xmalloc(strlen(row) + 4);
			sprintf(shown, "%.*s : %s", (int)(close + 1 - row), row, type);
			free(row);
			row = shown;
		}
		nd->rows[nd->n_rows++] = row;
	} else {
		/* members come before the methods */
		memmove(nd->rows + nd->n_members + 1, nd->rows + nd->n_members,
			(nd->n_rows - nd->n_members) * sizeof *nd->rows);
		nd->rows[nd->n_members++] = row;
		nd->n_rows++;
	}
}

static int class_node(struct parser *p, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	size_t tilde = 0;
	while (tilde < n && s[tilde] != '~')
		tilde++;
	int k = add_node(p, s, tilde);
	if (k >= 0) {
		p->g->nodes[k].shape = SH_CLASS;
		if (tilde < n && !p->g->nodes[k].label) {
			/* Name~T~ is shown Name<T> */
			char *l = xstrndup(s, n);
			for (char *c = l; *c; c++)
				if (*c == '~')
					*c = c == l + tilde ? '<' : '>';
			p->g->nodes[k].label = l;
		}
	}
	return k;
}

/* One relation: A ["x"] ARROW ["y"] B [: label]. */
static bool class_relation(struct parser *p, const char *line)
{
	static const struct { const char *t; const char *start, *end; bool dotted; } kinds[] = {
		{ "<|--", "extensionStart", NULL, false }, { "--|>", NULL, "extensionEnd", false },
		{ "<|..", "extensionStart", NULL, true }, { "..|>", NULL, "extensionEnd", true },
		{ "*--", "compositionStart", NULL, false }, { "--*", NULL, "compositionEnd", false },
		{ "o--", "aggregationStart", NULL, false }, { "--o", NULL, "aggregationEnd", false },
		{ "<--", "dependencyStart", NULL, false }, { "-->", NULL, "dependencyEnd", false },
		{ "<..", "dependencyStart", NULL, true }, { "..>", NULL, "dependencyEnd", true },
		{ "--", NULL, NULL, false }, { "..", NULL, NULL, true },
	};
	const char *at = NULL;
	size_t kind = 0;
	for (size_t i = 0; i < ARRAY_LEN(kinds) && !at; i++)
		if ((at = strstr(line, kinds[i].t)))
			kind = i;
	if (!at)
		return false;
	const char *colon = strchr(at, ':');
	const char *left_end = at, *right = at + strlen(kinds[kind].t);
	const char *right_end = colon ? colon : right + strlen(right);
	char *start_label = NULL, *end_label = NULL;
	/* "1" before the arrow, "*" after it */
	const char *q2 = left_end;
	while (q2 > line && isspace((unsigned char)q2[-1]))
		q2--;
	if (q2 > line && q2[-1] == '"') {
		const char *q1 = q2 - 1;
		while (q1 > line && q1[-1] != '"')
			q1--;
		if (q1 > line) {
			start_label = xstrndup(q1, (size_t)(q2 - 1 - q1));
			left_end = q1 - 1;
		}
	}
	while (right < right_end && isspace((unsigned char)*right))
		right++;
	if (*right == '"') {
		const char *q = memchr(right + 1, '"', (size_t)(right_end - right - 1));
		if (q) {
			end_label = xstrndup(right + 1, (size_t)(q - right - 1));
			right = q + 1;
		}
	}
	int a = class_node(p, line, (size_t)(left_end - line));
	int b = a >= 0 ? class_node(p, right, (size_t)(right_end - right)) : -1;
	if (b < 0) {
		free(start_label);
		free(end_label);
		return true;
	}
	struct edge e = { .head = HEAD_NONE, .stroke = kinds[kind].dotted ? STROKE_DOTTED
									    : STROKE_NORMAL };
	e.label = colon ? label_text(colon + 1, strlen(colon + 1)) : NULL;
	add_edge(p, &e, a, b);
	free(e.label);
	if (p->g->n_edges) {
		struct edge *ne = &p->g->edges[p->g->n_edges - 1];
		ne->start_marker = kinds[kind].start;
		ne->end_marker = kinds[kind].end;
		ne->start_label = start_label;
		ne->end_label = end_label;
	}
	return true;
}

static bool class_parse(struct parser *p)
{
	struct graph *g = p->g;
	g->v2 = g->cls = true;
	strcpy(g->dir, "TB");
	int body = -1;              /* the class whose { } we are in */
	size_t i = 0;
	free(next_line(p, &i));     /* the header */
	while (!p->failed) {
		char *line = next_line(p, &i);
		if (!line)
			break;
		if (body >= 0) {
			if (!strcmp(line, "}"))
				body = -1;
			else
				class_row(g, body, line, strlen(line));
		} else if (!strncmp(line, "direction ", 10)) {
			const char *d = line + 10;
			if (!strcmp(d, "LR") || !strcmp(d, "RL") || !strcmp(d, "BT") || !strcmp(d, "TB"))
				strcpy(g->dir, d);
		} else if (!strncmp(line, "class ", 6)) {
			char *r = line + 6, *brace = strchr(r, '{');
			int k = class_node(p, r, brace ? (size_t)(brace - r) : strcspn(r, ":"));
			if (k >= 0 && brace)
				body = k;
		} else if (!strncmp(line, "<<", 2) || !strncmp(line, "click ", 6) ||
			   !strncmp(line, "link ", 5) || !strncmp(line, "callback ", 9) ||
			   !strncmp(line, "cssClass ", 9) || !strncmp(line, "note ", 5)) {
			;
		} else if (class_relation(p, line)) {
			;
		} else if (strchr(line, ':')) {
			char *colon = strchr(line, ':');
			int k = class_node(p, line, (size_t)(colon - line));
			if (k >= 0)
				class_row(g, k, colon + 1, strlen(colon + 1));
		} else if (!strchr(line, ' ')) {
			class_node(p, line, strlen(line));
		} else
			fail_at(p, p->i, "'NEWLINE', 'CLASS', 'MEMBER', 'RELATION'", "INVALID");
		free(line);
	}
	return !p->failed;
}

/* ---- erDiagram (erRenderer.js: entities, their attributes, relations) -- */

/* An entity name (erDiagram.jison: ALPHANUM, dotted parts joined): its
 * length at s, 0 when there is none. */
static size_t er_name(const char *s)
{
	size_t n = 0;
	while (isalpha((unsigned char)s[n])) {
		n++;
		while (isalnum((unsigned char)s[n]) || s[n] == '-' || s[n] == '_')
			n++;
		if (s[n] != '.' || !isalpha((unsigned char)s[n + 1]))
			break;
		n++;
	}
	return n;
}

/* A cardinality token at s: its marker's name (erMarkers.js), or NULL. */
static const char *er_card(const char *s)
{
	static const struct { char t[3]; const char *m; } c[] = {
		{ "|o", "ZERO_OR_ONE" }, { "o|", "ZERO_OR_ONE" }, { "}o", "ZERO_OR_MORE" },
		{ "o{", "ZERO_OR_MORE" }, { "}|", "ONE_OR_MORE" }, { "|{", "ONE_OR_MORE" },
		{ "||", "ONLY_ONE" },
	};
	for (size_t i = 0; i < ARRAY_LEN(c); i++)
		if (s[0] == c[i].t[0] && s[1] == c[i].t[1])
			return c[i].m;
	return NULL;
}

static const char *skip_sp(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* An attribute row of entity k: "type\tname\tkey\tcomment", in the
 * order written. */
static void er_attribute(struct parser *p, int k, const char *line)
{
	char *f[4] = { NULL, NULL, NULL, NULL };
	const char *s = skip_sp(line);
	for (int i = 0; i < 2 && *s; i++) {
		size_t n = strcspn(s, " \t");
		f[i] = xstrndup(s, n);
		s = skip_sp(s + n);
	}
	if ((!strncmp(s, "PK", 2) || !strncmp(s, "FK", 2)) && (!s[2] || isspace((unsigned char)s[2]))) {
		f[2] = xstrndup(s, 2);
		s = skip_sp(s + 2);
	}
	if (*s == '"') {
		const char *q = strchr(s + 1, '"');
		f[3] = xstrndup(s + 1, q ? (size_t)(q - s - 1) : strlen(s + 1));
	}
	/* parseGenericTypes: type~T~ is shown type<T>, the ~ by pairs (an odd
	 * last one is a <) */
	for (char *c = f[0] ? strchr(f[0], '~') : NULL; c; c = strchr(c + 1, '~')) {
		*c = '<';
		if (!(c = strchr(c + 1, '~')))
			break;
		*c = '>';
	}
	if (!f[1]) {
		fail_at(p, p->i, "'ATTRIBUTE_WORD'", "BLOCK_STOP");
	} else {
		struct node *nd = &p->g->nodes[k];
		nd->rows = diagram_grow(nd->rows, &nd->cap_rows, nd->n_rows, sizeof *nd->rows);
		nd->rows[nd->n_rows] = g_strdup_printf("%s\t%s\t%s\t%s", f[0], f[1], f[2] ? f[2] : "",
					      f[3] ? f[3] : "");
		nd->n_rows++;
		nd->n_members = nd->n_rows;
		nd->has_key |= f[2] != NULL;
		nd->has_comment |= f[3] != NULL;
	}
	for (int i = 0; i < 4; i++)
		free(f[i]);
}

/* A relation: A CARD LINE CARD B : role. false when line is none. */
static bool er_relation(struct parser *p, const char *line)
{
	size_t na = er_name(line);
	const char *s = skip_sp(line + na);
	const char *card_b = na ? er_card(s) : NULL;
	if (!card_b)
		return false;
	s = skip_sp(s + 2);
	bool dashed = (s[0] == '.' && s[1] == '.') || (s[0] == '.' && s[1] == '-') ||
		      (s[0] == '-' && s[1] == '.');
	if (!dashed && !(s[0] == '-' && s[1] == '-'))
		return false;
	s = skip_sp(s + 2);
	const char *card_a = er_card(s);
	if (!card_a)
		return false;
	s = skip_sp(s + 2);
	const char *b_at = s;
	size_t nb = er_name(s);
	s = skip_sp(s + nb);
	if (!nb || *s != ':') {
		fail_at(p, p->i + (size_t)(s - line), "':'", *s ? "ALPHANUM" : "NEWLINE");
		return true;
	}
	s = skip_sp(s + 1);
	char *role;
	if (*s == '"') {
		const char *q = strchr(s + 1, '"');
		role = xstrndup(s + 1, q ? (size_t)(q - s - 1) : strlen(s + 1));
	} else {
		role = xstrndup(s, strcspn(s, " \t"));
	}
	int a = add_node(p, line, na);
	int b = a >= 0 ? add_node(p, b_at, nb) : -1;
	if (b >= 0) {
		struct edge e = { .head = HEAD_NONE, .stroke = dashed ? STROKE_DOTTED : STROKE_NORMAL,
				  .label = role };
		add_edge(p, &e, a, b);
		if (p->g->n_edges) {
			struct edge *ne = &p->g->edges[p->g->n_edges - 1];
			/* relSpec: the card next to A is cardB, drawn at the path's start */
			ne->start_marker = card_b;
			ne->end_marker = card_a;
		}
	}
	free(role);
	return true;
}

static bool er_parse(struct parser *p)
{
	struct graph *g = p->g;
	g->er = true;
	strcpy(g->dir, "TB");
	int body = -1;              /* the entity whose { } we are in */
	size_t i = 0;
	free(next_line(p, &i));     /* the header */
	while (!p->failed) {
		char *line = next_line(p, &i);
		if (!line)
			break;
		if (body >= 0) {
			char *close = strchr(line, '}');
			if (close)
				*close = '\0';
			if (*skip_sp(line))
				er_attribute(p, body, line);
			if (close)
				body = -1;
		} else if (!strncmp(line, "title ", 6) || !strncmp(line, "accTitle", 8) ||
			   !strncmp(line, "accDescr", 8)) {
			;
		} else if (er_relation(p, line)) {
			;
		} else {
			size_t nn = er_name(line);
			const char *rest = skip_sp(line + nn);
			int k = nn ? add_node(p, line, nn) : -1;
			if (k >= 0 && *rest == '{') {
				rest = skip_sp(rest + 1);
				char *close = strchr(rest, '}');
				if (close)
					*close = '\0';
				if (*rest)
					er_attribute(p, k, rest);
				if (!close)
					body = k;
			} else if (k < 0 || *rest) {
				fail_at(p, p->i + (size_t)(rest - line), "'ALPHANUM', 'BLOCK_START'",
					*rest ? "INVALID" : "NEWLINE");
			}
		}
		free(line);
	}
	if (body >= 0 && !p->failed)
		fail_at(p, p->n, "'BLOCK_STOP', 'ATTRIBUTE_WORD'", "EOF");
	for (size_t k = 0; k < g->n_nodes; k++)
		g->nodes[k].shape = SH_ENTITY;
	return !p->failed;
}

/* ---- measuring -------------------------------------------------------------- */

#define FONT_PANGO "trebuchet ms, verdana, arial, sans-serif"
#define FONT_PX 16.0

/* The next line of a label (`<br>` and `<br/>` break lines): its length,
 * *next where the following starts (NULL: last). */
static size_t label_line(const char *s, const char **next)
{
	for (const char *c = s; *c; c++)
		if (*c == '<' && !strncasecmp(c, "<br", 3)) {
			const char *e = strchr(c, '>');
			if (e) {
				*next = e + 1;
				return (size_t)(c - s);
			}
		}
	*next = NULL;
	return strlen(s);
}

static double text_width(struct svg_font *m, const char *s, unsigned *lines)
{
	double w = 0;
	*lines = 0;
	for (const char *l = s, *next; l; l = next) {
		size_t n = label_line(l, &next);
		(*lines)++;
		w = MAX(w, svg_text_width(m, l, n));
	}
	return w;
}

/* The i-th tab-separated field of an entity's attribute row, its length in *n. */
static const char *er_field(const char *row, int i, size_t *n)
{
	while (i-- > 0) {
		const char *t = strchr(row, '\t');
		if (!t) {
			*n = 0;
			return "";
		}
		row = t + 1;
	}
	*n = strcspn(row, "\t");
	return row;
}

static double er_width(struct svg_font *f, const char *s, size_t n)
{
	return n ? svg_text_width(f, s, n) : 0;
}

/* An entity's attribute columns: their widths' sum, and in *factor how
 * many 5 px paddings drawAttributes adds across a row (two a column). */
static double er_columns(const struct node *n, int *factor)
{
	*factor = 4 + 2 * n->has_key + 2 * n->has_comment;
	return n->row_w[0] + n->row_w[1] + n->row_w[2] + n->row_w[3];
}

/*
 * An entity's box (erRenderer.js drawAttributes): at least 100 x 75, its
 * name with 15 px around it; attributes in columns (type, name, key and
 * comment when any attribute has one), 5 px around each cell's text, each
 * row as tall as its 10.2 px text and 10 px. row_w: the columns' widths.
 */
static void er_size(const struct graph *g, struct node *n, double *w, double *h)
{
	struct svg_font *f = g->er_font, *af = g->er_attr_font;
	const char *label = n->label ? n->label : n->id;
	n->tw = er_width(f, label, strlen(label));
	n->lines = 1;
	double lh = f->ascent + f->descent, ah = af->ascent + af->descent;
	n->row_w = xcalloc(4, sizeof *n->row_w);
	for (size_t r = 0; r < n->n_rows; r++)
		for (int c = 0; c < 4; c++) {
			size_t len;
			const char *t = er_field(n->rows[r], c, &len);
			n->row_w[c] = MAX(n->row_w[c], er_width(af, t, len));
		}
	int factor;
	double cols = er_columns(n, &factor);
	*w = MAX(100, MAX(n->tw + 30, cols + 5 * factor));
	*h = n->n_rows ? lh + 10 + n->n_rows * (ah + 10) : MAX(75, lh + 10);
}

/* Node box sizes from the label's (mermaid's shapes: nodes.js). */
static void size_node(const struct graph *g, const struct mermaid_job *j, struct node *n,
		      struct svg_font *m)
{
	const char *label = n->label ? n->label : n->id;
	n->tw = text_width(m, label, &n->lines);
	double bw = n->tw * j->zoom, bh = n->lines * j->line_height * j->zoom;
	double pad = g->v2 ? 15 : 20;
	double w = bw + pad, h = bh + pad;
	switch (n->shape) {
	case SH_RECT: case SH_ROUND: break;
	case SH_STADIUM: w = bw + h / 4 + pad; break;
	case SH_SUBROUTINE: w += 16; break;
	case SH_CYLINDER: {
		/* its body is bh + ry + pad tall, with the top ellipse and the
		 * bottom half ellipse around it (ry each) */
		double rx = w / 2, ry = rx / (2.5 + w / 50);
		h = bh + ry + pad + 2 * ry;
		break;
	}
	case SH_CIRCLE: w = h = bw + pad; break;
	case SH_DCIRCLE: w = h = bw + pad + 10; break;
	case SH_ASYM: w += h / 2; break;
	case SH_DIAMOND: w = h = (bw + pad) + (bh + pad); break;
	case SH_HEXAGON: w = bw + 2 * (h / 4) + pad; break;
	case SH_LEAN_R: case SH_LEAN_L: case SH_TRAP: case SH_INV_TRAP: w += 2 * h / 3; break;
	case SH_ENTITY:
		er_size(g, n, &w, &h);
		break;
	case SH_STATE_START: case SH_STATE_END: w = h = 14; break;
	case SH_FORK: w = 70; h = 10; break;
	case SH_CLASS: {
		/* a title row, the members, the methods: each row a line box
		 * (zoomed) and 4 px, 8 px around each divider */
		double mw = bw, row = j->line_height * j->zoom;
		unsigned lines;
		n->row_w = xmalloc((n->n_rows ? n->n_rows : 1) * sizeof *n->row_w);
		for (size_t r = 0; r < n->n_rows; r++) {
			n->row_w[r] = text_width(m, n->rows[r], &lines);
			mw = MAX(mw, n->row_w[r] * j->zoom);
		}
		w = mw + pad;
		h = 4 + (row + 4) * (1 + n->n_rows) + 16 + pad;
		break;
	}
	}
	n->w = w;
	n->h = h;
}

/* ---- layout with dot ---------------------------------------------------------- */

static char *fmt(char *buf, size_t n, double v)
{
	snprintf(buf, n, "%.4f", v);
	return buf;
}

static void set(const struct graphviz *gv, void *obj, const char *k, const char *v)
{
	gv->agsafeset(obj, (char *)k, (char *)v, "");
}

static void set_size(const struct graphviz *gv, void *obj, double w, double h)
{
	char b[32];
	set(gv, obj, "width", fmt(b, sizeof b, MAX(w, 0.01) / 72));
	set(gv, obj, "height", fmt(b, sizeof b, MAX(h, 0.01) / 72));
}

/* The on-curve points of a dot spline ("e,x,y s,x,y x,y x,y …"). */
static size_t spline_points(const char *pos, double *out, size_t cap)
{
	size_t n = 0, k = 0;
	for (const char *s = pos; s && *s;) {
		while (*s == ' ')
			s++;
		if ((s[0] == 'e' || s[0] == 's') && s[1] == ',') {
			s = strchr(s, ' ');
			continue;
		}
		double x, y;
		if (sscanf(s, "%lf,%lf", &x, &y) != 2)
			break;
		if (k % 3 == 0 && n + 2 <= cap) {
			out[n++] = x;
			out[n++] = y;
		}
		k++;
		s = strchr(s, ' ');
	}
	return n / 2;
}

/* dagre's acyclic step (dfsFAS): from each node in order, the edges in
 * order; an edge to a node on the current path is a back edge. Iterative:
 * the path can be as long as the graph. */
static void mark_back_edges(struct graph *g)
{
	size_t n = g->n_nodes;
	unsigned char *state = xcalloc(n ? n : 1, 1);   /* 0 new, 1 on the path, 2 done */
	struct frame { int node; size_t next; } *stack = xmalloc((n ? n : 1) * sizeof *stack);
	for (size_t r = 0; r < n; r++) {
		if (state[r])
			continue;
		size_t top = 0;
		stack[top++] = (struct frame){ (int)r, 0 };
		state[r] = 1;
		while (top) {
			struct frame *f = &stack[top - 1];
			size_t i = f->next;
			while (i < g->n_edges && g->edges[i].a != f->node)
				i++;
			if (i >= g->n_edges) {
				state[f->node] = 2;
				top--;
				continue;
			}
			f->next = i + 1;
			struct edge *e = &g->edges[i];
			if (e->b == e->a)
				continue;
			if (state[e->b] == 1)
				e->back = true;
			else if (!state[e->b]) {
				state[e->b] = 1;
				stack[top++] = (struct frame){ e->b, 0 };
			}
		}
	}
	free(stack);
	free(state);
}

static bool layout(const struct graphviz *gv, struct graph *g, const struct mermaid_job *j,
		   struct svg_font *m, double *W, double *H, struct diagram_fail *f)
{
	mark_back_edges(g);
	Agraph_t *root = g->root = gv->agopen("mermaid", gv->directed, NULL);
	char b[32];
	set(gv, root, "rankdir", g->dir);
	/* dagre halves the rank separation and doubles every edge's length
	 * (mermaid's flowchart rankSpacing 50, erDiagram ranksep 100) */
	set(gv, root, "ranksep", fmt(b, sizeof b, (g->er ? 50.0 : 25.0) / 72));
	set(gv, root, "nodesep", fmt(b, sizeof b, (g->er ? 100.0 : 50.0) / 72));
	set(gv, root, "splines", "spline");
	for (size_t i = 0; i < g->n_subs; i++) {
		struct sub *s = &g->subs[i];
		Agraph_t *parent = s->parent >= 0 ? g->subs[s->parent].gv : root;
		char name[40];
		snprintf(name, sizeof name, "cluster_%zu", i);
		s->gv = gv->agsubg(parent, name, 1);
		unsigned lines;
		s->tw = text_width(m, s->title, &lines);
		if (g->v2) {
			/* room for the title above the content */
			set(gv, s->gv, "label", " ");
			set(gv, s->gv, "fontsize", fmt(b, sizeof b, j->line_height * j->zoom / 1.2));
			set(gv, s->gv, "margin", "8");
		} else {
			/* dagre-d3's compound layout: the cluster's border ranks
			 * are half a rank (mermaid's rankSpacing 50) from its
			 * content, its sides (nodeSpacing 50 + dagre's edgesep
			 * 20) / 2 across; the title sits in that room, nothing is
			 * added for it (reference `graph LR` subgraph: 25 px
			 * left and right of its nodes, 34 px above and below).
			 * dot takes one margin for both directions: 30 splits
			 * the difference (diagrams slide 5: 25 -> 93.0,
			 * 35 -> 92.4, 30 -> 96.1) */
			set(gv, s->gv, "margin", "30");
		}
	}
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct node *n = &g->nodes[i];
		size_node(g, j, n, m);
		Agraph_t *in = n->sub >= 0 ? g->subs[n->sub].gv : root;
		char name[32];
		snprintf(name, sizeof name, "n%zu", i);
		n->gv = gv->agnode(in, name, 1);
		set(gv, n->gv, "shape", n->shape == SH_DIAMOND ? "diamond" :
		    n->shape == SH_CIRCLE || n->shape == SH_DCIRCLE || n->shape == SH_STATE_START ||
		    n->shape == SH_STATE_END ? "circle" : "box");
		set(gv, n->gv, "fixedsize", "true");
		set(gv, n->gv, "label", "");
		set_size(gv, n->gv, n->w, n->h);
	}
	bool lr = g->dir[0] == 'L' || g->dir[0] == 'R';
	for (size_t i = 0; i < g->n_edges; i++) {
		struct edge *e = &g->edges[i];
		char name[32];
		snprintf(name, sizeof name, "l%zu", i);
		/* the label node sits with its ends when both are in one subgraph */
		int sa = g->nodes[e->a].sub, sb = g->nodes[e->b].sub;
		Agraph_t *in = sa == sb && sa >= 0 ? g->subs[sa].gv : root;
		e->mid = gv->agnode(in, name, 1);
		set(gv, e->mid, "label", "");
		set(gv, e->mid, "fixedsize", "true");
		if (e->label && *e->label && g->er) {
			/* erRenderer gives dagre no label size: a role is
			 * drawn over the middle of the path */
			e->tw = er_width(g->er_font, e->label, strlen(e->label));
			e->lines = 1;
			set(gv, e->mid, "shape", "point");
			set(gv, e->mid, "width", "0");
			set(gv, e->mid, "height", "0");
		} else if (e->label && *e->label) {
			e->tw = text_width(m, e->label, &e->lines);
			e->lw = e->tw * j->zoom;
			e->lh = e->lines * j->line_height * j->zoom;
			set(gv, e->mid, "shape", "box");
			set_size(gv, e->mid, e->lw, e->lh);
		} else {
			set(gv, e->mid, "shape", "point");
			set(gv, e->mid, "width", "0");
			set(gv, e->mid, "height", "0");
		}
		(void)lr;
		/* a back edge runs the other way, its label node still between */
		Agnode_t *from = g->nodes[e->back ? e->b : e->a].gv, *to = g->nodes[e->back ? e->a
											    : e->b].gv;
		e->e1 = gv->agedge(root, from, e->mid, NULL, 1);
		e->e2 = gv->agedge(root, e->mid, to, NULL, 1);
		set(gv, e->e1, "arrowhead", "none");
		set(gv, e->e2, "arrowhead", "none");
		if (e->a == e->b) {
			/* a loop: dot needs the two halves to differ */
			set(gv, e->e2, "constraint", "false");
		}
	}
	if (gv->gvLayout(gv->gvc, root, "dot")) {
		snprintf(f->msg, sizeof f->msg, "mermaid: the layout failed");
		return false;
	}
	char *data = NULL;
	unsigned dl = 0;
	/* rendering to dot attaches pos and bb to every object */
	int rc = gv->gvRenderData(gv->gvc, root, "dot", &data, &dl);
	if (data)
		gv->gvFreeRenderData(data);
	if (rc) {
		snprintf(f->msg, sizeof f->msg, "mermaid: the layout failed");
		return false;
	}
	double x0, y0, x1, y1;
	char *bb = gv->agget(root, "bb");
	if (!bb || sscanf(bb, "%lf,%lf,%lf,%lf", &x0, &y0, &x1, &y1) != 4) {
		snprintf(f->msg, sizeof f->msg, "mermaid: the layout failed");
		return false;
	}
	const double pad = g->er ? 20 : 8;  /* mermaid's diagramPadding */
	*W = x1 - x0 + 2 * pad;
	*H = y1 - y0 + 2 * pad;
#define TX(x) ((x) - x0 + pad)
#define TY(y) (y1 - (y) + pad)
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct node *n = &g->nodes[i];
		double x, y;
		char *pos = gv->agget(n->gv, "pos");
		if (pos && sscanf(pos, "%lf,%lf", &x, &y) == 2) {
			n->x = TX(x);
			n->y = TY(y);
		}
	}
	for (size_t i = 0; i < g->n_subs; i++) {
		struct sub *s = &g->subs[i];
		char *sb = gv->agget(s->gv, "bb");
		double a, c, d, e;
		if (sb && sscanf(sb, "%lf,%lf,%lf,%lf", &a, &c, &d, &e) == 4) {
			s->x0 = TX(a);
			s->x1 = TX(d);
			s->y0 = TY(e);
			s->y1 = TY(c);
		}
	}
	for (size_t i = 0; i < g->n_edges; i++) {
		struct edge *e = &g->edges[i];
		double pts[2 * 256];
		size_t n1 = spline_points(gv->agget(e->e1, "pos"), pts, 2 * 127);
		double mx, my;
		char *pos = gv->agget(e->mid, "pos");
		if (!pos || sscanf(pos, "%lf,%lf", &mx, &my) != 2)
			mx = my = 0;
		size_t k = 2 * n1;
		bool boxed = e->label && *e->label && !g->er;
		if (boxed) {
			pts[k++] = mx;
			pts[k++] = my;
		}
		size_t n2 = spline_points(gv->agget(e->e2, "pos"), pts + k, 2 * 256 - k);
		/* the second half starts where the first ends */
		if (n2 && !boxed) {
			memmove(pts + k, pts + k + 2, (2 * n2 - 2) * sizeof *pts);
			n2--;
		}
		k += 2 * n2;
		e->n_pts = k / 2;
		e->pts = xmalloc(k * sizeof *e->pts);
		for (size_t p = 0; p < e->n_pts; p++) {
			size_t q = e->back ? e->n_pts - 1 - p : p;
			e->pts[2 * p] = TX(pts[2 * q]);
			e->pts[2 * p + 1] = TY(pts[2 * q + 1]);
		}
		e->lx = TX(mx);
		e->ly = TY(my);
	}
#undef TX
#undef TY
	return true;
}

/* ---- SVG -------------------------------------------------------------------- */

static void put_label_weight(struct strbuf *o, const struct mermaid_job *j,
			     const struct svg_font *m, const char *label, double cx, double top,
			     const char *fill, bool bold);

/* A label's lines, centred on cx, the first line box's top at top. */
static void put_label_weight(struct strbuf *o, const struct mermaid_job *j,
			     const struct svg_font *m, const char *label, double cx, double top,
			     const char *fill, bool bold)
{
	double lh = j->line_height;
	double base = top + (lh - (m->ascent + m->descent)) / 2 + m->ascent;
	for (const char *l = label, *next; l; l = next) {
		size_t n = label_line(l, &next);
		strbuf_printf(o, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-family=\"%s\" "
			      "font-size=\"16px\"%s fill=\"%s\">", cx, base,
			      "&quot;trebuchet ms&quot;, verdana, arial, sans-serif",
			      bold ? " font-weight=\"bold\"" : "", fill);
		svg_escaped(o, l, n);
		strbuf_puts(o, "</text>\n");
		base += lh;
	}
}

static void put_label(struct strbuf *o, const struct mermaid_job *j, const struct svg_font *m,
		      const char *label, double cx, double top, const char *fill)
{
	put_label_weight(o, j, m, label, cx, top, fill, false);
}

/* d3's curveBasis through n > 2 points p: from p[0] a line to
 * (5 p[0] + p[1]) / 6, then the cubic pieces i = 2..n, then a line to
 * p[n - 1]. Piece i's two control points and its end in c. */
static void basis_piece(const double *p, size_t n, size_t i, double c[6])
{
	double x0 = p[2 * (i - 2)], y0 = p[2 * (i - 2) + 1];
	double x1 = p[2 * (i - 1)], y1 = p[2 * (i - 1) + 1];
	double x = i < n ? p[2 * i] : x1, y = i < n ? p[2 * i + 1] : y1;
	c[0] = (2 * x0 + x1) / 3;
	c[1] = (2 * y0 + y1) / 3;
	c[2] = (x0 + 2 * x1) / 3;
	c[3] = (y0 + 2 * y1) / 3;
	c[4] = (x0 + 4 * x1 + x) / 6;
	c[5] = (y0 + 4 * y1 + y) / 6;
}

/* d3's curveBasis through the points. */
static void put_basis(struct strbuf *o, const double *p, size_t n)
{
	if (!n)
		return;
	strbuf_printf(o, "M%.2f,%.2f", p[0], p[1]);
	if (n == 1)
		return;
	if (n == 2) {
		strbuf_printf(o, "L%.2f,%.2f", p[2], p[3]);
		return;
	}
	strbuf_printf(o, "L%.2f,%.2f", (5 * p[0] + p[2]) / 6, (5 * p[1] + p[3]) / 6);
	for (size_t i = 2; i <= n; i++) {
		double c[6];
		basis_piece(p, n, i, c);
		strbuf_printf(o, "C%.2f,%.2f,%.2f,%.2f,%.2f,%.2f", c[0], c[1], c[2], c[3], c[4], c[5]);
	}
	strbuf_printf(o, "L%.2f,%.2f", p[2 * (n - 1)], p[2 * (n - 1) + 1]);
}

static const char *class_style(const struct graph *g, const char *classes)
{
	const char *def = NULL;
	for (size_t i = 0; i < g->n_classes; i++) {
		if (classes && !strcmp(g->classes[i].name, classes))
			return g->classes[i].style;
		if (!strcmp(g->classes[i].name, "default"))
			def = g->classes[i].style;
	}
	return def;
}

/* The text colour a style sets (`color:`), else mermaid's. */
static const char *style_color(const char *style, char *buf, size_t n)
{
	const char *c = style ? strstr(style, "color:") : NULL;
	if (!c || (c > style && (c[-1] == '-' || isalpha((unsigned char)c[-1]))))
		return "#333";
	c += 6;
	while (*c == ' ')
		c++;
	snprintf(buf, n, "%.*s", (int)strcspn(c, ";"), c);
	return buf;
}

static void put_node(struct strbuf *o, const struct graph *g, const struct mermaid_job *j,
		     const struct svg_font *m, const struct node *n)
{
	const char *cs = class_style(g, n->classes);
	char style[2 * MAX_DIAGRAM_LABEL_BYTES + 8];
	snprintf(style, sizeof style, "%s;%s", cs ? cs : "", n->style ? n->style : "");
	strbuf_printf(o, "<g class=\"node\" fill=\"#ECECFF\" stroke=\"#9370DB\" "
		      "stroke-width=\"1\" style=\"%s\">", style);
	double x = n->x - n->w / 2, y = n->y - n->h / 2, w = n->w, h = n->h;
	switch (n->shape) {
	case SH_RECT: case SH_ROUND: case SH_STADIUM: {
		double r = n->shape == SH_ROUND || g->state ? 5 : n->shape == SH_STADIUM ? h / 2 : 0;
		strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" rx=\"%.2f\" "
			      "ry=\"%.2f\"/>", x, y, w, h, r, r);
		break;
	}
	case SH_SUBROUTINE:
		strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>"
			      "<path d=\"M%.2f,%.2fV%.2fM%.2f,%.2fV%.2f\" fill=\"none\"/>", x, y, w, h,
			      x + 8, y, y + h, x + w - 8, y, y + h);
		break;
	case SH_CYLINDER: {
		double rx = w / 2, ry = rx / (2.5 + w / 50);
		strbuf_printf(o, "<path d=\"M%.2f,%.2f a%.2f,%.2f 0,0,0 %.2f,0 a%.2f,%.2f 0,0,0 %.2f,0 "
			      "l0,%.2f a%.2f,%.2f 0,0,0 %.2f,0 l0,%.2f\"/>", x, y + ry, rx, ry, w, rx, ry,
			      -w, h - 2 * ry, rx, ry, w, -(h - 2 * ry));
		break;
	}
	case SH_CIRCLE:
		strbuf_printf(o, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\"/>", n->x, n->y, w / 2);
		break;
	case SH_STATE_START:
		strbuf_printf(o, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"7\" fill=\"#333\" "
			      "stroke=\"#333\"/>", n->x, n->y);
		break;
	case SH_STATE_END:
		strbuf_printf(o, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"7\" fill=\"#ECECFF\" "
			      "stroke=\"#333\" stroke-width=\"2\"/><circle cx=\"%.2f\" cy=\"%.2f\" "
			      "r=\"5\" fill=\"#9370DB\" stroke=\"#ECECFF\" stroke-width=\"2\"/>",
			      n->x, n->y, n->x, n->y);
		break;
	case SH_CLASS: {
		double row = j->line_height * j->zoom, pad = 15, top = y + pad / 2;
		strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>", x, y,
			      w, h);
		double d1 = top + 8 + row + 4 - pad / 2;
		double d2 = d1 + 16 + (row + 4) * n->n_members;
		strbuf_printf(o, "<path d=\"M%.2f,%.2fH%.2fM%.2f,%.2fH%.2f\" fill=\"none\"/></g>\n", x, d1,
			      x + w, x, d2, x + w);
		/* the title bold and centred; the rows from the left, each centred
		 * in its own (zoomed) box, as HedgeDoc's centred <pre> does */
		put_label_weight(o, j, m, n->label ? n->label : n->id, n->x, top, "#131300", true);
		double ry = top + row + 4 + 8 + 4;
		for (size_t r = 0; r < n->n_rows; r++) {
			if (r == n->n_members)
				ry += 16 - 4;
			put_label_weight(o, j, m, n->rows[r], x + pad / 2 + n->row_w[r] * j->zoom / 2, ry,
					 "#131300", false);
			ry += row + 4;
		}
		return;
	}
	case SH_FORK:
		strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
			      "fill=\"#333\" stroke=\"#333\"/>", x, y, w, h);
		break;
	case SH_DCIRCLE:
		strbuf_printf(o, "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"%.2f\"/><circle cx=\"%.2f\" "
			      "cy=\"%.2f\" r=\"%.2f\"/>", n->x, n->y, w / 2, n->x, n->y, w / 2 - 5);
		break;
	default: {
		double pts[12];
		size_t k = 0;
#define P(px, py) (pts[k++] = (px), pts[k++] = (py))
		switch (n->shape) {
		case SH_DIAMOND:
			P(n->x, y); P(x + w, n->y); P(n->x, y + h); P(x, n->y);
			break;
		case SH_HEXAGON:
			P(x + h / 4, y); P(x + w - h / 4, y); P(x + w, n->y); P(x + w - h / 4, y + h);
			P(x + h / 4, y + h); P(x, n->y);
			break;
		case SH_ASYM:
			P(x, y); P(x + w, y); P(x + w, y + h); P(x, y + h); P(x + h / 2, n->y);
			break;
		case SH_LEAN_R:
			P(x, y + h); P(x + w - h / 3, y + h); P(x + w, y); P(x + h / 3, y);
			break;
		case SH_LEAN_L:
			P(x + h / 3, y + h); P(x + w, y + h); P(x + w - h / 3, y); P(x, y);
			break;
		case SH_TRAP:
			P(x, y + h); P(x + w, y + h); P(x + w - h / 3, y); P(x + h / 3, y);
			break;
		default:            /* SH_INV_TRAP */
			P(x + h / 3, y + h); P(x + w - h / 3, y + h); P(x + w, y); P(x, y);
			break;
		}
#undef P
		strbuf_puts(o, "<polygon points=\"");
		for (size_t i = 0; i < k; i += 2)
			strbuf_printf(o, "%s%.2f,%.2f", i ? " " : "", pts[i], pts[i + 1]);
		strbuf_puts(o, "\"/>");
	}
	}
	strbuf_puts(o, "</g>\n");
	if (n->shape == SH_STATE_START || n->shape == SH_STATE_END || n->shape == SH_FORK)
		return;
	char cb[64];
	double bh = n->lines * j->line_height * j->zoom;
	put_label(o, j, m, n->label ? n->label : n->id, n->x, n->y - bh / 2,
		  g->state ? "#131300" : style_color(style, cb, sizeof cb));
}

static void put_markers(struct strbuf *o)
{
	static const char *const kinds[][2] = {
		{ "pointEnd", "refX=\"9\" refY=\"5\"><path d=\"M 0 0 L 10 5 L 0 10 z\"" },
		{ "pointStart", "refX=\"0\" refY=\"5\"><path d=\"M 0 5 L 10 10 L 10 0 z\"" },
		{ "circleEnd", "refX=\"11\" refY=\"5\"><circle cx=\"5\" cy=\"5\" r=\"5\"" },
		{ "circleStart", "refX=\"-1\" refY=\"5\"><circle cx=\"5\" cy=\"5\" r=\"5\"" },
		{ "crossEnd", "refX=\"12\" refY=\"5.2\"><path d=\"M 1,1 l 9,9 M 10,1 l -9,9\"" },
		{ "crossStart", "refX=\"-1\" refY=\"5.2\"><path d=\"M 1,1 l 9,9 M 10,1 l -9,9\"" },
	};
	strbuf_puts(o, "<defs>\n");
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++)
		strbuf_printf(o, "<marker id=\"%s\" viewBox=\"0 0 10 10\" markerUnits=\"userSpaceOnUse\" "
			      "markerWidth=\"%d\" markerHeight=\"%d\" orient=\"auto\" %s fill=\"#333333\" "
			      "stroke=\"#333333\" stroke-width=\"%s\"/></marker>\n", kinds[i][0],
			      i < 2 ? 12 : 11, i < 2 ? 12 : 11, kinds[i][1], i >= 4 ? "2" : "1");
	/* class relations (markers.js: extension, composition, aggregation,
	 * dependency) */
	static const char *const cls[][2] = {
		{ "extensionStart", "refX=\"0\" refY=\"7\" markerWidth=\"190\" markerHeight=\"240\">"
		  "<path d=\"M 1,7 L18,13 V 1 Z\" fill=\"#333\"" },
		{ "extensionEnd", "refX=\"19\" refY=\"7\" markerWidth=\"20\" markerHeight=\"28\">"
		  "<path d=\"M 1,1 V 13 L18,7 Z\" fill=\"#333\"" },
		{ "compositionStart", "refX=\"0\" refY=\"7\" markerWidth=\"190\" markerHeight=\"240\">"
		  "<path d=\"M 18,7 L9,13 L1,7 L9,1 Z\" fill=\"#333\"" },
		{ "compositionEnd", "refX=\"19\" refY=\"7\" markerWidth=\"20\" markerHeight=\"28\">"
		  "<path d=\"M 18,7 L9,13 L1,7 L9,1 Z\" fill=\"#333\"" },
		{ "aggregationStart", "refX=\"0\" refY=\"7\" markerWidth=\"190\" markerHeight=\"240\">"
		  "<path d=\"M 18,7 L9,13 L1,7 L9,1 Z\" fill=\"#ECECFF\"" },
		{ "aggregationEnd", "refX=\"19\" refY=\"7\" markerWidth=\"20\" markerHeight=\"28\">"
		  "<path d=\"M 18,7 L9,13 L1,7 L9,1 Z\" fill=\"#ECECFF\"" },
		{ "dependencyStart", "refX=\"0\" refY=\"7\" markerWidth=\"190\" markerHeight=\"240\">"
		  "<path d=\"M 5,7 L9,13 L1,7 L9,1 Z\" fill=\"#333\"" },
		{ "dependencyEnd", "refX=\"19\" refY=\"7\" markerWidth=\"20\" markerHeight=\"28\">"
		  "<path d=\"M 18,7 L9,13 L14,7 L9,1 Z\" fill=\"#333\"" },
	};
	for (size_t i = 0; i < ARRAY_LEN(cls); i++)
		strbuf_printf(o, "<marker id=\"%s\" markerUnits=\"userSpaceOnUse\" orient=\"auto\" "
			      "%s stroke=\"#333\" stroke-width=\"1\"/></marker>\n", cls[i][0], cls[i][1]);
	strbuf_puts(o, "</defs>\n");
}

static void emit_svg(struct strbuf *o, const struct graph *g, const struct mermaid_job *j,
		     const struct svg_font *m, double W, double H)
{
	strbuf_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		      "xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"%.2f\" height=\"%.2f\" "
		      "viewBox=\"0 0 %.2f %.2f\" letter-spacing=\"%.3f\">\n", W, H, W, H,
		      j->letter_spacing);
	put_markers(o);
	for (size_t i = 0; i < g->n_subs; i++) {
		const struct sub *s = &g->subs[i];
		/* HedgeDoc's mermaid.css: rx 4, #ffffde, #aaaa33 */
		strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" rx=\"4\" "
			      "ry=\"4\" fill=\"#ffffde\" stroke=\"#aaaa33\" stroke-width=\"1\"/>\n",
			      s->x0, s->y0, s->x1 - s->x0, s->y1 - s->y0);
		put_label(o, j, m, s->title, (s->x0 + s->x1) / 2, s->y0 + (g->v2 ? 15 : 20) / 3.0,
			  "#333");
	}
	for (size_t i = 0; i < g->n_edges; i++) {
		const struct edge *e = &g->edges[i];
		/* state transitions and class relations are 1 px */
		double sw = e->stroke == STROKE_THICK ? 3.5 : g->state || g->cls ? 1 : 2;
		const char *ls = e->style ? e->style : g->default_link_style;
		strbuf_printf(o, "<path fill=\"none\" stroke=\"#333333\" stroke-width=\"%.1f\"%s "
			      "style=\"%s\" d=\"", sw, e->stroke == STROKE_DOTTED ?
			      " stroke-dasharray=\"3\"" : "", ls ? ls : "");
		if (g->cls) {
			/* classRenderer-v2 draws its relations with curveLinear */
			for (size_t p = 0; p < e->n_pts; p++)
				strbuf_printf(o, "%c%.2f,%.2f", p ? 'L' : 'M', e->pts[2 * p],
					      e->pts[2 * p + 1]);
		} else
			put_basis(o, e->pts, e->n_pts);
		strbuf_puts(o, "\"");
		if (e->start_marker)
			strbuf_printf(o, " marker-start=\"url(#%s)\"", e->start_marker);
		if (e->end_marker)
			strbuf_printf(o, " marker-end=\"url(#%s)\"", e->end_marker);
		static const char *const names[] = { NULL, "point", "circle", "cross" };
		if (e->head != HEAD_NONE) {
			strbuf_printf(o, " marker-end=\"url(#%sEnd)\"", names[e->head]);
			if (e->both)
				strbuf_printf(o, " marker-start=\"url(#%sStart)\"", names[e->head]);
		}
		strbuf_puts(o, "/>\n");
	}
	for (size_t i = 0; i < g->n_edges; i++) {
		const struct edge *e = &g->edges[i];
		if (!e->label || !*e->label)
			continue;
		/* the label's span is drawn on mermaid's edgeLabelBackground; a
		 * state diagram's label box is half-transparent mainBkg */
		double top = e->ly - e->lh / 2;
		double cy = top + (j->line_height - (m->ascent + m->descent)) / 2;
		if (g->state)
			strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
				      "fill=\"#ECECFF\" fill-opacity=\"0.5\"/>\n", e->lx - e->lw / 2, top,
				      e->lw, e->lh);
		else
			strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
				      "fill=\"#e8e8e8\"/>\n", e->lx - e->tw / 2, cy, e->tw,
				      e->lines * j->line_height - (j->line_height - m->ascent -
								   m->descent));
		put_label(o, j, m, e->label, e->lx, top, "#333");
	}
	/* cardinalities: 10 px along the relation from its end, 10 px to the
	 * side (calcTerminalLabelPosition) */
	for (size_t i = 0; i < g->n_edges && g->cls; i++) {
		const struct edge *e = &g->edges[i];
		for (int end = 0; end < 2 && e->n_pts >= 2; end++) {
			const char *t = end ? e->end_label : e->start_label;
			if (!t || !*t)
				continue;
			const double *p0 = end ? &e->pts[2 * (e->n_pts - 1)] : e->pts;
			const double *p1 = end ? &e->pts[2 * (e->n_pts - 2)] : &e->pts[2];
			double dx = p1[0] - p0[0], dy = p1[1] - p0[1], d = hypot(dx, dy);
			if (d <= 0)
				continue;
			dx /= d;
			dy /= d;
			double along = end ? 10 : 28, side = 10;
			double x = p0[0] + dx * along - dy * side, y = p0[1] + dy * along + dx * side;
			strbuf_printf(o, "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\" font-family=\"%s\" "
				      "font-size=\"11px\" fill=\"#131300\">", x, y + 4,
				      "&quot;trebuchet ms&quot;, verdana, arial, sans-serif");
			svg_escaped(o, t, strlen(t));
			strbuf_puts(o, "</text>\n");
		}
	}
	for (size_t i = 0; i < g->n_nodes; i++) {
		const char *link = g->nodes[i].link;
		if (link)
			strbuf_printf(o, "<a xlink:href=\"%s\">", link);
		put_node(o, g, j, m, &g->nodes[i]);
		if (link)
			strbuf_puts(o, "</a>\n");
	}
	strbuf_puts(o, "</svg>\n");
}

/* ---- erDiagram's SVG ----------------------------------------------------- */

/* The point halfway along put_basis's curve through p (erRenderer puts a
 * role at getPointAtLength(length / 2)), on the curve as a polyline of
 * STEPS points a piece. */
static void basis_midpoint(const double *p, size_t n, double *mx, double *my)
{
	enum { STEPS = 32 };
	double *v = xmalloc(2 * (3 + (n > 2 ? (n - 1) * STEPS : 1)) * sizeof *v);
	size_t k = 0;
	v[k++] = p[0];
	v[k++] = p[1];
	if (n == 2) {
		v[k++] = p[2];
		v[k++] = p[3];
	} else if (n > 2) {
		double sx = (5 * p[0] + p[2]) / 6, sy = (5 * p[1] + p[3]) / 6;
		v[k++] = sx;
		v[k++] = sy;
		for (size_t i = 2; i <= n; i++) {
			double c[6];
			basis_piece(p, n, i, c);
			for (int t = 1; t <= STEPS; t++) {
				double u = (double)t / STEPS, w = 1 - u;
				double a = w * w * w, b = 3 * w * w * u, d = 3 * w * u * u, e = u * u * u;
				v[k++] = a * sx + b * c[0] + d * c[2] + e * c[4];
				v[k++] = a * sy + b * c[1] + d * c[3] + e * c[5];
			}
			sx = c[4];
			sy = c[5];
		}
		v[k++] = p[2 * (n - 1)];
		v[k++] = p[2 * (n - 1) + 1];
	}
	double len = 0;
	for (size_t i = 2; i < k; i += 2)
		len += hypot(v[i] - v[i - 2], v[i + 1] - v[i - 1]);
	double want = len / 2;
	*mx = v[0];
	*my = v[1];
	for (size_t i = 2; i < k; i += 2) {
		double d = hypot(v[i] - v[i - 2], v[i + 1] - v[i - 1]);
		if (d > 0 && want <= d) {
			*mx = v[i - 2] + (v[i] - v[i - 2]) * want / d;
			*my = v[i - 1] + (v[i + 1] - v[i - 1]) * want / d;
			break;
		}
		want -= d;
		*mx = v[i];
		*my = v[i + 1];
	}
	free(v);
}

/* Text centred on (x, y) as `dominant-baseline: middle` puts it: the
 * baseline half an x-height (Liberation Sans: 0.519 em) below. */
static void er_text(struct strbuf *o, const char *t, size_t n, double x, double y, double px,
		    bool centred)
{
	strbuf_printf(o, "<text x=\"%.2f\" y=\"%.2f\"%s font-family=\"%s\" font-size=\"%.1fpx\" "
		      "fill=\"#333\">", x, y + 0.2595 * px, centred ? " text-anchor=\"middle\"" : "",
		      "&quot;trebuchet ms&quot;, verdana, arial, sans-serif", px);
	svg_escaped(o, t, n);
	strbuf_puts(o, "</text>\n");
}

/* erMarkers.js: the cardinalities, drawn in `gray` */
static void er_markers(struct strbuf *o)
{
	static const char *const mk[][2] = {
		{ "ONLY_ONE_START", "refX=\"0\" refY=\"9\" markerWidth=\"18\" markerHeight=\"18\">"
		  "<path d=\"M9,0 L9,18 M15,0 L15,18\"/>" },
		{ "ONLY_ONE_END", "refX=\"18\" refY=\"9\" markerWidth=\"18\" markerHeight=\"18\">"
		  "<path d=\"M3,0 L3,18 M9,0 L9,18\"/>" },
		{ "ZERO_OR_ONE_START", "refX=\"0\" refY=\"9\" markerWidth=\"30\" markerHeight=\"18\">"
		  "<circle fill=\"white\" cx=\"21\" cy=\"9\" r=\"6\"/><path d=\"M9,0 L9,18\"/>" },
		{ "ZERO_OR_ONE_END", "refX=\"30\" refY=\"9\" markerWidth=\"30\" markerHeight=\"18\">"
		  "<circle fill=\"white\" cx=\"9\" cy=\"9\" r=\"6\"/><path d=\"M21,0 L21,18\"/>" },
		{ "ONE_OR_MORE_START", "refX=\"18\" refY=\"18\" markerWidth=\"45\" markerHeight=\"36\">"
		  "<path d=\"M0,18 Q 18,0 36,18 Q 18,36 0,18 M42,9 L42,27\"/>" },
		{ "ONE_OR_MORE_END", "refX=\"27\" refY=\"18\" markerWidth=\"45\" markerHeight=\"36\">"
		  "<path d=\"M3,9 L3,27 M9,18 Q27,0 45,18 Q27,36 9,18\"/>" },
		{ "ZERO_OR_MORE_START", "refX=\"18\" refY=\"18\" markerWidth=\"57\" markerHeight=\"36\">"
		  "<circle fill=\"white\" cx=\"48\" cy=\"18\" r=\"6\"/>"
		  "<path d=\"M0,18 Q18,0 36,18 Q18,36 0,18\"/>" },
		{ "ZERO_OR_MORE_END", "refX=\"39\" refY=\"18\" markerWidth=\"57\" markerHeight=\"36\">"
		  "<circle fill=\"white\" cx=\"9\" cy=\"18\" r=\"6\"/>"
		  "<path d=\"M21,18 Q39,0 57,18 Q39,36 21,18\"/>" },
	};
	strbuf_puts(o, "<defs>\n");
	for (size_t i = 0; i < ARRAY_LEN(mk); i++)
		strbuf_printf(o, "<marker id=\"ER-%s\" orient=\"auto\" stroke=\"gray\" fill=\"none\" "
			      "%s</marker>\n", mk[i][0], mk[i][1]);
	strbuf_puts(o, "</defs>\n");
}

/* An entity in mermaid's default theme (er/styles.js): the box mainBkg
 * and nodeBorder, attribute rows white and #f2f2f2 by turns. */
static void er_entity(struct strbuf *o, const struct graph *g, const struct node *n)
{
	double x = n->x - n->w / 2, y = n->y - n->h / 2;
	const char *label = n->label ? n->label : n->id;
	strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#ECECFF\" "
		      "stroke=\"#9370DB\"/>\n", x, y, n->w, n->h);
	double lh = g->er_font->ascent + g->er_font->descent;
	if (!n->n_rows) {
		er_text(o, label, strlen(label), n->x, n->y, 12, true);
		return;
	}
	er_text(o, label, strlen(label), n->x, y + 5 + lh / 2, 12, true);
	double ah = g->er_attr_font->ascent + g->er_attr_font->descent;
	int factor;
	double cols = er_columns(n, &factor);
	double spare = MAX(0, (n->w - cols - 5 * factor) / (factor / 2));
	double ry = y + lh + 10;
	for (size_t r = 0; r < n->n_rows; r++) {
		double cx = x;
		for (int c = 0; c < 4; c++) {
			if ((c == 2 && !n->has_key) || (c == 3 && !n->has_comment))
				continue;
			double cw = n->row_w[c] + 10 + spare;
			strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
				      "fill=\"%s\" stroke=\"#9370DB\"/>\n", cx, ry, cw, ah + 10,
				      r % 2 ? "#f2f2f2" : "#ffffff");
			size_t len;
			const char *t = er_field(n->rows[r], c, &len);
			er_text(o, t, len, cx + 5, ry + 5 + ah / 2, 10.2, false);
			cx += cw;
		}
		ry += ah + 10;
	}
}

static void er_emit_svg(struct strbuf *o, const struct graph *g, const struct mermaid_job *j,
			double W, double H)
{
	strbuf_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.2f\" height=\"%.2f\" "
		      "viewBox=\"0 0 %.2f %.2f\" letter-spacing=\"%.3f\">\n", W, H, W, H,
		      j->letter_spacing);
	er_markers(o);
	/* the relations behind the entities, their roles on top */
	for (size_t i = 0; i < g->n_edges; i++) {
		const struct edge *e = &g->edges[i];
		strbuf_printf(o, "<path fill=\"none\" stroke=\"#333333\"%s d=\"",
			      e->stroke == STROKE_DOTTED ? " stroke-dasharray=\"8,8\"" : "");
		put_basis(o, e->pts, e->n_pts);
		strbuf_puts(o, "\"");
		if (e->start_marker)
			strbuf_printf(o, " marker-start=\"url(#ER-%s_START)\"", e->start_marker);
		if (e->end_marker)
			strbuf_printf(o, " marker-end=\"url(#ER-%s_END)\"", e->end_marker);
		strbuf_puts(o, "/>\n");
	}
	for (size_t i = 0; i < g->n_nodes; i++)
		er_entity(o, g, &g->nodes[i]);
	double lh = g->er_font->ascent + g->er_font->descent;
	for (size_t i = 0; i < g->n_edges; i++) {
		const struct edge *e = &g->edges[i];
		if (!e->label || !*e->label || !e->n_pts)
			continue;
		double mx, my;
		basis_midpoint(e->pts, e->n_pts, &mx, &my);
		/* .relationshipLabelBox: tertiaryColor at opacity 0.7 */
		strbuf_printf(o, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
			      "fill=\"#f9ffec\" opacity=\"0.7\"/>\n", mx - e->tw / 2, my - lh / 2, e->tw,
			      lh);
		er_text(o, e->label, strlen(e->label), mx, my, 12, true);
	}
	strbuf_puts(o, "</svg>\n");
}

/* --dump: node boxes, label boxes, edge routes. */
static void emit_dump(struct strbuf *o, const struct graph *g, double W, double H)
{
	strbuf_printf(o, "%s %s %.1fx%.1f\n", g->er ? "erDiagram" : "flowchart", g->dir, W, H);
	for (size_t i = 0; i < g->n_subs; i++) {
		const struct sub *s = &g->subs[i];
		strbuf_printf(o, "subgraph %s %.1f,%.1f %.1fx%.1f\n", s->id, s->x0, s->y0, s->x1 - s->x0,
			      s->y1 - s->y0);
	}
	for (size_t i = 0; i < g->n_nodes; i++) {
		const struct node *n = &g->nodes[i];
		strbuf_printf(o, "node %s shape=%d %.1f,%.1f %.1fx%.1f%s%s\n", n->id, (int)n->shape,
			      n->x, n->y, n->w, n->h, n->link ? " link=" : "", n->link ? n->link : "");
	}
	for (size_t i = 0; i < g->n_edges; i++) {
		const struct edge *e = &g->edges[i];
		strbuf_printf(o, "edge %s->%s head=%d stroke=%d", g->nodes[e->a].id, g->nodes[e->b].id,
			      (int)e->head, (int)e->stroke);
		if (e->label && *e->label)
			strbuf_printf(o, " label=%.1f,%.1f", e->lx, e->ly);
		for (size_t p = 0; p < e->n_pts; p++)
			strbuf_printf(o, " %.1f,%.1f", e->pts[2 * p], e->pts[2 * p + 1]);
		strbuf_puts(o, "\n");
	}
}


/* ---- pie (pieRenderer.js) ---------------------------------------------------- */

struct slice {
	char *label;
	double value;
};

static bool pie_parse(const char *text, struct diagram_fail *f, struct slice **out, size_t *n,
		      char **title)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	*title = NULL;
	const char *s = text;
	unsigned line = 0;
	bool header = false;
	while (*s) {
		size_t l = strcspn(s, "\n");
		const char *e = s + l;
		line++;
		const char *p = s;
		while (p < e && isspace((unsigned char)*p))
			p++;
		size_t rest = (size_t)(e - p);
		while (rest && isspace((unsigned char)p[rest - 1]))
			rest--;
		if (!rest || (rest >= 2 && p[0] == '%' && p[1] == '%'))
			;
		else if (!header) {
			header = true;
			p += 3;         /* "pie" (mermaid_type found it) */
			rest -= MIN(rest, 3);
			while (rest && isspace((unsigned char)*p))
				p++, rest--;
			if (rest >= 8 && !strncmp(p, "showData", 8))
				p += 8, rest -= 8;
			while (rest && isspace((unsigned char)*p))
				p++, rest--;
			if (rest > 5 && !strncmp(p, "title", 5) && isspace((unsigned char)p[5]))
				*title = label_text(p + 6, rest - 6);
		} else if (rest > 5 && !strncmp(p, "title", 5) && isspace((unsigned char)p[5])) {
			free(*title);
			*title = label_text(p + 6, rest - 6);
		} else if (!strncmp(p, "acc", 3)) {
			;
		} else if (*p == '"') {
			const char *q = memchr(p + 1, '"', rest - 1);
			const char *colon = q ? memchr(q, ':', (size_t)(p + rest - q)) : NULL;
			char *end = NULL;
			double v = colon ? strtod(colon + 1, &end) : 0;
			if (!colon || end == colon + 1 || !(v >= 0) || v > 1e300) {
				snprintf(f->msg, sizeof f->msg, "mermaid: pie: expecting \"label\" : number");
				f->line = line;
				return false;
			}
			if (*n >= MAX_DIAGRAM_NODES) {
				snprintf(f->msg, sizeof f->msg, "mermaid: more than %u pie slices",
					 MAX_DIAGRAM_NODES);
				f->line = line;
				return false;
			}
			*out = diagram_grow(*out, &cap, *n, sizeof **out);
			(*out)[(*n)++] = (struct slice){ label_text(p + 1, (size_t)(q - p - 1)), v };
		} else {
			snprintf(f->msg, sizeof f->msg, "mermaid: pie: expecting \"label\" : number");
			f->line = line;
			return false;
		}
		s = *e ? e + 1 : e;
	}
	return true;
}

/* pie1..pie4 of the default theme, then the rest (theme-default.js) */
static const char *const pie_colours[] = {
	"#ECECFF", "#ffffde", "#b5ff20", "#b9b9ff", "#ffff66", "#c5ff60",
	"#c9c97f", "#9f9fcc", "#66b266", "#b2b266", "#66b2b2", "#99cc99",
};

static int by_value(const void *a, const void *b)
{
	const struct slice *x = *(struct slice *const *)a, *y = *(struct slice *const *)b;
	return x->value < y->value ? 1 : x->value > y->value ? -1 : (x < y ? -1 : 1);
}

static bool pie_draw(const struct mermaid_job *j, struct strbuf *o, struct diagram_fail *f)
{
	struct slice *sl;
	size_t n;
	char *title;
	if (!pie_parse(j->text, f, &sl, &n, &title)) {
		for (size_t i = 0; i < n; i++)
			free(sl[i].label);
		free(sl);
		free(title);
		return false;
	}
	const double W = j->width > 0 ? j->width : 864, H = 450, margin = 40;
	double r = MIN(W, H) / 2 - margin, sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += sl[i].value;
	const char *font = "&quot;trebuchet ms&quot;, verdana, arial, sans-serif";
	strbuf_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.2f\" height=\"%.2f\" "
		      "viewBox=\"0 0 %.2f %.2f\" letter-spacing=\"%.3f\">\n"
		      "<g transform=\"translate(%.2f,%.2f)\">\n", W, H, W, H, j->letter_spacing,
		      W / 2, H / 2);
	/* d3.pie: largest first, clockwise from 12 o'clock */
	struct slice **order = xmalloc((n ? n : 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = &sl[i];
	qsort(order, n, sizeof *order, by_value);
	double a0 = 0;
	for (size_t k = 0; k < n && sum > 0; k++) {
		const struct slice *s = order[k];
		double a1 = a0 + 2 * M_PI * s->value / sum;
		size_t ci = (size_t)(s - sl) % ARRAY_LEN(pie_colours);
		strbuf_printf(o, "<path d=\"M%.3f,%.3fA%.3f,%.3f,0,%d,1,%.3f,%.3fL0,0Z\" fill=\"%s\" "
			      "stroke=\"black\" stroke-width=\"2\" fill-opacity=\"0.7\" "
			      "stroke-opacity=\"0.7\"/>\n", r * sin(a0),
			      -r * cos(a0), r, r, a1 - a0 > M_PI ? 1 : 0, r * sin(a1), -r * cos(a1),
			      pie_colours[ci]);
		a0 = a1;
	}
	a0 = 0;
	for (size_t k = 0; k < n && sum > 0; k++) {
		const struct slice *s = order[k];
		double a1 = a0 + 2 * M_PI * s->value / sum, am = (a0 + a1) / 2;
		strbuf_printf(o, "<text x=\"%.3f\" y=\"%.3f\" text-anchor=\"middle\" font-family=\"%s\" "
			      "font-size=\"17px\" fill=\"#333\">%.0f%%</text>\n", r / 2 * sin(am),
			      -r / 2 * cos(am), font, s->value / sum * 100);
		a0 = a1;
	}
	if (title) {
		strbuf_printf(o, "<text x=\"0\" y=\"%.2f\" text-anchor=\"middle\" font-family=\"%s\" "
			      "font-size=\"25px\" fill=\"black\">", -(H - 50) / 2, font);
		svg_escaped(o, title, strlen(title));
		strbuf_puts(o, "</text>\n");
	}
	const double box = 18, gap = 4;
	for (size_t i = 0; i < n; i++) {
		double y = i * (box + gap) - (box + gap) * n / 2;
		const char *c = pie_colours[i % ARRAY_LEN(pie_colours)];
		strbuf_printf(o, "<g transform=\"translate(%.2f,%.2f)\"><rect width=\"18\" height=\"18\" "
			      "fill=\"%s\" stroke=\"%s\"/><text x=\"22\" y=\"14\" font-family=\"%s\" "
			      "font-size=\"17px\" fill=\"black\">", 12 * box, y, c, c, font);
		svg_escaped(o, sl[i].label, strlen(sl[i].label));
		strbuf_puts(o, "</text></g>\n");
	}
	strbuf_puts(o, "</g>\n</svg>\n");
	free(order);
	for (size_t i = 0; i < n; i++)
		free(sl[i].label);
	free(sl);
	free(title);
	return true;
}

/* ---- entry points ----------------------------------------------------------- */

/* exported function documented in mermaid.h */
const char *mermaid_type(const char *text, size_t *len)
{
	const char *s = text;
	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (s[0] == '%' && s[1] == '%') {
			s += strcspn(s, "\n");
			continue;
		}
		break;
	}
	size_t n = 0;
	while (s[n] && (isalnum((unsigned char)s[n]) || s[n] == '-'))
		n++;
	if (!n || (n == 5 && !strncmp(s, "graph", 5)) || !strncmp(s, "flowchart", 9)) {
		*len = 9;
		return "flowchart";
	}
	static const char *const known[] = {
		"sequenceDiagram", "classDiagram", "classDiagram-v2", "stateDiagram",
		"stateDiagram-v2", "erDiagram", "gantt", "pie", "journey", "gitGraph",
		"requirementDiagram", "mindmap", "info",
	};
	for (size_t i = 0; i < ARRAY_LEN(known); i++)
		if (strlen(known[i]) == n && !strncmp(s, known[i], n)) {
			*len = n;
			return s;
		}
	*len = 9;
	return "flowchart";
}

static void free_graph(const struct graphviz *gv, struct graph *g)
{
	for (size_t i = 0; i < g->n_nodes; i++) {
		struct node *n = &g->nodes[i];
		free(n->id);
		free(n->label);
		free(n->style);
		free(n->link);
		free(n->classes);
		for (size_t r = 0; r < n->n_rows; r++)
			free(n->rows[r]);
		free(n->rows);
		free(n->row_w);
	}
	for (size_t i = 0; i < g->n_edges; i++) {
		struct edge *e = &g->edges[i];
		free(e->label);
		free(e->style);
		free(e->start_label);
		free(e->end_label);
		free(e->pts);
	}
	for (size_t i = 0; i < g->n_subs; i++) {
		free(g->subs[i].id);
		free(g->subs[i].title);
	}
	for (size_t i = 0; i < g->n_classes; i++) {
		free(g->classes[i].name);
		free(g->classes[i].style);
	}
	free(g->nodes);
	free(g->edges);
	free(g->subs);
	free(g->classes);
	free(g->default_link_style);
	if (g->root && gv) {
		gv->gvFreeLayout(gv->gvc, g->root);
		gv->agclose(g->root);
	}
}

/* exported function documented in mermaid.h */
bool mermaid_draw(void *ctx, struct strbuf *out, struct diagram_fail *f)
{
	const struct mermaid_job *j = ctx;
	size_t tl;
	const char *type = mermaid_type(j->text, &tl);
	if (tl == 3 && !strncmp(type, "pie", 3))
		return pie_draw(j, out, f);
	if (tl == 15 && !strncmp(type, "sequenceDiagram", 15))
		return mseq_draw(j, out, f);
	if (tl == 5 && !strncmp(type, "gantt", 5))
		return gantt_draw(j->text, j->width, j->letter_spacing, out, f);
	struct graph g;
	memset(&g, 0, sizeof g);
	struct parser p = { j->text, 0, strlen(j->text), &g, f, false, { 0 }, 0 };
	bool state = tl >= 12 && !strncmp(type, "stateDiagram", 12);
	bool cls = tl >= 12 && !strncmp(type, "classDiagram", 12);
	bool er = tl == 9 && !strncmp(type, "erDiagram", 9);
	const struct graphviz *gv = NULL;
	bool ok = state ? state_parse(&p) : cls ? class_parse(&p) : er ? er_parse(&p) : parse(&p);
	if (ok && !g.n_nodes && er) {
		/* erRenderer draws nothing, in diagramPadding */
		if (j->dump)
			strbuf_puts(out, "erDiagram TB 40.0x40.0\n");
		else
			strbuf_puts(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"40\" "
				    "height=\"40\" viewBox=\"0 0 40 40\"/>\n");
		free_graph(NULL, &g);
		return true;
	}
	if (ok && !g.n_nodes) {
		snprintf(f->msg, sizeof f->msg, "mermaid: an empty flowchart");
		ok = false;
	}
	const char *why = NULL;
	if (ok && !(gv = graphviz_get(&why))) {
		snprintf(f->msg, sizeof f->msg, "mermaid: %s", why);
		ok = false;
	}
	struct svg_font m, em, am;
	svg_font_init(&m, FONT_PANGO, FONT_PX);
	m.spacing += j->letter_spacing;
	if (er) {
		/* erRenderer's text: 12 px, attributes 0.85 of that */
		svg_font_init(&em, FONT_PANGO, 12);
		svg_font_init(&am, FONT_PANGO, 12 * 0.85);
		em.spacing += j->letter_spacing;
		am.spacing += j->letter_spacing;
		g.er_font = &em;
		g.er_attr_font = &am;
	}
	double W, H;
	if (ok)
		ok = layout(gv, &g, j, &m, &W, &H, f);
	if (ok && j->dump)
		emit_dump(out, &g, W, H);
	else if (ok && er)
		er_emit_svg(out, &g, j, W, H);
	else if (ok)
		emit_svg(out, &g, j, &m, W, H);
	svg_font_free(&m);
	if (er) {
		svg_font_free(&em);
		svg_font_free(&am);
	}
	free_graph(gv, &g);
	return ok;
}
