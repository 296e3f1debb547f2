// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fs/proc/task_mmu.c's smaps, replayed on a dump (6.1 order and rules; other
 * eras noted where they differ): smap_gather_stats() walks the VMA's page
 * tables with smaps_pte_entry(), smaps_pmd_entry() and smaps_hugetlb_range(),
 * and smaps_account() counts each page by its struct page: page_count(),
 * page_mapcount() as the era defines it, PG_anon/swapbacked/dirty/referenced/
 * young and the pte's young and dirty bits.  Swap entries count in Swap and,
 * through swp_swapcount() on swap_info_struct's swap_map, in SwapPss.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pfwhy/smaps.h>

#include "arch/arch.h"
#include "kernel.h"
#include "xarray.h"

#define PSS_SHIFT		12
#define PAGE_SIZE		4096ULL
#define HPAGE_PMD_SIZE		(2ULL << 20)
#define HPAGE_PMD_NR		512
/* include/linux/swap.h: swap_map bytes */
#define SWAP_HAS_CACHE		0x40
#define COUNT_CONTINUED		0x80
/* include/linux/sched/coredump.h */
#define MMF_DISABLE_THP		24
#define MAX_PAGE_STRUCT		256

struct page_layout {
	uint64_t size;				/* sizeof(struct page) */
	uint64_t flags, compound_head, mapcount, refcount, mapping;
	/* of the first tail page (page[1]) */
	uint64_t compound_order, compound_dtor;
	int64_t entire_mapcount;		/* page[1].compound_mapcount (<=6.1) or
						 * folio._entire_mapcount - sizeof(page) (6.2+) */
	bool has_double_map;			/* PG_double_map (<=6.1) */
	int64_t pg_swapbacked, pg_dirty, pg_referenced, pg_young, pg_head, pg_double_map;
	int64_t hugetlb_dtor;			/* HUGETLB_PAGE_DTOR, -1 if none */
};

/* include/linux/swap.h: MAX_SWAPFILES_SHIFT, the bits of a swap type */
#define SWAP_TYPES		32

/* One swap device's swap_info_struct fields swp_swapcount() reads, once */
struct swap_dev {
	bool loaded;
	uint64_t si, map, max;
};

struct pfw_smaps_ctx {
	struct pfw_kernel *k;
	/*
	 * struct pages and swap_map bytes lie side by side: one read of a whole
	 * page serves dozens.  A dump's memory is cached already; a live
	 * kernel's is cached for this scan (own_cache).
	 */
	bool own_cache;
	uint64_t mm, pgd;
	struct page_layout pl;
	bool layout_ok;
	char layout_why[120];
	uint64_t huge_zero_pfn, highest_memmap_pfn;
	uint64_t vm_locked, vm_hugetlb, vm_shared, vm_write;
	/* swap */
	uint64_t swap_info;			/* &swap_info[0] */
	uint64_t nr_swapfiles;
	uint64_t si_swap_map, si_max;
	bool swap_ok;
	struct swap_dev swap_dev[SWAP_TYPES];
	struct pfw_scan_stats stats;
	/* the VMA being gathered */
	const struct pfw_vma *vma;
	struct pfw_smaps *mss;
	bool hugetlb, shmem_holes, locked;
	uint64_t shmem_mapping;
	bool nonpresent_shared;			/* 6.11+ smaps_account(): private = present */
};

struct page_view {
	uint8_t page[MAX_PAGE_STRUCT];		/* the page itself */
	uint8_t head[MAX_PAGE_STRUCT];		/* its compound head (== page if none) */
	uint8_t tail1[MAX_PAGE_STRUCT];		/* head + 1, read for compound pages */
	uint64_t pfn, head_pfn;
	bool compound;
};

static uint64_t field(const uint8_t *p, uint64_t off, int len)
{
	uint64_t v = 0;

	memcpy(&v, p + off, len);
	return v;
}

static bool flag(const uint8_t *p, const struct page_layout *pl, int64_t bit)
{
	return bit >= 0 && (field(p, pl->flags, 8) >> bit) & 1;
}

static int64_t pageflag(struct pfw_kernel *k, const char *name)
{
	int64_t bit;

	/* every PG_* is in enum pageflags: anchor the look-up there */
	if (!pfw_ok(pfw_enumerator_of(k->dbi, "PG_locked", name, &bit)))
		return -1;
	return bit;
}

static struct pfw_error *member_off(struct pfw_kernel *k, const char *s, const char *m,
				    uint64_t *off)
{
	struct pfw_member mb;
	struct pfw_error *err = pfw_member(k->dbi, s, m, &mb);

	if (!err)
		*off = mb.offset;
	return err;
}

static struct pfw_error *load_page_layout(struct pfw_kernel *k, struct page_layout *pl)
{
	struct pfw_error *err;
	uint64_t off, em;

	pl->size = k->page_struct_size;
	if (pl->size == 0 || pl->size > MAX_PAGE_STRUCT)
		return pfw_error_create(PFW_ERR_UNSUPPORTED, "struct page of %llu bytes",
					(unsigned long long)pl->size);
	if ((err = member_off(k, "page", "flags", &pl->flags)) ||
	    (err = member_off(k, "page", "compound_head", &pl->compound_head)) ||
	    (err = member_off(k, "page", "_mapcount", &pl->mapcount)) ||
	    (err = member_off(k, "page", "_refcount", &pl->refcount)) ||
	    (err = member_off(k, "page", "mapping", &pl->mapping)))
		return err;
	/* page[1] of a compound page: its order and destructor, 6.1 and 6.2+ */
	if (pfw_ok(member_off(k, "page", "compound_order", &pl->compound_order)) &&
	    pfw_ok(member_off(k, "page", "compound_mapcount", &off))) {
		pl->entire_mapcount = off;
		pfw_ignore(member_off(k, "page", "compound_dtor", &pl->compound_dtor));
	} else if (pfw_ok(member_off(k, "folio", "_folio_order", &off)) &&
		   pfw_ok(member_off(k, "folio", "_entire_mapcount", &pl->compound_order))) {
		/* 6.2+: the folio overlays page[0] and page[1] */
		pl->entire_mapcount = pl->compound_order - pl->size;
		pl->compound_order = off - pl->size;
		if (pfw_ok(member_off(k, "folio", "_folio_dtor", &off)))
			pl->compound_dtor = off - pl->size;
	} else if (pfw_ok(member_off(k, "folio", "_flags_1", &off)) &&
		   pfw_ok(member_off(k, "folio", "_entire_mapcount", &em))) {
		/* 6.6+ folio_order(): the low byte of page[1].flags (_flags_1), little-endian */
		pl->entire_mapcount = em - pl->size;
		pl->compound_order = off - pl->size;
	} else {
		return pfw_error_create(PFW_ERR_UNSUPPORTED,
					"no compound_mapcount in struct page nor _entire_mapcount in struct folio");
	}
	pl->pg_swapbacked = pageflag(k, "PG_swapbacked");
	pl->pg_dirty = pageflag(k, "PG_dirty");
	pl->pg_referenced = pageflag(k, "PG_referenced");
	/* page_is_young(): PG_young exists with CONFIG_PAGE_IDLE_FLAG on 64-bit */
	pl->pg_young = pageflag(k, "PG_young");
	pl->pg_head = pageflag(k, "PG_head");
	pl->pg_double_map = pageflag(k, "PG_double_map");
	pl->has_double_map = pl->pg_double_map >= 0;
	if (!pfw_ok(pfw_enumerator(k->dbi, "HUGETLB_PAGE_DTOR", &pl->hugetlb_dtor)))
		pl->hugetlb_dtor = -1;
	return NULL;
}

