// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy allocator (src/mm/buddy.c, twin mm/page_alloc.c): exact
 * states after splits, merges, pcp refills and drains, fallbacks, bad
 * frees, zone choice and watermarks.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kmemlab/buddy.h"
#include "kmemlab/procfs.h"

static struct machine *boot(const char *preset)
{
	struct machine_config cfg;
	char err[256];

	assert_int_equal(machine_preset(&cfg, preset), 0);
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	assert_non_null(m);
	return m;
}

static void assert_checked(struct machine *m)
{
	char buf[256];
	int n = mm_check_report(m, buf, sizeof(buf));

	if (n)
		fail_msg("mm_check: %d errors, first: %s", n, buf);
}

static char *buddyinfo(struct machine *m)
{
	struct seq_buf s;

	seq_init(&s);
	buddyinfo_show(m, &s);
	return s.buf;
}

static struct zone *zone_of(struct machine *m, int nid, enum zone_type z)
{
	return &m->node_data[nid].node_zones[z];
}

/* Boot frees the largest aligned blocks, as memblock_free_all does:
 * DMA [256, 4096) = 256 (o8) + 512 (o9) + 3 x o10, like the host. */
static void test_boot_layout(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	char *bi = buddyinfo(m);

	assert_string_equal(
		bi, "Node 0, zone      DMA      0      0      0      0      0 "
		    "     0      0      0      1      1      3 \n"
		    "Node 0, zone   Normal      0      0      0      0      0 "
		    "     0      0      0      0      1     26 \n");
	free(bi);
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	assert_int_equal(dma->nr_free_pages, 3840);
	/* pageblock 0 is Unmovable (the zone starts at pfn 1) */
	assert_int_equal(m->pageblock_mt[0], MIGRATE_UNMOVABLE);
	assert_int_equal(m->pageblock_mt[1], MIGRATE_MOVABLE);
	assert_false(
		list_empty(&dma->free_area[8].free_list[MIGRATE_UNMOVABLE]));
	assert_checked(m);
	machine_destroy(m);
}

static void test_alloc_free_roundtrip(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	char *before = buddyinfo(m);
	struct page *p[64];

	for (int i = 0; i < 64; i++) {
		p[i] = alloc_pages(m, GFP_KERNEL, (unsigned int)(i % 5));
		assert_non_null(p[i]);
		assert_int_equal(p[i]->_refcount, 1);
		assert_checked(m);
	}
	for (int i = 0; i < 64; i++)
		assert_int_equal(__free_pages(m, p[i], (unsigned int)(i % 5)),
				 0);
	drain_all_pages(m, NULL);
	assert_checked(m);
	char *after = buddyinfo(m);
	assert_string_equal(before, after);
	free(before);
	free(after);
	machine_destroy(m);
}

/* Events seen through the sink, for asserting on what a call did. */
struct evlog {
	int n[NR_MM_EVENTS];
	struct mm_event last[NR_MM_EVENTS];
	char funcs[64][32];
	int nfuncs;
};

static void ev_sink(void *ctx, const struct mm_event *ev)
{
	struct evlog *l = ctx;

	l->n[ev->type]++;
	l->last[ev->type] = *ev;
	if (ev->type == EV_CALL && l->nfuncs < 64)
		snprintf(l->funcs[l->nfuncs++], 32, "%s", ev->func);
}

static void trace_on(struct machine *m, struct evlog *l)
{
	memset(l, 0, sizeof(*l));
	m->sink = ev_sink;
	m->sink_ctx = l;
}

static bool called(const struct evlog *l, const char *func)
{
	for (int i = 0; i < l->nfuncs; i++)
		if (!strcmp(l->funcs[i], func))
			return true;
	return false;
}

static unsigned long head_pfn(struct machine *m, struct zone *z,
			      unsigned int order, int mt)
{
	struct list_head *l = &z->free_area[order].free_list[mt];

	assert_false(list_empty(l));
	return page_to_pfn(m, list_first_entry(l, struct page, buddy_list));
}

/*
 * __rmqueue_smallest + expand: order 0 from the order-10 block at 5120
 * returns 5120 and leaves one block of each order 0..9 at 5120 + 2^o,
 * each at the head of its list; freeing 5120 merges them all back.
 */
