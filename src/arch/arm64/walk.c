// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The walk the MMU and the kernel make on arm64 (pgd_offset, p4d_offset,
 * pud_offset, pmd_offset, pte_offset): 4 KiB granule, 512 entries a table;
 * 48-bit VA walks levels 0-3 (pgd, pud, pmd, pte: the p4d folded), 39-bit
 * VA levels 1-3 (the pgd is the pud).  Bit 55 picks the root as the MMU
 * does: TTBR1 (swapper_pg_dir) for the kernel's half, TTBR0 (the mm's pgd)
 * for the user's.  6.1 asm/pgtable-hwdef.h:41-72, asm/pgtable.h:580-760.
 */
#include <string.h>

#include "arch/arm64/arm64.h"
#include "kernel/kernel.h"

void pfw_kernel_arm64_layout(struct pfw_kernel *k, struct pfw_arm64_layout *l)
{
	pfw_arm64_layout_default(l);
	l->levels = k->paging_levels;
	/* PTE_SWP_EXCLUSIVE: 5.19+ (absent in 5.15, present in 6.1.0) */
	l->swp_exclusive = pfw_kernel_version(k) >= 5019;
	pfw_kernel_swap_layout(k, &l->swp, arm64_swp_pfn_bits(k));
}

void arm64_decode(struct pfw_kernel *k, enum pfw_pt_level level, uint64_t v, struct pfw_entry *e)
{
	struct pfw_arm64_layout l;

	pfw_kernel_arm64_layout(k, &l);
	pfw_arm64_decode(&l, level, v, e);
}

/* Which root the MMU takes (bit 55), and whether the address lies in its range at all. */
static bool root_for(struct pfw_kernel *k, uint64_t pgd, uint64_t addr, uint64_t *root)
{
	int bits = k->arm64.t1sz ? 64 - k->arm64.t1sz : k->arm64.va_bits;

	if (addr & (1ULL << 55)) {
		*root = k->arm64.swapper_pg_dir;
		return (addr >> bits) == (~0ULL >> bits);	/* TBI1 off: bits 63..VA all set */
	}
	*root = pgd;
	/* TBI0: the top byte is ignored; bits 55..VA must be clear */
	return pgd && !((addr & ((1ULL << 56) - 1)) >> bits);
}

struct pfw_error *arm64_walk(struct pfw_kernel *k, uint64_t pgd, uint64_t addr,
			     struct pfw_walk *w)
{
	uint64_t root, table;

	memset(w, 0, sizeof(*w));
	if (!root_for(k, pgd, addr, &root))
		return NULL;	/* no table maps it: a level-0 translation fault */
	if (!pfw_virt_to_phys_direct(k, root, &table))
		return pfw_error_create(PFW_ERR_CORRUPT, "pgd 0x%llx is not in the linear map",
					(unsigned long long)root);
	w->pgd_phys = table;
	return pfw_walk_levels(k, table, addr, w);
}
