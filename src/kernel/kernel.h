/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The kernel model's internals, shared by src/kernel, src/arch and the walker. */
#ifndef PFWHY_KERNEL_INTERNAL_H
#define PFWHY_KERNEL_INTERNAL_H

#include <pfwhy/kernel.h>

#include "debuginfo/debuginfo.h"
#include "module.h"

/* Upper bound of every list or tree walk: a cycle in a dump ends here. */
#define PFW_MAX_TASKS		(1 << 20)
#define PFW_MAX_CPUS		8192	/* CONFIG_NR_CPUS_RANGE_END of x86_64 (MAXSMP) */
#define PFW_MAX_VMAS		(1 << 20)
#define PFW_MAX_TREE_DEPTH	32

struct pfw_arch_ops;

struct pfw_kernel {
	const struct pfw_arch_ops *arch;	/* src/arch/arch.h: from the vmlinux's machine */
	struct pfw_memory *mem;
	struct pfw_debuginfo *dbi;
	bool own_mem;
	uint64_t kaslr_offset;
	uint64_t phys_base;
	uint64_t page_offset;
	uint64_t vmemmap_base;
	uint64_t vmalloc_base;
	/* PFW_BASE_* of the bases that could not be read (their fields are 0) */
	unsigned int unknown_bases;
	struct pfw_error *bases_error;	/* why the first of them could not */
	int paging_levels;
	bool pti;
	/* arm64 (src/arch/arm64/layout.c), from VMCOREINFO */
	struct {
		int va_bits;			/* NUMBER(VA_BITS) */
		uint64_t kimage_voffset;	/* NUMBER(kimage_voffset): __pa_symbol */
		uint64_t phys_offset;		/* NUMBER(PHYS_OFFSET): memstart_addr */
		int t1sz;			/* NUMBER(TCR_EL1_T1SZ), 0 if absent */
		uint64_t swapper_pg_dir;	/* init_mm's pgd, a kernel virtual address */
	} arm64;
	char *release;
	char *version;
	char *panic_message;
	bool panic_scanned;
	uint64_t page_struct_size;
	/* layout features, detected once from DWARF */
	bool has_maple_tree;		/* 6.1: mm->mm_mt replaced mm->mmap */
	bool has_task_state_underscored;	/* 5.14: task_struct.__state */
	signed char rss_sum;		/* task_mem() sums per-CPU rss_stat: 1 yes, -1 no, 0 not asked */
	struct pfw_module_cache modules;	/* read on first use */
	/*
	 * The VMAs of the mm last walked whole, from a dump (mem->frozen,
	 * src/kernel/vma.c): a second walk would read the same.
	 */
	struct pfw_vma_cache {
		uint64_t mm;		/* 0: none kept */
		struct pfw_vma *v;
		size_t n;
	} vmas;
	/*
	 * The fault walker's features of this kernel (walker/replay.c,
	 * init_features()), kept from the first replay on a dump.
	 */
	struct pfw_fault_era *fault_era;
	/*
	 * The THP and shmem sysfs settings (huge_mm.c, pfw_thp_settings()),
	 * read once from a dump; a live kernel's are read on each call.
	 */
	struct pfw_thp_settings {
		bool kept;		/* read from frozen memory: still valid */
		/* 6.8+ huge_anon_orders_{always,madvise,inherit}; false before */
		bool anon_orders;
		uint64_t anon_always, anon_madvise, anon_inherit;
		/* 6.11+ huge_shmem_orders_{always,within_size,madvise,inherit} (0 unread) */
		bool shmem_orders;
		uint64_t shmem_always, shmem_within_size, shmem_madvise, shmem_inherit;
		bool shmem_huge_ok;	/* the shmem_huge knob could be read */
		int32_t shmem_huge;
		/* &shmem_anon_vm_ops and &secretmem_aops, 0 when the kernel has none */
		uint64_t shmem_anon_vm_ops, secretmem_aops;
		bool fs_dax;		/* CONFIG_FS_DAX: fs/dax.c's dax_iomap_rw */
	} thp;
	/*
	 * Test hooks, set only by tests/unit: replay another kernel era or
	 * Kconfig over the one vmlinux a test has.  pfw_kernel_open*() leave
	 * them zero, which means "detect from the dump", so real dumps never
	 * see them.
	 */
	struct {
		enum pfw_test_wp_rule {
			PFW_TEST_WP_DETECT,
			PFW_TEST_WP_REUSE_SWAP_PAGE,	/* 4.19, 5.4 */
			PFW_TEST_WP_PAGE_COUNT,		/* 5.10 to 5.18 */
			PFW_TEST_WP_ANON_EXCLUSIVE,	/* 5.19+ */
		} wp_rule;
		bool memory_failure;	/* as if CONFIG_MEMORY_FAILURE: a hwpoison swap type */
		bool device_private;	/* as if CONFIG_DEVICE_PRIVATE: device swap types */
	} test;
};

/*
 * The release as major * 1000 + minor (6.1 -> 6001), for the #define tables
 * that DWARF cannot answer; from VMCOREINFO's OSRELEASE, checked against the
 * vmlinux's banner when the kernel is opened.
 */
