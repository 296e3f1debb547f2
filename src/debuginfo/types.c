// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Types from DWARF, looked up lazily.  Core kernel types (task_struct,
 * mm_struct, page...) are defined in nearly every compilation unit through
 * sched.h and mm_types.h, so scanning the top-level DIEs of units in order
 * finds them in the first few; see docs/design.md for the measurements.
 */
#include <dwarf.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#define MAX_MEMBER_DEPTH 16

void pfw_debuginfo_hint(struct pfw_debuginfo *dbi, const char *struct_name,
			const char *near_symbol)
{
	struct pfw_type_hint *hints;

	pfw_trace_lookup('h', struct_name, near_symbol);
	hints = realloc(dbi->hints, (dbi->nhints + 1) * sizeof(*hints));
	if (!hints)
		return;
	dbi->hints = hints;
	hints[dbi->nhints].struct_name = strdup(struct_name);
	hints[dbi->nhints].near_symbol = strdup(near_symbol);
	dbi->nhints++;
}

static bool is_definition(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	bool decl = false;

	if (dwarf_attr(die, DW_AT_declaration, &attr))
		dwarf_formflag(&attr, &decl);
	return !decl;
}

/*
 * dwz (Fedora's and RHEL's debuginfo) moves the DWARF that units share into
 * partial units, which a unit names by DW_TAG_imported_unit (DW_AT_import, a
 * DW_FORM_ref_addr): the look-ups in one unit (the one whose code covers a
 * symbol) follow them, this many levels deep (dwz nests partial units).  A
 * walk over every unit meets the partial units on its own and follows none.
 */
#define IMPORT_DEPTH 8

/* The partial unit an imported-unit DIE names. */
static bool imported_unit(Dwarf_Die *die, Dwarf_Die *unit)
{
	Dwarf_Attribute attr;

	return dwarf_tag(die) == DW_TAG_imported_unit &&
	       dwarf_attr(die, DW_AT_import, &attr) && dwarf_formref_die(&attr, unit);
}

/*
 * Search the top-level DIEs of one unit, then (imports levels deep) those of
 * the units it imports: a unit's own DIEs first, so a function defined there
 * costs no walk of the partial units before it.
 */
static bool search_unit(Dwarf_Die *cu, int tag, const char *name, Dwarf_Die *ret, int imports)
{
	Dwarf_Die child, unit;

	if (dwarf_child(cu, &child))
		return false;
	do {
		const char *n;

		if (dwarf_tag(&child) != tag)
			continue;
		n = dwarf_diename(&child);
		if (n && !strcmp(n, name) && is_definition(&child)) {
			*ret = child;
			return true;
		}
	} while (!dwarf_siblingof(&child, &child));
	if (!imports || dwarf_child(cu, &child))
		return false;
	do {
		if (imported_unit(&child, &unit) && search_unit(&unit, tag, name, ret, imports - 1))
			return true;
	} while (!dwarf_siblingof(&child, &child));
	return false;
}

/*
 * A walk over many units (libdw interning every unit header up to a hinted
 * one, or a scan of every unit's top-level DIEs) touches the mapped vmlinux
 * at thousands of places, and the kernel maps 64 KB of page cache around
 * each touch (fault-around): on a 590 MB distribution vmlinux that is
 * ~100 MB of RSS for one look-up.  Each time the walk has gone on by
 * WALK_PAUSE bytes of units, it drops those file pages from the mapping again
 * (MADV_DONTNEED on a read-only private file mapping: they refault, from the
 * page cache, if read again).  By bytes, not units: each drop costs a walk of
 * the mapping and, with the read-ahead thread running, a TLB shoot-down of
 * the other CPU; a `smaps` run on the 60 MB fixture vmlinux made 17 drops
 * every 64 units and makes 5 every 8 MB, and its scan's wall time fell by
 * ~0.4 ms (docs/performance.md).
 */
#define WALK_PAUSE (8ULL << 20)
#define WALK_UNITS 64		/* libdw interns the units of a walk in steps of this many */

