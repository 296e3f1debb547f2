/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_CLI_PROMPT_H
#define PFWHY_CLI_PROMPT_H

#include <pfwhy/commands.h>

/* The interactive prompt, or a script read from a non-terminal stdin. */
int pfw_prompt_run(struct pfw_session *s);

#endif
