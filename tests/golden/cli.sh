#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The command line of kmemlab (DESIGN.md §4): -c strings and their line
# numbers, commands on stdin, --batch -, exit statuses, option errors.
#
#   cli.sh KMEMLAB
set -u
k=$1
fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# expect NAME STATUS STDOUT STDERR -- ARGS... (stdin from $tmp/in if any)
expect() {
	name=$1 want_status=$2 want_out=$3 want_err=$4
	shift 5
	if [ -f "$tmp/in" ]; then
		KMEMLAB_CHECK=1 "$k" "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
	else
		KMEMLAB_CHECK=1 "$k" "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
	fi
	status=$?
	rm -f "$tmp/in"
	if [ "$status" != "$want_status" ]; then
		echo "FAIL $name: exit status $status, expected $want_status"
		fail=1
	fi
	if [ "$(cat "$tmp/out")" != "$want_out" ]; then
		echo "FAIL $name: stdout:"
		cat "$tmp/out"
		echo "expected:"
		echo "$want_out"
		fail=1
	fi
	if [ "$(cat "$tmp/err")" != "$want_err" ]; then
		echo "FAIL $name: stderr:"
		cat "$tmp/err"
		echo "expected:"
		echo "$want_err"
		fail=1
	fi
}

expect "two -c strings" 1 "0xffff888001400000 pfn=0x1400 page=0xffffea0000050000" \
	"kmemlab: line 2: unknown command 'nope' (try help)" -- \
	-c 'alloc_pages 0' -c 'nope'
expect "--bail stops at the first failure" 1 "0xffff888001400000 pfn=0x1400 page=0xffffea0000050000" \
	"kmemlab: line 1: unknown command 'nope' (try help)" -- \
	--bail -c 'alloc_pages 0; nope; alloc_pages 1' -c 'alloc_pages 2'
expect "quit stops the -c strings" 0 "" "" -- -c 'quit' -c 'nope'
printf 'alloc_pages 0\n\n# a comment\nalloc_pages 99\n' >"$tmp/in"
expect "stdin is a batch" 1 "0xffff888001400000 pfn=0x1400 page=0xffffea0000050000" \
	"kmemlab: line 4: alloc_pages: ORDER must be 0..31, not 99" --
printf 'alloc_pages 0\n' >"$tmp/in"
expect "--batch -" 0 "0xffff888001400000 pfn=0x1400 page=0xffffea0000050000" "" -- \
	--batch -
printf 'alloc_pages 0\nnope\n' | "$k" --json >"$tmp/json" 2>/dev/null
head -1 "$tmp/json" | grep -q '^{"cmd":"alloc_pages 0","ok":true,"addr":"0xffff888001400000","cache":null,"output":"0xffff888001400000 pfn=0x1400 page=0xffffea0000050000\\n","log":\[\],"path":\["alloc_pages","__alloc_pages",.*\],"events":\[{"type":' ||
	{ echo "FAIL --json: first object"; cat "$tmp/json"; fail=1; }
tail -1 "$tmp/json" | grep -qx '{"cmd":"nope","ok":false,"error":"unknown command '"'nope'"' (try help)","cache":null,"output":"","log":\[\],"path":\[\],"events":\[\]}' ||
	{ echo "FAIL --json: error object"; cat "$tmp/json"; fail=1; }
expect "missing batch file" 1 "" \
	"kmemlab: --batch: cannot open /nonexistent/x: No such file or directory" -- \
	--batch /nonexistent/x
expect "bad preset" 2 "" \
	"kmemlab: --machine: no preset 'bogus' (expected default, numa, x86_64, big)" -- \
	--machine bogus -c help
expect "bad number" 2 "" \
	"kmemlab: --cpus: expected a number up to 128, not 'x'" -- --cpus x
expect "stray argument" 2 "" \
	"kmemlab: unexpected argument 'extra' (commands go in -c '...' or --batch FILE)" -- extra
expect "machine too small" 1 "" \
	"kmemlab: memory must be 32M..64T per node, not 16M per node" -- --mem 16M -c help
expect "--nodes and cpu" 0 "0xffff888008000000 pfn=0x8000 page=0xffffea0000200000" "" -- \
	--nodes 2 --cpus 2 --mem 256M -c 'cpu 1; alloc_pages 0'
"$k" --version | grep -Eq '^kmemlab [0-9]+\.[0-9]+\.[0-9]+$' ||
	{ echo "FAIL --version"; fail=1; }
"$k" --help | grep -q '^usage: kmemlab' || { echo "FAIL --help"; fail=1; }
"$k" --help-commands | grep -q '^- `kmalloc SIZE \[GFP\]` — ' ||
	{ echo "FAIL --help-commands"; fail=1; }
exit $fail
