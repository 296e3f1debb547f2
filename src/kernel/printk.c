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
	uint64_t info_size;
	struct pfw_member ts, text_len, level;
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
	if (err || (err = pfw_member(k->dbi, "printk_info", "ts_nsec", &l->ts)) ||
	    (err = pfw_member(k->dbi, "printk_info", "text_len", &l->text_len)) ||
	    (err = pfw_member(k->dbi, "printk_info", "level", &l->level)) ||
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

/*
 * get_data(): the text of one record, handling a block that wrapped to the
 * start.  A block that cannot hold its text is damage, reported as
 * "skip" (a record being rewritten when the kernel stopped looks the same).
 */
static struct pfw_error *prb_text(struct pfw_kernel *k, const struct prb_layout *l,
				  uint64_t begin, uint64_t next, size_t len, char *buf, bool *skip)
{
	uint64_t size = 1ULL << l->size_bits, off, room;

	*skip = false;
	if (!len)
		return NULL;
	if ((begin >> l->size_bits) != (next >> l->size_bits)) {
		off = 0;	/* the block wrapped: it starts at the beginning */
		room = next & (size - 1);
	} else {
		off = begin & (size - 1);
		room = next - begin;
	}
	/* struct prb_data_block { unsigned long id; char data[]; } */
	if (next - begin > size || room < sizeof(uint64_t) || len > room - sizeof(uint64_t)) {
		*skip = true;
		return NULL;
	}
	return pfw_read_kv(k, l->data + off + sizeof(uint64_t), buf, len);
}

#define DESC_ID_MASK	(~(3ULL << 62))	/* kernel/printk/printk_ringbuffer.h DESC_FLAGS_MASK */

struct prb_record {
	uint64_t id, desc, info;
};

/* One descriptor: false (and no error) when it does not hold record id, committed or final. */
static struct pfw_error *prb_read_record(struct pfw_kernel *k, const struct prb_layout *l,
					 const struct prb_record *r, char *buf, pfw_log_fn *fn,
					 void *arg, bool *used)
{
	uint64_t sv, begin, next, ts = 0, len = 0, lvl = 0;
	struct pfw_error *err;
	int64_t state;
	bool skip;

	*used = false;
	if ((err = pfw_read_kv_u64(k, r->desc + l->sv_off, &sv)) ||
	    (err = pfw_read_kv_u64(k, r->desc + l->begin_off, &begin)) ||
	    (err = pfw_read_kv_u64(k, r->desc + l->next_off, &next)))
		goto fail;
	state = (sv >> 62) & 3;
	if ((sv & DESC_ID_MASK) != r->id || (state != l->committed && state != l->finalized))
		return NULL;
	if ((err = pfw_read_field(k, r->info, &l->ts, &ts)) ||
	    (err = pfw_read_field(k, r->info, &l->text_len, &len)) ||
	    (err = pfw_read_field(k, r->info, &l->level, &lvl)))
		goto fail;
	if (len >= MAX_RECORD)
		len = MAX_RECORD - 1;
	err = prb_text(k, l, begin, next, len, buf, &skip);
	if (err)
		goto fail;
	if (skip)
		return NULL;
	buf[len] = 0;
	*used = true;
	return fn(k, ts, (int)lvl, buf, len, arg);
fail:
	return pfw_error_wrap(err, "printk record %llu", (unsigned long long)r->id);
}

/*
 * tail_id to head_id, at most the ring's 2^count_bits descriptors apart:
 * ids the dump damaged would otherwise walk 2^62 of them.  A ring holding
 * records none of which reads is damage, not an empty log.
 */
static struct pfw_error *prb_for_each(struct pfw_kernel *k, uint64_t rb, pfw_log_fn *fn, void *arg)
{
	uint64_t id, count, span, n, used_count = 0;
	struct pfw_error *err;
	struct prb_layout l;
	char *buf;

	err = prb_layout(k, rb, &l);
	if (err)
		return err;
	count = 1ULL << l.count_bits;
	span = (l.head_id - l.tail_id) & DESC_ID_MASK;
	if (span >= count)
		return pfw_error_create(PFW_ERR_CORRUPT,
					"printk ring buffer at 0x%llx is corrupt: tail_id 0x%llx and head_id 0x%llx are %llu records apart, more than its %llu descriptors",
					(unsigned long long)rb, (unsigned long long)l.tail_id,
					(unsigned long long)l.head_id, (unsigned long long)span,
					(unsigned long long)count);
	buf = malloc(MAX_RECORD);
	if (!buf)
		return &pfw_error_nomem;
	for (n = 0, id = l.tail_id; n <= span && !err; n++, id = (id + 1) & DESC_ID_MASK) {
		uint64_t idx = id & (count - 1);
		struct prb_record r = { id, l.descs + idx * l.desc_size, l.infos + idx * l.info_size };
		bool used;

		err = prb_read_record(k, &l, &r, buf, fn, arg, &used);
		used_count += used;
	}
	free(buf);
	if (!err && !used_count)
		return pfw_error_create(PFW_ERR_CORRUPT,
					"printk ring buffer at 0x%llx is corrupt: none of its %llu records from id %llu to %llu is readable",
					(unsigned long long)rb, (unsigned long long)span + 1,
					(unsigned long long)l.tail_id, (unsigned long long)l.head_id);
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
	if (first >= size || next >= size)
		err = pfw_error_create(PFW_ERR_CORRUPT,
				       "log_buf at 0x%llx is corrupt: indexes %llu and %llu in a buffer of %llu bytes",
				       (unsigned long long)buf, (unsigned long long)first,
				       (unsigned long long)next, (unsigned long long)size);
	while (!err && first != next) {
		uint64_t rec = buf + first, ts = 0, len = 0, tlen = 0, lvl = 0;

		if (!--budget) {
			err = pfw_error_create(PFW_ERR_CORRUPT, "log_buf at 0x%llx does not end",
					       (unsigned long long)buf);
			break;
		}
		if ((err = pfw_read_field(k, rec, &len_m, &len)))
			break;
		if (!len) {	/* wrap marker */
			first = 0;
			continue;
		}
		/* "u8 flags:5; u8 level:3;" (4.19 kernel/printk/printk.c :359-371) */
		if ((err = pfw_read_field(k, rec, &ts_m, &ts)) ||
		    (err = pfw_read_field(k, rec, &text_len_m, &tlen)) ||
		    (err = pfw_read_field(k, rec, &level_m, &lvl)))
			break;
		if (len < hdr || tlen > len - hdr || first + len > size) {
			err = pfw_error_create(PFW_ERR_CORRUPT,
					       "log_buf at 0x%llx is corrupt: a record of %llu bytes at %llu",
					       (unsigned long long)buf, (unsigned long long)len,
					       (unsigned long long)first);
			break;
		}
		if (tlen >= MAX_RECORD)
			tlen = MAX_RECORD - 1;
		if ((err = pfw_read_kv(k, rec + hdr, text, tlen)))
			break;
		text[tlen] = 0;
		err = fn(k, ts, (int)lvl, text, tlen, arg);
		first = (first + len) % size;
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
