// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * 4.19's fault path on synthetic images with 4.19's layouts: the DWARF and
 * symbols come from tests/unit/vmlinux-4.19 (built next to this binary),
 * which declares 4.19's structs.  Every expectation cites the 4.19 source
 * that decides it, quoting the statement; line numbers are 4.19.72's for
 * arch/x86/mm/fault.c (__do_page_fault at L1206), 4.19.108's for mm/ and lib/.
 */
#include <libgen.h>
#include <signal.h>
#include <string.h>

#include <pfwhy/walker.h>

#include "check.h"
#include "kernel/printk.h"
#include "synth.h"

/* include/linux/mm.h (4.19) */
#define VM_READ		0x00000001ULL
#define VM_WRITE	0x00000002ULL
#define VM_MAYREAD	0x00000010ULL
#define VM_MAYWRITE	0x00000020ULL
#define VM_GROWSDOWN	0x00000100ULL
#define VM_RW_PRIVATE	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE)
#define VM_RO_SHARED	(VM_READ | VM_MAYREAD)

/* arch/x86/include/asm/pgtable_types.h */
#define PTE_PRESENT	0x001ULL
#define PTE_RW		0x002ULL
#define PTE_ACCESSED	0x020ULL
#define PTE_NX		(1ULL << 63)
/* arch/x86/include/asm/cpufeatures.h */
#define X86_FEATURE_SMAP	(9 * 32 + 20)
/* include/linux/radix-tree.h :32-58: RADIX_TREE_INTERNAL_NODE, RADIX_TREE_EXCEPTIONAL_ENTRY */
#define RADIX_INTERNAL	1ULL
#define RADIX_EXCEPTIONAL	2ULL
/* arch/x86/include/asm/page_64_types.h :11-20: THREAD_SIZE without KASAN */
#define THREAD_SIZE	16384ULL

static struct syn *S;

#define ADDR		0x10000000ULL
#define STACK_START	0x7f0000400000ULL
#define STACK_END	0x7f0000500000ULL

struct req {
	uint64_t addr;
	enum pfw_access access;
	bool kernel;
	uint64_t ip;	/* 0: no --ip */
};

static bool run(const struct syn_proc *p, const struct req *q, struct pfw_fault_result *r)
{
	struct pfw_fault_request req = {
		.address = q->addr, .pid = p->pid, .access = q->access,
		.kernel_mode = q->kernel, .has_ip = q->ip != 0, .ip = q->ip,
	};
	struct pfw_error *err = pfw_why(S->k, &req, r);

	CHECK(!err, "pfw_why: %s", err ? err->message : "");
	pfw_error_destroy(err);
	return !err;
}

/* The verdict, signal and si_code, and a step the 4.19 path must take. */
static void expect(const char *name, const struct syn_proc *p, const struct req *q,
		   enum pfw_verdict v, int signal, int si_code, const char *step, const char *outcome)
{
	struct pfw_fault_result r;
	int before = checks_failed;

	if (!run(p, q, &r))
		return;
	CHECK(r.verdict == v, "%s: verdict %s, expected %s", name, pfw_verdict_name(r.verdict),
	      pfw_verdict_name(v));
	CHECK(r.signal == signal && r.si_code == si_code, "%s: signal %d si_code %d, expected %d %d",
	      name, r.signal, r.si_code, signal, si_code);
	if (step)
		CHECK(syn_has_step(&r, step, outcome), "%s: no step %s -> %s", name, step, outcome ? outcome : "");
	/* one function, as 4.19 has it: none of the 4.20+ split */
	CHECK(!syn_has_step(&r, "do_user_addr_fault", NULL) && !syn_has_step(&r, "do_kern_addr_fault", NULL),
	      "%s: a step of the 4.20+ split", name);
	if (checks_failed != before || getenv("PFWHY_TEST_VERBOSE"))
		syn_print_steps(&r);
}

/* A process whose kernel stack holds the user registers of its last entry. */
static void process(struct syn_proc *p, uint64_t user_sp)
{
	uint64_t stack = syn_alloc(S, THREAD_SIZE);

	syn_process(S, p, "synth419");
	syn_set(S, p->task, "task_struct", "stack", stack);
	/* task_pt_regs(): (struct pt_regs *)(task->stack + THREAD_SIZE) - 1 (processor.h :835-842) */
	syn_set(S, stack + THREAD_SIZE - syn_sizeof(S, "pt_regs"), "pt_regs", "sp", user_sp);
}

