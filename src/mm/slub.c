// SPDX-License-Identifier: GPL-2.0-only
/*
 * SLUB (twin: mm/slub.c). STUB: being written.
 */
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"
#include "internal.h"

void kmem_cache_init(struct machine *m)
{
	(void)m;
}

void slub_destroy(struct machine *m)
{
	(void)m;
}

int slab_check(struct machine *m, char *buf, size_t len)
{
	(void)m;
	(void)buf;
	(void)len;
	return 0;
}

int slub_sysfs_read(struct machine *m, const char *rel, struct seq_buf *s)
{
	(void)m;
	(void)rel;
	(void)s;
	return -ENOENT;
}

int slub_sysfs_write(struct machine *m, const char *rel, const char *value)
{
	(void)m;
	(void)rel;
	(void)value;
	return -ENOENT;
}

int slub_sysfs_list(struct machine *m, const char *rel, struct seq_buf *s)
{
	(void)m;
	(void)s;
	return *rel ? -ENOENT : 0;
}
