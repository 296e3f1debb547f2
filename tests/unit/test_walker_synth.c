// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The decision walker on synthetic images: the branches of the fault path
 * that the fixture dumps (a real 6.1 guest) never reach.  Every expectation
 * is the kernel's, from its source (Debian linux-source-6.1, 6.1.192, unless
 * the test names another era), cited next to it; none is pfwhy's output.
 */
#include <signal.h>
#include <string.h>

#include <pfwhy/walker.h>

#include "check.h"
#include "synth.h"

/* include/linux/mm.h (6.1) */
#define VM_READ		0x00000001ULL
#define VM_WRITE	0x00000002ULL
#define VM_EXEC		0x00000004ULL
#define VM_SHARED	0x00000008ULL
#define VM_MAYREAD	0x00000010ULL
#define VM_MAYWRITE	0x00000020ULL
#define VM_MAYEXEC	0x00000040ULL
#define VM_MAYSHARE	0x00000080ULL
#define VM_GROWSDOWN	0x00000100ULL
#define VM_UFFD_WP	0x00001000ULL
#define VM_PKEY_SHIFT	32		/* VM_PKEY_BIT0 = VM_HIGH_ARCH_0 = BIT(32) */
#define VM_RW_PRIVATE	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE)
#define VM_RW_SHARED	(VM_RW_PRIVATE | VM_SHARED | VM_MAYSHARE)

/* arch/x86/include/asm/pgtable_types.h */
#define PTE_PRESENT	0x001ULL
#define PTE_RW		0x002ULL
#define PTE_USER	0x004ULL
#define PTE_ACCESSED	0x020ULL
#define PTE_DIRTY	0x040ULL
#define PTE_NX		(1ULL << 63)

/* arch/x86/include/asm/cpufeatures.h */
#define X86_FEATURE_OSPKE	(16 * 32 + 4)

/* include/linux/page-flags.h: PAGE_MAPPING_ANON, PAGE_MAPPING_KSM */
#define MAPPING_ANON	0x1
#define MAPPING_KSM	0x3

/* include/linux/swapops.h (6.1) */
#define PTE_MARKER_UFFD_WP	0x1

/*
 * The special swap types of include/linux/swap.h (6.1), counted from the
 * Kconfig options exactly as the header does.
 */
struct swap_types {
	int max_swapfiles, hwpoison, migration_read, device_read, pte_marker, swapin_error;
};

static struct swap_types swap_types_61(bool device_private, bool migration, bool memory_failure,
				       bool pte_marker)
{
	int device_num = device_private ? 4 : 0, migration_num = migration ? 3 : 0;
	int hwpoison_num = memory_failure ? 1 : 0, marker_num = pte_marker ? 1 : 0;
	struct swap_types t;

	/* MAX_SWAPFILES = (1 << 5) - SWP_DEVICE_NUM - SWP_MIGRATION_NUM - SWP_HWPOISON_NUM
	 *		   - SWP_PTE_MARKER_NUM - SWP_SWAPIN_ERROR_NUM (always 1 in 6.1) */
	t.max_swapfiles = 32 - device_num - migration_num - hwpoison_num - marker_num - 1;
	t.hwpoison = t.max_swapfiles;					/* SWP_HWPOISON */
	t.migration_read = t.max_swapfiles + hwpoison_num;		/* SWP_MIGRATION_READ */
	t.device_read = t.max_swapfiles + hwpoison_num + migration_num + 1; /* SWP_DEVICE_READ */
	t.pte_marker = t.max_swapfiles + hwpoison_num + migration_num + device_num;
	t.swapin_error = t.pte_marker + marker_num;			/* SWP_SWAPIN_ERROR */
	return t;
}

static struct syn *S;
/* The fixture kernel's Kconfig, from its symbols (checked in main). */
static struct swap_types T;

#define ADDR	0x10000000ULL	/* the VMA under test: 0x10000000-0x10400000 */
#define PFN	0x1234ULL

/* ---- running the walker ---- */

static bool run(const struct syn_proc *p, uint64_t addr, enum pfw_access access, bool has_ec,
		uint32_t ec, struct pfw_fault_result *r)
{
	struct pfw_fault_request req = {
		.address = addr, .pid = p->pid, .access = access,
		.has_error_code = has_ec, .error_code = ec,
	};
	struct pfw_error *err = pfw_why(S->k, &req, r);

	CHECK(!err, "pfw_why: %s", err ? err->message : "");
	pfw_error_destroy(err);
	return !err;
}

