/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmalloc, vmap, kvmalloc and the kernel page tables (twins: mm/vmalloc.c,
 * mm/util.c, arch/x86/mm). Addresses are kernel addresses.
 *
 * This header is the vmalloc module's public API; it grows with it.
 * struct vmalloc_state and the area types are public so that views can read
 * them; only src/mm/vmalloc.c and src/mm/pgtable.c change them.
 */
#ifndef KMEMLAB_VMALLOC_H
#define KMEMLAB_VMALLOC_H

#include "machine.h"

/* Boot: reserve the PROT_NONE range, set up the free tree and the kernel
 * page table. Returns -1 with a message in err on failure. */
int vmalloc_init(struct machine *m, char *err, size_t errlen);
void vmalloc_destroy(struct machine *m);
/* vmalloc invariants (mm_check calls it). */
int vmalloc_check(struct machine *m, char *buf, size_t len);

/* Pages allocated by vmalloc (meminfo VmallocUsed). */
unsigned long vmalloc_nr_pages(struct machine *m);
/* The direct map's mapping sizes in kB: [0] 4k, [1] 2M, [2] 1G. */
void vmalloc_directmap_kb(struct machine *m, unsigned long kb[3]);

/* --- flags (include/linux/vmalloc.h) ------------------------------------ */

#define VM_IOREMAP 0x00000001UL
#define VM_ALLOC 0x00000002UL
#define VM_MAP 0x00000004UL
#define VM_USERMAP 0x00000008UL
#define VM_DMA_COHERENT 0x00000010UL
#define VM_UNINITIALIZED 0x00000020UL
#define VM_NO_GUARD 0x00000040UL
#define VM_KASAN 0x00000080UL
#define VM_FLUSH_RESET_PERMS 0x00000100UL
#define VM_MAP_PUT_PAGES 0x00000200UL
#define VM_ALLOW_HUGE_VMAP 0x00000400UL
#define VM_SPARSE 0x00001000UL
/* kmemlab's, not the kernel's: a page of this VM_ALLOC area was freed
 * through a stale pointer while the area still maps it (the kernel has
 * no mark on a vmalloc page, so nothing stops such a free) */
#define VM_KM_PAGE_FREED 0x80000000UL

/* vmap_area.flags: low byte, then the vmap node id + 1 from bit 8 */
#define VMAP_RAM 0x1UL
#define VMAP_BLOCK 0x2UL

#define MAX_VA_SIZE_PAGES 256 /* sizes pooled per vmap node */
#define KM_MAX_VMAP_NODES 128

/* --- structures ---------------------------------------------------------- */

/* include/linux/vmalloc.h: struct vm_struct */
struct vm_struct {
	struct vm_struct *next;
	unsigned long addr;  /* kernel address of the first page */
	unsigned long size;  /* bytes, the guard page included */
	unsigned long flags; /* VM_* */
	/* the pages, host side; the kernel's own copy of this array (struct
	 * page addresses in the vmemmap) lives in a kmalloc object, or in a
	 * vmalloc area of its own when it is larger than a page ("vpages"
	 * in /proc/vmallocinfo) */
	struct page **pages;
	unsigned int page_order;
	unsigned int nr_pages;
	unsigned long phys_addr;
	unsigned long pages_va; /* the array vmalloc'd (> 4 KiB), or 0 */
	unsigned long pages_ka; /* the array kmalloc'd (<= 4 KiB), or 0 */
	unsigned long kaddr;	/* this vm_struct's kzalloc'd object */
	unsigned long requested_size;
	char caller[64]; /* m->caller when the area was made */
};

/* Our red-black tree node (the kernel's struct rb_node). */
struct km_rb_node {
	struct km_rb_node *parent, *left, *right;
	int red;
};

/* mm/vmalloc.c: struct vmap_area; va_end is exclusive */
struct vmap_area {
	unsigned long va_start, va_end;
	struct km_rb_node rb_node;
	struct list_head list; /* address order within its tree */
	union {
		unsigned long subtree_max_size; /* in the free tree */
		struct vm_struct *vm;		/* busy tree */
	};
	unsigned long flags;
	int where; /* enum va_where: which tree or pool holds it */
};

enum va_where { VA_NONE, VA_FREE, VA_BUSY, VA_LAZY, VA_POOL };

/* An address-ordered tree with its list (rb_list in the kernel). */
struct rb_list {
	struct km_rb_node *root;
	struct list_head head;
	unsigned long nr;
	int augmented; /* maintains subtree_max_size (the free tree) */
};

struct vmap_pool {
	struct list_head head;
	unsigned long len;
};

/* mm/vmalloc.c: struct vmap_node */
struct vmap_node {
	struct vmap_pool pool[MAX_VA_SIZE_PAGES];
	struct rb_list busy;
	struct rb_list lazy;
	struct list_head purge_list;
	int skip_populate;
	unsigned long nr_purged;
};

