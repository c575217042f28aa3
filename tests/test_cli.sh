#!/bin/sh
# test_cli.sh - the command line's errors, as TAP: every malformed input gets its exit status
# (65 bad data, 2 usage) and one line naming the file:line:column or the option.
set -u
fpdrift="${top_builddir:-.}/src/fpdrift"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
failed=0

# expect STATUS PATTERN DESCRIPTION -- ARGS...
expect() {
	want=$1 pattern=$2 what=$3
	shift 4
	n=$((n + 1))
	"$fpdrift" "$@" >"$dir/out" 2>"$dir/err"
	got=$?
	lines=$(wc -l <"$dir/err")
	if [ "$got" -eq "$want" ] && grep -q -- "$pattern" "$dir/err" && [ "$lines" -eq 1 ] &&
		[ ! -s "$dir/out" ]; then
		echo "ok $n - $what"
	else
		echo "not ok $n - $what (exit $got, want $want; stderr: $(cat "$dir/err"))"
		failed=$((failed + 1))
	fi
}

printf 'a,b,label\n1,2,0\n3,4,5,0\n' >"$dir/ragged.csv"
printf 'a,b\n1,2\n3,x7\n' >"$dir/text.csv"
: >"$dir/empty.csv"
printf 'a,b,label\n' >"$dir/header.csv"
printf 'a,b\n1,2\n3,4\n' >"$dir/small.csv"
printf 'a,b\n1,2\nnan,4\n' >"$dir/nan.csv"
{ printf 'a\n'; head -c 1048576 /dev/zero | tr '\0' '1'; printf '\n'; } >"$dir/long.csv"

echo "1..86"
expect 65 "ragged.csv:3:7: 4 fields where the header has 3" "ragged row" -- run --data "$dir/ragged.csv"
expect 65 "text.csv:3:3: expected a number, got 'x7'" "non-numeric cell" -- run --data "$dir/text.csv"
expect 65 "empty.csv: the file is empty" "empty file" -- run --data "$dir/empty.csv"
expect 65 "header.csv: a header row but no data rows" "header only" -- run --data "$dir/header.csv"
expect 2 "k = 5 is more than the 2 rows" "k > rows" -- run --data "$dir/small.csv" -k 5
expect 2 "k must be at least 1" "k = 0" -- run --data "$dir/small.csv" -k 0
expect 65 "nan.csv:3:1: 'nan' is not a finite number" "NaN cell" -- run --data "$dir/nan.csv"
expect 65 "long.csv:2:65537: line longer than 65536 bytes" "a 1 MB line" -- run --data "$dir/long.csv"
expect 65 "none.csv: cannot open: No such file or directory" "missing file" -- run --data "$dir/none.csv"
expect 65 "is a directory" "a directory" -- run --data "$dir"
expect 2 "--workload: 'kmedians' is not" "unknown workload" -- run --workload kmedians
expect 2 "--order: 'seq,fast' is not" "unknown order" -- run --order seq,fast
expect 2 "--lanes: '3' is not" "lanes not a power of two" -- run --lanes 3
expect 2 "--threads: '0' is not" "threads 0" -- run --threads 0
expect 2 "--fma: 'maybe' is not" "unknown fma value" -- run --fma maybe
expect 2 "--round: 'round:0' is not" "bad mitigation" -- run --round round:0
expect 2 "--generate: unknown generator 'gauss'" "unknown generator" -- run --generate gauss:n=3
expect 2 "--columns: " "unknown column" -- run --data "$dir/small.csv" --columns c
expect 2 "unknown command 'frob'" "unknown command" -- frob
printf 'a,b\n0,0\n' >"$dir/init1.csv"
expect 65 "init1.csv has 1 x 2 values; 2 x 2 centers are needed" "--init FILE of the wrong shape" -- run --data "$dir/small.csv" -k 2 --init "$dir/init1.csv"
n=$((n + 1))
printf 'a,b\n0,0\n9,9\n' >"$dir/init2.csv"
if "$fpdrift" run --data "$dir/small.csv" -k 2 --init "$dir/init2.csv" --precision double >"$dir/out" 2>&1 &&
	grep -q 'center\[1\]\[0\]' "$dir/out"; then
	echo "ok $n - --init FILE"
else
	echo "not ok $n - --init FILE: $(cat "$dir/out")"
