// SPDX-License-Identifier: GPL-2.0-only
/*
 * The trace collector (include/kmemlab/trace.h): the machine's sink while a
 * command runs. Events are copied with their strings into a chunked arena
 * (chunks never move, so the copies' pointers stay valid until the next
 * trace_reset); EV_CALL names make up the path.
 *
 * Kernel twin, loosely: include/trace/events/kmem.h (the kmalloc, kfree,
 * mm_page_alloc, mm_page_free tracepoints) and the function tracer. Left
 * out: timestamps, per-CPU ring buffers, filtering.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/machine.h"
#include "kmemlab/trace.h"

const char *const mm_event_names[NR_MM_EVENTS] = {
	[EV_CALL] = "call",
	[EV_PRINTK] = "printk",
	[EV_BUG] = "bug",
	[EV_PAGE_ALLOC] = "page_alloc",
	[EV_PAGE_FREE] = "page_free",
	[EV_SPLIT] = "split",
	[EV_MERGE] = "merge",
	[EV_PCP_REFILL] = "pcp_refill",
	[EV_PCP_DRAIN] = "pcp_drain",
	[EV_FALLBACK] = "fallback",
	[EV_STEAL] = "steal",
	[EV_ZONE_FALLBACK] = "zone_fallback",
	[EV_ALLOC_FAIL] = "alloc_fail",
	[EV_SLAB_ALLOC] = "slab_alloc",
	[EV_SLAB_FREE] = "slab_free",
	[EV_SLAB_NEW] = "slab_new",
	[EV_SLAB_DISCARD] = "slab_discard",
	[EV_SLAB_MOVE] = "slab_move",
	[EV_SLAB_FREELIST] = "slab_freelist",
	[EV_CACHE_CREATE] = "cache_create",
	[EV_CACHE_DESTROY] = "cache_destroy",
	[EV_CACHE_MERGE] = "cache_merge",
	[EV_VMAP_AREA] = "vmap_area",
	[EV_VMAP_FREE] = "vmap_free",
	[EV_VMAP_PURGE] = "vmap_purge",
	[EV_PTE_MAP] = "pte_map",
	[EV_PTE_UNMAP] = "pte_unmap",
	[EV_PGTABLE_ALLOC] = "pgtable_alloc",
};

/* --- string arena ------------------------------------------------------ */

struct trace_chunk {
	struct trace_chunk *next;
	size_t used, cap;
	char data[];
};

static const char *arena_copy(struct trace *t, const char *s, size_t n)
{
	struct trace_chunk *c = t->arena;

	if (!c || c->cap - c->used < n) {
		size_t cap = n > 8192 ? n : 8192;

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return "?"; /* the trace is best effort */
		c->next = t->arena;
		c->used = 0;
		c->cap = cap;
		t->arena = c;
	}
	memcpy(c->data + c->used, s, n);
	c->used += n;
	return c->data + c->used - n;
}

static const char *arena_strdup(struct trace *t, const char *s)
{
	return s ? arena_copy(t, s, strlen(s) + 1) : NULL;
}

/*
 * A cache name: nearly every SLUB event of a command names the same
 * cache, so the copy made for the previous event is reused when the name
 * is at the same address. A name is a struct kmem_cache's array and does
 * not change while the cache lives; its memory is freed only after the
 * cache's EV_CACHE_DESTROY (record() forgets the address then) or with
 * the whole machine, which sends no more events to this trace. (The
 * strcmp() that checked the content cost a fifth of a traced kmalloc.)
 */
static const char *arena_intern(struct trace *t, const char *s)
{
	if (!s)
		return NULL;
	if (s == t->intern_src)
		return t->intern_copy;
	t->intern_src = s;
	t->intern_copy = arena_strdup(t, s);
	return t->intern_copy;
}

static void arena_free(struct trace *t)
{
	while (t->arena) {
		struct trace_chunk *next = t->arena->next;

		free(t->arena);
		t->arena = next;
	}
}

/* --- the collector ----------------------------------------------------- */

