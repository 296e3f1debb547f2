// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The crash extension against a stand-in for crash: this file defines what
 * pfwhy.so takes from crash (pc, tt, kt, machdep, fp, args[], argcnt,
 * readmem(), kvtop(), pc->readmem, symbol_exists(), symbol_value(),
 * register_extension(), error(), diskdump_flags) over the fixture dump read
 * through libkdumpfile, and drives the registered commands as crash would.
 * tests/fixtures/crash.sh does the same in Debian's real crash; this test
 * also reaches what crash there does not: the VMCOREINFO fallbacks, the
 * classification of failed reads, --zero_excluded, and the sanitizers.
 *
 * The commands' output must equal the CLI's (pfw_command_run on a kernel
 * opened by pfw_kernel_open) byte for byte.
 */
#include <crash/defs.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <pfwhy/commands.h>
#include <pfwhy/kernel.h>

#include "check.h"
#include "commands/common.h"
#include "ext/crash_ext.h"
#include "kernel/kernel.h"

/* ---- the stand-in for crash ---------------------------------------- */

struct program_context program_context, *pc = &program_context;
struct task_table task_table, *tt = &task_table;
struct kernel_table kernel_table, *kt = &kernel_table;
static struct machdep_table machdep_table;
struct machdep_table *machdep = &machdep_table;
FILE *fp;
char *args[MAXARGS];
int argcnt;
static ulong dd_flags;
ulong *diskdump_flags = &dd_flags;

/* What crash reads: the dump through libkdumpfile, symbols through the reference kernel. */
static struct pfw_kernel *ref;
static struct pfw_memory *under;
static struct command_table_entry *registered;
static bool hide_vmcoreinfo_symbols;
static char *errors;
static size_t errors_size;
static FILE *errors_fp;

void register_extension(struct command_table_entry *ct)
{
	registered = ct;
}

int __error(int type, char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(errors_fp ? errors_fp : stderr, fmt, ap);
	va_end(ap);
	return 0;
}

int symbol_exists(char *name)
{
	uint64_t addr;

	if (hide_vmcoreinfo_symbols && !strncmp(name, "vmcoreinfo_", 11))
		return 0;
	return pfw_ok(pfw_kernel_symbol(ref, name, &addr));
}

ulong symbol_value(char *name)
{
	uint64_t addr = 0;

	pfw_ignore(pfw_kernel_symbol(ref, name, &addr));
	return addr;
}

/* The identity: fake_readmem reads a KVADDR by its address, as crash's readers may. */
int kvtop(struct task_context *tc, ulong kvaddr, physaddr_t *paddr, int verbose)
{
	*paddr = kvaddr;
	return TRUE;
}

/* pc->readmem: one page at most, crash's error codes. */
static int fake_readmem(int fd, void *buf, int cnt, ulong addr, physaddr_t paddr)
{
	struct pfw_error *err;
	int ret = cnt;

	err = addr ? pfw_memory_read(under, PFW_KVADDR, addr, buf, cnt) :
		     pfw_memory_read(under, PFW_PHYS, paddr, buf, cnt);
	if (err)
		ret = err->code == PFW_ERR_EXCLUDED ? PAGE_EXCLUDED : READ_ERROR;
	pfw_error_destroy(err);
	return ret;
}

/* crash's readmem(): page by page through kvtop() and pc->readmem. */
int readmem(ulonglong addr, int memtype, void *buffer, long size, char *type,
	    ulong error_handle)
{
	char *buf = buffer;

	while (size > 0) {
		physaddr_t paddr = addr;
		long cnt;

		if (memtype == KVADDR && !kvtop(NULL, addr, &paddr, 0))
			return FALSE;
		cnt = PAGESIZE() - PAGEOFFSET(paddr);
		if (cnt > size)
			cnt = size;
		if (pc->readmem(pc->dfd, buf, cnt, memtype == KVADDR ? addr : 0, paddr) != cnt)
			return FALSE;
		addr += cnt;
		buf += cnt;
		size -= cnt;
	}
	return TRUE;
}

