// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Broken dumps on synthetic images: cyclic or corrupt task lists and maple
 * trees, and page-table pages the dump left out.  Each must end in a clear
 * error or an "undecidable" verdict that names what is missing, quickly,
 * never a hang, a crash or a confident wrong answer.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <pfwhy/walker.h>
#include <pfwhy/x86_64.h>

#include "kernel/printk.h"
#include <pfwhy/x86_64.h>

#include "check.h"
#include "synth.h"

/* include/linux/mm.h (6.1) */
#define VM_RW_PRIVATE	0x33ULL		/* VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE */
/* arch/x86/include/asm/pgtable_types.h: present, rw, user, accessed, dirty, nx */
#define PTE_RW_USER	(0x67ULL | (1ULL << 63))

#define ADDR		0x10000000ULL
/* Generous: the bounded walks stop after 2^20 entries; a cycle must be caught well before. */
#define MAX_SECONDS	10.0

static struct syn *S;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct pfw_error *find_task_timed(int pid, double *seconds)
{
	struct pfw_task t;
	double t0 = now();
	struct pfw_error *err = pfw_find_task(S->k, pid, &t);

	*seconds = now() - t0;
	return err;
}

/* An error of the given code whose message contains word; frees it. */
static void expect_error(const char *name, struct pfw_error *err, enum pfw_error_code code,
			 const char *word)
{
	CHECK(err && err->code == code && strstr(err->message, word),
	      "%s: expected error %d mentioning \"%s\", got %d \"%s\"", name, code, word,
	      err ? err->code : 0, err ? err->message : "no error");
	pfw_error_destroy(err);
}

/* ---- task list (init_task.tasks, signal->thread_head) ---- */

static void test_cyclic_task_list(void)
{
	uint64_t tasks_off = syn_offset(S, "task_struct", "tasks");
	uint64_t node_off = syn_offset(S, "task_struct", "thread_node");
	struct syn_proc a, b;
	struct pfw_error *err;
	uint64_t saved;
	double secs;

	syn_process(S, &a, "a");
	syn_process(S, &b, "b");
	err = find_task_timed(b.pid, &secs);
	CHECK(!err, "intact task list: %s", err ? err->message : "");
	pfw_error_destroy(err);

	/* b.tasks.next -> a.tasks: a cycle that never returns to init_task */
	saved = syn_read_u64(S, b.task + tasks_off);
	syn_u64(S, b.task + tasks_off, a.task + tasks_off);
	err = find_task_timed(99999, &secs);
	expect_error("cyclic task list", err, PFW_ERR_CORRUPT, "task list");
	CHECK(secs < MAX_SECONDS, "cyclic task list: %.1f s to notice", secs);
	/* the walker passes the error on */
	{
		struct pfw_fault_request req = { .address = ADDR, .pid = 99999 };
		struct pfw_fault_result r;

		expect_error("pfw_why over a cyclic task list", pfw_why(S->k, &req, &r),
			     PFW_ERR_CORRUPT, "cyclic");
	}
	/* a self-loop */
	syn_u64(S, b.task + tasks_off, b.task + tasks_off);
	err = find_task_timed(99999, &secs);
	expect_error("self-linked task", err, PFW_ERR_CORRUPT, "task list");
	CHECK(secs < MAX_SECONDS, "self-linked task: %.1f s to notice", secs);
	/* a NULL link */
	syn_u64(S, b.task + tasks_off, 0);
	expect_error("NULL task link", find_task_timed(99999, &secs), PFW_ERR_CORRUPT, "NULL");
	/* a link into memory the dump does not have */
	syn_u64(S, b.task + tasks_off, SYN_PAGE_OFFSET + (7ULL << 40));
	err = find_task_timed(99999, &secs);
	CHECK(err && (err->code == PFW_ERR_FAULT || err->code == PFW_ERR_CORRUPT),
	      "wild task link: %s", err ? err->message : "no error");
	pfw_error_destroy(err);
	syn_u64(S, b.task + tasks_off, saved);

	/* the thread list of b: its one thread_node links back to itself, not to the head */
	saved = syn_read_u64(S, b.task + node_off);
	syn_u64(S, b.task + node_off, b.task + node_off);
	err = find_task_timed(99999, &secs);
	expect_error("cyclic thread list", err, PFW_ERR_CORRUPT, "list");
	CHECK(secs < MAX_SECONDS, "cyclic thread list: %.1f s to notice", secs);
	syn_u64(S, b.task + node_off, saved);

	err = find_task_timed(b.pid, &secs);
	CHECK(!err, "task list restored: %s", err ? err->message : "");
	pfw_error_destroy(err);
}

