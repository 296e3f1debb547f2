#!/bin/sh
# Unpack the committed fixtures (testdata/fixtures) into build/fixtures once
# and derive the dumps that are not committed (make -C testdata unpack; see
# testdata/fixtures/README.md).  Prints the directory.
# With ERA (issue 10: another kernel era than 6.1, e.g. 6.12), the set is
# testdata/fixtures-ERA and goes to build/fixtures-ERA.  The arm64 sets
# (issue 14) are ERA arm64 (48-bit VA) and arm64-39 (39-bit VA); unpacking
# them runs Debian's makedumpfile:arm64 under qemu-user, fetched once into
# testdata/build-arm64*/sysroot (make -C testdata sysroot ARCH=arm64).
#
#   fixtures.sh arch SET_DIR   print the set's architecture (truth.json's
#                              "arch"; a set without one is x86_64)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" = arch ] && [ $# = 2 ]; then
	jq -r '.arch // "x86_64"' "$2/truth.json"
	exit
fi
[ "${1:-prepare}" = prepare ] && [ $# -le 2 ] || { echo "usage: $0 prepare [ERA] | arch SET_DIR" >&2; exit 2; }
era=${2:-}
# make's variables for the set
case $era in
'') vars= ;;
arm64) vars="ARCH=arm64" ;;
arm64-*) vars="ARCH=arm64 VA_BITS=${era#arm64-}" ;;
*) vars="KERNEL_VERSION=$era" ;;
esac
src=$top/testdata/fixtures${era:+-$era}
dst=$top/build/fixtures${era:+-$era}
if [ ! -f "$src/truth.json" ]; then
	echo "fixtures: ${src#$top/}/truth.json is missing (regenerate with: make -C testdata fixtures${vars:+ $vars})" >&2
	exit 1
fi
make -s -C "$top/testdata" unpack $vars UNPACK_DIR="$dst" >&2
echo "$dst"
