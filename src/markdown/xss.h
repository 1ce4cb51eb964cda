/*
 * xss.h — HedgeDoc's sanitizer as the string filter it is: js-xss 1.0.15's
 * filterXSS with HedgeDoc's options (HEDGEDOC.md §5, public/js/render.js).
 *
 * HedgeDoc runs it twice (§2): over the raw Markdown of the whole note
 * before anything is parsed (so a whitelisted tag's attributes are filtered
 * even inside code, `<br/>` becomes `<br />`), and over each slide's
 * rendered HTML (a tag not on the whitelist, `<?php`, `<!DOCTYPE>`, CDATA,
 * becomes text). Its tokenizer is not HTML's: a "tag" runs from `<` to the
 * next `>` outside attribute quotes, or to the end of the input; a second
 * `<` restarts it. Text outside tags has `<` and `>` escaped; comments are
 * kept.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_XSS_H
#define SCS_XSS_H

#include <stddef.h>

struct strbuf;

/* filterXSS(in[0..n)) appended to out. */
void xss_filter(const char *in, size_t n, struct strbuf *out);

#endif
