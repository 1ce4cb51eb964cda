#!/bin/sh
# The exit statuses are one table (SCS_STATUSES in src/base/diag.h) that
# --help prints; the README's table and the man page's EXIT STATUS section
# must say the same, status by status. Formatting is ignored: backticks,
# roff requests and escapes, a capital first letter and a final period.
# usage: exit-status.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
. "$SRC/tests/e2e/lib.sh"

# "N meaning" lines, one per status, normalised
norm() { sed 's/^\([0-9]\) \(.\)/\1 \L\2/; s/\.$//; s/  */ /g'; }

"$BIN" --help | sed -n '/^Exit status/,/^[^ ]/{s/^  \([0-9]\)  /\1 /p}' | norm > "$T/help"
# README: the rows of the table under "### Exit status"
sed -n '/^### Exit status/,/^#/{s/^| \([0-9]\) | \(.*\) |$/\1 \2/p}' "$SRC/README.md" |
	tr -d '`' | norm > "$T/readme"
# man page: ".B N" after .TP in the EXIT STATUS section, then its text lines
sed -n '/^\.SH EXIT STATUS/,/^\.PP/p' "$SRC/doc/scs-pdf.1" | awk '
	/^\.TP/ { if (n != "") print n " " t; n = ""; t = ""; want = 1; next }
	/^\.PP/ { if (n != "") print n " " t; exit }
	want && /^\.B [0-9]$/ { n = $2; want = 0; next }
	n != "" { sub(/^\.B /, ""); gsub(/\\-/, "-"); t = (t == "" ? $0 : t " " $0) }
	' | norm > "$T/man"

n=$(wc -l < "$T/help")
[ "$n" -ge 9 ] && ok || bad "--help lists $n exit statuses"
for f in readme man; do
	if cmp -s "$T/help" "$T/$f"; then
		ok
	else
		bad "$f disagrees with --help (SCS_STATUSES):"
		diff "$T/help" "$T/$f"
	fi
done
finish
