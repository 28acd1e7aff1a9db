// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmemlab-bench SUBCOMMAND: the dispatcher and timing helpers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "kmemlab/machine.h"
#include "kmemlab/trace.h"

uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *what;
} benches[] = {
	{"buddy", bench_buddy, "page allocator vs a textbook buddy"},
	{"slub", bench_slub, "kmalloc/kfree vs glibc malloc/free"},
	{"vmalloc", bench_vmalloc, "vmalloc/vfree vs mmap/munmap"},
	{"tui", bench_tui, "redraw of all TUI panes after a command, in a pty"},
};

int main(int argc, char **argv)
{
	size_t n = sizeof(benches) / sizeof(benches[0]);

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("usage: kmemlab-bench NAME [options]\n");
		for (size_t i = 0; i < n; i++)
			printf("  %-8s %s\n", benches[i].name, benches[i].what);
		return argc < 2;
	}
	for (size_t i = 0; i < n; i++)
		if (!strcmp(argv[1], benches[i].name))
			return benches[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "kmemlab-bench: no benchmark named '%s'\n", argv[1]);
	return 2;
}

void bench_collector_sink(void *ctx, const struct mm_event *ev)
{
	struct trace *t = ctx;

	if (__builtin_expect(trace_path_len(t) + trace_events_len(t) >=
				     BENCH_RESET_EVENTS,
			     0))
		trace_reset(t);
	trace_sink(t, ev);
}

void bench_trace_on(struct machine *m, struct trace *t)
{
	trace_attach(t, m);
	m->sink = bench_collector_sink;
}

void bench_trace_off(struct trace *t)
{
	trace_detach(t);
}
