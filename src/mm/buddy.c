// SPDX-License-Identifier: GPL-2.0-only
/*
 * The buddy page allocator (twin: mm/page_alloc.c). STUB: being written.
 */
#include "kmemlab/buddy.h"
#include "internal.h"

void buddy_init(struct machine *m)
{
	(void)m;
}

void buddy_destroy(struct machine *m)
{
	(void)m;
}

int buddy_check(struct machine *m, char *buf, size_t len)
{
	(void)m;
	(void)buf;
	(void)len;
	return 0;
}
