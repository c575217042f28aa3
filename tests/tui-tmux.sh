#!/usr/bin/env bash
# tui-tmux.sh - the explorer in a real terminal (tmux), as a person uses it: turn each knob,
# resize the window, go through the views, export a report, quit. Fails when the screen lacks
# what it should show or the process does not exit 0. Run by .ci/run; needs tmux.
set -euo pipefail
fpdrift=$(cd "$(dirname "$0")/.." && pwd)/src/fpdrift
dir=$(mktemp -d)
sock="fpdrift-test-$$"
T() { tmux -L "$sock" "$@"; }
cleanup() {
	T kill-server 2>/dev/null || true
	rm -rf "$dir"
}
trap cleanup EXIT

screen() { T capture-pane -p -t x; }
fail() {
	echo "FAIL: $*"
	echo "---- screen ----"
	screen || true
	exit 1
}
# wait_for PATTERN [SECONDS]: until the screen shows PATTERN (a fixed string)
wait_for() {
	local tries=$((${2:-20} * 10))
	for ((i = 0; i < tries; i++)); do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.1
	done
	fail "the screen never showed '$1'"
}
# wait_file FILE: up to 5 s for FILE to appear
wait_file() {
	for ((i = 0; i < 50; i++)); do
		[ -f "$1" ] && return 0
		sleep 0.1
	done
}
# exit_is STATUS WHAT: the explorer wrote EXIT=STATUS to $dir/exit, or the test fails
exit_is() {
	wait_file "$dir/exit"
	[ "$(cat "$dir/exit" 2>/dev/null)" = "EXIT=$1" ] || fail "$2: $(cat "$dir/exit" 2>/dev/null)"
}
# idle: until no computation is running (the progress bar is gone)
idle() {
	for ((i = 0; i < 300; i++)); do
		if ! screen | grep -qF "Esc cancels"; then
			return 0
		fi
		sleep 0.1
	done
	fail "a computation did not finish"
}
key() {
	T send-keys -t x "$1"
}

T -f /dev/null new-session -d -s x -x 120 -y 40 \
	"cd '$dir' && TERM=xterm-256color LC_ALL=C.UTF-8 '$fpdrift'; echo EXIT=\$? > '$dir/exit'; sleep 60"
T set-option -g window-size manual
wait_for "done in"
echo "ok - the explorer opens on the k-means study"

# every knob, with what the header must say afterwards
knobs=("o:order reverse" "v:lanes 2" "t:threads 2" "T:threads 1" "c:combine tree"
	"f:fma on" "b:kernel blas" "p:bits 512" "r:round round:6" "+:round round:7"
	"-:round round:6" "s:seed 1" "R:seed 1" "u:rounding up")
