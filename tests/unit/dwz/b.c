// SPDX-License-Identifier: GPL-2.0-or-later
/* The other unit of test_dwz's stand-in (shared.h). */
#include "shared.h"

int dwz_unit_b(struct dwz_task *t, int bias)
{
	return dwz_task_key(t) + t->state + bias;
}
