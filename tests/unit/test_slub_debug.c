// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_debug (src/mm/slub_debug.c and its hooks in slub.c): the debug
 * geometry of calculate_sizes() derived by hand for several caches and
 * flag sets, the bytes init_object() writes, every report (red zones,
 * poison, double free, use after free caught on the next allocation,
 * corrupt free pointers with and without debugging), the kernel's own
 * lib/slub_kunit.c cases with their error counts, and the oopses of
 * kernel_access() (poke/peek). mm_check() == 0 after every case: a
 * learner's corruption never breaks the model.
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

#include "kmemlab/machine.h"
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"

static struct machine *boot_debug(const char *slub_debug)
{
	struct machine_config cfg;

	assert_int_equal(machine_preset(&cfg, "default"), 0);
	snprintf(cfg.slub_debug, sizeof(cfg.slub_debug), "%s", slub_debug);
	return boot_config(&cfg);
}

static void poke(struct machine *m, unsigned long addr, const void *bytes,
		 unsigned long len)
{
	unsigned char buf[64];

	memcpy(buf, bytes, len);
	assert_int_equal(kernel_access(m, addr, buf, len, true, "poke"), 0);
}

static unsigned char byte_at(struct machine *m, unsigned long addr)
{
	return *(unsigned char *)km_ptr(m, addr);
}

/* --- geometry --------------------------------------------------------------
 */

struct geo {
	const char *cache;
	unsigned int size, objs, order, inuse, offset, red_left_pad;
};

static void check_geo(struct machine *m, const struct geo *g)
{
	struct kmem_cache *s = kmem_cache_find_by_name(m, g->cache);

	assert_non_null(s);
	if (s->size != g->size || oo_objects(s->oo) != g->objs ||
	    oo_order(s->oo) != g->order || s->inuse != g->inuse ||
	    s->offset != g->offset || s->red_left_pad != g->red_left_pad)
		fail_msg("%s: size %u objs %u order %u inuse %u offset %u "
			 "rlp %u",
			 g->cache, s->size, oo_objects(s->oo), oo_order(s->oo),
			 s->inuse, s->offset, s->red_left_pad);
}

/*
 * calculate_sizes() by hand, 2 CPUs (min_objects 12), x = ALIGN(size, 8):
 * Z adds 8 when x == object_size (inuse); the free pointer goes after
 * inuse (+8) with P, or with Z on a kmalloc cache with U (orig_size);
 * U adds two 32-byte tracks, +8 orig_size on kmalloc caches; Z adds the
 * 8-byte pad and red_left_pad = ALIGN(8, align); then ALIGN(size, align).
 */
