// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_debug (twin: the CONFIG_SLUB_DEBUG part of mm/slub.c, 6.12.y):
 * the boot option and kmem_cache_flags(), red zones and poison written by
 * init_object(), alloc/free tracks, the consistency checks on alloc and
 * free, validate_slab_cache(), and the reports (slab_bug, slab_err,
 * object_err, print_trailer, check_bytes_and_report, slab_fix).
 *
 * Object layout of a debug cache (offsets from the start of its stride):
 *   [left red zone: red_left_pad][object: object_size][right red zone up
 *   to inuse][free pointer, if outside][alloc track 32][free track 32]
 *   [orig_size 8, kmalloc caches with U][padding 0x5a up to size]
 * e.g. kmalloc-64 with FZPU: 64 red zone, object at +64, right red zone
 * +128..+136, free pointer +136, tracks +144..+208, orig_size +208,
 * padding +216..+256.
 *
 * Report text follows the 6.12.y tree this project reads (6.12.46+):
 * "[Right Redzone overwritten] 0x..-0x.. @offset=N. First byte 0x.. instead
 * of 0x.." first, then the "Object corrupt" header and trailer. With
 * slab_debug on, the kernel forces no_hash_pointers, so every %p here is
 * the raw address.
 *
 * Left out: stack traces of the tracks (STACKDEPOT records; the caller is
 * m->caller, "repl:12"), the register dump and call trace of WARN_ON, the
 * debugfs alloc_traces/free_traces files, SLAB_FAILSLAB.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/slab.h"
#include "internal.h"

/* --- the boot option (setup_slub_debug, parse_slub_debug_flags) --------- */

/*
 * One ';'-separated block of slab_debug= letters: *flags gets them (or
 * DEBUG_DEFAULT_FLAGS when the block starts with ','), *slabs the start of
 * its cache list or NULL. Returns the next block or NULL.
 */
static const char *parse_slub_debug_flags(struct machine *m, const char *str,
					  slab_flags_t *flags,
					  const char **slabs, bool init)
{
	bool higher_order_disable = false;

	while (*str == ';')
		str++;
	if (*str == ',') {
		*flags = DEBUG_DEFAULT_FLAGS;
		goto check_slabs;
	}
	*flags = 0;
	for (; *str && *str != ',' && *str != ';'; str++) {
		switch (tolower((unsigned char)*str)) {
		case '-':
			*flags = 0;
			break;
		case 'f':
			*flags |= SLAB_CONSISTENCY_CHECKS;
			break;
		case 'z':
			*flags |= SLAB_RED_ZONE;
			break;
		case 'p':
			*flags |= SLAB_POISON;
			break;
		case 'u':
			*flags |= SLAB_STORE_USER;
			break;
		case 't':
			*flags |= SLAB_TRACE;
			break;
		case 'a':
			*flags |= SLAB_FAILSLAB;
			break;
		case 'o':
			higher_order_disable = true;
			break;
		default:
			if (init)
				mm_printk(m, LOGLEVEL_ERR,
					  "slab_debug option '%c' unknown. "
					  "skipped",
					  *str);
		}
	}
check_slabs:
	*slabs = *str == ',' ? ++str : NULL;
	while (*str && *str != ';')
		str++;
	while (*str == ';')
		str++;
	if (init && higher_order_disable)
		m->slub->disable_higher_order_debug = true;
	return *str ? str : NULL;
}

/* The no_hash_pointers notice that slab_debug forces (lib/vsprintf.c) */
static void no_hash_pointers_enable(struct machine *m)
{
	static const char *const lines[] = {
		"**********************************************************",
		"**   NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE   **",
		"**                                                      **",
		"** This system shows unhashed kernel memory addresses   **",
		"** via the console, logs, and other interfaces. This    **",
		"** might reduce the security of your system.            **",
		"**                                                      **",
		"** If you see this message and you are not debugging    **",
		"** the kernel, report this immediately to your system   **",
		"** administrator!                                       **",
		"**                                                      **",
		"**   NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE NOTICE   **",
		"**********************************************************",
	};

	for (size_t i = 0; i < ARRAY_SIZE(lines); i++)
		mm_printk(m, LOGLEVEL_WARNING, "%s", lines[i]);
}

/*
 * mm/slub.c: setup_slub_debug() for "slab_debug=<cfg.slub_debug>". An
 * empty string is no option at all. A single block naming caches leaves
 * the global flags off.
 */
