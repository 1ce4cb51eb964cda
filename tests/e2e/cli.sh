#!/bin/sh
# End-to-end checks of the command line as a user meets it: help, version,
# exit codes, diagnostics with file:line:col, and no half-written output.
# usage: cli.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
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

# ---- the option table, --help and the manual page ---------------------------
"$BIN" --help > "$T/help"
sed -n 's/^ *\(-., \)\{0,1\}--\([a-z-]*\).*/\2/p' "$T/help" > "$T/opts"
[ "$(wc -l < "$T/opts")" -ge 15 ] && ok || bad "--help lists the options"
LC_ALL=C sort -c "$T/opts" 2>/dev/null && ok || bad "--help: options not sorted: $(tr '\n' ' ' < "$T/opts")"
for st in 0 1 2 3 4 5 6 7 8; do
	grep -q "^  $st  " "$T/help" && ok || bad "--help lacks exit status $st"
done
MAN=$SRC/doc/scs-pdf.1
sed 's/\\//g' "$MAN" > "$T/man"
while read -r opt; do
	grep -q -- "--$opt" "$T/man" && ok || bad "man page lacks --$opt"
done < "$T/opts"
if command -v groff >/dev/null; then
	groff -man -Tutf8 -ww -z "$MAN" 2> "$T/groff"
	[ ! -s "$T/groff" ] && ok || { bad "man page warnings"; cat "$T/groff"; }
fi

# ---- usage errors ------------------------------------------------------------------
check "--handout 5" 2 "$BIN" --handout 5 "$SRC/examples/demo.md"
check "--math mathml" 2 "$BIN" --math mathml "$SRC/examples/demo.md"
check "--format bmp" 2 "$BIN" --format bmp "$SRC/examples/demo.md"
check "--paper A5" 2 "$BIN" --paper a5 "$SRC/examples/demo.md"
check "--slides x" 2 "$BIN" --slides x "$SRC/examples/demo.md"
check "--slides 3-1" 2 "$BIN" --slides 3-1 "$SRC/examples/demo.md"
check "--json alone" 2 "$BIN" --json "$SRC/examples/demo.md"
check "-j 1000" 2 "$BIN" -j 1000 "$SRC/examples/demo.md"
check "-o with two decks" 2 "$BIN" "$SRC/examples/demo.md" "$T/yaml.md" -o "$T/x.pdf"
check "stdin twice" 2 "$BIN" - - -O "$T/o"
check "bad -o pattern" 2 "$BIN" --format png "$SRC/examples/demo.md" -o "$T/%s.png"
grep_err "bad -o pattern" "%d"
check "--handout and --notes-pages" 2 "$BIN" --handout 2 --notes-pages "$SRC/examples/demo.md"
cp "$T/css.md" "$T/talk.pdf"
check "output over the deck" 2 sh -c "cd '$T' && '$BIN' talk.pdf"
cmp -s "$T/css.md" "$T/talk.pdf" && ok || bad "the deck was overwritten"
check "--slides beyond the deck" 2 "$BIN" --slides 7-9 "$SRC/examples/demo.md" -o "$T/none.pdf"
[ ! -e "$T/none.pdf" ] && ok || bad "--slides beyond the deck left a file"

# ---- input and output --------------------------------------------------------------
check "deck on stdin" 0 sh -c "'$BIN' - -o '$T/stdin.pdf' < '$SRC/examples/demo.md'"
[ -s "$T/stdin.pdf" ] && ok || bad "stdin: no PDF"
check "--verbose" 0 "$BIN" -v "$SRC/examples/demo.md" -o "$T/v.pdf"
grep_err "--verbose says what it wrote" "wrote .*v.pdf (6 pages"
check "--theme override" 0 "$BIN" --theme black "$SRC/examples/demo.md" -o "$T/black.pdf"
check "--theme unknown" 0 "$BIN" --theme nosuch "$SRC/examples/demo.md" -o "$T/nosuch.pdf"
grep_err "--theme unknown" "unknown theme 'nosuch'"

# several decks: -O, -j, names, messages in deck order, first failing status
mkdir -p "$T/a" "$T/b"
printf '# A\n\n![](a-missing.png)\n' > "$T/a/deck.md"
printf '# B\n\n![](b-missing.png)\n' > "$T/b/deck.md"
check "two decks, -j 2" 0 "$BIN" -j 2 -O "$T/outdir" "$T/a/deck.md" "$T/b/deck.md" "$T/css.md"
[ -s "$T/outdir/a-deck.pdf" ] && [ -s "$T/outdir/b-deck.pdf" ] && [ -s "$T/outdir/css.pdf" ] && ok \
	|| bad "-O: a-deck.pdf, b-deck.pdf, css.pdf: $(ls "$T/outdir" | tr '\n' ' ')"
