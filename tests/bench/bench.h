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

int bench_buddy(int argc, char **argv);
int bench_slub(int argc, char **argv);
int bench_vmalloc(int argc, char **argv);
int bench_tui(int argc, char **argv);

#endif
