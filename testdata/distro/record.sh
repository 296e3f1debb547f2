#!/bin/bash
# record.sh ERA DIR: after run.sh, gather DIR/runs/workload/ into DIR/fix/,
# the directory tests/fixtures/*.sh read as FIX: vmlinux (the -dbg
# package's, linked), workload.elf, workload.kdump.flat, workload.kdump,
# workload-d31.kdump, workload-console.txt and truth.json, made by
# gen/truth-lib.sh as for the fixture sets.  There are no oops or busy runs
# (truth.json oopses [], busy null): generator.oops_runs_skipped says why.
set -euo pipefail
PROG=distro-record
ERA=${1:?usage: record.sh ERA DIR}
DIR=$(cd "${2:?usage: record.sh ERA DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
testdata=$(dirname "$here")
die() { echo "$PROG: error: $*" >&2; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
run=$DIR/runs/workload
fix=$DIR/fix
for f in workload.elf workload.kdump.flat workload.kdump workload-d31.kdump guest.jsonl ready.txt console.log qemu-args.txt; do
	[ -s "$run/$f" ] || die "$run/$f missing: run run.sh $ERA $DIR"
done
rm -rf "$fix"
mkdir -p "$fix"
ln -s "$(readlink -f "$DIR/vmlinux")" "$fix/vmlinux"
for f in workload.elf workload.kdump.flat workload.kdump workload-d31.kdump; do
	ln "$run/$f" "$fix/$f" 2>/dev/null || cp --sparse=always "$run/$f" "$fix/$f"
done
tr -d '\r' < "$run/console.log" > "$fix/workload-console.txt"
cp "$DIR/image/boot/config-$(cat "$DIR/release")" "$fix/kernel.config"

# the architecture: run.sh's (ERA 6.1-arm64: arm64, its tools in DIR/../sysroot)
arch=x86_64 qemu_arch=x86_64 workload=workload busybox=busybox
case $ERA in
*-arm64)
	arch=arm64 qemu_arch=aarch64 workload=workload-arm64
	export SYSROOT=$(dirname "$DIR")/sysroot MAKEDUMPFILE=$testdata/gen/makedumpfile-arm64.sh
	busybox="qemu-aarch64-static $SYSROOT/bin/busybox"
	;;
esac

. "$testdata/gen/truth-lib.sh"
build_id=$(eu-readelf -n "$fix/vmlinux" | sed -n 's/^ *Build ID: *\([0-9a-f]*\).*/\1/p' | head -n 1)
[ -n "$build_id" ] || die "no build-id in $fix/vmlinux"
dumps=$DIR/dumps.jsonl
: > "$dumps"
DUMP_MODULES=$(modules_json "$run/console.log")
dump_entry workload.elf elf workload "" "$fix/workload.elf" "" "QEMU dump-guest-memory ELF as written"
# QEMU's kdump of an arm64 guest has 64 KiB blocks, which pfwhy refuses in
# one line (docs/kernels.md): left out, as the arm64 fixture sets leave it
if [ "$arch" = x86_64 ]; then
	dump_entry workload.kdump.flat kdump-flat workload "" "$fix/workload.kdump.flat" "" \
		"QEMU dump-guest-memory -z (kdump-zlib), makedumpfile flattened format"
	dump_entry workload.kdump kdump workload "" "$fix/workload.kdump" \
		"makedumpfile -R workload.kdump < workload.kdump.flat" "QEMU's kdump reassembled; all pages, zlib"
fi
dump_entry workload-d31.kdump kdump-d31 workload "" "$fix/workload-d31.kdump" \
	"qemu-elf-fixup workload.elf workload.fixed.elf && makedumpfile -c -d 31 workload.fixed.elf workload-d31.kdump" \
	"production style: zlib, dump level 31 (no zero, cache, user or free pages)"
# What makedumpfile said of this kernel when it filtered (1.7.2 on a kernel
# newer than it knows: "The kernel version is not supported."), as truth for
# tests/fixtures/filtered.sh.
warning=$(tr '\r' '\n' < "$run/workload-d31.kdump.makedumpfile.log" | grep -m 1 'not supported' || true)
jq -c --arg w "$warning" 'if .file == "workload-d31.kdump" then . + {makedumpfile_warning: (if $w == "" then null else $w end)} else . end' \
	"$dumps" > "$dumps.tmp" && mv "$dumps.tmp" "$dumps"
: > "$DIR/empty.jsonl"

linux_line=$(grep -ao 'Linux version .*' "$fix/workload-console.txt" | head -n 1 || true)
[ -n "$linux_line" ] || die "no 'Linux version' line in the console log"
lkdtm=$(grep -c '^CONFIG_LKDTM=[ym]' "$fix/kernel.config" || true)
why_no_oops="Debian's $(cut -d' ' -f1 "$DIR/package.txt") has no LKDTM (CONFIG_LKDTM is not set in its config): no oops runs"
[ "$lkdtm" = 0 ] || why_no_oops="oops runs not made for Debian's kernels"
generator=$(jq -n \
	--rawfile args "$run/qemu-args.txt" \
	--arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
	--arg started "$(cat "$run/started.txt" 2>/dev/null || echo)" \
	--arg qemu "$(qemu-system-${qemu_arch} --version | head -n 1)" \
	--arg linux "$linux_line" --arg release "$(cat "$DIR/release")" --arg bid "$build_id" \
	--arg pkg "$(cat "$DIR/package.txt")" --arg era "$ERA" \
	--arg mdf "$("${MAKEDUMPFILE:-makedumpfile}" -v 2>&1 | head -n 1)" \
	--arg bb "$($busybox 2>&1 | head -n 1)" \
	--arg wbin "workload/$workload" --arg wsha "$(sha "$testdata/workload/$workload")" \
	--arg arch "$arch" \
	--arg why "$why_no_oops" '
	{
		date: $date,
		workload_run_started: $started,
		qemu_version: $qemu,
		qemu_cmdline: ($args | split("\n") | map(select(length > 0))),
		kernel_release: $release,
		linux_version: $linux,
		vmlinux_build_id: $bid,
		arch: $arch,
		kernel_package: $pkg,
		kernel_version: $era,
		distro: true,
		makedumpfile: $mdf,
		busybox: $bb,
		workload_binary: {path: $wbin, sha256: $wsha, stub: false},
		lkdtm_types: [],
		oops_runs_skipped: $why
	}')
truth_json "$generator" "$run/guest.jsonl" "$dumps" "$DIR/empty.jsonl" "$DIR/empty.jsonl" "$(cat "$run/ready.txt")" > "$fix/truth.json"
echo "$PROG: $ERA: $fix: truth.json with $(jq '.probes | length' "$fix/truth.json") probes"
