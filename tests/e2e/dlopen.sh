#!/bin/sh
# The libraries scs-pdf loads with dlopen() (src/*/*_dl.h) stay out of its
# start-up: none of them, nor libstdc++ (which libqpdf brings), is loaded
# before main() runs, where the dynamic linker would spend milliseconds on
# them in every run. And a PDF run where libqpdf cannot be loaded fails
# cleanly: status 6, a message naming libqpdf, no output file; pictures
# need no libqpdf.
# usage: dlopen.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"

# what the dynamic linker loads before main() runs (ldd), else what the
# binary links (readelf); the sanitizers' runtime brings libstdc++
if command -v ldd >/dev/null; then
	ldd "$BIN" | awk '{ print $1 }' > "$T/loaded"
elif command -v readelf >/dev/null; then
	readelf -d "$BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' > "$T/loaded"
fi
if [ -s "$T/loaded" ]; then
	libs="libqpdf librsvg libcurl libgvc libcgraph"
	[ "${SCS_SANITIZED:-0}" = 1 ] || libs="$libs libstdc++"
	for lib in $libs; do
		grep -q "^$lib[.-]" "$T/loaded" && bad "scs-pdf loads $lib at start-up (use dlopen())" || ok
	done
else
	echo "no ldd or readelf: the libraries loaded at start-up not checked"
fi

# an unloadable libqpdf.so.29 found first
mkdir "$T/lib"
: > "$T/lib/libqpdf.so.29"
printf '# Hi\n\ntext\n' > "$T/a.md"
LD_LIBRARY_PATH="$T/lib" "$BIN" "$T/a.md" -o "$T/a.pdf" 2> "$T/err"
st=$?
[ $st = 6 ] && ok || bad "without libqpdf: status $st, wanted 6"
grep -q "error: .*a.pdf: cannot finish the PDF without libqpdf" "$T/err" && ok ||
	{ bad "without libqpdf: no message"; cat "$T/err"; }
[ ! -e "$T/a.pdf" ] && ok || bad "without libqpdf: a PDF was left"
ls "$T" | grep -q "\.tmp-" && bad "without libqpdf: a temporary file was left" || ok
LD_LIBRARY_PATH="$T/lib" "$BIN" -q --format png --scale 0.1 "$T/a.md" -o "$T/a-%d.png" 2> "$T/err" &&
	ok || { bad "png without libqpdf: status $?"; cat "$T/err"; }
[ -s "$T/a-1.png" ] && ok || bad "png without libqpdf: no picture"
# and with it, the same deck is a PDF
"$BIN" -q "$T/a.md" -o "$T/a.pdf" 2> "$T/err" && ok || { bad "with libqpdf: status $?"; cat "$T/err"; }
head -c 5 "$T/a.pdf" | grep -q '%PDF-' && ok || bad "with libqpdf: no PDF"
finish
