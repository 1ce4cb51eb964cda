#!/bin/sh
# Pixel goldens: every tests/golden/<case>/deck.md is rendered at 960x540
# (--format png --scale 0.5) and compared with expected/page-NNN.png by
# pngdiff (max per-channel difference ≤ the case's `tolerance` file, default
# 8). On failure, <case>-page-NNN-out.png and -diff.png are written to
# $SCS_TEST_OUTPUT_DIR. SCS_UPDATE_GOLDEN=1 rewrites the references.
# Directories named ignore-* are skipped.
# usage: golden.sh SCS_PDF PNGDIFF SOURCE_DIR
set -u
BIN=$1
DIFF=$2
SRC=$3
OUT=${SCS_TEST_OUTPUT_DIR:-$PWD/golden-out}
mkdir -p "$OUT"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
for dir in "$SRC"/tests/golden/*/; do
	name=$(basename "$dir")
	case $name in ignore-*) continue ;; esac
	[ -f "$dir/deck.md" ] || continue
	tol=8
	[ -f "$dir/tolerance" ] && tol=$(cat "$dir/tolerance")
	args=""
	[ -f "$dir/args" ] && args=$(cat "$dir/args")
	mkdir -p "$T/$name"
	# shellcheck disable=SC2086
	if ! "$BIN" --quiet --format png --scale 0.5 $args "$dir/deck.md" -o "$T/$name/page-%03d.png"; then
		echo "FAILED: $name: render"
		fail=$((fail + 1))
		continue
	fi
	if [ "${SCS_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$dir/expected"
		rm -f "$dir"/expected/page-*.png
		cp "$T/$name"/page-*.png "$dir/expected/"
		echo "updated $name"
		pass=$((pass + 1))
		continue
	fi
	n_exp=$(ls "$dir"/expected/page-*.png 2>/dev/null | wc -l)
	n_got=$(ls "$T/$name"/page-*.png | wc -l)
	if [ "$n_exp" -ne "$n_got" ]; then
		echo "FAILED: $name: $n_got pages, expected $n_exp"
		fail=$((fail + 1))
		continue
	fi
	for exp in "$dir"/expected/page-*.png; do
		p=$(basename "$exp" .png)
		if "$DIFF" "$exp" "$T/$name/$p.png" "$tol" "$OUT/$name-$p-diff.png" >"$T/msg"; then
			pass=$((pass + 1))
		else
			cp "$T/$name/$p.png" "$OUT/$name-$p-out.png"
			echo "FAILED: $name/$p: $(cat "$T/msg") (see $OUT/$name-$p-out.png, -diff.png)"
			fail=$((fail + 1))
		fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
