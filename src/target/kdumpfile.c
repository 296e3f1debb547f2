// SPDX-License-Identifier: GPL-2.0-or-later
/* The libkdumpfile back end: kdump-compressed, ELF and QEMU vmcores, /proc/kcore. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>

#include <pfwhy/memory.h>

#include "flattened.h"

struct kdump_backend {
	kdump_ctx_t *ctx;
	int fd;
	const char *path;
};

static struct pfw_error *kdump_backend_read(void *arg, enum pfw_addr_space space,
					    uint64_t addr, void *buf, size_t len)
{
	struct kdump_backend *kb = arg;
	kdump_addrspace_t as = space == PFW_PHYS ? KDUMP_KPHYSADDR : KDUMP_KVADDR;
	const char *what = space == PFW_PHYS ? "physical" : "kernel virtual";
	size_t got = len;
	kdump_status st;

	st = kdump_read(kb->ctx, as, addr, buf, &got);
	if (st == KDUMP_OK)
		return NULL;
	if (st == KDUMP_ERR_NODATA)
		return pfw_error_create(PFW_ERR_EXCLUDED,
					"%s address 0x%llx is not in the dump (page excluded or not saved)",
					what, (unsigned long long)addr + got);
	return pfw_error_create(PFW_ERR_FAULT, "cannot read %s address 0x%llx: %s",
				what, (unsigned long long)addr + got,
				kdump_get_err(kb->ctx));
}

static void kdump_backend_destroy(void *arg)
{
	struct kdump_backend *kb = arg;

	if (kb->ctx)
		kdump_free(kb->ctx);
	if (kb->fd >= 0)
		close(kb->fd);
	free(kb);
}

static const struct pfw_memory_ops kdump_backend_ops = {
	.read = kdump_backend_read,
	.destroy = kdump_backend_destroy,
};

static struct pfw_error *open_fd(const char *path, int *fdp, bool *flattened)
{
	struct pfw_error *err;
	int fd, flat_fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pfw_error_create(PFW_ERR_INPUT, "%s: %s", path, strerror(errno));
	*flattened = pfw_is_flattened(fd);
	if (*flattened) {
		err = pfw_unflatten(fd, path, &flat_fd);
		close(fd);
		if (err)
			return err;
		fd = flat_fd;
	}
	*fdp = fd;
	return NULL;
}

/*
 * What a file libkdumpfile has no reader for is, in our words: an ELF that is
 * no core file (often the vmlinux given in the dump's place), or no dump.
 */
static struct pfw_error *not_a_dump(const char *path, int fd, kdump_ctx_t *ctx, kdump_status st)
{
	unsigned char ident[EI_NIDENT + 2];
	ssize_t n = pread(fd, ident, sizeof(ident), 0);
	uint16_t type;

	if (st != KDUMP_ERR_NOTIMPL)
		return pfw_error_create(PFW_ERR_INPUT, "%s: cannot read the dump: %s", path,
					kdump_get_err(ctx));
	if (n < (ssize_t)sizeof(ident) || memcmp(ident, ELFMAG, SELFMAG))
		return pfw_error_create(PFW_ERR_INPUT, "%s: not a kernel dump (not ELF, kdump-compressed or flattened)",
					path);
	type = ident[EI_NIDENT] | ident[EI_NIDENT + 1] << 8;	/* e_type, x86_64 is LSB */
	if (ident[EI_DATA] == ELFDATA2LSB && type != ET_CORE)
		return pfw_error_create(PFW_ERR_INPUT, "%s: an ELF file but not a core dump (a vmlinux goes with -s)",
					path);
	return pfw_error_create(PFW_ERR_INPUT, "%s: not a kernel dump pfwhy can read: %s", path,
				kdump_get_err(ctx));
}

/* A VMCOREINFO value: SYMBOL()s are unsigned hex, NUMBER()s signed decimal. */
static bool vmcoreinfo_number(const char *info, const char *key, uint64_t *val, int base)
{
	const char *p = info ? strstr(info, key) : NULL;

	if (!p || (p != info && p[-1] != '\n'))
		return false;
	p += strlen(key);
	*val = base == 16 ? strtoull(p, NULL, 16) : (uint64_t)strtoll(p, NULL, 10);
	return true;
}

