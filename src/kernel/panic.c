// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The panic a dump was taken at: its message in the log, the time, and the
 * task that panicked (crash's current context: the task running on the
 * panic CPU).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel.h"
#include "printk.h"

#define PANIC_PREFIX "Kernel panic - not syncing: "

static struct pfw_error *find_panic_line(struct pfw_kernel *k, uint64_t ts, int level,
					 const char *text, size_t len, void *arg)
{
	char **msg = arg;
	const char *p = strstr(text, PANIC_PREFIX);

	if (!p)
		return NULL;
	free(*msg);
	*msg = strndup(p + strlen(PANIC_PREFIX), strcspn(p + strlen(PANIC_PREFIX), "\n"));
	return NULL;
}

/* panic()'s "Kernel panic - not syncing: MSG", the last one in the log. */
const char *pfw_kernel_panic_message(struct pfw_kernel *k)
{
	if (!k->panic_scanned) {
		k->panic_scanned = true;
		pfw_ignore(pfw_for_each_log_record(k, find_panic_line, &k->panic_message));
	}
	return k->panic_message;
}

/*
 * When the kernel's clock stopped: VMCOREINFO's CRASHTIME (kexec's
 * crash_save_vmcoreinfo()), else the timekeeper's xtime_sec.  timekeeping_
 * advance() copies shadow_timekeeper into tk_core.timekeeper after each
 * update, so the shadow holds the same wall time and needs no anonymous
 * struct's layout.
 */
bool pfw_kernel_crash_time(struct pfw_kernel *k, int64_t *secs, const char **source)
{
	const char *v = pfw_vmcoreinfo_get(k->mem, "CRASHTIME", NULL);
	uint64_t addr, val;

	if (v) {
		*secs = strtoll(v, NULL, 10);
		*source = "VMCOREINFO CRASHTIME";
		return true;
	}
	if (!pfw_ok(pfw_kernel_symbol(k, "shadow_timekeeper", &addr)) ||
	    !pfw_ok(pfw_read_member(k, addr, "timekeeper", "xtime_sec", &val)) || !val)
		return false;
	*secs = (int64_t)val;
	*source = "the timekeeper's xtime_sec";
	return true;
}

/* A per-CPU variable of cpu: its offset in .data..percpu plus __per_cpu_offset[cpu]. */
static struct pfw_error *per_cpu_u64(struct pfw_kernel *k, const char *sym, const char *path,
				     int cpu, uint64_t *val)
{
	uint64_t off, base, link;
	struct pfw_error *err;

	/*
	 * x86_64's per-CPU symbols are offsets from 0, which KASLR does not
	 * move; arm64's lie in the image's .data..percpu and move with it.
	 */
	if ((err = pfw_symbol_address(k->dbi, sym, &link)) ||
	    (link >> 63 && (err = pfw_kernel_symbol(k, sym, &link))) ||
	    (err = pfw_kernel_symbol(k, "__per_cpu_offset", &base)) ||
	    (err = pfw_read_kv_u64(k, base + 8 * (uint64_t)cpu, &off)))
		return err;
	if (!path)
		return pfw_read_kv_u64(k, link + off, val);
	return pfw_read_member(k, link + off, sym, path, val);
}

/*
 * The task that panicked: panic_cpu (kernel/panic.c, PANIC_CPU_INVALID -1
 * when there was no panic), then that CPU's current task (the per-CPU
 * current_task; pcpu_hot.current_task from 6.2, 7ba78f77c6a3; arm64's
 * __entry_task).
 */
struct pfw_error *pfw_kernel_panic_task(struct pfw_kernel *k, struct pfw_task *t, bool *found)
{
	uint64_t addr, task;
	struct pfw_error *err;
	int32_t c;

	*found = false;
	if (!pfw_ok(pfw_kernel_symbol(k, "panic_cpu", &addr)))
		return NULL;
	if ((err = pfw_read_kv(k, addr, &c, sizeof(c))))	/* atomic_t */
		return err;
	if (c < 0 || c >= 8192)
		return NULL;
	if (pfw_symbol_exists(k->dbi, "pcpu_hot"))
		err = per_cpu_u64(k, "pcpu_hot", "current_task", c, &task);
	else if (pfw_symbol_exists(k->dbi, "current_task"))
		err = per_cpu_u64(k, "current_task", NULL, c, &task);
	else	/* arm64: current is sp_el0; __switch_to() keeps __entry_task (process.c entry_task_switch()) */
		err = per_cpu_u64(k, "__entry_task", NULL, c, &task);
	if (err)
		return err;
	if ((err = pfw_read_task(k, task, t)))
		return err;
	*found = true;
	return NULL;
}
