/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Ctrl-C cancels the running command, not the session: the front end's
 * SIGINT handler sets pfw_interrupted, and the long walks (every task, every
 * VMA) check it once an element and give up with PFW_ERR_INTERRUPTED.
 */
#ifndef PFWHY_INTERRUPT_H
#define PFWHY_INTERRUPT_H

#include <signal.h>

#include <pfwhy/error.h>

extern volatile sig_atomic_t pfw_interrupted;

/* NULL, or an "interrupted" error once the user asked to stop. */
struct pfw_error *pfw_check_interrupted(void);

#endif