/* The verdict, signal and si_code of one replayed fault. */
static void expect(const char *name, const struct syn_proc *p, uint64_t addr,
		   enum pfw_access access, enum pfw_verdict v, int signal, int si_code)
{
	struct pfw_fault_result r;
	int before = checks_failed;

	if (!run(p, addr, access, false, 0, &r))
		return;
	CHECK(r.verdict == v, "%s: verdict %s, expected %s", name, pfw_verdict_name(r.verdict),
	      pfw_verdict_name(v));
	CHECK(r.signal == signal && r.si_code == si_code, "%s: signal %d si_code %d, expected %d %d",
	      name, r.signal, r.si_code, signal, si_code);
	if (checks_failed != before)
		syn_print_steps(&r);
}

/*
 * The stack VMA grew (expand_stack() succeeded) and the fault was then
 * handled in the grown VMA as "then" says.
 */
static void expect_stack(const char *name, const struct syn_proc *p, uint64_t addr,
			 enum pfw_access access, enum pfw_verdict then)
{
	struct pfw_fault_result r;
	int before = checks_failed;

	if (!run(p, addr, access, false, 0, &r))
		return;
	CHECK(r.verdict == PFW_V_STACK_EXPAND && r.then == then && !r.signal,
	      "%s: verdict %s then %s, expected stack-expand then %s", name,
	      pfw_verdict_name(r.verdict), pfw_verdict_name(r.then), pfw_verdict_name(then));
	if (checks_failed != before)
		syn_print_steps(&r);
}

/* A fresh process with one VMA at ADDR. */
static uint64_t proc_with_vma(struct syn_proc *p, uint64_t flags, uint64_t vm_ops, uint64_t file)
{
	syn_process(S, p, "synth");
	return syn_vma(S, p, ADDR, ADDR + 0x400000, flags, vm_ops, file, 0);
}

/* A shmem file VMA: vm_ops = &shmem_vm_ops as mm/shmem.c sets it up (6.1). */
static void proc_with_shmem_vma(struct syn_proc *p, uint64_t flags)
{
	uint64_t ops = syn_sym(S, "shmem_vm_ops");
	uint64_t file = syn_alloc_struct(S, "file"), inode = syn_alloc_struct(S, "inode");
	uint64_t sb = syn_alloc_struct(S, "super_block");
	uint64_t mapping = inode + syn_offset(S, "inode", "i_data");

	/* static const struct vm_operations_struct shmem_vm_ops = { .fault = shmem_fault, .map_pages = filemap_map_pages, ... } */
	syn_set(S, ops, "vm_operations_struct", "fault", syn_sym(S, "shmem_fault"));
	syn_set(S, ops, "vm_operations_struct", "map_pages", syn_sym(S, "filemap_map_pages"));
	syn_set(S, file, "file", "f_inode", inode);
	syn_set(S, file, "file", "f_mapping", mapping);
	syn_set(S, inode, "inode", "i_mapping", mapping);
	syn_set(S, inode, "inode", "i_sb", sb);
	syn_set(S, inode, "inode", "i_ino", 42);
	syn_set(S, inode, "inode", "i_size", 0x400000);
	syn_set(S, mapping, "address_space", "host", inode);
	/* i_pages empty: xa_head NULL */
	syn_process(S, p, "synth");
	syn_vma(S, p, ADDR, ADDR + 0x400000, flags, ops, file, 0);
}

static uint64_t pte_ro(uint64_t pfn)
{
	return (pfn << 12) | PTE_PRESENT | PTE_USER | PTE_ACCESSED | PTE_NX;
}

/* ---- non-present ptes: do_swap_page() and its special entries ---- */

