#!/bin/sh
# make check-distro: Debian's own cloud kernels of three eras (5.10 from
# Debian 11, 6.1 and 6.12 from Debian 12), downloaded by package name with
# their -dbg packages (testdata/distro/fetch.sh, cached in build/distro/),
# booted under QEMU with the fixture workload and dumped
# (testdata/distro/run.sh), then the era suites of tests/run.sh against each
# kernel's record.  The 5.10 guest boots with pti=on.  6.1-arm64 is Debian
# 12's arm64 kernel (linux-image-6.1.0-N-arm64), booted as the arm64 fixture
# sets are (issue 14).  Ends with one line "N passed, N failed, N skipped".
# DISTRO_ERAS picks eras (default "5.10 6.1 6.12 6.1-arm64"); a run is redone only when
# its inputs (the workload, the generator scripts) changed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=$top/build/distro
: "${PFWHY:?PFWHY must name the binary under test}"
export PFWHY
eras=${DISTRO_ERAS:-5.10 6.1 6.12 6.1-arm64}
pti_era=5.10
# tests/run.sh's era suites (its era_suites= line), after the filter check
suites=$(sed -n 's/^era_suites="\(.*\)"$/\1/p' "$here/run.sh" | tail -n 1)
[ -n "$suites" ] || { echo "FAIL distro: no era_suites= line in tests/run.sh"; echo "0 passed, 1 failed"; exit 1; }
total_pass=0
total_fail=0
total_skip=0
status=0
mkdir -p "$out"

count() { # OUTPUT NAME
	line=$(printf '%s\n' "$1" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $2: printed no result line"
		total_fail=$((total_fail + 1))
		return
	fi
	set -- $(echo "$line" | sed -E 's/^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?.*/\1 \2 \4/')
	total_pass=$((total_pass + $1))
	total_fail=$((total_fail + $2))
	total_skip=$((total_skip + ${3:-0}))
}
suite() { # NAME SCRIPT: run with FIX and SKIP_DUMPS set
	o=$(sh "$2" 2>&1)
	printf '%s\n' "$o" | grep -E '^(FAIL|skip)' | sed "s|^|[$1] |"
	printf '%s\n' "$o" | grep -E '^[0-9]+ passed, [0-9]+ failed' | sed "s|^|[$1] |"
	count "$o" "$1"
	printf '%s\n' "$o"  > "$out/.last-suite"
}
# inputs_sum: what a run depends on; the cached run is redone when it changes
inputs_sum() {
	cat "$top/testdata/workload/workload$(case $era in *-arm64) echo -arm64 ;; esac)" "$top/testdata/gen/init.sh" \
		"$top/testdata/gen/make-initramfs.sh" "$top/testdata/gen/run-workload.sh" \
		"$top/testdata/gen/qemu-lib.sh" "$top/testdata/gen/truth-lib.sh" \
		"$top/testdata/distro/run.sh" "$top/testdata/distro/record.sh" | sha256sum | cut -d' ' -f1
	echo "$1"
}

start=$(date +%s)
make -s -C "$top/testdata/workload" workload $(case " $eras " in *-arm64\ *) echo workload-arm64 ;; esac) || { echo "FAIL distro: cannot build the workload"; echo "0 passed, 1 failed"; exit 1; }
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
