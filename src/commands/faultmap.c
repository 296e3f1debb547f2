// SPDX-License-Identifier: GPL-2.0-or-later
#include "common.h"
DECLARE_COMMAND(pfw_cmd_faultmap)
{
	return pfw_error_create(PFW_ERR_UNSUPPORTED, "not yet");
}
