// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading kernel objects: members by name, through the DWARF of the vmlinux. */
#include <string.h>

#include "arch/arch.h"
#include "kernel.h"

struct pfw_error *pfw_read_kv(struct pfw_kernel *k, uint64_t addr, void *buf, size_t len)
{
	struct pfw_error *err = pfw_memory_read(k->mem, PFW_KVADDR, addr, buf, len);

	return err ? pfw_explain_excluded(k, addr, err) : NULL;
}

struct pfw_error *pfw_read_kv_u64(struct pfw_kernel *k, uint64_t addr, uint64_t *val)
{
	return pfw_read_kv(k, addr, val, sizeof(*val));
}

bool pfw_read_symbol_u64(struct pfw_kernel *k, const char *name, uint64_t *val)
{
	uint64_t addr;

	return pfw_ok(pfw_kernel_symbol(k, name, &addr)) && pfw_ok(pfw_read_kv_u64(k, addr, val));
}

uint64_t pfw_symbol_value(struct pfw_kernel *k, const char *name)
{
	uint64_t val;

	return pfw_read_symbol_u64(k, name, &val) ? val : 0;
}

struct pfw_error *pfw_member_address(struct pfw_kernel *k, uint64_t addr,
				     const char *struct_name, const char *path,
				     uint64_t *ret)
{
	struct pfw_member m;
	struct pfw_error *err;

	err = pfw_member(k->dbi, struct_name, path, &m);
	if (err)
		return err;
	*ret = addr + m.offset;
	return NULL;
}

static uint64_t extract_bits(uint64_t raw, const struct pfw_member *m)
{
	raw >>= m->bit_offset;
	if (m->bit_size < 64)
		raw &= (1ULL << m->bit_size) - 1;
	return raw;
}

struct pfw_error *pfw_read_field(struct pfw_kernel *k, uint64_t addr,
				 const struct pfw_member *m, uint64_t *val)
{
	struct pfw_error *err;
	uint64_t raw = 0;
	size_t len;

	if (m->bit_size && m->bit_offset < 0)
		return pfw_error_create(PFW_ERR_UNSUPPORTED,
					"a bitfield of %d bits whose position the DWARF does not give",
					m->bit_size);
	if (m->bit_size)
		len = (m->bit_offset + m->bit_size + 7) / 8;
	else
		len = m->size;
	if (len == 0 || len > sizeof(raw))
		return pfw_error_create(PFW_ERR_UNSUPPORTED, "a member of %zu bytes, not a scalar",
					len);
	err = pfw_read_kv(k, addr + m->offset, &raw, len);
	if (err)
		return err;
	*val = m->bit_size ? extract_bits(raw, m) : raw;
	return NULL;
}

struct pfw_error *pfw_read_member(struct pfw_kernel *k, uint64_t addr,
				  const char *struct_name, const char *path, uint64_t *val)
{
	struct pfw_member m;
	struct pfw_error *err;

	err = pfw_member(k->dbi, struct_name, path, &m);
	if (err)
		return err;
	err = pfw_read_field(k, addr, &m, val);
	if (err)
		return pfw_error_wrap(err, "reading %s.%s at 0x%llx", struct_name, path,
				      (unsigned long long)addr);
	return NULL;
}

struct pfw_error *pfw_read_string(struct pfw_kernel *k, uint64_t addr, char *buf, size_t size)
{
	struct pfw_error *err;
	size_t i;

	/* Byte by byte would be slow; read in chunks that stay within a page. */
	for (i = 0; i + 1 < size;) {
		size_t chunk = 4096 - ((addr + i) & 4095);

		if (chunk > size - 1 - i)
			chunk = size - 1 - i;
		err = pfw_read_kv(k, addr + i, buf + i, chunk);
		if (err)
			return err;
		if (memchr(buf + i, 0, chunk))
			return NULL;
		i += chunk;
	}
	buf[size - 1] = 0;
	return NULL;
}

uint64_t pfw_phys_to_virt(struct pfw_kernel *k, uint64_t phys)
{
	return k->arch->phys_to_virt(k, phys);
}

bool pfw_virt_to_phys_direct(struct pfw_kernel *k, uint64_t virt, uint64_t *phys)
{
	return k->arch->virt_to_phys_direct(k, virt, phys);
}

bool pfw_address_canonical(const struct pfw_kernel *k, uint64_t addr)
{
	return k->arch->address_valid(k, addr);
}

uint64_t pfw_pa_symbol(const struct pfw_kernel *k, uint64_t va)
{
	return k->arch->pa_symbol(k, va);
}

struct pfw_error *pfw_kernel_pgd(struct pfw_kernel *k, uint64_t *pgd)
{
	struct pfw_error *err = pfw_kernel_symbol(k, k->arch->kernel_pgd_symbol, pgd);

	if (!err)
		*pgd = pfw_phys_to_virt(k, pfw_pa_symbol(k, *pgd));
	return err;
}

uint64_t pfw_task_size(const struct pfw_kernel *k)
{
	return k->arch->task_size(k);
}

struct pfw_error *pfw_kernel_base_known(struct pfw_kernel *k, unsigned int base)
{
	if (!(k->unknown_bases & base))
		return NULL;
	return pfw_error_create(PFW_ERR_FAULT, "%s is unknown: %s",
				base == PFW_BASE_PAGE_OFFSET ? "the direct map's base (PAGE_OFFSET)" :
				base == PFW_BASE_VMEMMAP ? "the struct page array's base (vmemmap)" :
				"the vmalloc area's base", k->bases_error->message);
}
