// SPDX-License-Identifier: GPL-2.0-or-later
/* pfwhy [-s VMLINUX] [--json] [--pager] DUMP [COMMAND [ARGS...]] */
#include <fcntl.h>
#include <gelf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pfwhy/commands.h>
#include <pfwhy/interrupt.h>
#include <pfwhy/kernel.h>

#include "pager.h"
#include "prompt.h"

enum global_id {
	G_VMLINUX = 1, G_JSON, G_NO_COLOR, G_PAGER, G_HELP, G_VERSION,
	G_LIST_COMMANDS, G_LIST_OPTIONS, G_LIST_GLOBALS, G_LIST_DEBUGGER,
};

/* The global options: parsing, --help and the completion generator read this. */
struct global_option {
	enum global_id id;
	const char *short_name;		/* "-s", or NULL */
	const char *name;		/* "--vmlinux" */
	const char *arg;		/* "FILE", or NULL for a flag */
	const char *help;		/* NULL: hidden (for scripts/gen-completions.sh) */
};

static const struct global_option global_options[] = {
	{ G_VMLINUX, "-s", "--vmlinux", "FILE",
	  "the vmlinux with debug info (default: found by build-id or release)" },
	{ G_JSON, NULL, "--json", NULL, "one JSON document per command" },
	{ G_NO_COLOR, NULL, "--no-color", NULL, "never colour the output (nor when NO_COLOR is set)" },
	{ G_PAGER, NULL, "--pager", NULL, "page each command's output through $PAGER on a terminal" },
	{ G_HELP, "-h", "--help", NULL, "this text" },
	{ G_VERSION, "-V", "--version", NULL, "the version" },
	{ G_LIST_COMMANDS, NULL, "--list-commands", NULL, NULL },
	{ G_LIST_OPTIONS, NULL, "--list-options", "COMMAND", NULL },
	{ G_LIST_GLOBALS, NULL, "--list-global-options", NULL, NULL },
	{ G_LIST_DEBUGGER, NULL, "--list-debugger-commands", NULL, NULL },
	{ 0 }
};

static void usage(FILE *out)
{
	const struct global_option *g;
	char left[64], lead[96];

	fprintf(out,
		"usage: pfwhy [OPTIONS] DUMP [COMMAND [ARGS...]]\n"
		"       pfwhy [OPTIONS] VMLINUX DUMP ...       (crash's order, either way round)\n"
		"       pfwhy flags VALUE                     (no dump needed)\n"
		"DUMP is a vmcore (kdump-compressed, flattened, ELF, QEMU) or /proc/kcore.\n"
		"With no COMMAND, a prompt opens (a script when stdin is not a terminal).\n\n"
		"commands:\n");
	pfw_command_list(out);
	fprintf(out, "\noptions:\n");
	for (g = global_options; g->id; g++) {
		if (!g->help)
			continue;
		snprintf(left, sizeof(left), "%s%s%s%s%s", g->short_name ?: "",
			 g->short_name ? ", " : "", g->name, g->arg ? " " : "", g->arg ?: "");
		snprintf(lead, sizeof(lead), "  %-20s ", left);
		pfw_print_wrapped(out, lead, g->help, 23);
	}
	fprintf(out, "\nSee pfwhy(1); `help COMMAND` explains a command with an example.\n");
}

/* The command table for the completion generator, tab-separated. */
static int list_commands(void)
{
	const struct pfw_command_def *c;

	for (c = pfw_commands; c->name; c++)
		printf("%s\t%s\t%s\t%s\t%s\n", c->name, pfw_arg_kind_name(c->positional),
		       c->needs_dump ? "dump" : "-", c->example, c->summary);
	return PFW_EXIT_OK;
}

static int list_options(const char *name)
{
	const struct pfw_command_def *c = name ? pfw_command_find(name) : NULL;
	const struct pfw_option_def *o;

	if (!c) {
		fprintf(stderr, "pfwhy: --list-options: no command \"%s\"\n", name ?: "");
		return PFW_EXIT_USAGE;
	}
	/* LONG KIND HELP SHORT, "-" for no short name */
	for (o = c->options; o->name; o++)
		printf("--%s\t%s\t%s\t%s%c\n", o->name, pfw_arg_kind_name(o->arg), o->help,
		       o->short_name ? "-" : "", o->short_name ?: '-');
	return PFW_EXIT_OK;
}

/* The commands pfwhy.so (crash) and pfwhy.gdb offer, as "pfNAME\tNAME" (scripts/gen-gdb.sh). */
static int list_debugger(void)
{
	const struct pfw_command_def *c;

	for (c = pfw_commands; c->name; c++)
		if (c->debugger)
			printf(PFW_DEBUGGER_PREFIX "%s\t%s\n", c->name, c->name);
	return PFW_EXIT_OK;
}

static int list_globals(void)
{
	const struct global_option *g;

	for (g = global_options; g->id; g++)
		if (g->help)
			printf("%s\t%s\t%s\t%s\n", g->short_name ?: "-", g->name, g->arg ?: "-",
			       g->help);
	return PFW_EXIT_OK;
}

/* A vmlinux is an ELF executable; a vmcore is an ELF core or not ELF at all. */
static bool is_vmlinux(const char *path)
{
	unsigned char ident[EI_NIDENT + 2];
	bool ret = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (read(fd, ident, sizeof(ident)) == (ssize_t)sizeof(ident) &&
	    !memcmp(ident, ELFMAG, SELFMAG))
		ret = ident[EI_NIDENT] == ET_EXEC && ident[EI_NIDENT + 1] == 0;
	close(fd);
	return ret;
}

struct cli {
	const char *vmlinux;
	const char *dump;
	bool json, no_color, pager;
	int cmd_index;
};

