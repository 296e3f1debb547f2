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
	int bit;
	int min_version, max_version;	/* inclusive; KV(major, minor) */
};

static const struct vm_flag_def vm_flag_defs[] = {
	{ "VM_READ", "read", 0, ALWAYS },
	{ "VM_WRITE", "write", 1, ALWAYS },
	{ "VM_EXEC", "exec", 2, ALWAYS },
	{ "VM_SHARED", "shared", 3, ALWAYS },
	{ "VM_MAYREAD", "mayread", 4, ALWAYS },
	{ "VM_MAYWRITE", "maywrite", 5, ALWAYS },
	{ "VM_MAYEXEC", "mayexec", 6, ALWAYS },
	{ "VM_MAYSHARE", "mayshare", 7, ALWAYS },
	{ "VM_GROWSDOWN", "growsdown", 8, ALWAYS },
	{ "VM_UFFD_MISSING", "uffd_missing", 9, ALWAYS },
	{ "VM_PFNMAP", "pfnmap", 10, ALWAYS },
	{ "VM_DENYWRITE", "denywrite", 11, 0, KV(5, 14) },
	{ "VM_UFFD_WP", "uffd_wp", 12, ALWAYS },
	{ "VM_LOCKED", "locked", 13, ALWAYS },
	{ "VM_IO", "io", 14, ALWAYS },
	{ "VM_SEQ_READ", "seq_read", 15, ALWAYS },
	{ "VM_RAND_READ", "rand_read", 16, ALWAYS },
	{ "VM_DONTCOPY", "dontcopy", 17, ALWAYS },
	{ "VM_DONTEXPAND", "dontexpand", 18, ALWAYS },
	{ "VM_LOCKONFAULT", "lockonfault", 19, ALWAYS },
	{ "VM_ACCOUNT", "account", 20, ALWAYS },
	{ "VM_NORESERVE", "noreserve", 21, ALWAYS },
	{ "VM_HUGETLB", "hugetlb", 22, ALWAYS },
	{ "VM_SYNC", "sync", 23, ALWAYS },
	{ "VM_PAT", "pat", 24, 0, KV(6, 17) },
	{ "VM_WIPEONFORK", "wipeonfork", 25, ALWAYS },
	{ "VM_DONTDUMP", "dontdump", 26, ALWAYS },
	{ "VM_SOFTDIRTY", "softdirty", 27, ALWAYS },
	{ "VM_MIXEDMAP", "mixedmap", 28, ALWAYS },
	{ "VM_HUGEPAGE", "hugepage", 29, ALWAYS },
	{ "VM_NOHUGEPAGE", "nohugepage", 30, ALWAYS },
	{ "VM_MERGEABLE", "mergeable", 31, ALWAYS },
	{ "VM_PKEY_BIT0", "pkey0", 32, ALWAYS },
	{ "VM_PKEY_BIT1", "pkey1", 33, ALWAYS },
	{ "VM_PKEY_BIT2", "pkey2", 34, ALWAYS },
	{ "VM_PKEY_BIT3", "pkey3", 35, ALWAYS },
	{ "VM_MPX", "mpx", 36, 0, KV(5, 5) },
	{ "VM_UFFD_MINOR", "uffd_minor", 37, KV(5, 13), KV(6, 5) },
	{ "VM_SHADOW_STACK", "shadow_stack", 37, KV(6, 6), 999999 },
	{ "VM_UFFD_MINOR", "uffd_minor", 38, KV(6, 6), KV(6, 17) },
	{ "VM_ALLOW_ANY_UNCACHED", "allow_any_uncached", 39, KV(6, 11), 999999 },
	{ "VM_DROPPABLE", "droppable", 40, KV(6, 11), 999999 },
	{ "VM_UFFD_MINOR", "uffd_minor", 41, KV(6, 18), 999999 },
	{ "VM_SEALED", "sealed", 63, KV(6, 10), KV(6, 17) },
	{ "VM_SEALED", "sealed", 42, KV(6, 18), 999999 },
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
