// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bad frees as a production 6.12 kernel does them (mm/slub.c: slab_free,
 * do_slab_free, __slab_free, set_freepointer, cache_from_obj, kfree,
 * free_large_kmalloc), each with and without slab_debug=F: the hardened
 * BUG_ON of the list's head, the a, b, a cycle, the self-loop without
 * hardening, a garbage pointer written into an object handed out twice
 * (the oops on the allocation that reaches it), a slab that looks empty
 * discarded under a live object, frees inside an object, in the wrong
 * cache, of a page that is no slab, of an address outside RAM. Exact
 * states; mm_check() == 0 after every case.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mm_test.h"

#include "kmemlab/buddy.h"
#include "kmemlab/machine.h"
#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"

static struct machine *boot(bool hardened, const char *slub_debug)
{
	struct machine_config cfg;

	assert_int_equal(machine_preset(&cfg, "default"), 0);
	cfg.hardened = hardened;
	snprintf(cfg.slub_debug, sizeof(cfg.slub_debug), "%s", slub_debug);
	return boot_config(&cfg);
}

static void check(struct machine *m)
{
	char buf[256];

	if (mm_check_report(m, buf, sizeof(buf)))
		fail_msg("mm_check: %s", buf);
}

static struct kmem_cache *cache(struct machine *m, const char *name)
{
	struct kmem_cache *s = kmem_cache_find_by_name(m, name);

	assert_non_null(s);
	return s;
}

/* Nine kmalloc(4096): kmalloc-4k's first slab (8 objects) and one more;
 * returns the first slab */
static struct page *fill_4k(struct machine *m, unsigned long o[9])
{
	for (int i = 0; i < 9; i++)
		o[i] = kmalloc(m, 4096, GFP_KERNEL);
	return virt_to_slab(m, o[0]);
}

static bool corrupted(struct machine *m, unsigned long obj)
{
	struct page *slab = virt_to_slab(m, obj);

	return slab && PageFlag(slab, PG_poked);
}

/* --- double free, hardened: the head is the BUG_ON, the rest a cycle --- */

static void test_hardened_head_bug(void **state)
{
	(void)state;
	struct machine *m = boot(true, "");
	struct kmem_cache *s = cache(m, "kmalloc-64");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long fp, head;
	size_t from;

	assert_int_equal(kfree(m, a), 0);
	head = s->cpu_slab[0].freelist;
	fp = get_freepointer(m, s, a);
	assert_int_equal(head, a);
	from = m->log_len;
	assert_int_equal(kfree(m, a), -EINVAL);
	log_has(m, from,
		"------------[ cut here ]------------\n"
		"kernel BUG at mm/slub.c:550!\n"
		"Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
		"CPU: 0 UID: 0 PID: 1 Comm: kmemlab Not tainted "
		"6.12.0-kmemlab #1\nRIP: 0010:do_slab_free\n");
	assert_true(m->taint_flags & TAINT_DIE);
	/* the task died in set_freepointer(): nothing changed */
	assert_int_equal(s->cpu_slab[0].freelist, a);
	assert_int_equal(get_freepointer(m, s, a), fp);
	assert_false(corrupted(m, a));
	check_and_destroy(m);
}

/* the slow path's head: slab->freelist of a slab that is not this CPU's */
static void test_hardened_head_bug_slowpath(void **state)
{
	(void)state;
	struct machine *m = boot(true, "");
	struct kmem_cache *s = cache(m, "kmalloc-4k");
	unsigned long o[9];
	struct page *slab;
	size_t from;

	slab = fill_4k(m, o);
	assert_int_equal(slab->objects, 8);
	assert_ptr_not_equal(s->cpu_slab[0].slab, slab);
	assert_int_equal(kfree(m, o[0]), 0); /* full -> cpu partial */
	assert_int_equal(slab->freelist, o[0]);
	from = m->log_len;
	assert_int_equal(kfree(m, o[0]), -EINVAL);
	log_has(m, from, "kernel BUG at mm/slub.c:550!\n");
	log_has(m, from, "RIP: 0010:__slab_free\n");
	assert_int_equal(slab->inuse, 7);
	assert_int_equal(slab->freelist, o[0]);
	check_and_destroy(m);
}

