// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated x86-64 4-level kernel page table (twins: arch/x86/mm/init*.c
 * for the direct map, mm/vmalloc.c vmap_pages_range/vunmap_range_noflush,
 * include/asm-generic/pgalloc.h). Entries are real 8-byte x86 entries in
 * the table pages' memory. init_top_pgt and the direct map's tables come
 * from the kernel image's brk area (reserved, not in PageTables); the
 * direct map has 4k PTEs for the first 2 MiB, 2 MiB leaves up to the first
 * GiB, 1 GiB leaves after (2 MiB for a tail). vmalloc tables come from the
 * buddy allocator on first use and stay (as in the kernel); PUD and PMD
 * pages count in NR_PAGETABLE, init_mm PTE pages do not (no ctor in 6.12).
 * Each present vmalloc PTE is an mmap(MAP_FIXED) of the page's memfd offset
 * into the PROT_NONE reservation; a cleared one may stay mapped on the host
 * until the lazy purge, as a stale TLB entry would (vmalloc_host_flush).
 * Left out: P4D (folded), 5-level paging, huge vmap, vmemmap, kernel text
 * and modules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kmemlab/buddy.h"
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"
#include "internal.h"

struct km_pgtable {
	unsigned long pgd_pfn;	     /* init_top_pgt */
	unsigned long brk_next;	     /* next brk page, going down */
	unsigned long brk_end;	     /* first pfn above the brk area */
	unsigned long brk_lo;	     /* lowest pfn of the kernel image */
	unsigned long nr_boot;	     /* tables from the brk area */
	unsigned long nr_runtime[5]; /* buddy tables by level (1 PTE..3 PUD) */
	unsigned long dm_kb[3];	     /* DirectMap4k, 2M, 1G */
	/* cleared vmalloc PTEs whose host pages are still mapped (a stale
	 * TLB run): [stale_start, stale_end), empty if equal */
	unsigned long stale_start, stale_end;
};

/* at most this much stays host-mapped after vunmap_range_noflush(): a
 * few hundred host mappings more, never near the host's map count */
#define STALE_MAX_BYTES (2UL << 20)

enum { LVL_PTE = 1, LVL_PMD, LVL_PUD, LVL_PGD };

static const char *const level_names[] = {"", "PTE", "PMD", "PUD", "PGD"};
static const int level_shift[] = {0, 12, PMD_SHIFT, PUD_SHIFT, PGDIR_SHIFT};

static inline unsigned long pt_index(unsigned long addr, int level)
{
	return (addr >> level_shift[level]) & (PTRS_PER_PTE - 1);
}

static inline uint64_t *table_of(struct machine *m, unsigned long pfn)
{
	return km_ptr(m, KM_PAGE_OFFSET + (pfn << KM_PAGE_SHIFT));
}

static inline unsigned long entry_pfn(uint64_t e)
{
	return (e & PTE_PFN_MASK) >> KM_PAGE_SHIFT;
}

static bool canonical(unsigned long addr)
{
	long top = (long)addr >> 47;

	return top == 0 || top == -1;
}

/* A table page from the kernel image's brk area (extend_brk at boot). */
static long brk_table(struct machine *m)
{
	struct km_pgtable *pt = m->vmalloc->pgt;
	struct page *page;

	if (pt->brk_next < pt->brk_lo)
		return -1;
	page = pfn_to_page(m, pt->brk_next);
	SetPageFlag(page, PG_table);
	page->owner = OWNER_PGTABLE;
	memset(table_of(m, pt->brk_next), 0, KM_PAGE_SIZE);
	pt->nr_boot++;
	return (long)pt->brk_next--;
}

static int boot_populate(struct machine *m, uint64_t *entry)
{
	long pfn;

	if (*entry & _PAGE_PRESENT)
		return 0;
	pfn = brk_table(m);
	if (pfn < 0)
		return -1;
	*entry = ((uint64_t)pfn << KM_PAGE_SHIFT) | _KERNPG_TABLE;
	return 0;
}

