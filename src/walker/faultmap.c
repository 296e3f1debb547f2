// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The fault map: every page of a range with what a read, a write and an
 * exec would make the kernel do.  Replaying pfw_why() for each of millions
 * of pages is too slow, so pages are grouped into state classes and
 * pfw_why() runs once per class and access, at the class's first page.
 *
 * Why a class shares one verdict (the argument; tests/fixtures/faultmap.sh
 * checks it against why for every probe): pfw_why() is deterministic in what
 * it reads.  For a user-mode access below TASK_SIZE_MAX, what it reads that
 * can differ between two pages of one VMA is:
 *   - the walk: each level's state and its write/user/nx bits (the CPU's
 *     check in hardware_access_ok()), the leaf's special, uffd_wp, huge,
 *     swap type (swap-in error vs real swap) and marker bits (do_swap_page,
 *     handle_pte_marker, do_wp_page, hugetlb_fault, wp_huge_pmd), and
 *     whether a table page was left out of the dump (fault_walk_excluded);
 *     pfns, swap offsets and A/D bits only reach the evidence text;
 *   - with PTI, the user copy of the PGD entry: the PGD index is then keyed;
 *   - the struct page of a present, non-writable, non-special pte when the
 *     VMA is writable (do_wp_page() -> wp_anon(); without VM_WRITE
 *     access_error() refuses the write first): its flags, counts and
 *     PG_anon_exclusive, or that it cannot be read;
 *   - for a none entry in a VMA with a file and ->fault (file_fault()): the
 *     index against i_size and the page-cache entry there (page, value
 *     entry, none, unreadable);
 *   - for a none PMD: whether the 2 MiB range fits in the VMA
 *     (create_huge_pmd()'s transhuge_vma_suitable());
 *   - outside any VMA: find_vma() finds no VMA, or one above that does not
 *     grow down, and bad_area() follows alike for every such hole, unless
 *     the VMA above grows down.  Then expand_stack() decides, and each of its refusals
 *     (address < mmap_min_addr, address - prev->vm_end < stack_guard_gap,
 *     grow > vm_pgoff, size > RLIMIT_STACK) holds for every address below
 *     some bound: the stack grows exactly for [B, vm_start), B found by a
 *     binary search with pfw_why() itself (a refusal is SEGV_MAPERR, a
 *     growth never is).  Above B the grown VMA starts at the page, so
 *     create_huge_pmd()'s fit holds only at a 2 MiB-aligned page: keyed.
 * Everything else (the task, the VMA's flags, vm_ops and file, PKRU, the
 * kernel's features and sysctls) is the same for every page of a VMA.  The
 * swap cache and a cached folio's lock and uptodate bits (swap_in(),
 * filemap_fault()) decide only major against minor, which faultmap does not
 * print: the verdict is the same either way.  The
 * class key holds exactly these inputs, so two pages with equal keys take
 * the same branches and get the same verdict.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pfwhy/interrupt.h>

#include "kernel/page.h"
#include "kernel/xarray.h"
#include "walker.h"

#define HPAGE_PMD_SIZE	(2ULL << 20)
#define CLASS_BITS	16

enum file_state { FILE_NA, FILE_BEYOND_EOF, FILE_CACHED, FILE_VALUE, FILE_NONE, FILE_UNREADABLE };

struct class_key {
	int64_t vma;			/* index; -1 a hole; -2 - index of the stack VMA above a hole */
	uint64_t pgd_index;		/* with PTI only */
	uint64_t marker;
	int64_t refcount, mapcount;
	uint32_t swap_type;
	uint8_t level, excluded, state, thp_fits, file, grows;
	uint8_t bits[PFW_NR_LEVELS];	/* per level: write user nx special uffd_wp huge */
	uint8_t page;			/* 0 not read, 1 read, 2 unreadable */
	uint8_t page_bits;		/* zero anon ksm swapcache lru locked exclusive */
};

struct class_slot {
	bool used;
	struct class_key key;
	enum pfw_verdict verdict[3];
};

struct file_info {
	bool applies;			/* a file and ->fault: file_fault() is reached */
	bool readable;
	uint64_t isize, xa;
};

struct fmap {
	struct pfw_kernel *k;
	int pid;
	struct pfw_task task;
	uint64_t pgd;
	struct pfw_prefetch *ahead;	/* the read-ahead thread, or NULL */
	bool pti;
	struct pfw_vma *vmas;
	size_t nvmas, cap, cur;		/* cur: the first VMA that may hold the next address */
	struct file_info file;		/* of vmas[cur] */
	size_t file_for;
	struct class_slot *classes;
	struct class_slot last;		/* the class of the last piece: most pieces repeat it */
	pfw_fault_run_fn *fn;
	void *arg;
	struct pfw_faultmap_stats *st;
	struct pfw_fault_run run;	/* being grown */
	uint32_t run_state;		/* state_code() of run */
	bool have_run;
	uint64_t vm_write, vm_growsdown;
	size_t bound_for;		/* the hole whose stack-growth bound is known */
	uint64_t bound;
};

/* FNV-1a a word at a time: the key is zeroed before it is filled, padding too. */
static uint64_t hash_key(const struct class_key *k)
{
	uint64_t h = 1469598103934665603ULL, w;
	size_t i;

	for (i = 0; i < sizeof(*k); i += sizeof(w)) {
		memcpy(&w, (const char *)k + i, sizeof(w));
		h = (h ^ w) * 1099511628211ULL;
	}
	return h;
}

static uint8_t entry_bits(const struct pfw_entry *e)
{
	return e->write | e->user << 1 | e->nx << 2 | e->special << 3 | e->uffd_wp << 4 |
	       e->huge << 5;
}

/* pfw_why() for the three accesses at addr: the verdicts of the class. */
static struct pfw_error *replay(struct fmap *m, uint64_t addr, enum pfw_verdict v[3])
{
	struct pfw_fault_result *res = malloc(sizeof(*res));
	struct pfw_error *err = NULL;
	int a;

	if (!res)
		return pfw_error_create(PFW_ERR_NOMEM, "out of memory");
	for (a = PFW_ACCESS_READ; a <= PFW_ACCESS_EXEC && !err; a++) {
		struct pfw_fault_request req = { .address = addr, .pid = m->pid, .access = a,
						 .task = &m->task, .verdict_only = true };

		err = pfw_why(m->k, &req, res);
		m->st->why_calls++;
		v[a] = res->verdict;
	}
	free(res);
	return err;
}

static struct pfw_error *classify(struct fmap *m, const struct class_key *key, uint64_t addr,
				  enum pfw_verdict v[3])
{
	size_t mask = (1U << CLASS_BITS) - 1, i, n;
	struct class_slot *s;
	struct pfw_error *err;

	if (m->last.used && !memcmp(&m->last.key, key, sizeof(*key))) {
		memcpy(v, m->last.verdict, sizeof(m->last.verdict));
		return NULL;
	}
	for (n = 0, i = hash_key(key) & mask; n <= mask; n++, i = (i + 1) & mask) {
		s = &m->classes[i];
		if (!s->used)
			break;
		if (!memcmp(&s->key, key, sizeof(*key))) {
			memcpy(v, s->verdict, sizeof(s->verdict));
			m->last = *s;
			return NULL;
		}
	}
	err = replay(m, addr, v);
	if (err)
		return err;
	m->st->classes++;
	m->last.used = true;
	m->last.key = *key;
	memcpy(m->last.verdict, v, sizeof(m->last.verdict));
	/* a full table only costs speed: the verdict is replayed, not guessed */
	if (n <= mask)
		*s = m->last;
	return NULL;
}

static struct pfw_error *flush_run(struct fmap *m)
{
	if (!m->have_run)
		return NULL;
	m->have_run = false;
	return m->fn(m->arg, &m->run);
}

static void state_name(const struct pfw_scan_entry *se, bool in_vma, char *buf, size_t size)
{
	const struct pfw_entry *e = &se->path[se->level];

	if (se->excluded) {
		snprintf(buf, size, "not in dump (%s table)", pfw_level_name(se->level));
		return;
	}
	switch (e->state) {
	case PFW_ENTRY_NONE:
		snprintf(buf, size, "%s", in_vma ? "none" : "unmapped");
		return;
	case PFW_ENTRY_PRESENT:
		snprintf(buf, size, "%spresent %c%c%c", e->huge ? "huge " : "", e->user ? 'r' : '-',
			 e->write ? 'w' : '-', e->nx ? '-' : 'x');
		return;
	case PFW_ENTRY_SWAP:
		snprintf(buf, size, "swapped");
		return;
	default:
		snprintf(buf, size, "%s%s", e->huge ? "huge " : "", pfw_entry_state_name(e->state));
		return;
	}
}

/*
 * What state_name() prints, as a number: equal exactly when the names are,
 * so that runs are compared without formatting a name per piece.
 */
static uint32_t state_code(const struct pfw_scan_entry *se, bool in_vma)
{
	const struct pfw_entry *e = &se->path[se->level];

	if (se->excluded)
		return 1U << 24 | se->level;
	switch (e->state) {
	case PFW_ENTRY_NONE:
		return 2U << 24 | in_vma;
	case PFW_ENTRY_PRESENT:
		return 3U << 24 | e->huge << 3 | e->user << 2 | e->write << 1 | e->nx;
	case PFW_ENTRY_SWAP:
		return 4U << 24;
	default:
		return 5U << 24 | e->huge << 8 | e->state;
	}
}

/* Grow the current run or start a new one. */
static struct pfw_error *add_pages(struct fmap *m, uint64_t start, uint64_t end,
				   const struct pfw_vma *vma, const struct pfw_scan_entry *se,
				   const enum pfw_verdict v[3])
{
	struct pfw_fault_run *r = &m->run;
	uint32_t code = state_code(se, vma != NULL);
	struct pfw_error *err;

	m->st->pages += (end - start) >> 12;
	if (m->have_run && r->end == start && r->vma == vma && m->run_state == code &&
	    !memcmp(r->verdict, v, sizeof(r->verdict))) {
		r->end = end;
		return NULL;
	}
	if ((err = flush_run(m)))
		return err;
	r->start = start;
	r->end = end;
	r->vma = vma;
	state_name(se, vma != NULL, r->state, sizeof(r->state));
	m->run_state = code;
	memcpy(r->verdict, v, sizeof(r->verdict));
	m->have_run = true;
	return NULL;
}

static void load_file_info(struct fmap *m, const struct pfw_vma *v)
{
	struct file_info *f = &m->file;
	uint64_t fault = 0, mapping, inode;

	memset(f, 0, sizeof(*f));
	m->file_for = m->cur;
	if (v->vm_ops)
		pfw_ignore(pfw_read_member(m->k, v->vm_ops, "vm_operations_struct", "fault", &fault));
	f->applies = v->file && fault;
	if (!f->applies)
		return;
	f->readable = pfw_ok(pfw_read_member(m->k, v->file, "file", "f_mapping", &mapping)) &&
		      pfw_ok(pfw_read_member(m->k, mapping, "address_space", "host", &inode)) &&
		      pfw_ok(pfw_read_member(m->k, inode, "inode", "i_size", &f->isize)) &&
		      pfw_ok(pfw_member_address(m->k, mapping, "address_space", "i_pages", &f->xa));
}

/* What file_fault() would find at addr: the same reads, the same order. */
static uint8_t file_state(struct fmap *m, const struct pfw_vma *v, uint64_t addr)
{
	uint64_t index = ((addr - v->start) >> 12) + v->pgoff, entry;

	if (m->file_for != m->cur)
		load_file_info(m, v);
	if (!m->file.applies)
		return FILE_NA;
	if (!m->file.readable || !pfw_ok(pfw_xa_load(m->k, m->file.xa, index, &entry)))
		return FILE_UNREADABLE;
	if (index << 12 >= m->file.isize)
		return FILE_BEYOND_EOF;
	if (entry && !(entry & 1))
		return FILE_CACHED;
	return entry & 1 ? FILE_VALUE : FILE_NONE;
}

static void page_key(struct fmap *m, const struct pfw_entry *e, struct class_key *key)
{
	struct pfw_page p;

	if (!pfw_ok(pfw_read_page(m->k, e->pfn, &p))) {
		key->page = 2;
		return;
	}
	key->page = 1;
	key->refcount = p.refcount;
	key->mapcount = p.mapcount;
	key->page_bits = p.zero_page | p.anon << 1 | p.ksm << 2 | p.swapcache << 3 | p.lru << 4 |
			 p.locked << 5 | p.anon_exclusive << 6;
}

static void base_key(struct fmap *m, const struct pfw_scan_entry *se, int64_t vma,
		     struct class_key *key)
{
	const struct pfw_entry *e = &se->path[se->level];
	int l;

	memset(key, 0, sizeof(*key));
	key->vma = vma;
	key->level = se->level;
	key->excluded = se->excluded;
	if (m->pti)
		key->pgd_index = se->addr >> 39;
	if (se->excluded)
		return;
	key->state = e->state;
	for (l = PFW_PGD; l <= (int)se->level; l++)
		key->bits[l] = entry_bits(&se->path[l]);
	if (e->state != PFW_ENTRY_NONE && e->state != PFW_ENTRY_PRESENT &&
	    e->state != PFW_ENTRY_PROTNONE && e->state != PFW_ENTRY_TABLE) {
		key->swap_type = e->swap_type;
		key->marker = e->marker;
	}
}

/* One piece of a scan entry that lies in one VMA (or one hole) and one class. */
static struct pfw_error *map_piece(struct fmap *m, const struct pfw_scan_entry *se,
				   uint64_t start, uint64_t end, const struct pfw_vma *vma,
				   int64_t vma_index, int grows)
{
	const struct pfw_entry *e = &se->path[se->level];
	enum pfw_verdict v[3] = { 0 };
	struct class_key key;
	struct pfw_error *err;

	base_key(m, se, vma_index, &key);
	if (grows >= 0) {
		/* the grown stack starts at this page: a 2 MiB fit only at an aligned page */
		key.grows = 1 + grows;
		key.thp_fits = grows && !(start & (HPAGE_PMD_SIZE - 1)) &&
			       start + HPAGE_PMD_SIZE <= m->vmas[m->cur].end;
	}
	if (vma && !se->excluded && e->state == PFW_ENTRY_PRESENT && !e->huge && !e->write &&
	    !e->special && (vma->flags & m->vm_write))
		page_key(m, e, &key);
	if (vma && !se->excluded && e->state == PFW_ENTRY_NONE) {
		uint64_t haddr = start & ~(HPAGE_PMD_SIZE - 1);

		key.thp_fits = se->level < PFW_PTE && haddr >= vma->start &&
			       haddr + HPAGE_PMD_SIZE <= vma->end;
		key.file = file_state(m, vma, start);
	}
	if ((err = classify(m, &key, start, v)))
		return err;
	return add_pages(m, start, end, vma, se, v);
}

/*
 * The lowest page of the hole [lo, hi) below a VM_GROWSDOWN VMA from which
 * the stack grows: the refusals of expand_stack() are monotone in the
 * address (see the top of this file), so a binary search finds it.
 */
static struct pfw_error *stack_bound(struct fmap *m, uint64_t lo, uint64_t hi, uint64_t *bound)
{
	struct pfw_fault_result *res;
	struct pfw_error *err = NULL;

	if (m->bound_for == m->cur) {
		*bound = m->bound;
		return NULL;
	}
	res = malloc(sizeof(*res));
	if (!res)
		return pfw_error_create(PFW_ERR_NOMEM, "out of memory");
	lo >>= 12;
	hi >>= 12;
	while (lo < hi && !err) {
		uint64_t mid = lo + (hi - lo) / 2;
		struct pfw_fault_request req = { .address = mid << 12, .pid = m->pid, .task = &m->task,
						 .verdict_only = true };

		err = pfw_why(m->k, &req, res);
		m->st->why_calls++;
		if (res->verdict == PFW_V_SEGV_MAPERR)
			lo = mid + 1;
		else
			hi = mid;
	}
	free(res);
	if (err)
		return err;
	m->bound_for = m->cur;
	m->bound = *bound = lo << 12;
	return NULL;
}

/* A hole below a stack: split at the growth bound, then at 2 MiB boundaries above it. */
static struct pfw_error *map_stack_hole(struct fmap *m, const struct pfw_scan_entry *se,
					uint64_t start, uint64_t end, int64_t index)
{
	uint64_t lo = m->cur ? m->vmas[m->cur - 1].end : 0, bound = 0, next;
	struct pfw_error *err;

	if ((err = stack_bound(m, lo, m->vmas[m->cur].start, &bound)))
		return err;
	while (start < end) {
		if (start < bound) {
			next = bound < end ? bound : end;
			if ((err = map_piece(m, se, start, next, NULL, index, 0)))
				return err;
			start = next;
			continue;
		}
		next = start & (HPAGE_PMD_SIZE - 1) ? (start | (HPAGE_PMD_SIZE - 1)) + 1 : start + 4096;
		if (next > end)
			next = end;
		if ((err = map_piece(m, se, start, next, NULL, index, 1)))
			return err;
		start = next;
	}
	return NULL;
}

/*
 * Where the piece starting at addr must end so that one class covers it:
 * the next 2 MiB boundary for a none entry above the pte level (THP fit),
 * one page for a none entry of a file VMA (its page-cache entry), else the
 * whole piece.
 */
static uint64_t class_end(struct fmap *m, const struct pfw_scan_entry *se,
			  const struct pfw_vma *vma, uint64_t addr, uint64_t end)
{
	const struct pfw_entry *e = &se->path[se->level];
	uint64_t next = end;

	if (!vma || se->excluded || e->state != PFW_ENTRY_NONE)
		return end;
	if (m->file_for != m->cur)
		load_file_info(m, vma);
	if (m->file.applies)
		return addr + 4096;
	if (se->level < PFW_PTE)
		next = (addr | (HPAGE_PMD_SIZE - 1)) + 1;
	return next < end ? next : end;
}

static struct pfw_error *map_entry(void *arg, const struct pfw_scan_entry *se)
{
	struct fmap *m = arg;
	uint64_t addr = se->addr, end = se->addr + se->size;
	struct pfw_error *err;

	while (addr < end) {
		const struct pfw_vma *vma = NULL;
		uint64_t piece_end = end;
		int64_t index;
		bool below_stack = false;

		while (m->cur < m->nvmas && m->vmas[m->cur].end <= addr)
			m->cur++;
		if (m->cur < m->nvmas && m->vmas[m->cur].start <= addr) {
			vma = &m->vmas[m->cur];
			index = m->cur;
			if (vma->end < piece_end)
				piece_end = vma->end;
		} else {
			/* every hole not below a stack is one class: bad_area() whichever VMA is next */
			index = -1;
			if (m->cur < m->nvmas) {
				if (m->vmas[m->cur].start < piece_end)
					piece_end = m->vmas[m->cur].start;
				below_stack = m->vmas[m->cur].flags & m->vm_growsdown;
				if (below_stack)
					index = -2 - (int64_t)m->cur;
			}
		}
		if (below_stack) {
			err = map_stack_hole(m, se, addr, piece_end, index);
		} else {
			piece_end = class_end(m, se, vma, addr, piece_end);
			err = map_piece(m, se, addr, piece_end, vma, index, -1);
		}
		if (err)
			return err;
		addr = piece_end;
	}
	if ((err = pfw_check_interrupted()))
		return err;
	return NULL;
}

static struct pfw_error *collect(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	struct fmap *m = arg;

	if (m->nvmas == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct pfw_vma *nv = realloc(m->vmas, cap * sizeof(*nv));

		if (!nv)
			return pfw_error_create(PFW_ERR_NOMEM, "out of memory");
		m->vmas = nv;
		m->cap = cap;
	}
	m->vmas[m->nvmas++] = *v;
	return NULL;
}

static struct pfw_error *load(struct fmap *m, uint64_t start, uint64_t end)
{
	struct pfw_task *t = &m->task;
	struct pfw_error *err;

	if ((err = pfw_find_task(m->k, m->pid, t)))
		return err;
	if (!t->mm)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "pid %d (%s) is a kernel thread: it has no address space",
					t->pid, t->comm);
	/* the second thread reads the page tables ahead (the replays read few struct pages) */
	pfw_scan_ahead(m->ahead, m->k, t->mm, start, end, false);
	if ((err = pfw_read_member(m->k, t->mm, "mm_struct", "pgd", &m->pgd)) ||
	    (err = pfw_for_each_vma(m->k, t->mm, collect, m)))
		return err;
	m->classes = calloc(1U << CLASS_BITS, sizeof(*m->classes));
	if (!m->classes)
		return pfw_error_create(PFW_ERR_NOMEM, "out of memory");
	return NULL;
}

