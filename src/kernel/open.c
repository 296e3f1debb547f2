// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Opening a dumped kernel: find and verify the vmlinux, then read the
 * address-space layout (KASLR offset, direct map, vmemmap, paging levels).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/arch.h"
#include "kernel.h"

static char *vmcoreinfo_dup(struct pfw_memory *mem, const char *key)
{
	size_t len;
	const char *v = pfw_vmcoreinfo_get(mem, key, &len);

	return v ? strndup(v, len) : NULL;
}

bool pfw_vmcoreinfo_hex(struct pfw_memory *mem, const char *key, uint64_t *val)
{
	const char *v = pfw_vmcoreinfo_get(mem, key, NULL);

	if (!v)
		return false;
	*val = strtoull(v, NULL, 16);
	return true;
}

bool pfw_vmcoreinfo_dec(struct pfw_memory *mem, const char *key, int64_t *val)
{
	const char *v = pfw_vmcoreinfo_get(mem, key, NULL);

	if (!v)
		return false;
	*val = strtoll(v, NULL, 10);
	return true;
}

static bool usable(const char *path)
{
	return access(path, R_OK) == 0;
}

/* Where distributions install vmlinux with debug info (see pfwhy(1), FILES). */
static struct pfw_error *find_vmlinux(struct pfw_memory *mem, char **ret)
{
	char *release = vmcoreinfo_dup(mem, "OSRELEASE");
	char *build_id = vmcoreinfo_dup(mem, "BUILD-ID");
	char path[512];

	if (!release) {
		free(build_id);
		return pfw_error_create(PFW_ERR_INPUT,
					"the dump has no VMCOREINFO to tell its kernel release: give the vmlinux with -s");
	}
	if (build_id && strlen(build_id) > 2) {
		snprintf(path, sizeof(path), "/usr/lib/debug/.build-id/%.2s/%s.debug",
			 build_id, build_id + 2);
		if (usable(path))
			goto found;
	}
	snprintf(path, sizeof(path), "/usr/lib/debug/boot/vmlinux-%s", release);
	if (usable(path))
		goto found;
	snprintf(path, sizeof(path), "/usr/lib/debug/lib/modules/%s/vmlinux", release);
	if (usable(path))
		goto found;
	snprintf(path, sizeof(path), "/lib/modules/%s/build/vmlinux", release);
	if (usable(path))
		goto found;
	free(build_id);
	{
		struct pfw_error *err = pfw_error_create(PFW_ERR_INPUT,
			"no vmlinux with debug info found for kernel %s (looked under /usr/lib/debug by build-id and release): give it with -s",
			release);
		free(release);
		return err;
	}
found:
	free(release);
	free(build_id);
	*ret = strdup(path);
	return *ret ? NULL : &pfw_error_nomem;
}

static void hex_string(const uint8_t *bytes, size_t len, char *buf, size_t size)
{
	size_t i;

	buf[0] = 0;
	for (i = 0; i < len && 2 * i + 2 < size; i++)
		sprintf(buf + 2 * i, "%02x", bytes[i]);
}

/* The vmlinux's linux_banner, from its own file contents. */
static struct pfw_error *vmlinux_banner(struct pfw_debuginfo *dbi, char *buf, size_t size)
{
	uint64_t addr, sec_addr;
	struct pfw_error *err;
	Elf_Data *data;
	size_t off;

	if ((err = pfw_symbol_address(dbi, "linux_banner", &addr)) ||
	    (err = pfw_section_data(dbi, ".rodata", &sec_addr, &data)))
		return err;
	if (addr < sec_addr || addr - sec_addr >= data->d_size)
		return pfw_error_create(PFW_ERR_INPUT, "%s: linux_banner lies outside .rodata",
					pfw_debuginfo_path(dbi));
	off = addr - sec_addr;
	snprintf(buf, size, "%.*s", (int)(data->d_size - off < size ? data->d_size - off : size),
		 (const char *)data->d_buf + off);
	buf[strcspn(buf, "\n")] = 0;
	return NULL;
}

/*
 * Refuse a vmlinux that does not belong to the dump: build-id first, then
 * the release, then the banner the dump holds at the vmlinux's linux_banner.
 */
