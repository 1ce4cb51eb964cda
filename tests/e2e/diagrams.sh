#!/bin/sh
# Diagram blocks through the binary: drawn diagrams are real text in the PDF
# (graphviz, mermaid flowchart and sequence, sequence, flow, abc when
# abcm2ps is installed); a mermaid block that does not parse shows its
# source and the parser's message; a broken graphviz block stays code; each
# failure is a warning at its line; Graphviz attributes that read files are
# refused (--safe) or confined to the deck's folder, and the secret outside
# never reaches the PDF.
# usage: diagrams.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
command -v pdftotext >/dev/null || { echo "poppler-utils missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAILED: $1"; }
mkdir -p "$T/deck" "$T/outside"
printf '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40"><text y="30">SECRETDIAGRAM</text></svg>\n' > "$T/outside/secret.svg"
F='```'
cat > "$T/deck/deck.md" <<DECK
# Diagrams

${F}graphviz
digraph { GVNODE -> GVOTHER }
${F}

---

${F}mermaid
flowchart TD
    A[MMNODE] -->|MMEDGE| B((MMCIRCLE))
${F}

---

${F}mermaid
sequenceDiagram
    Alice->>Bob: SEQMESSAGE
${F}

---

${F}sequence
Alice->Bob: JSSEQMESSAGE
${F}

---

${F}flow
st=>start: FLOWSTART
e=>end: FLOWEND
st->e
${F}

---

${F}mermaid
graph TD
    A[unclosed --> B
${F}

---

${F}graphviz
digraph { a ->
${F}

---

${F}graphviz
digraph { a [image="$T/outside/secret.svg"]; a -> b }
${F}

---

${F}graphviz
digraph { a [image="../outside/secret.svg"]; a -> b }
${F}

---

${F}abc
X:1
T:ABCTITLE
K:C
CDEF|
${F}
DECK
for mode in "" --safe; do
	"$BIN" $mode "$T/deck/deck.md" -o "$T/out.pdf" 2> "$T/err" || bad "render $mode"
	pdftotext "$T/out.pdf" "$T/out.txt"
	for w in GVNODE GVOTHER MMNODE MMEDGE MMCIRCLE SEQMESSAGE JSSEQMESSAGE FLOWSTART FLOWEND; do
		grep -q "$w" "$T/out.txt" && ok || bad "$mode: $w is not text in the PDF"
	done
	grep -q 'Parse error on line 2' "$T/out.txt" && ok || bad "$mode: no mermaid error box"
	grep -q 'digraph { a ->' "$T/out.txt" && ok || bad "$mode: the broken graph is not code"
	grep -q 'deck.md:39:1: warning: mermaid: parse error' "$T/err" && ok ||
		bad "$mode: no warning at the broken mermaid line"
	grep -q 'deck.md:45:1: warning: graphviz: syntax' "$T/err" && ok ||
		bad "$mode: no warning at the broken graph"
	grep -q SECRETDIAGRAM "$T/out.txt" && bad "$mode: the secret reached the PDF" || ok
	if [ -z "$mode" ]; then
		grep -q "is not a file in the deck's folder" "$T/err" && ok || bad "no confinement warning"
	else
		grep -q 'reads a file; refused with --safe' "$T/err" && ok || bad "no --safe refusal"
	fi
	if [ -x /usr/bin/abcm2ps ]; then
		grep -q ABCTITLE "$T/out.txt" && ok || bad "$mode: the tune's title is not text"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