static char *fake_read_vmcoreinfo(const char *key)
{
	size_t len;
	const char *v = pfw_vmcoreinfo_get(under, key, &len);

	return v ? strndup(v, len) : NULL;
}

/* ---- helpers ------------------------------------------------------- */

/* Run a crash command line through the registered function: its output, and crash's error() text. */
static char *crash_run(const char *line, char **errout)
{
	struct command_table_entry *e;
	char *copy = strdup(line), *save, *w, *out = NULL;
	size_t size;

	argcnt = 0;
	for (w = strtok_r(copy, " ", &save); w && argcnt < MAXARGS - 1; w = strtok_r(NULL, " ", &save))
		args[argcnt++] = w;
	args[argcnt] = NULL;
	fp = open_memstream(&out, &size);
	errors_fp = open_memstream(&errors, &errors_size);
	for (e = registered; e && e->name; e++)
		if (!strcmp(e->name, args[0]))
			break;
	if (e && e->name) {
		pc->curcmd = e->name;
		e->func();
	} else {
		fprintf(errors_fp, "command not found: %s\n", args[0]);
	}
	fclose(fp);
	fclose(errors_fp);
	fp = NULL;
	errors_fp = NULL;
	free(copy);
	if (errout)
		*errout = errors;
	else
		free(errors);
	errors = NULL;
	return out;
}

