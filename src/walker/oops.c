// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Finding the last page-fault oops in the kernel log: page_fault_oops() /
 * show_fault_oops() (6.x, arch/x86/mm/fault.c), no_context() (4.19), __die()
 * and __show_regs().  Each era's wording is matched.
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

struct oops_scan {
	struct pfw_oops cur;
	bool in_oops;
	struct pfw_oops last;
	bool found;
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

	if (!p || sscanf(p, "RIP: %x:%127s", &cs, sym) != 2)
		return;
	o->user_cs = cs & 3;
	snprintf(o->ip_text, sizeof(o->ip_text), "%s", sym);
	if (!strncmp(sym, "0x", 2)) {
		o->ip = strtoull(sym, NULL, 16);
		o->has_ip = true;
	}
	keep_line(o, text);
}

/* One record inside an oops: pick out what the replay needs. */
static void parse_oops_line(struct pfw_oops *o, const char *text)
{
	const char *p;
	unsigned int ec;

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
	}
}

static struct pfw_error *scan_record(struct pfw_kernel *k, uint64_t ts, int level,
				     const char *text, size_t len, void *arg)
{
	struct oops_scan *s = arg;
	size_t i;

	for (i = 0; i < sizeof(oops_starts) / sizeof(oops_starts[0]); i++) {
		const char *p = strstr(text, oops_starts[i]);

		if (!p)
			continue;
		if (s->in_oops) {
			s->last = s->cur;
			s->found = true;
		}
		memset(&s->cur, 0, sizeof(s->cur));
		s->cur.pid = -1;
		s->cur.address = strtoull(p + strlen(oops_starts[i]), NULL, 16);
		keep_line(&s->cur, text);
		s->in_oops = true;
		return NULL;
	}
	if (s->in_oops) {
		if (strstr(text, "---[ end trace") || strstr(text, "Kernel panic")) {
			s->last = s->cur;
			s->found = true;
			s->in_oops = false;
			return NULL;
		}
		parse_oops_line(&s->cur, text);
	}
	return NULL;
}

/* "symbol+0x5/0x10" -> the symbol's run-time address plus the offset */
static void resolve_ip(struct pfw_kernel *k, struct pfw_oops *o)
{
	char name[128], *plus;
	uint64_t addr;

	if (o->has_ip || !o->ip_text[0])
		return;
	snprintf(name, sizeof(name), "%s", o->ip_text);
	plus = strchr(name, '+');
	if (!plus)
		return;
	*plus = 0;
	if (!pfw_ok(pfw_kernel_symbol(k, name, &addr)))
		return;
	o->ip = addr + strtoull(plus + 1, NULL, 16);
	o->has_ip = true;
}

struct pfw_error *pfw_find_oops(struct pfw_kernel *k, struct pfw_oops *oops, bool *found)
{
	struct oops_scan *s;
	struct pfw_error *err;

	s = calloc(1, sizeof(*s));
	if (!s)
		return &pfw_error_nomem;
	err = pfw_for_each_log_record(k, scan_record, s);
	if (!err && s->in_oops) {
		s->last = s->cur;
		s->found = true;
	}
	*found = s->found;
	if (s->found) {
		*oops = s->last;
		resolve_ip(k, oops);
	}
	free(s);
	return err;
}
