// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The x86_64 address-space layout of a dumped kernel: phys_base, paging
 * levels, the direct map, vmemmap and vmalloc bases, PTI; __va/__pa of the
 * direct map, canonical addresses, TASK_SIZE.  Moved from
 * src/kernel/open.c (read_bases, detect_pti, the x86 half of read_layout)
 * and src/kernel/read.c (pfw_phys_to_virt, pfw_virt_to_phys_direct,
 * pfw_address_canonical, now the table's operations).
 */
#include <string.h>

#include "arch/x86_64/x86_64.h"
#include "kernel/kernel.h"

/* x86_64 layout without CONFIG_RANDOMIZE_MEMORY (arch/x86/include/asm/page_64_types.h). */
#define PAGE_OFFSET_L4		0xffff888000000000ULL	/* 4.20+; 0xffff880000000000 before */
#define PAGE_OFFSET_L5		0xff11000000000000ULL
#define VMEMMAP_L4		0xffffea0000000000ULL
#define VMEMMAP_L5		0xffd4000000000000ULL
#define VMALLOC_L4		0xffffc90000000000ULL
#define VMALLOC_L5		0xffa0000000000000ULL
/* arch/x86/include/asm/cpufeatures.h, stable since 4.15 */
#define X86_FEATURE_PTI		(7 * 32 + 11)

/*
 * CONFIG_DYNAMIC_MEMORY_LAYOUT keeps the three bases in variables defined
 * together (arch/x86/kernel/head64.c); else they are constants.  Some of
 * the three found and not others means a damaged symbol table; a variable
 * that cannot be read leaves its base unknown, never the constant.
 */
static const char *const base_syms[] = { "page_offset_base", "vmemmap_base", "vmalloc_base" };

static struct pfw_error *read_bases(struct pfw_kernel *k, bool l5)
{
	uint64_t *vals[] = { &k->page_offset, &k->vmemmap_base, &k->vmalloc_base };
	const uint64_t fixed[][2] = { { PAGE_OFFSET_L4, PAGE_OFFSET_L5 },
				      { VMEMMAP_L4, VMEMMAP_L5 }, { VMALLOC_L4, VMALLOC_L5 } };
	uint64_t addr[3];
	int i, found = 0;

	for (i = 0; i < 3; i++)
		found += pfw_ok(pfw_kernel_symbol(k, base_syms[i], &addr[i]));
	if (found && found < 3)
		return pfw_error_create(PFW_ERR_INPUT,
					"%s: damaged symbol table: it has only %d of page_offset_base, vmemmap_base and vmalloc_base",
					pfw_debuginfo_path(k->dbi), found);
	for (i = 0; i < 3; i++) {
		struct pfw_error *err;

		if (!found) {
			*vals[i] = fixed[i][l5];
			continue;
		}
		err = pfw_read_kv_u64(k, addr[i], vals[i]);
		if (!err)
			continue;
		k->unknown_bases |= 1U << i;
		*vals[i] = 0;
		if (!k->bases_error)
			k->bases_error = pfw_error_wrap(err, "%s", base_syms[i]);
		else
			pfw_error_destroy(err);
	}
	return NULL;
}

/* PTI decides which pgd a user walk reads: unreadable is an error, not "off". */
static struct pfw_error *detect_pti(struct pfw_kernel *k)
{
	struct pfw_error *err;
	struct pfw_member m;
	uint64_t addr;
	uint32_t word;

	if (!pfw_ok(pfw_kernel_symbol(k, "boot_cpu_data", &addr)) ||
	    !pfw_ok(pfw_member(k->dbi, "cpuinfo_x86", "x86_capability", &m)))
		return NULL;
	err = pfw_read_kv(k, addr + m.offset + X86_FEATURE_PTI / 32 * 4, &word, sizeof(word));
	if (err) {
		err->code = PFW_ERR_INPUT;
		return pfw_error_wrap(err, "cannot tell whether the dump's kernel runs with PTI: boot_cpu_data");
	}
	k->pti = word & (1U << (X86_FEATURE_PTI % 32));
	return NULL;
}

struct pfw_error *x86_read_layout(struct pfw_kernel *k)
{
	int64_t l5 = 0;
	struct pfw_error *err;
	uint64_t addr, val;

	if (!pfw_vmcoreinfo_dec(k->mem, "NUMBER(phys_base)", (int64_t *)&k->phys_base))
		k->phys_base = 0;
	if (!pfw_vmcoreinfo_dec(k->mem, "NUMBER(pgtable_l5_enabled)", &l5) &&
	    pfw_ok(pfw_kernel_symbol(k, "__pgtable_l5_enabled", &addr)) &&
	    pfw_ok(pfw_read_kv(k, addr, &val, 4)))
		l5 = (uint32_t)val;
	k->paging_levels = l5 ? 5 : 4;
	err = read_bases(k, l5);
	if (!err)
		err = detect_pti(k);
	return err;
}

uint64_t x86_phys_to_virt(struct pfw_kernel *k, uint64_t phys)
{
	return k->page_offset + phys;
}

/* __pa_symbol(x) = x - __START_KERNEL_map + phys_base (arch/x86/include/asm/page_64.h) */
uint64_t x86_pa_symbol(const struct pfw_kernel *k, uint64_t va)
{
	return va - 0xffffffff80000000ULL + k->phys_base;
}

bool x86_virt_to_phys_direct(struct pfw_kernel *k, uint64_t virt, uint64_t *phys)
{
	if ((k->unknown_bases & PFW_BASE_PAGE_OFFSET) || virt < k->page_offset ||
	    virt - k->page_offset >= (1ULL << (k->paging_levels == 5 ? 52 : 46)))
		return false;
	*phys = virt - k->page_offset;
	return true;
}

bool x86_address_canonical(const struct pfw_kernel *k, uint64_t addr)
{
	int bits = k->paging_levels == 5 ? 57 : 48;

	/* shift unsigned: a left shift of a negative int64_t is undefined */
	return (uint64_t)((int64_t)(addr << (64 - bits)) >> (64 - bits)) == addr;
}

/* TASK_SIZE_MAX (arch/x86/include/asm/page_64_types.h) */
uint64_t x86_task_size(const struct pfw_kernel *k)
{
	return (1ULL << (k->paging_levels == 5 ? 56 : 47)) - 4096;
}

int x86_swp_pfn_bits(const struct pfw_kernel *k)
{
	return (k->paging_levels == 5 ? 52 : 46) - 12;
}
