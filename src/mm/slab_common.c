// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cache creation and merging, the kmalloc cache table, ksize/krealloc and
 * /proc/slabinfo (twin: mm/slab_common.c, with kmalloc_slab() of
 * mm/slab.h).
 *
 * Decisions where the kernel is silent or config-dependent:
 * - size 0 or > KMALLOC_MAX_SIZE is -EINVAL (the kernel without
 *   DEBUG_VM would divide by zero on 0);
 * - a duplicate name is allowed with the DEBUG_VM warning, as the kernel
 *   does; an unmergeable duplicate then fails in sysfs with -EEXIST
 *   (kobject_add's "cannot create duplicate filename"), exactly as there.
 * Left out: kmem_buckets_create (only the kmalloc_buckets cache exists),
 * random kmalloc caches, memcg accounting, kvfree_rcu.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"
#include "internal.h"

/* --- flag names ---------------------------------------------------------- */

static const struct {
	const char *name;
	slab_flags_t flag;
} slab_flag_table[] = {
	{"SLAB_CONSISTENCY_CHECKS", SLAB_CONSISTENCY_CHECKS},
	{"SLAB_RED_ZONE", SLAB_RED_ZONE},
	{"SLAB_POISON", SLAB_POISON},
	{"SLAB_KMALLOC", SLAB_KMALLOC},
	{"SLAB_HWCACHE_ALIGN", SLAB_HWCACHE_ALIGN},
	{"SLAB_CACHE_DMA", SLAB_CACHE_DMA},
	{"SLAB_CACHE_DMA32", SLAB_CACHE_DMA32},
	{"SLAB_STORE_USER", SLAB_STORE_USER},
	{"SLAB_PANIC", SLAB_PANIC},
	{"SLAB_TYPESAFE_BY_RCU", SLAB_TYPESAFE_BY_RCU},
	{"SLAB_TRACE", SLAB_TRACE},
	{"SLAB_NOLEAKTRACE", SLAB_NOLEAKTRACE},
	{"SLAB_NO_MERGE", SLAB_NO_MERGE},
	{"SLAB_FAILSLAB", SLAB_FAILSLAB},
	{"SLAB_ACCOUNT", SLAB_ACCOUNT},
	{"SLAB_NO_USER_FLAGS", SLAB_NO_USER_FLAGS},
	{"SLAB_SKIP_KFENCE", SLAB_SKIP_KFENCE},
	{"SLAB_RECLAIM_ACCOUNT", SLAB_RECLAIM_ACCOUNT},
	{"SLAB_TEMPORARY", SLAB_TEMPORARY}, /* alias: parsed, not printed */
	{"__OBJECT_POISON", __OBJECT_POISON},
	{"__CMPXCHG_DOUBLE", __CMPXCHG_DOUBLE},
	{"SLAB_NO_OBJ_EXT", SLAB_NO_OBJ_EXT},
};

const char *const slab_flag_names[] = {
	"SLAB_CONSISTENCY_CHECKS",
	"SLAB_RED_ZONE",
	"SLAB_POISON",
	"SLAB_KMALLOC",
	"SLAB_HWCACHE_ALIGN",
	"SLAB_CACHE_DMA",
	"SLAB_CACHE_DMA32",
	"SLAB_STORE_USER",
	"SLAB_PANIC",
	"SLAB_TYPESAFE_BY_RCU",
	"SLAB_TRACE",
	"SLAB_NOLEAKTRACE",
	"SLAB_NO_MERGE",
	"SLAB_FAILSLAB",
	"SLAB_ACCOUNT",
	"SLAB_NO_USER_FLAGS",
	"SLAB_SKIP_KFENCE",
	"SLAB_RECLAIM_ACCOUNT",
	"SLAB_TEMPORARY",
	"SLAB_NO_OBJ_EXT",
	NULL,
};

int slab_flags_parse(const char *s, slab_flags_t *out, const char **bad,
		     size_t *badlen)
{
	slab_flags_t flags = 0;

	while (*s) {
		size_t n = strcspn(s, "|");
		char *end;

		while (n && (*s == ' ')) {
			s++;
			n--;
		}
		size_t len = n;
		while (len && s[len - 1] == ' ')
			len--;
		unsigned long v = strtoul(s, &end, 0);

		if (len && end == s + len) {
			flags |= (slab_flags_t)v;
		} else {
			size_t i;

			for (i = 0; i < ARRAY_SIZE(slab_flag_table); i++)
				if (strlen(slab_flag_table[i].name) == len &&
				    !strncmp(s, slab_flag_table[i].name, len))
					break;
			if (i == ARRAY_SIZE(slab_flag_table) || !len) {
				*bad = s;
				*badlen = len;
				return -1;
			}
			flags |= slab_flag_table[i].flag;
		}
		s += n;
		if (*s == '|')
			s++;
	}
	*out = flags;
	return 0;
}

int slab_flags_format(char *buf, size_t len, slab_flags_t flags)
{
	size_t at = 0;
	int first = 1;

	if (len)
		buf[0] = '\0';
#define PUT(str)                                                               \
	do {                                                                   \
		int __n = snprintf(at < len ? buf + at : NULL,                 \
				   at < len ? len - at : 0, "%s", str);        \
		at += (size_t)__n;                                             \
	} while (0)
	if (!flags) {
		PUT("0");
		return (int)at;
	}
	for (size_t i = 0; i < ARRAY_SIZE(slab_flag_table); i++) {
		slab_flags_t f = slab_flag_table[i].flag;

		if (!f || !(flags & f) ||
		    !strcmp(slab_flag_table[i].name, "SLAB_TEMPORARY"))
			continue;
		if (!first)
			PUT("|");
		PUT(slab_flag_table[i].name);
		flags &= ~f;
		first = 0;
	}
	if (flags) {
		char num[16];

		snprintf(num, sizeof(num), "%#x", flags);
		if (!first)
			PUT("|");
		PUT(num);
	}
#undef PUT
	return (int)at;
}

/* --- alignment and merging ------------------------------------------------ */

/* mm/slab_common.c: calculate_alignment() */
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
				 unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = KM_CACHE_LINE_SIZE;

		/* small objects share a line rather than each take one */
		while (size <= ralign / 2)
			ralign /= 2;
		align = max(align, ralign);
	}
	align = max(align, (unsigned int)ARCH_SLAB_MINALIGN);
	return ALIGN(align, 8u);
}

