// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * search_exception_tables() (kernel/extable.c, arch/x86/mm/extable.c): the
 * vmlinux's __ex_table of self-relative { int insn, fixup, data } entries
 * (4.19: { insn, fixup, handler }).  Module tables are not searched.
 */
#include <stdio.h>
#include <string.h>

#include "walker.h"

/* arch/x86/include/asm/extable_fixup_types.h (5.16+): type in the low byte of data */
static const char *const ex_type_names[] = {
	"NONE", "DEFAULT", "FAULT", "UACCESS", "COPY", "CLEAR_FS", "FPU_RESTORE", "BPF",
	"WRMSR", "RDMSR", "WRMSR_SAFE", "RDMSR_SAFE", "WRMSR_IN_MCE", "RDMSR_IN_MCE",
	"DEFAULT_MCE_SAFE", "FAULT_MCE_SAFE", "POP_REG", "IMM_REG", "FAULT_SGX",
	"UCOPY_LEN", "ZEROPAD",
};

static int32_t rel_at(const Elf_Data *data, uint64_t off)
{
	int32_t v;

	memcpy(&v, (const char *)data->d_buf + off, sizeof(v));
	return v;
}

static void describe_fixup(struct fault_ctx *c, uint64_t fixup, int32_t data, bool has_data,
			   char *buf, size_t size)
{
	struct pfw_ksym where = pfw_ksym(c->k, fixup + c->k->kaslr_offset);
	unsigned int type = (unsigned int)data & 0xff;

	if (has_data && type < sizeof(ex_type_names) / sizeof(ex_type_names[0]))
		snprintf(buf, size, "fixup at %s, type EX_TYPE_%s", where.s, ex_type_names[type]);
	else
		snprintf(buf, size, "fixup at %s", where.s);
}

struct pfw_error *search_exception_tables(struct fault_ctx *c, uint64_t ip, bool *found,
					  char *fixup, size_t size)
{
	struct pfw_member insn_m, fixup_m, data_m;
	uint64_t sec_addr, entsize, i, link_ip = ip - c->k->kaslr_offset;
	struct pfw_error *err;
	Elf_Data *data;
	bool has_data;

	*found = false;
	if ((err = pfw_section_data(c->k->dbi, "__ex_table", &sec_addr, &data)) ||
	    (err = pfw_struct_size(c->k->dbi, "exception_table_entry", &entsize)) ||
	    (err = pfw_member(c->k->dbi, "exception_table_entry", "insn", &insn_m)) ||
	    (err = pfw_member(c->k->dbi, "exception_table_entry", "fixup", &fixup_m)))
		return err;
	has_data = pfw_ok(pfw_member(c->k->dbi, "exception_table_entry", "data", &data_m));
	if (!entsize)
		return pfw_error_create(PFW_ERR_CORRUPT, "exception_table_entry has size 0");
	for (i = 0; i + entsize <= data->d_size; i += entsize) {
		uint64_t entry = sec_addr + i;

		if (entry + insn_m.offset + rel_at(data, i + insn_m.offset) != link_ip)
			continue;
		describe_fixup(c, entry + fixup_m.offset + rel_at(data, i + fixup_m.offset),
			       has_data ? rel_at(data, i + data_m.offset) : 0, has_data, fixup, size);
		*found = true;
		return NULL;
	}
	return NULL;
}
