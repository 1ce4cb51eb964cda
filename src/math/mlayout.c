/*
 * mlayout.c — a math list to boxes by The TeXbook's Appendix G, as MathJax
 * 2.7 (HTML-CSS output) applies it: its TeX font parameters (the fontdimens
 * of cmsy10/cmex10: num1…, sup1…, big_op_spacing…), Latin Modern Math's
 * glyphs, their size variants and assemblies, and the font's MATH
 * constants for radicals, accents and display operators. Lengths are in px.
 *
 * SPDX-License-Identifier: MIT
 */
#include "math/math.h"
#include "math/mfont.h"
#include "math/mlist.h"
#include "base/scs_limits.h"
#include "base/util.h"
#include "text/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* MathJax 2.7's TeX parameters (em), from Computer Modern's fontdimens. */
#define TX_XHEIGHT 0.430554
#define TX_NUM1 0.676508
#define TX_NUM2 0.393732
#define TX_NUM3 0.44373
#define TX_DENOM1 0.685951
#define TX_DENOM2 0.344841
#define TX_SUP1 0.412892
#define TX_SUP2 0.362892
#define TX_SUP3 0.288888
#define TX_SUB1 0.15
#define TX_SUB2 0.247217
#define TX_SUP_DROP 0.386108
#define TX_SUB_DROP 0.05
#define TX_DELIM1 2.39
#define TX_AXIS 0.25
#define TX_RULE 0.06
#define TX_BIGOP1 0.111111
#define TX_BIGOP2 0.166666
#define TX_BIGOP3 0.2
#define TX_BIGOP4 0.6
#define TX_BIGOP5 0.1
/* MathJax's scriptspace is .1em, applied at three quarters (its
 * msubsup: "FIXME: .75 can be removed when IC is right") */
#define TX_SCRIPTSPACE 0.075
#define TX_NULLDELIM 0.12
/* MathJax's min_rule_thickness, px: the least clearance it leaves */
#define MJ_MIN_RULE 1.25

enum { BX_H, BX_GLYPH, BX_RULE, BX_TEXT };

struct kid {
	struct mbox *b;
	double x, y;                   /* origin; y down */
};

struct mbox {
	int kind;
	double w, h, d;
	struct kid *kids;
	int nk, ck;
	uint32_t gid, cp;
	double size;
	struct css_color color;
	double ic;                     /* italic correction of a character nucleus */
	double accent;                 /* its top accent attachment (<0: centre) */
	bool is_char;
	bool join;                     /* a glyph in the word of the one before */
	const char *tag;               /* an array row's \tag, anchored at its baseline */
	const char *utf8;              /* BX_TEXT: characters set by the text stage */
};

struct lc {
	struct arena *a;
	double px;
	struct css_color color;
	int depth;
	double sfac[4];
};

/* ---- boxes --------------------------------------------------------------------- */

static struct mbox *box(struct lc *l)
{
	struct mbox *b = arena_alloc(l->a, sizeof *b);
	b->kind = BX_H;
	b->accent = -1;
	return b;
}

static void put(struct lc *l, struct mbox *p, struct mbox *k, double x, double y)
{
	if (!k)
		return;
	if (p->nk == p->ck) {
		int nc = p->ck ? 2 * p->ck : 4;
		struct kid *nk = arena_alloc(l->a, (size_t)nc * sizeof *nk);
		if (p->nk)
			memcpy(nk, p->kids, (size_t)p->nk * sizeof *nk);
		p->kids = nk;
		p->ck = nc;
	}
	p->kids[p->nk++] = (struct kid){ k, x, y };
}

/* Append k to the horizontal list p, shifted down by y. */
static void hput(struct lc *l, struct mbox *p, struct mbox *k, double y)
{
	if (!k)
		return;
	put(l, p, k, p->w, y);
	p->w += k->w;
	p->h = fmax(p->h, k->h - y);
	p->d = fmax(p->d, k->d + y);
}

static void hkern(struct mbox *p, double w)
{
	p->w += w;
}

/* The plain character a styled one stands for (MathJax writes the letter
 * and picks the font): Unicode's mathematical alphanumerics folded. */
static uint32_t plain(uint32_t cp)
{
	static const struct { uint32_t from; char to; } holes[] = {
		{ 0x2102, 'C' }, { 0x210A, 'g' }, { 0x210B, 'H' }, { 0x210C, 'H' },
		{ 0x210D, 'H' }, { 0x210E, 'h' }, { 0x2110, 'I' }, { 0x2111, 'I' },
		{ 0x2112, 'L' }, { 0x2115, 'N' }, { 0x2119, 'P' }, { 0x211A, 'Q' },
		{ 0x211B, 'R' }, { 0x211C, 'R' }, { 0x211D, 'R' }, { 0x2124, 'Z' },
		{ 0x2128, 'Z' }, { 0x212C, 'B' }, { 0x212D, 'C' }, { 0x212F, 'e' },
		{ 0x2130, 'E' }, { 0x2131, 'F' }, { 0x2133, 'M' }, { 0x2134, 'o' },
	};
	if (cp >= 0x1D400 && cp < 0x1D6A4) {
		uint32_t o = (cp - 0x1D400) % 52;
		return o < 26 ? 'A' + o : 'a' + o - 26;
	}
	if (cp >= 0x1D6A8 && cp < 0x1D7CA) {
		uint32_t o = (cp - 0x1D6A8) % 58;
		if (o < 25)
			return 0x391 + o;
		if (o == 25)
			return 0x2207;
		if (o < 51)
			return 0x3B1 + o - 26;
		static const uint32_t var[] = { 0x2202, 0x3F5, 0x3D1, 0x3F0, 0x3D5, 0x3F1, 0x3D6 };
		return var[o - 51];
	}
	if (cp >= 0x1D7CE && cp <= 0x1D7FF)
		return '0' + (cp - 0x1D7CE) % 10;
	for (size_t i = 0; i < ARRAY_LEN(holes); i++)
		if (holes[i].from == cp)
			return (uint32_t)holes[i].to;
	return cp;
}

static struct mbox *glyph_box(struct lc *l, uint32_t gid, double em, struct css_color c)
{
	struct mfont_metrics m;
	mfont_metrics(gid, &m);
	struct mbox *b = box(l);
	b->kind = BX_GLYPH;
	b->gid = gid;
	b->size = em;
	b->color = c;
	b->w = m.adv * em;
	b->h = m.h * em;
	b->d = m.d * em;
	/* MathJax's italic correction is the ink beyond the advance (its
	 * fonts' right bearing less the width), not TeX's \/ kern: the
	 * font's table would widen b, c, k, p… that overhang nothing */
	b->ic = fmax(0, m.x1 - m.adv) * em;
	/* where an accent attaches: the font's point, else the ink's middle
	 * (combining marks are drawn left of their zero-width origin) */
	b->accent = (m.accent > 0 && m.accent != m.adv / 2 ? m.accent : (m.x0 + m.x1) / 2) * em;
	b->is_char = true;
	return b;
}

/* A box holding only k, shifted down by y (its dimensions follow). */
static struct mbox *shifted(struct lc *l, struct mbox *k, double y)
{
	struct mbox *b = box(l);
	hput(l, b, k, y);
	return b;
}

/* Glyph box b in a box w em wide with its ink's middle at mid em: a
 * character in MathJax's own font's advance (Latin Modern's differs). */
static struct mbox *mj_width(struct lc *l, struct mbox *b, double w, double mid, double em)
{
	struct mfont_metrics fm;
	mfont_metrics(b->gid, &fm);
	struct mbox *r = shifted(l, b, 0);
	r->kids[0].x = (mid - (fm.x0 + fm.x1) / 2) * em;
	r->w = w * em;
	r->is_char = true;
	r->accent = r->kids[0].x + b->accent;
	return r;
}

static struct mbox *char_box(struct lc *l, uint32_t cp, double em, struct css_color c)
{
	uint32_t g = mfont_glyph(cp);
	if (!g && cp >= 0x1D400)
		g = mfont_glyph('?');
	if (!g) {
		/* a character the font lacks: an empty space of half an em */
		struct mbox *b = box(l);
		b->w = 0.5 * em;
		return b;
	}
	struct mbox *b = glyph_box(l, g, em, c);
	b->cp = plain(cp);
	uint32_t p = b->cp;
	if (cp == '_') {
		/* MathJax_Main's low line is half an em wide, Latin Modern's
		 * a third */
		return mj_width(l, b, 0.5, 0.25, em);
	}
	bool bbcap = (cp >= 0x1D538 && cp <= 0x1D551) || cp == 0x2102 || cp == 0x210D ||
		     cp == 0x2115 || cp == 0x2119 || cp == 0x211A || cp == 0x211D || cp == 0x2124;
	if (bbcap && p >= 'A' && p <= 'Z') {
		/* \mathbb capitals: MathJax sets them in its AMS font (msbm10's
		 * metrics), wider than Latin Modern's; the glyph is centred on
		 * that font's ink middle */
		static const short bb[26][3] = {
			{ 722, 17, 703 }, { 667, 11, 620 }, { 722, 39, 684 }, { 722, 16, 688 },
			{ 667, 12, 640 }, { 611, 12, 584 }, { 778, 39, 749 }, { 778, 14, 762 },
			{ 389, 20, 369 }, { 500, 6, 478 }, { 778, 22, 768 }, { 667, 12, 640 },
			{ 944, 17, 926 }, { 722, 20, 702 }, { 778, 34, 742 }, { 611, 16, 597 },
			{ 778, 34, 742 }, { 722, 16, 705 }, { 556, 28, 528 }, { 667, 33, 635 },
			{ 722, 16, 709 }, { 722, 0, 719 }, { 1000, 5, 994 }, { 722, 16, 705 },
			{ 722, 16, 704 }, { 667, 29, 635 },
		};
		const short *m = bb[p - 'A'];
		return mj_width(l, b, m[0] / 1000.0, (m[1] + m[2]) / 2000.0, em);
	}
	return b;
}

