// SPDX-License-Identifier: GPL-2.0-only
/*
 * The simulated x86-64 4-level kernel page table (twins: arch/x86/mm,
 * mm/vmalloc.c vmap_pages_range). STUB: being written.
 */
#include "internal.h"
