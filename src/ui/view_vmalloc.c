// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vmalloc view: the vmalloc range as mm/vmalloc.c divides it. A band
 * of areas in address order (a cell per mapped page, up to a cap, then
 * the guard page; '~' a free gap; lazily freed areas dim), the list of
 * areas and free gaps (range, size, pages, kind, caller, as in
 * /proc/vmallocinfo), and the selected area's pages, each with an arrow
 * to the page frame behind it: a virtually contiguous area over
 * scattered physical pages.
 *
 * The range is too large to draw to scale (32 TiB for a few KiB areas),
 * so the band is compressed: only order and sizes in pages are kept.
 * The areas are read once per command (update), through the engine's
 * read-only visitor vmalloc_for_each_area(). No kernel twin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/vmalloc.h"
#include "ui.h"

#define VV_MAX_MARKS 256 /* areas the last command touched */

/* An area (busy, lazy, pooled) or a free gap as update() saw it. */
struct vv_area {
	unsigned long start, end; /* [start, end), guard page included */
	int where;		  /* enum va_where */
	unsigned long flags;	  /* VM_* (busy areas with a vm_struct) */
	unsigned int nr_pages;
	bool guard;
	char caller[64];
};

struct vmalloc_priv {
	struct vv_area *a;
	size_t nr, cap;
	bool oom;
	const struct machine *m; /* the machine the list describes */

	/* the last command's areas: [start, end) of EV_VMAP_* and the
	 * addresses of EV_PTE_MAP/UNMAP */
	unsigned long mark[VV_MAX_MARKS][2];
	int nr_mark;
	unsigned long newest; /* the newest area reserved, or 0 */
	bool pinned;	      /* the user chose the area: do not follow */
	int page;	      /* selected page of the area */

	/* the last draw, for clicks */
	int list_y, list_h;
	size_t list_first;
	int band_y, band_h, band_w;
	int pages_y, pages_h, pages_first, pages_ncol, pages_colw;
	unsigned long band_addr[4][256]; /* area start under each cell */
};

static struct machine *vv_machine(struct view *v)
{
	return v->ui && v->ui->ss ? v->ui->ss->m : NULL;
}

static void vv_collect_one(void *ctx, const struct vmap_area *va)
{
	struct vmalloc_priv *p = ctx;
	struct vv_area *x;

	if (p->oom)
		return;
	if (p->nr == p->cap) {
		size_t nc = p->cap ? p->cap * 2 : 64;
		struct vv_area *n = realloc(p->a, nc * sizeof(*n));

		if (!n) {
			p->oom = true;
			return;
		}
		p->a = n;
		p->cap = nc;
	}
	x = &p->a[p->nr++];
	memset(x, 0, sizeof(*x));
	x->start = va->va_start;
	x->end = va->va_end;
	x->where = va->where;
	/* only a busy area's union holds its vm_struct */
	if (va->where == VA_BUSY && va->vm) {
		x->flags = va->vm->flags;
		x->nr_pages = va->vm->nr_pages;
		x->guard = !(va->vm->flags & VM_NO_GUARD);
		snprintf(x->caller, sizeof(x->caller), "%s", va->vm->caller);
	}
}

static void vv_collect(struct vmalloc_priv *p, struct machine *m)
{
	p->nr = 0;
	p->oom = false;
	p->m = m;
	if (m->vmalloc)
		vmalloc_for_each_area(m, vv_collect_one, p);
}

static bool vv_is_area(const struct vv_area *x)
{
	return x->where == VA_BUSY || x->where == VA_LAZY;
}

/* The index of the area (not a gap) holding addr, or -1. */
static long vv_find(const struct vmalloc_priv *p, unsigned long addr)
{
	size_t lo = 0, hi = p->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->a[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->nr && p->a[lo].start <= addr && vv_is_area(&p->a[lo]))
		return (long)lo;
	return -1;
}

static bool vv_marked(const struct vmalloc_priv *p, unsigned long start,
		      unsigned long end)
{
	for (int i = 0; i < p->nr_mark; i++)
		if (p->mark[i][0] < end && p->mark[i][1] > start)
			return true;
	return false;
}

static void vv_add_mark(struct vmalloc_priv *p, unsigned long a,
			unsigned long b)
{
	if (p->nr_mark < VV_MAX_MARKS) {
		p->mark[p->nr_mark][0] = a;
		p->mark[p->nr_mark][1] = b > a ? b : a + 1;
		p->nr_mark++;
	}
}

