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
 *
 * A read-ahead thread (prefetch.c) may fill slots while the command reads.
 * A slot's key says whose it is: 0 empty, RC_LOADING while one thread reads
 * the page into it, else the page it holds.  Both threads claim a slot by
 * swapping its key to RC_LOADING, and only the claimer writes its data;
 * the read-ahead thread claims only empty slots and never reads a slot's
 * data, the command's thread also takes back a slot that holds another page
 * and reads the pages it holds.  So no data is read while it is written.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "prefetch.h"
#include "read_cache.h"

#define RC_PAGE		4096ULL
#define RC_SLOTS	4096
#define RC_LOADING	PFW_SLOT_LOADING

struct pfw_read_cache {
	_Atomic uint64_t key[RC_SLOTS];		/* page | space + 1; 0: empty */
	struct pfw_prefetch *pf;		/* the read-ahead thread, while it runs */
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

void pfw_read_cache_attach(struct pfw_read_cache *c, struct pfw_prefetch *pf)
{
	c->pf = pf;
}

static uint64_t page_key(enum pfw_addr_space space, uint64_t page)
{
	return page | (space + 1);
}

static unsigned int page_slot(enum pfw_addr_space space, uint64_t page)
{
	return (page / RC_PAGE + space * (RC_SLOTS / 2)) % RC_SLOTS;
}

/* Publish what the claimer of slot read: the page's key, or 0 when the read failed. */
static void publish(struct pfw_read_cache *c, unsigned int slot, uint64_t key)
{
	atomic_store_explicit(&c->key[slot], key, memory_order_release);
	if (c->pf)
		pfw_prefetch_loaded(c->pf);
}

bool pfw_read_cache_fill(struct pfw_read_cache *c, const struct pfw_memory_ops *ops, void *arg,
			 enum pfw_addr_space space, uint64_t page, void *copy)
{
	uint64_t key = page_key(space, page), empty = 0;
	unsigned int slot = page_slot(space, page);
	struct pfw_error *err;

	if (!atomic_compare_exchange_strong_explicit(&c->key[slot], &empty, RC_LOADING,
						     memory_order_acquire, memory_order_relaxed))
		return false;
	err = ops->read(arg, space, page, c->data[slot], RC_PAGE);
	if (err) {
		pfw_error_destroy(err);
		publish(c, slot, 0);
		return false;
	}
	if (copy)
		memcpy(copy, c->data[slot], RC_PAGE);
	publish(c, slot, key);
	return true;
}

/* Claim slot for this thread's read of key; false: it holds key now. */
static bool claim(struct pfw_read_cache *c, unsigned int slot, uint64_t key)
{
	uint64_t k;

	for (;;) {
		k = atomic_load_explicit(&c->key[slot], memory_order_acquire);
		if (k == key)
			return false;
		if (k == RC_LOADING) {
			pfw_prefetch_wait(c->pf, &c->key[slot]);
			continue;
		}
		if (atomic_compare_exchange_weak_explicit(&c->key[slot], &k, RC_LOADING,
							  memory_order_acquire,
							  memory_order_relaxed))
			return true;
	}
}

/*
 * Bring the bytes of addr in the slot its page would be in closer to this
 * CPU, whatever the slot holds: a page the read-ahead thread decompressed
 * sits in the other CPU's cache until read from here.
 */
void pfw_read_cache_prefetch(struct pfw_read_cache *c, enum pfw_addr_space space, uint64_t addr)
{
	uint64_t page = addr & ~(RC_PAGE - 1);

	__builtin_prefetch(c->data[page_slot(space, page)] + (addr - page));
}

/* One page's part [addr, addr + len), within the page. */
static struct pfw_error *read_part(void *arg, enum pfw_addr_space space, uint64_t addr, void *buf,
				   size_t len)
{
	struct pfw_memory *mem = arg;
	struct pfw_read_cache *c = mem->cache;
	uint64_t page = addr & ~(RC_PAGE - 1), key = page_key(space, page);
	unsigned int slot = page_slot(space, page);
	struct pfw_error *err;

	if (claim(c, slot, key)) {
		err = mem->ops->read(mem->arg, space, page, c->data[slot], RC_PAGE);
		if (err) {
			publish(c, slot, 0);
			/* not cached: the back end answers the read as asked */
			pfw_error_destroy(err);
			return mem->ops->read(mem->arg, space, addr, buf, len);
		}
		publish(c, slot, key);
	}
	memcpy(buf, c->data[slot] + (addr - page), len);
	return NULL;
}

struct pfw_error *pfw_read_cache_read(struct pfw_memory *mem, enum pfw_addr_space space,
				      uint64_t addr, void *buf, size_t len)
{
	/* most reads (a struct page, a table) lie within one page */
	if ((addr & (RC_PAGE - 1)) + len <= RC_PAGE)
		return read_part(mem, space, addr, buf, len);
	return pfw_memory_read_pages(read_part, mem, space, addr, buf, len);
}
