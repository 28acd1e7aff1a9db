// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SLUB and buddy views (src/ui/view_slub.c, view_buddy.c) drawn into
 * a fake canvas, a grid of cells with their semantic element, on a real
 * session: what a person would read (the cache, the freelist count going
 * down after a kmalloc, the freed object at the head of the chain, the
 * orders a split changed) at 80x24, 120x40 and 200x60, and that nothing
 * is ever drawn outside the canvas. A free pointer overwritten in
 * simulated RAM must be drawn as corrupt, not followed.
 *
 * No curses: the fake canvas below implements the cv_* seam of ui.h.
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
#include "kmemlab/cmd.h"
#include "kmemlab/slab.h"
#include "ui.h"

#include "fake_canvas.h"

enum { SLUB, BUDDY }; /* the fixture's views */

static struct fixture *setup(const char *preset)
{
	return fixture_setup(preset, view_slub_new, view_buddy_new);
}

/* --- SLUB ------------------------------------------------------------------
 */

static void test_slub_freelist_count(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;

	(void)state;
	run(f, "a = kmalloc 64");
	c = draw(f->view[SLUB], 120, 40);
	assert_true(find(c, "kmalloc-64", NULL) >= 0);
	assert_true(find(c, "freelist 63", NULL) >= 0);
	assert_true(find(c, "node 0 kmem_cache_node", NULL) >= 0);
	assert_true(find(c, "kernel keeps it only", NULL) >= 0);
	canvas_free(c);

	run(f, "b = kmalloc 64");
	c = draw(f->view[SLUB], 120, 40);
	assert_true(find(c, "freelist 62", NULL) >= 0);
	/* b was allocated by the last command, a before: one changed cell,
	 * one plain in-use cell */
	assert_true(count_elem(c, EL_INUSE) >= 1);
	assert_true(count_elem(c, EL_CHANGED) >= 1);
	canvas_free(c);

	/* 12 lines (the SLUB pane of an 80x24 terminal): a line per CPU,
	 * and the grid keeps the freelist positions */
	c = draw(f->view[SLUB], 78, 12);
	assert_true(find(c, " cpu 0* slab ", NULL) >= 0);
	assert_true(find(c, "freelist 62", NULL) >= 0);
	assert_true(find(c, "n-th on its freelist", NULL) >= 0);
	canvas_free(c);
	teardown(f);
}

/* kfree pushes the object at the head of c->freelist (LIFO fast path):
 * the chain's first entry is its index, and its cell says #0. */
static void test_slub_kfree_head(void **state)
{
	struct fixture *f = setup("default");
	struct kmem_cache *s;
	struct page *slab;
	char want[64];
	struct canvas *c;
	long idx;

	(void)state;
	run(f, "a = kmalloc 64");
	run(f, "b = kmalloc 64");
	run(f, "kfree a");
	s = kmem_cache_find_by_name(f->ss->m, "kmalloc-64");
	slab = virt_to_slab(f->ss->m, var(f, "a"));
	assert_non_null(slab);
	idx = (long)((var(f, "a") - slab_address(f->ss->m, slab)) / s->size);
	c = draw(f->view[SLUB], 120, 40);
	snprintf(want, sizeof(want), "freelist 63 \u2192%ld:%04lx", idx,
		 var(f, "a") & 0xffff);
	if (find(c, want, NULL) < 0)
		dump(c);
	assert_true(find(c, want, NULL) >= 0);
	canvas_free(c);

	/* the object cursor on a: its line tells where it is */
	f->ui.focus.object = var(f, "a");
	c = draw(f->view[SLUB], 120, 40);
	assert_true(find(c, "free #0 on c->freelist", NULL) >= 0);
	canvas_free(c);
	teardown(f);
}

/* A free from another CPU goes to slab->freelist of cpu 0's slab: with
 * CPU 1 current (and slabless) the grid still shows that slab, and says
 * which chain the freed object waits on. */
static void test_slub_remote_free(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;

	(void)state;
	run(f, "a = kmalloc 64");
	run(f, "b = kmalloc 64");
	run(f, "cpu 1");
	run(f, "kfree a");
	c = draw(f->view[SLUB], 120, 40);
	assert_true(find(c, "cpu slab of cpu 0", NULL) >= 0);
	assert_true(find(c, "on slab->freelist", NULL) >= 0);
	canvas_free(c);
	f->ui.focus.object = var(f, "a");
	c = draw(f->view[SLUB], 120, 40);
	assert_true(find(c, "free #0 on slab->freelist", NULL) >= 0);
	canvas_free(c);
	teardown(f);
}

