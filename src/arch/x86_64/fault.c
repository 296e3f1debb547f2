// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arch/x86/mm/fault.c, replayed: exc_page_fault() -> handle_page_fault() ->
 * do_kern_addr_fault() / do_user_addr_fault(), access_error(), the bad_area
 * family and kernelmode_fixup_or_oops().  The order of the checks is 6.1's;
 * where another version differs, the branch says so.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/x86_64/fault.h"


/* arch/x86/include/asm/cpufeatures.h, stable 4.19 to 6.18 */
#define X86_FEATURE_SMAP	(9 * 32 + 20)
#define X86_FEATURE_OSPKE	(16 * 32 + 4)
#define VSYSCALL_ADDR		0xffffffffff600000ULL

uint64_t task_size_max(struct fault_ctx *c)
{
	return (1ULL << (c->k->paging_levels == 5 ? 56 : 47)) - 4096;
}

static bool is_vsyscall_vaddr(uint64_t address)
{
	return (address & ~0xfffULL) == VSYSCALL_ADDR;
}

/* fault_in_kernel_space(): the vsyscall page counts as user (4.20+). */
static bool fault_in_kernel_space(struct fault_ctx *c)
{
	if (c->f.split_kern_user && is_vsyscall_vaddr(c->address))
		return false;
	return c->address >= task_size_max(c);
}

static const char *access_verb(struct fault_ctx *c)
{
	return c->error_code & PFW_PF_WRITE ? "wrote to" : "read";
}

void page_fault_oops(struct fault_ctx *c, const char *why)
{
	fault_step(c, "page_fault_oops", "no way to handle this kernel-mode fault", "oops",
		   "%s", why);
	fault_verdict(c, PFW_V_OOPS, 0, 0);
	if (c->error_code & PFW_PF_INSTR)
		fault_todo(c, "a kernel bug: the kernel jumped to %s, which may not be executed: a corrupted function pointer or return address; the call trace in `log` names the caller",
			   fault_ksym(c, c->address).s);
	else if (c->req->has_ip)
		fault_todo(c, "a kernel bug: the code at %s %s %s, which it may not; fix that code or the pointer it was given",
			   fault_ksym(c, c->req->ip).s, access_verb(c), fault_ksym(c, c->address).s);
}

/*
 * A fixed-up fault sends no signal: the fixup resumes the uaccess routine,
 * which returns -EFAULT (or the bytes it could not copy) to its caller.
 * 6.1's kernelmode_fixup_or_oops() signals only under
 * thread.sig_on_uaccess_err, which only vsyscall emulation sets.
 */
static void fixed_up(struct fault_ctx *c)
{
	fault_verdict(c, PFW_V_KERNEL_FIXUP, 0, 0);
	c->res->error = "EFAULT";
	fault_todo(c, "the system call fails with EFAULT: the user buffer at 0x%llx it was given cannot be %s; check the pointer passed to it",
		   (unsigned long long)c->address, c->error_code & PFW_PF_WRITE ? "written" : "read");
}

/* kernelmode_fixup_or_oops() (5.13+; no_context() in 4.19 and 5.10, same check) */
void kernelmode_fixup_or_oops(struct fault_ctx *c)
{
	const char *fn = c->f.no_context ? "no_context" : "kernelmode_fixup_or_oops";
	char why[1024];

	switch (classify_ip(c, why, sizeof(why))) {
	case IP_ERROR:
		fault_undecidable(c, "%s; with an entry the fault is fixed up, without one it oopses", why);
		return;
	case IP_FIXUP:
		fault_step(c, fn, "fixup_exception(regs): an __ex_table entry for regs->ip?",
			   "fixed up: returns -EFAULT", "%s", why);
		fixed_up(c);
		return;
	case IP_NO_FIXUP:
		break;
	}
	fault_step(c, fn, "fixup_exception(regs): an __ex_table entry for regs->ip?",
		   "none", "%s", why);
	page_fault_oops(c, "kernel code touched a bad address with no fixup");
}

