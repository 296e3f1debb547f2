// SPDX-License-Identifier: GPL-2.0-or-later
/* pte and flags: the page-table walk and raw entry decoding. */
#include <stdio.h>
#include <string.h>

#include <pfwhy/walker.h>
#include <pfwhy/pgtable.h>

#include "common.h"
#include "kernel/kernel.h"
#include "kernel/page.h"

static void json_entry_fields(struct pfw_json *j, const struct pfw_entry *e)
{
	char flags[256];

	pfw_entry_flag_names(e, flags, sizeof(flags));
	pfw_json_hex(j, "value", e->value);
	pfw_json_string(j, "flags", flags);
}

static uint64_t huge_size(const struct pfw_entry *leaf)
{
	return leaf->level == PFW_PMD ? 2ULL << 20 : 1ULL << 30;
}

static void json_leaf(struct pfw_json *j, const struct pfw_entry *e, uint64_t addr, bool excluded)
{
	bool swapish = e->state == PFW_ENTRY_SWAP || e->state == PFW_ENTRY_MIGRATION ||
		       e->state == PFW_ENTRY_DEVICE || e->state == PFW_ENTRY_HWPOISON ||
		       e->state == PFW_ENTRY_MARKER;
	bool has_pfn = e->state == PFW_ENTRY_PRESENT || e->state == PFW_ENTRY_PROTNONE ||
		       (swapish && e->state != PFW_ENTRY_SWAP && e->state != PFW_ENTRY_MARKER);

	pfw_json_string(j, "state", excluded ? "excluded" : pfw_entry_state_name(e->state));
	if (has_pfn)
		pfw_json_hex(j, "pfn", e->state == PFW_ENTRY_PRESENT ? pfw_entry_pfn_at(e, addr) : e->pfn);
	else
		pfw_json_null(j, "pfn");
	if (has_pfn && e->huge) {
		pfw_json_hex(j, "huge_pfn", e->pfn);
		pfw_json_int(j, "huge_size", huge_size(e));
	} else {
		pfw_json_null(j, "huge_pfn");
		pfw_json_null(j, "huge_size");
	}
	if (swapish) {
		pfw_json_int(j, "swap_type", e->swap_type);
		pfw_json_hex(j, "swap_offset", e->swap_offset);
	} else {
		pfw_json_null(j, "swap_type");
		pfw_json_null(j, "swap_offset");
	}
	pfw_json_bool(j, "soft_dirty", e->soft_dirty);
	/* the swap entry's own bit (pte_swp_exclusive), not "mapped once": see pagemap */
	pfw_json_bool(j, "swap_exclusive", e->exclusive);
	pfw_json_bool(j, "write", e->write);
	pfw_json_bool(j, "user", e->user);
	pfw_json_bool(j, "nx", e->nx);
	pfw_json_bool(j, "huge", e->huge);
	pfw_json_bool(j, "uffd_wp", e->uffd_wp);
	if (e->state == PFW_ENTRY_MARKER)
		pfw_json_hex(j, "marker", e->marker);
}

static const char *meaning(const struct pfw_entry *e)
{
	switch (e->state) {
	case PFW_ENTRY_NONE:
		return "not mapped at this level";
	case PFW_ENTRY_PRESENT:
		return e->huge ? "huge page mapped" : "page present";
	case PFW_ENTRY_PROTNONE:
		return "PROT_NONE or NUMA-hinting entry (present to the kernel, not to the CPU)";
	case PFW_ENTRY_SWAP:
		return "swapped out";
	case PFW_ENTRY_MIGRATION:
		return e->migration_write ? "migration entry (writable)" : "migration entry";
	case PFW_ENTRY_DEVICE:
		return "device-private entry";
	case PFW_ENTRY_HWPOISON:
		return "hardware-poisoned page";
	case PFW_ENTRY_MARKER:
		return "PTE marker";
	case PFW_ENTRY_TABLE:
		return "next table";
	}
	return "?";
}

