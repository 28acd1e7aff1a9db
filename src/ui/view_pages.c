// SPDX-License-Identifier: GPL-2.0-only
/*
 * The page map: every page frame a cell coloured by its owner, one
 * section per zone (node, zone, pfn range), free blocks shown by the
 * order digit at their head. When the machine has more pages than the
 * pane has cells, a cell stands for 2^zoom pages and shows the dominant
 * owner (upper case: all its pages; lower case: most). A cursor (the
 * shared focus.pfn) and a status line describe one page or cell; the
 * pages the last command touched are drawn EL_CHANGED.
 *
 * The model is src/ui/pagemap.c: a trace observer marks the granules
 * that events touch and update() rescans only those, so a redraw of the
 * big preset (4 Mi pages) costs the cells on screen, never the machine.
 * No kernel twin (what /proc/kpageflags would draw).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/vmalloc.h"
#include "pagemap.h"
#include "ui.h"

#define PV_MAX_SECS (KM_MAX_NUMNODES * MAX_NR_ZONES)
#define PV_MAX_SHIFT 22 /* 4 Mi pages a cell: any machine fits */
#define PV_MAX_COLS 1024

/* One zone's part of the map: a title line, then rows of cells. */
struct pv_sec {
	int nid, zid;
	unsigned long start, end; /* the zone's pfns */
	unsigned long base;	  /* start rounded down to a cell */
	long line0;		  /* its title line */
	long nrows;
};

struct pages_priv {
	struct pagemap pm;
	struct trace *observed; /* the trace our observer sits on, or NULL */
	int zoom;		/* log2 pages a cell; -1 fits the pane */

	/* the layout of the last draw (keys and clicks use it) */
	int shift, cols, gutter, map_h;
	struct pv_sec sec[PV_MAX_SECS];
	int nr_sec;
	long lines;
};

static const char order_digit[] = "0123456789A";

static enum ui_elem class_elem(enum pm_class c)
{
	switch (c) {
	case PM_FREE:
		return EL_FREE;
	case PM_PCP:
		return EL_PCP;
	case PM_SLAB:
		return EL_SLAB;
	case PM_LARGE:
	case PM_PAGES:
		return EL_LARGE;
	case PM_VMALLOC:
		return EL_VMALLOC;
	case PM_PGTABLE:
		return EL_PGTABLE;
	case PM_RESERVED:
		return EL_RESERVED;
	default:
		return EL_DIM;
	}
}

/* Letters: upper case a block's head or a cell of one owner only. */
static const char class_upper[NR_PM_CLASSES] = {
	[PM_HOLE] = ' ',    [PM_FREE] = '.',	[PM_PCP] = 'C',
	[PM_SLAB] = 'S',    [PM_LARGE] = 'L',	[PM_PAGES] = 'P',
	[PM_VMALLOC] = 'V', [PM_PGTABLE] = 'T', [PM_RESERVED] = 'R',
};
static const char class_lower[NR_PM_CLASSES] = {
	[PM_HOLE] = ' ',    [PM_FREE] = ':',	[PM_PCP] = 'c',
	[PM_SLAB] = 's',    [PM_LARGE] = 'l',	[PM_PAGES] = 'p',
	[PM_VMALLOC] = 'v', [PM_PGTABLE] = 't', [PM_RESERVED] = 'r',
};

/* --- the model --------------------------------------------------------- */

static void pv_observe(void *ctx, const struct mm_event *ev)
{
	pagemap_note(ctx, ev, PM_NOTE_DIRTY);
}

/* An observer cannot be removed from a trace: a destroyed view leaves
 * this in its slot. */
static void pv_observe_nothing(void *ctx, const struct mm_event *ev)
{
}

static struct machine *pv_machine(struct view *v)
{
	return v->ui && v->ui->ss ? v->ui->ss->m : NULL;
}

static unsigned int pages_update(struct view *v, const struct trace *t)
{
	struct pages_priv *p = v->priv;
	struct machine *m = pv_machine(v);

	if (!m)
		return 0;
	if (!p->observed)
		pagemap_note_trace(&p->pm, t, PM_NOTE_DIRTY);
	pagemap_sync(&p->pm, m);
	/* highlights: this command's events only */
	pagemap_clear_changed(&p->pm);
	pagemap_note_trace(&p->pm, t, PM_NOTE_CHANGED);
	if (p->pm.have_hint && !v->ui->focus.have_pfn)
		v->ui->focus.pfn = p->pm.hint_pfn;
	return UI_REDRAW_VIEW;
}