static void test_split_and_merge(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct zone *z = zone_of(m, 0, ZONE_NORMAL);
	char *before = buddyinfo(m);

	/* the lone order-9 block at 31744 goes first */
	struct page *o9 =
		buddy_rmqueue_smallest(m, z, 9, MIGRATE_MOVABLE, GFP_KERNEL);
	assert_int_equal(page_to_pfn(m, o9), 31744);
	struct page *p =
		buddy_rmqueue_smallest(m, z, 0, MIGRATE_MOVABLE, GFP_KERNEL);
	assert_int_equal(page_to_pfn(m, p), 5120);
	for (unsigned int o = 0; o < 10; o++) {
		assert_int_equal(z->free_area[o].nr_free, 1);
		assert_int_equal(head_pfn(m, z, o, MIGRATE_MOVABLE),
				 5120 + (1UL << o));
		assert_int_equal(buddy_order(pfn_to_page(m, 5120 + (1UL << o))),
				 o);
	}
	assert_int_equal(z->free_area[10].nr_free, 25);
	assert_int_equal(z->nr_free_pages, 27136 - 512 - 1);
	assert_checked(m);

	/* order 0 goes to the pcp list; the drain merges 10 times */
	struct evlog l;

	trace_on(m, &l);
	assert_int_equal(__free_pages(m, p, 0), 0);
	assert_int_equal(z->per_cpu_pageset[0].count, 1);
	drain_all_pages(m, NULL);
	assert_int_equal(l.n[EV_MERGE], 10);
	assert_int_equal(l.n[EV_PCP_DRAIN], 1);
	/* order 10 cannot merge further: back at the head */
	assert_int_equal(head_pfn(m, z, 10, MIGRATE_MOVABLE), 5120);
	assert_int_equal(__free_pages(m, o9, 9), 0);
	drain_all_pages(m, NULL);
	m->sink = NULL;
	char *after = buddyinfo(m);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_checked(m);
	machine_destroy(m);
}

/*
 * KERNEL_FACTS §6.2: order 0 from an order-3 block at Q returns Q and
 * queues Q+4 (order 2), Q+2 (order 1), Q+1 (order 0). Taking order 3
 * from the order-9 block at P = 31744 leaves the order-3 block Q = P+8
 * as the smallest Movable block.
 */
static void test_expand_example(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct zone *z = zone_of(m, 0, ZONE_NORMAL);
	struct page *a = buddy_rmqueue_smallest(m, z, 3, MIGRATE_MOVABLE, 0);
	unsigned long P = page_to_pfn(m, a), Q = P + 8;

	assert_int_equal(P, 31744);
	assert_int_equal(head_pfn(m, z, 3, MIGRATE_MOVABLE), Q);
	struct page *b = buddy_rmqueue_smallest(m, z, 0, MIGRATE_MOVABLE, 0);
	assert_int_equal(page_to_pfn(m, b), Q);
	assert_int_equal(head_pfn(m, z, 0, MIGRATE_MOVABLE), Q + 1);
	assert_int_equal(head_pfn(m, z, 1, MIGRATE_MOVABLE), Q + 2);
	assert_int_equal(head_pfn(m, z, 2, MIGRATE_MOVABLE), Q + 4);
	assert_true(list_empty(&z->free_area[3].free_list[MIGRATE_MOVABLE]));
	assert_int_equal(__free_pages(m, b, 0), 0);
	assert_int_equal(__free_pages(m, a, 3), 0);
	drain_all_pages(m, NULL);
	assert_int_equal(head_pfn(m, z, 9, MIGRATE_MOVABLE), P);
	assert_checked(m);
	machine_destroy(m);
}

/* default machine: Normal managed 27136, DMA 3840 (two CPUs on node 0) */
static void test_watermarks_default(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	struct zone *n = zone_of(m, 0, ZONE_NORMAL);
	unsigned long lowmem = dma->managed_pages + n->managed_pages;

	assert_int_equal(lowmem, 30976);
	/* khugepaged: 512 * 2 zones * 11 = 11264 pages, capped at 5% of
	 * the pages above the high marks after the first pass:
	 * (27136 - 462 + 3840 - 63) / 20 = 1522 pages = 6088 kB */
	assert_int_equal(m->min_free_kbytes, 6088);
	unsigned long pages_min = 6088 / 4;
	unsigned long nmin = pages_min * 27136 / lowmem;
	unsigned long gap = nmin / 4 > 27 ? nmin / 4 : 27;

	assert_int_equal(n->_watermark[WMARK_MIN], nmin);
	assert_int_equal(nmin, 1333);
	assert_int_equal(n->_watermark[WMARK_LOW], nmin + gap);
	assert_int_equal(n->_watermark[WMARK_HIGH], nmin + 2 * gap);
	assert_int_equal(n->_watermark[WMARK_PROMO], nmin + 3 * gap);
	assert_int_equal(dma->_watermark[WMARK_MIN], 188);
	assert_int_equal(dma->_watermark[WMARK_LOW], 235);
	assert_int_equal(dma->_watermark[WMARK_HIGH], 282);
	/* lowmem_reserve: Normal's managed / 256 protects DMA */
	assert_int_equal(dma->lowmem_reserve[ZONE_NORMAL], 27136 / 256);
	assert_int_equal(dma->lowmem_reserve[ZONE_MOVABLE], 27136 / 256);
	/* empty Movable zone: min clamped to SWAP_CLUSTER_MAX */
	assert_int_equal(zone_of(m, 0, ZONE_MOVABLE)->_watermark[WMARK_MIN],
			 32);
	/* totalreserve: high marks + largest protection, per zone */
	assert_int_equal(m->totalreserve_pages, (282 + 106) + 1999 + 0);
	/* pcp: batch 7 (27136 >> 10 = 26, / 4 = 6, 2^3 - 1), high_min
	 * low / 2 CPUs, high_max managed / 8 / 2 */
	struct per_cpu_pages *pcp = &n->per_cpu_pageset[1];
	assert_int_equal(pcp->batch, 7);
	assert_int_equal(pcp->high_min, 1666 / 2);
	assert_int_equal(pcp->high_max, 27136 / 8 / 2);
	assert_int_equal(dma->per_cpu_pageset[0].batch, 1);
	assert_checked(m);
	machine_destroy(m);
}

