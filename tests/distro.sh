#!/bin/sh
# make check-distro: Debian's own cloud kernels of three eras (5.10 from
# Debian 11, 6.1 and 6.12 from Debian 12) and Debian 12's arm64 kernel,
# downloaded by package name with
# their -dbg packages (testdata/distro/fetch.sh, cached in build/distro/),
# booted under QEMU with the fixture workload and dumped
# (testdata/distro/run.sh), then the era suites of tests/run.sh against each
# kernel's record.  The 5.10 guest boots with pti=on, the arm64 one with
# kpti=on (what KASLR forces on CPUs without E0PD).  6.1-arm64 is Debian
# 12's arm64 kernel (linux-image-6.1.0-N-arm64), booted as the arm64 fixture
# sets are (issue 14).  Ends with one line "N passed, N failed, N skipped".
# DISTRO_ERAS picks eras (default "5.10 6.1 6.12 6.1-arm64"); a run is redone only when
# its inputs (the workload, the generator scripts) changed.  The downloads
# and guest runs go one era after another (apt and the shared build steps);
# then every era's suites run at once, each era's output printed whole when
# all are done (DISTRO_JOBS=1: one era after another).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=$top/build/distro
: "${PFWHY:?PFWHY must name the binary under test}"
export PFWHY
eras=${DISTRO_ERAS:-5.10 6.1 6.12 6.1-arm64}
# era_append ERA: the era's extra kernel command line
era_append() {
	case $1 in
	5.10) echo pti=on ;;
	*-arm64) echo kpti=on ;;
	esac
}
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
}
# era_suites ERA APPEND: the era's checks against its record in
# $out/ERA/fix, ending with the era's "N passed, N failed, N skipped"
era_suites() {
	t1=$(date +%s)
	total_pass=0
	total_fail=0
	total_skip=0
	FIX=$out/$1/fix
	export FIX
	SKIP_DUMPS=
	export SKIP_DUMPS
	# PTI against the console: info.sh
	suite "filtered@distro-$1" "$here/fixtures/filtered.sh"
	SKIP_DUMPS=$(printf '%s\n' "$o" | sed -n 's/^skip \([^ ]*\): misfiltered:.*/\1/p' | tr '\n' ' ')
	for s in $suites; do
		suite "$s@distro-$1" "$here/fixtures/$s.sh"
	done
	echo "distro $1: suites $(($(date +%s) - t1)) s"
	echo "$total_pass passed, $total_fail failed, $total_skip skipped"
}
# inputs_sum: what a run depends on; the cached run is redone when it
# changes.  The workload counts by its code: its DWARF names the directory
# it was built in and its build ID hashes that, so another checkout of the
# same tree reuses the run.
inputs_sum() {
	code=$(mktemp)
	case $era in
	*-arm64) wl=workload-arm64 objcopy=aarch64-linux-gnu-objcopy ;;
	*) wl=workload objcopy=objcopy ;;
	esac
	$objcopy --strip-debug --remove-section=.note.gnu.build-id "$top/testdata/workload/$wl" "$code"
	cat "$code" "$top/testdata/gen/init.sh" \
		"$top/testdata/gen/make-initramfs.sh" "$top/testdata/gen/run-workload.sh" \
		"$top/testdata/gen/qemu-lib.sh" "$top/testdata/gen/truth-lib.sh" \
		"$top/testdata/distro/run.sh" "$top/testdata/distro/record.sh" | sha256sum | cut -d' ' -f1
	rm -f "$code"
	echo "$1"
}

start=$(date +%s)
ready=
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
	append=$(era_append "$era")
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
	ready="$ready $era"
done
# the suites: every era at once (each runs pfwhy one check after another)
for era in $ready; do
	if [ "${DISTRO_JOBS:-0}" = 1 ]; then
		(era_suites "$era") > "$out/$era/suites.log" 2>&1
	else
		(era_suites "$era") > "$out/$era/suites.log" 2>&1 &
	fi
done
wait
for era in $ready; do
	o=$(cat "$out/$era/suites.log")
	printf '%s\n' "$o" | sed '$d'
	count "$o" "distro $era"
done
echo "distro: $(($(date +%s) - start)) s in all"
[ $total_fail -eq 0 ] || status=1
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
exit $status
