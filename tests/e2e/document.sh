#!/bin/sh
# The PDF as a document, on tests/decks/document.md: link annotations and
# where they lead, the outline, page labels, metadata, the structure tree
# with alt texts, byte-identical output with SOURCE_DATE_EPOCH; handouts and
# notes pages keep links and outline; PNG/SVG pages and -o patterns.
# The PDF is read back with tests/pdfinspect.py (python3, standard library).
# usage: document.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
DECK=$SRC/tests/decks/document.md
PY=$(command -v python3 || true)
[ -n "$PY" ] || { echo "python3 missing: skipped"; exit 77; }
. "$SRC/tests/e2e/lib.sh"
run() { # run DESCRIPTION COMMAND... (must exit 0)
	desc=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok; else bad "$desc: exit $?"; cat "$T/err"; fi
}
inspect() { "$PY" "$SRC/tests/pdfinspect.py" "$1" > "$2" || bad "pdfinspect $1"; }
# assert DESCRIPTION JSON PYTHON-EXPRESSION (d = the inspected document)
assert() {
	if "$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
r = eval(sys.argv[2])
if not r:
    print(json.dumps(d, ensure_ascii=False)[:3000])
sys.exit(0 if r else 1)' "$2" "$3" > "$T/assert"; then ok; else bad "$1"; head -c 3000 "$T/assert"; echo; fi
}

# ---- slides: links, outline, labels, metadata, structure ------------------
export SOURCE_DATE_EPOCH=0
run "render" "$BIN" -q "$DECK" -o "$T/a.pdf"
run "render again" "$BIN" -q "$DECK" -o "$T/b.pdf"
cmp -s "$T/a.pdf" "$T/b.pdf" && ok || bad "two renders with SOURCE_DATE_EPOCH=0 differ"
run "render to stdout" sh -c "'$BIN' -q '$DECK' -o - > '$T/c.pdf'"
cmp -s "$T/a.pdf" "$T/c.pdf" && ok || bad "-o - gives other bytes than -o FILE"
SOURCE_DATE_EPOCH=86400 "$BIN" -q "$DECK" -o "$T/d.pdf"
cmp -s "$T/a.pdf" "$T/d.pdf" && bad "SOURCE_DATE_EPOCH does not reach the PDF" || ok
if command -v qpdf >/dev/null; then
	# no warnings either (exit 3): qpdf's own words on failure
	if qpdf --check "$T/a.pdf" >"$T/qpdf" 2>&1; then ok; else bad "qpdf --check"; cat "$T/qpdf"; fi
fi
inspect "$T/a.pdf" "$T/a.json"
J=$T/a.json
assert "4 pages of 1920x1080" "$J" 'len(d["pages"]) == 4 and all(p["size"] == [1920, 1080] for p in d["pages"])'
assert "metadata from the front matter" "$J" 'd["info"]["Title"] == "The document test" and d["info"]["Subject"] == "Links, outline, metadata, structure" and d["info"]["Keywords"] == "scs-pdf, tests" and d["info"]["Author"] == "Ada Lovelace"'
assert "Creator is scs-pdf VERSION" "$J" 'd["info"]["Creator"].startswith("scs-pdf ") and d["info"]["Creator"][8:9].isdigit()'
assert "dates from SOURCE_DATE_EPOCH" "$J" '"19700101000000" in d["info"]["CreationDate"] and "19700101000000" in d["info"]["ModDate"]'
assert "document language" "$J" 'd["lang"] == "de-DE"'
assert "viewers show the title" "$J" 'd["display_doc_title"]'
assert "tagged (MarkInfo)" "$J" 'd["marked"]'
# links of slide 1: two web links, four jumps (#/2 → h 2 = page 4; #/1/1,
# #target and #/named → page 3); #/9 has no slide and gets no link
assert "external links" "$J" 'sorted(l["uri"] for l in d["pages"][0]["links"] if "uri" in l) == ["https://example.org/path?q=1&r=%282%29", "https://scs.community/"]'
assert "internal links jump to their slides" "$J" 'sorted(l["page"] for l in d["pages"][0]["links"] if "page" in l) == [3, 3, 3, 4]'
assert "link areas lie on the page" "$J" 'all(0 <= l["rect"][0] < l["rect"][2] <= 1920 and l["rect"][1] < l["rect"][3] for l in d["pages"][0]["links"])'
assert "backward link" "$J" '[l.get("page") for l in d["pages"][3]["links"]] == [1]'
assert "outline: horizontal slides, vertical ones nested, Slide N without a heading" "$J" 'd["outline"] == [{"title": "Start", "page": 1}, {"title": "Second", "page": 2, "children": [{"title": "Vertical", "page": 3}]}, {"title": "Slide 3", "page": 4}]'
assert "page labels are the slide numbers" "$J" 'd["page_labels"] == ["1", "2.1", "2.2", "3"]'
assert "structure: headings, paragraphs, lists, tables, links" "$J" 'all(d["struct"]["tags"].get(t, 0) > 0 for t in ("Document", "Sect", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TD", "Link"))'
assert "one Sect per slide" "$J" 'd["struct"]["tags"]["Sect"] == 4'
assert "figures with their alt text" "$J" 'd["struct"]["figure_alts"] == ["Ein blauer Kreis", "Verlinkter Kreis"]'
if command -v pdftotext >/dev/null; then
	pdftotext "$T/a.pdf" - | grep -q "The target" && ok || bad "text not extractable"
	pdftotext "$T/a.pdf" - | grep -q "Say" && bad "speaker notes on a slide" || ok
