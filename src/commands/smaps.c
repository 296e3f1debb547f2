// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * smaps: /proc/PID/smaps and smaps_rollup from a dump, in the kernel's own
 * text (fs/proc/task_mmu.c show_smap(), __show_smap(), show_smaps_rollup())
 * so that diff against a live file works.  A field the dump cannot give
 * prints "unavailable" and stderr says why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pfwhy/interrupt.h>
#include <pfwhy/smaps.h>

#include "common.h"
#include "progress.h"
#include "vmas.h"

/* __show_smap()'s lines: SEQ_PUT_DEC() is the value >> 10 in a width of 8 */
static const struct smaps_line {
	const char *label;		/* padded as the kernel pads it */
	const char *key;		/* for --json */
	enum pfw_smaps_field field;
	bool pss;			/* kept << PSS_SHIFT */
	int width;
	enum { ALWAYS, ERA_PSS_DIRTY, ROLLUP_SPLIT, ERA_KSM } when;
} smaps_lines[] = {
	{ "Rss:            ", "Rss", PFW_SM_RSS, false, 8, ALWAYS },
	{ "Pss:            ", "Pss", PFW_SM_PSS, true, 8, ALWAYS },
	{ "Pss_Dirty:      ", "Pss_Dirty", PFW_SM_PSS_DIRTY, true, 8, ERA_PSS_DIRTY },
	{ "Pss_Anon:       ", "Pss_Anon", PFW_SM_PSS_ANON, true, 8, ROLLUP_SPLIT },
	{ "Pss_File:       ", "Pss_File", PFW_SM_PSS_FILE, true, 8, ROLLUP_SPLIT },
	{ "Pss_Shmem:      ", "Pss_Shmem", PFW_SM_PSS_SHMEM, true, 8, ROLLUP_SPLIT },
	{ "Shared_Clean:   ", "Shared_Clean", PFW_SM_SHARED_CLEAN, false, 8, ALWAYS },
	{ "Shared_Dirty:   ", "Shared_Dirty", PFW_SM_SHARED_DIRTY, false, 8, ALWAYS },
	{ "Private_Clean:  ", "Private_Clean", PFW_SM_PRIVATE_CLEAN, false, 8, ALWAYS },
	{ "Private_Dirty:  ", "Private_Dirty", PFW_SM_PRIVATE_DIRTY, false, 8, ALWAYS },
	{ "Referenced:     ", "Referenced", PFW_SM_REFERENCED, false, 8, ALWAYS },
	{ "Anonymous:      ", "Anonymous", PFW_SM_ANONYMOUS, false, 8, ALWAYS },
	{ "KSM:            ", "KSM", PFW_SM_KSM, false, 8, ERA_KSM },
	{ "LazyFree:       ", "LazyFree", PFW_SM_LAZYFREE, false, 8, ALWAYS },
	{ "AnonHugePages:  ", "AnonHugePages", PFW_SM_ANON_THP, false, 8, ALWAYS },
	{ "ShmemPmdMapped: ", "ShmemPmdMapped", PFW_SM_SHMEM_THP, false, 8, ALWAYS },
	{ "FilePmdMapped:  ", "FilePmdMapped", PFW_SM_FILE_THP, false, 8, ALWAYS },
	{ "Shared_Hugetlb: ", "Shared_Hugetlb", PFW_SM_SHARED_HUGETLB, false, 8, ALWAYS },
	{ "Private_Hugetlb: ", "Private_Hugetlb", PFW_SM_PRIVATE_HUGETLB, false, 7, ALWAYS },
	{ "Swap:           ", "Swap", PFW_SM_SWAP, false, 8, ALWAYS },
	{ "SwapPss:        ", "SwapPss", PFW_SM_SWAP_PSS, true, 8, ALWAYS },
	{ "Locked:         ", "Locked", PFW_SM_LOCKED, true, 8, ALWAYS },
};

struct smaps_run {
	struct pfw_session *s;
	struct pfw_smaps_ctx *c;
	struct pfw_smaps_format fmt;
	struct pfw_json j;
	bool rollup;
	char why[160];			/* the first reason a field is unavailable */
	struct pfw_progress pg;
};

static bool line_shown(const struct smaps_run *r, const struct smaps_line *l)
{
	switch (l->when) {
	case ERA_PSS_DIRTY:
		return r->fmt.pss_dirty;
	case ROLLUP_SPLIT:
		return r->rollup && r->fmt.pss_split;
	case ERA_KSM:
		return r->fmt.ksm;
	default:
		return true;
	}
}

static uint64_t kb(const struct smaps_line *l, const struct pfw_smaps *m)
{
	return (l->pss ? m->v[l->field] >> 12 : m->v[l->field]) >> 10;
}

static void note_unavailable(struct smaps_run *r, const struct pfw_smaps *m)
{
	if (m->unavailable && !r->why[0])
		snprintf(r->why, sizeof(r->why), "%s", m->why_unavailable);
}

