// SPDX-License-Identifier: GPL-2.0-only
/*
 * SLUB paths (src/mm/slub.c, slab_common.c): each course case is built
 * step by step and the resulting lists are checked exactly: the cpu slab,
 * cpu freelist, cpu partial list, node partial and full lists, counters,
 * the kernel function path of the operation, the sysfs and slabinfo text.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "mm_test.h"

#include "kmemlab/buddy.h"
#include "kmemlab/machine.h"
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"

/* --- a trace sink recording the path of one operation ----------------- */

struct rec {
	const char *calls[512];
	int ncalls;
	int types[NR_MM_EVENTS];
};

static void rec_sink(void *ctx, const struct mm_event *ev)
{
	struct rec *r = ctx;

	if (ev->type == EV_CALL && r->ncalls < 512)
		r->calls[r->ncalls++] = ev->func;
	r->types[ev->type]++;
}

static void rec_start(struct machine *m, struct rec *r)
{
	memset(r, 0, sizeof(*r));
	m->sink = rec_sink;
	m->sink_ctx = r;
}

static bool called(const struct rec *r, const char *func)
{
	for (int i = 0; i < r->ncalls; i++)
		if (!strcmp(r->calls[i], func))
			return true;
	return false;
}

/* funcs appear in this order (others may come between) */
static bool path_in_order(const struct rec *r, const char *const *funcs)
{
	int at = 0;

	for (int i = 0; i < r->ncalls && funcs[at]; i++)
		if (!strcmp(r->calls[i], funcs[at]))
			at++;
	return funcs[at] == NULL;
}

static struct machine *boot(const char *preset)
{
	struct machine_config cfg;

	assert_int_equal(machine_preset(&cfg, preset), 0);
	return boot_config(&cfg);
}

static long chain_len(struct machine *m, struct kmem_cache *s,
		      unsigned long head)
{
	long n = 0;

	for (unsigned long p = head; p; p = get_freepointer(m, s, p))
		n++;
	return n;
}

static unsigned long stat_sum(struct machine *m, struct kmem_cache *s,
			      enum stat_item si)
{
	unsigned long x = 0;

	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		x += s->cpu_slab[cpu].stat[si];
	return x;
}

static struct kmem_cache *mk(struct machine *m, const char *name,
			     unsigned int size)
{
	struct kmem_cache *s =
		kmem_cache_create(m, name, size, 0, SLAB_NO_MERGE, false, 0, 0);

	assert_non_null(s);
	return s;
}

/* Fills the current cpu slab completely; returns the objects. */
static int fill_cpu_slab(struct machine *m, struct kmem_cache *s,
			 unsigned long *objs)
{
	int n = 0;
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cur_cpu];

	do {
		objs[n++] = kmem_cache_alloc(m, s, GFP_KERNEL);
	} while (c->freelist);
	return n;
}

/* --- first allocation, fast path, LIFO ---------------------------------- */

static void test_first_alloc_and_fastpath(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s = mk(m, "t64", 64);
	struct kmem_cache_cpu *c = &s->cpu_slab[0];
	struct rec r;
	static const char *const first[] = {
		"kmem_cache_alloc", "slab_alloc_node",
		"__slab_alloc",	    "___slab_alloc",
		"get_partial",	    "get_partial_node",
		"new_slab",	    "allocate_slab",
		"alloc_pages",	    NULL};

	rec_start(m, &r);
	unsigned long a = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_true(path_in_order(&r, first));
	assert_int_equal(r.types[EV_SLAB_NEW], 1);
	assert_non_null(c->slab);
	assert_true(c->slab->frozen);
	assert_int_equal(c->slab->inuse, 64);
	assert_int_equal(c->slab->freelist, 0);
	assert_int_equal(chain_len(m, s, c->freelist), 63);
	assert_int_equal(s->node[0]->nr_slabs, 1);
	assert_int_equal(s->node[0]->nr_partial, 0);
	assert_string_equal(sysfs(m, "t64/cpu_slabs"), "1 N0=1\n");
	assert_string_equal(sysfs(m, "t64/objects"), "64 N0=64\n");
	assert_string_equal(sysfs(m, "t64/slabs"), "1 N0=1\n");
	assert_ptr_equal(slub_last_cache(m), s);

	/* fast path: the head of the cpu freelist, nothing else */
	unsigned long head = c->freelist;
	rec_start(m, &r);
	unsigned long b = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(b, head);
	assert_false(called(&r, "__slab_alloc"));
	assert_int_equal(r.ncalls, 2); /* kmem_cache_alloc, slab_alloc_node */
	assert_int_equal(stat_sum(m, s, ALLOC_FASTPATH), 1);

	/* LIFO: free b, the next allocation returns b */
	rec_start(m, &r);
	assert_int_equal(kmem_cache_free(m, s, b), 0);
	assert_false(called(&r, "__slab_free"));
	assert_int_equal(c->freelist, b);
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), b);
	assert_int_equal(stat_sum(m, s, FREE_FASTPATH), 1);
	assert_true(a != b);
	check_and_destroy(m);
}

