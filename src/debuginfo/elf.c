// SPDX-License-Identifier: GPL-2.0-or-later
/* The vmlinux as an ELF file: opening it, its symbols, sections and build-id. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/*
 * libdw says why it could not start: no DWARF at all (a stripped file) is
 * not the same as running out of memory or address space on a 400 MB one.
 */
static struct pfw_error *dwarf_open_error(const char *path)
{
	int e = dwarf_errno();
	const char *msg = dwarf_errmsg(e);

	if (errno == ENOMEM || (msg && strstr(msg, "out of memory")))
		return pfw_error_create(PFW_ERR_NOMEM, "%s: out of memory reading DWARF", path);
	if (!msg || strstr(msg, "no DWARF"))
		return pfw_error_create(PFW_ERR_INPUT,
					"%s: no DWARF debug information (a stripped vmlinux? use the one from the -dbg package)",
					path);
	return pfw_error_create(PFW_ERR_INPUT, "%s: cannot read its DWARF: %s", path, msg);
}

struct pfw_error *pfw_debuginfo_open(const char *path, struct pfw_debuginfo **ret)
{
	struct pfw_debuginfo *dbi;
	struct pfw_error *err;
	GElf_Ehdr ehdr;
	struct stat st;

	elf_version(EV_CURRENT);
	dbi = calloc(1, sizeof(*dbi));
	if (!dbi)
		return &pfw_error_nomem;
	dbi->path = strdup(path);
	/* O_NONBLOCK: a FIFO must not block open(); it is refused below */
	dbi->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (dbi->fd < 0) {
		err = pfw_error_create(PFW_ERR_INPUT, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (fstat(dbi->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		err = pfw_error_create(PFW_ERR_INPUT, "%s: not a regular file", path);
		goto fail;
	}
	dbi->elf = elf_begin(dbi->fd, ELF_C_READ_MMAP, NULL);
	if (!dbi->elf || elf_kind(dbi->elf) != ELF_K_ELF || !gelf_getehdr(dbi->elf, &ehdr)) {
		err = pfw_error_create(PFW_ERR_INPUT, "%s: not an ELF file", path);
		goto fail;
	}
	/* arm64 links the kernel -pie (CONFIG_RELOCATABLE): ET_DYN */
	if ((ehdr.e_machine != EM_X86_64 || ehdr.e_type != ET_EXEC) &&
	    (ehdr.e_machine != EM_AARCH64 || (ehdr.e_type != ET_EXEC && ehdr.e_type != ET_DYN))) {
		err = pfw_error_create(PFW_ERR_INPUT, "%s: not an x86_64 vmlinux, nor an arm64 one", path);
		goto fail;
	}
	dbi->machine = ehdr.e_machine;
	dbi->dwarf = dwarf_begin_elf(dbi->elf, DWARF_C_READ, NULL);
	if (!dbi->dwarf) {
		err = dwarf_open_error(path);
		goto fail;
	}
	*ret = dbi;
	return NULL;
fail:
	pfw_debuginfo_close(dbi);
	return err;
}

void pfw_debuginfo_close(struct pfw_debuginfo *dbi)
{
	size_t i;

	if (!dbi)
		return;
	for (i = 0; i < dbi->ntypes; i++)
		free(dbi->types[i].name);
	for (i = 0; i < dbi->nhints; i++) {
		free(dbi->hints[i].struct_name);
		free(dbi->hints[i].near_symbol);
	}
	free(dbi->hints);
	pfw_memo_free(dbi);
	free(dbi->types);
	free(dbi->syms);
	free(dbi->hash);
	free(dbi->by_addr);
	if (dbi->dwarf)
		dwarf_end(dbi->dwarf);
	if (dbi->elf)
		elf_end(dbi->elf);
	if (dbi->fd >= 0)
		close(dbi->fd);
	free(dbi->path);
	free(dbi);
}

const char *pfw_debuginfo_path(const struct pfw_debuginfo *dbi)
{
	return dbi->path;
}

int pfw_debuginfo_machine(const struct pfw_debuginfo *dbi)
{
	return dbi->machine;
}

static Elf_Scn *find_section(Elf *elf, const char *name, GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		const char *sname;

		if (!gelf_getshdr(scn, shdr))
			continue;
		sname = elf_strptr(elf, shstrndx, shdr->sh_name);
		if (sname && !strcmp(sname, name))
			return scn;
	}
	return NULL;
}

struct pfw_error *pfw_section_data(struct pfw_debuginfo *dbi, const char *name,
				   uint64_t *addr, Elf_Data **data)
{
	GElf_Shdr shdr;
	Elf_Scn *scn;

	scn = find_section(dbi->elf, name, &shdr);
	if (!scn || shdr.sh_type == SHT_NOBITS)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "%s: no section %s", dbi->path, name);
	*data = elf_getdata(scn, NULL);
	if (!*data)
		return pfw_error_create(PFW_ERR_INPUT, "%s: cannot read section %s: %s",
					dbi->path, name, elf_errmsg(-1));
	*addr = shdr.sh_addr;
	return NULL;
}

const uint8_t *pfw_debuginfo_build_id(struct pfw_debuginfo *dbi, size_t *len)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	while ((scn = elf_nextscn(dbi->elf, scn))) {
		size_t off = 0, name_off, desc_off;
		Elf_Data *data;
		GElf_Nhdr nhdr;

		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_NOTE)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		while ((off = gelf_getnote(data, off, &nhdr, &name_off, &desc_off)) > 0) {
			if (nhdr.n_type == NT_GNU_BUILD_ID && nhdr.n_namesz == 4 &&
			    !memcmp((char *)data->d_buf + name_off, "GNU", 4)) {
				*len = nhdr.n_descsz;
				return (const uint8_t *)data->d_buf + desc_off;
			}
		}
	}
	return NULL;
}

