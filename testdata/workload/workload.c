// SPDX-License-Identifier: GPL-2.0
/*
 * workload - ground truth for the pfwhy fixture dumps.
 *
 * Runs inside the QEMU guest.  It builds many separate memory mappings
 * ("probes"), each with a probe address and an access kind, records the
 * kernel's own view of each probe (maps line, pagemap entry), announces
 * PFWHY-READY on the control channel and waits for "GO" while the host
 * dumps guest memory.  Then it performs each access and records what the
 * kernel did: signal and siginfo, rusage fault counts, pagemap and maps
 * after, userfaultfd messages, and the fault-path functions and
 * exceptions:page_fault_* events from tracefs.
 *
 * Control channel (default /dev/ttyS1, raw 115200), one line each:
 *   {"type":"pre",...}            one per probe, in probe order
 *   {"type":"tracer","functions":[...],"clones":[...],"note":...}   the
 *                                 functions the function tracer traced
 *                                 (emit_tracer())
 *   {"type":"maps","pid":N,"lines":[...]}
 *   {"type":"smaps","pid":N,"smaps":[...],"smaps_rollup":[...],
 *    "status":[...]}            /proc/self/{smaps,smaps_rollup,status}
 *                                 verbatim, read last before READY
 *   PFWHY-READY pid=N
 *   <- GO                         (the host has dumped memory)
 *   {"type":"post",...}           one per probe, in probe order
 *   {"type":"maps_after","lines":[...]}
 *   PFWHY-END
 *
 * Options: --chan PATH  (channel; a regular file implies --no-wait)
 *          --no-wait    (do not wait for GO)
 *          --big        (no probes: build the large address space of
 *                       big_main() for whole-address-space scans, send
 *                       {"type":"big",...}, write its pid to
 *                       /tmp/big.ready and sleep until killed; on
 *                       SIGUSR1 send {"type":"big_smaps",...} and
 *                       PFWHY-BUSY-READY big=PID: the host dumps then;
 *                       see "the big address space" below)
 *          --tmpdir DIR (where the probe files go; default /tmp)
 *          --parse-trace FILE (self-test: parse a saved tracefs "trace")
 *
 * Every value written is one the kernel reported; a setup step that
 * fails marks its probe "skipped" and the run goes on.  Addresses and
 * raw 64-bit values are strings "0x...", absent values are null.
 *
 * pre:  name, addr, access ("read"|"write"|"exec"), mode ("user"|
 *       "kernel"), syscall (kernel mode only: "pread"|"pwrite"), maps (the
 *       covering /proc/self/maps line or null), pagemap (raw entry or
 *       null), skipped (reason, only if skipped), note, and per-probe
 *       extras (e.g. swapped, soft_dirty_after_clear, child_pid).
 * post: name; if skipped only "skipped".  Otherwise signal (0 if none),
 *       si_code, si_addr (null if no signal), sig_ip, sig_err,
 *       sig_trapno, sig_cr2 (raw sigcontext values; cr2 is stale for
 *       traps other than #PF), timeout (only if SIGALRM ended it),
 *       ret/errno (kernel mode), minflt, majflt (RUSAGE_THREAD deltas),
 *       pagemap_after, pfn_before, pfn_after (bits 0-54 when present,
 *       else null), pfn_changed (null unless present before and after),
 *       maps_after, vma_changed, uffd_event_count/uffd_event (uffd
 *       probes), trace (traced function names in order), pf_events
 *       ([{kind, address, ip, error_code}] as the event printed them:
 *       %ps gives a symbol name for kernel addresses), fault_stacks
 *       (kernel mode, where the kernel has no page_fault_kernel event:
 *       arm64; one list of frames per call of the architecture's abort
 *       handler, as ftrace's "stacktrace" function command printed them:
 *       the frame after the exception entry is the faulting pc's function,
 *       what page_fault_kernel's ip= names on x86), trace_note,
 *       trace_lost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT		21
#endif
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB		(21 << 26)
#endif

#define PAGE		4096UL
#define SMALL_STEP	0x100000UL
#define HUGE_STEP	0x800000UL
#define HPAGE		0x200000UL
#define BIG_SPAN	0x100000000UL

/*
 * The probe arena, fixed per user address-space size (layout_init()):
 * x86_64's 47 bits and arm64's 48-bit VA keep the x86_64 addresses; arm64
 * with 39-bit VA (user space below 0x8000000000) gets its own, well below
 * the stack and mmap_base (at most 1 GiB of mmap randomisation below it).
 */
static unsigned long SMALL_BASE = 0x7e0000000000UL;	/* one 1 MiB slot per probe */
static unsigned long HUGE_BASE = 0x7e1000000000UL;	/* 2 MiB aligned, 8 MiB step */
static unsigned long ARENA_LO = 0x7e0000000000UL;
static unsigned long ARENA_HI = 0x7e2000000000UL;
static unsigned long BIG_BASE = 0x7d0000000000UL;	/* --big: the large address space */
static unsigned long USER_TOP = 0x800000000000UL;
static int g_va_bits = 47;	/* user address bits, from the stack's address */

static void layout_init(void)
{
	unsigned long sp = (unsigned long)__builtin_frame_address(0);

	if (sp >= 1UL << 47) {		/* arm64, 48-bit VA */
		g_va_bits = 48;
		USER_TOP = 1UL << 48;
	} else if (sp < 1UL << 39) {	/* arm64, 39-bit VA */
		g_va_bits = 39;
		USER_TOP = 1UL << 39;
		SMALL_BASE = ARENA_LO = 0x4000000000UL;
		HUGE_BASE = 0x5000000000UL;
		ARENA_HI = 0x6000000000UL;
		BIG_BASE = 0x3000000000UL;
	}
}

/*
 * The architecture's instructions and signal context.  arm64-only facts
 * keep a comment; a probe that cannot apply to an architecture is recorded
 * as skipped, "not applicable: <why>", never dropped.
 */
#if defined(__x86_64__)
#define ARCH_NAME	"x86_64"
#define KERNEL_ADDR	0xffffffff81000000UL	/* __START_KERNEL_map + 16 MiB */
#elif defined(__aarch64__)
#define ARCH_NAME	"arm64"
/*
 * arm64 has no exceptions:page_fault_* events: a kernel-mode probe's
 * faulting pc is read from the stack trace ftrace's "stacktrace" command
 * records at each call of the abort handler (arch/arm64/mm/fault.c).
 */
#define ABORT_HANDLER	"do_mem_abort"
/* AArch64 "ret" (0xd65f03c0), little endian */
#define RET_INSN	0xd65f03c0U
#else
#error "workload: only x86_64 and arm64 are supported"
#endif

#define PM_PFN_MASK	((1ULL << 55) - 1)
#define PM_SOFT_DIRTY	(1ULL << 55)
#define PM_UFFD_WP	(1ULL << 57)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)

#define ACCESS_TIMEOUT	10	/* seconds, per probe access */

enum { ACC_READ, ACC_WRITE, ACC_EXEC };
enum { HOW_USER, HOW_SYSREAD, HOW_SYSWRITE };

struct probe {
	const char *name;
	int acc;		/* what the access does to the page */
	int how;		/* user access, or a syscall on our behalf */
	int phase;		/* setup order, see run_setups() */
	int hslot;		/* slot in the 2 MiB area, -1 if none */
	int idx;		/* 1 MiB slot: index in g_probes */
	int (*setup)(struct probe *p);
	unsigned long addr;
	int has_addr;
	int fd;
	int uses_uffd;
	int skipped;
	char reason[192];
	char note[512];
	char extra[512];	/* raw JSON members, each led by ',' */
	char path[256];		/* file to unlink at the end */
	int pm_ok;
	uint64_t pm;
	int maps_ok;
	char maps[512];
};

/* ---------------------------------------------------------------- */
/* options, logging, small file helpers                              */

static const char *opt_chan = "/dev/ttyS1";	/* arm64's run: --chan /dev/hvc0 */
static int opt_chan_given;
static int opt_nowait;
static int opt_big;
static const char *opt_tmpdir = "/tmp";
static const char *opt_parse_trace;

