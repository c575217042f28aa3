#!/bin/sh
# test_man.sh - the man page: every option of --help is in it, and mandoc finds nothing (TAP).
set -u
fpdrift="${top_builddir:-.}/src/fpdrift"
man="${top_srcdir:-.}/man/fpdrift.1"
n=0
missing=""
opts=$("$fpdrift" --help | grep -oE -- '(^| )--[a-z][a-z-]*|(^| )-[a-zA-Z]( |,)' | tr -d ' ,' | sort -u)
count=$(echo "$opts" | wc -l)
echo "1..2"
for o in $opts; do
	esc=$(printf '%s' "$o" | sed 's/-/\\-/g')
	grep -qF -- "$esc" "$man" || missing="$missing $o"
done
n=$((n + 1))
if [ -z "$missing" ] && [ "$count" -gt 30 ]; then
	echo "ok $n - all $count options of --help are in the man page"
else
	echo "not ok $n - the man page lacks:$missing ($count options read)"
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
