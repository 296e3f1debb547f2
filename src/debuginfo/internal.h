/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_DEBUGINFO_INTERNAL_H
#define PFWHY_DEBUGINFO_INTERNAL_H

#include "debuginfo.h"

struct pfw_symbol {
	const char *name;
	uint64_t addr;
	uint64_t size;
};

struct pfw_type_entry {
	char *name;
	int tag;
	bool found;
	Dwarf_Die die;
	int64_t value;		/* an enumerator's, once found */
};

struct pfw_member_entry {
	char *key;		/* "task_struct\0mm.pgd": struct name, NUL, path */
	bool found;
	struct pfw_member m;
};

struct pfw_type_hint {
	char *struct_name;
	char *near_symbol;
};

struct pfw_debuginfo {
	char *path;
	int fd;
	Elf *elf;
	Dwarf *dwarf;
	/* symbols: a hash by name built on first use, sorted by address when asked */
	struct pfw_symbol *syms, *by_addr;
	uint32_t *hash;		/* index + 1 into syms, 0 = empty */
	size_t nsyms, hash_size;
	/* types looked up so far, found or not */
	struct pfw_type_entry *types;
	size_t ntypes, types_cap;
	struct pfw_type_hint *hints;
	size_t nhints;
	/* member paths resolved so far, found or not: a hash by "struct.path" */
	struct pfw_member_entry *members;
	size_t members_size, nmembers;
};

#endif