/* __bad_area_nosemaphore() */
void __bad_area_nosemaphore(struct fault_ctx *c, int si_code, const char *why)
{
	if (!c->user_mode) {
		fault_step(c, "__bad_area_nosemaphore", "!user_mode(regs)", "kernel mode", "%s", why);
		kernelmode_fixup_or_oops(c);
		return;
	}
	if (!(c->error_code & PFW_PF_USER)) {
		/* 5.0+: implicit supervisor access from user mode (GDT/LDT) oopses */
		page_fault_oops(c, "implicit kernel access from user mode");
		return;
	}
	if (c->address >= task_size_max(c))
		c->error_code |= PFW_PF_PROT;	/* sanitize_error_code() */
	fault_step(c, "__bad_area_nosemaphore", "user mode", si_code == SEGV_MAPERR ? "SIGSEGV (SEGV_MAPERR)" :
		   si_code == SEGV_PKUERR ? "SIGSEGV (SEGV_PKUERR)" : "SIGSEGV (SEGV_ACCERR)", "%s", why);
	fault_verdict(c, si_code == SEGV_MAPERR ? PFW_V_SEGV_MAPERR :
		      si_code == SEGV_PKUERR ? PFW_V_SEGV_PKUERR : PFW_V_SEGV_ACCERR, SIGSEGV, si_code);
}

void bad_area_nosemaphore(struct fault_ctx *c, const char *why)
{
	fault_step(c, "bad_area_nosemaphore", "no usable VMA: SEGV_MAPERR", "__bad_area_nosemaphore", "%s", why);
	__bad_area_nosemaphore(c, SEGV_MAPERR, why);
}

/* __bad_area(): unlocks mmap_lock, then __bad_area_nosemaphore(). */
static void __bad_area(struct fault_ctx *c, int si_code, const char *why)
{
	fault_step(c, "__bad_area", "mmap_read_unlock(mm)", "__bad_area_nosemaphore", "%s", why);
	__bad_area_nosemaphore(c, si_code, why);
}

/* bad_area(): a lookup under mmap_lock failed (before lock_mm_and_find_vma()) */
static void bad_area(struct fault_ctx *c, const char *why)
{
	fault_step(c, "bad_area", "no usable VMA (mmap_lock held): SEGV_MAPERR", "__bad_area", "%s", why);
	__bad_area(c, SEGV_MAPERR, why);
}

/*
 * A failed VMA lookup: lock_mm_and_find_vma() (6.5, 6.1.y) has dropped
 * mmap_lock, so bad_area_nosemaphore(); find_vma() and expand_stack() ran
 * under it, so bad_area().
 */
static void bad_vma(struct fault_ctx *c, const char *why)
{
	if (c->f.lock_mm_and_find_vma)
		bad_area_nosemaphore(c, why);
	else
		bad_area(c, why);
}

static bool kernel_symbol_range(struct fault_ctx *c, const char *start, const char *end)
{
	uint64_t a, b;

	return pfw_ok(pfw_kernel_symbol(c->k, start, &a)) && pfw_ok(pfw_kernel_symbol(c->k, end, &b)) &&
	       c->address >= a && c->address < b;
}

/* What the kernel mapping's entry lacks, and what lives there. */
static const char *kernel_entry_denies(struct fault_ctx *c, const struct pfw_entry *e)
{
	const struct pfw_module *m = pfw_module_at(c->k, c->address);
	bool rodata = kernel_symbol_range(c, "__start_rodata", "__end_rodata");
	bool text = kernel_symbol_range(c, "_stext", "_etext");

	if (!e || e->state != PFW_ENTRY_PRESENT)
		return "not present: nothing is mapped there";
	if (m) {
		/* module_enable_ro()/module_enable_nx(): text RO+X, rodata RO+NX */
		text = c->address >= m->text_start && c->address < m->text_end;
		snprintf(c->denied, sizeof(c->denied), "%s: module %s's %s",
			 c->error_code & PFW_PF_WRITE ? "not writable (RW clear)" : "not executable (NX set)",
			 m->name, text ? "text" : c->error_code & PFW_PF_WRITE ? "read-only data" :
			 e->write ? "data, not code" : "read-only data, not code");
		return c->denied;
	}
	if (c->error_code & PFW_PF_WRITE)
		return rodata ? "not writable (RW clear): read-only kernel data (.rodata)" :
		       text ? "not writable (RW clear): kernel text" :
		       "not writable (RW clear): a read-only kernel mapping";
	return text ? "not executable (NX set)" : rodata ?
	       "not executable (NX set): read-only kernel data, not code" :
	       "not executable (NX set): kernel data, not code";
}

