#!/bin/sh
# --safe against decks that try to escape it: `..` out of the deck's folder,
# absolute paths, file: URLs, a symbolic link to a file outside and one to a
# folder outside, CSS url() in style="" and <style>, data-background(-image),
# parallaxBackgroundImage, an SVG whose <image>s point outside, an escape
# from an --asset-map folder, a deck from standard input; the network: no
# request at all without --allow-remote (the test server's log stays empty),
# a picture fetched with it, a redirect to file:// refused (for a picture and
# for a deck given by URL). Each refusal is a `file:line:col: warning:
# --safe: … refused` and a placeholder, the PDF is still written (--strict:
# 8), and no byte, raster or text of the files outside reaches the PDF. What
# stays allowed (the folder, a subfolder, a link within, an asset map) still
# works; the same deck without --safe does show the secret (the detector
# works).
# usage: safe.sh SCS_PDF SOURCE_DIR
set -u
BIN=$1
SRC=$2
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
. "$SRC/tests/e2e/httpd.sh"
command -v pdfimages >/dev/null && command -v pdftotext >/dev/null ||
	{ echo "poppler-utils missing: skipped"; exit 77; }

D=$T/deck
A=$T/outside
mkdir -p "$D/sub" "$A" "$T/assets" "$T/www"
cp "$SRC/tests/fetch/photo.jpg" "$A/secret.jpg"      # 64x48: the secret
printf '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60"><text y="40" font-size="30">SECRETSVGTEXT</text></svg>\n' > "$A/secret.svg"
cp "$SRC/tests/fetch/logo.png" "$D/pic.png"          # 40x20: allowed pictures
cp "$SRC/tests/fetch/logo.png" "$D/sub/pic.png"
cp "$SRC/tests/fetch/logo.png" "$T/assets/a.png"
cp "$SRC/tests/fetch/logo.png" "$T/www/logo.png"
ln -s ../outside/secret.jpg "$D/link.jpg"            # a link to a file outside
ln -s "$A" "$D/linkdir"                              # a link to a folder outside
ln -s sub/pic.png "$D/inlink.png"                    # a link that stays inside
ln -s "$A/secret.jpg" "$T/assets/link.jpg"
cat > "$D/evil.svg" <<EOF
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="300" height="60">
<rect width="300" height="60" fill="#36c"/>
<image href="$A/secret.jpg" width="64" height="48"/>
<image xlink:href="../outside/secret.jpg" x="70" width="64" height="48"/>
<image href="file://$A/secret.jpg" x="140" width="64" height="48"/>
<image href="linkdir/secret.svg" x="210" width="64" height="48"/>
</svg>
EOF
httpd_start "$T/www"

DECKS=$D  # for run
no_requests() { [ -s "$T/log.new" ] && { bad "$1: the server was asked"; cat "$T/log.new"; } || ok; }
# Does the PDF hold anything of $A? The JPEG would be embedded as it is (its
# bytes, a 64x48 image), the SVG's text would be text.
secret_in() {
	pdfimages -list "$1" | grep -q " 64 *48 " && return 0
	"$PY" -c 'import sys; sys.exit(open(sys.argv[2], "rb").read() not in open(sys.argv[1], "rb").read())' \
		"$1" "$A/secret.jpg" && return 0
	pdftotext "$1" - | grep -q SECRETSVGTEXT
}
no_secret() {
	secret_in "$T/$1.pdf" && { bad "$1: the PDF holds a file from outside"; pdfimages -list "$T/$1.pdf"; } || ok
}
refused() { has "$1" "warning: --safe: $2 refused" "$T/err"; }

# ---- every way out of the deck's folder -------------------------------------
cat > "$D/escape.md" <<EOF
---
slideOptions:
  parallaxBackgroundImage: $A/secret.jpg
---

![](../outside/secret.jpg =300x200)

![](link.jpg)

![](linkdir/secret.jpg)

![](linkdir/secret.svg)

