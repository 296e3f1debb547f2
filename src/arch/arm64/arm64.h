/* SPDX-License-Identifier: GPL-2.0-or-later */
/* arm64's operations (src/arch/arm64/ops.c) and the files that implement them. */
#ifndef PFWHY_ARCH_ARM64_INTERNAL_H
#define PFWHY_ARCH_ARM64_INTERNAL_H

#include <pfwhy/arm64.h>

#include "arch/arch.h"

/* pte.c: present_frame_mask */
extern const uint64_t pfw_arm64_present_frame_mask[PFW_NR_LEVELS];
/* layout.c */
struct pfw_error *arm64_read_layout(struct pfw_kernel *k);
uint64_t arm64_phys_to_virt(struct pfw_kernel *k, uint64_t phys);
uint64_t arm64_pa_symbol(const struct pfw_kernel *k, uint64_t va);
bool arm64_virt_to_phys_direct(struct pfw_kernel *k, uint64_t virt, uint64_t *phys);
bool arm64_address_valid(const struct pfw_kernel *k, uint64_t addr);
uint64_t arm64_task_size(const struct pfw_kernel *k);
int arm64_swp_pfn_bits(const struct pfw_kernel *k);
/* is_ttbr0_addr() / is_ttbr1_addr() (6.1 asm/processor.h:318-328), on an untagged address */
bool arm64_is_ttbr0_addr(const struct pfw_kernel *k, uint64_t addr);
bool arm64_is_ttbr1_addr(const struct pfw_kernel *k, uint64_t addr);
/* untagged_addr(): the top byte of a TTBR0 address is ignored (TBI0) */
uint64_t arm64_untagged_addr(uint64_t addr);
/* kpti.c: k->pti = arm64_kernel_unmapped_at_el0() */
struct pfw_error *arm64_kernel_unmapped_at_el0(struct pfw_kernel *k);
/* esr.c: an abort's EC and WnR as the access; other classes are refused */
struct pfw_error *arm64_syndrome_access(uint64_t esr, enum pfw_access *access, bool *kernel_mode);
/* walk.c */
void pfw_kernel_arm64_layout(struct pfw_kernel *k, struct pfw_arm64_layout *l);
struct pfw_error *arm64_walk(struct pfw_kernel *k, uint64_t pgd, uint64_t addr,
			     struct pfw_walk *w);
void arm64_decode(struct pfw_kernel *k, enum pfw_pt_level level, uint64_t v, struct pfw_entry *e);
struct pfw_error *arm64_scan(struct pfw_kernel *k, uint64_t pgd, uint64_t start, uint64_t end,
			     pfw_scan_fn *fn, void *arg, struct pfw_scan_stats *stats);

/* fault.c: the walker's entries (struct fault_ctx is src/walker/walker.h's) */
void do_mem_abort(struct fault_ctx *c);
bool arm64_hardware_access_ok(struct fault_ctx *c, uint32_t *esr);
struct pfw_error *arm64_fault_pgd(struct fault_ctx *c, uint64_t *pgd);
void arm64_features(struct fault_ctx *c);
void arm64_bad_address(struct fault_ctx *c);

#endif