/* spurious_kernel_fault(): a stale TLB entry for a kernel mapping that now allows the access. */
bool spurious_kernel_fault(struct fault_ctx *c)
{
	const struct pfw_entry *e;

	if (c->error_code != (PFW_PF_WRITE | PFW_PF_PROT) &&
	    c->error_code != (PFW_PF_INSTR | PFW_PF_PROT)) {
		fault_step(c, "spurious_kernel_fault", "error_code is WRITE|PROT or INSTR|PROT?", "no",
			   "error_code 0x%x", c->error_code);
		return false;
	}
	if (fault_walk_excluded(c, "spurious_kernel_fault"))
		return true;
	/* the kernel checks the leaf at whichever level: a large pud or pmd, else the pte */
	e = c->pte_overridden ? &c->pte_override : pfw_walk_leaf(&c->walk);
	if (!e || e->state != PFW_ENTRY_PRESENT ||
	    ((c->error_code & PFW_PF_WRITE) && !e->write) ||
	    ((c->error_code & PFW_PF_INSTR) && e->nx)) {
		fault_step(c, "spurious_kernel_fault", "does init_mm's entry allow the access?", "no",
			   "%s entry 0x%llx: %s", e ? pfw_level_name(e->level) : "no",
			   e ? (unsigned long long)e->value : 0ULL, kernel_entry_denies(c, e));
		return false;
	}
	fault_step(c, "spurious_kernel_fault", "does init_mm's entry allow the access?", "yes: spurious",
		   "%s entry 0x%llx", pfw_level_name(e->level), (unsigned long long)e->value);
	fault_verdict(c, PFW_V_SPURIOUS, 0, 0);
	return true;
}

/* do_kern_addr_fault() (4.20+; part of __do_page_fault in 4.19) */
static void do_kern_addr_fault(struct fault_ctx *c)
{
	fault_step(c, "do_kern_addr_fault", "fault_in_kernel_space(address)", "kernel half",
		   "address 0x%llx >= TASK_SIZE_MAX 0x%llx", (unsigned long long)c->address,
		   (unsigned long long)task_size_max(c));
	if (c->f.vmalloc_fault && !(c->error_code & (PFW_PF_RSVD | PFW_PF_USER | PFW_PF_PROT)))
		fault_step(c, "vmalloc_fault", "kernel-mode not-present fault (x86_64 <= 5.7)",
			   "not modelled", "vmalloc areas are synced lazily in this kernel");
	if (spurious_kernel_fault(c))
		return;
	bad_area_nosemaphore(c, "no VMA can cover a kernel address");
	kernel_addr_todo(c);
}

static uint64_t read_pkru(struct fault_ctx *c, bool *known)
{
	uint64_t pkru = 0;

	*known = false;
	/* 5.14+: thread.pkru; older kernels keep it only in the xsave buffer */
	if (c->has_task && pfw_ok(pfw_read_member(c->k, c->task.addr, "task_struct", "thread.pkru", &pkru)))
		*known = true;
	return pkru & 0xffffffff;
}

/* arch_vma_access_permitted() (arch/x86/include/asm/mmu_context.h) */
static bool arch_vma_access_permitted(struct fault_ctx *c, bool write, bool execute,
				      const char **why)
{
	unsigned int pkey = (c->vma.flags >> 32) & 0xf;
	uint64_t pkru;
	bool known;

	*why = "";
	/*
	 * pkeys never affect instruction fetches; read_pkru() is 0 without
	 * OSPKE; key 0 is tested like any other (__pkru_allows_pkey()).
	 */
	if (execute || !c->f.ospke)
		return true;
	pkru = read_pkru(c, &known);
	if (!known) {
		*why = "PKRU unknown";
		return true;
	}
	if (pkru & (1ULL << (2 * pkey)))
		return false;
	return !(write && (pkru & (2ULL << (2 * pkey))));
}

