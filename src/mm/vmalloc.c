// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmalloc (twin: mm/vmalloc.c). STUB: being written.
 */
#include "kmemlab/procfs.h"
#include "kmemlab/vmalloc.h"
#include "internal.h"

int vmalloc_init(struct machine *m, char *err, size_t errlen)
{
	(void)m;
	(void)err;
	(void)errlen;
	return 0;
}

void vmalloc_destroy(struct machine *m)
{
	(void)m;
}

int vmalloc_check(struct machine *m, char *buf, size_t len)
{
	(void)m;
	(void)buf;
	(void)len;
	return 0;
}

unsigned long vmalloc_nr_pages(struct machine *m)
{
	(void)m;
	return 0;
}

void vmalloc_directmap_kb(struct machine *m, unsigned long kb[3])
{
	(void)m;
	kb[0] = kb[1] = kb[2] = 0;
}

void vmallocinfo_show(struct machine *m, struct seq_buf *s)
{
	(void)m;
	(void)s;
}