/* ---- stack growth: __do_page_fault() from "vma = find_vma(mm, address)" to expand_stack() ---- */

static void proc_with_stack(struct syn_proc *p, uint64_t user_sp)
{
	process(p, user_sp);
	syn_vma(S, p, 0x7f0000000000ULL, 0x7f0000100000ULL, VM_RW_PRIVATE, 0, 0, 0);
	syn_vma(S, p, STACK_START, STACK_END, VM_RW_PRIVATE | VM_GROWSDOWN, 0, 0, 0);
}

static void test_stack(void)
{
	uint64_t sp = STACK_START + 0x1000, limit = sp - 65536 - 32 * 8;
	struct pfw_fault_result r;
	struct syn_proc p;

	proc_with_stack(&p, sp);
	/*
	 * "if (unlikely(address + 65536 + 32 * sizeof(unsigned long) <
	 * regs->sp)) { bad_area(regs, error_code, address); return; }"
	 * one byte further below sp than the cushion -> SEGV_MAPERR,
	 * before expand_stack() is tried.
	 */
	expect("below sp - 64 KiB - 256", &p, &(struct req){ limit - 8, PFW_ACCESS_WRITE },
	       PFW_V_SEGV_MAPERR, SIGSEGV, SEGV_MAPERR, "__do_page_fault", "bad_area");
	if (run(&p, &(struct req){ limit - 8, PFW_ACCESS_WRITE }, &r))
		CHECK(!syn_has_step(&r, "expand_stack", NULL), "the sp refusal comes before expand_stack");
	/*
	 * address + 65536 + 256 == sp is not "< regs->sp": expand_stack()
	 * -> expand_downwards() grows the VMA (the gap to the previous
	 * VMA, 0x300000 - 0x11000, is above stack_guard_gap), then the write
	 * is a new anonymous page (mm/memory.c do_anonymous_page).
	 */
	expect("at sp - 64 KiB - 256", &p, &(struct req){ limit, PFW_ACCESS_WRITE },
	       PFW_V_STACK_EXPAND, 0, 0, "expand_stack", "stack grows");
	/* the check is "if (error_code & X86_PF_USER)" only: a kernel access is not refused by it */
	expect("kernel access below sp", &p, &(struct req){ limit - 8, PFW_ACCESS_WRITE, true },
	       PFW_V_STACK_EXPAND, 0, 0, "expand_stack", "stack grows");
	/* "if (unlikely(!(vma->vm_flags & VM_GROWSDOWN))) { bad_area(...)" */
	expect("hole below a plain VMA", &p, &(struct req){ 0x7eff00000000ULL, PFW_ACCESS_READ },
	       PFW_V_SEGV_MAPERR, SIGSEGV, SEGV_MAPERR, "find_vma", "bad_area");
	/* "if (unlikely(!vma)) { bad_area(...)": find_vma() is NULL above the last VMA */
	expect("no VMA above", &p, &(struct req){ 0x7f0001000000ULL, PFW_ACCESS_READ },
	       PFW_V_SEGV_MAPERR, SIGSEGV, SEGV_MAPERR, "find_vma", "none");
}

/* ---- access_error() (L1138) -> bad_area_access_error(): SEGV_ACCERR ---- */

static void test_access_error(void)
{
	struct syn_proc p;

	process(&p, 0);
	syn_vma(S, &p, ADDR, ADDR + 0x400000, VM_READ | VM_MAYREAD, 0, 0, 0);
	/* "if (error_code & X86_PF_WRITE) { if (unlikely(!(vma->vm_flags & VM_WRITE))) return 1;" */
	expect("write to a read-only VMA", &p, &(struct req){ ADDR, PFW_ACCESS_WRITE },
	       PFW_V_SEGV_ACCERR, SIGSEGV, SEGV_ACCERR, "access_error", "bad access");
	/* read, not present, VM_READ: allowed; do_anonymous_page() maps the zero page */
	expect("read of a readable VMA", &p, &(struct req){ ADDR, PFW_ACCESS_READ },
	       PFW_V_ZERO_PAGE, 0, 0, "access_error", "allowed");
}

