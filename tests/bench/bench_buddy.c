// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmemlab-bench buddy. STUB: being written.
 */
#include <stdio.h>

#include "bench.h"

int bench_buddy(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "kmemlab-bench: buddy is not written yet\n");
	return 1;
}