/* the brief's path: kmalloc hitting the node partial list */
static void test_kmalloc_path_node_partial(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s = kmem_cache_find_by_name(m, "kmalloc-128");
	unsigned long objs[64];
	struct rec r;
	static const char *const want[] = {"kmalloc",	       "__kmalloc",
					   "slab_alloc_node",  "__slab_alloc",
					   "___slab_alloc",    "get_partial",
					   "get_partial_node", NULL};

	int n = fill_cpu_slab(m, s, objs);
	assert_int_equal(n, 32);
	/* free one: the cpu slab gets it back; flush it to the node */
	kfree(m, objs[0]);
	assert_int_equal(slub_sysfs_write(m, "kmalloc-128/cpu_partial", "120"),
			 0);
	assert_null(s->cpu_slab[0].slab);
	assert_int_equal(s->node[0]->nr_partial, 1);
	assert_string_equal(sysfs(m, "kmalloc-128/partial"), "1 N0=1\n");
	assert_string_equal(sysfs(m, "kmalloc-128/objects_partial"),
			    "31 N0=31\n");
	assert_string_equal(sysfs(m, "kmalloc-128/objects"), "31 N0=31\n");
	rec_start(m, &r);
	unsigned long p = kmalloc(m, 100, GFP_KERNEL);
	assert_true(path_in_order(&r, want));
	assert_false(called(&r, "new_slab"));
	assert_int_equal(p, objs[0]);
	assert_int_equal(s->node[0]->nr_partial, 0);
	assert_int_equal(stat_sum(m, s, ALLOC_FROM_PARTIAL), 1);
	check_and_destroy(m);
}

/* --- cpu slab exhausted -> cpu partial -> node partial -> new slab ------ */

static void test_refill_order(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s = mk(m, "t256", 256); /* 16 per slab */
	struct kmem_cache_cpu *c = &s->cpu_slab[0];
	unsigned long a[16], b[16];
	struct rec r;

	assert_int_equal(oo_objects(s->oo), 16);
	assert_int_equal(s->cpu_partial_slabs, 7); /* 52*2/16 */
	fill_cpu_slab(m, s, a);
	struct page *sa = c->slab;

	/* exhausted cpu slab: the next alloc bypasses it onto no list */
	fill_cpu_slab(m, s, b);
	struct page *sb = c->slab;
	assert_ptr_not_equal(sa, sb);
	assert_int_equal(stat_sum(m, s, DEACTIVATE_BYPASS), 1);
	assert_true(PageFlag(sa, PG_full));
	assert_false(sa->frozen);
	/* a free into the full slab puts it on this CPU's partial list */
	rec_start(m, &r);
	kmem_cache_free(m, s, a[3]);
	assert_true(called(&r, "put_cpu_partial"));
	assert_ptr_equal(c->partial, sa);
	assert_int_equal(sa->slabs, 1);
	assert_false(PageFlag(sa, PG_full));
	assert_int_equal(stat_sum(m, s, CPU_PARTIAL_FREE), 1);
	assert_string_equal(sysfs(m, "t256/slabs_cpu_partial"),
			    "8(1) C0=8(1)\n");
	assert_string_equal(sysfs(m, "t256/cpu_slabs"), "2 N0=2\n");

	/* cpu slab b is full: the next allocation takes the cpu partial */
	rec_start(m, &r);
	unsigned long x = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(x, a[3]);
	assert_ptr_equal(c->slab, sa);
	assert_null(c->partial);
	assert_false(called(&r, "get_partial"));
	assert_int_equal(stat_sum(m, s, CPU_PARTIAL_ALLOC), 1);
	assert_int_equal(stat_sum(m, s, DEACTIVATE_BYPASS), 2);
	assert_true(PageFlag(sb, PG_full));

	/* nothing partial anywhere: a new slab */
	rec_start(m, &r);
	assert_true(kmem_cache_alloc(m, s, GFP_KERNEL) != 0);
	assert_true(called(&r, "get_partial_node"));
	assert_true(called(&r, "new_slab"));
	assert_int_equal(s->node[0]->nr_slabs, 3);
	assert_int_equal(stat_sum(m, s, ALLOC_SLAB), 3);
	check_and_destroy(m);
}

/* get_partial_node: the first slab + cpu_partial_slabs/2 + 1 more */
static void test_get_partial_node_fills_cpu_partial(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s = mk(m, "t64b", 64); /* cpu_partial_slabs 4 */
	unsigned long objs[8][64];

	assert_int_equal(s->cpu_partial_slabs, 4);
	for (int i = 0; i < 8; i++)
		fill_cpu_slab(m, s, objs[i]);
	/* one free in each of the 7 full slabs (the 8th is the cpu slab) */
	for (int i = 0; i < 7; i++)
		kmem_cache_free(m, s, objs[i][5]);
	/* 4 on cpu partial, then the 5th drained them to the node */
	assert_int_equal(stat_sum(m, s, CPU_PARTIAL_DRAIN), 1);
	assert_int_equal(s->node[0]->nr_partial, 4);
	assert_int_equal(s->cpu_slab[0].partial->slabs, 3);
	/* flush everything to the node: 7 partial slabs + the full one */
	assert_int_equal(slub_sysfs_write(m, "t64b/cpu_partial", "120"), 0);
	assert_int_equal(s->node[0]->nr_partial, 7);
	assert_null(s->cpu_slab[0].partial);

	unsigned long x = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_non_null(s->cpu_slab[0].slab);
	/* __put_partials added the drained slabs 3,2,1,0 at the tail, the
	 * flush then 6,5,4: the head of the node list is slab 3 */
	assert_int_equal(x, objs[3][5]);
	/* 1 taken as cpu slab, 3 moved to the cpu partial list */
	assert_int_equal(s->node[0]->nr_partial, 3);
	assert_int_equal(s->cpu_slab[0].partial->slabs, 3);
	assert_int_equal(stat_sum(m, s, CPU_PARTIAL_NODE), 3);
	check_and_destroy(m);
}

