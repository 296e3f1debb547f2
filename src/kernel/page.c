// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * struct page and folio: vmemmap lookup, compound heads, flags from
 * enum pageflags (DWARF), mapcount and refcount as the fault path reads them.
 */
#include <stdio.h>
#include <string.h>

#include "page.h"

/* include/linux/page-flags.h: PAGE_MAPPING_ANON/KSM low bits of page->mapping */
#define PAGE_MAPPING_ANON	0x1
#define PAGE_MAPPING_KSM	0x3

static const char *const page_flag_names[] = {
	"PG_locked", "PG_referenced", "PG_uptodate", "PG_dirty", "PG_lru", "PG_active",
	"PG_workingset", "PG_waiters", "PG_error", "PG_slab", "PG_owner_priv_1", "PG_arch_1",
	"PG_reserved", "PG_private", "PG_private_2", "PG_writeback", "PG_head", "PG_mappedtodisk",
	"PG_reclaim", "PG_swapbacked", "PG_unevictable", "PG_mlocked", "PG_uncached",
	"PG_hwpoison", "PG_young", "PG_idle", "PG_arch_2", "PG_skip_kasan_poison",
};

static bool page_flag(struct pfw_kernel *k, uint64_t flags, const char *name)
{
	struct pfw_error *err;
	int64_t bit;

	/* all PG_* are enum pageflags: look them up there */
	err = pfw_enumerator_of(k->dbi, "PG_locked", name, &bit);
	if (err) {
		pfw_error_destroy(err);
		return false;
	}
	if (bit < 0 || bit > 63)
		return false;
	return flags & (1ULL << bit);
}

void pfw_page_flag_names(struct pfw_kernel *k, uint64_t flags, char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = 0;
	for (i = 0; i < sizeof(page_flag_names) / sizeof(page_flag_names[0]); i++) {
		if (!page_flag(k, flags, page_flag_names[i]))
			continue;
		len += snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? " " : "",
				page_flag_names[i] + 3);
	}
}

static struct pfw_error *compound_head(struct pfw_kernel *k, uint64_t page, uint64_t *head)
{
	struct pfw_error *err;
	uint64_t ch;

	err = pfw_read_member(k, page, "page", "compound_head", &ch);
	if (err)
		return err;
	*head = (ch & 1) ? ch - 1 : page;
	return NULL;
}

static bool is_zero_page(struct pfw_kernel *k, uint64_t pfn)
{
	uint64_t zero;

	/* empty_zero_page lives in the kernel image: pfn via __pa_symbol */
	if (!pfw_ok(pfw_kernel_symbol(k, "empty_zero_page", &zero)))
		return false;
	return pfn == pfw_pa_symbol(k, zero) >> 12;
}

static struct pfw_error *read_s32(struct pfw_kernel *k, uint64_t addr, const char *type,
				  const char *member, int64_t *val)
{
	struct pfw_error *err;
	uint64_t v;

	err = pfw_read_member(k, addr, type, member, &v);
	*val = (int32_t)v;
	return err;
}

/* folio_nr_pages(): the order sits in the first tail page (6.1 compound_order) */
static struct pfw_error *folio_nr_pages(struct pfw_kernel *k, uint64_t head, uint64_t *nr)
{
	struct pfw_error *err;
	uint64_t order;

	if (pfw_has_member(k->dbi, "folio", "_folio_nr_pages"))
		return pfw_read_member(k, head, "folio", "_folio_nr_pages", nr);
	err = pfw_read_member(k, head + k->page_struct_size, "page", "compound_order", &order);
	if (!err)
		*nr = order < 20 ? 1ULL << order : 1;
	return err;
}

/*
 * The entire (PMD) mapcount + 1 of a large folio: folio._entire_mapcount
 * (6.3+) or the first tail page's compound_mapcount (up to 6.2); both
 * start at -1.
 */
static struct pfw_error *entire_mapcount(struct pfw_kernel *k, uint64_t head, int64_t *val)
{
	struct pfw_error *err;

