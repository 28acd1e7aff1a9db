// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cache creation, merging, kmalloc caches, /proc/slabinfo
 * (twin: mm/slab_common.c). STUB: being written.
 */
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"
#include "internal.h"

void slabinfo_show(struct machine *m, struct seq_buf *s)
{
	(void)m;
	seq_puts(s, "slabinfo - version: 2.1\n");
}
