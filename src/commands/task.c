// SPDX-License-Identifier: GPL-2.0-or-later
/* task: the session's current task, by pid or by name; quit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

struct comm_match {
	const char *comm;
	int n;
	bool many_processes;
	struct pfw_task first;		/* the first match, or its group's leader */
	char pids[128];			/* for the ambiguity message */
	size_t len;
};

static struct pfw_error *match_comm(struct pfw_kernel *k, const struct pfw_task *t, void *arg)
{
	struct comm_match *m = arg;

	if (strcmp(t->comm, m->comm))
		return NULL;
	if (m->len < sizeof(m->pids))
		m->len += snprintf(m->pids + m->len, sizeof(m->pids) - m->len, "%s%d",
				   m->n ? " " : "", t->pid);
	if (!m->n++) {
		m->first = *t;
		return NULL;
	}
	if (t->tgid != m->first.tgid)
		m->many_processes = true;
	else if (t->pid == t->tgid)
		m->first = *t;
	return NULL;
}

/* A task by name: the one process of that comm (its leader among its threads). */
static struct pfw_error *find_task_by_comm(struct pfw_kernel *k, const char *comm,
					   struct pfw_task *t)
{
	struct comm_match m = { .comm = comm };
	struct pfw_error *err;

	err = pfw_for_each_task(k, match_comm, &m);
	if (err)
		return err;
	if (!m.n)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "no task named \"%s\" in the dump", comm);
	if (m.many_processes)
		return pfw_error_create(PFW_ERR_USAGE, "\"%s\" names several processes (pids %s%s): give a pid",
					comm, m.pids, m.len >= sizeof(m.pids) ? "..." : "");
	*t = m.first;
	return NULL;
}

struct pfw_error *pfw_resolve_task(struct pfw_kernel *k, const char *pid_or_comm,
				   struct pfw_task *t)
{
	char *end;
	long pid;

	if (!pid_or_comm || !*pid_or_comm)
		return pfw_error_create(PFW_ERR_USAGE, "missing pid");
	pid = strtol(pid_or_comm, &end, 0);
	if (*end)
		return find_task_by_comm(k, pid_or_comm, t);
	if (pid < 0 || pid > 0x7fffffff)
		return pfw_error_create(PFW_ERR_USAGE, "bad pid \"%s\"", pid_or_comm);
	return pfw_find_task(k, (int)pid, t);
}

static void print_task(struct pfw_session *s, const struct pfw_task *t)
{
	struct pfw_json j;

	if (s->json) {
		pfw_json_init(&j, s->out);
		pfw_json_object_begin(&j, NULL);
		pfw_json_int(&j, "pid", t->pid);
		pfw_json_int(&j, "tgid", t->tgid);
		pfw_json_int(&j, "ppid", t->ppid);
		pfw_json_string(&j, "state", (char[2]){ t->state, 0 });
		pfw_json_string(&j, "comm", t->comm);
		pfw_json_hex(&j, "task", t->addr);
		pfw_json_hex(&j, "mm", t->mm);
		pfw_json_object_end(&j);
		pfw_json_end(&j);
		return;
	}
	fprintf(s->out, "pid %d (%s): tgid %d, ppid %d, state %c, task 0x%llx, ", t->pid,
		t->comm, t->tgid, t->ppid, t->state, (unsigned long long)t->addr);
	if (t->mm)
		fprintf(s->out, "mm 0x%llx\n", (unsigned long long)t->mm);
	else
		fprintf(s->out, "no mm (a kernel thread)\n");
}

static void print_no_task(struct pfw_session *s)
{
	struct pfw_json j;

	if (!s->json) {
		fprintf(s->out, "no current task (choose one with: task PID|COMM)\n");
		return;
	}
	pfw_json_init(&j, s->out);
	pfw_json_object_begin(&j, NULL);
	pfw_json_null(&j, "pid");
	pfw_json_object_end(&j);
	pfw_json_end(&j);
}

DECLARE_COMMAND(pfw_cmd_task)
{
	struct pfw_error *err;
	struct pfw_task t;

	if (!a->npos && s->current_pid < 0) {
		print_no_task(s);
		return NULL;
	}
	if (a->npos)
		err = pfw_resolve_task(s->k, a->pos[0], &t);
	else
		err = pfw_find_task(s->k, s->current_pid, &t);
	if (err)
		return err;
	s->current_pid = t.pid;
	print_task(s, &t);
	return NULL;
}

DECLARE_COMMAND(pfw_cmd_quit)
{
	s->quit = true;
	return NULL;
}
