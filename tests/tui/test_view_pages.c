// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page map and the vmalloc view (src/ui/view_pages.c, view_vmalloc.c)
 * drawn into a fake canvas on real sessions: zone sections, the block an
 * alloc_pages made (its head, its pages, the status line), zoom and
 * cursor keys, the changed cells, the big preset fitted into the pane;
 * vmalloc areas with their pages, arrows to pfns, guard pages and lazy
 * areas; nothing drawn outside the canvas at 80x24, 120x40 and 200x60.
 * The fake canvas is the one of test_view_slub.c (no curses).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kmemlab/cmd.h"
#include "kmemlab/vmalloc.h"
#include "pagemap.h"
#include "ui.h"

#include "fake_canvas.h"

enum { PAGES, VMALLOC }; /* the fixture's views */

static struct fixture *setup(const char *preset)
{
	return fixture_setup(preset, view_pages_new, view_vmalloc_new);
}

/* --- the page map ----------------------------------------------------------
 */

static void test_pages_block(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;
	unsigned long pfn;
	char want[128];

	(void)state;
	c = draw(f->view[PAGES], 100, 30);
	expect(c, "node 0 DMA");
	expect(c, "node 0 Normal");
	expect(c, "pages a cell");
	canvas_free(c);

	run(f, "p = alloc_pages 3");
	pfn = (var(f, "p") - KM_PAGE_OFFSET) >> KM_PAGE_SHIFT;
	/* the cursor followed the new block */
	assert_int_equal(f->ui.focus.pfn, pfn);
	c = draw(f->view[PAGES], 100, 30);
	snprintf(want, sizeof(want), "pfn %#lx", pfn);
	expect(c, want);
	snprintf(want, sizeof(want), "page 0 of the order-3 block at %#lx",
		 pfn);
	expect(c, want);
	assert_int_equal(count_elem(c, EL_SELECTED) >= 1, 1);
	canvas_free(c);

	/* one page a cell: the head, its seven pages */
	for (int i = 0; i < 8; i++)
		f->view[PAGES]->ops->key(f->view[PAGES], '+');
	c = draw(f->view[PAGES], 100, 30);
	expect(c, "1 page a cell");
	expect(c, "Ppppppp");
	/* the block is what changed (the cursor is on its head) */
	assert_true(count_elem(c, EL_CHANGED) >= 7);
	canvas_free(c);

	/* right: the next page, a page of the same block */
	assert_true(f->view[PAGES]->ops->key(f->view[PAGES], UI_KEY_RIGHT) !=
		    0);
	assert_int_equal(f->ui.focus.pfn, pfn + 1);
	assert_true(f->ui.focus.have_pfn);
	c = draw(f->view[PAGES], 100, 30);
	snprintf(want, sizeof(want), "page 1 of the order-3 block at %#lx",
		 pfn);
	expect(c, want);
	canvas_free(c);

	/* freed: free (or on a pcp list) again, and no longer followed */
	run(f, "__free_pages p 3");
	assert_int_equal(f->ui.focus.pfn, pfn + 1);
	c = draw(f->view[PAGES], 100, 30);
	assert_true(find(c, "free", NULL) >= 0);
	canvas_free(c);
	teardown(f);
}

/* A slab page says whose it is; n goes to the next changed cell. */
static void test_pages_slab_and_next(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;

	(void)state;
	run(f, "a = kmalloc 64");
	c = draw(f->view[PAGES], 120, 40);
	expect(c, "slab of kmalloc-64");
	canvas_free(c);

	f->ui.focus.pfn = 1;
	f->ui.focus.have_pfn = true;
	assert_true(f->view[PAGES]->ops->key(f->view[PAGES], 'n') != 0);
	assert_true(f->ui.focus.pfn > 1);
	c = draw(f->view[PAGES], 120, 40);
	assert_true(find(c, "slab of kmalloc-64", NULL) >= 0 ||
		    find(c, "free", NULL) >= 0);
	canvas_free(c);
	teardown(f);
}

/* The big preset fits every zone of every node into the pane. */
static void test_pages_big_fits(void **state)
{
	struct fixture *f = setup("big");
	static const int sizes[][2] = {{78, 12}, {120, 30}, {200, 50}};
	struct canvas *c;

	(void)state;
	run(f, "p = kmalloc 64");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		c = draw(f->view[PAGES], sizes[i][0], sizes[i][1]);
		if (sizes[i][1] >= 30)
			expect(c, "node 3 Normal");
		expect(c, "node 0 DMA");
		canvas_free(c);
	}
	/* zoomed in all the way, it scrolls to the cursor */
	for (int i = 0; i < 30; i++)
		f->view[PAGES]->ops->key(f->view[PAGES], '+');
	f->view[PAGES]->ops->key(f->view[PAGES], UI_KEY_END);
	c = draw(f->view[PAGES], 120, 30);
	expect(c, "node 3 Normal");
	expect(c, "1 page a cell");
	expect(c, "reserved: memmap");
	canvas_free(c);
	teardown(f);
}

/* Every size draws inside its canvas, even tiny ones. */
static void test_pages_sizes(void **state)
{
	struct fixture *f = setup("default");
	static const int sizes[][2] = {{8, 1},	 {20, 3},   {40, 6},
				       {78, 10}, {118, 20}, {198, 40}};

	(void)state;
	run(f, "p = vmalloc 40k");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		canvas_free(draw(f->view[PAGES], sizes[i][0], sizes[i][1]));
		canvas_free(draw(f->view[VMALLOC], sizes[i][0], sizes[i][1]));
	}
	teardown(f);
}