static struct pfw_error *read_struct_page(struct pfw_smaps_ctx *c, uint64_t pfn, uint8_t *buf)
{
	return pfw_read_kv(c->k, c->k->vmemmap_base + pfn * c->pl.size, buf, c->pl.size);
}

/* The page, its compound head and the head's first tail. */
static struct pfw_error *read_page_view(struct pfw_smaps_ctx *c, uint64_t pfn, struct page_view *v)
{
	const struct page_layout *pl = &c->pl;
	struct pfw_error *err;
	uint64_t ch;

	v->pfn = v->head_pfn = pfn;
	if ((err = read_struct_page(c, pfn, v->page)))
		return err;
	ch = field(v->page, pl->compound_head, 8);
	if (ch & 1) {
		v->head_pfn = ((ch - 1) - c->k->vmemmap_base) / pl->size;
		if ((err = read_struct_page(c, v->head_pfn, v->head)))
			return err;
	} else {
		memcpy(v->head, v->page, pl->size);
	}
	v->compound = flag(v->head, pl, pl->pg_head);
	if (v->compound && (err = read_struct_page(c, v->head_pfn + 1, v->tail1)))
		return err;
	return NULL;
}

static bool page_anon(const struct page_view *v, const struct page_layout *pl)
{
	return field(v->head, pl->mapping, 8) & 1;
}

/* folio_test_ksm(): PAGE_MAPPING_KSM, both low bits of the head's mapping */
static bool page_ksm(const struct page_view *v, const struct page_layout *pl)
{
	return (field(v->head, pl->mapping, 8) & 3) == 3;
}

/* pte_dirty() on x86: _PAGE_DIRTY, or 6.6+'s _PAGE_SAVED_DIRTY of a read-only pte */
static bool pte_dirty(const struct pfw_entry *e)
{
	return e->dirty || e->saved_dirty;
}

static bool page_huge(const struct page_view *v, const struct page_layout *pl)
{
	return v->compound && pl->hugetlb_dtor >= 0 &&
	       field(v->tail1, pl->compound_dtor, 1) == (uint64_t)pl->hugetlb_dtor;
}

static int32_t mapcount_at(const uint8_t *p, uint64_t off)
{
	return (int32_t)field(p, off, 4);
}

/* page_mapcount() (include/linux/mm.h, mm/util.c __page_mapcount() in 6.1) */
static int64_t page_mapcount(const struct pfw_smaps_ctx *c, const uint8_t *page,
			     const struct page_view *v)
{
	const struct page_layout *pl = &c->pl;
	int64_t ret = mapcount_at(page, pl->mapcount) + 1;

	if (!v->compound)
		return ret;
	if (pl->has_double_map) {
		/* 6.1: a file THP's _mapcount counts every mapping already */
		if (!page_anon(v, pl) && !page_huge(v, pl))
			return ret;
		ret += mapcount_at(v->tail1, pl->entire_mapcount) + 1;
		if (flag(v->tail1, pl, pl->pg_double_map))
			ret--;
		return ret;
	}
	/* 6.2+: folio_entire_mapcount() added for every page of a large folio */
	return ret + mapcount_at(v->tail1, pl->entire_mapcount) + 1;
}

static void mark_unavailable(struct pfw_smaps *mss, uint64_t fields, const char *why)
{
	mss->unavailable |= fields;
	if (!mss->why_unavailable[0])
		snprintf(mss->why_unavailable, sizeof(mss->why_unavailable), "%s", why);
}

/* Every field a struct page decides (Rss only needs the pte). */
#define PAGE_FIELDS (~((1ULL << PFW_SM_RSS) | (1ULL << PFW_SM_SWAP) | (1ULL << PFW_SM_SWAP_PSS)))
#define ALL_FIELDS ((1ULL << PFW_SM_NR_FIELDS) - 1)

/* smaps_page_accumulate() */
static void smaps_page_accumulate(struct pfw_smaps_ctx *c, const struct page_view *v,
				  uint64_t size, uint64_t pss, bool dirty, bool private)
{
	const struct page_layout *pl = &c->pl;
	uint64_t *m = c->mss->v;

	m[PFW_SM_PSS] += pss;
	if (page_anon(v, pl))
		m[PFW_SM_PSS_ANON] += pss;
	else if (flag(v->head, pl, pl->pg_swapbacked))
		m[PFW_SM_PSS_SHMEM] += pss;
	else
		m[PFW_SM_PSS_FILE] += pss;
	if (c->locked)
		m[PFW_SM_LOCKED] += pss;
	if (dirty || flag(v->head, pl, pl->pg_dirty)) {
		m[PFW_SM_PSS_DIRTY] += pss;
		m[private ? PFW_SM_PRIVATE_DIRTY : PFW_SM_SHARED_DIRTY] += size;
	} else {
		m[private ? PFW_SM_PRIVATE_CLEAN : PFW_SM_SHARED_CLEAN] += size;
	}
}

/*
 * smaps_account(): page is the pfn the entry maps (the head for a huge pmd);
 * present is false for a migration entry (6.1's "migration").
 */
