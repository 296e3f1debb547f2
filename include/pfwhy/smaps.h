/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/PID/smaps from a dump: each VMA's memory counted the way the dump's
 * kernel counts it in fs/proc/task_mmu.c (smap_gather_stats() and the
 * page-table walk behind it), from the page tables, struct pages and the
 * swap map in the dump.
 */
#ifndef PFWHY_SMAPS_H
#define PFWHY_SMAPS_H

#include <stdbool.h>
#include <stdint.h>

#include <pfwhy/error.h>
#include <pfwhy/kernel.h>
#include <pfwhy/pgtable.h>

/* The counters of struct mem_size_stats, one index each. */
enum pfw_smaps_field {
	PFW_SM_RSS, PFW_SM_PSS, PFW_SM_PSS_DIRTY, PFW_SM_PSS_ANON, PFW_SM_PSS_FILE,
	PFW_SM_PSS_SHMEM, PFW_SM_SHARED_CLEAN, PFW_SM_SHARED_DIRTY, PFW_SM_PRIVATE_CLEAN,
	PFW_SM_PRIVATE_DIRTY, PFW_SM_REFERENCED, PFW_SM_ANONYMOUS, PFW_SM_LAZYFREE,
	PFW_SM_ANON_THP, PFW_SM_SHMEM_THP, PFW_SM_FILE_THP, PFW_SM_SHARED_HUGETLB,
	PFW_SM_PRIVATE_HUGETLB, PFW_SM_SWAP, PFW_SM_SWAP_PSS, PFW_SM_LOCKED,
	PFW_SM_KSM,
	PFW_SM_NR_FIELDS
};

struct pfw_smaps {
	/* bytes; the Pss family in bytes << PSS_SHIFT (12), as the kernel keeps them */
	uint64_t v[PFW_SM_NR_FIELDS];
	/* bit per field: the dump lacks what the field needs (a filtered page) */
	uint64_t unavailable;
	char why_unavailable[160];	/* the first missing piece, for the notes */
};

struct pfw_smaps_vma {
	uint64_t kernel_page_size, mmu_page_size;	/* 0: unavailable */
	int thp_eligible;			/* hugepage_vma_check(..., smaps=true); -1 unknown */
	bool has_pkey;				/* arch_pkeys_enabled() */
	unsigned int pkey;
	char vm_flags[200];			/* the VmFlags line's body */
};

/* What the era prints: Pss_Dirty (6.0+), ProtectionKey (CPU with OSPKE). */
struct pfw_smaps_format {
	bool pss_dirty;
	bool pss_split;			/* Pss_Anon/File/Shmem in smaps_rollup (5.1+) */
	bool ksm;			/* the KSM: line (mem_size_stats.ksm) */
	int thp_eligible_width;		/* THPeligible's %8u (6.6+), 0 for %d */
};

struct pfw_smaps_ctx;

struct pfw_error *pfw_smaps_open(struct pfw_kernel *k, uint64_t mm, struct pfw_smaps_ctx **ret);
void pfw_smaps_close(struct pfw_smaps_ctx *c);
void pfw_smaps_format(struct pfw_smaps_ctx *c, struct pfw_smaps_format *f);
/* smap_gather_stats(vma, mss, 0): add this VMA's counts to mss. */
struct pfw_error *pfw_smaps_gather(struct pfw_smaps_ctx *c, const struct pfw_vma *vma,
				   struct pfw_smaps *mss);
/* show_smap()'s per-VMA lines: page sizes, THPeligible, ProtectionKey, VmFlags. */
void pfw_smaps_vma_info(struct pfw_smaps_ctx *c, const struct pfw_vma *vma,
			struct pfw_smaps_vma *info);
/* Page-table entries and table pages read so far. */
void pfw_smaps_stats(struct pfw_smaps_ctx *c, struct pfw_scan_stats *stats);

#endif
