// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy page allocator (twin: mm/page_alloc.c as of 6.12.29+, with
 * mm/memblock.c __free_pages_memory() for boot and mm/khugepaged.c
 * set_recommended_min_free_kbytes()). Fallback is the 6.12.29+ split:
 * own type, then __rmqueue_claim() (largest first, convert the pageblock),
 * then __rmqueue_steal() (smallest first, pageblock unchanged).
 * Left out: reclaim, compaction, kswapd, the OOM killer (the slow path
 * retries once at min, then fails, __GFP_NOFAIL too), HIGHATOMIC
 * reserves, CMA, isolation, hotplug, shuffling, guard pages, ratelimits,
 * pcp high decay. A kswapd wake-up for a boosted zone drops the boost at
 * once, as kswapd does when done.
 * Bad frees are checked before any change, more strictly than the kernel
 * (free_page_is_bad). page->owner is kept on block heads only; PG_buddy,
 * PG_pcp and the lists tell which pages are free.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/buddy.h"
#include "kmemlab/vmalloc.h"
#include "internal.h"

/* the hot path is inlined into alloc_pages/__free_pages, as the kernel's
 * __always_inline helpers are */
#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

/* mm/internal.h alloc_flags */
#define ALLOC_WMARK_MIN WMARK_MIN
#define ALLOC_WMARK_LOW WMARK_LOW
#define ALLOC_WMARK_HIGH WMARK_HIGH
#define ALLOC_NO_WATERMARKS 0x04
#define ALLOC_WMARK_MASK (ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM 0x08
#define ALLOC_NON_BLOCK 0x10
#define ALLOC_MIN_RESERVE 0x20 /* == __GFP_HIGH */
#define ALLOC_CPUSET 0x40
#define ALLOC_CMA 0x80
#define ALLOC_NOFRAGMENT 0x100
#define ALLOC_HIGHATOMIC 0x200
#define ALLOC_KSWAPD 0x800 /* == __GFP_KSWAPD_RECLAIM */
#define ALLOC_RESERVES                                                         \
	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

/* zone->flags bits (enum zone_flags) */
#define ZONE_BOOSTED_WATERMARK (1UL << 0)
#define ZONE_BELOW_HIGH (1UL << 1)

/* per_cpu_pages->flags */
#define PCPF_PREV_FREE_HIGH_ORDER 0x1
#define PCPF_FREE_HIGH_BATCH 0x2

#define CONFIG_PCP_BATCH_SCALE_MAX 5
#define MIN_PERCPU_PAGELIST_HIGH_FRACTION 8
#define SWAP_CLUSTER_MAX 32UL

typedef unsigned int fpi_t;
#define FPI_NONE 0x0
#define FPI_TO_TAIL 0x2

enum rmqueue_mode {
	RMQUEUE_NORMAL,
	RMQUEUE_CMA,
	RMQUEUE_CLAIM,
	RMQUEUE_STEAL,
};

/* What the allocation asks for (struct alloc_context). */
struct alloc_context {
	struct zone **zonelist; /* NULL-terminated, highest zone first */
	struct zone *preferred_zone;
	int highest_zoneidx;
	int migratetype;
	int thisnode; /* -1, or the only node allowed (__GFP_THISNODE) */
};

static const int watermark_scale_factor = 10;
static const int watermark_boost_factor = 15000;
/* mm/page_alloc.c: sysctl_lowmem_reserve_ratio (DMA, DMA32, Normal, Mov) */
static const int sysctl_lowmem_reserve_ratio[MAX_NR_ZONES] = {256, 256, 32, 0};

/* fallbacks[]: which free lists a type may borrow from, in this order */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE},
	[MIGRATE_MOVABLE] = {MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE},
	[MIGRATE_RECLAIMABLE] = {MIGRATE_UNMOVABLE, MIGRATE_MOVABLE},
};

static struct page *__rmqueue_smallest(struct machine *m, struct zone *zone,
				       unsigned int order, int migratetype);

/* --- small helpers --------------------------------------------------- */

static inline bool pcp_allowed_order(unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == pageblock_order;
}

/* list index: 3 * order + type for orders 0..3, then THP movable or not */
static inline unsigned int order_to_pindex(int migratetype, int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER)
		return NR_LOWORDER_PCP_LISTS + (migratetype == MIGRATE_MOVABLE);
	return (unsigned int)(MIGRATE_PCPTYPES * order + migratetype);
}

static inline int pindex_to_order(unsigned int pindex)
{
	if (pindex >= NR_LOWORDER_PCP_LISTS)
		return pageblock_order;
	return (int)pindex / MIGRATE_PCPTYPES;
}

static inline bool migratetype_is_mergeable(int mt)
{
	return mt < MIGRATE_PCPTYPES;
}

static inline bool zone_spans_pfn(const struct zone *zone, unsigned long pfn)
{
	return pfn >= zone->zone_start_pfn &&
	       pfn < zone->zone_start_pfn + zone->spanned_pages;
}

static inline struct per_cpu_pages *this_cpu_pcp(const struct machine *m,
						 const struct zone *zone)
{
	return &zone->per_cpu_pageset[m->cur_cpu];
}

static inline int get_pfnblock_migratetype(const struct machine *m,
					   unsigned long pfn)
{
	return m->pageblock_mt[pfn >> pageblock_order];
}

/* include/linux/gfp.h: gfp_zone() through GFP_ZONE_TABLE; -1 = invalid */
static int gfp_zone(gfp_t flags)
{
	switch (flags & GFP_ZONEMASK) {
	case 0:
	case __GFP_HIGHMEM:
	case __GFP_MOVABLE:
		return ZONE_NORMAL;
	case __GFP_DMA:
	case __GFP_DMA | __GFP_MOVABLE:
		return ZONE_DMA;
	case __GFP_DMA32:
	case __GFP_DMA32 | __GFP_MOVABLE:
		return ZONE_DMA32;
	case __GFP_MOVABLE | __GFP_HIGHMEM:
		return ZONE_MOVABLE;
	default:
		return -1; /* GFP_ZONE_BAD: two zone modifiers */
	}
}

