// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every size, offset and count in a dump's headers, checked against the
 * file's real extent and against each other before libkdumpfile 0.5.1 sees
 * them: that library trusts its input (a 32-bit ELF class, a zero
 * e_phentsize, a note size of 2^40 or a page descriptor longer than a page
 * crash it or overflow its buffers).  What passes is summed up as a map of
 * physical pages: in the dump, beyond a cut, corrupt, excluded, or not RAM.
 *
 * Layouts: <elf.h> for ELF cores; makedumpfile's diskdump_mod.h
 * (struct disk_dump_header, struct kdump_sub_header, struct page_desc) for
 * kdump-compressed files, x86_64 only.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "validate.h"

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1ULL << PAGE_SHIFT)
/* Larger note areas or VMCOREINFO texts than any kernel writes */
#define MAX_NOTES_SIZE		(64ULL << 20)
#define MAX_VMCOREINFO_SIZE	(1ULL << 20)
/* Beyond any x86_64 physical address (52 bits) */
#define MAX_PHYS		(1ULL << 52)
#define DESC_BATCH		4096
/* A header field placing data beyond this is garbage, not a longer file */
#define MAX_PLAUSIBLE_SIZE	(1ULL << 44)

/* struct disk_dump_header and struct kdump_sub_header, x86_64 */
#define KDUMP_HDR_SIZE		464
#define KDUMP_SUB_SIZE		104
#define DESC_SIZE		24
#define DUMP_DH_COMPRESSED	(0x1 | 0x2 | 0x4 | 0x20)	/* zlib, lzo, snappy, zstd */

enum dump_kind { DUMP_ELF, DUMP_KDUMP };

struct elf_load {
	uint64_t paddr, memsz, filesz, offset;
};

struct pfw_dump_map {
	enum dump_kind kind;
	const char *path;
	uint64_t size;			/* bytes of fd, holes included */
	struct pfw_extents whole;	/* [0, size) when the caller gave no extents */
	const struct pfw_extents *ext;
	bool truncated;
	uint64_t cut;
	bool holes;
	uint64_t ram_end;
	/* ELF */
	struct elf_load *loads;
	size_t nloads;
	/* kdump: bitmaps of max_mapnr bits */
	uint64_t max_mapnr;
	uint8_t *bitmap1, *bitmap2, *missing, *corrupt;
};

/* Extents */

struct pfw_error *pfw_extents_add(struct pfw_extents *e, uint64_t start, uint64_t end)
{
	if (start >= end)
		return NULL;
	if (e->n && e->v[e->n - 1].end == start) {
		e->v[e->n - 1].end = end;
		return NULL;
	}
	if (e->n == e->cap) {
		size_t cap = e->cap ? 2 * e->cap : 16;
		struct pfw_extent *v = realloc(e->v, cap * sizeof(*v));

		if (!v)
			return &pfw_error_nomem;
		e->v = v;
		e->cap = cap;
	}
	e->v[e->n].start = start;
	e->v[e->n].end = end;
	e->n++;
	return NULL;
}