/* arch/x86/mm/init.c: init_memory_mapping() of all RAM, simplified. */
static int map_direct(struct machine *m)
{
	struct km_pgtable *pt = m->vmalloc->pgt;
	uint64_t *pgd = table_of(m, pt->pgd_pfn);
	unsigned long mem = m->nr_pages << KM_PAGE_SHIFT;

	for (unsigned long g = 0; g < mem; g += 1UL << PUD_SHIFT) {
		unsigned long va = KM_PAGE_OFFSET + g;
		uint64_t *pgde = &pgd[pt_index(va, LVL_PGD)];
		uint64_t *pud, *pude, *pmd;

		if (boot_populate(m, pgde))
			return -1;
		pud = table_of(m, entry_pfn(*pgde));
		pude = &pud[pt_index(va, LVL_PUD)];
		if (g && g + (1UL << PUD_SHIFT) <= mem) {
			*pude = g | PAGE_KERNEL_LARGE;
			pt->dm_kb[2] += 1UL << (PUD_SHIFT - 10);
			continue;
		}
		if (boot_populate(m, pude))
			return -1;
		pmd = table_of(m, entry_pfn(*pude));
		for (unsigned long c = g; c < mem && c < g + (1UL << PUD_SHIFT);
		     c += 1UL << PMD_SHIFT) {
			uint64_t *pmde =
				&pmd[pt_index(KM_PAGE_OFFSET + c, LVL_PMD)];
			uint64_t *pte;

			if (c) {
				*pmde = c | PAGE_KERNEL_LARGE;
				pt->dm_kb[1] += 1UL << (PMD_SHIFT - 10);
				continue;
			}
			/* the first 2 MiB: 4k pages (the low reserved MiB) */
			if (boot_populate(m, pmde))
				return -1;
			pte = table_of(m, entry_pfn(*pmde));
			for (unsigned long p = 0; p < PTRS_PER_PTE; p++)
				pte[p] = (p << KM_PAGE_SHIFT) | PAGE_KERNEL;
			pt->dm_kb[0] += 1UL << (PMD_SHIFT - 10);
		}
	}
	return 0;
}

int pgtable_init(struct machine *m, char *err, size_t errlen)
{
	struct km_pgtable *pt = calloc(1, sizeof(*pt));
	unsigned long lo = 0, hi = 0;
	long pgd;

	if (!pt) {
		snprintf(err, errlen, "out of host memory for page tables");
		return -1;
	}
	m->vmalloc->pgt = pt;
	/* the kernel image: its top pages stand for the brk area (machine.c
	 * reserved it; scanning the memmap for it would touch every page) */
	lo = m->kernel_start_pfn;
	hi = m->kernel_end_pfn;
	if (!hi) {
		snprintf(err, errlen, "no kernel image to hold init_top_pgt");
		return -1;
	}
	pt->brk_lo = lo;
	pt->brk_end = hi;
	pt->brk_next = hi - 1;
	pgd = brk_table(m);
	pt->pgd_pfn = (unsigned long)pgd;
	if (map_direct(m) < 0) {
		snprintf(err, errlen, "kernel image too small for page tables");
		return -1;
	}
	return 0;
}

void pgtable_destroy(struct machine *m)
{
	free(m->vmalloc->pgt);
	m->vmalloc->pgt = NULL;
}

void vmalloc_directmap_kb(struct machine *m, unsigned long kb[3])
{
	struct km_pgtable *pt = m->vmalloc ? m->vmalloc->pgt : NULL;

	for (int i = 0; i < 3; i++)
		kb[i] = pt ? pt->dm_kb[i] : 0;
}

/*
 * include/asm-generic/pgalloc.h: __pud_alloc_one / pmd_alloc_one /
 * __pte_alloc_one_kernel for init_mm: GFP_PGTABLE_KERNEL, order 0.
 */
static int table_alloc(struct machine *m, uint64_t *entry, int level)
{
	static const char *const fn[] = {"", "__pte_alloc_kernel",
					 "__pmd_alloc", "__pud_alloc"};
	struct km_pgtable *pt = m->vmalloc->pgt;
	struct page *page;
	unsigned long pfn;

	mm_call(m, fn[level]);
	page = alloc_pages(m, GFP_KERNEL | __GFP_ZERO, 0);
	if (!page)
		return -ENOMEM;
	pfn = page_to_pfn(m, page);
	memset(table_of(m, pfn), 0, KM_PAGE_SIZE);
	SetPageFlag(page, PG_table);
	page->owner = OWNER_PGTABLE;
	/* pagetable_pud_ctor / pagetable_pmd_ctor: NR_PAGETABLE */
	if (level != LVL_PTE)
		m->node_data[page_to_nid(m, page)].nr_page_table_pages++;
	pt->nr_runtime[level]++;
	*entry = ((uint64_t)pfn << KM_PAGE_SHIFT) | _KERNPG_TABLE;
	MM_EVENT(m, .type = EV_PGTABLE_ALLOC, .func = fn[level], .pfn = pfn,
		 .n = level, .addr = 0);
	return 0;
}