	if (pfw_has_member(k->dbi, "folio", "_entire_mapcount"))
		err = read_s32(k, head, "folio", "_entire_mapcount", val);
	else
		err = read_s32(k, head + k->page_struct_size, "page", "compound_mapcount", val);
	*val += 1;
	return err;
}

/*
 * page_mapcount() and folio_mapcount() of the dump's era.  With
 * PG_double_map (up to 6.1, mm/util.c __page_mapcount()): a file THP's
 * _mapcount already counts the PMD mappings; an anon or hugetlb page adds
 * the compound mapcount, less one while PageDoubleMap.  6.2+: every
 * subpage adds the entire mapcount (include/linux/mm.h page_mapcount()).
 * folio_mapcount() sums the subpages' own counts and the entire one
 * (6.1 mm/util.c: file folios subtract compound * nr, double-mapped anon
 * ones nr; 6.3+ folio_total_mapcount()).
 */
/* PageHuge() up to 6.2: the first tail page's compound_dtor is HUGETLB_PAGE_DTOR */
static bool folio_test_hugetlb(struct pfw_kernel *k, uint64_t head)
{
	int64_t dtor;
	uint64_t v;

	return pfw_ok(pfw_enumerator(k->dbi, "HUGETLB_PAGE_DTOR", &dtor)) &&
	       pfw_ok(pfw_read_member(k, head + k->page_struct_size, "page", "compound_dtor", &v)) &&
	       (int64_t)v == dtor;
}

static struct pfw_error *sum_subpage_mapcounts(struct pfw_kernel *k, const struct pfw_page *p,
					       int64_t *sum)
{
	struct pfw_error *err;
	uint64_t i, v;

	*sum = 0;
	for (i = 0; i < p->nr_pages && i < 262144; i++) {
		err = pfw_read_member(k, p->head + i * k->page_struct_size, "page", "_mapcount", &v);
		if (err)
			return err;
		*sum += (int32_t)v + 1;
	}
	return NULL;
}

static struct pfw_error *mapcounts(struct pfw_kernel *k, struct pfw_page *p)
{
	bool double_map_era = pfw_ok(pfw_enumerator_of(k->dbi, "PG_locked", "PG_double_map",
						       &(int64_t){ 0 }));
	bool hugetlb, double_map;
	int64_t entire, sum;
	uint64_t tail_flags = 0;
	struct pfw_error *err;

	p->mapcount = p->folio_mapcount = p->raw_mapcount;
	p->nr_pages = 1;
	if (!p->head_page && p->head == p->addr)
		return NULL;	/* not compound */
	if ((err = folio_nr_pages(k, p->head, &p->nr_pages)) ||
	    (err = entire_mapcount(k, p->head, &entire)) ||
	    (err = sum_subpage_mapcounts(k, p, &sum)))
		return err;
	if (!double_map_era) {
		p->mapcount = p->raw_mapcount + entire;
		p->folio_mapcount = entire + sum;
		return NULL;
	}
	hugetlb = folio_test_hugetlb(k, p->head);
	pfw_ignore(pfw_read_member(k, p->head + k->page_struct_size, "page", "flags", &tail_flags));
	double_map = page_flag(k, tail_flags, "PG_double_map");
	if (p->anon || hugetlb)
		p->mapcount = p->raw_mapcount + entire - double_map;
	if (hugetlb)
		p->folio_mapcount = entire;
	else if (!p->anon)
		p->folio_mapcount = entire + sum - entire * (int64_t)p->nr_pages;
	else
		p->folio_mapcount = entire + sum - (double_map ? (int64_t)p->nr_pages : 0);
	return NULL;
}

struct pfw_error *pfw_read_page_at(struct pfw_kernel *k, uint64_t page, struct pfw_page *p)
{
	return pfw_read_page(k, (page - k->vmemmap_base) / k->page_struct_size, p);
}

struct pfw_error *pfw_read_page(struct pfw_kernel *k, uint64_t pfn, struct pfw_page *p)
{
	struct pfw_error *err;
	uint64_t v;
	int64_t excl;