struct km_pgtable; /* pgtable.c */

struct vmalloc_state {
	unsigned long vmalloc_start, vmalloc_end; /* end: last byte */
	unsigned char *host_base; /* PROT_NONE reservation of the range */
	struct rb_list free;	  /* free_vmap_area_root/_list */
	struct vmap_node *nodes;
	unsigned int nr_vmap_nodes;
	unsigned long vmap_zone_size;
	unsigned long vmap_lazy_nr;
	unsigned long nr_vmalloc_pages;
	unsigned long nr_leaked_pages; /* vmalloc pages lost to vunmap() */
	unsigned long nr_purges;       /* statistics for views */
	unsigned int warned_once;      /* WARN_ON_ONCE sites that fired */
	struct km_pgtable *pgt;
};

/* --- the API (kernel names, the machine first) --------------------------- */

/* VMALLOC_END: the last byte of the range (the kernel's ...ffff style). */
static inline unsigned long vmalloc_end(const struct machine *m)
{
	return KM_VMALLOC_START + m->cfg.vmalloc_size - 1;
}

/* mm/vmalloc.c: is_vmalloc_addr() */
static inline bool is_vmalloc_addr(const struct machine *m, unsigned long x)
{
	return x >= KM_VMALLOC_START && x < vmalloc_end(m);
}

/* Each returns the area's kernel address, or 0 (NULL) with the kernel's
 * warning in the log unless __GFP_NOWARN. */
unsigned long vmalloc(struct machine *m, unsigned long size);
unsigned long vzalloc(struct machine *m, unsigned long size);
unsigned long vmalloc_node(struct machine *m, unsigned long size, int node);
unsigned long vzalloc_node(struct machine *m, unsigned long size, int node);
unsigned long vmalloc_32(struct machine *m, unsigned long size);
unsigned long vmalloc_user(struct machine *m, unsigned long size);
unsigned long __vmalloc(struct machine *m, unsigned long size, gfp_t gfp);
unsigned long __vmalloc_node(struct machine *m, unsigned long size,
			     unsigned long align, gfp_t gfp, int node);
unsigned long __vmalloc_node_range(struct machine *m, unsigned long size,
				   unsigned long align, unsigned long start,
				   unsigned long end, gfp_t gfp,
				   unsigned long vm_flags, int node);

/*
 * vfree/vunmap: 0 on success (NULL is a no-op); a bad address prints the
 * kernel's WARN ("Trying to vfree() bad address" / "nonexistent vm area")
 * and returns -EINVAL with nothing changed.
 */
int vfree(struct machine *m, unsigned long addr);
int vunmap(struct machine *m, unsigned long addr);
/* vmap(pages, count, flags, PAGE_KERNEL): pages stay the caller's. */
unsigned long vmap(struct machine *m, struct page **pages, unsigned int count,
		   unsigned long flags);

/* kvmalloc family (mm/util.c): kmalloc first, vmalloc for what it can't. */
unsigned long kvmalloc_node(struct machine *m, unsigned long size, gfp_t gfp,
			    int node);
unsigned long kvmalloc(struct machine *m, unsigned long size, gfp_t gfp);
unsigned long kvzalloc(struct machine *m, unsigned long size, gfp_t gfp);
/* 0, or kfree's/vfree's error for a bad address */
int kvfree(struct machine *m, unsigned long addr);

/* purge_vmap_area_lazy(): return every lazily freed area now. */
void vmalloc_purge(struct machine *m);
/* lazy_max_pages() and the current vmap_lazy_nr */
unsigned long lazy_max_pages(const struct machine *m);
unsigned long vmap_lazy_nr(const struct machine *m);

/* The vm_struct of the busy area containing addr, or NULL (find_vm_area
 * wants the start; this one takes any address inside, guard included). */
struct vm_struct *find_vm_area(struct machine *m, unsigned long addr);
struct vmap_area *find_vmap_area(struct machine *m, unsigned long addr);
/* Any area holding addr: busy, lazy, pooled or free (where tells). */
struct vmap_area *vmalloc_area_at(struct machine *m, unsigned long addr);

/* mm/vmalloc.c: vmalloc_to_page()/_pfn() through the page table; NULL /
 * -1UL when addr is not mapped. */
struct page *vmalloc_to_page(struct machine *m, unsigned long addr);
unsigned long vmalloc_to_pfn(struct machine *m, unsigned long addr);

/*
 * Memory access for peek/poke: is [addr, addr + len) mapped in the kernel
 * page table (direct map or vmalloc)? And the host pointer of one mapped
 * kernel address (NULL if not mapped). A host pointer is valid up to the
 * end of its page only for vmalloc addresses.
 */
