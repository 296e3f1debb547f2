// SPDX-License-Identifier: GPL-2.0-or-later
/* info and ps */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"

/* A base the dump did not let us read is unknown, never its usual constant. */
static void print_base(struct pfw_session *s, const struct pfw_kernel_info *i, const char *label,
		       unsigned int bit, uint64_t val)
{
	if (i->unknown_bases & bit)
		fprintf(s->out, "%s: unknown (%s)\n", label, i->bases_error);
	else
		fprintf(s->out, "%s: 0x%llx\n", label, (unsigned long long)val);
}

static void json_base(struct pfw_json *j, const struct pfw_kernel_info *i, const char *key,
		      unsigned int bit, uint64_t val)
{
	if (i->unknown_bases & bit)
		pfw_json_string(j, key, NULL);
	else
		pfw_json_hex(j, key, val);
}

/*
 * One format as in --json: the 64-bit value.  It is "negative" (VMCOREINFO
 * prints it signed) when the kernel runs below its link address.
 */
static void print_phys_base(struct pfw_session *s, uint64_t phys_base)
{
	fprintf(s->out, "    phys_base: 0x%llx", (unsigned long long)phys_base);
	if ((int64_t)phys_base < 0)
		fprintf(s->out, " (-0x%llx: loaded below its link address)",
			(unsigned long long)-phys_base);
	fputc('\n', s->out);
}

DECLARE_COMMAND(pfw_cmd_info)
{
	struct pfw_kernel_info i;
	struct pfw_error *err;
	struct pfw_json j;

	err = pfw_kernel_get_info(s->k, &i);
	if (err)
		return err;
	if (s->json) {
		pfw_json_init(&j, s->out);
		pfw_json_object_begin(&j, NULL);
		pfw_json_string(&j, "release", i.release);
		pfw_json_string(&j, "version", i.version);
		pfw_json_string(&j, "machine", i.machine);
		pfw_json_string(&j, "dump_format", i.dump_format);
		if (i.truncated)
			pfw_json_int(&j, "truncated_at", i.truncated_at);
		pfw_json_string(&j, "vmlinux", i.vmlinux);
		pfw_json_int(&j, "paging_levels", i.paging_levels);
		pfw_json_bool(&j, "pti", i.pti);
		if (i.va_bits) {
			pfw_json_int(&j, "va_bits", i.va_bits);
			pfw_json_hex(&j, "kimage_voffset", i.kimage_voffset);
			pfw_json_hex(&j, "phys_offset", i.phys_offset);
		}
		pfw_json_hex(&j, "kaslr_offset", i.kaslr_offset);
		/* x86's: arm64 places its image by kimage_voffset and keeps no phys_base */
		if (!i.va_bits)
			pfw_json_hex(&j, "phys_base", i.phys_base);
		json_base(&j, &i, "page_offset", 1, i.page_offset);
		json_base(&j, &i, "vmemmap_base", 2, i.vmemmap_base);
		json_base(&j, &i, "vmalloc_base", 4, i.vmalloc_base);
		if (i.has_crash_time)
			pfw_json_int(&j, "crash_time", i.crash_time);
		else
			pfw_json_null(&j, "crash_time");
		pfw_json_string(&j, "crash_time_source", i.crash_time_source);
		pfw_json_string(&j, "panic", i.panic_message);
		if (i.dump_level >= 0)
			pfw_json_int(&j, "dump_level", i.dump_level);
		else
			pfw_json_null(&j, "dump_level");
		pfw_json_bool(&j, "partial", i.partial);
		pfw_json_object_end(&j);
		pfw_json_end(&j);
		return NULL;
	}
	fprintf(s->out, "      release: %s\n", i.release ?: "(unknown)");
	fprintf(s->out, "      version: %s\n", i.version ?: "(unknown)");
	fprintf(s->out, "      machine: %s\n", i.machine);
	fprintf(s->out, "         dump: %s", i.dump_format ?: "(unknown)");
	if (i.partial)
		fprintf(s->out, " [PARTIAL DUMP] (dump level %d)", i.dump_level);
	fputc('\n', s->out);
	if (i.truncated)
		fprintf(s->out, "    truncated: at offset %llu (what lay beyond is not in this dump)\n",
			(unsigned long long)i.truncated_at);
	fprintf(s->out, "      vmlinux: %s\n", i.vmlinux);
	fprintf(s->out, "       paging: %d-level%s\n", i.paging_levels, i.pti ? ", PTI on" : "");
	if (i.va_bits) {
		/* arm64: VMCOREINFO's VA_BITS, kimage_voffset, PHYS_OFFSET */
		fprintf(s->out, "      VA_BITS: %d (4 KiB pages)\n", i.va_bits);
		fprintf(s->out, "kimage_voffset: 0x%llx\n", (unsigned long long)i.kimage_voffset);
		fprintf(s->out, "  PHYS_OFFSET: 0x%llx\n", (unsigned long long)i.phys_offset);
	}
	fprintf(s->out, " KASLR offset: 0x%llx\n", (unsigned long long)i.kaslr_offset);
	if (!i.va_bits)
		print_phys_base(s, i.phys_base);
	print_base(s, &i, "  PAGE_OFFSET", 1, i.page_offset);
	print_base(s, &i, "      vmemmap", 2, i.vmemmap_base);
	print_base(s, &i, "      vmalloc", 4, i.vmalloc_base);
	if (i.has_crash_time) {
		time_t t = (time_t)i.crash_time;
		char when[64];

		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", gmtime(&t));
		fprintf(s->out, "   crash time: %s (%s)\n", when, i.crash_time_source);
	}
	if (i.panic_message)
		fprintf(s->out, "        panic: %s\n", i.panic_message);
	return NULL;
}

