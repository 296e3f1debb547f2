/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Whole pages kept in front of a memory back end (read_cache.c). */
#ifndef PFWHY_TARGET_READ_CACHE_H
#define PFWHY_TARGET_READ_CACHE_H

#include <pfwhy/memory.h>

/* pfw_memory_read() through mem->cache, which must exist. */
void pfw_read_cache_prefetch(struct pfw_read_cache *c, enum pfw_addr_space space, uint64_t addr);
struct pfw_error *pfw_read_cache_read(struct pfw_memory *mem, enum pfw_addr_space space,
				      uint64_t addr, void *buf, size_t len);

#endif
