#!/bin/sh
# The whole suite: unit tests (synthetic images), then the checks against the
# fixture dumps and the guest kernel's recorded truth.  Ends with one line
# "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

# Unit tests that need a real vmlinux's DWARF take the fixture one from $FIX.
if FIX=$("$here/fixtures.sh" prepare); then
	export FIX
	fixtures=yes
else
	echo "FAIL fixtures: cannot prepare the fixture dumps"
	total_fail=$((total_fail + 1))
	fixtures=no
fi

# test_mthp_synth needs a 6.8+ vmlinux (mTHP): the 6.12 set's
if [ -z "${PFWHY_TEST_VMLINUX_612:-}" ] && [ -f "$here/../testdata/fixtures-6.12/truth.json" ] &&
   fix612=$("$here/fixtures.sh" prepare 6.12); then
	export PFWHY_TEST_VMLINUX_612="$fix612/vmlinux"
fi

for bin in "$@"; do
	run_suite "$(basename "$bin")" "$bin"
done

if [ $fixtures = yes ]; then
	for t in "$here"/fixtures/*.sh; do
		run_suite "$(basename "$t" .sh)" sh "$t"
	done
fi

# The other eras (testdata/fixtures-<V>/, issue 10) and architectures
# (fixtures-arm64*, issue 14): the suites that check pfwhy against what that
# kernel recorded, once per committed set, on build/fixtures-<V>.  The
# era-independent suites (CLI, prompt, docs, crash, gdb ...) ran above on the
# 6.1 set; lib.sh names the era suites.
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
	for s in $era_suite_list; do
		run_suite "$s@$era" sh "$here/fixtures/$s.sh"
	done
done
FIX=$main_fix

[ $total_fail -eq 0 ] || status=1
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
exit $status
