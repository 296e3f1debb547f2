/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_KERNEL_PRINTK_H
#define PFWHY_KERNEL_PRINTK_H

#include "kernel.h"

typedef struct pfw_error *pfw_log_fn(struct pfw_kernel *k, uint64_t ts_nsec, int level,
				     const char *text, size_t len, void *arg);
/* Every record of the kernel log in the dump, oldest first. */
struct pfw_error *pfw_for_each_log_record(struct pfw_kernel *k, pfw_log_fn *fn, void *arg);

#endif