static void print_page(struct pfw_session *s, uint64_t pfn, struct pfw_json *j)
{
	struct pfw_error *err;
	struct pfw_page p;
	char flags[512];

	err = pfw_read_page(s->k, pfn, &p);
	if (err) {
		if (!s->json)
			fprintf(s->out, "  struct page: unreadable: %s\n", err->message);
		pfw_error_destroy(err);
		return;
	}
	pfw_page_flag_names(s->k, p.flags, flags, sizeof(flags));
	if (s->json) {
		pfw_json_object_begin(j, "page");
		pfw_json_hex(j, "page", p.addr);
		pfw_json_hex(j, "folio", p.head);
		pfw_json_string(j, "flags", flags);
		pfw_json_int(j, "mapcount", p.mapcount);
		pfw_json_int(j, "folio_mapcount", p.folio_mapcount);
		pfw_json_int(j, "folio_pages", p.nr_pages);
		pfw_json_int(j, "refcount", p.refcount);
		pfw_json_bool(j, "anon", p.anon);
		pfw_json_bool(j, "anon_exclusive", p.anon_exclusive);
		pfw_json_bool(j, "zero_page", p.zero_page);
		pfw_json_object_end(j);
		return;
	}
	fprintf(s->out, "  struct page 0x%llx%s%s: %s%s, mapcount %lld, refcount %lld, flags: %s\n",
		(unsigned long long)p.addr, p.head != p.addr ? " in folio " : "",
		p.head != p.addr ? "(tail)" : "", p.zero_page ? "the zero page" :
		p.anon ? "anon" : p.mapping ? "file" : "no mapping",
		p.anon_exclusive ? " exclusive" : "", (long long)p.mapcount,
		(long long)p.refcount, flags);
	if (p.nr_pages > 1)
		fprintf(s->out, "  folio 0x%llx: %llu pages, folio_mapcount %lld\n",
			(unsigned long long)p.head, (unsigned long long)p.nr_pages,
			(long long)p.folio_mapcount);
}

/* Documentation/admin-guide/mm/pagemap.rst, bit by bit */
static void print_pagemap(struct pfw_session *s, int pid, uint64_t pme)
{
	fprintf(s->out, "  /proc/%d/pagemap: 0x%016llx", pid, (unsigned long long)pme);
	if (pme >> 63)
		fprintf(s->out, " present pfn 0x%llx", (unsigned long long)(pme & ((1ULL << 55) - 1)));
	else if ((pme >> 62) & 1)
		fprintf(s->out, " swapped type %llu offset 0x%llx", (unsigned long long)(pme & 31),
			(unsigned long long)((pme & ((1ULL << 55) - 1)) >> 5));
	else
		fprintf(s->out, " not present");
	fprintf(s->out, "%s%s%s%s\n", (pme >> 61) & 1 ? " file/shared-anon" : "",
		(pme >> 56) & 1 ? " exclusively-mapped" : "", (pme >> 57) & 1 ? " uffd-wp" : "",
		(pme >> 55) & 1 ? " soft-dirty" : "");
}

static void print_walk(struct pfw_session *s, uint64_t addr, const struct pfw_walk *w,
		       struct pfw_error *walk_err)
{
	const struct pfw_entry *leaf = pfw_walk_leaf(w);
	char flags[256];
	int i;

	for (i = 0; i < w->nsteps; i++) {
		const struct pfw_walk_step *st = &w->steps[i];

		pfw_entry_flag_names(&st->entry, flags, sizeof(flags));
		fprintf(s->out, "  %-3s  %016llx => %016llx  %s\n", pfw_level_name(st->level),
			(unsigned long long)st->entry_phys, (unsigned long long)st->entry.value, flags);
	}
	if (w->has_user_pgd_entry)
		fprintf(s->out, "  (PTI user copy of the top entry: %016llx)\n",
			(unsigned long long)w->user_pgd_entry);
	if (walk_err) {
		fprintf(s->out, "  %s: %s\n", w->excluded ? "excluded" : "unreadable", walk_err->message);
		return;
	}
	fprintf(s->out, "  0x%llx: %s at %s", (unsigned long long)addr, meaning(leaf),
		pfw_level_name(leaf->level));
	if (leaf->state == PFW_ENTRY_PRESENT && leaf->huge)
		fprintf(s->out, ", pfn 0x%llx (page %llu of the %llu MiB page at pfn 0x%llx)",
			(unsigned long long)pfw_entry_pfn_at(leaf, addr),
			(unsigned long long)(pfw_entry_pfn_at(leaf, addr) - leaf->pfn),
			(unsigned long long)(huge_size(leaf) >> 20), (unsigned long long)leaf->pfn);
	else if (leaf->state == PFW_ENTRY_PRESENT || leaf->state == PFW_ENTRY_PROTNONE)
		fprintf(s->out, ", pfn 0x%llx", (unsigned long long)leaf->pfn);
	if (leaf->state == PFW_ENTRY_SWAP)
		fprintf(s->out, ", type %u offset 0x%llx", leaf->swap_type,
			(unsigned long long)leaf->swap_offset);
	fputc('\n', s->out);
}

