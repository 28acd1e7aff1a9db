// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page allocator's fast paths (alloc_pages_pcp_fast, free_pages_pcp_fast
 * in src/mm/buddy.c) against the full paths: three machines of one config
 * run the same random allocations and frees: A untraced, B traced, both
 * with the fast paths, and C traced with machine->buddy_full_paths set.
 * Every result, struct page, free list, pcp list, zone counter, page
 * content, /proc text and kernel log line must be the same on all three,
 * and B and C must emit the same events (the same path) and keep the same
 * call ring. Orders 0..5, many gfp masks (zone modifiers, migrate types,
 * __GFP_COMP, __GFP_ZERO, __GFP_THISNODE, a bad one), other CPUs,
 * alloc_pages_node, fault injection, low memory, extra references and bad
 * frees (double, wrong order).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "kmemlab/buddy.h"
#include "mm_test.h"

/* a sink that records every event of a step */
struct rec {
	struct mm_event ev[4096];
	int n;
};

static void sink_rec(void *ctx, const struct mm_event *ev)
{
	struct rec *r = ctx;

	assert_true(r->n < 4096);
	r->ev[r->n++] = *ev;
}

/* the events of B and C, then both cleared */
static void same_events(struct machine *b, struct machine *c)
{
	struct rec *rb = b->sink_ctx, *rc = c->sink_ctx;

	assert_int_equal(rb->n, rc->n);
	for (int i = 0; i < rb->n; i++) {
		const struct mm_event *x = &rb->ev[i], *y = &rc->ev[i];

		assert_same_event_numbers(x, y);
		assert_same_str(x->func, y->func);
		assert_same_str(x->cache, y->cache);
		assert_same_str(x->text, y->text);
	}
	rb->n = rc->n = 0;
	assert_int_equal(b->nr_calls, c->nr_calls);
	for (int i = 0; i < MM_CALL_RING; i++)
		assert_same_str(b->call_ring[i], c->call_ring[i]);
}

static long pfn_or_none(struct machine *m, const struct page *p)
{
	return p ? (long)page_to_pfn(m, p) : -1;
}

/* a list as the pfns of its pages, compared between machines */
static void same_list(struct machine *a, const struct list_head *la,
		      struct machine *b, const struct list_head *lb)
{
	const struct list_head *pa = la->next, *pb = lb->next;

	while (pa != la && pb != lb) {
		const struct page *qa = list_entry(pa, struct page, buddy_list);
		const struct page *qb = list_entry(pb, struct page, buddy_list);

		assert_int_equal(page_to_pfn(a, qa), page_to_pfn(b, qb));
		pa = pa->next;
		pb = pb->next;
	}
	assert_true(pa == la && pb == lb);
}

static void same_state(struct machine *a, struct machine *b)
{
	assert_int_equal(a->nr_pages, b->nr_pages);
	for (unsigned long pfn = 0; pfn < a->nr_pages; pfn++) {
		const struct page *pa = &a->memmap[pfn], *pb = &b->memmap[pfn];

		if (pa->flags != pb->flags || pa->private != pb->private ||
		    pa->_refcount != pb->_refcount ||
		    pa->compound_order != pb->compound_order ||
		    pa->owner != pb->owner ||
		    pa->alloc_order != pb->alloc_order)
			fail_msg("pfn %#lx differs: flags %#lx/%#lx private "
				 "%lu/%lu ref %d/%d corder %u/%u owner %u/%u "
				 "aorder %u/%u",
				 pfn, pa->flags, pb->flags, pa->private,
				 pb->private, pa->_refcount, pb->_refcount,
				 pa->compound_order, pb->compound_order,
				 pa->owner, pb->owner, pa->alloc_order,
				 pb->alloc_order);
		if (PageTail(pa))
			assert_int_equal(
				pa->compound_head - (unsigned long)a->memmap,
				pb->compound_head - (unsigned long)b->memmap);
	}
	assert_memory_equal(a->pageblock_mt, b->pageblock_mt,
			    a->nr_pages >> pageblock_order);
	for (int nid = 0; nid < a->nr_nodes; nid++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *za = &a->node_data[nid].node_zones[z];
			struct zone *zb = &b->node_data[nid].node_zones[z];

			if (!za->present_pages)
				continue;
			assert_int_equal(za->nr_free_pages, zb->nr_free_pages);
			assert_int_equal(za->flags, zb->flags);
			assert_int_equal(za->watermark_boost,
					 zb->watermark_boost);
			for (int o = 0; o < NR_PAGE_ORDERS; o++) {
				assert_int_equal(za->free_area[o].nr_free,
						 zb->free_area[o].nr_free);
				for (int mt = 0; mt < MIGRATE_TYPES; mt++)
					same_list(
						a,
						&za->free_area[o].free_list[mt],
						b,
						&zb->free_area[o]
							 .free_list[mt]);
			}
			for (int cpu = 0; cpu < a->nr_cpus; cpu++) {
				struct per_cpu_pages *ca =
					&za->per_cpu_pageset[cpu];
				struct per_cpu_pages *cb =
					&zb->per_cpu_pageset[cpu];

				assert_int_equal(ca->count, cb->count);
				assert_int_equal(ca->high, cb->high);
				assert_int_equal(ca->flags, cb->flags);
				assert_int_equal(ca->alloc_factor,
						 cb->alloc_factor);
				assert_int_equal(ca->free_count,
						 cb->free_count);
				for (int i = 0; i < NR_PCP_LISTS; i++)
					same_list(a, &ca->lists[i], b,
						  &cb->lists[i]);
			}
		}
	}
	assert_same_procfs(a, b, "/proc/buddyinfo");
	assert_same_procfs(a, b, "/proc/pagetypeinfo");
	assert_same_procfs(a, b, "/proc/zoneinfo");
	assert_same_procfs(a, b, "/proc/meminfo");
	if (a->log_len != b->log_len || memcmp(a->log, b->log, a->log_len)) {
		size_t i = 0;

		while (i < a->log_len && a->log[i] == b->log[i])
			i++;
		while (i > 0 && a->log[i - 1] != '\n')
			i--;
		fail_msg("logs differ from:\n%.300s\n---\n%.300s", a->log + i,
			 b->log + i);
	}
	assert_int_equal(a->taint_flags, b->taint_flags);
}

