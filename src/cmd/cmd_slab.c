// SPDX-License-Identifier: GPL-2.0-only
/*
 * SLUB commands: kmalloc and friends, kmem_cache_*, show cache|slab|object
 * (engine twins: mm/slub.c, mm/slab_common.c through
 * include/kmemlab/slab.h).
 *
 * A cache is named by its name, an alias name (merged caches), or a
 * variable holding the address kmem_cache_create printed (the cache's own
 * object in the kmem_cache cache, as a struct kmem_cache * would be).
 * Frees of bad pointers are not second-guessed here: the engine reports
 * them the kernel's way, and the command fails with that report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/slab.h"
#include "cmd_internal.h"

#define SIZE_MAX_ARG (~0UL) /* size_t on x86-64 */

/* The first EV_BUG of the running command, as the error. */
static int refused(struct session *ss, const char *what)
{
	for (size_t i = 0; i < ss->trace.nr_ev; i++)
		if (ss->trace.ev[i].type == EV_BUG && ss->trace.ev[i].text)
			return cmd_error(ss, "%s (see the kernel log)",
					 ss->trace.ev[i].text);
	return cmd_error(ss, "the kernel refused %s (see the kernel log)",
			 what);
}

/* --- caches ------------------------------------------------------------- */

static void suggest_cache(struct session *ss, char *buf, size_t len,
			  const char *word)
{
	struct kmem_cache *s;
	size_t n = 0, i = 0;
	const char **names;

	buf[0] = '\0';
	for_each_kmem_cache (ss->m, s)
		n++;
	names = malloc((n + 1) * sizeof(*names));
	if (!names)
		return;
	for_each_kmem_cache (ss->m, s)
		names[i++] = s->name;
	cmd_suggest(buf, len, word, names, i);
	free(names);
}

int cmd_arg_cache(struct session *ss, const char *arg, struct kmem_cache **out)
{
	struct kmem_cache *s = kmem_cache_find_by_name(ss->m, arg);
	const struct var *v;
	char hint[200];

	if (s) {
		*out = s;
		return 0;
	}
	/* a variable or number holding a cache's address */
	v = session_var(ss, arg[0] == '$' ? arg + 1 : arg);
	if (v || (arg[0] >= '0' && arg[0] <= '9')) {
		unsigned long a;

		if (cmd_arg_ulong(ss, arg, "CACHE", &a) < 0)
			return -1;
		for_each_kmem_cache (ss->m, s)
			if (s->addr == a) {
				*out = s;
				return 0;
			}
		return cmd_error(ss,
				 "CACHE: 0x%lx is not a live cache (expected "
				 "a cache name or what kmem_cache_create "
				 "returned)",
				 a);
	}
	suggest_cache(ss, hint, sizeof(hint), arg);
	return cmd_error(ss, "no cache named '%s'%s", arg,
			 hint[0] ? hint : " (ls /sys/kernel/slab lists them)");
}

static int arg_size(struct session *ss, const char *s, const char *what,
		    unsigned long *v)
{
	return cmd_arg_ulong(ss, s, what, v);
}

/* "0x... cache=kmalloc-64" / "0x... large order=2" / "0x10 ZERO_SIZE_PTR" */
int cmd_print_object(struct session *ss, unsigned long x)
{
	struct kmem_cache *s;
	const char *name;

	cmd_set_result(ss, x);
	if (!x) {
		out_puts(OUT(ss), "NULL\n");
		return 0;
	}
	if (x == ZERO_SIZE_PTR) {
		out_puts(OUT(ss), "0x10 ZERO_SIZE_PTR\n");
		return 0;
	}
	name = cmd_serving_cache(ss, x);
	s = name ? NULL : slub_last_cache(ss->m);
	if (s)
		name = s->name;
	if (name) {
		out_printf(OUT(ss), "0x%lx cache=%s\n", x, name);
		cmd_set_result_cache(ss, name);
	} else if (virt_addr_valid(ss->m, x)) {
		struct page *page = virt_to_page(ss->m, x);

		out_printf(OUT(ss), "0x%lx large order=%u pfn=0x%lx\n", x,
			   page->compound_order, page_to_pfn(ss->m, page));
	} else {
		out_printf(OUT(ss), "0x%lx\n", x);
	}
	return 0;
}

static int opt_gfp(struct session *ss, int argc, char **argv, int i, gfp_t *gfp)
{
	*gfp = GFP_KERNEL;
	return argc > i ? cmd_arg_gfp(ss, argv[i], gfp) : 0;
}

