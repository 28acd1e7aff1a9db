/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SLUB: kmem_cache, kmalloc and friends (twins: mm/slub.c,
 * mm/slab_common.c, mm/slab.h, include/linux/slab.h).
 * Objects are kernel addresses (unsigned long); 0 is NULL and
 * ZERO_SIZE_PTR is 16.
 *
 * A slab is the head struct page of a compound page from alloc_pages; its
 * slab overlay (page.h) is the kernel's struct slab: slab_cache, slab_list
 * or {next, slabs}, freelist, inuse, objects, frozen. Free objects are
 * chained by free pointers stored inside the objects, in simulated RAM.
 *
 * Config mirrored (KERNEL_FACTS preamble): SLUB_CPU_PARTIAL, SLUB_DEBUG
 * (debug off at boot), FREELIST_HARDENED and _RANDOM (m->cfg.hardened),
 * HARDENED_USERCOPY, MEMCG, ZONE_DMA, NUMA, SLAB_BUCKETS, SLUB_STATS and
 * FAILSLAB; no DEBUG_OBJECTS, KASAN, KFENCE or RANDOM_KMALLOC_CACHES. The
 * flag bit values follow from that config (enum _slab_flags_bits).
 */
#ifndef KMEMLAB_SLAB_H
#define KMEMLAB_SLAB_H

#include "machine.h"

struct seq_buf;

/* --- flags (include/linux/slab.h 6.12, enum _slab_flag_bits) ---------- */

typedef unsigned int slab_flags_t;

#define SLAB_CONSISTENCY_CHECKS 0x00000001u
#define SLAB_RED_ZONE 0x00000002u
#define SLAB_POISON 0x00000004u
#define SLAB_KMALLOC 0x00000008u
#define SLAB_HWCACHE_ALIGN 0x00000010u
#define SLAB_CACHE_DMA 0x00000020u
#define SLAB_CACHE_DMA32 0x00000040u
#define SLAB_STORE_USER 0x00000080u
#define SLAB_PANIC 0x00000100u
#define SLAB_TYPESAFE_BY_RCU 0x00000200u
#define SLAB_TRACE 0x00000400u
#define SLAB_DEBUG_OBJECTS 0u /* CONFIG_DEBUG_OBJECTS=n */
#define SLAB_NOLEAKTRACE 0x00000800u
#define SLAB_NO_MERGE 0x00001000u
#define SLAB_FAILSLAB 0x00002000u
#define SLAB_ACCOUNT 0x00004000u
#define SLAB_KASAN 0u /* CONFIG_KASAN_GENERIC=n */
#define SLAB_NO_USER_FLAGS 0x00008000u
#define SLAB_SKIP_KFENCE 0u /* CONFIG_KFENCE=n, as on the 6.18 host */
#define SLAB_RECLAIM_ACCOUNT 0x00010000u
#define SLAB_TEMPORARY SLAB_RECLAIM_ACCOUNT
#define __OBJECT_POISON 0x00020000u
#define __CMPXCHG_DOUBLE 0x00040000u
#define SLAB_NO_OBJ_EXT 0x00080000u

/* mm/slab.h */
#define SLAB_CORE_FLAGS                                                        \
	(SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_PANIC | \
	 SLAB_TYPESAFE_BY_RCU | SLAB_DEBUG_OBJECTS)
#define SLAB_DEBUG_FLAGS                                                       \
	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE |          \
	 SLAB_CONSISTENCY_CHECKS)
#define SLAB_CACHE_FLAGS                                                       \
	(SLAB_NOLEAKTRACE | SLAB_RECLAIM_ACCOUNT | SLAB_TEMPORARY |            \
	 SLAB_ACCOUNT | SLAB_NO_USER_FLAGS | SLAB_KMALLOC | SLAB_NO_MERGE)
#define CACHE_CREATE_MASK                                                      \
	(SLAB_CORE_FLAGS | SLAB_DEBUG_FLAGS | SLAB_CACHE_FLAGS)
