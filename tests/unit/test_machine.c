// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine: presets, layout, reservations (src/mm/machine.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kmemlab/machine.h"

static struct machine *boot(const char *preset)
{
	struct machine_config cfg;
	char err[256];

	assert_int_equal(machine_preset(&cfg, preset), 0);
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	assert_non_null(m);
	return m;
}

static void test_default_layout(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct zone *dma = &m->node_data[0].node_zones[ZONE_DMA];
	struct zone *normal = &m->node_data[0].node_zones[ZONE_NORMAL];

	assert_int_equal(m->nr_pages, 32768);
	/* as a PC: pfn 0 in no zone, the legacy hole not present */
	assert_int_equal(dma->zone_start_pfn, 1);
	assert_int_equal(dma->spanned_pages, 4095);
	assert_int_equal(dma->present_pages, 3998);
	assert_int_equal(dma->managed_pages, 3840);
	assert_int_equal(normal->zone_start_pfn, 4096);
	assert_int_equal(normal->spanned_pages, 32768 - 4096);
	/* kernel image (1024 pages) and memmap (512 pages) reserved */
	assert_int_equal(normal->managed_pages, 32768 - 4096 - 1024 - 512);
	assert_false(populated_zone(&m->node_data[0].node_zones[ZONE_DMA32]));
	assert_int_equal(mm_check(m), 0);
	machine_destroy(m);
}

static void test_presets(void **state)
{
	(void)state;
	for (int i = 0; machine_preset_names[i]; i++) {
		struct machine *m = boot(machine_preset_names[i]);

		assert_int_equal(mm_check(m), 0);
		machine_destroy(m);
	}
}

static void test_bad_config(void **state)
{
	(void)state;
	struct machine_config cfg;
	char err[256];

	assert_int_equal(machine_preset(&cfg, "nonesuch"), -1);
	machine_preset(&cfg, "default");
	cfg.nr_cpus = 0;
	assert_null(machine_create(&cfg, err, sizeof(err)));
	machine_preset(&cfg, "default");
	cfg.mem_bytes = 1 << 20;
	assert_null(machine_create(&cfg, err, sizeof(err)));
}

static void test_numa_zonelist(void **state)
{
	(void)state;
	struct machine *m = boot("numa");

	/* node 1's zonelist: its own Normal first, then node 0 high->low */
	struct zone **zl = m->node_data[1].zonelist;
	assert_ptr_equal(zl[0], &m->node_data[1].node_zones[ZONE_NORMAL]);
	assert_ptr_equal(zl[1], &m->node_data[0].node_zones[ZONE_NORMAL]);
	assert_ptr_equal(zl[2], &m->node_data[0].node_zones[ZONE_DMA]);
	assert_null(zl[3]);
	assert_int_equal(m->cpu_to_node[3], 1);
	machine_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_layout),
		cmocka_unit_test(test_presets),
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_numa_zonelist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
