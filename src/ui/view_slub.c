// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SLUB view: one cache as mm/slub.c holds it. A geometry line (struct
 * kmem_cache: object_size, size, oo, min_partial, cpu_partial, flags); a
 * box per CPU with its struct kmem_cache_cpu (the lockless freelist as a
 * chain of objects decoded with get_freepointer(), the cpu slab, the cpu
 * partial list linked by slab->next); a box per node with its struct
 * kmem_cache_node (partial list, and the full list that the kernel keeps
 * only with SLUB_DEBUG); and one slab drawn object by object.
 *
 * Read-only: the machine is walked, never changed. Every free pointer is
 * checked against its slab's bounds before it is followed, so an
 * overwritten chain (a use after free) is drawn as corrupt, never
 * followed. What the last command touched (its EV_SLAB_* events) is drawn
 * EL_CHANGED. Red zones and poison are judged only where their bytes were
 * written (0xbb/0xcc, 0x6b..0xa5); all-zero bytes count as unwritten.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ui/ui.h"
#include "pen.h"
#include "kmemlab/slab.h"

#define SV_MAX_MARKS 512  /* changed slabs/objects remembered per command */
#define SV_MAX_HITS 2048  /* clickable things on screen */
#define SV_MAX_SLABS 4096 /* slabs that n/p cycles through */

/* include/linux/poison.h */
#define SV_POISON_FREE 0x6b
#define SV_POISON_END 0xa5
#define SV_RED_INACTIVE 0xbb
#define SV_RED_ACTIVE 0xcc

/* Something the user can click: a slab (obj 0) or an object. */
struct sv_hit {
	int y, x0, x1; /* canvas row, columns [x0, x1) */
	unsigned long slab, obj;
};

struct slub_priv {
	/* what the last command touched: slab bases (addr2 of EV_SLAB_*)
	 * and objects (addr of EV_SLAB_ALLOC/FREE); many = more than fit */
	unsigned long chg_slab[SV_MAX_MARKS];
	int nr_chg_slab;
	unsigned long chg_obj[SV_MAX_MARKS];
	int nr_chg_obj;
	bool chg_many;
	unsigned char chg_cpu[KM_NR_CPUS]; /* its kmem_cache_cpu changed */
	bool chg_node[KM_MAX_NUMNODES];
	char chg_cache[KM_CACHE_NAME_LEN]; /* cpu/node marks are for it */

	struct sv_hit hits[SV_MAX_HITS];
	int nr_hits;
	int lines;  /* content height of the last draw */
	int height; /* canvas height of the last draw (page keys) */
	unsigned long shown_slab; /* the slab the grid showed */

	bool ascii; /* the locale is not UTF-8: no ellipsis, no cross */

	/* per-object state of the drawn slab, grown on demand */
	int *pos;	/* position in its free chain, -1 if not free */
	uint8_t *chain; /* 0: a CPU's c->freelist, 1: slab->freelist */
	unsigned int cap;
};

/* One draw's context. */
struct sv {
	struct view *v;
	struct slub_priv *p;
	struct machine *m;
	struct kmem_cache *s;
	bool compact;	/* 80x24-ish: fewer details */
	int addr_dig;	/* hex digits of a short slab address */
	int fl_lines;	/* lines of a CPU freelist chain */
	int list_lines; /* lines of a partial/full list */
	bool tiny;	/* a line per CPU instead of a box */
	bool squeezed;	/* the grid lost its freelist positions for room */
	bool hint;	/* the header named the keys */
};

static void add_hit(struct pen *pn, int y, int x0, int x1, unsigned long slab,
		    unsigned long obj)
{
	struct slub_priv *p = pn->p;
	int sy = pen_row(pn, y);

	if (sy < 0 || p->nr_hits >= SV_MAX_HITS)
		return;
	if (x1 > pn->w)
		x1 = pn->w;
	if (x0 >= x1)
		return;
	p->hits[p->nr_hits++] = (struct sv_hit){sy, x0, x1, slab, obj};
}

/*
 * Flowing text inside a box: items wrap onto up to max_lines lines; on
 * the last line room is kept for "…+N" so that a cut list says how much
 * is missing. Measuring (pen without canvas) counts the lines.
 */
struct flow {
	struct pen *pn;
	int y0, x0, x1; /* first row, columns [x0, x1) */
	int y, x;
	int max_lines;
};

#define FLOW_MORE 6 /* "…+999" */

static void flow_init(struct flow *f, struct pen *pn, int y, int x0, int x1,
		      int max_lines)
{
	*f = (struct flow){pn, y, x0, x1, y, x0, max_lines < 1 ? 1 : max_lines};
}

static int flow_lines(const struct flow *f)
{
	return f->y - f->y0 + 1;
}

/* Room for an item of w columns (moving to the next line if needed);
 * false when the lines are used up. last: nothing follows it. An item
 * wider than a whole line goes on an empty line, cut. */
static bool flow_fits(struct flow *f, int w, bool last)
{
	for (;;) {
		bool on_last = flow_lines(f) >= f->max_lines;
		int need = on_last && !last ? w + FLOW_MORE : w;

		if (f->x + need <= f->x1)
			return true;
		if (on_last)
			return false;
		if (f->x == f->x0)
			return true;
		f->y++;
		f->x = f->x0;
	}
}

static void flow_text(struct flow *f, enum ui_elem e, const char *s)
{
	f->x += p_text(f->pn, f->y, f->x, f->x1, e, s);
}

static void flow_more(struct flow *f, long n)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%s+%ld",
		 ((struct slub_priv *)f->pn->p)->ascii ? "~" : "\u2026", n);
	f->x += p_text(f->pn, f->y, f->x, f->x1, EL_DIM, buf);
}

/* --- engine walks (read-only) ------------------------------------------ */

/* mm/slub.c keeps the allocation bitmap in slub_state.allocmap: a bit per
 * 8 bytes of RAM, set while the object starting there is handed out. */
static bool sv_allocated(const struct machine *m, unsigned long obj)
{
	unsigned long bit = (obj - KM_PAGE_OFFSET) >> 3;

	return m->slub->allocmap[bit / 64] >> (bit % 64) & 1;
}

/* Index of object p in slab, or -1 if p is not an object start of it. */
static long sv_obj_index(const struct machine *m, const struct kmem_cache *s,
			 const struct page *slab, unsigned long p)
{
	unsigned long base = slab_address(m, slab) + s->red_left_pad;

	if (p < base || p >= base + (unsigned long)slab->objects * s->size)
		return -1;
	if ((p - base) % s->size)
		return -1;
	return (long)((p - base) / s->size);
}

/*
 * Walk a free chain that must stay inside slab (a CPU's c->freelist
 * lives in c->slab; slab->freelist in slab): fn gets each object and
 * its position. Returns the number of distinct objects, or -1 at a
 * pointer that leaves the slab or is not an object start (*bad = that
 * pointer). A chain that comes back to an object it passed (a double
 * free made it a cycle) stops there: *loop = that object.
 */
typedef void (*chain_fn)(void *ctx, long pos, long idx, unsigned long obj);

static long sv_chain(struct machine *m, struct kmem_cache *s, struct page *slab,
		     unsigned long head, chain_fn fn, void *ctx,
		     unsigned long *bad, unsigned long *loop)
{
	unsigned char seen[4096]; /* a bit per object: 32768 at most */
	long n = 0;

	size_t bytes = slab ? slab->objects / 8 + 1 : 0;

	/* clear only the bits of this slab's objects: drawn every redraw */
	memset(seen, 0, bytes < sizeof(seen) ? bytes : sizeof(seen));
	for (unsigned long p = head; p; p = get_freepointer(m, s, p)) {
		long idx = slab ? sv_obj_index(m, s, slab, p) : -1;

		if (idx < 0 || idx >= (long)sizeof(seen) * 8) {
			if (bad)
				*bad = p;
			return -1;
		}
		if (seen[idx / 8] & (1u << (idx % 8))) {
			if (loop)
				*loop = p;
			return n;
		}
		seen[idx / 8] |= (unsigned char)(1u << (idx % 8));
		if (fn)
			fn(ctx, n, idx, p);
		n++;
	}
	return n;
}