static void test_migration_entry(void)
{
	struct pfw_fault_result r;
	struct syn_proc p;

	proc_with_vma(&p, VM_RW_PRIVATE, 0, 0);
	/* make_readable_migration_entry(pfn) = swp_entry(SWP_MIGRATION_READ, pfn) */
	syn_set_pte(S, &p, ADDR, syn_swp_pte(T.migration_read, PFN));
	/*
	 * do_swap_page(): non_swap_entry(entry) && is_migration_entry(entry) ->
	 * migration_entry_wait(), return 0: the access refaults against whatever
	 * the migration leaves, which the dump cannot show.
	 */
	expect("migration entry", &p, ADDR, PFW_ACCESS_READ, PFW_V_UNDECIDABLE, 0, 0);
	if (run(&p, ADDR, PFW_ACCESS_WRITE, false, 0, &r))
		CHECK(r.verdict == PFW_V_UNDECIDABLE && syn_has_step(&r, "do_swap_page", NULL) && r.undecidable[0],
		      "migration entry, write: %s", pfw_verdict_name(r.verdict));
}

static void test_hwpoison_entry(void)
{
	struct swap_types t = swap_types_61(false, true, true, true);
	struct syn_proc p;

	/* CONFIG_MEMORY_FAILURE is off in the fixture kernel: replay as if it were on */
	S->k->test.memory_failure = true;
	proc_with_vma(&p, VM_RW_PRIVATE, 0, 0);
	/* make_hwpoison_entry(page) = swp_entry(SWP_HWPOISON, page_to_pfn(page)) */
	syn_set_pte(S, &p, ADDR, syn_swp_pte(t.hwpoison, PFN));
	/*
	 * do_swap_page(): is_hwpoison_entry(entry) -> VM_FAULT_HWPOISON;
	 * do_user_addr_fault() -> do_sigbus(): fault & VM_FAULT_HWPOISON ->
	 * force_sig_mceerr(BUS_MCEERR_AR, ...)
	 */
	expect("hwpoison entry", &p, ADDR, PFW_ACCESS_READ, PFW_V_SIGBUS, SIGBUS, BUS_MCEERR_AR);
	S->k->test.memory_failure = false;
}

static void test_device_private_entry(void)
{
	struct swap_types t = swap_types_61(true, true, true, true);
	struct syn_proc p;

	S->k->test.memory_failure = S->k->test.device_private = true;
	proc_with_vma(&p, VM_RW_PRIVATE, 0, 0);
	/* make_readable_device_private_entry(pfn) = swp_entry(SWP_DEVICE_READ, pfn) */
	syn_set_pte(S, &p, ADDR, syn_swp_pte(t.device_read, PFN));
	/*
	 * do_swap_page(): is_device_private_entry(entry) ->
	 * vmf->page->pgmap->ops->migrate_to_ram(vmf): the driver decides.
	 */
	expect("device-private entry", &p, ADDR, PFW_ACCESS_READ, PFW_V_UNDECIDABLE, 0, 0);
	S->k->test.memory_failure = S->k->test.device_private = false;
}

static void test_uffd_wp_marker(void)
{
	struct syn_proc p;

	proc_with_shmem_vma(&p, VM_RW_SHARED | VM_UFFD_WP);
	/* make_pte_marker(PTE_MARKER_UFFD_WP) = swp_entry(SWP_PTE_MARKER, marker) */
	syn_set_pte(S, &p, ADDR, syn_swp_pte(T.pte_marker, PTE_MARKER_UFFD_WP));
	/*
	 * do_swap_page(): is_pte_marker_entry() -> handle_pte_marker(): not
	 * anonymous, marker != 0, pte_marker_entry_uffd_wp() ->
	 * pte_marker_handle_uffd_wp(): userfaultfd_wp(vma) -> do_fault(vmf):
	 * !FAULT_FLAG_WRITE -> do_read_fault(): shmem_fault supplies the page.
	 */
	expect("uffd-wp marker, read", &p, ADDR, PFW_ACCESS_READ, PFW_V_READ_FAULT, 0, 0);
	/*
	 * A write: do_fault() -> do_shared_fault() -> finish_fault() ->
	 * do_set_pte(): uffd_wp = pte_marker_uffd_wp(vmf->orig_pte), so
	 * entry = pte_mkuffd_wp(pte_wrprotect(entry)).  The restarted write
	 * faults on that pte: handle_pte_fault() -> do_wp_page():
	 * userfaultfd_pte_wp(vma, pte) -> handle_userfault(vmf, VM_UFFD_WP).
	 */
	expect("uffd-wp marker, write", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_UFFD_WP, 0, 0);

	/*
	 * 6.1 handle_pte_marker(): WARN_ON_ONCE(vma_is_anonymous(vmf->vma) ||
	 * !marker) -> VM_FAULT_SIGBUS (markers are for file memory in 6.1).
	 */
	proc_with_vma(&p, VM_RW_PRIVATE | VM_UFFD_WP, 0, 0);
	syn_set_pte(S, &p, ADDR, syn_swp_pte(T.pte_marker, PTE_MARKER_UFFD_WP));
	expect("uffd-wp marker in an anonymous VMA", &p, ADDR, PFW_ACCESS_READ, PFW_V_SIGBUS,
	       SIGBUS, BUS_ADRERR);
}