static inline int gfp_migratetype(gfp_t gfp)
{
	return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

static inline void account_freepages(struct zone *zone, long nr_pages,
				     int migratetype)
{
	if (migratetype == MIGRATE_ISOLATE)
		return;
	zone->nr_free_pages += (unsigned long)nr_pages;
}

static inline void set_buddy_order(struct page *page, unsigned int order)
{
	page->private = order;
	SetPageFlag(page, PG_buddy);
	page->owner = OWNER_FREE;
}

static inline void __add_to_free_list(struct zone *zone, struct page *page,
				      unsigned int order, int migratetype,
				      bool tail)
{
	struct free_area *area = &zone->free_area[order];

	if (tail)
		list_add_tail(&page->buddy_list, &area->free_list[migratetype]);
	else
		list_add(&page->buddy_list, &area->free_list[migratetype]);
	area->nr_free++;
}

/* moved blocks go to the tail so they are not reused at once */
static inline void move_to_free_list(struct zone *zone, struct page *page,
				     unsigned int order, int old_mt, int new_mt)
{
	struct free_area *area = &zone->free_area[order];

	list_move_tail(&page->buddy_list, &area->free_list[new_mt]);
	account_freepages(zone, -(1L << order), old_mt);
	account_freepages(zone, 1L << order, new_mt);
}

static inline void __del_page_from_free_list(struct zone *zone,
					     struct page *page,
					     unsigned int order)
{
	list_del(&page->buddy_list);
	ClearPageFlag(page, PG_buddy);
	page->private = 0;
	zone->free_area[order].nr_free--;
}

static inline void del_page_from_free_list(struct zone *zone, struct page *page,
					   unsigned int order, int migratetype)
{
	__del_page_from_free_list(zone, page, order);
	account_freepages(zone, -(1L << order), migratetype);
}

static inline struct page *get_page_from_free_area(struct free_area *area,
						   int migratetype)
{
	struct list_head *l = &area->free_list[migratetype];

	return list_empty(l) ? NULL
			     : list_first_entry(l, struct page, buddy_list);
}

static inline bool free_area_empty(const struct free_area *area, int mt)
{
	return list_empty(&area->free_list[mt]);
}

/*
 * mm/internal.h: find_buddy_page_pfn(). The buddy of pfn at order o is
 * pfn ^ (1 << o): buddy of pfn 8 at order 1 = 8 ^ 2 = 10. It is a merge
 * partner only if it heads a free block of exactly that order in the
 * same zone.
 */
static inline struct page *find_buddy_page_pfn(const struct machine *m,
					       struct zone *zone,
					       unsigned long pfn,
					       unsigned int order,
					       unsigned long *buddy_pfn)
{
	unsigned long bpfn = pfn ^ (1UL << order);
	struct page *buddy;

	if (buddy_pfn)
		*buddy_pfn = bpfn;
	if (!pfn_valid(m, bpfn))
		return NULL;
	buddy = pfn_to_page(m, bpfn);
	if (!PageBuddy(buddy) || buddy_order(buddy) != order)
		return NULL;
	if (page_zone(m, buddy) != zone || !zone_spans_pfn(zone, bpfn))
		return NULL;
	return buddy;
}

/* --- freeing into the free lists -------------------------------------- */

/*
 * buddy_merge_likely(): if the buddy of the block one order up is free,
 * this block will probably merge soon, so queue it at the tail where it
 * is not handed out before that happens.
 */
static bool buddy_merge_likely(const struct machine *m, struct zone *zone,
			       unsigned long pfn, unsigned long buddy_pfn,
			       unsigned int order)
{
	unsigned long higher_page_pfn;

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	higher_page_pfn = buddy_pfn & pfn;
	return find_buddy_page_pfn(m, zone, higher_page_pfn, order + 1, NULL) !=
	       NULL;
}

static void change_pageblock_range(struct machine *m, unsigned long pfn,
				   int start_order, int migratetype)
{
	int nr_pageblocks = 1 << (start_order - pageblock_order);

	while (nr_pageblocks--) {
		int old = get_pfnblock_migratetype(m, pfn);

		if (old != migratetype)
			MM_EVENT(m, .type = EV_STEAL,
				 .func = "change_pageblock_range", .pfn = pfn,
				 .mt = migratetype, .mt2 = old);
		m->pageblock_mt[pfn >> pageblock_order] = (uint8_t)migratetype;
		pfn += pageblock_nr_pages;
	}
}

/* mm/page_alloc.c: __free_one_page() */
static void __free_one_page(struct machine *m, struct page *page,
			    unsigned long pfn, struct zone *zone,
			    unsigned int order, int migratetype,
			    fpi_t fpi_flags)
{
	unsigned long buddy_pfn = 0, combined_pfn;
	struct page *buddy;
	bool to_tail;

	mm_call(m, "__free_one_page");
	KM_BUG_ON(pfn & ((1UL << order) - 1));
	KM_BUG_ON(!zone_spans_pfn(zone, pfn));

	account_freepages(zone, 1L << order, migratetype);

	while (order < MAX_PAGE_ORDER) {
		int buddy_mt = migratetype;

		buddy = find_buddy_page_pfn(m, zone, pfn, order, &buddy_pfn);
		if (!buddy)
			goto done_merging;

		if (order >= pageblock_order) {
			/* never merge an isolated block with a normal one */
			buddy_mt = get_pfnblock_migratetype(m, buddy_pfn);
			if (migratetype != buddy_mt &&
			    (!migratetype_is_mergeable(migratetype) ||
			     !migratetype_is_mergeable(buddy_mt)))
				goto done_merging;
		}

		MM_EVENT(m, .type = EV_MERGE, .func = "__free_one_page",
			 .pfn = pfn, .pfn2 = buddy_pfn, .order = (int)order,
			 .mt = migratetype, .zone = (int)zone->idx,
			 .nid = zone_to_nid(zone));
		__del_page_from_free_list(zone, buddy, order);
		if (buddy_mt != migratetype)
			change_pageblock_range(m, buddy_pfn, (int)order,
					       migratetype);

		combined_pfn = buddy_pfn & pfn;
		/* the merged block starts at the lower of the two: a step
		 * back (or none), so the offset is signed */
		page = page + ((long)combined_pfn - (long)pfn);
		pfn = combined_pfn;
		order++;
	}

done_merging:
	set_buddy_order(page, order);
	page->_refcount = 0;

	if (fpi_flags & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(m, zone, pfn, buddy_pfn, order);

	__add_to_free_list(zone, page, order, migratetype, to_tail);
}

/* A block larger than a pageblock is freed pageblock by pageblock, each
 * with its own type; they merge again if the types allow. */
static void split_large_buddy(struct machine *m, struct zone *zone,
			      struct page *page, unsigned long pfn, int order,
			      fpi_t fpi)
{
	unsigned long end = pfn + (1UL << order);

	if (order > pageblock_order)
		order = pageblock_order;
	do {
		int mt = get_pfnblock_migratetype(m, pfn);

		__free_one_page(m, page, pfn, zone, (unsigned int)order, mt,
				fpi);
		pfn += 1UL << order;
		if (pfn == end)
			break;
		page = pfn_to_page(m, pfn);
	} while (1);
}

static void free_one_page(struct machine *m, struct zone *zone,
			  struct page *page, unsigned long pfn,
			  unsigned int order, fpi_t fpi_flags)
{
	mm_call(m, "free_one_page");
	split_large_buddy(m, zone, page, pfn, (int)order, fpi_flags);
}

/* --- taking blocks off the free lists -------------------------------- */

/*
 * expand(): split a block of order high down to low. Each step puts the
 * upper half back at the head of its list and keeps the lower half:
 * order 0 from an order-3 block at P returns P and queues P+4 (order 2),
 * P+2 (order 1), P+1 (order 0). Returns the pages put back.
 */
static unsigned int expand(struct machine *m, struct zone *zone,
			   struct page *page, int low, int high,
			   int migratetype)
{
	unsigned int size = 1U << high;
	unsigned int nr_added = 0;

	mm_call(m, "expand");
	while (high > low) {
		high--;
		size >>= 1;
		__add_to_free_list(zone, &page[size], (unsigned int)high,
				   migratetype, false);
		set_buddy_order(&page[size], (unsigned int)high);
		page[size]._refcount = 0;
		nr_added += size;
		MM_EVENT(m, .type = EV_SPLIT, .func = "expand",
			 .pfn = page_to_pfn(m, &page[size]), .order = high,
			 .mt = migratetype, .zone = (int)zone->idx,
			 .nid = zone_to_nid(zone));
	}
	return nr_added;
}

static void page_del_and_expand(struct machine *m, struct zone *zone,
				struct page *page, int low, int high,
				int migratetype)
{
	long nr_pages = 1L << high;

	__del_page_from_free_list(zone, page, (unsigned int)high);
	nr_pages -= expand(m, zone, page, low, high, migratetype);
	account_freepages(zone, -nr_pages, migratetype);
}

/* mm/page_alloc.c: __rmqueue_smallest(), the first block of the smallest
 * order that has one, from the head of the list */
static struct page *__rmqueue_smallest(struct machine *m, struct zone *zone,
				       unsigned int order, int migratetype)
{
	mm_call(m, "__rmqueue_smallest");
	for (unsigned int current_order = order; current_order < NR_PAGE_ORDERS;
	     ++current_order) {
		struct free_area *area = &zone->free_area[current_order];
		struct page *page = get_page_from_free_area(area, migratetype);

		if (!page)
			continue;
		page_del_and_expand(m, zone, page, (int)order,
				    (int)current_order, migratetype);
		return page;
	}
	return NULL;
}

/* Change a pageblock's type and move its free blocks to the new lists. */
static int __move_freepages_block(struct machine *m, struct zone *zone,
				  unsigned long start_pfn, int old_mt,
				  int new_mt)
{
	unsigned long pfn, end_pfn = start_pfn + pageblock_nr_pages;
	int pages_moved = 0;

	mm_call(m, "__move_freepages_block");
	for (pfn = start_pfn; pfn < end_pfn;) {
		struct page *page = pfn_to_page(m, pfn);
		unsigned int order;

		if (!PageBuddy(page)) {
			pfn++;
			continue;
		}
		order = buddy_order(page);
		move_to_free_list(zone, page, order, old_mt, new_mt);
		pfn += 1UL << order;
		pages_moved += 1 << order;
	}
	if (old_mt != new_mt)
		MM_EVENT(m, .type = EV_STEAL, .func = "__move_freepages_block",
			 .pfn = start_pfn, .mt = new_mt, .mt2 = old_mt,
			 .n = pages_moved, .zone = (int)zone->idx,
			 .nid = zone_to_nid(zone));
	m->pageblock_mt[start_pfn >> pageblock_order] = (uint8_t)new_mt;
	return pages_moved;
}

/*
 * Count the free pages of the pageblock around page. kmemlab has no LRU
 * or movable-ops pages, so *num_movable is always 0. False when the
 * block straddles the zone's edge (the DMA zone's first block, pfn 0).
 */
static bool prep_move_freepages_block(struct machine *m, struct zone *zone,
				      struct page *page,
				      unsigned long *start_pfn, int *num_free,
				      int *num_movable)
{
	unsigned long pfn = page_to_pfn(m, page);
	unsigned long start = ALIGN_DOWN(pfn, pageblock_nr_pages);
	unsigned long end = start + pageblock_nr_pages;

	if (!zone_spans_pfn(zone, start) || !zone_spans_pfn(zone, end - 1))
		return false;
	*start_pfn = start;
	if (num_free) {
		*num_free = 0;
		*num_movable = 0;
		for (pfn = start; pfn < end;) {
			page = pfn_to_page(m, pfn);
			if (PageBuddy(page)) {
				int nr = 1 << buddy_order(page);

				*num_free += nr;
				pfn += (unsigned long)nr;
				continue;
			}
			pfn++;
		}
	}
	return true;
}

static bool can_steal_fallback(unsigned int order, int start_mt)
{
	if (order >= pageblock_order)
		return true;
	return order >= pageblock_order / 2 ||
	       start_mt == MIGRATE_RECLAIMABLE || start_mt == MIGRATE_UNMOVABLE;
}

/* Raise the zone's watermarks after a fragmenting fallback, so kswapd
 * would reclaim a little more (boost_watermark). */
static bool boost_watermark(struct zone *zone)
{
	unsigned long max_boost;

	if (pageblock_nr_pages * 4 > zone->managed_pages)
		return false;
	max_boost = zone->_watermark[WMARK_HIGH] *
		    (unsigned long)watermark_boost_factor / 10000;
	if (!max_boost)
		return false;
	max_boost = max(pageblock_nr_pages, max_boost);
	zone->watermark_boost =
		min(zone->watermark_boost + pageblock_nr_pages, max_boost);
	return true;
}

/*
 * try_to_steal_block(): take the whole pageblock(s) for start_type when
 * the block is big enough, or when at least half of its pages are free
 * (or compatible); then allocate from the refilled own-type lists.
 */
static struct page *try_to_steal_block(struct machine *m, struct zone *zone,
				       struct page *page, int current_order,
				       int order, int start_type,
				       unsigned int alloc_flags)
{
	int free_pages, movable_pages, alike_pages;
	unsigned long start_pfn;
	int block_type;

	mm_call(m, "try_to_steal_block");
	block_type = get_pageblock_migratetype(m, page);
	if (block_type == MIGRATE_HIGHATOMIC)
		return NULL;

	if (current_order >= pageblock_order) {
		unsigned int nr_added;

		del_page_from_free_list(zone, page, (unsigned int)current_order,
					block_type);
		change_pageblock_range(m, page_to_pfn(m, page), current_order,
				       start_type);
		nr_added =
			expand(m, zone, page, order, current_order, start_type);
		account_freepages(zone, nr_added, start_type);
		return page;
	}

	if (boost_watermark(zone) && (alloc_flags & ALLOC_KSWAPD))
		zone->flags |= ZONE_BOOSTED_WATERMARK;

	if (!prep_move_freepages_block(m, zone, page, &start_pfn, &free_pages,
				       &movable_pages))
		return NULL;

	if (start_type == MIGRATE_MOVABLE) {
		alike_pages = movable_pages;
	} else if (block_type == MIGRATE_MOVABLE) {
		/* everything not free and not movable counts as alike */
		alike_pages =
			(int)pageblock_nr_pages - (free_pages + movable_pages);
	} else {
		alike_pages = 0;
	}
	if (free_pages + alike_pages >= (1 << (pageblock_order - 1))) {
		__move_freepages_block(m, zone, start_pfn, block_type,
				       start_type);
		return __rmqueue_smallest(m, zone, (unsigned int)order,
					  start_type);
	}
	return NULL;
}

/* mm/page_alloc.c: find_suitable_fallback() */
static int find_suitable_fallback(struct free_area *area, unsigned int order,
				  int migratetype, bool only_stealable,
				  bool *can_steal)
{
	if (area->nr_free == 0)
		return -1;
	*can_steal = false;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (free_area_empty(area, fallback_mt))
			continue;
		if (can_steal_fallback(order, migratetype))
			*can_steal = true;
		if (!only_stealable || *can_steal)
			return fallback_mt;
	}
	return -1;
}

/* Largest fallback block first, converting its pageblock. */
static struct page *__rmqueue_claim(struct machine *m, struct zone *zone,
				    int order, int start_migratetype,
				    unsigned int alloc_flags)
{
	int min_order = order;
	bool can_steal;

	mm_call(m, "__rmqueue_claim");
	if (order < pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = pageblock_order;

	for (int current_order = MAX_PAGE_ORDER; current_order >= min_order;
	     --current_order) {
		struct free_area *area = &zone->free_area[current_order];
		int fallback_mt = find_suitable_fallback(
			area, (unsigned int)current_order, start_migratetype,
			false, &can_steal);
		struct page *page;

		if (fallback_mt == -1)
			continue;
		if (!can_steal)
			break;
		page = get_page_from_free_area(area, fallback_mt);
		page = try_to_steal_block(m, zone, page, current_order, order,
					  start_migratetype, alloc_flags);
		if (page) {
			MM_EVENT(m, .type = EV_FALLBACK,
				 .func = "__rmqueue_claim",
				 .pfn = page_to_pfn(m, page),
				 .order = current_order,
				 .mt = start_migratetype, .mt2 = fallback_mt,
				 .zone = (int)zone->idx,
				 .nid = zone_to_nid(zone));
			return page;
		}
	}
	return NULL;
}

/* Smallest fallback block, one allocation, pageblock type unchanged. */
static struct page *__rmqueue_steal(struct machine *m, struct zone *zone,
				    int order, int start_migratetype)
{
	bool can_steal;

	mm_call(m, "__rmqueue_steal");
	for (int current_order = order; current_order < NR_PAGE_ORDERS;
	     current_order++) {
		struct free_area *area = &zone->free_area[current_order];
		int fallback_mt = find_suitable_fallback(
			area, (unsigned int)current_order, start_migratetype,
			false, &can_steal);
		struct page *page;

		if (fallback_mt == -1)
			continue;
		page = get_page_from_free_area(area, fallback_mt);
		page_del_and_expand(m, zone, page, order, current_order,
				    fallback_mt);
		MM_EVENT(m, .type = EV_FALLBACK, .func = "__rmqueue_steal",
			 .pfn = page_to_pfn(m, page), .order = current_order,
			 .mt = start_migratetype, .mt2 = fallback_mt,
			 .zone = (int)zone->idx, .nid = zone_to_nid(zone));
		return page;
	}
	return NULL;
}

/* mm/page_alloc.c: __rmqueue() -- own type, then claim, then steal */
static struct page *__rmqueue(struct machine *m, struct zone *zone,
			      unsigned int order, int migratetype,
			      unsigned int alloc_flags, enum rmqueue_mode *mode)
{
	struct page *page;

	mm_call(m, "__rmqueue");
	switch (*mode) {
	case RMQUEUE_NORMAL:
		page = __rmqueue_smallest(m, zone, order, migratetype);
		if (page)
			return page;
		/* fall through */
	case RMQUEUE_CMA: /* no CMA in kmemlab */
	case RMQUEUE_CLAIM:
		page = __rmqueue_claim(m, zone, (int)order, migratetype,
				       alloc_flags);
		if (page) {
			*mode = RMQUEUE_NORMAL;
			return page;
		}
		/* fall through */
	case RMQUEUE_STEAL:
		if (!(alloc_flags & ALLOC_NOFRAGMENT)) {
			page = __rmqueue_steal(m, zone, (int)order,
					       migratetype);
			if (page) {
				*mode = RMQUEUE_STEAL;
				return page;
			}
		}
	}
	return NULL;
}

/* --- per-CPU page lists ---------------------------------------------- */

static inline void pcp_list_add(struct page *page, struct list_head *list,
				int mt, bool tail)
{
	SetPageFlag(page, PG_pcp);
	page->private = (unsigned long)mt;
	page->owner = OWNER_FREE;
	if (tail)
		list_add_tail(&page->buddy_list, list);
	else
		list_add(&page->buddy_list, list);
}

/* rmqueue_bulk(): count blocks under one zone lock, appended at the tail
 * in the order expand() produced them, i.e. physical order */
static int rmqueue_bulk(struct machine *m, struct zone *zone,
			unsigned int order, unsigned long count,
			struct list_head *list, int migratetype,
			unsigned int alloc_flags)
{
	enum rmqueue_mode rmqm = RMQUEUE_NORMAL;
	unsigned long i;

	mm_call(m, "rmqueue_bulk");
	for (i = 0; i < count; ++i) {
		struct page *page = __rmqueue(m, zone, order, migratetype,
					      alloc_flags, &rmqm);

		if (!page)
			break;
		pcp_list_add(page, list, migratetype, true);
	}
	MM_EVENT(m, .type = EV_PCP_REFILL, .func = "rmqueue_bulk",
		 .order = (int)order, .mt = migratetype, .n = (long)i,
		 .cpu = m->cur_cpu, .zone = (int)zone->idx,
		 .nid = zone_to_nid(zone));
	return (int)i;
}

/*
 * nr_pcp_alloc(): how many blocks one refill takes. Order 0 doubles the
 * batch (alloc_factor) on each refill without a free in between, within
 * room below high; higher orders take batch >> order, at least 2.
 */
static __always_inline int nr_pcp_alloc(struct per_cpu_pages *pcp,
					struct zone *zone, int order)
{
	int high, base_batch, batch, max_nr_alloc;
	int high_max, high_min;

	base_batch = pcp->batch;
	high_min = pcp->high_min;
	high_max = pcp->high_max;
	high = pcp->high = clamp(pcp->high, high_min, high_max);

	if (high < base_batch)
		return 1;

	if (order)
		batch = base_batch;
	else
		batch = base_batch << pcp->alloc_factor;

	if (high_min != high_max && !(zone->flags & ZONE_BELOW_HIGH))
		high = pcp->high = min(high + batch, high_max);

	if (!order) {
		max_nr_alloc = max(high - pcp->count - base_batch, base_batch);
		if (batch <= max_nr_alloc &&
		    pcp->alloc_factor < CONFIG_PCP_BATCH_SCALE_MAX)
			pcp->alloc_factor++;
		batch = min(batch, max_nr_alloc);
	}

	if (batch > 1)
		batch = max(batch >> order, 2);
	return batch;
}

/* the first page of a non-empty pcp list leaves it */
static __always_inline struct page *pcp_list_pop(struct per_cpu_pages *pcp,
						 struct list_head *list,
						 unsigned int order)
{
	struct page *page = list_first_entry(list, struct page, buddy_list);

	list_del(&page->buddy_list);
	ClearPageFlag(page, PG_pcp);
	page->private = 0;
	pcp->count -= 1 << order;
	return page;
}

static __always_inline struct page *
__rmqueue_pcplist(struct machine *m, struct zone *zone, unsigned int order,
		  int migratetype, unsigned int alloc_flags,
		  struct per_cpu_pages *pcp, struct list_head *list)
{
	if (list_empty(list)) {
		int batch = nr_pcp_alloc(pcp, zone, (int)order);
		int alloced = rmqueue_bulk(m, zone, order, (unsigned long)batch,
					   list, migratetype, alloc_flags);

		pcp->count += alloced << order;
		if (list_empty(list))
			return NULL;
	}
	return pcp_list_pop(pcp, list, order);
}

static __always_inline struct page *
rmqueue_pcplist(struct machine *m, struct zone *zone, unsigned int order,
		int migratetype, unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = this_cpu_pcp(m, zone);
	struct list_head *list;

	mm_call(m, "rmqueue_pcplist");
	/* an allocation halves the run of frees that sizes bulk frees */
	pcp->free_count >>= 1;
	list = &pcp->lists[order_to_pindex(migratetype, (int)order)];
	return __rmqueue_pcplist(m, zone, order, migratetype, alloc_flags, pcp,
				 list);
}

static struct page *rmqueue_buddy(struct machine *m, struct zone *zone,
				  unsigned int order, unsigned int alloc_flags,
				  int migratetype)
{
	struct page *page = NULL;

	mm_call(m, "rmqueue_buddy");
	if (alloc_flags & ALLOC_HIGHATOMIC)
		page = __rmqueue_smallest(m, zone, order, MIGRATE_HIGHATOMIC);
	if (!page) {
		enum rmqueue_mode rmqm = RMQUEUE_NORMAL;

		page = __rmqueue(m, zone, order, migratetype, alloc_flags,
				 &rmqm);
		if (!page && (alloc_flags & (ALLOC_OOM | ALLOC_NON_BLOCK)))
			page = __rmqueue_smallest(m, zone, order,
						  MIGRATE_HIGHATOMIC);
	}
	return page;
}

static __always_inline struct page *
rmqueue(struct machine *m, struct zone *zone, unsigned int order,
	unsigned int alloc_flags, int migratetype)
{
	struct page *page = NULL;

	mm_call(m, "rmqueue");
	if (pcp_allowed_order(order))
		page = rmqueue_pcplist(m, zone, order, migratetype,
				       alloc_flags);
	if (!page)
		page = rmqueue_buddy(m, zone, order, alloc_flags, migratetype);

	/* wakeup_kswapd(): kmemlab's kswapd finishes at once and, as
	 * balance_pgdat() does when done, drops the boost */
	if ((alloc_flags & ALLOC_KSWAPD) &&
	    (zone->flags & ZONE_BOOSTED_WATERMARK)) {
		zone->flags &= ~ZONE_BOOSTED_WATERMARK;
		zone->watermark_boost = 0;
	}
	return page;
}

/* --- watermarks -------------------------------------------------------- */

static inline long __zone_watermark_unusable_free(const struct zone *z,
						  unsigned int order,
						  unsigned int alloc_flags)
{
	(void)z;
	(void)alloc_flags; /* no highatomic reserve, no CMA */
	return (1L << order) - 1;
}

static __always_inline bool
__zone_watermark_ok(const struct zone *z, unsigned int order,
		    unsigned long mark, int highest_zoneidx,
		    unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= __zone_watermark_unusable_free(z, order, alloc_flags);
	if (alloc_flags & ALLOC_RESERVES) {
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		const struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    !free_area_empty(area, MIGRATE_HIGHATOMIC))
			return true;
	}
	return false;
}

static bool zone_watermark_ok(const struct zone *z, unsigned int order,
			      unsigned long mark, int highest_zoneidx,
			      unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   (long)z->nr_free_pages);
}