la=$(grep -n "a-missing" "$T/err" | head -1 | cut -d: -f1)
lb=$(grep -n "b-missing" "$T/err" | head -1 | cut -d: -f1)
[ -n "$la" ] && [ -n "$lb" ] && [ "$la" -lt "$lb" ] && ok || bad "-j 2: messages not in deck order"
check "a missing deck among others" 3 "$BIN" -j 3 -O "$T/out2" "$T/a/deck.md" "$T/missing.md" "$T/b/deck.md"
[ -s "$T/out2/a-deck.pdf" ] && [ -s "$T/out2/b-deck.pdf" ] && ok || bad "other decks not written"
check "one deck with -O" 0 "$BIN" -O "$T/out3" "$SRC/examples/demo.md"
[ -s "$T/out3/demo.pdf" ] && ok || bad "-O with one deck"

# ---- --check -----------------------------------------------------------------------
printf -- '---\nslideOptions:\n  theme: nosuch\n---\n\n# Tall\n\n<div style="height: 900px; border: 1px solid">x</div>\n\n---\n\n<style>\nh1 { colr: red }\n</style>\n\n![](gone.png)\n' > "$T/bad.md"
check "--check finds problems" 1 "$BIN" --check "$T/bad.md" -o "$T/bad.pdf"
[ ! -e "$T/bad.pdf" ] && ok || bad "--check wrote a file"
grep_err "--check: overflow" "bad.md:6:1: warning: slide 1 (1) is cut off: [0-9]* px at the bottom"
grep_err "--check: unknown theme" "bad.md:3:.*unknown theme 'nosuch'"
grep_err "--check: dropped CSS" "bad.md:13:.*unknown property 'colr'"
grep_err "--check: missing image" "bad.md:16:.*gone.png"
grep_err "--check: summary" "bad.md: 4 problems"
check "--check clean" 0 "$BIN" --check "$SRC/tests/decks/document.md"
grep_err "--check clean" "no problems found"
check "--check --json" 1 "$BIN" --check --json "$T/bad.md" "$SRC/tests/decks/document.md"
if command -v python3 >/dev/null; then
	python3 - "$T/out" <<'PY' && ok || bad "--check --json: kinds and positions"
import json, sys
lines = open(sys.argv[1]).read().splitlines()
a, b = (json.loads(l) for l in lines)
kinds = sorted(p["kind"] for p in a["problems"])
ov = [p for p in a["problems"] if p["kind"] == "overflow"]
ok = (len(lines) == 2 and a["status"] == 1 and b["status"] == 0 and b["problems"] == []
      and kinds == ["css", "missing-asset", "overflow", "theme"]
      and ov[0]["line"] == 6 and ov[0]["column"] == 1 and ov[0]["overflow_px"] > 100
      and all(p["file"].endswith("bad.md") for p in a["problems"]))
if not ok:
    print(lines)
sys.exit(0 if ok else 1)
PY
	[ ! -s "$T/err" ] && ok || bad "--check --json printed messages"
fi

# ---- a HedgeDoc note by its address (a local HTTP server plays HedgeDoc) --------
if command -v python3 >/dev/null; then
	mkdir -p "$T/www/note1" "$T/www/s/pub1" "$T/www/page/download"
	cp "$SRC/tests/decks/document.md" "$T/www/note1/download"
	cp "$SRC/tests/decks/document.md" "$T/www/s/pub1/download"
	printf '<html><body>log in</body></html>' > "$T/www/page/download/index.html"
	python3 - "$T/www" "$T/port" <<'PY' &
import functools, http.server, sys
class Handler(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path):
        return "text/html" if path.endswith(".html") else "text/markdown"
    def log_message(self, *args):
        pass
