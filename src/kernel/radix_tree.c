// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * __radix_tree_lookup() (lib/radix-tree.c, 4.19): the page cache before
 * the XArray (4.20).  Line numbers are 4.19.108's.
 */
#include "radix_tree.h"

/* include/linux/radix-tree.h :32-58: the low two bits of an entry */
#define RADIX_TREE_ENTRY_MASK		3UL
#define RADIX_TREE_INTERNAL_NODE	1UL
#define RADIX_TREE_EXCEPTIONAL_ENTRY	2UL
#define RADIX_TREE_EXCEPTIONAL_SHIFT	2

static bool radix_tree_is_internal_node(uint64_t entry)
{
	return (entry & RADIX_TREE_ENTRY_MASK) == RADIX_TREE_INTERNAL_NODE;
}

/* is_sibling_entry() (lib/radix-tree.c, CONFIG_RADIX_TREE_MULTIORDER): an internal pointer into parent->slots[] */
static bool is_sibling_entry(uint64_t parent_slots, uint64_t map_size, uint64_t entry)
{
	uint64_t ptr = entry & ~RADIX_TREE_INTERNAL_NODE;

	return radix_tree_is_internal_node(entry) && ptr >= parent_slots &&
	       ptr < parent_slots + map_size * 8;
}

/* radix_tree_descend() (:126-143) */
static struct pfw_error *radix_tree_descend(struct pfw_kernel *k, uint64_t parent, uint64_t index,
					    const struct pfw_member *slots, uint64_t map_size,
					    uint64_t *entry)
{
	uint64_t shift, offset, base = parent + slots->offset;
	struct pfw_error *err;

	if ((err = pfw_read_member(k, parent, "radix_tree_node", "shift", &shift)))
		return err;
	offset = shift < 64 ? (index >> shift) & (map_size - 1) : 0;
	if ((err = pfw_read_kv_u64(k, base + offset * 8, entry)))
		return err;
	if (is_sibling_entry(base, map_size, *entry))
		return pfw_read_kv_u64(k, *entry & ~RADIX_TREE_INTERNAL_NODE, entry);
	return NULL;
}

/*
 * RADIX_TREE_MAP_SIZE (1 << RADIX_TREE_MAP_SHIFT: 6, or 4 with
 * CONFIG_BASE_SMALL, radix-tree.h :71) is the length of the node's slots[].
 */
static struct pfw_error *map_size(struct pfw_kernel *k, struct pfw_member *slots, uint64_t *size)
{
	Dwarf_Die elem;
	struct pfw_error *err;

	if ((err = pfw_member(k->dbi, "radix_tree_node", "slots", slots)) ||
	    (err = pfw_array_element(&slots->type, &elem, size)))
		return err;
	if (!*size || (*size & (*size - 1)))
		return pfw_error_create(PFW_ERR_UNSUPPORTED, "radix_tree_node.slots has %llu entries, not a power of two",
					(unsigned long long)*size);
	return NULL;
}

struct pfw_error *pfw_radix_tree_lookup(struct pfw_kernel *k, uint64_t root, uint64_t index,
					uint64_t *ret)
{
	uint64_t node, shift, maxindex, size;
	struct pfw_member slots;
	struct pfw_error *err;
	int depth;

	*ret = 0;
	if ((err = pfw_read_member(k, root, "radix_tree_root", "rnode", &node)) ||
	    (err = map_size(k, &slots, &size)))
		return err;
	/* radix_tree_load_root() (:600-615): a lone entry covers index 0 only */
	if (!radix_tree_is_internal_node(node)) {
		*ret = index == 0 ? node : 0;
		return NULL;
	}
	if ((err = pfw_read_member(k, node & ~RADIX_TREE_INTERNAL_NODE, "radix_tree_node", "shift", &shift)))
		return err;
	/* node_maxindex() -> shift_maxindex() (:263-271) */
	maxindex = shift < 58 ? (size << shift) - 1 : ~0ULL;
	if (index > maxindex)
		return NULL;
	/* __radix_tree_lookup() (:1029-1058) */
	for (depth = 0; radix_tree_is_internal_node(node); depth++) {
		if (node == RADIX_TREE_INTERNAL_NODE)
			return pfw_error_create(PFW_ERR_CORRUPT,
						"radix tree 0x%llx holds RADIX_TREE_RETRY: a node being freed",
						(unsigned long long)root);
		if (depth > PFW_MAX_TREE_DEPTH)
			return pfw_error_create(PFW_ERR_CORRUPT, "radix tree 0x%llx is too deep (corrupt?)",
						(unsigned long long)root);
		err = radix_tree_descend(k, node & ~RADIX_TREE_INTERNAL_NODE, index, &slots, size, &node);
		if (err)
			return err;
	}
	*ret = node;
	return NULL;
}

bool pfw_radix_tree_exceptional_entry(uint64_t entry)
{
	return entry & RADIX_TREE_EXCEPTIONAL_ENTRY;
}

uint64_t pfw_radix_tree_exceptional_value(uint64_t entry)
{
	return entry >> RADIX_TREE_EXCEPTIONAL_SHIFT;
}
