/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The vmlinux: ELF symbols and sections through libelf, types through libdw.
 * Nothing is indexed up front: a type is looked up on first use (scanning the
 * top-level DIEs of compilation units in order, where core types sit in the
 * first few units) and cached.  Addresses here are link-time addresses; the
 * kernel model adds the KASLR offset.
 */
#ifndef PFWHY_DEBUGINFO_H
#define PFWHY_DEBUGINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <elfutils/libdw.h>
#include <gelf.h>

#include <pfwhy/error.h>

struct pfw_debuginfo;

struct pfw_member {
	uint64_t offset;	/* bytes from the start of the outer struct */
	uint64_t size;		/* bytes of the member's type */
	int bit_offset;		/* for bitfields: bits past offset, else -1 */
	int bit_size;
	Dwarf_Die type;		/* the member's type, typedefs and qualifiers peeled */
};

struct pfw_error *pfw_debuginfo_open(const char *path, struct pfw_debuginfo **ret);
void pfw_debuginfo_close(struct pfw_debuginfo *dbi);
const char *pfw_debuginfo_path(const struct pfw_debuginfo *dbi);
/* The vmlinux's ELF machine (EM_X86_64, EM_AARCH64). */
int pfw_debuginfo_machine(const struct pfw_debuginfo *dbi);

/* The GNU build-id note, as bytes. */
const uint8_t *pfw_debuginfo_build_id(struct pfw_debuginfo *dbi, size_t *len);

/* Symbols */
struct pfw_error *pfw_symbol_address(struct pfw_debuginfo *dbi, const char *name,
				     uint64_t *addr);
bool pfw_symbol_exists(struct pfw_debuginfo *dbi, const char *name);
/* The function or object containing addr; NULL when none does. */
const char *pfw_symbol_at(struct pfw_debuginfo *dbi, uint64_t addr, uint64_t *offset,
			  uint64_t *size);

/* Sections */
struct pfw_error *pfw_section_data(struct pfw_debuginfo *dbi, const char *name,
				   uint64_t *addr, Elf_Data **data);

/*
 * Types.  struct_name is the tag name ("task_struct"); path is a member
 * path with dots ("mm.mmap_lock"), descending into anonymous structs and
 * unions on the way like C does.
 */
struct pfw_error *pfw_struct_size(struct pfw_debuginfo *dbi, const char *struct_name,
				  uint64_t *size);
struct pfw_error *pfw_member(struct pfw_debuginfo *dbi, const char *struct_name,
			     const char *path, struct pfw_member *ret);
bool pfw_has_member(struct pfw_debuginfo *dbi, const char *struct_name, const char *path);
bool pfw_has_struct(struct pfw_debuginfo *dbi, const char *struct_name);
/*
 * Whether the compilation unit that defines function near_symbol has a
 * function named name: defined there, or a static inline of a header that
 * the unit used (its abstract instance).  A change a stable kernel took
 * inside one file (a helper it now calls) shows this way.
 */
bool pfw_unit_has_function(struct pfw_debuginfo *dbi, const char *near_symbol, const char *name);
/* The value of an enumerator of any enum type ("PG_head", "MM_ANONPAGES"). */
struct pfw_error *pfw_enumerator(struct pfw_debuginfo *dbi, const char *name,
				 int64_t *value);
/*
 * Enumerator name of the same enum type as anchor ("PG_locked"): a name the
 * kernel lacks then costs one enum, not a scan of every unit.
 */
struct pfw_error *pfw_enumerator_of(struct pfw_debuginfo *dbi, const char *anchor,
				    const char *name, int64_t *value);
/* Does function (defined in the vmlinux) take a parameter of that name? */
bool pfw_has_param(struct pfw_debuginfo *dbi, const char *function, const char *param);
/* Size of a type DIE (arrays: the whole array); element size of an array. */
struct pfw_error *pfw_type_size(Dwarf_Die *type, uint64_t *size);
struct pfw_error *pfw_array_element(Dwarf_Die *array, Dwarf_Die *elem, uint64_t *count);

/*
 * A type private to one source file: find it in the compilation unit that
 * defines function near_symbol instead of scanning every unit.
 */
void pfw_debuginfo_hint(struct pfw_debuginfo *dbi, const char *struct_name,
			const char *near_symbol);

#endif
