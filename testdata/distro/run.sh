#!/bin/bash
# run.sh ERA DIR: boot Debian's cloud kernel of ERA (fetch.sh's DIR) under
# QEMU with the fixture workload, dump it (ELF, QEMU's kdump, makedumpfile
# -d 31) and record the kernel's truth, with the fixture generator's own
# pieces (gen/make-initramfs.sh, gen/init.sh, gen/run-workload.sh,
# gen/truth-lib.sh).  Leaves in DIR/fix/ what tests/fixtures/*.sh read as
# FIX: vmlinux, the dumps, truth.json, workload-console.txt.
# QEMU_APPEND (e.g. pti=on) goes on the kernel command line.
# The modules the guest needs and the kernel has as modules (zram and its
# allocator and compressor, qemu_fw_cfg for VMCOREINFO) come from the image
# package's /lib/modules/<release>/, decompressed when they are .ko.xz.
# ERA 6.1-arm64 (Debian's arm64 kernel) boots in qemu-system-aarch64 -M virt
# as the arm64 fixture sets do (ARCH=arm64 for gen/qemu-lib.sh): the
# workload-arm64, Debian's busybox-static and makedumpfile for arm64 in a
# sysroot (make -C testdata sysroot ARCH=arm64, in DIR/..), and virtio_mmio
# and virtio_console for the control channel (hvc0), modules there.
set -euo pipefail
PROG=distro-run
ERA=${1:?usage: run.sh ERA DIR}
DIR=$(cd "${2:?usage: run.sh ERA DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
testdata=$(dirname "$here")
gen=$testdata/gen
top=$(dirname "$testdata")
die() { echo "$PROG: error: $*" >&2; exit 1; }
say() { echo "$PROG: $ERA: $*"; }

[ -f "$DIR/done" ] || die "$DIR: run fetch.sh $ERA $DIR first"
rel=$(cat "$DIR/release")
mods=$DIR/modules
config=$DIR/image/boot/config-$rel
[ -f "$config" ] || die "no config-$rel in the image package"

# ---- the modules, with their dependencies first (modules.dep) ----
[ -f "$mods/modules.dep" ] || depmod -b "$DIR/image" "$rel" || die "depmod of $rel failed"
comp=$(sed -n 's/^CONFIG_ZRAM_DEF_COMP="\(.*\)"/\1/p' "$config")
want="qemu_fw_cfg zsmalloc zram crypto/${comp:-lzo-rle}"
case $ERA in
*-arm64)
	export ARCH=arm64
	want="virtio_mmio virtio_console $want"
	# TCG emulating arm64 is slower (testdata/Makefile's waits for ARCH=arm64)
	export BOOT_TIMEOUT=${BOOT_TIMEOUT:-600} PROBE_TIMEOUT=${PROBE_TIMEOUT:-600}
	;;
esac
ko=$DIR/ko
rm -rf "$ko"
mkdir -p "$ko"
order=()
add() { # PATH relative to $mods, as modules.dep names it
	local p=$1 d
	case " ${order[*]:-} " in *" $p "*) return 0 ;; esac
	for d in $(sed -n "s|^$p: *||p" "$mods/modules.dep" | tr ' ' '\n' | tac); do add "$d"; done
	order+=("$p")
}
for m in $want; do
	p=$(grep -oE "^[^:]*/${m##*/}\.ko(\.xz|\.zst|\.gz)?:" "$mods/modules.dep" | grep -E "(^|/)$m\.ko" | head -n 1 | tr -d : || true)
	if [ -z "$p" ]; then
		case $m in
		crypto/*|zsmalloc) continue ;;	# built in
		esac
		grep -qE "^CONFIG_$(echo "${m##*/}" | tr 'a-z-' 'A-Z_')=y" "$config" && continue
		die "no module $m in $rel and not built in"
	fi
	add "$p"
done
files=()
for p in "${order[@]}"; do
	b=$(basename "$p")
	case $b in
	*.ko.xz) xz -dc "$mods/$p" > "$ko/${b%.xz}"; b=${b%.xz} ;;
	*.ko.zst) zstd -qdc "$mods/$p" > "$ko/${b%.zst}"; b=${b%.zst} ;;
	*.ko.gz) gzip -dc "$mods/$p" > "$ko/${b%.gz}"; b=${b%.gz} ;;
	*) cp "$mods/$p" "$ko/$b" ;;
	esac
	files+=("$ko/$b")
done
say "modules: $(basename -a "${files[@]}" | tr '\n' ' ')"

# ---- gen_init_cpio from Debian's kernel source (make-initramfs.sh needs a tree) ----
tree=$(dirname "$DIR")/tree
if [ ! -f "$tree/usr/gen_init_cpio.c" ]; then
	src=$(ls /usr/src/linux-source-*.tar.xz 2>/dev/null | sort -V | tail -n 1)
	[ -n "$src" ] || die "no /usr/src/linux-source-*.tar.xz for gen_init_cpio.c (apt-get install linux-source-6.1)"
	mkdir -p "$tree"
	say "extracting usr/gen_init_cpio.c from $src"
	tar -xJf "$src" -C "$tree" --strip-components=1 --wildcards '*/usr/gen_init_cpio.c'
fi

# ---- the workload, the initramfs, the run ----
workload=workload
if [ "${ARCH:-x86_64}" = arm64 ]; then
	workload=workload-arm64
	export SYSROOT=$(dirname "$DIR")/sysroot MAKEDUMPFILE=$gen/makedumpfile-arm64.sh
	export BUSYBOX=$SYSROOT/bin/busybox
fi
make -s -C "$testdata/workload" $workload
make -s -C "$testdata" tools BUILD="$(dirname "$DIR")"
fixup=$(dirname "$DIR")/tools/qemu-elf-fixup
"$gen/make-initramfs.sh" "$DIR/initramfs.cpio.gz" "$tree" "$testdata/workload/$workload" "${files[@]}"
run=$DIR/runs/workload
# run_workload: one boot of the guest with the workload, its output also in
# $run.log
run_workload() {
	local rc=0
	rm -rf "$run"
	mkdir -p "$run"
	QEMU_APPEND=${QEMU_APPEND:-} "$gen/run-workload.sh" "$run" "$DIR/vmlinuz" "$DIR/initramfs.cpio.gz" "$fixup" \
		> "$run.log" 2>&1 || rc=$?
	cat "$run.log"
	return $rc
}
# A guest that never reached PFWHY-READY is booted once more: a CI run saw the
# 5.10 guest's control channel close right after init started the workload,
# with no line from the workload, and the next boot of the same initramfs
# went through.  The first attempt stays in runs/workload.failed.
if ! run_workload; then
	grep -q 'before PFWHY-READY' "$run.log" || die "the guest run failed"
	rm -rf "$run.failed"
	mv "$run" "$run.failed"
	cp "$run.log" "$run.failed/run-workload.log"
	say "the guest never reached PFWHY-READY; booting it once more (the first attempt: $run.failed)"
	run_workload || die "the guest run failed twice"
fi

# ---- FIX: the dumps, vmlinux, truth.json ----
"$here/record.sh" "$ERA" "$DIR"
