/*
 * tex.c — TeX math input: a reader over the formula's text with MathJax's
 * way of expanding macros (a user macro's body, its arguments put in,
 * replaces the macro in the text that is left, at most MAX_MATH_MACROS
 * times and up to MAX_MATH_BUFFER bytes), and a recursive-descent parser
 * to the math list of mlist.h. Nesting deeper than MAX_MATH_DEPTH ends the
 * formula with a warning. \newcommand, \renewcommand and \def stay defined
 * for the rest of the deck, as MathJax keeps them for the page.
 *
 * SPDX-License-Identifier: MIT
 */
#include "math/mlist.h"
#include "base/scs_limits.h"
#include "base/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- symbols ----------------------------------------------------------- */

struct sym {
	const char *name;
	uint32_t cp;
	enum mclass cls;
};

#define O MC_ORD
#define P MC_OP
#define B MC_BIN
#define R MC_REL
#define L MC_OPEN
#define C MC_CLOSE
#define U MC_PUNCT

/* Sorted by name (strcmp order) before the first lookup. */
static struct sym syms[] = {
	{ "#", '#', O }, { "$", '$', O }, { "%", '%', O }, { "&", '&', O },
	{ "AA", 0xC5, O }, { "Delta", 0x394, O }, { "Downarrow", 0x21D3, R },
	{ "Gamma", 0x393, O }, { "Im", 0x2111, O }, { "Lambda", 0x39B, O },
	{ "Leftarrow", 0x21D0, R }, { "Leftrightarrow", 0x21D4, R },
	{ "Longleftarrow", 0x27F8, R }, { "Longleftrightarrow", 0x27FA, R },
	{ "Longrightarrow", 0x27F9, R }, { "Omega", 0x3A9, O }, { "Phi", 0x3A6, O },
	{ "Pi", 0x3A0, O }, { "Psi", 0x3A8, O }, { "Re", 0x211C, O },
	{ "Rightarrow", 0x21D2, R }, { "Sigma", 0x3A3, O }, { "Theta", 0x398, O },
	{ "Uparrow", 0x21D1, R }, { "Upsilon", 0x3A5, O }, { "Vert", 0x2016, O },
	{ "Xi", 0x39E, O }, { "_", '_', O }, { "aleph", 0x2135, O },
	{ "alpha", 0x3B1, O }, { "amalg", 0x2A3F, B }, { "angle", 0x2220, O },
	{ "approx", 0x2248, R }, { "approxeq", 0x224A, R }, { "ast", 0x2217, B },
	{ "asymp", 0x224D, R }, { "backslash", '\\', O }, { "because", 0x2235, R },
	{ "beta", 0x3B2, O }, { "beth", 0x2136, O }, { "bigcap", 0x22C2, P },
	{ "bigcirc", 0x25EF, B }, { "bigcup", 0x22C3, P }, { "bigodot", 0x2A00, P },
	{ "bigoplus", 0x2A01, P }, { "bigotimes", 0x2A02, P }, { "bigsqcup", 0x2A06, P },
	{ "bigstar", 0x2605, O }, { "bigtriangledown", 0x25BD, B },
	{ "bigtriangleup", 0x25B3, B }, { "biguplus", 0x2A04, P }, { "bigvee", 0x22C1, P },
	{ "bigwedge", 0x22C0, P }, { "blacksquare", 0x25A0, O }, { "bot", 0x22A5, O },
	{ "bowtie", 0x22C8, R }, { "box", 0x25A1, O }, { "bullet", 0x2219, B },
	{ "cap", 0x2229, B }, { "cdot", 0x22C5, B }, { "cdotp", 0x22C5, U },
	{ "cdots", 0x22EF, MC_INNER }, { "centerdot", 0x22C5, B }, { "checkmark", 0x2713, O },
	{ "chi", 0x3C7, O }, { "circ", 0x2218, B }, { "circeq", 0x2257, R },
	{ "clubsuit", 0x2663, O }, { "colon", ':', U }, { "complement", 0x2201, O },
	{ "cong", 0x2245, R }, { "coprod", 0x2210, P }, { "cup", 0x222A, B },
	{ "dagger", 0x2020, B }, { "daleth", 0x2138, O }, { "dashv", 0x22A3, R },
	{ "ddagger", 0x2021, B }, { "ddots", 0x22F1, MC_INNER }, { "degree", 0xB0, O },
	{ "delta", 0x3B4, O }, { "diamond", 0x22C4, B }, { "diamondsuit", 0x2662, O },
	{ "digamma", 0x3DD, O }, { "div", 0xF7, B }, { "doteq", 0x2250, R },
	{ "dotsb", 0x22EF, MC_INNER }, { "dotsc", 0x2026, MC_INNER },
	{ "dotsi", 0x22EF, MC_INNER }, { "dotsm", 0x22EF, MC_INNER },
	{ "dotso", 0x2026, MC_INNER }, { "downarrow", 0x2193, R },
	{ "ell", 0x2113, O }, { "emptyset", 0x2205, O }, { "epsilon", 0x3F5, O },
	{ "eqsim", 0x2242, R }, { "equiv", 0x2261, R }, { "eta", 0x3B7, O },
	{ "eth", 0xF0, O }, { "exists", 0x2203, O }, { "flat", 0x266D, O },
	{ "forall", 0x2200, O }, { "frown", 0x2322, R }, { "gamma", 0x3B3, O },
	{ "ge", 0x2265, R }, { "geq", 0x2265, R }, { "geqq", 0x2267, R },
	{ "geqslant", 0x2A7E, R }, { "gets", 0x2190, R }, { "gg", 0x226B, R },
	{ "gimel", 0x2137, O }, { "gt", '>', R }, { "hbar", 0x210F, O },
	{ "heartsuit", 0x2661, O }, { "hookleftarrow", 0x21A9, R },
	{ "hookrightarrow", 0x21AA, R }, { "iff", 0x27FA, R }, { "iiiint", 0x2A0C, P },
	{ "iiint", 0x222D, P }, { "iint", 0x222C, P }, { "imath", 0x1D6A4, O },
	{ "implies", 0x27F9, R }, { "in", 0x2208, R }, { "infty", 0x221E, O },
	{ "int", 0x222B, P }, { "intercal", 0x22BA, B }, { "iota", 0x3B9, O },
	{ "jmath", 0x1D6A5, O }, { "kappa", 0x3BA, O }, { "lambda", 0x3BB, O },
	{ "land", 0x2227, B }, { "langle", 0x27E8, L }, { "lbrace", '{', L },
	{ "lbrack", '[', L }, { "lceil", 0x2308, L }, { "ldots", 0x2026, MC_INNER },
	{ "le", 0x2264, R }, { "leadsto", 0x21DD, R }, { "leftarrow", 0x2190, R },
	{ "leftharpoondown", 0x21BD, R }, { "leftharpoonup", 0x21BC, R },
	{ "leftrightarrow", 0x2194, R }, { "leq", 0x2264, R }, { "leqq", 0x2266, R },
	{ "leqslant", 0x2A7D, R }, { "lfloor", 0x230A, L }, { "lgroup", 0x27EE, L },
	{ "ll", 0x226A, R }, { "lnot", 0xAC, O }, { "longleftarrow", 0x27F5, R },
	{ "longleftrightarrow", 0x27F7, R }, { "longmapsto", 0x27FC, R },
	{ "longrightarrow", 0x27F6, R }, { "lor", 0x2228, B }, { "lt", '<', R },
	{ "lvert", '|', L }, { "lVert", 0x2016, L }, { "mapsto", 0x21A6, R },
	{ "mho", 0x2127, O }, { "mid", 0x2223, R }, { "models", 0x22A8, R },
	{ "mp", 0x2213, B }, { "mu", 0x3BC, O }, { "nabla", 0x2207, O },
	{ "natural", 0x266E, O }, { "ne", 0x2260, R }, { "nearrow", 0x2197, R },
	{ "neg", 0xAC, O }, { "neq", 0x2260, R }, { "nexists", 0x2204, O },
	{ "ngeq", 0x2271, R }, { "ni", 0x220B, R }, { "nleq", 0x2270, R },
	{ "nmid", 0x2224, R }, { "notin", 0x2209, R }, { "nparallel", 0x2226, R },
	{ "nsubseteq", 0x2288, R }, { "nu", 0x3BD, O }, { "nwarrow", 0x2196, R },
	{ "odot", 0x2299, B }, { "oint", 0x222E, P }, { "omega", 0x3C9, O },
	{ "ominus", 0x2296, B }, { "oplus", 0x2295, B }, { "oslash", 0x2298, B },
	{ "otimes", 0x2297, B }, { "parallel", 0x2225, R }, { "partial", 0x1D715, O },
	{ "perp", 0x22A5, R }, { "phi", 0x3D5, O }, { "pi", 0x3C0, O },
	{ "pm", 0xB1, B }, { "prec", 0x227A, R }, { "preceq", 0x2AAF, R },
	{ "prime", 0x2032, O }, { "prod", 0x220F, P }, { "propto", 0x221D, R },
	{ "psi", 0x3C8, O }, { "qed", 0x220E, O }, { "rangle", 0x27E9, C },
	{ "rbrace", '}', C }, { "rbrack", ']', C }, { "rceil", 0x2309, C },
	{ "rfloor", 0x230B, C }, { "rgroup", 0x27EF, C }, { "rho", 0x3C1, O },
	{ "rightarrow", 0x2192, R }, { "rightharpoondown", 0x21C1, R },
	{ "rightharpoonup", 0x21C0, R }, { "rightleftharpoons", 0x21CC, R },
	{ "rvert", '|', C }, { "rVert", 0x2016, C }, { "searrow", 0x2198, R },
	{ "setminus", 0x2216, B }, { "sharp", 0x266F, O }, { "sigma", 0x3C3, O },
	{ "sim", 0x223C, R }, { "simeq", 0x2243, R }, { "smallsetminus", 0x2216, B },
	{ "smile", 0x2323, R }, { "spadesuit", 0x2660, O }, { "sqcap", 0x2293, B },
	{ "sqcup", 0x2294, B }, { "sqsubset", 0x228F, R }, { "sqsubseteq", 0x2291, R },
	{ "sqsupset", 0x2290, R }, { "sqsupseteq", 0x2292, R }, { "square", 0x25A1, O },
	{ "star", 0x22C6, B }, { "subset", 0x2282, R }, { "subseteq", 0x2286, R },
	{ "subsetneq", 0x228A, R }, { "succ", 0x227B, R }, { "succeq", 0x2AB0, R },
	{ "sum", 0x2211, P }, { "supset", 0x2283, R }, { "supseteq", 0x2287, R },
	{ "supsetneq", 0x228B, R }, { "swarrow", 0x2199, R }, { "tau", 0x3C4, O },
	{ "therefore", 0x2234, R }, { "theta", 0x3B8, O }, { "times", 0xD7, B },
	{ "to", 0x2192, R }, { "top", 0x22A4, O }, { "triangle", 0x25B3, O },
	{ "triangleleft", 0x25C3, B }, { "triangleq", 0x225C, R },
	{ "triangleright", 0x25B9, B }, { "uparrow", 0x2191, R },
	{ "updownarrow", 0x2195, R }, { "uplus", 0x228E, B }, { "upsilon", 0x3C5, O },
	{ "varDelta", 0x1D6E5, O }, { "varepsilon", 0x3B5, O }, { "varkappa", 0x3F0, O },
	{ "varnothing", 0x2205, O }, { "varphi", 0x3C6, O }, { "varpi", 0x3D6, O },
	{ "varrho", 0x3F1, O }, { "varsigma", 0x3C2, O }, { "vartheta", 0x3D1, O },
	{ "vdash", 0x22A2, R }, { "vdots", 0x22EE, O }, { "vee", 0x2228, B },
	{ "vert", '|', O }, { "wedge", 0x2227, B }, { "wp", 0x2118, O },
	{ "wr", 0x2240, B }, { "xi", 0x3BE, O }, { "zeta", 0x3B6, O },
	{ "{", '{', L }, { "|", 0x2016, O }, { "}", '}', C },
};

