// SPDX-License-Identifier: GPL-2.0-only
/*
 * /proc/buddyinfo, /proc/pagetypeinfo, /proc/zoneinfo (twin: mm/vmstat.c).
 * STUB: being written.
 */
#include "kmemlab/procfs.h"
#include "internal.h"

void buddyinfo_show(struct machine *m, struct seq_buf *s)
{
	(void)m;
	(void)s;
}

void pagetypeinfo_show(struct machine *m, struct seq_buf *s)
{
	(void)m;
	(void)s;
}

void zoneinfo_show(struct machine *m, struct seq_buf *s)
{
	(void)m;
	(void)s;
}
