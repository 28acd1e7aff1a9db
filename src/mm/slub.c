// SPDX-License-Identifier: GPL-2.0-only
/*
 * SLUB (twin: mm/slub.c, 6.12): cache geometry, slabs in simulated RAM,
 * every allocation and free path per CPU and per node, shrink, destroy,
 * /sys/kernel/slab, the checker and the describers of the views.
 *
 * State map (6.8+ scheme, as at the top of mm/slub.c):
 *   cpu slab      c->slab, frozen; its free objects are split between
 *                 c->freelist (this CPU's lockless list) and
 *                 slab->freelist (objects freed by other CPUs)
 *   cpu partial   on c->partial through slab->next, not frozen, on no
 *                 node list; slab->slabs counts slabs to the tail
 *   node partial  on n->partial, PG_workingset set, not frozen
 *   full          on no list in the kernel; kmemlab keeps it on n->full
 *                 (PG_full) so views can show it (the kernel does that
 *                 only for SLAB_STORE_USER caches)
 * slab->inuse counts objects not on slab->freelist, so objects sitting on
 * the cpu freelist count as in use.
 *
 * Bad frees (slab_free_bad): without slab_debug's F, a double free or a
 * free inside an object goes through as in the kernel, and marks the
 * slab PG_poked like a learner's poke. In such a slab every pointer is
 * checked before SLUB follows it (slab_object_ok: inside the slab, room
 * for an object), every walk is bounded (chain_walk), and the checker
 * accepts broken chains and counters; memory safety is never relaxed.
 *
 * Left out: slab_debug checks and reports (§4.9, a later issue: debug
 * caches already take the kernel's locked one-object paths), pfmemalloc
 * (the simulated machine has no reserves), memcg, KASAN/KFENCE hooks, RCU
 * deferral (RCU caches free at once), bulk alloc/free, CPU hotplug.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/buddy.h"
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"
#include "internal.h"

const char *const slub_stat_names[NR_SLUB_STAT_ITEMS] = {
	"alloc_fastpath",      "alloc_slowpath",      "free_fastpath",
	"free_slowpath",       "free_frozen",	      "free_add_partial",
	"free_remove_partial", "alloc_from_partial",  "alloc_slab",
	"alloc_refill",	       "alloc_node_mismatch", "free_slab",
	"cpuslab_flush",       "deactivate_full",     "deactivate_empty",
	"deactivate_to_head",  "deactivate_to_tail",  "deactivate_remote_frees",
	"deactivate_bypass",   "order_fallback",      "cmpxchg_double_cpu_fail",
	"cmpxchg_double_fail", "cpu_partial_alloc",   "cpu_partial_free",
	"cpu_partial_node",    "cpu_partial_drain",
};

const char *const slab_where_names[] = {
	"none", "cpu slab", "cpu partial", "node partial", "node full",
};

#define DEACTIVATE_TO_HEAD_ 0
#define DEACTIVATE_TO_TAIL_ 1

static inline void stat(struct machine *m, struct kmem_cache *s,
			enum stat_item si)
{
	s->cpu_slab[m->cur_cpu].stat[si]++;
}

/*
 * The hot paths call these instead of mm_call()/MM_EVENT() directly: the
 * same events, but built out of line, so with tracing off the fast path
 * pays one test and no stack frame for an event.
 *
 * Their events are filled field by field: a designated
 * initializer makes GCC zero the 96-byte struct with `rep stos`, which
 * costs more than the rest of a traced kmalloc. The assertion catches a
 * new field in event.h that this would leave unset.
 */
_Static_assert(sizeof(struct mm_event) == 96,
	       "struct mm_event changed: update slub_event_init()");

static inline void slub_event_init(struct mm_event *ev, enum mm_event_type type,
				   const char *func, int cpu)
{
	ev->type = type;
	ev->func = func;
	ev->cache = NULL;
	ev->text = NULL;
	ev->addr = 0;
	ev->addr2 = 0;
	ev->pfn = 0;
	ev->pfn2 = 0;
	ev->order = 0;
	ev->mt = 0;
	ev->mt2 = 0;
	ev->nid = 0;
	ev->zone = 0;
	ev->cpu = cpu;
	ev->n = 0;
}

/* mm_call() for the hot paths: the same EV_CALL event, built in place
 * (slub_state.call_ev keeps the fields every call leaves zero); inline,
 * under slub_call()'s unlikely test: a call less per event */
static inline __attribute__((always_inline)) void
slub_call_out(struct machine *m, const char *func)
{
	struct mm_event *ev;

	if (mm_call_log(m, func))
		return;
	ev = &m->slub->call_ev;
	ev->func = func;
	ev->cpu = m->cur_cpu;
	m->sink(m->sink_ctx, ev);
}

#define slub_call(m, func)                                                     \
	do {                                                                   \
		if (__builtin_expect((m)->sink != NULL, 0))                    \
			slub_call_out(m, func);                                \
	} while (0)

/* An object event built in place (slub_state.obj_ev, all zero but what
 * is set here), for the sink */
static inline __attribute__((always_inline)) const struct mm_event *
slub_object_ev(struct machine *m, enum mm_event_type type, const char *func,
	       struct kmem_cache *s, unsigned long object, struct page *slab,
	       long n)
{
	struct mm_event *ev = &m->slub->obj_ev;

	ev->type = type;
	ev->func = func;
	ev->cpu = m->cur_cpu;
	ev->cache = s->name;
	ev->addr = object;
	ev->addr2 = page_address(m, slab);
	ev->n = n;
	return ev;
}

/* An object event into the array the sink's owner lent, if it has room
 * (true: done): every field written, nothing read back soon */
static inline __attribute__((always_inline)) bool
slub_object_lent(struct machine *m, enum mm_event_type type, const char *func,
		 struct kmem_cache *s, unsigned long object, struct page *slab,
		 long n)
{
	struct mm_event *e = m->ev_pos;

	/* none lent: both NULL */
	if (e >= m->ev_end || !((m->ev_lend_types >> type) & 1))
		return false;
	m->ev_pos = e + 1;
	e->type = type;
	e->func = func;
	e->cache = s->name;
	e->text = NULL;
	e->addr = object;
	e->addr2 = page_address(m, slab);
	e->pfn = e->pfn2 = 0;
	e->order = e->mt = e->mt2 = e->nid = e->zone = 0;
	e->cpu = m->cur_cpu;
	e->n = n;
	return true;
}

/* noinline but not cold: GCC treats the code after a call to a cold
 * function as cold too, and moved the fast paths that follow this one
 * into .text.unlikely (the test of m->sink keeps it out of the way) */
static __attribute__((noinline)) void
slub_object_event(struct machine *m, enum mm_event_type type, const char *func,
		  struct kmem_cache *s, unsigned long object, struct page *slab,
		  long n)
{
	if (slub_object_lent(m, type, func, s, object, slab, n))
		return;
	m->sink(m->sink_ctx, slub_object_ev(m, type, func, s, object, slab, n));
}

/* The allocation event as the traced fast path's last step (a tail call:
 * the path keeps no frame); returns the object */
static __attribute__((noinline)) unsigned long
slub_alloc_event(struct machine *m, struct kmem_cache *s, unsigned long object,
		 size_t orig_size)
{
	slub_object_event(m, EV_SLAB_ALLOC, "slab_alloc_node", s, object,
			  compound_head(virt_to_page(m, object)),
			  (long)orig_size);
	return object;
}

/* How a copy of a fast path traces: a constant in each copy. TR_LENT:
 * the caller made room in the path array the trace lent for every call
 * the copy enters, which are then plain stores (kmalloc's and kfree's
 * first ones stored at once, slub_calls_lent); its object event may
 * come after calls it preceded, which only an observer of calls could
 * tell, and for one nothing is lent. */
enum { TR_OFF, TR_EVENTS, TR_LENT };

static inline __attribute__((always_inline)) void
slub_call_fast(struct machine *m, int tr, const char *func)
{
	if (tr == TR_LENT)
		*m->call_pos++ = func;
	else if (tr == TR_EVENTS)
		slub_call_out(m, func);
}

/*
 * Calls entered one after another, stored in the lent path at once: each
 * `*m->call_pos++` reloads call_pos from the store just before it, and on
 * a traced kmalloc+kfree pair that chain of store-to-load forwarding, not
 * the work, set the pace (2.9 against 2.6 times the untraced pair)
 */
static inline void slub_calls_lent(struct machine *m, const char *a,
				   const char *b, const char *c)
{
	const char **p = m->call_pos;

	p[0] = a;
	p[1] = b;
	if (c) {
		p[2] = c;
		m->call_pos = p + 3;
	} else {
		m->call_pos = p + 2;
	}
}

/* Room for n more calls in the lent path (none lent: no room) */
static inline bool slub_lent_room(const struct machine *m, long n)
{
	return m->call_end - m->call_pos >= n;
}

/* TID_STEP = roundup_pow_of_two(CONFIG_NR_CPUS); ours is KM_NR_CPUS */
#define TID_STEP ((unsigned long)KM_NR_CPUS)

static inline unsigned long next_tid(struct machine *m, unsigned long tid)
{
	(void)m;
	return tid + TID_STEP;
}

static inline struct kmem_cache_node *get_node(struct kmem_cache *s, int nid)
{
	return s->node[nid];
}

static inline int slab_nid(const struct machine *m, const struct page *slab)
{
	return page_to_nid(m, slab);
}

static inline unsigned int slab_order(const struct page *slab)
{
	return slab->compound_order;
}

static inline bool node_match(const struct machine *m, const struct page *slab,
			      int node)
{
	return node == NUMA_NO_NODE || slab_nid(m, slab) == node;
}

/* --- free pointers (CONFIG_SLAB_FREELIST_HARDENED) ------------------------ */

static inline unsigned long swab64(unsigned long x)
{
	return __builtin_bswap64(x);
}

/* mm/slub.c: freelist_ptr_encode/decode; NULL is stored encoded too */
static inline unsigned long freelist_ptr(const struct machine *m,
					 const struct kmem_cache *s,
					 unsigned long ptr, unsigned long slot)
{
	if (m->cfg.hardened)
		return ptr ^ s->random ^ swab64(slot);
	return ptr;
}

static inline unsigned long __get_freepointer(const struct machine *m,
					      const struct kmem_cache *s,
					      unsigned long object)
{
	unsigned long slot = object + s->offset;
	unsigned long v;

	memcpy(&v, km_ptr(m, slot), sizeof(v));
	return freelist_ptr(m, s, v, slot);
}

unsigned long get_freepointer(struct machine *m, const struct kmem_cache *s,
			      unsigned long object)
{
	return __get_freepointer(m, s, object);
}
#define get_freepointer(m, s, o) __get_freepointer(m, s, o)

static inline void set_freepointer(struct machine *m, struct kmem_cache *s,
				   unsigned long object, unsigned long fp)
{
	unsigned long slot = object + s->offset;
	unsigned long v = freelist_ptr(m, s, fp, slot);

	/* the hardened BUG_ON(object == fp) is reported before anything
	 * changes (slab_free_bad); without hardening the kernel has no such
	 * check and a double free of the head makes a self-loop */
	KM_BUG_ON(m->cfg.hardened && object == fp);
	memcpy(km_ptr(m, slot), &v, sizeof(v));
}

/* For slab_debug's repairs, which zap a pointer to NULL */
void set_freepointer_unchecked(struct machine *m, struct kmem_cache *s,
			       unsigned long object, unsigned long fp)
{
	unsigned long slot = object + s->offset;
	unsigned long v = freelist_ptr(m, s, fp, slot);

	memcpy(km_ptr(m, slot), &v, sizeof(v));
}

/* --- object index and the allocation bitmaps ------------------------------ */

static inline unsigned int obj_to_index(const struct machine *m,
					const struct kmem_cache *s,
					const struct page *slab,
					unsigned long obj)
{
	unsigned long off = obj - slab_address(m, slab) - s->red_left_pad;

	if (s->reciprocal_size)
		return (unsigned int)((off * s->reciprocal_size) >> 42);
	return (unsigned int)(off / s->size);
}

/* The bitmap word of obj: allocmap[(obj - PAGE_OFFSET) >> 9], from the
 * biased base in one addition (PAGE_OFFSET is 512-aligned, so the bit in
 * the word is (obj >> 3) % 64) */
static inline uint64_t *objmap_word(const struct slub_state *ss,
				    unsigned long obj)
{
	return (uint64_t *)(ss->allocmap_bias + ((obj >> 6) & ~7UL));
}

static inline uint64_t objmap_bit(unsigned long obj)
{
	return 1ULL << ((obj >> 3) % 64);
}

static inline void objmap_set(struct machine *m, unsigned long obj)
{
	*objmap_word(m->slub, obj) |= objmap_bit(obj);
}

static inline void objmap_clear(struct machine *m, unsigned long obj)
{
	*objmap_word(m->slub, obj) &= ~objmap_bit(obj);
}

static inline bool obj_allocated(const struct machine *m, unsigned long obj)
{
	return (*objmap_word(m->slub, obj) & objmap_bit(obj)) != 0;
}

/* Object i of a slab handed out? */
static inline bool objmap_test(const struct machine *m,
			       const struct kmem_cache *s,
			       const struct page *slab, unsigned int i)
{
	return obj_allocated(m, slab_obj_addr(m, s, slab, i));
}

/* --- free chains a learner corrupted -------------------------------------- */

/*
 * SLUB trusts its free pointers; a learner's poke, or a bad free that
 * kmemlab lets through as a production kernel does (a double free, a
 * free inside an object), can put anything there. Both mark the slab
 * PG_poked ("corrupted"), and before SLUB follows a pointer in such a
 * slab kmemlab checks that SLUB can use it as an object of that slab:
 * it lies inside the slab with room for a whole object (an object start,
 * handed out or not, or an address inside an object that a misaligned
 * free pushed). Those the kernel follows and hands out, and so does
 * kmemlab; reading their free pointer stays inside the slab. Slabs never
 * corrupted keep the kernel's unchecked fast path.
 */
static inline bool slab_object_ok(const struct machine *m,
				  const struct kmem_cache *s,
				  const struct page *slab, unsigned long object)
{
	unsigned long start = slab_address(m, slab);
	unsigned long end = start + (KM_PAGE_SIZE << slab->compound_order);

	return object >= start + s->red_left_pad &&
	       object - s->red_left_pad <= end - s->size;
}

/* For walkers outside SLUB (snapshots, views): the next pointer of p on
 * a free chain of slab, or false when p is no object SLUB could follow
 * there (nothing is read then). */
bool slab_chain_next(struct machine *m, struct page *slab, unsigned long p,
		     unsigned long *next)
{
	const struct kmem_cache *s = slab->slab_cache;

	if (!PageSlab(slab) || !s || !slab_object_ok(m, s, slab, p))
		return false;
	*next = __get_freepointer(m, s, p);
	return true;
}

/*
 * A corrupted chain from head, walked without trusting it: it stops at
 * NULL, at a pointer SLUB could not follow as an object of slab (bad),
 * or where it comes back to an object it passed (a cycle, found with
 * Brent's algorithm, so no memory and O(length) steps). Returns the
 * number of distinct objects; tail is the last of them (where a cycle
 * closes), cycle the object it loops back to.
 */
struct chain_end {
	unsigned long tail, bad, cycle;
};

static unsigned long chain_walk(struct machine *m, const struct kmem_cache *s,
				const struct page *slab, unsigned long head,
				struct chain_end *e)
{
	unsigned long power = 1, lam = 1, mu = 0, n = 1, tort, hare, last;

	e->tail = e->bad = e->cycle = 0;
	if (!head)
		return 0;
	if (!slab_object_ok(m, s, slab, head)) {
		e->bad = head;
		return 0;
	}
	last = tort = head;
	hare = __get_freepointer(m, s, head);
	while (hare != tort) {
		if (!hare || !slab_object_ok(m, s, slab, hare)) {
			e->bad = hare;
			e->tail = last;
			return n;
		}
		last = hare;
		n++;
		if (power == lam) {
			tort = hare;
			power *= 2;
			lam = 0;
		}
		hare = __get_freepointer(m, s, hare);
		lam++;
	}
	/* every object of the rho was checked: find where the loop starts */
	tort = hare = head;
	for (unsigned long i = 0; i < lam; i++)
		hare = __get_freepointer(m, s, hare);
	while (tort != hare) {
		tort = __get_freepointer(m, s, tort);
		hare = __get_freepointer(m, s, hare);
		mu++;
	}
	e->cycle = tort;
	last = head;
	for (unsigned long i = 1; i < mu + lam; i++)
		last = __get_freepointer(m, s, last);
	e->tail = last;
	return mu + lam;
}

#define slab_poked(slab) __builtin_expect(PageFlag(slab, PG_poked), 0)

static void set_freepointer_bug(struct machine *m, struct kmem_cache *s,
				struct page *slab, unsigned long object,
				const char *rip);

static void remove_partial(struct kmem_cache_node *n, struct page *slab);
static inline void full_list_add(struct kmem_cache_node *n, struct page *slab)
{
	list_add(&slab->slab_list, &n->full);
	SetPageFlag(slab, PG_full);
}

static inline void add_full(struct machine *m, struct kmem_cache *s,
			    struct kmem_cache_node *n, struct page *slab);

/*
 * After a chain was cut or mended (a repair, a learner's poke, kmemlab's
 * isolation), the allocation bitmap follows the chains, as the kernel
 * sees them: an object a chain reaches is free; one no chain reaches is
 * lost, counted in use and never handed out (it stays freeable, like any
 * object in use). slab->inuse becomes what the chain says. A node-partial
 * slab left with no free object moves to the full list.
 */
void slab_mark_lost_objects(struct machine *m, struct kmem_cache *s,
			    struct page *slab)
{
	uint64_t seen[MAX_OBJS_PER_PAGE / 64 + 1];
	unsigned long base = slab_address(m, slab) + s->red_left_pad;
	unsigned long heads[2] = {slab->freelist, 0};
	unsigned int nfree = 0;
	int cpu;

	for_each_cpu (m, cpu)
		if (s->cpu_slab[cpu].slab == slab)
			heads[1] = s->cpu_slab[cpu].freelist;
	memset(seen, 0, DIV_ROUND_UP(slab->objects, 64u) * sizeof(uint64_t));
	for (int h = 0; h < 2; h++) {
		for (unsigned long p = heads[h]; p;
		     p = get_freepointer(m, s, p)) {
			unsigned long off = p - base;
			unsigned int i;

			if (off >= (unsigned long)slab->objects * s->size ||
			    off % s->size)
				break;
			i = obj_to_index(m, s, slab, p);
			if (seen[i / 64] >> (i % 64) & 1)
				break;
			seen[i / 64] |= 1ULL << (i % 64);
			if (h == 0)
				nfree++;
		}
	}
	for (unsigned int i = 0; i < slab->objects; i++) {
		unsigned long p = base + (unsigned long)i * s->size;

		if (seen[i / 64] >> (i % 64) & 1)
			objmap_clear(m, p);
		else
			objmap_set(m, p);
	}
	slab->inuse = (slab->objects - nfree) & 0xffff;
	if (PageFlag(slab, PG_workingset) && !slab->freelist) {
		struct kmem_cache_node *n = s->node[page_to_nid(m, slab)];

		remove_partial(n, slab);
		add_full(m, s, n, slab);
	}
}

/*
 * SLUB is about to follow object, a pointer that is not a free object of
 * slab. If nothing maps the word it would read (object + offset), the
 * kernel oopses there; if something does, it would hand the address out as
 * an object (two users of one object, or of memory that is no object):
 * kmemlab says so instead. Then every free object of the slab goes out of
 * use, as the kernel's "Marking all objects used" does, so the model stays
 * sound. The allocation fails (the kernel's task would have died).
 */
static void freelist_corrupt_reset(struct machine *m, struct kmem_cache *s,
				   struct page *slab)
{
	int cpu;

	for_each_cpu (m, cpu)
		if (s->cpu_slab[cpu].slab == slab)
			s->cpu_slab[cpu].freelist = 0;
	slab->freelist = 0;
	slab_mark_lost_objects(m, s, slab);
}

static __attribute__((noinline, cold)) void
freelist_corrupt(struct machine *m, struct kmem_cache *s, struct page *slab,
		 unsigned long object, const char *func)
{
	unsigned long at = object + s->offset;

	if (!kernel_addr_mapped(m, at, 8)) {
		kernel_fault_oops(m, at, false, func);
	} else {
		mm_printk(m, LOGLEVEL_ERR,
			  "kmemlab: %s: the free chain of %s slab 0x%016lx "
			  "leads to 0x%016lx, which is not a free object: the "
			  "kernel would hand it out; the slab's free objects "
			  "are taken out of use instead",
			  func, s->name, slab_address(m, slab), object);
		MM_EVENT(m, .type = EV_BUG, .func = func, .cache = s->name,
			 .addr = object, .addr2 = slab_address(m, slab),
			 .text = "corrupt free pointer");
	}
	freelist_corrupt_reset(m, s, slab);
}

/*
 * A cycle in a chain SLUB counts (deactivate_slab's count of the cpu
 * freelist): the kernel would count round it forever with preemption
 * off, until the watchdog reports a soft lockup (taint L). kmemlab
 * reports the same, then cuts the loop where it closes, so the session
 * goes on; the objects of the loop stay free (and those also handed out
 * stay handed out: the double free is still there to see).
 */
