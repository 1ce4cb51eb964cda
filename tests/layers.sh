#!/bin/sh
# The stage folders of src/ form layers: a file may include headers of its
# own stage and of the stages below it, never above (README "Source tree").
# Every project include names its stage: #include "stage/name.h".
#   tests/layers.sh SOURCE_DIR
set -eu
src=${1:-.}/src
order="base markdown css text resources math diagrams layout render deck output app"
rank() {
	i=0
	for s in $order; do
		[ "$s" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo -1
}
bad=0
for f in $(cd "$src" && find . -name '*.[ch]' | sed 's|^\./||' | sort); do
	stage=${f%%/*}
	r=$(rank "$stage")
	if [ "$r" -lt 0 ] || [ "$stage" = "$f" ]; then
		echo "$f: not in a stage folder ($order)"
		bad=$((bad + 1))
		continue
	fi
	grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$src/$f" | while IFS= read -r line; do
		inc=$(printf '%s\n' "$line" | sed 's/.*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/')
		n=${line%%:*}
		case $inc in
		*/*) to=${inc%%/*} ;;
		*) echo "src/$f:$n: include \"$inc\" names no stage"; continue ;;
		esac
		t=$(rank "$to")
		if [ "$t" -lt 0 ]; then
			echo "src/$f:$n: include \"$inc\": no stage '$to'"
		elif [ "$t" -gt "$r" ]; then
			echo "src/$f:$n: $stage includes \"$inc\" of a later stage ($to)"
		fi
	done
done > /tmp/layers.$$ 2>&1 || true
if [ -s /tmp/layers.$$ ] || [ $bad -gt 0 ]; then
	cat /tmp/layers.$$
	n=$(wc -l < /tmp/layers.$$)
	rm -f /tmp/layers.$$
	echo "0 passed, $((n + bad)) failed"
	exit 1
fi
rm -f /tmp/layers.$$
echo "layers: every include points down ($order)"
