/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated machine: RAM, the memmap, NUMA nodes and their zones, CPUs,
 * the log and the event sink. Every engine function takes a struct machine
 * as its first argument; there is no global state, so a test can run many
 * machines side by side (Lua's lua_State).
 *
 * Kernel twins: include/linux/mmzone.h (pglist_data, zone, free_area,
 * per_cpu_pages), mm/mm_init.c and mm/page_alloc.c (boot).
 *
 * Addresses (DESIGN.md §2): physical memory is one memfd mapped once as the
 * direct map. A kernel address KA in the direct map is the host pointer
 * m->direct_map + (KA - KM_PAGE_OFFSET); a pfn P is KA = KM_PAGE_OFFSET +
 * (P << 12); its struct page shows as KM_VMEMMAP + P * 64.
 */
#ifndef KMEMLAB_MACHINE_H
#define KMEMLAB_MACHINE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gfp.h"
#include "list.h"
#include "page.h"
#include "event.h"

#define KM_PAGE_SHIFT 12
#define KM_PAGE_SIZE (1UL << KM_PAGE_SHIFT)
#define KM_PAGE_MASK (~(KM_PAGE_SIZE - 1))
#define KM_PAGE_OFFSET 0xffff888000000000UL
#define KM_VMALLOC_START 0xffffc90000000000UL
#define KM_VMEMMAP 0xffffea0000000000UL
#define KM_START_KERNEL_map 0xffffffff80000000UL
#define KM_STRUCT_PAGE_SIZE 64 /* sizeof(struct page) on x86-64 */

#define MAX_PAGE_ORDER 10
#define NR_PAGE_ORDERS (MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1UL << MAX_PAGE_ORDER)
#define PAGE_ALLOC_COSTLY_ORDER 3
#define pageblock_order 9
#define pageblock_nr_pages (1UL << pageblock_order)

#define KM_MAX_NUMNODES 8
#define KM_NR_CPUS 128
#define NUMA_NO_NODE (-1)

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_MOVABLE,
	MAX_NR_ZONES
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

/* pcp lists: orders 0..3 per pcp migrate type, then THP order 9 (2 lists) */
#define NR_LOWORDER_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS (NR_LOWORDER_PCP_LISTS + 2)

extern const char *const migratetype_names[MIGRATE_TYPES];
extern const char *const zone_names[MAX_NR_ZONES];

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free; /* blocks of this order, all types */
};

struct per_cpu_pages {
	int count; /* pages on all lists */
	int high;
	int high_min;
	int high_max;
	int batch;
	uint8_t flags;
	uint8_t alloc_factor;
	short free_count;
	struct list_head lists[NR_PCP_LISTS];
};

struct pglist_data;

struct zone {
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	long lowmem_reserve[MAX_NR_ZONES];
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages *per_cpu_pageset; /* [nr_cpus] */
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	unsigned long nr_free_pages; /* NR_FREE_PAGES: buddy only */
	const char *name;
	enum zone_type idx;
	struct free_area free_area[NR_PAGE_ORDERS];
	unsigned long flags; /* ZONE_BELOW_HIGH, ZONE_BOOSTED_WATERMARK */
};

struct pglist_data {
	int node_id;
	struct zone node_zones[MAX_NR_ZONES];
	/* zonelist: zones of every node, by distance, highest zone first */
	struct zone *zonelist[KM_MAX_NUMNODES * MAX_NR_ZONES + 1];
	unsigned long node_start_pfn;
	unsigned long node_spanned_pages;
	unsigned long node_present_pages;
	/* node vmstat (bytes or pages as the kernel keeps them) */
	unsigned long nr_slab_reclaimable_b;
	unsigned long nr_slab_unreclaimable_b;
	unsigned long nr_page_table_pages;
	unsigned long nr_vmalloc_pages;
};

