// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * include/linux/huge_mm.h (6.12), read from the dump: the THP sysfs flags,
 * thp_vma_allowable_orders()'s per-size mask of an anonymous VMA (6.8+:
 * huge_anon_orders_always/madvise/inherit) and thp_vma_suitable_order().
 * Shared by the fault walker (__handle_mm_fault's PMD_ORDER test,
 * alloc_anon_folio()) and smaps (THPeligible).
 */
#include <string.h>

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

static uint64_t symbol_or_zero(struct pfw_kernel *k, const char *sym)
{
	uint64_t addr;

	return pfw_ok(pfw_kernel_symbol(k, sym, &addr)) ? addr : 0;
}

/*
 * The settings thp_vma_allowable_orders() and shmem_allowable_huge_orders()
 * read (mm/huge_memory.c, mm/shmem.c, 6.12): kept in k->thp from a dump,
 * whose memory the first read froze, so that smaps reads them once and not
 * once a VMA; a live kernel's can be written, and are read again each call.
 */
const struct pfw_thp_settings *pfw_thp_settings(struct pfw_kernel *k)
{
	struct pfw_thp_settings *s = &k->thp;
	uint64_t addr;

	if (s->kept)
		return s;
	memset(s, 0, sizeof(*s));
	s->anon_orders = pfw_read_symbol_u64(k, "huge_anon_orders_always", &s->anon_always) &&
			 pfw_read_symbol_u64(k, "huge_anon_orders_madvise", &s->anon_madvise) &&
			 pfw_read_symbol_u64(k, "huge_anon_orders_inherit", &s->anon_inherit);
	s->shmem_orders = pfw_symbol_exists(k->dbi, "huge_shmem_orders_always");
	if (s->shmem_orders) {
		/* a per-size orders mask the dump cannot give is none */
		s->shmem_always = pfw_symbol_value(k, "huge_shmem_orders_always");
		s->shmem_within_size = pfw_symbol_value(k, "huge_shmem_orders_within_size");
		s->shmem_madvise = pfw_symbol_value(k, "huge_shmem_orders_madvise");
		s->shmem_inherit = pfw_symbol_value(k, "huge_shmem_orders_inherit");
	}
	/* SHMEM_HUGE_DENY, _FORCE, or the mount's */
	s->shmem_huge_ok = pfw_ok(pfw_kernel_symbol(k, "shmem_huge", &addr)) &&
			   pfw_ok(pfw_read_kv(k, addr, &s->shmem_huge, sizeof(s->shmem_huge)));
	s->shmem_anon_vm_ops = symbol_or_zero(k, "shmem_anon_vm_ops");
	s->secretmem_aops = symbol_or_zero(k, "secretmem_aops");
	s->fs_dax = pfw_symbol_exists(k->dbi, "dax_iomap_rw");
	s->kept = k->mem->frozen;
	return s;
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
	const struct pfw_thp_settings *s = pfw_thp_settings(k);
	uint64_t thp;
	bool huge = vm_flags & pfw_vm_flag(k, "VM_HUGEPAGE"), g_always, g_enabled;

	if (!s->anon_orders)
		return false;
	pfw_thp_flags(k, &thp);
	g_always = pfw_thp_flag(k, thp, "TRANSPARENT_HUGEPAGE_FLAG");
	g_enabled = g_always || pfw_thp_flag(k, thp, "TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG");
	*mask = s->anon_always;
	if (huge)
		*mask |= s->anon_madvise;
	if (g_always || (huge && g_enabled))
		*mask |= s->anon_inherit;
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