static bool sv_marked(const unsigned long *a, int n, unsigned long x)
{
	for (int i = 0; i < n; i++)
		if (a[i] == x)
			return true;
	return false;
}

static bool slab_changed(const struct slub_priv *p, unsigned long base)
{
	return sv_marked(p->chg_slab, p->nr_chg_slab, base);
}

static bool obj_changed(const struct slub_priv *p, unsigned long obj)
{
	return sv_marked(p->chg_obj, p->nr_chg_obj, obj);
}

/* A slab of the cache given by its base address, or NULL. */
static struct page *sv_slab_of(struct machine *m, struct kmem_cache *s,
			       unsigned long base)
{
	struct page *slab;

	if (!base || !virt_addr_valid(m, base))
		return NULL;
	slab = virt_to_slab(m, base);
	if (!slab || slab->slab_cache != s || slab_address(m, slab) != base)
		return NULL;
	return slab;
}

/* Where a slab is, with its cpu or node (mm/slub.c's states: cpu slab,
 * cpu partial, node partial with PG_workingset, full). */
static enum slab_where sv_where(struct machine *m, struct kmem_cache *s,
				struct page *slab, int *id)
{
	int cpu;

	for_each_cpu (m, cpu) {
		struct kmem_cache_cpu *c = &s->cpu_slab[cpu];

		*id = cpu;
		if (c->slab == slab)
			return SLAB_CPU;
		for (struct page *sl = c->partial; sl; sl = sl->next)
			if (sl == slab)
				return SLAB_CPU_PARTIAL;
	}
	*id = page_to_nid(m, slab);
	if (PageFlag(slab, PG_workingset))
		return SLAB_NODE_PARTIAL;
	if (PageFlag(slab, PG_full))
		return SLAB_NODE_FULL;
	return SLAB_ON_NONE;
}

/* Every slab of the cache in slub_for_each_slab() order (n/p keys). */
struct slab_list_ctx {
	struct machine *m;
	unsigned long *base;
	int n;
};

static void collect_slab(void *ctx, struct kmem_cache *s, struct page *slab,
			 enum slab_where where, int cpu_or_node)
{
	struct slab_list_ctx *lc = ctx;

	(void)s;
	(void)where;
	(void)cpu_or_node;
	if (lc->n < SV_MAX_SLABS)
		lc->base[lc->n++] = slab_address(lc->m, slab);
}

/* Caches that have slabs, in boot order (slab_caches is newest first). */
static int sv_caches(struct machine *m, struct kmem_cache **out, int max)
{
	struct kmem_cache *s;
	int n = 0;

	for_each_kmem_cache (m, s) {
		struct slabinfo si;

		get_slabinfo(m, s, &si);
		if (si.num_slabs && n < max)
			out[n++] = s;
	}
	for (int i = 0; i < n / 2; i++) {
		struct kmem_cache *t = out[i];

		out[i] = out[n - 1 - i];
		out[n - 1 - i] = t;
	}
	return n;
}

/* The focused cache: ui->focus.cache, else kmalloc-64. */
static struct kmem_cache *sv_cache(struct view *v)
{
	struct machine *m = v->ui->ss->m;
	struct ui_focus *f = &v->ui->focus;
	struct kmem_cache *s = NULL;

	if (f->cache[0])
		s = kmem_cache_find_by_name(m, f->cache);
	if (!s) {
		s = kmem_cache_find_by_name(m, "kmalloc-64");
		if (s)
			snprintf(f->cache, sizeof(f->cache), "%s", s->name);
	}
	return s;
}

/* --- short forms --------------------------------------------------------- */

/* "…4a3c000": enough low hex digits of a slab address to tell every
 * page of this machine apart. */
static void short_slab(const struct sv *sv, unsigned long base, char *buf,
		       size_t len)
{
	unsigned long mask =
		sv->addr_dig >= 16 ? ~0UL : (1UL << (4 * sv->addr_dig)) - 1;

	snprintf(buf, len, "%s%0*lx", sv->p->ascii ? "~" : "\u2026",
		 sv->addr_dig, base & mask);
}

