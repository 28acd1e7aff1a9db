// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel-mode faults (twins: arch/x86/mm/fault.c show_fault_oops(),
 * arch/x86/kernel/traps.c for the #GP of a non-canonical address, and
 * arch/x86/kernel/dumpstack.c __die_header()). The engine calls this
 * where the simulated kernel would touch memory that its page table does
 * not map (poke/peek of a guard page, a corrupt free pointer followed by
 * SLUB); the process itself never makes that access.
 *
 * Config: CONFIG_PREEMPTION (PREEMPT_DYNAMIC, as Debian builds 6.12),
 * SMP, no KASAN, PTI off (" NOPTI"). Left out: the dump_pagetable() line
 * (`walk ADDR` shows the walk), the register dump, Code: bytes and the
 * call trace; the task is not killed: the session goes on.
 */
#include <stdio.h>
#include <string.h>

#include "kmemlab/vmalloc.h"
#include "internal.h"

/* arch/x86/include/asm/trap_pf.h: enum x86_pf_error_code */
#define X86_PF_WRITE (1UL << 1)

static bool addr_canonical(unsigned long addr)
{
	long top = (long)addr >> 47; /* 4-level paging: bits 63..47 equal */

	return top == 0 || top == -1;
}

void kernel_fault_oops(struct machine *m, unsigned long addr, bool write,
		       const char *ip)
{
	unsigned long error_code = write ? X86_PF_WRITE : 0;
	char taint[64];

	mm_call(m, addr_canonical(addr) ? "exc_page_fault"
					: "exc_general_protection");
	if (!addr_canonical(addr)) {
		/* a non-canonical address never reaches the page tables: the
		 * CPU raises #GP, and die_addr() names the address */
		mm_printk(m, LOGLEVEL_WARNING,
			  "Oops: general protection fault, probably for "
			  "non-canonical address 0x%lx: 0000 [#%u] PREEMPT SMP "
			  "NOPTI",
			  addr, ++m->die_counter);
	} else {
		if (addr < KM_PAGE_SIZE)
			mm_printk(m, LOGLEVEL_ERR,
				  "BUG: kernel NULL pointer dereference, "
				  "address: %016lx",
				  addr);
		else
			mm_printk(m, LOGLEVEL_ERR,
				  "BUG: unable to handle page fault for "
				  "address: %016lx",
				  addr);
		mm_printk(m, LOGLEVEL_ERR, "#PF: supervisor %s in kernel mode",
			  write ? "write access" : "read access");
		mm_printk(m, LOGLEVEL_ERR,
			  "#PF: error_code(0x%04lx) - not-present page",
			  error_code);
		mm_printk(m, LOGLEVEL_WARNING,
			  "Oops: Oops: %04lx [#%u] PREEMPT SMP NOPTI",
			  error_code, ++m->die_counter);
	}
	/* show_regs() prints the taint as it was before this oops */
	mm_printk(m, LOGLEVEL_WARNING,
		  "CPU: %d UID: 0 PID: 1 Comm: kmemlab %s 6.12.0-kmemlab #1",
		  m->cur_cpu, mm_print_tainted(m, taint, sizeof(taint)));
	mm_printk(m, LOGLEVEL_WARNING, "RIP: 0010:%s", ip);
	mm_printk(m, LOGLEVEL_WARNING, "---[ end trace 0000000000000000 ]---");
	mm_add_taint(m, TAINT_DIE);
	MM_EVENT(m, .type = EV_BUG, .func = ip, .addr = addr,
		 .text = addr_canonical(addr)
				 ? (addr < KM_PAGE_SIZE
					    ? "kernel NULL pointer dereference"
					    : "unable to handle page fault")
				 : "general protection fault");
}

/*
 * A kernel memcpy to or from [addr, addr + len): the first byte no page
 * maps oopses (nothing is copied then). Writes into slabs mark them
 * PG_poked (see slub.c). Page-table pages and reserved memory are
 * refused (-EPERM, no oops): the kernel would let a bug write them, but
 * kmemlab's page table and memmap live there and must stay sound.
 */
int kernel_access(struct machine *m, unsigned long addr, void *buf,
		  unsigned long len, bool write, const char *ip)
{
	unsigned long a, end = addr + len;

	if (end < addr) /* wraps: the fault is past the top of memory */
		end = ~0UL;
	for (a = addr; a < end; a = (a & KM_PAGE_MASK) + KM_PAGE_SIZE) {
		struct page *page = NULL;

		if (!kernel_addr_host_ptr(m, a)) {
			kernel_fault_oops(m, a, write, ip);
			return -EFAULT;
		}
		if (virt_addr_valid(m, a))
			page = virt_to_page(m, a);
		else if (is_vmalloc_addr(m, a))
			page = vmalloc_to_page(m, a);
		if (write && page &&
		    (PageTable(page) || PageReserved(compound_head(page))))
			return -EPERM;
		if ((a & KM_PAGE_MASK) + KM_PAGE_SIZE < a) /* top page */
			break;
	}
	if (!buf)
		return 0;
	for (a = addr; a < end;) {
		unsigned long n =
			min((a & KM_PAGE_MASK) + KM_PAGE_SIZE, end) - a;
		unsigned char *p = kernel_addr_host_ptr(m, a);
		unsigned char *b = (unsigned char *)buf + (a - addr);

		if (write) {
			struct page *head =
				virt_addr_valid(m, a)
					? compound_head(virt_to_page(m, a))
					: NULL;

			memcpy(p, b, n);
			if (head && PageSlab(head))
				SetPageFlag(head, PG_poked);
		} else {
			memcpy(b, p, n);
		}
		a += n;
	}
	return 0;
}