/* The host of KERNEL_FACTS §9 (2 CPUs, zones of 3840/772808/262144
 * managed pages): min_free_kbytes 67584 and its /proc/zoneinfo marks. */
static void test_watermarks_host(void **state)
{
	(void)state;
	struct machine_config cfg;
	char err[256];

	machine_preset(&cfg, "x86_64");
	cfg.nr_cpus = 2;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	assert_non_null(m);
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	struct zone *d32 = zone_of(m, 0, ZONE_DMA32);
	struct zone *n = zone_of(m, 0, ZONE_NORMAL);

	dma->managed_pages = 3840;
	d32->managed_pages = 772808;
	n->managed_pages = 262144;
	init_per_zone_wmark_min(m);
	assert_int_equal(m->min_free_kbytes, 67584);
	assert_int_equal(dma->_watermark[WMARK_MIN], 62);
	assert_int_equal(dma->_watermark[WMARK_LOW], 77);
	assert_int_equal(dma->_watermark[WMARK_HIGH], 92);
	assert_int_equal(dma->_watermark[WMARK_PROMO], 107);
	assert_int_equal(d32->_watermark[WMARK_MIN], 12569);
	assert_int_equal(d32->_watermark[WMARK_LOW], 15711);
	assert_int_equal(d32->_watermark[WMARK_HIGH], 18853);
	assert_int_equal(d32->_watermark[WMARK_PROMO], 21995);
	assert_int_equal(n->_watermark[WMARK_MIN], 4263);
	assert_int_equal(n->_watermark[WMARK_LOW], 5328);
	assert_int_equal(n->_watermark[WMARK_HIGH], 6393);
	assert_int_equal(n->_watermark[WMARK_PROMO], 7458);
	/* protection: (0, 3018, 4042, 4042) and (0, 0, 1024, 1024) */
	assert_int_equal(dma->lowmem_reserve[ZONE_DMA32], 3018);
	assert_int_equal(dma->lowmem_reserve[ZONE_NORMAL], 4042);
	assert_int_equal(d32->lowmem_reserve[ZONE_NORMAL], 1024);
	/* pagesets: batch / high_min / high_max */
	assert_int_equal(dma->per_cpu_pageset[0].batch, 1);
	assert_int_equal(dma->per_cpu_pageset[0].high_min, 38);
	assert_int_equal(dma->per_cpu_pageset[0].high_max, 240);
	assert_int_equal(d32->per_cpu_pageset[1].batch, 63);
	assert_int_equal(d32->per_cpu_pageset[1].high_min, 7855);
	assert_int_equal(d32->per_cpu_pageset[1].high_max, 48300);
	assert_int_equal(n->per_cpu_pageset[0].batch, 63);
	assert_int_equal(n->per_cpu_pageset[0].high_min, 2664);
	assert_int_equal(n->per_cpu_pageset[0].high_max, 16384);
	machine_destroy(m);
}

/*
 * First GFP_KERNEL order-0 allocation on the default machine: Normal has
 * only Movable blocks, so __rmqueue_claim converts the first order-10
 * block (both pageblocks) to Unmovable; rmqueue_bulk pulls batch = 7
 * pages 5120..5126 in physical order and the head, 5120, is returned.
 */