void setup_slub_debug(struct machine *m)
{
	struct slub_state *ss = m->slub;
	const char *str = m->cfg.slub_debug, *slab_list;
	slab_flags_t flags, global_flags = DEBUG_DEFAULT_FLAGS;
	bool global_changed = false, list_specified = false;

	ss->slub_debug = 0;
	ss->slub_debug_string = NULL;
	if (!*str)
		return;
	for (const char *p = str; p;) {
		p = parse_slub_debug_flags(m, p, &flags, &slab_list, true);
		if (!slab_list) {
			global_flags = flags;
			global_changed = true;
		} else {
			list_specified = true;
		}
	}
	if (list_specified) {
		if (!global_changed)
			global_flags = 0; /* CONFIG_SLUB_DEBUG_ON=n */
		ss->slub_debug_string = str;
	}
	ss->slub_debug = global_flags;
	/* mm/slub.c kmem_cache_init(): __slub_debug_enabled() */
	if (ss->slub_debug || ss->slub_debug_string)
		no_hash_pointers_enable(m);
}

/* mm/slub.c: kmem_cache_flags(): the slab_debug flags a cache named name
 * gets on top of its own */
slab_flags_t kmem_cache_flags(struct machine *m, slab_flags_t flags,
			      const char *name)
{
	struct slub_state *ss = m->slub;
	slab_flags_t local = ss->slub_debug, block_flags;
	const char *next_block = ss->slub_debug_string, *iter;
	size_t len = strlen(name);

	if (flags & SLAB_NO_USER_FLAGS)
		return flags;
	if (flags & SLAB_NOLEAKTRACE)
		local &= ~SLAB_STORE_USER;
	while (next_block) {
		next_block = parse_slub_debug_flags(m, next_block, &block_flags,
						    &iter, false);
		if (!iter)
			continue;
		while (*iter) {
			const char *end = strchr(iter, ',');
			const char *glob;
			size_t cmplen;

			if (!end)
				end = iter + strlen(iter);
			if (next_block && next_block < end)
				end = next_block - 1;
			glob = memchr(iter, '*', (size_t)(end - iter));
			if (glob)
				cmplen = (size_t)(glob - iter);
			else
				cmplen = max(len, (size_t)(end - iter));
			/* strncmp over cmplen: a longer list entry or name
			 * differs at the NUL or the ',' */
			if (!strncmp(name, iter, cmplen) ||
			    (!glob && len == (size_t)(end - iter) &&
			     !strncmp(name, iter, len)))
				return flags | block_flags;
			if (!*end || *end == ';')
				break;
			iter = end + 1;
		}
	}
	return flags | local;
}

/* --- tracks ----------------------------------------------------------------
 */

/* Kernel text addresses stand for callers: token i is this address. */
#define TRACK_TOKEN_BASE 0xffffffff81000000UL
#define TRACK_TOKEN_STEP 0x40UL

static unsigned long caller_token(struct machine *m, const char *caller)
{
	struct slub_state *ss = m->slub;
	unsigned int i;

	for (i = ss->nr_track_callers; i-- > 0;)
		if (!strcmp(ss->track_callers[i], caller))
			return TRACK_TOKEN_BASE + i * TRACK_TOKEN_STEP;
	if (ss->nr_track_callers == ss->cap_track_callers) {
		unsigned int cap =
			ss->cap_track_callers ? ss->cap_track_callers * 2 : 64;
		char **v = realloc(ss->track_callers, cap * sizeof(*v));

		if (!v)
			return TRACK_TOKEN_BASE; /* token 0 or a blank addr */
		ss->track_callers = v;
		ss->cap_track_callers = cap;
	}
	ss->track_callers[ss->nr_track_callers] = strdup(caller);
	if (!ss->track_callers[ss->nr_track_callers])
		return 0;
	return TRACK_TOKEN_BASE + ss->nr_track_callers++ * TRACK_TOKEN_STEP;
}

static const char *token_caller(struct machine *m, unsigned long addr)
{
	struct slub_state *ss = m->slub;
	unsigned long i;

	if (addr < TRACK_TOKEN_BASE ||
	    (addr - TRACK_TOKEN_BASE) % TRACK_TOKEN_STEP)
		return NULL;
	i = (addr - TRACK_TOKEN_BASE) / TRACK_TOKEN_STEP;
	return i < ss->nr_track_callers ? ss->track_callers[i] : NULL;
}

void slub_debug_destroy(struct machine *m)
{
	struct slub_state *ss = m->slub;

	for (unsigned int i = 0; i < ss->nr_track_callers; i++)
		free(ss->track_callers[i]);
	free(ss->track_callers);
	ss->track_callers = NULL;
	ss->nr_track_callers = ss->cap_track_callers = 0;
}

static unsigned long track_addr(const struct kmem_cache *s,
				unsigned long object, enum track_item which)
{
	return object + get_info_end(s) + (unsigned long)which * KM_TRACK_SIZE;
}

static void read_track(struct machine *m, const struct kmem_cache *s,
		       unsigned long object, enum track_item which,
		       struct km_track *t)
{
	const unsigned char *p = km_ptr(m, track_addr(s, object, which));

	memcpy(&t->addr, p, 8);
	memcpy(&t->handle, p + 8, 4);
	memcpy(&t->cpu, p + 12, 4);
	memcpy(&t->pid, p + 16, 4);
	memcpy(&t->when, p + 24, 8);
}

