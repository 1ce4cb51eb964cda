#!/usr/bin/env bash
# Build the libFuzzer harnesses (clang, ASan+UBSan) and run each for a while
# on its seed corpus; any crash, leak, timeout or out-of-memory fails the run
# and leaves its input in OUT/ to become a regression test in
# tests/fuzz/regressions/<harness>/. Prints the executions per harness and
# their total. CI runs it for 60 s each; run it longer locally:
#   tests/fuzz/run.sh [SECONDS] [OUT]        (default 60, /tmp/scs-fuzz)
#   FUZZ_JOBS=2 tests/fuzz/run.sh 600        (two harnesses at a time)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECS=${1:-60}
OUT=${2:-/tmp/scs-fuzz}
BUILD=${FUZZ_BUILD:-build-fuzz}
JOBS=${FUZZ_JOBS:-1}
command -v clang >/dev/null || { echo "fuzz: clang not installed" >&2; exit 2; }

CC=clang cmake -S . -B "$BUILD" -DSCS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j2 --target fuzz_css fuzz_diagrams fuzz_frontmatter fuzz_pipeline fuzz_png >/dev/null
mkdir -p "$OUT"

# Seed corpora: the themes for CSS; decks (examples, layout and golden
# fixtures, regressions, and tests/fuzz/seeds: SVG and WebP as data: URLs,
# a table-heavy deck, math, transforms) for the front matter and the pipeline; the golden
# pictures for the PNG decoder.
seed() { # harness dir
	local h=$1 dir=$2
	rm -rf "$dir"
	mkdir -p "$dir"
	cp tests/fuzz/regressions/"$h"/* "$dir"/
	case $h in
	css) cp themes/*.css "$dir"/ ;;
	diagrams) for f in tests/diagrams/*.mmd tests/diagrams/*.seq tests/diagrams/*.flow; do
		# the first byte picks the parser (fuzz_diagrams.c)
		case $f in *.mmd) k='\0' ;; *.seq) k='\1' ;; *) k='\2' ;; esac
		{ printf "$k"; cat "$f"; } > "$dir/$(basename "$f")"
	done ;;
	png) for f in tests/golden/*/expected/*.png; do
		cp "$f" "$dir/$(echo "$f" | tr / _)"
	done ;;
	*) find examples tests/layout tests/golden tests/fuzz/seeds -name '*.md' | while read -r f; do
		cp "$f" "$dir/$(echo "$f" | tr / _)"
	done ;;
	esac
}

run_one() { # harness
	local h=$1 corpus=$OUT/corpus-$1 log=$OUT/$1.log
	seed "$h" "$corpus"
	local rc=0
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	SCS_SOURCE_DIR=$PWD \
		"$BUILD/tests/fuzz_$h" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-max_len=65536 -print_final_stats=1 -artifact_prefix="$OUT/$h-" \
		"$corpus" >"$log" 2>&1 || rc=$?
	local n; n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	echo "$h ${n:-0} $rc" >"$OUT/$h.result"
}

rm -f "$OUT"/*.result
harnesses=(css diagrams frontmatter pipeline png)
if [ "$JOBS" -gt 1 ]; then
	for h in "${harnesses[@]}"; do run_one "$h" & done
	wait
else
	for h in "${harnesses[@]}"; do run_one "$h"; done
fi

total=0 failed=0
for h in "${harnesses[@]}"; do
	read -r _ n rc <"$OUT/$h.result"
	total=$((total + n))
	if [ "$rc" -ne 0 ]; then
		failed=1
		printf 'fuzz_%-12s %10s executions  FAILED (exit %s), see %s\n' "$h" "$n" "$rc" "$OUT/$h.log"
		grep -m3 -E 'ERROR|SUMMARY|runtime error' "$OUT/$h.log" | sed 's/^/    /' || true
		ls "$OUT/$h"-* 2>/dev/null | sed 's/^/    input: /' || true
	else
		printf 'fuzz_%-12s %10s executions  ok\n' "$h" "$n"
	fi
done
echo "total $total executions in ${SECS}s per harness"
exit $failed
