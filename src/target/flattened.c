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
#include <sys/stat.h>
#include <unistd.h>

#include "flattened.h"
#include "validate.h"

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

/* Beyond any dump's size: a record claiming more is corrupt, not a sparse file to make. */
#define FLAT_MAX_OFFSET		(1ULL << 46)

struct flat_state {
	int in, out;
	const char *path;
	off_t pos;		/* in the flattened file */
	uint64_t size;		/* of the flattened file */
	char *buf;
	struct pfw_extents *ext;
	uint64_t *cut;
};

/* Copy one record's data; a record cut short keeps what the file holds. */
static struct pfw_error *copy_record(struct flat_state *f, int64_t offset, int64_t size)
{
	struct pfw_error *err;

	while (size > 0) {
		size_t n = size < FLAT_CHUNK ? size : FLAT_CHUNK;
		ssize_t r = pread(f->in, f->buf, n, f->pos);

		if (r <= 0) {
			*f->cut = f->pos;
			return NULL;
		}
		if (pwrite(f->out, f->buf, r, offset) != r)
			return pfw_error_create(PFW_ERR_INPUT,
						"%s: cannot reassemble flattened dump: %s",
						f->path, strerror(errno));
		err = pfw_extents_add(f->ext, offset, offset + r);
		if (err)
			return err;
		f->pos += r;
		offset += r;
		size -= r;
	}
	return NULL;
}

/* The next record header; false at the end marker or the end of the file. */
static struct pfw_error *next_record(struct flat_state *f, int64_t *offset, int64_t *size,
				     bool *more)
{
	int64_t hdr[2];
	ssize_t r;

	*more = false;
	r = pread(f->in, hdr, sizeof(hdr), f->pos);
	if (r != (ssize_t)sizeof(hdr)) {
		*f->cut = f->pos + (r > 0 ? r : 0);
		if (*f->cut > f->size)
			*f->cut = f->size;
		return NULL;
	}
	f->pos += sizeof(hdr);
	*offset = be64toh(hdr[0]);
	*size = be64toh(hdr[1]);
	if (*offset == -1 && *size == -1)
		return NULL;
	if (*offset < 0 || *size < 0 || (uint64_t)*offset > FLAT_MAX_OFFSET ||
	    (uint64_t)*size > FLAT_MAX_OFFSET - *offset)
		return pfw_error_create(PFW_ERR_INPUT,
					"%s: corrupt flattened record at offset %lld (offset %lld, size %lld)",
					f->path, (long long)f->pos - 16, (long long)*offset,
					(long long)*size);
	*more = true;
	return NULL;
}

struct pfw_error *pfw_unflatten(int in, const char *path, int *ret_fd,
				struct pfw_extents *ext, uint64_t *cut)
{
	struct flat_state f = { .in = in, .path = path, .pos = FLAT_HEADER_SIZE,
				.ext = ext, .cut = cut };
	struct pfw_error *err = NULL;
	int64_t offset, size;
	bool more = true;
	struct stat st;

	*cut = 0;
	if (fstat(in, &st) < 0)
		return pfw_error_create(PFW_ERR_INPUT, "%s: %s", path, strerror(errno));
	f.size = st.st_size;
	f.out = memfd_create("pfwhy-unflattened", MFD_CLOEXEC);
	if (f.out < 0)
		return pfw_error_create(PFW_ERR_INPUT, "%s: memfd_create: %s",
					path, strerror(errno));
	f.buf = malloc(FLAT_CHUNK);
	if (!f.buf) {
		close(f.out);
		return &pfw_error_nomem;
	}
	while (!err && more && !*cut) {
		err = next_record(&f, &offset, &size, &more);
		if (!err && more)
			err = copy_record(&f, offset, size);
	}
	free(f.buf);
	pfw_extents_finish(ext);
	if (!err && !ext->n)
		err = pfw_error_create(PFW_ERR_INPUT,
				       "%s: flattened dump truncated at offset %llu, before its first record",
				       path, (unsigned long long)*cut);
	if (err) {
		close(f.out);
		return err;
	}
	*ret_fd = f.out;
	return NULL;
}
