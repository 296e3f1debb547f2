// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The replay, whatever the architecture: the task, the page tables as
 * dumped, then passes of the architecture's fault entry (its operations
 * table, src/arch/arch.h) until the access no longer faults, with the pte
 * each handled pass leaves behind.  Without --ip, a kernel-mode fault is
 * replayed from a uaccess routine and from plain kernel code.  Moved from
 * src/walker/fault.c (now src/arch/x86_64/fault.c): predict_pte,
 * init_features (its x86 half stayed there), load_task, replay_pass,
 * stack_expand_verdict, replay, set_outcome, merge_outcomes, pfw_why.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "walker.h"

/* What the access leaves behind after a handled fault, for the next pass. */
static void predict_pte(struct fault_ctx *c)
{
	bool write_fault = c->flags & FAULT_FLAG_WRITE;
	struct pfw_entry *e = &c->pte_override;

	memset(e, 0, sizeof(*e));
	e->state = PFW_ENTRY_PRESENT;
	e->user = true;
	e->nx = !vm_flag(c, "VM_EXEC");
	switch (c->handled) {
	case PFW_V_ZERO_PAGE:
	case PFW_V_HUGE_ZERO_PAGE:
	case PFW_V_READ_FAULT:
		/* a read maps writable only a shared mapping without write-notify (shmem) */
		e->write = vm_flag(c, "VM_SHARED") && vm_flag(c, "VM_WRITE") && !write_fault;
		if (c->handled != PFW_V_READ_FAULT)
			e->write = false;
		break;
	default:
		e->write = write_fault || c->handled == PFW_V_SHARED_FAULT;
		break;
	}
	/* do_set_pte() over a uffd-wp marker: pte_mkuffd_wp(pte_wrprotect(entry)) (5.19+) */
	if (c->uffd_wp_marker) {
		e->write = false;
		e->uffd_wp = true;
		c->uffd_wp_marker = false;
	}
	c->pte_overridden = true;
}

static void init_features(struct fault_ctx *c)
{
	struct pfw_debuginfo *dbi = c->k->dbi;
	struct fault_features *f = &c->f;
	uint64_t addr, v;
	int64_t dummy;

	f->version = pfw_kernel_version(c->k);
	f->per_vma_lock = pfw_symbol_exists(dbi, "lock_vma_under_rcu");
	/* alloc_anon_folio() itself may be inlined (Debian's 6.12): its settings tell */
	f->alloc_anon_folio = pfw_symbol_exists(dbi, "huge_anon_orders_always");
	f->lock_mm_and_find_vma = pfw_symbol_exists(dbi, "lock_mm_and_find_vma");
	f->sanitize_fault_flags = f->version >= 6002;
	/*
	 * do_wp_page()'s anon reuse rule: PG_anon_exclusive (5.19+); else
	 * page_count() == 1 since 5.9 (09854ba94c6a), the release whose
	 * handle_mm_fault() took pt_regs for mm_account_fault() (bce617edecad),
	 * though reuse_swap_page() lived on for do_swap_page() until 5.19;
	 * before 5.9, reuse_swap_page().
	 */
	if (pfw_ok(pfw_enumerator_of(dbi, "PG_locked", "PG_anon_exclusive", &dummy)))
		f->wp_rule = WP_ANON_EXCLUSIVE;
	else if (pfw_symbol_exists(dbi, "reuse_swap_page") && !pfw_has_param(dbi, "handle_mm_fault", "regs"))
		f->wp_rule = WP_REUSE_SWAP_PAGE;
	else
		f->wp_rule = WP_PAGE_COUNT;
	/*
	 * do_read_fault()'s fault-around window (mm/memory.c):
	 * fault_around_pages (6.4+), fault_around_bytes before; the
	 * default of both, 64 KiB, if neither can be read.
	 */
	f->fault_around_pages = 16;
	if (pfw_ok(pfw_kernel_symbol(c->k, "fault_around_pages", &addr)) &&
	    pfw_ok(pfw_read_kv_u64(c->k, addr, &v)))
		f->fault_around_pages = v;
	else if (pfw_ok(pfw_kernel_symbol(c->k, "fault_around_bytes", &addr)) &&
		 pfw_ok(pfw_read_kv_u64(c->k, addr, &v)))
		f->fault_around_pages = v >> 12;
	/* tests/unit replay the other eras over a 6.1 vmlinux (kernel.h, test hooks) */
	switch (c->k->test.wp_rule) {
	case PFW_TEST_WP_REUSE_SWAP_PAGE:
		f->wp_rule = WP_REUSE_SWAP_PAGE;
		break;
	case PFW_TEST_WP_PAGE_COUNT:
		f->wp_rule = WP_PAGE_COUNT;
		break;
	case PFW_TEST_WP_ANON_EXCLUSIVE:
		f->wp_rule = WP_ANON_EXCLUSIVE;
		break;
	case PFW_TEST_WP_DETECT:
		break;
	}
	c->k->arch->features(c);
}