static __attribute__((noinline, cold)) void
freelist_cycle(struct machine *m, struct kmem_cache *s, struct page *slab,
	       unsigned long at, const char *func)
{
	char taint[64];

	mm_printk(m, LOGLEVEL_ERR,
		  "watchdog: BUG: soft lockup - CPU#%d stuck for 22s! "
		  "[kmemlab:1]",
		  m->cur_cpu);
	mm_printk(m, LOGLEVEL_WARNING,
		  "CPU: %d UID: 0 PID: 1 Comm: kmemlab %s 6.12.0-kmemlab #1",
		  m->cur_cpu, mm_print_tainted(m, taint, sizeof(taint)));
	mm_printk(m, LOGLEVEL_WARNING, "RIP: 0010:%s", func);
	mm_add_taint(m, TAINT_SOFTLOCKUP);
	mm_printk(m, LOGLEVEL_ERR,
		  "kmemlab: %s: the free chain of %s slab 0x%016lx loops back "
		  "to 0x%016lx (a double free): the kernel would walk it "
		  "forever; the loop is cut there",
		  func, s->name, slab_address(m, slab), at);
	MM_EVENT(m, .type = EV_BUG, .func = func, .cache = s->name, .addr = at,
		 .addr2 = slab_address(m, slab),
		 .text = "freelist cycle (soft lockup)");
}

/*
 * deactivate_slab()'s count of a corrupted cpu freelist: a pointer SLUB
 * cannot follow is freelist_corrupt() (the kernel's oops where nothing
 * maps it), a cycle is freelist_cycle(). Returns the objects counted.
 */
static __attribute__((noinline, cold)) int
deactivate_count_corrupt(struct machine *m, struct kmem_cache *s,
			 struct page *slab, unsigned long *freelist,
			 unsigned long *tail_obj)
{
	struct chain_end e;
	unsigned long n = chain_walk(m, s, slab, *freelist, &e);

	if (e.bad) {
		freelist_corrupt(m, s, slab, e.bad, "deactivate_slab");
		*freelist = *tail_obj = 0;
		return 0;
	}
	if (e.cycle)
		freelist_cycle(m, s, slab, e.cycle, "deactivate_slab");
	*tail_obj = e.tail;
	return (int)n;
}

/* --- geometry ----------------------------------------------------------------
 */

static inline struct kmem_cache_order_objects oo_make(unsigned int order,
						      unsigned int size)
{
	struct kmem_cache_order_objects x = {
		(order << OO_SHIFT) +
		(unsigned int)((KM_PAGE_SIZE << order) / size)};
	return x;
}

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((KM_PAGE_SIZE << order) / size);
}

/* mm/slub.c: calc_slab_order(): first order wasting at most 1/fract */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_order,
				    unsigned int max_order,
				    unsigned int fract_leftover)
{
	unsigned int order;

	for (order = min_order; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)KM_PAGE_SIZE << order;

		if (slab_size % size <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/* mm/slub.c: calculate_order(); min_objects from the CPU count */
static int calculate_order(struct machine *m, unsigned int size)
{
	struct slub_state *ss = m->slub;
	unsigned int min_objects = ss->slub_min_objects;
	unsigned int max_objects, min_order, order;

	if (!min_objects) {
		/* num_present_cpus(); nr_cpu_ids is the same here */
		unsigned int nr_cpus = (unsigned int)m->nr_cpus;

		min_objects = 4 * ((unsigned int)fls(nr_cpus) + 1);
	}
	max_objects = max(order_objects(ss->slub_max_order, size), 1u);
	min_objects = min(min_objects, max_objects);
	min_order =
		max(ss->slub_min_order,
		    (unsigned int)get_order((unsigned long)min_objects * size));
	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;
	for (unsigned int fraction = 16; fraction > 1; fraction /= 2) {
		order = calc_slab_order(size, min_order, ss->slub_max_order,
					fraction);
		if (order <= ss->slub_max_order)
			return (int)order;
	}
	order = (unsigned int)get_order(size);
	if (order <= MAX_PAGE_ORDER)
		return (int)order;
	return -ENOSYS;
}

/* mm/slub.c: calculate_sizes(): the object layout of §2.4 */
static int calculate_sizes(struct machine *m, struct kmem_cache_args *args,
			   struct kmem_cache *s)
{
	slab_flags_t flags = s->flags;
	unsigned int size = ALIGN(s->object_size, 8u);
	int order;

	if ((flags & SLAB_POISON) && !(flags & SLAB_TYPESAFE_BY_RCU) &&
	    !s->ctor)
		s->flags |= __OBJECT_POISON;
	else
		s->flags &= ~__OBJECT_POISON;
	/* at least one byte of right redzone */
	if ((flags & SLAB_RED_ZONE) && size == s->object_size)
		size += 8;
	s->inuse = size;

	bool orig_size = (flags & SLAB_STORE_USER) && (flags & SLAB_KMALLOC);

	if (((flags & SLAB_TYPESAFE_BY_RCU) && !args->use_freeptr_offset) ||
	    (flags & SLAB_POISON) || s->ctor ||
	    ((flags & SLAB_RED_ZONE) && (s->object_size < 8 || orig_size))) {
		/* the object's contents must survive while it is free */
		s->offset = size;
		size += 8;
	} else if ((flags & SLAB_TYPESAFE_BY_RCU) && args->use_freeptr_offset) {
		s->offset = args->freeptr_offset;
	} else {
		/* mid-object: a small overflow of the previous object does not
		 * reach this one's pointer */
		s->offset = ALIGN_DOWN(s->object_size / 2, 8u);
	}
	if (flags & SLAB_STORE_USER) {
		size += 2 * 32; /* alloc and free struct track */
		if (flags & SLAB_KMALLOC)
			size += 8; /* orig_size, unsigned long (6.12.y) */
	}
	if (flags & SLAB_RED_ZONE) {
		size += 8;
		s->red_left_pad = ALIGN(8u, s->align);
		size += s->red_left_pad;
	}
	size = ALIGN(size, s->align);
	s->size = size;
	s->reciprocal_size =
		size < (1u << 20) ? ((1ULL << 42) + size - 1) / size : 0;
	order = calculate_order(m, size);
	if (order < 0)
		return 0;
	s->allocflags = __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->oo = oo_make((unsigned int)order, size);
	s->min = oo_make((unsigned int)get_order(size), size);
	return oo_objects(s->oo) != 0;
}

/* mm/slub.c: slub_set_cpu_partial(), assuming half-full slabs */
static void slub_set_cpu_partial(struct kmem_cache *s, unsigned int nr_objects)
{
	s->cpu_partial = nr_objects;
	s->cpu_partial_slabs = DIV_ROUND_UP(nr_objects * 2, oo_objects(s->oo));
}

/* mm/slub.c: set_cpu_partial() */
static void set_cpu_partial(struct kmem_cache *s)
{
	unsigned int nr_objects;

	if (!kmem_cache_has_cpu_partial(s))
		nr_objects = 0;
	else if (s->size >= KM_PAGE_SIZE)
		nr_objects = 6;
	else if (s->size >= 1024)
		nr_objects = 24;
	else if (s->size >= 256)
		nr_objects = 52;
	else
		nr_objects = 120;
	slub_set_cpu_partial(s, nr_objects);
}

/* mm/slub.c: set_min_partial() as inlined in do_kmem_cache_create() */
static void set_min_partial(struct kmem_cache *s, unsigned long min)
{
	min = clamp(min, (unsigned long)MIN_PARTIAL,
		    (unsigned long)MAX_PARTIAL);
	s->min_partial = min;
}

/* mm/slab_common.c: freelist_randomize() + mm/slub.c:
 * init_cache_random_seq(): a Fisher-Yates permutation of the object
 * indices, stored as byte offsets */
static int init_cache_random_seq(struct machine *m, struct kmem_cache *s)
{
	unsigned int count = oo_objects(s->oo);

	if (!m->cfg.hardened || s->random_seq || count < 2)
		return 0;
	s->random_seq = calloc(count, sizeof(unsigned int));
	if (!s->random_seq)
		return -ENOMEM;
	for (unsigned int i = 0; i < count; i++)
		s->random_seq[i] = i;
	for (unsigned int i = count - 1; i > 0; i--) {
		unsigned int r = get_random_u32_below(m, i + 1);
		unsigned int t = s->random_seq[i];

		s->random_seq[i] = s->random_seq[r];
		s->random_seq[r] = t;
	}
	for (unsigned int i = 0; i < count; i++)
		s->random_seq[i] *= s->size;
	return 0;
}

static void init_kmem_cache_node(struct kmem_cache_node *n)
{
	n->nr_partial = 0;
	INIT_LIST_HEAD(&n->partial);
	n->nr_slabs = 0;
	n->total_objects = 0;
	INIT_LIST_HEAD(&n->full);
}

/* mm/slub.c: init_kmem_cache_nodes(); the node structs are objects of
 * the kmem_cache_node cache once it exists */
static int init_kmem_cache_nodes(struct machine *m, struct kmem_cache *s)
{
	int nid;

	for_each_node (m, nid) {
		struct kmem_cache_node *n = calloc(1, sizeof(*n));

		if (!n)
			return -ENOMEM;
		init_kmem_cache_node(n);
		s->node[nid] = n;
		if (m->slub->slab_state >= FULL) {
			n->addr = kmem_cache_alloc_node(
				m, m->slub->kmem_cache_node, GFP_KERNEL, nid);
			if (!n->addr)
				return -ENOMEM;
		}
	}
	return 0;
}

struct kmem_cache *kmem_cache_struct_alloc(struct machine *m)
{
	struct kmem_cache *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	INIT_LIST_HEAD(&s->list);
	s->cpu_slab = calloc((size_t)m->nr_cpus, sizeof(*s->cpu_slab));
	if (!s->cpu_slab) {
		free(s);
		return NULL;
	}
	/* boot caches: see kmem_cache_init() */
	if (m->slub->slab_state >= FULL) {
		s->addr = kmem_cache_zalloc(m, m->slub->kmem_cache, GFP_KERNEL);
		if (!s->addr) {
			free(s->cpu_slab);
			free(s);
			return NULL;
		}
	}
	return s;
}

/* mm/slub.c: do_kmem_cache_create() */
int do_kmem_cache_create(struct machine *m, struct kmem_cache *s,
			 const char *name, unsigned int size,
			 struct kmem_cache_args *args, slab_flags_t flags)
{
	int err;

	mm_call(m, "do_kmem_cache_create");
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->object_size = size;
	s->size = size;
	s->align = args->align;
	s->ctor = args->ctor;
	s->useroffset = args->useroffset;
	s->usersize = args->usersize;
	s->flags = kmem_cache_flags(m, flags, name);
	if (m->cfg.hardened)
		s->random = get_random_u64(m);
	if (!calculate_sizes(m, args, s))
		return -EINVAL;
	if (m->slub->disable_higher_order_debug &&
	    get_order(s->size) > get_order(s->object_size)) {
		/* slab_debug=O: no metadata that raises the minimum order */
		s->flags &= ~DEBUG_METADATA_FLAGS;
		s->offset = 0;
		/* the kernel keeps the stale red_left_pad and ignores it
		 * without Z (fixup_red_left); kmemlab's object addresses
		 * add it always, so it goes */
		s->red_left_pad = 0;
		if (!calculate_sizes(m, args, s))
			return -EINVAL;
	}
	if (!(s->flags &
	      (SLAB_CONSISTENCY_CHECKS | SLAB_STORE_USER | SLAB_TRACE)))
		s->flags |= __CMPXCHG_DOUBLE;
	set_min_partial(s, (unsigned long)ilog2(s->size) / 2);
	set_cpu_partial(s);
	s->remote_node_defrag_ratio = 1000;
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		s->cpu_slab[cpu].tid = (unsigned long)cpu; /* init_tid */
	if (m->slub->slab_state >= UP) {
		err = init_cache_random_seq(m, s);
		if (err)
			return err;
	}
	err = init_kmem_cache_nodes(m, s);
	if (err)
		return err;
	if (m->slub->slab_state >= FULL) {
		err = sysfs_slab_add(m, s);
		if (err)
			return err;
	}
	MM_EVENT(m, .type = EV_CACHE_CREATE, .func = "do_kmem_cache_create",
		 .cache = s->name, .n = s->size, .order = (int)oo_order(s->oo));
	return 0;
}

/* --- slabs -------------------------------------------------------------------
 */

static void inc_slabs_node(struct kmem_cache *s, int nid, unsigned int objects)
{
	struct kmem_cache_node *n = get_node(s, nid);

	n->nr_slabs++;
	n->total_objects += objects;
}

static void dec_slabs_node(struct kmem_cache *s, int nid, unsigned int objects)
{
	struct kmem_cache_node *n = get_node(s, nid);

	n->nr_slabs--;
	n->total_objects -= objects;
}

/* mm/slub.c: add_partial(); PG_workingset marks node-partial membership */
static void add_partial(struct machine *m, struct kmem_cache *s,
			struct kmem_cache_node *n, struct page *slab, int tail)
{
	n->nr_partial++;
	if (tail == DEACTIVATE_TO_TAIL_)
		list_add_tail(&slab->slab_list, &n->partial);
	else
		list_add(&slab->slab_list, &n->partial);
	SetPageFlag(slab, PG_workingset);
	MM_EVENT(m, .type = EV_SLAB_MOVE, .func = "add_partial",
		 .cache = s->name, .addr2 = slab_address(m, slab),
		 .text = tail == DEACTIVATE_TO_TAIL_ ? "node partial (tail)"
						     : "node partial (head)",
		 .nid = slab_nid(m, slab), .n = slab->inuse);
}

static void remove_partial(struct kmem_cache_node *n, struct page *slab)
{
	list_del(&slab->slab_list);
	ClearPageFlag(slab, PG_workingset);
	n->nr_partial--;
}

/*
 * kmemlab's full list (see struct kmem_cache_node). The kernel's add_full()
 * keeps one only for SLAB_STORE_USER caches (slab_debug=U); elsewhere a
 * full slab is on no list, and the event says so rather than name a call
 * the kernel does not make.
 */
static inline void add_full(struct machine *m, struct kmem_cache *s,
			    struct kmem_cache_node *n, struct page *slab)
{
	bool tracked = s->flags & SLAB_STORE_USER;

	full_list_add(n, slab);
	MM_EVENT(m, .type = EV_SLAB_MOVE, .func = tracked ? "add_full" : NULL,
		 .cache = s->name, .addr2 = slab_address(m, slab),
		 .text = tracked ? "full" : "full, on no list",
		 .nid = slab_nid(m, slab), .n = slab->inuse);
}

static void remove_full(struct page *slab)
{
	if (!PageFlag(slab, PG_full))
		return;
	list_del(&slab->slab_list);
	ClearPageFlag(slab, PG_full);
}

/* mm/slub.c: setup_object(): debug bytes, then the simulated
 * constructor, which leaves a recognisable pattern */
static unsigned long setup_object(struct machine *m, struct kmem_cache *s,
				  unsigned long object)
{
	if (__builtin_expect(kmem_cache_debug(s), 0))
		setup_object_debug(m, s, object);
	if (s->ctor)
		memset(km_ptr(m, object), KM_CTOR_PATTERN, s->object_size);
	return object;
}

/* mm/slub.c: next_freelist_entry(), skipping offsets past a smaller
 * fallback slab */
static unsigned long next_freelist_entry(struct kmem_cache *s,
					 unsigned long *pos,
					 unsigned long start,
					 unsigned long page_limit,
					 unsigned long count)
{
	unsigned int idx;

	do {
		idx = s->random_seq[*pos];
		*pos += 1;
		if (*pos >= count)
			*pos = 0;
	} while (idx >= page_limit);
	return start + idx;
}

/* mm/slub.c: shuffle_freelist() */
static bool shuffle_freelist(struct machine *m, struct kmem_cache *s,
			     struct page *slab)
{
	unsigned long freelist_count, pos, page_limit, start, cur, next;

	if (slab->objects < 2 || !s->random_seq)
		return false;
	freelist_count = oo_objects(s->oo);
	pos = get_random_u32_below(m, (uint32_t)freelist_count);
	page_limit = (unsigned long)slab->objects * s->size;
	start = slab_address(m, slab) + s->red_left_pad;
	cur = next_freelist_entry(s, &pos, start, page_limit, freelist_count);
	cur = setup_object(m, s, cur);
	slab->freelist = cur;
	for (unsigned int idx = 1; idx < slab->objects; idx++) {
		next = next_freelist_entry(s, &pos, start, page_limit,
					   freelist_count);
		next = setup_object(m, s, next);
		set_freepointer(m, s, cur, next);
		cur = next;
	}
	set_freepointer(m, s, cur, 0);
	return true;
}

static struct page *alloc_slab_page(struct machine *m, gfp_t flags, int node,
				    struct kmem_cache_order_objects oo)
{
	unsigned int order = oo_order(oo);

	mm_call(m, "alloc_slab_page");
	if (node == NUMA_NO_NODE)
		return alloc_pages(m, flags, order);
	return alloc_pages_node(m, node, flags, order);
}

/* mm/slub.c: allocate_slab() */
static struct page *allocate_slab(struct machine *m, struct kmem_cache *s,
				  gfp_t flags, int node)
{
	struct kmem_cache_order_objects oo = s->oo;
	struct page *slab;
	gfp_t alloc_gfp;
	unsigned long start, p, next;
	unsigned long nr_pages;
	int nid;

	mm_call(m, "allocate_slab");
	flags |= s->allocflags;
	/* first try: the preferred order, opportunistically */
	alloc_gfp = (flags | __GFP_NOWARN | __GFP_NORETRY) & ~__GFP_NOFAIL;
	if ((alloc_gfp & __GFP_DIRECT_RECLAIM) &&
	    oo_order(oo) > oo_order(s->min))
		alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
	slab = alloc_slab_page(m, alloc_gfp, node, oo);
	if (!slab) {
		oo = s->min;
		alloc_gfp = flags;
		slab = alloc_slab_page(m, alloc_gfp, node, oo);
		if (!slab)
			return NULL;
		stat(m, s, ORDER_FALLBACK);
	}
	nr_pages = 1UL << oo_order(oo);
	SetPageFlag(slab, PG_slab);
	slab->compound_order = (uint8_t)oo_order(oo);
	for (unsigned long i = 0; i < nr_pages; i++)
		slab[i].owner = OWNER_SLAB;
	slab->objects = oo_objects(oo) & 0x7fff;
	slab->inuse = 0;
	slab->frozen = 0;
	slab->slab_cache = s;
	slab->freelist = 0;
	INIT_LIST_HEAD(&slab->slab_list);
	nid = slab_nid(m, slab);
	/* account_slab() */
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		m->node_data[nid].nr_slab_reclaimable_b += nr_pages
							   << KM_PAGE_SHIFT;
	else
		m->node_data[nid].nr_slab_unreclaimable_b += nr_pages
							     << KM_PAGE_SHIFT;
	if (__builtin_expect(kmem_cache_debug(s), 0))
		setup_slab_debug(m, s, slab);

	if (!shuffle_freelist(m, s, slab)) {
		start = setup_object(m, s,
				     slab_address(m, slab) + s->red_left_pad);
		slab->freelist = start;
		p = start;
		for (unsigned int idx = 0; idx + 1 < slab->objects; idx++) {
			next = setup_object(m, s, p + s->size);
			set_freepointer(m, s, p, next);
			p = next;
		}
		set_freepointer(m, s, p, 0);
	}
	MM_EVENT(m, .type = EV_SLAB_NEW, .func = "allocate_slab",
		 .cache = s->name, .addr2 = slab_address(m, slab),
		 .pfn = page_to_pfn(m, slab), .order = (int)oo_order(oo),
		 .nid = nid, .n = slab->objects);
	return slab;
}

/* mm/slub.c: kmalloc_fix_flags() */
static gfp_t kmalloc_fix_flags(struct machine *m, gfp_t flags)
{
	gfp_t invalid_mask = flags & GFP_SLAB_BUG_MASK;
	char a[256], b[256];

	flags &= ~GFP_SLAB_BUG_MASK;
	gfp_format(a, sizeof(a), flags | invalid_mask);
	gfp_format(b, sizeof(b), flags);
	mm_printk(m, LOGLEVEL_WARNING,
		  "Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix "
		  "your code!",
		  invalid_mask, a, flags, b);
	return flags;
}

/* mm/slub.c: new_slab() */
static struct page *new_slab(struct machine *m, struct kmem_cache *s,
			     gfp_t flags, int node)
{
	mm_call(m, "new_slab");
	if (flags & GFP_SLAB_BUG_MASK)
		flags = kmalloc_fix_flags(m, flags);
	return allocate_slab(
		m, s, flags & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK), node);
}

/* mm/slub.c: __free_slab() */
static void __free_slab(struct machine *m, struct kmem_cache *s,
			struct page *slab)
{
	unsigned int order = slab_order(slab);
	unsigned long nr_pages = 1UL << order;
	unsigned long pfn = page_to_pfn(m, slab);
	int nid = slab_nid(m, slab);

	mm_call(m, "__free_slab");
	MM_EVENT(m, .type = EV_SLAB_DISCARD, .func = "__free_slab",
		 .cache = s->name, .addr2 = slab_address(m, slab), .pfn = pfn,
		 .order = (int)order, .nid = nid);
	ClearPageFlag(slab, PG_slab);
	ClearPageFlag(slab, PG_workingset);
	ClearPageFlag(slab, PG_full);
	ClearPageFlag(slab, PG_active);
	if (PageFlag(slab, PG_poked)) {
		/* a corrupted slab can go while objects are handed out (a
		 * double free made it look empty): their bits go with it, so
		 * the next user of these pages starts clean */
		unsigned long a = slab_address(m, slab);

		for (unsigned long o = 0; o < nr_pages << KM_PAGE_SHIFT; o += 8)
			objmap_clear(m, a + o);
		ClearPageFlag(slab, PG_poked);
	}
	slab->slab_cache = NULL;
	slab->freelist = 0;
	slab->inuse = 0;
	slab->objects = 0;
	slab->frozen = 0;
	INIT_LIST_HEAD(&slab->slab_list);
	for (unsigned long i = 0; i < nr_pages; i++)
		slab[i].owner = OWNER_NONE;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		m->node_data[nid].nr_slab_reclaimable_b -= nr_pages
							   << KM_PAGE_SHIFT;
	else
		m->node_data[nid].nr_slab_unreclaimable_b -= nr_pages
							     << KM_PAGE_SHIFT;
	KM_BUG_ON(__free_pages(m, slab, order) != 0);
}

/* mm/slub.c: discard_slab() -> free_slab() */
static void discard_slab(struct machine *m, struct kmem_cache *s,
			 struct page *slab)
{
	mm_call(m, "discard_slab");
	remove_full(slab);
	dec_slabs_node(s, slab_nid(m, slab), slab->objects);
	mm_call(m, "free_slab");
	if (__builtin_expect(kmem_cache_debug(s), 0))
		free_slab_debug_checks(m, s, slab);
	__free_slab(m, s, slab);
}

/* --- cpu partial lists ---------------------------------------------------- */

/* mm/slub.c: __put_partials(): cpu partial slabs back to their nodes */
static void __put_partials(struct machine *m, struct kmem_cache *s,
			   struct page *partial_slab)
{
	struct page *slab, *slab_to_discard = NULL;

	mm_call(m, "__put_partials");
	while (partial_slab) {
		struct kmem_cache_node *n;

		slab = partial_slab;
		partial_slab = slab->next;
		n = get_node(s, slab_nid(m, slab));
		INIT_LIST_HEAD(&slab->slab_list);
		if (!slab->inuse && n->nr_partial >= s->min_partial) {
			slab->next = slab_to_discard;
			slab_to_discard = slab;
		} else {
			add_partial(m, s, n, slab, DEACTIVATE_TO_TAIL_);
			stat(m, s, FREE_ADD_PARTIAL);
		}
	}
	while (slab_to_discard) {
		slab = slab_to_discard;
		slab_to_discard = slab->next;
		INIT_LIST_HEAD(&slab->slab_list);
		stat(m, s, DEACTIVATE_EMPTY);
		discard_slab(m, s, slab);
		stat(m, s, FREE_SLAB);
	}
}

/* put_cpu_partial() must drain this CPU's partial list first */
static inline bool cpu_partial_full(const struct kmem_cache *s,
				    const struct kmem_cache_cpu *c)
{
	return c->partial && c->partial->slabs >= (int)s->cpu_partial_slabs;
}

/* slab onto the head of this CPU's partial list; each slab there counts
 * the slabs from it to the tail */
static inline int cpu_partial_push(struct kmem_cache_cpu *c, struct page *slab)
{
	int slabs = c->partial ? c->partial->slabs + 1 : 1;

	slab->slabs = slabs;
	slab->next = c->partial;
	c->partial = slab;
	return slabs;
}

static inline void cpu_partial_event(struct machine *m, struct kmem_cache *s,
				     struct page *slab, int slabs)
{
	MM_EVENT(m, .type = EV_SLAB_MOVE, .func = "put_cpu_partial",
		 .cache = s->name, .addr2 = slab_address(m, slab),
		 .text = "cpu partial", .cpu = m->cur_cpu, .n = slabs);
}

/* mm/slub.c: put_cpu_partial() */
static void put_cpu_partial(struct machine *m, struct kmem_cache *s,
			    struct page *slab, int drain)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cur_cpu];
	struct page *slab_to_put = NULL;
	int slabs;

	mm_call(m, "put_cpu_partial");
	if (drain && cpu_partial_full(s, c)) {
		/* the list is full: it all goes to the node */
		slab_to_put = c->partial;
		c->partial = NULL;
	}
	slabs = cpu_partial_push(c, slab);
	cpu_partial_event(m, s, slab, slabs);
	if (slab_to_put) {
		__put_partials(m, s, slab_to_put);
		stat(m, s, CPU_PARTIAL_DRAIN);
	}
}

