// SPDX-License-Identifier: GPL-2.0-or-later
/* The command table and its argument parser. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static const struct pfw_option_def no_options[] = { { 0 } };

static const struct pfw_option_def vma_options[] = {
	{ "pid", PFW_ARG_PID, "the task whose VMAs to list (default: the current task)" },
	{ 0 }
};

static const struct pfw_option_def pte_options[] = {
	{ "pid", PFW_ARG_PID, "walk this task's page tables (default: the current task, else the kernel's)" },
	{ 0 }
};

static const struct pfw_option_def why_options[] = {
	{ "pid", PFW_ARG_PID, "the task whose access it is (default: the current task)" },
	{ "read", PFW_ARG_NONE, "a read access (the default)" },
	{ "write", PFW_ARG_NONE, "a write access" },
	{ "exec", PFW_ARG_NONE, "an instruction fetch" },
	{ "user", PFW_ARG_NONE, "from user mode (the default)" },
	{ "kernel", PFW_ARG_NONE, "from kernel mode (a uaccess routine unless --ip says otherwise)" },
	{ "error-code", PFW_ARG_VALUE, "the hardware error code, as the oops prints it" },
	{ "ip", PFW_ARG_VALUE, "the faulting instruction: an address or SYMBOL+OFF" },
	{ 0 }
};

static const struct pfw_option_def flags_options[] = {
	{ "pmd", PFW_ARG_NONE, "decode as a PMD entry" },
	{ "pud", PFW_ARG_NONE, "decode as a PUD entry" },
	{ "swap", PFW_ARG_NONE, "decode as a non-present (swap-format) PTE" },
	{ 0 }
};

static const struct pfw_option_def page_options[] = {
	{ "pid", PFW_ARG_PID, "a user ADDR is in this task (default: the current task)" },
	{ "pfn", PFW_ARG_NONE, "the value is a page frame number, even with a current task" },
	{ 0 }
};

static const struct pfw_option_def smaps_options[] = {
	{ "pid", PFW_ARG_PID, "the task whose memory to count (default: the current task)" },
	{ "rollup", PFW_ARG_NONE, "one block for the whole address space, as smaps_rollup" },
	{ 0 }
};

static const struct pfw_option_def faultmap_options[] = {
	{ "pid", PFW_ARG_PID, "the task whose address space to map (default: the current task)" },
	{ 0 }
};

const struct pfw_command_def pfw_commands[] = {
	{
		.name = "why",
		.synopsis = "[ADDR [--pid N] [--read|--write|--exec] [--user|--kernel] [--error-code X] [--ip IP]]",
		.summary = "replay the fault an access to ADDR raises, step by step, and give the verdict; with no ADDR, the oops in the log",
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
		.synopsis = "",
		.summary = "tasks: pid, ppid, state, comm, mm, RSS and swap as /proc/PID/status VmRSS and VmSwap",
		.example = "ps",
		.options = no_options,
		.needs_dump = true,
		.run = pfw_cmd_ps,
	},
	{
		.name = "vma",
		.synopsis = "[--pid N] [ADDR]",
		.summary = "a task's VMAs like /proc/PID/maps, or the one covering ADDR with its vm_flags",
		.example = "vma --pid 1 0x400000",
		.options = vma_options,
		.positional = PFW_ARG_ADDR,
		.needs_dump = true,
		.debugger = true,
		.run = pfw_cmd_vma,
	},
	{
		.name = "smaps",
		.synopsis = "[--pid N] [ADDR] [--rollup]",
		.summary = "/proc/PID/smaps (or smaps_rollup) as the dump's kernel counts it, from its page tables and struct pages",
		.example = "smaps --pid 1 --rollup",
		.options = smaps_options,
		.positional = PFW_ARG_ADDR,
		.needs_dump = true,
		.debugger = true,
		.run = pfw_cmd_smaps,
	},
	{
		.name = "faultmap",
		.synopsis = "[--pid N] [START [END]]",
		.summary = "every page of a range in runs of equal state, with the verdict of a read, a write and an exec",
		.example = "faultmap --pid 1 0x400000 0x500000",
		.options = faultmap_options,
		.positional = PFW_ARG_ADDR,
		.needs_dump = true,
		.debugger = true,
		.run = pfw_cmd_faultmap,
	},
	{
		.name = "pte",
		.synopsis = "[--pid N] ADDR",
		.summary = "the page-table walk for ADDR: every level's entry, its flags and what it means",
		.example = "pte --pid 1 0x7ffd0000f000",
		.options = pte_options,
		.positional = PFW_ARG_ADDR,
		.needs_dump = true,
		.debugger = true,
		.run = pfw_cmd_pte,
	},
	{
		.name = "log",
		.synopsis = "",
		.summary = "the kernel log in the dump, as dmesg prints it",
		.example = "log",
		.options = no_options,
		.needs_dump = true,
		.run = pfw_cmd_log,
	},
	{
		.name = "flags",
		.synopsis = "VALUE [--pmd|--pud|--swap]",
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
		.needs_dump = true,
		.run = pfw_cmd_task,
	},
	{
		.name = "page",
		.synopsis = "[--pid N] [--pfn] PFN|ADDR",
		.summary = "the struct page and folio of a PFN, or of the page mapped at ADDR",
		.example = "page --pfn 0x1000",
		.options = page_options,
		.positional = PFW_ARG_ADDR,
		.needs_dump = true,
		.run = pfw_cmd_page,
	},
	{
		.name = "help",
		.synopsis = "[COMMAND]",
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

const struct pfw_command_def *pfw_command_find(const char *name)
{
	const struct pfw_command_def *c;

	for (c = pfw_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

const char *pfw_arg(const struct pfw_command_def *cmd, const struct pfw_args *a,
		    const char *name)
{
	int i;

	for (i = 0; cmd->options[i].name; i++)
		if (!strcmp(cmd->options[i].name, name))
			return a->opt[i];
	return NULL;
}

static int find_option(const struct pfw_command_def *cmd, const char *name, size_t len)
{
	int i;

	for (i = 0; cmd->options[i].name; i++)
		if (strlen(cmd->options[i].name) == len && !strncmp(cmd->options[i].name, name, len))
			return i;
	return -1;
}

static struct pfw_error *parse_args(const struct pfw_command_def *cmd, int argc, char **argv,
				    struct pfw_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		const char *eq;
		int o;

		if (strncmp(arg, "--", 2) || !arg[2]) {
			if (a->npos == PFW_MAX_ARGS)
				return pfw_error_create(PFW_ERR_USAGE, "%s: too many arguments", cmd->name);
			a->pos[a->npos++] = arg;
			continue;
		}
		eq = strchr(arg, '=');
		o = find_option(cmd, arg + 2, eq ? (size_t)(eq - arg - 2) : strlen(arg + 2));
		if (o < 0)
			return pfw_error_create(PFW_ERR_USAGE, "%s: unknown option %s (see: help %s)",
						cmd->name, arg, cmd->name);
		if (cmd->options[o].arg == PFW_ARG_NONE) {
			a->opt[o] = "";
			continue;
		}
		if (eq)
			a->opt[o] = eq + 1;
		else if (i + 1 < argc)
			a->opt[o] = argv[++i];
		else
			return pfw_error_create(PFW_ERR_USAGE, "%s: option %s needs a value",
						cmd->name, arg);
	}
	return NULL;
}

struct pfw_error *pfw_command_run(struct pfw_session *s, int argc, char **argv)
{
	const struct pfw_command_def *cmd;
	struct pfw_error *err;
	struct pfw_args a;

	cmd = pfw_command_find(argv[0]);
	if (!cmd)
		return pfw_error_create(PFW_ERR_USAGE, "unknown command \"%s\" (try: help)", argv[0]);
	err = parse_args(cmd, argc, argv, &a);
	if (err)
		return err;
	if (cmd->needs_dump && !s->k)
		return pfw_error_create(PFW_ERR_USAGE, "%s: needs a dump", cmd->name);
	err = cmd->run(s, cmd, &a);
	if (err)
		return pfw_error_wrap(err, "%s", cmd->name);
	return NULL;
}

void pfw_command_help(FILE *out, const struct pfw_command_def *cmd)
{
	int i;

	fprintf(out, "%s %s\n    %s\n", cmd->name, cmd->synopsis, cmd->summary);
	for (i = 0; cmd->options[i].name; i++)
		fprintf(out, "    --%-10s %s\n", cmd->options[i].name, cmd->options[i].help);
	fprintf(out, "    example: %s\n", cmd->example);
}

struct pfw_error *pfw_parse_u64(const char *what, const char *s, uint64_t *val)
{
	char *end;

	if (!s || !*s)
		return pfw_error_create(PFW_ERR_USAGE, "missing %s", what);
	errno = 0;
	*val = strtoull(s, &end, 0);
	if (errno || *end)
		return pfw_error_create(PFW_ERR_USAGE, "bad %s \"%s\"", what, s);
	return NULL;
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
	const struct pfw_command_def *c;

	if (a->npos) {
		c = pfw_command_find(a->pos[0]);
		if (!c)
			return pfw_error_create(PFW_ERR_USAGE, "no command \"%s\"", a->pos[0]);
		pfw_command_help(s->out, c);
		return NULL;
	}
	for (c = pfw_commands; c->name; c++)
		fprintf(s->out, "  %-6s %-28s %s\n", c->name, c->synopsis, c->summary);
	return NULL;
}
