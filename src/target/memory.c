// SPDX-License-Identifier: GPL-2.0-or-later
/* Back-end-independent helpers of the memory interface. */
#include <stdlib.h>
#include <string.h>

#include <pfwhy/memory.h>

#include "read_cache.h"

struct pfw_error *pfw_memory_read(struct pfw_memory *mem, enum pfw_addr_space space,
				  uint64_t addr, void *buf, size_t len)
{
	if (mem->cache)
		return pfw_read_cache_read(mem, space, addr, buf, len);
	return mem->ops->read(mem->arg, space, addr, buf, len);
}

void pfw_memory_prefetch(struct pfw_memory *mem, enum pfw_addr_space space, uint64_t addr)
{
	if (mem->cache)
		pfw_read_cache_prefetch(mem->cache, space, addr);
}

struct pfw_error *pfw_memory_read_pages(pfw_page_read_fn *fn, void *arg, enum pfw_addr_space space,
					uint64_t addr, void *buf, size_t len)
{
	struct pfw_error *err;

	while (len) {
		size_t n = 4096 - (addr & 4095);

		if (n > len)
			n = len;
		err = fn(arg, space, addr, buf, n);
		if (err)
			return err;
		addr += n;
		buf = (char *)buf + n;
		len -= n;
	}
	return NULL;
}

struct pfw_error *pfw_memory_read_u64(struct pfw_memory *mem, enum pfw_addr_space space,
				      uint64_t addr, uint64_t *val)
{
	return pfw_memory_read(mem, space, addr, val, sizeof(*val));
}

const char *pfw_vmcoreinfo_get(const struct pfw_memory *mem, const char *key,
			       size_t *len)
{
	size_t keylen = strlen(key);
	const char *line = mem->vmcoreinfo;

	while (line && *line) {
		const char *end = strchrnul(line, '\n');

		if ((size_t)(end - line) > keylen && line[keylen] == '=' &&
		    !strncmp(line, key, keylen)) {
			if (len)
				*len = end - line - keylen - 1;
			return line + keylen + 1;
		}
		line = *end ? end + 1 : NULL;
	}
	return NULL;
}

void pfw_memory_destroy(struct pfw_memory *mem)
{
	if (!mem)
		return;
	pfw_memory_cache_disable(mem);
	if (mem->ops && mem->ops->destroy)
		mem->ops->destroy(mem->arg);
	free(mem->vmcoreinfo);
	free(mem->format);
	free(mem);
}