/* kfree_slab_free()'s put_cpu_partial() that drains the list first (a
 * tail call: its caller keeps no frame) */
static __attribute__((noinline)) int put_cpu_partial_drain(struct machine *m,
							   struct kmem_cache *s,
							   struct page *slab)
{
	put_cpu_partial(m, s, slab, 1);
	return 0;
}

static void put_partials_cpu(struct machine *m, struct kmem_cache *s,
			     struct kmem_cache_cpu *c)
{
	struct page *partial_slab = c->partial;

	c->partial = NULL;
	if (partial_slab)
		__put_partials(m, s, partial_slab);
}

/* --- the cpu slab ------------------------------------------------------------
 */

/* mm/slub.c: deactivate_slab(): the cpu slab leaves this CPU */
static void deactivate_slab(struct machine *m, struct kmem_cache *s,
			    struct page *slab, unsigned long freelist)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(m, slab));
	int free_delta = 0, tail = DEACTIVATE_TO_HEAD_;
	unsigned long iter, tail_obj = 0;

	mm_call(m, "deactivate_slab");
	if (slab->freelist) {
		stat(m, s, DEACTIVATE_REMOTE_FREES);
		tail = DEACTIVATE_TO_TAIL_;
	}
	/* count the cpu freelist and find its tail */
	if (slab_poked(slab)) {
		free_delta = deactivate_count_corrupt(m, s, slab, &freelist,
						      &tail_obj);
		if (!freelist)
			tail = DEACTIVATE_TO_HEAD_;
		/* the same object ends the cpu freelist and heads
		 * slab->freelist: the hardened set_freepointer() BUG */
		if (tail_obj && m->cfg.hardened && tail_obj == slab->freelist) {
			set_freepointer_bug(m, s, slab, tail_obj,
					    "deactivate_slab");
			freelist_corrupt_reset(m, s, slab);
			freelist = tail_obj = 0;
			tail = DEACTIVATE_TO_HEAD_;
		}
	} else {
		for (iter = freelist; iter;
		     iter = get_freepointer(m, s, iter)) {
			tail_obj = iter;
			free_delta++;
		}
	}
	/* unfreeze, splicing the cpu freelist before slab->freelist */
	if (tail_obj) {
		slab->inuse -= (unsigned int)free_delta;
		set_freepointer(m, s, tail_obj, slab->freelist);
		slab->freelist = freelist;
	}
	slab->frozen = 0;
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		stat(m, s, DEACTIVATE_EMPTY);
		discard_slab(m, s, slab);
		stat(m, s, FREE_SLAB);
	} else if (slab->freelist) {
		add_partial(m, s, n, slab, tail);
		stat(m, s,
		     tail == DEACTIVATE_TO_TAIL_ ? DEACTIVATE_TO_TAIL
						 : DEACTIVATE_TO_HEAD);
	} else {
		add_full(m, s, n, slab);
		stat(m, s, DEACTIVATE_FULL);
	}
}

/* mm/slub.c: flush_slab() */
static void flush_slab(struct machine *m, struct kmem_cache *s,
		       struct kmem_cache_cpu *c)
{
	struct page *slab = c->slab;
	unsigned long freelist = c->freelist;

	mm_call(m, "flush_slab");
	c->slab = NULL;
	c->freelist = 0;
	c->tid = next_tid(m, c->tid);
	if (slab) {
		deactivate_slab(m, s, slab, freelist);
		stat(m, s, CPUSLAB_FLUSH);
	}
}

/* mm/slub.c: __flush_cpu_slab() for a given CPU */
static void __flush_cpu_slab(struct machine *m, struct kmem_cache *s, int cpu)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
	int saved = m->cur_cpu;

	mm_call(m, "__flush_cpu_slab");
	/* the kernel runs this as work on that CPU: stats land there */
	m->cur_cpu = cpu;
	if (c->slab)
		flush_slab(m, s, c);
	put_partials_cpu(m, s, c);
	m->cur_cpu = saved;
}

/* mm/slub.c: flush_all(): every CPU with a cpu slab or partials */
void flush_all(struct machine *m, struct kmem_cache *s)
{
	int cpu;

	mm_call(m, "flush_all");
	for_each_cpu (m, cpu) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		if (c->slab || c->partial)
			__flush_cpu_slab(m, s, cpu);
	}
}

/* mm/slub.c: get_freelist(): take slab->freelist for the cpu slab */
static unsigned long get_freelist(struct machine *m, struct kmem_cache *s,
				  struct page *slab)
{
	unsigned long freelist = slab->freelist;

	mm_call(m, "get_freelist");
	slab->freelist = 0;
	slab->inuse = slab->objects;
	slab->frozen = freelist != 0;
	return freelist;
}

/* mm/slub.c: freeze_slab(): a slab from the node list becomes cpu slab */
static unsigned long freeze_slab(struct machine *m, struct kmem_cache *s,
				 struct page *slab)
{
	unsigned long freelist = slab->freelist;

	mm_call(m, "freeze_slab");
	KM_BUG_ON(slab->frozen);
	slab->freelist = 0;
	slab->inuse = slab->objects;
	slab->frozen = 1;
	return freelist;
}

/* --- partial lists -----------------------------------------------------------
 */

struct partial_context {
	gfp_t flags;
	unsigned int orig_size;
	unsigned long object; /* debug caches: the object taken */
};

/* mm/slub.c: alloc_single_from_partial() (debug caches) */
static unsigned long alloc_single_from_partial(struct machine *m,
					       struct kmem_cache *s,
					       struct kmem_cache_node *n,
					       struct page *slab,
					       unsigned int orig_size)
{
	unsigned long object = slab->freelist;

	mm_call(m, "alloc_single_from_partial");
	if (slab_poked(slab) && !slab_object_ok(m, s, slab, object)) {
		/* with F, a pointer outside the slab is the kernel's own
		 * "Freelist Pointer check fails"; else see freelist_corrupt */
		if (!(s->flags & SLAB_CONSISTENCY_CHECKS) ||
		    check_valid_pointer(m, s, slab, object) ||
		    !kernel_addr_mapped(m, object + s->offset, 8)) {
			freelist_corrupt(m, s, slab, object,
					 "alloc_single_from_partial");
			return 0;
		}
		slab->freelist = 0; /* what it read is never used */
	} else {
		slab->freelist = get_freepointer(m, s, object);
	}
	slab->inuse++;
	if (!alloc_debug_processing(m, s, slab, object, orig_size)) {
		/* disabled, all objects marked used: off the partial list */
		if (PageFlag(slab, PG_workingset))
			remove_partial(n, slab);
		if (!PageFlag(slab, PG_full))
			add_full(m, s, n, slab);
		return 0;
	}
	if (slab->inuse == slab->objects) {
		remove_partial(n, slab);
		add_full(m, s, n, slab);
	}
	return object;
}

/* mm/slub.c: get_partial_node() */
static struct page *get_partial_node(struct machine *m, struct kmem_cache *s,
				     struct kmem_cache_node *n,
				     struct partial_context *pc)
{
	struct page *slab, *slab2, *partial = NULL;
	unsigned int partial_slabs = 0;

	mm_call(m, "get_partial_node");
	if (!n || !n->nr_partial)
		return NULL;
	list_for_each_entry_safe (slab, slab2, &n->partial, slab_list) {
		if (kmem_cache_debug(s)) {
			unsigned long object = alloc_single_from_partial(
				m, s, n, slab, pc->orig_size);

			if (object) {
				partial = slab;
				pc->object = object;
				break;
			}
			continue;
		}
		remove_partial(n, slab);
		if (!partial) {
			partial = slab;
			stat(m, s, ALLOC_FROM_PARTIAL);
			if (s->cpu_partial_slabs == 0)
				break;
		} else {
			put_cpu_partial(m, s, slab, 0);
			stat(m, s, CPU_PARTIAL_NODE);
			if (++partial_slabs > s->cpu_partial_slabs / 2)
				break;
		}
	}
	return partial;
}

/* include/linux/gfp.h: gfp_zone() for the zone bits */
static enum zone_type gfp_zone(gfp_t flags)
{
	if (flags & __GFP_DMA)
		return ZONE_DMA;
	if (flags & __GFP_DMA32)
		return ZONE_DMA32;
	if (flags & __GFP_MOVABLE)
		return ZONE_MOVABLE;
	return ZONE_NORMAL;
}

/* mm/slub.c: get_any_partial(): other nodes, by increasing distance */
static struct page *get_any_partial(struct machine *m, struct kmem_cache *s,
				    struct partial_context *pc)
{
	struct pglist_data *pgdat = &m->node_data[numa_node_id(m)];
	enum zone_type highest = gfp_zone(pc->flags);

	mm_call(m, "get_any_partial");
	if (!s->remote_node_defrag_ratio)
		return NULL;
	/* get_cycles() % 1024 > ratio: ~2% give up at the default 1000.
	 * A one-node machine has no other node, so it draws nothing and the
	 * random stream of single-node machines stays as it was. */
	if (m->nr_nodes == 1 ||
	    get_random_u32_below(m, 1024) > s->remote_node_defrag_ratio)
		return NULL;
	for (int i = 0; pgdat->zonelist[i]; i++) {
		struct zone *zone = pgdat->zonelist[i];
		struct kmem_cache_node *n;
		struct page *slab;

		if (zone->idx > highest)
			continue;
		n = get_node(s, zone_to_nid(zone));
		if (n && n->nr_partial > s->min_partial) {
			slab = get_partial_node(m, s, n, pc);
			if (slab)
				return slab;
		}
	}
	return NULL;
}

/* mm/slub.c: get_partial() */
static struct page *get_partial(struct machine *m, struct kmem_cache *s,
				int node, struct partial_context *pc)
{
	int searchnode = node == NUMA_NO_NODE ? numa_node_id(m) : node;
	struct page *slab;

	mm_call(m, "get_partial");
	slab = get_partial_node(m, s, get_node(s, searchnode), pc);
	if (slab || (node != NUMA_NO_NODE && (pc->flags & __GFP_THISNODE)))
		return slab;
	return get_any_partial(m, s, pc);
}

/* mm/slub.c: alloc_single_from_new_slab() (debug caches) */
static unsigned long alloc_single_from_new_slab(struct machine *m,
						struct kmem_cache *s,
						struct page *slab,
						unsigned int orig_size)
{
	int nid = slab_nid(m, slab);
	struct kmem_cache_node *n = get_node(s, nid);
	unsigned long object = slab->freelist;

	mm_call(m, "alloc_single_from_new_slab");
	slab->freelist = get_freepointer(m, s, object);
	slab->inuse = 1;
	/* a fresh slab nobody could have written: the checks pass */
	KM_BUG_ON(!alloc_debug_processing(m, s, slab, object, orig_size));
	if (slab->inuse == slab->objects)
		add_full(m, s, n, slab);
	else
		add_partial(m, s, n, slab, DEACTIVATE_TO_HEAD_);
	inc_slabs_node(s, nid, slab->objects);
	return object;
}

/* mm/slub.c: slab_out_of_memory() */
static void slab_out_of_memory(struct machine *m, struct kmem_cache *s,
			       gfp_t gfp, int nid)
{
	char g[256];
	int node;

	if (gfp & __GFP_NOWARN)
		return;
	gfp_format(g, sizeof(g), gfp);
	mm_printk(m, LOGLEVEL_WARNING,
		  "SLUB: Unable to allocate memory on CPU %d (of node %d) on "
		  "node %d, gfp=%#x(%s)",
		  m->cur_cpu, numa_node_id(m), nid, gfp, g);
	mm_printk(m, LOGLEVEL_WARNING,
		  "  cache: %s, object size: %u, buffer size: %u, default "
		  "order: %u, min order: %u",
		  s->name, s->object_size, s->size, oo_order(s->oo),
		  oo_order(s->min));
	for_each_node (m, node) {
		struct kmem_cache_node *n = get_node(s, node);
		unsigned long nr_free = 0;
		struct page *slab;

		list_for_each_entry (slab, &n->partial, slab_list)
			nr_free += slab->objects - slab->inuse;
		mm_printk(m, LOGLEVEL_WARNING,
			  "  node %d: slabs: %ld, objs: %ld, free: %lu", node,
			  n->nr_slabs, n->total_objects, nr_free);
	}
}

/* Objects on a CPU's freelist, for the event (bounded, checked). */
static long cpu_freelist_count(struct machine *m, struct kmem_cache *s,
			       struct kmem_cache_cpu *c)
{
	long n = 0;

	for (unsigned long p = c->freelist; p && n < (long)c->slab->objects &&
					    slab_object_ok(m, s, c->slab, p);
	     p = get_freepointer(m, s, p))
		n++;
	return n;
}

/* ___slab_alloc()'s events: a slab becomes the cpu slab (from where),
 * and the cpu freelist it loaded (its length) */
static inline void slab_event_cpu_slab(struct machine *m, struct kmem_cache *s,
				       struct page *slab, const char *from)
{
	MM_EVENT(m, .type = EV_SLAB_MOVE, .func = "___slab_alloc",
		 .cache = s->name, .addr2 = slab_address(m, slab), .text = from,
		 .cpu = m->cur_cpu);
}

static inline void slab_event_freelist(struct machine *m, struct kmem_cache *s,
				       struct kmem_cache_cpu *c,
				       unsigned long freelist)
{
	MM_EVENT(m, .type = EV_SLAB_FREELIST, .func = "___slab_alloc",
		 .cache = s->name, .addr = freelist,
		 .addr2 = slab_address(m, c->slab), .cpu = m->cur_cpu,
		 .n = cpu_freelist_count(m, s, c));
}

/* mm/slub.c: ___slab_alloc(), the slow path, with the kernel's labels
 * (inlined into its one caller: a stack frame less on every refill) */
static inline __attribute__((always_inline)) unsigned long
___slab_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfpflags, int node,
	      struct kmem_cache_cpu *c, unsigned int orig_size)
{
	unsigned long freelist;
	struct page *slab;
	struct partial_context pc;
	bool try_thisnode = true;

	mm_call(m, "___slab_alloc");
	c->stat[ALLOC_SLOWPATH]++;
	/* reread_slab: (the kernel rereads after races; there are none) */
	slab = c->slab;
	if (!slab) {
		/* a node without memory means no preference */
		if (node != NUMA_NO_NODE && (node < 0 || node >= m->nr_nodes))
			node = NUMA_NO_NODE;
		goto new_slab;
	}
	if (!node_match(m, slab, node)) {
		if (node < 0 || node >= m->nr_nodes) {
			node = NUMA_NO_NODE;
		} else {
			c->stat[ALLOC_NODE_MISMATCH]++;
			goto deactivate_slab;
		}
	}
	freelist = c->freelist;
	if (freelist)
		goto load_freelist;
	freelist = get_freelist(m, s, slab);
	if (!freelist) {
		/* the cpu slab is full: it leaves, onto no list */
		c->slab = NULL;
		c->tid = next_tid(m, c->tid);
		add_full(m, s, get_node(s, slab_nid(m, slab)), slab);
		c->stat[DEACTIVATE_BYPASS]++;
		goto new_slab;
	}
	c->stat[ALLOC_REFILL]++;
load_freelist:
	if (slab_poked(c->slab) && !slab_object_ok(m, s, c->slab, freelist)) {
		freelist_corrupt(m, s, c->slab, freelist, "___slab_alloc");
		return 0;
	}
	c->freelist = get_freepointer(m, s, freelist);
	c->tid = next_tid(m, c->tid);
	slab_event_freelist(m, s, c, freelist);
	return freelist;

deactivate_slab:
	freelist = c->freelist;
	c->slab = NULL;
	c->freelist = 0;
	c->tid = next_tid(m, c->tid);
	deactivate_slab(m, s, slab, freelist);

new_slab:
	while (c->partial) {
		slab = c->partial;
		c->partial = slab->next;
		if (node_match(m, slab, node)) {
			c->slab = slab;
			freelist = get_freelist(m, s, slab);
			KM_BUG_ON(!freelist);
			c->stat[CPU_PARTIAL_ALLOC]++;
			slab_event_cpu_slab(m, s, slab,
					    "cpu partial -> cpu slab");
			goto load_freelist;
		}
		slab->next = NULL;
		__put_partials(m, s, slab);
	}

new_objects:
	pc.flags = gfpflags;
	/* a node was asked for: first try only that node, without waiting */
	if (node != NUMA_NO_NODE && !(gfpflags & __GFP_THISNODE) &&
	    try_thisnode)
		pc.flags = GFP_NOWAIT | __GFP_THISNODE;
	pc.orig_size = orig_size;
	pc.object = 0;
	slab = get_partial(m, s, node, &pc);
	if (slab) {
		if (kmem_cache_debug(s)) {
			/* alloc_single_from_partial() did the rest */
			if (s->flags & SLAB_STORE_USER)
				set_track(m, s, pc.object, TRACK_ALLOC);
			return pc.object;
		}
		freelist = freeze_slab(m, s, slab);
		slab_event_cpu_slab(m, s, slab, "node partial -> cpu slab");
		goto retry_load_slab;
	}
	slab = new_slab(m, s, pc.flags, node);
	if (!slab) {
		if (node != NUMA_NO_NODE && !(gfpflags & __GFP_THISNODE) &&
		    try_thisnode) {
			try_thisnode = false;
			goto new_objects;
		}
		slab_out_of_memory(m, s, gfpflags, node);
		return 0;
	}
	c->stat[ALLOC_SLAB]++;
	if (kmem_cache_debug(s)) {
		freelist = alloc_single_from_new_slab(m, s, slab, orig_size);
		if (s->flags & SLAB_STORE_USER)
			set_track(m, s, freelist, TRACK_ALLOC);
		return freelist;
	}
	freelist = slab->freelist;
	slab->freelist = 0;
	slab->inuse = slab->objects;
	slab->frozen = 1;
	inc_slabs_node(s, slab_nid(m, slab), slab->objects);

retry_load_slab:
	KM_BUG_ON(c->slab); /* no other context can refill it meanwhile */
	c->slab = slab;
	goto load_freelist;
}

