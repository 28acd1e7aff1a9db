// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bad inputs through the command layer (libcmd): each line must fail with
 * exactly one expected error line, print nothing on stdout, and leave the
 * machine and the session as they were (session_state_digest before and
 * after). The machine has some state first: two page allocations in p and
 * q, the pcp lists filled.
 *
 * A row's error is the whole stderr line; "kmemlab: line 1: " is added.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/cmd.h"

struct bad {
	const char *input;
	const char *error;   /* a printf format when var is set */
	const char *var;     /* the error shows this variable's value ... */
	unsigned long delta; /* ... plus delta */
};

// clang-format off
static const struct bad bad_inputs[] = {
	/* commands */
	{ "frobnicate", "unknown command 'frobnicate' (try help)", NULL, 0 },
	{ "alloc_pagez 0", "unknown command 'alloc_pagez' (did you mean alloc_pages?)", NULL, 0 },
	{ "__fre_pages p 0", "unknown command '__fre_pages' (did you mean __free_pages?)", NULL, 0 },
	{ "alloc", "ambiguous command 'alloc' (could be alloc_pages, alloc_pages_node)", NULL, 0 },
	{ "$_", "unknown command '$_' (try help)", NULL, 0 },
	{ "help frobnicate", "help: no command 'frobnicate'", NULL, 0 },
	/* arity */
	{ "alloc_pages", "alloc_pages needs at least 1 argument, got 0 (usage: alloc_pages ORDER [GFP])", NULL, 0 },
	{ "alloc_pages 1 GFP_KERNEL 3", "alloc_pages takes at most 2 arguments, got 3 (usage: alloc_pages ORDER [GFP])", NULL, 0 },
	{ "__free_pages p", "__free_pages takes 2 arguments, not 1 (usage: __free_pages ADDR ORDER)", NULL, 0 },
	{ "drain_all_pages 1", "drain_all_pages takes 0 arguments, not 1 (usage: drain_all_pages)", NULL, 0 },
	{ "cpu", "cpu takes 1 argument, not 0 (usage: cpu N)", NULL, 0 },
	/* numbers */
	{ "alloc_pages abc", "alloc_pages: ORDER: 'abc' is neither a number nor a variable (expected 64, 0x40, 4k, 2M or a name set by NAME = COMMAND)", NULL, 0 },
	{ "alloc_pages 0x1ffffffffffffffff", "alloc_pages: ORDER: '0x1ffffffffffffffff' does not fit in 64 bits", NULL, 0 },
	{ "alloc_pages 99999999999999999999", "alloc_pages: ORDER: '99999999999999999999' does not fit in 64 bits", NULL, 0 },
	{ "alloc_pages 16G", "alloc_pages: ORDER must be 0..31, not 17179869184", NULL, 0 },
	{ "alloc_pages 40", "alloc_pages: ORDER must be 0..31, not 40", NULL, 0 },
	{ "alloc_pages -1", "alloc_pages: ORDER: '-1' is not a number (expected 64, 0x40, 4k, 2M or a variable; no sign)", NULL, 0 },
	{ "alloc_pages 1x", "alloc_pages: ORDER: '1x' is not a number (expected 64, 0x40, 4k, 2M or a variable)", NULL, 0 },
	{ "alloc_pages 0x", "alloc_pages: ORDER: '0x' is not a number (expected 64, 0x40, 4k, 2M or a variable)", NULL, 0 },
	{ "alloc_pages p+", "alloc_pages: ORDER: 'p+' is incomplete (expected a number or a variable after +)", NULL, 0 },
	{ "alloc_pages 5-9", "alloc_pages: ORDER: '5-9' is below zero", NULL, 0 },
	{ "alloc_pages p+0xffffffffffffffff", "alloc_pages: ORDER: 'p+0xffffffffffffffff' overflows 64 bits", NULL, 0 },
	{ "alloc_pages $_+1", "alloc_pages: ORDER must be 0..31, not %lu", "q", 1 },
	{ "__get_free_pages 0 GFP_KERNEL", "__get_free_pages: ORDER: 'GFP_KERNEL' is a GFP flag, not a number", NULL, 0 },
	/* GFP flags */
	{ "alloc_pages 3 GFP_KERNL", "alloc_pages: unknown GFP flag 'GFP_KERNL' (did you mean GFP_KERNEL?)", NULL, 0 },
	{ "alloc_pages 3 GFP_KERNEL|__GFP_ZER", "alloc_pages: unknown GFP flag '__GFP_ZER' (did you mean __GFP_ZERO?)", NULL, 0 },
	{ "alloc_pages 3 FOO", "alloc_pages: unknown GFP flag 'FOO' (expected names like GFP_KERNEL|__GFP_ZERO, or a number)", NULL, 0 },
	{ "alloc_pages 3 GFP_KERNEL|", "alloc_pages: GFP flags 'GFP_KERNEL|' have an empty name (expected FLAG|FLAG, e.g. GFP_KERNEL|__GFP_ZERO)", NULL, 0 },
	/* nodes and CPUs */
	{ "alloc_pages_node 5 0", "alloc_pages_node: NID must be -1 (NUMA_NO_NODE) or 0, not 5 (the machine has one node)", NULL, 0 },
	{ "alloc_pages_node -2 0", "alloc_pages_node: NID: '-2' is not a number (expected 64, 0x40, 4k, 2M or a variable; no sign)", NULL, 0 },
	{ "cpu 2", "cpu: CPU must be 0..1, not 2 (the machine has 2 CPUs)", NULL, 0 },
	{ "cpu one", "cpu: CPU: 'one' is neither a number nor a variable (expected 64, 0x40, 4k, 2M or a name set by NAME = COMMAND)", NULL, 0 },
	/* variables and addresses */
	{ "__free_pages r 0", "__free_pages: ADDR: 'r' is neither a number nor a variable (expected 64, 0x40, 4k, 2M or a name set by NAME = COMMAND)", NULL, 0 },
	{ "__free_pages pp 0", "__free_pages: ADDR: no variable named 'pp' (did you mean p?)", NULL, 0 },
	{ "__free_pages 0x1234 0", "__free_pages: ADDR 0x1234 is not a page of this machine (expected a direct-map address 0xffff888000000000..0xffff888007ffffff or a struct page 0xffffea0000000000..)", NULL, 0 },
	{ "__free_pages p+1 0", "__free_pages: ADDR 0x%lx is not page-aligned (expected the address alloc_pages returned)", "p", 1 },
	{ "__free_pages 0xffffea0000000081 0", "__free_pages: ADDR 0xffffea0000000081 is inside a struct page, not at its start", NULL, 0 },
	{ "free_pages 0x1000 0", "free_pages: ADDR 0x1000 is not a direct-map address of this machine (expected what __get_free_pages returned)", NULL, 0 },
	{ "x = cat /proc/meminfo", "cat returns no address to assign to 'x' (only allocation commands do)", NULL, 0 },
	{ "3x = alloc_pages 0", "'3x' cannot be a variable name (letters, digits and _, not starting with a digit)", NULL, 0 },
	{ "$_ = alloc_pages 0", "'$_' cannot be a variable name (letters, digits and _, not starting with a digit)", NULL, 0 },
	{ "x =", "nothing to assign to 'x' (expected x = COMMAND ARGS, e.g. x = kmalloc 64)", NULL, 0 },
	{ "abcdefghijklmnopqrstuvwxyz0123456789 = alloc_pages 0", "variable name 'abcdefghijkl...' is longer than 31 characters", NULL, 0 },
	/* files */
	{ "cat /proc/nonexistent", "cat: /proc/nonexistent: No such file or directory", NULL, 0 },
	{ "cat /proc/buddyinf", "cat: /proc/buddyinf: No such file or directory (did you mean /proc/buddyinfo?)", NULL, 0 },
	{ "cat /proc", "cat: /proc: Is a directory", NULL, 0 },
	{ "cat /proc/meminfo /proc/nope", "cat: /proc/nope: No such file or directory", NULL, 0 },
	{ "ls /nope", "ls: /nope: No such file or directory", NULL, 0 },
	{ "echo 1 > /proc/meminfo", "echo: /proc/meminfo: Permission denied", NULL, 0 },
	{ "echo 1 /proc/meminfo", "echo: expected echo VALUE > PATH", NULL, 0 },
	{ "echo 1 > /sys/kernel/slab/nope/shrink", "echo: /sys/kernel/slab/nope/shrink: No such file or directory", NULL, 0 },
	/* slab and vmalloc */
	{ "kmem_cache_alloc kmalloc-65", "kmem_cache_alloc: no cache named 'kmalloc-65' (did you mean kmalloc-64?)", NULL, 0 },
	{ "kmem_cache_alloc nosuch", "kmem_cache_alloc: no cache named 'nosuch' (ls /sys/kernel/slab lists them)", NULL, 0 },
	{ "kmem_cache_create foo 64 flags=SLAB_HWCACHE_ALIG", "kmem_cache_create: unknown slab flag 'SLAB_HWCACHE_ALIG' (did you mean SLAB_HWCACHE_ALIGN?)", NULL, 0 },
	{ "kmem_cache_create foo 64 colour=3", "kmem_cache_create: unknown option 'colour=3' (expected align=N, flags=A|B, ctor, useroffset=N or usersize=N)", NULL, 0 },
	{ "kmem_cache_create foo 0x100000000", "kmem_cache_create: SIZE must fit in an unsigned int, not 4294967296", NULL, 0 },
	{ "kmem_cache_create foo 64 align=x", "kmem_cache_create: align: 'x' is neither a number nor a variable (expected 64, 0x40, 4k, 2M or a name set by NAME = COMMAND)", NULL, 0 },
	{ "kmem_cache_create aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 64", "kmem_cache_create: NAME is longer than 63 characters", NULL, 0 },
	{ "kmem_cache_destroy kmalloc-64", "kmem_cache_destroy: kmalloc-64 is a boot cache of the kernel; only caches made with kmem_cache_create can go", NULL, 0 },
	{ "kmem_cache_free kmalloc-64", "kmem_cache_free takes 2 arguments, not 1 (usage: kmem_cache_free CACHE P)", NULL, 0 },
	{ "kmem_cache_alloc 0x1234", "kmem_cache_alloc: CACHE: 0x1234 is not a live cache (expected a cache name or what kmem_cache_create returned)", NULL, 0 },
	{ "kmem_cache_alloc_node kmalloc-64 GFP_KERNEL 2", "kmem_cache_alloc_node: NID must be -1 (NUMA_NO_NODE) or 0, not 2 (the machine has one node)", NULL, 0 },
	{ "kmalloc", "kmalloc needs at least 1 argument, got 0 (usage: kmalloc SIZE [GFP])", NULL, 0 },
	{ "kmalloc 64 GFP_KERNEL extra", "kmalloc takes at most 2 arguments, got 3 (usage: kmalloc SIZE [GFP])", NULL, 0 },
	{ "kmalloc 0x10000000000000000", "kmalloc: SIZE: '0x10000000000000000' does not fit in 64 bits", NULL, 0 },
	{ "kmalloc 64 __GFP_ZERO|", "kmalloc: GFP flags '__GFP_ZERO|' have an empty name (expected FLAG|FLAG, e.g. GFP_KERNEL|__GFP_ZERO)", NULL, 0 },
	{ "kcalloc 4", "kcalloc needs at least 2 arguments, got 1 (usage: kcalloc N SIZE [GFP])", NULL, 0 },
	{ "kmalloc_node 64 GFP_KERNEL 3", "kmalloc_node: NID must be -1 (NUMA_NO_NODE) or 0, not 3 (the machine has one node)", NULL, 0 },
	{ "kfree abc", "kfree: P: 'abc' is neither a number nor a variable (expected 64, 0x40, 4k, 2M or a name set by NAME = COMMAND)", NULL, 0 },
	{ "krealloc pq 10", "krealloc: P: no variable named 'pq' (did you mean p or q?)", NULL, 0 },
	{ "ksize", "ksize takes 1 argument, not 0 (usage: ksize P)", NULL, 0 },
	{ "show", "show needs at least 1 argument, got 0 (usage: show cache|slab|object|page|vmalloc [ARG])", NULL, 0 },
	{ "show cach kmalloc-64", "show: nothing called 'cach' to show (did you mean cache?)", NULL, 0 },
	{ "show cache", "show: expected show cache CACHE", NULL, 0 },
	{ "show cache nosuch", "show: no cache named 'nosuch' (ls /sys/kernel/slab lists them)", NULL, 0 },
	{ "show slab 0x1234", "show: 0x1234 is not an address inside a slab", NULL, 0 },
	{ "show object 0x1234", "show: 0x1234 is not an address inside a slab object", NULL, 0 },
	{ "show page 0xffffffff", "show: 0xffffffff is not a pfn (0..0x7fff) or a mapped kernel address of this machine", NULL, 0 },
	{ "show vmalloc 0x1234", "show: 0x1234 is in no vmalloc area (show vmalloc lists them)", NULL, 0 },
	{ "vmalloc", "vmalloc takes 1 argument, not 0 (usage: vmalloc SIZE)", NULL, 0 },
	{ "vmalloc 4k 4k", "vmalloc takes 1 argument, not 2 (usage: vmalloc SIZE)", NULL, 0 },
	{ "vmalloc_node 4k 1", "vmalloc_node: NID must be -1 (NUMA_NO_NODE) or 0, not 1 (the machine has one node)", NULL, 0 },
	{ "vmap", "vmap needs at least 1 argument, got 0 (usage: vmap PAGE...)", NULL, 0 },
	{ "vmap 0x1234", "vmap: PAGE 0x1234 is not a page of this machine (expected what alloc_pages returned)", NULL, 0 },
	{ "vfree", "vfree takes 1 argument, not 0 (usage: vfree ADDR)", NULL, 0 },
	{ "walk", "walk takes 1 argument, not 0 (usage: walk ADDR)", NULL, 0 },
	{ "kvmalloc 1x", "kvmalloc: SIZE: '1x' is not a number (expected 64, 0x40, 4k, 2M or a variable)", NULL, 0 },
	{ "kmalloc 0xffffffffffffffff", "kmalloc: SIZE: '0xffffffffffffffff' overflows when rounded up to whole pages (expected a size below 2^64 - 4096)", NULL, 0 },
	{ "vmalloc 0xfffffffffffff001", "vmalloc: SIZE: '0xfffffffffffff001' overflows when rounded up to whole pages (expected a size below 2^64 - 4096)", NULL, 0 },
	{ "peek p 0", "peek: LEN must be 1..4096, not 0", NULL, 0 },
	{ "peek p 5000", "peek: LEN must be 1..4096, not 5000", NULL, 0 },
	{ "peek 0xffffffffffffffff", "peek: 0xffffffffffffffff + 64 runs past the end of the address space", NULL, 0 },
	/* session */
	{ "undo 5", "undo: only 2 commands changed the machine so far", NULL, 0 },
	{ "undo x", "undo: N: 'x' is neither a number nor a variable (expected 64, 0x40, 4k, 2M or a name set by NAME = COMMAND)", NULL, 0 },
	{ "source", "source takes 1 argument (usage: source FILE)", NULL, 0 },
	{ "source /nonexistent/x", "source: /nonexistent/x: No such file or directory", NULL, 0 },
	{ "repeat 2 source x", "source: it must start a command (not in repeat or NAME = ...)", NULL, 0 },
	{ "set foo on", "set: no setting 'foo' (expected trace, check, bail, animate, speed or lang)", NULL, 0 },
	{ "set tarce on", "set: no setting 'tarce' (did you mean trace?)", NULL, 0 },
	{ "set lang fr", "set: expected en or zh, not 'fr'", NULL, 0 },
	{ "set speed 99999", "set: MS must be 0..10000, not 99999", NULL, 0 },
	{ "set speed", "set: expected set speed MS (0..10000; 0: a key for each event)", NULL, 0 },
	{ "set lang", "set: expected set lang en|zh", NULL, 0 },
	{ "set trace maybe", "set: expected on or off, not 'maybe'", NULL, 0 },
	{ "repeat 3 frobnicate", "unknown command 'frobnicate' (try help)", NULL, 0 },
	{ "repeat x alloc_pages 0", "repeat: N: 'x' is neither a number nor a variable (expected 64, 0x40, 4k, 2M or a name set by NAME = COMMAND)", NULL, 0 },
	{ "repeat 2 alloc_pages 0 FOO", "alloc_pages: unknown GFP flag 'FOO' (expected names like GFP_KERNEL|__GFP_ZERO, or a number)", NULL, 0 },
};
// clang-format on