/* access_error(): 1 means the VMA does not allow this access. */
bool access_error(struct fault_ctx *c, bool *pkey_denied)
{
	uint64_t fl = c->vma.flags;
	const char *why;
	char names[512];

	*pkey_denied = false;
	pfw_vm_flags_names(c->k, fl, names, sizeof(names));
	if (c->error_code & PFW_PF_PK) {
		fault_step(c, "access_error", "error_code & X86_PF_PK", "bad access", "protection-key violation reported by the CPU");
		*pkey_denied = true;
		return true;
	}
	if (c->error_code & PFW_PF_SGX) {
		fault_step(c, "access_error", "error_code & X86_PF_SGX", "bad access", "SGX EPCM violation");
		return true;
	}
	if (!arch_vma_access_permitted(c, c->error_code & PFW_PF_WRITE, c->error_code & PFW_PF_INSTR, &why)) {
		fault_step(c, "access_error", "!arch_vma_access_permitted(): PKRU denies the VMA's pkey",
			   "bad access", "pkey %llu", (unsigned long long)((fl >> 32) & 0xf));
		*pkey_denied = true;
		return true;
	}
	if (c->error_code & PFW_PF_WRITE) {
		bool ok = vm_flag(c, "VM_WRITE");

		fault_step(c, "access_error", "write: vma->vm_flags & VM_WRITE?", ok ? "allowed" : "bad access",
			   "vm_flags 0x%llx (%s)%s", (unsigned long long)fl, names,
			   ok ? "" : write_denied_why(c));
		return !ok;
	}
	if (c->error_code & PFW_PF_PROT) {
		fault_step(c, "access_error", "read or exec of a present page (X86_PF_PROT)", "bad access",
			   "error_code 0x%x: the pte is present but forbids this access", c->error_code);
		return true;
	}
	if (!(fl & (pfw_vm_flag(c->k, "VM_READ") | pfw_vm_flag(c->k, "VM_WRITE") |
		    pfw_vm_flag(c->k, "VM_EXEC")))) {
		fault_step(c, "access_error", "!vma_is_accessible(vma)", "bad access",
			   "vm_flags 0x%llx (%s): no read, write or exec", (unsigned long long)fl, names);
		return true;
	}
	fault_step(c, "access_error", "vma_is_accessible(vma)", "allowed",
		   "vm_flags 0x%llx (%s)%s%s", (unsigned long long)fl, names,
		   *why ? "; " : "", why);
	return false;
}

/*
 * bad_area_access_error() -> __bad_area(): drops mmap_lock (or, 6.4+ under
 * the per-VMA lock, the VMA's read lock), then __bad_area_nosemaphore().
 */
void bad_area_access_error(struct fault_ctx *c, bool pkey_denied)
{
	bool pkey = c->f.ospke && pkey_denied;

	fault_step(c, "bad_area_access_error", "bad_area_access_from_pkeys()", pkey ? "SEGV_PKUERR" : "SEGV_ACCERR",
		   "%s", pkey ? "the protection key, not the VMA's flags, refuses it" : "the VMA's flags refuse it");
	if (pkey)
		__bad_area(c, SEGV_PKUERR, "the VMA's protection key forbids it");
	else
		__bad_area(c, SEGV_ACCERR, "the VMA does not allow this access");
	if (c->res->verdict == PFW_V_SEGV_ACCERR)
		access_todo(c, c->error_code & PFW_PF_WRITE, c->error_code & PFW_PF_INSTR);
}

/* The FAULT_FLAG_* that do_user_addr_fault() (and 4.19's __do_page_fault()) pass on. */
void fault_set_flags(struct fault_ctx *c)
{
	c->flags = c->user_mode ? FAULT_FLAG_USER : 0;
	if (c->error_code & PFW_PF_WRITE)
		c->flags |= FAULT_FLAG_WRITE;
	if (c->error_code & PFW_PF_INSTR)
		c->flags |= FAULT_FLAG_INSTRUCTION;
}