static void smaps_account(struct pfw_smaps_ctx *c, uint64_t pfn, bool compound, bool young,
			  bool dirty, bool present)
{
	const struct page_layout *pl = &c->pl;
	uint64_t *m = c->mss->v;
	struct page_view v;
	uint64_t nr = 1, size, i;
	struct pfw_error *err;

	err = read_page_view(c, pfn, &v);
	if (err) {
		m[PFW_SM_RSS] += compound ? HPAGE_PMD_SIZE : PAGE_SIZE;
		mark_unavailable(c->mss, PAGE_FIELDS, "a struct page is not in the dump");
		pfw_error_destroy(err);
		return;
	}
	if (compound && v.compound)
		nr = 1ULL << field(v.tail1, pl->compound_order, 1);
	size = nr * PAGE_SIZE;
	m[PFW_SM_RSS] += size;
	if (page_anon(&v, pl)) {
		m[PFW_SM_ANONYMOUS] += size;
		if (!flag(v.head, pl, pl->pg_swapbacked) && !dirty && !flag(v.head, pl, pl->pg_dirty))
			m[PFW_SM_LAZYFREE] += size;
	}
	/* mem_size_stats.ksm (6.6+): folio_test_ksm() */
	if (page_ksm(&v, pl))
		m[PFW_SM_KSM] += size;
	if (young || flag(v.head, pl, pl->pg_young) || flag(v.head, pl, pl->pg_referenced))
		m[PFW_SM_REFERENCED] += size;
	/*
	 * page_count() == 1: mapped exactly once.  A non-present (migration)
	 * entry: 6.1 counts it as mapcount 1, private; 6.11+ ("account
	 * non-present entries as maybe shared") passes present as private.
	 */
	if ((int32_t)field(v.head, pl->refcount, 4) == 1 || !present) {
		smaps_page_accumulate(c, &v, size, size << PSS_SHIFT, dirty,
				      present || !c->nonpresent_shared);
		return;
	}
	for (i = 0; i < nr; i++) {
		uint8_t sub[MAX_PAGE_STRUCT];
		const uint8_t *p = v.page;
		uint64_t pss = PAGE_SIZE << PSS_SHIFT;
		int64_t mapcount;

		if (nr > 1) {
			err = read_struct_page(c, pfn + i, sub);
			if (err) {
				mark_unavailable(c->mss, PAGE_FIELDS, "a struct page is not in the dump");
				pfw_error_destroy(err);
				return;
			}
			p = sub;
		}
		mapcount = page_mapcount(c, p, &v);
		if (mapcount >= 2)
			pss /= mapcount;
		smaps_page_accumulate(c, &v, PAGE_SIZE, pss, dirty, mapcount < 2);
	}
}

/* swap_info[type]'s si, swap_map and max: read once per device, an error each time */
static struct pfw_error *swap_dev(struct pfw_smaps_ctx *c, unsigned int type, struct swap_dev *d)
{
	struct swap_dev *kept = type < SWAP_TYPES ? &c->swap_dev[type] : NULL;
	struct pfw_error *err;

	if (kept && kept->loaded) {
		*d = *kept;
		return NULL;
	}
	memset(d, 0, sizeof(*d));
	if ((err = pfw_read_kv_u64(c->k, c->swap_info + type * 8, &d->si)))
		return err;
	if (d->si && ((err = pfw_read_kv_u64(c->k, d->si + c->si_max, &d->max)) ||
		      (err = pfw_read_kv_u64(c->k, d->si + c->si_swap_map, &d->map))))
		return err;
	d->loaded = true;
	if (kept)
		*kept = *d;
	return NULL;
}

/* swp_swapcount() (mm/swapfile.c) */
static struct pfw_error *swp_swapcount(struct pfw_smaps_ctx *c, unsigned int type,
				       uint64_t offset, int *count)
{
	struct pfw_error *err;
	struct swap_dev d;
	uint8_t b;

	*count = 0;
	if (!c->swap_ok)
		return pfw_error_create(PFW_ERR_UNSUPPORTED, "no swap_info in this kernel");
	if (type >= c->nr_swapfiles)
		return NULL;	/* _swap_info_get(): no such swap device, count 0 */
	if ((err = swap_dev(c, type, &d)))
		return err;
	if (!d.si)
		return NULL;
	if (offset >= (uint32_t)d.max || !d.map)
		return NULL;
	if ((err = pfw_read_kv(c->k, d.map + offset, &b, 1)))
		return err;
	*count = b & ~SWAP_HAS_CACHE;
	if (*count & COUNT_CONTINUED)
		return pfw_error_create(PFW_ERR_UNSUPPORTED,
					"swap count continued on a continuation page (not followed)");
	return NULL;
}

static void smaps_swap_entry(struct pfw_smaps_ctx *c, const struct pfw_entry *e)
{
	struct pfw_error *err;
	int mapcount;

	c->mss->v[PFW_SM_SWAP] += PAGE_SIZE;
	err = swp_swapcount(c, e->swap_type, e->swap_offset, &mapcount);
	if (err) {
		mark_unavailable(c->mss, 1ULL << PFW_SM_SWAP_PSS, err->message);
		pfw_error_destroy(err);
		return;
	}
	if (mapcount >= 2)
		c->mss->v[PFW_SM_SWAP_PSS] += (PAGE_SIZE << PSS_SHIFT) / mapcount;
	else
		c->mss->v[PFW_SM_SWAP_PSS] += PAGE_SIZE << PSS_SHIFT;
}

/* vm_normal_page() with CONFIG_ARCH_HAS_PTE_SPECIAL (x86): NULL for special ptes */
static bool vm_normal_page(struct pfw_smaps_ctx *c, const struct pfw_entry *e)
{
	if (e->special)
		return false;
	if (c->highest_memmap_pfn && e->pfn > c->highest_memmap_pfn)
		return false;
	return true;
}

/* shmem_partial_swap_usage(): value entries of the page cache over [start, end) */
static void shmem_partial_swap_usage(struct pfw_smaps_ctx *c, uint64_t start, uint64_t end)
{
	struct pfw_error *err;
	uint64_t xa, i, entry;

	err = pfw_member_address(c->k, c->shmem_mapping, "address_space", "i_pages", &xa);
	for (i = start; !err && i < end; i++) {
		err = pfw_xa_load(c->k, xa, i, &entry);
		if (!err && (entry & 1))
			c->mss->v[PFW_SM_SWAP] += PAGE_SIZE;
	}
	if (err) {
		mark_unavailable(c->mss, 1ULL << PFW_SM_SWAP, "the shmem page cache is not in the dump");
		pfw_error_destroy(err);
	}
}

static uint64_t linear_page_index(const struct pfw_vma *v, uint64_t addr)
{
	return ((addr - v->start) >> 12) + v->pgoff;
}

