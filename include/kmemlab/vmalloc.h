/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmalloc, vmap, kvmalloc and the kernel page tables (twins: mm/vmalloc.c,
 * mm/util.c, arch/x86/mm). Addresses are kernel addresses.
 *
 * This header is the vmalloc module's public API; it grows with it.
 */
#ifndef KMEMLAB_VMALLOC_H
#define KMEMLAB_VMALLOC_H

#include "machine.h"

/* Boot: reserve the PROT_NONE range, set up the free tree and the kernel
 * page table. Returns -1 with a message in err on failure. */
int vmalloc_init(struct machine *m, char *err, size_t errlen);
void vmalloc_destroy(struct machine *m);
/* vmalloc invariants (mm_check calls it). */
int vmalloc_check(struct machine *m, char *buf, size_t len);

/* Pages allocated by vmalloc (meminfo VmallocUsed). */
unsigned long vmalloc_nr_pages(struct machine *m);
/* The direct map's mapping sizes in kB: [0] 4k, [1] 2M, [2] 1G. */
void vmalloc_directmap_kb(struct machine *m, unsigned long kb[3]);

#endif /* KMEMLAB_VMALLOC_H */
