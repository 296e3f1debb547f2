// SPDX-License-Identifier: GPL-2.0-or-later
/* The command table and its argument parser. */
#include <ctype.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* the option groups whose members exclude each other */
enum { G_ACCESS = 1, G_MODE, G_LEVEL };

static const struct pfw_option_def no_options[] = { { 0 } };

static const struct pfw_option_def vma_options[] = {
	{ "pid", PFW_ARG_PID, "the task whose VMAs to list (default: the current task)", 'p' },
	{ 0 }
};

static const struct pfw_option_def pte_options[] = {
	{ "pid", PFW_ARG_PID, "walk this task's page tables (default: the current task, else the kernel's)", 'p' },
	{ 0 }
};

static const struct pfw_option_def why_options[] = {
	{ "pid", PFW_ARG_PID, "the task whose access it is (default: the current task)", 'p' },
	{ "read", PFW_ARG_NONE, "a read access (the default)", 'r', G_ACCESS },
	{ "write", PFW_ARG_NONE, "a write access", 'w', G_ACCESS },
	{ "exec", PFW_ARG_NONE, "an instruction fetch", 'x', G_ACCESS },
	{ "user", PFW_ARG_NONE, "from user mode (the default)", 0, G_MODE },
	{ "kernel", PFW_ARG_NONE, "from kernel mode (without --ip: both a uaccess routine and plain code)", 0, G_MODE },
	{ "error-code", PFW_ARG_VALUE, "x86_64: the hardware error code, as the oops prints it" },
	{ "esr", PFW_ARG_VALUE, "arm64: the exception syndrome (ESR_ELx), as the oops prints it" },
	{ "ip", PFW_ARG_VALUE, "the faulting instruction: an address or SYMBOL+OFF; a bare FUNCTION means somewhere in it" },
	{ "oops", PFW_ARG_VALUE, "with no ADDR: replay the log's Nth page-fault oops (default: the last), or list them" },
	{ 0 }
};

static const struct pfw_option_def flags_options[] = {
	{ "pmd", PFW_ARG_NONE, "decode as a PMD entry", 0, G_LEVEL },
	{ "pud", PFW_ARG_NONE, "decode as a PUD entry", 0, G_LEVEL },
	{ "swap", PFW_ARG_NONE, "decode as a non-present (swap-format) PTE" },
	{ 0 }
};

static const struct pfw_option_def page_options[] = {
	{ "pid", PFW_ARG_PID, "a user ADDR is in this task (default: the current task)", 'p' },
	{ "pfn", PFW_ARG_NONE, "the value is a page frame number, even with a current task" },
	{ 0 }
};

static const struct pfw_option_def smaps_options[] = {
	{ "pid", PFW_ARG_PID, "the task whose memory to count (default: the current task)", 'p' },
	{ "rollup", PFW_ARG_NONE, "one block for the whole address space, as smaps_rollup" },
	{ 0 }
};

static const struct pfw_option_def faultmap_options[] = {
	{ "pid", PFW_ARG_PID, "the task whose address space to map (default: the current task)", 'p' },
	{ 0 }
};

