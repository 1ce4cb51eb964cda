#!/bin/sh
# style_dump_diff.sh OLD_BIN NEW_BIN [DECKS_DIR] — for refactors of the CSS
# engine: prints `--dump=style` and the warnings of every deck in DECKS_DIR
# (default /work/shared/decks/*/deck.md) with both binaries and diffs them.
# Exit 0 when every deck gives the same bytes, 1 otherwise.
set -u
OLD=$1 NEW=$2 DIR=${3:-/work/shared/decks}
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
status=0 n=0
for d in "$DIR"/*/deck.md; do
	[ -f "$d" ] || continue
	n=$((n + 1))
	for b in old new; do
		bin=$OLD; [ $b = new ] && bin=$NEW
		"$bin" --dump=style "$d" >"$T/$b.out" 2>"$T/$b.err"
		echo "exit $?" >>"$T/$b.err"
	done
	if ! cmp -s "$T/old.out" "$T/new.out" || ! cmp -s "$T/old.err" "$T/new.err"; then
		echo "differs: $d"
		diff "$T/old.out" "$T/new.out" | head -20
		diff "$T/old.err" "$T/new.err" | head -20
		status=1
	fi
done
echo "$n decks compared"
exit $status
