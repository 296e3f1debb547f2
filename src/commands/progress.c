// SPDX-License-Identifier: GPL-2.0-or-later
/* The progress line of a long scan (smaps, faultmap) on a terminal. */
#include <stdbool.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

static double clock_seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double now(void)
{
	return clock_seconds(CLOCK_MONOTONIC);
}

void pfw_progress_begin(struct pfw_progress *p, const char *what)
{
	p->what = what;
	p->tty = isatty(STDERR_FILENO);
	p->shown = false;
	p->start = p->last = now();
	p->cpu_start = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
}

/* Time for a progress line: after the first second, four times a second at most. */
static bool due(struct pfw_progress *p, double *t)
{
	if (!p->tty)
		return false;
	*t = now();
	if (*t - p->start < 1.0 || (p->shown && *t - p->last < 0.25))
		return false;
	p->last = *t;
	p->shown = true;
	return true;
}

void pfw_progress_update(struct pfw_progress *p, uint64_t done, uint64_t total, uint64_t entries)
{
	double t;

	if (!due(p, &t))
		return;
	fprintf(stderr, "\r%s: %llu of %llu VMAs, %llu entries, %.0f s (Ctrl-C stops)\033[K",
		p->what, (unsigned long long)done, (unsigned long long)total,
		(unsigned long long)entries, t - p->start);
	fflush(stderr);
}

void pfw_progress_update_at(struct pfw_progress *p, uint64_t addr)
{
	double t;

	if (!due(p, &t))
		return;
	fprintf(stderr, "\r%s: at 0x%llx, %.0f s (Ctrl-C stops)\033[K", p->what,
		(unsigned long long)addr, t - p->start);
	fflush(stderr);
}

void pfw_progress_end(struct pfw_progress *p)
{
	if (p->shown)
		fprintf(stderr, "\r\033[K");
}

double pfw_progress_seconds(const struct pfw_progress *p)
{
	return now() - p->start;
}

double pfw_progress_cpu_seconds(const struct pfw_progress *p)
{
	return clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - p->cpu_start;
}