static void logmsg(const char *fmt, ...)
{
	va_list ap;

	fputs("workload: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Write @val to @path; returns 0 or -errno. */
static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		err = -errno;
	close(fd);
	return err;
}

/* Read a small file, NUL-terminated, trailing newline dropped. */
static int read_small(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t r;

	buf[0] = '\0';
	if (fd < 0)
		return -errno;
	r = read(fd, buf, n - 1);
	close(fd);
	if (r < 0)
		return -1;
	buf[r] = '\0';
	while (r > 0 && (buf[r - 1] == '\n' || buf[r - 1] == ' '))
		buf[--r] = '\0';
	return 0;
}

/* Read a whole file into @buf; returns the length or -1. */
static long read_whole(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0;

	if (fd < 0)
		return -1;
	while (len < n - 1) {
		ssize_t r = read(fd, buf + len, n - 1 - len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += r;
	}
	close(fd);
	buf[len] = '\0';
	return len;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Next line of [s, end); sets *len without the newline. */
static const char *next_line(const char *s, const char *end, size_t *len)
{
	const char *nl;

	if (s >= end)
		return NULL;
	nl = memchr(s, '\n', end - s);
	*len = nl ? (size_t)(nl - s) : (size_t)(end - s);
	return s;
}

/* ---------------------------------------------------------------- */
/* probe notes                                                       */

static int skip(struct probe *p, const char *fmt, ...)
{
	va_list ap;

	if (p->skipped)
		return -1;
	p->skipped = 1;
	va_start(ap, fmt);
	vsnprintf(p->reason, sizeof(p->reason), fmt, ap);
	va_end(ap);
	logmsg("%s: skipped: %s", p->name, p->reason);
	return -1;
}

static void note(struct probe *p, const char *fmt, ...)
{
	size_t len = strlen(p->note);
	va_list ap;

	if (len && len + 2 < sizeof(p->note)) {
		strcpy(p->note + len, "; ");
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(p->note + len, sizeof(p->note) - len, fmt, ap);
	va_end(ap);
}

/* Append a raw JSON member, e.g. extra(p, "\"swapped\":%s", "true"). */
static void extra(struct probe *p, const char *fmt, ...)
{
	size_t len = strlen(p->extra);
	va_list ap;

	if (len + 2 >= sizeof(p->extra))
		return;
	p->extra[len++] = ',';
	va_start(ap, fmt);
	vsnprintf(p->extra + len, sizeof(p->extra) - len, fmt, ap);
	va_end(ap);
}

static void set_addr(struct probe *p, unsigned long a)
{
	p->addr = a;
	p->has_addr = 1;
}

/* ---------------------------------------------------------------- */
/* JSON writer and the control channel                               */

#define JBUF_SIZE	(1 << 20)

static char jbuf[JBUF_SIZE];
static size_t jlen;
static int jfirst[16];
static int jdepth;
static int jtrunc;
static int g_chan = -1;

static void jputn(const char *s, size_t n)
{
	if (jlen + n + 2 > JBUF_SIZE) {
		jtrunc = 1;
		return;
	}
	memcpy(jbuf + jlen, s, n);
	jlen += n;
}

static void jputc(char c)
{
	jputn(&c, 1);
}

static void jraw(const char *s)
{
	jputn(s, strlen(s));
}

static void jstrn(const char *s, size_t n)
{
	char esc[8];
	size_t i;

	jputc('"');
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\') {
			jputc('\\');
			jputc(c);
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			jraw(esc);
		} else {
			jputc(c);
		}
	}
	jputc('"');
}

static void jstr(const char *s)
{
	jstrn(s, strlen(s));
}

static void jcomma(void)
{
	if (!jfirst[jdepth])
		jputc(',');
	jfirst[jdepth] = 0;
}

static void jopen(char c)
{
	jputc(c);
	if (jdepth < 15)
		jdepth++;
	jfirst[jdepth] = 1;
}

static void jclose(char c)
{
	jputc(c);
	if (jdepth > 0)
		jdepth--;
}

static void jkey(const char *k)
{
	jcomma();
	jstr(k);
	jputc(':');
}

static void jkv_str(const char *k, const char *v)
{
	jkey(k);
	jstr(v);
}

static void jkv_strn(const char *k, const char *v, size_t n)
{
	jkey(k);
	jstrn(v, n);
}

static void jkv_null(const char *k)
{
	jkey(k);
	jraw("null");
}

static void jkv_bool(const char *k, int v)
{
	jkey(k);
	jraw(v ? "true" : "false");
}

static void jkv_int(const char *k, long long v)
{
	char b[32];

	snprintf(b, sizeof(b), "%lld", v);
	jkey(k);
	jraw(b);
}

static void jkv_hex(const char *k, unsigned long long v)
{
	char b[32];

	snprintf(b, sizeof(b), "0x%llx", v);
	jkey(k);
	jstr(b);
}

static void chan_write(const char *buf, size_t len)
{
	if (g_chan < 0)
		return;
	if (write_all(g_chan, buf, len))
		logmsg("channel write failed: %s", strerror(errno));
}

static void chan_line(const char *s)
{
	chan_write(s, strlen(s));
}

/* Finish the current record and send it as one line. */
static void jsend(void)
{
	if (jtrunc)
		logmsg("record truncated (JSON buffer full)");
	jbuf[jlen++] = '\n';
	chan_write(jbuf, jlen);
	jlen = 0;
	jdepth = 0;
	jtrunc = 0;
}

static void jbegin(const char *type)
{
	jlen = 0;
	jdepth = 0;
	jopen('{');
	jkv_str("type", type);
}

static int chan_open(void)
{
	int flags = O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
	struct termios t;
	struct stat st;

	if (opt_chan_given)
		flags |= O_CREAT;
	g_chan = open(opt_chan, flags, 0644);
	if (g_chan < 0) {
		logmsg("open %s: %s", opt_chan, strerror(errno));
		return -1;
	}
	if (!fstat(g_chan, &st) && S_ISREG(st.st_mode)) {
		if (ftruncate(g_chan, 0))
			logmsg("truncate %s: %s", opt_chan, strerror(errno));
		if (!opt_nowait)
			logmsg("%s is a regular file: not waiting for GO",
			       opt_chan);
		opt_nowait = 1;
	}
	if (isatty(g_chan) && !tcgetattr(g_chan, &t)) {
		cfmakeraw(&t);
		cfsetispeed(&t, B115200);
		cfsetospeed(&t, B115200);
		t.c_cflag |= CLOCAL | CREAD;
		if (tcsetattr(g_chan, TCSANOW, &t))
			logmsg("tcsetattr: %s", strerror(errno));
		tcflush(g_chan, TCIFLUSH);
	}
	fcntl(g_chan, F_SETFL, fcntl(g_chan, F_GETFL) & ~O_NONBLOCK);
	return 0;
}

static void wait_go(void)
{
	static char line[256];
	size_t n = 0;
	int eof_logged = 0;
	char c;

	for (;;) {
		ssize_t r = read(g_chan, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (!eof_logged)
				logmsg("channel read: %zd, retrying", r);
			eof_logged = 1;
			usleep(100000);
			continue;
		}
		if (c != '\n' && c != '\r') {
			if (n < sizeof(line) - 1)
				line[n++] = c;
			continue;
		}
		line[n] = '\0';
		n = 0;
		if (!strcmp(line, "GO"))
			return;
	}
}

/* ---------------------------------------------------------------- */
/* /proc/self/maps and /proc/self/pagemap                            */

#define MAPS_SIZE	(256 << 10)

static char g_maps[MAPS_SIZE];
static size_t g_maps_len;
static int g_pm_fd = -1;

static void maps_load(void)
{
	long n = read_whole("/proc/self/maps", g_maps, sizeof(g_maps));

	g_maps_len = n < 0 ? 0 : n;
}

static int parse_range(const char *l, unsigned long *s, unsigned long *e)
{
	char *end;

	*s = strtoul(l, &end, 16);
	if (*end != '-')
		return -1;
	*e = strtoul(end + 1, &end, 16);
	return *end == ' ' ? 0 : -1;
}

/* Copy the loaded maps line covering @a into @out; 1 if found. */
static int maps_cover(unsigned long a, char *out, size_t n)
{
	const char *end = g_maps + g_maps_len, *l = g_maps;
	unsigned long s, e;
	size_t len;

	while ((l = next_line(l, end, &len))) {
		if (!parse_range(l, &s, &e) && a >= s && a < e) {
			if (len >= n)
				len = n - 1;
			memcpy(out, l, len);
			out[len] = '\0';
			return 1;
		}
		l += len + 1;
	}
	return 0;
}

/* 1 if any loaded maps line overlaps [lo, hi). */
static int maps_overlap(unsigned long lo, unsigned long hi)
{
	const char *end = g_maps + g_maps_len, *l = g_maps;
	unsigned long s, e;
	size_t len;

	while ((l = next_line(l, end, &len))) {
		if (!parse_range(l, &s, &e) && s < hi && e > lo)
			return 1;
		l += len + 1;
	}
	return 0;
}

static int stack_vma(unsigned long *s, unsigned long *e)
{
	const char *end, *l = g_maps;
	size_t len;

	maps_load();
	end = g_maps + g_maps_len;
	while ((l = next_line(l, end, &len))) {
		if (len > 7 && !memcmp(l + len - 7, "[stack]", 7))
			return parse_range(l, s, e);
		l += len + 1;
	}
	return -1;
}

/* "key":[each line of buf[0..n) as a string] */
static void jkv_lines(const char *key, const char *buf, size_t n)
{
	const char *end = buf + n, *l = buf;
	size_t len;

	jkey(key);
	jopen('[');
	while ((l = next_line(l, end, &len))) {
		jcomma();
		jstrn(l, len);
		l += len + 1;
	}
	jclose(']');
}

static void jkv_maps_lines(void)
{
	jkv_lines("lines", g_maps, g_maps_len);
}

static int pm_get(unsigned long a, uint64_t *v)
{
	off_t off = (off_t)((a >> 12) * 8);

	if (g_pm_fd < 0 || a >= (1UL << 63))
		return -1;
	if (pread(g_pm_fd, v, sizeof(*v), off) != (ssize_t)sizeof(*v))
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- */
/* tracefs                                                           */

static const char *const g_tfuncs[] = {
	"handle_mm_fault", "__handle_mm_fault", "handle_pte_fault",
	"do_user_addr_fault", "do_kern_addr_fault", "spurious_kernel_fault",
	"lock_vma_under_rcu", "lock_mm_and_find_vma", "find_vma", "expand_stack", "expand_stack_locked",
	"expand_downwards", "bad_area", "bad_area_nosemaphore", "__bad_area",
	"__bad_area_nosemaphore", "bad_area_access_error",
	"kernelmode_fixup_or_oops", "no_context", "fixup_exception", "do_sigbus",
	"force_sig_fault", "force_sig",
	"do_anonymous_page", "alloc_anon_folio", "do_fault", "__do_fault",
	"do_read_fault", "do_cow_fault", "do_shared_fault", "do_fault_around",
	"filemap_map_pages", "filemap_fault", "shmem_fault", "finish_fault",
	"do_page_mkwrite", "do_set_pmd", "do_wp_page", "wp_page_copy",
	"wp_page_reuse", "wp_page_shared", "reuse_swap_page", "do_swap_page", "swap_readpage", "swap_read_folio",
	"lookup_swap_cache", "do_numa_page", "do_huge_pmd_numa_page",
	"task_numa_fault", "numa_migrate_prep", "do_huge_pmd_anonymous_page",
	"do_huge_pmd_wp_page", "handle_userfault", "hugetlb_fault",
	"hugetlb_no_page", "hugetlb_wp", "hugetlb_cow",
	"do_pte_missing", "handle_pte_marker", "pte_marker_clear",
	"__thp_vma_allowable_orders",
	/* arm64 (arch/arm64/mm/fault.c); absent names are simply not traced */
	"do_mem_abort", "do_translation_fault", "do_page_fault",
	"__do_page_fault", "do_bad_area", "__do_kernel_fault", "do_bad",
	"do_sea", "do_alignment_fault", "do_tag_check_fault",
	"do_el0_ia_bp_hardening", "arm64_apply_bp_hardening", "__do_user_fault",
	"arm64_force_sig_fault", "arm64_notify_die", "set_thread_esr",
	"is_el1_instruction_abort", "is_el1_permission_fault",
	"fault_from_pkey", "die_kernel_fault",
};
#define NTFUNCS (sizeof(g_tfuncs) / sizeof(g_tfuncs[0]))

#define TBUF_SIZE	(4 << 20)

static struct {
	int ok;
	int on_fd;
	int nfuncs;
	int events;
	int can_stack;		/* ABORT_HANDLER:stacktrace can be set */
	int stacking;		/* it is set for this probe */
	char old_on[8];
	char dir[64];
	char note[256];
} g_tr = { .on_fd = -1 };

static char g_tfound[NTFUNCS];
/*
 * The compiler's clones of a wanted function (F.part.N, F.isra.N,
 * F.constprop.N: GCC's partial inlining and IPA clones), which
 * available_filter_functions lists by their own names: F's code runs there
 * while the symbol F is not entered (6.12 Debian: exc_page_fault() inlines
 * do_kern_addr_fault()'s head and calls do_kern_addr_fault.part.0).
 */
#define NCLONES 16
static char g_tclone[NCLONES][80];
static int g_nclones;
static long g_tid;		/* only trace lines of this task; 0: all */
static char g_tbuf[TBUF_SIZE];
static size_t g_tlen;

static void tr_path(char *buf, size_t n, const char *file)
{
	snprintf(buf, n, "%s/%s", g_tr.dir, file);
}

static int tr_write(const char *file, const char *val)
{
	char path[160];

	tr_path(path, sizeof(path), file);
	return write_file(path, val);
}

static void tr_note(const char *fmt, ...)
{
	size_t len = strlen(g_tr.note);
	va_list ap;

	if (len && len + 2 < sizeof(g_tr.note)) {
		strcpy(g_tr.note + len, "; ");
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(g_tr.note + len, sizeof(g_tr.note) - len, fmt, ap);
	va_end(ap);
}

/* Length of F in "F.part.N", "F.isra.N" or "F.constprop.N"; else n. */
static size_t tr_base_len(const char *l, size_t n)
{
	static const char *const kinds[] = { ".part.", ".isra.", ".constprop." };
	const char *dot = memchr(l, '.', n);
	size_t i;

	if (!dot)
		return n;
	for (i = 0; i < 3; i++)
		if ((size_t)(l + n - dot) > strlen(kinds[i]) &&
		    !memcmp(dot, kinds[i], strlen(kinds[i])))
			return dot - l;
	return n;
}

static void tr_match(const char *l, size_t len)
{
	size_t n = strcspn(l, " \t\n");
	size_t i, base;

	if (n > len)
		n = len;
	base = tr_base_len(l, n);
	for (i = 0; i < NTFUNCS; i++) {
		if (strlen(g_tfuncs[i]) != base || memcmp(g_tfuncs[i], l, base))
			continue;
		g_tfound[i] = 1;
		if (base < n && g_nclones < NCLONES && n < sizeof(g_tclone[0]))
			snprintf(g_tclone[g_nclones++], sizeof(g_tclone[0]), "%.*s", (int)n, l);
	}
}

/* Mark which wanted functions are in available_filter_functions. */
static int tr_scan_available(void)
{
	static char buf[1 << 16];
	char path[160];
	size_t have = 0;
	int fd;

	tr_path(path, sizeof(path), "available_filter_functions");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t r = read(fd, buf + have, sizeof(buf) - 1 - have);
		char *l = buf, *nl;

		if (r <= 0)
			break;
		have += r;
		buf[have] = '\0';
		while ((nl = strchr(l, '\n'))) {
			tr_match(l, nl - l);
			l = nl + 1;
		}
		have -= l - buf;
		memmove(buf, l, have);
		if (have == sizeof(buf) - 1)
			have = 0;	/* absurd line: drop it */
	}
	close(fd);
	return 0;
}

/*
 * Add "FUNC " to set_ftrace_filter: 1 if written.  A name longer than a
 * clone's slot (a wanted function's never is) is refused, not cut.
 */
static int tr_filter_add(int fd, const char *func)
{
	char name[sizeof(g_tclone[0]) + 1];	/* the name, its space, the NUL */
	int len = snprintf(name, sizeof(name), "%s ", func);

	return len > 0 && (size_t)len < sizeof(name) && write(fd, name, len) > 0;
}

static int tr_set_filter(void)
{
	char path[160];
	size_t i;
	int fd, n = 0;

	tr_path(path, sizeof(path), "set_ftrace_filter");
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return 0;
	for (i = 0; i < NTFUNCS; i++)
		if (g_tfound[i])
			n += tr_filter_add(fd, g_tfuncs[i]);
	for (i = 0; i < (size_t)g_nclones; i++)
		n += tr_filter_add(fd, g_tclone[i]);
	close(fd);
	return n;
}

#ifdef ABORT_HANDLER
/* 1 if @name is in available_filter_functions (tr_scan_available()). */
static int tr_found(const char *name)
{
	size_t i;

	for (i = 0; i < NTFUNCS; i++)
		if (!strcmp(g_tfuncs[i], name))
			return g_tfound[i];
	return 0;
}

/*
 * Set (on) or clear (!on) ftrace's "stacktrace" function command on the
 * abort handler: every call then records the kernel's stack trace, which
 * runs through the exception entry into the function that faulted.
 * set_ftrace_filter is opened without O_TRUNC: the function filter stays.
 */
static int tr_stack_cmd(int on)
{
	char path[160], cmd[80];
	int fd, err = 0;

	tr_path(path, sizeof(path), "set_ftrace_filter");
	fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	snprintf(cmd, sizeof(cmd), "%s%s:stacktrace\n", on ? "" : "!",
		 ABORT_HANDLER);
	if (write(fd, cmd, strlen(cmd)) < 0)
		err = -errno;
	close(fd);
	return err;
}

/* Without page_fault_kernel: can the abort handler's stack be traced? */
static void tr_stack_setup(void)
{
	if (g_tr.events == 2)
		return;
	if (!tr_found(ABORT_HANDLER) || tr_stack_cmd(1)) {
		tr_note("no %s:stacktrace", ABORT_HANDLER);
		return;
	}
	tr_stack_cmd(0);
	g_tr.can_stack = 1;
}
#else
static int tr_stack_cmd(int on)
{
	(void)on;
	return -ENOSYS;
}

static void tr_stack_setup(void)
{
}
#endif

/* A kernel-mode probe's faulting functions, where no event names them. */
static void trace_stack_begin(const struct probe *p)
{
	g_tr.stacking = g_tr.can_stack && p->how != HOW_USER &&
			!tr_stack_cmd(1);
}

static void trace_stack_end(void)
{
	if (g_tr.stacking)
		tr_stack_cmd(0);
}

static int tr_find_dir(void)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[160];
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/trace", dirs[i]);
		if (!access(path, W_OK)) {
			snprintf(g_tr.dir, sizeof(g_tr.dir), "%s", dirs[i]);
			return 0;
		}
	}
	return -1;
}

static void trace_setup(void)
{
	char tid[32], path[160];

	if (tr_find_dir()) {
		tr_note("tracefs not mounted: no trace");
		return;
	}
	tr_path(path, sizeof(path), "tracing_on");
	read_small(path, g_tr.old_on, sizeof(g_tr.old_on));
	tr_write("tracing_on", "0");
	tr_write("current_tracer", "nop");
	if (tr_scan_available()) {
		tr_note("available_filter_functions unreadable");
		memset(g_tfound, 1, sizeof(g_tfound));
	}
	g_tr.nfuncs = tr_set_filter();
	g_tid = syscall(SYS_gettid);
	snprintf(tid, sizeof(tid), "%ld", g_tid);
	if (tr_write("set_ftrace_pid", tid))
		tr_note("set_ftrace_pid failed");
	if (tr_write("set_event_pid", tid))
		tr_note("set_event_pid failed");
	if (!tr_write("events/exceptions/page_fault_user/enable", "1"))
		g_tr.events++;
	if (!tr_write("events/exceptions/page_fault_kernel/enable", "1"))
		g_tr.events++;
	if (g_tr.nfuncs && tr_write("current_tracer", "function")) {
		tr_note("function tracer unavailable");
		g_tr.nfuncs = 0;
	}
	if (!g_tr.nfuncs)
		tr_note("no fault functions traced");
	if (g_tr.events < 2)
		tr_note("page_fault_* events unavailable");
	tr_stack_setup();
	tr_path(path, sizeof(path), "tracing_on");
	g_tr.on_fd = open(path, O_WRONLY | O_CLOEXEC);
	g_tr.ok = g_tr.on_fd >= 0;
	if (!g_tr.ok)
		tr_note("tracing_on unwritable");
	logmsg("tracing: %s, %d functions, %d events", g_tr.dir,
	       g_tr.nfuncs, g_tr.events);
}

static void trace_on(void)
{
	if (g_tr.on_fd >= 0 && write(g_tr.on_fd, "1", 1) < 0)
		return;
}

static void trace_off(void)
{
	if (g_tr.on_fd >= 0 && write(g_tr.on_fd, "0", 1) < 0)
		return;
}

static void trace_clear(void)
{
	char path[160];
	int fd;

	if (!g_tr.ok)
		return;
	tr_path(path, sizeof(path), "trace");
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
}

static void trace_fetch(void)
{
	char path[160];
	long n;

	g_tlen = 0;
	if (!g_tr.ok)
		return;
	tr_path(path, sizeof(path), "trace");
	n = read_whole(path, g_tbuf, sizeof(g_tbuf));
	g_tlen = n < 0 ? 0 : n;
}

static void trace_teardown(void)
{
	char path[160];
	int fd;

	if (!g_tr.dir[0])
		return;
	trace_off();
	if (g_tr.on_fd >= 0)
		close(g_tr.on_fd);
	g_tr.on_fd = -1;
	tr_write("current_tracer", "nop");
	tr_write("events/exceptions/page_fault_user/enable", "0");
	tr_write("events/exceptions/page_fault_kernel/enable", "0");
	tr_path(path, sizeof(path), "set_ftrace_filter");
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd >= 0)
		close(fd);
	tr_write("set_ftrace_pid", "");
	tr_write("set_event_pid", "");
	trace_clear();
	if (g_tr.old_on[0])
		tr_write("tracing_on", g_tr.old_on);
}

