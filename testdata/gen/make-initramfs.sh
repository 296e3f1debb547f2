#!/bin/bash
# Build the fixture initramfs: busybox-static with all its applet symlinks,
# gen/init.sh as /init, the static workload binary as /workload, and each
# MODULE.ko as /lib/modules/MODULE.ko, and their names in that order as
# /lib/modules/order (init.sh insmods them in that order, lkdtm.ko last).
#
# usage: make-initramfs.sh OUT.cpio.gz KERNEL_TREE WORKLOAD_BINARY [MODULE.ko...]
# BUSYBOX=path: another static busybox (the arm64 guest's, gen/arm64-busybox.sh);
# a foreign one lists its applets under qemu-aarch64-static.
set -eu

out=${1:?usage: make-initramfs.sh OUT.cpio.gz KERNEL_TREE WORKLOAD_BINARY [MODULE.ko...]}
tree=${2:?missing KERNEL_TREE}
workload=${3:?missing WORKLOAD_BINARY}
shift 3
here=$(cd "$(dirname "$0")" && pwd)
busybox=${BUSYBOX:-/bin/busybox}

die() { echo "make-initramfs: error: $*" >&2; exit 1; }

[ -x "$busybox" ] || die "$busybox missing: install package busybox-static"
file -L "$busybox" | grep -q 'statically linked' || die "$busybox is not static: install busybox-static, not busybox"
[ -f "$workload" ] || die "workload binary $workload missing"
file -L "$workload" | grep -Eq 'statically linked|static-pie linked' ||
	die "$workload is not statically linked"
for m in "$@"; do
	[ -f "$m" ] || die "module $m missing"
done

# applets: the busybox's --list-full, run natively or under qemu-user.
applets() {
	case $(file -L -b "$busybox") in
	*x86-64*) "$busybox" --list-full ;;
	*aarch64*) qemu-aarch64-static "$busybox" --list-full ;;
	*) die "$busybox: neither x86-64 nor aarch64" ;;
	esac
}
applets > /dev/null || die "cannot list the applets of $busybox (qemu-user-static for a foreign one?)"

# gen_init_cpio: the kernel tree's own, or compiled from its source.
outdir=$(cd "$(dirname "$out")" && pwd)
gic=$tree/usr/gen_init_cpio
if [ ! -x "$gic" ]; then
	[ -f "$tree/usr/gen_init_cpio.c" ] || die "no usr/gen_init_cpio(.c) in $tree"
	gic=$outdir/gen_init_cpio
	gcc -O2 -o "$gic" "$tree/usr/gen_init_cpio.c"
fi

list=$outdir/initramfs.list
{
	echo "dir /bin 755 0 0"
	echo "dir /sbin 755 0 0"
	echo "dir /usr 755 0 0"
	echo "dir /usr/bin 755 0 0"
	echo "dir /usr/sbin 755 0 0"
	echo "dir /dev 755 0 0"
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "nod /dev/null 666 0 0 c 1 3"
	echo "dir /proc 755 0 0"
	echo "dir /sys 755 0 0"
	echo "dir /tmp 1777 0 0"
	echo "dir /root 700 0 0"
	echo "file /bin/busybox $busybox 755 0 0"
	applets | while read -r applet; do
		[ "$applet" = bin/busybox ] && continue
		echo "slink /$applet /bin/busybox 777 0 0"
	done
	echo "file /init $here/init.sh 755 0 0"
	echo "file /workload $(cd "$(dirname "$workload")" && pwd)/$(basename "$workload") 755 0 0"
	echo "dir /lib 755 0 0"
	echo "dir /lib/modules 755 0 0"
	for m in "$@"; do
		echo "file /lib/modules/$(basename "$m") $(realpath "$m") 644 0 0"
	done
	echo "file /lib/modules/order $outdir/initramfs.order 644 0 0"
} > "$list"
# init.sh loads the modules in the order given here
for m in "$@"; do
	basename "$m"
done > "$outdir/initramfs.order"

tmp=$out.tmp
"$gic" -t 0 "$list" | gzip -9 -n > "$tmp"
mv "$tmp" "$out"
# Which workload went in, for run-workload.sh and package.sh to check.
printf '%s %s\n' "$(sha256sum "$workload" | cut -d' ' -f1)" "$(realpath "$workload")" > "$out.workload"
echo "make-initramfs: wrote $out ($(stat -c %s "$out") bytes; workload $workload)"