/* mm/slub.c: __slab_alloc(): the slow path with the CPU pinned */
static inline __attribute__((always_inline)) unsigned long
__slab_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfpflags, int node,
	     struct kmem_cache_cpu *c, unsigned int orig_size)
{
	mm_call(m, "__slab_alloc");
	return ___slab_alloc(m, s, gfpflags, node, c, orig_size);
}

/*
 * mm/slab.h: slab_want_init_on_alloc(). init_on_alloc never undoes a
 * constructor's work (not even for __GFP_ZERO), and leaves poisoned and
 * SLAB_TYPESAFE_BY_RCU caches to __GFP_ZERO alone.
 */
static inline bool slab_want_init_on_alloc(const struct machine *m, gfp_t flags,
					   const struct kmem_cache *s)
{
	if (m->cfg.init_on_alloc) {
		if (s->ctor)
			return false;
		if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON))
			return flags & __GFP_ZERO;
		return true;
	}
	return flags & __GFP_ZERO;
}

/* mm/slab.h: slab_want_init_on_free(): not for constructed, poisoned
 * (SLAB_POISON takes precedence) or RCU-typesafe caches */
static inline bool slab_want_init_on_free(const struct machine *m,
					  const struct kmem_cache *s)
{
	return m->cfg.init_on_free &&
	       !(s->ctor || (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_POISON)));
}

/* Either option on: allocations take slab_post_alloc_hook() even
 * without __GFP_ZERO (one test on the fast path) */
#define slab_init_enabled(m) ((m)->cfg.init_on_alloc | (m)->cfg.init_on_free)

/* mm/slub.c: maybe_wipe_obj_freeptr(): an object wiped at free still
 * holds its free pointer when it is handed out; zero that word too */
static inline void maybe_wipe_obj_freeptr(struct machine *m,
					  struct kmem_cache *s,
					  unsigned long object)
{
	if (slab_want_init_on_free(m, s) && !freeptr_outside_object(s))
		memset(km_ptr(m, object + s->offset), 0, sizeof(unsigned long));
}

/* mm/slub.c: slab_post_alloc_hook(): zero object_size bytes, or only the
 * request when a kmalloc cache keeps it (U: the tail is kmalloc red
 * zone), if __GFP_ZERO or init_on_alloc asks */
static inline void slab_post_alloc_hook(struct machine *m, struct kmem_cache *s,
					unsigned long object, gfp_t flags,
					size_t orig_size)
{
	size_t zero_size = s->object_size;

	maybe_wipe_obj_freeptr(m, s, object);
	if (slub_debug_orig_size(s))
		zero_size = orig_size;
	if (slab_want_init_on_alloc(m, flags, s))
		memset(km_ptr(m, object), 0, zero_size);
}

/*
 * mm/slub.c: slab_free_hook()'s init_on_free wipe, before the object goes
 * onto a free list. Zeroed: the object (the request only, for a kmalloc
 * cache with U) and everything from get_info_end() to the end of the
 * stride (tracks, padding); kept: the red zones, a free pointer outside
 * the object and the stored orig_size. A free pointer inside the object
 * is zeroed with it and written again by the free that follows, so a
 * freed object reads as zeroes around its free pointer.
 */
static __attribute__((noinline)) void slab_free_init(struct machine *m,
						     struct kmem_cache *s,
						     struct page *slab,
						     unsigned long x)
{
	unsigned int info_end = get_info_end(s);
	unsigned int rsize = (s->flags & SLAB_RED_ZONE) ? s->red_left_pad : 0;
	unsigned long orig_size = get_orig_size(m, s, x);

	/* a debug cache's double free reaches here before its checks (as
	 * in the kernel): the wipe then writes into a free object, which
	 * SLUB's own pointer checks must now treat as written by poke */
	if (!obj_allocated(m, x))
		SetPageFlag(slab, PG_poked);
	memset(km_ptr(m, x), 0, orig_size);
	memset(km_ptr(m, x + info_end), 0, s->size - info_end - rsize);
	set_orig_size(m, s, x, orig_size);
}

static inline void slab_free_hook(struct machine *m, struct kmem_cache *s,
				  struct page *slab, unsigned long x)
{
	if (__builtin_expect(slab_want_init_on_free(m, s), 0))
		slab_free_init(m, s, slab, x);
}

/*
 * mm/slub.c: slab_alloc_node() with __slab_alloc_node() inlined. The fast
 * path is the kernel's: pop c->freelist when the cpu slab is on the right
 * node, advancing tid (no cmpxchg: one simulated CPU runs at a time).
 */
/* slab_alloc_done()'s rarer part: out of line, so that the fast path
 * makes no call but tail calls and needs no stack frame */
static __attribute__((noinline)) unsigned long
slab_alloc_hooks(struct machine *m, struct kmem_cache *s, gfp_t gfp,
		 unsigned long object, size_t orig_size)
{
	struct page *slab = compound_head(virt_to_page(m, object));

	if ((gfp & __GFP_ZERO) | slab_init_enabled(m))
		slab_post_alloc_hook(m, s, object, gfp, orig_size);
	if (m->sink)
		slub_object_event(m, EV_SLAB_ALLOC, "slab_alloc_node", s,
				  object, slab, (long)orig_size);
	return object;
}

/*
 * What every allocation does once it has its object. traced is a constant
 * in each copy of the fast path: m->sink was tested once on entry, and the
 * stores since (through pointers GCC cannot tell from m->sink) need no
 * second look.
 */
static inline __attribute__((always_inline)) unsigned long
slab_alloc_done(struct machine *m, struct kmem_cache *s, gfp_t gfp,
		unsigned long object, size_t orig_size, int traced)
{
	struct slub_state *ss = m->slub;

	*objmap_word(ss, object) |= objmap_bit(object); /* objmap_set() */
	ss->last_cache = s;
	if (mm_unlikely(gfp & __GFP_ZERO) || mm_unlikely(ss->init_any))
		return slab_alloc_hooks(m, s, gfp, object, orig_size);
	if (traced)
		return slub_alloc_event(m, s, object, orig_size);
	return object;
}

static __attribute__((noinline)) unsigned long
slab_alloc_slow(struct machine *m, struct kmem_cache *s, gfp_t gfp, int node,
		struct kmem_cache_cpu *c, size_t orig_size)
{
	unsigned long object =
		__slab_alloc(m, s, gfp, node, c, (unsigned int)orig_size);

	if (!object) {
		m->slub->last_cache = NULL;
		return 0;
	}
	return slab_alloc_done(m, s, gfp, object, orig_size, m->sink != NULL);
}

/*
 * ___slab_alloc() from new_objects: when this CPU's partial list is empty,
 * get_partial() takes the first slab of its node's partial list for the
 * cpu slab (and maybe more for the cpu partial list); known to exist
 */
static __attribute__((noinline)) unsigned long
slab_alloc_node_partial(struct machine *m, struct kmem_cache *s, gfp_t gfp,
			struct kmem_cache_cpu *c, size_t orig_size, int traced)
{
	struct partial_context pc = {.flags = gfp,
				     .orig_size = (unsigned int)orig_size};
	struct page *slab = get_partial(m, s, NUMA_NO_NODE, &pc);
	unsigned long object;

	KM_BUG_ON(!slab);
	object = freeze_slab(m, s, slab);
	if (traced)
		slab_event_cpu_slab(m, s, slab, "node partial -> cpu slab");
	c->slab = slab;				     /* retry_load_slab: */
	c->freelist = get_freepointer(m, s, object); /* load_freelist: */
	c->tid = next_tid(m, c->tid);
	if (traced)
		slab_event_freelist(m, s, c, object);
	return slab_alloc_done(m, s, gfp, object, orig_size, traced);
}

/*
 * ___slab_alloc()'s most common cases, for an allocation on no particular
 * node: the cpu slab is used up, with no objects freed to it from
 * elsewhere, so it leaves as a full slab (deactivate_bypass); the first
 * slab of this CPU's partial list becomes the cpu slab, or, if that list
 * is empty, the first of its node's (slab_alloc_node_partial). The same
 * steps, stats and tids as ___slab_alloc(), tested for before any change;
 * anything else is slab_alloc_slow()'s. traced: TR_OFF, or TR_LENT with
 * ___slab_alloc()'s calls and events. No frame: the rest of the
 * allocation is a tail call.
 */
static inline __attribute__((always_inline)) unsigned long
__slab_alloc_refill(struct machine *m, struct kmem_cache *s, gfp_t gfp,
		    int node, struct kmem_cache_cpu *c, size_t orig_size,
		    int traced)
{
	struct page *slab = c->slab, *next = c->partial;
	unsigned long object;

	if (mm_unlikely(node != NUMA_NO_NODE) ||
	    mm_unlikely(m->slub_full_paths) || mm_unlikely(!slab) ||
	    mm_unlikely(c->freelist != 0) || mm_unlikely(slab->freelist != 0))
		return slab_alloc_slow(m, s, gfp, node, c, orig_size);
	if (traced == TR_LENT && mm_unlikely(!slub_lent_room(m, 4)))
		return slab_alloc_slow(m, s, gfp, node, c, orig_size);
	if (!next) {
		struct kmem_cache_node *n = get_node(s, numa_node_id(m));

		if (!n || !n->nr_partial || kmem_cache_debug(s))
			return slab_alloc_slow(m, s, gfp, node, c, orig_size);
		next = list_first_entry(&n->partial, struct page, slab_list);
	}
	if (mm_unlikely(next->freelist == 0) || mm_unlikely(slab_poked(next)))
		return slab_alloc_slow(m, s, gfp, node, c, orig_size);
	slub_call_fast(m, traced, "__slab_alloc");
	slub_call_fast(m, traced, "___slab_alloc");
	c->stat[ALLOC_SLOWPATH]++;
	/* get_freelist() of the cpu slab finds nothing */
	slub_call_fast(m, traced, "get_freelist");
	slab->inuse = slab->objects;
	slab->frozen = 0;
	c->slab = NULL;
	c->tid = next_tid(m, c->tid);
	if (traced)
		add_full(m, s, get_node(s, slab_nid(m, slab)), slab);
	else
		full_list_add(get_node(s, slab_nid(m, slab)), slab);
	c->stat[DEACTIVATE_BYPASS]++;
	if (!c->partial)
		return slab_alloc_node_partial(m, s, gfp, c, orig_size, traced);
	/* new_slab: the cpu partial slab, and get_freelist() of it */
	c->partial = next->next;
	c->slab = next;
	slub_call_fast(m, traced, "get_freelist");
	object = next->freelist;
	next->freelist = 0;
	next->inuse = next->objects;
	next->frozen = 1;
	c->stat[CPU_PARTIAL_ALLOC]++;
	if (traced)
		slab_event_cpu_slab(m, s, next, "cpu partial -> cpu slab");
	/* load_freelist: */
	c->freelist = get_freepointer(m, s, object);
	c->tid = next_tid(m, c->tid);
	if (traced)
		slab_event_freelist(m, s, c, object);
	return slab_alloc_done(m, s, gfp, object, orig_size, traced);
}

static __attribute__((noinline)) MM_HOT_ALIGN unsigned long
slab_alloc_refill(struct machine *m, struct kmem_cache *s, gfp_t gfp, int node,
		  struct kmem_cache_cpu *c, size_t orig_size)
{
	return __slab_alloc_refill(m, s, gfp, node, c, orig_size, TR_OFF);
}

static __attribute__((noinline)) unsigned long
slab_alloc_refill_lent(struct machine *m, struct kmem_cache *s, gfp_t gfp,
		       int node, struct kmem_cache_cpu *c, size_t orig_size)
{
	return __slab_alloc_refill(m, s, gfp, node, c, orig_size, TR_LENT);
}

static __attribute__((noinline, cold)) unsigned long
slab_alloc_corrupt(struct machine *m, struct kmem_cache *s, struct page *slab,
		   unsigned long object)
{
	freelist_corrupt(m, s, slab, object, "slab_alloc_node");
	m->slub->last_cache = NULL;
	return 0;
}

/* The fast path's pop: __slab_alloc_node() once it has its object */
static inline __attribute__((always_inline)) unsigned long
slab_alloc_pop(struct machine *m, struct kmem_cache *s, gfp_t gfp,
	       struct kmem_cache_cpu *c, unsigned long object, size_t orig_size,
	       int traced)
{
	unsigned long next = get_freepointer(m, s, object);

	c->freelist = next;
	c->tid = next_tid(m, c->tid);
	c->stat[ALLOC_FASTPATH]++; /* stat(): c is this CPU's */
	return slab_alloc_done(m, s, gfp, object, orig_size, traced);
}

/* A cpu slab that `poke` or a bad free reached: its head is checked
 * before SLUB follows it (out of line: the fast path keeps no frame) */
static __attribute__((noinline)) unsigned long
slab_alloc_poked(struct machine *m, struct kmem_cache *s, gfp_t gfp,
		 struct kmem_cache_cpu *c, unsigned long object,
		 struct page *slab, size_t orig_size)
{
	if (!slab_object_ok(m, s, slab, object))
		return slab_alloc_corrupt(m, s, slab, object);
	return slab_alloc_pop(m, s, gfp, c, object, orig_size, m->sink != NULL);
}

/*
 * mm/slub.c: slab_alloc_node() with __slab_alloc_node() inlined. The fast
 * path is the kernel's: pop c->freelist when the cpu slab is on the right
 * node, advancing tid (no cmpxchg: one simulated CPU runs at a time).
 */
static inline __attribute__((always_inline)) unsigned long
slab_alloc_node(struct machine *m, struct kmem_cache *s, gfp_t gfp, int node,
		size_t orig_size, int traced)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cur_cpu];
	unsigned long object = c->freelist;
	struct page *slab = c->slab;

	if (traced != TR_LENT) /* TR_LENT: kmalloc_traced() stored it */
		slub_call_fast(m, traced, "slab_alloc_node");
	/* one expectation per test: GCC reads one around the whole || as
	 * "the fast path is cold" and moves it to .text.unlikely */
	if (mm_unlikely(!object) || mm_unlikely(!slab) ||
	    mm_unlikely(!node_match(m, slab, node))) {
		if (traced == TR_OFF)
			return slab_alloc_refill(m, s, gfp, node, c, orig_size);
		if (traced == TR_LENT)
			return slab_alloc_refill_lent(m, s, gfp, node, c,
						      orig_size);
		return slab_alloc_slow(m, s, gfp, node, c, orig_size);
	}
	if (mm_unlikely(slab_poked(slab)))
		return slab_alloc_poked(m, s, gfp, c, object, slab, orig_size);
	return slab_alloc_pop(m, s, gfp, c, object, orig_size, traced);
}

unsigned long kmem_cache_alloc(struct machine *m, struct kmem_cache *s,
			       gfp_t gfp)
{
	slub_call(m, "kmem_cache_alloc");
	return slab_alloc_node(m, s, gfp, NUMA_NO_NODE, s->object_size,
			       m->sink != NULL);
}

unsigned long kmem_cache_alloc_node(struct machine *m, struct kmem_cache *s,
				    gfp_t gfp, int node)
{
	mm_call(m, "kmem_cache_alloc_node");
	return slab_alloc_node(m, s, gfp, node, s->object_size,
			       m->sink != NULL);
}

unsigned long kmem_cache_zalloc(struct machine *m, struct kmem_cache *s,
				gfp_t gfp)
{
	mm_call(m, "kmem_cache_zalloc");
	return slab_alloc_node(m, s, gfp | __GFP_ZERO, NUMA_NO_NODE,
			       s->object_size, m->sink != NULL);
}

/* --- kmalloc -----------------------------------------------------------------
 */

/* mm/slub.c: ___kmalloc_large_node() */
static unsigned long ___kmalloc_large_node(struct machine *m, size_t size,
					   gfp_t flags, int node)
{
	struct page *page;
	unsigned int order = (unsigned int)get_order(size);
	unsigned long ptr = 0;

	mm_call(m, "___kmalloc_large_node");
	m->slub->last_cache = NULL;
	if (flags & GFP_SLAB_BUG_MASK)
		flags = kmalloc_fix_flags(m, flags);
	flags |= __GFP_COMP;
	/* order > MAX_PAGE_ORDER (above 4 MiB): __alloc_pages_noprof()'s
	 * WARN_ON_ONCE_GFP and NULL, from the page allocator itself */
	if (node < 0 || node >= m->nr_nodes) /* no such node: no preference */
		page = alloc_pages(m, flags, order);
	else
		page = alloc_pages_node(m, node, flags, order);
	if (page) {
		unsigned long nr = 1UL << order;

		SetPageFlag(page, PG_large_kmalloc);
		for (unsigned long i = 0; i < nr; i++)
			page[i].owner = OWNER_LARGE_KMALLOC;
		page->compound_order = (uint8_t)order;
		ptr = page_address(m, page);
		m->node_data[page_to_nid(m, page)].nr_slab_unreclaimable_b +=
			nr << KM_PAGE_SHIFT;
		MM_EVENT(m, .type = EV_SLAB_ALLOC,
			 .func = "___kmalloc_large_node", .addr = ptr,
			 .pfn = page_to_pfn(m, page), .order = (int)order,
			 .n = (long)size);
	}
	return ptr;
}

static unsigned long kmalloc_large_node(struct machine *m, size_t size,
					gfp_t flags, int node)
{
	mm_call(m,
		node == NUMA_NO_NODE ? "kmalloc_large" : "kmalloc_large_node");
	return ___kmalloc_large_node(m, size, flags, node);
}

/* mm/slub.c: __do_kmalloc_node() */
static inline __attribute__((always_inline)) unsigned long
__do_kmalloc_node(struct machine *m, size_t size, gfp_t flags, int node,
		  int traced)
{
	struct kmem_cache *s;

	if (__builtin_expect(size > KMALLOC_MAX_CACHE_SIZE, 0))
		return kmalloc_large_node(m, size, flags, node);
	if (__builtin_expect(!size, 0)) {
		m->slub->last_cache = NULL;
		return ZERO_SIZE_PTR;
	}
	/* kmalloc_slab(), inline */
	s = m->slub->kmalloc_caches[kmalloc_type(
		flags)][size <= 192 ? kmalloc_size_index[(size - 1) / 8]
				    : (unsigned int)fls64(size - 1)];
	return slab_alloc_node(m, s, flags, node, size, traced);
}

/* kmalloc() with tracing on: the same path, with its events */
static __attribute__((noinline)) unsigned long
kmalloc_traced_events(struct machine *m, size_t size, gfp_t gfp)
{
	slub_call_out(m, "kmalloc");
	slub_call_out(m, "__kmalloc");
	return __do_kmalloc_node(m, size, gfp, NUMA_NO_NODE, TR_EVENTS);
}

/* ... and when the path array has room for its three calls, as stores */
static __attribute__((noinline)) unsigned long
kmalloc_traced(struct machine *m, size_t size, gfp_t gfp)
{
	if (mm_unlikely(!slub_lent_room(m, 3)))
		return kmalloc_traced_events(m, size, gfp);
	/* slab_alloc_node's call too, when the size takes it there */
	slub_calls_lent(m, "kmalloc", "__kmalloc",
			size - 1 < KMALLOC_MAX_CACHE_SIZE ? "slab_alloc_node"
							  : NULL);
	return __do_kmalloc_node(m, size, gfp, NUMA_NO_NODE, TR_LENT);
}

MM_HOT_ALIGN unsigned long kmalloc(struct machine *m, size_t size, gfp_t gfp)
{
	/* tracing off: one test, and a copy of the path without events */
	if (mm_unlikely(m->sink != NULL))
		return kmalloc_traced(m, size, gfp);
	return __do_kmalloc_node(m, size, gfp, NUMA_NO_NODE, TR_OFF);
}

unsigned long kmalloc_node(struct machine *m, size_t size, gfp_t gfp, int node)
{
	mm_call(m, "kmalloc_node");
	mm_call(m, "__kmalloc_node");
	return __do_kmalloc_node(m, size, gfp, node, m->sink != NULL);
}

/* --- free --------------------------------------------------------------------
 */

/* mm/slub.c: free_to_partial_list() (debug caches): the checks, then the
 * list work under the node lock; false when the checks refused the free */
static bool free_to_partial_list(struct machine *m, struct kmem_cache *s,
				 struct page *slab, unsigned long head)
{
	struct kmem_cache_node *n = get_node(s, slab_nid(m, slab));
	unsigned long prior;
	bool slab_free = false;