void trace_init(struct trace *t)
{
	memset(t, 0, sizeof(*t));
}

/*
 * What the trace lends the attached machine (struct machine's call_base
 * and ev_base): the rest of its path array, where the engine stores each
 * function it enters, and the rest of its event array, where it writes
 * the events of MM_EVENTS_LENDABLE (texts literals, caches alive);
 * neither then costs an event through the sink. nr_path and nr_ev catch
 * up here (take_lent), before any event the sink gets, and at detach,
 * reset, observer changes and when something reads. Not lent: the kinds
 * observers watch as they happen, and nothing before the arrays exist
 * (the first call or event through the sink makes them) or when they are
 * full.
 */
static void set_last_alloc(struct trace *t, unsigned long addr,
			   const char *name);

static void take_lent(struct trace *t)
{
	struct machine *m = t->m;

	if (!m)
		return;
	if (m->call_base && m->call_base == t->path)
		t->nr_path = (size_t)(m->call_pos - t->path);
	if (m->ev_base && m->ev_base == t->ev) {
		struct mm_event *e = t->ev + t->nr_ev, *end = m->ev_pos;
		/* arena_intern()'s last name, in locals: the stores into
		 * the events could alias the trace's fields */
		const char *src = t->intern_src, *copy = t->intern_copy;

		/* what record() does to such an event (its text is a
		 * literal: no copy) */
		for (; e < end; e++) {
			if (e->cache && e->cache != src) {
				t->intern_src = e->cache;
				t->intern_copy = arena_strdup(t, e->cache);
				src = t->intern_src;
				copy = t->intern_copy;
			}
			if (e->cache)
				e->cache = copy;
			if (e->type == EV_SLAB_ALLOC)
				set_last_alloc(t, e->addr, e->cache);
		}
		t->nr_ev = (size_t)(end - t->ev);
	}
}

static void lend(struct trace *t)
{
	/* an observer sees the kinds it watches as they happen */
	const unsigned long lent_types = MM_EVENTS_LENDABLE & ~t->obs_types;
	struct machine *m = t->m;

	if (!m)
		return;
	/* caps never pass TRACE_MAX_EVENTS (grow) */
	if ((t->obs_types & TRACE_TYPE(EV_CALL)) || !t->path ||
	    t->nr_path >= t->cap_path) {
		m->call_base = m->call_pos = m->call_end = NULL;
	} else {
		m->call_base = t->path;
		m->call_pos = t->path + t->nr_path;
		m->call_end = t->path + t->cap_path;
	}
	if (!lent_types || !t->ev || t->nr_ev >= t->cap_ev) {
		m->ev_base = m->ev_pos = m->ev_end = NULL;
		m->ev_lend_types = 0;
	} else {
		m->ev_base = t->ev;
		m->ev_pos = t->ev + t->nr_ev;
		m->ev_end = t->ev + t->cap_ev;
		m->ev_lend_types = lent_types;
	}
}

void trace_reset(struct trace *t)
{
	take_lent(t);
	t->nr_ev = 0;
	t->nr_path = 0;
	t->nr_printk = 0;
	t->dropped = 0;
	t->last_alloc = 0;
	t->last_alloc_cache[0] = '\0';
	t->intern_src = t->intern_copy = NULL;
	t->last_alloc_src = NULL;
	/* keep the newest chunk for reuse: most commands fit in one */
	if (t->arena) {
		struct trace_chunk *keep = t->arena;

		t->arena = keep->next;
		arena_free(t);
		keep->next = NULL;
		keep->used = 0;
		t->arena = keep;
	}
	lend(t);
}

void trace_free(struct trace *t)
{
	trace_detach(t);
	arena_free(t);
	free(t->ev);
	free(t->path);
	trace_init(t);
}

