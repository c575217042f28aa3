#!/bin/bash
# test_completion.sh - the bash completion (contrib/fpdrift.bash) completes commands, every
# option of --help, knob lists after a comma and file names; fpdrift accepts every value it
# offers (TAP).
set -u
fpdrift="${top_builddir:-.}/src/fpdrift"
script="${top_srcdir:-.}/contrib/fpdrift.bash"
n=0
fail=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fail=1; echo "not ok $n - $*"; }
# complete WORD...: COMPREPLY for the command line fpdrift WORD... (the last word the cursor's)
complete_line() {
	COMP_WORDS=("$fpdrift" "$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_fpdrift
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}
echo "1..7"
# shellcheck source=/dev/null
. "$script"

got=$(complete_line "")
[ "$got" = "diff merge run schema" ] && ok "commands: $got" || notok "commands: '$got'"

help_opts=$({ "$fpdrift" --help; } | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
got=$(complete_line run --)
missing=""
for o in $help_opts; do
	case " $got " in *" $o "*) ;; *) missing="$missing $o" ;; esac
done
count=$(printf '%s\n' "$help_opts" | wc -l)
[ -z "$missing" ] && [ "$count" -gt 30 ] && ok "run --<Tab> offers all $count options of --help" ||
	notok "run --<Tab> lacks:$missing ($count read)"

got=$(complete_line run --order seq,pa)
[ "$got" = "seq,pairwise" ] && ok "--order seq,pa<Tab> gives $got" || notok "--order seq,pa: '$got'"

got=$(complete_line run --workload so)
[ "$got" = "softmax" ] && ok "--workload so<Tab> gives $got" || notok "--workload so: '$got'"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
touch "$tmp/a.csv" "$tmp/b.json"
got=$(complete_line run --data "$tmp/a")
[ "$got" = "$tmp/a.csv" ] && ok "--data completes file names" || notok "--data: '$got'"
got=$(complete_line diff "$tmp/")
case "$got" in *"$tmp/b.json"*) case "$got" in *a.csv*) notok "diff offers a .csv: '$got'" ;; *) ok "diff completes .json reports" ;; esac ;; *) notok "diff: '$got'" ;; esac

# every value the script offers is one fpdrift accepts (a spec ending in ':' with a parameter)
bad=""
checked=0
sample() {
	case $1 in
	shuffle:) echo shuffle:1 ;; round:) echo round:3 ;; trunc:) echo trunc:3 ;; bits:) echo bits:20 ;;
	blobs:) echo blobs:n=10,d=2,k=2 ;; uniform:) echo uniform:n=10 ;; cancel:) echo cancel:n=10 ;;
	seq:) echo seq:n=10 ;; kmeans++:) echo kmeans++:1 ;; *) echo "$1" ;;
	esac
}
for opt in --workload --precision --order --lanes --threads --combine --fma --kernel --format \
	--round --round-inside --distance --mimic --sampling --stable --generate --init --ref-bits; do
	for v in $(_fpdrift_values "$opt"); do
		v=$(sample "$v")
		case $opt in
		--distance | --mimic | --init) base="--workload kmeans --generate blobs:n=20,d=2,k=2 -k 2 --max-iter 1" ;;
		--sampling | --stable) base="--workload softmax --generate blobs:n=100,d=2,k=2 --epochs 1" ;;
		--workload) base="" ;;
		--generate) base="--workload sum" ;;
		*) base="--workload sum --generate uniform:n=10" ;;
		esac
		# shellcheck disable=SC2086
		if ! "$fpdrift" run $base "$opt" "$v" --estimate >/dev/null 2>"$tmp/err"; then
			bad="$bad $opt $v ($(head -c 120 "$tmp/err"));"
		fi
		checked=$((checked + 1))
	done
done
[ -z "$bad" ] && [ "$checked" -gt 50 ] && ok "fpdrift accepts all $checked values the completion offers" ||
	notok "values refused:$bad"
exit $fail
