// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm/mmap.c and mm/memory.c pieces every architecture's fault handler
 * calls: find_vma() and the checks before "good_area:", expand_stack(),
 * mm_account_fault().  Moved from src/walker/fault.c (now
 * src/arch/x86_64/fault.c) without change.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "walker.h"

/*
 * 6.5 (and the 6.1.y/6.4.y backports) look the VMA up and grow the stack in
 * lock_mm_and_find_vma() -> expand_stack_locked(); before, find_vma() and
 * expand_stack() under mmap_read_lock.  The checks are the same.
 */
const char *find_vma_fn(struct fault_ctx *c)
{
	return c->f.lock_mm_and_find_vma ? "lock_mm_and_find_vma" : "find_vma";
}

const char *expand_stack_fn(struct fault_ctx *c)
{
	return c->f.lock_mm_and_find_vma ? "expand_stack_locked" : "expand_stack";
}

struct prev_vma_arg {
	uint64_t below;
	struct pfw_vma prev;
	bool found;
};

static struct pfw_error *keep_prev(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	struct prev_vma_arg *a = arg;

	if (v->end <= a->below) {
		a->prev = *v;
		a->found = true;
	}
	return NULL;
}

bool read_kernel_ulong(struct fault_ctx *c, const char *sym, uint64_t *val)
{
	uint64_t addr;

	return pfw_ok(pfw_kernel_symbol(c->k, sym, &addr)) && pfw_ok(pfw_read_kv_u64(c->k, addr, val));
}

/* expand_stack() -> expand_downwards() (mm/mmap.c, 6.1); false = -ENOMEM/-EPERM */
bool expand_stack(struct fault_ctx *c)
{
	struct prev_vma_arg a = { .below = c->vma.start };
	uint64_t addr = c->address & ~0xfffULL, min_addr = 0, gap = 256 * 4096, rlim = ~0ULL;
	uint64_t signal, rlim_addr, size, grow;
	struct pfw_error *err;

	/* expand_stack_locked() (6.5+) / expand_stack(): a VM_GROWSDOWN VMA calls expand_downwards() on x86 and arm64 */
	fault_step(c, expand_stack_fn(c), "vma->vm_flags & VM_GROWSDOWN", "expand_downwards(vma, address)",
		   "VMA 0x%llx-0x%llx", (unsigned long long)c->vma.start, (unsigned long long)c->vma.end);
	read_kernel_ulong(c, "mmap_min_addr", &min_addr);
	if (addr < min_addr) {
		fault_step(c, "expand_downwards", "address < mmap_min_addr", "-EPERM",
			   "address 0x%llx, mmap_min_addr 0x%llx", (unsigned long long)addr,
			   (unsigned long long)min_addr);
		return false;
	}
	read_kernel_ulong(c, "stack_guard_gap", &gap);
	err = pfw_for_each_vma(c->k, c->mm, keep_prev, &a);
	pfw_error_destroy(err);
	if (a.found && !(a.prev.flags & pfw_vm_flag(c->k, "VM_GROWSDOWN")) &&
	    (a.prev.flags & (pfw_vm_flag(c->k, "VM_READ") | pfw_vm_flag(c->k, "VM_WRITE") |
			     pfw_vm_flag(c->k, "VM_EXEC"))) &&
	    addr - a.prev.end < gap) {
		fault_step(c, "expand_downwards", "address - prev->vm_end < stack_guard_gap", "-ENOMEM",
			   "prev VMA ends at 0x%llx, gap 0x%llx < stack_guard_gap 0x%llx",
			   (unsigned long long)a.prev.end, (unsigned long long)(addr - a.prev.end),
			   (unsigned long long)gap);
		fault_todo(c, "0x%llx is in the stack guard gap: the stack may not grow within stack_guard_gap (0x%llx) of the mapping ending at 0x%llx; use less stack or map that mapping lower",
			   (unsigned long long)c->address, (unsigned long long)gap,
			   (unsigned long long)a.prev.end);
		return false;
	}
	size = c->vma.end - addr;
	grow = (c->vma.start - addr) >> 12;
	if (grow > c->vma.pgoff) {
		fault_step(c, "expand_downwards", "grow <= vma->vm_pgoff", "-ENOMEM",
			   "grow %llu pages, vm_pgoff %llu", (unsigned long long)grow,
			   (unsigned long long)c->vma.pgoff);
		return false;
	}
	/* acct_stack_growth(): RLIMIT_STACK = rlim[3] */
	if (pfw_ok(pfw_read_member(c->k, c->task.addr, "task_struct", "signal", &signal)) &&
	    pfw_ok(pfw_member_address(c->k, signal, "signal_struct", "rlim", &rlim_addr)))
		pfw_ignore(pfw_read_kv_u64(c->k, rlim_addr + 3 * 16, &rlim));
	if (size > rlim) {
		fault_step(c, "acct_stack_growth", "size > rlimit(RLIMIT_STACK)", "-ENOMEM",
			   "new size 0x%llx, RLIMIT_STACK 0x%llx", (unsigned long long)size,
			   (unsigned long long)rlim);
		fault_todo(c, "the stack would grow to 0x%llx bytes, past RLIMIT_STACK 0x%llx: raise the limit (ulimit -s) or use less stack (deep recursion, large locals?)",
			   (unsigned long long)size, (unsigned long long)rlim);
		return false;
	}
	fault_step(c, "expand_downwards", "guard gap, vm_pgoff and RLIMIT_STACK allow growth", "0",
		   "VMA 0x%llx-0x%llx grows down to 0x%llx; RLIMIT_STACK 0x%llx (RLIMIT_AS and overcommit assumed OK)",
		   (unsigned long long)c->vma.start, (unsigned long long)c->vma.end,
		   (unsigned long long)addr, (unsigned long long)rlim);
	fault_step(c, expand_stack_fn(c), "expand_downwards(vma, address) == 0", "stack grows",
		   "VMA now starts at 0x%llx", (unsigned long long)addr);
	c->vma.start = addr;
	c->stack_expanded = true;
	return true;
}

