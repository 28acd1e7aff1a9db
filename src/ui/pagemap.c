// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page map's model (pagemap.h): a class byte per page and a count per
 * class per 64-page chunk, refreshed granule by granule (1024 pages, one
 * MAX_PAGE_ORDER block) where events said something changed.
 *
 * A page's class needs its block head: the engine keeps page->owner and
 * the order on heads only (buddy.c), and a pcp block's order only in
 * which pcp list holds it. So a granule is rescanned head to head, and
 * the pcp blocks are collected from the lists (pagemap.pcp) first.
 * No kernel twin: this is what a page-owner walk (mm/page_owner.c's
 * read_page_owner) would give, kept incrementally.
 */
#include <stdlib.h>
#include <string.h>

#include "pagemap.h"

static const char *const class_names[NR_PM_CLASSES] = {
	[PM_HOLE] = "hole",
	[PM_FREE] = "free",
	[PM_PCP] = "pcp",
	[PM_SLAB] = "slab",
	[PM_LARGE] = "kmalloc_large",
	[PM_PAGES] = "alloc_pages",
	[PM_VMALLOC] = "vmalloc",
	[PM_PGTABLE] = "page table",
	[PM_RESERVED] = "reserved",
};

const char *pagemap_class_name(enum pm_class c)
{
	return c < NR_PM_CLASSES ? class_names[c] : "?";
}

void pagemap_init(struct pagemap *pm)
{
	memset(pm, 0, sizeof(*pm));
}

static void free_arrays(struct pagemap *pm)
{
	free(pm->page);
	free(pm->chunk);
	free(pm->changed);
	free(pm->dirty);
	pm->page = NULL;
	pm->chunk = NULL;
	pm->changed = NULL;
	pm->dirty = NULL;
	pm->nr_pages = pm->nr_chunks = pm->nr_gran = pm->nr_dirty = 0;
	pm->m = NULL;
	pm->memmap = NULL;
}

void pagemap_destroy(struct pagemap *pm)
{
	free_arrays(pm);
	free(pm->pcp);
	pm->pcp = NULL;
	pm->nr_pcp = pm->cap_pcp = 0;
}

/* --- notes -------------------------------------------------------------- */

static void mark_changed(struct pagemap *pm, unsigned long pfn, unsigned long n)
{
	for (unsigned long p = pfn; p < pfn + n;) {
		unsigned long c = p >> PM_CHUNK_SHIFT;
		unsigned long off = p & (PM_CHUNK_PAGES - 1);
		unsigned long k = PM_CHUNK_PAGES - off;

		if (k > pfn + n - p)
			k = pfn + n - p;
		pm->changed[c] |= (k == 64 ? ~0ULL : ((1ULL << k) - 1)) << off;
		p += k;
	}
	pm->any_changed = true;
}

/* [pfn, pfn + n) changed (PM_NOTE_CHANGED: highlight it), its class
 * may have changed (PM_NOTE_DIRTY: rescan its granule) */
static void mark(struct pagemap *pm, unsigned long pfn, unsigned long n,
		 unsigned int what)
{
	if (!pm->page || pfn >= pm->nr_pages)
		return;
	if (n > pm->nr_pages - pfn)
		n = pm->nr_pages - pfn;
	if (what & PM_NOTE_CHANGED)
		mark_changed(pm, pfn, n);
	if (!(what & PM_NOTE_DIRTY))
		return;
	for (unsigned long g = pfn >> PM_GRAN_SHIFT;
	     g <= (pfn + n - 1) >> PM_GRAN_SHIFT; g++)
		if (!pm->dirty[g]) {
			pm->dirty[g] = 1;
			pm->nr_dirty++;
		}
}

static unsigned long order_pages(int order)
{
	if (order < 0 || order > MAX_PAGE_ORDER)
		order = 0;
	return 1UL << order;
}

