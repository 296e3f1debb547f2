// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The readline prompt over the command table.  readline's callback interface
 * and pselect(), so that Ctrl-C at the prompt clears the line and draws a new
 * prompt, and Ctrl-C during a command sets pfw_interrupted for the walks to
 * notice.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include <readline/readline.h>

#include <pfwhy/interrupt.h>
#include <pfwhy/kernel.h>
#include <pfwhy/oops.h>

#include "complete.h"
#include "history.h"
#include "pager.h"
#include "prompt.h"

#define MAX_WORDS	(PFW_MAX_ARGS + 16)
#define BOLD		"\033[1m"
#define RED		"\033[31m"
#define RESET		"\033[0m"

struct prompt {
	struct pfw_session *s;
	bool tty;
	bool pager;
	bool color_err;			/* stderr is a terminal and colour is on */
	int status;
	int lineno;			/* of the script, for its error messages */
	int shown_pid;			/* the task the prompt string names */
	char text[96];			/* the prompt string */
};

static volatile sig_atomic_t resized;

static void on_sigint(int sig)
{
	pfw_interrupted = 1;
}

static void on_sigwinch(int sig)
{
	resized = 1;
}

static void set_signal(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* "pfwhy[52 workload]> ", kept until the current task changes. */
static void update_prompt(struct prompt *p)
{
	struct pfw_session *s = p->s;
	const char *on = s->color ? "\001" BOLD "\002" : "";
	const char *off = s->color ? "\001" RESET "\002" : "";
	struct pfw_error *err;
	struct pfw_task t;

	if (p->text[0] && p->shown_pid == s->current_pid)
		return;
	p->shown_pid = s->current_pid;
	if (s->current_pid < 0 || !s->k) {
		snprintf(p->text, sizeof(p->text), "%spfwhy%s> ", on, off);
		return;
	}
	err = pfw_find_task(s->k, s->current_pid, &t);
	if (err)
		snprintf(p->text, sizeof(p->text), "%spfwhy%s[%d]> ", on, off, s->current_pid);
	else
		snprintf(p->text, sizeof(p->text), "%spfwhy%s[%d %s]> ", on, off, t.pid, t.comm);
	pfw_error_destroy(err);
}

/* A script's errors name their line: "line 3: vma: no task with pid 9". */
static void print_error(struct prompt *p, const char *message)
{
	if (p->color_err)
		fprintf(stderr, RED "%s" RESET "\n", message);
	else if (!p->tty)
		fprintf(stderr, "line %d: %s\n", p->lineno, message);
	else
		fprintf(stderr, "%s\n", message);
}

/* Split on blanks; -1 if there are too many words. */
static int split_words(char *line, char **argv)
{
	int argc = 0;
	char *save, *w;

	for (w = strtok_r(line, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save)) {
		if (argc == MAX_WORDS - 1)
			return -1;
		argv[argc++] = w;
	}
	argv[argc] = NULL;
	return argc;
}

/* Runs one line; true if Ctrl-C interrupted it. */
static bool run_line(struct prompt *p, char *line)
{
	struct pfw_session *s = p->s;
	const struct pfw_command_def *cmd;
	char *argv[MAX_WORDS];
	struct pfw_error *err;
	struct pfw_pager pg;
	int argc = split_words(line, argv);
	bool interrupted;

	if (argc < 0) {
		print_error(p, "too many words");
		p->status = PFW_EXIT_USAGE;
		return false;
	}
	if (!argc || argv[0][0] == '#')
		return false;
	cmd = pfw_command_find(argv[0]);
	pfw_interrupted = 0;
	pfw_pager_begin(&pg, s, p->pager || (p->tty && cmd && cmd->paged));
	err = pfw_command_run(s, argc, argv);
	pfw_pager_end(&pg, s);
	fflush(s->out);
	clearerr(s->out);
	if (err) {
		print_error(p, err->message);
		p->status = pfw_error_exit_code(err);
		pfw_error_destroy(err);
	}
	interrupted = pfw_interrupted;
	pfw_interrupted = 0;
	return interrupted;
}

/* The line readline's callback handed over; got_line once it did (EOF too). */
static char *line_read;
static bool got_line;

static void on_line(char *line)
{
	line_read = line;
	got_line = true;
	rl_callback_handler_remove();
}

/* Ctrl-C at the prompt: forget the line, draw a new prompt. */
static void cancel_input(void)
{
	pfw_interrupted = 0;
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_point = rl_mark = 0;
	fputs("^C", rl_outstream);
	rl_crlf();
	rl_on_new_line();
	rl_redisplay();
}

/* One line from the terminal, NULL at EOF (Ctrl-D). */
static char *read_tty(struct prompt *p)
{
	int fd = fileno(rl_instream);
	sigset_t block, orig;
	fd_set fds;
	int r;

	/* SIGINT and SIGWINCH only inside pselect(): none is lost between checks */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGWINCH);
	sigprocmask(SIG_BLOCK, &block, &orig);
	got_line = false;
	line_read = NULL;
	rl_callback_handler_install(p->text, on_line);
	while (!got_line) {
		FD_ZERO(&fds);
		FD_SET(fd, &fds);
		r = pselect(fd + 1, &fds, NULL, NULL, NULL, &orig);
		if (pfw_interrupted)
			cancel_input();
		if (resized) {
			resized = 0;
			rl_resize_terminal();
		}
		if (r < 0 && errno != EINTR) {
			rl_callback_handler_remove();
			break;
		}
		if (r > 0)
			rl_callback_read_char();
	}
	sigprocmask(SIG_SETMASK, &orig, NULL);
	return line_read;
}

