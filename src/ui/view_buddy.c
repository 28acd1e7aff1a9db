// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy view: each populated zone's struct free_area (mm/page_alloc.c,
 * include/linux/mmzone.h) as a table of order x migrate type, the number
 * of free blocks in free_area[order].free_list[mt], with a bar per order
 * of the free pages it holds, coloured by migrate type; then each CPU's
 * struct per_cpu_pages of each zone (count, high, batch and the pages
 * per order).
 *
 * Counts come from buddy_for_each_free() (read-only) and are computed
 * once per command in update(), not per frame: a fragmented 16 GiB
 * machine has millions of free blocks. What the last command changed is
 * drawn EL_CHANGED: a count that differs from before the command, or an
 * order that expand() split or __free_one_page() merged (EV_SPLIT,
 * EV_MERGE), or a pcp list that was refilled or drained.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/buddy.h"
#include "../ui/ui.h"
#include "pen.h"

#define BV_NR_ZONES (KM_MAX_NUMNODES * MAX_NR_ZONES)
#define BV_MAX_HITS 1024

/* free blocks of one zone: [order][migratetype] */
struct bv_counts {
	unsigned long blocks[NR_PAGE_ORDERS][MIGRATE_TYPES];
};

struct buddy_priv {
	const struct machine *m; /* the counts are of this machine */
	bool valid;
	struct bv_counts now[BV_NR_ZONES], before[BV_NR_ZONES];
	/* changed by the last command: orders per zone (bit = order), and
	 * (order, mt) cells; pcp of (zone, cpu) */
	unsigned int chg_order[BV_NR_ZONES];
	unsigned char chg_cell[BV_NR_ZONES][NR_PAGE_ORDERS];
	int pcp_now[BV_NR_ZONES][KM_NR_CPUS];
	unsigned char chg_pcp[BV_NR_ZONES][KM_NR_CPUS];
	int lines, height;
	int layout; /* 0 auto, 1 one row per order, 2 compact */

	/* the count cells on screen, for clicks: zone id, order, type (-1:
	 * the order's nr_free); the selected one (zid -1: none) and the
	 * first free block it holds, which becomes ui->focus.pfn */
	struct bv_hit {
		int y, x0, x1;
		short zid, order, mt;
	} hits[BV_MAX_HITS];
	int nr_hits;
	short sel_zid, sel_order, sel_mt;
	unsigned long sel_pfn, sel_blocks;
};

/* A count cell at content row y: clickable, and drawn selected when it
 * is the user's choice. Returns the element to draw it with. */
static enum ui_elem cell(struct pen *pn, int y, int x0, int x1, int zid,
			 int order, int mt, enum ui_elem e)
{
	struct buddy_priv *p = pn->p;
	int sy = pen_row(pn, y);

	if (sy >= 0 && p->nr_hits < BV_MAX_HITS)
		p->hits[p->nr_hits++] = (struct bv_hit){
			sy, x0, x1, (short)zid, (short)order, (short)mt};
	if (p->sel_zid == zid && p->sel_order == order && p->sel_mt == mt)
		return EL_SELECTED;
	return e;
}

/* --- the counts -------------------------------------------------------- */

static int zone_id(const struct zone *z)
{
	return zone_to_nid(z) * MAX_NR_ZONES + (int)z->idx;
}

static void count_block(void *ctx, const struct zone *zone, unsigned int order,
			int mt, unsigned long pfn)
{
	struct bv_counts *c = ctx;

	(void)zone;
	(void)pfn;
	if (order < NR_PAGE_ORDERS && mt >= 0 && mt < MIGRATE_TYPES)
		c->blocks[order][mt]++;
}

static int pcp_count(const struct zone *z, int cpu)
{
	return z->per_cpu_pageset ? z->per_cpu_pageset[cpu].count : 0;
}

/* Recount every zone (and pcp count) of m into p->now. */
static void bv_count(struct buddy_priv *p, const struct machine *m)
{
	const struct zone *z;

	memset(p->now, 0, sizeof(p->now));
	memset(p->pcp_now, 0, sizeof(p->pcp_now));
	for_each_populated_zone (m, z) {
		int id = zone_id(z);

		buddy_for_each_free(m, z, count_block, &p->now[id]);
		for (int cpu = 0; cpu < m->nr_cpus && cpu < KM_NR_CPUS; cpu++)
			p->pcp_now[id][cpu] = pcp_count(z, cpu);
	}
	p->m = m;
	p->valid = true;
}

