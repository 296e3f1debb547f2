// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * mm/memory.c, replayed: handle_mm_fault() -> __handle_mm_fault() ->
 * handle_pte_fault() and its branches.  Each function checks what its kernel
 * namesake checks, in the same order (6.1), with version notes.
 */
#include <stdio.h>
#include <string.h>

#include "kernel/page.h"
#include "kernel/page_cache.h"
#include "walker.h"


static bool fault_write(struct fault_ctx *c)
{
	return c->flags & FAULT_FLAG_WRITE;
}

static bool vma_is_anonymous(struct fault_ctx *c)
{
	return !c->vma.vm_ops;
}

/* The bare name of a kernel function, for the walker's own tests ("shmem_fault"). */
static const char *symbol_name(struct fault_ctx *c, uint64_t addr, struct pfw_symbol_ref *s)
{
	return addr && pfw_kernel_symbol_at(c->k, addr, s) && !s->offset && !s->module[0] ?
	       s->name : "";
}

/* fn is the kernel function named: decided by address, as the kernel's pointer is, not by the name printed */
static bool is_kernel_function(struct fault_ctx *c, uint64_t fn, const char *name)
{
	uint64_t addr;

	return fn && pfw_ok(pfw_kernel_symbol(c->k, name, &addr)) && fn == addr;
}

static uint64_t vm_op(struct fault_ctx *c, const char *op)
{
	uint64_t fn = 0;

	if (c->vma.vm_ops)
		pfw_ignore(pfw_read_member(c->k, c->vma.vm_ops, "vm_operations_struct", op, &fn));
	return fn;
}

static uint64_t linear_page_index(struct fault_ctx *c)
{
	return ((c->address - c->vma.start) >> 12) + c->vma.pgoff;
}

/*
 * handle_userfault() (fs/userfaultfd.c): the faulting thread sleeps until
 * the reader resolves the range, then returns VM_FAULT_RETRY and the fault
 * is retried with FAULT_FLAG_TRIED, which mm_account_fault() counts major.
 */
unsigned int handle_userfault(struct fault_ctx *c, const char *reason)
{
	fault_step(c, "handle_userfault", reason, "VM_FAULT_RETRY",
		   "the faulting thread sleeps until the uffd reader resolves the range, then the fault is retried");
	fault_todo(c, "the thread waits for its userfaultfd handler: if it hangs, look at the thread reading the userfaultfd (it must resolve 0x%llx with UFFDIO_COPY, UFFDIO_ZEROPAGE, UFFDIO_CONTINUE or UFFDIO_WRITEPROTECT)",
		   (unsigned long long)(c->address & ~0xfffULL));
	c->handled = strstr(reason, "WP") ? PFW_V_UFFD_WP : PFW_V_UFFD_MISSING;
	return VM_FAULT_RETRY;
}

/*
 * pte_range_none(pte + pte_index(addr), nr): the nr ptes from addr are none
 * in the dump's page table; with no table yet, do_anonymous_page()'s
 * pte_alloc() gives an empty one.
 */
static bool pte_range_none(struct fault_ctx *c, uint64_t addr, int nr)
{
	uint64_t table = 0, value;
	struct pfw_entry e;
	int i;

	for (i = 0; i < c->walk.nsteps; i++)
		if (c->walk.steps[i].level == PFW_PTE)
			table = c->walk.steps[i].entry_phys & ~0xfffULL;
	if (!table)
		return true;
	for (i = 0; i < nr; i++) {
		if (!pfw_ok(pfw_memory_read_u64(c->k->mem, PFW_PHYS, table + (((addr >> 12) + i) & 511) * 8, &value)))
			return false;
		pfw_entry_decode(c->k, PFW_PTE, value, &e);
		if (e.state != PFW_ENTRY_NONE)
			return false;
	}
	return true;
}

static int highest_order(uint64_t orders)
{
	return orders ? 63 - __builtin_clzll(orders) : -1;
}

/* thp_vma_suitable_orders(): from the highest, drop the orders that do not fit */
static uint64_t thp_vma_suitable_orders(struct fault_ctx *c, uint64_t orders)
{
	int order = highest_order(orders);

	while (orders && !pfw_thp_vma_suitable_order(&c->vma, c->address, order)) {
		orders &= ~(1ULL << order);
		order = highest_order(orders);
	}
	return orders;
}

/*
 * alloc_anon_folio() (6.8+ with THP: the huge_anon_orders_* settings;
 * mm/memory.c, 6.12): a userfaultfd-armed VMA gets one page; else the
 * orders below PMD_ORDER that thp_vma_allowable_orders() allows and whose
 * aligned range fits in the VMA, the highest whose range is all pte_none
 * in the dump winning; else one page.  A large folio the allocator cannot
 * give falls back to the next order, as the kernel's loop does.
 */
static void alloc_anon_folio(struct fault_ctx *c)
{
	uint64_t mask, orders;
	char lower[64];
	int order;

	if (vm_flag(c, "VM_UFFD_MISSING") || vm_flag(c, "VM_UFFD_WP") || vm_flag(c, "VM_UFFD_MINOR")) {
		fault_step(c, "alloc_anon_folio", "userfaultfd_armed(vma)", "fallback: order 0",
			   "per-page fault fidelity for userfaultfd");
		return;
	}
	if (!thp_anon_orders(c, &mask))
		return;
	orders = thp_vma_allowable_orders(c, mask, (1ULL << HPAGE_PMD_ORDER) - 1);
	orders = thp_vma_suitable_orders(c, orders);
	if (!orders) {
		fault_step(c, "alloc_anon_folio", "thp_vma_suitable_orders(vma, addr, orders)", "fallback: order 0",
			   "no enabled order (0x%llx) fits in the VMA around the address",
			   (unsigned long long)(mask & ((1ULL << HPAGE_PMD_ORDER) - 1)));
		return;
	}
	for (order = highest_order(orders); orders; order = highest_order(orders)) {
		if (pte_range_none(c, c->address & ~((4096ULL << order) - 1), 1 << order))
			break;
		orders &= ~(1ULL << order);
	}
	if (!orders) {
		fault_step(c, "alloc_anon_folio", "pte_range_none() for an enabled order", "fallback: order 0",
			   "every aligned range around the address already has a pte");
		return;
	}
	orders &= ~(1ULL << order);
	if (orders)
		snprintf(lower, sizeof(lower), "the orders 0x%llx, then order 0", (unsigned long long)orders);
	else
		snprintf(lower, sizeof(lower), "order 0");
	fault_step(c, "alloc_anon_folio", "the highest order whose aligned range is all pte_none",
		   "vma_alloc_folio(order)", "order %d (%llu KiB) at 0x%llx; if that allocation fails, %s",
		   order, (4ULL << order), (unsigned long long)(c->address & ~((4096ULL << order) - 1)), lower);
}