static int extent_cmp(const void *a, const void *b)
{
	const struct pfw_extent *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

void pfw_extents_finish(struct pfw_extents *e)
{
	size_t i, out = 0;

	if (!e->n)
		return;
	qsort(e->v, e->n, sizeof(e->v[0]), extent_cmp);
	for (i = 1; i < e->n; i++) {
		if (e->v[i].start <= e->v[out].end) {
			if (e->v[i].end > e->v[out].end)
				e->v[out].end = e->v[i].end;
			continue;
		}
		e->v[++out] = e->v[i];
	}
	e->n = out + 1;
}

uint64_t pfw_extents_run(const struct pfw_extents *e, uint64_t off)
{
	size_t lo = 0, hi = e->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->v[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < e->n && e->v[lo].start <= off)
		return e->v[lo].end - off;
	return 0;
}

bool pfw_extents_cover(const struct pfw_extents *e, uint64_t off, uint64_t len)
{
	if (off + len < off)
		return false;
	return len ? pfw_extents_run(e, off) >= len : pfw_extents_run(e, off) > 0;
}

void pfw_extents_free(struct pfw_extents *e)
{
	free(e->v);
	memset(e, 0, sizeof(*e));
}

/* Reading the file */

static struct pfw_error *damaged(const struct pfw_dump_map *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An error about the dump's contents, prefixed with its path. */
static struct pfw_error *damaged(const struct pfw_dump_map *m, const char *fmt, ...)
{
	char *msg = NULL;
	struct pfw_error *err;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (!msg)
		return &pfw_error_nomem;
	err = pfw_error_create(PFW_ERR_INPUT, "%s: %s", m->path, msg);
	free(msg);
	return err;
}

/*
 * Read len bytes at off that the file must hold: a header.  Missing bytes
 * past the end of the file mean a cut inside the header (nothing after it
 * can be trusted); bytes the header places beyond the file's end, when the
 * file is not cut there, mean a corrupt header.
 */
static struct pfw_error *read_hdr(const struct pfw_dump_map *m, int fd, void *buf, uint64_t len,
				  uint64_t off, const char *what)
{
	if (!pfw_extents_cover(m->ext, off, len)) {
		unsigned long long end = m->cut ? m->cut : m->size;

		if (off + len >= off && off < m->size)
			return damaged(m, "the dump is truncated at offset %llu, inside its %s: nothing can be read",
				       end, what);
		if (off + len >= off && off + len <= MAX_PLAUSIBLE_SIZE)
			return damaged(m, "the dump ends at offset %llu, before its %s at offset %llu (truncated, or a corrupt header): nothing can be read",
				       end, what, (unsigned long long)off);
		return damaged(m, "corrupt dump: its %s would lie at offset %llu (%llu bytes)",
			       what, (unsigned long long)off, (unsigned long long)len);
	}
	if (pread(fd, buf, len, off) != (ssize_t)len)
		return damaged(m, "cannot read its %s: %s", what, errno ? strerror(errno) : "short read");
	return NULL;
}

static uint64_t align4(uint64_t v)
{
	return (v + 3) & ~3ULL;
}

/* ELF notes (PT_NOTE, or the kdump sub-header's note area): each record inside the area. */
static struct pfw_error *check_notes(const struct pfw_dump_map *m, int fd, uint64_t off,
				     uint64_t size)
{
	struct pfw_error *err;
	uint64_t p = 0;
	uint8_t *buf;

	if (size > MAX_NOTES_SIZE)
		return damaged(m, "corrupt dump: a note area of %llu bytes at offset %llu",
			       (unsigned long long)size, (unsigned long long)off);
	buf = malloc(size ? size : 1);
	if (!buf)
		return &pfw_error_nomem;
	err = read_hdr(m, fd, buf, size, off, "notes");
	while (!err && size - p >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr n;
		uint64_t len;

		memcpy(&n, buf + p, sizeof(n));
		len = sizeof(n) + align4(n.n_namesz) + align4(n.n_descsz);
		if (len > size - p)
			err = damaged(m, "corrupt dump: the note at offset %llu claims %llu bytes, past the end of its area",
				      (unsigned long long)(off + p), (unsigned long long)len);
		p += len;
	}
	free(buf);
	return err;
}

/* ELF cores */

static struct pfw_error *elf_phnum(struct pfw_dump_map *m, int fd, const Elf64_Ehdr *eh,
				   uint64_t *phnum)
{
	Elf64_Shdr sh0;
	struct pfw_error *err;

	*phnum = eh->e_phnum;
	if (eh->e_shnum || eh->e_shoff || eh->e_phnum == PN_XNUM) {
		if (eh->e_shentsize != sizeof(Elf64_Shdr))
			return damaged(m, "corrupt ELF header: e_shentsize is %u, not %zu",
				       eh->e_shentsize, sizeof(Elf64_Shdr));
		err = read_hdr(m, fd, &sh0, sizeof(sh0), eh->e_shoff, "ELF section headers");
		if (err)
			return err;
		if (!pfw_extents_cover(m->ext, eh->e_shoff, eh->e_shnum * sizeof(Elf64_Shdr)))
			return read_hdr(m, fd, NULL, eh->e_shnum * sizeof(Elf64_Shdr), eh->e_shoff,
					"ELF section headers");
		if (eh->e_phnum == PN_XNUM)
			*phnum = sh0.sh_info;
	}
	if (!*phnum)
		return damaged(m, "corrupt ELF header: no program headers");
	return NULL;
}

/*
 * libkdumpfile reads the section-name string table whole: a section size
 * of 4 GiB was a 4 GiB malloc.  A section past the end of a cut file is
 * only missing (QEMU writes .shstrtab last); an absurd one is corrupt.
 */
static struct pfw_error *check_sections(struct pfw_dump_map *m, int fd, const Elf64_Ehdr *eh)
{
	struct pfw_error *err = NULL;
	Elf64_Shdr *sh;
	size_t i;

	if (!eh->e_shnum)
		return NULL;
	if (eh->e_shstrndx != SHN_UNDEF && eh->e_shstrndx >= eh->e_shnum)
		return damaged(m, "corrupt ELF header: e_shstrndx %u of %u sections",
			       eh->e_shstrndx, eh->e_shnum);
	sh = calloc(eh->e_shnum, sizeof(*sh));
	if (!sh)
		return &pfw_error_nomem;
	err = read_hdr(m, fd, sh, eh->e_shnum * sizeof(*sh), eh->e_shoff, "ELF section headers");
	for (i = 0; !err && i < eh->e_shnum; i++) {
		/* the string table is read whole whatever its type says */
		if ((sh[i].sh_type == SHT_NOBITS && i != eh->e_shstrndx) || !sh[i].sh_size)
			continue;
		if (sh[i].sh_size > MAX_NOTES_SIZE || sh[i].sh_offset > MAX_PLAUSIBLE_SIZE)
			err = damaged(m, "corrupt ELF section header %zu: %llu bytes at offset %llu", i,
				      (unsigned long long)sh[i].sh_size,
				      (unsigned long long)sh[i].sh_offset);
		else if (!pfw_extents_cover(m->ext, sh[i].sh_offset, sh[i].sh_size))
			m->truncated = true;
	}
	free(sh);
	return err;
}

static struct pfw_error *elf_load(struct pfw_dump_map *m, const Elf64_Phdr *ph)
{
	struct elf_load *l = &m->loads[m->nloads];

	if (ph->p_filesz > ph->p_memsz || ph->p_paddr >= MAX_PHYS ||
	    ph->p_memsz > MAX_PHYS - ph->p_paddr || ph->p_offset + ph->p_filesz < ph->p_offset)
		return damaged(m, "corrupt ELF program header: physical 0x%llx, %llu bytes (%llu in the file)",
			       (unsigned long long)ph->p_paddr, (unsigned long long)ph->p_memsz,
			       (unsigned long long)ph->p_filesz);
	l->paddr = ph->p_paddr;
	l->memsz = ph->p_memsz;
	l->filesz = ph->p_filesz;
	l->offset = ph->p_offset;
	m->nloads++;
	if (l->paddr + l->memsz > m->ram_end)
		m->ram_end = l->paddr + l->memsz;
	if (l->filesz && !pfw_extents_cover(m->ext, l->offset, l->filesz)) {
		m->truncated = true;
		m->holes = true;
	}
	return NULL;
}

static int load_cmp(const void *a, const void *b)
{
	const struct elf_load *x = a, *y = b;

	return x->paddr < y->paddr ? -1 : x->paddr > y->paddr;
}

static struct pfw_error *check_elf(struct pfw_dump_map *m, int fd)
{
	struct pfw_error *err;
	Elf64_Phdr *ph = NULL;
	Elf64_Ehdr eh;
	uint64_t phnum, i;

	err = read_hdr(m, fd, &eh, sizeof(eh), 0, "ELF header");
	if (err)
		return err;
	if (eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_ident[EI_DATA] == ELFDATA2LSB &&
	    eh.e_type != ET_CORE)
		return pfw_error_create(PFW_ERR_INPUT,
					"%s: an ELF file but not a core dump (a vmlinux goes with -s)", m->path);
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB ||
	    (eh.e_machine != EM_X86_64 && eh.e_machine != EM_AARCH64))
		return damaged(m, "not an x86_64 or arm64 ELF core (class %u, type %u, machine %u): pfwhy reads x86_64 and arm64 dumps",
			       eh.e_ident[EI_CLASS], eh.e_type, eh.e_machine);
	if (eh.e_phentsize != sizeof(Elf64_Phdr))
		return damaged(m, "corrupt ELF header: e_phentsize is %u, not %zu",
			       eh.e_phentsize, sizeof(Elf64_Phdr));
	err = elf_phnum(m, fd, &eh, &phnum);
	if (!err)
		err = check_sections(m, fd, &eh);
	if (err)
		return err;
	if (!pfw_extents_cover(m->ext, eh.e_phoff, phnum * sizeof(*ph)))
		return read_hdr(m, fd, NULL, phnum * sizeof(*ph), eh.e_phoff, "ELF program headers");
	ph = calloc(phnum, sizeof(*ph));
	m->loads = calloc(phnum, sizeof(*m->loads));
	if (!ph || !m->loads) {
		free(ph);
		return &pfw_error_nomem;
	}
	err = read_hdr(m, fd, ph, phnum * sizeof(*ph), eh.e_phoff, "ELF program headers");
	for (i = 0; !err && i < phnum; i++) {
		if (ph[i].p_type == PT_NOTE)
			err = check_notes(m, fd, ph[i].p_offset, ph[i].p_filesz);
		else if (ph[i].p_type == PT_LOAD)
			err = elf_load(m, &ph[i]);
	}
	free(ph);
	if (!err && !m->nloads)
		err = damaged(m, "the ELF core has no memory segments (PT_LOAD)");
	if (!err)
		qsort(m->loads, m->nloads, sizeof(*m->loads), load_cmp);
	return err;
}

static enum pfw_page_status elf_status(const struct pfw_dump_map *m, uint64_t paddr)
{
	size_t lo = 0, hi = m->nloads;

	/* the last segment starting at or below paddr; segments may overlap */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->loads[mid].paddr <= paddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo--) {
		const struct elf_load *l = &m->loads[lo];
		uint64_t in = paddr - l->paddr, len;

		if (in >= l->memsz)
			continue;
		if (in >= l->filesz)
			return PFW_PAGE_OK;
		len = l->filesz - in < PAGE_SIZE - (paddr & (PAGE_SIZE - 1)) ?
			l->filesz - in : PAGE_SIZE - (paddr & (PAGE_SIZE - 1));
		return pfw_extents_cover(m->ext, l->offset + in, len) ? PFW_PAGE_OK :
			PFW_PAGE_TRUNCATED;
	}
	return paddr >= m->ram_end ? PFW_PAGE_PAST_RAM : PFW_PAGE_ABSENT;
}

