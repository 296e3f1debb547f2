/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_COMMANDS_COMMON_H
#define PFWHY_COMMANDS_COMMON_H

#include <pfwhy/commands.h>
#include <pfwhy/kernel.h>

#include "util/json.h"

/* argv against cmd's row of the table (args.c) */
struct pfw_error *pfw_parse_args(const struct pfw_command_def *cmd, int argc, char **argv,
				 struct pfw_args *a);
/* A number as every command takes one (hex; see pfwhy(1), NUMBERS) */
struct pfw_error *pfw_parse_hex(const char *what, const char *word, uint64_t *val);
/* ADDR: pfw_parse_hex(), then canonical for the dump's paging (why alone takes any) */
struct pfw_error *pfw_parse_address(struct pfw_session *s, const char *word, uint64_t *addr);
struct pfw_error *pfw_check_address(struct pfw_session *s, uint64_t addr);
/* The task of --pid, else the session's current task; has_task=false if neither. */
struct pfw_error *pfw_session_task(struct pfw_session *s, const struct pfw_command_def *cmd,
				   struct pfw_args *a, struct pfw_task *t, bool *has_task);

/* "WHAT give --pid N (or set one with: task N)", in the front end's words */
struct pfw_error *pfw_no_task(struct pfw_session *s, const char *what);

#define DECLARE_COMMAND(fn) \
	struct pfw_error *fn(struct pfw_session *s, const struct pfw_command_def *cmd, \
			     struct pfw_args *a)

DECLARE_COMMAND(pfw_cmd_info);
DECLARE_COMMAND(pfw_cmd_ps);
DECLARE_COMMAND(pfw_cmd_vma);
DECLARE_COMMAND(pfw_cmd_pte);
DECLARE_COMMAND(pfw_cmd_flags);
DECLARE_COMMAND(pfw_cmd_help);
DECLARE_COMMAND(pfw_cmd_why);
DECLARE_COMMAND(pfw_cmd_log);
DECLARE_COMMAND(pfw_cmd_task);
DECLARE_COMMAND(pfw_cmd_page);
DECLARE_COMMAND(pfw_cmd_quit);
DECLARE_COMMAND(pfw_cmd_modules);
DECLARE_COMMAND(pfw_cmd_smaps);
DECLARE_COMMAND(pfw_cmd_faultmap);

/* One line exactly as /proc/PID/maps prints the VMA (show_map_vma()). */
void pfw_maps_line(FILE *out, const struct pfw_vma *v);

/* help verdicts */
struct pfw_error *pfw_help_verdicts(struct pfw_session *s);

#endif