/*
 * libkdumpfile 0.5.1 finds the kernel page tables of an ELF dump from the
 * CPU notes, but not those of a kdump-compressed dump written by QEMU (and a
 * failed first try is not retried).  Give it the root, init_top_pgt, through
 * the kernel-text mapping
 * (__pa_symbol: va - __START_KERNEL_map + phys_base) as VMCOREINFO states them.
 */
#define START_KERNEL_MAP 0xffffffff80000000ULL

static void init_kernel_translation(struct kdump_backend *kb, const char *info)
{
	uint64_t root_va, phys_base;
	addrxlat_fulladdr_t root;
	addrxlat_opt_t opts[4];
	addrxlat_ctx_t *axctx;
	addrxlat_sys_t *axsys;

	if (!vmcoreinfo_number(info, "SYMBOL(init_top_pgt)=", &root_va, 16) ||
	    !vmcoreinfo_number(info, "NUMBER(phys_base)=", &phys_base, 10))
		return;
	if (kdump_get_addrxlat(kb->ctx, &axctx, &axsys) != KDUMP_OK)
		return;
	root.as = ADDRXLAT_KPHYSADDR;
	root.addr = root_va - START_KERNEL_MAP + phys_base;
	addrxlat_opt_arch(&opts[0], "x86_64");
	addrxlat_opt_os_type(&opts[1], "linux");
	addrxlat_opt_phys_base(&opts[2], phys_base);
	addrxlat_opt_rootpgt(&opts[3], &root);
	addrxlat_sys_os_init(axsys, axctx, 4, opts);
	addrxlat_ctx_decref(axctx);
	addrxlat_sys_decref(axsys);
}

static char *describe_format(kdump_ctx_t *ctx, bool flattened)
{
	const char *fmt = NULL;
	char *s;

	kdump_get_string_attr(ctx, KDUMP_ATTR_FILE_FORMAT, &fmt);
	if (!fmt)
		fmt = "unknown";
	if (!strcmp(fmt, "diskdump"))
		fmt = "kdump-compressed";
	if (asprintf(&s, "%s%s", fmt, flattened ? " (flattened, reassembled in memory)" : "") < 0)
		return NULL;
	return s;
}

struct pfw_error *pfw_memory_open_dump(const char *path, struct pfw_memory **ret)
{
	struct kdump_backend *kb;
	struct pfw_memory *mem;
	struct pfw_error *err;
	bool flattened = false;
	kdump_status st;

	kb = calloc(1, sizeof(*kb));
	mem = calloc(1, sizeof(*mem));
	if (!kb || !mem) {
		free(kb);
		free(mem);
		return &pfw_error_nomem;
	}
	kb->fd = -1;
	kb->path = path;
	mem->ops = &kdump_backend_ops;
	mem->arg = kb;
	err = open_fd(path, &kb->fd, &flattened);
	if (err)
		goto fail;
	kb->ctx = kdump_new();
	if (!kb->ctx) {
		err = &pfw_error_nomem;
		goto fail;
	}
	st = kdump_open_fd(kb->ctx, kb->fd);
	if (st != KDUMP_OK) {
		err = not_a_dump(path, kb->fd, kb->ctx, st);
		goto fail;
	}
	/* Have libkdumpfile set up Linux kernel address translation. */
	st = kdump_set_string_attr(kb->ctx, KDUMP_ATTR_OSTYPE, "linux");
	if (st != KDUMP_OK) {
		err = pfw_error_create(PFW_ERR_INPUT, "%s: cannot set up Linux address translation: %s",
				       path, kdump_get_err(kb->ctx));
		goto fail;
	}
	if (kdump_vmcoreinfo_raw(kb->ctx, &mem->vmcoreinfo) != KDUMP_OK)
		mem->vmcoreinfo = NULL;
	init_kernel_translation(kb, mem->vmcoreinfo);
	mem->format = describe_format(kb->ctx, flattened);
	mem->live = !strcmp(path, "/proc/kcore");
	*ret = mem;
	return NULL;
fail:
	pfw_memory_destroy(mem);
	return err;
}