	mm_call(m, "free_to_partial_list");
	if (!free_debug_processing(m, s, slab, head))
		return false;
	prior = slab->freelist;
	slab->inuse -= 1;
	set_freepointer(m, s, head, prior);
	slab->freelist = head;
	if (slab->inuse == 0 && n->nr_partial >= s->min_partial)
		slab_free = true;
	if (!prior) {
		remove_full(slab);
		if (!slab_free) {
			add_partial(m, s, n, slab, DEACTIVATE_TO_TAIL_);
			stat(m, s, FREE_ADD_PARTIAL);
		}
	} else if (slab_free) {
		remove_partial(n, slab);
		stat(m, s, FREE_REMOVE_PARTIAL);
	}
	if (slab_free) {
		stat(m, s, FREE_SLAB);
		discard_slab(m, s, slab);
	}
	return true;
}

/* mm/slub.c: __slab_free(): every transition of KERNEL_FACTS §4.2 (its
 * stat()s on c, this CPU's, computed once) */
static void __slab_free(struct machine *m, struct kmem_cache *s,
			struct page *slab, unsigned long head)
{
	unsigned long prior;
	bool was_frozen, on_node_partial = false, locked = false;
	struct kmem_cache_node *n = NULL;
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cur_cpu]; /* stat() */

	mm_call(m, "__slab_free");
	c->stat[FREE_SLOWPATH]++;
	KM_BUG_ON(kmem_cache_debug(s)); /* slab_free_debug() took it */
	prior = slab->freelist;
	set_freepointer(m, s, head, prior);
	was_frozen = slab->frozen;
	slab->inuse -= 1;
	if ((!slab->inuse || !prior) && !was_frozen) {
		if (!kmem_cache_has_cpu_partial(s) || prior) {
			n = get_node(s, slab_nid(m, slab));
			locked = true;
			on_node_partial = PageFlag(slab, PG_workingset);
		}
	}
	slab->freelist = head;

	if (!locked) {
		if (was_frozen) {
			/* another CPU's cpu slab: it collects these later */
			c->stat[FREE_FROZEN]++;
		} else if (kmem_cache_has_cpu_partial(s) && !prior) {
			/* a full slab got its first free object */
			remove_full(slab);
			put_cpu_partial(m, s, slab, 1);
			c->stat[CPU_PARTIAL_FREE]++;
		}
		return;
	}
	/* partially free but on a cpu partial list: not ours to move */
	if (prior && !on_node_partial)
		return;
	if (!slab->inuse && n->nr_partial >= s->min_partial) {
		if (prior) {
			remove_partial(n, slab);
			c->stat[FREE_REMOVE_PARTIAL]++;
		}
		c->stat[FREE_SLAB]++;
		discard_slab(m, s, slab);
		return;
	}
	if (!kmem_cache_has_cpu_partial(s) && !prior) {
		remove_full(slab);
		add_partial(m, s, n, slab, DEACTIVATE_TO_TAIL_);
		c->stat[FREE_ADD_PARTIAL]++;
	}
}

/* mm/slub.c: do_slab_free(): push on this CPU's freelist if the object is
 * in this CPU's cpu slab, else the slow path */
static inline __attribute__((always_inline)) void
do_slab_free(struct machine *m, struct kmem_cache *s, struct page *slab,
	     unsigned long object)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cur_cpu];

	slub_call(m, "do_slab_free");
	if (__builtin_expect(slab != c->slab, 0)) {
		__slab_free(m, s, slab, object);
		return;
	}
	set_freepointer(m, s, object, c->freelist);
	c->freelist = object;
	c->tid = next_tid(m, c->tid);
	c->stat[FREE_FASTPATH]++; /* stat(): c is this CPU's */
}

/* The list a free of an object of slab pushes onto: this CPU's freelist
 * if slab is its cpu slab (do_slab_free), else slab->freelist */
static unsigned long free_list_head(struct machine *m, struct kmem_cache *s,
				    struct page *slab)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cur_cpu];

	return slab == c->slab ? c->freelist : slab->freelist;
}

/*
 * CONFIG_SLAB_FREELIST_HARDENED's BUG_ON(object == fp) in set_freepointer()
 * (mm/slub.c:550): freeing the object that heads the list it goes onto,
 * the double free the kernel catches without slab_debug. The kernel dies
 * in the middle of the free; kmemlab changes nothing.
 */
static void set_freepointer_bug(struct machine *m, struct kmem_cache *s,
				struct page *slab, unsigned long object,
				const char *rip)
{
	char taint[64];

	mm_printk(m, LOGLEVEL_WARNING, "------------[ cut here ]------------");
	mm_printk(m, LOGLEVEL_ERR, "kernel BUG at mm/slub.c:550!");
	mm_printk(m, LOGLEVEL_WARNING,
		  "Oops: invalid opcode: 0000 [#%u] PREEMPT SMP NOPTI",
		  ++m->die_counter);
	mm_printk(m, LOGLEVEL_WARNING,
		  "CPU: %d UID: 0 PID: 1 Comm: kmemlab %s 6.12.0-kmemlab #1",
		  m->cur_cpu, mm_print_tainted(m, taint, sizeof(taint)));
	if (!rip)
		rip = slab == s->cpu_slab[m->cur_cpu].slab ? "do_slab_free"
		      : kmem_cache_debug(s) ? "free_to_partial_list"
					    : "__slab_free";
	mm_printk(m, LOGLEVEL_WARNING, "RIP: 0010:%s", rip);
	mm_printk(m, LOGLEVEL_WARNING, "---[ end trace 0000000000000000 ]---");
	mm_add_taint(m, TAINT_DIE);
	MM_EVENT(m, .type = EV_BUG, .func = "set_freepointer", .cache = s->name,
		 .addr = object, .addr2 = slab_address(m, slab),
		 .text = "kernel BUG at mm/slub.c:550 (double free)");
}

/*
 * A free that the allocation bitmap says is wrong (a double free, an
 * address inside an object), on a cache without slab_debug's F checks:
 * the kernel does not look, and neither does kmemlab. Only the hardened
 * set_freepointer()'s BUG_ON catches the free of the list's head. Else
 * the object is pushed like any other (a cycle, a self-loop without
 * hardening, inuse going wrong, a slab that looks empty discarded while
 * objects are handed out) and the slab is marked corrupted (PG_poked):
 * SLUB then checks each pointer before it follows one there, and the
 * checker accepts the chains and counters this breaks. Returns 1 when
 * the free goes on, else the error.
 */
static __attribute__((noinline, cold)) int slab_free_bad(struct machine *m,
							 struct kmem_cache *s,
							 struct page *slab,
							 unsigned long object)
{
	unsigned long off = object - slab_address(m, slab) - s->red_left_pad;

	if (!slab_object_ok(m, s, slab, object)) {
		/* the last bytes of the slab: the kernel's free pointer (or
		 * slab_debug's bytes) would land in the next page, which
		 * kmemlab does not let a free scribble on */
		mm_printk(
			m, LOGLEVEL_ERR,
			"kmemlab: free of 0x%016lx: the kernel would store "
			"its free pointer at 0x%016lx, past the end of %s slab "
			"0x%016lx; not modelled, nothing freed",
			object, object + s->offset, s->name,
			slab_address(m, slab));
		MM_EVENT(
			m, .type = EV_BUG, .func = "slab_free",
			.cache = s->name, .addr = object,
			.addr2 = slab_address(m, slab),
			.text = "free past the end of the slab (not modelled)");
		return -EINVAL;
	}
	if (m->cfg.hardened && object == free_list_head(m, s, slab)) {
		/* the free got as far as set_freepointer(): the path says so */
		mm_call(m, "do_slab_free");
		if (kmem_cache_debug(s) || slab != s->cpu_slab[m->cur_cpu].slab)
			mm_call(m, "__slab_free");
		if (kmem_cache_debug(s))
			mm_call(m, "free_to_partial_list");
		mm_call(m, "set_freepointer");
		set_freepointer_bug(m, s, slab, object, NULL);
		return -EINVAL;
	}
	SetPageFlag(slab, PG_poked);
	/* the bitmap marks object starts; a misaligned free leaves it */
	if (off % s->size == 0)
		objmap_clear(m, object);
	return 1;
}

/*
 * A debug cache's free: do_slab_free() -> __slab_free() ->
 * free_to_partial_list(), whose free_debug_processing() checks it. With
 * F those are the kernel's checks (Invalid object pointer, Object already
 * free, red zones); without F a bad free goes through as in the kernel
 * (slab_free_bad).
 */
static __attribute__((noinline)) int slab_free_debug(struct machine *m,
						     struct kmem_cache *s,
						     struct page *slab,
						     unsigned long object)
{
	bool start = true;

	if (!(s->flags & SLAB_CONSISTENCY_CHECKS)) {
		unsigned long off =
			object - slab_address(m, slab) - s->red_left_pad;
		int rc;

		if (off >= (unsigned long)slab->objects * s->size ||
		    off % s->size || !obj_allocated(m, object) ||
		    slab_poked(slab)) {
			rc = slab_free_bad(m, s, slab, object);
			if (rc < 0)
				return rc;
			start = off % s->size == 0;
		}
	}
	if (m->sink)
		slub_object_event(m, EV_SLAB_FREE, "slab_free", s, object, slab,
				  0);
	mm_call(m, "do_slab_free");
	mm_call(m, "__slab_free");
	stat(m, s, FREE_SLOWPATH);
	slab_free_hook(m, s, slab, object);
	if (!free_to_partial_list(m, s, slab, object)) {
		MM_EVENT(m, .type = EV_BUG, .func = "free_to_partial_list",
			 .cache = s->name, .addr = object,
			 .addr2 = slab_address(m, slab),
			 .text = "object not freed (slab_debug)");
		return -EINVAL;
	}
	if (start)
		objmap_clear(m, object);
	return 0;
}

/*
 * mm/slub.c: slab_free(). Like the kernel without slab_debug, it frees
 * whatever it is given inside the slab; the allocation bitmap only tells
 * kmemlab when a free is wrong, so that slab_free_bad() can mark the
 * slab corrupted (and the hardened BUG_ON be reported before anything
 * changes).
 */
static inline __attribute__((always_inline)) int slab_free(struct machine *m,
							   struct kmem_cache *s,
							   struct page *slab,
							   unsigned long object)
{
	unsigned long off = object - slab_address(m, slab) - s->red_left_pad;
	unsigned int idx;

	slub_call(m, "slab_free");
	if (__builtin_expect(kmem_cache_debug(s), 0))
		return slab_free_debug(m, s, slab, object);
	if (__builtin_expect(off >= (unsigned long)slab->objects * s->size, 0))
		goto bad;
	idx = obj_to_index(m, s, slab, object);
	/* a corrupted slab: its head may be handed out too (a cycle) */
	if (__builtin_expect(off != (unsigned long)idx * s->size ||
				     !obj_allocated(m, object) ||
				     PageFlag(slab, PG_poked),
			     0))
		goto bad;
	slab_free_hook(m, s, slab, object);
	objmap_clear(m, object);
free:
	if (__builtin_expect(m->sink != NULL, 0))
		slub_object_event(m, EV_SLAB_FREE, "slab_free", s, object, slab,
				  0);
	do_slab_free(m, s, slab, object);
	return 0;
bad : {
	int rc = slab_free_bad(m, s, slab, object);

	if (rc < 0)
		return rc;
	/* init_on_free wipes a double-freed object as the kernel does; a
	 * free inside an object is not wiped (it could run past the slab) */
	if (off < (unsigned long)slab->objects * s->size && off % s->size == 0)
		slab_free_hook(m, s, slab, object);
	goto free;
}
}

struct page *virt_to_slab(struct machine *m, unsigned long addr)
{
	struct page *page;

	if (!virt_addr_valid(m, addr))
		return NULL;
	page = compound_head(virt_to_page(m, addr));
	return PageSlab(page) ? page : NULL;
}

/* WARN(): the cut-here block, short of registers and call trace; the
 * line numbers are those of mm/slub.c in 6.12 */
static void slub_warn(struct machine *m, const char *where, const char *func,
		      unsigned long addr, const char *msg)
{
	mm_printk(m, LOGLEVEL_WARNING, "------------[ cut here ]------------");
	if (msg)
		mm_printk(m, LOGLEVEL_WARNING, "%s", msg);
	mm_printk(m, LOGLEVEL_WARNING, "WARNING: CPU: %d PID: 1 at %s %s",
		  m->cur_cpu, where, func);
	mm_printk(m, LOGLEVEL_WARNING, "---[ end trace 0000000000000000 ]---");
	mm_add_taint(m, TAINT_WARN);
	if (msg)
		MM_EVENT(m, .type = EV_BUG, .func = func, .addr = addr,
			 .text = msg);
}

/*
 * kfree()/kmem_cache_free() of an address outside the direct map's RAM:
 * virt_to_folio() turns it into a struct page address by __pa()
 * arithmetic (x - PAGE_OFFSET, or x - __START_KERNEL_map for the kernel
 * image) and reads that page's compound_head (offset 8), which nothing
 * maps: the oops names that address. kmemlab never reads there.
 */
static void bad_pointer(struct machine *m, const char *func, unsigned long x)
{
	unsigned long start_kernel_map = 0xffffffff80000000UL;
	unsigned long pa = x >= start_kernel_map ? x - start_kernel_map
						 : x - KM_PAGE_OFFSET;
	unsigned long page = KM_VMEMMAP + (pa >> KM_PAGE_SHIFT) * 64;

	if ((pa >> KM_PAGE_SHIFT) < m->nr_pages)
		/* a real struct page: the kernel would use it; kmemlab
		 * oopses at the address itself instead */
		page = x - 8;
	kernel_fault_oops(m, page + 8, false, func);
}

/* mm/slub.c: free_large_kmalloc() (out of line: kfree's fast path keeps
 * a small frame) */
static __attribute__((noinline)) int
free_large_kmalloc(struct machine *m, struct page *page, unsigned long object)
{
	unsigned int order = page->compound_order;
	unsigned long nr = 1UL << order;

	mm_call(m, "free_large_kmalloc");
	if (!PageFlag(page, PG_large_kmalloc) ||
	    object != page_address(m, page)) {
		char msg[64];

		/* WARN_ON_ONCE(order == 0) + "object pointer", then a
		 * folio_put that would free someone else's page: refused */
		slub_warn(m, "mm/slub.c:4799", "free_large_kmalloc", object,
			  NULL);
		snprintf(msg, sizeof(msg), "object pointer: 0x%016lx", object);
		mm_printk(m, LOGLEVEL_WARNING, "%s", msg);
		MM_EVENT(m, .type = EV_BUG, .func = "free_large_kmalloc",
			 .addr = object, .text = "not a kmalloc'ed object");
		return -EINVAL;
	}
	m->node_data[page_to_nid(m, page)].nr_slab_unreclaimable_b -=
		nr << KM_PAGE_SHIFT;
	ClearPageFlag(page, PG_large_kmalloc);
	for (unsigned long i = 0; i < nr; i++)
		page[i].owner = OWNER_NONE;
	MM_EVENT(m, .type = EV_SLAB_FREE, .func = "free_large_kmalloc",
		 .addr = object, .pfn = page_to_pfn(m, page),
		 .order = (int)order);
	return __free_pages(m, page, order);
}

/* kfree() whole, for every case kfree()'s fast path leaves (which has
 * already entered "kfree") */
static __attribute__((noinline)) int kfree_full(struct machine *m,
						unsigned long x)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(x))
		return 0;
	if (__builtin_expect(!virt_addr_valid(m, x), 0)) {
		bad_pointer(m, "kfree", x);
		return -EFAULT;
	}
	page = compound_head(virt_to_page(m, x));
	if (__builtin_expect(!PageSlab(page), 0))
		return free_large_kmalloc(m, page, x);
	return slab_free(m, page->slab_cache, page, x);
}

/*
 * __slab_free() for kfree()'s fast path: an object of a slab that is not
 * this CPU's cpu slab, its checks passed and its bit cleared. Its two
 * common cases are here, without a frame: a slab with free objects that
 * keeps some in use (another CPU's cpu slab or not) takes a push onto
 * slab->freelist; a full slab on no CPU gets its first free object and
 * goes onto this CPU's partial list (put_cpu_partial() when that list
 * must be drained to the node first).
 * traced: TR_OFF, or TR_LENT with the same calls and events as the full
 * path. The rest, and tracing without a lent path, is __slab_free()'s.
 */
static inline __attribute__((always_inline)) int
__kfree_slab_free(struct machine *m, struct kmem_cache *s, struct page *slab,
		  unsigned long x, int traced)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cur_cpu]; /* stat() */
	unsigned long prior = slab->freelist;

	if (mm_unlikely(m->slub_full_paths))
		goto slow;
	if (traced == TR_LENT) {
		if (mm_unlikely(!slub_lent_room(m, 2)))
			goto slow;
	} else if (mm_unlikely(m->sink != NULL)) {
		goto slow;
	}
	if (prior) {
		if (mm_unlikely(slab->inuse < 2))
			goto slow;
		slub_call_fast(m, traced, "__slab_free");
		c->stat[FREE_SLOWPATH]++;
		set_freepointer(m, s, x, prior);
		if (slab->frozen)
			c->stat[FREE_FROZEN]++;
		slab->inuse -= 1;
		slab->freelist = x;
		return 0;
	}
	if (mm_unlikely(slab->frozen) || !kmem_cache_has_cpu_partial(s))
		goto slow;
	slub_call_fast(m, traced, "__slab_free");
	c->stat[FREE_SLOWPATH]++;
	set_freepointer(m, s, x, 0);
	slab->inuse -= 1;
	slab->freelist = x;
	remove_full(slab);
	c->stat[CPU_PARTIAL_FREE]++;
	if (mm_unlikely(cpu_partial_full(s, c)))
		return put_cpu_partial_drain(m, s, slab);
	/* put_cpu_partial() without a drain */
	slub_call_fast(m, traced, "put_cpu_partial");
	if (traced)
		cpu_partial_event(m, s, slab, cpu_partial_push(c, slab));
	else
		cpu_partial_push(c, slab);
	return 0;
slow:
	__slab_free(m, s, slab, x);
	return 0;
}

static __attribute__((noinline)) MM_HOT_ALIGN int
kfree_slab_free(struct machine *m, struct kmem_cache *s, struct page *slab,
		unsigned long x)
{
	return __kfree_slab_free(m, s, slab, x, TR_OFF);
}

/* ... tracing with the path lent (TR_LENT): the same calls and events as
 * __slab_free() would send */
static __attribute__((noinline)) int kfree_slab_free_lent(struct machine *m,
							  struct kmem_cache *s,
							  struct page *slab,
							  unsigned long x)
{
	return __kfree_slab_free(m, s, slab, x, TR_LENT);
}

/* kfree()'s free event with its calls lent (TR_LENT): for this CPU's
 * cpu slab after the push, as its last step (returns kfree's 0) */
static __attribute__((noinline)) int slub_free_event(struct machine *m,
						     struct kmem_cache *s,
						     struct page *slab,
						     unsigned long x)
{
	slub_object_event(m, EV_SLAB_FREE, "slab_free", s, x, slab, 0);
	return 0;
}

/* ... and for another slab, before __slab_free()'s own events */
static __attribute__((noinline)) int kfree_slab_free_event(struct machine *m,
							   struct kmem_cache *s,
							   struct page *slab,
							   unsigned long x)
{
	slub_object_event(m, EV_SLAB_FREE, "slab_free", s, x, slab, 0);
	return kfree_slab_free_lent(m, s, slab, x);
}

/* kfree()'s fast path leaves for kfree_full() before it changes
 * anything: with the path lent, the two calls it stored ahead of reaching
 * them are taken back (kfree_full() makes its own) */
static inline __attribute__((always_inline)) int
kfree_bail(struct machine *m, unsigned long x, int traced)
{
	if (traced == TR_LENT)
		m->call_pos -= 2;
	return kfree_full(m, x);
}

/*
 * kfree(): virt_to_slab(), slab_free() and the kernel's do_slab_free()
 * push. kmemlab's checks of the address are two tests: in a slab of a
 * cache without debugging that no bad free reached, the allocation bitmap
 * has a bit only at object starts handed out and not freed since (mm_check
 * counts them), so an 8-byte aligned address (objects are) whose bit is
 * set is all the fast path needs. Anything else,
 * and init_on_free, goes to kfree_full() before anything changes; it
 * checks again and reports. No call but tail calls: no stack frame.
 * traced is a constant in each copy: with it, the path's calls and the
 * free event.
 */
