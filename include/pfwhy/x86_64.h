/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64 page-table entries: decoding every bit of every level, swap entries
 * with the L1TF inversion, and the walk from an mm's PGD.  Decoding needs no
 * dump (`pfwhy flags`); the per-version layout says which software bits mean
 * what in the dump's kernel.
 */
#ifndef PFWHY_X86_64_H
#define PFWHY_X86_64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pfwhy/error.h>

struct pfw_kernel;

enum pfw_pt_level { PFW_PGD, PFW_P4D, PFW_PUD, PFW_PMD, PFW_PTE, PFW_NR_LEVELS };

/* Which software bits and swap types a kernel uses (arch/x86/include/asm/pgtable_types.h). */
struct pfw_x86_layout {
	int devmap_bit;			/* 58 until 6.5, 57 6.6+, -1 when gone */
	int saved_dirty_bit;		/* 58 in 6.6+, else -1 */
	bool swp_exclusive;		/* 5.19+: bit 3 of a swap pte */
	bool swp_uffd_wp;		/* 5.7+: bit 2 of a swap pte */
	bool pkeys;
	/* special swap types (include/linux/swap.h), -1 if not built */
	int max_swapfiles;
	int swp_hwpoison;
	int swp_migration_read, swp_migration_read_excl, swp_migration_write;
	int swp_device_write, swp_device_read, swp_device_excl_write, swp_device_excl_read;
	int swp_pte_marker, swp_swapin_error;
	int swp_pfn_bits;		/* 6.1+ migration entries keep A/D above the PFN */
};

/* The 6.1 layout with every option on: what `flags` uses without a dump. */
void pfw_x86_layout_default(struct pfw_x86_layout *l);

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
	bool huge;		/* PSE leaf at PUD or PMD */
	uint64_t pfn;		/* present, protnone (un-inverted), migration, hwpoison, table */
	unsigned int swap_type;
	uint64_t swap_offset;
	uint64_t marker;	/* PTE marker bits */
	bool write, user, accessed, dirty, global, special, uffd_wp, soft_dirty;
	bool saved_dirty;	/* 6.6+ x86 leaf: _PAGE_SAVED_DIRTY, the dirty bit of a read-only pte */
	bool devmap, exclusive, nx, pwt, pcd, pat;
	unsigned int pkey;
	bool migration_write;	/* a writable migration entry */
};

void pfw_x86_decode(const struct pfw_x86_layout *l, enum pfw_pt_level level, uint64_t value,
		    struct pfw_entry *e);
const char *pfw_entry_state_name(enum pfw_entry_state s);
const char *pfw_level_name(enum pfw_pt_level level);
/* The set bits as words: "present write user accessed dirty nx". */
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
struct pfw_error *pfw_x86_walk(struct pfw_kernel *k, uint64_t pgd, uint64_t addr,
			       struct pfw_walk *w);
/* The pfn of the 4 KiB page holding addr under a leaf entry: a huge entry maps many. */
uint64_t pfw_entry_pfn_at(const struct pfw_entry *leaf, uint64_t addr);
/* The last entry the walk read (the leaf, or the none entry), or NULL. */
const struct pfw_entry *pfw_walk_leaf(const struct pfw_walk *w);
void pfw_kernel_x86_layout(struct pfw_kernel *k, struct pfw_x86_layout *l);

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
struct pfw_error *pfw_x86_scan(struct pfw_kernel *k, uint64_t pgd, uint64_t start, uint64_t end,
			       pfw_scan_fn *fn, void *arg, struct pfw_scan_stats *stats);

#endif
