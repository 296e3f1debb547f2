// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * faultmap: a task's pages in runs of equal state, each with what a read, a
 * write and an exec would make the kernel do, in why's verdict names
 * (pfw_verdict_name()).  The verdicts are pfw_why()'s own (src/walker/faultmap.c
 * says when one replay stands for a whole run).
 */
#include <stdio.h>

#include <pfwhy/walker.h>

#include "common.h"
#include "progress.h"

struct fmap_out {
	struct pfw_session *s;
	struct pfw_json j;
	const struct pfw_vma *last_vma;
	bool any;
	struct pfw_progress pg;
	uint64_t runs;
	uint64_t reached;		/* the end of the last run printed */
};

static const char *const access_names[] = { "read", "write", "exec" };

static void json_run(struct fmap_out *o, const struct pfw_fault_run *r)
{
	int a;

	pfw_json_object_begin(&o->j, NULL);
	pfw_json_hex(&o->j, "start", r->start);
	pfw_json_hex(&o->j, "end", r->end);
	pfw_json_int(&o->j, "pages", (r->end - r->start) >> 12);
	pfw_json_string(&o->j, "state", r->state);
	if (r->vma)
		pfw_json_hex(&o->j, "vma_start", r->vma->start);
	else
		pfw_json_null(&o->j, "vma_start");
	for (a = 0; a < 3; a++)
		pfw_json_string(&o->j, access_names[a], pfw_verdict_name(r->verdict[a]));
	pfw_json_object_end(&o->j);
}

static struct pfw_error *print_run(void *arg, const struct pfw_fault_run *r)
{
	struct fmap_out *o = arg;
	FILE *out = o->s->out;
	int a;

	o->runs++;
	o->reached = r->end;
	pfw_progress_update_at(&o->pg, r->end);
	if (o->s->json) {
		json_run(o, r);
		return NULL;
	}
	if (r->vma != o->last_vma || !o->any) {
		if (r->vma)
			pfw_maps_line(out, r->vma);
		else
			fprintf(out, "(no VMA)\n");
	}
	o->last_vma = r->vma;
	o->any = true;
	fprintf(out, "  %012llx-%012llx %11llu  %-16s", (unsigned long long)r->start,
		(unsigned long long)r->end, (unsigned long long)(r->end - r->start) >> 12, r->state);
	for (a = 0; a < 3; a++)
		fprintf(out, "  %s: %s", access_names[a], pfw_verdict_name(r->verdict[a]));
	fputc('\n', out);
	return NULL;
}

static struct pfw_error *parse_range(struct pfw_session *s, struct pfw_args *a, uint64_t *start,
				     uint64_t *end)
{
	struct pfw_kernel_info info;
	struct pfw_error *err;
	uint64_t top;

	*start = 0;
	*end = ~0ULL;
	if (a->npos > 2)
		return pfw_error_create(PFW_ERR_USAGE, "faultmap [--pid N] [START [END]]");
	if (a->npos >= 1 && (err = pfw_parse_address(s, a->pos[0], start)))
		return err;
	/* START alone: its page */
	if (a->npos == 1)
		*end = (*start | 0xfff) + 1;
	if (a->npos == 2 && (err = pfw_parse_address(s, a->pos[1], end)))
		return err;
	if ((err = pfw_kernel_get_info(s->k, &info)))
		return err;
	/* TASK_SIZE_MAX: the kernel half is init_mm's, not the task's */
	top = info.task_size;
	if (*start >= top)
		return pfw_error_create(PFW_ERR_USAGE,
					"0x%llx is not a user address: faultmap maps the user half (below 0x%llx)",
					(unsigned long long)*start, (unsigned long long)top);
	if (*end <= *start)
		return pfw_error_create(PFW_ERR_USAGE, "END 0x%llx is not above START 0x%llx",
					(unsigned long long)*end, (unsigned long long)*start);
	return NULL;
}

DECLARE_COMMAND(pfw_cmd_faultmap)
{
	struct fmap_out o = { .s = s };
	struct pfw_faultmap_stats st;
	struct pfw_error *err;
	struct pfw_task t;
	uint64_t start, end;
	bool has_task;

	if ((err = parse_range(s, a, &start, &end)))
		return err;
	/* the scan's time (--json scan_us) counts the task and VMA look-ups too, as smaps' */
	pfw_progress_begin(&o.pg, "faultmap");
	err = pfw_session_task(s, cmd, a, &t, &has_task);
	if (err)
		return err;
	if (!has_task)
		return pfw_no_task(s, "whose pages?");
	if (s->json) {
		pfw_json_init(&o.j, s->out);
		pfw_json_object_begin(&o.j, NULL);
		pfw_json_int(&o.j, "pid", t.pid);
		pfw_json_array_begin(&o.j, "runs");
	}
	err = pfw_faultmap(s->k, t.pid, start, end, print_run, &o, &st);
	pfw_progress_end(&o.pg);
	if (s->json) {
		pfw_json_array_end(&o.j);
		pfw_json_int(&o.j, "pages", st.pages);
		pfw_json_int(&o.j, "entries", st.entries);
		pfw_json_int(&o.j, "classes", st.classes);
		pfw_json_int(&o.j, "scan_us", pfw_progress_seconds(&o.pg) * 1e6);
		pfw_json_int(&o.j, "scan_cpu_us", pfw_progress_cpu_seconds(&o.pg) * 1e6);
		pfw_json_bool(&o.j, "complete", !err);
		pfw_json_object_end(&o.j);
		pfw_json_end(&o.j);
	}
	if (err && err->code == PFW_ERR_INTERRUPTED)
		return pfw_error_wrap(err, "stopped at 0x%llx, after %llu pages (the runs above are what was mapped)",
				      (unsigned long long)o.reached, (unsigned long long)st.pages);
	return err;
}
