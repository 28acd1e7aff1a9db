// SPDX-License-Identifier: GPL-2.0-only
/*
 * Random well-formed command lines for the tests that drive the whole
 * command layer (test_cmd_random.c, ../export/test_export.c): a template
 * picked at random, its %V (variable a..h), %S (size), %O (order), %N
 * (cache name) and %C (CPU 0 or 1) filled from the test's vocabulary.
 * xorshift32, so every libc gives the same sequence for a seed.
 */
#ifndef KMEMLAB_TESTS_RANDOM_CMD_H
#define KMEMLAB_TESTS_RANDOM_CMD_H

#include <stdio.h>

struct cmd_vocab {
	const char *const *templates;
	int nr_templates;
	const char *const *sizes;
	int nr_sizes;
	const char *const *caches;
	int nr_caches;
	int nr_orders; /* %O is 0 .. nr_orders - 1 */
};

#define ARRAY_LEN(a) ((int)(sizeof(a) / sizeof((a)[0])))

static unsigned int rng_state;

static inline int rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return (int)(rng_state >> 1);
}

static inline void random_seed(unsigned int seed)
{
	rng_state = seed * 2654435761u + 1;
}

/* One line into line[len] (templates are short: len 256 is plenty). */
static inline void random_command(const struct cmd_vocab *v, char *line,
				  size_t len)
{
	static const char *const vars[] = {"a", "b", "c", "d",
					   "e", "f", "g", "h"};
	const char *t = v->templates[rnd() % v->nr_templates];
	size_t at = 0;

	for (const char *p = t; *p && at + 1 < len; p++) {
		int n = 0;

		if (*p != '%') {
			line[at++] = *p;
			continue;
		}
		switch (*++p) {
		case 'V':
			n = snprintf(line + at, len - at, "%s",
				     vars[rnd() % ARRAY_LEN(vars)]);
			break;
		case 'S':
			n = snprintf(line + at, len - at, "%s",
				     v->sizes[rnd() % v->nr_sizes]);
			break;
		case 'O':
			n = snprintf(line + at, len - at, "%d",
				     rnd() % v->nr_orders);
			break;
		case 'N':
			n = snprintf(line + at, len - at, "%s",
				     v->caches[rnd() % v->nr_caches]);
			break;
		case 'C':
			n = snprintf(line + at, len - at, "%d", rnd() % 2);
			break;
		default: /* a template typo: keep the line well-formed */
			p--;
			break;
		}
		if (n > 0)
			at += (size_t)n < len - at ? (size_t)n : len - at - 1;
	}
	line[at] = '\0';
}

#endif
