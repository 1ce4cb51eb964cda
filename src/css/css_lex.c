/*
 * css_lex.c — the CSS tokenizer (CSS Syntax 3 §4), over raw bytes.
 *
 * The input is not preprocessed (§3.3) so that every token keeps its byte
 * offset into the sheet, which is how warnings point into the deck. The
 * preprocessing is folded in instead: CR, CRLF and FF count as newlines, NUL
 * and bytes of invalid UTF-8 are name code points that decode to U+FFFD.
 * Every loop advances at least one byte, so any input terminates in linear
 * time; bracket matching uses an explicit stack, never recursion.
 *
 * SPDX-License-Identifier: MIT
 */
#include "css/css_internal.h"
#include "base/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- code point classes (§4.2) ------------------------------------------- */

static bool is_nl(unsigned char c)
{
	return c == '\n' || c == '\r' || c == '\f';
}

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || is_nl(c);
}

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hex_val(unsigned char c)
{
	if (is_digit(c))
		return c - '0';
	return (c | 0x20) - 'a' + 10;
}

/* Name-start: a letter, '_', non-ASCII, or NUL (U+FFFD after §3.3). */
static bool is_name_start(unsigned char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c >= 0x80 || c == 0;
}

static bool is_name(unsigned char c)
{
	return is_name_start(c) || is_digit(c) || c == '-';
}

struct lexer {
	const unsigned char *s;
	size_t n, i;
};

static unsigned char at(const struct lexer *x, size_t k)
{
	return x->i + k < x->n ? x->s[x->i + k] : 0;
}

static bool has(const struct lexer *x, size_t k)
{
	return x->i + k < x->n;
}

/* §4.3.8: two code points are a valid escape. At EOF the second is EOF,
 * which is not a newline, so "\" at the end is valid (it decodes to U+FFFD). */
static bool valid_escape_at(const struct lexer *x, size_t k)
{
	return has(x, k) && at(x, k) == '\\' && !(has(x, k + 1) && is_nl(at(x, k + 1)));
}

/* §4.3.9: would three code points starting at k start an ident sequence? */
static bool starts_ident_at(const struct lexer *x, size_t k)
{
	if (!has(x, k))
		return false;
	unsigned char c = at(x, k);
	if (c == '-') {
		if (!has(x, k + 1))
			return false;
		unsigned char d = at(x, k + 1);
		return is_name_start(d) || d == '-' || valid_escape_at(x, k + 1);
	}
	if (c == '\\')
		return valid_escape_at(x, k);
	return is_name_start(c);
}

/* §4.3.10: would three code points starting at k start a number? */
static bool starts_number_at(const struct lexer *x, size_t k)
{
	if (!has(x, k))
		return false;
	unsigned char c = at(x, k);
	if (c == '+' || c == '-') {
		if (has(x, k + 1) && is_digit(at(x, k + 1)))
			return true;
		return has(x, k + 2) && at(x, k + 1) == '.' && is_digit(at(x, k + 2));
	}
	if (c == '.')
		return has(x, k + 1) && is_digit(at(x, k + 1));
	return is_digit(c);
}

/* §4.3.7 consume an escaped code point (after the backslash): hex digits
 * and one optional white space, or any single code point. Only the extent
 * matters here; decoding happens in css_tok_value(). */
static void skip_escape(struct lexer *x)
{
	if (!has(x, 0))
		return;
	if (is_hex(at(x, 0))) {
		int k = 0;
		while (k < 6 && has(x, 0) && is_hex(at(x, 0))) {
			x->i++;
			k++;
		}
		if (has(x, 0) && at(x, 0) == '\r' && at(x, 1) == '\n')
			x->i += 2;
		else if (has(x, 0) && is_ws(at(x, 0)))
			x->i++;
		return;
	}
	x->i++;
}

/* §4.3.11 consume an ident sequence; sets *esc when decoding is needed. */
static void skip_name(struct lexer *x, bool *esc)
{
	while (has(x, 0)) {
		unsigned char c = at(x, 0);
		if (is_name(c)) {
			if (c >= 0x80 || c == 0)
				*esc = true;
			x->i++;
		} else if (valid_escape_at(x, 0)) {
			*esc = true;
			x->i++;
			skip_escape(x);
		} else {
			break;
		}
	}
}

