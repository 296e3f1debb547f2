// SPDX-License-Identifier: GPL-2.0-or-later
/* Recording the walk: steps, verdicts, and the page-table state it reads. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arch/arch.h"
#include "kernel/page.h"
#include "walker.h"

void fault_step(struct fault_ctx *c, const char *function, const char *condition,
		const char *outcome, const char *evidence_fmt, ...)
{
	struct pfw_fault_result *r = c->res;
	struct pfw_step *s;
	va_list ap;

	if (r->nsteps == PFW_MAX_STEPS)
		return;
	s = &r->steps[r->nsteps++];
	if (c->f.fault_4_19)
		function = fault_4_19_name(function);
	snprintf(s->function, sizeof(s->function), "%s", function);
	snprintf(s->condition, sizeof(s->condition), "%s", condition);
	snprintf(s->outcome, sizeof(s->outcome), "%s", outcome);
	va_start(ap, evidence_fmt);
	vsnprintf(s->evidence, sizeof(s->evidence), evidence_fmt, ap);
	va_end(ap);
}

void fault_verdict(struct fault_ctx *c, enum pfw_verdict v, int signal, int si_code)
{
	c->res->verdict = v;
	c->res->signal = signal;
	c->res->si_code = si_code;
}

void fault_todo(struct fault_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->res->todo, sizeof(c->res->todo), fmt, ap);
	va_end(ap);
}

void fault_undecidable(struct fault_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->res->undecidable, sizeof(c->res->undecidable), fmt, ap);
	va_end(ap);
	fault_verdict(c, PFW_V_UNDECIDABLE, 0, 0);
}

struct pfw_ksym fault_ksym(struct fault_ctx *c, uint64_t addr)
{
	/* symbols only reach the text: a verdict-only replay skips the symbol table */
	return c->req->verdict_only ? pfw_ksym_plain(addr) : pfw_ksym(c->k, addr);
}

bool vm_flag(struct fault_ctx *c, const char *name)
{
	return c->vma.flags & pfw_vm_flag(c->k, name);
}

struct pfw_error *fault_walk(struct fault_ctx *c)
{
	struct pfw_error *err;
	uint64_t pgd;

	err = c->k->arch->fault_pgd(c, &pgd);
	if (err)
		return err;
	err = pfw_walk_tables(c->k, pgd, c->address, &c->walk);
	if (err && !c->walk.excluded)
		return err;
	pfw_error_destroy(err);
	c->walked = true;
	return NULL;
}

/*
 * A page-table page the dump left out (the walk stopped with
 * PFW_ERR_EXCLUDED): neither the CPU's view (does the access fault?) nor
 * handle_mm_fault()'s (which entry is there?) can be replayed, and reading
 * the missing table as empty would give a confident wrong answer.  Records
 * the step and the verdict; false when the walk is complete.
 */
bool fault_walk_excluded(struct fault_ctx *c, const char *function)
{
	const struct pfw_walk_step *s = &c->walk.steps[c->walk.nsteps];
	const char *missing = c->walk.truncated ? "beyond the end of the truncated dump" :
		"filtered out";
	char why[224];

	if (!c->walk.excluded || c->pte_overridden || c->walk.nsteps >= PFW_NR_LEVELS)
		return false;

	fault_step(c, function, "read the page tables at the address", "not in the dump",
		   "the %s table page at 0x%llx is %s",
		   pfw_level_name(s->level), (unsigned long long)(s->entry_phys & ~0xfffULL),
		   c->walk.truncated ? "beyond the cut" : "excluded from the dump");
	fault_undecidable(c, "the %s page table for 0x%llx is not in the dump (%s), so the entry that decides this fault cannot be read",
			  pfw_level_name(s->level), (unsigned long long)c->address, missing);
	if (c->walk.truncated) {
		fault_todo(c, "the page table lies beyond the cut of this truncated dump: a complete copy of the vmcore answers this");
		return true;
	}
	pfw_page_dump_level_why(c->k, s->entry_phys >> 12, why, sizeof(why));
	fault_todo(c, "the page table is missing from this filtered dump: %s", why);
	return true;
}

const struct pfw_entry *fault_entry_at(struct fault_ctx *c, enum pfw_pt_level level)
{
	int i;

	for (i = 0; i < c->walk.nsteps; i++)
		if (c->walk.steps[i].level == level)
			return &c->walk.steps[i].entry;
	return NULL;
}

/* The pte for the address: NULL when the walk stopped above the pte level. */
const struct pfw_entry *fault_pte(struct fault_ctx *c)
{
	if (c->pte_overridden)
		return &c->pte_override;
	return fault_entry_at(c, PFW_PTE);
}

