// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * smaps on synthetic images: smaps_account()'s rules for private and
 * shared pages, and what a dump that lacks a struct page or a page table
 * makes of the fields (unavailable, never a made-up number).  Every
 * expectation is computed by the rules of fs/proc/task_mmu.c in Debian's
 * linux-source-6.1 (6.1.192), cited next to it.
 */
#include <string.h>

#include <pfwhy/smaps.h>

#include "check.h"
#include "synth.h"

/* include/linux/mm.h (6.1) */
#define VM_READ		0x00000001ULL
#define VM_WRITE	0x00000002ULL
#define VM_MAYREAD	0x00000010ULL
#define VM_MAYWRITE	0x00000020ULL
#define VM_RW_PRIVATE	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE)

/* arch/x86/include/asm/pgtable_types.h */
#define PTE_PRESENT	0x001ULL
#define PTE_RW		0x002ULL
#define PTE_USER	0x004ULL
#define PTE_ACCESSED	0x020ULL
#define PTE_DIRTY	0x040ULL
#define PTE_NX		(1ULL << 63)

#define MAPPING_ANON	0x1		/* include/linux/page-flags.h: PAGE_MAPPING_ANON */
#define PSS_SHIFT	12		/* fs/proc/task_mmu.c */

#define ADDR		0x10000000ULL
#define PFN_PRIVATE	0x1234ULL	/* struct pages 0x45 vmemmap pages apart: */
#define PFN_SHARED	0x5678ULL	/* one can be left out alone */

static struct syn *S;

static uint64_t page_phys(uint64_t pfn)
{
	return SYN_VMEMMAP_PHYS + pfn * syn_sizeof(S, "page");
}

/* An anonymous VMA of two pages: one private dirty, one mapped by two processes. */
static void build(struct syn_proc *p, uint64_t *vma_addr)
{
	static const struct syn_page_desc private = {
		.flags = { "PG_swapbacked", "PG_uptodate" }, .refcount = 1, .mapcount = 1,
		.mapping = 0x100000 | MAPPING_ANON,
	};
	static const struct syn_page_desc shared = {
		.flags = { "PG_swapbacked", "PG_uptodate" }, .refcount = 2, .mapcount = 2,
		.mapping = 0x100000 | MAPPING_ANON,
	};

	syn_process(S, p, "smaps");
	*vma_addr = syn_vma(S, p, ADDR, ADDR + 0x4000, VM_RW_PRIVATE, 0, 0, 0);
	syn_set_pte(S, p, ADDR, (PFN_PRIVATE << 12) | PTE_PRESENT | PTE_RW | PTE_USER |
				PTE_ACCESSED | PTE_DIRTY | PTE_NX);
	syn_set_pte(S, p, ADDR + 0x1000, (PFN_SHARED << 12) | PTE_PRESENT | PTE_USER | PTE_NX);
	syn_struct_page(S, PFN_PRIVATE, &private);
	syn_struct_page(S, PFN_SHARED, &shared);
}

static struct pfw_error *gather(struct syn_proc *p, struct pfw_smaps *m)
{
	struct pfw_smaps_ctx *c;
	struct pfw_error *err;
	struct pfw_vma v = { .start = ADDR, .end = ADDR + 0x4000, .flags = VM_RW_PRIVATE,
			     .pgoff = ADDR >> 12 };

	memset(m, 0, sizeof(*m));
	err = pfw_smaps_open(S->k, p->mm, &c);
	if (err)
		return err;
	err = pfw_smaps_gather(c, &v, m);
	pfw_smaps_close(c);
	return err;
}

