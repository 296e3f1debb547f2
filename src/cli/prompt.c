// SPDX-License-Identifier: GPL-2.0-or-later
/* The readline prompt over the command table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "prompt.h"

#define MAX_WORDS 32

static int split_words(char *line, char **argv)
{
	int argc = 0;
	char *save, *w;

	for (w = strtok_r(line, " \t\n", &save); w && argc < MAX_WORDS - 1;
	     w = strtok_r(NULL, " \t\n", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	return argc;
}

/* Runs one line; returns false on quit. */
static bool run_line(struct pfw_session *s, char *line, int *status)
{
	char *argv[MAX_WORDS];
	struct pfw_error *err;
	int argc = split_words(line, argv);

	if (!argc || argv[0][0] == '#')
		return true;
	if (!strcmp(argv[0], "quit") || !strcmp(argv[0], "exit"))
		return false;
	err = pfw_command_run(s, argc, argv);
	if (err) {
		fprintf(stderr, "%s\n", err->message);
		*status = pfw_error_exit_code(err);
		pfw_error_destroy(err);
	}
	fflush(s->out);
	return true;
}

int pfw_prompt_run(struct pfw_session *s)
{
	bool tty = isatty(STDIN_FILENO);
	int status = 0;
	char *line;

	for (;;) {
		if (tty) {
			line = readline("pfwhy> ");
			if (line && *line)
				add_history(line);
		} else {
			size_t cap = 0;

			line = NULL;
			if (getline(&line, &cap, stdin) < 0) {
				free(line);
				line = NULL;
			}
		}
		if (!line)
			break;
		if (!run_line(s, line, &status)) {
			free(line);
			break;
		}
		free(line);
	}
	return status;
}
