/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal harness: CHECK counts, the main prints "N passed, N failed". */
#ifndef PFWHY_TEST_CHECK_H
#define PFWHY_TEST_CHECK_H

#include <stdio.h>

static int checks_passed, checks_failed;

#define CHECK(cond, ...)						\
	do {								\
		if (cond) {						\
			checks_passed++;				\
		} else {						\
			checks_failed++;				\
			printf("FAIL %s:%d: ", __FILE__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	} while (0)

static inline int check_report(void)
{
	printf("%d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed ? 1 : 0;
}

#endif