static unsigned int vv_update(struct view *v, const struct trace *t)
{
	struct vmalloc_priv *p = v->priv;
	struct machine *m = vv_machine(v);

	if (!m)
		return 0;
	vv_collect(p, m);
	p->nr_mark = 0;
	p->newest = 0;
	for (size_t i = 0; t && i < t->nr_ev; i++) {
		const struct mm_event *ev = &t->ev[i];

		switch (ev->type) {
		case EV_VMAP_AREA:
			p->newest = ev->addr;
			vv_add_mark(p, ev->addr, ev->addr2);
			break;
		case EV_VMAP_FREE:
			vv_add_mark(p, ev->addr, ev->addr2);
			break;
		case EV_PTE_MAP:
		case EV_PTE_UNMAP:
			vv_add_mark(p, ev->addr, ev->addr + KM_PAGE_SIZE);
			break;
		default:
			break;
		}
	}
	/* follow the newest area unless the user picked one */
	if (p->newest && (!p->pinned || vv_find(p, v->ui->focus.vm_addr) < 0) &&
	    vv_find(p, p->newest) >= 0) {
		v->ui->focus.vm_addr = p->newest;
		p->page = 0;
	}
	return UI_REDRAW_VIEW;
}

/* --- drawing ------------------------------------------------------------- */

static void vv_size(unsigned long bytes, char *buf, size_t len)
{
	static const char *const unit[] = {"B",	  "KiB", "MiB",
					   "GiB", "TiB", "PiB"};
	int u = 0;

	while (bytes >= 1024 && !(bytes & 1023) && u < 5) {
		bytes >>= 10;
		u++;
	}
	if (bytes >= 10240 && u < 5) {
		snprintf(buf, len, "%lu %s", bytes >> 10, unit[u + 1]);
		return;
	}
	snprintf(buf, len, "%lu %s", bytes, unit[u]);
}

static const char *vv_kind(const struct vv_area *x)
{
	switch (x->where) {
	case VA_LAZY:
		return "lazy";
	case VA_POOL:
		return "pooled";
	case VA_FREE:
		return "free";
	default:
		break;
	}
	if (x->flags & VM_IOREMAP)
		return "ioremap";
	if (x->flags & VM_MAP)
		return "vmap";
	if (x->flags & VM_USERMAP)
		return "vmalloc_user";
	if (x->flags & VM_ALLOC)
		return "vmalloc";
	return "vm_map_ram";
}

/* The band: each area's pages (at most cap cells), its guard, '~' for a
 * gap. Returns the cells it needs (draws when c is not NULL). */
static int vv_band(struct vmalloc_priv *p, struct canvas *c, int y0, int h,
		   int w, unsigned int cap, size_t first, unsigned long sel)
{
	int cell = 0;

	for (size_t i = first; i < p->nr; i++) {
		const struct vv_area *x = &p->a[i];
		unsigned int pages, shown;
		bool chg, is_sel;

		if (!vv_is_area(x)) {
			if (x->where == VA_FREE && i > first && i + 1 < p->nr) {
				if (c && cell < w * h)
					cv_text(c, y0 + cell / w, cell % w,
						EL_DIM, "~");
				cell++;
			}
			continue;
		}
		pages = (unsigned int)((x->end - x->start) >> KM_PAGE_SHIFT);
		if (x->guard && pages)
			pages--;
		shown = pages < cap ? pages : cap;
		chg = vv_marked(p, x->start, x->end);
		is_sel = sel >= x->start && sel < x->end;
		for (unsigned int k = 0; k < shown + (x->guard ? 1 : 0); k++) {
			bool guard = k == shown;
			enum ui_elem e = guard		       ? EL_GUARD
					 : x->where == VA_LAZY ? EL_DIM
					 : k < x->nr_pages     ? EL_VMALLOC
							       : EL_DIM;
			const char *g = guard				  ? "g"
					: x->where == VA_LAZY		  ? "z"
					: k + 1 == shown && shown < pages ? "+"
									  : "V";

			if (is_sel)
				e = EL_SELECTED;
			else if (chg && !guard)
				e = EL_CHANGED;
			if (c && cell < w * h) {
				cv_text(c, y0 + cell / w, cell % w, e, g);
				if (cell / w < 4 && cell % w < 256)
					p->band_addr[cell / w][cell % w] =
						x->start;
			}
			cell++;
		}
	}
	return cell;
}

