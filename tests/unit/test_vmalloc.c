// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmalloc, vmap, the vmap_area trees and the kernel page table
 * (src/mm/vmalloc.c, src/mm/pgtable.c).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mm_test.h"

#include "kmemlab/buddy.h"
#include "kmemlab/machine.h"
#include "kmemlab/procfs.h"
#include "kmemlab/vmalloc.h"

#define VS KM_VMALLOC_START
#define K 1024UL
#define PG KM_PAGE_SIZE

static struct machine *boot(const char *preset)
{
	struct machine_config cfg;

	assert_int_equal(machine_preset(&cfg, preset), 0);
	struct machine *m = boot_config(&cfg);

	snprintf(m->caller, sizeof(m->caller), "test");
	return m;
}

static void assert_ok(struct machine *m)
{
	char buf[256] = "";
	int errors = mm_check_report(m, buf, sizeof(buf));

	if (errors)
		fail_msg("mm_check: %d errors: %s", errors, buf);
}

static char *vmallocinfo(struct machine *m)
{
	struct seq_buf s;

	seq_init(&s);
	vmallocinfo_show(m, &s);
	return s.buf ? s.buf : strdup("");
}

/* Text of the free areas, "start-end start-end ...". */
struct list_ctx {
	char buf[4096];
	size_t at;
	int where;
};

static void list_one(void *ctx, const struct vmap_area *va)
{
	struct list_ctx *c = ctx;

	if (va->where == c->where && c->at < sizeof(c->buf))
		c->at += (size_t)snprintf(
			c->buf + c->at, sizeof(c->buf) - c->at, "%s%lx-%lx",
			c->at ? " " : "", va->va_start - VS, va->va_end - VS);
}

static const char *areas(struct machine *m, int where, struct list_ctx *c)
{
	memset(c, 0, sizeof(*c));
	c->where = where;
	vmalloc_for_each_area(m, list_one, c);
	return c->buf;
}

/* Lowest fit, guard pages, alignment, the four va_clip cases. */
static void test_addresses(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct list_ctx c;

	assert_int_equal(vmalloc_end(m), 0xffffc9003fffffffUL);
	/* 4 pages + guard: LE fit at the start of the range */
	assert_int_equal(vmalloc(m, 16 * K), VS);
	/* 100 bytes -> 1 page + guard */
	assert_int_equal(vmalloc(m, 100), VS + 0x5000);
	/* 64 KiB alignment: the next 64 KiB boundary, NE split */
	assert_int_equal(__vmalloc_node_range(m, PG, 0x10000, VS,
					      vmalloc_end(m), GFP_KERNEL, 0,
					      NUMA_NO_NODE),
			 VS + 0x10000);
	assert_string_equal(areas(m, VA_FREE, &c), "7000-10000 12000-40000000");
	/* lowest fit takes the hole below: LE again */
	assert_int_equal(vmalloc(m, 4 * K), VS + 0x7000);
	/* 7 pages + guard do not fit the 7-page hole: after the last */
	assert_int_equal(vmalloc(m, 28 * K), VS + 0x12000);
	/* 6 pages + guard fill the hole exactly: FL */
	assert_int_equal(vmalloc(m, 24 * K), VS + 0x9000);
	assert_string_equal(areas(m, VA_FREE, &c), "1a000-40000000");
	/* a range restricted at both ends: RE fit at its top */
	assert_int_equal(__vmalloc_node_range(m, PG, PG, VS + 0x30000,
					      VS + 0x32000, GFP_KERNEL, 0,
					      NUMA_NO_NODE),
			 VS + 0x30000);
	assert_string_equal(areas(m, VA_FREE, &c),
			    "1a000-30000 32000-40000000");
	assert_ok(m);
	check_and_destroy(m);
}

/* A vfree'd area is unmapped at once but reusable only after a purge;
 * with 2 vmap nodes a purged small area goes to its node's pool. */
static void test_reuse_after_purge(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct list_ctx c;
	unsigned long a = vmalloc(m, 8 * K);
	unsigned long b = vmalloc(m, 8 * K);
	unsigned long d = vmalloc(m, 8 * K);

	assert_int_equal(a, VS);
	assert_int_equal(b, VS + 0x3000);
	assert_int_equal(d, VS + 0x6000);
	assert_int_equal(vfree(m, b), 0);
	assert_int_equal(vmap_lazy_nr(m), 3);
	assert_null(vmalloc_host_ptr(m, b));
	assert_string_equal(areas(m, VA_LAZY, &c), "3000-6000");
	/* not reusable yet */
	assert_int_equal(vmalloc(m, 8 * K), VS + 0x9000);
	assert_ok(m);

	vmalloc_purge(m);
	assert_int_equal(vmap_lazy_nr(m), 0);
	assert_string_equal(areas(m, VA_POOL, &c), "3000-6000");
	/* CPU 1 uses node 1's pool (empty): lowest fit in the free tree */
	m->cur_cpu = 1;
	assert_int_equal(vmalloc(m, 8 * K), VS + 0xc000);
	/* CPU 0 takes the pooled area back */
	m->cur_cpu = 0;
	assert_int_equal(vmalloc(m, 8 * K), b);
	assert_string_equal(areas(m, VA_POOL, &c), "");
	assert_ok(m);
	check_and_destroy(m);
}

