#!/bin/sh
# test_shard.sh - scale-out, as TAP: a grid run in shards (fpdrift run --shard I/N) and joined
# (fpdrift merge) gives the unsharded run's JSON report apart from timings, with the shards
# run one after another and, where GNU parallel is installed (Debian's package parallel), as
# GNU parallel runs them; and merge refuses what is not one run's complete set of shards.
set -u
fpdrift="${top_builddir:-.}/src/fpdrift"
data="${top_srcdir:-.}/data/blobs_1000x2.csv"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
failed=0

ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}

# the report without its timings and its invocation (the command and its time): every
# "seconds", "command" and "timestamp" member is a line of its own
untimed() {
	grep -v '"seconds":\|"command":\|"timestamp":' "$1"
}

same_as_whole() {
	untimed "$dir/whole.json" >"$dir/a" && untimed "$1" >"$dir/b" && cmp -s "$dir/a" "$dir/b" &&
		! grep -q '"shard"' "$1"
}

# expect STATUS PATTERN DESCRIPTION -- MERGE-ARGS...
expect() {
	want=$1 pattern=$2 what=$3
	shift 4
	"$fpdrift" merge "$@" >"$dir/out" 2>"$dir/err"
	got=$?
	[ "$got" -eq "$want" ] && grep -q -- "$pattern" "$dir/err" && [ ! -s "$dir/out" ]
	r=$?
	[ $r -eq 0 ] || echo "# exit $got, want $want; stderr: $(cat "$dir/err")"
	ok $r "$what"
}

grid="--data $data --threads 1,2,4 --combine ordered,racy --order seq,kahan --repeats 3"
echo "1..15"
# shellcheck disable=SC2086 # $grid is a list of words
"$fpdrift" run $grid --format json -o "$dir/whole.json"
ok $? "the whole grid (12 points, 3 precisions, 3 repeats) in one run"

# shellcheck disable=SC2086
for i in 1 2 3 4; do "$fpdrift" run $grid --shard $i/4 --format json -o "$dir/s$i.json" || exit 1; done
"$fpdrift" merge -o "$dir/merged.json" "$dir/s3.json" "$dir/s1.json" "$dir/s4.json" "$dir/s2.json"
ok $? "4 shards, one after another, merged in any order"
same_as_whole "$dir/merged.json"
ok $? "the merged report is the whole run's apart from timings"

# more shards than grid points: some have none
# shellcheck disable=SC2086
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14; do
	"$fpdrift" run $grid --shard $i/14 --format json -o "$dir/t$i.json" || exit 1
done
"$fpdrift" merge "$dir"/t*.json >"$dir/merged14.json" && same_as_whole "$dir/merged14.json"
ok $? "14 shards of 12 points (two empty) merge into the whole run's report"

if command -v parallel >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	parallel --will-cite -j 4 "$fpdrift" run $grid --shard {}/4 --format json -o "$dir/p{}.json" \
		::: 1 2 3 4
	ok $? "GNU parallel runs the 4 shards, 4 at a time"
	"$fpdrift" merge -o "$dir/pmerged.json" "$dir"/p?.json && same_as_whole "$dir/pmerged.json"
	ok $? "GNU parallel's shards merge into the whole run's report"
else
	n=$((n + 1))
	echo "ok $n # SKIP GNU parallel is not installed (apt-get install parallel)"
	n=$((n + 1))
	echo "ok $n # SKIP GNU parallel is not installed"
fi

"$fpdrift" run --data "$data" --threads 1,2 --shard 1/2 --format json -o "$dir/other.json"
printf '{"schema": "fpdrift-report/1", "runs": [1, }\n' >"$dir/broken.json"
expect 65 "shard 2 of 4 is missing" "a missing shard" -- "$dir/s1.json" "$dir/s3.json" "$dir/s4.json"
expect 65 "are both shard 3 of 4" "a shard given twice" -- "$dir/s1.json" "$dir/s2.json" "$dir/s3.json" "$dir/s3.json" "$dir/s4.json"
expect 65 "not a shard's report" "a whole run's report" -- "$dir/whole.json"
expect 65 "not shards of one run" "shards of another run" -- "$dir/s1.json" "$dir/other.json"
expect 65 "broken.json:1:44: " "JSON that does not parse: file:line:column" -- "$dir/broken.json"
sed 's/"ref_bits": 256/"ref_bits": 512/' "$dir/s2.json" >"$dir/s2other.json"
expect 65 "its scenario differs" "a shard of other options" -- "$dir/s1.json" "$dir/s2other.json" "$dir/s3.json" "$dir/s4.json"
expect 2 "no reports given" "no reports" --
for bad in 0/3 4/3; do
	"$fpdrift" run --shard "$bad" >"$dir/out" 2>"$dir/err"
	[ $? -eq 2 ] && grep -q "^fpdrift: --shard: '$bad' is not I/N" "$dir/err" && [ ! -s "$dir/out" ]
	ok $? "run --shard $bad: a usage error naming the option"
done
exit $((failed != 0))
