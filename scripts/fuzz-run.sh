#!/bin/sh
# Run each libFuzzer target for a bounded time: scripts/fuzz-run.sh BUILD SECONDS TARGET...
# FUZZ_RUNS=N runs N executions instead; FUZZ_SEED (default 1) fixes the
# random seed, so that a run here and in CI explore the same inputs first.  The committed seeds
# (fuzz/corpus/TARGET) are read; new units go to BUILD/corpus/TARGET.
# A crash, leak, sanitizer report or timeout fails the run; the reproducer
# is left in BUILD/findings.  Prints one line per target with the
# executions it made.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
build=$1
seconds=$2
shift 2
FIX=$("$top/tests/fixtures.sh" prepare) || exit 1
export FIX
LSAN_OPTIONS=suppressions=$top/fuzz/lsan.supp:print_suppressions=0
export LSAN_OPTIONS
status=0
mkdir -p "$build/findings"
for t in "$@"; do
	corpus=$build/corpus/$t
	mkdir -p "$corpus"
	if [ -n "${FUZZ_RUNS:-}" ]; then
		limit="-runs=$FUZZ_RUNS"
	else
		limit="-max_total_time=$seconds"
	fi
	log=$build/fuzz_$t.log
	"$build/fuzz_$t" "$limit" -seed="${FUZZ_SEED:-1}" -timeout=10 -rss_limit_mb=2560 -max_len=131072 \
		-print_final_stats=1 -artifact_prefix="$build/findings/$t-" \
		"$corpus" "$top/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ $rc -ne 0 ]; then
		echo "FAIL fuzz_$t: exit $rc after ${runs:-?} executions (log: $log)"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 5
		status=1
	else
		echo "fuzz_$t: ${runs:-?} executions, no finding"
	fi
done
exit $status