/* The PTE slot for a vmalloc address, allocating tables if alloc. */
static uint64_t *vmalloc_pte(struct machine *m, unsigned long addr, bool alloc,
			     int *err)
{
	uint64_t *table = table_of(m, m->vmalloc->pgt->pgd_pfn);

	for (int level = LVL_PGD; level > LVL_PTE; level--) {
		uint64_t *e = &table[pt_index(addr, level)];

		if (!(*e & _PAGE_PRESENT)) {
			if (!alloc)
				return NULL;
			/* P4D is folded: the PGD entry points at a PUD */
			*err = table_alloc(m, e, level - 1);
			if (*err)
				return NULL;
		}
		KM_BUG_ON(*e & _PAGE_PSE);
		table = table_of(m, entry_pfn(*e));
	}
	return &table[pt_index(addr, LVL_PTE)];
}

static int host_map(struct machine *m, unsigned long addr, unsigned long pfn,
		    unsigned long npages)
{
	void *at = m->vmalloc->host_base + (addr - KM_VMALLOC_START);
	void *p = mmap(at, npages << KM_PAGE_SHIFT, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_FIXED, m->memfd,
		       (off_t)(pfn << KM_PAGE_SHIFT));

	return p == at ? 0 : -ENOMEM;
}

static void host_unmap(struct machine *m, unsigned long start,
		       unsigned long end)
{
	void *at = m->vmalloc->host_base + (start - KM_VMALLOC_START);
	void *p = mmap(at, end - start, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED,
		       -1, 0);

	/* replacing a mapping inside our own reservation cannot fail
	 * short of the host running out of mappings */
	KM_BUG_ON(p != at);
}

/*
 * mm/vmalloc.c: vmap_pages_range() -> vmap_small_pages_range_noflush():
 * one PTE per page; the host maps each run of consecutive pfns with one
 * mmap, which the kernel's mapping merges with its neighbours anyway.
 */
int vmap_pages_range(struct machine *m, unsigned long addr, unsigned long end,
		     unsigned long prot, struct page **pages,
		     unsigned int page_shift)
{
	unsigned long run_addr = 0, run_pfn = 0, run_n = 0;
	int err = 0;

	mm_call(m, "vmap_pages_range");
	KM_BUG_ON(page_shift != KM_PAGE_SHIFT);
	mm_call(m, "vmap_small_pages_range_noflush");
	for (unsigned long i = 0; addr < end; addr += KM_PAGE_SIZE, i++) {
		uint64_t *pte = vmalloc_pte(m, addr, true, &err);
		unsigned long pfn;

		if (!pte)
			break;
		pfn = page_to_pfn(m, pages[i]);
		KM_BUG_ON(*pte & _PAGE_PRESENT);
		*pte = ((uint64_t)pfn << KM_PAGE_SHIFT) | prot;
		MM_EVENT(m, .type = EV_PTE_MAP, .func = "vmap_pages_pte_range",
			 .addr = addr, .pfn = pfn);
		if (run_n && run_pfn + run_n == pfn) {
			run_n++;
			continue;
		}
		if (run_n && (err = host_map(m, run_addr, run_pfn, run_n)))
			break;
		run_addr = addr;
		run_pfn = pfn;
		run_n = 1;
	}
	if (!err && run_n)
		err = host_map(m, run_addr, run_pfn, run_n);
	return err;
}

/*
 * The host mapping plays the TLB. vunmap_range_noflush() clears the PTEs,
 * so every access through the model fails at once; the host pages of the
 * range may stay mapped for a while, as stale TLB entries stay until the
 * lazy purge's flush. kmemlab keeps one run of such ranges (vfree after
 * vfree of neighbouring areas, the common case, extends it at one end) and
 * replaces the whole run with the PROT_NONE reservation by one mmap: when a
 * range does not extend it, when it grows past STALE_MAX_BYTES, and at the
 * purge (vmalloc_host_flush), before any address of it can be handed out again.
 */
