// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Decoding x86_64 page-table entries: arch/x86/include/asm/pgtable_types.h,
 * pgtable.h, pgtable_64.h and pgtable-invert.h, include/linux/swapops.h.
 */
#include <stdio.h>
#include <string.h>

#include "arch/x86_64/x86_64.h"

#define _PAGE_PRESENT	(1ULL << 0)
#define _PAGE_RW	(1ULL << 1)
#define _PAGE_USER	(1ULL << 2)
#define _PAGE_PWT	(1ULL << 3)
#define _PAGE_PCD	(1ULL << 4)
#define _PAGE_ACCESSED	(1ULL << 5)
#define _PAGE_DIRTY	(1ULL << 6)
#define _PAGE_PSE	(1ULL << 7)	/* PAT on a 4K pte */
#define _PAGE_GLOBAL	(1ULL << 8)
#define _PAGE_PROTNONE	_PAGE_GLOBAL	/* when not present */
#define _PAGE_SPECIAL	(1ULL << 9)
#define _PAGE_UFFD_WP	(1ULL << 10)
#define _PAGE_SOFT_DIRTY (1ULL << 11)
#define _PAGE_PAT_LARGE	(1ULL << 12)
#define _PAGE_NX	(1ULL << 63)
#define _PAGE_SWP_SOFT_DIRTY	_PAGE_RW
#define _PAGE_SWP_UFFD_WP	_PAGE_USER
#define _PAGE_SWP_EXCLUSIVE	_PAGE_PWT
#define PTE_PFN_MASK	0x000ffffffffff000ULL
#define SWP_TYPE_BITS	5
#define SWP_OFFSET_SHIFT 14

#define PMD_PFN_MASK	(PTE_PFN_MASK & ~((1ULL << 21) - 1))	/* PHYSICAL_PMD_PAGE_MASK */
#define PUD_PFN_MASK	(PTE_PFN_MASK & ~((1ULL << 30) - 1))	/* PHYSICAL_PUD_PAGE_MASK */

const uint64_t pfw_x86_present_frame_mask[PFW_NR_LEVELS] = {
	[PFW_PUD] = PUD_PFN_MASK,
	[PFW_PMD] = PMD_PFN_MASK,
	[PFW_PTE] = PTE_PFN_MASK,
};

/*
 * pmd_pfn_mask() / pud_pfn_mask(): a huge leaf's frame starts at its size
 * (below it, _PAGE_PAT_LARGE and, in a protnone leaf, the inverted bits
 * pfn_pmd() cut off); a table's or a pte's at bit 12.
 */
static uint64_t pfn_mask(enum pfw_pt_level level, bool huge)
{
	if (!huge)
		return PTE_PFN_MASK;
	return level == PFW_PUD ? PUD_PFN_MASK : PMD_PFN_MASK;
}

void pfw_x86_layout_default(struct pfw_x86_layout *l)
{
	/* 6.1.0 with DEVICE_PRIVATE, MIGRATION, MEMORY_FAILURE and PTE_MARKER */
	*l = (struct pfw_x86_layout){
		.devmap_bit = 58, .saved_dirty_bit = -1,
		.swp_exclusive = true, .swp_uffd_wp = true, .pkeys = true,
	};
	pfw_swap_layout_default(&l->swp, 34);
}

static void decode_swap(const struct pfw_x86_layout *l, uint64_t v, struct pfw_entry *e)
{
	e->swap_type = v >> (64 - SWP_TYPE_BITS);
	e->swap_offset = (~v << SWP_TYPE_BITS) >> SWP_OFFSET_SHIFT;
	e->soft_dirty = v & _PAGE_SWP_SOFT_DIRTY;
	e->uffd_wp = l->swp_uffd_wp && (v & _PAGE_SWP_UFFD_WP);
	e->exclusive = l->swp_exclusive && (v & _PAGE_SWP_EXCLUSIVE);
	pfw_swap_classify(&l->swp, e);
}

