#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A screen golden: the headless TUI (kmemlab --screen WxH, curses on
# /dev/null, monochrome) runs NAME.cmds, then its screen is dumped as text
# and diffed with NAME.screen (tig's screen tests, inih's one-line diff).
#
#   screen.sh KMEMLAB DIR NAME
#
# The first lines of NAME.cmds may set the screen and the locale:
#   # size 80x24          (default 120x40)
#   # locale C            (default C.UTF-8: UTF-8 boxes; C gives ASCII)
# UPDATE_GOLDEN=1 rewrites NAME.screen: look at it before committing.
set -u
kmemlab=$1
dir=$2
name=$3
case $kmemlab in
/*) ;;
*) kmemlab=$PWD/$kmemlab ;;
esac
cd "$dir" || exit 1
size=$(sed -n 's/^# size \([0-9]*x[0-9]*\)$/\1/p' "$name.cmds")
locale=$(sed -n 's/^# locale \(.*\)$/\1/p' "$name.cmds")
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
{ cat "$name.cmds"; echo "screendump $tmp/screen"; } >"$tmp/cmds"
# a fixed HOME: no history file of the user's is read or written
HOME=$tmp LC_ALL=${locale:-C.UTF-8} NO_COLOR=1 \
	"$kmemlab" --screen "${size:-120x40}" <"$tmp/cmds" \
	>"$tmp/out" 2>"$tmp/err"
if [ ! -s "$tmp/screen" ]; then
	echo "FAIL $name: no screen dumped"
	cat "$tmp/out" "$tmp/err"
	exit 1
fi
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
	cp "$tmp/screen" "$name.screen"
	echo "updated $name.screen"
	exit 0
fi
if ! diff -u "$name.screen" "$tmp/screen"; then
	echo "FAIL $name: the screen differs from tests/tui/$name.screen."
	echo "If a view changed on purpose: UPDATE_GOLDEN=1 meson test" \
		"--suite tui, then read the new screen before committing."
	exit 1
fi
exit 0
