// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Replays the DWARF and symbol look-ups a pfwhy command made (a
 * PFWHY_TRACE_DWARF file on stdin) against a vmlinux, with no dump: what
 * that command's debuginfo reading costs on that vmlinux (run it under
 * /usr/bin/time -v for the peak RSS).  Usage: dwarf-replay VMLINUX < TRACE
 * With DWARF_REPLAY_VERBOSE set, each look-up that raised the peak RSS is
 * printed with the growth: where the memory goes.
 */

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "debuginfo/debuginfo.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long peak_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}


static int replay(struct pfw_debuginfo *dbi, char kind, char *a, char *b, int *found)
{
	struct pfw_member m;
	uint64_t v;
	int64_t e;

	switch (kind) {
	case 'm':
		*found += pfw_ok(pfw_member(dbi, a, b, &m));
		return 0;
	case 's':
		*found += pfw_has_struct(dbi, a);
		return 0;
	case 'e':
		*found += pfw_ok(pfw_enumerator(dbi, a, &e));
		return 0;
	case 'o':
		*found += pfw_ok(pfw_enumerator_of(dbi, a, b, &e));
		return 0;
	case 'h':
		pfw_debuginfo_hint(dbi, a, b);
		return 0;
	case 'y':
		*found += pfw_ok(pfw_symbol_address(dbi, a, &v));
		return 0;
	case 'p':
		*found += pfw_has_param(dbi, a, b);
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct pfw_debuginfo *dbi;
	struct pfw_error *err;
	char line[512], copy[512];
	int n = 0, found = 0;
	bool verbose = getenv("DWARF_REPLAY_VERBOSE");
	long before;
	double t0;

	if (argc != 2) {
		fprintf(stderr, "usage: dwarf-replay VMLINUX < TRACE\n");
		return 2;
	}
	err = pfw_debuginfo_open(argv[1], &dbi);
	if (err) {
		fprintf(stderr, "dwarf-replay: %s\n", err->message);
		return 3;
	}
	while (fgets(line, sizeof(line), stdin)) {
		char *a, *b;

		line[strcspn(line, "\n")] = 0;
		if (strlen(line) < 3)
			continue;
		strcpy(copy, line);
		before = peak_kb();
		t0 = now_ms();
		a = line + 2;
		b = strchr(a, ' ');
		if (b)
			*b++ = 0;
		if (!replay(dbi, line[0], a, b, &found))
			n++;
		if (verbose && (peak_kb() - before >= 1024 || now_ms() - t0 >= 2))
			printf("+%ld KB %.0f ms  %s\n", peak_kb() - before, now_ms() - t0, copy);
	}
	printf("%d look-ups, %d found\n", n, found);
	if (verbose) {
		FILE *f = fopen("/proc/self/status", "r");

		while (f && fgets(line, sizeof(line), f))
			if (!strncmp(line, "Rss", 3) || !strncmp(line, "VmHWM", 5))
				fputs(line, stdout);
		if (f)
			fclose(f);
	}
	pfw_debuginfo_close(dbi);
	return 0;
}