void get_track_info(struct machine *m, struct kmem_cache *s,
		    unsigned long object, enum track_item which,
		    struct km_track *t, const char **caller)
{
	read_track(m, s, object, which, t);
	*caller = token_caller(m, t->addr);
}

/* mm/slub.c: set_track() -> set_track_update(); the caller is m->caller */
void set_track(struct machine *m, struct kmem_cache *s, unsigned long object,
	       enum track_item which)
{
	unsigned char *p = km_ptr(m, track_addr(s, object, which));
	unsigned long addr = caller_token(m, m->caller);
	unsigned int handle =
		(unsigned int)((addr - TRACK_TOKEN_BASE) / TRACK_TOKEN_STEP) +
		1;
	int cpu = m->cur_cpu, pid = 1;

	memcpy(p, &addr, 8);
	memcpy(p + 8, &handle, 4);
	memcpy(p + 12, &cpu, 4);
	memcpy(p + 16, &pid, 4);
	memcpy(p + 24, &m->jiffies, 8);
}

static void init_tracking(struct machine *m, struct kmem_cache *s,
			  unsigned long object)
{
	if (!(s->flags & SLAB_STORE_USER))
		return;
	memset(km_ptr(m, track_addr(s, object, TRACK_ALLOC)), 0,
	       2 * KM_TRACK_SIZE);
}

static void print_track(struct machine *m, const char *what,
			const struct km_track *t, unsigned long pr_time)
{
	const char *caller;

	if (!t->addr)
		return;
	caller = token_caller(m, t->addr);
	if (caller)
		mm_printk(m, LOGLEVEL_ERR, "%s in %s age=%lu cpu=%u pid=%d",
			  what, caller, pr_time - t->when, (unsigned int)t->cpu,
			  t->pid);
	else /* a track a learner overwrote: %pS of an unknown address */
		mm_printk(m, LOGLEVEL_ERR, "%s in 0x%lx age=%lu cpu=%u pid=%d",
			  what, t->addr, pr_time - t->when,
			  (unsigned int)t->cpu, t->pid);
}

void print_tracking(struct machine *m, struct kmem_cache *s,
		    unsigned long object)
{
	struct km_track t;

	if (!(s->flags & SLAB_STORE_USER))
		return;
	read_track(m, s, object, TRACK_ALLOC, &t);
	print_track(m, "Allocated", &t, m->jiffies);
	read_track(m, s, object, TRACK_FREE, &t);
	print_track(m, "Freed", &t, m->jiffies);
}

/* orig_size after the tracks (kmalloc caches with U) */
static unsigned long orig_size_addr(const struct kmem_cache *s,
				    unsigned long object)
{
	return object + get_info_end(s) + 2 * KM_TRACK_SIZE;
}

void set_orig_size(struct machine *m, struct kmem_cache *s,
		   unsigned long object, unsigned long orig_size)
{
	if (!slub_debug_orig_size(s))
		return;
	memcpy(km_ptr(m, orig_size_addr(s, object)), &orig_size, 8);
}

unsigned long get_orig_size(struct machine *m, struct kmem_cache *s,
			    unsigned long object)
{
	unsigned long v;

	if (!slub_debug_orig_size(s))
		return s->object_size;
	memcpy(&v, km_ptr(m, orig_size_addr(s, object)), 8);
	/* a learner may have overwritten it: keep the red zone in the
	 * object, as a kernel reading a sane value would */
	return v > s->object_size ? s->object_size : v;
}

/* --- printing --------------------------------------------------------------
 */

/* print_hex_dump(DUMP_PREFIX_ADDRESS, rowsize 16, groupsize 1, ascii) */
static void print_section(struct machine *m, int level, const char *text,
			  unsigned long addr, unsigned int length)
{
	for (unsigned int i = 0; i < length; i += 16) {
		unsigned int n = length - i < 16 ? length - i : 16;
		const unsigned char *p = km_ptr(m, addr + i);
		char line[80];
		int lx = 0;

		for (unsigned int j = 0; j < n; j++)
			lx += snprintf(line + lx, sizeof(line) - (size_t)lx,
				       "%02x ", p[j]);
		lx--;		/* no space after the last byte */
		while (lx < 49) /* ascii_column = 16 * 2 + 16 + 1 */
			line[lx++] = ' ';
		for (unsigned int j = 0; j < n; j++)
			line[lx++] =
				p[j] >= 0x20 && p[j] < 0x7f ? (char)p[j] : '.';
		line[lx] = '\0';
		mm_printk(m, level, "%s%016lx: %s", text, addr + i, line);
	}
}

/*
 * %pGp of a slab's page->flags. In 6.12 "slab" is a page type, not a
 * flag, so an order-0 slab prints no name; the word is laid out as the
 * buddy allocator's dump_page() lays it out (node, zone, last_cpupid).
 */
