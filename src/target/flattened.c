// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * makedumpfile's flattened format (written by `makedumpfile -F` and by QEMU's
 * `dump-guest-memory -z`): a 4 KiB header, then records of big-endian
 * {offset, size} followed by size bytes, ending with {-1, -1}.  libkdumpfile
 * 0.5.1 does not read it, so we lay the records out into an anonymous
 * in-memory file, exactly as `makedumpfile -R` would on disk.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "flattened.h"

#define FLAT_SIGNATURE		"makedumpfile"
#define FLAT_HEADER_SIZE	4096
#define FLAT_CHUNK		(1 << 20)

bool pfw_is_flattened(int fd)
{
	char sig[sizeof(FLAT_SIGNATURE)];

	if (pread(fd, sig, sizeof(sig), 0) != (ssize_t)sizeof(sig))
		return false;
	return !memcmp(sig, FLAT_SIGNATURE, sizeof(FLAT_SIGNATURE));
}

static struct pfw_error *copy_record(int in, off_t *pos, int out, int64_t offset,
				     int64_t size, char *buf, const char *path)
{
	while (size > 0) {
		size_t n = size < FLAT_CHUNK ? size : FLAT_CHUNK;
		ssize_t r = pread(in, buf, n, *pos);

		if (r <= 0)
			return pfw_error_create(PFW_ERR_INPUT,
						"%s: flattened dump truncated at offset %lld",
						path, (long long)*pos);
		if (pwrite(out, buf, r, offset) != r)
			return pfw_error_create(PFW_ERR_INPUT,
						"%s: cannot reassemble flattened dump: %s",
						path, strerror(errno));
		*pos += r;
		offset += r;
		size -= r;
	}
	return NULL;
}

struct pfw_error *pfw_unflatten(int in, const char *path, int *ret_fd)
{
	struct pfw_error *err = NULL;
	off_t pos = FLAT_HEADER_SIZE;
	char *buf;
	int out;

	out = memfd_create("pfwhy-unflattened", MFD_CLOEXEC);
	if (out < 0)
		return pfw_error_create(PFW_ERR_INPUT, "%s: memfd_create: %s",
					path, strerror(errno));
	buf = malloc(FLAT_CHUNK);
	if (!buf) {
		close(out);
		return &pfw_error_nomem;
	}
	for (;;) {
		int64_t hdr[2];

		if (pread(in, hdr, sizeof(hdr), pos) != (ssize_t)sizeof(hdr)) {
			err = pfw_error_create(PFW_ERR_INPUT,
					       "%s: flattened dump has no end marker", path);
			break;
		}
		pos += sizeof(hdr);
		hdr[0] = be64toh(hdr[0]);
		hdr[1] = be64toh(hdr[1]);
		if (hdr[0] == -1 && hdr[1] == -1)
			break;
		if (hdr[0] < 0 || hdr[1] < 0) {
			err = pfw_error_create(PFW_ERR_INPUT,
					       "%s: corrupt flattened record at offset %lld",
					       path, (long long)pos - 16);
			break;
		}
		err = copy_record(in, &pos, out, hdr[0], hdr[1], buf, path);
		if (err)
			break;
	}
	free(buf);
	if (err) {
		close(out);
		return err;
	}
	*ret_fd = out;
	return NULL;
}
