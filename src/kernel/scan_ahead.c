// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Read-ahead for a whole-address-space scan (smaps, faultmap): a second
 * thread walks the same page tables in the same order, ahead of the
 * command, and reads into the page cache the table pages and, for smaps,
 * the vmemmap pages holding the struct page of every page mapped
 * (src/target/prefetch.c says how the two threads share the cache).  The
 * walk is prepared on the command's thread, which reads the DWARF it
 * needs, and runs on the other with numbers only.  It changes no result:
 * what the command reads, it reads from the cache or the dump as before.
 */
#include <stdlib.h>

#include <pfwhy/kernel.h>
#include <pfwhy/pgtable.h>

#include "kernel/kernel.h"

struct ahead {
	struct pfw_prefetch *pf;
	struct pfw_scan *scan;
	uint64_t start, end;
	bool struct_pages;
	uint64_t vmemmap_base, page_struct_size;
	uint64_t last;			/* the vmemmap page hinted last, + 1 */
};

static bool maps_pages(const struct pfw_entry *e)
{
	return e->state == PFW_ENTRY_PRESENT || e->state == PFW_ENTRY_PROTNONE;
}

/*
 * The vmemmap pages of the struct pages smaps reads for a leaf: a page's
 * own; of a huge leaf the head and its first tail (read_page_view() in
 * kernel/smaps.c), as its other struct pages are read only when the folio
 * is mapped more than once (a 2 MiB leaf's 512 would be 7 vmemmap pages to
 * decompress where 1 or 2 are read: 174 of them in the busy fixture).
 */
static struct pfw_error *hint_entry(void *arg, const struct pfw_scan_entry *se)
{
	struct ahead *a = arg;
	const struct pfw_entry *e = &se->path[se->level];
	uint64_t first, last, page, pages = se->size >> 12;

	if (pfw_prefetch_stopping(a->pf))
		return &pfw_walk_stop;
	if (!a->struct_pages || se->excluded || !maps_pages(e))
		return NULL;
	if (pages > 2)
		pages = 2;
	first = a->vmemmap_base + pfw_entry_pfn_at(e, se->addr) * a->page_struct_size;
	last = first + pages * a->page_struct_size - 1;
	for (page = first & ~0xfffULL; page <= last; page += 4096) {
		if (page + 1 == a->last)
			continue;
		a->last = page + 1;
		if (!pfw_prefetch_hint(a->pf, PFW_KVADDR, page))
			return &pfw_walk_stop;
	}
	return NULL;
}

static void walk(struct pfw_prefetch *pf, void *arg)
{
	struct ahead *a = arg;
	struct pfw_error *err;

	a->pf = pf;
	err = pfw_scan_run(a->scan, pfw_prefetch_memory(pf), a->start, a->end, NULL);
	if (err != &pfw_walk_stop)
		pfw_error_destroy(err);
	pfw_scan_free(a->scan);
	free(a);
}

void pfw_scan_ahead(struct pfw_prefetch *pf, struct pfw_kernel *k, uint64_t mm, uint64_t start,
		    uint64_t end, bool struct_pages)
{
	struct ahead *a;
	uint64_t pgd;

	if (!pf || !pfw_ok(pfw_read_member(k, mm, "mm_struct", "pgd", &pgd)))
		return;
	a = calloc(1, sizeof(*a));
	if (!a)
		return;
	*a = (struct ahead){
		.start = start, .end = end, .struct_pages = struct_pages && k->page_struct_size,
		.vmemmap_base = k->vmemmap_base, .page_struct_size = k->page_struct_size,
	};
	if (!pfw_ok(pfw_scan_prepare(k, pgd, hint_entry, a, &a->scan))) {
		free(a);
		return;
	}
	if (!pfw_prefetch_walk(pf, walk, a)) {
		pfw_scan_free(a->scan);
		free(a);
	}
}