int main(void)
{
	struct machine_config cfg;
	struct out_buffer ob;
	struct session *ss;
	char err[256], want[1024];
	int failures = 0;

	machine_preset(&cfg, "default");
	out_buffer_init(&ob);
	ss = session_create(&cfg, &ob.out, err, sizeof(err));
	if (!ss) {
		fprintf(stderr, "boot: %s\n", err);
		return 1;
	}
	ss->opt.check = true;
	if (session_run_line(ss,
			     "p = alloc_pages 0; q = alloc_pages 2 GFP_KERNEL",
			     "test", 1) != 0 ||
	    ob.se.len) {
		fprintf(stderr, "set-up failed: %s\n", ob.se.buf);
		return 1;
	}
	for (size_t i = 0; i < sizeof(bad_inputs) / sizeof(bad_inputs[0]);
	     i++) {
		const struct bad *b = &bad_inputs[i];
		unsigned long long before, after;
		int failed;

		out_buffer_reset(&ob);
		before = session_state_digest(ss);
		failed = session_run_line(ss, b->input, "test", 1);
		after = session_state_digest(ss);
		char msg[512];

		if (b->var)
			snprintf(msg, sizeof(msg), b->error,
				 session_var(ss, b->var)->val + b->delta);
		else
			snprintf(msg, sizeof(msg), "%s", b->error);
		snprintf(want, sizeof(want), "kmemlab: line 1: %s\n", msg);
		if (failed != 1 || !ob.se.buf || strcmp(ob.se.buf, want)) {
			printf("FAIL %s\n  want: %s  got:  %s\n", b->input,
			       want, ob.se.buf ? ob.se.buf : "(nothing)\n");
			failures++;
		}
		if (ob.so.len) {
			printf("FAIL %s: printed on stdout:\n%s", b->input,
			       ob.so.buf);
			failures++;
		}
		if (before != after) {
			printf("FAIL %s: the state changed\n", b->input);
			failures++;
		}
	}
	if (mm_check(ss->m)) {
		printf("FAIL mm_check after the table\n");
		failures++;
	}
	printf("%zu bad inputs, %d failure%s\n",
	       sizeof(bad_inputs) / sizeof(bad_inputs[0]), failures,
	       failures == 1 ? "" : "s");
	session_destroy(ss);
	out_buffer_free(&ob);
	return failures ? 1 : 0;
}
