// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Loaded modules, read from the dump: the `modules` list (kernel/module/main.c),
 * each module's text ranges and its own kallsyms.  Layout by era, decided by
 * what struct module's DWARF holds:
 *   4.5 to 6.3: core_layout / init_layout { base, size, text_size, ... }
 *   6.4+:       mem[MOD_MEM_NUM_TYPES] { base, size }, indexed by enum
 *               mod_mem_type (ac3b43283923 "module: replace module_layout
 *               with module_memory")
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "module.h"

#define PFW_MAX_MODULES		4096
#define PFW_MAX_MOD_SYMS	(1 << 20)

/* 6.4+: the base and size of mod->mem[type] */
static struct pfw_error *read_mem_region(struct pfw_kernel *k, uint64_t mod, const char *type,
					 uint64_t *base, uint64_t *size)
{
	struct pfw_member mem;
	Dwarf_Die elem;
	uint64_t count, esize, addr;
	int64_t idx;
	struct pfw_error *err;

	if ((err = pfw_member(k->dbi, "module", "mem", &mem)) ||
	    (err = pfw_array_element(&mem.type, &elem, &count)) ||
	    (err = pfw_type_size(&elem, &esize)) ||
	    (err = pfw_enumerator_of(k->dbi, "MOD_TEXT", type, &idx)))
		return err;
	if (idx < 0 || (uint64_t)idx >= count)
		return pfw_error_create(PFW_ERR_CORRUPT, "%s is past module.mem[]", type);
	addr = mod + mem.offset + (uint64_t)idx * esize;
	if ((err = pfw_read_member(k, addr, "module_memory", "base", base)) ||
	    (err = pfw_read_member(k, addr, "module_memory", "size", size)))
		return err;
	return NULL;
}

/* Before 6.4: layout.base, layout.size and layout.text_size */
static struct pfw_error *read_layout(struct pfw_kernel *k, uint64_t mod, const char *layout,
				     uint64_t *base, uint64_t *size, uint64_t *text_size)
{
	char path[64];
	struct pfw_error *err;

	snprintf(path, sizeof(path), "%s.base", layout);
	if ((err = pfw_read_member(k, mod, "module", path, base)))
		return err;
	snprintf(path, sizeof(path), "%s.size", layout);
	if ((err = pfw_read_member(k, mod, "module", path, size)))
		return err;
	snprintf(path, sizeof(path), "%s.text_size", layout);
	return pfw_read_member(k, mod, "module", path, text_size);
}

static void add_region(struct pfw_module *m, uint64_t base, uint64_t size, bool init)
{
	if (!size || m->nregions == PFW_MODULE_MAX_REGIONS)
		return;
	m->regions[m->nregions].base = base;
	m->regions[m->nregions].size = size;
	m->regions[m->nregions].init = init;
	m->nregions++;
}

/* 6.4+: every mod->mem[] region, in enum mod_mem_type order (for_each_mod_mem_type()) */
static struct pfw_error *read_mem_regions(struct pfw_kernel *k, uint64_t mod, struct pfw_module *m)
{
	static const char *const types[] = {
		"MOD_TEXT", "MOD_DATA", "MOD_RODATA", "MOD_RO_AFTER_INIT",
		"MOD_INIT_TEXT", "MOD_INIT_DATA", "MOD_INIT_RODATA",
	};
	struct pfw_error *err;
	uint64_t base, size;
	size_t i;

	if ((err = read_mem_region(k, mod, "MOD_TEXT", &m->text_start, &size)))
		return err;
	m->text_end = m->text_start + size;
	m->base = m->text_start;
	/*
	 * /proc/modules' size: module_total_size() (kernel/module/procfs.c,
	 * 6.4+), every mod->mem[] region's; do_init_module() zeroes the init
	 * ones once they are freed.
	 */
	m->size = 0;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (!pfw_ok(read_mem_region(k, mod, types[i], &base, &size)))
			continue;
		m->size += size;
		add_region(m, base, size, i >= 4);
		if (i == 4) {
			m->init_base = base;
			m->init_size = size;
			m->init_text_end = base + size;
		}
	}
	return NULL;
}

static struct pfw_error *read_ranges(struct pfw_kernel *k, uint64_t mod, struct pfw_module *m)
{
	struct pfw_error *err;
	uint64_t size;