/*
 * init_features() once a dump: its answers come from the vmlinux and memory
 * the dump froze, so every replay on it gets the same.  Kept with the test
 * hooks they were worked out under (tests/unit change them between
 * replays); a live kernel's (fault_around_bytes can be written) are not kept.
 */
struct pfw_fault_era {
	struct fault_features f;
	__typeof__(((struct pfw_kernel *)0)->test) test;
};

static void load_features(struct fault_ctx *c)
{
	struct pfw_fault_era *era = c->k->fault_era;

	if (era && !memcmp(&era->test, &c->k->test, sizeof(era->test))) {
		c->f = era->f;
		return;
	}
	init_features(c);
	if (!c->k->mem->frozen)
		return;
	if (!era)
		era = calloc(1, sizeof(*era));
	if (!era)
		return;
	era->f = c->f;
	memcpy(&era->test, &c->k->test, sizeof(era->test));
	c->k->fault_era = era;
}

static struct pfw_error *load_task(struct fault_ctx *c)
{
	struct pfw_error *err = NULL;

	if (c->req->pid < 0)
		return NULL;
	if (c->req->task_gone) {
		fault_step(c, "(task)", "is the oopsing task in the dump?", "no: it exited after the oops",
			   "no task with pid %d on the task list: the replay goes on without its mm",
			   c->req->pid);
		return NULL;
	}
	if (c->req->task && c->req->task->pid == c->req->pid)
		c->task = *c->req->task;
	else
		err = pfw_find_task(c->k, c->req->pid, &c->task);
	if (err)
		return err;
	c->has_task = true;
	c->mm = c->task.mm;
	return NULL;
}

static void replay_pass(struct fault_ctx *c)
{
	uint32_t hw_error;
	bool ok;

	/* without the error code, whether the CPU faults at all depends on every level */
	if (!c->req->has_error_code && !c->res->passes && fault_walk_excluded(c, "(cpu)"))
		return;
	ok = c->k->arch->hardware_access_ok(c, &hw_error);

	c->error_code = c->req->has_error_code && c->res->passes == 0 ? c->req->error_code : hw_error;
	if (!c->req->has_error_code || c->res->passes) {
		if (ok) {
			if (!c->res->passes) {
				fault_step(c, "(cpu)", "do the page tables allow the access?", "yes: no fault",
					   "every level is present and permits it");
				fault_verdict(c, PFW_V_NO_FAULT, 0, 0);
			}
			c->settled = true;
			return;
		}
	}
	if (c->res->passes)
		fault_step(c, "(cpu)", "the instruction is restarted: does it fault again?", "yes",
			   "the entry just installed does not allow it: %s 0x%x",
			   c->k->arch->error_code_name, c->error_code);
	if (c->res->passes < 4)
		c->res->error_codes[c->res->passes] = c->error_code;
	c->res->passes++;
	c->res->error_code = c->error_code;
	c->k->arch->fault(c);
}

/*
 * The stack VMA grew (expand_stack) and the fault was then handled in it:
 * the verdict says so, and what the fault then did.
 */
static void stack_expand_verdict(struct fault_ctx *c)
{
	struct pfw_fault_result *r = c->res;

	if (!c->stack_expanded || r->signal || r->verdict == PFW_V_UNDECIDABLE ||
	    r->verdict == PFW_V_OOPS || r->verdict == PFW_V_KERNEL_FIXUP || r->verdict == PFW_V_NO_FAULT)
		return;
	r->then = r->verdict;
	r->verdict = PFW_V_STACK_EXPAND;
}