fi
expect 1 "cannot write $dir/no/such/folder/r.json" "missing output folder" -- run --data "$dir/small.csv" -k 1 --precision double -o "$dir/no/such/folder/r.json"

# write failures: a full disk, a read-only folder; the earlier file stays
expect 1 "cannot write /dev/full: No space left on device" "a full disk (/dev/full)" -- run --data "$dir/small.csv" -k 1 --precision double --format json -o /dev/full
n=$((n + 1))
mkdir -p "$dir/ro" && echo "earlier" >"$dir/ro/report.json" && chmod 555 "$dir/ro"
chmod 755 "$dir"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	as_user=""
fi
chmod 644 "$dir/small.csv"
$as_user "$fpdrift" run --data "$dir/small.csv" -k 1 --precision double -o "$dir/ro/report.json" 2>"$dir/err"
got=$?
if [ "$(id -u)" = 0 ] && [ -z "$as_user" ]; then
	echo "ok $n - # SKIP read-only folder: root writes anyway and setpriv is missing"
elif [ "$got" -eq 1 ] && [ "$(cat "$dir/ro/report.json")" = earlier ] &&
	grep -q "cannot write $dir/ro/report.json: Permission denied" "$dir/err" &&
	[ -z "$(ls "$dir/ro" | grep -v '^report.json$')" ]; then
	echo "ok $n - a read-only folder: exit 1, the earlier file intact, no temporary left"
else
	echo "not ok $n - read-only folder: exit $got, file $(cat "$dir/ro/report.json"), $(cat "$dir/err")"
fi
chmod 755 "$dir/ro"

# formats by extension, and the schema of a JSON report
n=$((n + 1))
if "$fpdrift" run --data "$dir/small.csv" -k 1 --precision double -o "$dir/r.csv" &&
	head -1 "$dir/r.csv" | grep -q '^workload,data,precision,order' &&
	"$fpdrift" run --data "$dir/small.csv" -k 1 --precision double -o "$dir/r.md" &&
	grep -q '^## Verdict' "$dir/r.md" &&
	"$fpdrift" run --data "$dir/small.csv" -k 1 --precision double -o "$dir/r.html" &&
	grep -q '^<!DOCTYPE html>' "$dir/r.html" &&
	"$fpdrift" run --data "$dir/small.csv" -k 1 --precision double -o "$dir/r.json" &&
	"${top_builddir:-.}/tests/schema-check" "${top_srcdir:-.}/data/fpdrift-report-1.schema.json" "$dir/r.json"; then
	echo "ok $n - .csv .md .html .json pick the format; the JSON satisfies the schema"
else
	echo "not ok $n - formats by extension"
fi
# repeats of a drawn race: the distinct outcomes, in the text and in a JSON that satisfies
# the schema, one entry (with its hex outputs) per outcome
n=$((n + 1))
blobs="${top_srcdir:-.}/data/blobs_1000x2.csv"
if "$fpdrift" run --data "$blobs" --mimic sklearn-1.2 --threads 4 --combine racy \
	--repeats 30 --precision double >"$dir/rep.txt" &&
	grep -Eq '^1 +double +[0-9]+: [0-9]+ seeds \(from seed [0-9]+\), ' "$dir/rep.txt" &&
	"$fpdrift" run --data "$blobs" --mimic sklearn-1.2 --threads 4 --combine racy \
		--repeats 30 --precision double -o "$dir/rep.json" &&
	"${top_builddir:-.}/tests/schema-check" "${top_srcdir:-.}/data/fpdrift-report-1.schema.json" "$dir/rep.json" &&
	distinct=$(sed -n 's/^ *"distinct": \([0-9]*\),$/\1/p' "$dir/rep.json" | tail -n 1) &&
	[ "$distinct" -gt 1 ] &&
	[ "$(grep -c '"first_seed"' "$dir/rep.json")" -eq "$distinct" ]; then
	echo "ok $n - --repeats lists the distinct outcomes of a racy lock order ($distinct)"
else
	echo "not ok $n - --repeats distinct outcomes"
fi
expect 2 "--format: 'pdf' is not" "unknown format" -- run --format pdf
expect 2 "--random-state: '4294967296' is not a whole number from 0 to 4294967295" \
	"a random_state past 32 bits" -- run --init k-means++ --random-state 4294967296
expect 2 "--n-init: '0' is not a whole number from 1 to 1000" "n_init 0" -- run --init k-means++ --n-init 0

