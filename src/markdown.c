/*
 * markdown.c — one slide's Markdown → DOM (see markdown.h).
 *
 * HedgeDoc renders with markdown-it (HEDGEDOC.md §3); we parse with
 * cmark-gfm and bring its output to markdown-it's where they differ:
 *
 *   markdown-it (HedgeDoc)              here
 *   breaks: true                        CMARK_OPT_HARDBREAKS
 *   typographer                         CMARK_OPT_SMART + (c) (r) (tm) +-
 *   linkify                             the autolink extension
 *   ~~x~~ → <s>                         strikethrough (double tilde) → <s>
 *   table alignment as style=           CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
 *   fence → class="LANG hljs"           language-LANG → LANG hljs
 *   markdown-it-imsize `=WxH`           a pre-pass moves the size into the
 *                                       URL, the DOM pass makes attributes
 *   finishView task lists               the DOM pass (li from Markdown only)
 *
 * Before parsing, `&lt;`/`&gt;` become `<`/`>` as reveal-markdown does
 * (§2.5). The HTML cmark renders (raw HTML kept, source positions on) goes
 * through html.c: gumbo, HedgeDoc's sanitizer, the comment attributes.
 *
 * SPDX-License-Identifier: MIT
 */
#define _GNU_SOURCE 1  /* memmem */
#include "markdown.h"
#include "diag.h"
#include "dom.h"
#include "html.h"
#include "scs_limits.h"
#include "split.h"
#include "util.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define CMARK_OPTIONS (CMARK_OPT_SOURCEPOS | CMARK_OPT_HARDBREAKS | CMARK_OPT_SMART | \
		       CMARK_OPT_UNSAFE | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE | \
		       CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES)

/* The marker the imsize pre-pass appends to an image URL. */
#define IMSIZE_MARK "#scs-imsize="

/* ---- pre-pass: &lt; &gt; and =WxH ------------------------------------- */

static bool is_digit_pct(char c)
{
	return (c >= '0' && c <= '9') || c == '%';
}

/* A fence opening or closing line: up to 3 spaces, then ≥3 ` or ~.
 * Returns the run length and sets *ch, or 0. */
static size_t fence_run(const char *s, size_t n, char *ch)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	if (i >= n || (s[i] != '`' && s[i] != '~'))
		return 0;
	char c = s[i];
	size_t j = i;
	while (j < n && s[j] == c)
		j++;
	if (j - i < 3)
		return 0;
	if (c == '`' && memchr(s + j, '`', n - j))
		return 0;   /* a backtick fence's info string has no backticks */
	*ch = c;
	return j - i;
}

/* The end of a balanced [...] label starting at s[i] == '[', or 0. */
static size_t label_end(const char *s, size_t n, size_t i)
{
	int depth = 0;
	for (; i < n; i++) {
		if (s[i] == '\\') {
			i++;
			continue;
		}
		if (s[i] == '\n' && i + 1 < n && s[i + 1] == '\n')
			return 0;   /* a blank line ends the paragraph */
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && --depth == 0)
			return i;
	}
	return 0;
}

/*
 * markdown-it-imsize: `![alt](url "title" =WxH)`, a space before `=`, the
 * `x` mandatory, W and H digits or `%` (lib/index.js, parse_image_size.js).
 * At s[i] == '!', returns the end (after ')') and fills the pieces when it
 * matches, else 0.
 */
struct imsize {
	size_t dest_end;            /* where the marker goes */
	size_t eq, size_end;        /* the `=WxH` text */
	size_t w0, w1, h0, h1;
};

static size_t match_imsize(const char *s, size_t n, size_t i, struct imsize *m)
{
	if (i + 1 >= n || s[i + 1] != '[')
		return 0;
	size_t j = label_end(s, n, i + 1);
	if (!j || j + 1 >= n || s[j + 1] != '(')
		return 0;
	j += 2;
	while (j < n && (s[j] == ' ' || s[j] == '\n'))
		j++;
	if (j < n && s[j] == '<') {
		while (j < n && s[j] != '>' && s[j] != '\n')
			j++;
		if (j >= n || s[j] != '>')
			return 0;
		m->dest_end = j;     /* before '>' */
		j++;
	} else {
		int paren = 0;
		while (j < n && (unsigned char)s[j] > ' ') {
			if (s[j] == '\\' && j + 1 < n) {
				j += 2;
				continue;
			}
			if (s[j] == '(')
				paren++;
			else if (s[j] == ')' && paren-- == 0)
				break;
			j++;
		}
		m->dest_end = j;
	}
	while (j < n && (s[j] == ' ' || s[j] == '\n'))
		j++;
	if (j < n && (s[j] == '"' || s[j] == '\'' || s[j] == '(')) {
		char close = s[j] == '(' ? ')' : s[j];
		size_t k = j + 1;
		while (k < n && s[k] != close) {
			if (s[k] == '\\')
				k++;
			k++;
		}
		if (k >= n)
			return 0;
		j = k + 1;
		while (j < n && (s[j] == ' ' || s[j] == '\n'))
			j++;
	}
	if (j >= n || s[j] != '=' || s[j - 1] != ' ')
		return 0;
	m->eq = j++;
	m->w0 = j;
	while (j < n && is_digit_pct(s[j]))
		j++;
	m->w1 = j;
	if (j >= n || s[j] != 'x')
		return 0;
	m->h0 = ++j;
	while (j < n && is_digit_pct(s[j]))
		j++;
	m->h1 = m->size_end = j;
	while (j < n && (s[j] == ' ' || s[j] == '\n'))
		j++;
	if (j >= n || s[j] != ')')
		return 0;
	return j + 1;
}