static int do_kmalloc(struct session *ss, int argc, char **argv)
{
	unsigned long size;
	gfp_t gfp;

	if (arg_size(ss, argv[1], "SIZE", &size) < 0 ||
	    opt_gfp(ss, argc, argv, 2, &gfp) < 0)
		return -1;
	return cmd_print_object(ss, kmalloc(ss->m, size, gfp));
}

static int do_kzalloc(struct session *ss, int argc, char **argv)
{
	unsigned long size;
	gfp_t gfp;

	if (arg_size(ss, argv[1], "SIZE", &size) < 0 ||
	    opt_gfp(ss, argc, argv, 2, &gfp) < 0)
		return -1;
	return cmd_print_object(ss, kzalloc(ss->m, size, gfp));
}

static int do_kcalloc(struct session *ss, int argc, char **argv)
{
	unsigned long n, size;
	gfp_t gfp;

	if (arg_size(ss, argv[1], "N", &n) < 0 ||
	    arg_size(ss, argv[2], "SIZE", &size) < 0 ||
	    opt_gfp(ss, argc, argv, 3, &gfp) < 0)
		return -1;
	return cmd_print_object(ss, kcalloc(ss->m, n, size, gfp));
}

static int do_kmalloc_node(struct session *ss, int argc, char **argv)
{
	unsigned long size;
	gfp_t gfp;
	int nid;

	(void)argc;
	if (arg_size(ss, argv[1], "SIZE", &size) < 0 ||
	    cmd_arg_gfp(ss, argv[2], &gfp) < 0 ||
	    cmd_arg_nid(ss, argv[3], &nid) < 0)
		return -1;
	return cmd_print_object(ss, kmalloc_node(ss->m, size, gfp, nid));
}

static int do_krealloc(struct session *ss, int argc, char **argv)
{
	unsigned long p, size;
	gfp_t gfp;

	if (cmd_arg_ulong(ss, argv[1], "P", &p) < 0 ||
	    arg_size(ss, argv[2], "SIZE", &size) < 0 ||
	    opt_gfp(ss, argc, argv, 3, &gfp) < 0)
		return -1;
	return cmd_print_object(ss, krealloc(ss->m, p, size, gfp));
}

static int do_ksize(struct session *ss, int argc, char **argv)
{
	unsigned long p;

	(void)argc;
	if (cmd_arg_ulong(ss, argv[1], "P", &p) < 0)
		return -1;
	out_printf(OUT(ss), "%zu\n", ksize(ss->m, p));
	return 0;
}

static int do_kmalloc_size_roundup(struct session *ss, int argc, char **argv)
{
	unsigned long size;

	(void)argc;
	if (arg_size(ss, argv[1], "SIZE", &size) < 0)
		return -1;
	out_printf(OUT(ss), "%zu\n", kmalloc_size_roundup(ss->m, size));
	return 0;
}

static int do_kfree(struct session *ss, int argc, char **argv)
{
	unsigned long p;

	(void)argc;
	if (cmd_arg_ulong(ss, argv[1], "P", &p) < 0)
		return -1;
	if (kfree(ss->m, p) < 0)
		return refused(ss, "the free");
	return 0;
}

/* kmem_cache_create NAME SIZE [align=N] [flags=A|B] [ctor]
 *                   [useroffset=N usersize=N] */
