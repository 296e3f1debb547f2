// SPDX-License-Identifier: GPL-2.0-or-later
/* Tasks: the init_task list, their threads, pid lookup, state and RSS. */
#include <string.h>

#include <pfwhy/interrupt.h>

#include "kernel.h"

/* include/linux/sched.h: TASK_REPORT states and the letters of fs/proc/array.c */
#define TASK_REPORT	0x7f
#define TASK_IDLE	0x402
static const char task_state_letters[] = "RSDTtXZPI";

static int fls32(uint32_t x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static char task_state_letter(struct pfw_kernel *k, uint64_t task)
{
	uint64_t state = 0, exit_state = 0;
	const char *member = k->has_task_state_underscored ? "__state" : "state";
	unsigned int index;

	if (!pfw_ok(pfw_read_member(k, task, "task_struct", member, &state)) ||
	    !pfw_ok(pfw_read_member(k, task, "task_struct", "exit_state", &exit_state)))
		return '?';
	if ((uint32_t)state == TASK_IDLE)
		return 'I';
	index = fls32(((uint32_t)state & TASK_REPORT) | (uint32_t)exit_state);
	return index < sizeof(task_state_letters) - 1 ? task_state_letters[index] : '?';
}

/*
 * task_mem() of a kernel whose fs/proc/task_mmu.c calls get_mm_counter_sum()
 * (6.16's "fix the inaccurate memory statistics", taken by 6.12 stable, as
 * Debian's 6.12.117 has it): its unit then has that static inline.
 */
static bool task_mem_sums(struct pfw_kernel *k)
{
	if (!k->rss_sum)
		k->rss_sum = pfw_unit_has_function(k->dbi, "task_mem", "get_mm_counter_sum") ? 1 : -1;
	return k->rss_sum > 0;
}

/* One bit of a struct cpumask symbol (__cpu_online_mask ...); false if unreadable. */
static bool cpumask_bit(struct pfw_kernel *k, const char *mask, unsigned int cpu)
{
	uint64_t addr, word;

	return pfw_ok(pfw_kernel_symbol(k, mask, &addr)) &&
	       pfw_ok(pfw_read_kv_u64(k, addr + (cpu / 64) * 8, &word)) && ((word >> (cpu % 64)) & 1);
}

/*
 * __percpu_counter_sum() (lib/percpu_counter.c): fbc->count plus the s32 of
 * every CPU in cpu_online_mask | cpu_dying_mask, at fbc->counters +
 * __per_cpu_offset[cpu].  The sum, or count alone where a piece is unreadable.
 */
static int64_t percpu_counter_sum(struct pfw_kernel *k, uint64_t fbc, int64_t count)
{
	uint64_t counters, offsets, off, ncpus;
	uint32_t nr_cpu_ids;
	unsigned int cpu;
	int64_t sum = count;
	int32_t delta;

	if (!pfw_ok(pfw_read_member(k, fbc, "percpu_counter", "counters", &counters)) ||
	    !pfw_ok(pfw_kernel_symbol(k, "__per_cpu_offset", &offsets)) ||
	    !pfw_ok(pfw_kernel_symbol(k, "nr_cpu_ids", &off)) ||
	    !pfw_ok(pfw_read_kv(k, off, &nr_cpu_ids, sizeof(nr_cpu_ids))))
		return count;
	ncpus = nr_cpu_ids < PFW_MAX_CPUS ? nr_cpu_ids : PFW_MAX_CPUS;
	for (cpu = 0; cpu < ncpus; cpu++) {
		if (!cpumask_bit(k, "__cpu_online_mask", cpu) && !cpumask_bit(k, "__cpu_dying_mask", cpu))
			continue;
		if (!pfw_ok(pfw_read_kv_u64(k, offsets + 8 * (uint64_t)cpu, &off)) ||
		    !pfw_ok(pfw_read_kv(k, counters + off, &delta, sizeof(delta))))
			return count;
		sum += delta;
	}
	return sum;
}

/*
 * get_mm_counter(): mm->rss_stat.count[member] (atomic_long_t) until 6.2
 * made rss_stat an array of percpu_counter, whose ->count
 * percpu_counter_read_positive() reads; a negative value reads as 0 (the
 * per-task SPLIT_RSS_COUNTING deltas of 6.1 are not folded in, as
 * /proc/PID/status does not fold them in either).  Where task_mem() calls
 * get_mm_counter_sum() (task_mem_sums()), percpu_counter_sum_positive().
 */
static uint64_t get_mm_counter(struct pfw_kernel *k, uint64_t mm, const char *member)
{
	struct pfw_member m;
	uint64_t elem = 8, count_off = 0;
	int64_t idx, val;
	bool percpu = false;

	/* every MM_* is in one enum: anchor the look-up there (one search, not four) */
	if (!pfw_ok(pfw_enumerator_of(k->dbi, "MM_FILEPAGES", member, &idx)))
		return 0;
	if (!pfw_ok(pfw_member(k->dbi, "mm_struct", "rss_stat.count", &m))) {
		struct pfw_member c;

		if (!pfw_ok(pfw_member(k->dbi, "mm_struct", "rss_stat", &m)) ||
		    !pfw_ok(pfw_struct_size(k->dbi, "percpu_counter", &elem)) ||
		    !pfw_ok(pfw_member(k->dbi, "percpu_counter", "count", &c)))
			return 0;
		count_off = c.offset;
		percpu = true;
	}
	if (!pfw_ok(pfw_read_kv(k, mm + m.offset + idx * elem + count_off, &val, sizeof(val))))
		return 0;
	if (percpu && task_mem_sums(k))
		val = percpu_counter_sum(k, mm + m.offset + idx * elem, val);
	return val > 0 ? val : 0;
}

/* task_mem() of fs/proc/task_mmu.c: VmRSS is anon + file + shmem, VmSwap MM_SWAPENTS */
static void mm_rss(struct pfw_kernel *k, uint64_t mm, struct pfw_task *t)
{
	if (!mm)
		return;
	t->rss_pages = get_mm_counter(k, mm, "MM_FILEPAGES") + get_mm_counter(k, mm, "MM_ANONPAGES") +
		       get_mm_counter(k, mm, "MM_SHMEMPAGES");
	t->swap_pages = get_mm_counter(k, mm, "MM_SWAPENTS");
}

struct pfw_error *pfw_read_task(struct pfw_kernel *k, uint64_t addr, struct pfw_task *t)
{
	struct pfw_error *err;
	uint64_t v, parent, comm;

	memset(t, 0, sizeof(*t));
	t->addr = addr;
	if ((err = pfw_read_member(k, addr, "task_struct", "pid", &v)))
		return err;
	t->pid = (int)v;
	if ((err = pfw_read_member(k, addr, "task_struct", "tgid", &v)))
		return err;
	t->tgid = (int)v;
	if (pfw_ok(pfw_read_member(k, addr, "task_struct", "real_parent", &parent)) && parent &&
	    pfw_ok(pfw_read_member(k, parent, "task_struct", "tgid", &v)))
		t->ppid = (int)v;
	if ((err = pfw_member_address(k, addr, "task_struct", "comm", &comm)) ||
	    (err = pfw_read_kv(k, comm, t->comm, sizeof(t->comm) - 1)))
		return err;
	if ((err = pfw_read_member(k, addr, "task_struct", "mm", &t->mm)))
		return err;
	t->state = task_state_letter(k, addr);
	mm_rss(k, t->mm, t);
	return NULL;
}

/* container_of for a list_head member */
static struct pfw_error *list_entry_base(struct pfw_kernel *k, const char *type,
					 const char *member, uint64_t *offset)
{
	struct pfw_member m;
	struct pfw_error *err = pfw_member(k->dbi, type, member, &m);

	if (!err)
		*offset = m.offset;
	return err;
}

/*
 * Brent's cycle detection over a list walk: a corrupt dump can link the list
 * into a loop that never returns to its head, and reading 2^20 tasks before
 * the budget runs out takes minutes.  Feed it each position; true once a
 * position comes round again, within about twice the loop's length.
 */
struct cycle_check {
	uint64_t saved;
	unsigned long power, steps;
};

static bool cycle_seen(struct cycle_check *cc, uint64_t pos)
{
	if (pos == cc->saved)
		return true;
	if (++cc->steps >= cc->power) {
		cc->saved = pos;
		cc->power = cc->power ? cc->power * 2 : 1;
		cc->steps = 0;
	}
	return false;
}

/* A task_struct met by a walk, by its address. */
typedef struct pfw_error *task_addr_fn(struct pfw_kernel *k, uint64_t task, void *arg);

/* The threads of the process whose leader is at task: signal->thread_head. */
static struct pfw_error *for_each_thread(struct pfw_kernel *k, uint64_t leader,
					 task_addr_fn *fn, void *arg, unsigned long *budget)
{
	struct pfw_error *err;
	struct cycle_check cc = { 0 };
	uint64_t signal, head, pos, node_off;

	if ((err = pfw_read_member(k, leader, "task_struct", "signal", &signal)) ||
	    (err = pfw_member_address(k, signal, "signal_struct", "thread_head", &head)) ||
	    (err = list_entry_base(k, "task_struct", "thread_node", &node_off)) ||
	    (err = pfw_read_kv_u64(k, head, &pos)))
		return err;
	while (pos != head) {
		if (!pos)
			return pfw_error_create(PFW_ERR_CORRUPT,
						"thread list of task 0x%llx has a NULL link",
						(unsigned long long)leader);
		if (cycle_seen(&cc, pos))
			return pfw_error_create(PFW_ERR_CORRUPT,
						"thread list of task 0x%llx is cyclic: 0x%llx comes round again",
						(unsigned long long)leader, (unsigned long long)pos);
		if (--*budget == 0)
			return pfw_error_create(PFW_ERR_CORRUPT,
						"task list does not end after %d entries (cyclic?)",
						PFW_MAX_TASKS);
		if ((err = pfw_check_interrupted()))
			return err;
		if ((err = fn(k, pos - node_off, arg)))
			return err;
		if ((err = pfw_read_kv_u64(k, pos, &pos)))
			return pfw_error_wrap(err, "walking the thread list");
	}
	return NULL;
}

/* Every task's address: init_task, then each process's threads (for_each_process_thread()). */
static struct pfw_error *for_each_task_addr(struct pfw_kernel *k, task_addr_fn *fn, void *arg)
{
	unsigned long budget = PFW_MAX_TASKS;
	struct cycle_check cc = { 0 };
	struct pfw_error *err;
	uint64_t init, head, pos, tasks_off;

	if ((err = pfw_kernel_symbol(k, "init_task", &init)) ||
	    (err = list_entry_base(k, "task_struct", "tasks", &tasks_off)))
		return err;
	/* init_task (the idle task, pid 0) is not on its own list as a thread */
	if ((err = fn(k, init, arg)))
		return err;
	head = init + tasks_off;
	if ((err = pfw_read_kv_u64(k, head, &pos)))
		return err;
	while (pos != head) {
		if (!pos)
			return pfw_error_create(PFW_ERR_CORRUPT, "task list has a NULL link");
		if (cycle_seen(&cc, pos))
			return pfw_error_create(PFW_ERR_CORRUPT,
						"task list is cyclic: 0x%llx comes round again without returning to init_task",
						(unsigned long long)pos);
		if (--budget == 0)
			return pfw_error_create(PFW_ERR_CORRUPT,
						"task list does not end after %d entries (cyclic?)",
						PFW_MAX_TASKS);
		if ((err = pfw_check_interrupted()))
			return err;
		err = for_each_thread(k, pos - tasks_off, fn, arg, &budget);
		if (err)
			return err;
		if ((err = pfw_read_kv_u64(k, pos, &pos)))
			return pfw_error_wrap(err, "walking the task list");
	}
	return NULL;
}

struct each_task_arg {
	pfw_task_fn *fn;
	void *arg;
};

static struct pfw_error *read_and_call(struct pfw_kernel *k, uint64_t task, void *arg)
{
	struct each_task_arg *a = arg;
	struct pfw_task t;
	struct pfw_error *err;

	if ((err = pfw_read_task(k, task, &t)))
		return err;
	return a->fn(k, &t, a->arg);
}

struct pfw_error *pfw_for_each_task(struct pfw_kernel *k, pfw_task_fn *fn, void *arg)
{
	struct each_task_arg a = { fn, arg };

	return for_each_task_addr(k, read_and_call, &a);
}

struct find_task_arg {
	int pid;
	uint64_t found;		/* the task's address; 0 none */
};

/* Only the pid of every task before it: the whole task is read for the one found. */
static struct pfw_error *match_pid(struct pfw_kernel *k, uint64_t task, void *arg)
{
	struct find_task_arg *a = arg;
	struct pfw_error *err;
	uint64_t pid;

	if ((err = pfw_read_member(k, task, "task_struct", "pid", &pid)))
		return err;
	if ((int)pid != a->pid)
		return NULL;
	a->found = task;
	/* stop here: on a live kernel the rest of the list may change under us */
	return &pfw_walk_stop;
}

struct pfw_error *pfw_find_task(struct pfw_kernel *k, int pid, struct pfw_task *ret)
{
	struct find_task_arg a = { .pid = pid };
	struct pfw_error *err;

	err = for_each_task_addr(k, match_pid, &a);
	if (err && err != &pfw_walk_stop)
		return err;
	if (!a.found)
		return pfw_error_create(PFW_ERR_NOT_FOUND, "no task with pid %d in the dump", pid);
	return pfw_read_task(k, a.found, ret);
}