static void vv_draw_band(struct vmalloc_priv *p, struct canvas *c, int y, int h,
			 int w, unsigned long sel)
{
	unsigned int cap = 16;
	size_t first = 0;
	long si = vv_find(p, sel);

	p->band_y = y;
	p->band_h = h;
	p->band_w = w;
	memset(p->band_addr, 0, sizeof(p->band_addr));
	while (cap > 1 && vv_band(p, NULL, 0, 0, w, cap, 0, sel) > w * h)
		cap /= 2;
	/* still too long: start a little before the selected area */
	if (vv_band(p, NULL, 0, 0, w, cap, 0, sel) > w * h && si > 0) {
		first = (size_t)si;
		for (int back = 0; first > 0 && back < 8; back++)
			first--;
	}
	vv_band(p, c, y, h, w, cap, first, sel);
}

static void vv_draw_list(struct view *v, struct vmalloc_priv *p,
			 struct canvas *c, int y, int h, int w,
			 unsigned long sel)
{
	long si = vv_find(p, sel);
	size_t first;

	/* free gaps are listed too; the last one is the rest of the range */
	if (si >= 0 && (long)v->scroll > si)
		v->scroll = (int)si;
	if (si >= 0 && si >= (long)v->scroll + h)
		v->scroll = (int)(si - h + 1);
	if (v->scroll < 0)
		v->scroll = 0;
	first = (size_t)v->scroll;
	p->list_y = y;
	p->list_h = h;
	p->list_first = first;
	for (int row = 0; row < h && first + (size_t)row < p->nr; row++) {
		const struct vv_area *x = &p->a[first + (size_t)row];
		char size[24];
		enum ui_elem e = EL_NORMAL;
		int xo;

		vv_size(x->end - x->start, size, sizeof(size));
		if (!vv_is_area(x))
			e = EL_DIM;
		if (vv_marked(p, x->start, x->end))
			e = EL_CHANGED;
		if (sel >= x->start && sel < x->end && vv_is_area(x))
			e = EL_SELECTED;
		xo = cv_printf(c, y + row, 0, e, "%c%#lx-%#lx %9s ",
			       e == EL_SELECTED ? '>' : ' ', x->start, x->end,
			       size);
		if (x->where == VA_BUSY)
			xo += cv_printf(c, y + row, xo, e, "pages=%-4u ",
					x->nr_pages);
		xo += cv_printf(c, y + row, xo, e, "%-12s", vv_kind(x));
		if (x->caller[0] && xo < w)
			cv_printf(c, y + row, xo, EL_DIM, " %s", x->caller);
	}
}

static void vv_draw_pages(struct view *v, struct vmalloc_priv *p,
			  struct machine *m, struct canvas *c, int y, int h,
			  int w, unsigned long sel)
{
	struct vm_struct *vm = find_vm_area(m, sel);
	int colw = 44, ncol, x;

	p->pages_h = 0;
	if (!vm) {
		long si = vv_find(p, sel);

		if (si >= 0 && p->a[si].where == VA_LAZY)
			cv_text(c, y, 0, EL_DIM,
				"lazily freed: unmapped, its pages are back in "
				"the buddy allocator; purged later");
		else
			cv_text(c, y, 0, EL_DIM, "no area selected (up/down)");
		return;
	}
	/* physically: how many runs of consecutive frames */
	unsigned int runs = 0;

	for (unsigned int i = 0; i < vm->nr_pages; i++)
		if (!i || page_to_pfn(m, vm->pages[i]) !=
				  page_to_pfn(m, vm->pages[i - 1]) + 1)
			runs++;
	x = cv_printf(c, y, 0, EL_TITLE, "%#lx", vm->addr);
	cv_printf(c, y, x, EL_DIM,
		  ": %u page%s in %u run%s of frames, requested %lu bytes; "
		  "left/right select a page",
		  vm->nr_pages, vm->nr_pages == 1 ? "" : "s", runs,
		  runs == 1 ? "" : "s", vm->requested_size);
	if (p->page >= (int)vm->nr_pages)
		p->page = vm->nr_pages ? (int)vm->nr_pages - 1 : 0;
	ncol = w / colw > 0 ? w / colw : 1;
	if (h < 2)
		return;
	/* the page rows, scrolled so that the selected page shows */
	int rows = h - 1, first = 0;
	unsigned int total = vm->nr_pages + 1; /* + the guard */

	if (p->page / ncol >= rows)
		first = (p->page / ncol - rows + 1) * ncol;
	p->pages_y = y + 1;
	p->pages_h = rows;
	p->pages_first = first;
	p->pages_ncol = ncol;
	p->pages_colw = colw;
	for (unsigned int i = (unsigned int)first; i < total; i++) {
		int r = (int)(i - (unsigned int)first) / ncol;
		int cx = (int)(i - (unsigned int)first) % ncol * colw;
		unsigned long va =
			vm->addr + ((unsigned long)i << KM_PAGE_SHIFT);
		enum ui_elem e;

		if (r >= rows)
			break;
		if (i == vm->nr_pages) {
			if (vm->flags & VM_NO_GUARD)
				break;
			cx += cv_printf(c, y + 1 + r, cx, EL_GUARD, "%#lx", va);
			cv_text(c, y + 1 + r, cx, EL_DIM,
				" guard page, unmapped");
			break;
		}
		e = (int)i == p->page	       ? EL_SELECTED
		    : vv_marked(p, va, va + 1) ? EL_CHANGED
					       : EL_VMALLOC;
		cx += cv_printf(c, y + 1 + r, cx, e, "%3u %#lx", i, va);
		cv_glyph(c, y + 1 + r, cx + 1, EL_DIM, GL_ARROW_RIGHT);
		cv_printf(c, y + 1 + r, cx + 3, EL_NORMAL, "pfn %#lx",
			  page_to_pfn(m, vm->pages[i]));
	}
}

