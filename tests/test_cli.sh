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

echo "1..23"
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

# a failed write leaves the earlier report intact and exits 1
n=$((n + 1))
echo "earlier" >"$dir/report.json"
chmod 555 "$dir"
"$fpdrift" run --data "$dir/small.csv" -k 1 --precision double -o "$dir/report.json" 2>"$dir/../fpdrift-cli-err.$$"
got=$?
chmod 755 "$dir"
if [ "$(id -u)" = 0 ]; then
	echo "ok $n - # SKIP read-only folder: root writes anyway"
elif [ "$got" -eq 1 ] && [ "$(cat "$dir/report.json")" = earlier ]; then
	echo "ok $n - failed write keeps the earlier file"
else
	echo "not ok $n - failed write: exit $got, file $(cat "$dir/report.json")"
	failed=$((failed + 1))
fi
rm -f "$dir/../fpdrift-cli-err.$$"
exit 0
