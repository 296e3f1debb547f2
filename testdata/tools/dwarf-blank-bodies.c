// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dwarf-blank-bodies: blank the children of every top-level
 * DW_TAG_subprogram in a vmlinux's .debug_info (parameters, local
 * variables, lexical blocks, inlined-subroutine trees, call sites), which
 * pfwhy never reads, so that the fixture vmlinux compresses smaller.
 * Every DIE offset stays where it was: the children of a function become
 * one DIE of a padding abbreviation (a user tag with one DW_FORM_block
 * attribute of zeros), added to each abbreviation table, and the function's
 * own DIE, its attributes and its null terminator stay.  Types, variables
 * and the functions themselves (their names, a static inline's abstract
 * instance) are untouched, and so are .debug_aranges and the symbols.
 *
 * usage: dwarf-blank-bodies VMLINUX INFO_OUT ABBREV_OUT
 *   writes the new .debug_info and .debug_abbrev; then
 *   objcopy --update-section .debug_info=INFO_OUT --update-section
 *   .debug_abbrev=ABBREV_OUT VMLINUX OUT
 */
#include <elfutils/libdw.h>
#include <dwarf.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PAD_TAG		0x4ffe	/* between DW_TAG_lo_user and DW_TAG_hi_user */
#define PAD_ATTR	0x3ffe	/* between DW_AT_lo_user and DW_AT_hi_user */

struct buf {
	uint8_t *p;
	size_t len, cap;
};

static void die(const char *msg)
{
	fprintf(stderr, "dwarf-blank-bodies: %s\n", msg);
	exit(1);
}

static void put(struct buf *b, const void *p, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			die("out of memory");
	}
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void put_uleb(struct buf *b, uint64_t v)
{
	do {
		uint8_t c = v & 0x7f;

		v >>= 7;
		if (v)
			c |= 0x80;
		put(b, &c, 1);
	} while (v);
}

static uint64_t get_uleb(const uint8_t **p, const uint8_t *end)
{
	uint64_t v = 0;
	int shift = 0;

	while (*p < end) {
		uint8_t c = *(*p)++;

		if (shift < 64)
			v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
		if (!(c & 0x80))
			return v;
	}
	die("truncated LEB128 in .debug_abbrev");
	return 0;
}

/* v in exactly n bytes of ULEB128 (padded with continuation bytes) */
static void write_uleb_n(uint8_t *p, uint64_t v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		p[i] = v & 0x7f;
		v >>= 7;
		if (i < n - 1)
			p[i] |= 0x80;
	}
}

static int uleb_len(uint64_t v)
{
	int n = 1;

	while (v >>= 7)
		n++;
	return n;
}

static Elf_Data *section(Elf *elf, const char *name)
{
	size_t shstrndx;
	Elf_Scn *scn = NULL;

	if (elf_getshdrstrndx(elf, &shstrndx))
		die("no section name table");
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *n;

		if (!gelf_getshdr(scn, &sh))
			continue;
		n = elf_strptr(elf, shstrndx, sh.sh_name);
		if (n && !strcmp(n, name))
			return elf_rawdata(scn, NULL);
	}
	die("section missing");
	return NULL;
}

/* One abbreviation table: where it starts in the old section, its highest code. */
struct table {
	uint64_t old_off, new_off, pad_code;
};

static struct table *tables;
static size_t ntables;

static struct table *table_at(uint64_t off)
{
	size_t i;

	for (i = 0; i < ntables; i++)
		if (tables[i].old_off == off)
			return &tables[i];
	return NULL;
}

static int cmp_table(const void *a, const void *b)
{
	const struct table *x = a, *y = b;

	return x->old_off < y->old_off ? -1 : x->old_off > y->old_off;
}

/* Copy each table with a padding abbreviation before its terminating 0. */
static void rewrite_abbrev(const uint8_t *base, size_t size, struct buf *out)
{
	uint64_t done = 0;
	size_t i;

	qsort(tables, ntables, sizeof(*tables), cmp_table);
	for (i = 0; i < ntables; i++) {
		struct table *t = &tables[i];
		const uint8_t *p = base + t->old_off, *end = base + size;
		uint64_t code, max = 0;

		if (t->old_off < done)
			die("overlapping abbreviation tables");
		put(out, base + done, t->old_off - done);
		t->new_off = out->len;
		while ((code = get_uleb(&p, end))) {
			uint64_t attr, form;

			if (code > max)
				max = code;
			get_uleb(&p, end);		/* tag */
			p++;				/* children */
			do {
				attr = get_uleb(&p, end);
				form = get_uleb(&p, end);
				if (form == DW_FORM_implicit_const)
					get_uleb(&p, end);	/* an SLEB128: same bytes to skip */
			} while (attr || form);
		}
		/* p is past the terminating 0 */
		put(out, base + t->old_off, p - 1 - (base + t->old_off));
		t->pad_code = max + 1;
		put_uleb(out, t->pad_code);
		put_uleb(out, PAD_TAG);
		put(out, "\0", 1);			/* DW_CHILDREN_no */
		put_uleb(out, PAD_ATTR);
		put_uleb(out, DW_FORM_block);
		put(out, "\0\0\0", 3);			/* end of attributes, end of table */
		done = p - base;
	}
	put(out, base + done, size - done);
}

