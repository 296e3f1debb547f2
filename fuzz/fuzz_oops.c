// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The oops parser (src/walker/oops.c): the input's lines become the
 * records of a well-formed printk ring (kernel/printk/printk_ringbuffer.c
 * layout: finalized descriptors, data blocks of {id, text}), so every
 * input reaches the parser as kernel log text.
 */
#include <pfwhy/oops.h>

#include "fuzz_synth.h"

#define NDESCS		32	/* count_bits 5 */
#define DATA_BITS	14
#define DATA_SIZE	(1U << DATA_BITS)

static struct fuzz_ring R;
static uint64_t sv_off, begin_off, next_off, len_off;
static int64_t finalized;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_synth_init();
	fuzz_ring_init(&R, NDESCS, DATA_SIZE);
	sv_off = syn_offset(F, "prb_desc", "state_var");
	begin_off = syn_offset(F, "prb_desc", "text_blk_lpos.begin");
	next_off = syn_offset(F, "prb_desc", "text_blk_lpos.next");
	len_off = syn_offset(F, "printk_info", "text_len");
	finalized = syn_enum(F, "desc_finalized");
	syn_set(F, R.rb, "printk_ringbuffer", "desc_ring.count_bits", 5);
	syn_set(F, R.rb, "printk_ringbuffer", "desc_ring.tail_id", 0);
	syn_set(F, R.rb, "printk_ringbuffer", "text_data_ring.size_bits", DATA_BITS);
	return F->errors ? 1 : 0;
}

static void put_u64(uint64_t va, uint64_t v)
{
	fuzz_write(va, &v, 8);
}

/* One record: descriptor id, finalized; data block {id, text} at *pos. */
static bool add_record(uint64_t id, const uint8_t *line, size_t len, uint64_t *pos)
{
	uint64_t need = (8 + len + 7) & ~7ULL;
	uint16_t tl = len;
	size_t off;

	if (*pos + need > DATA_SIZE)
		return false;
	put_u64(R.descs + id * R.desc_size + sv_off, id | ((uint64_t)finalized << 62));
	put_u64(R.descs + id * R.desc_size + begin_off, *pos);
	put_u64(R.descs + id * R.desc_size + next_off, *pos + need);
	fuzz_write(R.infos + id * R.info_size + len_off, &tl, 2);
	put_u64(R.text + *pos, id);
	for (off = 0; off < len; off += 64)
		fuzz_write(R.text + *pos + 8 + off, line + off, len - off < 64 ? len - off : 64);
	*pos += need;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t id = 0, pos = 0;
	struct pfw_oops oops;
	bool found;

	while (size && id < NDESCS) {
		const uint8_t *nl = memchr(data, '\n', size);
		size_t len = nl ? (size_t)(nl - data) : size;

		if (len > 400)
			len = 400;
		if (!add_record(id, data, len, &pos))
			break;
		id++;
		len = nl ? (size_t)(nl - data) + 1 : size;
		data += len;
		size -= len;
	}
	if (!id)
		return 0;
	put_u64(R.rb + syn_offset(F, "printk_ringbuffer", "desc_ring.head_id"), id - 1);
	pfw_error_destroy(pfw_find_oops(F->k, &oops, &found));
	fuzz_undo_all();
	return 0;
}
