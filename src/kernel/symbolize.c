// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel addresses as a user reads them: every address pfwhy prints (an ip,
 * a vm_ops table, a fault handler) goes through pfw_ksym(), so that the
 * oops's "lkdtm_WRITE_RO+0x2e/0x3a" and our "0xffffffffb1adfe87" are seen to
 * be the same place.
 */
#include <stdio.h>

#include "debuginfo/debuginfo.h"
#include "kernel.h"

/* The symbol covering addr (a running address, KASLR applied), or NULL. */
const char *pfw_kernel_symbol_at(struct pfw_kernel *k, uint64_t addr, uint64_t *off,
				 uint64_t *size)
{
	if (!addr)
		return NULL;
	return pfw_symbol_at(k->dbi, addr - k->kaslr_offset, off, size);
}

struct pfw_ksym pfw_ksym(struct pfw_kernel *k, uint64_t addr)
{
	struct pfw_ksym r;
	uint64_t off = 0, size = 0;
	const char *name = pfw_kernel_symbol_at(k, addr, &off, &size);

	if (!name)
		snprintf(r.s, sizeof(r.s), "0x%llx", (unsigned long long)addr);
	else if (!off)
		snprintf(r.s, sizeof(r.s), "0x%llx (%s)", (unsigned long long)addr, name);
	else if (size)
		snprintf(r.s, sizeof(r.s), "0x%llx (%s+0x%llx/0x%llx)", (unsigned long long)addr, name,
			 (unsigned long long)off, (unsigned long long)size);
	else
		snprintf(r.s, sizeof(r.s), "0x%llx (%s+0x%llx)", (unsigned long long)addr, name,
			 (unsigned long long)off);
	return r;
}