static __always_inline bool zone_watermark_fast(const struct zone *z,
						unsigned int order,
						unsigned long mark,
						int highest_zoneidx,
						unsigned int alloc_flags)
{
	long free_pages = (long)z->nr_free_pages;

	if (!order) {
		long reserved =
			__zone_watermark_unusable_free(z, 0, alloc_flags);
		long usable_free = free_pages - min(free_pages, reserved);

		if (usable_free >
		    (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	if (__zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				free_pages))
		return true;
	/* __GFP_HIGH order-0 at min ignores the boost */
	if (!order && (alloc_flags & ALLOC_MIN_RESERVE) && z->watermark_boost &&
	    (alloc_flags & ALLOC_WMARK_MASK) == WMARK_MIN)
		return __zone_watermark_ok(z, order, z->_watermark[WMARK_MIN],
					   highest_zoneidx, alloc_flags,
					   free_pages);
	return false;
}

/* --- allocation -------------------------------------------------------- */

/*
 * mm/page_alloc.c: kernel_init_pages(): zero the pages' memory. From 64 KiB
 * on, a hole punched in the RAM memfd zeroes them as well and gives the
 * host memory back, so that zeroing a large block never written costs
 * nothing (the direct map and vmalloc's mappings then read zeroes).
 */
static void kernel_init_pages(struct machine *m, struct page *page,
			      unsigned long numpages)
{
	off_t off = (off_t)(page_to_pfn(m, page) << KM_PAGE_SHIFT);
	off_t len = (off_t)(numpages << KM_PAGE_SHIFT);

	mm_call(m, "kernel_init_pages");
	if (numpages >= 16 &&
	    fallocate(m->memfd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off,
		      len) == 0)
		return;
	memset(km_ptr(m, page_address(m, page)), 0, (size_t)len);
}

/*
 * mm/page_alloc.c: post_alloc_hook()'s init. With init_on_free every page
 * was zeroed when it was freed (and boot memory is zero), so not even
 * __GFP_ZERO clears it again: a byte written into a free page survives.
 */
static __always_inline void post_alloc_init(struct machine *m,
					    struct page *page,
					    unsigned int order, gfp_t gfp)
{
	if (!want_init_on_free(m) && want_init_on_alloc(m, gfp))
		kernel_init_pages(m, page, 1UL << order);
}

/* mm/page_alloc.c: free_pages_prepare()'s init_on_free zeroing */
static __always_inline void
free_pages_init(struct machine *m, struct page *page, unsigned int order)
{
	if (want_init_on_free(m))
		kernel_init_pages(m, page, 1UL << order);
}

/* prep_new_page(): the page leaves the allocator with one reference */
static __always_inline void prep_new_page(struct machine *m, struct page *page,
					  unsigned int order, gfp_t gfp)
{
	page->private = 0;
	page->flags &= ~((1UL << PG_buddy) | (1UL << PG_pcp));
	page->_refcount = 1;
	page->owner = OWNER_NONE;
	page->alloc_order = (uint16_t)order;
	page->compound_order = 0;

	if (order && (gfp & __GFP_COMP)) {
		/* prep_compound_page(): tails point at the head, bit 0 set */
		unsigned long head = (unsigned long)page | 1UL;

		SetPageFlag(page, PG_head);
		page->compound_order = (uint8_t)order;
		for (unsigned long i = 1; i < (1UL << order); i++) {
			struct page *p = page + i;

			p->flags = 1UL << PG_tail;
			p->compound_head = head;
			p->_refcount = 0;
			p->owner = OWNER_NONE;
		}
	}
	/* post_alloc_hook() zeroes before prep_compound_page(); neither
	 * looks at the other's work, and zeroing last leaves nothing to keep
	 * across its call on the fast path */
	post_alloc_init(m, page, order, gfp);
}

/*
 * get_page_from_freelist(): walk the zonelist from the preferred zone.
 * A zone below its high mark is flagged ZONE_BELOW_HIGH (pcp tuning);
 * one below the mark of alloc_flags is passed over. Under
 * ALLOC_NOFRAGMENT a remote node or the end of the list restarts the
 * walk without it, so local fallback stealing is tried first.
 */
static __always_inline struct page *
get_page_from_freelist(struct machine *m, gfp_t gfp, unsigned int order,
		       unsigned int alloc_flags, const struct alloc_context *ac)
{
	bool no_fallback;

	mm_call(m, "get_page_from_freelist");
retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	for (struct zone **z = ac->zonelist; *z; z++) {
		struct zone *zone = *z;
		struct page *page;
		unsigned long mark;

		if ((int)zone->idx > ac->highest_zoneidx)
			continue;
		if (ac->thisnode >= 0 && zone_to_nid(zone) != ac->thisnode)
			continue;
		if (no_fallback && m->nr_nodes > 1 &&
		    zone != ac->preferred_zone &&
		    zone_to_nid(zone) != zone_to_nid(ac->preferred_zone)) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}

		if (!(zone->flags & ZONE_BELOW_HIGH)) {
			mark = high_wmark_pages(zone);
			if (zone_watermark_fast(zone, order, mark,
						ac->highest_zoneidx,
						alloc_flags))
				goto try_this_zone;
			zone->flags |= ZONE_BELOW_HIGH;
		}
		mark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);
		if (!zone_watermark_fast(zone, order, mark, ac->highest_zoneidx,
					 alloc_flags)) {
			if (!(alloc_flags & ALLOC_NO_WATERMARKS)) {
				/* node_reclaim is off by default */
				MM_EVENT(m, .type = EV_ZONE_FALLBACK,
					 .func = "get_page_from_freelist",
					 .zone = (int)zone->idx,
					 .nid = zone_to_nid(zone),
					 .order = (int)order,
					 .text = "below watermark");
				continue;
			}
		}
try_this_zone:
		page = rmqueue(m, zone, order, alloc_flags, ac->migratetype);
		if (page) {
			prep_new_page(m, page, order, gfp);
			MM_EVENT(m, .type = EV_PAGE_ALLOC, .func = "rmqueue",
				 .pfn = page_to_pfn(m, page),
				 .addr = page_address(m, page),
				 .order = (int)order, .mt = ac->migratetype,
				 .zone = (int)zone->idx,
				 .nid = zone_to_nid(zone), .cpu = m->cur_cpu);
			return page;
		}
		MM_EVENT(m, .type = EV_ZONE_FALLBACK,
			 .func = "get_page_from_freelist",
			 .zone = (int)zone->idx, .nid = zone_to_nid(zone),
			 .order = (int)order, .text = "no free block");
	}
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

/* alloc_flags_nofragment(): with a DMA32 zone below Normal, Normal
 * allocations first avoid fragmenting fallbacks */
static unsigned int alloc_flags_nofragment(struct machine *m, struct zone *zone,
					   gfp_t gfp)
{
	unsigned int alloc_flags = gfp & __GFP_KSWAPD_RECLAIM;

	if (!zone || zone->idx != ZONE_NORMAL)
		return alloc_flags;
	if (m->nr_nodes > 1 &&
	    !populated_zone(&zone->zone_pgdat->node_zones[ZONE_DMA32]))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

static unsigned int gfp_to_alloc_flags(gfp_t gfp, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	alloc_flags |= gfp & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM);
	if (!(gfp & __GFP_DIRECT_RECLAIM)) {
		if (!(gfp & __GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_NON_BLOCK;
			if (order > 0)
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~ALLOC_CPUSET;
	}
	return alloc_flags;
}

static void show_mem(struct machine *m, int max_zone_idx);

/* warn_alloc(): the first line is what a learner greps for */
static void warn_alloc(struct machine *m, gfp_t gfp, unsigned int order)
{
	char mode[256], taint[64];

	if (gfp & __GFP_NOWARN)
		return;
	gfp_format(mode, sizeof(mode), gfp);
	mm_printk(m, LOGLEVEL_WARNING,
		  "kmemlab: page allocation failure: order:%u, mode:%#x(%s), "
		  "nodemask=(null)",
		  order, gfp, mode);
	mm_printk(m, LOGLEVEL_WARNING,
		  "CPU: %d UID: 0 PID: 1 Comm: kmemlab %s 6.12.0-kmemlab #1",
		  m->cur_cpu, mm_print_tainted(m, taint, sizeof(taint)));
	mm_printk(m, LOGLEVEL_WARNING,
		  "Call Trace:\n <TASK>\n dump_stack_lvl\n"
		  " warn_alloc\n __alloc_pages_slowpath\n"
		  " __alloc_pages_noprof\n"
		  " alloc_pages_noprof\n </TASK>");
	int zidx = gfp_zone(gfp);

	show_mem(m, zidx < 0 ? ZONE_NORMAL : zidx);
}

/*
 * __alloc_pages_slowpath(), much reduced: the kernel would wake kswapd,
 * retry at the min mark, reclaim, compact and finally OOM-kill. kmemlab
 * has nothing to reclaim, so it retries once at the min mark (with the
 * __GFP_HIGH / atomic reserves) and then fails.
 */
static struct page *__alloc_pages_slowpath(struct machine *m, gfp_t gfp,
					   unsigned int order,
					   struct alloc_context *ac)
{
	unsigned int alloc_flags = gfp_to_alloc_flags(gfp, order);
	struct page *page;

	mm_call(m, "__alloc_pages_slowpath");
	page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	if (page)
		return page;
	MM_EVENT(m, .type = EV_ALLOC_FAIL, .func = "__alloc_pages_slowpath",
		 .order = (int)order, .mt = ac->migratetype);
	warn_alloc(m, gfp, order);
	return NULL;
}

/* mm/page_alloc.c: __alloc_pages_noprof(), the heart of the allocator */
static struct page *__alloc_pages(struct machine *m, gfp_t gfp,
				  unsigned int order, int preferred_nid)
{
	struct alloc_context ac;
	unsigned int alloc_flags;
	struct page *page;

	mm_call(m, "__alloc_pages");
	if (order > MAX_PAGE_ORDER) {
		/* WARN_ON_ONCE_GFP(order > MAX_PAGE_ORDER, gfp) */
		if (!(gfp & __GFP_NOWARN) && !(m->buddy_warned & 1)) {
			char taint[64];

			m->buddy_warned |= 1;
			mm_printk(m, LOGLEVEL_WARNING,
				  "------------[ cut here ]------------\n"
				  "WARNING: CPU: %d PID: 1 at "
				  "mm/page_alloc.c:4832 "
				  "__alloc_pages_noprof\n"
				  "Modules linked in:\n"
				  "CPU: %d UID: 0 PID: 1 Comm: kmemlab %s "
				  "6.12.0-kmemlab #1\n"
				  "---[ end trace 0000000000000000 ]---",
				  m->cur_cpu, m->cur_cpu,
				  mm_print_tainted(m, taint, sizeof(taint)));
			mm_add_taint(m, TAINT_WARN);
		}
		MM_EVENT(m, .type = EV_ALLOC_FAIL, .func = "__alloc_pages",
			 .order = (int)order, .text = "order > MAX_PAGE_ORDER");
		return NULL;
	}

	/* prepare_alloc_pages() */
	ac.highest_zoneidx = gfp_zone(gfp);
	ac.migratetype = gfp_migratetype(gfp);
	if (preferred_nid < 0 || preferred_nid >= m->nr_nodes)
		preferred_nid = numa_node_id(m);
	ac.thisnode = (gfp & __GFP_THISNODE) ? preferred_nid : -1;
	ac.zonelist = m->node_data[preferred_nid].zonelist;
	ac.preferred_zone = NULL;
	if (ac.highest_zoneidx < 0 || ac.migratetype >= MIGRATE_PCPTYPES) {
		/* GFP_ZONE_BAD (a VM_BUG_ON in the kernel) or both
		 * __GFP_MOVABLE and __GFP_RECLAIMABLE: refuse */
		MM_EVENT(m, .type = EV_ALLOC_FAIL, .func = "__alloc_pages",
			 .order = (int)order, .text = "invalid gfp");
		if (ac.highest_zoneidx < 0)
			ac.highest_zoneidx = ZONE_NORMAL;
		ac.migratetype = MIGRATE_UNMOVABLE;
		warn_alloc(m, gfp, order);
		return NULL;
	}
	for (struct zone **z = ac.zonelist; *z; z++) {
		if ((int)(*z)->idx <= ac.highest_zoneidx &&
		    (ac.thisnode < 0 || zone_to_nid(*z) == ac.thisnode)) {
			ac.preferred_zone = *z;
			break;
		}
	}

	/* should_fail_alloc_page(): the machine's fault injection */
	if (m->fail_after) {
		if (m->fail_after == 1) {
			m->fail_after = 0;
			MM_EVENT(m, .type = EV_ALLOC_FAIL,
				 .func = "should_fail_alloc_page",
				 .order = (int)order,
				 .text = "fault injection");
			warn_alloc(m, gfp, order);
			return NULL;
		}
		m->fail_after--;
	}

	if (!ac.preferred_zone) {
		MM_EVENT(m, .type = EV_ALLOC_FAIL, .func = "__alloc_pages",
			 .order = (int)order, .text = "no zone");
		warn_alloc(m, gfp, order);
		return NULL;
	}

	alloc_flags = ALLOC_WMARK_LOW;
	alloc_flags |= alloc_flags_nofragment(m, ac.preferred_zone, gfp);
	page = get_page_from_freelist(m, gfp, order, alloc_flags, &ac);
	if (page)
		return page;
	return __alloc_pages_slowpath(m, gfp, order, &ac);
}

/* the functions a pcp hit enters on the full path, up to the pop */
static __always_inline void alloc_pages_fast_path(struct machine *m,
						  const char *caller)
{
	mm_call(m, caller);
	mm_call(m, "__alloc_pages");
	mm_call(m, "get_page_from_freelist");
	mm_call(m, "rmqueue");
	mm_call(m, "rmqueue_pcplist");
}

/*
 * alloc_pages() or alloc_pages_node() (caller) when it is a pcp hit of
 * order 0..3: the same steps as __alloc_pages() (gfp_zone, the first zone
 * of the zonelist as the preferred zone, its high watermark,
 * rmqueue_pcplist, prep_new_page) without an alloc_context, a zonelist
 * walk or a call. The hot path has to be short: the host CPU overlaps the
 * cache misses of successive frees and allocations only when little code
 * lies between them. Traced, it enters the functions the full path would
 * and emits its event. Returns NULL, having changed and emitted nothing,
 * whenever the full path might do anything else: fault injection, a bad
 * gfp, __GFP_THISNODE, a preferred zone that is not first on the
 * zonelist, a zone below its high mark (or flagged so) or boosted, an
 * empty list. nid is valid.
 */
static __always_inline struct page *
alloc_pages_pcp_fast(struct machine *m, const char *caller, gfp_t gfp,
		     unsigned int order, int nid, const bool traced)
{
	int highest_zoneidx = gfp_zone(gfp), mt = gfp_migratetype(gfp);
	struct per_cpu_pages *pcp;
	struct list_head *list;
	unsigned int alloc_flags;
	struct zone *zone;

	if (order > PAGE_ALLOC_COSTLY_ORDER || m->fail_after ||
	    (gfp & __GFP_THISNODE) || highest_zoneidx < 0 ||
	    mt >= MIGRATE_PCPTYPES || m->buddy_full_paths)
		return NULL;
	zone = m->node_data[nid].zonelist[0];
	if (!zone || (int)zone->idx > highest_zoneidx ||
	    (zone->flags & (ZONE_BELOW_HIGH | ZONE_BOOSTED_WATERMARK)))
		return NULL;
	alloc_flags = ALLOC_WMARK_LOW | alloc_flags_nofragment(m, zone, gfp);
	if (!zone_watermark_fast(zone, order, high_wmark_pages(zone),
				 highest_zoneidx, alloc_flags))
		return NULL;
	pcp = this_cpu_pcp(m, zone);
	list = &pcp->lists[order_to_pindex(mt, (int)order)];
	if (list_empty(list))
		return NULL;
	if (traced)
		alloc_pages_fast_path(m, caller);
	/* rmqueue_pcplist() */
	pcp->free_count >>= 1;
	struct page *page = pcp_list_pop(pcp, list, order);

	prep_new_page(m, page, order, gfp);
	if (traced) /* get_page_from_freelist()'s */
		MM_EVENT(m, .type = EV_PAGE_ALLOC, .func = "rmqueue",
			 .pfn = page_to_pfn(m, page),
			 .addr = page_address(m, page), .order = (int)order,
			 .mt = mt, .zone = (int)zone->idx,
			 .nid = zone_to_nid(zone), .cpu = m->cur_cpu);
	return page;
}

/* the fast path with tracing on: out of line, the untraced one inline */
static __attribute__((noinline)) struct page *
alloc_pages_pcp_fast_traced(struct machine *m, const char *caller, gfp_t gfp,
			    unsigned int order, int nid)
{
	return alloc_pages_pcp_fast(m, caller, gfp, order, nid, true);
}

static __always_inline struct page *alloc_pages_pcp(struct machine *m,
						    const char *caller,
						    gfp_t gfp,
						    unsigned int order, int nid)
{
	if (mm_unlikely(m->sink))
		return alloc_pages_pcp_fast_traced(m, caller, gfp, order, nid);
	return alloc_pages_pcp_fast(m, caller, gfp, order, nid, false);
}

/* alloc_pages() or alloc_pages_node() (caller) entered, then
 * __alloc_pages(); out of line, so that the fast path keeps nothing
 * across a call */
static __attribute__((noinline)) struct page *
alloc_pages_called(struct machine *m, const char *caller, gfp_t gfp,
		   unsigned int order, int nid)
{
	mm_call(m, caller);
	if (nid == NUMA_NO_NODE)
		nid = numa_node_id(m);
	return __alloc_pages(m, gfp, order, nid);
}

struct page *alloc_pages_node(struct machine *m, int nid, gfp_t gfp,
			      unsigned int order)
{
	struct page *page;

	if (nid >= NUMA_NO_NODE && nid < m->nr_nodes) {
		page = alloc_pages_pcp(m, "alloc_pages_node", gfp, order,
				       nid == NUMA_NO_NODE ? numa_node_id(m)
							   : nid);
		if (page)
			return page;
	}
	return alloc_pages_called(m, "alloc_pages_node", gfp, order, nid);
}

struct page *alloc_pages(struct machine *m, gfp_t gfp, unsigned int order)
{
	struct page *page;

	page = alloc_pages_pcp(m, "alloc_pages", gfp, order, numa_node_id(m));
	if (page)
		return page;
	return alloc_pages_called(m, "alloc_pages", gfp, order,
				  numa_node_id(m));
}

unsigned long __get_free_pages(struct machine *m, gfp_t gfp, unsigned int order)
{
	struct page *page;

	mm_call(m, "__get_free_pages");
	page = alloc_pages(m, gfp & ~__GFP_HIGHMEM, order);
	return page ? page_address(m, page) : 0;
}

unsigned long get_zeroed_page(struct machine *m, gfp_t gfp)
{
	mm_call(m, "get_zeroed_page");
	return __get_free_pages(m, gfp | __GFP_ZERO, 0);
}

struct page *buddy_rmqueue_smallest(struct machine *m, struct zone *zone,
				    unsigned int order, int migratetype,
				    gfp_t gfp)
{
	struct page *page;

	if (order > MAX_PAGE_ORDER || migratetype < 0 ||
	    migratetype >= MIGRATE_TYPES || !zone->per_cpu_pageset)
		return NULL;
	page = __rmqueue_smallest(m, zone, order, migratetype);
	if (page) {
		prep_new_page(m, page, order, gfp);
		MM_EVENT(m, .type = EV_PAGE_ALLOC, .func = "__rmqueue_smallest",
			 .pfn = page_to_pfn(m, page),
			 .addr = page_address(m, page), .order = (int)order,
			 .mt = migratetype, .zone = (int)zone->idx,
			 .nid = zone_to_nid(zone), .cpu = m->cur_cpu);
	}
	return page;
}

/* --- freeing ----------------------------------------------------------- */

/* The kernel's page->flags word for dump_page(): pageflag bits of 6.12
 * and node/zone/last_cpupid fields as a CONFIG_NODES_SHIFT=10 x86-64
 * build lays them out. */
static unsigned long kernel_page_flags(const struct machine *m,
				       const struct page *page, char *names,
				       size_t len)
{
	static const struct {
		int ours, bit;
		const char *name;
	} map[] = {
		/* in pageflag_names order */
		{PG_active, 8, "active"},
		{PG_workingset, 9, "workingset"},
		{PG_owner_priv_1, 10, "owner_priv_1"},
		{PG_reserved, 13, "reserved"},
		{PG_head, 6, "head"},
	};
	unsigned long v = 0;
	size_t at = 0;
	int nid = page_to_nid(m, page);
	int zid = (int)page_zone(m, page)->idx;

	names[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
		if (!PageFlag(page, (enum pageflags)map[i].ours))
			continue;
		v |= 1UL << map[i].bit;
		at += (size_t)snprintf(names + at, len - at, "%s|",
				       map[i].name);
		if (at >= len)
			at = len - 1;
	}
	v |= (unsigned long)nid << 54 | (unsigned long)zid << 52 |
	     0x1fffffUL << 31;
	snprintf(names + at, len - at, "node=%d|zone=%d|lastcpupid=0x1fffff",
		 nid, zid);
	return v;
}

/*
 * bad_page() + dump_page(): a learner's bad free. Nothing has been
 * changed when this runs; the machine is tainted 'B'.
 */
static void bad_page(struct machine *m, struct page *page, const char *reason)
{
	unsigned long pfn = page_to_pfn(m, page);
	char names[160], taint[64];
	unsigned long kflags = kernel_page_flags(m, page, names, sizeof(names));
	int mapcount = 0;
	unsigned int page_type = 0;
	const char *type_name = NULL;

	if (PageBuddy(page)) {
		page_type = 0xf0;
		type_name = "buddy";
	} else if (PageSlab(page)) {
		page_type = 0xf5;
		type_name = "slab";
	} else if (PageTable(page)) {
		page_type = 0xf2;
		type_name = "table";
	}

	mm_call(m, "bad_page");
	mm_printk(m, LOGLEVEL_ERR,
		  "BUG: Bad page state in process kmemlab  pfn:%05lx", pfn);
	mm_printk(m, LOGLEVEL_WARNING,
		  "page: refcount:%d mapcount:%d mapping:0000000000000000 "
		  "index:0x0 pfn:%#lx",
		  page->_refcount, mapcount, pfn);
	if (PageHead(page) && page->compound_order)
		mm_printk(m, LOGLEVEL_WARNING,
			  "head: order:%u mapcount:0 entire_mapcount:0 "
			  "nr_pages_mapped:0 pincount:0",
			  page->compound_order);
	mm_printk(m, LOGLEVEL_WARNING, "flags: %#lx(%s)", kflags, names);
	if (type_name)
		mm_printk(m, LOGLEVEL_WARNING, "page_type: %x(%s)", page_type,
			  type_name);
	mm_printk(m, LOGLEVEL_WARNING,
		  "raw: %016lx %016lx %016lx 0000000000000000\n"
		  "raw: 0000000000000000 %016lx %08x%08x 0000000000000000",
		  kflags,
		  PageTail(page) ? page_vmemmap_addr(m, compound_head(page)) | 1
				 : 0xdead000000000100UL,
		  0xdead000000000122UL, page->private,
		  page_type ? page_type << 24 : 0xffffffffu,
		  (unsigned int)page->_refcount);
	mm_printk(m, LOGLEVEL_WARNING, "page dumped because: %s", reason);
	mm_printk(m, LOGLEVEL_WARNING, "Modules linked in:");
	mm_printk(m, LOGLEVEL_WARNING,
		  "CPU: %d UID: 0 PID: 1 Comm: kmemlab %s 6.12.0-kmemlab #1\n"
		  "Call Trace:\n <TASK>\n dump_stack_lvl\n bad_page\n"
		  " free_unref_page\n __free_pages\n </TASK>",
		  m->cur_cpu, mm_print_tainted(m, taint, sizeof(taint)));
	mm_add_taint(m, TAINT_BAD_PAGE);
	MM_EVENT(m, .type = EV_BUG, .func = "bad_page", .pfn = pfn,
		 .addr = page_address(m, page), .text = reason);
}

/*
 * Is this a page that can be freed with this order? The kernel finds
 * most of these only with CONFIG_DEBUG_VM, or not at all (a double free
 * of a non-compound page underflows the refcount); kmemlab checks them
 * all before changing anything. Returns the reason, or NULL if fine.
 */
static __always_inline const char *free_page_is_bad(const struct machine *m,
						    const struct page *page,
						    unsigned int order,
						    char *buf, size_t len)
{
	(void)m;
	if (order > MAX_PAGE_ORDER)
		return "order > MAX_PAGE_ORDER";
	if (PageReserved(page))
		return "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	if (PageBuddy(page) || PageSlab(page))
		return "nonzero mapcount";
	if (PageFlag(page, PG_pcp))
		return "page already free (on a per-cpu list)";
	if (PageTail(page))
		return "freeing a tail page of a compound page";
	if (page->_refcount <= 0)
		return "page not allocated (refcount 0)";
	if (PageHead(page) && page->compound_order != order) {
		snprintf(buf, len,
			 "wrong order: compound page of order %u freed as "
			 "order %u",
			 page->compound_order, order);
		return buf;
	}
	if (!PageHead(page) && page->alloc_order != order) {
		snprintf(buf, len,
			 "wrong order: allocated as order %u, freed as "
			 "order %u",
			 page->alloc_order, order);
		return buf;
	}
	return NULL;
}

/* free_pages_prepare(): back to the state of a free page */
static __always_inline void free_pages_prepare(struct page *page,
					       unsigned int order)
{
	/* a page of a live vmalloc area freed through a stale pointer: the
	 * kernel lets it go (nothing marks a vmalloc page) and the area
	 * keeps mapping it; the area is marked so that mm_check and vfree
	 * know the page is no longer its own */
	if (mm_unlikely(page->owner == OWNER_VMALLOC) && page->vm_area)
		page->vm_area->flags |= VM_KM_PAGE_FREED;
	if (PageHead(page)) {
		for (unsigned long i = 1; i < (1UL << order); i++) {
			struct page *p = page + i;

			p->flags = 0;
			p->compound_head = 0;
			p->owner = OWNER_FREE;
		}
	}
	page->flags = 0;
	page->compound_order = 0;
	page->alloc_order = 0;
	page->private = 0;
	page->_refcount = 0;
	page->owner = OWNER_FREE;
}

static void __free_pages_ok(struct machine *m, struct page *page,
			    unsigned int order, fpi_t fpi_flags)
{
	unsigned long pfn = page_to_pfn(m, page);

	mm_call(m, "__free_pages_ok");
	free_pages_prepare(page, order);
	free_pages_init(m, page, order);
	free_one_page(m, page_zone(m, page), page, pfn, order, fpi_flags);
}

/* free_pcppages_bulk(): count pages back to the buddy lists, round robin
 * over the lists from pindex, each list from its tail (oldest first) */
static void free_pcppages_bulk(struct machine *m, struct zone *zone, int count,
			       struct per_cpu_pages *pcp, int pindex)
{
	int freed = 0;

	mm_call(m, "free_pcppages_bulk");
	count = min(pcp->count, count);
	pindex = pindex - 1;
	while (count > 0) {
		struct list_head *list;
		int nr_pages, order;

		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));

		order = pindex_to_order((unsigned int)pindex);
		nr_pages = 1 << order;
		do {
			struct page *page =
				list_last_entry(list, struct page, buddy_list);
			unsigned long pfn = page_to_pfn(m, page);
			int mt = get_pfnblock_migratetype(m, pfn);

			list_del(&page->buddy_list);
			ClearPageFlag(page, PG_pcp);
			page->private = 0;
			count -= nr_pages;
			pcp->count -= nr_pages;
			freed += nr_pages;
			__free_one_page(m, page, pfn, zone, (unsigned int)order,
					mt, FPI_NONE);
		} while (count > 0 && !list_empty(list));
	}
	MM_EVENT(m, .type = EV_PCP_DRAIN, .func = "free_pcppages_bulk",
		 .n = freed, .cpu = (int)(pcp - zone->per_cpu_pageset),
		 .zone = (int)zone->idx, .nid = zone_to_nid(zone));
}

static __always_inline int nr_pcp_free(struct per_cpu_pages *pcp, int batch,
				       int high, bool free_high)
{
	if (free_high)
		return min(pcp->count, batch << CONFIG_PCP_BATCH_SCALE_MAX);
	if (high < batch)
		return 1;
	/* keep at least batch pages; free as many as were freed in a row */
	return clamp((int)pcp->free_count, batch, high - batch);
}

static __always_inline int nr_pcp_high(struct per_cpu_pages *pcp,
				       struct zone *zone, int batch,
				       bool free_high)
{
	int high, high_min = pcp->high_min, high_max = pcp->high_max;

	high = pcp->high = clamp(pcp->high, high_min, high_max);
	if (!high)
		return 0;
	if (free_high) {
		pcp->high = max(high - (batch << CONFIG_PCP_BATCH_SCALE_MAX),
				high_min);
		return 0;
	}
	/* ZONE_RECLAIM_ACTIVE: never, kmemlab does not reclaim */
	if (high_min == high_max)
		return high;
	if (zone->flags & ZONE_BELOW_HIGH) {
		int free_count = max((int)pcp->free_count, batch);

		pcp->high = max(high - free_count, high_min);
		high = max(pcp->count, high_min);
	} else if (pcp->count >= high) {
		int need_high = pcp->free_count + batch;

		if (pcp->high < need_high)
			pcp->high = clamp(need_high, high_min, high_max);
	}
	return high;
}

/* free_unref_page_commit() at or above high: out of line, so that the
 * common case keeps no registers for a call */
static __attribute__((noinline)) void
free_unref_page_commit_drain(struct machine *m, struct zone *zone,
			     struct per_cpu_pages *pcp, int pindex, int high,
			     bool free_high)
{
	free_pcppages_bulk(m, zone,
			   nr_pcp_free(pcp, pcp->batch, high, free_high), pcp,
			   pindex);
	if ((zone->flags & ZONE_BELOW_HIGH) &&
	    zone_watermark_ok(zone, 0, high_wmark_pages(zone), ZONE_MOVABLE, 0))
		zone->flags &= ~ZONE_BELOW_HIGH;
}

static __always_inline void
free_unref_page_commit(struct machine *m, struct zone *zone,
		       struct per_cpu_pages *pcp, struct page *page,
		       int migratetype, unsigned int order)
{
	int high, batch, pindex;
	bool free_high = false;

	pcp->alloc_factor >>= 1;
	pindex = (int)order_to_pindex(migratetype, (int)order);
	pcp_list_add(page, &pcp->lists[pindex], migratetype, false);
	pcp->count += 1 << order;

	batch = pcp->batch;
	/* many high-order frees in a row without allocations: flush them */
	if (order && order <= PAGE_ALLOC_COSTLY_ORDER) {
		free_high = (pcp->free_count >= batch &&
			     (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) &&
			     (!(pcp->flags & PCPF_FREE_HIGH_BATCH) ||
			      pcp->count >= batch));
		pcp->flags |= PCPF_PREV_FREE_HIGH_ORDER;
	} else if (pcp->flags & PCPF_PREV_FREE_HIGH_ORDER) {
		pcp->flags &= ~PCPF_PREV_FREE_HIGH_ORDER;
	}
	if (pcp->free_count < (batch << CONFIG_PCP_BATCH_SCALE_MAX))
		pcp->free_count = (short)(pcp->free_count + (1 << order));
	high = nr_pcp_high(pcp, zone, batch, free_high);
	if (pcp->count >= high)
		free_unref_page_commit_drain(m, zone, pcp, pindex, high,
					     free_high);
}

static __always_inline void
free_unref_page(struct machine *m, struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(m, page);
	struct zone *zone;
	int migratetype;

	mm_call(m, "free_unref_page");
	if (!pcp_allowed_order(order)) {
		__free_pages_ok(m, page, order, FPI_NONE);
		return;
	}
	free_pages_prepare(page, order);
	free_pages_init(m, page, order);
	zone = page_zone(m, page);
	migratetype = get_pfnblock_migratetype(m, pfn);
	if (migratetype >= MIGRATE_PCPTYPES) {
		if (migratetype == MIGRATE_ISOLATE) {
			free_one_page(m, zone, page, pfn, order, FPI_NONE);
			return;
		}
		migratetype = MIGRATE_MOVABLE;
	}
	free_unref_page_commit(m, zone, this_cpu_pcp(m, zone), page,
			       migratetype, order);
}

/* the full path of a pcp free, traced, up to free_pages_prepare(): what
 * it enters and emits around the refcount drop */
static __always_inline void
free_pages_fast_path(struct machine *m, struct page *page, unsigned int order)
{
	mm_call(m, "__free_pages");
	MM_EVENT(m, .type = EV_PAGE_FREE, .func = "__free_pages",
		 .pfn = page_to_pfn(m, page), .addr = page_address(m, page),
		 .order = (int)order, .mt = get_pageblock_migratetype(m, page),
		 .zone = (int)page_zone(m, page)->idx,
		 .nid = page_to_nid(m, page), .cpu = m->cur_cpu);
	page->_refcount = 0;
	mm_call(m, "free_unref_page");
}

/*
 * __free_pages() when it is the last reference to a good block of order
 * 0..3 that goes to a pcp list: free_page_is_bad()'s checks in one test
 * of the flags, then free_unref_page()'s steps, inline.
 * Traced, it enters the functions the full path would and emits its
 * event. Returns false, having changed and emitted nothing, whenever the
 * full path might do anything else: a page out of range or not allocated,
 * the wrong order, another reference, a pageblock of no pcp type, pages
 * to clear (init_on_free).
 */
static __always_inline bool free_pages_pcp_fast(struct machine *m,
						struct page *page,
						unsigned int order,
						const bool traced)
{
	const unsigned long bad = 1UL << PG_reserved | 1UL << PG_buddy |
				  1UL << PG_slab | 1UL << PG_pcp |
				  1UL << PG_tail;
	/* NULL and pages outside the memmap wrap to a large offset */
	uintptr_t off = (uintptr_t)page - (uintptr_t)m->memmap;
	unsigned long pfn = off / sizeof(struct page);
	struct per_cpu_pages *pcp;
	struct zone *zone;
	int mt;

	if (order > PAGE_ALLOC_COSTLY_ORDER || pfn >= m->nr_pages ||
	    want_init_on_free(m) || m->buddy_full_paths)
		return false;
	if ((page->flags & bad) || page->_refcount != 1 ||
	    (PageHead(page) ? page->compound_order : page->alloc_order) !=
		    order)
		return false;
	mt = get_pfnblock_migratetype(m, pfn);
	if (mt >= MIGRATE_PCPTYPES)
		return false;
	/* looked up before the first store, which could alias them; page_zone()
	 * from the pfn at hand */
	zone = m->zone_by_id[m->pageblock_zone[pfn >> pageblock_order]];
	pcp = this_cpu_pcp(m, zone);
	if (traced)
		free_pages_fast_path(m, page, order);
	else
		page->_refcount = 0;
	free_pages_prepare(page, order);
	free_unref_page_commit(m, zone, pcp, page, mt, order);
	return true;
}

/* the fast path with tracing on: out of line, the untraced one inline */
static __attribute__((noinline)) bool
free_pages_pcp_fast_traced(struct machine *m, struct page *page,
			   unsigned int order)
{
	return free_pages_pcp_fast(m, page, order, true);
}

static __attribute__((noinline)) int
__free_pages_checked(struct machine *m, struct page *page, unsigned int order);

int __free_pages(struct machine *m, struct page *page, unsigned int order)
{
	if (mm_unlikely(m->sink) ? free_pages_pcp_fast_traced(m, page, order)
				 : free_pages_pcp_fast(m, page, order, false))
		return 0;
	return __free_pages_checked(m, page, order);
}

/* __free_pages() with every check, event and case; out of line, so that
 * the fast path keeps nothing across a call */
static __attribute__((noinline)) int
__free_pages_checked(struct machine *m, struct page *page, unsigned int order)
{
	char buf[96];
	const char *reason;
	bool head;

	mm_call(m, "__free_pages");
	if (!page || page < m->memmap || page >= m->memmap + m->nr_pages)
		return -EINVAL;
	reason = free_page_is_bad(m, page, order, buf, sizeof(buf));
	if (reason) {
		bad_page(m, page, reason);
		return -EINVAL;
	}
	MM_EVENT(m, .type = EV_PAGE_FREE, .func = "__free_pages",
		 .pfn = page_to_pfn(m, page), .addr = page_address(m, page),
		 .order = (int)order, .mt = get_pageblock_migratetype(m, page),
		 .zone = (int)page_zone(m, page)->idx,
		 .nid = page_to_nid(m, page), .cpu = m->cur_cpu);

	head = PageHead(page);
	if (--page->_refcount == 0) {
		free_unref_page(m, page, order);
	} else if (!head) {
		/* someone holds the first page: free the rest of the block
		 * in the largest pieces that leave page 0 alone */
		page->alloc_order = 0;
		while (order-- > 0) {
			struct page *p = page + (1UL << order);

			p->_refcount = 0;
			free_unref_page(m, p, order);
		}
	}
	return 0;
}

int free_pages(struct machine *m, unsigned long addr, unsigned int order)
{
	mm_call(m, "free_pages");
	if (addr == 0)
		return 0;
	if (!virt_addr_valid(m, addr) || (addr & ~KM_PAGE_MASK))
		return -EFAULT;
	return __free_pages(m, virt_to_page(m, addr), order);
}

/* --- drain ------------------------------------------------------------- */

static void drain_pages_zone(struct machine *m, int cpu, struct zone *zone)
{
	struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
	int count;

	mm_call(m, "drain_pages_zone");
	do {
		count = pcp->count;
		if (count) {
			int to_drain =
				min(count,
				    pcp->batch << CONFIG_PCP_BATCH_SCALE_MAX);

			free_pcppages_bulk(m, zone, to_drain, pcp, 0);
			count -= to_drain;
		}
	} while (count);
}

void drain_all_pages(struct machine *m, struct zone *zone)
{
	struct zone *z;
	int cpu;

	mm_call(m, "drain_all_pages");
	for_each_cpu (m, cpu) {
		if (zone) {
			if (zone->per_cpu_pageset)
				drain_pages_zone(m, cpu, zone);
			continue;
		}
		for_each_populated_zone (m, z)
			drain_pages_zone(m, cpu, z);
	}
}

unsigned long zone_free_pages_with_pcp(const struct machine *m,
				       const struct zone *zone)
{
	unsigned long n = zone->nr_free_pages;

	if (zone->per_cpu_pageset)
		for (int cpu = 0; cpu < m->nr_cpus; cpu++)
			n += (unsigned long)zone->per_cpu_pageset[cpu].count;
	return n;
}

void buddy_for_each_free(const struct machine *m, const struct zone *zone,
			 buddy_block_fn fn, void *ctx)
{
	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			const struct list_head *head =
				&zone->free_area[order].free_list[mt];

			for (const struct list_head *l = head->next; l != head;
			     l = l->next) {
				const struct page *page =
					list_entry(l, struct page, buddy_list);

				fn(ctx, zone, order, mt, page_to_pfn(m, page));
			}
		}
	}
}

