// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * include/linux/huge_mm.h (6.12), read from the dump: the THP sysfs flags,
 * thp_vma_allowable_orders()'s per-size mask of an anonymous VMA (6.8+:
 * huge_anon_orders_always/madvise/inherit) and thp_vma_suitable_order().
 * Shared by the fault walker (__handle_mm_fault's PMD_ORDER test,
 * alloc_anon_folio()) and smaps (THPeligible).
 */
#include "kernel.h"

bool pfw_thp_flag(struct pfw_kernel *k, uint64_t flags, const char *enumerator)
{
	int64_t bit;

	return pfw_ok(pfw_enumerator(k->dbi, enumerator, &bit)) && (flags & (1ULL << bit));
}

bool pfw_thp_flags(struct pfw_kernel *k, uint64_t *flags)
{
	uint64_t addr;

	*flags = 0;
	return pfw_ok(pfw_kernel_symbol(k, "transparent_hugepage_flags", &addr)) &&
	       pfw_ok(pfw_read_kv_u64(k, addr, flags));
}

/*
 * thp_vma_allowable_orders() with TVA_ENFORCE_SYSFS on an anonymous VMA:
 * the "Optimization to check if required orders are enabled early" mask.
 * huge_anon_orders_always, with VM_HUGEPAGE huge_anon_orders_madvise, and
 * huge_anon_orders_inherit when hugepage_global_always() or VM_HUGEPAGE and
 * hugepage_global_enabled().  False when the kernel has no per-size
 * settings (no huge_anon_orders_* symbols: before 6.8).
 */
bool pfw_thp_anon_orders(struct pfw_kernel *k, uint64_t vm_flags, uint64_t *mask)
{
	uint64_t always, madvise, inherit, thp;
	bool huge = vm_flags & pfw_vm_flag(k, "VM_HUGEPAGE"), g_always, g_enabled;

	if (!pfw_read_symbol_u64(k, "huge_anon_orders_always", &always) ||
	    !pfw_read_symbol_u64(k, "huge_anon_orders_madvise", &madvise) ||
	    !pfw_read_symbol_u64(k, "huge_anon_orders_inherit", &inherit))
		return false;
	pfw_thp_flags(k, &thp);
	g_always = pfw_thp_flag(k, thp, "TRANSPARENT_HUGEPAGE_FLAG");
	g_enabled = g_always || pfw_thp_flag(k, thp, "TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG");
	*mask = always;
	if (huge)
		*mask |= madvise;
	if (g_always || (huge && g_enabled))
		*mask |= inherit;
	return true;
}

/* thp_vma_suitable_order(vma, addr, order) */
bool pfw_thp_vma_suitable_order(const struct pfw_vma *v, uint64_t addr, int order)
{
	uint64_t pages = 1ULL << order, haddr = addr & ~((pages << 12) - 1);

	/* Don't have to check pgoff for anonymous vma */
	if (v->vm_ops && ((v->start >> 12) - v->pgoff) % pages)
		return false;
	return haddr >= v->start && haddr + (pages << 12) <= v->end;
}

/*
 * vma_is_temporary_stack() (include/linux/mm.h): a stack VMA exec() has not
 * finished setting up, VM_STACK_INCOMPLETE_SETUP = VM_RAND_READ |
 * VM_SEQ_READ (| VM_STACK_EARLY on 6.12, a flag not in this table: 0).
 */
bool pfw_vma_is_temporary_stack(struct pfw_kernel *k, uint64_t vm_flags)
{
	uint64_t incomplete = pfw_vm_flag(k, "VM_RAND_READ") | pfw_vm_flag(k, "VM_SEQ_READ") |
			      pfw_vm_flag(k, "VM_STACK_EARLY");

	if (!(vm_flags & (pfw_vm_flag(k, "VM_GROWSDOWN") | pfw_vm_flag(k, "VM_GROWSUP"))))
		return false;
	return (vm_flags & incomplete) == incomplete;
}