/*
 * The struct page of the pte this many entries on is asked for ahead of its
 * read, so that its bytes, decompressed by the read-ahead thread on the other
 * CPU, have arrived by then (measured on the busy fixture: 4, 8 and 16 alike).
 */
#define STRUCT_PAGE_AHEAD	8

static void prefetch_struct_page(struct pfw_smaps_ctx *c, const struct pfw_scan_entry *se)
{
	uint64_t pfn;

	/* a raw entry that is not present names no page: the hint is wasted, not wrong */
	if (se->nnext < STRUCT_PAGE_AHEAD)
		return;
	pfn = (se->next[STRUCT_PAGE_AHEAD - 1] & c->k->arch->present_frame_mask[PFW_PTE]) >> 12;
	pfw_memory_prefetch(c->k->mem, PFW_KVADDR, c->k->vmemmap_base + pfn * c->pl.size);
}

/* smaps_pte_entry() */
static void smaps_pte_entry(struct pfw_smaps_ctx *c, const struct pfw_entry *e)
{
	switch (e->state) {
	case PFW_ENTRY_PRESENT:
	case PFW_ENTRY_PROTNONE:	/* pte_present() is true for protnone */
		if (vm_normal_page(c, e))
			smaps_account(c, e->pfn, false, e->accessed, pte_dirty(e), true);
		return;
	case PFW_ENTRY_SWAP:
		smaps_swap_entry(c, e);
		return;
	case PFW_ENTRY_MIGRATION:
		smaps_account(c, e->pfn, false, false, false, false);
		return;
	case PFW_ENTRY_DEVICE:
		/* is_pfn_swap_entry(): the device page is counted like any other (fake-present) */
		smaps_account(c, e->pfn, false, false, false, true);
		return;
	default:
		return;		/* hwpoison and markers count nowhere */
	}
}

/* smaps_pmd_entry() (CONFIG_TRANSPARENT_HUGEPAGE) */
static void smaps_pmd_entry(struct pfw_smaps_ctx *c, const struct pfw_entry *e)
{
	const struct page_layout *pl = &c->pl;
	struct pfw_error *err;
	struct page_view v;
	bool migration = false;

	if (e->state == PFW_ENTRY_MIGRATION) {
		migration = true;
	} else if (e->state != PFW_ENTRY_PRESENT && e->state != PFW_ENTRY_PROTNONE) {
		return;
	} else if (e->pfn == c->huge_zero_pfn) {
		return;		/* follow_trans_huge_pmd(FOLL_DUMP): -EFAULT on the huge zero page */
	}
	err = read_page_view(c, e->pfn, &v);
	if (err) {
		c->mss->v[PFW_SM_RSS] += HPAGE_PMD_SIZE;
		mark_unavailable(c->mss, PAGE_FIELDS, "a struct page is not in the dump");
		pfw_error_destroy(err);
		return;
	}
	if (page_anon(&v, pl))
		c->mss->v[PFW_SM_ANON_THP] += HPAGE_PMD_SIZE;
	else if (flag(v.head, pl, pl->pg_swapbacked))
		c->mss->v[PFW_SM_SHMEM_THP] += HPAGE_PMD_SIZE;
	else
		c->mss->v[PFW_SM_FILE_THP] += HPAGE_PMD_SIZE;
	smaps_account(c, e->pfn, true, !migration && e->accessed, !migration && pte_dirty(e), !migration);
}

/* smaps_hugetlb_range(): page_mapcount() >= 2 or a shared pmd table -> Shared_Hugetlb */
static void smaps_hugetlb_range(struct pfw_smaps_ctx *c, const struct pfw_scan_entry *se)
{
	const struct pfw_entry *e = &se->path[se->level];
	uint64_t size = se->level == PFW_PUD ? 1ULL << 30 : HPAGE_PMD_SIZE, ref = 0;
	struct pfw_error *err;
	struct page_view v;
	bool shared;

	if (e->state != PFW_ENTRY_PRESENT && e->state != PFW_ENTRY_MIGRATION &&
	    e->state != PFW_ENTRY_DEVICE)
		return;
	err = read_page_view(c, e->pfn, &v);
	if (err) {
		mark_unavailable(c->mss, 3ULL << PFW_SM_SHARED_HUGETLB, "a struct page is not in the dump");
		pfw_error_destroy(err);
		return;
	}
	shared = page_mapcount(c, v.page, &v) >= 2;
	/* hugetlb_pmd_shared(): the pmd table's page has more than one reference */
	if (!shared && se->level == PFW_PMD) {
		uint8_t tp[MAX_PAGE_STRUCT];

		if (pfw_ok(read_struct_page(c, se->path[PFW_PUD].pfn, tp)))
			ref = (int32_t)field(tp, c->pl.refcount, 4);
		shared = ref > 1;
	}
	c->mss->v[shared ? PFW_SM_SHARED_HUGETLB : PFW_SM_PRIVATE_HUGETLB] += size;
}

static struct pfw_error *smaps_entry(void *arg, const struct pfw_scan_entry *se)
{
	struct pfw_smaps_ctx *c = arg;
	const struct pfw_entry *e = &se->path[se->level];

	if (se->excluded) {
		mark_unavailable(c->mss, ALL_FIELDS, "a page table is not in the dump");
		return NULL;
	}
	if (c->hugetlb) {
		if (se->level == PFW_PMD || se->level == PFW_PUD)
			smaps_hugetlb_range(c, se);
		return NULL;
	}
	if (e->state == PFW_ENTRY_NONE) {
		/* smaps_pte_hole() of the shmem walk: a hole at any level */
		if (c->shmem_holes)
			shmem_partial_swap_usage(c, linear_page_index(c->vma, se->addr),
						 linear_page_index(c->vma, se->addr + se->size));
		return NULL;
	}
	if (se->level == PFW_PMD)
		smaps_pmd_entry(c, e);
	else if (se->level == PFW_PTE) {
		prefetch_struct_page(c, se);
		smaps_pte_entry(c, e);
	}
	return NULL;
}

static bool is_shmem_vma(struct pfw_smaps_ctx *c, const struct pfw_vma *v, uint64_t *mapping)
{
	uint64_t a_ops = 0, shmem_aops;

	if (!v->file || !pfw_ok(pfw_kernel_symbol(c->k, "shmem_aops", &shmem_aops)))
		return false;
	if (!pfw_ok(pfw_read_member(c->k, v->file, "file", "f_mapping", mapping)) ||
	    !pfw_ok(pfw_read_member(c->k, *mapping, "address_space", "a_ops", &a_ops)))
		return false;
	return a_ops == shmem_aops;
}

