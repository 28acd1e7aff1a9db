// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmemlab-bench buddy: the page allocator (src/mm/buddy.c) beside a
 * minimal textbook buddy allocator over an arena of the same number of
 * pages, measured in the same run with tracing off:
 *   (a) order-0 alloc + free pairs (a pcp hit for kmemlab)
 *   (b) random orders 0..3 with 50,000 live blocks (replace one at random)
 *   (c) boot of the `big` preset: wall time and resident memory growth
 * Like for like: the textbook gets an arena of the machine's page count
 * and (b) drives both with the same seeds, orders and live-set size; it has
 * no zones, watermarks, migrate types or pcp lists, and keeps 12 bytes a
 * page where kmemlab's struct page has 56, so (b), whose cost is mostly
 * cache misses on the freed block's metadata, favours it.
 * (a) and (b) are also run with tracing on: a sink keeping a compact record
 * of each event in a ring, as `kmemlab-bench slub` does (the engine's cost
 * of building and emitting the events).
 * Each figure is the median of several rounds. Timing never fails.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "kmemlab/buddy.h"

/* --- a textbook buddy allocator --------------------------------------- */

/*
 * Free lists per order, doubly linked through a per-page array; a free
 * block's head records its order, every other page -1. Split pushes the
 * upper halves; free merges with pfn ^ (1 << order) while it can.
 */
#define TB_MAX_ORDER 10

struct tb_page {
	int32_t prev, next;
	int8_t free_order; /* -1 unless the head of a free block */
};

struct textbook {
	struct tb_page *pages;
	int32_t head[TB_MAX_ORDER + 1];
	unsigned long nr_pages;
};

static void tb_push(struct textbook *tb, int32_t pfn, int order)
{
	struct tb_page *p = &tb->pages[pfn];

	p->free_order = (int8_t)order;
	p->prev = -1;
	p->next = tb->head[order];
	if (p->next >= 0)
		tb->pages[p->next].prev = pfn;
	tb->head[order] = pfn;
}

static void tb_unlink(struct textbook *tb, int32_t pfn, int order)
{
	struct tb_page *p = &tb->pages[pfn];

	if (p->prev >= 0)
		tb->pages[p->prev].next = p->next;
	else
		tb->head[order] = p->next;
	if (p->next >= 0)
		tb->pages[p->next].prev = p->prev;
	p->free_order = -1;
}

static int tb_init(struct textbook *tb, unsigned long nr_pages)
{
	tb->nr_pages = nr_pages;
	tb->pages = malloc(nr_pages * sizeof(*tb->pages));
	if (!tb->pages)
		return -1;
	for (int o = 0; o <= TB_MAX_ORDER; o++)
		tb->head[o] = -1;
	for (unsigned long i = 0; i < nr_pages; i++)
		tb->pages[i].free_order = -1;
	for (unsigned long pfn = nr_pages; pfn >= (1UL << TB_MAX_ORDER);) {
		pfn -= 1UL << TB_MAX_ORDER;
		tb_push(tb, (int32_t)pfn, TB_MAX_ORDER);
	}
	return 0;
}

static int32_t tb_alloc(struct textbook *tb, int order)
{
	int o = order;

	while (o <= TB_MAX_ORDER && tb->head[o] < 0)
		o++;
	if (o > TB_MAX_ORDER)
		return -1;
	int32_t pfn = tb->head[o];

	tb_unlink(tb, pfn, o);
	while (o > order) {
		o--;
		tb_push(tb, pfn + (1 << o), o);
	}
	return pfn;
}

static void tb_free(struct textbook *tb, int32_t pfn, int order)
{
	while (order < TB_MAX_ORDER) {
		int32_t buddy = pfn ^ (1 << order);

		if ((unsigned long)buddy >= tb->nr_pages ||
		    tb->pages[buddy].free_order != order)
			break;
		tb_unlink(tb, buddy, order);
		pfn &= buddy;
		order++;
	}
	tb_push(tb, pfn, order);
}

