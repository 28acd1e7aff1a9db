/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The page map's model: who owns every page frame, kept up to date
 * incrementally so that the page map of a 16 GiB machine (4 million
 * pages) costs per command only what the command touched.
 *
 * Every page has a class byte; every 64-page chunk a count per class
 * (the zoomed-out cells sum chunks, never pages). Events mark their
 * 1024-page granule dirty: a granule is a MAX_PAGE_ORDER block, so every
 * buddy block, and so every block head that decides a page's class, lies
 * inside the granule of the pages it covers. pagemap_sync() rescans only
 * the dirty granules; the per-CPU lists carry no pfn in their events, so
 * sync diffs the set of pcp blocks instead (a few hundred entries).
 * Pure C over struct machine, no curses: tests compare it with a rescan.
 */
#ifndef KMEMLAB_PAGEMAP_H
#define KMEMLAB_PAGEMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "kmemlab/machine.h"
#include "kmemlab/trace.h"

enum pm_class {
	PM_HOLE,     /* no struct page state we know (never seen so far) */
	PM_FREE,     /* in a buddy free_area */
	PM_PCP,	     /* on a per-CPU page list */
	PM_SLAB,     /* a slab's page */
	PM_LARGE,    /* kmalloc_large */
	PM_PAGES,    /* alloc_pages by a command (owner none) */
	PM_VMALLOC,  /* behind a vmalloc area */
	PM_PGTABLE,  /* a page-table page */
	PM_RESERVED, /* memblock: first MiB, kernel image, memmap */
	NR_PM_CLASSES
};

#define PM_CHUNK_SHIFT 6 /* 64 pages a summary chunk */
#define PM_CHUNK_PAGES (1UL << PM_CHUNK_SHIFT)
#define PM_GRAN_SHIFT MAX_PAGE_ORDER /* rescan unit: 1024 pages */

/* page byte: class in bits 0-3; a block head stores its order + 1 in
 * bits 4-7 (0: not a head) */
#define PM_CLASS(b) ((enum pm_class)((b)&0x0f))
#define PM_HEAD_ORDER(b) ((int)((b) >> 4) - 1)

struct pm_chunk {
	uint8_t cnt[NR_PM_CLASSES];
	int8_t maxfree; /* largest free block order over the chunk, -1 none */
};

struct pm_pcp {
	unsigned long pfn;
	uint8_t order;
	uint8_t cpu;
};

struct pagemap {
	/* the machine the summary describes; another one: full rescan */
	const struct machine *m;
	const struct page *memmap;
	unsigned long nr_pages, jiffies;

	uint8_t *page;		/* [nr_pages] */
	struct pm_chunk *chunk; /* [nr_chunks] */
	uint64_t *changed;	/* [nr_chunks]: bit i = page chunk * 64 + i */
	unsigned long nr_chunks;
	bool any_changed;

	uint8_t *dirty; /* [nr_gran] */
	unsigned long nr_gran, nr_dirty;
	bool all_dirty; /* events were lost: rescan everything */
	bool pcp_dirty; /* a pcp refill or drain: diff the pcp set */

	struct pm_pcp *pcp; /* every pcp block, by pfn */
	size_t nr_pcp, cap_pcp;

	/* the newest page allocated or freed, for a cursor that follows */
	unsigned long hint_pfn;
	bool have_hint;

	/* statistics of the last sync: granules rescanned, full or not */
	unsigned long last_rescanned;
	bool last_full;
	unsigned long nr_full; /* full rescans so far */
};

void pagemap_init(struct pagemap *pm);
void pagemap_destroy(struct pagemap *pm);

/* What a note does: mark the pages changed (highlights), mark their
 * granules dirty (the next sync rescans them). */
#define PM_NOTE_CHANGED (1u << 0)
#define PM_NOTE_DIRTY (1u << 1)
#define PM_NOTE_ALL (PM_NOTE_CHANGED | PM_NOTE_DIRTY)

/* One engine event. Cheap: a trace observer may call it for every event
 * (the TUI does, with PM_NOTE_DIRTY, so that nested commands, sources
 * and lesson steps are all seen, not only the last command's trace). */
void pagemap_note(struct pagemap *pm, const struct mm_event *ev,
		  unsigned int what);
/* Every event of a trace; with PM_NOTE_DIRTY, a trace that dropped
 * events makes the next sync a full rescan. */
void pagemap_note_trace(struct pagemap *pm, const struct trace *t,
			unsigned int what);
/* Forget what changed (before the next command's notes). */
void pagemap_clear_changed(struct pagemap *pm);

/* Bring the summary up to date with m: everything when m is not the
 * machine of the last sync, the dirty granules otherwise. Returns the
 * granules rescanned; -1 when out of memory (the summary is then
 * empty and the next sync retries). */
long pagemap_sync(struct pagemap *pm, const struct machine *m);
/* Rescan everything now (tests compare it with the incremental one). */
long pagemap_rescan(struct pagemap *pm, const struct machine *m);

/* Counts of each class over [start, end), and the largest free block
 * order seen (-1 none). */
void pagemap_count(const struct pagemap *pm, unsigned long start,
		   unsigned long end, unsigned long cnt[NR_PM_CLASSES],
		   int *maxfree);
/* Did any page of [start, end) change since the last clear? */
bool pagemap_changed(const struct pagemap *pm, unsigned long start,
		     unsigned long end);
/* The head of the block holding pfn and its order (a page that is no
 * block's head is its own, order 0). */
unsigned long pagemap_block(const struct pagemap *pm, unsigned long pfn,
			    int *order);
/* The pcp block at head pfn: its entry, or NULL. */
const struct pm_pcp *pagemap_pcp_find(const struct pagemap *pm,
				      unsigned long pfn);
/* A short name for a class: "free", "slab", ... */
const char *pagemap_class_name(enum pm_class c);

/* The page map view's model (src/ui/view_pages.c), for tests. */
struct view;
const struct pagemap *view_pages_model(struct view *v);

#endif /* KMEMLAB_PAGEMAP_H */
