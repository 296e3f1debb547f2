// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vm_flags bits are #defines (include/linux/mm.h), absent from DWARF, so they
 * live in this table.  Bits that moved carry the kernel versions they hold for;
 * the version comes from the dump's OSRELEASE.  Values checked against 4.19,
 * 5.10, 5.15, 6.1, 6.6, 6.11 and 6.18 (docs/kernel-versions.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

#define KV(a, b) ((a) * 1000 + (b))
#define ALWAYS 0, 999999

struct vm_flag_def {
	const char *name;
	const char *word;	/* as a person reads it */
	/* show_smap_vma_flags() (fs/proc/task_mmu.c): NULL prints "??", "" nothing */
	const char *mnemonic;
	int bit;
	int min_version, max_version;	/* inclusive; KV(major, minor) */
};

static const struct vm_flag_def vm_flag_defs[] = {
	{ "VM_READ", "read", "rd", 0, ALWAYS },
	{ "VM_WRITE", "write", "wr", 1, ALWAYS },
	{ "VM_EXEC", "exec", "ex", 2, ALWAYS },
	{ "VM_SHARED", "shared", "sh", 3, ALWAYS },
	{ "VM_MAYREAD", "mayread", "mr", 4, ALWAYS },
	{ "VM_MAYWRITE", "maywrite", "mw", 5, ALWAYS },
	{ "VM_MAYEXEC", "mayexec", "me", 6, ALWAYS },
	{ "VM_MAYSHARE", "mayshare", "ms", 7, ALWAYS },
	{ "VM_GROWSDOWN", "growsdown", "gd", 8, ALWAYS },
	{ "VM_UFFD_MISSING", "uffd_missing", "um", 9, ALWAYS },
	{ "VM_PFNMAP", "pfnmap", "pf", 10, ALWAYS },
	{ "VM_DENYWRITE", "denywrite", "dw", 11, 0, KV(5, 14) },
	{ "VM_UFFD_WP", "uffd_wp", "uw", 12, ALWAYS },
	{ "VM_LOCKED", "locked", "lo", 13, ALWAYS },
	{ "VM_IO", "io", "io", 14, ALWAYS },
	{ "VM_SEQ_READ", "seq_read", "sr", 15, ALWAYS },
	{ "VM_RAND_READ", "rand_read", "rr", 16, ALWAYS },
	{ "VM_DONTCOPY", "dontcopy", "dc", 17, ALWAYS },
	{ "VM_DONTEXPAND", "dontexpand", "de", 18, ALWAYS },
	{ "VM_LOCKONFAULT", "lockonfault", NULL, 19, ALWAYS },
	{ "VM_ACCOUNT", "account", "ac", 20, ALWAYS },
	{ "VM_NORESERVE", "noreserve", "nr", 21, ALWAYS },
	{ "VM_HUGETLB", "hugetlb", "ht", 22, ALWAYS },
	{ "VM_SYNC", "sync", "sf", 23, ALWAYS },
	{ "VM_PAT", "pat", "ar", 24, 0, KV(6, 17) },
	{ "VM_WIPEONFORK", "wipeonfork", "wf", 25, ALWAYS },
	{ "VM_DONTDUMP", "dontdump", "dd", 26, ALWAYS },
	{ "VM_SOFTDIRTY", "softdirty", "sd", 27, ALWAYS },
	{ "VM_MIXEDMAP", "mixedmap", "mm", 28, ALWAYS },
	{ "VM_HUGEPAGE", "hugepage", "hg", 29, ALWAYS },
	{ "VM_NOHUGEPAGE", "nohugepage", "nh", 30, ALWAYS },
	{ "VM_MERGEABLE", "mergeable", "mg", 31, ALWAYS },
	{ "VM_PKEY_BIT0", "pkey0", "", 32, ALWAYS },
	{ "VM_PKEY_BIT1", "pkey1", "", 33, ALWAYS },
	{ "VM_PKEY_BIT2", "pkey2", "", 34, ALWAYS },
	{ "VM_PKEY_BIT3", "pkey3", "", 35, ALWAYS },
	{ "VM_MPX", "mpx", "mp", 36, 0, KV(5, 5) },
	{ "VM_UFFD_MINOR", "uffd_minor", "ui", 37, KV(5, 13), KV(6, 5) },
	{ "VM_SHADOW_STACK", "shadow_stack", "ss", 37, KV(6, 6), 999999 },
	{ "VM_UFFD_MINOR", "uffd_minor", "ui", 38, KV(6, 6), KV(6, 17) },
	{ "VM_ALLOW_ANY_UNCACHED", "allow_any_uncached", NULL, 39, KV(6, 11), 999999 },
	{ "VM_DROPPABLE", "droppable", NULL, 40, KV(6, 11), 999999 },
	{ "VM_UFFD_MINOR", "uffd_minor", "ui", 41, KV(6, 18), 999999 },
	{ "VM_SEALED", "sealed", "sl", 63, KV(6, 10), KV(6, 17) },
	{ "VM_SEALED", "sealed", "sl", 42, KV(6, 18), 999999 },
};

static bool applies(const struct vm_flag_def *d, int version)
{
	return version >= d->min_version && version <= d->max_version;
}

uint64_t pfw_vm_flag(struct pfw_kernel *k, const char *name)
{
	int version = pfw_kernel_version(k);
	size_t i;

	for (i = 0; i < sizeof(vm_flag_defs) / sizeof(vm_flag_defs[0]); i++)
		if (!strcmp(vm_flag_defs[i].name, name) && applies(&vm_flag_defs[i], version))
			return 1ULL << vm_flag_defs[i].bit;
	return 0;
}

void pfw_vm_flags_names(struct pfw_kernel *k, uint64_t flags, char *buf, size_t size)
{
	int version = pfw_kernel_version(k);
	size_t i, len = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(vm_flag_defs) / sizeof(vm_flag_defs[0]); i++) {
		const struct vm_flag_def *d = &vm_flag_defs[i];

		if (!applies(d, version) || !(flags & (1ULL << d->bit)))
			continue;
		len += snprintf(buf + len, len < size ? size - len : 0, "%s%s",
				len ? " " : "", d->word);
		flags &= ~(1ULL << d->bit);
	}
	for (i = 0; i < 64 && len < size; i++)
		if (flags & (1ULL << i))
			len += snprintf(buf + len, size - len, "%sbit%zu", len ? " " : "", i);
}

/* The VmFlags line's body as show_smap_vma_flags() prints it: "rd wr mr mw me ac sd " */
void pfw_vm_flags_mnemonics(struct pfw_kernel *k, uint64_t flags, char *buf, size_t size)
{
	int version = pfw_kernel_version(k);
	size_t i, len = 0;
	int bit;

	buf[0] = 0;
	for (bit = 0; bit < 64; bit++) {
		const char *m = "??";

		if (!(flags & (1ULL << bit)))
			continue;
		for (i = 0; i < sizeof(vm_flag_defs) / sizeof(vm_flag_defs[0]); i++)
			if (vm_flag_defs[i].bit == bit && applies(&vm_flag_defs[i], version))
				m = vm_flag_defs[i].mnemonic ? vm_flag_defs[i].mnemonic : "??";
		if (*m)
			len += snprintf(buf + len, len < size ? size - len : 0, "%s ", m);
	}
}
