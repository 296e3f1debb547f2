/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The decision walker: replays a page fault through the dump's kernel's
 * fault handler (arch/x86/mm/fault.c, mm/memory.c), step by step, in the
 * state the dump captured.
 */
#ifndef PFWHY_WALKER_H
#define PFWHY_WALKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pfwhy/error.h>

struct pfw_kernel;

/*
 * What the kernel did with the access: one name per distinct outcome.
 * pfw_verdict_info() gives each one's name and a line on what the kernel
 * did and what the process saw; `help verdicts` and pfwhy(1)'s VERDICTS
 * list them in this order.
 */
enum pfw_verdict {
	PFW_V_NO_FAULT,
	PFW_V_SPURIOUS,
	PFW_V_SEGV_MAPERR,
	PFW_V_SEGV_ACCERR,
	PFW_V_SEGV_PKUERR,
	PFW_V_GP_NONCANONICAL,
	PFW_V_SIGBUS,
	PFW_V_OOPS,
	PFW_V_KERNEL_FIXUP,
	PFW_V_ANON_NEW,
	PFW_V_ZERO_PAGE,
	PFW_V_STACK_EXPAND,
	PFW_V_READ_FAULT,
	PFW_V_COW_FAULT,
	PFW_V_SHARED_FAULT,
	PFW_V_WP_COPY,
	PFW_V_WP_REUSE,
	PFW_V_SWAP_IN,
	PFW_V_NUMA_HINT,
	PFW_V_THP_ANON,
	PFW_V_HUGE_ZERO_PAGE,
	PFW_V_HUGETLB,
	PFW_V_UFFD_MISSING,
	PFW_V_UFFD_WP,
	PFW_V_UNDECIDABLE,
	PFW_V_COUNT
};

struct pfw_verdict_info {
	const char *name;	/* as `why` prints it */
	const char *kernel;	/* what the kernel did */
	const char *process;	/* what the process (or the kernel caller) saw */
};

/* x86 page-fault error code bits (enum x86_pf_error_code) */
#define PFW_PF_PROT	(1U << 0)
#define PFW_PF_WRITE	(1U << 1)
#define PFW_PF_USER	(1U << 2)
#define PFW_PF_RSVD	(1U << 3)
#define PFW_PF_INSTR	(1U << 4)
#define PFW_PF_PK	(1U << 5)
#define PFW_PF_SHSTK	(1U << 6)
#define PFW_PF_SGX	(1U << 15)

enum pfw_access { PFW_ACCESS_READ, PFW_ACCESS_WRITE, PFW_ACCESS_EXEC };

struct pfw_fault_request {
	uint64_t address;
	int pid;			/* -1: no task (kernel page tables) */
	enum pfw_access access;
	bool kernel_mode;		/* the access comes from kernel code */
	bool has_error_code;		/* else derived from the page tables */
	uint32_t error_code;
	bool has_ip;
	uint64_t ip;
	/*
	 * --ip FUNCTION (a bare name, as an oops's call trace or a trace
	 * event gives it): the access is somewhere in [ip, ip_end), not at ip.
	 */
	bool ip_is_function;
	uint64_t ip_end;
	char ip_name[128];
	/* the task is known to have exited: replay what does not need its mm */
	bool task_gone;
	/* pid's task when the caller has read it already (faultmap): saves the task-list walk */
	const struct pfw_task *task;
	/*
	 * The caller reads only the verdict (faultmap): the steps' evidence
	 * names kernel addresses without their symbols, which only text shows.
	 */
	bool verdict_only;
};

#define PFW_MAX_STEPS 64

struct pfw_step {
	char function[40];	/* the kernel function mirrored */
	char condition[160];	/* what it tests */
	char evidence[256];	/* the values read from the dump */
	char outcome[160];	/* the branch taken */
};