/* --- the benchmarks ------------------------------------------------------ */

#define ROUNDS 7

/* Tracing on: what a trace ring keeps of an event (its kind, function
 * and pfn; the rest is formatted later), as bench_slub's ring does. */
struct ring {
	struct {
		int type;
		const char *func;
		unsigned long pfn;
	} rec[256];
	unsigned int at;
};

static void ring_sink(void *ctx, const struct mm_event *ev)
{
	struct ring *r = ctx;

	r->rec[r->at & 255].type = ev->type;
	r->rec[r->at & 255].func = ev->func;
	r->rec[r->at & 255].pfn = ev->pfn;
	r->at++;
}

static struct ring trace_ring;

static void trace_on(struct machine *m, bool on)
{
	m->sink = on ? ring_sink : NULL;
	m->sink_ctx = on ? &trace_ring : NULL;
}

static struct machine *boot(const char *preset)
{
	struct machine_config cfg;
	char err[256];

	machine_preset(&cfg, preset);
	struct machine *m = machine_create(&cfg, err, sizeof(err));

	if (!m)
		fprintf(stderr, "kmemlab-bench: %s: %s\n", preset, err);
	return m;
}

static uint64_t rng_next(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

static void bench_pairs(void)
{
	const long n = 2000000;
	double ours[ROUNDS], tbv[ROUNDS], traced[ROUNDS];
	struct machine *m = boot("default");
	struct textbook tb;

	if (!m || tb_init(&tb, m->nr_pages) < 0)
		return;
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = bench_now_ns();

		for (long i = 0; i < n; i++) {
			struct page *p = alloc_pages(m, GFP_KERNEL, 0);

			__free_pages(m, p, 0);
		}
		uint64_t t1 = bench_now_ns();

		for (long i = 0; i < n; i++) {
			int32_t pfn = tb_alloc(&tb, 0);

			tb_free(&tb, pfn, 0);
		}
		uint64_t t2 = bench_now_ns();

		trace_on(m, true);
		uint64_t t3 = bench_now_ns();

		for (long i = 0; i < n; i++) {
			struct page *p = alloc_pages(m, GFP_KERNEL, 0);

			__free_pages(m, p, 0);
		}
		uint64_t t4 = bench_now_ns();

		trace_on(m, false);
		ours[r] = (double)(t1 - t0) / (double)n;
		tbv[r] = (double)(t2 - t1) / (double)n;
		traced[r] = (double)(t4 - t3) / (double)n;
	}
	double a = bench_median(ours, ROUNDS), b = bench_median(tbv, ROUNDS);
	double c = bench_median(traced, ROUNDS);

	printf("(a) order-0 alloc+free pair:    kmemlab %7.1f ns/op   "
	       "textbook %7.1f ns/op   ratio %.2f (target <= 1.5)\n",
	       a, b, a / b);
	printf("    tracing on (ring sink):     kmemlab %7.1f ns/op   "
	       "on/off %.2f (target <= 3)\n",
	       c, c / a);
	free(tb.pages);
	machine_destroy(m);
}

#define LIVE 50000

