// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Whether the dumped arm64 kernel runs with KPTI: arm64_kernel_unmapped_at_el0()
 * (6.1 asm/mmu.h:58) is cpus_have_const_cap(ARM64_UNMAP_KERNEL_AT_EL0), a
 * bit of the system capability bitmap.  The cap's number is a generated
 * #define (arch/arm64/tools/cpucaps) that DWARF cannot give, so it is read
 * from the kernel's own capability table: the arm64_features[] entry whose
 * ->matches is unmap_kernel_at_el0() (6.1 kernel/cpufeature.c:2258-2272).
 * arm64_use_ng_mappings is not the answer: KASLR sets it at boot
 * (setup.c:301) even when "kpti=0" keeps the capability off.
 */
#include "arch/arm64/arm64.h"
#include "kernel/kernel.h"

/* enough for ARM64_NCAPS of every era so far; the table ends with {} */
#define ARM64_FEATURES_MAX	256

/*
 * ->capability of the arm64_features[] entry that ->matches is fn; -1 when
 * the table has none (a kernel without the entry).
 */
static struct pfw_error *feature_capability(struct pfw_kernel *k, uint64_t fn, int *cap)
{
	struct pfw_error *err;
	uint64_t table, size, matches, num;
	int i;

	*cap = -1;
	err = pfw_kernel_symbol(k, "arm64_features", &table);
	if (!err)
		err = pfw_struct_size(k->dbi, "arm64_cpu_capabilities", &size);
	for (i = 0; !err && i < ARM64_FEATURES_MAX; i++) {
		err = pfw_read_member(k, table + i * size, "arm64_cpu_capabilities", "matches", &matches);
		if (err || !matches)
			break;
		if (matches != fn)
			continue;
		err = pfw_read_member(k, table + i * size, "arm64_cpu_capabilities", "capability", &num);
		if (!err)
			*cap = num;
		break;
	}
	return err;
}

/*
 * cpus_have_cap(num) (6.1 asm/cpufeature.h:446): test_bit(num, cpu_hwcaps);
 * 6.12 names the bitmap system_cpucaps.
 */
static struct pfw_error *cpus_have_cap(struct pfw_kernel *k, int num, bool *on)
{
	struct pfw_error *err;
	uint64_t bitmap, word;

	err = pfw_kernel_symbol(k, "cpu_hwcaps", &bitmap);
	if (err) {
		pfw_error_destroy(err);
		err = pfw_kernel_symbol(k, "system_cpucaps", &bitmap);
	}
	if (!err)
		err = pfw_read_kv_u64(k, bitmap + num / 64 * 8, &word);
	if (!err)
		*on = word >> (num % 64) & 1;
	return err;
}

/*
 * k->pti = arm64_kernel_unmapped_at_el0().  No unmap_kernel_at_el0() or no
 * table entry for it: a kernel without KPTI (off).  A table or bitmap the
 * dump cannot give: an error, as PTI decides which tables EL0 walks.
 */
struct pfw_error *arm64_kernel_unmapped_at_el0(struct pfw_kernel *k)
{
	struct pfw_error *err;
	uint64_t fn;
	int cap;

	k->pti = false;
	if (!pfw_symbol_exists(k->dbi, "unmap_kernel_at_el0"))
		return NULL;
	err = pfw_kernel_symbol(k, "unmap_kernel_at_el0", &fn);
	if (!err)
		err = feature_capability(k, fn, &cap);
	if (!err && cap >= 0)
		err = cpus_have_cap(k, cap, &k->pti);
	if (err) {
		err->code = PFW_ERR_INPUT;
		return pfw_error_wrap(err, "cannot tell whether the dump's kernel runs with KPTI: arm64_features, cpu_hwcaps");
	}
	return NULL;
}