void slab_page_flags(const struct machine *m, const struct page *slab,
		     char *buf, size_t len)
{
	unsigned long v = 0;
	int nid = page_to_nid(m, slab), zid = (int)page_zone(m, slab)->idx;
	size_t at = 0;

	/* pageflag_names order: active, workingset, head */
	if (PageFlag(slab, PG_active)) {
		v |= 1UL << 8;
		at += (size_t)snprintf(buf + at, len - at, "active|");
	}
	if (PageFlag(slab, PG_workingset)) {
		v |= 1UL << 9;
		at += (size_t)snprintf(buf + at, len - at, "workingset|");
	}
	if (slab->compound_order) {
		v |= 1UL << 6;
		at += (size_t)snprintf(buf + at, len - at, "head|");
	}
	v |= (unsigned long)nid << 54 | (unsigned long)zid << 52 |
	     0x1fffffUL << 31;
	if (at >= len)
		at = len - 1;
	char names[128];

	snprintf(names, sizeof(names),
		 "%.*snode=%d|zone=%d|lastcpupid=0x1fffff", (int)at, buf, nid,
		 zid);
	snprintf(buf, len, "%#lx(%s)", v, names);
}

static void print_slab_info(struct machine *m, const struct page *slab)
{
	char flags[160];

	slab_page_flags(m, slab, flags, sizeof(flags));
	mm_printk(m, LOGLEVEL_ERR,
		  "Slab 0x%016lx objects=%u used=%u fp=0x%016lx flags=%s",
		  page_vmemmap_addr(m, slab), slab->objects, slab->inuse,
		  slab->freelist, flags);
}

/* The kunit error count of slab_add_kunit_errors() */
static void count_error(struct machine *m)
{
	m->slub->debug_errors++;
}

unsigned long slub_debug_errors(struct machine *m)
{
	return m->slub ? m->slub->debug_errors : 0;
}

void slab_bug(struct machine *m, struct kmem_cache *s, const char *reason)
{
	char taint[64];

	mm_print_tainted(m, taint, sizeof(taint));
	mm_printk(m, LOGLEVEL_ERR,
		  "============================================================"
		  "=================");
	mm_printk(m, LOGLEVEL_ERR, "BUG %s (%s): %s", s ? s->name : "<unknown>",
		  taint, reason);
	/* "-----...\n\n": the dashes, then an empty line */
	mm_printk(m, LOGLEVEL_ERR,
		  "------------------------------------------------------------"
		  "-----------------\n\n");
	MM_EVENT(m, .type = EV_BUG, .func = "slab_bug",
		 .cache = s ? s->name : NULL, .text = reason);
}

/* WARN_ON(1) in mm/slub.c at line (object_err 1127, __slab_err 1152) */
static void slub_warn(struct machine *m, int line, const char *func)
{
	char taint[64];

	mm_printk(m, LOGLEVEL_WARNING, "------------[ cut here ]------------");
	mm_printk(m, LOGLEVEL_WARNING,
		  "WARNING: CPU: %d PID: 1 at mm/slub.c:%d %s", m->cur_cpu,
		  line, func);
	mm_printk(m, LOGLEVEL_WARNING, "Modules linked in:");
	mm_printk(m, LOGLEVEL_WARNING,
		  "CPU: %d UID: 0 PID: 1 Comm: kmemlab %s 6.12.0-kmemlab #1",
		  m->cur_cpu, mm_print_tainted(m, taint, sizeof(taint)));
	mm_printk(m, LOGLEVEL_WARNING, "---[ end trace 0000000000000000 ]---");
	mm_add_taint(m, TAINT_WARN);
}

void slab_fix(struct machine *m, struct kmem_cache *s, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	count_error(m);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	mm_printk(m, LOGLEVEL_ERR, "FIX %s: %s", s->name, buf);
}

void __slab_err(struct machine *m, struct page *slab)
{
	print_slab_info(m, slab);
	mm_add_taint(m, TAINT_BAD_PAGE);
	slub_warn(m, 1152, "__slab_err");
}

void slab_err(struct machine *m, struct kmem_cache *s, struct page *slab,
	      const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	count_error(m);
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	slab_bug(m, s, buf);
	__slab_err(m, slab);
}

/* mm/slub.c: size_from_object(): the stride without the left red zone */
static unsigned int size_from_object(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RED_ZONE) ? s->size - s->red_left_pad : s->size;
}

bool check_valid_pointer(struct machine *m, struct kmem_cache *s,
			 struct page *slab, unsigned long object)
{
	unsigned long base;

	if (!object)
		return true;
	base = slab_address(m, slab);
	if (s->flags & SLAB_RED_ZONE)
		object -= s->red_left_pad;
	return !(object < base ||
		 object >= base + (unsigned long)slab->objects * s->size ||
		 (object - base) % s->size);
}

static void print_trailer(struct machine *m, struct kmem_cache *s,
			  struct page *slab, unsigned long p)
{
	unsigned long addr = slab_address(m, slab);
	unsigned int off;

