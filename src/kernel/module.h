/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Loaded modules and their kallsyms, read from the dump (src/kernel/module.c). */
#ifndef PFWHY_KERNEL_MODULE_H
#define PFWHY_KERNEL_MODULE_H

#include <pfwhy/kernel.h>

struct pfw_module_sym {
	uint64_t value;		/* run-time address (st_value of the module's kallsyms) */
	char *name;
};

struct pfw_module_entry {
	struct pfw_module mod;
	bool syms_loaded;
	bool mem_regions;	/* 6.4+: struct module has mem[] (module_memory) */
	uint64_t sym0_value;	/* st_value of the ELF null symbol, symtab[0] */
	size_t nsyms;
	struct pfw_module_sym *syms;	/* by address */
};

struct pfw_module_cache {
	bool loaded;
	char *error;		/* the list could not be read: every use says why */
	size_t n;
	struct pfw_module_entry *mods;
};

/* The module symbol covering addr, as find_kallsyms_symbol() sizes it. */
bool pfw_module_symbol_at(struct pfw_kernel *k, uint64_t addr, struct pfw_symbol_ref *ret);
/* name in module (NULL: any module, in list order). */
struct pfw_error *pfw_module_symbol_lookup(struct pfw_kernel *k, const char *module,
					   const char *name, struct pfw_symbol_ref *ret);
void pfw_modules_free(struct pfw_module_cache *mc);

#endif