static struct mbox *rule_box(struct lc *l, double w, double h, double d,
			     struct css_color c)
{
	struct mbox *b = box(l);
	b->kind = BX_RULE;
	b->w = w;
	b->h = h;
	b->d = d;
	b->color = c;
	return b;
}

/* ---- styles -------------------------------------------------------------------- */

static double em_of(const struct lc *l, int style, const struct mnode *n)
{
	return l->px * l->sfac[style / 2] * (n ? n->scale : 1);
}

static int sup_style(int s) { return s < MS_S ? MS_S + (s & 1) : MS_SS + (s & 1); }
static int sub_style(int s) { return sup_style(s) | 1; }
static int num_style(int s) { return s < MS_T ? MS_T + (s & 1) : sup_style(s); }
static int den_style(int s) { return num_style(s) | 1; }
static int cramp(int s) { return s | 1; }

static struct css_color color_of(const struct lc *l, const struct mnode *n)
{
	return n && n->has_color ? n->color : l->color;
}

/* ---- delimiters and stretchy glyphs --------------------------------------------- */

/* Glyph gid stretched along one axis to at least size em-units×em: the
 * first variant that is long enough, else its assembly, else the longest. */
/* The character MathJax writes for a piece of an assembled delimiter cp:
 * role 0 bottom, 1 extender, 2 middle, 3 top (Unicode's bracket pieces). */
