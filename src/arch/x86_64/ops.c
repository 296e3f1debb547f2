// SPDX-License-Identifier: GPL-2.0-or-later
/* x86_64's operations table (src/arch/arch.h). */
#include <elf.h>

#include "arch/x86_64/x86_64.h"
#include "arch/x86_64/fault.h"

static void x86_layout(struct pfw_kernel *k, union pfw_arch_layout *l)
{
	if (k)
		pfw_kernel_x86_layout(k, &l->x86);
	else
		pfw_x86_layout_default(&l->x86);
}

static void x86_decode(const union pfw_arch_layout *l, enum pfw_pt_level level, uint64_t v,
		       struct pfw_entry *e)
{
	pfw_x86_decode(&l->x86, level, v, e);
}

/* 4-level paging folds the p4d: the pgd then indexes bits 39-47 */
static void x86_geometry(const struct pfw_kernel *k, struct pfw_pt_geometry *g)
{
	bool l5 = k->paging_levels == 5;

	*g = (struct pfw_pt_geometry){
		.top = PFW_PGD,
		.shift = { l5 ? 48 : 39, 39, 30, 21, 12 },
		.next = { l5 ? PFW_P4D : PFW_PUD, PFW_PUD, PFW_PMD, PFW_PTE, PFW_NR_LEVELS },
	};
}

/* arch/x86/include/asm/extable_fixup_types.h (5.16+): type in the low byte of data */
static const char *const ex_type_names[] = {
	"NONE", "DEFAULT", "FAULT", "UACCESS", "COPY", "CLEAR_FS", "FPU_RESTORE", "BPF",
	"WRMSR", "RDMSR", "WRMSR_SAFE", "RDMSR_SAFE", "WRMSR_IN_MCE", "RDMSR_IN_MCE",
	"DEFAULT_MCE_SAFE", "FAULT_MCE_SAFE", "POP_REG", "IMM_REG", "FAULT_SGX",
	"UCOPY_LEN", "ZEROPAD",
};

/* The error code's W and I bits give the access, its U bit the mode (enum x86_pf_error_code). */
static struct pfw_error *x86_syndrome_access(uint64_t code, enum pfw_access *access,
					     bool *kernel_mode)
{
	if (code & PFW_PF_WRITE)
		*access = PFW_ACCESS_WRITE;
	if (code & PFW_PF_INSTR)
		*access = PFW_ACCESS_EXEC;
	*kernel_mode = !(code & PFW_PF_USER);
	return NULL;
}

const struct pfw_arch_ops pfw_arch_x86_64 = {
	.name = "x86_64",
	.id = PFW_ARCH_X86_64,
	.elf_machine = EM_X86_64,
	.elf_machine_name = "x86_64",
	.kernel_pgd_symbol = "init_top_pgt",
	.read_layout = x86_read_layout,
	.walk = pfw_x86_walk,
	.geometry = x86_geometry,
	.layout = x86_layout,
	.decode = x86_decode,
	.present_frame_mask = pfw_x86_present_frame_mask,
	.flag_names = pfw_x86_flag_names,
	.phys_to_virt = x86_phys_to_virt,
	.pa_symbol = x86_pa_symbol,
	.virt_to_phys_direct = x86_virt_to_phys_direct,
	.address_valid = x86_address_canonical,
	.task_size = x86_task_size,
	.swp_pfn_bits = x86_swp_pfn_bits,
	.features = x86_features,
	.fault_pgd = x86_fault_pgd,
	.hardware_access_ok = x86_hardware_access_ok,
	.ip_name = "RIP",
	.error_code_name = "error_code",
	.syndrome_option = "error-code",
	.syndrome_access = x86_syndrome_access,
	.fault = exc_page_fault,
	.bad_address = exc_general_protection,
	.uaccess_state = "EFLAGS.AC set",
	.plain_state = "EFLAGS.AC clear",
	.ex_type_names = ex_type_names,
	.nr_ex_types = sizeof(ex_type_names) / sizeof(ex_type_names[0]),
};