	if (pfw_has_member(k->dbi, "module", "mem"))
		return read_mem_regions(k, mod, m);
	if ((err = read_layout(k, mod, "core_layout", &m->base, &m->size, &size)))
		return err;
	m->text_start = m->base;
	m->text_end = m->base + size;
	add_region(m, m->base, m->size, false);
	if ((err = read_layout(k, mod, "init_layout", &m->init_base, &m->init_size, &size)))
		return err;
	m->init_text_end = m->init_base + size;
	add_region(m, m->init_base, m->init_size, true);
	return NULL;
}

static struct pfw_error *read_module(struct pfw_kernel *k, uint64_t mod, struct pfw_module *m)
{
	struct pfw_error *err;
	uint64_t name, state;
	int64_t unformed;

	memset(m, 0, sizeof(*m));
	m->addr = mod;
	if ((err = pfw_member_address(k, mod, "module", "name", &name)) ||
	    (err = pfw_read_string(k, name, m->name, sizeof(m->name))) ||
	    (err = pfw_read_member(k, mod, "module", "state", &state)))
		return err;
	m->unformed = pfw_ok(pfw_enumerator_of(k->dbi, "MODULE_STATE_LIVE", "MODULE_STATE_UNFORMED",
					       &unformed)) && (int64_t)state == unformed;
	if ((err = read_ranges(k, mod, m)))
		return err;
	if (pfw_has_member(k->dbi, "module", "extable")) {
		uint64_t n = 0;

		pfw_ignore(pfw_read_member(k, mod, "module", "extable", &m->extable));
		pfw_ignore(pfw_read_member(k, mod, "module", "num_exentries", &n));
		m->num_exentries = n;
	}
	return NULL;
}

bool pfw_kernel_has_modules(struct pfw_kernel *k)
{
	return pfw_has_struct(k->dbi, "module") && pfw_symbol_exists(k->dbi, "modules");
}

/* Every module on the `modules` list, in list order (the newest first). */
static struct pfw_error *load_modules(struct pfw_kernel *k)
{
	struct pfw_module_cache *mc = &k->modules;
	uint64_t head, node, list_off;
	struct pfw_member m;
	struct pfw_error *err;

	if (mc->loaded)
		return mc->error ? pfw_error_create(PFW_ERR_CORRUPT, "%s", mc->error) : NULL;
	mc->loaded = true;
	/* no CONFIG_MODULES: no list, no modules */
	if (!pfw_kernel_has_modules(k) || !pfw_ok(pfw_kernel_symbol(k, "modules", &head)))
		return NULL;
	if ((err = pfw_member(k->dbi, "module", "list", &m)))
		goto fail;
	list_off = m.offset;
	if ((err = pfw_read_kv_u64(k, head, &node)))
		goto fail;
	while (node != head) {
		struct pfw_module_entry *e;

		if (mc->n == PFW_MAX_MODULES) {
			err = pfw_error_create(PFW_ERR_CORRUPT, "the modules list has more than %d entries (a cycle?)",
					       PFW_MAX_MODULES);
			goto fail;
		}
		e = realloc(mc->mods, (mc->n + 1) * sizeof(*e));
		if (!e) {
			err = &pfw_error_nomem;
			goto fail;
		}
		mc->mods = e;
		e = &mc->mods[mc->n];
		memset(e, 0, sizeof(*e));
		if ((err = read_module(k, node - list_off, &e->mod)))
			goto fail;
		e->mem_regions = pfw_has_member(k->dbi, "module", "mem");
		mc->n++;
		if ((err = pfw_read_kv_u64(k, node, &node)))
			goto fail;
	}
	return NULL;
fail:
	mc->error = strdup(err->message);
	return err;
}

static int cmp_sym(const void *a, const void *b)
{
	const struct pfw_module_sym *x = a, *y = b;

	return (x->value > y->value) - (x->value < y->value);
}

/* is_arm_mapping_symbol() (kernel/module/kallsyms.c, 6.1; module_symbol.h from 6.2) */
static bool is_mapping_symbol(const char *name)
{
	if (name[0] == '.' && name[1] == 'L')
		return true;
	return name[0] == '$' && name[1] && strchr("axtd", name[1]) &&
	       (!name[2] || name[2] == '.');
}

