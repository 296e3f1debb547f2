// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The printk ring parser (src/kernel/printk.c) over a ring whose every
 * byte comes from the input: the ring's header (count_bits, head_id,
 * tail_id, size_bits), its descriptors, infos and text data, in a
 * synthetic image.  Then the log walk and the oops scan that reads it.
 */
#include <pfwhy/oops.h>

#include "fuzz_synth.h"
#include "kernel/printk.h"

#define MAX_DESCS	64
#define DATA_SIZE	4096

static struct fuzz_ring R;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_synth_init();
	fuzz_ring_init(&R, MAX_DESCS, DATA_SIZE);
	return F->errors ? 1 : 0;
}

static struct pfw_error *count_record(struct pfw_kernel *k, uint64_t ts, int level,
				      const char *t, size_t len, void *arg)
{
	(*(size_t *)arg) += len;
	return NULL;
}

static void set(const char *path, uint64_t v)
{
	struct pfw_member m;
	uint64_t phys;

	if (pfw_member(F->dbi, "printk_ringbuffer", path, &m) || !syn_kv_to_phys(F, R.rb + m.offset, &phys))
		return;
	fuzz_write_phys(phys, &v, m.size < 8 ? m.size : 8);
}

/* Input: 26 bytes of header, then descriptors, infos and text in that order. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t head, tail, n, phys;
	size_t total = 0, len;
	struct pfw_oops oops;
	bool found;

	if (size < 26)
		return 0;
	memcpy(&head, data + 2, 8);
	memcpy(&tail, data + 10, 8);
	set("desc_ring.count_bits", data[0] % 7);	/* at most MAX_DESCS descriptors */
	set("text_data_ring.size_bits", data[1] % 13);	/* at most DATA_SIZE bytes */
	set("desc_ring.head_id", head);
	set("desc_ring.tail_id", tail);
	data += 26;
	size -= 26;
	for (n = 0; size && n < 3; n++) {
		uint64_t base = n == 0 ? R.descs : n == 1 ? R.infos : R.text;
		uint64_t cap = n == 0 ? MAX_DESCS * R.desc_size : n == 1 ? MAX_DESCS * R.info_size :
			DATA_SIZE;
		uint64_t off;

		syn_kv_to_phys(F, base, &phys);
		for (off = 0; size && off < cap; off += len) {
			len = size < 64 ? size : 64;
			if (len > cap - off)
				len = cap - off;
			fuzz_write_phys(phys + off, data, len);
			data += len;
			size -= len;
		}
	}
	pfw_error_destroy(pfw_for_each_log_record(F->k, count_record, &total));
	pfw_error_destroy(pfw_find_oops(F->k, &oops, &found));
	fuzz_undo_all();
	return 0;
}