#undef O
#undef P
#undef B
#undef R
#undef L
#undef C
#undef U

static int cmp_sym(const void *k, const void *e)
{
	return strcmp(k, ((const struct sym *)e)->name);
}

static int cmp_sym_sym(const void *a, const void *b)
{
	return strcmp(((const struct sym *)a)->name, ((const struct sym *)b)->name);
}

bool tex_symbol(const char *name, size_t len, uint32_t *cp, enum mclass *cls)
{
	static bool sorted;
	if (!sorted) {
		qsort(syms, ARRAY_LEN(syms), sizeof *syms, cmp_sym_sym);
		sorted = true;
	}
	char key[48];
	if (len >= sizeof key)
		return false;
	memcpy(key, name, len);
	key[len] = '\0';
	const struct sym *s = bsearch(key, syms, ARRAY_LEN(syms), sizeof *syms, cmp_sym);
	if (!s)
		return false;
	*cp = s->cp;
	*cls = s->cls;
	return true;
}

/* Operator names: upright, class Op; `lim`-like ones take limits in display
 * style (TeX's \mathop with movable limits). */
static const struct { const char *name; bool limits; } opnames[] = {
	{ "Pr", true }, { "arccos", false }, { "arcsin", false }, { "arctan", false },
	{ "arg", false }, { "cos", false }, { "cosh", false }, { "cot", false },
	{ "coth", false }, { "csc", false }, { "deg", false }, { "det", true },
	{ "dim", false }, { "exp", false }, { "gcd", true }, { "hom", false },
	{ "inf", true }, { "ker", false }, { "lg", false }, { "lim", true },
	{ "liminf", true }, { "limsup", true }, { "ln", false }, { "log", false },
	{ "max", true }, { "min", true }, { "sec", false }, { "sin", false },
	{ "sinh", false }, { "sup", true }, { "tan", false }, { "tanh", false },
};

/* Accents: name, combining mark, stretchy. */
static const struct { const char *name; uint32_t cp; bool wide; } accents[] = {
	{ "acute", 0x301, false }, { "bar", 0x304, false }, { "breve", 0x306, false },
	{ "check", 0x30C, false }, { "ddot", 0x308, false }, { "dddot", 0x20DB, false },
	{ "dot", 0x307, false }, { "grave", 0x300, false }, { "hat", 0x302, false },
	{ "mathring", 0x30A, false }, { "overleftarrow", 0x2190, true },
	{ "overleftrightarrow", 0x2194, true }, { "overrightarrow", 0x2192, true },
	{ "tilde", 0x303, false }, { "vec", 0x20D7, false }, { "widehat", 0x302, true },
	{ "widetilde", 0x303, true },
};

/* \big… : name, height in em (TeX's 12, 18, 24 and 30 pt at 10 pt), class. */
static const struct { const char *name; double size; enum mclass cls; } bigs[] = {
	{ "Big", 1.8, MC_ORD }, { "Bigg", 3.0, MC_ORD }, { "Biggl", 3.0, MC_OPEN },
	{ "Biggm", 3.0, MC_REL }, { "Biggr", 3.0, MC_CLOSE }, { "Bigl", 1.8, MC_OPEN },
	{ "Bigm", 1.8, MC_REL }, { "Bigr", 1.8, MC_CLOSE }, { "big", 1.2, MC_ORD },
	{ "bigg", 2.4, MC_ORD }, { "biggl", 2.4, MC_OPEN }, { "biggm", 2.4, MC_REL },
	{ "biggr", 2.4, MC_CLOSE }, { "bigl", 1.2, MC_OPEN }, { "bigm", 1.2, MC_REL },
	{ "bigr", 1.2, MC_CLOSE },
};

/* Size commands (MathJax's factors). */
static const struct { const char *name; double f; } sizes[] = {
	{ "tiny", 0.5 }, { "Tiny", 0.6 }, { "scriptsize", 0.7 }, { "small", 0.85 },
	{ "normalsize", 1.0 }, { "large", 1.2 }, { "Large", 1.44 }, { "LARGE", 1.728 },
	{ "huge", 2.074 }, { "Huge", 2.488 },
};

/* Named spaces in em (MathJax: \, 3mu, \: 4mu, \; 5mu, \! -3mu). */
static const struct { const char *name; double em; } spaces[] = {
	{ " ", 0.25 }, { "!", -3.0 / 18 }, { ",", 3.0 / 18 }, { ":", 4.0 / 18 },
	{ ";", 5.0 / 18 }, { ">", 4.0 / 18 }, { "enspace", 0.5 }, { "enskip", 0.5 },
	{ "medspace", 4.0 / 18 }, { "negmedspace", -4.0 / 18 },
	{ "negthickspace", -5.0 / 18 }, { "negthinspace", -3.0 / 18 }, { "qquad", 2.0 },
	{ "quad", 1.0 }, { "thickspace", 5.0 / 18 }, { "thinspace", 3.0 / 18 },
};

/* Macros that only change spacing or meaning MathJax ignores here. */
static const char *const ignored[] = {
	"displaylimits", "label", "nonumber", "notag", "nolimits", "limits", "strut",
	"allowbreak", "nobreak", "relax", "hfill", "hfil", "vphantom",
};

/* Fonts of letters. */
enum alph { F_MATH, F_RM, F_BF, F_IT, F_BB, F_CAL, F_FRAK, F_SF, F_TT, F_BI };

