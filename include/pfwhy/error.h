/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Errors are values: every function that can fail returns a struct pfw_error *,
 * NULL on success.  The message is written for the user and printed once by
 * the front end.
 */
#ifndef PFWHY_ERROR_H
#define PFWHY_ERROR_H

#include <stdbool.h>

enum pfw_error_code {
	PFW_ERR_NOMEM = 1,
	PFW_ERR_USAGE,		/* bad command line or command arguments */
	PFW_ERR_INPUT,		/* unreadable, unsupported or mismatched file */
	PFW_ERR_NOT_FOUND,	/* no such task, symbol, type or member */
	PFW_ERR_FAULT,		/* address not readable in the dump */
	PFW_ERR_EXCLUDED,	/* page filtered out of the dump */
	PFW_ERR_CORRUPT,	/* a kernel structure makes no sense */
	PFW_ERR_UNSUPPORTED,	/* the dump's kernel does something we do not model */
	PFW_ERR_INTERRUPTED,	/* cancelled by the user */
	PFW_ERR_TRUNCATED,	/* beyond the end of a dump that was cut short */
};

struct pfw_error {
	enum pfw_error_code code;
	char *message;
};

/* Process exit codes, documented in pfwhy(1). */
enum pfw_exit_code {
	PFW_EXIT_OK = 0,
	PFW_EXIT_FAILED = 1,	/* a command could not answer */
	PFW_EXIT_USAGE = 2,
	PFW_EXIT_INPUT = 3,	/* unreadable or unsupported input */
};

struct pfw_error *pfw_error_create(enum pfw_error_code code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prefix an existing error's message with more context; returns err. */
struct pfw_error *pfw_error_wrap(struct pfw_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void pfw_error_destroy(struct pfw_error *err);
enum pfw_exit_code pfw_error_exit_code(const struct pfw_error *err);

extern struct pfw_error pfw_error_nomem;
/*
 * Returned by a for_each callback to end the walk early: the walk passes it
 * back, the caller treats it as success.  Never destroyed, never printed.
 */
extern struct pfw_error pfw_walk_stop;

/*
 * For a look-up whose failure only means "not there" (an optional symbol,
 * a member of another kernel version): true on success; the error is freed.
 */
static inline bool pfw_ok(struct pfw_error *err)
{
	if (!err)
		return true;
	pfw_error_destroy(err);
	return false;
}

/* A best-effort read whose failure leaves the default in place. */
static inline void pfw_ignore(struct pfw_error *err)
{
	pfw_error_destroy(err);
}

#endif
