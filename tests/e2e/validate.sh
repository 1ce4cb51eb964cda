#!/bin/sh
# Every kind of PDF scs-pdf writes, read by independent readers (issue 13):
# tests/decks/document.md as slides, --fragments, --handout 4,
# --notes-pages and --pdfa=3b; a deck with one picture drawn seven times
# and colour emoji (the same one repeated, five different ones);
# tests/decks/readers.md (text cut off below the page and past its right
# edge, math whose glyphs carry two texts or none, marks no reader shows);
# and the shared decks seed, features, 01, 24 and math with their asset
# maps when ../shared is there. Each PDF must pass `qpdf --check` without
# a warning, open in pypdf's strict mode and in pikepdf, give the same text
# in poppler, MuPDF, pdf.js and pypdf (tests/pdfvalidate.py), and look the
# same after a qpdf rewrite (pdftoppm at 24 dpi). The validators' own
# messages are printed on failure. A missing tool skips the test, except
# under CI (CI set), where it fails: .ci/run installs them all.
# usage: validate.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
SHARED=${SCS_SHARED:-$SRC/../shared}
PDFJS=/usr/share/javascript/pdf/build
missing() {
	if [ -n "${CI:-}" ]; then
		echo "$1 missing (see the README's install command): FAILED under CI"
		exit 1
	fi
	echo "$1 missing (see the README's install command): skipped"
	exit 77
}
# Debian's python3 has pypdf and pikepdf; a python3 earlier in PATH may not
PY=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import pypdf, pikepdf' 2>/dev/null; then
		PY=$p
		break
	fi
done
for t in qpdf pdftoppm pdftotext mutool node; do
	command -v "$t" >/dev/null || missing "$t"
done
[ -n "$PY" ] || missing "python3 with pypdf and pikepdf"
[ -f "$PDFJS/pdf.js" ] && [ -f "$PDFJS/pdf.worker.js" ] || missing "pdf.js (package libjs-pdf, $PDFJS)"
. "$SRC/tests/e2e/lib.sh"
export SOURCE_DATE_EPOCH=0

render() { # NAME ARGS... → $T/NAME.pdf
	name=$1; shift
	if "$BIN" -q "$@" -o "$T/$name.pdf" 2>"$T/err"; then ok; else bad "render $name: exit $?"; cat "$T/err"; fi
}

DECK=$SRC/tests/decks/document.md
render slides "$DECK"
render fragments --fragments "$DECK"
render handout --handout 4 "$DECK"
render notes --notes-pages "$DECK"
render pdfa --pdfa=3b "$DECK"
render pdfa2 --pdfa "$DECK"

# one PNG seven times, the same emoji seven times, five different ones
"$PY" - "$T" <<'EOF'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
rows = b"".join(b"\0" + bytes([200, 40, 40]) * 16 for _ in range(16))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
open(sys.argv[1] + "/red.png", "wb").write(png)
open(sys.argv[1] + "/party.md", "w").write(
    "# Party \U0001F389\U0001F382\U0001F388\U0001F973\U0001F381\n\n"
    + "\U0001F389" * 7 + "\n\n" + "![red](red.png) " * 7 + "![](red.png?v=1)\n\n"
    + "---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
    + "<table><tr><th>r</th><td>x</td></tr><tr><th>s</th><td>y</td></tr></table>\n\n"
    + "\u4e2d\u6587 \u65e5\u672c\u8a9e\n")
EOF
# (a ZWJ sequence and an emoji with U+FE0F in a list item: one glyph per
# code point, with ink, or MuPDF reads something else or nothing)
printf '# Tools\n\n* notes \360\237\223\223 and \360\237\221\251\342\200\215\360\237\222\273 \360\237\225\257\357\270\217\n' > "$T/zwj.md"
render zwj "$T/zwj.md"
render party "$T/party.md"
render partya --pdfa "$T/party.md"
render readers "$SRC/tests/decks/readers.md"
render readers4 --handout 4 "$SRC/tests/decks/readers.md"

# the shared decks, with their asset maps as bench/fidelity uses them
for d in seed features 01-scs-cc-2023-08-31 24-literasee-math math; do
	dir=$SHARED/decks/$d
	[ -f "$dir/deck.md" ] || continue
	set --
	if [ -f "$dir/assets.args" ]; then
		while IFS= read -r line; do
			[ -n "$line" ] && set -- "$@" --asset-map "${line%%=*}=$dir/${line#*=}"
		done < "$dir/assets.args"
	fi
	render "shared-$d" --offline --no-cache "$@" "$dir/deck.md"
done