struct pfw_fault_result {
	enum pfw_verdict verdict;
	/* stack-expand: what the fault did once the stack VMA had grown */
	enum pfw_verdict then;
	int signal;		/* 0, SIGSEGV, SIGBUS: the signal the task gets */
	int si_code;
	/* a kernel-mode fault fixed up: what the caller gets instead, "EFAULT" */
	const char *error;
	bool major;		/* for handled faults */
	bool has_major;
	uint32_t error_code;	/* of the (last) fault replayed */
	int passes;		/* faults replayed until the access settles */
	uint32_t error_codes[4];	/* of each fault replayed, in order */
	int nsteps;
	struct pfw_step steps[PFW_MAX_STEPS];
	char undecidable[512];	/* what the dump cannot tell, and what each case leads to */
	/* no --ip and it mattered: the outcome from a uaccess routine, then from plain code */
	int noutcomes;
	struct pfw_outcome {
		const char *assumption;	/* "uaccess", "plain" */
		enum pfw_verdict verdict;
		int signal, si_code;
	} outcomes[2];
	char note[256];
	char todo[320];		/* what a user can change, where something can be */
};

struct pfw_error *pfw_why(struct pfw_kernel *k, const struct pfw_fault_request *req,
			  struct pfw_fault_result *res);
/*
 * The hardware's account of a fault, by the dump's architecture: x86's
 * error code (--error-code), arm64's ESR (--esr).  The option's name, the
 * access and mode it states (NULL, or an error saying why it is no
 * page-fault syndrome), and its decode as the oops prints it ("" when the
 * oops prints nothing more than the number).
 */
const char *pfw_syndrome_option(const struct pfw_kernel *k);
/* The syndrome's and the instruction pointer's names in the oops: "error_code", "RIP"; "ESR", "pc". */
const char *pfw_syndrome_name(const struct pfw_kernel *k);
const char *pfw_ip_name(const struct pfw_kernel *k);
struct pfw_error *pfw_syndrome_access(const struct pfw_kernel *k, uint64_t code,
				      enum pfw_access *access, bool *kernel_mode);
void pfw_syndrome_describe(const struct pfw_kernel *k, uint64_t code, char *buf, size_t size);
const char *pfw_verdict_name(enum pfw_verdict v);
/* NULL past the last verdict: for (v = 0; pfw_verdict_info(v); v++) */
const struct pfw_verdict_info *pfw_verdict_info(enum pfw_verdict v);

/*
 * The fault map: the pages of [start, end) of a task's address space in
 * runs of equal state, each with the verdict pfw_why() gives for a read, a
 * write and an instruction fetch from user mode at any page of the run.
 */
struct pfw_fault_run {
	uint64_t start, end;
	const struct pfw_vma *vma;	/* NULL in a hole between VMAs */
	char state[48];			/* "present r-x", "swapped", "none", "unmapped" ... */
	enum pfw_verdict verdict[3];	/* by enum pfw_access */
};

typedef struct pfw_error *pfw_fault_run_fn(void *arg, const struct pfw_fault_run *run);

struct pfw_faultmap_stats {
	uint64_t entries;		/* page-table entries decoded */
	uint64_t pages;			/* pages mapped out */
	uint64_t classes;		/* distinct states replayed through pfw_why() */
	uint64_t why_calls;
};

struct pfw_error *pfw_faultmap(struct pfw_kernel *k, int pid, uint64_t start, uint64_t end,
			       pfw_fault_run_fn *fn, void *arg, struct pfw_faultmap_stats *stats);
const char *pfw_si_code_name(int signal, int si_code);

/*
 * The 64-bit entry /proc/PID/pagemap gives for addr in the mm (as root, with
 * PFNs), from the dump: fs/proc/task_mmu.c of 6.1, page_mapcount() of the
 * dump's era.
 */
struct pfw_error *pfw_pagemap_entry(struct pfw_kernel *k, uint64_t mm, uint64_t addr,
				    uint64_t *pme);

#endif
