/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The read-ahead thread's side of the page cache (prefetch.c, read_cache.c). */
#ifndef PFWHY_TARGET_PREFETCH_H
#define PFWHY_TARGET_PREFETCH_H

#include <stdatomic.h>
#include <stdint.h>

#include <pfwhy/memory.h>

/* A slot's key while a thread reads its page: no page's (page | space + 1, 1 or 2) */
#define PFW_SLOT_LOADING	3ULL

/* Read-ahead on (pf) or off (NULL) for the cache's reads. */
void pfw_read_cache_attach(struct pfw_read_cache *c, struct pfw_prefetch *pf);
/*
 * Read the page into an empty slot through the back end (ops, arg), and
 * copy it to copy (a page, or NULL); false when the slot was not empty or
 * the read failed (its error is dropped: a reader meets it again).
 */
bool pfw_read_cache_fill(struct pfw_read_cache *c, const struct pfw_memory_ops *ops, void *arg,
			 enum pfw_addr_space space, uint64_t page, void *copy);

/* A slot's read ended: wake a reader waiting for it. */
void pfw_prefetch_loaded(struct pfw_prefetch *pf);
/* The reader's thread needs the slot of *key, which the other thread reads: help, or wait. */
void pfw_prefetch_wait(struct pfw_prefetch *pf, _Atomic uint64_t *key);

#endif