static int do_cache_create(struct session *ss, int argc, char **argv)
{
	struct kmem_cache_args args = {0};
	slab_flags_t flags = 0;
	unsigned long size, v;
	struct kmem_cache *s;
	int err = 0;

	if (strlen(argv[1]) >= KM_CACHE_NAME_LEN)
		return cmd_error(ss, "NAME is longer than %d characters",
				 KM_CACHE_NAME_LEN - 1);
	if (arg_size(ss, argv[2], "SIZE", &size) < 0)
		return -1;
	if (size > 0xffffffffUL)
		return cmd_error(
			ss, "SIZE must fit in an unsigned int, not %lu", size);
	for (int i = 3; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');
		size_t klen = eq ? (size_t)(eq - a) : strlen(a);

		if (!eq && !strcmp(a, "ctor")) {
			args.ctor = true;
			continue;
		}
		if (eq && klen == 5 && !strncmp(a, "flags", 5)) {
			const char *bad = NULL;
			size_t badlen = 0, n = 0;
			char word[64], hint[160];

			if (slab_flags_parse(eq + 1, &flags, &bad, &badlen) ==
			    0)
				continue;
			if (!bad) {
				bad = eq + 1;
				badlen = strlen(bad);
			}
			snprintf(word, sizeof(word), "%.*s", (int)badlen, bad);
			while (slab_flag_names[n])
				n++;
			cmd_suggest(hint, sizeof(hint), word, slab_flag_names,
				    n);
			return cmd_error(ss, "unknown slab flag '%s'%s", word,
					 hint[0] ? hint
						 : " (expected names like "
						   "SLAB_HWCACHE_ALIGN)");
		}
		if (eq && ((klen == 5 && !strncmp(a, "align", 5)) ||
			   (klen == 10 && !strncmp(a, "useroffset", 10)) ||
			   (klen == 8 && !strncmp(a, "usersize", 8)))) {
			char what[16];

			snprintf(what, sizeof(what), "%.*s", (int)klen, a);
			if (cmd_arg_ulong(ss, eq + 1, what, &v) < 0)
				return -1;
			if (v > 0xffffffffUL)
				return cmd_error(ss,
						 "%s must fit in an "
						 "unsigned int, not %lu",
						 what, v);
			if (what[0] == 'a')
				args.align = (unsigned int)v;
			else if (what[4] == 'o')
				args.useroffset = (unsigned int)v;
			else
				args.usersize = (unsigned int)v;
			continue;
		}
		return cmd_error(ss,
				 "unknown option '%s' (expected align=N, "
				 "flags=A|B, ctor, useroffset=N or usersize=N)",
				 a);
	}
	s = __kmem_cache_create_args(ss->m, argv[1], (unsigned int)size, &args,
				     flags, &err);
	if (!s)
		return cmd_error(ss,
				 "the kernel refused the cache (error %d; see "
				 "the kernel log)",
				 err);
	out_printf(OUT(ss),
		   "0x%lx %s object_size=%u size=%u align=%u order=%u "
		   "objects=%u",
		   s->addr, s->name, s->object_size, s->size, s->align,
		   oo_order(s->oo), oo_objects(s->oo));
	/* merged: the kernel hands back the existing cache */
	if (strcmp(s->name, argv[1]))
		out_printf(OUT(ss), " alias=%s", argv[1]);
	out_puts(OUT(ss), "\n");
	cmd_set_result(ss, s->addr);
	cmd_set_result_cache(ss, s->name);
	return 0;
}

static int do_kmem_cache_alloc(struct session *ss, int argc, char **argv)
{
	struct kmem_cache *s;
	gfp_t gfp;

	if (cmd_arg_cache(ss, argv[1], &s) < 0 ||
	    opt_gfp(ss, argc, argv, 2, &gfp) < 0)
		return -1;
	return cmd_print_object(ss, kmem_cache_alloc(ss->m, s, gfp));
}

static int do_kmem_cache_zalloc(struct session *ss, int argc, char **argv)
{
	struct kmem_cache *s;
	gfp_t gfp;

	if (cmd_arg_cache(ss, argv[1], &s) < 0 ||
	    opt_gfp(ss, argc, argv, 2, &gfp) < 0)
		return -1;
	return cmd_print_object(ss, kmem_cache_zalloc(ss->m, s, gfp));
}

static int do_kmem_cache_alloc_node(struct session *ss, int argc, char **argv)
{
	struct kmem_cache *s;
	gfp_t gfp;
	int nid;

	(void)argc;
	if (cmd_arg_cache(ss, argv[1], &s) < 0 ||
	    cmd_arg_gfp(ss, argv[2], &gfp) < 0 ||
	    cmd_arg_nid(ss, argv[3], &nid) < 0)
		return -1;
	return cmd_print_object(ss, kmem_cache_alloc_node(ss->m, s, gfp, nid));
}

static int do_kmem_cache_free(struct session *ss, int argc, char **argv)
{
	struct kmem_cache *s;
	unsigned long p;

	(void)argc;
	if (cmd_arg_cache(ss, argv[1], &s) < 0 ||
	    cmd_arg_ulong(ss, argv[2], "P", &p) < 0)
		return -1;
	if (kmem_cache_free(ss->m, s, p) < 0)
		return refused(ss, "the free");
	return 0;
}

