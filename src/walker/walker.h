/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The walker's shared state: one replayed fault, as the kernel's handler sees it. */
#ifndef PFWHY_WALKER_INTERNAL_H
#define PFWHY_WALKER_INTERNAL_H

#include <pfwhy/kernel.h>
#include <pfwhy/walker.h>
#include <pfwhy/pgtable.h>

#include "kernel/kernel.h"

/* VM_FAULT_* (enum vm_fault_reason, include/linux/mm_types.h; #defines in 4.19) */
#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_MAJOR		0x000004
#define VM_FAULT_HWPOISON	0x000010
#define VM_FAULT_HWPOISON_LARGE	0x000020
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_NOPAGE		0x000100
#define VM_FAULT_RETRY		0x000400
#define VM_FAULT_FALLBACK	0x000800
#define VM_FAULT_ERROR (VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV | \
			VM_FAULT_HWPOISON | VM_FAULT_HWPOISON_LARGE | VM_FAULT_FALLBACK)
/* pfwhy's own: the dump cannot decide this fault */
#define VM_FAULT_UNDECIDABLE	0x80000000

/* x86_64 and arm64 with 4 KiB pages */
#define HPAGE_PMD_ORDER		9

/* FAULT_FLAG_* (include/linux/mm_types.h) */
#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_USER		0x40
#define FAULT_FLAG_TRIED	0x20
#define FAULT_FLAG_INSTRUCTION	0x100

/* Which era of the fault path the dump's kernel has, from its symbols and DWARF. */
struct fault_features {
	int version;			/* major * 1000 + minor, for #define tables only */
	bool exc_page_fault;		/* 5.8+: exc_page_fault() entry */
	bool split_kern_user;		/* 4.20+: do_kern_addr_fault / do_user_addr_fault */
	bool vmalloc_fault;		/* x86_64 <= 5.7 */
	bool per_vma_lock;		/* 6.4+: lock_vma_under_rcu() */
	bool alloc_anon_folio;		/* 6.8+ with THP: mTHP orders (huge_anon_orders_*) */
	bool lock_mm_and_find_vma;	/* 6.5+ and the 6.1.y/6.4.y backports */
	bool no_context;		/* <= 5.12: no_context(), not kernelmode_fixup_or_oops() */
	bool fault_4_19;		/* <= 4.19: one __do_page_fault() (fault_4_19.c) */
	bool smap_oops;			/* 5.15+: SMAP violation oopses with no extable */
	bool memory_failure;		/* CONFIG_MEMORY_FAILURE: x86 do_sigbus() sends BUS_MCEERR_AR */
	bool sanitize_fault_flags;	/* 6.2+ */
	enum { WP_REUSE_SWAP_PAGE, WP_PAGE_COUNT, WP_ANON_EXCLUSIVE } wp_rule;
	uint64_t fault_around_pages;	/* should_fault_around()'s window, in pages */
	bool smap, ospke;		/* CPU features the kernel booted with */
};

/*
 * The file behind the VMA at the fault's page, as ->map_pages() and
 * ->fault() both look at it (walker/memory.c): read from the dump once a
 * replay, for the file and index it was read at.
 */
struct file_view {
	uint64_t file, index;
	uint64_t isize;			/* the inode's i_size */
	uint64_t entry;			/* the page-cache entry at index (XArray encoding) */
};

struct fault_ctx {
	struct pfw_kernel *k;
	const struct pfw_fault_request *req;
	struct pfw_fault_result *res;
	struct fault_features f;
	struct pfw_swap_layout swp;	/* the special swap types */
	uint64_t address;
	uint32_t error_code;		/* x86 error code, or arm64 ESR (ISS2 aside) */
	bool user_mode;
	unsigned int flags;		/* FAULT_FLAG_* */
	struct pfw_task task;
	bool has_task;
	uint64_t mm;
	struct pfw_vma vma;
	bool has_vma;
	struct pfw_walk walk;		/* the page tables at address, as dumped */
	bool walked;
	/* the pte after an earlier pass of this replay, instead of the dump's */
	bool pte_overridden;
	struct pfw_entry pte_override;
	/* this pass replaced a uffd-wp pte marker: the next pte is uffd-wp, read-only */
	bool uffd_wp_marker;
	/*
	 * Without --ip, a kernel-mode fault is replayed twice: as if from a
	 * uaccess routine, then as if from plain kernel code.  ip_consulted
	 * says whether the outcome depended on it.
	 */
	char denied[160];		/* kernel_entry_denies()'s words for a module's page */
	enum { IP_ASSUME_UACCESS, IP_ASSUME_PLAIN } ip_assumption;
	bool ip_consulted;
	/* expand_stack() grew the stack VMA down to the address: the verdict is stack-expand */
	bool stack_expanded;
	/* what the handled fault did, for the verdict */
	enum pfw_verdict handled;
	bool settled;			/* a verdict is final */
	/* why the dump cannot tell a major fault from a minor one, if it cannot */
	char major_unknown[200];
	struct file_view file_view;
	bool file_view_read;
};

