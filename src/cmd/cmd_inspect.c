// SPDX-License-Identifier: GPL-2.0-only
/*
 * Commands that look at the machine: cat, ls, echo (sysfs writes), dmesg,
 * check and explain. The files are the engine's (include/kmemlab/procfs.h,
 * twins mm/vmstat.c, fs/proc/meminfo.c, mm/slub.c sysfs); errors read
 * like the shell's ("cat: /proc/x: No such file or directory").
 * And the two that touch it: poke (a kernel bug's stray write, through
 * kernel_access(): an unmapped address oopses, the session goes on) and
 * validate (slab_debug's validate_slab_cache()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmemlab/slab.h"
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

/* --- poke and validate -----------------------------------------------------
 */

#define POKE_MAX 4096

/* "AAAA\n" with C escapes (\n \t \0 \\ \" \xNN) into buf; -1 if bad */
static long poke_string(const char *s, unsigned char *buf, size_t max)
{
	size_t n = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\\') {
			s++;
			switch (*s) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case '0':
				c = 0;
				break;
			case '\\':
			case '"':
				c = (unsigned char)*s;
				break;
			case 'x': {
				char hex[3] = {0};
				char *end;

				if (!s[1] || !s[2])
					return -1;
				hex[0] = s[1];
				hex[1] = s[2];
				c = (unsigned char)strtoul(hex, &end, 16);
				if (*end)
					return -1;
				s += 2;
				break;
			}
			default:
				return -1;
			}
		}
		if (n == max)
			return -1;
		buf[n++] = c;
	}
	return (long)n;
}

/*
 * poke ADDR BYTES: BYTES is hex bytes ("41 41 41"), a quoted string
 * ("AAAA", C escapes) or VALUE/WIDTH (0x4141414141414141/8, q/8: a
 * little-endian number of 1, 2, 4 or 8 bytes, variables allowed); the
 * forms mix except the string, which takes the rest of the line.
 */
static int do_poke(struct session *ss, int argc, char **argv)
{
	unsigned char buf[POKE_MAX];
	unsigned long addr;
	size_t n = 0;
	int rc;

	if (cmd_arg_ulong(ss, argv[1], "ADDR", &addr) < 0)
		return -1;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		const char *slash = strchr(a, '/');

		if (a[0] == '"') {
			/* the words were split at spaces: join them back */
			char str[POKE_MAX * 4 + 2];
			size_t at = 0, len;
			long got;

			for (int j = i; j < argc; j++)
				at += (size_t)snprintf(
					str + at,
					at < sizeof(str) ? sizeof(str) - at : 0,
					"%s%s", j > i ? " " : "", argv[j]);
			len = strlen(str);
			if (at >= sizeof(str) || len < 2 ||
			    str[len - 1] != '"' ||
			    (len >= 3 && str[len - 2] == '\\' &&
			     (len < 4 || str[len - 3] != '\\')))
				return cmd_error(
					ss, "BYTES: a string runs from \" to "
					    "the closing \" at the end of the "
					    "line");
			str[len - 1] = '\0';
			got = poke_string(str + 1, buf + n, sizeof(buf) - n);
			if (got < 0)
				return cmd_error(
					ss,
					"BYTES: bad escape in the string "
					"or more than %d bytes "
					"(escapes: \\n \\t \\0 \\\\ "
					"\\\" \\xNN)",
					POKE_MAX);
			n += (size_t)got;
			break;
		}
		if (slash) {
			char num[256];
			unsigned long v, w;
			char *end;

			if ((size_t)(slash - a) >= sizeof(num))
				return cmd_error(ss, "BYTES: '%s' is too long",
						 a);
			memcpy(num, a, (size_t)(slash - a));
			num[slash - a] = '\0';
			w = strtoul(slash + 1, &end, 10);
			if (*end || (w != 1 && w != 2 && w != 4 && w != 8))
				return cmd_error(
					ss,
					"BYTES: '%s': the width after / "
					"must be 1, 2, 4 or 8",
					a);
			if (cmd_arg_ulong(ss, num, "VALUE", &v) < 0)
				return -1;
			if (w < 8 && v >> (w * 8))
				return cmd_error(
					ss,
					"BYTES: 0x%lx does not fit in %lu "
					"byte%s",
					v, w, w == 1 ? "" : "s");
			if (n + w > sizeof(buf))
				return cmd_error(ss,
						 "BYTES: more than %d bytes",
						 POKE_MAX);
			for (unsigned long k = 0; k < w; k++)
				buf[n++] = (unsigned char)(v >> (8 * k));
			continue;
		}
		{
			char *end;
			const char *h = a;
			unsigned long v;

			if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
				h += 2;
			v = strtoul(h, &end, 16);
			if (!*h || *end || strlen(h) > 2 || v > 0xff)
				return cmd_error(
					ss,
					"BYTES: '%s' is not a byte (expected "
					"hex bytes like 41 0x5a, a \"string\" "
					"or VALUE/WIDTH like 0x41414141/4)",
					a);
			if (n == sizeof(buf))
				return cmd_error(ss,
						 "BYTES: more than %d bytes",
						 POKE_MAX);
			buf[n++] = (unsigned char)v;
		}
	}
	if (!n)
		return cmd_error(ss, "BYTES: nothing to write");
	rc = kernel_access(ss->m, addr, buf, n, true, "poke");
	if (rc == -EFAULT)
		return cmd_error(ss,
				 "the kernel oopsed: 0x%lx..0x%lx is not all "
				 "mapped (see the kernel log)",
				 addr, addr + n - 1);
	if (rc == -EPERM)
		return cmd_error(
			ss,
			"0x%lx..0x%lx holds page tables or reserved "
			"memory: kmemlab keeps its own page table and "
			"memmap there and does not let poke write them",
			addr, addr + n - 1);
	return rc < 0 ? cmd_error(ss, "poke failed: %s", strerror(-rc)) : 0;
}

