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
	Dwarf_Die enum_type;	/* an enumerator's enumeration type, once found */
};

struct pfw_type_hint {
	char *struct_name;
	char *near_symbol;
};

/* A member path or enumerator already resolved (or known missing). */
struct pfw_memo {
	char *key;		/* the names, a and b, NUL-separated; NULL = empty slot */
	char kind;
	bool found;
	struct pfw_member member;
	int64_t value;
};

#define PFW_MEMO_SLOTS 4096

struct pfw_debuginfo {
	char *path;
	int fd;
	Elf *elf;
	int machine;		/* e_machine: EM_X86_64 or EM_AARCH64 */
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
	/* resolved member paths and enumerators: a walk of DIEs is done once */
	struct pfw_memo *memo;
	/* how far libdw has interned unit headers; see walk_pause() in types.c */
	Dwarf_Off interned_to;
};

/* The memo slot of (kind, a, b): *fresh when it was empty (then fill it in). */
struct pfw_memo *pfw_memo_slot(struct pfw_debuginfo *dbi, char kind, const char *a,
			       const char *b, bool *fresh);
void pfw_memo_free(struct pfw_debuginfo *dbi);
/* PFWHY_TRACE_DWARF: log a look-up (see memo.c). */
void pfw_trace_lookup(char kind, const char *a, const char *b);

#endif