/* --- NUMA: a remote node's partial slab, by distance ------------------- */

static void test_remote_node_partial(void **state)
{
	(void)state;
	struct machine *m = boot("numa");
	/* 4 CPUs: min_objects 16, so order 1 with 16 objects per slab and
	 * cpu_partial_slabs = DIV_ROUND_UP(52 * 2, 16) = 7 */
	struct kmem_cache *s = mk(m, "tnuma", 512);
	unsigned long objs[10][16];
	struct rec r;

	assert_int_equal(m->cpu_to_node[3], 1);
	assert_int_equal(s->cpu_partial_slabs, 7);
	m->cur_cpu = 3;
	for (int i = 0; i < 9; i++)
		fill_cpu_slab(m, s, objs[i]);
	for (int i = 0; i < 8; i++)
		kmem_cache_free(m, s, objs[i][1]);
	assert_int_equal(slub_sysfs_write(m, "tnuma/cpu_partial", "52"), 0);
	assert_int_equal(s->node[1]->nr_partial, 8);
	assert_string_equal(sysfs(m, "tnuma/partial"), "8 N1=8\n");
	assert_int_equal(s->node[0]->nr_partial, 0);

	m->cur_cpu = 0;
	rec_start(m, &r);
	unsigned long x = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_true(called(&r, "get_any_partial"));
	assert_false(called(&r, "new_slab"));
	assert_int_equal(page_to_nid(m, virt_to_slab(m, x)), 1);
	/* the 8th free drained slabs 6..0 to node 1's tail, the flush then
	 * slab 7: the head is slab 6 */
	assert_int_equal(x, objs[6][1]);

	/* kmalloc_node for node 0 mismatches the node-1 cpu slab */
	rec_start(m, &r);
	unsigned long y = kmem_cache_alloc_node(m, s, GFP_KERNEL, 0);
	assert_int_equal(page_to_nid(m, virt_to_slab(m, y)), 0);
	assert_int_equal(stat_sum(m, s, ALLOC_NODE_MISMATCH), 1);
	assert_true(called(&r, "deactivate_slab"));
	check_and_destroy(m);
}

/* --- kmalloc_large ------------------------------------------------------ */