static void stale_add(struct machine *m, unsigned long start, unsigned long end)
{
	struct km_pgtable *pt = m->vmalloc->pgt;

	if (pt->stale_start != pt->stale_end &&
	    max(end, pt->stale_end) - min(start, pt->stale_start) <=
		    STALE_MAX_BYTES) {
		/* extends the run at either end (areas recycled from the
		 * vmap pools come back in descending address order) */
		if (pt->stale_end == start) {
			pt->stale_end = end;
			return;
		}
		if (end == pt->stale_start) {
			pt->stale_start = start;
			return;
		}
	}
	vmalloc_host_flush(m);
	pt->stale_start = start;
	pt->stale_end = end;
}

void vmalloc_host_flush(struct machine *m)
{
	struct km_pgtable *pt = m->vmalloc->pgt;

	if (!pt)
		return;
	if (pt->stale_start != pt->stale_end)
		host_unmap(m, pt->stale_start, pt->stale_end);
	pt->stale_start = pt->stale_end = 0;
}

/* mm/vmalloc.c: vunmap_range_noflush(): clear PTEs, no TLB flush. */
void vunmap_range_noflush(struct machine *m, unsigned long start,
			  unsigned long end)
{
	int err = 0;

	mm_call(m, "vunmap_range_noflush");
	for (unsigned long addr = start; addr < end;) {
		uint64_t *pte = vmalloc_pte(m, addr, false, &err);

		if (!pte) {
			/* no table here: skip to the next PMD */
			addr = ALIGN_DOWN(addr, 1UL << PMD_SHIFT) +
			       (1UL << PMD_SHIFT);
			continue;
		}
		if (*pte & _PAGE_PRESENT) {
			MM_EVENT(m, .type = EV_PTE_UNMAP,
				 .func = "vunmap_pte_range", .addr = addr,
				 .pfn = entry_pfn(*pte));
			*pte = 0;
		}
		addr += KM_PAGE_SIZE;
	}
	stale_add(m, start, end);
}

uint64_t pgtable_lookup(struct machine *m, unsigned long addr, int *level)
{
	uint64_t *table;

	if (!m->vmalloc || !m->vmalloc->pgt || !canonical(addr)) {
		*level = LVL_PGD;
		return 0;
	}
	table = table_of(m, m->vmalloc->pgt->pgd_pfn);
	for (int l = LVL_PGD; l >= LVL_PTE; l--) {
		uint64_t e = table[pt_index(addr, l)];

		*level = l;
		if (!(e & _PAGE_PRESENT))
			return 0;
		if (l == LVL_PTE || (l < LVL_PGD && (e & _PAGE_PSE)))
			return e;
		table = table_of(m, entry_pfn(e));
	}
	return 0;
}

/*
 * arch/x86/mm/fault.c: dump_pagetable()'s walk. e[] gets the entries it
 * prints, top level first: PGD, P4D (folded on 4-level paging: the PGD
 * entry again, and pgd_present() is always true), PUD, PMD, PTE; the walk
 * stops after the P4D, PUD or PMD entry that is not present or maps a
 * huge page. Returns how many entries it filled (0: no table yet).
 */
int pgtable_dump_entries(struct machine *m, unsigned long addr, uint64_t e[5])
{
	uint64_t *table;
	int n = 0;

	if (!m->vmalloc || !m->vmalloc->pgt || !canonical(addr))
		return 0;
	table = table_of(m, m->vmalloc->pgt->pgd_pfn);
	e[n++] = table[pt_index(addr, LVL_PGD)];
	e[n++] = e[0]; /* the P4D entry is the PGD entry */
	for (int l = LVL_PGD; l > LVL_PTE; l--) {
		uint64_t cur = e[n - 1];

		if (!(cur & _PAGE_PRESENT) ||
		    (l < LVL_PGD && (cur & _PAGE_PSE)))
			break;
		table = table_of(m, entry_pfn(cur));
		e[n++] = table[pt_index(addr, l - 1)];
	}
	return n;
}

unsigned long pgtable_virt_to_phys(struct machine *m, unsigned long addr)
{
	int level;
	uint64_t e = pgtable_lookup(m, addr, &level);
	unsigned long mask;

	if (!e)
		return -1UL;
	mask = (1UL << level_shift[level]) - 1;
	return ((e & PTE_PFN_MASK) & ~mask) | (addr & mask);
}