/* ---- maple tree (mm->mm_mt) ---- */

static struct pfw_error *count_vma(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	(*(int *)arg)++;
	return NULL;
}

static void test_corrupt_maple_tree(void)
{
	uint64_t mt = syn_offset(S, "mm_struct", "mm_mt");
	uint64_t mr64 = syn_offset(S, "maple_node", "mr64");
	uint64_t slot = mr64 + syn_offset(S, "maple_range_64", "slot");
	uint64_t piv = mr64 + syn_offset(S, "maple_range_64", "pivot");
	int64_t range64 = syn_enum(S, "maple_range_64");
	struct pfw_fault_request req = { .address = ADDR, .access = PFW_ACCESS_READ };
	struct pfw_fault_result r;
	struct syn_proc p;
	struct pfw_error *err;
	uint64_t root, node, v1, v2;
	double t0;
	int n = 0;

	syn_process(S, &p, "maple");
	v1 = syn_vma(S, &p, ADDR, ADDR + 0x1000, VM_RW_PRIVATE, 0, 0, 0);
	v2 = syn_vma(S, &p, ADDR + 0x10000, ADDR + 0x20000, VM_RW_PRIVATE, 0, 0, 0);
	err = pfw_for_each_vma(S->k, p.mm, count_vma, &n);
	CHECK(!err && n == 2, "intact maple tree: %d VMAs, %s", n, err ? err->message : "ok");
	pfw_error_destroy(err);
	root = syn_read_u64(S, p.mm + mt + syn_offset(S, "maple_tree", "ma_root"));

	/* an internal node (maple_range_64) whose every child is itself */
	node = SYN_PAGE_OFFSET + syn_alloc_phys(S, syn_sizeof(S, "maple_node"), 256);
	syn_u64(S, node + slot, node | (range64 << 3) | 2);
	syn_u64(S, node + slot + 8, node | (range64 << 3) | 2);
	syn_u64(S, node + piv, ADDR);
	syn_set(S, p.mm, "mm_struct", "mm_mt.ma_root", node | (range64 << 3) | 2);
	t0 = now();
	err = pfw_for_each_vma(S->k, p.mm, count_vma, &n);
	CHECK(now() - t0 < MAX_SECONDS, "cyclic maple tree: %.1f s to notice", now() - t0);
	expect_error("cyclic maple tree", err, PFW_ERR_CORRUPT, "maple tree");
	/* the walker makes it its verdict: it cannot find the VMA */
	req.pid = p.pid;
	err = pfw_why(S->k, &req, &r);
	CHECK(!err && r.verdict == PFW_V_UNDECIDABLE && strstr(r.undecidable, "VMA tree"),
	      "why over a cyclic maple tree: %s %s", err ? err->message : pfw_verdict_name(r.verdict),
	      r.undecidable);
	pfw_error_destroy(err);

	/* a node pointer with a type no maple node has (maple_dense, 0, is never an mm's) */
	syn_set(S, p.mm, "mm_struct", "mm_mt.ma_root", (root & ~0x78ULL) | (9 << 3));
	expect_error("bad maple node type", pfw_for_each_vma(S->k, p.mm, count_vma, &n),
		     PFW_ERR_CORRUPT, "type");

	/* a node in memory the dump does not have */
	syn_set(S, p.mm, "mm_struct", "mm_mt.ma_root", (SYN_PAGE_OFFSET + (7ULL << 40)) | (root & 0x7f));
	err = pfw_for_each_vma(S->k, p.mm, count_vma, &n);
	CHECK(err && err->code == PFW_ERR_FAULT, "unreadable maple node: %s",
	      err ? err->message : "no error");
	pfw_error_destroy(err);

	/* leaf slots out of address order (the VMAs swapped, pivots kept) */
	syn_set(S, p.mm, "mm_struct", "mm_mt.ma_root", root);
	node = root & ~255ULL;
	{
		int i, s1 = -1, s2 = -1;

		for (i = 0; i < 15; i++) {
			uint64_t e = syn_read_u64(S, node + slot + i * 8);

			if (e == v1)
				s1 = i;
			if (e == v2)
				s2 = i;
		}
		CHECK(s1 >= 0 && s2 >= 0, "VMAs not found in the leaf");
		if (s1 >= 0 && s2 >= 0) {
			syn_u64(S, node + slot + s1 * 8, v2);
			syn_u64(S, node + slot + s2 * 8, v1);
			expect_error("VMAs out of order", pfw_for_each_vma(S->k, p.mm, count_vma, &n),
				     PFW_ERR_CORRUPT, "VMA list");
			/* the same VMA twice (a loop back to an earlier entry) */
			syn_u64(S, node + slot + s1 * 8, v1);
			syn_u64(S, node + slot + s2 * 8, v1);
			expect_error("VMA repeated", pfw_for_each_vma(S->k, p.mm, count_vma, &n),
				     PFW_ERR_CORRUPT, "overlaps");
		}
	}
	/* a VMA whose vm_start >= vm_end */
	syn_commit_vmas(S, &p);
	syn_set(S, v2, "vm_area_struct", "vm_end", ADDR + 0x10000);
	expect_error("empty VMA", pfw_for_each_vma(S->k, p.mm, count_vma, &n), PFW_ERR_CORRUPT,
		     "start");
	syn_set(S, v2, "vm_area_struct", "vm_end", ADDR + 0x20000);

	/*
	 * A pivot below the one before it (include/linux/maple_tree.h: slot i
	 * spans pivot[i - 1] + 1 to pivot[i], so pivots rise): the walk used
	 * to drop the VMAs after it; now it names the node.  The leaf holds
	 * the gap, v1, the gap, v2: pivot[2] is the gap's end.
	 */
	node = syn_read_u64(S, p.mm + mt + syn_offset(S, "maple_tree", "ma_root")) & ~255ULL;
	syn_u64(S, node + piv + 2 * 8, ADDR - 0x10);
	expect_error("pivot out of order", pfw_for_each_vma(S->k, p.mm, count_vma, &n),
		     PFW_ERR_CORRUPT, "pivot[2]");
	req.address = ADDR + 0x10000;
	err = pfw_why(S->k, &req, &r);
	CHECK(!err && r.verdict == PFW_V_UNDECIDABLE,
	      "why over a pivot out of order: %s (not segv-maperr)",
	      err ? err->message : pfw_verdict_name(r.verdict));
	pfw_error_destroy(err);
	syn_commit_vmas(S, &p);

	/* a VMA above TASK_SIZE_MAX ((1 << 47) - PAGE_SIZE with 4-level paging) */
	syn_vma(S, &p, 1ULL << 47, (1ULL << 47) + 0x1000, VM_RW_PRIVATE, 0, 0, 0);
	expect_error("VMA above TASK_SIZE", pfw_for_each_vma(S->k, p.mm, count_vma, &n),
		     PFW_ERR_CORRUPT, "TASK_SIZE");
}