<img src="$A/secret.jpg">

<div style="width:10px;height:10px;background-image:url('$A/secret.jpg')"></div>

<div style="width:10px;height:10px;background:url(file://$A/secret.jpg)"></div>

<style>.x { background: url(../outside/secret.jpg) }</style>
<div class="x" style="width:10px;height:10px"></div>

![](evil.svg)

---

<!-- .slide: data-background="$A/secret.jpg" -->

---

<!-- .slide: data-background-image="file:///etc/passwd" -->
EOF
run escape 0 --safe --no-cache
no_secret escape
has parallax "escape.md:3:1: warning: --safe: background image '$A/secret.jpg': absolute path refused" "$T/err"
has dotdot "escape.md:6:1: warning: --safe: image '../outside/secret.jpg': path out of the deck's folder refused" "$T/err"
has symlink "escape.md:8:1: warning: --safe: image './link.jpg': link out of the deck's folder refused" "$T/err"
has symlinked-dir "escape.md:10:1: warning: --safe: image './linkdir/secret.jpg': link out of the deck's folder refused" "$T/err"
has symlinked-dir-svg "escape.md:12:1: warning: --safe: image './linkdir/secret.svg': link out of the deck's folder refused" "$T/err"
has img-absolute "escape.md:14:11: warning: --safe: image '$A/secret.jpg': absolute path refused" "$T/err"
has css-absolute "escape.md:16:58: warning: --safe: background image '$A/secret.jpg': absolute path refused" "$T/err"
has css-file-url "escape.md:18:51: warning: --safe: background image 'file://$A/secret.jpg': file: URL refused" "$T/err"
has style-block "escape.md:20:29: warning: --safe: background image '../outside/secret.jpg': path out of the deck's folder refused" "$T/err"
has data-background "escape.md:27:1: warning: --safe: background image '$A/secret.jpg': absolute path refused" "$T/err"
has data-background-image "escape.md:31:1: warning: --safe: background image 'file:///etc/passwd': file: URL refused" "$T/err"
[ "$(grep -c 'warning: --safe: .* refused$' "$T/err")" -eq 11 ] && ok ||
	{ bad "escape: 11 refusals"; grep warning "$T/err"; }
hasnt evil-svg "evil.svg" "$T/err"       # the SVG itself is allowed; its <image>s load nothing
pdftotext "$T/escape.pdf" - | grep -q "secret.jpg" && ok || bad "escape: the placeholder names the file"
run escape 8 --safe --strict --no-cache
no_secret escape
# the same without --safe does read the files: the detector works
run escape 0 --no-cache
[ -s "$T/escape.pdf" ] && secret_in "$T/escape.pdf" && ok || bad "control: without --safe the secret is in the PDF"
# --check --json names the kind
"$BIN" --safe --check --json --no-cache "$D/escape.md" > "$T/json" 2>/dev/null
has json '"kind":"refused"' "$T/json"

# ---- what stays allowed -------------------------------------------------------
cat > "$D/allowed.md" <<'EOF'
![](pic.png) ![](sub/pic.png) ![](./sub/../inlink.png)

<div style="width:40px;height:20px;background-image:url(sub/pic.png)"></div>