static bool find_vma(struct fault_ctx *c)
{
	switch (fault_find_vma(c, find_vma_fn(c), expand_stack_fn(c))) {
	case VMA_ERROR:
		return false;
	case VMA_NONE:
		bad_vma(c, "no VMA covers the address");
		unmapped_todo(c);
		return false;
	case VMA_COVERS:
		return true;
	case VMA_HOLE:
		bad_vma(c, "the address is in a hole below a VMA that cannot grow");
		unmapped_todo(c);
		return false;
	case VMA_BELOW_STACK:
		break;
	}
	if (!expand_stack(c)) {
		fault_step(c, expand_stack_fn(c), "expand_downwards(vma, address) == 0", "error: no growth",
			   "the stack VMA stays at 0x%llx", (unsigned long long)c->vma.start);
		bad_vma(c, "the stack cannot grow to the address");
		return false;
	}
	return true;
}

/* pgtable_bad(): a reserved bit in an entry is a corrupt page table, an oops (4.19 and 4.20+) */
void pgtable_bad(struct fault_ctx *c)
{
	fault_step(c, "pgtable_bad", "error_code & X86_PF_RSVD", "oops \"Bad pagetable\"",
		   "a reserved bit is set in a page-table entry");
	fault_verdict(c, PFW_V_OOPS, SIGKILL, 0);
}

/*
 * The VM_FAULT_ERROR tail of do_user_addr_fault() (6.x; mm_fault_error() before 5.x), do_sigbus().
 * do_sigbus() sends BUS_MCEERR_AR for VM_FAULT_HWPOISON only under
 * #ifdef CONFIG_MEMORY_FAILURE (every era); without it, BUS_ADRERR.
 */
void mm_fault_error(struct fault_ctx *c, unsigned int fault)
{
	if (fault & VM_FAULT_OOM) {
		fault_step(c, "do_user_addr_fault", "fault & VM_FAULT_OOM", c->user_mode ?
			   "pagefault_out_of_memory" : "kernelmode_fixup_or_oops", "allocation failed");
		if (!c->user_mode)
			kernelmode_fixup_or_oops(c);
		else
			fault_undecidable(c, "out of memory: the fault is retried after the OOM killer runs");
		return;
	}
	if (fault & (VM_FAULT_SIGBUS | VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE)) {
		bool poison = fault & (VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE);
		bool mceerr = poison && c->f.memory_failure;

		fault_step(c, "do_sigbus", poison ? "VM_FAULT_HWPOISON" : "VM_FAULT_SIGBUS",
			   c->user_mode ? "SIGBUS" : "kernelmode_fixup_or_oops", "%s%s",
			   poison ? "hardware-poisoned page" : "the fault handler could not supply a page",
			   poison && !mceerr ? " (no CONFIG_MEMORY_FAILURE: BUS_ADRERR, not BUS_MCEERR_AR)" : "");
		if (!c->user_mode)
			kernelmode_fixup_or_oops(c);
		else
			fault_verdict(c, PFW_V_SIGBUS, SIGBUS, mceerr ? BUS_MCEERR_AR : BUS_ADRERR);
		return;
	}
	if (fault & VM_FAULT_SIGSEGV)
		bad_area_nosemaphore(c, "the fault handler returned VM_FAULT_SIGSEGV");
}

/* The end of do_user_addr_fault() (4.20+), after handle_mm_fault() */
static void fault_result(struct fault_ctx *c, unsigned int fault)
{
	if (fault & VM_FAULT_UNDECIDABLE)
		return;
	if (!(fault & VM_FAULT_ERROR)) {
		mm_account_fault(c, fault);
		fault_verdict(c, c->handled, 0, 0);
		return;
	}
	mm_fault_error(c, fault);
}

/*
 * good_area: in do_user_addr_fault() (4.20+) and in 4.19's __do_page_fault(),
 * the same lines in both: access_error(), else handle_mm_fault(), and then
 * each era's end of the function (fault_result(); 4.19: fault_done_4_19()).
 */
void good_area(struct fault_ctx *c)
{
	unsigned int fault;
	bool pkey_denied;

	if (access_error(c, &pkey_denied)) {
		bad_area_access_error(c, pkey_denied);
		return;
	}
	fault = handle_mm_fault(c);
	if (c->f.fault_4_19)
		fault_done_4_19(c, fault);
	else
		fault_result(c, fault);
}