/* The view follows the cache that served the last allocation; the
 * arrow keys cycle the caches that have slabs. */
static void test_slub_focus_and_keys(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;

	(void)state;
	run(f, "a = kmalloc 64");
	run(f, "b = kmalloc 200");
	assert_string_equal(f->ui.focus.cache, "kmalloc-256");
	c = draw(f->view[SLUB], 120, 40);
	assert_int_equal(find(c, "kmalloc-256", NULL), 0);
	canvas_free(c);

	f->view[SLUB]->ops->key(f->view[SLUB], UI_KEY_RIGHT);
	assert_string_not_equal(f->ui.focus.cache, "kmalloc-256");
	f->view[SLUB]->ops->key(f->view[SLUB], UI_KEY_LEFT);
	assert_string_equal(f->ui.focus.cache, "kmalloc-256");

	/* a new cache is the one to show, not kmem_cache where its struct
	 * was allocated; once destroyed, back to kmalloc-64 */
	run(f, "kmem_cache_create foo 100");
	assert_string_equal(f->ui.focus.cache, "foo");
	run(f, "kmem_cache_destroy foo");
	c = draw(f->view[SLUB], 120, 40);
	assert_int_equal(find(c, "kmalloc-64", NULL), 0);
	canvas_free(c);

	/* 'c' puts a CPU's box first */
	f->view[SLUB]->ops->key(f->view[SLUB], 'c');
	f->view[SLUB]->ops->key(f->view[SLUB], 'c');
	assert_int_equal(f->ui.focus.cpu, 1);
	c = draw(f->view[SLUB], 120, 40);
	assert_true(find(c, "cpu 1 kmem_cache_cpu", NULL) == 2);
	canvas_free(c);

	/* scrolling never goes past the content */
	for (int i = 0; i < 200; i++)
		f->view[SLUB]->ops->key(f->view[SLUB], UI_KEY_DOWN);
	c = draw(f->view[SLUB], 80, 10);
	assert_true(f->view[SLUB]->scroll >= 0);
	canvas_free(c);
	teardown(f);
}

/* Partial slabs are clickable: a click selects the slab, and the grid
 * then draws that slab. */
static void test_slub_click_partial(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;
	int y, x;

	(void)state;
	/* fill two slabs, free one object of the first: a cpu partial or
	 * node partial slab */
	run(f, "repeat 64 kmalloc 512");
	run(f, "x = kmalloc 512");
	run(f, "repeat 40 kmalloc 512");
	run(f, "kfree x");
	c = draw(f->view[SLUB], 120, 40);
	y = find(c, "partial 1/", &x);
	if (y < 0)
		y = find(c, "partial 1:", &x);
	if (y < 0)
		dump(c);
	assert_true(y >= 0);
	canvas_free(c);
	/* the entry follows "partial 1/N:" */
	c = draw(f->view[SLUB], 120, 40);
	const char *r = row(c, y);
	const char *e = strstr(r, "\u2026");

	assert_non_null(e);
	int col = 0;

	for (const char *p = r; p < e; p++)
		col += ((unsigned char)*p & 0xc0) != 0x80;
	canvas_free(c);
	assert_true(f->view[SLUB]->ops->click(f->view[SLUB], y, col + 1) &
		    UI_REDRAW_ALL);
	assert_int_equal(
		f->ui.focus.slab,
		slab_address(f->ss->m, virt_to_slab(f->ss->m, var(f, "x"))));
	/* the page map follows */
	assert_true(f->ui.focus.have_pfn);
	assert_int_equal(f->ui.focus.pfn,
			 (f->ui.focus.slab - KM_PAGE_OFFSET) >> KM_PAGE_SHIFT);
	c = draw(f->view[SLUB], 120, 40);
	char want[64];

	snprintf(want, sizeof(want), "struct slab %#lx", f->ui.focus.slab);
	assert_true(find(c, want, NULL) >= 0);
	canvas_free(c);
	teardown(f);
}

/* A free pointer overwritten in simulated RAM: the chain stops at it,
 * marked, and nothing is read outside the slab. */
static void test_slub_corrupt_chain(void **state)
{
	struct fixture *f = setup("default");
	struct kmem_cache *s;
	unsigned long head;
	unsigned char saved[8];
	struct canvas *c;

	(void)state;
	run(f, "a = kmalloc 64");
	s = kmem_cache_find_by_name(f->ss->m, "kmalloc-64");
	head = s->cpu_slab[f->ss->m->cur_cpu].freelist;
	assert_true(head != 0);
	memcpy(saved, km_ptr(f->ss->m, head + s->offset), 8);
	memset(km_ptr(f->ss->m, head + s->offset), 0x41, 8);
	c = draw(f->view[SLUB], 120, 40);
	assert_true(find(c, "\u2717", NULL) >= 0);
	assert_true(count_elem(c, EL_ERROR) > 0);
	canvas_free(c);
	/* put it back: the engine must not follow it either */
	memcpy(km_ptr(f->ss->m, head + s->offset), saved, 8);
	teardown(f);
}

