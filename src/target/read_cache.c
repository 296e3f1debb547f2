// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A direct-mapped cache of whole pages in front of a memory back end.  A
 * dump does not change, and a page is read whole or not at all (the dump
 * excludes whole pages), so a read served from cached pages succeeds or fails
 * exactly as the back end's own read would; a page the back end cannot read
 * whole is not cached, and the read then goes to the back end as asked, so
 * that its error (or a partial page's data) is the back end's own.
 *
 * Why in front of libkdumpfile, which has a cache of its own: that cache
 * finds a page by walking a list of up to cache.size entries on every read
 * (1024 by default), and a kernel-virtual read also translates its address
 * through page tables read from that cache: an object read cost 10-40 K
 * instructions before any data was copied.  Here a hit is one slot compare
 * and a memcpy.  4096 slots (16 MB of address space; only the slots used
 * become resident) hold the struct pages of a 1 GiB machine's vmemmap side
 * by side: a kernel-virtual page maps to the slot of its page number.
 */
#include <stdlib.h>
#include <string.h>

#include "read_cache.h"

#define RC_PAGE		4096ULL
#define RC_SLOTS	4096

struct pfw_read_cache {
	uint64_t key[RC_SLOTS];			/* page | space + 1; 0: empty */
	uint8_t data[RC_SLOTS][RC_PAGE];
};

struct pfw_error *pfw_memory_cache_enable(struct pfw_memory *mem)
{
	if (mem->cache)
		return NULL;
	mem->cache = calloc(1, sizeof(*mem->cache));
	return mem->cache ? NULL : &pfw_error_nomem;
}

void pfw_memory_cache_disable(struct pfw_memory *mem)
{
	free(mem->cache);
	mem->cache = NULL;
}

/* One page's part [addr, addr + len), within the page. */
static struct pfw_error *read_part(void *arg, enum pfw_addr_space space, uint64_t addr, void *buf,
				   size_t len)
{
	struct pfw_memory *mem = arg;
	struct pfw_read_cache *c = mem->cache;
	uint64_t page = addr & ~(RC_PAGE - 1), key = page | (space + 1);
	unsigned int slot = (page / RC_PAGE + space * (RC_SLOTS / 2)) % RC_SLOTS;
	struct pfw_error *err;

	if (c->key[slot] != key) {
		c->key[slot] = 0;
		err = mem->ops->read(mem->arg, space, page, c->data[slot], RC_PAGE);
		if (err) {
			/* not cached: the back end answers the read as asked */
			pfw_error_destroy(err);
			return mem->ops->read(mem->arg, space, addr, buf, len);
		}
		c->key[slot] = key;
	}
	memcpy(buf, c->data[slot] + (addr - page), len);
	return NULL;
}

struct pfw_error *pfw_read_cache_read(struct pfw_memory *mem, enum pfw_addr_space space,
				      uint64_t addr, void *buf, size_t len)
{
	return pfw_memory_read_pages(read_part, mem, space, addr, buf, len);
}
