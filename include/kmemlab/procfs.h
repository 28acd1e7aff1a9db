/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The /proc and /sys/kernel/slab files of the simulated kernel, computed
 * from the state in the kernel's exact text format (twins: mm/vmstat.c,
 * fs/proc/meminfo.c, mm/slab_common.c, mm/slub.c sysfs, mm/vmalloc.c).
 * The engine never prints: generators append to a struct seq_buf.
 */
#ifndef KMEMLAB_PROCFS_H
#define KMEMLAB_PROCFS_H

#include <stdbool.h>
#include <stddef.h>

struct machine;

struct seq_buf {
	char *buf;
	size_t len, cap;
	bool oom;
};

void seq_init(struct seq_buf *s);
void seq_free(struct seq_buf *s);
void seq_printf(struct seq_buf *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void seq_puts(struct seq_buf *s, const char *str);

/*
 * Read a file. Returns 0 and fills s; -ENOENT if there is no such file,
 * -EISDIR for a directory, -EACCES for a write-only file.
 */
int procfs_read(struct machine *m, const char *path, struct seq_buf *s);
/* Write to a file (sysfs "min_partial", "shrink", "validate" ...). */
int procfs_write(struct machine *m, const char *path, const char *value);
/* List a directory ("/proc", "/sys/kernel/slab", a cache's directory). */
int procfs_list(struct machine *m, const char *path, struct seq_buf *s);

/*
 * Visit every readable path (for completion and tests): /proc files, then
 * /sys/kernel/slab/<dir>/<attr>.
 */
typedef void (*procfs_path_fn)(void *ctx, const char *path);
void procfs_for_each_path(struct machine *m, procfs_path_fn fn, void *ctx);

/* Generators, each in the file of its kernel twin. */
void buddyinfo_show(struct machine *m, struct seq_buf *s);    /* vmstat.c */
void pagetypeinfo_show(struct machine *m, struct seq_buf *s); /* vmstat.c */
void zoneinfo_show(struct machine *m, struct seq_buf *s);     /* vmstat.c */
void meminfo_show(struct machine *m, struct seq_buf *s);      /* procfs.c */
void slabinfo_show(struct machine *m, struct seq_buf *s);    /* slab_common.c */
void vmallocinfo_show(struct machine *m, struct seq_buf *s); /* vmalloc.c */

#endif /* KMEMLAB_PROCFS_H */