/* --- Mem-Info (mm/show_mem.c: __show_mem; unmodelled counters are 0) ---- */

#define K(x) ((x) << (KM_PAGE_SHIFT - 10))

static void show_mem(struct machine *m, int max_zone_idx)
{
	unsigned long free_pcp = 0, free = 0, slab_r = 0, slab_u = 0, pt = 0;
	unsigned long total = 0, reserved = 0;
	struct zone *zone;
	static const char letters[MIGRATE_TYPES] = {'U', 'M', 'E', 'H', 'I'};

	for_each_populated_zone (m, zone) {
		if ((int)zone->idx > max_zone_idx)
			continue;
		for (int cpu = 0; cpu < m->nr_cpus; cpu++)
			free_pcp +=
				(unsigned long)zone->per_cpu_pageset[cpu].count;
	}
	for_each_populated_zone (m, zone)
		free += zone->nr_free_pages;
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		slab_r += m->node_data[nid].nr_slab_reclaimable_b >>
			  KM_PAGE_SHIFT;
		slab_u += m->node_data[nid].nr_slab_unreclaimable_b >>
			  KM_PAGE_SHIFT;
		pt += m->node_data[nid].nr_page_table_pages;
	}
	mm_printk(m, LOGLEVEL_WARNING, "Mem-Info:");
	mm_printk(m, LOGLEVEL_WARNING,
		  "active_anon:0 inactive_anon:0 isolated_anon:0\n"
		  " active_file:0 inactive_file:0 isolated_file:0\n"
		  " unevictable:0 dirty:0 writeback:0\n"
		  " slab_reclaimable:%lu slab_unreclaimable:%lu\n"
		  " mapped:0 shmem:0 pagetables:%lu\n"
		  " sec_pagetables:0 bounce:0\n"
		  " kernel_misc_reclaimable:0\n"
		  " free:%lu free_pcp:%lu free_cma:0",
		  slab_r, slab_u, pt, free, free_pcp);
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		const struct pglist_data *pgdat = &m->node_data[nid];
		bool managed = false;

		for (int z = 0; z <= max_zone_idx && z < MAX_NR_ZONES; z++)
			if (pgdat->node_zones[z].managed_pages)
				managed = true;
		if (!managed)
			continue;
		mm_printk(m, LOGLEVEL_WARNING,
			  "Node %d active_anon:0kB inactive_anon:0kB "
			  "active_file:0kB inactive_file:0kB unevictable:0kB "
			  "isolated(anon):0kB isolated(file):0kB mapped:0kB "
			  "dirty:0kB writeback:0kB shmem:0kB shmem_thp:0kB "
			  "shmem_pmdmapped:0kB anon_thp:0kB writeback_tmp:0kB "
			  "kernel_stack:0kB pagetables:%lukB "
			  "sec_pagetables:0kB all_unreclaimable? no",
			  nid, K(pgdat->nr_page_table_pages));
	}
	for_each_populated_zone (m, zone) {
		char line[512];
		size_t at;

		if ((int)zone->idx > max_zone_idx)
			continue;
		free_pcp = 0;
		for (int cpu = 0; cpu < m->nr_cpus; cpu++)
			free_pcp +=
				(unsigned long)zone->per_cpu_pageset[cpu].count;
		mm_printk(m, LOGLEVEL_WARNING,
			  "Node %d %s free:%lukB boost:%lukB min:%lukB "
			  "low:%lukB high:%lukB reserved_highatomic:0KB "
			  "active_anon:0kB inactive_anon:0kB active_file:0kB "
			  "inactive_file:0kB unevictable:0kB "
			  "writepending:0kB present:%lukB managed:%lukB "
			  "mlocked:0kB bounce:0kB free_pcp:%lukB "
			  "local_pcp:%dkB free_cma:0kB",
			  zone_to_nid(zone), zone->name, K(zone->nr_free_pages),
			  K(zone->watermark_boost), K(min_wmark_pages(zone)),
			  K(low_wmark_pages(zone)), K(high_wmark_pages(zone)),
			  K(zone->present_pages), K(zone->managed_pages),
			  K(free_pcp),
			  this_cpu_pcp(m, zone)->count << (KM_PAGE_SHIFT - 10));
		at = (size_t)snprintf(line, sizeof(line), "lowmem_reserve[]:");
		/* five entries, ZONE_DEVICE last, as /proc/zoneinfo shows */
		for (int i = 0; i <= MAX_NR_ZONES; i++)
			at += (size_t)snprintf(
				line + at, sizeof(line) - at, " %ld",
				zone->lowmem_reserve[min(i, MAX_NR_ZONES - 1)]);
		mm_printk(m, LOGLEVEL_WARNING, "%s", line);
	}
	for_each_populated_zone (m, zone) {
		char line[1024];
		size_t at;
		unsigned long sum = 0;

		if ((int)zone->idx > max_zone_idx)
			continue;
		at = (size_t)snprintf(line, sizeof(line),
				      "Node %d %s: ", zone_to_nid(zone),
				      zone->name);
		for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
			const struct free_area *area = &zone->free_area[order];
			unsigned long nr = area->nr_free;

			sum += nr << order;
			at += (size_t)snprintf(line + at, sizeof(line) - at,
					       "%lu*%lukB ", nr,
					       K(1UL) << order);
			if (nr) {
				char t[MIGRATE_TYPES + 1];
				int n = 0;

				for (int mt = 0; mt < MIGRATE_TYPES; mt++)
					if (!free_area_empty(area, mt))
						t[n++] = letters[mt];
				t[n] = '\0';
				at += (size_t)snprintf(line + at,
						       sizeof(line) - at,
						       "(%s) ", t);
			}
		}
		snprintf(line + at, sizeof(line) - at, "= %lukB", K(sum));
		mm_printk(m, LOGLEVEL_WARNING, "%s", line);
	}
	mm_printk(m, LOGLEVEL_WARNING, "0 total pagecache pages");
	for_each_populated_zone (m, zone) {
		total += zone->present_pages;
		reserved += zone->present_pages - zone->managed_pages;
	}
	mm_printk(m, LOGLEVEL_WARNING,
		  "%lu pages RAM\n0 pages HighMem/MovableOnly\n"
		  "%lu pages reserved",
		  total, reserved);
}

