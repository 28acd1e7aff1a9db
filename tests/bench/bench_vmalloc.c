// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmemlab-bench vmalloc. STUB: being written.
 */
#include <stdio.h>

#include "bench.h"

int bench_vmalloc(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmemlab-bench: vmalloc is not written yet\n");
	return 1;
}
