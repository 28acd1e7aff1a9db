// SPDX-License-Identifier: GPL-2.0-only
/*
 * init_on_alloc / init_on_free (mm/mm_init.c, mm/page_alloc.c
 * post_alloc_hook() and free_pages_prepare(), mm/slub.c
 * slab_post_alloc_hook(), slab_free_hook() and maybe_wipe_obj_freeptr(),
 * mm/slab.h slab_want_init_on_*()): the exact bytes of pages and objects
 * after allocation and free with each option on and off, with poisoning,
 * a constructor, SLAB_TYPESAFE_BY_RCU, red zones and tracks, and the boot
 * line. mm_check() == 0 after every case.
 */
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

static struct machine *boot(bool on_alloc, bool on_free, const char *debug)
{
	struct machine_config cfg;

	assert_int_equal(machine_preset(&cfg, "default"), 0);
	cfg.init_on_alloc = on_alloc;
	cfg.init_on_free = on_free;
	snprintf(cfg.slub_debug, sizeof(cfg.slub_debug), "%s", debug);
	return boot_config(&cfg);
}

static unsigned char *mem(struct machine *m, unsigned long addr)
{
	return km_ptr(m, addr);
}

/* [addr, addr + len) holds only byte v */
static void assert_bytes(struct machine *m, unsigned long addr, int v,
			 unsigned long len)
{
	for (unsigned long i = 0; i < len; i++)
		if (mem(m, addr)[i] != (unsigned char)v)
			fail_msg("byte +%lu of 0x%lx is 0x%02x, not 0x%02x", i,
				 addr, mem(m, addr)[i], v);
}

static unsigned long raw_word(struct machine *m, unsigned long addr)
{
	unsigned long v;

	memcpy(&v, mem(m, addr), sizeof(v));
	return v;
}

static void test_boot_line(void **state)
{
	static const char line[] = "mem auto-init: stack:all(zero), heap "
				   "alloc:%s, heap free:%s\n";
	static const char clearing[] = "mem auto-init: clearing system memory "
				       "may take some time...\n";
	char want[128];
	(void)state;

	for (int i = 0; i < 4; i++) {
		struct machine *m = boot(i & 1, i & 2, "");

		snprintf(want, sizeof(want), line, i & 1 ? "on" : "off",
			 i & 2 ? "on" : "off");
		/* the first line of the log: report_meminit() runs before
		 * khugepaged raises min_free_kbytes */
		assert_memory_equal(m->log, want, strlen(want));
		if (i & 2)
			assert_memory_equal(m->log + strlen(want), clearing,
					    strlen(clearing));
		else
			assert_null(strstr(m->log, "clearing system memory"));
		check_and_destroy(m);
	}
}

/*
 * kmalloc-64 (free pointer at +32, inside the object): an object filled
 * with 0x41, freed and allocated again (the same object: LIFO).
 */
static unsigned long dirty_and_free(struct machine *m, struct kmem_cache **sp)
{
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);

	assert_true(a != 0);
	*sp = virt_to_page(m, a)->slab_cache;
	assert_int_equal((*sp)->offset, 32);
	memset(mem(m, a), 0x41, 64);
	assert_int_equal(kfree(m, a), 0);
	return a;
}

static void test_kmalloc_off(void **state)
{
	struct machine *m = boot(false, false, "");
	struct kmem_cache *s;
	unsigned long a, b, fp;
	(void)state;

	a = dirty_and_free(m, &s);
	/* the data stays; the free pointer overwrote +32 */
	assert_bytes(m, a, 0x41, 32);
	assert_bytes(m, a + 40, 0x41, 24);
	fp = raw_word(m, a + 32);
	assert_true(fp != 0x4141414141414141UL);
	b = kmalloc(m, 64, GFP_KERNEL);
	assert_int_equal(b, a);
	/* handed out as it was, stale pointer included */
	assert_bytes(m, b, 0x41, 32);
	assert_int_equal(raw_word(m, b + 32), fp);
	assert_bytes(m, b + 40, 0x41, 24);
	/* kzalloc: 64 zero bytes */
	assert_int_equal(kfree(m, b), 0);
	b = kzalloc(m, 64, GFP_KERNEL);
	assert_int_equal(b, a);
	assert_bytes(m, b, 0, 64);
	check_and_destroy(m);
}

