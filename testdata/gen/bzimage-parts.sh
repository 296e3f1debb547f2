#!/bin/bash
# The fixture kernel's bzImage, committed as the few parts the fixture vmlinux
# does not already hold (about 80 KB instead of 2.2 MB, which would not fit the
# 32 MB budget).  A bzImage is the boot stub around one xz stream; that stream
# compresses `objcopy -R .comment -S vmlinux` (every ALLOC section, which the
# stripped fixture vmlinux keeps) followed by arch/x86/boot/compressed/vmlinux.relocs
# (made from the .rela sections, which the fixture vmlinux drops), with the
# kernel's own xz options (scripts/xz_wrap.sh) and the input size appended.
# xz is deterministic, so the same xz version rebuilds the bzImage byte for byte.
#
# usage: bzimage-parts.sh make KERNEL_OUT STRIPPED_VMLINUX OUT.tar.xz
#          KERNEL_OUT is build/kernel (bzImage, and tree naming the kernel tree
#          that holds arch/x86/boot/compressed/vmlinux.relocs).  Checks that the
#          parts rebuild the bzImage exactly before writing OUT.
#        bzimage-parts.sh derive PARTS.tar.xz VMLINUX OUT_BZIMAGE
#          Rebuilds the bzImage and checks it against the sha256 in the parts.
#
# The archive holds head.bin (the bzImage before the xz stream), tail.bin (after
# it), vmlinux.relocs and manifest (key=value: sha256, size, payload_offset,
# payload_size, linux_version, xz, xz_options).  scripts/xz_wrap.sh's options
# differ by era: up to 6.11 `--check=crc32 --x86 --lzma2=,dict=32MiB`, from
# 6.12 `--check=crc32 --threads=1 --x86 --lzma2=,dict=128MiB`; `make` tries
# each and records the one whose stream is in the bzImage (a manifest without
# xz_options is a 6.1 set's: the first).
set -eu
PROG=bzimage-parts
say() { echo "$PROG: $*"; }
die() { echo "$PROG: error: $*" >&2; exit 1; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }

for t in objcopy xz tar sha256sum cmp; do
	command -v $t >/dev/null || die "$t not installed"
done

work=
trap '[ -z "$work" ] || rm -rf "$work"' EXIT
work=$(mktemp -d)

XZ_OPTIONS_ERAS="--check=crc32 --x86 --lzma2=,dict=32MiB
--check=crc32 --threads=1 --x86 --lzma2=,dict=128MiB"

# payload VMLINUX RELOCS OUT XZ_OPTIONS: the xz stream the kernel build makes
# (arch/x86/boot/compressed/Makefile: vmlinux.bin.xz = xzkern of vmlinux.bin
# and vmlinux.relocs; size_append writes the input size, 32-bit little-endian).
payload() {
	local n
	objcopy -R .comment -S "$1" "$work/vmlinux.bin" || die "objcopy -R .comment -S $1 failed"
	# shellcheck disable=SC2086 # the options are words
	cat "$work/vmlinux.bin" "$2" | xz $4 > "$3" ||
		die "xz of vmlinux.bin + vmlinux.relocs failed"
	n=$(($(size "$work/vmlinux.bin") + $(size "$2")))
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((n & 255)) $((n >> 8 & 255)) $((n >> 16 & 255)) $((n >> 24 & 255)))" >> "$3"
	rm -f "$work/vmlinux.bin"
}

field() { sed -n "s/^$1=//p" "$2" | head -n 1; }

