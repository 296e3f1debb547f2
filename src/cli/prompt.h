/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_CLI_PROMPT_H
#define PFWHY_CLI_PROMPT_H

#include <stdbool.h>

#include <pfwhy/commands.h>

/*
 * The interactive prompt over the command table, or, when stdin is not a
 * terminal, a script read from it: no prompt, no colour.  Ctrl-C cancels
 * the running command (a script stops there).  Returns the exit status: that
 * of the last command that failed, else 0.  A terminal gets one banner line
 * naming DUMP (may be NULL) and its kernel first; a script's errors name
 * their line.
 */
int pfw_prompt_run(struct pfw_session *s, bool pager, const char *dump);

#endif