/* --- layout ------------------------------------------------------------- */

static int hex_digits(unsigned long x)
{
	int n = 1;

	while (x >>= 4)
		n++;
	return n;
}

/* Sections and lines for cells of 2^shift pages, cols a row. */
static long pv_layout(struct pages_priv *p, const struct machine *m, int shift,
		      int cols)
{
	long line = 0;

	p->nr_sec = 0;
	for (int nid = 0; nid < m->nr_nodes; nid++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone =
				&m->node_data[nid].node_zones[z];
			struct pv_sec *s;
			unsigned long cells;

			if (!zone->spanned_pages || p->nr_sec == PV_MAX_SECS)
				continue;
			s = &p->sec[p->nr_sec++];
			s->nid = nid;
			s->zid = z;
			s->start = zone->zone_start_pfn;
			s->end = s->start + zone->spanned_pages;
			s->base = s->start & ~((1UL << shift) - 1);
			cells = ((s->end - s->base) + (1UL << shift) - 1) >>
				shift;
			s->line0 = line;
			s->nrows = (long)((cells + (unsigned long)cols - 1) /
					  (unsigned long)cols);
			line += 1 + s->nrows;
		}
	}
	return line;
}

/* The section that holds pfn, or the nearest one after it. */
static const struct pv_sec *pv_sec_of(const struct pages_priv *p,
				      unsigned long pfn)
{
	for (int i = 0; i < p->nr_sec; i++)
		if (pfn < p->sec[i].end)
			return &p->sec[i];
	return p->nr_sec ? &p->sec[p->nr_sec - 1] : NULL;
}

static long pv_line_of(const struct pages_priv *p, unsigned long pfn, int *col)
{
	const struct pv_sec *s = pv_sec_of(p, pfn);
	unsigned long cell;

	*col = 0;
	if (!s)
		return 0;
	if (pfn < s->start)
		pfn = s->start;
	if (pfn >= s->end)
		pfn = s->end - 1;
	cell = (pfn - s->base) >> p->shift;
	*col = (int)(cell % (unsigned long)p->cols);
	return s->line0 + 1 + (long)(cell / (unsigned long)p->cols);
}

/* The first pfn of the cell at (line, col), clamped into its zone; a
 * title line gives its zone's first page. */
static unsigned long pv_pfn_at(const struct pages_priv *p, long line, int col)
{
	for (int i = 0; i < p->nr_sec; i++) {
		const struct pv_sec *s = &p->sec[i];
		unsigned long pfn;

		if (line > s->line0 + s->nrows)
			continue;
		if (line <= s->line0)
			return s->start;
		pfn = s->base + (((unsigned long)(line - s->line0 - 1) *
					  (unsigned long)p->cols +
				  (unsigned long)col)
				 << p->shift);
		if (pfn < s->start)
			pfn = s->start;
		if (pfn >= s->end)
			pfn = s->end - 1;
		return pfn;
	}
	return p->nr_sec ? p->sec[p->nr_sec - 1].end - 1 : 0;
}

static bool pv_is_title(const struct pages_priv *p, long line)
{
	for (int i = 0; i < p->nr_sec; i++)
		if (p->sec[i].line0 == line)
			return true;
	return false;
}

/* The zoom and the columns for a pane of w x map_h. */
static void pv_fit(struct pages_priv *p, const struct machine *m, int w,
		   int map_h)
{
	p->gutter = hex_digits(m->nr_pages ? m->nr_pages - 1 : 0) + 1;
	if (p->gutter < 5)
		p->gutter = 5;
	p->cols = w - p->gutter;
	if (p->cols >= 16)
		p->cols &= ~7; /* rows of whole 8-page groups */
	if (p->cols < 1)
		p->cols = 1;
	if (p->cols > PV_MAX_COLS)
		p->cols = PV_MAX_COLS;
	if (p->zoom >= 0) {
		p->shift = p->zoom;
		p->lines = pv_layout(p, m, p->shift, p->cols);
		return;
	}
	for (p->shift = 0; p->shift < PV_MAX_SHIFT; p->shift++) {
		p->lines = pv_layout(p, m, p->shift, p->cols);
		if (p->lines <= map_h)
			return;
	}
	p->lines = pv_layout(p, m, p->shift, p->cols);
}

/* --- drawing ------------------------------------------------------------- */

