/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_TARGET_FLATTENED_H
#define PFWHY_TARGET_FLATTENED_H

#include <stdbool.h>
#include <stdint.h>

#include <pfwhy/error.h>

bool pfw_is_flattened(int fd);
struct pfw_extents;

/*
 * Reassemble a flattened dump into a new read-only-use memfd.  ext gets the
 * byte ranges the records filled; *cut the offset in fd where the file
 * ended before its end marker, 0 when it is whole.
 */
struct pfw_error *pfw_unflatten(int fd, const char *path, int *ret_fd,
				struct pfw_extents *ext, uint64_t *cut);

#endif