	memset(p, 0, sizeof(*p));
	p->pfn = pfn;
	err = pfw_kernel_base_known(k, PFW_BASE_VMEMMAP);
	if (err)
		return err;
	p->addr = k->vmemmap_base + pfn * k->page_struct_size;
	if ((err = compound_head(k, p->addr, &p->head)) ||
	    (err = pfw_read_member(k, p->head, "page", "flags", &p->flags)) ||
	    (err = pfw_read_member(k, p->head, "page", "_refcount", &v)))
		return pfw_error_wrap(err, "struct page of pfn 0x%llx", (unsigned long long)pfn);
	p->refcount = (int32_t)v;
	if ((err = pfw_read_member(k, p->addr, "page", "_mapcount", &v)))
		return err;
	p->raw_mapcount = (int32_t)v + 1;
	if ((err = pfw_read_member(k, p->head, "page", "mapping", &p->mapping)) ||
	    (err = pfw_read_member(k, p->head, "page", "index", &p->index)))
		return err;
	p->anon = p->mapping & PAGE_MAPPING_ANON;
	p->ksm = (p->mapping & PAGE_MAPPING_KSM) == PAGE_MAPPING_KSM;
	p->locked = page_flag(k, p->flags, "PG_locked");
	p->uptodate = page_flag(k, p->flags, "PG_uptodate");
	p->dirty = page_flag(k, p->flags, "PG_dirty");
	p->lru = page_flag(k, p->flags, "PG_lru");
	p->readahead = page_flag(k, p->flags, "PG_readahead");
	p->hwpoison = page_flag(k, p->flags, "PG_hwpoison");
	p->head_page = page_flag(k, p->flags, "PG_head");
	/* PG_swapcache is PG_owner_priv_1 on a swap-backed page */
	p->swapcache = page_flag(k, p->flags, "PG_swapbacked") &&
		       page_flag(k, p->flags, "PG_owner_priv_1");
	/* 5.19: PG_anon_exclusive (= PG_mappedtodisk), per page, not per folio */
	if (pfw_ok(pfw_enumerator_of(k->dbi, "PG_locked", "PG_anon_exclusive", &excl)) &&
	    pfw_ok(pfw_read_member(k, p->addr, "page", "flags", &v)))
		p->anon_exclusive = p->anon && (v & (1ULL << excl));
	p->zero_page = is_zero_page(k, pfn);
	return mapcounts(k, p);
}

/*
 * Which makedumpfile dump-level bit leaves this page out of a filtered dump
 * (makedumpfile's __exclude_unnecessary_pages()): anonymous pages are user
 * data (-d 8), page-cache pages cache (-d 2, or 4 with private data); any
 * other page is left out only when it is free (-d 16) or all zeros (-d 1),
 * which the struct page alone cannot tell apart.
 */
void pfw_page_dump_level_why(struct pfw_kernel *k, uint64_t pfn, char *buf, size_t size)
{
	struct pfw_error *err;
	struct pfw_page p;

	err = pfw_read_page(k, pfn, &p);
	if (err) {
		snprintf(buf, size, "its struct page is unreadable too (%s)", err->message);
		pfw_error_destroy(err);
		return;
	}
	if (p.anon)
		snprintf(buf, size, "an anonymous user page, excluded by makedumpfile dump level bit 8 (user data): a dump taken with a level without 8 (-d 23 for 31) keeps it");
	else if (p.mapping && !p.swapcache)
		snprintf(buf, size, "a page-cache page, excluded by makedumpfile dump level bit %d (%s): a dump taken with a level without %d keeps it",
			 page_flag(k, p.flags, "PG_private") ? 4 : 2,
			 page_flag(k, p.flags, "PG_private") ? "cache with private data" : "cache",
			 page_flag(k, p.flags, "PG_private") ? 4 : 2);
	else if (pfw_page_kernel_kind(k, pfn))
		snprintf(buf, size, "%s, which no dump level leaves out: the makedumpfile that filtered this dump did not know this kernel (%s) and misread its struct pages",
			 pfw_page_kernel_kind(k, pfn), k->release ? k->release : "release unknown");
	else
		snprintf(buf, size, "a kernel page, excluded by makedumpfile dump level bit 1 (zero-filled) or 16 (free): a dump taken with a level without them keeps it");
}