/* ---- SMAP: smap_violation() (L1183) -> bad_area_nosemaphore() -> no_context() ---- */

static void test_smap(void)
{
	uint64_t uaccess = syn_sym(S, "copy_user_generic_unrolled"), plain = syn_sym(S, "filemap_fault");
	struct syn_proc p;

	process(&p, 0);
	syn_vma(S, &p, ADDR, ADDR + 0x400000, VM_RW_PRIVATE, 0, 0, 0);
	syn_cpu_feature(S, X86_FEATURE_SMAP, true);
	/*
	 * Kernel code outside a uaccess routine (AC clear) touches user memory:
	 * smap_violation() is true, bad_area_nosemaphore() -> __bad_area_nosemaphore():
	 * not X86_PF_USER, so no SIGSEGV -> no_context(): fixup_exception() finds
	 * no entry for the ip -> oops.  (4.19 goes through no_context, which
	 * could fix it up; 5.15+ oopses without looking.)
	 */
	expect("SMAP violation", &p, &(struct req){ ADDR, PFW_ACCESS_READ, true, plain },
	       PFW_V_OOPS, 0, 0, "smap_violation", "yes");
	expect("SMAP violation goes through no_context", &p, &(struct req){ ADDR, PFW_ACCESS_READ, true, plain },
	       PFW_V_OOPS, 0, 0, "no_context", "none");
	/* inside a uaccess routine (stac: AC set) there is no violation: the fault is handled */
	expect("uaccess with AC set", &p, &(struct req){ ADDR, PFW_ACCESS_READ, true, uaccess },
	       PFW_V_ZERO_PAGE, 0, 0, "smap_violation", "no");
	syn_cpu_feature(S, X86_FEATURE_SMAP, false);
}

/* ---- "if (unlikely(fault_in_kernel_space(address)))": vmalloc_fault(), spurious_fault(), bad_area_nosemaphore() ---- */

static void test_kernel_half(void)
{
	struct syn_proc p, init = { .pgd_phys = syn_sym(S, "init_top_pgt") - SYN_KERNEL_MAP };
	uint64_t va = SYN_VMALLOC + 0x200000, plain = syn_sym(S, "filemap_fault");

	process(&p, 0);
	/* init_mm's reference table maps it, this mm's does not yet */
	syn_set_pte(S, &init, va, (0x5000ULL << 12) | PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_NX);
	/*
	 * not RSVD|USER|PROT -> vmalloc_fault() (L415): pud, pmd and pte present
	 * in init_mm -> 0, "return": the fault is done.
	 */
	expect("vmalloc fault synced", &p, &(struct req){ va, PFW_ACCESS_READ, true, plain },
	       PFW_V_SPURIOUS, 0, 0, "vmalloc_fault", "yes");
	/*
	 * unmapped in init_mm too: vmalloc_fault() -1; spurious_fault() needs
	 * WRITE|PROT or INSTR|PROT (L1069) -> 0; bad_area_nosemaphore() ->
	 * no_context() -> no fixup -> oops.
	 */
	expect("vmalloc hole", &p, &(struct req){ va + 0x100000, PFW_ACCESS_READ, true, plain },
	       PFW_V_OOPS, 0, 0, "vmalloc_fault", "no");
	/* a user access to the kernel half: __bad_area_nosemaphore(), X86_PF_USER -> SIGSEGV */
	expect("user access to the kernel half", &p, &(struct req){ va + 0x100000, PFW_ACCESS_READ },
	       PFW_V_SEGV_MAPERR, SIGSEGV, SEGV_MAPERR, "__do_page_fault", "kernel half");
}

/* ---- a file fault through the radix-tree page cache ---- */

struct file_vma {
	struct syn_proc p;
	uint64_t mapping;
};