static void test_pcp_refill(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct zone *z = zone_of(m, 0, ZONE_NORMAL);
	struct per_cpu_pages *pcp = &z->per_cpu_pageset[0];
	struct evlog l;

	trace_on(m, &l);
	struct page *p = alloc_pages(m, GFP_KERNEL, 0);
	assert_non_null(p);
	assert_int_equal(page_to_pfn(m, p), 5120);
	assert_int_equal(l.n[EV_PCP_REFILL], 1);
	assert_int_equal(l.last[EV_PCP_REFILL].n, 7);
	assert_true(called(&l, "__rmqueue_claim"));
	assert_true(called(&l, "try_to_steal_block"));
	assert_int_equal(pcp->count, 6);
	assert_int_equal(pcp->alloc_factor, 1);
	assert_int_equal(pcp->high, 833 + 7);
	struct list_head *list = &pcp->lists[0]; /* order 0, Unmovable */
	unsigned long want = 5121;
	for (struct list_head *e = list->next; e != list; e = e->next)
		assert_int_equal(
			page_to_pfn(m, list_entry(e, struct page, buddy_list)),
			want++);
	assert_int_equal(want, 5127);
	/* the two pageblocks of 5120..6143 are Unmovable now */
	assert_int_equal(m->pageblock_mt[5120 >> 9], MIGRATE_UNMOVABLE);
	assert_int_equal(m->pageblock_mt[(5120 >> 9) + 1], MIGRATE_UNMOVABLE);
	assert_int_equal(m->pageblock_mt[(6144 >> 9)], MIGRATE_MOVABLE);
	/* remainder of the block on the Unmovable lists: 5127 (o0),
	 * 5128 (o3), 5136 (o4) ... 5632 (o9) */
	assert_int_equal(head_pfn(m, z, 0, MIGRATE_UNMOVABLE), 5127);
	assert_int_equal(head_pfn(m, z, 3, MIGRATE_UNMOVABLE), 5128);
	assert_int_equal(head_pfn(m, z, 9, MIGRATE_UNMOVABLE), 5632);
	assert_true(list_empty(&z->free_area[1].free_list[MIGRATE_UNMOVABLE]));
	/* the next allocation is a pcp hit: the list head */
	struct page *q = alloc_pages(m, GFP_KERNEL, 0);
	assert_int_equal(page_to_pfn(m, q), 5121);
	assert_int_equal(l.n[EV_PCP_REFILL], 1);
	assert_int_equal(pcp->count, 5);
	/* a free goes to the head of the list */
	assert_int_equal(__free_pages(m, p, 0), 0);
	assert_int_equal(
		page_to_pfn(m, list_first_entry(list, struct page, buddy_list)),
		5120);
	assert_int_equal(pcp->count, 6);
	assert_int_equal(pcp->alloc_factor, 0);
	assert_int_equal(__free_pages(m, q, 0), 0);
	m->sink = NULL;
	assert_checked(m);
	machine_destroy(m);
}

/*
 * Freeing to a pcp list that reaches high drains nr_pcp_free pages:
 * free_count saturates at batch << 5 = 224, so 224 pages go back.
 */
static void test_pcp_drain_on_high(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct zone *z = zone_of(m, 0, ZONE_NORMAL);
	struct per_cpu_pages *pcp = &z->per_cpu_pageset[0];
	static struct page *pages[2000];
	struct evlog l;

	for (int i = 0; i < 2000; i++) {
		pages[i] = alloc_pages(m, GFP_KERNEL, 0);
		assert_non_null(pages[i]);
	}
	/* each refill raised high by its batch, up to high_max */
	assert_int_equal(pcp->high, pcp->high_max);
	assert_int_equal(pcp->high, 1696);
	int drained_at = -1;

	trace_on(m, &l);
	for (int i = 0; i < 2000; i++) {
		int before = pcp->count;

		assert_int_equal(__free_pages(m, pages[i], 0), 0);
		if (pcp->count < before) {
			assert_int_equal(before + 1, 1696);
			assert_int_equal(pcp->count, 1696 - 224);
			assert_int_equal(l.last[EV_PCP_DRAIN].n, 224);
			drained_at = i;
			break;
		}
		assert_true(pcp->count < pcp->high);
	}
	assert_true(drained_at > 0);
	for (int i = drained_at + 1; i < 2000; i++) {
		assert_int_equal(__free_pages(m, pages[i], 0), 0);
		assert_true(pcp->count < pcp->high);
	}
	m->sink = NULL;
	assert_checked(m);
	drain_all_pages(m, NULL);
	assert_int_equal(pcp->count, 0);
	assert_checked(m);
	machine_destroy(m);
}

/* take every free block of a zone off the lists (test setup) */
static void empty_zone(struct machine *m, struct zone *z)
{
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			while (!list_empty(&z->free_area[o].free_list[mt]))
				assert_non_null(
					buddy_rmqueue_smallest(m, z, o, mt, 0));
	assert_int_equal(z->nr_free_pages, 0);
}

/*
 * __rmqueue_claim below pageblock order: in the DMA zone only
 * pageblock 1 (512..1023) has free pages, 511 of them, all Movable.
 * An Unmovable order-0 request takes the largest fallback block
 * (order 8 at 768); 511 free >= 256 so the whole pageblock becomes
 * Unmovable and the page comes from the refilled Unmovable lists.
 */
