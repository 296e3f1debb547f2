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
	struct pfw_ksym r = { .sym = "" };
	struct pfw_symbol_ref sym;

	/* the vmlinux's symbols, then the modules' (src/kernel/symbols.c) */
	if (addr && pfw_kernel_symbol_at(k, addr, &sym))
		pfw_symbol_ref_format(&sym, r.sym, sizeof(r.sym));
	if (!r.sym[0])
		return pfw_ksym_plain(addr);
	snprintf(r.s, sizeof(r.s), "0x%llx (%.200s)", (unsigned long long)addr, r.sym);
	return r;
}

struct pfw_ksym pfw_ksym_plain(uint64_t addr)
{
	struct pfw_ksym r = { .sym = "" };

	snprintf(r.s, sizeof(r.s), "0x%llx", (unsigned long long)addr);
	return r;
}