static void test_geometry_fzpu(void **state)
{
	(void)state;
	struct machine *m = boot_debug("FZPU");
	static const struct geo g[] = {
		/* 8 -> 16 inuse, fp 16 -> 24, +64 +8 = 96, +8 = 104, +8 rlp
		 * = 112; 4096 / 112 = 36 (waste 64) */
		{"kmalloc-8", 112, 36, 0, 16, 16, 8},
		/* 64 -> 72, fp 72 -> 80, 144, 152, 160, rlp 64 -> 224 ->
		 * ALIGN 64 = 256; 16 a page */
		{"kmalloc-64", 256, 16, 0, 72, 72, 64},
		/* align 32: 96 -> 104, fp -> 112, 176, 184, 192, rlp 32 ->
		 * 224; 18 a page, waste 64 */
		{"kmalloc-96", 224, 18, 0, 104, 104, 32},
		/* align 64: 200, 208, 272, 280, 288, rlp 64 -> 352 -> 384;
		 * 12 * 384 needs order 1: 21, waste 128 */
		{"kmalloc-192", 384, 21, 1, 200, 200, 64},
		/* align 1024: 1032 1040 1104 1112 1120, rlp 1024 -> 2144 ->
		 * 3072; min_objects min(12, 32768 / 3072 = 10) -> order 3 */
		{"kmalloc-1k", 3072, 10, 3, 1032, 1032, 1024},
		/* align 4096: 4104 ... 4192 + 4096 -> 12288: 2 per order 3 */
		{"kmalloc-4k", 12288, 2, 3, 4104, 4104, 4096},
		/* not kmalloc, HWCACHE 72 -> align 64: 72 -> 80, fp -> 88,
		 * +64 = 152, +8 = 160, rlp 64 -> 224 -> 256 */
		{"kmem_cache_node", 256, 16, 0, 80, 80, 64},
	};

	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		check_geo(m, &g[i]);
	/* a cache made later gets the boot flags too: 192 HWCACHE (align
	 * 64): 200, fp 208, +64 = 272, +8 = 280, rlp 64 -> 344 -> 384 */
	struct kmem_cache *d = kmem_cache_create(
		m, "dentry", 192, 0, SLAB_HWCACHE_ALIGN, false, 0, 0);
	assert_non_null(d);
	check_geo(m, &(struct geo){"dentry", 384, 21, 1, 200, 200, 64});
	/* debug caches: no cpu partial, unmergeable, sysfs flags */
	assert_string_equal(sysfs(m, "kmalloc-64/cpu_partial"), "0\n");
	assert_string_equal(sysfs(m, "kmalloc-64/red_zone"), "1\n");
	assert_string_equal(sysfs(m, "kmalloc-64/poison"), "1\n");
	assert_string_equal(sysfs(m, "kmalloc-64/store_user"), "1\n");
	assert_string_equal(sysfs(m, "kmalloc-64/sanity_checks"), "1\n");
	assert_string_equal(sysfs(m, "kmalloc-64/trace"), "0\n");
	assert_string_equal(sysfs(m, "dentry/slab_size"), "384\n");
	struct kmem_cache *d2 = kmem_cache_create(
		m, "dentry2", 192, 0, SLAB_HWCACHE_ALIGN, false, 0, 0);
	assert_ptr_not_equal(d2, d);
	/* ksize of a red-zoned object is its object_size */
	unsigned long p = kmalloc(m, 40, GFP_KERNEL);
	assert_int_equal(ksize(m, p), 64);
	kfree(m, p);
	/* the no_hash_pointers notice slab_debug forces */
	assert_non_null(strstr(m->log, "**   NOTICE NOTICE NOTICE"));
	kmem_cache_destroy(m, d);
	kmem_cache_destroy(m, d2);
	check_and_destroy(m);
}

static void test_geometry_single_flags(void **state)
{
	(void)state;
	struct machine *m;

	/* Z: 64 -> 72 inuse, pointer mid-object (32), +8 = 80, rlp 64 ->
	 * 144 -> 192 */
	m = boot_debug("Z");
	check_geo(m, &(struct geo){"kmalloc-64", 192, 21, 0, 72, 32, 64});
	/* Z on 8 bytes: object_size < 8 is false, x == object_size: 16
	 * inuse, pointer at ALIGN_DOWN(4, 8) = 0, +8 = 24, +8 = 32 */
	check_geo(m, &(struct geo){"kmalloc-8", 32, 128, 0, 16, 0, 8});
	check_and_destroy(m);
	/* P: inuse 64, pointer after it: 72 -> ALIGN 64 = 128 */
	m = boot_debug("P");
	check_geo(m, &(struct geo){"kmalloc-64", 128, 32, 0, 64, 64, 0});
	check_and_destroy(m);
	/* U: pointer mid-object, 64 + 64 + 8 = 136 -> 192 */
	m = boot_debug("U");
	check_geo(m, &(struct geo){"kmalloc-64", 192, 21, 0, 64, 32, 0});
	check_and_destroy(m);
	/* a list: only kmalloc-32 gets Z and U; 32 -> 40, orig_size puts
	 * the pointer at 40 -> 48, +64 +8 = 120, +8 = 128, rlp 32 -> 160 */
	m = boot_debug("ZU,kmalloc-32");
	check_geo(m, &(struct geo){"kmalloc-32", 160, 25, 0, 40, 40, 32});
	check_geo(m, &(struct geo){"kmalloc-64", 64, 64, 0, 64, 32, 0});
	assert_string_equal(sysfs(m, "kmalloc-64/cpu_partial"), "120\n");
	check_and_destroy(m);
	/* O: kmalloc-4k would grow from order 0 to order 2 (12288): its
	 * Z, P and U go, F stays; kmalloc-64 keeps them (256 is order 0) */
	m = boot_debug("FZPUO");
	check_geo(m, &(struct geo){"kmalloc-4k", 4096, 8, 3, 4096, 2048, 0});
	assert_string_equal(sysfs(m, "kmalloc-4k/sanity_checks"), "1\n");
	assert_string_equal(sysfs(m, "kmalloc-4k/red_zone"), "0\n");
	check_geo(m, &(struct geo){"kmalloc-64", 256, 16, 0, 72, 72, 64});
	check_and_destroy(m);
	/* an unknown letter is reported and skipped */
	m = boot_debug("FX");
	assert_non_null(strstr(m->log, "slab_debug option 'X' unknown. "
				       "skipped"));
	assert_string_equal(sysfs(m, "kmalloc-64/sanity_checks"), "1\n");
	check_and_destroy(m);
}

