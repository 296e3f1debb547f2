/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The dumped kernel: memory plus the vmlinux that describes it.  Tasks, mms,
 * VMAs and pages are read through the DWARF of that vmlinux.
 */
#ifndef PFWHY_KERNEL_H
#define PFWHY_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pfwhy/error.h>
#include <pfwhy/memory.h>

struct pfw_kernel;
struct pfw_debuginfo;

/* Open DUMP (a vmcore or /proc/kcore) with VMLINUX, or find the vmlinux. */
struct pfw_error *pfw_kernel_open(const char *dump, const char *vmlinux,
				  struct pfw_kernel **ret);
/* Open over any memory back end (crash's readmem, a synthetic image). */
struct pfw_error *pfw_kernel_open_memory(struct pfw_memory *mem, const char *vmlinux,
					 struct pfw_kernel **ret);
void pfw_kernel_close(struct pfw_kernel *k);

struct pfw_memory *pfw_kernel_memory(struct pfw_kernel *k);
struct pfw_debuginfo *pfw_kernel_debuginfo(struct pfw_kernel *k);

struct pfw_kernel_info {
	const char *release;		/* OSRELEASE */
	const char *version;		/* UTS version string */
	const char *machine;
	const char *dump_format;
	const char *vmlinux;
	int paging_levels;
	bool pti;
	uint64_t kaslr_offset;
	uint64_t phys_base;
	uint64_t page_offset;
	uint64_t vmemmap_base;
	uint64_t vmalloc_base;
	uint64_t page_size;
	const char *crash_time;		/* from VMCOREINFO, may be NULL */
	const char *panic_message;	/* may be NULL */
};
struct pfw_error *pfw_kernel_get_info(struct pfw_kernel *k, struct pfw_kernel_info *info);
/* Bits 63..47 (..56 with 5-level paging) all equal: an address the MMU can translate. */
bool pfw_address_canonical(const struct pfw_kernel *k, uint64_t addr);

/*
 * A kernel address for printing: "0xADDR (symbol+0xOFF/0xSIZE)", or the bare
 * hex where no symbol covers it.  Every kernel address pfwhy prints uses it.
 */
struct pfw_ksym {
	char s[200];
};
struct pfw_ksym pfw_ksym(struct pfw_kernel *k, uint64_t addr);

/* Tasks */
struct pfw_task {
	uint64_t addr;		/* struct task_struct * */
	int pid, tgid, ppid;
	char comm[16];
	char state;		/* R S D T t X Z P I, as /proc/PID/stat */
	uint64_t mm;
	uint64_t rss_pages;	/* /proc/PID/status VmRSS, in pages */
	uint64_t swap_pages;	/* VmSwap */
};

typedef struct pfw_error *pfw_task_fn(struct pfw_kernel *k, const struct pfw_task *task,
				      void *arg);
/* Every thread of every process, in the order of the kernel's task list. */
struct pfw_error *pfw_for_each_task(struct pfw_kernel *k, pfw_task_fn *fn, void *arg);
struct pfw_error *pfw_find_task(struct pfw_kernel *k, int pid, struct pfw_task *ret);

/* VMAs */
struct pfw_vma {
	uint64_t addr;		/* struct vm_area_struct * */
	uint64_t start, end;
	uint64_t flags;		/* vm_flags */
	uint64_t pgoff;
	uint64_t file;		/* struct file * or 0 */
	uint64_t anon_vma;
	uint64_t vm_ops;
	unsigned int dev_major, dev_minor;
	uint64_t inode;
	char perms[5];
	char name[256];		/* as /proc/PID/maps shows it */
};

typedef struct pfw_error *pfw_vma_fn(struct pfw_kernel *k, const struct pfw_vma *vma,
				     void *arg);
/* The VMAs of mm in address order (maple tree on 6.1+, the mmap list before). */
struct pfw_error *pfw_for_each_vma(struct pfw_kernel *k, uint64_t mm, pfw_vma_fn *fn,
				   void *arg);
/* The kernel's find_vma(): the first VMA with end > addr; found=false if none. */
struct pfw_error *pfw_find_vma(struct pfw_kernel *k, uint64_t mm, uint64_t addr,
			       struct pfw_vma *ret, bool *found);
/* The [vsyscall] gate VMA /proc/PID/maps appends, if this kernel has one. */
struct pfw_error *pfw_gate_vma(struct pfw_kernel *k, uint64_t mm, struct pfw_vma *ret,
			       bool *found);
/* vm_flags bits as names, "read write mayread ..." into buf. */
void pfw_vm_flags_names(struct pfw_kernel *k, uint64_t flags, char *buf, size_t size);
/* vm_flags as the VmFlags line of /proc/PID/smaps: two letters and a space each. */
void pfw_vm_flags_mnemonics(struct pfw_kernel *k, uint64_t flags, char *buf, size_t size);
/* Look up a VM_* flag by name ("VM_WRITE"); 0 if this kernel has none. */
uint64_t pfw_vm_flag(struct pfw_kernel *k, const char *name);

#endif