/* At off of a walk that last dropped (or began) at *dropped. */
static void walk_pause(struct pfw_debuginfo *dbi, Dwarf_Off *dropped, Dwarf_Off off)
{
	size_t size;
	char *raw;
	uintptr_t start;

	if (off - *dropped < WALK_PAUSE)
		return;
	*dropped = off;
	raw = elf_rawfile(dbi->elf, &size);
	if (!raw)
		return;
	start = (uintptr_t)raw & ~(uintptr_t)4095;
	madvise((void *)start, size + ((uintptr_t)raw - start), MADV_DONTNEED);
}

/* dwarf_offdie() of a DIE of the unit at cu_off, interning the units before it in steps. */
static bool offdie_stepwise(struct pfw_debuginfo *dbi, Dwarf_Off cu_off, Dwarf_Off die_off,
			    Dwarf_Die *ret)
{
	Dwarf_Off off = dbi->interned_to, dropped = off, next;
	unsigned long n = 0;
	size_t hsize;

	while (off < cu_off && !dwarf_nextcu(dbi->dwarf, off, &next, &hsize, NULL, NULL, NULL)) {
		if (++n % WALK_UNITS == 0) {
			Dwarf_Die d;

			dwarf_offdie(dbi->dwarf, off + hsize, &d);
			dbi->interned_to = next;
			walk_pause(dbi, &dropped, next);
		}
		off = next;
	}
	if (!dwarf_offdie(dbi->dwarf, die_off, ret))
		return false;
	if (cu_off >= dbi->interned_to)
		dbi->interned_to = cu_off;
	return true;
}

static const char *hint_for(struct pfw_debuginfo *dbi, const char *name)
{
	size_t i;

	for (i = 0; i < dbi->nhints; i++)
		if (!strcmp(dbi->hints[i].struct_name, name))
			return dbi->hints[i].near_symbol;
	return NULL;
}

/*
 * The compilation unit whose code covers addr, from .debug_aranges read
 * directly: libdw's dwarf_addrdie() first reads every unit header, which on
 * a distribution vmlinux costs ~20 ms and ~100 MB (docs/performance.md).
 */
static bool unit_at_address(struct pfw_debuginfo *dbi, uint64_t addr, Dwarf_Die *cu)
{
	uint64_t sec_addr;
	Elf_Data *data;
	const unsigned char *p, *end;

	if (!pfw_ok(pfw_section_data(dbi, ".debug_aranges", &sec_addr, &data)))
		return false;
	p = data->d_buf;
	end = p + data->d_size;
	while (p + 16 <= end) {
		uint32_t len32;
		uint64_t unit_len, info_off = 0;
		const unsigned char *next, *t;
		size_t hdr;

		memcpy(&len32, p, 4);
		if (len32 == 0xffffffff)
			return false;	/* 64-bit DWARF: not produced for vmlinux */
		unit_len = len32;
		next = p + 4 + unit_len;
		memcpy(&len32, p + 6, 4);	/* after unit_length and version */
		info_off = len32;
		/* tuples start at a multiple of twice the address size (16) */
		hdr = 4 + 2 + 4 + 1 + 1;
		t = p + ((hdr + 15) & ~15UL);
		for (; t + 16 <= next && t + 16 <= end; t += 16) {
			uint64_t start, length;

			memcpy(&start, t, 8);
			memcpy(&length, t + 8, 8);
			if (!start && !length)
				break;
			if (addr >= start && addr - start < length) {
				Dwarf_Off off;
				size_t hsize;

				if (dwarf_nextcu(dbi->dwarf, info_off, &off, &hsize, NULL, NULL, NULL))
					return false;
				return offdie_stepwise(dbi, info_off, info_off + hsize, cu);
			}
		}
		p = next;
	}
	return false;
}

static bool hinted_unit(struct pfw_debuginfo *dbi, const char *name, Dwarf_Die *cu)
{
	const char *near = hint_for(dbi, name);
	uint64_t addr;

	if (!near || !pfw_ok(pfw_symbol_address(dbi, near, &addr)))
		return false;
	return unit_at_address(dbi, addr, cu);
}