bool kernel_addr_mapped(struct machine *m, unsigned long addr,
			unsigned long len)
{
	unsigned long end = addr + (len ? len : 1);

	if (end < addr)
		return false;
	for (unsigned long a = addr & KM_PAGE_MASK; a < end;
	     a += KM_PAGE_SIZE) {
		int level;

		if (!pgtable_lookup(m, a, &level))
			return false;
	}
	return true;
}

void *kernel_addr_host_ptr(struct machine *m, unsigned long addr)
{
	int level;

	if (!pgtable_lookup(m, addr, &level))
		return NULL;
	if (is_vmalloc_addr(m, addr))
		return m->vmalloc->host_base + (addr - KM_VMALLOC_START);
	if (virt_addr_valid(m, addr))
		return km_ptr(m, addr);
	return NULL;
}

unsigned long pgtable_nr_table_pages(struct machine *m)
{
	struct km_pgtable *pt = m->vmalloc->pgt;

	return pt->nr_boot + pt->nr_runtime[LVL_PTE] + pt->nr_runtime[LVL_PMD] +
	       pt->nr_runtime[LVL_PUD];
}

static void flags_str(uint64_t e, int level, char *buf, size_t len)
{
	static const struct {
		uint64_t bit;
		const char *name;
	} bits[] = {
		{_PAGE_PRESENT, "P"}, {_PAGE_RW, "RW"},	  {_PAGE_USER, "US"},
		{_PAGE_PWT, "PWT"},   {_PAGE_PCD, "PCD"}, {_PAGE_ACCESSED, "A"},
		{_PAGE_DIRTY, "D"},   {_PAGE_PSE, "PSE"}, {_PAGE_GLOBAL, "G"},
		{_PAGE_NX, "NX"},
	};
	size_t at = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(bits); i++) {
		const char *name = bits[i].name;

		if (!(e & bits[i].bit))
			continue;
		if (bits[i].bit == _PAGE_PSE && level == LVL_PTE)
			name = "PAT";
		at += (size_t)snprintf(buf + at, len - at, "%s%s",
				       at ? " " : "", name);
		if (at >= len)
			break;
	}
}

void page_state_describe(struct machine *m, const struct page *page, char *buf,
			 size_t len)
{
	unsigned long pfn = page_to_pfn(m, page);

	if (PageBuddy(page))
		snprintf(buf, len, "free in the buddy allocator (order %u)",
			 buddy_order(page));
	else if (PageFlag(page, PG_pcp))
		snprintf(buf, len, "free on a per-cpu page list");
	else if (PageTail(page))
		snprintf(buf, len, "tail of the compound page at pfn %#lx",
			 page_to_pfn(m, compound_head((struct page *)page)));
	else if (PageSlab(page))
		snprintf(buf, len, "slab of %s (%u of %u objects in use)",
			 page->slab_cache ? page->slab_cache->name : "?",
			 page->inuse, page->objects);
	else if (page->owner == OWNER_VMALLOC && page->vm_area)
		snprintf(buf, len, "vmalloc page %lu of the area at %#lx",
			 page->vm_index, page->vm_area->addr);
	else if (page->owner == OWNER_PGTABLE)
		snprintf(buf, len, "page-table page%s",
			 PageReserved(page) ? " (kernel image brk)" : "");
	else if (page->owner == OWNER_LARGE_KMALLOC)
		snprintf(buf, len, "large kmalloc");
	else if (page->owner == OWNER_KERNEL)
		snprintf(buf, len, "reserved: kernel image");
	else if (page->owner == OWNER_MEMMAP)
		snprintf(buf, len, "reserved: memmap (struct page array)");
	else if (PageReserved(page))
		snprintf(buf, len, "reserved%s",
			 pfn < 256 ? ": the first MiB" : "");
	else
		snprintf(buf, len, "allocated (refcount %d)", page->_refcount);
}

/* Why a vmalloc address is not mapped, from the areas. */
static void vmalloc_hole_reason(struct machine *m, unsigned long addr,
				struct seq_buf *s)
{
	struct vmap_area *va = vmalloc_area_at(m, addr);

