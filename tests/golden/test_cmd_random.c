// SPDX-License-Identifier: GPL-2.0-only
/*
 * Random command sequences through the whole command layer: well-formed
 * lines from templates over a few variables, sizes, orders and caches, so
 * double frees, frees of the wrong kind, frees of stale variables and
 * out-of-memory all happen. After every command mm_check must find no
 * error (the session runs it: a failure is reported as "mm_check ...")
 * and nothing may crash; under ASan nothing may leak.
 *
 * vunmap of a vmalloc area is in the mix on purpose: the kernel then
 * leaks the area's pages and its vm_struct (a learner's mistake, shown as
 * such), but that leak is inside the simulated machine, which
 * session_destroy frees whole: LeakSanitizer sees no host memory lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kmemlab/cmd.h"
#include "random_cmd.h"

static const char *const SZ[] = {"0",	"1",	"8",   "24", "64",
				 "100", "192",	"500", "1k", "4k",
				 "8k",	"9000", "64k", "1M", "5M"};
static const char *const NM[] = {"foo", "bar", "kmalloc-64", "kmalloc-192",
				 "dentry"};
static const char *const T[] = {
	"%V = kmalloc %S",
	"%V = kzalloc %S GFP_KERNEL",
	"kfree %V",
	"%V = alloc_pages %O",
	"__free_pages %V %O",
	"free_pages %V %O",
	"%V = kmem_cache_create %N %S",
	"%V = kmem_cache_create %N %S align=64 flags=SLAB_HWCACHE_ALIGN",
	"%V = kmem_cache_alloc %N",
	"kmem_cache_free %N %V",
	"kmem_cache_destroy %N",
	"kmem_cache_shrink %N",
	"%V = vmalloc %S",
	"vfree %V",
	"cpu %C",
	"%V = krealloc %V %S",
	"%V = kvmalloc %S",
	"kvfree %V",
	"%V = vmap %V %V",
	"vunmap %V",
	"vmalloc_purge",
	"drain_all_pages",
	"echo 1 > /sys/kernel/slab/%N/shrink",
	"peek %V",
	"show object %V",
	"show slab %V",
	"walk %V",
	"%V = kcalloc 3 %S",
	"ksize %V",
	"%V = kmalloc_node %S GFP_KERNEL -1",
	"%V = alloc_pages_node -1 %O",
	"show cache %N",
	"cat /proc/slabinfo",
	"cat /proc/vmallocinfo",
	"cat /sys/kernel/slab/%N/objects",
	"%V = get_zeroed_page",
	"%V = __get_free_pages GFP_KERNEL %O",
	"repeat 3 %V = kmalloc %S"};

static const struct cmd_vocab vocab = {
	T, ARRAY_LEN(T), SZ, ARRAY_LEN(SZ), NM, ARRAY_LEN(NM), 5,
};

static int run_seed(unsigned seed, int iters)
{
	struct machine_config cfg;
	char err[256];
	struct out_buffer ob;
	out_buffer_init(&ob);
	machine_preset(&cfg, "default");
	struct session *ss = session_create(&cfg, &ob.out, err, 256);
	ss->opt.check = true;
	random_seed(seed);
	for (int i = 0; i < iters; i++) {
		char line[512];

		random_command(&vocab, line, sizeof(line));
		out_buffer_reset(&ob);
		session_run_line(ss, line, "fuzz", i + 1);
		if (ob.se.buf && strstr(ob.se.buf, "mm_check")) {
			printf("seed %u line %d: %s\n%s", seed, i, line,
			       ob.se.buf);
			return 1;
		}
	}
	printf("seed %u: %d commands, %lu failed as expected\n", seed, iters,
	       ss->nr_failed);
	session_destroy(ss);
	out_buffer_free(&ob);
	return 0;
}

int main(void)
{
	for (unsigned seed = 1; seed <= 4; seed++)
		if (run_seed(seed, 2500))
			return 1;
	return 0;
}
