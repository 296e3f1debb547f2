// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Read-ahead: a thread of its own that reads, ahead of the command, the dump
 * pages the command is about to read, into the page cache (read_cache.c),
 * so that a second core decompresses pages while the first decodes them.
 * In a kdump-compressed dump most of a whole-address-space scan is zlib
 * inflating pages in libkdumpfile (docs/performance.md).
 *
 * The thread starts with the command, so that opening its back end (a
 * millisecond for a kdump file) overlaps the command's look-up of the task,
 * and then runs a walk (fn) that reads what it needs through its own
 * memory (pfw_prefetch_memory(): every page it reads is also offered to the
 * cache) and names the pages it only foresees with pfw_prefetch_hint(): they
 * wait in a short queue, which the thread works off as it walks, and which
 * the command's thread works off too whenever it would otherwise wait for a
 * page the read-ahead thread is reading.  Each thread reads through a back
 * end of its own (libkdumpfile: a kdump_clone() of the dump's context, which
 * libkdumpfile's "Multi-threading" page documents for this use); a back end
 * that cannot be cloned gets no read-ahead.  The thread only ever reads and
 * fills empty cache slots: what the command reads is what it would read
 * without it.  It blocks every signal (Ctrl-C goes to the command's thread)
 * and stops at pfw_prefetch_stop(), within one page read.
 */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "prefetch.h"

#define QUEUE_SIZE	256		/* hints waiting; a power of two */
#define QUEUE_AHEAD	16		/* the walk goes on while fewer wait */
#define PAGE		4096ULL

struct hint {
	enum pfw_addr_space space;
	uint64_t page;
};

struct pfw_prefetch {
	struct pfw_memory *mem;		/* the command's */
	struct pfw_memory ahead;	/* the thread's: reads through clone, fills the cache */
	void *clone;			/* the thread's back end */
	pfw_prefetch_fn *fn;		/* the walk, once given (under lock) */
	void *arg;
	pthread_t thread;
	pthread_mutex_t lock;		/* the queue; a reader's wait; the walk */
	pthread_cond_t loaded;
	pthread_cond_t given;		/* a walk or the stop */
	struct hint queue[QUEUE_SIZE];
	unsigned int head, tail;	/* under lock */
	atomic_bool stop;
	uint8_t page[PAGE];		/* the thread's copy of a table it reads */
};

static bool pop(struct pfw_prefetch *pf, struct hint *h)
{
	bool got;

	pthread_mutex_lock(&pf->lock);
	got = pf->head != pf->tail;
	if (got)
		*h = pf->queue[pf->head++ % QUEUE_SIZE];
	pthread_mutex_unlock(&pf->lock);
	return got;
}

static unsigned int queued(struct pfw_prefetch *pf)
{
	unsigned int n;

	pthread_mutex_lock(&pf->lock);
	n = pf->tail - pf->head;
	pthread_mutex_unlock(&pf->lock);
	return n;
}

/* Read one waiting page through the back end (ops, arg); false: none waits. */
static bool work_one(struct pfw_prefetch *pf, void *arg)
{
	struct hint h;

	if (!pop(pf, &h))
		return false;
	pfw_read_cache_fill(pf->mem->cache, pf->mem->ops, arg, h.space, h.page, NULL);
	return true;
}

void pfw_prefetch_loaded(struct pfw_prefetch *pf)
{
	pthread_mutex_lock(&pf->lock);
	pthread_cond_broadcast(&pf->loaded);
	pthread_mutex_unlock(&pf->lock);
}

void pfw_prefetch_wait(struct pfw_prefetch *pf, _Atomic uint64_t *key)
{
	/* a page from the queue is one the command reads soon */
	if (work_one(pf, pf->mem->arg))
		return;
	pthread_mutex_lock(&pf->lock);
	while (atomic_load_explicit(key, memory_order_acquire) == PFW_SLOT_LOADING)
		pthread_cond_wait(&pf->loaded, &pf->lock);
	pthread_mutex_unlock(&pf->lock);
}

bool pfw_prefetch_hint(struct pfw_prefetch *pf, enum pfw_addr_space space, uint64_t addr)
{
	struct hint h = { space, addr & ~(PAGE - 1) };
	bool full;

	if (atomic_load_explicit(&pf->stop, memory_order_relaxed) || !pf->clone)
		return false;
	pthread_mutex_lock(&pf->lock);
	full = pf->tail - pf->head == QUEUE_SIZE;
	if (!full)
		pf->queue[pf->tail++ % QUEUE_SIZE] = h;
	pthread_mutex_unlock(&pf->lock);
	if (full)
		pfw_read_cache_fill(pf->mem->cache, pf->mem->ops, pf->clone, h.space, h.page, NULL);
	while (queued(pf) > QUEUE_AHEAD && !atomic_load_explicit(&pf->stop, memory_order_relaxed))
		work_one(pf, pf->clone);
	return true;
}

bool pfw_prefetch_stopping(struct pfw_prefetch *pf)
{
	return atomic_load_explicit(&pf->stop, memory_order_relaxed);
}

struct pfw_memory *pfw_prefetch_memory(struct pfw_prefetch *pf)
{
	return &pf->ahead;
}

/* The thread's reads: each page into the cache when its slot is free, else as asked. */
static struct pfw_error *ahead_part(void *arg, enum pfw_addr_space space, uint64_t addr, void *buf,
				    size_t len)
{
	struct pfw_prefetch *pf = arg;
	uint64_t page = addr & ~(PAGE - 1);

	if (pfw_read_cache_fill(pf->mem->cache, pf->mem->ops, pf->clone, space, page, pf->page)) {
		memcpy(buf, pf->page + (addr - page), len);
		return NULL;
	}
	return pf->mem->ops->read(pf->clone, space, addr, buf, len);
}

static struct pfw_error *ahead_read(void *arg, enum pfw_addr_space space, uint64_t addr,
				    void *buf, size_t len)
{
	struct pfw_prefetch *pf = arg;

	if (atomic_load_explicit(&pf->stop, memory_order_relaxed) || !pf->clone)
		return pfw_error_create(PFW_ERR_INTERRUPTED, "read-ahead stopped");
	return pfw_memory_read_pages(ahead_part, pf, space, addr, buf, len);
}

static const struct pfw_memory_ops ahead_ops = {
	.read = ahead_read,
};

/* The walk, once given; NULL when stopped first. */
static pfw_prefetch_fn *await_walk(struct pfw_prefetch *pf)
{
	pfw_prefetch_fn *fn;

	pthread_mutex_lock(&pf->lock);
	while (!pf->fn && !atomic_load_explicit(&pf->stop, memory_order_relaxed))
		pthread_cond_wait(&pf->given, &pf->lock);
	fn = pf->fn;
	pthread_mutex_unlock(&pf->lock);
	return fn;
}

static void *run(void *arg)
{
	struct pfw_prefetch *pf = arg;
	pfw_prefetch_fn *fn;

	/* opening a second reader takes a while: here, not on the command's thread */
	pf->clone = pf->mem->ops->clone(pf->mem->arg);
	fn = await_walk(pf);
	/* without a reader of its own the walk's first read fails: it still frees its arg */
	if (fn)
		fn(pf, pf->arg);
	while (pf->clone && !atomic_load_explicit(&pf->stop, memory_order_relaxed) &&
	       work_one(pf, pf->clone))
		;
	return NULL;
}

static void destroy(struct pfw_prefetch *pf)
{
	pfw_read_cache_attach(pf->mem->cache, NULL);
	pthread_cond_destroy(&pf->loaded);
	pthread_cond_destroy(&pf->given);
	pthread_mutex_destroy(&pf->lock);
	if (pf->clone)
		pf->mem->ops->destroy(pf->clone);
	free(pf);
}

/* Another thread only helps where it can run beside this one (not under `taskset -c 0`). */
static bool two_cpus(void)
{
	cpu_set_t set;

	return !sched_getaffinity(0, sizeof(set), &set) && CPU_COUNT(&set) >= 2;
}

struct pfw_prefetch *pfw_prefetch_start(struct pfw_memory *mem)
{
	struct pfw_prefetch *pf;
	sigset_t all, old;
	int ret;

	if (!mem->cache || !mem->frozen || !mem->ops->clone || !two_cpus())
		return NULL;
	pf = calloc(1, sizeof(*pf));
	if (!pf)
		return NULL;
	pf->mem = mem;
	pf->ahead = *mem;
	pf->ahead.ops = &ahead_ops;
	pf->ahead.arg = pf;
	pf->ahead.cache = NULL;
	pthread_mutex_init(&pf->lock, NULL);
	pthread_cond_init(&pf->loaded, NULL);
	pthread_cond_init(&pf->given, NULL);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = pthread_create(&pf->thread, NULL, run, pf);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret) {
		destroy(pf);
		return NULL;
	}
	return pf;
}

bool pfw_prefetch_walk(struct pfw_prefetch *pf, pfw_prefetch_fn *fn, void *arg)
{
	if (!pf)
		return false;
	/* the cache's readers wait for the thread's slots from now on */
	pfw_read_cache_attach(pf->mem->cache, pf);
	pthread_mutex_lock(&pf->lock);
	pf->fn = fn;
	pf->arg = arg;
	pthread_cond_signal(&pf->given);
	pthread_mutex_unlock(&pf->lock);
	return true;
}

void pfw_prefetch_stop(struct pfw_prefetch *pf)
{
	if (!pf)
		return;
	pthread_mutex_lock(&pf->lock);
	atomic_store(&pf->stop, true);
	pthread_cond_signal(&pf->given);
	pthread_mutex_unlock(&pf->lock);
	pthread_join(pf->thread, NULL);
	destroy(pf);
}