/*
 * The SMAP check of do_user_addr_fault(): a supervisor access to user memory
 * with EFLAGS.AC clear.  AC is set only between stac and clac, in the
 * uaccess routines, whose accesses all have exception-table entries.
 */
static bool smap_violation(struct fault_ctx *c)
{
	char why[1024];

	switch (classify_ip(c, why, sizeof(why))) {
	case IP_ERROR:
		fault_undecidable(c, "%s; from a uaccess routine (EFLAGS.AC set) the fault goes on, from plain kernel code it is an SMAP oops",
				  why);
		return true;
	case IP_FIXUP:
		fault_step(c, "do_user_addr_fault", "SMAP: supervisor access with EFLAGS.AC clear?", "no",
			   "%s", why);
		return false;
	case IP_NO_FIXUP:
		break;
	}
	fault_step(c, "do_user_addr_fault", "SMAP: supervisor access with EFLAGS.AC clear",
		   c->f.smap_oops ? "oops" : "bad_area_nosemaphore", "%s", why);
	if (c->f.smap_oops)
		page_fault_oops(c, "SMAP violation: kernel touched user memory outside uaccess");
	else
		bad_area_nosemaphore(c, "SMAP violation");
	return true;
}

/*
 * The task exited after the oops and its mm went with it: find_vma() and
 * what follows cannot be replayed.  Name what each case would lead to.
 */
static void mm_gone(struct fault_ctx *c)
{
	char why[1024];
	const char *no_vma;

	switch (classify_ip(c, why, sizeof(why))) {
	case IP_FIXUP:
		no_vma = "fixed up (the exception-table entry)";
		break;
	case IP_NO_FIXUP:
		no_vma = "an oops (no exception-table entry)";
		break;
	default:
		no_vma = "fixed up with an exception-table entry, else an oops";
		break;
	}
	fault_step(c, "do_user_addr_fault", "lock_mm_and_find_vma(mm, address)", "not in the dump",
		   "pid %d exited after the oops: its mm and VMAs are gone; %s", c->req->pid, why);
	fault_undecidable(c, "the task's mm is gone, so its VMAs and page tables cannot be read: a VMA that allows the access would have the fault handled; no VMA, or one that forbids it, is %s",
			  no_vma);
}

/*
 * The per-VMA lock attempt of do_user_addr_fault() (6.4+, CONFIG_PER_VMA_LOCK,
 * user faults only): lock_vma_under_rcu() takes the VMA that contains the
 * address in mm->mm_mt, else NULL (a hole, or below a stack VMA: it never
 * grows the stack).  Then access_error() and handle_mm_fault() with
 * FAULT_FLAG_VMA_LOCK.  NULL goes on under mmap_lock (lock_mmap:); so does
 * VM_FAULT_RETRY, FAULT_FLAG_TRIED set only when the attempt was major, and
 * the retry completes what the attempt waited for (6.12: mm_account_fault()
 * then counts a userfaultfd wait minor).  True when the fault is decided.
 */
static bool lock_vma_under_rcu(struct fault_ctx *c)
{
	struct pfw_error *err;
	unsigned int fault;
	bool found, pkey_denied;

	err = pfw_find_vma(c->k, c->mm, c->address, &c->vma, &found);
	if (err) {
		fault_undecidable(c, "cannot read the VMA tree: %s", err->message);
		pfw_error_destroy(err);
		return true;
	}
	if (!found || c->vma.start > c->address) {
		fault_step(c, "lock_vma_under_rcu", "mas_walk(&mas) finds a VMA containing address?", "NULL: lock_mmap",
			   "no VMA contains 0x%llx: the fault goes on under mmap_lock",
			   (unsigned long long)c->address);
		return false;
	}
	c->has_vma = true;
	fault_step(c, "lock_vma_under_rcu", "mas_walk(&mas) && vma_start_read(vma)", "VMA read-locked",
		   "VMA 0x%llx-0x%llx %s %s", (unsigned long long)c->vma.start,
		   (unsigned long long)c->vma.end, c->vma.perms, c->vma.name);
	if (access_error(c, &pkey_denied)) {
		bad_area_access_error(c, pkey_denied);
		return true;
	}
	fault = handle_mm_fault(c);
	if (!(fault & VM_FAULT_RETRY)) {
		fault_result(c, fault);
		return true;
	}
	fault_step(c, "do_user_addr_fault", "fault & VM_FAULT_RETRY", "lock_mmap",
		   "the per-VMA attempt gave up (%s): the fault is retried under mmap_lock",
		   fault & VM_FAULT_MAJOR ? "major: FAULT_FLAG_TRIED" : "not major: FAULT_FLAG_TRIED not set");
	if (fault & VM_FAULT_MAJOR)
		c->flags |= FAULT_FLAG_TRIED;
	if (find_vma(c))
		fault_result(c, fault & ~VM_FAULT_RETRY);
	return true;
}

