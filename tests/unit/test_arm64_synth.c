// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * arm64's fault path on synthetic images: the DWARF and symbols of
 * tests/unit/vmlinux-4.19 compiled for aarch64 (vmlinux-arm64, built next
 * to this binary), laid out as 6.1 lays out a 48-bit-VA arm64 kernel
 * (synth.h, SYN_A64_*).  Every expectation cites the line of Linux 6.1's
 * arch/arm64/mm/fault.c (Debian's 6.1.192, "fault.c :N") or header that
 * decides it; the ESRs are built from esr.h's fields, never taken from
 * pfwhy's output.  The mm side (find_vma, handle_mm_fault) replays the
 * stand-in's era, as test_walker_419 does.
 */
#include <libgen.h>
#include <signal.h>
#include <string.h>

#include <pfwhy/oops.h>
#include <pfwhy/walker.h>

#include "check.h"
#include "synth.h"

/* include/linux/mm.h */
#define VM_READ		0x00000001ULL
#define VM_WRITE	0x00000002ULL
#define VM_EXEC		0x00000004ULL
#define VM_MAYREAD	0x00000010ULL
#define VM_MAYWRITE	0x00000020ULL
#define VM_RW		(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE)
#define VM_RO		(VM_READ | VM_MAYREAD)

/* pgtable-hwdef.h :143-156, pgtable-prot.h :16-21, :40-58 */
#define PTE_PAGE	3ULL
#define PTE_USER	(1ULL << 6)
#define PTE_RDONLY	(1ULL << 7)
#define PTE_SHARED	(3ULL << 8)
#define PTE_AF		(1ULL << 10)
#define PTE_NG		(1ULL << 11)
#define PTE_DBM		(1ULL << 51)
#define PTE_PXN		(1ULL << 53)
#define PTE_UXN		(1ULL << 54)
#define PROT_DEFAULT	(PTE_PAGE | PTE_AF | PTE_SHARED)
#define PAGE_READONLY	(PROT_DEFAULT | PTE_USER | PTE_RDONLY | PTE_NG | PTE_PXN | PTE_UXN)
#define PAGE_SHARED	(PAGE_READONLY | PTE_DBM)	/* PTE_WRITE = PTE_DBM */
#define PAGE_KERNEL_RO	(PROT_DEFAULT | PTE_RDONLY | PTE_PXN | PTE_UXN)

/* esr.h :43-49 (EC), :76 (IL), :106 (WnR), :108-116 (FSC) */
#define ESR(ec, fsc)	((uint64_t)(ec) << 26 | 1ULL << 25 | (fsc))
#define DABT_LOW	0x24
#define DABT_CUR	0x25
#define IABT_LOW	0x20
#define WNR		(1ULL << 6)
#define FSC_FAULT(l)	(0x04 | (l))
#define FSC_PERM(l)	(0x0c | (l))

static struct syn *S;

#define ADDR		0x10000000ULL
/* a linear-map address whose page the image maps, and one it does not */
#define KADDR		(SYN_A64_PAGE_OFFSET + 0x40000000ULL)

struct req {
	uint64_t addr;
	enum pfw_access access;
	bool kernel;
	uint64_t ip;
	uint64_t esr;	/* 0: derived from the page tables */
	uint64_t ip_end;	/* else 0: --ip FUNCTION, somewhere in [ip, ip_end) */
};

/*
 * The verdict with its signal and si_code, the ESR of the first abort (0:
 * not checked) and a step the arm64 path must take.
 */
static void expect(const char *name, const struct syn_proc *p, const struct req *q, uint64_t esr,
		   enum pfw_verdict v, int signal, int si_code, const char *step, const char *outcome)
{
	struct pfw_fault_request req = {
		.address = q->addr, .pid = p->pid, .access = q->access,
		.kernel_mode = q->kernel, .has_ip = q->ip != 0, .ip = q->ip,
		.has_error_code = q->esr != 0, .error_code = (uint32_t)q->esr,
		.ip_is_function = q->ip_end != 0, .ip_end = q->ip_end,
	};
	struct pfw_fault_result r;
	int before = checks_failed;

	if (syn_check_err(S, pfw_why(S->k, &req, &r), name))
		return;
	CHECK(r.verdict == v && r.signal == signal && r.si_code == si_code,
	      "%s: %s (signal %d, si_code %d), expected %s (%d, %d)", name,
	      pfw_verdict_name(r.verdict), r.signal, r.si_code, pfw_verdict_name(v), signal, si_code);
	CHECK(!esr || (r.passes && r.error_codes[0] == esr), "%s: ESR 0x%x, expected 0x%llx", name,
	      r.error_codes[0], (unsigned long long)esr);
	CHECK(!step || syn_has_step(&r, step, outcome), "%s: no step %s -> %s", name,
	      step ? step : "", outcome ? outcome : "");
	/* the arm64 path only: none of x86's */
	CHECK(!syn_has_step(&r, "exc_page_fault", NULL) && !syn_has_step(&r, "do_user_addr_fault", NULL),
	      "%s: an x86 step", name);
	if (checks_failed != before || getenv("PFWHY_TEST_VERBOSE"))
		syn_print_steps(&r);
}

static void process(struct syn_proc *p)
{
	syn_process(S, p, "synth-arm64");
	syn_vma(S, p, ADDR, ADDR + 0x400000, VM_RW, 0, 0, 0);
	syn_vma(S, p, ADDR + 0x400000, ADDR + 0x800000, VM_RO, 0, 0, 0);
}

/* ---- user mode ---- */

static void test_user(void)
{
	struct syn_proc p;

	process(&p);
	syn_set_pte(S, &p, ADDR + 0x400000, (0x7000ULL << 12) | PAGE_READONLY);
	syn_set_pte(S, &p, ADDR + 0x1000, (0x7001ULL << 12) | PAGE_SHARED);
	/* a valid page the access may make: the MMU does not fault */
	expect("read of a mapped page", &p, &(struct req){ ADDR + 0x1000, PFW_ACCESS_READ }, 0,
	       PFW_V_NO_FAULT, 0, 0, NULL, NULL);
	/*
	 * 0x20000000 shares ADDR's pud entry (the first GiB) but has no pmd
	 * entry: a level-2 translation fault (fault.c :746), do_translation_fault() :673 is_ttbr0_addr -> do_page_fault();
	 * lock_mm_and_find_vma / find_vma finds none -> VM_FAULT_BADMAP (:585-587)
	 * -> :656 SEGV_MAPERR.
	 */
	expect("read of an unmapped address", &p, &(struct req){ 0x20000000ULL, PFW_ACCESS_READ },
	       ESR(DABT_LOW, FSC_FAULT(2)), PFW_V_SEGV_MAPERR, SIGSEGV, SEGV_MAPERR,
	       "do_translation_fault", "do_page_fault");
	/*
	 * AP[2] set, DBM clear (PAGE_READONLY): a level-3 permission fault
	 * (:753) -> do_page_fault(); is_write_abort() :518 -> vm_flags = VM_WRITE
	 * (:559); __do_page_fault() :504 !(vma->vm_flags & vm_flags) ->
	 * VM_FAULT_BADACCESS -> :656 SEGV_ACCERR.
	 */
	expect("write to a read-only VMA", &p, &(struct req){ ADDR + 0x400000, PFW_ACCESS_WRITE },
	       ESR(DABT_LOW, FSC_PERM(3)) | WNR, PFW_V_SEGV_ACCERR, SIGSEGV, SEGV_ACCERR,
	       "__do_page_fault", "VM_FAULT_BADACCESS");
	/*
	 * UXN (PAGE_SHARED): an instruction abort from EL0 (:509) -> vm_flags
	 * = VM_EXEC (:555); the VMA lacks it -> BADACCESS -> SEGV_ACCERR.
	 */
	expect("fetch from a no-exec page", &p, &(struct req){ ADDR + 0x1000, PFW_ACCESS_EXEC },
	       ESR(IABT_LOW, FSC_PERM(3)), PFW_V_SEGV_ACCERR, SIGSEGV, SEGV_ACCERR,
	       "do_page_fault", "vm_flags = VM_EXEC");
	/*
	 * PAGE_SHARED is writable-clean (DBM=1, AP[2]=1, pgtable.h :123): with
	 * hardware dirty management the CPU clears AP[2], no abort.
	 */
	expect("write to a writable-clean page", &p, &(struct req){ ADDR + 0x1000, PFW_ACCESS_WRITE }, 0,
	       PFW_V_NO_FAULT, 0, 0, NULL, NULL);
	/*
	 * A write to the RW VMA with no pte: do_page_fault() with VM_WRITE,
	 * __do_page_fault() passes it to handle_mm_fault(), which handles it:
	 * no signal.
	 */
	expect("write to an empty anonymous page", &p, &(struct req){ ADDR + 0x2000, PFW_ACCESS_WRITE },
	       ESR(DABT_LOW, FSC_FAULT(3)) | WNR, PFW_V_ANON_NEW, 0, 0, "__do_page_fault", "handle_mm_fault");
	/*
	 * A kernel address from EL0, unmapped: do_translation_fault() :673 not
	 * TTBR0 -> do_bad_area() :471 user_mode -> arm64_force_sig_fault(inf->sig,
	 * inf->code): fault_info[4] SIGSEGV SEGV_MAPERR (:743).
	 */
	expect("user read of an unmapped kernel address", &p, &(struct req){ KADDR + 0x200000, PFW_ACCESS_READ },
	       ESR(DABT_LOW, FSC_FAULT(0)), PFW_V_SEGV_MAPERR, SIGSEGV, SEGV_MAPERR, "do_bad_area", "signal");
}

/* ---- kernel mode ---- */

/*
 * A uaccess routine as --ip FUNCTION gives it: its load is somewhere in
 * it (the stand-in's at +0, a real kernel's further in), found by its
 * __ex_table entry.
 */
static struct req uaccess_req(uint64_t addr)
{
	struct pfw_kernel_address a = { 0 };

	syn_check_err(S, pfw_kernel_parse_address(S->k, "__arch_copy_from_user", &a),
		      "__arch_copy_from_user");
	return (struct req){ addr, PFW_ACCESS_READ, true, a.addr, 0, a.addr + a.size };
}

static void test_kernel(void)
{
	uint64_t plain = syn_sym(S, "filemap_fault");
	struct syn_proc p, init = { .pgd_phys = syn_sym(S, "swapper_pg_dir") - SYN_A64_KIMAGE };

	process(&p);
	syn_set_pte(S, &p, ADDR + 0x1000, (0x7001ULL << 12) | PAGE_SHARED);
	syn_set_pte(S, &init, KADDR, (0x40000ULL << 12) | PAGE_KERNEL_RO);
	/*
	 * PAN: a privileged read of an EL0-accessible page is a permission fault
	 * (:753); do_page_fault() :571 is_ttbr0_addr && is_el1_permission_fault
	 * (:250, FSC type PERM) and no __ex_table entry for pc -> :578
	 * die_kernel_fault("access to user memory outside uaccess routines").
	 */
	expect("kernel read of user memory outside uaccess", &p,
	       &(struct req){ ADDR + 0x1000, PFW_ACCESS_READ, true, plain },
	       ESR(DABT_CUR, FSC_PERM(3)), PFW_V_OOPS, 0, 0, "do_page_fault", "die");
	/* the same from a uaccess routine (LDTR: checked as EL0): the page allows it */
	expect("uaccess read of user memory", &p, &(struct req[]){ uaccess_req(ADDR + 0x1000) }[0], 0,
	       PFW_V_NO_FAULT, 0, 0, NULL, NULL);
	/*
	 * A uaccess to an address no VMA covers: BADMAP; :621 !user_mode ->
	 * no_context -> __do_kernel_fault() :376 fixup_exception() -> fixed up.
	 */
	expect("uaccess to unmapped user memory", &p, &(struct req[]){ uaccess_req(0x20000000ULL) }[0],
	       ESR(DABT_CUR, FSC_FAULT(2)), PFW_V_KERNEL_FIXUP, 0, 0, "__do_kernel_fault", "fixed up");
	/* no pmd entry either (level 2); :398-399 addr < PAGE_SIZE -> "NULL pointer dereference" */
	expect("kernel NULL dereference", &p, &(struct req){ 0x10, PFW_ACCESS_READ, true, plain },
	       ESR(DABT_CUR, FSC_FAULT(2)), PFW_V_OOPS, 0, 0, "__do_kernel_fault", "NULL pointer dereference");
	/*
	 * A write to PAGE_KERNEL_RO (AP[2], no DBM) in swapper_pg_dir:
	 * permission fault -> do_page_fault(); not TTBR0 (no PAN check); no
	 * VMA -> BADMAP -> no_context -> __do_kernel_fault() :391-393
	 * is_el1_permission_fault && WnR -> "write to read-only memory".
	 */
	expect("kernel write to read-only kernel memory", &p, &(struct req){ KADDR, PFW_ACCESS_WRITE, true, plain },
	       ESR(DABT_CUR, FSC_PERM(3)) | WNR, PFW_V_OOPS, 0, 0, "__do_kernel_fault", "write to read-only memory");
	/*
	 * A user read of that kernel page: AP[1] clear is a permission fault
	 * (fault_info[15] -> do_page_fault); no VMA -> BADMAP -> :656
	 * SEGV_MAPERR (the ESR the task sees is sanitised by set_thread_esr()).
	 */
	expect("user read of a mapped kernel page", &p, &(struct req){ KADDR, PFW_ACCESS_READ },
	       ESR(DABT_LOW, FSC_PERM(3)), PFW_V_SEGV_MAPERR, SIGSEGV, SEGV_MAPERR,
	       "arm64_force_sig_fault", "SIGSEGV");
	/*
	 * --esr with FSC 0x30: fault_info[48] do_bad (:690) returns 1 ->
	 * do_mem_abort() :814-815 !user_mode -> die_kernel_fault(inf->name).
	 */
	expect("TLB conflict abort", &p, &(struct req){ KADDR, PFW_ACCESS_READ, true, plain, ESR(DABT_CUR, 0x30) },
	       0, PFW_V_OOPS, 0, 0, "die_kernel_fault", "oops");
}

/* ---- the oops text: die_kernel_fault(), mem_abort_decode(), __show_regs() ---- */

static void test_oops(void)
{
	uint64_t buf = syn_alloc(S, 4096);
	struct pfw_oops o;
	bool found = false;
	uint32_t end = 0;

	if (!pfw_symbol_exists(S->dbi, "log_first_idx"))
		return;	/* 5.10+: the lockless prb, which synth.h does not build */
	syn_ulong(S, "log_buf", buf);
	syn_write(S, syn_sym(S, "log_buf_len"), &(uint32_t){ 4096 }, 4);
	/* fault.c :305 and :90-108 as printed; process.c __show_regs() "pc : %pS", "pstate: %08llx" */
	end = syn_log_store(S, buf, end, 1, "Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010");
	end = syn_log_store(S, buf, end, 1, "Mem abort info:");
	end = syn_log_store(S, buf, end, 1, "  ESR = 0x0000000096000005");
	end = syn_log_store(S, buf, end, 1, "  EC = 0x25: DABT (current EL), IL = 32 bits");
	end = syn_log_store(S, buf, end, 4, "CPU: 0 PID: 101 Comm: synth-arm64 Not tainted 4.19.0 #1");
	end = syn_log_store(S, buf, end, 4, "pstate: 60400005 (nZCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)");
	end = syn_log_store(S, buf, end, 4, "pc : filemap_fault+0x0/0x4");
	end = syn_log_store(S, buf, end, 4, "---[ end trace 0000000000000000 ]---");
	syn_write(S, syn_sym(S, "log_next_idx"), &end, 4);
	CHECK(!syn_check_err(S, pfw_find_oops(S->k, &o, &found), "log") && found, "an oops is found");
	CHECK(o.address == 0x10 && o.has_error_code && o.error_code == 0x96000005,
	      "oops: address 0x%llx ESR 0x%x", (unsigned long long)o.address, o.error_code);
	CHECK(o.pid == 101 && !o.user_cs && !strcmp(o.ip_text, "filemap_fault+0x0/0x4") &&
	      o.has_ip && o.ip == syn_sym(S, "filemap_fault"),
	      "oops: pid %d user %d pc \"%s\"", o.pid, o.user_cs, o.ip_text);
}

static void tests(void)
{
	CHECK(!strcmp(pfw_kernel_arch_name(S->k), "arm64"), "the stand-in is arm64");
	test_user();
	test_kernel();
	test_oops();
}

int main(int argc, char **argv)
{
	char path[4096];

	(void)argc;
	/* a real arm64 vmlinux (the fixture kernel's) in place of the stand-in, when given */
	if (getenv("PFWHY_TEST_VMLINUX_ARM64"))
		snprintf(path, sizeof(path), "%s", getenv("PFWHY_TEST_VMLINUX_ARM64"));
	else
		snprintf(path, sizeof(path), "%s/vmlinux-arm64", dirname(argv[0]));
	return syn_main(&S, path, tests);
}
