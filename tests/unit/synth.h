/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Synthetic kernel images for unit tests: a struct pfw_memory back end that
 * serves a sparse set of 4 KiB physical pages, with kernel virtual addresses
 * translated the way an x86_64 kernel without KASLR lays them out (kernel
 * image, direct map, vmemmap).  Objects are built by DWARF member name from a
 * real vmlinux (pfw_member()), never by hard-coded offsets, and opened with
 * pfw_kernel_open_memory() like any other back end.
 *
 * Header-only (static inline functions): the Makefile builds each C file
 * of tests/unit into its own binary.
 *
 * The vmlinux: $PFWHY_TEST_VMLINUX, else $FIX/vmlinux (tests/run.sh exports
 * FIX), else testdata/build/kernel/vmlinux (the same 6.1 build, for
 * development).  Without one the test prints a skip line.
 */
#ifndef PFWHY_TEST_SYNTH_H
#define PFWHY_TEST_SYNTH_H

#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pfwhy/kernel.h>
#include <pfwhy/memory.h>
#include <pfwhy/walker.h>

#include "check.h"
#include "debuginfo/debuginfo.h"
#include "kernel/kernel.h"

/* x86_64 without CONFIG_RANDOMIZE_MEMORY (arch/x86/include/asm/page_64_types.h) */
#define SYN_KERNEL_MAP		0xffffffff80000000ULL	/* __START_KERNEL_map */
#define SYN_PAGE_OFFSET		0xffff888000000000ULL
#define SYN_VMEMMAP		0xffffea0000000000ULL
#define SYN_VMALLOC		0xffffc90000000000ULL
/* The kernel image's physical pages read as zeros until written (a real dump has them all). */
#define SYN_IMAGE_END		(1ULL << 30)
/* Objects and page tables the tests build are allocated from here up. */
#define SYN_ALLOC_START		(1ULL << 31)
/* Where the fake memmap (struct pages at vmemmap) lives in "physical" memory. */
#define SYN_VMEMMAP_PHYS	(1ULL << 44)

/*
 * arm64 with 48-bit VA, 4 KiB pages, 6.1's layout (arch/arm64/include/asm/
 * memory.h :44-50): PAGE_OFFSET -(1 << 48), the image at KIMAGE_VADDR
 * (MODULES_END) loaded at physical 0 as the x86_64 one is, PHYS_OFFSET 0,
 * VMEMMAP_START -(1 << (48 - 6)).  Chosen when the vmlinux is an AArch64 ELF.
 */
#define SYN_A64_PAGE_OFFSET	0xffff000000000000ULL
#define SYN_A64_PAGE_END	0xffff800000000000ULL
#define SYN_A64_KIMAGE		0xffff800008000000ULL
#define SYN_A64_VMEMMAP		0xfffffc0000000000ULL
#define SYN_A64_VMALLOC		0xffff800010000000ULL
/* PMD_TYPE_TABLE (pgtable-hwdef.h :115): a table descriptor */
#define SYN_A64_TABLE		0x3ULL

#define SYN_HASH		4096
#define SYN_MAX_EXCLUDED	16
#define SYN_MAX_VMAS		7	/* one maple leaf: 2 * 7 + 1 slots */

/* _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY: _PAGE_TABLE */
#define SYN_PAGE_TABLE		0x67ULL

struct syn_page {
	uint64_t pfn;
	struct syn_page *next;
	unsigned char data[4096];
};

struct syn {
	struct pfw_memory *mem;
	struct pfw_kernel *k;
	struct pfw_debuginfo *dbi;	/* the builder's until the kernel opens, then the kernel's */
	struct pfw_debuginfo *own_dbi;
	const char *vmlinux;
	char release[64];
	struct syn_page *buckets[SYN_HASH];
	uint64_t excluded[SYN_MAX_EXCLUDED];	/* physical page numbers */
	int nexcluded;
	uint64_t next_phys;
	int next_pid;
	int errors;		/* builder failures: each is reported as a FAIL */
	bool skipped;		/* syn_skip(): the image lacks what the test tests */
	/* the layout: x86_64's SYN_* above, or arm64's SYN_A64_* */
	bool arm64;
	uint64_t page_offset, vmemmap, table_flags;
};

/* A user process: task, mm, its VMAs (kept sorted here) and page tables. */
struct syn_proc {
	int pid;
	uint64_t task, signal, mm, pgd_phys;
	int nvmas;
	struct { uint64_t addr, start, end; } vmas[SYN_MAX_VMAS];
};