static void test_kmalloc_init_on_alloc(void **state)
{
	struct machine *m = boot(true, false, "");
	struct kmem_cache *s;
	unsigned long a, b;
	(void)state;

	a = dirty_and_free(m, &s);
	/* nothing happens at free */
	assert_bytes(m, a, 0x41, 32);
	assert_bytes(m, a + 40, 0x41, 24);
	b = kmalloc(m, 64, GFP_KERNEL);
	assert_int_equal(b, a);
	assert_bytes(m, b, 0, 64);
	/* a kmalloc object is zeroed over object_size, not the request */
	memset(mem(m, b), 0x41, 64);
	assert_int_equal(kfree(m, b), 0);
	b = kmalloc(m, 40, GFP_KERNEL);
	assert_int_equal(b, a);
	assert_bytes(m, b, 0, 64);
	check_and_destroy(m);
}

static void test_kmalloc_init_on_free(void **state)
{
	struct machine *m = boot(false, true, "");
	struct kmem_cache *s;
	unsigned long a, b, head;
	(void)state;

	a = kmalloc(m, 64, GFP_KERNEL);
	s = virt_to_page(m, a)->slab_cache;
	head = s->cpu_slab[m->cur_cpu].freelist;
	memset(mem(m, a), 0x41, 64);
	assert_int_equal(kfree(m, a), 0);
	/* zeroes around the free pointer, which links to the old head */
	assert_bytes(m, a, 0, 32);
	assert_bytes(m, a + 40, 0, 24);
	assert_int_equal(get_freepointer(m, s, a), head);
	if (head)
		assert_true(raw_word(m, a + 32) != 0);
	/* maybe_wipe_obj_freeptr(): handed out all zero */
	b = kmalloc(m, 64, GFP_KERNEL);
	assert_int_equal(b, a);
	assert_bytes(m, b, 0, 64);
	check_and_destroy(m);
}

/* slab_debug=P: poisoning takes precedence over both options */
static void test_poison(void **state)
{
	struct machine *m = boot(true, true, "P,kmalloc-64");
	unsigned long a, b;
	(void)state;

	a = kmalloc(m, 64, GFP_KERNEL);
	/* init_object(): the body poisoned, not zeroed by init_on_alloc */
	assert_bytes(m, a, 0x6b, 63);
	assert_int_equal(mem(m, a)[63], 0xa5);
	memset(mem(m, a), 0x41, 64);
	assert_int_equal(kfree(m, a), 0);
	/* not wiped at free: poisoned again */
	assert_bytes(m, a, 0x6b, 63);
	assert_int_equal(mem(m, a)[63], 0xa5);
	/* __GFP_ZERO still zeroes */
	b = kzalloc(m, 64, GFP_KERNEL);
	assert_int_equal(b, a);
	assert_bytes(m, b, 0, 64);
	assert_int_equal(kfree(m, b), 0);
	check_and_destroy(m);
}

/* A constructor's work is never undone: not even kmem_cache_zalloc()
 * zeroes with init_on_alloc on; init_on_free leaves the object alone */
static void test_ctor(void **state)
{
	struct machine *m = boot(true, true, "");
	struct kmem_cache *s =
		kmem_cache_create(m, "ctor_cache", 64, 0, 0, true, 0, 0);
	unsigned long a, b;
	(void)state;

	assert_non_null(s);
	assert_true(freeptr_outside_object(s));
	a = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_bytes(m, a, KM_CTOR_PATTERN, 64);
	mem(m, a)[5] = 0x41;
	assert_int_equal(kmem_cache_free(m, s, a), 0);
	assert_int_equal(mem(m, a)[5], 0x41);
	b = kmem_cache_zalloc(m, s, GFP_KERNEL);
	assert_int_equal(b, a);
	assert_int_equal(mem(m, b)[5], 0x41);
	assert_bytes(m, b, KM_CTOR_PATTERN, 5);
	assert_bytes(m, b + 6, KM_CTOR_PATTERN, 58);
	assert_int_equal(kmem_cache_free(m, s, b), 0);
	kmem_cache_destroy(m, s);
	check_and_destroy(m);

	/* without init_on_alloc, __GFP_ZERO zeroes even a ctor cache */
	m = boot(false, false, "");
	s = kmem_cache_create(m, "ctor_cache", 64, 0, 0, true, 0, 0);
	a = kmem_cache_zalloc(m, s, GFP_KERNEL);
	assert_bytes(m, a, 0, 64);
	assert_int_equal(kmem_cache_free(m, s, a), 0);
	kmem_cache_destroy(m, s);
	check_and_destroy(m);
}