# the CI gate
n=$((n + 1))
"$fpdrift" run --order seq,exact --threads 1,2 --precision double --max-ulps 2 >/dev/null 2>"$dir/err"
got=$?
if [ "$got" -eq 3 ] && grep -q -- "--max-ulps 2 exceeded: the double run with order=seq" "$dir/err"; then
	echo "ok $n - --max-ulps exceeded exits 3 and says which run"
else
	echo "not ok $n - --max-ulps: exit $got: $(cat "$dir/err")"
fi
n=$((n + 1))
if "$fpdrift" run --order exact --precision double --max-ulps 2 --max-flips 0 >/dev/null 2>&1; then
	echo "ok $n - within the bounds exits 0"
else
	echo "not ok $n - within the bounds: exit $?"
fi
n=$((n + 1))
"$fpdrift" run --workload mlp --precision double --epochs 20 --repeats 5 --max-std 1e-9 >/dev/null 2>"$dir/err"
got=$?
if [ "$got" -eq 3 ] && grep -q -- "--max-std 1e-09 exceeded: final_loss" "$dir/err"; then
	echo "ok $n - --max-std over repeats exits 3"
else
	echo "not ok $n - --max-std: exit $got: $(cat "$dir/err")"
fi
n=$((n + 1))
printf 'x\n1\ninf\n' >"$dir/inf.csv"
"$fpdrift" run --workload sum --data "$dir/inf.csv" --allow-nonfinite --repeats 3 --max-std 1 \
	>/dev/null 2>"$dir/err"
got=$?
if [ "$got" -eq 3 ] && grep -q -- "sum of 3 of the 3 double runs of variant 1 is not finite" "$dir/err"; then
	echo "ok $n - --max-std fails when the repeats are not finite"
else
	echo "not ok $n - --max-std on infinite repeats: exit $got: $(cat "$dir/err")"
fi
n=$((n + 1))
if "$fpdrift" run --repeats 30 --max-std 0 --precision double >"$dir/out" 2>&1 &&
	grep -qE '^1 +double +30 +3180.026 +0 ' "$dir/out"; then
	echo "ok $n - 30 bit-identical repeats have sd 0 exactly and pass --max-std 0"
else
	echo "not ok $n - --max-std 0 on identical repeats: $(tail -3 "$dir/out")"
fi
# ulps far beyond 2^64 in the text table (a stack buffer once overflowed here)
n=$((n + 1))
if "$fpdrift" run --workload sum --generate cancel:n=1000,cond=1e100 --order seq,kahan \
	--precision mpfr >"$dir/out" 2>&1 && grep -qE 'max [0-9.]+e\+(9[0-9]|1[0-9][0-9]) ulps' "$dir/out"; then
	echo "ok $n - a text report with ulps near 1e100 prints them whole"
else
	echo "not ok $n - huge ulps in the text report: $(tail -3 "$dir/out")"
fi
# the BLAS fusing probe against what a kernel=blas run really returns: the dot of 16 products
# (1+2^-27)^2 and 16 of -(1+2^-27)^2 is 0 unless the products are fused into the sums.
# OpenBLAS's Prescott core does not fuse; its Haswell core (AVX2 and FMA) does.
{
	echo "x,y"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do echo "1.0000000074505806,1.0000000074505806"; done
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do echo "1.0000000074505806,-1.0000000074505806"; done
} >"$dir/probe.csv"
blas_case() { # CORE FUSES LABELLED
	n=$((n + 1))
	OPENBLAS_CORETYPE=$1 "$fpdrift" run --workload dot --data "$dir/probe.csv" --precision double \
		--kernel blas --format csv >"$dir/out" 2>&1
	got=$(awk -F, 'NR == 2 { print $(NF - 5) }' "$dir/out")
	OPENBLAS_CORETYPE=$1 "$fpdrift" run --workload dot --data "$dir/probe.csv" --precision double \
		--kernel blas >"$dir/text" 2>&1
	OPENBLAS_CORETYPE=$1 "$fpdrift" --version >"$dir/version"
	fused=no
	[ "$got" != 0 ] && fused=yes
	labelled=plain
	grep -q "fma=off (fused by the library)" "$dir/text" && labelled=labelled
	if grep -q "double $2" "$dir/version" && [ "$fused" = "$2" ] && [ "$labelled" = "$3" ]; then
		echo "ok $n - OpenBLAS $1: the probe says fused $2, the dot is $got, fma=off is $3"
	else
		echo "not ok $n - OpenBLAS $1: probe $(tail -1 "$dir/version"), dot $got, text: $(grep variant "$dir/text")"
	fi
}
blas_case Prescott no plain
if grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then
	blas_case Haswell yes labelled
