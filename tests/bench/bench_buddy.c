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
 * page where kmemlab's struct page has the kernel's 64, so (b), whose cost is
 * mostly cache misses on the freed block's metadata, favours it. (a) and (b)
 * are also run with tracing on as a session's commands run: the trace
 * collector attached to the machine, as `kmemlab-bench slub` does. (b) is also
 * run, as a measurement, on 500 blocks of each whose page records stay in the
 * cache: the cost of the code path alone. Each figure is the median of several
 * rounds. Timing never fails.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench.h"
#include "kmemlab/buddy.h"
#include "kmemlab/trace.h"

/* --- a textbook buddy allocator --------------------------------------- */

#define TB_MAX_ORDER 10

/* the textbook: 12 bytes a page */
#define TB(x) tb_##x
#define TB_PAD 0
#include "bench_textbook.h"
#undef TB
#undef TB_PAD

/*
 * The same textbook with its page record padded to the kernel's 64-byte
 * struct page: not a target, a measurement of how much of (b) is the size
 * of the per-page metadata rather than the algorithm.
 */
#define TB(x) tb64_##x
#define TB_PAD (64 - 12)
#include "bench_textbook.h"
#undef TB
#undef TB_PAD

_Static_assert(sizeof(struct tb_page) == 12, "textbook page is 12 bytes");
_Static_assert(sizeof(struct tb64_page) == 64, "padded page is 64 bytes");

/* --- the benchmarks ------------------------------------------------------ */

#define ROUNDS 7

/* Tracing on: what every command runs with (bench_trace_on) */
static struct trace bench_trace;

static void trace_on(struct machine *m, bool on)
{
	if (on)
		bench_trace_on(m, &bench_trace);
	else
		bench_trace_off(&bench_trace);
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
	struct tb_book tb;

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
	printf("    tracing on (collector):     kmemlab %7.1f ns/op   "
	       "on/off %.2f (target <= 3)\n",
	       c, c / a);
	free(tb.pages);
	machine_destroy(m);
}

#define LIVE 50000
#define AHEAD 4
#define WARM 500 /* live blocks whose metadata stays in the L1/L2 cache */

/* n random steps over nr live blocks (pages p, orders o): free block k,
 * allocate one of order 0..3 in its place; ns a step */
static double km_steps(struct machine *m, struct page **p, unsigned char *o,
		       int nr, uint64_t seed, long n)
{
	uint64_t t0 = bench_now_ns();

	for (long i = 0; i < n; i++) {
		uint64_t x = rng_next(&seed);
		int k = (int)((x >> 8) % (uint64_t)nr);
		unsigned int order = (unsigned int)(x & 3);

		__free_pages(m, p[k], o[k]);
		p[k] = alloc_pages(m, GFP_KERNEL, order);
		o[k] = (unsigned char)order;
	}
	return (double)(bench_now_ns() - t0) / (double)n;
}

/* ... and the same steps for the textbook */
static double tb_steps(struct tb_book *tb, int32_t *p, unsigned char *o, int nr,
		       uint64_t seed, long n)
{
	uint64_t t0 = bench_now_ns();

	for (long i = 0; i < n; i++) {
		uint64_t x = rng_next(&seed);
		int k = (int)((x >> 8) % (uint64_t)nr);
		int order = (int)(x & 3);

		tb_free(tb, p[k], o[k]);
		p[k] = tb_alloc(tb, order);
		o[k] = (unsigned char)order;
	}
	return (double)(bench_now_ns() - t0) / (double)n;
}