/* What one cell shows: its letter and element. */
static void pv_cell(const struct pages_priv *p, unsigned long a,
		    unsigned long b, char *ch, enum ui_elem *e)
{
	const struct pagemap *pm = &p->pm;
	unsigned long cnt[NR_PM_CLASSES];
	enum pm_class dom = PM_HOLE;
	int maxfree;

	if (b - a == 1) {
		uint8_t byte = pm->page[a];
		enum pm_class c = PM_CLASS(byte);
		int o = PM_HEAD_ORDER(byte);

		if (c == PM_FREE)
			*ch = o >= 0 ? order_digit[o] : '.';
		else /* lower case: a page of a block, not its head */
			*ch = o >= 0 || c == PM_RESERVED || c == PM_PGTABLE ||
					      c == PM_VMALLOC
				      ? class_upper[c]
				      : class_lower[c];
		*e = class_elem(c);
		return;
	}
	pagemap_count(pm, a, b, cnt, &maxfree);
	for (int c = 1; c < NR_PM_CLASSES; c++)
		if (cnt[c] > cnt[dom])
			dom = (enum pm_class)c;
	*e = class_elem(dom);
	if (cnt[dom] == b - a)
		*ch = dom == PM_FREE && maxfree >= 0 ? order_digit[maxfree]
						     : class_upper[dom];
	else
		*ch = class_lower[dom];
}

/* A run of cells of one element, flushed as one string. */
struct pv_run {
	struct canvas *c;
	int y, x;
	enum ui_elem e;
	int n;
	char buf[PV_MAX_COLS + 1];
};

static void run_flush(struct pv_run *r)
{
	if (r->n) {
		r->buf[r->n] = '\0';
		cv_text(r->c, r->y, r->x, r->e, r->buf);
	}
	r->x += r->n;
	r->n = 0;
}

static void run_put(struct pv_run *r, char ch, enum ui_elem e)
{
	if (r->n && e != r->e)
		run_flush(r);
	r->e = e;
	r->buf[r->n++] = ch;
}

static void pv_draw_row(struct pages_priv *p, struct canvas *c, int y,
			const struct pv_sec *s, long row, unsigned long cursor)
{
	struct pv_run r = {.c = c, .y = y, .x = p->gutter, .e = EL_NORMAL};
	unsigned long first =
		s->base +
		(((unsigned long)row * (unsigned long)p->cols) << p->shift);

	cv_printf(c, y, 0, EL_DIM, "%*lx", p->gutter - 1,
		  first < s->start ? s->start : first);
	for (int col = 0; col < p->cols; col++) {
		unsigned long a = first + ((unsigned long)col << p->shift);
		unsigned long b = a + (1UL << p->shift);
		enum ui_elem e;
		char ch;

		if (a < s->start)
			a = s->start;
		if (b > s->end)
			b = s->end;
		if (a >= b) {
			run_put(&r, ' ', EL_NORMAL);
			continue;
		}
		pv_cell(p, a, b, &ch, &e);
		if (cursor >= a && cursor < b)
			e = EL_SELECTED;
		else if (pagemap_changed(&p->pm, a, b))
			e = EL_CHANGED;
		run_put(&r, ch, e);
	}
	run_flush(&r);
}

static void pv_size(unsigned long bytes, char *buf, size_t len)
{
	if (bytes >= (1UL << 30) && !(bytes & ((1UL << 30) - 1)))
		snprintf(buf, len, "%lu GiB", bytes >> 30);
	else if (bytes >= (1UL << 20))
		snprintf(buf, len, "%lu MiB", bytes >> 20);
	else
		snprintf(buf, len, "%lu KiB", bytes >> 10);
}

static void pv_draw_title(struct pages_priv *p, struct canvas *c, int y,
			  const struct pv_sec *s)
{
	char size[32];
	int x;

	pv_size((s->end - s->start) << KM_PAGE_SHIFT, size, sizeof(size));
	x = cv_printf(c, y, 0, EL_TITLE, "node %d %s", s->nid,
		      zone_names[s->zid]);
	cv_printf(c, y, x, EL_DIM, "  pfn %#lx-%#lx  %s", s->start, s->end - 1,
		  size);
}