else
	n=$((n + 1))
	echo "ok $n - # SKIP no AVX2 and FMA for OpenBLAS's Haswell core"
fi
n=$((n + 1))
if "$fpdrift" run --round round:12 --precision float,double >"$dir/out" 2>&1 &&
	grep -q "note (float): round:12 is more than float holds: round:9 applied" "$dir/out" &&
	! grep -q "note (double)" "$dir/out" &&
	grep -qE '^center\[0\]\[0\] +1\.3394474 .* 1\.33944769185 ' "$dir/out"; then
	echo "ok $n - round:12 rounds double to 12 digits and float to its 9, saying so"
else
	echo "not ok $n - round:12 with float: $(grep -E 'note|center\[0\]\[0\]' "$dir/out")"
fi
expect 2 "--max-std needs --repeats" "--max-std without repeats" -- run --max-std 1
expect 2 "--max-ulps: '-1' is not" "a negative bound" -- run --max-ulps -1
expect 2 "--batch-size: 1000000 is more than the 1437 training rows of digits.csv" \
	"a softmax batch larger than the training set" -- run --workload softmax --batch-size 1000000

# report files: modes, links, limits and signals
mode() { stat -c %a "$1"; }
n=$((n + 1))
rm -f "$dir/m.json"
(umask 027 && "$fpdrift" run -o "$dir/m.json") && first=$(mode "$dir/m.json") &&
	chmod 604 "$dir/m.json" && "$fpdrift" run -o "$dir/m.json" && second=$(mode "$dir/m.json")
if [ "${first:-}" = 640 ] && [ "${second:-}" = 604 ]; then
	echo "ok $n - a new report gets the umask's mode, a replaced one keeps its own"
else
	echo "not ok $n - report modes: new ${first:-?} (want 640), replaced ${second:-?} (want 604)"
fi
n=$((n + 1))
rm -f "$dir/target.json" "$dir/link.json"
ln -s target.json "$dir/link.json"
if "$fpdrift" run -o "$dir/link.json" && [ -L "$dir/link.json" ] &&
	grep -q '"schema": "fpdrift-report/1"' "$dir/target.json"; then
	echo "ok $n - -o through a symbolic link writes its target and keeps the link"
else
	echo "not ok $n - -o through a symbolic link: $(ls -l "$dir" | grep -E 'link|target')"
fi
n=$((n + 1))
rm -f "$dir"/big.html*
(ulimit -f 1 && "$fpdrift" run --format html -o "$dir/big.html") 2>"$dir/err"
got=$?
if [ "$got" -eq 1 ] && grep -q "cannot write .*big.html: File too large" "$dir/err" &&
	[ -z "$(ls "$dir" | grep 'big.html')" ]; then
	echo "ok $n - a file-size limit is a write error, exit 1, nothing left"
else
	echo "not ok $n - ulimit -f: exit $got: $(cat "$dir/err"); $(ls "$dir" | grep big)"
fi
n=$((n + 1))
(ulimit -f 1 && "$fpdrift" run --format html >"$dir/big2.html") 2>"$dir/err"
got=$?
if [ "$got" -eq 1 ] && grep -q "cannot write the report: File too large" "$dir/err"; then
	echo "ok $n - a file-size limit on standard output is a write error, exit 1"
else
	echo "not ok $n - ulimit -f on stdout: exit $got: $(cat "$dir/err")"
fi
# out of memory in an MPFR run (10^5 distances of 65536 bits, 820 MB): exit 1 with a message,
# after the estimate's warning (GMP's own allocations go the same way: test_workload's
# gmp_out_of_memory_exits_1). 600 MB of address space: below about 300 MB OpenBLAS 0.3.21
# itself spins in blas_memory_alloc while loading (its issue 5289). Skipped in the sanitizer
# builds, which reserve terabytes of address space.
n=$((n + 1))
if grep -q __asan_init "$fpdrift" 2>/dev/null || grep -q __tsan_init "$fpdrift" 2>/dev/null; then
	echo "ok $n - # SKIP a sanitizer build cannot run under ulimit -v"
