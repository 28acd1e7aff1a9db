// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy allocator (src/mm/buddy.c, twin mm/page_alloc.c): exact
 * states after splits, merges, pcp refills and drains, fallbacks, bad
 * frees, zone choice and watermarks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kmemlab/buddy.h"
#include "kmemlab/procfs.h"

static struct machine *boot(const char *preset)
{
	struct machine_config cfg;
	char err[256];

	assert_int_equal(machine_preset(&cfg, preset), 0);
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	assert_non_null(m);
	return m;
}

static void assert_checked(struct machine *m)
{
	char buf[256];
	int n = mm_check_report(m, buf, sizeof(buf));

	if (n)
		fail_msg("mm_check: %d errors, first: %s", n, buf);
}

static char *buddyinfo(struct machine *m)
{
	struct seq_buf s;

	seq_init(&s);
	buddyinfo_show(m, &s);
	return s.buf;
}

static struct zone *zone_of(struct machine *m, int nid, enum zone_type z)
{
	return &m->node_data[nid].node_zones[z];
}

/* Boot frees the largest aligned blocks, as memblock_free_all does:
 * DMA [256, 4096) = 256 (o8) + 512 (o9) + 3 x o10, like the host. */
static void test_boot_layout(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	char *bi = buddyinfo(m);

	assert_string_equal(
		bi, "Node 0, zone      DMA      0      0      0      0      0 "
		    "     0      0      0      1      1      3 \n"
		    "Node 0, zone   Normal      0      0      0      0      0 "
		    "     0      0      0      0      1     26 \n");
	free(bi);
	struct zone *dma = zone_of(m, 0, ZONE_DMA);
	assert_int_equal(dma->nr_free_pages, 3840);
	/* pageblock 0 is Unmovable (the zone starts at pfn 1) */
	assert_int_equal(m->pageblock_mt[0], MIGRATE_UNMOVABLE);
	assert_int_equal(m->pageblock_mt[1], MIGRATE_MOVABLE);
	assert_false(
		list_empty(&dma->free_area[8].free_list[MIGRATE_UNMOVABLE]));
	assert_checked(m);
	machine_destroy(m);
}

static void test_alloc_free_roundtrip(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	char *before = buddyinfo(m);
	struct page *p[64];

	for (int i = 0; i < 64; i++) {
		p[i] = alloc_pages(m, GFP_KERNEL, (unsigned int)(i % 5));
		assert_non_null(p[i]);
		assert_int_equal(p[i]->_refcount, 1);
		assert_checked(m);
	}
	for (int i = 0; i < 64; i++)
		assert_int_equal(__free_pages(m, p[i], (unsigned int)(i % 5)),
				 0);
	drain_all_pages(m, NULL);
	assert_checked(m);
	char *after = buddyinfo(m);
	assert_string_equal(before, after);
	free(before);
	free(after);
	machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot_layout),
		cmocka_unit_test(test_alloc_free_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
