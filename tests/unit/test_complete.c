// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The prompt's completion on the fixture workload dump ($FIX): `task <Tab>`
 * offers only words `task` accepts (a comm shared by two processes is no
 * name: task refuses it), --pid and -p offer the user processes before the
 * kernel threads, and -p PID finds the VMA addresses as --pid PID does.
 */
#include <stdlib.h>
#include <string.h>

#include <pfwhy/commands.h>
#include <pfwhy/kernel.h>

#include "check.h"
#include "cli/complete.h"

static struct pfw_session S = { .current_pid = -1 };

static char **complete(const char *line)
{
	return pfw_complete_line(&S, line, (int)strlen(line), "");
}

static size_t count(char **v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

static void free_words(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static void test_task_offers_what_task_takes(void)
{
	char **v = complete("task ");
	char *argv[3] = { "task", NULL, NULL };
	struct pfw_error *err;
	size_t i;

	CHECK(count(v) > 0, "task <Tab> offers nothing");
	for (i = 0; v && v[i]; i++) {
		argv[1] = v[i];
		err = pfw_command_run(&S, 2, argv);
		CHECK(!err, "task <Tab> offers \"%s\", which task refuses: %s", v[i],
		      err ? err->message : "");
		pfw_error_destroy(err);
	}
	S.current_pid = -1;
	free_words(v);
}

/* once a kernel thread's pid is offered, no user process's pid follows */
static void test_user_processes_first(const char *line)
{
	char **v = complete(line);
	bool kthread_seen = false, user_seen = false;
	struct pfw_task t;
	char *end;
	long pid;
	size_t i;

	for (i = 0; v && v[i]; i++) {
		pid = strtol(v[i], &end, 10);
		if (*end || !pfw_ok(pfw_find_task(S.k, (int)pid, &t)))
			continue;
		if (t.mm)
			CHECK(!kthread_seen, "%s<Tab>: user pid %ld after a kernel thread", line, pid);
		user_seen |= t.mm != 0;
		kthread_seen |= !t.mm;
	}
	CHECK(user_seen && kthread_seen, "%s<Tab>: no user process or no kernel thread offered", line);
	free_words(v);
}

static void test_short_pid_addresses(int pid)
{
	char long_line[64], short_line[64];
	char **a, **b;
	size_t i;

	snprintf(long_line, sizeof(long_line), "vma --pid %d ", pid);
	snprintf(short_line, sizeof(short_line), "vma -p %d ", pid);
	a = complete(long_line);
	b = complete(short_line);
	CHECK(count(a) > 0, "%s<Tab> offers no address", long_line);
	CHECK(count(a) == count(b), "%s<Tab> offers %zu words, %s<Tab> %zu", long_line, count(a),
	      short_line, count(b));
	for (i = 0; i < count(a) && i < count(b); i++)
		CHECK(!strcmp(a[i], b[i]), "-p and --pid differ at %zu: %s %s", i, a[i], b[i]);
	free_words(a);
	free_words(b);
}

int main(void)
{
	const char *fix = getenv("FIX");
	char vmlinux[4096], dump[4096];
	struct pfw_error *err;

	if (!fix) {
		printf("skip: FIX is not set (tests/run.sh sets it)\n");
		return check_report();
	}
	snprintf(vmlinux, sizeof(vmlinux), "%s/vmlinux", fix);
	snprintf(dump, sizeof(dump), "%s/workload.kdump", fix);
	err = pfw_kernel_open(dump, vmlinux, &S.k);
	if (err) {
		CHECK(0, "cannot open %s: %s", dump, err->message);
		pfw_error_destroy(err);
		return check_report();
	}
	S.out = fopen("/dev/null", "w");
	test_task_offers_what_task_takes();
	test_user_processes_first("why 0x1000 --pid ");
	test_user_processes_first("pte -p ");
	test_short_pid_addresses(1);
	fclose(S.out);
	pfw_kernel_close(S.k);
	return check_report();
}