/* do_anonymous_page(): pte none in an anonymous VMA */
static unsigned int do_anonymous_page(struct fault_ctx *c)
{
	if (vm_flag(c, "VM_SHARED")) {
		fault_step(c, "do_anonymous_page", "vma->vm_flags & VM_SHARED", "VM_FAULT_SIGBUS",
			   "a shared mapping with no vm_ops");
		return VM_FAULT_SIGBUS;
	}
	if (!fault_write(c)) {
		fault_step(c, "do_anonymous_page", "read fault && !mm_forbids_zeropage(mm)", "map the zero page",
			   "pte_mkspecial(my_zero_pfn(address)), read-only");
		if (vm_flag(c, "VM_UFFD_MISSING"))
			return handle_userfault(c, "userfaultfd_missing(vma) (VM_UFFD_MISSING)");
		c->handled = PFW_V_ZERO_PAGE;
		return 0;
	}
	fault_step(c, "do_anonymous_page", "write fault", "allocate a zeroed page",
		   "anon_vma_prepare, alloc_zeroed_user_highpage_movable, pte writable: %s",
		   vm_flag(c, "VM_WRITE") ? "yes" : "no");
	if (c->f.alloc_anon_folio)
		alloc_anon_folio(c);
	if (vm_flag(c, "VM_UFFD_MISSING"))
		return handle_userfault(c, "userfaultfd_missing(vma) (VM_UFFD_MISSING)");
	c->handled = PFW_V_ANON_NEW;
	return 0;
}

/*
 * A swapped-out page coming back (do_swap_page(), shmem_swapin_folio(),
 * 6.1): not in the swap cache, it is read from the device (VM_FAULT_MAJOR);
 * cached but locked (I/O in flight), do_swap_page()'s folio_lock_or_retry()
 * returns VM_FAULT_RETRY and the retry counts major, while shmem's
 * folio_lock() just sleeps; cached and unlocked, no I/O (minor).
 */
static unsigned int swap_in(struct fault_ctx *c, const char *fn, unsigned int type,
			    uint64_t offset, bool lock_or_retry)
{
	struct pfw_error *err;
	struct pfw_page f;
	bool cached;

	err = swap_cache_get_folio(c, type, offset, &f, &cached);
	if (err) {
		snprintf(c->major_unknown, sizeof(c->major_unknown),
			 "cannot read the swap cache (%s): major if the page is read from the swap device, minor if it is still cached",
			 err->message);
		fault_step(c, fn, "swap_cache_get_folio(entry)", "cannot tell", "%s", err->message);
		pfw_error_destroy(err);
		return 0;
	}
	if (!cached) {
		fault_step(c, fn, "swap_cache_get_folio(entry)", "not cached: read from the swap device",
			   "swap type %u offset 0x%llx not in the swap cache: VM_FAULT_MAJOR", type,
			   (unsigned long long)offset);
		fault_todo(c, "the page was swapped out: the task waits for the read from swap device %u; mlock() the range or lower memory pressure to keep it resident",
			   type);
		return VM_FAULT_MAJOR;
	}
	if (f.locked && lock_or_retry) {
		fault_step(c, fn, "folio_lock_or_retry(folio)", "VM_FAULT_RETRY",
			   "the cached folio (pfn 0x%llx) is locked, I/O in flight: the fault waits, then is retried",
			   (unsigned long long)f.pfn);
		return VM_FAULT_RETRY;
	}
	fault_step(c, fn, "swap_cache_get_folio(entry)", "in the swap cache: no I/O",
		   "swap type %u offset 0x%llx -> pfn 0x%llx%s", type, (unsigned long long)offset,
		   (unsigned long long)f.pfn, f.locked ? ", locked: folio_lock() waits for it" : "");
	return 0;
}

/* include/linux/swapops.h: SWP_TYPE_SHIFT, by page-cache era (pfw_swp_type_shift()) */
#define SWP_TYPE_SHIFT	pfw_swp_type_shift(c->k)

/* shmem_fault() -> shmem_get_folio_gfp() (mm/shmem.c, 6.1) */
static unsigned int shmem_fault(struct fault_ctx *c, const char *fn, uint64_t index,
				uint64_t entry)
{
	uint64_t swp;

	if (entry && !(entry & 1)) {
		fault_step(c, fn, "folio in the page cache?", "yes: map it",
			   "index %llu -> folio 0x%llx", (unsigned long long)index, (unsigned long long)entry);
		return 0;
	}
	if (entry & 1) {
		/* xa_to_value(): a swap entry, radix_to_swp_entry() */
		swp = entry >> 1;
		fault_step(c, fn, "xa_is_value(folio): swapped out", "shmem_swapin_folio",
			   "index %llu -> swap type %llu offset 0x%llx", (unsigned long long)index,
			   (unsigned long long)(swp >> SWP_TYPE_SHIFT),
			   (unsigned long long)(swp & ((1ULL << SWP_TYPE_SHIFT) - 1)));
		return swap_in(c, "shmem_swapin_folio", swp >> SWP_TYPE_SHIFT,
			       swp & ((1ULL << SWP_TYPE_SHIFT) - 1), false);
	}
	if (vm_flag(c, "VM_UFFD_MISSING"))
		return handle_userfault(c, "shmem: userfaultfd_missing(vma) and no page");
	fault_step(c, fn, "folio in the page cache?", "no: allocate a new shmem page",
		   "index %llu", (unsigned long long)index);
	return 0;
}