	print_tracking(m, s, p);
	print_slab_info(m, slab);
	mm_printk(m, LOGLEVEL_ERR,
		  "Object 0x%016lx @offset=%lu fp=0x%016lx\n\n", p, p - addr,
		  get_freepointer(m, s, p));
	if (s->flags & SLAB_RED_ZONE)
		print_section(m, LOGLEVEL_ERR, "Redzone  ", p - s->red_left_pad,
			      s->red_left_pad);
	else if (p > addr + 16)
		print_section(m, LOGLEVEL_ERR, "Bytes b4 ", p - 16, 16);
	print_section(m, LOGLEVEL_ERR, "Object   ", p,
		      min(s->object_size, (unsigned int)KM_PAGE_SIZE));
	if (s->flags & SLAB_RED_ZONE)
		print_section(m, LOGLEVEL_ERR, "Redzone  ", p + s->object_size,
			      s->inuse - s->object_size);
	off = get_info_end(s);
	if (s->flags & SLAB_STORE_USER)
		off += 2 * KM_TRACK_SIZE;
	if (slub_debug_orig_size(s))
		off += 8;
	if (off != size_from_object(s)) /* the filler starts at the fp */
		print_section(m, LOGLEVEL_ERR, "Padding  ", p + off,
			      size_from_object(s) - off);
}

static void __object_err(struct machine *m, struct kmem_cache *s,
			 struct page *slab, unsigned long object,
			 const char *reason)
{
	slab_bug(m, s, reason);
	if (!object || !check_valid_pointer(m, s, slab, object)) {
		print_slab_info(m, slab);
		mm_printk(m, LOGLEVEL_ERR, "Invalid pointer 0x%016lx", object);
	} else {
		print_trailer(m, s, slab, object);
	}
	mm_add_taint(m, TAINT_BAD_PAGE);
	slub_warn(m, 1127, "object_err");
}

void object_err(struct machine *m, struct kmem_cache *s, struct page *slab,
		unsigned long object, const char *reason)
{
	count_error(m);
	__object_err(m, s, slab, object, reason);
}

/* --- writing and checking the debug bytes --------------------------------- */

/* mm/slub.c: init_object(): red zones and poison for state val */
static void init_object(struct machine *m, struct kmem_cache *s,
			unsigned long object, unsigned char val)
{
	unsigned char *p = km_ptr(m, object);
	unsigned int poison_size = s->object_size;

	if (s->flags & SLAB_RED_ZONE) {
		memset(p - s->red_left_pad, val, s->red_left_pad);
		/* kmalloc's unused tail is red zone while allocated */
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE)
			poison_size = (unsigned int)get_orig_size(m, s, object);
	}
	if ((s->flags & __OBJECT_POISON) && poison_size) {
		memset(p, POISON_FREE, poison_size - 1);
		p[poison_size - 1] = POISON_END;
	}
	if (s->flags & SLAB_RED_ZONE)
		memset(p + poison_size, val, s->inuse - poison_size);
}

/* mm/slub.c: check_bytes_and_report(): 1 if [start, start + bytes) all
 * hold value, else report the damaged run, restore it and return 0 */
static int check_bytes_and_report(struct machine *m, struct kmem_cache *s,
				  struct page *slab, unsigned long object,
				  const char *what, unsigned long start,
				  unsigned char value, unsigned int bytes,
				  bool slab_obj_print)
{
	const unsigned char *p = km_ptr(m, start);
	unsigned int i, end;

	for (i = 0; i < bytes && p[i] == value; i++)
		;
	if (i == bytes)
		return 1;
	end = bytes;
	while (end > i && p[end - 1] == value)
		end--;
	count_error(m);
	mm_printk(m, LOGLEVEL_ERR,
		  "[%s overwritten] 0x%016lx-0x%016lx @offset=%lu. First byte "
		  "0x%x instead of 0x%x",
		  what, start + i, start + end - 1,
		  start + i - slab_address(m, slab), p[i], value);
	if (slab_obj_print)
		__object_err(m, s, slab, object, "Object corrupt");
	/* restore_bytes() */
	slab_fix(m, s, "Restoring %s 0x%016lx-0x%016lx=0x%x", what, start + i,
		 start + end - 1, value);
	memset(km_ptr(m, start + i), value, end - i);
	return 0;
}

static int check_pad_bytes(struct machine *m, struct kmem_cache *s,
			   struct page *slab, unsigned long p)
{
	unsigned long off = get_info_end(s);

	if (s->flags & SLAB_STORE_USER) {
		off += 2 * KM_TRACK_SIZE;
		if (s->flags & SLAB_KMALLOC)
			off += 8;
	}
	if (size_from_object(s) == off)
		return 1;
	return check_bytes_and_report(
		m, s, slab, p, "Object padding", p + off, POISON_INUSE,
		(unsigned int)(size_from_object(s) - off), true);
}

