// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * VMAs: iteration in address order, find_vma(), and the names
 * /proc/PID/maps prints (fs/proc/task_mmu.c show_map_vma()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pfwhy/interrupt.h>

#include "kernel.h"
#include "maple_tree.h"
#include "path.h"

static struct pfw_error *read_file_identity(struct pfw_kernel *k, struct pfw_vma *v)
{
	struct pfw_error *err;
	uint64_t inode, sb, dev;

	if ((err = pfw_read_member(k, v->file, "file", "f_inode", &inode)) ||
	    (err = pfw_read_member(k, inode, "inode", "i_ino", &v->inode)) ||
	    (err = pfw_read_member(k, inode, "inode", "i_sb", &sb)) ||
	    (err = pfw_read_member(k, sb, "super_block", "s_dev", &dev)))
		return err;
	/* include/linux/kdev_t.h: MINORBITS 20 */
	v->dev_major = (unsigned int)(dev >> 20);
	v->dev_minor = (unsigned int)(dev & 0xfffff);
	return NULL;
}

/* vm_ops->name() of special mappings: [vdso], [vvar] (mm/mmap.c special_mapping_name) */
static bool special_mapping_name(struct pfw_kernel *k, const struct pfw_vma *v,
				 char *buf, size_t size)
{
	uint64_t ops1 = 0, ops2 = 0, priv, name;

	pfw_ignore(pfw_kernel_symbol(k, "special_mapping_vmops", &ops1));
	pfw_ignore(pfw_kernel_symbol(k, "legacy_special_mapping_vmops", &ops2));
	if (!v->vm_ops || (v->vm_ops != ops1 && v->vm_ops != ops2))
		return false;
	if (!pfw_ok(pfw_read_member(k, v->addr, "vm_area_struct", "vm_private_data", &priv)) || !priv)
		return false;
	if (!pfw_ok(pfw_read_member(k, priv, "vm_special_mapping", "name", &name)) || !name)
		return false;
	return pfw_ok(pfw_read_string(k, name, buf, size));
}

static bool anon_vma_name(struct pfw_kernel *k, const struct pfw_vma *v, char *buf,
			  size_t size)
{
	uint64_t anon_name, name_addr;

	struct pfw_member name_m, shared_m;

	/* 5.17 (9a10064f5625 "mm: add a field to store names for private anonymous memory") */
	if (!pfw_ok(pfw_member(k->dbi, "vm_area_struct", "anon_name", &name_m)))
		return false;
	/*
	 * Until 6.2 anon_name shares a union with the file's i_mmap linkage
	 * (vma->shared), and anon_vma_name() returns NULL for a file VMA.
	 */
	if (v->file && pfw_ok(pfw_member(k->dbi, "vm_area_struct", "shared", &shared_m)) &&
	    shared_m.offset == name_m.offset)
		return false;
	if (!pfw_ok(pfw_read_member(k, v->addr, "vm_area_struct", "anon_name", &anon_name)) || !anon_name)
		return false;
	if (!pfw_ok(pfw_member_address(k, anon_name, "anon_vma_name", "name", &name_addr)))
		return false;
	return pfw_ok(pfw_read_string(k, name_addr, buf, size));
}

static void vma_name(struct pfw_kernel *k, uint64_t mm, struct pfw_vma *v)
{
	struct pfw_error *err;
	uint64_t brk, start_brk, start_stack;
	char anon[200];
	bool named = anon_vma_name(k, v, anon, sizeof(anon));

	v->name[0] = 0;
	if (v->file) {
		if (named)
			snprintf(v->name, sizeof(v->name), "[anon_shmem:%s]", anon);
		else if ((err = pfw_file_path(k, v->file, v->name, sizeof(v->name)))) {
			pfw_error_destroy(err);
			snprintf(v->name, sizeof(v->name), "(unreadable path)");
		}
		return;
	}
	if (special_mapping_name(k, v, v->name, sizeof(v->name)))
		return;
	if (pfw_ok(pfw_read_member(k, mm, "mm_struct", "brk", &brk)) &&
	    pfw_ok(pfw_read_member(k, mm, "mm_struct", "start_brk", &start_brk)) &&
	    v->start <= brk && v->end >= start_brk) {
		strcpy(v->name, "[heap]");
		return;
	}
	if (pfw_ok(pfw_read_member(k, mm, "mm_struct", "start_stack", &start_stack)) &&
	    v->start <= start_stack && v->end >= start_stack) {
		strcpy(v->name, "[stack]");
		return;
	}
	if (named)
		snprintf(v->name, sizeof(v->name), "[anon:%s]", anon);
}


static void vma_perms(struct pfw_kernel *k, struct pfw_vma *v)
{
	v->perms[0] = v->flags & pfw_vm_flag(k, "VM_READ") ? 'r' : '-';
	v->perms[1] = v->flags & pfw_vm_flag(k, "VM_WRITE") ? 'w' : '-';
	v->perms[2] = v->flags & pfw_vm_flag(k, "VM_EXEC") ? 'x' : '-';
	v->perms[3] = v->flags & pfw_vm_flag(k, "VM_MAYSHARE") ? 's' : 'p';
	v->perms[4] = 0;
}

/* names=false skips the name (d_path and friends): find_vma names only its hit */
static struct pfw_error *read_vma(struct pfw_kernel *k, uint64_t mm, uint64_t addr,
				  struct pfw_vma *v, bool names)
{
	struct pfw_error *err;

	memset(v, 0, sizeof(*v));
	v->addr = addr;
	if ((err = pfw_read_member(k, addr, "vm_area_struct", "vm_start", &v->start)) ||
	    (err = pfw_read_member(k, addr, "vm_area_struct", "vm_end", &v->end)) ||
	    (err = pfw_read_member(k, addr, "vm_area_struct", "vm_flags", &v->flags)) ||
	    (err = pfw_read_member(k, addr, "vm_area_struct", "vm_pgoff", &v->pgoff)) ||
	    (err = pfw_read_member(k, addr, "vm_area_struct", "vm_file", &v->file)) ||
	    (err = pfw_read_member(k, addr, "vm_area_struct", "anon_vma", &v->anon_vma)) ||
	    (err = pfw_read_member(k, addr, "vm_area_struct", "vm_ops", &v->vm_ops)))
		return pfw_error_wrap(err, "reading VMA 0x%llx", (unsigned long long)addr);
	if (v->start >= v->end)
		return pfw_error_create(PFW_ERR_CORRUPT, "VMA 0x%llx has start 0x%llx >= end 0x%llx",
					(unsigned long long)addr, (unsigned long long)v->start,
					(unsigned long long)v->end);
	if (v->file && (err = read_file_identity(k, v)))
		return pfw_error_wrap(err, "reading the file of VMA 0x%llx", (unsigned long long)addr);
	vma_perms(k, v);
	if (names)
		vma_name(k, mm, v);
	return NULL;
}

struct vma_iter {
	uint64_t mm;
	pfw_vma_fn *fn;
	void *arg;
	uint64_t from;			/* VMAs ending at or below it are not handed on */
	uint64_t prev_end;
	bool names;
	bool keep;			/* collect every VMA into kept, for k->vmas */
	struct pfw_vma_cache kept;
	size_t cap;
};

/*
 * User VMAs lie below TASK_SIZE_MAX in address order without overlap, and
 * the maple tree stores each at [vm_start, vm_end - 1] (vma_mas_store()).
 */
static struct pfw_error *check_vma(struct pfw_kernel *k, const struct vma_iter *it,
				   const struct pfw_vma *v, uint64_t first, uint64_t last)
{
	/* arch/x86/include/asm/page_64_types.h: (1 << 47 or 56) - PAGE_SIZE */
	uint64_t task_size = pfw_task_size(k);
	const char *why = NULL;

	if (v->end > task_size || (v->start | v->end) & 4095)
		why = "is not a page-aligned range below TASK_SIZE";
	else if (v->start < it->prev_end)
		why = "overlaps or precedes the VMA before it";
	else if (k->has_maple_tree && (v->start != first || v->end - 1 != last))
		why = "does not match its place in the maple tree";
	if (!why)
		return NULL;
	return pfw_error_create(PFW_ERR_CORRUPT,
				"VMA list of mm 0x%llx is corrupt: VMA 0x%llx (0x%llx-0x%llx) %s",
				(unsigned long long)it->mm, (unsigned long long)v->addr,
				(unsigned long long)v->start, (unsigned long long)v->end, why);
}

/* Out of memory only loses the cache: the walk goes on. */
static void keep_vma(struct vma_iter *it, const struct pfw_vma *v)
{
	if (it->kept.n == it->cap) {
		size_t cap = it->cap ? it->cap * 2 : 64;
		struct pfw_vma *nv = realloc(it->kept.v, cap * sizeof(*nv));

		if (!nv) {
			free(it->kept.v);
			it->kept.v = NULL;
			it->keep = false;
			return;
		}
		it->kept.v = nv;
		it->cap = cap;
	}
	it->kept.v[it->kept.n++] = *v;
}

static struct pfw_error *visit_vma(struct pfw_kernel *k, uint64_t addr, uint64_t first,
				   uint64_t last, void *arg)
{
	struct vma_iter *it = arg;
	struct pfw_error *err;
	struct pfw_vma v;

	if ((err = pfw_check_interrupted()))
		return err;
	err = read_vma(k, it->mm, addr, &v, it->names);
	if (err)
		return err;
	err = check_vma(k, it, &v, first, last);
	if (err)
		return err;
	it->prev_end = v.end;
	if (v.end <= it->from)
		return NULL;
	if (it->keep)
		keep_vma(it, &v);
	return it->fn(k, &v, it->arg);
}

/* Before 6.1: the mm->mmap list linked by vm_next, in address order. */
static struct pfw_error *for_each_vma_list(struct pfw_kernel *k, struct vma_iter *it)
{
	unsigned long budget = PFW_MAX_VMAS;
	struct pfw_error *err;
	uint64_t vma;

	err = pfw_read_member(k, it->mm, "mm_struct", "mmap", &vma);
	while (!err && vma) {
		if (--budget == 0)
			return pfw_error_create(PFW_ERR_CORRUPT, "VMA list does not end (cyclic?)");
		err = visit_vma(k, vma, 0, 0, it);
		if (!err)
			err = pfw_read_member(k, vma, "vm_area_struct", "vm_next", &vma);
	}
	return err;
}

/* The kept VMAs of mm, as a walk from from would hand them on. */
static struct pfw_error *for_each_kept_vma(struct pfw_kernel *k, uint64_t from, pfw_vma_fn *fn,
					   void *arg)
{
	struct pfw_error *err;
	size_t i;

	for (i = 0; i < k->vmas.n; i++) {
		if (k->vmas.v[i].end <= from)
			continue;
		if ((err = fn(k, &k->vmas.v[i], arg)))
			return err;
	}
	return NULL;
}

/*
 * A whole walk of a dump's mm, named, is kept in k->vmas: the callers that
 * walk again (a why replay's find_vma() and expand_stack(), faultmap's
 * hundreds of replays) then read nothing.  Only a frozen memory's (a dump
 * file's): a live kernel's VMAs change, and so do a test's synthetic ones.
 */
static struct pfw_error *for_each_vma(struct pfw_kernel *k, uint64_t mm, uint64_t from,
				      pfw_vma_fn *fn, void *arg, bool names)
{
	struct vma_iter it = { .mm = mm, .fn = fn, .arg = arg, .from = from, .names = names };
	struct pfw_error *err;
	uint64_t mt;

	if (!mm)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "the task has no mm (a kernel thread)");
	if (k->vmas.mm == mm)
		return for_each_kept_vma(k, from, fn, arg);
	it.keep = !from && names && k->mem->frozen;
	if (!k->has_maple_tree)
		err = for_each_vma_list(k, &it);
	else if (!(err = pfw_member_address(k, mm, "mm_struct", "mm_mt", &mt)))
		err = pfw_mt_for_each(k, mt, from, visit_vma, &it);
	if (err || !it.keep) {
		free(it.kept.v);
		return err;
	}
	free(k->vmas.v);
	k->vmas = it.kept;
	k->vmas.mm = mm;
	return NULL;
}

