/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_KERNEL_PATH_H
#define PFWHY_KERNEL_PATH_H

#include "kernel.h"

/* d_path() of a struct file, with " (deleted)" as the kernel appends it. */
struct pfw_error *pfw_file_path(struct pfw_kernel *k, uint64_t file, char *buf, size_t size);

#endif
