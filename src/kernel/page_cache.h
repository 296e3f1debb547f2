/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_KERNEL_PAGE_CACHE_H
#define PFWHY_KERNEL_PAGE_CACHE_H

#include "kernel.h"

/*
 * The page cache's entry at index of the address_space at mapping: 0, a
 * struct page * (folio), or a value entry in the XArray's encoding (bit 0
 * set, the payload above it) whether the kernel has an XArray or 4.19's
 * radix tree.
 */
struct pfw_error *pfw_page_cache_entry(struct pfw_kernel *k, uint64_t mapping, uint64_t index,
				       uint64_t *entry);
/* The shift of the type in a swp_entry_t the page cache holds (shmem). */
int pfw_swp_type_shift(struct pfw_kernel *k);

#endif
