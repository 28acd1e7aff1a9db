// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmemlab-bench slub. STUB: being written.
 */
#include <stdio.h>

#include "bench.h"

int bench_slub(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmemlab-bench: slub is not written yet\n");
	return 1;
}