/* ---- the printk ring (kernel/printk/printk_ringbuffer.c) ---- */

static struct pfw_error *count_record(struct pfw_kernel *k, uint64_t ts, int level,
				      const char *text, size_t len, void *arg)
{
	(*(int *)arg)++;
	return NULL;
}

/*
 * A ring whose head_id is garbage: ids between tail_id and head_id are at
 * most 2^count_bits apart in a ring of that many descriptors
 * (prb_first_valid_seq() and desc_push_tail() keep it so), so the walk
 * must stop at once instead of trying 2^62 ids.  A ring whose descriptors
 * hold none of the ids in range is damage, not an empty log.
 */
static void test_garbage_printk_ring(void)
{
	uint64_t rb = syn_alloc_struct(S, "printk_ringbuffer");
	uint64_t descs = syn_alloc(S, 32 * syn_sizeof(S, "prb_desc"));
	uint64_t infos = syn_alloc(S, 32 * syn_sizeof(S, "printk_info"));
	double t0;
	int n = 0;

	syn_u64(S, syn_sym(S, "prb"), rb);
	syn_set(S, rb, "printk_ringbuffer", "desc_ring.count_bits", 5);
	syn_set(S, rb, "printk_ringbuffer", "desc_ring.descs", descs);
	syn_set(S, rb, "printk_ringbuffer", "desc_ring.infos", infos);
	syn_set(S, rb, "printk_ringbuffer", "desc_ring.tail_id", 5);
	syn_set(S, rb, "printk_ringbuffer", "desc_ring.head_id", 0x3fffffffffff0000ULL);
	syn_set(S, rb, "printk_ringbuffer", "text_data_ring.size_bits", 12);
	syn_set(S, rb, "printk_ringbuffer", "text_data_ring.data", syn_alloc(S, 4096));
	t0 = now();
	expect_error("garbage head_id", pfw_for_each_log_record(S->k, count_record, &n),
		     PFW_ERR_CORRUPT, "printk ring buffer");
	CHECK(now() - t0 < MAX_SECONDS, "garbage head_id: %.1f s to notice", now() - t0);
	syn_set(S, rb, "printk_ringbuffer", "desc_ring.head_id", 8);
	expect_error("ring of unused descriptors", pfw_for_each_log_record(S->k, count_record, &n),
		     PFW_ERR_CORRUPT, "none of its");
	CHECK(n == 0, "garbage ring: %d records passed on", n);
}