srv = http.server.HTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=sys.argv[1]))
open(sys.argv[2] + ".tmp", "w").write(str(srv.server_port))
import os; os.rename(sys.argv[2] + ".tmp", sys.argv[2])
srv.serve_forever()
PY
	srv=$!
	for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$T/port" ] && break; sleep 0.2; done
	U=http://127.0.0.1:$(cat "$T/port")
	(cd "$T" && "$BIN" -q "$U/p/note1") >"$T/out" 2>"$T/err" && [ -s "$T/note1.pdf" ] && ok ||
		{ bad "URL /p/NOTE: no note1.pdf"; cat "$T/err"; }
	if command -v pdfinfo >/dev/null; then
		pdfinfo "$T/note1.pdf" | grep -q "^Title: *The document test" && ok || bad "URL: the note's title"
	fi
	check "URL /s/NOTE to stdout" 0 sh -c "'$BIN' -q '$U/s/pub1?x=1#/2' -o - > '$T/pub.pdf'"
	head -c 5 "$T/pub.pdf" | grep -q "%PDF-" && ok || bad "URL: no PDF on stdout"
	check "URL: no such note" 7 "$BIN" "$U/missing" -o "$T/missing-note.pdf"
	grep_err "URL: 404" "missing/download.*404"
	[ ! -e "$T/missing-note.pdf" ] && ok || bad "URL: failed fetch left a file"
	check "URL: a web page, not Markdown" 7 "$BIN" "$U/page" -o "$T/page.pdf"
	grep_err "URL: a web page" "not a note's Markdown"
	check "URL: no note in the address" 7 "$BIN" "$U/" -o "$T/root.pdf"
	check "URL: nothing listening" 7 "$BIN" "http://127.0.0.1:1/x" -o "$T/x.pdf"
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
fi

# ---- @font-face: a deck's own font, tried in order, --safe, nothing left behind ------
mkdir -p "$T/ff/fonts"
cp "$SRC/tests/fonts/ScsTest.ttf" "$T/ff/fonts/deck.ttf"
cat > "$T/ff/deck.md" <<'EOF'
<style>
@font-face { font-family: "Deck Font"; src: url(fonts/none.woff2) format("woff2"), url(fonts/deck.ttf); }
@font-face { font-family: Broken; src: url(deck.md); }
.reveal h1 { font-family: "Deck Font", serif; }
</style>

# Hello
EOF
check "@font-face" 0 env TMPDIR="$T/ff" "$BIN" --dump=dl "$T/ff/deck.md"
grep -q 'font="ScsTest [0-9.]*" text="Hello"' "$T/out" && ok || { bad "@font-face font not used"; cat "$T/out"; }
grep_err "@font-face: a source that is no font" "deck.md:3:1: warning: font 'deck.md': not a font FreeType can read"
grep -q "none.woff2" "$T/err" && bad "@font-face: a source that failed before one loaded was reported" || ok
check "@font-face PDF" 0 env TMPDIR="$T/ff" "$BIN" -q "$T/ff/deck.md" -o "$T/ff/deck.pdf"
[ -z "$(ls -d "$T"/ff/scs-pdf-fonts-* 2>/dev/null)" ] && ok || bad "@font-face left its temporary files"
sed "s|url(fonts/deck.ttf)|url($T/ff/fonts/deck.ttf)|" "$T/ff/deck.md" > "$T/ff/abs.md"
check "@font-face --safe" 0 "$BIN" --safe --dump=dl "$T/ff/abs.md"
grep_err "@font-face --safe refuses an absolute path" "warning: --safe: font '$T/ff/fonts/deck.ttf': absolute path refused"
grep -q 'font="ScsTest' "$T/out" && bad "@font-face --safe: the refused font was used" || ok

# ---- install -------------------------------------------------------------------------
BUILD=$(dirname "$BIN")
if [ -f "$BUILD/CMakeCache.txt" ] && command -v cmake >/dev/null; then
	if cmake --install "$BUILD" --prefix "$T/prefix" >/dev/null 2>&1; then
		[ -x "$T/prefix/bin/scs-pdf" ] && [ -f "$T/prefix/share/man/man1/scs-pdf.1" ] &&
			[ -f "$T/prefix/share/scs-pdf/fonts/fonts.conf" ] &&
			[ -f "$T/prefix/share/scs-pdf/themes/notes.css" ] && ok || bad "install: files missing"
		grep -q "scs-pdf $("$BIN" --version | cut -d' ' -f2)" "$T/prefix/share/man/man1/scs-pdf.1" &&
			ok || bad "installed man page lacks the version"
		(cd "$T" && SCS_DATA_DIR= "$T/prefix/bin/scs-pdf" -vv "$SRC/examples/demo.md" -o "$T/inst.pdf" 2> "$T/err")
		[ -s "$T/inst.pdf" ] && grep -q "from $T/prefix/bin/../share/scs-pdf" "$T/err" && ok ||
			{ bad "installed binary does not use its installed data"; cat "$T/err"; }
	else
		bad "cmake --install failed"
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
