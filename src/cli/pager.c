// SPDX-License-Identifier: GPL-2.0-or-later
/* --pager: one command's output through $PAGER, only on a terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "pager.h"

void pfw_pager_begin(struct pfw_pager *pg, struct pfw_session *s, bool wanted)
{
	const char *cmd = getenv("PAGER");
	struct sigaction ign = { .sa_handler = SIG_IGN };

	pg->pipe = NULL;
	if (!wanted || s->out != stdout || !isatty(STDOUT_FILENO))
		return;
	if (!cmd || !*cmd)
		cmd = "less";
	/* quit at once if it fits the screen, pass colours, keep the screen */
	setenv("LESS", "FRX", 0);
	fflush(stdout);
	/* a pager quit early makes our writes fail with EPIPE, not kill us */
	sigaction(SIGPIPE, &ign, &pg->old_sigpipe);
	pg->pipe = popen(cmd, "w");
	if (!pg->pipe) {
		sigaction(SIGPIPE, &pg->old_sigpipe, NULL);
		return;
	}
	s->out = pg->pipe;
}

void pfw_pager_end(struct pfw_pager *pg, struct pfw_session *s)
{
	if (!pg->pipe)
		return;
	pclose(pg->pipe);
	pg->pipe = NULL;
	s->out = stdout;
	sigaction(SIGPIPE, &pg->old_sigpipe, NULL);
}