/* §4.3.12 consume a number, computing its value without strtod() (the
 * locale's decimal point must not matter). */
static double lex_number(struct lexer *x, bool *is_int)
{
	double sign = 1, ip = 0, fp = 0, fd = 1;
	long ex = 0;
	int esign = 1;
	*is_int = true;
	if (at(x, 0) == '+' || at(x, 0) == '-') {
		if (at(x, 0) == '-')
			sign = -1;
		x->i++;
	}
	while (has(x, 0) && is_digit(at(x, 0)))
		ip = ip * 10 + (at(x, 0) - '0'), x->i++;
	if (has(x, 1) && at(x, 0) == '.' && is_digit(at(x, 1))) {
		*is_int = false;
		x->i++;
		while (has(x, 0) && is_digit(at(x, 0))) {
			fd *= 10;
			if (fd < 1e30)
				fp = fp * 10 + (at(x, 0) - '0');
			else
				fd /= 10;
			x->i++;
		}
	}
	unsigned char e = at(x, 0);
	if (has(x, 1) && (e == 'e' || e == 'E')) {
		size_t k = 1;
		if (at(x, 1) == '+' || at(x, 1) == '-')
			k = 2;
		if (has(x, k) && is_digit(at(x, k))) {
			*is_int = false;
			if (at(x, 1) == '-')
				esign = -1;
			x->i += k;
			while (has(x, 0) && is_digit(at(x, 0))) {
				if (ex < 100000)
					ex = ex * 10 + (at(x, 0) - '0');
				x->i++;
			}
		}
	}
	double v = sign * (ip + fp / fd);
	if (ex)
		v *= pow(10.0, (double)(esign * (ex > 400 ? 400 : ex)));
	return v;
}

/* §4.3.14 consume the remnants of a bad url. */
static void skip_bad_url(struct lexer *x)
{
	while (has(x, 0)) {
		if (at(x, 0) == ')') {
			x->i++;
			return;
		}
		if (valid_escape_at(x, 0)) {
			x->i++;
			skip_escape(x);
		} else {
			x->i++;
		}
	}
}

/* §4.3.6 consume a url token (after "url("); returns T_URL or T_BAD_URL. */
static int lex_url(struct lexer *x, bool *esc)
{
	while (has(x, 0) && is_ws(at(x, 0)))
		x->i++;
	while (has(x, 0)) {
		unsigned char c = at(x, 0);
		if (c == ')') {
			x->i++;
			return T_URL;
		}
		if (is_ws(c)) {
			while (has(x, 0) && is_ws(at(x, 0)))
				x->i++;
			if (!has(x, 0))
				return T_URL;
			if (at(x, 0) == ')') {
				x->i++;
				return T_URL;
			}
			skip_bad_url(x);
			return T_BAD_URL;
		}
		if (c == '"' || c == '\'' || c == '(' || c == 0x7f ||
		    (c < 0x20 && c != '\t' && c != 0)) {
			skip_bad_url(x);
			return T_BAD_URL;
		}
		if (c == '\\') {
			if (valid_escape_at(x, 0)) {
				*esc = true;
				x->i++;
				skip_escape(x);
				continue;
			}
			skip_bad_url(x);
			return T_BAD_URL;
		}
		if (c >= 0x80 || c == 0)
			*esc = true;
		x->i++;
	}
	return T_URL;   /* EOF: parse error, but still a url */
}

/* §4.3.5 consume a string token (after the opening quote). */
static int lex_string(struct lexer *x, unsigned char q, bool *esc)
{
	while (has(x, 0)) {
		unsigned char c = at(x, 0);
		if (c == q) {
			x->i++;
			return T_STRING;
		}
		if (is_nl(c))
			return T_BAD_STRING;  /* the newline is not consumed */
		if (c == '\\') {
			*esc = true;
			x->i++;
			if (!has(x, 0))
				return T_STRING;
			if (at(x, 0) == '\r' && at(x, 1) == '\n')
				x->i += 2;
			else if (is_nl(at(x, 0)))
				x->i++;
			else
				skip_escape(x);
			continue;
		}
		if (c >= 0x80 || c == 0)
			*esc = true;
		x->i++;
	}
	return T_STRING;
}