static int digits(long n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* A slab as a list item: "…4a3c000 12/64", clickable, marked when the
 * last command touched it and when it is the one the grid shows. */
static void flow_slab(struct sv *sv, struct flow *f, struct page *slab,
		      bool last, long left)
{
	unsigned long base = slab_address(sv->m, slab);
	char a[32], b[32];
	int w;

	short_slab(sv, base, a, sizeof(a));
	snprintf(b, sizeof(b), " %u/%u", slab->inuse, slab->objects);
	w = pen_width(a) + pen_width(b) + 1;
	if (!flow_fits(f, w, last)) {
		flow_more(f, left);
		f->x = f->x1; /* nothing more on this list */
		return;
	}
	int x0 = f->x + (f->x > f->x0 ? 1 : 0);

	if (f->x > f->x0)
		f->x++;
	flow_text(f,
		  base == sv->v->ui->focus.slab ? EL_SELECTED
		  : slab_changed(sv->p, base)	? EL_CHANGED
						: EL_SLAB,
		  a);
	flow_text(f, slab->inuse == slab->objects ? EL_INUSE : EL_NORMAL, b);
	add_hit(f->pn, f->y, x0, f->x, base, 0);
}

/* --- the header: struct kmem_cache ------------------------------------- */

static int draw_header(struct sv *sv, struct pen *pn, int y)
{
	struct kmem_cache *s = sv->s;
	struct flow f;
	char fl[256], buf[96];
	struct slabinfo si;
	int w = pn->w;

	get_slabinfo(sv->m, s, &si);
	flow_init(&f, pn, y, 0, w, sv->compact ? 1 : 2);
	p_glyph(pn, y, 0, EL_DIM, GL_TEE_RIGHT);
	f.x = 1;
	flow_text(&f, EL_TITLE, s->name);
	p_glyph(pn, y, f.x, EL_DIM, GL_TEE_LEFT);
	f.x += 2;

	struct {
		const char *label;
		char val[48];
		bool wide_only;
	} kv[] = {
		{"object_size", "", false}, {"size", "", false},
		{"align", "", true},	    {"offset", "", true},
		{"objs/slab", "", false},   {"order", "", false},
		{"min_partial", "", false}, {"cpu_partial", "", false},
		{"slabs", "", true},	    {"objs", "", true},
	};
	snprintf(kv[0].val, 48, "%u", s->object_size);
	snprintf(kv[1].val, 48, "%u", s->size);
	snprintf(kv[2].val, 48, "%u", s->align);
	snprintf(kv[3].val, 48, "%u", s->offset);
	snprintf(kv[4].val, 48, "%u", oo_objects(s->oo));
	snprintf(kv[5].val, 48, "%u", oo_order(s->oo));
	snprintf(kv[6].val, 48, "%lu", s->min_partial);
	snprintf(kv[7].val, 48, "%u (%u slabs)", s->cpu_partial,
		 s->cpu_partial_slabs);
	snprintf(kv[8].val, 48, "%lu", si.num_slabs);
	snprintf(kv[9].val, 48, "%lu/%lu", si.active_objs, si.num_objs);
	if (sv->compact) {
		kv[0].label = "obj";
		kv[6].label = "min_part";
		kv[7].label = "cpu_part";
		snprintf(kv[7].val, 48, "%u", s->cpu_partial);
	}
	for (size_t i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
		int iw = pen_width(kv[i].label) + 1 + pen_width(kv[i].val) + 2;

		if (sv->compact && kv[i].wide_only)
			continue;
		if (!flow_fits(&f, iw, true))
			break;
		flow_text(&f, EL_DIM, kv[i].label);
		f.x++;
		flow_text(&f, EL_NORMAL, kv[i].val);
		f.x += 2;
	}
	slab_flags_format(fl, sizeof(fl), s->flags);
	snprintf(buf, sizeof(buf), "flags ");
	if (flow_fits(&f, 6 + pen_width(fl), true)) {
		flow_text(&f, EL_DIM, buf);
		flow_text(&f, kmem_cache_debug(s) ? EL_WARN : EL_NORMAL, fl);
		f.x += 2;
	}
	sv->hint = false;
	if (!sv->compact && flow_fits(&f, 46, true)) {
		flow_text(&f, EL_DIM,
			  sv->p->ascii
				  ? "[</> cache  c cpu  n/p slab  ,/. object]"
				  : "[\u2190\u2192 cache  c cpu  n/p slab  ,/. "
				    "object]");
		sv->hint = true;
	}
	return flow_lines(&f);
}

/* --- one kmem_cache_cpu --------------------------------------------------- */

struct chain_draw {
	struct sv *sv;
	struct flow *f;
	struct page *slab;
	long total;
	bool stopped;
};

static void chain_item(void *ctx, long pos, long idx, unsigned long obj)
{
	struct chain_draw *cd = ctx;
	struct flow *f = cd->f;
	char a[16], b[16];
	int w;

	if (cd->stopped)
		return;
	snprintf(a, sizeof(a), "%ld", idx);
	if (cd->sv->compact)
		b[0] = '\0'; /* room for more of the chain */
	else
		snprintf(b, sizeof(b), ":%04lx", obj & 0xffff);
	w = 1 + pen_width(a) + pen_width(b);
	if (!flow_fits(f, w, pos == cd->total - 1)) {
		flow_more(f, cd->total - pos);
		cd->stopped = true;
		return;
	}
	int x0 = f->x;

	p_glyph(f->pn, f->y, f->x++, EL_DIM, GL_ARROW_RIGHT);
	flow_text(f,
		  obj == cd->sv->v->ui->focus.object ? EL_SELECTED
		  : obj_changed(cd->sv->p, obj)	     ? EL_CHANGED
						     : EL_FREE,
		  a);
	flow_text(f, EL_DIM, b);
	add_hit(f->pn, f->y, x0, f->x, slab_address(cd->sv->m, cd->slab), obj);
}

static void count_item(void *ctx, long pos, long idx, unsigned long obj)
{
	(void)idx, (void)obj;
	*(long *)ctx = pos + 1;
}

/* A free chain on a flow: "freelist 61 →3:40c0→4:4100…+58"; a pointer
 * that leaves the slab ends it with "✗0x…" (corrupt, not followed). */
static void flow_chain(struct sv *sv, struct flow *f, const char *label,
		       enum ui_elem le, struct page *slab, unsigned long head)
{
	unsigned long bad = 0, loop = 0;
	long n = sv_chain(sv->m, sv->s, slab, head, NULL, NULL, &bad, &loop);
	struct chain_draw cd = {sv, f, slab, n, false};
	char buf[48];

	if (bad) { /* the objects before the bad pointer, then the pointer */
		n = 0;
		sv_chain(sv->m, sv->s, slab, head, count_item, &n, NULL, NULL);
	}
	if (bad || loop) /* one more item: the bad pointer or the cycle */
		cd.total = n + 1;

	flow_text(f, le, label);
	if (!head) {
		flow_text(f, EL_DIM, " NULL");
		return;
	}
	snprintf(buf, sizeof(buf), " %ld ", n);
	flow_text(f, EL_NORMAL, buf);
	sv_chain(sv->m, sv->s, slab, head, chain_item, &cd, NULL, NULL);
	if (loop && !cd.stopped) {
		/* back to an object already on the chain: a cycle */
		snprintf(buf, sizeof(buf), "%s%ld (cycle)",
			 sv->p->ascii ? "@" : "\u21ba",
			 sv_obj_index(sv->m, sv->s, slab, loop));
		if (flow_fits(f, pen_width(buf) + 1, true)) {
			p_glyph(f->pn, f->y, f->x++, EL_ERROR, GL_ARROW_RIGHT);
			flow_text(f, EL_ERROR, buf);
		}
	}
	if (bad && !cd.stopped) {
		snprintf(buf, sizeof(buf), "%s%#lx",
			 sv->p->ascii ? "X" : "\u2717", bad);
		if (flow_fits(f, pen_width(buf) + 1, true)) {
			p_glyph(f->pn, f->y, f->x++, EL_ERROR, GL_ARROW_RIGHT);
			flow_text(f, EL_ERROR, buf);
		}
	}
}

/* Lines of one CPU box's body in columns [x0, x1). */
static int cpu_body(struct sv *sv, struct pen *pn, int cpu, int y, int x0,
		    int x1)
{
	struct kmem_cache *s = sv->s;
	struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
	bool chg = sv->p->chg_cpu[cpu] && !strcmp(sv->p->chg_cache, s->name);
	struct flow f;
	int lines = 0;
	char buf[96];

	flow_init(&f, pn, y, x0, x1, sv->fl_lines);
	flow_chain(sv, &f, "freelist", chg ? EL_CHANGED : EL_DIM, c->slab,
		   c->freelist);
	lines += flow_lines(&f);

	flow_init(&f, pn, y + lines, x0, x1, 1);
	flow_text(&f, EL_DIM, "slab");
	if (!c->slab) {
		/* mm/slub.c: a debug cache never has a cpu slab; its
		 * objects come one by one from the node's lists */
		flow_text(&f, EL_DIM,
			  kmem_cache_debug(s) ? " NULL (debug: node lists only)"
					      : " NULL");
	} else {
		flow_slab(sv, &f, c->slab, true, 1);
		if (c->slab->frozen)
			flow_text(&f, EL_DIM, " frozen");
		if (!sv->compact) {
			snprintf(buf, sizeof(buf), "  pfn %#lx  tid %lu",
				 page_to_pfn(sv->m, c->slab), c->tid);
			if (flow_fits(&f, pen_width(buf), true))
				flow_text(&f, EL_DIM, buf);
		}
	}
	lines++;

	int nr = 0;

	for (struct page *sl = c->partial; sl; sl = sl->next)
		nr++;
	flow_init(&f, pn, y + lines, x0, x1, sv->list_lines);
	flow_text(&f, EL_DIM, "partial");
	if (!nr) {
		flow_text(&f, EL_DIM, " empty");
	} else {
		snprintf(buf, sizeof(buf), " %d/%u", nr, s->cpu_partial_slabs);
		flow_text(&f, EL_NORMAL, buf);
		flow_text(&f, EL_DIM, ":");
		int i = 0;

		for (struct page *sl = c->partial; sl; sl = sl->next, i++) {
			flow_slab(sv, &f, sl, !sl->next, nr - i);
			if (f.x >= f.x1)
				break;
		}
	}
	lines += flow_lines(&f);

	/* CONFIG_SLUB_STATS counters of this CPU (enum stat_item), where
	 * there is room: which paths its allocations and frees took */
	if (!sv->compact && sv->fl_lines >= 3) {
		snprintf(buf, sizeof(buf),
			 "alloc fast %u slow %u  free fast %u slow %u  "
			 "new slab %u",
			 c->stat[ALLOC_FASTPATH], c->stat[ALLOC_SLOWPATH],
			 c->stat[FREE_FASTPATH], c->stat[FREE_SLOWPATH],
			 c->stat[ALLOC_SLAB]);
		p_text(pn, y + lines++, x0, x1, EL_DIM, buf);
	}
	return lines;
}

/* Boxes side by side, as many per row as min_w allows; body() gives a
 * box's lines (measured first, then drawn). Returns the rows used. */
typedef int (*body_fn)(struct sv *sv, struct pen *pn, int id, int y, int x0,
		       int x1);

static int draw_boxes(struct sv *sv, struct pen *pn, int y, const int *ids,
		      int n, int min_w, body_fn body,
		      void (*title)(struct sv *sv, int id, char *buf,
				    size_t len, enum ui_elem *te))
{
	int ncol = pn->w / min_w, used = 0;
	struct pen measure = {NULL, 0, 0, pn->w, pn->p};

	if (ncol < 1)
		ncol = 1;
	if (ncol > n)
		ncol = n;
	for (int r = 0; r < n; r += ncol) {
		int h = 0;

		for (int k = 0; k < ncol && r + k < n; k++) {
			int bw = pn->w / ncol;
			int x = k * bw;
			int bh = body(sv, &measure, ids[r + k], 0, x + 2,
				      x + bw - 2);

			if (bh > h)
				h = bh;
		}
		for (int k = 0; k < ncol && r + k < n; k++) {
			int bw = pn->w / ncol, x = k * bw;
			char t[96];
			enum ui_elem te = EL_TITLE;

			if (k == ncol - 1)
				bw = pn->w - x;
			title(sv, ids[r + k], t, sizeof(t), &te);
			p_box(pn, y + used, x, h + 2, bw, EL_BORDER, t, te);
			body(sv, pn, ids[r + k], y + used + 1, x + 2,
			     x + bw - 2);
		}
		used += h + 2;
	}
	return used;
}

static void cpu_title(struct sv *sv, int cpu, char *buf, size_t len,
		      enum ui_elem *te)
{
	bool chg =
		sv->p->chg_cpu[cpu] && !strcmp(sv->p->chg_cache, sv->s->name);

	snprintf(buf, len, "cpu %d%s", cpu,
		 cpu == sv->m->cur_cpu ? " (current)" : "");
	if (!sv->compact)
		snprintf(buf + strlen(buf), len - strlen(buf),
			 " kmem_cache_cpu");
	*te = cpu == sv->v->ui->focus.cpu ? EL_SELECTED
	      : chg			  ? EL_CHANGED
					  : EL_TITLE;
}

/* Tiny: one line per CPU, "cpu 0* slab …1400000 63/64 partial 0
 * freelist 63 →16→28…+57", for panes of a dozen lines. */
static void cpu_line(struct sv *sv, struct pen *pn, int cpu, int y)
{
	struct kmem_cache_cpu *c = &sv->s->cpu_slab[cpu];
	bool chg =
		sv->p->chg_cpu[cpu] && !strcmp(sv->p->chg_cache, sv->s->name);
	struct flow f;
	char buf[32];
	int nr = 0;

	for (struct page *sl = c->partial; sl; sl = sl->next)
		nr++;
	flow_init(&f, pn, y, 1, pn->w, 1);
	snprintf(buf, sizeof(buf), "cpu %d%s", cpu,
		 cpu == sv->m->cur_cpu ? "*" : "");
	flow_text(&f,
		  cpu == sv->v->ui->focus.cpu ? EL_SELECTED
		  : chg			      ? EL_CHANGED
					      : EL_TITLE,
		  buf);
	flow_text(&f, EL_DIM, " slab");
	if (c->slab)
		flow_slab(sv, &f, c->slab, false, 1);
	else
		flow_text(&f, EL_DIM, " NULL");
	snprintf(buf, sizeof(buf), " %d", nr);
	flow_text(&f, EL_DIM, " partial");
	flow_text(&f, EL_NORMAL, buf);
	f.x += 2;
	flow_chain(sv, &f, "freelist", chg ? EL_CHANGED : EL_DIM, c->slab,
		   c->freelist);
}

/* A box per CPU; with many CPUs only those holding something, the
 * current one and the focused one (ui->focus.cpu, drawn first). */
static int draw_cpus(struct sv *sv, struct pen *pn, int y)
{
	struct machine *m = sv->m;
	int ids[KM_NR_CPUS];
	int n = 0, idle = 0, cpu, used, first = sv->v->ui->focus.cpu;

	if (first >= m->nr_cpus)
		first = -1;
	if (first >= 0)
		ids[n++] = first;
	for_each_cpu (m, cpu) {
		struct kmem_cache_cpu *c = &sv->s->cpu_slab[cpu];

		if (cpu == first)
			continue;
		if (m->nr_cpus <= 4 || c->slab || c->partial || c->freelist ||
		    cpu == m->cur_cpu)
			ids[n++] = cpu;
		else
			idle++;
	}
	if (sv->tiny) {
		for (int i = 0; i < n; i++)
			cpu_line(sv, pn, ids[i], y + i);
		used = n;
	} else {
		used = draw_boxes(sv, pn, y, ids, n, sv->compact ? 34 : 50,
				  cpu_body, cpu_title);
	}
	if (idle) {
		p_printf(pn, y + used, 1, pn->w, EL_DIM,
			 "%d other CPUs: no cpu slab, no partial slabs", idle);
		used++;
	}
	return used;
}

/* --- kmem_cache_node ---------------------------------------------------- */

static int node_list(struct sv *sv, struct flow *f, struct list_head *head)
{
	struct page *slab;
	int nr = (int)list_count(head), i = 0;

	list_for_each_entry (slab, head, slab_list) {
		flow_slab(sv, f, slab, i == nr - 1, nr - i);
		i++;
		if (f->x >= f->x1)
			break;
	}
	return nr;
}

static int node_body(struct sv *sv, struct pen *pn, int node, int y, int x0,
		     int x1)
{
	struct kmem_cache_node *n = sv->s->node[node];
	struct flow f;
	int lines = 0;
	char buf[96];

	flow_init(&f, pn, y, x0, x1, sv->list_lines);
	snprintf(buf, sizeof(buf), " %lu", n->nr_partial);
	flow_text(&f, EL_DIM, "partial");
	flow_text(&f, EL_NORMAL, buf);
	flow_text(&f, EL_DIM, ":");
	if (list_empty(&n->partial))
		flow_text(&f, EL_DIM, " empty");
	node_list(sv, &f, &n->partial);
	lines += flow_lines(&f);

	flow_init(&f, pn, y + lines, x0, x1, sv->list_lines);
	snprintf(buf, sizeof(buf), " %zu", list_count(&n->full));
	flow_text(&f, EL_DIM, "full");
	flow_text(&f, EL_NORMAL, buf);
	flow_text(&f, EL_DIM, ":");
	if (list_empty(&n->full))
		flow_text(&f, EL_DIM, " empty");
	node_list(sv, &f, &n->full);
	lines += flow_lines(&f);

	snprintf(buf, sizeof(buf), "nr_slabs %ld  total_objects %ld",
		 n->nr_slabs, n->total_objects);
	p_text(pn, y + lines++, x0, x1, EL_DIM, buf);
	/* the kernel's n->full exists only with SLUB_DEBUG and is used only
	 * for SLAB_STORE_USER caches; kmemlab keeps it for every cache */
	p_text(pn, y + lines++, x0, x1, EL_DIM,
	       (sv->s->flags & SLAB_STORE_USER)
		       ? "full list: kept by the kernel (debug U is on)"
		       : "full list: the kernel keeps it only with "
			 "slub_debug=U");
	return lines;
}

static void node_title(struct sv *sv, int node, char *buf, size_t len,
		       enum ui_elem *te)
{
	snprintf(buf, len, "node %d kmem_cache_node", node);
	*te = sv->p->chg_node[node] && !strcmp(sv->p->chg_cache, sv->s->name)
		      ? EL_CHANGED
		      : EL_TITLE;
}

/* Compact: a line per node, no box. */
/* Nodes holding slabs of the cache get a box (a line when compact);
 * with several nodes, the empty ones share one line. */
static int draw_nodes(struct sv *sv, struct pen *pn, int y)
{
	struct machine *m = sv->m;
	int ids[KM_MAX_NUMNODES], n = 0, node, used;
	char empty[96] = "";
	size_t el = 0;

	for_each_node (m, node) {
		struct kmem_cache_node *kn = sv->s->node[node];

		if (m->nr_nodes == 1 || kn->nr_slabs || kn->nr_partial ||
		    !list_empty(&kn->full))
			ids[n++] = node;
		else if (el < sizeof(empty) - 8)
			el += (size_t)snprintf(empty + el, sizeof(empty) - el,
					       "%s%d", el ? ", " : "", node);
	}
	if (!sv->compact) {
		used = draw_boxes(sv, pn, y, ids, n, 60, node_body, node_title);
	} else {
		for (int i = 0; i < n; i++) {
			struct kmem_cache_node *kn = sv->s->node[ids[i]];
			struct flow f;
			char buf[64];
			enum ui_elem te;

			node_title(sv, ids[i], buf, sizeof(buf), &te);
			flow_init(&f, pn, y + i, 1, pn->w, 1);
			snprintf(buf, sizeof(buf), "node %d", ids[i]);
			flow_text(&f, te, buf);
			snprintf(buf, sizeof(buf),
				 "  full %zu (a debug list)  partial",
				 list_count(&kn->full));
			flow_text(&f, EL_DIM, buf);
			snprintf(buf, sizeof(buf), " %lu", kn->nr_partial);
			flow_text(&f, EL_NORMAL, buf);
			if (kn->nr_partial)
				flow_text(&f, EL_DIM, ":");
			node_list(sv, &f, &kn->partial);
		}
		used = n;
	}
	if (el) {
		p_printf(pn, y + used, 1, pn->w, EL_DIM,
			 "node%s %s: no slabs of this cache",
			 strchr(empty, ',') ? "s" : "", empty);
		used++;
	}
	return used;
}

/* --- one slab, object by object ------------------------------------------ */

/*
 * slub_debug red zones around obj: 1 intact, 0 overwritten, -1 none or
 * never written. Left: red_left_pad bytes before it; right: object_size
 * .. inuse (mm/slub.c init_object); allocated objects hold
 * SLUB_RED_ACTIVE, free ones SLUB_RED_INACTIVE. All-zero bytes count as
 * never written (an engine that lays out red zones without filling
 * them), so only a real pattern that was broken is called corrupt.
 */
static int redzone_ok(struct sv *sv, unsigned long obj, bool active)
{
	struct kmem_cache *s = sv->s;
	const unsigned char *p = km_ptr(sv->m, obj);
	unsigned char want = active ? SV_RED_ACTIVE : SV_RED_INACTIVE;
	bool bad = false, zero = true;

	if (!(s->flags & SLAB_RED_ZONE))
		return -1;
	for (unsigned int i = 1; i <= s->red_left_pad; i++) {
		bad |= p[-(long)i] != want;
		zero &= p[-(long)i] == 0;
	}
	for (unsigned int i = s->object_size; i < s->inuse; i++) {
		bad |= p[i] != want;
		zero &= p[i] == 0;
	}
	return zero ? -1 : !bad;
}

/* A free object's poison (6b 6b ... a5, POISON_FREE/POISON_END): 1
 * intact, 0 overwritten (a use after free), -1 not poisoned or never
 * written (all zero). The free pointer, if inside, is skipped. */
static int poison_ok(struct sv *sv, unsigned long obj)
{
	struct kmem_cache *s = sv->s;
	const unsigned char *p = km_ptr(sv->m, obj);
	bool bad = false, zero = true;

	if (!(s->flags & __OBJECT_POISON) || !s->object_size)
		return -1;
	for (unsigned int i = 0; i < s->object_size; i++) {
		unsigned char want = i == s->object_size - 1 ? SV_POISON_END
							     : SV_POISON_FREE;

		if (i >= s->offset && i < s->offset + sizeof(unsigned long))
			continue;
		bad |= p[i] != want;
		zero &= p[i] == 0;
	}
	return zero ? -1 : !bad;
}

struct pos_ctx {
	struct slub_priv *p;
	uint8_t chain;
};

static void note_pos(void *ctx, long pos, long idx, unsigned long obj)
{
	struct pos_ctx *pc = ctx;

	(void)obj;
	pc->p->pos[idx] = (int)pos;
	pc->p->chain[idx] = pc->chain;
}

/* Fill p->pos/chain for slab: the position of each free object in the
 * chain that holds it, from any CPU's c->freelist or slab->freelist. */
static bool slab_positions(struct sv *sv, struct page *slab, int *max_pos)
{
	struct slub_priv *p = sv->p;
	unsigned int n = slab->objects;
	struct pos_ctx pc = {p, 0};
	int cpu;

	if (n > p->cap) {
		int *pos = realloc(p->pos, n * sizeof(*pos));
		uint8_t *ch = pos ? realloc(p->chain, n) : NULL;

		if (pos)
			p->pos = pos;
		if (!ch)
			return false;
		p->chain = ch;
		p->cap = n;
	}
	for (unsigned int i = 0; i < n; i++)
		p->pos[i] = -1;
	for_each_cpu (sv->m, cpu) {
		struct kmem_cache_cpu *c = &sv->s->cpu_slab[cpu];

		if (c->slab == slab)
			sv_chain(sv->m, sv->s, slab, c->freelist, note_pos, &pc,
				 NULL, NULL);
	}
	pc.chain = 1;
	sv_chain(sv->m, sv->s, slab, slab->freelist, note_pos, &pc, NULL, NULL);
	*max_pos = 0;
	for (unsigned int i = 0; i < n; i++)
		if (p->pos[i] > *max_pos)
			*max_pos = p->pos[i];
	return true;
}

/* The slab the grid shows: the focused one, the focused object's, the
 * focused (else current) CPU's cpu slab, or the first of any CPU's cpu
 * slabs, cpu partials, node partials, full slabs. */
static struct page *shown_slab(struct sv *sv)
{
	struct machine *m = sv->m;
	struct ui_focus *f = &sv->v->ui->focus;
	struct page *slab = sv_slab_of(m, sv->s, f->slab);
	int cpu = f->cpu >= 0 && f->cpu < m->nr_cpus ? f->cpu : m->cur_cpu;

	if (!slab && f->object && virt_addr_valid(m, f->object)) {
		slab = virt_to_slab(m, f->object);
		if (slab && slab->slab_cache != sv->s)
			slab = NULL;
	}
	if (!slab)
		slab = sv->s->cpu_slab[cpu].slab;
	for (int i = 0; !slab && i < m->nr_cpus; i++)
		slab = sv->s->cpu_slab[i].slab;
	for (int i = 0; !slab && i < m->nr_cpus; i++)
		slab = sv->s->cpu_slab[i].partial;
	for (int node = 0; !slab && node < m->nr_nodes; node++) {
		struct kmem_cache_node *n = sv->s->node[node];

		if (!list_empty(&n->partial))
			slab = list_first_entry(&n->partial, struct page,
						slab_list);
		else if (!list_empty(&n->full))
			slab = list_first_entry(&n->full, struct page,
						slab_list);
	}
	return slab;
}

static void legend_item(struct flow *f, enum ui_elem e, enum ui_glyph g,
			const char *text)
{
	if (!flow_fits(f, 3 + pen_width(text), true))
		return;
	p_glyph(f->pn, f->y, f->x++, e, g);
	f->x++;
	flow_text(f, EL_DIM, text);
	f->x += 2;
}

/* One line about the focused object: where it is, its stored and
 * decoded free pointer, its red zone and poison. */
static void object_line(struct sv *sv, struct pen *pn, int y, int x0, int x1,
			struct page *slab, unsigned long obj)
{
	struct kmem_cache *s = sv->s;
	long idx = sv_obj_index(sv->m, s, slab, obj);
	bool used = sv_allocated(sv->m, obj);
	int rz = redzone_ok(sv, obj, used), po = used ? -1 : poison_ok(sv, obj);
	const char *t;
	struct flow f;
	char buf[160];

	flow_init(&f, pn, y, x0, x1, 1);
	snprintf(buf, sizeof(buf), "[%ld] %#lx ", idx, obj);
	flow_text(&f, EL_SELECTED, buf);
	if (used)
		flow_text(&f, EL_INUSE, "in use");
	else if (sv->p->pos[idx] >= 0) {
		snprintf(buf, sizeof(buf), "free #%d on %s", sv->p->pos[idx],
			 sv->p->chain[idx] ? "slab->freelist" : "c->freelist");
		flow_text(&f, EL_FREE, buf);
	} else {
		flow_text(&f, EL_WARN, "free but on no chain");
	}
	/* slub_debug's verdicts first: they are what a bug shows */
	t = rz ? "  red zone ok" : "  red zone overwritten";
	if (rz >= 0 && flow_fits(&f, pen_width(t), true))
		flow_text(&f, rz ? EL_REDZONE : EL_ERROR, t);
	t = po ? "  poison ok" : "  poison overwritten";
	if (po >= 0 && flow_fits(&f, pen_width(t), true))
		flow_text(&f, po ? EL_POISON : EL_ERROR, t);
	if (used) {
		unsigned long w[2] = {0, 0};

		/* its first words, as peek shows them */
		memcpy(w, km_ptr(sv->m, obj),
		       s->object_size >= 16 ? 16 : s->object_size);
		snprintf(buf, sizeof(buf), "  +0: %016lx %016lx", w[0], w[1]);
		if (flow_fits(&f, pen_width(buf), true))
			flow_text(&f, EL_DIM, buf);
	} else if (sv->p->pos[idx] >= 0) {
		unsigned long raw;

		/* the hardened pointer as stored, and decoded */
		memcpy(&raw, km_ptr(sv->m, obj + s->offset), sizeof(raw));
		snprintf(buf, sizeof(buf), "  fp@+%u stored %#lx", s->offset,
			 raw);
		if (flow_fits(&f, pen_width(buf), true))
			flow_text(&f, EL_DIM, buf);
		snprintf(buf, sizeof(buf), " next %#lx",
			 get_freepointer(sv->m, s, obj));
		if (flow_fits(&f, pen_width(buf), true))
			flow_text(&f, EL_NORMAL, buf);
	}
}

static int draw_slab(struct sv *sv, struct pen *pn, int y)
{
	struct machine *m = sv->m;
	struct kmem_cache *s = sv->s;
	struct page *slab = shown_slab(sv);
	unsigned long base, focus_obj = sv->v->ui->focus.object;
	int max_pos, id, iw = pn->w - 4, x0 = 2;
	enum slab_where where;
	char title[160], a[32];
	bool rz = s->flags & SLAB_RED_ZONE;
	bool poison = s->flags & __OBJECT_POISON;

	sv->p->shown_slab = 0;
	if (!slab) {
		p_box(pn, y, 0, 3, pn->w, EL_BORDER, "slab", EL_TITLE);
		p_text(pn, y + 1, 2, pn->w - 2, EL_DIM,
		       "no slabs yet: allocate from this cache to make one");
		return 3;
	}
	if (!slab_positions(sv, slab, &max_pos))
		return 0;
	base = slab_address(m, slab);
	sv->p->shown_slab = base;
	where = sv_where(m, s, slab, &id);

	/* cell widths: ␣○12 (position), ␣○ , ○ ; with few objects and
	 * room, the object's low address bits too */
	int d = digits(max_pos), n = (int)slab->objects;
	int budget = pn->h - y - 4 > 2 ? pn->h - y - 4 : 2;
	int opts[] = {2 + d + 5, 2 + d, 2, 1}, cw = 1, per_row, rows;

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		per_row = iw / opts[i];
		if (per_row < 1)
			continue;
		rows = (n + per_row - 1) / per_row;
		if (i == 0 && rows > 2)
			continue;
		if (rows <= budget || i == sizeof(opts) / sizeof(opts[0]) - 1) {
			cw = opts[i];
			break;
		}
	}
	per_row = iw / cw > 0 ? iw / cw : 1;
	rows = (n + per_row - 1) / per_row;
	sv->squeezed = cw < 2 + d;

	short_slab(sv, base, a, sizeof(a));
	int nalloc = 0;

	for (int i = 0; i < n; i++)
		nalloc += sv_allocated(m, slab_obj_addr(m, s, slab, i));
	/* the long title, or the short one when it does not fit */
	snprintf(title, sizeof(title),
		 "struct slab %#lx  pfn %#lx order %u  %s %s %d  "
		 "inuse %u/%u%s  %d allocated",
		 base, page_to_pfn(m, slab), slab->compound_order,
		 slab_where_names[where],
		 where == SLAB_CPU || where == SLAB_CPU_PARTIAL ? "of cpu"
								: "of node",
		 id, slab->inuse, slab->objects, slab->frozen ? " frozen" : "",
		 nalloc);
	if (sv->compact || pen_width(title) > pn->w - 6)
		snprintf(title, sizeof(title),
			 sv->p->ascii
				 ? "slab %s - %s %s %d - inuse %u/%u"
				 : "slab %s \u00b7 %s %s %d \u00b7 inuse %u/%u",
			 a, slab_where_names[where],
			 where == SLAB_CPU || where == SLAB_CPU_PARTIAL
				 ? "of cpu"
				 : "of node",
			 id, slab->inuse, slab->objects);
	if (where == SLAB_ON_NONE)
		snprintf(title + strlen(title), sizeof(title) - strlen(title),
			 " (on no list)");

	int extra = 1; /* legend or the focused object's line */
	int h = rows + extra + 2;

	p_box(pn, y, 0, h, pn->w, EL_BORDER, title,
	      slab_changed(sv->p, base) ? EL_CHANGED : EL_TITLE);
	for (int i = 0; i < n; i++) {
		unsigned long obj = slab_obj_addr(m, s, slab, i);
		int cy = y + 1 + i / per_row, cx = x0 + (i % per_row) * cw;
		bool used = sv_allocated(m, obj);
		int pos = sv->p->pos[i];
		enum ui_elem e;
		enum ui_glyph g = used ? GL_CELL_USED : GL_CELL_FREE;
		int rzs = rz ? redzone_ok(sv, obj, used) : -1;
		int pzs = poison && !used ? poison_ok(sv, obj) : -1;

		if (used)
			e = EL_INUSE;
		else if (pos < 0)
			e = EL_WARN; /* free on no chain: lost */
		else
			e = poison ? EL_POISON : EL_FREE;
		if (rzs == 0 || pzs == 0)
			e = EL_ERROR;
		if (obj_changed(sv->p, obj))
			e = EL_CHANGED;
		if (obj == focus_obj)
			e = EL_SELECTED;
		if (cw >= 2) {
			if (rz)
				p_glyph(pn, cy, cx, rzs ? EL_REDZONE : EL_ERROR,
					GL_BLOCK_HALF);
			p_glyph(pn, cy, cx + 1, e, g);
			if (cw >= 2 + d && pos >= 0)
				p_printf(pn, cy, cx + 2, cx + cw,
					 sv->p->chain[i] && where == SLAB_CPU
						 ? EL_DIM
						 : EL_FREE,
					 "%d", pos);
			if (cw > 2 + d)
				p_printf(pn, cy, cx + 2 + d + 1, cx + cw,
					 EL_DIM, "%04lx", obj & 0xffff);
		} else {
			p_glyph(pn, cy, cx, e, g);
		}
		add_hit(pn, cy, cx, cx + cw, base, obj);
	}

	int ly = y + 1 + rows;

	if (focus_obj && sv_obj_index(m, s, slab, focus_obj) >= 0) {
		object_line(sv, pn, ly, x0, pn->w - 2, slab, focus_obj);
	} else {
		struct flow f;

		flow_init(&f, pn, ly, x0, pn->w - 2, 1);
		legend_item(&f, EL_INUSE, GL_CELL_USED, "in use");
		legend_item(&f, poison ? EL_POISON : EL_FREE, GL_CELL_FREE,
			    cw >= 2 + d ? "free, n-th on its freelist"
					: "free");
		if (rz)
			legend_item(&f, EL_REDZONE, GL_BLOCK_HALF,
				    cw >= 2 ? "red zone" : "red zones: widen");
		/* a cpu slab's objects freed from another CPU wait on
		 * slab->freelist until get_freelist() takes them */
		if (where == SLAB_CPU && slab->freelist && cw >= 2 + d &&
		    flow_fits(&f, 30, true)) {
			p_glyph(pn, f.y, f.x++, EL_FREE, GL_CELL_FREE);
			flow_text(&f, EL_DIM, "n");
			flow_text(&f, EL_DIM, " on slab->freelist  ");
		}
		legend_item(&f, EL_CHANGED, GL_CELL_USED,
			    sv->p->chg_many ? "last command (the first 512)"
					    : "last command");
		legend_item(&f, EL_ERROR, GL_CELL_FREE, "corrupt");
	}
	return h;
}