static void test_claim_pageblock(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	struct evlog l;

	assert_int_equal(
		page_to_pfn(m, buddy_rmqueue_smallest(m, dma, 8,
						      MIGRATE_UNMOVABLE, 0)),
		256);
	assert_int_equal(page_to_pfn(m, buddy_rmqueue_smallest(
						m, dma, 0, MIGRATE_MOVABLE, 0)),
			 512);
	for (int i = 0; i < 3; i++)
		assert_non_null(
			buddy_rmqueue_smallest(m, dma, 10, MIGRATE_MOVABLE, 0));
	assert_int_equal(dma->nr_free_pages, 511);
	assert_int_equal(head_pfn(m, dma, 8, MIGRATE_MOVABLE), 768);

	trace_on(m, &l);
	struct page *p = alloc_pages(m, GFP_KERNEL | __GFP_DMA, 0);
	assert_non_null(p);
	assert_int_equal(page_to_pfn(m, p), 513);
	assert_int_equal(m->pageblock_mt[1], MIGRATE_UNMOVABLE);
	assert_true(called(&l, "__rmqueue_claim"));
	assert_true(called(&l, "__move_freepages_block"));
	assert_int_equal(l.last[EV_STEAL].pfn, 512);
	assert_int_equal(l.last[EV_FALLBACK].mt, MIGRATE_UNMOVABLE);
	assert_int_equal(l.last[EV_FALLBACK].mt2, MIGRATE_MOVABLE);
	for (unsigned int o = 1; o <= 8; o++) {
		assert_int_equal(head_pfn(m, dma, o, MIGRATE_UNMOVABLE),
				 512 + (1UL << o));
		assert_true(list_empty(
			&dma->free_area[o].free_list[MIGRATE_MOVABLE]));
	}
	/* the boost was raised and dropped again by "kswapd" */
	assert_int_equal(dma->watermark_boost, 0);
	m->sink = NULL;
	assert_checked(m);
	machine_destroy(m);
}

/*
 * __rmqueue_steal: Normal holds only Unmovable order-2 blocks (every
 * other one), DMA nothing. A Movable order-0 request cannot claim
 * (can_steal is false below order 4 for Movable), so after the
 * ALLOC_NOFRAGMENT pass fails it steals the smallest Unmovable block,
 * leaving the pageblock Unmovable.
 */
static void test_steal_single(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	struct zone *n = zone_of(m, 0, ZONE_NORMAL);
	static struct page *pages[27136];
	int np = 0;
	struct evlog l;

	empty_zone(m, dma);
	while (n->nr_free_pages)
		pages[np++] =
			buddy_rmqueue_smallest(m, n, 0, MIGRATE_MOVABLE, 0);
	for (unsigned long pfn = n->zone_start_pfn;
	     pfn < n->zone_start_pfn + n->spanned_pages; pfn += 512)
		set_pageblock_migratetype(m, pfn_to_page(m, pfn),
					  MIGRATE_UNMOVABLE);
	for (int i = 0; i < np; i++)
		if ((page_to_pfn(m, pages[i]) & 7) < 4)
			assert_int_equal(__free_pages(m, pages[i], 0), 0);
	drain_all_pages(m, NULL);
	assert_int_equal(n->nr_free_pages, (unsigned long)np / 2);
	assert_int_equal(n->free_area[2].nr_free, (unsigned long)np / 8);
	unsigned long P = head_pfn(m, n, 2, MIGRATE_UNMOVABLE);

	trace_on(m, &l);
	struct page *p = alloc_pages(m, GFP_KERNEL | __GFP_MOVABLE, 0);
	assert_non_null(p);
	assert_int_equal(page_to_pfn(m, p), P);
	assert_true(called(&l, "__rmqueue_steal"));
	assert_int_equal(l.n[EV_STEAL], 0);
	assert_int_equal(m->pageblock_mt[P >> 9], MIGRATE_UNMOVABLE);
	m->sink = NULL;
	assert_checked(m);
	machine_destroy(m);
}

static bool log_has_line(struct machine *m, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = m->log; p && (p = strstr(p, line)); p++)
		if ((p == m->log || p[-1] == '\n') && p[n] == '\n')
			return true;
	return false;
}

static void test_oom(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	int got = 0;

	while (alloc_pages(m, GFP_KERNEL, 10))
		got++;
	assert_true(got > 20);
	assert_true(log_has_line(m,
				 "kmemlab: page allocation failure: order:10, "
				 "mode:0xcc0(GFP_KERNEL), nodemask=(null)"));
	assert_true(log_has_line(m, "Mem-Info:"));
	unsigned long lines = m->log_lines;
	char *before = buddyinfo(m);

	assert_null(alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 10));
	assert_int_equal(m->log_lines, lines);
	char *after = buddyinfo(m);
	assert_string_equal(before, after);
	free(before);
	free(after);

	/* orders above MAX_PAGE_ORDER: a WARNING once, NULL always */
	assert_null(alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 11));
	assert_int_equal(m->log_lines, lines);
	assert_null(alloc_pages(m, GFP_KERNEL, 11));
	assert_true(m->log_lines > lines);
	assert_true(strstr(m->log, "WARNING: CPU: 0 PID: 1 at "
				   "mm/page_alloc.c") != NULL);
	assert_checked(m);
	machine_destroy(m);
}

static void test_fail_after(void **state)
{
	(void)state;
	struct machine *m = boot("default");

	m->fail_after = 3;
	struct page *a = alloc_pages(m, GFP_KERNEL, 0);
	struct page *b = alloc_pages(m, GFP_KERNEL, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_null(alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 0));
	assert_int_equal(m->fail_after, 0);
	struct page *c = alloc_pages(m, GFP_KERNEL, 0);
	assert_non_null(c);
	__free_pages(m, a, 0);
	__free_pages(m, b, 0);
	__free_pages(m, c, 0);
	assert_checked(m);
	machine_destroy(m);
}

