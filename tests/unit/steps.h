/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Printing a replayed fault's steps when a walker test fails. */
#ifndef PFWHY_TEST_STEPS_H
#define PFWHY_TEST_STEPS_H

#include <stdio.h>

#include <pfwhy/walker.h>

static inline void print_steps(const struct pfw_fault_result *r)
{
	int i;

	for (i = 0; i < r->nsteps; i++)
		printf("    %s: %s -> %s [%s]\n", r->steps[i].function, r->steps[i].condition,
		       r->steps[i].outcome, r->steps[i].evidence);
	if (r->undecidable[0])
		printf("    undecidable: %s\n", r->undecidable);
}

#endif
