#!/bin/sh
# A file of a committed fixture set that is stored compressed, checked
# against the sha256 in its truth.json:
#   NAME vmlinux    the stripped vmlinux (generator.vmlinux_stripped)
#   NAME dumps.tar  the tar of the dumps (generator.dumps_tar; a set packaged
#                   before it was recorded has no sha256 to check: xz's CRC
#                   alone)
# stored as
#   NAME.xz          xz -dc
#   NAME.bsdiff      a bsdiff delta against another set's NAME, made back
#                    with bspatch (the arm64-39 set's vmlinux against arm64's:
#                    VA_BITS shifts every address in the DWARF, and bsdiff
#                    stores shifted addresses as small byte differences)
#   NAME.patch.zst   a zstd --patch-from delta against another set's NAME,
#                    made back with zstd -d --long=31 --patch-from (the
#                    arm64-39 set's dumps tar: too large for bsdiff's memory)
# A delta's base is .patch_from: {set, sha256} of the entry in truth.json.
#
# usage: set-file.sh SET_DIR NAME OUT
set -eu
fx=${1:?usage: set-file.sh SET_DIR NAME OUT}
name=${2:?missing NAME}
out=${3:?missing OUT}
die() { echo "set-file: error: $*" >&2; exit 1; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
case $name in
vmlinux) key=vmlinux_stripped ;;
dumps.tar) key=dumps_tar ;;
*) die "no stored file $name (vmlinux or dumps.tar)" ;;
esac

# base DELTA: the file DELTA was made against, made back into $out.base
base() {
	set -- "$1" "$(jq -r --arg k "$key" '.generator[$k].patch_from.set // empty' "$fx/truth.json")" \
		"$(jq -r --arg k "$key" '.generator[$k].patch_from.sha256 // empty' "$fx/truth.json")"
	[ -n "$2" ] && [ -n "$3" ] || die "$fx/truth.json names no patch_from set for $1"
	[ -n "$want" ] || die "$fx/truth.json has no sha256 for $name"
	[ -d "$fx/../$2" ] || die "$fx/$1 needs the set $2 beside it"
	"$0" "$fx/../$2" "$name" "$out.base"
	[ "$(sum "$out.base")" = "$3" ] || die "$2's $name is not the one $fx/$1 was made against"
}

want=$(jq -r --arg k "$key" '.generator[$k].sha256 // empty' "$fx/truth.json")
if [ -f "$fx/$name.xz" ]; then
	xz -dc "$fx/$name.xz" > "$out.tmp"
elif [ -f "$fx/$name.bsdiff" ]; then
	base "$name.bsdiff"
	bspatch "$out.base" "$out.tmp" "$fx/$name.bsdiff" || die "bspatch failed on $fx/$name.bsdiff"
	rm -f "$out.base"
elif [ -f "$fx/$name.patch.zst" ]; then
	base "$name.patch.zst"
	zstd -q -d -f --long=31 --patch-from="$out.base" "$fx/$name.patch.zst" -o "$out.tmp" ||
		die "zstd --patch-from failed on $fx/$name.patch.zst"
	rm -f "$out.base"
else
	die "$fx has neither $name.xz, $name.bsdiff nor $name.patch.zst"
fi
[ -z "$want" ] || [ "$(sum "$out.tmp")" = "$want" ] || die "the $name of $fx does not match its truth.json"
mv "$out.tmp" "$out"