static struct pfw_error *verify_vmlinux(struct pfw_kernel *k)
{
	const char *path = pfw_debuginfo_path(k->dbi);
	char *dump_id = vmcoreinfo_dup(k->mem, "BUILD-ID");
	char file_id[128], banner[512], dumped[512];
	struct pfw_error *err;
	const uint8_t *id;
	uint64_t addr;
	size_t len;

	id = pfw_debuginfo_build_id(k->dbi, &len);
	if (dump_id && id) {
		hex_string(id, len, file_id, sizeof(file_id));
		if (strncmp(dump_id, file_id, strlen(dump_id))) {
			err = pfw_error_create(PFW_ERR_INPUT,
				"%s does not match the dump: its build-id is %s, the dump's kernel has %s",
				path, file_id, dump_id);
			free(dump_id);
			return err;
		}
	}
	free(dump_id);
	err = vmlinux_banner(k->dbi, banner, sizeof(banner));
	if (err) {
		err->code = PFW_ERR_INPUT;
		return err;
	}
	if (k->release && !strstr(banner, k->release))
		return pfw_error_create(PFW_ERR_INPUT,
					"%s does not match the dump: it is \"%s\", the dump's kernel is release %s",
					path, banner, k->release);
	err = pfw_kernel_symbol(k, "linux_banner", &addr);
	if (!err)
		err = pfw_read_string(k, addr, dumped, sizeof(dumped));
	if (err) {
		err->code = PFW_ERR_INPUT;
		return pfw_error_wrap(err, "cannot check that %s belongs to the dump: linux_banner",
				      path);
	}
	dumped[strcspn(dumped, "\n")] = 0;
	if (strcmp(dumped, banner))
		return pfw_error_create(PFW_ERR_INPUT,
					"%s does not match the dump: the dump's linux_banner is \"%s\", the file's is \"%s\"",
					path, dumped, banner);
	return NULL;
}

/*
 * The SYMBOL()s VMCOREINFO records as plain addresses (kernel/crash_core.c;
 * others are macros or pointer values) must be the vmlinux's symbols plus
 * the KASLR offset: a damaged string table renames symbols, and optional
 * ones would then silently go missing.
 */
static struct pfw_error *check_symbols(struct pfw_kernel *k)
{
	static const char *const names[] = { "init_uts_ns", "_stext", "prb", "init_top_pgt" };
	char key[64];
	uint64_t want, have;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(key, sizeof(key), "SYMBOL(%s)", names[i]);
		if (!pfw_vmcoreinfo_hex(k->mem, key, &want))
			continue;
		if (pfw_ok(pfw_kernel_symbol(k, names[i], &have)) && have == want)
			continue;
		return pfw_error_create(PFW_ERR_INPUT,
					"%s does not match the dump or its symbol table is damaged: VMCOREINFO has %s at 0x%llx, the vmlinux %s",
					pfw_debuginfo_path(k->dbi), names[i], (unsigned long long)want,
					pfw_symbol_exists(k->dbi, names[i]) ? "elsewhere" : "no such symbol");
	}
	return NULL;
}

int pfw_kernel_version(const struct pfw_kernel *k)
{
	long major, minor;
	char *end;

	/* strtol, not sscanf: the walker asks this on every replay */
	if (!k->release)
		return 0;
	major = strtol(k->release, &end, 10);
	if (end == k->release || *end != '.')
		return 0;
	minor = strtol(end + 1, &end, 10);
	return major * 1000 + minor;
}

struct pfw_error *pfw_kernel_symbol(struct pfw_kernel *k, const char *name, uint64_t *addr)
{
	struct pfw_error *err = pfw_symbol_address(k->dbi, name, addr);

	if (!err)
		*addr += k->kaslr_offset;
	return err;
}

static struct pfw_error *read_layout(struct pfw_kernel *k)
{
	int64_t page_size = 4096;
	struct pfw_error *err;

	if (!k->mem->vmcoreinfo)
		return pfw_error_create(PFW_ERR_INPUT,
					"the dump has no VMCOREINFO (a QEMU dump taken without -device vmcoreinfo?): cannot find the KASLR offset");
	pfw_vmcoreinfo_hex(k->mem, "KERNELOFFSET", &k->kaslr_offset);
	pfw_vmcoreinfo_dec(k->mem, "PAGESIZE", &page_size);
	if (page_size != 4096)
		return pfw_error_create(PFW_ERR_UNSUPPORTED, "page size %lld is not supported",
					(long long)page_size);
	err = k->arch->read_layout(k);
	if (err)
		return err;
	return pfw_struct_size(k->dbi, "page", &k->page_struct_size);
}

