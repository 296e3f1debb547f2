// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * search_exception_tables() (kernel/extable.c, arch/x86/mm/extable.c,
 * arch/arm64/mm/extable.c): the
 * vmlinux's __ex_table (search_kernel_exception_table()), then each module's
 * mod->extable of num_exentries (search_module_extables()).  Entries are
 * self-relative { int insn, fixup, data } (4.19 to 5.15: { insn, fixup,
 * handler }, handler the function fixup_exception() calls,
 * ex_fixup_handler(); arm64 5.16+: { int insn, fixup; short type, data }),
 * so the vmlinux's are read at link addresses from the ELF section and a
 * module's at run-time addresses from the dump.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "walker.h"

struct ex_layout {
	uint64_t entsize;
	struct pfw_member insn, fixup, data, type, handler;
	bool has_data, has_type, has_handler;
};

/* One entry, at run-time addresses. */
struct ex_entry {
	uint64_t insn, fixup;
	int32_t data;
	int type;		/* EX_TYPE_*, -1 where the era has none */
	uint64_t handler;	/* x86 before 5.16: ex_handler_*(), else 0 */
};

typedef bool ex_fn(struct fault_ctx *c, const struct ex_entry *e, void *arg);

static int32_t rel_at(const char *buf, uint64_t off)
{
	int32_t v;

	memcpy(&v, buf + off, sizeof(v));
	return v;
}

static struct ex_entry decode(const struct ex_layout *l, const char *buf, uint64_t entry)
{
	struct ex_entry e;
	int16_t type;

	e.insn = entry + l->insn.offset + rel_at(buf, l->insn.offset);
	e.fixup = entry + l->fixup.offset + rel_at(buf, l->fixup.offset);
	e.data = l->has_data ? rel_at(buf, l->data.offset) : 0;
	e.type = -1;
	e.handler = 0;
	if (l->has_handler)	/* ex_fixup_handler(): &x->handler + x->handler */
		e.handler = entry + l->handler.offset + rel_at(buf, l->handler.offset);
	if (l->has_type) {
		/* arm64: a short of its own */
		memcpy(&type, buf + l->type.offset, sizeof(type));
		e.type = type;
	} else if (l->has_data) {
		/* x86 5.16+: the type in the low byte of data */
		e.type = e.data & 0xff;
	}
	return e;
}

static struct pfw_error *read_layout(struct fault_ctx *c, struct ex_layout *l)
{
	struct pfw_error *err;

	if ((err = pfw_struct_size(c->k->dbi, "exception_table_entry", &l->entsize)) ||
	    (err = pfw_member(c->k->dbi, "exception_table_entry", "insn", &l->insn)) ||
	    (err = pfw_member(c->k->dbi, "exception_table_entry", "fixup", &l->fixup)))
		return err;
	l->has_data = pfw_ok(pfw_member(c->k->dbi, "exception_table_entry", "data", &l->data)) &&
		      l->data.size == 4;
	l->has_type = pfw_ok(pfw_member(c->k->dbi, "exception_table_entry", "type", &l->type)) &&
		      l->type.size == 2;
	l->has_handler = pfw_ok(pfw_member(c->k->dbi, "exception_table_entry", "handler",
					   &l->handler)) && l->handler.size == 4;
	if (!l->entsize || l->entsize > 64 ||
	    (l->has_data && l->data.offset + 4 > l->entsize) ||
	    (l->has_type && l->type.offset + 2 > l->entsize) ||
	    (l->has_handler && l->handler.offset + 4 > l->entsize) ||
	    l->insn.offset + 4 > l->entsize || l->fixup.offset + 4 > l->entsize)
		return pfw_error_create(PFW_ERR_CORRUPT, "exception_table_entry has size %llu",
					(unsigned long long)l->entsize);
	return NULL;
}

/* search_kernel_exception_table(): true when fn stopped the walk */
static struct pfw_error *walk_kernel_table(struct fault_ctx *c, const struct ex_layout *l,
					   ex_fn *fn, void *arg, bool *stopped)
{
	uint64_t sec_addr, i;
	struct pfw_error *err;
	Elf_Data *data;

	if ((err = pfw_section_data(c->k->dbi, "__ex_table", &sec_addr, &data)))
		return err;
	for (i = 0; i + l->entsize <= data->d_size; i += l->entsize) {
		struct ex_entry e = decode(l, (const char *)data->d_buf + i,
					   sec_addr + i + c->k->kaslr_offset);

		if (fn(c, &e, arg)) {
			*stopped = true;
			return NULL;
		}
	}
	return NULL;
}

