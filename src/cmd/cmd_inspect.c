// SPDX-License-Identifier: GPL-2.0-only
/*
 * Commands that look at the machine: cat, ls, echo (sysfs writes), dmesg,
 * check and explain. The files are the engine's (include/kmemlab/procfs.h,
 * twins mm/vmstat.c, fs/proc/meminfo.c, mm/slub.c sysfs); errors read
 * like the shell's ("cat: /proc/x: No such file or directory").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_internal.h"

/* --- paths ------------------------------------------------------------- */

struct path_list {
	const char **v;
	size_t n, cap;
};

static void path_add(void *ctx, const char *path)
{
	struct path_list *l = ctx;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		const char **v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return;
		l->v = v;
		l->cap = cap;
	}
	char *copy = strdup(path);

	if (copy)
		l->v[l->n++] = copy;
}

static void path_list_free(struct path_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free((char *)l->v[i]);
	free(l->v);
}

/* "cat: PATH: No such file or directory (did you mean ...?)" */
static int path_error(struct session *ss, const char *path, int err)
{
	char hint[256] = "";

	if (err == -ENOENT) {
		struct path_list l = {0};

		procfs_for_each_path(ss->m, path_add, &l);
		cmd_suggest(hint, sizeof(hint), path, l.v, l.n);
		path_list_free(&l);
	}
	return cmd_error(ss, "%s: %s%s", path, strerror(-err), hint);
}

/* "/proc/" -> "/proc"; "" and "/" stay "/" */
static void normalize(char *dst, size_t len, const char *path)
{
	size_t n;

	snprintf(dst, len, "%s", path);
	n = strlen(dst);
	while (n > 1 && dst[n - 1] == '/')
		dst[--n] = '\0';
}

static int do_cat(struct session *ss, int argc, char **argv)
{
	char path[512];

	/* check every path first: no partial output before an error */
	for (int i = 1; i < argc; i++) {
		struct seq_buf s;
		int rc;

		normalize(path, sizeof(path), argv[i]);
		seq_init(&s);
		rc = procfs_read(ss->m, path, &s);
		seq_free(&s);
		if (rc < 0)
			return path_error(ss, path, rc);
	}
	for (int i = 1; i < argc; i++) {
		struct seq_buf s;

		normalize(path, sizeof(path), argv[i]);
		seq_init(&s);
		procfs_read(ss->m, path, &s);
		if (s.buf)
			out_write(OUT(ss), OUT_STDOUT, s.buf, s.len);
		seq_free(&s);
	}
	return 0;
}

static int do_ls(struct session *ss, int argc, char **argv)
{
	char path[512];
	struct seq_buf s;
	int rc;

	normalize(path, sizeof(path), argc > 1 ? argv[1] : "/");
	if (!strcmp(path, "/")) {
		out_puts(OUT(ss), "proc\nsys\n");
		return 0;
	}
	seq_init(&s);
	rc = procfs_list(ss->m, path, &s);
	if (rc == -ENOTDIR) {
		/* like ls: a file lists as itself */
		out_printf(OUT(ss), "%s\n", path);
		rc = 0;
	} else if (rc == 0 && s.buf) {
		out_write(OUT(ss), OUT_STDOUT, s.buf, s.len);
	}
	seq_free(&s);
	return rc < 0 ? path_error(ss, path, rc) : 0;
}

static int do_echo(struct session *ss, int argc, char **argv)
{
	char path[512];
	int rc;

	if (argc == 2) {
		out_printf(OUT(ss), "%s\n", argv[1]);
		return 0;
	}
	if (argc != 4 || strcmp(argv[2], ">"))
		return cmd_error(ss, "expected echo VALUE > PATH");
	normalize(path, sizeof(path), argv[3]);
	rc = procfs_write(ss->m, path, argv[1]);
	if (rc == -EINVAL || rc == -ERANGE)
		return cmd_error(ss, "write error: %s (%s rejects '%s')",
				 strerror(-rc), path, argv[1]);
	if (rc < 0)
		return path_error(ss, path, rc);
	return 0;
}

static int do_dmesg(struct session *ss, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (ss->m->log)
		out_write(OUT(ss), OUT_STDOUT, ss->m->log, ss->m->log_len);
	return 0;
}

static int do_check(struct session *ss, int argc, char **argv)
{
	char why[256];
	int errors;

	(void)argc;
	(void)argv;
	errors = mm_check_report(ss->m, why, sizeof(why));
	if (errors)
		return cmd_error(ss, "%d error%s; the first: %s", errors,
				 errors == 1 ? "" : "s", why);
	out_puts(OUT(ss), "mm_check: no errors\n");
	return 0;
}