#define SLAB_FLAGS_PERMITTED                                                   \
	(SLAB_CORE_FLAGS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER |     \
	 SLAB_TRACE | SLAB_CONSISTENCY_CHECKS | SLAB_NOLEAKTRACE |             \
	 SLAB_RECLAIM_ACCOUNT | SLAB_TEMPORARY | SLAB_ACCOUNT | SLAB_KMALLOC | \
	 SLAB_NO_MERGE | SLAB_NO_USER_FLAGS)
/* mm/slab_common.c */
#define SLAB_NEVER_MERGE                                                       \
	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE |          \
	 SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | SLAB_FAILSLAB |             \
	 SLAB_NO_MERGE)
#define SLAB_MERGE_SAME                                                        \
	(SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 |            \
	 SLAB_ACCOUNT)

/*
 * "SLAB_HWCACHE_ALIGN|SLAB_ACCOUNT" or a number <-> flags, for the command
 * layer (like gfp_parse/gfp_format). Parse: 0 on success, -1 on an unknown
 * name (*bad, *badlen point at it). Format: snprintf semantics, "0" for
 * none.
 */
int slab_flags_parse(const char *s, slab_flags_t *out, const char **bad,
		     size_t *badlen);
int slab_flags_format(char *buf, size_t len, slab_flags_t flags);
extern const char *const slab_flag_names[]; /* NULL-terminated */

/* --- constants (include/linux/slab.h, x86-64) ------------------------- */

#define ARCH_KMALLOC_MINALIGN 8
#define ARCH_SLAB_MINALIGN 8
#define KMALLOC_SHIFT_LOW 3
#define KMALLOC_MIN_SIZE 8
#define KMALLOC_SHIFT_HIGH (KM_PAGE_SHIFT + 1)
#define KMALLOC_MAX_CACHE_SIZE (1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_SHIFT_MAX (MAX_PAGE_ORDER + KM_PAGE_SHIFT)
#define KMALLOC_MAX_SIZE (1UL << KMALLOC_SHIFT_MAX)
#define KMALLOC_MAX_ORDER (KMALLOC_SHIFT_MAX - KM_PAGE_SHIFT)
#define ZERO_SIZE_PTR 16UL
#define ZERO_OR_NULL_PTR(x) ((unsigned long)(x) <= ZERO_SIZE_PTR)
#define SLAB_OBJ_MIN_SIZE 8
#define KM_CACHE_LINE_SIZE 64
#define OO_SHIFT 16
#define OO_MASK ((1u << OO_SHIFT) - 1)
#define MAX_OBJS_PER_PAGE 32767
#define MIN_PARTIAL 5
#define MAX_PARTIAL 10
#define SHRINK_PROMOTE_MAX 32

enum kmalloc_cache_type {
	KMALLOC_NORMAL,
	KMALLOC_RECLAIM,
	KMALLOC_DMA,
	KMALLOC_CGROUP,
	NR_KMALLOC_TYPES
};

/* mm/slub.c: enum stat_item (CONFIG_SLUB_STATS) */
enum stat_item {
	ALLOC_FASTPATH,
	ALLOC_SLOWPATH,
	FREE_FASTPATH,
	FREE_SLOWPATH,
	FREE_FROZEN,
	FREE_ADD_PARTIAL,
	FREE_REMOVE_PARTIAL,
	ALLOC_FROM_PARTIAL,
	ALLOC_SLAB,
	ALLOC_REFILL,
	ALLOC_NODE_MISMATCH,
	FREE_SLAB,
	CPUSLAB_FLUSH,
	DEACTIVATE_FULL,
	DEACTIVATE_EMPTY,
	DEACTIVATE_TO_HEAD,
	DEACTIVATE_TO_TAIL,
	DEACTIVATE_REMOTE_FREES,
	DEACTIVATE_BYPASS,
	ORDER_FALLBACK,
	CMPXCHG_DOUBLE_CPU_FAIL,
	CMPXCHG_DOUBLE_FAIL,
	CPU_PARTIAL_ALLOC,
	CPU_PARTIAL_FREE,
	CPU_PARTIAL_NODE,
	CPU_PARTIAL_DRAIN,
	NR_SLUB_STAT_ITEMS
};
extern const char *const slub_stat_names[NR_SLUB_STAT_ITEMS];

