// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DWARF that dwz rewrote, as Fedora's and RHEL's debuginfo packages ship a
 * vmlinux (and as testdata/fixtures-5.10 stores its own): the types units
 * share moved into a partial unit, each unit importing it by
 * DW_TAG_imported_unit (DW_AT_import, DW_FORM_ref_addr).  The stand-in is
 * two units of tests/unit/dwz/ built twice by the Makefile, as gcc wrote it
 * (dwz-plain) and after dwz (dwz-units).  Every look-up must give on the
 * dwz'd file what this test's own compiler says of shared.h (sizeof,
 * offsetof, the enumerators), as it does on the plain file.
 */
#include <fcntl.h>
#include <libgen.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

#include <dwarf.h>

#include "check.h"
#include "debuginfo/debuginfo.h"
#include "dwz/shared.h"

#define FIELD_SIZE(m) sizeof(((struct dwz_task *)0)->m)

/* The units of the file, read with libdw alone: partial units and imports, counted. */
static void count_units(const char *path, int *partial, int *imports)
{
	Dwarf_Off off = 0, next;
	size_t hsize;
	Dwarf *dw;
	int fd;

	*partial = *imports = 0;
	fd = open(path, O_RDONLY);
	dw = fd < 0 ? NULL : dwarf_begin(fd, DWARF_C_READ);
	while (dw && !dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL)) {
		Dwarf_Die cu, child;

		if (dwarf_offdie(dw, off + hsize, &cu)) {
			*partial += dwarf_tag(&cu) == DW_TAG_partial_unit;
			if (!dwarf_child(&cu, &child))
				do
					*imports += dwarf_tag(&child) == DW_TAG_imported_unit;
				while (!dwarf_siblingof(&child, &child));
		}
		off = next;
	}
	if (dw)
		dwarf_end(dw);
	if (fd >= 0)
		close(fd);
}

static void check_member(struct pfw_debuginfo *dbi, const char *tag, const char *path,
			 uint64_t offset, uint64_t size)
{
	struct pfw_member m;
	struct pfw_error *err = pfw_member(dbi, "dwz_task", path, &m);

	CHECK(!err, "%s: dwz_task.%s: %s", tag, path, err ? err->message : "");
	if (err) {
		pfw_error_destroy(err);
		return;
	}
	CHECK(m.offset == offset, "%s: dwz_task.%s at %lu, the compiler says %lu", tag, path,
	      (unsigned long)m.offset, (unsigned long)offset);
	CHECK(m.size == size, "%s: dwz_task.%s of %lu bytes, the compiler says %lu", tag, path,
	      (unsigned long)m.size, (unsigned long)size);
}

static void check_enumerator(struct pfw_debuginfo *dbi, const char *tag, const char *anchor,
			     const char *name, int64_t want)
{
	struct pfw_error *err;
	int64_t v = -1;

	err = anchor ? pfw_enumerator_of(dbi, anchor, name, &v) : pfw_enumerator(dbi, name, &v);
	CHECK(!err && v == want, "%s: enumerator %s%s%s = %ld, want %ld (%s)", tag, name,
	      anchor ? " next to " : "", anchor ?: "", (long)v, (long)want,
	      err ? err->message : "found");
	pfw_error_destroy(err);
}

/* The look-ups of one file: a walk of every unit, then the unit a symbol's code is in. */
static void check_file(const char *path, const char *tag, bool hinted)
{
	struct pfw_debuginfo *dbi;
	struct pfw_error *err;
	uint64_t size = 0;

	err = pfw_debuginfo_open(path, &dbi);
	CHECK(!err, "%s: open %s: %s", tag, path, err ? err->message : "");
	if (err) {
		pfw_error_destroy(err);
		return;
	}
	/* the unit dwz_unit_b's code is in: it holds none of the types itself */
	if (hinted)
		pfw_debuginfo_hint(dbi, "dwz_task", "dwz_unit_b");
	err = pfw_struct_size(dbi, "dwz_task", &size);
	CHECK(!err && size == sizeof(struct dwz_task), "%s: struct dwz_task of %lu bytes, the compiler says %zu (%s)",
	      tag, (unsigned long)size, sizeof(struct dwz_task), err ? err->message : "found");
	pfw_error_destroy(err);
	check_member(dbi, tag, "pid", offsetof(struct dwz_task, pid), FIELD_SIZE(pid));
	/* arrays: libdw 0.188 cannot size one in a unit without DW_AT_language */
	check_member(dbi, tag, "comm", offsetof(struct dwz_task, comm), FIELD_SIZE(comm));
	check_member(dbi, tag, "counters", offsetof(struct dwz_task, counters), FIELD_SIZE(counters));
	check_member(dbi, tag, "state", offsetof(struct dwz_task, state), FIELD_SIZE(state));
	check_member(dbi, tag, "parent", offsetof(struct dwz_task, parent), FIELD_SIZE(parent));
	check_enumerator(dbi, tag, NULL, "DWZ_SLEEPING", DWZ_SLEEPING);
	check_enumerator(dbi, tag, "DWZ_SLEEPING", "DWZ_DEAD", DWZ_DEAD);
	/* the header's static inline, in the partial unit the function's unit imports */
	CHECK(pfw_unit_has_function(dbi, "dwz_unit_a", "dwz_task_key"),
	      "%s: the unit of dwz_unit_a has no dwz_task_key", tag);
	CHECK(!pfw_unit_has_function(dbi, "dwz_unit_a", "dwz_unit_b"),
	      "%s: the unit of dwz_unit_a has dwz_unit_b, defined in the other unit", tag);
	CHECK(pfw_has_param(dbi, "dwz_unit_b", "bias"), "%s: dwz_unit_b has no parameter bias", tag);
	CHECK(!pfw_has_struct(dbi, "dwz_absent"), "%s: a struct dwz_absent found", tag);
	pfw_debuginfo_close(dbi);
}

int main(int argc, char **argv)
{
	char plain[4096], dwz[4096];
	const char *dir = dirname(argv[0]);
	int partial, imports;

	(void)argc;
	snprintf(plain, sizeof(plain), "%s/dwz-plain", dir);
	snprintf(dwz, sizeof(dwz), "%s/dwz-units", dir);
	count_units(plain, &partial, &imports);
	CHECK(partial == 0 && imports == 0, "dwz-plain has %d partial units, %d imports", partial, imports);
	/* not a vacuous test: dwz did share the types */
	count_units(dwz, &partial, &imports);
	CHECK(partial >= 1 && imports >= 2, "dwz-units has %d partial units, %d imports (dwz shared nothing?)",
	      partial, imports);
	check_file(plain, "plain", false);
	check_file(plain, "plain, hinted", true);
	check_file(dwz, "dwz", false);
	check_file(dwz, "dwz, hinted", true);
	return check_report();
}
