/*
 * test_text.c — fonts as Chrome picks them (families that do not exist are
 * skipped, emoji families kept away from digits, the strut's font) and line
 * breaks between ASCII characters as Chrome's table has them (text.c).
 *
 * SPDX-License-Identifier: MIT
 */
#include "harness.h"

#include "css/css.h"
#include "base/diag.h"
#include "text/text.h"

#include <stdlib.h>

static struct computed_style style_with(const char *families)
{
	struct computed_style s;
	css_style_initial(&s);
	s.font_family = families;
	s.font_size = 42;
	return s;
}

static void test_families(void)
{
	struct computed_style s = style_with("Ubuntu Mono");
	PangoFontDescription *fd = text_font_description(&s);
	STR_EQ(pango_font_description_get_family(fd), "Times New Roman",
	       "a list with no existing family falls back to Chrome's standard font");
	pango_font_description_free(fd);

	s = style_with("-apple-system, Helvetica, sans-serif, Apple Color Emoji, Segoe UI Emoji");
	fd = text_font_description(&s);
	STR_EQ(pango_font_description_get_family(fd), "-apple-system,Helvetica,sans-serif",
	       "emoji families are dropped, aliased system names kept");
	pango_font_description_free(fd);

	s = style_with("NoSuchFontAnywhere, lato");
	fd = text_font_description(&s);
	STR_EQ(pango_font_description_get_family(fd), "lato", "unknown family skipped");
	pango_font_description_free(fd);

	/* digits of a HedgeDoc-stack text come from the text font */
	s = style_with("-apple-system, Helvetica, Apple Color Emoji");
	PangoLayout *pl = pango_layout_new(text_context());
	fd = text_font_description(&s);
	pango_layout_set_font_description(pl, fd);
	pango_layout_set_text(pl, "2024", -1);
	PangoLayoutLine *line = pango_layout_get_line_readonly(pl, 0);
	PangoGlyphItem *gi = line->runs->data;
	PangoFontDescription *used = pango_font_describe(gi->item->analysis.font);
	STR_EQ(pango_font_description_get_family(used), "Liberation Sans", "digits in the text font");
	pango_font_description_free(used);
	pango_font_description_free(fd);
	g_object_unref(pl);

	double a, d;
	s = style_with("-apple-system, Helvetica, Apple Color Emoji");
	text_font_metrics(&s, &a, &d);
	/* Liberation Sans: ascent 0.905 em, descent 0.212 em */
	FLT_EQ(a, 42 * 0.905, 0.6, "strut ascent from the first available font");
	FLT_EQ(d, 42 * 0.212, 0.6, "strut descent from the first available font");
}

/* Whether Pango breaks text[0..1] | text[1..] once the hint is applied. */
static int breaks_between(char a, char b)
{
	char s[8];
	int n = 0;
	s[n++] = a;
	switch (text_ascii_break_fix((unsigned char)a, (unsigned char)b)) {
	case 1: memcpy(s + n, "\xe2\x80\x8b", 3); n += 3; break;
	case 2: memcpy(s + n, "\xe2\x81\xa0", 3); n += 3; break;
	}
	s[n++] = b;
	int chars = (int)g_utf8_strlen(s, n);   /* log attrs are per character */
	PangoLogAttr la[8];
	pango_get_log_attrs(s, n, -1, pango_language_from_string("en"), la, chars + 1);
	for (int i = 1; i < chars; i++)
		if (la[i].is_line_break)
			return 1;
	return 0;
}

static void test_ascii_breaks(void)
{
	INT_EQ(breaks_between('-', '2'), 1, "after '-' before a digit (2024-01-|24)");
	INT_EQ(breaks_between('-', 'b'), 1, "after '-' before a letter");
	INT_EQ(breaks_between('/', 'a'), 0, "never after '/' (paths, URLs)");
	INT_EQ(breaks_between('a', 'b'), 0, "not inside a word");
	INT_EQ(breaks_between('.', '1'), 0, "not after '.' before a digit");
	INT_EQ(breaks_between(')', '('), 1, "after ')' before '('");
	INT_EQ(breaks_between('?', 'x'), 1, "after '?' before a letter");
	INT_EQ(breaks_between(',', 'a'), 0, "not after ',' without a space");
	INT_EQ(text_ascii_break_fix(' ', 'a'), 0, "spaces are Pango's business");
	INT_EQ(text_ascii_break_fix(0xc3, 'a'), 0, "non-ASCII is Pango's business");
}

int main(void)
{
	struct diag d;
	diag_init(&d, stderr);
	const char *dir = getenv("SCS_SOURCE_DIR");
	if (text_init(text_find_data_dir(dir), &d) < 0) {
		fprintf(stderr, "cannot load the bundled fonts\n");
		return 1;
	}
	test_families();
	test_ascii_breaks();
	text_shutdown();
	return done_testing();
}
