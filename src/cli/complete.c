// SPDX-License-Identifier: GPL-2.0-or-later
/* Tab completion at the prompt, driven by the command table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readline/readline.h>

#include <pfwhy/kernel.h>

#include "complete.h"

#define MAX_LINE_WORDS 64

/* A growing list of candidate words that start with prefix. */
struct candidates {
	const char *prefix;
	char **v;
	size_t n, cap;
};

/* readline's callbacks carry no argument: the session they complete in. */
static struct pfw_session *session;

static void add(struct candidates *c, const char *word)
{
	char **v;
	size_t i;

	if (strncmp(word, c->prefix, strlen(c->prefix)))
		return;
	for (i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], word))
			return;
	if (c->n + 2 > c->cap) {
		v = realloc(c->v, (c->cap * 2 + 16) * sizeof(*v));
		if (!v)
			return;
		c->v = v;
		c->cap = c->cap * 2 + 16;
	}
	c->v[c->n] = strdup(word);
	if (c->v[c->n])
		c->n++;
	c->v[c->n] = NULL;
}

static void add_commands(struct candidates *c)
{
	const struct pfw_command_def *cmd;

	for (cmd = pfw_commands; cmd->name; cmd++)
		add(c, cmd->name);
}

static void add_options(struct candidates *c, const struct pfw_command_def *cmd)
{
	char word[64];
	int i;

	for (i = 0; cmd->options[i].name; i++) {
		snprintf(word, sizeof(word), "--%s", cmd->options[i].name);
		add(c, word);
	}
}

struct task_list {
	struct pfw_task *v;
	size_t n, cap;
};

static struct pfw_error *collect_task(struct pfw_kernel *k, const struct pfw_task *t, void *arg)
{
	struct task_list *l = arg;
	struct pfw_task *v;

	if (l->n == l->cap) {
		v = realloc(l->v, (l->cap * 2 + 64) * sizeof(*v));
		if (!v)
			return &pfw_error_nomem;
		l->v = v;
		l->cap = l->cap * 2 + 64;
	}
	l->v[l->n++] = *t;
	return NULL;
}

/* task COMM takes a comm only when its tasks are the threads of one process */
static bool comm_names_one_process(const struct task_list *l, const struct pfw_task *t)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].tgid != t->tgid && !strcmp(l->v[i].comm, t->comm))
			return false;
	return true;
}

/* pids and the comms that name one process: user processes first, then kernel threads */
static void add_tasks(struct candidates *c, struct pfw_session *s)
{
	struct task_list l = { 0 };
	char pid[16];
	size_t i;
	int user;

	pfw_error_destroy(pfw_for_each_task(s->k, collect_task, &l));
	for (user = 1; user >= 0; user--) {
		for (i = 0; i < l.n; i++) {
			if ((l.v[i].mm != 0) != user)
				continue;
			snprintf(pid, sizeof(pid), "%d", l.v[i].pid);
			add(c, pid);
			if (l.v[i].comm[0] && comm_names_one_process(&l, &l.v[i]))
				add(c, l.v[i].comm);
		}
	}
	free(l.v);
}

static struct pfw_error *add_vma(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	char addr[24];

	snprintf(addr, sizeof(addr), "0x%llx", (unsigned long long)v->start);
	add(arg, addr);
	return NULL;
}

/* The task of the line's PID option (-p N, --pid=N, by pid or comm), else the current one; -1: none. */
static int line_pid(struct pfw_session *s, const struct pfw_command_def *cmd, char **words, int n)
{
	const struct pfw_option_def *o;
	const char *value, *given = NULL;
	struct pfw_task t;
	int i;

	for (i = 1; i < n; i++) {
		o = pfw_option_match(cmd, words[i], &value);
		if (!o || o->arg != PFW_ARG_PID)
			continue;
		given = value ?: (i + 1 < n ? words[i + 1] : NULL);
	}
	if (!given)
		return s->current_pid;
	if (!s->k || !pfw_ok(pfw_resolve_task(s->k, given, &t)))
		return -1;
	return t.pid;
}

static void add_addresses(struct candidates *c, struct pfw_session *s, int pid)
{
	struct pfw_task t;

	if (pid < 0 || !s->k)
		return;
	/* completion stays quiet: a task without VMAs has no addresses to offer */
	pfw_error_destroy(pfw_find_task(s->k, pid, &t) ?:
			  pfw_for_each_vma(s->k, t.mm, add_vma, c));
}

static void add_kind(struct candidates *c, struct pfw_session *s,
		     const struct pfw_command_def *cmd, enum pfw_arg_kind kind, char **words, int n)
{
	switch (kind) {
	case PFW_ARG_PID:
		if (s->k)
			add_tasks(c, s);
		break;
	case PFW_ARG_ADDR:
		add_addresses(c, s, line_pid(s, cmd, words, n));
		break;
	case PFW_ARG_COMMAND:
		add_commands(c);
		break;
	default:
		break;
	}
}

static void complete_words(struct candidates *c, struct pfw_session *s, char **words, int n,
			   const char *text)
{
	const struct pfw_command_def *cmd;
	const struct pfw_option_def *opt;
	const char *value;

	if (!n) {
		add_commands(c);
		return;
	}
	cmd = pfw_command_find(words[0]);
	if (!cmd)
		return;
	opt = pfw_option_match(cmd, words[n - 1], &value);
	if (opt && opt->arg != PFW_ARG_NONE && !value) {
		add_kind(c, s, cmd, opt->arg, words, n);
		return;
	}
	if (text[0] == '-') {
		add_options(c, cmd);
		return;
	}
	add_kind(c, s, cmd, cmd->positional, words, n);
}

char **pfw_complete_line(struct pfw_session *s, const char *line, int start, const char *text)
{
	struct candidates c = { .prefix = text };
	char *words[MAX_LINE_WORDS], *copy, *save, *w;
	int n = 0;

	copy = strndup(line, start);
	if (!copy)
		return NULL;
	for (w = strtok_r(copy, " \t", &save); w && n < MAX_LINE_WORDS;
	     w = strtok_r(NULL, " \t", &save))
		words[n++] = w;
	complete_words(&c, s, words, n, text);
	free(copy);
	return c.v;
}

/* readline's generator over the list made for this word. */
static char **current;

static char *next_candidate(const char *text, int state)
{
	static size_t i;

	if (!state)
		i = 0;
	if (!current || !current[i])
		return NULL;
	return strdup(current[i++]);
}

static void free_candidates(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static char **attempt(const char *text, int start, int end)
{
	char **matches;

	rl_attempted_completion_over = 1;	/* never fall back to file names */
	current = pfw_complete_line(session, rl_line_buffer, start, text);
	matches = rl_completion_matches(text, next_candidate);
	free_candidates(current);
	current = NULL;
	return matches;
}

void pfw_complete_init(struct pfw_session *s)
{
	session = s;
	rl_readline_name = "pfwhy";
	rl_attempted_completion_function = attempt;
	rl_basic_word_break_characters = " \t";
	rl_completer_word_break_characters = " \t";
	/* the candidates come in a meaningful order: user processes before kernel threads */
	rl_sort_completion_matches = 0;
}
