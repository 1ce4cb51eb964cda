# Sourced by the remote-asset tests: a temporary directory $T, the test
# server (httpd.py) on a free port of 127.0.0.1, killed on exit, and the
# image cache kept in $T. Needs $SRC (and $BIN for run); skips (77) without
# /usr/bin/python3.
#   httpd_start ROOT [ARGS...]   start it; sets $URL (http://127.0.0.1:PORT)
#   run NAME STATUS ARGS...      render ${DECKS:-$T}/NAME.md to $T/NAME.pdf
#                                and check the status and the PDF; the
#                                server's requests meanwhile go to $T/log.new
#   ok, bad MESSAGE              count a check ($pass, $fail)
#   has / hasnt NAME RE FILE     whether FILE has a line matching RE
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "no $PY: skipped"; exit 77; }
T=$(mktemp -d)
SERVER=
cleanup() {
	[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM
# loopback only, whatever the environment says
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export XDG_CACHE_HOME="$T/xdg"

httpd_start() {
	root=$1
	shift
	"$PY" "$SRC/tests/e2e/httpd.py" --root "$root" --port-file "$T/port" --log "$T/log" "$@" &
	SERVER=$!
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$T/port" ] || { echo "FAILED: the test server did not start"; exit 1; }
	URL="http://127.0.0.1:$(cat "$T/port")"
}

pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAILED: $*"; }
run() {
	name=$1; want=$2; shift 2
	cp "$T/log" "$T/log.before"
	"$BIN" "$@" "${DECKS:-$T}/$name.md" -o "$T/$name.pdf" >"$T/out" 2>"$T/err"
	got=$?
	tail -n +$(($(wc -l < "$T/log.before") + 1)) "$T/log" > "$T/log.new"
	if [ "$got" -eq "$want" ]; then ok; else bad "$name: exit $got, wanted $want"; cat "$T/err"; fi
	[ -s "$T/$name.pdf" ] && ok || bad "$name: no PDF"
}
has() { grep -q -- "$2" "$3" && ok || { bad "$1: '$2' not in $(basename "$3")"; cat "$3"; }; }
hasnt() { grep -q -- "$2" "$3" && { bad "$1: '$2' in $(basename "$3")"; cat "$3"; } || ok; }