/* SLAB_TYPESAFE_BY_RCU: readers may still look at a freed object */
static void test_typesafe_by_rcu(void **state)
{
	struct machine *m = boot(true, true, "");
	struct kmem_cache *s = kmem_cache_create(
		m, "rcu_cache", 64, 0, SLAB_TYPESAFE_BY_RCU, false, 0, 0);
	unsigned long a, b;
	(void)state;

	assert_non_null(s);
	a = kmem_cache_alloc(m, s, GFP_KERNEL);
	memset(mem(m, a), 0x41, 64);
	assert_int_equal(kmem_cache_free(m, s, a), 0);
	assert_bytes(m, a, 0x41, 64); /* the pointer is outside */
	b = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(b, a);
	assert_bytes(m, b, 0x41, 64);
	assert_int_equal(kmem_cache_free(m, s, b), 0);
	b = kmem_cache_zalloc(m, s, GFP_KERNEL);
	assert_bytes(m, b, 0, 64);
	assert_int_equal(kmem_cache_free(m, s, b), 0);
	kmem_cache_destroy(m, s);
	check_and_destroy(m);
}

/*
 * slab_debug=ZU on kmalloc-64 with init_on_free: the wipe zeroes the
 * request's bytes and the tracks, keeps the kmalloc red zone (past the
 * request), the outside free pointer and orig_size; free then writes its
 * own track, so the alloc track is gone.
 */
static void test_redzone_tracks(void **state)
{
	struct machine *m = boot(false, true, "ZU,kmalloc-64");
	struct kmem_cache *s;
	struct km_track t;
	const char *caller;
	unsigned long a, x;
	(void)state;

	snprintf(m->caller, sizeof(m->caller), "test:1");
	a = kmalloc(m, 40, GFP_KERNEL);
	x = kmalloc(m, 64, GFP_KERNEL); /* keeps the slab in use */
	s = virt_to_page(m, a)->slab_cache;
	assert_true(freeptr_outside_object(s));
	assert_bytes(m, a + 40, SLUB_RED_ACTIVE, 24);
	get_track_info(m, s, a, TRACK_ALLOC, &t, &caller);
	assert_true(t.addr != 0);
	memset(mem(m, a), 0x41, 40);
	snprintf(m->caller, sizeof(m->caller), "test:2");
	assert_int_equal(kfree(m, a), 0);
	assert_bytes(m, a, 0, 40);
	assert_bytes(m, a + 40, SLUB_RED_ACTIVE, 24);
	assert_bytes(m, a - s->red_left_pad, SLUB_RED_INACTIVE,
		     s->red_left_pad);
	assert_bytes(m, a + 64, SLUB_RED_INACTIVE, s->inuse - 64);
	assert_int_equal(get_orig_size(m, s, a), 40);
	get_track_info(m, s, a, TRACK_ALLOC, &t, &caller);
	assert_int_equal(t.addr, 0);
	get_track_info(m, s, a, TRACK_FREE, &t, &caller);
	assert_true(t.addr != 0);
	assert_int_equal(kfree(m, x), 0);
	check_and_destroy(m);
}

/* Pages: alloc_pages / __free_pages zero the page memory for real (order
 * 1 by memset, order 5 by a hole punched in the RAM memfd) */
static void test_pages(void **state)
{
	(void)state;

	for (int i = 0; i < 8; i++) {
		bool on_alloc = i & 1, on_free = i & 2;
		unsigned int order = i & 4 ? 5 : 1;
		unsigned long len = KM_PAGE_SIZE << order;
		struct machine *m = boot(on_alloc, on_free, "");
		struct page *pg = alloc_pages(m, GFP_KERNEL, order), *again;
		unsigned long va = page_address(m, pg);

		memset(mem(m, va), 0x41, len);
		assert_int_equal(__free_pages(m, pg, order), 0);
		assert_bytes(m, va, on_free ? 0 : 0x41, len);
		again = alloc_pages(m, GFP_KERNEL, order);
		assert_ptr_equal(again, pg);
		assert_bytes(m, va, on_alloc || on_free ? 0 : 0x41, len);
		/* and the memory is usable afterwards */
		memset(mem(m, va), 0x42, len);
		assert_bytes(m, va, 0x42, len);
		assert_int_equal(__free_pages(m, again, order), 0);
		check_and_destroy(m);
	}
}