static void test_kmalloc_large(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	unsigned long before = m->node_data[0].nr_slab_unreclaimable_b;
	struct rec r;

	rec_start(m, &r);
	unsigned long p = kmalloc(m, 8193, GFP_KERNEL);
	assert_true(called(&r, "kmalloc_large"));
	assert_true(p && (p & 0xfff) == 0);
	assert_null(slub_last_cache(m));
	struct page *page = virt_to_page(m, p);
	assert_true(PageFlag(page, PG_large_kmalloc));
	assert_int_equal(page->owner, OWNER_LARGE_KMALLOC);
	assert_int_equal(page->compound_order, 2);
	assert_int_equal(m->node_data[0].nr_slab_unreclaimable_b,
			 before + 16384);
	assert_int_equal(ksize(m, p), 16384);
	assert_int_equal(kfree(m, p), 0);
	assert_int_equal(m->node_data[0].nr_slab_unreclaimable_b, before);
	assert_false(PageFlag(page, PG_large_kmalloc));

	/* 8192 is still a slab object, 0 is ZERO_SIZE_PTR, 5 MiB fails */
	unsigned long q = kmalloc(m, 8192, GFP_KERNEL);
	assert_ptr_equal(slub_last_cache(m),
			 kmem_cache_find_by_name(m, "kmalloc-8k"));
	kfree(m, q);
	assert_int_equal(kmalloc(m, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_int_equal(kfree(m, ZERO_SIZE_PTR), 0);
	assert_int_equal(kmalloc(m, 5 << 20, GFP_KERNEL), 0);
	assert_non_null(strstr(m->log, "WARNING"));
	check_and_destroy(m);
}

/* --- every free transition ------------------------------------------------ */

static void test_free_transitions(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s = mk(m, "tfree", 1024); /* 16 per order-2 */
	unsigned long objs[8][16];
	struct rec r;

	assert_int_equal(oo_objects(s->oo), 16);
	assert_int_equal(s->min_partial, 5);
	for (int i = 0; i < 8; i++)
		fill_cpu_slab(m, s, objs[i]);
	/* slabs 0..6 full on the full list, slab 7 the cpu slab */
	for (int i = 0; i < 7; i++)
		assert_true(PageFlag(virt_to_slab(m, objs[i][0]), PG_full));
	/* put 6 slabs on the node partial list */
	for (int i = 0; i < 6; i++)
		kmem_cache_free(m, s, objs[i][0]);
	assert_int_equal(slub_sysfs_write(m, "tfree/cpu_partial", "24"), 0);
	assert_int_equal(s->node[0]->nr_partial, 6);

	/* node partial, still used: nothing moves */
	rec_start(m, &r);
	kmem_cache_free(m, s, objs[0][1]);
	assert_false(called(&r, "put_cpu_partial"));
	assert_int_equal(s->node[0]->nr_partial, 6);

	/* node partial becoming empty with nr_partial >= min_partial: gone */
	struct page *s0 = virt_to_slab(m, objs[0][2]);
	for (int k = 2; k < 16; k++)
		kmem_cache_free(m, s, objs[0][k]);
	assert_false(PageSlab(s0));
	assert_int_equal(s->node[0]->nr_partial, 5);
	assert_int_equal(stat_sum(m, s, FREE_REMOVE_PARTIAL), 1);

	/* now nr_partial (5) >= min_partial (5): raise min_partial to keep */
	assert_int_equal(slub_sysfs_write(m, "tfree/min_partial", "6"), 0);
	struct page *s1 = virt_to_slab(m, objs[1][1]);
	for (int k = 1; k < 16; k++)
		kmem_cache_free(m, s, objs[1][k]);
	assert_true(PageSlab(s1));
	assert_int_equal(s1->inuse, 0);
	assert_true(PageFlag(s1, PG_workingset));
	assert_int_equal(s->node[0]->nr_partial, 5);

	/* shrink: empty slabs go whatever min_partial says */
	assert_int_equal(slub_sysfs_write(m, "tfree/shrink", "1"), 0);
	assert_false(PageSlab(s1));
	assert_int_equal(s->node[0]->nr_partial, 4);
	check_and_destroy(m);
}

/* remote-CPU free into another CPU's cpu slab, picked up later */
static void test_remote_cpu_free(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s = mk(m, "tremote", 512);
	struct kmem_cache_cpu *c0 = &s->cpu_slab[0];
	unsigned long a = kmem_cache_alloc(m, s, GFP_KERNEL);
	struct rec r;

	m->cur_cpu = 1;
	rec_start(m, &r);
	kmem_cache_free(m, s, a);
	assert_true(called(&r, "__slab_free"));
	assert_int_equal(stat_sum(m, s, FREE_FROZEN), 1);
	assert_int_equal(c0->slab->freelist, a);
	assert_int_equal(c0->slab->inuse, oo_objects(s->oo) - 1);
	m->cur_cpu = 0;
	/* exhaust cpu 0's freelist; the next allocation refills from the
	 * slab's own freelist: the object freed on cpu 1 */
	while (c0->freelist)
		kmem_cache_alloc(m, s, GFP_KERNEL);
	rec_start(m, &r);
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), a);
	assert_true(called(&r, "get_freelist"));
	assert_int_equal(stat_sum(m, s, ALLOC_REFILL), 1);
	check_and_destroy(m);
}

/* --- destroy, shrink ------------------------------------------------------ */

static void test_destroy(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s = mk(m, "tdestroy", 128);
	struct seq_buf sb;
	unsigned long a = kmem_cache_alloc(m, s, GFP_KERNEL);
	unsigned long b = kmem_cache_alloc(m, s, GFP_KERNEL);

	kmem_cache_free(m, s, b);
	kmem_cache_destroy(m, s);
	assert_non_null(strstr(m->log, "BUG tdestroy (Not tainted): Objects "
				       "remaining on __kmem_cache_shutdown()"));
	char want[64];
	snprintf(want, sizeof(want), "Object 0x%016lx @offset=", a);
	assert_non_null(strstr(m->log, want));
	assert_non_null(strstr(m->log, "kmem_cache_destroy tdestroy: Slab "
				       "cache still has objects"));
	assert_null(kmem_cache_find_by_name(m, "tdestroy"));
	seq_init(&sb);
	assert_int_equal(slub_sysfs_list(m, "", &sb), 0);
	assert_null(strstr(sb.buf, "tdestroy"));
	seq_free(&sb);
	assert_int_equal(mm_check(m), 0);

	/* an empty cache goes cleanly, its pages back to the buddy */
	struct kmem_cache *t = mk(m, "tclean", 128);
	unsigned long x = kmem_cache_alloc(m, t, GFP_KERNEL);
	size_t loglen = m->log_len;
	kmem_cache_free(m, t, x);
	kmem_cache_destroy(m, t);
	assert_int_equal(m->log_len, loglen);
	assert_null(kmem_cache_find_by_name(m, "tclean"));
	check_and_destroy(m);
}