/* 0 if the line is another task's "<comm>-<pid> [cpu]" line. */
static int tline_ours(const char *l, size_t len)
{
	const char *p = memchr(l, '[', len), *e;

	if (!g_tid || !p)
		return 1;
	while (p > l && p[-1] == ' ')
		p--;
	e = p;
	while (p > l && p[-1] >= '0' && p[-1] <= '9')
		p--;
	if (p == e || p == l || p[-1] != '-')
		return 1;
	return strtol(p, NULL, 10) == g_tid;
}

/* The text after "<task>-<pid> [cpu] <flags> <timestamp>: ". */
static const char *tline_body(const char *l, size_t len)
{
	const char *end = l + len;
	const char *p = memchr(l, ']', len);

	if (!p || l[0] == '#')
		return NULL;
	if (!tline_ours(l, len))
		return NULL;
	for (; p + 1 < end; p++)
		if (p[0] == ':' && p[1] == ' ')
			return p + 2;
	return NULL;
}

/* Value of "key=..." in [b, end), up to the next blank. */
static const char *tfield(const char *b, const char *end, const char *key,
			  size_t *n)
{
	size_t kl = strlen(key);
	const char *p;

	for (p = b; p + kl <= end; p++) {
		if (memcmp(p, key, kl) || (p > b && p[-1] != ' '))
			continue;
		p += kl;
		*n = 0;
		while (p + *n < end && p[*n] != ' ')
			(*n)++;
		return p;
	}
	return NULL;
}

static void jkv_tfield(const char *k, const char *b, const char *end,
		       const char *key)
{
	size_t n;
	const char *v = tfield(b, end, key, &n);

	if (v)
		jkv_strn(k, v, n);
	else
		jkv_null(k);
}

static void emit_pf_event(const char *b, const char *end)
{
	int user = !strncmp(b, "page_fault_user: ", 17);

	jcomma();
	jopen('{');
	jkv_str("kind", user ? "user" : "kernel");
	jkv_tfield("address", b, end, "address=");
	jkv_tfield("ip", b, end, "ip=");
	jkv_tfield("error_code", b, end, "error_code=");
	jclose('}');
}

static int is_pf_event(const char *b, const char *end)
{
	if (end - b > 17 && !strncmp(b, "page_fault_user: ", 17))
		return 1;
	return end - b > 19 && !strncmp(b, "page_fault_kernel: ", 19);
}

/* 1 if the line is one of our "<stack trace>" entries. */
static int is_stack_head(const char *l, size_t len)
{
	const char *b = tline_body(l, len);

	return b && l + len - b >= 13 && !memcmp(b, "<stack trace>", 13);
}

/* The frame of a " => frame" line after a "<stack trace>" line, or NULL. */
static const char *stack_frame(const char *l, size_t len, size_t *n)
{
	if (len < 4 || memcmp(l, " => ", 4))
		return NULL;
	*n = len - 4;
	while (*n && l[4 + *n - 1] == '\r')
		(*n)--;
	return l + 4;
}

/*
 * "fault_stacks": every "<stack trace>" entry of ours, as the list of its
 * frames, verbatim (innermost first); with @always an empty list too.
 */
static void emit_fault_stacks(int always)
{
	const char *end = g_tbuf + g_tlen, *l, *f;
	size_t len, n;
	int in = 0, found = 0;

	for (l = g_tbuf; !found && (l = next_line(l, end, &len)); l += len + 1)
		found = is_stack_head(l, len);
	if (!found && !always)
		return;
	jkey("fault_stacks");
	jopen('[');
	for (l = g_tbuf; (l = next_line(l, end, &len)); l += len + 1) {
		if (is_stack_head(l, len)) {
			if (in)
				jclose(']');
			jcomma();
			jopen('[');
			in = 1;
		} else if (in && (f = stack_frame(l, len, &n))) {
			jcomma();
			jstrn(f, n);
		} else if (in) {
			jclose(']');
			in = 0;
		}
	}
	if (in)
		jclose(']');
	jclose(']');
}

/* Emit "trace", "pf_events" (and notes) from g_tbuf. */
static void emit_trace(void)
{
	const char *end = g_tbuf + g_tlen, *l, *b, *le;
	int lost = 0;
	size_t len, n;

	jkey("trace");
	jopen('[');
	for (l = g_tbuf; (l = next_line(l, end, &len)); l += len + 1) {
		if (memmem(l, len, "LOST", 4) && memmem(l, len, "EVENTS", 6))
			lost = 1;
		b = tline_body(l, len);
		if (!b)
			continue;
		le = l + len;
		n = strcspn(b, " \n");
		if (b + n + 3 > le || memcmp(b + n, " <-", 3))
			continue;
		jcomma();
		jstrn(b, tr_base_len(b, n));	/* a clone is its function */
	}
	jclose(']');
	jkey("pf_events");
	jopen('[');
	for (l = g_tbuf; (l = next_line(l, end, &len)); l += len + 1) {
		b = tline_body(l, len);
		if (b && is_pf_event(b, l + len))
			emit_pf_event(b, l + len);
	}
	jclose(']');
	emit_fault_stacks(g_tr.stacking);
	if (g_tr.note[0])
		jkv_str("trace_note", g_tr.note);
	if (lost)
		jkv_bool("trace_lost", 1);
}

/* ---------------------------------------------------------------- */
/* userfaultfd and its handler thread                                */

struct uev {
	unsigned int event;
	unsigned long long flags, address;
	const char *how;
	int ret, err;
};

static int g_uffd = -1;
static unsigned long long g_uffd_features;
static char g_uffd_err[128];
static int g_stop_pipe[2] = { -1, -1 };
static pthread_t g_thr;
static int g_thr_ok;
static struct uev g_uev[8];
static int g_uev_n;
/*
 * Held by the handler thread from reading a message until its event is in
 * g_uev: resolving the fault wakes the faulting thread before the event is
 * stored, so the probe takes it (uffd_settle()) before reading g_uev_n.
 */
static pthread_mutex_t g_uev_lock = PTHREAD_MUTEX_INITIALIZER;

static void uffd_init(void)
{
	struct uffdio_api api = { .api = UFFD_API };
	int fd = syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK);

	if (fd < 0) {
		snprintf(g_uffd_err, sizeof(g_uffd_err), "userfaultfd: %s",
			 strerror(errno));
		return;
	}
	if (ioctl(fd, UFFDIO_API, &api)) {
		snprintf(g_uffd_err, sizeof(g_uffd_err), "UFFDIO_API: %s",
			 strerror(errno));
		close(fd);
		return;
	}
	g_uffd = fd;
	g_uffd_features = api.features;
}

static int uffd_unprotect(unsigned long page, struct uev *ev)
{
	struct uffdio_writeprotect wp = {
		.range = { .start = page, .len = PAGE },
		.mode = 0,
	};

	ev->how = "writeprotect_clear";
	return ioctl(g_uffd, UFFDIO_WRITEPROTECT, &wp);
}

static int uffd_fill(unsigned long page, struct uev *ev)
{
	static char src[PAGE] __attribute__((aligned(4096)));
	struct uffdio_zeropage zp = {
		.range = { .start = page, .len = PAGE },
	};
	struct uffdio_copy cp = {
		.dst = page, .src = (unsigned long)src, .len = PAGE,
	};

	ev->how = "zeropage";
	if (!ioctl(g_uffd, UFFDIO_ZEROPAGE, &zp) || errno == EEXIST)
		return 0;
	ev->how = "copy";
	return ioctl(g_uffd, UFFDIO_COPY, &cp);
}

/* Last resort so the faulting thread never hangs. */
static void uffd_give_up(unsigned long page, struct uev *ev)
{
	struct uffdio_range r = { .start = page, .len = PAGE };

	ev->how = "unregister";
	ev->ret = ioctl(g_uffd, UFFDIO_UNREGISTER, &r);
	if (ev->ret)
		ev->err = errno;
}

static void uffd_handle(void)
{
	struct uffd_msg m;
	struct uev ev = { 0 };
	unsigned long page;
	int n;

	pthread_mutex_lock(&g_uev_lock);
	if (read(g_uffd, &m, sizeof(m)) != (ssize_t)sizeof(m))
		goto out;
	ev.event = m.event;
	if (m.event == UFFD_EVENT_PAGEFAULT) {
		ev.flags = m.arg.pagefault.flags;
		ev.address = m.arg.pagefault.address;
		page = ev.address & ~(PAGE - 1);
		if (ev.flags & UFFD_PAGEFAULT_FLAG_WP)
			ev.ret = uffd_unprotect(page, &ev);
		else
			ev.ret = uffd_fill(page, &ev);
		if (ev.ret) {
			ev.err = errno;
			uffd_give_up(page, &ev);
		}
	}
	n = __atomic_load_n(&g_uev_n, __ATOMIC_ACQUIRE);
	if (n < (int)(sizeof(g_uev) / sizeof(g_uev[0]))) {
		g_uev[n] = ev;
		__atomic_store_n(&g_uev_n, n + 1, __ATOMIC_RELEASE);
	}
out:
	pthread_mutex_unlock(&g_uev_lock);
}

/*
 * Wait until the handler thread has stored the events of the faults it
 * resolved: ACCESS_TIMEOUT at most, should it be stuck in an ioctl.
 */
static void uffd_settle(void)
{
	struct timespec ts;

	if (!g_thr_ok)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ACCESS_TIMEOUT;
	if (!pthread_mutex_timedlock(&g_uev_lock, &ts))
		pthread_mutex_unlock(&g_uev_lock);
}

static void *uffd_thread(void *arg)
{
	struct pollfd pfd[2];

	(void)arg;
	for (;;) {
		pfd[0].fd = g_stop_pipe[0];
		pfd[0].events = POLLIN;
		pfd[1].fd = g_uffd;	/* ignored by poll() when -1 */
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (pfd[0].revents)
			break;
		if (pfd[1].revents & POLLIN)
			uffd_handle();
	}
	return NULL;
}

/*
 * The handler thread is started before any probe exists: besides serving
 * userfaultfd it makes mm_users > 1, without which NUMA balancing never
 * marks pages already on the local node (change_pte_range()).
 */