static struct pfw_error *read_sym(struct pfw_kernel *k, uint64_t sym, uint64_t strtab,
				  struct pfw_module_sym *out, bool *keep)
{
	uint64_t name, shndx;
	char buf[128];
	struct pfw_error *err;

	*keep = false;
	if ((err = pfw_read_member(k, sym, "elf64_sym", "st_name", &name)) ||
	    (err = pfw_read_member(k, sym, "elf64_sym", "st_shndx", &shndx)) ||
	    (err = pfw_read_member(k, sym, "elf64_sym", "st_value", &out->value)))
		return err;
	if (shndx == 0)	/* SHN_UNDEF */
		return NULL;
	if ((err = pfw_read_string(k, strtab + name, buf, sizeof(buf))))
		return err;
	if (!buf[0] || is_mapping_symbol(buf))
		return NULL;
	out->name = strdup(buf);
	if (!out->name)
		return &pfw_error_nomem;
	*keep = true;
	return NULL;
}

/* mod->kallsyms: the full symtab while the module initialises, core_kallsyms after. */
static struct pfw_error *load_symbols(struct pfw_kernel *k, struct pfw_module_entry *e)
{
	uint64_t ks, symtab, strtab, num, symsize, i;
	struct pfw_error *err;

	if (e->syms_loaded)
		return NULL;
	e->syms_loaded = true;
	if ((err = pfw_read_member(k, e->mod.addr, "module", "kallsyms", &ks)) ||
	    (err = pfw_read_member(k, ks, "mod_kallsyms", "symtab", &symtab)) ||
	    (err = pfw_read_member(k, ks, "mod_kallsyms", "strtab", &strtab)) ||
	    (err = pfw_read_member(k, ks, "mod_kallsyms", "num_symtab", &num)) ||
	    (err = pfw_struct_size(k->dbi, "elf64_sym", &symsize)))
		return pfw_error_wrap(err, "module %s: kallsyms", e->mod.name);
	if (num > PFW_MAX_MOD_SYMS)
		return pfw_error_create(PFW_ERR_CORRUPT, "module %s: %llu symbols", e->mod.name,
					(unsigned long long)num);
	e->syms = calloc(num ? num : 1, sizeof(*e->syms));
	if (!e->syms)
		return &pfw_error_nomem;
	if (num && (err = pfw_read_member(k, symtab, "elf64_sym", "st_value", &e->sym0_value)))
		return pfw_error_wrap(err, "module %s: symbol 0", e->mod.name);
	/* ELF starts real symbols at 1 */
	for (i = 1; i < num; i++) {
		bool keep;

		err = read_sym(k, symtab + i * symsize, strtab, &e->syms[e->nsyms], &keep);
		if (err)
			return pfw_error_wrap(err, "module %s: symbol %llu", e->mod.name,
					      (unsigned long long)i);
		if (keep)
			e->nsyms++;
	}
	qsort(e->syms, e->nsyms, sizeof(*e->syms), cmp_sym);
	return NULL;
}

static bool within(uint64_t addr, uint64_t base, uint64_t size)
{
	return addr >= base && addr - base < size;
}

static const struct pfw_module_region *region_at(const struct pfw_module *m, uint64_t addr)
{
	int i;

	for (i = 0; i < m->nregions; i++)
		if (within(addr, m->regions[i].base, m->regions[i].size))
			return &m->regions[i];
	return NULL;
}

/* __module_address(): the module whose core or init memory holds addr */
static struct pfw_module_entry *module_at(struct pfw_kernel *k, uint64_t addr)
{
	size_t i;

	if (!pfw_ok(load_modules(k)))
		return NULL;
	for (i = 0; i < k->modules.n; i++) {
		const struct pfw_module *m = &k->modules.mods[i].mod;

		if (!m->unformed && region_at(m, addr))
			return &k->modules.mods[i];
	}
	return NULL;
}

const struct pfw_module *pfw_module_at(struct pfw_kernel *k, uint64_t addr)
{
	struct pfw_module_entry *e = module_at(k, addr);

	return e ? &e->mod : NULL;
}

