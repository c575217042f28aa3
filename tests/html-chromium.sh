#!/usr/bin/env bash
# html-chromium.sh - open HTML reports in headless Chromium (Debian's chromium package): fail
# on a console error, on a page without its content, or on a blank screenshot. Run by .ci/run.
set -euo pipefail
fpdrift=$(cd "$(dirname "$0")/.." && pwd)/src/fpdrift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
browser=$(command -v chromium || command -v chromium-browser)
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync
	--user-data-dir="$dir/profile" --window-size=1000,1600)

check() { # check NAME FPDRIFT-ARGS...
	local name=$1
	shift
	"$fpdrift" run "$@" -o "$dir/$name.html"
	"$browser" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$dir/$name.html" \
		>"$dir/$name.dom" 2>"$dir/$name.log" || true
	if grep -E 'CONSOLE|Uncaught' "$dir/$name.log" | grep -viE 'DevTools|dbus' >/dev/null; then
		echo "FAIL: $name: console messages:"
		grep -E 'CONSOLE|Uncaught' "$dir/$name.log"
		exit 1
	fi
	grep -q '<h2>Verdict</h2>' "$dir/$name.dom" || { echo "FAIL: $name: no verdict in the DOM"; exit 1; }
	grep -q '<svg' "$dir/$name.dom" || { echo "FAIL: $name: no chart in the DOM"; exit 1; }
	"$browser" "${flags[@]}" --screenshot="$dir/$name.png" "file://$dir/$name.html" >/dev/null 2>&1 || true
	[ -s "$dir/$name.png" ] || { echo "FAIL: $name: no screenshot"; exit 1; }
	# a blank page is one colour: count the distinct pixels of the screenshot
	python3 - "$dir/$name.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pos, idat, w, h = 8, b"", 0, 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", chunk[:10])
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + n
raw = zlib.decompress(idat)
stride = len(raw) // h
colours = {raw[y * stride + 1 + x * 3:y * stride + 4 + x * 3] for y in range(0, h, 7) for x in range(0, (stride - 1) // 3, 5)}
print(f"screenshot {w}x{h}: {len(colours)} distinct sampled colours")
sys.exit(0 if len(colours) > 8 else 1)
PY
	echo "ok - $name: opens without console errors, shows its verdict and charts"
}

check kmeans --order seq,exact --threads 1,2,4
check mlp --workload mlp --precision float,double --order seq,kahan --epochs 50
check softmax --workload softmax --precision float,double --epochs 3

# hostile names: a column named with a script and an image whose error handler logs; a file
# name with markup. Nothing may run (no console message), and the names show as text.
printf '%s\n' "<script>console.error('XSS-script')</script>,<img src=x onerror=\"console.error('XSS-img')\">" \
	'1,2' '3,4' '5,6' '7,8' '10,10' '11,12' >"$dir/<b>bold<\b>.csv"
"$fpdrift" run --data "$dir/<b>bold<\b>.csv" -k 2 -o "$dir/hostile.html"
"$browser" "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "file://$dir/hostile.html" \
	>"$dir/hostile.dom" 2>"$dir/hostile.log" || true
if grep -E 'XSS-' "$dir/hostile.log" >/dev/null; then
	echo "FAIL: hostile: a name ran as code:"
	grep -E 'XSS-' "$dir/hostile.log"
	exit 1
fi
grep -qF "&lt;script&gt;console.error('XSS-script')&lt;/script&gt;" "$dir/hostile.dom" ||
	{ echo "FAIL: hostile: the script name is not shown as text"; exit 1; }
grep -qF "&lt;b&gt;bold" "$dir/hostile.dom" ||
	{ echo "FAIL: hostile: the file name is not shown as text"; exit 1; }
if grep -qE '<script|<img' "$dir/hostile.dom"; then
	echo "FAIL: hostile: the DOM holds a script or image element"
	exit 1
fi
echo "ok - hostile names: nothing runs, the names show as text"