static void decode_present_bits(const struct pfw_x86_layout *l, uint64_t v, struct pfw_entry *e)
{
	e->write = v & _PAGE_RW;
	e->user = v & _PAGE_USER;
	e->pwt = v & _PAGE_PWT;
	e->pcd = v & _PAGE_PCD;
	e->accessed = v & _PAGE_ACCESSED;
	e->dirty = v & _PAGE_DIRTY;
	/*
	 * 6.6+: pte_wrprotect() moves Dirty to SavedDirty (_PAGE_BIT_SOFTW5, bit 58)
	 * so that Write=0,Dirty=1 never looks like shadow stack; pte_dirty() tests
	 * both (_PAGE_DIRTY_BITS).  A leaf only: bit 58 of a pgd is NOPTISHADOW.
	 */
	e->saved_dirty = l->saved_dirty_bit >= 0 && e->state != PFW_ENTRY_TABLE &&
			 ((v >> l->saved_dirty_bit) & 1);
	e->global = e->state == PFW_ENTRY_PRESENT && (v & _PAGE_GLOBAL);
	e->special = v & _PAGE_SPECIAL;
	e->uffd_wp = v & _PAGE_UFFD_WP;
	e->soft_dirty = v & _PAGE_SOFT_DIRTY;
	e->devmap = l->devmap_bit >= 0 && (v & (1ULL << l->devmap_bit));
	e->nx = v & _PAGE_NX;
	e->pkey = l->pkeys ? (v >> 59) & 0xf : 0;
	e->pat = e->huge ? (v & _PAGE_PAT_LARGE) : (e->level == PFW_PTE && (v & _PAGE_PSE));
}

void pfw_x86_decode(const struct pfw_x86_layout *l, enum pfw_pt_level level, uint64_t v,
		    struct pfw_entry *e)
{
	bool leaf_level = level == PFW_PTE || level == PFW_PMD || level == PFW_PUD;

	memset(e, 0, sizeof(*e));
	e->arch = PFW_ARCH_X86_64;
	e->value = v;
	e->level = level;
	/* pte_none(): the KNL erratum may leave A and D set in an empty entry */
	if (!(v & ~(_PAGE_ACCESSED | _PAGE_DIRTY))) {
		e->state = PFW_ENTRY_NONE;
		return;
	}
	e->huge = (level == PFW_PMD || level == PFW_PUD) && (v & _PAGE_PSE);
	if (v & _PAGE_PRESENT) {
		e->state = level == PFW_PTE || e->huge ? PFW_ENTRY_PRESENT : PFW_ENTRY_TABLE;
		e->pfn = (v & pfn_mask(level, e->huge)) >> 12;
		decode_present_bits(l, v, e);
		return;
	}
	if (leaf_level && (v & _PAGE_PROTNONE)) {
		/* pte_protnone(); the PFN is stored inverted (pgtable-invert.h) */
		e->state = PFW_ENTRY_PROTNONE;
		e->pfn = ((v ^ ~0ULL) & pfn_mask(level, e->huge)) >> 12;
		decode_present_bits(l, v, e);
		return;
	}
	if (level == PFW_PTE || level == PFW_PMD) {
		/* a non-present PSE pmd is a split in progress: pmd_present() is true */
		if (level == PFW_PMD && (v & _PAGE_PSE)) {
			e->state = PFW_ENTRY_PRESENT;
			e->pfn = (v & PMD_PFN_MASK) >> 12;
			decode_present_bits(l, v, e);
			return;
		}
		decode_swap(l, v, e);
		return;
	}
	/* a non-present upper-level entry that is not none: pXd_bad() */
	e->state = PFW_ENTRY_NONE;
}

void pfw_x86_flag_names(const struct pfw_entry *e, char *buf, size_t size)
{
	struct { bool on; const char *name; } f[] = {
		{ e->state == PFW_ENTRY_PRESENT || e->state == PFW_ENTRY_TABLE, "present" },
		{ e->state == PFW_ENTRY_PROTNONE, "protnone" },
		{ e->write, "write" },
		{ e->user, "user" },
		{ e->pwt, "pwt" },
		{ e->pcd, "pcd" },
		{ e->accessed, "accessed" },
		{ e->dirty, "dirty" },
		{ e->saved_dirty, "saved-dirty" },
		{ e->huge, "pse" },
		{ e->pat, "pat" },
		{ e->global, "global" },
		{ e->special, "special" },
		{ e->uffd_wp, "uffd-wp" },
		{ e->soft_dirty, "soft-dirty" },
		{ e->exclusive, "exclusive" },
		{ e->devmap, "devmap" },
		{ e->nx, "nx" },
	};
	size_t i, len = 0;

	buf[0] = 0;
	if (e->state == PFW_ENTRY_NONE) {
		snprintf(buf, size, "none");
		return;
	}
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].on)
			len += snprintf(buf + len, len < size ? size - len : 0, "%s%s",
					len ? " " : "", f[i].name);
	if (e->pkey && len < size)
		len += snprintf(buf + len, size - len, "%spkey=%u", len ? " " : "", e->pkey);
}
