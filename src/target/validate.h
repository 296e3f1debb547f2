/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A dump's headers checked before libkdumpfile sees them, and the map of
 * what the file really holds: which physical pages lie beyond a cut, carry
 * a corrupt page descriptor, were excluded, or are not RAM at all.
 */
#ifndef PFWHY_TARGET_VALIDATE_H
#define PFWHY_TARGET_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <pfwhy/error.h>

/* Byte ranges a file really holds, sorted and merged. */
struct pfw_extents {
	struct pfw_extent {
		uint64_t start, end;
	} *v;
	size_t n, cap;
};

struct pfw_error *pfw_extents_add(struct pfw_extents *e, uint64_t start, uint64_t end);
/* Sort and merge; call once after the last add. */
void pfw_extents_finish(struct pfw_extents *e);
bool pfw_extents_cover(const struct pfw_extents *e, uint64_t off, uint64_t len);
/* How many bytes from off on the file holds without a gap (0: none). */
uint64_t pfw_extents_run(const struct pfw_extents *e, uint64_t off);
void pfw_extents_free(struct pfw_extents *e);

enum pfw_page_status {
	PFW_PAGE_OK,
	PFW_PAGE_TRUNCATED,	/* its data (or descriptor) lies beyond the cut */
	PFW_PAGE_CORRUPT,	/* its page descriptor makes no sense */
	PFW_PAGE_EXCLUDED,	/* RAM that makedumpfile left out */
	PFW_PAGE_ABSENT,	/* no PT_LOAD covers it (a hole, or filtered out of an ELF dump) */
	PFW_PAGE_PAST_RAM,	/* beyond the highest RAM address the dump describes */
};

struct pfw_dump_map;

/*
 * Check the dump in fd (an ELF core or a kdump-compressed file; flattened
 * dumps are reassembled first).  ext lists the bytes fd holds (NULL: all
 * of it up to its size); cut is the offset in the user's file where a
 * flattened dump ended early, 0 if it did not.  Fails with PFW_ERR_INPUT
 * when a header is damaged or the cut leaves nothing to read.
 */
struct pfw_error *pfw_dump_check(int fd, const char *path, const struct pfw_extents *ext,
				 uint64_t cut, struct pfw_dump_map **ret);
void pfw_dump_map_free(struct pfw_dump_map *m);

enum pfw_page_status pfw_dump_page_status(const struct pfw_dump_map *m, uint64_t paddr);
/* The dump was cut short (a truncated file): *cut is the first missing offset. */
bool pfw_dump_truncated(const struct pfw_dump_map *m, uint64_t *cut);
/* Some pages are unreadable (truncated or corrupt): reads need checking. */
bool pfw_dump_has_holes(const struct pfw_dump_map *m);
/* The error for a page that is not OK, worded for the user. */
struct pfw_error *pfw_dump_page_error(const struct pfw_dump_map *m, enum pfw_page_status st,
				      const char *what, uint64_t addr);

#endif