/* --- boot ---------------------------------------------------------------- */

/* lib/math/int_sqrt.c: floor(sqrt(x)) */
static unsigned long int_sqrt(unsigned long x)
{
	unsigned long b, mm, y = 0;

	if (x <= 1)
		return x;
	mm = 1UL << (ilog2(x) & ~1);
	while (mm != 0) {
		b = y + mm;
		y >>= 1;
		if (x >= b) {
			x -= b;
			y += mm;
		}
		mm >>= 2;
	}
	return y;
}

static unsigned long rounddown_pow_of_two(unsigned long n)
{
	return n ? 1UL << ilog2(n) : 0;
}

/* nr_free_buffer_pages(): managed pages above the high mark in the zones
 * a GFP_USER allocation may use (all nodes, through the zonelist) */
static unsigned long nr_free_buffer_pages(struct machine *m)
{
	unsigned long sum = 0;

	for (struct zone **z = m->node_data[numa_node_id(m)].zonelist; *z;
	     z++) {
		unsigned long size = (*z)->managed_pages;
		unsigned long high = high_wmark_pages(*z);

		if ((*z)->idx > ZONE_NORMAL)
			continue;
		if (size > high)
			sum += size - high;
	}
	return sum;
}

static void calculate_totalreserve_pages(struct machine *m)
{
	unsigned long reserve_pages = 0;
	struct zone *zone;

	for_each_zone (m, zone) {
		long mx = 0;

		for (int j = (int)zone->idx; j < MAX_NR_ZONES; j++)
			if (zone->lowmem_reserve[j] > mx)
				mx = zone->lowmem_reserve[j];
		/* the high watermark counts as reserved too */
		mx += (long)high_wmark_pages(zone);
		if (mx > (long)zone->managed_pages)
			mx = (long)zone->managed_pages;
		reserve_pages += (unsigned long)mx;
	}
	m->totalreserve_pages = reserve_pages;
}