static inline __attribute__((always_inline)) int
__kfree(struct machine *m, unsigned long x, int traced)
{
	const unsigned long slab_bits = (1UL << PG_slab) | (1UL << PG_poked);
	unsigned long off = x - KM_PAGE_OFFSET, flags;
	struct kmem_cache_cpu *c;
	struct kmem_cache *s;
	struct page *slab;
	uint64_t *word;

	if (traced == TR_LENT) /* kfree_bail() takes the last two back */
		slub_calls_lent(m, "kfree", "slab_free", "do_slab_free");
	else
		slub_call_fast(m, traced, "kfree");
	if (mm_unlikely(off >= (m->nr_pages << KM_PAGE_SHIFT))) /* NULL too */
		return kfree_bail(m, x, traced);
	slab = m->memmap + (off >> KM_PAGE_SHIFT);
	/* the free pointer goes into the object: start bringing its page
	 * and line in now, while the checks run (a caller's object is
	 * usually in the cache; one freed long after its last use is not) */
	__builtin_prefetch(km_ptr(m, x), 1);
	flags = slab->flags;
	if (flags & (1UL << PG_tail)) { /* compound_head() */
		slab = (struct page *)(slab->compound_head - 1);
		flags = slab->flags;
	}
	if (mm_unlikely((flags & slab_bits) != (1UL << PG_slab)))
		return kfree_bail(m, x, traced);
	s = slab->slab_cache;
	if (mm_unlikely(kmem_cache_debug(s)) ||
	    mm_unlikely(m->cfg.init_on_free))
		return kfree_bail(m, x, traced);
	word = objmap_word(m->slub, x);
	if (mm_unlikely(x % 8) || mm_unlikely(!(*word & objmap_bit(x))))
		return kfree_bail(m, x, traced); /* a bit covers 8 bytes */
	*word &= ~objmap_bit(x);		 /* objmap_clear() */
	c = &s->cpu_slab[m->cur_cpu];
	if (traced == TR_EVENTS) {
		slub_call_out(m, "slab_free");
		slub_object_event(m, EV_SLAB_FREE, "slab_free", s, x, slab, 0);
		slub_call_out(m, "do_slab_free");
	} else if (traced == TR_LENT) {
		if (mm_unlikely(slab != c->slab))
			return kfree_slab_free_event(m, s, slab, x);
	}
	if (mm_unlikely(slab != c->slab))
		return kfree_slab_free(m, s, slab, x);
	set_freepointer(m, s, x, c->freelist);
	c->freelist = x;
	c->tid = next_tid(m, c->tid);
	c->stat[FREE_FASTPATH]++; /* stat(): c is this CPU's */
	if (traced == TR_LENT)	  /* the event last: a tail call */
		return slub_free_event(m, s, slab, x);
	return 0;
}

static __attribute__((noinline)) int kfree_traced_events(struct machine *m,
							 unsigned long x)
{
	return __kfree(m, x, TR_EVENTS);
}

/* with room in the lent path for its three calls (no frame) */
static __attribute__((noinline)) int kfree_traced(struct machine *m,
						  unsigned long x)
{
	if (mm_unlikely(!slub_lent_room(m, 3)))
		return kfree_traced_events(m, x);
	return __kfree(m, x, TR_LENT);
}

MM_HOT_ALIGN int kfree(struct machine *m, unsigned long x)
{
	if (mm_unlikely(m->sink != NULL))
		return kfree_traced(m, x);
	return __kfree(m, x, TR_OFF);
}

/*
 * mm/slub.c: kmem_cache_free() with cache_from_obj(). With hardening (or
 * F on the cache named) the object's own slab decides: a WARN and the
 * free goes to the right cache, or for no slab page virt_to_cache()'s
 * WARN and nothing freed. Without either, the kernel trusts the cache it
 * is given: a page that is no slab is a NULL struct slab dereferenced in
 * __slab_free() (freelist at offset 0x20); a slab of another cache would
 * be freed with this cache's offset into this cache's lists, which
 * kmemlab does not model (it says so and frees nothing).
 */
int kmem_cache_free(struct machine *m, struct kmem_cache *s, unsigned long x)
{
	struct page *slab;
	bool check;

	slub_call(m, "kmem_cache_free");
	if (!x)
		return 0;
	check = !s || m->cfg.hardened || (s->flags & SLAB_CONSISTENCY_CHECKS);
	if (!virt_addr_valid(m, x)) {
		bad_pointer(m, "kmem_cache_free", x);
		return -EFAULT;
	}
	slab = virt_to_slab(m, x);
	if (!slab && !check) {
		kernel_fault_oops(m, 0x20, false, "__slab_free");
		return -EFAULT;
	}
	if (!slab) {
		slub_warn(m, "mm/slub.c:4756", "kmem_cache_free", x,
			  "virt_to_cache: Object is not a Slab page!");
		return -EINVAL;
	}
	if (s && slab->slab_cache != s) {
		char msg[256];

		if (!check) {
			mm_printk(m, LOGLEVEL_ERR,
				  "kmemlab: kmem_cache_free(%s, 0x%016lx): the "
				  "kernel, without freelist hardening, would "
				  "free "
				  "an object of %s into %s's lists; not "
				  "modelled, "
				  "nothing freed",
				  s->name, x, slab->slab_cache->name, s->name);
			MM_EVENT(m, .type = EV_BUG, .func = "kmem_cache_free",
				 .cache = s->name, .addr = x,
				 .text = "wrong cache without hardening (not "
					 "modelled)");
			return -EINVAL;
		}
		snprintf(msg, sizeof(msg),
			 "kmem_cache_free: Wrong slab cache. %s but object is "
			 "from %s",
			 s->name, slab->slab_cache->name);
		slub_warn(m, "mm/slub.c:4770", "kmem_cache_free", x, msg);
		if ((slab->slab_cache->flags & SLAB_STORE_USER) &&
		    slab_object_ok(m, slab->slab_cache, slab, x))
			print_tracking(m, slab->slab_cache, x);
	}
	return slab_free(m, slab->slab_cache, slab, x);
}

/*
 * mm/slab_common.c: __do_krealloc() zeroes the spare tail [p + new_size,
 * p + ks) of an object that still fits, for __GFP_ZERO or init_on_alloc.
 * The kernel trusts p; a learner may pass a freed object (ksize() does
 * not care) or a pointer into one, and the zeroing then lands on free
 * pointers: kmemlab writes it as poke would (the slab is left to SLUB's
 * pointer checks) and never past the end of the slab or page block.
 */
void krealloc_zero_tail(struct machine *m, unsigned long p, size_t new_size,
			size_t ks)
{
	struct page *head = compound_head(virt_to_page(m, p));
	unsigned long end =
		page_address(m, head) + (KM_PAGE_SIZE << head->compound_order);

	if (PageSlab(head)) {
		struct kmem_cache *s = head->slab_cache;
		unsigned long off = p - slab_address(m, head) - s->red_left_pad;

		if (off >= (unsigned long)head->objects * s->size ||
		    off % s->size || !obj_allocated(m, p))
			SetPageFlag(head, PG_poked);
	}
	if (p + ks < end)
		end = p + ks;
	if (p + new_size < end)
		memset(km_ptr(m, p + new_size), 0, end - (p + new_size));
}

/* mm/slab_common.c: __ksize() with mm/slab.h: slab_ksize() */
size_t ksize(struct machine *m, unsigned long p)
{
	struct page *page;
	struct kmem_cache *s;

	mm_call(m, "ksize");
	if (ZERO_OR_NULL_PTR(p))
		return 0;
	if (!virt_addr_valid(m, p))
		return 0;
	page = compound_head(virt_to_page(m, p));
	if (!PageSlab(page)) {
		if (!PageFlag(page, PG_large_kmalloc))
			return 0;
		return KM_PAGE_SIZE << page->compound_order;
	}
	s = page->slab_cache;
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
		return s->inuse;
	return s->size;
}

/* --- shrink, shutdown, release -----------------------------------------------
 */

/*
 * __kmem_cache_do_shrink()'s BUG_ON(free <= 0) (mm/slub.c:5811): a
 * partial slab whose inuse a double free pushed to objects or beyond
 * (it wraps below 0). The kernel dies holding the node's list_lock,
 * having sorted part of the list; kmemlab reports it before it sorts
 * anything, and the lists stay as they were.
 */
static bool shrink_bug(struct machine *m, struct kmem_cache *s,
		       struct kmem_cache_node *n)
{
	struct page *slab;
	char taint[64];

	list_for_each_entry (slab, &n->partial, slab_list) {
		if ((int)slab->objects - (int)slab->inuse > 0)
			continue;
		mm_printk(m, LOGLEVEL_WARNING,
			  "------------[ cut here ]------------");
		mm_printk(m, LOGLEVEL_ERR, "kernel BUG at mm/slub.c:5811!");
		mm_printk(m, LOGLEVEL_WARNING,
			  "Oops: invalid opcode: 0000 [#%u] PREEMPT SMP NOPTI",
			  ++m->die_counter);
		mm_printk(m, LOGLEVEL_WARNING,
			  "CPU: %d UID: 0 PID: 1 Comm: kmemlab %s "
			  "6.12.0-kmemlab #1",
			  m->cur_cpu,
			  mm_print_tainted(m, taint, sizeof(taint)));
		mm_printk(m, LOGLEVEL_WARNING,
			  "RIP: 0010:__kmem_cache_do_shrink");
		mm_printk(m, LOGLEVEL_WARNING,
			  "---[ end trace 0000000000000000 ]---");
		mm_add_taint(m, TAINT_DIE);
		MM_EVENT(m, .type = EV_BUG, .func = "__kmem_cache_do_shrink",
			 .cache = s->name, .addr2 = slab_address(m, slab),
			 .text = "kernel BUG at mm/slub.c:5811 (slab inuse "
				 "wrong)");
		return true;
	}
	return false;
}

/* mm/slub.c: __kmem_cache_do_shrink(): empty node-partial slabs go,
 * whatever min_partial says; the rest are sorted fullest first */
static int __kmem_cache_do_shrink(struct machine *m, struct kmem_cache *s)
{
	struct list_head discard, promote[SHRINK_PROMOTE_MAX];
	struct page *slab, *t;
	int node, ret = 0;

	mm_call(m, "__kmem_cache_do_shrink");
	for_each_node (m, node) {
		struct kmem_cache_node *n = get_node(s, node);

		INIT_LIST_HEAD(&discard);
		for (int i = 0; i < SHRINK_PROMOTE_MAX; i++)
			INIT_LIST_HEAD(&promote[i]);
		if (shrink_bug(m, s, n))
			return 1;
		list_for_each_entry_safe (slab, t, &n->partial, slab_list) {
			int free = (int)slab->objects - (int)slab->inuse;

			KM_BUG_ON(free <= 0);
			if (free == (int)slab->objects) {
				list_move(&slab->slab_list, &discard);
				ClearPageFlag(slab, PG_workingset);
				n->nr_partial--;
				dec_slabs_node(s, node, slab->objects);
			} else if (free <= SHRINK_PROMOTE_MAX) {
				list_move(&slab->slab_list, &promote[free - 1]);
			}
		}
		for (int i = SHRINK_PROMOTE_MAX - 1; i >= 0; i--)
			list_splice_init(&promote[i], &n->partial);
		list_for_each_entry_safe (slab, t, &discard, slab_list) {
			list_del(&slab->slab_list);
			stat(m, s, FREE_SLAB);
			mm_call(m, "free_slab");
			if (kmem_cache_debug(s))
				free_slab_debug_checks(m, s, slab);
			__free_slab(m, s, slab);
		}
		if (n->nr_slabs)
			ret = 1;
	}
	return ret;
}

int kmem_cache_shrink(struct machine *m, struct kmem_cache *s)
{
	mm_call(m, "kmem_cache_shrink");
	mm_call(m, "__kmem_cache_shrink");
	flush_all(m, s);
	return __kmem_cache_do_shrink(m, s);
}

/* mm/slub.c: list_slab_objects(): the objects still in use, with their
 * tracks (SLAB_STORE_USER) */
static void list_slab_objects(struct machine *m, struct kmem_cache *s,
			      struct page *slab)
{
	unsigned long addr = slab_address(m, slab);

	slab_bug(m, s, "Objects remaining on __kmem_cache_shutdown()");
	for (unsigned int i = 0; i < slab->objects; i++) {
		if (!objmap_test(m, s, slab, i))
			continue;
		unsigned long p = slab_obj_addr(m, s, slab, i);

		mm_printk(m, LOGLEVEL_ERR, "Object 0x%016lx @offset=%lu", p,
			  p - addr);
		print_tracking(m, s, p);
	}
	__slab_err(m, slab);
}

/* mm/slub.c: free_partial() */
static void free_partial(struct machine *m, struct kmem_cache *s,
			 struct kmem_cache_node *n)
{
	struct list_head discard;
	struct page *slab, *h;

	mm_call(m, "free_partial");
	INIT_LIST_HEAD(&discard);
	list_for_each_entry_safe (slab, h, &n->partial, slab_list) {
		if (!slab->inuse) {
			remove_partial(n, slab);
			list_add(&slab->slab_list, &discard);
		} else {
			list_slab_objects(m, s, slab);
		}
	}
	list_for_each_entry_safe (slab, h, &discard, slab_list) {
		list_del(&slab->slab_list);
		discard_slab(m, s, slab);
	}
}

/* mm/slub.c: __kmem_cache_shutdown(): 0 when nothing is left */
int __kmem_cache_shutdown(struct machine *m, struct kmem_cache *s)
{
	int node;

	mm_call(m, "__kmem_cache_shutdown");
	flush_all(m, s);
	for_each_node (m, node) {
		struct kmem_cache_node *n = get_node(s, node);

		free_partial(m, s, n);
		if (n->nr_partial || n->nr_slabs)
			return 1;
	}
	return 0;
}

/* Releases the structures of a cache with no slabs left (or never
 * created): node structs, the kmem_cache object, host memory. */
void __kmem_cache_release(struct machine *m, struct kmem_cache *s)
{
	int node;

	for_each_node (m, node) {
		struct kmem_cache_node *n = s->node[node];

		if (!n)
			continue;
		if (n->addr)
			kmem_cache_free(m, m->slub->kmem_cache_node, n->addr);
		free(n);
		s->node[node] = NULL;
	}
	if (s->addr)
		kmem_cache_free(m, m->slub->kmem_cache, s->addr);
	free(s->random_seq);
	free(s->cpu_slab);
	free(s);
}

/* --- counts -----------------------------------------------------------------
 */

static unsigned long count_partial_free(struct kmem_cache_node *n)
{
	unsigned long x = 0;
	struct page *slab;

	list_for_each_entry (slab, &n->partial, slab_list)
		x += slab->objects - slab->inuse;
	return x;
}

/* mm/slub.c: get_slabinfo() */
void get_slabinfo(struct machine *m, struct kmem_cache *s,
		  struct slabinfo *info)
{
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0;
	int node;

	for_each_node (m, node) {
		struct kmem_cache_node *n = get_node(s, node);

		nr_slabs += (unsigned long)n->nr_slabs;
		nr_objs += (unsigned long)n->total_objects;
		nr_free += count_partial_free(n);
	}
	info->active_objs = nr_objs - nr_free;
	info->num_objs = nr_objs;
	info->active_slabs = nr_slabs;
	info->num_slabs = nr_slabs;
	info->objects_per_slab = oo_objects(s->oo);
	info->cache_order = oo_order(s->oo);
}

/* --- /sys/kernel/slab
 * ----------------------------------------------------------- */

void create_unique_id(struct kmem_cache *s, char *buf, size_t len)
{
	char *p = buf;

	*p++ = ':';
	if (s->flags & SLAB_CACHE_DMA)
		*p++ = 'd';
	if (s->flags & SLAB_CACHE_DMA32)
		*p++ = 'D';
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		*p++ = 'a';
	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		*p++ = 'F';
	if (s->flags & SLAB_ACCOUNT)
		*p++ = 'A';
	if (p != buf + 1)
		*p++ = '-';
	snprintf(p, len - (size_t)(p - buf), "%07u", s->size);
}

static struct kmem_cache *sysfs_find_dir(struct machine *m, const char *name)
{
	struct kmem_cache *s;

	for_each_kmem_cache (m, s)
		if (s->sysfs_name[0] && !strcmp(s->sysfs_name, name))
			return s;
	return NULL;
}

static void sysfs_remove_link(struct machine *m, const char *name)
{
	struct slub_state *ss = m->slub;

	for (int i = 0; i < ss->nr_aliases; i++)
		if (!strcmp(ss->aliases[i].name, name)) {
			ss->aliases[i] = ss->aliases[--ss->nr_aliases];
			return;
		}
}

static void sysfs_duplicate(struct machine *m, const char *name)
{
	mm_printk(m, LOGLEVEL_ERR,
		  "sysfs: cannot create duplicate filename '/kernel/slab/%s'",
		  name);
}

/* mm/slub.c: sysfs_slab_alias(): a symlink NAME -> the cache's directory */
int sysfs_slab_alias(struct machine *m, struct kmem_cache *s, const char *name)
{
	struct slub_state *ss = m->slub;

	mm_call(m, "sysfs_slab_alias");
	sysfs_remove_link(m, name);
	if (sysfs_find_dir(m, name)) {
		sysfs_duplicate(m, name);
		return -EEXIST;
	}
	if (ss->nr_aliases == ss->cap_aliases) {
		int cap = ss->cap_aliases ? ss->cap_aliases * 2 : 16;
		struct slab_alias *a =
			realloc(ss->aliases, (size_t)cap * sizeof(*a));

		if (!a)
			return -ENOMEM;
		ss->aliases = a;
		ss->cap_aliases = cap;
	}
	snprintf(ss->aliases[ss->nr_aliases].name, KM_CACHE_NAME_LEN, "%s",
		 name);
	ss->aliases[ss->nr_aliases].s = s;
	ss->nr_aliases++;
	return 0;
}

/* mm/slub.c: sysfs_slab_add() */
int sysfs_slab_add(struct machine *m, struct kmem_cache *s)
{
	int unmergeable = slab_unmergeable(m, s);
	char name[KM_CACHE_NAME_LEN];
	unsigned long id = 0;

	mm_call(m, "sysfs_slab_add");
	if (unmergeable) {
		/* the real name, replacing an alias link of that name */
		sysfs_remove_link(m, s->name);
		snprintf(name, sizeof(name), "%s", s->name);
	} else {
		/* create_unique_id() kmallocs its buffer (ID_STR_LENGTH) */
		if (m->slub->slab_state >= FULL)
			id = kmalloc(m, 32, GFP_KERNEL);
		create_unique_id(s, name, sizeof(name));
	}
	if (sysfs_find_dir(m, name)) {
		sysfs_duplicate(m, name);
		kfree(m, id);
		return -EEXIST;
	}
	snprintf(s->sysfs_name, sizeof(s->sysfs_name), "%s", name);
	if (!unmergeable)
		sysfs_slab_alias(m, s, s->name);
	kfree(m, id);
	return 0;
}

/* mm/slub.c: sysfs_slab_unlink(); kmemlab also drops links to it */
void sysfs_slab_unlink(struct machine *m, struct kmem_cache *s)
{
	struct slub_state *ss = m->slub;

	s->sysfs_name[0] = '\0';
	for (int i = 0; i < ss->nr_aliases;)
		if (ss->aliases[i].s == s)
			ss->aliases[i] = ss->aliases[--ss->nr_aliases];
		else
			i++;
}

enum so_flags {
	SO_ALL = 1 << 0,
	SO_PARTIAL = 1 << 1,
	SO_CPU = 1 << 2,
	SO_OBJECTS = 1 << 3,
	SO_TOTAL = 1 << 4,
};

/* mm/slub.c: show_slab_objects() */
static void show_slab_objects(struct machine *m, struct kmem_cache *s,
			      struct seq_buf *sb, unsigned int flags)
{
	unsigned long total = 0, nodes[KM_MAX_NUMNODES] = {0};
	int cpu, node;

	if (flags & SO_CPU) {
		for_each_cpu (m, cpu) {
			struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
			struct page *slab = c->slab;
			unsigned long x;

			if (!slab)
				continue;
			node = slab_nid(m, slab);
			if (flags & SO_TOTAL)
				x = slab->objects;
			else if (flags & SO_OBJECTS)
				x = slab->inuse;
			else
				x = 1;
			total += x;
			nodes[node] += x;
			slab = c->partial;
			if (slab) {
				node = slab_nid(m, slab);
				x = (flags & (SO_TOTAL | SO_OBJECTS))
					    ? 0
					    : (unsigned long)slab->slabs;
				total += x;
				nodes[node] += x;
			}
		}
	}
	if (flags & SO_ALL) {
		for_each_node (m, node) {
			struct kmem_cache_node *n = get_node(s, node);
			unsigned long x;

			if (flags & SO_TOTAL)
				x = (unsigned long)n->total_objects;
			else if (flags & SO_OBJECTS)
				x = (unsigned long)n->total_objects -
				    count_partial_free(n);
			else
				x = (unsigned long)n->nr_slabs;
			total += x;
			nodes[node] += x;
		}
	} else if (flags & SO_PARTIAL) {
		for_each_node (m, node) {
			struct kmem_cache_node *n = get_node(s, node);
			unsigned long x = 0;
			struct page *slab;

			if (flags & (SO_TOTAL | SO_OBJECTS)) {
				list_for_each_entry (slab, &n->partial,
						     slab_list)
					x += (flags & SO_TOTAL) ? slab->objects
								: slab->inuse;
			} else {
				x = n->nr_partial;
			}
			total += x;
			nodes[node] += x;
		}
	}
	seq_printf(sb, "%lu", total);
	for (node = 0; node < m->nr_nodes; node++)
		if (nodes[node])
			seq_printf(sb, " N%d=%lu", node, nodes[node]);
	seq_puts(sb, "\n");
}

static void slabs_cpu_partial_show(struct machine *m, struct kmem_cache *s,
				   struct seq_buf *sb)
{
	int objects, slabs = 0, cpu;

	for_each_cpu (m, cpu)
		if (s->cpu_slab[cpu].partial)
			slabs += s->cpu_slab[cpu].partial->slabs;
	objects = slabs * (int)oo_objects(s->oo) / 2;
	seq_printf(sb, "%d(%d)", objects, slabs);
	for_each_cpu (m, cpu) {
		struct page *slab = s->cpu_slab[cpu].partial;

		if (slab) {
			slabs = slab->slabs;
			objects = slabs * (int)oo_objects(s->oo) / 2;
			seq_printf(sb, " C%d=%d(%d)", cpu, objects, slabs);
		}
	}
	seq_puts(sb, "\n");
}

