// SPDX-License-Identifier: GPL-2.0-only
/*
 * SLUB against a shadow model: 1,000,000 random operations (kmalloc of
 * 0..16 KiB with every kmalloc type, kfree, kmem_cache_alloc/free on
 * caches of several shapes, krealloc, CPU switches, shrink and flushes)
 * on 2 and 4 CPUs, and 250,000 with kmalloc_node/kmem_cache_alloc_node
 * on a two-node machine. Every returned object must be aligned, inside a slab
 * of the right cache (or a large kmalloc page), never handed out twice
 * while live; each live object carries its own byte pattern, checked
 * when it is freed, so no allocation can disturb another; slab_check()
 * runs every 1,000 operations and at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kmemlab/machine.h"
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"

#define NR_OPS 1000000
#define MAX_LIVE 3000
#define CHECK_EVERY 1000
#define HASH_SIZE 8192 /* power of two, > 2 * MAX_LIVE */

struct live {
	unsigned long addr;
	size_t size;		 /* bytes the pattern covers */
	struct kmem_cache *from; /* kmem_cache_alloc'ed from, or NULL */
	uint8_t pattern;
};

struct model {
	struct live live[MAX_LIVE];
	int nlive;
	unsigned long hash[HASH_SIZE]; /* live addresses, 0 = empty, 1 = gone */
	uint64_t rng;
};

static uint64_t rnd(struct model *md)
{
	uint64_t x = md->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return md->rng = x;
}

static unsigned int slot_of(unsigned long a)
{
	return (unsigned int)((a >> 3) * 0x9e3779b97f4a7c15ULL >> 51) &
	       (HASH_SIZE - 1);
}

static bool hash_has(struct model *md, unsigned long a)
{
	for (unsigned int i = slot_of(a);; i = (i + 1) & (HASH_SIZE - 1)) {
		if (md->hash[i] == a)
			return true;
		if (md->hash[i] == 0)
			return false;
	}
}

static void hash_add(struct model *md, unsigned long a)
{
	unsigned int i = slot_of(a);

	while (md->hash[i] > 1)
		i = (i + 1) & (HASH_SIZE - 1);
	md->hash[i] = a;
}

static void hash_del(struct model *md, unsigned long a)
{
	for (unsigned int i = slot_of(a);; i = (i + 1) & (HASH_SIZE - 1))
		if (md->hash[i] == a) {
			md->hash[i] = 1; /* tombstone */
			return;
		}
}

/* Tombstones pile up; rebuild the table now and then. */
static void hash_rebuild(struct model *md)
{
	memset(md->hash, 0, sizeof(md->hash));
	for (int i = 0; i < md->nlive; i++)
		hash_add(md, md->live[i].addr);
}

static void check_new(struct machine *m, struct model *md, unsigned long p,
		      size_t size, struct kmem_cache *want)
{
	struct page *slab;

	assert_true(p != 0);
	assert_false(hash_has(md, p));
	if (want) {
		slab = virt_to_slab(m, p);
		assert_non_null(slab);
		assert_ptr_equal(slab->slab_cache, want);
		assert_int_equal(p % want->align, 0);
		unsigned long off = p - slab_address(m, slab);
		assert_int_equal(off % want->size, 0);
		assert_true(off / want->size < slab->objects);
		assert_true(size <= want->object_size);
	} else {
		struct page *page = virt_to_page(m, p);

		assert_int_equal(p & (KM_PAGE_SIZE - 1), 0);
		assert_true(PageFlag(page, PG_large_kmalloc));
		assert_true((KM_PAGE_SIZE << page->compound_order) >= size);
	}
}

static void add_live(struct machine *m, struct model *md, unsigned long p,
		     size_t size, struct kmem_cache *from)
{
	struct live *l = &md->live[md->nlive++];

	l->addr = p;
	l->size = size;
	l->from = from;
	l->pattern = (uint8_t)(rnd(md) | 1);
	memset(km_ptr(m, p), l->pattern, size);
	hash_add(md, p);
}

static void check_pattern(struct machine *m, const struct live *l)
{
	const uint8_t *b = km_ptr(m, l->addr);

	for (size_t i = 0; i < l->size; i++)
		if (b[i] != l->pattern)
			fail_msg("object %#lx byte %zu is %#x, not %#x",
				 l->addr, i, b[i], l->pattern);
}

static void drop_live(struct model *md, int i)
{
	hash_del(md, md->live[i].addr);
	md->live[i] = md->live[--md->nlive];
}

static gfp_t random_gfp(struct model *md)
{
	switch (rnd(md) % 16) {
	case 0:
		return GFP_KERNEL_ACCOUNT;
	case 1:
		return GFP_KERNEL | __GFP_RECLAIMABLE;
	case 2:
		return GFP_KERNEL | __GFP_DMA;
	case 3:
		return GFP_KERNEL | __GFP_ZERO;
	default:
		return GFP_KERNEL;
	}
}

