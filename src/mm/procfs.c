// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated /proc, /sys/kernel/slab and /sys/devices/system/node: the
 * path table, seq_buf (the kernel's seq_file reduced to a growing buffer),
 * /proc/meminfo and the node files.
 *
 * Kernel twins: fs/seq_file.c, fs/proc/meminfo.c, mm/show_mem.c
 * (si_mem_available), arch/x86/mm/pat/set_memory.c (DirectMap lines),
 * drivers/base/node.c (online, nodeN/distance, nodeN/cpulist only).
 * The other files are generated next to their kernel twins: vmstat.c,
 * slab_common.c, slub.c, vmalloc.c.
 *
 * Left out of meminfo: page cache, anon and swap counters are 0 because
 * the simulated kernel runs no user space; Percpu is 0.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/buddy.h"
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"
#include "kmemlab/vmalloc.h"
#include "internal.h"

void seq_init(struct seq_buf *s)
{
	memset(s, 0, sizeof(*s));
}

void seq_free(struct seq_buf *s)
{
	free(s->buf);
	seq_init(s);
}

static int seq_reserve(struct seq_buf *s, size_t more)
{
	if (s->len + more + 1 <= s->cap)
		return 0;
	size_t cap = s->cap ? s->cap : 1024;

	while (cap < s->len + more + 1)
		cap *= 2;
	char *p = realloc(s->buf, cap);

	if (!p) {
		s->oom = true;
		return -1;
	}
	s->buf = p;
	s->cap = cap;
	return 0;
}

void seq_printf(struct seq_buf *s, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0 || seq_reserve(s, (size_t)n) < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		memcpy(s->buf + s->len, small, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(s->buf + s->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	s->len += (size_t)n;
}

void seq_puts(struct seq_buf *s, const char *str)
{
	size_t n = strlen(str);

	if (seq_reserve(s, n) < 0)
		return;
	memcpy(s->buf + s->len, str, n + 1);
	s->len += n;
}

/* --- /proc/meminfo ----------------------------------------------------- */

static void show_val_kb(struct seq_buf *s, const char *label,
			unsigned long pages)
{
	seq_printf(s, "%s%8lu kB\n", label, pages << (KM_PAGE_SHIFT - 10));
}

static unsigned long global_free_pages(struct machine *m)
{
	struct zone *zone;
	unsigned long free = 0;

	for_each_populated_zone (m, zone)
		free += zone->nr_free_pages;
	return free;
}

/* mm/show_mem.c: si_mem_available() */
static long si_mem_available(struct machine *m, unsigned long reclaimable)
{
	struct zone *zone;
	unsigned long wmark_low = 0;
	long available;

	for_each_zone (m, zone)
		wmark_low += low_wmark_pages(zone);
	available = (long)global_free_pages(m) - (long)m->totalreserve_pages;
	/* no page cache to add */
	available += (long)reclaimable - (long)min(reclaimable / 2, wmark_low);
	return available < 0 ? 0 : available;
}

void meminfo_show(struct machine *m, struct seq_buf *s)
{
	unsigned long sreclaimable = 0, sunreclaim = 0, pagetables = 0;
	unsigned long dm[3] = {0, 0, 0};

	for (int nid = 0; nid < m->nr_nodes; nid++) {
		sreclaimable += m->node_data[nid].nr_slab_reclaimable_b;
		sunreclaim += m->node_data[nid].nr_slab_unreclaimable_b;
		pagetables += m->node_data[nid].nr_page_table_pages;
	}
	sreclaimable >>= KM_PAGE_SHIFT;
	sunreclaim >>= KM_PAGE_SHIFT;
	vmalloc_directmap_kb(m, dm);

	show_val_kb(s, "MemTotal:       ", m->totalram_pages);
	show_val_kb(s, "MemFree:        ", global_free_pages(m));
	show_val_kb(s, "MemAvailable:   ",
		    (unsigned long)si_mem_available(m, sreclaimable));
	show_val_kb(s, "Buffers:        ", 0);
	show_val_kb(s, "Cached:         ", 0);
	show_val_kb(s, "SwapCached:     ", 0);
	show_val_kb(s, "Active:         ", 0);
	show_val_kb(s, "Inactive:       ", 0);
	show_val_kb(s, "Active(anon):   ", 0);
	show_val_kb(s, "Inactive(anon): ", 0);
	show_val_kb(s, "Active(file):   ", 0);
	show_val_kb(s, "Inactive(file): ", 0);
	show_val_kb(s, "Unevictable:    ", 0);
	show_val_kb(s, "Mlocked:        ", 0);
	show_val_kb(s, "SwapTotal:      ", 0);
	show_val_kb(s, "SwapFree:       ", 0);
	show_val_kb(s, "Zswap:          ", 0);
	show_val_kb(s, "Zswapped:       ", 0);
	show_val_kb(s, "Dirty:          ", 0);
	show_val_kb(s, "Writeback:      ", 0);
	show_val_kb(s, "AnonPages:      ", 0);
	show_val_kb(s, "Mapped:         ", 0);
	show_val_kb(s, "Shmem:          ", 0);
	show_val_kb(s, "KReclaimable:   ", sreclaimable);
	show_val_kb(s, "Slab:           ", sreclaimable + sunreclaim);
	show_val_kb(s, "SReclaimable:   ", sreclaimable);
	show_val_kb(s, "SUnreclaim:     ", sunreclaim);
	seq_printf(s, "KernelStack:    %8lu kB\n", 0UL);
	show_val_kb(s, "PageTables:     ", pagetables);
	show_val_kb(s, "SecPageTables:  ", 0);
	show_val_kb(s, "NFS_Unstable:   ", 0);
	show_val_kb(s, "Bounce:         ", 0);
	show_val_kb(s, "WritebackTmp:   ", 0);
	/* overcommit_ratio 50, no swap, no hugetlb */
	show_val_kb(s, "CommitLimit:    ", m->totalram_pages * 50 / 100);
	show_val_kb(s, "Committed_AS:   ", 0);
	seq_printf(s, "VmallocTotal:   %8lu kB\n", m->cfg.vmalloc_size >> 10);
	show_val_kb(s, "VmallocUsed:    ", vmalloc_nr_pages(m));
	show_val_kb(s, "VmallocChunk:   ", 0);
	show_val_kb(s, "Percpu:         ", 0);
	show_val_kb(s, "AnonHugePages:  ", 0);
	show_val_kb(s, "ShmemHugePages: ", 0);
	show_val_kb(s, "ShmemPmdMapped: ", 0);
	show_val_kb(s, "FileHugePages:  ", 0);
	show_val_kb(s, "FilePmdMapped:  ", 0);
	seq_printf(s, "HugePages_Total:   %5lu\n", 0UL);
	seq_printf(s, "HugePages_Free:    %5lu\n", 0UL);
	seq_printf(s, "HugePages_Rsvd:    %5lu\n", 0UL);
	seq_printf(s, "HugePages_Surp:    %5lu\n", 0UL);
	seq_printf(s, "Hugepagesize:   %8lu kB\n", 2048UL);
	seq_printf(s, "Hugetlb:        %8lu kB\n", 0UL);
	seq_printf(s, "DirectMap4k:    %8lu kB\n", dm[0]);
	seq_printf(s, "DirectMap2M:    %8lu kB\n", dm[1]);
	if (dm[2])
		seq_printf(s, "DirectMap1G:    %8lu kB\n", dm[2]);
}

/* --- the path table ---------------------------------------------------- */

struct proc_file {
	const char *path;
	void (*show)(struct machine *m, struct seq_buf *s);
};

static const struct proc_file proc_files[] = {
	{"/proc/buddyinfo", buddyinfo_show},
	{"/proc/meminfo", meminfo_show},
	{"/proc/pagetypeinfo", pagetypeinfo_show},
	{"/proc/slabinfo", slabinfo_show},
	{"/proc/vmallocinfo", vmallocinfo_show},
	{"/proc/zoneinfo", zoneinfo_show},
};

#define SYS_SLAB "/sys/kernel/slab"

/* --- /sys/devices/system/node (drivers/base/node.c) --------------------- */

#define SYS_NODE "/sys/devices/system/node"

/* "0-3", "5" or "" (the kernel's %*pbl of one contiguous range). */
static void range_show(struct seq_buf *s, int first, int last)
{
	if (first > last)
		seq_puts(s, "\n");
	else if (first == last)
		seq_printf(s, "%d\n", first);
	else
		seq_printf(s, "%d-%d\n", first, last);
}

/* The directories: /sys/devices, .../system, SYS_NODE, SYS_NODE/nodeN. */
static bool node_sysfs_dir(struct machine *m, const char *path, int *nid)
{
	char dir[64];

	int i;

	*nid = -1;
	if (!strcmp(path, "/sys/devices") ||
	    !strcmp(path, "/sys/devices/system") || !strcmp(path, SYS_NODE))
		return true;
	for_each_node (m, i) {
		snprintf(dir, sizeof(dir), SYS_NODE "/node%d", i);
		if (!strcmp(path, dir)) {
			*nid = i;
			return true;
		}
	}
	return false;
}

/*
 * SYS_NODE/online, nodeN/distance (node_read_distance(): the SLIT row of
 * node N, which build_zonelists() and get_any_partial() order by) and
 * nodeN/cpulist. 1 if path is not under /sys/devices.
 */
static int node_sysfs_read(struct machine *m, const char *path,
			   struct seq_buf *s)
{
	size_t n = strlen(SYS_NODE);
	char file[16] = "", canon[48], extra;
	int nid, cpu, first = KM_NR_CPUS, last = -1;

	if (node_sysfs_dir(m, path, &nid))
		return -EISDIR;
	if (strncmp(path, "/sys/devices/", 13))
		return 1;
	if (!strcmp(path, SYS_NODE "/online")) {
		range_show(s, 0, m->nr_nodes - 1);
		return 0;
	}
	if (strncmp(path, SYS_NODE "/", n + 1) ||
	    sscanf(path + n + 1, "node%d/%15s%c", &nid, file, &extra) != 2 ||
	    nid < 0 || nid >= m->nr_nodes)
		return -ENOENT;
	snprintf(canon, sizeof(canon), "node%d/%s", nid, file);
	if (strcmp(path + n + 1, canon)) /* node01, node1//distance */
		return -ENOENT;
	if (!strcmp(file, "distance")) {
		for (int i = 0; i < m->nr_nodes; i++)
			seq_printf(s, "%s%d", i ? " " : "",
				   m->cfg.distance[nid][i]);
		seq_puts(s, "\n");
		return 0;
	}
	if (!strcmp(file, "cpulist")) {
		/* CPUs are numbered node by node (machine.c) */
		for_each_cpu (m, cpu)
			if (m->cpu_to_node[cpu] == nid) {
				first = cpu < first ? cpu : first;
				last = cpu;
			}
		range_show(s, first, last);
		return 0;
	}
	return -ENOENT;
}

/* 1 if path is not under /sys/devices. */
static int node_sysfs_list(struct machine *m, const char *path,
			   struct seq_buf *s)
{
	struct seq_buf file;
	int nid, rc;

	if (!node_sysfs_dir(m, path, &nid)) {
		seq_init(&file);
		rc = node_sysfs_read(m, path, &file);
		seq_free(&file);
		return rc == 0 ? -ENOTDIR : rc;
	}
	if (nid >= 0) {
		seq_puts(s, "cpulist\ndistance\n");
	} else if (!strcmp(path, SYS_NODE)) {
		for_each_node (m, nid)
			seq_printf(s, "node%d\n", nid);
		seq_puts(s, "online\n");
	} else {
		seq_puts(s,
			 strcmp(path, "/sys/devices") ? "node\n" : "system\n");
	}
	return 0;
}

static void node_sysfs_for_each_path(struct machine *m, procfs_path_fn fn,
				     void *ctx)
{
	char path[64];
	int nid;

	fn(ctx, SYS_NODE "/online");
	for_each_node (m, nid) {
		snprintf(path, sizeof(path), SYS_NODE "/node%d/cpulist", nid);
		fn(ctx, path);
		snprintf(path, sizeof(path), SYS_NODE "/node%d/distance", nid);
		fn(ctx, path);
	}
}

/* "/sys/kernel/slab/x" -> "x"; "/sys/kernel/slab" -> ""; else NULL */
static const char *under_sys_slab(const char *path)
{
	size_t n = strlen(SYS_SLAB);

	if (strncmp(path, SYS_SLAB, n))
		return NULL;
	if (path[n] == '\0')
		return path + n;
	if (path[n] != '/')
		return NULL;
	return path + n + 1;
}

int procfs_read(struct machine *m, const char *path, struct seq_buf *s)
{
	const char *rest;
	int rc;

	for (size_t i = 0; i < ARRAY_SIZE(proc_files); i++)
		if (!strcmp(path, proc_files[i].path)) {
			proc_files[i].show(m, s);
			return 0;
		}
	if (!strcmp(path, "/proc") || !strcmp(path, "/sys") ||
	    !strcmp(path, "/sys/kernel"))
		return -EISDIR;
	rest = under_sys_slab(path);
	if (rest) {
		if (*rest == '\0')
			return -EISDIR;
		return slub_sysfs_read(m, rest, s);
	}
	rc = node_sysfs_read(m, path, s);
	return rc <= 0 ? rc : -ENOENT;
}

int procfs_write(struct machine *m, const char *path, const char *value)
{
	const char *rest = under_sys_slab(path);

	if (rest && *rest)
		return slub_sysfs_write(m, rest, value);
	if (!strncmp(path, "/sys/devices/", 13)) {
		struct seq_buf file;
		int rc;

		/* the node files are read-only */
		seq_init(&file);
		rc = node_sysfs_read(m, path, &file);
		seq_free(&file);
		return rc == 0 ? -EACCES : rc;
	}
	for (size_t i = 0; i < ARRAY_SIZE(proc_files); i++)
		if (!strcmp(path, proc_files[i].path))
			return -EACCES;
	return -ENOENT;
}

int procfs_list(struct machine *m, const char *path, struct seq_buf *s)
{
	const char *rest;
	int rc;

	if (!strcmp(path, "/proc")) {
		for (size_t i = 0; i < ARRAY_SIZE(proc_files); i++)
			seq_printf(s, "%s\n", proc_files[i].path + 6);
		return 0;
	}
	if (!strcmp(path, "/sys") || !strcmp(path, "/sys/kernel")) {
		seq_puts(s, !strcmp(path, "/sys") ? "devices\nkernel\n"
						  : "slab\n");
		return 0;
	}
	rest = under_sys_slab(path);
	if (rest)
		return slub_sysfs_list(m, rest, s);
	rc = node_sysfs_list(m, path, s);
	if (rc <= 0)
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(proc_files); i++)
		if (!strcmp(path, proc_files[i].path))
			return -ENOTDIR;
	return -ENOENT;
}

struct path_ctx {
	struct machine *m;
	procfs_path_fn fn;
	void *ctx;
};

void procfs_for_each_path(struct machine *m, procfs_path_fn fn, void *ctx)
{
	struct seq_buf dirs, attrs;
	char path[512];

	for (size_t i = 0; i < ARRAY_SIZE(proc_files); i++)
		fn(ctx, proc_files[i].path);
	node_sysfs_for_each_path(m, fn, ctx);
	seq_init(&dirs);
	if (slub_sysfs_list(m, "", &dirs) == 0 && dirs.buf) {
		for (char *d = dirs.buf; *d;) {
			char *nl = strchr(d, '\n');

			if (!nl)
				break;
			*nl = '\0';
			seq_init(&attrs);
			if (slub_sysfs_list(m, d, &attrs) == 0 && attrs.buf) {
				for (char *a = attrs.buf; *a;) {
					char *nl2 = strchr(a, '\n');

					if (!nl2)
						break;
					*nl2 = '\0';
					snprintf(path, sizeof(path), "%s/%s/%s",
						 SYS_SLAB, d, a);
					fn(ctx, path);
					a = nl2 + 1;
				}
			}
			seq_free(&attrs);
			d = nl + 1;
		}
	}
	seq_free(&dirs);
}
