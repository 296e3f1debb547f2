/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_TARGET_FLATTENED_H
#define PFWHY_TARGET_FLATTENED_H

#include <stdbool.h>

#include <pfwhy/error.h>

bool pfw_is_flattened(int fd);
/* Reassemble a flattened dump into a new read-only-use memfd. */
struct pfw_error *pfw_unflatten(int fd, const char *path, int *ret_fd);

#endif