/* The page under the cursor, in words. */
static void pv_describe(struct pages_priv *p, struct machine *m,
			unsigned long pfn, char *buf, size_t len)
{
	const struct pagemap *pm = &p->pm;
	enum pm_class c = PM_CLASS(pm->page[pfn]);
	int order;
	unsigned long head = pagemap_block(pm, pfn, &order);
	char state[160];

	if (c == PM_FREE && order >= 0) {
		snprintf(buf, len,
			 "free: order-%d block %#lx-%#lx in free_area[%d] (%s)",
			 order, head, head + (1UL << order) - 1, order,
			 migratetype_names[get_pageblock_migratetype(
				 m, pfn_to_page(m, head))]);
		return;
	}
	if (c == PM_PCP) {
		const struct pm_pcp *e = pagemap_pcp_find(pm, head);

		snprintf(buf, len,
			 "free on CPU %d's pcp list: order-%d block %#lx-%#lx",
			 e ? e->cpu : -1, order < 0 ? 0 : order, head,
			 head + (1UL << (order < 0 ? 0 : order)) - 1);
		return;
	}
	page_state_describe(m, pfn_to_page(m, order >= 0 ? head : pfn), state,
			    sizeof(state));
	if (order > 0)
		snprintf(buf, len, "page %lu of the order-%d block at %#lx: %s",
			 pfn - head, order, head, state);
	else
		snprintf(buf, len, "%s", state);
}

/* The footer: the cursor's page (address, zone), what it is, the
 * cursor's cell when zoomed out, and the legend, as room allows. */
static void pv_draw_status(struct pages_priv *p, struct canvas *c,
			   struct machine *m, int y, unsigned long pfn,
			   int lines)
{
	const struct pv_sec *s = pv_sec_of(p, pfn);
	char desc[256];
	int x;

	if (!s || pfn >= m->nr_pages)
		return;
	x = cv_printf(c, y, 0, EL_SELECTED, "pfn %#lx", pfn);
	x += cv_printf(c, y, x, EL_NORMAL, " %#lx node %d %s",
		       KM_PAGE_OFFSET + (pfn << KM_PAGE_SHIFT), s->nid,
		       zone_names[s->zid]);
	cv_printf(c, y, x, EL_DIM, "  %lu page%s a cell", 1UL << p->shift,
		  p->shift ? "s" : "");
	if (lines < 2)
		return;
	pv_describe(p, m, pfn, desc, sizeof(desc));
	cv_text(c, y + 1, 0, EL_NORMAL, desc);
	if (lines < 3 || !p->shift)
		return;

	unsigned long a = pfn & ~((1UL << p->shift) - 1);
	unsigned long b = a + (1UL << p->shift), cnt[NR_PM_CLASSES];
	int maxfree;

	if (a < s->start)
		a = s->start;
	if (b > s->end)
		b = s->end;
	pagemap_count(&p->pm, a, b, cnt, &maxfree);
	x = cv_printf(c, y + 2, 0, EL_DIM, "cell %#lx-%#lx:", a, b - 1);
	for (int k = 1; k < NR_PM_CLASSES; k++) {
		if (!cnt[k])
			continue;
		x += cv_printf(c, y + 2, x, class_elem(k), " %lu %s", cnt[k],
			       pagemap_class_name(k));
		if (k == PM_FREE && maxfree >= 0)
			x += cv_printf(c, y + 2, x, EL_DIM, " (max order %d)",
				       maxfree);
	}
}

static void pv_draw_legend(struct pages_priv *p, struct canvas *c, int y)
{
	static const struct {
		const char *key;
		enum pm_class cls;
		const char *name;
	} items[] = {
		{"0-9A", PM_FREE, "free order"}, {"C", PM_PCP, "pcp"},
		{"S", PM_SLAB, "slab"},		 {"L", PM_LARGE, "large"},
		{"P", PM_PAGES, "pages"},	 {"V", PM_VMALLOC, "vmalloc"},
		{"T", PM_PGTABLE, "ptable"},	 {"R", PM_RESERVED, "resv"},
	};
	int x = 0;

	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		x += cv_text(c, y, x, class_elem(items[i].cls), items[i].key);
		x += cv_printf(c, y, x, EL_DIM, " %s  ", items[i].name);
	}
	cv_text(c, y, x, EL_DIM,
		"lower case: most of the cell  +/- zoom  n next change");
}