void pagemap_note(struct pagemap *pm, const struct mm_event *ev,
		  unsigned int what)
{
	switch (ev->type) {
	case EV_PAGE_ALLOC:
	case EV_PAGE_FREE:
		mark(pm, ev->pfn, order_pages(ev->order), what);
		if (what & PM_NOTE_CHANGED) {
			pm->hint_pfn = ev->pfn;
			pm->have_hint = true;
		}
		break;
	case EV_SPLIT:
	case EV_SLAB_NEW:
		mark(pm, ev->pfn, order_pages(ev->order), what);
		break;
	case EV_MERGE:
		mark(pm, ev->pfn, order_pages(ev->order), what);
		mark(pm, ev->pfn2, order_pages(ev->order), what);
		break;
	case EV_PCP_REFILL:
	case EV_PCP_DRAIN:
		if (what & PM_NOTE_DIRTY)
			pm->pcp_dirty = true;
		break;
	case EV_PGTABLE_ALLOC:
	case EV_PTE_MAP:
	case EV_PTE_UNMAP:
	case EV_SLAB_DISCARD:
		mark(pm, ev->pfn, 1, what);
		break;
	case EV_SLAB_ALLOC:
	case EV_SLAB_FREE:
		/* an object: its page's class is the same, but it changed */
		if (ev->addr >= KM_PAGE_OFFSET)
			mark(pm, (ev->addr - KM_PAGE_OFFSET) >> KM_PAGE_SHIFT,
			     1, what & PM_NOTE_CHANGED);
		break;
	default:
		break;
	}
}

void pagemap_note_trace(struct pagemap *pm, const struct trace *t,
			unsigned int what)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nr_ev; i++)
		pagemap_note(pm, &t->ev[i], what);
	if (t->dropped && (what & PM_NOTE_DIRTY))
		pm->all_dirty = true;
}

void pagemap_clear_changed(struct pagemap *pm)
{
	if (pm->any_changed && pm->changed)
		memset(pm->changed, 0, pm->nr_chunks * sizeof(*pm->changed));
	pm->any_changed = false;
	pm->have_hint = false;
}

/* --- the pcp blocks ----------------------------------------------------- */

static int cmp_pcp(const void *a, const void *b)
{
	const struct pm_pcp *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

/* Every block on every pcp list of m, sorted by pfn; -1 out of memory. */
static int pcp_collect(const struct machine *m, struct pm_pcp **out, size_t *nr,
		       size_t *cap)
{
	*nr = 0;
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone =
				(struct zone *)&m->node_data[nid].node_zones[z];

			if (!populated_zone(zone) || !zone->per_cpu_pageset)
				continue;
			for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
				struct per_cpu_pages *pcp =
					&zone->per_cpu_pageset[cpu];

				if (!pcp->count)
					continue;
				for (int i = 0; i < NR_PCP_LISTS; i++) {
					/* buddy.c: pindex_to_order() */
					int order =
						i < NR_LOWORDER_PCP_LISTS
							? i / MIGRATE_PCPTYPES
							: pageblock_order;
					struct page *page;

					list_for_each_entry (page,
							     &pcp->lists[i],
							     buddy_list) {
						if (*nr == *cap) {
							size_t nc =
								*cap ? *cap * 2
								     : 256;
							struct pm_pcp *n = realloc(
								*out,
								nc * sizeof(*n));

							if (!n)
								return -1;
							*out = n;
							*cap = nc;
						}
						(*out)[(*nr)++] = (struct
								   pm_pcp){
							.pfn = page_to_pfn(
								m, page),
							.order = (uint8_t)order,
							.cpu = (uint8_t)cpu,
						};
					}
				}
			}
		}
	}
	if (*nr)
		qsort(*out, *nr, sizeof(**out), cmp_pcp);
	return 0;
}

