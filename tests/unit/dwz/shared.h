/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Types two units share, as every kernel unit shares mm_types.h: after dwz
 * they sit in a partial unit that both units import (test_dwz.c).  The
 * test includes this header too: its compiler's sizeof and offsetof are
 * the expected answers.
 */
#ifndef PFWHY_TEST_DWZ_SHARED_H
#define PFWHY_TEST_DWZ_SHARED_H

enum dwz_state { DWZ_RUNNING = 3, DWZ_SLEEPING = 7, DWZ_DEAD = 11 };

struct dwz_task {
	int pid;
	char comm[16];
	unsigned long counters[3][5];
	enum dwz_state state;
	struct dwz_task *parent;
};

/* a header's static inline: its abstract instance is shared too */
static inline int dwz_task_key(struct dwz_task *t)
{
	return t->pid + t->comm[0];
}

int dwz_unit_a(struct dwz_task *t);
int dwz_unit_b(struct dwz_task *t, int bias);

#endif
