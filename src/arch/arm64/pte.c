// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Decoding arm64 descriptors, 4 KiB granule: Linux 6.1's
 * arch/arm64/include/asm/pgtable-hwdef.h (hardware bits, :95-156),
 * pgtable-prot.h (software bits, :16-28) and pgtable.h (the predicates,
 * :95-160 and :451-752; the swap layout, :1001-1030).
 */
#include <stdio.h>
#include <string.h>

#include "arch/arm64/arm64.h"

/* pgtable-hwdef.h */
#define PTE_VALID	(1ULL << 0)
#define PTE_TABLE_BIT	(1ULL << 1)
#define PTE_TYPE_MASK	3ULL
#define PTE_TYPE_PAGE	3ULL		/* level 3 */
#define PMD_TYPE_TABLE	3ULL		/* levels 0-2 */
#define PMD_TYPE_SECT	1ULL		/* a block at level 1 or 2 */
#define PTE_ATTRINDX_SHIFT 2
#define PTE_NS		(1ULL << 5)	/* not named by Linux 6.1: architectural */
#define PTE_USER	(1ULL << 6)	/* AP[1] */
#define PTE_RDONLY	(1ULL << 7)	/* AP[2] */
#define PTE_SH_SHIFT	8
#define PTE_AF		(1ULL << 10)
#define PTE_NG		(1ULL << 11)
#define PTE_GP		(1ULL << 50)
#define PTE_DBM		(1ULL << 51)
#define PTE_CONT	(1ULL << 52)
#define PTE_PXN		(1ULL << 53)
#define PTE_UXN		(1ULL << 54)
#define PTE_ADDR_LOW	(((1ULL << (48 - 12)) - 1) << 12)
#define TABLE_PXN	(1ULL << 59)	/* PMD_TABLE_PXN, PUD_TABLE_PXN */
#define TABLE_UXN	(1ULL << 60)
#define TABLE_AP_SHIFT	61		/* APTable[1:0], architectural */
#define TABLE_NS	(1ULL << 63)
/* pgtable-prot.h */
#define PTE_WRITE	PTE_DBM
#define PTE_SWP_EXCLUSIVE (1ULL << 2)
#define PTE_DIRTY	(1ULL << 55)
#define PTE_SPECIAL	(1ULL << 56)
#define PTE_DEVMAP	(1ULL << 57)
#define PTE_PROT_NONE	(1ULL << 58)	/* only when !PTE_VALID */
#define PMD_PRESENT_INVALID (1ULL << 59) /* only when !PMD_SECT_VALID */
/* pgtable.h :1007-1012 */
#define __SWP_TYPE_SHIFT	3
#define __SWP_TYPE_BITS		5
#define __SWP_OFFSET_BITS	50
#define __SWP_OFFSET_SHIFT	(__SWP_TYPE_BITS + __SWP_TYPE_SHIFT)

/* a page or block descriptor's output address (a table's is never present) */
const uint64_t pfw_arm64_present_frame_mask[PFW_NR_LEVELS] = {
	[PFW_PUD] = PTE_ADDR_LOW,
	[PFW_PMD] = PTE_ADDR_LOW,
	[PFW_PTE] = PTE_ADDR_LOW,
};

void pfw_arm64_layout_default(struct pfw_arm64_layout *l)
{
	*l = (struct pfw_arm64_layout){ .levels = 4, .swp_exclusive = true };
	/* MAX_PHYSMEM_BITS = CONFIG_ARM64_PA_BITS, 48 (asm/sparsemem.h:8) */
	pfw_swap_layout_default(&l->swp, 48 - 12);
}

/* The level the MMU calls the entry (FSC's level): 4-level tables start at 0, 3-level at 1. */
static int hw_level(enum pfw_pt_level level)
{
	return level == PFW_PGD ? 0 : (int)level - 1;
}

static void decode_attrs(uint64_t v, struct pfw_entry *e)
{
	struct pfw_arm64_bits *a = &e->a64;

	a->attrindx = (v >> PTE_ATTRINDX_SHIFT) & 7;
	a->ns = v & PTE_NS;
	a->ap = (v >> 6) & 3;
	a->sh = (v >> PTE_SH_SHIFT) & 3;
	a->af = v & PTE_AF;
	a->ng = v & PTE_NG;
	a->gp = v & PTE_GP;
	a->dbm = v & PTE_DBM;
	a->cont = v & PTE_CONT;
	a->pxn = v & PTE_PXN;
	a->uxn = v & PTE_UXN;
	a->rdonly = v & PTE_RDONLY;
	/* the kernel's predicates (pgtable.h :102-125) */
	e->user = v & PTE_USER;			/* pte_user() */
	e->write = v & PTE_WRITE;		/* pte_write(): DBM */
	e->accessed = a->af;			/* pte_young() */
	/* pte_dirty() = pte_sw_dirty() || pte_hw_dirty() (:123-125) */
	e->dirty = (v & PTE_DIRTY) || (e->write && !a->rdonly);
	e->special = v & PTE_SPECIAL;		/* pte_special() */
	e->devmap = v & PTE_DEVMAP;		/* pte_devmap() */
	e->global = !a->ng;
	e->nx = a->uxn;				/* !pte_user_exec() */
	e->pfn = (v & PTE_ADDR_LOW) >> 12;	/* __pte_to_phys(), 48-bit PA */
}

static void decode_table(uint64_t v, struct pfw_entry *e)
{
	struct pfw_arm64_bits *a = &e->a64;

	e->state = PFW_ENTRY_TABLE;
	e->pfn = (v & PTE_ADDR_LOW) >> 12;
	a->table = true;
	a->pxn_table = v & TABLE_PXN;
	a->uxn_table = v & TABLE_UXN;
	a->ap_table = (v >> TABLE_AP_SHIFT) & 3;
	a->ns_table = v & TABLE_NS;
	e->accessed = v & PTE_AF;	/* ignored by the MMU in a table, kept as read */
}