static void test_swapin_error_entry(void)
{
	struct syn_proc p;

	proc_with_vma(&p, VM_RW_PRIVATE, 0, 0);
	/* make_swapin_error_entry(page) = swp_entry(SWP_SWAPIN_ERROR, page_to_pfn(page)) */
	syn_set_pte(S, &p, ADDR, syn_swp_pte(T.swapin_error, PFN));
	/* 6.1 do_swap_page(): is_swapin_error_entry(entry) -> VM_FAULT_SIGBUS -> do_sigbus: BUS_ADRERR */
	expect("swapin-error entry", &p, ADDR, PFW_ACCESS_READ, PFW_V_SIGBUS, SIGBUS, BUS_ADRERR);

	/*
	 * The same with an odd pfn in a uffd-wp file VMA: the entry's offset is
	 * a pfn, not a marker, and do_swap_page() tests is_swapin_error_entry()
	 * before is_pte_marker_entry(): still VM_FAULT_SIGBUS.
	 */
	proc_with_shmem_vma(&p, VM_RW_SHARED | VM_UFFD_WP);
	syn_set_pte(S, &p, ADDR, syn_swp_pte(T.swapin_error, PFN | 1));
	expect("swapin-error entry, odd pfn, uffd-wp VMA", &p, ADDR, PFW_ACCESS_READ, PFW_V_SIGBUS,
	       SIGBUS, BUS_ADRERR);
}

/* ---- arch/x86/mm/fault.c ---- */

static void test_protection_keys(void)
{
	struct syn_proc p;

	/*
	 * pkey 1 on the VMA: vma_pkey() = (vm_flags & VM_PKEY_MASK) >> VM_PKEY_SHIFT.
	 * VM_EXEC too, so that an instruction fetch is allowed by the VMA.
	 */
	proc_with_vma(&p, VM_RW_PRIVATE | VM_EXEC | VM_MAYEXEC | (1ULL << VM_PKEY_SHIFT), 0, 0);
	syn_cpu_feature(S, X86_FEATURE_OSPKE, true);
	/* PKRU: AD (bit 2 * pkey) set for key 1 */
	syn_set(S, p.task, "task_struct", "thread.pkru", 1U << 2);
	/*
	 * access_error(): !arch_vma_access_permitted(vma, write, instr, false)
	 * -> __pkru_allows_pkey(1, false): !__pkru_allows_read(pkru, 1) -> 1;
	 * bad_area_access_error(): bad_area_access_from_pkeys() (OSPKE on, the
	 * same test) -> __bad_area(..., SEGV_PKUERR).
	 */
	expect("pkey 1 access-disabled, read", &p, ADDR, PFW_ACCESS_READ, PFW_V_SEGV_PKUERR,
	       SIGSEGV, SEGV_PKUERR);
	/* WD (bit 2 * pkey + 1) only: a read is allowed (do_anonymous_page: zero page) ... */
	syn_set(S, p.task, "task_struct", "thread.pkru", 2U << 2);
	expect("pkey 1 write-disabled, read", &p, ADDR, PFW_ACCESS_READ, PFW_V_ZERO_PAGE, 0, 0);
	/* ... a write is not: write && !__pkru_allows_write(pkru, 1) */
	expect("pkey 1 write-disabled, write", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_SEGV_PKUERR,
	       SIGSEGV, SEGV_PKUERR);
	/* pkeys never affect instruction fetches (arch_vma_access_permitted: execute -> true) */
	syn_set(S, p.task, "task_struct", "thread.pkru", 3U << 2);
	expect("pkey 1 denied, exec", &p, ADDR, PFW_ACCESS_EXEC, PFW_V_ZERO_PAGE, 0, 0);
	/*
	 * Without X86_FEATURE_OSPKE read_pkru() returns 0: every key allows, and
	 * bad_area_access_from_pkeys() would be false anyway.
	 */
	syn_cpu_feature(S, X86_FEATURE_OSPKE, false);
	expect("pkey 1 denied, no OSPKE", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_ANON_NEW, 0, 0);

	/* Key 0 is a key like the others: __pkru_allows_pkey(0, ...) tests AD0. */
	proc_with_vma(&p, VM_RW_PRIVATE, 0, 0);
	syn_cpu_feature(S, X86_FEATURE_OSPKE, true);
	syn_set(S, p.task, "task_struct", "thread.pkru", 0x1);
	expect("pkey 0 access-disabled", &p, ADDR, PFW_ACCESS_READ, PFW_V_SEGV_PKUERR, SIGSEGV,
	       SEGV_PKUERR);
	syn_set(S, p.task, "task_struct", "thread.pkru", 0x55555554);
	expect("pkey 0 allowed (init_pkru_value)", &p, ADDR, PFW_ACCESS_READ, PFW_V_ZERO_PAGE, 0, 0);
	syn_cpu_feature(S, X86_FEATURE_OSPKE, false);
}