static uint32_t piece_text(uint32_t cp, int role)
{
	static const struct { uint32_t cp, piece[4]; } t[] = {
		{ '(', { 0x239D, 0x239C, 0x239C, 0x239B } },
		{ ')', { 0x23A0, 0x239F, 0x239F, 0x239E } },
		{ '[', { 0x23A3, 0x23A2, 0x23A2, 0x23A1 } },
		{ ']', { 0x23A6, 0x23A5, 0x23A5, 0x23A4 } },
		{ '{', { 0x23A9, 0x23AA, 0x23A8, 0x23A7 } },
		{ '}', { 0x23AD, 0x23AA, 0x23AC, 0x23AB } },
		{ 0x2308, { 0x23A2, 0x23A2, 0x23A2, 0x23A1 } },
		{ 0x2309, { 0x23A5, 0x23A5, 0x23A5, 0x23A4 } },
		{ 0x230A, { 0x23A3, 0x23A2, 0x23A2, 0x23A2 } },
		{ 0x230B, { 0x23A6, 0x23A5, 0x23A5, 0x23A5 } },
		{ '|', { 0x2223, 0x2223, 0x2223, 0x2223 } },
		{ 0x2223, { 0x2223, 0x2223, 0x2223, 0x2223 } },
		{ 0x2016, { 0x2225, 0x2225, 0x2225, 0x2225 } },
		{ 0x221A, { 0x23B7, 0x20D2, 0x20D2, 0x250C } },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (t[i].cp == cp)
			return t[i].piece[role];
	return role == 0 ? cp : 0;
}

/* How MathJax assembles the vertical delimiter cp, from its TeX fonts'
 * pieces (em, height plus depth): the largest single glyph, then top,
 * middle, bottom and extender. NULL: not a delimiter it assembles. */
struct mj_delim {
	uint32_t cp;
	double max_single, top, mid, bot, ext;
};

static const struct mj_delim *mj_delim(uint32_t cp)
{
	static const struct mj_delim t[] = {
		{ '(', 3.0, 1.809, 0, 1.809, 0.62 },     { ')', 3.0, 1.809, 0, 1.809, 0.62 },
		{ '[', 3.0, 1.799, 0, 1.799, 0.602 },    { ']', 3.0, 1.799, 0, 1.799, 0.602 },
		{ '{', 3.0, 0.909, 1.82, 0.909, 0.32 },  { '}', 3.0, 0.909, 1.82, 0.909, 0.32 },
		{ '|', 1.0, 0.999, 0, 0.999, 0.999 },    { 0x2223, 1.0, 0.999, 0, 0.999, 0.999 },
		{ 0x2016, 1.0, 1.0, 0, 1.0, 1.0 },       { 0x2225, 1.0, 1.0, 0, 1.0, 1.0 },
		{ 0x2308, 3.0, 1.799, 0, 0.602, 0.602 }, { 0x2309, 3.0, 1.799, 0, 0.602, 0.602 },
		{ 0x230A, 3.0, 0.602, 0, 1.799, 0.602 }, { 0x230B, 3.0, 0.602, 0, 1.799, 0.602 },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (t[i].cp == cp)
			return &t[i];
	return NULL;
}

/* The number of extenders MathJax repeats on each side of the middle (or
 * in all) to make delimiter d size em tall: extendDelimiterV's rule. */
static int mj_extenders(const struct mj_delim *d, double size)
{
	double h = d->top + d->mid + d->bot;
	if (size <= h)
		return 0;
	int k = d->mid > 0 ? 2 : 1;
	double n = ceil((size - h) / (k * (d->ext - 0.05)));
	return n > 1000 ? 1000 : (int)n;       /* its maxStretchyParts */
}

/* The delimiters MathJax has in its five sizes, with its Size4 glyph's
 * width and ink left and right (1/1000 em). */
struct mj_size4 {
	uint32_t cp;
	short w, l, r;
};

static const struct mj_size4 *mj_size4(uint32_t cp)
{
	static const struct mj_size4 t[] = {
		{ '(', 792, 237, 758 },     { ')', 792, 33, 554 },      { '[', 583, 269, 577 },
		{ ']', 583, 5, 313 },       { '{', 806, 144, 661 },     { '}', 806, 144, 661 },
		{ 0x221A, 1000, 111, 1020 }, { 0x2308, 639, 269, 633 }, { 0x2309, 639, 5, 369 },
		{ 0x230A, 639, 269, 633 },  { 0x230B, 639, 5, 369 },   { 0x27E8, 806, 140, 703 },
		{ 0x27E9, 806, 103, 665 },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (t[i].cp == cp)
			return &t[i];
	return NULL;
}

static bool is_bar(uint32_t cp)
{
	return cp == '|' || cp == 0x2223 || cp == 0x2016 || cp == 0x2225;
}

static struct mbox *stretch(struct lc *l, uint32_t gid, uint32_t cp, bool horiz, double size,
			    double accept, double em, struct css_color c)
{
	uint32_t v[32];
	int nv = mfont_variants(gid, horiz, v, 32);
	struct mfont_metrics m;
	const struct mj_delim *mj = horiz ? NULL : mj_delim(cp);
	/* MathJax assembles a bar taller than an em (its single | is no
	 * larger): as many pieces as it has, for the text */
	if (mj && is_bar(cp) && accept > (mj->max_single + 0.015) * em)
		nv = 1;
	const struct mj_size4 *s4 = horiz ? NULL : mj_size4(cp);
	for (int i = 0; i < nv; i++) {
		mfont_metrics(v[i], &m);
		double len = horiz ? m.adv : m.h + m.d;
		/* MathJax has these in five sizes (1, 1.2, 1.8, 2.4 and 3em,
		 * its Main and Size1-4 fonts), Latin Modern in eight: the
		 * sizes between are none of MathJax's */
		double nominal = len;
		if (s4) {
			static const double mjs[] = { 1.0, 1.2, 1.8, 2.4, 3.0 };
			nominal = 0;
			for (size_t k = 0; k < ARRAY_LEN(mjs); k++)
				if (fabs(len - mjs[k]) < 0.02)
					nominal = mjs[k];
			if (!nominal)
				continue;
		}
		/* Latin Modern rounds Computer Modern's sizes down a little
		 * (its 3em parenthesis is 2.99em) */
		if ((fmax(len, nominal) + 0.015) * em >= accept) {
			struct mbox *b = glyph_box(l, v[i], em, c);
			if (s4 && nominal == 3.0) {
				/* MathJax's Size4 glyph is narrower than Latin
				 * Modern's 3em one */
				uint32_t keep = plain(cp);
				b = mj_width(l, b, s4->w / 1000.0, (s4->l + s4->r) / 2000.0, em);
				b->kids[0].b->cp = keep;
				return b;
			}
			/* MathJax writes a grown | as its piece ∣ */
			b->cp = i > 0 && cp == '|' ? 0x2223 : plain(cp);
			return b;
		}
	}
	struct mfont_part parts[16];
	int np = mfont_assembly(gid, horiz, parts, 16);
	if (np <= 0 || size > 1e5) {
		struct mbox *b = glyph_box(l, nv ? v[nv - 1] : gid, em, c);
		b->cp = plain(cp);
		return b;
	}
	double ov = mfont_min_overlap(horiz) * em;
	/* how many times the extenders repeat */
	double fixed = 0, ext = 0;
	int next = 0, nfix = 0;
	for (int i = 0; i < np; i++) {
		if (parts[i].extender) {
			ext += parts[i].full * em;
			next++;
		} else {
			fixed += parts[i].full * em;
			nfix++;
		}
	}
	int rep = 0;
	for (; rep < 1000; rep++) {
		int count = nfix + rep * next;
		double total = fixed + rep * ext - (count - 1) * ov;
		if (total >= size || next == 0)
			break;
	}
	/* MathJax's count of extenders: where it has more than we need,
	 * ours are repeated to match (its text, their places), overlapping
	 * each other more; where fewer, its words are spread over ours */
	int want = mj ? mj_extenders(mj, size / em) : -1;
	bool raised = false;
	if (next > 0 && want > rep) {
		rep = want;
		raised = true;
	}
	int count = nfix + rep * next;
	double total = fixed + rep * ext;
	/* spread the overlap to hit size where the connectors allow it */
	double o = count > 1 ? (total - size) / (count - 1) : 0;
	if (o < ov)
		o = ov;
	double maxo = 1e9;
	for (int i = 0; i < np; i++) {
		double c1 = fmin(parts[i].start, parts[i].end) * em;
		if (c1 > 0 && c1 < maxo)
			maxo = c1;
	}
	/* joins of an extender with the next one, and the rest */
	int nee = rep > 1 ? next * (rep - 1) : 0, nfx = count - 1 - nee;
	double o_ee = o;
	if (raised && !is_bar(cp) && nee > 0) {
		/* the fixed pieces meet theirs at the least overlap, the
		 * extenders (straight) take up the rest among themselves */
		o = ov;
		o_ee = fmax(ov, (total - size - nfx * ov) / nee);
	} else if (o > maxo && !(raised && is_bar(cp))) {
		o = o_ee = fmax(maxo, ov);
	}
	struct mbox *b = box(l);
	double pos = 0;
	bool first = true;
	for (int i = 0; i < np; i++) {
		int times = parts[i].extender ? rep : 1;
		for (int t = 0; t < times; t++) {
			if (!first)
				pos -= t > 0 ? o_ee : o;
			first = false;
			struct mbox *g = glyph_box(l, parts[i].gid, em, c);
			int role = parts[i].extender ? 1 : i == 0 ? 0 : i == np - 1 ? 3 : 2;
			if (!horiz)
				g->cp = piece_text(cp, role);
			/* the extenders MathJax has, spread over ours */
			if (!horiz && role == 1 && want >= 0 && rep > 0 &&
			    (t + 1) * want / rep == t * want / rep)
				g->cp = 0;
			if (horiz) {
				put(l, b, g, pos, 0);
				b->h = fmax(b->h, g->h);
				b->d = fmax(b->d, g->d);
			} else {
				/* bottom to top: the part's bottom at pos above the base */
				put(l, b, g, 0, -(pos + g->d));
				b->w = fmax(b->w, g->w);
			}
			pos += parts[i].full * em;
		}
	}
	if (horiz) {
		b->w = pos;
	} else {
		b->h = pos;
		b->d = 0;
	}
	return b;
}

/* A delimiter cp of total height at least size, centred on the axis. */
static struct mbox *delim_box(struct lc *l, uint32_t cp, double size, double accept,
			      double em, struct css_color c)
{
	if (!cp) {
		/* \left. or \right.: MathJax's empty <mo> cannot stretch and
		 * has no glyph, so it takes no room (TeX's null delimiter
		 * space is only around fractions) */
		return box(l);
	}
	uint32_t g = mfont_glyph(cp);
	if (!g)
		return char_box(l, cp, em, c);
	struct mbox *s = stretch(l, g, cp, false, size, accept, em, c);
	double axis = TX_AXIS * em;
	double y = (s->h - s->d) / 2 - axis;
	return shifted(l, s, y);
}

/* ---- the list ------------------------------------------------------------------- */

static struct mbox *layout_list(struct lc *l, const struct mnode *n, int style);

/* The UTF-8 character at u[0..n): its length (1 at least), *cp its code. */
static int decode(const unsigned char *u, size_t n, uint32_t *cp)
{
	*cp = u[0];
	int len = *cp < 0x80 ? 1 : *cp < 0xE0 ? 2 : *cp < 0xF0 ? 3 : 4;
	if ((size_t)len > n)
		return 1;
	if (len > 1) {
		*cp &= 0x3F >> (len - 1);
		for (int k = 1; k < len; k++)
			*cp = (*cp << 6) | (u[k] & 0x3F);
	}
	return len;
}

/* Characters s[0..n) of no math font, set in MATH_TEXT_FAMILY at em px:
 * measured by the text stage, drawn by the renderer. */
static struct mbox *fallback_box(struct lc *l, const char *s, size_t n, double em,
				 struct css_color c)
{
	struct mbox *b = box(l);
	b->kind = BX_TEXT;
	/* (a broken sequence is shown as U+FFFD, as Pango wants UTF-8) */
	b->utf8 = g_utf8_validate(s, (gssize)n, NULL) ? arena_strndup(l->a, s, n) : "\xEF\xBF\xBD";
	b->size = em;
	b->color = c;
	PangoContext *ctx = text_context();
	if (!ctx)
		return b;
	PangoLayout *pl = pango_layout_new(ctx);
	PangoFontDescription *fd = pango_font_description_from_string(MATH_TEXT_FAMILY);
	pango_font_description_set_absolute_size(fd, em * PANGO_SCALE);
	pango_layout_set_font_description(pl, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(pl, b->utf8, -1);
	PangoRectangle ink, log;
	pango_layout_get_extents(pl, &ink, &log);
	double base = pango_layout_get_baseline(pl) / (double)PANGO_SCALE;
	b->w = log.width / (double)PANGO_SCALE;
	b->h = base - log.y / (double)PANGO_SCALE;
	b->d = (log.y + log.height) / (double)PANGO_SCALE - base;
	g_object_unref(pl);
	return b;
}

static struct mbox *text_box(struct lc *l, const char *s, size_t n, double em,
			     struct css_color c, bool bold)
{
	struct mbox *b = box(l);
	const unsigned char *u = (const unsigned char *)s;
	bool join = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = decode(u + i, n - i, &cp);
		i += (size_t)len;
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xA0) {
			hkern(b, 0.25 * em);     /* MathJax_Main's space */
			join = false;
			continue;
		}
		if (cp == '\\' && i < n && (u[i] == '{' || u[i] == '}' || u[i] == '$' ||
					    u[i] == '%' || u[i] == '&' || u[i] == '#' ||
					    u[i] == '_'))
			continue;
		if (bold && cp < 0x80 && ((cp | 32) >= 'a' && (cp | 32) <= 'z'))
			cp = cp >= 'a' ? 0x1D41A + (cp - 'a') : 0x1D400 + (cp - 'A');
		else if (bold && cp >= '0' && cp <= '9')
			cp = 0x1D7CE + (cp - '0');
		if (!mfont_glyph(cp) && cp >= 0x80 && plain(cp) == cp) {
			/* a run of characters the math font lacks */
			size_t start = i - (size_t)len, end = i;
			while (end < n && u[end] >= 0x80) {
				uint32_t c2;
				int l2 = decode(u + end, n - end, &c2);
				if (mfont_glyph(c2))
					break;
				end += (size_t)l2;
			}
			i = end;
			hput(l, b, fallback_box(l, s + start, end - start, em, c), 0);
			join = false;
			continue;
		}
		struct mbox *g = char_box(l, cp, em, c);
		g->join = join;
		join = true;
		hput(l, b, g, 0);
	}
	return b;
}

/* Rule 15: fractions (and \binom, \atop). */
static struct mbox *frac_box(struct lc *l, const struct mnode *n, int style)
{
	if (n->style >= 0)
		style = n->style | (style & 1);
	double em = em_of(l, style, n);
	struct css_color c = color_of(l, n);
	struct mbox *num = layout_list(l, n->a, num_style(style));
	struct mbox *den = layout_list(l, n->b, den_style(style));
	double t = n->dim < 0 ? TX_RULE * em : n->dim * em;
	double axis = TX_AXIS * em;
	bool disp = style < MS_T;
	double u, v;
	if (disp) {
		u = TX_NUM1 * em;
		v = TX_DENOM1 * em;
	} else {
		u = (t > 0 ? TX_NUM2 : TX_NUM3) * em;
		v = TX_DENOM2 * em;
	}
	/* the clearances are MathJax's (its mfrac), not TeX's 3θ and θ:
	 * θ and two pixels more in display style, θ otherwise, and half
	 * a θ and 1.5px at least; 2px at least for \atop */
	if (t == 0) {
		double phi = fmax((disp ? 7 : 3) * TX_RULE * em, 2 * MJ_MIN_RULE);
		double gap = (u - num->d) - (den->h - v);
		if (gap < phi) {
			u += (phi - gap) / 2;
			v += (phi - gap) / 2;
		}
	} else {
		double phi = fmax((disp ? 2 * MJ_MIN_RULE : 0) + t, t / 2 + 1.5 * MJ_MIN_RULE);
		double g1 = (u - num->d) - (axis + t / 2);
		if (g1 < phi)
			u += phi - g1;
		double g2 = (axis - t / 2) - (den->h - v);
		if (g2 < phi)
			v += phi - g2;
	}
	/* MathJax draws the rule a thickness wider than the parts on each side */
	double w = fmax(num->w, den->w) + 2 * t;
	struct mbox *f = box(l);
	put(l, f, num, (w - num->w) / 2, -u);
	put(l, f, den, (w - den->w) / 2, v);
	if (t > 0)
		put(l, f, rule_box(l, w, t / 2, t / 2, c), 0, -axis);
	f->w = w;
	f->h = fmax(u + num->h, t > 0 ? axis + t / 2 : 0);
	f->d = fmax(v + den->d, 0);
	/* null delimiters or the \binom parentheses around it: MathJax's
	 * \bigg in display style, \big otherwise (1.2em, its Size1) */
	struct mbox *out = box(l);
	double dsize = (disp ? TX_DELIM1 : 1.2) * em;
	if (n->cp) {
		hput(l, out, delim_box(l, n->cp, dsize, dsize, em, c), 0);
	} else {
		hkern(out, TX_NULLDELIM * em);
	}
	hput(l, out, f, 0);
	if (n->cp2)
		hput(l, out, delim_box(l, n->cp2, dsize, dsize, em, c), 0);
	else
		hkern(out, TX_NULLDELIM * em);
	return out;
}

/* The bar of a radical as MathJax's HTML-CSS output draws it outside
 * script styles when it is half an em long at least: its rule character
 * (MathJax_Main's minus, a .04em bar) stretched to w, a first and a last
 * minus and as many overlapping ones between as extendDelimiterH puts
 * there, or one en dash up to .51em; the bar's top at top. The bar is
 * drawn as one rule (overlapping glyphs would show their seams); the
 * characters are there as text only, each a word as in MathJax's, in a
 * colour of alpha 1/255 as the renderer's text layers are. */
static void mj_rule_chars(struct lc *l, struct mbox *r, double x0, double top, double w,
			  double em, struct css_color c)
{
	struct css_color ghost = c;
	ghost.a = 1;
	if (w <= 0.51 * em) {
		struct mbox *g = glyph_box(l, mfont_glyph(0x2013), em, ghost);
		g->cp = 0x2013;
		put(l, r, g, x0, -(top - 0.285 * em));
		put(l, r, rule_box(l, 0.5 * em, 0.037 * em, 0, c), x0, -top);
		return;
	}
	/* the minus' ink runs from .056 to .722 of its .778em */
	double lw = 0.056 * em, ink = 0.666 * em;
	double need = 2 * ink - 0.05 * em, x = ink - 0.025 * em;
	double at[MAX_MATH_RULE_CHARS];
	int n = 0;
	at[n++] = -lw;
	if (w > need) {
		double rw = ink - 0.05 * em;
		double k = ceil((w - need) / rw);
		int reps = k > MAX_MATH_RULE_CHARS - 2 ? MAX_MATH_RULE_CHARS - 2 : (int)k;
		rw = (w - need) / reps;
		double dx = reps / (reps + 1.0) * (ink - rw);
		rw = ink - dx;
		x -= lw + dx;
		for (int i = 0; i < reps; i++, x += rw)
			at[n++] = x;
	} else {
		x -= need - w;
	}
	at[n++] = x - lw;
	uint32_t gm = mfont_glyph(0x2212);
	for (int i = 0, kept = -1; i < n; i++) {
		/* a minus within .1em of the last one is left out of the text:
		 * poppler takes such a pair for one overprinted (fake bold)
		 * character and other readers do not, so they would disagree */
		if (kept >= 0 && fabs(at[i] - at[kept]) < 0.12 * em)
			continue;
		kept = i;
		struct mbox *g = glyph_box(l, gm, em, ghost);
		g->cp = 0x2212;
		put(l, r, g, x0 + at[i], -(top - 0.273 * em));
	}
	/* the minus' bar: .23 to .27em above its baseline */
	double right = at[n - 1] + lw + ink;
	put(l, r, rule_box(l, right, 0.04 * em, 0, c), x0, -(top - 0.003 * em));
}

/* Rule 11: radicals. */
static struct mbox *sqrt_box(struct lc *l, const struct mnode *n, int style)
{
	double em = em_of(l, style, n);
	struct css_color c = color_of(l, n);
	struct mbox *body = layout_list(l, n->a, cramp(style));
	/* rule 11 with MathJax's numbers: the rule as thick as a fraction's,
	 * a clearance of θ + x-height/4 in display style, θ + θ/4 otherwise
	 * (1.5px at least) */
	double t = TX_RULE * em;
	double gap = fmax(t + (style < MS_T ? TX_XHEIGHT * em : t) / 4, 1.5 * MJ_MIN_RULE);
	double extra = t;
	uint32_t g = mfont_glyph(0x221A);
	double need = body->h + body->d + gap + t;
	struct mbox *surd = stretch(l, g, 0x221A, false, need, need, em, c);
	double sh = surd->h + surd->d;
	/* a taller surd: MathJax's msqrt makes the clearance half of what
	 * it has over the radicand and the clearance (TeX adds the
	 * clearance to that half) */
	if (sh > need)
		gap = (sh - (need - t)) / 2;
	double top = body->h + gap + t;         /* the rule's top above the baseline */
	struct mbox *r = box(l);
	double x = 0;
	if (n->b) {
		struct mbox *idx = layout_list(l, n->b, MS_SS);
		double before = mfont_const(HB_OT_MATH_CONSTANT_RADICAL_KERN_BEFORE_DEGREE) * em;
		double after = mfont_const(HB_OT_MATH_CONSTANT_RADICAL_KERN_AFTER_DEGREE) * em;
		double raise = mfont_const(HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT);
		double bottom = top - sh;               /* surd bottom (up positive) */
		double y = -(bottom + raise * sh) - idx->d;
		put(l, r, idx, before, y + idx->d);
		r->h = fmax(r->h, -(y + idx->d) + idx->h);
		x = fmax(0, before + idx->w + after);
	}
	/* the surd, its top at `top` */
	put(l, r, surd, x, -(top - surd->h));
	x += surd->w;
	if (style < MS_S && body->w >= 0.5 * em)
		mj_rule_chars(l, r, x, top, body->w, em, c);
	else
		put(l, r, rule_box(l, body->w, t, 0, c), x, -top);
	put(l, r, body, x, 0);
	r->w = x + body->w;
	r->h = fmax(r->h, top + extra);
	r->d = fmax(body->d, sh - top);
	return r;
}

/* The skew of a math italic letter (em): MathJax_Math-italic's table,
 * cmmi's kerns with its skew character, which move an accent right. */
static double mj_skew(uint32_t cp)
{
	static const struct { uint16_t cp; short skew; } t[] = {
		{ 0x41, 139 }, { 0x42, 83 }, { 0x43, 83 }, { 0x44, 56 }, { 0x45, 83 }, { 0x46, 83 },
		{ 0x47, 83 }, { 0x48, 56 }, { 0x49, 111 }, { 0x4A, 167 }, { 0x4B, 56 }, { 0x4C, 28 },
		{ 0x4D, 83 }, { 0x4E, 83 }, { 0x4F, 83 }, { 0x50, 83 }, { 0x51, 83 }, { 0x52, 83 },
		{ 0x53, 83 }, { 0x54, 83 }, { 0x55, 28 }, { 0x58, 83 }, { 0x5A, 83 }, { 0x63, 56 },
		{ 0x64, 167 }, { 0x65, 56 }, { 0x66, 167 }, { 0x67, 28 }, { 0x68, -28 }, { 0x6C, 83 },
		{ 0x6F, 56 }, { 0x70, 83 }, { 0x71, 83 }, { 0x72, 56 }, { 0x73, 56 }, { 0x74, 83 },
		{ 0x75, 28 }, { 0x76, 28 }, { 0x77, 83 }, { 0x78, 28 }, { 0x79, 56 }, { 0x7A, 56 },
		{ 0x393, 83 }, { 0x394, 167 }, { 0x398, 83 }, { 0x39B, 167 }, { 0x39E, 83 },
		{ 0x3A0, 56 }, { 0x3A3, 83 }, { 0x3A5, 56 }, { 0x3A6, 83 }, { 0x3A8, 56 },
		{ 0x3A9, 83 }, { 0x3B1, 28 }, { 0x3B2, 83 }, { 0x3B4, 56 }, { 0x3B5, 83 },
		{ 0x3B6, 83 }, { 0x3B7, 56 }, { 0x3B8, 83 }, { 0x3B9, 56 }, { 0x3BC, 28 },
		{ 0x3BD, 28 }, { 0x3BE, 111 }, { 0x3BF, 56 }, { 0x3C1, 83 }, { 0x3C2, 83 },
		{ 0x3C4, 28 }, { 0x3C5, 28 }, { 0x3C6, 83 }, { 0x3C7, 56 }, { 0x3C8, 111 },
		{ 0x3D1, 83 }, { 0x3D5, 83 }, { 0x3F1, 83 }, { 0x3F5, 56 },
	};
	bool italic = (cp >= 0x1D434 && cp <= 0x1D467) || cp == 0x210E ||
		      (cp >= 0x1D6E2 && cp <= 0x1D71B);
	if (!italic)
		return 0;
	uint32_t p = plain(cp);
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (t[i].cp == p)
			return t[i].skew / 1000.0;
	return 0;
}

/* The spacing character MathJax writes for an accent (its text). */
static uint32_t accent_text(uint32_t cp, bool wide)
{
	static const uint32_t map[][3] = {
		{ 0x300, '`', '`' }, { 0x301, 0xB4, 0xB4 }, { 0x302, '^', 0x2C6 },
		{ 0x303, '~', 0x2DC }, { 0x304, 0xAF, 0xAF }, { 0x306, 0x2D8, 0x2D8 },
		{ 0x307, 0x2D9, 0x2D9 }, { 0x308, 0xA8, 0xA8 }, { 0x30A, 0x2DA, 0x2DA },
		{ 0x30C, 0x2C7, 0x2C7 },
	};
	for (size_t i = 0; i < ARRAY_LEN(map); i++)
		if (map[i][0] == cp)
			return map[i][wide ? 2 : 1];
	return 0;
}

static struct mbox *accent_box(struct lc *l, const struct mnode *n, int style)
{
	double em = em_of(l, style, n);
	struct css_color c = color_of(l, n);
	struct mbox *base = layout_list(l, n->a, cramp(style));
	uint32_t g = mfont_glyph(n->cp);
	if (!g)
		return base;
	struct mbox *acc;
	double aw = (n->cp == 0x20D7 ? 0.442 : 0.5) * em, mj_tall = -1;
	bool mover = !n->flag;
	if (n->flag && (n->cp == 0x302 || n->cp == 0x303)) {
		/* \widehat, \widetilde: MathJax's first size (its Main and
		 * Size1-4 fonts) whose reach covers the base, in the Latin
		 * Modern size of the closest ink width, set like \hat */
		static const short reach[2][5] = { { 517, 817, 1335, 1777, 1909 },
						   { 583, 805, 1330, 1773, 1887 } };
		static const short wide[5] = { 500, 556, 1000, 1444, 1889 };
		static const short ink[2][5] = { { 275, 572, 1009, 1451, 1916 },
						 { 333, 553, 999, 1441, 1884 } };
		int t = n->cp == 0x303, k = 0;
		while (k < 4 && reach[t][k] / 1000.0 * em < base->w - 0.01 * em)
			k++;
		uint32_t v[16];
		int nv = mfont_variants(g, true, v, 16);
		uint32_t pick = nv ? v[0] : g;
		double best = 1e9;
		for (int i = 0; i < nv; i++) {
			struct mfont_metrics m;
			mfont_metrics(v[i], &m);
			double d = fabs((m.x1 - m.x0) - ink[t][k] / 1000.0);
			if (d < best - 0.005) {        /* a tie: the narrower */
				best = d;
				pick = v[i];
			}
		}
		acc = glyph_box(l, pick, em, c);
		aw = wide[k] / 1000.0 * em;
		/* as tall as MathJax's glyph of that size */
		static const short tall[2][5] = { { 163, 193, 207, 208, 284 },
						  { 103, 125, 139, 139, 240 } };
		mj_tall = tall[t][k] / 1000.0 * em;
		mover = true;
	} else if (n->flag) {
		acc = stretch(l, g, 0, true, base->w, base->w, em, c);
	} else {
		acc = glyph_box(l, g, em, c);
	}
	{
		struct mbox *first = acc;
		while (first->kind == BX_H && first->nk > 0)
			first = first->kids[0].b;
		first->cp = accent_text(n->cp, n->flag);
	}
	double xh = mfont_const(HB_OT_MATH_CONSTANT_ACCENT_BASE_HEIGHT) * em;
	double delta = fmin(base->h, xh);
	double up = base->h - delta;
	struct mbox *r = box(l);
	if (!mover) {
		/* a wide accent: over the middle */
		if (acc->kind == BX_H)
			up = base->h + 0.1 * em;  /* an assembled accent sits just above */
		double ax = acc->kind == BX_H ? acc->w / 2 : acc->accent;
		/* a lone character's accent attachment, else the middle */
		const struct mbox *ch = base;
		while (ch->kind == BX_H && ch->nk == 1 && ch->kids[0].y == 0)
			ch = ch->kids[0].b;
		double bx = ch->kind == BX_GLYPH && acc->kind != BX_H ? ch->accent : base->w / 2;
		put(l, r, base, 0, 0);
		put(l, r, acc, bx - ax, -up);
		r->w = base->w;
	} else {
		/* MathJax's <mover>: the accent is its spacing character, half
		 * an em wide (\vec's arrow as wide as its ink), the two centred
		 * in the wider of them, the accent moved right by the base
		 * letter's skew (cmmi's kern with the skew character), which
		 * widens the whole where it sticks out */
		const struct mnode *one = n->a && !n->a->next && n->a->kind == MK_SYM ? n->a : NULL;
		double skew = one ? mj_skew(one->cp) * em : 0;
		double ww = fmax(base->w, aw);
		double left = (ww - aw) / 2 + skew;
		/* vertically: the accent's ink a rule thickness (2.5px at
		 * least) over the base, taken as an x-height high at least */
		double k = fmax(TX_RULE * em, 2.5);
		up = fmax(base->h, TX_XHEIGHT * em) + k + acc->d;
		put(l, r, base, (ww - base->w) / 2, 0);
		put(l, r, acc, left + aw / 2 - acc->accent, -up);
		r->w = fmax(ww, left + aw);
	}
	r->h = fmax(base->h, mj_tall >= 0 ? up - acc->d + mj_tall : acc->h + up);
	r->d = base->d;
	return r;
}

static struct mbox *overline_box(struct lc *l, const struct mnode *n, int style)
{
	double em = em_of(l, style, n);
	struct css_color c = color_of(l, n);
	struct mbox *base = layout_list(l, n->a, n->under ? style : cramp(style));
	double t = TX_RULE * em;
	struct mbox *r = box(l);
	put(l, r, base, 0, 0);
	r->w = base->w;
	if (n->under) {
		put(l, r, rule_box(l, base->w, t, 0, c), 0, base->d + 3 * t);
		r->h = base->h;
		r->d = base->d + 5 * t;
	} else {
		put(l, r, rule_box(l, base->w, t, 0, c), 0, -(base->h + 3 * t + t));
		r->h = base->h + 5 * t;
		r->d = base->d;
	}
	return r;
}

static struct mbox *brace_box(struct lc *l, const struct mnode *n, int style)
{
	double em = em_of(l, style, n);
	struct css_color c = color_of(l, n);
	struct mbox *base = layout_list(l, n->a, style);
	uint32_t g = mfont_glyph(n->cp);
	if (!g)
		return base;
	struct mbox *br = stretch(l, g, 0, true, base->w, base->w, em, c);
	struct mbox *r = box(l);
	double gap = 0.1 * em;
	put(l, r, base, (fmax(base->w, br->w) - base->w) / 2, 0);
	r->w = fmax(base->w, br->w);
	double bx = (r->w - br->w) / 2;
	if (n->under) {
		put(l, r, br, bx, base->d + gap + br->h);
		r->h = base->h;
		r->d = base->d + gap + br->h + br->d;
	} else {
		put(l, r, br, bx, -(base->h + gap + br->d));
		r->h = base->h + gap + br->d + br->h;
		r->d = base->d;
	}
	return r;
}

/* Arrays: rows of cells, columns aligned, centred on the axis. */
static struct mbox *array_box(struct lc *l, const struct mnode *n, int style)
{
	const struct marray *a = n->arr;
	double em = em_of(l, style, n);
	struct css_color c = color_of(l, n);
	int cs = a->style < MS_T ? MS_D : a->style;
	if (style >= MS_S && cs < style)
		cs = style & ~1;
	struct mbox **cell = arena_alloc(l->a, (size_t)a->rows * (size_t)a->cols * sizeof *cell);
	double *cw = arena_alloc(l->a, (size_t)a->cols * sizeof *cw);
	double *rh = arena_alloc(l->a, (size_t)a->rows * sizeof *rh);
	double *rd = arena_alloc(l->a, (size_t)a->rows * sizeof *rd);
	double sem = em_of(l, cs, n);
	for (int r = 0; r < a->rows; r++) {
		for (int k = 0; k < a->cols; k++) {
			struct mbox *b = layout_list(l, a->cell[r * a->cols + k], cs);
			cell[r * a->cols + k] = b;
			cw[k] = fmax(cw[k], b->w);
			rh[r] = fmax(rh[r], b->h);
			rd[r] = fmax(rd[r], b->d);
		}
	}
	/* rows at least a strut high (0.8em) and deep (0.2em), as measured on
	 * MathJax's TeX arrays; baselines a baselineskip (1.2em) apart at least */
	for (int r = 0; r < a->rows; r++) {
		rh[r] = fmax(rh[r], 0.8 * sem);
		rd[r] = fmax(rd[r], 0.2 * sem);
	}
	double rowsep = a->rowsep * em + a->rowsep_px;
	double *pitch = arena_alloc(l->a, (size_t)a->rows * sizeof *pitch);
	double total = rh[0] + rd[a->rows - 1];
	for (int r = 0; r + 1 < a->rows; r++) {
		pitch[r] = fmax(1.2 * sem, rd[r] + rh[r + 1] + rowsep);
		total += pitch[r];
	}
	struct mbox *t = box(l);
	double axis = TX_AXIS * em;
	double top = total / 2 + axis;       /* the table's top above the baseline */
	double rt = TX_RULE * em;
	double x = a->pad * em;
	double *colx = arena_alloc(l->a, ((size_t)a->cols + 1) * sizeof *colx);
	for (int k = 0; k < a->cols; k++) {
		double gap = 0;
		if (k > 0)
			gap = a->aligned ? (k % 2 ? 0 : a->colsep * em) : a->colsep * em;
		if (k > 0 && a->vrule[k])
			put(l, t, rule_box(l, rt, 0, total, c), x + gap / 2 - rt / 2, -top);
		x += gap;
		colx[k] = x;
		x += cw[k];
	}
	if (a->vrule[0])
		put(l, t, rule_box(l, rt, 0, total, c), 0, -top);
	if (a->vrule[a->cols])
		put(l, t, rule_box(l, rt, 0, total, c), x + 0.5 * em - rt, -top);
	double width = x + a->pad * em + (a->vrule[a->cols] ? 0.5 * em : 0);
	if (a->vrule[0]) {
		for (int k = 0; k < t->nk; k++)
			if (t->kids[k].x > 0)
				t->kids[k].x += 0.5 * em;
		for (int k = 0; k < a->cols; k++)
			colx[k] += 0.5 * em;
		width += 0.5 * em;
	}
	double y = -top + rh[0];           /* the first baseline */
	for (int r = 0; r < a->rows; r++) {
		if (a->hrule[r]) {
			/* between the rows, in the middle of the gap */
			double ry = r ? y - rh[r] - (pitch[r - 1] - rd[r - 1] - rh[r]) / 2 : -top;
			put(l, t, rule_box(l, width, rt, 0, c), 0, ry - rt / 2);
		}
		for (int k = 0; k < a->cols; k++) {
			struct mbox *b = cell[r * a->cols + k];
			double cx = colx[k];
			if (a->align[k] == 'c')
				cx += (cw[k] - b->w) / 2;
			else if (a->align[k] == 'r')
				cx += cw[k] - b->w;
			put(l, t, b, cx, y);
		}
		if (a->tag && a->tag[r]) {
			struct mbox *anchor = box(l);
			anchor->tag = a->tag[r];
			put(l, t, anchor, 0, y);
		}
		if (r + 1 < a->rows)
			y += pitch[r];
	}
	if (a->hrule[a->rows])
		put(l, t, rule_box(l, width, rt, 0, c), 0, total - top - rt);
	t->w = width;
	t->h = top;
	t->d = total - top;
	return t;
}

static struct mbox *leftright_box(struct lc *l, const struct mnode *n, int style)
{
	double em = em_of(l, style, n);
	struct css_color c = color_of(l, n);
	/* the pieces between \middle delimiters, each a list */
	struct mbox *seg[64];
	uint32_t mid[64];
	struct css_color midc[64];
	int ns = 0;
	const struct mnode *start = n->a;
	double h = 0, d = 0;
	for (;;) {
		const struct mnode *e = start;
		while (e && e->kind != MK_MIDDLE)
			e = e->next;
		/* lay out [start, e) as its own list */
		struct mnode *copy = NULL, **tl = &copy;
		for (const struct mnode *k = start; k != e; k = k->next) {
			struct mnode *cp = arena_alloc(l->a, sizeof *cp);
			*cp = *k;
			cp->next = NULL;
			*tl = cp;
			tl = &cp->next;
		}
		if (ns < 64) {
			seg[ns] = layout_list(l, copy, style);
			h = fmax(h, seg[ns]->h);
			d = fmax(d, seg[ns]->d);
			mid[ns] = e ? e->cp : 0;
			midc[ns] = color_of(l, e);
			ns++;
		}
		if (!e)
			break;
		start = e->next;
	}
	double axis = TX_AXIS * em;
	/* MathJax stretches a fence to cover 2δ, TeX's rule 19: a single
	 * glyph may fall short by \delimiterfactor (901) and
	 * \delimitershortfall (.3em of the formula), an assembly is 2δ */
	double delta = fmax(h - axis, d + axis);
	double size = 2 * delta, accept = fmax(0.901 * size, size - 0.3 * l->px);
	struct mbox *r = box(l);
	hput(l, r, delim_box(l, n->cp, size, accept, em, c), 0);
	for (int i = 0; i < ns; i++) {
		hput(l, r, seg[i], 0);
		if (i + 1 < ns) {
			/* \middle: a relation-like delimiter with thick spaces? MathJax
			 * gives it none (TeXclass ORD inside an inner row) */
			hput(l, r, delim_box(l, mid[i], size, accept, em, midc[i]), 0);
		}
	}
	hput(l, r, delim_box(l, n->cp2, size, accept, em, c), 0);
	return r;
}

/* \bbox, \boxed: padding (px, or em when negative), a background and a
 * frame around the formula, on its baseline. */
static struct mbox *bbox_box(struct lc *l, const struct mnode *n, int style)
{
	double em = em_of(l, style, n);
	struct mbox *body = layout_list(l, n->a, style);
	double pad = n->dim < 0 ? -n->dim * em : n->dim, fw = n->dim2;
	struct css_color fc = n->frame.a ? n->frame : color_of(l, n);
	struct mbox *r = box(l);
	r->w = body->w + 2 * (pad + fw);
	r->h = body->h + pad + fw;
	r->d = body->d + pad + fw;
	if (n->has_bg)
		put(l, r, rule_box(l, r->w, r->h, r->d, n->bg), 0, 0);
	if (fw > 0) {
		put(l, r, rule_box(l, r->w, fw, 0, fc), 0, -r->h + fw);
		put(l, r, rule_box(l, r->w, 0, fw, fc), 0, r->d - fw);
		put(l, r, rule_box(l, fw, r->h, r->d, fc), 0, 0);
		put(l, r, rule_box(l, fw, r->h, r->d, fc), r->w - fw, 0);
	}
	put(l, r, body, pad + fw, 0);
	return r;
}

/* Large operators: display size, centred on the axis. */
static struct mbox *op_box(struct lc *l, const struct mnode *n, int style)
{
	double em = em_of(l, style, n);
	struct css_color c = color_of(l, n);
	uint32_t g = mfont_glyph(n->cp);
	if (!g)
		return char_box(l, n->cp, em, c);
	struct mbox *b;
	if (style < MS_T) {
		/* TeX's rule 13: the successor of the text-size glyph (∫
		 * grows to 2.2em, ∑ to 1.4em as in cmex10) */
		uint32_t v[8];
		int nv = mfont_variants(g, false, v, 8);
		b = glyph_box(l, nv > 1 ? v[1] : g, em, c);
	} else {
		b = glyph_box(l, g, em, c);
	}
	b->cp = plain(n->cp);
	struct mfont_metrics m;
	mfont_metrics(b->gid, &m);
	double ic = m.ic * em;
	/* MathJax's integrals (its Size1 and Size2 fonts, 1/1000 em: width
	 * and right bearing, the left one being 55): as wide as their ink
	 * reaches, the overhang beyond the width their italic correction */
	static const struct { uint32_t cp; short w[2], r[2]; } mj_int[] = {
		{ 0x222B, { 472, 556 }, { 610, 944 } },  { 0x222C, { 819, 1084 }, { 957, 1472 } },
		{ 0x222D, { 1166, 1592 }, { 1304, 1980 } }, { 0x222E, { 472, 556 }, { 610, 944 } },
	};
	for (size_t i = 0; i < ARRAY_LEN(mj_int); i++) {
		if (mj_int[i].cp != n->cp)
			continue;
		int k = style < MS_T;
		double r = mj_int[i].r[k] / 1000.0;
		double h = b->h, d = b->d;
		b = mj_width(l, b, r, (0.055 + r) / 2, em);
		b->h = h;
		b->d = d;
		ic = (r - mj_int[i].w[k] / 1000.0) * em;
		break;
	}
	double y = (b->h - b->d) / 2 - TX_AXIS * em;
	struct mbox *s = shifted(l, b, y);
	s->ic = ic;                     /* scripts drop from a large operator's box */
	return s;
}

/* Rule 13a: limits above and below a nucleus. */
static struct mbox *limits_box(struct lc *l, const struct mnode *n, struct mbox *nuc,
			       int style)
{
	double em = em_of(l, style, n);
	struct mbox *sup = n->has_sup ? layout_list(l, n->sup, sup_style(style)) : NULL;
	struct mbox *sub = n->has_sub ? layout_list(l, n->sub, sub_style(style)) : NULL;
	double w = nuc->w;
	if (sup)
		w = fmax(w, sup->w);
	if (sub)
		w = fmax(w, sub->w);
	/* MathJax's delta: 1.3 times the italic correction and .05em, half
	 * of it each way (TeX shifts by half the correction) */
	double delta = nuc->ic > 0 ? (1.3 * nuc->ic + 0.05 * em) / 2 : 0;
	struct mbox *r = box(l);
	put(l, r, nuc, (w - nuc->w) / 2, 0);
	r->w = w;
	r->h = nuc->h;
	r->d = nuc->d;
	if (sup) {
		double k = fmax(TX_BIGOP1 * em, TX_BIGOP3 * em - sup->d);
		double y = nuc->h + k + sup->d;
		put(l, r, sup, (w - sup->w) / 2 + delta, -y);
		r->h = y + sup->h + TX_BIGOP5 * em;
	}
	if (sub) {
		double k = fmax(TX_BIGOP2 * em, TX_BIGOP4 * em - sub->h);
		double y = nuc->d + k + sub->h;
		put(l, r, sub, (w - sub->w) / 2 - delta, y);
		r->d = y + sub->d + TX_BIGOP5 * em;
	}
	return r;
}

/* Rule 18: sub- and superscripts attached to a nucleus. */
static struct mbox *scripts_box(struct lc *l, const struct mnode *n, struct mbox *nuc,
				int style)
{
	double em = em_of(l, style, n);
	int sps = sup_style(style), sbs = sub_style(style);
	double sem_sup = em_of(l, sps, n), sem_sub = em_of(l, sbs, n);
	/* primes: Latin Modern's ′ is drawn at superscript height already,
	 * so f' takes it at the nucleus' size and shift */
	bool primes = n->has_sup && !n->has_sub && n->sup;
	for (const struct mnode *k = n->sup; primes && k; k = k->next)
		primes = k->kind == MK_SYM && k->cp >= 0x2032 && k->cp <= 0x2034;
	if (primes) {
		struct mbox *r = box(l);
		hput(l, r, nuc, 0);
		hput(l, r, layout_list(l, n->sup, style), 0);
		return r;
	}
	struct mbox *sup = n->has_sup ? layout_list(l, n->sup, sps) : NULL;
	struct mbox *sub = n->has_sub ? layout_list(l, n->sub, sbs) : NULL;
	double u = 0, v = 0;
	/* TeX drops scripts from a box, not a character; MathJax only
	 * exempts a character at full size, so a script's own scripts
	 * hang from its top */
	if (!nuc->is_char || style >= MS_S) {
		u = nuc->h - TX_SUP_DROP * sem_sup;
		v = nuc->d + TX_SUB_DROP * sem_sub;
	}
	double xh = TX_XHEIGHT * em;
	double t = TX_RULE * em;
	double ic = nuc->ic;
	double s = TX_SCRIPTSPACE * em;
	struct mbox *r = box(l);
	hput(l, r, nuc, 0);
	/* MathJax takes the italic correction off the nucleus' width: the
	 * subscript sits there, the superscript 1.3 corrections and .05em
	 * further, and the overhang is no part of the width */
	double x = r->w - ic;
	double delta = ic > 0 ? 1.3 * ic + 0.05 * em : 0;
	if (!sup) {
		v = fmax(v, fmax(TX_SUB1 * em, sub->h - 0.8 * xh));
		put(l, r, sub, x, v);
		r->w = fmax(x, x + sub->w + s);
		r->d = fmax(r->d, v + sub->d);
		r->h = fmax(r->h, sub->h - v);
		return r;
	}
	double p = style < MS_T ? TX_SUP1 : (style & 1) ? TX_SUP3 : TX_SUP2;
	u = fmax(u, fmax(p * em, sup->d + xh / 4));
	if (sub) {
		v = fmax(v, TX_SUB2 * em);
		double gap = (u - sup->d) - (sub->h - v);
		if (gap < 3 * t) {
			v = 3 * t - (u - sup->d) + sub->h;
			double psi = 0.8 * xh - (u - sup->d);
			if (psi > 0) {
				u += psi;
				v -= psi;
			}
		}
		put(l, r, sub, x, v);
		r->d = fmax(r->d, v + sub->d);
		r->h = fmax(r->h, sub->h - v);
	}
	put(l, r, sup, x + delta, -u);
	r->h = fmax(r->h, u + sup->h);
	r->d = fmax(r->d, sup->d - u);
	r->w = fmax(x, fmax(x + delta + sup->w, sub ? x + sub->w : 0) + s);
	return r;
}

/* One node as a box; *cls its class for spacing (-1: not an atom). */
static struct mbox *atom_box(struct lc *l, const struct mnode *n, int style, int *cls)
{
	double em = em_of(l, style, n);
	struct css_color c = color_of(l, n);
	struct mbox *b = NULL;
	*cls = n->cls;
	bool limits = false;
	switch (n->kind) {
	case MK_SYM:
		if (n->cls == MC_OP) {
			b = op_box(l, n, style);
			limits = n->limits == 1 || (n->limits < 0 && style < MS_T &&
						    !(n->cp >= 0x222B && n->cp <= 0x2233) &&
						    !(n->cp >= 0x2A0B && n->cp <= 0x2A1C));
		} else {
			b = char_box(l, n->cp, em, c);
			if (n->cp == 0x22EF || n->cp == 0x2026) {
				/* TeX's \cdots and \ldots: three dots, each a
				 * punctuation atom followed by a thin space (1.17em
				 * wide; Unicode's one glyph is narrower) */
				uint32_t dot = n->cp == 0x22EF ? 0x22C5 : '.';
				struct mbox *d3 = box(l);
				for (int k = 0; k < 3; k++) {
					struct mbox *g = char_box(l, dot, em, c);
					g->cp = k ? 0 : n->cp;
					g->join = k > 0;
					hput(l, d3, g, 0);
					if (k < 2)
						hkern(d3, 3 * em / 18);
				}
				b = d3;
			}
			if (n->cp == 0x22EE || n->cp == 0x22F1) {
				/* TeX builds \vdots and \ddots as boxes 1.5em high
				 * (\kern6pt over dots 4pt apart), MathJax's glyphs too */
				struct mbox *v = n->cp == 0x22F1 && b->kind == BX_GLYPH
					? mj_width(l, b, 1.282, 0.6405, em)  /* MathJax_Main's ⋱ */
					: shifted(l, b, 0);
				v->h = fmax(v->h, 1.52 * em);
				b = v;
			}
			if (b->is_char && b->ic > 0 && n->cls == MC_ORD) {
				/* the italic correction joins the width of an
				 * identifier (rule 17; MathJax's <mi>, not <mo>) */
				struct mbox *w = shifted(l, b, 0);
				w->w += b->ic;
				w->is_char = true;
				w->ic = b->ic;
				w->accent = b->accent;
				b = w;
			}
		}
		break;
	case MK_GROUP:
		b = layout_list(l, n->a, style);
		if (n->smash) {
			struct mbox *e = box(l);
			e->w = b->w;
			e->h = b->h;
			e->d = b->d;
			b = e;
		}
		if (n->cls == MC_OP)
			limits = n->limits == 1 || (n->limits < 0 && style < MS_T);
		if (n->flag)
			*cls = MC_REL;
		break;
	case MK_TEXT:
		b = text_box(l, n->text, n->text_len, em, c, n->cp == 1);
		if (n->cls == MC_OP)
			limits = n->limits == 1 || (n->limits < 0 && n->flag && style < MS_T);
		break;
	case MK_ERROR:
		b = text_box(l, n->text, n->text_len, em, (struct css_color){ 255, 0, 0, 255 },
			     false);
		break;
	case MK_FRAC:
		b = frac_box(l, n, style);
		break;
	case MK_SQRT:
		b = sqrt_box(l, n, style);
		break;
	case MK_LEFTRIGHT:
		b = leftright_box(l, n, style);
		break;
	case MK_ACCENT:
		b = accent_box(l, n, style);
		break;
	case MK_OVERLINE:
		b = overline_box(l, n, style);
		break;
	case MK_BRACE:
		b = brace_box(l, n, style);
		limits = true;
		*cls = MC_ORD;
		break;
	case MK_ARRAY:
		b = array_box(l, n, style);
		break;
	case MK_BIG:
		b = delim_box(l, n->cp, n->dim * em, n->dim * em, em, c);
		break;
	case MK_MIDDLE:
		b = delim_box(l, n->cp, 0, 0, em, c);
		break;
	case MK_SPACE:
		b = box(l);
		b->w = n->dim * em;            /* mu were made em/18 by the reader */
		*cls = -1;
		return b;
	case MK_RULE:
		b = rule_box(l, n->dim * em, n->dim2 * em, 0, c);
		break;
	case MK_BBOX:
		b = bbox_box(l, n, style);
		break;
	case MK_XARROW: {
		/* AMS's \xrightarrow: the arrow as long as its labels and 11mu
		 * more, on the axis, the labels as limits */
		int ss = sup_style(style);
		double w = fmax(layout_list(l, n->sup, ss)->w, layout_list(l, n->sub, ss)->w);
		uint32_t g = mfont_glyph(n->cp);
		struct mbox *a = g ? stretch(l, g, n->cp, true, w + 11 * em / 18, w + 11 * em / 18, em, c) : box(l);
		b = shifted(l, a, (a->h - a->d) / 2 - TX_AXIS * em);
		limits = true;
		break;
	}
	case MK_STYLE:
		*cls = -1;
		return NULL;
	}
	if (!b)
		b = box(l);
	if (n->has_sub || n->has_sup) {
		if (limits)
			b = limits_box(l, n, b, style);
		else
			b = scripts_box(l, n, b, style);
	}
	return b;
}

/* TeX's spacing table (TeXbook p. 170): 1 thin, 2 medium, 3 thick;
 * negative: only in display and text styles. */
static const signed char spacing[8][8] = {
	/*          ORD  OP BIN REL OPEN CLOSE PUNCT INNER */
	/* ORD   */ { 0,  1, -2, -3,  0,  0,  0, -1 },
	/* OP    */ { 1,  1,  0, -3,  0,  0,  0, -1 },
	/* BIN   */ { -2, -2, 0,  0, -2,  0,  0, -2 },
	/* REL   */ { -3, -3, 0,  0, -3,  0,  0, -3 },
	/* OPEN  */ { 0,  0,  0,  0,  0,  0,  0,  0 },
	/* CLOSE */ { 0,  1, -2, -3,  0,  0,  0, -1 },
	/* PUNCT */ { -1, -1, 0, -1, -1, -1, -1, -1 },
	/* INNER */ { -1, 1, -2, -3, -1,  0, -1, -1 },
};

static bool is_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0x1D7CE && cp <= 0x1D7FF);
}

