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

# a command that fails in the engine (the hardened double-free BUG) is a
# step that expects its error; a typo refused before the engine is left out
g=$tmp/fails.json
"$kmemlab" -c "record $g; a = kmalloc 64; kfree a; kfree a; kmaloc 3" \
	-c 'record stop' >"$tmp/out2" 2>&1
cat "$tmp/out2"
grep -q "^wrote $g (3 steps)" "$tmp/out2" || {
	echo "FAIL: no 'wrote $g (3 steps)'"
	exit 1
}
cat "$g"
grep -q '"error_contains":[[:space:]]*"kfree: kernel BUG at mm/slub.c:550' "$g" || {
	echo "FAIL: the double free's step does not expect its error"
	exit 1
}
"$kmemlab" --check "$g" || {
	echo "FAIL: --check of the lesson with a failing step"
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
