// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page map's model (src/ui/pagemap.c): after random allocations and
 * frees of every kind (pages of every order, compound or not, kmalloc
 * small and large, caches, vmalloc, page tables, several CPUs, pcp
 * refills and drains), the incremental summary fed only by the events
 * equals a full rescan, page for page and chunk for chunk; one small
 * command rescans a few granules, not the machine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kmemlab/buddy.h"
#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"
#include "pagemap.h"

static struct machine *boot(const char *preset)
{
	struct machine_config cfg;
	char err[256];

	assert_int_equal(machine_preset(&cfg, preset), 0);
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	assert_non_null(m);
	return m;
}

static void sink(void *ctx, const struct mm_event *ev)
{
	pagemap_note(ctx, ev, PM_NOTE_ALL);
}

/* The incremental summary pm equals a fresh full rescan of m. */
static void assert_same_as_rescan(struct pagemap *pm, struct machine *m)
{
	struct pagemap full;

	pagemap_init(&full);
	assert_true(pagemap_rescan(&full, m) >= 0);
	assert_int_equal(pm->nr_pages, full.nr_pages);
	for (unsigned long pfn = 0; pfn < m->nr_pages; pfn++)
		if (pm->page[pfn] != full.page[pfn])
			fail_msg("pfn %#lx: incremental %#x, rescan %#x", pfn,
				 pm->page[pfn], full.page[pfn]);
	for (unsigned long c = 0; c < full.nr_chunks; c++)
		if (memcmp(&pm->chunk[c], &full.chunk[c],
			   sizeof(full.chunk[c])))
			fail_msg("chunk %lu differs", c);
	pagemap_destroy(&full);

	/* and the classes agree with the engine's own counters */
	unsigned long cnt[NR_PM_CLASSES], nr_free = 0, nr_pcp = 0, slab = 0;
	int maxfree, nid;
	struct zone *zone;

	pagemap_count(pm, 0, m->nr_pages, cnt, &maxfree);
	for_each_populated_zone (m, zone) {
		nr_free += zone->nr_free_pages;
		for (int cpu = 0; cpu < m->nr_cpus; cpu++)
			nr_pcp +=
				(unsigned long)zone->per_cpu_pageset[cpu].count;
	}
	for_each_node (m, nid)
		slab += (m->node_data[nid].nr_slab_reclaimable_b +
			 m->node_data[nid].nr_slab_unreclaimable_b) >>
			KM_PAGE_SHIFT;
	assert_int_equal(cnt[PM_FREE], nr_free);
	assert_int_equal(cnt[PM_PCP], nr_pcp);
	/* NR_SLAB_UNRECLAIMABLE_B counts kmalloc_large too, as in 6.12 */
	assert_int_equal(cnt[PM_SLAB] + cnt[PM_LARGE], slab);
	assert_int_equal(cnt[PM_VMALLOC], vmalloc_nr_pages(m));
	assert_int_equal(cnt[PM_HOLE], 0);
}

static uint64_t rng_state;

static unsigned int rnd(unsigned int n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)((rng_state >> 33) % n);
}

struct held {
	int kind; /* 0 pages, 1 kmalloc, 2 vmalloc, 3 cache object */
	unsigned long addr;
	struct page *page;
	unsigned int order;
};

static void random_ops(const char *preset, int rounds, int ops_per_round,
		       unsigned long seed)
{
	struct machine *m = boot(preset);
	struct pagemap pm;
	struct held *h = calloc(4096, sizeof(*h));
	int nr = 0;
	struct kmem_cache *s;

	assert_non_null(h);
	rng_state = seed;
	pagemap_init(&pm);
	assert_true(pagemap_sync(&pm, m) > 0); /* the first is a full scan */
	assert_true(pm.last_full);
	m->sink = sink;
	m->sink_ctx = &pm;
	s = kmem_cache_create(m, "pm_test", 200, 8, 0, false, 0, 0);
	assert_non_null(s);

	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < ops_per_round; k++) {
			unsigned int op = rnd(10);

			m->cur_cpu = (int)rnd((unsigned int)m->nr_cpus);
			if ((op < 6 && nr < 4096) || nr == 0) {
				struct held x = {.kind = (int)rnd(4)};

				if (x.kind == 0) {
					gfp_t gfp = GFP_KERNEL;

					x.order = rnd(4) ? rnd(4) : rnd(11);
					if (rnd(2))
						gfp |= __GFP_COMP;
					if (rnd(4) == 0)
						gfp = GFP_HIGHUSER_MOVABLE;
					x.page = alloc_pages(m, gfp, x.order);
					if (!x.page)
						continue;
				} else if (x.kind == 1) {
					x.addr = kmalloc(m,
							 rnd(3) ? rnd(2048) + 1
								: rnd(40000) +
									  8193,
							 GFP_KERNEL);
				} else if (x.kind == 2) {
					x.addr = vmalloc(m, (rnd(20) +
							     1) * KM_PAGE_SIZE -
								    rnd(100));
				} else {
					x.addr = kmem_cache_alloc(m, s,
								  GFP_KERNEL);
				}
				if (x.kind && !x.addr)
					continue;
				h[nr++] = x;
			} else {
				int i = (int)rnd((unsigned int)nr);
				struct held x = h[i];

				h[i] = h[--nr];
				if (x.kind == 0)
					assert_int_equal(__free_pages(m, x.page,
								      x.order),
							 0);
				else if (x.kind == 1)
					assert_int_equal(kfree(m, x.addr), 0);
				else if (x.kind == 2)
					assert_int_equal(vfree(m, x.addr), 0);
				else
					assert_int_equal(
						kmem_cache_free(m, s, x.addr),
						0);
			}
		}
		if (rnd(8) == 0) {
			drain_all_pages(m, NULL);
		}
		if (rnd(10) == 0)
			kmem_cache_shrink(m, s);
		m->jiffies++;
		assert_true(pagemap_sync(&pm, m) >= 0);
		assert_false(pm.last_full);
		assert_same_as_rescan(&pm, m);
		pagemap_clear_changed(&pm);
	}
	/* everything back: the summary follows */
	while (nr) {
		struct held x = h[--nr];

		if (x.kind == 0)
			__free_pages(m, x.page, x.order);
		else if (x.kind == 1)
			kfree(m, x.addr);
		else if (x.kind == 2)
			vfree(m, x.addr);
		else
			kmem_cache_free(m, s, x.addr);
	}
	kmem_cache_destroy(m, s);
	vmalloc_purge(m);
	drain_all_pages(m, NULL);
	assert_true(pagemap_sync(&pm, m) >= 0);
	assert_same_as_rescan(&pm, m);
	assert_int_equal(mm_check(m), 0);
	m->sink = NULL;
	pagemap_destroy(&pm);
	free(h);
	machine_destroy(m);
}