/* mm/slub.c: slab_pad_check(): the slab's tail after the last object */
static void slab_pad_check(struct machine *m, struct kmem_cache *s,
			   struct page *slab)
{
	unsigned long start = slab_address(m, slab);
	unsigned long length = KM_PAGE_SIZE << slab->compound_order;
	unsigned long remainder = length % s->size, pad, fault, end;
	const unsigned char *p;

	if (!(s->flags & SLAB_POISON) || !remainder)
		return;
	pad = start + length - remainder;
	p = km_ptr(m, pad);
	for (fault = 0; fault < remainder && p[fault] == POISON_INUSE; fault++)
		;
	if (fault == remainder)
		return;
	end = remainder;
	while (end > fault && p[end - 1] == POISON_INUSE)
		end--;
	char reason[160];

	snprintf(reason, sizeof(reason),
		 "Padding overwritten. 0x%016lx-0x%016lx @offset=%lu",
		 pad + fault, pad + end - 1, pad + fault - start);
	slab_bug(m, s, reason);
	print_section(m, LOGLEVEL_ERR, "Padding ", pad,
		      (unsigned int)remainder);
	__slab_err(m, slab);
	slab_fix(m, s, "Restoring %s 0x%016lx-0x%016lx=0x%x", "slab padding",
		 pad + fault, pad + end - 1, POISON_INUSE);
	memset(km_ptr(m, pad + fault), POISON_INUSE, end - fault);
}

/* mm/slub.c: check_object() against state val (0xbb free, 0xcc in use) */
static int check_object(struct machine *m, struct kmem_cache *s,
			struct page *slab, unsigned long object,
			unsigned char val)
{
	unsigned long p = object, endobject = object + s->object_size;
	int ret = 1;

	if (s->flags & SLAB_RED_ZONE) {
		if (!check_bytes_and_report(m, s, slab, object, "Left Redzone",
					    object - s->red_left_pad, val,
					    s->red_left_pad, ret))
			ret = 0;
		if (!check_bytes_and_report(m, s, slab, object, "Right Redzone",
					    endobject, val,
					    s->inuse - s->object_size, ret))
			ret = 0;
		if (slub_debug_orig_size(s) && val == SLUB_RED_ACTIVE) {
			unsigned long orig_size = get_orig_size(m, s, object);

			if (s->object_size > orig_size &&
			    !check_bytes_and_report(
				    m, s, slab, object, "kmalloc Redzone",
				    p + orig_size, val,
				    (unsigned int)(s->object_size - orig_size),
				    ret))
				ret = 0;
		}
	} else if ((s->flags & SLAB_POISON) && s->object_size < s->inuse) {
		if (!check_bytes_and_report(m, s, slab, p, "Alignment padding",
					    endobject, POISON_INUSE,
					    s->inuse - s->object_size, ret))
			ret = 0;
	}
	if (s->flags & SLAB_POISON) {
		if (val != SLUB_RED_ACTIVE && (s->flags & __OBJECT_POISON)) {
			if (s->object_size > 1 &&
			    !check_bytes_and_report(m, s, slab, p, "Poison", p,
						    POISON_FREE,
						    s->object_size - 1, ret))
				ret = 0;
			if (!check_bytes_and_report(m, s, slab, p, "End Poison",
						    p + s->object_size - 1,
						    POISON_END, 1, ret))
				ret = 0;
		}
		if (!check_pad_bytes(m, s, slab, p))
			ret = 0;
	}
	/* an allocated object's pointer may be its data, unless outside */
	if ((freeptr_outside_object(s) || val != SLUB_RED_ACTIVE) &&
	    !check_valid_pointer(m, s, slab, get_freepointer(m, s, p))) {
		object_err(m, s, slab, p, "Freepointer corrupt");
		/* zap it: the rest of the chain is lost (counted in use) */
		set_freepointer_unchecked(m, s, p, 0);
		ret = 0;
	}
	return ret;
}

/* mm/slub.c: check_slab() */
static int check_slab(struct machine *m, struct kmem_cache *s,
		      struct page *slab)
{
	unsigned int maxobj;

	if (!PageSlab(slab)) {
		slab_err(m, s, slab, "Not a valid slab page");
		return 0;
	}
	maxobj = (unsigned int)((KM_PAGE_SIZE << slab->compound_order) /
				s->size);
	if (slab->objects > maxobj) {
		slab_err(m, s, slab, "objects %u > max %u", slab->objects,
			 maxobj);
		return 0;
	}
	if (slab->inuse > slab->objects) {
		slab_err(m, s, slab, "inuse %u > max %u", slab->inuse,
			 slab->objects);
		return 0;
	}
	if (slab->frozen) {
		slab_err(m, s, slab,
			 "Slab disabled since SLUB metadata consistency check "
			 "failed");
		return 0;
	}
	slab_pad_check(m, s, slab);
	return 1;
}

/*
 * mm/slub.c: on_freelist(): is search on slab->freelist? search 0 walks
 * the whole chain and checks the counters. A bad link is cut where it
 * starts. Decision: a cycle (which 6.12 would count forever, 6.15 reports
 * as "Freelist cycle detected") is cut like a bad link, so the counters
 * stay sane.
 */