struct pfw_error *pfw_faultmap(struct pfw_kernel *k, int pid, uint64_t start, uint64_t end,
			       pfw_fault_run_fn *fn, void *arg, struct pfw_faultmap_stats *stats)
{
	struct fmap m = { .k = k, .pid = pid, .fn = fn, .arg = arg, .st = stats, .pti = k->pti };
	uint64_t task_size = pfw_task_size(k);
	struct pfw_scan_stats scan = { 0 };
	struct pfw_error *err;

	memset(stats, 0, sizeof(*stats));
	if (end > task_size)
		end = task_size;	/* the user half: the kernel's is init_mm's, not the task's */
	start &= ~0xfffULL;
	m.file_for = (size_t)-1;
	m.bound_for = (size_t)-1;
	m.vm_write = pfw_vm_flag(k, "VM_WRITE");
	m.vm_growsdown = pfw_vm_flag(k, "VM_GROWSDOWN");
	m.ahead = pfw_prefetch_start(k->mem);
	err = load(&m, start, end);
	if (!err)
		err = pfw_scan_tables(k, m.pgd, start, end, map_entry, &m, &scan);
	stats->entries = scan.entries;
	/* what was mapped before an interrupt still goes out */
	if (!err || err->code == PFW_ERR_INTERRUPTED) {
		struct pfw_error *ferr = flush_run(&m);

		if (ferr && !err)
			err = ferr;
		else
			pfw_error_destroy(ferr);
	}
	pfw_prefetch_stop(m.ahead);
	free(m.classes);
	free(m.vmas);
	return err;
}
