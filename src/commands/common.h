/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_COMMANDS_COMMON_H
#define PFWHY_COMMANDS_COMMON_H

#include <pfwhy/commands.h>
#include <pfwhy/kernel.h>

#include "util/json.h"

struct pfw_error *pfw_parse_u64(const char *what, const char *s, uint64_t *val);
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
DECLARE_COMMAND(pfw_cmd_smaps);
DECLARE_COMMAND(pfw_cmd_faultmap);

/* One line exactly as /proc/PID/maps prints the VMA (show_map_vma()). */
void pfw_maps_line(FILE *out, const struct pfw_vma *v);

/* A task by pid, or by comm when that names one process (its leader). */
struct pfw_error *pfw_resolve_task(struct pfw_kernel *k, const char *pid_or_comm,
				   struct pfw_task *t);

#endif