static int on_freelist(struct machine *m, struct kmem_cache *s,
		       struct page *slab, unsigned long search)
{
	uint64_t seen[MAX_OBJS_PER_PAGE / 64 + 1];
	unsigned long fp = slab->freelist, object = 0;
	unsigned int nr = 0, max_objects;
	bool repaired = false;

	memset(seen, 0, DIV_ROUND_UP(slab->objects, 64u) * sizeof(uint64_t));
	while (fp && nr <= slab->objects) {
		unsigned int idx;

		if (fp == search)
			return 1;
		if (!check_valid_pointer(m, s, slab, fp)) {
			if (object) {
				object_err(m, s, slab, object,
					   "Freechain corrupt");
				set_freepointer_unchecked(m, s, object, 0);
				repaired = true;
			} else {
				slab_err(m, s, slab, "Freepointer corrupt");
				slab->freelist = 0;
				slab->inuse = slab->objects;
				slab_fix(m, s, "Freelist cleared");
				slab_mark_lost_objects(m, s, slab);
				return 0;
			}
			break;
		}
		idx = (unsigned int)((fp - s->red_left_pad -
				      slab_address(m, slab)) /
				     s->size);
		if (seen[idx / 64] >> (idx % 64) & 1) {
			object_err(m, s, slab, object, "Freechain corrupt");
			set_freepointer_unchecked(m, s, object, 0);
			repaired = true;
			break;
		}
		seen[idx / 64] |= 1ULL << (idx % 64);
		object = fp;
		fp = get_freepointer(m, s, object);
		nr++;
	}
	max_objects = (unsigned int)((KM_PAGE_SIZE << slab->compound_order) /
				     s->size);
	if (max_objects > MAX_OBJS_PER_PAGE)
		max_objects = MAX_OBJS_PER_PAGE;
	if (slab->objects != max_objects) {
		slab_err(m, s, slab,
			 "Wrong number of objects. Found %d but should be %d",
			 slab->objects, max_objects);
		slab->objects = max_objects & 0x7fff;
		slab_fix(m, s, "Number of objects adjusted");
	}
	if (slab->inuse != slab->objects - nr) {
		slab_err(
			m, s, slab,
			"Wrong object count. Counter is %d but counted were %d",
			slab->inuse, slab->objects - nr);
		slab->inuse = (slab->objects - nr) & 0xffff;
		slab_fix(m, s, "Object count adjusted");
		repaired = true;
	}
	if (repaired)
		slab_mark_lost_objects(m, s, slab);
	return search == 0;
}

/* mm/slub.c: trace() for SLAB_TRACE (the stack dump left out) */
static void trace(struct machine *m, struct kmem_cache *s, struct page *slab,
		  unsigned long object, int alloc)
{
	if (!(s->flags & SLAB_TRACE))
		return;
	mm_printk(m, LOGLEVEL_INFO, "TRACE %s %s 0x%016lx inuse=%d fp=0x%016lx",
		  s->name, alloc ? "alloc" : "free", object, slab->inuse,
		  slab->freelist);
	if (!alloc)
		print_section(m, LOGLEVEL_INFO, "Object ", object,
			      s->object_size);
}

/* --- the hooks slub.c calls ------------------------------------------------
 */

void setup_slab_debug(struct machine *m, struct kmem_cache *s,
		      struct page *slab)
{
	if (!(s->flags & SLAB_POISON))
		return;
	memset(km_ptr(m, slab_address(m, slab)), POISON_INUSE,
	       KM_PAGE_SIZE << slab->compound_order);
}

void setup_object_debug(struct machine *m, struct kmem_cache *s,
			unsigned long object)
{
	if (!(s->flags & (SLAB_STORE_USER | SLAB_RED_ZONE | __OBJECT_POISON)))
		return;
	init_object(m, s, object, SLUB_RED_INACTIVE);
	init_tracking(m, s, object);
}

/* mm/slub.c: alloc_debug_processing(); false leaves the slab disabled
 * ("Marking all objects used"; the caller takes it off its list) */
bool alloc_debug_processing(struct machine *m, struct kmem_cache *s,
			    struct page *slab, unsigned long object,
			    unsigned int orig_size)
{
	mm_call(m, "alloc_debug_processing");
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(m, s, slab))
			goto bad;
		if (!check_valid_pointer(m, s, slab, object)) {
			object_err(m, s, slab, object,
				   "Freelist Pointer check fails");
			goto bad;
		}
		if (!check_object(m, s, slab, object, SLUB_RED_INACTIVE))
			goto bad;
	}
	trace(m, s, slab, object, 1);
	set_orig_size(m, s, object, orig_size);
	init_object(m, s, object, SLUB_RED_ACTIVE);
	return true;
