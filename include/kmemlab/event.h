/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Trace events: every step the engine takes is one typed event, emitted
 * through the machine's sink (NULL when tracing is off, so the cost is one
 * predictable branch). The trace layer (src/trace) keeps them in a ring,
 * formats them ("kmem_cache_alloc: cache=kmalloc-64 addr=0x...") and feeds
 * `explain`, the --json "path" and "events", the views and the lessons.
 *
 * EV_CALL marks entry into a kernel function: the sequence of EV_CALL names
 * of one command is its "path", outermost first, in the order they ran.
 */
#ifndef KMEMLAB_EVENT_H
#define KMEMLAB_EVENT_H

enum mm_event_type {
	EV_CALL,   /* entered func */
	EV_PRINTK, /* a kernel log line: text */
	EV_BUG,	   /* a learner's bug was caught (Bad page, double free) */

	/* buddy (mm/page_alloc.c) */
	EV_PAGE_ALLOC, /* pfn, order, mt, zone, nid */
	EV_PAGE_FREE,  /* pfn, order, mt */
	EV_SPLIT,      /* expand(): pfn = upper half put back, order */
	EV_MERGE, /* __free_one_page: pfn merged with buddy (pfn2), order */
	EV_PCP_REFILL,	  /* rmqueue_bulk: n blocks of order to cpu */
	EV_PCP_DRAIN,	  /* free_pcppages_bulk: n pages from cpu */
	EV_FALLBACK,	  /* __rmqueue_fallback: mt -> mt2, order */
	EV_STEAL,	  /* pageblock at pfn changes type mt2 -> mt */
	EV_ZONE_FALLBACK, /* zonelist moved past a zone: zone */
	EV_ALLOC_FAIL,	  /* no page: order */

	/* SLUB (mm/slub.c) */
	EV_SLAB_ALLOC,	  /* object addr handed out from cache */
	EV_SLAB_FREE,	  /* object addr freed to cache */
	EV_SLAB_NEW,	  /* new slab at addr2 (slab base), order, n objects */
	EV_SLAB_DISCARD,  /* slab addr2 returned to the buddy allocator */
	EV_SLAB_MOVE,	  /* slab addr2 moves: list names in text */
	EV_SLAB_FREELIST, /* cpu freelist changes: n objects */
	EV_CACHE_CREATE,
	EV_CACHE_DESTROY,
	EV_CACHE_MERGE,

	/* vmalloc (mm/vmalloc.c) */
	EV_VMAP_AREA,  /* area [addr, addr2) reserved */
	EV_VMAP_FREE,  /* area [addr, addr2) freed (lazy) */
	EV_VMAP_PURGE, /* lazy areas returned: n */
	EV_PTE_MAP,    /* addr mapped to pfn */
	EV_PTE_UNMAP,
	EV_PGTABLE_ALLOC, /* page-table page pfn for level n */

	NR_MM_EVENTS
};

struct mm_event {
	enum mm_event_type type;
	const char *func;    /* kernel function that did it */
	const char *cache;   /* cache name, or NULL */
	const char *text;    /* EV_PRINTK line, or a short note */
	unsigned long addr;  /* kernel address (object, area start) */
	unsigned long addr2; /* second address (slab base, area end) */
	unsigned long pfn;
	unsigned long pfn2;
	int order;
	int mt, mt2;   /* migrate types */
	int nid, zone; /* node and zone index */
	int cpu;
	long n; /* a count */
};

/*
 * The events the engine may write straight into an array its sink's owner
 * lends (struct machine's ev_base) instead of sending them: every kind
 * whose text is a string literal or none and whose cache outlives the
 * next event sent. Not a call (the path has its own array), a kernel log
 * line or a report (formatted text), a merge (the alias's name is the
 * caller's), nor a cache's destruction (its name is freed right after).
 */
#define MM_EVENTS_LENDABLE                                                     \
	(((1UL << NR_MM_EVENTS) - 1) &                                         \
	 ~((1UL << EV_CALL) | (1UL << EV_PRINTK) | (1UL << EV_BUG) |           \
	   (1UL << EV_CACHE_MERGE) | (1UL << EV_CACHE_DESTROY)))

typedef void (*mm_event_fn)(void *ctx, const struct mm_event *ev);

extern const char *const mm_event_names[NR_MM_EVENTS];

#endif /* KMEMLAB_EVENT_H */