static void pages_draw(struct view *v, struct canvas *c)
{
	struct pages_priv *p = v->priv;
	struct machine *m = pv_machine(v);
	int h = cv_height(c), w = cv_width(c), foot, cur_col;
	unsigned long cursor;
	long cur_line;

	if (!m || h < 1 || w < 8)
		return;
	if (p->pm.m != m || !p->pm.page)
		pagemap_sync(&p->pm, m); /* first draw, or a new machine */
	if (!p->pm.page) {
		cv_text(c, 0, 0, EL_ERROR, "page map: out of memory");
		return;
	}
	foot = h >= 14 ? 4 : h >= 10 ? 3 : h >= 6 ? 2 : h >= 3 ? 1 : 0;
	p->map_h = h - foot;
	pv_fit(p, m, w, p->map_h);

	cursor = v->ui->focus.pfn;
	if (cursor >= m->nr_pages)
		cursor = m->nr_pages - 1;
	if (p->nr_sec && cursor < p->sec[0].start)
		cursor = p->sec[0].start; /* pfn 0 is in no zone */
	cur_line = pv_line_of(p, cursor, &cur_col);
	/* keep the cursor's line on screen: one step off it scrolls a
	 * line, a jump (n, a new block, a zoom) centres it */
	if (cur_line == v->scroll - 1)
		v->scroll = (int)cur_line;
	else if (cur_line == v->scroll + p->map_h)
		v->scroll = (int)(cur_line - p->map_h + 1);
	else if (cur_line < v->scroll || cur_line >= v->scroll + p->map_h)
		v->scroll = (int)(cur_line - p->map_h / 2);
	if (v->scroll > p->lines - p->map_h)
		v->scroll = (int)(p->lines - p->map_h);
	if (v->scroll < 0)
		v->scroll = 0;

	for (int y = 0; y < p->map_h; y++) {
		long line = v->scroll + y;

		for (int i = 0; i < p->nr_sec; i++) {
			const struct pv_sec *s = &p->sec[i];

			if (line < s->line0 || line > s->line0 + s->nrows)
				continue;
			if (line == s->line0)
				pv_draw_title(p, c, y, s);
			else
				pv_draw_row(p, c, y, s, line - s->line0 - 1,
					    cursor);
			break;
		}
	}
	if (foot >= 1)
		pv_draw_status(p, c, m, p->map_h, cursor, foot >= 4 ? 3 : foot);
	if (foot >= 4 || (foot == 3 && !p->shift))
		pv_draw_legend(p, c, h - 1);
}

/* --- keys ---------------------------------------------------------------- */

/* The next (dir 1) or previous (-1) changed page after pfn. */
static bool pv_next_changed(const struct pages_priv *p, unsigned long pfn,
			    int dir, unsigned long *out)
{
	const struct pagemap *pm = &p->pm;
	unsigned long cell = 1UL << p->shift;
	unsigned long a = pfn & ~(cell - 1);

	if (!pm->any_changed)
		return false;
	if (dir > 0) {
		for (a += cell; a < pm->nr_pages; a += cell) {
			/* skip unchanged chunks quickly */
			if (cell < PM_CHUNK_PAGES &&
			    !pm->changed[a >> PM_CHUNK_SHIFT]) {
				a = ((a >> PM_CHUNK_SHIFT) + 1) *
					    PM_CHUNK_PAGES -
				    cell;
				continue;
			}
			if (pagemap_changed(pm, a, a + cell)) {
				*out = a;
				return true;
			}
		}
	} else {
		while (a >= cell) {
			a -= cell;
			if (pagemap_changed(pm, a, a + cell)) {
				*out = a;
				return true;
			}
		}
	}
	return false;
}