static void test_shrink_sorts(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s = mk(m, "tshrink", 512); /* 16 per slab */
	unsigned long objs[6][16];

	for (int i = 0; i < 6; i++)
		fill_cpu_slab(m, s, objs[i]);
	/* slab i gets i+1 frees; slab 5, the cpu slab, gets all 16 */
	assert_int_equal(oo_objects(s->oo), 16);
	for (int i = 0; i < 5; i++)
		for (int k = 0; k <= i; k++)
			kmem_cache_free(m, s, objs[i][k]);
	for (int k = 0; k < 16; k++)
		kmem_cache_free(m, s, objs[5][k]);
	assert_int_equal(kmem_cache_shrink(m, s), 1);
	/* 5 partial slabs left (the empty cpu slab went), fullest first:
	 * 1, 2, 3, 4, 5 free objects */
	struct page *slab;
	int prev = 0, n = 0;
	list_for_each_entry (slab, &s->node[0]->partial, slab_list) {
		int free = slab->objects - slab->inuse;
		assert_int_equal(free, prev + 1);
		prev = free;
		n++;
	}
	assert_int_equal(n, 5);
	assert_int_equal(s->node[0]->nr_slabs, 5);
	check_and_destroy(m);
}

/* --- merging and sysfs names -------------------------------------------- */

static void test_merge(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct seq_buf sb;
	struct kmem_cache *a = kmem_cache_create(
		m, "anon_x", 64, 0, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT, false, 0,
		0);
	struct kmem_cache *b = kmem_cache_create(
		m, "anon_y", 60, 0, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT, false, 0,
		0);

	assert_ptr_equal(a, b);
	assert_string_equal(a->sysfs_name, ":A-0000064");
	assert_string_equal(sysfs(m, "anon_y/aliases"), "1\n");
	assert_string_equal(sysfs(m, ":A-0000064/slab_size"), "64\n");
	seq_init(&sb);
	assert_int_equal(slub_sysfs_list(m, "", &sb), 0);
	assert_non_null(strstr(sb.buf, ":A-0000064\n"));
	assert_non_null(strstr(sb.buf, "anon_x\n"));
	assert_non_null(strstr(sb.buf, "anon_y\n"));
	seq_free(&sb);
	/* different SLAB_MERGE_SAME bits, a ctor, usersize: no merge */
	assert_ptr_not_equal(kmem_cache_create(m, "anon_z", 64, 0,
					       SLAB_HWCACHE_ALIGN, false, 0, 0),
			     a);
	assert_ptr_not_equal(
		kmem_cache_create(m, "ctor_x", 64, 0,
				  SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT, true, 0,
				  0),
		a);
	assert_ptr_not_equal(
		kmem_cache_create(m, "user_x", 64, 0,
				  SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT, false, 0,
				  16),
		a);
	/* slabinfo lists the merged cache once, under its first name */
	seq_init(&sb);
	slabinfo_show(m, &sb);
	assert_non_null(strstr(sb.buf, "\nanon_x "));
	assert_null(strstr(sb.buf, "\nanon_y "));
	seq_free(&sb);
	/* destroying one alias keeps the cache */
	kmem_cache_destroy(m, b);
	assert_int_equal(a->refcount, 1);
	assert_non_null(kmem_cache_find_by_name(m, "anon_x"));
	/* an unmergeable duplicate name: -EEXIST from sysfs */
	int err = 0;
	struct kmem_cache_args args = {0};
	assert_null(
		__kmem_cache_create_args(m, "kmalloc-64", 64, &args, 0, &err));
	assert_int_equal(err, -EEXIST);
	assert_non_null(strstr(m->log, "cannot create duplicate filename "
				       "'/kernel/slab/kmalloc-64'"));
	/* bad sizes and flags */
	assert_null(kmem_cache_create(m, "zero", 0, 0, 0, false, 0, 0));
	assert_null(
		kmem_cache_create(m, "flag", 8, 0, 0x80000000u, false, 0, 0));
	check_and_destroy(m);
}

/* --- text files ----------------------------------------------------------- */

