/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_KERNEL_RADIX_TREE_H
#define PFWHY_KERNEL_RADIX_TREE_H

#include "kernel.h"

/* The entry at index of the radix tree at root (a struct radix_tree_root *), 0 if none. */
struct pfw_error *pfw_radix_tree_lookup(struct pfw_kernel *k, uint64_t root, uint64_t index,
					uint64_t *ret);
/* radix_tree_exceptional_entry(): a shadow or shmem swap entry, not a struct page * */
bool pfw_radix_tree_exceptional_entry(uint64_t entry);
/* the payload above RADIX_TREE_EXCEPTIONAL_SHIFT */
uint64_t pfw_radix_tree_exceptional_value(uint64_t entry);

#endif