struct machine_config {
	char preset[16];
	unsigned long mem_bytes; /* all nodes together */
	int nr_nodes;
	int nr_cpus;
	uint64_t seed;
	bool dma32;		    /* a DMA32 zone below 4 GiB */
	bool hardened;		    /* FREELIST_HARDENED + _RANDOM */
	char slub_debug[128];	    /* slab_debug= boot string, "" off */
	unsigned long vmalloc_size; /* bytes of vmalloc space */
	int distance[KM_MAX_NUMNODES][KM_MAX_NUMNODES];
	/* init_on_alloc=1 / init_on_free=1 on the kernel command line
	 * (mm/mm_init.c): zero pages and objects on allocation / on free */
	bool init_on_alloc;
	bool init_on_free;
};

/* A line of the kernel log (dmesg). */
enum log_level { LOGLEVEL_ERR = 3, LOGLEVEL_WARNING = 4, LOGLEVEL_INFO = 6 };

#define MM_CALL_RING 16 /* struct machine's call_ring */

struct slub_state;    /* slab.h */
struct vmalloc_state; /* vmalloc.h */

struct machine {
	struct machine_config cfg;

	/* physical memory */
	int memfd;
	unsigned char *direct_map; /* host mapping of all RAM */
	uintptr_t direct_map_bias; /* direct_map - KM_PAGE_OFFSET (km_ptr) */
	unsigned long nr_pages;	   /* max_pfn */
	struct page *memmap;	   /* [nr_pages] */
	size_t memmap_bytes;	   /* its host mapping's length */
	uint8_t *pageblock_mt;	   /* migratetype per pageblock */
	uint8_t *pageblock_zone;   /* node * MAX_NR_ZONES + zone */
	/* page_zone()'s last step, pageblock_zone value to its zone */
	struct zone *zone_by_id[KM_MAX_NUMNODES * MAX_NR_ZONES];
	unsigned long totalram_pages;
	unsigned long totalreserve_pages;
	unsigned long min_free_kbytes;
	unsigned long nr_reserved_pages;
	/* the kernel image [start, end) in pfns, reserved at boot */
	unsigned long kernel_start_pfn, kernel_end_pfn;

	int nr_nodes;
	struct pglist_data node_data[KM_MAX_NUMNODES];
	int nr_cpus;
	int cpu_to_node[KM_NR_CPUS];
	int cur_cpu; /* smp_processor_id() */

	/* subsystems */
	struct slub_state *slub;
	struct vmalloc_state *vmalloc;

	/* deterministic randomness (get_random_*) */
	uint64_t rng[4];

	/* event sink: NULL when tracing is off (one predictable branch) */
	mm_event_fn sink;
	void *sink_ctx;

	/* kernel log: every line ever printed, '\n'-terminated */
	char *log;
	size_t log_len, log_cap;
	unsigned long log_lines;
	bool tainted;
	unsigned int taint_flags; /* TAINT_BAD_PAGE etc. */

	/* jiffies stand-in: advanced once per command by the caller */
	unsigned long jiffies;
	/* who is calling, for tracks and vmallocinfo: "repl:12" */
	char caller[64];

	/* fault injection: fail the n-th page allocation from now (0 off) */
	unsigned long fail_after;

	/* buddy allocator: WARN_ON_ONCE sites that already fired */
	unsigned int buddy_warned;
	/* tests: alloc_pages/__free_pages always take their full paths, not
	 * the pcp fast paths (test_buddy_fastpath compares the two) */
	bool buddy_full_paths;
	/* tests: SLUB's shortcuts (slab_alloc_refill and kfree_slab_free,
	 * untraced or with a lent path) always take the full
	 * ___slab_alloc/__slab_free (test_slub_fastpath compares the two);
	 * never set by commands */
	bool slub_full_paths;
	/* die_counter of arch/x86/kernel/dumpstack.c: the [#N] of an oops */
	unsigned int die_counter;
	/* The kernel functions the current command entered (each mm_call
	 * while an event sink collects them): its path, and the frames of
	 * an oops's Call Trace (src/mm/fault.c). The sink's owner may lend
	 * an array (call_base, with room from call_pos to call_end; src/trace:
	 * trace_attach): then entering a function is a store there, the
	 * path itself, and no event. Otherwise, or once it is full, each goes
	 * to call_ring (the newest MM_CALL_RING) and to the sink as an
	 * EV_CALL. */
	const char *call_ring[MM_CALL_RING];
	unsigned long nr_calls; /* into call_ring since mm_command_begin() */
	const char **call_base, **call_pos, **call_end;
	/* Likewise an array of events the sink's owner may lend (ev_base,
	 * room from ev_pos to ev_end): an event of the kinds in
	 * ev_lend_types (a subset of MM_EVENTS_LENDABLE, 1UL << type) is
	 * written there instead of sent; the owner finishes them (their
	 * cache names) before it takes any other event. */
	struct mm_event *ev_base, *ev_pos, *ev_end;
	unsigned long ev_lend_types;
};