static void mark_order(struct buddy_priv *p, int nid, int zone, int order,
		       int mt)
{
	int id = nid * MAX_NR_ZONES + zone;

	if (nid < 0 || nid >= KM_MAX_NUMNODES || zone < 0 ||
	    zone >= MAX_NR_ZONES || order < 0 || order >= NR_PAGE_ORDERS)
		return;
	p->chg_order[id] |= 1u << order;
	if (mt >= 0 && mt < MIGRATE_TYPES)
		p->chg_cell[id][order] |= (unsigned char)(1u << mt);
}

static void bv_select(struct view *v);

/* After a command: recount, and mark what differs or what the events
 * say was split, merged, refilled or drained. */
static unsigned int bv_update(struct view *v, const struct trace *t)
{
	struct buddy_priv *p = v->priv;
	const struct machine *m = v->ui->ss->m;
	bool same = p->valid && p->m == m;

	memcpy(p->before, p->now, sizeof(p->now));
	int pcp_before[BV_NR_ZONES][KM_NR_CPUS];

	memcpy(pcp_before, p->pcp_now, sizeof(pcp_before));
	bv_count(p, m);
	memset(p->chg_order, 0, sizeof(p->chg_order));
	memset(p->chg_cell, 0, sizeof(p->chg_cell));
	memset(p->chg_pcp, 0, sizeof(p->chg_pcp));
	if (!same) {
		p->sel_zid = -1; /* a new machine: nothing to compare */
		return UI_REDRAW_VIEW;
	}
	bv_select(v);
	for (int id = 0; id < BV_NR_ZONES; id++) {
		for (int o = 0; o < NR_PAGE_ORDERS; o++)
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				if (p->now[id].blocks[o][mt] !=
				    p->before[id].blocks[o][mt])
					mark_order(p, id / MAX_NR_ZONES,
						   id % MAX_NR_ZONES, o, mt);
		for (int cpu = 0; cpu < m->nr_cpus; cpu++)
			if (p->pcp_now[id][cpu] != pcp_before[id][cpu])
				p->chg_pcp[id][cpu] = 1;
	}
	for (size_t i = 0; t && i < t->nr_ev; i++) {
		const struct mm_event *ev = &t->ev[i];

		switch (ev->type) {
		case EV_SPLIT: /* the upper half went back at ev->order,
				  taken from the block one order up */
			mark_order(p, ev->nid, ev->zone, ev->order, ev->mt);
			mark_order(p, ev->nid, ev->zone, ev->order + 1, ev->mt);
			break;
		case EV_MERGE: /* buddy of ev->order left, order+1 formed */
			mark_order(p, ev->nid, ev->zone, ev->order, ev->mt);
			mark_order(p, ev->nid, ev->zone, ev->order + 1, ev->mt);
			break;
		case EV_PCP_REFILL:
		case EV_PCP_DRAIN:
			if (ev->nid >= 0 && ev->nid < KM_MAX_NUMNODES &&
			    ev->zone >= 0 && ev->zone < MAX_NR_ZONES &&
			    ev->cpu >= 0 && ev->cpu < KM_NR_CPUS)
				p->chg_pcp[ev->nid * MAX_NR_ZONES + ev->zone]
					  [ev->cpu] = 1;
			break;
		default:
			break;
		}
	}
	return UI_REDRAW_VIEW;
}

/* --- drawing ------------------------------------------------------------ */

static const enum ui_elem mt_elem[MIGRATE_TYPES] = {
	EL_MT_UNMOVABLE, EL_MT_MOVABLE, EL_MT_RECLAIMABLE,
	EL_MT_OTHER,	 EL_MT_OTHER,
};
static const char *const mt_short[MIGRATE_TYPES] = {
	"Unmov", "Movab", "Recl", "HiAt", "Isol",
};