/*
 * filemap_fault() (mm/filemap.c, 6.1): no folio in the page cache ->
 * VM_FAULT_MAJOR; a cached folio that is locked, not uptodate or marked for
 * readahead makes it drop mmap_lock for the I/O (maybe_unlock_mmap_for_io)
 * and return VM_FAULT_RETRY, and the retry counts major.
 */
static unsigned int filemap_fault(struct fault_ctx *c, const char *fn, uint64_t index,
				  uint64_t entry)
{
	struct pfw_error *err;
	struct pfw_page f;

	if (!entry || (entry & 1)) {
		fault_step(c, fn, "filemap_get_folio(): in the page cache?", "no: read it in",
			   "index %llu: VM_FAULT_MAJOR, the task waits for the read", (unsigned long long)index);
		return VM_FAULT_MAJOR;
	}
	err = pfw_read_page_at(c->k, entry, &f);
	if (err) {
		snprintf(c->major_unknown, sizeof(c->major_unknown),
			 "cannot read the cached folio (%s): minor if it is uptodate and unlocked, major otherwise",
			 err->message);
		fault_step(c, fn, "filemap_get_folio(): in the page cache?", "yes", "index %llu -> folio 0x%llx",
			   (unsigned long long)index, (unsigned long long)entry);
		pfw_error_destroy(err);
		return 0;
	}
	if (f.locked || !f.uptodate) {
		fault_step(c, fn, "cached folio locked or not uptodate", "VM_FAULT_RETRY",
			   "folio pfn 0x%llx%s%s: the fault waits for the I/O, then is retried",
			   (unsigned long long)f.pfn, f.locked ? ", locked" : "", f.uptodate ? "" : ", not uptodate");
		return VM_FAULT_RETRY;
	}
	fault_step(c, fn, "filemap_get_folio(): in the page cache?", "yes: map it",
		   "index %llu -> folio pfn 0x%llx, uptodate", (unsigned long long)index,
		   (unsigned long long)f.pfn);
	return 0;
}

/*
 * The file's i_size and the page-cache entry at the fault's index: read once
 * a replay, though filemap_map_pages() and then ->fault() (a read fault that
 * fault-around did not map), and fault_dirty_shared_page(), each look.
 */
static struct pfw_error *file_view_of(struct fault_ctx *c, const struct file_view **fv)
{
	struct file_view *v = &c->file_view;
	uint64_t index = linear_page_index(c), mapping, inode;
	struct pfw_error *err;

	*fv = v;
	if (c->file_view_read && v->file == c->vma.file && v->index == index)
		return NULL;
	c->file_view_read = false;
	v->file = c->vma.file;
	v->index = index;
	if ((err = pfw_read_member(c->k, c->vma.file, "file", "f_mapping", &mapping)) ||
	    (err = pfw_read_member(c->k, mapping, "address_space", "host", &inode)) ||
	    (err = pfw_read_member(c->k, inode, "inode", "i_size", &v->isize)) ||
	    (err = pfw_page_cache_entry(c->k, mapping, index, &v->entry)))
		return err;
	c->file_view_read = true;
	return NULL;
}

static unsigned int read_file_view(struct fault_ctx *c, const struct file_view **fv)
{
	struct pfw_error *err = file_view_of(c, fv);

	if (!err)
		return 0;
	fault_undecidable(c, "cannot read the file's page cache (%s): a cached page gives a minor fault, an uncached one a major fault or SIGBUS past EOF",
			  err->message);
	pfw_error_destroy(err);
	return VM_FAULT_UNDECIDABLE;
}

/*
 * What ->fault() will find: is the page in the page cache, and is the index
 * within i_size?  filemap_fault() and shmem_fault() SIGBUS past EOF.
 */
static unsigned int file_fault(struct fault_ctx *c, const char *caller)
{
	uint64_t index, isize, entry, fault = vm_op(c, "fault");
	struct pfw_symbol_ref fault_sym;
	/* the handler's name is only text: a verdict-only replay does not sort the symbols */
	const char *fault_fn = c->req->verdict_only ? "" : symbol_name(c, fault, &fault_sym);
	const struct file_view *fv;
	unsigned int ret;
	bool shmem;

	if (!*fault_fn)
		fault_fn = "vm_ops->fault";
	if (!c->vma.file) {
		/* special mappings ([vvar], [vdso]) and drivers: their handler is not modelled */
		fault_step(c, fault_fn, "vm_ops->fault of a VMA with no file", "assumed to supply a page",
			   "a special mapping's or driver's handler; it may also return VM_FAULT_SIGBUS");
		return 0;
	}
	/* vma->vm_ops->fault is shmem_fault() itself (not by the name printed) */
	shmem = is_kernel_function(c, fault, "shmem_fault");
	if ((ret = read_file_view(c, &fv)))
		return ret;
	index = fv->index;
	isize = fv->isize;
	entry = fv->entry;
	if (index << 12 >= isize) {
		fault_step(c, fault_fn, "page index beyond i_size", "VM_FAULT_SIGBUS",
			   "index %llu, i_size %llu (%s)", (unsigned long long)index,
			   (unsigned long long)isize, caller);
		fault_todo(c, "the mapping of %s reaches past the end of the file (%llu bytes): extend it (ftruncate) or map only what exists (was it truncated after mmap?)",
			   c->vma.name, (unsigned long long)isize);
		return VM_FAULT_SIGBUS;
	}
	if (shmem)
		return shmem_fault(c, fault_fn, index, entry);
	return filemap_fault(c, fault_fn, index, entry);
}

