#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The TUI in a real terminal: kmemlab runs in tmux (a private server,
# -L kmemlab-test-PID), keys go in with send-keys, and the screen a person
# would see is read back with capture-pane and polled (never slept on)
# until the expected text is there or a generous timeout passes.
#
#   tmux.sh KMEMLAB
#
# Checks: the welcome pane, the cache name and the freelist count going
# down after a kmalloc, an order-3 allocation in the trace and the page
# map, completion in a pane, Ctrl-C clearing the line, the help overlay,
# a mouse click focusing a pane, resizing to 80x24 and 60x15 (too small)
# and back, a lesson's Chinese narration, Ctrl-D leaving `stty -a` as it
# was, --lesson NAME, a page changing owner in the page map, and lesson
# 4 stepped with n and p from the narration pane.
# Exit 77 (skipped) only when tmux is not installed.
set -u
kmemlab=$1
case $kmemlab in
/*) ;;
*) kmemlab=$PWD/$kmemlab ;;
esac
command -v tmux >/dev/null 2>&1 || { echo "tmux not installed"; exit 77; }

T="tmux -L kmemlab-test-$$ -f /dev/null"
tmp=$(mktemp -d) || exit 1
cleanup() {
	$T kill-server 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail=0

screen() {
	$T capture-pane -p -t "${S:-k}"
}

# wait_for TEXT: poll the screen until TEXT (a fixed string) shows, up to
# 30 s (a loaded CI machine); on timeout print the screen and fail.
wait_for() {
	i=0
	while [ $i -lt 300 ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: '$1' did not appear; the screen:"
	screen
	fail=1
	return 1
}

# wait_gone TEXT: poll until TEXT is no longer on the screen.
wait_gone() {
	i=0
	while [ $i -lt 300 ]; do
		screen | grep -qF -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "FAIL: '$1' did not go away; the screen:"
	screen
	fail=1
	return 1
}

# The count of the first "freelist N" on screen (CPU 0's box).
freelist() {
	screen | grep -o 'freelist [0-9][0-9]*' | head -1 | sed 's/freelist //'
}

# a shell records the terminal's settings around kmemlab; like an
# interactive shell it outlives a Ctrl-C meant for kmemlab (trap, not
# ignore: the child gets SIGINT's default back on exec)
cat >"$tmp/run.sh" <<EOS
trap : INT
stty -a >"$tmp/stty.before"
"$kmemlab"
echo "status \$?" >"$tmp/status"
stty -a >"$tmp/stty.after"
echo KMEMLAB-EXITED
exec sleep 600
EOS
$T new-session -d -s k -x 120 -y 40 \
	-e HOME="$tmp" -e LANG=C.UTF-8 -e LC_ALL=C.UTF-8 \
	"sh $tmp/run.sh" || { echo "FAIL: tmux did not start"; exit 1; }

wait_for "Welcome to kmemlab" || exit 1
wait_for "kmemlab[cpu0]>"
wait_for "lesson list"

# a kmalloc: the cache's name in the SLUB view, the address in the output
$T send-keys -t k 'p = kmalloc 64' Enter
wait_for "cache=kmalloc-64"
wait_for "kmalloc-64"
wait_for "___slab_alloc"
wait_for "freelist 63"
before=$(freelist)
$T send-keys -t k 'q = kmalloc 64' Enter
wait_for "freelist 62"
after=$(freelist)
if [ -z "$before" ] || [ -z "$after" ] || [ "$after" -ge "$before" ]; then
	echo "FAIL: the freelist count did not go down ($before -> $after)"
	fail=1
fi

# a page changes owner: the buddy allocator hands an order-3 block out
$T send-keys -t k 'pg = alloc_pages 3' Enter
wait_for "rmqueue"
$T send-keys -t k F3
wait_for "F3 Page map"
$T send-keys -t k F2
wait_for "F2 SLUB"

# completion candidates in a pane, then Ctrl-C clears the line
$T send-keys -t k 'kmall' Tab
wait_for "completions"
wait_for "kmalloc_size_roundup"
$T send-keys -t k C-c
wait_gone "completions"
wait_gone "kmemlab[cpu0]> kmall"

# the help overlay and its colour legend; any key closes it
$T send-keys -t k F1
wait_for "Help:"
wait_for "MIGRATE_UNMOVABLE"
$T send-keys -t k q
wait_gone "Help:"
$T send-keys -t k '?'
wait_for "Help:"
$T send-keys -t k Escape
wait_gone "Help:"

# a mouse click (X10 report: ESC [ M, button, column, row, each + 32)
# on the output pane gives it the focus: its frame turns heavy; Esc
# gives the keyboard back to the command line
$T send-keys -t k -H 1b 5b 4d 20 $(printf '%x' $((32 + 11))) \
	$(printf '%x' $((32 + 34)))
wait_for "┏━ Output"
$T send-keys -t k Escape
wait_for "┌─ Output"

# resize: smaller layouts, too small, and back
$T resize-window -t k -x 80 -y 24
wait_for "F2 SLUB"
wait_for "Output"
$T resize-window -t k -x 60 -y 15
wait_for "terminal too small: need 80×24, have 60×15"
$T resize-window -t k -x 120 -y 40
wait_gone "terminal too small"
wait_for "F2 SLUB"
wait_for "Trace"

# a lesson step's narration in Chinese
$T send-keys -t k 'lesson lang zh' Enter
$T send-keys -t k 'lesson open 03' Enter
wait_for "lesson open 03"
$T send-keys -t k 'next' Enter
wait_for "[1/6]"
wait_for "先让缓存热起来"

# Ctrl-D on an empty line quits and leaves the terminal as it was
$T send-keys -t k C-d
wait_for "KMEMLAB-EXITED" || exit 1
if ! cmp -s "$tmp/stty.before" "$tmp/stty.after"; then
	echo "FAIL: stty -a differs after kmemlab:"
	diff "$tmp/stty.before" "$tmp/stty.after"
	fail=1
fi
grep -q "status 0" "$tmp/status" ||
	{ echo "FAIL: exit $(cat "$tmp/status")"; fail=1; }
# --lesson NAME opens the lesson inside the TUI: its title is in the
# trace pane from the start
$T new-session -d -s l -x 120 -y 40 -e HOME="$tmp" -e LANG=C.UTF-8 \
	-e LC_ALL=C.UTF-8 "\"$kmemlab\" --lesson 03"
if $T capture-pane -p -t l >/dev/null 2>&1; then
	i=0
	until $T capture-pane -p -t l | grep -qF "The SLUB fast path"; do
		i=$((i + 1))
		if [ $i -ge 300 ]; then
			echo "FAIL: --lesson 03 did not show the lesson's title"
			$T capture-pane -p -t l
			fail=1
			break
		fi
		sleep 0.1
	done
fi
# a page changing owner in the page map: the cursor follows the block
# the command allocated, and its status line says what the page is
S=o
$T new-session -d -s o -x 120 -y 40 -e HOME="$tmp" -e LANG=C.UTF-8 \
	-e LC_ALL=C.UTF-8 "\"$kmemlab\""
if wait_for "kmemlab[cpu0]>"; then
	$T send-keys -t o F3
	wait_for "F3 Page map"
	$T send-keys -t o 'p = alloc_pages 3' Enter
	wait_for "order-3 block at 0x1400: allocated"
	$T send-keys -t o '__free_pages p 3' Enter
	wait_for "free order-3 block at pfn"
	wait_gone "order-3 block at 0x1400: allocated"
fi

# lesson 4 played with the keys: Tab Tab focuses the narration pane at
# 120x40 (command line -> main view -> trace), n and p step the lesson
S=m
$T new-session -d -s m -x 120 -y 40 -e HOME="$tmp" -e LANG=C.UTF-8 \
	-e LC_ALL=C.UTF-8 "\"$kmemlab\" --lesson 04"
if wait_for "The SLUB slow path"; then
	$T send-keys -t m Tab Tab n
	wait_for "[1/7] Fill one slab"
	$T send-keys -t m n
	wait_for "[2/7] The CPU slab runs out"
	wait_for "kmalloc-4k" # the step's focus: the SLUB view of its cache
	$T send-keys -t m p
	wait_for "[1/7] Fill one slab"
	wait_gone "[2/7]"
fi
[ $fail = 0 ] && echo "ok: tmux"
exit $fail
