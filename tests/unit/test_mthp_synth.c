// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Multi-size THP (6.8+) on a synthetic image with a 6.12 vmlinux's DWARF:
 * the anonymous write fault's alloc_anon_folio() and the PMD test of
 * __handle_mm_fault(), by the huge_anon_orders_{always,madvise,inherit}
 * settings, and smaps' THPeligible of shmem and file VMAs.  Every
 * expectation is the kernel's, from Debian's linux-source-6.12 (6.12.117),
 * cited next to it.  The vmlinux is
 * $PFWHY_TEST_VMLINUX_612 (tests/run.sh: the 6.12 fixture set's), else the
 * one synth.h picks; one without the per-size settings (before 6.8) skips.
 */
#include <stdlib.h>
#include <string.h>

#include <pfwhy/smaps.h>
#include <pfwhy/walker.h>

#include "check.h"
#include "synth.h"

/* include/linux/mm.h (6.12) */
#define VM_READ		0x00000001ULL
#define VM_WRITE	0x00000002ULL
#define VM_MAYREAD	0x00000010ULL
#define VM_MAYWRITE	0x00000020ULL
#define VM_UFFD_WP	0x00001000ULL
#define VM_HUGEPAGE	0x20000000ULL
#define VM_NOHUGEPAGE	0x40000000ULL
#define VM_SHARED	0x00000008ULL
#define VM_MAYSHARE	0x00000080ULL
#define VM_RW_PRIVATE	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE)
#define VM_RW_SHARED	(VM_RW_PRIVATE | VM_SHARED | VM_MAYSHARE)
/* include/uapi/linux/stat.h; mm/shmem.c (6.12) :538-540 */
#define S_IFREG		0100000
#define SHMEM_HUGE_NEVER	0
#define SHMEM_HUGE_ALWAYS	1

#define ADDR	0x10000000ULL	/* a 4 MiB VMA, PMD-aligned */
#define FAULT	(ADDR + 0x21000)	/* inside the 64 KiB range ADDR+0x20000 */
#define PFN	0x1234ULL

static struct syn *S;

/* The sysfs settings: huge_anon_orders_* and transparent_hugepage_flags' enabled= bits. */
static void settings(uint64_t always, uint64_t madvise, uint64_t inherit, const char *enabled)
{
	uint64_t thp = 0;

	syn_ulong(S, "huge_anon_orders_always", always);
	syn_ulong(S, "huge_anon_orders_madvise", madvise);
	syn_ulong(S, "huge_anon_orders_inherit", inherit);
	if (enabled)
		thp = 1ULL << syn_enum(S, enabled);
	syn_ulong(S, "transparent_hugepage_flags", thp);
}

static bool replay(const struct syn_proc *p, uint64_t addr, struct pfw_fault_result *r)
{
	struct pfw_fault_request req = {
		.address = addr, .pid = p->pid, .access = PFW_ACCESS_WRITE,
	};
	struct pfw_error *err = pfw_why(S->k, &req, r);

	CHECK(!err, "pfw_why: %s", err ? err->message : "");
	pfw_error_destroy(err);
	return !err;
}

/* The evidence of the step of function whose outcome holds outcome, or NULL. */
static const char *step_evidence(const struct pfw_fault_result *r, const char *function,
				 const char *outcome)
{
	int i;

	for (i = 0; i < r->nsteps; i++)
		if (!strcmp(r->steps[i].function, function) && strstr(r->steps[i].outcome, outcome))
			return r->steps[i].evidence;
	return NULL;
}

/*
 * A write fault at FAULT in a fresh anonymous VMA [start, end) with flags,
 * a pte at pte_at when not 0: alloc_anon_folio()'s folio is of want_order
 * (its vma_alloc_folio() step), 0 for folio_prealloc()'s one page.
 */
static void expect_order(const char *name, uint64_t start, uint64_t end, uint64_t flags,
			 uint64_t pte_at, int want_order)
{
	struct pfw_fault_result r;
	struct syn_proc p;
	const char *ev;
	char want[32];
	int before = checks_failed;

	syn_process(S, &p, "mthp");
	syn_vma(S, &p, start, end, flags, 0, 0, 0);
	syn_set_entry(S, &p, FAULT, 2, syn_alloc_page(S) | S->table_flags);	/* a pte table */
	if (pte_at)
		syn_set_pte(S, &p, pte_at, (PFN << 12) | 0x67);
	if (!replay(&p, FAULT, &r))
		return;
	CHECK(r.verdict == PFW_V_ANON_NEW, "%s: verdict %s, expected anon-new", name,
	      pfw_verdict_name(r.verdict));
	ev = step_evidence(&r, "alloc_anon_folio", "vma_alloc_folio(order)");
	snprintf(want, sizeof(want), "order %d ", want_order);
	if (want_order)
		CHECK(ev && !strncmp(ev, want, strlen(want)), "%s: %s, expected %s", name,
		      ev ? ev : "one page", want);
	else
		CHECK(!ev, "%s: %s, expected one page (folio_prealloc())", name, ev);
	if (checks_failed != before)
		syn_print_steps(&r);
}

/*
 * alloc_anon_folio() (6.12 mm/memory.c:4654-4729): orders below PMD_ORDER
 * from thp_vma_allowable_orders() (include/linux/huge_mm.h:293-315: always,
 * madvise with VM_HUGEPAGE, inherit with enabled=always or madvise and
 * VM_HUGEPAGE), thp_vma_suitable_orders() (huge_mm.h:234-255: the aligned
 * range inside the VMA), then the highest whose range is pte_none
 * (memory.c:4693-4699); userfaultfd_armed() and vma_thp_disabled()
 * (VM_NOHUGEPAGE, huge_memory.c:170) fall back to one page.
 */
static void test_alloc_anon_folio(void)
{
	uint64_t end = ADDR + 0x400000;

	settings(1ULL << 4, 0, 0, NULL);
	expect_order("always 64K", ADDR, end, VM_RW_PRIVATE, 0, 4);
	expect_order("always 64K, a pte in its range", ADDR, end, VM_RW_PRIVATE, ADDR + 0x2f000, 0);
	settings((1ULL << 4) | (1ULL << 2), 0, 0, NULL);
	expect_order("always 64K and 16K, a pte in the 64K range only", ADDR, end, VM_RW_PRIVATE,
		     ADDR + 0x2f000, 2);
	settings(1ULL << 4, 0, 0, NULL);
	expect_order("always 64K, a 32K VMA", ADDR + 0x20000, ADDR + 0x28000, VM_RW_PRIVATE, 0, 0);
	expect_order("always 64K, VM_NOHUGEPAGE", ADDR, end, VM_RW_PRIVATE | VM_NOHUGEPAGE, 0, 0);
	expect_order("always 64K, userfaultfd (wp) armed", ADDR, end, VM_RW_PRIVATE | VM_UFFD_WP, 0, 0);
	settings(0, 1ULL << 4, 0, NULL);
	expect_order("madvise 64K, no VM_HUGEPAGE", ADDR, end, VM_RW_PRIVATE, 0, 0);
	expect_order("madvise 64K, VM_HUGEPAGE", ADDR, end, VM_RW_PRIVATE | VM_HUGEPAGE, 0, 4);
	settings(0, 0, 1ULL << 4, "TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG");
	expect_order("inherit 64K, enabled=madvise, no VM_HUGEPAGE", ADDR, end, VM_RW_PRIVATE, 0, 0);
	expect_order("inherit 64K, enabled=madvise, VM_HUGEPAGE", ADDR, end,
		     VM_RW_PRIVATE | VM_HUGEPAGE, 0, 4);
	settings(0, 0, 1ULL << 4, "TRANSPARENT_HUGEPAGE_FLAG");
	expect_order("inherit 64K, enabled=always", ADDR, end, VM_RW_PRIVATE, 0, 4);
}

/*
 * __handle_mm_fault() (6.12 mm/memory.c:5901-5909): pmd_none and
 * thp_vma_allowable_order(vma, vm_flags, TVA_IN_PF | TVA_ENFORCE_SYSFS,
 * PMD_ORDER) -> create_huge_pmd(); the 2 MiB setting off, the fault goes
 * on to the pte level.
 */
static void test_pmd_order(void)
{
	struct pfw_fault_result r;
	struct syn_proc p;

	settings(1ULL << 9, 0, 0, NULL);
	syn_process(S, &p, "pmd");
	syn_vma(S, &p, ADDR, ADDR + 0x400000, VM_RW_PRIVATE, 0, 0, 0);
	if (replay(&p, FAULT, &r)) {
		CHECK(r.verdict == PFW_V_THP_ANON && syn_has_step(&r, "do_huge_pmd_anonymous_page", NULL),
		      "always 2M: verdict %s, expected a PMD THP", pfw_verdict_name(r.verdict));
		if (r.verdict != PFW_V_THP_ANON)
			syn_print_steps(&r);
	}
	settings(1ULL << 4, 0, 0, NULL);
	syn_process(S, &p, "pmd-off");
	syn_vma(S, &p, ADDR, ADDR + 0x400000, VM_RW_PRIVATE, 0, 0, 0);
	if (replay(&p, FAULT, &r))
		CHECK(r.verdict == PFW_V_ANON_NEW && !syn_has_step(&r, "do_huge_pmd_anonymous_page", NULL),
		      "always 64K only: verdict %s, expected the pte level", pfw_verdict_name(r.verdict));
}

/*
 * A file VMA at ADDR of len bytes: struct file, its address_space (a_ops)
 * and inode (a regular file of len bytes, on a super_block whose s_fs_info
 * is a shmem_sb_info with huge=mount_huge).
 */
static struct pfw_vma file_vma(struct syn_proc *p, uint64_t len, uint64_t flags, uint64_t vm_ops,
			       uint64_t a_ops, uint64_t mount_huge)
{
	uint64_t file = syn_alloc_struct(S, "file"), mapping = syn_alloc_struct(S, "address_space");
	uint64_t inode = syn_alloc_struct(S, "inode"), sb = syn_alloc_struct(S, "super_block");
	uint64_t sbinfo = syn_alloc_struct(S, "shmem_sb_info");
	struct pfw_vma v = { .start = ADDR, .end = ADDR + len, .flags = flags, .file = file,
			     .vm_ops = vm_ops };

	syn_set(S, file, "file", "f_mapping", mapping);
	syn_set(S, file, "file", "f_inode", inode);
	syn_set(S, mapping, "address_space", "a_ops", a_ops);
	syn_set(S, mapping, "address_space", "host", inode);
	syn_set(S, inode, "inode", "i_mode", S_IFREG | 0600);
	syn_set(S, inode, "inode", "i_size", len);
	syn_set(S, inode, "inode", "i_sb", sb);
	syn_set(S, sb, "super_block", "s_fs_info", sbinfo);
	syn_set(S, sbinfo, "shmem_sb_info", "huge", mount_huge);
	syn_vma(S, p, v.start, v.end, flags, vm_ops, file, 0);
	return v;
}

static int thp_eligible(struct syn_proc *p, const struct pfw_vma *v)
{
	struct pfw_smaps_vma info;
	struct pfw_smaps_ctx *c;
	struct pfw_error *err = pfw_smaps_open(S->k, p->mm, &c);

	CHECK(!err, "pfw_smaps_open: %s", err ? err->message : "");
	if (err) {
		pfw_error_destroy(err);
		return -2;
	}
	pfw_smaps_vma_info(c, v, &info);
	pfw_smaps_close(c);
	return info.thp_eligible;
}

static void expect_eligible(const char *name, struct syn_proc *p, const struct pfw_vma *v, int want)
{
	int e = thp_eligible(p, v);

	CHECK(e == want, "%s: THPeligible %d, expected %d", name, e, want);
}

static void shmem_settings(uint64_t always, int32_t knob)
{
	syn_ulong(S, "huge_shmem_orders_always", always);
	syn_write(S, syn_sym(S, "shmem_huge"), &knob, sizeof(knob));
}

/*
 * show_smap()'s THPeligible (6.12 fs/proc/task_mmu.c:1173-1175):
 * thp_vma_allowable_orders(vma, vm_flags, TVA_SMAPS | TVA_ENFORCE_SYSFS,
 * THP_ORDERS_ALL) != 0.  For a shmem file, __thp_vma_allowable_orders()
 * (mm/huge_memory.c:212-215) returns shmem_allowable_huge_orders()
 * (mm/shmem.c:1699-1757): a tmpfs file by shmem_huge_global_enabled()
 * (the mount's huge=, :562-594), anonymous shared memory
 * (vma_is_anon_shmem(): shmem_anon_vm_ops) by huge_shmem_orders_always
 * and the others, masked by THP_ORDERS_ALL_FILE_DEFAULT.  Another file:
 * vma_can_map_huge_file() (huge_memory.c:121-143): the sysfs policy, then
 * ->huge_fault, then file_thp_enabled() (false without
 * CONFIG_READ_ONLY_THP_FOR_FS).
 */
static void test_smaps_thp_eligible(void)
{
	uint64_t shmem_aops = syn_sym(S, "shmem_aops"), anon_ops = syn_sym(S, "shmem_anon_vm_ops");
	uint64_t shmem_ops = syn_sym(S, "shmem_vm_ops"), ops = syn_alloc_struct(S, "vm_operations_struct");
	uint64_t other_aops = syn_alloc_struct(S, "address_space_operations");
	struct syn_proc p;
	struct pfw_vma v;

	settings(0, 0, 0, "TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG");
	shmem_settings(0, SHMEM_HUGE_NEVER);
	syn_process(S, &p, "smaps-thp");
	v = file_vma(&p, 0x200000, VM_RW_SHARED, shmem_ops, shmem_aops, SHMEM_HUGE_ALWAYS);
	expect_eligible("tmpfs, huge=always", &p, &v, 1);

	syn_process(S, &p, "smaps-thp");
	v = file_vma(&p, 0x10000, VM_RW_SHARED, anon_ops, shmem_aops, SHMEM_HUGE_NEVER);
	expect_eligible("anonymous shared 64K, no shmem order enabled", &p, &v, 0);
	shmem_settings(1ULL << 4, SHMEM_HUGE_NEVER);
	expect_eligible("anonymous shared 64K, shmem 64K always", &p, &v, 1);
	syn_process(S, &p, "smaps-thp");
	v = file_vma(&p, 0x8000, VM_RW_SHARED, anon_ops, shmem_aops, SHMEM_HUGE_NEVER);
	/* the orders that fit (1-3) are not intersected with the shmem mask */
	expect_eligible("anonymous shared 32K, shmem 64K always", &p, &v, 1);
	shmem_settings(1ULL << 4, -1);	/* SHMEM_HUGE_DENY */
	expect_eligible("anonymous shared, shmem_enabled=deny", &p, &v, 0);

	/* a file whose vm_ops has ->huge_fault (any non-NULL pointer) */
	syn_set(S, ops, "vm_operations_struct", "huge_fault", syn_sym(S, "filemap_fault"));
	syn_process(S, &p, "smaps-thp");
	v = file_vma(&p, 0x200000, VM_READ | VM_MAYREAD, ops, other_aops, SHMEM_HUGE_NEVER);
	expect_eligible("->huge_fault, enabled=madvise, no VM_HUGEPAGE", &p, &v, 0);
	settings(0, 0, 0, "TRANSPARENT_HUGEPAGE_FLAG");
	expect_eligible("->huge_fault, enabled=always", &p, &v, 1);
	syn_set(S, ops, "vm_operations_struct", "huge_fault", 0);
	if (!pfw_has_member(S->dbi, "address_space", "nr_thps"))
		expect_eligible("no ->huge_fault, no CONFIG_READ_ONLY_THP_FOR_FS", &p, &v, 0);
}

static void tests(void)
{
	if (!pfw_symbol_exists(S->dbi, "huge_anon_orders_always")) {
		syn_skip(S, "%s has no huge_anon_orders_always (no mTHP: before 6.8)", S->vmlinux);
		return;
	}
	test_alloc_anon_folio();
	test_pmd_order();
	test_smaps_thp_eligible();
}

int main(void)
{
	const char *env = getenv("PFWHY_TEST_VMLINUX_612");

	return syn_main(&S, env && *env ? env : NULL, tests);
}
