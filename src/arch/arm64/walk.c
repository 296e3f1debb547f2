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

/* ARM64_HW_PGTABLE_LEVEL_SHIFT(n) = 39, 30, 21, 12 for levels 0-3 */
static const int level_shift[PFW_NR_LEVELS] = { 39, 39, 30, 21, 12 };

static enum pfw_pt_level top_level(const struct pfw_kernel *k)
{
	return k->paging_levels == 4 ? PFW_PGD : PFW_PUD;
}

static enum pfw_pt_level next_level(enum pfw_pt_level level)
{
	return level == PFW_PGD ? PFW_PUD : level + 1;	/* the p4d is always folded */
}

static struct pfw_error *read_entry(struct pfw_kernel *k, const struct pfw_arm64_layout *l,
				    struct pfw_walk *w, enum pfw_pt_level level,
				    uint64_t table_phys, uint64_t addr)
{
	struct pfw_walk_step *s = &w->steps[w->nsteps];
	struct pfw_error *err;
	uint64_t value;

	s->level = level;
	s->entry_phys = table_phys + ((addr >> level_shift[level]) & 511) * 8;
	err = pfw_memory_read_u64(k->mem, PFW_PHYS, s->entry_phys, &value);
	if (err) {
		w->truncated = err->code == PFW_ERR_TRUNCATED;
		w->excluded = err->code == PFW_ERR_EXCLUDED || w->truncated;
		return pfw_error_wrap(err, "reading the %s entry for 0x%llx", pfw_level_name(level),
				      (unsigned long long)addr);
	}
	pfw_arm64_decode(l, level, value, &s->entry);
	w->nsteps++;
	w->stop_level = level;
	return NULL;
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
	struct pfw_arm64_layout l;
	struct pfw_error *err;
	enum pfw_pt_level level;
	uint64_t root, table;

	memset(w, 0, sizeof(*w));
	if (!root_for(k, pgd, addr, &root))
		return NULL;	/* no table maps it: a level-0 translation fault */
	if (!pfw_virt_to_phys_direct(k, root, &table))
		return pfw_error_create(PFW_ERR_CORRUPT, "pgd 0x%llx is not in the linear map",
					(unsigned long long)root);
	pfw_kernel_arm64_layout(k, &l);
	w->pgd_phys = table;
	for (level = top_level(k); level < PFW_NR_LEVELS; level = next_level(level)) {
		const struct pfw_entry *e;

		err = read_entry(k, &l, w, level, table, addr);
		if (err)
			return err;
		e = pfw_walk_leaf(w);
		if (e->state != PFW_ENTRY_TABLE)
			return NULL;
		table = e->pfn << 12;
	}
	return NULL;
}