static void test_rsvd(void)
{
	struct pfw_fault_result r;
	struct syn_proc p;

	proc_with_vma(&p, VM_RW_PRIVATE, 0, 0);
	syn_set_pte(S, &p, ADDR, pte_ro(PFN) | (1ULL << 51));	/* a reserved address bit */
	/*
	 * do_user_addr_fault(): error_code & X86_PF_RSVD -> pgtable_bad():
	 * __die("Bad pagetable", regs, error_code), oops_end(flags, regs, SIGKILL).
	 */
	if (run(&p, ADDR, PFW_ACCESS_READ, true, PFW_PF_USER | PFW_PF_RSVD | PFW_PF_PROT, &r))
		CHECK(r.verdict == PFW_V_OOPS && r.signal == SIGKILL && syn_has_step(&r, "pgtable_bad", NULL),
		      "RSVD: %s signal %d", pfw_verdict_name(r.verdict), r.signal);
	/* the same from kernel mode (a uaccess): RSVD is tested before anything else that differs */
	if (run(&p, ADDR, PFW_ACCESS_READ, true, PFW_PF_RSVD | PFW_PF_PROT, &r))
		CHECK(r.verdict == PFW_V_OOPS && r.signal == SIGKILL,
		      "RSVD, kernel mode: %s", pfw_verdict_name(r.verdict));
}

/* ---- mm/memory.c ---- */

static void test_shared_anonymous_without_vm_ops(void)
{
	struct syn_proc p;

	proc_with_vma(&p, VM_RW_SHARED, 0, 0);
	/*
	 * handle_pte_fault(): pte none, vma_is_anonymous() (no vm_ops) ->
	 * do_anonymous_page(): vma->vm_flags & VM_SHARED -> VM_FAULT_SIGBUS
	 * ("File mapping without ->vm_ops ?") -> do_sigbus(): BUS_ADRERR.
	 */
	expect("VM_SHARED without vm_ops, read", &p, ADDR, PFW_ACCESS_READ, PFW_V_SIGBUS, SIGBUS,
	       BUS_ADRERR);
	expect("VM_SHARED without vm_ops, write", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_SIGBUS, SIGBUS,
	       BUS_ADRERR);
}

/* A private anonymous page mapped read-only at ADDR, its struct page as given. */
static void proc_with_anon_page(struct syn_proc *p, const struct syn_page_desc *d)
{
	proc_with_vma(p, VM_RW_PRIVATE, 0, 0);
	syn_set_pte(S, p, ADDR, pte_ro(PFN));
	syn_struct_page(S, PFN, d);
}

/* The major/minor accounting of one replayed fault, as mm_account_fault() would count it. */
static void expect_kind(const char *name, const struct syn_proc *p, enum pfw_verdict v, bool major)
{
	struct pfw_fault_result r;
	int before = checks_failed;

	if (!run(p, ADDR, PFW_ACCESS_READ, false, 0, &r))
		return;
	CHECK(r.verdict == v && r.has_major && r.major == major, "%s: %s, %s, expected %s, %s", name,
	      pfw_verdict_name(r.verdict), !r.has_major ? "not counted" : r.major ? "major" : "minor",
	      pfw_verdict_name(v), major ? "major" : "minor");
	if (checks_failed != before)
		syn_print_steps(&r);
}