/* Past a code span opening at s[i] (a run of backticks), or i + run length
 * when it has no closing run (then the backticks are literal). */
static size_t skip_code_span(const char *s, size_t n, size_t i)
{
	size_t run = 0;
	while (i + run < n && s[i + run] == '`')
		run++;
	for (size_t k = i + run; k < n; k++) {
		if (s[k] == '\n' && k + 1 < n && s[k + 1] == '\n')
			break;
		if (s[k] != '`')
			continue;
		size_t r = 0;
		while (k + r < n && s[k + r] == '`')
			r++;
		if (r == run)
			return k + r;
		k += r - 1;
	}
	return i + run;
}

static void preprocess(const char *in, size_t n, struct strbuf *out)
{
	/* &lt; → <, &gt; → > everywhere (reveal-markdown, HEDGEDOC.md §2.5). */
	struct strbuf t;
	strbuf_init(&t, 0);
	for (size_t i = 0; i < n; i++) {
		if (in[i] == '&' && i + 3 < n && in[i + 2] == 't' && in[i + 3] == ';' &&
		    (in[i + 1] == 'l' || in[i + 1] == 'g')) {
			strbuf_append(&t, in[i + 1] == 'l' ? "<" : ">", 1);
			i += 3;
		} else {
			strbuf_append(&t, in + i, 1);
		}
	}
	const char *s = t.s ? t.s : "";
	n = t.len;

	/* =WxH, outside fenced code and code spans */
	bool in_fence = false, prev_row = false;
	char fch = 0;
	size_t flen = 0;
	size_t i = 0;
	while (i < n) {
		size_t eol = i;
		while (eol < n && s[eol] != '\n')
			eol++;
		char ch = 0;
		size_t run = fence_run(s + i, eol - i, &ch);
		if (in_fence || run) {
			if (!in_fence) {
				in_fence = true;
				fch = ch;
				flen = run;
			} else if (run >= flen && ch == fch) {
				in_fence = false;
			}
			strbuf_append(out, s + i, eol - i + (eol < n));
			i = eol + 1;
			continue;
		}
		/* A line of just "|" under a table row is one more (empty) row
		 * to markdown-it's table rule, but ends the table for cmark-gfm. */
		bool pipe_only = false, has_pipe = memchr(s + i, '|', eol - i) != NULL;
		if (has_pipe) {
			size_t a = i, z = eol;
			while (a < z && (s[a] == ' ' || s[a] == '\t'))
				a++;
			while (z > a && (s[z - 1] == ' ' || s[z - 1] == '\t' || s[z - 1] == '\r'))
				z--;
			pipe_only = z == a + 1 && s[a] == '|';
		}
		if (pipe_only && prev_row) {
			strbuf_puts(out, "| |");
			strbuf_append(out, s + eol, eol < n);
			i = eol + 1;
			continue;
		}
		prev_row = has_pipe;
		/* one line of a paragraph (code spans and images may run on) */
		size_t j = i;
		while (j < n && j <= eol) {
			if (s[j] == '`') {
				size_t e = skip_code_span(s, n, j);
				strbuf_append(out, s + j, e - j);
				j = e;
				continue;
			}
			struct imsize m;
			size_t e = s[j] == '!' ? match_imsize(s, n, j, &m) : 0;
			if (e) {
				strbuf_append(out, s + j, m.dest_end - j);
				strbuf_printf(out, IMSIZE_MARK "%.*sx%.*s", (int)(m.w1 - m.w0),
					      s + m.w0, (int)(m.h1 - m.h0), s + m.h0);
				strbuf_append(out, s + m.dest_end, m.eq - m.dest_end);
				strbuf_append(out, s + m.size_end, e - m.size_end);
				j = e;
				continue;
			}
			strbuf_append(out, s + j, 1);
			j++;
		}
		i = j;
	}
	strbuf_free(&t);
	if (!out->s)
		strbuf_append(out, "", 0);
}

