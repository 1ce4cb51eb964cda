#!/bin/sh
# Remote assets against a real HTTP server on 127.0.0.1 (httpd.py): success,
# redirects, 404, a slow server (timeout), huge bodies (limit), a wrong
# content-type, corrupt bytes, revalidation from the cache, --offline with and
# without a cached copy, --asset-map over the network, --no-cache, parallel
# transfers. Every failure must be a warning with the deck position, a
# placeholder, and still a PDF.
# usage: fetch.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
. "$SRC/tests/e2e/httpd.sh"
mkdir -p "$T/www" "$T/local"
cp "$SRC/tests/fetch/photo.jpg" "$SRC/tests/fetch/logo.png" "$SRC/examples/scs-logo.svg" "$T/www/"
printf '<html><body>Not Found</body></html>' > "$T/www/page.html"
httpd_start "$T/www"

deck() { name=$1; shift; printf '%s\n' "$@" > "$T/$name.md"; }

# success: the JPEG's bytes go into the PDF unchanged, at its pixel size
deck ok "# Remote" "" "![]($URL/files/photo.jpg)" "" "![]($URL/files/scs-logo.svg)"
run ok 0 --strict --cache-dir "$T/cache"
has ok "GET /files/photo.jpg 200" "$T/log.new"
if command -v pdfimages >/dev/null; then
	pdfimages -list "$T/ok.pdf" > "$T/images"
	has ok " 64 *48 .* jpeg " "$T/images"
	[ "$(tail -n +3 "$T/images" | wc -l)" -eq 1 ] && ok || { bad "ok: one image (the SVG stays vectors)"; cat "$T/images"; }
fi
ls "$T/cache" > "$T/names"
[ "$(grep -c -v '^[0-9a-f]\{64\}$' "$T/names")" -eq 0 ] && ok || { bad "cache names are hashes"; cat "$T/names"; }
[ "$(wc -l < "$T/names")" -eq 2 ] && ok || { bad "two cache entries"; cat "$T/names"; }

# revalidation: the second run asks with If-None-Match and gets 304s
run ok 0 --strict -v --cache-dir "$T/cache"
has revalidate "GET /files/photo.jpg 304" "$T/log.new"
hasnt revalidate " 200$" "$T/log.new"
has revalidate "0 downloaded .*2 not modified" "$T/err"

# --offline: the cache only, no request at all
run ok 0 --strict --offline --cache-dir "$T/cache"
[ -s "$T/log.new" ] && { bad "offline: requests were made"; cat "$T/log.new"; } || ok
run ok 0 --offline --cache-dir "$T/empty"
has offline-uncached "ok.md:3:1: warning: image '$URL/files/photo.jpg': not in the cache (--offline)" "$T/err"
[ -s "$T/log.new" ] && bad "offline uncached: requests were made" || ok

# --asset-map wins over the network
cp "$SRC/tests/fetch/photo.jpg" "$SRC/examples/scs-logo.svg" "$T/local/"
run ok 0 --strict --no-cache --asset-map "$URL/files/=$T/local"
[ -s "$T/log.new" ] && { bad "asset-map: requests were made"; cat "$T/log.new"; } || ok

# --no-cache neither reads nor writes
run ok 0 --strict --no-cache
has no-cache "GET /files/photo.jpg 200" "$T/log.new"
[ -e "$T/xdg" ] && bad "no-cache: the cache directory was made" || ok
# the default cache is $XDG_CACHE_HOME/scs-pdf
run ok 0 --strict
[ "$(ls "$T/xdg/scs-pdf" | wc -l)" -eq 2 ] && ok || bad "XDG_CACHE_HOME/scs-pdf holds the cache"

# an unusable cache directory costs the cache, not the PDF (a note, not a warning)
: > "$T/afile"
run ok 0 --strict --cache-dir "$T/afile"
has cache-unusable "note: cannot write the image cache '$T/afile': Not a directory" "$T/err"