static void test_slabinfo_and_sysfs_text(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct seq_buf sb;
	unsigned long objs[64];
	struct kmem_cache *s = kmem_cache_find_by_name(m, "kmalloc-64");

	fill_cpu_slab(m, s, objs);
	kmalloc(m, 64, GFP_KERNEL);
	kfree(m, objs[3]); /* full slab -> cpu partial */
	seq_init(&sb);
	slabinfo_show(m, &sb);
	assert_memory_equal(sb.buf,
			    "slabinfo - version: 2.1\n# name            "
			    "<active_objs> <num_objs> <objsize> <objperslab> "
			    "<pagesperslab> : tunables <limit> <batchcount> "
			    "<sharedfactor> : slabdata <active_slabs> "
			    "<num_slabs> <sharedavail>\n",
			    strlen("slabinfo - version: 2.1\n") + 155);
	/* newest first, the boot caches last */
	assert_non_null(strstr(sb.buf,
			       "kmem_cache_node        0      0    128"
			       "   32    1 : tunables    0    0    0 : "
			       "slabdata      0      0      0\n"
			       "kmem_cache             0      0    256"));
	/* cpu slab and cpu partial objects count as active */
	assert_non_null(strstr(sb.buf, "\nkmalloc-64           128    128     "
				       "64   64    1 : tunables    0    0    0"
				       " : slabdata      2      2      0\n"));
	seq_free(&sb);
	assert_string_equal(sysfs(m, "kmalloc-64/slabs_cpu_partial"),
			    "32(1) C0=32(1)\n");
	assert_string_equal(sysfs(m, "kmalloc-64/usersize"), "64\n");
	assert_string_equal(sysfs(m, "kmalloc-64/remote_node_defrag_ratio"),
			    "100\n");
	/* 64 + 1 allocations, two of them slow (new slabs) */
	assert_string_equal(sysfs(m, "kmalloc-64/alloc_fastpath"),
			    "63 C0=63\n");
	assert_string_equal(sysfs(m, "kmalloc-rcl-64/reclaim_account"), "1\n");
	assert_string_equal(sysfs(m, "dma-kmalloc-64/cache_dma"), "1\n");
	assert_string_equal(sysfs(m, "kmalloc-96/align"), "32\n");
	assert_string_equal(sysfs(m, "kmalloc-64/ctor"), "");
	seq_init(&sb);
	assert_int_equal(slub_sysfs_list(m, "kmalloc-64", &sb), 0);
	assert_non_null(strstr(sb.buf, "aliases\nalign\nalloc_fastpath\n"));
	seq_free(&sb);
	assert_int_equal(slub_sysfs_write(m, "kmalloc-64/order", "1"), -EACCES);
	assert_int_equal(slub_sysfs_write(m, "kmalloc-64/min_partial", "x"),
			 -EINVAL);
	assert_int_equal(slub_sysfs_read(m, "nonesuch/order", &sb), -ENOENT);
	check_and_destroy(m);
}

/* --- a learner's mistakes ------------------------------------------------ */

static void test_bad_frees(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	unsigned long a = kmalloc(m, 64, GFP_KERNEL);
	unsigned long b = kmalloc(m, 64, GFP_KERNEL);
	struct kmem_cache *s = kmem_cache_find_by_name(m, "kmalloc-64");
	unsigned long head;

	assert_int_equal(kfree(m, a), 0);
	head = s->cpu_slab[0].freelist;
	/* a is the head of the list it would go onto: the hardened
	 * set_freepointer()'s BUG_ON(object == fp) */
	assert_int_equal(kfree(m, a), -EINVAL);
	assert_non_null(strstr(m->log, "kernel BUG at mm/slub.c:550!\n"
				       "Oops: invalid opcode: 0000 [#1] "
				       "PREEMPT SMP NOPTI\n"));
	assert_int_equal(s->cpu_slab[0].freelist, head);
	/* not the head: without slab_debug nothing checks it, the free
	 * goes through and the cpu freelist loops a -> b -> a (the cases
	 * are in test_slub_doublefree.c) */
	unsigned long c2 = kmalloc(m, 64, GFP_KERNEL);

	assert_int_equal(c2, a);
	assert_int_equal(kfree(m, c2), 0);
	assert_int_equal(kfree(m, b), 0);
	assert_int_equal(kfree(m, a), 0);
	assert_int_equal(s->cpu_slab[0].freelist, a);
	assert_int_equal(get_freepointer(m, s, a), b);
	assert_int_equal(get_freepointer(m, s, b), a);
	assert_int_equal(mm_check(m), 0);
	b = kmalloc(m, 128, GFP_KERNEL);
	/* a page that kmalloc never handed out */
	struct page *pg = alloc_pages(m, GFP_KERNEL, 0);
	assert_int_equal(kfree(m, page_address(m, pg)), -EINVAL);
	assert_non_null(strstr(m->log, "object pointer: 0x"));
	__free_pages(m, pg, 0);
	/* outside the direct map */
	assert_int_equal(kfree(m, 0xdead000000000000UL), -EFAULT);
	/* wrong cache: freed into the object's own cache, with a warning */
	struct kmem_cache *t = mk(m, "twrong", 64);
	assert_int_equal(kmem_cache_free(m, t, b), 0);
	assert_non_null(strstr(m->log, "Wrong slab cache. twrong but object "
				       "is from kmalloc-128"));
	check_and_destroy(m);
}

/* --- kzalloc, kcalloc, krealloc, ksize ------------------------------------ */

