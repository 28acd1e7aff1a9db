/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * struct page: one per page frame of the simulated machine, the twin of
 * include/linux/mm_types.h (with the struct slab overlay of mm/slab.h).
 *
 * The kernel packs zone and node into page->flags; kmemlab looks them up
 * per pageblock instead (machine.h), so boot touches only the head page of
 * each free block and a 16 GiB machine starts in a few milliseconds.
 *
 * Which union member is live is told by the flags:
 *   PG_buddy           free block head in a free_area (private = order)
 *   PG_pcp             on a per-CPU page list (private = migratetype)
 *   PG_slab            first page of a slab: the slab overlay is live
 *   PG_tail            tail page of a compound page (compound_head)
 *   none of those      allocated page (large kmalloc, vmalloc, page table,
 *                      alloc_pages user) or reserved at boot
 */
#ifndef KMEMLAB_PAGE_H
#define KMEMLAB_PAGE_H

#include <stdint.h>
#include "list.h"

struct kmem_cache;
struct vm_struct;

enum pageflags {
	PG_reserved,	  /* memblock reserved at boot: memmap, kernel image */
	PG_buddy,	  /* head of a free block in the buddy free lists */
	PG_pcp,		  /* on a per-CPU page list (kernel: page_count 0) */
	PG_slab,	  /* head page of a slab */
	PG_head,	  /* head of a compound page (__GFP_COMP) */
	PG_tail,	  /* tail page of a compound page */
	PG_table,	  /* page-table page (PageTable) */
	PG_vmalloc,	  /* backs a vmalloc area */
	PG_large_kmalloc, /* head of a kmalloc_large allocation */
	PG_workingset,	  /* slab is on its node's partial list (6.8+) */
	PG_active,	  /* slab was allocated from reserves (pfmemalloc) */
	PG_full,	  /* kmemlab: slab is on its node's full list (views) */
	PG_owner_priv_1,
	PG_poked, /* kmemlab: a slab whose memory `poke` wrote, or that a
		   * bad free reached (double free, free inside an object,
		   * let through as the kernel does): its free chains and
		   * inuse may be corrupt; SLUB checks each pointer there */
	__NR_PAGEFLAGS
};

/* Who holds an allocated page, for the page map and `show page`. */
enum page_owner {
	OWNER_NONE, /* allocated by alloc_pages from a command */
	OWNER_FREE, /* in the buddy allocator or on a pcp list */
	OWNER_RESERVED,
	OWNER_SLAB,
	OWNER_LARGE_KMALLOC,
	OWNER_VMALLOC,
	OWNER_PGTABLE,
	OWNER_MEMMAP,
	OWNER_KERNEL, /* kernel image */
	NR_PAGE_OWNERS
};

struct page {
	unsigned long flags;
	union {
		/* buddy free block, or a page on a pcp list */
		struct {
			struct list_head buddy_list; /* also pcp_list */
			unsigned long private; /* order (buddy), mt (pcp) */
		};
		/* struct slab (mm/slab.h), on the slab's first page */
		struct {
			struct kmem_cache *slab_cache;
			union {
				struct list_head slab_list; /* node lists */
				struct {		    /* cpu partial */
					struct page *next;
					int slabs; /* slabs from here to tail */
				};
			};
			unsigned long freelist; /* kernel address or 0 */
			/* the kernel's counters word packs these as bit
			 * fields for its cmpxchg; with no concurrent CPU,
			 * plain fields of the same widths (objects < 2^15)
			 * save the masking on every slow-path step */
			uint16_t inuse;
			uint16_t objects;
			uint8_t frozen;
		};
		/* tail page of a compound page */
		struct {
			unsigned long compound_head; /* head page | 1 */
		};
		/* vmalloc page: the area it belongs to */
		struct {
			struct vm_struct *vm_area;
			unsigned long vm_index; /* page index inside area */
		};
	};
	int _refcount;
	uint8_t compound_order; /* order of the head of a compound page */
	uint8_t owner;		/* enum page_owner */
	uint16_t alloc_order;	/* order it was allocated with (checks) */
	/* The kernel's memcg_data word: no memory cgroups here, but it makes
	 * struct page the kernel's 64 bytes, so with the memmap aligned no
	 * struct page straddles two cache lines (the buddy allocator's free
	 * path is bound by these reads). */
	unsigned long memcg_data;
};
_Static_assert(sizeof(struct page) == 64, "struct page is 64 bytes");

static inline int PageFlag(const struct page *p, enum pageflags f)
{
	return (p->flags >> f) & 1;
}

static inline void SetPageFlag(struct page *p, enum pageflags f)
{
	p->flags |= 1UL << f;
}

static inline void ClearPageFlag(struct page *p, enum pageflags f)
{
	p->flags &= ~(1UL << f);
}

#define PageBuddy(p) PageFlag(p, PG_buddy)
#define PageSlab(p) PageFlag(p, PG_slab)
#define PageHead(p) PageFlag(p, PG_head)
#define PageTail(p) PageFlag(p, PG_tail)
#define PageReserved(p) PageFlag(p, PG_reserved)
#define PageTable(p) PageFlag(p, PG_table)

static inline struct page *compound_head(struct page *p)
{
	if (PageTail(p))
		return (struct page *)(p->compound_head - 1);
	return p;
}

static inline unsigned int buddy_order(const struct page *p)
{
	return (unsigned int)p->private;
}

#endif /* KMEMLAB_PAGE_H */
