/*
 * emphasis.h — `*` and `_` emphasis as markdown-it 13 pairs it, where
 * cmark-gfm 0.29 does not.
 *
 * Both follow CommonMark's delimiter algorithm, but cmark 0.29 keeps one
 * lower bound for the opener search per marker and closing run length
 * (mod 3); CommonMark 0.30 and markdown-it (balance_pairs.js) keep one
 * more per whether the closer can also open. A closer that could open and
 * found no opener then hides, in cmark 0.29, the openers before it from a
 * later closer that cannot open: `*****Hello*world****` keeps `*****` and
 * `***` as text where markdown-it pairs three of each.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_MD_EMPHASIS_H
#define SCS_MD_EMPHASIS_H

#include <cmark-gfm.h>
#include <stddef.h>

/* Right after cmark_parser_finish: the `*` and `_` runs cmark left as text
 * among the same siblings are paired again with markdown-it's bounds
 * (each run's flanking and length read from md[0..len), the Markdown
 * parsed), wrapping what lies between them in <em> or <strong>. */
void md_emphasis_fix(cmark_node *root, const char *md, size_t len);

#endif
