/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The buddy page allocator: the kernel's page-allocation API over the
 * machine's zones (twin: mm/page_alloc.c). Every function takes the machine
 * first; otherwise names, arguments and semantics are the kernel's.
 */
#ifndef KMEMLAB_BUDDY_H
#define KMEMLAB_BUDDY_H

#include "machine.h"

/* NULL on failure, with the kernel's allocation-failure warning unless
 * __GFP_NOWARN. nid may be NUMA_NO_NODE (the current CPU's node). */
struct page *alloc_pages(struct machine *m, gfp_t gfp, unsigned int order);
struct page *alloc_pages_node(struct machine *m, int nid, gfp_t gfp,
			      unsigned int order);
/* Kernel address of the first page, or 0. */
unsigned long __get_free_pages(struct machine *m, gfp_t gfp,
			       unsigned int order);
unsigned long get_zeroed_page(struct machine *m, gfp_t gfp);

/*
 * Free 1 << order pages. A page that is not allocated, or an order that
 * does not match the allocation, is reported as the kernel's
 * "BUG: Bad page state" (EV_BUG, log) and nothing is changed: returns
 * -EINVAL then, 0 on success.
 */
int __free_pages(struct machine *m, struct page *page, unsigned int order);
int free_pages(struct machine *m, unsigned long addr, unsigned int order);

/* Empty the pcp lists of every CPU (zone NULL) or of one zone. */
void drain_all_pages(struct machine *m, struct zone *zone);

/* Number of free pages of a zone, pcp pages included. */
unsigned long zone_free_pages_with_pcp(const struct machine *m,
				       const struct zone *zone);

/* Read-only visitor over the free blocks of a zone, lowest order first,
 * each list from head to tail. */
typedef void (*buddy_block_fn)(void *ctx, const struct zone *zone,
			       unsigned int order, int mt, unsigned long pfn);
void buddy_for_each_free(const struct machine *m, const struct zone *zone,
			 buddy_block_fn fn, void *ctx);

/* Buddy and pcp invariants (mm_check calls it); errors counted, the first
 * described in buf when buf is not NULL. */
int buddy_check(struct machine *m, char *buf, size_t len);

/*
 * mm/page_alloc.c init_per_zone_wmark_min() followed by khugepaged's
 * set_recommended_min_free_kbytes(): min_free_kbytes, watermarks,
 * lowmem_reserve, totalreserve_pages and pcp batch/high from the zones'
 * managed pages. buddy_init calls it; tests call it again after changing
 * managed_pages to reproduce another machine's figures.
 */
void init_per_zone_wmark_min(struct machine *m);

/*
 * Test and lesson hook: mm/page_alloc.c __rmqueue_smallest() on one zone
 * and type (no pcp, no watermarks, no fallback), then prep_new_page().
 * NULL if the zone has no block of that type and order or larger.
 */
struct page *buddy_rmqueue_smallest(struct machine *m, struct zone *zone,
				    unsigned int order, int migratetype,
				    gfp_t gfp);

/* Called by machine_create once the zones are laid out. */
void buddy_init(struct machine *m);
void buddy_destroy(struct machine *m);

#endif /* KMEMLAB_BUDDY_H */
