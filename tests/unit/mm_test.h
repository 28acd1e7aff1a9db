// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the engine's unit tests share: booting a machine from a config,
 * mm_check before it is destroyed, a /sys/kernel/slab file as text, and
 * kernel log assertions. Include after <cmocka.h>.
 */
#ifndef KMEMLAB_TESTS_MM_TEST_H
#define KMEMLAB_TESTS_MM_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kmemlab/machine.h"
#include "kmemlab/procfs.h"
#include "kmemlab/slab.h"

/* The tests' random numbers: xorshift64, deterministic from the seed */
static inline uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* Two strings alike, either or both maybe NULL */
static inline void assert_same_str(const char *x, const char *y)
{
	if (x || y)
		assert_string_equal(x ? x : "(null)", y ? y : "(null)");
}

/* The same /proc (or /sys) text on two machines */
static inline void assert_same_procfs(struct machine *a, struct machine *b,
				      const char *path)
{
	struct seq_buf sa, sb;

	seq_init(&sa);
	seq_init(&sb);
	assert_int_equal(procfs_read(a, path, &sa), 0);
	assert_int_equal(procfs_read(b, path, &sb), 0);
	assert_string_equal(sa.buf ? sa.buf : "", sb.buf ? sb.buf : "");
	seq_free(&sa);
	seq_free(&sb);
}

/* Two events alike in kind and every number (their strings are the
 * caller's to compare: a sink may keep copies) */
static inline void assert_same_event_numbers(const struct mm_event *x,
					     const struct mm_event *y)
{
	assert_int_equal(x->type, y->type);
	assert_int_equal(x->addr, y->addr);
	assert_int_equal(x->addr2, y->addr2);
	assert_int_equal(x->pfn, y->pfn);
	assert_int_equal(x->pfn2, y->pfn2);
	assert_int_equal(x->order, y->order);
	assert_int_equal(x->mt, y->mt);
	assert_int_equal(x->mt2, y->mt2);
	assert_int_equal(x->nid, y->nid);
	assert_int_equal(x->zone, y->zone);
	assert_int_equal(x->cpu, y->cpu);
	assert_int_equal(x->n, y->n);
}

static inline struct machine *boot_config(const struct machine_config *cfg)
{
	char err[256];
	struct machine *m = machine_create(cfg, err, sizeof(err));

	if (!m)
		fail_msg("machine_create: %s", err);
	return m;
}

/* mm_check must find nothing, then the machine goes (a test's event
 * sink may point at its stack: no event after it returns) */
static inline void check_and_destroy(struct machine *m)
{
	char buf[256];

	m->sink = NULL;
	if (mm_check_report(m, buf, sizeof(buf)))
		fail_msg("mm_check: %s", buf);
	machine_destroy(m);
}

/* /sys/kernel/slab/REL as text, in a buffer the next call reuses */
static inline char *sysfs(struct machine *m, const char *rel)
{
	static char out[512];
	struct seq_buf s;

	seq_init(&s);
	assert_int_equal(slub_sysfs_read(m, rel, &s), 0);
	snprintf(out, sizeof(out), "%s", s.buf ? s.buf : "");
	seq_free(&s);
	return out;
}

/* The kernel log from offset `from` contains / lacks `text` */
static inline void log_has(struct machine *m, size_t from, const char *text)
{
	if (!strstr(m->log + from, text))
		fail_msg("log lacks \"%s\"; log:\n%s", text, m->log + from);
}

static inline void log_lacks(struct machine *m, size_t from, const char *text)
{
	if (strstr(m->log + from, text))
		fail_msg("log has \"%s\"; log:\n%s", text, m->log + from);
}

#endif
