// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cache geometry against a live kernel: every real directory of the 6.18
 * host's /sys/kernel/slab (slab_geometry_host.h) is created again on a
 * 2-CPU machine and must come out with the same object_size, slab_size,
 * align, order, objs_per_slab, min_partial and cpu_partial.
 *
 * How each directory becomes a kmem_cache_create() call:
 * - align: the host's final alignment is passed as the requested one;
 *   calculate_alignment() is idempotent on it (max with the same values);
 * - flags from the boolean files (hwcache_align, reclaim_account,
 *   destroy_by_rcu, cache_dma, the debug ones) and, for merged ":..."
 *   directories, from the id letters (d D a F A, create_unique_id());
 * - ctor and usersize as shown;
 * - SLAB_NO_MERGE, so that each row is its own cache: merging never
 *   changes a cache's geometry, and it is tested in test_slub.c.
 * Exceptions, explained rather than skipped:
 * - vm_area_struct is SLAB_TYPESAFE_BY_RCU with a custom freeptr_offset
 *   (6.12 kmem_cache_args), so its free pointer stays inside the object
 *   (192, not 256). sysfs does not show the offset; any 8-aligned offset
 *   below object_size gives the same layout, so 0 is used.
 * - vm_area_struct and maple_node have 6.18 sheaves (sheaf_capacity 32):
 *   sheaves do not change geometry, min_partial or cpu_partial, so these
 *   rows are checked like all others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "kmemlab/machine.h"
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"
#include "slab_geometry_host.h"

static struct machine *boot(const char *preset, int cpus)
{
	struct machine_config cfg;
	char err[256];

	assert_int_equal(machine_preset(&cfg, preset), 0);
	if (cpus)
		cfg.nr_cpus = cpus;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	assert_non_null(m);
	return m;
}

static slab_flags_t row_flags(const struct slab_geometry_host *g)
{
	slab_flags_t f = SLAB_NO_MERGE;

	if (g->hwcache_align)
		f |= SLAB_HWCACHE_ALIGN;
	if (g->reclaim_account)
		f |= SLAB_RECLAIM_ACCOUNT;
	if (g->destroy_by_rcu)
		f |= SLAB_TYPESAFE_BY_RCU;
	if (g->cache_dma)
		f |= SLAB_CACHE_DMA;
	if (g->red_zone)
		f |= SLAB_RED_ZONE;
	if (g->poison)
		f |= SLAB_POISON;
	if (g->store_user)
		f |= SLAB_STORE_USER;
	if (g->sanity_checks)
		f |= SLAB_CONSISTENCY_CHECKS;
	if (g->name[0] == ':') {
		for (const char *p = g->name + 1; *p && *p != '-'; p++) {
			if (*p >= '0' && *p <= '9')
				break;
			switch (*p) {
			case 'd':
				f |= SLAB_CACHE_DMA;
				break;
			case 'D':
				f |= SLAB_CACHE_DMA32;
				break;
			case 'a':
				f |= SLAB_RECLAIM_ACCOUNT;
				break;
			case 'F':
				f |= SLAB_CONSISTENCY_CHECKS;
				break;
			case 'A':
				f |= SLAB_ACCOUNT;
				break;
			}
		}
	}
	return f;
}

static void read_attr(struct machine *m, const char *cache, const char *attr,
		      char *out, size_t len)
{
	struct seq_buf s;
	char path[160];

	seq_init(&s);
	snprintf(path, sizeof(path), "%s/%s", cache, attr);
	assert_int_equal(slub_sysfs_read(m, path, &s), 0);
	snprintf(out, len, "%s", s.buf ? s.buf : "");
	seq_free(&s);
}

static void test_host_geometry(void **state)
{
	(void)state;
	struct machine *m = boot("default", 2);
	size_t n = sizeof(slab_geometry_host) / sizeof(slab_geometry_host[0]);
	int mismatches = 0;

	assert_int_equal(n, 232);
	for (size_t i = 0; i < n; i++) {
		const struct slab_geometry_host *g = &slab_geometry_host[i];
		struct kmem_cache_args args = {
			.align = g->align,
			.usersize = g->usersize,
			.ctor = g->ctor != 0,
		};
		char name[KM_CACHE_NAME_LEN], got[64], want[64];
		struct kmem_cache *s;

		if (!strcmp(g->name, "vm_area_struct")) {
			args.use_freeptr_offset = true;
			args.freeptr_offset = 0;
		}
		snprintf(name, sizeof(name), "h-%s", g->name);
		s = __kmem_cache_create_args(m, name, g->object_size, &args,
					     row_flags(g), NULL);
		assert_non_null(s);
		if (s->object_size != g->object_size ||
		    s->size != g->slab_size || s->align != g->align ||
		    oo_order(s->oo) != g->order ||
		    oo_objects(s->oo) != g->objs_per_slab ||
		    s->min_partial != g->min_partial ||
		    s->cpu_partial != g->cpu_partial) {
			print_message("%s: got %u %u %u %u %u %lu %u\n",
				      g->name, s->object_size, s->size,
				      s->align, oo_order(s->oo),
				      oo_objects(s->oo), s->min_partial,
				      s->cpu_partial);
			mismatches++;
		}
		/* and through sysfs, as a student would read it */
		read_attr(m, name, "slab_size", got, sizeof(got));
		snprintf(want, sizeof(want), "%u\n", g->slab_size);
		assert_string_equal(got, want);
		read_attr(m, name, "order", got, sizeof(got));
		snprintf(want, sizeof(want), "%u\n", g->order);
		assert_string_equal(got, want);
		read_attr(m, name, "objs_per_slab", got, sizeof(got));
		snprintf(want, sizeof(want), "%u\n", g->objs_per_slab);
		assert_string_equal(got, want);
		read_attr(m, name, "cpu_partial", got, sizeof(got));
		snprintf(want, sizeof(want), "%u\n", g->cpu_partial);
		assert_string_equal(got, want);
	}
	assert_int_equal(mismatches, 0);
	assert_int_equal(mm_check(m), 0);
	machine_destroy(m);
}

