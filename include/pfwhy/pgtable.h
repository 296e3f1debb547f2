/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Page-table entries and walks, whatever the architecture: the levels,
 * an entry decoded into the kernel's predicates (pte_present, pte_write,
 * pte_dirty, ...), a walk from an mm's pgd and a scan over a range.  Each
 * architecture decodes its own bits (pfwhy/x86_64.h, pfwhy/arm64.h) behind
 * the operations table of src/arch/arch.h; these calls reach it through the
 * kernel the dump holds.
 */
#ifndef PFWHY_PGTABLE_H
#define PFWHY_PGTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pfwhy/error.h>

struct pfw_kernel;

/* The kernel's five level names; a folded level (x86 4-level p4d, arm64 39-bit pud) is skipped. */
enum pfw_pt_level { PFW_PGD, PFW_P4D, PFW_PUD, PFW_PMD, PFW_PTE, PFW_NR_LEVELS };

/* Which decoder made an entry (an index into the operations tables of src/arch/arch.c). */
enum pfw_arch_id { PFW_ARCH_X86_64, PFW_ARCH_ARM64, PFW_NR_ARCHES };

enum pfw_entry_state {
	PFW_ENTRY_NONE,
	PFW_ENTRY_PRESENT,
	PFW_ENTRY_PROTNONE,
	PFW_ENTRY_SWAP,
	PFW_ENTRY_MIGRATION,
	PFW_ENTRY_DEVICE,
	PFW_ENTRY_HWPOISON,
	PFW_ENTRY_MARKER,
	PFW_ENTRY_TABLE,	/* an upper-level entry pointing to the next table */
};

struct pfw_entry {
	uint64_t value;
	enum pfw_pt_level level;
	enum pfw_entry_state state;
	bool huge;		/* a leaf at PUD or PMD (x86 PSE, an arm64 block) */
	uint64_t pfn;		/* present, protnone (un-inverted), migration, hwpoison, table */
	unsigned int swap_type;
	uint64_t swap_offset;
	uint64_t marker;	/* PTE marker bits */
	bool write, user, accessed, dirty, global, special, uffd_wp, soft_dirty;
	bool saved_dirty;	/* 6.6+ x86 leaf: _PAGE_SAVED_DIRTY, the dirty bit of a read-only pte */
	bool devmap, exclusive, nx, pwt, pcd, pat;
	unsigned int pkey;
	bool migration_write;	/* a writable migration entry */
	enum pfw_arch_id arch;	/* whose bits value holds */
	/* arm64 only (arch/arm64/include/asm/pgtable-hwdef.h, pgtable-prot.h) */
	struct pfw_arm64_bits {
		bool valid, table, block, page, ns, af, ng, gp, dbm, cont, pxn, uxn, rdonly;
		bool prot_none;			/* PTE_PROT_NONE: valid clear, a leaf with no access */
		bool present_invalid;		/* PMD_PRESENT_INVALID: a pmd being split */
		unsigned int attrindx, ap, sh;	/* AttrIndx[2:0], AP[2:1], SH[1:0] */
		/* a table descriptor's limits on what lies below (bits 59-63) */
		bool pxn_table, uxn_table, ns_table;
		unsigned int ap_table;
		int hw_level;			/* the level the MMU calls it: 0..3 */
	} a64;
};

/*
 * The special swap types (include/linux/swap.h): counted down from
 * 1 << MAX_SWAPFILES_SHIFT, each group present only with its Kconfig option;
 * -1 for a type not built.  The same on every architecture.
 */
struct pfw_swap_layout {
	int max_swapfiles;
	int swp_hwpoison;
	int swp_migration_read, swp_migration_read_excl, swp_migration_write;
	int swp_device_write, swp_device_read, swp_device_excl_write, swp_device_excl_read;
	int swp_pte_marker, swp_swapin_error;
	int swp_pfn_bits;		/* 6.1+ migration entries keep A/D above the PFN */
};

/* 6.1.0 with DEVICE_PRIVATE, MIGRATION, MEMORY_FAILURE and PTE_MARKER. */
void pfw_swap_layout_default(struct pfw_swap_layout *l, int pfn_bits);
/* The dump's kernel's, from its symbols. */
void pfw_kernel_swap_layout(struct pfw_kernel *k, struct pfw_swap_layout *l, int pfn_bits);
/* is_*_entry() of include/linux/swapops.h: e->swap_type and swap_offset set, sets state. */
void pfw_swap_classify(const struct pfw_swap_layout *l, struct pfw_entry *e);

