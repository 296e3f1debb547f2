// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * 4.19's arch/x86/mm/fault.c: one __do_page_fault() (L1206 of 4.19.72)
 * for both halves of the address space, before 4.20 split it into
 * do_kern_addr_fault() and do_user_addr_fault().  The checks are 4.19's,
 * in its order; where a piece is the same as a later kernel's, the shared
 * helper of fault.c runs it (pgtable_bad, good_area, access_error,
 * expand_stack, the bad_area family, mm_fault_error), and steps carry
 * 4.19's function names.
 * Line numbers are 4.19.72's (arch/x86/mm/fault.c).
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "kernel/page_cache.h"
#include "arch/x86_64/fault.h"

/* arch/x86/include/asm/pgtable_64_types.h (4.19): VMALLOC_SIZE_TB, 4-level and 5-level */
#define VMALLOC_SIZE_TB_L4	32ULL
#define VMALLOC_SIZE_TB_L5	12800ULL
/* __START_KERNEL_map: init_top_pgt is a kernel-image symbol */
#define START_KERNEL_MAP	0xffffffff80000000ULL

/*
 * This era is told by its symbols and DWARF, never by the release: the
 * dump's kernel has __do_page_fault and neither half of the 4.20 split, and
 * its page cache is still a radix tree (the XArray came in 4.20 too), so a
 * 4.20-5.7 kernel whose compiler inlined do_user_addr_fault is not taken
 * for 4.19.
 */
bool fault_4_19_detect(struct fault_ctx *c)
{
	struct pfw_debuginfo *dbi = c->k->dbi;

	return pfw_symbol_exists(dbi, "__do_page_fault") &&
	       !pfw_symbol_exists(dbi, "do_user_addr_fault") &&
	       !pfw_symbol_exists(dbi, "do_kern_addr_fault") &&
	       !pfw_symbol_exists(dbi, "exc_page_fault") &&
	       !pfw_has_member(dbi, "address_space", "i_pages.xa_head");
}

