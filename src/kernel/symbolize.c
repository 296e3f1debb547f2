// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel addresses as a user reads them: every address pfwhy prints (an ip,
 * a vm_ops table, a fault handler) goes through pfw_ksym(), so that the
 * oops's "lkdtm_WRITE_RO+0x2e/0x3a" and our "0xffffffffb1adfe87" are seen to
 * be the same place.
 */
#include <stdio.h>

#include "kernel.h"

struct pfw_ksym pfw_ksym(struct pfw_kernel *k, uint64_t addr)
{
	struct pfw_symbol_ref sym;
	struct pfw_ksym r;
	char where[200];
	int n;

	/* the vmlinux's symbols, then the modules' (src/kernel/symbols.c) */
	if (!addr || !pfw_kernel_symbol_at(k, addr, &sym)) {
		snprintf(r.s, sizeof(r.s), "0x%llx", (unsigned long long)addr);
		return r;
	}
	if (!sym.offset)
		n = snprintf(where, sizeof(where), "%s", sym.name);
	else if (sym.size)
		n = snprintf(where, sizeof(where), "%s+0x%llx/0x%llx", sym.name,
			     (unsigned long long)sym.offset, (unsigned long long)sym.size);
	else
		n = snprintf(where, sizeof(where), "%s+0x%llx", sym.name, (unsigned long long)sym.offset);
	if (sym.module[0] && n >= 0 && (size_t)n < sizeof(where))
		snprintf(where + n, sizeof(where) - n, " [%s]", sym.module);
	snprintf(r.s, sizeof(r.s), "0x%llx (%.170s)", (unsigned long long)addr, where);
	return r;
}