/* Freed areas merge with both neighbours in the free tree. */
static void test_merge(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct list_ctx c;
	/* 300 pages + guard: larger than any pool, straight to the tree */
	unsigned long a = vmalloc(m, 300 * PG);
	unsigned long b = vmalloc(m, 300 * PG);
	unsigned long d = vmalloc(m, 300 * PG);

	assert_int_equal(b, a + 301 * PG);
	assert_int_equal(d, b + 301 * PG);
	vfree(m, b);
	vmalloc_purge(m);
	assert_string_equal(areas(m, VA_FREE, &c),
			    "12d000-25a000 387000-40000000");
	vfree(m, d);
	vmalloc_purge(m);
	assert_string_equal(areas(m, VA_FREE, &c), "12d000-40000000");
	vfree(m, a);
	vmalloc_purge(m);
	vmalloc_purge(m);
	assert_string_equal(areas(m, VA_FREE, &c), "0-40000000");
	assert_int_equal(m->vmalloc->free.nr, 1);
	assert_int_equal(vmalloc_nr_pages(m), 0);
	check_and_destroy(m);
}

/* Writes through the vmalloc address land in each backing page, as the
 * direct map shows them, and the other way round. */
static void test_write_through(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	unsigned long v = vmalloc(m, 8 * PG);

	assert_int_not_equal(v, 0);
	for (int i = 0; i < 8; i++) {
		unsigned char *p =
			vmalloc_host_ptr(m, v + (unsigned long)i * PG);
		struct page *page =
			vmalloc_to_page(m, v + (unsigned long)i * PG);

		assert_non_null(p);
		assert_non_null(page);
		assert_true(PageFlag(page, PG_vmalloc));
		assert_int_equal(page->owner, OWNER_VMALLOC);
		assert_int_equal(page->vm_index, i);
		assert_ptr_equal(page->vm_area, find_vm_area(m, v));
		memset(p, 0xa0 + i, PG);
		unsigned char *d = km_ptr(m, page_address(m, page));

		assert_int_equal(d[0], 0xa0 + i);
		assert_int_equal(d[PG - 1], 0xa0 + i);
		d[100] = 0x5a;
		assert_int_equal(p[100], 0x5a);
		assert_int_equal(
			vmalloc_to_pfn(m, v + (unsigned long)i * PG + 7),
			page_to_pfn(m, page));
	}
	/* the kernel-side objects: the vm_struct (kmalloc-96) and the page
	 * array (kmalloc-64) hold what the kernel's would */
	struct vm_struct *vm = find_vm_area(m, v);
	uint64_t *k = km_ptr(m, vm->kaddr);
	uint64_t *arr = km_ptr(m, vm->pages_ka);

	assert_int_equal(k[1], v);
	assert_int_equal(k[2], 9 * PG);
	assert_int_equal(k[3], VM_ALLOC);
	assert_int_equal(k[4], vm->pages_ka);
	assert_int_equal(((uint32_t *)k)[11], 8);
	for (int i = 0; i < 8; i++)
		assert_int_equal(arr[i], page_vmemmap_addr(m, vm->pages[i]));
	/* the guard page is not mapped */
	assert_null(vmalloc_host_ptr(m, v + 8 * PG));
	assert_false(kernel_addr_mapped(m, v + 8 * PG - 4, 8));
	assert_true(kernel_addr_mapped(m, v, 8 * PG));
	assert_true(is_vmalloc_addr(m, v));
	assert_false(is_vmalloc_addr(m, KM_PAGE_OFFSET));
	check_and_destroy(m);
}

/* vzalloc gets zeroed pages even when they were dirty before. */
static void test_vzalloc(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	unsigned long v = vmalloc(m, 4 * PG);

	memset(vmalloc_host_ptr(m, v), 0xff, PG);
	vfree(m, v);
	v = vzalloc(m, 4 * PG);
	for (unsigned long i = 0; i < 4; i++) {
		unsigned char *p = vmalloc_host_ptr(m, v + i * PG);

		for (unsigned long j = 0; j < PG; j++)
			if (p[j])
				fail_msg("byte %lu of page %lu is %#x", j, i,
					 p[j]);
	}
	check_and_destroy(m);
}

static char *walk(struct machine *m, unsigned long addr, int *ret)
{
	struct seq_buf s;

	seq_init(&s);
	*ret = pgtable_walk(m, addr, &s);
	return s.buf;
}