static inline void syn_error(struct syn *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void syn_error(struct syn *s, const char *fmt, ...)
{
	va_list ap;

	s->errors++;
	printf("FAIL synth: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Report and free an error from the library; true if there was one. */
static inline bool syn_check_err(struct syn *s, struct pfw_error *err, const char *what)
{
	if (!err)
		return false;
	syn_error(s, "%s: %s", what, err->message);
	pfw_error_destroy(err);
	return true;
}

/* ---- the page store ---- */

static inline struct syn_page *syn_lookup(struct syn *s, uint64_t pfn, bool create)
{
	struct syn_page **b = &s->buckets[pfn % SYN_HASH], *p;

	for (p = *b; p; p = p->next)
		if (p->pfn == pfn)
			return p;
	if (!create)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p) {
		fprintf(stderr, "synth: out of memory\n");
		abort();
	}
	p->pfn = pfn;
	p->next = *b;
	*b = p;
	return p;
}

static inline bool syn_a64_kv_to_phys(uint64_t va, uint64_t *phys)
{
	if (va >= SYN_A64_KIMAGE && va - SYN_A64_KIMAGE < SYN_IMAGE_END) {
		*phys = va - SYN_A64_KIMAGE;	/* __kimg_to_phys: kimage_voffset = KIMAGE */
		return true;
	}
	if (va >= SYN_A64_VMEMMAP && va - SYN_A64_VMEMMAP < (1ULL << 40)) {
		*phys = SYN_VMEMMAP_PHYS + (va - SYN_A64_VMEMMAP);
		return true;
	}
	if (va >= SYN_A64_PAGE_OFFSET && va < SYN_A64_PAGE_END) {
		*phys = va - SYN_A64_PAGE_OFFSET;	/* __lm_to_phys, PHYS_OFFSET 0 */
		return true;
	}
	return false;
}

static inline bool syn_kv_to_phys(const struct syn *s, uint64_t va, uint64_t *phys)
{
	if (s->arm64)
		return syn_a64_kv_to_phys(va, phys);
	if (va >= SYN_KERNEL_MAP) {
		*phys = va - SYN_KERNEL_MAP;	/* phys_base 0 */
		return true;
	}
	if (va >= SYN_VMEMMAP && va - SYN_VMEMMAP < (1ULL << 40)) {
		*phys = SYN_VMEMMAP_PHYS + (va - SYN_VMEMMAP);
		return true;
	}
	if (va >= SYN_PAGE_OFFSET && va - SYN_PAGE_OFFSET < (1ULL << 46)) {
		*phys = va - SYN_PAGE_OFFSET;
		return true;
	}
	return false;
}

static inline bool syn_is_excluded(struct syn *s, uint64_t pfn)
{
	int i;

	for (i = 0; i < s->nexcluded; i++)
		if (s->excluded[i] == pfn)
			return true;
	return false;
}

/* ops->read: the contract of include/pfwhy/memory.h */
static inline struct pfw_error *syn_read_op(void *arg, enum pfw_addr_space space, uint64_t addr,
				     void *buf, size_t len)
{
	struct syn *s = arg;
	unsigned char *out = buf;

	while (len) {
		uint64_t phys;
		size_t chunk = 4096 - (addr & 4095);
		struct syn_page *p;

		if (chunk > len)
			chunk = len;
		if (space == PFW_PHYS)
			phys = addr;
		else if (!syn_kv_to_phys(s, addr, &phys))
			return pfw_error_create(PFW_ERR_FAULT, "synthetic image: no mapping for 0x%llx",
						(unsigned long long)addr);
		if (syn_is_excluded(s, phys >> 12))
			return pfw_error_create(PFW_ERR_EXCLUDED,
						"page 0x%llx was excluded from the dump",
						(unsigned long long)(phys & ~4095ULL));
		p = syn_lookup(s, phys >> 12, false);
		if (p)
			memcpy(out, p->data + (phys & 4095), chunk);
		else if (phys < SYN_IMAGE_END)
			memset(out, 0, chunk);
		else
			return pfw_error_create(PFW_ERR_FAULT, "synthetic image: page 0x%llx not present",
						(unsigned long long)(phys & ~4095ULL));
		out += chunk;
		addr += chunk;
		len -= chunk;
	}
	return NULL;
}

static inline void syn_free_pages(struct syn *s)
{
	size_t i;

	for (i = 0; i < SYN_HASH; i++) {
		while (s->buckets[i]) {
			struct syn_page *p = s->buckets[i];

			s->buckets[i] = p->next;
			free(p);
		}
	}
}

static inline void syn_destroy_op(void *arg)
{
	syn_free_pages(arg);
}

static const struct pfw_memory_ops syn_ops = {
	.read = syn_read_op,
	.destroy = syn_destroy_op,
};

/* ---- writing the image ---- */

static inline void syn_write_phys(struct syn *s, uint64_t phys, const void *buf, size_t len)
{
	const unsigned char *in = buf;

	while (len) {
		size_t chunk = 4096 - (phys & 4095);

		if (chunk > len)
			chunk = len;
		memcpy(syn_lookup(s, phys >> 12, true)->data + (phys & 4095), in, chunk);
		in += chunk;
		phys += chunk;
		len -= chunk;
	}
}

static inline void syn_write(struct syn *s, uint64_t va, const void *buf, size_t len)
{
	uint64_t phys;

	if (!syn_kv_to_phys(s, va, &phys)) {
		syn_error(s, "cannot write 0x%llx: not a kernel address the image maps",
			  (unsigned long long)va);
		return;
	}
	syn_write_phys(s, phys, buf, len);
}

static inline uint64_t syn_read_u64(struct syn *s, uint64_t va)
{
	uint64_t v = 0;
	struct pfw_error *err = syn_read_op(s, PFW_KVADDR, va, &v, sizeof(v));

	syn_check_err(s, err, "reading back the image");
	return v;
}

static inline uint64_t syn_read_phys_u64(struct syn *s, uint64_t phys)
{
	uint64_t v = 0;
	struct syn_page *p = syn_lookup(s, phys >> 12, false);

	if (p)
		memcpy(&v, p->data + (phys & 4095), sizeof(v));
	return v;
}

static inline void syn_u64(struct syn *s, uint64_t va, uint64_t v)
{
	syn_write(s, va, &v, sizeof(v));
}

/* ---- DWARF ---- */

static inline uint64_t syn_offset(struct syn *s, const char *type, const char *path)
{
	struct pfw_member m;

	if (syn_check_err(s, pfw_member(s->dbi, type, path, &m), path))
		return 0;
	return m.offset;
}

static inline uint64_t syn_sizeof(struct syn *s, const char *type)
{
	uint64_t size = 0;

	syn_check_err(s, pfw_struct_size(s->dbi, type, &size), type);
	return size;
}

static inline int64_t syn_enum(struct syn *s, const char *name)
{
	int64_t v = 0;

	syn_check_err(s, pfw_enumerator(s->dbi, name, &v), name);
	return v;
}

static inline uint64_t syn_sym(struct syn *s, const char *name)
{
	uint64_t addr = 0;

	syn_check_err(s, pfw_symbol_address(s->dbi, name, &addr), name);
	return addr;	/* KERNELOFFSET=0 */
}

/* Set type.path of the object at addr: scalars of 1 to 8 bytes and bitfields. */
static inline void syn_set(struct syn *s, uint64_t addr, const char *type, const char *path, uint64_t v)
{
	struct pfw_member m;
	uint64_t raw = 0;
	size_t len;

	if (syn_check_err(s, pfw_member(s->dbi, type, path, &m), path))
		return;
	if (m.bit_size) {
		uint64_t mask = m.bit_size < 64 ? (1ULL << m.bit_size) - 1 : ~0ULL;

		len = (m.bit_offset + m.bit_size + 7) / 8;
		syn_read_op(s, PFW_KVADDR, addr + m.offset, &raw, len);
		raw = (raw & ~(mask << m.bit_offset)) | ((v & mask) << m.bit_offset);
	} else {
		len = m.size;
		raw = v;
	}
	if (len == 0 || len > 8) {
		syn_error(s, "%s.%s is %zu bytes, not a scalar", type, path, len);
		return;
	}
	syn_write(s, addr + m.offset, &raw, len);
}

/* ---- allocation: objects in the direct map, pages for page tables ---- */

static inline uint64_t syn_alloc_phys(struct syn *s, uint64_t size, uint64_t align)
{
	uint64_t phys = (s->next_phys + align - 1) & ~(align - 1), p;

	s->next_phys = phys + size;
	for (p = phys & ~4095ULL; p < phys + size; p += 4096)
		syn_lookup(s, p >> 12, true);	/* present and zeroed */
	return phys;
}

static inline uint64_t syn_alloc(struct syn *s, uint64_t size)
{
	return s->page_offset + syn_alloc_phys(s, size ? size : 8, 64);
}

static inline uint64_t syn_alloc_struct(struct syn *s, const char *type)
{
	return syn_alloc(s, syn_sizeof(s, type));
}

static inline uint64_t syn_alloc_page(struct syn *s)
{
	return syn_alloc_phys(s, 4096, 4096);
}

/* ---- lists ---- */

static inline void syn_list_init(struct syn *s, uint64_t head)
{
	syn_u64(s, head, head);		/* next */
	syn_u64(s, head + 8, head);	/* prev */
}

/* list_add_tail(node, head) */
static inline void syn_list_add_tail(struct syn *s, uint64_t node, uint64_t head)
{
	uint64_t prev = syn_read_u64(s, head + 8);

	syn_u64(s, node, head);
	syn_u64(s, node + 8, prev);
	syn_u64(s, prev, node);
	syn_u64(s, head + 8, node);
}

/* ---- the kernel ---- */

static inline const char *syn_vmlinux_path(void)
{
	static char path[4096];
	const char *env = getenv("PFWHY_TEST_VMLINUX"), *fix = getenv("FIX");

	if (env && *env)
		return access(env, R_OK) ? NULL : env;
	if (fix && *fix) {
		snprintf(path, sizeof(path), "%s/vmlinux", fix);
		if (!access(path, R_OK))
			return path;
	}
	/* the development copy of the same build, from the repository's top */
	if (!access("testdata/build/kernel/vmlinux", R_OK))
		return "testdata/build/kernel/vmlinux";
	return NULL;
}

/* linux_banner as the vmlinux file holds it, for verify_vmlinux() to find in the dump. */
static inline void syn_banner(struct syn *s)
{
	uint64_t addr = syn_sym(s, "linux_banner"), sec;
	Elf_Data *data;
	const char *text, *v;
	size_t off, n;

	if (syn_check_err(s, pfw_section_data(s->dbi, ".rodata", &sec, &data), ".rodata"))
		return;
	if (addr < sec || addr - sec >= data->d_size) {
		syn_error(s, "linux_banner is not in .rodata");
		return;
	}
	off = addr - sec;
	text = (const char *)data->d_buf + off;
	n = strnlen(text, data->d_size - off);
	syn_write(s, addr, text, n);
	syn_write(s, addr + n, "", 1);
	/* "Linux version 6.1.192 (...": the release for VMCOREINFO */
	v = strstr(text, "version ");
	if (v)
		sscanf(v + 8, "%63s", s->release);
}

static inline void syn_ulong(struct syn *s, const char *sym, uint64_t v)
{
	syn_u64(s, syn_sym(s, sym), v);
}

/* boot_cpu_data.x86_capability bit (X86_FEATURE_*: word * 32 + bit) */
static inline void syn_cpu_feature(struct syn *s, int feature, bool on)
{
	uint64_t addr = syn_sym(s, "boot_cpu_data") +
			syn_offset(s, "cpuinfo_x86", "x86_capability") + feature / 32 * 4;
	uint32_t word = 0;

	syn_read_op(s, PFW_KVADDR, addr, &word, 4);
	if (on)
		word |= 1U << (feature % 32);
	else
		word &= ~(1U << (feature % 32));
	syn_write(s, addr, &word, 4);
}

/*
 * log_store() (kernel/printk/printk.c): header, text_len bytes of text, padding to
 * LOG_ALIGN (4) (4.19's log_buf; moved from test_walker_419.c); a record that would not fit before the end leaves a
 * zero-length wrap marker and goes to offset 0 (log_from_idx(), :471-491).
 */
static inline uint32_t syn_log_store(struct syn *s, uint64_t buf, uint32_t idx, int level,
				     const char *text)
{
	uint64_t hdr = syn_sizeof(s, "printk_log"), rec = buf + idx;
	uint32_t tlen = strlen(text), len = (hdr + tlen + 3) & ~3U;

	syn_set(s, rec, "printk_log", "ts_nsec", 1000000000ULL);
	syn_set(s, rec, "printk_log", "len", len);
	syn_set(s, rec, "printk_log", "text_len", tlen);
	syn_set(s, rec, "printk_log", "level", level);
	syn_set(s, rec, "printk_log", "flags", 2);	/* LOG_NEWLINE */
	syn_write(s, rec + hdr, text, tlen);
	return idx + len;
}

/* Did the replay take a step of function (with outcome containing outcome, when given)? */
static inline bool syn_has_step(const struct pfw_fault_result *r, const char *function,
				const char *outcome)
{
	int i;

	for (i = 0; i < r->nsteps; i++)
		if (!strcmp(r->steps[i].function, function) &&
		    (!outcome || strstr(r->steps[i].outcome, outcome)))
			return true;
	return false;
}

/* A failed expectation shows the walk that led to it. */
static inline void syn_print_steps(const struct pfw_fault_result *r)
{
	int i;

	for (i = 0; i < r->nsteps; i++)
		printf("    %s: %s -> %s [%s]\n", r->steps[i].function, r->steps[i].condition,
		       r->steps[i].outcome, r->steps[i].evidence);
	if (r->undecidable[0])
		printf("    undecidable: %s\n", r->undecidable);
}

static inline void syn_destroy(struct syn *s)
{
	if (!s)
		return;
	pfw_kernel_close(s->k);
	if (s->own_dbi)
		pfw_debuginfo_close(s->own_dbi);
	if (s->mem)
		pfw_memory_destroy(s->mem);	/* frees the pages through ops->destroy */
	else
		syn_free_pages(s);
	free(s);
}

/*
 * The kernel image (banner, layout variables, init_task) and VMCOREINFO,
 * opened with pfw_kernel_open_memory().  NULL with a skip or FAIL printed.
 */
static inline struct syn *syn_create_from(const char *vmlinux, bool *skipped)
{
	struct syn *s = calloc(1, sizeof(*s));
	struct pfw_error *err;
	uint64_t init, tasks;
	char vmcoreinfo[768];

	*skipped = false;
	if (!s)
		return NULL;
	s->vmlinux = vmlinux;
	if (!s->vmlinux) {
		printf("skip: no vmlinux (set FIX, or PFWHY_TEST_VMLINUX) for the synthetic images\n");
		*skipped = true;
		free(s);
		return NULL;
	}
	err = pfw_debuginfo_open(s->vmlinux, &s->own_dbi);
	if (syn_check_err(s, err, s->vmlinux)) {
		free(s);
		return NULL;
	}
	s->dbi = s->own_dbi;
	s->next_phys = SYN_ALLOC_START;
	s->next_pid = 100;
	s->arm64 = pfw_debuginfo_machine(s->dbi) == EM_AARCH64;
	s->page_offset = s->arm64 ? SYN_A64_PAGE_OFFSET : SYN_PAGE_OFFSET;
	s->vmemmap = s->arm64 ? SYN_A64_VMEMMAP : SYN_VMEMMAP;
	s->table_flags = s->arm64 ? SYN_A64_TABLE : SYN_PAGE_TABLE;

	syn_banner(s);
	if (!s->arm64) {
		syn_ulong(s, "page_offset_base", SYN_PAGE_OFFSET);
		syn_ulong(s, "vmemmap_base", SYN_VMEMMAP);
		syn_ulong(s, "vmalloc_base", SYN_VMALLOC);
	}
	/* initialised data the walker reads (mm/mmap.c, mm/memory.c, security/min_addr.c) */
	syn_ulong(s, "stack_guard_gap", 256ULL << 12);
	syn_ulong(s, "mmap_min_addr", 4096);
	/* 6.4+: fault_around_pages, 65536 >> PAGE_SHIFT */
	if (pfw_symbol_exists(s->dbi, "fault_around_bytes"))
		syn_ulong(s, "fault_around_bytes", 65536);
	else
		syn_ulong(s, "fault_around_pages", 65536 >> 12);

	/* init_task: pid 0, alone on the task list */
	init = syn_sym(s, "init_task");
	tasks = init + syn_offset(s, "task_struct", "tasks");
	syn_list_init(s, tasks);
	syn_write(s, init + syn_offset(s, "task_struct", "comm"), "swapper/0", 10);
	/* CONFIG_MODULES: LIST_HEAD(modules), empty (kernel/module/main.c) */
	if (pfw_symbol_exists(s->dbi, "modules"))
		syn_list_init(s, syn_sym(s, "modules"));

	if (s->arm64)	/* arch_crash_save_vmcoreinfo(), 6.1 arch/arm64/kernel/crash_core.c:21-38 */
		snprintf(vmcoreinfo, sizeof(vmcoreinfo),
			 "OSRELEASE=%s\nPAGESIZE=4096\nNUMBER(VA_BITS)=48\n"
			 "NUMBER(VMALLOC_START)=0x%llx\nNUMBER(VMEMMAP_START)=0x%llx\n"
			 "NUMBER(kimage_voffset)=0x%llx\nNUMBER(PHYS_OFFSET)=0x0\n"
			 "NUMBER(TCR_EL1_T1SZ)=0x10\nKERNELOFFSET=0\nSYMBOL(swapper_pg_dir)=%llx\n",
			 s->release, SYN_A64_VMALLOC, SYN_A64_VMEMMAP, SYN_A64_KIMAGE,
			 (unsigned long long)syn_sym(s, "swapper_pg_dir"));
	else
		snprintf(vmcoreinfo, sizeof(vmcoreinfo),
			 "OSRELEASE=%s\nPAGESIZE=4096\nKERNELOFFSET=0\nNUMBER(phys_base)=0\n"
			 "NUMBER(pgtable_l5_enabled)=0\nSYMBOL(init_top_pgt)=%llx\n",
			 s->release, (unsigned long long)syn_sym(s, "init_top_pgt"));
	if (s->errors)
		goto fail;

	s->mem = calloc(1, sizeof(*s->mem));
	if (!s->mem)
		goto fail;
	s->mem->ops = &syn_ops;
	s->mem->arg = s;
	s->mem->vmcoreinfo = strdup(vmcoreinfo);
	s->mem->format = strdup("synthetic");
	s->mem->dump_level = -1;
	err = pfw_kernel_open_memory(s->mem, s->vmlinux, &s->k);
	if (syn_check_err(s, err, "pfw_kernel_open_memory"))
		goto fail;
	/* build the rest with the kernel's own (hinted, cached) DWARF */
	pfw_debuginfo_close(s->own_dbi);
	s->own_dbi = NULL;
	s->dbi = pfw_kernel_debuginfo(s->k);
	return s;
fail:
	syn_destroy(s);
	return NULL;
}

static inline struct syn *syn_create(bool *skipped)
{
	return syn_create_from(syn_vmlinux_path(), skipped);
}

/* ---- processes, VMAs, page tables, struct pages ---- */

static inline uint64_t syn_init_task(struct syn *s)
{
	return syn_sym(s, "init_task");
}

/* A single-threaded process with an empty mm, on the task list after the others. */
static inline void syn_process(struct syn *s, struct syn_proc *p, const char *comm)
{
	uint64_t init = syn_init_task(s), head;

	memset(p, 0, sizeof(*p));
	p->pid = s->next_pid++;
	p->task = syn_alloc_struct(s, "task_struct");
	p->signal = syn_alloc_struct(s, "signal_struct");
	p->mm = syn_alloc_struct(s, "mm_struct");
	p->pgd_phys = syn_alloc_page(s);

	syn_set(s, p->task, "task_struct", "pid", p->pid);
	syn_set(s, p->task, "task_struct", "tgid", p->pid);
	syn_set(s, p->task, "task_struct", "real_parent", init);
	syn_set(s, p->task, "task_struct", "signal", p->signal);
	syn_set(s, p->task, "task_struct", "mm", p->mm);
	syn_write(s, p->task + syn_offset(s, "task_struct", "comm"), comm, strlen(comm) + 1);
	/* arch/x86/kernel/fpu: init_pkru_value, every key but 0 access-disabled (5.14+: thread.pkru) */
	if (pfw_has_member(s->dbi, "task_struct", "thread.pkru"))
		syn_set(s, p->task, "task_struct", "thread.pkru", 0x55555554);

	/* signal->thread_head holds the one thread's thread_node */
	head = p->signal + syn_offset(s, "signal_struct", "thread_head");
	syn_list_init(s, head);
	syn_list_add_tail(s, p->task + syn_offset(s, "task_struct", "thread_node"), head);
	/* RLIMIT_STACK (3): _STK_LIM 8 MiB soft, unlimited hard */
	syn_u64(s, p->signal + syn_offset(s, "signal_struct", "rlim") + 3 * 16, 8ULL << 20);
	syn_u64(s, p->signal + syn_offset(s, "signal_struct", "rlim") + 3 * 16 + 8, ~0ULL);

	syn_set(s, p->mm, "mm_struct", "pgd", s->page_offset + p->pgd_phys);
	syn_list_add_tail(s, p->task + syn_offset(s, "task_struct", "tasks"),
			  init + syn_offset(s, "task_struct", "tasks"));
}

static inline void syn_rlimit_stack(struct syn *s, struct syn_proc *p, uint64_t cur)
{
	syn_u64(s, p->signal + syn_offset(s, "signal_struct", "rlim") + 3 * 16, cur);
}

/*
 * mm->mm_mt as one maple_leaf_64 root node (lib/maple_tree.c): the VMAs and
 * the gaps between them as slots, each slot's last index in pivot[], the last
 * slot's number in meta.end.
 */
static inline void syn_commit_vmas_maple(struct syn *s, struct syn_proc *p)
{
	uint64_t mr64 = syn_offset(s, "maple_node", "mr64");
	uint64_t piv = mr64 + syn_offset(s, "maple_range_64", "pivot");
	uint64_t slot = mr64 + syn_offset(s, "maple_range_64", "slot");
	uint64_t end_off = mr64 + syn_offset(s, "maple_range_64", "meta.end");
	uint64_t node, next = 0;
	int64_t leaf = syn_enum(s, "maple_leaf_64");
	int i, n = 0;
	unsigned char end;

	if (!p->nvmas) {
		syn_set(s, p->mm, "mm_struct", "mm_mt.ma_root", 0);
		return;
	}
	node = s->page_offset + syn_alloc_phys(s, syn_sizeof(s, "maple_node"), 256);
	for (i = 0; i < p->nvmas; i++) {
		if (p->vmas[i].start > next) {	/* the gap before: a NULL slot */
			syn_u64(s, node + piv + n * 8, p->vmas[i].start - 1);
			n++;
		}
		syn_u64(s, node + slot + n * 8, p->vmas[i].addr);
		syn_u64(s, node + piv + n * 8, p->vmas[i].end - 1);
		n++;
		next = p->vmas[i].end;
	}
	/* the gap up to ULONG_MAX: the node's max, pivot implied */
	end = n;
	syn_write(s, node + end_off, &end, 1);
	/* mte_mk_root(mt_mk_node(node, maple_leaf_64)) */
	syn_set(s, p->mm, "mm_struct", "mm_mt.ma_root", node | (leaf << 3) | 2);
}

static inline void syn_commit_vmas_list(struct syn *s, struct syn_proc *p)
{
	uint64_t prev = 0;
	int i;

	syn_set(s, p->mm, "mm_struct", "mmap", p->nvmas ? p->vmas[0].addr : 0);
	syn_set(s, p->mm, "mm_struct", "map_count", p->nvmas);
	for (i = 0; i < p->nvmas; i++) {
		syn_set(s, p->vmas[i].addr, "vm_area_struct", "vm_prev", prev);
		syn_set(s, p->vmas[i].addr, "vm_area_struct", "vm_next",
			i + 1 < p->nvmas ? p->vmas[i + 1].addr : 0);
		prev = p->vmas[i].addr;
	}
}

/*
 * Before 6.1, mm->mmap: the VMAs linked by vm_next/vm_prev in address
 * order (pfwhy walks the list; mm_rb, the same VMAs as an rbtree for
 * find_vma(), is left empty).  From 6.1, mm->mm_mt (above).
 */
static inline void syn_commit_vmas(struct syn *s, struct syn_proc *p)
{
	if (pfw_has_member(s->dbi, "mm_struct", "mm_mt"))
		syn_commit_vmas_maple(s, p);
	else
		syn_commit_vmas_list(s, p);
}

/* Add a VMA; anonymous ones get vm_pgoff = vm_start >> PAGE_SHIFT as mmap does. */
static inline uint64_t syn_vma(struct syn *s, struct syn_proc *p, uint64_t start, uint64_t end,
			uint64_t flags, uint64_t vm_ops, uint64_t file, uint64_t pgoff)
{
	uint64_t v = syn_alloc_struct(s, "vm_area_struct");
	int i;

	if (p->nvmas == SYN_MAX_VMAS) {
		syn_error(s, "too many VMAs for one maple leaf");
		return v;
	}
	syn_set(s, v, "vm_area_struct", "vm_start", start);
	syn_set(s, v, "vm_area_struct", "vm_end", end);
	syn_set(s, v, "vm_area_struct", "vm_flags", flags);
	syn_set(s, v, "vm_area_struct", "vm_mm", p->mm);
	syn_set(s, v, "vm_area_struct", "vm_ops", vm_ops);
	syn_set(s, v, "vm_area_struct", "vm_file", file);
	syn_set(s, v, "vm_area_struct", "vm_pgoff", file ? pgoff : start >> 12);
	for (i = p->nvmas; i > 0 && p->vmas[i - 1].start > start; i--)
		p->vmas[i] = p->vmas[i - 1];
	p->vmas[i].addr = v;
	p->vmas[i].start = start;
	p->vmas[i].end = end;
	p->nvmas++;
	syn_commit_vmas(s, p);
	return v;
}

/* The table at level (0 pgd, 1 pud, 2 pmd, 3 pte) for va, allocated on the way down. */
static inline uint64_t syn_table(struct syn *s, struct syn_proc *p, uint64_t va, int level)
{
	static const int shift[] = { 39, 30, 21 };
	uint64_t table = p->pgd_phys;
	int l;

	for (l = 0; l < level; l++) {
		uint64_t slot = table + ((va >> shift[l]) & 511) * 8;
		uint64_t e = syn_read_phys_u64(s, slot);

		if (!(e & 1)) {
			e = syn_alloc_page(s) | s->table_flags;
			syn_write_phys(s, slot, &e, 8);
		}
		table = e & 0x000ffffffffff000ULL;
	}
	return table;
}

/* Write the pte (level 3) or pmd (level 2) entry for va, building the tables above. */
static inline void syn_set_entry(struct syn *s, struct syn_proc *p, uint64_t va, int level, uint64_t v)
{
	static const int shift[] = { 39, 30, 21, 12 };
	uint64_t table = syn_table(s, p, va, level);

	syn_write_phys(s, table + ((va >> shift[level]) & 511) * 8, &v, 8);
}

static inline void syn_set_pte(struct syn *s, struct syn_proc *p, uint64_t va, uint64_t pte)
{
	syn_set_entry(s, p, va, 3, pte);
}

/* Leave a physical page out of the dump: reads fail with PFW_ERR_EXCLUDED. */
static inline void syn_exclude(struct syn *s, uint64_t phys)
{
	if (s->nexcluded < SYN_MAX_EXCLUDED)
		s->excluded[s->nexcluded++] = phys >> 12;
}

static inline void syn_include_all(struct syn *s)
{
	s->nexcluded = 0;
}

/* struct page of pfn: flags (PG_* names), counts as the kernel stores them. */
struct syn_page_desc {
	const char *flags[6];
	int refcount;
	int mapcount;		/* page_mapcount(): stored as _mapcount = mapcount - 1 */
	uint64_t mapping;	/* anon_vma | PAGE_MAPPING_ANON for anon pages */
	const char *page_flags[2];	/* flags of this subpage only (PG_anon_exclusive) */
};

static inline void syn_struct_page(struct syn *s, uint64_t pfn, const struct syn_page_desc *d)
{
	uint64_t page = s->vmemmap + pfn * syn_sizeof(s, "page"), flags = 0;
	size_t i;

	for (i = 0; i < sizeof(d->flags) / sizeof(d->flags[0]) && d->flags[i]; i++)
		flags |= 1ULL << syn_enum(s, d->flags[i]);
	for (i = 0; i < 2 && d->page_flags[i]; i++)
		flags |= 1ULL << syn_enum(s, d->page_flags[i]);
	syn_set(s, page, "page", "flags", flags);
	syn_set(s, page, "page", "compound_head", 0);
	syn_set(s, page, "page", "_refcount", (uint32_t)d->refcount);
	syn_set(s, page, "page", "_mapcount", (uint32_t)(d->mapcount - 1));
	syn_set(s, page, "page", "mapping", d->mapping);
	syn_set(s, page, "page", "index", 0);
}

/* __swp_entry(type, offset) as a pte (arch/x86/include/asm/pgtable_64.h, L1TF-inverted offset) */
static inline uint64_t syn_swp_pte(uint64_t type, uint64_t offset)
{
	return ((~offset << 14) >> 5) | (type << 59);
}

/*
 * tests() found the image without what it tests (a Kconfig, an era): the
 * binary's result is one skip, with this reason.
 */
static inline void syn_skip(struct syn *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void syn_skip(struct syn *s, const char *fmt, ...)
{
	va_list ap;

	printf("skip: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	s->skipped = true;
}

/*
 * A synthetic-image test binary's main: the image of vmlinux (NULL: the
 * fixture's, syn_vmlinux_path()) in *s, then tests(), the binary's own
 * list, then the result line and the exit code (no vmlinux, or syn_skip():
 * skipped).  A hang is a failure with no result line, not a stuck CI.
 */
static inline int syn_main(struct syn **s, const char *vmlinux, void (*tests)(void))
{
	bool skipped;

	alarm(120);
	*s = syn_create_from(vmlinux ? vmlinux : syn_vmlinux_path(), &skipped);
	if (!*s) {
		printf(skipped ? "0 passed, 0 failed, 1 skipped\n" : "0 passed, 1 failed\n");
		return skipped ? 0 : 1;
	}
	tests();
	skipped = (*s)->skipped;
	checks_failed += (*s)->errors;
	syn_destroy(*s);
	*s = NULL;
	if (skipped) {
		printf("0 passed, 0 failed, 1 skipped\n");
		return 0;
	}
	return check_report();
}

#endif
