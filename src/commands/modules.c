// SPDX-License-Identifier: GPL-2.0-or-later
/* modules: the loaded modules, as the dump's `modules` list holds them. */
#include "common.h"

struct modules_arg {
	struct pfw_session *s;
	struct pfw_json j;
	int n;
};

static struct pfw_error *print_module(struct pfw_kernel *k, const struct pfw_module *m, void *arg)
{
	struct modules_arg *p = arg;

	p->n++;
	if (p->s->json) {
		pfw_json_object_begin(&p->j, NULL);
		pfw_json_string(&p->j, "name", m->name);
		pfw_json_hex(&p->j, "module", m->addr);
		pfw_json_hex(&p->j, "base", m->base);
		pfw_json_int(&p->j, "size", (long long)m->size);
		pfw_json_hex(&p->j, "text_start", m->text_start);
		pfw_json_hex(&p->j, "text_end", m->text_end);
		pfw_json_int(&p->j, "exception_entries", m->num_exentries);
		pfw_json_bool(&p->j, "unformed", m->unformed);
		pfw_json_object_end(&p->j);
		return NULL;
	}
	fprintf(p->s->out, "%-20s %016llx %016llx %8llu  %016llx-%016llx %6u%s\n", m->name,
		(unsigned long long)m->addr, (unsigned long long)m->base,
		(unsigned long long)m->size, (unsigned long long)m->text_start,
		(unsigned long long)m->text_end, m->num_exentries, m->unformed ? "  (unformed)" : "");
	return NULL;
}

DECLARE_COMMAND(pfw_cmd_modules)
{
	struct modules_arg p = { .s = s };
	struct pfw_error *err;

	if (s->json) {
		pfw_json_init(&p.j, s->out);
		pfw_json_array_begin(&p.j, NULL);
	} else {
		fprintf(s->out, "%-20s %-16s %-16s %8s  %-33s %6s\n", "NAME", "MODULE", "BASE", "SIZE",
			"TEXT", "EXTAB");
	}
	err = pfw_for_each_module(s->k, print_module, &p);
	if (s->json) {
		pfw_json_array_end(&p.j);
		pfw_json_end(&p.j);
	} else if (!err && !p.n) {
		fprintf(s->out, "(no modules loaded%s)\n",
			pfw_kernel_has_modules(s->k) ? "" : ": this kernel has no CONFIG_MODULES");
	}
	return err;
}
