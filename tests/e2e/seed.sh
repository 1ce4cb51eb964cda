#!/bin/sh
# The seed deck from ../shared (skipped when absent): 27 pages of 1920x1080,
# fidelity against the browser reference ≥ 70 with text recall ≥ 0.95 on
# every slide (issue "walking skeleton").
# usage: seed.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
SHARED=${SCS_SHARED:-$SRC/../shared}
DECK=$SHARED/decks/seed
[ -f "$DECK/deck.md" ] || { echo "no shared seed deck: skipped"; exit 77; }
command -v pdfinfo >/dev/null || { echo "poppler-utils missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$BIN" --quiet "$DECK/deck.md" -o "$T/seed.pdf" \
	--asset-map "https://input.scs.community/uploads/=$DECK/deck-assets" || exit 1
pdfinfo "$T/seed.pdf" > "$T/info"
grep -q "^Pages: *27$" "$T/info" || { echo "FAILED: 27 pages"; cat "$T/info"; exit 1; }
grep -q "^Page size: *1920 x 1080 pts" "$T/info" || { echo "FAILED: page size"; exit 1; }
/usr/bin/python3 -c 'import numpy, PIL, skimage' 2>/dev/null || { echo "python3-skimage missing: fidelity skipped"; exit 77; }
"$SHARED/tools/fidelity" "$T/seed.pdf" "$SHARED/reference/seed" --ignore-slide-number \
	--json "$T/f.json" > "$T/f.txt" || exit 1
tail -1 "$T/f.txt"
/usr/bin/python3 - "$T/f.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
score = d["summary"]["score"]
slides = d["slides"]
low = [s for s in slides if s.get("missing") or (s.get("recall") or 0) < 0.95]
print("score %.1f, slides with recall < 0.95: %d" % (score, len(low)))
for s in low:
    print("  slide", s.get("slide"), "recall", s.get("recall"))
sys.exit(0 if score >= 70 and not low else 1)
PY