struct item {
	struct mbox *b;
	int cls;
	int style;
	const struct mnode *n;
};

static struct mbox *layout_list(struct lc *l, const struct mnode *n, int style)
{
	struct mbox *out = box(l);
	if (!n)
		return out;
	if (l->depth >= 2 * MAX_MATH_DEPTH + 8)
		return out;
	l->depth++;
	size_t cap = 8, cnt = 0;
	struct item *it = xmalloc(cap * sizeof *it);
	for (; n; n = n->next) {
		if (n->kind == MK_STYLE) {
			style = n->style;
			continue;
		}
		int cls;
		struct mbox *b = atom_box(l, n, style, &cls);
		/* a run of digits with its decimal point is one number
		 * (MathJax's <mn>: 1.618, 1., .5) */
		uint32_t pc = cnt ? it[cnt - 1].n->cp : 0;
		if (cnt && n->kind == MK_SYM && it[cnt - 1].n->kind == MK_SYM &&
		    !it[cnt - 1].n->has_sub && !it[cnt - 1].n->has_sup &&
		    ((is_digit(n->cp) && (is_digit(pc) || pc == '.')) ||
		     (n->cp == '.' && is_digit(pc)))) {
			struct mbox *g = b;
			while (g->kind == BX_H && g->nk > 0)
				g = g->kids[0].b;
			g->join = true;
		}
		if (cnt == cap) {
			cap *= 2;
			it = xrealloc(it, cap * sizeof *it);
		}
		it[cnt++] = (struct item){ b, cls, style, n };
	}
	/* Bin atoms that cannot be binary become Ord (rules 5 and 6) */
	int prev = -1;
	for (size_t i = 0; i < cnt; i++) {
		if (it[i].cls < 0)
			continue;
		if (it[i].cls == MC_BIN &&
		    (prev < 0 || it[prev].cls == MC_BIN || it[prev].cls == MC_OP ||
		     it[prev].cls == MC_REL || it[prev].cls == MC_OPEN ||
		     it[prev].cls == MC_PUNCT))
			it[i].cls = MC_ORD;
		if ((it[i].cls == MC_REL || it[i].cls == MC_CLOSE || it[i].cls == MC_PUNCT) &&
		    prev >= 0 && it[prev].cls == MC_BIN)
			it[prev].cls = MC_ORD;
		prev = (int)i;
	}
	if (prev >= 0 && it[prev].cls == MC_BIN)
		it[prev].cls = MC_ORD;
	prev = -1;
	for (size_t i = 0; i < cnt; i++) {
		if (it[i].cls >= 0) {
			if (prev >= 0) {
				int s = spacing[it[prev].cls][it[i].cls];
				if (s < 0 && it[i].style >= MS_S)
					s = 0;
				s = s < 0 ? -s : s;
				if (s)
					hkern(out, (s + 2) * em_of(l, it[i].style, it[i].n) / 18);
			}
			prev = (int)i;
		}
		hput(l, out, it[i].b, 0);
	}
	free(it);
	l->depth--;
	return out;
}

