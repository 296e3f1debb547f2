// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Page-table entries and walks whatever the architecture: names, the leaf
 * of a walk, the pfn under a huge leaf (4 KiB pages: a PMD maps 512, a PUD
 * 262144 on x86_64 and on arm64).  Moved from src/arch/x86_64/pte.c
 * (pfw_level_name, pfw_entry_state_name) and walk.c (pfw_walk_leaf,
 * pfw_entry_pfn_at).
 */
#include <pfwhy/pgtable.h>

const char *pfw_level_name(enum pfw_pt_level level)
{
	static const char *const names[] = { "pgd", "p4d", "pud", "pmd", "pte" };

	return level < PFW_NR_LEVELS ? names[level] : "?";
}

const char *pfw_entry_state_name(enum pfw_entry_state s)
{
	static const char *const names[] = {
		[PFW_ENTRY_NONE] = "none",
		[PFW_ENTRY_PRESENT] = "present",
		[PFW_ENTRY_PROTNONE] = "protnone",
		[PFW_ENTRY_SWAP] = "swap",
		[PFW_ENTRY_MIGRATION] = "migration",
		[PFW_ENTRY_DEVICE] = "device",
		[PFW_ENTRY_HWPOISON] = "hwpoison",
		[PFW_ENTRY_MARKER] = "marker",
		[PFW_ENTRY_TABLE] = "table",
	};

	return names[s];
}

const struct pfw_entry *pfw_walk_leaf(const struct pfw_walk *w)
{
	return w->nsteps ? &w->steps[w->nsteps - 1].entry : NULL;
}

uint64_t pfw_entry_pfn_at(const struct pfw_entry *leaf, uint64_t addr)
{
	if (!leaf->huge)
		return leaf->pfn;
	if (leaf->level == PFW_PMD)
		return leaf->pfn + ((addr >> 12) & 511);
	return leaf->pfn + ((addr >> 12) & 262143);
}
