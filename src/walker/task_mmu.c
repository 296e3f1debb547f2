// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fs/proc/task_mmu.c (6.1), replayed: the 64-bit entry /proc/PID/pagemap
 * gives for one address (Documentation/admin-guide/mm/pagemap.rst), from the
 * dumped page tables, VMA and struct page, so that a dump can be compared
 * with a live system's pagemap.  As read by root (pm->show_pfn).
 */
#include "kernel/page.h"
#include "walker.h"

#define PM_PFRAME_MASK		((1ULL << 55) - 1)
#define PM_SOFT_DIRTY		(1ULL << 55)
#define PM_MMAP_EXCLUSIVE	(1ULL << 56)
#define PM_UFFD_WP		(1ULL << 57)
#define PM_FILE			(1ULL << 61)
#define PM_SWAP			(1ULL << 62)
#define PM_PRESENT		(1ULL << 63)
/* include/linux/swap.h */
#define MAX_SWAPFILES_SHIFT	5
#define PMD_SIZE		(2ULL << 20)

struct pagemap_ctx {
	struct pfw_kernel *k;
	struct pfw_vma vma;
	uint64_t addr;
	uint64_t frame, flags;
	bool has_page, migration;
	uint64_t page_pfn;	/* the struct page the kernel's code asks about */
};

/*
 * The tail every path shares: PM_FILE for a page that is not anonymous,
 * PM_MMAP_EXCLUSIVE when page_mapcount() (of this era) is 1.
 */
static struct pfw_error *page_flags(struct pagemap_ctx *m)
{
	struct pfw_error *err;
	struct pfw_page p;

	if (!m->has_page)
		return NULL;
	err = pfw_read_page(m->k, m->page_pfn, &p);
	if (err)
		return err;
	if (!p.anon)
		m->flags |= PM_FILE;
	if (!m->migration && p.mapcount == 1)
		m->flags |= PM_MMAP_EXCLUSIVE;
	return NULL;
}

static bool is_pfn_swap_entry(const struct pfw_entry *e)
{
	return e->state == PFW_ENTRY_MIGRATION || e->state == PFW_ENTRY_DEVICE ||
	       e->state == PFW_ENTRY_HWPOISON;
}

/* frame = swp_type | swp_offset (the pfn for pfn swap entries) << MAX_SWAPFILES_SHIFT */
static uint64_t swap_frame(const struct pfw_entry *e, uint64_t subpage)
{
	uint64_t offset = is_pfn_swap_entry(e) ? e->pfn : e->swap_offset;

	return e->swap_type | ((offset + subpage) << MAX_SWAPFILES_SHIFT);
}

/* pte_to_pagemap_entry() */
static struct pfw_error *pte_to_pagemap_entry(struct pagemap_ctx *m, const struct pfw_entry *e)
{
	if (e->state == PFW_ENTRY_PRESENT || e->state == PFW_ENTRY_PROTNONE) {
		m->frame = e->pfn;
		m->flags |= PM_PRESENT;
		/* vm_normal_page(): NULL for special ptes (the zero page, PFNMAP) */
		m->has_page = !e->special;
		m->page_pfn = e->pfn;
		if (e->soft_dirty)
			m->flags |= PM_SOFT_DIRTY;
		if (e->uffd_wp)
			m->flags |= PM_UFFD_WP;
	} else if (e->state != PFW_ENTRY_NONE) {
		if (e->soft_dirty)
			m->flags |= PM_SOFT_DIRTY;
		if (e->uffd_wp)
			m->flags |= PM_UFFD_WP;
		m->frame = swap_frame(e, 0);
		m->flags |= PM_SWAP;
		m->migration = e->state == PFW_ENTRY_MIGRATION;
		m->has_page = is_pfn_swap_entry(e);
		m->page_pfn = e->pfn;
		/* pte_marker_entry_uffd_wp(): PTE_MARKER_UFFD_WP is BIT(0) */
		if (e->state == PFW_ENTRY_MARKER && (e->marker & 1))
			m->flags |= PM_UFFD_WP;
	}
	return page_flags(m);
}

