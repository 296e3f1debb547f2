// SPDX-License-Identifier: GPL-2.0-or-later
/* The libkdumpfile back end: kdump-compressed, ELF and QEMU vmcores, /proc/kcore. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libkdumpfile/kdumpfile.h>

#include <pfwhy/memory.h>

#include "flattened.h"
#include "validate.h"

struct kdump_backend {
	kdump_ctx_t *ctx;
	int fd;
	const char *path;
	struct pfw_extents ext;		/* what a reassembled flattened dump holds */
	struct pfw_dump_map *map;	/* NULL for /proc/kcore */
	addrxlat_cb_t *cb;		/* refuses page tables beyond a cut */
	addrxlat_ctx_t *axctx;
	addrxlat_sys_t *axsys;
	enum pfw_page_status refused;	/* why cb refused the last page table */
	uint64_t refused_addr;
};

/*
 * libkdumpfile's cache.size (1024 pages by default).  pfwhy keeps the pages
 * it reads in its own cache (read_cache.c), so libkdumpfile's serves mostly
 * the page tables its address translation walks; and it looks up a page by
 * walking its list, so every miss costs a walk of all of it.  callgrind on
 * the busy dump (bench/scan.sh's): smaps --rollup 253 M instructions with
 * 1024, 241 M with 64; ps, vma and faultmap within 0.2% either way.
 */
#define LIBKDUMPFILE_CACHE	64

static const char *space_name(enum pfw_addr_space space)
{
	return space == PFW_PHYS ? "physical" : "kernel virtual";
}

/*
 * libkdumpfile's answer for an address it could not read.  With a map of
 * the file the reason is precise: beyond a cut, excluded by makedumpfile,
 * not RAM or past its end; a page table the callback refused names its own.
 */
static struct pfw_error *read_error(struct kdump_backend *kb, kdump_status st,
				    enum pfw_addr_space space, uint64_t addr)
{
	const char *what = space_name(space);
	uint64_t cut;

	if (kb->refused != PFW_PAGE_OK) {
		struct pfw_error *err = pfw_dump_page_error(kb->map, kb->refused, "physical",
							    kb->refused_addr);

		kb->refused = PFW_PAGE_OK;
		return pfw_error_wrap(err, "cannot translate %s address 0x%llx: a page table",
				      what, (unsigned long long)addr);
	}
	if (kb->map && space == PFW_PHYS) {
		enum pfw_page_status ps = pfw_dump_page_status(kb->map, addr);

		if (ps != PFW_PAGE_OK)
			return pfw_dump_page_error(kb->map, ps, what, addr);
	}
	/*
	 * libkdumpfile 0.5.1 reads an ELF dump's page tables without the
	 * callback: one beyond the cut reads as zeros, a missing mapping.
	 */
	if (kb->map && space == PFW_KVADDR && pfw_dump_truncated(kb->map, &cut))
		return pfw_error_create(PFW_ERR_TRUNCATED,
					"cannot translate %s address 0x%llx: no mapping read, and the dump is truncated at offset %llu (its page tables may lie beyond)",
					what, (unsigned long long)addr, (unsigned long long)cut);
	if (st == KDUMP_ERR_NODATA)
		return pfw_error_create(PFW_ERR_EXCLUDED,
					"%s address 0x%llx is not in the dump (page excluded or not saved)",
					what, (unsigned long long)addr);
	return pfw_error_create(PFW_ERR_FAULT, "cannot read %s address 0x%llx: %s",
				what, (unsigned long long)addr, kdump_get_err(kb->ctx));
}

static struct pfw_error *read_direct(struct kdump_backend *kb, enum pfw_addr_space space,
				     uint64_t addr, void *buf, size_t len)
{
	kdump_addrspace_t as = space == PFW_PHYS ? KDUMP_KPHYSADDR : KDUMP_KVADDR;
	size_t got = len;
	kdump_status st;

	kb->refused = PFW_PAGE_OK;
	st = kdump_read(kb->ctx, as, addr, buf, &got);
	if (st == KDUMP_OK)
		return NULL;
	return read_error(kb, st, space, addr + got);
}

/*
 * A dump with pages beyond a cut or with corrupt descriptors: libkdumpfile
 * would read zeros there (it pads short reads), so every page is translated
 * and checked against the map before its data is read.
 */
static struct pfw_error *read_checked_page(void *arg, enum pfw_addr_space space, uint64_t addr,
					   void *buf, size_t len)
{
	struct kdump_backend *kb = arg;
	addrxlat_fulladdr_t fa = { .addr = addr, .as = ADDRXLAT_KVADDR };
	enum pfw_page_status ps;

	if (space == PFW_KVADDR) {
		kb->refused = PFW_PAGE_OK;
		if (addrxlat_fulladdr_conv(&fa, ADDRXLAT_KPHYSADDR, kb->axctx, kb->axsys) !=
		    ADDRXLAT_OK)
			return read_error(kb, KDUMP_ERR_NODATA, space, addr);
	} else {
		fa.addr = addr;
	}
	ps = pfw_dump_page_status(kb->map, fa.addr);
	if (ps != PFW_PAGE_OK)
		return pfw_error_wrap(pfw_dump_page_error(kb->map, ps, "physical", fa.addr),
				      "cannot read %s address 0x%llx", space_name(space),
				      (unsigned long long)addr);
	return read_direct(kb, PFW_PHYS, fa.addr, buf, len);
}

