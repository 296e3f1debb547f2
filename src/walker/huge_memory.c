// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm/huge_memory.c and mm/hugetlb.c, replayed: THP eligibility
 * (hugepage_vma_check, 6.1; thp_vma_allowable_orders, 6.8+), create_huge_pmd,
 * wp_huge_pmd, hugetlb_fault.
 */
#include <stdio.h>

#include "walker.h"

/* include/linux/sched/coredump.h */
#define MMF_DISABLE_THP		24
#define HPAGE_PMD_SIZE		(2ULL << 20)
/* include/linux/huge_mm.h: every order up to PMD_ORDER but 0 and 1 */
#define THP_ORDERS_ALL_ANON	(((1ULL << (HPAGE_PMD_ORDER + 1)) - 1) & ~3ULL)

static bool thp_flag(struct fault_ctx *c, uint64_t flags, const char *enumerator)
{
	return pfw_thp_flag(c->k, flags, enumerator);
}

/*
 * 6.8+ (mTHP): the sysfs mask thp_vma_allowable_orders() applies to an
 * anonymous VMA (src/kernel/huge_mm.c).  False for a file VMA, and when
 * the kernel has no per-size settings (before 6.8, or no THP).
 */
bool thp_anon_orders(struct fault_ctx *c, uint64_t *orders)
{
	return !c->vma.vm_ops && pfw_thp_anon_orders(c->k, c->vma.flags, orders);
}

/*
 * __thp_vma_allowable_orders(vma, vm_flags, TVA_IN_PF | TVA_ENFORCE_SYSFS,
 * orders) (mm/huge_memory.c, 6.12) for an anonymous VMA: a page fault skips
 * the size check (the fault handlers make it) and allows a VMA whose
 * anon_vma is not set up yet.
 */
static uint64_t __thp_vma_allowable_orders(struct fault_ctx *c, uint64_t orders)
{
	uint64_t thp = 0, mm_flags = 0;

	orders &= THP_ORDERS_ALL_ANON;
	if (!orders) {
		fault_step(c, "__thp_vma_allowable_orders", "orders & THP_ORDERS_ALL_ANON", "0",
			   "no order an anonymous THP can have was asked for");
		return 0;
	}
	pfw_thp_flags(c->k, &thp);
	pfw_read_member(c->k, c->mm, "mm_struct", "flags", &mm_flags);
	if (thp_flag(c, thp, "TRANSPARENT_HUGEPAGE_UNSUPPORTED") || vm_flag(c, "VM_NOHUGEPAGE") ||
	    (mm_flags & (1ULL << MMF_DISABLE_THP))) {
		fault_step(c, "__thp_vma_allowable_orders", "thp_disabled_by_hw() || vma_thp_disabled(vma, vm_flags)",
			   "0", "vm_flags 0x%llx, mm flags 0x%llx", (unsigned long long)c->vma.flags,
			   (unsigned long long)mm_flags);
		return 0;
	}
	if (pfw_vma_is_temporary_stack(c->k, c->vma.flags)) {
		fault_step(c, "__thp_vma_allowable_orders", "vma_is_temporary_stack(vma)", "0",
			   "vm_flags 0x%llx", (unsigned long long)c->vma.flags);
		return 0;
	}
	fault_step(c, "__thp_vma_allowable_orders", "anonymous VMA, in a page fault", "orders allowed",
		   "orders 0x%llx", (unsigned long long)orders);
	return orders;
}

/*
 * thp_vma_allowable_orders(vma, vm_flags, TVA_IN_PF | TVA_ENFORCE_SYSFS,
 * orders) (include/linux/huge_mm.h, 6.8+) for an anonymous VMA whose sysfs
 * mask is mask: an inline, so __thp_vma_allowable_orders() runs only when
 * an asked order is enabled.
 */
uint64_t thp_vma_allowable_orders(struct fault_ctx *c, uint64_t mask, uint64_t orders)
{
	if (!(orders & mask)) {
		fault_step(c, "thp_vma_allowable_orders", "orders & the huge_anon_orders_* enabled for this VMA",
			   "0", "orders 0x%llx asked, 0x%llx enabled for it (VM_HUGEPAGE: %s)",
			   (unsigned long long)orders, (unsigned long long)mask,
			   vm_flag(c, "VM_HUGEPAGE") ? "yes" : "no");
		return 0;
	}
	return __thp_vma_allowable_orders(c, orders & mask);
}