/* --- the bytes -------------------------------------------------------------
 */

static void test_object_bytes(void **state)
{
	(void)state;
	struct machine *m = boot_debug("FZPU");
	struct kmem_cache *s = kmem_cache_find_by_name(m, "kmalloc-64");
	unsigned long a = kmalloc(m, 56, GFP_KERNEL);

	/* allocated: left red zone 0xcc, body poison up to orig_size 56
	 * (6b... a5), then kmalloc red zone and right red zone 0xcc */
	assert_int_equal(byte_at(m, a - 1), SLUB_RED_ACTIVE);
	assert_int_equal(byte_at(m, a - 64), SLUB_RED_ACTIVE);
	assert_int_equal(byte_at(m, a), POISON_FREE);
	assert_int_equal(byte_at(m, a + 54), POISON_FREE);
	assert_int_equal(byte_at(m, a + 55), POISON_END);
	assert_int_equal(byte_at(m, a + 56), SLUB_RED_ACTIVE);
	assert_int_equal(byte_at(m, a + 71), SLUB_RED_ACTIVE);
	/* orig_size after the tracks; padding 0x5a */
	unsigned long orig;

	memcpy(&orig, km_ptr(m, a + 72 + 8 + 64), 8);
	assert_int_equal(orig, 56);
	assert_int_equal(byte_at(m, a + 152), POISON_INUSE);
	assert_int_equal(byte_at(m, a + 191), POISON_INUSE);
	/* the alloc track names the caller */
	struct km_track t;
	const char *caller;

	snprintf(m->caller, sizeof(m->caller), "repl:7");
	m->jiffies = 10;
	kfree(m, a);
	get_track_info(m, s, a, TRACK_FREE, &t, &caller);
	assert_string_equal(caller, "repl:7");
	assert_int_equal(t.when, 10);
	/* free: red zones 0xbb, body 6b ... a5 over the whole object */
	assert_int_equal(byte_at(m, a - 1), SLUB_RED_INACTIVE);
	assert_int_equal(byte_at(m, a + 56), POISON_FREE);
	assert_int_equal(byte_at(m, a + 63), POISON_END);
	assert_int_equal(byte_at(m, a + 64), SLUB_RED_INACTIVE);
	/* kzalloc clears only the request: the tail stays red zone */
	unsigned long z = kzalloc(m, 20, GFP_KERNEL);
	assert_int_equal(byte_at(m, z + 19), 0);
	assert_int_equal(byte_at(m, z + 20), SLUB_RED_ACTIVE);
	kfree(m, z);
	check_and_destroy(m);
}

/* --- reports ------------------------------------------------------------- */

static void test_right_redzone_at_free(void **state)
{
	(void)state;
	struct machine *m = boot_debug("FZPU");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long slab = a & ~0xfffUL, off = a - slab;
	char want[4096];
	size_t from;

	snprintf(m->caller, sizeof(m->caller), "batch:1");
	poke(m, a + 64, "AB", 2);
	from = m->log_len;
	assert_int_equal(kfree(m, a), -EINVAL);
	/* the object stays allocated (leaked), the bytes are restored */
	assert_int_equal(byte_at(m, a + 64), SLUB_RED_ACTIVE);
	snprintf(want, sizeof(want),
		 "[Right Redzone overwritten] 0x%016lx-0x%016lx @offset=%lu. "
		 "First byte 0x41 instead of 0xcc\n"
		 "======================================================="
		 "======================\n"
		 "BUG kmalloc-64 (Not tainted): Object corrupt\n"
		 "-------------------------------------------------------"
		 "----------------------\n"
		 "\n",
		 a + 64, a + 65, off + 64);
	log_has(m, from, want);
	snprintf(want, sizeof(want), "Object 0x%016lx @offset=%lu fp=0x", a,
		 off);
	log_has(m, from, want);
	snprintf(want, sizeof(want),
		 "Redzone  %016lx: cc cc cc cc cc cc cc cc cc cc cc cc cc cc "
		 "cc cc  ................\n",
		 a - 64);
	log_has(m, from, want);
	snprintf(want, sizeof(want),
		 "Redzone  %016lx: 41 42 cc cc cc cc cc cc"
		 "                          AB......\n",
		 a + 64);
	log_has(m, from, want);
	log_has(m, from,
		"WARNING: CPU: 0 PID: 1 at mm/slub.c:1127 object_err\n");
	snprintf(want, sizeof(want),
		 "FIX kmalloc-64: Restoring Right Redzone 0x%016lx-0x%016lx="
		 "0xcc\nFIX kmalloc-64: Object at 0x%016lx not freed\n",
		 a + 64, a + 65, a);
	log_has(m, from, want);
	assert_true(m->taint_flags & TAINT_BAD_PAGE);
	/* now intact: it frees */
	assert_int_equal(kfree(m, a), 0);
	check_and_destroy(m);
}