/* --- view_ops ------------------------------------------------------------ */

/* Levels of detail, richest first: boxes for the nodes and chains over
 * several lines; then one line each; then compact (no node boxes, short
 * titles, chains of indexes) with as many chain lines as fit. */
static const struct {
	bool compact;
	int fl_lines, list_lines; /* 0: by the pane's height */
} sv_levels[] = {
	{false, 0, 0}, {false, 1, 1}, {true, 3, 2}, {true, 2, 1},
	{true, 1, 1},  {true, 1, 1}, /* the last: tiny, a line per CPU */
};

static void sv_modes(struct sv *sv, size_t level, int h)
{
	sv->compact = sv_levels[level].compact;
	sv->fl_lines = sv_levels[level].fl_lines;
	sv->list_lines = sv_levels[level].list_lines;
	if (!sv->fl_lines)
		sv->fl_lines = h >= 50 ? 4 : h >= 36 ? 3 : 2;
	if (!sv->list_lines)
		sv->list_lines = h >= 50 ? 3 : 2;
	sv->tiny = level == sizeof(sv_levels) / sizeof(sv_levels[0]) - 1;
}

/* Everything, top to bottom; returns the lines. Compact puts the slab
 * before the node lines (which then scroll away first). */
static int sv_layout(struct sv *sv, struct pen *pn)
{
	int y = 0;

	sv->p->nr_hits = 0;
	y += draw_header(sv, pn, y);
	y += draw_cpus(sv, pn, y);
	if (sv->compact) {
		y += draw_slab(sv, pn, y);
		y += draw_nodes(sv, pn, y);
	} else {
		y += draw_nodes(sv, pn, y);
		y += draw_slab(sv, pn, y);
	}
	return y;
}