static bool search_hinted_unit(struct pfw_debuginfo *dbi, int tag, const char *name,
			       Dwarf_Die *ret)
{
	Dwarf_Die cu;

	return hinted_unit(dbi, name, &cu) && search_unit(&cu, tag, name, ret, IMPORT_DEPTH);
}

static bool search_all_units(struct pfw_debuginfo *dbi, int tag, const char *name,
			     Dwarf_Die *ret)
{
	Dwarf_Off off = 0, dropped = 0, next;
	size_t hdr_size;

	while (!dwarf_nextcu(dbi->dwarf, off, &next, &hdr_size, NULL, NULL, NULL)) {
		Dwarf_Die cu;

		if (dwarf_offdie(dbi->dwarf, off + hdr_size, &cu) &&
		    search_unit(&cu, tag, name, ret, 0))
			return true;
		walk_pause(dbi, &dropped, next);
		off = next;
	}
	return false;
}

static struct pfw_type_entry *new_entry(struct pfw_debuginfo *dbi, int tag, const char *name)
{
	struct pfw_type_entry *e;

	if (dbi->ntypes == dbi->types_cap) {
		size_t cap = dbi->types_cap ? 2 * dbi->types_cap : 64;

		e = realloc(dbi->types, cap * sizeof(*e));
		if (!e)
			return NULL;
		dbi->types = e;
		dbi->types_cap = cap;
	}
	e = &dbi->types[dbi->ntypes];
	e->name = strdup(name);
	if (!e->name)
		return NULL;
	e->tag = tag;
	e->found = false;
	dbi->ntypes++;
	return e;
}

static struct pfw_type_entry *find_type(struct pfw_debuginfo *dbi, int tag, const char *name)
{
	struct pfw_type_entry *e;
	size_t i;

	pfw_trace_lookup('s', name, NULL);
	for (i = 0; i < dbi->ntypes; i++) {
		e = &dbi->types[i];
		if (e->tag == tag && !strcmp(e->name, name))
			return e;
	}
	e = new_entry(dbi, tag, name);
	if (!e)
		return NULL;
	e->found = search_hinted_unit(dbi, tag, name, &e->die) ||
		   search_all_units(dbi, tag, name, &e->die);
	return e;
}

static struct pfw_error *struct_die(struct pfw_debuginfo *dbi, const char *name,
				    Dwarf_Die *ret)
{
	struct pfw_type_entry *e;

	e = find_type(dbi, DW_TAG_structure_type, name);
	if (!e)
		return &pfw_error_nomem;
	if (!e->found)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "%s has no DWARF for struct %s",
					dbi->path, name);
	*ret = e->die;
	return NULL;
}

bool pfw_unit_has_function(struct pfw_debuginfo *dbi, const char *near_symbol, const char *name)
{
	Dwarf_Die cu, die;
	uint64_t addr;

	if (!pfw_ok(pfw_symbol_address(dbi, near_symbol, &addr)) || !unit_at_address(dbi, addr, &cu))
		return false;
	return search_unit(&cu, DW_TAG_subprogram, name, &die, IMPORT_DEPTH);
}

bool pfw_has_struct(struct pfw_debuginfo *dbi, const char *struct_name)
{
	struct pfw_type_entry *e = find_type(dbi, DW_TAG_structure_type, struct_name);

	return e && e->found;
}

static bool member_type(Dwarf_Die *member, Dwarf_Die *type);

/*
 * The elements of one array dimension: DW_AT_count, else upper - lower + 1.
 * The kernel is C: a subrange without DW_AT_lower_bound starts at 0 (a
 * zero-length array's upper bound is -1).
 */
static bool subrange_count(Dwarf_Die *sub, Dwarf_Word *count)
{
	Dwarf_Attribute attr;
	Dwarf_Word upper, lower = 0;

	if (dwarf_tag(sub) != DW_TAG_subrange_type)
		return false;
	if (dwarf_attr(sub, DW_AT_count, &attr))
		return !dwarf_formudata(&attr, count);
	if (!dwarf_attr(sub, DW_AT_upper_bound, &attr) || dwarf_formudata(&attr, &upper))
		return false;
	if (dwarf_attr(sub, DW_AT_lower_bound, &attr) && dwarf_formudata(&attr, &lower))
		return false;
	*count = upper + 1 - lower;
	return true;
}

