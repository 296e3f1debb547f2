/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The last page-fault oops in the dump's kernel log, in any era's wording. */
#ifndef PFWHY_OOPS_H
#define PFWHY_OOPS_H

#include <stdbool.h>
#include <stdint.h>

#include <pfwhy/error.h>

struct pfw_kernel;

#define PFW_OOPS_MAX_LINES 16
#define PFW_OOPS_MAX 64
#define PFW_OOPS_MAX_CONTEXT 4

struct pfw_oops {
	uint64_t address;
	bool has_error_code;
	uint32_t error_code;
	bool has_ip;
	uint64_t ip;
	char ip_text[128];	/* "lkdtm_ACCESS_NULL+0x5/0x10" */
	bool user_cs;		/* RIP's code segment is a user one */
	int pid;
	char comm[32];
	uint64_t ts_nsec;	/* the log timestamp of its first line */
	bool panicked;		/* a "Kernel panic - not syncing" ends it */
	/* BUG: / WARNING: lines logged since the previous oops */
	int ncontext;
	char context[PFW_OOPS_MAX_CONTEXT][200];
	int nlines;
	char lines[PFW_OOPS_MAX_LINES][200];	/* the kernel's own lines that said so */
};

/* found=false when the log holds no page-fault oops. */
struct pfw_error *pfw_find_oops(struct pfw_kernel *k, struct pfw_oops *oops, bool *found);
/* Every page-fault oops in the log, oldest first (at most PFW_OOPS_MAX); free() the list. */
struct pfw_error *pfw_find_oopses(struct pfw_kernel *k, struct pfw_oops **list, int *n);

#endif