static void test_walk(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	unsigned long v = vmalloc(m, 2 * PG);
	unsigned long pfn = vmalloc_to_pfn(m, v + PG);
	char want[256], *w;
	int ret;

	/* direct map: 2 MiB leaf above the first 2 MiB */
	w = walk(m, KM_PAGE_OFFSET + 0x5000123, &ret);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(w, "PGD[273] "));
	assert_non_null(strstr(w, "PMD[ 40] 0x80000000050001e3 P RW A D PSE G "
				  "NX -> 2M page\n"));
	assert_non_null(strstr(w, "phys 0x0000000005000123 pfn 0x5000"));
	free(w);
	/* the first 2 MiB: 4k PTEs */
	w = walk(m, KM_PAGE_OFFSET + 0x1000, &ret);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(w, "PTE[  1] 0x8000000000001163 P RW A D G NX "
				  "-> 4k page\n"));
	free(w);
	/* vmalloc: PGD 402 -> PUD -> PMD -> PTE */
	w = walk(m, v + PG + 5, &ret);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(w, "walk 0xffffc90000001005: PGD 402, PUD 0, "
				  "PMD 0, PTE 1, offset 0x5\n"));
	snprintf(want, sizeof(want),
		 "PTE[  1] 0x%016lx P RW A D G NX -> 4k page\n",
		 0x8000000000000163UL | (pfn << 12));
	assert_non_null(strstr(w, want));
	snprintf(want, sizeof(want),
		 "pfn %#lx: vmalloc page 1 of the area at 0xffffc90000000000\n",
		 pfn);
	assert_non_null(strstr(w, want));
	free(w);
	/* the guard page */
	w = walk(m, v + 2 * PG, &ret);
	assert_int_equal(ret, -EFAULT);
	assert_non_null(strstr(w, "PTE[  2] 0x0000000000000000  not present "
				  "-> page fault\nguard page of the area "
				  "0xffffc90000000000-0xffffc90000003000\n"));
	free(w);
	/* free vmalloc space: no PMD table this far up */
	w = walk(m, VS + (1UL << 30) - PG, &ret);
	assert_int_equal(ret, -EFAULT);
	assert_non_null(strstr(w, "not present -> page fault\nfree vmalloc "
				  "space: no area here\n"));
	free(w);
	/* non-canonical */
	w = walk(m, 0x0000900000000000UL, &ret);
	assert_int_equal(ret, -EFAULT);
	assert_non_null(strstr(w, "not canonical"));
	free(w);
	/* beyond RAM in the direct map */
	w = walk(m, KM_PAGE_OFFSET + (1UL << 30), &ret);
	assert_int_equal(ret, -EFAULT);
	free(w);
	check_and_destroy(m);
}

/* vmap_lazy_nr grows by each freed area (guard included) until it
 * exceeds lazy_max_pages() = fls(2) * 8192 = 16384: then all is purged. */
static void test_lazy_threshold(void **state)
{
	(void)state;
	struct machine *m = boot("default");

	assert_int_equal(lazy_max_pages(m), 16384);
	/* 255 pages + guard = 256 pages of lazy space each; the page array
	 * (2040 bytes) is host-side, kmalloc'd in the kernel */
	for (int i = 0; i < 64; i++) {
		unsigned long v = vmalloc(m, 255 * PG);

		assert_int_equal(v, VS + (unsigned long)i * 256 * PG);
		vfree(m, v);
	}
	assert_int_equal(vmap_lazy_nr(m), 16384);
	assert_int_equal(m->vmalloc->nr_purges, 0);
	assert_ok(m);
	vfree(m, vmalloc(m, 255 * PG));
	assert_int_equal(vmap_lazy_nr(m), 0);
	assert_int_equal(m->vmalloc->nr_purges, 1);
	assert_ok(m);
	check_and_destroy(m);
}

static void test_vmallocinfo(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	char *info;

	snprintf(m->caller, sizeof(m->caller), "repl:3");
	unsigned long a = vmalloc(m, 16 * K);
	snprintf(m->caller, sizeof(m->caller), "repl:4");
	unsigned long b = vmalloc(m, 600 * PG); /* 4800-byte page array */
	snprintf(m->caller, sizeof(m->caller), "repl:5");
	unsigned long u = vmalloc_user(m, PG);

	assert_int_equal(a, VS);
	assert_int_equal(b, VS + 0x5000);
	info = vmallocinfo(m);
	/* node 0 owns the 16-page slices 0, 2, 4 ..., node 1 the others */
	/* node 0 owns the 16-page slices 0, 2, 4 ..., node 1 the odd ones:
	 * the page array's area (slice 0x25) is listed last */
	assert_string_equal(
		info,
		"0xffffc90000000000-0xffffc90000005000   20480 repl:3 pages=4 "
		"vmalloc N0=4\n"
		"0xffffc90000005000-0xffffc9000025e000 2461696 repl:4 "
		"pages=600 vmalloc vpages N0=600\n"
		"0xffffc90000261000-0xffffc90000263000    8192 repl:5 pages=1 "
		"vmalloc user N0=1\n"
		"0xffffc9000025e000-0xffffc90000261000   12288 repl:4 pages=2 "
		"vmalloc N0=2\n");
	free(info);
	assert_int_equal(u, VS + 0x261000);
	vfree(m, a);
	info = vmallocinfo(m);
	assert_non_null(strstr(info, "0xffffc90000000000-0xffffc90000005000 "
				     "  20480 unpurged vm_area\n"));
	free(info);
	assert_int_equal(vmalloc_nr_pages(m), 603);
	check_and_destroy(m);
}

static bool log_contains(struct machine *m, const char *s)
{
	return m->log && strstr(m->log, s);
}

