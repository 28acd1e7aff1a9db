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
 * SMP, no KASAN, PTI off (" NOPTI"), no modules. The order is the
 * kernel's: the #PF lines and dump_pagetable() (from kmemlab's real page
 * table), __die_header()'s Oops line, show_regs() (CPU, taint, hardware,
 * RIP, Call Trace), print_modules(), CR2, oops_end()'s marker. Left out:
 * the register values, Code: bytes and the summary after the marker
 * (kmemlab has no registers), frame offsets (below); the task is not
 * killed: the session goes on.
 */
#include <stdio.h>
#include <string.h>

#include "kmemlab/vmalloc.h"
#include "internal.h"

/* arch/x86/include/asm/trap_pf.h: enum x86_pf_error_code */
#define X86_PF_WRITE (1UL << 1)

/* What dump_stack_arch_desc() would hold: kmemlab has no DMI tables */
#define KM_HARDWARE_NAME "kmemlab simulated machine"

static bool addr_canonical(unsigned long addr)
{
	long top = (long)addr >> 47; /* 4-level paging: bits 63..47 equal */

	return top == 0 || top == -1;
}

/*
 * arch/x86/mm/fault.c: dump_pagetable(): "PGD e P4D e PUD e PMD e PTE e",
 * each entry in %lx, a space after every entry but a PTE, up to where the
 * walk stopped.
 */
static void dump_pagetable(struct machine *m, unsigned long addr)
{
	static const char *const names[] = {"PGD", "P4D", "PUD", "PMD", "PTE"};
	uint64_t e[5];
	char line[160];
	int n = pgtable_dump_entries(m, addr, e), at = 0;

	if (!n)
		return;
	for (int i = 0; i < n; i++)
		at += snprintf(line + at, sizeof(line) - (size_t)at, "%s %lx%s",
			       names[i], (unsigned long)e[i], i < 4 ? " " : "");
	mm_printk(m, LOGLEVEL_INFO, "%s", line);
}

/* kernel/panic.c: print_tainted_verbose(), "[B]=BAD_PAGE, [D]=DIE" */
static void print_tainted_verbose(struct machine *m)
{
	static const struct {
		unsigned int flag;
		const char *text;
	} flags[] = {
		{TAINT_BAD_PAGE, "[B]=BAD_PAGE"},
		{TAINT_DIE, "[D]=DIE"},
		{TAINT_WARN, "[W]=WARN"},
	};
	char line[96] = "Tainted: ";
	const char *sep = "";

	if (!m->taint_flags)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++) {
		if (!(m->taint_flags & flags[i].flag))
			continue;
		strcat(line, sep);
		strcat(line, flags[i].text);
		sep = ", ";
	}
	mm_printk(m, LOGLEVEL_WARNING, "%s", line);
}

/*
 * arch/x86/kernel/dumpstack.c: show_trace_log_lvl(). kmemlab keeps no
 * stack: the frames are the kernel functions the command entered before
 * the fault (the newest first, at most MM_CALL_RING: the end of the path
 * the trace lent the machine, or m->call_ring), which the trace collects
 * as the command's path. Some of them may have
 * returned already, so each is marked "? " as the kernel marks a stack
 * word its unwinder cannot vouch for; no +0x../0x.. offsets, since
 * kmemlab's functions have no kernel text to measure. The engine used
 * without an event sink (unit tests) records no calls: no frames.
 */
static void show_trace(struct machine *m)
{
	unsigned long n =
		m->nr_calls < MM_CALL_RING ? m->nr_calls : MM_CALL_RING;
	/* the lent array holds the whole path: printing changes it not */
	const char **lent = m->call_base, **end = m->call_pos;

	if (lent && (unsigned long)(end - lent) < MM_CALL_RING)
		n = (unsigned long)(end - lent);
	else if (lent)
		n = MM_CALL_RING;
	mm_printk(m, LOGLEVEL_WARNING, "Call Trace:");
	mm_printk(m, LOGLEVEL_WARNING, " <TASK>");
	for (unsigned long i = 1; i <= n; i++)
		mm_printk(
			m, LOGLEVEL_WARNING, " ? %s",
			lent ? end[-(long)i]
			     : m->call_ring[(m->nr_calls - i) % MM_CALL_RING]);
	mm_printk(m, LOGLEVEL_WARNING, " </TASK>");
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
		dump_pagetable(m, addr);
		mm_printk(m, LOGLEVEL_WARNING,
			  "Oops: Oops: %04lx [#%u] PREEMPT SMP NOPTI",
			  error_code, ++m->die_counter);
	}
	/* show_regs() prints the taint as it was before this oops */
	mm_printk(m, LOGLEVEL_WARNING,
		  "CPU: %d UID: 0 PID: 1 Comm: kmemlab %s 6.12.0-kmemlab #1",
		  m->cur_cpu, mm_print_tainted(m, taint, sizeof(taint)));
	print_tainted_verbose(m);
	mm_printk(m, LOGLEVEL_WARNING, "Hardware name: %s", KM_HARDWARE_NAME);
	mm_printk(m, LOGLEVEL_WARNING, "RIP: 0010:%s", ip);
	show_trace(m);
	mm_printk(m, LOGLEVEL_WARNING, "Modules linked in:");
	if (addr_canonical(addr)) /* page_fault_oops()'s summary */
		mm_printk(m, LOGLEVEL_WARNING, "CR2: %016lx", addr);
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
