// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The exception syndrome of an arm64 abort as Linux 6.1 names and prints
 * it: esr_class_str[] (arch/arm64/kernel/traps.c:811-855), fault_info[]
 * (arch/arm64/mm/fault.c:739-804), mem_abort_decode() and
 * data_abort_decode() (fault.c:68-108).
 */
#include <signal.h>
#include <stdio.h>

#include <pfwhy/arm64.h>
#include <pfwhy/walker.h>

#include "arch/arm64/arm64.h"

#ifndef SEGV_MTESERR
#define SEGV_MTESERR	9	/* include/uapi/asm-generic/siginfo.h */
#endif

const char *pfw_esr_class_str(unsigned int ec)
{
	switch (ec) {
	case ESR_ELx_EC_IABT_LOW:
		return "IABT (lower EL)";
	case ESR_ELx_EC_IABT_CUR:
		return "IABT (current EL)";
	case 0x22:
		return "PC Alignment";
	case ESR_ELx_EC_DABT_LOW:
		return "DABT (lower EL)";
	case ESR_ELx_EC_DABT_CUR:
		return "DABT (current EL)";
	case 0x26:
		return "SP Alignment";
	}
	return "UNRECOGNIZED EC";	/* [0 ... ESR_ELx_EC_MAX]: pfwhy names the aborts only */
}

#define BAD(n)		{ "do_bad", SIGKILL, SI_KERNEL, "unknown " #n }
#define SEA(name)	{ "do_sea", SIGKILL, SI_KERNEL, name }

/* fault.c:739-804, indexed by ESR_ELx_FSC */
static const struct pfw_arm64_fault_info fault_info[64] = {
	{ "do_bad", SIGKILL, SI_KERNEL, "ttbr address size fault" },
	{ "do_bad", SIGKILL, SI_KERNEL, "level 1 address size fault" },
	{ "do_bad", SIGKILL, SI_KERNEL, "level 2 address size fault" },
	{ "do_bad", SIGKILL, SI_KERNEL, "level 3 address size fault" },
	{ "do_translation_fault", SIGSEGV, SEGV_MAPERR, "level 0 translation fault" },
	{ "do_translation_fault", SIGSEGV, SEGV_MAPERR, "level 1 translation fault" },
	{ "do_translation_fault", SIGSEGV, SEGV_MAPERR, "level 2 translation fault" },
	{ "do_translation_fault", SIGSEGV, SEGV_MAPERR, "level 3 translation fault" },
	BAD(8),
	{ "do_page_fault", SIGSEGV, SEGV_ACCERR, "level 1 access flag fault" },
	{ "do_page_fault", SIGSEGV, SEGV_ACCERR, "level 2 access flag fault" },
	{ "do_page_fault", SIGSEGV, SEGV_ACCERR, "level 3 access flag fault" },
	BAD(12),
	{ "do_page_fault", SIGSEGV, SEGV_ACCERR, "level 1 permission fault" },
	{ "do_page_fault", SIGSEGV, SEGV_ACCERR, "level 2 permission fault" },
	{ "do_page_fault", SIGSEGV, SEGV_ACCERR, "level 3 permission fault" },
	{ "do_sea", SIGBUS, BUS_OBJERR, "synchronous external abort" },
	{ "do_tag_check_fault", SIGSEGV, SEGV_MTESERR, "synchronous tag check fault" },
	BAD(18), BAD(19),
	SEA("level 0 (translation table walk)"),
	SEA("level 1 (translation table walk)"),
	SEA("level 2 (translation table walk)"),
	SEA("level 3 (translation table walk)"),
	{ "do_sea", SIGBUS, BUS_OBJERR, "synchronous parity or ECC error" },
	BAD(25), BAD(26), BAD(27),
	SEA("level 0 synchronous parity error (translation table walk)"),
	SEA("level 1 synchronous parity error (translation table walk)"),
	SEA("level 2 synchronous parity error (translation table walk)"),
	SEA("level 3 synchronous parity error (translation table walk)"),
	BAD(32),
	{ "do_alignment_fault", SIGBUS, BUS_ADRALN, "alignment fault" },
	BAD(34), BAD(35), BAD(36), BAD(37), BAD(38), BAD(39), BAD(40), BAD(41),
	BAD(42), BAD(43), BAD(44), BAD(45), BAD(46), BAD(47),
	{ "do_bad", SIGKILL, SI_KERNEL, "TLB conflict abort" },
	{ "do_bad", SIGKILL, SI_KERNEL, "Unsupported atomic hardware update fault" },
	BAD(50), BAD(51),
	{ "do_bad", SIGKILL, SI_KERNEL, "implementation fault (lockdown abort)" },
	{ "do_bad", SIGBUS, BUS_OBJERR, "implementation fault (unsupported exclusive)" },
	BAD(54), BAD(55), BAD(56), BAD(57), BAD(58), BAD(59), BAD(60),
	{ "do_bad", SIGKILL, SI_KERNEL, "section domain fault" },
	{ "do_bad", SIGKILL, SI_KERNEL, "page domain fault" },
	BAD(63),
};

