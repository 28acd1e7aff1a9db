#!/bin/sh
# check_output.sh KMEMLAB STATUS EXPECTED ARGS...: `kmemlab ARGS` must exit
# with STATUS and print every line of EXPECTED (fixed strings).
kmemlab=$1 want_rc=$2 expected=$3
shift 3
out=$("$kmemlab" "$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne "$want_rc" ]; then
	echo "FAIL: exit status $rc, expected $want_rc"
	exit 1
fi
status=0
while IFS= read -r want; do
	[ -z "$want" ] && continue
	if ! printf '%s\n' "$out" | grep -qF -- "$want"; then
		echo "FAIL: missing: $want"
		status=1
	fi
done <"$expected"
exit $status