/* A command begins (the command layer, with its event sink): an oops
 * lists only the functions entered from here on. */
static inline void mm_command_begin(struct machine *m)
{
	m->nr_calls = 0;
}

/* Presets of DESIGN.md §3; returns -1 for an unknown name. */
int machine_preset(struct machine_config *cfg, const char *name);
/* Distances of a ring of cfg->nr_nodes nodes: after changing nr_nodes. */
void machine_ring_distances(struct machine_config *cfg);
extern const char *const machine_preset_names[];

/*
 * Boot a machine: memfd, direct map, memmap, zones, reserved pages, the
 * free lists, then kmem_cache_init() and vmalloc_init(). NULL on failure,
 * with a message in err.
 */
struct machine *machine_create(const struct machine_config *cfg, char *err,
			       size_t errlen);
void machine_destroy(struct machine *m);

/* Invariant checks of every allocator; returns the number of errors. */
int mm_check(struct machine *m);
/* Like mm_check, with the first error's text copied into buf. */
int mm_check_report(struct machine *m, char *buf, size_t len);

/* --- addresses ------------------------------------------------------ */

static inline unsigned long page_to_pfn(const struct machine *m,
					const struct page *page)
{
	return (unsigned long)(page - m->memmap);
}

static inline struct page *pfn_to_page(const struct machine *m,
				       unsigned long pfn)
{
	return m->memmap + pfn;
}

static inline bool pfn_valid(const struct machine *m, unsigned long pfn)
{
	return pfn < m->nr_pages;
}

/* Kernel virtual address of a page in the direct map (page_address). */
static inline unsigned long page_address(const struct machine *m,
					 const struct page *page)
{
	return KM_PAGE_OFFSET + (page_to_pfn(m, page) << KM_PAGE_SHIFT);
}

static inline bool virt_addr_valid(const struct machine *m, unsigned long ka)
{
	return ka >= KM_PAGE_OFFSET &&
	       ka - KM_PAGE_OFFSET < (m->nr_pages << KM_PAGE_SHIFT);
}

static inline struct page *virt_to_page(const struct machine *m,
					unsigned long ka)
{
	return pfn_to_page(m, (ka - KM_PAGE_OFFSET) >> KM_PAGE_SHIFT);
}

/* Host pointer for a direct-map kernel address (caller checked it). */
static inline void *km_ptr(const struct machine *m, unsigned long ka)
{
	return (void *)(m->direct_map_bias + ka);
}

/* The address a struct page would have in the vmemmap. */
static inline unsigned long page_vmemmap_addr(const struct machine *m,
					      const struct page *page)
{
	return KM_VMEMMAP + page_to_pfn(m, page) * KM_STRUCT_PAGE_SIZE;
}

static inline struct zone *page_zone(const struct machine *m,
				     const struct page *page)
{
	return m->zone_by_id[m->pageblock_zone[page_to_pfn(m, page) >>
					       pageblock_order]];
}

static inline int page_to_nid(const struct machine *m, const struct page *page)
{
	return m->pageblock_zone[page_to_pfn(m, page) >> pageblock_order] /
	       MAX_NR_ZONES;
}

static inline int zone_to_nid(const struct zone *zone)
{
	return zone->zone_pgdat->node_id;
}