/* --- structures (mm/slab.h, mm/slub.c) -------------------------------- */

/* order in the high 16 bits, objects per slab in the low 16 */
struct kmem_cache_order_objects {
	unsigned int x;
};

struct kmem_cache_cpu {
	union {
		struct {
			unsigned long freelist; /* first free object */
			unsigned long tid;	/* += TID_STEP on change */
			struct page *slab;	/* the cpu slab (frozen) */
			struct page *partial;	/* cpu partial, by ->next */
			unsigned int stat[NR_SLUB_STAT_ITEMS];
		};
		/* kmemlab: a power of two, so that finding this CPU's in
		 * s->cpu_slab[] on every allocation is a shift */
		char stride_[256];
	};
};
_Static_assert(sizeof(struct kmem_cache_cpu) == 256,
	       "kmem_cache_cpu is 256 bytes");

/*
 * kmem_cache_node. The kernel keeps nr_slabs/total_objects and the full
 * list only with SLUB_DEBUG, and puts slabs on `full` only for
 * SLAB_STORE_USER caches. kmemlab keeps every full slab of every cache on
 * `full` (marked PG_full) so views can show it; the kernel's logic never
 * looks at this list, so behaviour is unchanged.
 */
struct kmem_cache_node {
	unsigned long nr_partial;
	struct list_head partial; /* slabs marked PG_workingset */
	long nr_slabs;
	long total_objects;
	struct list_head full; /* see above */
	unsigned long addr;    /* this struct's object in kmem_cache_node */
};

struct kmem_cache_args {
	unsigned int align;
	unsigned int useroffset;
	unsigned int usersize;
	unsigned int freeptr_offset;
	bool use_freeptr_offset;
	bool ctor; /* a constructor: kmemlab's fills KM_CTOR_PATTERN */
};

#define KM_CTOR_PATTERN 0xc7 /* what the simulated constructor writes */
#define KM_CACHE_NAME_LEN 64

struct kmem_cache {
	struct kmem_cache_cpu *cpu_slab; /* [m->nr_cpus] */
	slab_flags_t flags;
	unsigned long min_partial;
	unsigned int size;	  /* object + metadata: the stride */
	unsigned int object_size; /* what the user asked for */
	uint64_t reciprocal_size; /* ceil(2^32 / size): obj_to_index */
	unsigned int offset;	  /* free pointer offset */
	unsigned int cpu_partial; /* objects */
	unsigned int cpu_partial_slabs;
	struct kmem_cache_order_objects oo, min;
	gfp_t allocflags;
	int refcount; /* 1 + aliases; -1 = boot cache, unmergeable */
	bool ctor;
	unsigned int inuse; /* offset of the metadata */
	unsigned int align;
	unsigned int red_left_pad;
	char name[KM_CACHE_NAME_LEN];
	struct list_head list; /* on slub_state.slab_caches */
	unsigned long random;  /* freelist hardening key */
	unsigned int remote_node_defrag_ratio;
	unsigned int *random_seq; /* [oo_objects(oo)], byte offsets */
	unsigned int useroffset, usersize;
	struct kmem_cache_node *node[KM_MAX_NUMNODES];

	/* kmemlab */
	unsigned long addr; /* this struct's object in kmem_cache */
	char sysfs_name[KM_CACHE_NAME_LEN]; /* directory, "" if none */
	bool leaked; /* destroyed with objects: off the list */
};

/* A name in /sys/kernel/slab that is a symlink to a cache's directory. */
struct slab_alias {
	char name[KM_CACHE_NAME_LEN];
	struct kmem_cache *s;
};

enum slab_state { DOWN, PARTIAL, UP, FULL };

