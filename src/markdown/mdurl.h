/*
 * mdurl.h — markdown-it 13's normalizeLink and normalizeLinkText
 * (lib/index.js) on what cmark has already encoded: the host of an
 * http:, https:, mailto: or scheme-less (//host) URL goes through
 * punycode (RFC 3492) — toASCII for the href, toUnicode for the text a
 * link shows — and that text is percent-decoded (mdurl.decode) except for
 * the characters ;/?:@&=+$,# and %.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_MDURL_H
#define SCS_MDURL_H

/* The URL with its host made ASCII (punycode), g_malloc'd; NULL when
 * nothing changes. */
char *mdurl_link(const char *url);

/* The text markdown-it shows for an autolink or linkify link of this URL,
 * g_malloc'd. */
char *mdurl_link_text(const char *url);

#endif
