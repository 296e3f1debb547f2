// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * page: the struct page and folio of a PFN, of a user address (through the
 * task's page tables) or of a kernel address (struct page pointer, direct
 * map, or the kernel's page tables).
 */
#include <stdio.h>
#include <string.h>

#include <pfwhy/pgtable.h>

#include "common.h"
#include "kernel/kernel.h"
#include "kernel/page.h"


/* Where the pfn came from, for the output. */
struct page_source {
	uint64_t value;
	const char *how;		/* NULL: the value was the pfn */
	const char *via;		/* the same for --json */
	int pid;			/* whose page tables, or -1 */
	char who[40];			/* "pid 52 (workload)" for a user address */
	const struct pfw_entry *leaf;
	struct pfw_entry leaf_copy;
};

static struct pfw_error *read_max_pfn(struct pfw_kernel *k, uint64_t *max_pfn)
{
	struct pfw_error *err;
	uint64_t addr;

	err = pfw_kernel_symbol(k, "max_pfn", &addr);
	if (!err)
		err = pfw_read_kv_u64(k, addr, max_pfn);
	return err;
}

static struct pfw_error *no_page(const struct pfw_entry *leaf, uint64_t addr)
{
	unsigned long long a = addr;

	switch (leaf->state) {
	case PFW_ENTRY_NONE:
		return pfw_error_create(PFW_ERR_NOT_FOUND, "0x%llx is not mapped (empty %s entry)",
					a, pfw_level_name(leaf->level));
	case PFW_ENTRY_SWAP:
		return pfw_error_create(PFW_ERR_NOT_FOUND,
					"0x%llx is swapped out (type %u offset 0x%llx): no page in memory",
					a, leaf->swap_type, (unsigned long long)leaf->swap_offset);
	default:
		return pfw_error_create(PFW_ERR_NOT_FOUND, "0x%llx has a %s entry: no page",
					a, pfw_entry_state_name(leaf->state));
	}
}

static struct pfw_error *walk_to_pfn(struct pfw_kernel *k, uint64_t pgd, uint64_t addr,
				     struct page_source *src, uint64_t *pfn)
{
	const struct pfw_entry *leaf;
	struct pfw_error *err;
	struct pfw_walk w;

	err = pfw_walk_tables(k, pgd, addr, &w);
	if (err)
		return pfw_error_wrap(err, "walking the page tables to 0x%llx", (unsigned long long)addr);
	leaf = pfw_walk_leaf(&w);
	if (!leaf)
		return pfw_error_create(PFW_ERR_CORRUPT, "the page-table walk to 0x%llx read nothing",
					(unsigned long long)addr);
	if (leaf->state == PFW_ENTRY_NONE || leaf->state == PFW_ENTRY_SWAP ||
	    leaf->state == PFW_ENTRY_MARKER || leaf->state == PFW_ENTRY_TABLE)
		return no_page(leaf, addr);
	src->leaf_copy = *leaf;
	src->leaf = &src->leaf_copy;
	*pfn = pfw_entry_pfn_at(leaf, addr);
	return NULL;
}

static struct pfw_error *kernel_pfn(struct pfw_kernel *k, uint64_t addr, uint64_t max_pfn,
				    struct page_source *src, uint64_t *pfn)
{
	struct pfw_error *err;
	uint64_t phys, pgd;

	if (addr >= k->vmemmap_base && addr < k->vmemmap_base + max_pfn * k->page_struct_size) {
		src->how = "struct page";
		src->via = "struct_page";
		*pfn = (addr - k->vmemmap_base) / k->page_struct_size;
		return NULL;
	}
	if (pfw_virt_to_phys_direct(k, addr, &phys)) {
		src->how = "the direct map";
		src->via = "direct_map";
		*pfn = phys >> 12;
		return NULL;
	}
	err = pfw_kernel_pgd(k, &pgd);
	if (err)
		return err;
	src->how = "the kernel's page tables";
	src->via = "kernel_page_tables";
	return walk_to_pfn(k, pgd, addr, src, pfn);
}

static struct pfw_error *user_pfn(struct pfw_session *s, const struct pfw_task *t,
				  uint64_t addr, struct page_source *src, uint64_t *pfn)
{
	struct pfw_error *err;
	uint64_t pgd;

	if (!t->mm)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "pid %d (%s) is a kernel thread: no user page tables",
					t->pid, t->comm);
	err = pfw_read_member(s->k, t->mm, "mm_struct", "pgd", &pgd);
	if (err)
		return err;
	src->how = "the page tables of";
	src->via = "user_page_tables";
	src->pid = t->pid;
	snprintf(src->who, sizeof(src->who), "pid %d (%s)", t->pid, t->comm);
	return walk_to_pfn(s->k, pgd, addr, src, pfn);
}

/* PFN, or ADDR: kernel addresses always, user addresses when there is a task. */
static struct pfw_error *resolve(struct pfw_session *s, const struct pfw_command_def *cmd,
				 struct pfw_args *a, uint64_t max_pfn, struct page_source *src,
				 uint64_t *pfn)
{
	struct pfw_error *err;
	struct pfw_task t;
	bool has_task;

	if (pfw_arg(cmd, a, "pfn"))
		return pfw_parse_hex("pfn", a->pos[0], pfn);
	err = pfw_parse_hex("pfn or address", a->pos[0], &src->value);
	if (err)
		return err;
	*pfn = src->value;
	err = pfw_check_address(s, src->value);
	if (err)
		return err;
	/* the kernel's half: bit 63 set (x86_64 canonical, arm64 TTBR1) */
	if (src->value >> 63)
		return kernel_pfn(s->k, src->value, max_pfn, src, pfn);
	err = pfw_session_task(s, cmd, a, &t, &has_task);
	if (err || !has_task)
		return err;
	return user_pfn(s, &t, src->value, src, pfn);
}