/* mm/slab_common.c: slab_unmergeable() */
int slab_unmergeable(struct machine *m, struct kmem_cache *s)
{
	if (m->slub->slab_nomerge || (s->flags & SLAB_NEVER_MERGE))
		return 1;
	if (s->ctor)
		return 1;
	if (s->usersize) /* HARDENED_USERCOPY */
		return 1;
	if (s->refcount < 0) /* boot caches */
		return 1;
	return 0;
}

/* mm/slab_common.c: find_mergeable(); oldest cache first */
static struct kmem_cache *find_mergeable(struct machine *m, unsigned int size,
					 slab_flags_t flags, const char *name,
					 struct kmem_cache_args *args)
{
	struct kmem_cache *s;
	unsigned int align;

	mm_call(m, "find_mergeable");
	if (m->slub->slab_nomerge || args->ctor || args->usersize)
		return NULL;
	/* slab_debug= on this name makes it unmergeable */
	flags = kmem_cache_flags(m, flags, name);
	if (flags & SLAB_NEVER_MERGE)
		return NULL;
	size = ALIGN(size, 8u);
	align = calculate_alignment(flags, args->align, size);
	size = ALIGN(size, align);

	list_for_each_entry_reverse (s, &m->slub->slab_caches, list) {
		if (slab_unmergeable(m, s))
			continue;
		if (size > s->size)
			continue;
		if ((flags & SLAB_MERGE_SAME) != (s->flags & SLAB_MERGE_SAME))
			continue;
		if ((s->size & ~(align - 1)) != s->size)
			continue;
		if (s->size - size >= 8)
			continue;
		return s;
	}
	return NULL;
}

/* mm/slab_common.c: __kmem_cache_alias() */
static struct kmem_cache *
__kmem_cache_alias(struct machine *m, const char *name, unsigned int size,
		   slab_flags_t flags, struct kmem_cache_args *args)
{
	struct kmem_cache *s;

	mm_call(m, "__kmem_cache_alias");
	s = find_mergeable(m, size, flags, name, args);
	if (!s)
		return NULL;
	if (sysfs_slab_alias(m, s, name))
		return NULL;
	s->refcount++;
	/* kzalloc of the alias must clear its whole object */
	s->object_size = max(s->object_size, size);
	s->inuse = max(s->inuse, ALIGN(size, 8u));
	MM_EVENT(m, .type = EV_CACHE_MERGE, .func = "__kmem_cache_alias",
		 .cache = s->name, .text = name, .n = s->refcount - 1);
	return s;
}

struct kmem_cache *kmem_cache_find_by_name(struct machine *m, const char *name)
{
	struct kmem_cache *s;