/* A bad free reports and changes nothing. */
static void expect_bad_free(struct machine *m, struct page *page,
			    unsigned int order, const char *reason)
{
	char *before = buddyinfo(m);
	unsigned long free_before =
		zone_free_pages_with_pcp(m, page_zone(m, page));
	struct page copy = *page;
	char want[128];

	size_t log_at = m->log_len;
	assert_int_equal(__free_pages(m, page, order), -EINVAL);
	char *after = buddyinfo(m);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(zone_free_pages_with_pcp(m, page_zone(m, page)),
			 free_before);
	assert_memory_equal(&copy, page, sizeof(copy));
	snprintf(want, sizeof(want),
		 "BUG: Bad page state in process kmemlab  pfn:%05lx\n",
		 page_to_pfn(m, page));
	assert_non_null(strstr(m->log + log_at, want));
	snprintf(want, sizeof(want), "page dumped because: %s", reason);
	assert_non_null(strstr(m->log + log_at, want));
	assert_true(m->taint_flags & TAINT_BAD_PAGE);
	assert_checked(m);
}

static void test_bad_frees(void **state)
{
	(void)state;
	struct machine *m = boot("default");

	/* never allocated: inside a free block */
	expect_bad_free(m, pfn_to_page(m, 5121), 0,
			"page not allocated (refcount 0)");
	/* head of a free block */
	expect_bad_free(m, pfn_to_page(m, 5120), 0, "nonzero mapcount");
	/* reserved: the kernel image */
	expect_bad_free(m, pfn_to_page(m, 0x1000), 0,
			"PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
	/* wrong order */
	struct page *p = alloc_pages(m, GFP_KERNEL, 2);
	expect_bad_free(m, p, 1,
			"wrong order: allocated as order 2, freed as order 1");
	/* a page in the middle of an allocation */
	expect_bad_free(m, p + 1, 0, "page not allocated (refcount 0)");
	/* double free: on a pcp list after the first free */
	assert_int_equal(__free_pages(m, p, 2), 0);
	expect_bad_free(m, p, 2, "page already free (on a per-cpu list)");
	/* double free after the drain: a buddy head */
	drain_all_pages(m, NULL);
	/* p (5120) merged back: it heads a free block again */
	assert_int_equal(page_to_pfn(m, p), 5120);
	expect_bad_free(m, p, 2, "nonzero mapcount");
	/* compound: a tail, and the wrong order */
	struct page *c = alloc_pages(m, GFP_KERNEL | __GFP_COMP, 3);
	assert_true(PageHead(c));
	assert_int_equal(c->compound_order, 3);
	assert_ptr_equal(compound_head(c + 5), c);
	expect_bad_free(m, c + 5, 0, "freeing a tail page of a compound page");
	expect_bad_free(m, c, 2,
			"wrong order: compound page of order 3 freed as "
			"order 2");
	/* a slab page */
	SetPageFlag(c, PG_slab);
	expect_bad_free(m, c, 3, "nonzero mapcount");
	ClearPageFlag(c, PG_slab);
	assert_int_equal(__free_pages(m, c, 3), 0);
	assert_false(PageTail(c + 5));
	/* the report's lines */
	assert_non_null(strstr(m->log, "page: refcount:0 mapcount:0 "
				       "mapping:0000000000000000 index:0x0 "
				       "pfn:0x1401\n"));
	assert_non_null(strstr(m->log, "flags: 0x"));
	assert_non_null(strstr(m->log, "page_type: f0(buddy)\n"));
	assert_checked(m);
	machine_destroy(m);
}

static void test_zone_selection(void **state)
{
	(void)state;
	struct machine *m = boot("x86_64");
	struct page *p;

	p = alloc_pages(m, GFP_DMA, 0);
	assert_int_equal(page_zone(m, p)->idx, ZONE_DMA);
	assert_true(page_to_pfn(m, p) < 4096);
	__free_pages(m, p, 0);
	p = alloc_pages(m, GFP_DMA32, 0);
	assert_int_equal(page_zone(m, p)->idx, ZONE_DMA32);
	assert_true(page_to_pfn(m, p) >= 4096 && page_to_pfn(m, p) < 0x100000);
	__free_pages(m, p, 0);
	p = alloc_pages(m, GFP_KERNEL, 0);
	assert_int_equal(page_zone(m, p)->idx, ZONE_NORMAL);
	assert_true(page_to_pfn(m, p) >= 0x100000);
	__free_pages(m, p, 0);
	p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 4);
	assert_int_equal(page_zone(m, p)->idx, ZONE_NORMAL);
	__free_pages(m, p, 4);
	/* default machine: no DMA32 zone, GFP_DMA32 falls to DMA */
	struct machine *d = boot("default");
	p = alloc_pages(d, GFP_DMA32, 0);
	assert_int_equal(page_zone(d, p)->idx, ZONE_DMA);
	__free_pages(d, p, 0);
	assert_checked(m);
	assert_checked(d);
	machine_destroy(d);
	machine_destroy(m);
}