/* §4.3.4 consume an ident-like token: ident, function, url or bad url. */
static int lex_ident_like(struct lexer *x, bool *esc)
{
	size_t start = x->i;
	skip_name(x, esc);
	if (!has(x, 0) || at(x, 0) != '(')
		return T_IDENT;
	bool is_url = false;
	if (!*esc && x->i - start == 3) {
		const unsigned char *p = x->s + start;
		is_url = (p[0] | 0x20) == 'u' && (p[1] | 0x20) == 'r' && (p[2] | 0x20) == 'l';
	} else if (*esc) {
		/* u\72l( is url( too: decode the name to check. */
		char buf[32];
		size_t n = 0;
		/* a cheap decode: only plain escapes of "url" letters matter */
		struct lexer y = { x->s, x->i, start };
		while (y.i < x->i && n < sizeof buf) {
			if (y.s[y.i] == '\\' && y.i + 1 < x->i) {
				y.i++;
				unsigned cp = 0;
				if (is_hex(y.s[y.i])) {
					int k = 0;
					while (k < 6 && y.i < x->i && is_hex(y.s[y.i]))
						cp = cp * 16 + (unsigned)hex_val(y.s[y.i++]), k++;
					if (y.i < x->i && is_ws(y.s[y.i]))
						y.i++;
				} else {
					cp = y.s[y.i++];
				}
				buf[n++] = cp < 0x80 ? (char)cp : '?';
			} else {
				buf[n++] = (char)y.s[y.i++];
			}
		}
		is_url = y.i == x->i && css_ieq(buf, n, "url");
	}
	x->i++;  /* '(' */
	if (!is_url)
		return T_FUNCTION;
	/* url( followed by an optional space and a quote is a function */
	size_t k = 0;
	while (has(x, k) && is_ws(at(x, k)))
		k++;
	if (has(x, k) && (at(x, k) == '"' || at(x, k) == '\''))
		return T_FUNCTION;
	return lex_url(x, esc);
}

/* Skip comments (§4.3.2); an unterminated one runs to the end. */
static void skip_comments(struct lexer *x)
{
	while (has(x, 1) && at(x, 0) == '/' && at(x, 1) == '*') {
		size_t i = x->i + 2;
		while (i + 1 < x->n && !(x->s[i] == '*' && x->s[i + 1] == '/'))
			i++;
		x->i = i + 1 < x->n ? i + 2 : x->n;
	}
}