static inline bool populated_zone(const struct zone *zone)
{
	return zone->present_pages != 0;
}

static inline int get_pageblock_migratetype(const struct machine *m,
					    const struct page *page)
{
	return m->pageblock_mt[page_to_pfn(m, page) >> pageblock_order];
}

static inline void set_pageblock_migratetype(struct machine *m,
					     struct page *page, int mt)
{
	m->pageblock_mt[page_to_pfn(m, page) >> pageblock_order] = (uint8_t)mt;
}

static inline int smp_processor_id(const struct machine *m)
{
	return m->cur_cpu;
}

static inline int numa_node_id(const struct machine *m)
{
	return m->cpu_to_node[m->cur_cpu];
}

static inline unsigned long wmark_pages(const struct zone *z,
					enum zone_watermarks w)
{
	return z->_watermark[w] + z->watermark_boost;
}

#define min_wmark_pages(z) wmark_pages(z, WMARK_MIN)
#define low_wmark_pages(z) wmark_pages(z, WMARK_LOW)
#define high_wmark_pages(z) wmark_pages(z, WMARK_HIGH)

#define for_each_node(m, nid) for (nid = 0; nid < (m)->nr_nodes; nid++)
#define for_each_cpu(m, cpu) for (cpu = 0; cpu < (m)->nr_cpus; cpu++)
#define for_each_zone(m, zone)                                                 \
	for (int __nid = 0; __nid < (m)->nr_nodes; __nid++)                    \
		for (zone = (m)->node_data[__nid].node_zones;                  \
		     zone < (m)->node_data[__nid].node_zones + MAX_NR_ZONES;   \
		     zone++)
#define for_each_populated_zone(m, zone)                                       \
	for_each_zone (m, zone)                                                \
		if (!populated_zone(zone))                                     \
			;                                                      \
		else

/* --- randomness: xoshiro256** seeded by splitmix64 from cfg.seed ------ */

uint64_t get_random_u64(struct machine *m);
uint32_t get_random_u32_below(struct machine *m, uint32_t ceil);

/* --- the kernel log --------------------------------------------------- */

/* Append one or more lines to the log and emit EV_PRINTK for each. */
void mm_printk(struct machine *m, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void mm_vprintk(struct machine *m, int level, const char *fmt, va_list ap);
/* print_tainted(): "Not tainted" or "Tainted: B" style */
const char *mm_print_tainted(const struct machine *m, char *buf, size_t len);

#define TAINT_BAD_PAGE (1u << 5)    /* 'B' */
#define TAINT_WARN (1u << 9)	    /* 'W' */
#define TAINT_DIE (1u << 7)	    /* 'D' */
#define TAINT_SOFTLOCKUP (1u << 14) /* 'L' */
void mm_add_taint(struct machine *m, unsigned int flag);

/*
 * A kernel access to an address the kernel page table does not map (src/mm/
 * fault.c, twin arch/x86/mm/fault.c): the oops text (#PF, or #GP for a
 * non-canonical address), taint D; the machine goes on. ip names the
 * function that made the access ("memcpy_orig").
 */
void kernel_fault_oops(struct machine *m, unsigned long addr, bool write,
		       const char *ip);
/* peek/poke: copy len bytes from/to kernel address addr (buf NULL: only
 * check). 0; -EFAULT after the oops of the first unmapped byte; -EPERM
 * for a write into page tables or reserved memory (refused, no oops). */
int kernel_access(struct machine *m, unsigned long addr, void *buf,
		  unsigned long len, bool write, const char *ip);

/*
 * Engine bugs (never a learner's mistake): always on, abort with the place.
 */
#define KM_BUG_ON(cond)                                                        \
	do {                                                                   \
		if (__builtin_expect(!!(cond), 0))                             \
			km_bug(__FILE__, __LINE__, #cond);                     \
	} while (0)
_Noreturn void km_bug(const char *file, int line, const char *what);

#endif /* KMEMLAB_MACHINE_H */
