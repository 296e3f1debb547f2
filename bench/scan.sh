#!/bin/sh
# Whole-address-space scans (issue 13): faultmap and smaps over every VMA of
# the largest process of the kdump-compressed fixture dump.  For each: the
# page-table entries decoded (every entry the walk reads, at every level:
# --json "entries"), the scan's own time (--json scan_us: the whole command
# after the dump and vmlinux are open, task and VMA look-ups included) and
# entries per second over it, the CPU time the process used in that window
# (scan_cpu_us: user and system, less moved by other jobs on a shared
# machine) and entries per second over it, entries per second over the whole
# run's wall time, and the peak RSS of the run.  Each column is the median of
# N runs (peak RSS: the largest).  Budget: >= 5M entries/s, < 64 MB.
# Each command runs twice: as it is (smaps and faultmap read ahead on a
# second thread when a second CPU may run it: src/target/prefetch.c), and
# pinned to one CPU with taskset (no read-ahead: one thread, as before).
# On a shared machine the wall time measures the other jobs more than pfwhy:
# BENCH_FIFO=1 runs each command under `chrt -f 1` (real-time priority,
# root only), so that for its few tens of milliseconds it has the CPUs as on
# an idle machine.  The load average is printed before and after.
# Usage: [BENCH_FIFO=1] bench/scan.sh PFWHY [N] [DUMP]
set -eu
pfwhy=$1
n=${2:-3}
top=$(cd "$(dirname "$0")/.." && pwd)
fix=$("$top/tests/fixtures.sh" prepare 2> /dev/null)
vmlinux=$fix/vmlinux
# the busy run's big address space when the fixture set has it, else the workload
dump=${3:-$fix/$(jq -r '.busy.dump // "workload.kdump"' "$fix/truth.json")}
[ -e "$dump" ] || dump=$fix/workload.kdump
tmp=$fix/.bench.scan

# the largest process (by VmRSS) that has an address space
pid=$("$pfwhy" -s "$vmlinux" "$dump" --json ps |
	jq -r '[.[] | select(.pid == .tgid and .mm != "0x0")] | max_by(.rss_kb) | .pid')
rss=$("$pfwhy" -s "$vmlinux" "$dump" --json ps | jq -r --argjson p "$pid" '.[] | select(.pid == $p) | .rss_kb')
prio=
[ "${BENCH_FIFO:-0}" = 1 ] && prio="chrt -f 1"
one_cpu=
command -v taskset > /dev/null && one_cpu="taskset -c 0"
echo "$(basename "$dump"): pid $pid, VmRSS $rss kB; median of $n runs${prio:+, under $prio}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-34s %8s %7s %10s %7s %10s %10s %8s\n' command entries scan_s "entries/s" cpu_s "(cpu)" "(whole)" peak_MB

# scan LABEL WRAP ARGS...: one line of the table, each column the median of n
# runs of pfwhy ARGS under WRAP (a command prefix, may be empty)
scan() {
	label=$1
	wrap=$2
	shift 2
	for i in $(seq "$n"); do
		$prio $wrap /usr/bin/time -f "%e %M" -o "$tmp.time" "$pfwhy" -s "$vmlinux" "$dump" --json "$@" > "$tmp.json" 2> /dev/null
		printf '%s %s\n' "$(jq -r '"\(.entries) \(.scan_us) \(.scan_cpu_us)"' "$tmp.json")" "$(cat "$tmp.time")"
	done | awk -v l="$label" '
		function median(a, k,   i, j, t) {
			for (i = 2; i <= k; i++)
				for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
					t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
				}
			return a[int((k + 1) / 2)]
		}
		function rate(e, s) { return s > 0 ? e / s : 0 }
		{e = $1; s[NR] = $2 / 1e6; c[NR] = $3 / 1e6; w[NR] = $4; if ($5 > m) m = $5}
		END {sc = median(s, NR); cp = median(c, NR); wh = median(w, NR)
			printf "%-34s %8d %7.3f %10.0f %7.3f %10.0f %10.0f %8.1f\n", l, e, sc, rate(e, sc),
				cp, rate(e, cp), rate(e, wh), m / 1024}'
}

# scans LABEL ARGS...: the command with read-ahead, then on one CPU
scans() {
	label=$1
	shift
	scan "$label" "" "$@"
	[ -z "$one_cpu" ] || scan "$label (1 CPU)" "$one_cpu" "$@"
}

scans "faultmap --pid $pid" faultmap --pid "$pid"
scans "smaps --pid $pid" smaps --pid "$pid"
scans "smaps --pid $pid --rollup" smaps --pid "$pid" --rollup
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$tmp.time" "$tmp.json"
