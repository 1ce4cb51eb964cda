#!/bin/sh
# HedgeDoc Markdown through the binary: fragments (final state by default,
# one page per step with --fragments), speaker notes (never on the slide,
# printed by --dump=notes), and no Markdown extension syntax left as text
# in the PDF of the feature golden (pdftotext). With ../shared present, the
# same literal-syntax check on the shared feature deck and HedgeDoc's own
# slide example.
# usage: markdown.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
pass=0
check() {   # check NAME CONDITION-EXIT-STATUS
	if [ "$2" -eq 0 ]; then pass=$((pass + 1)); else echo "FAILED: $1"; fail=$((fail + 1)); fi
}
command -v pdfinfo >/dev/null && command -v pdftotext >/dev/null || { echo "poppler-utils missing"; exit 77; }

pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }

# fragments: 3 fragments in one group each → 4 pages with --fragments
"$BIN" -q "$SRC/tests/golden/fragments/deck.md" -o "$T/f.pdf"
check "final state: one page" $([ "$(pages "$T/f.pdf")" = 1 ]; echo $?)
pdftotext "$T/f.pdf" "$T/f.txt"
check "final state: fade-out fragment gone" $(! grep -q Three "$T/f.txt"; echo $?)
check "final state: other fragments shown" $(grep -q One "$T/f.txt" && grep -q Two "$T/f.txt"; echo $?)
"$BIN" -q --fragments "$SRC/tests/golden/fragments/deck.md" -o "$T/s.pdf"
check "--fragments: 1 + 3 pages" $([ "$(pages "$T/s.pdf")" = 4 ]; echo $?)
pdftotext -f 1 -l 1 "$T/s.pdf" "$T/s1.txt"
check "--fragments: first page hides 'One'" $(! grep -q One "$T/s1.txt"; echo $?)

# speaker notes
G="$SRC/tests/golden/features/deck.md"
"$BIN" -q --dump=notes "$G" > "$T/notes.txt"
check "--dump=notes prints the notes" $(grep -q "Speaker notes never show on the slide." "$T/notes.txt"; echo $?)
check "--dump=notes: one header per slide" $([ "$(grep -c '^== slide' "$T/notes.txt")" = 7 ]; echo $?)
"$BIN" -q "$G" -o "$T/g.pdf"
pdftotext "$T/g.pdf" "$T/g.txt"
check "notes not on the slide" $(! grep -q "Speaker notes" "$T/g.txt"; echo $?)

# no extension syntax left as text
literal='==[^= ]|\+\+[^+ ]|:[a-z_+]+:|^:::|\[\^[0-9a-z]+\]|\*\[[A-Za-z]+\]:|\{%|\[name=|\[time=|\[color=|\[TOC\]|~[A-Za-z0-9]+~|\^[A-Za-z0-9]+\^|\$'
check "feature golden: no literal syntax" $(! grep -E -q "$literal" "$T/g.txt"; echo $?)
check "feature golden: math converted" $(grep -q "$(printf '\316\261')" "$T/g.txt"; echo $?)
# --math tex: formulas as MathJax's input, \( \) and \[ \] around the source
"$BIN" -q --math tex "$G" -o "$T/gt.pdf"
pdftotext "$T/gt.pdf" "$T/gt.txt"
check "--math tex: TeX source shown" $(grep -q '\\(.*\\alpha' "$T/gt.txt" || grep -q '\\\[.*\\alpha' "$T/gt.txt"; echo $?)
check "--math tex: nothing typeset" $(! grep -q "$(printf '\316\261')" "$T/gt.txt"; echo $?)

SH="$SRC/../shared/decks"
if [ -d "$SH" ]; then
	for d in features 15-hedgedoc-slide-example; do
		[ -f "$SH/$d/deck.md" ] || continue
		"$BIN" -q "$SH/$d/deck.md" -o "$T/$d.pdf"
		pdftotext "$T/$d.pdf" "$T/$d.txt"
		# `$1`-style prices are text in HedgeDoc too: leave `$` out here
		check "$d: no literal syntax" $(! grep -E -q "$(echo "$literal" | sed 's/|\\\$$//')" "$T/$d.txt"; echo $?)
	done
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
