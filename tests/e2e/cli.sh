#!/bin/sh
# End-to-end checks of the command line as a user meets it: help, version,
# exit codes, diagnostics with file:line:col, and no half-written output.
# usage: cli.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export XDG_CACHE_HOME="$T/cache"  # never the user's image cache
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }
check() { # check DESCRIPTION EXPECTED_STATUS COMMAND...
	desc=$1; want=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else bad "$desc: exit $got, wanted $want"; cat "$T/err"; fi
}
grep_err() { # grep_err DESCRIPTION PATTERN
	if grep -q -- "$2" "$T/err"; then ok; else bad "$1: stderr lacks '$2'"; cat "$T/err"; fi
}

check "--help" 0 "$BIN" --help
grep -q -- "--asset-map" "$T/out" && ok || bad "--help lists --asset-map"
grep -q "Exit status" "$T/out" && ok || bad "--help lists exit codes"
check "--version" 0 "$BIN" --version
grep -q "^scs-pdf [0-9]" "$T/out" && ok || bad "--version prints a version"
check "unknown option" 2 "$BIN" --no-such-option x.md
grep_err "unknown option" "try 'scs-pdf --help'"
check "no deck" 2 "$BIN"
check "bad --dump" 2 "$BIN" --dump=nonsense x.md

check "missing deck" 3 "$BIN" "$T/missing.md" -o "$T/missing.pdf"
grep_err "missing deck" "cannot read"
[ ! -e "$T/missing.pdf" ] && ok || bad "missing deck left an output file"

check "directory as deck" 3 "$BIN" "$T" -o "$T/dir.pdf"

printf -- '---\ntitle: [unclosed\n---\n\n# Hello\n' > "$T/yaml.md"
check "broken YAML renders" 0 "$BIN" "$T/yaml.md" -o "$T/yaml.pdf"
grep_err "broken YAML position" "yaml.md:2:"
[ -s "$T/yaml.pdf" ] && ok || bad "broken YAML: no PDF"

printf '# Caf\351 \377\n\nok\n' > "$T/utf8.md"
check "invalid UTF-8 renders" 0 "$BIN" "$T/utf8.md" -o "$T/utf8.pdf"
grep_err "invalid UTF-8 position" "utf8.md:1:6: warning: invalid UTF-8"

printf '<style>\nh1 { color: "#50c3a5"; font-size: 30px }\n</style>\n\n# Hi\n' > "$T/css.md"
check "quoted colour" 0 "$BIN" "$T/css.md" -o "$T/css.pdf"
grep_err "quoted colour warning" "css.md:2:"
check "--strict turns warnings into status 8" 8 "$BIN" --strict "$T/css.md" -o "$T/css2.pdf"
check "--quiet" 0 "$BIN" --quiet "$T/css.md" -o "$T/css3.pdf"
[ ! -s "$T/err" ] && ok || bad "--quiet still printed warnings"

printf '# Missing\n\n![](nothere.png)\n\n![](https://example.invalid/x.png)\n' > "$T/img.md"
check "missing images still render" 0 "$BIN" "$T/img.md" -o "$T/img.pdf"
grep_err "missing image warning" "img.md:3:"
grep_err "remote image warning" "img.md:5:"

mkdir "$T/ro" && chmod 555 "$T/ro"
if [ "$(id -u)" != 0 ]; then
	check "unwritable output" 6 "$BIN" "$T/css.md" -o "$T/ro/out.pdf"
	ls "$T/ro" | grep -q . && bad "unwritable output left a file" || ok
fi
check "output into a missing directory" 6 "$BIN" "$T/css.md" -o "$T/nodir/out.pdf"

check "example deck" 0 "$BIN" "$SRC/examples/demo.md" -o "$T/demo.pdf"
(umask 022; "$BIN" -q "$SRC/examples/demo.md" -o "$T/mode.pdf")
[ "$(stat -c %a "$T/mode.pdf")" = 644 ] && ok || bad "output mode follows the umask: $(stat -c %a "$T/mode.pdf")"
if command -v pdfinfo >/dev/null; then
	pdfinfo "$T/demo.pdf" > "$T/info"
	grep -q "^Pages: *6$" "$T/info" && ok || { bad "demo: 6 pages"; cat "$T/info"; }
	grep -q "^Page size: *1920 x 1080 pts" "$T/info" && ok || bad "demo: 1920x1080 pages"
	grep -q "^Title: *scs-pdf demo deck" "$T/info" && ok || bad "demo: title metadata"
	pdffonts "$T/demo.pdf" | grep -q "Type 3" && bad "demo: Type 3 fonts" || ok
	pdftotext "$T/demo.pdf" - | grep -q "Speaker notes" && bad "demo: notes on a slide" || ok
	pdftotext "$T/demo.pdf" - | grep -q "Vertical slide" && ok || bad "demo: text extractable"
fi
check "dump dl" 0 "$BIN" --dump=dl "$SRC/examples/demo.md"
grep -q "^TEXT " "$T/out" && ok || bad "dump dl has TEXT items"
check "png output" 0 "$BIN" --format png --scale 0.25 "$SRC/examples/demo.md" -o "$T/p-%02d.png"
[ -s "$T/p-06.png" ] && ok || bad "png: 6 files"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