	for_each_kmem_cache (m, s)
		if (!strcmp(s->name, name))
			return s;
	for (int i = 0; i < m->slub->nr_aliases; i++)
		if (!strcmp(m->slub->aliases[i].name, name))
			return m->slub->aliases[i].s;
	return NULL;
}

/* mm/slab_common.c: create_cache() */
static struct kmem_cache *create_cache(struct machine *m, const char *name,
				       unsigned int object_size,
				       struct kmem_cache_args *args,
				       slab_flags_t flags, int *errp)
{
	struct kmem_cache *s;
	int err;

	mm_call(m, "create_cache");
	if (args->useroffset + args->usersize > object_size)
		args->useroffset = args->usersize = 0;
	if (args->use_freeptr_offset &&
	    (args->freeptr_offset >= object_size ||
	     !(flags & SLAB_TYPESAFE_BY_RCU) ||
	     !IS_ALIGNED(args->freeptr_offset, 8u))) {
		*errp = -EINVAL;
		return NULL;
	}
	s = kmem_cache_struct_alloc(m);
	if (!s) {
		*errp = -ENOMEM;
		return NULL;
	}
	err = do_kmem_cache_create(m, s, name, object_size, args, flags);
	if (err) {
		__kmem_cache_release(m, s);
		*errp = err;
		return NULL;
	}
	s->refcount = 1;
	list_add(&s->list, &m->slub->slab_caches);
	return s;
}

struct kmem_cache *__kmem_cache_create_args(struct machine *m, const char *name,
					    unsigned int object_size,
					    struct kmem_cache_args *args,
					    slab_flags_t flags, int *errp)
{
	struct kmem_cache *s = NULL;
	int err = 0;

	mm_call(m, "__kmem_cache_create_args");
	if (!name || !*name || strlen(name) >= KM_CACHE_NAME_LEN ||
	    strchr(name, '/') || object_size == 0 ||
	    object_size > KMALLOC_MAX_SIZE) {
		mm_printk(m, LOGLEVEL_ERR,
			  "kmem_cache_create(%s) integrity check failed",
			  name ? name : "(null)");
		err = -EINVAL;
		goto out;
	}
	if (kmem_cache_find_by_name(m, name))
		mm_printk(m, LOGLEVEL_WARNING,
			  "kmem_cache of name '%s' already exists", name);
	if (flags & ~SLAB_FLAGS_PERMITTED) {
		err = -EINVAL;
		goto out;
	}
	flags &= CACHE_CREATE_MASK;
	/* fail closed on a bad usercopy region */
	if ((!args->usersize && args->useroffset) ||
	    object_size < args->usersize ||
	    object_size - args->usersize < args->useroffset)
		args->usersize = args->useroffset = 0;

	s = __kmem_cache_alias(m, name, object_size, flags, args);
	if (s)
		goto out;
	args->align = calculate_alignment(flags, args->align, object_size);
	s = create_cache(m, name, object_size, args, flags, &err);
out:
	if (err) {
		mm_printk(m, LOGLEVEL_WARNING,
			  "__kmem_cache_create_args(%s) failed with error %d",
			  name ? name : "(null)", err);
		s = NULL;
	}
	if (errp)
		*errp = err;
	return s;
}

struct kmem_cache *kmem_cache_create(struct machine *m, const char *name,
				     unsigned int size, unsigned int align,
				     slab_flags_t flags, bool has_ctor,
				     unsigned int useroffset,
				     unsigned int usersize)
{
	struct kmem_cache_args args = {
		.align = align,
		.useroffset = useroffset,
		.usersize = usersize,
		.ctor = has_ctor,
	};

	mm_call(m, "kmem_cache_create");
	return __kmem_cache_create_args(m, name, size, &args, flags, NULL);
}

