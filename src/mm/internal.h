/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Engine-private helpers shared by the src/mm files (twin: mm/internal.h):
 * event emission, get_order, fls, errno values.
 */
#ifndef KMEMLAB_MM_INTERNAL_H
#define KMEMLAB_MM_INTERNAL_H

#include <errno.h>
#include "kmemlab/machine.h"

/*
 * Trace events. Tracing off: m->sink is NULL and each of these is one
 * predictable branch; the event itself is built in cold code out of the
 * way of the hot path. Tracing on: the event is filled field by field on
 * the stack (a designated initializer of the 96-byte struct costs a
 * `rep stos` per event) and handed to the sink, which copies what it
 * keeps.
 */
#define mm_unlikely(x) __builtin_expect(!!(x), 0)

/*
 * The start of a hot path's function on a 64-byte line. Where the linker
 * happened to place kmalloc() and kfree() moved kmemlab-bench slub's batch
 * figure for 8 bytes by half (8.5 or 13.5 ns a pair for the same code).
 */
#define MM_HOT_ALIGN __attribute__((aligned(64)))

/* Every field zero but type, func and cpu (as {.type, .func, .cpu}). */
static inline void mm_event_init(struct mm_event *ev, enum mm_event_type type,
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

static inline void mm_emit(struct machine *m, const struct mm_event *ev)
{
	if (mm_unlikely(m->sink))
		m->sink(m->sink_ctx, ev);
}

/*
 * Where MM_EVENT builds an event: the next free entry of the array the
 * sink's owner lent, if it has room, else the stack (ev).
 */
static inline struct mm_event *mm_event_slot(struct machine *m,
					     struct mm_event *ev)
{
	return m->ev_pos < m->ev_end ? m->ev_pos : ev;
}

/* ... a kind the owner does not take lent, or no room: to the sink (from
 * the stack: the sink may write into the free entry it was built in) */
static __attribute__((noinline, unused)) void
mm_event_send(struct machine *m, const struct mm_event *e, struct mm_event *ev)
{
	if (e != ev)
		*ev = *e;
	m->sink(m->sink_ctx, ev);
}

/* The event built at e is complete: lent (the entry becomes the owner's),
 * or sent */
static inline void mm_event_commit(struct machine *m, struct mm_event *e,
				   struct mm_event *ev)
{
	if (e != ev && ((m->ev_lend_types >> e->type) & 1))
		m->ev_pos = e + 1;
	else
		mm_event_send(m, e, ev);
}

/* Entry into func, kept for an oops's Call Trace (m->call_ring) */
static inline void mm_call_note(struct machine *m, const char *func)
{
	m->call_ring[m->nr_calls++ % MM_CALL_RING] = func;
}

/* Entry into func, tracing: into the array the sink's owner lent, if it
 * has room (true: done) */
static inline bool mm_call_lent(struct machine *m, const char *func)
{
	if (__builtin_expect(m->call_pos < m->call_end, 1)) {
		*m->call_pos++ = func;
		return true;
	}
	return false;
}

/* ... else into call_ring, and the caller sends an EV_CALL (false) */
static inline bool mm_call_log(struct machine *m, const char *func)
{
	if (mm_call_lent(m, func))
		return true;
	mm_call_note(m, func);
	return false;
}

static __attribute__((noinline, cold, unused)) void
mm_call_out(struct machine *m, const char *func)
{
	struct mm_event ev;

	/* mm_call() found no room in a lent path */
	mm_call_note(m, func);
	mm_event_init(&ev, EV_CALL, func, m->cur_cpu);
	m->sink(m->sink_ctx, &ev);
}

/* Entry into a kernel function: an element of the command's path (a
 * store into the lent path when it has room). */
static inline void mm_call(struct machine *m, const char *func)
{
	if (mm_unlikely(m->sink) && !mm_call_lent(m, func))
		mm_call_out(m, func);
}

/*
 * MM_EVENT(m, .type = EV_MERGE, .pfn = pfn, ...): the same fields as a
 * designated initializer (unnamed fields zero), each turned into an
 * assignment `__ev .pfn = pfn;`. Up to 16 fields.
 */
#define __MM_EV_NTH(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13,    \
		    _14, _15, _16, N, ...)                                     \
	N
#define __MM_EV_SET(e, ...)                                                    \
	__MM_EV_CAT(__MM_EV_SET_,                                              \
		    __MM_EV_NTH(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, \
				7, 6, 5, 4, 3, 2, 1))                          \
	(e, __VA_ARGS__)
#define __MM_EV_CAT(a, b) __MM_EV_CAT2(a, b)
#define __MM_EV_CAT2(a, b) a##b
#define __MM_EV_SET_1(e, a) e a;
#define __MM_EV_SET_2(e, a, ...)                                               \
	e a;                                                                   \
	__MM_EV_SET_1(e, __VA_ARGS__)
