// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A whole dump file (ELF core, kdump-compressed or makedumpfile-flattened)
 * through the same path as a dump on disk: the flattened reader, the
 * header checks, then libkdumpfile 0.5.1 itself when the checks pass, and
 * reads at a few addresses.  A crash inside libkdumpfile on an input the
 * checks let through is a finding.  Slower than fuzz_dump (the library
 * opens each input): it runs for a time, not a count.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include <pfwhy/memory.h>

static int fd = -1;
static char path[64];

static void read_some(struct pfw_memory *mem)
{
	static const uint64_t phys[] = { 0, 0x1000, 0x100000, 0x540a000, 0xfffff000, 1ULL << 40 };
	static const uint64_t kv[] = { 0xffffffff81000000ULL, 0xffff888000001000ULL };
	unsigned char buf[64];
	size_t i;

	for (i = 0; i < sizeof(phys) / sizeof(phys[0]); i++)
		pfw_error_destroy(pfw_memory_read(mem, PFW_PHYS, phys[i], buf, sizeof(buf)));
	for (i = 0; i < sizeof(kv) / sizeof(kv[0]); i++)
		pfw_error_destroy(pfw_memory_read(mem, PFW_KVADDR, kv[i], buf, sizeof(buf)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pfw_memory *mem;
	struct pfw_error *err;

	if (fd < 0) {
		fd = memfd_create("fuzz-kdumpfile", MFD_CLOEXEC);
		if (fd < 0)
			return 0;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	err = pfw_memory_open_dump(path, &mem);
	if (err) {
		pfw_error_destroy(err);
		return 0;
	}
	read_some(mem);
	pfw_memory_destroy(mem);
	return 0;
}