/* shmem_swap_usage() (mm/shmem.c) */
static struct pfw_error *shmem_swap_usage(struct pfw_smaps_ctx *c, const struct pfw_vma *v,
					  uint64_t *bytes)
{
	struct pfw_member vfs;
	struct pfw_error *err;
	uint64_t inode, swapped, isize;

	*bytes = 0;
	if ((err = pfw_read_member(c->k, c->shmem_mapping, "address_space", "host", &inode)) ||
	    (err = pfw_member(c->k->dbi, "shmem_inode_info", "vfs_inode", &vfs)) ||
	    (err = pfw_read_member(c->k, inode - vfs.offset, "shmem_inode_info", "swapped", &swapped)) ||
	    (err = pfw_read_member(c->k, inode, "inode", "i_size", &isize)))
		return err;
	if (!swapped)
		return NULL;
	if (!v->pgoff && v->end - v->start >= isize) {
		*bytes = swapped << 12;
		return NULL;
	}
	shmem_partial_swap_usage(c, v->pgoff, v->pgoff + ((v->end - v->start) >> 12));
	return NULL;
}

struct pfw_error *pfw_smaps_gather(struct pfw_smaps_ctx *c, const struct pfw_vma *vma,
				   struct pfw_smaps *mss)
{
	struct pfw_scan_stats st;
	struct pfw_error *err;

	c->vma = vma;
	c->mss = mss;
	c->hugetlb = vma->flags & c->vm_hugetlb;
	c->locked = vma->flags & c->vm_locked;
	c->shmem_holes = false;
	if (!c->layout_ok)
		mark_unavailable(mss, PAGE_FIELDS, c->layout_why);
	if (is_shmem_vma(c, vma, &c->shmem_mapping)) {
		uint64_t swapped;

		/* a private writable mapping may have COW pages over swapped ones: walk the holes */
		err = shmem_swap_usage(c, vma, &swapped);
		if (err) {
			mark_unavailable(mss, 1ULL << PFW_SM_SWAP, err->message);
			pfw_error_destroy(err);
		} else if (!swapped || (vma->flags & c->vm_shared) || !(vma->flags & c->vm_write)) {
			mss->v[PFW_SM_SWAP] += swapped;
		} else {
			c->shmem_holes = true;
		}
	}
	/* the gate VMA has no vm_mm: walk_page_vma() returns -EINVAL, nothing counts */
	if (vma->start >> 63)
		return NULL;
	err = pfw_scan_tables(c->k, c->pgd, vma->start, vma->end, smaps_entry, c, &st);
	c->stats.entries += st.entries;
	c->stats.tables += st.tables;
	return err;
}

/* mm/shmem.c */
#define SHMEM_HUGE_ALWAYS	1
#define SHMEM_HUGE_WITHIN_SIZE	2
#define SHMEM_HUGE_ADVISE	3
#define SHMEM_HUGE_DENY		(-1)
#define SHMEM_HUGE_FORCE	(-2)
#define S_IFMT			00170000
#define S_IFREG			0100000

/*
 * shmem_huge_enabled(vma, shmem_huge_force=false) -> __shmem_is_huge() (6.1;
 * 6.12's shmem_huge_global_enabled(inode, vma->vm_pgoff, 0, false, vm_flags)
 * makes the same tests, returning BIT(HPAGE_PMD_ORDER) for 1): the
 * shmem_huge sysfs knob, then the mount's huge= option.  VM_NOHUGEPAGE
 * and MMF_DISABLE_THP were tested by the caller already.
 */
static int shmem_is_huge(struct pfw_smaps_ctx *c, const struct pfw_thp_settings *s,
			 const struct pfw_vma *v)
{
	uint64_t inode, mode, sb, sbinfo, huge, isize, index;

	if (!pfw_ok(pfw_read_member(c->k, v->file, "file", "f_inode", &inode)) ||
	    !pfw_ok(pfw_read_member(c->k, inode, "inode", "i_mode", &mode)))
		return -1;
	if ((mode & S_IFMT) != S_IFREG)
		return 0;
	if (!s->shmem_huge_ok)
		return -1;
	if (s->shmem_huge == SHMEM_HUGE_DENY)
		return 0;
	if (s->shmem_huge == SHMEM_HUGE_FORCE)
		return 1;
	if (!pfw_ok(pfw_read_member(c->k, inode, "inode", "i_sb", &sb)) ||
	    !pfw_ok(pfw_read_member(c->k, sb, "super_block", "s_fs_info", &sbinfo)) ||
	    !pfw_ok(pfw_read_member(c->k, sbinfo, "shmem_sb_info", "huge", &huge)))
		return -1;
	switch (huge) {
	case SHMEM_HUGE_ALWAYS:
		return 1;
	case SHMEM_HUGE_WITHIN_SIZE:
		if (!pfw_ok(pfw_read_member(c->k, inode, "inode", "i_size", &isize)))
			return -1;
		index = (v->pgoff + 1 + HPAGE_PMD_NR - 1) / HPAGE_PMD_NR * HPAGE_PMD_NR;
		if (((isize + PAGE_SIZE - 1) >> 12) >= index)
			return 1;
		/* fallthrough */
	case SHMEM_HUGE_ADVISE:
		return !!(v->flags & pfw_vm_flag(c->k, "VM_HUGEPAGE"));
	default:
		return 0;
	}
}

/* include/linux/huge_mm.h (6.12): every order up to PMD_ORDER (9) but 0 and 1 */
#define THP_ORDERS_ALL_ANON	(((1ULL << 10) - 1) & ~3ULL)
/* BIT(PMD_ORDER) | BIT(PUD_ORDER), 4 KiB pages */
#define THP_ORDERS_ALL_SPECIAL	((1ULL << 9) | (1ULL << 18))
/* MAX_PAGECACHE_ORDER = min(MAX_XAS_ORDER 11, HPAGE_PMD_ORDER 9), all but order 0 */
#define THP_ORDERS_ALL_FILE_DEFAULT	(((1ULL << 10) - 1) & ~1ULL)
#define THP_ORDERS_ALL	(THP_ORDERS_ALL_ANON | THP_ORDERS_ALL_SPECIAL | THP_ORDERS_ALL_FILE_DEFAULT)
/* include/linux/fs.h: S_DAX (1 << 13) with CONFIG_FS_DAX, else 0 */
#define S_DAX			(1 << 13)