#define __MM_EV_SET_3(e, a, ...)                                               \
	e a;                                                                   \
	__MM_EV_SET_2(e, __VA_ARGS__)
#define __MM_EV_SET_4(e, a, ...)                                               \
	e a;                                                                   \
	__MM_EV_SET_3(e, __VA_ARGS__)
#define __MM_EV_SET_5(e, a, ...)                                               \
	e a;                                                                   \
	__MM_EV_SET_4(e, __VA_ARGS__)
#define __MM_EV_SET_6(e, a, ...)                                               \
	e a;                                                                   \
	__MM_EV_SET_5(e, __VA_ARGS__)
#define __MM_EV_SET_7(e, a, ...)                                               \
	e a;                                                                   \
	__MM_EV_SET_6(e, __VA_ARGS__)
#define __MM_EV_SET_8(e, a, ...)                                               \
	e a;                                                                   \
	__MM_EV_SET_7(e, __VA_ARGS__)
#define __MM_EV_SET_9(e, a, ...)                                               \
	e a;                                                                   \
	__MM_EV_SET_8(e, __VA_ARGS__)
#define __MM_EV_SET_10(e, a, ...)                                              \
	e a;                                                                   \
	__MM_EV_SET_9(e, __VA_ARGS__)
#define __MM_EV_SET_11(e, a, ...)                                              \
	e a;                                                                   \
	__MM_EV_SET_10(e, __VA_ARGS__)
#define __MM_EV_SET_12(e, a, ...)                                              \
	e a;                                                                   \
	__MM_EV_SET_11(e, __VA_ARGS__)
#define __MM_EV_SET_13(e, a, ...)                                              \
	e a;                                                                   \
	__MM_EV_SET_12(e, __VA_ARGS__)
#define __MM_EV_SET_14(e, a, ...)                                              \
	e a;                                                                   \
	__MM_EV_SET_13(e, __VA_ARGS__)
#define __MM_EV_SET_15(e, a, ...)                                              \
	e a;                                                                   \
	__MM_EV_SET_14(e, __VA_ARGS__)
#define __MM_EV_SET_16(e, a, ...)                                              \
	e a;                                                                   \
	__MM_EV_SET_15(e, __VA_ARGS__)

/* An event may be lent (mm_event_commit): its .text, if any, must be a
 * string literal (or its kind not in MM_EVENTS_LENDABLE), and the
 * expressions of its fields must not send events themselves (it may be
 * built in the lent array's next entry) */
#define MM_EVENT(m, ...)                                                       \
	do {                                                                   \
		if (mm_unlikely((m)->sink)) {                                  \
			struct mm_event __ev,                                  \
				*__e = mm_event_slot((m), &__ev);              \
                                                                               \
			mm_event_init(__e, EV_CALL, NULL, 0);                  \
			__MM_EV_SET((*__e), __VA_ARGS__)                       \
			mm_event_commit((m), __e, &__ev);                      \
		}                                                              \
	} while (0)

/*
 * include/linux/mm.h: want_init_on_alloc(), want_init_on_free(): the boot
 * options init_on_alloc / init_on_free (static keys in the kernel; fields
 * of the machine's configuration here). __GFP_ZERO asks for the same
 * zeroing as init_on_alloc, one allocation at a time.
 */
static inline bool want_init_on_alloc(const struct machine *m, gfp_t flags)
{
	return m->cfg.init_on_alloc || (flags & __GFP_ZERO);
}

static inline bool want_init_on_free(const struct machine *m)
{
	return m->cfg.init_on_free;
}

/*
 * src/mm/pgtable.c: unmap on the host what vunmap_range_noflush() left
 * mapped (the lazy purge's TLB flush); due before a purged area is reused.
 */
void vmalloc_host_flush(struct machine *m);

/* fls(x): 1-based index of the most significant set bit, fls(0) = 0 */
static inline int fls(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static inline int fls64(unsigned long x)
{
	return x ? 64 - __builtin_clzl(x) : 0;
}

static inline int ilog2(unsigned long x)
{
	return fls64(x) - 1;
}

/* include/asm-generic/getorder.h: smallest order with size <= 4k << order */
static inline int get_order(unsigned long size)
{
	if (size == 0)
		return 64 - KM_PAGE_SHIFT; /* as the kernel's, undefined-ish */
	size--;
	size >>= KM_PAGE_SHIFT;
	return fls64(size);
}

#define ALIGN(x, a) (((x) + ((a)-1)) & ~((__typeof__(x))(a)-1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a)-1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a)-1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d)-1) / (d))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#ifndef min
#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))
#endif
#define clamp(v, lo, hi) min(max(v, lo), hi)

#endif /* KMEMLAB_MM_INTERNAL_H */
