// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel-mode faults on user memory on synthetic images: what the
 * instruction (--ip) decides, and the replay of an oops whose task has
 * exited.  Every expectation is the kernel's, from Debian's
 * linux-source-6.1 (6.1.192), cited next to it; none is pfwhy's output.
 */
#include <string.h>

#include <pfwhy/walker.h>

#include "check.h"
#include "synth.h"

/* arch/x86/include/asm/cpufeatures.h */
#define X86_FEATURE_SMAP	(9 * 32 + 20)

#define UADDR	0x10000000ULL	/* a user address with no VMA */

static struct syn *S;

/* A kernel-mode access with this error code, from --ip (a "FUNCTION" or "SYM+OFF"). */
static bool replay(struct pfw_fault_request *req, const char *ip, struct pfw_fault_result *r)
{
	struct pfw_kernel_address a;
	struct pfw_error *err = NULL;

	req->kernel_mode = true;
	req->has_error_code = true;
	req->has_ip = false;
	req->ip_is_function = false;
	if (ip && !(err = pfw_kernel_parse_address(S->k, ip, &a))) {
		req->has_ip = true;
		req->ip = a.addr;
		req->ip_is_function = a.function;
		req->ip_end = a.addr + a.size;
		snprintf(req->ip_name, sizeof(req->ip_name), "%s", a.sym.name);
	}
	if (!err)
		err = pfw_why(S->k, req, r);
	CHECK(!err, "%s: %s", ip ? ip : "(no ip)", err ? err->message : "");
	pfw_error_destroy(err);
	return !err;
}

static void expect(const char *name, struct pfw_fault_request *req, const char *ip,
		   enum pfw_verdict v)
{
	struct pfw_fault_result r;

	if (!replay(req, ip, &r))
		return;
	CHECK(r.verdict == v, "%s: verdict %s, expected %s", name, pfw_verdict_name(r.verdict),
	      pfw_verdict_name(v));
	if (r.verdict != v)
		syn_print_steps(&r);
}

/*
 * do_user_addr_fault() (arch/x86/mm/fault.c:1249-1258): with SMAP on, a
 * supervisor access (no X86_PF_USER) with EFLAGS.AC clear oopses before
 * the mm is looked at; AC is set only inside a uaccess routine
 * (stac/clac), every access of which has an exception-table entry
 * (_ASM_EXTABLE_UA).  copy_user_enhanced_fast_string (copy_user_64.S) has
 * one; handle_mm_fault (mm/memory.c) touches no user memory itself: plain
 * code, with no exception-table entry.
 * Then no VMA at the address: lock_mm_and_find_vma() fails,
 * bad_area_nosemaphore() (fault.c:1310-1313) -> kernelmode_fixup_or_oops()
 * (fault.c:732-750), where fixup_exception() decides between fixup and oops.
 */
static void test_ip_function(void)
{
	struct pfw_fault_request req;
	struct syn_proc p;

	syn_cpu_feature(S, X86_FEATURE_SMAP, true);
	syn_process(S, &p, "reader");
	memset(&req, 0, sizeof(req));
	req.address = UADDR;
	req.pid = p.pid;
	req.error_code = 0x2;	/* write, not present, supervisor */
	req.access = PFW_ACCESS_WRITE;
	expect("copy_user_enhanced_fast_string, no VMA", &req, "copy_user_enhanced_fast_string",
	       PFW_V_KERNEL_FIXUP);
	expect("plain code, SMAP", &req, "handle_mm_fault", PFW_V_OOPS);
	expect("plain code at SYM+OFF, SMAP", &req, "handle_mm_fault+0x10", PFW_V_OOPS);
	/* without --ip: both; they differ, so neither is claimed */
	{
		struct pfw_fault_result r;

		if (replay(&req, NULL, &r)) {
			CHECK(r.verdict == PFW_V_UNDECIDABLE && r.noutcomes == 2 &&
			      r.outcomes[0].verdict == PFW_V_KERNEL_FIXUP &&
			      r.outcomes[1].verdict == PFW_V_OOPS,
			      "no --ip: %s with %d outcomes", pfw_verdict_name(r.verdict), r.noutcomes);
		}
	}
}

/*
 * The oopsing task has exited (a non-fatal oops: oops_end() -> make_task_dead()).
 * The checks before find_vma() need no mm: the instruction-fetch check
 * (fault.c:1216-1228: (error_code & (X86_PF_USER | X86_PF_INSTR)) ==
 * X86_PF_INSTR oopses) and the SMAP check (fault.c:1249-1258).
 */
static void test_task_gone(void)
{
	struct pfw_fault_request req;
	struct pfw_fault_result r;

	syn_cpu_feature(S, X86_FEATURE_SMAP, true);
	memset(&req, 0, sizeof(req));
	req.address = UADDR;
	req.pid = 4242;		/* on no task list */
	req.task_gone = true;
	req.error_code = 0x0;	/* read, not present, supervisor */
	if (replay(&req, "handle_mm_fault+0x10", &r)) {
		CHECK(r.verdict == PFW_V_OOPS, "task gone, SMAP: %s", pfw_verdict_name(r.verdict));
		CHECK(syn_has_step(&r, "(task)", "exited"), "task gone: no step says so");
	}
	req.error_code = 0x10;	/* instruction fetch, not present, supervisor */
	req.access = PFW_ACCESS_EXEC;
	expect("task gone, exec of user memory", &req, NULL, PFW_V_OOPS);
	/* past the SMAP check find_vma() needs the mm: what is missing is named */
	req.error_code = 0x2;
	req.access = PFW_ACCESS_WRITE;
	if (replay(&req, "copy_user_enhanced_fast_string", &r)) {
		CHECK(r.verdict == PFW_V_UNDECIDABLE && strstr(r.undecidable, "mm is gone"),
		      "task gone, uaccess: %s (%s)", pfw_verdict_name(r.verdict), r.undecidable);
	}
}

static void tests(void)
{
	test_ip_function();
	test_task_gone();
}

int main(void)
{
	return syn_main(&S, NULL, tests);
}