struct bv {
	struct view *v;
	struct buddy_priv *p;
	const struct machine *m;
	const struct zone *zones[BV_NR_ZONES];
	int nr_zones;
};

/* Migrate types worth a column: the three pcp types (all: only those
 * with free blocks), and HighAtomic and Isolate where they hold some. */
static int shown_mts(const struct bv_counts *c, int *mts, bool all)
{
	int n = 0;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
		bool any = all && mt < MIGRATE_PCPTYPES;

		for (int o = 0; !any && o < NR_PAGE_ORDERS; o++)
			any = c->blocks[o][mt] != 0;
		if (any)
			mts[n++] = mt;
	}
	return n;
}

static unsigned long order_blocks(const struct bv_counts *c, int o)
{
	unsigned long n = 0;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		n += c->blocks[o][mt];
	return n;
}

static void zone_title(const struct zone *z, char *buf, size_t len, bool wide)
{
	unsigned long free = z->nr_free_pages;

	snprintf(buf, len, "Node %d, zone %s  free %lu pages (%lu.%lu MiB)",
		 zone_to_nid(z), z->name, free, free >> 8,
		 (free & 255) * 10 / 256);
	if (wide)
		snprintf(buf + strlen(buf), len - strlen(buf),
			 "  min %lu low %lu high %lu", min_wmark_pages(z),
			 low_wmark_pages(z), high_wmark_pages(z));
}

/*
 * A bar of the pages of one order, stacked by migrate type: w columns
 * stand for max pages; every type that has a block gets at least half a
 * cell, so a single order-0 page still shows.
 */
static void order_bar(struct pen *pn, int y, int x, int w,
		      const struct bv_counts *c, int o, unsigned long max)
{
	double per = max ? (double)w / (double)max : 0;
	double at = 0;

	/* callers pass 0..MAX_PAGE_ORDER; the check also tells gcc so */
	if (o < 0 || o >= NR_PAGE_ORDERS)
		return;
	for (int mt = 0; mt < MIGRATE_TYPES && max; mt++) {
		unsigned long pages = c->blocks[o][mt] << o;
		double len = (double)pages * per;
		int from = (int)(at + 0.5), to;

		if (!pages)
			continue;
		at += len;
		to = (int)(at + 0.5);
		if (to > w)
			to = w;
		if (to > from)
			p_fill(pn, y, x + from, to - from, mt_elem[mt],
			       GL_BLOCK_FULL);
		else if (from < w)
			p_glyph(pn, y, x + from, mt_elem[mt], GL_BLOCK_HALF);
		if (to <= from)
			at = from + 1;
	}
}

static unsigned long max_order_pages(const struct bv_counts *c)
{
	unsigned long max = 0;

	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		if ((order_blocks(c, o) << o) > max)
			max = order_blocks(c, o) << o;
	return max;
}

/* Layout 1: a box per zone, a row per order (count per type, nr_free,
 * pages, bar): the orders, a header and the frame. */
#define TALL_ZONE_H (NR_PAGE_ORDERS + 3)