static void proc_with_file(struct file_vma *f, uint64_t isize, const char *ops_sym, const char *fault)
{
	uint64_t ops = syn_sym(S, ops_sym);
	uint64_t file = syn_alloc_struct(S, "file"), inode = syn_alloc_struct(S, "inode");
	uint64_t sb = syn_alloc_struct(S, "super_block");

	f->mapping = inode + syn_offset(S, "inode", "i_data");
	/*
	 * mm/filemap.c: generic_file_vm_ops = { .fault = filemap_fault, .map_pages = filemap_map_pages };
	 * mm/shmem.c: shmem_vm_ops = { .fault = shmem_fault, .map_pages = filemap_map_pages }
	 */
	syn_set(S, ops, "vm_operations_struct", "fault", syn_sym(S, fault));
	syn_set(S, ops, "vm_operations_struct", "map_pages", syn_sym(S, "filemap_map_pages"));
	syn_set(S, file, "file", "f_inode", inode);
	syn_set(S, file, "file", "f_mapping", f->mapping);
	syn_set(S, inode, "inode", "i_mapping", f->mapping);
	syn_set(S, inode, "inode", "i_sb", sb);
	syn_set(S, inode, "inode", "i_ino", 419);
	syn_set(S, inode, "inode", "i_size", isize);
	syn_set(S, f->mapping, "address_space", "host", inode);
	process(&f->p, 0);
	syn_vma(S, &f->p, ADDR, ADDR + 0x400000, VM_RO_SHARED, ops, file, 0);
}

/* A radix_tree_node of the given shift; its address as an internal entry. */
static uint64_t radix_node(uint64_t shift)
{
	uint64_t n = syn_alloc_struct(S, "radix_tree_node");

	syn_set(S, n, "radix_tree_node", "shift", shift);
	return n;
}

static void radix_slot(uint64_t node, uint64_t offset, uint64_t entry)
{
	syn_u64(S, node + syn_offset(S, "radix_tree_node", "slots") + offset * 8, entry);
}

static uint64_t cached_page(uint64_t pfn, uint64_t mapping, const char *flag)
{
	struct syn_page_desc d = { .flags = { "PG_uptodate", "PG_lru", flag }, .refcount = 2,
				   .mapcount = 0, .mapping = mapping };

	syn_struct_page(S, pfn, &d);
	return SYN_VMEMMAP + pfn * syn_sizeof(S, "page");
}

static void expect_file(const char *name, struct file_vma *f, uint64_t index, enum pfw_verdict v,
			bool major, int signal)
{
	struct pfw_fault_result r;
	int before = checks_failed;

	if (!run(&f->p, &(struct req){ ADDR + index * 4096, PFW_ACCESS_READ }, &r))
		return;
	CHECK(r.verdict == v && r.signal == signal, "%s: verdict %s signal %d, expected %s %d", name,
	      pfw_verdict_name(r.verdict), r.signal, pfw_verdict_name(v), signal);
	if (!signal)
		CHECK(r.has_major && r.major == major, "%s: %s, expected %s", name,
		      r.has_major ? (r.major ? "major" : "minor") : "no accounting", major ? "major" : "minor");
	if (checks_failed != before || getenv("PFWHY_TEST_VERBOSE"))
		syn_print_steps(&r);
}