static void test_zero_and_node(void **state)
{
	(void)state;
	struct machine *m = boot("numa");
	struct page *p = alloc_pages(m, GFP_KERNEL, 1);
	unsigned char *mem = km_ptr(m, page_address(m, p));

	memset(mem, 0xa5, 2 * KM_PAGE_SIZE);
	__free_pages(m, p, 1);
	p = alloc_pages(m, GFP_KERNEL | __GFP_ZERO, 1);
	mem = km_ptr(m, page_address(m, p));
	for (size_t i = 0; i < 2 * KM_PAGE_SIZE; i++)
		assert_int_equal(mem[i], 0);
	__free_pages(m, p, 1);
	unsigned long a = get_zeroed_page(m, GFP_KERNEL);
	assert_true(a != 0);
	assert_int_equal(free_pages(m, a, 0), 0);

	struct page *q = alloc_pages_node(m, 1, GFP_KERNEL | __GFP_THISNODE, 0);
	assert_int_equal(page_to_nid(m, q), 1);
	__free_pages(m, q, 0);
	m->cur_cpu = 3; /* node 1 */
	q = alloc_pages(m, GFP_KERNEL, 0);
	assert_int_equal(page_to_nid(m, q), 1);
	__free_pages(m, q, 0);
	drain_all_pages(m, NULL);
	assert_checked(m);
	machine_destroy(m);
}

static void test_proc_formats(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct seq_buf s;

	seq_init(&s);
	pagetypeinfo_show(m, &s);
	assert_non_null(strstr(
		s.buf, "Page block order: 9\nPages per block:  512\n\n"
		       "Free pages count per migrate type at order       0 "
		       "     1      2      3      4      5      6      7      "
		       "8      9     10 \n"
		       "Node    0, zone      DMA, type    Unmovable      0    "
		       "  0      0      0      0      0      0      0      1  "
		       "    0      0 \n"));
	assert_non_null(strstr(
		s.buf, "\nNumber of blocks type     Unmovable      Movable  "
		       "Reclaimable   HighAtomic      Isolate \n"
		       "Node 0, zone      DMA            1            7       "
		       "     0            0            0 \n"));
	seq_free(&s);
	seq_init(&s);
	zoneinfo_show(m, &s);
	assert_non_null(strstr(s.buf,
			       "Node 0, zone      DMA\n  per-node stats\n"
			       "      nr_inactive_anon 0\n"));
	assert_non_null(strstr(s.buf,
			       "  pages free     3840\n        boost    0\n"
			       "        min      188\n        low      235\n"
			       "        high     282\n        promo    329\n"
			       "        spanned  4095\n        present  3998\n"
			       "        managed  3840\n        cma      0\n"
			       "        protection: (0, 0, 106, 106, 106)\n"
			       "      nr_free_pages 3840\n"));
	assert_non_null(strstr(s.buf, "  pagesets\n    cpu: 0\n"
				      "              count: 0\n"
				      "              high:  0\n"
				      "              batch: 1\n"
				      "  vm stats threshold: 4\n"));
	assert_non_null(strstr(s.buf,
			       "Node 0, zone  Movable\n  pages free     0\n"
			       "        boost    0\n        min      32\n"));
	assert_non_null(strstr(s.buf, "  node_unreclaimable:  0\n"
				      "  start_pfn:           4096\n"));
	assert_non_null(strstr(s.buf, "Node 0, zone   Device\n"));
	seq_free(&s);
	machine_destroy(m);
}

/* buddy_check finds each kind of corruption (kunit style: corrupt,
 * check, expect errors, repair, check clean) */
static void expect_check_error(struct machine *m, const char *what)
{
	char buf[256];

	assert_true(buddy_check(m, buf, sizeof(buf)) > 0);
	if (!strstr(buf, what))
		fail_msg("buddy_check said '%s', expected '%s'", buf, what);
}

static void test_check_detects_corruption(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct zone *z = zone_of(m, 0, ZONE_NORMAL);
	struct page *head = pfn_to_page(m, 5120);

	z->free_area[10].nr_free++;
	expect_check_error(m, "nr_free 27, lists hold 26");
	z->free_area[10].nr_free--;

	z->nr_free_pages--;
	expect_check_error(m, "nr_free_pages 27135");
	z->nr_free_pages++;

	ClearPageFlag(head, PG_buddy);
	expect_check_error(m, "lacks PG_buddy");
	SetPageFlag(head, PG_buddy);

	pfn_to_page(m, 5125)->_refcount = 1;
	expect_check_error(m, "pfn 0x1405 inside free block 0x1400");
	pfn_to_page(m, 5125)->_refcount = 0;

	m->pageblock_mt[5120 >> 9] = MIGRATE_RECLAIMABLE;
	expect_check_error(m, "on Movable list in a Reclaimable pageblock");
	m->pageblock_mt[5120 >> 9] = MIGRATE_MOVABLE;

	struct page *p = alloc_pages(m, GFP_KERNEL, 0);
	z->per_cpu_pageset[0].count++;
	expect_check_error(m, "pcp count 7, lists hold 6");
	z->per_cpu_pageset[0].count--;
	__free_pages(m, p, 0);
	assert_checked(m);
	machine_destroy(m);
}