/* ---- page-table pages missing from the dump ---- */

static void expect_excluded_verdict(const char *name, struct syn_proc *p, bool has_ec, uint32_t ec,
				    enum pfw_access access)
{
	struct pfw_fault_request req = {
		.address = ADDR, .pid = p->pid, .access = access,
		.has_error_code = has_ec, .error_code = ec,
	};
	struct pfw_fault_result r;
	struct pfw_error *err = pfw_why(S->k, &req, &r);
	int i;

	CHECK(!err, "%s: pfw_why: %s", name, err ? err->message : "");
	pfw_error_destroy(err);
	if (err)
		return;
	CHECK(r.verdict == PFW_V_UNDECIDABLE && strstr(r.undecidable, "not in the dump"),
	      "%s: verdict %s, undecidable \"%s\"", name, pfw_verdict_name(r.verdict), r.undecidable);
	if (r.verdict != PFW_V_UNDECIDABLE)
		for (i = 0; i < r.nsteps; i++)
			printf("    %s: %s -> %s [%s]\n", r.steps[i].function, r.steps[i].condition,
			       r.steps[i].outcome, r.steps[i].evidence);
}

static void test_excluded_page_tables(void)
{
	struct pfw_walk w;
	struct pfw_error *err;
	struct syn_proc p;
	uint64_t pte_table, pgd;
	int level;

	syn_process(S, &p, "excluded");
	syn_vma(S, &p, ADDR, ADDR + 0x400000, VM_RW_PRIVATE, 0, 0, 0);
	syn_set_pte(S, &p, ADDR, (0x1234ULL << 12) | PTE_RW_USER);
	pgd = SYN_PAGE_OFFSET + p.pgd_phys;

	/* each table page in turn: pgd, pud, pmd, pte */
	for (level = 0; level < 4; level++) {
		char name[64];

		syn_include_all(S);
		syn_exclude(S, syn_table(S, &p, ADDR, level));
		err = pfw_x86_walk(S->k, pgd, ADDR, &w);
		CHECK(err && err->code == PFW_ERR_EXCLUDED && w.excluded && w.nsteps == level,
		      "walk with table %d excluded: %s, excluded %d, %d steps", level,
		      err ? err->message : "no error", w.excluded, w.nsteps);
		pfw_error_destroy(err);
		/* the access faults or not, on a pte no one can see */
		snprintf(name, sizeof(name), "table %d excluded, read", level);
		expect_excluded_verdict(name, &p, false, 0, PFW_ACCESS_READ);
		snprintf(name, sizeof(name), "table %d excluded, write", level);
		expect_excluded_verdict(name, &p, false, 0, PFW_ACCESS_WRITE);
		/* with the error code known, handle_mm_fault() still needs the pte */
		snprintf(name, sizeof(name), "table %d excluded, error code 0x6", level);
		expect_excluded_verdict(name, &p, true, PFW_PF_USER | PFW_PF_WRITE, PFW_ACCESS_WRITE);
	}
	syn_include_all(S);

	/* A decision that needs no page table is still made: no VMA at 0x1000 -> SEGV_MAPERR */
	pte_table = syn_table(S, &p, ADDR, 3);
	syn_exclude(S, pte_table);
	{
		struct pfw_fault_request req = {
			.address = ADDR + 0x800000, .pid = p.pid, .access = PFW_ACCESS_READ,
			.has_error_code = true, .error_code = PFW_PF_USER,
		};
		struct pfw_fault_result r;

		err = pfw_why(S->k, &req, &r);
		CHECK(!err && r.verdict == PFW_V_SEGV_MAPERR, "no VMA, error code given: %s",
		      err ? err->message : pfw_verdict_name(r.verdict));
		pfw_error_destroy(err);
	}
	syn_include_all(S);

	/*
	 * A kernel-half write with WRITE|PROT: do_kern_addr_fault() ->
	 * spurious_kernel_fault() walks init_mm's tables (init_top_pgt), here
	 * missing from the dump.
	 */
	{
		struct pfw_fault_request req = {
			.address = SYN_PAGE_OFFSET + 0x1000000, .pid = -1, .access = PFW_ACCESS_WRITE,
			.kernel_mode = true, .has_error_code = true,
			.error_code = PFW_PF_WRITE | PFW_PF_PROT,
		};
		struct pfw_fault_result r;

		syn_exclude(S, syn_sym(S, "init_top_pgt") - SYN_KERNEL_MAP);
		err = pfw_why(S->k, &req, &r);
		CHECK(!err && r.verdict == PFW_V_UNDECIDABLE && strstr(r.undecidable, "not in the dump"),
		      "init_top_pgt excluded, kernel write: %s %s",
		      err ? err->message : pfw_verdict_name(r.verdict), r.undecidable);
		pfw_error_destroy(err);
		req.has_error_code = false;
		err = pfw_why(S->k, &req, &r);
		CHECK(!err && r.verdict == PFW_V_UNDECIDABLE && strstr(r.undecidable, "not in the dump"),
		      "init_top_pgt excluded, no error code: %s %s",
		      err ? err->message : pfw_verdict_name(r.verdict), r.undecidable);
		pfw_error_destroy(err);
		syn_include_all(S);
	}

	/* the struct page of the pte's pfn left out: do_wp_page() cannot decide */
	{
		struct pfw_fault_request req = { .address = ADDR, .pid = p.pid, .access = PFW_ACCESS_WRITE };
		struct pfw_fault_result r;

		syn_set_pte(S, &p, ADDR, (0x1234ULL << 12) | (PTE_RW_USER & ~2ULL));
		syn_exclude(S, SYN_VMEMMAP_PHYS + 0x1234 * syn_sizeof(S, "page"));
		err = pfw_why(S->k, &req, &r);
		CHECK(!err && r.verdict == PFW_V_UNDECIDABLE && strstr(r.undecidable, "struct page"),
		      "struct page excluded: %s %s", err ? err->message : pfw_verdict_name(r.verdict),
		      r.undecidable);
		pfw_error_destroy(err);
		syn_include_all(S);
	}
}

static void tests(void)
{
	test_corrupt_maple_tree();
	test_garbage_printk_ring();
	test_excluded_page_tables();
	test_cyclic_task_list();
}

int main(void)
{
	return syn_main(&S, NULL, tests);
}