struct slub_state {
	struct list_head slab_caches; /* newest first */
	enum slab_state slab_state;
	struct kmem_cache *kmem_cache;
	struct kmem_cache *kmem_cache_node;
	struct kmem_cache
		*kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1];
	struct kmem_cache *kmem_buckets_cache;
	struct slab_alias *aliases;
	int nr_aliases, cap_aliases;
	unsigned long tid_step; /* TID_STEP */
	unsigned int slub_min_objects, slub_min_order, slub_max_order;
	bool slab_nomerge;
	/* init_on_alloc or init_on_free: allocations take their hooks */
	bool init_any;
	/* host-side allocation bitmap over all RAM, one bit per 8 bytes
	 * (the minimum object alignment), bit (addr - PAGE_OFFSET) >> 3: set
	 * while the object starting there is handed out. Catches double and
	 * bad frees without trusting simulated memory. 1/64 of RAM, touched
	 * only where slabs are. */
	uint64_t *allocmap;
	uintptr_t allocmap_bias; /* allocmap - (PAGE_OFFSET >> 9) words */
	/* leaked caches (destroyed with objects), kept for the checker */
	struct list_head leaked;
	/* the cache that served the last allocation (NULL: page/none) */
	struct kmem_cache *last_cache;
	/* the EV_CALL event the hot paths hand to the sink: all zero but
	 * type, and func and cpu set per call (sinks copy what they keep);
	 * obj_ev likewise for their object events (slub_object_event) */
	struct mm_event call_ev, obj_ev;
	/* slab_debug= (cfg.slub_debug) as setup_slub_debug() leaves it */
	slab_flags_t slub_debug;	 /* flags for every cache */
	const char *slub_debug_string;	 /* blocks naming caches, or NULL */
	bool disable_higher_order_debug; /* the 'O' letter */
	/* struct track's addr: a token for each distinct m->caller, so a
	 * report can say "Allocated in repl:12" (host-side, rebuilt by
	 * replay like everything else) */
	char **track_callers;
	unsigned int nr_track_callers, cap_track_callers;
	unsigned long debug_errors; /* slab_bug/slab_err reports printed */
};

/* --- slab_debug (include/linux/poison.h, mm/slub.c) -------------------- */

#define POISON_INUSE 0x5a      /* padding, never-initialised slab memory */
#define POISON_FREE 0x6b       /* the body of a free object */
#define POISON_END 0xa5	       /* its last byte */
#define SLUB_RED_INACTIVE 0xbb /* red zones of a free object */
#define SLUB_RED_ACTIVE 0xcc   /* red zones of an allocated object */
/* DEBUG_DEFAULT_FLAGS: what "slab_debug" with no letters turns on */
#define DEBUG_DEFAULT_FLAGS                                                    \
	(SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON |               \
	 SLAB_STORE_USER)
#define DEBUG_METADATA_FLAGS (SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER)

/*
 * struct track (mm/slub.c, CONFIG_STACKDEPOT=y): addr 8, handle 4, cpu 4,
 * pid 4, a hole of 4, when 8 = 32 bytes; the alloc track then the free
 * track sit at get_info_end(s).
 */
#define KM_TRACK_SIZE 32
enum track_item { TRACK_ALLOC, TRACK_FREE };
struct km_track {
	unsigned long addr; /* a caller token (track_callers) or 0 */
	unsigned int handle;
	int cpu;
	int pid;
	unsigned long when; /* jiffies: commands since boot */
};
/* The decoded track of an object of a SLAB_STORE_USER cache (views). */
void get_track_info(struct machine *m, struct kmem_cache *s,
		    unsigned long object, enum track_item which,
		    struct km_track *t, const char **caller);

/* The free pointer is outside the object (mm/slub.c) */
static inline bool freeptr_outside_object(const struct kmem_cache *s)
{
	return s->offset >= s->inuse;
}
/* mm/slub.c: get_info_end(): where the tracks begin */
static inline unsigned int get_info_end(const struct kmem_cache *s)
{
	return freeptr_outside_object(s) ? s->inuse + 8 : s->inuse;
}
/* mm/slub.c: slub_debug_orig_size(): kmalloc caches with U keep the
 * requested size after the tracks */
