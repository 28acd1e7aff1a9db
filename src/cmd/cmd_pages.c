// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page allocator commands: alloc_pages and friends (engine twin:
 * mm/page_alloc.c through include/kmemlab/buddy.h).
 *
 * What a page command returns: the page's direct-map address
 * (page_address(), 0xffff8880...), the address kernel code would write
 * into the page through, so every allocation command prints a kernel
 * address first. The struct page address (0xffffea..., what the kernel's
 * alloc_pages() returns as struct page *) and the pfn follow on the same
 * line; __free_pages takes either address.
 */
#include <stdio.h>
#include <string.h>

#include "kmemlab/buddy.h"
#include "cmd_internal.h"

#define ORDER_MAX 31 /* the engine warns above MAX_PAGE_ORDER */

static int arg_order(struct session *ss, const char *s, unsigned int *order)
{
	return cmd_arg_uint(ss, s, "ORDER", ORDER_MAX, order);
}

static int print_page(struct session *ss, struct page *page)
{
	struct machine *m = ss->m;

	if (!page) {
		out_puts(OUT(ss), "NULL\n");
		cmd_set_result(ss, 0);
		return 0;
	}
	out_printf(OUT(ss), "0x%lx pfn=0x%lx page=0x%lx\n",
		   page_address(m, page), page_to_pfn(m, page),
		   page_vmemmap_addr(m, page));
	cmd_set_result(ss, page_address(m, page));
	return 0;
}

/*
 * ADDR of __free_pages: a direct-map page address or a struct page
 * address. Checked against the model so a wrong number is an error line,
 * not a wild pointer; whether the page is allocated is the engine's
 * business (the kernel's "Bad page state").
 */
static int arg_page(struct session *ss, const char *s, struct page **page)
{
	struct machine *m = ss->m;
	unsigned long a;

	if (cmd_arg_ulong(ss, s, "ADDR", &a) < 0)
		return -1;
	if (virt_addr_valid(m, a)) {
		if (a & ~KM_PAGE_MASK)
			return cmd_error(ss,
					 "ADDR 0x%lx is not page-aligned "
					 "(expected the address alloc_pages "
					 "returned)",
					 a);
		*page = virt_to_page(m, a);
		return 0;
	}
	if (a >= KM_VMEMMAP &&
	    (a - KM_VMEMMAP) / KM_STRUCT_PAGE_SIZE < m->nr_pages) {
		if ((a - KM_VMEMMAP) % KM_STRUCT_PAGE_SIZE)
			return cmd_error(ss,
					 "ADDR 0x%lx is inside a struct page, "
					 "not at its start",
					 a);
		*page = pfn_to_page(m, (a - KM_VMEMMAP) / KM_STRUCT_PAGE_SIZE);
		return 0;
	}
	return cmd_error(ss,
			 "ADDR 0x%lx is not a page of this machine (expected a "
			 "direct-map address 0x%lx..0x%lx or a struct page "
			 "0x%lx..)",
			 a, KM_PAGE_OFFSET,
			 KM_PAGE_OFFSET + (m->nr_pages << KM_PAGE_SHIFT) - 1,
			 KM_VMEMMAP);
}

/* The engine refused a free: name what it reported. */
static int refused(struct session *ss, const char *func)
{
	for (size_t i = ss->trace.nr_ev; i-- > 0;)
		if (ss->trace.ev[i].type == EV_BUG && ss->trace.ev[i].text)
			return cmd_error(ss, "%s (see the kernel log)",
					 ss->trace.ev[i].text);
	return cmd_error(ss,
			 "the kernel refused the free (%s returned "
			 "-EINVAL; see the kernel log)",
			 func);
}

static int do_alloc_pages(struct session *ss, int argc, char **argv)
{
	unsigned int order;
	gfp_t gfp = GFP_KERNEL;

	if (arg_order(ss, argv[1], &order) < 0 ||
	    (argc > 2 && cmd_arg_gfp(ss, argv[2], &gfp) < 0))
		return -1;
	return print_page(ss, alloc_pages(ss->m, gfp, order));
}

static int do_alloc_pages_node(struct session *ss, int argc, char **argv)
{
	unsigned int order;
	gfp_t gfp = GFP_KERNEL;
	int nid;

	if (cmd_arg_nid(ss, argv[1], &nid) < 0 ||
	    arg_order(ss, argv[2], &order) < 0 ||
	    (argc > 3 && cmd_arg_gfp(ss, argv[3], &gfp) < 0))
		return -1;
	return print_page(ss, alloc_pages_node(ss->m, nid, gfp, order));
}

static int print_addr(struct session *ss, unsigned long addr)
{
	if (!addr)
		return print_page(ss, NULL);
	return print_page(ss, virt_to_page(ss->m, addr));
}

static int do_get_free_pages(struct session *ss, int argc, char **argv)
{
	unsigned int order;
	gfp_t gfp;

	(void)argc;
	if (cmd_arg_gfp(ss, argv[1], &gfp) < 0 ||
	    arg_order(ss, argv[2], &order) < 0)
		return -1;
	return print_addr(ss, __get_free_pages(ss->m, gfp, order));
}

