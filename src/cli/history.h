/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_CLI_HISTORY_H
#define PFWHY_CLI_HISTORY_H

/*
 * The prompt's history: $XDG_STATE_HOME/pfwhy/history, else
 * ~/.local/state/pfwhy/history.  Loaded at start, the new lines appended
 * at exit, so that sessions side by side lose nothing.
 */
#include <stddef.h>

struct pfw_history {
	char *path;			/* NULL: no home, no history file */
	size_t base;			/* path[0..base) must exist already */
	int added;			/* lines added this session */
};

void pfw_history_open(struct pfw_history *h);
/* Remember a line (not blank, not the same as the one before). */
void pfw_history_add(struct pfw_history *h, const char *line);
void pfw_history_close(struct pfw_history *h);

#endif
