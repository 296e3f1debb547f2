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
# Usage: bench/scan.sh PFWHY [N] [DUMP]
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
echo "$(basename "$dump"): pid $pid, VmRSS $rss kB; median of $n runs"
printf '%-26s %8s %7s %10s %7s %10s %10s %8s\n' command entries scan_s "entries/s" cpu_s "(cpu)" "(whole)" peak_MB

# scan LABEL ARGS...: one line of the table, each column the median of n runs
scan() {
	label=$1
	shift
	for i in $(seq "$n"); do
		/usr/bin/time -f "%e %M" -o "$tmp.time" "$pfwhy" -s "$vmlinux" "$dump" --json "$@" > "$tmp.json" 2> /dev/null
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
			printf "%-26s %8d %7.3f %10.0f %7.3f %10.0f %10.0f %8.1f\n", l, e, sc, rate(e, sc),
				cp, rate(e, cp), rate(e, wh), m / 1024}'
}

scan "faultmap --pid $pid" faultmap --pid "$pid"
scan "smaps --pid $pid" smaps --pid "$pid"
scan "smaps --pid $pid --rollup" smaps --pid "$pid" --rollup
rm -f "$tmp.time" "$tmp.json"