static const struct { const char *name; enum alph f; } fonts[] = {
	{ "Bbb", F_BB }, { "bf", F_BF }, { "bm", F_BI }, { "boldsymbol", F_BI },
	{ "cal", F_CAL }, { "it", F_IT }, { "mathbb", F_BB }, { "mathbf", F_BF },
	{ "mathcal", F_CAL }, { "mathfrak", F_FRAK }, { "mathit", F_IT },
	{ "mathnormal", F_MATH }, { "mathrm", F_RM }, { "mathscr", F_CAL },
	{ "mathsf", F_SF }, { "mathtt", F_TT }, { "rm", F_RM }, { "sf", F_SF },
	{ "tt", F_TT },
};

/* Letter-like exceptions of Unicode's mathematical alphabets. */
static uint32_t hole(enum alph f, char c)
{
	static const char *const keys[] = {
		[F_BB] = "CHNPQRZ", [F_CAL] = "BEFHILMRego", [F_FRAK] = "CHIRZ",
	};
	static const uint32_t bb[] = { 0x2102, 0x210D, 0x2115, 0x2119, 0x211A, 0x211D, 0x2124 };
	static const uint32_t cal[] = { 0x212C, 0x2130, 0x2131, 0x210B, 0x2110, 0x2112,
					0x2133, 0x211B, 0x212F, 0x210A, 0x2134 };
	static const uint32_t frak[] = { 0x212D, 0x210C, 0x2111, 0x211C, 0x2128 };
	if (f != F_BB && f != F_CAL && f != F_FRAK)
		return 0;
	const char *k = strchr(keys[f], c);
	if (!k || !c)
		return 0;
	size_t i = (size_t)(k - keys[f]);
	return f == F_BB ? bb[i] : f == F_CAL ? cal[i] : frak[i];
}

/* The code point of ASCII letter or digit c in alphabet f. */
static uint32_t styled(enum alph f, char c)
{
	static const uint32_t upper[] = {
		[F_BF] = 0x1D400, [F_IT] = 0x1D434, [F_MATH] = 0x1D434, [F_BB] = 0x1D538,
		[F_CAL] = 0x1D49C, [F_FRAK] = 0x1D504, [F_SF] = 0x1D5A0, [F_TT] = 0x1D670,
		[F_BI] = 0x1D468,
	};
	static const uint32_t digit[] = {
		[F_BF] = 0x1D7CE, [F_BB] = 0x1D7D8, [F_SF] = 0x1D7E2, [F_TT] = 0x1D7F6,
		[F_BI] = 0x1D7CE,
	};
	uint32_t h = hole(f, c);
	if (h)
		return h;
	if (c >= '0' && c <= '9')
		return digit[f] ? digit[f] + (uint32_t)(c - '0') : (uint32_t)c;
	if (f == F_RM)
		return (uint32_t)c;
	if ((f == F_MATH || f == F_IT) && c == 'h')
		return 0x210E;
	if (c >= 'A' && c <= 'Z')
		return upper[f] + (uint32_t)(c - 'A');
	return upper[f] + 26 + (uint32_t)(c - 'a');
}

/* Lowercase Greek and its variants in math italic. */
static uint32_t italic_greek(uint32_t cp)
{
	if (cp >= 0x3B1 && cp <= 0x3C9)
		return 0x1D6FC + (cp - 0x3B1);
	switch (cp) {
	case 0x3F5: return 0x1D716;
	case 0x3D1: return 0x1D717;
	case 0x3F0: return 0x1D718;
	case 0x3D5: return 0x1D719;
	case 0x3F1: return 0x1D71A;
	case 0x3D6: return 0x1D71B;
	}
	return cp;
}

/* ---- user macros --------------------------------------------------------- */

struct macro {
	char *name;
	char *body;
	int nargs;
	char *opt;                     /* default of an optional first argument */
};

static struct macro *macros;
static size_t n_macros;

void tex_reset_macros(void)
{
	for (size_t i = 0; i < n_macros; i++) {
		free(macros[i].name);
		free(macros[i].body);
		free(macros[i].opt);
	}
	free(macros);
	macros = NULL;
	n_macros = 0;
}

static struct macro *find_macro(const char *name, size_t len)
{
	for (size_t i = n_macros; i-- > 0;)
		if (strlen(macros[i].name) == len && !memcmp(macros[i].name, name, len))
			return &macros[i];
	return NULL;
}

/* ---- reader ---------------------------------------------------------------- */

struct tp {
	struct arena *a;
	char *s;                       /* the text (malloc'd: expansion rewrites it) */
	size_t n, i;
	size_t shift;                  /* source offset = i - shift until an expansion */
	bool expanded;
	size_t exp_at;                 /* source offset of the first expansion */
	int depth, expansions;
	bool stop;                     /* a limit was hit: read no further */
	bool error;                    /* a TeX error: MathJax shows the source */
	const char *tag;               /* \tag of the whole formula (arena) */
	const char *row_tag;           /* \tag of the array row being read */
	int in_array;                  /* arrays open around the reader */
	enum alph font;
	bool has_color;
	struct css_color color;
	double scale;
	const struct math_warn *w;
};

static void warnf(struct tp *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t src_off(const struct tp *p)
{
	return p->expanded ? p->exp_at : p->i;
}

static void warnf(struct tp *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (p->w && p->w->fn)
		p->w->fn(p->w->ctx, src_off(p), msg);
}

static struct mnode *node(struct tp *p, enum mkind k, enum mclass cls)
{
	struct mnode *m = arena_alloc(p->a, sizeof *m);
	m->kind = k;
	m->cls = cls;
	m->limits = -1;
	m->scale = p->scale;
	m->has_color = p->has_color;
	m->color = p->color;
	m->src = src_off(p);
	return m;
}

static bool is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void skip_space(struct tp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
			       p->s[p->i] == '\r'))
		p->i++;
	/* a comment runs to the end of the line */
	if (p->i < p->n && p->s[p->i] == '%') {
		while (p->i < p->n && p->s[p->i] != '\n')
			p->i++;
		skip_space(p);
	}
}

/* After a backslash: the control sequence's name (letters, or one other
 * character). */
static size_t cs_name(struct tp *p, const char **name)
{
	*name = p->s + p->i;
	size_t st = p->i;
	if (p->i < p->n && is_letter(p->s[p->i])) {
		while (p->i < p->n && is_letter(p->s[p->i]))
			p->i++;
	} else if (p->i < p->n) {
		p->i++;
	}
	return p->i - st;
}

/* The raw text of a {group} or of one token. */
static bool raw_arg(struct tp *p, const char **s, size_t *n)
{
	skip_space(p);
	if (p->i >= p->n)
		return false;
	if (p->s[p->i] != '{') {
		*s = p->s + p->i;
		if (p->s[p->i] == '\\') {
			p->i++;
			const char *nm;
			cs_name(p, &nm);
		} else {
			p->i++;
		}
		*n = (size_t)(p->s + p->i - *s);
		return true;
	}
	int lvl = 0;
	size_t st = p->i + 1;
	for (; p->i < p->n; p->i++) {
		char c = p->s[p->i];
		if (c == '\\' && p->i + 1 < p->n) {
			p->i++;
			continue;
		}
		if (c == '{')
			lvl++;
		else if (c == '}' && --lvl == 0) {
			*s = p->s + st;
			*n = p->i - st;
			p->i++;
			return true;
		}
	}
	*s = p->s + st;
	*n = p->n - st;
	return true;
}

static bool opt_arg(struct tp *p, const char **s, size_t *n)
{
	skip_space(p);
	if (p->i >= p->n || p->s[p->i] != '[')
		return false;
	size_t st = ++p->i;
	int lvl = 0;
	for (; p->i < p->n; p->i++) {
		char c = p->s[p->i];
		if (c == '{')
			lvl++;
		else if (c == '}')
			lvl--;
		else if (c == ']' && lvl <= 0)
			break;
	}
	*s = p->s + st;
	*n = p->i - st;
	if (p->i < p->n)
		p->i++;
	return true;
}

/* Put text t (len tn) in place of p->s[from, p->i). */
static bool splice(struct tp *p, size_t from, const char *t, size_t tn)
{
	size_t rest = p->n - p->i;
	if (from + tn + rest > MAX_MATH_BUFFER) {
		warnf(p, "math: formula grows past %u bytes through macros", MAX_MATH_BUFFER);
		p->stop = true;
		return false;
	}
	char *s = xmalloc(from + tn + rest + 1);
	memcpy(s, p->s, from);
	memcpy(s + from, t, tn);
	memcpy(s + from + tn, p->s + p->i, rest);
	s[from + tn + rest] = '\0';
	free(p->s);
	p->s = s;
	p->n = from + tn + rest;
	p->i = from;
	return true;
}