/* ---- output ---------------------------------------------------------------------- */

struct flat {
	struct arena *a;
	struct math_text *t;
	size_t nt, ct;
	struct mbox *tags;             /* the rows' tags, each on its row's baseline */
	struct lc *l;
	struct math_glyph *g;
	size_t ng, cg;
	struct math_rule *r;
	size_t nr, cr;
};

static void flatten(struct flat *f, const struct mbox *b, double x, double y, int depth)
{
	if (depth > 4 * MAX_MATH_DEPTH + 64)
		return;
	if (b->kind == BX_GLYPH) {
		if (f->ng == f->cg) {
			f->cg = f->cg ? 2 * f->cg : 32;
			f->g = xrealloc(f->g, f->cg * sizeof *f->g);
		}
		f->g[f->ng++] = (struct math_glyph){ b->gid, b->cp, x, y, b->size, b->color,
						     b->join };
		return;
	}
	if (b->kind == BX_TEXT) {
		if (f->nt == f->ct) {
			f->ct = f->ct ? 2 * f->ct : 4;
			f->t = xrealloc(f->t, f->ct * sizeof *f->t);
		}
		f->t[f->nt++] = (struct math_text){ b->utf8, x, y, b->size, b->color };
		return;
	}
	if (b->kind == BX_RULE) {
		if (b->w <= 0 || b->h + b->d <= 0)
			return;
		if (f->nr == f->cr) {
			f->cr = f->cr ? 2 * f->cr : 8;
			f->r = xrealloc(f->r, f->cr * sizeof *f->r);
		}
		f->r[f->nr++] = (struct math_rule){ x, y - b->h, b->w, b->h + b->d, b->color };
		return;
	}
	if (b->tag && f->l) {
		if (!f->tags)
			f->tags = box(f->l);
		struct mbox *t = text_box(f->l, b->tag, strlen(b->tag), f->l->px, f->l->color,
					  false);
		put(f->l, f->tags, t, 0, y);
		f->tags->w = fmax(f->tags->w, t->w);
		f->tags->h = fmax(f->tags->h, t->h - y);
		f->tags->d = fmax(f->tags->d, t->d + y);
	}
	for (int i = 0; i < b->nk; i++)
		flatten(f, b->kids[i].b, x + b->kids[i].x, y + b->kids[i].y, depth + 1);
}

