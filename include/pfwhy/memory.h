/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The memory interface: how the core reads the dumped kernel.  The
 * libkdumpfile back end (vmcores, /proc/kcore) and the crash extension's
 * back end (crash's readmem) both serve it; tests serve synthetic images.
 */
#ifndef PFWHY_MEMORY_H
#define PFWHY_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pfwhy/error.h>

enum pfw_addr_space {
	PFW_PHYS,	/* physical address */
	PFW_KVADDR,	/* kernel virtual address */
};

struct pfw_memory_ops {
	/*
	 * Read len bytes.  Fails with PFW_ERR_EXCLUDED for a page the dump
	 * left out, PFW_ERR_TRUNCATED for one beyond the end of a dump cut
	 * short, PFW_ERR_CORRUPT for one whose page descriptor is damaged and
	 * PFW_ERR_FAULT for an address it cannot translate (or past the end
	 * of RAM).
	 */
	struct pfw_error *(*read)(void *arg, enum pfw_addr_space space,
				  uint64_t addr, void *buf, size_t len);
	void (*destroy)(void *arg);
	/*
	 * Optional: a back end of the same memory that another thread may
	 * read through while this one reads (destroyed with destroy), or NULL.
	 */
	void *(*clone)(void *arg);
};

struct pfw_read_cache;

struct pfw_memory {
	const struct pfw_memory_ops *ops;
	void *arg;
	/* Whole pages read before, or NULL (src/target/read_cache.c). */
	struct pfw_read_cache *cache;
	/* The VMCOREINFO text, or NULL when the dump has none. */
	char *vmcoreinfo;
	/* Human description of the source: "kdump-compressed (zlib)" etc. */
	char *format;
	/* Live kernel: values may change under us. */
	int live;
	/*
	 * Nothing changes it, not even the caller: a dump file.  What was read
	 * and derived from it may be kept (the VMAs of an mm, src/kernel/vma.c).
	 */
	bool frozen;
	/* The file was cut short at offset truncated_at: what lay beyond is not in it. */
	bool truncated;
	uint64_t truncated_at;
	/* makedumpfile's dump level (-d N) of a kdump-compressed file; -1 unknown */
	int dump_level;
	/* The dumped machine as an ELF e_machine (EM_X86_64, EM_AARCH64); 0 unknown. */
	int machine;
};

struct pfw_error *pfw_memory_read(struct pfw_memory *mem, enum pfw_addr_space space,
				  uint64_t addr, void *buf, size_t len);
/* One read of at most a page, within it. */
typedef struct pfw_error *pfw_page_read_fn(void *arg, enum pfw_addr_space space, uint64_t addr,
					   void *buf, size_t len);
/* Read len bytes as fn's reads of each page's part, in order; the first error stops. */
struct pfw_error *pfw_memory_read_pages(pfw_page_read_fn *fn, void *arg, enum pfw_addr_space space,
					uint64_t addr, void *buf, size_t len);
struct pfw_error *pfw_memory_read_u64(struct pfw_memory *mem, enum pfw_addr_space space,
				      uint64_t addr, uint64_t *val);
/*
 * A hint that addr is read soon: where its page may be cached, bring the
 * cached bytes closer to this CPU (it reads nothing from the dump).
 */
void pfw_memory_prefetch(struct pfw_memory *mem, enum pfw_addr_space space, uint64_t addr);
/* The value of KEY in VMCOREINFO ("OSRELEASE", "SYMBOL(swapper_pg_dir)"), or NULL. */
/*
 * Keep whole pages read in a cache in front of the back end, or stop.  A
 * dump's memory is cached for its whole life; a live kernel's only while a
 * scan wants one snapshot-like pass (smaps), since its memory changes.
 */
struct pfw_error *pfw_memory_cache_enable(struct pfw_memory *mem);
void pfw_memory_cache_disable(struct pfw_memory *mem);
const char *pfw_vmcoreinfo_get(const struct pfw_memory *mem, const char *key,
			       size_t *len);
void pfw_memory_destroy(struct pfw_memory *mem);

/*
 * Read-ahead (src/target/prefetch.c): a thread of its own opens a second
 * reader of mem at once, and runs the walk pfw_prefetch_walk() gives it
 * (fn, once: it owns arg), which reads through pfw_prefetch_memory(pf),
 * filling mem's cache, and names the pages it foresees with
 * pfw_prefetch_hint().  NULL when mem has no cache or its back end cannot be
 * read from two threads: then there is no read-ahead, and nothing else
 * changes.  pfw_prefetch_walk(NULL, ...) returns false (arg is the caller's
 * still); pfw_prefetch_stop(NULL) is a no-op.
 */
struct pfw_prefetch;
typedef void pfw_prefetch_fn(struct pfw_prefetch *pf, void *arg);
struct pfw_prefetch *pfw_prefetch_start(struct pfw_memory *mem);
bool pfw_prefetch_walk(struct pfw_prefetch *pf, pfw_prefetch_fn *fn, void *arg);
void pfw_prefetch_stop(struct pfw_prefetch *pf);
/* For fn: its memory; a page it foresees (false: stop the walk); whether to stop. */
struct pfw_memory *pfw_prefetch_memory(struct pfw_prefetch *pf);
bool pfw_prefetch_hint(struct pfw_prefetch *pf, enum pfw_addr_space space, uint64_t addr);
bool pfw_prefetch_stopping(struct pfw_prefetch *pf);

/* Open a vmcore or /proc/kcore through libkdumpfile.  Never writes to it. */
struct pfw_error *pfw_memory_open_dump(const char *path, struct pfw_memory **ret);

#endif
