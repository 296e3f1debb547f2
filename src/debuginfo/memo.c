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

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct pfw_memo *pfw_memo_slot(struct pfw_debuginfo *dbi, char kind, const char *a,
			       const char *b, bool *fresh)
{
	char key[256];
	size_t i, n;

	*fresh = false;
	if (!dbi->memo) {
		dbi->memo = calloc(PFW_MEMO_SLOTS, sizeof(*dbi->memo));
		if (!dbi->memo)
			return NULL;
	}
	if (snprintf(key, sizeof(key), "%c\x1f%s\x1f%s", kind, a ?: "", b ?: "") >= (int)sizeof(key))
		return NULL;
	i = hash_str(key) % PFW_MEMO_SLOTS;
	for (n = 0; n < PFW_MEMO_SLOTS; n++, i = (i + 1) % PFW_MEMO_SLOTS) {
		struct pfw_memo *m = &dbi->memo[i];

		if (!m->key) {
			m->key = strdup(key);
			if (!m->key)
				return NULL;
			*fresh = true;
			return m;
		}
		if (!strcmp(m->key, key))
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
 * PATH", "s STRUCT", "e NAME", "o ANCHOR NAME", "h STRUCT SYMBOL", "y SYMBOL")
 * to FILE, for bench/dwarf-replay: the same look-ups against another
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