static inline bool slub_debug_orig_size(const struct kmem_cache *s)
{
	return (s->flags & SLAB_STORE_USER) && (s->flags & SLAB_KMALLOC);
}

/*
 * validate_slab_cache() (the sysfs validate file, slub_kunit): flush, then
 * check every node-partial slab (and full ones with SLAB_STORE_USER), its
 * free chain and every object; reports go to the kernel log, repairs are
 * made as the kernel makes them. Returns the slabs checked; *errors (if
 * not NULL) gets the number of reports.
 */
long validate_slab_cache(struct machine *m, struct kmem_cache *s, long *errors);
/* Reports printed by slab_debug since boot (a kunit-style error count). */
unsigned long slub_debug_errors(struct machine *m);

/* --- boot and checks --------------------------------------------------- */

/* Boot: kmem_cache, kmem_cache_node and the kmalloc caches. */
void kmem_cache_init(struct machine *m);
void slub_destroy(struct machine *m);
/* SLUB invariants (mm_check calls it). */
int slab_check(struct machine *m, char *buf, size_t len);

/*
 * /sys/kernel/slab below the directory: "" lists the directories (caches
 * and alias links), "kmalloc-64" lists its attributes, "kmalloc-64/order"
 * reads one. -ENOENT for no such file.
 */
int slub_sysfs_read(struct machine *m, const char *rel, struct seq_buf *s);
int slub_sysfs_write(struct machine *m, const char *rel, const char *value);
int slub_sysfs_list(struct machine *m, const char *rel, struct seq_buf *s);

/* --- the API (kernel names, machine first) ---------------------------- */

/*
 * kmem_cache_create: NULL on failure with the kernel's
 * "__kmem_cache_create_args(NAME) failed with error N" in the log; *err
 * (if not NULL) gets -EINVAL (bad size, flags, freeptr_offset) or -EEXIST
 * (an unmergeable cache whose sysfs directory name is taken).
 */
struct kmem_cache *kmem_cache_create(struct machine *m, const char *name,
				     unsigned int size, unsigned int align,
				     slab_flags_t flags, bool has_ctor,
				     unsigned int useroffset,
				     unsigned int usersize);
struct kmem_cache *__kmem_cache_create_args(struct machine *m, const char *name,
					    unsigned int object_size,
					    struct kmem_cache_args *args,
					    slab_flags_t flags, int *err);
void kmem_cache_destroy(struct machine *m, struct kmem_cache *s);
int kmem_cache_shrink(struct machine *m, struct kmem_cache *s);
/* By cache name or alias name; NULL if none. */
struct kmem_cache *kmem_cache_find_by_name(struct machine *m, const char *name);

unsigned long kmem_cache_alloc(struct machine *m, struct kmem_cache *s,
			       gfp_t gfp);
unsigned long kmem_cache_alloc_node(struct machine *m, struct kmem_cache *s,
				    gfp_t gfp, int node);
unsigned long kmem_cache_zalloc(struct machine *m, struct kmem_cache *s,
				gfp_t gfp);
/* Returns 0, or -EINVAL when the free was refused as a bug (reported). */
int kmem_cache_free(struct machine *m, struct kmem_cache *s, unsigned long x);

unsigned long kmalloc(struct machine *m, size_t size, gfp_t gfp);
unsigned long kmalloc_node(struct machine *m, size_t size, gfp_t gfp, int node);
unsigned long kzalloc(struct machine *m, size_t size, gfp_t gfp);
unsigned long kcalloc(struct machine *m, size_t n, size_t size, gfp_t gfp);
unsigned long krealloc(struct machine *m, unsigned long p, size_t new_size,
		       gfp_t gfp);
size_t ksize(struct machine *m, unsigned long p);
size_t kmalloc_size_roundup(struct machine *m, size_t size);
int kfree(struct machine *m, unsigned long x);

/* The cache of kmalloc(size, gfp): NULL for 0 or > 8 KiB. */
struct kmem_cache *kmalloc_slab(struct machine *m, size_t size, gfp_t gfp);

