/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GFP flags, bit for bit as include/linux/gfp_types.h defines them in 6.12
 * (KERNEL_FACTS §6.7), plus the zone and migrate-type decoding of
 * include/linux/gfp.h. Names and composites are parsed and printed by
 * src/mm/gfp.c in the kernel's own %pGg style ("GFP_KERNEL|__GFP_ZERO").
 */
#ifndef KMEMLAB_GFP_H
#define KMEMLAB_GFP_H

#include <stdbool.h>
#include <stddef.h>

typedef unsigned int gfp_t;

#define __GFP_DMA 0x1u
#define __GFP_HIGHMEM 0x2u
#define __GFP_DMA32 0x4u
#define __GFP_MOVABLE 0x8u
#define __GFP_RECLAIMABLE 0x10u
#define __GFP_HIGH 0x20u
#define __GFP_IO 0x40u
#define __GFP_FS 0x80u
#define __GFP_ZERO 0x100u
/* 0x200 is unused in 6.12 */
#define __GFP_DIRECT_RECLAIM 0x400u
#define __GFP_KSWAPD_RECLAIM 0x800u
#define __GFP_WRITE 0x1000u
#define __GFP_NOWARN 0x2000u
#define __GFP_RETRY_MAYFAIL 0x4000u
#define __GFP_NOFAIL 0x8000u
#define __GFP_NORETRY 0x10000u
#define __GFP_MEMALLOC 0x20000u
#define __GFP_COMP 0x40000u
#define __GFP_NOMEMALLOC 0x80000u
#define __GFP_HARDWALL 0x100000u
#define __GFP_THISNODE 0x200000u
#define __GFP_ACCOUNT 0x400000u
#define __GFP_ZEROTAGS 0x800000u

#define __GFP_RECLAIM (__GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM)
#define GFP_ZONEMASK (__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define GFP_MOVABLE_MASK (__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT 3

#define GFP_ATOMIC (__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL (__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT (__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO (__GFP_RECLAIM)
#define GFP_NOFS (__GFP_RECLAIM | __GFP_IO)
#define GFP_USER (__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA __GFP_DMA
#define GFP_DMA32 __GFP_DMA32
#define GFP_HIGHUSER (GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE (GFP_HIGHUSER | __GFP_MOVABLE)
#define GFP_TRANSHUGE_LIGHT                                                    \
	((GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC |               \
	  __GFP_NOWARN) &                                                      \
	 ~__GFP_RECLAIM)
#define GFP_TRANSHUGE (GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

/* mm/internal.h */
#define GFP_RECLAIM_MASK                                                       \
	(__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | __GFP_NOWARN |     \
	 __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | __GFP_NORETRY | __GFP_MEMALLOC | \
	 __GFP_NOMEMALLOC)
#define GFP_CONSTRAINT_MASK (__GFP_HARDWALL | __GFP_THISNODE)
#define GFP_SLAB_BUG_MASK (__GFP_DMA32 | __GFP_HIGHMEM | ~0x1ffffffu)

/* The bits that name a valid flag in 6.12 (everything below 0x1000000). */
#define __GFP_BITS_MASK 0xffffffu

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return (gfp & __GFP_DIRECT_RECLAIM) != 0;
}

/*
 * Parse "GFP_KERNEL|__GFP_ZERO" or a number ("0xcc0"). Returns 0 and sets
 * *out on success; -1 on an unknown name, with *bad pointing at it and
 * *badlen its length.
 */
int gfp_parse(const char *s, gfp_t *out, const char **bad, size_t *badlen);

/*
 * Format like the kernel's %pGg: composites first (GFP_KERNEL), then the
 * remaining __GFP_ bits, '|'-separated; "0" -> "none". Returns the length
 * that a large enough buffer would need (snprintf semantics).
 */
int gfp_format(char *buf, size_t len, gfp_t gfp);

/* Name tables for completion and help: NULL-terminated. */
extern const char *const gfp_names[];

#endif /* KMEMLAB_GFP_H */