/*
 * ->map_pages(), filemap_map_pages() (mm/filemap.c), for the fault's own
 * page: next_uptodate_page() (6.1) / next_uptodate_folio() (6.12) skips a
 * value (shadow, swap) entry, a folio that is locked (folio_trylock fails),
 * not uptodate, under readahead or hwpoisoned, and an index at or past
 * i_size; a folio it keeps is mapped, and the fault's address among them
 * makes it VM_FAULT_NOPAGE: ->fault() is never called.
 */
static unsigned int filemap_map_pages(struct fault_ctx *c, const char *fn)
{
	const struct file_view *fv;
	struct pfw_error *err;
	struct pfw_page f;
	const char *skip = NULL;
	unsigned int ret;

	if (!c->vma.file)
		return 0;
	if ((ret = read_file_view(c, &fv)))
		return ret;
	if (!fv->entry || (fv->entry & 1)) {
		fault_step(c, fn, "a folio at the fault's index?", "no: ->fault",
			   "index %llu: %s", (unsigned long long)fv->index,
			   fv->entry ? "a value (shadow or swap) entry" : "not in the page cache");
		return 0;
	}
	if (fv->index >= (fv->isize + 4095) >> 12) {
		fault_step(c, fn, "index < DIV_ROUND_UP(i_size, PAGE_SIZE)", "no: ->fault",
			   "index %llu, i_size %llu", (unsigned long long)fv->index, (unsigned long long)fv->isize);
		return 0;
	}
	err = pfw_read_page_at(c->k, fv->entry, &f);
	if (err) {
		fault_undecidable(c, "cannot read the cached folio (%s): fault-around maps it when it is uptodate and unlocked, else ->fault runs",
				  err->message);
		pfw_error_destroy(err);
		return VM_FAULT_UNDECIDABLE;
	}
	if (f.locked)
		skip = "locked (folio_trylock fails)";
	else if (!f.uptodate)
		skip = "not uptodate";
	else if (f.readahead)
		skip = "PG_readahead";
	else if (f.hwpoison)
		skip = "PG_hwpoison";
	if (skip) {
		fault_step(c, fn, "next_uptodate_folio(): the folio at the fault's index", "skipped: ->fault",
			   "folio pfn 0x%llx %s", (unsigned long long)f.pfn, skip);
		return 0;
	}
	fault_step(c, fn, "next_uptodate_folio(): the folio at the fault's index", "mapped: VM_FAULT_NOPAGE",
		   "index %llu -> folio pfn 0x%llx, uptodate and unlocked: mapped by fault-around, ->fault not called",
		   (unsigned long long)fv->index, (unsigned long long)f.pfn);
	return VM_FAULT_NOPAGE;
}

/*
 * do_read_fault(): should_fault_around() (->map_pages, no uffd-wp/minor
 * registration, uffd_disable_fault_around(), and more than one page:
 * fault_around_bytes (6.1) or fault_around_pages (6.4+), init_features()), then
 * do_fault_around() -> ->map_pages(); a page it mapped ends the fault,
 * else __do_fault() -> ->fault().
 */
static unsigned int do_read_fault(struct fault_ctx *c)
{
	uint64_t map_pages = vm_op(c, "map_pages"), pages = c->f.fault_around_pages;
	struct pfw_symbol_ref map_sym;
	/* the handler's name is only text: a verdict-only replay does not sort the symbols */
	const char *map_fn = c->req->verdict_only ? "" : symbol_name(c, map_pages, &map_sym);
	bool around;
	unsigned int ret;

	around = map_pages && pages > 1 && !vm_flag(c, "VM_UFFD_WP") && !vm_flag(c, "VM_UFFD_MINOR");
	fault_step(c, "do_read_fault", "should_fault_around(): ->map_pages, not uffd-wp/minor, more than one page",
		   around ? "do_fault_around" : "no fault-around: __do_fault",
		   "map_pages %s, fault-around %llu pages", map_pages ? (*map_fn ? map_fn : "set") : "none",
		   (unsigned long long)pages);
	c->handled = PFW_V_READ_FAULT;
	if (around && !is_kernel_function(c, map_pages, "filemap_map_pages")) {
		fault_step(c, *map_fn ? map_fn : "vm_ops->map_pages", "a ->map_pages other than filemap_map_pages",
			   "not modelled: ->fault assumed", "what it maps is its own");
	} else if (around) {
		ret = filemap_map_pages(c, *map_fn ? map_fn : "filemap_map_pages");
		if (ret)
			return ret == VM_FAULT_NOPAGE ? 0 : ret;
	}
	return file_fault(c, "read");
}

static unsigned int do_cow_fault(struct fault_ctx *c)
{
	fault_step(c, "do_cow_fault", "write to a private file mapping", "copy the file page into a new anon page",
		   "anon_vma_prepare, alloc cow_page, __do_fault, copy_user_highpage");
	c->handled = PFW_V_COW_FAULT;
	return file_fault(c, "cow");
}

/*
 * Would fault_dirty_shared_page()'s set_page_dirty() dirty the page?  As the
 * dump holds it before the fault: a cached page clean; no page (a new one, or
 * one read in clean from the file).  shmem's swap-in leaves its page dirty.
 */
static bool page_dirtied(struct fault_ctx *c)
{
	const struct file_view *fp;
	struct pfw_page f;
	struct pfw_error *err;

	if (!c->vma.file)
		return false;
	err = file_view_of(c, &fp);
	if (!err && fp->entry && !(fp->entry & 1))
		err = pfw_read_page_at(c->k, fp->entry, &f);
	if (err) {
		pfw_error_destroy(err);
		return false;
	}
	if (!fp->entry)
		return true;
	return !(fp->entry & 1) && !f.dirty;
}

/*
 * fault_dirty_shared_page() (mm/memory.c): a page it dirtied (or one with
 * ->page_mkwrite) is throttled by balance_dirty_pages_ratelimited(), for
 * which a first attempt drops mmap_lock (maybe_unlock_mmap_for_io()).  Then
 * 5.10 returns VM_FAULT_RETRY, so the fault is retried and counted major
 * (FAULT_FLAG_TRIED); 5.19+ return VM_FAULT_COMPLETED (d92725256b4f), in
 * enum vm_fault_reason, and the fault counts minor.
 */
