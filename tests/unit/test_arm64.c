// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm64 descriptor and syndrome decoding against Linux 6.1's own
 * definitions: every expectation names the 6.1 line (Debian's 6.1.192
 * linux-source) whose macro or table entry decides it; the values are
 * built here from those macros, never from pfwhy's output.
 *   hwdef = arch/arm64/include/asm/pgtable-hwdef.h
 *   prot  = arch/arm64/include/asm/pgtable-prot.h
 *   pgt   = arch/arm64/include/asm/pgtable.h
 *   esr.h = arch/arm64/include/asm/esr.h, fault.c = arch/arm64/mm/fault.c
 */
#include <signal.h>
#include <string.h>

#include <pfwhy/arm64.h>

#include "arch/arm64/arm64.h"
#include "check.h"

/* hwdef :143-156, prot :16-28: the bits as 6.1 defines them */
#define PTE_VALID	(1ULL << 0)
#define PTE_TYPE_PAGE	(3ULL << 0)
#define PMD_TYPE_TABLE	(3ULL << 0)
#define PMD_TYPE_SECT	(1ULL << 0)
#define PTE_ATTRINDX(t)	((uint64_t)(t) << 2)
#define PTE_USER	(1ULL << 6)
#define PTE_RDONLY	(1ULL << 7)
#define PTE_SHARED	(3ULL << 8)
#define PTE_AF		(1ULL << 10)
#define PTE_NG		(1ULL << 11)
#define PTE_GP		(1ULL << 50)
#define PTE_DBM		(1ULL << 51)
#define PTE_CONT	(1ULL << 52)
#define PTE_PXN		(1ULL << 53)
#define PTE_UXN		(1ULL << 54)
#define PTE_WRITE	PTE_DBM
#define PTE_SWP_EXCLUSIVE (1ULL << 2)
#define PTE_DIRTY	(1ULL << 55)
#define PTE_SPECIAL	(1ULL << 56)
#define PTE_DEVMAP	(1ULL << 57)
#define PTE_PROT_NONE	(1ULL << 58)
#define PMD_PRESENT_INVALID (1ULL << 59)
#define PMD_TABLE_PXN	(1ULL << 59)
#define PMD_TABLE_UXN	(1ULL << 60)
#define MT_NORMAL	0	/* asm/memory.h :143 */
/* prot :40-41: PROT_DEFAULT = PTE_TYPE_PAGE | PTE_AF | PTE_SHARED (PTE_MAYBE_NG 0) */
#define _PROT_DEFAULT	(PTE_TYPE_PAGE | PTE_AF | PTE_SHARED)
#define _PAGE_DEFAULT	(_PROT_DEFAULT | PTE_ATTRINDX(MT_NORMAL))
/* prot :54-58, :100 */
#define _PAGE_SHARED	(_PAGE_DEFAULT | PTE_USER | PTE_RDONLY | PTE_NG | PTE_PXN | PTE_UXN | PTE_WRITE)
#define _PAGE_READONLY_EXEC (_PAGE_DEFAULT | PTE_USER | PTE_RDONLY | PTE_NG | PTE_PXN)
#define _PAGE_NONE	((_PAGE_DEFAULT & ~PTE_VALID) | PTE_PROT_NONE | PTE_RDONLY | PTE_NG | PTE_PXN | PTE_UXN)

/* pgt :1007-1017: __swp_entry(type, offset) */
static uint64_t swp_entry(uint64_t type, uint64_t offset)
{
	return (type << 3) | (offset << 8);
}

static struct pfw_arm64_layout layout;

static void decode(enum pfw_pt_level level, uint64_t v, struct pfw_entry *e)
{
	pfw_arm64_decode(&layout, level, v, e);
}

