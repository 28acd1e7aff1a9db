// SPDX-License-Identifier: GPL-2.0-only
/*
 * SLUB's untraced shortcuts against its full paths (src/mm/slub.c):
 * slab_alloc_refill() (___slab_alloc's "cpu slab used up, the next cpu
 * partial slab taken") and kfree_slab_free() (__slab_free's push onto a
 * slab's freelist, and a full slab onto this CPU's partial list). Four
 * machines of one config run the same random sequence: A untraced (the
 * shortcuts), B traced (a recording sink: the full paths), C untraced with
 * machine->slub_full_paths and D traced with it; E traced by a struct
 * trace attached to it (its path and events lent: the shortcuts store the
 * calls and events the full paths send). The same on the five:
 * every returned address; after every step every cache's per-CPU and
 * per-node state (freelists, cpu slabs, partial chains, tids, stat
 * counters, node counts and list ends), the node lists of the cache the
 * step used and the free chains (the encoded words in object memory)
 * where the step worked, the kernel log; every DEEP_EVERY steps every
 * list, slab and free chain, /proc/slabinfo, /proc/meminfo and the
 * memmap; after each phase every slab's memory. B and D must emit the
 * same events, E's trace must hold D's calls and events, and mm_check()
 * find nothing. The sequence: kmalloc/kfree of
 * many sizes and kmalloc types, caches created and destroyed (one with a
 * constructor, one SLAB_HWCACHE_ALIGN), kmalloc_node and
 * kmem_cache_alloc_node on a NUMA machine, CPU switches, krealloc,
 * flushes, shrinks, cpu_partial and min_partial changes, writes that
 * mark a slab PG_poked (as `poke` does), thousands of live objects, with
 * and without hardening, init_on_alloc and init_on_free. A's own
 * counters must show that the shortcuts' cases came up many times.
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
#include "kmemlab/trace.h"
#include "mm_test.h"

/* A untraced, B traced, C and D as A and B on the full paths, E traced by
 * a trace that lends its arrays (the traced shortcuts) */
#define NM 5
#define NC 3 /* caches the test creates: ctor, hwcache, a temporary one */
#define MAX_LIVE 5000
#define DEEP_EVERY 256	 /* every free chain, slabinfo and the memmap */
#define CHECK_EVERY 2000 /* mm_check() */

/* an event as the sink got it, its strings copied (a cache's name goes
 * with the cache) */
struct rec_ev {
	struct mm_event ev;
	char func[64], cache[KM_CACHE_NAME_LEN], text[160];
};

struct rec {
	struct rec_ev *ev;
	int n, cap;
};

static void copy_str(char *dst, size_t len, const char *p)
{
	snprintf(dst, len, "%s", p ? p : "(null)");
}

static void sink_rec(void *ctx, const struct mm_event *ev)
{
	struct rec *r = ctx;
	struct rec_ev *e;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 1024;
		r->ev = realloc(r->ev, (size_t)r->cap * sizeof(*r->ev));
		assert_non_null(r->ev);
	}
	e = &r->ev[r->n++];
	e->ev = *ev;
	copy_str(e->func, sizeof(e->func), ev->func);
	copy_str(e->cache, sizeof(e->cache), ev->cache);
	copy_str(e->text, sizeof(e->text), ev->text);
}

static void same_ev_str(const struct rec_ev *x, const struct rec_ev *y)
{
	assert_string_equal(x->func, y->func);
	assert_string_equal(x->cache, y->cache);
	assert_string_equal(x->text, y->text);
}

/* the events of the two traced machines, then both cleared */
static void same_events(struct machine *b, struct machine *d)
{
	struct rec *rb = b->sink_ctx, *rd = d->sink_ctx;

	assert_int_equal(rb->n, rd->n);
	for (int i = 0; i < rb->n; i++) {
		const struct mm_event *x = &rb->ev[i].ev, *y = &rd->ev[i].ev;

		assert_same_event_numbers(x, y);
		same_ev_str(&rb->ev[i], &rd->ev[i]);
	}
	rb->n = rd->n = 0;
	assert_int_equal(b->nr_calls, d->nr_calls);
	for (int i = 0; i < MM_CALL_RING; i++)
		assert_same_str(b->call_ring[i], d->call_ring[i]);
}

/* E's trace of the step against D's sink: the calls in order, then the
 * other events; then E's trace starts again, as at a command */
