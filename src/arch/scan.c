// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every entry of an address range, as mm/pagewalk.c's walk_page_range()
 * visits them (walk_pgd_range -> walk_p4d_range -> walk_pud_range ->
 * walk_pmd_range -> walk_pte_range): a whole table page is read at once and
 * each entry decoded once, so that a scan of a whole address space costs one
 * dump read per table page, not one per entry.  The architecture gives the
 * tables' shape and decodes the entries (src/arch/arch.h).  Moved from
 * src/arch/x86_64/scan.c: pfw_x86_scan is now pfw_scan_tables.
 */
#include <stdlib.h>
#include <string.h>

#include <pfwhy/interrupt.h>

#include "arch/arch.h"
#include "kernel/kernel.h"

#define PTRS_PER_TABLE	512

struct pfw_scan {
	struct pfw_memory *mem;
	bool interruptible;		/* checks pfw_check_interrupted(): the command's thread */
	uint64_t pgd_phys;
	const struct pfw_arch_ops *ops;
	union pfw_arch_layout layout;
	struct pfw_pt_geometry geo;
	pfw_scan_fn *fn;
	void *arg;
	struct pfw_scan_stats *stats;
	struct pfw_entry path[PFW_NR_LEVELS];
	uint64_t table[PFW_NR_LEVELS][PTRS_PER_TABLE];	/* one page per level */
};

static int level_shift(const struct pfw_scan *s, enum pfw_pt_level level)
{
	return s->geo.shift[level];
}

/*
 * Neighbouring ptes of one mapping differ mostly in their frame: an entry
 * that differs from the present one decoded before it at this level only in
 * the frame bits decodes alike but for its pfn.
 */
static void decode(struct pfw_scan *s, enum pfw_pt_level level, uint64_t v)
{
	struct pfw_entry *e = &s->path[level];

	if (!pfw_arch_reframe(s->ops, level, e, v))
		s->ops->decode(&s->layout, level, v, e);
}

static struct pfw_error *emit(struct pfw_scan *s, enum pfw_pt_level level, uint64_t addr,
			      uint64_t size, bool excluded)
{
	unsigned int i = (addr >> level_shift(s, level)) & (PTRS_PER_TABLE - 1);
	struct pfw_scan_entry e = {
		.addr = addr, .size = size, .level = level, .excluded = excluded, .path = s->path,
		.next = &s->table[level][i + 1], .nnext = excluded ? 0 : PTRS_PER_TABLE - 1 - i,
	};

	return s->fn(s->arg, &e);
}

static struct pfw_error *scan_table(struct pfw_scan *s, enum pfw_pt_level level, uint64_t table_phys,
				    uint64_t start, uint64_t end);

/* One entry met at level: descend into a table, else hand it (or a none run) on. */
static struct pfw_error *scan_entry(struct pfw_scan *s, enum pfw_pt_level level, uint64_t addr,
				   uint64_t next)
{
	const struct pfw_entry *e = &s->path[level];
	enum pfw_pt_level child = s->geo.next[level], l;

	if (e->state != PFW_ENTRY_TABLE || level == PFW_PTE)
		return emit(s, level, addr, next - addr, false);
	/* a folded level's pXd_offset() returns the entry above itself */
	for (l = level + 1; l < child; l++) {
		s->path[l] = *e;
		s->path[l].level = l;
	}
	return scan_table(s, child, e->pfn << 12, addr, next);
}

static struct pfw_error *scan_table(struct pfw_scan *s, enum pfw_pt_level level, uint64_t table_phys,
				    uint64_t start, uint64_t end)
{
	int shift = level_shift(s, level);
	uint64_t span = 1ULL << shift, addr = start, none_from = 0;
	bool in_none = false;
	struct pfw_error *err;
	unsigned int i;

	if (s->interruptible && (err = pfw_check_interrupted()))
		return err;
	err = pfw_memory_read(s->mem, PFW_PHYS, table_phys, s->table[level], sizeof(s->table[level]));
	if (err) {
		if (err->code != PFW_ERR_EXCLUDED)
			return pfw_error_wrap(err, "reading the %s table at 0x%llx",
					      pfw_level_name(level), (unsigned long long)table_phys);
		pfw_error_destroy(err);
		return emit(s, level, start, end - start, true);
	}
	s->stats->tables++;
	while (addr < end) {
		uint64_t next = (addr | (span - 1)) + 1;
		uint64_t v;

		if (next > end || next == 0)
			next = end;
		i = (addr >> shift) & (PTRS_PER_TABLE - 1);
		v = s->table[level][i];
		s->stats->entries++;
		decode(s, level, v);
		if (s->path[level].state == PFW_ENTRY_NONE) {
			/* a run of none entries is one call: most of a sparse space */
			if (!in_none)
				none_from = addr;
			in_none = true;
			addr = next;
			continue;
		}
		if (in_none) {
			struct pfw_entry keep = s->path[level];

			decode(s, level, 0);
			err = emit(s, level, none_from, addr - none_from, false);
			s->path[level] = keep;
			if (err)
				return err;
			in_none = false;
		}
		err = scan_entry(s, level, addr, next);
		if (err)
			return err;
		addr = next;
	}
	if (in_none) {
		decode(s, level, 0);
		return emit(s, level, none_from, end - none_from, false);
	}
	return NULL;
}

struct pfw_error *pfw_scan_prepare(struct pfw_kernel *k, uint64_t pgd, pfw_scan_fn *fn, void *arg,
				  struct pfw_scan **ret)
{
	struct pfw_scan *s;
	uint64_t table;

	if (!pfw_virt_to_phys_direct(k, pgd, &table))
		return pfw_error_create(PFW_ERR_CORRUPT, "pgd 0x%llx is not in the direct map",
					(unsigned long long)pgd);
	s = calloc(1, sizeof(*s));
	if (!s)
		return pfw_error_create(PFW_ERR_NOMEM, "out of memory");
	s->pgd_phys = table;
	s->fn = fn;
	s->arg = arg;
	s->ops = k->arch;
	s->ops->layout(k, &s->layout);
	s->ops->geometry(k, &s->geo);
	*ret = s;
	return NULL;
}

struct pfw_error *pfw_scan_run(struct pfw_scan *s, struct pfw_memory *mem, uint64_t start,
			       uint64_t end, struct pfw_scan_stats *stats)
{
	struct pfw_scan_stats unused;

	s->mem = mem;

	if (start >= end)
		return NULL;
	s->stats = stats ? stats : &unused;
	memset(s->stats, 0, sizeof(*s->stats));
	return scan_table(s, s->geo.top, s->pgd_phys, start, end);
}

void pfw_scan_free(struct pfw_scan *s)
{
	free(s);
}

struct pfw_error *pfw_scan_tables(struct pfw_kernel *k, uint64_t pgd, uint64_t start, uint64_t end,
				  pfw_scan_fn *fn, void *arg, struct pfw_scan_stats *stats)
{
	struct pfw_scan *s;
	struct pfw_error *err;

	err = pfw_scan_prepare(k, pgd, fn, arg, &s);
	if (err)
		return err;
	s->interruptible = true;
	err = pfw_scan_run(s, k->mem, start, end, stats);
	pfw_scan_free(s);
	return err;
}
