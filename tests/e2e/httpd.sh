# Sourced by the remote-asset tests: a temporary directory $T, the test
# server (httpd.py) on a free port of 127.0.0.1, killed on exit, and the
# image cache kept in $T. Needs $SRC; skips (77) without /usr/bin/python3.
#   httpd_start ROOT [ARGS...]   start it; sets $URL (http://127.0.0.1:PORT)
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
