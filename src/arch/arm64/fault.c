// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arch/arm64/mm/fault.c of Linux 6.1, replayed: do_mem_abort() by the
 * fault_info[] entry of ESR's fault status code, do_translation_fault(),
 * do_page_fault() and __do_page_fault(), do_bad_area(), __do_kernel_fault()
 * with fixup_exception(), then the shared handle_mm_fault().  One function
 * per kernel function, in the file's order; line numbers are 6.1.192's
 * (Debian linux-source-6.1).  The hardware's half (which ESR the MMU
 * raises for the access) is arm64_hardware_access_ok() at the end.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "arch/arm64/arm64.h"
#include "walker/walker.h"

/* fault.c:490-491: arm64's own VM_FAULT_* bits */
#define VM_FAULT_BADMAP		0x010000
#define VM_FAULT_BADACCESS	0x020000

static uint64_t esr_of(struct fault_ctx *c)
{
	return c->error_code;
}

/* fault.c:240 */
static bool is_el1_instruction_abort(uint64_t esr)
{
	return ESR_ELx_EC(esr) == ESR_ELx_EC_IABT_CUR;
}

/* fault.c:245 */
static bool is_el1_data_abort(uint64_t esr)
{
	return ESR_ELx_EC(esr) == ESR_ELx_EC_DABT_CUR;
}

/*
 * fault.c:250.  The software-PAN branch (CONFIG_ARM64_SW_TTBR0_PAN on a
 * CPU without PAN) is not taken: the CPUs pfwhy's fixtures run have PAN.
 */
static bool is_el1_permission_fault(uint64_t addr, uint64_t esr)
{
	if (!is_el1_data_abort(esr) && !is_el1_instruction_abort(esr))
		return false;
	return (esr & ESR_ELx_FSC_TYPE) == ESR_ELx_FSC_PERM;
}

/*
 * fault.c:300 die_kernel_fault(): "Unable to handle kernel %s at virtual
 * address %016lx", mem_abort_decode(esr), show_pte(addr), die("Oops").
 */
static void die_kernel_fault(struct fault_ctx *c, const char *msg)
{
	char decoded[512];

	pfw_esr_decode(esr_of(c), decoded, sizeof(decoded));
	*strchrnul(decoded, '\n') = 0;	/* the step holds the first line; `why` prints all */
	/* die() -> __show_regs() prints "pc : %pS" after the first line */
	fault_step(c, "die_kernel_fault", "no way to handle this kernel-mode fault", "oops",
		   "Unable to handle kernel %s at virtual address %016llx%s%s", msg,
		   (unsigned long long)c->address, c->req->has_ip ? "; ip " : "",
		   c->req->has_ip ? fault_ksym(c, c->req->ip).s : "");
	fault_verdict(c, PFW_V_OOPS, 0, 0);
	if (is_el1_instruction_abort(esr_of(c)))
		fault_todo(c, "a kernel bug: the kernel jumped to %s, which may not be executed: a corrupted function pointer or return address; the call trace in `log` names the caller",
			   fault_ksym(c, c->address).s);
	else if (c->req->has_ip)
		fault_todo(c, "a kernel bug: the code at %s %s %s, which it may not; fix that code or the pointer it was given",
			   fault_ksym(c, c->req->ip).s, esr_of(c) & ESR_ELx_WNR ? "wrote to" : "read",
			   fault_ksym(c, c->address).s);
}

/* fault.c:364 */
static bool is_translation_fault(uint64_t esr)
{
	return (esr & ESR_ELx_FSC_TYPE) == ESR_ELx_FSC_FAULT;
}

/* A fixed-up uaccess: the routine returns -EFAULT (UACCESS_ERR_ZERO) to its caller. */
static void fixed_up(struct fault_ctx *c, const char *why)
{
	fault_step(c, "__do_kernel_fault", "fixup_exception(regs): an __ex_table entry for regs->pc?",
		   "fixed up: returns -EFAULT", "%s", why);
	fault_verdict(c, PFW_V_KERNEL_FIXUP, 0, 0);
	c->res->error = "EFAULT";
	fault_todo(c, "the system call fails with EFAULT: the user buffer at 0x%llx it was given cannot be %s; check the pointer passed to it",
		   (unsigned long long)c->address, esr_of(c) & ESR_ELx_WNR ? "written" : "read");
}