/*
 * find_kallsyms_symbol()'s bounds, by era (kernel/module/kallsyms.c):
 * with mod->mem[] (6.4+) and "module/kallsyms: fix nextval for data symbol
 * lookup" (2026, in 6.12.y), the first mod->mem[] region holding addr, in
 * enum mod_mem_type order, bounds both ends; before 6.4 (5.10's
 * kernel/module.c, 6.1) the core or init text's end bounds nextval
 * (within_module_init()), and bestval starts at symtab[0]'s value, so a
 * data symbol's length wraps: "synth_data+0x8/0xfffffffffffff000".
 */
static void kallsyms_bounds(const struct pfw_module_entry *e, uint64_t addr,
			    uint64_t *bestval, uint64_t *nextval)
{
	const struct pfw_module_region *r = region_at(&e->mod, addr);

	if (e->mem_regions) {
		*nextval = r->base + r->size;
		*bestval = r->base - 1;
		return;
	}
	*nextval = r->init ? e->mod.init_text_end : e->mod.text_end;
	*bestval = e->sym0_value;
}

/*
 * find_kallsyms_symbol() (kernel/module/kallsyms.c): the closest preceding
 * symbol; its length runs to the next symbol, at worst to the bound of
 * kallsyms_bounds(), so that sym+off/len reads as the oops printed it.
 */
bool pfw_module_symbol_at(struct pfw_kernel *k, uint64_t addr, struct pfw_symbol_ref *ret)
{
	struct pfw_module_entry *e = module_at(k, addr);
	const struct pfw_module_sym *best = NULL;
	uint64_t nextval, bestval;
	size_t i;

	if (!e || !pfw_ok(load_symbols(k, e)))
		return false;
	kallsyms_bounds(e, addr, &bestval, &nextval);
	for (i = 0; i < e->nsyms; i++) {
		uint64_t v = e->syms[i].value;

		if (v <= addr && v > bestval) {
			best = &e->syms[i];
			bestval = v;
		}
		if (v > addr && v < nextval)
			nextval = v;
	}
	if (!best)
		return false;
	memset(ret, 0, sizeof(*ret));
	snprintf(ret->name, sizeof(ret->name), "%s", best->name);
	snprintf(ret->module, sizeof(ret->module), "%s", e->mod.name);
	ret->addr = best->value;
	ret->offset = addr - best->value;
	ret->size = nextval - best->value;
	return true;
}

/* module_kallsyms_lookup_name(): the first module (list order) defining name */
struct pfw_error *pfw_module_symbol_lookup(struct pfw_kernel *k, const char *module,
					   const char *name, struct pfw_symbol_ref *ret)
{
	struct pfw_error *err;
	size_t i, j;

	if ((err = load_modules(k)))
		return err;
	for (i = 0; i < k->modules.n; i++) {
		struct pfw_module_entry *e = &k->modules.mods[i];

		if (e->mod.unformed || (module && strcmp(module, e->mod.name)))
			continue;
		if ((err = load_symbols(k, e)))
			return err;
		for (j = 0; j < e->nsyms; j++) {
			if (strcmp(e->syms[j].name, name))
				continue;
			return pfw_module_symbol_at(k, e->syms[j].value, ret) ? NULL :
			       pfw_error_create(PFW_ERR_CORRUPT, "module %s: %s at 0x%llx is outside the module",
						e->mod.name, name, (unsigned long long)e->syms[j].value);
		}
	}
	return pfw_error_create(PFW_ERR_NOT_FOUND, "no symbol %s in %s", name,
				module ? module : "the vmlinux or any loaded module");
}

struct pfw_error *pfw_for_each_module(struct pfw_kernel *k, pfw_module_fn *fn, void *arg)
{
	struct pfw_error *err;
	size_t i;

	if ((err = load_modules(k)))
		return err;
	for (i = 0; i < k->modules.n; i++)
		if ((err = fn(k, &k->modules.mods[i].mod, arg)))
			return err;
	return NULL;
}

void pfw_modules_free(struct pfw_module_cache *mc)
{
	size_t i, j;

	for (i = 0; i < mc->n; i++) {
		for (j = 0; j < mc->mods[i].nsyms; j++)
			free(mc->mods[i].syms[j].name);
		free(mc->mods[i].syms);
	}
	free(mc->mods);
	free(mc->error);
	memset(mc, 0, sizeof(*mc));
}
