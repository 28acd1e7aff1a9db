/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Engine-private helpers shared by the src/mm files (twin: mm/internal.h):
 * event emission, get_order, fls, errno values.
 */
#ifndef KMEMLAB_MM_INTERNAL_H
#define KMEMLAB_MM_INTERNAL_H

#include <errno.h>
#include "kmemlab/machine.h"

/* Tracing off: m->sink is NULL and each of these is one branch. */
static inline void mm_emit(struct machine *m, const struct mm_event *ev)
{
	if (m->sink)
		m->sink(m->sink_ctx, ev);
}

/* Entry into a kernel function: an element of the command's path. */
static inline void mm_call(struct machine *m, const char *func)
{
	if (m->sink) {
		struct mm_event ev = {
			.type = EV_CALL, .func = func, .cpu = m->cur_cpu};
		m->sink(m->sink_ctx, &ev);
	}
}

#define MM_EVENT(m, ...)                                                       \
	do {                                                                   \
		if ((m)->sink) {                                               \
			struct mm_event __ev = {__VA_ARGS__};                  \
			(m)->sink((m)->sink_ctx, &__ev);                       \
		}                                                              \
	} while (0)

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