void trace_move(struct trace *dst, struct trace *src)
{
	struct trace tmp;
	struct machine *src_m = src->m;

	take_lent(dst);
	take_lent(src);
	tmp = *dst;

	/* swap the buffers, keep each side's observers */
	memcpy(tmp.obs, src->obs, sizeof(tmp.obs));
	tmp.nr_obs = src->nr_obs;
	tmp.obs_types = src->obs_types;
	dst->ev = src->ev;
	dst->nr_ev = src->nr_ev;
	dst->cap_ev = src->cap_ev;
	dst->path = src->path;
	dst->nr_path = src->nr_path;
	dst->cap_path = src->cap_path;
	dst->nr_printk = src->nr_printk;
	dst->dropped = src->dropped;
	dst->arena = src->arena;
	dst->last_alloc = src->last_alloc;
	memcpy(dst->last_alloc_cache, src->last_alloc_cache,
	       sizeof(dst->last_alloc_cache));
	dst->intern_src = src->intern_src;
	dst->intern_copy = src->intern_copy;
	dst->last_alloc_src = src->last_alloc_src;
	*src = tmp;
	src->m = src_m; /* each keeps its machine, like its observers */
	trace_reset(src);
	lend(dst);
}

int trace_add_observer(struct trace *t, trace_observer_fn fn, void *ctx)
{
	if (t->nr_obs >= TRACE_MAX_OBSERVERS)
		return -1;
	t->obs[t->nr_obs].fn = fn;
	t->obs[t->nr_obs].ctx = ctx;
	t->obs[t->nr_obs].types = TRACE_ALL_TYPES;
	t->nr_obs++;
	t->obs_types = TRACE_ALL_TYPES;
	take_lent(t); /* it watches calls: no more lending */
	lend(t);
	return 0;
}

void trace_observer_types(struct trace *t, trace_observer_fn fn, void *ctx,
			  unsigned long types)
{
	t->obs_types = 0;
	for (int i = 0; i < t->nr_obs; i++) {
		if (t->obs[i].fn == fn && t->obs[i].ctx == ctx)
			t->obs[i].types = types;
		t->obs_types |= t->obs[i].types;
	}
	take_lent(t);
	lend(t);
}

static __attribute__((noinline)) bool grow(void **arr, size_t *cap, size_t need,
					   size_t elem)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return true;
	ncap = *cap ? *cap * 2 : 256;
	/* never past TRACE_MAX_EVENTS: then nr < cap says there is room */
	if (ncap > TRACE_MAX_EVENTS)
		ncap = TRACE_MAX_EVENTS;
	p = realloc(*arr, ncap * elem);
	if (!p)
		return false;
	*arr = p;
	*cap = ncap;
	return true;
}

/* Room for one more entry: none past TRACE_MAX_EVENTS or without memory */
static inline bool room(void **arr, size_t *cap, size_t nr, size_t elem)
{
	if (nr >= TRACE_MAX_EVENTS)
		return false;
	return nr < *cap || grow(arr, cap, nr + 1, elem);
}

/*
 * The newest allocation's cache, kept apart from the events. name is the
 * arena copy (or NULL), so an unchanged one needs no copy.
 */
static void set_last_alloc(struct trace *t, unsigned long addr,
			   const char *name)
{
	t->last_alloc = addr;
	if (name && name == t->last_alloc_src)
		return;
	t->last_alloc_src = name;
	name = name ? name : "";
	size_t n = strnlen(name, sizeof(t->last_alloc_cache) - 1);

	memcpy(t->last_alloc_cache, name, n);
	t->last_alloc_cache[n] = '\0';
}

static __attribute__((noinline)) void notify(struct trace *t,
					     const struct mm_event *ev)
{
	for (int i = 0; i < t->nr_obs; i++)
		if ((t->obs[i].types >> ev->type) & 1)
			t->obs[i].fn(t->obs[i].ctx, ev);
}

/*
 * A copy of an event the engine has just built, field by field: the
 * engine writes them one at a time, and a struct copy's wider loads,
 * each spanning several of those stores, cannot be forwarded from the
 * store buffer (the CPU waits for the stores to reach the cache).
 */
