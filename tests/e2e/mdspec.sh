#!/bin/sh
# Markdown cases as data (tests/README.md, "Markdown cases"): every example in
# tests/markdown/*.txt — CommonMark spec format: a line of 32 backticks and
# "example", the Markdown, a line ".", the expected DOM, 32 backticks — is
# rendered as one slide with `--dump=dom --math tex` and compared with the
# DOM printed inside the slide's <div> (indentation from there, no @line
# marks, no top-level "\n" text nodes).
# usage: mdspec.sh SCS_PDF SOURCE_DIR [FILE.txt ...]
set -u
BIN=$1
SRC=$2
shift 2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
[ $# -gt 0 ] || set -- "$SRC"/tests/markdown/*.txt
pass=0
fail=0
for f in "$@"; do
	rm -f "$T"/case-*
	# split the file into case-N.md / case-N.want (+ case-N.line)
	awk -v dir="$T" '
		/^````````````````````````````````( example)?$/ {
			if ($0 ~ / example$/) { n++; part = "md"; print NR > (dir "/case-" n ".line"); next }
			part = ""; next
		}
		part == "md" && $0 == "." { part = "want"; next }
		part == "md" { print > (dir "/case-" n ".md"); next }
		part == "want" { print > (dir "/case-" n ".want"); next }
	' "$f"
	for md in "$T"/case-*.md; do
		[ -e "$md" ] || continue
		c=${md%.md}
		[ -e "$c.want" ] || : > "$c.want"
		"$BIN" -q --dump=dom --math tex "$md" 2>/dev/null |
			awk 'NR > 3 { sub(/^    /, ""); sub(/ @[0-9:]+$/, ""); if ($0 != "\"\\n\"") print }' > "$c.got"
		if cmp -s "$c.want" "$c.got"; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
			echo "FAILED: $(basename "$f"):$(cat "$c.line")"
			diff -u "$c.want" "$c.got" | tail -n +3
		fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