else
	(ulimit -v 600000 && timeout 120 "$fpdrift" run --workload kmeans --force \
		--generate blobs:n=100000,d=8,k=4 --ref-bits 65536 --precision mpfr) >/dev/null 2>"$dir/err"
	got=$?
	if [ "$got" -eq 1 ] && grep -q "^fpdrift: out of memory" "$dir/err" &&
		grep -q "running it anyway (--force)" "$dir/err"; then
		echo "ok $n - out of memory in MPFR exits 1 with a message (--force past the estimate)"
	else
		echo "not ok $n - out of memory in MPFR: exit $got: $(cat "$dir/err")"
	fi
fi
# the resource estimate: a run of hours is refused before it starts, with the estimate;
# --estimate prints it; more memory than there is is refused, before the data is generated
# when the data alone does not fit
expect 2 "this run would take about .* days (300004 runs); --force runs it anyway" \
	"a run of hours is refused with its estimate" -- run --workload mlp --epochs 1000000 --repeats 100000
n=$((n + 1))
if timeout 60 "$fpdrift" run --estimate --workload mlp --epochs 1000000 --repeats 100000 \
	>"$dir/out" 2>"$dir/err" && grep -q "^runs: 300004$" "$dir/out" &&
	grep -q "^time: .* days$" "$dir/out" && grep -q "^memory: .* (available: " "$dir/out" &&
	[ ! -s "$dir/err" ]; then
	echo "ok $n - --estimate prints the estimate and runs nothing"
else
	echo "not ok $n - --estimate: $(cat "$dir/out" "$dir/err")"
fi
for what in memory data; do
	n=$((n + 1))
	if grep -q __asan_init "$fpdrift" 2>/dev/null || grep -q __tsan_init "$fpdrift" 2>/dev/null; then
		echo "ok $n - # SKIP a sanitizer build cannot run under ulimit -v"
		continue
	fi
	if [ $what = memory ]; then
		# 5e5 points: 8 MB of data, but the MPFR run's distances and gathered members
		# are 8 GB of 65536-bit numbers
		(ulimit -v 2000000 && timeout 60 "$fpdrift" run --workload kmeans \
			--generate blobs:n=500000,d=2,k=2 --ref-bits 65536) >"$dir/out" 2>"$dir/err"
		got=$?
		pattern="this run would need about .* GB of memory, more than the .* available"
	else
		(ulimit -v 700000 && timeout 60 "$fpdrift" run --workload sum \
			--generate uniform:n=100000000) >"$dir/out" 2>"$dir/err"
		got=$?
		pattern="--generate uniform:n=100000000: 100000000 x 1 values need 800 MB of memory"
	fi
	if [ "$got" -eq 2 ] && grep -q -- "$pattern" "$dir/err" && [ ! -s "$dir/out" ]; then
		echo "ok $n - more $what than there is is refused (exit 2)"
	else
		echo "not ok $n - $what refusal: exit $got: $(cat "$dir/err")"
	fi
done
# data from streams, and a file whose name looks like a generator spec
n=$((n + 1))
if printf 'x,y\n1,2\n3,4\n5,6\n7,8\n' | "$fpdrift" run --data - -k 2 >"$dir/out" 2>&1 &&
	grep -q "kmeans on standard input (4 x 2)" "$dir/out"; then
	echo "ok $n - --data - reads standard input"
else
	echo "not ok $n - --data -: $(head -3 "$dir/out")"
fi
n=$((n + 1))
if printf 'x,y\n1,2\n3,4\n5,6\n7,8\n' | "$fpdrift" run --data /dev/stdin -k 2 >"$dir/out" 2>&1 &&
	grep -q "(4 x 2)" "$dir/out"; then
	echo "ok $n - a pipe through /dev/stdin is read whole"
else
	echo "not ok $n - /dev/stdin: $(head -3 "$dir/out")"
fi
n=$((n + 1))
rm -f "$dir/fifo" && mkfifo "$dir/fifo"
(printf 'x,y\n1,2\n3,4\n5,6\n7,8\n' >"$dir/fifo") &
if "$fpdrift" run --data "$dir/fifo" -k 2 >"$dir/out" 2>&1 && grep -q "kmeans on fifo (4 x 2)" "$dir/out"; then
	echo "ok $n - a FIFO is read as a stream"
else
	echo "not ok $n - FIFO: $(head -3 "$dir/out")"