case "${1:-}" in
make)
	kdir=$(cd "${2:?usage: bzimage-parts.sh make KERNEL_OUT STRIPPED_VMLINUX OUT.tar.xz}" && pwd)
	vmlinux=$(realpath "${3:?missing STRIPPED_VMLINUX}")
	out=${4:?missing OUT.tar.xz}
	bz=$kdir/bzImage
	[ -s "$bz" ] || die "$bz missing (make -C testdata kernel)"
	relocs=$kdir/vmlinux.relocs
	if [ ! -s "$relocs" ]; then
		[ -s "$kdir/tree" ] || die "$kdir/tree missing: cannot find the kernel tree"
		relocs=$(cat "$kdir/tree")/arch/x86/boot/compressed/vmlinux.relocs
	fi
	[ -s "$relocs" ] || die "$relocs missing (a RELOCATABLE x86_64 build writes it)"
	# Where the stream starts: an xz magic at which the whole payload matches,
	# for the first era's xz options that rebuild it.
	off=
	while IFS= read -r xzopts; do
		payload "$vmlinux" "$relocs" "$work/payload" "$xzopts"
		psize=$(size "$work/payload")
		for o in $(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$bz" | cut -d: -f1); do
			if tail -c +$((o + 1)) "$bz" | head -c "$psize" | cmp -s - "$work/payload"; then
				off=$o
				break
			fi
		done
		[ -z "$off" ] || break
	done <<< "$XZ_OPTIONS_ERAS"
	[ -n "$off" ] || die "the xz stream rebuilt from $vmlinux and $relocs with xz_wrap.sh's options of any era is not in $bz (another vmlinux, or another xz than the kernel build used?)"
	mkdir "$work/parts"
	head -c "$off" "$bz" > "$work/parts/head.bin"
	tail -c +$((off + psize + 1)) "$bz" > "$work/parts/tail.bin"
	cp "$relocs" "$work/parts/vmlinux.relocs"
	cat "$work/parts/head.bin" "$work/payload" "$work/parts/tail.bin" | cmp -s - "$bz" ||
		die "head + payload + tail is not $bz"
	{
		echo "sha256=$(sha "$bz")"
		echo "size=$(size "$bz")"
		echo "payload_offset=$off"
		echo "payload_size=$psize"
		echo "linux_version=$(strings -n 20 "$bz" | grep -m 1 '^[0-9][^ ]* (.*#' || true)"
		echo "xz=$(xz --version | head -n 1)"
		echo "xz_options=$xzopts"
	} > "$work/parts/manifest"
	tar -C "$work/parts" --format=gnu --sort=name --owner=0 --group=0 --numeric-owner --mode=u+rw,go+r --mtime=@0 \
		-cf - manifest head.bin tail.bin vmlinux.relocs | xz -9e > "$work/parts.tar.xz"
	mv "$work/parts.tar.xz" "$out"
	say "wrote $out ($(size "$out") bytes): bzImage $(size "$bz") bytes, xz stream of $psize bytes at $off rebuilt from $(basename "$vmlinux")"
	;;
derive)
	parts=$(realpath "${2:?usage: bzimage-parts.sh derive PARTS.tar.xz VMLINUX OUT_BZIMAGE}")
	vmlinux=$(realpath "${3:?missing VMLINUX}")
	out=${4:?missing OUT_BZIMAGE}
	mkdir "$work/parts"
	tar -C "$work/parts" -xJf "$parts" || die "cannot unpack $parts"
	m=$work/parts/manifest
	for f in manifest head.bin tail.bin vmlinux.relocs; do
		[ -f "$work/parts/$f" ] || die "$parts has no $f"
	done
	xzopts=$(field xz_options "$m")
	[ -n "$xzopts" ] || xzopts=$(printf '%s\n' "$XZ_OPTIONS_ERAS" | head -n 1)
	payload "$vmlinux" "$work/parts/vmlinux.relocs" "$work/payload" "$xzopts"
	[ "$(size "$work/payload")" = "$(field payload_size "$m")" ] ||
		die "the rebuilt xz stream has $(size "$work/payload") bytes, not $(field payload_size "$m"): $(xz --version | head -n 1) is not $(field xz "$m"), or $vmlinux is another kernel's"
	cat "$work/parts/head.bin" "$work/payload" "$work/parts/tail.bin" > "$work/bzImage"
	got=$(sha "$work/bzImage")
	[ "$got" = "$(field sha256 "$m")" ] ||
		die "rebuilt bzImage has sha256 $got, not $(field sha256 "$m") (xz: $(xz --version | head -n 1), parts made with $(field xz "$m"))"
	mv "$work/bzImage" "$out"
	say "rebuilt $out ($(size "$out") bytes, sha256 $got)"
	;;
*)
	die "usage: bzimage-parts.sh make KERNEL_OUT STRIPPED_VMLINUX OUT.tar.xz | derive PARTS.tar.xz VMLINUX OUT_BZIMAGE"
	;;
esac
