# lib.sh — sourced by e2e scripts: a scratch folder $T removed on exit, and
# counted checks: ok, bad MESSAGE (prints FAILED: MESSAGE), then finish
# (prints the counts; exit status 1 if any check failed).
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }
finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}
