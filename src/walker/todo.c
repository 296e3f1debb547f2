// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The "what to do" line of a user fault the kernel answered with SIGSEGV:
 * what would have allowed the access the VMA refused, or what the pointer
 * to an unmapped address may be; and of the SIGBUS a poison or swap-in
 * error PTE marker gives.  Shared by every architecture's handler
 * (x86 access_error()/bad_area(), arm64 do_page_fault()/do_bad_area()).
 */
#include "walker/walker.h"

/* include/linux/fs.h */
#define FMODE_WRITE	0x2

/*
 * A shared file mapping gets VM_MAYWRITE only when the file was opened for
 * writing (do_mmap(): MAP_SHARED without FMODE_WRITE clears it), and
 * mprotect() cannot add VM_WRITE without VM_MAYWRITE.
 */
static bool file_opened_read_only(struct fault_ctx *c)
{
	uint64_t mode = 0;

	return c->vma.file && !vm_flag(c, "VM_SHARED") && vm_flag(c, "VM_MAYSHARE") &&
	       pfw_ok(pfw_read_member(c->k, c->vma.file, "file", "f_mode", &mode)) &&
	       !(mode & FMODE_WRITE);
}

const char *write_denied_why(struct fault_ctx *c)
{
	if (vm_flag(c, "VM_MAYWRITE"))
		return ": no VM_WRITE, but VM_MAYWRITE: mprotect(PROT_WRITE) may add write";
	if (file_opened_read_only(c))
		return ": no VM_WRITE and no VM_MAYWRITE: the file was opened read-only, so mprotect cannot add write either";
	return ": no VM_WRITE and no VM_MAYWRITE: mprotect cannot add write";
}

/* What would have allowed the access that access_error() refused. */
void access_todo(struct fault_ctx *c, bool write, bool exec)
{
	unsigned long long start = c->vma.start, len = c->vma.end - c->vma.start;
	const char *name = c->vma.name[0] ? c->vma.name : "(anonymous)";

	if (write) {
		if (vm_flag(c, "VM_MAYWRITE"))
			fault_todo(c, "to allow the write: mprotect(0x%llx, 0x%llx, PROT_READ|PROT_WRITE) on %s; or do not write there",
				   start, len, name);
		else if (file_opened_read_only(c))
			fault_todo(c, "to allow the write: open %s read-write (O_RDWR) and map it again; mprotect cannot make this mapping writable",
				   name);
		else
			fault_todo(c, "the mapping %s can never be made writable (no VM_MAYWRITE): do not write there",
				   name);
	} else if (exec) {
		if (vm_flag(c, "VM_MAYEXEC"))
			fault_todo(c, "to allow the instruction fetch: mprotect(0x%llx, 0x%llx, ...|PROT_EXEC) on %s; or do not jump there",
				   start, len, name);
		else
			fault_todo(c, "the mapping %s can never be executable (no VM_MAYEXEC: a noexec mount?): do not jump there",
				   name);
	} else {
		fault_todo(c, "to allow the read: mprotect(0x%llx, 0x%llx, PROT_READ) on %s (it is PROT_NONE, a guard or reserved range?); or fix the pointer",
			   start, len, name);
	}
}

/* Nothing mapped at the address: a NULL or stray pointer. */
void unmapped_todo(struct fault_ctx *c)
{
	uint64_t min_addr = 0;

	if (c->res->verdict != PFW_V_SEGV_MAPERR)
		return;
	read_kernel_ulong(c, "mmap_min_addr", &min_addr);
	if (c->address < min_addr)
		fault_todo(c, "a NULL pointer dereference (0x%llx is below mmap_min_addr 0x%llx): find where the pointer was left NULL",
			   (unsigned long long)c->address, (unsigned long long)min_addr);
	else
		fault_todo(c, "nothing is mapped at 0x%llx: a stray, freed (munmap) or uninitialized pointer; `vma` lists what is mapped",
			   (unsigned long long)c->address);
}

/* A user access to the kernel's half. */
void kernel_addr_todo(struct fault_ctx *c)
{
	if (c->res->verdict == PFW_V_SEGV_MAPERR)
		fault_todo(c, "0x%llx is a kernel address, which user code cannot touch: a corrupted pointer?",
			   (unsigned long long)c->address);
}

/*
 * A PTE marker that says the page's data is gone: UFFDIO_POISON (6.6+) or a
 * swap-in that failed (do_swap_page()'s swap-in error, 6.2+).
 * zap_nonpresent_ptes() (6.12) drops it (MADV_DONTNEED, munmap): the next
 * touch faults in a fresh page.
 */
void poison_marker_todo(struct fault_ctx *c)
{
	bool uffd = vm_flag(c, "VM_UFFD_MISSING") || vm_flag(c, "VM_UFFD_WP") || vm_flag(c, "VM_UFFD_MINOR");

	fault_todo(c, "the data of the page at 0x%llx is lost: %s; every access gets SIGBUS until the range is dropped (MADV_DONTNEED or munmap), after which the next touch faults in a fresh page",
		   (unsigned long long)(c->address & ~0xfffULL), uffd ?
		   "the range is registered with userfaultfd, whose handler poisoned it (UFFDIO_POISON), or its swap-in failed" :
		   "its swap-in failed (look for swap I/O errors in the kernel log), or a userfaultfd handler poisoned it (UFFDIO_POISON)");
}