static void vv_draw(struct view *v, struct canvas *c)
{
	struct vmalloc_priv *p = v->priv;
	struct machine *m = vv_machine(v);
	int h = cv_height(c), w = cv_width(c), x, band_h, list_h, y;
	unsigned long sel, busy = 0, lazy = 0;
	char size[24];

	if (!m || h < 1 || w < 10)
		return;
	if (p->m != m)
		vv_collect(p, m); /* first draw, or a new machine */
	if (!m->vmalloc)
		return;
	sel = v->ui->focus.vm_addr;
	if (vv_find(p, sel) < 0) {
		/* nothing selected yet: the first area */
		for (size_t i = 0; i < p->nr; i++)
			if (vv_is_area(&p->a[i])) {
				sel = v->ui->focus.vm_addr = p->a[i].start;
				break;
			}
	}
	for (size_t i = 0; i < p->nr; i++) {
		if (p->a[i].where == VA_BUSY)
			busy++;
		else if (p->a[i].where == VA_LAZY)
			lazy++;
	}
	vv_size(vmalloc_end(m) - KM_VMALLOC_START + 1, size, sizeof(size));
	x = cv_printf(c, 0, 0, EL_TITLE, "%#lx-%#lx", KM_VMALLOC_START,
		      vmalloc_end(m));
	cv_printf(c, 0, x, EL_DIM,
		  " %s: %lu area%s, %lu lazy (%lu/%lu pages to purge)", size,
		  busy, busy == 1 ? "" : "s", lazy, vmap_lazy_nr(m),
		  lazy_max_pages(m));
	if (p->oom) {
		cv_text(c, 1, 0, EL_ERROR, "out of memory listing the areas");
		return;
	}
	p->pages_h = 0;
	p->band_h = 0;
	if (h < 4) {
		vv_draw_list(v, p, c, 1, h - 1, w, sel);
		return;
	}
	band_h = h >= 20 ? 3 : 1;
	if (band_h > 4)
		band_h = 4;
	vv_draw_band(p, c, 1, band_h, w > 256 ? 256 : w, sel);
	y = 1 + band_h;
	/* the list takes what it needs, at most half: the pages the rest */
	list_h = (h - y) / 2;
	if ((size_t)list_h > p->nr)
		list_h = (int)p->nr;
	if (list_h < 1)
		list_h = 1;
	vv_draw_list(v, p, c, y, list_h, w, sel);
	y += list_h;
	if (y < h)
		vv_draw_pages(v, p, m, c, y, h - y, w, sel);
}

/* --- keys ---------------------------------------------------------------- */