static void test_random_default(void **state)
{
	(void)state;
	random_ops("default", 300, 12, 1);
	random_ops("default", 60, 200, 2);
}

static void test_random_numa(void **state)
{
	(void)state;
	random_ops("numa", 150, 20, 3);
}

static void test_random_big(void **state)
{
	(void)state;
	random_ops("big", 8, 300, 4);
}

/* One small allocation rescans its granule or two, not the machine. */
static void test_incremental_is_small(void **state)
{
	(void)state;
	struct machine *m = boot("big");
	struct pagemap pm;
	unsigned long a, cnt[NR_PM_CLASSES];
	struct page *pg;
	int maxfree;

	pagemap_init(&pm);
	assert_true(pagemap_sync(&pm, m) > 0);
	m->sink = sink;
	m->sink_ctx = &pm;

	m->jiffies++;
	a = kmalloc(m, 64, GFP_KERNEL);
	assert_true(a != 0);
	assert_true(pagemap_sync(&pm, m) >= 0);
	assert_false(pm.last_full);
	assert_true(pm.last_rescanned <= 4);
	/* the object's page is a slab page, and it changed */
	unsigned long pfn = (a - KM_PAGE_OFFSET) >> KM_PAGE_SHIFT;

	assert_int_equal(PM_CLASS(pm.page[pfn]), PM_SLAB);
	assert_true(pagemap_changed(&pm, pfn, pfn + 1));
	pagemap_clear_changed(&pm);
	assert_false(pagemap_changed(&pm, 0, m->nr_pages));

	/* an order-3 block: the head carries its order; counts add up */
	m->jiffies++;
	pg = alloc_pages(m, GFP_KERNEL, 3);
	assert_non_null(pg);
	assert_true(pagemap_sync(&pm, m) >= 0);
	pfn = page_to_pfn(m, pg);
	int order;

	assert_int_equal(pagemap_block(&pm, pfn + 5, &order), pfn);
	assert_int_equal(order, 3);
	pagemap_count(&pm, pfn, pfn + 8, cnt, &maxfree);
	assert_int_equal(cnt[PM_PAGES], 8);
	assert_true(pagemap_changed(&pm, pfn + 7, pfn + 8));
	assert_true(pm.have_hint);
	assert_int_equal(pm.hint_pfn, pfn);

	/* every page is counted once */
	pagemap_count(&pm, 0, m->nr_pages, cnt, &maxfree);
	unsigned long total = 0;

	for (int c = 0; c < NR_PM_CLASSES; c++)
		total += cnt[c];
	assert_int_equal(total, m->nr_pages);
	assert_int_equal(cnt[PM_HOLE], 0);
	assert_int_equal(maxfree, MAX_PAGE_ORDER);

	/* a new machine is noticed: a full rescan */
	m->sink = NULL;
	struct machine *m2 = boot("default");

	assert_true(pagemap_sync(&pm, m2) > 0);
	assert_true(pm.last_full);
	assert_same_as_rescan(&pm, m2);
	machine_destroy(m2);
	pagemap_destroy(&pm);
	machine_destroy(m);
}

/* Lost events (a trace that dropped some) make the next sync full. */
static void test_dropped_trace(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct pagemap pm;
	struct trace t;

	memset(&t, 0, sizeof(t));
	pagemap_init(&pm);
	assert_true(pagemap_sync(&pm, m) > 0);
	struct page *pg = alloc_pages(m, GFP_KERNEL, 2); /* no sink */

	assert_non_null(pg);
	t.dropped = 1;
	pagemap_note_trace(&pm, &t, PM_NOTE_ALL);
	m->jiffies++;
	assert_true(pagemap_sync(&pm, m) > 0);
	assert_true(pm.last_full);
	assert_same_as_rescan(&pm, m);
	pagemap_destroy(&pm);
	machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incremental_is_small),
		cmocka_unit_test(test_dropped_trace),
		cmocka_unit_test(test_random_default),
		cmocka_unit_test(test_random_numa),
		cmocka_unit_test(test_random_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