static void test_radix_page_cache(void)
{
	uint64_t root, leaf, child;
	struct file_vma f;

	proc_with_file(&f, 0x400000, "generic_file_vm_ops", "filemap_fault");
	root = f.mapping + syn_offset(S, "address_space", "i_pages");
	/*
	 * Two levels: a root of shift 6 (indices 0-4095, node_maxindex() =
	 * (64 << 6) - 1, lib/radix-tree.c :263-271), slot 1 -> a leaf of shift 0
	 * holding index 70 at offset 6 (radix_tree_descend(), :126-143).
	 */
	leaf = radix_node(0);
	child = radix_node(6);
	radix_slot(child, 1, leaf | RADIX_INTERNAL);
	syn_set(S, root, "radix_tree_root", "rnode", child | RADIX_INTERNAL);
	radix_slot(leaf, 6, cached_page(0x4100, f.mapping, NULL));
	/* a locked page: lock_page_maybe_drop_mmap() drops mmap_sem -> VM_FAULT_RETRY */
	radix_slot(leaf, 7, cached_page(0x4101, f.mapping, "PG_locked"));
	/* a shadow entry of an evicted page: exceptional (bit 1), mm/workingset.c pack_shadow() */
	radix_slot(leaf, 8, (0x1234ULL << 2) | RADIX_EXCEPTIONAL);
	/*
	 * filemap_fault() (mm/filemap.c): find_get_page() finds the page ->
	 * no VM_FAULT_MAJOR; __do_page_fault(): "if (major) ... else tsk->min_flt++".
	 */
	expect_file("radix tree: cached page", &f, 70, PFW_V_READ_FAULT, false, 0);
	/* index 73 is in no slot: !page -> ret = VM_FAULT_MAJOR, read in: maj_flt++ */
	expect_file("radix tree: not cached", &f, 73, PFW_V_READ_FAULT, true, 0);
	/* find_get_page() returns NULL for an exceptional entry (pagecache_get_page()) -> major */
	expect_file("radix tree: shadow entry", &f, 72, PFW_V_READ_FAULT, true, 0);
	/*
	 * a locked cached page: VM_FAULT_RETRY without VM_FAULT_MAJOR; 4.19
	 * retries once ("Retry at most once") and counts "major |= fault & VM_FAULT_MAJOR":
	 * minor, where 5.9+'s mm_account_fault() counts the retry major.
	 */
	expect_file("radix tree: locked page, retried", &f, 71, PFW_V_READ_FAULT, false, 0);
	/* past i_size: filemap_fault() returns VM_FAULT_SIGBUS -> mm_fault_error() (L997) -> do_sigbus() */
	syn_set(S, syn_read_u64(S, f.mapping + syn_offset(S, "address_space", "host")), "inode", "i_size", 0x1000);
	expect_file("past i_size", &f, 70, PFW_V_SIGBUS, false, SIGBUS);
	/* a lone root entry covers index 0 only (radix_tree_load_root(), :600-615) */
	syn_set(S, root, "radix_tree_root", "rnode", cached_page(0x4102, f.mapping, NULL));
	syn_set(S, syn_read_u64(S, f.mapping + syn_offset(S, "address_space", "host")), "inode", "i_size", 0x400000);
	expect_file("lone root entry, index 0", &f, 0, PFW_V_READ_FAULT, false, 0);
	expect_file("lone root entry, index 1", &f, 1, PFW_V_READ_FAULT, true, 0);
}

/*
 * shmem: a swapped-out page is an exceptional entry, swp_to_radix_entry(e)
 * = e.val << RADIX_TREE_EXCEPTIONAL_SHIFT | RADIX_TREE_EXCEPTIONAL_ENTRY,
 * and swp_entry(type, offset) puts the type at SWP_TYPE_SHIFT(e) =
 * 64 - (MAX_SWAPFILES_SHIFT + RADIX_TREE_EXCEPTIONAL_SHIFT) = 57
 * (include/linux/swapops.h :21-23, :89-103).
 */
static void test_shmem_swap_entry(void)
{
	uint64_t val = (1ULL << 57) | 0x42, root;
	struct pfw_fault_result r;
	struct file_vma f;
	int i, found = 0;

	proc_with_file(&f, 0x400000, "shmem_vm_ops", "shmem_fault");
	root = f.mapping + syn_offset(S, "address_space", "i_pages");
	syn_set(S, root, "radix_tree_root", "rnode", val << 2 | RADIX_EXCEPTIONAL);
	if (!run(&f.p, &(struct req){ ADDR, PFW_ACCESS_READ }, &r))
		return;
	for (i = 0; i < r.nsteps; i++)
		found |= !strcmp(r.steps[i].function, "shmem_fault") &&
			 strstr(r.steps[i].evidence, "swap type 1 offset 0x42") != NULL;
	/* do_read_fault() -> shmem_fault() -> shmem_getpage_gfp() swaps it in: a file read fault */
	CHECK(r.verdict == PFW_V_READ_FAULT && found, "shmem swap entry: verdict %s, swap type 1 offset 0x42 %s",
	      pfw_verdict_name(r.verdict), found ? "decoded" : "not decoded");
	if (!found || getenv("PFWHY_TEST_VERBOSE"))
		syn_print_steps(&r);
}

/* ---- "if (unlikely(!down_read_trylock(&mm->mmap_sem)))" of __do_page_fault() ---- */

