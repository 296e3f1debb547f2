// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pfwhy.so, a crash extension: `extend pfwhy.so` adds pf<NAME> for every
 * command of the table marked .debugger (pfwhy, pfpte, pfvma), with the
 * CLI's options and output.  Memory comes through crash's readmem(), the
 * vmlinux is the one crash loaded, and crash's current context (`set PID`)
 * is the default task.  No Python, in crash or here.
 */
#include <crash/defs.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pfwhy/commands.h>
#include <pfwhy/interrupt.h>
#include <pfwhy/kernel.h>

#include "ext/crash_ext.h"

/* One crash session, one dumped kernel: opened by the first command. */
static struct pfw_kernel *kernel;
static struct pfw_memory *memory;

static struct command_table_entry *crash_commands;

static struct pfw_error *open_kernel(void)
{
	struct pfw_error *err;
	char *vmlinux;

	if (kernel)
		return NULL;
	err = pfw_crash_vmlinux(&vmlinux);
	if (err)
		return err;
	err = pfw_crash_memory_open(&memory);
	if (!err)
		err = pfw_kernel_open_memory(memory, vmlinux, &kernel);
	free(vmlinux);
	if (!err && strcmp(pfw_kernel_arch_name(kernel), "x86_64")) {
		/* built against crash's defs.h with -DX86_64: Debian's crash reads x86_64 only */
		err = pfw_error_create(PFW_ERR_UNSUPPORTED,
				       "the pfwhy crash extension is x86_64-only and this dump's kernel is %s: run pfwhy DUMP -s VMLINUX instead",
				       pfw_kernel_arch_name(kernel));
		pfw_kernel_close(kernel);
		kernel = NULL;
	}
	if (err) {
		pfw_memory_destroy(memory);
		memory = NULL;
	}
	return err;
}

/* crash's current context, unless it is an idle task (no mm: no user task). */
static int context_pid(void)
{
	if (!tt || !tt->current || !tt->current->pid || !tt->current->mm_struct)
		return -1;
	return (int)tt->current->pid;
}

static void on_sigint(int sig)
{
	pfw_interrupted = 1;
}

/*
 * Run args[] as the table's command: pfwhy 0x1000 --pid 1 is `why 0x1000
 * --pid 1`.  --json, the CLI's global option, may appear anywhere.
 */
static void cmd_pfwhy(void)
{
	struct pfw_session s = { .out = fp, .current_pid = context_pid(),
				 .set_task_hint = "set PID" };
	struct sigaction sa = { .sa_handler = on_sigint }, old;
	char *argv[MAXARGS + 1];
	struct pfw_error *err;
	ulong zero_excluded = 0;
	int i, argc = 0;

	argv[argc++] = pc->curcmd + strlen(PFW_DEBUGGER_PREFIX);
	for (i = 1; i < argcnt && args[i]; i++) {
		if (!strcmp(args[i], "--json"))
			s.json = true;
		else
			argv[argc++] = args[i];
	}
	argv[argc] = NULL;
	err = open_kernel();
	if (err) {
		error(INFO, "cannot open the dumped kernel: %s\n", err->message);
		pfw_error_destroy(err);
		return;
	}
	s.k = kernel;
	/* an excluded page is missing, not zeroes, whatever crash --zero_excluded says */
	if (diskdump_flags) {
		zero_excluded = *diskdump_flags & ZERO_EXCLUDED;
		*diskdump_flags &= ~ZERO_EXCLUDED;
	}
	/* Ctrl-C ends the walk with an error, not with crash's longjmp out of it */
	pfw_interrupted = 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	err = pfw_command_run(&s, argc, argv);
	sigaction(SIGINT, &old, NULL);
	pfw_interrupted = 0;
	if (diskdump_flags)
		*diskdump_flags |= zero_excluded;
	fflush(fp);
	if (err) {
		error(INFO, "%s\n", err->message);
		pfw_error_destroy(err);
	}
}

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* crash's help page from the table: name, summary, synopsis, then the text. */
static char **help_page(const struct pfw_command_def *c, const char *name)
{
	const char *example = c->example + strcspn(c->example, " ");
	size_t n = 0, size = 16;
	char label[64];
	char **h;
	int i;

	for (i = 0; c->options[i].name; i++)
		size++;
	h = calloc(size, sizeof(*h));
	if (!h)
		return NULL;
	h[n++] = strdup(name);
	h[n++] = strdup(c->summary);
	h[n++] = format("%s [--json]", c->synopsis);
	h[n++] = format("  pfwhy's %s command (pfwhy(1)), on the dump crash has open.", c->name);
	h[n++] = strdup("  Without --pid, the task is crash's current context (set PID);");
	h[n++] = strdup("  an idle task counts as none.  --json prints one JSON document.\n");
	for (i = 0; c->options[i].name; i++)
		h[n++] = format("    %-18s %s", pfw_option_label(&c->options[i], label, sizeof(label)),
				c->options[i].help);
	h[n++] = strdup("\nEXAMPLE");
	h[n++] = format("    %s> %s%s", pc && pc->program_name ? pc->program_name : "crash",
			name, example);
	return h;
}

static void free_help(char **h)
{
	size_t i;

	for (i = 0; h && h[i]; i++)
		free(h[i]);
	free(h);
}

static void pfwhy_fini(void);

static void __attribute__((constructor)) pfwhy_init(void)
{
	const struct pfw_command_def *c;
	size_t n = 0;

	for (c = pfw_commands; c->name; c++)
		n += c->debugger;
	crash_commands = calloc(n + 1, sizeof(*crash_commands));
	if (!crash_commands)
		return;
	n = 0;
	for (c = pfw_commands; c->name; c++) {
		struct command_table_entry *e = &crash_commands[n];

		if (!c->debugger)
			continue;
		e->name = format(PFW_DEBUGGER_PREFIX "%s", c->name);
		e->func = cmd_pfwhy;
		e->help_data = e->name ? help_page(c, e->name) : NULL;
		/* it needs only readmem: usable under crash --minimal too */
		e->flags = MINIMAL;
		if (!e->name || !e->help_data) {
			free(e->name);
			free_help(e->help_data);
			e->name = NULL;
			e->help_data = NULL;
			pfwhy_fini();
			return;
		}
		n++;
	}
	register_extension(crash_commands);
}

static void __attribute__((destructor)) pfwhy_fini(void)
{
	struct command_table_entry *e;

	pfw_kernel_close(kernel);
	pfw_memory_destroy(memory);
	kernel = NULL;
	memory = NULL;
	for (e = crash_commands; e && e->name; e++) {
		free(e->name);
		free_help(e->help_data);
	}
	free(crash_commands);
	crash_commands = NULL;
}
