// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The memo of resolved member paths and enumerators.  Resolving one walks
 * DIEs (a struct's members, a unit's top-level enums): a few microseconds
 * to a millisecond each, and a whole-address-space scan or a fault replay
 * asks for the same few dozen names thousands of times.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static uint64_t hash_add(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (h ^ 0x1f) * 1099511628211ULL;
}

static bool memo_matches(const struct pfw_memo *m, char kind, const char *a, const char *b)
{
	return m->kind == kind && !strcmp(m->key, a) && !strcmp(m->key + strlen(m->key) + 1, b);
}

/* No key is built to look one up: the walker and the scans ask this millions of times. */
struct pfw_memo *pfw_memo_slot(struct pfw_debuginfo *dbi, char kind, const char *a,
			       const char *b, bool *fresh)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i, n, la, lb;

	*fresh = false;
	a = a ?: "";
	b = b ?: "";
	if (!dbi->memo) {
		dbi->memo = calloc(PFW_MEMO_SLOTS, sizeof(*dbi->memo));
		if (!dbi->memo)
			return NULL;
	}
	h = hash_add(hash_add((h ^ (unsigned char)kind) * 1099511628211ULL, a), b);
	i = h % PFW_MEMO_SLOTS;
	for (n = 0; n < PFW_MEMO_SLOTS; n++, i = (i + 1) % PFW_MEMO_SLOTS) {
		struct pfw_memo *m = &dbi->memo[i];

		if (m->key && memo_matches(m, kind, a, b))
			return m;
		if (m->key)
			continue;
		la = strlen(a);
		lb = strlen(b);
		m->key = malloc(la + lb + 2);
		if (!m->key)
			return NULL;
		memcpy(m->key, a, la + 1);
		memcpy(m->key + la + 1, b, lb + 1);
		m->kind = kind;
		*fresh = true;
		return m;
	}
	return NULL;	/* full: look it up every time */
}

void pfw_memo_free(struct pfw_debuginfo *dbi)
{
	size_t i;

	if (!dbi->memo)
		return;
	for (i = 0; i < PFW_MEMO_SLOTS; i++)
		free(dbi->memo[i].key);
	free(dbi->memo);
	dbi->memo = NULL;
}

/*
 * PFWHY_TRACE_DWARF=FILE appends every look-up a command makes ("m STRUCT
 * PATH", "s STRUCT", "e NAME", "o ANCHOR NAME", "h STRUCT SYMBOL", "y SYMBOL",
 * "p FUNCTION PARAM") to FILE, for bench/dwarf-replay: the same look-ups against another
 * vmlinux measure what a command's DWARF reading costs there.
 */
void pfw_trace_lookup(char kind, const char *a, const char *b)
{
	static FILE *trace;
	static bool opened;

	if (!opened) {
		const char *path = getenv("PFWHY_TRACE_DWARF");

		opened = true;
		trace = path && *path ? fopen(path, "ae") : NULL;
	}
	if (trace)
		fprintf(trace, "%c %s%s%s\n", kind, a, b ? " " : "", b ?: "");
}
