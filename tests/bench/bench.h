/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * kmemlab-bench: one program, one subcommand per part (buddy, slub,
 * vmalloc, tui). Each prints ns/op beside its baseline measured in the same
 * run, with medians over repeated rounds, and the ratio. Benchmarks never
 * fail on timing.
 */
#ifndef KMEMLAB_BENCH_H
#define KMEMLAB_BENCH_H

#include <stdint.h>

uint64_t bench_now_ns(void);
/* median of n values (sorts them) */
double bench_median(double *v, int n);

/*
 * Tracing on as a session's commands run (src/cmd/cmd.c: run_command):
 * the trace collector t attached to m (trace_attach), with
 * bench_collector_sink in front of it, which resets t as between commands
 * the first time it is called with BENCH_RESET_EVENTS calls and events or
 * more recorded (with the arrays lent, that is when one is full), so that
 * everything is recorded. bench_trace_off() detaches it.
 */
#define BENCH_RESET_EVENTS 8000 /* about a `repeat 1000` of pairs */
struct machine;
struct mm_event;
struct trace;
void bench_collector_sink(void *ctx, const struct mm_event *ev);
void bench_trace_on(struct machine *m, struct trace *t);
void bench_trace_off(struct trace *t);

int bench_buddy(int argc, char **argv);
int bench_slub(int argc, char **argv);
int bench_vmalloc(int argc, char **argv);
int bench_tui(int argc, char **argv);

#endif