static bool read_file_inode(struct pfw_smaps_ctx *c, const struct pfw_vma *v, uint64_t *mapping,
			    uint64_t *inode)
{
	return v->file && pfw_ok(pfw_read_member(c->k, v->file, "file", "f_mapping", mapping)) &&
	       pfw_ok(pfw_read_member(c->k, *mapping, "address_space", "host", inode));
}

/* vma_is_dax(): IS_DAX(vma->vm_file->f_mapping->host); CONFIG_FS_DAX has fs/dax.c's dax_iomap_rw */
static bool vma_is_dax(struct pfw_smaps_ctx *c, const struct pfw_thp_settings *s,
		       const struct pfw_vma *v)
{
	uint64_t mapping, inode, i_flags;

	return s->fs_dax && read_file_inode(c, v, &mapping, &inode) &&
	       pfw_ok(pfw_read_member(c->k, inode, "inode", "i_flags", &i_flags)) && (i_flags & S_DAX);
}

/* vma_is_special_huge() (include/linux/mm.h) */
static bool vma_is_special_huge(struct pfw_smaps_ctx *c, const struct pfw_thp_settings *s,
				const struct pfw_vma *v)
{
	uint64_t pfn_maps = pfw_vm_flag(c->k, "VM_PFNMAP") | pfw_vm_flag(c->k, "VM_MIXEDMAP");

	return vma_is_dax(c, s, v) || (v->file && (v->flags & pfn_maps));
}

/*
 * file_thp_enabled() (include/linux/huge_mm.h, 6.12): not secretmem, and
 * with CONFIG_READ_ONLY_THP_FOR_FS (address_space has nr_thps then) a
 * regular file nobody has open for write (inode_is_open_for_write():
 * i_writecount > 0).
 */
static int file_thp_enabled(struct pfw_smaps_ctx *c, const struct pfw_thp_settings *s,
			    const struct pfw_vma *v)
{
	uint64_t mapping, inode, a_ops, mode, writecount;

	if (!read_file_inode(c, v, &mapping, &inode) ||
	    !pfw_ok(pfw_read_member(c->k, mapping, "address_space", "a_ops", &a_ops)))
		return -1;
	if (s->secretmem_aops && a_ops == s->secretmem_aops)
		return 0;
	if (!pfw_has_member(c->k->dbi, "address_space", "nr_thps"))
		return 0;
	if (!pfw_ok(pfw_read_member(c->k, inode, "inode", "i_writecount", &writecount)) ||
	    !pfw_ok(pfw_read_member(c->k, inode, "inode", "i_mode", &mode)))
		return -1;
	return (int32_t)writecount <= 0 && (mode & S_IFMT) == S_IFREG;
}

/*
 * vma_can_map_huge_file(vma, vm_flags, TVA_SMAPS | TVA_ENFORCE_SYSFS)
 * (mm/huge_memory.c, Debian's 6.12.117): vma_file_check_thp_tuneables()
 * (a huge PFN mapping bypasses the sysfs policy, else THP "always", or
 * "madvise" and VM_HUGEPAGE), then ->huge_fault, then file_thp_enabled().
 */
static int vma_can_map_huge_file(struct pfw_smaps_ctx *c, const struct pfw_thp_settings *s,
				 const struct pfw_vma *v)
{
	struct pfw_kernel *k = c->k;
	uint64_t huge_fault = 0, thp;
	bool always, enabled;

	pfw_ignore(pfw_read_member(k, v->vm_ops, "vm_operations_struct", "huge_fault", &huge_fault));
	pfw_thp_flags(k, &thp);
	always = pfw_thp_flag(k, thp, "TRANSPARENT_HUGEPAGE_FLAG");
	enabled = always || pfw_thp_flag(k, thp, "TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG");
	if (!((v->flags & pfw_vm_flag(k, "VM_PFNMAP")) && huge_fault) &&
	    !always && !(enabled && (v->flags & pfw_vm_flag(k, "VM_HUGEPAGE"))))
		return 0;
	if (huge_fault)
		return 1;
	return file_thp_enabled(c, s, v);
}

/*
 * shmem_allowable_huge_orders(inode, vma, vma->vm_pgoff, 0, false) != 0
 * (mm/shmem.c, 6.11+, the huge_shmem_orders_* symbols): a tmpfs file goes by
 * shmem_huge_global_enabled(), anonymous shared memory by the per-size
 * settings.  Before 6.11 (6.8-6.10): shmem_is_huge().  vma_thp_disabled()
 * was tested by the caller already.
 */
static int shmem_allowable_huge_orders(struct pfw_smaps_ctx *c, const struct pfw_thp_settings *s,
				       const struct pfw_vma *v)
{
	uint64_t always, within, inode, mapping, isize;
	int global = shmem_is_huge(c, s, v), order;

	if (!s->shmem_orders)
		return global;
	/* vma_is_anon_shmem(): vma->vm_ops == &shmem_anon_vm_ops */
	if (global < 0 || !s->shmem_anon_vm_ops || v->vm_ops != s->shmem_anon_vm_ops)
		return global;
	always = s->shmem_always;
	within = s->shmem_within_size;
	if (!s->shmem_huge_ok)
		return -1;
	if (s->shmem_huge == SHMEM_HUGE_DENY)
		return 0;
	if (s->shmem_huge == SHMEM_HUGE_FORCE)
		return !!s->shmem_inherit;
	if (within) {
		if (!read_file_inode(c, v, &mapping, &inode) ||
		    !pfw_ok(pfw_read_member(c->k, inode, "inode", "i_size", &isize)))
			return -1;
		/* "Allow mTHP that will be fully within i_size": highest order first */
		for (order = 63; order >= 0; order--) {
			uint64_t n = 1ULL << order;

			if (!(within & n))
				continue;
			if (((isize + PAGE_SIZE - 1) >> 12) >= (v->pgoff + n) / n * n) {
				always |= within;
				break;
			}
			within &= ~n;
		}
	}
	if (v->flags & pfw_vm_flag(c->k, "VM_HUGEPAGE"))
		always |= s->shmem_madvise;
	if (global > 0)
		always |= s->shmem_inherit;
	return !!(THP_ORDERS_ALL_FILE_DEFAULT & always);
}

/*
 * 6.8+ (show_smap(), 6.12): thp_vma_allowable_orders(vma, vma->vm_flags,
 * TVA_SMAPS | TVA_ENFORCE_SYSFS, THP_ORDERS_ALL) != 0, orders already masked
 * by the sysfs per-size settings of an anonymous VMA (huge_anon_orders_*):
 * __thp_vma_allowable_orders() (mm/huge_memory.c) with smaps set and in_pf
 * clear.  It keeps, highest first, the orders whose folio fits at the VMA's
 * end, so a VMA too small for a PMD is eligible for a smaller order.
 */
