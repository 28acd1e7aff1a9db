// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmalloc commands: vmalloc, vzalloc, vmalloc_node, vfree, vmap, vunmap,
 * kvmalloc, kvzalloc, kvfree, vmalloc_purge, walk, and `show` (engine
 * twins: mm/vmalloc.c, mm/util.c, arch/x86/mm through
 * include/kmemlab/vmalloc.h; `show cache|slab|object` is cmd_slab.c's).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"
#include "cmd_internal.h"

static int print_area(struct session *ss, unsigned long addr)
{
	struct vm_struct *vm;

	vm = is_vmalloc_addr(ss->m, addr) ? find_vm_area(ss->m, addr) : NULL;
	if (!vm) /* NULL, or kvmalloc served by kmalloc */
		return cmd_print_object(ss, addr);
	cmd_set_result(ss, addr);
	out_printf(OUT(ss), "0x%lx nr_pages=%u size=%lu\n", addr, vm->nr_pages,
		   vm->size);
	return 0;
}

static int refused(struct session *ss, const char *what)
{
	for (size_t i = 0; i < ss->trace.nr_ev; i++)
		if (ss->trace.ev[i].type == EV_BUG && ss->trace.ev[i].text)
			return cmd_error(ss, "%s (see the kernel log)",
					 ss->trace.ev[i].text);
	return cmd_error(ss, "the kernel refused %s (see the kernel log)",
			 what);
}

static int do_vmalloc(struct session *ss, int argc, char **argv)
{
	unsigned long size;

	(void)argc;
	if (cmd_arg_ulong(ss, argv[1], "SIZE", &size) < 0)
		return -1;
	return print_area(ss, !strcmp(argv[0], "vzalloc")
				      ? vzalloc(ss->m, size)
				      : vmalloc(ss->m, size));
}

/* vmalloc_32 SIZE, vmalloc_user SIZE, __vmalloc SIZE GFP */
static int do_vmalloc_variant(struct session *ss, int argc, char **argv)
{
	unsigned long size;
	gfp_t gfp = GFP_KERNEL;

	if (cmd_arg_ulong(ss, argv[1], "SIZE", &size) < 0 ||
	    (argc > 2 && cmd_arg_gfp(ss, argv[2], &gfp) < 0))
		return -1;
	if (!strcmp(argv[0], "vmalloc_32"))
		return print_area(ss, vmalloc_32(ss->m, size));
	if (!strcmp(argv[0], "vmalloc_user"))
		return print_area(ss, vmalloc_user(ss->m, size));
	return print_area(ss, __vmalloc(ss->m, size, gfp));
}

static int do_vmalloc_node(struct session *ss, int argc, char **argv)
{
	unsigned long size;
	int nid;

	(void)argc;
	if (cmd_arg_ulong(ss, argv[1], "SIZE", &size) < 0 ||
	    cmd_arg_nid(ss, argv[2], &nid) < 0)
		return -1;
	return print_area(ss, !strcmp(argv[0], "vzalloc_node")
				      ? vzalloc_node(ss->m, size, nid)
				      : vmalloc_node(ss->m, size, nid));
}

static int do_kvmalloc(struct session *ss, int argc, char **argv)
{
	unsigned long size;
	gfp_t gfp = GFP_KERNEL;

	if (cmd_arg_ulong(ss, argv[1], "SIZE", &size) < 0 ||
	    (argc > 2 && cmd_arg_gfp(ss, argv[2], &gfp) < 0))
		return -1;
	return print_area(ss, !strcmp(argv[0], "kvzalloc")
				      ? kvzalloc(ss->m, size, gfp)
				      : kvmalloc(ss->m, size, gfp));
}

static int do_vfree(struct session *ss, int argc, char **argv)
{
	unsigned long addr;
	int rc;

	(void)argc;
	if (cmd_arg_ulong(ss, argv[1], "ADDR", &addr) < 0)
		return -1;
	rc = !strcmp(argv[0], "vunmap") ? vunmap(ss->m, addr)
					: vfree(ss->m, addr);
	return rc < 0 ? refused(ss, argv[0]) : 0;
}

static int do_kvfree(struct session *ss, int argc, char **argv)
{
	unsigned long addr;

	(void)argc;
	if (cmd_arg_ulong(ss, argv[1], "ADDR", &addr) < 0)
		return -1;
	return kvfree(ss->m, addr) < 0 ? refused(ss, "kvfree") : 0;
}

/* vmap PAGE...: each a page's direct-map or struct page address */
static int do_vmap(struct session *ss, int argc, char **argv)
{
	struct machine *m = ss->m;
	struct page *pages[64];
	unsigned long a;

	for (int i = 1; i < argc; i++) {
		if (cmd_arg_ulong(ss, argv[i], "PAGE", &a) < 0)
			return -1;
		if (virt_addr_valid(m, a) && !(a & ~KM_PAGE_MASK)) {
			pages[i - 1] = virt_to_page(m, a);
		} else if (a >= KM_VMEMMAP &&
			   (a - KM_VMEMMAP) / KM_STRUCT_PAGE_SIZE <
				   m->nr_pages &&
			   !((a - KM_VMEMMAP) % KM_STRUCT_PAGE_SIZE)) {
			pages[i - 1] = pfn_to_page(
				m, (a - KM_VMEMMAP) / KM_STRUCT_PAGE_SIZE);
		} else {
			return cmd_error(ss,
					 "PAGE 0x%lx is not a page of this "
					 "machine (expected what alloc_pages "
					 "returned)",
					 a);
		}
	}
	return print_area(ss, vmap(m, pages, (unsigned int)(argc - 1), VM_MAP));
}

static int do_vmalloc_purge(struct session *ss, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	vmalloc_purge(ss->m);
	return 0;
}

static int do_walk(struct session *ss, int argc, char **argv)
{
	unsigned long addr;
	struct seq_buf s;

	(void)argc;
	if (cmd_arg_ulong(ss, argv[1], "ADDR", &addr) < 0)
		return -1;
	seq_init(&s);
	/* a walk that stops early is an answer, not an error */
	pgtable_walk(ss->m, addr, &s);
	if (s.buf)
		out_write(OUT(ss), OUT_STDOUT, s.buf, s.len);
	seq_free(&s);
	return 0;
}

/*
 * peek ADDR [LEN]: memory as the kernel holds it, in print_hex_dump()'s
 * layout with 8-byte groups (so free pointers read as numbers):
 * "ffff888001400540: 11c3d9ca59ba4b2e 0000000000000000  .K.Y............"
 */
#define PEEK_MAX 4096

static int do_peek(struct session *ss, int argc, char **argv)
{
	struct machine *m = ss->m;
	unsigned long addr, len = 64;
	unsigned char buf[PEEK_MAX];

	if (cmd_arg_ulong(ss, argv[1], "ADDR", &addr) < 0 ||
	    (argc > 2 && cmd_arg_ulong(ss, argv[2], "LEN", &len) < 0))
		return -1;
	if (len == 0 || len > PEEK_MAX)
		return cmd_error(ss, "LEN must be 1..%d, not %lu", PEEK_MAX,
				 len);
	len = (len + 7) & ~7UL;
	if (addr + len < addr)
		return cmd_error(ss,
				 "0x%lx + %lu runs past the end of the address "
				 "space",
				 addr, len);
	/* an unmapped byte: the read faults in the simulated kernel (its
	 * oops in the log, the machine tainted), never in this process */
	if (!kernel_addr_mapped(m, addr, len) &&
	    kernel_access(m, addr, NULL, len, false, "peek") == -EFAULT)
		return cmd_error(ss,
				 "the kernel oopsed: 0x%lx..0x%lx is not all "
				 "mapped (see the kernel log; walk ADDR shows "
				 "where the mapping stops)",
				 addr, addr + len - 1);
	for (unsigned long i = 0; i < len; i++) {
		unsigned long a = addr + i;
		const unsigned char *p = is_vmalloc_addr(m, a)
						 ? vmalloc_host_ptr(m, a)
						 : km_ptr(m, a);

		buf[i] = p ? *p : 0;
	}
	for (unsigned long row = 0; row < len; row += 16) {
		unsigned long n = len - row < 16 ? len - row : 16;
		char ascii[17];

		out_printf(OUT(ss), "%016lx:", addr + row);
		for (unsigned long g = 0; g < n; g += 8) {
			uint64_t v;

			memcpy(&v, buf + row + g, 8);
			out_printf(OUT(ss), " %016llx", (unsigned long long)v);
		}
		for (unsigned long i = 0; i < n; i++) {
			unsigned char c = buf[row + i];

			ascii[i] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		ascii[n] = '\0';
		out_printf(OUT(ss), "%*s  %s\n", n < 16 ? 17 : 0, "", ascii);
	}
	return 0;
}

static int show_page(struct session *ss, const char *arg)
{
	struct machine *m = ss->m;
	unsigned long a, pfn;
	struct page *page;
	char desc[256];

	if (cmd_arg_ulong(ss, arg, "PFN|ADDR", &a) < 0)
		return -1;
	if (virt_addr_valid(m, a))
		pfn = (a - KM_PAGE_OFFSET) >> KM_PAGE_SHIFT;
	else if (a >= KM_VMEMMAP &&
		 (a - KM_VMEMMAP) / KM_STRUCT_PAGE_SIZE < m->nr_pages)
		pfn = (a - KM_VMEMMAP) / KM_STRUCT_PAGE_SIZE;
	else if (is_vmalloc_addr(m, a) && vmalloc_to_pfn(m, a) != -1UL)
		pfn = vmalloc_to_pfn(m, a);
	else if (a < m->nr_pages)
		pfn = a;
	else
		return cmd_error(
			ss,
			"%s is not a pfn (0..0x%lx) or a mapped kernel "
			"address of this machine",
			arg, m->nr_pages - 1);
	page = pfn_to_page(m, pfn);
	page_state_describe(m, page, desc, sizeof(desc));
	out_printf(OUT(ss),
		   "pfn 0x%lx page 0x%lx address 0x%lx node %d zone %s "
		   "%s: %s\n",
		   pfn, page_vmemmap_addr(m, page), page_address(m, page),
		   page_to_nid(m, page), page_zone(m, page)->name,
		   migratetype_names[get_pageblock_migratetype(m, page)], desc);
	return 0;
}

static const char *const show_subjects[] = {
	"cache", "slab", "object", "page", "vmalloc", NULL,
};

static int do_show(struct session *ss, int argc, char **argv)
{
	const char *what = argv[1];
	struct seq_buf s;
	unsigned long a;
	int rc;

	if (!strcmp(what, "vmalloc")) {
		seq_init(&s);
		if (argc == 2) {
			vmalloc_show(ss->m, &s);
			rc = 0;
		} else if (cmd_arg_ulong(ss, argv[2], "ADDR", &a) < 0) {
			seq_free(&s);
			return -1;
		} else {
			rc = vmalloc_show_area(ss->m, a, &s);
		}
		if (rc == 0 && s.buf)
			out_write(OUT(ss), OUT_STDOUT, s.buf, s.len);
		seq_free(&s);
		if (rc < 0)
			return cmd_error(ss,
					 "%s is in no vmalloc area (show "
					 "vmalloc lists them)",
					 argv[2]);
		return 0;
	}
	for (int i = 0; show_subjects[i]; i++) {
		if (strcmp(what, show_subjects[i]))
			continue;
		if (argc < 3)
			return cmd_error(ss, "expected show %s %s", what,
					 !strcmp(what, "cache")	 ? "CACHE"
					 : !strcmp(what, "page") ? "PFN|ADDR"
								 : "ADDR");
		if (!strcmp(what, "page"))
			return show_page(ss, argv[2]);
		return cmd_show_slab_subject(ss, what, argv[2]);
	}
	char hint[128];

	cmd_suggest(hint, sizeof(hint), what, show_subjects, 5);
	if (hint[0])
		return cmd_error(ss, "nothing called '%s' to show%s", what,
				 hint);
	return cmd_error(ss,
			 "nothing called '%s' to show (expected cache, slab, "
			 "object, page or vmalloc)",
			 what);
}

// clang-format off
const struct command cmd_vmalloc_table[] = {
	{ "vmalloc", do_vmalloc, 1, 1,
	  "vmalloc SIZE",
	  "allocate SIZE bytes of virtually contiguous memory",
	  "alloc_vmap_area() finds the lowest free range that fits SIZE plus "
	  "a guard page, then each page comes from the page allocator on its "
	  "own and is mapped into the kernel page table: contiguous "
	  "addresses over scattered pages.",
	  "v = vmalloc 40k",
	  GRP_VMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "vzalloc", do_vmalloc, 1, 1,
	  "vzalloc SIZE",
	  "vmalloc with the memory zeroed",
	  "vmalloc with __GFP_ZERO.",
	  "v = vzalloc 8k",
	  GRP_VMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "vmalloc_node", do_vmalloc_node, 2, 2,
	  "vmalloc_node SIZE NID",
	  "vmalloc with the pages from node NID",
	  "The area is the same; the pages are allocated on node NID.",
	  "v = vmalloc_node 16k 0",
	  GRP_VMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "vzalloc_node", do_vmalloc_node, 2, 2,
	  "vzalloc_node SIZE NID",
	  "vmalloc_node with the memory zeroed",
	  "vmalloc_node with __GFP_ZERO.",
	  "v = vzalloc_node 16k 0",
	  GRP_VMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "vmalloc_32", do_vmalloc_variant, 1, 1,
	  "vmalloc_32 SIZE",
	  "vmalloc with pages below 4 GiB (ZONE_DMA32)",
	  "For devices that can address only 32 bits: the pages come from "
	  "GFP_DMA32 zones.",
	  "v = vmalloc_32 8k",
	  GRP_VMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "vmalloc_user", do_vmalloc_variant, 1, 1,
	  "vmalloc_user SIZE",
	  "zeroed vmalloc memory meant to be mapped to user space",
	  "vmalloc with __GFP_ZERO and VM_USERMAP, SHMLBA-aligned.",
	  "v = vmalloc_user 8k",
	  GRP_VMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "__vmalloc", do_vmalloc_variant, 2, 2,
	  "__vmalloc SIZE GFP",
	  "vmalloc with the GFP flags of your choice",
	  "The pages are allocated with GFP; __GFP_NOWARN silences the "
	  "failure warning.",
	  "v = __vmalloc 8k GFP_KERNEL|__GFP_ZERO",
	  GRP_VMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "vfree", do_vfree, 1, 1,
	  "vfree ADDR",
	  "free a vmalloc area (its range is purged lazily)",
	  "Unmaps the pages and frees them; the virtual range goes on the "
	  "lazy list and returns to the free tree when enough has piled up "
	  "(lazy_max_pages) or at vmalloc_purge.",
	  "v = vmalloc 40k; vfree v",
	  GRP_VMALLOC, CMD_MUTATES },
	{ "vmap", do_vmap, 1, 64,
	  "vmap PAGE...",
	  "map pages you allocated at one contiguous vmalloc address",
	  "The pages stay yours: vunmap removes the mapping and leaves them "
	  "allocated.",
	  "a = alloc_pages 0; b = alloc_pages 0; v = vmap a b",
	  GRP_VMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "vunmap", do_vfree, 1, 1,
	  "vunmap ADDR",
	  "remove a vmap mapping (the pages stay allocated)",
	  "The counterpart of vmap.",
	  "vunmap v",
	  GRP_VMALLOC, CMD_MUTATES },
	{ "kvmalloc", do_kvmalloc, 1, 2,
	  "kvmalloc SIZE [GFP]",
	  "kmalloc if it can, else vmalloc",
	  "Tries kmalloc without retrying hard or warning, then falls back "
	  "to vmalloc for sizes the slab or page allocator cannot serve "
	  "(mm/util.c in 6.12).",
	  "p = kvmalloc 100k",
	  GRP_VMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "kvzalloc", do_kvmalloc, 1, 2,
	  "kvzalloc SIZE [GFP]",
	  "kvmalloc with the memory zeroed",
	  "kvmalloc with __GFP_ZERO.",
	  "p = kvzalloc 100k",
	  GRP_VMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "kvfree", do_kvfree, 1, 1,
	  "kvfree ADDR",
	  "free what kvmalloc returned",
	  "vfree for a vmalloc address, kfree otherwise.",
	  "p = kvmalloc 100k; kvfree p",
	  GRP_VMALLOC, CMD_MUTATES },
	{ "vmalloc_purge", do_vmalloc_purge, 0, 0,
	  "vmalloc_purge",
	  "return every lazily freed vmalloc range now",
	  "purge_vmap_area_lazy(): the lazy areas go back to the free tree "
	  "and merge with their neighbours.",
	  "vmalloc_purge",
	  GRP_VMALLOC, CMD_MUTATES },
	{ "walk", do_walk, 1, 1,
	  "walk ADDR",
	  "walk the kernel page table for a virtual address",
	  "PGD, P4D (folded), PUD, PMD and PTE: the index and entry of each "
	  "level, the pfn it ends at and what that page is.",
	  "v = vmalloc 8k; walk v",
	  GRP_INSPECT, 0 },
	{ "peek", do_peek, 1, 2,
	  "peek ADDR [LEN]",
	  "dump LEN bytes (64) of kernel memory as 8-byte words",
	  "Reads simulated RAM through the direct map or the vmalloc page "
	  "table, as the kernel would: free objects show their (hardened) "
	  "free pointers. An unmapped address is refused, not faulted.",
	  "p = kmalloc 64; kfree p; peek p",
	  GRP_INSPECT, 0 },
	{ "show", do_show, 1, 2,
	  "show cache|slab|object|page|vmalloc [ARG]",
	  "describe a cache, a slab, an object, a page or the vmalloc space",
	  "show cache CACHE: geometry, each CPU's slab and freelist, the "
	  "partial and full slabs; show slab ADDR and show object ADDR: the "
	  "slab holding ADDR and its free chain; show page PFN|ADDR; show "
	  "vmalloc [ADDR]: every area and gap, or one area.",
	  "show cache kmalloc-64",
	  GRP_INSPECT, 0 },
	{ NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, 0 },
};
// clang-format on