/* A formula with a TeX error: MathJax's noErrors look, the source at 90 %
 * in black with a 1px frame and 1px 3px padding. */
static struct mbox *error_box(struct lc *l, const char *tex, size_t len)
{
	struct css_color black = { 0, 0, 0, 255 };
	double em = l->px * 0.74;     /* 90 % of the text, not of the math */
	while (len && (*tex == ' ' || *tex == '\n')) {
		tex++;
		len--;
	}
	while (len && (tex[len - 1] == ' ' || tex[len - 1] == '\n'))
		len--;
	struct mbox *t = text_box(l, tex, len, em, black, false);
	double h = 0.75 * em, d = 0.25 * em, pad = 3, fr = 1;
	struct mbox *b = box(l);
	put(l, b, t, fr + pad, 0);
	b->w = t->w + 2 * (fr + pad);
	b->h = fmax(h, t->h) + 1 + fr;
	b->d = fmax(d, t->d) + 1 + fr;
	put(l, b, rule_box(l, b->w, fr, 0, black), 0, -b->h);
	put(l, b, rule_box(l, b->w, 0, fr, black), 0, b->d - fr);
	put(l, b, rule_box(l, fr, b->h, b->d, black), 0, 0);
	put(l, b, rule_box(l, fr, b->h, b->d, black), b->w - fr, 0);
	return b;
}

