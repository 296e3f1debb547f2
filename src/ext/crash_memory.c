// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * crash's readmem() as a pfwhy memory back end: the core reads the dump
 * crash has open exactly as crash's own commands do (crash's dump readers,
 * its kernel page-table translation, its page cache).  Symbols and types do
 * not come from crash: the core reads the vmlinux crash loaded through libdw.
 */
#include <crash/defs.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext/crash_ext.h"

/* The kernel's VMCOREINFO_BYTES is one page. */
#define VMCOREINFO_MAX	4096

static const char *space_name(int memtype)
{
	return memtype == PHYSADDR ? "physical" : "kernel virtual";
}

/*
 * readmem() failed somewhere in [addr, addr + len).  It does not say why, so
 * redo its per-page steps to find the page and the reason: no translation,
 * a page the dump left out (makedumpfile -d, a truncated dump), or a read
 * error.  The core treats a page left out differently from an unreadable
 * address: it may make a verdict undecidable, not wrong.
 */
static struct pfw_error *diagnose(int memtype, uint64_t addr, size_t len)
{
	int fd = ACTIVE() ? pc->mfd : pc->dfd;
	uint64_t end = addr + len;
	char page[4096];

	while (addr < end) {
		physaddr_t paddr = addr;
		long cnt;
		int ret;

		if (memtype == KVADDR && !kvtop(CURRENT_CONTEXT(), addr, &paddr, 0))
			return pfw_error_create(PFW_ERR_FAULT,
						"cannot read kernel virtual address 0x%llx: crash cannot translate it",
						(unsigned long long)addr);
		cnt = PAGESIZE() - PAGEOFFSET(paddr);
		if (cnt > (long)sizeof(page))
			cnt = sizeof(page);
		if ((uint64_t)cnt > end - addr)
			cnt = end - addr;
		ret = pc->readmem(fd, page, cnt, memtype == KVADDR ? addr : 0, paddr);
		if (ret == PAGE_EXCLUDED || ret == PAGE_INCOMPLETE)
			return pfw_error_create(PFW_ERR_EXCLUDED,
						"%s address 0x%llx is not in the dump (page excluded or not saved)",
						space_name(memtype), (unsigned long long)addr);
		if (ret != cnt)
			return pfw_error_create(PFW_ERR_FAULT,
						"cannot read %s address 0x%llx: crash's %s",
						space_name(memtype), (unsigned long long)addr,
						ret == SEEK_ERROR ? "seek error" : "read error");
		addr += cnt;
	}
	return pfw_error_create(PFW_ERR_FAULT, "cannot read %s address 0x%llx: crash's readmem failed",
				space_name(memtype), (unsigned long long)(end - len));
}

static struct pfw_error *crash_read(void *arg, enum pfw_addr_space space, uint64_t addr,
				    void *buf, size_t len)
{
	int memtype = space == PFW_PHYS ? PHYSADDR : KVADDR;

	if (!len)
		return NULL;
	if (len > LONG_MAX)
		return pfw_error_create(PFW_ERR_FAULT, "read of %zu bytes is too large", len);
	if (readmem(addr, memtype, buf, len, "pfwhy", RETURN_ON_ERROR | QUIET))
		return NULL;
	return diagnose(memtype, addr, len);
}

static const struct pfw_memory_ops crash_memory_ops = {
	.read = crash_read,
};

/*
 * The kernel's own VMCOREINFO text (kernel/crash_core.c): vmcoreinfo_data
 * points to it (4.15+; an array before), vmcoreinfo_size is its length.
 * The note in the dump is a copy of it; crash_save_vmcoreinfo() appends
 * CRASHTIME to this text before copying.
 */