static void same_trace(struct machine *d, struct machine *e, struct trace *t)
{
	struct rec *rd = d->sink_ctx;
	size_t call = 0, ev = 0;

	trace_detach(t);
	assert_int_equal(t->dropped, 0);
	for (int i = 0; i < rd->n; i++) {
		const struct rec_ev *x = &rd->ev[i];
		const struct mm_event *y;

		if (x->ev.type == EV_CALL) {
			assert_true(call < t->nr_path);
			assert_string_equal(x->func, t->path[call++]);
			continue;
		}
		assert_true(ev < t->nr_ev);
		y = &t->ev[ev++];
		assert_same_event_numbers(&x->ev, y);
		assert_same_str(x->func, y->func ? y->func : "(null)");
		assert_same_str(x->cache, y->cache ? y->cache : "(null)");
		/* the sink kept a prefix of the text */
		char text[sizeof(x->text)];

		copy_str(text, sizeof(text), y->text);
		assert_string_equal(x->text, text);
	}
	assert_int_equal(call, t->nr_path);
	assert_int_equal(ev, t->nr_ev);
	trace_reset(t);
	trace_attach(t, e);
}

/* a cheap assert_int_equal that names the cache and the field */
#define SAME(s, x, y)                                                          \
	do {                                                                   \
		if ((x) != (y))                                                \
			fail_msg("%s: %s != %s: %#lx / %#lx", (s)->name, #x,   \
				 #y, (unsigned long)(x), (unsigned long)(y));  \
	} while (0)
#define CHECK(s, cond)                                                         \
	do {                                                                   \
		if (!(cond))                                                   \
			fail_msg("%s: %s", (s)->name, #cond);                  \
	} while (0)

static long pfn_or_none(struct machine *m, const struct page *p)
{
	return p ? (long)page_to_pfn(m, p) : -1;
}

/* A free chain from head: the same objects, the same encoded words */
static void same_chain(struct machine *a, struct kmem_cache *sa,
		       unsigned long ha, struct machine *b,
		       struct kmem_cache *sb, unsigned long hb,
		       unsigned int objects)
{
	unsigned int n = 0;

	while (ha || hb) {
		SAME(sa, ha, hb);
		CHECK(sa, n++ <= objects);
		CHECK(sa, !memcmp(km_ptr(a, ha + sa->offset),
				  km_ptr(b, hb + sb->offset),
				  sizeof(unsigned long)));
		ha = get_freepointer(a, sa, ha);
		hb = get_freepointer(b, sb, hb);
	}
}

/* struct slab of a slab page, and its free chain if deep */
static void same_slab(struct machine *a, struct kmem_cache *sa, struct page *pa,
		      struct machine *b, struct kmem_cache *sb, struct page *pb,
		      bool deep)
{
	SAME(sa, pfn_or_none(a, pa), pfn_or_none(b, pb));
	if (!pa)
		return;
	if (pa->flags != pb->flags || pa->freelist != pb->freelist ||
	    pa->inuse != pb->inuse || pa->objects != pb->objects ||
	    pa->frozen != pb->frozen)
		fail_msg("%s slab pfn %#lx differs: flags %#lx/%#lx freelist "
			 "%#lx/%#lx inuse %u/%u objects %u/%u frozen %u/%u",
			 sa->name, page_to_pfn(a, pa), pa->flags, pb->flags,
			 pa->freelist, pb->freelist, pa->inuse, pb->inuse,
			 pa->objects, pb->objects, pa->frozen, pb->frozen);
	SAME(sa, pa->slab_cache, sa);
	SAME(sa, pb->slab_cache, sb);
	SAME(sa, pa->_refcount, pb->_refcount);
	SAME(sa, pa->compound_order, pb->compound_order);
	if (deep)
		same_chain(a, sa, pa->freelist, b, sb, pb->freelist,
			   pa->objects);
}

/*
 * How closely a cache is compared. LOOK_TOP (every cache, every step):
 * its fields, each CPU's freelist, tid, cpu slab and partial chain and
 * counters, each node's counts and the first and last slab of its lists.
 * LOOK_NEAR (the cache a step used): also the node lists in full, and the
 * free chains of the cpu slabs and cpu partial slabs, where the paths
 * under test work. LOOK_ALL (every DEEP_EVERY steps): every free chain.
 */
enum look { LOOK_TOP, LOOK_NEAR, LOOK_ALL };

/* a node list (partial or full), in order */
static void same_slab_list(struct machine *a, struct kmem_cache *sa,
			   const struct list_head *la, struct machine *b,
			   struct kmem_cache *sb, const struct list_head *lb,
			   enum look look)
{
	const struct list_head *pa = la->next, *pb = lb->next;
	bool deep = look == LOOK_ALL;

	if (look == LOOK_TOP) {
		CHECK(sa, (pa == la) == (pb == lb));
		if (pa == la)
			return;
		same_slab(a, sa, list_entry(pa, struct page, slab_list), b, sb,
			  list_entry(pb, struct page, slab_list), false);
		same_slab(a, sa, list_entry(la->prev, struct page, slab_list),
			  b, sb, list_entry(lb->prev, struct page, slab_list),
			  false);
		return;
	}
	while (pa != la && pb != lb) {
		same_slab(a, sa, list_entry(pa, struct page, slab_list), b, sb,
			  list_entry(pb, struct page, slab_list), deep);
		pa = pa->next;
		pb = pb->next;
	}
	CHECK(sa, pa == la && pb == lb);
}

static void same_cache(struct machine *a, struct kmem_cache *sa,
		       struct machine *b, struct kmem_cache *sb, enum look look)
{
	bool deep = look != LOOK_TOP;

	assert_string_equal(sa->name, sb->name);
	SAME(sa, sa->flags, sb->flags);
	SAME(sa, sa->size, sb->size);
	SAME(sa, sa->object_size, sb->object_size);
	SAME(sa, sa->offset, sb->offset);
	SAME(sa, sa->oo.x, sb->oo.x);
	SAME(sa, sa->min.x, sb->min.x);
	SAME(sa, sa->min_partial, sb->min_partial);
	SAME(sa, sa->cpu_partial, sb->cpu_partial);
	SAME(sa, sa->cpu_partial_slabs, sb->cpu_partial_slabs);
	SAME(sa, sa->refcount, sb->refcount);
	SAME(sa, sa->random, sb->random);
	SAME(sa, sa->addr, sb->addr);
	for (int cpu = 0; cpu < a->nr_cpus; cpu++) {
		struct kmem_cache_cpu *ca = &sa->cpu_slab[cpu];
		struct kmem_cache_cpu *cb = &sb->cpu_slab[cpu];
		struct page *pa, *pb;

		SAME(sa, ca->freelist, cb->freelist);
		SAME(sa, ca->tid, cb->tid);
		for (int i = 0; i < NR_SLUB_STAT_ITEMS; i++)
			if (ca->stat[i] != cb->stat[i])
				fail_msg("%s cpu %d %s: %u/%u", sa->name, cpu,
					 slub_stat_names[i], ca->stat[i],
					 cb->stat[i]);
		same_slab(a, sa, ca->slab, b, sb, cb->slab, deep);
		if (deep && ca->slab)
			same_chain(a, sa, ca->freelist, b, sb, cb->freelist,
				   ca->slab->objects);
		for (pa = ca->partial, pb = cb->partial; pa || pb;
		     pa = pa->next, pb = pb->next) {
			CHECK(sa, pa && pb);
			same_slab(a, sa, pa, b, sb, pb, deep);
			SAME(sa, pa->slabs, pb->slabs);
		}
	}
	for (int nid = 0; nid < a->nr_nodes; nid++) {
		struct kmem_cache_node *na = sa->node[nid], *nb = sb->node[nid];

		SAME(sa, na->nr_partial, nb->nr_partial);
		SAME(sa, na->nr_slabs, nb->nr_slabs);
		SAME(sa, na->total_objects, nb->total_objects);
		SAME(sa, na->addr, nb->addr);
		same_slab_list(a, sa, &na->partial, b, sb, &nb->partial, look);
		same_slab_list(a, sa, &na->full, b, sb, &nb->full, look);
	}
}

static void same_log(struct machine *a, struct machine *b)
{
	if (a->log_len != b->log_len || memcmp(a->log, b->log, a->log_len)) {
		size_t i = 0;

		while (i < a->log_len && i < b->log_len &&
		       a->log[i] == b->log[i])
			i++;
		while (i > 0 && a->log[i - 1] != '\n')
			i--;
		fail_msg("logs differ from:\n%.300s\n---\n%.300s", a->log + i,
			 b->log + i);
	}
	assert_int_equal(a->taint_flags, b->taint_flags);
}

/*
 * Every cache of a against b's (the cache lists in the same order): each
 * LOOK_TOP, `touched` (NULL: none) LOOK_NEAR, all LOOK_ALL if deep, and
 * then /proc/slabinfo, /proc/meminfo and the memmap too.
 */
static void same_state(struct machine *a, struct machine *b,
		       struct kmem_cache *touched, bool deep)
{
	const struct list_head *la = &a->slub->slab_caches;
	const struct list_head *lb = &b->slub->slab_caches;
	const struct list_head *pa = la->next, *pb = lb->next;

	while (pa != la && pb != lb) {
		struct kmem_cache *sa = list_entry(pa, struct kmem_cache, list);
		struct kmem_cache *sb = list_entry(pb, struct kmem_cache, list);

		same_cache(a, sa, b, sb,
			   deep		   ? LOOK_ALL
			   : sa == touched ? LOOK_NEAR
					   : LOOK_TOP);
		pa = pa->next;
		pb = pb->next;
	}
	assert_true(pa == la && pb == lb);
	same_log(a, b);
	if (!deep)
		return;
	assert_same_procfs(a, b, "/proc/slabinfo");
	assert_same_procfs(a, b, "/proc/meminfo");
	for (unsigned long pfn = 0; pfn < a->nr_pages; pfn++) {
		const struct page *qa = &a->memmap[pfn], *qb = &b->memmap[pfn];

		if (qa->flags != qb->flags || qa->_refcount != qb->_refcount ||
		    qa->owner != qb->owner)
			fail_msg("pfn %#lx differs: flags %#lx/%#lx ref %d/%d "
				 "owner %u/%u",
				 pfn, qa->flags, qb->flags, qa->_refcount,
				 qb->_refcount, qa->owner, qb->owner);
	}
}

/* every slab's memory: object contents, free pointers, padding */
static void same_slab_memory(struct machine *a, struct machine *b)
{
	for (unsigned long pfn = 0; pfn < a->nr_pages; pfn++) {
		struct page *pa = &a->memmap[pfn];
		size_t len;

		if (!PageSlab(pa))
			continue;
		len = (size_t)KM_PAGE_SIZE << pa->compound_order;
		assert_memory_equal(km_ptr(a, page_address(a, pa)),
				    km_ptr(b, page_address(b, &b->memmap[pfn])),
				    len);
	}
}

struct live {
	unsigned long addr;
	size_t size; /* what the pattern covers */
	int cache;   /* index into caches[][], -1: kmalloc */
};

struct run {
	struct machine *ms[NM];
	struct kmem_cache *caches[NM][NC]; /* NULL: not created (now) */
	struct live live[MAX_LIVE];
	int nr;
	uint64_t s;
	/* A's steps that met a shortcut's conditions */
	long refill_ok, free_push_ok, free_full_ok;
	long refill_poked; /* all but a poked cpu partial slab */
	long steps;
	/* the objects of the step (krealloc's old one): their slabs' chains */
	unsigned long obj, obj2;
	struct trace trace; /* E's */
};

/* a kmalloc size: most often the common ones, else mostly small */
static size_t pick_size(uint64_t x)
{
	static const size_t common[] = {8, 16, 64, 96, 192, 1024};

	switch (x % 16) {
	case 0:
	case 1:
		return 1 + (x >> 4) % 256;
	case 2:
		return 1 + (x >> 4) % 8192;
	case 3:
	case 4:
	case 5:
	case 6: /* few objects a slab: slabs come and go often */
		return (1 + (x >> 4) % 2048) << (x >> 16) % 3;
	default:
		return common[(x >> 4) % 6];
	}
}

static gfp_t pick_gfp(uint64_t x)
{
	switch (x % 16) {
	case 0:
		return GFP_KERNEL | __GFP_ZERO;
	case 1:
		return GFP_KERNEL | __GFP_RECLAIMABLE;
	case 2:
		return GFP_KERNEL_ACCOUNT;
	case 3:
		return GFP_KERNEL | GFP_DMA;
	default:
		return GFP_KERNEL;
	}
}

/* slab_alloc_refill()'s conditions, on A before an allocation from s on
 * no node (the fast path's pop failing first) */
static void note_refill(struct run *r, struct kmem_cache *s, int node)
{
	struct machine *a = r->ms[0];
	struct kmem_cache_cpu *c = &s->cpu_slab[a->cur_cpu];

	if (node == NUMA_NO_NODE && !c->freelist && c->slab && c->partial &&
	    !c->slab->freelist && c->partial->freelist)
		PageFlag(c->partial, PG_poked) ? r->refill_poked++
					       : r->refill_ok++;
}

/* kfree_slab_free()'s two cases, on A before a kfree of x */
static void note_free(struct run *r, unsigned long x)
{
	struct machine *a = r->ms[0];
	struct page *slab = virt_to_slab(a, x);
	struct kmem_cache *s;
	struct kmem_cache_cpu *c;

	if (!slab || a->cfg.init_on_free)
		return;
	s = slab->slab_cache;
	c = &s->cpu_slab[a->cur_cpu];
	if (kmem_cache_debug(s) || slab == c->slab)
		return;
	if (slab->freelist && slab->inuse >= 2)
		r->free_push_ok++;
	else if (!slab->freelist && !slab->frozen &&
		 !(c->partial &&
		   c->partial->slabs >= (int)s->cpu_partial_slabs))
		r->free_full_ok++;
}

/* len bytes at x all hold c */
static void same_bytes(struct machine *m, unsigned long x, size_t len,
		       unsigned int c)
{
	const unsigned char *p = km_ptr(m, x);

	for (size_t k = 0; k < len; k++)
		if (p[k] != c)
			fail_msg("%#lx+%zu: %#x, not %#x", x, k, p[k], c);
}

/* the same object on every machine; a pattern written in it */
static void new_live(struct run *r, unsigned long *p, size_t size, int cache,
		     gfp_t gfp)
{
	for (int i = 1; i < NM; i++)
		assert_int_equal(p[0], p[i]);
	if (!p[0] || p[0] == ZERO_SIZE_PTR)
		return;
	/* init_on_alloc leaves a constructor's work even for __GFP_ZERO */
	if ((gfp & __GFP_ZERO) && !(cache == 0 && r->ms[0]->cfg.init_on_alloc))
		same_bytes(r->ms[0], p[0], size, 0);
	if (size > 256)
		size = 256;
	for (int i = 0; i < NM; i++)
		memset(km_ptr(r->ms[i], p[i]), (int)(p[0] >> 3) & 0xff, size);
	r->obj = p[0];
	if (r->nr < MAX_LIVE)
		r->live[r->nr++] = (struct live){p[0], size, cache};
	else /* no room to remember it: freed again at once */
		for (int i = 0; i < NM; i++)
			assert_int_equal(kfree(r->ms[i], p[i]), 0);
}

static void free_live(struct run *r, int k)
{
	struct live *l = &r->live[k];
	int rc[NM];

	same_bytes(r->ms[0], l->addr, l->size, (l->addr >> 3) & 0xff);
	if (l->cache < 0)
		note_free(r, l->addr);
	r->obj = l->addr;
	for (int i = 0; i < NM; i++)
		rc[i] = l->cache < 0 ? kfree(r->ms[i], l->addr)
				     : kmem_cache_free(r->ms[i],
						       r->caches[i][l->cache],
						       l->addr);
	for (int i = 0; i < NM; i++)
		assert_int_equal(rc[i], 0);
	/* in order: the oldest stay first */
	memmove(l, l + 1, (size_t)(--r->nr - k) * sizeof(*l));
}

static const char *const cache_names[NC] = {"fp_ctor", "fp_hwalign", "fp_tmp"};

static void create_cache(struct run *r, int k)
{
	for (int i = 0; i < NM; i++) {
		struct machine *m = r->ms[i];

		switch (k) {
		case 0: /* a constructor: unmergeable */
			r->caches[i][k] = kmem_cache_create(
				m, cache_names[k], 136, 0, 0, true, 0, 0);
			break;
		case 1:
			r->caches[i][k] = kmem_cache_create(
				m, cache_names[k], 200, 0,
				SLAB_HWCACHE_ALIGN | SLAB_NO_MERGE, false, 0,
				0);
			break;
		default:
			r->caches[i][k] =
				kmem_cache_create(m, cache_names[k], 48, 0,
						  SLAB_NO_MERGE, false, 0, 0);
			break;
		}
		assert_non_null(r->caches[i][k]);
	}
}

/* the temporary cache goes: its objects first */
static void destroy_tmp(struct run *r)
{
	for (int k = r->nr - 1; k >= 0; k--)
		if (r->live[k].cache == 2)
			free_live(r, k);
	for (int i = 0; i < NM; i++) {
		kmem_cache_destroy(r->ms[i], r->caches[i][2]);
		r->caches[i][2] = NULL;
	}
}

/*
 * One random step on every machine, the same on each; returns A's cache
 * it touched (its free chains are compared), NULL for none or for a
 * step that may touch several (then every chain is).
 */
static struct kmem_cache *step(struct run *r, int cap, int free_pct, bool *deep)
{
	struct machine *a = r->ms[0];
	uint64_t x = xorshift(&r->s);
	unsigned int what = (unsigned int)(x % 1000);
	unsigned long p[NM];
	struct kmem_cache *s;

	x >>= 10;
	if (what < 15) { /* another CPU */
		for (int i = 0; i < NM; i++)
			r->ms[i]->cur_cpu = (int)(x % (uint64_t)a->nr_cpus);
		return NULL;
	}
	if (what < 17) { /* flush_all (a sysfs write that flushes) */
		int k = (int)(x % 8);

		s = k < NC ? r->caches[0][k]
			   : kmalloc_slab(a, pick_size(x >> 3),
					  pick_gfp(x >> 20));
		if (!s)
			return NULL;
		for (int i = 0; i < NM; i++)
			flush_all(r->ms[i],
				  k < NC ? r->caches[i][k]
					 : kmalloc_slab(r->ms[i],
							pick_size(x >> 3),
							pick_gfp(x >> 20)));
		return s;
	}
	if (what < 19) { /* kmem_cache_shrink */
		size_t size = pick_size(x);
		gfp_t gfp = pick_gfp(x >> 20);

		for (int i = 0; i < NM; i++)
			kmem_cache_shrink(r->ms[i],
					  kmalloc_slab(r->ms[i], size, gfp));
		return kmalloc_slab(a, size, gfp);
	}
	if (what < 21) { /* cpu_partial or min_partial through sysfs */
		static const char *const cp[] = {"0",  "4",  "13",
						 "30", "52", "120"};
		static const char *const mp[] = {"0", "1", "5", "10"};
		char path[96];
		int rc[NM];

		s = kmalloc_slab(a, pick_size(x), GFP_KERNEL);
		snprintf(path, sizeof(path), "%s/%s", s->name,
			 x % 3 ? "cpu_partial" : "min_partial");
		for (int i = 0; i < NM; i++)
			rc[i] = slub_sysfs_write(r->ms[i], path,
						 x % 3 ? cp[(x >> 20) % 6]
						       : mp[(x >> 20) % 4]);
		for (int i = 1; i < NM; i++)
			assert_int_equal(rc[0], rc[i]);
		return s;
	}
	if (what < 23) { /* the temporary cache comes or goes */
		*deep = true;
		if (r->caches[0][2])
			destroy_tmp(r);
		else
			create_cache(r, 2);
		return NULL;
	}
	if (what < 25 && r->nr) {
		/* a write into a live object (its own byte again) marks its
		 * slab PG_poked, as `poke` does: SLUB then checks pointers
		 * there, and the shortcuts leave such slabs to the full
		 * paths */
		struct live *l = &r->live[x % (uint64_t)r->nr];
		unsigned char byte = *(unsigned char *)km_ptr(a, l->addr);

		for (int i = 0; i < NM; i++)
			assert_int_equal(kernel_access(r->ms[i], l->addr, &byte,
						       1, true, "test"),
					 0);
		r->obj = l->addr;
		return NULL;
	}
	if (what < 30 && r->nr) { /* krealloc */
		int k = (int)(x % (uint64_t)r->nr);
		struct live *l = &r->live[k];
		size_t size = pick_size(x >> 13);

		if (l->cache >= 0)
			return NULL;
		for (int i = 0; i < NM; i++)
			p[i] = krealloc(r->ms[i], l->addr, size, GFP_KERNEL);
		r->obj2 = l->addr;
		s = virt_to_slab(a, l->addr)
			    ? virt_to_slab(a, l->addr)->slab_cache
			    : NULL;
		memmove(l, l + 1, (size_t)(--r->nr - k) * sizeof(*l));
		new_live(r, p, size, -1, GFP_KERNEL);
		/* the old object's cache; the new one's slab (below) */
		return s;
	}
	if (r->nr && ((int)(xorshift(&r->s) % 100) < free_pct ||
		      r->nr >= cap)) { /* a free */
		/* half of the frees among the oldest objects, whose slabs
		 * are full, as a queue of requests would free them */
		int k = (int)(x % (uint64_t)((x >> 50) & 1 ? r->nr / 8 + 1
							   : r->nr));
		struct live *l = &r->live[k];

		s = l->cache >= 0 ? r->caches[0][l->cache]
		    : virt_to_slab(a, l->addr)
			    ? virt_to_slab(a, l->addr)->slab_cache
			    : NULL;
		free_live(r, k);
		return s;
	}
	/* an allocation: on a NUMA machine a third ask for a node */
	int node = a->nr_nodes > 1 && (x >> 40) % 3 == 0
			   ? (int)((x >> 42) % (uint64_t)a->nr_nodes)
			   : NUMA_NO_NODE;

	if (what < 780) { /* kmalloc */
		size_t size = pick_size(x);
		gfp_t gfp = pick_gfp(x >> 16);

		s = kmalloc_slab(a, size, gfp);
		if (s)
			note_refill(r, s, node);
		for (int i = 0; i < NM; i++)
			p[i] = node == NUMA_NO_NODE
				       ? kmalloc(r->ms[i], size, gfp)
				       : kmalloc_node(r->ms[i], size, gfp,
						      node);
		new_live(r, p, size, -1, gfp);
		/* (the DMA zone is on node 0 only) */
		if (p[0] && s && node != NUMA_NO_NODE && !(gfp & GFP_DMA) &&
		    page_to_nid(a, virt_to_slab(a, p[0])) != node)
			fail_msg("kmalloc_node(%d) gave a slab of node %d",
				 node, page_to_nid(a, virt_to_slab(a, p[0])));
		return s;
	}
	int k = (int)(x % NC);
	gfp_t gfp = (x >> 8) % 8 ? GFP_KERNEL : GFP_KERNEL | __GFP_ZERO;

	s = r->caches[0][k];
	if (!s)
		return NULL;
	note_refill(r, s, node);
	for (int i = 0; i < NM; i++)
		p[i] = node == NUMA_NO_NODE
			       ? kmem_cache_alloc(r->ms[i], r->caches[i][k],
						  gfp)
			       : kmem_cache_alloc_node(
					 r->ms[i], r->caches[i][k], gfp, node);
	new_live(r, p, s->object_size, k, gfp);
	return s;
}

static long stat_sum(struct machine *m, enum stat_item item)
{
	struct kmem_cache *s;
	long sum = 0;

	for_each_kmem_cache (m, s)
		for (int cpu = 0; cpu < m->nr_cpus; cpu++)
			sum += s->cpu_slab[cpu].stat[item];
	return sum;
}

/* the slab holding x (if any still does), and its free chain */
static void same_obj_slab(struct machine *a, struct machine *b, unsigned long x)
{
	struct page *pa = x ? virt_to_slab(a, x) : NULL;
	struct page *pb = x ? virt_to_slab(b, x) : NULL;

	assert_true(!pa == !pb);
	if (pa)
		same_slab(a, pa->slab_cache, pa, b, pb->slab_cache, pb, true);
}

static void compare_all(struct run *r, struct kmem_cache *touched, bool deep)
{
	for (int i = 1; i < NM; i++) {
		same_state(r->ms[0], r->ms[i], touched, deep);
		same_obj_slab(r->ms[0], r->ms[i], r->obj);
		same_obj_slab(r->ms[0], r->ms[i], r->obj2);
	}
	r->obj = r->obj2 = 0;
	same_trace(r->ms[3], r->ms[4], &r->trace);
	same_events(r->ms[1], r->ms[3]);
}

static void run(const char *preset, int nr_cpus, bool hardened,
		bool init_on_alloc, bool init_on_free, uint64_t seed,
		int steps_per_phase)
{
	struct machine_config cfg;
	static struct run rr;
	static struct rec rec[NM];
	struct run *r = &rr;
	/* the live set grows (slabs fill and leave full), shrinks (full
	 * slabs get free objects and go onto cpu partial lists, which
	 * drain; empty slabs are discarded), grows again (cpu partial
	 * slabs become cpu slabs) and so on */
	static const struct {
		int cap, free_pct;
	} phases[] = {{4000, 25}, {300, 75},  {MAX_LIVE, 30},
		      {1000, 70}, {3000, 35}, {0, 80}};

	memset(r, 0, sizeof(*r));
	r->s = seed;
	assert_int_equal(machine_preset(&cfg, preset), 0);
	if (nr_cpus)
		cfg.nr_cpus = nr_cpus;
	cfg.hardened = hardened;
	cfg.init_on_alloc = init_on_alloc;
	cfg.init_on_free = init_on_free;
	cfg.seed = seed;
	for (int i = 0; i < NM; i++) {
		r->ms[i] = boot_config(&cfg);
		rec[i].n = 0;
	}
	r->ms[1]->sink = r->ms[3]->sink = sink_rec;
	r->ms[1]->sink_ctx = &rec[1];
	r->ms[3]->sink_ctx = &rec[3];
	r->ms[2]->slub_full_paths = r->ms[3]->slub_full_paths = true;
	trace_init(&r->trace);
	trace_attach(&r->trace, r->ms[4]);
	create_cache(r, 0);
	create_cache(r, 1);
	compare_all(r, NULL, true);
	for (size_t phase = 0; phase < sizeof(phases) / sizeof(phases[0]);
	     phase++) {
		for (int i = 0; i < steps_per_phase; i++) {
			bool deep = ++r->steps % DEEP_EVERY == 0;
			struct kmem_cache *t =
				step(r, phases[phase].cap,
				     phases[phase].free_pct, &deep);

			compare_all(r, t, deep);
			if (r->steps % CHECK_EVERY == 0)
				for (int m = 0; m < NM; m++)
					assert_int_equal(mm_check(r->ms[m]), 0);
		}
		for (int i = 0; i < NM; i++)
			assert_int_equal(mm_check(r->ms[i]), 0);
		compare_all(r, NULL, true);
		for (int i = 1; i < NM; i++)
			same_slab_memory(r->ms[0], r->ms[i]);
	}
	while (r->nr) {
		free_live(r, r->nr - 1);
		compare_all(r, NULL, false);
	}
	if (r->caches[0][2])
		destroy_tmp(r);
	for (int i = 0; i < NM; i++) {
		struct kmem_cache *s;

		for_each_kmem_cache (r->ms[i], s)
			kmem_cache_shrink(r->ms[i], s);
	}
	compare_all(r, NULL, true);

	/* the shortcuts' cases came up, and the routes around them */
	struct machine *a = r->ms[0];

	print_message(
		"%s: %ld steps; refill %ld (%ld poked), free push %ld, free "
		"full %ld;"
		" cpu_partial_alloc %ld deactivate_bypass %ld "
		"cpu_partial_free %ld cpu_partial_drain %ld "
		"alloc_from_partial %ld free_slab %ld free_frozen %ld\n",
		preset, r->steps, r->refill_ok, r->refill_poked,
		r->free_push_ok, r->free_full_ok,
		stat_sum(a, CPU_PARTIAL_ALLOC), stat_sum(a, DEACTIVATE_BYPASS),
		stat_sum(a, CPU_PARTIAL_FREE), stat_sum(a, CPU_PARTIAL_DRAIN),
		stat_sum(a, ALLOC_FROM_PARTIAL), stat_sum(a, FREE_SLAB),
		stat_sum(a, FREE_FROZEN));
	assert_true(r->refill_ok >= 150);
	assert_true(r->refill_poked >= 5);
	assert_true(stat_sum(a, CPU_PARTIAL_ALLOC) >= 150);
	assert_true(stat_sum(a, DEACTIVATE_BYPASS) >= 150);
	assert_true(stat_sum(a, CPU_PARTIAL_FREE) >= 150);
	/* init_on_free: kfree() takes kfree_full(), never kfree_slab_free() */
	if (!init_on_free) {
		assert_true(r->free_push_ok >= 2000);
		assert_true(r->free_full_ok >= 150);
	}
	assert_true(stat_sum(a, CPU_PARTIAL_DRAIN) >= 20);
	assert_true(stat_sum(a, ALLOC_FROM_PARTIAL) >= 100);
	assert_true(stat_sum(a, FREE_SLAB) >= 100);
	assert_true(stat_sum(a, FREE_FROZEN) >= 20);
	trace_free(&r->trace);
	for (int i = 0; i < NM; i++) {
		assert_false(r->ms[i]->tainted);
		check_and_destroy(r->ms[i]);
		free(rec[i].ev);
		rec[i] = (struct rec){0};
	}
}

static void test_default(void **state)
{
	(void)state;
	run("default", 0, true, false, false, 1, 6000);
}

static void test_default_plain(void **state)
{
	(void)state;
	run("default", 4, false, true, false, 23, 5000);
}

static void test_numa(void **state)
{
	(void)state;
	run("numa", 0, true, false, false, 5, 6000);
}

/* the refill shortcut with init_on_free's wipes (maybe_wipe_obj_freeptr) */
static void test_init_on_free(void **state)
{
	(void)state;
	run("default", 0, true, false, true, 41, 4000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_default_plain),
		cmocka_unit_test(test_numa),
		cmocka_unit_test(test_init_on_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
