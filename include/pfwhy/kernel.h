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
	bool truncated;			/* the dump file was cut short ... */
	uint64_t truncated_at;		/* ... at this offset */
	const char *vmlinux;
	int paging_levels;
	bool pti;
	int va_bits;			/* arm64: VA_BITS */
	uint64_t kimage_voffset;	/* arm64 */
	uint64_t phys_offset;		/* arm64: PHYS_OFFSET */
	uint64_t task_size;
	uint64_t kaslr_offset;
	uint64_t phys_base;
	uint64_t page_offset;
	uint64_t vmemmap_base;
	uint64_t vmalloc_base;
	unsigned int unknown_bases;	/* bits 1, 2, 4: page_offset, vmemmap, vmalloc not read */
	const char *bases_error;	/* why not */
	uint64_t page_size;
	bool has_crash_time;
	int64_t crash_time;		/* seconds since the epoch */
	const char *crash_time_source;
	const char *panic_message;	/* "Fatal exception"; NULL without a panic */
	int dump_level;			/* makedumpfile -d; -1 unknown */
	bool partial;			/* filtered: pages were left out (crash's [PARTIAL DUMP]) */
};
struct pfw_error *pfw_kernel_get_info(struct pfw_kernel *k, struct pfw_kernel_info *info);
/*
 * An address the MMU can translate at all: x86_64 canonical (bits 63..47,
 * ..56 with 5-level paging, all equal); on arm64 every address (FAR is
 * what it is; an address outside TTBR0's and TTBR1's ranges faults).
 */
bool pfw_address_canonical(const struct pfw_kernel *k, uint64_t addr);
/* The architecture, as the kernel's ARCH names it: "x86_64", "arm64". */
const char *pfw_kernel_arch_name(const struct pfw_kernel *k);
/* TASK_SIZE of a 64-bit task: user addresses lie below it. */
uint64_t pfw_task_size(const struct pfw_kernel *k);
/*
 * Have the read-ahead thread pf (pfw_prefetch_start()) read what a scan of
 * [start, end) of mm's page tables reads (src/kernel/scan_ahead.c): the
 * table pages and, with struct_pages, the struct page of every page mapped.
 * pf NULL, or mm's pgd unreadable: no read-ahead, no change.
 */
void pfw_scan_ahead(struct pfw_prefetch *pf, struct pfw_kernel *k, uint64_t mm, uint64_t start,
		    uint64_t end, bool struct_pages);

/*
 * A kernel address for printing, the symbol part as the kernel's %pS gives
 * it (an oops's RIP: line).  Every kernel address pfwhy prints uses it.
 */
struct pfw_ksym {
	char s[240];		/* "0xADDR (symbol+0xOFF/0xSIZE)", or "0xADDR" */
	char sym[200];		/* "symbol+0xOFF/0xSIZE", or "" where no symbol covers it */
};
struct pfw_ksym pfw_ksym(struct pfw_kernel *k, uint64_t addr);
/* The same without the symbol: "0xADDR" */
struct pfw_ksym pfw_ksym_plain(uint64_t addr);

/* panic()'s message, the last in the log; NULL when the log holds none. */
const char *pfw_kernel_panic_message(struct pfw_kernel *k);
bool pfw_kernel_crash_time(struct pfw_kernel *k, int64_t *secs, const char **source);

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
/* The task running on panic_cpu when the dump was taken at a panic; found=false otherwise. */
struct pfw_error *pfw_kernel_panic_task(struct pfw_kernel *k, struct pfw_task *t, bool *found);

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
/* The same without their names (no d_path and friends: an unnamed VMA's name is ""). */
struct pfw_error *pfw_for_each_vma_unnamed(struct pfw_kernel *k, uint64_t mm, pfw_vma_fn *fn,
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

/* Loaded modules (none without CONFIG_MODULES) */
#define PFW_MODULE_MAX_REGIONS 8
struct pfw_module_region {
	uint64_t base, size;
	bool init;		/* freed when the module's init returns */
};

struct pfw_module {
	uint64_t addr;		/* struct module * */
	char name[64];
	uint64_t base, size;	/* core memory (6.4+: the MOD_TEXT region) */
	uint64_t text_start, text_end;
	uint64_t init_base, init_size, init_text_end;
	uint64_t extable;	/* struct exception_table_entry *, num_exentries of them */
	unsigned int num_exentries;
	bool unformed;		/* MODULE_STATE_UNFORMED: not yet (or no longer) listed by kallsyms */
	int nregions;
	struct pfw_module_region regions[PFW_MODULE_MAX_REGIONS];
};

typedef struct pfw_error *pfw_module_fn(struct pfw_kernel *k, const struct pfw_module *mod,
					void *arg);
/* Does this kernel have modules at all (CONFIG_MODULES: a `modules` list)? */
bool pfw_kernel_has_modules(struct pfw_kernel *k);
/* The `modules` list, newest first (as /proc/modules). */
struct pfw_error *pfw_for_each_module(struct pfw_kernel *k, pfw_module_fn *fn, void *arg);
/* __module_address(): the module whose memory holds addr, or NULL. */
const struct pfw_module *pfw_module_at(struct pfw_kernel *k, uint64_t addr);

/*
 * Kernel addresses and symbols, both ways, over the vmlinux and the loaded
 * modules: "lkdtm_WRITE_RO+0x2e/0x3a", "foo+0x5/0x10 [mod]".
 */
struct pfw_symbol_ref {
	char name[128];
	char module[64];	/* "" for the vmlinux */
	uint64_t addr;		/* run-time address of the symbol */
	uint64_t offset, size;
};

/* Is a run-time address in the vmlinux image (_stext to _end), not a module's? */
bool pfw_kernel_in_vmlinux(struct pfw_kernel *k, uint64_t addr);
/* The symbol covering a run-time address; false when none does. */
bool pfw_kernel_symbol_at(struct pfw_kernel *k, uint64_t addr, struct pfw_symbol_ref *ret);
/* "sym+0x5/0x10 [mod]", or "0x..." when no symbol covers addr. */
void pfw_kernel_format_address(struct pfw_kernel *k, uint64_t addr, char *buf, size_t size);
void pfw_symbol_ref_format(const struct pfw_symbol_ref *s, char *buf, size_t size);
/* A symbol by name ("sym" or "sym [mod]"): the vmlinux first, then the modules. */
struct pfw_error *pfw_kernel_symbol_lookup(struct pfw_kernel *k, const char *name,
					   struct pfw_symbol_ref *ret);

/* A symbolic address as the user or the kernel wrote it: sym+off[/len] [mod], or sym. */
struct pfw_kernel_address {
	uint64_t addr;
	bool function;		/* a bare symbol: anywhere in [addr, addr + size) */
	uint64_t size;
	struct pfw_symbol_ref sym;	/* when a symbol was named */
	bool has_sym;
};
struct pfw_error *pfw_kernel_parse_address(struct pfw_kernel *k, const char *text,
					   struct pfw_kernel_address *ret);

#endif
