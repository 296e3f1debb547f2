/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Progress of a long scan on a terminal: nothing for the first second, then
 * one line on stderr, rewritten at most four times a second and erased at
 * the end.  Never on a pipe or file.
 */
#ifndef PFWHY_COMMANDS_PROGRESS_H
#define PFWHY_COMMANDS_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct pfw_progress {
	const char *what;
	bool tty, shown;
	double start, last;
	double cpu_start;		/* CPU time of the process at pfw_progress_begin() */
};

void pfw_progress_begin(struct pfw_progress *p, const char *what);
/* done of total VMAs, with entries scanned so far */
void pfw_progress_update(struct pfw_progress *p, uint64_t done, uint64_t total, uint64_t entries);
/* the address a scan of a range has reached */
void pfw_progress_update_at(struct pfw_progress *p, uint64_t addr);
void pfw_progress_end(struct pfw_progress *p);
/* Seconds since pfw_progress_begin(): the scan's own time, for --json. */
double pfw_progress_seconds(const struct pfw_progress *p);
/* The CPU seconds the process used meanwhile (user and system): less moved by other load. */
double pfw_progress_cpu_seconds(const struct pfw_progress *p);

#endif
