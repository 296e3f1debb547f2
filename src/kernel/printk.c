// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel log in the dump: the lockless ring buffer of 5.10+
 * (kernel/printk/printk_ringbuffer.c, `prb`) and, before it, the log_buf of
 * struct printk_log records (kernel/printk/printk.c, 4.19 to 5.9).
 */
#include <stdlib.h>
#include <string.h>

#include "printk.h"

#define MAX_RECORD 4096

struct prb_layout {
	uint64_t count_bits, descs, infos, head_id, tail_id;
	uint64_t size_bits, data;
	uint64_t desc_size, sv_off, begin_off, next_off;
	uint64_t info_size, ts_off, len_off;
	struct pfw_member level;
	int64_t committed, finalized;
};

static struct pfw_error *read_uint(struct pfw_kernel *k, uint64_t addr, const char *type,
				   const char *member, uint64_t *val)
{
	return pfw_read_member(k, addr, type, member, val);
}

static uint64_t moff(struct pfw_kernel *k, const char *type, const char *member,
		     struct pfw_error **err)
{
	struct pfw_member m;

	if (*err)
		return 0;
	*err = pfw_member(k->dbi, type, member, &m);
	return m.offset;
}

static struct pfw_error *prb_layout(struct pfw_kernel *k, uint64_t rb, struct prb_layout *l)
{
	struct pfw_error *err = NULL;
	uint64_t desc_ring, data_ring;

	desc_ring = rb + moff(k, "printk_ringbuffer", "desc_ring", &err);
	data_ring = rb + moff(k, "printk_ringbuffer", "text_data_ring", &err);
	l->sv_off = moff(k, "prb_desc", "state_var", &err);
	l->begin_off = moff(k, "prb_desc", "text_blk_lpos", &err) +
		       moff(k, "prb_data_blk_lpos", "begin", &err);
	l->next_off = l->begin_off - moff(k, "prb_data_blk_lpos", "begin", &err) +
		      moff(k, "prb_data_blk_lpos", "next", &err);
	l->ts_off = moff(k, "printk_info", "ts_nsec", &err);
	l->len_off = moff(k, "printk_info", "text_len", &err);
	if (err || (err = pfw_member(k->dbi, "printk_info", "level", &l->level)) ||
	    (err = pfw_struct_size(k->dbi, "prb_desc", &l->desc_size)) ||
	    (err = pfw_struct_size(k->dbi, "printk_info", &l->info_size)) ||
	    (err = pfw_enumerator(k->dbi, "desc_committed", &l->committed)) ||
	    (err = pfw_enumerator(k->dbi, "desc_finalized", &l->finalized)) ||
	    (err = read_uint(k, desc_ring, "prb_desc_ring", "count_bits", &l->count_bits)) ||
	    (err = read_uint(k, desc_ring, "prb_desc_ring", "descs", &l->descs)) ||
	    (err = read_uint(k, desc_ring, "prb_desc_ring", "infos", &l->infos)) ||
	    (err = read_uint(k, desc_ring, "prb_desc_ring", "head_id", &l->head_id)) ||
	    (err = read_uint(k, desc_ring, "prb_desc_ring", "tail_id", &l->tail_id)) ||
	    (err = read_uint(k, data_ring, "prb_data_ring", "size_bits", &l->size_bits)) ||
	    (err = read_uint(k, data_ring, "prb_data_ring", "data", &l->data)))
		return pfw_error_wrap(err, "reading the printk ring buffer");
	if (l->count_bits > 24 || l->size_bits > 32)
		return pfw_error_create(PFW_ERR_CORRUPT, "printk ring buffer has %llu descriptor bits, %llu data bits",
					(unsigned long long)l->count_bits, (unsigned long long)l->size_bits);
	return NULL;
}

/* get_data(): the text of one record, handling a block that wrapped to the start */
static struct pfw_error *prb_text(struct pfw_kernel *k, const struct prb_layout *l,
				  uint64_t begin, uint64_t next, size_t len, char *buf)
{
	uint64_t size = 1ULL << l->size_bits, off;

	if ((begin >> l->size_bits) != (next >> l->size_bits))
		off = 0;	/* the block wrapped: it starts at the beginning */
	else
		off = begin & (size - 1);
	off += sizeof(uint64_t);	/* struct prb_data_block { unsigned long id; char data[]; } */
	if (off + len > size)
		return pfw_error_create(PFW_ERR_CORRUPT, "printk record runs past the ring buffer");
	return pfw_read_kv(k, l->data + off, buf, len);
}

static struct pfw_error *prb_for_each(struct pfw_kernel *k, uint64_t rb, pfw_log_fn *fn, void *arg)
{
	struct pfw_error *err;
	struct prb_layout l;
	uint64_t id, count;
	char *buf;

