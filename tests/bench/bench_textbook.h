// SPDX-License-Identifier: GPL-2.0-only
/*
 * The textbook buddy allocator of kmemlab-bench buddy, included twice by
 * bench_buddy.c: TB(x) names its types and functions, TB_PAD pads its
 * per-page record. Free lists per order, doubly linked through a per-page
 * array; a free block's head records its order, every other page -1.
 * Split pushes the upper halves; free merges with pfn ^ (1 << order)
 * while it can.
 */
struct TB(page) {
	int32_t prev, next;
	int8_t free_order; /* -1 unless the head of a free block */
#if TB_PAD
	char pad[TB_PAD];
#endif
};

struct TB(book) {
	struct TB(page) * pages;
	int32_t head[TB_MAX_ORDER + 1];
	unsigned long nr_pages;
};

static void TB(push)(struct TB(book) * tb, int32_t pfn, int order)
{
	struct TB(page) *p = &tb->pages[pfn];

	p->free_order = (int8_t)order;
	p->prev = -1;
	p->next = tb->head[order];
	if (p->next >= 0)
		tb->pages[p->next].prev = pfn;
	tb->head[order] = pfn;
}

static void TB(unlink)(struct TB(book) * tb, int32_t pfn, int order)
{
	struct TB(page) *p = &tb->pages[pfn];

	if (p->prev >= 0)
		tb->pages[p->prev].next = p->next;
	else
		tb->head[order] = p->next;
	if (p->next >= 0)
		tb->pages[p->next].prev = p->prev;
	p->free_order = -1;
}

static int TB(init)(struct TB(book) * tb, unsigned long nr_pages)
{
	tb->nr_pages = nr_pages;
	/* line-aligned, as the kernel's memmap is */
	tb->pages = aligned_alloc(64, (nr_pages * sizeof(*tb->pages) + 63) &
					      ~(size_t)63);
	if (!tb->pages)
		return -1;
	for (int o = 0; o <= TB_MAX_ORDER; o++)
		tb->head[o] = -1;
	for (unsigned long i = 0; i < nr_pages; i++)
		tb->pages[i].free_order = -1;
	for (unsigned long pfn = nr_pages; pfn >= (1UL << TB_MAX_ORDER);) {
		pfn -= 1UL << TB_MAX_ORDER;
		TB(push)(tb, (int32_t)pfn, TB_MAX_ORDER);
	}
	return 0;
}

static int32_t TB(alloc)(struct TB(book) * tb, int order)
{
	int o = order;

	while (o <= TB_MAX_ORDER && tb->head[o] < 0)
		o++;
	if (o > TB_MAX_ORDER)
		return -1;
	int32_t pfn = tb->head[o];

	TB(unlink)(tb, pfn, o);
	while (o > order) {
		o--;
		TB(push)(tb, pfn + (1 << o), o);
	}
	return pfn;
}

static void TB(free)(struct TB(book) * tb, int32_t pfn, int order)
{
	while (order < TB_MAX_ORDER) {
		int32_t buddy = pfn ^ (1 << order);

		if ((unsigned long)buddy >= tb->nr_pages ||
		    tb->pages[buddy].free_order != order)
			break;
		TB(unlink)(tb, buddy, order);
		pfn &= buddy;
		order++;
	}
	TB(push)(tb, pfn, order);
}