static inline void event_copy(struct mm_event *to, const struct mm_event *ev)
{
	to->type = ev->type;
	to->func = ev->func;
	to->cache = ev->cache;
	to->text = ev->text;
	to->addr = ev->addr;
	to->addr2 = ev->addr2;
	to->pfn = ev->pfn;
	to->pfn2 = ev->pfn2;
	to->order = ev->order;
	to->mt = ev->mt;
	to->mt2 = ev->mt2;
	to->nid = ev->nid;
	to->zone = ev->zone;
	to->cpu = ev->cpu;
	to->n = ev->n;
}

static __attribute__((noinline)) void record(struct trace *t,
					     const struct mm_event *ev)
{
	struct mm_event *copy;
	const char *cache;

	if (ev->type == EV_CALL) {
		if (!room((void **)&t->path, &t->cap_path, t->nr_path,
			  sizeof(*t->path))) {
			t->dropped++;
			return;
		}
		/* function names are string literals of the engine */
		t->path[t->nr_path++] = ev->func;
		return;
	}
	cache = arena_intern(t, ev->cache);
	if (ev->type == EV_CACHE_DESTROY)
		t->intern_src = NULL; /* its name may be freed now */
	if (ev->type == EV_SLAB_ALLOC)
		set_last_alloc(t, ev->addr, cache);
	if (!room((void **)&t->ev, &t->cap_ev, t->nr_ev, sizeof(*t->ev))) {
		t->dropped++;
		return;
	}
	copy = &t->ev[t->nr_ev++];
	event_copy(copy, ev);
	copy->cache = cache;
	if (ev->text)
		copy->text = arena_strdup(t, ev->text);
	if (ev->type == EV_PRINTK)
		t->nr_printk++;
}

/*
 * Recording an event is a copy into an array that only grows (amortised,
 * kept across commands) and, for its strings, a copy into the arena; no
 * formatting: trace_format() makes the text when somebody prints it. The
 * most common event, a call, is one store.
 */
static inline void collect(struct trace *t, const struct mm_event *ev)
{
	struct mm_event *copy;

	if (ev->type == EV_CALL && t->nr_path < t->cap_path) {
		t->path[t->nr_path++] = ev->func;
		return;
	}
	/* record() inline for the common object events: the cache already
	 * interned (NULL too: arena_intern(NULL) is NULL) and, for an
	 * allocation, already the newest one's; no text; room in the array
	 * (caps never pass TRACE_MAX_EVENTS) */
	if ((ev->type != EV_SLAB_ALLOC && ev->type != EV_SLAB_FREE) ||
	    ev->text || ev->cache != t->intern_src || t->nr_ev >= t->cap_ev ||
	    (ev->type == EV_SLAB_ALLOC &&
	     t->intern_copy != t->last_alloc_src)) {
		record(t, ev);
		return;
	}
	if (ev->type == EV_SLAB_ALLOC)
		t->last_alloc = ev->addr;
	copy = &t->ev[t->nr_ev++];
	event_copy(copy, ev);
	copy->cache = t->intern_copy;
}

/* An event an observer wants: the observers, then the collector */
static __attribute__((noinline)) void notify_collect(struct trace *t,
						     const struct mm_event *ev)
{
	notify(t, ev);
	collect(t, ev);
}

/* An event through the sink while a machine is attached: what it stored
 * in the lent arrays comes first; this one may make them grow, and the
 * machine gets the rest of them again */
static __attribute__((noinline)) void attached_event(struct trace *t,
						     const struct mm_event *ev)
{
	struct machine *m = t->m;

	take_lent(t);
	if ((t->obs_types >> ev->type) & 1)
		notify(t, ev);
	collect(t, ev);
	/* the common case: one more event in the same lent array */
	if (ev->type != EV_CALL && m->ev_base && m->ev_base == t->ev &&
	    m->ev_end == t->ev + t->cap_ev && t->nr_ev < t->cap_ev)
		m->ev_pos = t->ev + t->nr_ev;
	else
		lend(t);
}

void trace_sink(void *ctx, const struct mm_event *ev)
{
	struct trace *t = ctx;

	if (t->m) {
		attached_event(t, ev);
		return;
	}
	/* every call here a tail call: no stack frame on the way */
	if (__builtin_expect((t->obs_types >> ev->type) & 1, 0))
		notify_collect(t, ev);
	else
		collect(t, ev);
}