/* hugepage_vma_check(vma, vm_flags, smaps=false, in_pf=true, enforce_sysfs=true), 6.1 */
bool hugepage_vma_check(struct fault_ctx *c)
{
	uint64_t thp = 0, mm_flags = 0, orders;
	bool always, madvise;

	/* 6.8+: thp_vma_allowable_order(vma, vm_flags, TVA_IN_PF | TVA_ENFORCE_SYSFS, PMD_ORDER) */
	if (thp_anon_orders(c, &orders))
		return thp_vma_allowable_orders(c, orders, 1ULL << HPAGE_PMD_ORDER);
	if (!pfw_thp_flags(c->k, &thp))
		return false;	/* no THP in this kernel */
	pfw_read_member(c->k, c->mm, "mm_struct", "flags", &mm_flags);
	always = thp_flag(c, thp, "TRANSPARENT_HUGEPAGE_FLAG");
	madvise = thp_flag(c, thp, "TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG");
	if (vm_flag(c, "VM_NOHUGEPAGE") || (mm_flags & (1ULL << MMF_DISABLE_THP))) {
		fault_step(c, "hugepage_vma_check", "VM_NOHUGEPAGE or MMF_DISABLE_THP", "no THP",
			   "vm_flags 0x%llx", (unsigned long long)c->vma.flags);
		return false;
	}
	if (!always && !(madvise && vm_flag(c, "VM_HUGEPAGE"))) {
		fault_step(c, "hugepage_vma_check", "THP enabled for this VMA (always, or madvise and VM_HUGEPAGE)?",
			   "no", "transparent_hugepage_flags 0x%llx (%s)%s", (unsigned long long)thp,
			   always ? "always" : madvise ? "madvise" : "never",
			   vm_flag(c, "VM_HUGEPAGE") ? ", VMA has VM_HUGEPAGE" : "");
		return false;
	}
	if (c->vma.vm_ops) {
		uint64_t huge_fault = 0;

		pfw_ignore(pfw_read_member(c->k, c->vma.vm_ops, "vm_operations_struct", "huge_fault", &huge_fault));
		fault_step(c, "hugepage_vma_check", "file VMA: vm_ops->huge_fault?", huge_fault ? "yes" : "no",
			   "transparent_hugepage_flags 0x%llx", (unsigned long long)thp);
		return huge_fault;
	}
	fault_step(c, "hugepage_vma_check", "anonymous VMA, THP enabled for it", "yes",
		   "transparent_hugepage_flags 0x%llx (%s)", (unsigned long long)thp,
		   always ? "always" : "madvise");
	return true;
}

/* create_huge_pmd() -> do_huge_pmd_anonymous_page() */
unsigned int create_huge_pmd(struct fault_ctx *c)
{
	uint64_t haddr = c->address & ~(HPAGE_PMD_SIZE - 1), thp = 0;
	bool write = c->flags & FAULT_FLAG_WRITE;

	if (c->vma.vm_ops) {
		fault_step(c, "create_huge_pmd", "vm_ops->huge_fault", "not modelled: fall back",
			   "a file VMA with its own huge_fault");
		return VM_FAULT_FALLBACK;
	}
	if (haddr < c->vma.start || haddr + HPAGE_PMD_SIZE > c->vma.end) {
		fault_step(c, "do_huge_pmd_anonymous_page", "!transhuge_vma_suitable(vma, haddr)",
			   "VM_FAULT_FALLBACK", "2 MiB range 0x%llx-0x%llx not inside the VMA",
			   (unsigned long long)haddr, (unsigned long long)(haddr + HPAGE_PMD_SIZE));
		return VM_FAULT_FALLBACK;
	}
	pfw_thp_flags(c->k, &thp);
	if (!write && thp_flag(c, thp, "TRANSPARENT_HUGEPAGE_USE_ZERO_PAGE_FLAG")) {
		fault_step(c, "do_huge_pmd_anonymous_page", "read && transparent_hugepage_use_zero_page()",
			   "map the huge zero page", "haddr 0x%llx", (unsigned long long)haddr);
		if (vm_flag(c, "VM_UFFD_MISSING"))
			return handle_userfault(c, "userfaultfd_missing(vma) (huge zero page path)");
		c->handled = PFW_V_HUGE_ZERO_PAGE;
		return 0;
	}
	fault_step(c, "do_huge_pmd_anonymous_page", "allocate a 2 MiB folio", "__do_huge_pmd_anonymous_page",
		   "haddr 0x%llx (if the allocation fails the fault falls back to 4 KiB pages)",
		   (unsigned long long)haddr);
	c->handled = PFW_V_THP_ANON;
	return 0;
}

