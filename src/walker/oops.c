// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Finding the last page-fault oops in the kernel log: page_fault_oops() /
 * show_fault_oops() (6.x, arch/x86/mm/fault.c), no_context() (4.19), __die()
 * and __show_regs(); on arm64 die_kernel_fault(), mem_abort_decode()
 * (arch/arm64/mm/fault.c) and __show_regs() (arch/arm64/kernel/process.c).
 * Each era's and architecture's wording is matched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pfwhy/oops.h>

#include "kernel/kernel.h"
#include "kernel/printk.h"

/* The first line of a page-fault oops, by era; the address follows the prefix. */
static const char *const oops_starts[] = {
	"BUG: unable to handle page fault for address: ",	/* 5.1+ */
	"BUG: kernel NULL pointer dereference, address: ",	/* 5.1+ */
	"BUG: unable to handle kernel paging request at ",	/* 4.19 */
	"BUG: unable to handle kernel NULL pointer dereference at ", /* 4.19 */
};

/*
 * arm64's die_kernel_fault() (6.1 fault.c:305): "Unable to handle kernel
 * %s at virtual address %016lx", %s "paging request", "NULL pointer
 * dereference", "write to read-only memory", a fault_info[] name, ...
 */
#define ARM64_OOPS_START	"Unable to handle kernel "
#define ARM64_OOPS_AT		" at virtual address "

/* The address an oops's first line names, or false when it is no such line. */
static bool oops_start(const char *text, uint64_t *address)
{
	const char *p;
	size_t i;

	for (i = 0; i < sizeof(oops_starts) / sizeof(oops_starts[0]); i++) {
		p = strstr(text, oops_starts[i]);
		if (p) {
			*address = strtoull(p + strlen(oops_starts[i]), NULL, 16);
			return true;
		}
	}
	p = strstr(text, ARM64_OOPS_START);
	if (!p || !(p = strstr(p, ARM64_OOPS_AT)))
		return false;
	*address = strtoull(p + strlen(ARM64_OOPS_AT), NULL, 16);
	return true;
}

struct oops_scan {
	struct pfw_oops cur;
	bool in_oops;
	struct pfw_oops *list;
	int n;
	/* BUG:/WARNING: lines since the last oops, for the next one's context */
	int ncontext;
	char context[PFW_OOPS_MAX_CONTEXT][200];
};

static void keep_line(struct pfw_oops *o, const char *text)
{
	int i;

	for (i = 0; i < o->nlines; i++)
		if (!strncmp(o->lines[i], text, 4) && !strncmp(text, "CR2:", 4))
			return;	/* __show_regs() and the end of the oops both print CR2 */
	if (o->nlines < PFW_OOPS_MAX_LINES)
		snprintf(o->lines[o->nlines++], sizeof(o->lines[0]), "%s", text);
}

static void parse_rip(struct pfw_oops *o, const char *text)
{
	const char *p = strstr(text, "RIP: ");
	unsigned int cs;
	char sym[128];
	int at = 0;

	/* %pS: "sym+0x5/0x10" or, in a module, "sym+0x5/0x10 [mod]"; no ':', no %n */
	if (!p || sscanf(p, "RIP: %x:%n", &cs, &at) != 1 || !at || !p[at])
		return;
	snprintf(sym, sizeof(sym), "%.*s", (int)strcspn(p + at, "\n"), p + at);
	o->user_cs = cs & 3;
	snprintf(o->ip_text, sizeof(o->ip_text), "%s", sym);
	if (!strncmp(sym, "0x", 2)) {
		o->ip = strtoull(sym, NULL, 16);
		o->has_ip = true;
	}
	keep_line(o, text);
}

/*
 * arm64's __show_regs(): "pc : %pS" and "pstate: %08llx (...)"; the mode
 * field M[3:0] is 0 (EL0t) for user mode.
 */
static void parse_arm64_regs(struct pfw_oops *o, const char *text)
{
	const char *p;
	unsigned int pstate;

	if (!strncmp(text, "pc : ", 5) && !o->ip_text[0]) {
		p = text + 5;
		snprintf(o->ip_text, sizeof(o->ip_text), "%.*s", (int)strcspn(p, "\n"), p);
		if (!strncmp(p, "0x", 2)) {
			o->ip = strtoull(p, NULL, 16);
			o->has_ip = true;
		}
		keep_line(o, text);
	} else if (!strncmp(text, "pstate: ", 8) && sscanf(text, "pstate: %x", &pstate) == 1) {
		o->user_cs = (pstate & 0xf) == 0;
		keep_line(o, text);
	}
}

/* mem_abort_decode() and data_abort_decode() (6.1 fault.c:68-108): the ESR, and their lines */
static bool parse_abort_info(struct pfw_oops *o, const char *text)
{
	unsigned long long esr;
	const char *p;

	if ((p = strstr(text, "ESR = 0x")) && sscanf(p, "ESR = %llx", &esr) == 1) {
		o->error_code = (uint32_t)esr;
		o->has_error_code = true;
		keep_line(o, text);
		return true;
	}
	if (strstr(text, "Mem abort info:") || strstr(text, "Data abort info:") ||
	    strstr(text, "  EC = 0x") || strstr(text, "  FSC = 0x") || strstr(text, "  ISV = ") ||
	    strstr(text, "  CM = ")) {
		keep_line(o, text);
		return true;
	}
	return false;
}