static void sv_draw(struct view *v, struct canvas *c)
{
	struct slub_priv *p = v->priv;
	struct sv sv = {.v = v, .p = p, .m = v->ui->ss->m, .addr_dig = 7};
	struct pen pn = {c, 0, cv_height(c), cv_width(c), p};
	unsigned long top_addr;

	p->nr_hits = 0;
	p->height = pn.h;
	p->ascii = !v->ui->unicode;
	sv.s = sv_cache(v);
	if (!sv.s) {
		cv_text(c, 0, 0, EL_DIM, "no kmem_cache to show");
		return;
	}
	top_addr = (sv.m->nr_pages << KM_PAGE_SHIFT) - 1;
	sv.addr_dig = 1;
	while (top_addr >>= 4)
		sv.addr_dig++;

	/* the richest level that fits (measured without a canvas); below
	 * 64 columns always compact */
	size_t level = pn.w < 64 ? 2 : 0,
	       last = sizeof(sv_levels) / sizeof(sv_levels[0]) - 1;

	for (;; level++) {
		struct pen measure = {NULL, 0, pn.h, pn.w, p};

		/* a level fits when it leaves the slab its positions */
		sv_modes(&sv, level, pn.h);
		sv.squeezed = false;
		if (level == last ||
		    (sv_layout(&sv, &measure) <= pn.h && !sv.squeezed))
			break;
	}
	if (v->scroll > p->lines - pn.h)
		v->scroll = p->lines - pn.h;
	if (v->scroll < 0)
		v->scroll = 0;
	pn.top = v->scroll;
	p->lines = sv_layout(&sv, &pn);
	if (v->scroll > p->lines - pn.h)
		v->scroll = p->lines - pn.h > 0 ? p->lines - pn.h : 0;
	/* the keys, on the last line when it is free (the full header
	 * names them already) */
	if (!sv.hint && p->lines < pn.h)
		cv_text(c, pn.h - 1, 1, EL_DIM,
			p->ascii ? "</> cache  c cpu  n/p slab  ,/. object  "
				   "Enter pin slab"
				 : "\u2190\u2192 cache  c cpu  n/p slab  ,/. "
				   "object  Enter pin slab");
	/* more above / below */
	if (v->scroll > 0)
		cv_text(c, 0, pn.w - 1, EL_DIM, "^");
	if (p->lines - v->scroll > pn.h)
		cv_glyph(c, pn.h - 1, pn.w - 1, EL_DIM, GL_ARROW_DOWN);
}