const struct pfw_command_def pfw_commands[] = {
	{
		.name = "why",
		.synopsis = "[ADDR [-p PID] [-r|-w|-x] [--user|--kernel] [--error-code X] [--ip IP]]",
		.summary = "replay the fault an access to ADDR raises, step by step, and give the verdict; with no ADDR, an oops of the log (--oops N|list)",
		.example = "why 0x7f0000001000 --pid 1 --write",
		.options = why_options,
		.positional = PFW_ARG_ADDR,
		.needs_dump = true,
		.debugger = true,
		.run = pfw_cmd_why,
	},
	{
		.name = "info",
		.synopsis = "",
		.summary = "the dumped kernel: release, dump format, paging, KASLR, layout bases",
		.example = "info",
		.options = no_options,
		.needs_dump = true,
		.run = pfw_cmd_info,
	},
	{
		.name = "ps",
		.synopsis = "[PID|COMM]",
		.summary = "tasks: pid, ppid, state, comm, mm, RSS and swap (as VmRSS and VmSwap); only those of that pid or comm if given",
		.example = "ps",
		.options = no_options,
		.positional = PFW_ARG_PID,
		.needs_dump = true,
		.run = pfw_cmd_ps,
	},
	{
		.name = "vma",
		.synopsis = "[-p PID] [ADDR]",
		.summary = "a task's VMAs like /proc/PID/maps, or the one covering ADDR with its vm_flags",
		.example = "vma --pid 1 0x400000",
		.options = vma_options,
		.positional = PFW_ARG_ADDR,
		.aliases = (const char *const[]){ "vm", NULL },
		.needs_dump = true,
		.debugger = true,
		.run = pfw_cmd_vma,
	},
	{
		.name = "smaps",
		.synopsis = "[-p PID] [ADDR] [--rollup]",
		.summary = "a task's /proc/PID/smaps (or smaps_rollup) as its kernel counts it, from page tables and struct pages",
		.example = "smaps --pid 1 --rollup",
		.options = smaps_options,
		.positional = PFW_ARG_ADDR,
		.needs_dump = true,
		.paged = true,
		.debugger = true,
		.run = pfw_cmd_smaps,
	},
	{
		.name = "faultmap",
		.synopsis = "[-p PID] [START [END]]",
		.summary = "every page of a range in runs of equal state, with the verdict of a read, a write and an exec",
		.example = "faultmap --pid 1 0x400000 0x500000",
		.options = faultmap_options,
		.positional = PFW_ARG_ADDR,
		.max_args = 2,
		.needs_dump = true,
		.paged = true,
		.debugger = true,
		.run = pfw_cmd_faultmap,
	},
	{
		.name = "pte",
		.synopsis = "[-p PID] ADDR",
		.summary = "the page-table walk for ADDR: every level's entry, its flags and what it means",
		.example = "pte --pid 1 0x7ffd0000f000",
		.options = pte_options,
		.positional = PFW_ARG_ADDR,
		.aliases = (const char *const[]){ "vtop", NULL },
		.needs_dump = true,
		.debugger = true,
		.run = pfw_cmd_pte,
	},
	{
		.name = "modules",
		.synopsis = "",
		.summary = "the loaded modules: name, struct module, base, size, text range, exception-table entries",
		.example = "modules",
		.options = no_options,
		.needs_dump = true,
		.run = pfw_cmd_modules,
	},
	{
		.name = "log",
		.synopsis = "",
		.summary = "the kernel log in the dump, as dmesg prints it",
		.example = "log",
		.options = no_options,
		.needs_dump = true,
		.paged = true,
		.run = pfw_cmd_log,
	},
	{
		.name = "flags",
		.synopsis = "VALUE [--pmd|--pud] [--swap]",
		.summary = "decode a raw page-table entry (no dump needed)",
		.example = "flags 0x8000000012345867",
		.options = flags_options,
		.positional = PFW_ARG_VALUE,
		.run = pfw_cmd_flags,
	},
	{
		.name = "task",
		.synopsis = "[PID|COMM]",
		.summary = "choose the current task for the commands that follow, or show it",
		.example = "task 1",
		.options = no_options,
		.positional = PFW_ARG_PID,
		.aliases = (const char *const[]){ "set", NULL },
		.needs_dump = true,
		.run = pfw_cmd_task,
	},
	{
		.name = "page",
		.synopsis = "[-p PID] [--pfn] PFN|ADDR",
		.summary = "the struct page and folio of a PFN, or of the page mapped at ADDR",
		.example = "page --pfn 0x1000",
		.options = page_options,
		.positional = PFW_ARG_ADDR,
		.needs_dump = true,
		.run = pfw_cmd_page,
	},
	{
		.name = "help",
		.synopsis = "[COMMAND|verdicts]",
		.summary = "list the commands, or explain one with an example",
		.example = "help pte",
		.options = no_options,
		.positional = PFW_ARG_COMMAND,
		.run = pfw_cmd_help,
	},
	{
		.name = "quit",
		.synopsis = "",
		.summary = "leave the prompt (so does Ctrl-D)",
		.example = "quit",
		.options = no_options,
		.run = pfw_cmd_quit,
	},
	{
		.name = "exit",
		.synopsis = "",
		.summary = "leave the prompt, like quit",
		.example = "exit",
		.options = no_options,
		.run = pfw_cmd_quit,
	},
	{ 0 }
};