fi
wait
n=$((n + 1))
printf 'x,y\n1,2\n3,4\n5,6\n7,8\n' >"$dir/my:data.csv"
abs="$(cd "$(dirname "$fpdrift")" && pwd)/fpdrift"
if (cd "$dir" && "$abs" run --data my:data.csv -k 2) >"$dir/out" 2>&1 &&
	grep -q "kmeans on my:data.csv (4 x 2)" "$dir/out"; then
	echo "ok $n - an existing file whose name has a colon is a file, not a generator spec"
else
	echo "not ok $n - my:data.csv: $(head -3 "$dir/out")"
fi
# SIGTERM while the temporary file is being written (the kill waits for it to appear)
n=$((n + 1))
left=0
hit=0
for try in 1 2 3; do
	rm -f "$dir"/sig.json*
	"$fpdrift" run --workload mlp --epochs 20000 --precision double -o "$dir/sig.json" &
	pid=$!
	i=0
	while [ $i -lt 3000 ] && ! ls "$dir" | grep -q 'sig.json.tmp'; do
		sleep 0.01
		i=$((i + 1))
	done
	ls "$dir" | grep -q 'sig.json.tmp' && hit=$((hit + 1))
	kill -TERM $pid 2>/dev/null
	wait $pid
	ls "$dir" | grep -q 'sig.json.tmp' && left=$((left + 1))
done
if [ $hit -gt 0 ] && [ $left -eq 0 ]; then
	echo "ok $n - SIGTERM during a report write leaves no temporary file ($hit of 3 mid-write)"
else
	echo "not ok $n - SIGTERM mid-write: $left of 3 left a temporary file ($hit hit the write)"
fi

# the progress line: on a terminal after a second, erased at the end; never into a file
n=$((n + 1))
if command -v script >/dev/null 2>&1; then
	script -qec "$fpdrift run --workload mlp --epochs 20000 >/dev/null" /dev/null >"$dir/tty" 2>&1
	if grep -q 'fpdrift: *[0-9]*% in [0-9]* s' "$dir/tty" && [ "$(tail -c 1 "$dir/tty" | od -An -c | tr -d ' ')" = '\r' ]; then
		echo "ok $n - a run of seconds on a terminal draws a progress line and erases it"
	else
		echo "not ok $n - no progress line on a terminal: $(od -c "$dir/tty" | head -3)"
	fi
else
	echo "ok $n # SKIP script(1) is not installed"
fi
# the data set being read is named on a terminal, and the line erased before the run
n=$((n + 1))
if command -v script >/dev/null 2>&1; then
	script -qec "$fpdrift run --workload sum --generate uniform:n=1000 >/dev/null" /dev/null >"$dir/tty" 2>&1
	if grep -q 'fpdrift: loading uniform:n=1000 \.\.\.' "$dir/tty" &&
		[ "$(tr '\r' '\n' <"$dir/tty" | grep -c '[^ ]')" -eq 1 ]; then
		echo "ok $n - loading the data is said on a terminal and erased"
	else
		echo "not ok $n - no loading line on a terminal: $(od -c "$dir/tty" | head -3)"
	fi
else
	echo "ok $n # SKIP script(1) is not installed"
fi
n=$((n + 1))
"$fpdrift" run --workload mlp --epochs 20000 >/dev/null 2>"$dir/err"
# (a slow build may warn that the run takes a minute: a message, not a progress line)
if ! grep -q '% in' "$dir/err" && ! grep -q "$(printf '\r')" "$dir/err"; then
	echo "ok $n - no progress line when standard error is not a terminal"
else
	echo "not ok $n - standard error got: $(head -c 200 "$dir/err")"
