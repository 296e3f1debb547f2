// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Kernel addresses <-> symbols over the vmlinux and the loaded modules, in
 * the kernel's own notation (%pS: "sym+0x5/0x10 [mod]").
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"

/*
 * is_ksym_addr() (kernel/kallsyms.c, CONFIG_KALLSYMS_ALL): kallsyms names
 * addresses of the image only, _stext to _end.  Per-CPU symbols are offsets
 * (current_task at 0x1ac00) and unsized ones (__brk_limit) would otherwise
 * claim user or module addresses.
 */
static bool in_vmlinux(struct pfw_kernel *k, uint64_t link)
{
	uint64_t start, end;

	/* is_ksym_addr() */
	if (!pfw_ok(pfw_symbol_address(k->dbi, "_stext", &start)) ||
	    !pfw_ok(pfw_symbol_address(k->dbi, "_end", &end)))
		return true;
	return link >= start && link < end;
}

bool pfw_kernel_in_vmlinux(struct pfw_kernel *k, uint64_t addr)
{
	return in_vmlinux(k, addr - k->kaslr_offset);
}

bool pfw_kernel_symbol_at(struct pfw_kernel *k, uint64_t addr, struct pfw_symbol_ref *ret)
{
	uint64_t off, size, link = addr - k->kaslr_offset;
	const char *name;

	if (pfw_module_symbol_at(k, addr, ret))
		return true;
	name = pfw_symbol_at(k->dbi, link, &off, &size);
	if (!name || !in_vmlinux(k, link))
		return false;
	memset(ret, 0, sizeof(*ret));
	snprintf(ret->name, sizeof(ret->name), "%s", name);
	ret->addr = addr - off;
	ret->offset = off;
	ret->size = size;
	return true;
}

/* As %pS prints it: "sym+0xoff/0xsize [module]" ("sym+0xoff" when unsized). */
void pfw_symbol_ref_format(const struct pfw_symbol_ref *s, char *buf, size_t size)
{
	int n;

	if (s->size)
		n = snprintf(buf, size, "%s+0x%llx/0x%llx", s->name, (unsigned long long)s->offset,
			     (unsigned long long)s->size);
	else
		n = snprintf(buf, size, "%s+0x%llx", s->name, (unsigned long long)s->offset);
	if (s->module[0] && n >= 0 && (size_t)n < size)
		snprintf(buf + n, size - n, " [%s]", s->module);
}

void pfw_kernel_format_address(struct pfw_kernel *k, uint64_t addr, char *buf, size_t size)
{
	struct pfw_symbol_ref s;

	if (!pfw_kernel_symbol_at(k, addr, &s)) {
		snprintf(buf, size, "0x%llx", (unsigned long long)addr);
		return;
	}
	pfw_symbol_ref_format(&s, buf, size);
}

struct pfw_error *pfw_kernel_symbol_lookup(struct pfw_kernel *k, const char *name,
					   struct pfw_symbol_ref *ret)
{
	char sym[128], module[64] = "";
	const char *br = strchr(name, '[');
	uint64_t link, off, size;

	snprintf(sym, sizeof(sym), "%.*s", (int)(br ? br - name : (long)strlen(name)), name);
	sym[strcspn(sym, " \t")] = 0;
	if (br)
		sscanf(br + 1, "%63[^]]", module);
	if (!module[0] && pfw_ok(pfw_symbol_address(k->dbi, sym, &link))) {
		memset(ret, 0, sizeof(*ret));
		snprintf(ret->name, sizeof(ret->name), "%s", sym);
		ret->addr = link + k->kaslr_offset;
		if (pfw_symbol_at(k->dbi, link, &off, &size) && !off)
			ret->size = size;
		return NULL;
	}
	return pfw_module_symbol_lookup(k, module[0] ? module : NULL, sym, ret);
}

/* an offset: hexadecimal, with or without 0x, as the kernel prints it */
static struct pfw_error *parse_number(const char *what, const char *s, uint64_t *val)
{
	char *end;

	errno = 0;
	*val = strtoull(s, &end, 16);
	if (errno || end == s || (*end && !isspace((unsigned char)*end) && *end != '/'))
		return pfw_error_create(PFW_ERR_USAGE, "bad %s \"%s\"", what, s);
	return NULL;
}

struct pfw_error *pfw_kernel_parse_address(struct pfw_kernel *k, const char *text,
					   struct pfw_kernel_address *ret)
{
	char name[256], *plus, *br;
	struct pfw_error *err;
	uint64_t off = 0;

	memset(ret, 0, sizeof(*ret));
	/* numbers are the front end's (pfw_parse_hex): a symbol never starts with a digit */
	if (isdigit((unsigned char)text[0]))
		return pfw_error_create(PFW_ERR_NOT_FOUND, "\"%s\" is not a symbol", text);
	snprintf(name, sizeof(name), "%s", text);
	br = strchr(name, '[');
	plus = strchr(name, '+');
	if (plus && (!br || plus < br)) {
		/* sym+off/len [mod]: the symbol keeps its [mod], the offset ends at '/' */
		if ((err = parse_number("offset", plus + 1, &off)))
			return err;
		memmove(plus, br ? br : "", br ? strlen(br) + 1 : 1);
	}
	err = pfw_kernel_symbol_lookup(k, name, &ret->sym);
	if (err)
		return err;
	ret->has_sym = true;
	ret->addr = ret->sym.addr + off;
	ret->sym.offset = off;
	ret->function = !plus;
	ret->size = ret->sym.size;
	return NULL;
}
