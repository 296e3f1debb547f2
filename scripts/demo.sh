#!/bin/sh
# pfwhy's main job on the bundled sample dump: explain real faults of the
# workload the fixture kernel ran, and compare with what that kernel did.
# Every command shown can be pasted from the top of the tree; the last line
# opens the prompt on the sample dump from anywhere.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
pfwhy=${1:-build/pfwhy}
fix=build/fixtures
truth=$fix/truth.json
pid=$(jq -r .workload.pid "$truth")
files="-s $fix/vmlinux $fix/workload.kdump"

explain() {
	probe=$1
	addr=$(jq -r --arg n "$probe" '.probes[] | select(.name == $n) | .addr' "$truth")
	access=$(jq -r --arg n "$probe" '.probes[] | select(.name == $n) | .access' "$truth")
	echo "\$ $pfwhy $files why $addr --pid $pid --$access"
	# shellcheck disable=SC2086
	"$pfwhy" $files why "$addr" --pid "$pid" "--$access"
	jq -r --arg n "$probe" '.probes[] | select(.name == $n) |
		"  (the guest kernel did: signal \(.signal // 0) si_code \(.si_code // "-"), " +
		"\(.minflt // 0) minor / \(.majflt // 0) major faults, traced: \((.trace // []) | map(select(test("fault|page|wp|swap|userfault"))) | join(" ")))"' "$truth"
	echo
}

echo "(in $top)"
echo
explain cow_child_alive_write
explain swap_read
explain rofile_shared_write
echo "The prompt on the sample dump (help lists the commands):"
case $pfwhy in
/*) echo "$pfwhy -s $top/$fix/vmlinux $top/$fix/workload.kdump" ;;
*) echo "$top/$pfwhy -s $top/$fix/vmlinux $top/$fix/workload.kdump" ;;
esac