/* The next area (not a gap) from index i in direction dir, n times. */
static long vv_step(const struct vmalloc_priv *p, long i, int dir, int n)
{
	long best = i;

	for (long k = i + dir; k >= 0 && k < (long)p->nr && n > 0; k += dir)
		if (vv_is_area(&p->a[k])) {
			best = k;
			n--;
		}
	return best;
}

static unsigned int vv_select_page(struct view *v, struct vmalloc_priv *p,
				   int page)
{
	struct machine *m = vv_machine(v);
	struct vm_struct *vm = m ? find_vm_area(m, v->ui->focus.vm_addr) : NULL;

	if (!vm || !vm->nr_pages)
		return 0;
	if (page < 0)
		page = 0;
	if (page >= (int)vm->nr_pages)
		page = (int)vm->nr_pages - 1;
	p->page = page;
	/* the page map's cursor follows the selected page */
	v->ui->focus.pfn = page_to_pfn(m, vm->pages[page]);
	v->ui->focus.have_pfn = true;
	return UI_REDRAW_ALL;
}

static unsigned int vv_key(struct view *v, int key)
{
	struct vmalloc_priv *p = v->priv;
	long i = vv_find(p, v->ui->focus.vm_addr), j;

	switch (key) {
	case UI_KEY_UP:
	case 'k':
		j = vv_step(p, i < 0 ? (long)p->nr : i, -1, 1);
		break;
	case UI_KEY_DOWN:
	case 'j':
		j = vv_step(p, i, 1, 1);
		break;
	case UI_KEY_PGUP:
		j = vv_step(p, i < 0 ? (long)p->nr : i, -1,
			    p->list_h > 1 ? p->list_h - 1 : 1);
		break;
	case UI_KEY_PGDN:
		j = vv_step(p, i, 1, p->list_h > 1 ? p->list_h - 1 : 1);
		break;
	case UI_KEY_HOME:
		j = vv_step(p, -1, 1, 1);
		break;
	case UI_KEY_END:
		j = vv_step(p, (long)p->nr, -1, 1);
		break;
	case UI_KEY_LEFT:
	case 'h':
		return vv_select_page(v, p, p->page - 1);
	case UI_KEY_RIGHT:
	case 'l':
		return vv_select_page(v, p, p->page + 1);
	case UI_KEY_ENTER:
		return vv_select_page(v, p, p->page);
	default:
		return 0;
	}
	if (j < 0 || j >= (long)p->nr || j == i)
		return 0;
	v->ui->focus.vm_addr = p->a[j].start;
	p->pinned = true;
	p->page = 0;
	return UI_REDRAW_VIEW;
}

static unsigned int vv_click(struct view *v, int y, int x)
{
	struct vmalloc_priv *p = v->priv;
	unsigned long addr = 0;

	if (y >= p->list_y && y < p->list_y + p->list_h) {
		size_t i = p->list_first + (size_t)(y - p->list_y);

		if (i < p->nr && vv_is_area(&p->a[i]))
			addr = p->a[i].start;
	} else if (y >= p->band_y && y < p->band_y + p->band_h &&
		   y - p->band_y < 4 && x >= 0 && x < 256) {
		addr = p->band_addr[y - p->band_y][x];
	}
	if (!addr && y >= p->pages_y && y < p->pages_y + p->pages_h &&
	    p->pages_ncol > 0 && x < p->pages_ncol * p->pages_colw)
		return vv_select_page(v, p,
				      p->pages_first +
					      (y - p->pages_y) * p->pages_ncol +
					      x / p->pages_colw);
	if (!addr)
		return 0;
	v->ui->focus.vm_addr = addr;
	p->pinned = true;
	p->page = 0;
	return UI_REDRAW_VIEW;
}

static void vv_destroy(struct view *v)
{
	struct vmalloc_priv *p = v->priv;

	free(p->a);
	free(p);
	free(v);
}

static const struct view_ops vmalloc_ops = {
	.name = "vmalloc",
	.title = "vmalloc",
	.update = vv_update,
	.draw = vv_draw,
	.key = vv_key,
	.click = vv_click,
	.destroy = vv_destroy,
};

struct view *view_vmalloc_new(struct ui_ctx *ui)
{
	struct view *v = calloc(1, sizeof(*v));
	struct vmalloc_priv *p = calloc(1, sizeof(*p));

	if (!v || !p) {
		free(v);
		free(p);
		return NULL;
	}
	v->ops = &vmalloc_ops;
	v->ui = ui;
	v->priv = p;
	return v;
}