static void test_api(void **state)
{
	(void)state;
	struct machine *m = boot("default");

	unsigned long p = kmalloc(m, 40, GFP_KERNEL);
	memset(km_ptr(m, p), 0xab, 64);
	kfree(m, p);
	unsigned long z = kzalloc(m, 40, GFP_KERNEL);
	assert_int_equal(z, p); /* LIFO */
	for (int i = 0; i < 64; i++)
		assert_int_equal(((unsigned char *)km_ptr(m, z))[i], 0);
	assert_int_equal(ksize(m, z), 64);
	assert_int_equal(kcalloc(m, 1UL << 62, 8, GFP_KERNEL), 0);
	unsigned long c = kcalloc(m, 10, 10, GFP_KERNEL);
	assert_ptr_equal(slub_last_cache(m),
			 kmem_cache_find_by_name(m, "kmalloc-128"));
	/* krealloc in place while ksize allows, else copy */
	memset(km_ptr(m, c), 0x5c, 100);
	assert_int_equal(krealloc(m, c, 120, GFP_KERNEL), c);
	unsigned long d = krealloc(m, c, 300, GFP_KERNEL);
	assert_true(d != c);
	assert_ptr_equal(slub_last_cache(m),
			 kmem_cache_find_by_name(m, "kmalloc-512"));
	assert_int_equal(((unsigned char *)km_ptr(m, d))[99], 0x5c);
	assert_int_equal(kfree(m, c), -EINVAL); /* krealloc freed it */
	assert_int_equal(krealloc(m, d, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_int_equal(kmalloc_size_roundup(m, 65), 96);
	assert_int_equal(kmalloc_size_roundup(m, 9000), 12288 + 4096);
	assert_int_equal(kmalloc_index(193), 8);
	assert_int_equal(kmalloc_index(96), 1);
	/* gfp picks the kmalloc type */
	kmalloc(m, 8, GFP_KERNEL | __GFP_ACCOUNT);
	assert_string_equal(slub_last_cache(m)->name, "kmalloc-cg-8");
	kmalloc(m, 8, GFP_KERNEL | __GFP_RECLAIMABLE);
	assert_string_equal(slub_last_cache(m)->name, "kmalloc-rcl-8");
	kmalloc(m, 8, GFP_KERNEL | __GFP_DMA);
	assert_string_equal(slub_last_cache(m)->name, "dma-kmalloc-8");
	check_and_destroy(m);
}

/* --- free pointers: hardened and plain ------------------------------------ */

static void test_freepointers(void **state)
{
	(void)state;
	struct machine_config cfg;
	char err[256];

	machine_preset(&cfg, "default");
	cfg.hardened = false;
	struct machine *m = machine_create(&cfg, err, sizeof(err));
	struct kmem_cache *s = kmem_cache_find_by_name(m, "kmalloc-32");
	unsigned long a = kmalloc(m, 32, GFP_KERNEL);
	unsigned long base = slab_address(m, virt_to_slab(m, a));
	unsigned long raw;

	/* linear: object 0 first, each points to the next */
	assert_int_equal(a, base);
	assert_int_equal(s->cpu_slab[0].freelist, base + 32);
	memcpy(&raw, km_ptr(m, base + 32 + s->offset), 8);
	assert_int_equal(raw, base + 64);
	check_and_destroy(m);

	m = boot("default");
	s = kmem_cache_find_by_name(m, "kmalloc-32");
	a = kmalloc(m, 32, GFP_KERNEL);
	unsigned long next = s->cpu_slab[0].freelist;
	unsigned long after = get_freepointer(m, s, next);
	memcpy(&raw, km_ptr(m, next + s->offset), 8);
	assert_int_equal(raw, after ^ s->random ^
				      __builtin_bswap64(next + s->offset));
	assert_true(raw != after);
	check_and_destroy(m);
}

/* ctor caches: a recognisable pattern, the free pointer outside */
static void test_ctor(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s =
		kmem_cache_create(m, "tctor", 100, 0, 0, true, 0, 0);
	unsigned long a = kmem_cache_alloc(m, s, GFP_KERNEL);

	assert_int_equal(s->offset, 104);
	for (int i = 0; i < 100; i++)
		assert_int_equal(((unsigned char *)km_ptr(m, a))[i],
				 KM_CTOR_PATTERN);
	assert_string_equal(sysfs(m, "tctor/ctor"), "init_once+0x0/0x10\n");
	check_and_destroy(m);
}

/* debug caches take the locked one-object paths: no cpu slab */
static void test_debug_cache_paths(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s = kmem_cache_create(m, "tdbg", 64, 0,
						 SLAB_STORE_USER, false, 0, 0);
	unsigned long objs[40];

	assert_int_equal(s->cpu_partial, 0);
	for (int i = 0; i < 40; i++)
		objs[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_null(s->cpu_slab[0].slab);
	for (int i = 0; i < 40; i++)
		kmem_cache_free(m, s, objs[i]);
	assert_int_equal(mm_check(m), 0);
	kmem_cache_destroy(m, s);
	check_and_destroy(m);
}

/* --- describers and visitors ---------------------------------------------- */

struct visit {
	int n[5];
};

static void count_slab(void *ctx, struct kmem_cache *s, struct page *slab,
		       enum slab_where where, int id)
{
	struct visit *v = ctx;

	(void)s;
	(void)slab;
	(void)id;
	v->n[where]++;
}

static void test_describers(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	struct kmem_cache *s = mk(m, "tshow", 1024);
	unsigned long objs[16];
	struct seq_buf sb;
	char want[128];

	fill_cpu_slab(m, s, objs);
	unsigned long x = kmem_cache_alloc(m, s, GFP_KERNEL);
	kmem_cache_free(m, s, objs[2]); /* full slab -> cpu partial */

	struct visit v = {{0}};
	slub_for_each_slab(m, s, count_slab, &v);
	assert_int_equal(v.n[SLAB_CPU], 1);
	assert_int_equal(v.n[SLAB_CPU_PARTIAL], 1);
	assert_int_equal(v.n[SLAB_NODE_PARTIAL], 0);

	seq_init(&sb);
	assert_int_equal(slub_show_cache(m, "tshow", &sb), 0);
	assert_non_null(strstr(sb.buf, "tshow: object_size 1024 size 1024"));
	assert_non_null(strstr(sb.buf, "inuse 16/16 frozen"));
	assert_non_null(strstr(sb.buf, "slabs 1"));
	seq_free(&sb);
	assert_int_equal(slub_show_cache(m, "nonesuch", &sb), -ENOENT);

	seq_init(&sb);
	assert_int_equal(slub_show_slab(m, objs[5] + 3, &sb), 0);
	assert_non_null(strstr(sb.buf, "on cpu partial of cpu 0"));
	snprintf(want, sizeof(want), "0x%016lx free #0 on slab freelist",
		 objs[2]);
	assert_non_null(strstr(sb.buf, want));
	snprintf(want, sizeof(want), "0x%016lx in use", objs[5]);
	assert_non_null(strstr(sb.buf, want));
	seq_free(&sb);

	seq_init(&sb);
	assert_int_equal(slub_show_object(m, x + 10, &sb), 0);
	snprintf(want, sizeof(want), "cache tshow slab 0x%016lx",
		 slab_address(m, virt_to_slab(m, x)));
	assert_non_null(strstr(sb.buf, want));
	assert_non_null(strstr(sb.buf, "+10 (size 1024) in use"));
	seq_free(&sb);
	assert_int_equal(slub_show_object(m, 0x1000, &sb), -EINVAL);

	/* a boot cache cannot be destroyed */
	kmem_cache_destroy(m, kmem_cache_find_by_name(m, "kmalloc-64"));
	assert_non_null(kmem_cache_find_by_name(m, "kmalloc-64"));
	assert_non_null(strstr(m->log, "a boot cache, not destroyed"));
	/* flags text */
	char fl[128];
	slab_flags_t f;
	const char *bad;
	size_t badlen;
	assert_int_equal(slab_flags_parse("SLAB_HWCACHE_ALIGN|SLAB_ACCOUNT", &f,
					  &bad, &badlen),
			 0);
	assert_int_equal(f, SLAB_HWCACHE_ALIGN | SLAB_ACCOUNT);
	slab_flags_format(fl, sizeof(fl), f);
	assert_string_equal(fl, "SLAB_HWCACHE_ALIGN|SLAB_ACCOUNT");
	assert_int_equal(
		slab_flags_parse("SLAB_POISON|SLAB_BOGUS", &f, &bad, &badlen),
		-1);
	assert_int_equal(badlen, strlen("SLAB_BOGUS"));
	assert_int_equal(slab_flags_parse("0x10", &f, &bad, &badlen), 0);
	assert_int_equal(f, SLAB_HWCACHE_ALIGN);
	check_and_destroy(m);
}

/* out of memory: NULL with the kernel's warning, state intact */
static void test_oom(void **state)
{
	(void)state;
	struct machine *m = boot("default");
	static unsigned long objs[40000];
	int n = 0;

	while (n < 40000 && (objs[n] = kmalloc(m, 4096, GFP_KERNEL)) != 0)
		n++;
	assert_true(n > 1000 && n < 40000);
	assert_non_null(strstr(m->log, "SLUB: Unable to allocate memory on "
				       "CPU 0 (of node 0) on node -1"));
	assert_non_null(strstr(m->log, "  cache: kmalloc-4k, object size: "
				       "4096, buffer size: 4096, default "
				       "order: 3, min order: 0"));
	assert_int_equal(mm_check(m), 0);
	/* creating a cache needs a kmem_cache object: may fail cleanly */
	struct kmem_cache *s = kmem_cache_create(m, "late", 4000, 0,
						 SLAB_NO_MERGE, false, 0, 0);
	if (s)
		assert_null(s->cpu_slab[0].slab);
	assert_int_equal(mm_check(m), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(kfree(m, objs[i]), 0);
	if (s)
		kmem_cache_destroy(m, s);
	kmem_cache_shrink(m, kmem_cache_find_by_name(m, "kmalloc-4k"));
	assert_string_equal(sysfs(m, "kmalloc-4k/slabs"), "0\n");
	check_and_destroy(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_alloc_and_fastpath),
		cmocka_unit_test(test_kmalloc_path_node_partial),
		cmocka_unit_test(test_refill_order),
		cmocka_unit_test(test_get_partial_node_fills_cpu_partial),
		cmocka_unit_test(test_remote_node_partial),
		cmocka_unit_test(test_kmalloc_large),
		cmocka_unit_test(test_free_transitions),
		cmocka_unit_test(test_remote_cpu_free),
		cmocka_unit_test(test_destroy),
		cmocka_unit_test(test_shrink_sorts),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_slabinfo_and_sysfs_text),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_api),
		cmocka_unit_test(test_freepointers),
		cmocka_unit_test(test_ctor),
		cmocka_unit_test(test_debug_cache_paths),
		cmocka_unit_test(test_describers),
		cmocka_unit_test(test_oom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
