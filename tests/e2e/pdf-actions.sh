#!/bin/sh
# No PDF scs-pdf writes can act (issue 16): every link goes through one gate
# (http, https, mailto and links to slides, percent-encoded), so hostile
# targets never turn into PDF syntax. Injection cases: an SVG <a> whose href
# closes the URI string and adds an /AA JavaScript action, javascript: and
# file: links in SVG, Markdown and HTML, the same SVG as a data: URL under
# --safe (one file is enough), metadata and headings spelling PDF syntax.
# Their PDFs and those of every deck under tests/ and examples/ (and of the
# shared decks in ../shared, when present) must hold no
# action but /URI and /GoTo: no /AA or /OpenAction dictionary, no
# JavaScript, Launch, GoToR, ImportData or SubmitForm action, no /JS. The
# detector is checked too: the attack's text does reach the PDF, encoded.
# usage: pdf-actions.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
[ -x "$BIN" ] || { echo "no binary $BIN"; exit 1; }
T=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
export XDG_CACHE_HOME="$T/cache"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }
PY=$(command -v python3 || true)
[ -n "$PY" ] || { echo "python3 missing: skipped"; exit 77; }
# The PDF's objects, streams left out (their bytes are pictures and fonts),
# searched for actions: prints the matches.
actions() {
	"$PY" - "$1" <<'PY'
import re, sys
pdf = re.sub(rb"stream\r?\n.*?endstream", b"", open(sys.argv[1], "rb").read(), flags=re.S)
pat = (rb"/(AA|OpenAction)\s*<<|/S\s*/(JavaScript|Launch|GoToR|GoToE|ImportData|SubmitForm"
       rb"|ResetForm|Rendition|Sound|Movie)|/(JS|F)\s*[(<]")
hits = [m.group(0) for m in re.finditer(pat, pdf)]
print("\n".join(h.decode("latin-1") for h in hits[:5]))
sys.exit(0 if hits else 1)
PY
}

cat > "$T/inj.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="100">
<a href="http://x/) >> /AA &lt;&lt; /O &lt;&lt; /S /JavaScript /JS (app.alert(1)) >> >> /X &lt;&lt; /Y (z"><rect width="100" height="50" fill="red"/></a>
<a xlink:href="javascript:app.alert(2)"><rect x="100" width="100" height="50" fill="blue"/></a>
<a href="file:///etc/passwd"><rect x="200" width="100" height="50" fill="green"/></a>
<a href="http://y/\' file='/bin/sh"><rect x="300" width="100" height="50" fill="gray"/></a>
<a href="https://ok.example/a(b)"><rect y="50" width="100" height="50" fill="black"/></a>
</svg>
SVG
B64=$(base64 < "$T/inj.svg" | tr -d '\n')
cat > "$T/inj.md" <<MD
---
title: "T) /AA << /S /JavaScript /JS (x) >> ("
author: "\\\\) /OpenAction << /S /Launch >>"
---

# H) /AA << /S /JavaScript >> (

![](inj.svg)

[js](javascript:app.alert(3)) [file](file:///etc/passwd) [tel](tel:1)
<a href="javascript:x">h</a> <a href="  JaVaScRiPt:x">h2</a>
[paren](https://x/\\) /AA <</S /JavaScript>>) [ok](https://ok.example/)

---

# As a data: URL

![](data:image/svg+xml;base64,$B64)
MD
render() {  # NAME DECK ARGS...
	name=$1; deck=$2; shift 2
	"$BIN" "$@" "$deck" -o "$T/$name.pdf" >/dev/null 2>"$T/$name.err"
	st=$?
	[ "$st" -eq 0 ] || [ "$st" -eq 8 ] || { bad "$name: exit $st"; cat "$T/$name.err"; return; }
	[ -s "$T/$name.pdf" ] || { bad "$name: no PDF"; return; }
	if actions "$T/$name.pdf" > "$T/hits"; then
		bad "$name: the PDF holds an action"
		head -5 "$T/hits"
	else
		ok
	fi
}
render inj "$T/inj.md"
render inj-safe "$T/inj.md" --safe
# the attack reached the PDF as an inert URI, and the good links stay
grep -a -q '/URI (http://x/%29%20%3E%3E%20/AA' "$T/inj.pdf" && ok ||
	bad "the SVG's link is not in the PDF, encoded"
grep -a -q '/URI (https://ok.example/a%28b%29)' "$T/inj-safe.pdf" && ok ||
	bad "the data: SVG's good link is missing under --safe"
grep -a -q 'file:///\|javascript:\|/URI (tel:' "$T/inj.pdf" "$T/inj-safe.pdf" &&
	bad "a javascript:, file: or tel: link is in the PDF" || ok
grep -q 'links\? left out of the PDF' "$T/inj.err" && ok || { bad "no warning for dropped links"; cat "$T/inj.err"; }

# every deck the tests have
for d in $(cd "$SRC" && find tests examples -name '*.md' | sort); do
	render "$(echo "$d" | tr / _)" "$SRC/$d"
done
# and every shared deck, when ../shared is there
SHARED=${SCS_SHARED:-$SRC/../shared}
for dir in "$SHARED"/decks/*/; do
	[ -f "$dir/deck.md" ] || continue
	set --
	if [ -f "$dir/assets.args" ]; then
		while IFS= read -r line; do
			[ -n "$line" ] && set -- "$@" --asset-map "${line%%=*}=$dir${line#*=}"
		done < "$dir/assets.args"
	fi
	render "shared-$(basename "$dir")" "$dir/deck.md" --offline "$@"
done
echo "pdf-actions: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