static void test_hardened_cycle(void **state)
{
	(void)state;
	struct machine *m = boot(true, "");
	struct kmem_cache *s = cache(m, "kmalloc-64");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long b = kmalloc(m, 64, GFP_KERNEL);
	size_t from = m->log_len;

	assert_int_equal(kfree(m, a), 0);
	assert_int_equal(kfree(m, b), 0);
	assert_false(corrupted(m, a));
	assert_int_equal(kfree(m, a), 0); /* not the head: no check */
	assert_true(corrupted(m, a));
	assert_int_equal(m->log_len, from); /* silent, as the kernel */
	assert_int_equal(s->cpu_slab[0].freelist, a);
	assert_int_equal(get_freepointer(m, s, a), b);
	assert_int_equal(get_freepointer(m, s, b), a);
	check(m);
	/* a, b, a, b, ...: every object handed out again and again */
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), a);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), b);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), a);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), b);
	assert_int_equal(s->cpu_slab[0].freelist, a);
	check(m);
	/* freeing one of the two holders of a: a is the head, BUG */
	from = m->log_len;
	assert_int_equal(kfree(m, a), -EINVAL);
	log_has(m, from, "kernel BUG at mm/slub.c:550!\n");
	/* the cpu slab leaves: deactivate_slab() would count the loop
	 * forever; the soft lockup, then the loop is cut at b */
	from = m->log_len;
	assert_int_equal(kmem_cache_shrink(m, s), 1);
	log_has(m, from,
		"watchdog: BUG: soft lockup - CPU#0 stuck for 22s! "
		"[kmemlab:1]\n");
	log_has(m, from, "RIP: 0010:deactivate_slab\n");
	assert_true(m->taint_flags & TAINT_SOFTLOCKUP);
	assert_null(s->cpu_slab[0].slab);
	struct page *slab = virt_to_slab(m, a);
	assert_non_null(slab);
	assert_int_equal(slab->freelist, a);
	assert_int_equal(get_freepointer(m, s, a), b);
	assert_int_equal(get_freepointer(m, s, b), 0);
	/* 64 in use at the freeze, 2 counted back */
	assert_int_equal(slab->inuse, 62);
	check(m);
	/* the machine goes on: the slab serves a and b once more */
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), a);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), b);
	assert_int_not_equal(kmalloc(m, 64, GFP_KERNEL), 0);
	check_and_destroy(m);
}

/* --- without hardening: no BUG_ON, a self-loop ------------------------- */

static void test_nohardened_self_loop(void **state)
{
	(void)state;
	struct machine *m = boot(false, "");
	struct kmem_cache *s = cache(m, "kmalloc-64");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	size_t from = m->log_len;

	assert_int_equal(kfree(m, a), 0);
	assert_int_equal(kfree(m, a), 0);
	assert_int_equal(m->log_len, from);
	assert_int_equal(s->cpu_slab[0].freelist, a);
	assert_int_equal(get_freepointer(m, s, a), a);
	/* stored in the clear: the word at a + offset is a itself */
	unsigned long raw;

	memcpy(&raw, km_ptr(m, a + s->offset), 8);
	assert_int_equal(raw, a);
	check(m);
	for (int i = 0; i < 4; i++)
		assert_int_equal(kmalloc(m, 64, GFP_KERNEL), a);
	check(m);
	from = m->log_len;
	assert_int_equal(kmem_cache_shrink(m, s), 1);
	log_has(m, from, "watchdog: BUG: soft lockup");
	check_and_destroy(m);
}

/* --- a write into an object that is also on the freelist --------------- */

static void corrupted_pointer(bool hardened)
{
	struct machine *m = boot(hardened, "");
	struct kmem_cache *s = cache(m, "kmalloc-64");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long b = kmalloc(m, 64, GFP_KERNEL);
	unsigned char junk[8];
	size_t from;

	memset(junk, 0x41, sizeof(junk));
	kfree(m, a);
	kfree(m, b);
	kfree(m, a);
	unsigned long x = kmalloc(m, 64, GFP_KERNEL);

	assert_int_equal(x, a);
	/* the user writes its object: a's free pointer, still on the list */
	assert_int_equal(kernel_access(m, x + s->offset, junk, 8, true, "poke"),
			 0);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), b);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), a); /* reads junk */
	check(m);
	from = m->log_len;
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), 0);
	{
		unsigned long g = 0x4141414141414141UL;
		char want[160];

		if (hardened)
			g ^= s->random ^ __builtin_bswap64(a + s->offset);
		snprintf(want, sizeof(want),
			 "Oops: general protection fault, probably for "
			 "non-canonical address 0x%lx: 0000 [#1] PREEMPT SMP "
			 "NOPTI\n",
			 g + s->offset);
		log_has(m, from, want);
	}
	log_has(m, from, "RIP: 0010:slab_alloc_node\n");
	assert_true(m->taint_flags & TAINT_DIE);
	check(m);
	/* the session goes on: a new slab serves, frees work */
	unsigned long c = kmalloc(m, 64, GFP_KERNEL);

	assert_int_not_equal(c, 0);
	assert_int_not_equal(c & ~0xfffUL, a & ~0xfffUL);
	assert_int_equal(kfree(m, c), 0);
	check_and_destroy(m);
}