struct module_walk {
	const struct ex_layout *l;
	ex_fn *fn;
	void *arg;
	struct fault_ctx *c;
	uint64_t ip;		/* only the module holding it is searched */
};

/* search_module_extables(): one module's table, from the dump */
static struct pfw_error *walk_module_table(struct pfw_kernel *k, const struct pfw_module *m,
					   void *arg)
{
	struct module_walk *w = arg;
	size_t len = (size_t)m->num_exentries * w->l->entsize;
	struct pfw_error *err;
	char *buf;
	size_t i;
	int r;

	/* search_module_extables(): __module_address(addr), then its table only */
	for (r = 0; r < m->nregions; r++)
		if (w->ip >= m->regions[r].base && w->ip - m->regions[r].base < m->regions[r].size)
			break;
	if (r == m->nregions || m->unformed || !m->num_exentries || !m->extable)
		return NULL;
	buf = malloc(len);
	if (!buf)
		return &pfw_error_nomem;
	err = pfw_read_kv(k, m->extable, buf, len);
	if (err) {
		free(buf);
		return pfw_error_wrap(err, "module %s: exception table", m->name);
	}
	for (i = 0; i < m->num_exentries; i++) {
		struct ex_entry e = decode(w->l, buf + i * w->l->entsize,
					   m->extable + i * w->l->entsize);

		if (w->fn(w->c, &e, w->arg)) {
			free(buf);
			return &pfw_walk_stop;
		}
	}
	free(buf);
	return NULL;
}

/* The entries that can hold ip: the vmlinux's table, or ip's module's. */
static struct pfw_error *for_each_entry(struct fault_ctx *c, uint64_t ip, ex_fn *fn, void *arg)
{
	struct ex_layout l;
	struct module_walk w = { &l, fn, arg, c, ip };
	struct pfw_error *err;
	bool stopped = false;

	if ((err = read_layout(c, &l)) || (err = walk_kernel_table(c, &l, fn, arg, &stopped)))
		return err;
	if (stopped || pfw_kernel_in_vmlinux(c->k, ip))
		return NULL;
	err = pfw_for_each_module(c->k, walk_module_table, &w);
	return err == &pfw_walk_stop ? NULL : err;
}

static const char *ex_type_name(struct fault_ctx *c, const struct ex_entry *e)
{
	const struct pfw_arch_ops *a = c->k->arch;

	if (e->type < 0 || (unsigned int)e->type >= a->nr_ex_types)
		return NULL;
	return a->ex_type_names[e->type];
}

/* Before 5.16: the handler fixup_exception() calls, by name ("ex_handler_uaccess") */
static bool handler_name(struct fault_ctx *c, const struct ex_entry *e, char *buf, size_t size)
{
	struct pfw_ksym h;
	size_t n;

	if (!e->handler)
		return false;
	h = fault_ksym(c, e->handler);
	n = strcspn(h.sym, "+");
	if (n)
		snprintf(buf, size, "%.*s", (int)n, h.sym);
	else
		snprintf(buf, size, "0x%llx", (unsigned long long)e->handler);
	return true;
}

static void describe_fixup(struct fault_ctx *c, const struct ex_entry *e, char *buf, size_t size)
{
	const char *type = ex_type_name(c, e);
	struct pfw_ksym fixup = fault_ksym(c, e->fixup);
	char handler[200];

	if (type)
		snprintf(buf, size, "fixup at %s, type EX_TYPE_%s", fixup.s, type);
	else if (handler_name(c, e, handler, sizeof(handler)))
		snprintf(buf, size, "fixup at %s, handler %s", fixup.s, handler);
	else
		snprintf(buf, size, "fixup at %s", fixup.s);
}

struct exact_search {
	uint64_t ip;
	struct ex_entry found;
	bool hit;
};

