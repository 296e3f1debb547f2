// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The arm64 address-space layout of a dumped kernel, from VMCOREINFO
 * (arch_crash_save_vmcoreinfo(), 6.1 arch/arm64/kernel/crash_core.c:19-38):
 * VA_BITS, kimage_voffset, PHYS_OFFSET, TCR_EL1_T1SZ, VMEMMAP_START and
 * VMALLOC_START.  The linear map as 6.1 asm/memory.h:44-80 and :275-295
 * define it, the "flipped" layout of 5.4+: PAGE_OFFSET is the bottom of the
 * TTBR1 range.
 */
#include <stdio.h>
#include <string.h>

#include "arch/arm64/arm64.h"
#include "kernel/kernel.h"

/* _PAGE_OFFSET(va) = -(1 << va), _PAGE_END(va) = -(1 << (va - 1)) (memory.h:44, :62) */
static uint64_t page_offset(int va_bits)
{
	return -(1ULL << va_bits);
}

static uint64_t page_end(int va_bits)
{
	return -(1ULL << (va_bits - 1));
}

static int order_base_2(uint64_t n)
{
	int order = 0;

	while ((1ULL << order) < n)
		order++;
	return order;
}

/*
 * 6.1: VMEMMAP_START = -(1 << (VA_BITS - VMEMMAP_SHIFT)), VMEMMAP_SHIFT =
 * PAGE_SHIFT - STRUCT_PAGE_MAX_SHIFT (memory.h:33, :50); VMCOREINFO states
 * it from 6.1 on.  vmemmap = VMEMMAP_START - (memstart_addr >> PAGE_SHIFT)
 * struct pages (pgtable.h:27).
 */
static void read_vmemmap(struct pfw_kernel *k)
{
	uint64_t start;

	if (!pfw_vmcoreinfo_hex(k->mem, "NUMBER(VMEMMAP_START)", &start))
		start = -(1ULL << (k->arm64.va_bits - (12 - order_base_2(k->page_struct_size))));
	k->vmemmap_base = start - (k->arm64.phys_offset >> 12) * k->page_struct_size;
}

static struct pfw_error *read_va_bits(struct pfw_kernel *k)
{
	int64_t va_bits;
	uint64_t t1sz;

	if (!pfw_vmcoreinfo_dec(k->mem, "NUMBER(VA_BITS)", &va_bits))
		return pfw_error_create(PFW_ERR_INPUT,
					"the dump's VMCOREINFO has no NUMBER(VA_BITS): cannot lay out an arm64 kernel's address space");
	if (va_bits != 39 && va_bits != 48)
		return pfw_error_create(PFW_ERR_UNSUPPORTED,
					"arm64 with %lld-bit virtual addresses is not supported (39 and 48 with 4 KiB pages are)",
					(long long)va_bits);
	k->arm64.va_bits = va_bits;
	if (pfw_vmcoreinfo_hex(k->mem, "NUMBER(TCR_EL1_T1SZ)", &t1sz))
		k->arm64.t1sz = t1sz;
	/* 4 KiB pages: CONFIG_PGTABLE_LEVELS is 3 for 39 bits, 4 for 48 (Kconfig) */
	k->paging_levels = va_bits == 39 ? 3 : 4;
	return NULL;
}

struct pfw_error *arm64_read_layout(struct pfw_kernel *k)
{
	struct pfw_error *err;
	uint64_t pgd;

	err = read_va_bits(k);
	if (err)
		return err;
	if (!pfw_vmcoreinfo_hex(k->mem, "NUMBER(kimage_voffset)", &k->arm64.kimage_voffset) ||
	    !pfw_vmcoreinfo_hex(k->mem, "NUMBER(PHYS_OFFSET)", &k->arm64.phys_offset))
		return pfw_error_create(PFW_ERR_INPUT,
					"the dump's VMCOREINFO lacks NUMBER(kimage_voffset) or NUMBER(PHYS_OFFSET): cannot translate an arm64 kernel's addresses");
	k->page_offset = page_offset(k->arm64.va_bits);
	if (!pfw_vmcoreinfo_hex(k->mem, "NUMBER(VMALLOC_START)", &k->vmalloc_base)) {
		k->unknown_bases |= PFW_BASE_VMALLOC;
		if (!k->bases_error)
			k->bases_error = pfw_error_create(PFW_ERR_FAULT,
							  "VMCOREINFO has no NUMBER(VMALLOC_START) (before 6.1)");
	}
	err = pfw_struct_size(k->dbi, "page", &k->page_struct_size);
	if (err)
		return err;
	read_vmemmap(k);
	/* init_mm's pgd: __pa_symbol(swapper_pg_dir) = va - kimage_voffset (memory.h:278) */
	err = pfw_kernel_symbol(k, "swapper_pg_dir", &pgd);
	if (err)
		return pfw_error_wrap(err, "the arm64 kernel's page tables");
	k->arm64.swapper_pg_dir = arm64_phys_to_virt(k, arm64_pa_symbol(k, pgd));
	return arm64_kernel_unmapped_at_el0(k);
}

/* __phys_to_virt(x) = ((x) - PHYS_OFFSET) | PAGE_OFFSET (memory.h:295) */
uint64_t arm64_phys_to_virt(struct pfw_kernel *k, uint64_t phys)
{
	return (phys - k->arm64.phys_offset) | k->page_offset;
}

/* __pa_symbol() = __kimg_to_phys(): va - kimage_voffset (memory.h:278, :285) */
uint64_t arm64_pa_symbol(const struct pfw_kernel *k, uint64_t va)
{
	return va - k->arm64.kimage_voffset;
}

/* __is_lm_address() and __lm_to_phys() (memory.h:275-277) */
bool arm64_virt_to_phys_direct(struct pfw_kernel *k, uint64_t virt, uint64_t *phys)
{
	if (virt - k->page_offset >= page_end(k->arm64.va_bits) - k->page_offset)
		return false;
	*phys = virt - k->page_offset + k->arm64.phys_offset;
	return true;
}

/* Every FAR is an address: one outside both ranges takes a level-0 translation fault. */
bool arm64_address_valid(const struct pfw_kernel *k, uint64_t addr)
{
	return true;
}

static int vabits_actual(const struct pfw_kernel *k)
{
	return k->arm64.t1sz ? 64 - k->arm64.t1sz : k->arm64.va_bits;
}

/* TASK_SIZE_64 = 1 << vabits_actual (processor.h:54) */
uint64_t arm64_task_size(const struct pfw_kernel *k)
{
	return 1ULL << vabits_actual(k);
}

/* SWP_PFN_BITS = MAX_PHYSMEM_BITS - PAGE_SHIFT, CONFIG_ARM64_PA_BITS 48 with 4 KiB pages */
int arm64_swp_pfn_bits(const struct pfw_kernel *k)
{
	return 48 - 12;
}

/*
 * untagged_addr(addr) = addr & __untagged_addr(addr), the latter
 * sign-extending bit 55 (6.1 asm/memory.h:238-245): a TTBR0 address loses
 * its tag byte, a TTBR1 address is left alone.
 */
uint64_t arm64_untagged_addr(uint64_t addr)
{
	return addr & (uint64_t)((int64_t)(addr << 8) >> 8);
}

bool arm64_is_ttbr0_addr(const struct pfw_kernel *k, uint64_t addr)
{
	return addr < arm64_task_size(k);
}

bool arm64_is_ttbr1_addr(const struct pfw_kernel *k, uint64_t addr)
{
	return addr >= k->page_offset;
}