fi

# title from the first heading when the front matter has none
printf '# First heading\n\ntext\n\n---\n\n# Second\n' > "$T/notitle.md"
run "no title" "$BIN" -q "$T/notitle.md" -o "$T/notitle.pdf"
inspect "$T/notitle.pdf" "$T/n.json"
assert "Title from the first heading; language en by default" "$T/n.json" 'd["info"]["Title"] == "First heading" and d["lang"] == "en"'

# --slides: a subset keeps its labels, outline and links among itself
run "--slides" "$BIN" -q --slides 2-3 "$DECK" -o "$T/sub.pdf"
inspect "$T/sub.pdf" "$T/sub.json"
assert "--slides 2-3: 2 pages labelled 2.1, 2.2" "$T/sub.json" 'd["page_labels"] == ["2.1", "2.2"] and len(d["pages"]) == 2'
assert "--slides 2-3: outline" "$T/sub.json" 'd["outline"] == [{"title": "Second", "page": 1, "children": [{"title": "Vertical", "page": 2}]}]'

# structure deeper than MAX_STRUCT_DEPTH is folded, links inside rotated
# and faded groups still get their annotations
"$PY" -c 'import sys
s = "".join("  " * i + "* level %d [l](#/2)\n" % i for i in range(120))
s += "\n---\n\n" + "> " * 150 + "deep [x](https://x.example/)\n\n---\n\n"
s += "<div style=\"transform: rotate(30deg); opacity: .5\"><p>turned <a href=\"https://r.example/\">link</a></p></div>\n"
open(sys.argv[1], "w").write(s)' "$T/deep.md"
run "deep structure" "$BIN" -q "$T/deep.md" -o "$T/deep.pdf"
inspect "$T/deep.pdf" "$T/deep.json"
# (the list runs off the page and the quote is cut off: links wholly off the
# page are left out, those that show are annotated within the page)
assert "deep structure: every link on the page annotated" "$T/deep.json" '0 < len(d["pages"][0]["links"]) < 120 and all(0 <= l["rect"][0] <= l["rect"][2] <= 1920 and 0 <= l["rect"][1] <= l["rect"][3] <= 1080 for p in d["pages"] for l in p["links"]) and [len(p["links"]) for p in d["pages"]][1:] == [0, 1] and d["pages"][2]["links"][0]["uri"] == "https://r.example/"'
assert "deep structure: tagged, folded" "$T/deep.json" 'd["marked"] and 0 < d["struct"]["tags"]["L"] <= 64'

# ---- handouts and notes pages ------------------------------------------------
run "--handout 2" "$BIN" -q --handout 2 "$DECK" -o "$T/h2.pdf"
inspect "$T/h2.pdf" "$T/h2.json"
J=$T/h2.json
assert "handout: 2 A4 sheets" "$J" 'len(d["pages"]) == 2 and all(abs(p["size"][0] - 595.28) < 0.1 and abs(p["size"][1] - 841.89) < 0.1 for p in d["pages"])'
assert "handout: links on the sheet lead to the sheets of their slides" "$J" 'sorted(l["page"] for l in d["pages"][0]["links"] if "page" in l) == [2, 2, 2, 2] and len([l for l in d["pages"][0]["links"] if "uri" in l]) == 2'
# the same link areas as on the slides, scaled by the frame (one ratio for
# all; cairo rounds /Rect to whole points)
assert "handout: link areas scaled into the frames" "$J" '(lambda s, h: len(s) == len(h) and (lambda r: 0.1 < r < 0.5 and all(abs((b["rect"][2] - b["rect"][0]) - r * (a["rect"][2] - a["rect"][0])) <= 2 for a, b in zip(s, h)))((h[0]["rect"][2] - h[0]["rect"][0]) / (s[0]["rect"][2] - s[0]["rect"][0])))(json.load(open("'"$T"'/a.json"))["pages"][0]["links"], d["pages"][0]["links"])'
assert "handout: outline still leads to the slides" "$J" '[e["page"] for e in d["outline"]] == [1, 1, 2] and d["outline"][1]["children"][0]["page"] == 2'
assert "handout: still tagged, with alt texts" "$J" 'd["marked"] and d["struct"]["figure_alts"] == ["Ein blauer Kreis", "Verlinkter Kreis"]'
if command -v pdftotext >/dev/null; then
	pdftotext -f 2 -l 2 "$T/h2.pdf" - | grep -q "The target" && ok || bad "handout: text not selectable"
	pdftotext -f 1 -l 1 "$T/h2.pdf" - | grep -q "The document test" && ok || bad "handout: no title at the top"
	pdftotext -f 1 -l 1 "$T/h2.pdf" - | grep -q "1 */ *2" && ok || bad "handout: no page number"