static void draw_zone_tall(struct bv *b, struct pen *pn, int y, int x, int w,
			   const struct zone *z)
{
	int id = zone_id(z), mts[MIGRATE_TYPES], nmt;
	const struct bv_counts *c = &b->p->now[id];
	unsigned long max = max_order_pages(c);
	char title[160];
	int cx, bar_x;

	nmt = shown_mts(c, mts, true);
	zone_title(z, title, sizeof(title), w >= 90);
	p_box(pn, y, x, TALL_ZONE_H, w, EL_BORDER, title,
	      b->p->chg_order[id] ? EL_CHANGED : EL_TITLE);
	cx = x + 2;
	p_text(pn, y + 1, cx, x + w - 1, EL_DIM, "order");
	for (int i = 0; i < nmt; i++)
		p_printf(pn, y + 1, cx + 6 + 7 * i, x + w - 1, mt_elem[mts[i]],
			 "%6s", mt_short[mts[i]]);
	bar_x = cx + 6 + 7 * nmt + 18;
	p_printf(pn, y + 1, cx + 6 + 7 * nmt, x + w - 1, EL_DIM, "%8s %8s",
		 "nr_free", "pages");
	p_text(pn, y + 1, bar_x, x + w - 1, EL_DIM,
	       x + w - 1 - bar_x >= 18 ? "free pages by type" : "bar");
	for (int o = 0; o < NR_PAGE_ORDERS; o++) {
		int ry = y + 2 + o;
		bool chg = b->p->chg_order[id] >> o & 1;
		unsigned long n = order_blocks(c, o);

		p_printf(pn, ry, cx, x + w - 1, chg ? EL_CHANGED : EL_NORMAL,
			 "%5d", o);
		for (int i = 0; i < nmt; i++) {
			unsigned long k = c->blocks[o][mts[i]];
			bool cc = b->p->chg_cell[id][o] >> mts[i] & 1;

			p_printf(pn, ry, cx + 6 + 7 * i, x + w - 1,
				 cell(pn, ry, cx + 6 + 7 * i, cx + 12 + 7 * i,
				      id, o, mts[i],
				      cc  ? EL_CHANGED
				      : k ? EL_NORMAL
					  : EL_DIM),
				 "%6lu", k);
		}
		p_printf(pn, ry, cx + 6 + 7 * nmt, x + w - 1,
			 cell(pn, ry, cx + 6 + 7 * nmt, cx + 14 + 7 * nmt, id,
			      o, -1, chg ? EL_CHANGED : EL_NORMAL),
			 "%8lu", n);
		p_printf(pn, ry, cx + 6 + 7 * nmt + 9, x + w - 1, EL_DIM,
			 "%8lu", n << o);
		if (x + w - 2 - bar_x >= 4)
			order_bar(pn, ry, bar_x, x + w - 2 - bar_x, c, o, max);
	}
}

/* Layout 2 (compact): no box; a column per order, a row per migrate
 * type that has free blocks, the total, and a row of short bars. */
static int draw_zone_compact(struct bv *b, struct pen *pn, int y,
			     const struct zone *z)
{
	int id = zone_id(z), mts[MIGRATE_TYPES], nmt, x1 = pn->w;
	const struct bv_counts *c = &b->p->now[id];
	unsigned long max = max_order_pages(c);
	char title[160];
	int lab = 12, col = (x1 - lab) / NR_PAGE_ORDERS;

	if (col > 8)
		col = 8;
	if (col < 4)
		col = 4;
	nmt = shown_mts(c, mts, false);
	zone_title(z, title, sizeof(title), false);
	p_glyph(pn, y, 0, EL_DIM, GL_TEE_RIGHT);
	p_text(pn, y, 1, x1, b->p->chg_order[id] ? EL_CHANGED : EL_TITLE,
	       title);
	p_text(pn, y + 1, 1, x1, EL_DIM, "order");
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		p_printf(pn, y + 1, lab + o * col, x1,
			 b->p->chg_order[id] >> o & 1 ? EL_CHANGED : EL_DIM,
			 "%*d", col - 1, o);
	for (int i = 0; i < nmt; i++) {
		int mt = mts[i];

		p_text(pn, y + 2 + i, 1, lab, mt_elem[mt],
		       migratetype_names[mt]);
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			unsigned long k = c->blocks[o][mt];

			p_printf(pn, y + 2 + i, lab + o * col, x1,
				 cell(pn, y + 2 + i, lab + o * col,
				      lab + (o + 1) * col - 1, id, o, mt,
				      b->p->chg_cell[id][o] >> mt & 1
					      ? EL_CHANGED
				      : k ? EL_NORMAL
					  : EL_DIM),
				 "%*lu", col - 1, k);
		}
	}
	int ty = y + 2 + nmt;

	p_text(pn, ty, 1, lab, EL_DIM, "nr_free");
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		p_printf(pn, ty, lab + o * col, x1,
			 cell(pn, ty, lab + o * col, lab + (o + 1) * col - 1,
			      id, o, -1,
			      b->p->chg_order[id] >> o & 1 ? EL_CHANGED
							   : EL_NORMAL),
			 "%*lu", col - 1, order_blocks(c, o));
	p_text(pn, ty + 1, 1, lab, EL_DIM, "pages");
	for (int o = 0; o < NR_PAGE_ORDERS; o++)
		order_bar(pn, ty + 1, lab + o * col, col - 1, c, o, max);
	return nmt + 4;
}

