// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The session commands on a synthetic image: task by pid and by name (and
 * --pid by name), the current task standing in for --pid, quit, and the
 * Ctrl-C hook: with pfw_interrupted set, the task and VMA walks stop with
 * PFW_ERR_INTERRUPTED and a command fails with "CMD: interrupted".
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pfwhy/commands.h>
#include <pfwhy/interrupt.h>

#include "check.h"
#include "commands/common.h"
#include "synth.h"

#define VM_RW_PRIVATE	0x33ULL
#define ADDR		0x10000000ULL

static struct syn *S;

/* Run one command line (words split on blanks); its output in *out, if asked. */
static struct pfw_error *run(struct pfw_session *s, const char *line, char **out)
{
	char *copy = strdup(line), *argv[16], *save, *w;
	struct pfw_error *err;
	size_t size;
	int argc = 0;

	for (w = strtok_r(copy, " ", &save); w && argc < 15; w = strtok_r(NULL, " ", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	s->out = open_memstream(out, &size);
	err = pfw_command_run(s, argc, argv);
	fclose(s->out);
	s->out = NULL;
	free(copy);
	return err;
}

static void expect_code(const char *what, struct pfw_error *err, enum pfw_error_code code,
			const char *text)
{
	CHECK(err && err->code == code && strstr(err->message, text),
	      "%s: wanted error %d with \"%s\", got %s", what, code, text,
	      err ? err->message : "success");
	pfw_error_destroy(err);
}

static struct pfw_error *count_vma(struct pfw_kernel *k, const struct pfw_vma *v, void *arg)
{
	++*(int *)arg;
	return NULL;
}

static void test_resolve(struct syn_proc *alpha, struct syn_proc *beta1)
{
	struct pfw_error *err;
	struct pfw_task t;
	char pid[16];

	err = pfw_resolve_task(S->k, "alpha", &t);
	CHECK(!err && t.pid == alpha->pid, "task alpha: %s, pid %d", err ? err->message : "ok", t.pid);
	pfw_error_destroy(err);
	snprintf(pid, sizeof(pid), "%d", beta1->pid);
	err = pfw_resolve_task(S->k, pid, &t);
	CHECK(!err && t.pid == beta1->pid && !strcmp(t.comm, "beta"), "task by pid %s", pid);
	pfw_error_destroy(err);
	expect_code("two processes named beta", pfw_resolve_task(S->k, "beta", &t), PFW_ERR_USAGE,
		    "names several processes");
	expect_code("no such name", pfw_resolve_task(S->k, "gamma", &t), PFW_ERR_NOT_FOUND,
		    "no task named \"gamma\"");
	expect_code("no such pid", pfw_resolve_task(S->k, "99999", &t), PFW_ERR_NOT_FOUND,
		    "no task with pid 99999");
}

static void test_task_command(struct syn_proc *alpha)
{
	struct pfw_session s = { .k = S->k, .current_pid = -1 };
	struct pfw_error *err;
	char *out = NULL, *out2 = NULL;

	err = run(&s, "task", &out);
	CHECK(!err && strstr(out, "no current task"), "task with none: %s", out);
	free(out);
	err = run(&s, "task alpha", &out);
	CHECK(!err && s.current_pid == alpha->pid, "task alpha sets the current pid (%d)",
	      s.current_pid);
	free(out);
	/* vma ADDR without --pid is vma --pid alpha ADDR */
	err = run(&s, "vma 0x10000000", &out);
	CHECK(!err && out && strstr(out, "10000000-10001000"), "vma of the current task: %s",
	      err ? err->message : out);
	pfw_error_destroy(err);
	s.current_pid = -1;
	err = run(&s, "vma --pid alpha 0x10000000", &out2);
	CHECK(!err && out && out2 && !strcmp(out, out2), "vma --pid alpha: %s",
	      err ? err->message : out2);
	pfw_error_destroy(err);
	free(out);
	free(out2);
	err = run(&s, "quit", &out);
	CHECK(!err && s.quit, "quit sets quit");
	free(out);
	expect_code("quit takes nothing", run(&s, "quit now", &out), PFW_ERR_USAGE, "quit:");
	free(out);
}

static void test_interrupted(struct syn_proc *alpha)
{
	struct pfw_session s = { .k = S->k, .current_pid = -1 };
	struct pfw_task t;
	char *out = NULL;
	int n = 0;

	pfw_interrupted = 1;
	expect_code("task walk", pfw_find_task(S->k, alpha->pid, &t), PFW_ERR_INTERRUPTED,
		    "interrupted");
	expect_code("VMA walk", pfw_for_each_vma(S->k, alpha->mm, count_vma, &n),
		    PFW_ERR_INTERRUPTED, "interrupted");
	CHECK(n == 0, "no VMA after the interrupt (%d)", n);
	expect_code("ps", run(&s, "ps", &out), PFW_ERR_INTERRUPTED, "ps: interrupted");
	CHECK(pfw_error_exit_code(&(struct pfw_error){ .code = PFW_ERR_INTERRUPTED }) == PFW_EXIT_FAILED,
	      "an interrupted command exits 1");
	free(out);
	pfw_interrupted = 0;
	expect_code("ps once more", run(&s, "ps --frob", &out), PFW_ERR_USAGE, "unknown option");
	free(out);
	n = 0;
	pfw_error_destroy(pfw_for_each_vma(S->k, alpha->mm, count_vma, &n));
	CHECK(n == 2, "the VMA walk after the interrupt is over: %d VMAs", n);
}

static void tests(void)
{
	struct syn_proc alpha, beta1, beta2;

	syn_process(S, &alpha, "alpha");
	syn_vma(S, &alpha, ADDR, ADDR + 0x1000, VM_RW_PRIVATE, 0, 0, 0);
	syn_vma(S, &alpha, ADDR + 0x10000, ADDR + 0x20000, VM_RW_PRIVATE, 0, 0, 0);
	syn_process(S, &beta1, "beta");
	syn_process(S, &beta2, "beta");
	test_resolve(&alpha, &beta1);
	test_task_command(&alpha);
	test_interrupted(&alpha);
}

int main(void)
{
	return syn_main(&S, NULL, tests);
}