/* Expand user macro m whose name ended at p->i (it started at from). */
static void expand(struct tp *p, const struct macro *m, size_t from)
{
	if (++p->expansions > MAX_MATH_MACROS) {
		warnf(p, "math: more than %d macro substitutions; is there a recursive macro?",
		      MAX_MATH_MACROS);
		p->stop = true;
		return;
	}
	if (!p->expanded) {
		p->expanded = true;
		p->exp_at = from;
	}
	const char *arg[9] = { 0 };
	size_t alen[9] = { 0 };
	int k = 0;
	if (m->opt && m->nargs > 0) {
		if (!opt_arg(p, &arg[0], &alen[0])) {
			arg[0] = m->opt;
			alen[0] = strlen(m->opt);
		}
		k = 1;
	}
	for (; k < m->nargs; k++)
		if (!raw_arg(p, &arg[k], &alen[k])) {
			arg[k] = "";
			alen[k] = 0;
		}
	struct strbuf b;
	strbuf_init(&b, MAX_MATH_BUFFER);
	for (const char *q = m->body; *q; q++) {
		if (*q == '#' && q[1] >= '1' && q[1] <= '9') {
			int j = q[1] - '1';
			if (j < m->nargs)
				strbuf_append(&b, arg[j], alen[j]);
			q++;
		} else {
			strbuf_append(&b, q, 1);
		}
	}
	/* a space keeps a macro name from running into letters that follow */
	strbuf_append(&b, " ", 1);
	if (b.toobig) {
		warnf(p, "math: formula grows past %u bytes through macros", MAX_MATH_BUFFER);
		p->stop = true;
	} else {
		splice(p, from, b.s ? b.s : "", b.len);
	}
	strbuf_free(&b);
}

static void define(struct tp *p, const char *name, size_t nlen, int nargs, const char *opt,
		   size_t olen, bool has_opt, const char *body, size_t blen)
{
	struct macro *m = find_macro(name, nlen);
	if (!m) {
		if (n_macros >= MAX_MATH_DEFS) {
			warnf(p, "math: more than %d macro definitions", MAX_MATH_DEFS);
			return;
		}
		macros = xrealloc(macros, (n_macros + 1) * sizeof *macros);
		m = &macros[n_macros++];
		m->name = xmalloc(nlen + 1);
		memcpy(m->name, name, nlen);
		m->name[nlen] = '\0';
	} else {
		free(m->body);
		free(m->opt);
	}
	m->body = xmalloc(blen + 1);
	memcpy(m->body, body, blen);
	m->body[blen] = '\0';
	m->nargs = nargs < 0 ? 0 : nargs > 9 ? 9 : nargs;
	m->opt = NULL;
	if (has_opt) {
		m->opt = xmalloc(olen + 1);
		memcpy(m->opt, opt, olen);
		m->opt[olen] = '\0';
	}
}

/* \newcommand{\name}[n][default]{body} */
static void newcommand(struct tp *p)
{
	const char *nm, *t, *o = NULL, *body;
	size_t nl, tl, ol = 0, bl;
	if (!raw_arg(p, &nm, &nl))
		return;
	while (nl && (*nm == ' '))
		nm++, nl--;
	if (!nl || *nm != '\\')
		return;
	nm++, nl--;
	int nargs = 0;
	if (opt_arg(p, &t, &tl))
		nargs = atoi(t);
	bool has_opt = opt_arg(p, &o, &ol);
	if (!raw_arg(p, &body, &bl))
		return;
	char *bcopy = arena_strndup(p->a, body, bl);
	char *ncopy = arena_strndup(p->a, nm, nl);
	char *ocopy = has_opt ? arena_strndup(p->a, o, ol) : NULL;
	define(p, ncopy, nl, nargs, ocopy, ol, has_opt, bcopy, bl);
}

/* \def\name#1#2{body} */
static void def(struct tp *p)
{
	skip_space(p);
	if (p->i >= p->n || p->s[p->i] != '\\')
		return;
	p->i++;
	const char *nm;
	size_t nl = cs_name(p, &nm);
	char *ncopy = arena_strndup(p->a, nm, nl);
	int nargs = 0;
	while (p->i < p->n && p->s[p->i] != '{') {
		if (p->s[p->i] == '#')
			nargs++;
		p->i++;
	}
	const char *body;
	size_t bl;
	if (!raw_arg(p, &body, &bl))
		return;
	define(p, ncopy, nl, nargs, NULL, 0, false, arena_strndup(p->a, body, bl), bl);
}

/* ---- parser ------------------------------------------------------------------ */

enum stop { ST_END, ST_BRACE, ST_AMP, ST_ROW, ST_ENVEND, ST_RIGHT, ST_MIDDLE };

static struct mnode *parse_list1(struct tp *p, enum stop *why, bool single);

static struct mnode *parse_list(struct tp *p, enum stop *why)
{
	return parse_list1(p, why, false);
}

static void append(struct mnode ***tail, struct mnode *m)
{
	**tail = m;
	while (m->next)
		m = m->next;
	*tail = &m->next;
}

/* A {group} or one token as a list. */
static struct mnode *parse_arg(struct tp *p)
{
	skip_space(p);
	if (p->stop)
		return NULL;
	if (p->i >= p->n) {
		warnf(p, "math: missing argument");
		p->error = true;
		return NULL;
	}
	if (p->depth >= MAX_MATH_DEPTH) {
		warnf(p, "math: nested deeper than %d", MAX_MATH_DEPTH);
		p->stop = true;
		return NULL;
	}
	p->depth++;
	struct mnode *r;
	if (p->s[p->i] == '{') {
		p->i++;
		enum alph f = p->font;
		bool hc = p->has_color;
		struct css_color col = p->color;
		double sc = p->scale;
		enum stop why;
		r = parse_list(p, &why);
		if (why != ST_BRACE && !p->stop) {
			warnf(p, "math: missing close brace");
			p->error = true;
		}
		p->font = f;
		p->has_color = hc;
		p->color = col;
		p->scale = sc;
	} else {
		enum stop why;
		r = parse_list1(p, &why, true);
	}
	p->depth--;
	return r;
}

/* A delimiter after \left, \right, \middle, \big…: its code point (0: "."). */
static uint32_t delimiter(struct tp *p)
{
	skip_space(p);
	if (p->i >= p->n)
		return 0;
	char c = p->s[p->i++];
	if (c == '.')
		return 0;
	if (c == '<')
		return 0x27E8;
	if (c == '>')
		return 0x27E9;
	if (c == '/' || c == '(' || c == ')' || c == '[' || c == ']' || c == '|')
		return (uint32_t)c;
	if (c != '\\')
		return (uint32_t)(unsigned char)c;
	const char *nm;
	size_t nl = cs_name(p, &nm);
	uint32_t cp;
	enum mclass cls;
	if (nl == 1 && (*nm == '{' || *nm == '}'))
		return (uint32_t)*nm;
	if (nl == 1 && *nm == '|')
		return 0x2016;
	if (tex_symbol(nm, nl, &cp, &cls))
		return cp;
	if (nl == 9 && !memcmp(nm, "backslash", 9))
		return '\\';
	warnf(p, "math: missing or unrecognised delimiter \\%.*s", (int)nl, nm);
	return 0;
}

static struct mnode *error_node(struct tp *p, const char *text, size_t len)
{
	struct mnode *m = node(p, MK_ERROR, MC_ORD);
	m->text = arena_strndup(p->a, text, len);
	m->text_len = len;
	return m;
}

static struct mnode *text_node(struct tp *p, const char *s, size_t n, enum mclass cls)
{
	struct mnode *m = node(p, MK_TEXT, cls);
	m->text = arena_strndup(p->a, s, n);
	m->text_len = n;
	m->cp = p->font == F_BF;
	return m;
}

static double parse_dimen(const char *s, size_t n, bool *mu)
{
	char buf[64];
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	char *end;
	double v = strtod(buf, &end);
	while (*end == ' ')
		end++;
	*mu = false;
	if (!strncmp(end, "em", 2))
		return v;
	if (!strncmp(end, "ex", 2))
		return v * 0.430554;
	if (!strncmp(end, "mu", 2)) {
		*mu = true;
		return v / 18;
	}
	if (!strncmp(end, "pt", 2))
		return v / 10;
	if (!strncmp(end, "px", 2))
		return v / 16;
	if (!strncmp(end, "cm", 2))
		return v * 37.8 / 16;
	if (!strncmp(end, "mm", 2))
		return v * 3.78 / 16;
	if (!strncmp(end, "in", 2))
		return v * 96 / 16;
	return v / 10;
}