static void bench_random(void)
{
	const long n = 1000000;
	double ours[ROUNDS], tbv[ROUNDS], traced[ROUNDS], tb64v[ROUNDS];
	double prefetched[ROUNDS], tb_prefetched[ROUNDS];
	double warm[ROUNDS], tb_warm[ROUNDS];
	struct page *wp[WARM];
	int32_t wt[WARM];
	unsigned char wo[WARM], wto[WARM];
	struct machine *m = boot("x86_64");
	struct tb_book tb;
	struct tb64_book tb64;
	struct page **lp = calloc(LIVE, sizeof(*lp));
	int32_t *lt = calloc(LIVE, sizeof(*lt));
	int32_t *l64 = calloc(LIVE, sizeof(*l64));
	unsigned char *lo = calloc(LIVE, 1), *lto = calloc(LIVE, 1);
	unsigned char *lo64 = calloc(LIVE, 1);
	uint64_t s = 12345;

	if (!m || !lp || !lt || !l64 || !lo || !lto || !lo64 ||
	    tb_init(&tb, m->nr_pages) < 0 || tb64_init(&tb64, m->nr_pages) < 0)
		return;
	for (int i = 0; i < LIVE; i++) {
		lo[i] = lto[i] = lo64[i] = (unsigned char)(rng_next(&s) & 3);
		lp[i] = alloc_pages(m, GFP_KERNEL, lo[i]);
		lt[i] = tb_alloc(&tb, lto[i]);
		l64[i] = tb64_alloc(&tb64, lo64[i]);
	}
	for (int i = 0; i < WARM; i++) {
		wo[i] = wto[i] = (unsigned char)(rng_next(&s) & 3);
		wp[i] = alloc_pages(m, GFP_KERNEL, wo[i]);
		wt[i] = tb_alloc(&tb, wo[i]);
	}
	for (int r = 0; r < ROUNDS; r++) {
		ours[r] = km_steps(m, lp, lo, LIVE, 777 + (uint64_t)r, n);
		tbv[r] = tb_steps(&tb, lt, lto, LIVE, 777 + (uint64_t)r, n);
		uint64_t t2 = bench_now_ns();
		uint64_t s4 = 777 + (uint64_t)r;

		for (long i = 0; i < n; i++) {
			uint64_t x = rng_next(&s4);
			int k = (int)((x >> 8) % LIVE);
			int order = (int)(x & 3);

			tb64_free(&tb64, l64[k], lo64[k]);
			l64[k] = tb64_alloc(&tb64, order);
			lo64[k] = (unsigned char)order;
		}
		tb64v[r] = (double)(bench_now_ns() - t2) / (double)n;

		/*
		 * Both again, each prefetching what the free AHEAD steps later
		 * reads first: kmemlab's path between two frees is longer than
		 * the CPU's reorder window, so unlike the textbook's it cannot
		 * overlap the cache misses of successive frees by itself.
		 */
		uint64_t s5 = 555 + (uint64_t)r, p5 = s5;

		for (int j = 0; j < AHEAD; j++)
			rng_next(&p5);
		uint64_t t5 = bench_now_ns();

		for (long i = 0; i < n; i++) {
			uint64_t x = rng_next(&s5);
			int k = (int)((x >> 8) % LIVE);
			unsigned int order = (unsigned int)(x & 3);

			__builtin_prefetch(lp[(rng_next(&p5) >> 8) % LIVE]);
			__free_pages(m, lp[k], lo[k]);
			lp[k] = alloc_pages(m, GFP_KERNEL, order);
			lo[k] = (unsigned char)order;
		}
		uint64_t t6 = bench_now_ns();

		s5 = p5 = 555 + (uint64_t)r;
		for (int j = 0; j < AHEAD; j++)
			rng_next(&p5);
		for (long i = 0; i < n; i++) {
			uint64_t x = rng_next(&s5);
			int k = (int)((x >> 8) % LIVE);
			int order = (int)(x & 3);
			int f = (int)((rng_next(&p5) >> 8) % LIVE);

			__builtin_prefetch(&tb.pages[lt[f] ^ (1 << lto[f])]);
			tb_free(&tb, lt[k], lto[k]);
			lt[k] = tb_alloc(&tb, order);
			lto[k] = (unsigned char)order;
		}
		prefetched[r] = (double)(t6 - t5) / (double)n;
		tb_prefetched[r] = (double)(bench_now_ns() - t6) / (double)n;

		/*
		 * Both again on WARM blocks of their own: every page record
		 * they touch stays in the cache, so this is the cost of the
		 * code path alone, no miss to overlap. The pcp lists carry
		 * over from the steps above.
		 */
		warm[r] = km_steps(m, wp, wo, WARM, 333 + (uint64_t)r, n);
		tb_warm[r] = tb_steps(&tb, wt, wto, WARM, 333 + (uint64_t)r, n);

		/* the same kind of steps again, traced */
		trace_on(m, true);
		traced[r] = km_steps(m, lp, lo, LIVE, 999 + (uint64_t)r, n);
		trace_on(m, false);
	}
	double a = bench_median(ours, ROUNDS), b = bench_median(tbv, ROUNDS);
	double c = bench_median(traced, ROUNDS);
	double d = bench_median(tb64v, ROUNDS);

	printf("(b) random orders 0..3, 50,000 live (free+alloc): kmemlab "
	       "%7.1f ns/op   textbook %7.1f ns/op   ratio %.2f (target <= "
	       "2)\n",
	       a, b, a / b);
	printf("    tracing on (collector):     kmemlab %7.1f ns/op   "
	       "on/off %.2f (target <= 3)\n",
	       c, c / a);
	printf("    textbook with 64-byte page records (measurement, not a "
	       "target): %7.1f ns/op = %.2f x textbook; kmemlab / it %.2f\n",
	       d, d / b, a / d);
	double e = bench_median(prefetched, ROUNDS);
	double f = bench_median(tb_prefetched, ROUNDS);

	double g = bench_median(warm, ROUNDS),
	       h = bench_median(tb_warm, ROUNDS);

	printf("    the same on %d live blocks, all in cache (measurement, not "
	       "a target): kmemlab %7.1f ns/op   textbook %7.1f ns/op   "
	       "ratio %.2f\n",
	       WARM, g, h, g / h);
	printf("    both prefetching the next frees %d ahead (measurement, not "
	       "a target): kmemlab %7.1f ns/op   textbook %7.1f ns/op   "
	       "ratio %.2f\n",
	       AHEAD, e, f, e / f);
	free(tb.pages);
	free(tb64.pages);
	free(l64);
	free(lo64);
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

/* kmemlab-bench buddy [pairs|random|boot]...: all three by default */
int bench_buddy(int argc, char **argv)
{
	static const struct {
		const char *name;
		void (*fn)(void);
	} parts[] = {
		{"pairs", bench_pairs},
		{"random", bench_random},
		{"boot", bench_boot},
	};
	bool want[3] = {argc < 2, argc < 2, argc < 2};

	for (int i = 1; i < argc; i++) {
		int k = 0;

		while (k < 3 && strcmp(argv[i], parts[k].name))
			k++;
		if (k == 3) {
			fprintf(stderr,
				"kmemlab-bench buddy: no part named '%s' "
				"(pairs, random, boot)\n",
				argv[i]);
			return 2;
		}
		want[k] = true;
	}
	printf("kmemlab-bench buddy: medians of %d rounds, tracing off "
	       "unless said\n",
	       ROUNDS);
	for (int k = 0; k < 3; k++)
		if (want[k])
			parts[k].fn();
	return 0;
}