static void test_user_page(void)
{
	uint64_t pfn = 0x41234, v = (pfn << 12) | _PAGE_SHARED;
	struct pfw_entry e;

	decode(PFW_PTE, v, &e);
	/* pgt :102 pte_present(): PTE_VALID | PTE_PROT_NONE */
	CHECK(e.state == PFW_ENTRY_PRESENT && e.a64.valid && e.a64.page, "PAGE_SHARED: present page");
	/* pgt :87-91 __pte_to_phys(): PTE_ADDR_MASK bits [47:12] */
	CHECK(e.pfn == pfn, "pfn 0x%llx", (unsigned long long)e.pfn);
	/* pgt :105-106 pte_write() = PTE_WRITE (DBM), pte_user() = PTE_USER */
	CHECK(e.write && e.user && e.a64.dbm, "PAGE_SHARED: pte_write, pte_user");
	/* pgt :123-125: pte_hw_dirty = write && !RDONLY; here RDONLY is set: clean */
	CHECK(!e.dirty && e.a64.rdonly, "PAGE_SHARED is clean: DBM=1 AP[2]=1");
	/* pgt :107 pte_user_exec() = !PTE_UXN */
	CHECK(e.nx && e.a64.uxn && e.a64.pxn, "PAGE_SHARED: UXN and PXN");
	/* hwdef :149-151: SH inner shareable (3), AF, nG */
	CHECK(e.a64.sh == 3 && e.a64.af && e.accessed && e.a64.ng && !e.global, "SH/AF/nG");
	/* AP[2:1] = bits 7:6 = RDONLY|USER = 3 */
	CHECK(e.a64.ap == 3 && e.a64.attrindx == MT_NORMAL, "AP %u AttrIndx %u", e.a64.ap,
	      e.a64.attrindx);
	/* pgt :123: pte_mkdirty() clears RDONLY on a writable pte: hw dirty */
	decode(PFW_PTE, v & ~PTE_RDONLY, &e);
	CHECK(e.dirty && !e.a64.rdonly, "hw dirty: DBM and AP[2] clear");
	/* pgt :124 pte_sw_dirty(): PTE_DIRTY */
	decode(PFW_PTE, v | PTE_DIRTY, &e);
	CHECK(e.dirty && e.a64.rdonly, "sw dirty");
	/* pgt :104, :109: PTE_SPECIAL, PTE_DEVMAP; hwdef :152, :154: GP, CONT */
	decode(PFW_PTE, v | PTE_SPECIAL | PTE_DEVMAP | PTE_GP | PTE_CONT, &e);
	CHECK(e.special && e.devmap && e.a64.gp && e.a64.cont, "special devmap gp cont");
	/* the NS bit (5) and AttrIndx (4:2), architectural */
	decode(PFW_PTE, v | (1ULL << 5) | PTE_ATTRINDX(4), &e);
	CHECK(e.a64.ns && e.a64.attrindx == 4, "NS, AttrIndx 4");
	/* prot :57 PAGE_READONLY_EXEC: no DBM, executable at EL0 */
	decode(PFW_PTE, (pfn << 12) | _PAGE_READONLY_EXEC, &e);
	CHECK(!e.write && !e.nx && e.a64.pxn, "READONLY_EXEC: !pte_write, pte_user_exec");
}

static void test_non_present(void)
{
	struct pfw_entry e;

	/* pgt :95 pte_none(): !pte_val */
	decode(PFW_PTE, 0, &e);
	CHECK(e.state == PFW_ENTRY_NONE, "0 is none");
	/* pgt :451-454 pte_protnone(): (VALID | PROT_NONE) == PROT_NONE; prot :100 PAGE_NONE */
	decode(PFW_PTE, (0x777ULL << 12) | _PAGE_NONE, &e);
	CHECK(e.state == PFW_ENTRY_PROTNONE && e.a64.prot_none && !e.a64.valid && e.pfn == 0x777,
	      "PAGE_NONE: protnone, pfn kept");
	/* pgt :1001-1017: type bits [7:3], offset [57:8], exclusive bit 2 (6.1) */
	decode(PFW_PTE, swp_entry(3, 0x123456) | PTE_SWP_EXCLUSIVE, &e);
	CHECK(e.state == PFW_ENTRY_SWAP && e.swap_type == 3 && e.swap_offset == 0x123456 && e.exclusive,
	      "swap: type %u offset 0x%llx", e.swap_type, (unsigned long long)e.swap_offset);
	/* include/linux/swapops.h: make_writable_migration_entry(pfn) = swp_entry(SWP_MIGRATION_WRITE, pfn) */
	decode(PFW_PTE, swp_entry(layout.swp.swp_migration_write, 0x4242), &e);
	CHECK(e.state == PFW_ENTRY_MIGRATION && e.migration_write && e.pfn == 0x4242, "migration entry");
}