/* §4.3.1 consume a token. */
static void lex_one(struct lexer *x, struct css_token *t)
{
	skip_comments(x);
	memset(t, 0, sizeof *t);
	t->off = (uint32_t)x->i;
	if (!has(x, 0)) {
		t->type = T_EOF;
		return;
	}
	bool esc = false;
	unsigned char c = at(x, 0);
	if (is_ws(c)) {
		while (has(x, 0) && is_ws(at(x, 0)))
			x->i++;
		t->type = T_WS;
	} else if (c == '"' || c == '\'') {
		x->i++;
		t->type = (uint8_t)lex_string(x, c, &esc);
	} else if (c == '#') {
		if (has(x, 1) && (is_name(at(x, 1)) || valid_escape_at(x, 1))) {
			x->i++;
			if (starts_ident_at(x, 0))
				t->flags |= TF_ID;
			skip_name(x, &esc);
			t->type = T_HASH;
		} else {
			x->i++;
			t->type = T_DELIM;
		}
	} else if (c == '(' || c == ')' || c == '[' || c == ']' || c == '{' ||
		   c == '}' || c == ',' || c == ':' || c == ';') {
		static const char chars[] = "()[]{},:;";
		static const uint8_t types[] = { T_LPAREN, T_RPAREN, T_LBRACKET,
						 T_RBRACKET, T_LBRACE, T_RBRACE,
						 T_COMMA, T_COLON, T_SEMI };
		t->type = types[strchr(chars, c) - chars];
		x->i++;
	} else if (starts_number_at(x, 0)) {
		bool is_int;
		double v = lex_number(x, &is_int);
		if (!isfinite(v) || v > 3.0e38)
			v = v < 0 ? -3.0e38 : 3.0e38;
		else if (v < -3.0e38)
			v = -3.0e38;
		t->num = (float)v;
		if (is_int)
			t->flags |= TF_INT;
		if (starts_ident_at(x, 0)) {
			t->aux = (uint32_t)(x->i - t->off);
			skip_name(x, &esc);
			t->type = T_DIMENSION;
		} else if (has(x, 0) && at(x, 0) == '%') {
			x->i++;
			t->type = T_PERCENT;
		} else {
			t->type = T_NUMBER;
		}
	} else if (c == '-' && has(x, 2) && at(x, 1) == '-' && at(x, 2) == '>') {
		x->i += 3;
		t->type = T_CDC;
	} else if (c == '<' && has(x, 3) && at(x, 1) == '!' && at(x, 2) == '-' &&
		   at(x, 3) == '-') {
		x->i += 4;
		t->type = T_CDO;
	} else if (c == '@' && starts_ident_at(x, 1)) {
		x->i++;
		skip_name(x, &esc);
		t->type = T_AT;
	} else if (starts_ident_at(x, 0)) {
		t->type = (uint8_t)lex_ident_like(x, &esc);
	} else {
		/* a delimiter; a whole UTF-8 sequence stays one token */
		x->i++;
		if (c >= 0xc0)
			while (has(x, 0) && (at(x, 0) & 0xc0) == 0x80)
				x->i++;
		t->type = T_DELIM;
	}
	if (esc)
		t->flags |= TF_ESC;
	t->len = (uint32_t)(x->i - t->off);
}

void css_lex(const char *s, size_t len, struct css_lexed *out)
{
	struct lexer x = { (const unsigned char *)s, len, 0 };
	/* most tokens are a few bytes long: start with len/4 */
	size_t cap = len / 4 + 16, n = 0;
	struct css_token *t = xmalloc(cap * sizeof *t);
	for (;;) {
		if (n == cap) {
			cap *= 2;
			t = xrealloc(t, cap * sizeof *t);
		}
		lex_one(&x, &t[n]);
		if (t[n++].type == T_EOF)
			break;
	}
	/* Match brackets (§5.4.8 consume a simple block / function): a closer
	 * of the wrong kind is an ordinary token inside the open block. */
	uint32_t *stack = xmalloc(64 * sizeof *stack);
	size_t depth = 0, scap = 64;
	for (size_t i = 0; i < n; i++) {
		uint8_t ty = t[i].type;
		if (ty == T_LPAREN || ty == T_FUNCTION || ty == T_LBRACKET || ty == T_LBRACE) {
			if (depth == scap) {
				scap *= 2;
				stack = xrealloc(stack, scap * sizeof *stack);
			}
			stack[depth++] = (uint32_t)i;
			t[i].aux = (uint32_t)(n - 1);
		} else if (depth && (ty == T_RPAREN || ty == T_RBRACKET || ty == T_RBRACE)) {
			uint8_t open = t[stack[depth - 1]].type;
			bool match = (ty == T_RPAREN && (open == T_LPAREN || open == T_FUNCTION)) ||
				     (ty == T_RBRACKET && open == T_LBRACKET) ||
				     (ty == T_RBRACE && open == T_LBRACE);
			if (match)
				t[stack[--depth]].aux = (uint32_t)i;
		}
	}
	free(stack);
	out->src = s;
	out->len = len;
	out->t = t;
	out->n = (uint32_t)n;
}

void css_lex_free(struct css_lexed *l)
{
	free(l->t);
	l->t = NULL;
	l->n = 0;
}

/* ---- decoding values ----------------------------------------------------- */

/* Append code point cp as UTF-8 (§4.3.7: 0, surrogates and > U+10FFFF
 * become U+FFFD). */
static size_t put_utf8(char *o, unsigned long cp)
{
	if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = 0xfffd;
	return (size_t)utf8_encode(o, (uint32_t)cp);
}