static void print_counts(struct smaps_run *r, const struct pfw_smaps *m)
{
	FILE *out = r->s->out;
	size_t i;

	note_unavailable(r, m);
	for (i = 0; i < sizeof(smaps_lines) / sizeof(smaps_lines[0]); i++) {
		const struct smaps_line *l = &smaps_lines[i];

		if (!line_shown(r, l))
			continue;
		if (r->s->json) {
			if (m->unavailable & (1ULL << l->field))
				pfw_json_string(&r->j, l->key, "unavailable");
			else
				pfw_json_int(&r->j, l->key, kb(l, m));
		} else if (m->unavailable & (1ULL << l->field)) {
			fprintf(out, "%s%*s kB\n", l->label, l->width, "unavailable");
		} else {
			fprintf(out, "%s%*llu kB\n", l->label, l->width, (unsigned long long)kb(l, m));
		}
	}
}

static void print_page_sizes(struct smaps_run *r, const struct pfw_vma *v,
			     const struct pfw_smaps_vma *info)
{
	FILE *out = r->s->out;

	if (r->s->json) {
		pfw_json_int(&r->j, "Size", (v->end - v->start) >> 10);
		if (info->kernel_page_size) {
			pfw_json_int(&r->j, "KernelPageSize", info->kernel_page_size >> 10);
			pfw_json_int(&r->j, "MMUPageSize", info->mmu_page_size >> 10);
		} else {
			pfw_json_string(&r->j, "KernelPageSize", "unavailable");
			pfw_json_string(&r->j, "MMUPageSize", "unavailable");
		}
		return;
	}
	fprintf(out, "Size:           %8llu kB\n", (unsigned long long)(v->end - v->start) >> 10);
	if (info->kernel_page_size)
		fprintf(out, "KernelPageSize: %8llu kB\nMMUPageSize:    %8llu kB\n",
			(unsigned long long)info->kernel_page_size >> 10,
			(unsigned long long)info->mmu_page_size >> 10);
	else
		fprintf(out, "KernelPageSize: unavailable kB\nMMUPageSize:    unavailable kB\n");
}

static void print_vma_tail(struct smaps_run *r, const struct pfw_smaps_vma *info)
{
	FILE *out = r->s->out;

	if (r->s->json) {
		if (info->thp_eligible < 0)
			pfw_json_string(&r->j, "THPeligible", "unavailable");
		else
			pfw_json_int(&r->j, "THPeligible", info->thp_eligible);
		if (info->has_pkey)
			pfw_json_int(&r->j, "ProtectionKey", info->pkey);
		pfw_json_string(&r->j, "VmFlags", info->vm_flags);
		return;
	}
	if (info->thp_eligible < 0)
		fprintf(out, "THPeligible:    %*s\n", r->fmt.thp_eligible_width, "unavailable");
	else
		fprintf(out, "THPeligible:    %*d\n", r->fmt.thp_eligible_width, info->thp_eligible);
	if (info->has_pkey)
		fprintf(out, "ProtectionKey:  %8u\n", info->pkey);
	fprintf(out, "VmFlags: %s\n", info->vm_flags);
}

static void json_header(struct smaps_run *r, const struct pfw_vma *v)
{
	char dev[16];

	snprintf(dev, sizeof(dev), "%02x:%02x", v->dev_major, v->dev_minor);
	pfw_json_hex(&r->j, "start", v->start);
	pfw_json_hex(&r->j, "end", v->end);
	pfw_json_string(&r->j, "perms", v->perms);
	pfw_json_hex(&r->j, "offset", v->file ? v->pgoff << 12 : 0);
	pfw_json_string(&r->j, "dev", dev);
	pfw_json_int(&r->j, "inode", v->inode);
	pfw_json_string(&r->j, "path", v->name);
}

/* show_smap() */
static void show_smap(struct smaps_run *r, const struct pfw_vma *v, const struct pfw_smaps *m)
{
	struct pfw_smaps_vma info;

	pfw_smaps_vma_info(r->c, v, &info);
	if (r->s->json) {
		pfw_json_object_begin(&r->j, NULL);
		json_header(r, v);
	} else {
		pfw_maps_line(r->s->out, v);
	}
	print_page_sizes(r, v, &info);
	print_counts(r, m);
	print_vma_tail(r, &info);
	if (r->s->json)
		pfw_json_object_end(&r->j);
}

/* show_smaps_rollup(): the header spans the first VMA's start to the last one's end */
static void show_rollup(struct smaps_run *r, uint64_t start, uint64_t end,
			const struct pfw_smaps *m)
{
	struct pfw_vma hdr = { .start = start, .end = end };

	strcpy(hdr.perms, "---p");
	strcpy(hdr.name, "[rollup]");
	if (r->s->json) {
		pfw_json_object_begin(&r->j, "rollup");
		pfw_json_hex(&r->j, "start", start);
		pfw_json_hex(&r->j, "end", end);
	} else {
		pfw_maps_line(r->s->out, &hdr);
	}
	print_counts(r, m);
	if (r->s->json)
		pfw_json_object_end(&r->j);
}