struct ps_arg {
	struct pfw_session *s;
	struct pfw_json j;
	const char *only;		/* ps PID|COMM: that pid, or every task of that comm */
	int only_pid;			/* -1: only is a comm */
	int shown;
};

static bool ps_wanted(struct ps_arg *p, const struct pfw_task *t)
{
	if (!p->only)
		return true;
	return p->only_pid >= 0 ? t->pid == p->only_pid : !strcmp(t->comm, p->only);
}

static struct pfw_error *print_task(struct pfw_kernel *k, const struct pfw_task *t, void *arg)
{
	struct ps_arg *p = arg;

	if (!ps_wanted(p, t))
		return NULL;
	if (!p->shown++ && !p->s->json)
		fprintf(p->s->out, "%7s %7s %7s %2s  %-16s %-16s %-16s %8s %8s\n", "PID", "TGID", "PPID",
			"ST", "COMM", "TASK", "MM", "RSS(KB)", "SWAP(KB)");
	if (p->s->json) {
		pfw_json_object_begin(&p->j, NULL);
		pfw_json_int(&p->j, "pid", t->pid);
		pfw_json_int(&p->j, "tgid", t->tgid);
		pfw_json_int(&p->j, "ppid", t->ppid);
		pfw_json_string(&p->j, "state", (char[2]){ t->state, 0 });
		pfw_json_string(&p->j, "comm", t->comm);
		pfw_json_hex(&p->j, "task", t->addr);
		pfw_json_hex(&p->j, "mm", t->mm);
		pfw_json_int(&p->j, "rss_kb", t->rss_pages * 4);
		pfw_json_int(&p->j, "swap_kb", t->swap_pages * 4);
		pfw_json_object_end(&p->j);
		return NULL;
	}
	fprintf(p->s->out, "%7d %7d %7d  %c  %-16s %016llx %016llx %8llu %8llu\n", t->pid, t->tgid,
		t->ppid, t->state, t->comm, (unsigned long long)t->addr,
		(unsigned long long)t->mm, (unsigned long long)t->rss_pages * 4,
		(unsigned long long)t->swap_pages * 4);
	return NULL;
}

DECLARE_COMMAND(pfw_cmd_ps)
{
	struct ps_arg p = { .s = s, .only_pid = -1 };
	struct pfw_error *err;
	char *end;
	long pid;

	if (a->npos) {
		p.only = a->pos[0];
		pid = strtol(p.only, &end, 10);
		if (!*end && *p.only && pid >= 0 && pid <= 0x7fffffff)
			p.only_pid = (int)pid;
	}
	if (s->json) {
		pfw_json_init(&p.j, s->out);
		pfw_json_array_begin(&p.j, NULL);
	}
	err = pfw_for_each_task(s->k, print_task, &p);
	if (s->json) {
		pfw_json_array_end(&p.j);
		pfw_json_end(&p.j);
	}
	if (!err && p.only && !p.shown)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "no task with pid or comm \"%s\"", p.only);
	return err;
}