/* __pte_to_swp_entry() is the raw value: __swp_type(), __swp_offset() (:1014-1015) */
static void decode_swap(const struct pfw_arm64_layout *l, uint64_t v, struct pfw_entry *e)
{
	e->swap_type = (v >> __SWP_TYPE_SHIFT) & ((1U << __SWP_TYPE_BITS) - 1);
	e->swap_offset = (v >> __SWP_OFFSET_SHIFT) & ((1ULL << __SWP_OFFSET_BITS) - 1);
	e->exclusive = l->swp_exclusive && (v & PTE_SWP_EXCLUSIVE);
	pfw_swap_classify(&l->swp, e);
}

/* A pmd or pud that is not a table: a block, protnone, a split in progress, or swap. */
static void decode_leaf(const struct pfw_arm64_layout *l, enum pfw_pt_level level, uint64_t v,
			struct pfw_entry *e)
{
	bool upper = level != PFW_PTE;

	if (v & PTE_VALID) {
		/* pte_present(); a level-3 0b01 is reserved: the MMU faults on it */
		e->state = PFW_ENTRY_PRESENT;
		e->a64.valid = true;
		e->a64.block = upper;
		e->a64.page = !upper && (v & PTE_TYPE_MASK) == PTE_TYPE_PAGE;
		e->huge = upper;
		decode_attrs(v, e);
		return;
	}
	if (v & PTE_PROT_NONE) {
		/* pte_protnone(): (val & (VALID | PROT_NONE)) == PROT_NONE (:451-454) */
		e->state = PFW_ENTRY_PROTNONE;
		e->a64.prot_none = true;
		e->huge = upper;
		decode_attrs(v, e);
		return;
	}
	if (level == PFW_PMD && (v & PMD_PRESENT_INVALID)) {
		/* pmd_present() also accepts PMD_PRESENT_INVALID: pmdp_invalidate() (:462-466) */
		e->state = PFW_ENTRY_PRESENT;
		e->a64.present_invalid = true;
		e->huge = true;
		decode_attrs(v, e);
		return;
	}
	if (level == PFW_PTE || level == PFW_PMD) {
		/* a swap pte, or a THP migration entry (__pmd_to_swp_entry, :1020) */
		decode_swap(l, v, e);
		return;
	}
	e->state = PFW_ENTRY_NONE;	/* pud_bad(): not a table and not valid */
}

void pfw_arm64_decode(const struct pfw_arm64_layout *l, enum pfw_pt_level level, uint64_t v,
		      struct pfw_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->arch = PFW_ARCH_ARM64;
	e->value = v;
	e->level = level;
	e->a64.hw_level = hw_level(level);
	if (!v) {
		e->state = PFW_ENTRY_NONE;	/* pte_none(), pmd_none(), ... */
		return;
	}
	if (level != PFW_PTE && (v & PTE_TYPE_MASK) == PMD_TYPE_TABLE) {
		decode_table(v, e);
		return;
	}
	if (level == PFW_PGD && l->levels == 4) {
		/* no level-0 blocks with 4 KiB pages: p4d_bad() tests the table bit only */
		e->state = PFW_ENTRY_NONE;
		return;
	}
	decode_leaf(l, level, v, e);
}

static size_t add(char *buf, size_t size, size_t len, const char *fmt, unsigned int n)
{
	return len + snprintf(buf + len, len < size ? size - len : 0, fmt, len ? " " : "", n);
}

static const char *type_name(const struct pfw_entry *e)
{
	if (e->a64.table)
		return "table";
	if (e->a64.block)
		return "block";
	if (e->a64.page)
		return "page";
	return NULL;
}

void pfw_arm64_flag_names(const struct pfw_entry *e, char *buf, size_t size)
{
	const struct pfw_arm64_bits *a = &e->a64;
	struct { bool on; const char *name; } f[] = {
		{ a->valid, "valid" },
		{ a->prot_none, "prot-none" },
		{ a->present_invalid, "present-invalid" },
		{ a->ns, "ns" },
		{ e->user, "user" },
		{ a->rdonly, "rdonly" },
		{ a->af, "af" },
		{ a->ng, "ng" },
		{ a->gp, "gp" },
		{ a->dbm, "dbm" },
		{ a->cont, "cont" },
		{ a->pxn, "pxn" },
		{ a->uxn, "uxn" },
		{ e->dirty, "dirty" },
		{ e->special, "special" },
		{ e->devmap, "devmap" },
		{ e->exclusive, "exclusive" },
		{ a->pxn_table, "pxntable" },
		{ a->uxn_table, "uxntable" },
		{ a->ns_table, "nstable" },
	};
	const char *type = type_name(e);
	size_t i, len = 0;

	buf[0] = 0;
	if (e->state == PFW_ENTRY_NONE && !e->value) {
		snprintf(buf, size, "none");
		return;
	}
	if (type)
		len += snprintf(buf, size, "%s", type);
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i].on)
			len += snprintf(buf + len, len < size ? size - len : 0, "%s%s",
					len ? " " : "", f[i].name);
	if (a->valid || a->prot_none || a->present_invalid) {
		len = add(buf, size, len, "%sattrindx=%u", a->attrindx);
		len = add(buf, size, len, "%sap=%u", a->ap);
		len = add(buf, size, len, "%ssh=%u", a->sh);
	}
	if (a->table && a->ap_table)
		add(buf, size, len, "%saptable=%u", a->ap_table);
}