enum slab_attr_id {
	A_SLAB_SIZE,
	A_OBJECT_SIZE,
	A_OBJS_PER_SLAB,
	A_ORDER,
	A_MIN_PARTIAL,
	A_CPU_PARTIAL,
	A_OBJECTS_PARTIAL,
	A_PARTIAL,
	A_CPU_SLABS,
	A_CTOR,
	A_ALIASES,
	A_ALIGN,
	A_HWCACHE_ALIGN,
	A_RECLAIM_ACCOUNT,
	A_DESTROY_BY_RCU,
	A_SHRINK,
	A_SLABS_CPU_PARTIAL,
	A_TOTAL_OBJECTS,
	A_OBJECTS,
	A_SLABS,
	A_SANITY_CHECKS,
	A_TRACE,
	A_RED_ZONE,
	A_POISON,
	A_STORE_USER,
	A_VALIDATE,
	A_CACHE_DMA,
	A_REMOTE_NODE_DEFRAG_RATIO,
	A_STAT, /* the NR_SLUB_STAT_ITEMS stat files */
	A_FAILSLAB = A_STAT + NR_SLUB_STAT_ITEMS,
	A_USERSIZE,
	NR_SLAB_ATTRS
};

/* mm/slub.c: slab_attrs[], in its order (the stat files in between) */
static const char *slab_attr_name(int id)
{
	static const char *const names[] = {
		"slab_size",	     "object_size",
		"objs_per_slab",     "order",
		"min_partial",	     "cpu_partial",
		"objects_partial",   "partial",
		"cpu_slabs",	     "ctor",
		"aliases",	     "align",
		"hwcache_align",     "reclaim_account",
		"destroy_by_rcu",    "shrink",
		"slabs_cpu_partial", "total_objects",
		"objects",	     "slabs",
		"sanity_checks",     "trace",
		"red_zone",	     "poison",
		"store_user",	     "validate",
		"cache_dma",	     "remote_node_defrag_ratio",
	};

	if (id < A_STAT)
		return names[id];
	if (id < A_FAILSLAB)
		return slub_stat_names[id - A_STAT];
	return id == A_FAILSLAB ? "failslab" : "usersize";
}

static int slab_attr_lookup(const char *name)
{
	for (int i = 0; i < NR_SLAB_ATTRS; i++)
		if (!strcmp(slab_attr_name(i), name))
			return i;
	return -1;
}

static void show_stat(struct machine *m, struct kmem_cache *s,
		      struct seq_buf *sb, enum stat_item si)
{
	unsigned long sum = 0;
	int cpu;

	for_each_cpu (m, cpu)
		sum += s->cpu_slab[cpu].stat[si];
	seq_printf(sb, "%lu", sum);
	for_each_cpu (m, cpu)
		if (s->cpu_slab[cpu].stat[si])
			seq_printf(sb, " C%d=%u", cpu,
				   s->cpu_slab[cpu].stat[si]);
	seq_puts(sb, "\n");
}

static int slab_attr_show(struct machine *m, struct kmem_cache *s, int id,
			  struct seq_buf *sb)
{
#define B(f) seq_printf(sb, "%d\n", !!(s->flags & (f)))
	switch (id) {
	case A_SLAB_SIZE:
		seq_printf(sb, "%u\n", s->size);
		break;
	case A_OBJECT_SIZE:
		seq_printf(sb, "%u\n", s->object_size);
		break;
	case A_OBJS_PER_SLAB:
		seq_printf(sb, "%u\n", oo_objects(s->oo));
		break;
	case A_ORDER:
		seq_printf(sb, "%u\n", oo_order(s->oo));
		break;
	case A_MIN_PARTIAL:
		seq_printf(sb, "%lu\n", s->min_partial);
		break;
	case A_CPU_PARTIAL:
		seq_printf(sb, "%u\n", s->cpu_partial);
		break;
	case A_OBJECTS_PARTIAL:
		show_slab_objects(m, s, sb, SO_PARTIAL | SO_OBJECTS);
		break;
	case A_PARTIAL:
		show_slab_objects(m, s, sb, SO_PARTIAL);
		break;
	case A_CPU_SLABS:
		show_slab_objects(m, s, sb, SO_CPU);
		break;
	case A_CTOR:
		if (s->ctor)
			seq_puts(sb, "init_once+0x0/0x10\n");
		break;
	case A_ALIASES:
		seq_printf(sb, "%d\n", s->refcount < 0 ? 0 : s->refcount - 1);
		break;
	case A_ALIGN:
		seq_printf(sb, "%u\n", s->align);
		break;
	case A_HWCACHE_ALIGN:
		B(SLAB_HWCACHE_ALIGN);
		break;
	case A_RECLAIM_ACCOUNT:
		B(SLAB_RECLAIM_ACCOUNT);
		break;
	case A_DESTROY_BY_RCU:
		B(SLAB_TYPESAFE_BY_RCU);
		break;
	case A_SHRINK:
	case A_VALIDATE:
		return -EACCES; /* write-only (mode 0200) */
	case A_SLABS_CPU_PARTIAL:
		slabs_cpu_partial_show(m, s, sb);
		break;
	case A_TOTAL_OBJECTS:
		show_slab_objects(m, s, sb, SO_ALL | SO_TOTAL);
		break;
	case A_OBJECTS:
		show_slab_objects(m, s, sb, SO_ALL | SO_OBJECTS);
		break;
	case A_SLABS:
		show_slab_objects(m, s, sb, SO_ALL);
		break;
	case A_SANITY_CHECKS:
		B(SLAB_CONSISTENCY_CHECKS);
		break;
	case A_TRACE:
		B(SLAB_TRACE);
		break;
	case A_RED_ZONE:
		B(SLAB_RED_ZONE);
		break;
	case A_POISON:
		B(SLAB_POISON);
		break;
	case A_STORE_USER:
		B(SLAB_STORE_USER);
		break;
	case A_CACHE_DMA:
		B(SLAB_CACHE_DMA);
		break;
	case A_REMOTE_NODE_DEFRAG_RATIO:
		seq_printf(sb, "%u\n", s->remote_node_defrag_ratio / 10);
		break;
	case A_FAILSLAB:
		B(SLAB_FAILSLAB);
		break;
	case A_USERSIZE:
		seq_printf(sb, "%u\n", s->usersize);
		break;
	default:
		if (id >= A_STAT && id < A_FAILSLAB) {
			show_stat(m, s, sb, (enum stat_item)(id - A_STAT));
			break;
		}
		return -ENOENT;
	}
#undef B
	return 0;
}

/* kstrtoul/kstrtouint: decimal, an optional trailing newline */
static int kstrtoul10(const char *v, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long x;

	if (!*v || *v == '-' || *v == '+' || *v == ' ')
		return -EINVAL;
	errno = 0;
	x = strtoul(v, &end, 10);
	if (end == v || (*end && strcmp(end, "\n")))
		return -EINVAL;
	if (errno || x > max)
		return -ERANGE;
	*out = x;
	return 0;
}

static int slab_attr_store(struct machine *m, struct kmem_cache *s, int id,
			   const char *v)
{
	unsigned long x;
	int err;

	switch (id) {
	case A_MIN_PARTIAL:
		err = kstrtoul10(v, ~0UL, &x);
		if (err)
			return err;
		s->min_partial = x;
		return 0;
	case A_CPU_PARTIAL:
		err = kstrtoul10(v, 0xffffffffUL, &x);
		if (err)
			return err;
		if (x && !kmem_cache_has_cpu_partial(s))
			return -EINVAL;
		slub_set_cpu_partial(s, (unsigned int)x);
		flush_all(m, s);
		return 0;
	case A_SHRINK:
		if (v[0] != '1')
			return -EINVAL;
		kmem_cache_shrink(m, s);
		return 0;
	case A_REMOTE_NODE_DEFRAG_RATIO:
		err = kstrtoul10(v, 0xffffffffUL, &x);
		if (err)
			return err;
		if (x > 100)
			return -ERANGE;
		s->remote_node_defrag_ratio = (unsigned int)x * 10;
		return 0;
	case A_VALIDATE:
		/* mm/slub.c: validate_store(): debug caches only */
		if (v[0] != '1' || !kmem_cache_debug(s))
			return -EINVAL;
		validate_slab_cache(m, s, NULL);
		return 0;
	case A_FAILSLAB:
		return -EPERM; /* read-only after creation since 6.x */
	default:
		if (id >= A_STAT && id < A_FAILSLAB) {
			if (v[0] != '0')
				return -EINVAL;
			for (int cpu = 0; cpu < m->nr_cpus; cpu++)
				s->cpu_slab[cpu].stat[id - A_STAT] = 0;
			return 0;
		}
		if (id < 0)
			return -ENOENT;
		return -EACCES; /* read-only attribute */
	}
}

/* "dir" or "dir/attr" -> the cache (following alias links) and attr */
static struct kmem_cache *sysfs_lookup(struct machine *m, const char *rel,
				       const char **attr)
{
	char dir[KM_CACHE_NAME_LEN];
	const char *slash = strchr(rel, '/');
	size_t n = slash ? (size_t)(slash - rel) : strlen(rel);
	struct kmem_cache *s;

	if (n == 0 || n >= sizeof(dir))
		return NULL;
	memcpy(dir, rel, n);
	dir[n] = '\0';
	*attr = slash ? slash + 1 : NULL;
	s = sysfs_find_dir(m, dir);
	if (s)
		return s;
	for (int i = 0; i < m->slub->nr_aliases; i++)
		if (!strcmp(m->slub->aliases[i].name, dir))
			return m->slub->aliases[i].s;
	return NULL;
}

int slub_sysfs_read(struct machine *m, const char *rel, struct seq_buf *s)
{
	const char *attr;
	struct kmem_cache *c;
	int id;

	if (!m->slub)
		return -ENOENT;
	c = sysfs_lookup(m, rel, &attr);
	if (!c)
		return -ENOENT;
	if (!attr || !*attr)
		return -EISDIR;
	id = slab_attr_lookup(attr);
	if (id < 0)
		return -ENOENT;
	return slab_attr_show(m, c, id, s);
}

int slub_sysfs_write(struct machine *m, const char *rel, const char *value)
{
	const char *attr;
	struct kmem_cache *c;

	if (!m->slub)
		return -ENOENT;
	c = sysfs_lookup(m, rel, &attr);
	if (!c)
		return -ENOENT;
	if (!attr || !*attr)
		return -EISDIR;
	return slab_attr_store(m, c, slab_attr_lookup(attr), value);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int slub_sysfs_list(struct machine *m, const char *rel, struct seq_buf *s)
{
	if (!m->slub)
		return *rel ? -ENOENT : 0;
	if (!*rel) {
		struct kmem_cache *c;
		size_t n = 0, cap = (size_t)m->slub->nr_aliases + 1;
		const char **names;

		for_each_kmem_cache (m, c)
			cap++;
		names = calloc(cap, sizeof(*names));
		if (!names)
			return -ENOMEM;
		for_each_kmem_cache (m, c)
			if (c->sysfs_name[0])
				names[n++] = c->sysfs_name;
		for (int i = 0; i < m->slub->nr_aliases; i++)
			names[n++] = m->slub->aliases[i].name;
		qsort(names, n, sizeof(*names), cmp_str);
		for (size_t i = 0; i < n; i++)
			seq_printf(s, "%s\n", names[i]);
		free(names);
		return 0;
	}
	const char *attr;
	struct kmem_cache *c = sysfs_lookup(m, rel, &attr);
	const char *names[NR_SLAB_ATTRS];

	if (!c)
		return -ENOENT;
	if (attr && *attr)
		return slab_attr_lookup(attr) < 0 ? -ENOENT : -ENOTDIR;
	for (int i = 0; i < NR_SLAB_ATTRS; i++)
		names[i] = slab_attr_name(i);
	qsort(names, NR_SLAB_ATTRS, sizeof(*names), cmp_str);
	for (int i = 0; i < NR_SLAB_ATTRS; i++)
		seq_printf(s, "%s\n", names[i]);
	return 0;
}

/* --- visitors
 * ------------------------------------------------------------------- */

void slub_for_each_slab(struct machine *m, struct kmem_cache *s,
			slab_visit_fn fn, void *ctx)
{
	struct page *slab;
	int cpu, node;

	for_each_cpu (m, cpu) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		if (c->slab)
			fn(ctx, s, c->slab, SLAB_CPU, cpu);
		for (slab = c->partial; slab; slab = slab->next)
			fn(ctx, s, slab, SLAB_CPU_PARTIAL, cpu);
	}
	for_each_node (m, node) {
		struct kmem_cache_node *n = get_node(s, node);

		list_for_each_entry (slab, &n->partial, slab_list)
			fn(ctx, s, slab, SLAB_NODE_PARTIAL, node);
		list_for_each_entry (slab, &n->full, slab_list)
			fn(ctx, s, slab, SLAB_NODE_FULL, node);
	}
}

/* --- the checker
 * ------------------------------------------------------------------- */

struct check_ctx {
	struct machine *m;
	char *buf;
	size_t len;
	int errors;
	unsigned long slabs[KM_MAX_NUMNODES];
	unsigned long objects[KM_MAX_NUMNODES];
};

static void check_err(struct check_ctx *cc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check_err(struct check_ctx *cc, const char *fmt, ...)
{
	if (cc->errors++ == 0 && cc->buf && cc->len) {
		va_list ap;

		va_start(ap, fmt);
		vsnprintf(cc->buf, cc->len, fmt, ap);
		va_end(ap);
	}
}

/* Walks a free chain inside one slab: in bounds, on object starts, no
 * cycle, only free objects. Returns its length or -1. */
static long check_chain(struct check_ctx *cc, struct kmem_cache *s,
			struct page *slab, unsigned long head, uint64_t *seen,
			const char *what)
{
	struct machine *m = cc->m;
	unsigned long base = slab_address(m, slab) + s->red_left_pad;
	long n = 0;

	for (unsigned long p = head; p; p = get_freepointer(m, s, p)) {
		unsigned int i;

		if (p < base ||
		    p >= base + (unsigned long)slab->objects * s->size) {
			check_err(cc, "%s: %s of slab %#lx leaves it at %#lx",
				  s->name, what, slab_address(m, slab), p);
			return -1;
		}
		i = obj_to_index(m, s, slab, p);
		if (p != base + (unsigned long)i * s->size) {
			check_err(cc, "%s: %s of slab %#lx: %#lx not an object",
				  s->name, what, slab_address(m, slab), p);
			return -1;
		}
		if (seen[i / 64] >> (i % 64) & 1) {
			check_err(cc, "%s: %s of slab %#lx: cycle at %#lx",
				  s->name, what, slab_address(m, slab), p);
			return -1;
		}
		seen[i / 64] |= 1ULL << (i % 64);
		if (objmap_test(m, s, slab, i)) {
			check_err(cc, "%s: %s of slab %#lx: %#lx is allocated",
				  s->name, what, slab_address(m, slab), p);
			return -1;
		}
		if (++n > slab->objects)
			return -1;
	}
	return n;
}

static void check_slab(struct check_ctx *cc, struct kmem_cache *s,
		       struct page *slab, enum slab_where where,
		       unsigned long cpu_freelist)
{
	struct machine *m = cc->m;
	uint64_t seen[MAX_OBJS_PER_PAGE / 64 + 1];
	long nfree, ncpu = 0, allocated = 0;
	int nid;

	if (!PageSlab(slab) || slab->slab_cache != s) {
		check_err(cc, "%s: %#lx on a list is not its slab", s->name,
			  slab_address(m, slab));
		return;
	}
	nid = slab_nid(m, slab);
	cc->slabs[nid]++;
	cc->objects[nid] += slab->objects;
	if (slab->objects != oo_objects(s->oo) &&
	    slab->objects != oo_objects(s->min))
		check_err(cc, "%s: slab %#lx has %u objects", s->name,
			  slab_address(m, slab), slab->objects);
	/* frozen off the cpu: a debug slab disabled by a failed check */
	if ((where == SLAB_CPU) != (slab->frozen != 0) &&
	    !(where == SLAB_NODE_FULL && kmem_cache_debug(s)))
		check_err(cc, "%s: slab %#lx frozen=%u on the %s", s->name,
			  slab_address(m, slab), slab->frozen,
			  slab_where_names[where]);
	if ((where == SLAB_NODE_PARTIAL) != PageFlag(slab, PG_workingset))
		check_err(cc, "%s: slab %#lx node-partial flag wrong", s->name,
			  slab_address(m, slab));
	if ((where == SLAB_NODE_FULL) != PageFlag(slab, PG_full))
		check_err(cc, "%s: slab %#lx full flag wrong", s->name,
			  slab_address(m, slab));
	memset(seen, 0, DIV_ROUND_UP(slab->objects, 64u) * sizeof(uint64_t));
	/* a learner's poke may have broken, cut or crossed the chains:
	 * that is the state SLUB will trip over (or leak objects by), not an
	 * inconsistency of kmemlab; SLUB checks each pointer of such a slab
	 * before it follows it */
	if (PageFlag(slab, PG_poked))
		return;
	nfree = check_chain(cc, s, slab, slab->freelist, seen, "freelist");
	if (where == SLAB_CPU)
		ncpu = check_chain(cc, s, slab, cpu_freelist, seen,
				   "cpu freelist");
	if (nfree < 0 || ncpu < 0)
		return;
	for (unsigned int i = 0; i < slab->objects; i++)
		allocated += objmap_test(m, s, slab, i);
	/* kfree()'s fast path trusts the bitmap alone: a bit set is an
	 * object start handed out, nothing between (a slab starts on a page,
	 * 8 bitmap words) */
	{
		const uint64_t *w = objmap_word(m->slub, slab_address(m, slab));
		long bits = 0;

		for (unsigned long i = 0; i < (8UL << slab_order(slab)); i++)
			bits += __builtin_popcountll(w[i]);
		if (bits != allocated)
			check_err(cc,
				  "%s: slab %#lx: %ld bits of the allocation "
				  "bitmap set, %ld at object starts",
				  s->name, slab_address(m, slab), bits,
				  allocated);
	}
	if ((long)slab->inuse != (long)slab->objects - nfree)
		check_err(cc, "%s: slab %#lx inuse %u but %ld free", s->name,
			  slab_address(m, slab), slab->inuse, nfree);
	if (allocated + nfree + ncpu != slab->objects)
		check_err(cc,
			  "%s: slab %#lx: %ld allocated + %ld + %ld free != %u",
			  s->name, slab_address(m, slab), allocated, nfree,
			  ncpu, slab->objects);
	switch (where) {
	case SLAB_NODE_PARTIAL:
		if (!nfree)
			check_err(cc, "%s: node partial slab %#lx is full",
				  s->name, slab_address(m, slab));
		break;
	case SLAB_NODE_FULL:
		if (nfree)
			check_err(cc, "%s: full slab %#lx has free objects",
				  s->name, slab_address(m, slab));
		break;
	case SLAB_CPU_PARTIAL:
		if (!nfree)
			check_err(cc, "%s: cpu partial slab %#lx is full",
				  s->name, slab_address(m, slab));
		break;
	default:
		break;
	}
}

static void check_cache(struct check_ctx *cc, struct kmem_cache *s)
{
	struct machine *m = cc->m;
	struct page *slab;
	int cpu, node;

	memset(cc->slabs, 0, sizeof(cc->slabs));
	memset(cc->objects, 0, sizeof(cc->objects));
	for_each_cpu (m, cpu) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
		int count = 0;

		if (c->slab)
			check_slab(cc, s, c->slab, SLAB_CPU, c->freelist);
		else if (c->freelist)
			check_err(cc, "%s: cpu %d has a freelist but no slab",
				  s->name, cpu);
		if (c->slab && kmem_cache_debug(s))
			check_err(cc, "%s: debug cache has a cpu slab",
				  s->name);
		for (slab = c->partial; slab; slab = slab->next)
			check_slab(cc, s, slab, SLAB_CPU_PARTIAL, 0);
		count = 0;
		for (slab = c->partial; slab; slab = slab->next)
			count++;
		for (slab = c->partial; slab; slab = slab->next) {
			if (slab->slabs != count)
				check_err(
					cc,
					"%s: cpu %d partial slabs %d, list %d",
					s->name, cpu, slab->slabs, count);
			count--;
		}
	}
	for_each_node (m, node) {
		struct kmem_cache_node *n = get_node(s, node);
		unsigned long np = 0;

		list_for_each_entry (slab, &n->partial, slab_list) {
			np++;
			if (slab_nid(m, slab) != node)
				check_err(cc, "%s: slab on node %d's list",
					  s->name, node);
			check_slab(cc, s, slab, SLAB_NODE_PARTIAL, 0);
		}
		if (np != n->nr_partial)
			check_err(cc, "%s: node %d nr_partial %lu, list %lu",
				  s->name, node, n->nr_partial, np);
		list_for_each_entry (slab, &n->full, slab_list)
			check_slab(cc, s, slab, SLAB_NODE_FULL, 0);
	}
	for_each_node (m, node) {
		struct kmem_cache_node *n = get_node(s, node);

		if ((unsigned long)n->nr_slabs != cc->slabs[node] ||
		    (unsigned long)n->total_objects != cc->objects[node])
			check_err(cc,
				  "%s: node %d counts %ld slabs %ld objects, "
				  "walk %lu %lu",
				  s->name, node, n->nr_slabs, n->total_objects,
				  cc->slabs[node], cc->objects[node]);
	}
}