static struct pfw_error *gather_all(struct smaps_run *r, const struct pfw_vma_list *vl,
				    struct pfw_smaps *total, size_t *done)
{
	struct pfw_progress *pg = &r->pg;
	struct pfw_scan_stats st;
	struct pfw_error *err = NULL;
	size_t i;

	for (i = 0; i < vl->n; i++) {
		struct pfw_smaps m = { 0 };
		struct pfw_smaps *mss = r->rollup ? total : &m;

		err = pfw_smaps_gather(r->c, &vl->v[i], mss);
		if (err)
			break;
		if (!r->rollup)
			show_smap(r, &vl->v[i], mss);
		*done = i + 1;
		pfw_smaps_stats(r->c, &st);
		pfw_progress_update(pg, i + 1, vl->n, st.entries);
	}
	pfw_progress_end(pg);
	return err;
}

static struct pfw_error *run_smaps(struct smaps_run *r, const struct pfw_task *t,
				   const struct pfw_vma_list *vl)
{
	struct pfw_smaps total = { 0 };
	struct pfw_error *err;
	size_t done = 0;

	if (r->s->json) {
		pfw_json_init(&r->j, r->s->out);
		pfw_json_object_begin(&r->j, NULL);
		pfw_json_int(&r->j, "pid", t->pid);
		if (!r->rollup)
			pfw_json_array_begin(&r->j, "vmas");
	}
	err = gather_all(r, vl, &total, &done);
	/* the rollup's list has no gate VMA: its maple-tree walk never meets it */
	if (r->rollup && (!err || err->code == PFW_ERR_INTERRUPTED))
		show_rollup(r, vl->n ? vl->v[0].start : 0, done ? vl->v[done - 1].end : 0, &total);
	if (r->s->json) {
		struct pfw_scan_stats st;

		pfw_smaps_stats(r->c, &st);
		if (!r->rollup)
			pfw_json_array_end(&r->j);
		pfw_json_int(&r->j, "entries", st.entries);
		pfw_json_int(&r->j, "scan_us", pfw_progress_seconds(&r->pg) * 1e6);
		pfw_json_int(&r->j, "scan_cpu_us", pfw_progress_cpu_seconds(&r->pg) * 1e6);
		pfw_json_bool(&r->j, "complete", !err);
		pfw_json_object_end(&r->j);
		pfw_json_end(&r->j);
	}
	if (r->why[0])
		fprintf(stderr, "pfwhy: smaps: fields marked unavailable: %s\n", r->why);
	if (err && err->code == PFW_ERR_INTERRUPTED)
		return pfw_error_wrap(err, "stopped after %zu of %zu VMAs (the output above is partial)",
				      done, vl->n);
	return err;
}

DECLARE_COMMAND(pfw_cmd_smaps)
{
	struct smaps_run r = { .s = s, .rollup = pfw_arg(cmd, a, "rollup") != NULL };
	struct pfw_vma_list vl = { 0 };
	struct pfw_prefetch *ahead = NULL;
	struct pfw_error *err;
	struct pfw_task t;
	uint64_t addr = 0;

	if (a->npos > 1)
		return pfw_error_create(PFW_ERR_USAGE, "one address at a time (smaps [--pid N] [ADDR])");
	if (a->npos && r.rollup)
		return pfw_error_create(PFW_ERR_USAGE, "--rollup covers every VMA: give no ADDR");
	if (a->npos && (err = pfw_parse_address(s, a->pos[0], &addr)))
		return err;
	/* the scan's time (--json scan_us) counts the task and VMA look-ups too, as faultmap's */
	pfw_progress_begin(&r.pg, "smaps");
	/* every VMA: a second thread reads ahead the tables and struct pages the scan reads */
	if (!a->npos)
		ahead = pfw_prefetch_start(pfw_kernel_memory(s->k));
	err = pfw_vma_task(s, cmd, a, &t);
	if (err) {
		pfw_prefetch_stop(ahead);
		return err;
	}
	pfw_scan_ahead(ahead, s->k, t.mm, 0, pfw_task_size(s->k), true);
	/* show_smaps_rollup() names no VMA: no d_path for --rollup */
	err = pfw_vma_list_of(s, &t, a->npos ? &addr : NULL, !r.rollup, !r.rollup, &vl);
	if (err) {
		pfw_prefetch_stop(ahead);
		return err;
	}
	err = pfw_smaps_open(s->k, t.mm, &r.c);
	if (!err) {
		pfw_smaps_format(r.c, &r.fmt);
		err = run_smaps(&r, &t, &vl);
		pfw_smaps_close(r.c);
	}
	pfw_prefetch_stop(ahead);
	pfw_vma_list_free(&vl);
	return err;
}