static void test_left_redzone_and_double_free(void **state)
{
	(void)state;
	struct machine *m = boot_debug("FZPU");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long b = kmalloc(m, 64, GFP_KERNEL);
	size_t from = m->log_len;
	long errors;

	poke(m, b - 8, "\x11", 1);
	assert_int_equal(kfree(m, b), -EINVAL);
	log_has(m, from, "[Left Redzone overwritten] 0x");
	log_has(m, from, "First byte 0x11 instead of 0xcc\n");
	assert_int_equal(kfree(m, b), 0);
	/* double free with F: on_freelist() finds it */
	from = m->log_len;
	assert_int_equal(kfree(m, b), -EINVAL);
	log_has(m, from,
		"BUG kmalloc-64 (Tainted: G    B   W         ): "
		"Object already free\n");
	log_has(m, from, "Freed in ");
	log_has(m, from, "FIX kmalloc-64: Object at 0x");
	/* an address inside an object */
	from = m->log_len;
	assert_int_equal(kfree(m, a + 8), -EINVAL);
	log_has(m, from, "): Invalid object pointer 0x");
	assert_int_equal(kfree(m, a), 0);
	assert_int_equal(
		validate_slab_cache(m, kmem_cache_find_by_name(m, "kmalloc-64"),
				    &errors),
		1);
	assert_int_equal(errors, 0);
	check_and_destroy(m);
}

/* A write after free, caught when the object is handed out again */
static void test_uaf_caught_on_alloc(void **state)
{
	(void)state;
	struct machine *m = boot_debug("FZPU");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long b, c;
	size_t from;

	assert_int_equal(kfree(m, a), 0);
	poke(m, a + 8, "BBBB", 4);
	from = m->log_len;
	b = kmalloc(m, 64, GFP_KERNEL);
	/* a was the head: its check fails, the slab is disabled, and the
	 * object comes from a new slab */
	assert_int_not_equal(b, 0);
	assert_int_not_equal(b & ~0xfffUL, a & ~0xfffUL);
	log_has(m, from, "[Poison overwritten] 0x");
	log_has(m, from, "First byte 0x42 instead of 0x6b\n");
	log_has(m, from, "FIX kmalloc-64: Restoring Poison 0x");
	log_has(m, from, "FIX kmalloc-64: Marking all objects used\n");
	/* a free into the disabled slab is refused by check_slab() */
	c = kmalloc(m, 64, GFP_KERNEL);
	assert_int_not_equal(c, 0);
	check_and_destroy(m);
}

/* A free pointer (outside the object with P) overwritten while free */
static void test_freepointer_corrupt_debug(void **state)
{
	(void)state;
	struct machine *m = boot_debug("FZPU");
	struct kmem_cache *s = kmem_cache_find_by_name(m, "kmalloc-64");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long junk = 0x4141414141414141UL;
	size_t from;
	long errors;

	kmalloc(m, 64, GFP_KERNEL);
	assert_int_equal(kfree(m, a), 0);
	poke(m, a + s->offset, &junk, 8);
	from = m->log_len;
	assert_int_equal(validate_slab_cache(m, s, &errors), 1);
	/* on_freelist(): "Freechain corrupt" at a, then the count */
	log_has(m, from, "): Freechain corrupt\n");
	log_has(m, from,
		"): Wrong object count. Counter is 1 but counted "
		"were 15\n");
	log_has(m, from, "FIX kmalloc-64: Object count adjusted\n");
	/* then the first lost object is checked as allocated: its 0xbb
	 * red zones are reported (and set to 0xcc), as in the kernel:
	 * 3 + 2 (Left Redzone) + 2 (Right Redzone) */
	log_has(m, from, "[Left Redzone overwritten] 0x");
	assert_int_equal(errors, 7);
	/* the chain ends at a now: 14 objects lost, counted in use */
	assert_string_equal(sysfs(m, "kmalloc-64/objects"), "15 N0=15\n");
	check_and_destroy(m);
}

