// SPDX-License-Identifier: GPL-2.0-only
/*
 * Property test of the buddy allocator (src/mm/buddy.c): for several
 * fixed seeds, 1,000,000 random allocations and frees of orders 0..10
 * with random GFP flags and CPUs, mm_check() every 1,000 operations;
 * then everything is freed, the pcp lists drained, and /proc/buddyinfo
 * must read exactly as it did after boot (every block merged back).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kmemlab/buddy.h"
#include "kmemlab/procfs.h"
#include "mm_test.h"

#define NR_OPS 1000000
#define CHECK_EVERY 1000
#define MAX_LIVE 4096

struct live {
	struct page *page;
	unsigned int order;
};

static char *buddyinfo(struct machine *m)
{
	struct seq_buf s;

	seq_init(&s);
	buddyinfo_show(m, &s);
	return s.buf;
}

static const gfp_t gfps[] = {
	GFP_KERNEL,
	GFP_KERNEL | __GFP_MOVABLE,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_HIGHUSER_MOVABLE,
	GFP_ATOMIC,
	GFP_KERNEL | __GFP_COMP,
	GFP_KERNEL | __GFP_DMA,
	GFP_NOWAIT,
};

/* small orders are common, large ones rare, as in a real kernel */
static unsigned int random_order(uint64_t *rng)
{
	unsigned int r = (unsigned int)(xorshift(rng) % 100);

	if (r < 50)
		return 0;
	if (r < 90)
		return 1 + (unsigned int)(xorshift(rng) % 3);
	return (unsigned int)(xorshift(rng) % 11);
}

static void run_seed(const char *preset, uint64_t seed)
{
	struct machine_config cfg;
	char err[256], report[256];

	assert_int_equal(machine_preset(&cfg, preset), 0);
	cfg.seed = seed;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	assert_non_null(m);
	char *boot_text = buddyinfo(m);
	struct live *live = calloc(MAX_LIVE, sizeof(*live));
	int nlive = 0;
	uint64_t rng = seed * 0x9e3779b97f4a7c15ULL + 1;

	for (long op = 1; op <= NR_OPS; op++) {
		uint64_t r = xorshift(&rng);

		m->cur_cpu = (int)((r >> 8) % (uint64_t)m->nr_cpus);
		if (nlive < MAX_LIVE && (nlive == 0 || (r & 1))) {
			unsigned int order = random_order(&rng);
			gfp_t gfp = gfps[(r >> 16) %
					 (sizeof(gfps) / sizeof(gfps[0]))] |
				    __GFP_NOWARN;
			struct page *p = alloc_pages(m, gfp, order);

			if (p) {
				live[nlive].page = p;
				live[nlive].order = order;
				nlive++;
			}
		} else {
			int i = (int)((r >> 24) % (uint64_t)nlive);

			assert_int_equal(
				__free_pages(m, live[i].page, live[i].order),
				0);
			live[i] = live[--nlive];
		}
		if (op % CHECK_EVERY == 0) {
			int n = mm_check_report(m, report, sizeof(report));

			if (n)
				fail_msg("seed %lu op %ld: %d errors: %s",
					 (unsigned long)seed, op, n, report);
		}
	}
	while (nlive > 0) {
		nlive--;
		assert_int_equal(
			__free_pages(m, live[nlive].page, live[nlive].order),
			0);
	}
	drain_all_pages(m, NULL);
	assert_int_equal(mm_check(m), 0);
	char *end_text = buddyinfo(m);
	assert_string_equal(boot_text, end_text);
	assert_false(m->taint_flags & TAINT_BAD_PAGE);
	free(end_text);
	free(boot_text);
	free(live);
	machine_destroy(m);
}

static void test_random_default(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 3; seed++)
		run_seed("default", seed);
}

static void test_random_numa(void **state)
{
	(void)state;
	run_seed("numa", 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_default),
		cmocka_unit_test(test_random_numa),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
