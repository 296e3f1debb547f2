// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Swap entries as include/linux/swapops.h and include/linux/swap.h define
 * them for every architecture: which swap types are special (migration,
 * device, hwpoison, pte markers) and what an entry of each holds.  Each
 * architecture unpacks type and offset from its own pte bits first.
 * Moved from src/arch/x86_64/walk.c (special_swap_types) and pte.c
 * (classify_swap, the swap part of pfw_x86_layout_default).
 */
#include <string.h>

#include <pfwhy/pgtable.h>

#include "kernel/kernel.h"

void pfw_swap_layout_default(struct pfw_swap_layout *l, int pfn_bits)
{
	*l = (struct pfw_swap_layout){
		.max_swapfiles = 22, .swp_hwpoison = 22,
		.swp_migration_read = 23, .swp_migration_read_excl = 24, .swp_migration_write = 25,
		.swp_device_write = 26, .swp_device_read = 27,
		.swp_device_excl_write = 28, .swp_device_excl_read = 29,
		.swp_pte_marker = 30, .swp_swapin_error = 31,
		.swp_pfn_bits = pfn_bits,
	};
}

/*
 * The special swap types are counted down from 32 in a fixed order, each
 * group present only with its Kconfig option; find the options from symbols
 * built only with them.
 */
void pfw_kernel_swap_layout(struct pfw_kernel *k, struct pfw_swap_layout *l, int pfn_bits)
{
	int v = pfw_kernel_version(k);
	/* k->test: tests/unit pretend the options on (kernel.h, test hooks) */
	bool device = pfw_symbol_exists(k->dbi, "make_device_exclusive_range") ||
		      k->test.device_private;
	bool hwpoison = pfw_symbol_exists(k->dbi, "memory_failure") || k->test.memory_failure;
	bool migration = pfw_symbol_exists(k->dbi, "migrate_pages");
	bool marker = v >= 6000 && pfw_symbol_exists(k->dbi, "handle_userfault");
	bool swapin_error = v == 6001;	/* 6.1 only: a type of its own, a marker from 6.2 */
	bool device_excl = v >= 5014;
	int next = 32;

	l->swp_pfn_bits = pfn_bits;
	l->swp_swapin_error = swapin_error ? --next : -1;
	l->swp_pte_marker = marker ? --next : -1;
	if (device) {
		l->swp_device_excl_read = device_excl ? --next : -1;
		l->swp_device_excl_write = device_excl ? --next : -1;
		l->swp_device_read = --next;
		l->swp_device_write = --next;
	} else {
		l->swp_device_excl_read = l->swp_device_excl_write = -1;
		l->swp_device_read = l->swp_device_write = -1;
	}
	if (migration) {
		l->swp_migration_write = --next;
		l->swp_migration_read_excl = v >= 5019 ? --next : -1;
		l->swp_migration_read = --next;
	} else {
		l->swp_migration_write = l->swp_migration_read_excl = l->swp_migration_read = -1;
	}
	l->swp_hwpoison = hwpoison ? --next : -1;
	l->max_swapfiles = next;
}

static bool type_is(int type, int t)
{
	return t >= 0 && type == t;
}

void pfw_swap_classify(const struct pfw_swap_layout *l, struct pfw_entry *e)
{
	int t = e->swap_type;
	uint64_t pfn_mask = (1ULL << l->swp_pfn_bits) - 1;

	e->state = PFW_ENTRY_SWAP;
	if (t < l->max_swapfiles)
		return;
	if (type_is(t, l->swp_migration_read) || type_is(t, l->swp_migration_read_excl) ||
	    type_is(t, l->swp_migration_write)) {
		e->state = PFW_ENTRY_MIGRATION;
		e->migration_write = type_is(t, l->swp_migration_write);
		e->pfn = e->swap_offset & pfn_mask;
	} else if (type_is(t, l->swp_device_write) || type_is(t, l->swp_device_read) ||
		   type_is(t, l->swp_device_excl_write) || type_is(t, l->swp_device_excl_read)) {
		e->state = PFW_ENTRY_DEVICE;
		e->pfn = e->swap_offset & pfn_mask;
	} else if (type_is(t, l->swp_hwpoison)) {
		e->state = PFW_ENTRY_HWPOISON;
		e->pfn = e->swap_offset & pfn_mask;
	} else if (type_is(t, l->swp_pte_marker) || type_is(t, l->swp_swapin_error)) {
		e->state = PFW_ENTRY_MARKER;
		e->marker = e->swap_offset;
	}
}