/* --- lib/slub_kunit.c ------------------------------------------------------
 */

static struct kmem_cache *kunit_cache(struct machine *m, const char *name,
				      unsigned int size, slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_create(
		m, name, size, 0, flags | SLAB_NO_USER_FLAGS, false, 0, 0);

	assert_non_null(s);
	return s;
}

static void test_kunit_cases(void **state)
{
	(void)state;
	struct machine *m = boot_debug("");
	struct kmem_cache *s;
	unsigned long p, tmp;
	long errors;
	unsigned char x;

	/* test_clobber_zone: p[64] of a live object: 2 */
	s = kunit_cache(m, "TestSlub_RZ_alloc", 64, SLAB_RED_ZONE);
	p = kmem_cache_alloc(m, s, GFP_KERNEL);
	poke(m, p + 64, "\x12", 1);
	validate_slab_cache(m, s, &errors);
	assert_int_equal(errors, 2);
	assert_int_equal(kmem_cache_free(m, s, p), 0);
	kmem_cache_destroy(m, s);

	/* test_next_pointer: 3, then 2 after mending, then 0 */
	s = kunit_cache(m, "TestSlub_next_ptr_free", 64, SLAB_POISON);
	p = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(kmem_cache_free(m, s, p), 0);
	memcpy(&tmp, km_ptr(m, p + s->offset), 8);
	x = (unsigned char)~byte_at(m, p + s->offset);
	poke(m, p + s->offset, &x, 1);
	validate_slab_cache(m, s, &errors);
	assert_int_equal(errors, 3);
	poke(m, p + s->offset, &tmp, 8);
	validate_slab_cache(m, s, &errors);
	assert_int_equal(errors, 2);
	validate_slab_cache(m, s, &errors);
	assert_int_equal(errors, 0);
	kmem_cache_destroy(m, s);

	/* test_first_word, test_clobber_50th_byte: 2 each */
	s = kunit_cache(m, "TestSlub_1th_word_free", 64, SLAB_POISON);
	p = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(kmem_cache_free(m, s, p), 0);
	poke(m, p, "\x78", 1);
	validate_slab_cache(m, s, &errors);
	assert_int_equal(errors, 2);
	kmem_cache_destroy(m, s);
	s = kunit_cache(m, "TestSlub_50th_word_free", 64, SLAB_POISON);
	p = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(kmem_cache_free(m, s, p), 0);
	poke(m, p + 50, "\x9a", 1);
	validate_slab_cache(m, s, &errors);
	assert_int_equal(errors, 2);
	kmem_cache_destroy(m, s);

	/* test_clobber_redzone_free: 2 */
	s = kunit_cache(m, "TestSlub_RZ_free", 64, SLAB_RED_ZONE);
	p = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(kmem_cache_free(m, s, p), 0);
	poke(m, p + 64, "\xab", 1);
	validate_slab_cache(m, s, &errors);
	assert_int_equal(errors, 2);
	kmem_cache_destroy(m, s);
	check_and_destroy(m);

	/* test_kmalloc_redzone_access: an 18-byte kmalloc from a Z+U
	 * kmalloc cache, bytes 18 and 19 written: 2 */
	m = boot_debug("ZU,kmalloc-32");
	s = kmem_cache_find_by_name(m, "kmalloc-32");
	p = kmalloc(m, 18, GFP_KERNEL);
	poke(m, p + 18, "\xab\xab", 2);
	size_t from = m->log_len;

	validate_slab_cache(m, s, &errors);
	assert_int_equal(errors, 2);
	log_has(m, from, "[kmalloc Redzone overwritten] 0x");
	assert_int_equal(kfree(m, p), 0);
	check_and_destroy(m);
}

/* --- without slab_debug ----------------------------------------------------
 */

