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

/* The symbol covering kernel address addr (KASLR applied), or NULL. */
const char *pfw_kernel_symbol_at(struct pfw_kernel *k, uint64_t addr, uint64_t *off,
				 uint64_t *size)
{
	/* user addresses name no kernel symbol (per-CPU offsets would match them) */
	if (!(addr >> 63))
		return NULL;
	return pfw_symbol_at(k->dbi, addr - k->kaslr_offset, off, size);
}

/* As the kernel's %pS prints it: "symbol+0xoff/0xsize" (no size: "symbol+0xoff"). */
struct pfw_ksym pfw_ksym(struct pfw_kernel *k, uint64_t addr)
{
	struct pfw_ksym r = { .sym = "" };
	uint64_t off = 0, size = 0;
	const char *name = pfw_kernel_symbol_at(k, addr, &off, &size);

	if (name && size)
		snprintf(r.sym, sizeof(r.sym), "%s+0x%llx/0x%llx", name, (unsigned long long)off,
			 (unsigned long long)size);
	else if (name)
		snprintf(r.sym, sizeof(r.sym), "%s+0x%llx", name, (unsigned long long)off);
	if (r.sym[0])
		snprintf(r.s, sizeof(r.s), "0x%llx (%s)", (unsigned long long)addr, r.sym);
	else
		snprintf(r.s, sizeof(r.s), "0x%llx", (unsigned long long)addr);
	return r;
}
