// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The header checks (src/target/validate.c) and the flattened reader
 * (src/target/flattened.c) on their own: the input is a dump file; a
 * flattened one is reassembled first, then the ELF or kdump headers,
 * notes, bitmaps and page descriptors are checked and the map of pages
 * is asked about addresses across the whole physical range.
 */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "target/flattened.h"
#include "target/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fd = -1;

static void query(const struct pfw_dump_map *m, const uint8_t *data, size_t size)
{
	uint64_t cut, addr = 0;
	int i;

	(void)pfw_dump_truncated(m, &cut);
	(void)pfw_dump_has_holes(m);
	for (i = 0; i < 64; i++) {
		enum pfw_page_status st = pfw_dump_page_status(m, addr);

		pfw_error_destroy(pfw_dump_page_error(m, st, "physical", addr));
		addr = addr * 3 + 0x1000 + (size ? data[i % size] : 0) * 0x10000ULL;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pfw_extents ext = { 0 };
	struct pfw_dump_map *m = NULL;
	struct pfw_error *err;
	uint64_t cut = 0;
	int in = fd;
	bool flat;

	if (fd < 0 && (fd = in = memfd_create("fuzz-dump", MFD_CLOEXEC)) < 0)
		return 0;
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	flat = pfw_is_flattened(fd);
	if (flat) {
		err = pfw_unflatten(fd, "fuzz", &in, &ext, &cut);
		if (err)
			goto out;
	}
	err = pfw_dump_check(in, "fuzz", flat ? &ext : NULL, cut, &m);
	if (!err)
		query(m, data, size);
	pfw_dump_map_free(m);
	if (flat)
		close(in);
out:
	pfw_error_destroy(err);
	pfw_extents_free(&ext);
	return 0;
}