/* An environment's body: cells split by & and \\, up to \end{…}. */
static struct marray *parse_array(struct tp *p, const char *spec, size_t spec_len)
{
	struct marray *arr = arena_alloc(p->a, sizeof *arr);
	int row = 0, col = 0, maxcols = 0;
	uint8_t hr[MAX_MATH_CELLS / 4 + 2] = { 0 };   /* \hline above row i */
	/* the cells as they come, placed in a rows × columns grid after */
	struct { int row, col; struct mnode *l; const char *tag; } *tmp = NULL;
	size_t ntmp = 0, captmp = 0;
	const char *outer_tag = p->row_tag;
	p->row_tag = NULL;
	p->in_array++;
	for (;;) {
		skip_space(p);
		if (col == 0 && p->i + 6 <= p->n && !memcmp(p->s + p->i, "\\hline", 6)) {
			p->i += 6;
			if (row < (int)sizeof hr - 1)
				hr[row] = 1;
			continue;
		}
		if (col == 0 && p->i + 10 <= p->n && !memcmp(p->s + p->i, "\\hdashline", 10)) {
			p->i += 10;
			if (row < (int)sizeof hr - 1)
				hr[row] = 2;
			continue;
		}
		enum stop why;
		struct mnode *l = parse_list(p, &why);
		if (ntmp >= MAX_MATH_CELLS) {
			if (ntmp == MAX_MATH_CELLS)
				warnf(p, "math: more than %d cells in an array", MAX_MATH_CELLS);
			p->stop = true;
			break;
		}
		if (ntmp == captmp) {
			captmp = captmp ? 2 * captmp : 16;
			tmp = xrealloc(tmp, captmp * sizeof *tmp);
		}
		tmp[ntmp].row = row;
		tmp[ntmp].col = col;
		tmp[ntmp].l = l;
		tmp[ntmp].tag = p->row_tag;
		p->row_tag = NULL;
		ntmp++;
		if (col + 1 > maxcols)
			maxcols = col + 1;
		if (why == ST_AMP) {
			col++;
			continue;
		}
		if (why == ST_ROW) {
			const char *o;
			size_t ol;
			opt_arg(p, &o, &ol);
			row++;
			col = 0;
			continue;
		}
		break;
	}
	p->in_array--;
	p->row_tag = outer_tag;
	/* a last row with one empty cell (a trailing \\) is no row */
	int rows = row + 1;
	if (ntmp && tmp[ntmp - 1].col == 0 && !tmp[ntmp - 1].l && rows > 1) {
		rows--;
		ntmp--;
	}
	arr->rows = rows;
	arr->cols = maxcols ? maxcols : 1;
	arr->cell = arena_alloc(p->a, (size_t)arr->rows * (size_t)arr->cols * sizeof *arr->cell);
	for (size_t k = 0; k < ntmp; k++) {
		if (tmp[k].row >= arr->rows)
			continue;
		arr->cell[tmp[k].row * arr->cols + tmp[k].col] = tmp[k].l;
		if (tmp[k].tag) {
			if (!arr->tag)
				arr->tag = arena_alloc(p->a, (size_t)arr->rows * sizeof *arr->tag);
			arr->tag[tmp[k].row] = tmp[k].tag;
		}
	}
	free(tmp);
	arr->align = arena_alloc(p->a, (size_t)arr->cols + 1);
	arr->vrule = arena_alloc(p->a, (size_t)arr->cols + 1);
	arr->hrule = arena_alloc(p->a, (size_t)arr->rows + 1);
	for (int r = 0; r <= arr->rows && r < (int)sizeof hr; r++)
		arr->hrule[r] = hr[r];
	memset(arr->align, 'c', (size_t)arr->cols);
	int c = 0;
	for (size_t k = 0; spec && k < spec_len; k++) {
		char ch = spec[k];
		if (ch == '|' && c <= arr->cols)
			arr->vrule[c] = 1;
		else if (ch == ':' && c <= arr->cols)
			arr->vrule[c] = 2;
		else if ((ch == 'l' || ch == 'c' || ch == 'r') && c < arr->cols)
			arr->align[c++] = ch;
		else if (ch == 'l' || ch == 'c' || ch == 'r')
			c++;
	}
	arr->colsep = 1.0;
	arr->rowsep = 0.4;             /* MathJax: 4pt, 10pt to the em */
	arr->pad = 1.0 / 6;            /* as measured around MathJax's tables */
	arr->style = MS_T;
	return arr;
}

static struct mnode *environment(struct tp *p, const char *env, size_t elen)
{
	char name[32];
	if (elen >= sizeof name)
		elen = sizeof name - 1;
	memcpy(name, env, elen);
	name[elen] = '\0';
	const char *spec = NULL;
	size_t spec_len = 0;
	uint32_t l = 0, r = 0;
	bool aligned = false, known = true;
	if (!strcmp(name, "array") || !strcmp(name, "subarray"))
		raw_arg(p, &spec, &spec_len);
	else if (!strcmp(name, "pmatrix"))
		l = '(', r = ')';
	else if (!strcmp(name, "bmatrix"))
		l = '[', r = ']';
	else if (!strcmp(name, "Bmatrix"))
		l = '{', r = '}';
	else if (!strcmp(name, "vmatrix"))
		l = '|', r = '|';
	else if (!strcmp(name, "Vmatrix"))
		l = 0x2016, r = 0x2016;
	else if (!strcmp(name, "cases"))
		l = '{';
	else if (!strcmp(name, "aligned") || !strcmp(name, "align") ||
		 !strcmp(name, "align*") || !strcmp(name, "split") ||
		 !strcmp(name, "alignat") || !strcmp(name, "alignat*") ||
		 !strcmp(name, "alignedat") || !strcmp(name, "eqnarray") ||
		 !strcmp(name, "eqnarray*"))
		aligned = true;
	else if (strcmp(name, "matrix") && strcmp(name, "smallmatrix") &&
		 strcmp(name, "gather") && strcmp(name, "gather*") &&
		 strcmp(name, "gathered") && strcmp(name, "equation") &&
		 strcmp(name, "equation*") && strcmp(name, "multline") &&
		 strcmp(name, "multline*"))
		known = false;
	if (!strncmp(name, "alignat", 7) || !strcmp(name, "alignedat")) {
		const char *x;
		size_t xl;
		raw_arg(p, &x, &xl);
	}
	if (!known) {
		warnf(p, "math: unknown environment '%s'", name);
		p->error = true;
	}
	struct marray *arr = parse_array(p, spec, spec_len);
	if (!strcmp(name, "cases")) {
		memset(arr->align, 'l', (size_t)arr->cols);
		arr->rowsep = 0.2;
	} else if (aligned) {
		for (int c = 0; c < arr->cols; c++)
			arr->align[c] = c % 2 ? 'l' : 'r';
		arr->aligned = true;
		arr->pad = 0;
		/* amsmath starts each right-hand cell with {}, so that a
		 * relation there gets its spaces */
		for (int row = 0; row < arr->rows; row++)
			for (int c = 1; c < arr->cols; c += 2) {
				struct mnode **cell = &arr->cell[row * arr->cols + c];
				struct mnode *e = node(p, MK_GROUP, MC_ORD);
				e->next = *cell;
				*cell = e;
			}
		arr->style = MS_D;
		arr->rowsep = 0.3;
		arr->colsep = 2.0;
	} else if (!strncmp(name, "gather", 6) || !strncmp(name, "equation", 8) ||
		   !strncmp(name, "multline", 8)) {
		arr->style = MS_D;
		arr->rowsep = 0.3;
	} else if (!strcmp(name, "smallmatrix")) {
		arr->style = MS_S;
		arr->colsep = 0.333;
		arr->rowsep = 0.2;
	}
	struct mnode *m = node(p, MK_ARRAY, MC_ORD);
	m->arr = arr;
	if (!l && !r)
		return m;
	struct mnode *lr = node(p, MK_LEFTRIGHT, MC_INNER);
	lr->cp = l;
	lr->cp2 = r;
	lr->a = m;
	return lr;
}

/* Attach a sub- or superscript to the last node of the list (or an empty
 * one). */
static void script(struct tp *p, struct mnode **head, struct mnode ***tail,
		   struct mnode **last, bool sup)
{
	if (!*last) {
		struct mnode *e = node(p, MK_GROUP, MC_ORD);
		append(tail, e);
		*last = e;
	}
	struct mnode *arg = parse_arg(p);
	struct mnode *t = *last;
	if (sup ? t->has_sup : t->has_sub) {
		warnf(p, "math: double %s: use braces to clarify", sup ? "exponent" : "subscripts");
		p->error = true;
		return;
	}
	if (sup) {
		t->sup = arg;
		t->has_sup = true;
	} else {
		t->sub = arg;
		t->has_sub = true;
	}
	(void)head;
}

static bool name_is(const char *nm, size_t nl, const char *s)
{
	return strlen(s) == nl && !memcmp(nm, s, nl);
}

