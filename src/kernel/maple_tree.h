/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_KERNEL_MAPLE_TREE_H
#define PFWHY_KERNEL_MAPLE_TREE_H

#include "kernel.h"

typedef struct pfw_error *pfw_mt_fn(struct pfw_kernel *k, uint64_t entry, uint64_t first,
				    uint64_t last, void *arg);
/*
 * Every non-NULL entry of the maple tree at mt whose range ends at or above
 * from, in index order (mt_find()'s walk: subtrees wholly below from are
 * not read).
 */
struct pfw_error *pfw_mt_for_each(struct pfw_kernel *k, uint64_t mt, uint64_t from, pfw_mt_fn *fn,
				  void *arg);

#endif