/* "unknown command "wyh": did you mean why? (try: help)" */
static struct pfw_error *unknown_command(const char *name)
{
	const struct pfw_command_def *near = pfw_command_nearest(name);

	if (near)
		return pfw_error_create(PFW_ERR_USAGE, "unknown command \"%s\": did you mean %s? (try: help)",
					name, near->name);
	return pfw_error_create(PFW_ERR_USAGE, "unknown command \"%s\" (try: help)", name);
}

struct pfw_error *pfw_command_run(struct pfw_session *s, int argc, char **argv)
{
	const struct pfw_command_def *cmd;
	struct pfw_error *err;
	struct pfw_args a;

	cmd = pfw_command_find(argv[0]);
	if (!cmd)
		return unknown_command(argv[0]);
	err = pfw_parse_args(cmd, argc, argv, &a);
	if (err)
		return err;
	if (cmd->needs_dump && !s->k)
		return pfw_error_create(PFW_ERR_USAGE, "%s: needs a dump", cmd->name);
	err = cmd->run(s, cmd, &a);
	if (err)
		return pfw_error_wrap(err, "%s", cmd->name);
	return NULL;
}

static const char *const kind_names[] = {
	[PFW_ARG_NONE] = "none",
	[PFW_ARG_PID] = "pid",
	[PFW_ARG_ADDR] = "addr",
	[PFW_ARG_VALUE] = "value",
	[PFW_ARG_COMMAND] = "command",
};

const char *pfw_arg_kind_name(enum pfw_arg_kind kind)
{
	return kind_names[kind];
}

const char *pfw_option_label(const struct pfw_option_def *o, char *buf, size_t size)
{
	const char *kind = o->arg == PFW_ARG_NONE ? "" : kind_names[o->arg];
	char arg[16] = "";
	size_t i;
	int n = 0;

	for (i = 0; kind[i] && i + 1 < sizeof(arg); i++)
		arg[i] = (char)toupper((unsigned char)kind[i]);
	if (o->short_name)
		n = snprintf(buf, size, "-%c, ", o->short_name);
	snprintf(buf + n, size - n, "--%s%s%s", o->name, arg[0] ? " " : "", arg);
	return buf;
}

#define HELP_WIDTH 80

void pfw_print_wrapped(FILE *out, const char *lead, const char *text, int indent)
{
	int col = fprintf(out, "%s", lead), len;
	bool fresh = !*lead || lead[strlen(lead) - 1] == ' ';

	for (text += strspn(text, " "); *text; text += strspn(text, " ")) {
		len = (int)strcspn(text, " ");
		if (!fresh && col + 1 + len > HELP_WIDTH) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
			fresh = true;
		}
		col += fprintf(out, "%s%.*s", fresh ? "" : " ", len, text);
		fresh = false;
		text += len;
	}
	fputc('\n', out);
}

void pfw_command_list(FILE *out)
{
	const struct pfw_command_def *c;
	const char *const *alias;
	char lead[32], text[256];
	size_t len;

	for (c = pfw_commands; c->name; c++) {
		snprintf(lead, sizeof(lead), "  %-6s ", c->name);
		len = snprintf(text, sizeof(text), "%s", c->summary);
		for (alias = c->aliases; alias && *alias && len < sizeof(text); alias++)
			len += snprintf(text + len, sizeof(text) - len, "%s%s%s",
					alias == c->aliases ? " (crash: " : ", ", *alias,
					alias[1] ? "" : ")");
		pfw_print_wrapped(out, lead, text, 9);
	}
}