static void json_walk(struct pfw_session *s, const struct pfw_walk *w, struct pfw_error *walk_err,
		      uint64_t addr, struct pfw_json *j)
{
	const struct pfw_entry *leaf = pfw_walk_leaf(w);
	struct pfw_entry none;
	int i;

	pfw_json_array_begin(j, "levels");
	for (i = 0; i < w->nsteps; i++) {
		pfw_json_object_begin(j, NULL);
		pfw_json_string(j, "level", pfw_level_name(w->steps[i].level));
		pfw_json_hex(j, "entry_addr", w->steps[i].entry_phys);
		json_entry_fields(j, &w->steps[i].entry);
		pfw_json_object_end(j);
	}
	pfw_json_array_end(j);
	if (!leaf || walk_err) {
		memset(&none, 0, sizeof(none));
		leaf = &none;
	}
	json_leaf(j, leaf, addr, walk_err && w->excluded);
	if (walk_err)
		pfw_json_string(j, "error", walk_err->message);
}

/*
 * The leaf maps a page: present, or PROT_NONE/NUMA-hinting, which the kernel
 * treats as present (pte_present(); /proc/PID/pagemap reports its PFN).
 */
static bool maps_page(const struct pfw_entry *leaf)
{
	return leaf->state == PFW_ENTRY_PRESENT || leaf->state == PFW_ENTRY_PROTNONE;
}


/*
 * After the walk: is the data page itself in the dump?  The reason when
 * not: excluded by makedumpfile, beyond a truncated file's end, past the
 * end of RAM (a PTE no real page backs) are different answers.
 */
static struct pfw_error *data_missing(struct pfw_session *s, const struct pfw_entry *leaf,
				      uint64_t addr)
{
	uint8_t b;

	if (!maps_page(leaf))
		return NULL;
	return pfw_memory_read(pfw_kernel_memory(s->k), PFW_PHYS, pfw_entry_pfn_at(leaf, addr) << 12, &b, 1);
}

