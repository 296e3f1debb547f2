/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The synthetic memory images of tests/unit/synth.h, built once per fuzzer
 * process and mutated per input: each input's writes are undone after the
 * run, so every input starts from the same consistent kernel.
 */
#ifndef PFWHY_FUZZ_SYNTH_H
#define PFWHY_FUZZ_SYNTH_H

#include <stdlib.h>

#include "synth.h"

#define FUZZ_MAX_UNDO	512

struct fuzz_undo {
	uint64_t phys;
	size_t len;
	unsigned char old[64];
};

static struct syn *F;
static struct fuzz_undo undo[FUZZ_MAX_UNDO];
static int nundo;

/* Write to the image, remembering what was there. */
static inline void fuzz_write_phys(uint64_t phys, const void *buf, size_t len)
{
	struct fuzz_undo *u;
	size_t done = 0;

	if (len > sizeof(u->old) || nundo == FUZZ_MAX_UNDO)
		return;
	u = &undo[nundo++];
	u->phys = phys;
	u->len = len;
	while (done < len) {
		struct syn_page *p = syn_lookup(F, (phys + done) >> 12, true);
		size_t off = (phys + done) & 4095, chunk = 4096 - off;

		if (chunk > len - done)
			chunk = len - done;
		memcpy(u->old + done, p->data + off, chunk);
		done += chunk;
	}
	syn_write_phys(F, phys, buf, len);
}

static inline void fuzz_write(uint64_t va, const void *buf, size_t len)
{
	uint64_t phys;

	if (syn_kv_to_phys(F, va, &phys))
		fuzz_write_phys(phys, buf, len);
}

static inline void fuzz_undo_all(void)
{
	while (nundo) {
		struct fuzz_undo *u = &undo[--nundo];

		syn_write_phys(F, u->phys, u->old, u->len);
	}
}

/* The fixture vmlinux from FIX (tests/fixtures.sh prepare), as the unit tests take it. */
static inline void fuzz_synth_init(void)
{
	bool skipped;

	F = syn_create(&skipped);
	if (!F) {
		fprintf(stderr, "fuzz: no synthetic image (set FIX to the prepared fixtures)\n");
		exit(1);
	}
}

/* A printk ring (struct printk_ringbuffer) that prb points to, with room for ndescs records. */
struct fuzz_ring {
	uint64_t rb, descs, infos, text;
	uint64_t desc_size, info_size;
};

static inline void fuzz_ring_init(struct fuzz_ring *r, uint64_t ndescs, uint64_t text_size)
{
	r->desc_size = syn_sizeof(F, "prb_desc");
	r->info_size = syn_sizeof(F, "printk_info");
	r->rb = syn_alloc_struct(F, "printk_ringbuffer");
	r->descs = syn_alloc(F, ndescs * r->desc_size);
	r->infos = syn_alloc(F, ndescs * r->info_size);
	r->text = syn_alloc(F, text_size);
	syn_u64(F, syn_sym(F, "prb"), r->rb);
	syn_set(F, r->rb, "printk_ringbuffer", "desc_ring.descs", r->descs);
	syn_set(F, r->rb, "printk_ringbuffer", "desc_ring.infos", r->infos);
	syn_set(F, r->rb, "printk_ringbuffer", "text_data_ring.data", r->text);
}

#endif