fi
# fpdrift diff: errors, then a report against itself, against another order, and the gate
"$fpdrift" run --workload sum --generate uniform:n=1000 --precision float,double --format json -o "$dir/a.json"
"$fpdrift" run --workload sum --generate uniform:n=1000 --precision float,double --order pairwise --format json -o "$dir/p.json"
printf '{\n  "schema": 1,\n' >"$dir/cut.json"
printf '{"schema": "fpdrift-report/1"}\n' >"$dir/hollow.json"
expect 2 "diff: two reports are needed" "diff with one report" -- diff "$dir/a.json"
expect 2 "diff: unknown option --frob" "diff with an unknown option" -- diff --frob "$dir/a.json" "$dir/a.json"
expect 2 "diff: --format xml: text, json or markdown" "diff --format xml" -- diff --format xml "$dir/a.json" "$dir/a.json"
expect 65 "none.json" "diff of a missing report" -- diff "$dir/none.json" "$dir/a.json"
expect 65 "cut.json:3:" "diff of a cut JSON file names its line" -- diff "$dir/a.json" "$dir/cut.json"
expect 65 "hollow.json: no \"runs\" list" "diff of a report without runs" -- diff "$dir/a.json" "$dir/hollow.json"
n=$((n + 1))
if "$fpdrift" diff "$dir/a.json" "$dir/a.json" --max-ulps 0 >"$dir/out" 2>"$dir/err" &&
	grep -q "reproduces .*a.json bit for bit: all 2 outputs of the 2 runs" "$dir/out" && [ ! -s "$dir/err" ]; then
	echo "ok $n - diff of a report with itself: bit for bit, exit 0 under --max-ulps 0"
else
	echo "not ok $n - diff of a report with itself: $(tail -1 "$dir/out") $(cat "$dir/err")"
fi
n=$((n + 1))
"$fpdrift" diff "$dir/a.json" "$dir/p.json" --max-ulps 0 >"$dir/out" 2>"$dir/err"
rc=$?
if [ "$rc" -eq 3 ] && grep -q "because the knobs changed: order=seq -> order=pairwise" "$dir/out" &&
	grep -q -- "--max-ulps 0 exceeded: sum of the .* run is [0-9]* ulps" "$dir/err"; then
	echo "ok $n - diff across orders: the verdict names the knob, --max-ulps 0 exits 3"
else
	echo "not ok $n - diff across orders: exit $rc; $(tail -1 "$dir/out") $(cat "$dir/err")"
fi
n=$((n + 1))
if "$fpdrift" diff "$dir/a.json" "$dir/p.json" -o "$dir/d.md" >"$dir/out" 2>&1 &&
	grep -q '^<details><summary>Outputs that differ' "$dir/d.md" && grep -q '^| run | outputs |' "$dir/d.md" &&
	[ ! -s "$dir/out" ] && [ -z "$(ls "$dir" | grep 'd.md.tmp')" ]; then
	echo "ok $n - diff -o d.md writes Markdown (runs table, outputs collapsed) and nothing else"
else
	echo "not ok $n - diff -o d.md: $(head -3 "$dir/d.md") $(cat "$dir/out")"
fi
n=$((n + 1))
if "$fpdrift" diff "$dir/a.json" "$dir/p.json" --format json | grep -q '"schema": "fpdrift-diff/1"'; then
	echo "ok $n - diff --format json"
else
	echo "not ok $n - diff --format json"
fi
# A versus B: --against
expect 2 "--against order=kahan: order=kahan is not among the values of --order" "--against a value outside the grid" -- run --order seq,pairwise --against order=kahan
expect 2 "--against: 'order' is not" "--against without a value" -- run --against order
expect 2 "--against and --shard exclude each other" "--against with --shard" -- run --order seq,pairwise --against order=seq --shard 1/2
n=$((n + 1))
if "$fpdrift" run --workload sum --generate cancel:n=2000,cond=1e8,seed=3 --precision double \
	--order seq,reverse --against order=seq >"$dir/out" 2>"$dir/err" &&
	grep -q "vs A: double: this is run A" "$dir/out" &&
	grep -q "vs A: double: differs from variant 1 by up to [0-9]* ulps because order changed (seq -> reverse)" "$dir/out" &&
	"$fpdrift" run --workload sum --generate cancel:n=2000,cond=1e8,seed=3 --precision double \
		--order seq,reverse --against order=seq --format json | grep -q '"change": "order changed (seq -> reverse)"'; then
	echo "ok $n - --against order=seq: each run against its seq run, with the knob that changed"
else
	echo "not ok $n - --against: $(cat "$dir/out" "$dir/err" | tail -5)"