static void test_freepointer_corrupt_nodebug(void **state)
{
	(void)state;
	struct machine *m = boot_debug("");
	struct kmem_cache *s = kmem_cache_find_by_name(m, "kmalloc-64");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long junk = 0x4141414141414141UL, b, c;
	size_t from;

	kmalloc(m, 64, GFP_KERNEL);
	assert_int_equal(kfree(m, a), 0);
	/* a is the cpu freelist's head; its pointer mid-object (32) */
	poke(m, a + s->offset, &junk, 8);
	assert_int_equal(mm_check(m), 0);
	b = kmalloc(m, 64, GFP_KERNEL);
	assert_int_equal(b, a); /* a's pointer is read, not followed */
	from = m->log_len;
	c = kmalloc(m, 64, GFP_KERNEL);
	assert_int_equal(c, 0); /* the hardened decode is garbage: #GP */
	log_has(m, from,
		"Oops: general protection fault, probably for "
		"non-canonical address 0x");
	log_has(m, from, "RIP: 0010:slab_alloc_node\n");
	assert_true(m->taint_flags & TAINT_DIE);
	assert_int_equal(mm_check(m), 0);
	/* the slab's free objects went out of use: a new slab serves */
	c = kmalloc(m, 64, GFP_KERNEL);
	assert_int_not_equal(c, 0);
	assert_int_not_equal(c & ~0xfffUL, a & ~0xfffUL);
	assert_int_equal(kfree(m, b), 0);

	/* a pointer planted at an object in use: the kernel hands it out
	 * twice, and so does kmemlab */
	unsigned long d = kmalloc(m, 64, GFP_KERNEL);
	unsigned long e = kmalloc(m, 64, GFP_KERNEL);
	unsigned long enc = e ^ s->random ^ __builtin_bswap64(d + s->offset);

	assert_int_equal(kfree(m, d), 0);
	poke(m, d + s->offset, &enc, 8);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), d);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), e);
	assert_int_equal(mm_check(m), 0);
	/* a pointer into another page of the direct map: the kernel would
	 * hand that out; kmemlab says so and isolates the slab */
	unsigned long f = kmalloc(m, 64, GFP_KERNEL);
	unsigned long far = a + 0x100000;

	assert_int_equal(kfree(m, f), 0);
	enc = far ^ s->random ^ __builtin_bswap64(f + s->offset);
	poke(m, f + s->offset, &enc, 8);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), f);
	from = m->log_len;
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), 0);
	log_has(m, from,
		"which is not a free object: the kernel would hand "
		"it out");
	assert_int_equal(kfree(m, e), 0);
	check_and_destroy(m);
}

/* --- kernel_access: the oopses of poke and peek -----------------------------
 */