/* fault.c:369 */
static void __do_kernel_fault(struct fault_ctx *c)
{
	uint64_t esr = esr_of(c), addr = c->address;
	char why[1024];
	const char *msg;

	if (!is_el1_instruction_abort(esr)) {
		switch (classify_ip(c, why, sizeof(why))) {
		case IP_ERROR:
			fault_undecidable(c, "%s; with an entry the fault is fixed up, without one it oopses", why);
			return;
		case IP_FIXUP:
			fixed_up(c, why);
			return;
		case IP_NO_FIXUP:
			fault_step(c, "__do_kernel_fault", "fixup_exception(regs): an __ex_table entry for regs->pc?",
				   "none", "%s", why);
			break;
		}
	}
	/* is_spurious_el1_translation_fault(): the dump's tables now translate the address */
	if (is_el1_data_abort(esr) && is_translation_fault(esr) && c->walked &&
	    pfw_walk_leaf(&c->walk) && pfw_walk_leaf(&c->walk)->state == PFW_ENTRY_PRESENT &&
	    pfw_walk_leaf(&c->walk)->a64.valid) {
		fault_step(c, "__do_kernel_fault", "is_spurious_el1_translation_fault(): AT S1E1R now translates",
			   "ignored (spurious)", "the dump's tables map 0x%llx", (unsigned long long)addr);
		fault_verdict(c, PFW_V_SPURIOUS, 0, 0);
		return;
	}
	if (is_el1_permission_fault(addr, esr)) {
		if (esr & ESR_ELx_WNR)
			msg = "write to read-only memory";
		else if (is_el1_instruction_abort(esr))
			msg = "execute from non-executable memory";
		else
			msg = "read from unreadable memory";
	} else if (addr < 4096) {
		msg = "NULL pointer dereference";
	} else {
		msg = "paging request";
	}
	fault_step(c, "__do_kernel_fault", is_el1_permission_fault(addr, esr) ?
		   "is_el1_permission_fault()" : addr < 4096 ? "addr < PAGE_SIZE" : "otherwise",
		   msg, "ESR 0x%016llx, address 0x%llx", (unsigned long long)esr,
		   (unsigned long long)addr);
	die_kernel_fault(c, msg);
}

/*
 * fault.c:414 set_thread_esr(): for a kernel address, userspace sees a
 * level-0 translation fault (DABT_LOW keeps EC|IL|CM|WnR, IABT_LOW EC|IL).
 */
static uint64_t set_thread_esr(struct fault_ctx *c, uint64_t esr)
{
	if (arm64_is_ttbr0_addr(c->k, c->address))
		return esr;
	switch (ESR_ELx_EC(esr)) {
	case ESR_ELx_EC_DABT_LOW:
		return (esr & (ESR_ELx_EC_MASK | ESR_ELx_IL | ESR_ELx_CM | ESR_ELx_WNR)) |
		       ESR_ELx_FSC_FAULT;
	case ESR_ELx_EC_IABT_LOW:
		return (esr & (ESR_ELx_EC_MASK | ESR_ELx_IL)) | ESR_ELx_FSC_FAULT;
	}
	return 0;
}

