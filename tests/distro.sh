#!/bin/sh
# make check-distro: Debian's own cloud kernels of three eras (5.10 from
# Debian 11, 6.1 and 6.12 from Debian 12), downloaded by package name with
# their -dbg packages (testdata/distro/fetch.sh, cached in build/distro/),
# booted under QEMU with the fixture workload and dumped
# (testdata/distro/run.sh), then the era suites of tests/run.sh against each
# kernel's record.  The 5.10 guest boots with pti=on.  Ends with one line
# "N passed, N failed, N skipped".
# DISTRO_ERAS picks eras (default "5.10 6.1 6.12"); a run is redone only when
# its inputs (the workload, the generator scripts) changed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=$top/build/distro
: "${PFWHY:?PFWHY must name the binary under test}"
export PFWHY
eras=${DISTRO_ERAS:-5.10 6.1 6.12}
pti_era=5.10
# the era suites (lib.sh, as tests/run.sh runs them), after the filter check;
# lib.sh's suite_lines and count print and add up what they say
. "$here/lib.sh"
suites=$era_suite_list
total_pass=0
total_fail=0
total_skip=0
status=0
mkdir -p "$out"

suite() { # NAME SCRIPT: run with FIX and SKIP_DUMPS set
	suite_lines "$1" sh "$2"
	count "$o" "$1"
	printf '%s\n' "$o"  > "$out/.last-suite"
}
# inputs_sum: what a run depends on; the cached run is redone when it changes
inputs_sum() {
	cat "$top/testdata/workload/workload" "$top/testdata/gen/init.sh" \
		"$top/testdata/gen/make-initramfs.sh" "$top/testdata/gen/run-workload.sh" \
		"$top/testdata/gen/qemu-lib.sh" "$top/testdata/gen/truth-lib.sh" \
		"$top/testdata/distro/run.sh" "$top/testdata/distro/record.sh" | sha256sum | cut -d' ' -f1
	echo "$1"
}

start=$(date +%s)
make -s -C "$top/testdata/workload" workload || { echo "FAIL distro: cannot build the workload"; echo "0 passed, 1 failed"; exit 1; }
for era in $eras; do
	dir=$out/$era
	t0=$(date +%s)
	if ! "$top/testdata/distro/fetch.sh" "$era" "$dir"; then
		echo "FAIL distro $era: cannot fetch Debian's $era cloud kernel (see above)"
		total_fail=$((total_fail + 1))
		status=1
		continue
	fi
	append=
	[ "$era" = "$pti_era" ] && append=pti=on
	want=$(inputs_sum "$append")
	if [ "$(cat "$dir/fix/.inputs" 2>/dev/null)" != "$want" ]; then
		if ! QEMU_APPEND=$append "$top/testdata/distro/run.sh" "$era" "$dir" > "$dir/run.log" 2>&1; then
			echo "FAIL distro $era: the guest run failed: $(grep -m 1 'error:' "$dir/run.log")"
			tail -n 15 "$dir/run.log" | sed 's/^/  | /'
			total_fail=$((total_fail + 1))
			status=1
			continue
		fi
		echo "$want" > "$dir/fix/.inputs"
	fi
	t1=$(date +%s)
	echo "distro $era: $(cat "$dir/package.txt"), $(cat "$dir/release")${append:+ ($append)}; fetch and run $((t1 - t0)) s"
	FIX=$dir/fix
	export FIX
	SKIP_DUMPS=
	export SKIP_DUMPS
	# PTI as the guest's console says it (only pti=on prints it here)
	con=$(grep -c 'Kernel/User page tables isolation: enabled' "$FIX/workload-console.txt")
	got=$("$PFWHY" -s "$FIX/vmlinux" "$FIX/workload.elf" --json info | jq -r .pti)
	if [ "$got" = "$([ "$con" -gt 0 ] && echo true || echo false)" ]; then
		total_pass=$((total_pass + 1))
	else
		echo "FAIL distro $era: pfwhy info pti=$got, the console says PTI enabled $con time(s)"
		total_fail=$((total_fail + 1))
	fi
	suite "filtered@distro-$era" "$here/fixtures/filtered.sh"
	SKIP_DUMPS=$(sed -n 's/^skip \([^ ]*\): misfiltered:.*/\1/p' "$out/.last-suite" | tr '\n' ' ')
	for s in $suites; do
		suite "$s@distro-$era" "$here/fixtures/$s.sh"
	done
	echo "distro $era: suites $(($(date +%s) - t1)) s"
done
rm -f "$out/.last-suite"
echo "distro: $(($(date +%s) - start)) s in all"
[ $total_fail -eq 0 ] || status=1
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
exit $status