/* kdump-compressed */

struct kdump_hdr {
	uint32_t version, block_size, sub_blocks, bitmap_blocks, max_mapnr32;
	uint64_t max_mapnr, note_off, note_size, info_off, info_size;
};

static uint32_t le32_at(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static uint64_t le64_at(const uint8_t *p, size_t off)
{
	uint64_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static struct pfw_error *kdump_headers(struct pfw_dump_map *m, int fd, struct kdump_hdr *h)
{
	uint8_t hdr[KDUMP_HDR_SIZE], sub[KDUMP_SUB_SIZE] = { 0 };
	struct pfw_error *err;

	err = read_hdr(m, fd, hdr, sizeof(hdr), 0, "kdump header");
	if (err)
		return err;
	h->version = le32_at(hdr, 8);
	h->block_size = le32_at(hdr, 428);
	h->sub_blocks = le32_at(hdr, 432);
	h->bitmap_blocks = le32_at(hdr, 436);
	h->max_mapnr32 = le32_at(hdr, 440);
	if (h->version < 1 || h->version > 6)
		return damaged(m, "unsupported kdump header version %u", h->version);
	if (h->block_size == 65536)	/* QEMU's dump-guest-memory for an arm64 guest */
		return pfw_error_create(PFW_ERR_UNSUPPORTED,
					"%s: kdump file of 64 KiB blocks (QEMU's for an arm64 guest): pfwhy reads 4 KiB blocks; use the ELF dump, or makedumpfile's kdump of it",
					m->path);
	if (h->block_size != PAGE_SIZE)
		return damaged(m, "corrupt kdump header: block size %u is not the x86_64 page size %llu",
			       h->block_size, PAGE_SIZE);
	if (!h->sub_blocks || !h->bitmap_blocks || h->bitmap_blocks % 2)
		return damaged(m, "corrupt kdump header: %u sub-header and %u bitmap blocks",
			       h->sub_blocks, h->bitmap_blocks);
	err = read_hdr(m, fd, sub, h->version >= 6 ? KDUMP_SUB_SIZE : 48, PAGE_SIZE,
		       "kdump sub-header");
	if (err)
		return err;
	h->info_off = h->version >= 3 ? le64_at(sub, 32) : 0;
	h->info_size = h->version >= 3 ? le64_at(sub, 40) : 0;
	h->note_off = h->version >= 4 ? le64_at(sub, 48) : 0;
	h->note_size = h->version >= 4 ? le64_at(sub, 56) : 0;
	h->max_mapnr = h->version >= 6 ? le64_at(sub, 96) : h->max_mapnr32;
	return NULL;
}

static struct pfw_error *kdump_check_areas(struct pfw_dump_map *m, int fd,
					   const struct kdump_hdr *h)
{
	if (!h->max_mapnr || h->max_mapnr > (uint64_t)h->bitmap_blocks / 2 * PAGE_SIZE * 8)
		return damaged(m, "corrupt kdump header: %llu page frames do not fit a bitmap of %u blocks",
			       (unsigned long long)h->max_mapnr, h->bitmap_blocks);
	if (h->info_size > MAX_VMCOREINFO_SIZE)
		return damaged(m, "corrupt kdump sub-header: VMCOREINFO of %llu bytes at offset %llu",
			       (unsigned long long)h->info_size, (unsigned long long)h->info_off);
	if (h->note_size) {
		struct pfw_error *err = check_notes(m, fd, h->note_off, h->note_size);

		if (err)
			return err;
	}
	if (h->info_size && !pfw_extents_cover(m->ext, h->info_off, h->info_size))
		return read_hdr(m, fd, NULL, h->info_size, h->info_off, "VMCOREINFO");
	return NULL;
}

static bool test_bit(const uint8_t *map, uint64_t bit)
{
	return map[bit / 8] & (1U << (bit % 8));
}

static struct pfw_error *mark(uint8_t **map, uint64_t nbits, uint64_t bit)
{
	if (!*map) {
		*map = calloc(1, (nbits + 7) / 8);
		if (!*map)
			return &pfw_error_nomem;
	}
	(*map)[bit / 8] |= 1U << (bit % 8);
	return NULL;
}

struct desc_walk {
	uint64_t table, data_start, index;
	uint8_t buf[DESC_BATCH * DESC_SIZE];
	uint64_t buf_first, buf_count;
};

/* One page descriptor (struct page_desc {off_t offset; u32 size, flags; u64 page_flags}). */
static struct pfw_error *check_desc(struct pfw_dump_map *m, uint64_t pfn, const uint8_t *d,
				    uint64_t data_start)
{
	int64_t off = (int64_t)le64_at(d, 0);
	uint32_t size = le32_at(d, 8), flags = le32_at(d, 12);

	if (size > PAGE_SIZE)
		return pfw_error_create(PFW_ERR_INPUT,
					"%s: corrupt dump: the page descriptor of pfn 0x%llx claims %u bytes, more than the block size %llu",
					m->path, (unsigned long long)pfn, size, PAGE_SIZE);
	if (!size || off < (int64_t)data_start || (!(flags & DUMP_DH_COMPRESSED) && size != PAGE_SIZE)) {
		m->holes = true;
		return mark(&m->corrupt, m->max_mapnr, pfn);
	}
	if (pfw_extents_cover(m->ext, off, size))
		return NULL;
	m->holes = m->truncated = true;
	return mark(&m->missing, m->max_mapnr, pfn);
}

/* The next descriptor, read in batches; false when it lies beyond what the file holds. */
static bool next_desc(const struct pfw_dump_map *m, int fd, struct desc_walk *w,
		      const uint8_t **d)
{
	uint64_t i = w->index++, n;

	if (i - w->buf_first >= w->buf_count || i < w->buf_first) {
		n = pfw_extents_run(m->ext, w->table + i * DESC_SIZE) / DESC_SIZE;
		if (n > DESC_BATCH)
			n = DESC_BATCH;
		if (!n || pread(fd, w->buf, n * DESC_SIZE, w->table + i * DESC_SIZE) !=
			  (ssize_t)(n * DESC_SIZE))
			return false;
		w->buf_first = i;
		w->buf_count = n;
	}
	*d = w->buf + (i - w->buf_first) * DESC_SIZE;
	return true;
}

static uint64_t count_bits(const uint8_t *map, uint64_t nbits)
{
	uint64_t n = 0, i;

	for (i = 0; i < nbits / 8; i++)
		n += __builtin_popcount(map[i]);
	for (i = nbits & ~7ULL; i < nbits; i++)
		n += test_bit(map, i);
	return n;
}

/* Every dumped page from pfn on has its descriptor beyond the file's last byte. */
static struct pfw_error *mark_rest_missing(struct pfw_dump_map *m, uint64_t pfn)
{
	struct pfw_error *err = mark(&m->missing, m->max_mapnr, pfn);
	uint64_t i;

	if (err)
		return err;
	for (i = pfn; i < m->max_mapnr && i % 8; i++)
		if (test_bit(m->bitmap2, i))
			m->missing[i / 8] |= 1U << (i % 8);
	for (; i + 8 <= m->max_mapnr; i += 8)
		m->missing[i / 8] = m->bitmap2[i / 8];
	for (; i < m->max_mapnr; i++)
		if (test_bit(m->bitmap2, i))
			m->missing[i / 8] |= 1U << (i % 8);
	m->holes = m->truncated = true;
	return NULL;
}

static struct pfw_error *kdump_check_descs(struct pfw_dump_map *m, int fd,
					   const struct kdump_hdr *h)
{
	uint64_t pfn, last = m->ext->n ? m->ext->v[m->ext->n - 1].end : 0;
	struct pfw_error *err = NULL;
	struct desc_walk *w;

	w = calloc(1, sizeof(*w));
	if (!w)
		return &pfw_error_nomem;
	w->table = (1ULL + h->sub_blocks + h->bitmap_blocks) * PAGE_SIZE;
	w->data_start = w->table + count_bits(m->bitmap2, m->max_mapnr) * DESC_SIZE;
	for (pfn = 0; !err && pfn < m->max_mapnr; pfn++) {
		const uint8_t *d;

		if (!(pfn % 8) && !m->bitmap2[pfn / 8]) {
			pfn += 7;
			continue;
		}
		if (!test_bit(m->bitmap2, pfn))
			continue;
		if (next_desc(m, fd, w, &d)) {
			err = check_desc(m, pfn, d, w->data_start);
			continue;
		}
		if (w->table + (w->index - 1) * DESC_SIZE >= last) {
			err = mark_rest_missing(m, pfn);
			break;
		}
		m->holes = m->truncated = true;
		err = mark(&m->missing, m->max_mapnr, pfn);
	}
	free(w);
	return err;
}

static struct pfw_error *check_kdump(struct pfw_dump_map *m, int fd)
{
	struct kdump_hdr h = { 0 };
	struct pfw_error *err;
	uint64_t half;

	err = kdump_headers(m, fd, &h);
	if (!err)
		err = kdump_check_areas(m, fd, &h);
	if (err)
		return err;
	m->max_mapnr = h.max_mapnr;
	m->ram_end = h.max_mapnr << PAGE_SHIFT;
	half = (uint64_t)h.bitmap_blocks / 2 * PAGE_SIZE;
	if (!pfw_extents_cover(m->ext, (1ULL + h.sub_blocks) * PAGE_SIZE, 2 * half))
		return read_hdr(m, fd, NULL, 2 * half, (1ULL + h.sub_blocks) * PAGE_SIZE, "bitmaps");
	m->bitmap1 = malloc(half);
	m->bitmap2 = malloc(half);
	if (!m->bitmap1 || !m->bitmap2)
		return &pfw_error_nomem;
	err = read_hdr(m, fd, m->bitmap1, half, (1ULL + h.sub_blocks) * PAGE_SIZE, "bitmaps");
	if (!err)
		err = read_hdr(m, fd, m->bitmap2, half, (1ULL + h.sub_blocks) * PAGE_SIZE + half,
			       "bitmaps");
	if (err)
		return err;
	return kdump_check_descs(m, fd, &h);
}

static enum pfw_page_status kdump_status(const struct pfw_dump_map *m, uint64_t paddr)
{
	uint64_t pfn = paddr >> PAGE_SHIFT;

	if (pfn >= m->max_mapnr)
		return PFW_PAGE_PAST_RAM;
	if (!test_bit(m->bitmap2, pfn))
		return test_bit(m->bitmap1, pfn) ? PFW_PAGE_EXCLUDED : PFW_PAGE_ABSENT;
	if (m->missing && test_bit(m->missing, pfn))
		return PFW_PAGE_TRUNCATED;
	if (m->corrupt && test_bit(m->corrupt, pfn))
		return PFW_PAGE_CORRUPT;
	return PFW_PAGE_OK;
}

/* The map */

static struct pfw_error *check_format(struct pfw_dump_map *m, int fd)
{
	char sig[8];

	if (pread(fd, sig, sizeof(sig), 0) != (ssize_t)sizeof(sig))
		return pfw_error_create(PFW_ERR_INPUT, "%s: too short to be a dump (%llu bytes)",
					m->path, (unsigned long long)m->size);
	if (!memcmp(sig, ELFMAG, SELFMAG)) {
		m->kind = DUMP_ELF;
		return check_elf(m, fd);
	}
	if (!memcmp(sig, "KDUMP   ", 8)) {
		m->kind = DUMP_KDUMP;
		return check_kdump(m, fd);
	}
	return pfw_error_create(PFW_ERR_INPUT,
				"%s: not a kernel dump (not ELF, kdump-compressed or flattened)",
				m->path);
}

struct pfw_error *pfw_dump_check(int fd, const char *path, const struct pfw_extents *ext,
				 uint64_t cut, struct pfw_dump_map **ret)
{
	struct pfw_dump_map *m;
	struct pfw_error *err;
	struct stat st;

	if (fstat(fd, &st) < 0)
		return pfw_error_create(PFW_ERR_INPUT, "%s: %s", path, strerror(errno));
	m = calloc(1, sizeof(*m));
	if (!m)
		return &pfw_error_nomem;
	m->path = path;
	m->size = st.st_size;
	m->ext = ext;
	m->cut = cut;
	if (!ext) {
		err = pfw_extents_add(&m->whole, 0, m->size);
		if (err)
			goto fail;
		m->ext = &m->whole;
	}
	err = check_format(m, fd);
	if (err)
		goto fail;
	if (cut)
		m->truncated = true;
	else if (m->truncated)
		m->cut = m->size;
	*ret = m;
	return NULL;
fail:
	pfw_dump_map_free(m);
	return err;
}

void pfw_dump_map_free(struct pfw_dump_map *m)
{
	if (!m)
		return;
	pfw_extents_free(&m->whole);
	free(m->loads);
	free(m->bitmap1);
	free(m->bitmap2);
	free(m->missing);
	free(m->corrupt);
	free(m);
}

enum pfw_page_status pfw_dump_page_status(const struct pfw_dump_map *m, uint64_t paddr)
{
	return m->kind == DUMP_ELF ? elf_status(m, paddr) : kdump_status(m, paddr);
}

bool pfw_dump_truncated(const struct pfw_dump_map *m, uint64_t *cut)
{
	*cut = m->cut;
	return m->truncated;
}

bool pfw_dump_has_holes(const struct pfw_dump_map *m)
{
	return m->holes;
}

struct pfw_error *pfw_dump_page_error(const struct pfw_dump_map *m, enum pfw_page_status st,
				      const char *what, uint64_t addr)
{
	unsigned long long a = addr;

	switch (st) {
	case PFW_PAGE_TRUNCATED:
		return pfw_error_create(PFW_ERR_TRUNCATED,
					"%s address 0x%llx is not in this dump (truncated at offset %llu)",
					what, a, (unsigned long long)m->cut);
	case PFW_PAGE_CORRUPT:
		return pfw_error_create(PFW_ERR_CORRUPT,
					"%s address 0x%llx is not readable: the dump's page descriptor for it is corrupt",
					what, a);
	case PFW_PAGE_EXCLUDED:
		return pfw_error_create(PFW_ERR_EXCLUDED,
					"%s address 0x%llx is not in the dump (excluded by makedumpfile)",
					what, a);
	case PFW_PAGE_PAST_RAM:
		return pfw_error_create(PFW_ERR_FAULT,
					"%s address 0x%llx is past the end of RAM (the dump's memory ends at 0x%llx)",
					what, a, (unsigned long long)m->ram_end);
	case PFW_PAGE_ABSENT:
		if (m->kind == DUMP_ELF)
			return pfw_error_create(PFW_ERR_EXCLUDED,
						"%s address 0x%llx is not in the dump (no memory segment holds it)",
						what, a);
		return pfw_error_create(PFW_ERR_FAULT,
					"%s address 0x%llx is not RAM (a hole in the dump's physical memory map)",
					what, a);
	default:
		return NULL;
	}
}
