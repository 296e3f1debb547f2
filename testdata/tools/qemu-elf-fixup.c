/*
 * qemu-elf-fixup: copy a QEMU "dump-guest-memory" ELF core so that
 * makedumpfile 1.7.2 can read it.
 *
 * QEMU 7.2 writes its ELF64 core with the section headers right after the
 * ELF header (e_shoff 64) and the program headers after them (e_phoff 192),
 * and sets e_ehsize to 8 (sizeof a pointer).  makedumpfile assumes the
 * program headers follow the ELF header at offset 64 and fails with
 * "Can't get the number of PT_LOAD".  This tool writes a copy whose program
 * headers sit at offset 64 (over the section headers, which only matter when
 * e_phnum overflows), with e_ehsize 64 and no section headers.  Every
 * p_offset stays valid because the note and memory data keep their offsets.
 * All-zero blocks are skipped with lseek, so the copy stays sparse.
 *
 * Usage: qemu-elf-fixup IN.elf OUT.elf
 * A file whose program headers are already at 64 is copied unchanged.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prog = "qemu-elf-fixup";

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "%s: ", prog);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
}

static void pread_all(int fd, void *buf, size_t len, off_t off, const char *name)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = pread(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("%s: short read in headers", name);
		p += n;
		len -= (size_t)n;
		off += n;
	}
}

static void pwrite_all(int fd, const void *buf, size_t len, off_t off, const char *name)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t n = pwrite(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("%s: write failed", name);
		p += n;
		len -= (size_t)n;
		off += n;
	}
}

static int all_zero(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s IN.elf OUT.elf\n", prog);
		return 2;
	}
	const char *in = argv[1], *out = argv[2];
	int ifd = open(in, O_RDONLY);
	if (ifd < 0)
		die("cannot open %s", in);
	struct stat st;
	if (fstat(ifd, &st) < 0)
		die("cannot stat %s", in);

	Elf64_Ehdr eh;
	if ((size_t)st.st_size < sizeof(eh))
		die("%s: too small for an ELF header", in);
	pread_all(ifd, &eh, sizeof(eh), 0, in);
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
		die("%s: not an ELF file", in);
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_ident[EI_DATA] != ELFDATA2LSB)
		die("%s: not a little-endian ELF64 file", in);
	if (eh.e_type != ET_CORE)
		die("%s: not an ELF core file", in);
	if (eh.e_phentsize != sizeof(Elf64_Phdr))
		die("%s: unexpected e_phentsize", in);
	if (eh.e_phnum == PN_XNUM || eh.e_phnum == 0)
		die("%s: program header count overflows e_phnum (PN_XNUM) or is 0; not supported", in);

	size_t phsz = (size_t)eh.e_phnum * sizeof(Elf64_Phdr);
	if (eh.e_phoff < sizeof(Elf64_Ehdr) || eh.e_phoff + phsz > (Elf64_Off)st.st_size)
		die("%s: program headers out of range", in);
	Elf64_Phdr *ph = malloc(phsz);
	if (!ph)
		die("%s: out of memory", in);
	pread_all(ifd, ph, phsz, (off_t)eh.e_phoff, in);

	/* The data must not start before the end of the moved program headers. */
	for (int i = 0; i < eh.e_phnum; i++)
		if (ph[i].p_filesz && ph[i].p_offset < sizeof(Elf64_Ehdr) + phsz)
			die("%s: segment data overlaps offset 64 + program headers", in);

	int ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (ofd < 0)
		die("cannot create %s", out);

	/* Copy everything, sparsely. */
	enum { BLK = 1 << 20 };
	char *buf = malloc(BLK);
	if (!buf)
		die("%s: out of memory", out);
	off_t off = 0;
	while (off < st.st_size) {
		size_t want = (size_t)((st.st_size - off) < BLK ? (st.st_size - off) : BLK);
		ssize_t n = pread(ifd, buf, want, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("%s: read error while copying", in);
		for (size_t pos = 0; pos < (size_t)n; pos += 4096) {
			size_t len = (size_t)n - pos < 4096 ? (size_t)n - pos : 4096;
			if (!all_zero(buf + pos, len))
				pwrite_all(ofd, buf + pos, len, off + (off_t)pos, out);
		}
		off += n;
	}
	if (ftruncate(ofd, st.st_size) < 0)
		die("%s: ftruncate failed", out);

	/* Clear the old header area (section headers and program headers). */
	size_t oldend = (size_t)eh.e_phoff + phsz;
	char *zero = calloc(1, oldend);
	if (!zero)
		die("%s: out of memory", out);
	pwrite_all(ofd, zero, oldend - sizeof(Elf64_Ehdr), sizeof(Elf64_Ehdr), out);

	eh.e_ehsize = sizeof(Elf64_Ehdr);
	eh.e_phoff = sizeof(Elf64_Ehdr);
	eh.e_shoff = 0;
	eh.e_shnum = 0;
	eh.e_shentsize = 0;
	eh.e_shstrndx = SHN_UNDEF;
	pwrite_all(ofd, &eh, sizeof(eh), 0, out);
	pwrite_all(ofd, ph, phsz, sizeof(Elf64_Ehdr), out);
	if (close(ofd) < 0)
		die("%s: close failed", out);
	close(ifd);
	free(zero);
	free(buf);
	free(ph);
	return 0;
}
