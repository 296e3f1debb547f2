// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm/swap_state.c, read: is a swapped-out page still in the swap cache?
 * That decides whether bringing it back reads the swap device (a major
 * fault) or only maps the cached folio (a minor one).
 */
#include "kernel/page.h"
#include "kernel/page_cache.h"
#include "walker.h"

/* include/linux/swap.h (4.11+): one address_space per 64 MiB of a swap device */
#define SWAP_ADDRESS_SPACE_SHIFT	14

/*
 * swap_cache_get_folio() (6.1; lookup_swap_cache() before):
 * filemap_get_folio(swap_address_space(entry), swp_offset(entry)), where
 * swap_address_space(entry) is
 * &swapper_spaces[swp_type(entry)][swp_offset(entry) >> SWAP_ADDRESS_SPACE_SHIFT].
 * *folio is 0 when the entry is not cached (none, or a shadow value entry).
 */
struct pfw_error *swap_cache_get_folio(struct fault_ctx *c, unsigned int type, uint64_t offset,
				       struct pfw_page *folio, bool *cached)
{
	uint64_t spaces, space, size, entry;
	struct pfw_error *err;

	*cached = false;
	if ((err = pfw_kernel_symbol(c->k, "swapper_spaces", &spaces)) ||
	    (err = pfw_read_kv_u64(c->k, spaces + type * 8ULL, &space)) ||
	    (err = pfw_struct_size(c->k->dbi, "address_space", &size)))
		return err;
	if (!space)
		return NULL;	/* no swap device of that type (swapoff) */
	space += (offset >> SWAP_ADDRESS_SPACE_SHIFT) * size;
	if ((err = pfw_page_cache_entry(c->k, space, offset, &entry)))
		return err;
	if (!entry || (entry & 1))
		return NULL;
	*cached = true;
	return pfw_read_page_at(c->k, entry, folio);
}