const char *trace_alloc_cache(struct trace *t, unsigned long addr)
{
	take_lent(t);
	if (!addr || t->last_alloc != addr || !t->last_alloc_cache[0])
		return NULL;
	return t->last_alloc_cache;
}

const struct mm_event *trace_find(const struct trace *t,
				  enum mm_event_type type, unsigned long addr)
{
	for (size_t i = t->nr_ev; i-- > 0;)
		if (t->ev[i].type == type && t->ev[i].addr == addr)
			return &t->ev[i];
	return NULL;
}

/* --- formatting -------------------------------------------------------- */

static const unsigned int fields[NR_MM_EVENTS] = {
	[EV_CALL] = TF_CPU,
	[EV_PRINTK] = TF_TEXT | TF_N,
	[EV_BUG] = TF_TEXT | TF_CACHE | TF_ADDR | TF_PFN,
	[EV_PAGE_ALLOC] = TF_PFN | TF_ORDER | TF_MT | TF_ZONE | TF_NID,
	[EV_PAGE_FREE] = TF_PFN | TF_ORDER | TF_MT,
	[EV_SPLIT] = TF_PFN | TF_ORDER | TF_MT,
	[EV_MERGE] = TF_PFN | TF_PFN2 | TF_ORDER,
	[EV_PCP_REFILL] = TF_N | TF_ORDER | TF_CPU | TF_MT,
	[EV_PCP_DRAIN] = TF_N | TF_CPU,
	[EV_FALLBACK] = TF_PFN | TF_MT | TF_MT2 | TF_ORDER,
	[EV_STEAL] = TF_PFN | TF_MT | TF_MT2 | TF_N,
	[EV_ZONE_FALLBACK] = TF_ZONE | TF_NID,
	[EV_ALLOC_FAIL] = TF_ORDER,
	/* a large kmalloc has no cache: pfn and order tell its pages */
	[EV_SLAB_ALLOC] = TF_CACHE | TF_ADDR | TF_ADDR2 | TF_PFN | TF_ORDER |
			  TF_CPU | TF_N,
	[EV_SLAB_FREE] =
		TF_CACHE | TF_ADDR | TF_ADDR2 | TF_PFN | TF_ORDER | TF_CPU,
	[EV_SLAB_NEW] = TF_CACHE | TF_ADDR2 | TF_PFN | TF_ORDER | TF_NID | TF_N,
	[EV_SLAB_DISCARD] = TF_CACHE | TF_ADDR2 | TF_PFN | TF_ORDER | TF_NID,
	[EV_SLAB_MOVE] = TF_CACHE | TF_ADDR2 | TF_TEXT,
	[EV_SLAB_FREELIST] = TF_CACHE | TF_ADDR | TF_ADDR2 | TF_CPU,
	[EV_CACHE_CREATE] = TF_CACHE | TF_ORDER | TF_N,
	[EV_CACHE_DESTROY] = TF_CACHE,
	[EV_CACHE_MERGE] = TF_CACHE | TF_TEXT | TF_N,
	[EV_VMAP_AREA] = TF_ADDR | TF_ADDR2 | TF_N,
	[EV_VMAP_FREE] = TF_ADDR | TF_ADDR2 | TF_N,
	[EV_VMAP_PURGE] = TF_ADDR | TF_ADDR2 | TF_N,
	[EV_PTE_MAP] = TF_ADDR | TF_PFN,
	[EV_PTE_UNMAP] = TF_ADDR | TF_PFN,
	[EV_PGTABLE_ALLOC] = TF_PFN | TF_N,
};

unsigned int trace_event_fields(enum mm_event_type type)
{
	return (unsigned)type < NR_MM_EVENTS ? fields[type] : 0;
}

static const char *mt_name(int mt)
{
	return mt >= 0 && mt < MIGRATE_TYPES ? migratetype_names[mt] : "?";
}