struct pfw_error *pfw_for_each_vma(struct pfw_kernel *k, uint64_t mm, pfw_vma_fn *fn,
				   void *arg)
{
	return for_each_vma(k, mm, 0, fn, arg, true);
}

struct pfw_error *pfw_for_each_vma_unnamed(struct pfw_kernel *k, uint64_t mm, pfw_vma_fn *fn,
					   void *arg)
{
	return for_each_vma(k, mm, 0, fn, arg, false);
}

/*
 * The gate VMA (arch/x86/entry/vsyscall/vsyscall_64.c) that /proc/PID/maps
 * lists after the real ones; get_gate_vma() hides it when vsyscall=none.
 */
#define VSYSCALL_MODE_NONE 2	/* enum { EMULATE, XONLY, NONE } */

struct pfw_error *pfw_gate_vma(struct pfw_kernel *k, uint64_t mm, struct pfw_vma *ret,
			       bool *found)
{
	uint64_t gate, mode_addr;
	struct pfw_error *err;
	uint32_t mode;

	*found = false;
	if (!pfw_ok(pfw_kernel_symbol(k, "gate_vma", &gate)) ||
	    !pfw_ok(pfw_kernel_symbol(k, "vsyscall_mode", &mode_addr)))
		return NULL;
	err = pfw_read_kv(k, mode_addr, &mode, sizeof(mode));
	if (err || mode == VSYSCALL_MODE_NONE)
		return err;
	err = read_vma(k, mm, gate, ret, true);
	if (err)
		return err;
	strcpy(ret->name, "[vsyscall]");
	*found = true;
	return NULL;
}