/* Decode an entry of the dump's kernel (k NULL: x86_64 6.1 with every option, for `flags`). */
void pfw_entry_decode(struct pfw_kernel *k, enum pfw_pt_level level, uint64_t value,
		      struct pfw_entry *e);
const char *pfw_entry_state_name(enum pfw_entry_state s);
const char *pfw_level_name(enum pfw_pt_level level);
/* The set bits as words, by the decoding architecture: "present write user accessed dirty nx". */
void pfw_entry_flag_names(const struct pfw_entry *e, char *buf, size_t size);

struct pfw_walk_step {
	enum pfw_pt_level level;
	uint64_t entry_phys;	/* physical address of the entry */
	struct pfw_entry entry;
};

struct pfw_walk {
	int nsteps;
	struct pfw_walk_step steps[PFW_NR_LEVELS];
	/* where the walk stopped: a none entry, a leaf (4K or huge), or unreadable */
	enum pfw_pt_level stop_level;
	bool excluded;		/* a page table was left out of the dump;
				 * steps[nsteps] then holds the level and entry_phys
				 * of the read that failed */
	bool truncated;		/* ... because it lies beyond the end of a truncated dump */
	uint64_t pgd_phys;
	uint64_t user_pgd_entry;	/* PTI: the user copy's top entry, if any */
	bool has_user_pgd_entry;
};

/* Walk the page tables rooted at pgd (a kernel virtual address, e.g. mm->pgd). */
struct pfw_error *pfw_walk_tables(struct pfw_kernel *k, uint64_t pgd, uint64_t addr,
				  struct pfw_walk *w);
/* The pfn of the 4 KiB page holding addr under a leaf entry: a huge entry maps many. */
uint64_t pfw_entry_pfn_at(const struct pfw_entry *leaf, uint64_t addr);
/* The last entry the walk read (the leaf, or the none entry), or NULL. */
const struct pfw_entry *pfw_walk_leaf(const struct pfw_walk *w);
/*
 * A walk over every entry of an address range, the way mm/pagewalk.c visits
 * them: one table page read per table, each entry decoded once.  The
 * callback sees each leaf (a pte, a huge PMD/PUD), each none entry (at
 * whatever level the tables end: it then covers that level's whole span,
 * clipped to the range) and each table page the dump left out.
 */
struct pfw_scan_entry {
	uint64_t addr;			/* first address covered, inside the range */
	uint64_t size;			/* bytes covered, clipped to the range */
	enum pfw_pt_level level;	/* of the entry (or of the missing table) */
	bool excluded;			/* the table at this level is not in the dump */
	/* path[PFW_PGD..level]: the entries on the way, path[level] the one met */
	const struct pfw_entry *path;
	/* the raw entries after this one in its table, for a look-ahead */
	const uint64_t *next;
	unsigned int nnext;
};

typedef struct pfw_error *pfw_scan_fn(void *arg, const struct pfw_scan_entry *e);

struct pfw_scan_stats {
	uint64_t entries;		/* page-table entries decoded */
	uint64_t tables;		/* table pages read */
};

/*
 * Scan [start, end) of the page tables rooted at pgd (a kernel virtual
 * address).  Checks pfw_check_interrupted() once a table page.
 */
struct pfw_error *pfw_scan_tables(struct pfw_kernel *k, uint64_t pgd, uint64_t start, uint64_t end,
				  pfw_scan_fn *fn, void *arg, struct pfw_scan_stats *stats);
/*
 * The same in two steps, for a scan run on another thread: set up on the
 * calling thread (the layout reads the vmlinux's DWARF), then run reading
 * through mem, touching neither k nor the debug info.  It does not check
 * pfw_check_interrupted() (the SIGINT handler's flag belongs to the
 * command's thread): its callback stops it.
 */
struct pfw_scan;
struct pfw_memory;
struct pfw_error *pfw_scan_prepare(struct pfw_kernel *k, uint64_t pgd, pfw_scan_fn *fn, void *arg,
				  struct pfw_scan **ret);
struct pfw_error *pfw_scan_run(struct pfw_scan *s, struct pfw_memory *mem, uint64_t start,
			       uint64_t end, struct pfw_scan_stats *stats);
void pfw_scan_free(struct pfw_scan *s);

#endif
