// SPDX-License-Identifier: GPL-2.0-or-later
/* arm64's operations table (src/arch/arch.h). */
#include <elf.h>

#include "arch/arm64/arm64.h"
#include "kernel/kernel.h"

static void arm64_layout(struct pfw_kernel *k, union pfw_arch_layout *l)
{
	if (k)
		pfw_kernel_arm64_layout(k, &l->arm64);
	else
		pfw_arm64_layout_default(&l->arm64);
}

static void arm64_decode_with(const union pfw_arch_layout *l, enum pfw_pt_level level, uint64_t v,
			      struct pfw_entry *e)
{
	pfw_arm64_decode(&l->arm64, level, v, e);
}

/* 48-bit VA: pgd (L0) -> pud -> pmd -> pte; 39-bit: the pgd is the pud (L1); p4d always folded */
static void arm64_geometry(const struct pfw_kernel *k, struct pfw_pt_geometry *g)
{
	*g = (struct pfw_pt_geometry){
		.top = k->paging_levels == 4 ? PFW_PGD : PFW_PUD,
		.shift = { 39, 39, 30, 21, 12 },
		.next = { PFW_PUD, PFW_PUD, PFW_PMD, PFW_PTE, PFW_NR_LEVELS },
	};
}

/* arch/arm64/include/asm/asm-extable.h (6.1 :8-12); 5.10 and 4.19 entries have no type */
static const char *const ex_type_names[] = {
	"NONE", "BPF", "UACCESS_ERR_ZERO", "KACCESS_ERR_ZERO", "LOAD_UNALIGNED_ZEROPAD",
};

const struct pfw_arch_ops pfw_arch_arm64 = {
	.name = "arm64",
	.id = PFW_ARCH_ARM64,
	.elf_machine = EM_AARCH64,
	.elf_machine_name = "aarch64",
	.kernel_pgd_symbol = "swapper_pg_dir",
	.read_layout = arm64_read_layout,
	.walk = arm64_walk,
	.geometry = arm64_geometry,
	.layout = arm64_layout,
	.decode = arm64_decode_with,
	.present_frame_mask = pfw_arm64_present_frame_mask,
	.flag_names = pfw_arm64_flag_names,
	.phys_to_virt = arm64_phys_to_virt,
	.pa_symbol = arm64_pa_symbol,
	.virt_to_phys_direct = arm64_virt_to_phys_direct,
	.address_valid = arm64_address_valid,
	.task_size = arm64_task_size,
	.swp_pfn_bits = arm64_swp_pfn_bits,
	.features = arm64_features,
	.fault_pgd = arm64_fault_pgd,
	.hardware_access_ok = arm64_hardware_access_ok,
	.ip_name = "pc",
	.error_code_name = "ESR",
	.syndrome_option = "esr",
	.syndrome_access = arm64_syndrome_access,
	.syndrome_describe = pfw_esr_decode,
	.fault = do_mem_abort,
	.bad_address = arm64_bad_address,
	.uaccess_state = "an LDTR/STTR uaccess instruction",
	.plain_state = "PSTATE.PAN set",
	.ex_type_names = ex_type_names,
	.nr_ex_types = sizeof(ex_type_names) / sizeof(ex_type_names[0]),
};
