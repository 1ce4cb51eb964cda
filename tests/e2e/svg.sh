#!/bin/sh
# SVG pictures in a PDF, on tests/decks/svgtext.md: the SVG is recorded on
# a helper thread as soon as it is loaded (src/resources/image.c), and the
# page shows that recording. Its text stays text in the PDF (librsvg draws
# text as paths for any target but a PDF); output does not depend on when
# the thread finishes; an SVG that no page shows, a deck with @font-face
# (the thread then starts after the deck's fonts) and handouts work.
# usage: svg.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
DECK=$SRC/tests/decks/svgtext.md
command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils) missing: skipped"; exit 77; }
. "$SRC/tests/e2e/lib.sh"
run() { # run DESCRIPTION COMMAND... (must exit 0)
	desc=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok; else bad "$desc: exit $?"; cat "$T/err"; fi
}
has_text() { # has_text PDF PAGE WORD...
	pdf=$1 page=$2; shift 2
	pdftotext -f "$page" -l "$page" "$pdf" "$T/page.txt" 2>"$T/err" || { bad "pdftotext $pdf"; cat "$T/err"; return; }
	for w in "$@"; do
		grep -q -- "$w" "$T/page.txt" && ok || { bad "$pdf page $page: no '$w' in its text"; cat "$T/page.txt"; }
	done
}

export SOURCE_DATE_EPOCH=0
run "render" "$BIN" -q "$DECK" -o "$T/a.pdf"
has_text "$T/a.pdf" 2 Kreisdiagramm "zweite Zeile" links scs-local-x klein
run "render again" "$BIN" -q "$DECK" -o "$T/b.pdf"
cmp -s "$T/a.pdf" "$T/b.pdf" && ok || bad "two renders differ"

# an SVG loaded for a page that is not written
run "--slides 1" "$BIN" -q --slides 1 "$DECK" -o "$T/c.pdf"
has_text "$T/c.pdf" 1 "Erste Seite"

# with @font-face the thread starts after the deck's fonts: same page
cp "$SRC/tests/decks/svgtext.svg" "$T/"
{ cat "$DECK"; printf '\n<style>\n@font-face { font-family: Nirgends; src: url(nirgends.ttf) }\n</style>\n'; } > "$T/faces.md"
run "@font-face" "$BIN" -q "$T/faces.md" -o "$T/d.pdf"
has_text "$T/d.pdf" 2 Kreisdiagramm scs-local-x
pdftotext -f 2 -l 2 "$T/a.pdf" "$T/a2.txt" && pdftotext -f 2 -l 2 "$T/d.pdf" "$T/d2.txt" &&
	cmp -s "$T/a2.txt" "$T/d2.txt" && ok || bad "page 2 reads otherwise with @font-face"

run "handout" "$BIN" -q --handout 4 "$DECK" -o "$T/e.pdf"
has_text "$T/e.pdf" 1 Kreisdiagramm scs-local-x
finish