static void thread_start(void)
{
	sigset_t all, old;

	if (pipe2(g_stop_pipe, O_CLOEXEC)) {
		logmsg("pipe: %s", strerror(errno));
		return;
	}
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	g_thr_ok = !pthread_create(&g_thr, NULL, uffd_thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (!g_thr_ok)
		logmsg("pthread_create failed");
}

static void thread_stop(void)
{
	if (!g_thr_ok)
		return;
	if (write(g_stop_pipe[1], "x", 1) == 1)
		pthread_join(g_thr, NULL);
	g_thr_ok = 0;
}

/* ---------------------------------------------------------------- */
/* signals                                                           */

struct result {
	int signo;
	int code;
	unsigned long long fault_addr, ip, err, trapno, cr2;
	unsigned long long esr, far;	/* arm64 */
	int esr_ok;
	long ret;
	int err_no;
	int timeout;
	struct rusage r0, r1;
	int uev_n;
};

static char g_altstack[1 << 16] __attribute__((aligned(16)));
static sigjmp_buf g_jb, g_pf_jb;
static volatile sig_atomic_t g_in_probe, g_in_prefault;
static struct result g_res;

static void die_signal(int sig, siginfo_t *si)
{
	static const char hex[] = "0123456789abcdef";
	char msg[] = "workload: fatal signal xx at 0x0000000000000000\n";
	unsigned long a = (unsigned long)si->si_addr;
	int i;

	msg[23] = '0' + sig / 10 % 10;
	msg[24] = '0' + sig % 10;
	for (i = 0; i < 16; i++)
		msg[46 - i] = hex[(a >> (4 * i)) & 15];
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(3);
}

#if defined(__x86_64__)
static void sig_context(ucontext_t *uc)
{
	g_res.ip = uc->uc_mcontext.gregs[REG_RIP];
	g_res.err = uc->uc_mcontext.gregs[REG_ERR];
	g_res.trapno = uc->uc_mcontext.gregs[REG_TRAPNO];
	g_res.cr2 = uc->uc_mcontext.gregs[REG_CR2];
}
#else
/*
 * arm64: pc, the sigcontext's fault_address (the FAR the kernel saved) and
 * the ESR from the esr_context record the kernel adds to __reserved for a
 * fault (arch/arm64/kernel/signal.c setup_sigframe: only when
 * current->thread.fault_code is set).
 */
static void sig_context(ucontext_t *uc)
{
	struct _aarch64_ctx *h = (void *)uc->uc_mcontext.__reserved;
	char *end = (char *)uc->uc_mcontext.__reserved +
		    sizeof(uc->uc_mcontext.__reserved);

	g_res.ip = uc->uc_mcontext.pc;
	g_res.far = uc->uc_mcontext.fault_address;
	while ((char *)h + sizeof(*h) <= end && h->magic && h->size) {
		if (h->magic == ESR_MAGIC) {
			g_res.esr = ((struct esr_context *)h)->esr;
			g_res.esr_ok = 1;
			break;
		}
		h = (void *)((char *)h + h->size);
	}
}
#endif

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	if (g_in_probe) {
		getrusage(RUSAGE_THREAD, &g_res.r1);
		trace_off();
		g_in_probe = 0;
		g_res.signo = sig;
		g_res.code = si->si_code;
		g_res.fault_addr = (unsigned long)si->si_addr;
		sig_context(uc);
		g_res.timeout = sig == SIGALRM;
		siglongjmp(g_jb, 1);
	}
	if (g_in_prefault) {
		g_in_prefault = 0;
		siglongjmp(g_pf_jb, 1);
	}
	if (sig == SIGALRM)
		return;
	die_signal(sig, si);
}

static void signals_setup(void)
{
	static const int sigs[] = {
		SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGALRM,
	};
	stack_t ss = { .ss_sp = g_altstack, .ss_size = sizeof(g_altstack) };
	struct sigaction sa;
	size_t i;

	memset(g_altstack, 0, sizeof(g_altstack));
	if (sigaltstack(&ss, NULL))
		logmsg("sigaltstack: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
}

/* ---------------------------------------------------------------- */
/* setup helpers                                                     */

static pid_t g_child = -1;
static unsigned long g_skip_lo, g_skip_hi;	/* helper mapping */

static unsigned long slot_addr(struct probe *p)
{
	return SMALL_BASE + (unsigned long)p->idx * SMALL_STEP;
}

static unsigned long huge_addr(struct probe *p)
{
	return HUGE_BASE + (unsigned long)p->hslot * HUGE_STEP;
}

static char *map_at(struct probe *p, unsigned long a, size_t len, int prot,
		    int flags, int fd)
{
	void *m = mmap((void *)a, len, prot, flags | MAP_FIXED_NOREPLACE,
		       fd, 0);

	if (m == MAP_FAILED) {
		skip(p, "mmap at 0x%lx: %s", a, strerror(errno));
		return NULL;
	}
	if ((unsigned long)m != a) {
		munmap(m, len);
		skip(p, "mmap placed at %p, not 0x%lx", m, a);
		return NULL;
	}
	return m;
}

static char *anon_slot(struct probe *p, size_t len, int prot)
{
	return map_at(p, slot_addr(p), len, prot,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1);
}

/* Reserve the probe's 1 MiB slot, unmap it: a verified hole. */
static int hole_at(struct probe *p, unsigned long off)
{
	unsigned long a = slot_addr(p);
	char *m = map_at(p, a, SMALL_STEP, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1);

	if (!m)
		return -1;
	if (munmap(m, SMALL_STEP))
		return skip(p, "munmap: %s", strerror(errno));
	set_addr(p, a + off);
	note(p, "1 MiB at 0x%lx was reserved and unmapped", a);
	return 0;
}

static const char *fs_name(long type)
{
	switch (type) {
	case 0x01021994:
		return "tmpfs";
	case 0xef53:
		return "ext2/3/4";
	case 0x858458f6:
		return "ramfs";
	default:
		return "other";
	}
}

/* Create p->path with @npages pages of nonzero data; returns an O_RDWR fd. */
static int make_file(struct probe *p, size_t npages, int fill)
{
	static char page[PAGE];
	struct statfs sf;
	size_t i;
	int fd;

	snprintf(p->path, sizeof(p->path), "%s/pfwhy-%s", opt_tmpdir,
		 p->name);
	fd = open(p->path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return skip(p, "open %s: %s", p->path, strerror(errno));
	for (i = 0; i < npages; i++) {
		memset(page, fill + (int)i, sizeof(page));
		if (write(fd, page, PAGE) != (ssize_t)PAGE) {
			close(fd);
			return skip(p, "write %s: %s", p->path,
				    strerror(errno));
		}
	}
	if (!fstatfs(fd, &sf))
		extra(p, "\"fs\":\"%s\",\"fs_magic\":\"0x%lx\"",
		      fs_name(sf.f_type), (unsigned long)sf.f_type);
	extra(p, "\"file_pages\":%zu", npages);
	return fd;
}

/* ---------------------------------------------------------------- */
/* probe setups: plain anonymous memory and bad addresses            */

static int su_anon_untouched(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);

	if (!m)
		return -1;
	set_addr(p, (unsigned long)m);
	return 0;
}

static int su_anon_touched(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);

	if (!m)
		return -1;
	memset(m, 0x11, PAGE);
	set_addr(p, (unsigned long)m);
	return 0;
}

/*
 * Many small VMAs in the slot (16 pages, every other one PROT_READ, so none
 * merge) and a read of an untouched page among them: the VMA lookup walks a
 * deeper structure (5.10: the vmacache, then the mm_rb rbtree by vm_rb, the
 * mm->mmap list by vm_next; 6.1+: the maple tree), which the dump holds.
 */
static int su_vma_many(struct probe *p)
{
	char *m = anon_slot(p, 16 * PAGE, PROT_READ | PROT_WRITE);
	int i;

	if (!m)
		return -1;
	for (i = 1; i < 16; i += 2)
		if (mprotect(m + i * PAGE, PAGE, PROT_READ))
			return skip(p, "mprotect: %s", strerror(errno));
	set_addr(p, (unsigned long)m + 10 * PAGE);
	note(p, "16 one-page VMAs, alternately rw and r");
	return 0;
}

static int su_anon_ro(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ);

	if (!m)
		return -1;
	set_addr(p, (unsigned long)m);
	return 0;
}

static int su_protnone(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_NONE);

	if (!m)
		return -1;
	set_addr(p, (unsigned long)m);
	return 0;
}

static int su_hole(struct probe *p)
{
	return hole_at(p, SMALL_STEP / 2);
}

static int su_null(struct probe *p)
{
	char v[32];

	set_addr(p, 0);
	if (!read_small("/proc/sys/vm/mmap_min_addr", v, sizeof(v)))
		note(p, "vm.mmap_min_addr=%s", v);
	return 0;
}

static int su_kaddr(struct probe *p)
{
#if defined(__x86_64__)
	set_addr(p, KERNEL_ADDR);
	note(p, "kernel-half address read from user mode");
#else
	/* arm64: the start of the kernel half (TTBR1) + 128 MiB, in the
	 * modules/kernel-image area of 6.1 for either VA size */
	set_addr(p, -(1UL << (g_va_bits - 1)) + 0x8000000UL);
	note(p, "kernel-half address read from user mode (%d-bit VA)", g_va_bits);
#endif
	return 0;
}

static int su_noncanon(struct probe *p)
{
	set_addr(p, 0x8000000000000000UL);
#if defined(__x86_64__)
	note(p, "non-canonical under 4- and 5-level paging");
#else
	note(p, "arm64: bit 55 clear selects TTBR0 and EL0's top byte is "
		"ignored (TBI0), so this is address 0 with tag 0x80");
#endif
	return 0;
}

static int su_noncanon_low(struct probe *p)
{
	set_addr(p, 0x0000900000000000UL);
#if defined(__x86_64__)
	note(p, "non-canonical under 4-level paging only (canonical, "
		"unmapped user space with LA57)");
#else
	note(p, "arm64 %d-bit VA: %s", g_va_bits, g_va_bits > 44 ?
	     "unmapped user space below TASK_SIZE" :
	     "above TASK_SIZE, outside TTBR0's range (T0SZ)");
#endif
	return 0;
}

/* A page of "ret" instructions (made visible to instruction fetch). */
static void fill_ret(char *m)
{
#if defined(__x86_64__)
	memset(m, 0xc3, PAGE);
#else
	uint32_t *w = (uint32_t *)m;
	size_t i;

	for (i = 0; i < PAGE / 4; i++)
		w[i] = RET_INSN;
	__builtin___clear_cache(m, m + PAGE);
#endif
}

static int su_exec_nx_touched(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);

	if (!m)
		return -1;
	fill_ret(m);
	set_addr(p, (unsigned long)m);
	return 0;
}

static int su_exec_touched(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE | PROT_EXEC);

	if (!m)
		return -1;
	fill_ret(m);
	set_addr(p, (unsigned long)m);
	note(p, "RWX page of ret instructions: no fault expected");
	return 0;
}

static int su_mprotect_ro(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);

	if (!m)
		return -1;
	memset(m, 0x66, PAGE);
	if (mprotect(m, 2 * PAGE, PROT_READ))
		return skip(p, "mprotect: %s", strerror(errno));
	set_addr(p, (unsigned long)m);
	return 0;
}

static int su_zero_page(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);
	uint64_t v;

	if (!m)
		return -1;
	(void)*(volatile char *)m;
	set_addr(p, (unsigned long)m);
	if (!pm_get(p->addr, &v))
		extra(p, "\"present_after_read\":%s",
		      v & PM_PRESENT ? "true" : "false");
	return 0;
}

static int su_shared_anon(struct probe *p)
{
	char *m = map_at(p, slot_addr(p), 2 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1);

	if (!m)
		return -1;
	set_addr(p, (unsigned long)m);
	return 0;
}

/* ---------------------------------------------------------------- */
/* probe setups: files                                               */

static int file_map(struct probe *p, size_t npages, size_t mpages,
		    int prot, int flags, int rdonly)
{
	int fd = make_file(p, npages, 'A');
	char *m;

	if (fd < 0)
		return -1;
	if (rdonly) {
		close(fd);
		fd = open(p->path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return skip(p, "reopen %s: %s", p->path,
				    strerror(errno));
	}
	m = map_at(p, slot_addr(p), mpages * PAGE, prot, flags, fd);
	close(fd);
	if (!m)
		return -1;
	set_addr(p, (unsigned long)m);
	return 0;
}

static int su_tmpfs_private(struct probe *p)
{
	if (file_map(p, 4, 4, PROT_READ | PROT_WRITE, MAP_PRIVATE, 0))
		return -1;
	p->addr += PAGE;	/* second page, never touched */
	return 0;
}

static int su_tmpfs_shared(struct probe *p)
{
	if (file_map(p, 4, 4, PROT_READ | PROT_WRITE, MAP_SHARED, 0))
		return -1;
	p->addr += PAGE;
	return 0;
}

static int su_rofile(struct probe *p)
{
	if (file_map(p, 4, 4, PROT_READ, MAP_SHARED, 1))
		return -1;
	p->addr += PAGE;
	note(p, "file opened O_RDONLY, mapped PROT_READ MAP_SHARED");
	return 0;
}

static int su_past_eof(struct probe *p)
{
	if (file_map(p, 1, 4, PROT_READ, MAP_PRIVATE, 0))
		return -1;
	p->addr += 2 * PAGE;
	note(p, "4-page PROT_READ MAP_PRIVATE mapping of a 1-page file");
	return 0;
}

static int sys_file(struct probe *p)
{
	p->fd = make_file(p, 1, 'F');
	return p->fd < 0 ? -1 : 0;
}

static int su_sys_read_efault(struct probe *p)
{
	if (hole_at(p, SMALL_STEP / 2) || sys_file(p))
		return -1;
	note(p, "pread(file, addr, 4096, 0): the kernel writes the buffer");
	return 0;
}

static int su_sys_write_efault(struct probe *p)
{
	if (hole_at(p, SMALL_STEP / 2) || sys_file(p))
		return -1;
	note(p, "pwrite(file, addr, 4096, 0): the kernel reads the buffer");
	return 0;
}

static int su_sys_read_untouched(struct probe *p)
{
	if (su_anon_untouched(p) || sys_file(p))
		return -1;
	note(p, "pread(file, addr, 4096, 0) into untouched anon memory");
	return 0;
}

/* ---------------------------------------------------------------- */
/* probe setups: fork, soft-dirty, swap                              */

static void child_sleep(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (g_uffd >= 0)
		close(g_uffd);
	for (;;)
		pause();
}

static int su_cow_alive(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);
	pid_t pid;

	if (!m)
		return -1;
	memset(m, 0x22, PAGE);
	set_addr(p, (unsigned long)m);
	pid = fork();
	if (pid < 0)
		return skip(p, "fork: %s", strerror(errno));
	if (pid == 0)
		child_sleep();
	g_child = pid;
	extra(p, "\"child_pid\":%d", (int)pid);
	note(p, "child %d shares the page, blocked in pause()", (int)pid);
	return 0;
}