static const gfp_t gfps[] = {
	GFP_KERNEL,
	GFP_KERNEL,
	GFP_KERNEL,
	GFP_KERNEL | __GFP_COMP,
	GFP_KERNEL | __GFP_ZERO,
	GFP_ATOMIC,
	GFP_KERNEL | __GFP_MOVABLE,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_KERNEL | __GFP_THISNODE,
	GFP_DMA32 | __GFP_NOWARN,
	GFP_DMA | __GFP_NOWARN,
	GFP_HIGHUSER_MOVABLE | __GFP_COMP,
	__GFP_DMA | __GFP_DMA32 | __GFP_NOWARN, /* two zone modifiers */
	GFP_KERNEL | __GFP_MOVABLE | __GFP_RECLAIMABLE | __GFP_NOWARN,
};

#define MAX_LIVE 6000
#define NM 3 /* A untraced, B traced, C traced on the full paths */

struct live {
	struct page *p[NM];
	unsigned int order;
};

/* one random step on every machine; the same outcome on each */
static void step(struct machine **ms, struct live *live, int *nr, int cap,
		 uint64_t *s, long *last_freed)
{
	struct machine *a = ms[0];
	uint64_t x = xorshift(s);
	unsigned int what = (unsigned int)(x % 100);
	int r[NM];

	if (what < 3) { /* another CPU */
		for (int i = 0; i < NM; i++)
			ms[i]->cur_cpu = (int)((x >> 8) % (uint64_t)a->nr_cpus);
		return;
	}
	if (what < 4) { /* fault injection a few allocations ahead */
		for (int i = 0; i < NM; i++)
			ms[i]->fail_after = 1 + (x >> 8) % 4;
		return;
	}
	if (what < 6 && *last_freed >= 0 &&
	    (PageBuddy(&a->memmap[*last_freed]) ||
	     PageFlag(&a->memmap[*last_freed], PG_pcp))) { /* a double free */
		for (int i = 0; i < NM; i++)
			r[i] = __free_pages(ms[i], &ms[i]->memmap[*last_freed],
					    0);
		assert_int_equal(r[0], r[1]);
		assert_int_equal(r[0], r[2]);
		return;
	}
	if (*nr && (what < 50 || *nr >= cap)) {
		int k = (int)((x >> 8) % (uint64_t)*nr);
		struct live *l = &live[k];
		unsigned int order = l->order;
		int extra = (x >> 40) % 50 == 0; /* a get_page() first */

		if ((x >> 32) % 40 == 0) /* the wrong order */
			order = (order + 1) % 6;
		for (int i = 0; i < NM; i++) {
			if (extra)
				l->p[i]->_refcount++;
			r[i] = __free_pages(ms[i], l->p[i], order);
		}
		assert_int_equal(r[0], r[1]);
		assert_int_equal(r[0], r[2]);
		if (r[0] == 0 && extra) {
			/* a compound page keeps its order, any other its first
			 * page, now of order 0 */
			if (!PageHead(l->p[0]))
				l->order = 0;
			return;
		}
		if (r[0] == 0) {
			*last_freed = (long)page_to_pfn(a, l->p[0]);
			*l = live[--*nr];
		} else if (extra) {
			for (int i = 0; i < NM; i++)
				l->p[i]->_refcount--;
		}
		return;
	}
	gfp_t gfp = gfps[(x >> 8) % (sizeof(gfps) / sizeof(gfps[0]))];
	unsigned int order = (unsigned int)((x >> 16) % 8);
	int nid = (int)((x >> 28) % (uint64_t)(a->nr_nodes + 2)) - 1;
	bool node = (x >> 24) % 4 == 0;
	struct page *p[NM];

	if (order > 5)
		order = 0;
	for (int i = 0; i < NM; i++)
		p[i] = node ? alloc_pages_node(ms[i], nid, gfp, order)
			    : alloc_pages(ms[i], gfp, order);
	for (int i = 1; i < NM; i++)
		assert_int_equal(pfn_or_none(a, p[0]),
				 pfn_or_none(ms[i], p[i]));
	if (!p[0])
		return;
	size_t len = (size_t)KM_PAGE_SIZE << order;
	unsigned char *c0 = km_ptr(a, page_address(a, p[0]));

	if (gfp & __GFP_ZERO)
		assert_true(c0[0] == 0 && c0[len - 1] == 0);
	for (int i = 1; i < NM; i++)
		assert_memory_equal(
			c0, km_ptr(ms[i], page_address(ms[i], p[i])), len);
	for (int i = 0; i < NM; i++) {
		unsigned char *c = km_ptr(ms[i], page_address(ms[i], p[i]));

		/* something for init_on_free / __GFP_ZERO to clear later */
		c[0] = (unsigned char)x;
		c[len - 1] = (unsigned char)(x >> 8);
		live[*nr].p[i] = p[i];
	}
	live[*nr].order = order;
	++*nr;
}

