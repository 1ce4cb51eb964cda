#!/bin/sh
# Pictures in a PDF with the colours a browser shows (issue 13): a 16-bit
# grey PNG keeps its grey (76 stays 76), a PNG with an iCCP profile and a
# JPEG with an ICC profile (APP2) are drawn as their profile says (the
# colour converted to sRGB, as Chromium does), read back with pdftoppm
# (poppler converts ICCBased colour with lcms2); a JPEG's own bytes are
# its image, a grey one's in DeviceGray. Small generated fixtures;
# the profile is icc-profiles-free's compatibleWithAdobeRGB1998.icc.
# usage: colour.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
PROFILE=/usr/share/color/icc/compatibleWithAdobeRGB1998.icc
PY=
for p in python3 /usr/bin/python3; do
	if command -v "$p" >/dev/null && "$p" -c 'import PIL.ImageCms' 2>/dev/null; then
		PY=$p
		break
	fi
done
[ -n "$PY" ] || { echo "python3 with PIL missing: skipped"; exit 77; }
command -v pdftoppm >/dev/null || { echo "pdftoppm missing: skipped"; exit 77; }
[ -f "$PROFILE" ] || { echo "$PROFILE missing (Debian: icc-profiles-free): skipped"; exit 77; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

"$PY" - "$T" "$PROFILE" <<'EOF'
import io, sys
from PIL import Image, ImageCms
t, prof = sys.argv[1], open(sys.argv[2], "rb").read()
Image.new("I;16", (64, 64), 76 * 257).save(t + "/grey16.png")
Image.new("RGB", (64, 64), (200, 60, 40)).save(t + "/adobe.png", icc_profile=prof)
Image.new("RGB", (64, 64), (200, 60, 40)).save(t + "/adobe.jpg", quality=100, icc_profile=prof)
Image.new("L", (64, 64), 90).save(t + "/grey.jpg", quality=100)
# the colour a browser shows: the samples converted from the profile to sRGB
src = ImageCms.ImageCmsProfile(io.BytesIO(prof))
want = ImageCms.profileToProfile(Image.new("RGB", (1, 1), (200, 60, 40)), src,
                                 ImageCms.createProfile("sRGB")).getpixel((0, 0))
open(t + "/want", "w").write("%d %d %d\n" % want)
for name in ("grey16.png", "adobe.png", "adobe.jpg", "grey.jpg"):
    open(t + "/" + name + ".md", "w").write(
        "<style>.reveal .slides section img { width: 700px; height: 500px; margin: 0; "
        "border: 0; box-shadow: none; }</style>\n\n![](" + name + ")\n")
EOF

fail=0
for name in grey16.png adobe.png adobe.jpg grey.jpg; do
	"$BIN" -q "$T/$name.md" -o "$T/$name.pdf" || { echo "FAILED: $name: exit $?"; fail=1; continue; }
	pdftoppm -r 72 -f 1 -l 1 -png "$T/$name.pdf" "$T/$name"
	case $name in
	grey16.png) want="76 76 76" ;;
	grey.jpg) want="90 90 90" ;;
	*) want=$(cat "$T/want") ;;
	esac
	# the middle of the slide, where the picture is
	"$PY" - "$T/$name-1.png" "$want" "$name" <<'EOF' || fail=1
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
got = im.getpixel((im.width // 2, im.height // 2))
want = tuple(int(v) for v in sys.argv[2].split())
ok = all(abs(a - b) <= 3 for a, b in zip(got, want))
print("%s: %s %s, want %s" % ("ok" if ok else "FAILED", sys.argv[3], got, want))
sys.exit(0 if ok else 1)
EOF
	# a JPEG goes in as its own bytes (pdf_finish writes them in place of
	# the stand-in cairo drew), a grey one as DeviceGray
	case $name in
	*.jpg) "$PY" - "$T/$name" "$T/$name.pdf" <<'EOF' || fail=1 ;;
import re, sys
jpg, pdf = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read()
grey = "grey" in sys.argv[1]
dicts = [m.group(0) for m in re.finditer(rb"<<[^>]*/DCTDecode[^>]*>>", pdf)]
ok = (pdf.count(jpg) == 1 and len(dicts) == 1 and b"/Width 64" in dicts[0]
      and (b"/DeviceGray" in dicts[0]) == grey)
print("%s: %s: its bytes once in the PDF, %s" % ("ok" if ok else "FAILED", sys.argv[1],
                                               dicts))
sys.exit(0 if ok else 1)
EOF
	esac
done
exit $fail