# redirects: two are followed, nine are too many
deck redirect "![]($URL/redirect/2/files/logo.png)" "" "![]($URL/redirect/9/files/logo.png)"
run redirect 0 --cache-dir "$T/cache"
has redirect "GET /files/logo.png 200" "$T/log.new"
has redirect "redirect.md:3:1: warning: image '$URL/redirect/9/files/logo.png': more than 5 redirects" "$T/err"
hasnt redirect "redirect.md:1:" "$T/err"

# failures: warnings with positions, placeholders, a PDF, status 8 with --strict
deck fail "# Failures" "" \
	"![]($URL/status/404)" "" \
	"![]($URL/type/image%2Fpng/page.html =300x200)" "" \
	"![]($URL/corrupt/photo.jpg)" "" \
	"![]($URL/huge/declared)" "" \
	"![]($URL/huge/chunked)" "" \
	"![]($URL/type/text%2Fhtml/logo.png)" "" \
	"![](http://nonexistent.invalid/x.png)" "" \
	"![](ftp://127.0.0.1/x.png)"
run fail 0 --cache-dir "$T/cache"
has 404 "fail.md:3:1: warning: image '$URL/status/404': HTTP 404" "$T/err"
has not-an-image "fail.md:5:1: warning: image '$URL/type/image%2Fpng/page.html': not a supported image format" "$T/err"
has corrupt "fail.md:7:1: warning: image '$URL/corrupt/photo.jpg': truncated JPEG" "$T/err"
has huge "fail.md:9:1: warning: image '$URL/huge/declared': larger than the 32 MiB limit" "$T/err"
has chunked "fail.md:11:1: warning: image '$URL/huge/chunked': larger than the 32 MiB limit" "$T/err"
hasnt wrong-content-type "fail.md:13:" "$T/err"
has dns "fail.md:15:1: warning: image 'http://nonexistent.invalid/x.png': " "$T/err"
has scheme "fail.md:17:1: warning: image 'ftp://127.0.0.1/x.png': unsupported URL scheme 'ftp'" "$T/err"
if command -v pdftotext >/dev/null; then
	pdftotext "$T/fail.pdf" - | grep -q "page.html" && ok || bad "placeholder shows the file name"
fi
run fail 8 --strict --cache-dir "$T/cache"

# a slow server: the timeout ends the wait, the rest of the deck goes on
deck slow "![]($URL/slow/5/files/logo.png)" "" "![]($URL/files/photo.jpg)"
start=$(date +%s)
run slow 0 --fetch-timeout 1 --no-cache
[ $(($(date +%s) - start)) -le 3 ] && ok || bad "slow: the timeout did not end the wait"
has slow "slow.md:1:1: warning: image '$URL/slow/5/files/logo.png': timed out after 1" "$T/err"
hasnt slow "slow.md:3:" "$T/err"

# in parallel: six answers that take 0.5 s each arrive in well under 3 s
deck parallel "![]($URL/slow/0.5/files/logo.png?1) ![]($URL/slow/0.5/files/logo.png?2)" \
	"![]($URL/slow/0.5/files/logo.png?3) ![]($URL/slow/0.5/files/logo.png?4)" \
	"![]($URL/slow/0.5/files/logo.png?5) ![]($URL/slow/0.5/files/logo.png?6)"
run parallel 0 --strict -v --no-cache
secs=$(sed -n 's/.*fetched 6 remote assets in \([0-9.]*\) s.*/\1/p' "$T/err")
echo "six 0.5 s answers fetched in ${secs:-?} s"
[ -n "$secs" ] && awk "BEGIN { exit !($secs < 1.5) }" && ok || bad "parallel: ${secs:-no timing} s"

# a cached copy is used when the server fails, with a note
deck stale "![]($URL/files/logo.png)"
run stale 0 --strict --cache-dir "$T/stalecache"
kill "$SERVER"; wait "$SERVER" 2>/dev/null; SERVER=
run stale 0 --strict --cache-dir "$T/stalecache"
has stale "stale.md:1:1: note: image '$URL/files/logo.png': .*; using the cached copy" "$T/err"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