static int su_cow_exited(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);
	int status = 0;
	pid_t pid;

	if (!m)
		return -1;
	memset(m, 0x23, PAGE);
	set_addr(p, (unsigned long)m);
	pid = fork();
	if (pid < 0)
		return skip(p, "fork: %s", strerror(errno));
	if (pid == 0)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid)
		return skip(p, "waitpid: %s", strerror(errno));
	extra(p, "\"child_pid\":%d,\"child_status\":%d", (int)pid, status);
	note(p, "child %d exited and was reaped before READY", (int)pid);
	return 0;
}

/*
 * clear_refs 4 clears soft-dirty and write-protects every pte of the mm,
 * so it runs before the other probe mappings exist.
 */
static int su_softdirty(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);
	uint64_t v0 = 0, v1 = 0;
	int err;

	if (!m)
		return -1;
	memset(m, 0x44, PAGE);
	set_addr(p, (unsigned long)m);
	pm_get(p->addr, &v0);
	if (!(v0 & PM_SOFT_DIRTY))
		return skip(p, "not applicable: pagemap shows no soft-dirty bit "
			    "on a page just written: this %s kernel has no "
			    "CONFIG_MEM_SOFT_DIRTY%s", ARCH_NAME,
			    strcmp(ARCH_NAME, "arm64") ? "" :
			    " (arm64 has no HAVE_ARCH_SOFT_DIRTY)");
	err = write_file("/proc/self/clear_refs", "4");
	if (err)
		return skip(p, "clear_refs: %s", strerror(-err));
	pm_get(p->addr, &v1);
	extra(p, "\"soft_dirty_before_clear\":%s,\"soft_dirty_after_clear\":%s",
	      v0 & PM_SOFT_DIRTY ? "true" : "false",
	      v1 & PM_SOFT_DIRTY ? "true" : "false");
	return 0;
}

static int su_swap(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);
	uint64_t v = 0;
	int tries = 0;

	if (!m)
		return -1;
	memset(m, 0x33, PAGE);
	set_addr(p, (unsigned long)m);
	while (tries < 5 && !(v & PM_SWAP)) {
		tries++;
		if (madvise(m, PAGE, MADV_PAGEOUT)) {
			note(p, "MADV_PAGEOUT: %s", strerror(errno));
			break;
		}
		pm_get(p->addr, &v);
		if (!(v & PM_SWAP))
			usleep(50000);
	}
	extra(p, "\"swapped\":%s,\"pageout_tries\":%d",
	      v & PM_SWAP ? "true" : "false", tries);
	if (!(v & PM_SWAP))
		note(p, "page is not swapped out (no swap device?)");
	return 0;
}

/*
 * A page swapped out and read back in (do_swap_page() maps it read-only;
 * from a swap device without SWP_SYNCHRONOUS_IO it stays in the swap cache
 * while swap is not full, zram's bypasses the cache), then written:
 * do_wp_page() decides.  4.19-5.8 reuse it when reuse_swap_page() says the
 * swap cache holds the only other reference; 5.9-5.18 copy whenever
 * page_count() != 1 (a swap-cache or LRU-batch reference counts); 5.19+
 * reuse a PageAnonExclusive page.
 */
static int su_swapcache(struct probe *p)
{
	uint64_t v = 0;

	if (su_swap(p))
		return -1;
	if (p->skipped)
		return 0;
	(void)*(volatile char *)p->addr;
	pm_get(p->addr, &v);
	extra(p, "\"swapped_in_before\":%s", v & PM_PRESENT ? "true" : "false");
	return 0;
}

/* ---------------------------------------------------------------- */
/* probe setups: huge pages                                          */

static int su_thp(struct probe *p)
{
	char *m = map_at(p, huge_addr(p), 2 * HPAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1);
	char v[128];

	if (!m)
		return -1;
	set_addr(p, (unsigned long)m);
	if (madvise(m, 2 * HPAGE, MADV_HUGEPAGE))
		note(p, "MADV_HUGEPAGE: %s", strerror(errno));
	if (!read_small("/sys/kernel/mm/transparent_hugepage/enabled", v,
			sizeof(v)))
		note(p, "thp enabled: %s", v);
	if (!read_small("/sys/kernel/mm/transparent_hugepage/use_zero_page",
			v, sizeof(v)))
		note(p, "use_zero_page: %s", v);
	return 0;
}

/*
 * mTHP (6.8+): hugepages-64kB set to "madvise", a 128 KiB MADV_HUGEPAGE
 * mapping (too small for a PMD THP), a write inside its second 64 KiB:
 * alloc_anon_folio() may map an order-4 folio.  The setup writes the first
 * page, so the PMD holds a page table in the dump as at the probe:
 * __handle_mm_fault() tries a PMD-sized THP only when pmd_none(), and the
 * probe of a neighbouring 1 MiB slot, which may share this PMD, may run
 * before this one.
 * Kernels without per-size settings record the probe as not applicable.
 */
static int su_mthp(struct probe *p)
{
	static const char ctl[] = "/sys/kernel/mm/transparent_hugepage/hugepages-64kB/enabled";
	char v[128];
	char *m;
	int err;

	if (access(ctl, F_OK))
		return skip(p, "not applicable: no %s (per-size mTHP controls arrived in 6.8)", ctl);
	err = write_file(ctl, "madvise");
	if (err)
		return skip(p, "writing madvise to %s: %s", ctl, strerror(-err));
	m = anon_slot(p, 32 * PAGE, PROT_READ | PROT_WRITE);
	if (!m)
		return -1;
	if (madvise(m, 32 * PAGE, MADV_HUGEPAGE))
		note(p, "MADV_HUGEPAGE: %s", strerror(errno));
	m[0] = 1;
	set_addr(p, (unsigned long)m + 17 * PAGE);
	if (!read_small(ctl, v, sizeof(v)))
		note(p, "hugepages-64kB enabled: %s", v);
	return 0;
}

static int su_hugetlb(struct probe *p)
{
	char v[64];
	char *m;

	if (!read_small("/proc/sys/vm/nr_hugepages", v, sizeof(v)))
		note(p, "vm.nr_hugepages=%s", v);
	m = map_at(p, huge_addr(p), HPAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB,
		   -1);
	if (!m)
		return -1;
	set_addr(p, (unsigned long)m);
	return 0;
}

/* ---------------------------------------------------------------- */
/* probe setups: userfaultfd                                         */

/* Register LEN bytes at M with MODE (named WHAT); *IOCTLS (if set): the range's ioctls. */
static int uffd_register(struct probe *p, char *m, size_t len,
			 unsigned long long mode, const char *what,
			 unsigned long long *ioctls)
{
	struct uffdio_register r = {
		.range = { .start = (unsigned long)m, .len = len },
		.mode = mode,
	};

	if (ioctl(g_uffd, UFFDIO_REGISTER, &r))
		return skip(p, "UFFDIO_REGISTER %s: %s", what,
			    strerror(errno));
	extra(p, "\"uffd_ioctls\":\"0x%llx\",\"uffd_features\":\"0x%llx\"",
	      (unsigned long long)r.ioctls, g_uffd_features);
	p->uses_uffd = 1;
	if (ioctls)
		*ioctls = r.ioctls;
	return 0;
}

static int su_uffd_missing(struct probe *p)
{
	char *m;

	if (g_uffd < 0)
		return skip(p, "%s", g_uffd_err);
	if (!g_thr_ok)
		return skip(p, "no handler thread");
	m = anon_slot(p, 4 * PAGE, PROT_READ | PROT_WRITE);
	if (!m)
		return -1;
	set_addr(p, (unsigned long)m);
	if (uffd_register(p, m, 4 * PAGE, UFFDIO_REGISTER_MODE_MISSING,
			  "MODE_MISSING", NULL))
		return -1;
	note(p, "handler resolves with UFFDIO_ZEROPAGE (UFFDIO_COPY fallback)");
	return 0;
}

/* UFFDIO_POISON (6.6), for headers older than the kernel */
#ifndef _UFFDIO_POISON
#define _UFFDIO_POISON	(0x08)
struct uffdio_poison {
	struct uffdio_range range;
	__u64 mode;
	__s64 updated;
};
#define UFFDIO_POISON	_IOWR(UFFDIO, _UFFDIO_POISON, struct uffdio_poison)
#endif

/*
 * How a probe arms its 2 pages at p->addr: both registered with MODE, then
 * the first given to CMD, whose argument (struct uffdio_writeprotect,
 * struct uffdio_poison) begins with the range and CMD_MODE.  NEED, if set,
 * is the skip reason when the registration does not offer CMD (bit CMD_NR
 * of its ioctls: a kernel older than CMD).
 */
struct uffd_arming {
	unsigned long long mode;
	const char *mode_name;
	unsigned long cmd;
	const char *cmd_name;
	unsigned long long cmd_mode;
	int cmd_nr;
	const char *need;
};

/* uffd_wp_write, uffd_wp_shmem_write: write-protect the first page */
static const struct uffd_arming uffd_wp_first = {
	UFFDIO_REGISTER_MODE_WP, "MODE_WP",
	UFFDIO_WRITEPROTECT, "UFFDIO_WRITEPROTECT", UFFDIO_WRITEPROTECT_MODE_WP,
	_UFFDIO_WRITEPROTECT, NULL,
};

/* poison_marker_read: poison the first page */
static const struct uffd_arming uffd_poison_first = {
	UFFDIO_REGISTER_MODE_MISSING, "MODE_MISSING",
	UFFDIO_POISON, "UFFDIO_POISON", 0, _UFFDIO_POISON,
	"not applicable: UFFDIO_REGISTER offers no UFFDIO_POISON (the poison PTE marker arrived in 6.6)",
};

static int uffd_arm(struct probe *p, const struct uffd_arming *a)
{
	union {
		struct uffdio_writeprotect wp;
		struct uffdio_poison poison;
	} arg;
	unsigned long long ioctls;

	if (uffd_register(p, (char *)p->addr, 2 * PAGE, a->mode, a->mode_name,
			  &ioctls))
		return -1;
	if (a->need && !(ioctls & (1ULL << a->cmd_nr)))
		return skip(p, "%s", a->need);
	memset(&arg, 0, sizeof(arg));
	arg.wp.range.start = p->addr;
	arg.wp.range.len = PAGE;
	arg.wp.mode = a->cmd_mode;
	if (ioctl(g_uffd, a->cmd, &arg))
		return skip(p, "%s: %s", a->cmd_name, strerror(errno));
	return 0;
}

static int su_uffd_wp(struct probe *p)
{
	uint64_t v = 0;
	char *m;

	if (g_uffd < 0)
		return skip(p, "%s", g_uffd_err);
	if (!g_thr_ok)
		return skip(p, "no handler thread");
	if (!(g_uffd_features & UFFD_FEATURE_PAGEFAULT_FLAG_WP))
		return skip(p, "not applicable: UFFDIO_API offers no "
			    "UFFD_FEATURE_PAGEFAULT_FLAG_WP (features 0x%llx; "
			    "arm64 has no HAVE_ARCH_USERFAULTFD_WP before 6.10)",
			    g_uffd_features);
	m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);
	if (!m)
		return -1;
	memset(m, 0x55, PAGE);
	set_addr(p, (unsigned long)m);
	if (uffd_arm(p, &uffd_wp_first))
		return -1;
	if (!pm_get(p->addr, &v))
		extra(p, "\"uffd_wp_bit\":%s",
		      v & PM_UFFD_WP ? "true" : "false");
	note(p, "handler clears the write protection");
	return 0;
}

/*
 * uffd-wp on shmem (5.19+, PTE_MARKER_UFFD_WP): a shared tmpfs file whose
 * pages are in the page cache but not mapped here, registered MODE_WP and
 * write-protected.  The pte is none, so change_pte_range() leaves a uffd-wp
 * PTE marker (swap type SWP_PTE_MARKER in pagemap) for the write to meet.
 */
#ifndef UFFD_FEATURE_WP_HUGETLBFS_SHMEM
#define UFFD_FEATURE_WP_HUGETLBFS_SHMEM	(1 << 12)
#endif
static int su_uffd_wp_shmem(struct probe *p)
{
	uint64_t v = 0;

	if (g_uffd < 0)
		return skip(p, "%s", g_uffd_err);
	if (!g_thr_ok)
		return skip(p, "no handler thread");
	if (!(g_uffd_features & UFFD_FEATURE_WP_HUGETLBFS_SHMEM))
		return skip(p, "not applicable: no UFFD_FEATURE_WP_HUGETLBFS_SHMEM (uffd-wp on shmem and its PTE markers arrived in 5.19)");
	if (file_map(p, 2, 2, PROT_READ | PROT_WRITE, MAP_SHARED, 0))
		return -1;
	if (uffd_arm(p, &uffd_wp_first))
		return -1;
	if (!pm_get(p->addr, &v))
		extra(p, "\"uffd_wp_bit\":%s,\"marker_swapped\":%s",
		      v & PM_UFFD_WP ? "true" : "false",
		      v & PM_SWAP ? "true" : "false");
	note(p, "page cached, never mapped: the write meets a uffd-wp PTE marker; handler clears the write protection");
	return 0;
}

/*
 * The poison marker (6.6+: PTE_MARKER_POISONED, which a failed swap-in
 * also leaves since 6.6 merged PTE_MARKER_SWAPIN_ERROR into it): UFFDIO_POISON
 * on a MODE_MISSING range puts it in a none pte; the access gets SIGBUS
 * (handle_pte_marker: VM_FAULT_HWPOISON).
 */