int pfw_kernel_version(const struct pfw_kernel *k);

/* A symbol's run-time address (link address plus the KASLR offset). */
struct pfw_error *pfw_kernel_symbol(struct pfw_kernel *k, const char *name, uint64_t *addr);

/*
 * Read struct_name's member (a dotted path) of the object at addr, zero
 * extended to 64 bits.  Members of 1, 2, 4 or 8 bytes and bitfields.
 */
struct pfw_error *pfw_read_member(struct pfw_kernel *k, uint64_t addr,
				  const char *struct_name, const char *path, uint64_t *val);
/*
 * The member m (a scalar of 1 to 8 bytes, or a bitfield wherever the DWARF
 * placed it) of the object at addr, zero extended: the one place a bitfield
 * is shifted out of its storage.
 */
struct pfw_error *pfw_read_field(struct pfw_kernel *k, uint64_t addr,
				 const struct pfw_member *m, uint64_t *val);
/* The address of a member of the object at addr. */
struct pfw_error *pfw_member_address(struct pfw_kernel *k, uint64_t addr,
				     const char *struct_name, const char *path,
				     uint64_t *ret);
struct pfw_error *pfw_read_kv(struct pfw_kernel *k, uint64_t addr, void *buf, size_t len);
struct pfw_error *pfw_read_kv_u64(struct pfw_kernel *k, uint64_t addr, uint64_t *val);
/* a u64 kernel variable by its symbol; false when the symbol or its page is missing */
bool pfw_read_symbol_u64(struct pfw_kernel *k, const char *name, uint64_t *val);
/* the same, 0 where the dump cannot give it */
uint64_t pfw_symbol_value(struct pfw_kernel *k, const char *name);
/* A NUL-terminated string of at most size-1 bytes. */
struct pfw_error *pfw_read_string(struct pfw_kernel *k, uint64_t addr, char *buf, size_t size);

#define PFW_BASE_PAGE_OFFSET	1U
#define PFW_BASE_VMEMMAP	2U
#define PFW_BASE_VMALLOC	4U
/* An error saying why base (one PFW_BASE_*) is unknown, or NULL when it was read. */
struct pfw_error *pfw_kernel_base_known(struct pfw_kernel *k, unsigned int base);
/* The struct task_struct at addr. */
struct pfw_error *pfw_read_task(struct pfw_kernel *k, uint64_t addr, struct pfw_task *t);

/* VMCOREINFO values: SYMBOL()s and OFFSET()s are hex, NUMBER()s decimal. */
bool pfw_vmcoreinfo_hex(struct pfw_memory *mem, const char *key, uint64_t *val);
bool pfw_vmcoreinfo_dec(struct pfw_memory *mem, const char *key, int64_t *val);

/* __pa_symbol(): the physical address of a kernel-image address. */
uint64_t pfw_pa_symbol(const struct pfw_kernel *k, uint64_t va);
/* init_mm's pgd (init_top_pgt, swapper_pg_dir) as a direct-map address, for pfw_walk_tables(). */
struct pfw_error *pfw_kernel_pgd(struct pfw_kernel *k, uint64_t *pgd);

/*
 * An excluded read of kernel address addr: when its page is kernel data the
 * dump level keeps (a slab page, a page table), err replaced by one saying
 * that the filter misread this kernel (filtered.c).  Returns err otherwise.
 */
struct pfw_error *pfw_explain_excluded(struct pfw_kernel *k, uint64_t addr,
				       struct pfw_error *err);

/* Kernel virtual address of the direct map for a physical address, and back. */
uint64_t pfw_phys_to_virt(struct pfw_kernel *k, uint64_t phys);
bool pfw_virt_to_phys_direct(struct pfw_kernel *k, uint64_t virt, uint64_t *phys);

/* huge_mm.c: include/linux/huge_mm.h's THP settings, as the dump holds them */
/* transparent_hugepage_flags; false without CONFIG_TRANSPARENT_HUGEPAGE */
bool pfw_thp_flags(struct pfw_kernel *k, uint64_t *flags);
/* Is the transparent_hugepage_flag enumerator's bit set in flags? */
bool pfw_thp_flag(struct pfw_kernel *k, uint64_t flags, const char *enumerator);
/* the THP and shmem settings of k->thp, read for this call or kept from a dump's first */
const struct pfw_thp_settings *pfw_thp_settings(struct pfw_kernel *k);
/* 6.8+: the mTHP orders sysfs enables for an anonymous VMA; false before 6.8 */
bool pfw_thp_anon_orders(struct pfw_kernel *k, uint64_t vm_flags, uint64_t *mask);
/* thp_vma_suitable_order(): a folio of this order at addr fits in the VMA */
bool pfw_thp_vma_suitable_order(const struct pfw_vma *v, uint64_t addr, int order);
/* vma_is_temporary_stack(): a stack exec() is still setting up */
bool pfw_vma_is_temporary_stack(struct pfw_kernel *k, uint64_t vm_flags);

#endif