for kv in "${knobs[@]}"; do
	k=${kv%%:*}
	want=${kv#*:}
	key "$k"
	wait_for "$want"
	idle
	echo "ok - key $k: $want"
done
screen | grep -qF "center[0][0]" || fail "no centers after the knobs"

T resize-window -t x -x 90 -y 30
sleep 0.3
wait_for "center[0][0]"
echo "ok - resized to 90x30 and drawn again"
T resize-window -t x -x 70 -y 20
wait_for "enlarge the terminal"
echo "ok - 70x20 asks to be enlarged"
T resize-window -t x -x 120 -y 40
wait_for "center[0][0]"
echo "ok - back to 120x40"

vi=1
for v in sweep chart epsilon repeats digits compare; do
	key Tab
	vi=$((vi % 6 + 1))
	wait_for "[$vi $v]"
	idle
	echo "ok - view $v"
done

key e
wait_for "export to:"
key Enter
wait_for "wrote fpdrift-report.json"
grep -q '"schema": "fpdrift-report/1"' "$dir/fpdrift-report.json" || fail "the export is not a report"
echo "ok - e exports the report"

key d
wait_for "Data set (Up/Down"
key Down
key Enter
wait_for "d:data iris.csv (150 x 4)"
idle
echo "ok - d picks another data set"

key "?"
wait_for "┌─ Keys"
key f
sleep 0.3
screen | grep -qF "f:fma on" || fail "a key under the help turned a knob"
key Escape
sleep 0.3
screen | grep -qF "summation order (seq" && fail "Esc did not close the help"
echo "ok - ? opens a bordered help, keys under it act on nothing, Esc closes it"

key q
exit_is 0 "the explorer did not exit 0"
echo "ok - q quits with status 0"

# 80x24, the stated minimum, and 200x50: the compare view keeps the diverging digits whole
# (the doubles' 17 digits, the inertia's MPFR tail behind Right), the header wraps, the mouse
# wheel (an SGR report, as xterm sends it) scrolls
T kill-server
sock="$sock-80"
T -f /dev/null new-session -d -s x -x 80 -y 24 \
	"cd '$dir' && TERM=xterm-256color LC_ALL=C.UTF-8 '$fpdrift'; echo EXIT=\$? > '$dir/exit'; sleep 60"
T set-option -g window-size manual
wait_for "done in"
for want in "1.3394476918537752" "3180.025616817262" "m:mimic none" "precisions 1-2 of 3: Right more"; do
	screen | grep -qF -- "$want" || fail "80x24: no '$want'"
done
echo "ok - 80x24 compare: doubles whole, every knob in the wrapped header"
key Right
wait_for "3180…36495553833525"
echo "ok - 80x24 Right: the MPFR column, the tail of the inertia whole"
key 3
wait_for "[3 chart]"
key 1
wait_for "[1 compare]"
echo "ok - hotkeys 3 and 1"
key w
wait_for "w:work mlp"
idle
T send-keys -t x -l $'\e[<65;10;10M'
T send-keys -t x -l $'\e[<65;10;10M'
wait_for "loss[6] "
screen | grep -qF "loss[5] " && fail "the wheel did not scroll past loss[5]"
echo "ok - the mouse wheel scrolls (SGR mouse reports)"
T send-keys -t x -l $'\e[<0;23;1M'
wait_for "[2 sweep]"
echo "ok - a click on a view's tab opens it"
T resize-window -t x -x 200 -y 50
key 1
key w
key w
key w
key w
wait_for "w:work kmeans"
idle
for want in "mpfr-256" "1.3394476918537748821264324792554775970455273"; do
	screen | grep -qF -- "$want" || fail "200x50: no '$want'"
done
screen | grep -qF "precisions 1-" && fail "200x50 hides a precision"
echo "ok - 200x50 compare: all three precisions side by side"
key q
exit_is 0 "q at 200x50"

# Ctrl-C: the terminal is given back and the status says which signal
rm -f "$dir/exit"
T kill-server
sock="$sock-2" # a fresh server: the old one may still be shutting down on its socket
T -f /dev/null new-session -d -s x -x 120 -y 40 \
	"cd '$dir' && TERM=xterm-256color '$fpdrift'; echo EXIT=\$? > '$dir/exit'; sleep 60"
wait_for "done in"
key C-c
exit_is 130 "Ctrl-C"
screen | grep -qF "center[0][0]" && fail "Ctrl-C left the explorer's screen behind"
echo "ok - Ctrl-C restores the terminal and exits 130"

# SIGHUP and SIGQUIT (the terminal went away, Ctrl-\): the terminal's modes are given back
# (stty shows icanon and echo again) and the status says which signal
for sig in HUP QUIT; do
	rm -f "$dir/exit" "$dir/stty" "$dir/pid"
	T kill-server
	sock="$sock-$sig"
	T -f /dev/null new-session -d -s x -x 120 -y 40 \
		"cd '$dir' && TERM=xterm-256color sh -c 'echo \$\$ > pid; exec \"\$0\"' '$fpdrift'; echo EXIT=\$? > '$dir/exit'; stty -a > '$dir/stty'; sleep 60"
	wait_for "done in"
	kill -s "$sig" "$(cat "$dir/pid")"
	wait_file "$dir/stty"
	want=$((128 + $(kill -l "$sig")))
	[ "$(cat "$dir/exit" 2>/dev/null)" = "EXIT=$want" ] || fail "SIG$sig: $(cat "$dir/exit" 2>/dev/null)"
	grep -qw -- "-icanon" "$dir/stty" && fail "SIG$sig left the terminal without icanon"
	grep -qw -- "-echo" "$dir/stty" && fail "SIG$sig left the terminal without echo"
	echo "ok - SIG$sig restores the terminal and exits $want"
done

# a terminal that cannot place the cursor is refused like no terminal, not drawn over one row
rm -f "$dir/exit"
T kill-server
sock="$sock-dumb"
T -f /dev/null new-session -d -s x -x 120 -y 40 \
	"cd '$dir' && TERM=dumb '$fpdrift'; echo EXIT=\$? > '$dir/exit'; sleep 60"
wait_for "cannot place the cursor"
exit_is 2 "TERM=dumb"
echo "ok - TERM=dumb is refused with a message and exit 2"