static char *kernel_vmcoreinfo(void)
{
	ulong data, size_addr;
	uint64_t size = 0;
	char head[16];
	char *text;

	if (!symbol_exists("vmcoreinfo_data") || !symbol_exists("vmcoreinfo_size"))
		return NULL;
	data = symbol_value("vmcoreinfo_data");
	size_addr = symbol_value("vmcoreinfo_size");
	if (!readmem(size_addr, KVADDR, &size, sizeof(size), "vmcoreinfo_size",
		     RETURN_ON_ERROR | QUIET) || !size)
		return NULL;
	if (size > VMCOREINFO_MAX)
		size = VMCOREINFO_MAX;
	/* before 4.15 (203e9e41219b), the array itself */
	if (!readmem(data, KVADDR, head, sizeof(head), "vmcoreinfo_data", RETURN_ON_ERROR | QUIET))
		return NULL;
	if (strncmp(head, "OSRELEASE=", 10)) {
		uint64_t ptr;

		memcpy(&ptr, head, sizeof(ptr));
		data = ptr;
	}
	text = calloc(1, size + 1);
	if (!text)
		return NULL;
	if (!readmem(data, KVADDR, text, size, "vmcoreinfo_data", RETURN_ON_ERROR | QUIET) ||
	    strncmp(text, "OSRELEASE=", 10)) {
		free(text);
		return NULL;
	}
	text[strnlen(text, size)] = 0;
	return text;
}

struct text {
	char *s;
	size_t len;
};

static void text_add(struct text *t, const char *key, const char *value)
{
	char *line, *s;
	int n;

	n = asprintf(&line, "%s=%s\n", key, value);
	if (n < 0)
		return;
	s = realloc(t->s, t->len + n + 1);
	if (s) {
		memcpy(s + t->len, line, n + 1);
		t->s = s;
		t->len += n;
	}
	free(line);
}

static bool text_has(const struct text *t, const char *key)
{
	struct pfw_memory m = { .vmcoreinfo = t->s };

	return pfw_vmcoreinfo_get(&m, key, NULL) != NULL;
}

/*
 * Without the kernel's text: the keys the core reads (src/kernel/open.c),
 * from the dump's VMCOREINFO note through crash's reader, then the values
 * crash found itself (its KASLR offset: --kaslr, or its own search).
 */
static char *assembled_vmcoreinfo(void)
{
	static const char *const keys[] = {
		"OSRELEASE", "BUILD-ID", "PAGESIZE", "KERNELOFFSET", "NUMBER(phys_base)",
		"NUMBER(pgtable_l5_enabled)", "CRASHTIME",
	};
	struct text t = { 0 };
	char value[64];
	size_t i;

	for (i = 0; pc->read_vmcoreinfo && i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *v = pc->read_vmcoreinfo(keys[i]);

		if (v) {
			text_add(&t, keys[i], v);
			free(v);
		}
	}
	if (!text_has(&t, "OSRELEASE") && kt->utsname.release[0])
		text_add(&t, "OSRELEASE", kt->utsname.release);
	if (!text_has(&t, "KERNELOFFSET") && (kt->flags & RELOC_SET)) {
		snprintf(value, sizeof(value), "%lx", (ulong)0 - kt->relocate);
		text_add(&t, "KERNELOFFSET", value);
	}
	return t.s;
}

struct pfw_error *pfw_crash_memory_open(struct pfw_memory **ret)
{
	struct pfw_memory *mem;
	const char *how = "the kernel's vmcoreinfo_data";

	mem = calloc(1, sizeof(*mem));
	if (!mem)
		return &pfw_error_nomem;
	mem->ops = &crash_memory_ops;
	mem->dump_level = -1;	/* crash says it itself ([PARTIAL DUMP]) */
	mem->vmcoreinfo = kernel_vmcoreinfo();
	if (!mem->vmcoreinfo) {
		mem->vmcoreinfo = assembled_vmcoreinfo();
		how = "crash's VMCOREINFO reader";
	}
	if (asprintf(&mem->format, "crash %s readmem (%s; VMCOREINFO from %s)",
		     pc->program_version ? pc->program_version : "?",
		     pc->dumpfile ? pc->dumpfile : ACTIVE() ? "live" : "?", how) < 0)
		mem->format = NULL;
	mem->live = LIVE() ? 1 : 0;
	*ret = mem;
	return NULL;
}

struct pfw_error *pfw_crash_vmlinux(char **ret)
{
	const char *path = pc->namelist_debug ? pc->namelist_debug : pc->namelist;

	if (!path)
		return pfw_error_create(PFW_ERR_INPUT, "crash has no vmlinux loaded");
	*ret = realpath(path, NULL);
	if (!*ret)
		return pfw_error_create(PFW_ERR_INPUT, "%s (crash's vmlinux): %s", path,
					strerror(errno));
	return NULL;
}