/* Replace [from, to) of info with one padding DIE; false if it does not fit. */
static int blank(uint8_t *info, uint64_t from, uint64_t to, uint64_t code)
{
	uint64_t r = to - from;
	int c = uleb_len(code), k;

	for (k = 1; k <= 4; k++) {
		uint64_t len;

		if (r < (uint64_t)(c + k))
			return 0;
		len = r - c - k;
		if (len >> (7 * k))
			continue;
		write_uleb_n(info + from, code, c);
		write_uleb_n(info + from + c, len, k);
		memset(info + from + c + k, 0, len);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	Dwarf_Off off = 0, next, abbrev_off;
	struct buf abbrev = { 0 };
	Elf_Data *info_d, *abbrev_d;
	size_t hsize, blanked = 0, bytes = 0;
	uint8_t *info;
	Dwarf_Half version;
	Dwarf *dw;
	Elf *elf;
	FILE *f;
	int fd;

	if (argc != 4)
		die("usage: dwarf-blank-bodies VMLINUX INFO_OUT ABBREV_OUT");
	elf_version(EV_CURRENT);
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || !(elf = elf_begin(fd, ELF_C_READ, NULL)) || !(dw = dwarf_begin_elf(elf, DWARF_C_READ, NULL)))
		die("cannot open the vmlinux's DWARF");
	info_d = section(elf, ".debug_info");
	abbrev_d = section(elf, ".debug_abbrev");
	info = malloc(info_d->d_size);
	if (!info)
		die("out of memory");
	memcpy(info, info_d->d_buf, info_d->d_size);
	/* the tables the units use */
	while (!dwarf_next_unit(dw, off, &next, &hsize, &version, &abbrev_off, NULL, NULL, NULL, NULL)) {
		if (!table_at(abbrev_off)) {
			tables = realloc(tables, (ntables + 1) * sizeof(*tables));
			if (!tables)
				die("out of memory");
			tables[ntables++] = (struct table){ .old_off = abbrev_off };
		}
		off = next;
	}
	rewrite_abbrev(abbrev_d->d_buf, abbrev_d->d_size, &abbrev);
	off = 0;
	while (!dwarf_next_unit(dw, off, &next, &hsize, &version, &abbrev_off, NULL, NULL, NULL, NULL)) {
		struct table *t = table_at(abbrev_off);
		/* debug_abbrev_offset: after unit_length (4), version (2) and, in DWARF 5, unit_type and address_size */
		uint64_t aoff = off + 4 + 2 + (version >= 5 ? 2 : 0);
		uint32_t v32 = t->new_off;
		Dwarf_Die cu, d, child, sib;

		if (version < 2 || version > 5)
			die("unsupported DWARF version");
		memcpy(info + aoff, &v32, 4);
		if (!dwarf_offdie(dw, off + hsize, &cu) || dwarf_child(&cu, &d)) {
			off = next;
			continue;
		}
		do {
			Dwarf_Off from, term;

			if (dwarf_tag(&d) != DW_TAG_subprogram || dwarf_child(&d, &child))
				continue;
			if (dwarf_siblingof(&d, &sib))
				break;		/* the unit's last DIE: left as it is */
			from = dwarf_dieoffset(&child);
			term = dwarf_dieoffset(&sib) - 1;
			if (term <= from || info[term])
				continue;	/* not children then a null: left alone */
			if (blank(info, from, term, t->pad_code)) {
				blanked++;
				bytes += term - from;
			}
		} while (!dwarf_siblingof(&d, &d));
		off = next;
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(info, 1, info_d->d_size, f) != info_d->d_size || fclose(f))
		die("cannot write the new .debug_info");
	f = fopen(argv[3], "wb");
	if (!f || fwrite(abbrev.p, 1, abbrev.len, f) != abbrev.len || fclose(f))
		die("cannot write the new .debug_abbrev");
	fprintf(stderr, "dwarf-blank-bodies: %zu function bodies, %zu of %zu .debug_info bytes blanked; %zu abbreviation tables\n",
		blanked, bytes, (size_t)info_d->d_size, ntables);
	dwarf_end(dw);
	elf_end(elf);
	close(fd);
	return 0;
}
