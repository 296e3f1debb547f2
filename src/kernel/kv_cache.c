// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A direct-mapped cache of kernel-virtual pages.  A page is read whole or not
 * at all, and the dump excludes whole pages, so an object read from a cached
 * page fails or succeeds exactly as its own read would.  1024 slots (4 MB)
 * hold the struct pages of 256K page frames (1 GB of memory) at 64 bytes
 * each: a scan of a big address space re-reads few vmemmap pages.
 */
#include <stdlib.h>
#include <string.h>

#include "kv_cache.h"

#define KV_PAGE		4096ULL
#define KV_SLOTS	1024

struct pfw_kv_cache {
	uint64_t va[KV_SLOTS];			/* page-aligned; 0: empty */
	uint8_t data[KV_SLOTS][KV_PAGE];
};

struct pfw_kv_cache *pfw_kv_cache_create(void)
{
	return calloc(1, sizeof(struct pfw_kv_cache));
}

void pfw_kv_cache_destroy(struct pfw_kv_cache *c)
{
	free(c);
}

struct pfw_error *pfw_kv_cache_read(struct pfw_kv_cache *c, struct pfw_kernel *k, uint64_t va,
				    void *buf, size_t len)
{
	uint64_t page = va & ~(KV_PAGE - 1);
	unsigned int slot = (page / KV_PAGE) % KV_SLOTS;
	struct pfw_error *err;

	/* an object across two pages is read on its own */
	if (!c || len == 0 || ((va + len - 1) & ~(KV_PAGE - 1)) != page)
		return pfw_read_kv(k, va, buf, len);
	if (c->va[slot] != page) {
		c->va[slot] = 0;
		err = pfw_read_kv(k, page, c->data[slot], KV_PAGE);
		if (err)
			return err;
		c->va[slot] = page;
	}
	memcpy(buf, c->data[slot] + (va - page), len);
	return NULL;
}
