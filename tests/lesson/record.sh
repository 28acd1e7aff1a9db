#!/bin/sh
# record.sh KMEMLAB SCHEMA: `record FILE` round trip as a user does it. A
# session recorded with abbreviated commands and assignments must give a
# file that validates against the lesson schema (if python3-jsonschema is
# installed) and plays clean under `kmemlab --check`.
set -u
kmemlab=$1 schema=$2
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
f=$tmp/mine.json

"$kmemlab" -c "a = kmalloc 64; record $f" \
	-c 'b=kzal 64; kfr a; pg = alloc_pages 1; cpu 1; v = vmalloc 8k' \
	-c 'cat /proc/buddyinfo; repeat 4 kmalloc 512; record stop' \
	>"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
if [ $rc -ne 0 ]; then
	echo "FAIL: the recording session exited $rc"
	exit 1
fi
grep -q "^wrote $f (8 steps)" "$tmp/out" || {
	echo "FAIL: no 'wrote $f (8 steps)'"
	exit 1
}
cat "$f"
"$kmemlab" --check "$f" || {
	echo "FAIL: --check of the recorded lesson"
	exit 1
}
python3 - "$schema" "$f" <<'PY'
import json, sys
try:
    import jsonschema
except ImportError:
    print("python3-jsonschema missing: schema not checked")
    sys.exit(0)
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
print("valid against", sys.argv[1])
PY