/*
 * 6.1 do_swap_page(): swap_cache_get_folio(entry) = filemap_get_folio(
 * &swapper_spaces[type][offset >> SWAP_ADDRESS_SPACE_SHIFT], offset).
 * Not cached: swapin_readahead(), "ret = VM_FAULT_MAJOR".  Cached: no I/O,
 * folio_lock_or_retry() takes the lock and the fault returns 0, a minor
 * fault; a locked folio (I/O in flight) makes folio_lock_or_retry() fail ->
 * "ret |= VM_FAULT_RETRY", and mm_account_fault() counts the retry
 * (FAULT_FLAG_TRIED) major.
 */
static void test_swap_cache(void)
{
	uint64_t spaces = syn_sym(S, "swapper_spaces"), space = syn_alloc_struct(S, "address_space");
	uint64_t page = SYN_VMEMMAP + PFN * syn_sizeof(S, "page");
	struct syn_page_desc d = {
		.flags = { "PG_uptodate", "PG_swapbacked", "PG_owner_priv_1" }, .refcount = 1,
	};
	struct syn_proc p;

	proc_with_vma(&p, VM_RW_PRIVATE, 0, 0);
	syn_set_pte(S, &p, ADDR, syn_swp_pte(1, 0));
	syn_u64(S, spaces + 8, space);
	syn_set(S, space, "address_space", "i_pages.xa_head", 0);
	expect_kind("swap entry not in the swap cache", &p, PFW_V_SWAP_IN, true);
	/* index 0 of an xarray with one entry at 0 is xa_head itself */
	syn_struct_page(S, PFN, &d);
	syn_set(S, space, "address_space", "i_pages.xa_head", page);
	expect_kind("swap entry in the swap cache", &p, PFW_V_SWAP_IN, false);
	d.flags[3] = "PG_locked";
	syn_struct_page(S, PFN, &d);
	expect_kind("swap entry in the swap cache, locked", &p, PFW_V_SWAP_IN, true);
	syn_u64(S, spaces + 8, 0);
}

static void test_wp_anon_exclusive(void)
{
	uint64_t anon_vma = syn_alloc(S, 64) | MAPPING_ANON;
	struct syn_page_desc d = {
		.flags = { "PG_uptodate", "PG_lru", "PG_swapbacked" }, .mapcount = 1,
		.mapping = anon_vma,
	};
	struct syn_proc p;

	/*
	 * 6.1 do_wp_page(), anon folio, !PageAnonExclusive(page):
	 * ksm no, folio_ref_count 2 <= 3, on the LRU (no lru_add_drain),
	 * folio_ref_count(folio) > 1 + folio_test_swapcache(folio): 2 > 1 -> copy.
	 */
	d.refcount = 2;
	proc_with_anon_page(&p, &d);
	expect("not exclusive, refcount 2", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_WP_COPY, 0, 0);
	/* refcount 1: passes both, folio_trylock succeeds, ref_count == 1 -> page_move_anon_rmap, reuse */
	d.refcount = 1;
	proc_with_anon_page(&p, &d);
	expect("not exclusive, refcount 1", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_WP_REUSE, 0, 0);
	/* locked: !folio_trylock(folio) -> copy */
	d.flags[3] = "PG_locked";
	proc_with_anon_page(&p, &d);
	expect("not exclusive, refcount 1, locked", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_WP_COPY, 0, 0);
	d.flags[3] = NULL;
	/* PageAnonExclusive(vmf->page) -> goto reuse, whatever the refcount */
	d.refcount = 3;
	d.page_flags[0] = "PG_anon_exclusive";
	proc_with_anon_page(&p, &d);
	expect("PageAnonExclusive, refcount 3", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_WP_REUSE, 0, 0);
}