void pfw_command_help(FILE *out, const struct pfw_command_def *cmd)
{
	const char *const *alias;
	char label[64], lead[96];
	int i;

	fprintf(out, "%s %s\n", cmd->name, cmd->synopsis);
	pfw_print_wrapped(out, "    ", cmd->summary, 4);
	for (alias = cmd->aliases; alias && *alias; alias++)
		fprintf(out, "    also: %s (crash's name)\n", *alias);
	for (i = 0; cmd->options[i].name; i++) {
		snprintf(lead, sizeof(lead), "    %-18s ",
			 pfw_option_label(&cmd->options[i], label, sizeof(label)));
		pfw_print_wrapped(out, lead, cmd->options[i].help, 23);
	}
	fprintf(out, "    example: %s\n", cmd->example);
}

static void json_command(struct pfw_json *j, const struct pfw_command_def *c)
{
	const struct pfw_option_def *o;
	const char *const *alias;
	char word[40];

	pfw_json_object_begin(j, NULL);
	pfw_json_string(j, "name", c->name);
	pfw_json_array_begin(j, "aliases");
	for (alias = c->aliases; alias && *alias; alias++)
		pfw_json_string(j, NULL, *alias);
	pfw_json_array_end(j);
	pfw_json_string(j, "synopsis", c->synopsis);
	pfw_json_string(j, "summary", c->summary);
	pfw_json_bool(j, "needs_dump", c->needs_dump);
	pfw_json_array_begin(j, "options");
	for (o = c->options; o->name; o++) {
		pfw_json_object_begin(j, NULL);
		snprintf(word, sizeof(word), "--%s", o->name);
		pfw_json_string(j, "name", word);
		snprintf(word, sizeof(word), "-%c", o->short_name);
		if (o->short_name)
			pfw_json_string(j, "short", word);
		else
			pfw_json_null(j, "short");
		pfw_json_string(j, "arg", pfw_arg_kind_name(o->arg));
		pfw_json_string(j, "help", o->help);
		pfw_json_object_end(j);
	}
	pfw_json_array_end(j);
	pfw_json_string(j, "example", c->example);
	pfw_json_object_end(j);
}

static void json_help(struct pfw_session *s, const struct pfw_command_def *one)
{
	const struct pfw_command_def *c;
	struct pfw_json j;

	pfw_json_init(&j, s->out);
	if (one) {
		json_command(&j, one);
	} else {
		pfw_json_array_begin(&j, NULL);
		for (c = pfw_commands; c->name; c++)
			json_command(&j, c);
		pfw_json_array_end(&j);
	}
	pfw_json_end(&j);
}

struct pfw_error *pfw_no_task(struct pfw_session *s, const char *what)
{
	return pfw_error_create(PFW_ERR_USAGE, "%s give --pid N (or set one with: %s)", what,
				s->set_task_hint ?: "task N");
}

struct pfw_error *pfw_session_task(struct pfw_session *s, const struct pfw_command_def *cmd,
				   struct pfw_args *a, struct pfw_task *t, bool *has_task)
{
	const char *pid_arg = pfw_arg(cmd, a, "pid");
	struct pfw_error *err;

	*has_task = false;
	if (!pid_arg && s->current_pid < 0)
		return NULL;
	if (pid_arg)
		err = pfw_resolve_task(s->k, pid_arg, t);
	else
		err = pfw_find_task(s->k, s->current_pid, t);
	if (err)
		return err;
	*has_task = true;
	return NULL;
}

DECLARE_COMMAND(pfw_cmd_help)
{
	const struct pfw_command_def *c = NULL;

	if (a->npos && !strcmp(a->pos[0], "verdicts"))
		return pfw_help_verdicts(s);
	if (a->npos) {
		c = pfw_command_find(a->pos[0]);
		if (!c)
			return unknown_command(a->pos[0]);
	}
	if (s->json)
		json_help(s, c);
	else if (c)
		pfw_command_help(s->out, c);
	else
		pfw_command_list(s->out);
	return NULL;
}