static const char *mapping_kind(const struct pfw_page *p)
{
	if (p->zero_page)
		return "the zero page";
	if (p->ksm)
		return "ksm";
	if (p->anon)
		return "anon";
	return p->mapping ? "file" : "none";
}

static void json_page(struct pfw_session *s, const struct pfw_page *p, const char *flags,
		      const struct page_source *src)
{
	struct pfw_json j;

	pfw_json_init(&j, s->out);
	pfw_json_object_begin(&j, NULL);
	pfw_json_hex(&j, "pfn", p->pfn);
	if (src->how) {
		pfw_json_hex(&j, "address", src->value);
		pfw_json_string(&j, "via", src->via);
		if (src->pid >= 0)
			pfw_json_int(&j, "pid", src->pid);
	}
	if (src->leaf)
		pfw_json_string(&j, "entry", pfw_entry_state_name(src->leaf->state));
	pfw_json_hex(&j, "page", p->addr);
	pfw_json_hex(&j, "folio", p->head);
	pfw_json_bool(&j, "tail", p->head != p->addr);
	pfw_json_hex(&j, "flags_raw", p->flags);
	pfw_json_string(&j, "flags", flags);
	pfw_json_int(&j, "refcount", p->refcount);
	pfw_json_int(&j, "mapcount", p->mapcount);
	pfw_json_int(&j, "folio_mapcount", p->folio_mapcount);
	pfw_json_int(&j, "folio_pages", p->nr_pages);
	pfw_json_hex(&j, "mapping", p->mapping);
	pfw_json_string(&j, "mapping_kind", mapping_kind(p));
	pfw_json_hex(&j, "index", p->index);
	pfw_json_bool(&j, "anon", p->anon);
	pfw_json_bool(&j, "anon_exclusive", p->anon_exclusive);
	pfw_json_bool(&j, "ksm", p->ksm);
	pfw_json_bool(&j, "swapcache", p->swapcache);
	pfw_json_bool(&j, "locked", p->locked);
	pfw_json_bool(&j, "uptodate", p->uptodate);
	pfw_json_bool(&j, "dirty", p->dirty);
	pfw_json_bool(&j, "lru", p->lru);
	pfw_json_bool(&j, "zero_page", p->zero_page);
	pfw_json_object_end(&j);
	pfw_json_end(&j);
}

static void print_page(struct pfw_session *s, const struct pfw_page *p, const char *flags,
		       const struct page_source *src)
{
	FILE *o = s->out;

	fprintf(o, "pfn 0x%llx: struct page 0x%llx\n", (unsigned long long)p->pfn,
		(unsigned long long)p->addr);
	if (src->how)
		fprintf(o, "       from: 0x%llx through %s%s%s%s%s\n", (unsigned long long)src->value,
			src->how, src->who[0] ? " " : "", src->who,
			src->leaf ? ", " : "", src->leaf ? pfw_entry_state_name(src->leaf->state) : "");
	if (p->head != p->addr)
		fprintf(o, "      folio: 0x%llx (this is a tail page)\n", (unsigned long long)p->head);
	else
		fprintf(o, "      folio: 0x%llx%s\n", (unsigned long long)p->head,
			p->head_page ? " (head of a large folio)" : "");
	fprintf(o, "      flags: 0x%llx %s\n", (unsigned long long)p->flags, flags);
	fprintf(o, "   refcount: %lld\n   mapcount: %lld (page_mapcount())\n", (long long)p->refcount,
		(long long)p->mapcount);
	if (p->nr_pages > 1)
		fprintf(o, "      folio: %llu pages, folio_mapcount() %lld\n",
			(unsigned long long)p->nr_pages, (long long)p->folio_mapcount);
	fprintf(o, "    mapping: 0x%llx (%s), index 0x%llx\n", (unsigned long long)p->mapping,
		mapping_kind(p), (unsigned long long)p->index);
	if (p->anon)
		fprintf(o, "       anon: %s%s\n", p->anon_exclusive ? "exclusive" : "maybe shared",
			p->swapcache ? ", in the swap cache" : "");
}

DECLARE_COMMAND(pfw_cmd_page)
{
	struct page_source src = { .pid = -1 };
	struct pfw_error *err;
	uint64_t pfn, max_pfn;
	struct pfw_page p;
	char flags[512];

	if (a->npos != 1)
		return pfw_error_create(PFW_ERR_USAGE, "which page? (page [--pid N] [--pfn] PFN|ADDR)");
	if ((err = read_max_pfn(s->k, &max_pfn)) ||
	    (err = resolve(s, cmd, a, max_pfn, &src, &pfn)))
		return err;
	if (pfn >= max_pfn)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "pfn 0x%llx is beyond the last one (max_pfn 0x%llx)%s",
					(unsigned long long)pfn, (unsigned long long)max_pfn,
					src.how || pfw_arg(cmd, a, "pfn") ? "" :
					"; for a user address, give --pid or choose a task");
	err = pfw_read_page(s->k, pfn, &p);
	if (err)
		return err;
	pfw_page_flag_names(s->k, p.flags, flags, sizeof(flags));
	if (s->json)
		json_page(s, &p, flags, &src);
	else
		print_page(s, &p, flags, &src);
	return NULL;
}