/*
 * find_vma() and the two checks before "good_area:", in the order 4.19's
 * __do_page_fault() and the 5.x/6.x lookups both make them; each caller
 * takes its era's branch for the answer.
 */
enum vma_found fault_find_vma(struct fault_ctx *c, const char *fn, const char *grow_outcome)
{
	struct pfw_error *err;
	bool found;

	err = pfw_find_vma(c->k, c->mm, c->address, &c->vma, &found);
	if (err) {
		fault_undecidable(c, "cannot read the VMA tree or list: %s", err->message);
		pfw_error_destroy(err);
		return VMA_ERROR;
	}
	c->has_vma = found;
	if (!found) {
		fault_step(c, fn, "a VMA with vm_end > address?", "none",
			   "no VMA at or above 0x%llx", (unsigned long long)c->address);
		return VMA_NONE;
	}
	if (c->vma.start <= c->address) {
		fault_step(c, fn, "vma->vm_start <= address", "good_area",
			   "VMA 0x%llx-0x%llx %s %s", (unsigned long long)c->vma.start,
			   (unsigned long long)c->vma.end, c->vma.perms, c->vma.name);
		return VMA_COVERS;
	}
	if (!vm_flag(c, "VM_GROWSDOWN")) {
		fault_step(c, fn, "address below the next VMA, which is not VM_GROWSDOWN", "bad_area",
			   "next VMA 0x%llx-0x%llx %s %s", (unsigned long long)c->vma.start,
			   (unsigned long long)c->vma.end, c->vma.perms, c->vma.name);
		return VMA_HOLE;
	}
	fault_step(c, fn, "address below a VM_GROWSDOWN VMA", grow_outcome,
		   "stack VMA 0x%llx-0x%llx", (unsigned long long)c->vma.start,
		   (unsigned long long)c->vma.end);
	return VMA_BELOW_STACK;
}

/*
 * mm_account_fault() (mm/memory.c, 5.9+): a fault is major when the final,
 * successful attempt returned VM_FAULT_MAJOR or when it is a retry
 * (FAULT_FLAG_TRIED) of one that returned VM_FAULT_RETRY.  Errors and the
 * incomplete first attempt are not counted.
 */
void mm_account_fault(struct fault_ctx *c, unsigned int fault)
{
	bool retried = fault & VM_FAULT_RETRY;

	if (c->major_unknown[0]) {
		fault_step(c, "mm_account_fault", "(ret & VM_FAULT_MAJOR) || (flags & FAULT_FLAG_TRIED)",
			   "major or minor", "%s", c->major_unknown);
		return;
	}
	if (retried)
		c->flags |= FAULT_FLAG_TRIED;
	c->res->has_major = true;
	c->res->major = (fault & VM_FAULT_MAJOR) || (c->flags & FAULT_FLAG_TRIED);
	fault_step(c, "mm_account_fault", "(ret & VM_FAULT_MAJOR) || (flags & FAULT_FLAG_TRIED)",
		   c->res->major ? "maj_flt++" : "min_flt++", "%s",
		   retried ? "VM_FAULT_RETRY: counted when the retry (FAULT_FLAG_TRIED) completes" :
		   fault & VM_FAULT_MAJOR ? "VM_FAULT_MAJOR: the page had to be read in" :
		   "handled without I/O or retry");
}