/* 5.10 to 5.18 (5.10.89, 5.15.135 do_wp_page()): the page_count rule */
static void test_wp_page_count_era(void)
{
	uint64_t anon_vma = syn_alloc(S, 64) | MAPPING_ANON;
	struct syn_page_desc d = {
		.flags = { "PG_uptodate", "PG_lru", "PG_swapbacked" }, .mapcount = 1,
		.mapping = anon_vma, .refcount = 1,
	};
	struct syn_proc p;

	S->k->test.wp_rule = PFW_TEST_WP_PAGE_COUNT;
	/*
	 * PageAnon: PageKsm(page) || page_count(page) != 1 -> copy;
	 * !trylock_page(page) -> copy; PageKsm || page_mapcount(page) != 1 ||
	 * page_count(page) != 1 -> copy; else wp_page_reuse().
	 */
	proc_with_anon_page(&p, &d);
	expect("page_count era, count 1 mapcount 1", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_WP_REUSE, 0, 0);
	d.refcount = 2;		/* e.g. a GUP pin or the swap cache's reference */
	proc_with_anon_page(&p, &d);
	expect("page_count era, count 2", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_WP_COPY, 0, 0);
	/* PG_anon_exclusive means nothing before 5.19: still the count */
	d.page_flags[0] = "PG_anon_exclusive";
	proc_with_anon_page(&p, &d);
	expect("page_count era, count 2, bit 'exclusive'", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_WP_COPY,
	       0, 0);
	d.page_flags[0] = NULL;
	d.refcount = 1;
	d.flags[3] = "PG_locked";
	proc_with_anon_page(&p, &d);
	expect("page_count era, count 1, locked", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_WP_COPY, 0, 0);
	S->k->test.wp_rule = PFW_TEST_WP_DETECT;
}

/* 4.19 and 5.4 (4.19.72, 5.4.214 do_wp_page(), mm/swapfile.c reuse_swap_page()) */
static void test_wp_reuse_swap_page_era(void)
{
	uint64_t anon_vma = syn_alloc(S, 64) | MAPPING_ANON;
	struct syn_page_desc d = {
		.flags = { "PG_uptodate", "PG_lru", "PG_swapbacked" }, .mapcount = 1,
		.mapping = anon_vma, .refcount = 3,
	};
	struct syn_proc p;

	S->k->test.wp_rule = PFW_TEST_WP_REUSE_SWAP_PAGE;
	/*
	 * PageAnon && !PageKsm: (lock_page) reuse_swap_page(page, &total):
	 * count = page_mapcount + page_swapcount (0: not in the swap cache);
	 * return count <= 1.  The refcount plays no part: 3 references, one
	 * mapping -> wp_page_reuse().
	 */
	proc_with_anon_page(&p, &d);
	expect("reuse_swap_page era, mapcount 1, refcount 3", &p, ADDR, PFW_ACCESS_WRITE,
	       PFW_V_WP_REUSE, 0, 0);
	/* mapped twice (after fork): count 2 > 1 -> copy */
	d.mapcount = 2;
	proc_with_anon_page(&p, &d);
	expect("reuse_swap_page era, mapcount 2", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_WP_COPY, 0, 0);
	/* 4.19: a KSM page fails PageAnon(page) && !PageKsm(page) -> copy (no reuse_ksm_page before 5.1) */
	d.mapcount = 1;
	d.refcount = 1;
	d.mapping = anon_vma | MAPPING_KSM;
	proc_with_anon_page(&p, &d);
	expect("reuse_swap_page era, KSM page", &p, ADDR, PFW_ACCESS_WRITE, PFW_V_WP_COPY, 0, 0);
	S->k->test.wp_rule = PFW_TEST_WP_DETECT;
}

/* ---- stack growth: lock_mm_and_find_vma() -> expand_stack_locked() -> expand_downwards() ---- */

#define STACK_START	0x7f0000400000ULL
#define STACK_END	0x7f0000500000ULL
#define PREV_END	0x7f0000100000ULL

static void proc_with_stack(struct syn_proc *p, uint64_t prev_flags)
{
	syn_process(S, p, "synth");
	syn_vma(S, p, 0x7f0000000000ULL, PREV_END, prev_flags, 0, 0, 0);
	syn_vma(S, p, STACK_START, STACK_END, VM_RW_PRIVATE | VM_GROWSDOWN, 0, 0, 0);
}