static void bench_random(void)
{
	const long n = 1000000;
	double ours[ROUNDS], tbv[ROUNDS], traced[ROUNDS];
	struct machine *m = boot("x86_64");
	struct textbook tb;
	struct page **lp = calloc(LIVE, sizeof(*lp));
	int32_t *lt = calloc(LIVE, sizeof(*lt));
	unsigned char *lo = calloc(LIVE, 1), *lto = calloc(LIVE, 1);
	uint64_t s = 12345;

	if (!m || !lp || !lt || !lo || !lto || tb_init(&tb, m->nr_pages) < 0)
		return;
	for (int i = 0; i < LIVE; i++) {
		lo[i] = lto[i] = (unsigned char)(rng_next(&s) & 3);
		lp[i] = alloc_pages(m, GFP_KERNEL, lo[i]);
		lt[i] = tb_alloc(&tb, lto[i]);
	}
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t s1 = 777 + (uint64_t)r, s2 = s1;
		uint64_t t0 = bench_now_ns();

		for (long i = 0; i < n; i++) {
			uint64_t x = rng_next(&s1);
			int k = (int)((x >> 8) % LIVE);
			unsigned int order = (unsigned int)(x & 3);

			__free_pages(m, lp[k], lo[k]);
			lp[k] = alloc_pages(m, GFP_KERNEL, order);
			lo[k] = (unsigned char)order;
		}
		uint64_t t1 = bench_now_ns();

		for (long i = 0; i < n; i++) {
			uint64_t x = rng_next(&s2);
			int k = (int)((x >> 8) % LIVE);
			int order = (int)(x & 3);

			tb_free(&tb, lt[k], lto[k]);
			lt[k] = tb_alloc(&tb, order);
			lto[k] = (unsigned char)order;
		}
		uint64_t t2 = bench_now_ns();

		/* the same kind of steps again, traced */
		uint64_t s3 = 999 + (uint64_t)r;

		trace_on(m, true);
		uint64_t t3 = bench_now_ns();

		for (long i = 0; i < n; i++) {
			uint64_t x = rng_next(&s3);
			int k = (int)((x >> 8) % LIVE);
			unsigned int order = (unsigned int)(x & 3);

			__free_pages(m, lp[k], lo[k]);
			lp[k] = alloc_pages(m, GFP_KERNEL, order);
			lo[k] = (unsigned char)order;
		}
		uint64_t t4 = bench_now_ns();

		trace_on(m, false);
		ours[r] = (double)(t1 - t0) / (double)n;
		tbv[r] = (double)(t2 - t1) / (double)n;
		traced[r] = (double)(t4 - t3) / (double)n;
	}
	double a = bench_median(ours, ROUNDS), b = bench_median(tbv, ROUNDS);
	double c = bench_median(traced, ROUNDS);

	printf("(b) random orders 0..3, 50,000 live (free+alloc): kmemlab "
	       "%7.1f ns/op   textbook %7.1f ns/op   ratio %.2f (target <= "
	       "2)\n",
	       a, b, a / b);
	printf("    tracing on (ring sink):     kmemlab %7.1f ns/op   "
	       "on/off %.2f (target <= 3)\n",
	       c, c / a);
	free(tb.pages);
	free(lp);
	free(lt);
	free(lo);
	free(lto);
	machine_destroy(m);
}

/* resident set size of this process in bytes, from /proc/self/statm */
static unsigned long rss_bytes(void)
{
	unsigned long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (!f)
		return 0;
	if (fscanf(f, "%lu %lu", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * (unsigned long)sysconf(_SC_PAGESIZE);
}

static void bench_boot(void)
{
	double wall[ROUNDS], rss[ROUNDS];
	unsigned long memmap = 0;

	for (int r = 0; r < ROUNDS; r++) {
		unsigned long r0 = rss_bytes();
		uint64_t t0 = bench_now_ns();
		struct machine *m = boot("big");
		uint64_t t1 = bench_now_ns();

		if (!m)
			return;
		rss[r] = (double)(rss_bytes() - r0);
		wall[r] = (double)(t1 - t0) / 1e9;
		memmap = m->nr_pages * KM_STRUCT_PAGE_SIZE;
		machine_destroy(m);
	}
	double w = bench_median(wall, ROUNDS), g = bench_median(rss, ROUNDS);

	printf("(c) boot of `big` (16 GiB, 4 nodes, 64 CPUs): %.3f s "
	       "(target < 0.5 s); RSS growth %.1f MiB = %.3f x memmap "
	       "bytes (%.0f MiB; target < 1.2)\n",
	       w, g / (1 << 20), g / (double)memmap,
	       (double)memmap / (1 << 20));
}

int bench_buddy(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("kmemlab-bench buddy: medians of %d rounds, tracing off "
	       "unless said\n",
	       ROUNDS);
	bench_pairs();
	bench_random();
	bench_boot();
	return 0;
}