/* mm/slab_common.c: kmem_cache_destroy() */
void kmem_cache_destroy(struct machine *m, struct kmem_cache *s)
{
	int err;

	mm_call(m, "kmem_cache_destroy");
	if (!s)
		return;
	/* The kernel has no guard here: destroying a boot cache that
	 * kmalloc still points at is a use-after-free waiting to happen.
	 * kmemlab refuses, so the machine stays sound. */
	if ((s->flags & SLAB_KMALLOC) || s->refcount < 0 ||
	    s == m->slub->kmem_buckets_cache) {
		mm_printk(m, LOGLEVEL_WARNING,
			  "kmem_cache_destroy %s: a boot cache, not destroyed "
			  "(kmalloc and the slab allocator itself use it)",
			  s->name);
		MM_EVENT(m, .type = EV_BUG, .func = "kmem_cache_destroy",
			 .cache = s->name, .text = "boot cache");
		return;
	}
	s->refcount--;
	if (s->refcount) {
		/* an alias went away: the cache stays (its link does too, as
		 * in the kernel, which never removes alias symlinks) */
		return;
	}
	err = __kmem_cache_shutdown(m, s);
	if (err) {
		mm_printk(m, LOGLEVEL_WARNING,
			  "WARNING: kmem_cache_destroy %s: Slab cache still "
			  "has objects when called from %s",
			  s->name, m->caller);
		mm_add_taint(m, TAINT_WARN);
		/* leaked: off the cache list and out of sysfs, memory kept */
		list_del(&s->list);
		list_add(&s->list, &m->slub->leaked);
		s->leaked = true;
		sysfs_slab_unlink(m, s);
		MM_EVENT(m, .type = EV_CACHE_DESTROY,
			 .func = "kmem_cache_destroy", .cache = s->name,
			 .text = "leaked", .n = 1);
		return;
	}
	list_del(&s->list);
	sysfs_slab_unlink(m, s);
	MM_EVENT(m, .type = EV_CACHE_DESTROY, .func = "kmem_cache_destroy",
		 .cache = s->name);
	__kmem_cache_release(m, s);
}

/* --- the kmalloc caches ----------------------------------------------------
 */

/* mm/slab_common.c: kmalloc_info[] names by index (1 = 96, 2 = 192) */
static const char *const kmalloc_size_names[KMALLOC_SHIFT_HIGH + 1] = {
	NULL,  "96",  "192", "8",  "16", "32", "64",
	"128", "256", "512", "1k", "2k", "4k", "8k",
};
static const unsigned int kmalloc_sizes[KMALLOC_SHIFT_HIGH + 1] = {
	0, 96, 192, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192,
};
static const char *const kmalloc_type_prefix[NR_KMALLOC_TYPES] = {
	"kmalloc-",
	"kmalloc-rcl-",
	"dma-kmalloc-",
	"kmalloc-cg-",
};

const uint8_t kmalloc_size_index[24] = {
	3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2,
};

/* include/linux/slab.h: __kmalloc_index(), for sizes up to 8 KiB */
unsigned int kmalloc_index(size_t size)
{
	if (!size)
		return 0;
	if (size <= 192)
		return kmalloc_size_index[(size - 1) / 8];
	return (unsigned int)fls64(size - 1);
}

/* mm/slab.h: kmalloc_slab() */
struct kmem_cache *kmalloc_slab(struct machine *m, size_t size, gfp_t gfp)
{
	unsigned int index;

	if (size == 0 || size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	if (size <= 192)
		index = kmalloc_size_index[(size - 1) / 8];
	else
		index = (unsigned int)fls64(size - 1);
	return m->slub->kmalloc_caches[kmalloc_type(gfp)][index];
}

/* mm/slab_common.c: create_kmalloc_cache() via create_boot_cache() */
static struct kmem_cache *create_kmalloc_cache(struct machine *m,
					       const char *name,
					       unsigned int size,
					       slab_flags_t flags)
{
	struct kmem_cache *s = kmem_cache_struct_alloc(m);
	struct kmem_cache_args args = {.usersize = size};
	unsigned int align = ARCH_KMALLOC_MINALIGN;

	KM_BUG_ON(!s);
	/* kmalloc caches: the largest power of two dividing the size */
	if (size && (size & (size - 1)) == 0)
		align = max(align, size);
	else if (size)
		align = max(align, 1u << (__builtin_ffs((int)size) - 1));
	args.align = calculate_alignment(flags, align, size);
	KM_BUG_ON(do_kmem_cache_create(m, s, name, size, &args,
				       flags | SLAB_KMALLOC));
	list_add(&s->list, &m->slub->slab_caches);
	s->refcount = 1;
	return s;
}

/* mm/slab_common.c: new_kmalloc_cache() */
static void new_kmalloc_cache(struct machine *m, int idx,
			      enum kmalloc_cache_type type)
{
	slab_flags_t flags = 0;
	char name[KM_CACHE_NAME_LEN];