static void test_corrupted_pointer_oops(void **state)
{
	(void)state;
	corrupted_pointer(true);
	corrupted_pointer(false);
}

/* --- with slab_debug=F: the kernel's reports, nothing freed ------------ */

static void test_debug_double_free(void **state)
{
	(void)state;
	struct machine *m = boot(true, "F");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long b = kmalloc(m, 64, GFP_KERNEL);
	struct page *slab = virt_to_slab(m, a);
	size_t from;

	kmalloc(m, 64, GFP_KERNEL); /* keeps inuse above 0 */

	assert_int_equal(kfree(m, a), 0);
	assert_int_equal(kfree(m, b), 0);
	from = m->log_len;
	assert_int_equal(kfree(m, a), -EINVAL);
	log_has(m, from, "BUG kmalloc-64 (Not tainted): Object already free");
	log_has(m, from, "FIX kmalloc-64: Object at 0x");
	assert_false(corrupted(m, a));
	assert_int_equal(slab->freelist, b);
	unsigned long c = kmalloc(m, 64, GFP_KERNEL);
	from = m->log_len;
	assert_int_equal(kfree(m, c + 8), -EINVAL);
	log_has(m, from, "Invalid object pointer 0x");
	assert_false(corrupted(m, c));
	check_and_destroy(m);
	/* the slab's last object freed twice: free_debug_processing()'s
	 * count check comes first, for every debug cache */
	m = boot(true, "P");
	a = kmalloc(m, 64, GFP_KERNEL);
	b = kmalloc(m, 64, GFP_KERNEL);
	kfree(m, a);
	kfree(m, b);
	from = m->log_len;
	assert_int_equal(kfree(m, a), -EINVAL);
	log_has(m, from,
		"BUG kmalloc-64 (Not tainted): Slab has 0 allocated "
		"objects but 1 are to be freed\n");
	check_and_destroy(m);
}

/* slab_debug without F (here P): the kernel checks nothing on free */
static void test_debug_nof_double_free(void **state)
{
	(void)state;
	struct machine *m = boot(true, "P");
	struct kmem_cache *s = cache(m, "kmalloc-64");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long b = kmalloc(m, 64, GFP_KERNEL);
	struct page *slab = virt_to_slab(m, a);
	size_t from;

	kmalloc(m, 64, GFP_KERNEL); /* keeps inuse above 0 */

	assert_int_equal(kfree(m, a), 0);
	from = m->log_len;
	assert_int_equal(kfree(m, a), -EINVAL); /* the head: BUG_ON */
	log_has(m, from, "RIP: 0010:free_to_partial_list\n");
	assert_int_equal(kfree(m, b), 0);
	assert_int_equal(kfree(m, a), 0);
	assert_true(corrupted(m, a));
	assert_int_equal(slab->freelist, a);
	assert_int_equal(get_freepointer(m, s, a), b);
	assert_int_equal(get_freepointer(m, s, b), a);
	check(m);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), a);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), b);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), a);
	check_and_destroy(m);
}

/* --- inuse going wrong: a slab that looks empty is discarded ----------- */