static void run(const char *preset, bool init_on_alloc, bool init_on_free,
		uint64_t seed)
{
	struct machine_config cfg;
	static struct live live[MAX_LIVE];
	static struct rec rec[NM];
	struct machine *ms[NM];
	int nr = 0;
	long last_freed = -1;
	uint64_t s = seed;

	assert_int_equal(machine_preset(&cfg, preset), 0);
	cfg.init_on_alloc = init_on_alloc;
	cfg.init_on_free = init_on_free;
	for (int i = 0; i < NM; i++) {
		ms[i] = boot_config(&cfg);
		rec[i].n = 0;
	}
	ms[1]->sink = ms[2]->sink = sink_rec;
	ms[1]->sink_ctx = &rec[1];
	ms[2]->sink_ctx = &rec[2];
	ms[2]->buddy_full_paths = true;
	for (int i = 1; i < NM; i++)
		same_state(ms[0], ms[i]);
	for (int phase = 0; phase < 6; phase++) {
		/* a small live set, then one that presses on the
		 * watermarks, then back */
		int cap = phase % 3 == 1 ? MAX_LIVE : 300;

		for (int i = 0; i < 4000; i++) {
			step(ms, live, &nr, cap, &s, &last_freed);
			same_events(ms[1], ms[2]);
		}
		for (int i = 1; i < NM; i++)
			same_state(ms[0], ms[i]);
		for (int i = 0; i < nr; i++)
			for (int j = 1; j < NM; j++)
				assert_memory_equal(
					km_ptr(ms[0],
					       page_address(ms[0],
							    live[i].p[0])),
					km_ptr(ms[j],
					       page_address(ms[j],
							    live[i].p[j])),
					(size_t)KM_PAGE_SIZE << live[i].order);
	}
	while (nr) {
		int r[NM];

		nr--;
		for (int i = 0; i < NM; i++)
			r[i] = __free_pages(ms[i], live[nr].p[i],
					    live[nr].order);
		assert_int_equal(r[0], r[1]);
		assert_int_equal(r[0], r[2]);
		same_events(ms[1], ms[2]);
	}
	for (int i = 0; i < NM; i++)
		drain_all_pages(ms[i], NULL);
	same_events(ms[1], ms[2]);
	for (int i = 1; i < NM; i++)
		same_state(ms[0], ms[i]);
	for (int i = 0; i < NM; i++)
		check_and_destroy(ms[i]);
}

static void test_default(void **state)
{
	(void)state;
	run("default", false, false, 1);
	run("default", false, false, 77);
}

static void test_numa(void **state)
{
	(void)state;
	run("numa", false, false, 5);
}

static void test_init_on_alloc(void **state)
{
	(void)state;
	run("default", true, false, 9);
}

static void test_init_on_free(void **state)
{
	(void)state;
	run("default", false, true, 13);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_numa),
		cmocka_unit_test(test_init_on_alloc),
		cmocka_unit_test(test_init_on_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
