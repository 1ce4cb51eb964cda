/*
 * xss.c — js-xss 1.0.15 filterXSS with HedgeDoc's options (see xss.h).
 *
 * The pieces follow js-xss: parseTag (lib/parser.js) cuts the input into
 * text and "tags"; a tag on the whitelist is rebuilt from getAttrs and
 * parseAttr with HedgeDoc's onTagAttr/onIgnoreTagAttr (render.js) and
 * js-xss's safeAttrValue (lib/default.js); any other tag, and all text,
 * goes through HedgeDoc's escapeHtml, which escapes `<` and `>` but keeps
 * comments. Everything the filter treats specially is ASCII, so it works
 * on bytes; "white space" is ASCII white space.
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/xss.h"
#include "markdown/html.h"
#include "base/util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool js_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* _.trim on s[*a..*b) */
static void trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && js_space(s[*a]))
		(*a)++;
	while (*b > *a && js_space(s[*b - 1]))
		(*b)--;
}

/* HedgeDoc's escapeHtml (keepComments): `<` unless it starts `<!--`, and
 * `>` unless it ends `-->`, are escaped. */
static void keep_comments(struct strbuf *out, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		if (s[i] == '<' && !(n - i >= 4 && !memcmp(s + i + 1, "!--", 3)))
			rep = "&lt;";
		else if (s[i] == '>' && !(i >= 2 && s[i - 1] == '-' && s[i - 2] == '-'))
			rep = "&gt;";
		if (!rep)
			continue;
		strbuf_append(out, s + from, i - from);
		strbuf_puts(out, rep);
		from = i + 1;
	}
	strbuf_append(out, s + from, n - from);
}

/* js-xss escapeAttrValue: `"` `<` `>` escaped. */
static void escape_attr(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '"': strbuf_puts(out, "&quot;"); break;
		case '<': strbuf_puts(out, "&lt;"); break;
		case '>': strbuf_puts(out, "&gt;"); break;
		default: strbuf_append(out, s + i, 1);
		}
	}
}

static bool prefix_ci(const char *s, size_t n, const char *p)
{
	size_t l = strlen(p);
	return n >= l && !strncasecmp(s, p, l);
}

/* render.js linkRegex */
static bool link_re(const char *v, size_t n)
{
	static const char *const schemes[] = {
		"bitcoin:", "ftp:", "ftps:", "geo:", "im:", "irc:", "ircs:", "magnet:",
		"mailto:", "matrix:", "mms:", "news:", "nntp:", "openpgp4fpr:", "sftp:",
		"sip:", "sms:", "smsto:", "ssh:", "tel:", "urn:", "webcal:", "wtai:", "xmpp:"
	};
	if (n && strchr("?#./", v[0]))
		return true;
	if (prefix_ci(v, n, "http://") || prefix_ci(v, n, "https://"))
		return true;
	if (prefix_ci(v, n, "web+")) {
		size_t i = 4;
		while (i < n && ((v[i] | 32) >= 'a' && (v[i] | 32) <= 'z'))
			i++;
		return i > 4 && i < n && v[i] == ':';
	}
	for (size_t i = 0; i < ARRAY_LEN(schemes); i++)
		if (prefix_ci(v, n, schemes[i]))
			return true;
	return false;
}