static void test_counts(struct syn_proc *p)
{
	struct pfw_smaps m;

	CHECK(!gather(p, &m), "gather");
	CHECK(!m.unavailable, "every field available: 0x%llx", (unsigned long long)m.unavailable);
	/* smaps_account(): resident += size for each page vm_normal_page() finds */
	CHECK(m.v[PFW_SM_RSS] == 0x2000, "Rss %llu", (unsigned long long)m.v[PFW_SM_RSS]);
	/*
	 * page_count() == 1: the whole page, private, dirty by the pte;
	 * else page_mapcount() 2: pss = PAGE_SIZE << PSS_SHIFT / 2, shared, clean
	 */
	CHECK(m.v[PFW_SM_PSS] == (0x1000ULL << PSS_SHIFT) + ((0x1000ULL << PSS_SHIFT) / 2),
	      "Pss %llu", (unsigned long long)(m.v[PFW_SM_PSS] >> PSS_SHIFT));
	CHECK(m.v[PFW_SM_PRIVATE_DIRTY] == 0x1000, "Private_Dirty");
	CHECK(m.v[PFW_SM_SHARED_CLEAN] == 0x1000, "Shared_Clean");
	CHECK(m.v[PFW_SM_PRIVATE_CLEAN] == 0 && m.v[PFW_SM_SHARED_DIRTY] == 0, "no other sharing class");
	/* pss_dirty: only the dirty page's pss */
	CHECK(m.v[PFW_SM_PSS_DIRTY] == 0x1000ULL << PSS_SHIFT, "Pss_Dirty");
	/* young: the pte's accessed bit (neither page has PG_referenced or PG_young) */
	CHECK(m.v[PFW_SM_REFERENCED] == 0x1000, "Referenced %llu",
	      (unsigned long long)m.v[PFW_SM_REFERENCED]);
	/* PageAnon: both; LazyFree needs !PageSwapBacked */
	CHECK(m.v[PFW_SM_ANONYMOUS] == 0x2000 && m.v[PFW_SM_LAZYFREE] == 0, "Anonymous, LazyFree");
	CHECK(m.v[PFW_SM_PSS_ANON] == m.v[PFW_SM_PSS], "Pss_Anon");
}

/* A struct page the dump left out: Rss still counts (the pte says so), the rest cannot. */
static void test_missing_struct_page(struct syn_proc *p)
{
	struct pfw_smaps m;

	syn_exclude(S, page_phys(PFN_SHARED));
	CHECK(!gather(p, &m), "gather without a struct page");
	CHECK(m.v[PFW_SM_RSS] == 0x2000, "Rss from the ptes alone");
	CHECK(m.unavailable & (1ULL << PFW_SM_PSS), "Pss unavailable");
	CHECK(m.unavailable & (1ULL << PFW_SM_SHARED_CLEAN), "Shared_Clean unavailable");
	CHECK(m.unavailable & (1ULL << PFW_SM_ANONYMOUS), "Anonymous unavailable");
	CHECK(!(m.unavailable & (1ULL << PFW_SM_RSS)), "Rss available");
	CHECK(!(m.unavailable & (1ULL << PFW_SM_SWAP)), "Swap available");
	CHECK(strstr(m.why_unavailable, "struct page"), "why: %s", m.why_unavailable);
	syn_include_all(S);
}

/* The pte table left out: nothing that comes from the page tables can be given. */
static void test_missing_page_table(struct syn_proc *p)
{
	struct pfw_smaps m;
	uint64_t pmd = syn_table(S, p, ADDR, 2), e = syn_read_phys_u64(S, pmd + ((ADDR >> 21) & 511) * 8);

	syn_exclude(S, e & 0x000ffffffffff000ULL);
	CHECK(!gather(p, &m), "gather without the pte table");
	CHECK(m.unavailable & (1ULL << PFW_SM_RSS), "Rss unavailable");
	CHECK(m.unavailable & (1ULL << PFW_SM_SWAP), "Swap unavailable");
	CHECK(strstr(m.why_unavailable, "page table"), "why: %s", m.why_unavailable);
	syn_include_all(S);
}

static void tests(void)
{
	struct syn_proc p;
	uint64_t vma;

	build(&p, &vma);
	test_counts(&p);
	test_missing_struct_page(&p);
	test_missing_page_table(&p);
}

int main(void)
{
	return syn_main(&S, NULL, tests);
}
