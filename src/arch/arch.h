/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The architecture operations table: everything the kernel model, the
 * commands and the walker ask of an architecture, one table per
 * architecture (src/arch/x86_64/ops.c, src/arch/arm64/ops.c).  The kernel
 * picks its table from the vmlinux's ELF machine when it opens
 * (pfw_arch_for_machine); nothing else tests which architecture it is.  A
 * third architecture adds a folder and a table here.
 */
#ifndef PFWHY_ARCH_INTERNAL_H
#define PFWHY_ARCH_INTERNAL_H

#include <pfwhy/arm64.h>
#include <pfwhy/pgtable.h>
#include <pfwhy/walker.h>
#include <pfwhy/x86_64.h>

struct pfw_kernel;

/* The software-bit layout of one kernel, read once for a walk or a scan. */
union pfw_arch_layout {
	struct pfw_x86_layout x86;
	struct pfw_arm64_layout arm64;
};

/*
 * The shape of the tables: the level the walk starts at, each level's
 * shift, and the level below each (a folded level is skipped: its entry is
 * the one above, as p4d_offset() returns the pgd entry).
 */
struct pfw_pt_geometry {
	enum pfw_pt_level top;
	int shift[PFW_NR_LEVELS];
	enum pfw_pt_level next[PFW_NR_LEVELS];
};
struct fault_ctx;

struct pfw_arch_ops {
	const char *name;		/* as `info` prints it: the kernel's ARCH */
	enum pfw_arch_id id;
	int elf_machine;		/* EM_* of its vmlinux and its ELF cores */
	const char *elf_machine_name;	/* the name libaddrxlat knows it by */
	/* VMCOREINFO and symbols: direct map, vmemmap, paging levels, ... */
	struct pfw_error *(*read_layout)(struct pfw_kernel *k);
	/* The root of the kernel's own page tables, as VMCOREINFO names it. */
	const char *kernel_pgd_symbol;
	/* pgd_offset .. pte_offset: stop where the kernel's walk stops */
	struct pfw_error *(*walk)(struct pfw_kernel *k, uint64_t pgd, uint64_t addr,
				  struct pfw_walk *w);
	void (*geometry)(const struct pfw_kernel *k, struct pfw_pt_geometry *g);
	/* the kernel's software bits and swap types (k NULL: the default era) */
	void (*layout)(struct pfw_kernel *k, union pfw_arch_layout *l);
	/* every bit of an entry into the kernel's predicates */
	void (*decode)(const union pfw_arch_layout *l, enum pfw_pt_level level, uint64_t v,
		       struct pfw_entry *e);
	/*
	 * By level, the frame bits of a present leaf: two such entries that
	 * differ only there decode alike but for the pfn, the bits' own
	 * difference (src/arch/scan.c decodes a run of them once; 0: none).
	 */
	const uint64_t *present_frame_mask;
	void (*flag_names)(const struct pfw_entry *e, char *buf, size_t size);
	/* __va / __pa of the linear map */
	uint64_t (*phys_to_virt)(struct pfw_kernel *k, uint64_t phys);
	/* __pa_symbol(): a kernel-image address's physical address */
	uint64_t (*pa_symbol)(const struct pfw_kernel *k, uint64_t va);
	bool (*virt_to_phys_direct)(struct pfw_kernel *k, uint64_t virt, uint64_t *phys);
	/* an address the MMU can translate at all (x86 canonical, arm64 TTBR0/TTBR1 range) */
	bool (*address_valid)(const struct pfw_kernel *k, uint64_t addr);
	uint64_t (*task_size)(const struct pfw_kernel *k);
	/* The swap types' pfn width (MAX_PHYSMEM_BITS - PAGE_SHIFT). */
	int (*swp_pfn_bits)(const struct pfw_kernel *k);
	/* The era of the architecture's fault path, from symbols and DWARF (c->f). */
	void (*features)(struct fault_ctx *c);
	/* The pgd the MMU walks for c->address: the task's, or the kernel's. */
	struct pfw_error *(*fault_pgd)(struct fault_ctx *c, uint64_t *pgd);
	/*
	 * Can the MMU do the access with the entries as they are (no fault)?
	 * Else the exception's syndrome: x86's error code, arm64's ESR.
	 */
	bool (*hardware_access_ok)(struct fault_ctx *c, uint32_t *error_code);
	const char *error_code_name;	/* "error_code", "ESR" */
	const char *ip_name;		/* "RIP", "pc" */
	const char *syndrome_option;	/* "error-code", "esr": why's option for it */
	struct pfw_error *(*syndrome_access)(uint64_t code, enum pfw_access *access,
					     bool *kernel_mode);
	void (*syndrome_describe)(uint64_t code, char *buf, size_t size);	/* NULL: nothing */
	/*
	 * The architecture's fault entry (x86 exc_page_fault, arm64
	 * do_mem_abort): one pass of the replay, from the exception on.
	 */
	void (*fault)(struct fault_ctx *c);
	/* An address address_valid() refuses: what the CPU raises instead. */
	void (*bad_address)(struct fault_ctx *c);
	/* What a uaccess routine has that plain kernel code lacks, besides its extable entries. */
	const char *uaccess_state;	/* "EFLAGS.AC set", "PSTATE.PAN clear" */
	const char *plain_state;	/* "EFLAGS.AC clear", "PSTATE.PAN set" */
	/* EX_TYPE_* names by number (the era's asm/extable_fixup_types.h, asm-extable.h) */
	const char *const *ex_type_names;
	unsigned int nr_ex_types;
};

extern const struct pfw_arch_ops pfw_arch_x86_64;
extern const struct pfw_arch_ops pfw_arch_arm64;

/*
 * From the top table (physical) down, by the kernel's geometry, each entry
 * decoded, stopping where the kernel's walk stops: each walk's loop.
 */
struct pfw_error *pfw_walk_levels(struct pfw_kernel *k, uint64_t table, uint64_t addr,
				  struct pfw_walk *w);

/* The table for a vmlinux's ELF machine, or NULL. */
/*
 * e, a present leaf decoded at level, as decoding v leaves it when v differs
 * from e->value only in the frame bits; false (e unchanged) otherwise.
 */
bool pfw_arch_reframe(const struct pfw_arch_ops *ops, enum pfw_pt_level level, struct pfw_entry *e,
		      uint64_t v);
const struct pfw_arch_ops *pfw_arch_for_machine(int elf_machine);
const struct pfw_arch_ops *pfw_arch_by_id(enum pfw_arch_id id);

#endif