/* The option argv[*i] names, with its value (--name=VALUE or the next word). */
static const struct global_option *match_global(int argc, char **argv, int *i,
						const char **value)
{
	const struct global_option *g;
	const char *a = argv[*i];
	size_t len;

	for (g = global_options; g->id; g++) {
		len = strlen(g->name);
		*value = NULL;
		if (g->arg && !strncmp(a, g->name, len) && a[len] == '=') {
			*value = a + len + 1;
			return g;
		}
		if (strcmp(a, g->name) && (!g->short_name || strcmp(a, g->short_name)))
			continue;
		if (g->arg && *i + 1 < argc)
			*value = argv[++*i];
		return g;
	}
	return NULL;
}

/* Returns the index of the first non-option word, or -1 to exit with *status. */
static int apply_global(const struct global_option *g, const char *value, struct cli *c,
			int *status)
{
	*status = PFW_EXIT_OK;
	switch (g->id) {
	case G_VMLINUX:
		c->vmlinux = value;
		return 0;
	case G_JSON:
		c->json = true;
		return 0;
	case G_NO_COLOR:
		c->no_color = true;
		return 0;
	case G_PAGER:
		c->pager = true;
		return 0;
	case G_HELP:
		usage(stdout);
		return -1;
	case G_VERSION:
		printf("pfwhy %s\n", PFWHY_VERSION);
		return -1;
	case G_LIST_COMMANDS:
		*status = list_commands();
		return -1;
	case G_LIST_OPTIONS:
		*status = list_options(value);
		return -1;
	case G_LIST_GLOBALS:
		*status = list_globals();
		return -1;
	case G_LIST_DEBUGGER:
		*status = list_debugger();
		return -1;
	}
	return 0;
}

/* The index of the first word from i on that is no option; -1 to exit with *status. */
static int parse_global(int argc, char **argv, int i, struct cli *c, int *status)
{
	const struct global_option *g;
	const char *value;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		g = match_global(argc, argv, &i, &value);
		if (!g) {
			fprintf(stderr, "pfwhy: unknown option %s (see pfwhy --help)\n", argv[i]);
			*status = PFW_EXIT_USAGE;
			return -1;
		}
		if (g->arg && !value && g->id != G_LIST_OPTIONS) {
			fprintf(stderr, "pfwhy: %s needs a %s\n", g->name, g->arg);
			*status = PFW_EXIT_USAGE;
			return -1;
		}
		if (apply_global(g, value, c, status) < 0)
			return -1;
	}
	return i;
}

/* DUMP, or VMLINUX DUMP / DUMP VMLINUX as crash takes them. */
static int parse_files(int argc, char **argv, int i, struct cli *c)
{
	if (i < argc && pfw_command_find(argv[i]) && access(argv[i], F_OK)) {
		c->cmd_index = i;
		return 0;
	}
	if (i == argc) {
		fprintf(stderr, "pfwhy: no dump given (pfwhy [-s VMLINUX] DUMP [COMMAND]; see pfwhy --help)\n");
		return -1;
	}
	c->dump = argv[i++];
	if (i < argc && !pfw_command_find(argv[i]) && !access(argv[i], F_OK)) {
		if (is_vmlinux(c->dump)) {
			if (!c->vmlinux)
				c->vmlinux = c->dump;
			c->dump = argv[i];
		} else if (!c->vmlinux) {
			c->vmlinux = argv[i];
		}
		i++;
	}
	c->cmd_index = i;
	return 0;
}

static void on_sigint(int sig)
{
	pfw_interrupted = 1;
}

/*
 * Ctrl-C during a one-shot command stops its walk (smaps, faultmap, ps...)
 * with what it has printed so far, instead of killing it mid-line.
 */
static int run_command(struct pfw_session *s, const struct cli *c, int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sigint }, old;
	struct pfw_pager pg;
	struct pfw_error *err;
	int ret;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old);
	pfw_pager_begin(&pg, s, c->pager);
	err = pfw_command_run(s, argc, argv);
	pfw_pager_end(&pg, s);
	sigaction(SIGINT, &old, NULL);
	if (err)
		fprintf(stderr, "pfwhy: %s\n", err->message);
	ret = pfw_error_exit_code(err);
	pfw_error_destroy(err);
	return ret;
}

int main(int argc, char **argv)
{
	struct pfw_session s = { .out = stdout, .current_pid = -1 };
	struct cli c = { 0 };
	struct pfw_error *err = NULL;
	int i, ret;

	/* the options go before the files, after them, or both */
	i = parse_global(argc, argv, 1, &c, &ret);
	if (i < 0)
		return ret;
	if (parse_files(argc, argv, i, &c))
		return PFW_EXIT_USAGE;
	c.cmd_index = parse_global(argc, argv, c.cmd_index, &c, &ret);
	if (c.cmd_index < 0)
		return ret;
	s.json = c.json;
	s.color = !c.no_color && !getenv("NO_COLOR") && isatty(STDOUT_FILENO);
	if (c.dump) {
		err = pfw_kernel_open(c.dump, c.vmlinux, &s.k);
		if (err) {
			fprintf(stderr, "pfwhy: %s\n", err->message);
			ret = pfw_error_exit_code(err);
			pfw_error_destroy(err);
			return ret == PFW_EXIT_FAILED ? PFW_EXIT_INPUT : ret;
		}
		pfw_session_default_task(&s);
	}
	if (c.cmd_index < argc)
		ret = run_command(&s, &c, argc - c.cmd_index, argv + c.cmd_index);
	else
		ret = pfw_prompt_run(&s, c.pager, c.dump);
	fflush(stdout);
	pfw_kernel_close(s.k);
	return ret;
}
