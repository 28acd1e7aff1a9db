#!/bin/sh
# check_broken.sh KMEMLAB LESSON EXPECTED: `kmemlab --check LESSON` must
# exit 1 and print every line of EXPECTED (fixed strings; the lesson's
# path is written FILE there).
kmemlab=$1 lesson=$2 expected=$3
out=$("$kmemlab" --check "$lesson" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne 1 ]; then
	echo "FAIL: exit status $rc, expected 1"
	exit 1
fi
status=0
while IFS= read -r want; do
	[ -z "$want" ] && continue
	want=$(printf '%s' "$want" | sed "s|FILE|$lesson|g")
	if ! printf '%s\n' "$out" | grep -qF -- "$want"; then
		echo "FAIL: missing: $want"
		status=1
	fi
done < "$expected"
exit $status