static bool match_ip(struct fault_ctx *c, const struct ex_entry *e, void *arg)
{
	struct exact_search *s = arg;

	if (e->insn != s->ip)
		return false;
	s->found = *e;
	s->hit = true;
	return true;
}

struct pfw_error *search_exception_tables(struct fault_ctx *c, uint64_t ip, bool *found,
					  char *fixup, size_t size)
{
	struct exact_search s = { .ip = ip };
	struct pfw_error *err = for_each_entry(c, ip, match_ip, &s);

	*found = s.hit;
	if (!err && s.hit)
		describe_fixup(c, &s.found, fixup, size);
	return err;
}

struct range_search {
	uint64_t start, end;
	unsigned int count;
	char *list;
	size_t size;
};

/* "+0xa UACCESS" for each entry: the function is named once by the caller */
static bool match_range(struct fault_ctx *c, const struct ex_entry *e, void *arg)
{
	struct range_search *s = arg;
	size_t used = strlen(s->list);
	const char *type;
	char handler[200];

	if (e->insn < s->start || e->insn >= s->end)
		return false;
	s->count++;
	type = ex_type_name(c, e);
	if (!type && handler_name(c, e, handler, sizeof(handler)))
		type = handler;
	if (used + 32 < s->size)
		snprintf(s->list + used, s->size - used, "%s+0x%llx%s%s", used ? ", " : "",
			 (unsigned long long)(e->insn - s->start), type ? " " : "", type ? type : "");
	return false;
}

struct pfw_error *search_exception_tables_range(struct fault_ctx *c, uint64_t start,
						uint64_t end, unsigned int *count,
						char *list, size_t size)
{
	struct range_search s = { start, end, 0, list, size };
	struct pfw_error *err;

	list[0] = 0;
	err = for_each_entry(c, start, match_range, &s);
	*count = s.count;
	return err;
}

/*
 * What the exception table says about regs->ip: an entry (fixup_exception()
 * succeeds; a uaccess routine, so x86's EFLAGS.AC is set between stac and
 * clac, arm64's PSTATE.PAN clear between uaccess_enable and _disable) or
 * none.  --ip FUNCTION means somewhere in the function: any entry in its
 * range makes it a uaccess routine, and the access is taken as one of those.
 * Moved from src/walker/fault.c (now src/arch/x86_64/fault.c).
 */
enum ip_class classify_ip(struct fault_ctx *c, char *why, size_t size)
{
	const struct pfw_fault_request *r = c->req;
	char list[640];
	struct pfw_error *err;
	unsigned int n = 0;
	bool found = false;

	if (!r->has_ip) {
		c->ip_consulted = true;
		if (c->ip_assumption == IP_ASSUME_UACCESS)
			snprintf(why, size, "no --ip: as if from a uaccess routine (an exception-table entry, %s)",
				 c->k->arch->uaccess_state);
		else
			snprintf(why, size, "no --ip: as if from plain kernel code (no exception-table entry, %s)",
				 c->k->arch->plain_state);
		return c->ip_assumption == IP_ASSUME_UACCESS ? IP_FIXUP : IP_NO_FIXUP;
	}
	if (r->ip_is_function)
		err = search_exception_tables_range(c, r->ip, r->ip_end, &n, list, sizeof(list));
	else
		err = search_exception_tables(c, r->ip, &found, list, sizeof(list));
	if (err) {
		snprintf(why, size, "cannot read the exception tables: %s", err->message);
		pfw_error_destroy(err);
		return IP_ERROR;
	}
	if (r->ip_is_function && n) {
		snprintf(why, size, "--ip %s: %u exception-table entr%s (%s), a uaccess routine: the access is taken as one of them",
			 r->ip_name, n, n == 1 ? "y" : "ies", list);
		return IP_FIXUP;
	}
	if (r->ip_is_function) {
		snprintf(why, size, "--ip %s: no exception-table entry in 0x%llx-0x%llx",
			 r->ip_name, (unsigned long long)r->ip, (unsigned long long)r->ip_end);
		return IP_NO_FIXUP;
	}
	if (found)
		snprintf(why, size, "ip %s: %s", fault_ksym(c, r->ip).s, list);
	else
		snprintf(why, size, "ip %s has no exception-table entry", fault_ksym(c, r->ip).s);
	return found ? IP_FIXUP : IP_NO_FIXUP;
}
