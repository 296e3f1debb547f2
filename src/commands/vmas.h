/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The VMAs a whole-address-space command works on (smaps, faultmap). */
#ifndef PFWHY_COMMANDS_VMAS_H
#define PFWHY_COMMANDS_VMAS_H

#include "common.h"

struct pfw_vma_list {
	struct pfw_vma *v;
	size_t n, cap;
};

/* The task of --pid (or the current one); an error for a kernel thread (no VMAs). */
struct pfw_error *pfw_vma_task(struct pfw_session *s, const struct pfw_command_def *cmd,
			       struct pfw_args *a, struct pfw_task *t);
/*
 * Its VMAs in address order, with the [vsyscall] gate VMA last if with_gate
 * (as /proc/PID/smaps lists it), named unless !named (smaps_rollup prints no
 * VMA's name); with addr, only the VMA covering *addr (an error if none does).
 */
struct pfw_error *pfw_vma_list_of(struct pfw_session *s, const struct pfw_task *t,
				  const uint64_t *addr, bool with_gate, bool named,
				  struct pfw_vma_list *vl);
void pfw_vma_list_free(struct pfw_vma_list *vl);

#endif