/* With init_on_free, post_alloc_hook() trusts that free pages are zero:
 * a stray write into a free page survives even __GFP_ZERO */
static void test_pages_zero_skipped(void **state)
{
	struct machine *m = boot(false, true, "");
	struct page *pg = alloc_pages(m, GFP_KERNEL, 0), *again;
	unsigned long va = page_address(m, pg);
	(void)state;

	assert_int_equal(__free_pages(m, pg, 0), 0);
	mem(m, va)[100] = 0x41;
	again = alloc_pages(m, GFP_KERNEL | __GFP_ZERO, 0);
	assert_ptr_equal(again, pg);
	assert_int_equal(mem(m, va)[100], 0x41);
	assert_int_equal(__free_pages(m, again, 0), 0);
	assert_int_equal(mem(m, va)[100], 0);
	check_and_destroy(m);

	m = boot(false, false, "");
	pg = alloc_pages(m, GFP_KERNEL, 0);
	va = page_address(m, pg);
	assert_int_equal(__free_pages(m, pg, 0), 0);
	mem(m, va)[100] = 0x41;
	again = alloc_pages(m, GFP_KERNEL | __GFP_ZERO, 0);
	assert_ptr_equal(again, pg);
	assert_int_equal(mem(m, va)[100], 0);
	assert_int_equal(__free_pages(m, again, 0), 0);
	check_and_destroy(m);
}

/* A large kmalloc is pages: zeroed by the page allocator's hooks */
static void test_kmalloc_large(void **state)
{
	struct machine *m = boot(true, false, "");
	unsigned long a = kmalloc(m, 3 * KM_PAGE_SIZE, GFP_KERNEL);
	(void)state;

	assert_true(a != 0);
	memset(mem(m, a), 0x41, 4 * KM_PAGE_SIZE);
	assert_int_equal(kfree(m, a), 0);
	assert_int_equal(kmalloc(m, 3 * KM_PAGE_SIZE, GFP_KERNEL), a);
	assert_bytes(m, a, 0, 4 * KM_PAGE_SIZE);
	assert_int_equal(kfree(m, a), 0);
	check_and_destroy(m);
}

/* slab_debug=Z on a kmalloc cache without U keeps no orig_size:
 * kzalloc zeroes all of object_size */
static void test_kzalloc_redzone_only(void **state)
{
	struct machine *m = boot(false, false, "Z,kmalloc-64");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL), b;
	(void)state;

	memset(mem(m, a), 0x41, 64);
	assert_int_equal(kfree(m, a), 0);
	b = kzalloc(m, 40, GFP_KERNEL);
	assert_int_equal(b, a);
	assert_bytes(m, b, 0, 64);
	assert_int_equal(kfree(m, b), 0);
	check_and_destroy(m);
}

/* krealloc() to a size that still fits zeroes the spare tail with
 * init_on_alloc; a krealloc of a freed object writes over its free
 * pointer as the kernel would, and the model stays sound */
static void test_krealloc(void **state)
{
	struct machine *m = boot(true, false, "");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL), b;
	(void)state;

	memset(mem(m, a), 0x41, 64);
	assert_int_equal(krealloc(m, a, 40, GFP_KERNEL), a);
	assert_bytes(m, a, 0x41, 40);
	assert_bytes(m, a + 40, 0, 24);
	b = kmalloc(m, 64, GFP_KERNEL); /* keeps the slab in use */
	assert_int_equal(kfree(m, a), 0);
	assert_int_equal(krealloc(m, a, 8, GFP_KERNEL), a);
	assert_int_equal(kfree(m, b), 0);
	check_and_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_line),
		cmocka_unit_test(test_kmalloc_off),
		cmocka_unit_test(test_kmalloc_init_on_alloc),
		cmocka_unit_test(test_kmalloc_init_on_free),
		cmocka_unit_test(test_poison),
		cmocka_unit_test(test_ctor),
		cmocka_unit_test(test_typesafe_by_rcu),
		cmocka_unit_test(test_redzone_tracks),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_pages_zero_skipped),
		cmocka_unit_test(test_kmalloc_large),
		cmocka_unit_test(test_kzalloc_redzone_only),
		cmocka_unit_test(test_krealloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
