/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_CLI_COMPLETE_H
#define PFWHY_CLI_COMPLETE_H

#include <pfwhy/commands.h>

/*
 * Tab completion at the prompt, from the command table: command names, the
 * current command's --options, pids and comms for PFW_ARG_PID, the task's VMA
 * start addresses for PFW_ARG_ADDR, command names for PFW_ARG_COMMAND.
 */
void pfw_complete_init(struct pfw_session *s);

/* The candidates for text, the word at start of line: a NULL-terminated array of
 * strings, all malloc()ed. */
char **pfw_complete_line(struct pfw_session *s, const char *line, int start, const char *text);

#endif