static void test_kernel_access_faults(void **state)
{
	(void)state;
	struct machine *m = boot_debug("");
	unsigned long v = vmalloc(m, 4096);
	unsigned char buf[16] = {0};
	size_t from;

	assert_int_not_equal(v, 0);
	/* the guard page after the area: write */
	from = m->log_len;
	assert_int_equal(kernel_access(m, v + 4090, buf, 16, true, "poke"),
			 -EFAULT);
	{
		char want[1024];
		uint64_t e[5];

		/* dump_pagetable(): the walk reaches the guard page's PTE,
		 * which is empty; the P4D is the folded PGD entry */
		assert_int_equal(pgtable_dump_entries(m, v + 4096, e), 5);
		assert_true(e[0] == e[1] && (e[2] & 1) && (e[3] & 1));
		assert_true(e[4] == 0);
		/* no event sink: no frames in the Call Trace */
		snprintf(want, sizeof(want),
			 "BUG: unable to handle page fault for address: "
			 "%016lx\n#PF: supervisor write access in kernel mode\n"
			 "#PF: error_code(0x0002) - not-present page\n"
			 "PGD %lx P4D %lx PUD %lx PMD %lx PTE 0\n"
			 "Oops: Oops: 0002 [#1] PREEMPT SMP NOPTI\n"
			 "CPU: 0 UID: 0 PID: 1 Comm: kmemlab Not tainted "
			 "6.12.0-kmemlab #1\n"
			 "Hardware name: kmemlab simulated machine\n"
			 "RIP: 0010:poke\n"
			 "Call Trace:\n <TASK>\n </TASK>\n"
			 "Modules linked in:\n"
			 "CR2: %016lx\n"
			 "---[ end trace 0000000000000000 ]---\n",
			 v + 4096, (unsigned long)e[0], (unsigned long)e[1],
			 (unsigned long)e[2], (unsigned long)e[3], v + 4096);
		log_has(m, from, want);
	}
	/* nothing written before the fault */
	assert_int_equal(*(unsigned char *)kernel_addr_host_ptr(m, v + 4090),
			 0);
	/* read */
	from = m->log_len;
	assert_int_equal(kernel_access(m, v + 4096, buf, 8, false, "peek"),
			 -EFAULT);
	log_has(m, from,
		"#PF: supervisor read access in kernel mode\n"
		"#PF: error_code(0x0000) - not-present page\nPGD ");
	log_has(m, from,
		" PTE 0\nOops: Oops: 0000 [#2] PREEMPT SMP NOPTI\n"
		"CPU: 0 UID: 0 PID: 1 Comm: kmemlab Tainted: G      D     "
		"       6.12.0-kmemlab #1\n"
		"Tainted: [D]=DIE\n");
	/* NULL and ZERO_SIZE_PTR: nothing maps the PGD slot of address 0 */
	from = m->log_len;
	assert_int_equal(kernel_access(m, 16, buf, 1, true, "poke"), -EFAULT);
	log_has(m, from,
		"BUG: kernel NULL pointer dereference, address: "
		"0000000000000010\n"
		"#PF: supervisor write access in kernel mode\n"
		"#PF: error_code(0x0002) - not-present page\n"
		"PGD 0 P4D 0 \n"
		"Oops: Oops: 0002 [#3] PREEMPT SMP NOPTI\n");
	log_has(m, from, "CR2: 0000000000000010\n");
	/* non-canonical: #GP */
	from = m->log_len;
	assert_int_equal(
		kernel_access(m, 0x4141414141414141UL, buf, 1, true, "poke"),
		-EFAULT);
	log_has(m, from,
		"Oops: general protection fault, probably for "
		"non-canonical address 0x4141414141414141: 0000 [#4] "
		"PREEMPT SMP NOPTI\n");
	/* a #GP has no page-table dump and no CR2 */
	assert_null(strstr(m->log + from, "PGD "));
	assert_null(strstr(m->log + from, "CR2: "));
	log_has(m, from, "Modules linked in:\n---[ end trace");
	/* a freed and purged area */
	vfree(m, v);
	vmalloc_purge(m);
	assert_int_equal(kernel_access(m, v, buf, 1, false, "peek"), -EFAULT);
	/* the direct map is written for real, page tables are refused */
	unsigned long k = kmalloc(m, 8, GFP_KERNEL);
	assert_int_equal(kernel_access(m, k, "zz", 2, true, "poke"), 0);
	assert_int_equal(byte_at(m, k + 1), 'z');
	kfree(m, k);
	struct page *pt = NULL;

	for (unsigned long pfn = 0; pfn < m->nr_pages && !pt; pfn++)
		if (PageTable(pfn_to_page(m, pfn)))
			pt = pfn_to_page(m, pfn);
	assert_non_null(pt);
	assert_int_equal(
		kernel_access(m, page_address(m, pt), "z", 1, true, "poke"),
		-EPERM);
	check_and_destroy(m);
}

static void ignore_event(void *ctx, const struct mm_event *ev)
{
	(void)ctx;
	(void)ev;
}

/*
 * The Call Trace lists the kernel functions the command entered (each
 * mm_call while a sink collects events), newest first, each with "? ",
 * at most MM_CALL_RING; mm_command_begin() starts a new command's list.
 */