	if (va && va->where == VA_BUSY) {
		if (addr >= va->va_end - KM_PAGE_SIZE && va->vm &&
		    !(va->vm->flags & VM_NO_GUARD))
			seq_printf(s, "guard page of the area %#lx-%#lx\n",
				   va->va_start, va->va_end);
		else
			seq_printf(s, "unmapped page of the area %#lx-%#lx\n",
				   va->va_start, va->va_end);
	} else if (va && va->where == VA_LAZY) {
		seq_printf(s,
			   "lazily freed area %#lx-%#lx (unpurged vm_area): "
			   "unmapped, not yet reusable\n",
			   va->va_start, va->va_end);
	} else if (va && va->where == VA_POOL) {
		seq_printf(s,
			   "purged area %#lx-%#lx in a vmap node pool: "
			   "unmapped, reusable\n",
			   va->va_start, va->va_end);
	} else {
		seq_printf(s, "free vmalloc space: no area here\n");
	}
}

int pgtable_walk(struct machine *m, unsigned long addr, struct seq_buf *s)
{
	struct km_pgtable *pt = m->vmalloc->pgt;
	unsigned long table_pfn = pt->pgd_pfn;

	seq_printf(s,
		   "walk %#018lx: PGD %lu, PUD %lu, PMD %lu, PTE %lu, "
		   "offset %#lx\n",
		   addr, pt_index(addr, LVL_PGD), pt_index(addr, LVL_PUD),
		   pt_index(addr, LVL_PMD), pt_index(addr, LVL_PTE),
		   addr & (KM_PAGE_SIZE - 1));
	if (!canonical(addr)) {
		seq_printf(s, "not canonical: bits 63..48 must all equal "
			      "bit 47 -> general protection fault\n");
		return -EFAULT;
	}
	seq_printf(s, "CR3 %#018lx (init_top_pgt, pfn %#lx)\n",
		   table_pfn << KM_PAGE_SHIFT, table_pfn);
	for (int level = LVL_PGD; level >= LVL_PTE; level--) {
		unsigned long idx = pt_index(addr, level);
		uint64_t e = table_of(m, table_pfn)[idx];
		bool leaf = level == LVL_PTE ||
			    (level < LVL_PGD && (e & _PAGE_PSE));
		char flags[64];

		flags_str(e, level, flags, sizeof(flags));
		seq_printf(s, "%s[%3lu] 0x%016lx %s", level_names[level], idx,
			   (unsigned long)e, flags);
		if (!(e & _PAGE_PRESENT)) {
			seq_printf(s, " not present -> page fault\n");
			if (is_vmalloc_addr(m, addr))
				vmalloc_hole_reason(m, addr, s);
			else if (addr >= KM_PAGE_OFFSET &&
				 addr < KM_VMALLOC_START)
				seq_printf(s, "beyond the end of RAM "
					      "in the direct map\n");
			else if (addr >= KM_VMEMMAP &&
				 addr < KM_VMEMMAP +
						 m->nr_pages *
							 KM_STRUCT_PAGE_SIZE)
				seq_printf(s,
					   "vmemmap: struct page of pfn %#lx; "
					   "the kernel maps it, kmemlab's "
					   "table leaves it out\n",
					   (addr - KM_VMEMMAP) /
						   KM_STRUCT_PAGE_SIZE);
			else if (addr >= KM_START_KERNEL_map)
				seq_printf(s, "kernel text and modules: "
					      "not in kmemlab's table\n");
			else
				seq_printf(s, "nothing is mapped here\n");
			return -EFAULT;
		}
		if (!leaf) {
			table_pfn = entry_pfn(e);
			seq_printf(s, " -> %s table at pfn %#lx\n",
				   level_names[level - 1], table_pfn);
			continue;
		}
		unsigned long mask = (1UL << level_shift[level]) - 1;
		unsigned long pa = ((e & PTE_PFN_MASK) & ~mask) | (addr & mask);
		unsigned long pfn = pa >> KM_PAGE_SHIFT;
		char state[160];

		seq_printf(s, " -> %s page\n",
			   level == LVL_PTE   ? "4k"
			   : level == LVL_PMD ? "2M"
					      : "1G");
		seq_printf(s, "phys %#018lx pfn %#lx", pa, pfn);
		if (pfn_valid(m, pfn)) {
			page_state_describe(m, pfn_to_page(m, pfn), state,
					    sizeof(state));
			seq_printf(s, ": %s\n", state);
		} else {
			seq_printf(s, ": beyond RAM\n");
		}
		return 0;
	}
	return -EFAULT;
}

