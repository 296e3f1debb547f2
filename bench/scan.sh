#!/bin/sh
# Whole-address-space scans (issue 13): faultmap and smaps over every VMA of
# the largest process of the kdump-compressed fixture dump.  For each: the
# page-table entries decoded, the scan's own time (from --json: after the
# dump and vmlinux are open), entries per second over that time and over the
# whole run, and the peak RSS of the run.  Budget: >= 5M entries/s, < 64 MB.
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
printf '%-28s %10s %9s %12s %12s %9s\n' command entries scan_s "entries/s" "(whole run)" peak_MB

# scan LABEL ARGS...: one line of the table
scan() {
	label=$1
	shift
	for i in $(seq "$n"); do
		/usr/bin/time -f "%e %M" -o "$tmp.time" "$pfwhy" -s "$vmlinux" "$dump" --json "$@" > "$tmp.json" 2> /dev/null
		printf '%s %s %s\n' "$(jq -r '"\(.entries) \(.scan_us)"' "$tmp.json")" "$(cat "$tmp.time")"
	done | sort -k2 -n | awk -v l="$label" '{e = $1; s[NR] = $2; w[NR] = $3; if ($4 > m) m = $4}
		END {i = int((NR + 1) / 2); sc = s[i] / 1e6; r = 0; rw = 0
			if (sc > 0) r = e / sc
			if (w[i] > 0) rw = e / w[i]
			printf "%-28s %10d %9.3f %12.0f %12.0f %9.1f\n", l, e, sc, r, rw, m / 1024}'
}

scan "faultmap --pid $pid" faultmap --pid "$pid"
scan "smaps --pid $pid" smaps --pid "$pid"
scan "smaps --pid $pid --rollup" smaps --pid "$pid" --rollup
rm -f "$tmp.time" "$tmp.json"