static int validate_one(struct session *ss, struct kmem_cache *s, bool all)
{
	long errors = 0;
	long slabs = validate_slab_cache(ss->m, s, &errors);

	if (!all || errors)
		out_printf(OUT(ss), "%s: %ld slab%s checked, %ld error%s\n",
			   s->name, slabs, slabs == 1 ? "" : "s", errors,
			   errors == 1 ? "" : "s");
	return (int)errors;
}

/* validate [CACHE]: validate_slab_cache(), on one cache or all */
static int do_validate(struct session *ss, int argc, char **argv)
{
	struct kmem_cache *s;
	long errors = 0, caches = 0;

	if (argc > 1) {
		if (cmd_arg_cache(ss, argv[1], &s) < 0)
			return -1;
		validate_one(ss, s, false);
		return 0;
	}
	for_each_kmem_cache (ss->m, s) {
		errors += validate_one(ss, s, true);
		caches++;
	}
	out_printf(OUT(ss), "%ld caches checked, %ld error%s\n", caches, errors,
		   errors == 1 ? "" : "s");
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
	{ "poke", do_poke, 2, 200,
	  "poke ADDR BYTES",
	  "write bytes into kernel memory, as a buggy kernel would",
	  "BYTES: hex bytes (41 41 41 41), a \"string\" with C escapes, or "
	  "VALUE/WIDTH (0x4141414141414141/8, or q/8 to plant a pointer). "
	  "Memory mapped in the direct map or a live vmalloc area is written "
	  "for real: an overflow reaches the next object, a write after free "
	  "lands in a free object and its free pointer. An address no page "
	  "maps (a guard page, a purged area, NULL, a non-canonical address) "
	  "gets the kernel's oops; the session goes on.",
	  "p = kmalloc 56; poke p+56 41 41 41 41",
	  GRP_INSPECT, CMD_MUTATES },
	{ "validate", do_validate, 0, 1,
	  "validate [CACHE]",
	  "check every slab and object of a cache (validate_slab_cache)",
	  "What writing 1 to /sys/kernel/slab/CACHE/validate does on a "
	  "slab_debug cache (that file refuses other caches): flush the cpu "
	  "slabs, then check each partial slab (and full ones with "
	  "SLAB_STORE_USER), its free chain and every object's red zones, "
	  "poison and free pointer. Reports and repairs go to the kernel log; "
	  "a line gives the count, as lib/slub_kunit.c counts slab_errors: "
	  "each report and each FIX is one, so one overwritten red zone "
	  "counts 2. Without CACHE, every cache.",
	  "validate kmalloc-64",
	  GRP_INSPECT, CMD_MUTATES },
	{ NULL, NULL, 0, 0, NULL, NULL, NULL, NULL, 0, 0 },
};
// clang-format on
