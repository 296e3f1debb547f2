/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * x86_64 page-table entries: decoding every bit of every level, swap entries
 * with the L1TF inversion, and the walk from an mm's PGD.  Decoding needs no
 * dump (`pfwhy flags`); the per-version layout says which software bits mean
 * what in the dump's kernel.
 */
#ifndef PFWHY_X86_64_H
#define PFWHY_X86_64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pfwhy/error.h>
#include <pfwhy/pgtable.h>

struct pfw_kernel;

/* Which software bits and swap types a kernel uses (arch/x86/include/asm/pgtable_types.h). */
struct pfw_x86_layout {
	int devmap_bit;			/* 58 until 6.5, 57 6.6+, -1 when gone */
	int saved_dirty_bit;		/* 58 in 6.6+, else -1 */
	bool swp_exclusive;		/* 5.19+: bit 3 of a swap pte */
	bool swp_uffd_wp;		/* 5.7+: bit 2 of a swap pte */
	bool pkeys;
	struct pfw_swap_layout swp;
};

/* The 6.1 layout with every option on: what `flags` uses without a dump. */
void pfw_x86_layout_default(struct pfw_x86_layout *l);

void pfw_x86_decode(const struct pfw_x86_layout *l, enum pfw_pt_level level, uint64_t value,
		    struct pfw_entry *e);
/* The set bits as words: "present write user accessed dirty nx". */
void pfw_x86_flag_names(const struct pfw_entry *e, char *buf, size_t size);
/* Walk the page tables rooted at pgd (a kernel virtual address, e.g. mm->pgd). */
struct pfw_error *pfw_x86_walk(struct pfw_kernel *k, uint64_t pgd, uint64_t addr,
			       struct pfw_walk *w);
void pfw_kernel_x86_layout(struct pfw_kernel *k, struct pfw_x86_layout *l);

#endif
