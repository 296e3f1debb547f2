#!/bin/sh
# Cold-start benchmark: wall time and peak RSS of pfwhy's commands on the
# fixture dump, median of N runs, and crash(8) and drgn on the same files
# when they are installed.  Usage: bench/run.sh PFWHY [N]
set -eu
pfwhy=$1
n=${2:-5}
top=$(cd "$(dirname "$0")/.." && pwd)
fix=$("$top/tests/fixtures.sh" prepare)
truth=$fix/truth.json
pid=$(jq -r .workload.pid "$truth")
addr=$(jq -r '.probes[] | select(.name == "swap_read") | .addr' "$truth")
vmlinux=$fix/vmlinux
dump=$fix/workload.kdump

# measure LABEL CMD...: prints "LABEL median-seconds max-rss-MB"
measure() {
	label=$1
	shift
	for i in $(seq "$n"); do
		/usr/bin/time -f "%e %M" -o "$fix/.bench.time" "$@" > /dev/null 2>&1 < /dev/null || true
		cat "$fix/.bench.time"
	done | sort -n | awk -v l="$label" '{t[NR] = $1; if ($2 > m) m = $2}
		END {printf "%-40s %6.3f s  %6.1f MB\n", l, t[int((NR + 1) / 2)], m / 1024}'
}

echo "vmlinux $(du -h "$vmlinux" | cut -f1), dump $(du -h "$dump" | cut -f1), median of $n runs"
measure "pfwhy info" "$pfwhy" -s "$vmlinux" "$dump" info
measure "pfwhy ps" "$pfwhy" -s "$vmlinux" "$dump" ps
measure "pfwhy vma --pid $pid" "$pfwhy" -s "$vmlinux" "$dump" vma --pid "$pid"
measure "pfwhy pte --pid $pid $addr" "$pfwhy" -s "$vmlinux" "$dump" pte --pid "$pid" "$addr"
measure "pfwhy why $addr --pid $pid" "$pfwhy" -s "$vmlinux" "$dump" why "$addr" --pid "$pid"
measure "pfwhy why (oops)" "$pfwhy" -s "$vmlinux" "$fix/$(jq -r '.oopses[0].dump' "$truth")" why
if command -v crash > /dev/null; then
	printf 'ps\nvm %s\nquit\n' "$pid" > "$fix/.bench.crash"
	# crash 8.0.2 needs these for this kernel (KASLR from a QEMU dump; SLOB): docs/crash.md
	measure "crash -s: ps, vm $pid" crash -s --no_kmem_cache --kaslr=auto -i "$fix/.bench.crash" "$vmlinux" "$dump"
fi
if command -v drgn > /dev/null; then
	measure "drgn: find_task($pid)" drgn -s "$vmlinux" -c "$dump" -e "find_task(prog, $pid)"
fi