/* A double free that made the CPU freelist a cycle (free a, free b,
 * free a): the chain is drawn once, with its length, then where it loops
 * back; never followed round and round. */
static void test_slub_cycle(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;
	char want[64];
	int idx;

	(void)state;
	run(f, "a = kmalloc 64");
	run(f, "b = kmalloc 64");
	run(f, "kfree a");
	run(f, "kfree b");
	run(f, "kfree a");
	c = draw(f->view[SLUB], 120, 40);
	idx = (int)((var(f, "a") & 0xfff) / 64);
	snprintf(want, sizeof(want), "freelist 2 \u2192%d:", idx);
	expect(c, want);
	snprintf(want, sizeof(want), "\u21ba%d (cycle)", idx);
	expect(c, want);
	assert_true(find(c, "+-", NULL) < 0);
	canvas_free(c);
	teardown(f);
}

/* Every size, every preset: nothing outside the canvas, the cache name
 * on the first line; 12 lines are compact (no "kmem_cache_cpu" titles),
 * 120x40 and 200x60 have room for the full layout. */
static void test_slub_sizes(void **state)
{
	static const char *const presets[] = {"default", "numa", "big"};
	static const int sizes[][2] = {
		{80, 24}, {120, 40}, {200, 60}, {80, 12}};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		struct fixture *f = setup(presets[i]);

		run(f, "repeat 100 kmalloc 64");
		run(f, "cpu 1");
		run(f, "repeat 3 kmalloc 64");
		for (size_t k = 0; k < 4; k++) {
			struct canvas *c =
				draw(f->view[SLUB], sizes[k][0], sizes[k][1]);

			assert_true(strstr(row(c, 0), "kmalloc-64") != NULL);
			if (sizes[k][1] == 12)
				assert_true(find(c, "kmem_cache_cpu", NULL) <
					    0);
			else if (sizes[k][0] > 80)
				assert_true(find(c,
						 "cpu 1 (current) "
						 "kmem_cache_cpu",
						 NULL) >= 0);
			canvas_free(c);
		}
		teardown(f);
	}
}

/* A debugging cache: red zones drawn around the cells, no cpu slab
 * (debug caches allocate from the node partial list); an overwritten
 * red zone or poison is drawn as an error. */
static void test_slub_debug_cache(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;

	(void)state;
	run(f, "kmem_cache_create foo 40 flags=SLAB_RED_ZONE|SLAB_POISON");
	run(f, "o = kmem_cache_alloc foo");
	c = draw(f->view[SLUB], 120, 40);
	assert_true(find(c, "foo", NULL) == 0);
	assert_true(count_elem(c, EL_REDZONE) > 10);
	assert_true(find(c, "node partial of node 0", NULL) >= 0);
	assert_int_equal(count_elem(c, EL_ERROR), 1); /* the legend's */
	canvas_free(c);

	/* one byte past the object (a heap overflow into the right red
	 * zone), then one byte into a freed object (a use after free) */
	unsigned long o = var(f, "o");
	unsigned char *rz = km_ptr(f->ss->m, o + 40), save = *rz;

	*rz = 0x41;
	f->ui.focus.object = o;
	c = draw(f->view[SLUB], 120, 40);
	/* the cell's red zone and the object's line; no legend now */
	assert_true(count_elem(c, EL_ERROR) >= 2);
	assert_true(find(c, "red zone overwritten", NULL) >= 0);
	canvas_free(c);
	*rz = save;

	run(f, "p = kmem_cache_alloc foo");
	run(f, "kmem_cache_free foo p");
	unsigned char *body = km_ptr(f->ss->m, var(f, "p") + 1);

	save = *body;
	*body = 0x41;
	f->ui.focus.object = var(f, "p");
	c = draw(f->view[SLUB], 120, 40);
	assert_true(find(c, "poison overwritten", NULL) >= 0);
	canvas_free(c);
	*body = save;
	c = draw(f->view[SLUB], 120, 40);
	assert_true(find(c, "poison ok", NULL) >= 0);
	assert_int_equal(count_elem(c, EL_ERROR), 0);
	canvas_free(c);
	teardown(f);
}

