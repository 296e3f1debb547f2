/* SPDX-License-Identifier: GPL-2.0-or-later */
/* arch/x86/mm/fault.c, replayed (fault.c, fault_4_19.c): what its two files share. */
#ifndef PFWHY_ARCH_X86_64_FAULT_H
#define PFWHY_ARCH_X86_64_FAULT_H

#include "walker/walker.h"

/*
 * arch/x86/mm/fault.c's pieces that 4.19's __do_page_fault() shares with
 * the 4.20+ split (fault.c), and 4.19's own entry (fault_4_19.c).
 */
uint64_t task_size_max(struct fault_ctx *c);
void page_fault_oops(struct fault_ctx *c, const char *why);
void kernelmode_fixup_or_oops(struct fault_ctx *c);
void fault_set_flags(struct fault_ctx *c);
void __bad_area_nosemaphore(struct fault_ctx *c, int si_code, const char *why);
void bad_area_nosemaphore(struct fault_ctx *c, const char *why);
bool spurious_kernel_fault(struct fault_ctx *c);
bool access_error(struct fault_ctx *c, bool *pkey_denied);
void bad_area_access_error(struct fault_ctx *c, bool pkey_denied);
void mm_fault_error(struct fault_ctx *c, unsigned int fault);
void pgtable_bad(struct fault_ctx *c);
void good_area(struct fault_ctx *c);
bool fault_4_19_detect(struct fault_ctx *c);
void __do_page_fault(struct fault_ctx *c);
void fault_done_4_19(struct fault_ctx *c, unsigned int fault);
/* src/arch/x86_64/fault.c's entries for its operations table */
void x86_features(struct fault_ctx *c);
struct pfw_error *x86_fault_pgd(struct fault_ctx *c, uint64_t *pgd);
bool x86_hardware_access_ok(struct fault_ctx *c, uint32_t *error_code);
void exc_page_fault(struct fault_ctx *c);
void exc_general_protection(struct fault_ctx *c);

#endif
