// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmemlab-bench vmalloc: src/mm/vmalloc.c with tracing off, measured in the
 * same run as its baselines:
 *   (a) vmalloc + vfree of 1, 16 and 256 pages (lazy purges included, as
 *       they come) beside a loop that maps and unmaps the same number of
 *       single pages of a memfd with plain mmap/munmap;
 *   (b) alloc_vmap_area with 1,000 and with 100,000 live areas, every
 *       other page a one-page hole: a one-page request (lowest fit fills
 *       the first hole) and a two-page one (it must pass every hole).
 * Each figure is the median of several rounds. Timing never fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench.h"
#include "kmemlab/vmalloc.h"

#define ROUNDS 7

static struct machine *boot(unsigned long vmalloc_size)
{
	struct machine_config cfg;
	char err[256];
	struct machine *m;

	machine_preset(&cfg, "default");
	if (vmalloc_size)
		cfg.vmalloc_size = vmalloc_size;
	m = machine_create(&cfg, err, sizeof(err));
	if (!m)
		fprintf(stderr, "kmemlab-bench: %s\n", err);
	return m;
}

/* ns per vmalloc + vfree pair of n pages */
static double round_vmalloc(struct machine *m, unsigned long n, int iters)
{
	uint64_t t0 = bench_now_ns();

	for (int i = 0; i < iters; i++) {
		unsigned long v = vmalloc(m, n * KM_PAGE_SIZE);

		if (!v) {
			fprintf(stderr, "kmemlab-bench: vmalloc failed\n");
			exit(1);
		}
		vfree(m, v);
	}
	return (double)(bench_now_ns() - t0) / iters;
}

/* ns per n single-page mmaps of a memfd followed by their n munmaps */
static double round_mmap(int fd, unsigned long n, int iters, void **slots)
{
	uint64_t t0 = bench_now_ns();

	for (int i = 0; i < iters; i++) {
		for (unsigned long p = 0; p < n; p++) {
			slots[p] =
				mmap(NULL, KM_PAGE_SIZE, PROT_READ | PROT_WRITE,
				     MAP_SHARED, fd, (off_t)(p * KM_PAGE_SIZE));
			if (slots[p] == MAP_FAILED) {
				perror("kmemlab-bench: mmap");
				exit(1);
			}
		}
		for (unsigned long p = 0; p < n; p++)
			munmap(slots[p], KM_PAGE_SIZE);
	}
	return (double)(bench_now_ns() - t0) / iters;
}

static int bench_pairs(void)
{
	static const unsigned long sizes[] = {1, 16, 256};
	struct machine *m = boot(0);
	int fd = memfd_create("kmemlab-bench", MFD_CLOEXEC);
	void **slots = malloc(256 * sizeof(*slots));

	if (!m || fd < 0 || ftruncate(fd, 256 * KM_PAGE_SIZE) < 0 || !slots)
		return 1;
	printf("(a) vmalloc + vfree vs the same number of plain page "
	       "mmap/munmap, ns per pair, median of %d rounds\n",
	       ROUNDS);
	printf("    %6s %14s %14s %10s %8s\n", "pages", "vmalloc+vfree",
	       "mmap+munmap", "ns/page", "ratio");
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		unsigned long n = sizes[s];
		int iters = (int)(8192 / n) < 200 ? 200 : (int)(8192 / n);
		double ours[ROUNDS], base[ROUNDS];

		if (n == 256)
			iters = 100;
		round_vmalloc(m, n, iters / 4); /* warm the pcp and tables */
		for (int r = 0; r < ROUNDS; r++) {
			ours[r] = round_vmalloc(m, n, iters);
			base[r] = round_mmap(fd, n, iters, slots);
		}
		double mo = bench_median(ours, ROUNDS);
		double mb = bench_median(base, ROUNDS);

		printf("    %6lu %14.0f %14.0f %10.0f %7.2fx\n", n, mo, mb,
		       mo / (double)n, mo / mb);
	}
	printf("    (%lu lazy purges on the way; target: at most 2x)\n",
	       m->vmalloc->nr_purges);
	free(slots);
	close(fd);
	machine_destroy(m);
	return 0;
}

/*
 * N live one-page areas with a one-page hole after each; then batches of
 * reservations timed together and given back untimed.
 */
static int bench_tree(unsigned long nlive, double *one, double *two)
{
	struct machine *m = boot(4UL << 30);
	unsigned long vs = KM_VMALLOC_START, ve;
	struct vmap_area **all, **batch;
	const int k = 1000;
	double r1[ROUNDS], r2[ROUNDS];

	if (!m)
		return 1;
	ve = vmalloc_end(m) + 1; /* not the exact range: no node pools */
	all = malloc(2 * nlive * sizeof(*all));
	batch = malloc((size_t)k * sizeof(*batch));
	if (!all || !batch)
		return 1;
	for (unsigned long i = 0; i < 2 * nlive; i++)
		all[i] = alloc_vmap_area(m, KM_PAGE_SIZE, KM_PAGE_SIZE, vs, ve,
					 NUMA_NO_NODE, GFP_KERNEL, 0, NULL);
	for (unsigned long i = 0; i < 2 * nlive; i += 2)
		free_vmap_area(m, all[i]);
	for (int r = 0; r < ROUNDS; r++) {
		uint64_t t0 = bench_now_ns();

		for (int i = 0; i < k; i++)
			batch[i] = alloc_vmap_area(
				m, KM_PAGE_SIZE, KM_PAGE_SIZE, vs, ve,
				NUMA_NO_NODE, GFP_KERNEL, 0, NULL);
		r1[r] = (double)(bench_now_ns() - t0) / k;
		for (int i = 0; i < k; i++)
			free_vmap_area(m, batch[i]);

		t0 = bench_now_ns();
		for (int i = 0; i < k; i++)
			batch[i] = alloc_vmap_area(
				m, 2 * KM_PAGE_SIZE, KM_PAGE_SIZE, vs, ve,
				NUMA_NO_NODE, GFP_KERNEL, 0, NULL);
		r2[r] = (double)(bench_now_ns() - t0) / k;
		for (int i = 0; i < k; i++)
			free_vmap_area(m, batch[i]);
	}
	*one = bench_median(r1, ROUNDS);
	*two = bench_median(r2, ROUNDS);
	if (vmalloc_check(m, NULL, 0))
		fprintf(stderr, "kmemlab-bench: vmalloc_check failed\n");
	free(all);
	free(batch);
	machine_destroy(m);
	return 0;
}

int bench_vmalloc(int argc, char **argv)
{
	double one[2], two[2];
	static const unsigned long lives[2] = {1000, 100000};

	(void)argc;
	(void)argv;
	if (bench_pairs())
		return 1;
	for (int i = 0; i < 2; i++)
		if (bench_tree(lives[i], &one[i], &two[i]))
			return 1;
	printf("\n(b) alloc_vmap_area, ns per call, median of %d rounds of "
	       "1,000 calls\n",
	       ROUNDS);
	printf("    %-34s %10s %10s %8s\n", "", "1,000 live", "100,000",
	       "ratio");
	printf("    %-34s %10.0f %10.0f %7.2fx\n",
	       "1 page (fills the lowest hole)", one[0], one[1],
	       one[1] / one[0]);
	printf("    %-34s %10.0f %10.0f %7.2fx\n",
	       "2 pages (passes every hole)", two[0], two[1], two[1] / two[0]);
	printf("    (100x the areas: a linear search would be ~100x; "
	       "target under 2000 ns)\n");
	return 0;
}
