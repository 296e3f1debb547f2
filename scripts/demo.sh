#!/bin/sh
# pfwhy's main job on the bundled sample dump: explain real faults of the
# workload the fixture kernel ran, and compare with what that kernel did.
set -eu
pfwhy=$1
top=$(cd "$(dirname "$0")/.." && pwd)
fix=$top/build/fixtures
truth=$fix/truth.json
pid=$(jq -r .workload.pid "$truth")

explain() {
	probe=$1
	addr=$(jq -r --arg n "$probe" '.probes[] | select(.name == $n) | .addr' "$truth")
	access=$(jq -r --arg n "$probe" '.probes[] | select(.name == $n) | .access' "$truth")
	echo "\$ pfwhy -s vmlinux workload.kdump why $addr --pid $pid --$access"
	"$pfwhy" -s "$fix/vmlinux" "$fix/workload.kdump" why "$addr" --pid "$pid" "--$access"
	jq -r --arg n "$probe" '.probes[] | select(.name == $n) |
		"  (the guest kernel did: signal \(.signal // 0) si_code \(.si_code // "-"), " +
		"\(.minflt // 0) minor / \(.majflt // 0) major faults, traced: \((.trace // []) | map(select(test("fault|page|wp|swap|userfault"))) | join(" ")))"' "$truth"
	echo
}

explain cow_child_alive_write
explain swap_read
explain rofile_shared_write