/* --- explain ------------------------------------------------------------ */

#define EXPLAIN_MAX 200 /* path entries and events shown */

static int do_explain(struct session *ss, int argc, char **argv)
{
	const struct trace *t = &ss->last;
	char line[512];
	size_t shown = 0;

	(void)argc;
	(void)argv;
	if (!ss->last_cmd) {
		out_puts(OUT(ss), "nothing to explain yet: run a command that "
				  "allocates or frees first\n");
		return 0;
	}
	out_printf(OUT(ss), "%s\n", ss->last_cmd);
	out_puts(OUT(ss), "  path: ");
	/* consecutive repeats (expand, expand, expand) shown once, ×N */
	for (size_t i = 0; i < t->nr_path && shown < EXPLAIN_MAX; shown++) {
		size_t j = i + 1;

		while (j < t->nr_path && !strcmp(t->path[j], t->path[i]))
			j++;
		out_printf(OUT(ss), "%s%s", i ? " → " : "", t->path[i]);
		if (j - i > 1)
			out_printf(OUT(ss), " ×%zu", j - i);
		i = j;
	}
	if (!t->nr_path)
		out_puts(OUT(ss), "(no kernel function)");
	else if (shown == EXPLAIN_MAX)
		out_puts(OUT(ss), " → …");
	out_puts(OUT(ss), "\n");

	shown = 0;
	for (size_t i = 0; i < t->nr_ev; i++) {
		if (t->ev[i].type == EV_PRINTK)
			continue;
		if (shown++ == EXPLAIN_MAX) {
			out_printf(OUT(ss), "  … %zu more events\n",
				   t->nr_ev - i);
			break;
		}
		trace_format(line, sizeof(line), &t->ev[i]);
		out_printf(OUT(ss), "  %s\n", line);
	}
	if (t->nr_printk)
		out_printf(OUT(ss), "  (%zu kernel log line%s: see dmesg)\n",
			   t->nr_printk, t->nr_printk == 1 ? "" : "s");
	if (t->dropped)
		out_printf(OUT(ss), "  (%lu events not kept)\n", t->dropped);
	return 0;
}

// clang-format off
const struct command cmd_inspect_table[] = {
	{ "cat", do_cat, 1, 16,
	  "cat PATH...",
	  "print /proc and /sys/kernel/slab files in the kernel's format",
	  "The simulated kernel computes each file from its state, byte for "
	  "byte in the format of Linux 6.12: /proc/buddyinfo, /proc/"
	  "pagetypeinfo, /proc/zoneinfo, /proc/meminfo, /proc/slabinfo, "
	  "/proc/vmallocinfo and /sys/kernel/slab/CACHE/ATTR.",
	  "cat /proc/buddyinfo",
	  GRP_INSPECT, 0 },
	{ "ls", do_ls, 0, 1,
	  "ls [PATH]",
	  "list /proc, /sys/kernel/slab or a cache's attributes",
	  "One name a line; / lists proc and sys.",
	  "ls /sys/kernel/slab",
	  GRP_INSPECT, 0 },
	{ "echo", do_echo, 1, 3,
	  "echo VALUE > PATH",
	  "write a sysfs attribute (min_partial, cpu_partial, shrink ...)",
	  "Writes VALUE to a writable file of /sys/kernel/slab the way the "
	  "kernel's store handler takes it; echo VALUE alone prints VALUE.",
	  "echo 1 > /sys/kernel/slab/kmalloc-64/shrink",
	  GRP_INSPECT, CMD_MUTATES },
	{ "dmesg", do_dmesg, 0, 0,
	  "dmesg",
	  "print the kernel log",
	  "Every line the simulated kernel printed since boot: allocation "
	  "failure warnings, Bad page state and SLUB debug reports.",
	  "dmesg",
	  GRP_INSPECT, 0 },
	{ "check", do_check, 0, 0,
	  "check",
	  "run mm_check: the invariant checks of every allocator",
	  "Walks the buddy free lists, the pcp lists, every slab and every "
	  "vmalloc area and counts inconsistencies; a healthy machine has "
	  "none. A failure here is a kmemlab bug.",
	  "check",
	  GRP_INSPECT, 0 },
	{ "explain", do_explain, 0, 0,
	  "explain",
	  "show the call path and the decisions of the last allocation or free",
	  "Lists the kernel functions the last command that reached the "
	  "allocators went through, outermost first, then each event: splits, "
	  "merges, pcp refills, slabs taken or made.",
	  "pg = alloc_pages 3; explain",
	  GRP_INSPECT, 0 },
	{ NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, 0 },
};
// clang-format on