static unsigned int pages_key(struct view *v, int key)
{
	struct pages_priv *p = v->priv;
	struct machine *m = pv_machine(v);
	struct ui_focus *f = &v->ui->focus;
	unsigned long pfn = f->pfn, cell;
	long line;
	int col;

	if (!m || !p->nr_sec || !p->cols)
		return 0;
	cell = 1UL << p->shift;
	line = pv_line_of(p, pfn, &col);
	switch (key) {
	case UI_KEY_LEFT:
	case 'h':
		pfn = (pfn & ~(cell - 1)) >= cell ? (pfn & ~(cell - 1)) - cell
						  : 0;
		break;
	case UI_KEY_RIGHT:
	case 'l':
		pfn = (pfn & ~(cell - 1)) + cell;
		break;
	case UI_KEY_UP:
	case 'k':
	case UI_KEY_WHEEL_UP:
		line -= key == UI_KEY_WHEEL_UP ? 3 : 1;
		if (pv_is_title(p, line) && line > 0)
			line--; /* over a zone's title */
		pfn = pv_pfn_at(p, line < 0 ? 0 : line, col);
		break;
	case UI_KEY_DOWN:
	case 'j':
	case UI_KEY_WHEEL_DOWN:
		line += key == UI_KEY_WHEEL_DOWN ? 3 : 1;
		if (pv_is_title(p, line))
			line++;
		pfn = pv_pfn_at(p, line, col);
		break;
	case UI_KEY_PGUP:
		line -= p->map_h > 1 ? p->map_h - 1 : 1;
		pfn = pv_pfn_at(p, line < 0 ? 0 : line, col);
		break;
	case UI_KEY_PGDN:
		line += p->map_h > 1 ? p->map_h - 1 : 1;
		pfn = pv_pfn_at(p, line, col);
		break;
	case UI_KEY_HOME:
		pfn = p->sec[0].start;
		break;
	case UI_KEY_END:
		pfn = p->sec[p->nr_sec - 1].end - 1;
		break;
	case '+':
	case '=':
		p->zoom = (p->zoom < 0 ? p->shift : p->zoom) - 1;
		if (p->zoom < 0)
			p->zoom = 0;
		return UI_REDRAW_VIEW;
	case '-':
	case '_':
		p->zoom = (p->zoom < 0 ? p->shift : p->zoom) + 1;
		if (p->zoom > PV_MAX_SHIFT)
			p->zoom = PV_MAX_SHIFT;
		return UI_REDRAW_VIEW;
	case 'z':
		p->zoom = -1; /* fit the pane again */
		return UI_REDRAW_VIEW;
	case 'n':
	case 'N':
		if (!pv_next_changed(p, pfn, key == 'n' ? 1 : -1, &pfn))
			return 0;
		break;
	case 'f':
		/* follow the last command's pages again */
		f->have_pfn = false;
		if (p->pm.have_hint)
			f->pfn = p->pm.hint_pfn;
		return UI_REDRAW_VIEW;
	default:
		return 0;
	}
	if (pfn >= m->nr_pages)
		pfn = m->nr_pages - 1;
	f->pfn = pfn;
	f->have_pfn = true;
	return UI_REDRAW_VIEW;
}

static unsigned int pages_click(struct view *v, int y, int x)
{
	struct pages_priv *p = v->priv;
	long line = v->scroll + y;

	if (y < 0 || y >= p->map_h || x < p->gutter ||
	    x >= p->gutter + p->cols || !p->nr_sec)
		return 0;
	for (int i = 0; i < p->nr_sec; i++) {
		const struct pv_sec *s = &p->sec[i];

		if (line > s->line0 && line <= s->line0 + s->nrows) {
			v->ui->focus.pfn = pv_pfn_at(p, line, x - p->gutter);
			v->ui->focus.have_pfn = true;
			return UI_REDRAW_ALL;
		}
	}
	return 0;
}

static void pages_destroy(struct view *v)
{
	struct pages_priv *p = v->priv;

	if (p->observed) {
		for (int i = 0; i < p->observed->nr_obs; i++)
			if (p->observed->obs[i].ctx == &p->pm) {
				p->observed->obs[i].fn = pv_observe_nothing;
				p->observed->obs[i].ctx = NULL;
			}
	}
	pagemap_destroy(&p->pm);
	free(p);
	free(v);
}

const struct pagemap *view_pages_model(struct view *v)
{
	return &((struct pages_priv *)v->priv)->pm;
}

static const struct view_ops pages_ops = {
	.name = "pages",
	.title = "Page map",
	.update = pages_update,
	.draw = pages_draw,
	.key = pages_key,
	.click = pages_click,
	.destroy = pages_destroy,
};

struct view *view_pages_new(struct ui_ctx *ui)
{
	struct view *v = calloc(1, sizeof(*v));
	struct pages_priv *p = calloc(1, sizeof(*p));

	if (!v || !p) {
		free(v);
		free(p);
		return NULL;
	}
	pagemap_init(&p->pm);
	p->zoom = -1;
	v->ops = &pages_ops;
	v->ui = ui;
	v->priv = p;
	/* every event of every command marks its granule, even those of
	 * a source file's lines or a lesson step that update() never sees
	 * as "the last command" */
	if (ui && ui->ss &&
	    trace_add_observer(&ui->ss->trace, pv_observe, &p->pm) == 0)
		p->observed = &ui->ss->trace;
	return v;
}
