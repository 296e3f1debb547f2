// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A filtered dump that lacks a page its dump level keeps (src/kernel/filtered.c):
 * a task_struct in a slab page that the dump left out.  With dump level 31
 * and the page a slab page (PG_slab, 6.1's enum pageflags; PageSlab()),
 * pfwhy must say that the filter did not know this kernel, naming the
 * object it read, the level and the release; an anonymous page (dump level
 * bit 8, user data, makedumpfile's __exclude_unnecessary_pages()), or a dump
 * with no level, keeps the plain "not in the dump".
 */
#include <string.h>

#include "check.h"
#include "kernel/kernel.h"
#include "synth.h"

static struct syn *S;

/* Read task_struct.pid of the object at va; the error's message, or "" */
static void read_pid(uint64_t va, char *msg, size_t size)
{
	struct pfw_error *err;
	uint64_t v;

	err = pfw_read_member(S->k, va, "task_struct", "pid", &v);
	snprintf(msg, size, "%s", err ? err->message : "");
	pfw_error_destroy(err);
}

static void tests(void)
{
	struct syn_page_desc slab = { .flags = { "PG_slab" }, .refcount = 1 };
	struct syn_page_desc anon = { .flags = { "PG_uptodate", "PG_lru", "PG_swapbacked" },
				      .refcount = 1, .mapcount = 1, .mapping = 0x1000 | 1 };
	uint64_t phys, va;
	char msg[1024];

	phys = syn_alloc_page(S);
	va = SYN_PAGE_OFFSET + phys;
	syn_struct_page(S, phys >> 12, &slab);
	syn_exclude(S, phys);

	S->mem->dump_level = 31;
	read_pid(va, msg, sizeof(msg));
	CHECK(strstr(msg, "reading task_struct.pid"), "names the object: %s", msg);
	CHECK(strstr(msg, "makedumpfile -d 31 left out its page"), "names the level: %s", msg);
	CHECK(strstr(msg, "a slab page, which that level keeps"), "names the page's kind: %s", msg);
	CHECK(strstr(msg, "did not know this kernel") && strstr(msg, S->release),
	      "says the filter did not know kernel %s: %s", S->release, msg);

	/* no dump level (an ELF dump cut short, a live kernel): plain */
	S->mem->dump_level = -1;
	read_pid(va, msg, sizeof(msg));
	CHECK(strstr(msg, "was excluded from the dump") && !strstr(msg, "did not know"),
	      "no level, plain: %s", msg);

	/* an anonymous page is what -d 31 leaves out: plain */
	S->mem->dump_level = 31;
	syn_struct_page(S, phys >> 12, &anon);
	read_pid(va, msg, sizeof(msg));
	CHECK(strstr(msg, "was excluded from the dump") && !strstr(msg, "did not know"),
	      "user page, plain: %s", msg);
}

int main(void)
{
	return syn_main(&S, NULL, tests);
}
