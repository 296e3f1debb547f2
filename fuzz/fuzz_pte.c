// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Page-table entry decoders (src/arch/x86_64/pte.c, src/arch/arm64/pte.c):
 * any 64-bit value at any level, under the layouts of every era the decoder
 * knows (devmap and saved-dirty bits, swap-entry flags, special swap types
 * present or not; arm64's 3 or 4 levels).
 */
#include <stdint.h>
#include <string.h>

#include <pfwhy/arm64.h>
#include <pfwhy/x86_64.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void layout_from(struct pfw_x86_layout *l, uint8_t sel)
{
	pfw_x86_layout_default(l);
	if (sel & 1)
		l->devmap_bit = (sel & 2) ? 57 : -1;
	if (sel & 4)
		l->saved_dirty_bit = 58;
	l->swp_exclusive = !(sel & 8);
	l->swp_uffd_wp = !(sel & 16);
	l->pkeys = !(sel & 32);
	if (sel & 64) {
		/* a kernel without CONFIG_MIGRATION, DEVICE_PRIVATE, MEMORY_FAILURE, markers */
		l->swp.swp_hwpoison = l->swp.swp_migration_read = l->swp.swp_migration_read_excl = -1;
		l->swp.swp_migration_write = l->swp.swp_device_write = l->swp.swp_device_read = -1;
		l->swp.swp_device_excl_write = l->swp.swp_device_excl_read = -1;
		l->swp.swp_pte_marker = l->swp.swp_swapin_error = -1;
		l->swp.max_swapfiles = 32;
	}
	if (sel & 128)
		l->swp.swp_pfn_bits = 52 - 12;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pfw_arm64_layout a;
	struct pfw_x86_layout l;
	struct pfw_entry e;
	char names[512];
	uint64_t v;
	int level;

	if (size < 9)
		return 0;
	memcpy(&v, data + 1, sizeof(v));
	layout_from(&l, data[0]);
	pfw_arm64_layout_default(&a);
	a.levels = (data[0] & 1) ? 3 : 4;
	a.swp = l.swp;
	for (level = 0; level < PFW_NR_LEVELS; level++) {
		pfw_x86_decode(&l, level, v, &e);
		pfw_entry_flag_names(&e, names, sizeof(names));
		(void)pfw_entry_state_name(e.state);
		(void)pfw_level_name(level);
		pfw_arm64_decode(&a, level, v, &e);
		pfw_entry_flag_names(&e, names, sizeof(names));
	}
	return 0;
}
