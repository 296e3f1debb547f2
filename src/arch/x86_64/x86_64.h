/* SPDX-License-Identifier: GPL-2.0-or-later */
/* x86_64's operations (src/arch/x86_64/ops.c) and the files that implement them. */
#ifndef PFWHY_ARCH_X86_64_INTERNAL_H
#define PFWHY_ARCH_X86_64_INTERNAL_H

#include <pfwhy/x86_64.h>

#include "arch/arch.h"

/* pte.c: present_frame_mask */
extern const uint64_t pfw_x86_present_frame_mask[PFW_NR_LEVELS];
/* layout.c */
struct pfw_error *x86_read_layout(struct pfw_kernel *k);
uint64_t x86_phys_to_virt(struct pfw_kernel *k, uint64_t phys);
uint64_t x86_pa_symbol(const struct pfw_kernel *k, uint64_t va);
bool x86_virt_to_phys_direct(struct pfw_kernel *k, uint64_t virt, uint64_t *phys);
bool x86_address_canonical(const struct pfw_kernel *k, uint64_t addr);
uint64_t x86_task_size(const struct pfw_kernel *k);
int x86_swp_pfn_bits(const struct pfw_kernel *k);

#endif
