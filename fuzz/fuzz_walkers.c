// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel-structure walkers over a synthetic image: two processes on
 * the task list, VMAs in a maple tree, page tables with present, swap and
 * huge entries.  Each input is a list of writes (target object, offset,
 * 1-8 bytes) into those structures; then the task list, the VMA walk,
 * find_vma, the page-table walk and a whole pfw_why() run over the damage.
 */
#include <pfwhy/walker.h>
#include <pfwhy/x86_64.h>

#include "fuzz_synth.h"

#define ADDR		0x10000000ULL
#define VM_RW		0x33ULL		/* VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE */
#define PTE_RW_USER	(0x67ULL | (1ULL << 63))

enum { T_TASK_A, T_TASK_B, T_MM, T_MAPLE, T_VMA0, T_VMA1, T_VMA2, T_PGD, T_PUD, T_PMD,
       T_PTE, T_SIGNAL, T_INIT, NR_TARGETS };

static uint64_t targets[NR_TARGETS];	/* physical addresses */
static uint64_t target_len[NR_TARGETS];
static struct syn_proc A, B;

static uint64_t phys_of(uint64_t va)
{
	uint64_t phys = 0;

	syn_kv_to_phys(F, va, &phys);
	return phys;
}

static void build(void)
{
	uint64_t vma[3], root, pte_table;

	syn_process(F, &A, "a");
	syn_process(F, &B, "b");
	vma[0] = syn_vma(F, &A, ADDR, ADDR + 0x4000, VM_RW, 0, 0, 0);
	vma[1] = syn_vma(F, &A, ADDR + 0x10000, ADDR + 0x400000, VM_RW, 0, 0, 0);
	vma[2] = syn_vma(F, &A, 0x7ff000000000ULL, 0x7ff000021000ULL, VM_RW | 0x100, 0, 0, 0);
	syn_set_pte(F, &A, ADDR, (0x12345ULL << 12) | PTE_RW_USER);
	syn_set_pte(F, &A, ADDR + 0x1000, syn_swp_pte(0, 0x200));
	syn_set_entry(F, &A, ADDR + 0x200000, 2, (0x40000ULL << 12) | PTE_RW_USER | 0x80);
	root = syn_read_u64(F, A.mm + syn_offset(F, "mm_struct", "mm_mt.ma_root"));
	pte_table = syn_table(F, &A, ADDR, 3);
	targets[T_TASK_A] = phys_of(A.task);
	targets[T_TASK_B] = phys_of(B.task);
	targets[T_MM] = phys_of(A.mm);
	targets[T_MAPLE] = phys_of(root & ~255ULL);
	targets[T_VMA0] = phys_of(vma[0]);
	targets[T_VMA1] = phys_of(vma[1]);
	targets[T_VMA2] = phys_of(vma[2]);
	targets[T_PGD] = A.pgd_phys;
	targets[T_PUD] = syn_table(F, &A, ADDR, 1);
	targets[T_PMD] = syn_table(F, &A, ADDR, 2);
	targets[T_PTE] = pte_table;
	targets[T_SIGNAL] = phys_of(A.signal);
	targets[T_INIT] = phys_of(syn_init_task(F));
	target_len[T_TASK_A] = target_len[T_TASK_B] = target_len[T_INIT] = syn_sizeof(F, "task_struct");
	target_len[T_MM] = syn_sizeof(F, "mm_struct");
	target_len[T_MAPLE] = syn_sizeof(F, "maple_node");
	target_len[T_VMA0] = target_len[T_VMA1] = target_len[T_VMA2] = syn_sizeof(F, "vm_area_struct");
	target_len[T_PGD] = target_len[T_PUD] = target_len[T_PMD] = target_len[T_PTE] = 4096;
	target_len[T_SIGNAL] = syn_sizeof(F, "signal_struct");
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_synth_init();
	build();
	if (F->errors) {
		fprintf(stderr, "fuzz: building the image failed\n");
		exit(1);
	}
	return 0;
}

static struct pfw_error *count_task(struct pfw_kernel *k, const struct pfw_task *t, void *arg)
{
	(*(int *)arg)++;
	return NULL;
}

static struct pfw_error *count_vma(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	(*(int *)arg)++;
	return NULL;
}

/* Writes of 4 bytes of header (target, offset, length) and up to 8 of value. */
static void apply(const uint8_t *data, size_t size)
{
	while (size >= 4) {
		unsigned int t = data[0] % NR_TARGETS, len = data[3] % 8 + 1;
		uint64_t off = (data[1] | data[2] << 8) % target_len[t];

		data += 4;
		size -= 4;
		if (len > size)
			len = size;
		if (!len)
			break;
		/* 8-byte aligned words are what links and entries are made of */
		if (len == 8)
			off &= ~7ULL;
		fuzz_write_phys(targets[t] + off, data, len);
		data += len;
		size -= len;
	}
}

static void run(void)
{
	static const uint64_t addrs[] = { ADDR, ADDR + 0x1000, ADDR + 0x200000, ADDR + 0x8000,
					  0x7ff000020000ULL, 0 };
	struct pfw_fault_request req = { .pid = A.pid, .access = PFW_ACCESS_WRITE };
	static struct pfw_fault_result r;
	struct pfw_task t;
	struct pfw_vma v;
	struct pfw_walk w;
	int n = 0;
	bool found;
	size_t i;

	pfw_error_destroy(pfw_for_each_task(F->k, count_task, &n));
	pfw_error_destroy(pfw_find_task(F->k, A.pid, &t));
	pfw_error_destroy(pfw_for_each_vma(F->k, A.mm, count_vma, &n));
	for (i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		pfw_error_destroy(pfw_find_vma(F->k, A.mm, addrs[i], &v, &found));
		pfw_error_destroy(pfw_x86_walk(F->k, SYN_PAGE_OFFSET + A.pgd_phys, addrs[i], &w));
	}
	req.address = addrs[n % 5];
	pfw_error_destroy(pfw_why(F->k, &req, &r));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	apply(data, size);
	run();
	fuzz_undo_all();
	return 0;
}