static int do_get_zeroed_page(struct session *ss, int argc, char **argv)
{
	gfp_t gfp = GFP_KERNEL;

	if (argc > 1 && cmd_arg_gfp(ss, argv[1], &gfp) < 0)
		return -1;
	return print_addr(ss, get_zeroed_page(ss->m, gfp));
}

static int do_free_pages_struct(struct session *ss, int argc, char **argv)
{
	struct page *page = NULL;
	unsigned int order;

	(void)argc;
	if (arg_page(ss, argv[1], &page) < 0 ||
	    arg_order(ss, argv[2], &order) < 0)
		return -1;
	if (__free_pages(ss->m, page, order) < 0)
		return refused(ss, "__free_pages");
	return 0;
}

static int do_free_pages(struct session *ss, int argc, char **argv)
{
	unsigned long addr;
	unsigned int order;

	(void)argc;
	if (cmd_arg_ulong(ss, argv[1], "ADDR", &addr) < 0 ||
	    arg_order(ss, argv[2], &order) < 0)
		return -1;
	/* free_pages(0, order) does nothing, as in the kernel */
	if (addr && !virt_addr_valid(ss->m, addr))
		return cmd_error(ss,
				 "ADDR 0x%lx is not a direct-map address of "
				 "this machine (expected what __get_free_pages "
				 "returned)",
				 addr);
	if (free_pages(ss->m, addr, order) < 0)
		return refused(ss, "free_pages");
	return 0;
}

static int do_drain_all_pages(struct session *ss, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	drain_all_pages(ss->m, NULL);
	return 0;
}

// clang-format off
const struct command cmd_pages_table[] = {
	{ "alloc_pages", do_alloc_pages, 1, 2,
	  "alloc_pages ORDER [GFP]",
	  "allocate 2^ORDER contiguous pages from the buddy allocator",
	  "The page allocator's entry point: it walks the zonelist for a zone "
	  "above its watermark, takes an order-0..3 (or THP order-9) "
	  "request from this CPU's pcp list, else the smallest free block "
	  "of at least ORDER from the "
	  "zone's free_area, splitting the rest back. Prints the page's "
	  "direct-map address, pfn and struct page address.",
	  "pg = alloc_pages 3 GFP_KERNEL",
	  GRP_PAGES, CMD_MUTATES | CMD_RESULT },
	{ "alloc_pages_node", do_alloc_pages_node, 2, 3,
	  "alloc_pages_node NID ORDER [GFP]",
	  "allocate 2^ORDER pages, preferring node NID (-1: this CPU's node)",
	  "Like alloc_pages, but the zonelist starts at node NID's zones; "
	  "with __GFP_THISNODE it never leaves that node.",
	  "pg = alloc_pages_node 0 2",
	  GRP_PAGES, CMD_MUTATES | CMD_RESULT },
	{ "__get_free_pages", do_get_free_pages, 2, 2,
	  "__get_free_pages GFP ORDER",
	  "allocate 2^ORDER pages and return their address (kernel argument order)",
	  "alloc_pages followed by page_address(): what most kernel code "
	  "that wants a buffer of whole pages calls.",
	  "a = __get_free_pages GFP_KERNEL 1",
	  GRP_PAGES, CMD_MUTATES | CMD_RESULT },
	{ "get_zeroed_page", do_get_zeroed_page, 0, 1,
	  "get_zeroed_page [GFP]",
	  "allocate one page filled with zeroes",
	  "__get_free_pages(gfp | __GFP_ZERO, 0).",
	  "z = get_zeroed_page",
	  GRP_PAGES, CMD_MUTATES | CMD_RESULT },
	{ "__free_pages", do_free_pages_struct, 2, 2,
	  "__free_pages ADDR ORDER",
	  "free 2^ORDER pages (ADDR: the page's address or its struct page)",
	  "Drops a reference; at zero an order-0..3 or order-9 block goes "
	  "to this CPU's pcp list, a larger one straight to "
	  "__free_one_page, which merges "
	  "it with its free buddy as long as it can. A page that is not "
	  "allocated, or the wrong ORDER, is the kernel's \"Bad page state\".",
	  "pg = alloc_pages 3; __free_pages pg 3",
	  GRP_PAGES, CMD_MUTATES },
	{ "free_pages", do_free_pages, 2, 2,
	  "free_pages ADDR ORDER",
	  "free pages by their direct-map address (0 does nothing)",
	  "The counterpart of __get_free_pages: virt_to_page(ADDR), then "
	  "__free_pages.",
	  "a = __get_free_pages GFP_KERNEL 1; free_pages a 1",
	  GRP_PAGES, CMD_MUTATES },
	{ "drain_all_pages", do_drain_all_pages, 0, 0,
	  "drain_all_pages",
	  "return every CPU's pcp pages to the buddy free lists",
	  "Empties the per-CPU page lists of every zone through "
	  "free_pcppages_bulk, so /proc/buddyinfo shows every free page.",
	  "drain_all_pages",
	  GRP_PAGES, CMD_MUTATES },
	{ NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, 0 },
};
// clang-format on