fi
for n in 1 3 4 6 9; do
	want=$(( (4 + n - 1) / n ))
	run "--handout $n" "$BIN" -q --handout $n "$DECK" -o "$T/h$n.pdf"
	inspect "$T/h$n.pdf" "$T/h$n.json"
	assert "--handout $n: $want sheets" "$T/h$n.json" "len(d['pages']) == $want"
done
run "--paper letter" "$BIN" -q --handout 4 --paper letter "$DECK" -o "$T/letter.pdf"
inspect "$T/letter.pdf" "$T/letter.json"
assert "letter paper" "$T/letter.json" 'd["pages"][0]["size"] == [612, 792]'
run "--notes-pages" "$BIN" -q --notes-pages "$DECK" -o "$T/notes.pdf"
inspect "$T/notes.pdf" "$T/notes.json"
assert "notes pages: one per slide, labelled" "$T/notes.json" 'len(d["pages"]) == 4 and d["page_labels"] == ["1", "2.1", "2.2", "3"]'
assert "notes pages: the notes' link works" "$T/notes.json" '"https://example.com/notes" in [l.get("uri") for l in d["pages"][0]["links"]]'
if command -v pdftotext >/dev/null; then
	pdftotext -f 1 -l 1 "$T/notes.pdf" - | tr '\n' ' ' | grep -q "Say hello and point at the site" && ok || bad "notes page 1 lacks its notes"
	pdftotext -f 4 -l 4 "$T/notes.pdf" - | grep -q "The last slide.s notes" && ok || bad "notes page 4 lacks its notes"
fi

# ---- PNG and SVG ---------------------------------------------------------------
run "svg pattern" "$BIN" -q --format svg --scale 0.25 "$DECK" -o "$T/s-%02d.svg"
[ "$(ls "$T"/s-0[1-4].svg 2>/dev/null | wc -l)" -eq 4 ] && ok || bad "svg: 4 files s-01..s-04"
grep -q "<svg" "$T/s-03.svg" && grep -q 'width="480px"' "$T/s-03.svg" && ok || bad "svg: 480px wide <svg> at --scale 0.25"
run "png one slide to stdout" sh -c "'$BIN' -q --format png --scale 0.25 --slides 4 '$DECK' -o - > '$T/one.png'"
"$PY" -c 'import struct, sys
b = open(sys.argv[1], "rb").read(24)
sys.exit(0 if b[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", b[16:24]) == (480, 270) else 1)' "$T/one.png" && ok || bad "png to stdout: a 480x270 PNG"
run "png names by slide" "$BIN" -q --format png --scale 0.1 --slides 2,4 "$DECK" -o "$T/p.png"
[ -s "$T/p-002.png" ] && [ -s "$T/p-004.png" ] && [ ! -e "$T/p-001.png" ] && ok || bad "png: p-002.png and p-004.png"
run "handout as png" "$BIN" -q --format png --handout 4 "$DECK" -o "$T/sheet-%d.png"
[ -s "$T/sheet-1.png" ] && [ ! -e "$T/sheet-2.png" ] && ok || bad "png handout: one sheet"

# ---- text with variation selectors ------------------------------------------
# HedgeDoc's footnote back-reference is "↩︎" (U+21A9 U+FE0E): the selector
# stays in the PDF's text, as a browser's page text has it
if command -v pdftotext >/dev/null; then
	printf 'Text[^1]\n\n[^1]: Note.\n' > "$T/fn.md"
	run "footnote deck" "$BIN" -q "$T/fn.md" -o "$T/fn.pdf"
	pdftotext "$T/fn.pdf" - | grep -q "$(printf '\342\206\251\357\270\216')" && ok ||
		bad "footnote back-reference: U+FE0E kept in the PDF text"
fi

finish
