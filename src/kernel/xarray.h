/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_KERNEL_XARRAY_H
#define PFWHY_KERNEL_XARRAY_H

#include "kernel.h"

/* The entry at index of the xarray at xa (a struct xarray *), 0 if none. */
struct pfw_error *pfw_xa_load(struct pfw_kernel *k, uint64_t xa, uint64_t index, uint64_t *ret);

#endif