/* Layout 1 fits when the zones, in columns of at least 58, fit with the
 * pcp table. */
static int tall_cols(const struct pen *pn, int nr_zones)
{
	int ncol = pn->w / 58;

	if (ncol < 1)
		ncol = 1;
	return ncol > nr_zones ? nr_zones : ncol;
}

static int draw_zones(struct bv *b, struct pen *pn, int y, bool tall)
{
	int used = 0;

	if (tall) {
		int ncol = tall_cols(pn, b->nr_zones);

		for (int i = 0; i < b->nr_zones; i += ncol) {
			for (int k = 0; k < ncol && i + k < b->nr_zones; k++) {
				int bw = pn->w / ncol, x = k * bw;

				if (k == ncol - 1)
					bw = pn->w - x;
				draw_zone_tall(b, pn, y + used, x, bw,
					       b->zones[i + k]);
			}
			used += TALL_ZONE_H;
		}
		return used;
	}
	for (int i = 0; i < b->nr_zones; i++)
		used += draw_zone_compact(b, pn, y + used, b->zones[i]);
	return used;
}

/* Pages on one pcp list (NR_PCP_LISTS: 3 * order + mt for orders 0..3,
 * then the two THP order-9 lists). */
static unsigned long pcp_list_pages(const struct per_cpu_pages *pcp, int i)
{
	int order = i < NR_LOWORDER_PCP_LISTS ? i / MIGRATE_PCPTYPES
					      : pageblock_order;

	return (unsigned long)list_count(&pcp->lists[i]) << order;
}

static int draw_pcp(struct bv *b, struct pen *pn, int y, bool wide)
{
	const struct machine *m = b->m;
	int used = 0, x1 = pn->w;

	p_glyph(pn, y, 0, EL_DIM, GL_TEE_RIGHT);
	p_text(pn, y, 1, x1, EL_TITLE, "per_cpu_pages");
	p_text(pn, y, 14, x1, EL_DIM,
	       wide ? "    cpu*  count  high batch  pages on the lists "
		      "(Unmovable/Movable/Reclaimable): order 0, 1, 2, 3, "
		      "thp"
		    : "    cpu*  count  high batch  (* current)");
	used++;
	for (int i = 0; i < b->nr_zones; i++) {
		const struct zone *z = b->zones[i];
		int id = zone_id(z), idle = 0, first_idle = 0;

		if (!z->per_cpu_pageset)
			continue;
		for (int cpu = 0; cpu < m->nr_cpus; cpu++) {
			const struct per_cpu_pages *pcp =
				&z->per_cpu_pageset[cpu];
			bool chg = b->p->chg_pcp[id][cpu];
			int ry = y + used, x = 1;

			if (m->nr_cpus > 4 && !pcp->count &&
			    cpu != m->cur_cpu && !chg) {
				if (!idle++)
					first_idle = cpu;
				continue;
			}
			p_printf(pn, ry, x, x1, EL_NORMAL, "%d:%s",
				 zone_to_nid(z), z->name);
			x = 19;
			p_printf(pn, ry, x, x1, chg ? EL_CHANGED : EL_NORMAL,
				 "%3d%s", cpu, cpu == m->cur_cpu ? "*" : " ");
			x += 4;
			p_printf(pn, ry, x, x1, chg ? EL_CHANGED : EL_NORMAL,
				 "%7d", pcp->count);
			x += 7;
			p_printf(pn, ry, x, x1, EL_DIM, "%6d%6d", pcp->high,
				 pcp->batch);
			x += 14;
			if (!wide) {
				/* count against high as a short bar */
				int bw = x1 - x - 1 > 20 ? 20 : x1 - x - 1;
				int n = pcp->high > 0
						? pcp->count * bw / pcp->high
						: 0;

				if (bw > 2) {
					p_fill(pn, ry, x, bw, EL_DIM,
					       GL_BLOCK_LIGHT);
					if (n > bw)
						n = bw;
					if (n > 0)
						p_fill(pn, ry, x, n, EL_PCP,
						       GL_BLOCK_FULL);
					else if (pcp->count)
						p_glyph(pn, ry, x, EL_PCP,
							GL_BLOCK_HALF);
				}
				used++;
				continue;
			}
			for (int o = 0; o <= PAGE_ALLOC_COSTLY_ORDER; o++) {
				char buf[48];
				int l = o * MIGRATE_PCPTYPES;

				snprintf(buf, sizeof(buf), "%lu/%lu/%lu",
					 pcp_list_pages(pcp, l),
					 pcp_list_pages(pcp, l + 1),
					 pcp_list_pages(pcp, l + 2));
				p_printf(pn, ry, x, x1,
					 strcmp(buf, "0/0/0") ? EL_PCP : EL_DIM,
					 "%-11s", buf);
				x += 12;
			}
			p_printf(pn, ry, x, x1, EL_DIM, "%lu",
				 pcp_list_pages(pcp, NR_LOWORDER_PCP_LISTS) +
					 pcp_list_pages(pcp,
							NR_LOWORDER_PCP_LISTS +
								1));
			used++;
		}
		if (idle) {
			p_printf(pn, y + used, 1, x1, EL_DIM,
				 "%d:%-7s %d other CPUs: empty lists (high %d "
				 "batch %d)",
				 zone_to_nid(z), z->name, idle,
				 z->per_cpu_pageset[first_idle].high,
				 z->per_cpu_pageset[first_idle].batch);
			used++;
		}
	}
	return used;
}

