#!/bin/sh
# bench-scale.sh - the speed and memory targets of real data (`make bench`; a table, no pass
# or fail). Every ratio is measured in one run of this script, side by side, on the same data:
# fpdrift's own compute times come from its JSON report (runs[].seconds, reference.seconds,
# the data already loaded), scikit-learn's from time.process_time() around KMeans.fit with one
# OpenMP and one OpenBLAS thread (rows printed when python3-sklearn is installed: CI installs
# it; skipped with a note otherwise). Wall times and peak RSS from /usr/bin/time.
#
# Usage: tests/bench-scale.sh [FPDRIFT]   (FPDRIFT_BENCH_RUNS=3: each figure the median of 3)
set -eu
fpdrift=${1:-./src/fpdrift}
runs=${FPDRIFT_BENCH_RUNS:-1}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
py=/usr/bin/python3

# 10^5 rows of 8 columns around 8 centers, the same for fpdrift and scikit-learn
awk 'BEGIN { srand(7); print "a,b,c,d,e,f,g,h";
	for (i = 0; i < 100000; i++) { c = i % 8; line = "";
		for (j = 0; j < 8; j++) line = line (j ? "," : "") sprintf("%.17g", 3 * ((c * 7 + j * 3) % 5) + rand() + rand() - 1);
		print line } }' >"$dir/x.csv"

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# seconds per iteration of the JSON report's reference (which=ref) or of its first run
# (which=run), or the first run's seconds per draw (which=draw) or the second's (which=draw2)
json_figure() {
	awk -v which="$1" '
		/"iterations":/ { gsub(/[^0-9]/, ""); it[++ni] = $0 }
		/"seconds":/ { v = $0; sub(/.*"seconds": /, "", v); sub(/,$/, "", v); s[++ns] = v }
		/"draws":/ { d = $0; gsub(/[^0-9]/, "", d); dr[++nd] = d }
		END {
			if (which == "ref") print s[1] / it[1];
			else if (which == "run") print s[2] / it[2];
			else if (which == "draw") print s[2] / dr[1];
			else if (which == "draw2") print s[3] / dr[2];
		}' "$2"
}

# fpdrift's figure: json_figure WHICH of `fpdrift run ARGS --format json`, the median of runs
fp() {
	which=$1
	shift
	i=0
	while [ $i -lt "$runs" ]; do
		"$fpdrift" run "$@" --force --format json -o "$dir/r.json" 2>/dev/null
		json_figure "$which" "$dir/r.json"
		i=$((i + 1))
	done | median
}

# wall seconds or peak RSS in MB (what=wall|rss) of `fpdrift run ARGS`, the median of runs
timed() {
	what=$1
	shift
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -o "$dir/t" -f '%e %M' "$fpdrift" run "$@" --force >/dev/null 2>&1
		if [ "$what" = wall ]; then cut -d' ' -f1 "$dir/t"; else awk '{ print $2 / 1000 }' "$dir/t"; fi
		i=$((i + 1))
	done | median
}

row() { # NAME TARGET MEASURED
	printf '%-62s %-10s %s\n' "$1" "$2" "$3"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

echo "Real data: targets and measurements (issue 13; this machine: $(nproc) cores; median of $runs)"
printf '%-62s %-10s %s\n' "what" "target" "measured"

km="--data $dir/x.csv -k 8 --max-iter 20 --precision double"
d_naive=$(fp run $km)
d_blas=$(fp run $km --kernel blas --distance expanded)
ref256=$(fp ref $km)
ref64=$(fp ref $km --ref-bits 64)
sk=""
if $py -c 'import sklearn, numpy' 2>/dev/null; then
	sk=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $py - "$dir/x.csv" "$runs" <<'EOF'
import sys, time, numpy as np
from sklearn.cluster import KMeans
X = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
best = []
for r in range(int(sys.argv[2])):
    km = KMeans(n_clusters=8, init=X[:8].copy(), n_init=1, max_iter=20, tol=0.0,
                algorithm="lloyd")
    t = time.process_time(); km.fit(X); t = time.process_time() - t
    best.append(t / km.n_iter_)
print(sorted(best)[len(best) // 2])
EOF
	)
fi
if [ -n "$sk" ]; then
	row "double k-means 1e5x8, default knobs, CPU/iteration / sklearn" "<= 1.0x" "$(ratio "$d_naive" "$sk")"
	row "double k-means, blas + expanded, CPU/iteration / sklearn" "<= 0.8x" "$(ratio "$d_blas" "$sk")"
	row "MPFR-256 reference k-means / sklearn double, per iteration" "<= 3x" "$(ratio "$ref256" "$sk")"
else
	echo "(scikit-learn rows skipped: python3-sklearn is not installed)"
fi
printf '  (per iteration: fpdrift naive %.4f s, blas %.4f s, reference %.4f s; sklearn %s s)\n' \
	"$d_naive" "$d_blas" "$ref256" "${sk:-n/a}"
row "MPFR reference at 64 bits / at 256 bits, per iteration" "<= 1x" "$(ratio "$ref64" "$ref256")"
ord=$(fp draw $km --threads 4 --combine ordered,racy)
racy=$(fp draw2 $km --threads 4 --combine ordered,racy)
row "racy combine / ordered, same run (1e5x8, 4 threads, per draw)" "<= 1.3x" "$(ratio "$racy" "$ord")"

g5="--generate blobs:n=100000,d=8,k=8,seed=1 -k 8 --max-iter 3 --precision double"
g6="--generate blobs:n=1000000,d=8,k=8,seed=1 -k 8 --max-iter 3 --precision double"
b5=$(fp run $g5 --kernel blas --distance expanded)
b6=$(fp run $g6 --kernel blas --distance expanded)
m5=$(fp ref $g5)
m6=$(fp ref $g6)
row "k-means 1e5 -> 1e6 rows, blas + expanded, per iteration" "<= 11x" "$(ratio "$b6" "$b5")"
row "k-means 1e5 -> 1e6 rows, MPFR-256 reference, per iteration" "<= 11x" "$(ratio "$m6" "$m5")"
row "peak RSS, k-means 1e6x8, all precisions + reference (MB)" "<= 250" \
	"$(timed rss --generate blobs:n=1000000,d=8,k=8,seed=1 -k 8 --max-iter 2)"
row "peak RSS, sum of 1e7 (MB)" "<= 250" "$(timed rss --workload sum --generate uniform:n=10000000)"
row "fpdrift run --workload sum of 1e7 generated values, wall (s)" "<= 1.5" \
	"$(timed wall --workload sum --generate uniform:n=10000000)"
row "fpdrift run --workload softmax (defaults), wall (s)" "<= 0.5" "$(timed wall --workload softmax)"
row "default grid, blobs 1000x2, 4 orders x 3 threads x 2 fma x 3 prec (s)" "<= 0.3" \
	"$(timed wall --order seq,pairwise,kahan,exact --threads 1,2,4 --fma off,on)"
echo "(--threads 2 on 2 cores: tests/bench_runner row 4; exact sum / naive: tests/bench_sum)"
