/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The crash extension (pfwhy.so): crash's readmem() as a pfwhy memory back
 * end, and crash commands that run the command table.  Only the files of
 * src/ext include crash's defs.h; this header stays free of it.  Nothing
 * here is exported from pfwhy.so: crash sees only what the constructor
 * registers.
 */
#ifndef PFWHY_EXT_CRASH_EXT_H
#define PFWHY_EXT_CRASH_EXT_H

#include <pfwhy/memory.h>

/*
 * The memory of the dump crash has open, read through crash's readmem()
 * (KVADDR, PHYSADDR).  The VMCOREINFO text is the kernel's own
 * (vmcoreinfo_data), else what crash reads from the dump's note, else what
 * crash worked out itself (KASLR offset, release).
 */
__attribute__((visibility("hidden")))
struct pfw_error *pfw_crash_memory_open(struct pfw_memory **ret);

/* The vmlinux crash loaded (its separate debuginfo file when it has one), as an absolute path. */
__attribute__((visibility("hidden")))
struct pfw_error *pfw_crash_vmlinux(char **ret);

#endif
