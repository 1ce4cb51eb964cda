/*
 * emoji.h — HedgeDoc's `:name:` emoji shortcodes (HEDGEDOC.md §3:
 * markdown-it-emoji plus emojify.js 1.1.0's 881 names). HedgeDoc draws them
 * as emojify's PNGs; scs-pdf draws the same emoji as Unicode text, which
 * fontconfig gives to the system's colour emoji font (Debian:
 * fonts-noto-color-emoji).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_EMOJI_H
#define SCS_EMOJI_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Look up the shortcode name[0..len) (without colons; ASCII case is
 * ignored, as emojify's regular expression has the `i` flag). Returns true
 * when emojify knows the name; *utf8 is then its Unicode sequence, or NULL
 * for GitHub's custom pictures (:octocat:, :shipit:, …) that have none.
 * *canon (optional) gets the lower-case name (static storage).
 */
bool emoji_lookup(const char *name, size_t len, const char **utf8, const char **canon);

#endif
