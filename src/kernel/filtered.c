// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A kernel page that a filtered dump lacks although its dump level keeps
 * it.  makedumpfile -d leaves out zero-filled (1), page-cache (2, 4), user
 * (8) and free (16) pages, judged from each struct page
 * (makedumpfile's __exclude_unnecessary_pages()); a slab page or a page
 * table is none of these.  A makedumpfile older than the kernel misreads its
 * struct pages: Debian 12's 1.7.2 on Debian 12's 6.12 ("The kernel version
 * is not supported"), where 6.10 moved PG_slab to the page type PGTY_slab
 * (include/linux/page-flags.h, enum pagetype), drops slab pages:
 * task_structs, mm_structs, VMAs.  The kdump header records the kernel's
 * utsname and the dump level, not makedumpfile's version, so the page's own
 * type is the evidence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "page.h"

/* A member of the struct page at page, read without pfw_read_kv (no recursion). */
static bool page_member(struct pfw_kernel *k, uint64_t page, const char *member,
			uint64_t *val)
{
	struct pfw_member m;

	*val = 0;
	if (!pfw_ok(pfw_member(k->dbi, "page", member, &m)) || m.size > sizeof(*val))
		return false;
	return pfw_ok(pfw_memory_read(k->mem, PFW_KVADDR, page + m.offset, val, m.size));
}

/* page_type's top byte, the type of 6.10+ (enum pagetype: PGTY_slab, PGTY_table) */
static bool has_page_type(struct pfw_kernel *k, uint64_t head, const char *pgty)
{
	uint64_t type;
	int64_t want;

	if (!pfw_ok(pfw_enumerator_of(k->dbi, "PGTY_buddy", pgty, &want)) ||
	    !page_member(k, head, "page_type", &type))
		return false;
	/* PGTY_slab is 0xf5: DWARF may give it as a signed byte (-11) */
	return ((type >> 24) & 0xff) == ((uint64_t)want & 0xff);
}

/*
 * The name of the kmem_cache a slab page belongs to: slab->slab_cache
 * (struct slab, 5.17+) or page->slab_cache (before), then kmem_cache.name.
 */
static void slab_cache_name(struct pfw_kernel *k, uint64_t head, char *buf, size_t size)
{
	struct pfw_member m, nm;
	uint64_t cache = 0, name = 0;
	size_t i;

	buf[0] = 0;
	if (!pfw_ok(pfw_member(k->dbi, "slab", "slab_cache", &m)) &&
	    !pfw_ok(pfw_member(k->dbi, "page", "slab_cache", &m)))
		return;
	if (!pfw_ok(pfw_member(k->dbi, "kmem_cache", "name", &nm)) ||
	    !pfw_ok(pfw_memory_read(k->mem, PFW_KVADDR, head + m.offset, &cache, 8)) ||
	    !pfw_ok(pfw_memory_read(k->mem, PFW_KVADDR, cache + nm.offset, &name, 8)) ||
	    !pfw_ok(pfw_memory_read(k->mem, PFW_KVADDR, name, buf, size - 1))) {
		buf[0] = 0;
		return;
	}
	buf[size - 1] = 0;
	for (i = 0; buf[i]; i++)
		if (buf[i] < 0x20 || buf[i] > 0x7e) {
			buf[0] = 0;
			return;
		}
}

/* The compound head of pfn's struct page (the folio, the slab); 0 when unreadable */
static uint64_t slab_head(struct pfw_kernel *k, uint64_t pfn)
{
	uint64_t page = k->vmemmap_base + pfn * k->page_struct_size, head;

	if (!page_member(k, page, "compound_head", &head))
		return 0;
	return (head & 1) ? head - 1 : page;
}

/* What kernel data the page of pfn holds, by its struct page: "a slab page", ... */
const char *pfw_page_kernel_kind(struct pfw_kernel *k, uint64_t pfn)
{
	uint64_t page, head, flags;
	int64_t bit;

	if (k->unknown_bases & PFW_BASE_VMEMMAP)
		return NULL;
	page = k->vmemmap_base + pfn * k->page_struct_size;
	head = slab_head(k, pfn);
	if (!head)
		return NULL;
	/* up to 6.9: PG_slab in page->flags (PageSlab()) */
	if (pfw_ok(pfw_enumerator_of(k->dbi, "PG_locked", "PG_slab", &bit)))
		return page_member(k, head, "flags", &flags) && bit >= 0 && bit < 64 &&
		       (flags & (1ULL << bit)) ? "a slab page" : NULL;
	/* 6.10+: the page type (folio_test_slab(), PageTable()) */
	if (has_page_type(k, head, "PGTY_slab"))
		return "a slab page";
	if (has_page_type(k, page, "PGTY_table"))
		return "a page table";
	return NULL;
}

/*
 * err (PFW_ERR_EXCLUDED) for kernel address addr, with the reason when the
 * page is kernel data that the dump's level keeps: the filter misread the
 * kernel.  Returns err or its replacement.
 */
struct pfw_error *pfw_explain_excluded(struct pfw_kernel *k, uint64_t addr,
				       struct pfw_error *err)
{
	struct pfw_error *why;
	const char *kind;
	char cache[64];
	uint64_t phys;

	if (!err || err->code != PFW_ERR_EXCLUDED || k->mem->dump_level <= 0 ||
	    !pfw_virt_to_phys_direct(k, addr, &phys))
		return err;
	kind = pfw_page_kernel_kind(k, phys >> 12);
	if (!kind)
		return err;
	if (!strcmp(kind, "a slab page"))
		slab_cache_name(k, slab_head(k, phys >> 12), cache, sizeof(cache));
	why = pfw_error_create(PFW_ERR_EXCLUDED,
			       "%s: makedumpfile -d %d left out its page (pfn 0x%llx), %s%s%s, which that level keeps (it drops only zero-filled, page-cache, user and free pages), so the makedumpfile that filtered this dump did not know this kernel, %s, and misread its struct pages (Debian 12's makedumpfile 1.7.2 warns \"The kernel version is not supported\" for 6.12); filter the full dump again with a makedumpfile that supports this kernel, or use an unfiltered dump",
			       err->message, k->mem->dump_level, (unsigned long long)(phys >> 12),
			       kind, cache[0] ? " of kmem_cache " : "", cache, k->release ? k->release : "of unknown release");
	if (why == &pfw_error_nomem)
		return err;
	pfw_error_destroy(err);
	return why;
}