static void setup_per_zone_lowmem_reserve(struct machine *m)
{
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		struct pglist_data *pgdat = &m->node_data[nid];

		for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = sysctl_lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone->managed_pages;
			unsigned long managed_pages = 0;

			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				managed_pages +=
					pgdat->node_zones[j].managed_pages;
				zone->lowmem_reserve[j] =
					clear ? 0
					      : (long)(managed_pages /
						       (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages(m);
}

static void __setup_per_zone_wmarks(struct machine *m)
{
	unsigned long pages_min = m->min_free_kbytes >> (KM_PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *zone;

	for_each_zone (m, zone)
		if (zone->idx != ZONE_MOVABLE)
			lowmem_pages += zone->managed_pages;

	for_each_zone (m, zone) {
		unsigned long tmp =
			lowmem_pages
				? pages_min * zone->managed_pages / lowmem_pages
				: 0;
		unsigned long scaled;

		if (zone->idx == ZONE_MOVABLE) {
			unsigned long min_pages = zone->managed_pages / 1024;

			zone->_watermark[WMARK_MIN] =
				clamp(min_pages, SWAP_CLUSTER_MAX, 128UL);
		} else {
			zone->_watermark[WMARK_MIN] = tmp;
		}
		/* the kswapd gap: a quarter of min, or 0.1% of the zone */
		scaled = zone->managed_pages *
			 (unsigned long)watermark_scale_factor / 10000;
		tmp = max(tmp >> 2, scaled);
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_LOW] = min_wmark_pages(zone) + tmp;
		zone->_watermark[WMARK_HIGH] = low_wmark_pages(zone) + tmp;
		zone->_watermark[WMARK_PROMO] = high_wmark_pages(zone) + tmp;
	}
	calculate_totalreserve_pages(m);
}

static int zone_batchsize(const struct zone *zone)
{
	int batch = (int)min(zone->managed_pages >> 10, 256UL);

	batch /= 4;
	if (batch < 1)
		batch = 1;
	/* a 2^n - 1 value, for cache colouring */
	return (int)rounddown_pow_of_two((unsigned long)(batch + batch / 2)) -
	       1;
}

static int zone_highsize(const struct machine *m, const struct zone *zone,
			 int batch, int cpu_online, int high_fraction)
{
	unsigned long total_pages;
	int nr_split_cpus = cpu_online, high;

	if (!high_fraction)
		total_pages = low_wmark_pages(zone);
	else
		total_pages =
			zone->managed_pages / (unsigned long)high_fraction;
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		if (m->cpu_to_node[cpu] == zone_to_nid(zone))
			nr_split_cpus++;
	if (!nr_split_cpus)
		nr_split_cpus = m->nr_cpus;
	high = (int)(total_pages / (unsigned long)nr_split_cpus);
	return max(high, batch << 2);
}

/* zone_set_pageset_high_and_batch(): only batch and the high bounds
 * change; pcp->high itself follows them on the next use */
static void zone_pcp_update(struct machine *m, struct zone *zone)
{
	int batch = max(1, zone_batchsize(zone));
	int high_min = zone_highsize(m, zone, batch, 0, 0);
	int high_max = zone_highsize(m, zone, batch, 0,
				     MIN_PERCPU_PAGELIST_HIGH_FRACTION);

	if (!zone->per_cpu_pageset)
		return;
	for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		pcp->batch = batch;
		pcp->high_min = high_min;
		pcp->high_max = high_max;
	}
}

static void setup_per_zone_wmarks(struct machine *m)
{
	struct zone *zone;

	__setup_per_zone_wmarks(m);
	for_each_zone (m, zone)
		zone_pcp_update(m, zone);
}

static void calculate_min_free_kbytes(struct machine *m)
{
	unsigned long lowmem_kbytes =
		nr_free_buffer_pages(m) * (KM_PAGE_SIZE >> 10);
	unsigned long v = int_sqrt(lowmem_kbytes * 16);

	m->min_free_kbytes = clamp(v, 128UL, 262144UL);
}

/* mm/khugepaged.c: set_recommended_min_free_kbytes(), THP enabled */
static void set_recommended_min_free_kbytes(struct machine *m)
{
	struct zone *zone;
	unsigned long nr_zones = 0, recommended_min;

	for_each_populated_zone (m, zone)
		if (zone->idx <= ZONE_NORMAL)
			nr_zones++;
	/* two free pageblocks per zone, plus room for each type to fall
	 * back to each other type */
	recommended_min = pageblock_nr_pages * nr_zones * 2;
	recommended_min += pageblock_nr_pages * nr_zones * MIGRATE_PCPTYPES *
			   MIGRATE_PCPTYPES;
	/* but never more than 5% of lowmem */
	recommended_min = min(recommended_min, nr_free_buffer_pages(m) / 20);
	recommended_min <<= KM_PAGE_SHIFT - 10;
	if (recommended_min > m->min_free_kbytes) {
		mm_printk(m, LOGLEVEL_INFO,
			  "raising min_free_kbytes from %lu to %lu to help "
			  "transparent hugepage allocations",
			  m->min_free_kbytes, recommended_min);
		m->min_free_kbytes = recommended_min;
	}
	setup_per_zone_wmarks(m);
}

void init_per_zone_wmark_min(struct machine *m)
{
	struct zone *zone;

	/* reset as at boot: watermarks feed nr_free_buffer_pages() */
	for_each_zone (m, zone)
		memset(zone->_watermark, 0, sizeof(zone->_watermark));
	calculate_min_free_kbytes(m);
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);
	/* hugepage_init() starts khugepaged later in boot */
	set_recommended_min_free_kbytes(m);
}