static unsigned int fault_dirty_shared_page(struct fault_ctx *c, bool mkwrite)
{
	int64_t completed;
	bool dirtied = page_dirtied(c);

	if ((!dirtied && !mkwrite) || (c->flags & FAULT_FLAG_TRIED)) {
		fault_step(c, "fault_dirty_shared_page", "(dirtied || page_mkwrite) && first attempt?", "no: 0",
			   "%s", dirtied || mkwrite ? "a retry: mmap_lock stays held" :
			   "the page was already dirty: no throttling");
		return 0;
	}
	if (pfw_ok(pfw_enumerator_of(c->k->dbi, "VM_FAULT_OOM", "VM_FAULT_COMPLETED", &completed))) {
		fault_step(c, "fault_dirty_shared_page", "dirtied: maybe_unlock_mmap_for_io()",
			   "VM_FAULT_COMPLETED", "%s; mmap_lock dropped for balance_dirty_pages_ratelimited(), the fault is complete",
			   dirtied ? "set_page_dirty() dirtied the page" : "->page_mkwrite");
		return 0;
	}
	fault_step(c, "fault_dirty_shared_page", "dirtied: maybe_unlock_mmap_for_io()", "VM_FAULT_RETRY",
		   "%s; mmap_lock dropped for balance_dirty_pages_ratelimited(): the fault is retried, and counted major",
		   dirtied ? "set_page_dirty() dirtied the page" : "->page_mkwrite");
	return VM_FAULT_RETRY;
}

static unsigned int do_shared_fault(struct fault_ctx *c)
{
	uint64_t mkwrite = vm_op(c, "page_mkwrite");
	unsigned int ret;

	fault_step(c, "do_shared_fault", "write to a shared file mapping", "__do_fault then page_mkwrite",
		   "vm_ops->page_mkwrite: %s", mkwrite ? fault_ksym(c, mkwrite).s : "none (no write-notify)");
	c->handled = PFW_V_SHARED_FAULT;
	ret = file_fault(c, "shared");
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE | VM_FAULT_RETRY | VM_FAULT_UNDECIDABLE))
		return ret;
	return ret | fault_dirty_shared_page(c, mkwrite);
}

/* do_fault(): pte none in a VMA with vm_ops */
static unsigned int do_fault(struct fault_ctx *c)
{
	uint64_t fault = vm_op(c, "fault");
	struct pfw_ksym ops = fault_ksym(c, c->vma.vm_ops), fn = fault_ksym(c, fault);

	if (!fault) {
		fault_step(c, "do_fault", "!vma->vm_ops->fault", "VM_FAULT_SIGBUS",
			   "vm_ops %s has no ->fault and the pte is none", ops.s);
		return VM_FAULT_SIGBUS;
	}
	if (!fault_write(c)) {
		fault_step(c, "do_fault", "!(flags & FAULT_FLAG_WRITE)", "do_read_fault",
			   "vm_ops %s, ->fault %s", ops.s, fn.s);
		return do_read_fault(c);
	}
	if (!vm_flag(c, "VM_SHARED")) {
		fault_step(c, "do_fault", "write && !(vm_flags & VM_SHARED)", "do_cow_fault",
			   "vm_ops %s, ->fault %s", ops.s, fn.s);
		return do_cow_fault(c);
	}
	fault_step(c, "do_fault", "write && (vm_flags & VM_SHARED)", "do_shared_fault",
		   "vm_ops %s, ->fault %s", ops.s, fn.s);
	return do_shared_fault(c);
}

/*
 * pte_marker_handle_uffd_wp() (5.19+): a marker left in a VMA that is no
 * longer userfaultfd_wp is cleared; else the fault goes on as for a none
 * pte: do_pte_missing() (6.3+; do_fault() before, file VMAs only until
 * 6.5's UFFD_FEATURE_WP_UNPOPULATED put markers in anonymous VMAs too),
 * whose new pte keeps the protection (set_pte_range(): pte_mkuffd_wp()).
 */
static unsigned int pte_marker_handle_uffd_wp(struct fault_ctx *c, const struct pfw_entry *e)
{
	if (!vm_flag(c, "VM_UFFD_WP")) {
		fault_step(c, "pte_marker_handle_uffd_wp", "!userfaultfd_wp(vma)",
			   "pte_marker_clear, refault", "marker 0x%llx", (unsigned long long)e->marker);
		fault_undecidable(c, "a stale uffd-wp marker is cleared and the access refaults as if the pte were none");
		return VM_FAULT_UNDECIDABLE;
	}
	fault_step(c, "pte_marker_handle_uffd_wp", "userfaultfd_wp(vma)",
		   vma_is_anonymous(c) ? "do_pte_missing: do_anonymous_page" : "do_pte_missing: do_fault",
		   "marker 0x%llx: the marker is read as a none pte, the new pte keeps the write protection",
		   (unsigned long long)e->marker);
	c->uffd_wp_marker = true;
	return vma_is_anonymous(c) ? do_anonymous_page(c) : do_fault(c);
}

/*
 * handle_pte_marker() (5.19+).  5.19 to 6.1: WARN_ON_ONCE(vma_is_anonymous
 * (vmf->vma) || !marker) -> VM_FAULT_SIGBUS; 6.2 dropped the anonymous test
 * and, "higher priority than uffd-wp when data corrupted", tests the
 * swap-in error marker (BIT(1)) first: PTE_MARKER_SWAPIN_ERROR (6.2-6.5,
 * VM_FAULT_SIGBUS), PTE_MARKER_POISONED (6.6+, VM_FAULT_HWPOISON: what
 * UFFDIO_POISON and a failed swap-in leave); then PTE_MARKER_UFFD_WP
 * (BIT(0)), then PTE_MARKER_GUARD (6.13+, BIT(2)).
 */