static int su_uffd_poison(struct probe *p)
{
	uint64_t v = 0;
	char *m;

	if (g_uffd < 0)
		return skip(p, "%s", g_uffd_err);
	if (!g_thr_ok)
		return skip(p, "no handler thread");
	m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);
	if (!m)
		return -1;
	set_addr(p, (unsigned long)m);
	if (uffd_arm(p, &uffd_poison_first))
		return -1;
	if (!pm_get(p->addr, &v))
		extra(p, "\"marker_swapped\":%s", v & PM_SWAP ? "true" : "false");
	note(p, "UFFDIO_POISON: a PTE_MARKER_POISONED marker, as a failed swap-in leaves");
	return 0;
}

/* ---------------------------------------------------------------- */
/* probe setups: stack                                               */

static int su_stack_growth(struct probe *p)
{
	unsigned long s, e, a;

	if (stack_vma(&s, &e))
		return skip(p, "no [stack] line in maps");
	a = s - 0x10000;
	if (maps_overlap(a, s))
		return skip(p, "something is mapped below [stack]");
	set_addr(p, a);
	extra(p, "\"stack_start\":\"0x%lx\"", s);
	note(p, "64 KiB below [stack]: expect stack expansion");
	return 0;
}

/*
 * A PROT_READ page 1.125 MiB below [stack]: the growth probe (64 KiB
 * below) stays outside the default 1 MiB stack_guard_gap, this probe
 * (0.5 MiB above the page) does not.
 */
static int su_stack_guard(struct probe *p)
{
	unsigned long s, e, mend;
	char *m;

	if (stack_vma(&s, &e))
		return skip(p, "no [stack] line in maps");
	mend = s - 0x120000;
	m = map_at(p, mend - PAGE, PAGE, PROT_READ,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1);
	if (!m)
		return -1;
	g_skip_lo = mend - PAGE;
	g_skip_hi = mend;
	set_addr(p, mend + 0x80000);
	extra(p, "\"stack_start\":\"0x%lx\",\"guard_mapping\":\"0x%lx-0x%lx\"",
	      s, mend - PAGE, mend);
	note(p, "address 0.5 MiB above a mapping below [stack]: within the "
		"stack guard gap (default 1 MiB)");
	return 0;
}

/* ---------------------------------------------------------------- */
/* probe setup: NUMA hinting fault                                   */

struct knob {
	const char *proc;
	const char *dbg;
	const char *val;
	char path[128];
	char old[32];
	int set;
};

static struct knob g_knobs[] = {
	{ .proc = "/proc/sys/kernel/numa_balancing_scan_delay_ms",
	  .dbg = "scan_delay_ms", .val = "0" },
	{ .proc = "/proc/sys/kernel/numa_balancing_scan_period_min_ms",
	  .dbg = "scan_period_min_ms", .val = "10" },
	{ .proc = "/proc/sys/kernel/numa_balancing_scan_size_mb",
	  .dbg = "scan_size_mb", .val = "256" },
};
#define NKNOBS (sizeof(g_knobs) / sizeof(g_knobs[0]))
#define NUMA_DBG "/sys/kernel/debug/sched/numa_balancing"

static int g_mounted_debugfs;
static int g_pin_err;
static char g_numa_start[16];	/* kernel.numa_balancing when we started */

/*
 * Automatic NUMA balancing off for the run (kernel.numa_balancing = 0), as
 * the fixture kernels boot; only su_numa's scan turns it on.  A kernel that
 * boots with it on (NUMA_BALANCING_DEFAULT_ENABLED, Debian's arm64) would
 * otherwise mark ptes PROT_NONE whenever its scan comes round: between the
 * dump and a probe's access (the dump no longer shows the pte the access
 * meets) and on our own stack, data and getrusage buffers inside a probe's
 * window (NUMA-hinting faults of other pages in its trace and counts).
 */
static void numa_quiet(void)
{
	int err;

	if (read_small("/proc/sys/kernel/numa_balancing", g_numa_start,
		       sizeof(g_numa_start)) || !strcmp(g_numa_start, "0"))
		return;
	err = write_file("/proc/sys/kernel/numa_balancing", "0");
	if (err)
		logmsg("numa_balancing=0: %s", strerror(-err));
}

/* Pin the main thread (only) to CPU 0: NUMA scans, one trace buffer. */
static void pin_cpu0(void)
{
	cpu_set_t cpus;

	CPU_ZERO(&cpus);
	CPU_SET(0, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		g_pin_err = errno;
}

static void debugfs_mount(void)
{
	if (!access(NUMA_DBG, F_OK) || access("/sys/kernel/debug", F_OK))
		return;
	if (!access("/sys/kernel/debug/sched", F_OK))
		return;	/* debugfs is there, without NUMA knobs */
	if (!mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL))
		g_mounted_debugfs = 1;
}

static void knob_set(struct probe *p, struct knob *k)
{
	snprintf(k->path, sizeof(k->path), "%s", k->proc);
	if (access(k->path, F_OK)) {
		debugfs_mount();
		snprintf(k->path, sizeof(k->path), "%s/%s", NUMA_DBG, k->dbg);
	}
	if (read_small(k->path, k->old, sizeof(k->old))) {
		note(p, "%s: %s", k->path, strerror(errno));
		return;
	}
	k->set = !write_file(k->path, k->val);
	note(p, "%s=%s (was %s)%s", k->path, k->val, k->old,
	     k->set ? "" : " FAILED");
}

static void knobs_restore(void)
{
	size_t i;

	for (i = 0; i < NKNOBS; i++)
		if (g_knobs[i].set)
			write_file(g_knobs[i].path, g_knobs[i].old);
}

static long vmstat_get(const char *name)
{
	static char buf[16384];
	size_t n = strlen(name);
	char *l;

	if (read_whole("/proc/vmstat", buf, sizeof(buf)) < 0)
		return -1;
	for (l = buf; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL)
		if (!strncmp(l, name, n) && l[n] == ' ')
			return strtol(l + n + 1, NULL, 10);
	return -1;
}

/* mm->numa_scan_seq from /proc/self/sched (CONFIG_SCHED_DEBUG). */
static long numa_scan_seq(void)
{
	static char buf[8192];
	char *l;

	if (read_whole("/proc/self/sched", buf, sizeof(buf)) < 0)
		return -1;
	l = strstr(buf, "mm->numa_scan_seq");
	if (!l || !(l = strchr(l, ':')))
		return -1;
	return strtol(l + 1, NULL, 10);
}

/* 1 once the mm finished a NUMA scan pass or ptes were marked. */
static int numa_scanned(long s0, long u0)
{
	long s = numa_scan_seq(), u = vmstat_get("numa_pte_updates");

	return (s0 >= 0 && s > s0) || (u0 >= 0 && u > u0);
}

/*
 * Burn CPU so task_tick_numa() queues task_numa_work() for us: at least
 * 2 s, then until a scan is seen, at most 6 s.
 */
static long numa_spin(long s0, long u0)
{
	long t0 = now_ms(), last = t0, t;
	volatile unsigned long x = 0;

	for (;;) {
		if (++x & 0xffff)
			continue;
		t = now_ms();
		if (t - t0 >= 6000)
			break;
		if (t - t0 < 2000 || t - last < 100)
			continue;
		last = t;
		if (numa_scanned(s0, u0))
			break;
	}
	return now_ms() - t0;
}

/* "key":<now - before>, or null when the counter is unavailable. */
static void extra_delta(struct probe *p, const char *key, long before,
			long now)
{
	if (before < 0 || now < 0)
		extra(p, "\"%s\":null", key);
	else
		extra(p, "\"%s\":%ld", key, now - before);
}

static void extra_long(struct probe *p, const char *key, long v)
{
	if (v < 0)
		extra(p, "\"%s\":null", key);
	else
		extra(p, "\"%s\":%ld", key, v);
}

static void numa_balance(struct probe *p)
{
	long u0, h0, s0, ms;
	size_t i;
	int on;

	if (g_pin_err)
		note(p, "sched_setaffinity: %s", strerror(g_pin_err));
	else
		note(p, "main thread pinned to CPU 0");
	for (i = 0; i < NKNOBS; i++)
		knob_set(p, &g_knobs[i]);
	u0 = vmstat_get("numa_pte_updates");
	h0 = vmstat_get("numa_hint_faults");
	s0 = numa_scan_seq();
	on = !write_file("/proc/sys/kernel/numa_balancing", "1");
	ms = numa_spin(s0, u0);
	write_file("/proc/sys/kernel/numa_balancing", "0");
	knobs_restore();
	extra(p, "\"numa_balancing_enabled\":%s,\"spin_ms\":%ld",
	      on ? "true" : "false", ms);
	extra_delta(p, "numa_pte_updates_delta", u0,
		    vmstat_get("numa_pte_updates"));
	extra_delta(p, "numa_hint_faults_delta", h0,
		    vmstat_get("numa_hint_faults"));
	extra_long(p, "mm_numa_scan_seq_before", s0);
	extra_long(p, "mm_numa_scan_seq_after", numa_scan_seq());
	extra(p, "\"mm_threads\":%d", g_thr_ok ? 2 : 1);
	extra(p, "\"numa_balancing_at_start\":\"%s\"", g_numa_start);
	note(p, "numa_balancing was %s when the workload started, 0 outside this scan",
	     g_numa_start[0] ? g_numa_start : "unreadable");
}

static int su_numa(struct probe *p)
{
	char *m = anon_slot(p, 2 * PAGE, PROT_READ | PROT_WRITE);

	if (!m)
		return -1;
	memset(m, 0x77, PAGE);
	set_addr(p, (unsigned long)m);
	if (madvise(m, 2 * PAGE, MADV_DONTFORK))
		note(p, "MADV_DONTFORK: %s", strerror(errno));
	numa_balance(p);
	note(p, "pagemap cannot show a NUMA-hinting pte; see the trace");
	return 0;
}

/* ---------------------------------------------------------------- */
/* the probe table                                                   */

/*
 * Setup phases: 0 NUMA scan (marks every accessible pte, so it runs before
 * other probe pages exist), 1 forks (write-protect every private pte),
 * 2 clear_refs (write-protects every pte), 3 everything else, 4 stack.
 * The post records follow table order.
 */
#define PR(n, a, h, ph, fn)	{ .name = n, .acc = a, .how = h, \
				  .phase = ph, .setup = fn, .hslot = -1, \
				  .fd = -1 }
#define PRH(n, a, fn, hs)	{ .name = n, .acc = a, .how = HOW_USER, \
				  .phase = 3, .setup = fn, .hslot = hs, \
				  .fd = -1 }
#define U HOW_USER

static struct probe g_probes[] = {
	PR("anon_untouched_read", ACC_READ, U, 3, su_anon_untouched),
	PR("anon_untouched_write", ACC_WRITE, U, 3, su_anon_untouched),
	PR("anon_touched_read", ACC_READ, U, 3, su_anon_touched),
	PR("anon_touched_write", ACC_WRITE, U, 3, su_anon_touched),
	PR("anon_ro_read", ACC_READ, U, 3, su_anon_ro),
	PR("anon_ro_write", ACC_WRITE, U, 3, su_anon_ro),
	PR("protnone_read", ACC_READ, U, 3, su_protnone),
	PR("hole_read", ACC_READ, U, 3, su_hole),
	PR("null_read", ACC_READ, U, 3, su_null),
	PR("kernel_addr_read", ACC_READ, U, 3, su_kaddr),
	PR("noncanonical_read", ACC_READ, U, 3, su_noncanon),
	PR("noncanonical_low_read", ACC_READ, U, 3, su_noncanon_low),
	PR("exec_nx_touched", ACC_EXEC, U, 3, su_exec_nx_touched),
	PR("exec_nx_untouched", ACC_EXEC, U, 3, su_anon_untouched),
	PR("anon_touched_exec", ACC_EXEC, U, 3, su_exec_touched),
	PR("tmpfs_private_read", ACC_READ, U, 3, su_tmpfs_private),
	PR("tmpfs_private_write", ACC_WRITE, U, 3, su_tmpfs_private),
	PR("tmpfs_shared_read", ACC_READ, U, 3, su_tmpfs_shared),
	PR("tmpfs_shared_write", ACC_WRITE, U, 3, su_tmpfs_shared),
	PR("rofile_shared_read", ACC_READ, U, 3, su_rofile),
	PR("rofile_shared_write", ACC_WRITE, U, 3, su_rofile),
	PR("file_past_eof_read", ACC_READ, U, 3, su_past_eof),
	PR("cow_child_alive_write", ACC_WRITE, U, 1, su_cow_alive),
	PR("cow_child_exited_write", ACC_WRITE, U, 1, su_cow_exited),
	PR("zero_page_write", ACC_WRITE, U, 3, su_zero_page),
	PR("swap_read", ACC_READ, U, 3, su_swap),
	PR("swap_write", ACC_WRITE, U, 3, su_swap),
	PR("softdirty_write", ACC_WRITE, U, 2, su_softdirty),
	PRH("thp_read", ACC_READ, su_thp, 0),
	PRH("thp_write", ACC_WRITE, su_thp, 1),
	PR("shared_anon_read", ACC_READ, U, 3, su_shared_anon),
	PR("shared_anon_write", ACC_WRITE, U, 3, su_shared_anon),
	PRH("hugetlb_read", ACC_READ, su_hugetlb, 2),
	PRH("hugetlb_write", ACC_WRITE, su_hugetlb, 3),
	PR("uffd_missing_read", ACC_READ, U, 3, su_uffd_missing),
	PR("uffd_wp_write", ACC_WRITE, U, 3, su_uffd_wp),
	PR("stack_growth_write", ACC_WRITE, U, 4, su_stack_growth),
	PR("stack_guard_read", ACC_READ, U, 4, su_stack_guard),
	PR("mprotect_ro_write", ACC_WRITE, U, 3, su_mprotect_ro),
	PR("numa_hint_read", ACC_READ, U, 0, su_numa),
	PR("syscall_read_efault", ACC_WRITE, HOW_SYSREAD, 3,
	   su_sys_read_efault),
	PR("syscall_write_efault", ACC_READ, HOW_SYSWRITE, 3,
	   su_sys_write_efault),
	PR("syscall_read_untouched", ACC_WRITE, HOW_SYSREAD, 3,
	   su_sys_read_untouched),
	PR("mthp_write", ACC_WRITE, U, 3, su_mthp),
	PR("uffd_wp_shmem_write", ACC_WRITE, U, 3, su_uffd_wp_shmem),
	PR("poison_marker_read", ACC_READ, U, 3, su_uffd_poison),
	PR("vma_many_read", ACC_READ, U, 3, su_vma_many),
	PR("swapcache_write", ACC_WRITE, U, 3, su_swapcache),
};
static int g_nprobes = sizeof(g_probes) / sizeof(g_probes[0]);