static bool type_size(Dwarf_Die *type, Dwarf_Word *size, int depth);

/*
 * An array's size, counted here: libdw's dwarf_aggregate_size() (elfutils
 * 0.188) needs the unit's DW_AT_language for the default lower bound, and
 * dwz's partial units carry none, so it fails for every array type dwz
 * moved there.  depth bounds arrays of arrays (a damaged vmlinux's loop).
 */
static bool array_size(Dwarf_Die *type, Dwarf_Word *size, int depth)
{
	Dwarf_Die array, elem, sub;
	Dwarf_Word n = 1, count, esize;

	if (depth > MAX_MEMBER_DEPTH || dwarf_peel_type(type, &array) ||
	    dwarf_tag(&array) != DW_TAG_array_type || !member_type(&array, &elem) ||
	    !type_size(&elem, &esize, depth + 1) || dwarf_child(&array, &sub))
		return false;
	do {
		if (!subrange_count(&sub, &count))
			return false;
		n *= count;
	} while (!dwarf_siblingof(&sub, &sub));
	*size = n * esize;
	return true;
}

static bool type_size(Dwarf_Die *type, Dwarf_Word *size, int depth)
{
	return !dwarf_aggregate_size(type, size) || array_size(type, size, depth);
}

struct pfw_error *pfw_type_size(Dwarf_Die *type, uint64_t *size)
{
	Dwarf_Word sz;

	if (!type_size(type, &sz, 0))
		return pfw_error_create(PFW_ERR_UNSUPPORTED, "type %s has no size",
					dwarf_diename(type) ?: "(anonymous)");
	*size = sz;
	return NULL;
}

struct pfw_error *pfw_struct_size(struct pfw_debuginfo *dbi, const char *struct_name,
				  uint64_t *size)
{
	struct pfw_error *err;
	Dwarf_Die die;

	err = struct_die(dbi, struct_name, &die);
	if (err)
		return err;
	return pfw_type_size(&die, size);
}

static bool member_location(Dwarf_Die *member, uint64_t *offset)
{
	Dwarf_Attribute attr;
	Dwarf_Word off;

	if (!dwarf_attr(member, DW_AT_data_member_location, &attr)) {
		*offset = 0;	/* union members */
		return true;
	}
	if (dwarf_formudata(&attr, &off))
		return false;
	*offset = off;
	return true;
}

static bool member_type(Dwarf_Die *member, Dwarf_Die *type)
{
	Dwarf_Attribute attr;

	if (!dwarf_attr(member, DW_AT_type, &attr) || !dwarf_formref_die(&attr, type))
		return false;
	return dwarf_peel_type(type, type) == 0;
}

/*
 * A bitfield's first bit, as bytes and bits past the struct's start.  DWARF 5
 * gives DW_AT_data_bit_offset from the struct's start; a DWARF 4 vmlinux
 * (5.10's fixture) gives DW_AT_bit_offset, counted from the
 * most significant bit of a storage unit of DW_AT_byte_size bytes (else the
 * member type's size) at DW_AT_data_member_location: on a little-endian
 * target (x86_64, arm64) its lowest bit is unit_bits - bit_offset - bit_size.
 * Leaves bit_offset -1 when neither says.
 */
static void bitfield_position(Dwarf_Die *member, Dwarf_Die *type, struct pfw_member *ret)
{
	Dwarf_Attribute attr;
	Dwarf_Word w, msb_offset;
	int unit_bytes;
	uint64_t bit;

	if (dwarf_attr(member, DW_AT_data_bit_offset, &attr) && !dwarf_formudata(&attr, &w)) {
		ret->offset = w / 8;
		ret->bit_offset = w % 8;
		return;
	}
	if (!dwarf_attr(member, DW_AT_bit_offset, &attr) || dwarf_formudata(&attr, &msb_offset))
		return;
	if (dwarf_attr(member, DW_AT_byte_size, &attr) && !dwarf_formudata(&attr, &w))
		unit_bytes = (int)w;
	else
		unit_bytes = dwarf_bytesize(type);
	if (unit_bytes <= 0 || unit_bytes > 8 ||
	    msb_offset + (Dwarf_Word)ret->bit_size > (Dwarf_Word)unit_bytes * 8)
		return;
	bit = ret->offset * 8 + (uint64_t)unit_bytes * 8 - msb_offset - ret->bit_size;
	ret->offset = bit / 8;
	ret->bit_offset = bit % 8;
}