/*
 * Types and enumerators defined in one source file's unit only, and a
 * function of that file to find the unit by address instead of scanning.
 */
static void add_hints(struct pfw_debuginfo *dbi)
{
	static const char *const hints[][2] = {
		{ "maple_node", "mtree_load" },		/* lib/maple_tree.c */
		{ "maple_range_64", "mtree_load" },
		{ "maple_arange_64", "mtree_load" },
		{ "maple_leaf_64", "mtree_load" },
		{ "maple_dense", "mtree_load" },
		{ "mount", "mntput" },			/* fs/namespace.c: fs/mount.h */
		{ "desc_committed", "prb_reserve" },	/* kernel/printk/printk_ringbuffer.c */
		{ "desc_finalized", "prb_reserve" },
		{ "printk_ringbuffer", "prb_reserve" },	/* ... and its header */
		{ "printk_info", "prb_reserve" },
		{ "prb_desc", "prb_reserve" },
		{ "prb_desc_ring", "prb_reserve" },
		{ "prb_data_ring", "prb_reserve" },
		{ "prb_data_blk_lpos", "prb_reserve" },
		{ "xa_node", "xa_load" },		/* lib/xarray.c */
		{ "timekeeper", "ktime_get" },		/* kernel/time/timekeeping.c */
		{ "TRANSPARENT_HUGEPAGE_FLAG", "split_huge_pmd_address" }, /* mm/huge_memory.c */
		{ "TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG", "split_huge_pmd_address" },
		{ "TRANSPARENT_HUGEPAGE_USE_ZERO_PAGE_FLAG", "split_huge_pmd_address" },
		{ "TRANSPARENT_HUGEPAGE_NEVER_DAX", "split_huge_pmd_address" },
		{ "shmem_inode_info", "shmem_fault" },	/* mm/shmem.c: linux/shmem_fs.h */
		{ "shmem_sb_info", "shmem_fault" },
		{ "hstate", "hugetlb_fault" },		/* mm/hugetlb.c: linux/hugetlb.h */
		{ "hugetlbfs_sb_info", "hugetlbfs_fill_super" },	/* fs/hugetlbfs/inode.c */
		{ "mem_size_stats", "show_smap" },	/* fs/proc/task_mmu.c */
		/* in early units too, but a walk of the units before them costs more */
		{ "vm_special_mapping", "special_mapping_fault" },	/* mm/mmap.c */
		{ "swap_info_struct", "add_swap_count_continuation" },	/* mm/swapfile.c */
	};
	size_t i;

	for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++)
		pfw_debuginfo_hint(dbi, hints[i][0], hints[i][1]);
}

static void detect_features(struct pfw_kernel *k)
{
	/* 6.1, d4af56c5c7c6 ("mm: start tracking VMAs with maple tree") */
	k->has_maple_tree = pfw_has_member(k->dbi, "mm_struct", "mm_mt");
	/* 5.14, 2f064a59a11f ("sched: Change task_struct::state") */
	k->has_task_state_underscored = pfw_has_member(k->dbi, "task_struct", "__state");
	add_hints(k->dbi);
}

static void read_identity(struct pfw_kernel *k)
{
	k->release = vmcoreinfo_dup(k->mem, "OSRELEASE");
	k->panic_message = NULL;
}

/* The vmlinux's ELF machine picks the operations table; the dump must agree. */
static struct pfw_error *pick_arch(struct pfw_kernel *k)
{
	int machine = pfw_debuginfo_machine(k->dbi);

	k->arch = pfw_arch_for_machine(machine);
	if (!k->arch)
		return pfw_error_create(PFW_ERR_UNSUPPORTED,
					"%s: ELF machine %d is not an architecture pfwhy knows (x86_64, arm64)",
					pfw_debuginfo_path(k->dbi), machine);
	if (k->mem->machine && k->mem->machine != machine)
		return pfw_error_create(PFW_ERR_INPUT,
					"%s is a %s vmlinux, but the dump is of another architecture (ELF machine %d)",
					pfw_debuginfo_path(k->dbi), k->arch->name, k->mem->machine);
	return NULL;
}