/* ---- AST pass: typographer replacements cmark lacks ------------------- */

/* markdown-it's `replacements` rule: (c) (r) (tm) case-insensitively and
 * +- (markdown-it 13 lib/rules_core/replacements.js). */
static void typographer(cmark_node *root)
{
	static const struct { const char *from, *to; } rep[] = {
		{ "(c)", "\xc2\xa9" }, { "(C)", "\xc2\xa9" },
		{ "(r)", "\xc2\xae" }, { "(R)", "\xc2\xae" },
		{ "(tm)", "\xe2\x84\xa2" }, { "(TM)", "\xe2\x84\xa2" },
		{ "(Tm)", "\xe2\x84\xa2" }, { "(tM)", "\xe2\x84\xa2" },
		{ "+-", "\xc2\xb1" },
	};
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_TEXT)
			continue;
		const char *lit = cmark_node_get_literal(n);
		if (!lit || (!strchr(lit, '(') && !strstr(lit, "+-")))
			continue;
		struct strbuf b;
		strbuf_init(&b, 0);
		bool changed = false;
		for (const char *p = lit; *p;) {
			size_t k;
			for (k = 0; k < ARRAY_LEN(rep); k++)
				if (!strncmp(p, rep[k].from, strlen(rep[k].from)))
					break;
			if (k < ARRAY_LEN(rep)) {
				strbuf_puts(&b, rep[k].to);
				p += strlen(rep[k].from);
				changed = true;
			} else {
				strbuf_append(&b, p, 1);
				p++;
			}
		}
		if (changed)
			cmark_node_set_literal(n, b.s);
		strbuf_free(&b);
	}
	cmark_iter_free(it);
}

/* ---- DOM pass: markdown-it's shapes ----------------------------------- */

struct fix {
	struct arena *a;
	const char *text;          /* the slide's Markdown, for image positions */
	size_t len, cursor;
	unsigned first_line;
};

/* File line:col of an image: its URL found in the slide text, in order. */
static void image_position(struct fix *f, struct dom_node *img, const char *url)
{
	size_t ul = strcspn(url, "#");
	if (!ul || !f->text)
		return;
	for (size_t i = f->cursor; i + ul <= f->len; i++) {
		if (memcmp(f->text + i, url, ul))
			continue;
		unsigned line = f->first_line, col = 1;
		size_t bol = 0;
		for (size_t k = 0; k < i; k++)
			if (f->text[k] == '\n') {
				line++;
				bol = k + 1;
			}
		/* point at the `![` before the URL when it is on the same line */
		size_t st = i;
		while (st > bol && !(f->text[st - 1] == '!' && f->text[st] == '['))
			st--;
		st = st > bol ? st - 1 : i;
		col = (unsigned)(st - bol) + 1;
		img->src_line = line;
		img->src_col = col;
		f->cursor = i + ul;
		return;
	}
}

static void fix_image(struct fix *f, struct dom_node *n)
{
	const char *src = dom_get_attr(n, "src");
	if (!src)
		return;
	const char *mark = strstr(src, IMSIZE_MARK);
	if (mark) {
		const char *w = mark + strlen(IMSIZE_MARK);
		const char *x = strchr(w, 'x');
		if (x) {
			if (x > w)
				dom_set_attr(f->a, n, "width", arena_strndup(f->a, w, (size_t)(x - w)));
			if (x[1])
				dom_set_attr(f->a, n, "height", x + 1);
		}
		src = arena_strndup(f->a, src, (size_t)(mark - src));
		dom_set_attr(f->a, n, "src", src);
	}
	const char *url = src;
	if (!strncmp(url, "./", 2) && f->text && !memmem(f->text, f->len, url, strlen(url)))
		url += 2;   /* the sanitizer added ./ to a bare relative path */
	image_position(f, n, url);
}

/* HedgeDoc's fence rule: class "[wrap] LANG hljs" when there is an info
 * string; LANG loses a trailing =, =N, =+ or ! (extra.js:1132-1157). */
