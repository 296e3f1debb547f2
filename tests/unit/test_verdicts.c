// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The verdict vocabulary is one list: `help verdicts` (text and --json)
 * names exactly the verdicts of enum pfw_verdict, in its order, each once,
 * each with what the kernel did and what the process saw.  pfwhy(1)'s
 * VERDICTS section is checked against `help verdicts` by
 * tests/fixtures/docs.sh.
 */
#include <stdlib.h>
#include <string.h>

#include <pfwhy/commands.h>
#include <pfwhy/walker.h>

#include "check.h"

static char *help_verdicts(bool json)
{
	struct pfw_session s = { .current_pid = -1, .json = json };
	char *argv[] = { "help", "verdicts", NULL }, *out = NULL;
	struct pfw_error *err;
	size_t size;

	s.out = open_memstream(&out, &size);
	err = pfw_command_run(&s, 2, argv);
	fclose(s.out);
	CHECK(!err, "help verdicts: %s", err ? err->message : "");
	pfw_error_destroy(err);
	return out;
}

/* The names in the text listing: the first word of each "  NAME  kernel: ..." line. */
static void test_text(void)
{
	char *out = help_verdicts(false), *line, *save, name[64];
	int v = 0;

	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "  %63s kernel:", name) != 1 || !strstr(line, " kernel: "))
			continue;
		CHECK(pfw_verdict_info(v) && !strcmp(name, pfw_verdict_name(v)),
		      "help verdicts line %d names %s, the enum's is %s", v, name,
		      pfw_verdict_info(v) ? pfw_verdict_name(v) : "(past the end)");
		v++;
	}
	CHECK(v == PFW_V_COUNT, "help verdicts lists %d verdicts, the enum has %d", v, PFW_V_COUNT);
	free(out);
}

static void test_json(void)
{
	char *out = help_verdicts(true), *p = out, key[96];
	int v;

	for (v = 0; v < PFW_V_COUNT; v++) {
		snprintf(key, sizeof(key), "\"verdict\":\"%s\"", pfw_verdict_name(v));
		p = p ? strstr(p, key) : NULL;
		CHECK(p, "help --json verdicts: %s missing or out of order", pfw_verdict_name(v));
	}
	free(out);
}

static void test_table(void)
{
	const struct pfw_verdict_info *i, *j;
	int v, w;

	for (v = 0; (i = pfw_verdict_info(v)); v++) {
		CHECK(i->name && i->kernel && i->process && *i->kernel && *i->process,
		      "verdict %d has a name and both descriptions", v);
		for (w = 0; w < v; w++) {
			j = pfw_verdict_info(w);
			CHECK(strcmp(i->name, j->name), "verdicts %d and %d are both %s", w, v, i->name);
		}
	}
	CHECK(v == PFW_V_COUNT, "pfw_verdict_info stops at %d, PFW_V_COUNT is %d", v, PFW_V_COUNT);
}

int main(void)
{
	test_table();
	test_text();
	test_json();
	return check_report();
}
