// SPDX-License-Identifier: GPL-2.0-or-later
/* xa_load() (lib/xarray.c): the page cache and swap cache are xarrays. */
#include "kernel.h"
#include "xarray.h"

static bool xa_is_internal(uint64_t entry)
{
	return (entry & 3) == 2;
}

static bool xa_is_node(uint64_t entry)
{
	return xa_is_internal(entry) && entry > 4096;
}

/* Sibling entries are internal entries 0..XA_CHUNK_SIZE-1: xa_mk_internal(offset). */
static bool xa_is_sibling(uint64_t entry, uint64_t chunk)
{
	return xa_is_internal(entry) && (entry >> 2) < chunk;
}

struct pfw_error *pfw_xa_load(struct pfw_kernel *k, uint64_t xa, uint64_t index, uint64_t *ret)
{
	struct pfw_member slots;
	struct pfw_error *err;
	uint64_t entry, chunk, shift;
	Dwarf_Die elem;
	int depth;

	if ((err = pfw_read_member(k, xa, "xarray", "xa_head", &entry)) ||
	    (err = pfw_member(k->dbi, "xa_node", "slots", &slots)) ||
	    (err = pfw_array_element(&slots.type, &elem, &chunk)))
		return err;
	if (!xa_is_node(entry)) {
		*ret = index == 0 ? entry : 0;
		return NULL;
	}
	for (depth = 0; xa_is_node(entry); depth++) {
		uint64_t node = entry - 2, offset;

		if (depth > PFW_MAX_TREE_DEPTH)
			return pfw_error_create(PFW_ERR_CORRUPT, "xarray 0x%llx is too deep (corrupt?)",
						(unsigned long long)xa);
		if ((err = pfw_read_member(k, node, "xa_node", "shift", &shift)))
			return err;
		offset = shift < 64 ? (index >> shift) : 0;
		if (depth == 0 && offset >= chunk) {
			*ret = 0;	/* beyond what this tree covers */
			return NULL;
		}
		offset &= chunk - 1;
		if ((err = pfw_read_kv_u64(k, node + slots.offset + offset * 8, &entry)))
			return err;
		if (xa_is_sibling(entry, chunk) &&
		    (err = pfw_read_kv_u64(k, node + slots.offset + (entry >> 2) * 8, &entry)))
			return err;
	}
	*ret = entry;
	return NULL;
}
