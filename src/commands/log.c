// SPDX-License-Identifier: GPL-2.0-or-later
/* log: the kernel log in the dump, as dmesg prints it. */
#include <stdio.h>

#include "common.h"
#include "kernel/printk.h"

struct log_arg {
	struct pfw_session *s;
	struct pfw_json j;
};

static struct pfw_error *print_record(struct pfw_kernel *k, uint64_t ts, int level,
				      const char *text, size_t len, void *arg)
{
	struct log_arg *a = arg;

	if (a->s->json) {
		pfw_json_object_begin(&a->j, NULL);
		pfw_json_int(&a->j, "ts_nsec", ts);
		pfw_json_int(&a->j, "level", level);
		pfw_json_string(&a->j, "text", text);
		pfw_json_object_end(&a->j);
		return NULL;
	}
	fprintf(a->s->out, "[%5llu.%06llu] %.*s\n", (unsigned long long)(ts / 1000000000),
		(unsigned long long)(ts % 1000000000 / 1000), (int)len, text);
	return NULL;
}

DECLARE_COMMAND(pfw_cmd_log)
{
	struct log_arg la = { .s = s };
	struct pfw_error *err;

	if (s->json) {
		pfw_json_init(&la.j, s->out);
		pfw_json_array_begin(&la.j, NULL);
	}
	err = pfw_for_each_log_record(s->k, print_record, &la);
	if (s->json) {
		pfw_json_array_end(&la.j);
		pfw_json_end(&la.j);
	}
	return err;
}
