// SPDX-License-Identifier: GPL-2.0-or-later
/* pte and flags: the page-table walk and raw entry decoding. */
#include <stdio.h>
#include <string.h>

#include <pfwhy/x86_64.h>

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

static void json_leaf(struct pfw_json *j, const struct pfw_entry *e, bool excluded)
{
	bool swapish = e->state == PFW_ENTRY_SWAP || e->state == PFW_ENTRY_MIGRATION ||
		       e->state == PFW_ENTRY_DEVICE || e->state == PFW_ENTRY_HWPOISON ||
		       e->state == PFW_ENTRY_MARKER;
	bool has_pfn = e->state == PFW_ENTRY_PRESENT || e->state == PFW_ENTRY_PROTNONE ||
		       (swapish && e->state != PFW_ENTRY_SWAP && e->state != PFW_ENTRY_MARKER);

	pfw_json_string(j, "state", excluded ? "excluded" : pfw_entry_state_name(e->state));
	if (has_pfn)
		pfw_json_hex(j, "pfn", e->pfn);
	else
		pfw_json_null(j, "pfn");
	if (swapish) {
		pfw_json_int(j, "swap_type", e->swap_type);
		pfw_json_hex(j, "swap_offset", e->swap_offset);
	} else {
		pfw_json_null(j, "swap_type");
		pfw_json_null(j, "swap_offset");
	}
	pfw_json_bool(j, "soft_dirty", e->soft_dirty);
	pfw_json_bool(j, "exclusive", e->exclusive);
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
	if (leaf->state == PFW_ENTRY_PRESENT || leaf->state == PFW_ENTRY_PROTNONE)
		fprintf(s->out, ", pfn 0x%llx", (unsigned long long)leaf->pfn);
	if (leaf->state == PFW_ENTRY_SWAP)
		fprintf(s->out, ", type %u offset 0x%llx", leaf->swap_type,
			(unsigned long long)leaf->swap_offset);
	fputc('\n', s->out);
}

static void json_walk(struct pfw_session *s, const struct pfw_walk *w, struct pfw_error *walk_err,
		      struct pfw_json *j)
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
	json_leaf(j, leaf, walk_err && w->excluded);
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

/* The pfn of the 4 KiB page holding addr: a huge entry maps many. */
static uint64_t data_pfn(const struct pfw_entry *leaf, uint64_t addr)
{
	if (!leaf->huge)
		return leaf->pfn;
	if (leaf->level == PFW_PMD)
		return leaf->pfn + ((addr >> 12) & 511);
	return leaf->pfn + ((addr >> 12) & 262143);
}

/* After the walk: is the data page itself in the dump? */
static bool data_excluded(struct pfw_session *s, const struct pfw_entry *leaf, uint64_t addr)
{
	struct pfw_error *err;
	uint8_t b;

	if (!maps_page(leaf))
		return false;
	err = pfw_memory_read(pfw_kernel_memory(s->k), PFW_PHYS, data_pfn(leaf, addr) << 12, &b, 1);
	if (!err)
		return false;
	pfw_error_destroy(err);
	return true;
}

DECLARE_COMMAND(pfw_cmd_pte)
{
	struct pfw_error *err, *walk_err;
	const struct pfw_entry *leaf;
	struct pfw_walk w;
	struct pfw_task t;
	struct pfw_json j;
	uint64_t addr, pgd;
	bool has_task, excluded;

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
	else if (!(err = pfw_kernel_symbol(s->k, "init_top_pgt", &pgd)))
		pgd = pfw_phys_to_virt(s->k, pgd - 0xffffffff80000000ULL + s->k->phys_base);
	if (err)
		return err;
	walk_err = pfw_x86_walk(s->k, pgd, addr, &w);
	if (walk_err && !w.nsteps && !w.excluded)
		return walk_err;
	leaf = pfw_walk_leaf(&w);
	excluded = !walk_err && leaf && data_excluded(s, leaf, addr);
	if (s->json) {
		pfw_json_init(&j, s->out);
		pfw_json_object_begin(&j, NULL);
		pfw_json_hex(&j, "address", addr);
		json_walk(s, &w, walk_err, &j);
		pfw_json_bool(&j, "data_excluded", excluded);
		if (!walk_err && maps_page(leaf))
			print_page(s, data_pfn(leaf, addr), &j);
		pfw_json_object_end(&j);
		pfw_json_end(&j);
	} else {
		print_walk(s, addr, &w, walk_err);
		if (excluded)
			fprintf(s->out, "  the page's contents are not in this dump (filtered out)\n");
		if (!walk_err && maps_page(leaf))
			print_page(s, data_pfn(leaf, addr), &j);
	}
	pfw_error_destroy(walk_err);
	return NULL;
}

DECLARE_COMMAND(pfw_cmd_flags)
{
	enum pfw_pt_level level = PFW_PTE;
	struct pfw_x86_layout l;
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
	if (s->k)
		pfw_kernel_x86_layout(s->k, &l);
	else
		pfw_x86_layout_default(&l);
	if (pfw_arg(cmd, a, "swap") && (v & 1))
		return pfw_error_create(PFW_ERR_USAGE, "0x%llx has the present bit set: not a swap entry",
					(unsigned long long)v);
	pfw_x86_decode(&l, level, v, &e);
	pfw_entry_flag_names(&e, flags, sizeof(flags));
	if (s->json) {
		pfw_json_init(&j, s->out);
		pfw_json_object_begin(&j, NULL);
		pfw_json_string(&j, "level", pfw_level_name(level));
		json_entry_fields(&j, &e);
		json_leaf(&j, &e, false);
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