int slab_check(struct machine *m, char *buf, size_t len)
{
	struct check_ctx cc = {.m = m, .buf = buf, .len = len};
	struct kmem_cache *s;

	if (!m->slub)
		return 0;
	for_each_kmem_cache (m, s)
		check_cache(&cc, s);
	list_for_each_entry (s, &m->slub->leaked, list)
		check_cache(&cc, s);
	return cc.errors;
}

/* --- describers (text for the command layer)
 * ---------------------------------- */

static enum slab_where slab_where_is(struct machine *m, struct page *slab,
				     int *cpu_or_node)
{
	struct kmem_cache *s = slab->slab_cache;
	int cpu;

	*cpu_or_node = slab_nid(m, slab);
	if (PageFlag(slab, PG_workingset))
		return SLAB_NODE_PARTIAL;
	if (PageFlag(slab, PG_full))
		return SLAB_NODE_FULL;
	for_each_cpu (m, cpu) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		*cpu_or_node = cpu;
		if (c->slab == slab)
			return SLAB_CPU;
		for (struct page *p = c->partial; p; p = p->next)
			if (p == slab)
				return SLAB_CPU_PARTIAL;
	}
	*cpu_or_node = -1;
	return SLAB_ON_NONE;
}

/*
 * A chain as far as SLUB could follow it inside slab: "[idx] 0x...",
 * four a line ("[idx+off]" for an address inside an object, pushed by a
 * misaligned free). It ends at NULL, at a pointer SLUB could not follow
 * ("(corrupt)"), or where a corrupted chain loops back ("-> [idx] ...
 * (cycle)"): never more than the chain's distinct objects.
 */
static void show_chain(struct machine *m, struct kmem_cache *s,
		       struct page *slab, unsigned long head,
		       struct seq_buf *sb)
{
	struct chain_end e = {0, 0, 0};
	unsigned long len, n = 0;

	if (!head) {
		seq_puts(sb, " (empty)\n");
		return;
	}
	if (!slab) {
		seq_printf(sb, " 0x%016lx(corrupt)\n", head);
		return;
	}
	len = PageFlag(slab, PG_poked) ? chain_walk(m, s, slab, head, &e)
				       : slab->objects;
	for (unsigned long p = head; p; p = get_freepointer(m, s, p), n++) {
		unsigned long base = slab_address(m, slab) + s->red_left_pad;
		unsigned int i;

		if (n == len) {
			if (e.cycle)
				seq_printf(sb, " -> [%u] 0x%016lx (cycle)",
					   obj_to_index(m, s, slab, e.cycle),
					   e.cycle);
			break;
		}
		if (!slab_object_ok(m, s, slab, p)) {
			seq_printf(sb, " 0x%016lx(corrupt)", p);
			break;
		}
		i = obj_to_index(m, s, slab, p);
		seq_printf(sb, "%s[%u", n % 4 ? " " : "\n    ", i);
		if (p != base + (unsigned long)i * s->size)
			seq_printf(sb, "+%lu",
				   p - base - (unsigned long)i * s->size);
		seq_printf(sb, "] 0x%016lx", p);
	}
	seq_puts(sb, "\n");
}

static void show_slab_line(struct machine *m, struct page *slab,
			   struct seq_buf *sb)
{
	seq_printf(sb, "0x%016lx pfn %#lx order %u inuse %u/%u%s",
		   slab_address(m, slab), page_to_pfn(m, slab),
		   slab_order(slab), slab->inuse, slab->objects,
		   slab->frozen ? " frozen" : "");
}

int slub_show_cache(struct machine *m, const char *name, struct seq_buf *sb)
{
	struct kmem_cache *s = kmem_cache_find_by_name(m, name);
	char fl[256];
	int cpu, node;
	struct page *slab;

	if (!s)
		return -ENOENT;
	slab_flags_format(fl, sizeof(fl), s->flags);
	seq_printf(sb,
		   "%s: object_size %u size %u align %u inuse %u offset %u "
		   "order %u objects %u min_partial %lu cpu_partial %u "
		   "(%u slabs) refcount %d flags %s\n",
		   s->name, s->object_size, s->size, s->align, s->inuse,
		   s->offset, oo_order(s->oo), oo_objects(s->oo),
		   s->min_partial, s->cpu_partial, s->cpu_partial_slabs,
		   s->refcount, fl);
	for_each_cpu (m, cpu) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		seq_printf(sb, "cpu %d: tid %lu slab ", cpu, c->tid);
		if (c->slab)
			show_slab_line(m, c->slab, sb);
		else
			seq_puts(sb, "none");
		seq_puts(sb, "\n  freelist:");
		show_chain(m, s, c->slab, c->freelist, sb);
		seq_puts(sb, "  partial:");
		if (!c->partial)
			seq_puts(sb, " (empty)");
		for (slab = c->partial; slab; slab = slab->next) {
			seq_puts(sb, "\n    ");
			show_slab_line(m, slab, sb);
			seq_printf(sb, " slabs %d", slab->slabs);
		}
		seq_puts(sb, "\n");
	}
	for_each_node (m, node) {
		struct kmem_cache_node *n = get_node(s, node);

		seq_printf(sb,
			   "node %d: nr_partial %lu nr_slabs %ld total_objects "
			   "%ld\n  partial:",
			   node, n->nr_partial, n->nr_slabs, n->total_objects);
		if (list_empty(&n->partial))
			seq_puts(sb, " (empty)");
		list_for_each_entry (slab, &n->partial, slab_list) {
			seq_puts(sb, "\n    ");
			show_slab_line(m, slab, sb);
		}
		seq_puts(sb, "\n  full:");
		if (list_empty(&n->full))
			seq_puts(sb, " (empty)");
		list_for_each_entry (slab, &n->full, slab_list) {
			seq_puts(sb, "\n    ");
			show_slab_line(m, slab, sb);
		}
		seq_puts(sb, "\n");
	}
	return 0;
}

/* Position of each free object in its chain: -1 on none, else the
 * position; oncpu[i] tells which chain (1: a CPU's freelist). Only
 * object starts are marked; a corrupted chain is followed as far as
 * chain_walk() goes, so a cycle is walked once. */
static void freelist_positions(struct machine *m, struct kmem_cache *s,
			       struct page *slab, int *pos, uint8_t *oncpu)
{
	unsigned int n = slab->objects;
	unsigned long heads[2] = {slab->freelist, 0};
	unsigned long base = slab_address(m, slab) + s->red_left_pad;

	for (unsigned int i = 0; i < n; i++) {
		pos[i] = -1;
		oncpu[i] = 0;
	}
	for (int cpu = 0; cpu < m->nr_cpus; cpu++)
		if (s->cpu_slab[cpu].slab == slab)
			heads[1] = s->cpu_slab[cpu].freelist;
	for (int h = 0; h < 2; h++) {
		struct chain_end e;
		unsigned long len =
			PageFlag(slab, PG_poked)
				? chain_walk(m, s, slab, heads[h], &e)
				: n;
		unsigned long k = 0;

		for (unsigned long p = heads[h];
		     p && k < len && slab_object_ok(m, s, slab, p);
		     p = get_freepointer(m, s, p), k++) {
			unsigned int i = obj_to_index(m, s, slab, p);

			if (i >= n || p != base + (unsigned long)i * s->size)
				continue;
			/* on both chains (a double free): the cpu one shows */
			pos[i] = (int)k;
			oncpu[i] = (uint8_t)h;
		}
	}
}

/* A corrupted chain's shape, for show slab: its length and how it ends */
static void show_chain_end(struct machine *m, struct kmem_cache *s,
			   struct page *slab, const char *what,
			   unsigned long head, struct seq_buf *sb)
{
	struct chain_end e;
	unsigned long n = chain_walk(m, s, slab, head, &e);

	seq_printf(sb, "  %s: %lu object%s", what, n, n == 1 ? "" : "s");
	if (e.cycle)
		seq_printf(sb,
			   ", then back to 0x%016lx (a cycle: SLUB hands "
			   "its objects out again and again)",
			   e.cycle);
	else if (e.bad)
		seq_printf(sb,
			   ", then 0x%016lx, which is no object of this "
			   "slab (SLUB faults or hands it out when it gets "
			   "there)",
			   e.bad);
	seq_puts(sb, "\n");
}

int slub_show_slab(struct machine *m, unsigned long addr, struct seq_buf *sb)
{
	struct page *slab = virt_to_slab(m, addr);
	struct kmem_cache *s;
	int *pos, where_id;
	uint8_t *oncpu;
	enum slab_where where;

	if (!slab)
		return -EINVAL;
	s = slab->slab_cache;
	where = slab_where_is(m, slab, &where_id);
	seq_printf(sb, "slab ");
	show_slab_line(m, slab, sb);
	seq_printf(sb, " cache %s on %s", s->name, slab_where_names[where]);
	if (where == SLAB_CPU || where == SLAB_CPU_PARTIAL)
		seq_printf(sb, " of cpu %d", where_id);
	else if (where != SLAB_ON_NONE)
		seq_printf(sb, " of node %d", where_id);
	seq_printf(sb, " freelist 0x%016lx\n", slab->freelist);
	if (PageFlag(slab, PG_poked)) {
		seq_puts(sb, "  corrupted: a bad free or a poke changed its "
			     "free chains; SLUB follows them as the kernel "
			     "does\n");
		show_chain_end(m, s, slab, "slab->freelist", slab->freelist,
			       sb);
		if (where == SLAB_CPU)
			show_chain_end(m, s, slab, "cpu freelist",
				       s->cpu_slab[where_id].freelist, sb);
	}
	pos = calloc(slab->objects, sizeof(int));
	oncpu = calloc(slab->objects, 1);
	if (!pos || !oncpu) {
		free(pos);
		free(oncpu);
		return -ENOMEM;
	}
	freelist_positions(m, s, slab, pos, oncpu);
	for (unsigned int i = 0; i < slab->objects; i++) {
		unsigned long p = slab_obj_addr(m, s, slab, i);
		unsigned long raw;
		bool used = objmap_test(m, s, slab, i);

		memcpy(&raw, km_ptr(m, p + s->offset), sizeof(raw));
		seq_printf(sb, "  [%3u] 0x%016lx ", i, p);
		if (used && pos[i] < 0)
			seq_puts(sb, "in use\n");
		else if (pos[i] < 0)
			seq_puts(sb, "free (lost)\n");
		else
			seq_printf(sb,
				   "%s #%d on %s freelist  fp 0x%016lx -> "
				   "0x%016lx\n",
				   used ? "IN USE and free" : "free", pos[i],
				   oncpu[i] ? "cpu" : "slab", raw,
				   get_freepointer(m, s, p));
	}
	free(pos);
	free(oncpu);
	return 0;
}

/* A byte range against the value it should hold: "intact (0xcc)" or
 * "3 bytes differ from 0xcc, first at +5" */
static void show_bytes(struct machine *m, struct seq_buf *sb, const char *what,
		       unsigned long start, unsigned long len,
		       unsigned char val)
{
	const unsigned char *p = km_ptr(m, start);
	unsigned long bad = 0, first = 0;

	for (unsigned long i = len; i-- > 0;)
		if (p[i] != val) {
			bad++;
			first = i;
		}
	seq_printf(sb, "  %-15s 0x%016lx +%-4lu ", what, start, len);
	if (!bad)
		seq_printf(sb, "intact (0x%02x)\n", val);
	else
		seq_printf(sb, "%lu %s from 0x%02x, first at +%lu\n", bad,
			   bad == 1 ? "byte differs" : "bytes differ", val,
			   first);
}

/*
 * The metadata of one object, as slab_debug lays it out: the free
 * pointer stored and decoded, the red zones and poison against what
 * init_object() wrote for the object's state, the tracks, orig_size.
 */
static void show_object_debug(struct machine *m, struct kmem_cache *s,
			      struct page *slab, unsigned long p, bool in_use,
			      struct seq_buf *sb)
{
	unsigned char red = in_use ? SLUB_RED_ACTIVE : SLUB_RED_INACTIVE;
	unsigned long raw, orig = s->object_size;

	memcpy(&raw, km_ptr(m, p + s->offset), sizeof(raw));
	seq_printf(sb,
		   "  free pointer at +%u (%s the object): stored 0x%016lx, "
		   "decodes to 0x%016lx%s\n",
		   s->offset, freeptr_outside_object(s) ? "after" : "inside",
		   raw, get_freepointer(m, s, p),
		   in_use && !freeptr_outside_object(s) ? " (object data now)"
							: "");
	if (!kmem_cache_debug(s))
		return;
	if (slub_debug_orig_size(s) && in_use) {
		memcpy(&orig,
		       km_ptr(m, p + get_info_end(s) + 2 * KM_TRACK_SIZE),
		       sizeof(orig));
		seq_printf(sb, "  orig_size       %lu\n", orig);
		if (orig > s->object_size)
			orig = s->object_size;
	}
	if (s->flags & SLAB_RED_ZONE) {
		show_bytes(m, sb, "left red zone", p - s->red_left_pad,
			   s->red_left_pad, red);
		if (in_use && orig < s->object_size)
			show_bytes(m, sb, "kmalloc redzone", p + orig,
				   s->object_size - orig, red);
		show_bytes(m, sb, "right red zone", p + s->object_size,
			   s->inuse - s->object_size, red);
	}
	if ((s->flags & __OBJECT_POISON) && !in_use) {
		show_bytes(m, sb, "poison", p, s->object_size - 1, POISON_FREE);
		show_bytes(m, sb, "end poison", p + s->object_size - 1, 1,
			   POISON_END);
	}
	if (s->flags & SLAB_STORE_USER) {
		static const char *const names[] = {"allocated", "freed"};

		for (int t = TRACK_ALLOC; t <= TRACK_FREE; t++) {
			struct km_track tr;
			const char *caller;

			get_track_info(m, s, p, (enum track_item)t, &tr,
				       &caller);
			if (!tr.addr)
				seq_printf(sb, "  %-15s -\n", names[t]);
			else
				seq_printf(sb,
					   "  %-15s %s age=%lu cpu=%d pid=%d\n",
					   names[t], caller ? caller : "?",
					   m->jiffies - tr.when, tr.cpu,
					   tr.pid);
		}
	}
}

/* In a corrupted slab, an object both handed out and on a free chain
 * (a double free), or free but on no chain (lost) */
static void show_object_chain(struct machine *m, struct kmem_cache *s,
			      struct page *slab, unsigned int i,
			      struct seq_buf *sb)
{
	int *pos = calloc(slab->objects, sizeof(int));
	uint8_t *oncpu = calloc(slab->objects, 1);
	bool used = objmap_test(m, s, slab, i);

	if (pos && oncpu) {
		freelist_positions(m, s, slab, pos, oncpu);
		if (used && pos[i] >= 0)
			seq_printf(
				sb,
				"  and free: #%d on the %s freelist (a double "
				"free: SLUB will hand it out again)\n",
				pos[i], oncpu[i] ? "cpu" : "slab");
		else if (!used && pos[i] < 0)
			seq_puts(sb, "  on no free chain: lost (its slab's "
				     "chains were corrupted)\n");
	}
	free(pos);
	free(oncpu);
}

int slub_show_object(struct machine *m, unsigned long addr, struct seq_buf *sb)
{
	struct page *slab = virt_to_slab(m, addr);
	struct kmem_cache *s;
	unsigned int i;
	unsigned long start;

	if (!slab) {
		struct page *page;

		if (!virt_addr_valid(m, addr))
			return -EINVAL;
		page = compound_head(virt_to_page(m, addr));
		if (!PageFlag(page, PG_large_kmalloc))
			return -EINVAL;
		seq_printf(sb,
			   "0x%016lx: large kmalloc, pfn %#lx order %u (%lu "
			   "bytes)\n",
			   addr, page_to_pfn(m, page), page->compound_order,
			   KM_PAGE_SIZE << page->compound_order);
		return 0;
	}
	s = slab->slab_cache;
	if (addr < slab_address(m, slab) + s->red_left_pad)
		return -EINVAL;
	i = obj_to_index(m, s, slab, addr);
	if (i >= slab->objects) {
		seq_printf(sb, "0x%016lx: slab padding of %s slab 0x%016lx\n",
			   addr, s->name, slab_address(m, slab));
		return 0;
	}
	start = slab_obj_addr(m, s, slab, i);
	seq_printf(sb,
		   "0x%016lx: cache %s slab 0x%016lx object %u at 0x%016lx "
		   "+%lu (size %u) %s\n",
		   addr, s->name, slab_address(m, slab), i, start, addr - start,
		   s->object_size,
		   objmap_test(m, s, slab, i) ? "in use" : "free");
	if (PageFlag(slab, PG_poked))
		show_object_chain(m, s, slab, i, sb);
	show_object_debug(m, s, slab, start, objmap_test(m, s, slab, i), sb);
	return 0;
}

/* --- boot
 * ----------------------------------------------------------------------- */

/* mm/slab_common.c: create_boot_cache() */
static struct kmem_cache *create_boot_cache(struct machine *m, const char *name,
					    unsigned int size,
					    slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_struct_alloc(m);
	struct kmem_cache_args args = {0};

	KM_BUG_ON(!s);
	args.align = calculate_alignment(flags, ARCH_KMALLOC_MINALIGN, size);
	KM_BUG_ON(do_kmem_cache_create(m, s, name, size, &args, flags));
	s->refcount = -1; /* not mergeable during boot */
	return s;
}

/* mm/slub.c: bootstrap(): the boot cache joins slab_caches. The kernel
 * also moves it into an object of kmem_cache; see kmem_cache_init(). */
static void bootstrap(struct machine *m, struct kmem_cache *s)
{
	mm_call(m, "bootstrap");
	list_add(&s->list, &m->slub->slab_caches);
}

/*
 * mm/slub.c: kmem_cache_init(). Object sizes of the two boot caches are
 * the 6.18 host's (KERNEL_FACTS §2.4): kmem_cache_node 72 bytes,
 * kmem_cache offsetof(struct kmem_cache, node) = 224 plus one pointer
 * per node.
 *
 * Decision: boot takes no page from the buddy allocator, so a freshly
 * booted machine shows the page allocator's own state (and its tests'
 * figures hold). The structures of the boot caches (kmem_cache,
 * kmem_cache_node, the kmalloc caches) are therefore not objects in
 * simulated memory; every cache created after boot is: its struct
 * kmem_cache is an object of kmem_cache and each of its
 * kmem_cache_node structs an object of kmem_cache_node, so those two
 * lines of /proc/slabinfo count the caches a session created.
 */
void kmem_cache_init(struct machine *m)
{
	struct slub_state *ss = calloc(1, sizeof(*ss));
	struct kmem_cache *s;

	KM_BUG_ON(!ss);
	m->slub = ss;
	slub_event_init(&ss->call_ev, EV_CALL, NULL, 0);
	slub_event_init(&ss->obj_ev, EV_SLAB_ALLOC, NULL, 0);
	INIT_LIST_HEAD(&ss->slab_caches);
	INIT_LIST_HEAD(&ss->leaked);
	ss->allocmap =
		calloc(m->nr_pages * (KM_PAGE_SIZE / 8 / 64), sizeof(uint64_t));
	KM_BUG_ON(!ss->allocmap);
	ss->allocmap_bias = (uintptr_t)ss->allocmap -
			    (KM_PAGE_OFFSET >> 9) * sizeof(uint64_t);
	/* TID_STEP = roundup_pow_of_two(CONFIG_NR_CPUS); ours is 128 */
	ss->tid_step = KM_NR_CPUS;
	ss->init_any = slab_init_enabled(m);
	ss->slub_max_order = PAGE_ALLOC_COSTLY_ORDER;
	ss->slab_state = DOWN;
	setup_slub_debug(m);

	mm_call(m, "kmem_cache_init");
	ss->kmem_cache_node = create_boot_cache(
		m, "kmem_cache_node", 72, SLAB_HWCACHE_ALIGN | SLAB_NO_OBJ_EXT);
	ss->slab_state = PARTIAL;
	ss->kmem_cache = create_boot_cache(
		m, "kmem_cache", 224 + 8 * (unsigned int)m->nr_nodes,
		SLAB_HWCACHE_ALIGN | SLAB_NO_OBJ_EXT);
	bootstrap(m, ss->kmem_cache);
	bootstrap(m, ss->kmem_cache_node);

	create_kmalloc_caches(m);
	/* init_freelist_randomization() */
	for_each_kmem_cache (m, s)
		KM_BUG_ON(init_cache_random_seq(m, s));
	/* slab_sysfs_init() */
	ss->slab_state = FULL;
	for_each_kmem_cache (m, s)
		KM_BUG_ON(sysfs_slab_add(m, s));
	ss->last_cache = NULL;
}

static void release_host(struct kmem_cache *s)
{
	for (int node = 0; node < KM_MAX_NUMNODES; node++)
		free(s->node[node]);
	free(s->random_seq);
	free(s->cpu_slab);
	free(s);
}

void slub_destroy(struct machine *m)
{
	struct slub_state *ss = m->slub;
	struct kmem_cache *s, *t;

	if (!ss)
		return;
	list_for_each_entry_safe (s, t, &ss->slab_caches, list)
		release_host(s);
	list_for_each_entry_safe (s, t, &ss->leaked, list)
		release_host(s);
	slub_debug_destroy(m);
	free(ss->allocmap);
	free(ss->aliases);
	free(ss);
	m->slub = NULL;
}