static int cmp_by_addr(const void *a, const void *b)
{
	const struct pfw_symbol *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* prefer sized symbols at the same address */
	return (x->size < y->size) - (x->size > y->size);
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void hash_insert(struct pfw_debuginfo *dbi, size_t i)
{
	size_t mask = dbi->hash_size - 1, slot = name_hash(dbi->syms[i].name) & mask;

	while (dbi->hash[slot])
		slot = (slot + 1) & mask;
	dbi->hash[slot] = i + 1;
}

/* The ELF symbol table, hashed by name: ~50k-150k symbols, built once. */
/* The string table names are read from: a damaged one must not rename symbols silently. */
static struct pfw_error *check_symtab(struct pfw_debuginfo *dbi, const GElf_Shdr *shdr,
				     Elf_Data *data)
{
	Elf_Scn *str = elf_getscn(dbi->elf, shdr->sh_link);
	GElf_Shdr str_shdr;
	Elf_Data *strs;

	if (shdr->sh_entsize != sizeof(Elf64_Sym) || data->d_size % sizeof(Elf64_Sym))
		return pfw_error_create(PFW_ERR_INPUT, "%s: damaged symbol table: entries of %llu bytes",
					dbi->path, (unsigned long long)shdr->sh_entsize);
	if (!str || !gelf_getshdr(str, &str_shdr) || str_shdr.sh_type != SHT_STRTAB ||
	    !(strs = elf_getdata(str, NULL)) || !strs->d_size ||
	    ((const char *)strs->d_buf)[0] || ((const char *)strs->d_buf)[strs->d_size - 1])
		return pfw_error_create(PFW_ERR_INPUT, "%s: damaged symbol table: its string table is not one",
					dbi->path);
	return NULL;
}

static struct pfw_error *load_symbols(struct pfw_debuginfo *dbi)
{
	struct pfw_error *err;
	Elf_Scn *scn = NULL;
	size_t i, n, bad = 0;
	GElf_Shdr shdr;
	Elf_Data *data;

	if (dbi->syms)
		return NULL;
	while ((scn = elf_nextscn(dbi->elf, scn)))
		if (gelf_getshdr(scn, &shdr) && shdr.sh_type == SHT_SYMTAB)
			break;
	if (!scn || !(data = elf_getdata(scn, NULL)))
		return pfw_error_create(PFW_ERR_INPUT, "%s: no symbol table", dbi->path);
	err = check_symtab(dbi, &shdr, data);
	if (err)
		return err;
	n = shdr.sh_size / shdr.sh_entsize;
	dbi->syms = calloc(n ? n : 1, sizeof(*dbi->syms));
	for (dbi->hash_size = 1; dbi->hash_size < 2 * n; dbi->hash_size <<= 1)
		;
	dbi->hash = calloc(dbi->hash_size, sizeof(*dbi->hash));
	if (!dbi->syms || !dbi->hash)
		return &pfw_error_nomem;
	/* globals first, so that a name's global definition shadows file-local ones */
	for (i = 0; i < 2 * n; i++) {
		GElf_Sym sym;
		const char *name;
		int type;

		if (!gelf_getsym(data, i % n, &sym))
			continue;
		if ((GELF_ST_BIND(sym.st_info) == STB_LOCAL) != (i >= n))
			continue;
		type = GELF_ST_TYPE(sym.st_info);
		if (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE)
			continue;
		if (sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS)
			continue;
		name = elf_strptr(dbi->elf, shdr.sh_link, sym.st_name);
		if (!name) {
			bad++;
			continue;
		}
		if (!*name)
			continue;
		dbi->syms[dbi->nsyms] = (struct pfw_symbol){ name, sym.st_value, sym.st_size };
		hash_insert(dbi, dbi->nsyms);
		dbi->nsyms++;
	}
	if (bad)
		return pfw_error_create(PFW_ERR_INPUT,
					"%s: damaged symbol table: %zu symbol names lie outside its string table",
					dbi->path, bad);
	return NULL;
}

struct pfw_error *pfw_symbol_address(struct pfw_debuginfo *dbi, const char *name,
				     uint64_t *addr)
{
	struct pfw_error *err;
	size_t mask, slot;

	pfw_trace_lookup('y', name, NULL);
	err = load_symbols(dbi);
	if (err)
		return err;
	mask = dbi->hash_size - 1;
	/* the first global definition wins over later local ones of the same name */
	for (slot = name_hash(name) & mask; dbi->hash[slot]; slot = (slot + 1) & mask) {
		const struct pfw_symbol *sym = &dbi->syms[dbi->hash[slot] - 1];

		if (!strcmp(sym->name, name)) {
			*addr = sym->addr;
			return NULL;
		}
	}
	return pfw_error_create(PFW_ERR_NOT_FOUND, "%s: no symbol %s", dbi->path, name);
}

bool pfw_symbol_exists(struct pfw_debuginfo *dbi, const char *name)
{
	struct pfw_error *err;
	uint64_t addr;

	err = pfw_symbol_address(dbi, name, &addr);
	pfw_error_destroy(err);
	return !err;
}

static struct pfw_error *sort_by_addr(struct pfw_debuginfo *dbi)
{
	struct pfw_error *err = load_symbols(dbi);

	if (err || dbi->by_addr)
		return err;
	dbi->by_addr = malloc((dbi->nsyms ? dbi->nsyms : 1) * sizeof(*dbi->by_addr));
	if (!dbi->by_addr)
		return &pfw_error_nomem;
	memcpy(dbi->by_addr, dbi->syms, dbi->nsyms * sizeof(*dbi->syms));
	qsort(dbi->by_addr, dbi->nsyms, sizeof(*dbi->by_addr), cmp_by_addr);
	return NULL;
}

const char *pfw_symbol_at(struct pfw_debuginfo *dbi, uint64_t addr, uint64_t *offset,
			  uint64_t *size)
{
	size_t lo = 0, hi;
	struct pfw_symbol *sym;

	if (sort_by_addr(dbi) || !dbi->nsyms)
		return NULL;
	hi = dbi->nsyms;
	/* last symbol with sym->addr <= addr */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (dbi->by_addr[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	sym = &dbi->by_addr[lo];
	while (lo > 0 && dbi->by_addr[lo - 1].addr == sym->addr && !sym->size)
		sym = &dbi->by_addr[--lo];
	if (sym->addr > addr || (sym->size && addr - sym->addr >= sym->size))
		return NULL;
	*offset = addr - sym->addr;
	if (size)
		*size = sym->size;
	return sym->name;
}