static void test_stack(void)
{
	struct pfw_fault_result r;
	struct syn_proc p;

	proc_with_stack(&p, VM_RW_PRIVATE);
	/*
	 * find_vma() finds the stack above; VM_GROWSDOWN; expand_downwards():
	 * prev accessible and not VM_GROWSDOWN, address - prev->vm_end =
	 * 0x80000 < stack_guard_gap (256 pages) -> -ENOMEM;
	 * lock_mm_and_find_vma() returns NULL -> bad_area_nosemaphore(): SEGV_MAPERR.
	 */
	expect("stack guard gap", &p, PREV_END + 0x80000, PFW_ACCESS_WRITE, PFW_V_SEGV_MAPERR,
	       SIGSEGV, SEGV_MAPERR);
	/* address - prev->vm_end = 2 MiB >= the gap; size 2 MiB <= RLIMIT_STACK 8 MiB: grows */
	expect_stack("stack grows", &p, PREV_END + 0x200000, PFW_ACCESS_WRITE, PFW_V_ANON_NEW);
	if (run(&p, PREV_END + 0x200000, PFW_ACCESS_WRITE, false, 0, &r))
		/* 6.1.192 has the 6.5 locking backport: lock_mm_and_find_vma() -> expand_stack_locked() */
		CHECK(syn_has_step(&r, pfw_symbol_exists(pfw_kernel_debuginfo(S->k), "lock_mm_and_find_vma") ?
				       "expand_stack_locked" : "expand_stack", NULL),
		      "stack grows: no expand_stack step");
	/* acct_stack_growth(): size (2 MiB) > rlimit(RLIMIT_STACK) (1.5 MiB) -> -ENOMEM */
	syn_rlimit_stack(S, &p, 0x180000);
	expect("RLIMIT_STACK", &p, PREV_END + 0x200000, PFW_ACCESS_WRITE, PFW_V_SEGV_MAPERR, SIGSEGV,
	       SEGV_MAPERR);
	/* ... but growth to size == RLIMIT_STACK is not "size > rlimit" */
	expect_stack("within RLIMIT_STACK", &p, STACK_START - 0x80000 + 0x100, PFW_ACCESS_READ,
		     PFW_V_ZERO_PAGE);

	/* a PROT_NONE neighbour is no guard: !vma_is_accessible(prev) -> no gap check */
	proc_with_stack(&p, VM_MAYREAD | VM_MAYWRITE);
	expect_stack("PROT_NONE prev, no gap", &p, PREV_END + 0x80000, PFW_ACCESS_WRITE, PFW_V_ANON_NEW);
	/* a VM_GROWSDOWN neighbour is no guard either */
	proc_with_stack(&p, VM_RW_PRIVATE | VM_GROWSDOWN);
	expect_stack("GROWSDOWN prev, no gap", &p, PREV_END + 0x80000, PFW_ACCESS_WRITE, PFW_V_ANON_NEW);
}

/* The fixture kernel's options that the expectations above assume. */
static bool check_config(void)
{
	struct pfw_debuginfo *dbi = S->dbi;
	bool migration = pfw_symbol_exists(dbi, "migrate_pages");
	bool memory_failure = pfw_symbol_exists(dbi, "memory_failure");
	bool device_private = pfw_symbol_exists(dbi, "make_device_exclusive_range");
	bool marker = pfw_symbol_exists(dbi, "handle_userfault");

	CHECK(!strncmp(S->release, "6.1.", 4), "the synthetic tests expect a 6.1 vmlinux, not %s",
	      S->release);
	CHECK(migration && marker && !memory_failure && !device_private,
	      "unexpected Kconfig: MIGRATION %d PTE_MARKER %d MEMORY_FAILURE %d DEVICE_PRIVATE %d",
	      migration, marker, memory_failure, device_private);
	T = swap_types_61(device_private, migration, memory_failure, marker);
	return !strncmp(S->release, "6.1.", 4);
}

static void tests(void)
{
	if (!check_config())
		return;
	test_migration_entry();
	test_hwpoison_entry();
	test_device_private_entry();
	test_uffd_wp_marker();
	test_swapin_error_entry();
	test_swap_cache();
	test_protection_keys();
	test_rsvd();
	test_shared_anonymous_without_vm_ops();
	test_wp_anon_exclusive();
	test_wp_page_count_era();
	test_wp_reuse_swap_page_era();
	test_stack();
}

int main(void)
{
	return syn_main(&S, NULL, tests);
}