/* arm64_force_sig_fault(sig, code, far, inf->name): the signal the task gets */
static void force_sig_fault(struct fault_ctx *c, int sig, int code, const char *name)
{
	enum pfw_verdict v = sig == SIGBUS ? PFW_V_SIGBUS :
			     code == SEGV_ACCERR ? PFW_V_SEGV_ACCERR : PFW_V_SEGV_MAPERR;

	fault_step(c, "arm64_force_sig_fault", "user mode", sig == SIGBUS ? "SIGBUS" : "SIGSEGV",
		   "%s; si_code %d, thread.fault_code (ESR) 0x%llx", name, code,
		   (unsigned long long)set_thread_esr(c, esr_of(c)));
	if (sig != SIGSEGV && sig != SIGBUS) {
		fault_undecidable(c, "arm64_notify_die(\"%s\"): signal %d, si_code %d, which no verdict names",
				  name, sig, code);
		return;
	}
	fault_verdict(c, v, sig, code);
}

/* fault.c:471 */
static void do_bad_area(struct fault_ctx *c)
{
	const struct pfw_arm64_fault_info *inf = pfw_arm64_fault_info(esr_of(c));

	if (c->user_mode) {
		fault_step(c, "do_bad_area", "user_mode(regs)", "signal", "esr_to_fault_info(): %s",
			   inf->name);
		force_sig_fault(c, inf->sig, inf->code, inf->name);
		if (arm64_is_ttbr0_addr(c->k, c->address))
			unmapped_todo(c);
		else
			kernel_addr_todo(c);
		return;
	}
	fault_step(c, "do_bad_area", "user_mode(regs)", "no: __do_kernel_fault", "%s", inf->name);
	__do_kernel_fault(c);
}

/*
 * fault.c:493 (6.1.192).  6.1.0 looked the VMA up and grew the stack here
 * (fault.c:480 of 6.1.0-rc7); the checks are fault_find_vma()'s either way.
 */
static unsigned int __do_page_fault(struct fault_ctx *c, uint64_t vm_flags)
{
	if (!(c->vma.flags & vm_flags)) {
		fault_step(c, "__do_page_fault", "!(vma->vm_flags & vm_flags)", "VM_FAULT_BADACCESS",
			   "VMA %s lacks every flag of 0x%llx%s", c->vma.perms,
			   (unsigned long long)vm_flags,
			   vm_flags == pfw_vm_flag(c->k, "VM_WRITE") ? write_denied_why(c) : "");
		return VM_FAULT_BADACCESS;
	}
	fault_step(c, "__do_page_fault", "vma->vm_flags & vm_flags", "handle_mm_fault",
		   "VMA %s %s", c->vma.perms, c->vma.name);
	return handle_mm_fault(c);
}

/* fault.c:509 */
static bool is_el0_instruction_abort(uint64_t esr)
{
	return ESR_ELx_EC(esr) == ESR_ELx_EC_IABT_LOW;
}

/* fault.c:518 */
static bool is_write_abort(uint64_t esr)
{
	return (esr & ESR_ELx_WNR) && !(esr & ESR_ELx_CM);
}

/* lock_mm_and_find_vma() (6.1.192, mm/memory.c:5378) or 6.1.0's find_vma + expand_stack */
static unsigned int find_vma_or_badmap(struct fault_ctx *c)
{
	switch (fault_find_vma(c, find_vma_fn(c), expand_stack_fn(c))) {
	case VMA_ERROR:
		return VM_FAULT_UNDECIDABLE;
	case VMA_COVERS:
		return 0;
	case VMA_BELOW_STACK:
		if (expand_stack(c))
			return 0;
		break;
	case VMA_NONE:
	case VMA_HOLE:
		break;
	}
	fault_step(c, "do_page_fault", "!vma", "VM_FAULT_BADMAP", "no VMA covers 0x%llx",
		   (unsigned long long)c->address);
	return VM_FAULT_BADMAP;
}