/*
 * mm/memblock.c: __free_pages_memory(), the largest naturally aligned
 * blocks of [start, end), each freed to the tail of its list as
 * __free_pages_core() does at boot.
 */
static void __free_pages_memory(struct machine *m, unsigned long start,
				unsigned long end)
{
	while (start < end) {
		int order = start ? min(MAX_PAGE_ORDER, __builtin_ctzl(start))
				  : MAX_PAGE_ORDER;
		struct page *page;

		while (start + (1UL << order) > end)
			order--;
		page = pfn_to_page(m, start);
		page->owner = OWNER_FREE;
		free_one_page(m, page_zone(m, page), page, start,
			      (unsigned int)order, FPI_TO_TAIL);
		start += 1UL << order;
	}
}

void buddy_init(struct machine *m)
{
	struct zone *zone;

	mm_call(m, "memblock_free_all");
	for_each_zone (m, zone) {
		unsigned long start = zone->zone_start_pfn;
		unsigned long end = start + zone->spanned_pages;

		if (!populated_zone(zone))
			continue;
		/*
		 * memmap_init_range(): every pageblock whose first pfn lies
		 * in the zone starts MIGRATE_MOVABLE. The DMA zone starts at
		 * pfn 1, so pageblock 0 keeps type 0, Unmovable.
		 */
		for (unsigned long pfn = ALIGN(start, pageblock_nr_pages);
		     pfn < end; pfn += pageblock_nr_pages)
			m->pageblock_mt[pfn >> pageblock_order] =
				MIGRATE_MOVABLE;
		zone->per_cpu_pageset = calloc((size_t)m->nr_cpus,
					       sizeof(struct per_cpu_pages));
		KM_BUG_ON(!zone->per_cpu_pageset);
		for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
			struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

			for (int i = 0; i < NR_PCP_LISTS; i++)
				INIT_LIST_HEAD(&pcp->lists[i]);
			/* zone_pcp_update_cacheinfo(): a last-level cache
			 * slice larger than 3 batches, as on any x86 part */
			pcp->flags = PCPF_FREE_HIGH_BATCH;
		}
	}

	/*
	 * memblock_free_all(): the runs of pages memblock did not reserve,
	 * in ascending order. Reading a struct page faults its memmap page
	 * in, so first trim reserved pages off both ends of the zone; when
	 * that accounts for every page that is not managed, the middle is
	 * one free run and the memmap between is never touched. Otherwise
	 * scan the zone page by page.
	 */
	for_each_zone (m, zone) {
		unsigned long pfn = zone->zone_start_pfn;
		unsigned long end = pfn + zone->spanned_pages;
		unsigned long lo = pfn, hi = end;

		if (!populated_zone(zone))
			continue;
		while (lo < hi && PageReserved(pfn_to_page(m, lo)))
			lo++;
		while (hi > lo && PageReserved(pfn_to_page(m, hi - 1)))
			hi--;
		if ((lo - pfn) + (end - hi) ==
		    zone->spanned_pages - zone->managed_pages) {
			if (hi > lo)
				__free_pages_memory(m, lo, hi);
			continue;
		}
		while (pfn < end) {
			unsigned long run;

			while (pfn < end && PageReserved(pfn_to_page(m, pfn)))
				pfn++;
			run = pfn;
			while (pfn < end && !PageReserved(pfn_to_page(m, pfn)))
				pfn++;
			if (pfn > run)
				__free_pages_memory(m, run, pfn);
		}
	}

	init_per_zone_wmark_min(m);
}

