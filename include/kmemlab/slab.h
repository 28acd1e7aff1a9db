/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SLUB: kmem_cache, kmalloc and friends (twins: mm/slub.c,
 * mm/slab_common.c, mm/slab.h, include/linux/slab.h).
 * Objects are kernel addresses (unsigned long); 0 is NULL and
 * ZERO_SIZE_PTR is 16.
 *
 * This header is the SLUB module's public API; struct kmem_cache and the
 * rest of the module's types are defined here as the module grows.
 */
#ifndef KMEMLAB_SLAB_H
#define KMEMLAB_SLAB_H

#include "machine.h"

/* Boot: kmem_cache, kmem_cache_node and the kmalloc caches. */
void kmem_cache_init(struct machine *m);
void slub_destroy(struct machine *m);
/* SLUB invariants (mm_check calls it). */
int slab_check(struct machine *m, char *buf, size_t len);

struct seq_buf;
/*
 * /sys/kernel/slab below the directory: "" lists the directories (caches
 * and alias links), "kmalloc-64" lists its attributes, "kmalloc-64/order"
 * reads one. -ENOENT for no such file.
 */
int slub_sysfs_read(struct machine *m, const char *rel, struct seq_buf *s);
int slub_sysfs_write(struct machine *m, const char *rel, const char *value);
int slub_sysfs_list(struct machine *m, const char *rel, struct seq_buf *s);

#endif /* KMEMLAB_SLAB_H */
