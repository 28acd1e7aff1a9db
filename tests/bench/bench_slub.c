// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmemlab-bench slub: ns per kmalloc+kfree pair for 8, 64, 192, 1024 and
 * 4096 bytes in three patterns, beside glibc malloc/free of the same
 * sizes and patterns, measured in the same run:
 *   hot     kmalloc then kfree at once, N times (the cpu freelist pop/push)
 *   batch   100,000 kmallocs, then the 100,000 kfrees
 *   random  50,000 live objects; each step frees a random one and
 *           allocates its replacement
 * kmemlab runs with tracing off (m->sink NULL) and on. "On" is what every
 * command of a session runs with (src/cmd/cmd.c: run_command): the trace
 * collector on the session's struct trace, attached to the machine
 * (trace_attach: the path and event arrays lent to the engine), with the
 * session's observer (kernel log lines; each event printed after `set
 * trace on`, here off: printing is the terminal's cost, not tracing's).
 * The trace is reset as between commands (bench_trace_on), so every event
 * and call is recorded (a command keeps at most TRACE_MAX_EVENTS); a
 * kmalloc+kfree fast-path pair is 6 calls and 2 object events. A second table
 * splits the cost of tracing for the hot pattern. Medians over ROUNDS rounds;
 * the ratio columns are kmemlab/glibc and on/off. Never fails on timing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "kmemlab/cmd.h"
#include "kmemlab/machine.h"
#include "kmemlab/slab.h"
#include "kmemlab/trace.h"

#define ROUNDS 7
#define HOT_N 1000000
#define BATCH_N 100000
#define RANDOM_LIVE 50000
#define RANDOM_STEPS 500000

/* What a trace ring keeps of an event: its kind, the kernel function,
 * the cache and the address (the rest is formatted from these later). */
struct ring_rec {
	int type;
	const char *func;
	const char *cache;
	unsigned long addr;
};

struct ring {
	struct ring_rec rec[256];
	unsigned int at;
	struct machine *m;
};

/* The engine stores calls in an array its sink's owner lends (as the
 * collector does: trace_attach); these sinks lend one and drop them */
static const char *lent_path[256];

static void lend_again(struct machine *m)
{
	m->call_base = m->call_pos = lent_path;
	m->call_end = lent_path + 256;
}

static void ring_sink(void *ctx, const struct mm_event *ev)
{
	struct ring *r = ctx;
	struct ring_rec *rec = &r->rec[r->at++ & 255];

	lend_again(r->m);
	rec->type = ev->type;
	rec->func = ev->func;
	rec->cache = ev->cache;
	rec->addr = ev->addr;
}

/* Tracing breakdown: an empty sink (the engine's cost of building and
 * handing over the events) */
static void null_sink(void *ctx, const struct mm_event *ev)
{
	struct machine *m = ctx;

	lend_again(m);
	__asm__ volatile("" : : "r"(ev) : "memory");
}

static void discard_write(void *ctx, enum out_stream st, const char *s,
			  size_t n)
{
	(void)ctx;
	(void)st;
	(void)s;
	(void)n;
}

static uint64_t lcg(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 33;
}

enum pattern { HOT, BATCH, RANDOM, NR_PATTERNS };
static const char *const pattern_names[] = {"hot", "batch", "random"};

static unsigned long *slots;
static void **gslots;

/* ns per alloc+free pair */
static double run_kmemlab(struct machine *m, enum pattern p, size_t size)
{
	uint64_t t0, t1, x = 12345;
	long pairs;

	switch (p) {
	case HOT:
		t0 = bench_now_ns();
		for (long i = 0; i < HOT_N; i++)
			kfree(m, kmalloc(m, size, GFP_KERNEL));
		t1 = bench_now_ns();
		pairs = HOT_N;
		break;
	case BATCH:
		t0 = bench_now_ns();
		for (long i = 0; i < BATCH_N; i++)
			slots[i] = kmalloc(m, size, GFP_KERNEL);
		for (long i = 0; i < BATCH_N; i++)
			kfree(m, slots[i]);
		t1 = bench_now_ns();
		pairs = BATCH_N;
		break;
	default:
		for (long i = 0; i < RANDOM_LIVE; i++)
			slots[i] = kmalloc(m, size, GFP_KERNEL);
		t0 = bench_now_ns();
		for (long i = 0; i < RANDOM_STEPS; i++) {
			uint64_t k = lcg(&x) % RANDOM_LIVE;

			kfree(m, slots[k]);
			slots[k] = kmalloc(m, size, GFP_KERNEL);
		}
		t1 = bench_now_ns();
		for (long i = 0; i < RANDOM_LIVE; i++)
			kfree(m, slots[i]);
		pairs = RANDOM_STEPS;
		break;
	}
	return (double)(t1 - t0) / (double)pairs;
}

static double run_glibc(enum pattern p, size_t size)
{
	uint64_t t0, t1, x = 12345;
	long pairs;

	switch (p) {
	case HOT:
		t0 = bench_now_ns();
		for (long i = 0; i < HOT_N; i++) {
			void *q = malloc(size);

			/* keep the pair from being optimised away */
			__asm__ volatile("" : : "r"(q) : "memory");
			free(q);
		}
		t1 = bench_now_ns();
		pairs = HOT_N;
		break;
	case BATCH:
		t0 = bench_now_ns();
		for (long i = 0; i < BATCH_N; i++)
			gslots[i] = malloc(size);
		for (long i = 0; i < BATCH_N; i++)
			free(gslots[i]);
		t1 = bench_now_ns();
		pairs = BATCH_N;
		break;
	default:
		for (long i = 0; i < RANDOM_LIVE; i++)
			gslots[i] = malloc(size);
		t0 = bench_now_ns();
		for (long i = 0; i < RANDOM_STEPS; i++) {
			uint64_t k = lcg(&x) % RANDOM_LIVE;

			free(gslots[k]);
			gslots[k] = malloc(size);
		}
		t1 = bench_now_ns();
		for (long i = 0; i < RANDOM_LIVE; i++)
			free(gslots[i]);
		pairs = RANDOM_STEPS;
		break;
	}
	return (double)(t1 - t0) / (double)pairs;
}

/* One traced hot-pattern measurement for the breakdown table. */
struct sink_choice {
	const char *what;
	mm_event_fn fn;
	void *ctx;
};

static void tracing_breakdown(struct machine *m, struct trace *session_trace,
			      struct ring *ring, int rounds)
{
	static const size_t size = 64;
	struct trace bare;
	double v[ROUNDS], off[ROUNDS];

	trace_init(&bare);
	const struct sink_choice sinks[] = {
		{"off (m->sink NULL)", NULL, NULL},
		{"events built, empty sink", null_sink, m},
		{"256-entry ring (4 fields)", ring_sink, ring},
		{"collector, no observer", bench_collector_sink, &bare},
		{"collector + session observer", bench_collector_sink,
		 session_trace},
	};

	ring->m = m;

	printf("\ntracing cost, hot pattern, %zu bytes (ns/pair; the traced "
	       "column above is the last row)\n",
	       size);
	for (size_t i = 0; i < sizeof(sinks) / sizeof(sinks[0]); i++) {
		for (int r = 0; r < rounds; r++) {
			m->sink = NULL;
			off[r] = run_kmemlab(m, HOT, size);
			if (sinks[i].fn == bench_collector_sink) {
				bench_trace_on(m, sinks[i].ctx);
			} else {
				m->sink = sinks[i].fn;
				m->sink_ctx = sinks[i].ctx;
				if (sinks[i].fn)
					lend_again(m);
			}
			v[r] = run_kmemlab(m, HOT, size);
			if (sinks[i].fn == bench_collector_sink)
				bench_trace_off(sinks[i].ctx);
			m->sink = NULL;
			m->call_base = m->call_pos = m->call_end = NULL;
		}
		double om = bench_median(off, rounds);
		double vm = bench_median(v, rounds);

		printf("  %-30s %10.1f %8.2fx\n", sinks[i].what, vm, vm / om);
	}
	trace_free(&bare);
}

int bench_slub(int argc, char **argv)
{
	static const size_t sizes[] = {8, 64, 192, 1024, 4096};
	struct machine_config cfg;
	char err[256];
	struct ring *ring = calloc(1, sizeof(*ring));
	struct out discard = {.write = discard_write};
	int rounds = ROUNDS;

	if (argc > 1 && !strcmp(argv[1], "--quick"))
		rounds = 3;
	machine_preset(&cfg, "default");
	cfg.mem_bytes = 1UL << 30; /* 100,000 x 4 KiB objects fit */
	/* a session's machine and collector, as the command layer runs */
	struct session *ss = session_create(&cfg, &discard, err, sizeof(err));
	struct machine *m = ss ? ss->m : NULL;

	slots = calloc(BATCH_N, sizeof(*slots));
	gslots = calloc(BATCH_N, sizeof(*gslots));
	if (!m || !slots || !gslots || !ring) {
		fprintf(stderr, "kmemlab-bench: %s\n",
			m ? "out of memory" : err);
		return 1;
	}
	/* one command first: the session sets up its observer per command */
	session_run_line(ss, "cpu 0", "bench", 1);
	printf("kmalloc+kfree pairs, ns/pair, median of %d rounds "
	       "(machine: %d CPUs, hardened %s)\n",
	       rounds, m->nr_cpus, m->cfg.hardened ? "on" : "off");
	printf("%-7s %5s %10s %10s %10s %9s %9s\n", "pattern", "size", "glibc",
	       "kmemlab", "traced", "km/glibc", "on/off");
	for (int p = 0; p < NR_PATTERNS; p++) {
		for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]);
		     si++) {
			double g[ROUNDS], k[ROUNDS], t[ROUNDS];
			size_t size = sizes[si];

			/* warm up both: first touch of pages is not measured */
			run_glibc((enum pattern)p, size);
			run_kmemlab(m, (enum pattern)p, size);
			for (int r = 0; r < rounds; r++) {
				g[r] = run_glibc((enum pattern)p, size);
				m->sink = NULL;
				k[r] = run_kmemlab(m, (enum pattern)p, size);
				bench_trace_on(m, &ss->trace);
				t[r] = run_kmemlab(m, (enum pattern)p, size);
				bench_trace_off(&ss->trace);
			}
			double gm = bench_median(g, rounds);
			double km = bench_median(k, rounds);
			double tm = bench_median(t, rounds);

			printf("%-7s %5zu %10.1f %10.1f %10.1f %8.2fx %8.2fx\n",
			       pattern_names[p], size, gm, km, tm, km / gm,
			       tm / km);
		}
	}
	tracing_breakdown(m, &ss->trace, ring, rounds);
	if (mm_check(m))
		fprintf(stderr,
			"kmemlab-bench: mm_check failed after the run\n");
	session_destroy(ss);
	free(slots);
	free(gslots);
	free(ring);
	return 0;
}
