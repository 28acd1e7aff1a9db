#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A golden transcript (inih style): run kmemlab on NAME.cmds and diff.
#
#   run.sh KMEMLAB DIR NAME
#
# DIR/NAME.cmds   the commands (kmemlab --batch NAME.cmds), run in a scratch
#                 directory that links every file of DIR: `source FILE`
#                 finds DIR's files, `export FILE` writes to scratch
# DIR/NAME.out    expected stdout
# DIR/NAME.args   optional: extra options on one line (--json, --machine numa)
# DIR/NAME.err    optional: expected stderr (else stderr must be empty)
# DIR/NAME.status optional: expected exit status (else 0)
#
# UPDATE_GOLDEN=1 rewrites NAME.out (and NAME.err / NAME.status when the
# run produced them): review the diff with git before committing it.
set -u
kmemlab=$1
dir=$2
name=$3
case $kmemlab in
/*) ;;
*) kmemlab=$PWD/$kmemlab ;;
esac
case $dir in
/*) ;;
*) dir=$PWD/$dir ;;
esac
cd "$dir" || exit 1

args=
[ -f "$name.args" ] && args=$(cat "$name.args")
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/work" && ln -s "$dir"/* "$tmp/work/" && cd "$tmp/work" || exit 1

# the lessons' language comes from the locale: the same for everyone
unset LC_ALL LC_MESSAGES
export LANG=C.UTF-8

# mm_check after every command: a broken invariant fails the golden
# shellcheck disable=SC2086
KMEMLAB_CHECK=1 "$kmemlab" $args --batch "$name.cmds" \
	>"$tmp/out" 2>"$tmp/err"
echo $? >"$tmp/status"

if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
	cp "$tmp/out" "$dir/$name.out"
	if [ -s "$tmp/err" ] || [ -f "$name.err" ]; then
		cp "$tmp/err" "$dir/$name.err"
	fi
	if [ "$(cat "$tmp/status")" != 0 ] || [ -f "$name.status" ]; then
		cp "$tmp/status" "$dir/$name.status"
	fi
	echo "updated $name"
	exit 0
fi

fail=0
diff -u "$name.out" "$tmp/out" || fail=1
if [ -f "$name.err" ]; then
	diff -u "$name.err" "$tmp/err" || fail=1
elif [ -s "$tmp/err" ]; then
	echo "unexpected stderr:"
	cat "$tmp/err"
	fail=1
fi
want=0
[ -f "$name.status" ] && want=$(cat "$name.status")
if [ "$(cat "$tmp/status")" != "$want" ]; then
	echo "exit status $(cat "$tmp/status"), expected $want"
	fail=1
fi
exit $fail