/* A control sequence (name nm, nl). Appends to the list; *last is the
 * node scripts attach to. Returns a stop reason or -1 to go on. */
static int command(struct tp *p, const char *nm, size_t nl, size_t from,
		   struct mnode ***tail, struct mnode **last, enum mclass *pending_cls)
{
	struct macro *um = find_macro(nm, nl);
	if (um) {
		expand(p, um, from);
		return -1;
	}
	uint32_t cp;
	enum mclass cls;
	if (nl == 1 && nm[0] == '\\')
		return ST_ROW;
	if (name_is(nm, nl, "cr"))
		return ST_ROW;
	if (name_is(nm, nl, "end")) {
		const char *e;
		size_t el;
		raw_arg(p, &e, &el);
		return ST_ENVEND;
	}
	if (name_is(nm, nl, "right"))
		return ST_RIGHT;
	if (name_is(nm, nl, "middle"))
		return ST_MIDDLE;
	for (size_t k = 0; k < ARRAY_LEN(spaces); k++)
		if (name_is(nm, nl, spaces[k].name)) {
			struct mnode *m = node(p, MK_SPACE, MC_ORD);
			m->dim = spaces[k].em;
			m->mu = k > 0 && nl == 1;
			append(tail, m);
			return -1;
		}
	if (tex_symbol(nm, nl, &cp, &cls)) {
		struct mnode *m = node(p, MK_SYM, cls);
		m->cp = p->font == F_RM || p->font == F_BF ? cp : italic_greek(cp);
		if (p->font == F_BF && cp >= 0x391 && cp <= 0x3A9)
			m->cp = 0x1D6A8 + (cp - 0x391);         /* bold */
		else if (p->font == F_BI && cp >= 0x391 && cp <= 0x3A9)
			m->cp = 0x1D71C + (cp - 0x391);         /* bold italic */
		else if (p->font == F_BI && m->cp >= 0x1D6FC && m->cp <= 0x1D71B)
			m->cp += 0x1D736 - 0x1D6FC;
		if (cls == MC_OP)
			m->limits = -1;
		append(tail, m);
		*last = m;
		return -1;
	}
	for (size_t k = 0; k < ARRAY_LEN(opnames); k++)
		if (name_is(nm, nl, opnames[k].name)) {
			struct mnode *m = text_node(p, nm, nl, MC_OP);
			m->limits = opnames[k].limits ? -1 : 0;
			m->flag = opnames[k].limits;
			append(tail, m);
			*last = m;
			return -1;
		}
	for (size_t k = 0; k < ARRAY_LEN(fonts); k++)
		if (name_is(nm, nl, fonts[k].name)) {
			if (nm[0] == 'm' || nm[0] == 'b' || nm[0] == 'B' || nl > 4) {
				enum alph f = p->font;
				p->font = fonts[k].f;
				struct mnode *g = node(p, MK_GROUP, MC_ORD);
				g->a = parse_arg(p);
				p->font = f;
				append(tail, g);
				*last = g;
			} else {
				p->font = fonts[k].f;   /* \rm, \bf…: the rest of the group */
			}
			return -1;
		}
	for (size_t k = 0; k < ARRAY_LEN(accents); k++)
		if (name_is(nm, nl, accents[k].name)) {
			struct mnode *m = node(p, MK_ACCENT, MC_ORD);
			m->cp = accents[k].cp;
			m->flag = accents[k].wide;
			m->a = parse_arg(p);
			append(tail, m);
			*last = m;
			return -1;
		}
	for (size_t k = 0; k < ARRAY_LEN(bigs); k++)
		if (name_is(nm, nl, bigs[k].name)) {
			struct mnode *m = node(p, MK_BIG, bigs[k].cls);
			m->cp = delimiter(p);
			m->dim = bigs[k].size;
			append(tail, m);
			*last = m;
			return -1;
		}
	for (size_t k = 0; k < ARRAY_LEN(sizes); k++)
		if (name_is(nm, nl, sizes[k].name)) {
			p->scale = sizes[k].f;
			return -1;
		}
	for (size_t k = 0; k < ARRAY_LEN(ignored); k++)
		if (name_is(nm, nl, ignored[k])) {
			if (name_is(nm, nl, "label") || name_is(nm, nl, "vphantom")) {
				const char *x;
				size_t xl;
				raw_arg(p, &x, &xl);
			}
			if (name_is(nm, nl, "limits") && *last)
				(*last)->limits = 1;
			if (name_is(nm, nl, "nolimits") && *last)
				(*last)->limits = 0;
			return -1;
		}
	static const char *const stylenames[] = { "displaystyle", "textstyle", "scriptstyle",
						  "scriptscriptstyle" };
	for (int k = 0; k < 4; k++)
		if (name_is(nm, nl, stylenames[k])) {
			struct mnode *m = node(p, MK_STYLE, MC_ORD);
			m->style = 2 * k;
			append(tail, m);
			return -1;
		}
	if (name_is(nm, nl, "frac") || name_is(nm, nl, "dfrac") || name_is(nm, nl, "tfrac") ||
	    name_is(nm, nl, "cfrac") || name_is(nm, nl, "binom") || name_is(nm, nl, "dbinom") ||
	    name_is(nm, nl, "tbinom")) {
		struct mnode *m = node(p, MK_FRAC, MC_INNER);
		m->cls = MC_ORD;
		m->dim = -1;
		m->style = -1;
		if (nm[0] == 'd' || nm[0] == 'c')
			m->style = MS_D;
		else if (nm[0] == 't')
			m->style = MS_T;
		if (nm[nl - 1] == 'm') {
			m->dim = 0;
			m->cp = '(';
			m->cp2 = ')';
		}
		m->a = parse_arg(p);
		m->b = parse_arg(p);
		append(tail, m);
		*last = m;
		return -1;
	}
	if (name_is(nm, nl, "over") || name_is(nm, nl, "choose") || name_is(nm, nl, "atop")) {
		*pending_cls = name_is(nm, nl, "over") ? 1 : name_is(nm, nl, "choose") ? 2 : 3;
		return -1;
	}
	if (name_is(nm, nl, "sqrt")) {
		struct mnode *m = node(p, MK_SQRT, MC_ORD);
		const char *o;
		size_t ol;
		if (opt_arg(p, &o, &ol)) {
			struct tp q = *p;
			q.s = xmalloc(ol + 1);
			memcpy(q.s, o, ol);
			q.s[ol] = '\0';
			q.n = ol;
			q.i = 0;
			q.expanded = true;
			q.exp_at = src_off(p);
			enum stop why;
			m->b = parse_list(&q, &why);
			p->expansions = q.expansions;
			p->stop = q.stop;
			free(q.s);
		}
		m->a = parse_arg(p);
		append(tail, m);
		*last = m;
		return -1;
	}
	if (name_is(nm, nl, "left")) {
		struct mnode *m = node(p, MK_LEFTRIGHT, MC_INNER);
		m->cp = delimiter(p);
		if (p->depth >= MAX_MATH_DEPTH) {
			warnf(p, "math: nested deeper than %d", MAX_MATH_DEPTH);
			p->stop = true;
			return ST_END;
		}
		p->depth++;
		struct mnode *body = NULL, **bt = &body;
		for (;;) {
			enum stop why;
			struct mnode *l = parse_list(p, &why);
			if (l)
				append(&bt, l);
			if (why == ST_MIDDLE) {
				struct mnode *mid = node(p, MK_MIDDLE, MC_REL);
				mid->cp = delimiter(p);
				append(&bt, mid);
				continue;
			}
			if (why == ST_RIGHT)
				m->cp2 = delimiter(p);
			else {
				warnf(p, "math: missing \\right");
				p->error = true;
			}
			break;
		}
		p->depth--;
		m->a = body;
		append(tail, m);
		*last = m;
		return -1;
	}
	if (name_is(nm, nl, "overline") || name_is(nm, nl, "underline")) {
		struct mnode *m = node(p, MK_OVERLINE, MC_ORD);
		m->under = nm[0] == 'u';
		m->a = parse_arg(p);
		append(tail, m);
		*last = m;
		return -1;
	}
	if (name_is(nm, nl, "overbrace") || name_is(nm, nl, "underbrace")) {
		struct mnode *m = node(p, MK_BRACE, MC_OP);
		m->under = nm[0] == 'u';
		m->cp = m->under ? 0x23DF : 0x23DE;
		m->limits = 1;
		m->a = parse_arg(p);
		append(tail, m);
		*last = m;
		return -1;
	}
	if (name_is(nm, nl, "text") || name_is(nm, nl, "textrm") || name_is(nm, nl, "mbox") ||
	    name_is(nm, nl, "textbf") || name_is(nm, nl, "textit") || name_is(nm, nl, "hbox") ||
	    name_is(nm, nl, "textsf") || name_is(nm, nl, "texttt") ||
	    name_is(nm, nl, "textnormal")) {
		const char *t;
		size_t tl;
		if (raw_arg(p, &t, &tl)) {
			enum alph f = p->font;
			p->font = name_is(nm, nl, "textbf") ? F_BF : F_RM;
			struct mnode *m = text_node(p, t, tl, MC_ORD);
			p->font = f;
			append(tail, m);
			*last = m;
		}
		return -1;
	}
	if (name_is(nm, nl, "operatorname") || name_is(nm, nl, "mathop") ||
	    name_is(nm, nl, "operatorname*")) {
		bool star = p->i < p->n && p->s[p->i] == '*';
		if (star)
			p->i++;
		if (name_is(nm, nl, "mathop")) {
			struct mnode *g = node(p, MK_GROUP, MC_OP);
			g->a = parse_arg(p);
			append(tail, g);
			*last = g;
			return -1;
		}
		const char *t;
		size_t tl;
		if (raw_arg(p, &t, &tl)) {
			struct mnode *m = text_node(p, t, tl, MC_OP);
			m->limits = star ? -1 : 0;
			m->flag = star;
			append(tail, m);
			*last = m;
		}
		return -1;
	}
	if (name_is(nm, nl, "mathbin") || name_is(nm, nl, "mathrel") ||
	    name_is(nm, nl, "mathord") || name_is(nm, nl, "mathopen") ||
	    name_is(nm, nl, "mathclose") || name_is(nm, nl, "mathpunct") ||
	    name_is(nm, nl, "mathinner")) {
		struct mnode *g = node(p, MK_GROUP, MC_ORD);
		g->cls = nm[4] == 'b' ? MC_BIN : nm[4] == 'r' ? MC_REL : nm[5] == 'p' ? MC_OPEN
			: nm[4] == 'c' ? MC_CLOSE : nm[5] == 'u' ? MC_PUNCT : nm[4] == 'i' ? MC_INNER : MC_ORD;
		g->a = parse_arg(p);
		append(tail, g);
		*last = g;
		return -1;
	}
	if (name_is(nm, nl, "color") || name_is(nm, nl, "textcolor")) {
		const char *c;
		size_t cl;
		if (!raw_arg(p, &c, &cl))
			return -1;
		struct css_color col;
		if (!css_parse_color(c, cl, &col)) {
			warnf(p, "math: unknown colour '%.*s'", (int)cl, c);
			col = (struct css_color){ 0, 0, 0, 255 };
		}
		/* MathJax 2's \color takes the formula it colours as an argument
		 * (LaTeX's switch only with its color extension, which HedgeDoc
		 * does not load) */
		{
			bool hc = p->has_color;
			struct css_color old = p->color;
			p->has_color = true;
			p->color = col;
			struct mnode *g = node(p, MK_GROUP, MC_ORD);
			g->a = parse_arg(p);
			p->has_color = hc;
			p->color = old;
			append(tail, g);
			*last = g;
		}
		return -1;
	}
	if (name_is(nm, nl, "begin")) {
		const char *e;
		size_t el;
		if (!raw_arg(p, &e, &el))
			return -1;
		if (p->depth >= MAX_MATH_DEPTH) {
			warnf(p, "math: nested deeper than %d", MAX_MATH_DEPTH);
			p->stop = true;
			return ST_END;
		}
		p->depth++;
		struct mnode *m = environment(p, e, el);
		p->depth--;
		append(tail, m);
		*last = m;
		return -1;
	}
	if (name_is(nm, nl, "newcommand") || name_is(nm, nl, "renewcommand") ||
	    name_is(nm, nl, "DeclareMathOperator")) {
		newcommand(p);
		return -1;
	}
	if (name_is(nm, nl, "def")) {
		def(p);
		return -1;
	}
	if (name_is(nm, nl, "hspace") || name_is(nm, nl, "mspace") || name_is(nm, nl, "kern") ||
	    name_is(nm, nl, "mkern") || name_is(nm, nl, "hskip") || name_is(nm, nl, "mskip")) {
		const char *t;
		size_t tl;
		if (p->i < p->n && p->s[p->i] == '*')
			p->i++;
		skip_space(p);
		if (p->i < p->n && p->s[p->i] == '{') {
			raw_arg(p, &t, &tl);
		} else {
			/* \kern3mu: a dimension up to its unit */
			t = p->s + p->i;
			while (p->i < p->n && (strchr("+-.0123456789 ", p->s[p->i])))
				p->i++;
			if (p->i + 2 <= p->n)
				p->i += 2;
			tl = (size_t)(p->s + p->i - t);
		}
		struct mnode *m = node(p, MK_SPACE, MC_ORD);
		m->dim = parse_dimen(t, tl, &m->mu);
		append(tail, m);
		return -1;
	}
	if (name_is(nm, nl, "phantom") || name_is(nm, nl, "hphantom")) {
		struct mnode *g = node(p, MK_GROUP, MC_ORD);
		g->a = parse_arg(p);
		g->smash = true;
		append(tail, g);
		*last = g;
		return -1;
	}
	if (name_is(nm, nl, "not")) {
		/* \not= and friends: the negated relation where Unicode has one */
		skip_space(p);
		if (p->i < p->n && p->s[p->i] == '=') {
			p->i++;
			struct mnode *m = node(p, MK_SYM, MC_REL);
			m->cp = 0x2260;
			append(tail, m);
			*last = m;
		}
		return -1;
	}
	if (name_is(nm, nl, "tag")) {
		const char *t;
		size_t tl;
		bool star = p->i < p->n && p->s[p->i] == '*';
		if (star)
			p->i++;
		if ((p->depth == 0 || p->in_array) && raw_arg(p, &t, &tl)) {
			/* the formula's or its array row's own tag: MathJax sets
			 * it at the right edge of the line */
			const char *text = star ? arena_strndup(p->a, t, tl)
						: arena_printf(p->a, "(%.*s)", (int)tl, t);
			if (p->in_array)
				p->row_tag = text;
			else
				p->tag = text;
		} else if (raw_arg(p, &t, &tl)) {
			struct mnode *sp = node(p, MK_SPACE, MC_ORD);
			sp->dim = 2;
			append(tail, sp);
			struct strbuf b;
			strbuf_init(&b, 0);
			strbuf_printf(&b, "(%.*s)", (int)tl, t);
			append(tail, text_node(p, b.s, b.len, MC_ORD));
			strbuf_free(&b);
		}
		return -1;
	}
	if (name_is(nm, nl, "bbox") || name_is(nm, nl, "boxed") || name_is(nm, nl, "fbox")) {
		/* \bbox[padding,colour,border:W style colour]{math}; \boxed and
		 * \fbox: a 1px frame with MathJax's 0.3em padding */
		struct mnode *m = node(p, MK_BBOX, MC_ORD);
		const char *o;
		size_t ol;
		if (nm[1] == 'b' && opt_arg(p, &o, &ol)) {
			char opt[256];
			snprintf(opt, sizeof opt, "%.*s", (int)ol, o);
			for (char *save = NULL, *t = strtok_r(opt, ",", &save); t;
			     t = strtok_r(NULL, ",", &save)) {
				while (*t == ' ')
					t++;
				bool mu;
				if (!strncmp(t, "border:", 7)) {
					char *w = t + 7, *end;
					m->dim2 = strtod(w, &end);
					char *col = strrchr(end, ' ');
					if (!col || !css_parse_color(col + 1, strlen(col + 1), &m->frame))
						m->frame = (struct css_color){ 0, 0, 0, 255 };
				} else if ((*t >= '0' && *t <= '9') || *t == '.') {
					double em = parse_dimen(t, strlen(t), &mu);
					m->dim = strstr(t, "px") ? em * 16 : em * -1;  /* <0: em */
				} else if (css_parse_color(t, strlen(t), &m->bg)) {
					m->has_bg = true;
				}
			}
		} else if (nm[1] != 'b') {
			m->dim = -0.3;
			m->dim2 = 1;
			m->frame = p->has_color ? p->color : (struct css_color){ 0, 0, 0, 0 };
		}
		m->a = parse_arg(p);
		append(tail, m);
		*last = m;
		return -1;
	}
	if (name_is(nm, nl, "mathstrut") ||
	    name_is(nm, nl, "smash") || name_is(nm, nl, "displaylines")) {
		struct mnode *g = node(p, MK_GROUP, MC_ORD);
		if (!name_is(nm, nl, "mathstrut"))
			g->a = parse_arg(p);
		append(tail, g);
		*last = g;
		return -1;
	}
	if (name_is(nm, nl, "xrightarrow") || name_is(nm, nl, "xleftarrow") ||
	    name_is(nm, nl, "xRightarrow") || name_is(nm, nl, "xLeftarrow") ||
	    name_is(nm, nl, "xleftrightarrow") || name_is(nm, nl, "xmapsto")) {
		static const struct { const char *name; uint32_t cp; } arrows[] = {
			{ "xrightarrow", 0x2192 }, { "xleftarrow", 0x2190 },
			{ "xRightarrow", 0x21D2 }, { "xLeftarrow", 0x21D0 },
			{ "xleftrightarrow", 0x2194 }, { "xmapsto", 0x21A6 },
		};
		struct mnode *m = node(p, MK_XARROW, MC_REL);
		for (size_t k = 0; k < ARRAY_LEN(arrows); k++)
			if (name_is(nm, nl, arrows[k].name))
				m->cp = arrows[k].cp;
		const char *o;
		size_t ol;
		if (opt_arg(p, &o, &ol) && ol) {
			struct tp q = *p;
			q.s = xmalloc(ol + 1);
			memcpy(q.s, o, ol);
			q.s[ol] = '\0';
			q.n = ol;
			q.i = 0;
			q.expanded = true;
			q.exp_at = src_off(p);
			enum stop why;
			m->sub = parse_list(&q, &why);
			m->has_sub = true;
			p->expansions = q.expansions;
			p->stop = q.stop;
			free(q.s);
		}
		m->sup = parse_arg(p);
		m->has_sup = true;
		m->limits = 1;
		append(tail, m);
		*last = m;
		return -1;
	}
	if (name_is(nm, nl, "stackrel") || name_is(nm, nl, "overset") ||
	    name_is(nm, nl, "underset")) {
		struct mnode *top = parse_arg(p);
		struct mnode *base = parse_arg(p);
		struct mnode *g = node(p, MK_GROUP, nm[0] == 's' ? MC_REL : MC_ORD);
		g->a = base;
		g->limits = 1;
		if (nm[0] == 'u') {
			g->sub = top;
			g->has_sub = true;
		} else {
			g->sup = top;
			g->has_sup = true;
		}
		g->cls = MC_OP;
		g->flag = nm[0] == 's';   /* keeps class Rel in spacing */
		append(tail, g);
		*last = g;
		return -1;
	}
	/* unknown: MathJax shows the macro's name in red; the warning points
	 * at its backslash */
	size_t at = p->i;
	p->i = from;
	warnf(p, "math: undefined control sequence \\%.*s", (int)nl, nm);
	p->i = at;
	char buf[64];
	int bl = snprintf(buf, sizeof buf, "\\%.*s", (int)(nl > 60 ? 60 : nl), nm);
	struct mnode *e = error_node(p, buf, (size_t)bl);
	append(tail, e);
	*last = e;
	return -1;
}

