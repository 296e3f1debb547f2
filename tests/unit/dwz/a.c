// SPDX-License-Identifier: GPL-2.0-or-later
/* One of the two units of test_dwz's stand-in (shared.h). */
#include "shared.h"

int dwz_unit_a(struct dwz_task *t)
{
	return dwz_task_key(t) + DWZ_RUNNING;
}