/* mm/slab_common.c: kmalloc_size_index[], element k covers 8k+1..8k+8 */
extern const uint8_t kmalloc_size_index[24];

/* include/linux/slab.h: kmalloc_type() */
static inline enum kmalloc_cache_type kmalloc_type(gfp_t flags)
{
	if (!(flags & (__GFP_RECLAIMABLE | __GFP_DMA | __GFP_ACCOUNT)))
		return KMALLOC_NORMAL;
	if (flags & __GFP_DMA)
		return KMALLOC_DMA;
	if (flags & __GFP_RECLAIMABLE)
		return KMALLOC_RECLAIM;
	return KMALLOC_CGROUP;
}
unsigned int kmalloc_index(size_t size);
/* The cache that served the last allocation (NULL: large, none). */
struct kmem_cache *slub_last_cache(struct machine *m);

/* --- geometry helpers (exported for tests and views) ------------------ */

unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
				 unsigned int size);
static inline unsigned int oo_order(struct kmem_cache_order_objects x)
{
	return x.x >> OO_SHIFT;
}
static inline unsigned int oo_objects(struct kmem_cache_order_objects x)
{
	return x.x & OO_MASK;
}
static inline bool kmem_cache_debug(const struct kmem_cache *s)
{
	return (s->flags & SLAB_DEBUG_FLAGS) != 0;
}
static inline bool kmem_cache_has_cpu_partial(const struct kmem_cache *s)
{
	return !kmem_cache_debug(s);
}
/* slab_unmergeable() of mm/slab_common.c */
int slab_unmergeable(struct machine *m, struct kmem_cache *s);
/* ":a-0000048" for a mergeable cache (create_unique_id) */
void create_unique_id(struct kmem_cache *s, char *buf, size_t len);

/* --- read-only visitors for views ------------------------------------- */

#define for_each_kmem_cache(m, s)                                              \
	list_for_each_entry (s, &(m)->slub->slab_caches, list)

static inline unsigned long slab_address(const struct machine *m,
					 const struct page *slab)
{
	return page_address(m, slab);
}
/* Kernel address of object i of a slab. */
static inline unsigned long slab_obj_addr(const struct machine *m,
					  const struct kmem_cache *s,
					  const struct page *slab,
					  unsigned int i)
{
	return slab_address(m, slab) + (unsigned long)i * s->size +
	       s->red_left_pad;
}
/* The slab holding a direct-map address, NULL if it is not in a slab. */
struct page *virt_to_slab(struct machine *m, unsigned long addr);
/* Decoded next-free pointer stored in a free object. */
unsigned long get_freepointer(struct machine *m, const struct kmem_cache *s,
			      unsigned long object);
/* The next pointer of p on a free chain of slab, for walks outside SLUB
 * (snapshots, views); false, and nothing read, when p is no object SLUB
 * could follow in slab (a chain a learner corrupted). */
bool slab_chain_next(struct machine *m, struct page *slab, unsigned long p,
		     unsigned long *next);

/* Where a slab is (for views and the checker). */
enum slab_where {
	SLAB_ON_NONE, /* full and not tracked, or leaked */
	SLAB_CPU,     /* some CPU's cpu slab */
	SLAB_CPU_PARTIAL,
	SLAB_NODE_PARTIAL,
	SLAB_NODE_FULL,
};
extern const char *const slab_where_names[];

typedef void (*slab_visit_fn)(void *ctx, struct kmem_cache *s,
			      struct page *slab, enum slab_where where,
			      int cpu_or_node);
/* Every slab of a cache: each CPU's slab and partial list, then each
 * node's partial and full lists. */
void slub_for_each_slab(struct machine *m, struct kmem_cache *s,
			slab_visit_fn fn, void *ctx);

/* Describers the command layer prints (text into s, no printing). 0 or
 * -ENOENT / -EINVAL. */
int slub_show_cache(struct machine *m, const char *name, struct seq_buf *s);
int slub_show_slab(struct machine *m, unsigned long addr, struct seq_buf *s);
int slub_show_object(struct machine *m, unsigned long addr, struct seq_buf *s);

