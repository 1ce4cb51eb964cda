#!/bin/sh
# The seed deck's pictures over HTTP (skipped without ../shared): its eight
# assets are served from 127.0.0.1 with 100 ms of added latency per request
# and the deck's https://input.scs.community/uploads/ URLs pointed there.
# Checked: the fetch phase takes <= 0.4 s (parallel), a second run
# revalidates from the cache and downloads nothing, each JPEG is in the PDF
# once with its own bytes at its pixel size, the SVG stays vectors, and the
# PDF is <= 1.1 x the raster assets' bytes + 5 KB per slide.
# usage: fetch-seed.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
SHARED=${SCS_SHARED:-$SRC/../shared}
ASSETS=$SHARED/decks/seed/deck-assets
[ -f "$SHARED/decks/seed/deck.md" ] && [ -d "$ASSETS" ] || { echo "no shared seed deck: skipped"; exit 77; }
command -v pdfimages >/dev/null || { echo "poppler-utils missing: skipped"; exit 77; }
. "$SRC/tests/e2e/httpd.sh"
httpd_start "$ASSETS" --delay 100
sed "s#https://input.scs.community/uploads/#$URL/files/#g" \
	"$SHARED/decks/seed/deck.md" > "$T/deck.md"
n_assets=$(ls "$ASSETS" | wc -l)

fail=0
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }

# first run: everything downloaded, in parallel
"$BIN" -v --cache-dir "$T/cache" "$T/deck.md" -o "$T/seed.pdf" 2>"$T/err" || bad "first run: exit $?"
line=$(grep "fetched .* remote assets in" "$T/err")
echo "first run:  ${line#*note: }"
secs=$(echo "$line" | sed -n 's/.* in \([0-9.]*\) s:.*/\1/p')
echo "$line" | grep -q "fetched $n_assets remote assets .*: $n_assets downloaded" ||
	bad "first run: not all $n_assets assets downloaded"
[ -n "$secs" ] && awk "BEGIN { exit !($secs <= 0.4) }" ||
	bad "fetch phase took ${secs:-?} s with 100 ms latency per asset (limit 0.4 s)"
grep "warning: image" "$T/err" && bad "first run: image warnings"

# second run: revalidated, nothing downloaded
mark=$(wc -l < "$T/log")
"$BIN" -v --cache-dir "$T/cache" "$T/deck.md" -o "$T/seed2.pdf" 2>"$T/err" || bad "second run: exit $?"
line=$(grep "fetched .* remote assets in" "$T/err")
echo "second run: ${line#*note: }"
echo "$line" | grep -q ": 0 downloaded (0 bytes), $n_assets not modified" ||
	bad "second run: downloads from the cache expected to be revalidations only"
tail -n +$((mark + 1)) "$T/log" | grep -v " 304$" && bad "second run: full downloads (above)"

# the PDF: JPEGs once each, unchanged, at their pixel size; the SVG not raster
pdfimages -list "$T/seed.pdf" | tail -n +3 > "$T/images"
"$PY" - "$ASSETS" "$T/images" "$T/seed.pdf" <<'PY' || fail=$((fail + 1))
import os, struct, sys
assets, listing, pdf = sys.argv[1:4]

def jpeg_size(b):
    i = 2
    while i + 9 < len(b):
        if b[i] != 0xFF:
            return None
        m = b[i + 1]
        n = struct.unpack(">H", b[i + 2:i + 4])[0]
        if 0xC0 <= m <= 0xCF and m not in (0xC4, 0xC8, 0xCC):
            h, w = struct.unpack(">HH", b[i + 5:i + 9])
            return w, h
        i += 2 + n
    return None

rows = [r.split() for r in open(listing) if r.strip()]
images = [r for r in rows if r[2] == "image"]
jpegs = [(int(r[3]), int(r[4])) for r in images if r[8] == "jpeg"]
raster_bytes, ok = 0, True
want = []
for name in sorted(os.listdir(assets)):
    b = open(os.path.join(assets, name), "rb").read()
    if b[:3] == b"\xff\xd8\xff":
        want.append(jpeg_size(b))
    if not name.endswith(".svg"):
        raster_bytes += len(b)
n_raster = len([n for n in os.listdir(assets) if not n.endswith(".svg")])
if sorted(jpegs) != sorted(want):
    print("FAILED: JPEGs in the PDF %s, assets %s" % (sorted(jpegs), sorted(want)))
    ok = False
if len(images) != n_raster:
    print("FAILED: %d images in the PDF for %d raster assets (the SVG must stay vectors)"
          % (len(images), n_raster))
    ok = False
pages = int(os.popen("pdfinfo '%s'" % pdf).read().split("Pages:")[1].split()[0])
size, limit = os.path.getsize(pdf), 1.1 * raster_bytes + 5000 * pages
print("PDF %d bytes; limit 1.1 x %d raster bytes + 5 KB x %d pages = %d" %
      (size, raster_bytes, pages, limit))
if size > limit:
    print("FAILED: PDF too large")
    ok = False
print("%d JPEGs embedded as jpeg at their pixel size, %d images for %d raster assets"
      % (len(jpegs), len(images), n_raster))
sys.exit(0 if ok else 1)
PY
[ "$fail" -eq 0 ] && echo "passed" || echo "$fail failed"
[ "$fail" -eq 0 ]
