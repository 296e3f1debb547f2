#!/bin/sh
# makedumpfile for arm64 dumps: Debian's makedumpfile:arm64 under
# qemu-aarch64-static, from the sysroot gen/arm64-sysroot.sh unpacked
# (SYSROOT; testdata/Makefile sets it).  Debian's x86_64 makedumpfile is
# built for x86_64 dumps only.
sysroot=${SYSROOT:?makedumpfile-arm64: SYSROOT not set (make -C testdata sysroot ARCH=arm64)}
[ -x "$sysroot/usr/bin/makedumpfile" ] || {
	echo "makedumpfile-arm64: $sysroot/usr/bin/makedumpfile missing (make -C testdata sysroot ARCH=arm64)" >&2
	exit 1
}
exec qemu-aarch64-static -L "$sysroot" "$sysroot/usr/bin/makedumpfile" "$@"