/* Length of a valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	size_t k;
	unsigned long cp;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		k = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		k = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		k = 4, cp = c & 0x07;
	else
		return 0;
	if (k > n)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (k == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return k;
}

/* Decode raw bytes [p, end) of a name, string body or url value: escapes,
 * string line continuations, NUL and invalid UTF-8. The output is never
 * longer than 3 bytes per input byte. */
static size_t decode(const unsigned char *p, const unsigned char *end, char *o)
{
	size_t k = 0;
	while (p < end) {
		unsigned char c = *p;
		if (c == '\\') {
			p++;
			if (p == end) {
				k += put_utf8(o + k, 0xfffd);
				break;
			}
			if (*p == '\r' && p + 1 < end && p[1] == '\n') {
				p += 2;     /* line continuation in a string */
				continue;
			}
			if (is_nl(*p)) {
				p++;
				continue;
			}
			if (is_hex(*p)) {
				unsigned long cp = 0;
				int n = 0;
				while (n < 6 && p < end && is_hex(*p))
					cp = cp * 16 + (unsigned long)hex_val(*p++), n++;
				if (p < end && *p == '\r' && p + 1 < end && p[1] == '\n')
					p += 2;
				else if (p < end && is_ws(*p))
					p++;
				k += put_utf8(o + k, cp);
				continue;
			}
			/* any other code point stands for itself */
			size_t q = utf8_seq(p, (size_t)(end - p));
			if (q == 0) {
				k += put_utf8(o + k, 0xfffd);
				p++;
			} else {
				memcpy(o + k, p, q);
				k += q;
				p += q;
			}
			continue;
		}
		if (c == 0) {
			k += put_utf8(o + k, 0xfffd);
			p++;
			continue;
		}
		size_t q = utf8_seq(p, (size_t)(end - p));
		if (q == 0) {
			k += put_utf8(o + k, 0xfffd);
			p++;
		} else {
			memcpy(o + k, p, q);
			k += q;
			p += q;
		}
	}
	return k;
}

const char *css_tok_value(const struct css_lexed *l, const struct css_token *t,
			  struct arena *tmp, size_t *len)
{
	const unsigned char *s = (const unsigned char *)l->src + t->off;
	const unsigned char *end = s + t->len;
	switch (t->type) {
	case T_IDENT:
		break;
	case T_FUNCTION:
		end--;                       /* '(' */
		break;
	case T_AT: case T_HASH:
		s++;
		break;
	case T_STRING: case T_BAD_STRING: {
		unsigned char q = *s++;
		if (t->type == T_STRING && end > s && end[-1] == q) {
			/* the closing quote, unless it is escaped at EOF */
			size_t bs = 0;
			for (const unsigned char *b = end - 2; b >= s && *b == '\\'; b--)
				bs++;
			if (bs % 2 == 0)
				end--;
		}
		break;
	}
	case T_URL: case T_BAD_URL: {
		/* skip the name and '(' then white space; trim the end */
		while (s < end && *s != '(')
			s++;
		if (s < end)
			s++;
		while (s < end && is_ws(*s))
			s++;
		if (end > s && end[-1] == ')') {
			size_t bs = 0;
			for (const unsigned char *b = end - 2; b >= s && *b == '\\'; b--)
				bs++;
			if (bs % 2 == 0)
				end--;
		}
		while (end > s && is_ws(end[-1]) &&
		       !(end - 1 > s && end[-2] == '\\'))
			end--;
		break;
	}
	case T_DIMENSION:
		s += t->aux;
		break;
	default:
		*len = t->len;
		return (const char *)s;
	}
	if (!(t->flags & TF_ESC)) {
		*len = (size_t)(end - s);
		return (const char *)s;
	}
	char *o = arena_alloc(tmp, (size_t)(end - s) * 3 + 1);
	*len = decode(s, end, o);
	o[*len] = '\0';
	return o;
}

bool css_ieq(const char *s, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!word[i])
			return false;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c | 0x20);
		if (c != (unsigned char)word[i])
			return false;
	}
	return word[n] == '\0';
}
