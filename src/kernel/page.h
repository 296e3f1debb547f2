/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_KERNEL_PAGE_H
#define PFWHY_KERNEL_PAGE_H

#include "kernel.h"

/* What the fault path asks of a struct page / folio (include/linux/page-flags.h). */
struct pfw_page {
	uint64_t pfn;
	uint64_t addr;		/* struct page * */
	uint64_t head;		/* compound head (the folio), == addr when not a tail */
	uint64_t flags;		/* of the head */
	int64_t refcount;	/* of the head: page_count() */
	int64_t mapcount;	/* page_mapcount() of this page, as the dump's era defines it */
	int64_t raw_mapcount;	/* this page's own _mapcount + 1 */
	int64_t folio_mapcount;	/* folio_mapcount(): mappings of the whole folio */
	uint64_t nr_pages;	/* pages in the folio: 1, or 1 << order */
	uint64_t mapping;
	uint64_t index;
	bool anon, ksm, swapcache, locked, uptodate, dirty, lru, head_page, anon_exclusive;
	bool readahead, hwpoison;	/* PG_readahead (= PG_reclaim), PG_hwpoison (MEMORY_FAILURE) */
	bool zero_page;		/* the shared zero page */
};

struct pfw_error *pfw_read_page(struct pfw_kernel *k, uint64_t pfn, struct pfw_page *p);
/* The struct page at a vmemmap address, as a page-cache or swap-cache entry holds it. */
struct pfw_error *pfw_read_page_at(struct pfw_kernel *k, uint64_t page, struct pfw_page *p);
/* Why a filtered dump lacks this page: the makedumpfile dump-level bit, in words. */
void pfw_page_dump_level_why(struct pfw_kernel *k, uint64_t pfn, char *buf, size_t size);
/* "a slab page" or "a page table" (6.10+) by the struct page of pfn; NULL otherwise. */
const char *pfw_page_kernel_kind(struct pfw_kernel *k, uint64_t pfn);
/* Names of set PG_* flags ("locked uptodate lru swapbacked"). */
void pfw_page_flag_names(struct pfw_kernel *k, uint64_t flags, char *buf, size_t size);

#endif