void buddy_destroy(struct machine *m)
{
	struct zone *zone;

	for_each_zone (m, zone) {
		free(zone->per_cpu_pageset);
		zone->per_cpu_pageset = NULL;
	}
}

/* --- invariants ---------------------------------------------------------- */

struct check_ctx {
	char *buf;
	size_t len;
	int errors;
};

static void check_fail(struct check_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check_fail(struct check_ctx *c, const char *fmt, ...)
{
	if (c->errors++ == 0 && c->buf && c->len) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(c->buf, c->len, fmt, ap);
		va_end(ap);
	}
}

static bool page_allocated_state(const struct page *p)
{
	return p->_refcount != 0 || PageReserved(p) || PageSlab(p) ||
	       PageHead(p) || PageTail(p) || PageFlag(p, PG_pcp);
}

static void check_zone(struct machine *m, struct zone *zone,
		       struct check_ctx *c)
{
	unsigned long sum = 0;
	unsigned long zend = zone->zone_start_pfn + zone->spanned_pages;

	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct free_area *area = &zone->free_area[order];
		unsigned long n = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct list_head *head = &area->free_list[mt];
			struct list_head *l;

			for (l = head->next; l != head; l = l->next) {
				struct page *page =
					list_entry(l, struct page, buddy_list);
				unsigned long pfn = page_to_pfn(m, page);
				unsigned long size = 1UL << order;

				if (l->next->prev != l) {
					check_fail(c,
						   "zone %s order %u: "
						   "broken list at pfn %#lx",
						   zone->name, order, pfn);
					return;
				}
				n++;
				if (pfn & (size - 1))
					check_fail(c,
						   "pfn %#lx of order %u "
						   "not aligned",
						   pfn, order);
				if (pfn < zone->zone_start_pfn ||
				    pfn + size > zend ||
				    page_zone(m, page) != zone)
					check_fail(c,
						   "free block %#lx order "
						   "%u outside zone %s",
						   pfn, order, zone->name);
				if (!PageBuddy(page) ||
				    buddy_order(page) != order)
					check_fail(c,
						   "free block %#lx on "
						   "order-%u list lacks "
						   "PG_buddy/order",
						   pfn, order);
				for (unsigned long i = 0; i < size; i++) {
					struct page *p = page + i;

					if (page_allocated_state(p) ||
					    (i && PageBuddy(p))) {
						check_fail(c,
							   "pfn %#lx inside "
							   "free block %#lx "
							   "order %u is in use",
							   pfn + i, pfn, order);
						break;
					}
				}
				/* the type of the block's own pageblock */
				if (get_pfnblock_migratetype(m, pfn) != mt)
					check_fail(
						c,
						"free block %#lx order %u "
						"on %s list in a %s "
						"pageblock",
						pfn, order,
						migratetype_names[mt],
						migratetype_names
							[get_pfnblock_migratetype(
								m, pfn)]);
				/* no free buddy left unmerged */
				if (order < MAX_PAGE_ORDER) {
					unsigned long bpfn;
					struct page *b = find_buddy_page_pfn(
						m, zone, pfn, order, &bpfn);

					if (b &&
					    (order < pageblock_order ||
					     (migratetype_is_mergeable(mt) &&
					      migratetype_is_mergeable(
						      get_pfnblock_migratetype(
							      m, bpfn)))))
						check_fail(c,
							   "free buddies %#lx "
							   "and %#lx of order "
							   "%u not merged",
							   pfn, bpfn, order);
				}
				if (mt != MIGRATE_ISOLATE)
					sum += size;
			}
		}
		if (n != area->nr_free)
			check_fail(c,
				   "zone %s order %u: nr_free %lu, lists "
				   "hold %lu",
				   zone->name, order, area->nr_free, n);
	}
	if (sum != zone->nr_free_pages)
		check_fail(c, "zone %s: nr_free_pages %lu, free lists hold %lu",
			   zone->name, zone->nr_free_pages, sum);

	for (int cpu = 0; zone->per_cpu_pageset && cpu < m->nr_cpus; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
		int count = 0;

		for (unsigned int i = 0; i < NR_PCP_LISTS; i++) {
			struct list_head *head = &pcp->lists[i];
			int order = pindex_to_order(i);

			for (struct list_head *l = head->next; l != head;
			     l = l->next) {
				struct page *page =
					list_entry(l, struct page, buddy_list);
				unsigned long pfn = page_to_pfn(m, page);

				count += 1 << order;
				if (!PageFlag(page, PG_pcp) ||
				    PageBuddy(page) || page->_refcount != 0 ||
				    page_zone(m, page) != zone ||
				    (pfn & ((1UL << order) - 1)))
					check_fail(c,
						   "cpu %d pcp list %u: bad "
						   "page pfn %#lx",
						   cpu, i, pfn);
			}
		}
		if (count != pcp->count)
			check_fail(c,
				   "cpu %d zone %s: pcp count %d, lists "
				   "hold %d",
				   cpu, zone->name, pcp->count, count);
	}
}

int buddy_check(struct machine *m, char *buf, size_t len)
{
	struct check_ctx c = {.buf = buf, .len = len};
	struct zone *zone;

	if (buf && len)
		buf[0] = '\0';
	for_each_zone (m, zone) {
		if (!populated_zone(zone))
			continue;
		check_zone(m, zone, &c);
	}
	return c.errors;
}
