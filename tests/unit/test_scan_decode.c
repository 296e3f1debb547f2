// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * src/arch/scan.c decodes a present entry that differs from the one before
 * it only in the architecture's frame bits of its level (present_frame_mask)
 * by re-framing the earlier entry's decoding (pfw_arch_reframe()).  That
 * holds only while nothing a decoder derives reads those bits: checked here
 * for every architecture's decoder, at each level with leaves, in the default
 * era and the other layouts the decoders know, against the decoder's own
 * answer for the second value.
 */
#include <string.h>

#include "arch/arch.h"
#include "check.h"

#define VALUES	20000

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A value whose non-frame bits are random, present more often than not. */
static uint64_t some_entry(uint64_t *seed)
{
	uint64_t v = xorshift(seed);

	return xorshift(seed) & 3 ? v | 1 : v;
}

static void check_level(const struct pfw_arch_ops *ops, const union pfw_arch_layout *l,
			const char *era, enum pfw_pt_level level, uint64_t *seed)
{
	uint64_t frame = ops->present_frame_mask[level];
	unsigned int i, present = 0, wrong = 0;

	for (i = 0; i < VALUES; i++) {
		uint64_t v = some_entry(seed);
		uint64_t w = (v & ~frame) | (xorshift(seed) & frame);
		struct pfw_entry first, second, reused;

		ops->decode(l, level, v, &first);
		if (first.state != PFW_ENTRY_PRESENT)
			continue;
		present++;
		ops->decode(l, level, w, &second);
		reused = first;
		if (!pfw_arch_reframe(ops, level, &reused, w) ||
		    memcmp(&reused, &second, sizeof(second)))
			wrong++;
	}
	CHECK(present > VALUES / 4, "%s %s, %s: only %u present values", ops->name, era,
	      pfw_level_name(level), present);
	CHECK(!wrong, "%s %s, %s: %u of %u present entries decode otherwise with other frame bits",
	      ops->name, era, pfw_level_name(level), wrong, present);
}

static void check_arch(const struct pfw_arch_ops *ops, const union pfw_arch_layout *l,
		       const char *era)
{
	/* the levels with leaves: 4K pages, 2M and 1G huge pages or blocks */
	static const enum pfw_pt_level levels[] = { PFW_PTE, PFW_PMD, PFW_PUD };
	uint64_t seed = 0x9e3779b97f4a7c15ULL;
	size_t i;

	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		CHECK(ops->present_frame_mask[levels[i]], "%s names no frame bits at %s", ops->name,
		      pfw_level_name(levels[i]));
		check_level(ops, l, era, levels[i], &seed);
	}
}

int main(void)
{
	const struct pfw_arch_ops *x86 = pfw_arch_by_id(PFW_ARCH_X86_64);
	const struct pfw_arch_ops *arm64 = pfw_arch_by_id(PFW_ARCH_ARM64);
	union pfw_arch_layout l;

	x86->layout(NULL, &l);
	check_arch(x86, &l, "6.1 layout");
	/* 6.6+: SavedDirty in bit 58, devmap in bit 57 */
	l.x86.saved_dirty_bit = 58;
	l.x86.devmap_bit = 57;
	check_arch(x86, &l, "6.6 layout");
	arm64->layout(NULL, &l);
	check_arch(arm64, &l, "48-bit VA");
	l.arm64.levels = 3;
	check_arch(arm64, &l, "39-bit VA");
	return check_report();
}