DECLARE_COMMAND(pfw_cmd_pte)
{
	struct pfw_error *err, *walk_err;
	const struct pfw_entry *leaf;
	struct pfw_walk w;
	struct pfw_task t;
	struct pfw_json j;
	uint64_t addr, pgd, pme = 0;
	struct pfw_error *missing = NULL;
	bool has_task, has_pme;
	char why[256] = "";

	if (!a->npos)
		return pfw_error_create(PFW_ERR_USAGE, "which address? (pte [--pid N] ADDR)");
	if ((err = pfw_parse_address(s, a->pos[0], &addr)) ||
	    (err = pfw_session_task(s, cmd, a, &t, &has_task)))
		return err;
	if (has_task && !t.mm)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "pid %d (%s) is a kernel thread: no user page tables",
					t.pid, t.comm);
	if (has_task)
		err = pfw_read_member(s->k, t.mm, "mm_struct", "pgd", &pgd);
	else
		err = pfw_kernel_pgd(s->k, &pgd);
	if (err)
		return err;
	walk_err = pfw_walk_tables(s->k, pgd, addr, &w);
	if (walk_err && !w.nsteps && !w.excluded)
		return walk_err;
	leaf = pfw_walk_leaf(&w);
	if (!walk_err && leaf)
		missing = data_missing(s, leaf, addr);
	if (missing && missing->code == PFW_ERR_EXCLUDED)
		pfw_page_dump_level_why(s->k, pfw_entry_pfn_at(leaf, addr), why, sizeof(why));
	/* a table the dump lacks, or no task: /proc/PID/pagemap cannot be replayed */
	has_pme = has_task && pfw_ok(pfw_pagemap_entry(s->k, t.mm, addr, &pme));
	if (s->json) {
		pfw_json_init(&j, s->out);
		pfw_json_object_begin(&j, NULL);
		pfw_json_hex(&j, "address", addr);
		json_walk(s, &w, walk_err, addr, &j);
		pfw_json_bool(&j, "data_excluded", missing && missing->code == PFW_ERR_EXCLUDED);
		if (has_pme)
			pfw_json_hex(&j, "pagemap", pme);
		else
			pfw_json_null(&j, "pagemap");
		pfw_json_string(&j, "excluded_by", why[0] ? why : NULL);
		if (missing)
			pfw_json_string(&j, "data_missing", missing->message);
		if (!walk_err && maps_page(leaf))
			print_page(s, pfw_entry_pfn_at(leaf, addr), &j);
		pfw_json_object_end(&j);
		pfw_json_end(&j);
	} else {
		print_walk(s, addr, &w, walk_err);
		if (missing && missing->code == PFW_ERR_EXCLUDED)
			fprintf(s->out, "  the page's contents are not in this dump: %s\n", why);
		else if (missing)
			fprintf(s->out, "  the page's contents are not readable: %s\n", missing->message);
		if (!walk_err && maps_page(leaf))
			print_page(s, pfw_entry_pfn_at(leaf, addr), &j);
		if (has_pme)
			print_pagemap(s, t.pid, pme);
	}
	pfw_error_destroy(walk_err);
	pfw_error_destroy(missing);
	return NULL;
}

DECLARE_COMMAND(pfw_cmd_flags)
{
	enum pfw_pt_level level = PFW_PTE;
	struct pfw_error *err;
	struct pfw_entry e;
	struct pfw_json j;
	char flags[256];
	uint64_t v;

	if (!a->npos)
		return pfw_error_create(PFW_ERR_USAGE, "which value? (flags VALUE [--pmd|--pud|--swap])");
	err = pfw_parse_hex("entry value", a->pos[0], &v);
	if (err)
		return err;
	if (pfw_arg(cmd, a, "pmd"))
		level = PFW_PMD;
	if (pfw_arg(cmd, a, "pud"))
		level = PFW_PUD;
	if (pfw_arg(cmd, a, "swap") && (v & 1))
		return pfw_error_create(PFW_ERR_USAGE, "0x%llx has the present bit set: not a swap entry",
					(unsigned long long)v);
	pfw_entry_decode(s->k, level, v, &e);
	pfw_entry_flag_names(&e, flags, sizeof(flags));
	if (s->json) {
		pfw_json_init(&j, s->out);
		pfw_json_object_begin(&j, NULL);
		pfw_json_string(&j, "level", pfw_level_name(level));
		json_entry_fields(&j, &e);
		json_leaf(&j, &e, 0, false);
		pfw_json_object_end(&j);
		pfw_json_end(&j);
		return NULL;
	}
	fprintf(s->out, "%s 0x%016llx: %s\n  %s", pfw_level_name(level), (unsigned long long)v,
		flags, meaning(&e));
	if (e.state == PFW_ENTRY_PRESENT || e.state == PFW_ENTRY_PROTNONE ||
	    e.state == PFW_ENTRY_MIGRATION || e.state == PFW_ENTRY_HWPOISON)
		fprintf(s->out, ", pfn 0x%llx", (unsigned long long)e.pfn);
	if (e.state != PFW_ENTRY_PRESENT && e.state != PFW_ENTRY_PROTNONE && e.state != PFW_ENTRY_NONE)
		fprintf(s->out, ", swap type %u offset 0x%llx", e.swap_type,
			(unsigned long long)e.swap_offset);
	fputc('\n', s->out);
	return NULL;
}