	err = prb_layout(k, rb, &l);
	if (err)
		return err;
	count = 1ULL << l.count_bits;
	buf = malloc(MAX_RECORD);
	if (!buf)
		return &pfw_error_nomem;
	for (id = l.tail_id; id != l.head_id + 1 && !err; id = (id + 1) & ~(3ULL << 62)) {
		uint64_t idx = id & (count - 1), desc = l.descs + idx * l.desc_size;
		uint64_t info = l.infos + idx * l.info_size, sv, begin, next, ts = 0, len = 0, lvl = 0;
		int64_t state;

		if (!pfw_ok(pfw_read_kv_u64(k, desc + l.sv_off, &sv)) ||
		    !pfw_ok(pfw_read_kv_u64(k, desc + l.begin_off, &begin)) ||
		    !pfw_ok(pfw_read_kv_u64(k, desc + l.next_off, &next)))
			continue;
		state = (sv >> 62) & 3;
		if ((sv & ~(3ULL << 62)) != id || (state != l.committed && state != l.finalized))
			continue;
		pfw_ignore(pfw_read_kv_u64(k, info + l.ts_off, &ts));
		pfw_ignore(pfw_read_kv(k, info + l.len_off, &len, 2));
		pfw_ignore(pfw_read_kv(k, info + l.level.offset, &lvl, 1));
		if (len >= MAX_RECORD)
			len = MAX_RECORD - 1;
		if (prb_text(k, &l, begin, next, len, buf))
			continue;
		buf[len] = 0;
		err = fn(k, ts, (int)((lvl >> l.level.bit_offset) & 7), buf, len, arg);
	}
	free(buf);
	return err;
}

/* 4.19 to 5.9: struct printk_log records in log_buf */
static struct pfw_error *log_buf_for_each(struct pfw_kernel *k, pfw_log_fn *fn, void *arg)
{
	uint64_t buf_p, buf, first_p, next_p, len_p, first = 0, next = 0, size = 0, hdr;
	struct pfw_member ts_m, len_m, text_len_m, level_m;
	struct pfw_error *err;
	unsigned long budget = 1 << 20;
	char *text;

	if ((err = pfw_kernel_symbol(k, "log_buf", &buf_p)) ||
	    (err = pfw_kernel_symbol(k, "log_first_idx", &first_p)) ||
	    (err = pfw_kernel_symbol(k, "log_next_idx", &next_p)) ||
	    (err = pfw_kernel_symbol(k, "log_buf_len", &len_p)) ||
	    (err = pfw_read_kv_u64(k, buf_p, &buf)) ||
	    (err = pfw_read_kv(k, first_p, &first, 4)) ||
	    (err = pfw_read_kv(k, next_p, &next, 4)) ||
	    (err = pfw_read_kv(k, len_p, &size, 4)) ||
	    (err = pfw_member(k->dbi, "printk_log", "ts_nsec", &ts_m)) ||
	    (err = pfw_member(k->dbi, "printk_log", "len", &len_m)) ||
	    (err = pfw_member(k->dbi, "printk_log", "text_len", &text_len_m)) ||
	    (err = pfw_member(k->dbi, "printk_log", "level", &level_m)) ||
	    (err = pfw_struct_size(k->dbi, "printk_log", &hdr)))
		return pfw_error_wrap(err, "reading log_buf");
	text = malloc(MAX_RECORD);
	if (!text)
		return &pfw_error_nomem;
	while (first != next && --budget && !err) {
		uint64_t rec = buf + first, ts = 0, len = 0, tlen = 0, lvl = 0;

		if ((err = pfw_read_kv(k, rec + len_m.offset, &len, 2)))
			break;
		if (!len) {	/* wrap marker */
			first = 0;
			continue;
		}
		pfw_ignore(pfw_read_kv_u64(k, rec + ts_m.offset, &ts));
		pfw_ignore(pfw_read_kv(k, rec + text_len_m.offset, &tlen, 2));
		/* "u8 flags:5; u8 level:3;" (4.19 kernel/printk/printk.c :359-371) */
		pfw_ignore(pfw_read_kv(k, rec + level_m.offset, &lvl, 1));
		if (tlen >= MAX_RECORD)
			tlen = MAX_RECORD - 1;
		if (pfw_ok(pfw_read_kv(k, rec + hdr, text, tlen))) {
			text[tlen] = 0;
			err = fn(k, ts, (int)((lvl >> (level_m.bit_offset > 0 ? level_m.bit_offset : 0)) & 7),
				 text, tlen, arg);
		}
		first = (first + len) % (size ? size : 1);
	}
	free(text);
	return err;
}

struct pfw_error *pfw_for_each_log_record(struct pfw_kernel *k, pfw_log_fn *fn, void *arg)
{
	uint64_t prb_p, rb;
	struct pfw_error *err;

	/* 5.10, 896fbe20b4e2 ("printk: use the lockless ringbuffer") */
	if (pfw_ok(pfw_kernel_symbol(k, "prb", &prb_p))) {
		err = pfw_read_kv_u64(k, prb_p, &rb);
		if (err)
			return pfw_error_wrap(err, "reading prb");
		return prb_for_each(k, rb, fn, arg);
	}
	return log_buf_for_each(k, fn, arg);
}