/* Find one path component, looking through anonymous structs and unions. */
static bool find_component(Dwarf_Die *outer, const char *name, size_t len, int depth,
			   struct pfw_member *ret)
{
	Dwarf_Die child, type;

	if (depth > MAX_MEMBER_DEPTH || dwarf_child(outer, &child))
		return false;
	do {
		const char *n;
		uint64_t off;

		if (dwarf_tag(&child) != DW_TAG_member)
			continue;
		if (!member_location(&child, &off) || !member_type(&child, &type))
			continue;
		n = dwarf_diename(&child);
		if (n && strlen(n) == len && !strncmp(n, name, len)) {
			Dwarf_Attribute attr;
			Dwarf_Word w;

			ret->offset = off;
			ret->type = type;
			ret->bit_offset = -1;
			ret->bit_size = 0;
			if (dwarf_attr(&child, DW_AT_bit_size, &attr) && !dwarf_formudata(&attr, &w)) {
				ret->bit_size = w;
				bitfield_position(&child, &type, ret);
			}
			return true;
		}
		if (!n && find_component(&type, name, len, depth + 1, ret)) {
			ret->offset += off;
			return true;
		}
	} while (!dwarf_siblingof(&child, &child));
	return false;
}

static struct pfw_error *resolve_path(struct pfw_debuginfo *dbi, const char *struct_name,
				      Dwarf_Die *die, const char *path, struct pfw_member *ret)
{
	uint64_t base = 0;
	const char *p = path;
	Dwarf_Die outer = *die;

	for (;;) {
		size_t len = strcspn(p, ".");

		if (!find_component(&outer, p, len, 0, ret))
			return pfw_error_create(PFW_ERR_NOT_FOUND,
						"%s: struct %s has no member %s",
						dbi->path, struct_name, path);
		base += ret->offset;
		ret->offset = base;
		if (!p[len])
			break;
		outer = ret->type;
		p += len + 1;
	}
	if (ret->bit_size)
		ret->size = 0;
	else if (!pfw_ok(pfw_type_size(&ret->type, &ret->size)))
		ret->size = 0;
	return NULL;
}

static struct pfw_error *lookup_member(struct pfw_debuginfo *dbi, const char *struct_name,
				      const char *path, struct pfw_member *ret)
{
	struct pfw_error *err;
	Dwarf_Die die;

	err = struct_die(dbi, struct_name, &die);
	if (err)
		return err;
	return resolve_path(dbi, struct_name, &die, path, ret);
}

/* Memoized: the fault path and the page scans ask for the same members again and again. */
struct pfw_error *pfw_member(struct pfw_debuginfo *dbi, const char *struct_name,
			     const char *path, struct pfw_member *ret)
{
	struct pfw_error *err;
	struct pfw_memo *m;
	bool fresh;

	pfw_trace_lookup('m', struct_name, path);
	m = pfw_memo_slot(dbi, 'm', struct_name, path, &fresh);
	if (m && !fresh) {
		if (!m->found)
			return pfw_error_create(PFW_ERR_NOT_FOUND, "%s: struct %s has no member %s",
						dbi->path, struct_name, path);
		*ret = m->member;
		return NULL;
	}
	err = lookup_member(dbi, struct_name, path, ret);
	if (m && (!err || err->code == PFW_ERR_NOT_FOUND)) {
		m->found = !err;
		if (!err)
			m->member = *ret;
	} else if (m) {
		free(m->key);
		m->key = NULL;	/* out of memory: not a fact worth keeping */
	}
	return err;
}