double math_scale_for(double x_height_em)
{
	double s = floor(100 * x_height_em / TX_XHEIGHT + 1e-6) / 100;
	return s < 0.5 ? 0.5 : s;
}

static struct math_formula *flat_formula(struct lc *l, const struct mbox *b,
					 const char *tex, size_t len);

struct math_formula *math_typeset(struct arena *a, const char *tex, size_t len,
				  bool display, double px, struct css_color color,
				  const struct math_warn *w)
{
	if (!mfont_load())
		return NULL;
	bool error = false;
	const char *tag = NULL;
	struct mnode *list = tex_parse(a, tex, len, w, &error, &tag);
	struct lc l = { .a = a, .px = px, .color = color };
	l.sfac[0] = l.sfac[1] = 1;
	/* MathJax sizes scripts by MathML's scriptsizemultiplier, 0.71 (its
	 * fonts come out at 70.7 % and 50 %), not by the font's 70 and 50 % */
	l.sfac[2] = 0.707;
	l.sfac[3] = 0.5;
	struct mbox *b = error ? error_box(&l, tex, len) : layout_list(&l, list, display ? MS_D : MS_T);
	struct math_formula *m = flat_formula(&l, b, tex, len);
	if (tag && !error && !m->tag) {
		m->tag = flat_formula(&l, text_box(&l, tag, strlen(tag), px, color, false), tag,
				      strlen(tag));
	}
	m->em = px;
	m->display = display;
	return m;
}