static struct pfw_error *replay(struct pfw_kernel *k, const struct pfw_fault_request *req,
				struct pfw_fault_result *res, int assumption, bool *ip_consulted)
{
	struct fault_ctx c = { .k = k, .req = req, .res = res, .ip_assumption = assumption };
	struct pfw_error *err;

	memset(res, 0, sizeof(*res));
	c.address = req->address;
	c.user_mode = !req->kernel_mode;
	load_features(&c);
	pfw_kernel_swap_layout(k, &c.swp, k->arch->swp_pfn_bits(k));
	err = load_task(&c);
	if (err)
		return err;
	*ip_consulted = false;
	if (!c.k->arch->address_valid(c.k, c.address)) {
		c.k->arch->bad_address(&c);
		*ip_consulted = c.ip_consulted;
		return NULL;
	}
	err = fault_walk(&c);
	if (err)
		return err;
	while (!c.settled && res->passes < 3) {
		replay_pass(&c);
		if (c.settled || res->verdict != c.handled || res->signal || res->undecidable[0])
			break;
		predict_pte(&c);
	}
	stack_expand_verdict(&c);
	*ip_consulted = c.ip_consulted;
	return NULL;
}

static void set_outcome(struct pfw_fault_result *res, int i, const char *assumption,
			const struct pfw_fault_result *from)
{
	res->outcomes[i].assumption = assumption;
	res->outcomes[i].verdict = from->verdict;
	res->outcomes[i].signal = from->signal;
	res->outcomes[i].si_code = from->si_code;
}

/*
 * No --ip, and the outcome depended on where the access ran: both replays,
 * the plain-code one from where it parts from the uaccess one.
 */
static void merge_outcomes(struct pfw_fault_result *res, const struct pfw_fault_result *plain,
			   const char *plain_state)
{
	int d = 0, i;

	set_outcome(res, 0, "uaccess", res);
	set_outcome(res, 1, "plain", plain);
	res->noutcomes = 2;
	if (res->verdict == plain->verdict && res->signal == plain->signal)
		return;
	while (d < res->nsteps && d < plain->nsteps &&
	       !memcmp(&res->steps[d], &plain->steps[d], sizeof(res->steps[d])))
		d++;
	if (res->nsteps < PFW_MAX_STEPS) {
		struct pfw_step *st = &res->steps[res->nsteps++];

		snprintf(st->function, sizeof(st->function), "(no --ip)");
		snprintf(st->condition, sizeof(st->condition), "the same access from plain kernel code?");
		snprintf(st->outcome, sizeof(st->outcome), "replayed from step %d", d + 1);
		snprintf(st->evidence, sizeof(st->evidence),
			 "no exception-table entry and %s, unlike a uaccess routine", plain_state);
	}
	for (i = d; i < plain->nsteps && res->nsteps < PFW_MAX_STEPS; i++)
		res->steps[res->nsteps++] = plain->steps[i];
	snprintf(res->undecidable, sizeof(res->undecidable),
		 "no --ip: from a uaccess routine the outcome is %s, from plain kernel code %s; give --ip FUNCTION (or ADDRESS, SYMBOL+OFF) to decide",
		 pfw_verdict_name(res->verdict), pfw_verdict_name(plain->verdict));
	res->verdict = PFW_V_UNDECIDABLE;
	res->signal = 0;
	res->si_code = 0;
	res->error = NULL;
	res->has_major = false;
}

struct pfw_error *pfw_why(struct pfw_kernel *k, const struct pfw_fault_request *req,
			  struct pfw_fault_result *res)
{
	struct pfw_fault_result *plain;
	struct pfw_error *err;
	bool consulted;

	err = replay(k, req, res, IP_ASSUME_UACCESS, &consulted);
	if (err || req->has_ip || !consulted || res->verdict == PFW_V_UNDECIDABLE)
		return err;
	plain = malloc(sizeof(*plain));
	if (!plain)
		return &pfw_error_nomem;
	err = replay(k, req, plain, IP_ASSUME_PLAIN, &consulted);
	if (!err)
		merge_outcomes(res, plain, k->arch->plain_state);
	free(plain);
	return err;
}