const struct pm_pcp *pagemap_pcp_find(const struct pagemap *pm,
				      unsigned long pfn)
{
	size_t lo = 0, hi = pm->nr_pcp;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (pm->pcp[mid].pfn < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pm->nr_pcp && pm->pcp[lo].pfn == pfn ? &pm->pcp[lo] : NULL;
}

/* Blocks that joined or left the pcp lists: dirty and changed. */
static void pcp_diff(struct pagemap *pm, const struct pm_pcp *old,
		     size_t nr_old, const struct pm_pcp *new, size_t nr_new)
{
	size_t i = 0, j = 0;

	while (i < nr_old || j < nr_new) {
		if (j == nr_new || (i < nr_old && old[i].pfn < new[j].pfn)) {
			mark(pm, old[i].pfn, 1UL << old[i].order, PM_NOTE_ALL);
			i++;
		} else if (i == nr_old || new[j].pfn < old[i].pfn) {
			mark(pm, new[j].pfn, 1UL << new[j].order, PM_NOTE_ALL);
			j++;
		} else {
			if (old[i].order != new[j].order ||
			    old[i].cpu != new[j].cpu) {
				mark(pm, old[i].pfn, 1UL << old[i].order,
				     PM_NOTE_ALL);
				mark(pm, new[j].pfn, 1UL << new[j].order,
				     PM_NOTE_ALL);
			}
			i++;
			j++;
		}
	}
}

/* --- rescans ------------------------------------------------------------ */

/* [pfn, pfn + n) is of class c; a block head at pfn with head_order */
static void fill(struct pagemap *pm, unsigned long pfn, unsigned long n,
		 enum pm_class c, int head_order)
{
	memset(pm->page + pfn, (int)c, n);
	if (head_order >= 0)
		pm->page[pfn] =
			(uint8_t)(c | (unsigned int)(head_order + 1) << 4);
	for (unsigned long p = pfn; p < pfn + n;) {
		struct pm_chunk *ch = &pm->chunk[p >> PM_CHUNK_SHIFT];
		unsigned long end = ((p >> PM_CHUNK_SHIFT) + 1)
				    << PM_CHUNK_SHIFT;

		if (end > pfn + n)
			end = pfn + n;
		ch->cnt[c] = (uint8_t)(ch->cnt[c] + (end - p));
		if (c == PM_FREE && head_order > ch->maxfree)
			ch->maxfree = (int8_t)head_order;
		p = end;
	}
}

/* The class of a page that heads no block (reserved, a stray tail). */
static enum pm_class owner_class(const struct page *p)
{
	switch (p->owner) {
	case OWNER_FREE:
		return PM_FREE;
	case OWNER_RESERVED:
	case OWNER_MEMMAP:
	case OWNER_KERNEL:
		return PM_RESERVED;
	case OWNER_SLAB:
		return PM_SLAB;
	case OWNER_LARGE_KMALLOC:
		return PM_LARGE;
	case OWNER_VMALLOC:
		return PM_VMALLOC;
	case OWNER_PGTABLE:
		return PM_PGTABLE;
	case OWNER_NONE:
		return PageReserved(p) ? PM_RESERVED : PM_PAGES;
	default:
		return PM_HOLE;
	}
}

/* Head to head over one granule: each head tells how far its block goes. */
static void scan_granule(struct pagemap *pm, const struct machine *m,
			 unsigned long g)
{
	unsigned long start = g << PM_GRAN_SHIFT;
	unsigned long end = start + (1UL << PM_GRAN_SHIFT);

	if (end > pm->nr_pages)
		end = pm->nr_pages;
	for (unsigned long c = start >> PM_CHUNK_SHIFT;
	     c < (end + PM_CHUNK_PAGES - 1) >> PM_CHUNK_SHIFT; c++) {
		memset(pm->chunk[c].cnt, 0, sizeof(pm->chunk[c].cnt));
		pm->chunk[c].maxfree = -1;
	}
	for (unsigned long pfn = start; pfn < end;) {
		const struct page *p = &m->memmap[pfn];
		enum pm_class c;
		int order = -1;

		if (PageBuddy(p)) {
			c = PM_FREE;
			order = (int)buddy_order(p);
		} else if (PageFlag(p, PG_pcp)) {
			const struct pm_pcp *e = pagemap_pcp_find(pm, pfn);

			c = PM_PCP;
			order = e ? e->order : 0;
		} else if (PageTail(p)) {
			c = owner_class(p); /* heads skip tails: not reached */
		} else if (PageSlab(p)) {
			c = PM_SLAB;
			order = p->compound_order;
		} else if (PageHead(p)) {
			c = owner_class(p);
			order = p->compound_order;
		} else if (PageReserved(p) || p->owner == OWNER_PGTABLE ||
			   p->owner == OWNER_VMALLOC ||
			   p->owner == OWNER_FREE) {
			/* order-0 pages, or memblock's page by page */
			c = owner_class(p);
			order = PageReserved(p) ? -1 : 0;
		} else {
			/* allocated: alloc_order on the head only */
			c = owner_class(p);
			order = p->alloc_order;
		}
		if (order > MAX_PAGE_ORDER)
			order = 0;
		unsigned long n = order >= 0 ? 1UL << order : 1;

		if (n > end - pfn)
			n = end - pfn;
		fill(pm, pfn, n, c, order);
		pfn += n;
	}
}

static int alloc_arrays(struct pagemap *pm, const struct machine *m)
{
	free_arrays(pm);
	pm->nr_pages = m->nr_pages;
	pm->nr_chunks = (m->nr_pages + PM_CHUNK_PAGES - 1) >> PM_CHUNK_SHIFT;
	pm->nr_gran =
		(m->nr_pages + (1UL << PM_GRAN_SHIFT) - 1) >> PM_GRAN_SHIFT;
	pm->page = malloc(pm->nr_pages ? pm->nr_pages : 1);
	pm->chunk = calloc(pm->nr_chunks + 1, sizeof(*pm->chunk));
	pm->changed = calloc(pm->nr_chunks + 1, sizeof(*pm->changed));
	pm->dirty = calloc(pm->nr_gran + 1, 1);
	if (!pm->page || !pm->chunk || !pm->changed || !pm->dirty) {
		free_arrays(pm);
		return -1;
	}
	pm->m = m;
	pm->memmap = m->memmap;
	return 0;
}

long pagemap_rescan(struct pagemap *pm, const struct machine *m)
{
	if (pm->m != m || pm->memmap != m->memmap ||
	    pm->nr_pages != m->nr_pages || !pm->page) {
		if (alloc_arrays(pm, m))
			return -1;
		pm->any_changed = false;
	}
	if (pcp_collect(m, &pm->pcp, &pm->nr_pcp, &pm->cap_pcp)) {
		free_arrays(pm);
		return -1;
	}
	for (unsigned long g = 0; g < pm->nr_gran; g++)
		scan_granule(pm, m, g);
	memset(pm->dirty, 0, pm->nr_gran);
	pm->nr_dirty = 0;
	pm->all_dirty = pm->pcp_dirty = false;
	pm->jiffies = m->jiffies;
	pm->last_rescanned = pm->nr_gran;
	pm->last_full = true;
	pm->nr_full++;
	return (long)pm->nr_gran;
}

long pagemap_sync(struct pagemap *pm, const struct machine *m)
{
	struct pm_pcp *old;
	size_t nr_old, cap_old;
	long n = 0;

	/* another machine (undo and load replace it; a replayed one has
	 * fewer jiffies), or events were lost: everything */
	if (!pm->page || pm->m != m || pm->memmap != m->memmap ||
	    pm->nr_pages != m->nr_pages || m->jiffies < pm->jiffies ||
	    pm->all_dirty) {
		if (pm->m != m || pm->memmap != m->memmap)
			pagemap_clear_changed(pm);
		return pagemap_rescan(pm, m);
	}
	pm->jiffies = m->jiffies;
	pm->last_full = false;
	pm->last_rescanned = 0;
	if (!pm->nr_dirty && !pm->pcp_dirty)
		return 0;

	/* the pcp lists first: their blocks' granules, and their orders */
	old = pm->pcp;
	nr_old = pm->nr_pcp;
	cap_old = pm->cap_pcp;
	pm->pcp = NULL;
	pm->nr_pcp = pm->cap_pcp = 0;
	if (pcp_collect(m, &pm->pcp, &pm->nr_pcp, &pm->cap_pcp)) {
		free(pm->pcp);
		pm->pcp = old;
		pm->nr_pcp = nr_old;
		pm->cap_pcp = cap_old;
		free_arrays(pm);
		return -1;
	}
	pcp_diff(pm, old, nr_old, pm->pcp, pm->nr_pcp);
	free(old);
	pm->pcp_dirty = false;

	for (unsigned long g = 0; g < pm->nr_gran && pm->nr_dirty; g++) {
		if (!pm->dirty[g])
			continue;
		scan_granule(pm, m, g);
		pm->dirty[g] = 0;
		pm->nr_dirty--;
		n++;
	}
	pm->nr_dirty = 0;
	pm->last_rescanned = (unsigned long)n;
	return n;
}

/* --- queries ------------------------------------------------------------ */

void pagemap_count(const struct pagemap *pm, unsigned long start,
		   unsigned long end, unsigned long cnt[NR_PM_CLASSES],
		   int *maxfree)
{
	int mf = -1;

	memset(cnt, 0, NR_PM_CLASSES * sizeof(cnt[0]));
	if (!pm->page) {
		*maxfree = -1;
		return;
	}
	if (end > pm->nr_pages)
		end = pm->nr_pages;
	for (unsigned long p = start; p < end;) {
		const struct pm_chunk *ch = &pm->chunk[p >> PM_CHUNK_SHIFT];

		if (!(p & (PM_CHUNK_PAGES - 1)) && p + PM_CHUNK_PAGES <= end) {
			for (int c = 0; c < NR_PM_CLASSES; c++)
				cnt[c] += ch->cnt[c];
			p += PM_CHUNK_PAGES;
		} else {
			/* a partial chunk: its pages */
			unsigned long e = ((p >> PM_CHUNK_SHIFT) + 1)
					  << PM_CHUNK_SHIFT;

			if (e > end)
				e = end;
			for (; p < e; p++)
				cnt[PM_CLASS(pm->page[p])]++;
		}
		if (ch->maxfree > mf && cnt[PM_FREE])
			mf = ch->maxfree;
	}
	*maxfree = mf;
}

bool pagemap_changed(const struct pagemap *pm, unsigned long start,
		     unsigned long end)
{
	if (!pm->any_changed || !pm->changed)
		return false;
	if (end > pm->nr_pages)
		end = pm->nr_pages;
	for (unsigned long p = start; p < end;) {
		unsigned long c = p >> PM_CHUNK_SHIFT;
		unsigned long off = p & (PM_CHUNK_PAGES - 1);
		unsigned long k = PM_CHUNK_PAGES - off;

		if (k > end - p)
			k = end - p;
		if (pm->changed[c] &
		    ((k == 64 ? ~0ULL : ((1ULL << k) - 1)) << off))
			return true;
		p += k;
	}
	return false;
}

unsigned long pagemap_block(const struct pagemap *pm, unsigned long pfn,
			    int *order)
{
	unsigned long g0;

	*order = -1;
	if (!pm->page || pfn >= pm->nr_pages)
		return pfn;
	g0 = pfn & ~((1UL << PM_GRAN_SHIFT) - 1);
	for (unsigned long h = pfn + 1; h-- > g0;) {
		int o = PM_HEAD_ORDER(pm->page[h]);

		if (o < 0)
			continue;
		if (h + (1UL << o) > pfn) {
			*order = o;
			return h;
		}
		break; /* blocks do not nest: pfn heads no block */
	}
	return pfn;
}