![](https://assets.example/a.png)

<img src="data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'%20width='8'%20height='8'/%3E">
EOF
# (raw HTML: markdown-it's validateLink refuses data:image/svg+xml in ![]())
run allowed 0 --safe --strict --no-cache --asset-map "https://assets.example/=$T/assets"
no_requests allowed
[ "$(pdfimages -list "$T/allowed.pdf" | grep -c ' 40 *20 ')" -ge 5 ] && ok ||
	{ bad "allowed: five 40x20 pictures drawn"; pdfimages -list "$T/allowed.pdf"; }

# ---- an asset map's folder -----------------------------------------------------
cat > "$D/map.md" <<'EOF'
![](https://assets.example/../outside/secret.jpg)

![](https://assets.example/link.jpg)
EOF
run map 0 --safe --no-cache --asset-map "https://assets.example/=$T/assets"
no_secret map
no_requests map
refused map-dotdot "image 'https://assets.example/../outside/secret.jpg': path out of its --asset-map folder"
refused map-link "image 'https://assets.example/link.jpg': link out of its --asset-map folder"

# ---- a deck from standard input has no folder ----------------------------------
printf '![](pic.png)\n' | (cd "$D" && "$BIN" --safe --no-cache - -o "$T/stdin.pdf") 2>"$T/err"
refused stdin "image './pic.png': local file of a deck without a folder (standard input or a URL)"
[ -s "$T/stdin.pdf" ] && ok || bad "stdin: no PDF"

# ---- the network -------------------------------------------------------------------
printf '# Remote\n\n![](%s/files/logo.png)\n' "$URL" > "$D/remote.md"
run remote 0 --safe --cache-dir "$T/cache"
no_requests remote
has remote "remote.md:3:1: warning: --safe: image '$URL/files/logo.png': remote URL without --allow-remote refused" "$T/err"
run remote 0 --safe --allow-remote --allow-private --strict --cache-dir "$T/cache"
has allow-remote "GET /files/logo.png 200" "$T/log.new"
pdfimages -list "$T/remote.pdf" | grep -q ' 40 *20 ' && ok || bad "allow-remote: the picture is drawn"
# the cached copy is not a way around it either
run remote 0 --safe --cache-dir "$T/cache"
no_requests remote-cached
refused remote-cached "image '$URL/files/logo.png': remote URL without --allow-remote"

# a redirect to file:// (or gopher://) is not followed
enc=$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "file://$A/secret.jpg")
printf '![](%s/location/%s)\n\n![](%s/location/gopher%%3A%%2F%%2F127.0.0.1%%2F)\n' "$URL" "$enc" "$URL" > "$D/redirect.md"
run redirect 0 --safe --allow-remote --allow-private --no-cache
no_secret redirect
has redirect "GET /location/$enc 302" "$T/log.new"
has redirect-file "redirect.md:1:1: warning: image '$URL/location/$enc': redirected to 'file://$A/secret.jpg', which is not http or https; refused" "$T/err"
has redirect-gopher "redirect.md:3:1: warning: image '$URL/location/gopher%3A%2F%2F127.0.0.1%2F': redirected to 'gopher://127.0.0.1/', which is not http or https; refused" "$T/err"
grep -v -q "^GET /location/" "$T/log.new" && { bad "redirect: something else was asked"; cat "$T/log.new"; } || ok

# a deck given by URL: only with --allow-remote; it has no folder
printf '# Note\n\n![](pic.png)\n' > "$T/www/download"
cp "$T/log" "$T/log.before"
"$BIN" --safe "$URL/files" -o "$T/note.pdf" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && ok || bad "deck URL without --allow-remote: status 2"
has deck-url "needs --allow-remote" "$T/err"
[ "$(wc -l < "$T/log")" -eq "$(wc -l < "$T/log.before")" ] && ok || bad "deck URL: the server was asked"
[ -e "$T/note.pdf" ] && bad "deck URL: an output was written" || ok
"$BIN" --safe --allow-remote --allow-private --no-cache "$URL/files" -o "$T/note.pdf" >"$T/out" 2>"$T/err"
[ $? -eq 0 ] && [ -s "$T/note.pdf" ] && ok || { bad "deck URL with --allow-remote"; cat "$T/err"; }
refused deck-url-folder "image './pic.png': local file of a deck without a folder (standard input or a URL)"
"$BIN" --safe --allow-remote --allow-private "$URL/location/$enc%23/download" -o "$T/note2.pdf" >"$T/out" 2>"$T/err"
[ $? -eq 7 ] && ok || { bad "deck URL redirected to file://: status 7"; cat "$T/err"; }
has deck-url-redirect 'Protocol "file" not supported' "$T/err"
[ -e "$T/note2.pdf" ] && bad "deck URL redirected to file://: an output was written" || ok

# ---- public addresses only (SSRF) ---------------------------------------------
# Without --allow-private, nothing on loopback is asked, however the address
# is spelt (a name, decimal, hex, short, 0.0.0.0, IPv6, IPv4-mapped), and
# the warning is the same for a port that listens and one that does not.
closed=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
port=${URL##*:}
: > "$D/ssrf.md"
for host in 127.0.0.1:$port localhost:$port 2130706433:$port 0x7f000001:$port 127.1:$port \
	0.0.0.0:$port "[::1]:$port" "[::ffff:127.0.0.1]:$port" "[::]:$port" 127.0.0.1:$closed \
	10.0.0.1:9 169.254.169.254:80 "[fe80::1]:80" 224.0.0.1:80; do
	printf '![](http://%s/files/logo.png)\n\n' "$host" >> "$D/ssrf.md"
done
run ssrf 0 --safe --allow-remote --no-cache --fetch-timeout 5
no_requests ssrf
[ "$(grep -c "warning: --safe: image '.*': refused: not a public address" "$T/err")" -eq 14 ] && ok ||
	{ bad "ssrf: 14 refusals"; cat "$T/err"; }
hasnt ssrf-listening "Connection refused\|Couldn't connect\|port $closed" "$T/err"
# a deck on loopback
cp "$T/log" "$T/log.before"
"$BIN" --safe --allow-remote --no-cache "$URL/files" -o "$T/note3.pdf" >"$T/out" 2>"$T/err"
[ $? -eq 7 ] && ok || { bad "deck URL on loopback: status 7"; cat "$T/err"; }
has deck-url-loopback "refused: not a public address" "$T/err"
[ -e "$T/note3.pdf" ] && bad "deck URL on loopback: an output was written" || ok
[ "$(wc -l < "$T/log")" -eq "$(wc -l < "$T/log.before")" ] && ok || bad "deck URL on loopback: the server was asked"
# an IPv6 literal (cmark writes its brackets as %5B %5D) on ::1: refused,
# then fetched with --allow-private
"$PY" "$SRC/tests/e2e/httpd.py" --ipv6 --root "$T/www" --port-file "$T/port6" --log "$T/log6" &
SERVER6=$!
i=0
while [ ! -s "$T/port6" ] && [ $i -lt 30 ] && kill -0 $SERVER6 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
if [ -s "$T/port6" ]; then
	printf '![](http://[::1]:%s/files/logo.png)\n' "$(cat "$T/port6")" > "$D/v6.md"
	run v6 0 --safe --allow-remote --no-cache
	has v6 "image 'http://%5B::1%5D:$(cat "$T/port6")/files/logo.png': refused: not a public address" "$T/err"
	[ -s "$T/log6" ] && bad "v6: the server was asked" || ok
	run v6 0 --safe --allow-remote --allow-private --strict --no-cache
	has v6-allowed "GET /files/logo.png 200" "$T/log6"
	pdfimages -list "$T/v6.pdf" | grep -q ' 40 *20 ' && ok || bad "v6: the picture is drawn"
else
	echo "no IPv6 loopback: the [::1] cases are skipped"
fi
kill $SERVER6 2>/dev/null
# --fetch-timeout bounds a deck's download too
s0=$(date +%s)
"$BIN" --safe --allow-remote --allow-private --fetch-timeout 1 "$URL/slow/4/files/download" \
	-o "$T/slow.pdf" >"$T/out" 2>"$T/err"
[ $? -eq 7 ] && [ $(($(date +%s) - s0)) -le 3 ] && ok || { bad "slow deck URL: status 7 within 3 s"; cat "$T/err"; }
has slow-deck "timed out after 1 s" "$T/err"
# --allow-private opts back in (the picture above was fetched that way)
"$BIN" --safe --allow-private "$D/allowed.md" -o "$T/x.pdf" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && ok || bad "--allow-private without --allow-remote: status 2"

# ---- hard links, the deck itself, special files ----------------------------------
L=$T/links
mkdir -p "$L/in"
cp "$A/secret.jpg" "$L/hard-source.jpg"
if ln "$L/hard-source.jpg" "$L/in/hard.jpg" 2>/dev/null; then
	printf '![](hard.jpg)\n' > "$L/in/hard.md"
	DECKS=$L/in run hard 0 --safe --no-cache
	refused hard-link "image './hard.jpg': file with more than one (hard) link"
	secret_in "$T/hard.pdf" && bad "hard link: the secret is in the PDF" || ok
	DECKS=$L/in run hard 0 --no-cache   # without --safe it is read
	secret_in "$T/hard.pdf" && ok || bad "hard link without --safe: the picture is missing"
	# the deck itself: a hard link, a symbolic link out of its folder, a FIFO
	printf '# outside\n' > "$L/deck-out.md"
	ln "$L/deck-out.md" "$L/in/hard-deck.md"
	ln -s ../deck-out.md "$L/in/link-deck.md"
	for dk in "hard-deck:a file with more than one (hard) link refused" \
		"link-deck:a link out of its folder refused"; do
		"$BIN" --safe "$L/in/${dk%%:*}.md" -o "$T/${dk%%:*}.pdf" >"$T/out" 2>"$T/err"
		[ $? -eq 3 ] && ok || { bad "${dk%%:*}: status 3"; cat "$T/err"; }
		[ -e "$T/${dk%%:*}.pdf" ] && bad "${dk%%:*}: an output was written" || ok
		has "${dk%%:*}" "${dk%%:*}.md: cannot read: --safe: ${dk#*:}" "$T/err"
	done
	ln -s deck-in.md "$L/in/inner-link.md"
	printf '# inside\n' > "$L/in/deck-in.md"
	"$BIN" --safe "$L/in/inner-link.md" -o "$T/inner.pdf" >"$T/out" 2>"$T/err"
	[ $? -eq 0 ] && ok || { bad "a deck linked within its folder: status 0"; cat "$T/err"; }
fi
if mkfifo "$L/in/fifo.png" 2>/dev/null; then
	printf '![](fifo.png)\n' > "$L/in/fifo.md"
	for opt in --no-cache --safe; do
		DECKS=$L/in timeout 20 sh -c '"$0" "$@"' "$BIN" $opt "$L/in/fifo.md" -o "$T/fifo.pdf" \
			>"$T/out" 2>"$T/err"
		[ $? -eq 0 ] && ok || { bad "FIFO as a picture ($opt): status 0 without hanging"; cat "$T/err"; }
	done
	has fifo "special file (not a regular file) refused" "$T/err"
	mkfifo "$L/in/fifo-deck.md"
	timeout 20 "$BIN" --safe "$L/in/fifo-deck.md" -o "$T/fifo-deck.pdf" >"$T/out" 2>"$T/err"
	[ $? -eq 3 ] && ok || { bad "FIFO as the deck under --safe: status 3"; cat "$T/err"; }
fi

# --allow-remote alone is a usage error
"$BIN" --allow-remote "$D/allowed.md" -o "$T/x.pdf" >"$T/out" 2>"$T/err"
[ $? -eq 2 ] && ok || bad "--allow-remote without --safe: status 2"
has allow-remote-alone "--allow-remote goes with --safe" "$T/err"

# several decks in child processes (-j) keep --safe
"$BIN" --safe --no-cache -j 2 -O "$T/many" "$D/escape.md" "$D/allowed.md" >"$T/out" 2>"$T/err"
refused many "image '../outside/secret.jpg': path out of the deck's folder"
[ -s "$T/many/escape.pdf" ] && ! secret_in "$T/many/escape.pdf" && ok || bad "-j: the secret stays out"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
