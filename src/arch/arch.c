// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The architectures pfwhy knows, and the page-table calls of
 * pfwhy/pgtable.h, each through the operations table of the dump's kernel.
 */
#include <stdio.h>

#include <pfwhy/memory.h>

#include "arch/arch.h"
#include "kernel/kernel.h"

static const struct pfw_arch_ops *const arches[PFW_NR_ARCHES] = {
	[PFW_ARCH_X86_64] = &pfw_arch_x86_64,
	[PFW_ARCH_ARM64] = &pfw_arch_arm64,
};

bool pfw_arch_reframe(const struct pfw_arch_ops *ops, enum pfw_pt_level level, struct pfw_entry *e,
		      uint64_t v)
{
	uint64_t frame = ops->present_frame_mask ? ops->present_frame_mask[level] : 0;

	if (!frame || e->state != PFW_ENTRY_PRESENT || e->level != level || ((v ^ e->value) & ~frame))
		return false;
	/* the pfn is (value & a mask holding frame) >> 12: only frame's share changes */
	e->pfn += ((v & frame) >> 12) - ((e->value & frame) >> 12);
	e->value = v;
	return true;
}

const struct pfw_arch_ops *pfw_arch_for_machine(int elf_machine)
{
	int i;

	for (i = 0; i < PFW_NR_ARCHES; i++)
		if (arches[i]->elf_machine == elf_machine)
			return arches[i];
	return NULL;
}

const struct pfw_arch_ops *pfw_arch_by_id(enum pfw_arch_id id)
{
	return id < PFW_NR_ARCHES ? arches[id] : arches[PFW_ARCH_X86_64];
}

static struct pfw_error *read_entry(struct pfw_kernel *k, const union pfw_arch_layout *l,
				    struct pfw_walk *w, enum pfw_pt_level level,
				    uint64_t entry_phys, uint64_t addr)
{
	struct pfw_walk_step *s = &w->steps[w->nsteps];
	struct pfw_error *err;
	uint64_t value;

	s->level = level;
	s->entry_phys = entry_phys;
	err = pfw_memory_read_u64(k->mem, PFW_PHYS, s->entry_phys, &value);
	if (err) {
		w->truncated = err->code == PFW_ERR_TRUNCATED;
		w->excluded = err->code == PFW_ERR_EXCLUDED || w->truncated;
		return pfw_error_wrap(err, "reading the %s entry for 0x%llx", pfw_level_name(level),
				      (unsigned long long)addr);
	}
	k->arch->decode(l, level, value, &s->entry);
	w->nsteps++;
	w->stop_level = level;
	return NULL;
}

/*
 * Moved from src/arch/x86_64/walk.c (read_entry and the loop of
 * pfw_x86_walk), the folded levels now the geometry's.
 */
struct pfw_error *pfw_walk_levels(struct pfw_kernel *k, uint64_t table, uint64_t addr,
				  struct pfw_walk *w)
{
	union pfw_arch_layout l;
	struct pfw_pt_geometry g;
	enum pfw_pt_level level;
	struct pfw_error *err;

	k->arch->layout(k, &l);
	k->arch->geometry(k, &g);
	for (level = g.top; level < PFW_NR_LEVELS; level = g.next[level]) {
		const struct pfw_entry *e;

		err = read_entry(k, &l, w, level, table + ((addr >> g.shift[level]) & 511) * 8, addr);
		if (err)
			return err;
		e = pfw_walk_leaf(w);
		if (e->state != PFW_ENTRY_TABLE)
			return NULL;
		table = e->pfn << 12;
	}
	return NULL;
}

struct pfw_error *pfw_walk_tables(struct pfw_kernel *k, uint64_t pgd, uint64_t addr,
				  struct pfw_walk *w)
{
	return k->arch->walk(k, pgd, addr, w);
}

void pfw_entry_decode(struct pfw_kernel *k, enum pfw_pt_level level, uint64_t value,
		      struct pfw_entry *e)
{
	const struct pfw_arch_ops *ops = k ? k->arch : &pfw_arch_x86_64;
	union pfw_arch_layout l;

	ops->layout(k, &l);
	ops->decode(&l, level, value, e);
}

void pfw_entry_flag_names(const struct pfw_entry *e, char *buf, size_t size)
{
	pfw_arch_by_id(e->arch)->flag_names(e, buf, size);
}

const char *pfw_kernel_arch_name(const struct pfw_kernel *k)
{
	return k->arch->name;
}

const char *pfw_syndrome_name(const struct pfw_kernel *k)
{
	return k->arch->error_code_name;
}

const char *pfw_ip_name(const struct pfw_kernel *k)
{
	return k->arch->ip_name;
}

const char *pfw_syndrome_option(const struct pfw_kernel *k)
{
	return k->arch->syndrome_option;
}

struct pfw_error *pfw_syndrome_access(const struct pfw_kernel *k, uint64_t code,
				      enum pfw_access *access, bool *kernel_mode)
{
	return k->arch->syndrome_access(code, access, kernel_mode);
}

void pfw_syndrome_describe(const struct pfw_kernel *k, uint64_t code, char *buf, size_t size)
{
	buf[0] = 0;
	if (k->arch->syndrome_describe)
		k->arch->syndrome_describe(code, buf, size);
}