/* The view's summary equals a full rescan after random commands run as
 * the TUI runs them: repeats, sources of many events, cpu switches,
 * shrinks, undo (a new machine) and commands that fail. */
static void assert_model_fresh(struct fixture *f)
{
	const struct pagemap *pm = view_pages_model(f->view[PAGES]);
	struct pagemap full;

	pagemap_init(&full);
	assert_true(pagemap_rescan(&full, f->ss->m) > 0);
	assert_int_equal(pm->nr_pages, full.nr_pages);
	for (unsigned long pfn = 0; pfn < full.nr_pages; pfn++)
		if (pm->page[pfn] != full.page[pfn])
			fail_msg("pfn %#lx: view %#x, rescan %#x", pfn,
				 pm->page[pfn], full.page[pfn]);
	assert_memory_equal(pm->chunk, full.chunk,
			    full.nr_chunks * sizeof(full.chunk[0]));
	pagemap_destroy(&full);
}

static void test_pages_random_commands(void **state)
{
	static const char *const cmds[] = {
		"a = kmalloc 64",
		"kfree a",
		"b = alloc_pages 2",
		"__free_pages b 2",
		"c = vmalloc 24k",
		"vfree c",
		"cpu 1",
		"cpu 0",
		"repeat 300 kmalloc 4096",
		"repeat 40 alloc_pages 0",
		"d = kmalloc 70000",
		"kfree d",
		"kmem_cache_create pm_t 300",
		"e = kmem_cache_alloc pm_t",
		"kmem_cache_free pm_t e",
		"kmem_cache_shrink pm_t",
		"undo",
		"undo 2",
		"kfree 0x1234",
		"vfree 0xffffc90000001000",
	};
	struct fixture *f = setup("default");
	unsigned long long x = 7;

	(void)state;
	canvas_free(draw(f->view[PAGES], 120, 40));
	for (int i = 0; i < 120; i++) {
		const struct trace *t;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		const char *line =
			cmds[(x >> 33) % (sizeof(cmds) / sizeof(cmds[0]))];

		f->events = 0;
		session_run_line(f->ss, line, "test", (unsigned long)i);
		t = f->events ? &f->ss->last : &f->empty;
		f->view[PAGES]->ops->update(f->view[PAGES], t);
		if (i % 10 == 9)
			canvas_free(draw(f->view[PAGES], 120, 40));
		assert_model_fresh(f);
	}
	teardown(f);
}

/* --- vmalloc ---------------------------------------------------------------
 */

static void test_vmalloc_area(void **state)
{
	struct fixture *f = setup("default");
	struct machine *m;
	struct vm_struct *vm;
	struct canvas *c;
	char want[64];

	(void)state;
	run(f, "v = vmalloc 20k");
	m = f->ss->m;
	vm = find_vm_area(m, var(f, "v"));
	assert_non_null(vm);
	assert_int_equal(f->ui.focus.vm_addr, var(f, "v"));
	c = draw(f->view[VMALLOC], 120, 30);
	expect(c, "pages=5");
	expect(c, "VVVVVg");
	expect(c, "guard page, unmapped");
	snprintf(want, sizeof(want), "\u2192 pfn %#lx",
		 page_to_pfn(m, vm->pages[0]));
	expect(c, want);
	assert_true(count_elem(c, EL_SELECTED) >= 1);
	expect(c, "5 pages in ");

	/* right selects page 1: the page map's cursor goes to its pfn */
	assert_true(f->view[VMALLOC]->ops->key(f->view[VMALLOC], UI_KEY_RIGHT) &
		    UI_REDRAW_ALL);
	assert_int_equal(f->ui.focus.pfn, page_to_pfn(m, vm->pages[1]));
	/* a click on page 3's row selects it */
	int col = 0, y3;

	snprintf(want, sizeof(want), "%#lx", var(f, "v") + 3 * KM_PAGE_SIZE);
	y3 = find(c, want, &col);
	assert_true(y3 >= 0);
	assert_true(f->view[VMALLOC]->ops->click(f->view[VMALLOC], y3, col) &
		    UI_REDRAW_ALL);
	assert_int_equal(f->ui.focus.pfn, page_to_pfn(m, vm->pages[3]));
	canvas_free(c);

	/* a second area, then the first one freed: lazy, not yet purged */
	run(f, "w = vmalloc 8k");
	assert_int_equal(f->ui.focus.vm_addr, var(f, "w"));
	run(f, "vfree v");
	c = draw(f->view[VMALLOC], 120, 30);
	expect(c, "lazy");
	expect(c, "1 area,");
	canvas_free(c);

	/* up/down walk the areas */
	assert_true(
		f->view[VMALLOC]->ops->key(f->view[VMALLOC], UI_KEY_UP) != 0 ||
		f->view[VMALLOC]->ops->key(f->view[VMALLOC], UI_KEY_DOWN) != 0);
	teardown(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_block),
		cmocka_unit_test(test_pages_slab_and_next),
		cmocka_unit_test(test_pages_big_fits),
		cmocka_unit_test(test_pages_sizes),
		cmocka_unit_test(test_pages_random_commands),
		cmocka_unit_test(test_vmalloc_area),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
