// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The page cache of an address_space, whichever structure the dump's
 * kernel keeps it in: a radix tree until 4.19, the XArray from 4.20
 * (a2e9a5afce08 "page cache: Convert to XArray" et seq.).  The choice is
 * made from the DWARF of struct address_space.
 */
#include "page_cache.h"
#include "radix_tree.h"
#include "xarray.h"

enum page_cache_kind { PAGE_CACHE_XARRAY, PAGE_CACHE_RADIX_I_PAGES, PAGE_CACHE_RADIX_PAGE_TREE };

static struct pfw_error *page_cache_kind(struct pfw_kernel *k, enum page_cache_kind *kind)
{
	if (pfw_has_member(k->dbi, "address_space", "i_pages.xa_head"))
		*kind = PAGE_CACHE_XARRAY;
	/* 4.17 to 4.19: i_pages is a struct radix_tree_root (4.19 include/linux/fs.h) */
	else if (pfw_has_member(k->dbi, "address_space", "i_pages.rnode"))
		*kind = PAGE_CACHE_RADIX_I_PAGES;
	/* before 4.17 (b93b016313b3 "page cache: use xa_lock"): page_tree */
	else if (pfw_has_member(k->dbi, "address_space", "page_tree.rnode"))
		*kind = PAGE_CACHE_RADIX_PAGE_TREE;
	else
		return pfw_error_create(PFW_ERR_UNSUPPORTED,
					"no DWARF for the page cache: struct address_space has neither an XArray i_pages nor a radix tree");
	return NULL;
}

struct pfw_error *pfw_page_cache_entry(struct pfw_kernel *k, uint64_t mapping, uint64_t index,
				       uint64_t *entry)
{
	enum page_cache_kind kind;
	struct pfw_error *err;
	uint64_t root;

	*entry = 0;
	if ((err = page_cache_kind(k, &kind)))
		return err;
	if (kind == PAGE_CACHE_XARRAY) {
		if ((err = pfw_member_address(k, mapping, "address_space", "i_pages", &root)))
			return err;
		return pfw_xa_load(k, root, index, entry);
	}
	err = pfw_member_address(k, mapping, "address_space",
				 kind == PAGE_CACHE_RADIX_I_PAGES ? "i_pages" : "page_tree", &root);
	if (!err)
		err = pfw_radix_tree_lookup(k, root, index, entry);
	if (err)
		return err;
	/*
	 * An exceptional entry (a shadow or a shmem swap entry, 4.19
	 * include/linux/swapops.h :89-103 swp_to_radix_entry()) in the
	 * XArray's value encoding, xa_mk_value(payload) = payload << 1 | 1.
	 */
	if (pfw_radix_tree_exceptional_entry(*entry))
		*entry = pfw_radix_tree_exceptional_value(*entry) << 1 | 1;
	return NULL;
}

/*
 * Where a shmem swap entry keeps its type: SWP_TYPE_SHIFT of
 * include/linux/swapops.h, BITS_PER_XA_VALUE - MAX_SWAPFILES_SHIFT = 63 - 5
 * with the XArray; 4.19's (sizeof(e.val) * 8) - (MAX_SWAPFILES_SHIFT +
 * RADIX_TREE_EXCEPTIONAL_SHIFT) = 64 - 7 with the radix tree.
 */
int pfw_swp_type_shift(struct pfw_kernel *k)
{
	enum page_cache_kind kind = PAGE_CACHE_XARRAY;
	struct pfw_error *err = page_cache_kind(k, &kind);

	pfw_error_destroy(err);
	return kind == PAGE_CACHE_XARRAY ? 63 - 5 : 64 - (5 + 2);
}