/* The boot caches that hold struct kmem_cache and kmem_cache_node:
 * creating or destroying a cache allocates or frees there, but the
 * user means the cache itself. */
static bool boot_cache(const struct machine *m, const struct kmem_cache *s)
{
	return s == m->slub->kmem_cache || s == m->slub->kmem_cache_node;
}

/* Which cache a command was about: one it created (or merged into);
 * else the one that served its last allocation (trace last_alloc_cache);
 * else the newest cache named by a SLUB event (a kfree, a shrink). The
 * boot caches only when a command allocated there and nowhere else.
 * NULL: keep the focus. */
static struct kmem_cache *sv_follow(struct machine *m, const struct trace *t)
{
	struct kmem_cache *s, *boot = NULL;

	for (size_t i = t->nr_ev; i-- > 0;)
		if ((t->ev[i].type == EV_CACHE_CREATE ||
		     t->ev[i].type == EV_CACHE_MERGE) &&
		    t->ev[i].cache &&
		    (s = kmem_cache_find_by_name(m, t->ev[i].cache)))
			return s;
	if (t->last_alloc_cache[0] &&
	    (s = kmem_cache_find_by_name(m, t->last_alloc_cache))) {
		if (!boot_cache(m, s))
			return s;
		boot = s;
	}
	for (size_t i = t->nr_ev; i-- > 0;) {
		const struct mm_event *ev = &t->ev[i];

		if (!ev->cache)
			continue;
		switch (ev->type) {
		case EV_SLAB_ALLOC:
		case EV_SLAB_FREE:
		case EV_SLAB_NEW:
		case EV_SLAB_DISCARD:
		case EV_SLAB_MOVE:
			s = kmem_cache_find_by_name(m, ev->cache);
			if (s && !boot_cache(m, s))
				return s;
			break;
		default:
			break;
		}
	}
	return boot;
}