static void test_empty_looking_slab_discarded(void **state)
{
	(void)state;
	struct machine *m = boot(true, "");
	struct kmem_cache *s = cache(m, "kmalloc-4k");
	unsigned long o[9];
	struct page *slab;
	size_t from;

	slab = fill_4k(m, o);
	kfree(m, o[0]);
	kfree(m, o[1]);
	assert_int_equal(kfree(m, o[0]), 0); /* o0 -> o1 -> o0 */
	assert_int_equal(slab->inuse, 5);
	for (int i = 2; i < 7; i++)
		assert_int_equal(kfree(m, o[i]), 0);
	/* o[7] is still handed out, but the counter says empty */
	assert_int_equal(slab->inuse, 0);
	check(m);
	assert_int_equal(kmem_cache_shrink(m, s), 1);
	assert_null(virt_to_slab(m, o[7])); /* back to the buddy allocator */
	check(m);
	from = m->log_len;
	assert_int_equal(kfree(m, o[7]), -EINVAL);
	log_has(m, from,
		"WARNING: CPU: 0 PID: 1 at mm/slub.c:4799 "
		"free_large_kmalloc\n");
	assert_int_equal(kfree(m, o[8]), 0);
	check_and_destroy(m);
}

/* a double free on a partial slab kept at inuse 0 wraps the counter:
 * __kmem_cache_do_shrink()'s BUG_ON(free <= 0) */
static void test_inuse_wraps_shrink_bug(void **state)
{
	(void)state;
	struct machine *m = boot(true, "");
	struct kmem_cache *s = cache(m, "kmalloc-4k");
	unsigned long o[9];
	struct page *slab;
	size_t from;

	slab = fill_4k(m, o);
	for (int i = 0; i < 8; i++)
		kfree(m, o[i]);
	assert_int_equal(slab->inuse, 0);
	assert_int_equal(kfree(m, o[3]), 0); /* not the head */
	assert_int_equal(slab->inuse, 0xffff);
	check(m);
	flush_all(m, s);
	from = m->log_len;
	kmem_cache_shrink(m, s);
	log_has(m, from, "kernel BUG at mm/slub.c:5811!\n");
	log_has(m, from, "RIP: 0010:__kmem_cache_do_shrink\n");
	assert_non_null(virt_to_slab(m, o[0]));
	check_and_destroy(m);
}

/* --- invalid frees ------------------------------------------------------ */

/* a free inside an object, delta bytes in (1: inside the bitmap's 8-byte
 * granule of the object's start, which kfree's fast path must not take
 * for the start) */
static void misaligned(bool hardened, unsigned long delta)
{
	struct machine *m = boot(hardened, "");
	struct kmem_cache *s = cache(m, "kmalloc-64");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long head = s->cpu_slab[0].freelist;
	size_t from = m->log_len;

	assert_int_equal(kfree(m, a + delta), 0);
	assert_int_equal(m->log_len, from);
	assert_true(corrupted(m, a));
	assert_int_equal(s->cpu_slab[0].freelist, a + delta);
	assert_int_equal(get_freepointer(m, s, a + delta), head);
	check(m);
	/* handed out as it is, overlapping a */
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), a + delta);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), head);
	check_and_destroy(m);
}

static void test_misaligned_free(void **state)
{
	(void)state;
	misaligned(true, 8);
	misaligned(false, 8);
	misaligned(true, 1);
	misaligned(false, 1);
	misaligned(true, 7);
}

/* the last object's inside: its free pointer would land past the slab */
static void test_free_past_slab_end(void **state)
{
	(void)state;
	struct machine *m = boot(true, "");
	struct kmem_cache *s = cache(m, "kmalloc-64");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	struct page *slab = virt_to_slab(m, a);
	unsigned long last = slab_obj_addr(m, s, slab, 63);
	size_t from = m->log_len;

	assert_int_equal(kfree(m, last + 40), -EINVAL);
	log_has(m, from, "past the end of kmalloc-64 slab");
	assert_false(corrupted(m, a));
	check_and_destroy(m);
}