bool pfw_has_member(struct pfw_debuginfo *dbi, const char *struct_name, const char *path)
{
	struct pfw_member m;
	struct pfw_error *err;

	err = pfw_member(dbi, struct_name, path, &m);
	pfw_error_destroy(err);
	return !err;
}

struct pfw_error *pfw_array_element(Dwarf_Die *array, Dwarf_Die *elem, uint64_t *count)
{
	Dwarf_Die sub;
	Dwarf_Word w;

	if (dwarf_tag(array) != DW_TAG_array_type || !member_type(array, elem))
		return pfw_error_create(PFW_ERR_UNSUPPORTED, "not an array type");
	if (dwarf_child(array, &sub) || !subrange_count(&sub, &w))
		w = 0;
	*count = w;
	return NULL;
}

/* The value of enumerator name in one enumeration type. */
static bool enumerator_in(Dwarf_Die *type, const char *name, int64_t *value)
{
	Dwarf_Attribute attr;
	Dwarf_Sword v;
	Dwarf_Die e;

	if (dwarf_child(type, &e))
		return false;
	do {
		const char *n = dwarf_diename(&e);

		if (!n || strcmp(n, name))
			continue;
		if (!dwarf_attr(&e, DW_AT_const_value, &attr) || dwarf_formsdata(&attr, &v))
			return false;
		*value = v;
		return true;
	} while (!dwarf_siblingof(&e, &e));
	return false;
}

/*
 * The enumeration type of a unit (or of imports levels of the units it
 * imports, as search_unit()) that has enumerator name, and its value.
 */
static bool enum_type_with(Dwarf_Die *cu, const char *name, Dwarf_Die *type, int64_t *value,
			   int imports)
{
	Dwarf_Die child, unit;

	if (dwarf_child(cu, &child))
		return false;
	do {
		if (dwarf_tag(&child) == DW_TAG_enumeration_type &&
		    enumerator_in(&child, name, value)) {
			*type = child;
			return true;
		}
	} while (!dwarf_siblingof(&child, &child));
	if (!imports || dwarf_child(cu, &child))
		return false;
	do {
		if (imported_unit(&child, &unit) &&
		    enum_type_with(&unit, name, type, value, imports - 1))
			return true;
	} while (!dwarf_siblingof(&child, &child));
	return false;
}

static bool search_enumerators(Dwarf_Die *cu, const char *name, int64_t *value, int imports)
{
	Dwarf_Die type;

	return enum_type_with(cu, name, &type, value, imports);
}

/* Find name in unit e->die: its value and its enumeration type. */
static bool entry_enumerator(struct pfw_type_entry *e, const char *name)
{
	return enum_type_with(&e->die, name, &e->enum_type, &e->value, IMPORT_DEPTH);
}

static bool search_all_enumerators(struct pfw_debuginfo *dbi, const char *name,
				  Dwarf_Die *unit)
{
	Dwarf_Off off = 0, dropped = 0, next;
	size_t hdr_size;
	int64_t value;

	while (!dwarf_nextcu(dbi->dwarf, off, &next, &hdr_size, NULL, NULL, NULL)) {
		if (dwarf_offdie(dbi->dwarf, off + hdr_size, unit) &&
		    search_enumerators(unit, name, &value, 0))
			return true;
		walk_pause(dbi, &dropped, next);
		off = next;
	}
	return false;
}

/* Enumerators are cached as the unit that defines them. */
static struct pfw_error *lookup_enumerator(struct pfw_debuginfo *dbi, const char *name,
					   int64_t *value)
{
	struct pfw_type_entry *e = NULL;
	size_t i;

	for (i = 0; i < dbi->ntypes && !e; i++)
		if (dbi->types[i].tag == DW_TAG_enumerator && !strcmp(dbi->types[i].name, name))
			e = &dbi->types[i];
	if (!e) {
		e = new_entry(dbi, DW_TAG_enumerator, name);
		if (!e)
			return &pfw_error_nomem;
		e->found = (hinted_unit(dbi, name, &e->die) && entry_enumerator(e, name)) ||
			   (search_all_enumerators(dbi, name, &e->die) && entry_enumerator(e, name));
	}
	if (!e->found)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "%s: no enumerator %s in DWARF",
					dbi->path, name);
	*value = e->value;
	return NULL;
}