/* Remember what the command touched, and follow it to its cache: the
 * one that served the last allocation (trace last_alloc_cache), else
 * the newest cache named by a SLUB event (a kfree, a shrink). */
static unsigned int sv_update(struct view *v, const struct trace *t)
{
	struct slub_priv *p = v->priv;
	struct machine *m = v->ui->ss->m;
	struct ui_focus *f = &v->ui->focus;
	struct kmem_cache *s = NULL;

	p->nr_chg_slab = p->nr_chg_obj = 0;
	p->chg_many = false;
	memset(p->chg_cpu, 0, sizeof(p->chg_cpu));
	memset(p->chg_node, 0, sizeof(p->chg_node));
	if (!t)
		return UI_REDRAW_VIEW;
	s = sv_follow(m, t);
	if (s && strcmp(s->name, f->cache)) {
		snprintf(f->cache, sizeof(f->cache), "%s", s->name);
		if (!sv_slab_of(m, s, f->slab))
			f->slab = 0;
		v->scroll = 0;
	}
	s = sv_cache(v);
	if (!s)
		return UI_REDRAW_VIEW;
	snprintf(p->chg_cache, sizeof(p->chg_cache), "%s", s->name);
	for (size_t i = 0; i < t->nr_ev; i++) {
		const struct mm_event *ev = &t->ev[i];
		bool cpu_ok = ev->cpu >= 0 && ev->cpu < m->nr_cpus;

		if (!ev->cache || strcmp(ev->cache, s->name))
			continue;
		switch (ev->type) {
		case EV_SLAB_ALLOC:
		case EV_SLAB_FREE:
			if (p->nr_chg_obj < SV_MAX_MARKS)
				p->chg_obj[p->nr_chg_obj++] = ev->addr;
			else
				p->chg_many = true;
			if (cpu_ok &&
			    (ev->type == EV_SLAB_ALLOC ||
			     (s->cpu_slab[ev->cpu].slab &&
			      slab_address(m, s->cpu_slab[ev->cpu].slab) ==
				      ev->addr2)))
				p->chg_cpu[ev->cpu] = 1;
			break;
		case EV_SLAB_FREELIST:
			if (cpu_ok)
				p->chg_cpu[ev->cpu] = 1;
			break;
		case EV_SLAB_MOVE:
			if (ev->text && strstr(ev->text, "cpu") && cpu_ok)
				p->chg_cpu[ev->cpu] = 1;
			if (ev->text &&
			    (strstr(ev->text, "node") ||
			     strstr(ev->text, "full")) &&
			    virt_addr_valid(m, ev->addr2))
				p->chg_node[page_to_nid(
					m, virt_to_page(m, ev->addr2))] = true;
			break;
		case EV_SLAB_NEW:
		case EV_SLAB_DISCARD:
			if (ev->nid >= 0 && ev->nid < KM_MAX_NUMNODES)
				p->chg_node[ev->nid] = true;
			break;
		default:
			continue;
		}
		if (ev->addr2 && !slab_changed(p, ev->addr2)) {
			if (p->nr_chg_slab < SV_MAX_MARKS)
				p->chg_slab[p->nr_chg_slab++] = ev->addr2;
			else
				p->chg_many = true;
		}
	}
	return UI_REDRAW_VIEW;
}

