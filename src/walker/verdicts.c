// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The verdict vocabulary: one name per distinct thing the kernel does with
 * a faulting access, and what the faulting context sees of it.  `help
 * verdicts` and pfwhy(1)'s VERDICTS section list exactly these.
 */
#include <signal.h>
#include <stddef.h>

#include <pfwhy/walker.h>

static const struct pfw_verdict_info verdicts[PFW_V_COUNT] = {
	[PFW_V_NO_FAULT] = { "no-fault",
		"nothing: every page-table level already allows the access",
		"the access completes; no fault is counted" },
	[PFW_V_SPURIOUS] = { "spurious",
		"took the fault, found the entry already allows it (stale TLB entry or a race), only set accessed/dirty",
		"the instruction restarts; a minor fault when handle_mm_fault ran" },
	[PFW_V_SEGV_MAPERR] = { "segv-maperr",
		"found no VMA for the address (a hole, a kernel address, the stack guard gap)",
		"SIGSEGV with si_code SEGV_MAPERR" },
	[PFW_V_SEGV_ACCERR] = { "segv-accerr",
		"found a VMA whose permissions forbid the access (access_error)",
		"SIGSEGV with si_code SEGV_ACCERR" },
	[PFW_V_SEGV_PKUERR] = { "segv-pkuerr",
		"the VMA's protection key is denied by the thread's PKRU",
		"SIGSEGV with si_code SEGV_PKUERR and the key in si_pkey" },
	[PFW_V_GP_NONCANONICAL] = { "gp-noncanonical",
		"raised #GP, not #PF: the address is not canonical, no page table is consulted",
		"SIGSEGV with si_code SI_KERNEL and no fault address" },
	[PFW_V_SIGBUS] = { "sigbus",
		"the fault handler could not supply a page (past EOF, hardware poison, no page for a shared mapping)",
		"SIGBUS (BUS_ADRERR, or BUS_MCEERR_AR for poison where the kernel has CONFIG_MEMORY_FAILURE)" },
	[PFW_V_OOPS] = { "oops",
		"a kernel-mode fault with no way to handle it: page_fault_oops() prints the oops",
		"the task is killed (or the system panics with panic_on_oops)" },
	[PFW_V_KERNEL_FIXUP] = { "kernel-fixup",
		"a uaccess routine faulted; fixup_exception() resumed at its exception-table fixup",
		"no signal: the system call returns -EFAULT (or a short copy) to its caller" },
	[PFW_V_ANON_NEW] = { "anon-new",
		"do_anonymous_page() mapped a new zeroed page",
		"the access completes; a minor fault" },
	[PFW_V_ZERO_PAGE] = { "zero-page",
		"do_anonymous_page() mapped the shared zero page read-only for a read",
		"the access completes (reads zeros); a minor fault" },
	[PFW_V_STACK_EXPAND] = { "stack-expand",
		"grew the stack VMA down to the address (expand_stack), then handled the fault in it (see: then)",
		"the access completes; a minor fault" },
	[PFW_V_READ_FAULT] = { "read-fault",
		"do_read_fault() mapped the file's page from the page cache, reading it in if absent",
		"the access completes; a minor fault, or a major one when the page was read in" },
	[PFW_V_COW_FAULT] = { "cow-fault",
		"do_cow_fault() copied the file's page into a new private anonymous page",
		"the access completes; a minor fault, or a major one when the page was read in" },
	[PFW_V_SHARED_FAULT] = { "shared-fault",
		"do_shared_fault() mapped the file's page writable, after page_mkwrite",
		"the access completes; a minor fault, or a major one when the page was read in" },
	[PFW_V_WP_COPY] = { "wp-copy",
		"do_wp_page() copied a write-protected page (copy on write) into a new one",
		"the access completes; a minor fault" },
	[PFW_V_WP_REUSE] = { "wp-reuse",
		"do_wp_page() reused the page in place and made the entry writable",
		"the access completes; a minor fault" },
	[PFW_V_SWAP_IN] = { "swap-in",
		"do_swap_page() brought the page back from swap (or the swap cache)",
		"the task waits for the read; a major fault when it hit the swap device" },
	[PFW_V_NUMA_HINT] = { "numa-hint",
		"do_numa_page(): a NUMA hinting fault; the entry is restored and the page may migrate",
		"the access completes; a minor fault" },
	[PFW_V_THP_ANON] = { "thp-anon",
		"do_huge_pmd_anonymous_page() mapped a new 2 MiB anonymous folio with one PMD",
		"the access completes; a minor fault" },
	[PFW_V_HUGE_ZERO_PAGE] = { "huge-zero-page",
		"do_huge_pmd_anonymous_page() mapped the huge zero page read-only for a read",
		"the access completes (reads zeros); a minor fault" },
	[PFW_V_HUGETLB] = { "hugetlb",
		"hugetlb_fault() mapped (or copied on write) a page from the hugetlb pool",
		"the access completes; a minor fault" },
	[PFW_V_UFFD_MISSING] = { "uffd-missing",
		"handle_userfault(): a missing page in a userfaultfd range; the fault is retried once the reader resolved it",
		"the thread sleeps until the userfaultfd reader acts; a major fault (it was retried)" },
	[PFW_V_UFFD_WP] = { "uffd-wp",
		"handle_userfault(): a write to a userfaultfd write-protected page; retried once the reader unprotects it",
		"the thread sleeps until the userfaultfd reader acts; a major fault (it was retried)" },
	[PFW_V_UNDECIDABLE] = { "undecidable",
		"depends on state the dump does not hold (filtered out, in flight); pfwhy says what is missing",
		"one of the outcomes named, depending on the missing state" },
};

const struct pfw_verdict_info *pfw_verdict_info(enum pfw_verdict v)
{
	if ((unsigned int)v >= PFW_V_COUNT)
		return NULL;
	return &verdicts[v];
}

const char *pfw_verdict_name(enum pfw_verdict v)
{
	const struct pfw_verdict_info *i = pfw_verdict_info(v);

	return i ? i->name : "?";
}

const char *pfw_si_code_name(int signal, int si_code)
{
	if (signal == SIGSEGV) {
		switch (si_code) {
		case 1: return "SEGV_MAPERR";
		case 2: return "SEGV_ACCERR";
		case 4: return "SEGV_PKUERR";
		case 0x80: return "SI_KERNEL";
		}
	}
	if (signal == SIGBUS) {
		switch (si_code) {
		case 2: return "BUS_ADRERR";
		case 4: return "BUS_MCEERR_AR";
		}
	}
	return NULL;
}