static void test_errors(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	unsigned long v = vmalloc(m, 2 * PG);
	char *before = vmallocinfo(m), *after;

	/* a learner's bad vfree: WARN, nothing changes */
	assert_int_equal(vfree(m, v + 8), -EINVAL);
	assert_true(log_contains(m, "Trying to vfree() bad address ("));
	assert_true(log_contains(m,
				 "WARNING: CPU: 0 PID: 1 at mm/vmalloc.c:3291 "
				 "remove_vm_area"));
	/* then vfree() finds no vm_struct: its own WARN follows */
	assert_true(log_contains(m, "Trying to vfree() nonexistent vm area ("));
	assert_true(log_contains(m,
				 "WARNING: CPU: 0 PID: 1 at mm/vmalloc.c:3426 "
				 "vfree"));
	assert_int_equal(vfree(m, VS + 0x100000), -EINVAL);
	assert_true(log_contains(m, "Trying to vfree() nonexistent vm area ("));
	assert_int_equal(vfree(m, KM_PAGE_OFFSET + 0x200000), -EINVAL);
	assert_int_equal(vfree(m, 0), 0);
	after = vmallocinfo(m);
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_ok(m);

	/* size 0: NULL with a WARN */
	assert_int_equal(vmalloc(m, 0), 0);
	assert_true(log_contains(
		m, "mm/vmalloc.c:3838 __vmalloc_node_range_noprof"));
	/* more than RAM */
	assert_int_equal(vmalloc(m, 1UL << 30), 0);
	assert_true(
		log_contains(m, "vmalloc error: size 1073741824, exceeds total "
				"pages"));
	/* no room in a restricted range */
	assert_int_equal(__vmalloc_node_range(m, 4 * PG, 1, VS, VS + 0x4000,
					      GFP_KERNEL, 0, NUMA_NO_NODE),
			 0);
	assert_true(log_contains(m, "vmalloc_node_range for size 20480 failed: "
				    "Address range restricted to "
				    "0xffffc90000000000 - 0xffffc90000004000"));
	assert_true(log_contains(m,
				 "vmalloc error: size 16384, vm_struct "
				 "allocation failed, mode:0xcc0(GFP_KERNEL)"));
	assert_ok(m);

	/* the third page fails: roll back as the kernel does */
	unsigned long free_before = 0, free_after = 0;
	struct zone *zone;

	/* once first, so that the kmalloc caches for the vm_struct and the
	 * page array have slabs: only the vmalloc pages are counted */
	vfree(m, vmalloc(m, 8 * PG));
	vmalloc_purge(m);
	drain_all_pages(m, NULL);
	for_each_populated_zone (m, zone)
		free_before += zone_free_pages_with_pcp(m, zone);
	m->fail_after = 3;
	assert_int_equal(vmalloc(m, 8 * PG), 0);
	assert_true(log_contains(m,
				 "vmalloc error: size 8192, failed to allocate "
				 "pages"));
	drain_all_pages(m, NULL);
	for_each_populated_zone (m, zone)
		free_after += zone_free_pages_with_pcp(m, zone);
	assert_int_equal(free_before, free_after);
	assert_int_equal(vmalloc_nr_pages(m), 2);
	/* the area waits on the lazy list like any vfree'd one */
	before = vmallocinfo(m);
	assert_non_null(strstr(before, "unpurged vm_area"));
	free(before);
	check_and_destroy(m);
}

static void test_vmap(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct page *pages[4];
	char *info;

	for (int i = 0; i < 4; i++) {
		/* every other page: vmap makes them contiguous */
		pages[i] = alloc_pages(m, GFP_KERNEL, 1);
		assert_non_null(pages[i]);
	}
	unsigned long v = vmap(m, pages, 4, VM_MAP);

	assert_int_equal(v, VS);
	for (int i = 0; i < 4; i++) {
		unsigned char *p =
			vmalloc_host_ptr(m, v + (unsigned long)i * PG);

		p[0] = (unsigned char)(0x10 + i);
		assert_int_equal(
			*(unsigned char *)km_ptr(m, page_address(m, pages[i])),
			0x10 + i);
	}
	info = vmallocinfo(m);
	assert_string_equal(info, "0xffffc90000000000-0xffffc90000005000   "
				  "20480 test vmap\n");
	free(info);
	assert_ok(m);
	assert_int_equal(vunmap(m, v), 0);
	assert_null(vmalloc_host_ptr(m, v));
	/* the pages are still the caller's, with their contents */
	assert_int_equal(*(unsigned char *)km_ptr(m, page_address(m, pages[3])),
			 0x13);
	assert_int_equal(vunmap(m, v), -EINVAL);
	assert_true(log_contains(m, "Trying to vunmap() nonexistent vm area"));
	for (int i = 0; i < 4; i++)
		assert_int_equal(__free_pages(m, pages[i], 1), 0);
	assert_ok(m);

	/* vunmap of a vmalloc'd area: the kernel frees only the vm_struct,
	 * the pages leak (still counted in VmallocUsed) */
	v = vmalloc(m, 2 * PG);
	struct page *leak = vmalloc_to_page(m, v);

	assert_int_equal(vunmap(m, v), 0);
	assert_int_equal(vmalloc_nr_pages(m), 2);
	assert_true(PageFlag(leak, PG_vmalloc));
	assert_null(leak->vm_area);
	check_and_destroy(m);
}