/* esr_to_fault_info() (fault.c:58) */
const struct pfw_arm64_fault_info *pfw_arm64_fault_info(uint64_t esr)
{
	return &fault_info[esr & ESR_ELx_FSC];
}

static bool is_data_abort(uint64_t esr)
{
	unsigned int ec = ESR_ELx_EC(esr);

	return ec == ESR_ELx_EC_DABT_LOW || ec == ESR_ELx_EC_DABT_CUR;
}

#define BIT(esr, mask)	(((esr) & (mask)) ? 1UL : 0UL)

/* data_abort_decode() (fault.c:68-88) */
static size_t data_abort_decode(uint64_t esr, char *buf, size_t size)
{
	size_t len = snprintf(buf, size, "Data abort info:\n");

	if (esr & ESR_ELx_ISV) {
		len += snprintf(buf + len, len < size ? size - len : 0,
				"  Access size = %u byte(s)\n  SSE = %lu, SRT = %lu\n  SF = %lu, AR = %lu\n",
				1U << ((esr >> ESR_ELx_SAS_SHIFT) & 3), BIT(esr, ESR_ELx_SSE),
				(unsigned long)((esr >> ESR_ELx_SRT_SHIFT) & 0x1f),
				BIT(esr, ESR_ELx_SF), BIT(esr, ESR_ELx_AR));
	} else {
		len += snprintf(buf + len, len < size ? size - len : 0, "  ISV = 0, ISS = 0x%08lx\n",
				(unsigned long)(esr & ESR_ELx_ISS_MASK));
	}
	len += snprintf(buf + len, len < size ? size - len : 0, "  CM = %lu, WnR = %lu\n",
			BIT(esr, ESR_ELx_CM), BIT(esr, ESR_ELx_WNR));
	return len;
}

/* mem_abort_decode() (fault.c:90-108) */
void pfw_esr_decode(uint64_t esr, char *buf, size_t size)
{
	size_t len;

	len = snprintf(buf, size,
		       "Mem abort info:\n"
		       "  ESR = 0x%016llx\n"
		       "  EC = 0x%02lx: %s, IL = %u bits\n"
		       "  SET = %lu, FnV = %lu\n"
		       "  EA = %lu, S1PTW = %lu\n"
		       "  FSC = 0x%02lx: %s\n",
		       (unsigned long long)esr, (unsigned long)ESR_ELx_EC(esr),
		       pfw_esr_class_str(ESR_ELx_EC(esr)), (esr & ESR_ELx_IL) ? 32 : 16,
		       (unsigned long)((esr & ESR_ELx_SET_MASK) >> ESR_ELx_SET_SHIFT),
		       BIT(esr, ESR_ELx_FnV), BIT(esr, ESR_ELx_EA), BIT(esr, ESR_ELx_S1PTW),
		       (unsigned long)(esr & ESR_ELx_FSC), pfw_arm64_fault_info(esr)->name);
	if (is_data_abort(esr) && len < size)
		data_abort_decode(esr, buf + len, size - len);
}

/*
 * The access an abort's ESR states: an instruction abort is a fetch, a
 * data abort a write when is_write_abort() (WnR && !CM, fault.c:518), else
 * a read; the lower-EL classes come from EL0.
 */
struct pfw_error *arm64_syndrome_access(uint64_t esr, enum pfw_access *access, bool *kernel_mode)
{
	unsigned int ec = ESR_ELx_EC(esr);

	switch (ec) {
	case ESR_ELx_EC_IABT_LOW:
	case ESR_ELx_EC_IABT_CUR:
		*access = PFW_ACCESS_EXEC;
		break;
	case ESR_ELx_EC_DABT_LOW:
	case ESR_ELx_EC_DABT_CUR:
		*access = (esr & ESR_ELx_WNR) && !(esr & ESR_ELx_CM) ? PFW_ACCESS_WRITE : PFW_ACCESS_READ;
		break;
	default:
		return pfw_error_create(PFW_ERR_USAGE,
					"ESR 0x%llx: exception class 0x%02x (%s) is no instruction or data abort",
					(unsigned long long)esr, ec, pfw_esr_class_str(ec));
	}
	*kernel_mode = ec == ESR_ELx_EC_IABT_CUR || ec == ESR_ELx_EC_DABT_CUR;
	return NULL;
}
