/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef PFWHY_CLI_PAGER_H
#define PFWHY_CLI_PAGER_H

#include <signal.h>
#include <stdbool.h>

#include <pfwhy/commands.h>

struct pfw_pager {
	FILE *pipe;			/* NULL: not paging */
	struct sigaction old_sigpipe;
};

/*
 * With --pager and stdout a terminal: send s->out through $PAGER (default
 * less, with LESS=FRX unless LESS is set) until pfw_pager_end.
 */
void pfw_pager_begin(struct pfw_pager *pg, struct pfw_session *s, bool wanted);
void pfw_pager_end(struct pfw_pager *pg, struct pfw_session *s);

#endif