static int thp_eligible_orders(struct pfw_smaps_ctx *c, const struct pfw_thp_settings *s,
			       const struct pfw_vma *v, uint64_t orders)
{
	struct pfw_kernel *k = c->k;
	uint64_t thp = 0, mm_flags = 0, mapping;
	int order;

	if (!v->vm_ops)
		orders &= THP_ORDERS_ALL_ANON;
	else if (vma_is_special_huge(c, s, v))
		orders &= THP_ORDERS_ALL_SPECIAL;
	else
		orders &= THP_ORDERS_ALL_FILE_DEFAULT;
	if (!orders || v->start >> 63)
		return 0;	/* no enabled order; !vma->vm_mm: the gate VMA */
	pfw_thp_flags(k, &thp);
	pfw_ignore(pfw_read_member(k, c->mm, "mm_struct", "flags", &mm_flags));
	/* thp_disabled_by_hw() || vma_thp_disabled(vma, vm_flags) */
	if (pfw_thp_flag(k, thp, "TRANSPARENT_HUGEPAGE_UNSUPPORTED") ||
	    (v->flags & pfw_vm_flag(k, "VM_NOHUGEPAGE")) || (mm_flags & (1ULL << MMF_DISABLE_THP)))
		return 0;
	if (vma_is_dax(c, s, v))
		return 0;	/* in_pf ? orders : 0 */
	/* smaps: no VM_NO_KHUGEPAGED test */
	for (order = 63; order >= 0 && orders; order--) {
		if (!(orders & (1ULL << order)))
			continue;
		if (pfw_thp_vma_suitable_order(v, v->end - (PAGE_SIZE << order), order))
			break;
		orders &= ~(1ULL << order);
	}
	if (!orders)
		return 0;
	if (is_shmem_vma(c, v, &mapping))	/* shmem_file(vma->vm_file) */
		return shmem_allowable_huge_orders(c, s, v);
	if (v->vm_ops)
		return vma_can_map_huge_file(c, s, v);
	if (pfw_vma_is_temporary_stack(k, v->flags))
		return 0;
	return 1;	/* TVA_SMAPS: eligible even before anon_vma exists */
}

/*
 * hugepage_vma_check(vma, vm_flags, smaps=true, in_pf=false,
 * enforce_sysfs=true), 6.1; 6.8+ (the huge_anon_orders_* symbols) goes by
 * __thp_vma_allowable_orders() (thp_eligible_orders()), every VMA: the
 * per-size orders of an anonymous one, THP_ORDERS_ALL for the others.
 */
static int thp_eligible(struct pfw_smaps_ctx *c, const struct pfw_vma *v)
{
	struct pfw_kernel *k = c->k;
	const struct pfw_thp_settings *s;
	uint64_t addr, thp, mm_flags = 0, haddr, mask;
	int64_t bit;
	bool always, madvise;

	if (!pfw_ok(pfw_kernel_symbol(k, "transparent_hugepage_flags", &addr)))
		return 0;	/* !CONFIG_TRANSPARENT_HUGEPAGE: the stub returns false */
	s = pfw_thp_settings(k);
	if (pfw_thp_anon_orders(k, v->flags, &mask))
		return thp_eligible_orders(c, s, v, v->vm_ops ? THP_ORDERS_ALL : mask);
	if (v->start >> 63)
		return 0;	/* !vma->vm_mm: the gate VMA */
	if (!pfw_ok(pfw_read_kv_u64(k, addr, &thp)))
		return -1;
	pfw_ignore(pfw_read_member(k, c->mm, "mm_struct", "flags", &mm_flags));
	if ((v->flags & pfw_vm_flag(k, "VM_NOHUGEPAGE")) || (mm_flags & (1ULL << MMF_DISABLE_THP)))
		return 0;
	if (pfw_ok(pfw_enumerator(k->dbi, "TRANSPARENT_HUGEPAGE_NEVER_DAX", &bit)) &&
	    (thp >> bit) & 1)
		return 0;
	if (v->flags & (pfw_vm_flag(k, "VM_IO") | pfw_vm_flag(k, "VM_DONTEXPAND") |
			pfw_vm_flag(k, "VM_PFNMAP") | pfw_vm_flag(k, "VM_MIXEDMAP") | c->vm_hugetlb))
		return 0;	/* VM_NO_KHUGEPAGED */
	/* transhuge_vma_suitable(vma, vm_end - HPAGE_PMD_SIZE) */
	if (v->vm_ops && ((v->start >> 12) - v->pgoff) % HPAGE_PMD_NR)
		return 0;
	haddr = (v->end - HPAGE_PMD_SIZE) & ~(HPAGE_PMD_SIZE - 1);
	if (v->end < HPAGE_PMD_SIZE || haddr < v->start || haddr + HPAGE_PMD_SIZE > v->end)
		return 0;
	if (v->file) {
		uint64_t mapping;

		if (is_shmem_vma(c, v, &mapping))
			return shmem_is_huge(c, s, v);
	}
	always = pfw_ok(pfw_enumerator(k->dbi, "TRANSPARENT_HUGEPAGE_FLAG", &bit)) && (thp >> bit) & 1;
	madvise = pfw_ok(pfw_enumerator(k->dbi, "TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG", &bit)) &&
		  (thp >> bit) & 1;
	if (!(always || madvise) || (!(v->flags & pfw_vm_flag(k, "VM_HUGEPAGE")) && !always))
		return 0;
	/* file_thp_enabled() needs CONFIG_READ_ONLY_THP_FOR_FS (a khugepaged symbol then) */
	if (v->file && (v->flags & pfw_vm_flag(k, "VM_EXEC")) &&
	    pfw_symbol_exists(k->dbi, "hpage_collapse_scan_file"))
		return -1;
	if (v->vm_ops)
		return 0;	/* !vma_is_anonymous() */
	/* vma_is_temporary_stack(): VM_STACK_INCOMPLETE_SETUP = VM_RAND_READ|VM_SEQ_READ */
	if ((v->flags & pfw_vm_flag(k, "VM_GROWSDOWN")) &&
	    (v->flags & (pfw_vm_flag(k, "VM_RAND_READ") | pfw_vm_flag(k, "VM_SEQ_READ"))) ==
	    (pfw_vm_flag(k, "VM_RAND_READ") | pfw_vm_flag(k, "VM_SEQ_READ")))
		return 0;
	return 1;	/* smaps=true: eligible even before anon_vma exists */
}