static unsigned long meminfo_kb(struct machine *m, const char *key)
{
	struct seq_buf s;
	unsigned long v = ~0UL;

	seq_init(&s);
	meminfo_show(m, &s);
	char *p = strstr(s.buf, key);

	if (p)
		v = strtoul(p + strlen(key), NULL, 10);
	seq_free(&s);
	return v;
}

/* /proc/meminfo: VmallocUsed, PageTables (PUD+PMD only) and DirectMap. */
static void test_meminfo(void **state)
{
	(void)state;
	struct machine *m = boot("default");

	assert_int_equal(meminfo_kb(m, "DirectMap4k:"), 2048);
	assert_int_equal(meminfo_kb(m, "DirectMap2M:"), 126 * 1024);
	assert_int_equal(meminfo_kb(m, "PageTables:"), 0);
	unsigned long v = vmalloc(m, 10 * PG);

	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 40);
	/* a PUD and a PMD page: 8 kB; the PTE page is not counted */
	assert_int_equal(meminfo_kb(m, "PageTables:"), 8);
	assert_int_equal(pgtable_nr_table_pages(m), 4 + 3);
	vfree(m, v);
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 0);
	assert_int_equal(meminfo_kb(m, "PageTables:"), 8);
	check_and_destroy(m);

	m = boot("x86_64");
	assert_int_equal(meminfo_kb(m, "DirectMap4k:"), 2048);
	assert_int_equal(meminfo_kb(m, "DirectMap2M:"), 1022 * 1024);
	assert_int_equal(meminfo_kb(m, "DirectMap1G:"), 7 * 1024 * 1024);
	check_and_destroy(m);
}

/* A request that finds no room purges the lazy areas and retries
 * (reclaim_and_purge_vmap_areas, full pool decay). */
static void test_purge_on_miss(void **state)
{
	(void)state;
	struct machine_config cfg;
	char err[256];
	struct machine *m;

	machine_preset(&cfg, "default");
	cfg.vmalloc_size = 2UL << 20; /* 512 pages, the last one unusable */
	m = machine_create(&cfg, err, sizeof(err));
	assert_non_null(m);
	unsigned long a = vmalloc(m, 100 * PG);

	assert_int_equal(a, VS);
	vfree(m, a);
	vmalloc_purge(m); /* a (101 pages) goes to node 0's pool */
	assert_int_equal(m->vmalloc->nr_purges, 1);
	a = vmalloc(m, 200 * PG);
	assert_int_equal(a, VS + 101 * PG);
	vfree(m, a);
	/* 400 + 1 pages: only after the lazy area and the pool are back */
	a = vmalloc(m, 400 * PG);
	assert_int_equal(a, VS);
	assert_int_equal(m->vmalloc->nr_purges, 2);
	assert_int_equal(vmap_lazy_nr(m), 0);
	/* and now there is really no room */
	assert_int_equal(vmalloc(m, 200 * PG), 0);
	assert_true(log_contains(m,
				 "vmalloc_node_range for size 823296 failed: "
				 "Address range restricted to "
				 "0xffffc90000000000 - 0xffffc900001fffff"));
	check_and_destroy(m);
}