/* One record inside an oops: pick out what the replay needs. */
static void parse_oops_line(struct pfw_oops *o, const char *text)
{
	const char *p;
	unsigned int ec;

	if (parse_abort_info(o, text))
		return;
	if ((p = strstr(text, "#PF: error_code(")) && sscanf(p, "#PF: error_code(%x)", &ec) == 1) {
		o->error_code = ec;
		o->has_error_code = true;
		keep_line(o, text);
	} else if (!strncmp(text, "#PF", 3)) {
		keep_line(o, text);
	} else if ((p = strstr(text, "Oops: ")) && sscanf(p, "Oops: %x", &ec) == 1) {
		if (!o->has_error_code) {
			o->error_code = ec;	/* __die() prints the error code too */
			o->has_error_code = true;
		}
		keep_line(o, text);
	} else if ((p = strstr(text, "PID: ")) && strstr(text, "Comm: ")) {
		sscanf(p, "PID: %d", &o->pid);
		sscanf(strstr(text, "Comm: "), "Comm: %31s", o->comm);
		keep_line(o, text);
	} else if (strstr(text, "RIP: ") && !o->ip_text[0]) {
		parse_rip(o, text);
	} else if (strstr(text, "CR2: ")) {
		keep_line(o, text);
	} else {
		parse_arm64_regs(o, text);
	}
}

static void end_oops(struct oops_scan *s)
{
	s->in_oops = false;
	if (s->n == PFW_OOPS_MAX)	/* keep the latest: drop the oldest */
		memmove(s->list, s->list + 1, --s->n * sizeof(*s->list));
	s->list[s->n++] = s->cur;
}

static void start_oops(struct oops_scan *s, uint64_t ts, const char *text, uint64_t address)
{
	if (s->in_oops)
		end_oops(s);
	memset(&s->cur, 0, sizeof(s->cur));
	s->cur.pid = -1;
	s->cur.ts_nsec = ts;
	s->cur.address = address;
	s->cur.ncontext = s->ncontext;
	memcpy(s->cur.context, s->context, sizeof(s->context));
	s->ncontext = 0;
	keep_line(&s->cur, text);
	s->in_oops = true;
}

/* A BUG: or WARNING: line that is no page-fault oops: context for the next one. */
static void keep_context(struct oops_scan *s, const char *text)
{
	if (!strstr(text, "BUG: ") && !strstr(text, "WARNING: "))
		return;
	if (s->ncontext == PFW_OOPS_MAX_CONTEXT)
		memmove(s->context, s->context + 1, --s->ncontext * sizeof(s->context[0]));
	snprintf(s->context[s->ncontext++], sizeof(s->context[0]), "%s", text);
}

static struct pfw_error *scan_record(struct pfw_kernel *k, uint64_t ts, int level,
				     const char *text, size_t len, void *arg)
{
	struct oops_scan *s = arg;
	uint64_t address;

	if (oops_start(text, &address)) {
		start_oops(s, ts, text, address);
		return NULL;
	}
	if (!s->in_oops) {
		/* the panic an oops led to comes after its end trace, before any other BUG */
		if (strstr(text, "Kernel panic - not syncing") && s->n && !s->ncontext)
			s->list[s->n - 1].panicked = true;
		keep_context(s, text);
		return NULL;
	}
	if (strstr(text, "Kernel panic - not syncing")) {
		s->cur.panicked = true;
		end_oops(s);
	} else if (strstr(text, "---[ end trace")) {
		end_oops(s);
	} else {
		parse_oops_line(&s->cur, text);
	}
	return NULL;
}

/* "symbol+0x5/0x10 [module]" -> the symbol's run-time address plus the offset */
static void resolve_ip(struct pfw_kernel *k, struct pfw_oops *o)
{
	struct pfw_kernel_address a;

	if (o->has_ip || !o->ip_text[0] || !strchr(o->ip_text, '+'))
		return;
	if (!pfw_ok(pfw_kernel_parse_address(k, o->ip_text, &a)))
		return;
	o->ip = a.addr;
	o->has_ip = true;
}

struct pfw_error *pfw_find_oopses(struct pfw_kernel *k, struct pfw_oops **list, int *n)
{
	struct oops_scan *s;
	struct pfw_error *err;
	int i;

	*list = NULL;
	*n = 0;
	s = calloc(1, sizeof(*s));
	if (!s)
		return &pfw_error_nomem;
	s->list = calloc(PFW_OOPS_MAX, sizeof(*s->list));
	if (!s->list) {
		free(s);
		return &pfw_error_nomem;
	}
	err = pfw_for_each_log_record(k, scan_record, s);
	if (!err && s->in_oops)
		end_oops(s);
	for (i = 0; i < s->n; i++)
		resolve_ip(k, &s->list[i]);
	if (err || !s->n)
		free(s->list);
	else
		*list = s->list, *n = s->n;
	free(s);
	return err;
}

struct pfw_error *pfw_find_oops(struct pfw_kernel *k, struct pfw_oops *oops, bool *found)
{
	struct pfw_oops *list;
	struct pfw_error *err;
	int n;

	err = pfw_find_oopses(k, &list, &n);
	*found = n > 0;
	if (n)
		*oops = list[n - 1];
	free(list);
	return err;
}