static struct pfw_error *kdump_backend_read(void *arg, enum pfw_addr_space space,
					    uint64_t addr, void *buf, size_t len)
{
	struct kdump_backend *kb = arg;

	if (!kb->map || !pfw_dump_has_holes(kb->map))
		return read_direct(kb, space, addr, buf, len);
	return pfw_memory_read_pages(read_checked_page, kb, space, addr, buf, len);
}

static void kdump_backend_destroy(void *arg)
{
	struct kdump_backend *kb = arg;

	if (kb->cb)
		addrxlat_ctx_del_cb(kb->axctx, kb->cb);
	if (kb->axctx)
		addrxlat_ctx_decref(kb->axctx);
	if (kb->axsys)
		addrxlat_sys_decref(kb->axsys);
	if (kb->ctx)
		kdump_free(kb->ctx);
	if (kb->fd >= 0)
		close(kb->fd);
	pfw_dump_map_free(kb->map);
	pfw_extents_free(&kb->ext);
	free(kb);
}

static void *kdump_backend_clone(void *arg);

static const struct pfw_memory_ops kdump_backend_ops = {
	.read = kdump_backend_read,
	.destroy = kdump_backend_destroy,
	.clone = kdump_backend_clone,
};

/*
 * Only a regular file: a FIFO would block in open() and hand libkdumpfile
 * a stream it cannot seek.  O_NONBLOCK makes open() return at once.
 */
static struct pfw_error *open_regular(const char *path, int *fdp)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return pfw_error_create(PFW_ERR_INPUT, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return pfw_error_create(PFW_ERR_INPUT, "%s: not a regular file", path);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	*fdp = fd;
	return NULL;
}

static struct pfw_error *open_fd(struct kdump_backend *kb, const char *path, bool *flattened)
{
	struct pfw_error *err;
	uint64_t cut = 0;
	int fd = -1, flat_fd = -1;

	err = open_regular(path, &fd);
	if (err)
		return err;
	*flattened = pfw_is_flattened(fd);
	if (*flattened) {
		err = pfw_unflatten(fd, path, &flat_fd, &kb->ext, &cut);
		close(fd);
		if (err)
			return err;
		fd = flat_fd;
	}
	kb->fd = fd;
	if (!strcmp(path, "/proc/kcore"))
		return NULL;
	return pfw_dump_check(fd, path, *flattened ? &kb->ext : NULL, cut, &kb->map);
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

/* Page tables beyond a cut or with a corrupt descriptor are refused, not read as zeros. */
static addrxlat_status checked_get_page(const addrxlat_cb_t *cb, addrxlat_buffer_t *buf)
{
	struct kdump_backend *kb = cb->priv;
	enum pfw_page_status ps;

	if (buf->addr.as == ADDRXLAT_KPHYSADDR || buf->addr.as == ADDRXLAT_MACHPHYSADDR) {
		ps = pfw_dump_page_status(kb->map, buf->addr.addr);
		if (ps != PFW_PAGE_OK) {
			kb->refused = ps;
			kb->refused_addr = buf->addr.addr;
			return ADDRXLAT_ERR_NODATA;
		}
	}
	return cb->next->get_page(cb->next, buf);
}

static struct pfw_error *check_translation(struct kdump_backend *kb)
{
	if (!kb->map || !pfw_dump_has_holes(kb->map))
		return NULL;
	if (kdump_get_addrxlat(kb->ctx, &kb->axctx, &kb->axsys) != KDUMP_OK)
		return pfw_error_create(PFW_ERR_INPUT, "%s: no address translation: %s",
					kb->path, kdump_get_err(kb->ctx));
	kb->cb = addrxlat_ctx_add_cb(kb->axctx);
	if (!kb->cb)
		return &pfw_error_nomem;
	kb->cb->priv = kb;
	kb->cb->get_page = checked_get_page;
	return NULL;
}

/*
 * read(2), never mmap(2): libkdumpfile maps the file in chunks and a
 * chunk that runs past the end of a truncated file raises SIGBUS.
 */
static struct pfw_error *open_library(struct kdump_backend *kb)
{
	kdump_attr_t policy = { .type = KDUMP_NUMBER, .val.number = KDUMP_MMAP_NEVER };
	kdump_attr_t cache = { .type = KDUMP_NUMBER, .val.number = LIBKDUMPFILE_CACHE };
	kdump_status st;