/* A small deterministic generator for the property tests. */
static uint64_t prng(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * Learners' mistakes at random: vfree and vunmap of any address in or
 * near the range (guard pages, lazy, pooled and free areas, interiors,
 * unaligned), mixed with real allocations. The state stays consistent.
 */
static void test_random_mistakes(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	uint64_t x = 777;
	unsigned long live[32];
	int nlive = 0;

	for (int op = 0; op < 3000; op++) {
		uint64_t r = prng(&x);
		unsigned long addr = VS + (r >> 16) % (4UL << 20);

		switch (r % 6) {
		case 0:
		case 1:
			if (nlive < 32) {
				unsigned long v =
					vmalloc(m, (1 + (r >> 8) % 40) * PG);

				assert_int_not_equal(v, 0);
				live[nlive++] = v;
			}
			break;
		case 2:
			if (nlive) {
				int k = (int)((r >> 8) % (uint64_t)nlive);

				/* an interior page frees the whole area, as
				 * in the kernel; then it is no longer live */
				vfree(m, live[k] + ((r >> 40) % 2) * PG);
				live[k] = live[--nlive];
			}
			break;
		case 3:
			if (find_vmap_area(m, addr & KM_PAGE_MASK))
				break; /* would free a live one */
			assert_int_equal(vfree(m, addr), -EINVAL);
			break;
		case 4:
			if (find_vmap_area(m, addr & KM_PAGE_MASK))
				break;
			assert_int_equal(vunmap(m, addr), -EINVAL);
			break;
		case 5:
			if ((r >> 8) % 8 == 0)
				vmalloc_purge(m);
			break;
		}
		if (op % 100 == 0)
			assert_ok(m);
	}
	assert_ok(m);
	check_and_destroy(m);
}

/* The checker finds corruption (as slub_kunit does it: corrupt, check,
 * expect errors, repair). */
static void test_check_catches_corruption(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	unsigned long v = vmalloc(m, 2 * PG);
	struct vmap_area *top =
		container_of(m->vmalloc->free.root, struct vmap_area, rb_node);
	char buf[256];
	int ret;

	assert_ok(m);
	/* a stale subtree_max_size */
	top->subtree_max_size += PG;
	assert_true(vmalloc_check(m, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "subtree_max_size"));
	top->subtree_max_size -= PG;
	assert_ok(m);

	/* a PTE for the guard page, written into the PTE table's memory */
	char *w = walk(m, v + 2 * PG, &ret);
	char *at = strstr(w, "-> PTE table at pfn ");

	assert_non_null(at);
	unsigned long pfn =
		strtoul(at + strlen("-> PTE table at pfn "), NULL, 16);
	uint64_t *pte = km_ptr(m, KM_PAGE_OFFSET + (pfn << 12));

	free(w);
	assert_int_equal(pte[2], 0);
	pte[2] = pte[0];
	assert_true(vmalloc_check(m, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "guard page"));
	pte[2] = 0;
	assert_ok(m);
	/* a PTE pointing at the wrong page */
	uint64_t save = pte[1];

	pte[1] = pte[0];
	assert_true(vmalloc_check(m, buf, sizeof(buf)) > 0);
	pte[1] = save;
	assert_ok(m);
	check_and_destroy(m);
}

/*
 * A page of a vmalloc area freed through a stale pointer (the page a
 * caller had freed, then vmalloc reused): the kernel frees it, the area
 * still maps it. mm_check accepts that for the marked area only; vfree
 * then frees the page a second time, which the page allocator reports
 * (Bad page state) without touching the page's new state.
 */
static void test_page_freed_under_area(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	unsigned long v = vmalloc(m, PG);
	struct vm_struct *vm = find_vm_area(m, v);
	struct page *stale;

	assert_non_null(vm);
	/* what a caller still holds after freeing a page vmalloc reused */
	stale = vm->pages[0];
	assert_false(vm->flags & VM_KM_PAGE_FREED);

	assert_int_equal(__free_pages(m, stale, 0), 0); /* the stale free */
	assert_true(vm->flags & VM_KM_PAGE_FREED);
	assert_ok(m);

	size_t from = strlen(m->log);

	assert_int_equal(vfree(m, v), 0);
	assert_non_null(strstr(m->log + from, "BUG: Bad page state"));
	assert_ok(m);
	check_and_destroy(m);
}

/* The describers: every area with its guard page and pfns, the gaps. */
static void test_show(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	unsigned long a = vmalloc(m, 2 * PG), b = vmalloc(m, PG);
	struct seq_buf s;
	char want[128];

	vfree(m, b);
	seq_init(&s);
	vmalloc_show(m, &s);
	assert_non_null(strstr(s.buf, "vmalloc 0xffffc90000000000-"
				      "0xffffc9003fffffff, 2 vmap nodes, lazy "
				      "2 of 16384 pages"));
	assert_non_null(strstr(s.buf, "0xffffc90000000000-0xffffc90000003000 "
				      "     12288 busy node 0 vn_id 0 test "
				      "pages=2 vmalloc\n"));
	snprintf(want, sizeof(want), "    pfns:\n     %#lx %#lx\n",
		 vmalloc_to_pfn(m, a), vmalloc_to_pfn(m, a + PG));
	assert_non_null(strstr(s.buf, want));
	assert_non_null(strstr(s.buf, "    guard page 0xffffc90000002000 (not "
				      "mapped)\n"));
	assert_non_null(strstr(s.buf, "0xffffc90000003000-0xffffc90000005000 "
				      "      8192 lazy node 0 vn_id 0 unpurged "
				      "vm_area\n"));
	assert_non_null(strstr(s.buf, "0xffffc90000005000-0xffffc90040000000 "
				      "1073721344 free subtree_max_size "
				      "1073721344\n"));
	seq_free(&s);
	seq_init(&s);
	assert_int_equal(vmalloc_show_area(m, a + 5, &s), 0);
	assert_non_null(strstr(s.buf, "busy"));
	seq_free(&s);
	seq_init(&s);
	assert_int_equal(vmalloc_show_area(m, KM_PAGE_OFFSET, &s), -ENOENT);
	seq_free(&s);
	/* host pointers for both kinds of kernel address */
	assert_ptr_equal(kernel_addr_host_ptr(m, a + 3),
			 vmalloc_host_ptr(m, a + 3));
	assert_ptr_equal(kernel_addr_host_ptr(m, KM_PAGE_OFFSET + 0x123456),
			 km_ptr(m, KM_PAGE_OFFSET + 0x123456));
	assert_null(kernel_addr_host_ptr(m, a + 2 * PG));
	assert_null(kernel_addr_host_ptr(m, KM_VMEMMAP));
	check_and_destroy(m);
}

/* vmalloc_node on a 2-node machine: pages and counters on that node. */
static void test_numa(void **state)
{
	(void)state;
	struct machine *m = boot("numa");
	unsigned long v = vmalloc_node(m, 3 * PG, 1);
	char *info = vmallocinfo(m);

	assert_int_equal(v, VS);
	assert_string_equal(info, "0xffffc90000000000-0xffffc90000004000   "
				  "16384 test pages=3 vmalloc N1=3\n");
	free(info);
	assert_int_equal(m->node_data[1].nr_vmalloc_pages, 3);
	assert_int_equal(m->node_data[0].nr_vmalloc_pages, 0);
	/* 4 CPUs: 4 vmap nodes; lazy_max_pages = fls(4) * 8192 */
	assert_int_equal(m->vmalloc->nr_vmap_nodes, 4);
	assert_int_equal(lazy_max_pages(m), 24576);
	vfree(m, v);
	assert_int_equal(m->node_data[1].nr_vmalloc_pages, 0);
	check_and_destroy(m);
}

/* The path of a command: the EV_CALL names, in order. */
struct path_ctx {
	char names[8192];
	size_t at;
};

static void record_call(void *ctx, const struct mm_event *ev)
{
	struct path_ctx *p = ctx;

	if (ev->type == EV_CALL &&
	    p->at + strlen(ev->func) + 2 < sizeof(p->names))
		p->at += (size_t)snprintf(p->names + p->at,
					  sizeof(p->names) - p->at, "%s ",
					  ev->func);
}

static void test_kvmalloc(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct path_ctx path = {.at = 0};
	unsigned long small = kvmalloc(m, 100, GFP_KERNEL);
	unsigned long big = kvmalloc(m, 100 * K, GFP_KERNEL);

	/* kmalloc serves both: a slab object and a large kmalloc */
	assert_true(virt_addr_valid(m, small));
	assert_true(virt_addr_valid(m, big));
	assert_int_equal(kvfree(m, small), 0);
	assert_int_equal(kvfree(m, big), 0);

	/* kmalloc fails (quietly: __GFP_NOWARN) -> vmalloc */
	m->sink = record_call;
	m->sink_ctx = &path;
	m->fail_after = 1;
	big = kvzalloc(m, 100 * K, GFP_KERNEL);
	m->sink = NULL;
	assert_true(is_vmalloc_addr(m, big));
	assert_false(log_contains(m, "page allocation failure"));
	const char *k = strstr(path.names, "kvmalloc_node ");
	const char *s1 = k ? strstr(k, "__kmalloc_node ") : NULL;
	const char *v = s1 ? strstr(s1, "__vmalloc_node_range ") : NULL;

	if (!v)
		fail_msg("path: %s", path.names);
	assert_non_null(strstr(v, "alloc_vmap_area "));
	assert_non_null(strstr(v, "vmap_pages_range "));
	/* 25 pages + guard */
	struct vm_struct *vm = find_vm_area(m, big);

	assert_non_null(vm);
	assert_int_equal(vm->nr_pages, 25);
	assert_true(vm->flags & VM_ALLOW_HUGE_VMAP);
	assert_int_equal(((unsigned char *)vmalloc_host_ptr(m, big))[5], 0);
	assert_int_equal(kvfree(m, big), 0);
	assert_int_equal(vmap_lazy_nr(m), 26);

	/* an atomic caller gets no vmalloc fallback */
	m->fail_after = 1;
	assert_int_equal(kvmalloc(m, 100 * K, GFP_ATOMIC), 0);
	m->fail_after = 0;
	check_and_destroy(m);
}

/* subtree_max_size recomputed from scratch, compared with the stored */
static unsigned long brute_max(const struct km_rb_node *n, int *bad)
{
	const struct vmap_area *va;
	unsigned long l, r, v;

	if (!n)
		return 0;
	va = container_of(n, struct vmap_area, rb_node);
	l = brute_max(n->left, bad);
	r = brute_max(n->right, bad);
	v = va->va_end - va->va_start;
	if (l > v)
		v = l;
	if (r > v)
		v = r;
	if (v != va->subtree_max_size)
		(*bad)++;
	return v;
}

/* The lowest fit by a scan of the free list. */
static unsigned long brute_fit(struct machine *m, unsigned long size,
			       unsigned long align, unsigned long vstart,
			       unsigned long vend)
{
	struct vmap_area *va;

	list_for_each_entry (va, &m->vmalloc->free.head, list) {
		unsigned long s = va->va_start > vstart ? va->va_start : vstart;

		s = (s + align - 1) & ~(align - 1);
		if (s + size <= va->va_end && s + size <= vend)
			return s;
	}
	return vend;
}

/*
 * 100,000 random reservations and frees of 1..256 pages at the
 * vmap_area level (the tree logic of vmalloc without pages): each
 * address is the brute-force lowest fit, subtree_max_size is checked
 * against a recomputation after every operation.
 */
static void test_property_vmap_area(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	enum { MAXLIVE = 1000 };
	struct vmap_area *live[MAXLIVE];
	int nlive = 0, bad = 0;
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	unsigned long vstart = VS, vend = vmalloc_end(m) + 1;

	for (int op = 0; op < 100000; op++) {
		uint64_t r = prng(&x);

		if (nlive < MAXLIVE && (nlive == 0 || r % 100 < 52)) {
			unsigned long size = (1 + (r >> 8) % 256) * PG;
			unsigned long align = PG;

			if ((r >> 20) % 5 == 0)
				align = PG << (1 + (r >> 24) % 6);
			unsigned long want =
				brute_fit(m, size, align, vstart, vend);
			struct vmap_area *va = alloc_vmap_area(
				m, size, align, vstart, vend, NUMA_NO_NODE,
				GFP_KERNEL, 0, NULL);

			/*
			 * With a page alignment the search is exact. With a
			 * larger one the kernel prunes subtrees that cannot
			 * hold size + align - 1 (adjust_search_size), so it
			 * may pass over a block that fits by luck of its
			 * alignment: then it must still be a fit, and no lower
			 * than the first block holding size + align - 1.
			 */
			if (align > PG) {
				unsigned long sure = brute_fit(
					m, size + align - 1, PG, vstart, vend);

				if (sure == vend && !va)
					continue;
				assert_non_null(va);
				if (va->va_start < want ||
				    va->va_start > (sure + align - 1) / align *
							   align ||
				    va->va_start % align)
					fail_msg("op %d: %#lx, fits at %#lx, "
						 "surely "
						 "at %#lx",
						 op, va->va_start, want, sure);
			} else {
				if (want == vend) {
					assert_null(va);
					continue;
				}
				assert_non_null(va);
				if (va->va_start != want)
					fail_msg("op %d: %#lx, lowest fit %#lx",
						 op, va->va_start, want);
			}
			live[nlive++] = va;
		} else {
			int i = (int)((r >> 8) % (uint64_t)nlive);

			free_vmap_area(m, live[i]);
			live[i] = live[--nlive];
		}
		brute_max(m->vmalloc->free.root, &bad);
		if (bad)
			fail_msg("op %d: subtree_max_size wrong", op);
		if (op % 20000 == 0)
			assert_ok(m);
	}
	assert_ok(m);
	while (nlive)
		free_vmap_area(m, live[--nlive]);
	assert_int_equal(m->vmalloc->free.nr, 1);
	check_and_destroy(m);
}

static unsigned long stride(unsigned long n)
{
	return n > 8 ? n / 5 : 1;
}

/*
 * Real vmalloc/vfree of 1..256 pages with data written through each
 * area and read back before it is freed; lazy purges happen on the way.
 */
static void test_property_vmalloc(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	enum { MAXLIVE = 48 };
	unsigned long live[MAXLIVE], pages[MAXLIVE];
	int nlive = 0;
	uint64_t x = 12345;

	for (int op = 0; op < 3000; op++) {
		uint64_t r = prng(&x);

		if (nlive < MAXLIVE && (nlive == 0 || r % 100 < 50)) {
			unsigned long n = 1 + (r >> 8) % 256;
			unsigned long v = vmalloc(m, n * PG);

			assert_int_not_equal(v, 0);
			/* a first touch is a host page fault: a few pages */
			for (unsigned long i = 0; i < n; i += stride(n)) {
				unsigned char *p =
					vmalloc_host_ptr(m, v + i * PG);

				p[0] = (unsigned char)(v >> 12) +
				       (unsigned char)i;
				p[PG - 1] = (unsigned char)op;
			}
			pages[nlive] = n;
			live[nlive++] = v;
		} else {
			int k = (int)((r >> 8) % (uint64_t)nlive);
			unsigned long v = live[k];

			for (unsigned long i = 0; i < pages[k];
			     i += stride(pages[k])) {
				struct page *pg =
					vmalloc_to_page(m, v + i * PG);
				unsigned char *d =
					km_ptr(m, page_address(m, pg));

				assert_int_equal(
					d[0],
					(unsigned char)((unsigned char)(v >>
									12) +
							(unsigned char)i));
			}
			assert_int_equal(vfree(m, v), 0);
			live[k] = live[nlive - 1];
			pages[k] = pages[--nlive];
		}
		if (op % 250 == 0)
			assert_ok(m);
	}
	assert_true(m->vmalloc->nr_purges > 0);
	while (nlive)
		vfree(m, live[--nlive]);
	vmalloc_purge(m);
	assert_int_equal(vmalloc_nr_pages(m), 0);
	check_and_destroy(m);
}

int main(void)
{
	/* VMALLOC_TEST=test_walk runs one case */
	if (getenv("VMALLOC_TEST"))
		cmocka_set_test_filter(getenv("VMALLOC_TEST"));
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_reuse_after_purge),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_write_through),
		cmocka_unit_test(test_vzalloc),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_lazy_threshold),
		cmocka_unit_test(test_vmallocinfo),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_vmap),
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_kvmalloc),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_check_catches_corruption),
		cmocka_unit_test(test_page_freed_under_area),
		cmocka_unit_test(test_random_mistakes),
		cmocka_unit_test(test_purge_on_miss),
		cmocka_unit_test(test_numa),
		cmocka_unit_test(test_property_vmap_area),
		cmocka_unit_test(test_property_vmalloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