/* The CLI's answer for the same words (a pfwhy command, not a crash one). */
static char *cli_run(const char *line, bool json, int current_pid, char **errout)
{
	struct pfw_session s = { .k = ref, .json = json, .current_pid = current_pid };
	char *copy = strdup(line), *argv[PFW_MAX_ARGS + 2], *save, *w, *out = NULL;
	struct pfw_error *err;
	size_t size;
	int argc = 0;

	for (w = strtok_r(copy, " ", &save); w && argc < PFW_MAX_ARGS + 1; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	s.out = open_memstream(&out, &size);
	err = pfw_command_run(&s, argc, argv);
	fclose(s.out);
	*errout = err ? strdup(err->message) : NULL;
	pfw_error_destroy(err);
	free(copy);
	return out;
}

/*
 * Equal, or equal up to where a back end words its read error: "cannot
 * read kernel virtual address 0xd0: " and then crash's reason or
 * libkdumpfile's (after which lengths, and so truncations, differ).
 */
static bool same_answer(const char *a, const char *b)
{
	size_t i = 0;
	const char *p;

	if (!a || !b)
		return false;
	while (a[i] && a[i] == b[i])
		i++;
	if (!a[i] && !b[i])
		return true;
	for (p = a + i; p > a && p[-1] != ' '; p--)
		;
	if (p - a < 4 || strncmp(p - 2, ": ", 2))
		return false;
	for (p -= 3; p > a && strchr("0123456789abcdef", *p); p--)
		;
	return p - a >= 20 && !strncmp(p - 1, "0x", 2) && !strncmp(p - 9, "address ", 8);
}

/* "pfwhy --json 0x1000 --pid 1" in crash against "why 0x1000 --pid 1" in the CLI. */
static void expect_same(const char *crash_line, int current_pid)
{
	char cli_line[256], *cli_err, *crash_err, *a, *b;
	bool json = strstr(crash_line, "--json") != NULL;
	const char *p;
	size_t n = 0;

	/* drop the "pf" and every --json */
	for (p = crash_line + 2; *p && n < sizeof(cli_line) - 1; p++) {
		if (!strncmp(p, " --json", 7)) {
			p += 6;
			continue;
		}
		cli_line[n++] = *p;
	}
	cli_line[n] = 0;
	a = crash_run(crash_line, &crash_err);
	b = cli_run(cli_line, json, current_pid, &cli_err);
	CHECK(same_answer(a, b), "%s: crash's output differs from the CLI's:\n--- crash\n%s--- cli\n%s",
	      crash_line, a ? a : "(null)\n", b ? b : "(null)\n");
	if (cli_err)
		CHECK(crash_err && strstr(crash_err, cli_err), "%s: wanted error \"%s\", got \"%s\"",
		      crash_line, cli_err, crash_err);
	else
		CHECK(!crash_err || !*crash_err, "%s: unexpected error \"%s\"", crash_line, crash_err);
	free(a);
	free(b);
	free(cli_err);
	free(crash_err);
}

/* ---- the tests ----------------------------------------------------- */

static void test_registration(void)
{
	const struct pfw_command_def *c;
	struct command_table_entry *e;
	int n = 0, i;

	CHECK(registered != NULL, "the constructor registered no commands");
	for (c = pfw_commands; c->name; c++) {
		char name[32];

		if (!c->debugger)
			continue;
		n++;
		snprintf(name, sizeof(name), "pf%s", c->name);
		for (e = registered; e && e->name && strcmp(e->name, name); e++)
			;
		CHECK(e && e->name, "%s is not registered", name);
		if (!e || !e->name)
			continue;
		CHECK(e->help_data && !strcmp(e->help_data[0], name) &&
		      !strcmp(e->help_data[1], c->summary) && strstr(e->help_data[2], c->synopsis),
		      "%s: help page header", name);
		CHECK(e->flags & MINIMAL, "%s: not available in crash --minimal", name);
		for (i = 0; c->options[i].name; i++) {
			char opt[64];
			int j;
			bool found = false;

			snprintf(opt, sizeof(opt), "--%s", c->options[i].name);
			for (j = 0; e->help_data[j]; j++)
				found |= strstr(e->help_data[j], opt) != NULL;
			CHECK(found, "help %s lacks %s", name, opt);
		}
	}
	for (e = registered, i = 0; e && e->name; e++)
		i++;
	CHECK(i == n && n == 5, "registered %d commands, the table marks %d", i, n);
}

struct vma_list {
	uint64_t start[64];
	int n;
};

static struct pfw_error *collect(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	struct vma_list *l = arg;

	if (l->n < 64)
		l->start[l->n++] = v->start;
	return NULL;
}

static void test_commands(const struct pfw_task *t)
{
	struct vma_list l = { .n = 0 };
	char line[256];
	int i;

	CHECK(pfw_ok(pfw_for_each_vma(ref, t->mm, collect, &l)) && l.n > 3,
	      "the workload's VMAs: %d", l.n);
	tt->current = NULL;
	snprintf(line, sizeof(line), "pfvma --pid %d", t->pid);
	expect_same(line, -1);
	snprintf(line, sizeof(line), "pfvma --json --pid %d", t->pid);
	expect_same(line, -1);
	for (i = 0; i < l.n; i++) {
		uint64_t a = l.start[i];

		snprintf(line, sizeof(line), "pfwhy 0x%llx --pid %d --read", (unsigned long long)a, t->pid);
		expect_same(line, -1);
		snprintf(line, sizeof(line), "pfwhy --json 0x%llx --pid %d --write", (unsigned long long)a, t->pid);
		expect_same(line, -1);
		snprintf(line, sizeof(line), "pfwhy 0x%llx --pid %d --exec --json", (unsigned long long)a + 0x1000, t->pid);
		expect_same(line, -1);
		snprintf(line, sizeof(line), "pfpte --pid %d 0x%llx", t->pid, (unsigned long long)a);
		expect_same(line, -1);
		snprintf(line, sizeof(line), "pfvma --pid %d 0x%llx", t->pid, (unsigned long long)a);
		expect_same(line, -1);
	}
	/* kernel addresses without a task: the kernel's page tables */
	snprintf(line, sizeof(line), "pfpte 0x%llx", (unsigned long long)t->addr);
	expect_same(line, -1);
	/* errors come through crash's error(), the output stays empty */
	expect_same("pfwhy 0x1000 --pid 999999", -1);
	expect_same("pfwhy nonsense --pid 1", -1);
	expect_same("pfpte --bogus 1", -1);
}

static void test_context(const struct pfw_task *t)
{
	struct task_context tc = { .task = t->addr, .pid = t->pid, .mm_struct = t->mm };
	struct task_context idle = { .pid = 0 };
	char *err, *out;

	/* crash's current context is the default task */
	tt->current = &tc;
	expect_same("pfvma", t->pid);
	expect_same("pfwhy 0x400000 --write", t->pid);
	expect_same("pfpte 0x400000", t->pid);
	/* an idle task is none */
	tt->current = &idle;
	out = crash_run("pfvma", &err);
	CHECK(out && !*out && err && strstr(err, "which task?"),
	      "pfvma under the idle task: output \"%s\", error \"%s\"", out, err);
	free(out);
	free(err);
	tt->current = NULL;
}

/* The crash back end classifies every read as libkdumpfile does: read, excluded, or unreadable. */
static void test_memory(void)
{
	struct pfw_memory *mem;
	uint64_t pfn, diff = 0, excluded = 0, read_ok = 0;

	CHECK(pfw_ok(pfw_crash_memory_open(&mem)), "pfw_crash_memory_open");
	for (pfn = 0; pfn < 0x20000; pfn += 3) {
		uint64_t a = 0, b = 0;
		struct pfw_error *ea = pfw_memory_read(mem, PFW_PHYS, pfn << 12, &a, 8);
		struct pfw_error *eb = pfw_memory_read(under, PFW_PHYS, pfn << 12, &b, 8);

		if ((ea ? (int)ea->code : 0) != (eb ? (int)eb->code : 0) || (!ea && a != b)) {
			if (!diff)
				printf("pfn 0x%llx: crash %s, libkdumpfile %s\n", (unsigned long long)pfn,
				       ea ? ea->message : "read", eb ? eb->message : "read");
			diff++;
		}
		excluded += ea && ea->code == PFW_ERR_EXCLUDED;
		read_ok += !ea;
		pfw_error_destroy(ea);
		pfw_error_destroy(eb);
	}
	CHECK(!diff, "%llu physical reads differ from libkdumpfile's", (unsigned long long)diff);
	CHECK(read_ok > 1000, "only %llu pages read", (unsigned long long)read_ok);
	printf("# %llu pages read, %llu excluded through the crash back end\n",
	       (unsigned long long)read_ok, (unsigned long long)excluded);
	{
		char big[3 * 4096 + 100], big2[sizeof(big)];
		uint64_t addr;

		/* a read across pages */
		CHECK(pfw_ok(pfw_kernel_symbol(ref, "init_task", &addr)), "init_task");
		CHECK(pfw_ok(pfw_memory_read(mem, PFW_KVADDR, addr + 100, big, sizeof(big))) &&
		      pfw_ok(pfw_memory_read(under, PFW_KVADDR, addr + 100, big2, sizeof(big2))) &&
		      !memcmp(big, big2, sizeof(big)), "a KVADDR read across pages");
	}
	pfw_memory_destroy(mem);
}

static void expect_key(struct pfw_memory *mem, const char *key)
{
	size_t la = 0, lb = 0;
	const char *a = pfw_vmcoreinfo_get(mem, key, &la);
	const char *b = pfw_vmcoreinfo_get(under, key, &lb);

	CHECK(b && a && la == lb && !strncmp(a, b, la), "VMCOREINFO %s: \"%.*s\" vs the note's \"%.*s\"",
	      key, (int)la, a ? a : "", (int)lb, b ? b : "");
}

/* VMCOREINFO from the kernel's vmcoreinfo_data, from crash's note reader, from crash itself. */
static void test_vmcoreinfo(void)
{
	static const char *const keys[] = { "OSRELEASE", "BUILD-ID", "PAGESIZE", "KERNELOFFSET",
					    "NUMBER(phys_base)" };
	struct pfw_kernel_info info;
	struct pfw_memory *mem;
	struct pfw_kernel *k;
	size_t i;

	CHECK(pfw_ok(pfw_crash_memory_open(&mem)), "open");
	CHECK(mem->vmcoreinfo && under->vmcoreinfo && !strcmp(mem->vmcoreinfo, under->vmcoreinfo),
	      "the kernel's vmcoreinfo_data differs from the dump's note");
	CHECK(strstr(mem->format, "vmcoreinfo_data") != NULL, "format: %s", mem->format);
	pfw_memory_destroy(mem);

	hide_vmcoreinfo_symbols = true;
	pc->read_vmcoreinfo = fake_read_vmcoreinfo;
	CHECK(pfw_ok(pfw_crash_memory_open(&mem)), "open");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		expect_key(mem, keys[i]);
	CHECK(strstr(mem->format, "crash's VMCOREINFO reader") != NULL, "format: %s", mem->format);
	pfw_memory_destroy(mem);

	/* no note either: crash's KASLR offset and release are enough to open the kernel */
	pc->read_vmcoreinfo = NULL;
	CHECK(pfw_ok(pfw_kernel_get_info(ref, &info)), "info");
	kt->flags |= RELOC_SET;
	kt->relocate = (ulong)0 - info.kaslr_offset;
	snprintf(kt->utsname.release, sizeof(kt->utsname.release), "%s", info.release);
	CHECK(pfw_ok(pfw_crash_memory_open(&mem)), "open");
	expect_key(mem, "OSRELEASE");
	expect_key(mem, "KERNELOFFSET");
	k = NULL;
	CHECK(pfw_ok(pfw_kernel_open_memory(mem, pc->namelist, &k)),
	      "the kernel opens on crash's own KASLR offset and release");
	pfw_kernel_close(k);
	pfw_memory_destroy(mem);
	hide_vmcoreinfo_symbols = false;
	kt->flags &= ~RELOC_SET;
}

/* --zero_excluded is off for pfwhy's reads, and back on after. */
static void test_zero_excluded(const struct pfw_task *t)
{
	char line[64], *out;

	dd_flags = ZERO_EXCLUDED | KDUMP_CMPRS_LOCAL;
	snprintf(line, sizeof(line), "pfvma --pid %d", t->pid);
	out = crash_run(line, NULL);
	CHECK(dd_flags == (ZERO_EXCLUDED | KDUMP_CMPRS_LOCAL), "diskdump flags not restored: 0x%lx",
	      dd_flags);
	free(out);
	dd_flags = 0;
}

/* The workload: the first process of that name (its threads and children follow it). */
static struct pfw_error *find_workload(struct pfw_kernel *k, const struct pfw_task *t, void *arg)
{
	struct pfw_task *ret = arg;

	if (!ret->pid && t->pid == t->tgid && !strcmp(t->comm, "workload"))
		*ret = *t;
	return NULL;
}

int main(void)
{
	const char *fix = getenv("FIX");
	char vmlinux[4096], dump[4096];
	struct pfw_task t;

	test_registration();
	if (!fix) {
		printf("skip the fixture part: FIX is not set (tests/run.sh sets it)\n");
		return check_report();
	}
	snprintf(vmlinux, sizeof(vmlinux), "%s/vmlinux", fix);
	snprintf(dump, sizeof(dump), "%s/workload-d31.kdump", fix);
	struct pfw_error *err = pfw_kernel_open(dump, vmlinux, &ref);

	if (err) {
		CHECK(0, "cannot open %s: %s", dump, err->message);
		return check_report();
	}
	under = pfw_kernel_memory(ref);
	pc->namelist = vmlinux;
	pc->dumpfile = dump;
	pc->program_version = "stand-in";
	pc->readmem = fake_readmem;
	machdep->pagesize = 4096;
	machdep->pageoffset = 4095;
	machdep->pagemask = ~4095ULL;
	memset(&t, 0, sizeof(t));
	if (!pfw_ok(pfw_for_each_task(ref, find_workload, &t)) || !t.pid) {
		CHECK(0, "no workload task in %s", dump);
		return check_report();
	}
	test_memory();
	test_vmcoreinfo();
	test_commands(&t);
	test_context(&t);
	test_zero_excluded(&t);
	pfw_kernel_close(ref);
	return check_report();
}
