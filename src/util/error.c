// SPDX-License-Identifier: GPL-2.0-or-later
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <pfwhy/error.h>

struct pfw_error pfw_error_nomem = {
	.code = PFW_ERR_NOMEM,
	.message = "out of memory",
};

struct pfw_error pfw_walk_stop = {
	.code = 0,
	.message = "(walk stopped)",
};

static char *vformat(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

struct pfw_error *pfw_error_create(enum pfw_error_code code, const char *fmt, ...)
{
	struct pfw_error *err;
	va_list ap;

	err = malloc(sizeof(*err));
	if (!err)
		return &pfw_error_nomem;
	va_start(ap, fmt);
	err->message = vformat(fmt, ap);
	va_end(ap);
	if (!err->message) {
		free(err);
		return &pfw_error_nomem;
	}
	err->code = code;
	return err;
}

struct pfw_error *pfw_error_wrap(struct pfw_error *err, const char *fmt, ...)
{
	char *prefix, *joined;
	va_list ap;

	if (!err || err == &pfw_error_nomem || err == &pfw_walk_stop)
		return err;
	va_start(ap, fmt);
	prefix = vformat(fmt, ap);
	va_end(ap);
	if (!prefix)
		return err;
	if (asprintf(&joined, "%s: %s", prefix, err->message) >= 0) {
		free(err->message);
		err->message = joined;
	}
	free(prefix);
	return err;
}

void pfw_error_destroy(struct pfw_error *err)
{
	if (!err || err == &pfw_error_nomem || err == &pfw_walk_stop)
		return;
	free(err->message);
	free(err);
}

enum pfw_exit_code pfw_error_exit_code(const struct pfw_error *err)
{
	if (!err)
		return PFW_EXIT_OK;
	switch (err->code) {
	case PFW_ERR_USAGE:
		return PFW_EXIT_USAGE;
	case PFW_ERR_INPUT:
		return PFW_EXIT_INPUT;
	default:
		return PFW_EXIT_FAILED;
	}
}