/* Without a UTF-8 locale the views write ASCII text (glyphs are the
 * canvas's business). */
static void test_ascii(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;

	(void)state;
	f->ui.unicode = false;
	run(f, "repeat 70 kmalloc 64");
	run(f, "p = alloc_pages 3");
	run(f, "kmalloc 64");
	for (int k = 0; k < 2; k++) {
		c = draw(f->view[SLUB], k ? 80 : 120, k ? 24 : 40);
		assert_int_equal(c->nonascii, 0);
		canvas_free(c);
		c = draw(f->view[BUDDY], k ? 80 : 120, k ? 24 : 40);
		assert_int_equal(c->nonascii, 0);
		canvas_free(c);
	}
	teardown(f);
}

/* --- buddy --------------------------------------------------------------- */

static void test_buddy_tables(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;

	(void)state;
	c = draw(f->view[BUDDY], 120, 40);
	assert_true(find(c, "Node 0, zone Normal", NULL) >= 0);
	assert_true(find(c, "Node 0, zone DMA", NULL) >= 0);
	assert_true(find(c, "per_cpu_pages", NULL) >= 0);
	assert_int_equal(count_elem(c, EL_CHANGED), 0);
	canvas_free(c);

	/* an order-3 block from a fresh zone is split: orders change */
	run(f, "p = alloc_pages 3");
	c = draw(f->view[BUDDY], 120, 40);
	assert_true(count_elem(c, EL_CHANGED) > 0);
	assert_true(count_elem(c, EL_MT_MOVABLE) > 0);
	canvas_free(c);

	/* 80x24: the compact table, a row per migrate type */
	c = draw(f->view[BUDDY], 80, 24);
	assert_true(find(c, "Unmovable", NULL) >= 0);
	assert_true(find(c, "nr_free", NULL) >= 0);
	canvas_free(c);

	/* a command that touches no page: nothing highlighted */
	run(f, "cat /proc/buddyinfo");
	c = draw(f->view[BUDDY], 120, 40);
	assert_int_equal(count_elem(c, EL_CHANGED), 0);
	canvas_free(c);
	teardown(f);
}

/* A click on a count selects that free list and moves the page map's
 * cursor (ui->focus.pfn) to its first block. */
static void test_buddy_click(void **state)
{
	struct fixture *f = setup("default");
	struct canvas *c;
	struct page *page;
	int y, x;

	(void)state;
	c = draw(f->view[BUDDY], 120, 40);
	y = find(c, "Node 0, zone Normal", &x);
	assert_true(y >= 0);
	canvas_free(c);
	/* the box starts 2 columns left of its title; order 10's row is
	 * 12 below the title; nr_free follows "order" (6) and 3 type columns (7
	 * each) */
	assert_true(f->view[BUDDY]->ops->click(f->view[BUDDY], y + 12,
					       x - 2 + 2 + 27 + 4) &
		    UI_REDRAW_ALL);
	assert_true(f->ui.focus.have_pfn);
	page = pfn_to_page(f->ss->m, f->ui.focus.pfn);
	assert_true(PageBuddy(page));
	assert_int_equal(buddy_order(page), 10);
	c = draw(f->view[BUDDY], 120, 40);
	assert_true(find(c, "free_area[10].free_list[*] of 0:Normal", NULL) >=
		    0);
	canvas_free(c);
	teardown(f);
}

static void test_buddy_big(void **state)
{
	struct fixture *f = setup("big");
	struct canvas *c;

	(void)state;
	run(f, "p = alloc_pages 0");
	c = draw(f->view[BUDDY], 200, 60);
	assert_true(find(c, "Node 3, zone Normal", NULL) >= 0);
	assert_true(find(c, "other CPUs", NULL) >= 0);
	canvas_free(c);
	for (int i = 0; i < 100; i++)
		f->view[BUDDY]->ops->key(f->view[BUDDY], UI_KEY_PGDN);
	c = draw(f->view[BUDDY], 80, 24);
	canvas_free(c);
	teardown(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slub_freelist_count),
		cmocka_unit_test(test_slub_kfree_head),
		cmocka_unit_test(test_slub_remote_free),
		cmocka_unit_test(test_slub_focus_and_keys),
		cmocka_unit_test(test_slub_click_partial),
		cmocka_unit_test(test_slub_corrupt_chain),
		cmocka_unit_test(test_slub_cycle),
		cmocka_unit_test(test_slub_sizes),
		cmocka_unit_test(test_slub_debug_cache),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_buddy_tables),
		cmocka_unit_test(test_buddy_click),
		cmocka_unit_test(test_buddy_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