static void test_wrong_cache(void **state)
{
	(void)state;
	struct machine *m = boot(true, "");
	struct kmem_cache *s = cache(m, "kmalloc-64");
	struct kmem_cache *t = cache(m, "kmalloc-128");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	size_t from = m->log_len;

	assert_int_equal(kmem_cache_free(m, t, a), 0);
	log_has(m, from,
		"------------[ cut here ]------------\n"
		"kmem_cache_free: Wrong slab cache. kmalloc-128 but object is "
		"from kmalloc-64\nWARNING: CPU: 0 PID: 1 at mm/slub.c:4770 "
		"kmem_cache_free\n---[ end trace 0000000000000000 ]---\n");
	assert_true(m->taint_flags & TAINT_WARN);
	assert_int_equal(s->cpu_slab[0].freelist, a); /* the right cache */
	check_and_destroy(m);

	/* no hardening, no F: the kernel would use kmalloc-128's lists */
	m = boot(false, "");
	t = cache(m, "kmalloc-128");
	a = kmalloc(m, 64, GFP_KERNEL);
	s = cache(m, "kmalloc-64");
	unsigned long head = s->cpu_slab[0].freelist;

	from = m->log_len;
	assert_int_equal(kmem_cache_free(m, t, a), -EINVAL);
	log_has(m, from, "not modelled, nothing freed");
	assert_int_equal(s->cpu_slab[0].freelist, head);
	check_and_destroy(m);

	/* F: cache_from_obj() checks too, and the debug free runs */
	m = boot(false, "F");
	t = cache(m, "kmalloc-128");
	a = kmalloc(m, 64, GFP_KERNEL);
	from = m->log_len;
	assert_int_equal(kmem_cache_free(m, t, a), 0);
	log_has(m, from,
		"Wrong slab cache. kmalloc-128 but object is from "
		"kmalloc-64\n");
	assert_int_equal(virt_to_slab(m, a)->freelist, a);
	check_and_destroy(m);
}

static void not_a_slab(const char *debug)
{
	struct machine *m = boot(true, debug);
	struct page *pg = alloc_pages(m, GFP_KERNEL, 0);
	unsigned long p = page_address(m, pg);
	size_t from = m->log_len;
	char want[96];

	assert_int_equal(kfree(m, p), -EINVAL);
	snprintf(want, sizeof(want), "object pointer: 0x%016lx\n", p);
	log_has(m, from,
		"------------[ cut here ]------------\nWARNING: CPU: 0 PID: "
		"1 at mm/slub.c:4799 free_large_kmalloc\n");
	log_has(m, from, want);
	assert_int_equal(pg->_refcount, 1); /* the page is still its owner's */
	/* kmem_cache_free: virt_to_cache() finds no slab */
	from = m->log_len;
	assert_int_equal(kmem_cache_free(m, cache(m, "kmalloc-64"), p),
			 -EINVAL);
	log_has(m, from, "virt_to_cache: Object is not a Slab page!\n");
	/* a stack-like vmalloc address: virt_to_folio()'s struct page is
	 * unmapped vmemmap: __pa = 0x408000123456, pfn 0x408000123 */
	from = m->log_len;
	assert_int_equal(kfree(m, 0xffffc90000123456UL), -EFAULT);
	log_has(m, from,
		"BUG: unable to handle page fault for address: "
		"ffffeb02000048c8\n#PF: supervisor read access in kernel "
		"mode\n");
	log_has(m, from, "RIP: 0010:kfree\n");
	assert_true(m->taint_flags & TAINT_DIE);
	__free_pages(m, pg, 0);
	check_and_destroy(m);
}

static void test_not_a_slab(void **state)
{
	(void)state;
	not_a_slab("");
	not_a_slab("F");
}

/* no hardening: kmem_cache_free() trusts the cache, and __slab_free()
 * reads a NULL slab */
static void test_not_a_slab_nohardened(void **state)
{
	(void)state;
	struct machine *m = boot(false, "");
	struct page *pg = alloc_pages(m, GFP_KERNEL, 0);
	size_t from = m->log_len;

	assert_int_equal(
		kmem_cache_free(m, cache(m, "kmalloc-64"), page_address(m, pg)),
		-EFAULT);
	log_has(m, from,
		"BUG: kernel NULL pointer dereference, address: "
		"0000000000000020\n");
	log_has(m, from, "RIP: 0010:__slab_free\n");
	log_lacks(m, from, "Wrong slab cache");
	__free_pages(m, pg, 0);
	check_and_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hardened_head_bug),
		cmocka_unit_test(test_hardened_head_bug_slowpath),
		cmocka_unit_test(test_hardened_cycle),
		cmocka_unit_test(test_nohardened_self_loop),
		cmocka_unit_test(test_corrupted_pointer_oops),
		cmocka_unit_test(test_debug_double_free),
		cmocka_unit_test(test_debug_nof_double_free),
		cmocka_unit_test(test_empty_looking_slab_discarded),
		cmocka_unit_test(test_inuse_wraps_shrink_bug),
		cmocka_unit_test(test_misaligned_free),
		cmocka_unit_test(test_free_past_slab_end),
		cmocka_unit_test(test_wrong_cache),
		cmocka_unit_test(test_not_a_slab),
		cmocka_unit_test(test_not_a_slab_nohardened),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