static void test_upper_levels(void)
{
	struct pfw_entry e;

	/* hwdef :115 PMD_TYPE_TABLE, :131-132 PMD_TABLE_PXN/UXN */
	decode(PFW_PMD, (0x5000ULL << 12) | PMD_TYPE_TABLE | PMD_TABLE_PXN | PMD_TABLE_UXN, &e);
	CHECK(e.state == PFW_ENTRY_TABLE && e.pfn == 0x5000 && e.a64.pxn_table && e.a64.uxn_table,
	      "pmd table with PXNTable/UXNTable");
	/* hwdef :116 PMD_TYPE_SECT: a 2 MiB block; pgt :593 pmd_leaf = present && !table */
	decode(PFW_PMD, (0x40200ULL << 12) | PMD_TYPE_SECT | PTE_AF | PTE_USER | PTE_UXN, &e);
	CHECK(e.state == PFW_ENTRY_PRESENT && e.huge && e.a64.block && e.pfn == 0x40200,
	      "pmd block");
	CHECK(pfw_entry_pfn_at(&e, 0x5000) == 0x40205, "block: pfn of the 4K page inside");
	/* hwdef :106 PUD_TYPE_SECT: a 1 GiB block */
	decode(PFW_PUD, (0x80000ULL << 12) | PMD_TYPE_SECT | PTE_AF, &e);
	CHECK(e.state == PFW_ENTRY_PRESENT && e.huge && e.level == PFW_PUD, "pud block");
	/* prot :28, pgt :462-466: PMD_PRESENT_INVALID keeps a pmd present while it splits */
	decode(PFW_PMD, (0x40200ULL << 12) | PMD_PRESENT_INVALID | PTE_AF, &e);
	CHECK(e.state == PFW_ENTRY_PRESENT && e.a64.present_invalid && !e.a64.valid,
	      "pmd present-invalid");
	/* 4 KiB granule, 4 levels: no level-0 block; pgt :752 p4d_bad() = !(val & 2) */
	decode(PFW_PGD, (0x80000ULL << 12) | PMD_TYPE_SECT, &e);
	CHECK(e.state == PFW_ENTRY_NONE, "a level-0 block is bad");
	CHECK(e.a64.hw_level == 0, "pgd is level 0");
	decode(PFW_PTE, _PAGE_SHARED, &e);
	CHECK(e.a64.hw_level == 3, "pte is level 3");
}

static void test_flag_names(void)
{
	char buf[256];
	struct pfw_entry e;

	decode(PFW_PTE, (0x1ULL << 12) | _PAGE_SHARED, &e);
	pfw_entry_flag_names(&e, buf, sizeof(buf));
	CHECK(strstr(buf, "page") && strstr(buf, "valid") && strstr(buf, "dbm") &&
	      strstr(buf, "rdonly") && strstr(buf, "uxn") && strstr(buf, "ap=3"),
	      "flag names: %s", buf);
}

/* esr.h :43-49, :76-132 */
#define EC_DABT_LOW	0x24ULL
#define EC_DABT_CUR	0x25ULL
#define EC_IABT_LOW	0x20ULL
#define IL		(1ULL << 25)
#define WNR		(1ULL << 6)
#define CM		(1ULL << 8)

