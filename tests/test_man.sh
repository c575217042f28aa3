#!/bin/sh
# test_man.sh - --help and the man page name the same options, both ways; the shipped JSON
# Schema is the one the tables generate; mandoc finds nothing (TAP).
set -u
fpdrift="${top_builddir:-.}/src/fpdrift"
man="${top_srcdir:-.}/man/fpdrift.1"
schema="${top_srcdir:-.}/data/fpdrift-report-1.schema.json"
n=0
# the options a text names: --long-name and -k (man pages escape - as \-)
options() {
	sed 's/\\-/-/g' | grep -oE -- '(^|[^a-z-])--?[a-z][a-z-]*' | sed -E 's/^[^-]//' |
		grep -vE -- '^-[a-z][a-z]|-$' | sort -u
}
help_opts=$({ "$fpdrift" --help; "$fpdrift" run --help; } | options)
man_opts=$(sed -n '/^\.SH OPTIONS/,/^\.SH /p' "$man" | options)
echo "1..4"
n=$((n + 1))
missing=$(printf '%s\n' "$help_opts" | while read -r o; do
	printf '%s\n' "$man_opts" | grep -qxF -- "$o" || printf ' %s' "$o"
done)
count=$(printf '%s\n' "$help_opts" | wc -l)
if [ -z "$missing" ] && [ "$count" -gt 30 ]; then
	echo "ok $n - all $count options of --help are in the man page's OPTIONS"
else
	echo "not ok $n - the man page lacks:$missing ($count options read)"
fi
n=$((n + 1))
extra=$(printf '%s\n' "$man_opts" | while read -r o; do
	printf '%s\n' "$help_opts" | grep -qxF -- "$o" || printf ' %s' "$o"
done)
if [ -z "$extra" ]; then
	echo "ok $n - every option of the man page's OPTIONS is in --help"
else
	echo "not ok $n - --help lacks:$extra"
fi
n=$((n + 1))
if "$fpdrift" schema | cmp -s - "$schema"; then
	echo "ok $n - data/fpdrift-report-1.schema.json is what fpdrift schema generates"
else
	echo "not ok $n - the shipped schema differs from 'fpdrift schema' (regenerate it)"
	"$fpdrift" schema | diff - "$schema" | head -20 | sed 's/^/# /'
fi
n=$((n + 1))
if ! command -v mandoc >/dev/null 2>&1; then
	echo "ok $n - # SKIP mandoc is not installed"
elif out=$(mandoc -Tlint -W warning "$man" 2>&1) && [ -z "$out" ]; then
	echo "ok $n - mandoc -Tlint reports nothing"
else
	echo "not ok $n - mandoc -Tlint: $out"
fi
exit 0
