/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * arm64 page-table descriptors (4 KiB granule, 39- or 48-bit VA) and the
 * exception syndrome (ESR_ELx) of a data or instruction abort: every bit
 * decoded as arch/arm64/include/asm/pgtable-hwdef.h, pgtable-prot.h,
 * pgtable.h and esr.h of Linux 6.1 define them.  Decoding needs no dump.
 */
#ifndef PFWHY_ARM64_H
#define PFWHY_ARM64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pfwhy/pgtable.h>

/* Which software bits a kernel uses, decided from its symbols. */
struct pfw_arm64_layout {
	int levels;			/* CONFIG_PGTABLE_LEVELS: 3 (39-bit VA) or 4 (48-bit) */
	bool swp_exclusive;		/* 5.19+: PTE_SWP_EXCLUSIVE, bit 2 of a swap pte */
	struct pfw_swap_layout swp;
};

/* 6.1 with 48-bit VA and every swap type built: what `flags` uses without a dump. */
void pfw_arm64_layout_default(struct pfw_arm64_layout *l);
void pfw_arm64_decode(const struct pfw_arm64_layout *l, enum pfw_pt_level level, uint64_t v,
		      struct pfw_entry *e);
void pfw_arm64_flag_names(const struct pfw_entry *e, char *buf, size_t size);

/* ESR_ELx (arch/arm64/include/asm/esr.h, 6.1) */
#define ESR_ELx_EC_SHIFT	26
#define ESR_ELx_EC_MASK		(0x3FULL << ESR_ELx_EC_SHIFT)
#define ESR_ELx_EC(esr)		(((esr) & ESR_ELx_EC_MASK) >> ESR_ELx_EC_SHIFT)
#define ESR_ELx_EC_IABT_LOW	0x20
#define ESR_ELx_EC_IABT_CUR	0x21
#define ESR_ELx_EC_DABT_LOW	0x24
#define ESR_ELx_EC_DABT_CUR	0x25
#define ESR_ELx_IL		(1ULL << 25)
#define ESR_ELx_ISS_MASK	((1ULL << 25) - 1)
#define ESR_ELx_ISV		(1ULL << 24)
#define ESR_ELx_SAS_SHIFT	22
#define ESR_ELx_SSE		(1ULL << 21)
#define ESR_ELx_SRT_SHIFT	16
#define ESR_ELx_SF		(1ULL << 15)
#define ESR_ELx_AR		(1ULL << 14)
#define ESR_ELx_SET_SHIFT	11
#define ESR_ELx_SET_MASK	(3ULL << ESR_ELx_SET_SHIFT)
#define ESR_ELx_FnV		(1ULL << 10)
#define ESR_ELx_EA		(1ULL << 9)
#define ESR_ELx_CM		(1ULL << 8)
#define ESR_ELx_S1PTW		(1ULL << 7)
#define ESR_ELx_WNR		(1ULL << 6)
#define ESR_ELx_FSC		0x3FULL
#define ESR_ELx_FSC_TYPE	0x3CULL
#define ESR_ELx_FSC_LEVEL	0x03ULL
#define ESR_ELx_FSC_EXTABT	0x10ULL
#define ESR_ELx_FSC_ACCESS	0x08ULL
#define ESR_ELx_FSC_FAULT	0x04ULL
#define ESR_ELx_FSC_PERM	0x0CULL

/* The class name esr_class_str[] gives an exception class (6.1 traps.c). */
const char *pfw_esr_class_str(unsigned int ec);
/* The fault_info[] entry of an FSC (6.1 fault.c:739): its name, handler, signal and si_code. */
struct pfw_arm64_fault_info {
	const char *fn;		/* "do_translation_fault", "do_page_fault", "do_bad", ... */
	int sig, code;
	const char *name;	/* "level 3 translation fault" */
};
const struct pfw_arm64_fault_info *pfw_arm64_fault_info(uint64_t esr);
/*
 * The oops text's decode of an abort's ESR: mem_abort_decode() and, for a
 * data abort, data_abort_decode() (6.1 fault.c:68-121), one line per \n.
 */
void pfw_esr_decode(uint64_t esr, char *buf, size_t size);

#endif