static bool alnum_ci(char c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* render.js dataUriRegex:
 * ^\s*data:([a-z]+\/[a-z0-9-+.]+(;[a-z-]+=[a-z0-9-]+)?)?(;base64)?,
 * ([a-z0-9!$&',()*+;=\-._~:@/?%\s]*)\s*$  (case-insensitive) */
static bool data_uri_re(const char *v, size_t n)
{
	size_t i = 0;
	while (i < n && js_space(v[i]))
		i++;
	if (!prefix_ci(v + i, n - i, "data:"))
		return false;
	i += 5;
	size_t t = i;
	while (t < n && (v[t] | 32) >= 'a' && (v[t] | 32) <= 'z')
		t++;
	if (t > i && t < n && v[t] == '/') {
		size_t s = t + 1;
		while (s < n && (alnum_ci(v[s]) || v[s] == '-' || v[s] == '+' || v[s] == '.'))
			s++;
		if (s > t + 1) {
			i = s;
			/* (;[a-z-]+=[a-z0-9-]+)? */
			if (i < n && v[i] == ';' && !prefix_ci(v + i, n - i, ";base64")) {
				size_t k = i + 1, k0 = k;
				while (k < n && (((v[k] | 32) >= 'a' && (v[k] | 32) <= 'z') || v[k] == '-'))
					k++;
				if (k > k0 && k < n && v[k] == '=') {
					size_t m = ++k;
					while (k < n && (alnum_ci(v[k]) || v[k] == '-'))
						k++;
					if (k > m)
						i = k;
				}
			}
		}
	}
	if (prefix_ci(v + i, n - i, ";base64"))
		i += 7;
	if (i >= n || v[i] != ',')
		return false;
	for (i++; i < n; i++)
		if (!alnum_ci(v[i]) && !js_space(v[i]) && !strchr("!$&',()*+;=-._~:@/?%", v[i]))
			return false;
	return true;
}

static void put_utf8(struct strbuf *b, unsigned long cp)
{
	char u[4];
	size_t k;
	if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		k = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		k = 2;
	} else {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		k = 3;
	}
	strbuf_append(b, u, k);
}

/* js-xss friendlyAttrValue: &quot; → ", &#N; / &#xN; → the UTF-16 unit,
 * &colon; → :, &newline; → space, control characters → space, trimmed. */
static void friendly_attr(struct strbuf *b, const char *v, size_t n)
{
	struct strbuf t;
	strbuf_init(&t, 0);
	for (size_t i = 0; i < n;) {
		if (v[i] == '&' && prefix_ci(v + i, n - i, "&quot;")) {
			strbuf_puts(&t, "\"");
			i += 6;
		} else if (v[i] == '&' && i + 1 < n && v[i + 1] == '#') {
			size_t k = i + 2;
			while (k < n && alnum_ci(v[k]))
				k++;
			unsigned long cp = 0;
			bool hex = k > i + 2 && (v[i + 2] | 32) == 'x';
			for (size_t d = i + 2 + hex; d < k; d++) {
				int x = v[d] >= '0' && v[d] <= '9' ? v[d] - '0'
					: hex && (v[d] | 32) >= 'a' && (v[d] | 32) <= 'f' ? (v[d] | 32) - 'a' + 10 : -1;
				if (x < 0)
					break;
				cp = (cp * (hex ? 16 : 10) + (unsigned long)x) & 0xFFFFFF;
			}
			put_utf8(&t, cp & 0xFFFF);
			i = k < n && v[k] == ';' ? k + 1 : k;
		} else {
			strbuf_append(&t, v + i, 1);
			i++;
		}
	}
	const char *s = t.s ? t.s : "";
	size_t len = t.len;
	struct strbuf u;
	strbuf_init(&u, 0);
	for (size_t i = 0; i < len;) {
		if (prefix_ci(s + i, len - i, "&colon")) {
			strbuf_puts(&u, ":");
			i += 6 + (i + 6 < len && s[i + 6] == ';');
		} else if (prefix_ci(s + i, len - i, "&newline")) {
			strbuf_puts(&u, " ");
			i += 8 + (i + 8 < len && s[i + 8] == ';');
		} else {
			strbuf_append(&u, (unsigned char)s[i] < 32 ? " " : s + i, 1);
			i++;
		}
	}
	size_t a = 0, z = u.len;
	trim(u.s ? u.s : "", &a, &z);
	strbuf_append(b, u.s ? u.s + a : "", z - a);
	strbuf_free(&t);
	strbuf_free(&u);
}

/* js-xss safeAttrValue for a whitelisted attribute (HedgeDoc whitelists
 * no style or background attribute), escaped; empty: drop the value. */
static void safe_attr_value(struct strbuf *out, const char *name, const char *v, size_t n)
{
	struct strbuf f;
	strbuf_init(&f, 0);
	friendly_attr(&f, v, n);
	const char *s = f.s ? f.s : "";
	size_t a = 0, z = f.len;
	if (!strcmp(name, "href") || !strcmp(name, "src")) {
		trim(s, &a, &z);
		s += a;
		z -= a;
		bool ok = (z == 1 && s[0] == '#') || !strncmp(s, "http://", 7) ||
			  !strncmp(s, "https://", 8) || !strncmp(s, "mailto:", 7) ||
			  !strncmp(s, "tel:", 4) || !strncmp(s, "data:image/", 11) ||
			  !strncmp(s, "ftp://", 6) || !strncmp(s, "./", 2) ||
			  !strncmp(s, "../", 3) || (z && (s[0] == '#' || s[0] == '/'));
		if (!ok)
			z = 0;
	}
	escape_attr(out, s, z);
	strbuf_free(&f);
}

/* HedgeDoc's onTagAttr, then js-xss's white-attribute handling, then
 * HedgeDoc's onIgnoreTagAttr, for one attribute of a whitelisted tag. */
static void on_attr(struct strbuf *attrs, const char *tag, const char *white,
		    const char *rawname, size_t nl, const char *v, size_t vl)
{
	/* addAttr: trimmed, characters outside [a-zA-Z0-9\_:.-] removed,
	 * lower case */
	size_t a = 0, z = nl;
	trim(rawname, &a, &z);
	char name[64];
	size_t k = 0;
	for (size_t i = a; i < z; i++) {
		char c = rawname[i];
		if (!(alnum_ci(c) || strchr("\\_:.-", c)))
			continue;
		if (k + 1 >= sizeof name)
			return;   /* longer than any name that matters: dropped */
		name[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	name[k] = '\0';
	if (!k)
		return;
	bool is_white = false;
	for (const char *p = strstr(white, name); p; p = strstr(p + 1, name))
		if (p[-1] == ' ' && p[k] == ' ')
			is_white = true;
	size_t mark = attrs->len;
	if (attrs->len)
		strbuf_puts(attrs, " ");
	if (is_white && (!strcmp(name, "href") || !strcmp(name, "src")) && link_re(v, vl)) {
		strbuf_printf(attrs, "%s=\"", name);
		escape_attr(attrs, v, vl);
		strbuf_puts(attrs, "\"");
	} else if (is_white && !strcmp(tag, "img") && !strcmp(name, "src") && data_uri_re(v, vl)) {
		strbuf_puts(attrs, "src=\"");
		escape_attr(attrs, v, vl);
		strbuf_puts(attrs, "\"");
	} else if (is_white && !strcmp(name, "src") && vl && !strchr(":?#/ \t\n\r\f\v", v[0]) &&
		   !memchr(v, ':', vl)) {
		/* as the references: a bare relative picture path is kept,
		 * made ./-relative, where HedgeDoc blanks it */
		strbuf_puts(attrs, "src=\"./");
		escape_attr(attrs, v, vl);
		strbuf_puts(attrs, "\"");
	} else if (is_white) {
		struct strbuf sv;
		strbuf_init(&sv, 0);
		safe_attr_value(&sv, name, v, vl);
		if (sv.len)
			strbuf_printf(attrs, "%s=\"%s\"", name, sv.s);
		else
			strbuf_puts(attrs, name);
		strbuf_free(&sv);
	} else if (!strncmp(name, "data-", 5) || !strcmp(name, "id") || !strcmp(name, "class") ||
		   !strcmp(name, "style")) {
		strbuf_printf(attrs, "%s=\"", name);
		escape_attr(attrs, v, vl);
		strbuf_puts(attrs, "\"");
	} else {
		attrs->len = mark;   /* dropped */
		if (attrs->s)
			attrs->s[mark] = '\0';
	}
}

static void on_attr_strip(struct strbuf *attrs, const char *tag, const char *white,
			  const char *name, size_t nl, const char *v, size_t vl)
{
	/* stripQuoteWrap */
	if (vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0]) {
		v++;
		vl -= 2;
	}
	on_attr(attrs, tag, white, name, nl, v, vl);
}

/* js-xss parseAttr over h[0..n) (h is modified: white space → ' ' once
 * the scan meets the first white space, as the original does). */
static void parse_attr(struct strbuf *attrs, const char *tag, const char *white, char *h, size_t n)
{
	size_t last = 0;
	long mark = -1;
	bool have_name = false;
	size_t name0 = 0, name1 = 0;
	bool flattened = false;
	for (size_t i = 0; i < n; i++) {
		char c = h[i];
		if (!have_name && c == '=') {
			have_name = true;
			name0 = last, name1 = i;
			last = i + 1;
			if (last < n && (h[last] == '"' || h[last] == '\'')) {
				mark = (long)last;
			} else {
				mark = -1;
				for (size_t k = i + 1; k < n; k++) {
					if (h[k] == ' ')
						continue;
					if (h[k] == '"' || h[k] == '\'')
						mark = (long)k;
					break;
				}
			}
			continue;
		}
		if (have_name && (long)i == mark) {
			const char *q = memchr(h + i + 1, c, n - i - 1);
			if (!q)
				break;
			size_t j = (size_t)(q - h), a = (size_t)mark + 1, z = j;
			trim(h, &a, &z);
			on_attr(attrs, tag, white, h + name0, name1 - name0, h + a, z - a);
			have_name = false;
			i = j;
			last = i + 1;
			continue;
		}
		if (js_space(c)) {
			if (!flattened) {
				for (size_t k = 0; k < n; k++)
					if (js_space(h[k]))
						h[k] = ' ';
				flattened = true;
			}
			if (!have_name) {
				size_t j = i;
				while (j < n && h[j] == ' ')
					j++;
				if (j >= n)
					break;   /* findNextEqual ran off the end: i = NaN */
				if (h[j] != '=') {
					size_t a = last, z = i;
					trim(h, &a, &z);
					on_attr(attrs, tag, white, h + a, z - a, "", 0);
					last = i + 1;
				} else {
					i = j - 1;
				}
			} else {
				long j = (long)i - 1;
				while (j > 0 && h[j] == ' ')
					j--;
				if (j > 0 && h[j] != '=') {
					size_t a = last, z = i;
					trim(h, &a, &z);
					on_attr_strip(attrs, tag, white, h + name0, name1 - name0, h + a, z - a);
					have_name = false;
					last = i + 1;
				}
			}
		}
	}
	if (last < n) {
		if (!have_name) {
			on_attr(attrs, tag, white, h + last, n - last, "", 0);
		} else {
			size_t a = last, z = n;
			trim(h, &a, &z);
			on_attr_strip(attrs, tag, white, h + name0, name1 - name0, h + a, z - a);
		}
	}
}

/* js-xss getTagName of the tag text t[0..n) (lower case, no '/'). */
static size_t tag_name(const char *t, size_t n, char *buf, size_t cap)
{
	size_t sp = 0;
	while (sp < n && !js_space(t[sp]))
		sp++;
	size_t a = 1, z = sp < n ? sp + 1 : (n ? n - 1 : 0);
	if (z < a)
		z = a;
	trim(t, &a, &z);
	if (a < z && t[a] == '/')
		a++;
	if (z > a && t[z - 1] == '/')
		z--;
	if (z - a >= cap)
		return (size_t)-1;
	for (size_t i = a; i < z; i++)
		buf[i - a] = (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
	buf[z - a] = '\0';
	return z - a;
}

/* process()'s onTag for the tag text t[0..n). */
static void on_tag(struct strbuf *out, const char *t, size_t n)
{
	char tag[32];
	const char *white = tag_name(t, n, tag, sizeof tag) != (size_t)-1 ?
			    html_allowed_attrs(tag) : NULL;
	if (!white) {
		keep_comments(out, t, n);
		return;
	}
	if (n >= 2 && t[1] == '/') {
		strbuf_printf(out, "</%s>", tag);
		return;
	}
	/* getAttrs */
	size_t sp = 0;
	while (sp < n && !js_space(t[sp]))
		sp++;
	bool closing;
	struct strbuf attrs;
	strbuf_init(&attrs, 0);
	if (sp == n) {
		closing = n >= 2 && t[n - 2] == '/';
	} else {
		size_t a = sp + 1, z = n ? n - 1 : 0;
		if (z < a)
			z = a;
		trim(t, &a, &z);
		closing = z > a && t[z - 1] == '/';
		if (closing) {
			z--;
			trim(t, &a, &z);
		}
		char *h = xmalloc(z - a + 1);
		memcpy(h, t + a, z - a);
		parse_attr(&attrs, tag, white, h, z - a);
		free(h);
	}
	strbuf_printf(out, "<%s", tag);
	size_t a = 0, z = attrs.len;
	trim(attrs.s ? attrs.s : "", &a, &z);
	if (z > a) {
		strbuf_puts(out, " ");
		strbuf_append(out, attrs.s + a, z - a);
	}
	strbuf_puts(out, closing ? " />" : ">");
	strbuf_free(&attrs);
}

/* exported function documented in xss.h */
void xss_filter(const char *s, size_t len, struct strbuf *out)
{
	size_t last = 0, tag_start = 0;
	bool in_tag = false;
	char quote = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!in_tag) {
			if (c == '<') {
				in_tag = true;
				tag_start = i;
			}
			continue;
		}
		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '<') {
			keep_comments(out, s + last, i - last);
			tag_start = last = i;
			continue;
		}
		if (c == '>' || i == len - 1) {
			keep_comments(out, s + last, tag_start - last);
			on_tag(out, s + tag_start, i + 1 - tag_start);
			last = i + 1;
			in_tag = false;
			continue;
		}
		if (c == '"' || c == '\'') {
			/* a quote opens a value when '=' comes before it, white
			 * space between */
			size_t k = i;
			while (k > 0 && js_space(s[k - 1]))
				k--;
			if (k > 0 && s[k - 1] == '=')
				quote = c;
		}
	}
	if (last < len)
		keep_comments(out, s + last, len - last);
}