bool kernel_addr_mapped(struct machine *m, unsigned long addr,
			unsigned long len);
void *vmalloc_host_ptr(struct machine *m, unsigned long addr);
/* Either kind: the host pointer of a mapped direct-map or vmalloc address,
 * NULL when the kernel page table does not map it (valid to the end of
 * its page). */
void *kernel_addr_host_ptr(struct machine *m, unsigned long addr);

/* Low-level, for tests and benchmarks (the kernel's static functions):
 * reserve [vstart, vend) space with no pages, and give it straight back
 * (free_vmap_area: no lazy list). NULL on failure. */
struct vmap_area *alloc_vmap_area(struct machine *m, unsigned long size,
				  unsigned long align, unsigned long vstart,
				  unsigned long vend, int node, gfp_t gfp,
				  unsigned long va_flags, struct vm_struct *vm);
void free_vmap_area(struct machine *m, struct vmap_area *va);

/* Read-only visitor over every area in address order: busy, lazy, pooled
 * and free ones (where = enum va_where). */
typedef void (*vmap_area_fn)(void *ctx, const struct vmap_area *va);
void vmalloc_for_each_area(struct machine *m, vmap_area_fn fn, void *ctx);

struct seq_buf;
/* Describers for the command layer: every area with its guard page and
 * pfns, and the free gaps; or one area (-ENOENT if addr is in none). */
void vmalloc_show(struct machine *m, struct seq_buf *s);
int vmalloc_show_area(struct machine *m, unsigned long addr, struct seq_buf *s);

/* --- the kernel page table (src/mm/pgtable.c) ---------------------------- */

#define _PAGE_PRESENT (1UL << 0)
#define _PAGE_RW (1UL << 1)
#define _PAGE_USER (1UL << 2)
#define _PAGE_PWT (1UL << 3)
#define _PAGE_PCD (1UL << 4)
#define _PAGE_ACCESSED (1UL << 5)
#define _PAGE_DIRTY (1UL << 6)
#define _PAGE_PSE (1UL << 7)
#define _PAGE_GLOBAL (1UL << 8)
#define _PAGE_NX (1UL << 63)
#define PTE_PFN_MASK 0x000ffffffffff000UL
#define _KERNPG_TABLE (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_KERNEL                                                            \
	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY |             \
	 _PAGE_GLOBAL | _PAGE_NX)
#define PAGE_KERNEL_LARGE (PAGE_KERNEL | _PAGE_PSE)

#define PGDIR_SHIFT 39
#define PUD_SHIFT 30
#define PMD_SHIFT 21
#define PTRS_PER_PTE 512

/* Boot: build init_top_pgt and the direct map from reserved pages. */
int pgtable_init(struct machine *m, char *err, size_t errlen);
void pgtable_destroy(struct machine *m);
/* Map [addr, end) to pages (order 0), allocating tables; -ENOMEM. */
int vmap_pages_range(struct machine *m, unsigned long addr, unsigned long end,
		     unsigned long prot, struct page **pages,
		     unsigned int page_shift);
/* Clear the PTEs of [addr, end); the tables stay, as in the kernel. */
void vunmap_range_noflush(struct machine *m, unsigned long start,
			  unsigned long end);
/* The raw leaf entry for addr and its level (4 PGD .. 1 PTE); 0 and the
 * level where the walk stopped if not present or not canonical. */
uint64_t pgtable_lookup(struct machine *m, unsigned long addr, int *level);
/* Physical address for a kernel virtual address, or -1UL. */
unsigned long pgtable_virt_to_phys(struct machine *m, unsigned long addr);
/* The entries an oops's dump_pagetable() line shows for addr, top level
 * first (PGD, P4D, PUD, PMD, PTE) up to where its walk stops; the count. */
int pgtable_dump_entries(struct machine *m, unsigned long addr, uint64_t e[5]);
/* Print the walk of addr: every level's index, entry and flags, the pfn and
 * the page's state. 0 if mapped, -EFAULT where it stops. */
int pgtable_walk(struct machine *m, unsigned long addr, struct seq_buf *s);
/* Page-table pages in use: all levels, and those that the kernel counts
 * in NR_PAGETABLE (see pgtable.c). Errors found by the checker. */
unsigned long pgtable_nr_table_pages(struct machine *m);
int pgtable_check(struct machine *m, char *buf, size_t len);
/* Every present PTE of the vmalloc range, in address order. */
typedef void (*pte_fn)(void *ctx, unsigned long addr, uint64_t pte);
void pgtable_for_each_vmalloc_pte(struct machine *m, pte_fn fn, void *ctx);
/* One line describing a page's state ("vmalloc 0xffffc9.. page 3"). */
void page_state_describe(struct machine *m, const struct page *page, char *buf,
			 size_t len);

#endif /* KMEMLAB_VMALLOC_H */
