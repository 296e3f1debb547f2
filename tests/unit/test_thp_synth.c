// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * `pte` inside a PMD-mapped anonymous THP, on a synthetic image over the
 * 6.1 fixture vmlinux (the fixture dumps hold no mapped THP):
 *  - "pfn" is the 4 KiB subpage holding the address, as pagemap gives it
 *    (fs/proc/task_mmu.c pagemap_pmd_range(): frame = pmd_pfn(pmd) +
 *    ((addr & ~PMD_MASK) >> PAGE_SHIFT)), with the huge page's base and size;
 *  - the struct page's mapcount is page_mapcount() of 6.1 (mm/util.c
 *    __page_mapcount(): an anon compound page adds compound_mapcount + 1 of
 *    the head, less one while PageDoubleMap), not the raw _mapcount;
 *  - "pagemap" is the entry pagemap_pmd_range() builds: PM_PRESENT,
 *    PM_SOFT_DIRTY from pmd_soft_dirty(), PM_MMAP_EXCLUSIVE when
 *    page_mapcount(pmd_page(pmd)) == 1, no PM_FILE for an anon page.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pfwhy/commands.h>

#include "check.h"
#include "synth.h"

#define VM_RW_PRIVATE	0x33ULL
#define ADDR		0x40000000ULL	/* a 2 MiB-aligned VMA of one THP */
#define HEAD_PFN	0x2200ULL
#define SUBPAGE		0x100ULL	/* the address 1 MiB into the THP */
#define PMD_PSE		(1ULL << 7)
#define PMD_SOFT_DIRTY	(1ULL << 11)	/* _PAGE_SOFT_DIRTY, _PAGE_BIT_SOFTW3 */
#define MAPPING_ANON	0x1ULL

static struct syn *S;

static char *pte_json(struct syn_proc *p, uint64_t addr)
{
	struct pfw_session s = { .k = S->k, .current_pid = -1, .json = true };
	char pid[16], a[32], *argv[] = { "pte", "--pid", pid, a, NULL }, *out = NULL;
	struct pfw_error *err;
	size_t size;

	snprintf(pid, sizeof(pid), "%d", p->pid);
	snprintf(a, sizeof(a), "0x%llx", (unsigned long long)addr);
	s.out = open_memstream(&out, &size);
	err = pfw_command_run(&s, 4, argv);
	fclose(s.out);
	CHECK(!err, "pte: %s", err ? err->message : "");
	pfw_error_destroy(err);
	return out;
}

static void expect_field(const char *out, const char *field)
{
	CHECK(out && strstr(out, field), "pte --json lacks %s: %s", field, out ? out : "");
}

/* An anonymous THP of 512 pages at HEAD_PFN: PG_head, tails point to it, order 9. */
static void make_thp(bool double_map, int entire_mapcount)
{
	uint64_t size = syn_sizeof(S, "page"), anon = syn_alloc(S, 64) | MAPPING_ANON, i;
	uint64_t head = SYN_VMEMMAP + HEAD_PFN * size;
	struct syn_page_desc d = {
		.flags = { "PG_head", "PG_uptodate", "PG_lru", "PG_swapbacked" }, .refcount = 1,
		.mapcount = 0, .mapping = anon,
	};

	syn_struct_page(S, HEAD_PFN, &d);
	for (i = 1; i < 512; i++) {
		uint64_t tail = head + i * size;

		syn_set(S, tail, "page", "flags", i == 1 && double_map ?
			1ULL << syn_enum(S, "PG_double_map") : 0);
		syn_set(S, tail, "page", "compound_head", head | 1);
		syn_set(S, tail, "page", "_mapcount", (uint32_t)-1);
		syn_set(S, tail, "page", "mapping", 0);
	}
	/* set_compound_order() (6.1): compound_order and, on 64-bit, compound_nr */
	syn_set(S, head + size, "page", "compound_order", 9);
	syn_set(S, head + size, "page", "compound_nr", 512);
	/* compound_mapcount starts at -1: entire_mapcount + 1 = PMD mappings */
	syn_set(S, head + size, "page", "compound_mapcount", (uint32_t)(entire_mapcount - 1));
}

static void test_thp(void)
{
	struct syn_proc p;
	char *out;

	syn_process(S, &p, "thp");
	syn_vma(S, &p, ADDR, ADDR + 0x200000, VM_RW_PRIVATE, 0, 0, 0);
	syn_set_entry(S, &p, ADDR, 2, (HEAD_PFN << 12) | PMD_PSE | PMD_SOFT_DIRTY | 0x67);
	make_thp(false, 1);
	out = pte_json(&p, ADDR + SUBPAGE * 4096 + 0x123);
	/* the subpage 0x2300, the huge page at 0x2200 of 2 MiB */
	expect_field(out, "\"pfn\":\"0x2300\"");
	expect_field(out, "\"huge_pfn\":\"0x2200\"");
	expect_field(out, "\"huge_size\":2097152");
	/* _mapcount -1 (raw 0) + compound_mapcount 0 + 1 = 1: mapped once, by the PMD */
	expect_field(out, "\"mapcount\":1");
	/* folio_mapcount(): compound 1 + 512 x (_mapcount -1 + 1) = 1 */
	expect_field(out, "\"folio_mapcount\":1");
	expect_field(out, "\"folio_pages\":512");
	/* PM_PRESENT | PM_MMAP_EXCLUSIVE | PM_SOFT_DIRTY | frame 0x2300 */
	expect_field(out, "\"pagemap\":\"0x8180000000002300\"");
	free(out);

	/* mapped by the PMD in two processes (after fork): page_mapcount 2, not exclusive */
	make_thp(false, 2);
	out = pte_json(&p, ADDR + SUBPAGE * 4096);
	expect_field(out, "\"mapcount\":2");
	expect_field(out, "\"pagemap\":\"0x8080000000002300\"");
	free(out);

	/* PageDoubleMap: one less (the subpages' _mapcount then count the PMD too) */
	make_thp(true, 2);
	out = pte_json(&p, ADDR + SUBPAGE * 4096);
	expect_field(out, "\"mapcount\":1");
	free(out);
}

int main(void)
{
	return syn_main(&S, NULL, test_thp);
}