static unsigned int handle_pte_marker(struct fault_ctx *c, const struct pfw_entry *e)
{
	if (!e->marker || (c->f.version < 6002 && vma_is_anonymous(c))) {
		fault_step(c, "handle_pte_marker", c->f.version < 6002 ?
			   "WARN_ON_ONCE(vma_is_anonymous(vma) || !marker)" : "WARN_ON_ONCE(!marker)",
			   "VM_FAULT_SIGBUS", "marker 0x%llx in %s VMA", (unsigned long long)e->marker,
			   vma_is_anonymous(c) ? "an anonymous" : "a file");
		return VM_FAULT_SIGBUS;
	}
	if (c->f.version >= 6002 && (e->marker & 2)) {
		bool poisoned = c->f.version >= 6006;

		fault_step(c, "handle_pte_marker", poisoned ? "marker & PTE_MARKER_POISONED (6.6+)" :
			   "marker & PTE_MARKER_SWAPIN_ERROR (6.2-6.5)",
			   poisoned ? "VM_FAULT_HWPOISON" : "VM_FAULT_SIGBUS",
			   "marker 0x%llx: the page's data was lost (UFFDIO_POISON or a failed swap-in)",
			   (unsigned long long)e->marker);
		poison_marker_todo(c);
		return poisoned ? VM_FAULT_HWPOISON : VM_FAULT_SIGBUS;
	}
	/* include/linux/swapops.h: PTE_MARKER_UFFD_WP is BIT(0) */
	if (e->marker & 1) {
		fault_step(c, "handle_pte_marker", "pte_marker_entry_uffd_wp(entry)", "pte_marker_handle_uffd_wp",
			   "marker 0x%llx", (unsigned long long)e->marker);
		return pte_marker_handle_uffd_wp(c, e);
	}
	if (c->f.version >= 6013 && (e->marker & 4)) {
		fault_step(c, "handle_pte_marker", "PTE_MARKER_GUARD (6.13+)", "VM_FAULT_SIGSEGV",
			   "marker 0x%llx", (unsigned long long)e->marker);
		return VM_FAULT_SIGSEGV;
	}
	fault_step(c, "handle_pte_marker", "unknown marker", "VM_FAULT_SIGBUS", "marker 0x%llx",
		   (unsigned long long)e->marker);
	return VM_FAULT_SIGBUS;
}

/* do_swap_page(): pte not none and not present */
static unsigned int do_swap_page(struct fault_ctx *c, const struct pfw_entry *e)
{
	switch (e->state) {
	case PFW_ENTRY_MIGRATION:
		fault_step(c, "do_swap_page", "is_migration_entry(entry)", "migration_entry_wait",
			   "pfn 0x%llx is being migrated", (unsigned long long)e->pfn);
		fault_undecidable(c, "the page is under migration: the fault waits for it and the access is retried against the migrated page");
		return VM_FAULT_UNDECIDABLE;
	case PFW_ENTRY_DEVICE:
		fault_step(c, "do_swap_page", "is_device_private_entry(entry)", "migrate_to_ram",
			   "device page pfn 0x%llx", (unsigned long long)e->pfn);
		fault_undecidable(c, "the page lives in device memory: the driver's migrate_to_ram decides");
		return VM_FAULT_UNDECIDABLE;
	case PFW_ENTRY_HWPOISON:
		fault_step(c, "do_swap_page", "is_hwpoison_entry(entry)", "VM_FAULT_HWPOISON",
			   "pfn 0x%llx is poisoned", (unsigned long long)e->pfn);
		fault_todo(c, "a memory hardware error poisoned the page at pfn 0x%llx: its data is lost; check the machine's memory (EDAC, mcelog)",
			   (unsigned long long)e->pfn);
		return VM_FAULT_HWPOISON;
	case PFW_ENTRY_MARKER:
		/*
		 * 6.1: is_swapin_error_entry() before is_pte_marker_entry(); the
		 * offset of a swap-in error entry is a pfn, not marker bits.
		 */
		if (e->swap_type == (unsigned int)c->swp.swp_swapin_error) {
			fault_step(c, "do_swap_page", "is_swapin_error_entry(entry) (6.1)", "VM_FAULT_SIGBUS",
				   "swap-in of pfn 0x%llx failed earlier", (unsigned long long)e->swap_offset);
			return VM_FAULT_SIGBUS;
		}
		fault_step(c, "do_swap_page", "is_pte_marker_entry(entry)", "handle_pte_marker",
			   "type %u offset 0x%llx", e->swap_type, (unsigned long long)e->swap_offset);
		return handle_pte_marker(c, e);
	default:
		break;
	}
	fault_step(c, "do_swap_page", "a real swap entry", "swap in",
		   "swap type %u offset 0x%llx%s%s", e->swap_type, (unsigned long long)e->swap_offset,
		   e->exclusive ? ", exclusive" : "", e->soft_dirty ? ", soft-dirty" : "");
	c->handled = PFW_V_SWAP_IN;
	return swap_in(c, "do_swap_page", e->swap_type, e->swap_offset, true);
}

static unsigned int do_numa_page(struct fault_ctx *c, const struct pfw_entry *e)
{
	fault_step(c, "do_numa_page", "pte_protnone(pte) && vma_is_accessible(vma)", "NUMA hinting fault",
		   "pfn 0x%llx; pte_modify to vm_page_prot, maybe migrate",
		   (unsigned long long)e->pfn);
	c->handled = PFW_V_NUMA_HINT;
	return 0;
}

static unsigned int wp_page_copy(struct fault_ctx *c, const char *why)
{
	fault_step(c, "wp_page_copy", "copy on write", "new page", "%s", why);
	c->handled = PFW_V_WP_COPY;
	return 0;
}

static unsigned int wp_page_reuse(struct fault_ctx *c, const char *why)
{
	fault_step(c, "wp_page_reuse", "the page can be reused", "make the pte writable", "%s", why);
	c->handled = PFW_V_WP_REUSE;
	return 0;
}

