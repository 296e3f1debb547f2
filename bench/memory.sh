#!/bin/sh
# Start-up memory per command on another vmlinux (issue 13: Debian's 6.1
# cloud vmlinux, ~590 MB): there is no dump of that kernel here, so each
# command runs on the fixture dump with PFWHY_TRACE_DWARF, and its DWARF and
# symbol look-ups are replayed on VMLINUX by bench/dwarf-replay under
# /usr/bin/time: the peak RSS of that command's debuginfo reading there.
# The same replay on the fixture vmlinux and the whole command's peak on the
# fixture give the estimate for the command there: whole - debuginfo here +
# debuginfo there.
# Usage: bench/memory.sh PFWHY DWARF_REPLAY VMLINUX
set -eu
pfwhy=$1
replay=$2
vmlinux=${3:?usage: bench/memory.sh PFWHY DWARF_REPLAY VMLINUX}
top=$(cd "$(dirname "$0")/.." && pwd)
fix=$("$top/tests/fixtures.sh" prepare 2> /dev/null)
truth=$fix/truth.json
dump=$fix/workload.kdump
pid=$(jq -r .workload.pid "$truth")
swap=$(jq -r '.probes[] | select(.name == "swap_read") | .addr' "$truth")
untouched=$(jq -r '.probes[] | select(.name == "anon_untouched_read") | .addr' "$truth")
trace=$fix/.bench.trace

echo "look-ups replayed on $(basename "$vmlinux") ($(du -h "$vmlinux" | cut -f1)); fixture run on $(basename "$dump")"
printf '%-38s %8s %10s %10s %10s %10s\n' command look-ups "dbi there" "dbi here" "cmd here" "cmd there"
mb() { echo "$(tail -n 1 "$1") / 1024" | bc -l; }
while read -r cmd; do
	rm -f "$trace"
	# shellcheck disable=SC2086 # the command's words
	PFWHY_TRACE_DWARF=$trace /usr/bin/time -f %M -o "$trace.here" "$pfwhy" -s "$fix/vmlinux" "$dump" $cmd > /dev/null 2>&1 || true
	/usr/bin/time -f %M -o "$trace.there" "$replay" "$vmlinux" < "$trace" > /dev/null
	/usr/bin/time -f %M -o "$trace.dbi" "$replay" "$fix/vmlinux" < "$trace" > /dev/null
	there=$(mb "$trace.there")
	dbi=$(mb "$trace.dbi")
	here=$(mb "$trace.here")
	printf '%-38s %8d %10.1f %10.1f %10.1f %10.1f\n' "$cmd" "$(wc -l < "$trace")" \
		"$there" "$dbi" "$here" "$(echo "$here - $dbi + $there" | bc -l)"
done <<EOC
info
ps
vma --pid $pid
pte --pid $pid $swap
page --pid $pid $swap
why $swap --pid $pid
why $untouched --pid $pid --exec
log
smaps --pid $pid
smaps --pid $pid --rollup
faultmap --pid $pid
EOC
rm -f "$trace" "$trace.here" "$trace.there" "$trace.dbi"