/* Counts of a cache as slabinfo shows them. */
struct slabinfo {
	unsigned long active_objs, num_objs, active_slabs, num_slabs;
	unsigned int objects_per_slab, cache_order;
};
void get_slabinfo(struct machine *m, struct kmem_cache *s,
		  struct slabinfo *info);

/* Internal: shared by slub.c and slab_common.c. */
int do_kmem_cache_create(struct machine *m, struct kmem_cache *s,
			 const char *name, unsigned int size,
			 struct kmem_cache_args *args, slab_flags_t flags);
int sysfs_slab_add(struct machine *m, struct kmem_cache *s);
int sysfs_slab_alias(struct machine *m, struct kmem_cache *s, const char *name);
void sysfs_slab_unlink(struct machine *m, struct kmem_cache *s);
int __kmem_cache_shutdown(struct machine *m, struct kmem_cache *s);
void __kmem_cache_release(struct machine *m, struct kmem_cache *s);
struct kmem_cache *kmem_cache_struct_alloc(struct machine *m);
void create_kmalloc_caches(struct machine *m);

/* Internal, slub_debug.c (the CONFIG_SLUB_DEBUG part of mm/slub.c). */
void setup_slub_debug(struct machine *m);
slab_flags_t kmem_cache_flags(struct machine *m, slab_flags_t flags,
			      const char *name);
void setup_slab_debug(struct machine *m, struct kmem_cache *s,
		      struct page *slab);
void setup_object_debug(struct machine *m, struct kmem_cache *s,
			unsigned long object);
bool alloc_debug_processing(struct machine *m, struct kmem_cache *s,
			    struct page *slab, unsigned long object,
			    unsigned int orig_size);
bool free_debug_processing(struct machine *m, struct kmem_cache *s,
			   struct page *slab, unsigned long object);
void set_track(struct machine *m, struct kmem_cache *s, unsigned long object,
	       enum track_item which);
void free_slab_debug_checks(struct machine *m, struct kmem_cache *s,
			    struct page *slab);
bool check_valid_pointer(struct machine *m, struct kmem_cache *s,
			 struct page *slab, unsigned long object);
void slab_fix(struct machine *m, struct kmem_cache *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void slab_err(struct machine *m, struct kmem_cache *s, struct page *slab,
	      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void object_err(struct machine *m, struct kmem_cache *s, struct page *slab,
		unsigned long object, const char *reason);
void slab_bug(struct machine *m, struct kmem_cache *s, const char *reason);
void __slab_err(struct machine *m, struct page *slab);
void print_tracking(struct machine *m, struct kmem_cache *s,
		    unsigned long object);
/* print_slab_info()'s flags=%pGp for a slab: "0x...(head|node=0|...)" */
void slab_page_flags(const struct machine *m, const struct page *slab,
		     char *buf, size_t len);
void slub_debug_destroy(struct machine *m);
/* slub.c for krealloc(): zero [p + new_size, p + ks), within p's slab */
void krealloc_zero_tail(struct machine *m, unsigned long p, size_t new_size,
			size_t ks);
/* the request stored after the tracks (kmalloc caches with U; else
 * object_size), for slab_post_alloc_hook() and slab_free_hook() */
unsigned long get_orig_size(struct machine *m, struct kmem_cache *s,
			    unsigned long object);
void set_orig_size(struct machine *m, struct kmem_cache *s,
		   unsigned long object, unsigned long orig_size);
/* slub.c for slub_debug.c: the raw free-pointer store and the objects a
 * broken chain lost (counted in use, as the kernel's repairs leave them) */
void set_freepointer_unchecked(struct machine *m, struct kmem_cache *s,
			       unsigned long object, unsigned long fp);
void slab_mark_lost_objects(struct machine *m, struct kmem_cache *s,
			    struct page *slab);
void flush_all(struct machine *m, struct kmem_cache *s);

#endif /* KMEMLAB_SLAB_H */