struct find_vma_arg {
	uint64_t addr;
	struct pfw_vma *ret;
	bool found;
};

static struct pfw_error *match_vma(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	struct find_vma_arg *a = arg;

	if (v->end <= a->addr)
		return NULL;
	*a->ret = *v;
	a->found = true;
	return &pfw_walk_stop;	/* the first VMA ending above addr */
}

/* find_vma() over kept VMAs: they are sorted and do not overlap (check_vma()) */
static struct pfw_error *find_kept_vma(struct pfw_kernel *k, uint64_t addr, struct pfw_vma *ret,
				       bool *found)
{
	size_t lo = 0, hi = k->vmas.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->vmas.v[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < k->vmas.n;
	if (*found)
		*ret = k->vmas.v[lo];
	return NULL;
}

struct pfw_error *pfw_find_vma(struct pfw_kernel *k, uint64_t mm, uint64_t addr,
			       struct pfw_vma *ret, bool *found)
{
	struct find_vma_arg a = { .addr = addr, .ret = ret };
	struct pfw_error *err;

	/* kept VMAs are named already; a walk reads from addr on and names only its hit */
	if (k->vmas.mm == mm)
		return find_kept_vma(k, addr, ret, found);
	err = for_each_vma(k, mm, addr, match_vma, &a, false);
	if (err && err != &pfw_walk_stop)
		return err;
	*found = a.found;
	if (a.found)
		vma_name(k, mm, ret);
	return NULL;
}