/* pagemap_pmd_range(), a PMD-mapped THP (or its migration entry) */
static struct pfw_error *pmd_to_pagemap_entry(struct pagemap_ctx *m, const struct pfw_entry *e)
{
	uint64_t subpage = (m->addr & (PMD_SIZE - 1)) >> 12;

	if (e->state == PFW_ENTRY_PRESENT) {
		/* pmd_page(): the head page */
		m->has_page = true;
		m->page_pfn = e->pfn;
		m->flags |= PM_PRESENT;
		if (e->soft_dirty)
			m->flags |= PM_SOFT_DIRTY;
		if (e->uffd_wp)
			m->flags |= PM_UFFD_WP;
		m->frame = e->pfn + subpage;
	} else {
		m->frame = swap_frame(e, subpage);
		m->flags |= PM_SWAP;
		if (e->soft_dirty)
			m->flags |= PM_SOFT_DIRTY;
		if (e->uffd_wp)
			m->flags |= PM_UFFD_WP;
		m->migration = e->state == PFW_ENTRY_MIGRATION;
		m->has_page = is_pfn_swap_entry(e);
		m->page_pfn = e->pfn;
	}
	return page_flags(m);
}

/* pagemap_hugetlb_range(): no soft-dirty bit of the entry itself */
static struct pfw_error *hugetlb_to_pagemap_entry(struct pagemap_ctx *m, const struct pfw_entry *e)
{
	uint64_t size = e->level == PFW_PUD ? 1ULL << 30 : PMD_SIZE;

	if (e->state == PFW_ENTRY_PRESENT) {
		m->has_page = true;
		m->page_pfn = e->pfn;
		if (e->uffd_wp)
			m->flags |= PM_UFFD_WP;
		m->flags |= PM_PRESENT;
		m->frame = e->pfn + ((m->addr & (size - 1)) >> 12);
	} else if (e->state != PFW_ENTRY_NONE && e->uffd_wp) {
		m->flags |= PM_UFFD_WP;	/* pte_swp_uffd_wp_any() */
	}
	return page_flags(m);
}

struct pfw_error *pfw_pagemap_entry(struct pfw_kernel *k, uint64_t mm, uint64_t addr,
				    uint64_t *pme)
{
	struct pagemap_ctx m = { .k = k, .addr = addr };
	const struct pfw_entry *e;
	struct pfw_error *err;
	struct pfw_walk w;
	uint64_t pgd;
	bool found;

	*pme = 0;
	err = pfw_find_vma(k, mm, addr, &m.vma, &found);
	if (err || !found || m.vma.start > addr)
		return err;	/* pagemap_pte_hole() outside any VMA: 0 */
	if (m.vma.flags & pfw_vm_flag(k, "VM_SOFTDIRTY"))
		m.flags |= PM_SOFT_DIRTY;
	if ((err = pfw_read_member(k, mm, "mm_struct", "pgd", &pgd)) ||
	    (err = pfw_walk_tables(k, pgd, addr, &w)))
		return err;
	e = pfw_walk_leaf(&w);
	if (!e || e->state == PFW_ENTRY_TABLE)
		e = NULL;
	if (e && (m.vma.flags & pfw_vm_flag(k, "VM_HUGETLB")))
		err = hugetlb_to_pagemap_entry(&m, e);
	else if (e && e->level == PFW_PMD && e->state != PFW_ENTRY_NONE)
		err = pmd_to_pagemap_entry(&m, e);
	else if (e && e->level == PFW_PTE)
		err = pte_to_pagemap_entry(&m, e);
	if (err)
		return err;
	/*
	 * PM_UFFD_WP, a #define of fs/proc/task_mmu.c with nothing in DWARF to
	 * show it, is reported since 5.14 (fb8e37f35a2f); 5.10's pagemap leaves
	 * bit 57 clear on a uffd-wp pte.
	 */
	if (pfw_kernel_version(k) < 5014)
		m.flags &= ~PM_UFFD_WP;
	*pme = (m.frame & PM_PFRAME_MASK) | m.flags;
	return NULL;
}