void pgtable_for_each_vmalloc_pte(struct machine *m, pte_fn fn, void *ctx)
{
	struct vmalloc_state *vs = m->vmalloc;
	unsigned long start = vs->vmalloc_start, end = vs->vmalloc_end;
	uint64_t *pgd = table_of(m, vs->pgt->pgd_pfn);

	for (unsigned long a = start; a <= end && a >= start;) {
		uint64_t e = pgd[pt_index(a, LVL_PGD)];
		uint64_t *pud, *pmd, *pte;

		if (!(e & _PAGE_PRESENT)) {
			a = ALIGN_DOWN(a, 1UL << PGDIR_SHIFT) +
			    (1UL << PGDIR_SHIFT);
			continue;
		}
		pud = table_of(m, entry_pfn(e));
		e = pud[pt_index(a, LVL_PUD)];
		if (!(e & _PAGE_PRESENT)) {
			a = ALIGN_DOWN(a, 1UL << PUD_SHIFT) +
			    (1UL << PUD_SHIFT);
			continue;
		}
		pmd = table_of(m, entry_pfn(e));
		e = pmd[pt_index(a, LVL_PMD)];
		if (!(e & _PAGE_PRESENT)) {
			a = ALIGN_DOWN(a, 1UL << PMD_SHIFT) +
			    (1UL << PMD_SHIFT);
			continue;
		}
		pte = table_of(m, entry_pfn(e));
		for (unsigned long i = pt_index(a, LVL_PTE); i < PTRS_PER_PTE;
		     i++, a += KM_PAGE_SIZE)
			if (pte[i] & _PAGE_PRESENT)
				fn(ctx, a, pte[i]);
	}
}

/* Tables of the vmalloc range: every one is a PG_table page, and their
 * number matches the counters. */
static void count_tables(struct machine *m, unsigned long pfn, int level,
			 unsigned long counted[5], int *errors, char *buf,
			 size_t len)
{
	struct page *page = pfn_to_page(m, pfn);
	uint64_t *t = table_of(m, pfn);

	counted[level]++;
	if (!PageTable(page) || page->owner != OWNER_PGTABLE) {
		if (!(*errors)++ && buf)
			snprintf(buf, len,
				 "pgtable: %s table pfn %#lx is not "
				 "a page-table page",
				 level_names[level], pfn);
	}
	if (level == LVL_PTE)
		return;
	for (int i = 0; i < PTRS_PER_PTE; i++)
		if ((t[i] & _PAGE_PRESENT) && !(t[i] & _PAGE_PSE))
			count_tables(m, entry_pfn(t[i]), level - 1, counted,
				     errors, buf, len);
}

int pgtable_check(struct machine *m, char *buf, size_t len)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct km_pgtable *pt = vs->pgt;
	uint64_t *pgd = table_of(m, pt->pgd_pfn);
	unsigned long counted[5] = {0};
	unsigned long nr_pt = 0;
	int errors = 0;

	for (unsigned long i = pt_index(vs->vmalloc_start, LVL_PGD);
	     i <= pt_index(vs->vmalloc_end, LVL_PGD); i++)
		if (pgd[i] & _PAGE_PRESENT)
			count_tables(m, entry_pfn(pgd[i]), LVL_PUD, counted,
				     &errors, buf, len);
	for (int l = LVL_PTE; l <= LVL_PUD; l++) {
		if (counted[l] != pt->nr_runtime[l] && !errors++ && buf)
			snprintf(buf, len,
				 "pgtable: %lu %s tables in the vmalloc "
				 "range, %lu counted",
				 counted[l], level_names[l], pt->nr_runtime[l]);
	}
	/* the direct map: every 2 MiB of RAM maps to itself */
	for (unsigned long pa = 0; pa < m->nr_pages << KM_PAGE_SHIFT;
	     pa += 1UL << PMD_SHIFT) {
		if (pgtable_virt_to_phys(m, KM_PAGE_OFFSET + pa + 0x1008) ==
		    pa + 0x1008)
			continue;
		if (!errors++ && buf)
			snprintf(buf, len, "pgtable: direct map of %#lx broken",
				 pa);
		break;
	}
	for (int nid = 0; nid < m->nr_nodes; nid++)
		nr_pt += m->node_data[nid].nr_page_table_pages;
	if (nr_pt != pt->nr_runtime[LVL_PMD] + pt->nr_runtime[LVL_PUD] &&
	    !errors++ && buf)
		snprintf(buf, len, "pgtable: NR_PAGETABLE %lu, %lu PUD+PMD",
			 nr_pt,
			 pt->nr_runtime[LVL_PMD] + pt->nr_runtime[LVL_PUD]);
	return errors;
}