static char *read_script(void)
{
	size_t cap = 0;
	char *line = NULL;

	if (getline(&line, &cap, stdin) >= 0)
		return line;
	free(line);
	return NULL;
}

/* "pfwhy: vmcore, Linux 6.1.0 (x86_64), oops in pid 60 (cat); type help" */
static void print_banner(struct pfw_session *s, const char *dump)
{
	struct pfw_kernel_info info;
	struct pfw_oops oops;
	bool found = false;
	const char *base;

	base = strrchr(dump, '/');
	printf("pfwhy: %s", base ? base + 1 : dump);
	if (pfw_ok(pfw_kernel_get_info(s->k, &info)))
		printf(", Linux %s (%s)", info.release ?: "?", info.machine ?: "?");
	else
		info.panic_message = NULL;
	if (pfw_ok(pfw_find_oops(s->k, &oops, &found)) && found)
		printf(", oops in pid %d (%s)", oops.pid, oops.comm);
	if (info.panic_message)
		printf(", panic: %.*s", (int)strcspn(info.panic_message, "\n"), info.panic_message);
	printf("; type help\n");
}

static void run_tty(struct prompt *p, const char *dump)
{
	struct pfw_history h;
	char *line;

	rl_instream = stdin;
	rl_outstream = stdout;
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	set_signal(SIGINT, on_sigint, SA_RESTART);
	set_signal(SIGWINCH, on_sigwinch, SA_RESTART);
	pfw_complete_init(p->s);
	pfw_history_open(&h);
	print_banner(p->s, dump);
	for (;;) {
		update_prompt(p);
		line = read_tty(p);
		if (!line) {
			fputc('\n', rl_outstream);
			break;
		}
		pfw_history_add(&h, line);
		run_line(p, line);
		free(line);
		if (p->s->quit)
			break;
	}
	pfw_history_close(&h);
	/* the status of an interactive session is that of its end */
	p->status = PFW_EXIT_OK;
}

/* A script: a Ctrl-C stops the command and the script after it. */
static void run_script(struct prompt *p)
{
	bool interrupted = false;
	char *line;

	set_signal(SIGINT, on_sigint, 0);
	while (!interrupted && !p->s->quit) {
		line = read_script();
		if (!line)
			break;
		p->lineno++;
		interrupted = run_line(p, line);
		free(line);
	}
	/* a Ctrl-C while reading the script, no command to blame */
	if (!interrupted && pfw_interrupted) {
		print_error(p, "interrupted");
		p->status = PFW_EXIT_FAILED;
	}
}

int pfw_prompt_run(struct pfw_session *s, bool pager, const char *dump)
{
	struct prompt p = { .s = s, .pager = pager, .shown_pid = -1 };

	p.tty = isatty(STDIN_FILENO);
	if (!p.tty)
		s->color = false;
	p.color_err = s->color && isatty(STDERR_FILENO);
	if (p.tty)
		run_tty(&p, dump);
	else
		run_script(&p);
	return p.status;
}