static void test_oops_call_trace(void **state)
{
	(void)state;
	struct machine *m = boot_debug("");
	unsigned long v = vmalloc(m, 4096), a0 = kmalloc(m, 64, GFP_KERNEL), a;
	unsigned char b = 0;
	size_t from;

	m->sink = ignore_event;
	mm_command_begin(m);
	a = kmalloc(m, 64, GFP_KERNEL); /* a0 made the cpu slab: fast path */
	assert_int_not_equal(a, 0);
	from = m->log_len;
	assert_int_equal(kernel_access(m, v + 4096, &b, 1, false, "peek"),
			 -EFAULT);
	log_has(m, from,
		"RIP: 0010:peek\nCall Trace:\n <TASK>\n ? exc_page_fault\n"
		" ? slab_alloc_node\n ? __kmalloc\n ? kmalloc\n </TASK>\n"
		"Modules linked in:\n");
	/* a new command: only its own functions */
	mm_command_begin(m);
	from = m->log_len;
	assert_int_equal(
		kernel_access(m, 0x4141414141414141UL, &b, 1, false, "peek"),
		-EFAULT);
	log_has(m, from,
		"Call Trace:\n <TASK>\n ? exc_general_protection\n"
		" </TASK>\n");
	/* the newest MM_CALL_RING only */
	mm_command_begin(m);
	for (int i = 0; i < 20; i++)
		assert_int_equal(kfree(m, kmalloc(m, 64, GFP_KERNEL)), 0);
	from = m->log_len;
	assert_int_equal(kernel_access(m, v + 4096, &b, 1, false, "peek"),
			 -EFAULT);
	{
		const char *t = strstr(m->log + from, " <TASK>\n");
		const char *end = t ? strstr(t, " </TASK>\n") : NULL;
		int frames = 0;

		assert_non_null(end);
		for (const char *p = t; p < end; p++)
			frames += p[0] == '\n' && p[1] == ' ' && p[2] == '?';
		assert_int_equal(frames, MM_CALL_RING);
	}
	m->sink = NULL;
	assert_int_equal(kfree(m, a), 0);
	assert_int_equal(kfree(m, a0), 0);
	check_and_destroy(m);
}

/* The slab's tail after the last object (slab_pad_check), an allocated
 * object's outside free pointer (check_object at kfree), SLAB_TRACE and
 * the sysfs validate file */
static void test_padding_trace_sysfs(void **state)
{
	(void)state;
	struct machine *m = boot_debug("FZPUT,kmalloc-96");
	struct kmem_cache *s = kmem_cache_find_by_name(m, "kmalloc-96");
	unsigned long a, b, base, junk = 0x4242424242424242UL;
	size_t from = m->log_len;
	long errors;

	a = kmalloc(m, 96, GFP_KERNEL);
	log_has(m, from, "TRACE kmalloc-96 alloc 0x");
	b = kmalloc(m, 96, GFP_KERNEL);
	/* 18 objects of 224 end at 4032: 64 bytes of slab padding */
	base = a & ~0xfffUL;
	assert_int_equal(byte_at(m, base + 4032), POISON_INUSE);
	poke(m, base + 4040, "\x01\x02", 2);
	from = m->log_len;
	validate_slab_cache(m, s, &errors);
	log_has(m, from, "): Padding overwritten. 0x");
	log_has(m, from, "FIX kmalloc-96: Restoring slab padding 0x");
	assert_int_equal(errors, 1);
	assert_int_equal(byte_at(m, base + 4040), POISON_INUSE);
	/* an allocated object's free pointer (outside with P) */
	poke(m, b + s->offset, &junk, 8);
	from = m->log_len;
	assert_int_equal(kfree(m, b), -EINVAL);
	log_has(m, from, "): Freepointer corrupt\n");
	log_has(m, from, "FIX kmalloc-96: Object at 0x");
	/* zapped to NULL: now it frees */
	assert_int_equal(kfree(m, b), 0);
	log_has(m, from, "TRACE kmalloc-96 free 0x");
	assert_int_equal(kfree(m, a), 0);
	/* sysfs validate: debug caches only */
	assert_int_equal(slub_sysfs_write(m, "kmalloc-96/validate", "1"), 0);
	assert_int_equal(slub_sysfs_write(m, "kmalloc-64/validate", "1"),
			 -EINVAL);
	assert_string_equal(sysfs(m, "kmalloc-96/trace"), "1\n");
	check_and_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_geometry_fzpu),
		cmocka_unit_test(test_geometry_single_flags),
		cmocka_unit_test(test_object_bytes),
		cmocka_unit_test(test_right_redzone_at_free),
		cmocka_unit_test(test_left_redzone_and_double_free),
		cmocka_unit_test(test_uaf_caught_on_alloc),
		cmocka_unit_test(test_freepointer_corrupt_debug),
		cmocka_unit_test(test_kunit_cases),
		cmocka_unit_test(test_freepointer_corrupt_nodebug),
		cmocka_unit_test(test_kernel_access_faults),
		cmocka_unit_test(test_oops_call_trace),
		cmocka_unit_test(test_padding_trace_sysfs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