static void fix_code(struct fix *f, struct dom_node *n)
{
	const char *cls = dom_get_attr(n, "class");
	if (!cls || strncmp(cls, "language-", 9))
		return;
	const char *lang = cls + 9;
	size_t l = strcspn(lang, " ");
	bool wrap = l && lang[l - 1] == '!';
	size_t k = l;
	if (k && lang[k - 1] == '!')
		k--;
	if (k && lang[k - 1] == '+' && k >= 2 && lang[k - 2] == '=')
		k -= 2;
	else {
		size_t d = k;
		while (d && lang[d - 1] >= '0' && lang[d - 1] <= '9')
			d--;
		if (d && lang[d - 1] == '=')
			k = d - 1;
	}
	dom_set_attr(f->a, n, "class", arena_printf(f->a, "%s%.*s hljs", wrap ? "wrap " : "",
						   (int)k, lang));
}

/* finishView's task lists: a leading [ ] / [x] in a Markdown list item (or
 * its only paragraph) becomes a disabled checkbox (extra.js:263-291). */
static void fix_task_item(struct fix *f, struct dom_node *li)
{
	if (!li->from_markdown)
		return;
	struct dom_node *target = li, *only_p = NULL;
	int n_p = 0;
	for (struct dom_node *c = li->first_child; c; c = c->next)
		if (dom_is(c, "p")) {
			n_p++;
			only_p = c;
		}
	if (n_p == 1)
		target = only_p;
	struct dom_node *t = target->first_child;
	if (!t || t->type != DOM_TEXT)
		return;
	const char *s = t->text;
	size_t i = 0;
	while (i < t->text_len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
		i++;
	if (i + 3 > t->text_len || s[i] != '[' || s[i + 2] != ']' ||
	    (s[i + 1] != ' ' && s[i + 1] != 'x' && s[i + 1] != 'X'))
		return;
	bool checked = s[i + 1] != ' ';
	i += 3;
	while (i < t->text_len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
		i++;
	t->text += i;
	t->text_len -= i;
	struct dom_node *box = dom_new_element(f->a, "input");
	dom_set_attr(f->a, box, "type", "checkbox");
	dom_set_attr(f->a, box, "class", "task-list-item-checkbox");
	if (checked)
		dom_set_attr(f->a, box, "checked", "");
	dom_set_attr(f->a, box, "disabled", "");
	box->src_line = li->src_line;
	dom_insert_before(t, box);
	struct dom_node *label = dom_new_element(f->a, "label");
	dom_insert_before(t, label);
	if (!t->text_len)
		dom_remove(t);
	dom_set_attr(f->a, target == li ? li : target->parent, "class", "task-list-item");
}

static void fix_tree(struct fix *f, struct dom_node *root)
{
	for (struct dom_node *n = root; n; n = dom_walk_next(root, n, false)) {
		if (n->type != DOM_ELEMENT)
			continue;
		if (!strcmp(n->tag, "img"))
			fix_image(f, n);
		else if (!strcmp(n->tag, "del") && !n->n_attrs)
			n->tag = "s";   /* markdown-it renders ~~x~~ as <s> */
		else if (!strcmp(n->tag, "code") && dom_is(n->parent, "pre"))
			fix_code(f, n);
		else if (!strcmp(n->tag, "li"))
			fix_task_item(f, n);
	}
}

/* ---- entry points ----------------------------------------------------- */

static cmark_parser *new_parser(void)
{
	static const char *const exts[] = { "table", "strikethrough", "autolink" };
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(CMARK_OPTIONS);
	for (size_t i = 0; i < ARRAY_LEN(exts); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

static void render(struct arena *a, struct diag *d, const struct diag_file *src,
		   const char *text, size_t len, unsigned first_line,
		   struct dom_node *section, struct dom_node *parent)
{
	struct strbuf md;
	strbuf_init(&md, 0);
	preprocess(text, len, &md);

	cmark_parser *p = new_parser();
	cmark_parser_feed(p, md.s, md.len);
	cmark_node *doc = cmark_parser_finish(p);
	typographer(doc);
	char *html = cmark_render_html(doc, CMARK_OPTIONS, cmark_parser_get_syntax_extensions(p));
	cmark_node_free(doc);
	cmark_parser_free(p);
	strbuf_free(&md);

	struct html_ctx hc = { a, d, src, first_line, section };
	html_parse_fragment(&hc, html, strlen(html), parent);
	free(html);

	struct fix f = { a, text, len, 0, first_line };
	fix_tree(&f, parent);
}

int markdown_slide(struct arena *a, struct diag *d, const struct diag_file *src,
		   const struct slide *s, struct dom_node *section,
		   struct dom_node *content)
{
	render(a, d, src, s->text, s->len, s->first_line, section, content);
	return 0;
}

int markdown_fragment(struct arena *a, struct diag *d, const struct diag_file *src,
		      const char *text, size_t len, unsigned first_line,
		      struct dom_node *parent)
{
	render(a, d, src, text, len, first_line, NULL, parent);
	return 0;
}
