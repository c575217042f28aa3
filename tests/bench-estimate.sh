#!/bin/sh
# bench-estimate.sh - how good is the resource estimate? (`make bench`; a table, no pass or fail)
#
# For each scenario: `fpdrift run --estimate` (pilot runs), then the run itself under
# /usr/bin/time (wall seconds, peak RSS). The estimate of time is a range for k-means (one
# iteration to max_iter); "ratio" is measured / estimate (of the least for a range, so a
# k-means run that iterates shows how many iterations it took, roughly). The memory estimate
# leaves out the data and the program (about 10 MB here), so compare it with the RSS less
# that.
#
# Usage: tests/bench-estimate.sh [FPDRIFT]
set -eu
fpdrift=${1:-./src/fpdrift}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

row() {
	est=$("$fpdrift" run --estimate "$@")
	lo=$(printf '%s\n' "$est" | sed -n 's/^seconds: \([^ ]*\) .*/\1/p')
	hi=$(printf '%s\n' "$est" | sed -n 's/^seconds: [^ ]* \(.*\)/\1/p')
	mb=$(printf '%s\n' "$est" | sed -n 's/^bytes: //p')
	/usr/bin/time -o "$tmp" -f '%e %M' "$fpdrift" run "$@" >/dev/null 2>&1 || true
	meas=$(tail -n 1 "$tmp")
	set -- "$*" "$lo" "$hi" "$mb" $meas
	awk -v name="$1" -v lo="$2" -v hi="$3" -v b="$4" -v s="$5" -v kb="$6" 'BEGIN {
		printf "%-52s %8.3g %8.3g %8.3g %7.2f %8.1f %8.1f\n", name, lo, hi, s,
		       s / (lo > 0 ? lo : 1e-9), b / 1e6, kb / 1e3 }'
}

echo "Resource estimate against the run (seconds; MB; this machine: $(nproc) cores)"
printf '%-52s %8s %8s %8s %7s %8s %8s\n' "scenario" "est.lo" "est.hi" "run" "ratio" \
	"est.MB" "RSS.MB"
row --workload kmeans
row --workload kmeans --order seq,pairwise,kahan --threads 1,2 --fma off,on
row --workload kmeans --generate blobs:n=100000,d=8,k=8 -k 8 --max-iter 20
row --workload sum --generate uniform:n=1000000
row --workload dot --generate blobs:n=1000000,d=2
row --workload mlp --epochs 20000
row --workload mlp --epochs 2000 --repeats 20
row --workload softmax
row --workload softmax --epochs 3 --batch-size 1 --precision float,double
