// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A loaded module on a synthetic image: its symbols from its own kallsyms,
 * addresses both ways in the kernel's %pS notation, and its exception table
 * searched by the mirrored fixup_exception().  Every expectation is the
 * kernel's, from Debian's linux-source-6.1 (6.1.192), cited next to it.
 * Needs a vmlinux with CONFIG_MODULES (struct module in its DWARF); with the
 * fixture vmlinux of a kernel without modules, the test is skipped.  With a
 * 6.4+ vmlinux (PFWHY_TEST_VMLINUX, struct module with mem[]) the module is
 * laid out in mod->mem[] regions and the symbol bounds are 6.12.117's
 * (Debian's linux-source-6.12).  With a 5.10 vmlinux, whose struct
 * exception_table_entry has a handler where 5.16+ has data, the entry names
 * ex_handler_uaccess (5.10 arch/x86/include/asm/extable.h, arch/x86/mm/extable.c).
 */
#include <string.h>

#include <pfwhy/walker.h>

#include "check.h"
#include "synth.h"

/* arch/x86/include/asm/cpufeatures.h */
#define X86_FEATURE_SMAP	(9 * 32 + 20)
/* arch/x86/include/asm/extable_fixup_types.h */
#define EX_TYPE_UACCESS		3

/* The module's core: text, then its symbol and string tables and __ex_table. */
#define MOD_BASE	0xffffffffc0000000ULL	/* MODULES_VADDR without KASLR */
#define MOD_TEXT_SIZE	0x1000ULL
#define MOD_SIZE	0x3000ULL
#define FN_A		(MOD_BASE + 0x10)	/* synth_copy: 0x10-0x40 */
#define FN_B		(MOD_BASE + 0x40)	/* synth_plain: to the end of text */
#define DATA		(MOD_BASE + 0x2000)	/* synth_data, past the text */
#define UADDR		0x10000000ULL

static struct syn *S;
static bool mem_era;	/* 6.4+: struct module has mem[] */
static bool handler_era;	/* before 5.16: exception_table_entry has handler, no data */

static void elf_sym(uint64_t at, uint32_t name, uint16_t shndx, uint64_t value)
{
	syn_set(S, at, "elf64_sym", "st_name", name);
	syn_set(S, at, "elf64_sym", "st_shndx", shndx);
	syn_set(S, at, "elf64_sym", "st_value", value);
	syn_set(S, at, "elf64_sym", "st_info", 0x12);	/* STB_GLOBAL, STT_FUNC */
}

/* One self-relative field of an entry at at, pointing to target. */
static void ex_rel(uint64_t at, const char *member, uint64_t target)
{
	uint64_t field = at + syn_offset(S, "exception_table_entry", member);
	int32_t v = (int32_t)(target - field);

	syn_write(S, field, &v, 4);
}

/*
 * One entry (arch/x86/include/asm/extable.h): insn, fixup, then 5.16+'s
 * data (the EX_TYPE_* in its low byte), or before it the handler, a
 * self-relative pointer to the function fixup_exception() calls
 * (5.10 arch/x86/mm/extable.c ex_fixup_handler()).
 */
static void ex_entry(uint64_t at, uint64_t insn, uint64_t fixup, int32_t data,
		     const char *handler)
{
	ex_rel(at, "insn", insn);
	ex_rel(at, "fixup", fixup);
	if (handler_era)
		ex_rel(at, "handler", syn_sym(S, handler));
	else
		syn_write(S, at + syn_offset(S, "exception_table_entry", "data"), &data, 4);
}

/* 6.4+: mod->mem[type] = { base, size } */
static void mem_region(uint64_t mod, const char *type, uint64_t base, uint64_t size)
{
	uint64_t at = mod + syn_offset(S, "module", "mem") +
		      (uint64_t)syn_enum(S, type) * syn_sizeof(S, "module_memory");

	syn_set(S, at, "module_memory", "base", base);
	syn_set(S, at, "module_memory", "size", size);
}

/* The text and the data: core_layout before 6.4, mod->mem[] regions after. */
static void module_layout(uint64_t mod)
{
	if (mem_era) {
		mem_region(mod, "MOD_TEXT", MOD_BASE, MOD_TEXT_SIZE);
		mem_region(mod, "MOD_DATA", DATA, MOD_SIZE - (DATA - MOD_BASE));
		return;
	}
	syn_set(S, mod, "module", "core_layout.base", MOD_BASE);
	syn_set(S, mod, "module", "core_layout.size", MOD_SIZE);
	syn_set(S, mod, "module", "core_layout.text_size", MOD_TEXT_SIZE);
}

/*
 * A live module "synthmod" on the `modules` list (kernel/module/main.c),
 * its core_layout as layout_and_allocate() leaves it (6.1, before 6.4's
 * mod->mem[]), and mod->kallsyms pointing at core_kallsyms as
 * do_init_module() leaves it.  Symbol 0 is the ELF null symbol; "$x" is a
 * mapping symbol and "undef" undefined: find_kallsyms_symbol() skips both.
 */
static void build_module(void)
{
	static const char strtab[] = "\0synth_copy\0synth_plain\0$x\0undef\0synth_data";
	uint64_t mod = syn_alloc_struct(S, "module"), ks = mod + syn_offset(S, "module", "core_kallsyms");
	uint64_t symsz = syn_sizeof(S, "elf64_sym");
	uint64_t symtab = MOD_BASE + MOD_TEXT_SIZE, str = symtab + 8 * symsz, ex = str + 0x100;
	uint64_t head = syn_sym(S, "modules");

	syn_write(S, mod + syn_offset(S, "module", "name"), "synthmod", 9);
	syn_set(S, mod, "module", "state", syn_enum(S, "MODULE_STATE_LIVE"));
	module_layout(mod);
	syn_write(S, str, strtab, sizeof(strtab));
	elf_sym(symtab, 0, 0, 0);
	elf_sym(symtab + 1 * symsz, 1, 1, FN_A);		/* synth_copy */
	elf_sym(symtab + 2 * symsz, 12, 1, FN_B);		/* synth_plain */
	elf_sym(symtab + 3 * symsz, 24, 1, FN_A + 0x20);	/* $x */
	elf_sym(symtab + 4 * symsz, 27, 0, 0);			/* undef */
	elf_sym(symtab + 5 * symsz, 33, 2, DATA);		/* synth_data, in .data */
	syn_set(S, ks, "mod_kallsyms", "symtab", symtab);
	syn_set(S, ks, "mod_kallsyms", "num_symtab", 6);
	syn_set(S, ks, "mod_kallsyms", "strtab", str);
	syn_set(S, mod, "module", "kallsyms", ks);
	/* one uaccess in synth_copy at +0x8, fixed up at +0x20 */
	ex_entry(ex, FN_A + 0x8, FN_A + 0x20, EX_TYPE_UACCESS, "ex_handler_uaccess");
	syn_set(S, mod, "module", "extable", ex);
	syn_set(S, mod, "module", "num_exentries", 1);
	syn_list_init(S, head);
	syn_list_add_tail(S, mod + syn_offset(S, "module", "list"), head);
}

/*
 * find_kallsyms_symbol() (kernel/module/kallsyms.c:262-315): the closest
 * preceding named symbol; size = next symbol - it, at worst up to
 * core_layout.base + text_size (6.12.117, kallsyms.c:256-318: the end of
 * the mod->mem[] region holding the address); and %pS adds " [name]" (kallsyms.c,
 * __sprint_symbol()).
 */
static void test_symbols(void)
{
	struct pfw_kernel_address a;
	struct pfw_symbol_ref r;
	const char *want;
	char buf[256];

	pfw_kernel_format_address(S->k, FN_A + 0x5, buf, sizeof(buf));
	CHECK(!strcmp(buf, "synth_copy+0x5/0x30 [synthmod]"), "FN_A+5 is %s", buf);
	/* the mapping symbol $x at +0x20 is skipped: still synth_copy */
	pfw_kernel_format_address(S->k, FN_A + 0x25, buf, sizeof(buf));
	CHECK(!strcmp(buf, "synth_copy+0x25/0x30 [synthmod]"), "FN_A+0x25 is %s", buf);
	pfw_kernel_format_address(S->k, FN_B + 0x5, buf, sizeof(buf));
	CHECK(!strcmp(buf, "synth_plain+0x5/0xfc0 [synthmod]"), "FN_B+5 is %s", buf);
	/*
	 * a data symbol: before 6.4 nextval stays at the end of the text, so
	 * the length wraps; 6.12.117 bounds it by its MOD_DATA region
	 * (kallsyms.c:268-282)
	 */
	pfw_kernel_format_address(S->k, DATA + 0x8, buf, sizeof(buf));
	want = mem_era ? "synth_data+0x8/0x1000 [synthmod]" :
	       "synth_data+0x8/0xfffffffffffff000 [synthmod]";
	CHECK(!strcmp(buf, want), "DATA+8 is %s, the kernel's %s", buf, want);
	CHECK(!pfw_kernel_symbol_at(S->k, MOD_BASE + 0x8, &r), "before the first symbol: none");
	CHECK(!pfw_kernel_symbol_at(S->k, MOD_BASE + MOD_SIZE + 0x10, &r), "past the module: none");
	CHECK(pfw_ok(pfw_kernel_parse_address(S->k, "synth_copy+0x8/0x30 [synthmod]", &a)) &&
	      a.addr == FN_A + 0x8 && !a.function, "sym+off/len [mod] parses to 0x%llx",
	      (unsigned long long)a.addr);
	CHECK(pfw_ok(pfw_kernel_parse_address(S->k, "synth_copy", &a)) && a.addr == FN_A &&
	      a.function && a.size == 0x30 && !strcmp(a.sym.module, "synthmod"),
	      "a bare module function: 0x%llx size 0x%llx", (unsigned long long)a.addr,
	      (unsigned long long)a.size);
	CHECK(!pfw_ok(pfw_kernel_parse_address(S->k, "synth_copy [othermod]", &a)),
	      "a symbol of another module is not found");
}

/* Whether a step of r shows text (the entry the exception table gave). */
static bool steps_show(const struct pfw_fault_result *r, const char *text)
{
	int i;

	for (i = 0; i < r->nsteps; i++)
		if (strstr(r->steps[i].evidence, text) || strstr(r->steps[i].outcome, text) ||
		    strstr(r->steps[i].condition, text))
			return true;
	return false;
}

/* The replay of a write to UADDR from ip; when shown, a step must show it. */
static enum pfw_verdict replay(const struct syn_proc *p, const char *ip, const char *shown)
{
	struct pfw_fault_request req = {
		.address = UADDR, .pid = p->pid, .access = PFW_ACCESS_WRITE, .kernel_mode = true,
		.has_error_code = true, .error_code = 0x2,
	};
	struct pfw_fault_result r;
	struct pfw_kernel_address a;
	struct pfw_error *err = pfw_kernel_parse_address(S->k, ip, &a);

	if (!err) {
		req.has_ip = true;
		req.ip = a.addr;
		req.ip_is_function = a.function;
		req.ip_end = a.addr + a.size;
		err = pfw_why(S->k, &req, &r);
	}
	CHECK(!err, "%s: %s", ip, err ? err->message : "");
	if (!err && shown)
		CHECK(steps_show(&r, shown), "%s: no step shows \"%s\"", ip, shown);
	pfw_error_destroy(err);
	return err ? PFW_V_UNDECIDABLE : r.verdict;
}

/*
 * search_exception_tables() (kernel/extable.c:54-63): the kernel's table,
 * then search_module_extables() (kernel/module/main.c:3023); an entry makes
 * fixup_exception() succeed (kernelmode_fixup_or_oops(), fault.c:740),
 * and marks a uaccess, where the SMAP check (fault.c:1249-1258) lets the
 * access through; none is an oops.
 */
static void test_extable(void)
{
	/* 5.16+ switches on e->type; 5.10 calls ex_fixup_handler(e) */
	const char *kind = handler_era ? "handler ex_handler_uaccess" : "type EX_TYPE_UACCESS";
	const char *listed = handler_era ? "+0x8 ex_handler_uaccess" : "+0x8 UACCESS";
	struct syn_proc p;

	syn_cpu_feature(S, X86_FEATURE_SMAP, true);
	syn_process(S, &p, "modtask");
	CHECK(replay(&p, "synth_copy+0x8", kind) == PFW_V_KERNEL_FIXUP,
	      "the module's entry fixes it up");
	CHECK(replay(&p, "synth_copy", listed) == PFW_V_KERNEL_FIXUP, "a module uaccess function");
	CHECK(replay(&p, "synth_copy+0x9", NULL) == PFW_V_OOPS, "no entry at +0x9: SMAP oops");
	CHECK(replay(&p, "synth_plain", NULL) == PFW_V_OOPS, "plain module code: SMAP oops");
}

static void tests(void)
{
	mem_era = pfw_has_member(S->dbi, "module", "mem");
	handler_era = !pfw_has_member(S->dbi, "exception_table_entry", "data") &&
		      pfw_has_member(S->dbi, "exception_table_entry", "handler");
	if (!mem_era && !pfw_has_member(S->dbi, "module", "core_layout")) {
		syn_skip(S, "%s has no struct module with core_layout or mem (no CONFIG_MODULES)",
			 syn_vmlinux_path());
		return;
	}
	build_module();
	test_symbols();
	test_extable();
}

int main(void)
{
	return syn_main(&S, NULL, tests);
}