static int do_kmem_cache_shrink(struct session *ss, int argc, char **argv)
{
	struct kmem_cache *s;

	(void)argc;
	if (cmd_arg_cache(ss, argv[1], &s) < 0)
		return -1;
	kmem_cache_shrink(ss->m, s);
	return 0;
}

static int do_kmem_cache_destroy(struct session *ss, int argc, char **argv)
{
	struct kmem_cache *s;

	(void)argc;
	if (cmd_arg_cache(ss, argv[1], &s) < 0)
		return -1;
	if (s->flags & SLAB_KMALLOC || s == ss->m->slub->kmem_cache ||
	    s == ss->m->slub->kmem_cache_node)
		return cmd_error(ss,
				 "%s is a boot cache of the kernel; only "
				 "caches made with kmem_cache_create can go",
				 s->name);
	kmem_cache_destroy(ss->m, s);
	return 0;
}

/* --- show ---------------------------------------------------------------- */

static int show_text(struct session *ss, int rc, struct seq_buf *s,
		     const char *fmt, const char *arg)
{
	if (rc == 0 && s->buf)
		out_write(OUT(ss), OUT_STDOUT, s->buf, s->len);
	seq_free(s);
	if (rc < 0)
		return cmd_error(ss, fmt, arg);
	return 0;
}

int cmd_show_slab_subject(struct session *ss, const char *what, const char *arg)
{
	struct seq_buf s;
	struct kmem_cache *c;
	unsigned long a;

	seq_init(&s);
	if (!strcmp(what, "cache")) {
		if (cmd_arg_cache(ss, arg, &c) < 0)
			return -1;
		return show_text(ss, slub_show_cache(ss->m, c->name, &s), &s,
				 "no cache named '%s'", arg);
	}
	if (cmd_arg_ulong(ss, arg, "ADDR", &a) < 0)
		return -1;
	if (!strcmp(what, "slab"))
		return show_text(ss, slub_show_slab(ss->m, a, &s), &s,
				 "%s is not an address inside a slab", arg);
	return show_text(ss, slub_show_object(ss->m, a, &s), &s,
			 "%s is not an address inside a slab object", arg);
}

