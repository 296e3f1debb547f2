// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The page-table walk the kernel's fault path does (pgd_offset, p4d_alloc,
 * pud_alloc, pmd_alloc, then the pte): each level's entry, read from
 * physical memory, stopping where the kernel would stop.
 */
#include <stdio.h>
#include <string.h>

#include <pfwhy/x86_64.h>

#include "arch/arch.h"
#include "kernel/kernel.h"

void pfw_kernel_x86_layout(struct pfw_kernel *k, struct pfw_x86_layout *l)
{
	int v = pfw_kernel_version(k);

	pfw_x86_layout_default(l);
	l->devmap_bit = v >= 6017 ? -1 : v >= 6006 ? 57 : 58;
	l->saved_dirty_bit = v >= 6006 ? 58 : -1;
	l->swp_exclusive = v >= 5019;
	l->swp_uffd_wp = v >= 5007;
	l->pkeys = pfw_symbol_exists(k->dbi, "arch_set_user_pkey_access");
	pfw_kernel_swap_layout(k, &l->swp, (k->paging_levels == 5 ? 52 : 46) - 12);
}

/* With 4-level paging the p4d is folded into the pgd, which then indexes bits 39-47. */
static uint64_t level_index(const struct pfw_kernel *k, enum pfw_pt_level level, uint64_t addr)
{
	static const int shift[] = { 48, 39, 30, 21, 12 };
	int sh = level == PFW_PGD && k->paging_levels == 4 ? 39 : shift[level];

	return (addr >> sh) & 511;
}

struct pfw_error *pfw_x86_walk(struct pfw_kernel *k, uint64_t pgd, uint64_t addr,
			       struct pfw_walk *w)
{
	uint64_t table;

	memset(w, 0, sizeof(*w));
	if (!pfw_virt_to_phys_direct(k, pgd, &table))
		return pfw_error_create(PFW_ERR_CORRUPT, "pgd 0x%llx is not in the direct map",
					(unsigned long long)pgd);
	w->pgd_phys = table;
	if (k->pti && addr < (1ULL << 47) &&
	    pfw_ok(pfw_memory_read_u64(k->mem, PFW_PHYS, table + 4096 + level_index(k, PFW_PGD, addr) * 8,
				 &w->user_pgd_entry)))
		w->has_user_pgd_entry = true;
	return pfw_walk_levels(k, table, addr, w);
}