/* The formula of box b, its glyphs and rules flattened into arrays. */
static struct math_formula *flat_formula(struct lc *l, const struct mbox *b,
					 const char *tex, size_t len)
{
	struct arena *a = l->a;
	struct flat f = { .a = a, .l = l };
	flatten(&f, b, 0, 0, 0);
	struct math_formula *m = arena_alloc(a, sizeof *m);
	/* MathJax's root strut is a pixel taller and deeper than the math */
	m->w = b->w;
	m->h = b->h + 1;
	m->d = b->d + 1;
	m->n_glyphs = f.ng;
	m->glyphs = arena_alloc(a, f.ng * sizeof *m->glyphs + 1);
	if (f.ng)
		memcpy(m->glyphs, f.g, f.ng * sizeof *m->glyphs);
	m->n_rules = f.nr;
	m->rules = arena_alloc(a, f.nr * sizeof *m->rules + 1);
	if (f.nr)
		memcpy(m->rules, f.r, f.nr * sizeof *m->rules);
	m->n_texts = f.nt;
	m->texts = arena_alloc(a, f.nt * sizeof *m->texts + 1);
	if (f.nt)
		memcpy(m->texts, f.t, f.nt * sizeof *m->texts);
	free(f.g);
	free(f.r);
	free(f.t);
	m->text = arena_strndup(a, tex, len);
	if (f.tags) {
		/* the rows' tags: one formula at the right edge of the line,
		 * MathJax's labelled table being as wide as the line */
		for (int i = 0; i < f.tags->nk; i++)
			f.tags->kids[i].x = f.tags->w - f.tags->kids[i].b->w;
		m->tag = flat_formula(l, f.tags, "", 0);
		m->tag->em = l->px;
		m->tag_edge = true;
	}
	return m;
}

double math_box_width(const struct math_formula *f, double avail)
{
	if (!f->tag)
		return f->w;
	double need = f->w + f->em + f->tag->w;
	return f->display || f->tag_edge ? fmax(avail, need) : need;
}

void math_place(const struct math_formula *f, double w, double *fx, double *tx)
{
	*fx = 0;
	*tx = 0;
	if (!f->tag)
		return;
	if (!f->display && !f->tag_edge) {
		*tx = f->w + f->em;
		return;
	}
	*tx = w - f->tag->w;
	*fx = fmax(0, fmin((w - f->w) / 2, *tx - f->em - f->w));
}

void math_new_deck(void)
{
	tex_reset_macros();
}

void math_shutdown(void)
{
	tex_reset_macros();
	mfont_shutdown();
}

void math_dump(FILE *out, const struct math_formula *f, int indent)
{
	fprintf(out, "%*smath w=%.2f h=%.2f d=%.2f\n", indent, "", f->w, f->h, f->d);
	indent += 2;
	for (size_t i = 0; i < f->n_glyphs; i++) {
		const struct math_glyph *g = &f->glyphs[i];
		char u[5] = { 0 };
		utf8_encode(u, g->cp);
		fprintf(out, "%*sglyph %u '%s' at %.2f,%.2f size %.2f", indent, "", g->gid, u, g->x,
			g->y, g->size);
		if (g->color.r || g->color.g || g->color.b)
			fprintf(out, " #%02x%02x%02x", g->color.r, g->color.g, g->color.b);
		fputc('\n', out);
	}
	for (size_t i = 0; i < f->n_rules; i++) {
		const struct math_rule *r = &f->rules[i];
		fprintf(out, "%*srule %.2f,%.2f %.2fx%.2f\n", indent, "", r->x, r->y, r->w, r->h);
	}
	for (size_t i = 0; i < f->n_texts; i++) {
		const struct math_text *t = &f->texts[i];
		fprintf(out, "%*stext \"%s\" at %.2f,%.2f size %.2f\n", indent, "", t->utf8, t->x,
			t->y, t->size);
	}
	if (f->tag) {
		fprintf(out, "%*stag\n", indent, "");
		math_dump(out, f->tag, indent + 2);
	}
}