/* The anon reuse test of do_wp_page(), per era. */
static unsigned int wp_anon(struct fault_ctx *c, const struct pfw_page *p)
{
	char ev[200];
	int64_t ref = p->refcount;

	snprintf(ev, sizeof(ev), "refcount %lld, mapcount %lld, %s%s%s", (long long)p->refcount,
		 (long long)p->mapcount, p->anon_exclusive ? "PageAnonExclusive" : "not exclusive",
		 p->swapcache ? ", in swap cache" : "", p->lru ? "" : ", not on LRU");
	switch (c->f.wp_rule) {
	case WP_ANON_EXCLUSIVE:
		if (p->anon_exclusive) {
			fault_step(c, "do_wp_page", "PageAnonExclusive(page)", "reuse", "%s", ev);
			return wp_page_reuse(c, ev);
		}
		if (p->ksm || ref > 3) {
			fault_step(c, "do_wp_page", "folio_test_ksm || folio_ref_count > 3", "copy", "%s", ev);
			return wp_page_copy(c, ev);
		}
		/* !folio_test_lru: lru_add_drain() drops the per-CPU batch's reference */
		if (!p->lru && ref > 1)
			ref--;
		if (ref > 1 + p->swapcache) {
			fault_step(c, "do_wp_page", "folio_ref_count > 1 + folio_test_swapcache", "copy", "%s", ev);
			return wp_page_copy(c, ev);
		}
		if (p->locked) {
			fault_step(c, "do_wp_page", "!folio_trylock(folio)", "copy", "%s: the page is locked", ev);
			return wp_page_copy(c, ev);
		}
		fault_step(c, "do_wp_page", "sole reference: page_move_anon_rmap", "reuse", "%s", ev);
		return wp_page_reuse(c, ev);
	case WP_PAGE_COUNT:
		if (p->ksm || ref != 1 || p->mapcount != 1) {
			fault_step(c, "do_wp_page", "PageKsm || page_count != 1 || page_mapcount != 1 (5.10-5.18)",
				   "copy", "%s", ev);
			return wp_page_copy(c, ev);
		}
		if (p->locked) {
			fault_step(c, "do_wp_page", "!trylock_page(page) (5.10-5.18)", "copy",
				   "%s: the page is locked", ev);
			return wp_page_copy(c, ev);
		}
		fault_step(c, "do_wp_page", "page_count == 1 (5.10-5.18)", "reuse", "%s", ev);
		return wp_page_reuse(c, ev);
	case WP_REUSE_SWAP_PAGE:
		/*
		 * 4.19: PageAnon(page) && !PageKsm(page) fails for KSM -> copy.
		 * 5.4: reuse_ksm_page(): !PageSwapCache && page_ref_freeze(page, 1).
		 */
		if (p->ksm) {
			bool reuse = pfw_symbol_exists(c->k->dbi, "reuse_ksm_page") && !p->swapcache &&
				     ref == 1;

			fault_step(c, "do_wp_page", "PageKsm(page): reuse_ksm_page() (5.4) or copy (4.19)",
				   reuse ? "reuse" : "copy", "%s", ev);
			return reuse ? wp_page_reuse(c, ev) : wp_page_copy(c, ev);
		}
		if (p->mapcount > 1) {
			fault_step(c, "do_wp_page", "reuse_swap_page(): mapcount + swapcount <= 1 (4.19/5.4)",
				   "copy", "%s", ev);
			return wp_page_copy(c, ev);
		}
		fault_step(c, "do_wp_page", "reuse_swap_page(): mapcount + swapcount <= 1 (4.19/5.4)",
			   "reuse", "%s (swap count of a swap-cache page assumed 0)", ev);
		return wp_page_reuse(c, ev);
	}
	return 0;
}

/* do_wp_page(): write to a present pte that is not writable */
static unsigned int do_wp_page(struct fault_ctx *c, const struct pfw_entry *e)
{
	bool shared = vm_flag(c, "VM_WRITE") && vm_flag(c, "VM_SHARED");
	struct pfw_error *err;
	struct pfw_page p;

	if (vm_flag(c, "VM_UFFD_WP") && e->uffd_wp) {
		fault_step(c, "do_wp_page", "userfaultfd_pte_wp(vma, pte)", "handle_userfault(VM_UFFD_WP)",
			   "pte 0x%llx has _PAGE_UFFD_WP", (unsigned long long)e->value);
		return handle_userfault(c, "VM_UFFD_WP write-protect fault");
	}
	/* vm_normal_page(): NULL for special ptes (the zero page, PFNMAP) */
	if (e->special) {
		fault_step(c, "do_wp_page", "vm_normal_page() == NULL (special pte)",
			   shared ? "wp_pfn_shared" : "copy", "pte 0x%llx is special (pfn 0x%llx)",
			   (unsigned long long)e->value, (unsigned long long)e->pfn);
		if (shared)
			return wp_page_reuse(c, "wp_pfn_shared: vm_ops->pfn_mkwrite");
		return wp_page_copy(c, "from the zero page or a special pfn: a zeroed or copied page");
	}
	err = pfw_read_page(c->k, e->pfn, &p);
	if (err) {
		fault_undecidable(c, "cannot read struct page of pfn 0x%llx (%s): an exclusive anon page is reused, a shared one copied",
				  (unsigned long long)e->pfn, err->message);
		pfw_error_destroy(err);
		return VM_FAULT_UNDECIDABLE;
	}
	if (p.zero_page) {
		fault_step(c, "do_wp_page", "vm_normal_page(): is_zero_pfn", "copy", "the shared zero page");
		return wp_page_copy(c, "from the zero page: a new zeroed page");
	}
	if (p.anon)
		return wp_anon(c, &p);
	if (shared) {
		fault_step(c, "do_wp_page", "(vm_flags & (VM_WRITE|VM_SHARED)) == both", "wp_page_shared",
			   "a shared file page: page_mkwrite, then writable");
		return wp_page_reuse(c, "wp_page_shared");
	}
	fault_step(c, "do_wp_page", "a private file page", "copy", "mapcount %lld", (long long)p.mapcount);
	return wp_page_copy(c, "private copy of a file page");
}