fi
# the emulated formats
expect 2 "custom:p=25,emin=-3,emax=4' is not a format fpdrift emulates (p must be 2..24" "a custom format too wide" -- run --precision custom:p=25,emin=-3,emax=4
expect 2 "is not a format fpdrift emulates (emax=N is missing)" "a custom format without emax" -- run --precision float,custom:p=5,emin=-3
expect 2 "is not a list with one custom format" "two custom formats" -- run --precision custom:p=5,emin=-3,emax=4,custom:p=6,emin=-3,emax=4
n=$((n + 1))
if "$fpdrift" run --workload sum --precision fp16,bf16,fp8e4m3,custom:p=5,emin=-6,emax=7,sat,float \
	--format json >"$dir/out" 2>"$dir/err" &&
	grep -q '"precision": "fp16"' "$dir/out" && grep -q '"precision": "bf16"' "$dir/out" &&
	grep -q '"precision": "fp8e4m3"' "$dir/out" && grep -q '"precision": "custom"' "$dir/out" &&
	grep -q '"precision": "float"' "$dir/out" &&
	! grep -q '"precision": "double"' "$dir/out"; then
	echo "ok $n - --precision fp16,bf16,fp8e4m3,custom:...,float runs those and no other"
else
	echo "not ok $n - emulated precisions: $(head -c 300 "$dir/out") $(cat "$dir/err")"
fi
n=$((n + 1))
if "$fpdrift" run --workload sum --precision custom:p=5,emin=-6,emax=7,sat >"$dir/out" 2>"$dir/err" &&
	grep -q "custom:p=5,emin=-6,emax=7,sat" "$dir/out"; then
	echo "ok $n - a custom format's column is labelled with its definition"
else
	echo "not ok $n - custom label: $(head -12 "$dir/out") $(cat "$dir/err")"
fi
"$fpdrift" run --workload sum --precision custom:p=6,emin=-10,emax=10 --format json -o "$dir/c6.json"
"$fpdrift" run --workload sum --precision custom:p=7,emin=-10,emax=10 --format json -o "$dir/c7.json"
expect 65 "c7.json: scenario \"custom_format\": custom:p=7,emin=-10,emax=10: one custom format per run" \
	"diff refuses two different custom formats" -- diff "$dir/c6.json" "$dir/c7.json"
# the rounding knob, its samples and the significant digits gate
expect 2 "--rounding: 'mca:54' is not a list of nearest up down zero random sr mca:T (T 1..53)" "mca beyond 53 bits" -- run --rounding mca:54
expect 2 "--rounding: 'nearest,mca' is not a list of" "mca without its precision" -- run --rounding nearest,mca
expect 2 "--samples: '1' is not a whole number from 2 to 100000" "one sample" -- run --samples 1
expect 2 "--min-digits needs a random rounding to sample" "--min-digits without a random rounding" -- run --rounding up --min-digits 3
expect 2 "--round-inside: 'sig' is not" "sig inside the iterations" -- run --round-inside sig
n=$((n + 1))
"$fpdrift" run --precision double --rounding sr --samples 10 --min-digits 15 >/dev/null 2>"$dir/err"
got=$?
if [ "$got" -eq 3 ] && grep -q -- "--min-digits 15 exceeded: output center\[0\]\[0\] of the double run with .*rounding=sr has [0-9.]* significant digits over 10 samples" "$dir/err"; then
	echo "ok $n - --min-digits 15 exits 3 and names the outputs with fewer digits"
else
	echo "not ok $n - --min-digits 15: exit $got: $(head -3 "$dir/err")"
fi
n=$((n + 1))
if "$fpdrift" run --precision float,double --rounding sr --samples 10 --min-digits 5 --format json -o "$dir/sr.json" 2>"$dir/err" &&
	"${top_builddir:-.}/tests/schema-check" "${top_srcdir:-.}/data/fpdrift-report-1.schema.json" "$dir/sr.json" &&
	grep -q '"significant_digits": ' "$dir/sr.json" && grep -q '"significant_bits": ' "$dir/sr.json" &&
	grep -q '"rounding": "sr"' "$dir/sr.json" && grep -q '"min_digits": 5' "$dir/sr.json"; then
	echo "ok $n - --min-digits 5 passes; the JSON report has each output's significant digits and bits"
else
	echo "not ok $n - sr JSON: $(cat "$dir/err") $(head -c 300 "$dir/sr.json")"
fi
n=$((n + 1))
if "$fpdrift" run --precision double --threads 1,2,3 --round sig --samples 10 >"$dir/out" 2>"$dir/err" &&
	grep -q "sig on the double outputs: removes the difference between the variants" "$dir/out"; then
	echo "ok $n - --round sig: rounding k-means' double centers to their significant digits removes the threads' difference"
else
	echo "not ok $n - --round sig: $(grep -A5 verdict "$dir/out") $(cat "$dir/err")"
fi
exit 0