static struct pfw_error *lookup_enumerator_of(struct pfw_debuginfo *dbi, const char *anchor,
					      const char *name, int64_t *value)
{
	struct pfw_error *err;
	int64_t v;
	size_t i;

	err = pfw_enumerator(dbi, anchor, &v);
	if (err)
		return err;
	/* the anchor's entry keeps its enumeration type: no walk of the unit again */
	for (i = 0; i < dbi->ntypes; i++) {
		struct pfw_type_entry *e = &dbi->types[i];

		if (e->tag != DW_TAG_enumerator || strcmp(e->name, anchor))
			continue;
		if (e->found && enumerator_in(&e->enum_type, name, value))
			return NULL;
		break;
	}
	return pfw_error_create(PFW_ERR_NOT_FOUND, "%s: the enum of %s has no %s",
				dbi->path, anchor, name);
}

/* An enumerator's value through the memo; a miss is remembered too. */
static struct pfw_error *memo_enumerator(struct pfw_debuginfo *dbi, char kind, const char *anchor,
					 const char *name, int64_t *value)
{
	struct pfw_error *err;
	struct pfw_memo *m;
	bool fresh;

	if (anchor)
		pfw_trace_lookup('o', anchor, name);
	else
		pfw_trace_lookup('e', name, NULL);
	m = pfw_memo_slot(dbi, kind, anchor, name, &fresh);
	if (m && !fresh) {
		if (!m->found)
			return pfw_error_create(PFW_ERR_NOT_FOUND, "%s: no enumerator %s in DWARF%s%s",
						dbi->path, name, anchor ? " next to " : "", anchor ?: "");
		*value = m->value;
		return NULL;
	}
	err = anchor ? lookup_enumerator_of(dbi, anchor, name, value) :
		       lookup_enumerator(dbi, name, value);
	if (m && (!err || err->code == PFW_ERR_NOT_FOUND)) {
		m->found = !err;
		m->value = err ? 0 : *value;
	} else if (m) {
		free(m->key);
		m->key = NULL;
	}
	return err;
}

struct pfw_error *pfw_enumerator(struct pfw_debuginfo *dbi, const char *name, int64_t *value)
{
	return memo_enumerator(dbi, 'e', NULL, name, value);
}

struct pfw_error *pfw_enumerator_of(struct pfw_debuginfo *dbi, const char *anchor,
				    const char *name, int64_t *value)
{
	return memo_enumerator(dbi, 'o', anchor, name, value);
}

/* Does the function DIE fn have a formal parameter named param? */
static bool die_has_param(Dwarf_Die *fn, const char *param)
{
	Dwarf_Die child;

	if (dwarf_child(fn, &child))
		return false;
	do {
		const char *n;

		if (dwarf_tag(&child) != DW_TAG_formal_parameter)
			continue;
		n = dwarf_diename(&child);
		if (n && !strcmp(n, param))
			return true;
	} while (!dwarf_siblingof(&child, &child));
	return false;
}

/*
 * A function's parameter, looked for in the unit that defines it (found by
 * the function's address in .debug_aranges); remembered, misses too.
 */
bool pfw_has_param(struct pfw_debuginfo *dbi, const char *function, const char *param)
{
	Dwarf_Die cu, fn;
	struct pfw_memo *m;
	uint64_t addr;
	bool fresh, found;

	pfw_trace_lookup('p', function, param);
	m = pfw_memo_slot(dbi, 'p', function, param, &fresh);
	if (m && !fresh)
		return m->found;
	found = pfw_ok(pfw_symbol_address(dbi, function, &addr)) && unit_at_address(dbi, addr, &cu) &&
		search_unit(&cu, DW_TAG_subprogram, function, &fn, IMPORT_DEPTH) &&
		die_has_param(&fn, param);
	if (m)
		m->found = found;
	return found;
}