/* true when the ESR is refused as no abort */
static bool arm64_syndrome_check(uint64_t esr, enum pfw_access *access, bool *kernel)
{
	struct pfw_error *err = arm64_syndrome_access(esr, access, kernel);
	bool refused = err != NULL;

	pfw_error_destroy(err);
	return refused;
}

static void test_esr(void)
{
	enum pfw_access access = PFW_ACCESS_READ;
	uint64_t esr = EC_DABT_CUR << 26 | IL | WNR | 0x05;
	char buf[1024];
	bool kernel;

	/* fault.c :90-108 mem_abort_decode() and :68-88 data_abort_decode() */
	pfw_esr_decode(esr, buf, sizeof(buf));
	CHECK(strstr(buf, "Mem abort info:\n  ESR = 0x0000000096000045\n"), "ESR line: %s", buf);
	/* traps.c :841 esr_class_str[ESR_ELx_EC_DABT_CUR] */
	CHECK(strstr(buf, "  EC = 0x25: DABT (current EL), IL = 32 bits\n"), "EC line: %s", buf);
	CHECK(strstr(buf, "  SET = 0, FnV = 0\n  EA = 0, S1PTW = 0\n"), "SET/EA lines: %s", buf);
	/* fault.c :745 fault_info[5] */
	CHECK(strstr(buf, "  FSC = 0x05: level 1 translation fault\n"), "FSC line: %s", buf);
	CHECK(strstr(buf, "Data abort info:\n  ISV = 0, ISS = 0x00000045\n  CM = 0, WnR = 1\n"),
	      "data abort lines: %s", buf);
	/* an instruction abort prints no data abort info (fault.c :106) */
	pfw_esr_decode(EC_IABT_LOW << 26 | IL | 0x0f, buf, sizeof(buf));
	CHECK(strstr(buf, "IABT (lower EL)") && strstr(buf, "level 3 permission fault") &&
	      !strstr(buf, "Data abort info"), "IABT: %s", buf);
	/* fault.c :739-804: the handler, signal and code of each FSC */
	CHECK(!strcmp(pfw_arm64_fault_info(0x07)->fn, "do_translation_fault") &&
	      pfw_arm64_fault_info(0x07)->code == SEGV_MAPERR, "FSC 0x07");
	CHECK(!strcmp(pfw_arm64_fault_info(0x0b)->fn, "do_page_fault") &&
	      pfw_arm64_fault_info(0x0b)->code == SEGV_ACCERR, "FSC 0x0b");
	CHECK(!strcmp(pfw_arm64_fault_info(0x08)->name, "unknown 8"), "FSC 0x08 is unknown in 6.1");
	CHECK(!strcmp(pfw_arm64_fault_info(0x21)->fn, "do_alignment_fault") &&
	      pfw_arm64_fault_info(0x21)->sig == SIGBUS, "FSC 0x21");
	CHECK(!strcmp(pfw_arm64_fault_info(0x30)->name, "TLB conflict abort"), "FSC 0x30");
	/* fault.c :518 is_write_abort(): WnR && !CM */
	CHECK(!arm64_syndrome_check(EC_DABT_LOW << 26 | IL | WNR | CM | 7, &access, &kernel) &&
	      access == PFW_ACCESS_READ && !kernel, "WnR with CM is a read");
	CHECK(!arm64_syndrome_check(EC_IABT_LOW << 26 | IL | 7, &access, &kernel) &&
	      access == PFW_ACCESS_EXEC && !kernel, "IABT_LOW is a user fetch");
	CHECK(arm64_syndrome_check(0x15ULL << 26 | IL, &access, &kernel), "an SVC is no abort");
}

int main(void)
{
	pfw_arm64_layout_default(&layout);
	test_user_page();
	test_non_present();
	test_upper_levels();
	test_flag_names();
	test_esr();
	return check_report();
}