	if (type == KMALLOC_RECLAIM)
		flags |= SLAB_RECLAIM_ACCOUNT;
	else if (type == KMALLOC_CGROUP)
		flags |= SLAB_ACCOUNT;
	else if (type == KMALLOC_DMA)
		flags |= SLAB_CACHE_DMA;
	if (type == KMALLOC_NORMAL) /* CONFIG_MEMCG */
		flags |= SLAB_NO_MERGE;
	snprintf(name, sizeof(name), "%s%s", kmalloc_type_prefix[type],
		 kmalloc_size_names[idx]);
	m->slub->kmalloc_caches[type][idx] =
		create_kmalloc_cache(m, name, kmalloc_sizes[idx], flags);
}

/* mm/slab_common.c: create_kmalloc_caches() */
void create_kmalloc_caches(struct machine *m)
{
	mm_call(m, "create_kmalloc_caches");
	for (int type = KMALLOC_NORMAL; type < NR_KMALLOC_TYPES; type++) {
		new_kmalloc_cache(m, 1, type);
		new_kmalloc_cache(m, 2, type);
		for (int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++)
			new_kmalloc_cache(m, i, type);
	}
	m->slub->slab_state = UP;
	/* CONFIG_SLAB_BUCKETS: sizeof(kmem_buckets) = 14 pointers */
	m->slub->kmem_buckets_cache = kmem_cache_create(
		m, "kmalloc_buckets", 112, 0, SLAB_NO_MERGE, false, 0, 0);
}

/* --- ksize, krealloc, kcalloc ----------------------------------------------
 */

/* mm/slab_common.c: kmalloc_size_roundup() */
size_t kmalloc_size_roundup(struct machine *m, size_t size)
{
	if (size && size <= KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_slab(m, size, GFP_KERNEL)->object_size;
	if (size && size <= KMALLOC_MAX_SIZE)
		return KM_PAGE_SIZE << get_order(size);
	return size;
}

unsigned long kzalloc(struct machine *m, size_t size, gfp_t gfp)
{
	mm_call(m, "kzalloc");
	return kmalloc(m, size, gfp | __GFP_ZERO);
}

/* include/linux/slab.h: kmalloc_array() behind kcalloc() */
unsigned long kcalloc(struct machine *m, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	mm_call(m, "kcalloc");
	if (__builtin_mul_overflow(n, size, &bytes)) {
		m->slub->last_cache = NULL;
		return 0;
	}
	return kmalloc(m, bytes, gfp | __GFP_ZERO);
}

/* mm/slab_common.c: krealloc() and __do_krealloc() (6.12) */
unsigned long krealloc(struct machine *m, unsigned long p, size_t new_size,
		       gfp_t gfp)
{
	unsigned long ret;
	size_t ks = 0;

	mm_call(m, "krealloc");
	if (!new_size) {
		kfree(m, p);
		m->slub->last_cache = NULL;
		return ZERO_SIZE_PTR;
	}
	if (!ZERO_OR_NULL_PTR(p)) {
		ks = ksize(m, p);
		if (!ks) /* not a live object: ksize reported it */
			return 0;
	}
	if (ks >= new_size) {
		struct page *slab = virt_to_slab(m, p);

		if (want_init_on_alloc(m, gfp))
			krealloc_zero_tail(m, p, new_size, ks);
		m->slub->last_cache = slab ? slab->slab_cache : NULL;
		return p;
	}
	ret = kmalloc(m, new_size, gfp);
	if (ret && p && !ZERO_OR_NULL_PTR(p)) {
		struct kmem_cache *served = m->slub->last_cache;

		memcpy(km_ptr(m, ret), km_ptr(m, p), ks);
		kfree(m, p);
		m->slub->last_cache = served;
	}
	return ret;
}

struct kmem_cache *slub_last_cache(struct machine *m)
{
	return m->slub ? m->slub->last_cache : NULL;
}

/* --- /proc/slabinfo
 * ----------------------------------------------------------- */

/* mm/slab_common.c: print_slabinfo_header(), cache_show() */
void slabinfo_show(struct machine *m, struct seq_buf *s)
{
	struct kmem_cache *c;

	seq_puts(s, "slabinfo - version: 2.1\n");
	seq_puts(s, "# name            <active_objs> <num_objs> <objsize> "
		    "<objperslab> <pagesperslab> : tunables <limit> "
		    "<batchcount> <sharedfactor> : slabdata <active_slabs> "
		    "<num_slabs> <sharedavail>\n");
	if (!m->slub)
		return;
	for_each_kmem_cache (m, c) {
		struct slabinfo info;

		get_slabinfo(m, c, &info);
		seq_printf(s, "%-17s %6lu %6lu %6u %4u %4d", c->name,
			   info.active_objs, info.num_objs, c->size,
			   info.objects_per_slab, 1 << info.cache_order);
		seq_printf(s, " : tunables %4u %4u %4u", 0u, 0u, 0u);
		seq_printf(s, " : slabdata %6lu %6lu %6lu\n", info.active_slabs,
			   info.num_slabs, 0UL);
	}
}
