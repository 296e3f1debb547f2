// SPDX-License-Identifier: GPL-2.0-or-later
/* vma: a task's VMAs as /proc/PID/maps prints them, or one with its flags. */
#include <stdio.h>

#include "common.h"

struct vma_arg {
	struct pfw_session *s;
	struct pfw_json j;
};

/* One line exactly as fs/proc/task_mmu.c show_vma_header_prefix() prints it. */
void pfw_maps_line(FILE *out, const struct pfw_vma *v)
{
	int len;

	fprintf(out, "%08llx-%08llx %s %08llx %02x:%02x %llu %n", (unsigned long long)v->start,
		(unsigned long long)v->end, v->perms,
		(unsigned long long)(v->file ? v->pgoff << 12 : 0), v->dev_major, v->dev_minor,
		(unsigned long long)v->inode, &len);
	if (v->name[0])
		fprintf(out, "%*s%s", len <= 72 ? 73 - len : 1, "", v->name);
	fputc('\n', out);
}

static void json_vma(struct pfw_json *j, const struct pfw_vma *v)
{
	char dev[16];

	snprintf(dev, sizeof(dev), "%02x:%02x", v->dev_major, v->dev_minor);
	pfw_json_hex(j, "start", v->start);
	pfw_json_hex(j, "end", v->end);
	pfw_json_string(j, "perms", v->perms);
	pfw_json_hex(j, "offset", v->file ? v->pgoff << 12 : 0);
	pfw_json_string(j, "dev", dev);
	pfw_json_int(j, "inode", v->inode);
	pfw_json_string(j, "path", v->name);
	pfw_json_hex(j, "vma", v->addr);
	pfw_json_hex(j, "vm_flags", v->flags);
}

static struct pfw_error *print_vma(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	struct vma_arg *p = arg;

	if (p->s->json) {
		pfw_json_object_begin(&p->j, NULL);
		json_vma(&p->j, v);
		pfw_json_object_end(&p->j);
	} else {
		pfw_maps_line(p->s->out, v);
	}
	return NULL;
}

static struct pfw_error *print_gate_vma(struct pfw_kernel *k, uint64_t mm, struct vma_arg *p)
{
	struct pfw_error *err;
	struct pfw_vma gate;
	bool found;

	err = pfw_gate_vma(k, mm, &gate, &found);
	if (err || !found)
		return err;
	return print_vma(k, &gate, p);
}

static struct pfw_error *show_one(struct pfw_session *s, uint64_t mm, uint64_t addr)
{
	struct pfw_ksym ops;
	struct pfw_error *err;
	struct pfw_vma v;
	char names[512];
	bool found;
	struct pfw_json j;

	err = pfw_find_vma(s->k, mm, addr, &v, &found);
	if (err)
		return err;
	if (!found || v.start > addr) {
		if (s->json) {
			pfw_json_init(&j, s->out);
			pfw_json_null(&j, NULL);
			pfw_json_end(&j);
		}
		return pfw_error_create(PFW_ERR_NOT_FOUND, "no VMA covers 0x%llx%s",
					(unsigned long long)addr,
					found ? " (it is below a VMA: a hole, or a stack's growth zone)" : "");
	}
	pfw_vm_flags_names(s->k, v.flags, names, sizeof(names));
	ops = pfw_ksym(s->k, v.vm_ops);
	if (s->json) {
		pfw_json_init(&j, s->out);
		pfw_json_object_begin(&j, NULL);
		json_vma(&j, &v);
		pfw_json_string(&j, "vm_flags_names", names);
		pfw_json_hex(&j, "vm_ops", v.vm_ops);
		pfw_json_string(&j, "vm_ops_symbol", ops.sym[0] ? ops.sym : NULL);
		pfw_json_object_end(&j);
		pfw_json_end(&j);
		return NULL;
	}
	pfw_maps_line(s->out, &v);
	fprintf(s->out, "  vma 0x%llx  vm_flags 0x%llx: %s\n", (unsigned long long)v.addr,
		(unsigned long long)v.flags, names);
	fprintf(s->out, "  anon_vma 0x%llx  vm_ops %s  vm_file 0x%llx  vm_pgoff 0x%llx\n",
		(unsigned long long)v.anon_vma, ops.s, (unsigned long long)v.file,
		(unsigned long long)v.pgoff);
	return NULL;
}

DECLARE_COMMAND(pfw_cmd_vma)
{
	struct vma_arg p = { .s = s };
	struct pfw_error *err;
	struct pfw_task t;
	bool has_task;
	uint64_t addr;

	err = pfw_session_task(s, cmd, a, &t, &has_task);
	if (err)
		return err;
	if (!has_task)
		return pfw_no_task(s, "which task?");
	if (!t.mm)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "pid %d (%s) is a kernel thread: it has no VMAs",
					t.pid, t.comm);
	if (a->npos) {
		err = pfw_parse_address(s, a->pos[0], &addr);
		return err ? err : show_one(s, t.mm, addr);
	}
	if (s->json) {
		pfw_json_init(&p.j, s->out);
		pfw_json_array_begin(&p.j, NULL);
	}
	err = pfw_for_each_vma(s->k, t.mm, print_vma, &p);
	if (!err)
		err = print_gate_vma(s->k, t.mm, &p);
	if (s->json) {
		pfw_json_array_end(&p.j);
		pfw_json_end(&p.j);
	}
	return err;
}
