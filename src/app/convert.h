/*
 * convert.h — one deck to one document: the deck loaded (deck/deck.h:
 * source → front matter → split → Markdown/DOM → cascade → boxes → layout
 * → paint), then checked, dumped or written atomically (output/).
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef SCS_CONVERT_H
#define SCS_CONVERT_H

#include "base/diag.h"
#include "deck/options.h"

/* Render the deck; diagnostics go to d. Returns the exit status. */
enum scs_status scs_convert(const struct scs_options *o, struct diag *d);

#endif