static void draw_legend(struct pen *pn, int y)
{
	int x = 1;

	p_glyph(pn, y, 0, EL_DIM, GL_TEE_RIGHT);
	x += p_text(pn, y, x, pn->w, EL_TITLE, "free_area");
	x += p_text(pn, y, x, pn->w, EL_DIM,
		    pn->w >= 110 ? "[order].free_list[mt]: free blocks  "
				 : " blocks  ");
	for (int mt = 0; mt < MIGRATE_PCPTYPES + 1; mt++) {
		if (x + 14 > pn->w)
			break;
		p_glyph(pn, y, x, mt_elem[mt], GL_BLOCK_FULL);
		x += 2;
		x += p_text(pn, y, x, pn->w, EL_DIM,
			    mt == MIGRATE_PCPTYPES ? "other"
						   : migratetype_names[mt]);
		x += 2;
	}
}

/* The first free block of the selected (zone, order, type) and how
 * many there are: the page map follows it through ui->focus.pfn. */
struct first_ctx {
	int order, mt;
	unsigned long n, pfn;
};

static void first_block(void *ctx, const struct zone *zone, unsigned int order,
			int mt, unsigned long pfn)
{
	struct first_ctx *fc = ctx;

	(void)zone;
	if ((int)order != fc->order || (fc->mt >= 0 && mt != fc->mt))
		return;
	if (!fc->n++)
		fc->pfn = pfn;
}

static void bv_select(struct view *v)
{
	struct buddy_priv *p = v->priv;
	const struct machine *m = v->ui->ss->m;
	struct first_ctx fc = {p->sel_order, p->sel_mt, 0, 0};
	int nid = p->sel_zid / MAX_NR_ZONES;

	if (p->sel_zid < 0 || nid >= m->nr_nodes)
		return;
	buddy_for_each_free(
		m, &m->node_data[nid].node_zones[p->sel_zid % MAX_NR_ZONES],
		first_block, &fc);
	p->sel_blocks = fc.n;
	p->sel_pfn = fc.pfn;
	if (fc.n) {
		v->ui->focus.pfn = fc.pfn;
		v->ui->focus.have_pfn = true;
	}
}

static int draw_selection(struct bv *b, struct pen *pn, int y)
{
	struct buddy_priv *p = b->p;
	const struct zone *z;
	char buf[160];

	if (p->sel_zid < 0 || p->sel_zid / MAX_NR_ZONES >= b->m->nr_nodes)
		return 0;
	z = &b->m->node_data[p->sel_zid / MAX_NR_ZONES]
		     .node_zones[p->sel_zid % MAX_NR_ZONES];
	if (p->sel_blocks)
		snprintf(buf, sizeof(buf),
			 "free_area[%d].free_list[%s] of %d:%s: %lu blocks, "
			 "the first at pfn %#lx",
			 p->sel_order,
			 p->sel_mt < 0 ? "*" : migratetype_names[p->sel_mt],
			 zone_to_nid(z), z->name, p->sel_blocks, p->sel_pfn);
	else
		snprintf(buf, sizeof(buf),
			 "free_area[%d].free_list[%s] of %d:%s: empty",
			 p->sel_order,
			 p->sel_mt < 0 ? "*" : migratetype_names[p->sel_mt],
			 zone_to_nid(z), z->name);
	p_text(pn, y, 1, pn->w, EL_SELECTED, buf);
	return 1;
}

