/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one command table: the CLI, the prompt, help, the man page's list, the
 * shell completions and the crash extension are all driven from it.
 */
#ifndef PFWHY_COMMANDS_H
#define PFWHY_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include <pfwhy/error.h>

struct pfw_kernel;
struct pfw_task;

struct pfw_session {
	struct pfw_kernel *k;		/* NULL when no dump is open */
	FILE *out;
	bool json;
	bool color;
	int current_pid;		/* the `task` command's choice, or -1 */
	bool quit;			/* set by `quit`: the prompt ends */
	const char *set_task_hint;	/* how to choose a task here; NULL: "task N" */
};

#define PFW_MAX_ARGS 16

/* A command marked .debugger is pfNAME in crash (pfwhy.so) and gdb (pfwhy.gdb). */
#define PFW_DEBUGGER_PREFIX "pf"

enum pfw_arg_kind { PFW_ARG_NONE, PFW_ARG_PID, PFW_ARG_ADDR, PFW_ARG_VALUE, PFW_ARG_COMMAND };

struct pfw_option_def {
	const char *name;		/* "pid" for --pid */
	enum pfw_arg_kind arg;		/* what follows it, for parsing and completion */
	const char *help;
	char short_name;		/* 'p' for -p, as crash and gdb users type it; 0: none */
	int group;			/* options of one nonzero group exclude each other */
};

struct pfw_args {
	int npos;
	const char *pos[PFW_MAX_ARGS];
	const char *opt[PFW_MAX_ARGS];	/* by index into the command's options; "" for flags */
};

struct pfw_command_def {
	const char *name;
	const char *synopsis;		/* arguments after the name */
	const char *summary;
	const char *example;
	const struct pfw_option_def *options;
	enum pfw_arg_kind positional;	/* for completion */
	/* how many positional words it takes; 0: one if positional is set, else none */
	int max_args;
	/* other names it answers to (crash's), NULL-terminated; NULL: none */
	const char *const *aliases;
	bool needs_dump;
	/* long output: the prompt pages it through $PAGER on a terminal (less -F: only past a screen) */
	bool paged;
	/* also a crash (pfwhy.so) and gdb (pfwhy.gdb) command: PFW_DEBUGGER_PREFIX NAME */
	bool debugger;
	struct pfw_error *(*run)(struct pfw_session *s, const struct pfw_command_def *cmd,
				 struct pfw_args *a);
};

extern const struct pfw_command_def pfw_commands[];

/* A command by its name or one of its aliases. */
const struct pfw_command_def *pfw_command_find(const char *name);
/* The command whose name is nearest to a mistyped NAME (a letter or two off), or NULL. */
const struct pfw_command_def *pfw_command_nearest(const char *name);
/* Parse argv (argv[0] is the command name) and run it. */
struct pfw_error *pfw_command_run(struct pfw_session *s, int argc, char **argv);
/* The value of option name, "" for a flag given, NULL if absent. */
const char *pfw_arg(const struct pfw_command_def *cmd, const struct pfw_args *a,
		    const char *name);
void pfw_command_help(FILE *out, const struct pfw_command_def *cmd);
/* Every command and its summary, wrapped to 80 columns (`help NAME` has the synopsis). */
void pfw_command_list(FILE *out);
/* lead, then the words of text broken before column 80, continued under indent */
void pfw_print_wrapped(FILE *out, const char *lead, const char *text, int indent);
/* "-p, --pid PID" or "--pfn", as help and the man page show an option */
const char *pfw_option_label(const struct pfw_option_def *o, char *buf, size_t size);
/* "pid", "addr", ...: the kinds as --list-options and completion name them */
const char *pfw_arg_kind_name(enum pfw_arg_kind kind);
/* The option word w names (--name, --name=V, -c, -cV), *value for the joined forms; or NULL. */
const struct pfw_option_def *pfw_option_match(const struct pfw_command_def *cmd, const char *w,
					     const char **value);
/* How many positional words cmd takes. */
int pfw_command_max_args(const struct pfw_command_def *cmd);
/* A task by pid, or by comm when that names one process (its leader). */
struct pfw_error *pfw_resolve_task(struct pfw_kernel *k, const char *pid_or_comm,
				   struct pfw_task *t);

#endif