struct pfw_error *pfw_kernel_open_memory(struct pfw_memory *mem, const char *vmlinux,
					 struct pfw_kernel **ret)
{
	struct pfw_kernel *k;
	struct pfw_error *err;
	char *found = NULL;

	k = calloc(1, sizeof(*k));
	if (!k)
		return &pfw_error_nomem;
	k->mem = mem;
	if (!vmlinux) {
		err = find_vmlinux(mem, &found);
		if (err)
			goto fail;
		vmlinux = found;
	}
	err = pfw_debuginfo_open(vmlinux, &k->dbi);
	free(found);
	if (err)
		goto fail;
	err = pick_arch(k);
	if (err)
		goto fail;
	read_identity(k);
	err = read_layout(k);
	if (err)
		goto fail;
	err = verify_vmlinux(k);
	if (!err)
		err = check_symbols(k);
	if (err)
		goto fail;
	detect_features(k);
	*ret = k;
	return NULL;
fail:
	k->mem = NULL;
	pfw_kernel_close(k);
	return err;
}

struct pfw_error *pfw_kernel_open(const char *dump, const char *vmlinux,
				  struct pfw_kernel **ret)
{
	struct pfw_memory *mem;
	struct pfw_error *err;

	err = pfw_memory_open_dump(dump, &mem);
	if (err)
		return err;
	err = pfw_kernel_open_memory(mem, vmlinux, ret);
	if (err) {
		pfw_memory_destroy(mem);
		return err;
	}
	(*ret)->own_mem = true;
	return NULL;
}

void pfw_kernel_close(struct pfw_kernel *k)
{
	if (!k)
		return;
	pfw_modules_free(&k->modules);
	free(k->vmas.v);
	free(k->fault_era);
	pfw_debuginfo_close(k->dbi);
	if (k->own_mem)
		pfw_memory_destroy(k->mem);
	free(k->release);
	free(k->version);
	free(k->panic_message);
	pfw_error_destroy(k->bases_error);
	free(k);
}

struct pfw_memory *pfw_kernel_memory(struct pfw_kernel *k)
{
	return k->mem;
}

struct pfw_debuginfo *pfw_kernel_debuginfo(struct pfw_kernel *k)
{
	return k->dbi;
}

struct pfw_error *pfw_kernel_get_info(struct pfw_kernel *k, struct pfw_kernel_info *info)
{
	uint64_t addr;
	static char version[128];

	memset(info, 0, sizeof(*info));
	info->release = k->release;
	if (!k->version && pfw_ok(pfw_kernel_symbol(k, "init_uts_ns", &addr))) {
		uint64_t off;

		if (pfw_ok(pfw_member_address(k, addr, "uts_namespace", "name.version", &off)) &&
		    pfw_ok(pfw_read_string(k, off, version, sizeof(version))))
			k->version = strdup(version);
	}
	info->version = k->version;
	info->machine = k->arch->name;
	info->dump_format = k->mem->format;
	info->truncated = k->mem->truncated;
	info->truncated_at = k->mem->truncated_at;
	info->vmlinux = pfw_debuginfo_path(k->dbi);
	info->paging_levels = k->paging_levels;
	info->pti = k->pti;
	info->va_bits = k->arm64.va_bits;
	info->kimage_voffset = k->arm64.kimage_voffset;
	info->phys_offset = k->arm64.phys_offset;
	info->task_size = pfw_task_size(k);
	info->kaslr_offset = k->kaslr_offset;
	info->phys_base = k->phys_base;
	info->page_offset = k->page_offset;
	info->vmemmap_base = k->vmemmap_base;
	info->vmalloc_base = k->vmalloc_base;
	info->unknown_bases = k->unknown_bases;
	info->bases_error = k->bases_error ? k->bases_error->message : NULL;
	info->page_size = 4096;
	info->has_crash_time = pfw_kernel_crash_time(k, &info->crash_time, &info->crash_time_source);
	info->panic_message = pfw_kernel_panic_message(k);
	info->dump_level = k->mem->dump_level;
	info->partial = k->mem->dump_level > 0;
	return NULL;
}
