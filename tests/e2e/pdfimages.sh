#!/bin/sh
# PNGs in a PDF: decoded and compressed on worker threads, drawn through
# stand-ins and put into the file by pdf_finish (image.h). Checks that each
# PNG is stored once at its own size, with a soft mask only when it has
# transparency (an RGB PNG as its own zlib stream), and that the pages look
# as the directly rendered PNG pages do (pdftoppm against --format png).
# usage: pdfimages.sh SCS_PDF
set -u
BIN=$1
command -v pdfimages >/dev/null && command -v pdftoppm >/dev/null ||
	{ echo "poppler-utils missing: skipped"; exit 77; }
/usr/bin/python3 -c 'import PIL' 2>/dev/null || { echo "python3-pil missing: skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }

/usr/bin/python3 - "$T" <<'PY'
import sys
from PIL import Image
d = sys.argv[1]
a = Image.new("RGBA", (64, 32))
for y in range(32):
    for x in range(64):
        a.putpixel((x, y), (255 - 4 * x, 8 * y, 128, 255 if x < 32 else 4 * x))
a.save(d + "/alpha.png")
b = Image.new("RGB", (40, 20), (20, 160, 90))
for x in range(40):
    b.putpixel((x, 10), (250, 250, 0))
b.save(d + "/opaque.png")
Image.new("RGBA", (30, 30), (200, 30, 30, 255)).save(d + "/rgba-opaque.png")
PY
cat > "$T/deck.md" <<'MD'
---
slideOptions:
  theme: white
---

![](alpha.png =320x160) ![](opaque.png =200x100)

---

![](alpha.png =160x80) ![](rgba-opaque.png =x90)
MD

"$BIN" --quiet "$T/deck.md" -o "$T/deck.pdf" || bad "render"
pdfimages -list "$T/deck.pdf" > "$T/list"
cat "$T/list"
# pdfimages lists each use; count the objects
n_img=$(awk '$3 == "image" { print $11 }' "$T/list" | sort -u | wc -l)
n_mask=$(awk '$3 == "smask" { print $11 }' "$T/list" | sort -u | wc -l)
[ "$n_img" -eq 3 ] || bad "3 images stored (each PNG once), found $n_img"
[ "$n_mask" -eq 1 ] || bad "1 soft mask (only alpha.png is transparent), found $n_mask"
grep -q " image  *64  *32 " "$T/list" || bad "alpha.png at its own 64x32"
grep -q " image  *40  *20 " "$T/list" || bad "opaque.png at its own 40x20"
grep -q " smask  *64  *32 " "$T/list" || bad "alpha.png's mask at 64x32"
# an RGB PNG goes in as its own compressed rows, read with the PNG predictors
[ "$(grep -ac '/Predictor 15' "$T/deck.pdf")" -eq 1 ] || bad "opaque.png's own rows (/Predictor 15)"

# the PDF's pages look like the pages rendered directly: the mean colour
# difference is small (the two renderers interpolate scaled-up pixels a
# little differently at edges, so no pixel-exact comparison)
"$BIN" --quiet --format png --scale 0.5 "$T/deck.md" -o "$T/direct-%d.png" || bad "png render"
pdftoppm -r 36 -png "$T/deck.pdf" "$T/pdf"
for p in 1 2; do
	/usr/bin/python3 - "$T/direct-$p.png" "$T/pdf-$p.png" <<'PY' || bad "page $p differs from the direct rendering"
import sys
from PIL import Image, ImageChops, ImageStat
a = Image.open(sys.argv[1]).convert("RGB")
b = Image.open(sys.argv[2]).convert("RGB").resize(a.size)
d = ImageStat.Stat(ImageChops.difference(a, b)).mean
print("mean difference per channel:", [round(x, 2) for x in d])
sys.exit(0 if max(d) < 1.5 else 1)
PY
done
[ "$fail" -eq 0 ] && echo "PNGs in the PDF: ok"
[ "$fail" -eq 0 ]
