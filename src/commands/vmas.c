// SPDX-License-Identifier: GPL-2.0-or-later
/* The task and VMA list of smaps and faultmap. */
#include <stdlib.h>

#include "vmas.h"

static struct pfw_error *vma_push(struct pfw_vma_list *vl, const struct pfw_vma *v)
{
	if (vl->n == vl->cap) {
		size_t cap = vl->cap ? vl->cap * 2 : 64;
		struct pfw_vma *nv = realloc(vl->v, cap * sizeof(*nv));

		if (!nv)
			return pfw_error_create(PFW_ERR_NOMEM, "out of memory");
		vl->v = nv;
		vl->cap = cap;
	}
	vl->v[vl->n++] = *v;
	return NULL;
}

static struct pfw_error *collect(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	return vma_push(arg, v);
}

static struct pfw_error *one_vma(struct pfw_session *s, uint64_t mm, uint64_t addr,
				 struct pfw_vma_list *vl)
{
	struct pfw_error *err;
	struct pfw_vma v;
	bool found;

	err = pfw_find_vma(s->k, mm, addr, &v, &found);
	if (err)
		return err;
	if (!found || v.start > addr) {
		err = pfw_gate_vma(s->k, mm, &v, &found);
		if (err)
			return err;
		if (!found || addr < v.start || addr >= v.end)
			return pfw_error_create(PFW_ERR_NOT_FOUND, "no VMA covers 0x%llx",
						(unsigned long long)addr);
	}
	return vma_push(vl, &v);
}

struct pfw_error *pfw_vma_task(struct pfw_session *s, const struct pfw_command_def *cmd,
			       struct pfw_args *a, struct pfw_task *t)
{
	struct pfw_error *err;
	bool has_task;

	err = pfw_session_task(s, cmd, a, t, &has_task);
	if (err)
		return err;
	if (!has_task)
		return pfw_no_task(s, "which task?");
	if (!t->mm)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "pid %d (%s) is a kernel thread: it has no VMAs",
					t->pid, t->comm);
	return NULL;
}

struct pfw_error *pfw_vma_list_of(struct pfw_session *s, const struct pfw_task *t,
				  const uint64_t *addr, bool with_gate, bool named,
				  struct pfw_vma_list *vl)
{
	struct pfw_error *err;
	struct pfw_vma gate;
	bool found;

	if (addr)
		err = one_vma(s, t->mm, *addr, vl);
	else if (named)
		err = pfw_for_each_vma(s->k, t->mm, collect, vl);
	else
		err = pfw_for_each_vma_unnamed(s->k, t->mm, collect, vl);
	if (!err && !addr && with_gate) {
		err = pfw_gate_vma(s->k, t->mm, &gate, &found);
		if (!err && found)
			err = vma_push(vl, &gate);
	}
	if (err)
		pfw_vma_list_free(vl);
	return err;
}

void pfw_vma_list_free(struct pfw_vma_list *vl)
{
	free(vl->v);
	vl->v = NULL;
	vl->n = vl->cap = 0;
}