static void bv_draw(struct view *v, struct canvas *c)
{
	struct buddy_priv *p = v->priv;
	struct bv b = {v, p, v->ui->ss->m, {NULL}, 0};
	struct pen pn = {c, 0, cv_height(c), cv_width(c), p};
	const struct zone *z;
	bool tall, wide = pn.w >= 110;
	int y = 0, pcp_rows;

	if (!p->valid || p->m != b.m)
		bv_count(p, b.m);
	for_each_populated_zone (b.m, z) {
		if (b.nr_zones < BV_NR_ZONES)
			b.zones[b.nr_zones++] = z;
	}
	p->height = pn.h;
	pcp_rows = 1 + b.nr_zones * (b.m->nr_cpus > 4 ? 2 : b.m->nr_cpus);
	if (p->layout)
		tall = p->layout == 1;
	else
		tall = 1 +
			       ((b.nr_zones + tall_cols(&pn, b.nr_zones) - 1) /
				tall_cols(&pn, b.nr_zones)) *
				       TALL_ZONE_H +
			       pcp_rows <=
		       pn.h;

	if (v->scroll > p->lines - pn.h)
		v->scroll = p->lines - pn.h;
	if (v->scroll < 0)
		v->scroll = 0;
	pn.top = v->scroll;
	if (tall) /* compact: the row labels carry the colours */
		draw_legend(&pn, y++);
	p->nr_hits = 0;
	y += draw_zones(&b, &pn, y, tall);
	y += draw_selection(&b, &pn, y);
	y += draw_pcp(&b, &pn, y, wide);
	p->lines = y;
	if (y < pn.h) /* the keys, on the last line when it is free */
		p_text(&pn, pn.h - 1 + pn.top, 1, pn.w, EL_DIM,
		       "l layout (auto, a row per order, compact)");
}

static unsigned int bv_key(struct view *v, int key)
{
	struct buddy_priv *p = v->priv;
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
	case UI_KEY_BACKSPACE:
	case UI_KEY_DELETE:
		p->sel_zid = -1;
		return UI_REDRAW_VIEW;
	case 'l': /* layout: auto, a row per order, compact */
		p->layout = (p->layout + 1) % 3;
		v->scroll = 0;
		return UI_REDRAW_VIEW;
	}
	return 0;
}

/* A click on a count selects that free list; the page map's cursor
 * moves to its first block. */
static unsigned int bv_click(struct view *v, int y, int x)
{
	struct buddy_priv *p = v->priv;

	for (int i = 0; i < p->nr_hits; i++) {
		const struct bv_hit *h = &p->hits[i];

		if (h->y == y && x >= h->x0 && x < h->x1) {
			p->sel_zid = h->zid;
			p->sel_order = h->order;
			p->sel_mt = h->mt;
			bv_select(v);
			return UI_REDRAW_ALL;
		}
	}
	return 0;
}

static void bv_destroy(struct view *v)
{
	free(v->priv);
	free(v);
}

static const struct view_ops bv_ops = {
	.name = "buddy",
	.title = "Buddy",
	.update = bv_update,
	.draw = bv_draw,
	.key = bv_key,
	.click = bv_click,
	.destroy = bv_destroy,
};

struct view *view_buddy_new(struct ui_ctx *ui)
{
	struct view *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->priv = calloc(1, sizeof(struct buddy_priv));
	if (!v->priv) {
		free(v);
		return NULL;
	}
	v->ops = &bv_ops;
	v->ui = ui;
	((struct buddy_priv *)v->priv)->sel_zid = -1;
	return v;
}