/* KERNEL_FACTS §2.5: min_objects = 4 * (fls(nr_cpus) + 1) moves orders */
static void test_cpu_count_changes_order(void **state)
{
	(void)state;
	static const struct {
		int cpus;
		unsigned int order_1k, order_256;
	} cases[] = {
		{1, 1, 0}, /* min_objects 8: 8 KiB for kmalloc-1k */
		{2, 2, 0}, /* 12: 12 KiB -> order 2 */
		{4, 2, 0}, /* 16 */
		{8, 3, 1}, /* 20: 20 KiB -> order 3; 5 KiB -> order 1 */
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct machine *m = boot("default", cases[i].cpus);
		struct kmem_cache *k1 =
			kmem_cache_find_by_name(m, "kmalloc-1k");
		struct kmem_cache *k256 =
			kmem_cache_find_by_name(m, "kmalloc-256");

		assert_int_equal(oo_order(k1->oo), cases[i].order_1k);
		assert_int_equal(oo_order(k256->oo), cases[i].order_256);
		assert_int_equal(mm_check(m), 0);
		machine_destroy(m);
	}
}

/* §2.4 worked examples, including the debug layout (computed) */
static void test_layout_examples(void **state)
{
	(void)state;
	struct machine *m = boot("default", 2);
	struct kmem_cache *s;

	s = kmem_cache_create(m, "inode_cache_x", 616, 0, SLAB_NO_MERGE, true,
			      0, 0);
	assert_int_equal(s->inuse, 616);
	assert_int_equal(s->offset, 616);
	assert_int_equal(s->size, 624);
	s = kmem_cache_create(m, "t_struct", 5824, 64, SLAB_NO_MERGE, false, 0,
			      0);
	assert_int_equal(s->size, 5824);
	assert_int_equal(oo_order(s->oo), 3);
	assert_int_equal(oo_objects(s->oo), 5);
	s = kmem_cache_find_by_name(m, "kmalloc-96");
	assert_int_equal(s->align, 32);
	assert_int_equal(s->offset, 48);
	s = kmem_cache_find_by_name(m, "kmalloc-192");
	assert_int_equal(s->align, 64);
	assert_int_equal(s->offset, 96);
	s = kmem_cache_find_by_name(m, "kmalloc-8");
	assert_int_equal(s->offset, 0);
	s = kmem_cache_find_by_name(m, "kmem_cache_node");
	assert_int_equal(s->size, 128);
	assert_int_equal(s->align, 64);
	/* FZPU on a 64-byte kmalloc-style cache: 256 (KERNEL_FACTS §2.4) */
	s = kmem_cache_create(m, "dbg64", 64, 64,
			      SLAB_KMALLOC | SLAB_CONSISTENCY_CHECKS |
				      SLAB_RED_ZONE | SLAB_POISON |
				      SLAB_STORE_USER,
			      false, 0, 0);
	assert_non_null(s);
	assert_int_equal(s->inuse, 72);
	assert_int_equal(s->offset, 72);
	assert_int_equal(s->red_left_pad, 64);
	assert_int_equal(s->size, 256);
	assert_int_equal(s->cpu_partial, 0);
	/* calculate_alignment() examples */
	assert_int_equal(calculate_alignment(SLAB_HWCACHE_ALIGN, 0, 72), 64);
	assert_int_equal(calculate_alignment(SLAB_HWCACHE_ALIGN, 0, 24), 32);
	assert_int_equal(calculate_alignment(SLAB_HWCACHE_ALIGN, 0, 16), 16);
	assert_int_equal(calculate_alignment(SLAB_HWCACHE_ALIGN, 0, 296), 64);
	assert_int_equal(calculate_alignment(0, 0, 296), 8);
	assert_int_equal(calculate_alignment(0, 12, 296), 16);
	assert_int_equal(mm_check(m), 0);
	machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_geometry),
		cmocka_unit_test(test_cpu_count_changes_order),
		cmocka_unit_test(test_layout_examples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
