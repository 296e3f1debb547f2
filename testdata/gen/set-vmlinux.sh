#!/bin/sh
# The stripped vmlinux of a committed fixture set, checked against the
# sha256 in its truth.json (generator.vmlinux_stripped.sha256):
#   vmlinux.xz           xz -dc
#   vmlinux.patch.zst    a zstd --patch-from delta against another set's
#                        stripped vmlinux (generator.vmlinux_stripped.patch_from:
#                        {set, sha256}; the arm64-39 set against arm64's: the two
#                        shapes' kernels share nearly all of it), made back with
#                        zstd -d --long=27 --patch-from=<that vmlinux>
#
# usage: set-vmlinux.sh SET_DIR OUT
set -eu
fx=${1:?usage: set-vmlinux.sh SET_DIR OUT}
out=${2:?missing OUT}
die() { echo "set-vmlinux: error: $*" >&2; exit 1; }
sum() { sha256sum "$1" | cut -d' ' -f1; }

want=$(jq -r .generator.vmlinux_stripped.sha256 "$fx/truth.json")
if [ -f "$fx/vmlinux.xz" ]; then
	xz -dc "$fx/vmlinux.xz" > "$out.tmp"
elif [ -f "$fx/vmlinux.patch.zst" ]; then
	base=$(jq -r '.generator.vmlinux_stripped.patch_from.set // empty' "$fx/truth.json")
	base_sum=$(jq -r '.generator.vmlinux_stripped.patch_from.sha256 // empty' "$fx/truth.json")
	[ -n "$base" ] && [ -n "$base_sum" ] || die "$fx/truth.json names no patch_from set for vmlinux.patch.zst"
	[ -d "$fx/../$base" ] || die "$fx/vmlinux.patch.zst needs the set $base beside it"
	"$0" "$fx/../$base" "$out.base"
	[ "$(sum "$out.base")" = "$base_sum" ] || die "$base's vmlinux is not the one $fx/vmlinux.patch.zst was made against"
	zstd -q -d -f --long=27 --patch-from="$out.base" "$fx/vmlinux.patch.zst" -o "$out.tmp" ||
		die "zstd --patch-from failed on $fx/vmlinux.patch.zst"
	rm -f "$out.base"
else
	die "$fx has neither vmlinux.xz nor vmlinux.patch.zst"
fi
[ "$(sum "$out.tmp")" = "$want" ] || die "the vmlinux of $fx does not match its truth.json"
mv "$out.tmp" "$out"
