#!/bin/sh
# Text goldens: for each tests/DIR/<case>.md (DIR: layout, or math for the
# formulas typeset by src/math/), `scs-pdf --dump=KIND` is compared with
# <case>.KIND (boxes, dl, style, dom) for every such file. The cases use the
# fixed-advance font tests/fonts/ScsTest.ttf (and the bundled math font), so
# the numbers are exact on every machine. SCS_UPDATE_GOLDEN=1 rewrites the
# expectations.
# usage: dump.sh SCS_PDF SOURCE_DIR [DIR]
set -u
BIN=$1
SRC=$2
DIR=${3:-layout}
export SCS_EXTRA_FONT_DIR="$SRC/tests/fonts"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
for deck in "$SRC"/tests/"$DIR"/*.md; do
	[ -f "$deck" ] || continue
	stem=${deck%.md}
	for kind in dom style boxes dl; do
		exp=$stem.$kind
		if [ "${SCS_UPDATE_GOLDEN:-}" = 1 ] && [ "$kind" = boxes ] && [ ! -f "$exp" ]; then
			: > "$exp"
		fi
		[ -f "$exp" ] || continue
		if ! "$BIN" --quiet --dump="$kind" "$deck" > "$T/out" 2>"$T/err"; then
			echo "FAILED: $(basename "$deck") --dump=$kind: $(cat "$T/err")"
			fail=$((fail + 1))
			continue
		fi
		if [ "${SCS_UPDATE_GOLDEN:-}" = 1 ]; then
			cp "$T/out" "$exp"
			pass=$((pass + 1))
		elif diff -u "$exp" "$T/out" > "$T/diff"; then
			pass=$((pass + 1))
		else
			echo "FAILED: $(basename "$exp")"
			head -40 "$T/diff"
			fail=$((fail + 1))
		fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