for f in "$T"/*.pdf; do
	n=$(basename "$f" .pdf)
	if qpdf --check "$f" >"$T/qpdf" 2>&1; then ok; else bad "$n: qpdf --check"; grep -v "^checking\|^PDF Version\|^File is not" "$T/qpdf" | head -20; fi
	if "$PY" "$SRC/tests/pdfvalidate.py" "$f" >"$T/val" 2>&1; then ok; else bad "$n: readers disagree"; head -20 "$T/val"; fi
	# no stand-in is left for a picture (image.h)
	if grep -aq "/CCITTFaxDecode" "$f"; then bad "$n: a picture's stand-in is left in the file"; else ok; fi
	# a qpdf rewrite shows the same
	if qpdf "$f" "$T/rewritten.pdf" >"$T/qpdf" 2>&1; then ok; else bad "$n: qpdf rewrite"; head -20 "$T/qpdf"; fi
	pdftoppm -r 24 "$f" "$T/a" && pdftoppm -r 24 "$T/rewritten.pdf" "$T/b"
	same=1
	for a in "$T"/a-*.ppm; do
		cmp -s "$a" "$T/b-${a##*/a-}" || { same=0; echo "  differs: page ${a##*/a-}"; }
	done
	[ $same = 1 ] && ok || bad "$n: renders differently after a qpdf rewrite"
	rm -f "$T"/a-*.ppm "$T"/b-*.ppm
done

# PDF/A: the clauses tests/pdfa_check.py names, read back with pikepdf
for x in pdfa:3 pdfa2:2 partya:2; do
	if "$PY" "$SRC/tests/pdfa_check.py" "$T/${x%:*}.pdf" "${x#*:}" >"$T/pdfa" 2>&1; then ok; else bad "${x%:*}: PDF/A-${x#*:}b clauses"; head -20 "$T/pdfa"; fi
done
"$PY" -c 'import pikepdf, sys
p = pikepdf.open(sys.argv[1])
ef = p.Root.AF[0].EF.F.read_bytes()
sys.exit(ef != open(sys.argv[2], "rb").read())' "$T/pdfa.pdf" "$DECK" && ok || bad "--pdfa=3b: the embedded source is not the deck"

# PDF/UA basics: /Lang, DisplayDocTitle, /Alt on every Figure (the file
# name when the alt text is empty), table header scopes, links described,
# /Tabs /S where there are annotations; all content tagged or an artifact
for n in slides party handout notes; do
	"$PY" - "$T/$n.pdf" >"$T/ua" 2>&1 <<'EOF'
import sys, pikepdf
p = pikepdf.open(sys.argv[1])
bad = []
if "/Lang" not in p.Root: bad.append("no /Lang")
if not p.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False): bad.append("no DisplayDocTitle")
ths = []
for o in p.objects:
    if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure" and "/Alt" not in o:
        bad.append("Figure without /Alt")
    if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/TH":
        ths.append(str(o.get("/A", {}).get("/Scope")))
    if isinstance(o, pikepdf.Dictionary) and o.get("/Subtype") == "/Link" and "/Contents" not in o:
        bad.append("link without /Contents")
marking = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"', "Do", "sh", "BI"}
for i, pg in enumerate(p.pages):
    if "/Annots" in pg and pg.get("/Tabs") != "/S": bad.append("page %d: no /Tabs /S" % (i + 1))
    depth = 0
    for operands, op in pikepdf.parse_content_stream(pg):
        op = str(op)
        depth += op in ("BDC", "BMC")
        depth -= op == "EMC"
        if depth == 0 and op in marking:
            bad.append("page %d: %s neither tagged nor an artifact" % (i + 1, op))
if sys.argv[1].endswith("party.pdf"):
    alts = [str(o.Alt) for o in p.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Figure"]
    if alts != ["red"] * 7 + ["red.png"]: bad.append("alt texts %s" % alts)
    if ths != ["/Column", "/Column", "/Column", "/Row"]: bad.append("TH scopes %s" % ths)
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
	[ $? = 0 ] && ok || { bad "$n: PDF/UA basics"; head -10 "$T/ua"; }
done

# every distinct emoji extracts as itself in every reader
want="🎉🎂🎈🥳🎁"
for how in poppler mupdf pypdf pdf.js; do
	case $how in
	poppler) pdftotext "$T/party.pdf" - ;;
	mupdf) mutool draw -q -F txt -o - "$T/party.pdf" ;;
	pdf.js) node "$SRC/tests/pdfjs_text.js" "$T/party.pdf" | tr -d '\f' ;;
	pypdf) "$PY" -c 'import pypdf, sys; print(pypdf.PdfReader(sys.argv[1]).pages[0].extract_text())' "$T/party.pdf" ;;
	esac > "$T/text" 2>/dev/null
	tr -d ' \n' < "$T/text" | grep -q "$want🎉🎉🎉🎉🎉🎉🎉" && ok || { bad "$how reads the emoji as: $(tr -d '\n' < "$T/text")"; }
done

# --format svg: a picture is its own file as a data: URL, and the page
# opens in librsvg (read back as a picture of a deck, no warning)
if "$BIN" -q --format svg --slides 1 "$T/party.md" -o "$T/page-%d.svg" 2>"$T/err"; then ok; else bad "svg: exit $?"; cat "$T/err"; fi
"$PY" -c 'import base64, sys
svg = open(sys.argv[1]).read()
png = base64.b64encode(open(sys.argv[2], "rb").read()).decode()
sys.exit(0 if "data:image/png;base64," + png in svg and len(svg) < 400000 else 1)' "$T/page-1.svg" "$T/red.png" && ok || bad "svg: the PNG is not embedded as itself"
grep -q '<text [^>]*>Party </text>' "$T/page-1.svg" && ok || bad "svg: no text element with the heading"
printf '![page](page-1.svg)\n' > "$T/usesvg.md"
if "$BIN" --format png "$T/usesvg.md" -o "$T/usesvg.png" 2>"$T/err" && ! grep -q "warning" "$T/err"; then ok; else bad "svg: librsvg does not take the page"; cat "$T/err"; fi

finish