/* do_user_addr_fault() (4.20+; __do_page_fault() in 4.19, same order of checks) */
static void do_user_addr_fault(struct fault_ctx *c)
{
	if ((c->error_code & (PFW_PF_USER | PFW_PF_INSTR)) == PFW_PF_INSTR) {
		fault_step(c, "do_user_addr_fault", "(error_code & (USER|INSTR)) == INSTR", "oops",
			   "kernel code tried to execute user memory at 0x%llx", (unsigned long long)c->address);
		page_fault_oops(c, "kernel-mode instruction fetch from user memory");
		return;
	}
	if (c->error_code & PFW_PF_RSVD) {
		pgtable_bad(c);
		return;
	}
	if (c->f.smap && !(c->error_code & PFW_PF_USER) && smap_violation(c))
		return;
	if (c->req->task_gone) {
		mm_gone(c);
		return;
	}
	if (!c->mm) {
		fault_step(c, "do_user_addr_fault", "faulthandler_disabled() || !mm", "bad_area_nosemaphore",
			   "the task has no mm (kernel thread)");
		bad_area_nosemaphore(c, "no user address space");
		return;
	}
	fault_set_flags(c);
	if (c->f.per_vma_lock && c->user_mode && lock_vma_under_rcu(c))
		return;
	if (!find_vma(c))
		return;
	good_area(c);
}

/*
 * The hardware's side: does the access fault at all, and with which error
 * code?  For a user access, every level must be present and allow it.
 */
bool x86_hardware_access_ok(struct fault_ctx *c, uint32_t *error_code)
{
	bool write = c->req->access == PFW_ACCESS_WRITE, exec = c->req->access == PFW_ACCESS_EXEC;
	bool present = true, allowed = true;
	int i;

	*error_code = (c->user_mode ? PFW_PF_USER : 0) | (write ? PFW_PF_WRITE : 0) |
		      (exec ? PFW_PF_INSTR : 0);
	if (c->pte_overridden) {
		const struct pfw_entry *e = &c->pte_override;

		allowed = (!write || e->write) && (!exec || !e->nx);
		if (!allowed)
			*error_code |= PFW_PF_PROT;
		return allowed;
	}
	for (i = 0; i < c->walk.nsteps; i++) {
		const struct pfw_entry *e = &c->walk.steps[i].entry;
		/* lives as long as e may point at it (a compound literal in the if would not) */
		struct pfw_entry user_copy;

		if (e->state != PFW_ENTRY_PRESENT && e->state != PFW_ENTRY_TABLE) {
			present = false;
			break;
		}
		/* PTI sets NX on the kernel copy's user PGD entries: the CPU walks the user copy */
		if (c->walk.steps[i].level == PFW_PGD && c->k->pti && c->user_mode &&
		    c->walk.has_user_pgd_entry) {
			user_copy = (struct pfw_entry){ .nx = c->walk.user_pgd_entry >> 63,
							.write = e->write, .user = e->user };
			e = &user_copy;
		}
		if ((write && !e->write) || (c->user_mode && !e->user) || (exec && e->nx))
			allowed = false;
	}
	if (!c->walk.nsteps)
		present = false;
	/* PTI: the user-mode page tables do not map the kernel half */
	if (c->user_mode && c->k->pti && c->address >= task_size_max(c))
		present = false;
	if (present && !allowed)
		*error_code |= PFW_PF_PROT;
	return present && allowed;
}