static void run(const char *preset, int cpus, uint64_t seed, long nr_ops)
{
	struct machine_config cfg;
	char err[256], buf[256];
	struct model *md = calloc(1, sizeof(*md));
	struct kmem_cache *caches[5];

	assert_non_null(md);
	md->rng = seed;
	machine_preset(&cfg, preset);
	cfg.nr_cpus = cpus;
	cfg.seed = seed;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	assert_non_null(m);
	caches[0] = kmem_cache_create(m, "p-dentry", 192, 0,
				      SLAB_HWCACHE_ALIGN | SLAB_RECLAIM_ACCOUNT,
				      false, 0, 0);
	caches[1] = kmem_cache_create(m, "p-inode", 616, 0, SLAB_NO_MERGE, true,
				      0, 0);
	caches[2] = kmem_cache_create(m, "p-tiny", 8, 0, 0, false, 0, 0);
	caches[3] = kmem_cache_create(m, "p-rcu", 200, 0, SLAB_TYPESAFE_BY_RCU,
				      false, 0, 0);
	caches[4] = kmem_cache_create(m, "p-big", 3000, 64, SLAB_ACCOUNT, false,
				      0, 0);
	for (int i = 0; i < 5; i++)
		assert_non_null(caches[i]);

	for (long op = 0; op < nr_ops; op++) {
		unsigned int r = (unsigned int)(rnd(md) % 100);

		if (r < 2) {
			m->cur_cpu = (int)(rnd(md) % (uint64_t)cpus);
		} else if (r < 40 && md->nlive < MAX_LIVE) {
			size_t size = rnd(md) % 16385;
			gfp_t gfp = random_gfp(md);
			/* on NUMA machines, half of them ask for a node */
			int node =
				m->nr_nodes > 1 && rnd(md) % 2
					? (int)(rnd(md) %
						(uint64_t)(m->nr_nodes + 1)) -
						  1
					: NUMA_NO_NODE;
			unsigned long p =
				node == NUMA_NO_NODE
					? kmalloc(m, size, gfp)
					: kmalloc_node(m, size, gfp, node);

			if (size == 0) {
				assert_int_equal(p, ZERO_SIZE_PTR);
				continue;
			}
			check_new(m, md, p, size, kmalloc_slab(m, size, gfp));
			if (gfp & __GFP_ZERO)
				for (size_t i = 0; i < size; i += 97)
					assert_int_equal(
						((uint8_t *)km_ptr(m, p))[i],
						0);
			add_live(m, md, p, size, NULL);
		} else if (r < 55 && md->nlive < MAX_LIVE) {
			struct kmem_cache *s = caches[rnd(md) % 5];
			int node =
				m->nr_nodes > 1 && rnd(md) % 2
					? (int)(rnd(md) % (uint64_t)m->nr_nodes)
					: NUMA_NO_NODE;
			unsigned long p =
				kmem_cache_alloc_node(m, s, GFP_KERNEL, node);

			/* a node with free memory gives a slab of that node */
			if (p && node != NUMA_NO_NODE)
				assert_int_equal(
					page_to_nid(m, virt_to_slab(m, p)),
					node);

			check_new(m, md, p, s->object_size, s);
			add_live(m, md, p, s->object_size, s);
		} else if (r < 95 && md->nlive) {
			int i = (int)(rnd(md) % (uint64_t)md->nlive);
			struct live *l = &md->live[i];

			check_pattern(m, l);
			if (l->from)
				assert_int_equal(
					kmem_cache_free(m, l->from, l->addr),
					0);
			else
				assert_int_equal(kfree(m, l->addr), 0);
			drop_live(md, i);
		} else if (r < 97 && md->nlive) {
			int i = (int)(rnd(md) % (uint64_t)md->nlive);
			struct live l = md->live[i];
			size_t size = 1 + rnd(md) % 12000;
			unsigned long p;

			if (l.from)
				continue;
			check_pattern(m, &l);
			drop_live(md, i);
			p = krealloc(m, l.addr, size, GFP_KERNEL);
			if (p == l.addr) /* in place: ksize(p) >= size */
				assert_true(ksize(m, p) >= size);
			else
				check_new(m, md, p, size,
					  kmalloc_slab(m, size, GFP_KERNEL));
			/* the old contents moved along */
			for (size_t k = 0; k < size && k < l.size; k += 61)
				assert_int_equal(((uint8_t *)km_ptr(m, p))[k],
						 l.pattern);
			add_live(m, md, p, size, NULL);
		} else if (r == 97) {
			kmem_cache_shrink(m, caches[rnd(md) % 5]);
		} else if (r == 98 && rnd(md) % 8 == 0) {
			/* flush_all through sysfs */
			slub_sysfs_write(m, "kmalloc-64/cpu_partial", "120");
		}
		if (op % CHECK_EVERY == 0) {
			if (mm_check_report(m, buf, sizeof(buf)))
				fail_msg("op %ld: %s", op, buf);
			hash_rebuild(md);
		}
	}
	for (int i = 0; i < md->nlive; i++)
		check_pattern(m, &md->live[i]);
	assert_int_equal(mm_check_report(m, buf, sizeof(buf)), 0);
	/* free everything: every cache must shrink back to nothing */
	while (md->nlive) {
		struct live *l = &md->live[0];

		if (l->from)
			kmem_cache_free(m, l->from, l->addr);
		else
			kfree(m, l->addr);
		drop_live(md, 0);
	}
	for (int i = 0; i < 5; i++) {
		char name[KM_CACHE_NAME_LEN];

		snprintf(name, sizeof(name), "%s", caches[i]->name);
		kmem_cache_destroy(m, caches[i]);
		assert_null(kmem_cache_find_by_name(m, name));
	}
	assert_int_equal(m->tainted, false);
	assert_int_equal(mm_check_report(m, buf, sizeof(buf)), 0);
	machine_destroy(m);
	free(md);
}

static void test_property_2cpus(void **state)
{
	(void)state;
	run("default", 2, 0x5eed1234abcdULL, NR_OPS);
}

static void test_property_4cpus(void **state)
{
	(void)state;
	run("default", 4, 0x77aa55ccULL, NR_OPS);
}

/* two nodes: kmalloc_node, node mismatch, remote partial slabs */
static void test_property_numa(void **state)
{
	(void)state;
	run("numa", 4, 0x1234567ULL, NR_OPS / 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_property_2cpus),
		cmocka_unit_test(test_property_4cpus),
		cmocka_unit_test(test_property_numa),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
