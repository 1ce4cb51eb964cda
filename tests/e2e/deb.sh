#!/bin/sh
# The Debian package: cpack -G DEB in the build tree, then the .deb is
# unpacked into a scratch root with dpkg -x (no root, nothing installed on
# the machine) and its binary renders examples/demo.md with its own fonts
# and themes (an installed binary finds ../share/scs-pdf beside it). The PDF
# must have the pages and text the build tree's binary writes.
# usage: deb.sh BUILD_DIR CPACK SCS_PDF SOURCE_DIR
set -u
BUILD=$1
CPACK=$2
BIN=$3
SRC=$4
for tool in "$CPACK" dpkg-deb dpkg-shlibdeps pdfinfo pdftotext; do
	command -v $tool >/dev/null || { echo "$tool missing: skipped"; exit 77; }
done
. "$SRC/tests/e2e/lib.sh"

(cd "$BUILD" && "$CPACK" -G DEB -B "$T/pkg") > "$T/cpack.log" 2>&1 ||
	{ cat "$T/cpack.log"; echo "FAILED: cpack -G DEB"; exit 1; }
set -- "$T"/pkg/scs-pdf_*.deb
[ $# = 1 ] && [ -f "$1" ] || { ls "$T/pkg"; echo "FAILED: no single .deb"; exit 1; }
DEB=$1
echo "package: $(basename "$DEB"), $(wc -c < "$DEB") bytes"

# dependencies: dlopen()ed libraries by hand, the linked ones by shlibdeps
DEPS=$(dpkg-deb -f "$DEB" Depends)
echo "Depends: $DEPS"
for dep in librsvg2-2 libcurl4 libqpdf29 libc6 libcairo2 libpango-1.0-0 libyaml-0-2 libgumbo1; do
	case ", $DEPS," in
	*", $dep "*|*", $dep,"*|*"| $dep"*) ok ;;
	*) bad "Depends lacks $dep" ;;
	esac
done

dpkg -x "$DEB" "$T/root" || { echo "FAILED: dpkg -x"; exit 1; }
R=$T/root/usr
for f in bin/scs-pdf share/man/man1/scs-pdf.1 share/scs-pdf/themes/white.css \
	 share/scs-pdf/themes/hedgedoc.css; do
	[ -f "$R/$f" ] && ok || bad "missing /usr/$f"
done
n=$(find "$R/share/scs-pdf/fonts" -type f 2>/dev/null | wc -l)
[ "$n" -gt 0 ] && ok || bad "no fonts in /usr/share/scs-pdf/fonts"
grep -q '^\.TH SCS-PDF 1 .*@' "$R/share/man/man1/scs-pdf.1" && bad "man page: version not filled in" || ok
"$R/bin/scs-pdf" --version > "$T/version" 2>&1 && ok || bad "--version"

# the installed binary renders the example like the build tree's binary
"$R/bin/scs-pdf" -q "$SRC/examples/demo.md" -o "$T/installed.pdf" 2> "$T/err" && ok ||
	{ bad "installed binary: exit $?"; cat "$T/err"; }
"$BIN" -q "$SRC/examples/demo.md" -o "$T/built.pdf" 2> "$T/err" && ok ||
	{ bad "build tree binary: exit $?"; cat "$T/err"; }
if [ -s "$T/installed.pdf" ]; then
	head -c 5 "$T/installed.pdf" | grep -q '%PDF-' && ok || bad "not a PDF"
	pi=$(pdfinfo "$T/installed.pdf" | sed -n 's/^Pages: *//p')
	pb=$(pdfinfo "$T/built.pdf" | sed -n 's/^Pages: *//p')
	[ -n "$pi" ] && [ "$pi" = "$pb" ] && ok || bad "pages: installed $pi, build tree $pb"
	pdftotext "$T/installed.pdf" "$T/installed.txt"
	pdftotext "$T/built.pdf" "$T/built.txt"
	cmp -s "$T/installed.txt" "$T/built.txt" && ok || bad "text differs from the build tree's"
	pdfinfo "$T/installed.pdf" | grep -q '^Page size: *1920 x 1080' && ok || bad "page size"
fi
finish