/* Select a slab (and an object of it, or 0); the page map's cursor
 * follows to the slab's first page. */
static void sv_focus(struct view *v, unsigned long slab, unsigned long obj)
{
	struct machine *m = v->ui->ss->m;

	v->ui->focus.slab = slab;
	v->ui->focus.object = obj;
	if (slab && virt_addr_valid(m, slab)) {
		v->ui->focus.pfn = (slab - KM_PAGE_OFFSET) >> KM_PAGE_SHIFT;
		v->ui->focus.have_pfn = true;
	}
}

/* n/p: the next or previous slab of the cache, in the walk order. */
static unsigned int step_slab(struct view *v, int dir)
{
	struct slub_priv *p = v->priv;
	struct machine *m = v->ui->ss->m;
	struct kmem_cache *s = sv_cache(v);
	struct slab_list_ctx lc = {m, NULL, 0};
	int cur = -1;

	if (!s)
		return 0;
	lc.base = malloc(SV_MAX_SLABS * sizeof(*lc.base));
	if (!lc.base)
		return 0;
	slub_for_each_slab(m, s, collect_slab, &lc);
	for (int i = 0; i < lc.n; i++)
		if (lc.base[i] == p->shown_slab)
			cur = i;
	if (lc.n) {
		cur = cur < 0 ? 0 : (cur + dir + lc.n) % lc.n;
		sv_focus(v, lc.base[cur], 0);
	}
	free(lc.base);
	return UI_REDRAW_ALL;
}

/* ,/. : the previous or next object of the shown slab. */
static unsigned int step_object(struct view *v, int dir)
{
	struct slub_priv *p = v->priv;
	struct machine *m = v->ui->ss->m;
	struct kmem_cache *s = sv_cache(v);
	struct page *slab = s ? sv_slab_of(m, s, p->shown_slab) : NULL;
	long i;

	if (!slab)
		return 0;
	i = sv_obj_index(m, s, slab, v->ui->focus.object);
	i = i < 0 ? 0 : (i + dir + slab->objects) % slab->objects;
	sv_focus(v, p->shown_slab, slab_obj_addr(m, s, slab, (unsigned int)i));
	return UI_REDRAW_ALL;
}

static unsigned int step_cache(struct view *v, int dir)
{
	struct kmem_cache *list[512], *s = sv_cache(v);
	int n = sv_caches(v->ui->ss->m, list, 512), cur = -1;

	if (!n)
		return 0;
	for (int i = 0; i < n; i++)
		if (list[i] == s)
			cur = i;
	cur = cur < 0 ? 0 : (cur + dir + n) % n;
	snprintf(v->ui->focus.cache, sizeof(v->ui->focus.cache), "%s",
		 list[cur]->name);
	v->ui->focus.slab = 0;
	v->ui->focus.object = 0;
	v->scroll = 0;
	return UI_REDRAW_ALL;
}

static unsigned int sv_key(struct view *v, int key)
{
	struct slub_priv *p = v->priv;
	int page = p->height > 3 ? p->height - 2 : 1;

	switch (key) {
	case UI_KEY_UP:
	case UI_KEY_WHEEL_UP:
		v->scroll = v->scroll > 0 ? v->scroll - 1 : 0;
		return UI_REDRAW_VIEW;
	case UI_KEY_DOWN:
	case UI_KEY_WHEEL_DOWN:
		v->scroll++; /* clamped by draw */
		return UI_REDRAW_VIEW;
	case UI_KEY_PGUP:
		v->scroll = v->scroll > page ? v->scroll - page : 0;
		return UI_REDRAW_VIEW;
	case UI_KEY_PGDN:
		v->scroll += page;
		return UI_REDRAW_VIEW;
	case UI_KEY_HOME:
		v->scroll = 0;
		return UI_REDRAW_VIEW;
	case UI_KEY_END:
		v->scroll = p->lines;
		return UI_REDRAW_VIEW;
	case UI_KEY_LEFT:
	case '[':
		return step_cache(v, -1);
	case UI_KEY_RIGHT:
	case ']':
		return step_cache(v, 1);
	case 'c': /* focus the next CPU (its box first, its cpu slab) */
		v->ui->focus.cpu = v->ui->focus.cpu + 1 >= v->ui->ss->m->nr_cpus
					   ? -1
					   : v->ui->focus.cpu + 1;
		v->ui->focus.slab = 0;
		v->ui->focus.object = 0;
		return UI_REDRAW_ALL;
	case 'n':
		return step_slab(v, 1);
	case 'p':
		return step_slab(v, -1);
	case '.':
		return step_object(v, 1);
	case ',':
		return step_object(v, -1);
	case UI_KEY_ENTER:
		/* pin the shown slab, or let the grid follow the cpu slab */
		if (v->ui->focus.slab) {
			v->ui->focus.slab = 0;
			v->ui->focus.object = 0;
		} else {
			sv_focus(v, p->shown_slab, 0);
		}
		return UI_REDRAW_ALL;
	case UI_KEY_BACKSPACE:
	case UI_KEY_DELETE:
		v->ui->focus.slab = 0;
		v->ui->focus.object = 0;
		return UI_REDRAW_ALL;
	}
	return 0;
}

static unsigned int sv_click(struct view *v, int y, int x)
{
	struct slub_priv *p = v->priv;

	for (int i = 0; i < p->nr_hits; i++) {
		const struct sv_hit *h = &p->hits[i];

		if (h->y == y && x >= h->x0 && x < h->x1) {
			sv_focus(v, h->slab, h->obj);
			return UI_REDRAW_ALL;
		}
	}
	return 0;
}

static void sv_destroy(struct view *v)
{
	struct slub_priv *p = v->priv;

	if (p) {
		free(p->pos);
		free(p->chain);
	}
	free(p);
	free(v);
}

static const struct view_ops sv_ops = {
	.name = "slub",
	.title = "SLUB",
	.update = sv_update,
	.draw = sv_draw,
	.key = sv_key,
	.click = sv_click,
	.destroy = sv_destroy,
};

struct view *view_slub_new(struct ui_ctx *ui)
{
	struct view *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->priv = calloc(1, sizeof(struct slub_priv));
	if (!v->priv) {
		free(v);
		return NULL;
	}
	v->ops = &sv_ops;
	v->ui = ui;
	if (!ui->focus.cache[0] && ui->ss && ui->ss->last.last_alloc_cache[0])
		snprintf(ui->focus.cache, sizeof(ui->focus.cache), "%s",
			 ui->ss->last.last_alloc_cache);
	return v;
}
