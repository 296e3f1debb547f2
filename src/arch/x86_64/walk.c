// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The page-table walk the kernel's fault path does (pgd_offset, p4d_alloc,
 * pud_alloc, pmd_alloc, then the pte): each level's entry, read from
 * physical memory, stopping where the kernel would stop.
 */
#include <stdio.h>
#include <string.h>

#include <pfwhy/x86_64.h>

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

static struct pfw_error *read_entry(struct pfw_kernel *k, const struct pfw_x86_layout *l,
				    struct pfw_walk *w, enum pfw_pt_level level,
				    uint64_t table_phys, uint64_t addr)
{
	struct pfw_walk_step *s = &w->steps[w->nsteps];
	struct pfw_error *err;
	uint64_t value;

	s->level = level;
	s->entry_phys = table_phys + level_index(k, level, addr) * 8;
	err = pfw_memory_read_u64(k->mem, PFW_PHYS, s->entry_phys, &value);
	if (err) {
		w->truncated = err->code == PFW_ERR_TRUNCATED;
		w->excluded = err->code == PFW_ERR_EXCLUDED || w->truncated;
		return pfw_error_wrap(err, "reading the %s entry for 0x%llx", pfw_level_name(level),
				      (unsigned long long)addr);
	}
	pfw_x86_decode(l, level, value, &s->entry);
	w->nsteps++;
	w->stop_level = level;
	return NULL;
}

struct pfw_error *pfw_x86_walk(struct pfw_kernel *k, uint64_t pgd, uint64_t addr,
			       struct pfw_walk *w)
{
	struct pfw_x86_layout l;
	struct pfw_error *err;
	enum pfw_pt_level level;
	uint64_t table;

	memset(w, 0, sizeof(*w));
	if (!pfw_virt_to_phys_direct(k, pgd, &table))
		return pfw_error_create(PFW_ERR_CORRUPT, "pgd 0x%llx is not in the direct map",
					(unsigned long long)pgd);
	pfw_kernel_x86_layout(k, &l);
	w->pgd_phys = table;
	if (k->pti && addr < (1ULL << 47) &&
	    pfw_ok(pfw_memory_read_u64(k->mem, PFW_PHYS, table + 4096 + level_index(k, PFW_PGD, addr) * 8,
				 &w->user_pgd_entry)))
		w->has_user_pgd_entry = true;
	for (level = PFW_PGD; level < PFW_NR_LEVELS; level++) {
		const struct pfw_entry *e;

		err = read_entry(k, &l, w, level, table, addr);
		if (err)
			return err;
		e = pfw_walk_leaf(w);
		if (e->state != PFW_ENTRY_TABLE)
			return NULL;
		table = e->pfn << 12;
		if (level == PFW_PGD && k->paging_levels == 4)
			level = PFW_P4D;	/* p4d_offset() returns the pgd entry itself */
	}
	return NULL;
}