/* The vm_flags an access needs (fault.c:551-569); 0 when EPAN decides and is unknown. */
static uint64_t required_vm_flags(struct fault_ctx *c, uint64_t esr)
{
	uint64_t read = pfw_vm_flag(c->k, "VM_READ"), write = pfw_vm_flag(c->k, "VM_WRITE");
	uint64_t exec = pfw_vm_flag(c->k, "VM_EXEC");

	if (is_el0_instruction_abort(esr)) {
		c->flags |= FAULT_FLAG_INSTRUCTION;
		fault_step(c, "do_page_fault", "is_el0_instruction_abort(esr)", "vm_flags = VM_EXEC",
			   "EC 0x%02llx", (unsigned long long)ESR_ELx_EC(esr));
		return exec;
	}
	if (is_write_abort(esr)) {
		c->flags |= FAULT_FLAG_WRITE;
		fault_step(c, "do_page_fault", "is_write_abort(esr): WnR && !CM", "vm_flags = VM_WRITE",
			   "ESR 0x%llx", (unsigned long long)esr);
		return write;
	}
	fault_step(c, "do_page_fault", "a read", "vm_flags = VM_READ | VM_WRITE (| VM_EXEC without EPAN)",
		   "ESR 0x%llx", (unsigned long long)esr);
	return read | write | exec;
}

/* The "done:" tail of do_page_fault() (fault.c:628-660) for a VM_FAULT_ERROR. */
static void user_fault_error(struct fault_ctx *c, unsigned int fault)
{
	const struct pfw_arm64_fault_info *inf = pfw_arm64_fault_info(esr_of(c));

	if (fault & VM_FAULT_OOM) {
		fault_step(c, "do_page_fault", "fault & VM_FAULT_OOM", "pagefault_out_of_memory",
			   "allocation failed");
		fault_undecidable(c, "out of memory: the fault is retried after the OOM killer runs");
		return;
	}
	if (fault & VM_FAULT_SIGBUS) {
		force_sig_fault(c, SIGBUS, BUS_ADRERR, inf->name);
		return;
	}
	if (fault & (VM_FAULT_HWPOISON_LARGE | VM_FAULT_HWPOISON)) {
		force_sig_fault(c, SIGBUS, BUS_MCEERR_AR, inf->name);
		return;
	}
	/* an equality test: BADACCESS alone is ACCERR, anything else MAPERR */
	force_sig_fault(c, SIGSEGV, fault == VM_FAULT_BADACCESS ? SEGV_ACCERR : SEGV_MAPERR,
			inf->name);
	if (c->res->verdict == PFW_V_SEGV_ACCERR)
		access_todo(c, c->flags & FAULT_FLAG_WRITE, c->flags & FAULT_FLAG_INSTRUCTION);
	else if (!c->res->todo[0])	/* expand_downwards() named the stack guard gap */
		unmapped_todo(c);
}

/* The PAN check (fault.c:571-579): a kernel access to user memory. */
static bool pan_check_dies(struct fault_ctx *c, uint64_t esr)
{
	char why[1024];

	if (!arm64_is_ttbr0_addr(c->k, c->address) || !is_el1_permission_fault(c->address, esr))
		return false;
	if (is_el1_instruction_abort(esr)) {
		fault_step(c, "do_page_fault", "is_ttbr0_addr && is_el1_permission_fault && EL1 IABT",
			   "die", "kernel code tried to execute user memory at 0x%llx",
			   (unsigned long long)c->address);
		die_kernel_fault(c, "execution of user memory");
		return true;
	}
	switch (classify_ip(c, why, sizeof(why))) {
	case IP_ERROR:
		fault_undecidable(c, "%s; from a uaccess routine the fault goes on, from plain kernel code it dies (access to user memory outside uaccess routines)",
				  why);
		return true;
	case IP_FIXUP:
		fault_step(c, "do_page_fault", "!search_exception_tables(regs->pc)", "no: a uaccess routine",
			   "%s", why);
		return false;
	case IP_NO_FIXUP:
		break;
	}
	fault_step(c, "do_page_fault", "is_el1_permission_fault on a user address && !search_exception_tables(regs->pc)",
		   "die", "%s", why);
	die_kernel_fault(c, "access to user memory outside uaccess routines");
	return true;
}

/* fault.c:523 */
/*
 * The task exited after the oops and its mm went with it.  It had one (a
 * user process; without one do_page_fault() goes to no_context first), so
 * the checks that read no VMA still run: the PAN check, and a kernel
 * address, which no VMA can cover (they lie below TASK_SIZE), so
 * lock_mm_and_find_vma() gives VM_FAULT_BADMAP.  A user address's VMA is
 * gone with the mm.
 */