/* exc_page_fault() (5.8+) / do_page_fault() -> handle_page_fault() */
void exc_page_fault(struct fault_ctx *c)
{
	const char *entry = c->f.exc_page_fault ? "exc_page_fault" : "do_page_fault";

	fault_step(c, entry, "#PF", c->user_mode ? "user mode" : "kernel mode",
		   "address 0x%llx, error_code 0x%x", (unsigned long long)c->address, c->error_code);
	if (c->f.fault_4_19) {
		__do_page_fault(c);
		return;
	}
	if (fault_in_kernel_space(c))
		do_kern_addr_fault(c);
	else
		do_user_addr_fault(c);
}

/* The x86 half of init_features(): the entry's era and the CPU features the kernel booted with. */
void x86_features(struct fault_ctx *c)
{
	struct pfw_debuginfo *dbi = c->k->dbi;
	struct fault_features *f = &c->f;
	uint64_t addr;
	uint32_t word;

	f->exc_page_fault = pfw_symbol_exists(dbi, "exc_page_fault");
	f->split_kern_user = pfw_symbol_exists(dbi, "do_user_addr_fault") || f->version >= 4020;
	f->vmalloc_fault = pfw_symbol_exists(dbi, "vmalloc_fault") && f->version < 5008;
	f->no_context = pfw_symbol_exists(dbi, "no_context");
	f->fault_4_19 = fault_4_19_detect(c);
	f->smap_oops = f->version >= 5015;
	/* mm/memory-failure.c is built only with CONFIG_MEMORY_FAILURE (as in swapops.c) */
	f->memory_failure = pfw_symbol_exists(dbi, "memory_failure") || c->k->test.memory_failure;
	if (pfw_ok(pfw_kernel_symbol(c->k, "boot_cpu_data", &addr))) {
		struct pfw_member m;

		if (pfw_ok(pfw_member(dbi, "cpuinfo_x86", "x86_capability", &m))) {
			if (pfw_ok(pfw_read_kv(c->k, addr + m.offset + X86_FEATURE_SMAP / 32 * 4, &word, 4)))
				f->smap = word & (1U << (X86_FEATURE_SMAP % 32));
			if (pfw_ok(pfw_read_kv(c->k, addr + m.offset + X86_FEATURE_OSPKE / 32 * 4, &word, 4)))
				f->ospke = word & (1U << (X86_FEATURE_OSPKE % 32));
		}
	}
}

/* A non-canonical address raises #GP, not #PF (exc_general_protection). */
void exc_general_protection(struct fault_ctx *c)
{
	fault_step(c, "exc_general_protection", "non-canonical address", "#GP, not #PF",
		   "0x%llx is not canonical with %d-level paging", (unsigned long long)c->address,
		   c->k->paging_levels);
	if (c->user_mode) {
		/* exc_general_protection(): gp_user_force_sig_segv() -> force_sig(SIGSEGV) */
		fault_step(c, "exc_general_protection", "user_mode(regs)", "SIGSEGV (SI_KERNEL)",
			   "force_sig(SIGSEGV): no fault address is reported");
		fault_verdict(c, PFW_V_GP_NONCANONICAL, SIGSEGV, SI_KERNEL);
		fault_todo(c, "0x%llx is no valid pointer (the bits above bit %d must all equal it): a corrupted or uninitialized pointer",
			   (unsigned long long)c->address, c->k->paging_levels == 5 ? 56 : 47);
	} else {
		kernelmode_fixup_or_oops(c);
	}
}

/*
 * The CPU walks CR3, the task's pgd.  Its kernel half is init_mm's,
 * except that up to 5.7 its vmalloc entries could lag behind
 * (vmalloc_fault() syncs them): there the task's own pgd decides.
 */
struct pfw_error *x86_fault_pgd(struct fault_ctx *c, uint64_t *pgd)
{
	if (c->mm && (c->address < (1ULL << 56) || c->f.vmalloc_fault))
		return pfw_read_member(c->k, c->mm, "mm_struct", "pgd", pgd);
	return pfw_kernel_pgd(c->k, pgd);
}
