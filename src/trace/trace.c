// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trace: the ring of events of the current command. STUB: being written.
 */
#include "kmemlab/event.h"

const char *const mm_event_names[NR_MM_EVENTS] = {
	[EV_CALL] = "call",
	[EV_PRINTK] = "printk",
	[EV_BUG] = "bug",
	[EV_PAGE_ALLOC] = "page_alloc",
	[EV_PAGE_FREE] = "page_free",
	[EV_SPLIT] = "split",
	[EV_MERGE] = "merge",
	[EV_PCP_REFILL] = "pcp_refill",
	[EV_PCP_DRAIN] = "pcp_drain",
	[EV_FALLBACK] = "fallback",
	[EV_STEAL] = "steal",
	[EV_ZONE_FALLBACK] = "zone_fallback",
	[EV_ALLOC_FAIL] = "alloc_fail",
	[EV_SLAB_ALLOC] = "slab_alloc",
	[EV_SLAB_FREE] = "slab_free",
	[EV_SLAB_NEW] = "slab_new",
	[EV_SLAB_DISCARD] = "slab_discard",
	[EV_SLAB_MOVE] = "slab_move",
	[EV_SLAB_FREELIST] = "slab_freelist",
	[EV_CACHE_CREATE] = "cache_create",
	[EV_CACHE_DESTROY] = "cache_destroy",
	[EV_CACHE_MERGE] = "cache_merge",
	[EV_VMAP_AREA] = "vmap_area",
	[EV_VMAP_FREE] = "vmap_free",
	[EV_VMAP_PURGE] = "vmap_purge",
	[EV_PTE_MAP] = "pte_map",
	[EV_PTE_UNMAP] = "pte_unmap",
	[EV_PGTABLE_ALLOC] = "pgtable_alloc",
};