static void mm_gone(struct fault_ctx *c, uint64_t esr)
{
	c->flags = c->user_mode ? FAULT_FLAG_USER : 0;
	required_vm_flags(c, esr);
	if (pan_check_dies(c, esr))
		return;
	if (arm64_is_ttbr0_addr(c->k, c->address)) {
		fault_undecidable(c, "pid %d exited after the oops: its mm and VMAs are gone",
				  c->req->pid);
		return;
	}
	fault_step(c, "do_page_fault", "lock_mm_and_find_vma(): !vma", "VM_FAULT_BADMAP",
		   "pid %d exited after the oops, but no VMA can cover the kernel address 0x%llx",
		   c->req->pid, (unsigned long long)c->address);
	if (c->user_mode) {
		user_fault_error(c, VM_FAULT_BADMAP);
		return;
	}
	fault_step(c, "do_page_fault", "!user_mode(regs)", "no_context", "fault 0x%x",
		   VM_FAULT_BADMAP);
	__do_kernel_fault(c);
}

static void do_page_fault(struct fault_ctx *c)
{
	uint64_t esr = esr_of(c), vm_flags;
	unsigned int fault;

	if (c->req->task_gone) {
		mm_gone(c, esr);
		return;
	}
	if (!c->mm) {
		fault_step(c, "do_page_fault", "faulthandler_disabled() || !mm", "no_context",
			   "the task has no mm (kernel thread)");
		__do_kernel_fault(c);
		return;
	}
	c->flags = c->user_mode ? FAULT_FLAG_USER : 0;
	vm_flags = required_vm_flags(c, esr);
	if (pan_check_dies(c, esr))
		return;
	fault = find_vma_or_badmap(c);
	if (fault & VM_FAULT_UNDECIDABLE)
		return;
	if (!fault)
		fault = __do_page_fault(c, vm_flags);
	if (fault & VM_FAULT_UNDECIDABLE)
		return;
	if (!(fault & (VM_FAULT_ERROR | VM_FAULT_BADMAP | VM_FAULT_BADACCESS))) {
		mm_account_fault(c, fault);
		fault_verdict(c, c->handled, 0, 0);
		return;
	}
	if (!c->user_mode) {
		fault_step(c, "do_page_fault", "!user_mode(regs)", "no_context", "fault 0x%x", fault);
		__do_kernel_fault(c);
		return;
	}
	user_fault_error(c, fault);
}

/* fault.c:667 */
static void do_translation_fault(struct fault_ctx *c)
{
	if (arm64_is_ttbr0_addr(c->k, c->address)) {
		fault_step(c, "do_translation_fault", "is_ttbr0_addr(addr)", "do_page_fault",
			   "0x%llx < TASK_SIZE 0x%llx", (unsigned long long)c->address,
			   (unsigned long long)arm64_task_size(c->k));
		do_page_fault(c);
		return;
	}
	fault_step(c, "do_translation_fault", "is_ttbr0_addr(addr)", "no: do_bad_area",
		   "0x%llx is not a user address: never a demand fault", (unsigned long long)c->address);
	do_bad_area(c);
}

/* fault_info[].fn: do_alignment_fault (:680) and do_tag_check_fault (:726) end in do_bad_area */
static bool call_fn(struct fault_ctx *c, const struct pfw_arm64_fault_info *inf)
{
	if (!strcmp(inf->fn, "do_translation_fault"))
		do_translation_fault(c);
	else if (!strcmp(inf->fn, "do_page_fault"))
		do_page_fault(c);
	else if (!strcmp(inf->fn, "do_alignment_fault") || !strcmp(inf->fn, "do_tag_check_fault"))
		do_bad_area(c);
	else
		return false;	/* do_bad (:690) returns 1; do_sea (:695) notifies and dies */
	return true;
}