/* handle_pte_fault() */
static unsigned int handle_pte_fault(struct fault_ctx *c)
{
	const struct pfw_entry *pte = fault_pte(c);
	bool accessible;

	if (!pte || pte->state == PFW_ENTRY_NONE) {
		fault_step(c, "handle_pte_fault", "pmd_none or pte_none", vma_is_anonymous(c) ?
			   "do_anonymous_page" : "do_fault", "%s; vm_ops %s",
			   pte ? "pte is none" : "no page table for this address yet",
			   vma_is_anonymous(c) ? "NULL (anonymous)" : "set");
		return vma_is_anonymous(c) ? do_anonymous_page(c) : do_fault(c);
	}
	if (pte->state != PFW_ENTRY_PRESENT && pte->state != PFW_ENTRY_PROTNONE) {
		fault_step(c, "handle_pte_fault", "!pte_present(pte)", "do_swap_page", "pte 0x%llx",
			   (unsigned long long)pte->value);
		return do_swap_page(c, pte);
	}
	accessible = c->vma.flags & (pfw_vm_flag(c->k, "VM_READ") | pfw_vm_flag(c->k, "VM_WRITE") |
				     pfw_vm_flag(c->k, "VM_EXEC"));
	if (pte->state == PFW_ENTRY_PROTNONE && accessible) {
		fault_step(c, "handle_pte_fault", "pte_protnone(pte) && vma_is_accessible(vma)", "do_numa_page",
			   "pte 0x%llx", (unsigned long long)pte->value);
		return do_numa_page(c, pte);
	}
	if (fault_write(c) && !pte->write) {
		fault_step(c, "handle_pte_fault", "FAULT_FLAG_WRITE && !pte_write(pte)", "do_wp_page",
			   "pte 0x%llx", (unsigned long long)pte->value);
		return do_wp_page(c, pte);
	}
	fault_step(c, "handle_pte_fault", "the pte already allows the access", "pte_mkyoung/mkdirty: spurious",
		   "pte 0x%llx: a stale TLB entry or a race fixed it", (unsigned long long)pte->value);
	c->handled = PFW_V_SPURIOUS;
	return 0;
}

/* __handle_mm_fault(): the upper levels, huge PUD/PMD, then the pte */
static unsigned int __handle_mm_fault(struct fault_ctx *c)
{
	const struct pfw_entry *pud = fault_entry_at(c, PFW_PUD);
	const struct pfw_entry *pmd = fault_entry_at(c, PFW_PMD);
	unsigned int ret;

	if (c->pte_overridden)
		return handle_pte_fault(c);
	if (pud && pud->state == PFW_ENTRY_PRESENT && pud->huge) {
		fault_step(c, "__handle_mm_fault", "pud_trans_huge(orig_pud)", "huge_pud_set_accessed",
			   "1 GiB mapping 0x%llx", (unsigned long long)pud->value);
		c->handled = PFW_V_SPURIOUS;
		return 0;
	}
	if ((!pmd || pmd->state == PFW_ENTRY_NONE) && hugepage_vma_check(c)) {
		ret = create_huge_pmd(c);
		if (!(ret & VM_FAULT_FALLBACK))
			return ret;
	}
	if (pmd && pmd->state != PFW_ENTRY_NONE && pmd->state != PFW_ENTRY_TABLE) {
		if (pmd->state == PFW_ENTRY_MIGRATION || pmd->state == PFW_ENTRY_SWAP) {
			fault_step(c, "__handle_mm_fault", "is_swap_pmd(orig_pmd)", "pmd_migration_entry_wait",
				   "pmd 0x%llx", (unsigned long long)pmd->value);
			fault_undecidable(c, "a THP is under migration: the fault waits and retries");
			return VM_FAULT_UNDECIDABLE;
		}
		if (pmd->state == PFW_ENTRY_PROTNONE) {
			fault_step(c, "__handle_mm_fault", "pmd_protnone(orig_pmd) && vma_is_accessible(vma)",
				   "do_huge_pmd_numa_page", "pmd 0x%llx", (unsigned long long)pmd->value);
			c->handled = PFW_V_NUMA_HINT;
			return 0;
		}
		if (fault_write(c) && !pmd->write)
			return wp_huge_pmd(c, pmd);
		fault_step(c, "__handle_mm_fault", "huge pmd allows the access", "huge_pmd_set_accessed",
			   "pmd 0x%llx", (unsigned long long)pmd->value);
		c->handled = PFW_V_SPURIOUS;
		return 0;
	}
	return handle_pte_fault(c);
}

/* handle_mm_fault() */
unsigned int handle_mm_fault(struct fault_ctx *c)
{
	if (c->f.sanitize_fault_flags && fault_write(c) && !vm_flag(c, "VM_MAYWRITE")) {
		fault_step(c, "sanitize_fault_flags", "write without VM_MAYWRITE (6.2+)", "VM_FAULT_SIGSEGV",
			   "vm_flags 0x%llx", (unsigned long long)c->vma.flags);
		return VM_FAULT_SIGSEGV;
	}
	if (fault_walk_excluded(c, "handle_mm_fault"))
		return VM_FAULT_UNDECIDABLE;
	if (vm_flag(c, "VM_HUGETLB")) {
		fault_step(c, "handle_mm_fault", "is_vm_hugetlb_page(vma)", "hugetlb_fault",
			   "vm_flags 0x%llx has VM_HUGETLB", (unsigned long long)c->vma.flags);
		return hugetlb_fault(c);
	}
	fault_step(c, "handle_mm_fault", "!is_vm_hugetlb_page(vma)", "__handle_mm_fault",
		   "flags%s%s%s", c->flags & FAULT_FLAG_WRITE ? " WRITE" : "",
		   c->flags & FAULT_FLAG_USER ? " USER" : "",
		   c->flags & FAULT_FLAG_INSTRUCTION ? " INSTRUCTION" : "");
	return __handle_mm_fault(c);
}