/* The same logic under 4.19's name: the shared helpers name 6.x's functions. */
const char *fault_4_19_name(const char *function)
{
	static const char *const names[][2] = {
		/* 4.19's no_context() both searches the exception table and oopses */
		{ "kernelmode_fixup_or_oops", "no_context" },
		{ "page_fault_oops", "no_context" },
		{ "spurious_kernel_fault", "spurious_fault" },	/* L1069 */
		/* mm_fault_error() (L997): 6.x has its body inline in do_user_addr_fault() */
		{ "do_user_addr_fault", "mm_fault_error" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(function, names[i][0]))
			return names[i][1];
	return function;
}

/*
 * __bad_area_nosemaphore() (4.19): "User mode accesses just cause a
 * SIGSEGV" is decided by error_code & X86_PF_USER, and everything else goes
 * to no_context() (fixup or oops).  5.0+ instead oopses an implicit
 * supervisor access from user mode outright; the shared helper does that.
 */
static void bad_area_nosemaphore_4_19(struct fault_ctx *c, int si_code, const char *why)
{
	if (c->user_mode && !(c->error_code & PFW_PF_USER)) {
		fault_step(c, "__bad_area_nosemaphore", "error_code & X86_PF_USER?", "no: no_context",
			   "%s; an implicit supervisor access from user mode", why);
		kernelmode_fixup_or_oops(c);
		return;
	}
	__bad_area_nosemaphore(c, si_code, why);
}

static bool init_mm_walk(struct fault_ctx *c, struct pfw_walk *w)
{
	struct pfw_error *err;
	uint64_t pgd;

	err = pfw_kernel_symbol(c->k, "init_top_pgt", &pgd);
	if (!err)
		err = pfw_walk_tables(c->k, pfw_phys_to_virt(c->k, pgd - START_KERNEL_MAP + c->k->phys_base),
				   c->address, w);
	if (err && !w->excluded) {
		fault_undecidable(c, "cannot read init_mm's page tables: %s", err->message);
		pfw_error_destroy(err);
		return false;
	}
	pfw_error_destroy(err);
	return true;
}

/*
 * vmalloc_fault() (x86_64, L415): a vmalloc address whose top-level entry
 * this mm lacks gets it copied from init_mm's reference table; 0 (done)
 * when the reference table maps the address down to a present leaf.
 */
static int vmalloc_fault(struct fault_ctx *c)
{
	uint64_t size_tb = c->k->paging_levels == 5 ? VMALLOC_SIZE_TB_L5 : VMALLOC_SIZE_TB_L4;
	uint64_t start = c->k->vmalloc_base, end = start + (size_tb << 40) - 1;
	const struct pfw_entry *leaf;
	struct pfw_walk w;

	memset(&w, 0, sizeof(w));
	if (c->address < start || c->address >= end) {
		fault_step(c, "vmalloc_fault", "VMALLOC_START <= address < VMALLOC_END?", "no: -1",
			   "VMALLOC 0x%llx-0x%llx", (unsigned long long)start, (unsigned long long)end);
		return -1;
	}
	if (!init_mm_walk(c, &w))
		return 0;
	leaf = pfw_walk_leaf(&w);
	if (w.excluded || !leaf || leaf->state != PFW_ENTRY_PRESENT) {
		fault_step(c, "vmalloc_fault", "init_mm's reference table maps the address?", "no: -1",
			   "%s", w.excluded ? "a reference page table is not in the dump" :
			   "pud, pmd or pte none in init_mm");
		if (w.excluded) {
			fault_undecidable(c, "init_mm's page table for 0x%llx is not in the dump: mapped there, the fault is synced; not, the kernel oopses or fixes it up",
					  (unsigned long long)c->address);
			return 0;
		}
		return -1;
	}
	fault_step(c, "vmalloc_fault", "init_mm's reference table maps the address?", "yes: 0",
		   "the top-level entry is copied from init_mm (set_p4d/set_pgd) and the access restarts; leaf 0x%llx",
		   (unsigned long long)leaf->value);
	fault_verdict(c, PFW_V_SPURIOUS, 0, 0);
	return 0;
}

/* __do_page_fault()'s "if (unlikely(fault_in_kernel_space(address)))" branch: no VMA, no mmap_sem. */
static void kernel_half(struct fault_ctx *c)
{
	fault_step(c, "__do_page_fault", "fault_in_kernel_space(address)", "kernel half",
		   "address 0x%llx >= TASK_SIZE_MAX 0x%llx (4.19 does not exempt the vsyscall page)",
		   (unsigned long long)c->address, (unsigned long long)task_size_max(c));
	if (!(c->error_code & (PFW_PF_RSVD | PFW_PF_USER | PFW_PF_PROT)) && vmalloc_fault(c) >= 0)
		return;
	/* "Can handle a stale RO->RW TLB" */
	if (spurious_kernel_fault(c))
		return;
	/* kprobes_fault(): no kprobe runs in a replay */
	bad_area_nosemaphore_4_19(c, SEGV_MAPERR, "no VMA can cover a kernel address");
}

/*
 * smap_violation() (L1183): SMAP on, not a user access, and not a kernel
 * access with EFLAGS.AC set.  AC is inferred as fault.c does: set inside a
 * uaccess routine, which has an exception-table entry.
 */
static bool smap_violation(struct fault_ctx *c)
{
	char why[1024];
	enum ip_class ip;

	if (!c->f.smap || (c->error_code & PFW_PF_USER))
		return false;
	if (c->user_mode) {
		/* user_mode(regs): AC does not exempt it */
		fault_step(c, "smap_violation", "SMAP, !(error_code & X86_PF_USER), and not (kernel mode with EFLAGS.AC)",
			   "yes: bad_area_nosemaphore", "user-mode registers");
		return true;
	}
	ip = classify_ip(c, why, sizeof(why));
	if (ip == IP_ERROR) {
		fault_undecidable(c, "%s; from a uaccess routine (EFLAGS.AC set) the fault goes on, from plain kernel code it is bad_area_nosemaphore",
				  why);
		return true;
	}
	fault_step(c, "smap_violation", "SMAP, !(error_code & X86_PF_USER), and not (kernel mode with EFLAGS.AC)",
		   ip == IP_FIXUP ? "no" : "yes: bad_area_nosemaphore", "%s", why);
	return ip == IP_NO_FIXUP;
}

/*
 * "if (unlikely(!down_read_trylock(&mm->mmap_sem)))" of __do_page_fault(): the x86-64 xadd rwsem
 * (arch/x86/include/asm/rwsem.h :50-59) takes a read lock while count >= 0;
 * a negative count is a writer or waiters.  The dump holds the count at the
 * moment it was taken.
 */
static bool mmap_sem_trylock(struct fault_ctx *c)
{
	uint64_t count;
	char why[1024];
	enum ip_class ip;

	if (!pfw_ok(pfw_read_member(c->k, c->mm, "mm_struct", "mmap_sem.count.counter", &count)) ||
	    (int64_t)count >= 0)
		return true;
	if (c->error_code & PFW_PF_USER) {
		fault_step(c, "__do_page_fault", "!down_read_trylock(&mm->mmap_sem)", "down_read: waits",
			   "mmap_sem count 0x%llx in the dump (held for write or contended); a user fault waits",
			   (unsigned long long)count);
		return true;
	}
	ip = classify_ip(c, why, sizeof(why));
	fault_step(c, "__do_page_fault", "!down_read_trylock && !(error_code & USER) && !search_exception_tables(ip)",
		   ip == IP_NO_FIXUP ? "bad_area_nosemaphore" : "down_read: waits",
		   "mmap_sem count 0x%llx in the dump; %s", (unsigned long long)count, why);
	if (ip == IP_NO_FIXUP)
		bad_area_nosemaphore_4_19(c, SEGV_MAPERR, "a kernel fault while mmap_sem is held elsewhere");
	return ip != IP_NO_FIXUP;
}

/*
 * task_pt_regs(tsk)->sp (4.19 arch/x86/include/asm/processor.h :835-842):
 * the pt_regs at the top of the task's stack, THREAD_SIZE above
 * task->stack (TOP_OF_KERNEL_STACK_PADDING is 0 on x86_64).  THREAD_SIZE
 * is the size of the initial stack, INIT_TASK_DATA(THREAD_SIZE) of
 * include/asm-generic/vmlinux.lds.h: __end_init_task - __start_init_task.
 */
static struct pfw_error *user_sp(struct fault_ctx *c, uint64_t *sp)
{
	uint64_t start, end, stack, regs_size;
	struct pfw_member m;
	struct pfw_error *err;

	if ((err = pfw_symbol_address(c->k->dbi, "__start_init_task", &start)) ||
	    (err = pfw_symbol_address(c->k->dbi, "__end_init_task", &end)) ||
	    (err = pfw_read_member(c->k, c->task.addr, "task_struct", "stack", &stack)) ||
	    (err = pfw_struct_size(c->k->dbi, "pt_regs", &regs_size)) ||
	    (err = pfw_member(c->k->dbi, "pt_regs", "sp", &m)))
		return err;
	if (end <= start || !stack)
		return pfw_error_create(PFW_ERR_CORRUPT, "no kernel stack to find the user registers on");
	return pfw_read_kv_u64(c->k, stack + (end - start) - regs_size + m.offset, sp);
}

/*
 * "Accessing the stack below %sp is always a bug.  The large cushion allows
 * instructions like enter and pusha to work." (__do_page_fault(), inside
 * "if (error_code & X86_PF_USER)"; removed in 5.0)
 */
static bool stack_below_sp(struct fault_ctx *c)
{
	struct pfw_error *err;
	uint64_t sp = 0;

	if (!(c->error_code & PFW_PF_USER))
		return false;
	err = c->has_task ? user_sp(c, &sp) :
	      pfw_error_create(PFW_ERR_NOT_FOUND, "no task to read the registers of");
	if (err) {
		fault_undecidable(c, "cannot read the user stack pointer (task_pt_regs(tsk)->sp): %s; more than 64 KiB + 256 bytes below it the access is refused (SIGSEGV), within that the stack grows",
				  err->message);
		pfw_error_destroy(err);
		return true;
	}
	if (c->address + 65536 + 32 * 8 < sp) {
		fault_step(c, "__do_page_fault", "address + 65536 + 32 * sizeof(unsigned long) < regs->sp",
			   "bad_area", "address 0x%llx, user sp 0x%llx (task_pt_regs): 0x%llx bytes below it",
			   (unsigned long long)c->address, (unsigned long long)sp,
			   (unsigned long long)(sp - c->address));
		__bad_area_nosemaphore(c, SEGV_MAPERR, "an access more than 64 KiB + 256 bytes below the stack pointer");
		return true;
	}
	fault_step(c, "__do_page_fault", "address + 65536 + 32 * sizeof(unsigned long) < regs->sp?", "no",
		   "address 0x%llx, user sp 0x%llx (task_pt_regs)", (unsigned long long)c->address,
		   (unsigned long long)sp);
	return false;
}

/* find_vma() to expand_stack() in __do_page_fault(), before "good_area:"; false = handled */
static bool find_vma_4_19(struct fault_ctx *c)
{
	switch (fault_find_vma(c, "find_vma", "stack checks")) {
	case VMA_ERROR:
		return false;
	case VMA_NONE:
		__bad_area_nosemaphore(c, SEGV_MAPERR, "no VMA covers the address");
		return false;
	case VMA_COVERS:
		return true;
	case VMA_HOLE:
		__bad_area_nosemaphore(c, SEGV_MAPERR, "the address is in a hole below a VMA that cannot grow");
		return false;
	case VMA_BELOW_STACK:
		break;
	}
	if (stack_below_sp(c))
		return false;
	if (!expand_stack(c)) {
		__bad_area_nosemaphore(c, SEGV_MAPERR, "the stack cannot grow to the address");
		return false;
	}
	return true;
}

/*
 * The end of __do_page_fault(), after handle_mm_fault() (good_area()): VM_FAULT_RETRY retries at most
 * once; then "major |= fault & VM_FAULT_MAJOR" over the attempts.  Unlike
 * 5.9+'s mm_account_fault(), a retry alone does not make the fault major.
 */
void fault_done_4_19(struct fault_ctx *c, unsigned int fault)
{
	if (fault & VM_FAULT_UNDECIDABLE)
		return;
	if (fault & VM_FAULT_RETRY)
		fault_step(c, "__do_page_fault", "fault & VM_FAULT_RETRY, FAULT_FLAG_ALLOW_RETRY set",
			   "goto retry (at most once, FAULT_FLAG_TRIED)",
			   "mmap_sem was dropped for the wait; the retry finds the page ready");
	if (fault & VM_FAULT_ERROR) {
		mm_fault_error(c, fault);
		return;
	}
	if (c->major_unknown[0]) {
		fault_step(c, "__do_page_fault", "major |= fault & VM_FAULT_MAJOR", "major or minor",
			   "%s", c->major_unknown);
	} else {
		c->res->has_major = true;
		c->res->major = fault & VM_FAULT_MAJOR;
		fault_step(c, "__do_page_fault", "major |= fault & VM_FAULT_MAJOR",
			   c->res->major ? "tsk->maj_flt++" : "tsk->min_flt++", "%s",
			   c->res->major ? "VM_FAULT_MAJOR: the page had to be read in" :
			   fault & VM_FAULT_RETRY ? "retried without VM_FAULT_MAJOR: minor in 4.19" :
			   "handled without I/O");
	}
	fault_verdict(c, c->handled, 0, 0);
}

void __do_page_fault(struct fault_ctx *c)
{
	/* kmmio_fault(): mmiotrace is not in a dump's state */
	if (c->address >= task_size_max(c)) {
		kernel_half(c);
		return;
	}
	if (c->error_code & PFW_PF_RSVD) {
		pgtable_bad(c);
		return;
	}
	if (smap_violation(c)) {
		bad_area_nosemaphore_4_19(c, SEGV_MAPERR, "SMAP violation");
		return;
	}
	if (!c->mm) {
		fault_step(c, "__do_page_fault", "faulthandler_disabled() || !mm", "bad_area_nosemaphore",
			   "the task has no mm (kernel thread)");
		bad_area_nosemaphore_4_19(c, SEGV_MAPERR, "no user address space");
		return;
	}
	/* "User-mode registers count as a user access even for any potential system fault" */
	if (c->user_mode)
		c->error_code |= PFW_PF_USER;
	fault_set_flags(c);
	if (!mmap_sem_trylock(c))
		return;
	if (!find_vma_4_19(c))
		return;
	/*
	 * good_area: (fault.c, then fault_done_4_19()): 4.19's access_error()
	 * (L1138) has the shared one's checks but X86_PF_SGX (5.11), which
	 * only an SGX enclave access sets and 4.19 runs no enclaves.
	 */
	good_area(c);
}