/* fault.c:806 */
void do_mem_abort(struct fault_ctx *c)
{
	uint64_t esr = esr_of(c);
	const struct pfw_arm64_fault_info *inf = pfw_arm64_fault_info(esr);

	c->address = arm64_untagged_addr(c->req->address);
	fault_step(c, "do_mem_abort", "esr_to_fault_info(esr)", inf->fn,
		   "ESR 0x%016llx: EC 0x%02llx %s, FSC 0x%02llx %s; FAR 0x%llx",
		   (unsigned long long)esr, (unsigned long long)ESR_ELx_EC(esr),
		   pfw_esr_class_str(ESR_ELx_EC(esr)), (unsigned long long)(esr & ESR_ELx_FSC),
		   inf->name, (unsigned long long)c->req->address);
	if (call_fn(c, inf))
		return;
	if (!c->user_mode) {
		die_kernel_fault(c, inf->name);
		return;
	}
	force_sig_fault(c, inf->sig, inf->code, inf->name);
}

/* ---- the hardware: which abort the MMU raises for the access ---- */

/* A translation fault at a level (FSC 0x04 | level). */
static uint32_t fsc(uint64_t type, int level)
{
	return type | (level & 3);
}

/* The table descriptors' limits on the leaf (APTable, PXNTable, UXNTable). */
struct table_limits {
	bool pxn, uxn, no_el0, ro;
};

static uint32_t entry_fsc(struct fault_ctx *c, const struct pfw_entry *leaf,
			  const struct table_limits *t, bool unpriv, bool write, bool exec)
{
	bool ro = leaf->a64.rdonly || t->ro;
	bool el0_data = leaf->user && !t->no_el0;

	/*
	 * A write to DBM=1, AP[2]=1 with hardware dirty management clears
	 * AP[2] and does not fault; an access with AF clear sets AF (FEAT_HAFDBS,
	 * CONFIG_ARM64_HW_AFDBM): neither comes to the kernel.
	 */
	if (write && ro && leaf->a64.dbm && !t->ro)
		ro = false;
	if (exec)
		return (unpriv ? leaf->a64.uxn || t->uxn : leaf->a64.pxn || t->pxn) ?
		       fsc(ESR_ELx_FSC_PERM, leaf->a64.hw_level) : 0;
	if (unpriv && !el0_data)
		return fsc(ESR_ELx_FSC_PERM, leaf->a64.hw_level);
	/* PAN: a privileged data access to an EL0-accessible page */
	if (!unpriv && el0_data)
		return fsc(ESR_ELx_FSC_PERM, leaf->a64.hw_level);
	if (write && ro)
		return fsc(ESR_ELx_FSC_PERM, leaf->a64.hw_level);
	return 0;
}

/* The uaccess instructions (LDTR/STTR) check permissions as EL0 would. */
static bool unprivileged(struct fault_ctx *c)
{
	char why[1024];

	if (c->user_mode)
		return true;
	if (!arm64_is_ttbr0_addr(c->k, c->address))
		return false;
	return classify_ip(c, why, sizeof(why)) == IP_FIXUP;
}

/*
 * The pte an earlier pass installed (predict_pte() fills the generic
 * predicates): a valid user page, PXN as every user page has, writable as
 * pte_mkwrite(pte_mkdirty()) leaves it (DBM set, AP[2] clear).
 */
static const struct pfw_entry *installed_pte(struct fault_ctx *c, struct pfw_entry *e)
{
	*e = c->pte_override;
	e->level = PFW_PTE;
	e->a64.hw_level = 3;
	e->a64.valid = e->a64.page = e->a64.af = e->a64.pxn = true;
	e->a64.uxn = e->nx;
	e->a64.dbm = e->write;
	e->a64.rdonly = !e->write;
	return e;
}

/*
 * KPTI, arm64_kernel_unmapped_at_el0() (6.1 asm/mmu.h:58; k->pti, kpti.c):
 * at EL0 TTBR1 holds tramp_pg_dir, which maps only the entry trampoline
 * (mm/mmu.c map_entry_trampoline()), so the MMU walks it, not
 * swapper_pg_dir, for a kernel address.
 */
