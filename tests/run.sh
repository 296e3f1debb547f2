#!/bin/sh
# The whole suite: unit tests (synthetic images), then the checks against the
# fixture dumps and the guest kernel's recorded truth.  Ends with one line
# "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
total_pass=0
total_fail=0
total_skip=0
status=0

tally() {
	line=$(printf '%s\n' "$1" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $2: printed no result line"
		total_fail=$((total_fail + 1))
		return
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.*, ([0-9]+) skipped.*/\1/p')
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + ${s:-0}))
}

run_one() {
	name=$1
	shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" | grep -E '^(FAIL|skip)' | sed "s|^|[$name] |"
	printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | sed "s|^|[$name] |"
	tally "$out" "$name"
	[ $rc -eq 0 ] || status=1
}

# Unit tests that need a real vmlinux's DWARF take the fixture one from $FIX.
if FIX=$("$here/fixtures.sh" prepare); then
	export FIX
	fixtures=yes
else
	echo "FAIL fixtures: cannot prepare the fixture dumps"
	total_fail=$((total_fail + 1))
	fixtures=no
fi

for bin in "$@"; do
	run_one "$(basename "$bin")" "$bin"
done

if [ $fixtures = yes ]; then
	for t in "$here"/fixtures/*.sh; do
		run_one "$(basename "$t" .sh)" sh "$t"
	done
fi

# The other eras (testdata/fixtures-<V>/, issue 10) and architectures
# (fixtures-arm64*, issue 14): the suites that check pfwhy against what that
# kernel recorded, once per committed set, on build/fixtures-<V>.  The
# era-independent suites (CLI, prompt, docs, crash, gdb ...) ran above on the
# 6.1 set.
era_suites="vma pte why path smaps faultmap evidence oops modules info"
main_fix=${FIX:-}
for set in "$here"/../testdata/fixtures-*/truth.json; do
	[ -f "$set" ] || continue
	era=$(basename "$(dirname "$set")")
	era=${era#fixtures-}
	# a committed set whose suites do not pass yet says why in PENDING:
	# one skip, with that reason, until the work it names is done
	if [ -s "$(dirname "$set")/PENDING" ]; then
		echo "skip fixtures-$era: $(head -n 1 "$(dirname "$set")/PENDING")"
		total_skip=$((total_skip + 1))
		continue
	fi
	if ! efix=$("$here/fixtures.sh" prepare "$era"); then
		echo "FAIL fixtures-$era: cannot prepare the fixture dumps"
		total_fail=$((total_fail + 1))
		continue
	fi
	export FIX="$efix"
	for s in $era_suites; do
		run_one "$s@$era" sh "$here/fixtures/$s.sh"
	done
done
FIX=$main_fix

[ $total_fail -eq 0 ] || status=1
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
exit $status