bad:
	if (PageSlab(slab)) {
		slab_fix(m, s, "Marking all objects used");
		slab->inuse = slab->objects;
		slab->freelist = 0;
		slab->frozen = 1; /* disabled: check_slab refuses it */
		slab_mark_lost_objects(m, s, slab);
	}
	return false;
}

/* mm/slub.c: free_debug_processing() for one object; false: not freed */
bool free_debug_processing(struct machine *m, struct kmem_cache *s,
			   struct page *slab, unsigned long object)
{
	bool checks_ok = false;

	mm_call(m, "free_debug_processing");
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		if (!check_slab(m, s, slab))
			goto out;
	}
	if (slab->inuse < 1) {
		slab_err(m, s, slab,
			 "Slab has %d allocated objects but %d are to be freed",
			 slab->inuse, 1);
		goto out;
	}
	if (s->flags & SLAB_CONSISTENCY_CHECKS) {
		/* free_consistency_checks() */
		if (!check_valid_pointer(m, s, slab, object)) {
			slab_err(m, s, slab, "Invalid object pointer 0x%016lx",
				 object);
			goto out;
		}
		if (on_freelist(m, s, slab, object)) {
			object_err(m, s, slab, object, "Object already free");
			goto out;
		}
		if (!check_object(m, s, slab, object, SLUB_RED_ACTIVE))
			goto out;
	}
	if (s->flags & SLAB_STORE_USER)
		set_track(m, s, object, TRACK_FREE);
	trace(m, s, slab, object, 0);
	init_object(m, s, object, SLUB_RED_INACTIVE);
	checks_ok = true;
out:
	if (!checks_ok)
		slab_fix(m, s, "Object at 0x%016lx not freed", object);
	return checks_ok;
}

/* mm/slub.c: free_slab()'s checks before a debug slab goes back */
void free_slab_debug_checks(struct machine *m, struct kmem_cache *s,
			    struct page *slab)
{
	if (!(s->flags & SLAB_CONSISTENCY_CHECKS))
		return;
	slab_pad_check(m, s, slab);
	for (unsigned int i = 0; i < slab->objects; i++)
		check_object(m, s, slab, slab_obj_addr(m, s, slab, i),
			     SLUB_RED_INACTIVE);
}

/* --- validate ----------------------------------------------------------------
 */

static void validate_slab(struct machine *m, struct kmem_cache *s,
			  struct page *slab, uint64_t *map)
{
	if (!check_slab(m, s, slab) || !on_freelist(m, s, slab, 0))
		return;
	/* __fill_map(): the free objects */
	memset(map, 0, DIV_ROUND_UP(slab->objects, 64u) * sizeof(uint64_t));
	for (unsigned long p = slab->freelist; p;
	     p = get_freepointer(m, s, p)) {
		unsigned int i = (unsigned int)((p - s->red_left_pad -
						 slab_address(m, slab)) /
						s->size);

		map[i / 64] |= 1ULL << (i % 64);
	}
	for (unsigned int i = 0; i < slab->objects; i++) {
		unsigned char val = (map[i / 64] >> (i % 64) & 1)
					    ? SLUB_RED_INACTIVE
					    : SLUB_RED_ACTIVE;

		if (!check_object(m, s, slab, slab_obj_addr(m, s, slab, i),
				  val)) {
			slab_mark_lost_objects(m, s, slab);
			break;
		}
	}
}

/* mm/slub.c: validate_slab_node(): partial slabs, and full ones when
 * SLAB_STORE_USER keeps them listed */
static long validate_slab_node(struct machine *m, struct kmem_cache *s,
			       struct kmem_cache_node *n, uint64_t *map)
{
	struct page *slab, *t;
	long count = 0;

	list_for_each_entry_safe (slab, t, &n->partial, slab_list) {
		validate_slab(m, s, slab, map);
		count++;
	}
	if (count != (long)n->nr_partial) {
		mm_printk(m, LOGLEVEL_ERR,
			  "SLUB %s: %ld partial slabs counted but counter=%ld",
			  s->name, count, (long)n->nr_partial);
		count_error(m);
	}
	if (!(s->flags & SLAB_STORE_USER))
		return count;
	list_for_each_entry_safe (slab, t, &n->full, slab_list) {
		validate_slab(m, s, slab, map);
		count++;
	}
	if (count != n->nr_slabs) {
		mm_printk(m, LOGLEVEL_ERR,
			  "SLUB: %s %ld slabs counted but counter=%ld", s->name,
			  count, n->nr_slabs);
		count_error(m);
	}
	return count;
}

long validate_slab_cache(struct machine *m, struct kmem_cache *s, long *errors)
{
	uint64_t map[MAX_OBJS_PER_PAGE / 64 + 1];
	unsigned long before = m->slub->debug_errors;
	long count = 0;
	int node;

	mm_call(m, "validate_slab_cache");
	flush_all(m, s);
	for_each_node (m, node)
		count += validate_slab_node(m, s, s->node[node], map);
	if (errors)
		*errors = (long)(m->slub->debug_errors - before);
	return count;
}