	kb->ctx = kdump_new();
	if (!kb->ctx)
		return &pfw_error_nomem;
	if (kdump_set_attr(kb->ctx, KDUMP_ATTR_FILE_MMAP_POLICY, &policy) != KDUMP_OK)
		return pfw_error_create(PFW_ERR_INPUT, "%s: cannot set up libkdumpfile: %s",
					kb->path, kdump_get_err(kb->ctx));
	st = kdump_open_fd(kb->ctx, kb->fd);
	if (st != KDUMP_OK)
		return not_a_dump(kb->path, kb->fd, kb->ctx, st);
	/* a smaller cache only costs speed: ignore a refusal */
	kdump_set_attr(kb->ctx, "cache.size", &cache);
	/* Have libkdumpfile set up Linux kernel address translation. */
	if (kdump_set_string_attr(kb->ctx, KDUMP_ATTR_OSTYPE, "linux") != KDUMP_OK)
		return pfw_error_create(PFW_ERR_INPUT, "%s: cannot set up Linux address translation: %s",
					kb->path, kdump_get_err(kb->ctx));
	return NULL;
}

/*
 * makedumpfile's -d level, from the kdump sub-header (diskdump_mod.h:
 * struct kdump_sub_header { unsigned long phys_base; int dump_level; ... }
 * at block_size, which struct disk_dump_header holds at offset 428).
 * libkdumpfile 0.5.1 does not expose it; crash marks a dump whose level is
 * above 0 "[PARTIAL DUMP]" (is_partial_diskdump()).
 */
static int read_dump_level(int fd)
{
	char sig[8];
	int32_t version, block_size, level;

	if (pread(fd, sig, sizeof(sig), 0) != sizeof(sig) || memcmp(sig, "KDUMP   ", 8) ||
	    pread(fd, &version, 4, 8) != 4 || version < 1 ||
	    pread(fd, &block_size, 4, 428) != 4 || block_size <= 0 ||
	    pread(fd, &level, 4, (off_t)block_size + 8) != 4)
		return -1;
	return level;
}

/* libkdumpfile's name for the dumped architecture, as an ELF machine; 0 unknown. */
static int dump_machine(kdump_ctx_t *ctx)
{
	const char *arch = NULL;

	if (kdump_get_string_attr(ctx, KDUMP_ATTR_ARCH_NAME, &arch) != KDUMP_OK || !arch)
		return 0;
	if (!strcmp(arch, "x86_64"))
		return EM_X86_64;
	if (!strcmp(arch, "aarch64"))
		return EM_AARCH64;
	return -1;
}

/*
 * A second reader of the same dump for another thread (src/target/prefetch.c):
 * a context of its own on a file description of its own.  Not a
 * kdump_clone(): a clone shares the original's caches and their lock, which
 * libkdumpfile 0.5.1 holds while it reads the file, and the two threads then
 * took turns (measured: the scan's wall time did not drop).  libkdumpfile
 * documents that different contexts may be used from different threads at
 * once.  Not for a dump with holes: its checked reads go through one
 * translation context and the refusal fields above.
 */
static void *kdump_backend_clone(void *arg)
{
	struct kdump_backend *kb = arg, *c;
	char proc[32], *info = NULL;

	if (!kb->map || pfw_dump_has_holes(kb->map))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->path = kb->path;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", kb->fd);
	c->fd = open(proc, O_RDONLY | O_CLOEXEC);
	if (c->fd < 0 || !pfw_ok(open_library(c))) {
		kdump_backend_destroy(c);
		return NULL;
	}
	if (kdump_vmcoreinfo_raw(c->ctx, &info) == KDUMP_OK) {
		init_kernel_translation(c, info);
		free(info);
	}
	return c;
}

struct pfw_error *pfw_memory_open_dump(const char *path, struct pfw_memory **ret)
{
	struct kdump_backend *kb;
	struct pfw_memory *mem;
	struct pfw_error *err;
	bool flattened = false;

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
	err = open_fd(kb, path, &flattened);
	if (!err)
		err = open_library(kb);
	if (err)
		goto fail;
	if (kdump_vmcoreinfo_raw(kb->ctx, &mem->vmcoreinfo) != KDUMP_OK)
		mem->vmcoreinfo = NULL;
	init_kernel_translation(kb, mem->vmcoreinfo);
	err = check_translation(kb);
	if (err)
		goto fail;
	if (kb->map)
		mem->truncated = pfw_dump_truncated(kb->map, &mem->truncated_at);
	mem->format = describe_format(kb->ctx, flattened);
	mem->live = !strcmp(path, "/proc/kcore");
	mem->dump_level = read_dump_level(kb->fd);
	mem->machine = dump_machine(kb->ctx);
	/* without the cache every read goes to libkdumpfile: slower, not wrong */
	mem->frozen = !mem->live;
	if (mem->frozen)
		pfw_ignore(pfw_memory_cache_enable(mem));
	*ret = mem;
	return NULL;
fail:
	pfw_memory_destroy(mem);
	return err;
}