/* hugetlb: vma_kernel_pagesize() -> huge_page_size(hstate_vma(vma)) */
static uint64_t hugetlb_page_size(struct pfw_smaps_ctx *c, const struct pfw_vma *v)
{
	uint64_t inode, sb, info, hstate, order;

	if (!pfw_ok(pfw_read_member(c->k, v->file, "file", "f_inode", &inode)) ||
	    !pfw_ok(pfw_read_member(c->k, inode, "inode", "i_sb", &sb)) ||
	    !pfw_ok(pfw_read_member(c->k, sb, "super_block", "s_fs_info", &info)) ||
	    !pfw_ok(pfw_read_member(c->k, info, "hugetlbfs_sb_info", "hstate", &hstate)) ||
	    !pfw_ok(pfw_read_member(c->k, hstate, "hstate", "order", &order)))
		return 0;
	return PAGE_SIZE << order;
}

static bool ospke(struct pfw_kernel *k)
{
	/* arch/x86/include/asm/cpufeatures.h: X86_FEATURE_OSPKE, word 16 bit 4 */
	uint64_t addr;
	struct pfw_member m;
	uint32_t word;

	return pfw_ok(pfw_kernel_symbol(k, "boot_cpu_data", &addr)) &&
	       pfw_ok(pfw_member(k->dbi, "cpuinfo_x86", "x86_capability", &m)) &&
	       pfw_ok(pfw_read_kv(k, addr + m.offset + 16 * 4, &word, 4)) && (word & (1U << 4));
}

void pfw_smaps_vma_info(struct pfw_smaps_ctx *c, const struct pfw_vma *vma,
			struct pfw_smaps_vma *info)
{
	memset(info, 0, sizeof(*info));
	info->kernel_page_size = PAGE_SIZE;
	if (vma->flags & c->vm_hugetlb)
		info->kernel_page_size = vma->file ? hugetlb_page_size(c, vma) : 0;
	info->mmu_page_size = info->kernel_page_size;
	info->thp_eligible = thp_eligible(c, vma);
	/* arch_pkeys_enabled(): boot_cpu_has(X86_FEATURE_OSPKE) */
	info->has_pkey = pfw_symbol_exists(c->k->dbi, "arch_set_user_pkey_access") && ospke(c->k);
	info->pkey = (vma->flags >> 32) & 0xf;
	pfw_vm_flags_mnemonics(c->k, vma->flags, info->vm_flags, sizeof(info->vm_flags));
}

void pfw_smaps_format(struct pfw_smaps_ctx *c, struct pfw_smaps_format *f)
{
	int v = pfw_kernel_version(c->k);

	/* mem_size_stats is private to task_mmu.c (a hint in open.c); its members say what the era counts */
	/* show_smap()'s "THPeligible:    %8u" (6.6, "fix smaps THPeligible output alignment"), "%d" before */
	f->thp_eligible_width = v >= 6006 ? 8 : 0;
	if (pfw_has_struct(c->k->dbi, "mem_size_stats")) {
		f->pss_dirty = pfw_has_member(c->k->dbi, "mem_size_stats", "pss_dirty");
		f->pss_split = pfw_has_member(c->k->dbi, "mem_size_stats", "pss_anon");
		f->ksm = pfw_has_member(c->k->dbi, "mem_size_stats", "ksm");
		return;
	}
	f->pss_dirty = v >= 6000;
	f->pss_split = v >= 5001;
	f->ksm = v >= 6006;
}

static void load_swap(struct pfw_smaps_ctx *c)
{
	struct pfw_kernel *k = c->k;
	uint64_t addr;
	uint32_t n;

	c->swap_ok = pfw_ok(pfw_kernel_symbol(k, "swap_info", &c->swap_info)) &&
		     pfw_ok(pfw_kernel_symbol(k, "nr_swapfiles", &addr)) &&
		     pfw_ok(pfw_read_kv(k, addr, &n, 4)) &&
		     pfw_ok(member_off(k, "swap_info_struct", "swap_map", &c->si_swap_map)) &&
		     pfw_ok(member_off(k, "swap_info_struct", "max", &c->si_max));
	c->nr_swapfiles = n;
}

struct pfw_error *pfw_smaps_open(struct pfw_kernel *k, uint64_t mm, struct pfw_smaps_ctx **ret)
{
	struct pfw_smaps_ctx *c;
	struct pfw_error *err;
	uint64_t huge_zero;

	c = calloc(1, sizeof(*c));
	if (!c)
		return pfw_error_create(PFW_ERR_NOMEM, "out of memory");
	c->k = k;
	c->mm = mm;
	/* without a cache every struct page is its own read: slower, not wrong */
	c->own_cache = !k->mem->cache && pfw_ok(pfw_memory_cache_enable(k->mem));
	err = pfw_read_member(k, mm, "mm_struct", "pgd", &c->pgd);
	if (err) {
		pfw_smaps_close(c);
		return err;
	}
	err = load_page_layout(k, &c->pl);
	c->layout_ok = !err;
	if (err) {
		snprintf(c->layout_why, sizeof(c->layout_why), "%s", err->message);
		pfw_error_destroy(err);
	}
	c->huge_zero_pfn = ~0ULL;
	/* 6.1: huge_zero_pfn; older kernels keep only huge_zero_page */
	huge_zero = pfw_symbol_value(k, "huge_zero_pfn");
	if (huge_zero && huge_zero != ~0ULL)
		c->huge_zero_pfn = huge_zero;
	c->highest_memmap_pfn = pfw_symbol_value(k, "highest_memmap_pfn");
	c->vm_locked = pfw_vm_flag(k, "VM_LOCKED");
	c->vm_hugetlb = pfw_vm_flag(k, "VM_HUGETLB");
	c->vm_shared = pfw_vm_flag(k, "VM_SHARED");
	c->vm_write = pfw_vm_flag(k, "VM_WRITE");
	/* a #define-free rule: keyed by the release (commit "account non-present entries", 6.11) */
	c->nonpresent_shared = pfw_kernel_version(k) >= 6011;
	load_swap(c);
	*ret = c;
	return NULL;
}

void pfw_smaps_close(struct pfw_smaps_ctx *c)
{
	if (c && c->own_cache)
		pfw_memory_cache_disable(c->k->mem);
	free(c);
}

void pfw_smaps_stats(struct pfw_smaps_ctx *c, struct pfw_scan_stats *stats)
{
	*stats = c->stats;
}