/* One line of the walk: function, condition, outcome, then evidence (printf). */
void fault_step(struct fault_ctx *c, const char *function, const char *condition,
		const char *outcome, const char *evidence_fmt, ...)
	__attribute__((format(printf, 5, 6)));
void fault_verdict(struct fault_ctx *c, enum pfw_verdict v, int signal, int si_code);
void fault_undecidable(struct fault_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The one line a user can act on, where there is one: what to change. */
void fault_todo(struct fault_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* walker/todo.c: the what-to-do line of a refused or unmapped user access */
const char *write_denied_why(struct fault_ctx *c);
void access_todo(struct fault_ctx *c, bool write, bool exec);
void unmapped_todo(struct fault_ctx *c);
void kernel_addr_todo(struct fault_ctx *c);
void poison_marker_todo(struct fault_ctx *c);

bool vm_flag(struct fault_ctx *c, const char *name);
/* pfw_ksym() for a step's text (plain with req->verdict_only) */
struct pfw_ksym fault_ksym(struct fault_ctx *c, uint64_t addr);
const struct pfw_entry *fault_pte(struct fault_ctx *c);
const struct pfw_entry *fault_entry_at(struct fault_ctx *c, enum pfw_pt_level level);
struct pfw_error *fault_walk(struct fault_ctx *c);
/* The walk met a page-table page missing from the dump: the verdict is undecidable. */
bool fault_walk_excluded(struct fault_ctx *c, const char *function);

/* mm/memory.c and friends */
unsigned int handle_mm_fault(struct fault_ctx *c);
/* handle_userfault(): the uffd reader resolves it, the fault is retried */
unsigned int handle_userfault(struct fault_ctx *c, const char *reason);
/* mm/swap_state.c: the swap cache's folio for a swap entry, if it is cached */
struct pfw_page;
struct pfw_error *swap_cache_get_folio(struct fault_ctx *c, unsigned int type, uint64_t offset,
				       struct pfw_page *folio, bool *cached);
/* mm/huge_memory.c, mm/hugetlb.c */
bool hugepage_vma_check(struct fault_ctx *c);
bool thp_anon_orders(struct fault_ctx *c, uint64_t *orders);
uint64_t thp_vma_allowable_orders(struct fault_ctx *c, uint64_t mask, uint64_t orders);
unsigned int create_huge_pmd(struct fault_ctx *c);
unsigned int wp_huge_pmd(struct fault_ctx *c, const struct pfw_entry *pmd);
unsigned int hugetlb_fault(struct fault_ctx *c);
/* mm/mmap.c, mm/memory.c: what every architecture's handler calls (mmap.c) */
const char *find_vma_fn(struct fault_ctx *c);
const char *expand_stack_fn(struct fault_ctx *c);
bool read_kernel_ulong(struct fault_ctx *c, const char *sym, uint64_t *val);
enum vma_found { VMA_ERROR, VMA_NONE, VMA_COVERS, VMA_HOLE, VMA_BELOW_STACK };
enum vma_found fault_find_vma(struct fault_ctx *c, const char *fn, const char *grow_outcome);
bool expand_stack(struct fault_ctx *c);
void mm_account_fault(struct fault_ctx *c, unsigned int fault);

/* What the exception tables say about regs->ip (--ip, or the replay's assumption): extable.c */
enum ip_class { IP_FIXUP, IP_NO_FIXUP, IP_ERROR };
enum ip_class classify_ip(struct fault_ctx *c, char *why, size_t size);
/* The 4.19 name of a function the shared helpers name as 6.x does (x86_64/fault_4_19.c). */
const char *fault_4_19_name(const char *function);

/* kernel/extable.c, arch/x86/mm/extable.c, arch/arm64/mm/extable.c */
struct pfw_error *search_exception_tables(struct fault_ctx *c, uint64_t ip, bool *found,
					  char *fixup, size_t size);
/* Every entry whose instruction lies in [start, end), described into list. */
struct pfw_error *search_exception_tables_range(struct fault_ctx *c, uint64_t start,
						uint64_t end, unsigned int *count,
						char *list, size_t size);

#endif
