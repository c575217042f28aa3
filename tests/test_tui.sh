#!/bin/sh
# test_tui.sh - the explorer, driven headless by key scripts, checked on its screen dumps (TAP).
# FPDRIFT_KEYS is the script, FPDRIFT_SCREEN_DUMP the file the final screen is written to.
set -u
fpdrift="$(cd "${top_builddir:-.}" && pwd)/src/fpdrift"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0

# screen KEYS [env...]: run the explorer headless at 120x40 with the options in $fpargs and
# leave the screen in $dir/screen
fpargs=""
screen() {
	keys=$1
	shift
	rm -f "$dir/screen"
	# shellcheck disable=SC2086 # $fpargs is a list of options
	(cd "$dir" && env FPDRIFT_KEYS="$keys" FPDRIFT_SCREEN_DUMP="$dir/screen" FPDRIFT_COLS=$W \
		FPDRIFT_LINES=$H LC_ALL=C.UTF-8 "$@" "$fpdrift" $fpargs >"$dir/out" 2>&1)
	status=$?
}

# size WxH: the next screens' size (120x40 until said)
W=120
H=40
size() {
	W=${1%x*}
	H=${1#*x}
}
# check_absent DESCRIPTION PATTERN...: no pattern is on the screen, exit status 0
check_absent() {
	what=$1
	shift
	n=$((n + 1))
	found=""
	for p in "$@"; do
		grep -qF -- "$p" "$dir/screen" 2>/dev/null && found="$found [$p]"
	done
	if [ "$status" -eq 0 ] && [ -z "$found" ]; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what (exit $status; there:$found)"
		sed 's/^/# /' "$dir/screen" "$dir/out" 2>/dev/null | head -60
	fi
}

# check DESCRIPTION PATTERN...: every pattern (fixed strings) is on the screen, exit status 0
check() {
	what=$1
	shift
	n=$((n + 1))
	missing=""
	for p in "$@"; do
		grep -qF -- "$p" "$dir/screen" 2>/dev/null || missing="$missing [$p]"
	done
	if [ "$status" -eq 0 ] && [ -z "$missing" ]; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what (exit $status; missing:$missing)"
		sed 's/^/# /' "$dir/screen" "$dir/out" 2>/dev/null | head -60
	fi
}

echo "1..71"
screen ""
check "three columns and the k-means study" "float" "double" "mpfr-256" "center[0][0]" \
	"inertia" "w:work kmeans  d:data blobs_1000x2.csv (1000 x 2)"
screen "t"
check "threads up changes the centers" "t:threads 2" "CHANGED since the last setting"
screen "t T"
check "threads down again" "t:threads 1"
screen "m t t t c c"
check "m: the scikit-learn mimic with 4 threads" "t:threads 4" \
	"c:combine racy" "as scikit-learn 1.2's KMeans with 4 OpenMP threads"
fpargs="--precision float,double"
screen "m t t t c c <Tab> <Tab> <Tab> <Tab>"
check "its repeats: the lock order's outcomes and what makes them one" "outcomes " \
	"ulps away" "scikit-learn adds its threads' sums under a lock" "1 or 2"
fpargs=""
screen "?"
check "the help overlay" "Keys" "summation order" "rounding: nearest, up, down"
screen "? <End>"
check "the help overlay's end" "Keys" "cancel a computation" "next view"
# the rounding knob, the digits view, the sig mitigation
screen "u"
check "u: the rounding moves to up, the runs change" "u:rounding up" "CHANGED since the last setting"
screen "6"
check "6: the digits view samples sr and shows each output's significant digits" \
	"[6 digits]" "significant digits over 30 samples of rounding=sr" "float  digits (correct)" \
	"double  digits (correct)" "inertia" "samples done"
screen "u u u u 6"
check "the digits view keeps a random rounding the u key chose" "u:rounding random" \
	"samples of rounding=random"
screen "t r r r r"
check "r to sig: each output rounded to its significant digits" "r:round sig" \
	"1.33945  " "1.33944769185378  "
# the lesson: i opens the input, Ctrl-U (a raw 0x15 here) clears it
clr=$(printf '\025')
screen "4 i $clr 0.1 <Enter> <Up>"
check "the epsilon lesson for 0.1: float's stored value, bits and rounding" \
	"0.100000001490116119384765625" "0 01111011 10011001100110011001101" "+0.200 ulp" \
	"not representable"
screen "4 i $clr 0.1 <Enter>"
check "the epsilon lesson for 0.1: double's exact value and bits" \
	"0.1000000000000000055511151231257827021181583404541015625" \
	"0 01111111011 1001100110011001100110011001100110011001100110011010"
screen "4"
check "the lesson opens on 0.1 + 0.2: each step's rounding, the result in every precision" \
	"0.1 + 0.2" "+0.500 ulp" "0.30000000000000004" "3 of 3 rounded"
screen "4 i $clr 16777217 <Enter>"
check "16777217 is not representable in float: stored 16777216" "16777216 " "not representable" \
	"16777217 "
screen "4 i $clr (1e16+1)-1e16 <Enter>"
check "(1e16+1)-1e16: 0 in double, 100% off; exact in MPFR" "= result" "-100% off" \
	"-0.500 ulp"
screen "4 i $clr inf-inf <Enter>"
check "inf - inf is NaN, labelled invalid" "NaN: invalid"
screen "4 i $clr fma(0.1,10,-1) <Enter>"
check "fma rounds once: 0.1 * 10 - 1 is 2^-54 in double" "5.551115123125783e-17"
screen "4 i $clr 1e-320 <Enter>"
check "1e-320 is subnormal in double, underflows in float" "subn." "underflow to 0"
screen "4 i $clr 1e39 <Enter>"
check "1e39 overflows float" "overflow"
screen "4 i $clr fnord <Enter>"
check "an error names its column" "column 1: expected a number, got 'f'"
screen "4 i $clr finite <Esc>"
check "knob keys type letters while the input is open" "f:fma off" "t:threads 1" "> finite"
screen "4 i $clr 0.3 <Enter> <Right>"
check "Right steps to the next double" "> 0x1.3333333333334p-2" "0.30000000000000004"
screen "4 i $clr 1 <Enter> <Left>"
check "Left steps to the previous double" "> 0x1.fffffffffffffp-1" "0.9999999999999999"
screen "<Resize:70x20>"
check "a small terminal asks to be enlarged" "enlarge the terminal to at least 80x24 (now 70x20)"
screen "<Resize:70x20> <Resize:120x40>"
check "and draws again once resized" "center[0][0]" "float"
screen "<Tab>"
check "the sweep view" "sweep of order" "exact" "kahan"
screen "<Tab> n n <PgDn> <PgDn> <PgDn>"
check "the sweep of another knob, scrolled to its end" "sweep of threads" "threads 16"
screen "<Tab> <Tab>" env LC_ALL=C
check "the chart in ASCII outside UTF-8" "R reference, f float, d double centers" "label flips (double)"
screen "e <Enter>"
n=$((n + 1))
if [ "$status" -eq 0 ] && grep -q '"schema": "fpdrift-report/1"' "$dir/fpdrift-report.json" 2>/dev/null &&
	grep -qF "wrote fpdrift-report.json" "$dir/screen" &&
	"${top_builddir:-.}/tests/schema-check" "${top_srcdir:-.}/data/fpdrift-report-1.schema.json" \
		"$dir/fpdrift-report.json"; then
	echo "ok $n - e exports the report as JSON, and it satisfies the schema"
else
	echo "not ok $n - e exports the report as JSON (exit $status)"
fi
# every view, then an export, for every workload (run by the sanitizer build in CI: an export
# once read a report whose scenario the explorer had freed); the last one switches data first
for wl in sum dot kmeans mlp softmax; do
	rm -f "$dir/fpdrift-report.json"
	fpargs="--workload $wl"
	screen "<Tab> <Tab> <Tab> <Tab> <Tab> e <Enter>"
	n=$((n + 1))
	if [ "$status" -eq 0 ] && grep -qF "wrote fpdrift-report.json" "$dir/screen" &&
		"${top_builddir:-.}/tests/schema-check" "${top_srcdir:-.}/data/fpdrift-report-1.schema.json" \
			"$dir/fpdrift-report.json" >/dev/null; then
		echo "ok $n - $wl: every view, then an export that satisfies the schema"
	else
		echo "not ok $n - $wl: every view, then export (exit $status)"
		sed 's/^/# /' "$dir/out" | head -30
	fi
done
# the chart of degenerate data: a constant column beyond 2^53, and infinite cells
printf 'x,y\n1e16,1\n1e16,2\n1e16,3\n1e16,4\n' >"$dir/const.csv"
fpargs="--data $dir/const.csv -k 2"
screen "<Tab> <Tab>"
check "the chart of a constant column beyond 2^53" "x vs y; R reference" "label flips"
printf 'x,y\ninf,1\n1,2\n3,3\n-inf,4\n5,5\n' >"$dir/inf.csv"
fpargs="--data $dir/inf.csv --allow-nonfinite -k 2"
screen "<Tab> <Tab>"
check "the chart of infinite cells" "x vs y; R reference"
fpargs=""
rm -f "$dir/fpdrift-report.json"
screen "<Tab> <Tab> w e <Enter>"
check "export right after a workload switch" "wrote fpdrift-report.json" "w:work mlp  d:data seq:n=10"
screen "d <Down> <Down> <Enter>"
check "the data picker says what it loaded, its size and time" \
	"loaded digits.csv (1797 x 64) in" "; done in"
screen "w" env NO_COLOR=1
check "next workload, without colour" "w:work mlp  d:data seq:n=10" "loss[0]"
screen "w w"
check "uncertified ulps say so on the screen" "w:work softmax  d:data digits.csv" "ulps uncertified: interval enclosures"
screen "r + + + + + + + + + + + + + +"
check "rounding beyond what float and double hold says what was computed" "r:round round:20*" \
	"* computed as round:20 (float: round:9, double: round:17)"
screen "r + + +"
check "rounding every precision holds is not marked" "r:round round:9  "
# ---- 80x24, the stated minimum, and 200x50 ----
size 80x24
screen ""
check "80x24 compare: doubles in full, two precisions and the way to the third" \
	"1.3394476918537752" "-1.650131818542436" "3180.025616817262" "precisions 1-2 of 3: Right more"
check "80x24 header: every knob, wrapped, none cut" "w:work kmeans" "o:order seq" "b:kernel naive" \
	"m:mimic none" "[1 compare]" "? help" "? keys  q quit"
screen "<Right>"
check "80x24 compare, Right: the MPFR column, the tail of the inertia whole" "mpfr-256" \
	"precisions 2-3 of 3: Left more" "3180…36495553833525"
screen "?"
check "80x24 help: a bordered box that scrolls" "┌─ Keys" "│ Knobs (or click one in the header)" \
	"1-18 of" "Up/Down scroll  Esc closes"
screen "? G"
check "help scrolled to its end lists every key" "i Enter" "n          sweep: sweep the next knob" \
	"g Home" "S-Tab" "1 ... 6"
screen "? f t <Esc>"
check "keys under the help act on nothing; Esc closes it" "f:fma off" "t:threads 1" "[1 compare]"
check_absent "the help is closed" "┌─ Keys"
screen "? q"
check "q closes the help without quitting" "[1 compare]"
check_absent "the help is closed by q" "┌─ Keys"
screen "2"
check "hotkey 2 opens the sweep" "[2 sweep]" "sweep of order"
screen "<S-Tab>"
check "Shift-Tab goes back to the last view" "[6 digits]"
fpargs="--workload mlp"
screen "G"
check "G: the end of the outputs" "loss[99]"
screen "G g"
check "g: the top again" "loss[0] "
screen "<WheelDown> <WheelDown>"
check "the mouse wheel scrolls three rows a notch" "loss[6] "
check_absent "scrolled past the first rows" "loss[5] "
fpargs=""
screen "<Click:22,0>"
check "a click on a tab opens its view" "[2 sweep]"
size 200x50
screen ""
check "200x50 compare: every precision side by side" "float" "double" "mpfr-256" \
	"1.3394476918537752" "1.3394476918537748821264324792554775970455273"
check_absent "200x50: nothing hidden" "precisions 1-"
size 120x40
# A versus B: a marks A, knobs make B
screen "a o"
check "A versus B: per output ulps from A, and the knob that changed" "   ulps  vs A" \
	"because order changed (seq -> reverse)" "vs A: float 11, double 10, mpfr-256 6 ulps"
screen "a"
check "A against itself: the same bits" "the same bits, no knob changed"
screen "a o A"
check_absent "A dropped" "vs A"
screen "a 2"
check "the sweep against A" "vs A 0" "vs A 11"
# the precisions: P opens the chooser; its ticks become the columns
size 120x40
fpargs=""
screen "P"
check "P lists every precision with its format" "[x] float" "[ ] fp16" "p 11 emin -14   emax 15" \
	"[ ] fp8e4m3" "p 4  emin -6    emax 8" "[x] mpfr-256"
screen "P j j <Space> j <Space> <Enter>"
check "fp16 and bf16 ticked: their columns and summaries" "fp16" "bf16" "a new column" \
	"precisions 1-3 of 5: Right more"
screen "P <Space> j <Space> <Enter>"
check_absent "untick float and double: only the reference's column" "max 5 ulps"
screen "P <Space> j <Space> j <Space> <Esc>"
check "Esc leaves the precisions as they were" "float       max" "double      max"
fpargs="--precision fp16,fp8e4m3-sat,double"
screen "4 <Down>"
check "the lesson in fp16 and fp8e4m3-sat: the format's facts" \
	"fp8e4m3-sat p 4, emin -6, emax 8, overflow saturates" "max 448" "1 + eps/2 -> 1" \
	"0.1 -> 0.1015625 (relative error ~+1.6%)"
fpargs=""
n=$((n + 1))
"$fpdrift" </dev/null >"$dir/out" 2>&1
status=$?
if [ "$status" -eq 2 ] && grep -q "needs a terminal" "$dir/out"; then
	echo "ok $n - without a terminal it suggests fpdrift run and exits 2"
else
	echo "not ok $n - without a terminal: exit $status: $(cat "$dir/out")"
fi
exit 0
