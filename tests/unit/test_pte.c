// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * x86_64 entry decoding against the kernel's own encoders, written here as
 * arch/x86/include/asm/pgtable_64.h and pgtable-invert.h define them.
 */
#include <string.h>

#include <pfwhy/x86_64.h>

#include "check.h"

/* __swp_entry(type, offset) and the flags pte_swp_mk*() add (6.1) */
static uint64_t kernel_swp_entry(uint64_t type, uint64_t offset)
{
	return ((~offset << 14) >> 5) | (type << 59);
}

/* pfn_pte() of a PROT_NONE pte: the PFN is inverted when !PRESENT (L1TF) */
static uint64_t kernel_protnone_pte(uint64_t pfn, uint64_t prot)
{
	uint64_t val = (pfn << 12) | prot;

	return val ^ (~0ULL & 0x000ffffffffff000ULL);
}

/*
 * pfn_pmd(): the PFN inverted when the protection is not present, then cut
 * to PHYSICAL_PMD_PAGE_MASK (bits 21-51): the low bits of a huge leaf hold
 * no frame, and _PAGE_PAT_LARGE (bit 12) is a protection bit there
 */
static uint64_t kernel_pfn_pmd(uint64_t pfn, uint64_t prot)
{
	uint64_t phys = pfn << 12;

	if (prot && !(prot & 1))
		phys = ~phys;
	return (phys & 0x000fffffffe00000ULL) | prot;
}

static void test_swap_entries(const struct pfw_x86_layout *l)
{
	static const uint64_t offsets[] = { 1, 0x1234, 0x3ffff, 0xfffffffff };
	struct pfw_entry e;
	size_t i;

	for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
		uint64_t v = kernel_swp_entry(3, offsets[i]);

		pfw_x86_decode(l, PFW_PTE, v, &e);
		CHECK(e.state == PFW_ENTRY_SWAP, "0x%llx: state %s", (unsigned long long)v,
		      pfw_entry_state_name(e.state));
		CHECK(e.swap_type == 3, "type %u", e.swap_type);
		CHECK(e.swap_offset == offsets[i], "offset 0x%llx != 0x%llx",
		      (unsigned long long)e.swap_offset, (unsigned long long)offsets[i]);
		CHECK(!e.soft_dirty && !e.exclusive && !e.uffd_wp, "no flags expected");
		/* _PAGE_SWP_SOFT_DIRTY (bit 1), _PAGE_SWP_EXCLUSIVE (bit 3), _PAGE_SWP_UFFD_WP (bit 2) */
		pfw_x86_decode(l, PFW_PTE, v | 2 | 8 | 4, &e);
		CHECK(e.soft_dirty && e.exclusive && e.uffd_wp && e.swap_offset == offsets[i],
		      "swap flags of 0x%llx", (unsigned long long)(v | 14));
	}
}

static void test_special_swap_types(const struct pfw_x86_layout *l)
{
	struct pfw_entry e;

	pfw_x86_decode(l, PFW_PTE, kernel_swp_entry(l->swp.swp_migration_write, 0x4242), &e);
	CHECK(e.state == PFW_ENTRY_MIGRATION && e.migration_write && e.pfn == 0x4242,
	      "migration write entry: %s pfn 0x%llx", pfw_entry_state_name(e.state),
	      (unsigned long long)e.pfn);
	pfw_x86_decode(l, PFW_PTE, kernel_swp_entry(l->swp.swp_hwpoison, 0x77), &e);
	CHECK(e.state == PFW_ENTRY_HWPOISON && e.pfn == 0x77, "hwpoison entry");
	pfw_x86_decode(l, PFW_PTE, kernel_swp_entry(l->swp.swp_pte_marker, 1), &e);
	CHECK(e.state == PFW_ENTRY_MARKER && e.marker == 1, "uffd-wp marker");
	pfw_x86_decode(l, PFW_PTE, kernel_swp_entry(l->swp.swp_device_read, 0x99), &e);
	CHECK(e.state == PFW_ENTRY_DEVICE && e.pfn == 0x99, "device-private entry");
}

static void test_present_and_protnone(const struct pfw_x86_layout *l)
{
	struct pfw_entry e;
	char names[256];

	/* PRESENT RW USER ACCESSED DIRTY SOFT_DIRTY NX, pfn 0x7bfd */
	pfw_x86_decode(l, PFW_PTE, 0x8000000007bfd867ULL, &e);
	CHECK(e.state == PFW_ENTRY_PRESENT && e.pfn == 0x7bfd && e.write && e.user && e.nx &&
	      e.dirty && e.accessed && e.soft_dirty, "present pte");
	pfw_entry_flag_names(&e, names, sizeof(names));
	CHECK(!strcmp(names, "present write user accessed dirty soft-dirty nx"), "names: %s", names);
	/* PAGE_NONE = GLOBAL(PROTNONE) | ACCESSED */
	pfw_x86_decode(l, PFW_PTE, kernel_protnone_pte(0x1234, 0x120), &e);
	CHECK(e.state == PFW_ENTRY_PROTNONE && e.pfn == 0x1234, "protnone pfn 0x%llx",
	      (unsigned long long)e.pfn);
	/* pte_none ignores A and D (KNL erratum) */
	pfw_x86_decode(l, PFW_PTE, 0x60, &e);
	CHECK(e.state == PFW_ENTRY_NONE, "A|D only is none");
	/* a 2 MiB pmd: PRESENT RW USER PSE */
	pfw_x86_decode(l, PFW_PMD, 0x8000000000200087ULL, &e);
	CHECK(e.state == PFW_ENTRY_PRESENT && e.huge && e.pfn == 0x200, "huge pmd");
	/* pmd_pfn() masks a huge leaf's low bits: a PAT_LARGE pmd, a protnone one */
	pfw_x86_decode(l, PFW_PMD, kernel_pfn_pmd(0x400, 0x1087 | 0x10), &e);
	CHECK(e.state == PFW_ENTRY_PRESENT && e.pat && e.pfn == 0x400, "PAT huge pmd pfn 0x%llx",
	      (unsigned long long)e.pfn);
	pfw_x86_decode(l, PFW_PMD, kernel_pfn_pmd(0x600, 0x1a0), &e);
	CHECK(e.state == PFW_ENTRY_PROTNONE && e.huge && e.pfn == 0x600, "protnone huge pmd pfn 0x%llx",
	      (unsigned long long)e.pfn);
	/* an upper-level table pointer */
	pfw_x86_decode(l, PFW_PUD, 0x69d067, &e);
	CHECK(e.state == PFW_ENTRY_TABLE && e.pfn == 0x69d, "table pud");
	/* pkeys: bits 59-62 */
	pfw_x86_decode(l, PFW_PTE, 0x1800000000001867ULL, &e);
	CHECK(e.pkey == 3, "pkey %u", e.pkey);
}

int main(void)
{
	struct pfw_x86_layout l;

	pfw_x86_layout_default(&l);
	test_swap_entries(&l);
	test_special_swap_types(&l);
	test_present_and_protnone(&l);
	return check_report();
}