unsigned int wp_huge_pmd(struct fault_ctx *c, const struct pfw_entry *pmd)
{
	fault_step(c, "wp_huge_pmd", "write to a read-only huge pmd", c->vma.vm_ops ? "split, fall back" :
		   "do_huge_pmd_wp_page", "pmd 0x%llx", (unsigned long long)pmd->value);
	c->handled = PFW_V_WP_COPY;
	if (!c->vma.vm_ops && vm_flag(c, "VM_UFFD_WP") && pmd->uffd_wp)
		return handle_userfault(c, "VM_UFFD_WP write-protect fault on a huge pmd");
	return 0;
}

/* hugetlb_cow() was renamed hugetlb_wp() in 6.0 */
static const char *hugetlb_wp_fn(struct fault_ctx *c)
{
	return pfw_symbol_exists(c->k->dbi, "hugetlb_cow") ? "hugetlb_cow" : "hugetlb_wp";
}

/* hugetlb_wp() (6.0+; hugetlb_cow() before): copy or reuse the huge page */
static void hugetlb_wp(struct fault_ctx *c, const char *why)
{
	fault_step(c, hugetlb_wp_fn(c), "write to a private huge page", "reuse it if the only mapper, else copy", "%s", why);
}

/* hugetlb_fault() (mm/hugetlb.c, 6.1) for a 2 MiB hstate */
unsigned int hugetlb_fault(struct fault_ctx *c)
{
	const struct pfw_entry *e = fault_entry_at(c, PFW_PMD);
	bool write = c->flags & FAULT_FLAG_WRITE;

	if (!e || e->state == PFW_ENTRY_NONE || e->state == PFW_ENTRY_TABLE ||
	    (e->state == PFW_ENTRY_MARKER)) {
		fault_step(c, "hugetlb_fault", "huge_pte_none_mostly(entry)", "hugetlb_no_page",
			   "no huge page mapped at 0x%llx", (unsigned long long)(c->address & ~(HPAGE_PMD_SIZE - 1)));
		if (vm_flag(c, "VM_UFFD_MISSING"))
			return handle_userfault(c, "hugetlb_no_page: userfaultfd_missing(vma), no page in the cache");
		fault_step(c, "hugetlb_no_page", "allocate from the hugetlb pool", "new huge page",
			   "a reservation made at mmap time guarantees the page");
		c->handled = PFW_V_HUGETLB;
		/* hugetlb_no_page(): "Optimization, do the COW without a second fault" */
		if (write && !vm_flag(c, "VM_SHARED"))
			hugetlb_wp(c, "write to a private mapping: hugetlb_no_page() does the COW now");
		return 0;
	}
	if (e->state == PFW_ENTRY_HWPOISON) {
		fault_step(c, "hugetlb_fault", "is_hugetlb_entry_hwpoisoned(entry)", "VM_FAULT_HWPOISON_LARGE", "pmd 0x%llx",
			   (unsigned long long)e->value);
		return VM_FAULT_HWPOISON_LARGE;
	}
	if (e->state == PFW_ENTRY_MIGRATION) {
		fault_step(c, "hugetlb_fault", "is_hugetlb_entry_migration(entry)", "migration_entry_wait_huge",
			   "pmd 0x%llx", (unsigned long long)e->value);
		fault_undecidable(c, "the huge page is under migration: the fault waits and retries");
		return VM_FAULT_UNDECIDABLE;
	}
	if (write && !e->write) {
		fault_step(c, "hugetlb_fault", "write && !huge_pte_write(entry)", hugetlb_wp_fn(c), "pmd 0x%llx",
			   (unsigned long long)e->value);
		c->handled = PFW_V_HUGETLB;
		hugetlb_wp(c, "a write to a write-protected huge page");
		return 0;
	}
	fault_step(c, "hugetlb_fault", "the huge pte allows the access", "mark young/dirty: spurious",
		   "pmd 0x%llx", (unsigned long long)e->value);
	c->handled = PFW_V_SPURIOUS;
	return 0;
}