static const char *zone_name(int z)
{
	return z >= 0 && z < MAX_NR_ZONES ? zone_names[z] : "?";
}

/* Like snprintf, but appends at *at and never fails. */
static void put(char *buf, size_t len, size_t *at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void put(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(*at < len ? buf + *at : NULL, *at < len ? len - *at : 0,
		      fmt, ap);
	va_end(ap);
	if (n > 0)
		*at += (size_t)n;
}

int trace_format(char *buf, size_t len, const struct mm_event *e)
{
	size_t at = 0;
	const char *cache = e->cache ? e->cache : "?";
	const char *s = e->n == 1 ? "" : "s";

	if (len)
		buf[0] = '\0';
	if (e->type == EV_PRINTK) {
		put(buf, len, &at, "%s", e->text ? e->text : "");
		return (int)at;
	}
	put(buf, len, &at, "%s: ", e->func ? e->func : mm_event_names[e->type]);
	switch (e->type) {
	case EV_CALL:
		put(buf, len, &at, "called on cpu%d", e->cpu);
		break;
	case EV_BUG:
		put(buf, len, &at, "%s", e->text ? e->text : "BUG");
		break;
	case EV_PAGE_ALLOC:
		put(buf, len, &at,
		    "order-%d page at pfn 0x%lx (%s, node %d zone %s)",
		    e->order, e->pfn, mt_name(e->mt), e->nid,
		    zone_name(e->zone));
		break;
	case EV_PAGE_FREE:
		put(buf, len, &at, "free order-%d block at pfn 0x%lx (%s)",
		    e->order, e->pfn, mt_name(e->mt));
		break;
	case EV_SPLIT:
		put(buf, len, &at,
		    "split: upper half at pfn 0x%lx goes to the order-%d %s "
		    "free list",
		    e->pfn, e->order, mt_name(e->mt));
		break;
	case EV_MERGE:
		/* order is the buddies' order before the merge */
		put(buf, len, &at,
		    "merge pfn 0x%lx with its free buddy pfn 0x%lx into an "
		    "order-%d block",
		    e->pfn, e->pfn2, e->order + 1);
		break;
	case EV_PCP_REFILL:
		put(buf, len, &at,
		    "refill cpu%d's %s pcp list with %ld order-%d block%s",
		    e->cpu, mt_name(e->mt), e->n, e->order, s);
		break;
	case EV_PCP_DRAIN:
		put(buf, len, &at, "return %ld page%s from cpu%d's pcp lists",
		    e->n, s, e->cpu);
		break;
	case EV_FALLBACK:
		put(buf, len, &at,
		    "no free %s block, fall back to the %s order-%d block at "
		    "pfn 0x%lx",
		    mt_name(e->mt), mt_name(e->mt2), e->order, e->pfn);
		break;
	case EV_STEAL:
		put(buf, len, &at,
		    "pageblock at pfn 0x%lx changes type %s → %s", e->pfn,
		    mt_name(e->mt2), mt_name(e->mt));
		if (e->n)
			put(buf, len, &at, ", %ld free page%s moved", e->n, s);
		break;
	case EV_ZONE_FALLBACK:
		put(buf, len, &at,
		    "zone %s of node %d cannot serve, try the next zone",
		    zone_name(e->zone), e->nid);
		break;
	case EV_ALLOC_FAIL:
		put(buf, len, &at, "no free block of order %d", e->order);
		break;
	case EV_SLAB_ALLOC:
		if (!e->cache)
			put(buf, len, &at,
			    "large kmalloc: object 0x%lx is the order-%d page "
			    "at pfn 0x%lx",
			    e->addr, e->order, e->pfn);
		else
			put(buf, len, &at,
			    "cache=%s object 0x%lx from slab 0x%lx on cpu%d",
			    cache, e->addr, e->addr2, e->cpu);
		break;
	case EV_SLAB_FREE:
		if (!e->cache)
			put(buf, len, &at,
			    "large kmalloc: free the order-%d page at pfn "
			    "0x%lx",
			    e->order, e->pfn);
		else
			put(buf, len, &at,
			    "cache=%s free object 0x%lx to slab 0x%lx on cpu%d",
			    cache, e->addr, e->addr2, e->cpu);
		break;
	case EV_SLAB_NEW:
		put(buf, len, &at,
		    "cache=%s new slab at 0x%lx (order %d, %ld objects, node "
		    "%d)",
		    cache, e->addr2, e->order, e->n, e->nid);
		break;
	case EV_SLAB_DISCARD:
		put(buf, len, &at,
		    "cache=%s slab at 0x%lx goes back to the page allocator",
		    cache, e->addr2);
		break;
	case EV_SLAB_MOVE:
		put(buf, len, &at, "cache=%s slab at 0x%lx", cache, e->addr2);
		break;
	case EV_SLAB_FREELIST:
		put(buf, len, &at,
		    "cache=%s cpu%d takes the freelist of slab 0x%lx (first "
		    "free object 0x%lx)",
		    cache, e->cpu, e->addr2, e->addr);
		break;
	case EV_CACHE_CREATE:
		put(buf, len, &at, "create cache %s (size %ld, order %d)",
		    cache, e->n, e->order);
		break;
	case EV_CACHE_DESTROY:
		put(buf, len, &at, "destroy cache %s", cache);
		break;
	case EV_CACHE_MERGE:
		put(buf, len, &at, "'%s' becomes an alias of cache %s",
		    e->text ? e->text : "?", cache);
		break;
	case EV_VMAP_AREA:
		put(buf, len, &at,
		    "reserve vmap area [0x%lx, 0x%lx), %ld page%s", e->addr,
		    e->addr2, e->n, s);
		break;
	case EV_VMAP_FREE:
		put(buf, len, &at,
		    "vmap area [0x%lx, 0x%lx) goes on the lazy list (%ld lazy "
		    "page%s)",
		    e->addr, e->addr2, e->n, s);
		break;
	case EV_VMAP_PURGE:
		put(buf, len, &at,
		    "purge %ld lazily freed area%s in [0x%lx, 0x%lx)", e->n, s,
		    e->addr, e->addr2);
		break;
	case EV_PTE_MAP:
		put(buf, len, &at, "map 0x%lx → pfn 0x%lx", e->addr, e->pfn);
		break;
	case EV_PTE_UNMAP:
		put(buf, len, &at, "unmap 0x%lx (pfn 0x%lx)", e->addr, e->pfn);
		break;
	case EV_PGTABLE_ALLOC:
		put(buf, len, &at,
		    "new page-table page at pfn 0x%lx (level %ld)", e->pfn,
		    e->n);
		break;
	case EV_PRINTK:
	case NR_MM_EVENTS:
		break;
	}
	/* a note from the engine that the fixed text does not carry */
	if (e->text && e->type == EV_SLAB_MOVE)
		put(buf, len, &at, ": %s", e->text);
	else if (e->text && !(fields[e->type] & TF_TEXT) && e->type != EV_BUG)
		put(buf, len, &at, " (%s)", e->text);
	return (int)at;
}

void trace_attach(struct trace *t, struct machine *m)
{
	t->m = m;
	m->sink = trace_sink;
	m->sink_ctx = t;
	lend(t);
}

void trace_detach(struct trace *t)
{
	struct machine *m = t->m;

	if (!m)
		return;
	take_lent(t);
	m->call_base = m->call_pos = m->call_end = NULL;
	m->ev_base = m->ev_pos = m->ev_end = NULL;
	m->ev_lend_types = 0;
	m->sink = NULL;
	m->sink_ctx = NULL;
	t->m = NULL;
}

size_t trace_events_len(const struct trace *t)
{
	if (t->m && t->m->ev_base == t->ev && t->ev)
		return (size_t)(t->m->ev_pos - t->ev);
	return t->nr_ev;
}

size_t trace_path_len(const struct trace *t)
{
	if (t->m && t->m->call_base == t->path && t->path)
		return (size_t)(t->m->call_pos - t->path);
	return t->nr_path;
}