static const char *acc_name(const struct probe *p)
{
	static const char *const names[] = { "read", "write", "exec" };

	return names[p->acc];
}

static void run_setups(int phase)
{
	int i;

	for (i = 0; i < g_nprobes; i++) {
		struct probe *p = &g_probes[i];

		p->idx = i;
		if (p->phase != phase)
			continue;
		logmsg("setup %s", p->name);
		p->setup(p);
	}
}

/* ---------------------------------------------------------------- */
/* make sure nothing but the probe itself faults during an access   */

static char g_maps2[MAPS_SIZE];

static int skip_range(unsigned long s, unsigned long e, const char *name)
{
	if (s < ARENA_HI && e > ARENA_LO)
		return 1;
	if (s < BIG_BASE + BIG_SPAN && e > BIG_BASE)
		return 1;
	if (s < g_skip_hi && e > g_skip_lo)
		return 1;
	if (e > USER_TOP)
		return 1;
	return !strcmp(name, "[vvar]") || !strcmp(name, "[vvar_vclock]") ||
	       !strcmp(name, "[vsyscall]");
}

/* Write-fault the page without changing it, atomically. */
static void touch_write(unsigned long a)
{
#if defined(__x86_64__)
	asm volatile("lock orb $0, (%0)" : : "r"(a) : "memory");
#else
	__atomic_fetch_or((unsigned char *)a, 0, __ATOMIC_RELAXED);
#endif
}

static int prefault_range(unsigned long s, unsigned long e, int wr)
{
	static volatile unsigned long cur;

	if (sigsetjmp(g_pf_jb, 1))
		return -1;
	g_in_prefault = 1;
	for (cur = s; cur < e; cur += PAGE) {
		if (wr)
			touch_write(cur);
		else
			(void)*(volatile unsigned char *)cur;
	}
	g_in_prefault = 0;
	return 0;
}

/*
 * fork(), clear_refs and the NUMA scan left our own stack, data, heap
 * and buffers write-protected or NUMA-hinted.  Touch every page of every
 * mapping that is not a probe (writing the private writable ones), so
 * the only faults during an access are the probe's.
 */
static void prefault_self(void)
{
	const char *end, *l;
	unsigned long s, e;
	char perms[8], name[64];
	size_t len;
	long n = read_whole("/proc/self/maps", g_maps2, sizeof(g_maps2));

	if (n < 0)
		return;
	end = g_maps2 + n;
	for (l = g_maps2; (l = next_line(l, end, &len)); l += len + 1) {
		name[0] = '\0';
		if (sscanf(l, "%lx-%lx %7s %*s %*s %*s %63s", &s, &e, perms,
			   name) < 3)
			continue;
		if (perms[0] != 'r' || skip_range(s, e, name))
			continue;
		if (prefault_range(s, e, perms[1] == 'w' && perms[3] == 'p'))
			logmsg("prefault %lx-%lx %s faulted", s, e, name);
	}
}

/* Grow [stack] now so later deep calls never expand it. */
static void __attribute__((noinline)) grow_stack(void)
{
	volatile char buf[512 << 10];
	size_t i;

	for (i = 0; i < sizeof(buf); i += PAGE)
		buf[i] = 0;
}

/* ---------------------------------------------------------------- */
/* the accesses                                                      */

#if defined(__x86_64__)
static void __attribute__((noinline)) do_read(unsigned long a)
{
	unsigned char v;

	asm volatile("movb (%1), %0" : "=q"(v) : "r"(a) : "memory");
}

static void __attribute__((noinline)) do_write(unsigned long a)
{
	asm volatile("movb $0x5a, (%0)" : : "r"(a) : "memory");
}
#else
static void __attribute__((noinline)) do_read(unsigned long a)
{
	unsigned int v;

	asm volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
}

static void __attribute__((noinline)) do_write(unsigned long a)
{
	asm volatile("strb %w0, [%1]" : : "r"(0x5a), "r"(a) : "memory");
}
#endif

static void __attribute__((noinline)) do_exec(unsigned long a)
{
	((void (*)(void))a)();
}

static void do_access(struct probe *p)
{
	if (p->how == HOW_SYSREAD) {
		g_res.ret = pread(p->fd, (void *)p->addr, PAGE, 0);
		g_res.err_no = g_res.ret < 0 ? errno : 0;
	} else if (p->how == HOW_SYSWRITE) {
		g_res.ret = pwrite(p->fd, (void *)p->addr, PAGE, 0);
		g_res.err_no = g_res.ret < 0 ? errno : 0;
	} else if (p->acc == ACC_READ) {
		do_read(p->addr);
	} else if (p->acc == ACC_WRITE) {
		do_write(p->addr);
	} else {
		do_exec(p->addr);
	}
}

static void __attribute__((noinline)) run_access(struct probe *p)
{
	memset(&g_res, 0, sizeof(g_res));
	__atomic_store_n(&g_uev_n, 0, __ATOMIC_RELEASE);
	trace_clear();
	if (sigsetjmp(g_jb, 1)) {
		alarm(0);
		uffd_settle();
		g_res.uev_n = __atomic_load_n(&g_uev_n, __ATOMIC_ACQUIRE);
		return;
	}
	alarm(ACCESS_TIMEOUT);
	trace_on();
	getrusage(RUSAGE_THREAD, &g_res.r0);
	g_in_probe = 1;
	do_access(p);
	g_in_probe = 0;
	getrusage(RUSAGE_THREAD, &g_res.r1);
	trace_off();
	alarm(0);
	uffd_settle();
	g_res.uev_n = __atomic_load_n(&g_uev_n, __ATOMIC_ACQUIRE);
}

/* ---------------------------------------------------------------- */
/* records                                                           */

static void jkv_maps_or_null(const char *k, int ok, const char *line)
{
	if (ok)
		jkv_str(k, line);
	else
		jkv_null(k);
}

static void jkv_pfn(const char *k, int ok, uint64_t pm)
{
	if (ok && (pm & PM_PRESENT))
		jkv_hex(k, pm & PM_PFN_MASK);
	else
		jkv_null(k);
}

static void capture_pre(struct probe *p)
{
	if (!p->has_addr)
		return;
	p->pm_ok = !pm_get(p->addr, &p->pm);
	p->maps_ok = maps_cover(p->addr, p->maps, sizeof(p->maps));
}

static void emit_head(const char *type, struct probe *p)
{
	jbegin(type);
	jkv_str("name", p->name);
}

static void emit_pre(struct probe *p)
{
	emit_head("pre", p);
	if (p->has_addr)
		jkv_hex("addr", p->addr);
	else
		jkv_null("addr");
	jkv_str("access", acc_name(p));
	jkv_str("mode", p->how == HOW_USER ? "user" : "kernel");
	if (p->how != HOW_USER)
		jkv_str("syscall", p->how == HOW_SYSREAD ? "pread" : "pwrite");
	jkv_maps_or_null("maps", p->maps_ok, p->maps);
	if (p->pm_ok)
		jkv_hex("pagemap", p->pm);
	else
		jkv_null("pagemap");
	if (p->skipped)
		jkv_str("skipped", p->reason);
	if (p->note[0])
		jkv_str("note", p->note);
	jraw(p->extra);
	jclose('}');
	jsend();
}

static void emit_signal(void)
{
	jkv_int("signal", g_res.signo);
	if (!g_res.signo) {
		jkv_null("si_code");
		jkv_null("si_addr");
		return;
	}
	jkv_int("si_code", g_res.code);
	jkv_hex("si_addr", g_res.fault_addr);
	jkv_hex("sig_ip", g_res.ip);
#if defined(__x86_64__)
	jkv_hex("sig_err", g_res.err);
	jkv_hex("sig_trapno", g_res.trapno);
	jkv_hex("sig_cr2", g_res.cr2);
#else
	jkv_hex("sig_far", g_res.far);
	if (g_res.esr_ok)
		jkv_hex("sig_esr", g_res.esr);
	else
		jkv_null("sig_esr");
#endif
	if (g_res.timeout)
		jkv_bool("timeout", 1);
}

static void emit_uffd(void)
{
	struct uev *ev = &g_uev[0];

	jkv_int("uffd_event_count", g_res.uev_n);
	if (!g_res.uev_n) {
		jkv_null("uffd_event");
		return;
	}
	jkey("uffd_event");
	jopen('{');
	if (ev->event == UFFD_EVENT_PAGEFAULT)
		jkv_str("event", "pagefault");
	else
		jkv_int("event", ev->event);
	jkv_hex("address", ev->address);
	jkv_hex("flags", ev->flags);
	if (ev->how)
		jkv_str("resolved_by", ev->how);
	jkv_int("resolve_ret", ev->ret);
	if (ev->err)
		jkv_int("resolve_errno", ev->err);
	jclose('}');
}

static void emit_after_state(struct probe *p)
{
	static char line[512];
	uint64_t pm = 0;
	int pm_ok = p->has_addr && !pm_get(p->addr, &pm);
	int m_ok;

	if (pm_ok)
		jkv_hex("pagemap_after", pm);
	else
		jkv_null("pagemap_after");
	jkv_pfn("pfn_before", p->pm_ok, p->pm);
	jkv_pfn("pfn_after", pm_ok, pm);
	if (p->pm_ok && pm_ok && (p->pm & pm & PM_PRESENT))
		jkv_bool("pfn_changed",
			 (p->pm & PM_PFN_MASK) != (pm & PM_PFN_MASK));
	else
		jkv_null("pfn_changed");
	maps_load();
	m_ok = p->has_addr && maps_cover(p->addr, line, sizeof(line));
	jkv_maps_or_null("maps_after", m_ok, line);
	jkv_bool("vma_changed", m_ok != p->maps_ok ||
		 (m_ok && strcmp(line, p->maps)));
}

static void emit_post(struct probe *p)
{
	emit_head("post", p);
	if (p->skipped) {
		jkv_str("skipped", p->reason);
		jclose('}');
		jsend();
		return;
	}
	emit_signal();
	if (p->how != HOW_USER) {
		jkv_int("ret", g_res.ret);
		jkv_int("errno", g_res.err_no);
	}
	jkv_int("minflt", g_res.r1.ru_minflt - g_res.r0.ru_minflt);
	jkv_int("majflt", g_res.r1.ru_majflt - g_res.r0.ru_majflt);
	emit_after_state(p);
	if (p->uses_uffd || g_res.uev_n)
		emit_uffd();
	trace_fetch();
	emit_trace();
	jclose('}');
	jsend();
}

/*
 * {"type":"tracer","functions":[...],"clones":[...],"note":...}: the
 * fault-path functions the function tracer could trace (in
 * available_filter_functions by their own name or a clone's, so out of line
 * on this kernel) and was set to trace, and the clones' own names, traced
 * too (a probe's trace names a clone by its function).  A function named
 * here and absent from a probe's trace did not run for that probe, except
 * that a function with a clone runs the part the compiler inlined into its
 * caller untraced (do_kern_addr_fault() up to spurious_kernel_fault() on
 * Debian's 6.12): a step naming it then fails the path check, it is never
 * passed by it.
 */
static void emit_tracer(void)
{
	size_t i;

	jbegin("tracer");
	jkey("functions");
	jopen('[');
	for (i = 0; i < NTFUNCS; i++) {
		if (!g_tfound[i] || !g_tr.nfuncs)
			continue;
		jcomma();
		jstr(g_tfuncs[i]);
	}
	jclose(']');
	jkey("clones");
	jopen('[');
	for (i = 0; i < (size_t)g_nclones && g_tr.nfuncs; i++) {
		jcomma();
		jstr(g_tclone[i]);
	}
	jclose(']');
	if (g_tr.note[0])
		jkv_str("note", g_tr.note);
	else
		jkv_null("note");
	jclose('}');
	jsend();
}

static void emit_maps(const char *type)
{
	maps_load();
	jbegin(type);
	if (!strcmp(type, "maps"))
		jkv_int("pid", getpid());
	jkv_maps_lines();
	jclose('}');
	jsend();
}

/*
 * /proc/self/smaps, smaps_rollup and status, verbatim, as the record @type.
 * Read into a buffer that prefault_self() already touched, and sent from
 * jbuf (touched too), so reading them changes none of what they report.
 */
#define PTEXT_SIZE	(1 << 19)

static char g_ptext[PTEXT_SIZE];

static void jkv_file_lines(const char *key, const char *path)
{
	long n = read_whole(path, g_ptext, sizeof(g_ptext));

	if (n < 0 || n >= (long)sizeof(g_ptext) - 1) {
		logmsg("%s: %s", path, n < 0 ? strerror(errno) : "too long");
		jkv_null(key);
		return;
	}
	jkv_lines(key, g_ptext, n);
}

static void emit_smaps(const char *type)
{
	jbegin(type);
	jkv_int("pid", getpid());
	jkv_file_lines("smaps", "/proc/self/smaps");
	jkv_file_lines("smaps_rollup", "/proc/self/smaps_rollup");
	jkv_file_lines("status", "/proc/self/status");
	jclose('}');
	jsend();
}