// clang-format off
const struct command cmd_slab_table[] = {
	{ "kmalloc", do_kmalloc, 1, 2,
	  "kmalloc SIZE [GFP]",
	  "allocate SIZE bytes from the kmalloc caches",
	  "kmalloc_slab() picks the smallest kmalloc-N cache that fits SIZE "
	  "(kmalloc-96 and -192 included), then slab_alloc_node() takes the "
	  "first object of this CPU's freelist, or refills it in "
	  "___slab_alloc from the cpu slab, the cpu partial list, the node's "
	  "partial list or a new slab. Above 8 KiB the pages come straight "
	  "from the page allocator.",
	  "p = kmalloc 100 GFP_KERNEL",
	  GRP_KMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "kzalloc", do_kzalloc, 1, 2,
	  "kzalloc SIZE [GFP]",
	  "kmalloc with the object zeroed",
	  "kmalloc(size, gfp | __GFP_ZERO).",
	  "p = kzalloc 64",
	  GRP_KMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "kcalloc", do_kcalloc, 2, 3,
	  "kcalloc N SIZE [GFP]",
	  "allocate a zeroed array of N elements of SIZE bytes",
	  "kmalloc_array with __GFP_ZERO: NULL when N * SIZE overflows.",
	  "a = kcalloc 16 8",
	  GRP_KMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "kmalloc_node", do_kmalloc_node, 3, 3,
	  "kmalloc_node SIZE GFP NID",
	  "kmalloc preferring node NID (kernel argument order)",
	  "The object comes from a slab of node NID when one has room; "
	  "-1 means any node.",
	  "p = kmalloc_node 64 GFP_KERNEL 0",
	  GRP_KMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "krealloc", do_krealloc, 2, 3,
	  "krealloc P SIZE [GFP]",
	  "resize a kmalloc object, moving it when it no longer fits",
	  "Keeps P when ksize(P) already holds SIZE, else allocates, copies "
	  "and frees the old object; SIZE 0 frees P and returns "
	  "ZERO_SIZE_PTR.",
	  "p = kmalloc 100; p = krealloc p 300",
	  GRP_KMALLOC, CMD_MUTATES | CMD_RESULT },
	{ "ksize", do_ksize, 1, 1,
	  "ksize P",
	  "print how many bytes the object at P can really hold",
	  "The object size of P's cache (kmalloc-128 for kmalloc 100), or "
	  "the size of a large kmalloc's pages.",
	  "p = kmalloc 100; ksize p",
	  GRP_KMALLOC, 0 },
	{ "kmalloc_size_roundup", do_kmalloc_size_roundup, 1, 1,
	  "kmalloc_size_roundup SIZE",
	  "print the size kmalloc(SIZE) would really give",
	  "The object size of the kmalloc cache SIZE lands in, or the page "
	  "size of a large kmalloc; allocates nothing.",
	  "kmalloc_size_roundup 100",
	  GRP_KMALLOC, 0 },
	{ "kfree", do_kfree, 1, 1,
	  "kfree P",
	  "free a kmalloc object (NULL does nothing)",
	  "slab_free() puts the object at the head of this CPU's freelist "
	  "when its slab is the cpu slab, else __slab_free() links it into "
	  "its slab's own freelist and may move the slab between lists. A "
	  "double or invalid free is reported as SLUB does.",
	  "p = kmalloc 64; kfree p",
	  GRP_KMALLOC, CMD_MUTATES },
	{ "kmem_cache_create", do_cache_create, 2, 7,
	  "kmem_cache_create NAME SIZE [align=N] [flags=A|B] [ctor] "
	  "[useroffset=N usersize=N]",
	  "create a slab cache (it may merge with a compatible one)",
	  "Computes the object layout (alignment, free pointer, debug "
	  "metadata) and the slab order, or returns an existing mergeable "
	  "cache of the same geometry under an alias. Prints the cache's "
	  "address, name and geometry.",
	  "c = kmem_cache_create dentry 192 align=8 flags=SLAB_HWCACHE_ALIGN",
	  GRP_CACHES, CMD_MUTATES | CMD_RESULT },
	{ "kmem_cache_alloc", do_kmem_cache_alloc, 1, 2,
	  "kmem_cache_alloc CACHE [GFP]",
	  "allocate an object from a cache",
	  "The same fast and slow paths as kmalloc, on a cache of your own.",
	  "o = kmem_cache_alloc kmalloc-64",
	  GRP_CACHES, CMD_MUTATES | CMD_RESULT },
	{ "kmem_cache_zalloc", do_kmem_cache_zalloc, 1, 2,
	  "kmem_cache_zalloc CACHE [GFP]",
	  "allocate a zeroed object from a cache",
	  "kmem_cache_alloc with __GFP_ZERO.",
	  "o = kmem_cache_zalloc kmalloc-64",
	  GRP_CACHES, CMD_MUTATES | CMD_RESULT },
	{ "kmem_cache_alloc_node", do_kmem_cache_alloc_node, 3, 3,
	  "kmem_cache_alloc_node CACHE GFP NID",
	  "allocate an object from a cache, preferring node NID",
	  "A cpu slab of another node is deactivated when the object must "
	  "come from NID.",
	  "o = kmem_cache_alloc_node kmalloc-64 GFP_KERNEL 0",
	  GRP_CACHES, CMD_MUTATES | CMD_RESULT },
	{ "kmem_cache_free", do_kmem_cache_free, 2, 2,
	  "kmem_cache_free CACHE P",
	  "free an object to its cache",
	  "Like kfree, but the cache is named; an object of another cache "
	  "is the kernel's \"Wrong slab cache\" report.",
	  "o = kmem_cache_alloc kmalloc-64; kmem_cache_free kmalloc-64 o",
	  GRP_CACHES, CMD_MUTATES },
	{ "kmem_cache_shrink", do_kmem_cache_shrink, 1, 1,
	  "kmem_cache_shrink CACHE",
	  "flush the CPU slabs and give empty slabs back to the page allocator",
	  "Flushes every CPU's slab and partial list to the node, sorts the "
	  "node's partial list by free objects and discards the empty slabs.",
	  "kmem_cache_shrink kmalloc-64",
	  GRP_CACHES, CMD_MUTATES },
	{ "kmem_cache_destroy", do_kmem_cache_destroy, 1, 1,
	  "kmem_cache_destroy CACHE",
	  "destroy a cache made by kmem_cache_create",
	  "Drops a reference (merged caches share one); the last one frees "
	  "every slab. Objects still allocated are reported and leak, as in "
	  "the kernel.",
	  "c = kmem_cache_create foo 100; kmem_cache_destroy foo",
	  GRP_CACHES, CMD_MUTATES },
	{ NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, 0 },
};
// clang-format on
