/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_KERNEL_KV_CACHE_H
#define PFWHY_KERNEL_KV_CACHE_H

#include "kernel.h"

/*
 * Kernel-virtual pages read whole and kept, for scans that read many small
 * objects lying side by side (struct pages in the vmemmap, bytes of a
 * swap_map): one dump read serves every object of the page.
 */
struct pfw_kv_cache;

/* NULL when out of memory: pfw_kv_cache_read() then reads each object alone. */
struct pfw_kv_cache *pfw_kv_cache_create(void);
void pfw_kv_cache_destroy(struct pfw_kv_cache *c);
struct pfw_error *pfw_kv_cache_read(struct pfw_kv_cache *c, struct pfw_kernel *k, uint64_t va,
				    void *buf, size_t len);

#endif