static void test_mmap_sem(void)
{
	uint64_t plain = syn_sym(S, "filemap_fault"), uaccess = syn_sym(S, "copy_user_generic_unrolled");
	struct syn_proc p;

	process(&p, 0);
	syn_vma(S, &p, ADDR, ADDR + 0x400000, VM_RW_PRIVATE, 0, 0, 0);
	/* RWSEM_ACTIVE_WRITE_BIAS (asm/rwsem.h :50-59): a writer holds it, the trylock fails */
	syn_set(S, p.mm, "mm_struct", "mmap_sem.count.counter", -0xffffffffLL);
	/* kernel mode, no exception-table entry for regs->ip -> bad_area_nosemaphore -> no_context: oops */
	expect("mmap_sem held, kernel bug", &p, &(struct req){ ADDR, PFW_ACCESS_READ, true, plain },
	       PFW_V_OOPS, 0, 0, "__do_page_fault", "bad_area_nosemaphore");
	/* from a uaccess routine: down_read() waits, then the fault is handled */
	expect("mmap_sem held, uaccess", &p, &(struct req){ ADDR, PFW_ACCESS_READ, true, uaccess },
	       PFW_V_ZERO_PAGE, 0, 0, "__do_page_fault", "down_read");
	/* a user fault always waits in down_read() */
	expect("mmap_sem held, user", &p, &(struct req){ ADDR, PFW_ACCESS_READ },
	       PFW_V_ZERO_PAGE, 0, 0, "__do_page_fault", "down_read");
}

/* The mm->mmap list of 4.19 (no maple tree): VMAs in address order. */
static struct pfw_error *count_vma(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	int *n = arg;

	(*n)++;
	return NULL;
}

static void test_vma_list(void)
{
	struct syn_proc p;
	int n = 0;

	proc_with_stack(&p, STACK_START);
	CHECK(!syn_check_err(S, pfw_for_each_vma(S->k, p.mm, count_vma, &n), "pfw_for_each_vma") && n == 2,
	      "mm->mmap list: %d VMAs, expected 2", n);
}

/* ---- 4.19's log_buf of struct printk_log records (kernel/printk/printk.c) ---- */

struct log_seen {
	int n;
	int level[4];
	char text[4][64];
};

static struct pfw_error *keep_record(struct pfw_kernel *k, uint64_t ts_nsec, int level,
				     const char *text, size_t len, void *arg)
{
	struct log_seen *seen = arg;

	if (seen->n < 4) {
		seen->level[seen->n] = level;
		snprintf(seen->text[seen->n], sizeof(seen->text[0]), "%.*s", (int)len, text);
	}
	seen->n++;
	return NULL;
}

static void test_log_buf(void)
{
	uint64_t buf = syn_alloc(S, 4096);
	struct log_seen seen = { 0 };
	uint32_t end, first = 4096 - 128;

	syn_ulong(S, "log_buf", buf);
	syn_write(S, syn_sym(S, "log_buf_len"), &(uint32_t){ 4096 }, 4);
	/* the oldest record sits before the end, the next one wrapped to 0 */
	end = syn_log_store(S, buf, first, 1, "BUG: unable to handle kernel paging request at 0000000000001234");
	syn_set(S, buf + end, "printk_log", "len", 0);
	end = syn_log_store(S, buf, 0, 4, "Oops: 0002 [#1] SMP PTI");
	syn_write(S, syn_sym(S, "log_first_idx"), &first, 4);
	syn_write(S, syn_sym(S, "log_next_idx"), &end, 4);
	CHECK(!syn_check_err(S, pfw_for_each_log_record(S->k, keep_record, &seen), "log_buf") && seen.n == 2,
	      "log_buf: %d records, expected 2", seen.n);
	CHECK(seen.level[0] == 1 && !strncmp(seen.text[0], "BUG: unable to handle kernel paging request", 43),
	      "log_buf: first record level %d \"%s\"", seen.level[0], seen.text[0]);
	CHECK(seen.level[1] == 4 && !strcmp(seen.text[1], "Oops: 0002 [#1] SMP PTI"),
	      "log_buf: wrapped record level %d \"%s\"", seen.level[1], seen.text[1]);
}

static void tests(void)
{
	test_vma_list();
	test_stack();
	test_access_error();
	test_smap();
	test_kernel_half();
	test_radix_page_cache();
	test_shmem_swap_entry();
	test_mmap_sem();
	test_log_buf();
}

int main(int argc, char **argv)
{
	char path[4096];

	(void)argc;
	snprintf(path, sizeof(path), "%s/vmlinux-4.19", dirname(argv[0]));
	return syn_main(&S, path, tests);
}