/* Decode one UTF-8 character at p->i. */
static uint32_t utf8_next(struct tp *p)
{
	const unsigned char *s = (const unsigned char *)p->s + p->i;
	size_t left = p->n - p->i;
	uint32_t c = s[0];
	int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	if ((size_t)len > left)
		len = 1;
	if (len > 1) {
		c &= 0x3F >> (len - 1);
		for (int k = 1; k < len; k++)
			c = (c << 6) | (s[k] & 0x3F);
	}
	p->i += (size_t)len;
	return c;
}

static struct mnode *parse_list1(struct tp *p, enum stop *why, bool single)
{
	struct mnode *head = NULL, **tail = &head, *last = NULL;
	struct mnode *num = NULL;
	enum mclass infix = 0;          /* 1 \over, 2 \choose, 3 \atop */
	int depth_in = p->depth;
	*why = ST_END;
	while (!p->stop) {
		skip_space(p);
		if (p->i >= p->n || (single && head))
			break;
		char c = p->s[p->i];
		if (single && (c == '^' || c == '_' || c == '&' || c == '}')) {
			warnf(p, "math: missing argument before '%c'", c);
			p->error = true;
			break;
		}
		if (c == '}') {
			p->i++;
			*why = ST_BRACE;
			break;
		}
		if (c == '&') {
			p->i++;
			*why = ST_AMP;
			break;
		}
		if (c == '{') {
			struct mnode *g = node(p, MK_GROUP, MC_ORD);
			g->a = parse_arg(p);
			append(&tail, g);
			last = g;
			continue;
		}
		if (c == '^' || c == '_') {
			p->i++;
			script(p, &head, &tail, &last, c == '^');
			continue;
		}
		if (c == '\'') {
			p->i++;
			if (!last) {
				struct mnode *e = node(p, MK_GROUP, MC_ORD);
				append(&tail, e);
				last = e;
			}
			struct mnode *pr = node(p, MK_SYM, MC_ORD);
			pr->cp = 0x2032;
			if (last->has_sup) {
				struct mnode *t = last->sup;
				while (t && t->next)
					t = t->next;
				if (t)
					t->next = pr;
				else
					last->sup = pr;
			} else {
				last->sup = pr;
				last->has_sup = true;
			}
			continue;
		}
		if (c == '~') {
			p->i++;
			struct mnode *m = node(p, MK_SPACE, MC_ORD);
			m->dim = 0.25;
			append(&tail, m);
			continue;
		}
		if (c == '\\') {
			size_t from = p->i++;
			const char *nm;
			size_t nl = cs_name(p, &nm);
			enum mclass inf = 0;
			int r = command(p, nm, nl, from, &tail, &last, &inf);
			if (inf) {
				num = head;
				infix = inf;
				head = NULL;
				tail = &head;
				last = NULL;
			}
			if (r >= 0) {
				*why = (enum stop)r;
				break;
			}
			continue;
		}
		/* a character */
		uint32_t cp = utf8_next(p);
		struct mnode *m = node(p, MK_SYM, MC_ORD);
		m->src = p->i - 1;
		if (cp < 0x80 && is_letter((char)cp))
			m->cp = styled(p->font, (char)cp);
		else if (cp >= '0' && cp <= '9')
			m->cp = styled(p->font, (char)cp);
		else if (cp >= 0x3B1 && cp <= 0x3C9 && p->font != F_RM)
			m->cp = italic_greek(cp);
		else
			m->cp = cp;
		switch (cp) {
		case '+': case '*': m->cls = MC_BIN; if (cp == '*') m->cp = 0x2217; break;
		case '-': m->cls = MC_BIN; m->cp = 0x2212; break;
		case '=': case '<': case '>': case ':': m->cls = MC_REL; break;
		case '(': case '[': m->cls = MC_OPEN; break;
		case ')': case ']': case '!': case '?': m->cls = MC_CLOSE; break;
		case ',': case ';': m->cls = MC_PUNCT; break;
		case 0x2264: case 0x2265: case 0x2260: case 0x2192: case 0x2190: case 0x21D2:
		case 0x2208: case 0x2248: case 0x2261: m->cls = MC_REL; break;
		case 0xB1: case 0xD7: case 0x22C5: case 0xF7: case 0x2212: m->cls = MC_BIN; break;
		case 0x2211: case 0x220F: case 0x222B: m->cls = MC_OP; break;
		}
		append(&tail, m);
		last = m;
	}
	(void)depth_in;
	if (single && !head && !p->stop) {
		warnf(p, "math: missing argument");
		p->error = true;
	}
	if (infix) {
		struct mnode *f = node(p, MK_FRAC, MC_ORD);
		f->a = num;
		f->b = head;
		f->dim = infix == 1 ? -1 : 0;
		f->style = -1;
		if (infix == 2) {
			f->cp = '(';
			f->cp2 = ')';
		}
		return f;
	}
	return head;
}

struct mnode *tex_parse(struct arena *a, const char *tex, size_t len,
			const struct math_warn *w, bool *error, const char **tag)
{
	struct tp p = { 0 };
	p.a = a;
	p.s = xmalloc(len + 1);
	memcpy(p.s, tex, len);
	p.s[len] = '\0';
	p.n = len;
	p.scale = 1;
	p.w = w;
	struct mnode *head = NULL, **tail = &head;
	for (;;) {
		enum stop why;
		struct mnode *l = parse_list(&p, &why);
		if (l)
			append(&tail, l);
		if (p.stop || (p.i >= p.n && why == ST_END))
			break;
		/* a stray }, &, \\ or \right at the top: MathJax reports it */
		if (why == ST_BRACE) {
			warnf(&p, "math: extra close brace or missing open brace");
			p.error = true;
		} else if (why == ST_RIGHT) {
			warnf(&p, "math: extra \\right");
			p.error = true;
		} else if (why == ST_AMP) {
			warnf(&p, "math: misplaced &");
			p.error = true;
		}
	}
	free(p.s);
	if (error)
		*error = p.error;
	if (tag)
		*tag = p.tag;
	return head;
}