/* ---------------------------------------------------------------- */
/* the big address space (--big)                                     */
/*
 * One process whose address space is large enough that scanning all of it
 * (smaps, a fault map) is a real benchmark: hundreds of MiB touched, in
 * 4 KiB pages, THPs, swapped pages and runs of mixed states, plus an
 * untouched reservation.  Every touched byte is BIG_FILL, so the pages
 * compress to almost nothing; the dump that keeps this state (makedumpfile
 * -d 31) drops user pages anyway and keeps what smaps needs: page tables,
 * struct pages and swap maps.  Offsets are from BIG_BASE.
 */
#define MIB		(1UL << 20)
#define BIG_FILL	0x5a
#define BIG_CHUNK	16	/* pages per chunk of the mixed region */

enum { BIG_FILLED, BIG_SWAPPED, BIG_MIXED, BIG_SHMEM, BIG_RESERVED };

struct big_region {
	const char *name;
	unsigned long off, size;
	int kind;
	int advice;		/* MADV_HUGEPAGE, MADV_NOHUGEPAGE or 0 */
	const char *what;
	char *m;
	long present, swapped, none, pageout_tries;
	char note[192];
};

#define BIG(n, o, sz, k, adv, w) \
	{ .name = n, .off = o, .size = sz, .kind = k, .advice = adv, .what = w }

static struct big_region g_big[] = {
	BIG("anon_4k", 0, 256 * MIB, BIG_FILLED, MADV_NOHUGEPAGE,
	  "private anon, MADV_NOHUGEPAGE, every page written"),
	BIG("anon_thp", 512 * MIB, 64 * MIB, BIG_FILLED, MADV_HUGEPAGE,
	  "private anon, 2 MiB aligned, MADV_HUGEPAGE, every page written"),
	BIG("anon_swapped", 768 * MIB, 64 * MIB, BIG_SWAPPED, MADV_NOHUGEPAGE,
	  "private anon, every page written, then MADV_PAGEOUT to zram"),
	BIG("anon_mixed", 1024 * MIB, 64 * MIB, BIG_MIXED, MADV_NOHUGEPAGE,
	  "16-page chunks in turn: untouched, written, read (zero page), "
	  "written then MADV_PAGEOUT; the upper half then mprotect PROT_READ"),
	BIG("shmem_shared", 1280 * MIB, 16 * MIB, BIG_SHMEM, 0,
	  "MAP_SHARED of a tmpfs file, every page written"),
	BIG("reserved", 2048 * MIB, 1024 * MIB, BIG_RESERVED, 0,
	  "PROT_NONE MAP_NORESERVE, never touched"),
};
#define NBIG (sizeof(g_big) / sizeof(g_big[0]))

static uint64_t g_bigpm[64 << 10];	/* pagemap entries, 256 MiB at a time */

/* Count the region's pages as pagemap reports them. */
static void big_count(struct big_region *r)
{
	unsigned long a = BIG_BASE + r->off, end = a + r->size;

	r->present = r->swapped = r->none = 0;
	while (a < end && g_pm_fd >= 0) {
		size_t n = (end - a) / PAGE, i;
		ssize_t got;

		if (n > sizeof(g_bigpm) / sizeof(g_bigpm[0]))
			n = sizeof(g_bigpm) / sizeof(g_bigpm[0]);
		got = pread(g_pm_fd, g_bigpm, n * 8, (off_t)((a >> 12) * 8));
		if (got != (ssize_t)(n * 8)) {
			snprintf(r->note, sizeof(r->note), "pagemap: %s",
				 got < 0 ? strerror(errno) : "short read");
			return;
		}
		for (i = 0; i < n; i++) {
			if (g_bigpm[i] & PM_PRESENT)
				r->present++;
			else if (g_bigpm[i] & PM_SWAP)
				r->swapped++;
			else
				r->none++;
		}
		a += n * PAGE;
	}
}

/* MADV_PAGEOUT until pagemap shows @want swapped pages (5 tries). */
static void big_pageout(struct big_region *r, char *m, size_t len,
			long want)
{
	while (r->pageout_tries < 5) {
		r->pageout_tries++;
		if (madvise(m, len, MADV_PAGEOUT)) {
			snprintf(r->note, sizeof(r->note), "MADV_PAGEOUT: %s",
				 strerror(errno));
			return;
		}
		big_count(r);
		if (r->swapped >= want)
			return;
		usleep(100000);
	}
}

static void big_mixed(struct big_region *r)
{
	size_t chunk = BIG_CHUNK * PAGE, c, i;
	char *m = r->m;

	for (c = 0; c * chunk < r->size; c++) {
		char *p = m + c * chunk;

		switch (c % 4) {
		case 1:
		case 3:
			memset(p, BIG_FILL, chunk);
			break;
		case 2:
			for (i = 0; i < chunk; i += PAGE)
				(void)*(volatile char *)(p + i);
			break;
		}
	}
	for (c = 3; c * chunk < r->size; c += 4) {
		if (madvise(m + c * chunk, chunk, MADV_PAGEOUT)) {
			snprintf(r->note, sizeof(r->note), "MADV_PAGEOUT: %s",
				 strerror(errno));
			break;
		}
	}
	r->pageout_tries = 1;
	if (mprotect(m + r->size / 2, r->size / 2, PROT_READ))
		snprintf(r->note, sizeof(r->note), "mprotect: %s",
			 strerror(errno));
}

static char *big_shmem(struct big_region *r, unsigned long a)
{
	char path[96];
	void *m;
	int fd;

	snprintf(path, sizeof(path), "%s/pfwhy-big-shmem", opt_tmpdir);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || ftruncate(fd, r->size)) {
		snprintf(r->note, sizeof(r->note), "%s: %s", path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	m = mmap((void *)a, r->size, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
	close(fd);
	return m == MAP_FAILED ? NULL : m;
}

static void big_region_setup(struct big_region *r)
{
	unsigned long a = BIG_BASE + r->off;
	int prot = r->kind == BIG_RESERVED ? PROT_NONE : PROT_READ | PROT_WRITE;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE;
	void *m;

	if (r->kind == BIG_RESERVED)
		flags |= MAP_NORESERVE;
	m = r->kind == BIG_SHMEM ? big_shmem(r, a) :
		mmap((void *)a, r->size, prot, flags, -1, 0);
	if (!m || m == MAP_FAILED || (unsigned long)m != a) {
		if (!r->note[0])
			snprintf(r->note, sizeof(r->note), "mmap at 0x%lx: %s",
				 a, strerror(errno));
		return;
	}
	r->m = m;
	if (r->advice && madvise(m, r->size, r->advice))
		snprintf(r->note, sizeof(r->note), "madvise %d: %s", r->advice,
			 strerror(errno));
	switch (r->kind) {
	case BIG_FILLED:
	case BIG_SHMEM:
		memset(m, BIG_FILL, r->size);
		break;
	case BIG_SWAPPED:
		memset(m, BIG_FILL, r->size);
		big_pageout(r, m, r->size, r->size / PAGE);
		break;
	case BIG_MIXED:
		big_mixed(r);
		break;
	}
}

static void emit_big(void)
{
	size_t i;

	maps_load();
	jbegin("big");
	jkv_int("pid", getpid());
	jkv_int("fill_byte", BIG_FILL);
	jkey("regions");
	jopen('[');
	for (i = 0; i < NBIG; i++) {
		struct big_region *r = &g_big[i];

		jcomma();
		jopen('{');
		jkv_str("name", r->name);
		jkv_hex("start", BIG_BASE + r->off);
		jkv_hex("end", BIG_BASE + r->off + r->size);
		jkv_int("size", (long long)r->size);
		jkv_str("what", r->what);
		jkv_bool("mapped", r->m != NULL);
		jkv_int("pagemap_present", r->present);
		jkv_int("pagemap_swapped", r->swapped);
		jkv_int("pagemap_none", r->none);
		if (r->pageout_tries)
			jkv_int("pageout_tries", r->pageout_tries);
		if (r->note[0])
			jkv_str("note", r->note);
		jclose('}');
	}
	jclose(']');
	jkv_maps_lines();
	jclose('}');
	jsend();
}

static volatile sig_atomic_t g_big_smaps;

static void on_big_smaps(int sig)
{
	(void)sig;
	g_big_smaps = 1;
}

/*
 * Sleep until SIGUSR1, then send smaps, smaps_rollup and status and
 * PFWHY-BUSY-READY: the busy run's /init signals once every other process
 * the dump will hold runs (its oopses reaped), so that what smaps counts
 * across processes (a shared page's Pss, the vdso's among them) is the
 * dump's.  Later signals send them again.
 */
static void big_wait_setup(sigset_t *old)
{
	struct sigaction sa;
	sigset_t usr1;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_big_smaps;
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, old);
}

static void big_wait(const sigset_t *old)
{
	char line[64];

	for (;;) {
		while (!g_big_smaps)
			sigsuspend(old);
		g_big_smaps = 0;
		emit_smaps("big_smaps");
		snprintf(line, sizeof(line), "PFWHY-BUSY-READY big=%d\n",
			 (int)getpid());
		chan_line(line);
	}
}

static int big_main(void)
{
	char line[64];
	sigset_t old;
	size_t i;
	int fd;

	grow_stack();
	if (chan_open())
		return 1;
	g_pm_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	for (i = 0; i < NBIG; i++) {
		logmsg("big: %s", g_big[i].name);
		big_region_setup(&g_big[i]);
	}
	for (i = 0; i < NBIG; i++)
		big_count(&g_big[i]);
	prefault_self();
	emit_big();
	big_wait_setup(&old);
	snprintf(line, sizeof(line), "PFWHY-BIG-READY pid=%d\n", (int)getpid());
	chan_line(line);
	fd = open("/tmp/big.ready", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0) {
		write_all(fd, line + 16, strlen(line + 16));
		close(fd);
	}
	logmsg("big: ready, pid %d; sleeping", (int)getpid());
	big_wait(&old);
	return 0;
}

/* ---------------------------------------------------------------- */
/* main                                                              */

static void usage(void)
{
	fputs("usage: workload [--chan PATH] [--no-wait] [--tmpdir DIR] [--big]\n"
	      "       workload --parse-trace FILE\n",
	      stderr);
}

static int parse_args(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--chan") && i + 1 < argc) {
			opt_chan = argv[++i];
			opt_chan_given = 1;
		} else if (!strcmp(argv[i], "--tmpdir") && i + 1 < argc) {
			opt_tmpdir = argv[++i];
		} else if (!strcmp(argv[i], "--no-wait")) {
			opt_nowait = 1;
		} else if (!strcmp(argv[i], "--big")) {
			opt_big = 1;
		} else if (!strcmp(argv[i], "--parse-trace") && i + 1 < argc) {
			opt_parse_trace = argv[++i];
		} else {
			usage();
			return -1;
		}
	}
	return 0;
}

/*
 * Self-test of the trace parser: print the "trace" and "pf_events" that a
 * saved tracefs "trace" file yields, as one JSON line on stdout.
 */
static int parse_trace_file(void)
{
	long n = read_whole(opt_parse_trace, g_tbuf, sizeof(g_tbuf));

	if (n < 0) {
		logmsg("%s: %s", opt_parse_trace, strerror(errno));
		return 1;
	}
	g_tlen = n;
	jbegin("trace_parse");
	emit_trace();
	jclose('}');
	jbuf[jlen++] = '\n';
	return write_all(1, jbuf, jlen) ? 1 : 0;
}

static void setup_all(void)
{
	int phase, i;

	for (phase = 0; phase <= 4; phase++)
		run_setups(phase);
	prefault_self();
	maps_load();
	for (i = 0; i < g_nprobes; i++)
		capture_pre(&g_probes[i]);
}

static void announce_ready(void)
{
	char line[64];
	int i;

	for (i = 0; i < g_nprobes; i++)
		emit_pre(&g_probes[i]);
	emit_tracer();
	emit_maps("maps");
	emit_smaps("smaps");
	snprintf(line, sizeof(line), "PFWHY-READY pid=%d\n", (int)getpid());
	chan_line(line);
}

static void run_probes(void)
{
	int i;

	for (i = 0; i < g_nprobes; i++) {
		struct probe *p = &g_probes[i];

		if (!p->skipped) {
			trace_stack_begin(p);
			run_access(p);
			trace_stack_end();
		}
		emit_post(p);
		g_tr.stacking = 0;
		if (p->skipped)
			logmsg("%s: skipped", p->name);
		else
			logmsg("%s: signal %d code %d addr 0x%llx", p->name,
			       g_res.signo, g_res.code, g_res.fault_addr);
	}
}

static void cleanup(void)
{
	int i, status;

	if (g_child > 0) {
		kill(g_child, SIGKILL);
		waitpid(g_child, &status, 0);
	}
	thread_stop();
	trace_teardown();
	for (i = 0; i < g_nprobes; i++) {
		if (g_probes[i].fd >= 0)
			close(g_probes[i].fd);
		if (g_probes[i].path[0])
			unlink(g_probes[i].path);
	}
	if (g_mounted_debugfs)
		umount("/sys/kernel/debug");
}

int main(int argc, char **argv)
{
	if (parse_args(argc, argv))
		return 2;
	layout_init();
	if (opt_parse_trace)
		return parse_trace_file();
	if (opt_big)
		return big_main();
	grow_stack();
	if (chan_open())
		return 1;
	signals_setup();
	g_pm_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (g_pm_fd < 0)
		logmsg("pagemap: %s", strerror(errno));
	numa_quiet();
	trace_setup();
	uffd_init();
	thread_start();
	pin_cpu0();
	setup_all();
	announce_ready();
	logmsg("READY pid=%d, %s", (int)getpid(),
	       opt_nowait ? "not waiting" : "waiting for GO");
	if (!opt_nowait)
		wait_go();
	run_probes();
	emit_maps("maps_after");
	chan_line("PFWHY-END\n");
	cleanup();
	logmsg("done");
	return 0;
}