static bool el0_trampoline_walk(struct fault_ctx *c, struct pfw_walk *w)
{
	struct pfw_error *err;
	uint64_t tramp;

	if (!c->user_mode || !c->k->pti || arm64_is_ttbr0_addr(c->k, c->address))
		return false;
	err = pfw_kernel_symbol(c->k, "tramp_pg_dir", &tramp);
	memset(w, 0, sizeof(*w));
	if (!err)
		err = pfw_walk_levels(c->k, arm64_pa_symbol(c->k, tramp), c->address, w);
	if (err) {
		pfw_error_destroy(err);
		return false;
	}
	return true;
}

static const struct pfw_entry *walk_leaf(struct fault_ctx *c, const struct pfw_walk *w,
					 struct table_limits *t, struct pfw_entry *buf)
{
	int i;

	memset(t, 0, sizeof(*t));
	if (c->pte_overridden)
		return installed_pte(c, buf);
	for (i = 0; i < w->nsteps; i++) {
		const struct pfw_entry *e = &w->steps[i].entry;

		if (e->state != PFW_ENTRY_TABLE)
			return e;
		t->pxn |= e->a64.pxn_table;
		t->uxn |= e->a64.uxn_table;
		t->no_el0 |= e->a64.ap_table & 1;
		t->ro |= e->a64.ap_table & 2;
	}
	return NULL;
}

bool arm64_hardware_access_ok(struct fault_ctx *c, uint32_t *esr)
{
	bool write = c->req->access == PFW_ACCESS_WRITE, exec = c->req->access == PFW_ACCESS_EXEC;
	unsigned int ec = exec ? (c->user_mode ? ESR_ELx_EC_IABT_LOW : ESR_ELx_EC_IABT_CUR) :
			  (c->user_mode ? ESR_ELx_EC_DABT_LOW : ESR_ELx_EC_DABT_CUR);
	const struct pfw_entry *leaf;
	struct table_limits t;
	struct pfw_entry buf;
	struct pfw_walk tramp;
	uint32_t code;

	c->address = arm64_untagged_addr(c->req->address);
	*esr = (uint32_t)ec << ESR_ELx_EC_SHIFT | ESR_ELx_IL | (write ? ESR_ELx_WNR : 0);
	leaf = walk_leaf(c, el0_trampoline_walk(c, &tramp) ? &tramp : &c->walk, &t, &buf);
	if (!leaf) {
		/* nothing to walk: the address is outside TTBR0's and TTBR1's ranges */
		*esr |= fsc(ESR_ELx_FSC_FAULT, c->k->paging_levels == 4 ? 0 : 1);
		return false;
	}
	if (leaf->state != PFW_ENTRY_PRESENT || !leaf->a64.valid ||
	    (leaf->level == PFW_PTE && !leaf->a64.page)) {
		*esr |= fsc(ESR_ELx_FSC_FAULT, leaf->a64.hw_level);
		return false;
	}
	code = entry_fsc(c, leaf, &t, unprivileged(c), write, exec);
	*esr |= code;
	return !code;
}

/* The root the MMU walks for the address: TTBR0 is the task's mm, TTBR1 swapper_pg_dir. */
struct pfw_error *arm64_fault_pgd(struct fault_ctx *c, uint64_t *pgd)
{
	*pgd = 0;
	if (!c->mm)
		return NULL;	/* a kernel thread's TTBR0 maps nothing */
	return pfw_read_member(c->k, c->mm, "mm_struct", "pgd", pgd);
}

/* Nothing x86 asks: arm64's era is told by lock_mm_and_find_vma, which init_features reads. */
void arm64_features(struct fault_ctx *c)
{
}

/* arm64_address_valid() refuses nothing. */
void arm64_bad_address(struct fault_ctx *c)
{
	do_mem_abort(c);
}
