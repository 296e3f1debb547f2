// SPDX-License-Identifier: GPL-2.0-or-later
#include <pfwhy/interrupt.h>

volatile sig_atomic_t pfw_interrupted;

struct pfw_error *pfw_check_interrupted(void)
{
	if (!pfw_interrupted)
		return NULL;
	return pfw_error_create(PFW_ERR_INTERRUPTED, "interrupted");
}
