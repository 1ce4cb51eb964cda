/*
 * mdurl.c — markdown-it's normalizeLink / normalizeLinkText (see mdurl.h):
 * punycode.js 2 (RFC 3492 with IDNA's "xn--" labels), the host as
 * mdurl.parse finds it, mdurl.decode.
 *
 * SPDX-License-Identifier: MIT
 */
#include "markdown/mdurl.h"
#include "base/util.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* ---- punycode (RFC 3492 §5, §6) ----------------------------------------- */

enum { BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72,
       INITIAL_N = 128 };
#define PUNY_MAX 0x7FFFFFFFu

static uint32_t adapt(uint32_t delta, uint32_t points, bool first)
{
	uint32_t k = 0;
	delta = first ? delta / DAMP : delta >> 1;
	delta += delta / points;
	for (; delta > ((BASE - TMIN) * TMAX) >> 1; k += BASE)
		delta /= BASE - TMIN;
	return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

static uint32_t threshold(uint32_t k, uint32_t bias)
{
	return k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
}

/* decode(s[0..n)) as UTF-8 into out; false on invalid input */
static bool puny_decode(const char *s, size_t n, GString *out)
{
	GArray *cp = g_array_new(FALSE, FALSE, sizeof(gunichar));
	size_t basic = 0;
	for (size_t j = 0; j < n; j++)
		if (s[j] == '-')
			basic = j;
	bool ok = true;
	for (size_t j = 0; j < basic; j++) {
		if ((unsigned char)s[j] >= 0x80)
			ok = false;
		gunichar c = (unsigned char)s[j];
		g_array_append_val(cp, c);
	}
	uint32_t cpn = INITIAL_N, i = 0, bias = INITIAL_BIAS;
	for (size_t idx = basic ? basic + 1 : 0; ok && idx < n;) {
		uint32_t oldi = i, w = 1;
		for (uint32_t k = BASE;; k += BASE) {
			if (idx >= n) {
				ok = false;
				break;
			}
			char c = s[idx++];
			uint32_t digit = c >= '0' && c <= '9' ? (uint32_t)(26 + c - '0')
				       : c >= 'A' && c <= 'Z' ? (uint32_t)(c - 'A')
				       : c >= 'a' && c <= 'z' ? (uint32_t)(c - 'a') : BASE;
			if (digit >= BASE || digit > (PUNY_MAX - i) / w) {
				ok = false;
				break;
			}
			i += digit * w;
			uint32_t t = threshold(k, bias);
			if (digit < t)
				break;
			if (w > PUNY_MAX / (BASE - t)) {
				ok = false;
				break;
			}
			w *= BASE - t;
		}
		if (!ok)
			break;
		uint32_t outn = cp->len + 1;
		bias = adapt(i - oldi, outn, oldi == 0);
		if (i / outn > PUNY_MAX - cpn || cpn + i / outn > 0x10FFFF) {
			ok = false;
			break;
		}
		cpn += i / outn;
		i %= outn;
		gunichar c = cpn;
		g_array_insert_val(cp, i, c);
		i++;
	}
	for (guint k = 0; ok && k < cp->len; k++)
		g_string_append_unichar(out, g_array_index(cp, gunichar, k));
	g_array_free(cp, TRUE);
	return ok;
}

/* encode(the UTF-8 label s[0..n)) appended to out */
static bool puny_encode(const char *s, size_t n, GString *out)
{
	glong len = 0;
	gunichar *cp = g_utf8_to_ucs4(s, (glong)n, NULL, &len, NULL);
	if (!cp)
		return false;
	uint32_t basic = 0;
	for (glong k = 0; k < len; k++)
		if (cp[k] < 0x80) {
			g_string_append_c(out, (char)cp[k]);
			basic++;
		}
	if (basic)
		g_string_append_c(out, '-');
	uint32_t cpn = INITIAL_N, delta = 0, bias = INITIAL_BIAS, handled = basic;
	bool ok = true;
	while (ok && handled < (uint32_t)len) {
		uint32_t m = PUNY_MAX;
		for (glong k = 0; k < len; k++)
			if (cp[k] >= cpn && cp[k] < m)
				m = cp[k];
		if (m - cpn > (PUNY_MAX - delta) / (handled + 1)) {
			ok = false;
			break;
		}
		delta += (m - cpn) * (handled + 1);
		cpn = m;
		for (glong k = 0; k < len; k++) {
			if (cp[k] < cpn && ++delta > PUNY_MAX) {
				ok = false;
				break;
			}
			if (cp[k] != cpn)
				continue;
			uint32_t q = delta;
			for (uint32_t b = BASE;; b += BASE) {
				uint32_t t = threshold(b, bias);
				if (q < t)
					break;
				uint32_t d = t + (q - t) % (BASE - t);
				g_string_append_c(out, (char)(d < 26 ? 'a' + d : '0' + d - 26));
				q = (q - t) / (BASE - t);
			}
			g_string_append_c(out, (char)(q < 26 ? 'a' + q : '0' + q - 26));
			bias = adapt(delta, handled + 1, handled == basic);
			delta = 0;
			handled++;
		}
		delta++;
		cpn++;
	}
	g_free(cp);
	return ok;
}

/* ---- the host, as mdurl.parse finds it ------------------------------------ */

/* The hostname of url that normalizeLink recodes (scheme http:, https:,
 * mailto: or none, then the host after any `//` and `user@`, up to the
 * first non-host character, without a :port), as [*a, *b). */
static bool host_span(const char *u, size_t *a, size_t *b)
{
	size_t n = strlen(u), i = 0;
	while (i < n && (g_ascii_isalnum(u[i]) || u[i] == '.' || u[i] == '+' || u[i] == '-'))
		i++;
	bool proto = i > 0 && i < n && u[i] == ':';
	size_t rest = proto ? i + 1 : 0;
	if (proto && g_ascii_strncasecmp(u, "http:", 5) && g_ascii_strncasecmp(u, "https:", 6) &&
	    g_ascii_strncasecmp(u, "mailto:", 7))
		return false;
	bool slashes = n - rest >= 2 && u[rest] == '/' && u[rest + 1] == '/';
	bool slashed = proto && g_ascii_strncasecmp(u, "mailto:", 7);
	if (slashes)
		rest += 2;
	else if (!proto || slashed)
		return false;
	size_t end = rest + strcspn(u + rest, "/?#");
	for (size_t k = end; k-- > rest;)
		if (u[k] == '@') {
			rest = k + 1;
			break;
		}
	end = rest + strcspn(u + rest, " \t\r\n<>`\"{}|\\^'%/?;#");
	if (end > rest && u[end - 1] == ':')
		end--;
	size_t p = end;
	while (p > rest && g_ascii_isdigit(u[p - 1]))
		p--;
	if (p > rest && u[p - 1] == ':')
		end = p - 1;
	*a = rest;
	*b = end;
	return end > rest;
}

/* url with its host's labels recoded (to_unicode: punycode.toUnicode,
 * else toASCII); NULL when a label fails (the host stays) or nothing
 * changes. */
static char *recode_host(const char *url, bool to_unicode)
{
	size_t a, b;
	if (!host_span(url, &a, &b))
		return NULL;
	GString *out = g_string_new_len(url, (gssize)a);
	bool ok = true, changed = false;
	for (size_t l = a; ok && l <= b;) {
		size_t e = l;
		while (e < b && url[e] != '.')
			e++;
		bool ascii = true;
		for (size_t k = l; k < e; k++)
			ascii &= (unsigned char)url[k] < 0x80;
		if (to_unicode && e - l >= 4 && !strncmp(url + l, "xn--", 4)) {
			char *low = g_ascii_strdown(url + l + 4, (gssize)(e - l - 4));
			ok = puny_decode(low, strlen(low), out);
			g_free(low);
			changed = true;
		} else if (!to_unicode && !ascii) {
			g_string_append(out, "xn--");
			ok = puny_encode(url + l, e - l, out);
			changed = true;
		} else {
			g_string_append_len(out, url + l, (gssize)(e - l));
		}
		if (e < b)
			g_string_append_c(out, '.');
		l = e + 1;
	}
	if (!ok || !changed) {
		g_string_free(out, TRUE);
		return NULL;
	}
	g_string_append(out, url + b);
	return g_string_free(out, FALSE);
}

/* exported function documented in mdurl.h */
char *mdurl_link(const char *url)
{
	return recode_host(url, false);
}

static int hexval(char c)
{
	return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1;
}

/* mdurl.decode(s, ";/?:@&=+$,#%"): %XX runs that spell UTF-8 characters
 * become them; an excluded ASCII character stays encoded (in upper case). */
static void url_decode(const char *s, GString *out)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		int h, l;
		if (s[i] != '%' || i + 2 >= n || (h = hexval(s[i + 1])) < 0 ||
		    (l = hexval(s[i + 2])) < 0) {
			g_string_append_c(out, s[i++]);
			continue;
		}
		unsigned b1 = (unsigned)(h << 4 | l);
		if (b1 < 0x80) {
			if (strchr(";/?:@&=+$,#%", (int)b1))
				g_string_append_printf(out, "%%%02X", b1);
			else
				g_string_append_c(out, (char)b1);
			i += 3;
			continue;
		}
		/* the bytes of one character: the lead byte says how many */
		int need = (b1 & 0xE0) == 0xC0 ? 1 : (b1 & 0xF0) == 0xE0 ? 2 : (b1 & 0xF8) == 0xF0 ? 3 : -1;
		unsigned char buf[4] = { (unsigned char)b1 };
		bool ok = need > 0;
		for (int k = 1; ok && k <= need; k++) {
			size_t p = i + 3 * (size_t)k;
			ok = p + 2 < n && s[p] == '%' && (h = hexval(s[p + 1])) >= 0 &&
			     (l = hexval(s[p + 2])) >= 0 && ((h << 4 | l) & 0xC0) == 0x80;
			if (ok)
				buf[k] = (unsigned char)(h << 4 | l);
		}
		if (ok && g_utf8_validate((const char *)buf, need + 1, NULL)) {
			g_string_append_len(out, (const char *)buf, need + 1);
			i += 3 * (size_t)(need + 1);
		} else {
			g_string_append(out, "\xef\xbf\xbd");
			i += 3;
		}
	}
}

/* exported function documented in mdurl.h */
char *mdurl_link_text(const char *url)
{
	char *u = recode_host(url, true);
	GString *out = g_string_new(NULL);
	url_decode(u ? u : url, out);
	g_free(u);
	return g_string_free(out, FALSE);
}