/* one order-0 page from whichever list has one (test setup) */
static struct page *take_one(struct machine *m, struct zone *z)
{
	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		struct page *p = buddy_rmqueue_smallest(m, z, 0, mt, 0);

		if (p)
			return p;
	}
	return NULL;
}

/*
 * Zonelist fallback: with Normal empty, GFP_KERNEL walks on to DMA (an
 * EV_ZONE_FALLBACK for Normal); DMA keeps lowmem_reserve[Normal] pages
 * for DMA requests: a GFP_KERNEL request fails once DMA's free pages
 * fall to low + 106, while GFP_DMA still succeeds.
 */
static void test_zone_fallback_and_reserve(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	struct zone *n = zone_of(m, 0, ZONE_NORMAL);
	struct evlog l;

	empty_zone(m, n);
	trace_on(m, &l);
	struct page *p = alloc_pages(m, GFP_KERNEL, 0);
	assert_non_null(p);
	assert_int_equal(page_zone(m, p)->idx, ZONE_DMA);
	assert_true(l.n[EV_ZONE_FALLBACK] >= 1);
	m->sink = NULL;
	/* take DMA down to exactly low + reserve + 1 free pages */
	unsigned long keep = low_wmark_pages(dma) +
			     (unsigned long)dma->lowmem_reserve[ZONE_NORMAL] +
			     1;
	drain_all_pages(m, NULL);
	while (dma->nr_free_pages > keep)
		assert_non_null(take_one(m, dma));
	assert_int_equal(dma->nr_free_pages, keep);
	/* order 0 at the low mark needs free > low + reserve: passes once */
	struct page *q = alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 0);
	assert_non_null(q);
	drain_all_pages(m, NULL);
	unsigned long left = dma->nr_free_pages;
	/* below the min mark + reserve, GFP_KERNEL gets nothing */
	while (dma->nr_free_pages >
	       min_wmark_pages(dma) +
		       (unsigned long)dma->lowmem_reserve[ZONE_NORMAL])
		assert_non_null(take_one(m, dma));
	assert_null(alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 0));
	/* ... but a DMA request has no reserve to respect */
	struct page *d = alloc_pages(m, GFP_DMA | __GFP_NOWARN, 0);
	assert_non_null(d);
	assert_true(left > dma->nr_free_pages);
	assert_checked(m);
	machine_destroy(m);
}

/*
 * ___free_pages(): a non-compound block whose first page is still held
 * (refcount 2) frees the rest in the largest pieces that spare page 0:
 * order 2 at P frees P+2 (order 1) and P+1 (order 0); P stays, order 0.
 */
static void test_free_held_first_page(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	char *boot_text = buddyinfo(m);
	struct page *p = alloc_pages(m, GFP_KERNEL, 2);
	struct per_cpu_pages *pcp = &page_zone(m, p)->per_cpu_pageset[0];
	int count = pcp->count;

	p->_refcount = 2; /* as after get_page() */
	assert_int_equal(__free_pages(m, p, 2), 0);
	assert_int_equal(p->_refcount, 1);
	assert_int_equal(pcp->count, count + 3);
	assert_true(PageFlag(p + 1, PG_pcp));
	assert_true(PageFlag(p + 2, PG_pcp));
	assert_false(PageFlag(p, PG_pcp));
	assert_checked(m);
	/* the holder's put: page 0 alone, order 0 */
	assert_int_equal(__free_pages(m, p, 0), 0);
	drain_all_pages(m, NULL);
	char *end_text = buddyinfo(m);
	assert_string_equal(boot_text, end_text);
	free(boot_text);
	free(end_text);
	assert_checked(m);
	machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_layout),
		cmocka_unit_test(test_alloc_free_roundtrip),
		cmocka_unit_test(test_split_and_merge),
		cmocka_unit_test(test_expand_example),
		cmocka_unit_test(test_watermarks_default),
		cmocka_unit_test(test_watermarks_host),
		cmocka_unit_test(test_pcp_refill),
		cmocka_unit_test(test_pcp_drain_on_high),
		cmocka_unit_test(test_claim_pageblock),
		cmocka_unit_test(test_steal_single),
		cmocka_unit_test(test_oom),
		cmocka_unit_test(test_fail_after),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_zone_selection),
		cmocka_unit_test(test_zero_and_node),
		cmocka_unit_test(test_proc_formats),
		cmocka_unit_test(test_check_detects_corruption),
		cmocka_unit_test(test_zone_fallback_and_reserve),
		cmocka_unit_test(test_free_held_first_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
